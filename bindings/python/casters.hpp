// Conversions between penaltyflow's C++ types and Python's (private to the bindings).
#pragma once

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/deadline.hpp>
#include <penaltyflow/error.hpp>

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <pybind11/pybind11.h>

#include <datetime.h>

#include <stdexcept>
#include <string>

namespace pybind11::detail {

/// The day of a datetime.date or datetime.datetime, which must be one penaltyflow supports (1900-01-01..2199-12-31,
/// calendar.hpp): any other is an InvalidArgumentError naming it, never Boost's out_of_range (which pybind11 would
/// raise as IndexError).
inline boost::gregorian::date date_of(PyObject* p) {
  const int y = PyDateTime_GET_YEAR(p), m = PyDateTime_GET_MONTH(p), d = PyDateTime_GET_DAY(p);
  if (y < penaltyflow::first_supported_year || y > penaltyflow::last_supported_year)
    throw penaltyflow::invalid_argument_error("the date " + std::to_string(y) + "-" + std::to_string(m) + "-" +
                                              std::to_string(d) +
                                              " is outside 1900-01-01..2199-12-31, the dates penaltyflow supports");
  return boost::gregorian::date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                                static_cast<unsigned short>(d));
}

/// boost::gregorian::date <-> datetime.date (a special date <-> None).
template <>
struct type_caster<boost::gregorian::date> {
  PYBIND11_TYPE_CASTER(boost::gregorian::date, const_name("datetime.date"));

  bool load(handle src, bool) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (!src || !PyDate_Check(src.ptr())) return false;
    value = date_of(src.ptr());
    return true;
  }

  static handle cast(const boost::gregorian::date& d, return_value_policy, handle) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (d.is_special()) return none().release();
    return PyDate_FromDate(d.year(), d.month(), d.day());
  }
};

/// boost::posix_time::ptime <-> datetime.datetime. Times are China Standard Time (UTC+8), the time of the
/// record: a naive datetime is taken as China time; an aware one (any tzinfo) is converted to China time first
/// (10:00 UTC is 18:00). Returned datetimes are naive, in China time.
template <>
struct type_caster<boost::posix_time::ptime> {
  PYBIND11_TYPE_CASTER(boost::posix_time::ptime, const_name("datetime.datetime"));

  bool load(handle src, bool) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (!src || !PyDateTime_Check(src.ptr())) return false;
    object local = reinterpret_borrow<object>(src);
    if (!local.attr("tzinfo").is_none() && !local.attr("utcoffset")().is_none()) {
      try {
        const object timezone = module_::import("datetime").attr("timezone");
        const object timedelta = module_::import("datetime").attr("timedelta");
        local = local.attr("astimezone")(timezone(timedelta(arg("hours") = 8)));
      } catch (const error_already_set& e) {
        throw penaltyflow::invalid_argument_error("the datetime " + std::string(str(src)) +
                                                  " cannot be converted to China time (UTC+8): " + e.what());
      }
    }
    auto* p = local.ptr();
    value = boost::posix_time::ptime(
        date_of(p), boost::posix_time::hours(PyDateTime_DATE_GET_HOUR(p)) +
                        boost::posix_time::minutes(PyDateTime_DATE_GET_MINUTE(p)) +
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
