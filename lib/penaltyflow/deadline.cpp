#include <penaltyflow/deadline.hpp>
#include <penaltyflow/error.hpp>
#include <penaltyflow/statutory_holidays.hpp>

#include "penaltyflow/detail/provisional_watch.hpp"
#include "penaltyflow/detail/text.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>
#include <boost/date_time/posix_time/posix_time_types.hpp>

#include <algorithm>

namespace penaltyflow {

namespace detail {

namespace {
thread_local provisional_watch* innermost_watch = nullptr;
}

provisional_watch::provisional_watch() : prev_(innermost_watch) { innermost_watch = this; }
provisional_watch::~provisional_watch() { innermost_watch = prev_; }

void provisional_watch::note(date first_assumed) {
  if (auto* w = innermost_watch; w && (!w->first_ || first_assumed < *w->first_)) w->first_ = first_assumed;
}

}  // namespace detail

namespace {

using boost::gregorian::days;

std::string coverage_message(const calendar& cal, date d) {
  const auto& years = cal.covered_years();
  std::string covered = years.empty() ? std::string("none")
                                      : std::to_string(*years.begin()) + "-" + std::to_string(*years.rbegin());
  std::string why;
  const int y = d.year();
  if (years.count(y) && d.month() == 12) {
    why = to_iso(d) + " depends on the " + std::to_string(y + 1) +
          " State Council holiday notice (its New Year arrangement may reach back into late December), "
          "which is not loaded";
  } else {
    why = to_iso(d) + " is outside the calendar's coverage: the " + std::to_string(y) +
          " State Council holiday notice is not loaded";
  }
  return why + " (arrangement years loaded: " + covered + ", calendar " + cal.version() +
         "). Load the notice with a calendar file, or ask for a provisional result.";
}

/// Classifies days for one computation: strict coverage throws; provisional classifies an unknown day by the
/// statutory holidays and their 补假 (全国年节及纪念日放假办法 第二条、第六条; statutory_holidays.hpp).
struct day_oracle {
  day_oracle(const calendar& c, coverage_policy p) : cal(c), policy(p) {}
  const calendar& cal;
  coverage_policy policy;
  bool provisional = false;
  std::optional<date> first_assumed;

  bool working(date d) {
    switch (cal.status(d)) {
      case day_status::working: return true;
      case day_status::rest: return false;
      case day_status::unknown: break;
    }
    if (policy == coverage_policy::strict) throw coverage_error(coverage_message(cal, d));
    if (!provisional) first_assumed = d;
    provisional = true;
    return statutory_holidays::national().working(d);
  }

  /// For the "official holidays only" roll reading: is `d` inside an official holiday block?
  bool official_holiday(date d) {
    if (cal.status(d) == day_status::unknown) {
      if (policy == coverage_policy::strict) throw coverage_error(coverage_message(cal, d));
      if (!provisional) first_assumed = d;
      provisional = true;
      return statutory_holidays::national().find(d) != nullptr;
    }
    return cal.is_official_holiday(d);
  }
};

/// Sorted, merged pauses (validated by the caller).
struct pause_set {
  std::vector<std::pair<date, date>> spans;

  explicit pause_set(const std::vector<excluded_time>& pauses) {
    for (const auto& p : pauses) spans.emplace_back(p.from, p.to);
    std::sort(spans.begin(), spans.end());
    std::vector<std::pair<date, date>> merged;
    for (const auto& s : spans) {
      if (!merged.empty() && s.first <= merged.back().second + days(1)) {
        merged.back().second = std::max(merged.back().second, s.second);
      } else {
        merged.push_back(s);
      }
    }
    spans = std::move(merged);
  }

  bool contains(date d) const {
    for (const auto& s : spans)
      if (d >= s.first && d <= s.second) return true;
    return false;
  }

