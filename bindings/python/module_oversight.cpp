// penaltyflow._core: oversight for analysts — case summaries as columns (for DataFrames), the case-file
// evaluation, the annual statistics and the discretion benchmarks (oversight.hpp).
#include "casters.hpp"
#include "convert.hpp"

#include <penaltyflow/oversight.hpp>
#include <penaltyflow/oversight_json.hpp>
#include <penaltyflow/sample_year.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <array>
#include <unordered_map>

namespace py = pybind11;

namespace penaltyflow::python {

namespace {

/// A string column as dictionary codes: analysts' string columns (stage, outcome, ...) have few values, and
/// pandas builds a Categorical from codes without a Python object per row.
struct coded_column {
  std::vector<std::int32_t> codes;
  std::vector<std::string> categories;
  std::unordered_map<std::string, std::int32_t> index;

  void add(const std::string& s) {
    if (s.empty()) {
      codes.push_back(-1);  // missing
      return;
    }
    auto [it, fresh] = index.emplace(s, static_cast<std::int32_t>(categories.size()));
    if (fresh) categories.push_back(s);
    codes.push_back(it->second);
  }
  py::tuple to_python() const {
    return py::make_tuple(py::array_t<std::int32_t>(static_cast<py::ssize_t>(codes.size()), codes.data()),
                          py::cast(categories));
  }
};

constexpr std::int64_t no_day = INT64_MIN;  // becomes NaT

std::int64_t days_since_epoch(const std::optional<date>& d) {
  static const date epoch(1970, 1, 1);
  return d ? (*d - epoch).days() : no_day;
}

template <class T>
py::array_t<T> numpy(const std::vector<T>& v) {
  return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
}

/// Columns of case summaries, filled one row at a time (the store streams them; no row objects are kept).
/// Converted to {"case_id": list[str], name: ("codes", (codes, categories)) | ("days", int64 days since 1970,
/// NaT for none) | ("int", int64) | ("float", float64, NaN for none)}; penaltyflow.cases_frame assembles them.
class summary_columns {
 public:
  void add(const case_summary& r) {
    ids_.push_back(r.case_id);
    const std::string* t[] = {&r.stage,       &r.remedy,         &r.proc,       &r.outcome,
                              &r.clue_source, &r.violation_type, &r.discretion, &r.circumstances};
    for (std::size_t i = 0; i < text_.size(); ++i) text_[i].add(*t[i]);
    const std::optional<date>* d[] = {&r.received, &r.filed, &r.decided, &r.closed, &r.concluded, &r.lawsuit_filed};
    for (std::size_t i = 0; i < days_.size(); ++i) days_[i].push_back(days_since_epoch(*d[i]));
    const std::int64_t v[] = {static_cast<std::int64_t>(r.version), r.legal_reviews, r.case_reviews,
                              r.collective_discussions, r.hearings_requested, r.hearings_held,
                              r.criminal_transfers, r.reconsiderations, r.lawsuits, r.court_sessions,
                              r.head_appearances, r.findings};
    for (std::size_t i = 0; i < ints_.size(); ++i) ints_[i].push_back(v[i]);
    fine_.push_back(r.fine_fen ? static_cast<double>(*r.fine_fen) : std::nan(""));
    decision_days_.push_back(r.decision_days ? static_cast<double>(*r.decision_days) : std::nan(""));
  }

  py::dict to_python() const {
    py::list ids;
    for (const auto& id : ids_) ids.append(py::str(id));
    py::dict out;
    out["case_id"] = ids;
    for (std::size_t i = 0; i < text_.size(); ++i) out[py::str(text_names[i])] = py::make_tuple("codes", text_[i].to_python());
    for (std::size_t i = 0; i < days_.size(); ++i) out[py::str(day_names[i])] = py::make_tuple("days", numpy(days_[i]));
    for (std::size_t i = 0; i < ints_.size(); ++i) out[py::str(int_names[i])] = py::make_tuple("int", numpy(ints_[i]));
    out["fine_fen"] = py::make_tuple("float", numpy(fine_));
    out["decision_days"] = py::make_tuple("float", numpy(decision_days_));
    return out;
  }

