// Private: how the store writes an event into its row (actors column, payload column) and reads it back.
// Both columns are the case-history JSON format (docs/case-history.md) of the event, split: `actors` is the
// event's "actors" array, `payload` the rest of the event object without "type", "at" and "actors" (those
// are columns of their own). Compact JSON, keys sorted, no newline: a canonical byte string for the hash.
#pragma once

#include <penaltyflow/event.hpp>

#include <string>
#include <string_view>

namespace penaltyflow::detail {

struct encoded_event {
  std::string type;         ///< the stable event-type name
  std::string occurred_at;  ///< the event's time as the history format writes it
  std::string actors;       ///< JSON array
  std::string payload;      ///< JSON object
};

/// Encodes `ev` (deterministic: the same event always gives the same bytes).
encoded_event encode_event(const event& ev);

/// Decodes a stored row. `where` names the row in errors ("case C1 event 3"); throws
/// file_format_error(history_format) naming it and the field (payload fields as `payload_path`.field).
event decode_event(std::string_view type, std::string_view occurred_at, std::string_view actors,
                   std::string_view payload, const std::string& where, const std::string& payload_path = "payload");

}  // namespace penaltyflow::detail

#include <vector>

namespace penaltyflow::detail {

/// One case of a case-history document.
struct history_case {
  std::string case_id;
  std::vector<event> events;
};

/// Parses a case-history document: one case object {"case_id": ..., "events": [...]} or an array of them.
/// Throws file_format_error(history_format) naming `source`, the case and the event ("cases[0].events[3].at").
std::vector<history_case> parse_history(std::string_view text, const std::string& source);

/// Writes one case as a case-history document (what parse_history reads), pretty-printed.
std::string write_history(const std::string& case_id, const std::vector<event>& events);

}  // namespace penaltyflow::detail
