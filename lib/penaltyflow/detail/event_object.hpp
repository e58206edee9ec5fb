// Private: one event of the case-history format (docs/case-history.md) as a JSON object, written and read
// by the same code the history documents use (history.cpp). The store's event columns (event_codec.cpp) and
// event_json.hpp use these directly, without going through a document.
#pragma once

#include "penaltyflow/detail/json_reader.hpp"

#include <penaltyflow/document.hpp>
#include <penaltyflow/event.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow::detail {

/// The event object of `ev`: "type", "at" (written as given: history files write minutes, the store and
/// event_json.hpp seconds), "actors" when there are any, "note" when set, and the fields its type uses that
/// are set. Keys are sorted (nlohmann's object), so a compact dump is canonical.
/// `legacy`: the penalty's money as format versions 1 and 2 wrote it (history documents only).
nlohmann::json event_object(const event& ev, std::string_view at, bool legacy = false);

/// The same object as compact JSON text, written directly: byte for byte event_object(ev, at).dump().
std::string event_text(const event& ev, std::string_view at);
/// The object without "type", "at" and "actors" (the store's payload column), as compact JSON text.
std::string event_payload_text(const event& ev);
/// The event's "actors" array as compact JSON text; "[]" when there are none.
std::string actors_text(const std::vector<actor>& actors);

/// Appends `s` as a JSON string exactly as nlohmann's dump() writes it (ensure_ascii off); throws
/// nlohmann's type_error 316 for invalid UTF-8, as dump() does.
void append_json_string(std::string& out, std::string_view s);

/// The fast path of the store's columns (event_codec.hpp): reads the canonical text the writer produces
/// straight into `out` (a default event). Returns false, with `out` in no particular state, on anything
/// else (non-canonical but valid text too); the caller then reads the columns with read_event_object, which
/// alone defines what is valid. When it returns true, `out` is what read_event_object would have read.
bool read_event_columns(std::string_view type, std::string_view at, std::string_view actors, std::string_view payload,
                        event& out);

/// Which format version's event objects a reader accepts.
enum class event_dialect : std::uint8_t {
  legacy,   ///< versions 1 and 2: one `confiscation_fen` (read as the illegal gains), no execution items
  current,  ///< version 3: the money split into items; a payment names its item
  any,      ///< either (the store's rows, written by every version)
};

/// Reads one event object strictly (unknown or inapplicable fields, wrong types and bad values are errors).
/// Errors are thrown through `rd` and name `path` and the field: "$.events[3].actors[0].role" in a
/// document, "$.actors[0].role" for a single event read with path "$".
event read_event_object(const nlohmann::json& obj, const json_reader& rd, const std::string& path,
                        event_dialect dialect = event_dialect::any);

/// One document (文书) as a JSON object: "kind", "number", "date", "signatories", and "pages",
/// "signed_pages" and "volume" only when set (so that the store rows, and hashes, of documents without them
/// never change). The store's `documents` column is an array of these, compact.
nlohmann::json document_object(const document& d);
/// Reads one document object strictly, errors through `rd` naming `path` and the field.
document read_document_object(const nlohmann::json& obj, const json_reader& rd, const std::string& path);

}  // namespace penaltyflow::detail
