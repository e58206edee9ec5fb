// penaltyflow — computing due dates as the law counts them.
//
// 程序规定 第八十条: the start day (or hour) is not counted; transit time is not counted; a period whose last
// day is a statutory holiday ends on the first day after it. 程序规定 第八十四条: "内" includes the last day.
// 处罚法 第八十五条: its 2/3/5/7-day periods are working days. Nothing here reads the clock.
#pragma once

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/period.hpp>

#include <boost/date_time/posix_time/ptime.hpp>

#include <optional>
#include <string>
#include <vector>

namespace penaltyflow {

using instant = boost::posix_time::ptime;  ///< a local time in China (UTC+8, no daylight saving)

/// How "法定节假日" in 程序规定 第八十条 is read when a natural-day, month or year period ends on a day off.
enum class roll_reading : std::uint8_t {
  rest_days,               ///< default: weekend rest days and official holidays (consistent with 民法典 第二百零三条)
  official_holidays_only,  ///< only the days of an official holiday block
};

/// What to do when a computation needs a day outside the calendar's coverage.
enum class coverage_policy : std::uint8_t {
  strict,          ///< throw coverage_error (default: never a silent guess)
  provisional_ok,  ///< classify unknown days by the statutory holidays and their 补假 (statutory_holidays.hpp)
                   ///< and mark the result provisional: the 调休 of a notice not yet loaded are unknown
};

struct counting_options {
  roll_reading roll = roll_reading::rest_days;
  coverage_policy coverage = coverage_policy::strict;
};

/// Excluded time (a pause of the clock): every day from `from` to `to` inclusive is not counted.
struct excluded_time {
  date from;
  date to;
  std::optional<exclusion> reason;  ///< checked against the period's exclusions when given
};

/// The days of `pauses` that fall in (after, upto], each day counted once however the pauses overlap: the
/// time a natural-day period does not count (e.g. the days a case used of the 90-day decision period).
int excluded_days_between(date after, date upto, const std::vector<excluded_time>& pauses);


/// Who approved an extension.
enum class approver : std::uint8_t {
  head,                   ///< 市场监督管理部门负责人批准
  collective_discussion,  ///< 负责人集体讨论决定
};

/// An approved extension, in the period's own unit.
struct extension {
  int amount = 0;
  approver by = approver::head;
};

/// The result of a computation.
struct due_date {
  std::string period_id;
  date start;                   ///< the day the period starts from (not counted)
  date due;                     ///< the last day on which the act is on time ("内" includes it); for a
                                ///< minimum_notice period, the last day of the notice period
  std::optional<instant> due_instant;  ///< hour periods: the exact end
  date nominal_due;             ///< before rolling forward off a rest day
  bool rolled = false;          ///< due != nominal_due because the last day was not a working day
  int excluded_days = 0;        ///< days not counted because of pauses
  int extended_by = 0;          ///< total approved extension, in the period's unit
  bool provisional = false;     ///< some day outside the calendar's coverage was assumed (statutory holidays only)
  std::optional<date> first_assumed_day;  ///< the first such day
  std::string calendar_version;
  std::string citation;         ///< the period's citations
};

/// Computes the due date of `period` started on `start`.
/// Throws invalid_argument_error for an inverted pause, a pause reason the period does not exclude, an
/// extension the period's policy does not allow; coverage_error when a needed day is not covered and
/// `options.coverage` is strict. Cost: O(days in the period).
due_date compute_due_date(const period_definition& period, date start, const calendar& cal,
                          const std::vector<excluded_time>& pauses = {}, const std::vector<extension>& extensions = {},
                          const counting_options& options = {});

/// Hour periods (e.g. the 24-hour report after an emergency measure): the hour in which `start` falls is
/// not counted, so the period runs from the next full hour. Throws invalid_argument_error if `period` is not
/// counted in hours.
due_date compute_due_instant(const period_definition& period, instant start, const calendar& cal);

/// The `n`-th working day after `start` (start not counted), skipping paused days. n >= 1.
/// Sets `*provisional` (when not null) if an unknown day had to be assumed; throws coverage_error otherwise.
date add_working_days(const calendar& cal, date start, int n, const std::vector<excluded_time>& pauses = {},
                      coverage_policy coverage = coverage_policy::strict, bool* provisional = nullptr,
                      std::optional<date>* first_assumed = nullptr);

/// Number of working days in (from, to] — the days after `from` up to and including `to`.
int working_days_between(const calendar& cal, date from, date to,
                         coverage_policy coverage = coverage_policy::strict, bool* provisional = nullptr);

/// Parses "YYYY-MM-DDTHH:MM" (or with ":SS"). Throws invalid_argument_error.
instant parse_instant(std::string_view text, std::string_view what = "time");
std::string to_iso(const instant& t);

}  // namespace penaltyflow
