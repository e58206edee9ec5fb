// penaltyflow — the case workflow.
//
// Decides, for each new event, whether the law allows it in the case's current stage, and if not says why:
// every failing gate with its rule id, citation and the facts that failed. Behind this facade sits a
// Boost.MSM state machine compiled in one translation unit (lib/penaltyflow/workflow.cpp); consumers never
// include MSM. A missed deadline is a finding recorded on the case, never a refusal.
#pragma once

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/case.hpp>
#include <penaltyflow/deadline.hpp>
#include <penaltyflow/profile.hpp>
#include <penaltyflow/rules.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow {

/// The outcome of workflow::apply.
struct apply_result {
  bool accepted = false;
  refusal_list refusals;  ///< empty when accepted
  /// A gate or a finding judged the event on a date past the calendar's coverage (statutory holidays assumed,
  /// no 调休): set on an acceptance (the caller accepted provisional dates) and on refusals that used one
  /// (each of which then has the fact `provisional_from`).
  bool provisional = false;
  std::optional<date> first_assumed_day;  ///< the first day assumed
};

/// One refused event in a replay.
struct replay_refusal {
  std::size_t index = 0;  ///< position in the input history
  event ev;
  refusal_list refusals;
};

/// The result of replaying a history.
struct replay_result {
  case_record record;                   ///< the accepted events and their facts
  std::vector<replay_refusal> refused;  ///< events the workflow refused, with their reasons
};

/// The names of the stages of the main procedure and of the remedy track, in table order.
const std::vector<std::string_view>& stage_names();
const std::vector<std::string_view>& remedy_track_names();

/// The workflow: a profile, a calendar and the rule catalogue, behind a small facade.
/// Thread safety: const member functions may be called concurrently; a case_record is not synchronised.
class workflow {
 public:
  /// The national profile and calendar.
  workflow();
  workflow(profile prof, calendar cal);
  ~workflow();
  workflow(const workflow&);
  workflow& operator=(const workflow&);
  workflow(workflow&&) noexcept;
  workflow& operator=(workflow&&) noexcept;

  const profile& active_profile() const;
  const calendar& active_calendar() const;
  const period_catalogue& periods() const;
  const rule_catalogue& rules() const;

  /// Every failing gate for `ev` in `c`: rule id, citation, zh/en message, failing facts. An event the
  /// current stage does not accept at all is refused under R-PROCEDURE-ORDER, naming the stage and event.
  /// Empty: the event may be applied. Throws invalid_argument_error for an event older than the last one.
  ///
  /// Provisional dates: when a gate, or a finding the event would record, judges the event's day against a
  /// due date that assumed a day outside the calendar's coverage on or before it (docs/calendar.md), the event
  /// is refused under R-CALENDAR-PROVISIONAL unless `coverage` is provisional_ok.
  refusal_list explain(const case_record& c, const event& ev,
                       coverage_policy coverage = coverage_policy::strict) const;

  /// Checks `ev` and, when no gate fails, appends it to `c` and updates the facts (recording findings for
  /// late acts). A refused event leaves `c` unchanged. Throws invalid_argument_error for an event older
  /// than the case's last event. With provisional_ok, an event judged on a provisional date is accepted with
  /// the mark (apply_result::provisional, case_facts::provisional_acceptances, finding::provisional).
  apply_result apply(case_record& c, const event& ev, coverage_policy coverage = coverage_policy::strict) const;

  /// Applies an event that a record store accepted under an earlier rule set (replaying a stored log). An
  /// event the current gates refuse is still applied — it happened and is on record — and each refusal becomes a
  /// finding of the case (its rule id and citation, "stored event N … is refused by the current rules …"). Only an
  /// event the procedure cannot place at all (R-PROCEDURE-ORDER) is refused, leaving `c` unchanged. Throws
  /// invalid_argument_error for an event older than the case's last event.
  apply_result apply_stored(case_record& c, const event& ev) const;

  /// Applies `events` in order to a new case, collecting refused events instead of stopping.
  replay_result replay(const std::string& case_id, const std::vector<event>& events,
                       coverage_policy coverage = coverage_policy::strict) const;

  /// The deadlines still running in `c`, with due dates, marked overdue as of `as_of`.
  std::vector<open_deadline> deadlines(const case_record& c, date as_of) const;

  /// Findings: those recorded for late acts, plus one for every deadline still open and overdue as of
  /// `as_of` (done = nullopt).
  std::vector<finding> findings(const case_record& c, date as_of) const;

 private:
  struct impl;
  /// Appends an event the checks placed in `stage` / `remedy` and folds it into the facts.
  /// Appends an accepted event; `assumed_day`: the first provisional day a judgment of it assumed (the mark).
  void commit(case_record& c, const event& ev, std::string_view stage, std::string_view remedy,
              std::optional<date> assumed_day) const;
  std::unique_ptr<impl> impl_;
};

}  // namespace penaltyflow
