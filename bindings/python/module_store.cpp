// penaltyflow._core: the record store for Python — read-only by default, as analysts use it.
#include "casters.hpp"
#include "convert.hpp"

#include <penaltyflow/document.hpp>
#include <penaltyflow/event_json.hpp>
#include <penaltyflow/store.hpp>
#include <penaltyflow/store_json.hpp>

#include <pybind11/stl.h>

#include <map>

namespace py = pybind11;

namespace penaltyflow::python {

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
            return p ? from_json(to_json(*p)) : py::object(py::none());
          },
          py::arg("case_id"), "The stored projection of a case (stage, key dates, deadlines, findings), or None.")
      .def(
          "history",
          [](const store& s, const std::string& id) { return list_from_json(s.history(id)); },
          py::arg("case_id"),
          "Every event of a case in order, each with its log position, recording time, documents (文书) and hashes.")
      .def(
          "state",
          [](const store& s, const std::string& id, date as_of) { return from_json(to_json(s.state_as_of(id, as_of))); },
          py::arg("case_id"), py::arg("as_of"),
          "Time travel: stage, deadlines and findings as of a day (InvalidArgumentError for a day before the "
          "case's first event).")
      .def(
          "due",
          [](const store& s, date from, date to) {
            // Each listed case's execution items as of the day of its last event, as `penaltyflow due` gives them.
            // Cost: a replay of each case listed.
            const auto items = s.due(from, to);
            std::map<std::string, case_state> states;
            for (const auto& it : items)
              if (!states.count(it.case_id))
                states.emplace(it.case_id, s.state_as_of(it.case_id, s.projection(it.case_id)->last_event_at.date()));
            py::list out;
            for (const auto& it : items) out.append(from_json(to_json(it, states.at(it.case_id), overdue_key::without)));
            return out;
          },
          py::arg("start"), py::arg("end"), "Open deadlines falling in [start, end] across all cases, each with its case's execution items.")
      .def("closed_by_outcome", &store::closed_by_outcome, py::arg("year"),
           "Closed cases of a year by decision outcome.")
      .def(
          "verify", [](const store& s, bool full) {
            return from_json(to_json(s.verify(full ? verify_depth::full : verify_depth::chain)));
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
            return from_json(to_json(s.verify_checkpoint(checkpoint::parse(checkpoint_json, "<checkpoint>"))));
          },
          py::arg("checkpoint_json"))
      .def(
          "import_history",
          [](store& s, const std::string& text, const instant& recorded_at, const std::string& source,
             bool provisional_ok) {
            return from_json(to_json(s.import_history(
                text, source, recorded_at, provisional_ok ? coverage_policy::provisional_ok : coverage_policy::strict)));
          },
          py::arg("history_json"), py::arg("recorded_at"), py::arg("source") = "<history>",
          py::arg("provisional_ok") = false,
          "Imports a case history, all or nothing; `recorded_at` is when the store records it (never the clock). "
          "provisional_ok: accept, with the mark, events judged on days past the calendar's coverage.")
      .def(
          "append",
          [](store& s, const std::string& case_id, std::uint64_t expected, const std::string& event_json,
             const instant& recorded_at, const std::vector<std::string>& documents, bool provisional_ok) {
            std::vector<document> docs;
            for (const auto& d : documents) docs.push_back(parse_document_json(d, "<document>"));
            const auto r = s.append(case_id, expected, event_from_json(event_json, "<event>"), recorded_at, docs,
                                    provisional_ok ? coverage_policy::provisional_ok : coverage_policy::strict);
            return from_json(to_json(r, case_id));
          },
          py::arg("case_id"), py::arg("expected"), py::arg("event_json"), py::arg("recorded_at"),
          py::arg("documents") = std::vector<std::string>{}, py::arg("provisional_ok") = false,
          "Appends one event (case-history event JSON) to a case at version `expected` (0: a new case), with its "
          "documents (each a JSON object). Returns accepted, case_id, version, seq, hash, provisional, "
          "provisional_from and refusals: a refused event is returned, not raised. An event judged on a day past "
          "the calendar's coverage is refused (R-CALENDAR-PROVISIONAL) unless provisional_ok, and then accepted "
          "with provisional True and provisional_from. Raises ConflictError when the case is not at `expected`.")
      .def("export_history", &store::export_history, py::arg("case_id"),
           "A case's history as case-history JSON text.");
}

}  // namespace penaltyflow::python
