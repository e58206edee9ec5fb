// penaltyflow — the case-history file format ("penaltyflow-case-history/1", "/2" and "/3", docs/case-history.md).
//
// One JSON document holds one case's events in order. Reading is strict: malformed JSON (line and column),
// an unknown field or event type, a value of the wrong type or an event out of time order are errors that
// name the field by its path, e.g. "events[3].actors[0].role".
#pragma once

#include <penaltyflow/document.hpp>
#include <penaltyflow/event.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow {

/// The format identifiers; files carry one in their "format" field. Version 2 is version 1 plus the optional
/// event record (`recorded_at`, `documents`) that a store's export writes. Version 3 splits a decision's money
/// into items (`illegal_gains_fen`, `illegal_property_fen` instead of `confiscation_fen`), a payment names the
/// item it pays (`item`), a deferral carries its `instalments`, a surcharge `rate_told`, and the event type
/// `goods_confiscated` exists. The reader accepts all three (a version 1 or 2 `confiscation_fen` is read as
/// the illegal gains, and a payment without an item pays the fine, then the surcharge, then the gains); the
/// writer writes version 3, or, for a history with a payment that names no item (read from version 1 or 2),
/// the version it came from.
inline constexpr std::string_view history_format_v1 = "penaltyflow-case-history/1";
inline constexpr std::string_view history_format_v2 = "penaltyflow-case-history/2";
inline constexpr std::string_view history_format_v3 = "penaltyflow-case-history/3";

/// What a record store kept about one event besides the event itself: when it was recorded and the documents
/// (文书) it produced. Optional, in format version 2 only: `store::export_history` writes it and
/// `store::import_history` keeps it, so that moving a case between stores loses nothing.
struct event_record {
  std::optional<instant> recorded_at;
  std::vector<document> documents;
  bool empty() const { return !recorded_at && documents.empty(); }
  bool operator==(const event_record& o) const { return recorded_at == o.recorded_at && documents == o.documents; }
};

/// One case's history as read from a file.
struct case_history {
  std::string case_id;
  std::string title;          ///< free text
  std::string profile;        ///< the profile id the history was written for ("national" if absent)
  std::vector<event> events;  ///< in time order
  /// Empty when no event carries a record; otherwise one per event, in the same order.
  std::vector<event_record> records{};
};

/// Parses a history document; `source` names it in errors. Throws file_format_error(history_format).
case_history parse_history(std::string_view text, std::string_view source);
/// Reads a history file. Throws io_error if it cannot be read, file_format_error(history_format) otherwise.
case_history load_history(const std::string& path);
/// Writes a history document (the inverse of parse_history; fields at their defaults are left out).
/// Throws invalid_argument_error if `records` is neither empty nor one per event, or if a payment names no
/// item while another event uses version 3's fields.
std::string to_json(const case_history& h);

}  // namespace penaltyflow
