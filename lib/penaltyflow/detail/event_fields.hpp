// Private: the event fields of the case-history format (docs/case-history.md) and which event types may
// carry each, with the names of their bit sets. One table serves the strict reader (event_object_reader.cpp),
// the fast reader of the store's columns (event_object_fast_reader.cpp) and the writer (event_object_writer.cpp).
#pragma once

#include <penaltyflow/event.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace penaltyflow::detail {

// The optional fields of an event, and which event types may carry each. One table serves the reader
// (unknown or inapplicable fields are errors) and the writer.
enum class field : std::uint8_t {
  party, violation_date, violation_end, grave_harm, conditions, grounds, items, penalty, outcome, review,
  review_result, approved, hearing_right_stated, emergency, scheduled, extension, approved_by, ground, subject,
  amount_fen, received_by_transfer, involves_party, rights_told, av_recorded, publicity_told, service_method,
  address_confirmed, refund_required, decision_changed, violation_type, discretion, circumstances,
  // excluded time, recusal, no-penalty grounds
  exclusion, institution, measure, party_notified, subject_role, exemption_facts,
  item, instalments, rate_told,  // format version 3: execution items (R-EXEC-ITEMS, R-EXEC-DEFER, R-EXEC-SURCHARGE)
};
inline constexpr std::array<std::string_view, 41> field_names = {  // string_view: compared by size first
    "party", "violation_date", "violation_end", "grave_harm", "conditions", "grounds", "items", "penalty",
    "outcome", "review", "review_result", "approved", "hearing_right_stated", "emergency", "scheduled",
    "extension", "approved_by", "ground", "subject", "amount_fen", "received_by_transfer", "involves_party",
    "rights_told", "av_recorded", "publicity_told", "service_method", "address_confirmed", "refund_required",
    "decision_changed", "violation_type", "discretion", "circumstances",
    "exclusion", "institution", "measure", "party_notified", "subject_role", "exemption_facts",
    "item", "instalments", "rate_told",
};
/// The fields only format version 3 knows.
inline constexpr std::uint64_t version3_fields = (std::uint64_t{1} << static_cast<unsigned>(field::item)) |
                                          (std::uint64_t{1} << static_cast<unsigned>(field::instalments)) |
                                          (std::uint64_t{1} << static_cast<unsigned>(field::rate_told));

using field_set = std::uint64_t;
constexpr field_set bit(field f) { return field_set{1} << static_cast<unsigned>(f); }
template <class... F>
constexpr field_set fields(F... f) {
  return (field_set{0} | ... | bit(f));
}

/// The fields an event of type `t` may carry.
field_set allowed(event_type t);

inline constexpr std::array<const char*, 3> condition_names = {"evidence", "penalty_due", "jurisdiction"};
inline constexpr std::array<const char*, 4> ground_names = {"major_public_interest", "major_rights", "complex",
                                                     "required_by_law"};
inline constexpr std::array<const char*, 8> decision_item_names = {"party", "facts", "statements", "penalty_basis",
                                                            "performance", "remedies", "authority_date", "seal"};
inline constexpr std::array<const char*, 6> report_item_names = {"party", "history", "facts", "nature", "proposal",
                                                          "discretion"};
inline constexpr std::array<const char*, 7> review_item_names = {"jurisdiction", "party", "facts", "nature", "basis",
                                                          "procedure", "handling"};
inline constexpr std::array<const char*, 7> summary_item_names = {"penalty", "facts", "reasons", "basis", "rights",
                                                           "statements", "reconsideration_first"};
inline constexpr std::array<const char*, 8> exemption_fact_names = {"minor_violation", "corrected",      "no_harm",
                                                             "first_violation", "minor_harm",     "no_fault",
                                                             "under_fourteen",  "incapacity"};

/// The kinds of excluded time an excluded_time_started event opens: 中止, 听证 and 责令退款 have events of their
/// own (suspended, hearing_requested, refund_ordered), and transit time is no event of the case.
std::optional<exclusion> parse_event_exclusion(std::string_view s) noexcept;

}  // namespace penaltyflow::detail
