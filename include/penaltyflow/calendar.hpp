// penaltyflow — the working-day calendar (工作日历).
//
// Knows, for every day it covers, whether that day is a working day: Monday to Friday unless an official
// holiday (法定节假日), Saturday and Sunday unless an adjusted working day (调休上班). Knows its coverage and
// never guesses a day outside it: callers either get a coverage_error or, when they ask for it, an answer
// marked provisional (see deadline.hpp).
#pragma once

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow {

using date = boost::gregorian::date;

/// What an arrangement row says of a day.
enum class day_kind : std::uint8_t {
  ordinary,          ///< no arrangement: Monday-Friday work, Saturday-Sunday rest (used to cancel a row)
  holiday,           ///< a day off in an official holiday block (放假)
  adjusted_workday,  ///< a Saturday or Sunday made a working day (调休上班)
};

/// What the calendar knows of one day.
enum class day_status : std::uint8_t {
  working,  ///< a working day (工作日)
  rest,     ///< a weekend rest day or an official holiday
  unknown,  ///< outside the calendar's coverage
};

/// One row of a calendar file.
struct calendar_entry {
  date day;
  day_kind kind = day_kind::ordinary;
  int arrangement_year = 0;  ///< the year whose notice creates the row (2019 for 2018-12-30)
  std::string name;          ///< festival, for example "National Day 国庆节"
  std::string notice;        ///< the notice that creates it, for example "国办发明电〔2022〕16号"
  std::string source;        ///< "file:line" the row was read from
};

/// An immutable working-day calendar built from one or more arrangement sources.
///
/// Coverage: a year Y is covered when a loaded source has rows for arrangement year Y. The last days of
/// December of Y (from `next_notice_reach` on, December 22 by default) are covered only when Y+1 is covered
/// too, because the next year's New Year arrangement has reached back into December before (2018-12-29,
/// 2022-12-31, 2023-12-30/31). Explicit rows are known even outside covered years.
///
/// Precedence: sources are applied in the order given; a later row for the same date replaces an earlier
/// one (a local arrangement loaded after the national file wins). Within one source a date may appear once.
///
/// Cost: lookups are O(log n) in the number of rows; a calendar is cheap to copy (shared immutable data).
class calendar {
 public:
  /// The official national arrangements shipped with penaltyflow (arrangement years 2019-2026).
  static const calendar& national();

  /// Parses calendar files (format: docs/calendar.md) on top of `base`, in order.
  /// Throws file_format_error (file, line, reason) for malformed content, io_error if a file cannot be read.
  static calendar load(const std::vector<std::string>& files, const calendar& base = national());

  /// Parses calendar text; `source_name` is used in error messages. Throws file_format_error.
  static calendar parse(std::string_view text, std::string_view source_name, const calendar& base);

  /// A calendar with no rows and no coverage (every day unknown).
  calendar();

  /// Whether `d` is a working day, a rest day, or unknown (not covered and not listed).
  day_status status(date d) const;

  /// The arrangement row for `d`, if any (after precedence).
  const calendar_entry* entry(date d) const;

  /// Whether `d` is an official holiday row (used by the "official holidays only" roll reading).
  bool is_official_holiday(date d) const;

  /// Whether `d` is covered (its status is not unknown).
  bool covers(date d) const { return status(d) != day_status::unknown; }

  /// Arrangement years covered, ascending.
  const std::set<int>& covered_years() const;

  /// First and last covered day (not a-date-time when nothing is covered). Coverage may have gaps when
  /// the loaded years are not contiguous; `covers()` is the exact test.
  date first_covered() const;
  date last_covered() const;

  /// The hash of the data in effect: "sha256:" and the first 16 hex digits of the SHA-256 of a canonical
  /// serialisation (covered years and every row's date and kind, after precedence). Two calendars that
  /// classify every day alike have the same version, whatever files they came from.
  const std::string& version() const;

  /// The full 64-hex-digit SHA-256 behind version().
  const std::string& digest() const;

  /// All rows in date order (after precedence).
  std::vector<calendar_entry> entries() const;

  /// The sources applied, in order ("<built-in national>", file paths...).
  const std::vector<std::string>& sources() const;

  /// First day of December from which a year's coverage depends on the next year's notice.
  static constexpr int next_notice_reach_day = 22;

 private:
  struct data;
  explicit calendar(std::shared_ptr<const data> d);
  std::shared_ptr<const data> data_;
};

/// The days penaltyflow supports: 1900-01-01 to 2199-12-31. parse_date (hence every file and argument), the Python
/// module and the workflow (for an event built in code) refuse any other day with an invalid_argument_error naming
/// the field; an event may be dated at most last_event_day, a century before the end, so that every period it
/// starts ends inside the range; a period count that would walk past last_supported_day throws
/// invalid_argument_error naming the period, never Boost's bare "Year is out of valid range".
inline constexpr int first_supported_year = 1900;
inline constexpr int last_supported_year = 2199;
inline constexpr int last_event_year = 2099;
/// Whether `d` is a day from 1900-01-01 to 2199-12-31.
bool supported(date d) noexcept;
/// Throws invalid_argument_error naming `what` unless `d` is a supported day.
void check_supported(date d, std::string_view what);

/// Formats a date as YYYY-MM-DD.
std::string to_iso(date d);

/// Parses a strict YYYY-MM-DD date. Throws invalid_argument_error naming `what` for malformed or
/// impossible dates (2023-02-29, 2023-13-01).
date parse_date(std::string_view text, std::string_view what = "date");

}  // namespace penaltyflow
