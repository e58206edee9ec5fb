// penaltyflow — one event as JSON: the event object of the case-history format (docs/case-history.md), as the
// store keeps it and `penaltyflow append` reads it. Canonical: compact, keys sorted, default fields left out,
// so the same event always gives the same bytes.
#pragma once

#include <penaltyflow/event.hpp>

#include <string>
#include <string_view>

namespace penaltyflow {

/// The event as one JSON object: "type", "at" (YYYY-MM-DDTHH:MM:SS, UTC+8), "actors" and the fields its type
/// uses. Throws invalid_argument_error for an event without a time or an actor without an id.
std::string event_to_json(const event& ev);

/// Parses one event object. Throws file_format_error(history_format) naming `source` and the field
/// ("$.actors[1].role: unknown value 'boss'") for malformed JSON, unknown fields and wrong types.
event event_from_json(std::string_view text, std::string_view source);

}  // namespace penaltyflow
