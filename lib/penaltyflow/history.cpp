// The case-history JSON format (docs/case-history.md, docs/case-history.schema.json): whole documents, their
// event records, and the format versions. One event object is read and written by
// detail/event_object_reader.cpp, event_object_fast_reader.cpp and event_object_writer.cpp; documents (文书)
// by document.cpp.
#include <penaltyflow/error.hpp>
#include <penaltyflow/history.hpp>
#include <penaltyflow/input_file.hpp>

#include "penaltyflow/detail/event_object.hpp"
#include "penaltyflow/detail/json_reader.hpp"

#include <algorithm>

namespace penaltyflow {

using json = nlohmann::json;
using et = event_type;

namespace detail {

namespace {

/// The record members of one history event ("recorded_at", "documents"), read and removed from `obj`.
event_record take_record(json& obj, const json_reader& rd, const std::string& path) {
  event_record r;
  if (const auto t = rd.string(obj, path, "recorded_at")) {
    try {
      r.recorded_at = parse_instant(*t);
    } catch (const error& e) {
      rd.fail_at(path + ".recorded_at", e.message());
    }
  }
  if (const json* docs = rd.array(obj, path, "documents"))
    for (std::size_t i = 0; i < docs->size(); ++i)
      r.documents.push_back(read_document_object((*docs)[i], rd, path + ".documents[" + std::to_string(i) + "]"));
  obj.erase("recorded_at");
  obj.erase("documents");
  return r;
}

}  // namespace

}  // namespace detail


case_history parse_history(std::string_view text, std::string_view source) {
  const detail::json_reader rd(error_code::history_format, std::string(source));
  const auto j = rd.parse(text);
  rd.require_object(j, "$", {"format", "case", "title", "profile", "events"});
  const auto format = rd.required(rd.string(j, "$", "format"), "$", "format");
  if (format != history_format_v1 && format != history_format_v2 && format != history_format_v3) {
    rd.fail_at("$.format", "unsupported format '" + format + "' (expected '" + std::string(history_format_v1) + "', '" +
                               std::string(history_format_v2) + "' or '" + std::string(history_format_v3) + "')");
  }
  // In version 1 the record's fields are unknown fields; version 3 splits the decision's money into items.
  const bool with_records = format != history_format_v1;
  const auto dialect = format == history_format_v3 ? detail::event_dialect::current : detail::event_dialect::legacy;
  case_history h;
  h.case_id = rd.required(rd.string(j, "$", "case"), "$", "case");
  h.title = rd.string(j, "$", "title").value_or("");
  h.profile = rd.string(j, "$", "profile").value_or("national");
  const json* events = rd.array(j, "$", "events");
  if (!events) rd.fail_at("$.events", "required field is missing");
  std::vector<event_record> records;
  for (std::size_t i = 0; i < events->size(); ++i) {
    const std::string path = "$.events[" + std::to_string(i) + "]";
    const json& raw = (*events)[i];
    event e;
    if (with_records && raw.is_object() && (raw.contains("recorded_at") || raw.contains("documents"))) {
      json obj = raw;
      records.push_back(detail::take_record(obj, rd, path));
      e = detail::read_event_object(obj, rd, path, dialect);
    } else {
      records.emplace_back();
      e = detail::read_event_object(raw, rd, path, dialect);
    }
    if (!h.events.empty() && e.at < h.events.back().at) {
      rd.fail_at(path + ".at", "earlier than the previous event (" + to_iso(h.events.back().at) + "): events must be in time order");
    }
    h.events.push_back(std::move(e));
  }
  if (std::any_of(records.begin(), records.end(), [](const event_record& r) { return !r.empty(); }))
    h.records = std::move(records);
  return h;
}

case_history load_history(const std::string& path) {
  return parse_history(read_input_file(path, "case history"), path);
}

std::string to_json(const case_history& h) {
  if (!h.records.empty() && h.records.size() != h.events.size())
    throw invalid_argument_error("case \"" + h.case_id + "\": " + std::to_string(h.records.size()) + " event records for " +
                                 std::to_string(h.events.size()) + " events");
  // Version 3 unless a payment names no item (a history read from version 1 or 2): then the version it came
  // from, which cannot carry version 3's fields.
  const auto itemless = std::find_if(h.events.begin(), h.events.end(),
                                     [](const event& e) { return e.type == et::payment_received && !e.item; });
  const bool legacy = itemless != h.events.end();
  if (legacy) {
    for (const auto& e : h.events) {
      if (e.type == et::goods_confiscated || e.item || !e.instalments.empty() || e.rate_told ||
          (e.proposed && e.proposed->illegal_property_fen != 0)) {
        throw invalid_argument_error("case \"" + h.case_id + "\": a payment of " + to_iso(itemless->at) +
                                     " names no item (format versions 1 and 2) but the " + std::string(to_string(e.type)) +
                                     " of " + to_iso(e.at) + " uses version 3's execution items");
      }
    }
  }
  json events = json::array();
  for (std::size_t i = 0; i < h.events.size(); ++i) {
    const event& e = h.events[i];
    std::string at = to_iso(e.at);  // minutes, and seconds only when there are any
    if (at.size() == 19 && at.compare(16, 3, ":00") == 0) at.resize(16);
    json obj = detail::event_object(e, at, legacy);
    if (!h.records.empty()) {
      const event_record& r = h.records[i];
      if (r.recorded_at) obj["recorded_at"] = to_iso(*r.recorded_at);
      if (!r.documents.empty()) {
        json docs = json::array();
        for (const auto& d : r.documents) docs.push_back(detail::document_object(d));
        obj["documents"] = std::move(docs);
      }
    }
    events.push_back(std::move(obj));
  }
  const std::string_view format = !legacy ? history_format_v3 : h.records.empty() ? history_format_v1 : history_format_v2;
  json doc{{"format", std::string(format)}, {"case", h.case_id}};
  if (!h.title.empty()) doc["title"] = h.title;
  if (!h.profile.empty() && h.profile != "national") doc["profile"] = h.profile;
  doc["events"] = std::move(events);
  return doc.dump(2);
}

}  // namespace penaltyflow
