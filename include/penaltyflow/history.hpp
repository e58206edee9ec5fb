// penaltyflow — the case-history file format ("penaltyflow-case-history/1", docs/case-history.md).
//
// One JSON document holds one case's events in order. Reading is strict: malformed JSON (line and column),
// an unknown field or event type, a value of the wrong type or an event out of time order are errors that
// name the field by its path, e.g. "events[3].actors[0].role".
#pragma once

#include <penaltyflow/event.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow {

/// The current format identifier; files carry it in their "format" field.
inline constexpr std::string_view history_format_v1 = "penaltyflow-case-history/1";

/// One case's history as read from a file.
struct case_history {
  std::string case_id;
  std::string title;          ///< free text
  std::string profile;        ///< the profile id the history was written for ("national" if absent)
  std::vector<event> events;  ///< in time order
};

/// Parses a history document; `source` names it in errors. Throws file_format_error(history_format).
case_history parse_history(std::string_view text, std::string_view source);
/// Reads a history file. Throws io_error if it cannot be read, file_format_error(history_format) otherwise.
case_history load_history(const std::string& path);
/// Writes a history document (the inverse of parse_history; fields at their defaults are left out).
std::string to_json(const case_history& h);

}  // namespace penaltyflow
