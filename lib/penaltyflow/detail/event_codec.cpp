// The store's event columns: the case-history JSON of an event, split into actors and payload.
#include "penaltyflow/detail/event_codec.hpp"

#include "penaltyflow/detail/json_reader.hpp"

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/error.hpp>
#include <penaltyflow/event_json.hpp>

#include <nlohmann/json.hpp>

namespace penaltyflow::detail {

namespace {

using nlohmann::json;

json penalty_json(const penalty& p) {
  json kinds = json::array();
  for (std::size_t i = 0; i < penalty_kind_count; ++i)
    if (p.has(static_cast<penalty_kind>(i))) kinds.push_back(std::string(to_string(static_cast<penalty_kind>(i))));
  json j = {{"kinds", kinds}};
  if (p.fine_fen) j["fine_fen"] = p.fine_fen;
  if (p.confiscation_fen) j["confiscation_fen"] = p.confiscation_fen;
  return j;
}

template <class T, class Parse>
T parse_name(const json_reader& r, const std::string& path, const std::string& name, Parse parse, const char* what) {
  auto v = parse(name);
  if (!v) r.fail_at(path, "unknown " + std::string(what) + " \"" + name + "\"");
  return *v;
}

date read_date(const json_reader& r, const std::string& path, const std::string& text) {
  try {
    return parse_date(text, path);
  } catch (const error& e) {
    r.fail_at(path, e.message());
  }
}

}  // namespace

encoded_event encode_event(const event& ev) {
  encoded_event out;
  out.type = std::string(to_string(ev.type));
  if (ev.at.is_special()) throw invalid_argument_error("event " + out.type + ": at is not a time");
  out.occurred_at = to_iso(ev.at);

  json actors = json::array();
  for (const auto& a : ev.actors) {
    if (a.id.empty()) throw invalid_argument_error("event " + out.type + ": an actor has an empty id");
    json j = {{"id", a.id}, {"role", std::string(to_string(a.role))}};
    if (!a.name.empty()) j["name"] = a.name;
    if (a.enforcement_certificate) {
      const auto& c = *a.enforcement_certificate;
      j["certificate"] = {{"number", c.number}, {"valid_from", to_iso(c.valid_from)}, {"valid_until", to_iso(c.valid_until)}};
    }
    if (a.legal_qualification) j["legal_qualification"] = true;
    if (a.lawyer_qualification) j["lawyer_qualification"] = true;
    if (a.experienced_legal_reviewer) j["experienced_legal_reviewer"] = true;
    actors.push_back(std::move(j));
  }
  out.actors = actors.dump();

  json p = json::object();
  if (!ev.note.empty()) p["note"] = ev.note;
  if (ev.party) p["party"] = std::string(to_string(*ev.party));
  if (ev.violation_date) p["violation_date"] = to_iso(*ev.violation_date);
  if (ev.violation_end) p["violation_end"] = to_iso(*ev.violation_end);
  if (ev.grave_harm) p["grave_harm"] = true;
  if (ev.conditions) p["conditions"] = ev.conditions;
  if (ev.grounds) p["grounds"] = ev.grounds;
  if (ev.items) p["items"] = ev.items;
  if (ev.proposed) p["proposed"] = penalty_json(*ev.proposed);
  if (ev.outcome) p["outcome"] = std::string(to_string(*ev.outcome));
  if (ev.review) p["review"] = std::string(to_string(*ev.review));
  if (ev.review_result) p["review_result"] = std::string(to_string(*ev.review_result));
  if (ev.approved) p["approved"] = *ev.approved;
  if (ev.hearing_right_stated) p["hearing_right_stated"] = true;
  if (ev.emergency) p["emergency"] = true;
  if (ev.scheduled) p["scheduled"] = to_iso(*ev.scheduled);
  if (ev.extension) p["extension"] = ev.extension;
  if (ev.approved_by) p["approved_by"] = std::string(to_string(*ev.approved_by));
  if (!ev.ground.empty()) p["ground"] = ev.ground;
  if (!ev.subject.empty()) p["subject"] = ev.subject;
  if (ev.amount_fen) p["amount_fen"] = ev.amount_fen;
  if (ev.received_by_transfer) p["received_by_transfer"] = true;
  out.payload = p.dump();
  return out;
}

event decode_event(std::string_view type, std::string_view occurred_at, std::string_view actors,
                   std::string_view payload, const std::string& where, const std::string& payload_path) {
  const json_reader r(error_code::history_format, where);
  event ev;
  {
    auto t = parse_event_type(type);
    if (!t) r.fail_at("type", "unknown event type \"" + std::string(type) + "\"");
    ev.type = *t;
  }
  try {
    ev.at = parse_instant(occurred_at, "occurred_at");
  } catch (const error& e) {
    r.fail_at("occurred_at", e.message());
  }

  const json a = r.parse(actors);
  if (!a.is_array()) r.fail_at("actors", "expected an array");
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string path = "actors[" + std::to_string(i) + "]";
    const json& j = a[i];
    r.require_object(j, path, {"id", "name", "role", "certificate", "legal_qualification", "lawyer_qualification",
                               "experienced_legal_reviewer"});
    actor x;
    x.id = r.required(r.string(j, path, "id"), path, "id");
    x.name = r.string(j, path, "name").value_or("");
    x.role = parse_name<actor_role>(r, path + ".role", r.required(r.string(j, path, "role"), path, "role"),
                                    parse_actor_role, "role");
    if (const json* c = r.object(j, path, "certificate")) {
      const std::string cp = path + ".certificate";
      r.require_object(*c, cp, {"number", "valid_from", "valid_until"});
      certificate cert;
      cert.number = r.required(r.string(*c, cp, "number"), cp, "number");
      cert.valid_from = read_date(r, cp + ".valid_from", r.required(r.string(*c, cp, "valid_from"), cp, "valid_from"));
      cert.valid_until =
          read_date(r, cp + ".valid_until", r.required(r.string(*c, cp, "valid_until"), cp, "valid_until"));
      x.enforcement_certificate = cert;
    }
    x.legal_qualification = r.boolean(j, path, "legal_qualification").value_or(false);
    x.lawyer_qualification = r.boolean(j, path, "lawyer_qualification").value_or(false);
    x.experienced_legal_reviewer = r.boolean(j, path, "experienced_legal_reviewer").value_or(false);
    ev.actors.push_back(std::move(x));
  }

