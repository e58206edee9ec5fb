// Conversions of workflow results to Python dicts (private to the bindings).
#pragma once

#include <penaltyflow/rules.hpp>
#include <penaltyflow/workflow.hpp>

#include <pybind11/pybind11.h>

namespace penaltyflow::python {

pybind11::dict to_dict(const refusal& r);
pybind11::list to_list(const refusal_list& rs);
pybind11::dict to_dict(const open_deadline& d);
pybind11::dict to_dict(const finding& f);

}  // namespace penaltyflow::python