 private:
  static constexpr std::array<const char*, 8> text_names = {"stage",       "remedy",         "procedure",  "outcome",
                                                             "clue_source", "violation_type", "discretion", "circumstances"};
  static constexpr std::array<const char*, 6> day_names = {"received", "filed", "decided", "closed", "concluded",
                                                           "lawsuit_filed"};
  static constexpr std::array<const char*, 12> int_names = {
      "version",  "legal_reviews",      "case_reviews",     "collective_discussions", "hearings_requested",
      "hearings_held", "criminal_transfers", "reconsiderations", "lawsuits",     "court_sessions",
      "head_appearances", "findings"};
  std::vector<std::string> ids_;
  std::array<coded_column, 8> text_;
  std::array<std::vector<std::int64_t>, 6> days_;
  std::array<std::vector<std::int64_t>, 12> ints_;
  std::vector<double> fine_, decision_days_;
};

checklist checklist_from(const std::vector<std::string>& disabled) {
  auto list = checklist::derived();
  for (const auto& d : disabled) {
    bool known = false;
    for (const auto& c : evaluation_checks()) known = known || c.id == d;
    if (!known) throw invalid_argument_error("unknown check '" + d + "' (see penaltyflow.evaluation_checks())");
  }
  list.disabled = disabled;
  return list;
}

}  // namespace

void bind_oversight(py::module_& m) {
  auto store_class = py::reinterpret_borrow<py::object>(m.attr("Store"));
  py::class_<discretion_benchmarks>(m, "DiscretionBenchmarks",
                                    "A profile's discretion benchmarks (裁量基准): violation types and fine bands.")
      .def_static("load", &discretion_benchmarks::load, py::arg("path"),
                  "Reads data/discretion/<profile>.json; raises BenchmarkFormatError naming the field.")
      .def_readonly("profile", &discretion_benchmarks::profile)
      .def_readonly("source", &discretion_benchmarks::source)
      .def_readonly("confidence", &discretion_benchmarks::confidence)
      .def_property_readonly("violation_types", [](const discretion_benchmarks& b) {
        std::vector<std::string> ids;
        for (const auto& t : b.types) ids.push_back(t.id);
        return ids;
      });

  m.def("sample_cases", &sample_cases, py::arg("case_ids"), py::arg("n"), py::arg("seed"),
        "Draws n case ids reproducibly (SHA-256 ranks from seed and id; independent of order), in id order.");
  m.def(
      "evaluation_checks",
      [] {
        py::list out;
        for (const auto& c : evaluation_checks()) {
          py::dict d;
          d["check"] = std::string(c.id);
          d["title_zh"] = std::string(c.title_zh);
          d["title_en"] = std::string(c.title_en);
          out.append(d);
        }
        return out;
      },
      "The problem types the evaluation reports.");

  m.def(
      "generate_sample_year",
      [](const std::string& path, std::uint64_t seed, int year, std::size_t cases) {
        sample_year_spec spec;
        spec.seed = seed;
        spec.year = year;
        if (cases != spec.cases) {
          // Scale the mix with the size, as the C++ API's users do (sample_year.hpp).
          spec = scaled_sample_year_spec(spec, cases);
        }
        std::string manifest;
        {
          py::gil_scoped_release unlocked;
          store s(path, workflow(), store_options{durability::normal});
          if (!s.case_ids().empty())
            throw invalid_argument_error(path + ": the sample year needs a new or empty store");
          manifest = generate_sample_year(s, spec).to_json();
        }
        return py::module_::import("json").attr("loads")(manifest);
      },
      py::arg("path"), py::arg("seed") = 1, py::arg("year") = 2023, py::arg("cases") = 1000,
      "Writes a synthetic year of a city bureau (docs/sample-year.md) into a new or empty store file and returns "
      "its manifest: the counts the statistics must reproduce and the findings the evaluation must report.");

  py::class_<store> cls = py::reinterpret_borrow<py::class_<store>>(store_class);
  cls.def(
         "case_columns",
         [](const store& s, std::optional<date> from, std::optional<date> to) {
           if (from.has_value() != to.has_value())
             throw invalid_argument_error("give both concluded_from and concluded_to, or neither");
           summary_columns columns;
           {
             py::gil_scoped_release unlocked;
             const summary_filter filter =
                 from ? summary_filter{summary_filter::by::concluded, *from, *to} : summary_filter{};
             s.for_each_summary(filter, [&columns](case_summary& c) { columns.add(c); });
           }
           return columns.to_python();
         },
         py::arg("concluded_from") = py::none(), py::arg("concluded_to") = py::none(),
         "Case summaries as columns (use penaltyflow.cases_frame for a DataFrame).")
      .def(
          "evaluate",
          [](const store& s, const std::string& case_id, const std::vector<std::string>& disabled) {
            const auto list = checklist_from(disabled);
            const auto h = s.history(case_id);
            if (h.empty()) throw invalid_argument_error("no case \"" + case_id + "\" in " + s.path());
            return list_from_json(evaluate(h, s.flow(), list).findings);
          },
          py::arg("case_id"), py::arg("disabled") = std::vector<std::string>{},
          "Evaluates one case file (案卷评查): a list of findings (check, rule_id, citation, severity, case_seq, "
          "document, messages).")
      .def(
          "evaluate_all",
          [](const store& s, std::optional<date> from, std::optional<date> to, std::size_t sample, std::uint64_t seed,
             const std::vector<std::string>& disabled) {
            const auto list = checklist_from(disabled);
            evaluation_report r;
            {
              py::gil_scoped_release unlocked;
              r = evaluate_store(s, {from, to, sample, seed}, list);
            }
            return from_json(to_json(r));
          },
          py::arg("concluded_from") = py::none(), py::arg("concluded_to") = py::none(), py::arg("sample") = 0,
          py::arg("seed") = 0, py::arg("disabled") = std::vector<std::string>{},
          "Evaluates every case (or those concluded in a period, or a seeded sample of them): a dict with "
          "cases, cases_with_findings, by_problem, findings and case_ids.")
      .def(
          "statistics",
          [](const store& s, date from, date to, const discretion_benchmarks* bench, double factor,
             std::size_t min_group) {
            annual_statistics st;
            {
              py::gil_scoped_release unlocked;
              st = compute_statistics(s, from, to, bench, {factor, min_group});
            }
            py::dict d = py::module_::import("json").attr("loads")(to_json(st));
            d["decision_days_values"] = st.decision_days.values;
            d["case_days_values"] = st.case_days.values;
            return d;
          },
          py::arg("from_"), py::arg("to"), py::arg("benchmarks") = nullptr, py::arg("disparity_factor") = 2.0,
          py::arg("disparity_min_group") = 5,
          "The annual statistics of the cases concluded in [from_, to] (dict; keys as in docs/oversight.md).")
      .def(
          "report",
          [](const store& s, date from, date to, const std::string& format, const discretion_benchmarks* bench) {
            const auto st = compute_statistics(s, from, to, bench);
            if (format == "markdown") return to_markdown(st);
            if (format == "json") return to_json(st);
            if (format == "text") return to_text(st);
            throw invalid_argument_error("format must be 'text', 'json' or 'markdown', not '" + format + "'");
          },
          py::arg("from_"), py::arg("to"), py::arg("format") = "markdown", py::arg("benchmarks") = nullptr,
          "The annual statistics as text, JSON or a Markdown report with a chart.");
}

}  // namespace penaltyflow::python
