// Private: folding an accepted event into a case's facts, and the deadlines derived from the facts.
#pragma once

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/case.hpp>
#include <penaltyflow/deadline.hpp>
#include <penaltyflow/period.hpp>
#include <penaltyflow/profile.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <vector>

namespace penaltyflow::detail {

/// What the fold and the deadlines need besides the facts.
struct fold_context {
  const profile& prof;
  const calendar& cal;
  const period_catalogue& periods;
};

/// One deadline the facts say is running, before its due date is computed (computing it costs
/// O(days in the period), so callers filter first).
struct deadline_spec {
  const period_definition* period = nullptr;
  date start;
  std::optional<instant> start_instant;          ///< hour periods
  std::optional<date> fixed_due;                 ///< an approved date instead of the period's count
  const std::vector<excluded_time>* pauses = nullptr;    ///< closed pauses
  std::optional<excluded_time> running_pause;            ///< a pause still running as of the evaluation day
  const std::vector<extension>* extensions = nullptr;
  int extension_amount = 0;                      ///< a single head-approved extension
  std::string_view subject;                      ///< measure id
  std::array<event_type, 3> closers{};           ///< events that end it
  std::size_t closer_count = 0;
  bool bureau = true;  ///< the bureau's own obligation: missing it is a finding

  bool closed_by(const event& e) const;
};

/// Computes a spec's due date (coverage: provisional when outside the calendar).
due_date compute(const deadline_spec& s, const fold_context& ctx);

/// All running deadlines (the public workflow::deadlines).
std::vector<open_deadline> open_deadlines(const case_facts& f, const fold_context& ctx, date as_of);

/// A running deadline as the store keeps it: no titles or citations (the store does not keep them).
struct deadline_due {
  const period_definition* period = nullptr;
  std::string_view subject;  ///< points into the facts: valid until they change
  date start;
  date due;
  bool provisional = false;
  bool obligation = true;
};

/// Due dates computed before, by their inputs. Computing a due date walks the days of its period (90 for the
/// decision period), and the inputs of most running deadlines do not change from one event to the next.
struct due_memo {
  struct entry {
    const period_definition* period = nullptr;
    date start;
    std::optional<instant> start_instant;
    std::optional<date> fixed_due;
    std::vector<excluded_time> pauses;
    std::optional<excluded_time> running_pause;
    std::vector<extension> extensions;
    int extension_amount = 0;
    date due;
    bool provisional = false;
    bool used = false;
  };
  std::vector<entry> entries;
};

/// The running deadlines as of `as_of`, in open_deadlines' order, into `out` (cleared first). A due date whose
/// inputs equal an entry of `memo` is taken from it instead of computed; `memo` keeps this call's entries only.
void open_deadline_dues(const case_facts& f, const fold_context& ctx, date as_of, due_memo& memo,
                        std::vector<deadline_due>& out);

/// Throws invalid_argument_error when an amount of `e` (fine, confiscation, amount_fen) lies outside
/// [0, max_amount_fen] or would take a total of the case (paid, surcharges, cash, or the fine and surcharges owed)
/// out of 64 bits. The workflow calls it before the gates and the fold, so a refused amount changes nothing.
void check_money(const case_facts& f, const event& e);

/// Throws invalid_argument_error naming the field when a date of `e` lies outside 1900-01-01..2199-12-31, or its
/// time after the end of last_event_year (calendar.hpp). Called with check_money, before anything changes.
void check_dates(const event& e);

/// Folds an accepted event (at position `index`) into the facts: records findings for late acts, then
/// updates the facts. The stage is set by the state machine, not here.
void fold(case_facts& f, const event& e, std::size_t index, const fold_context& ctx);

/// Counting options of the workflow: rest-day rolling, provisional results outside the calendar.
counting_options counting();

}  // namespace penaltyflow::detail
