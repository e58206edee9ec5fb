// penaltyflow._core: the record store for Python — read-only by default, as analysts use it.
#include "casters.hpp"
#include "convert.hpp"

#include <penaltyflow/document.hpp>
#include <penaltyflow/event_json.hpp>
#include <penaltyflow/store.hpp>

#include <pybind11/stl.h>

namespace py = pybind11;

namespace penaltyflow::python {

namespace {

/// Adds "deadlines" and "findings" lists to `d`.
void add_deadlines_and_findings(py::dict& d, const std::vector<open_deadline>& deadlines,
                                const std::vector<finding>& findings) {
  py::list dl, fl;
  for (const auto& x : deadlines) dl.append(to_dict(x));
  for (const auto& x : findings) fl.append(to_dict(x));
  d["deadlines"] = dl;
  d["findings"] = fl;
}

py::dict projection_dict(const case_projection& p) {
  py::dict d;
  d["case_id"] = p.case_id;
  d["version"] = p.version;
  d["stage"] = p.stage;
  d["remedy"] = p.remedy;
  d["procedure"] = p.proc;
  d["filed"] = p.filed ? py::cast(*p.filed) : py::none();
  d["decided"] = p.decided ? py::cast(*p.decided) : py::none();
  d["closed"] = p.closed ? py::cast(*p.closed) : py::none();
  d["outcome"] = p.outcome ? py::cast(*p.outcome) : py::none();
  d["last_event_at"] = py::cast(p.last_event_at);
  add_deadlines_and_findings(d, p.deadlines, p.findings);
  return d;
}

py::dict document_dict(const document& x) {
  py::dict d;
  d["kind"] = x.kind;
  d["number"] = x.number;
  d["date"] = py::cast(x.issued);
  d["signatories"] = x.signatories;
  d["pages"] = x.pages;
  d["signed_pages"] = x.signed_pages;
  d["volume"] = x.volume.empty() ? py::object(py::none()) : py::object(py::str(x.volume));
  return d;
}

py::dict report_dict(const verify_report& r) {
  py::dict d;
  d["ok"] = r.ok;
  d["events"] = r.events;
  d["cases"] = r.cases;
  d["head_hash"] = r.head_hash;
  if (r.problem) {
    py::dict p;
    p["seq"] = r.problem->seq;
    p["case_id"] = r.problem->case_id;
    p["case_seq"] = r.problem->case_seq;
    p["what"] = r.problem->what;
    d["problem"] = p;
  } else {
    d["problem"] = py::none();
  }
  d["notes"] = r.notes;
  return d;
}

}  // namespace

void bind_store(py::module_& m) {
  py::class_<store>(m, "Store", "A penaltyflow record store (one SQLite file, many cases).")
      .def(py::init([](const std::string& path, bool read_only, const std::string& sync,
                       std::shared_ptr<workflow> flow, unsigned verify_threads, bool pipelined_batches) {
             store_options o;
             o.mode = read_only ? open_mode::read_only : open_mode::read_write;
             o.verify_threads = verify_threads;
             o.pipelined_batches = pipelined_batches;
             if (sync == "full") o.sync = durability::full;
             else if (sync == "normal") o.sync = durability::normal;
             else throw invalid_argument_error("durability must be 'full' or 'normal', not '" + sync + "'");
             return std::make_unique<store>(path, flow ? *flow : workflow(), o);
           }),
           py::arg("path"), py::arg("read_only") = true, py::arg("durability") = "full",
           py::arg("workflow") = nullptr, py::arg("verify_threads") = 0u, py::arg("pipelined_batches") = true,
           "Opens a store. Read-only by default (never writes, never migrates); read_only=False creates the "
           "file if absent. verify_threads: ranges of the log verify() checks in parallel (0: one per hardware "
           "thread); pipelined_batches: large imports check on a second thread (store_options in C++). Raises "
           "StoreError, SchemaVersionError.")
      .def_property_readonly("path", &store::path)
      .def("case_ids", &store::case_ids, "The ids of all cases, sorted.")
      .def("version", &store::version, py::arg("case_id"), "Number of events of a case (0: unknown).")
      .def(
          "projection",
          [](const store& s, const std::string& id) -> py::object {
            auto p = s.projection(id);
            return p ? py::object(projection_dict(*p)) : py::object(py::none());
          },
          py::arg("case_id"), "The stored projection of a case (stage, key dates, deadlines, findings), or None.")
      .def(
          "history",
          [](const store& s, const std::string& id) {
            py::list out;
            py::object loads = py::module_::import("json").attr("loads");
            for (const auto& e : s.history(id)) {
              py::dict d;
              d["seq"] = e.seq;
              d["case_seq"] = e.case_seq;
              d["event"] = loads(event_to_json(e.ev));
              d["recorded_at"] = py::cast(e.recorded_at);
              py::list docs;
              for (const auto& x : e.documents) docs.append(document_dict(x));
              d["documents"] = docs;
              d["calendar_version"] = e.calendar_version;
              d["profile_version"] = e.profile_version;
              d["prev_hash"] = e.prev_hash;
              d["hash"] = e.hash;
              out.append(d);
            }
            return out;
          },
          py::arg("case_id"),
          "Every event of a case in order, each with its log position, recording time, documents (文书) and hashes.")
      .def(
          "state",
          [](const store& s, const std::string& id, date as_of) {
            const auto st = s.state_as_of(id, as_of);
            py::dict d;
            d["case_id"] = st.case_id;
            d["as_of"] = py::cast(st.as_of);
            d["events"] = st.events;
            d["stage"] = st.stage;
            d["remedy"] = st.remedy;
            add_deadlines_and_findings(d, st.deadlines, st.findings);
            return d;
          },
          py::arg("case_id"), py::arg("as_of"),
          "Time travel: stage, deadlines and findings as of a day (InvalidArgumentError for a day before the "
          "case's first event).")
      .def(
          "due",
          [](const store& s, date from, date to) {
            py::list out;
            for (const auto& it : s.due(from, to)) {
              py::dict d = to_dict(it.deadline);
              d["case_id"] = it.case_id;
              d["stage"] = it.stage;
              out.append(d);
            }
            return out;
          },
          py::arg("start"), py::arg("end"), "Open deadlines falling in [start, end] across all cases.")
      .def("closed_by_outcome", &store::closed_by_outcome, py::arg("year"),
           "Closed cases of a year by decision outcome.")
      .def(
          "verify", [](const store& s, bool full) {
            return report_dict(s.verify(full ? verify_depth::full : verify_depth::chain));
          },
          py::arg("full") = true,
          "Recomputes the hash chain (and, when full, replays every case against its projection). Names the "
          "first event that does not match.")
      .def(
          "checkpoint",
          [](const store& s) {
            const auto cp = s.make_checkpoint();
            py::dict d;
            d["count"] = cp.count;
            d["head_hash"] = cp.head_hash;
            d["json"] = cp.to_json();
            return d;
          },
          "The current checkpoint (event count and head hash) and its JSON export.")
      .def(
          "verify_checkpoint",
          [](const store& s, const std::string& checkpoint_json) {
            return report_dict(s.verify_checkpoint(checkpoint::parse(checkpoint_json, "<checkpoint>")));
          },
          py::arg("checkpoint_json"))
      .def(
          "import_history",
          [](store& s, const std::string& text, const instant& recorded_at, const std::string& source) {
            const auto r = s.import_history(text, source, recorded_at);
            py::dict d;
            d["case_id"] = r.case_id;
            d["events"] = r.events;
            d["already_present"] = r.already_present;
            return d;
          },
          py::arg("history_json"), py::arg("recorded_at"), py::arg("source") = "<history>",
          "Imports a case history, all or nothing; `recorded_at` is when the store records it (never the clock).")
      .def("export_history", &store::export_history, py::arg("case_id"),
           "A case's history as case-history JSON text.");
}

}  // namespace penaltyflow::python