  const json p = r.parse(payload);
  const std::string& pp = payload_path;
  r.require_object(p, pp, {"note", "party", "violation_date", "violation_end", "grave_harm", "conditions", "grounds",
                           "items", "proposed", "outcome", "review", "review_result", "approved",
                           "hearing_right_stated", "emergency", "scheduled", "extension", "approved_by", "ground",
                           "subject", "amount_fen", "received_by_transfer"});
  ev.note = r.string(p, pp, "note").value_or("");
  if (auto s = r.string(p, pp, "party")) ev.party = parse_name<party_kind>(r, pp + ".party", *s, parse_party_kind, "party");
  if (auto s = r.string(p, pp, "violation_date")) ev.violation_date = read_date(r, pp + ".violation_date", *s);
  if (auto s = r.string(p, pp, "violation_end")) ev.violation_end = read_date(r, pp + ".violation_end", *s);
  ev.grave_harm = r.boolean(p, pp, "grave_harm").value_or(false);
  auto small = [&](const char* key, std::int64_t max) -> std::int64_t {
    const auto v = r.integer(p, pp, key).value_or(0);
    if (v < 0 || v > max) r.fail_at(pp + "." + key, "out of range");
    return v;
  };
  ev.conditions = static_cast<std::uint8_t>(small("conditions", 0xFF));
  ev.grounds = static_cast<std::uint8_t>(small("grounds", 0xFF));
  ev.items = static_cast<std::uint16_t>(small("items", 0xFFFF));
  if (const json* q = r.object(p, pp, "proposed")) {
    const std::string qp = pp + ".proposed";
    r.require_object(*q, qp, {"kinds", "fine_fen", "confiscation_fen"});
    penalty pen;
    if (const json* k = r.array(*q, qp, "kinds"))
      for (const auto& name : *k) {
        if (!name.is_string()) r.fail_at(qp + ".kinds", "expected strings");
        pen.add(parse_name<penalty_kind>(r, qp + ".kinds", name.get<std::string>(), parse_penalty_kind, "penalty kind"));
      }
    pen.fine_fen = r.integer(*q, qp, "fine_fen").value_or(0);
    pen.confiscation_fen = r.integer(*q, qp, "confiscation_fen").value_or(0);
    ev.proposed = pen;
  }
  if (auto s = r.string(p, pp, "outcome"))
    ev.outcome = parse_name<decision_outcome>(r, pp + ".outcome", *s, parse_decision_outcome, "outcome");
  if (auto s = r.string(p, pp, "review")) ev.review = parse_name<review_kind>(r, pp + ".review", *s, parse_review_kind, "review");
  if (auto s = r.string(p, pp, "review_result"))
    ev.review_result = parse_name<review_outcome>(r, pp + ".review_result", *s, parse_review_outcome, "review result");
  ev.approved = r.boolean(p, pp, "approved");
  ev.hearing_right_stated = r.boolean(p, pp, "hearing_right_stated").value_or(false);
  ev.emergency = r.boolean(p, pp, "emergency").value_or(false);
  if (auto s = r.string(p, pp, "scheduled")) ev.scheduled = read_date(r, pp + ".scheduled", *s);
  ev.extension = static_cast<int>(small("extension", 100000));
  if (auto s = r.string(p, pp, "approved_by"))
    ev.approved_by = parse_name<approver>(r, pp + ".approved_by", *s, parse_approver, "approver");
  ev.ground = r.string(p, pp, "ground").value_or("");
  ev.subject = r.string(p, pp, "subject").value_or("");
  ev.amount_fen = r.integer(p, pp, "amount_fen").value_or(0);
  ev.received_by_transfer = r.boolean(p, pp, "received_by_transfer").value_or(false);
  return ev;
}

}  // namespace penaltyflow::detail

