// penaltyflow._core: the workflow and its rule catalogue for Python. Events cross the boundary as the
// case-history JSON of docs/case-history.md (Python dicts on the Python side, see penaltyflow/__init__.py).
#include "casters.hpp"
#include "convert.hpp"

#include <penaltyflow/event_json.hpp>
#include <penaltyflow/history.hpp>
#include <penaltyflow/workflow.hpp>

#include <pybind11/stl.h>

namespace py = pybind11;

namespace penaltyflow::python {

py::dict to_dict(const refusal& r) {
  py::dict d;
  d["rule_id"] = r.rule_id;
  d["citation"] = r.citation;
  d["title_zh"] = r.title_zh;
  d["title_en"] = r.title_en;
  d["message_zh"] = r.message_zh;
  d["message_en"] = r.message_en;
  d["confidence"] = std::string(to_string(r.tag));
  py::dict facts;
  for (const auto& f : r.facts) facts[py::str(f.name)] = f.value;
  d["facts"] = facts;
  return d;
}

py::list to_list(const refusal_list& rs) {
  py::list l;
  for (const auto& r : rs) l.append(to_dict(r));
  return l;
}

py::dict to_dict(const open_deadline& d) {
  py::dict o;
  o["period_id"] = d.period_id;
  o["rule_id"] = d.rule_id;
  o["title_zh"] = d.title_zh;
  o["title_en"] = d.title_en;
  o["subject"] = d.subject;
  o["start"] = py::cast(d.start);
  o["due"] = py::cast(d.due);
  o["provisional"] = d.provisional;
  o["overdue"] = d.overdue;
  o["citation"] = d.citation;
  return o;
}

py::dict to_dict(const finding& f) {
  py::dict o;
  o["rule_id"] = f.rule_id;
  o["citation"] = f.citation;
  o["period_id"] = f.period_id;
  o["message_zh"] = f.message_zh;
  o["message_en"] = f.message_en;
  o["due"] = py::cast(f.due);
  o["done"] = f.done ? py::cast(*f.done) : py::none();
  o["event_index"] = f.event_index ? py::cast(*f.event_index) : py::none();
  return o;
}

namespace {

/// A replayed case: the record and the workflow that judged it.
struct replayed_case {
  std::shared_ptr<const workflow> flow;
  replay_result result;
};

}  // namespace

void bind_workflow(py::module_& m) {
  py::class_<workflow, std::shared_ptr<workflow>>(m, "Workflow",
                                                  "The case workflow: a profile, a calendar and the rule catalogue.")
      .def(py::init([](const std::optional<std::string>& profile_path, const calendar* cal) {
             profile prof = profile_path ? profile::load(*profile_path) : profile::national();
             return std::make_shared<workflow>(std::move(prof), cal ? *cal : calendar::national());
           }),
           py::arg("profile") = py::none(), py::arg("calendar") = nullptr,
           "A workflow under a profile file (the national profile when None) and a calendar.")
      .def_property_readonly("profile_id", [](const workflow& w) { return w.active_profile().id; })
      .def_property_readonly("calendar_version", [](const workflow& w) { return w.active_calendar().version(); })
      .def(
          "replay",
          [](std::shared_ptr<workflow> self, const std::string& history_json, const std::string& source,
             bool provisional_ok) {
            const auto h = parse_history(history_json, source);
            auto rc = std::make_shared<replayed_case>();
            rc->flow = self;
            rc->result = self->replay(h.case_id, h.events,
                                      provisional_ok ? coverage_policy::provisional_ok : coverage_policy::strict);
            return rc;
          },
          py::arg("history_json"), py::arg("source") = "<history>", py::arg("provisional_ok") = false,
          "Runs a case history (JSON text of docs/case-history.md) through the workflow. Refused events are "
          "collected, not raised. An event judged on a date past the calendar's coverage is refused "
          "(R-CALENDAR-PROVISIONAL) unless provisional_ok, and then accepted with the mark. Raises "
          "HistoryFormatError for malformed JSON.")
      .def(
          "explain",
          [](const workflow& self, const std::string& history_json, const std::string& event_json,
             bool provisional_ok) {
            const auto coverage = provisional_ok ? coverage_policy::provisional_ok : coverage_policy::strict;
            const auto h = parse_history(history_json, "<history>");
            const auto r = self.replay(h.case_id, h.events, coverage);
            return to_list(self.explain(r.record, event_from_json(event_json, "<event>"), coverage));
          },
          py::arg("history_json"), py::arg("event_json"), py::arg("provisional_ok") = false,
          "Every failing gate for one more event after the accepted events of a history: a list of refusals "
          "(rule_id, citation, zh/en messages, facts). Empty: the event may be applied.")
      .def(
          "rules",
          [](const workflow& self) {
            py::list out;
            for (const auto& r : self.rules().all()) {
              py::dict d;
              d["id"] = r.id;
              d["citation"] = r.citation_text();
              d["title_zh"] = r.title_zh;
              d["title_en"] = r.title_en;
              d["confidence"] = std::string(to_string(r.tag));
              d["profile_values"] = r.profile_values;
              d["findings"] = r.findings;
              py::list events;
              for (auto t : r.applies_to) events.append(std::string(to_string(t)));
              d["applies_to"] = events;
              out.append(d);
            }
            return out;
          },
          "The catalogue of legal gates.");

  py::class_<replayed_case, std::shared_ptr<replayed_case>>(m, "ReplayResult", "A case history run through the workflow.")
      .def_property_readonly("case_id", [](const replayed_case& r) { return r.result.record.id(); })
      .def_property_readonly("stage", [](const replayed_case& r) { return std::string(r.result.record.stage()); })
      .def_property_readonly("remedy",
                             [](const replayed_case& r) { return std::string(r.result.record.facts().remedy); })
      .def_property_readonly("accepted", [](const replayed_case& r) { return r.result.record.events().size(); })
      .def_property_readonly("refused",
                             [](const replayed_case& r) {
                               py::list out;
                               for (const auto& x : r.result.refused) {
                                 py::dict d;
                                 d["index"] = x.index;
                                 d["type"] = std::string(to_string(x.ev.type));
                                 d["refusals"] = to_list(x.refusals);
                                 out.append(d);
                               }
                               return out;
                             })
      .def(
          "deadlines",
          [](const replayed_case& r, date as_of) {
            py::list out;
            for (const auto& d : r.flow->deadlines(r.result.record, as_of)) out.append(to_dict(d));
            return out;
          },
          py::arg("as_of"), "Open deadlines, marked overdue as of `as_of`.")
      .def(
          "findings",
          [](const replayed_case& r, date as_of) {
            py::list out;
            for (const auto& f : r.flow->findings(r.result.record, as_of)) out.append(to_dict(f));
            return out;
          },
          py::arg("as_of"), "Findings (late acts, and deadlines still open and overdue as of `as_of`).");
}

}  // namespace penaltyflow::python
