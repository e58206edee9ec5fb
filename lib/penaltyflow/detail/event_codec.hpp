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

/// Encodes `ev` (deterministic: the same event always gives the same bytes). Throws invalid_argument_error
/// for an event without a time or an actor without an id.
encoded_event encode_event(const event& ev);

/// Decodes a stored row. `where` names the row in errors ("case C1 event 3"); throws
/// file_format_error(history_format) naming it and the field.
event decode_event(std::string_view type, std::string_view occurred_at, std::string_view actors,
                   std::string_view payload, const std::string& where);

/// The two halves of decode_event. The fast path reads the canonical bytes encode_event writes straight
/// into `out` (a default event) and returns false on anything else, valid or not, leaving `out` in no
/// particular state; the strict path (nlohmann and the history reader) reads any valid row and alone
/// defines validity and the error messages. decode_event = fast, else strict; callers that need `where`
/// only for errors build it only when the fast path declines.
bool decode_event_fast(std::string_view type, std::string_view occurred_at, std::string_view actors,
                       std::string_view payload, event& out);
event decode_event_strict(std::string_view type, std::string_view occurred_at, std::string_view actors,
                          std::string_view payload, const std::string& where);

}  // namespace penaltyflow::detail

