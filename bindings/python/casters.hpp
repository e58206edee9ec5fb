// Conversions between penaltyflow's C++ types and Python's (private to the bindings).
#pragma once

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/deadline.hpp>

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <pybind11/pybind11.h>

#include <datetime.h>

namespace pybind11::detail {

/// boost::gregorian::date <-> datetime.date (a special date <-> None).
template <>
struct type_caster<boost::gregorian::date> {
  PYBIND11_TYPE_CASTER(boost::gregorian::date, const_name("datetime.date"));

  bool load(handle src, bool) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (!src || !PyDate_Check(src.ptr())) return false;
    value = boost::gregorian::date(static_cast<unsigned short>(PyDateTime_GET_YEAR(src.ptr())),
                                   static_cast<unsigned short>(PyDateTime_GET_MONTH(src.ptr())),
                                   static_cast<unsigned short>(PyDateTime_GET_DAY(src.ptr())));
    return true;
  }

  static handle cast(const boost::gregorian::date& d, return_value_policy, handle) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (d.is_special()) return none().release();
    return PyDate_FromDate(d.year(), d.month(), d.day());
  }
};

/// boost::posix_time::ptime <-> naive datetime.datetime (local time in China).
template <>
struct type_caster<boost::posix_time::ptime> {
  PYBIND11_TYPE_CASTER(boost::posix_time::ptime, const_name("datetime.datetime"));

  bool load(handle src, bool) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (!src || !PyDateTime_Check(src.ptr())) return false;
    auto* p = src.ptr();
    value = boost::posix_time::ptime(
        boost::gregorian::date(static_cast<unsigned short>(PyDateTime_GET_YEAR(p)),
                               static_cast<unsigned short>(PyDateTime_GET_MONTH(p)),
                               static_cast<unsigned short>(PyDateTime_GET_DAY(p))),
        boost::posix_time::hours(PyDateTime_DATE_GET_HOUR(p)) + boost::posix_time::minutes(PyDateTime_DATE_GET_MINUTE(p)) +
            boost::posix_time::seconds(PyDateTime_DATE_GET_SECOND(p)));
    return true;
  }

  static handle cast(const boost::posix_time::ptime& t, return_value_policy, handle) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (t.is_special()) return none().release();
    const auto d = t.date();
    const auto tod = t.time_of_day();
    return PyDateTime_FromDateAndTime(d.year(), d.month(), d.day(), static_cast<int>(tod.hours()),
                                      static_cast<int>(tod.minutes()), static_cast<int>(tod.seconds()), 0);
  }
};

}  // namespace pybind11::detail

namespace penaltyflow::python {

/// Registers the submodules' bindings (each defined in its own source file, compiled when present).
void bind_workflow(pybind11::module_& m);
void bind_store(pybind11::module_& m);
void bind_oversight(pybind11::module_& m);

}  // namespace penaltyflow::python
