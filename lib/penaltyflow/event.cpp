// Stable names of the event model's enumerations. The names are part of the case-history format
// (docs/case-history.md): they never change meaning.
#include <penaltyflow/event.hpp>

#include <array>

namespace penaltyflow {
namespace {

// One table per enumeration, indexed by the enumerator's value.
constexpr std::array<std::string_view, event_type_count> event_names = {
    "clue_received", "verification_extended", "case_filed", "filing_refused",
    "investigative_act", "evidence_preserved", "preservation_handled", "seizure_ordered",
    "seizure_extended", "seizure_released", "suspended", "resumed", "investigation_terminated",
    "transferred", "criminal_referral_reported", "criminal_transfer_decided", "transferred_to_police",
    "police_decided", "exhibits_handed_over", "investigation_ended", "excluded_time_started",
    "excluded_time_ended", "reviewed", "review_extended",
    "head_approved", "notice_served", "statements_filed", "statements_reviewed", "rights_waived",
    "hearing_requested", "hearing_noticed", "hearing_held", "hearing_terminated", "collective_discussion",
    "decision_period_extended", "refund_ordered", "decision", "education_given", "decision_served", "payment_received",
    "goods_confiscated", "payment_deferred", "surcharge_imposed", "reminder_served", "court_enforcement_applied",
    "execution_completed", "published", "publication_withdrawn", "case_closed", "archived", "summary_decision", "summary_filed",
    "cash_collected", "cash_handed_in", "cash_deposited", "summary_handed_in", "reconsideration_applied",
    "reconsideration_procedure", "reconsideration_answered", "reconsideration_decided", "lawsuit_filed", "defence_submitted",
    "court_appearance", "judgment", "recusal",
};
constexpr std::array<std::string_view, 8> role_names = {
    "officer", "case_unit_head", "head", "principal_head", "reviewer", "legal_reviewer", "hearing_host",
    "agency_representative",
};
constexpr std::array<std::string_view, 2> party_names = {"natural_person", "organisation"};
constexpr std::array<std::string_view, penalty_kind_count> penalty_names = {
    "warning", "criticism", "fine", "confiscation", "lower_qualification", "revoke_permit",
    "restrict_activity", "suspend_business", "order_closure", "restrict_practice", "other_serious",
};
constexpr std::array<std::string_view, 5> outcome_names = {
    "penalty", "no_penalty", "not_established", "transfer_administrative", "transfer_judicial",
};
constexpr std::array<std::string_view, 2> review_names = {"case_review", "legal_review"};
constexpr std::array<std::string_view, 3> review_outcome_names = {"approved", "correction",
                                                                  "further_investigation"};
constexpr std::array<std::string_view, 2> approver_names = {"head", "collective_discussion"};
constexpr std::array<std::string_view, 5> service_method_names = {"direct", "left_at_residence", "electronic", "post",
                                                                  "public_notice"};
constexpr std::array<std::string_view, 3> execution_item_names = {"fine", "illegal_gains", "surcharge"};
constexpr std::array<std::string_view, discretion_count> discretion_names = {"standard", "lighter", "mitigated",
                                                                           "heavier", "first_violation", "exempt"};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum e) noexcept {
  const auto i = static_cast<std::size_t>(e);
  return i < N ? names[i] : std::string_view("?");
}

template <class Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names, std::string_view s) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(event_type t) noexcept { return name_of(event_names, t); }
std::optional<event_type> parse_event_type(std::string_view s) noexcept {
  return parse_name<event_type>(event_names, s);
}
std::string_view to_string(actor_role r) noexcept { return name_of(role_names, r); }
std::optional<actor_role> parse_actor_role(std::string_view s) noexcept {
  return parse_name<actor_role>(role_names, s);
}
std::string_view to_string(party_kind k) noexcept { return name_of(party_names, k); }
std::optional<party_kind> parse_party_kind(std::string_view s) noexcept {
  return parse_name<party_kind>(party_names, s);
}
std::string_view to_string(penalty_kind k) noexcept { return name_of(penalty_names, k); }
std::optional<penalty_kind> parse_penalty_kind(std::string_view s) noexcept {
  return parse_name<penalty_kind>(penalty_names, s);
}
std::string_view to_string(decision_outcome o) noexcept { return name_of(outcome_names, o); }
std::optional<decision_outcome> parse_decision_outcome(std::string_view s) noexcept {
  return parse_name<decision_outcome>(outcome_names, s);
}
std::string_view to_string(review_kind k) noexcept { return name_of(review_names, k); }
std::optional<review_kind> parse_review_kind(std::string_view s) noexcept {
  return parse_name<review_kind>(review_names, s);
}
std::string_view to_string(review_outcome o) noexcept { return name_of(review_outcome_names, o); }
std::optional<review_outcome> parse_review_outcome(std::string_view s) noexcept {
  return parse_name<review_outcome>(review_outcome_names, s);
}
std::string_view to_string(approver a) noexcept { return name_of(approver_names, a); }
std::optional<approver> parse_approver(std::string_view s) noexcept {
  return parse_name<approver>(approver_names, s);
}
std::string_view to_string(service_method m) noexcept { return name_of(service_method_names, m); }
std::optional<service_method> parse_service_method(std::string_view s) noexcept {
  return parse_name<service_method>(service_method_names, s);
}
std::string_view to_string(discretion d) noexcept { return name_of(discretion_names, d); }
std::optional<discretion> parse_discretion(std::string_view s) noexcept {
  return parse_name<discretion>(discretion_names, s);
}

std::string_view to_string(execution_item i) noexcept { return name_of(execution_item_names, i); }
std::optional<execution_item> parse_execution_item(std::string_view s) noexcept {
  return parse_name<execution_item>(execution_item_names, s);
}

}  // namespace penaltyflow
