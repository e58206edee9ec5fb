// The JSON of the record store's results (store_json.hpp, docs/json.md): the one place that names their keys.
// The workflow's objects inside them come from workflow_json.cpp (detail/json_objects.hpp).
#include <penaltyflow/store_json.hpp>

#include <penaltyflow/event_json.hpp>

#include "penaltyflow/detail/json_objects.hpp"

namespace penaltyflow {

namespace {

using nlohmann::json;
using detail::day_json;
using detail::list_of;

json time_json(const instant& t) { return t.is_special() ? json() : json(to_iso(t)); }

json deadlines_json(const std::vector<open_deadline>& ds, overdue_key overdue) {
  json a = json::array();
  for (const auto& d : ds) a.push_back(detail::deadline_object(d, overdue));
  return a;
}

}  // namespace

std::string to_json(const case_state& s) {
  return detail::text_of(json{{"case_id", s.case_id},
              {"as_of", day_json(s.as_of)},
              {"version", s.events},
              {"stage", s.stage},
              {"remedy", s.remedy},
              {"executed", day_json(s.executed)},
              {"execution", list_of(s.execution, detail::execution_item_object)},
              {"deadlines", deadlines_json(s.deadlines, overdue_key::with)},
              {"findings", list_of(s.findings, detail::finding_object)},
              {"provisional_acceptances", list_of(s.provisional_acceptances, detail::provisional_acceptance_object)}});
}

std::string to_json(const due_item& d, const case_state& state, overdue_key overdue) {
  json j = detail::deadline_object(d.deadline, overdue);
  j["case_id"] = d.case_id;
  j["stage"] = d.stage;
  j["executed"] = day_json(state.executed);
  j["execution"] = list_of(state.execution, detail::execution_item_object);
  return detail::text_of(j);
}

std::string to_json(const stored_event& e) {
  return detail::text_of(json{{"seq", e.seq},
              {"case_seq", e.case_seq},
              {"event", json::parse(event_to_json(e.ev))},
              {"recorded_at", time_json(e.recorded_at)},
              {"documents", list_of(e.documents, detail::document_output_object)},
              {"calendar_version", e.calendar_version},
              {"profile_version", e.profile_version},
              {"prev_hash", e.prev_hash},
              {"hash", e.hash}});
}

std::string to_json(const append_result& r, std::string_view case_id) {
  return detail::text_of(json{{"accepted", r.accepted},
              {"case_id", std::string(case_id)},
              {"version", r.version},
              {"seq", r.accepted ? json(r.seq) : json()},
              {"hash", r.accepted ? json(r.hash) : json()},
              {"provisional", r.provisional},
              {"provisional_from", day_json(r.first_assumed_day)},
              {"refusals", list_of(r.refusals, detail::refusal_object)}});
}

std::string to_json(const store::import_report& r) {
  return detail::text_of(json{{"case_id", r.case_id}, {"events_added", r.events}, {"already_present", r.already_present}});
}

std::string to_json(const verify_report& r) {
  json problem;
  if (r.problem)
    problem = {{"seq", r.problem->seq}, {"case_id", r.problem->case_id}, {"case_seq", r.problem->case_seq},
               {"what", r.problem->what}};
  return detail::text_of(json{{"ok", r.ok},           {"events", r.events},         {"cases", r.cases},
              {"head_hash", r.head_hash}, {"problem", std::move(problem)}, {"notes", r.notes}});
}

std::string to_json(const case_projection& p) {
  return detail::text_of(json{{"case_id", p.case_id},
              {"version", p.version},
              {"stage", p.stage},
              {"remedy", p.remedy},
              {"procedure", p.proc},
              {"filed", day_json(p.filed)},
              {"decided", day_json(p.decided)},
              {"closed", day_json(p.closed)},
              {"outcome", p.outcome ? json(*p.outcome) : json()},
              {"last_event_at", time_json(p.last_event_at)},
              {"deadlines", deadlines_json(p.deadlines, overdue_key::without)},
              {"findings", list_of(p.findings, detail::finding_object)}});
}

}  // namespace penaltyflow
