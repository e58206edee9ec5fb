// The event field table of the case-history format: which event types may carry which fields
// (detail/event_fields.hpp).
#include "penaltyflow/detail/event_fields.hpp"

namespace penaltyflow::detail {

using et = event_type;

field_set allowed(event_type t) {
  using f = field;
  switch (t) {
    case et::clue_received: return fields(f::party, f::received_by_transfer, f::subject);
    case et::verification_extended: return fields(f::extension);
    case et::case_filed:
      return fields(f::party, f::violation_date, f::violation_end, f::grave_harm, f::conditions, f::grounds);
    case et::filing_refused: return fields(f::ground);
    case et::investigative_act: return fields(f::subject, f::involves_party, f::rights_told, f::av_recorded);
    case et::evidence_preserved:
    case et::seizure_ordered: return fields(f::subject, f::emergency, f::av_recorded);
    case et::preservation_handled:
    case et::seizure_released: return fields(f::subject, f::ground);
    case et::seizure_extended: return fields(f::subject, f::extension);
    case et::suspended:
    case et::resumed:
    case et::investigation_terminated:
    case et::criminal_referral_reported: return fields(f::ground);
    case et::transferred: return fields(f::ground, f::subject);
    case et::criminal_transfer_decided:
    case et::police_decided: return fields(f::approved, f::ground);
    case et::transferred_to_police:
    case et::exhibits_handed_over: return 0;
    case et::investigation_ended: return fields(f::items, f::grounds);
    case et::excluded_time_started:
      return fields(f::exclusion, f::subject, f::institution, f::measure, f::scheduled, f::party_notified, f::ground);
    case et::excluded_time_ended: return fields(f::subject);
    case et::reviewed: return fields(f::review, f::review_result, f::items, f::ground);
    case et::review_extended: return fields(f::extension);
    case et::head_approved: return fields(f::outcome, f::penalty);
    case et::notice_served: return fields(f::penalty, f::hearing_right_stated);
    case et::statements_filed:
    case et::statements_reviewed:
    case et::rights_waived:
    case et::hearing_requested: return 0;
    case et::hearing_noticed: return fields(f::scheduled);
    case et::hearing_held: return fields(f::grounds);
    case et::hearing_terminated: return fields(f::ground);
    case et::collective_discussion: return fields(f::subject);
    case et::decision_period_extended: return fields(f::extension, f::approved_by);
    case et::decision:
      return fields(f::outcome, f::penalty, f::items, f::ground, f::refund_required, f::violation_type, f::discretion,
                    f::circumstances, f::exemption_facts);
    case et::refund_ordered: return fields(f::scheduled, f::ground);
    case et::publication_withdrawn: return fields(f::ground);
    case et::education_given: return 0;
    case et::decision_served:
      return fields(f::service_method, f::address_confirmed, f::publicity_told, f::ground);
    case et::payment_received: return fields(f::amount_fen, f::item);
    case et::surcharge_imposed: return fields(f::amount_fen, f::rate_told);
    case et::payment_deferred: return fields(f::instalments);
    case et::cash_handed_in:
    case et::cash_deposited: return fields(f::amount_fen);
    case et::cash_collected: return fields(f::amount_fen, f::ground);
    case et::goods_confiscated:
    case et::reminder_served:
    case et::court_enforcement_applied:
    case et::published:
    case et::case_closed:
    case et::archived:
    case et::summary_filed:
    case et::summary_handed_in:
    case et::reconsideration_applied:
    case et::reconsideration_answered:
    case et::lawsuit_filed:
    case et::defence_submitted:
    case et::court_appearance: return 0;
    case et::execution_completed: return fields(f::ground);
    case et::reconsideration_decided:
    case et::judgment: return fields(f::ground, f::decision_changed);
    case et::summary_decision:
      return fields(f::party, f::violation_date, f::violation_end, f::grave_harm, f::penalty, f::violation_type,
                    f::discretion, f::circumstances, f::items, f::exemption_facts);
    case et::reconsideration_procedure: return fields(f::subject);
    case et::recusal: return fields(f::subject, f::ground, f::subject_role, f::approved_by);
  }
  return 0;
}

std::optional<exclusion> parse_event_exclusion(std::string_view s) noexcept {
  for (auto k : {exclusion::testing, exclusion::rightholder_id, exclusion::public_notice}) {
    if (to_string(k) == s) return k;
  }
  return std::nullopt;
}

}  // namespace penaltyflow::detail
