// Private: the state machine's dispatch, without the gates (lib/penaltyflow/workflow.cpp). Exposed for the
// workflow facade, the allocation test and the benchmark.
#pragma once

#include <penaltyflow/case.hpp>

#include <string_view>

namespace penaltyflow::detail {

/// The result of offering an event to the machine restored at the case's stages.
struct step_result {
  bool accepted = false;     ///< some region has a transition for it (guards included)
  std::string_view stage;    ///< the procedure stage afterwards (unchanged when not accepted)
  std::string_view remedy;   ///< the remedy track afterwards
};

/// Restores the machine from the facts' stage names and dispatches `e`. Pure: `f` is not changed.
/// Cost: tens of nanoseconds; never allocates.
step_result run_machine(const case_facts& f, const event& e);

}  // namespace penaltyflow::detail
