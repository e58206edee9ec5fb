// The cost of the workflow: checking and applying one event (gates, state machine, facts), the state
// machine's dispatch alone, and an explained refusal. Results: docs/performance.md, "Workflow".
#include <penaltyflow/workflow.hpp>

#include "penaltyflow/detail/machine.hpp"
#include "../tests/counting_new.hpp"

#include <benchmark/benchmark.h>

using penaltyflow_test::allocations;

namespace pf = penaltyflow;

namespace {

pf::actor officer(const char* id) {
  pf::actor a;
  a.id = id;
  a.role = pf::actor_role::officer;
  a.enforcement_certificate = pf::certificate{"ZF", pf::parse_date("2020-01-01"), pf::parse_date("2030-12-31")};
  return a;
}

pf::event make(pf::event_type t, const char* at, std::vector<pf::actor> actors) {
  pf::event e;
  e.type = t;
  e.at = pf::parse_instant(at);
  e.actors = std::move(actors);
  return e;
}

// A filed case under investigation, with room for `n` more events.
pf::case_record filed_case(const pf::workflow& wf, std::size_t n) {
  pf::case_record c("B-1");
  c.reserve(n + 2);
  auto clue = make(pf::event_type::clue_received, "2024-03-01T09:00", {});
  clue.party = pf::party_kind::organisation;
  wf.apply(c, clue);
  pf::actor h;
  h.id = "H1";
  h.role = pf::actor_role::head;
  auto filing = make(pf::event_type::case_filed, "2024-03-05T10:00", {officer("A"), officer("B"), h});
  filing.conditions = pf::filing_condition::all;
  filing.violation_date = pf::parse_date("2024-02-20");
  wf.apply(c, filing);
  return c;
}

// Check and apply one investigative act (gates R-ACTOR-TWO-CERTIFIED and R-ACTOR-RECUSAL, the machine, the
// facts). The history grows; every 4096 events the case is rebuilt outside the timing.
void BM_CheckAndApplyEvent(benchmark::State& state) {
  const pf::workflow wf;
  const auto e = make(pf::event_type::investigative_act, "2024-03-11T09:00", {officer("A"), officer("B")});
  constexpr std::size_t batch = 4096;
  auto c = filed_case(wf, batch);
  std::size_t n = 0;
  long allocs = 0;
  for (auto _ : state) {
    if (n == batch) {
      state.PauseTiming();
      c = filed_case(wf, batch);
      n = 0;
      state.ResumeTiming();
    }
    const long before = allocations.load(std::memory_order_relaxed);
    auto r = wf.apply(c, e);
    allocs += allocations.load(std::memory_order_relaxed) - before;
    benchmark::DoNotOptimize(r);
    ++n;
  }
  state.counters["allocs/event"] = benchmark::Counter(static_cast<double>(allocs), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_CheckAndApplyEvent);

// Check only (explain): the gates and a dry run of the machine.
void BM_ExplainAccepted(benchmark::State& state) {
  const pf::workflow wf;
  const auto c = filed_case(wf, 0);
  const auto e = make(pf::event_type::investigative_act, "2024-03-11T09:00", {officer("A"), officer("B")});
  for (auto _ : state) benchmark::DoNotOptimize(wf.explain(c, e));
}
BENCHMARK(BM_ExplainAccepted);

// An explained refusal: a decision during the investigation (four rules fail, messages are built).
void BM_ExplainRefused(benchmark::State& state) {
  const pf::workflow wf;
  const auto c = filed_case(wf, 0);
  auto e = make(pf::event_type::decision, "2024-03-11T09:00", {});
  e.outcome = pf::decision_outcome::penalty;
  for (auto _ : state) benchmark::DoNotOptimize(wf.explain(c, e));
}
BENCHMARK(BM_ExplainRefused);

// The state machine alone: restore from the stage names, dispatch, read the new stage.
void BM_MachineDispatch(benchmark::State& state) {
  const pf::workflow wf;
  const auto c = filed_case(wf, 0);
  const auto e = make(pf::event_type::investigation_ended, "2024-03-11T09:00", {});
  long allocs = 0;
  for (auto _ : state) {
    const long before = allocations.load(std::memory_order_relaxed);
    benchmark::DoNotOptimize(pf::detail::run_machine(c.facts(), e));
    allocs += allocations.load(std::memory_order_relaxed) - before;
  }
  state.counters["allocs/dispatch"] = benchmark::Counter(static_cast<double>(allocs), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_MachineDispatch);

}  // namespace

BENCHMARK_MAIN();
