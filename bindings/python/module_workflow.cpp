// penaltyflow._core: the workflow and its rule catalogue for Python. Events cross the boundary as the
// case-history JSON of docs/case-history.md (Python dicts on the Python side, see penaltyflow/__init__.py).
#include "casters.hpp"
#include "convert.hpp"

#include <penaltyflow/event_json.hpp>
#include <penaltyflow/history.hpp>
#include <penaltyflow/workflow.hpp>
#include <penaltyflow/workflow_json.hpp>

#include <pybind11/stl.h>

namespace py = pybind11;

namespace penaltyflow::python {

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
            return list_from_json(self.explain(r.record, event_from_json(event_json, "<event>"), coverage));
          },
          py::arg("history_json"), py::arg("event_json"), py::arg("provisional_ok") = false,
          "Every failing gate for one more event after the accepted events of a history: a list of refusals "
          "(rule_id, citation, zh/en messages, facts). Empty: the event may be applied.")
      .def(
          "rules",
          [](const workflow& self) { return list_from_json(self.rules().all()); },
          "The catalogue of legal gates.");

  py::class_<replayed_case, std::shared_ptr<replayed_case>>(m, "ReplayResult", "A case history run through the workflow.")
      .def_property_readonly("case_id", [](const replayed_case& r) { return r.result.record.id(); })
      .def_property_readonly("stage", [](const replayed_case& r) { return std::string(r.result.record.stage()); })
      .def_property_readonly("remedy",
                             [](const replayed_case& r) { return std::string(r.result.record.facts().remedy); })
      .def_property_readonly("accepted", [](const replayed_case& r) { return r.result.record.events().size(); })
      .def_property_readonly("refused", [](const replayed_case& r) { return list_from_json(r.result.refused); },
                             "The refused events: case_seq (the event's position in the history, from 1), type, at "
                             "and refusals.")
      .def_property_readonly(
          "provisional_acceptances",
          [](const replayed_case& r) {
            return list_from_json(in_input_positions(r.result, r.result.record.facts().provisional_acceptances));
          },
          "Events accepted on days past the calendar's coverage: case_seq and provisional_from.")
      .def_property_readonly(
          "executed",
          [](const replayed_case& r) { return r.result.record.facts().executed; },
          "The day execution completed, or None.")
      .def_property_readonly(
          "execution", [](const replayed_case& r) { return list_from_json(execution::items_of(r.result.record.facts())); },
          "The decision's money items (due_fen, paid_fen, outstanding_fen) and goods (value_fen, taken).")
      .def(
          "deadlines",
          [](const replayed_case& r, date as_of) { return list_from_json(r.flow->deadlines(r.result.record, as_of)); },
          py::arg("as_of"), "Open deadlines, marked overdue as of `as_of`.")
      .def(
          "findings",
          [](const replayed_case& r, date as_of) {
            return list_from_json(in_input_positions(r.result, r.flow->findings(r.result.record, as_of)));
          },
          py::arg("as_of"), "Findings (late acts, and deadlines still open and overdue as of `as_of`).");
}

}  // namespace penaltyflow::python