namespace penaltyflow {

std::string event_to_json(const event& ev) {
  const auto enc = detail::encode_event(ev);
  nlohmann::json j = nlohmann::json::parse(enc.payload);
  j["type"] = enc.type;
  j["at"] = enc.occurred_at;
  j["actors"] = nlohmann::json::parse(enc.actors);
  return j.dump();
}

event event_from_json(std::string_view text, std::string_view source) {
  const detail::json_reader r(error_code::history_format, std::string(source));
  nlohmann::json j = r.parse(text);
  if (!j.is_object()) r.fail_at("event", "expected an object");
  const auto type = r.required(r.string(j, "event", "type"), "event", "type");
  const auto at = r.required(r.string(j, "event", "at"), "event", "at");
  nlohmann::json actors = nlohmann::json::array();
  if (j.contains("actors")) actors = j["actors"];
  j.erase("type");
  j.erase("at");
  j.erase("actors");
  return detail::decode_event(type, at, actors.dump(), j.dump(), std::string(source), "event");
}

}  // namespace penaltyflow

namespace penaltyflow::detail {

std::vector<history_case> parse_history(std::string_view text, const std::string& source) {
  const json_reader r(error_code::history_format, source);
  const nlohmann::json doc = r.parse(text);
  std::vector<const nlohmann::json*> objects;
  std::vector<std::string> paths;
  if (doc.is_array()) {
    for (std::size_t i = 0; i < doc.size(); ++i) {
      objects.push_back(&doc[i]);
      paths.push_back("[" + std::to_string(i) + "]");
    }
  } else {
    objects.push_back(&doc);
    paths.push_back("case");
  }
  std::vector<history_case> out;
  for (std::size_t c = 0; c < objects.size(); ++c) {
    const auto& obj = *objects[c];
    r.require_object(obj, paths[c], {"case_id", "events"});
    history_case h;
    h.case_id = r.required(r.string(obj, paths[c], "case_id"), paths[c], "case_id");
    const std::string where = paths[c] + " (case \"" + h.case_id + "\")";
    const auto* events = r.array(obj, where, "events");
    if (!events) r.fail_at(where + ".events", "required field is missing");
    for (std::size_t i = 0; i < events->size(); ++i) {
      const std::string ep = where + ".events[" + std::to_string(i) + "]";
      const auto& e = (*events)[i];
      if (!e.is_object()) r.fail_at(ep, "expected an object");
      const auto type = r.required(r.string(e, ep, "type"), ep, "type");
      const auto at = r.required(r.string(e, ep, "at"), ep, "at");
      nlohmann::json rest = e;
      nlohmann::json actors = nlohmann::json::array();
      if (rest.contains("actors")) actors = rest["actors"];
      rest.erase("type");
      rest.erase("at");
      rest.erase("actors");
      h.events.push_back(decode_event(type, at, actors.dump(), rest.dump(), source + ": " + ep, "event"));
    }
    out.push_back(std::move(h));
  }
  return out;
}

std::string write_history(const std::string& case_id, const std::vector<event>& events) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& e : events) a.push_back(nlohmann::json::parse(event_to_json(e)));
  return nlohmann::json{{"case_id", case_id}, {"events", a}}.dump(2) + "\n";
}

}  // namespace penaltyflow::detail
