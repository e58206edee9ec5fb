// The library's JSON as Python values (private to the bindings). Every dict the module returns for a model
// type is made here from that type's one JSON mapping (workflow_json.hpp, store_json.hpp, oversight_json.hpp):
// the keys are the JSON's, so the Python module and the CLI cannot differ. Only the value types are Python's.
#pragma once

#include <penaltyflow/workflow_json.hpp>

#include <pybind11/pybind11.h>

#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow::python {

namespace detail {

/// Keys whose values are days ("YYYY-MM-DD" in JSON): datetime.date in Python (docs/json.md).
inline bool day_key(std::string_view k) {
  for (std::string_view d : {"as_of", "start", "due", "done", "date", "taken", "executed", "filed", "decided",
                             "closed", "provisional_from", "in_force_from", "in_force_until"})
    if (k == d) return true;
  return false;
}

/// Keys whose values are times ("YYYY-MM-DDTHH:MM:SS", China time): naive datetime.datetime in Python.
inline bool time_key(std::string_view k) { return k == "at" || k == "recorded_at" || k == "last_event_at"; }

inline void convert_values(pybind11::handle o, const pybind11::object& date_cls, const pybind11::object& datetime_cls) {
  namespace py = pybind11;
  if (py::isinstance<py::list>(o)) {
    for (auto x : py::reinterpret_borrow<py::list>(o)) convert_values(x, date_cls, datetime_cls);
    return;
  }
  if (!py::isinstance<py::dict>(o)) return;
  auto d = py::reinterpret_borrow<py::dict>(o);
  std::vector<py::object> keys;
  for (auto kv : d) keys.push_back(py::reinterpret_borrow<py::object>(kv.first));
  for (const auto& k : keys) {
    const auto name = k.cast<std::string>();
    py::object v = d[k];
    if (name == "event") continue;  // a stored event's case-history object stays as the format writes it
    if (py::isinstance<py::str>(v)) {
      if (day_key(name)) d[k] = date_cls.attr("fromisoformat")(v);
      else if (time_key(name)) d[k] = datetime_cls.attr("fromisoformat")(v);
    } else {
      convert_values(v, date_cls, datetime_cls);
    }
  }
}

}  // namespace detail

/// A JSON text of the library's mapping as Python dicts and lists, day keys as datetime.date and time keys as
/// datetime.datetime.
inline pybind11::object from_json(const std::string& text) {
  namespace py = pybind11;
  py::object o = py::module_::import("json").attr("loads")(text);
  const py::module_ dt = py::module_::import("datetime");
  detail::convert_values(o, dt.attr("date"), dt.attr("datetime"));
  return o;
}

/// A list of model values as a Python list of dicts, each from its to_json (with `options`).
template <class T, class... Options>
pybind11::list list_from_json(const std::vector<T>& xs, Options... options) {
  pybind11::list out;
  for (const auto& x : xs) out.append(from_json(to_json(x, options...)));
  return out;
}

}  // namespace penaltyflow::python
