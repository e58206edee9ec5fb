// The JSON of the workflow's results (workflow_json.hpp, docs/json.md): the one place that names their keys.
// The CLI, the store (its projection column) and the Python module all build these objects here.
#include <penaltyflow/workflow_json.hpp>

#include "penaltyflow/detail/event_object.hpp"
#include "penaltyflow/detail/json_objects.hpp"

#include <algorithm>

namespace penaltyflow {

namespace detail {

using nlohmann::json;

json day_json(const std::optional<date>& d) {
  if (!d || d->is_special()) return nullptr;
  return to_iso(*d);
}

json refusal_object(const refusal& r) {
  json facts = json::array();
  for (const auto& f : r.facts) facts.push_back({{"name", f.name}, {"value", f.value}});
  return {{"rule_id", r.rule_id},       {"citation", r.citation},     {"confidence", std::string(to_string(r.tag))},
          {"title_zh", r.title_zh},     {"title_en", r.title_en},     {"message_zh", r.message_zh},
          {"message_en", r.message_en}, {"facts", std::move(facts)}};
}

namespace {

// The keys a finding has in every form.
json finding_common(const finding& f) {
  return {{"rule_id", f.rule_id},       {"citation", f.citation},
          {"period_id", f.period_id},   {"message_zh", f.message_zh},
          {"message_en", f.message_en}, {"due", day_json(f.due)},
          {"done", day_json(f.done)}};
}

}  // namespace

json finding_object(const finding& f) {
  json j = finding_common(f);
  j["case_seq"] = f.event_index ? json(*f.event_index + 1) : json();
  j["provisional"] = f.provisional;
  return j;
}

json stored_finding_object(const finding& f) {
  json j = finding_common(f);
  j["event_index"] = f.event_index ? json(*f.event_index) : json();
  if (f.provisional) j["provisional"] = true;  // only when set: projections written before the mark stay equal
  return j;
}

finding finding_from_stored(const json& j) {
  finding f;
  f.rule_id = j.at("rule_id").get<std::string>();
  f.citation = j.at("citation").get<std::string>();
  f.period_id = j.at("period_id").get<std::string>();
  f.message_zh = j.at("message_zh").get<std::string>();
  f.message_en = j.at("message_en").get<std::string>();
  if (!j.at("due").is_null()) f.due = parse_date(j.at("due").get<std::string>(), "finding due");
  if (!j.at("done").is_null()) f.done = parse_date(j.at("done").get<std::string>(), "finding done");
  if (!j.at("event_index").is_null()) f.event_index = j.at("event_index").get<std::size_t>();
  if (auto it = j.find("provisional"); it != j.end()) f.provisional = it->get<bool>();  // absent before the mark
  return f;
}

json deadline_object(const open_deadline& d, overdue_key overdue) {
  json j = {{"period_id", d.period_id},     {"rule_id", d.rule_id},   {"title_zh", d.title_zh},
            {"title_en", d.title_en},       {"subject", d.subject},   {"start", day_json(d.start)},
            {"due", day_json(d.due)},       {"obligation", d.obligation},
            {"provisional", d.provisional}, {"citation", d.citation}};
  if (overdue == overdue_key::with) j["overdue"] = d.overdue;
  return j;
}

json document_output_object(const document& d) {
  // The case-history object (history.cpp), with the keys it leaves out when not set.
  json j = document_object(d);
  j.emplace("pages", 0);
  j.emplace("signed_pages", 0);
  j.emplace("volume", nullptr);
  return j;
}

json execution_item_object(const execution::item_state& i) {
  if (i.goods()) return {{"item", i.item}, {"value_fen", i.value_fen}, {"taken", day_json(i.taken)}};
  return {{"item", i.item}, {"due_fen", i.due_fen}, {"paid_fen", i.paid_fen}, {"outstanding_fen", i.outstanding_fen}};
}

json provisional_acceptance_object(const provisional_acceptance& a) {
  return {{"case_seq", a.event_index + 1}, {"provisional_from", day_json(a.first_assumed_day)}};
}

}  // namespace detail

std::string to_json(const refusal& r) { return detail::text_of(detail::refusal_object(r)); }
std::string to_json(const finding& f) { return detail::text_of(detail::finding_object(f)); }
std::string to_json(const open_deadline& d, overdue_key overdue) {
  return detail::text_of(detail::deadline_object(d, overdue));
}
std::string to_json(const document& d) { return detail::text_of(detail::document_output_object(d)); }
std::string to_json(const execution::item_state& i) {
  return detail::text_of(detail::execution_item_object(i));
}
std::string to_json(const provisional_acceptance& a) {
  return detail::text_of(detail::provisional_acceptance_object(a));
}

std::string to_json(const replay_refusal& r) {
  return detail::text_of(nlohmann::json{{"case_seq", r.index + 1},
                        {"type", std::string(to_string(r.ev.type))},
                        {"at", to_iso(r.ev.at)},
                        {"refusals", detail::list_of(r.refusals, detail::refusal_object)}});
}

std::string to_json(const rule_definition& r) {
  using nlohmann::json;
  json types = json::array();
  for (auto t : r.applies_to) types.push_back(std::string(to_string(t)));
  json cites = json::array();
  for (const auto& c : r.citations)
    cites.push_back({{"instrument", c.instrument}, {"revision", c.revision}, {"article", c.article}, {"text", c.text()}});
  return detail::text_of(json{{"id", r.id},
              {"title_zh", r.title_zh},
              {"title_en", r.title_en},
              {"citation", r.citation_text()},
              {"citations", cites},
              {"confidence", std::string(to_string(r.tag))},
              {"profile_values", r.profile_values},
              {"gate", r.gate != nullptr},
              {"findings", r.findings},
              {"applies_to", types},
              {"in_force_from", detail::day_json(r.effective.from)},
              {"in_force_until", detail::day_json(r.effective.until)}});
}

std::size_t input_index(const replay_result& r, std::size_t accepted) {
  // The refused events are in input order: each one at or before the position found so far moves it on.
  std::size_t pos = accepted;
  for (const auto& x : r.refused) {
    if (x.index > pos) break;
    ++pos;
  }
  return pos;
}

std::vector<finding> in_input_positions(const replay_result& r, std::vector<finding> findings) {
  for (auto& f : findings)
    if (f.event_index) f.event_index = input_index(r, *f.event_index);
  return findings;
}

std::vector<provisional_acceptance> in_input_positions(const replay_result& r,
                                                       std::vector<provisional_acceptance> acceptances) {
  for (auto& a : acceptances) a.event_index = input_index(r, a.event_index);
  return acceptances;
}

}  // namespace penaltyflow
