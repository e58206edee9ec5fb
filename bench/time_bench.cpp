// The time engine: cost of a calendar lookup and of a due-date computation, each next to a baseline in the
// same process — what a user would otherwise write: a std::set of holiday dates and a loop over boost dates.
#include <penaltyflow/deadline.hpp>

#include <benchmark/benchmark.h>
#include <boost/date_time/gregorian/gregorian.hpp>

#include <set>

using namespace penaltyflow;

namespace {

const calendar& cal() { return calendar::national(); }

/// The baseline: holidays and 调休 workdays in std::set, weekday rule otherwise (no coverage, no version).
struct naive_calendar {
  std::set<date> holidays, workdays;
  naive_calendar() {
    for (const auto& e : cal().entries())
      (e.kind == day_kind::holiday ? holidays : workdays).insert(e.day);
  }
  bool working(date d) const {
    if (workdays.count(d)) return true;
    if (holidays.count(d)) return false;
    const auto wd = d.day_of_week().as_number();
    return wd != 0 && wd != 6;
  }
  date add_working_days(date d, int n) const {
    while (n > 0) {
      d += boost::gregorian::days(1);
      if (working(d)) --n;
    }
    return d;
  }
};

const naive_calendar& naive() {
  static const naive_calendar n;
  return n;
}

const date first(2023, 1, 1);

void BM_StatusLookup_Baseline(benchmark::State& s) {
  int i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(naive().working(first + boost::gregorian::days(i)));
    i = (i + 37) % 1000;
  }
}
BENCHMARK(BM_StatusLookup_Baseline);

void BM_StatusLookup(benchmark::State& s) {
  int i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(cal().status(first + boost::gregorian::days(i)));
    i = (i + 37) % 1000;
  }
}
BENCHMARK(BM_StatusLookup);

void BM_FifteenWorkingDays_Baseline(benchmark::State& s) {
  int i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(naive().add_working_days(first + boost::gregorian::days(i), 15));
    i = (i + 37) % 1000;
  }
}
BENCHMARK(BM_FifteenWorkingDays_Baseline);

void BM_FifteenWorkingDays(benchmark::State& s) {
  const auto& p = period_catalogue::national().at("closure");
  int i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(compute_due_date(p, first + boost::gregorian::days(i), cal()));
    i = (i + 37) % 1000;
  }
}
BENCHMARK(BM_FifteenWorkingDays);

void BM_DecisionWithPauseAndExtension(benchmark::State& s) {
  const auto& p = period_catalogue::national().at("decision");
  const std::vector<excluded_time> pauses = {{date(2023, 3, 1), date(2023, 3, 10), exclusion::suspension}};
  const std::vector<extension> ext = {{30, approver::head}};
  int i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(compute_due_date(p, first + boost::gregorian::days(i % 300), cal(), pauses, ext));
    i += 7;
  }
}
BENCHMARK(BM_DecisionWithPauseAndExtension);

}  // namespace

BENCHMARK_MAIN();
