// penaltyflow._core: the C++ library for Python. The pure-Python package `penaltyflow` re-exports it.
#include "casters.hpp"

#include <penaltyflow/penaltyflow.hpp>

#include <pybind11/stl.h>

#include <new>
#include <stdexcept>

namespace py = pybind11;
using namespace penaltyflow;

namespace {

std::string_view status_name(day_status s) {
  switch (s) {
    case day_status::working: return "working";
    case day_status::rest: return "rest";
    case day_status::unknown: return "unknown";
  }
  return "unknown";
}

std::vector<excluded_time> to_pauses(const std::vector<py::tuple>& pauses) {
  std::vector<excluded_time> out;
  for (const auto& t : pauses) {
    if (t.size() != 2 && t.size() != 3)
      throw invalid_argument_error("a pause is a tuple (from, to) or (from, to, reason)");
    excluded_time p;
    p.from = t[0].cast<date>();
    p.to = t[1].cast<date>();
    if (t.size() == 3 && !t[2].is_none()) p.reason = parse_exclusion(t[2].cast<std::string>());
    out.push_back(p);
  }
  return out;
}

std::vector<extension> to_extensions(const std::vector<py::object>& exts) {
  std::vector<extension> out;
  for (const auto& o : exts) {
    extension e;
    if (py::isinstance<py::int_>(o)) {
      e.amount = o.cast<int>();
      e.by = out.empty() ? approver::head : approver::collective_discussion;
    } else {
      auto t = o.cast<py::tuple>();
      if (t.size() != 2) throw invalid_argument_error("an extension is N or a tuple (N, 'head' | 'collective')");
      e.amount = t[0].cast<int>();
      const auto by = t[1].cast<std::string>();
      if (by == "head") e.by = approver::head;
      else if (by == "collective") e.by = approver::collective_discussion;
      else throw invalid_argument_error("extension approver must be 'head' or 'collective', not '" + by + "'");
    }
    out.push_back(e);
  }
  return out;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "penaltyflow: lawful, on-time and auditable administrative-penalty case handling (C++ core).";
  m.attr("__version__") = version_string;

  // Exceptions: one Python class per error code, all rooted in penaltyflow.Error (which derives from
  // Exception). The classes themselves are created in Python (penaltyflow/_errors.py) and looked up here.
  // Leaked on purpose: it must outlive interpreter shutdown, when static destructors run.
  static auto* errors = new py::object(py::module_::import("penaltyflow._errors"));
  // Sets the Python error: the class for `code` (penaltyflow.Error for "error"), with code and message, and for a
  // file-format error its file and line.
  static const auto raise = [](const std::string& code, const char* what, const std::string& message,
                               const file_format_error* f = nullptr) {
    py::object cls = errors->attr("class_for_code")(code);
    py::object exc = cls(what);
    exc.attr("code") = code;
    exc.attr("message") = message;
    if (f) {
      exc.attr("file") = f->file();
      exc.attr("line") = f->line();
    }
    PyErr_SetObject(cls.ptr(), exc.ptr());
  };
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const penaltyflow::error& e) {
      raise(std::string(to_string(e.code())), e.what(), e.message(), dynamic_cast<const file_format_error*>(&e));
    } catch (const py::builtin_exception&) {
      throw;  // pybind11's own (StopIteration, a cast's TypeError, ...): Python's meaning
    } catch (const py::error_already_set&) {
      throw;  // a Python exception raised in a callback goes back as it was
    } catch (const std::bad_alloc&) {
      throw;  // MemoryError
    } catch (const std::logic_error& e) {
      // A standard exception from inside (a Boost date out of range, a bad argument; not expected, the library
      // throws penaltyflow errors, docs/errors.md): never a bare IndexError or ValueError, always a penaltyflow
      // error, its message printable like theirs.
      const std::string message = printable_text(e.what());
      raise(std::string(to_string(error_code::invalid_argument)), message.c_str(), message);
    } catch (const std::exception& e) {
      const std::string message = printable_text(e.what());
      raise("error", message.c_str(), message);  // penaltyflow.Error, never a bare RuntimeError
    }
  });

  py::class_<calendar>(m, "Calendar", "A working-day calendar: official holidays and 调休 workdays, with coverage.")
      .def_static("national", &calendar::national, py::return_value_policy::reference,
                  "The official national arrangements shipped with penaltyflow (2019-2026).")
      .def_static(
          "load",
          [](const std::vector<std::string>& files, const calendar* base) {
            return calendar::load(files, base ? *base : calendar::national());
          },
          py::arg("files"), py::arg("base") = nullptr,
          "Loads calendar files on top of `base` (the national calendar by default); later files win. "
          "Raises CalendarFormatError (with .file and .line) for a malformed file.")
      .def_static(
          "parse",
          [](const std::string& text, const std::string& source, const calendar* base) {
            return calendar::parse(text, source, base ? *base : calendar::national());
          },
          py::arg("text"), py::arg("source") = "<string>", py::arg("base") = nullptr)
      .def("status", [](const calendar& c, date d) { return std::string(status_name(c.status(d))); },
           py::arg("day"), "'working', 'rest' or 'unknown' (outside the coverage).")
      .def("is_working_day", [](const calendar& c, date d) { return c.status(d) == day_status::working; })
      .def_property_readonly("version", &calendar::version)
      .def_property_readonly("digest", &calendar::digest)
      .def_property_readonly("covered_years", [](const calendar& c) {
        return std::vector<int>(c.covered_years().begin(), c.covered_years().end());
      })
      .def_property_readonly("first_covered", &calendar::first_covered)
      .def_property_readonly("last_covered", &calendar::last_covered)
      .def_property_readonly("sources", &calendar::sources)
      .def("__repr__", [](const calendar& c) { return "<Calendar " + c.version() + ">"; });

  py::class_<period_definition>(m, "Period", "A statutory period of the catalogue.")
      .def_readonly("id", &period_definition::id)
      .def_readonly("rule_id", &period_definition::rule_id)
      .def_readonly("title_zh", &period_definition::title_zh)
      .def_readonly("title_en", &period_definition::title_en)
      .def_readonly("amount", &period_definition::amount)
      .def_property_readonly("unit", [](const period_definition& p) { return std::string(to_string(p.unit)); })
      .def_property_readonly("kind", [](const period_definition& p) { return std::string(to_string(p.kind)); })
      .def_readonly("start_zh", &period_definition::start_zh)
      .def_readonly("start_en", &period_definition::start_en)
      .def_property_readonly("citation", &period_definition::citation_text)
      .def_property_readonly("confidence", [](const period_definition& p) { return std::string(to_string(p.tag)); })
      .def_readonly("configurable", &period_definition::configurable)
      .def_readonly("note", &period_definition::note)
      .def_property_readonly("extension",
                             [](const period_definition& p) { return std::string(to_string(p.extension)); })
      .def_readonly("extension_cap", &period_definition::extension_cap)
      .def_property_readonly("in_force_from", [](const period_definition& p) { return p.effective.from; })
      .def_property_readonly("in_force_until", [](const period_definition& p) { return p.effective.until; })
      .def_property_readonly("exclusions",
                             [](const period_definition& p) {
                               std::vector<std::string> v;
                               for (auto e : p.exclusions) v.emplace_back(to_string(e));
                               return v;
                             })
      .def("__repr__", [](const period_definition& p) {
        return "<Period " + p.id + ": " + std::to_string(p.amount) + " " + std::string(to_string(p.unit)) + ">";
      });

  py::class_<due_date>(m, "DueDate", "A computed due date with what it rests on.")
      .def_readonly("period_id", &due_date::period_id)
      .def_readonly("start", &due_date::start)
      .def_readonly("due", &due_date::due)
      .def_readonly("due_time", &due_date::due_instant)
      .def_readonly("nominal_due", &due_date::nominal_due)
      .def_readonly("rolled", &due_date::rolled)
      .def_readonly("excluded_days", &due_date::excluded_days)
      .def_readonly("extended_by", &due_date::extended_by)
      .def_readonly("provisional", &due_date::provisional)
      .def_readonly("first_assumed_day", &due_date::first_assumed_day)
      .def_readonly("calendar_version", &due_date::calendar_version)
      .def_readonly("citation", &due_date::citation)
      .def("__repr__", [](const due_date& r) {
        return "<DueDate " + r.period_id + " " + to_iso(r.due) + (r.provisional ? " provisional" : "") + ">";
      });

  m.def(
      "periods", [] { return period_catalogue::national().all(); },
      "The catalogue of statutory periods (legal-rules.md section 1).");
  m.def(
      "period",
      [](const std::string& id, std::optional<date> on) {
        return on ? period_catalogue::national().at(id, *on) : period_catalogue::national().at(id);
      },
      py::arg("id"), py::arg("on") = std::nullopt,
      "The period with that id: the text in force on `on` (a period applies by the day it starts), or without "
      "`on` the text in force last. Raises UnknownPeriodError.");
  m.def(
      "due_date",
      [](const std::string& period_id, date start, const std::vector<py::tuple>& pauses,
         const std::vector<py::object>& extensions, const calendar* cal, bool provisional_ok,
         const std::string& roll) {
        counting_options opt;
        opt.coverage = provisional_ok ? coverage_policy::provisional_ok : coverage_policy::strict;
        if (roll == "rest-days") opt.roll = roll_reading::rest_days;
        else if (roll == "official-holidays") opt.roll = roll_reading::official_holidays_only;
        else throw invalid_argument_error("roll must be 'rest-days' or 'official-holidays', not '" + roll + "'");
        const auto& p = period_catalogue::national().at(period_id, start);  // the text in force that day
        return compute_due_date(p, start, cal ? *cal : calendar::national(), to_pauses(pauses),
                                to_extensions(extensions), opt);
      },
      py::arg("period"), py::arg("start"), py::arg("pauses") = std::vector<py::tuple>{},
      py::arg("extensions") = std::vector<py::object>{}, py::arg("calendar") = nullptr,
      py::arg("provisional_ok") = false, py::arg("roll") = "rest-days",
      "The due date of a statutory period started on `start` (not counted). pauses: (from, to[, reason]); "
      "extensions: N or (N, 'head'|'collective'). Raises CoverageError outside the calendar unless "
      "provisional_ok, InvalidArgumentError for input the law does not allow.");
  m.def(
      "due_time",
      [](const std::string& period_id, const instant& start, const calendar* cal) {
        return compute_due_instant(period_catalogue::national().at(period_id), start,
                                   cal ? *cal : calendar::national());
      },
      py::arg("period"), py::arg("start"), py::arg("calendar") = nullptr,
      "The end of an hour period (the starting hour is not counted).");
  m.def(
      "working_days_between",
      [](date from, date to, const calendar* cal) {
        return working_days_between(cal ? *cal : calendar::national(), from, to);
      },
      py::arg("start"), py::arg("end"), py::arg("calendar") = nullptr, "Working days in (start, end].");

  python::bind_workflow(m);
  python::bind_store(m);
  python::bind_oversight(m);
}
