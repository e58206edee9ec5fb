// The store's event columns: the case-history JSON of an event (history.hpp, docs/case-history.md), split
// into type, time, actors and payload. The history codec's object-level functions (event_object.hpp) do
// the writing (compact text, directly) and the reading; this file only maps the columns.
#include "penaltyflow/detail/event_codec.hpp"

#include "penaltyflow/detail/event_object.hpp"
#include "penaltyflow/detail/json_reader.hpp"

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/error.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace penaltyflow::detail {

namespace {

using nlohmann::json;

void check_encodable(const event& ev) {
  if (ev.at.is_special()) throw invalid_argument_error("event " + std::string(to_string(ev.type)) + ": at is not a time");
  for (const auto& a : ev.actors)
    if (a.id.empty()) throw invalid_argument_error("event " + std::string(to_string(ev.type)) + ": an actor has no id");
}

bool same_actors(const std::vector<actor>& a, const std::vector<actor>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const actor& x, const actor& y) {
    if (x.id != y.id || x.name != y.name || x.role != y.role || x.legal_qualification != y.legal_qualification ||
        x.lawyer_qualification != y.lawyer_qualification ||
        x.experienced_legal_reviewer != y.experienced_legal_reviewer ||
        x.enforcement_certificate.has_value() != y.enforcement_certificate.has_value())
      return false;
    if (!x.enforcement_certificate) return true;
    const auto &c = *x.enforcement_certificate, &d = *y.enforcement_certificate;
    return c.number == d.number && c.valid_from == d.valid_from && c.valid_until == d.valid_until;
  });
}

/// actors_text, remembered for the last few actor lists this thread encoded: a case's events are mostly by
/// the same officers, and writing their JSON (certificates, names checked as UTF-8) was most of encode_event.
/// A list is taken from the memo only when every field actors_text reads is equal, so the bytes are the same.
std::string actors_text_remembered(const std::vector<actor>& actors) {
  struct entry {
    std::vector<actor> actors;
    std::string text;
  };
  constexpr std::size_t size = 4;
  thread_local std::array<entry, size> memo;
  thread_local std::size_t used = 0, next = 0;
  for (std::size_t i = 0; i < used; ++i)
    if (same_actors(memo[i].actors, actors)) return memo[i].text;
  std::string text = actors_text(actors);
  auto& e = memo[next];
  e.actors = actors;
  e.text = text;
  next = (next + 1) % size;
  used = std::max(used, next == 0 ? size : next);
  return text;
}

}  // namespace

encoded_event encode_event(const event& ev) {
  check_encodable(ev);
  encoded_event out;
  out.type = std::string(to_string(ev.type));
  out.occurred_at = to_iso(ev.at);  // the history format writes minutes; the store keeps the second
  out.actors = actors_text_remembered(ev.actors);
  out.payload = event_payload_text(ev);
  return out;
}

event decode_event(std::string_view type, std::string_view occurred_at, std::string_view actors,
                   std::string_view payload, const std::string& where) {
  if (event fast; read_event_columns(type, occurred_at, actors, payload, fast)) return fast;
  return decode_event_strict(type, occurred_at, actors, payload, where);
}

bool decode_event_fast(std::string_view type, std::string_view occurred_at, std::string_view actors,
                       std::string_view payload, event& out) {
  return read_event_columns(type, occurred_at, actors, payload, out);
}

event decode_event_strict(std::string_view type, std::string_view occurred_at, std::string_view actors,
                          std::string_view payload, const std::string& where) {
  json obj;
  try {
    obj = json::parse(payload);
    if (!obj.is_object()) throw file_format_error(error_code::history_format, where, 0, "payload: expected an object");
    json a = json::parse(actors);
    if (!a.empty()) obj["actors"] = std::move(a);
  } catch (const json::exception& e) {
    throw file_format_error(error_code::history_format, where, 0, "malformed JSON: " + json_error_reason(e));
  }
  obj["type"] = std::string(type);
  obj["at"] = std::string(occurred_at);
  return read_event_object(obj, json_reader(error_code::history_format, where), "$");
}

}  // namespace penaltyflow::detail
