// Benchmarks of oversight (docs/performance.md, section "Oversight") on the large store written by
// `store_bench --generate FILE 1000000` (1,000,000 cases, 10,000,000 events):
//
//   PENALTYFLOW_BENCH_LARGE_DB=FILE oversight_bench [Google Benchmark options]
//
// Each goal is paired with a baseline run in the same process: the year's statistics against the store's
// plain "closed by outcome" aggregate (one index range), the evaluation of every case against merely reading
// and decoding every case history (the floor any evaluation pays).
#include <penaltyflow/oversight.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>

namespace {

using namespace penaltyflow;

const char* large_db() { return std::getenv("PENALTYFLOW_BENCH_LARGE_DB"); }

store open_large() { return store(large_db(), workflow(), store_options{durability::full, open_mode::read_only}); }

void BM_StatisticsYear(benchmark::State& state) {
  if (!large_db()) return state.SkipWithError("set PENALTYFLOW_BENCH_LARGE_DB");
  const store s = open_large();
  annual_statistics st;
  for (auto _ : state) st = compute_statistics(s, parse_date("2024-01-01"), parse_date("2024-12-31"));
  state.counters["cases_concluded"] = static_cast<double>(st.cases_concluded);
}
BENCHMARK(BM_StatisticsYear)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BaselineClosedByOutcome(benchmark::State& state) {
  if (!large_db()) return state.SkipWithError("set PENALTYFLOW_BENCH_LARGE_DB");
  const store s = open_large();
  std::uint64_t n = 0;
  for (auto _ : state) {
    n = 0;
    for (const auto& [outcome, count] : s.closed_by_outcome(2024)) n += count;
  }
  state.counters["closed_2024"] = static_cast<double>(n);
}
BENCHMARK(BM_BaselineClosedByOutcome)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Every case of the store (Arg 0) or the cases concluded in 2024 (Arg 1).
evaluation_scope scope_of(const benchmark::State& state) {
  evaluation_scope sc;
  if (state.range(0) == 1) {
    sc.concluded_from = parse_date("2024-01-01");
    sc.concluded_to = parse_date("2024-12-31");
  }
  return sc;
}

void BM_EvaluateStore(benchmark::State& state) {
  if (!large_db()) return state.SkipWithError("set PENALTYFLOW_BENCH_LARGE_DB");
  const store s = open_large();
  evaluation_report r;
  for (auto _ : state) r = evaluate_store(s, scope_of(state));
  state.counters["cases"] = static_cast<double>(r.cases);
  state.counters["cases_per_s"] = benchmark::Counter(static_cast<double>(r.cases), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EvaluateStore)->Arg(1)->Arg(0)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

void BM_BaselineReadHistories(benchmark::State& state) {
  if (!large_db()) return state.SkipWithError("set PENALTYFLOW_BENCH_LARGE_DB");
  const store s = open_large();
  std::uint64_t cases = 0;
  for (auto _ : state) {
    cases = 0;
    std::vector<std::string> ids;
    if (state.range(0) == 1)
      for (auto& c : s.case_summaries({summary_filter::by::concluded, parse_date("2024-01-01"), parse_date("2024-12-31")}))
        ids.push_back(std::move(c.case_id));
    s.for_each_history([&](std::vector<stored_event>& h) { cases += !h.empty(); }, state.range(0) == 1 ? &ids : nullptr);
  }
  state.counters["cases"] = static_cast<double>(cases);
  state.counters["cases_per_s"] = benchmark::Counter(static_cast<double>(cases), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BaselineReadHistories)->Arg(1)->Arg(0)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

void BM_CaseSummariesAll(benchmark::State& state) {
  if (!large_db()) return state.SkipWithError("set PENALTYFLOW_BENCH_LARGE_DB");
  const store s = open_large();
  std::size_t n = 0;
  for (auto _ : state) n = s.case_summaries().size();
  state.counters["cases"] = static_cast<double>(n);
}
BENCHMARK(BM_CaseSummariesAll)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
