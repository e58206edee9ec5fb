// The store's event columns: the case-history JSON of an event (history.hpp, docs/case-history.md), split
// into type, time, actors and payload. The history codec does the reading and writing; this file only
// splits one event object out of a history document and puts it back.
#include "penaltyflow/detail/event_codec.hpp"

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/error.hpp>
#include <penaltyflow/event_json.hpp>
#include <penaltyflow/history.hpp>

#include <nlohmann/json.hpp>

namespace penaltyflow::detail {

namespace {

using nlohmann::json;

/// The event object the history codec writes for `ev` (fields the type does not use are left out).
json history_object(const event& ev) {
  case_history h;
  h.case_id = "-";
  h.events.push_back(ev);
  json doc = json::parse(to_json(h));
  json e = std::move(doc["events"][0]);
  // The history format writes minutes; the store keeps the event's time to the second.
  e["at"] = to_iso(ev.at);
  return e;
}

/// Parses one event object with the history codec; errors name `where` and the field.
event parse_object(json obj, const std::string& where) {
  json doc = {{"format", std::string(history_format_v1)}, {"case", "-"}, {"events", json::array({std::move(obj)})}};
  auto h = parse_history(doc.dump(), where);
  return std::move(h.events.front());
}

}  // namespace

encoded_event encode_event(const event& ev) {
  if (ev.at.is_special()) throw invalid_argument_error("event " + std::string(to_string(ev.type)) + ": at is not a time");
  for (const auto& a : ev.actors)
    if (a.id.empty()) throw invalid_argument_error("event " + std::string(to_string(ev.type)) + ": an actor has no id");
  json e = history_object(ev);
  encoded_event out;
  out.type = e["type"].get<std::string>();
  out.occurred_at = e["at"].get<std::string>();
  out.actors = e.contains("actors") ? e["actors"].dump() : "[]";
  e.erase("type");
  e.erase("at");
  e.erase("actors");
  out.payload = e.dump();
  return out;
}

event decode_event(std::string_view type, std::string_view occurred_at, std::string_view actors,
                   std::string_view payload, const std::string& where) {
  json obj;
  try {
    obj = json::parse(payload);
    if (!obj.is_object()) throw file_format_error(error_code::history_format, where, 0, "payload: expected an object");
    const json a = json::parse(actors);
    if (!a.empty()) obj["actors"] = a;
  } catch (const json::exception& e) {
    throw file_format_error(error_code::history_format, where, 0, std::string("malformed JSON: ") + e.what());
  }
  obj["type"] = std::string(type);
  obj["at"] = std::string(occurred_at);
  return parse_object(std::move(obj), where);
}

}  // namespace penaltyflow::detail

namespace penaltyflow {

std::string event_to_json(const event& ev) { return detail::history_object(ev).dump(); }

event event_from_json(std::string_view text, std::string_view source) {
  const std::string src(source);
  nlohmann::json obj;
  try {
    obj = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw file_format_error(error_code::history_format, src, 0, std::string("malformed JSON: ") + e.what());
  }
  if (!obj.is_object()) throw file_format_error(error_code::history_format, src, 0, "an event is a JSON object");
  return detail::parse_object(std::move(obj), src);
}

}  // namespace penaltyflow