  int count_in(date after, date upto) const {  // paused days in (after, upto]
    long n = 0;
    for (const auto& s : spans) {
      const date a = std::max(s.first, after + days(1));
      const date b = std::min(s.second, upto);
      if (a <= b) n += (b - a).days() + 1;
    }
    return static_cast<int>(n);
  }
};

}  // namespace

int excluded_days_between(date after, date upto, const std::vector<excluded_time>& pauses) {
  return pause_set(pauses).count_in(after, upto);
}

namespace {

void check_date(date d, std::string_view what) {
  if (d.is_special()) throw invalid_argument_error(std::string(what) + " is not a valid date");
  check_supported(d, what);
}

const date last_supported_day(last_supported_year, 12, 31);

/// The day after `d`, for a count of `what` that began on `start`. A count never walks past the last supported
/// day: it throws there, naming the count, instead of running on towards the end of Boost's dates.
date next_day(date d, std::string_view what, date start) {
  if (d >= last_supported_day)
    throw invalid_argument_error(std::string(what) + " from " + to_iso(start) +
                                 " walks past 2199-12-31, the last day penaltyflow supports / 期限计算超出支持的日期范围");
  return d + days(1);
}

void validate_pauses(const period_definition& p, const std::vector<excluded_time>& pauses) {
  for (const auto& pz : pauses) {
    check_date(pz.from, "pause start");
    check_date(pz.to, "pause end");
    if (pz.to < pz.from)
      throw invalid_argument_error("pause " + to_iso(pz.from) + ".." + to_iso(pz.to) +
                                   " is inverted: its end is before its start");
    if (pz.reason && !p.excludes(*pz.reason)) {
      std::string allowed;
      for (auto e : p.exclusions) allowed += std::string(allowed.empty() ? "" : ", ") + std::string(to_string(e));
      throw invalid_argument_error("period \"" + p.id + "\" (" + p.citation_text() + ") does not exclude " +
                                   std::string(to_string(*pz.reason)) + " time; it excludes " +
                                   (allowed.empty() ? std::string("only transit time") : allowed + ", transit"));
    }
  }
  if (!pauses.empty() && p.exclusions.empty()) {
    for (const auto& pz : pauses)
      if (!pz.reason)
        throw invalid_argument_error("period \"" + p.id + "\" (" + p.citation_text() +
                                     ") names no excluded time; a pause must give its reason (transit)");
  }
}

int validate_extensions(const period_definition& p, const std::vector<extension>& exts) {
  int total = 0;
  const std::string who = "period \"" + p.id + "\" (" + p.citation_text() + ")";
  for (std::size_t i = 0; i < exts.size(); ++i) {
    const auto& e = exts[i];
    if (e.amount <= 0) throw invalid_argument_error(who + ": an extension must be a positive number of " +
                                                    std::string(to_string(p.unit)));
    switch (p.extension) {
      case extension_policy::none:
        throw invalid_argument_error(who + " cannot be extended");
      case extension_policy::once_capped:
        if (i > 0) throw invalid_argument_error(who + " can be extended only once");
        if (e.amount > p.extension_cap)
          throw invalid_argument_error(who + " can be extended by at most " + std::to_string(p.extension_cap) + " " +
                                       std::string(to_string(p.unit)) + ", not " + std::to_string(e.amount));
        break;
      case extension_policy::capped_then_collective:
        if (i == 0 && e.amount > p.extension_cap)
          throw invalid_argument_error(who + ": the first extension, approved by a head, is at most " +
                                       std::to_string(p.extension_cap) + " " + std::string(to_string(p.unit)) +
                                       ", not " + std::to_string(e.amount));
        if (i > 0 && e.by != approver::collective_discussion)
          throw invalid_argument_error(who + ": an extension beyond the first " + std::to_string(p.extension_cap) +
                                       " " + std::string(to_string(p.unit)) +
                                       " must be decided by the heads' collective discussion (集体讨论)");
        break;
      case extension_policy::approved_uncapped:
        break;
    }
    total += e.amount;
  }
  return total;
}

date add_calendar_months(date d, int months, std::string_view what) {
  // 民法典 第二百零二条: the corresponding day of the last month, or that month's last day.
  int y = d.year();
  int m = d.month() - 1 + months;
  y += m / 12;
  m = m % 12;
  if (m < 0) {
    m += 12;
    --y;
  }
  if (y > last_supported_year) (void)next_day(last_supported_day, what, d);  // throws, naming the count
  const auto yy = static_cast<unsigned short>(y);
  const auto mm = static_cast<unsigned short>(m + 1);
  const unsigned short last = boost::gregorian::gregorian_calendar::end_of_month_day(yy, mm);
  return date(yy, mm, std::min<unsigned short>(d.day(), last));
}

date walk_natural_days(date from, int n, const pause_set& ps, std::string_view what) {
  date d = from;
  for (int counted = 0; counted < n;) {
    d = next_day(d, what, from);
    if (!ps.contains(d)) ++counted;
  }
  return d;
}

}  // namespace

date add_working_days(const calendar& cal, date start, int n, const std::vector<excluded_time>& pauses,
                      coverage_policy coverage, bool* provisional, std::optional<date>* first_assumed) {
  check_date(start, "start date");
  if (n < 1) throw invalid_argument_error("a working-day count must be at least 1");
  day_oracle oracle(cal, coverage);
  pause_set ps(pauses);
  date d = start;
  for (int counted = 0; counted < n;) {
    d = next_day(d, "a count of working days", start);
    if (ps.contains(d)) continue;
    if (oracle.working(d)) ++counted;
  }
  if (provisional) *provisional = oracle.provisional;
  if (first_assumed) *first_assumed = oracle.first_assumed;
  detail::provisional_watch::note(oracle.first_assumed);
  return d;
}

int working_days_between(const calendar& cal, date from, date to, coverage_policy coverage, bool* provisional) {
  check_date(from, "start date");
  check_date(to, "end date");
  day_oracle oracle(cal, coverage);
  int n = 0;
  for (date d = from + days(1); d <= to; d += days(1))  // both supported: no further than 2199-12-31
    if (oracle.working(d)) ++n;
  if (provisional) *provisional = oracle.provisional;
  detail::provisional_watch::note(oracle.first_assumed);
  return n;
}

due_date compute_due_date(const period_definition& period, date start, const calendar& cal,
                          const std::vector<excluded_time>& pauses, const std::vector<extension>& extensions,
                          const counting_options& options) {
  check_date(start, "start date");
  if (period.unit == period_unit::hours)
    throw invalid_argument_error("period \"" + period.id +
                                 "\" is counted in hours: give a start time (YYYY-MM-DDTHH:MM)");
  validate_pauses(period, pauses);
  const int extended = validate_extensions(period, extensions);
  const int total = period.amount + extended;

  due_date r;
  r.period_id = period.id;
  r.start = start;
  r.extended_by = extended;
  r.calendar_version = cal.version();
  r.citation = period.citation_text();

  day_oracle oracle(cal, options.coverage);
  pause_set ps(pauses);
  const std::string what = "period \"" + period.id + "\"";

  date due(boost::gregorian::not_a_date_time);
  switch (period.unit) {
    case period_unit::working_days: {
      // 处罚法 第八十五条 / 程序规定: count working days after the start day; paused days do not count.
      date d = start;
      for (int counted = 0; counted < total;) {
        d = next_day(d, what, start);
        if (ps.contains(d)) continue;
        if (oracle.working(d)) ++counted;
      }
      due = d;
      break;
    }
    case period_unit::natural_days:
      due = walk_natural_days(start, total, ps, what);
      break;
    case period_unit::months:
    case period_unit::years: {
      const int months = period.unit == period_unit::months ? total : total * 12;
      const date nominal = add_calendar_months(start, months, what);
      // Excluded days push the end out by as many natural days as they cover.
      due = walk_natural_days(nominal, ps.count_in(start, nominal), ps, what);
      break;
    }
    case period_unit::hours:
      break;  // handled above
  }
  r.nominal_due = due;
  r.excluded_days = ps.count_in(start, due);

  // 程序规定 第八十条: a last day that is a statutory holiday ends the period on the first day after it.
  // Working-day periods always end on a working day; hour periods never roll.
  if (period.unit != period_unit::working_days) {
    if (options.roll == roll_reading::rest_days) {
      while (!oracle.working(due)) due = next_day(due, what, start);
    } else {
      while (oracle.official_holiday(due)) due = next_day(due, what, start);
    }
  }
  r.due = due;
  r.rolled = due != r.nominal_due;
  r.provisional = oracle.provisional;
  r.first_assumed_day = oracle.first_assumed;
  detail::provisional_watch::note(oracle.first_assumed);
  return r;
}

due_date compute_due_instant(const period_definition& period, instant start, const calendar& cal) {
  if (period.unit != period_unit::hours)
    throw invalid_argument_error("period \"" + period.id + "\" is counted in " +
                                 std::string(to_string(period.unit)) + ", not hours");
  if (start.is_special()) throw invalid_argument_error("start time is not a valid time");
  check_supported(start.date(), "start time");
  if (period.amount > (last_supported_day - start.date()).days() * 24)
    (void)next_day(last_supported_day, "period \"" + period.id + "\"", start.date());  // throws, naming it
  using boost::posix_time::hours;
  // 程序规定 第八十条: the hour in which the period starts is not counted.
  const auto tod = start.time_of_day();
  const instant begin(start.date(), hours(tod.hours() + 1));
  const instant end = begin + hours(period.amount);
  due_date r;
  r.period_id = period.id;
  r.start = start.date();
  r.due = end.date();
  r.nominal_due = end.date();
  r.due_instant = end;
  r.calendar_version = cal.version();
  r.citation = period.citation_text();
  return r;
}

instant parse_instant(std::string_view text, std::string_view what) {
  auto bad = [&](const std::string& why) -> instant {
    throw invalid_argument_error(std::string(what) + ": \"" + std::string(text) + "\" " + why);
  };
  if (text.size() != 16 && text.size() != 19) return bad("is not a time of the form YYYY-MM-DDTHH:MM[:SS]");
  if (text[10] != 'T' && text[10] != ' ') return bad("is not a time of the form YYYY-MM-DDTHH:MM[:SS]");
  const date d = parse_date(text.substr(0, 10), what);
  int h = 0, m = 0, s = 0;
  if (text[13] != ':' || !detail::parse_int(text.substr(11, 2), h) || !detail::parse_int(text.substr(14, 2), m))
    return bad("is not a time of the form YYYY-MM-DDTHH:MM[:SS]");
  if (text.size() == 19 && (text[16] != ':' || !detail::parse_int(text.substr(17, 2), s)))
    return bad("is not a time of the form YYYY-MM-DDTHH:MM[:SS]");
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) return bad("has no such time of day");
  return instant(d, boost::posix_time::hours(h) + boost::posix_time::minutes(m) + boost::posix_time::seconds(s));
}

std::string to_iso(const instant& t) {
  if (t.is_special()) return "not-a-time";
  const auto tod = t.time_of_day();  // under 24 hours: two digits each, as "%02d" wrote them
  char buf[19] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'T', 0, 0, ':', 0, 0, ':', 0, 0};
  const std::string day = to_iso(t.date());
  std::copy(day.begin(), day.end(), buf);
  detail::put_digits(buf + 11, static_cast<unsigned>(tod.hours()), 2);
  detail::put_digits(buf + 14, static_cast<unsigned>(tod.minutes()), 2);
  detail::put_digits(buf + 17, static_cast<unsigned>(tod.seconds()), 2);
  return std::string(buf, sizeof buf);
}

}  // namespace penaltyflow
