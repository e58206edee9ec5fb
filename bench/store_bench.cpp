// Benchmarks of the record store (docs/performance.md, section "Store").
//
// The machines are noisy, so every comparison runs as A/B pairs in one process (A B A B ...), and the median
// of the per-pair ratios is reported. The baseline is what a user would otherwise write: raw SQLite through
// prepared statements (SQLiteCpp), same schema and page size, same ~300-byte event row and the same projection
// writes (case row, deadline rows), WAL, one transaction per event (or per 1,000 events in batched mode).
//
//   store_bench [Google Benchmark options]       the pair comparisons and the micro benchmarks
//   store_bench --generate FILE CASES            writes a large store (10 events per case on average)
//   PENALTYFLOW_BENCH_LARGE_DB=FILE store_bench --benchmark_filter=Large   queries on that store
#include <penaltyflow/history.hpp>
#include <penaltyflow/store.hpp>

#include "penaltyflow/detail/event_codec.hpp"
#include "penaltyflow/detail/sha256.hpp"
#include "penaltyflow/detail/store_schema.hpp"

#include "../tests/support/builders.hpp"
#include "../tests/support/scratch_file.hpp"
#include "../tests/support/tamper.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <future>
#include <iostream>
#include <mutex>
#include <thread>

namespace {

using namespace penaltyflow;
using clock_type = std::chrono::steady_clock;
using pf_test::scratch_file;

const instant t0 = pf_test::at("2024-03-04T09:00");

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// ---- the raw baseline ------------------------------------------------------------------------------------

/// Raw SQLite: the same schema (version 4) and page size, an event row with the library's own column contents, and
/// the projection writes the library makes for the same events (nth_event): the whole case row and the deadline
/// rows for a case's first two events (the clue opens the filing deadline; the filing replaces it with the
/// decision deadline), then, for the inspections that change neither, only `version` and `last_event_at`.
struct raw_store {
  SQLite::Database db;
  SQLite::Statement insert, upsert, touch, drop_deadlines, add_deadline;
  std::vector<detail::encoded_event> rows;
  std::int64_t seq = 0;
  std::vector<std::int64_t> versions;
  std::vector<std::string> ids;  // the case ids, made before the clock starts

  raw_store(const std::string& path, durability d, std::size_t cases)
      : db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE),
        insert((init(db, d), db), "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)"),
        upsert(db, upsert_sql()),
        touch(db, "UPDATE cases SET version = ?2, last_event_at = ?3 WHERE case_id = ?1 AND version = ?2 - 1"),
        drop_deadlines(db, "DELETE FROM deadlines WHERE case_id = ?"),
        add_deadline(db, "INSERT INTO deadlines VALUES (?, ?, ?, '', ?, ?, 2)"),
        versions(cases, 0) {
    for (std::size_t c = 0; c < cases; ++c) ids.push_back("C" + std::to_string(c));
    for (std::uint64_t i = 0; i < 3; ++i) rows.push_back(detail::encode_event(pf_test::nth_event(i, t0)));
  }
  /// The case row with every projection column (schema 3), all of them set.
  static std::string upsert_sql() {
    std::string sql = "INSERT INTO cases VALUES (?1, ?2, 'investigation', 'none', 'ordinary', '2024-03-06', NULL, NULL, "
                      "NULL, NULL, ?3, '[]', NULL, '2024-03-04', 'complaint', NULL, NULL, NULL, NULL, "
                      "'filing-decision:0/1', NULL, NULL, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0) ON CONFLICT (case_id) DO UPDATE "
                      "SET version = ?2, last_event_at = ?3, stage = excluded.stage, remedy = excluded.remedy, "
                      "proc = excluded.proc, filed = excluded.filed, findings = excluded.findings";
    for (auto c : detail::stats_columns) sql += ", " + std::string(c) + " = excluded." + std::string(c);
    return sql + " WHERE cases.version = ?2 - 1";
  }
  static void init(SQLite::Database& db, durability d) {
    db.exec("PRAGMA page_size=" + std::to_string(detail::store_page_size));  // the store's page size
    db.exec("PRAGMA journal_mode=WAL");
    db.exec(d == durability::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    db.exec(detail::schema_current());
    db.exec("INSERT INTO versions VALUES (1, 'calendar', 'profile')");
  }
  void one(std::size_t c) {
    const std::string& id = ids[c];
    const auto v = ++versions[c];
    const auto& r = rows[std::min<std::int64_t>(v - 1, 2)];
    std::uint8_t hash[32] = {static_cast<std::uint8_t>(seq)};
    insert.bind(1, ++seq);
    insert.bindNoCopy(2, id);
    insert.bind(3, v);
    insert.bindNoCopy(4, r.type);
    insert.bindNoCopy(5, r.occurred_at);
    insert.bindNoCopy(6, r.occurred_at);
    insert.bindNoCopy(7, r.actors);
    insert.bindNoCopy(8, r.payload);
    insert.bind(9, "[]");
    insert.bind(10, hash, 32);
    insert.exec();
    insert.reset();
    if (v > 2) {
      touch.bindNoCopy(1, id);
      touch.bind(2, v);
      touch.bindNoCopy(3, r.occurred_at);
      touch.exec();
      touch.reset();
      return;
    }
    upsert.bindNoCopy(1, id);
    upsert.bind(2, v);
    upsert.bindNoCopy(3, r.occurred_at);
    upsert.exec();
    upsert.reset();
    if (v == 2) {
      drop_deadlines.bindNoCopy(1, id);
      drop_deadlines.exec();
      drop_deadlines.reset();
    }
    // The rows the library writes for these events (the same periods, rules and dates).
    add_deadline.bindNoCopy(1, id);
    add_deadline.bind(2, v == 1 ? "filing-decision" : "decision");
    add_deadline.bind(3, v == 1 ? "R-INTAKE-VERIFY-DEADLINE" : "R-DECISION-DEADLINE");
    add_deadline.bind(4, v == 1 ? "2024-03-04" : "2024-03-06");
    add_deadline.bind(5, v == 1 ? "2024-03-25" : "2024-06-04");
    add_deadline.exec();
    add_deadline.reset();
  }
};

/// The library: `n` events spread over `cases` cases, each the next event of its case.
struct lib_load {
  store s;
  std::vector<std::uint64_t> versions;
  lib_load(const std::string& path, const store_options& o, std::size_t cases)
      : s(path, workflow(), o), versions(cases, 0) {}
  append_request next(std::size_t c) {
    const auto v = versions[c]++;
    return {"C" + std::to_string(c), v, pf_test::nth_event(v, t0), t0, {}};
  }
};

struct pair_result {
  double lib_rate = 0, raw_rate = 0;
};

/// One A/B pair: `n` appends through the library, then `n` raw, `batch` events per transaction.
pair_result run_pair(durability d, int n, int batch, int round, bool pipelined) {
  scratch_file lf("bench_lib_" + std::to_string(round) + ".db"), rf("bench_raw_" + std::to_string(round) + ".db");
  constexpr std::size_t cases = 100;
  pair_result out;
  {
    store_options o;
    o.sync = d;
    o.pipelined_batches = pipelined;
    lib_load lib(lf.path(), o, cases);
    // The requests are built before the clock starts, as the baseline's rows are encoded before it starts:
    // both sides time only what they do with an event they already hold.
    std::vector<std::vector<append_request>> batches;
    for (int i = 0; i < n; ++i) {
      if (i % batch == 0) batches.emplace_back().reserve(static_cast<std::size_t>(batch));
      batches.back().push_back(lib.next(static_cast<std::size_t>(i) % cases));
    }
    const auto start = clock_type::now();
    for (const auto& reqs : batches) {
      if (batch == 1) {
        const auto& r = reqs.front();
        if (!lib.s.append(r.case_id, r.expected_version, r.ev, r.recorded_at).accepted) std::abort();
      } else if (!lib.s.append_many(reqs).accepted) {
        std::abort();
      }
    }
    out.lib_rate = n / seconds_since(start);
  }
  {
    raw_store raw(rf.path(), d, cases);
    const auto start = clock_type::now();
    for (int i = 0; i < n; i += batch) {
      raw.db.exec("BEGIN IMMEDIATE");
      for (int j = 0; j < batch; ++j) raw.one(static_cast<std::size_t>(i + j) % cases);
      raw.db.exec("COMMIT");
    }
    out.raw_rate = n / seconds_since(start);
  }
  return out;
}

void report_pairs(benchmark::State& state, durability d, int n, int batch, int pairs, bool pipelined = true) {
  std::vector<double> ratios, lib, raw;
  for (auto _ : state) {
    for (int p = 0; p < pairs; ++p) {
      const auto r = run_pair(d, n, batch, p, pipelined);
      ratios.push_back(r.lib_rate / r.raw_rate);
      lib.push_back(r.lib_rate);
      raw.push_back(r.raw_rate);
    }
  }
  state.counters["lib_events_per_s"] = median(lib);
  state.counters["raw_events_per_s"] = median(raw);
  state.counters["median_ratio"] = median(ratios);
}

void BM_AppendFull(benchmark::State& s) { report_pairs(s, durability::full, 300, 1, 7); }
void BM_AppendNormal(benchmark::State& s) { report_pairs(s, durability::normal, 2000, 1, 7); }
void BM_AppendBatched(benchmark::State& s) { report_pairs(s, durability::full, 20000, 1000, 5); }
/// The same on the calling thread alone (store_options::pipelined_batches = false).
void BM_AppendBatchedInTurn(benchmark::State& s) { report_pairs(s, durability::full, 20000, 1000, 5, false); }
BENCHMARK(BM_AppendFull)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AppendNormal)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AppendBatched)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AppendBatchedInTurn)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Raw SQLite group commit, as a user would write it over raw_store: `threads` threads append to their own cases;
/// the first waiting thread leads, takes every queued request (waiting up to 200 µs for as many as the previous
/// group held, the library's rule), writes them in one transaction and wakes their threads after the commit.
double raw_group_rate(const std::string& path, int threads, int per_thread) {
  raw_store raw(path, durability::full, static_cast<std::size_t>(threads));
  struct request {
    std::size_t c = 0;
    bool done = false;
    std::condition_variable cv;
  };
  std::mutex m;
  std::condition_variable gather;
  std::deque<request*> queue;
  bool leading = false;
  std::size_t last = 0;
  std::vector<std::thread> ts;
  const auto start = clock_type::now();
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        request r;
        r.c = static_cast<std::size_t>(t);
        std::unique_lock<std::mutex> lock(m);
        queue.push_back(&r);
        if (queue.size() >= last) gather.notify_one();
        while (!r.done) {
          if (leading) {
            r.cv.wait(lock);
            continue;
          }
          leading = true;
          if (last > 1 && queue.size() < last)
            gather.wait_for(lock, std::chrono::microseconds(200), [&] { return queue.size() >= last; });
          std::vector<request*> group(queue.begin(), queue.end());
          queue.clear();
          last = group.size();
          lock.unlock();
          raw.db.exec("BEGIN IMMEDIATE");
          for (auto* g : group) raw.one(g->c);
          raw.db.exec("COMMIT");
          lock.lock();
          for (auto* g : group) g->done = true;
          leading = false;
          for (auto* g : group) g->cv.notify_one();  // under the lock: a request lives on its thread's stack
          if (!queue.empty()) queue.front()->cv.notify_one();  // the next group's leader
        }
      }
    });
  for (auto& t : ts) t.join();
  return threads * per_thread / seconds_since(start);
}

/// Raw SQLite, one thread, `per_txn` events per transaction (`n` events): what a group of that size costs with
/// no threads to wake, the bound for any group commit of that size.
double raw_batch_rate(const std::string& path, std::size_t cases, int n, int per_txn) {
  raw_store raw(path, durability::full, cases);
  const auto start = clock_type::now();
  for (int i = 0; i < n; i += per_txn) {
    raw.db.exec("BEGIN IMMEDIATE");
    for (int j = 0; j < per_txn; ++j) raw.one(static_cast<std::size_t>(i + j) % cases);
    raw.db.exec("COMMIT");
  }
  return n / seconds_since(start);
}

/// Group commit: 16 threads appending to their own cases at FULL, against one commit per event (raw SQLite,
/// one thread: a script's loop). In the same rounds, two raw SQLite references for what the disk and the
/// threads allow: the same 16 threads with a raw group commit, and one thread writing 16 events per transaction.
void BM_GroupCommit16(benchmark::State& state) {
  constexpr int threads = 16, per_thread = 60;
  std::vector<double> ratios, grouped, single, raw_grouped, raw_batched, raw_group_ratios, raw_batch_ratios, lib_vs_raw,
      async_grouped, async_ratios;
  for (auto _ : state) {
    for (int p = 0; p < 5; ++p) {
      scratch_file gf("bench_group_" + std::to_string(p) + ".db");
      {
        store s(gf.path());
        std::vector<std::thread> ts;
        const auto start = clock_type::now();
        for (int t = 0; t < threads; ++t)
          ts.emplace_back([&s, t] {
            const std::string id = "G" + std::to_string(t);
            for (int i = 0; i < per_thread; ++i)
              if (!s.append(id, static_cast<std::uint64_t>(i), pf_test::nth_event(static_cast<std::uint64_t>(i), t0), t0)
                       .accepted)
                std::abort();
          });
        for (auto& t : ts) t.join();
        grouped.push_back(threads * per_thread / seconds_since(start));
      }
      scratch_file af("bench_async_" + std::to_string(p) + ".db");
      {
        // The same 16 appenders, each appending its case's next event once the previous is acknowledged, kept
        // in flight by one thread with append_async.
        store s(af.path());
        std::vector<std::future<append_result>> f(threads);
        auto request = [](int t, int i) {
          return append_request{"G" + std::to_string(t), static_cast<std::uint64_t>(i),
                                pf_test::nth_event(static_cast<std::uint64_t>(i), t0), t0, {}};
        };
        const auto start = clock_type::now();
        for (int t = 0; t < threads; ++t) f[t] = s.append_async(request(t, 0));
        for (int i = 1; i <= per_thread; ++i)
          for (int t = 0; t < threads; ++t) {
            if (!f[t].get().accepted) std::abort();
            if (i < per_thread) f[t] = s.append_async(request(t, i));
          }
        async_grouped.push_back(threads * per_thread / seconds_since(start));
      }
      scratch_file rg("bench_raw_group_" + std::to_string(p) + ".db");
      raw_grouped.push_back(raw_group_rate(rg.path(), threads, per_thread));
      scratch_file rb("bench_raw_batch16_" + std::to_string(p) + ".db");
      raw_batched.push_back(raw_batch_rate(rb.path(), threads, threads * per_thread, threads));
      scratch_file rf("bench_single_" + std::to_string(p) + ".db");
      single.push_back(raw_batch_rate(rf.path(), threads, 300, 1));
      ratios.push_back(grouped.back() / single.back());
      raw_group_ratios.push_back(raw_grouped.back() / single.back());
      raw_batch_ratios.push_back(raw_batched.back() / single.back());
      lib_vs_raw.push_back(grouped.back() / raw_grouped.back());
      async_ratios.push_back(async_grouped.back() / single.back());
    }
  }
  state.counters["group_events_per_s"] = median(grouped);
  state.counters["one_commit_per_event_per_s"] = median(single);
  state.counters["median_ratio"] = median(ratios);
  state.counters["raw_group_per_s"] = median(raw_grouped);
  state.counters["raw_group_ratio"] = median(raw_group_ratios);
  state.counters["raw_16_per_txn_ratio"] = median(raw_batch_ratios);
  state.counters["lib_vs_raw_group"] = median(lib_vs_raw);
  state.counters["async_per_s"] = median(async_grouped);
  state.counters["async_ratio"] = median(async_ratios);
}
BENCHMARK(BM_GroupCommit16)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

/// One link of the hash chain: the documented byte string of a ~300-byte row and its SHA-256 (reused context).
void BM_HashChainLink(benchmark::State& state) {
  const auto enc = detail::encode_event(pf_test::nth_event(5, t0));
  detail::sha256 h;
  std::string buf;
  std::string prev(64, 'a');
  std::uint64_t seq = 0;
  for (auto _ : state) {
    detail::hash_fields f;
    f.prev_hex = prev;
    f.seq = ++seq;
    f.case_id = "C2024-000123";
    f.case_seq = 7;
    f.type = enc.type;
    f.occurred_at = enc.occurred_at;
    f.recorded_at = enc.occurred_at;
    f.actors = enc.actors;
    f.payload = enc.payload;
    f.documents = "[]";
    f.calendar_version = "sha256:0123456789abcdef";
    f.profile_version = "national@sha256:0123456789abcdef";
    detail::build_hash_input(buf, f);
    h.update(buf);
    benchmark::DoNotOptimize(h.digest());
  }
  state.counters["input_bytes"] = static_cast<double>(buf.size());
}
BENCHMARK(BM_HashChainLink);

/// Where an append's CPU time goes, per event: the event's JSON (history codec), the workflow's check and
/// fold, and the open deadlines the projection stores.
void BM_AppendPartEncode(benchmark::State& state) {
  const event e = pf_test::nth_event(5, t0);
  for (auto _ : state) benchmark::DoNotOptimize(detail::encode_event(e));
}
BENCHMARK(BM_AppendPartEncode);

void BM_AppendPartWorkflow(benchmark::State& state) {
  workflow wf;
  case_record base("C1");
  for (std::uint64_t i = 0; i < 5; ++i)
    if (!wf.apply(base, pf_test::nth_event(i, t0)).accepted) std::abort();
  const event e = pf_test::nth_event(5, t0);
  for (auto _ : state) {
    state.PauseTiming();
    case_record c = base;
    state.ResumeTiming();
    benchmark::DoNotOptimize(wf.apply(c, e));
    benchmark::DoNotOptimize(wf.deadlines(c, e.day()));
  }
}
BENCHMARK(BM_AppendPartWorkflow);

/// verify(): events per second on a warm 100,000-event store, chain only and full (replay + projection).
void BM_Verify(benchmark::State& state) {
  static scratch_file f("bench_verify.db");
  static bool built = false;
  constexpr std::size_t cases = 10'000, per_case = 10;
  if (!built) {
    lib_load lib(f.path(), store_options{durability::normal}, cases);
    std::vector<append_request> reqs;
    for (std::size_t k = 0; k < per_case; ++k)
      for (std::size_t c = 0; c < cases; ++c) {
        reqs.push_back(lib.next(c));
        if (reqs.size() == 5000) {
          if (!lib.s.append_many(reqs).accepted) std::abort();
          reqs.clear();
        }
      }
    built = true;
  }
  store s(f.path(), workflow(), store_options{durability::full, open_mode::read_only});
  const auto depth = state.range(0) ? verify_depth::full : verify_depth::chain;
  (void)s.verify(verify_depth::chain);  // warm the page cache
  std::uint64_t events = 0;
  for (auto _ : state) {
    const auto r = s.verify(depth);
    if (!r.ok) std::abort();
    events += r.events;
  }
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Verify)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// ---- the large store -------------------------------------------------------------------------------------

const char* large_db() { return std::getenv("PENALTYFLOW_BENCH_LARGE_DB"); }

void BM_LargeBytesPerEvent(benchmark::State& state) {
  if (!large_db()) return state.SkipWithError("set PENALTYFLOW_BENCH_LARGE_DB");
  store s(large_db(), workflow(), store_options{durability::full, open_mode::read_only});
  const auto events = s.make_checkpoint().count;
  for (auto _ : state) benchmark::DoNotOptimize(events);
  const auto bytes = std::filesystem::file_size(large_db());
  state.counters["events"] = static_cast<double>(events);
  state.counters["bytes_per_event"] = static_cast<double>(bytes) / static_cast<double>(events);
}
BENCHMARK(BM_LargeBytesPerEvent)->Iterations(1);

void BM_LargeDueWeek(benchmark::State& state) {
  if (!large_db()) return state.SkipWithError("set PENALTYFLOW_BENCH_LARGE_DB");
  store s(large_db(), workflow(), store_options{durability::full, open_mode::read_only});
  std::size_t n = 0;
  int k = 0;
  for (auto _ : state) {
    const date from = parse_date("2024-01-08") + boost::gregorian::days(7 * (k++ % 40));
    n = s.due(from, from + boost::gregorian::days(6)).size();
  }
  state.counters["deadlines_in_window"] = static_cast<double>(n);
}
BENCHMARK(BM_LargeDueWeek)->Unit(benchmark::kMillisecond);

void BM_LargeCaseHistory(benchmark::State& state) {
  if (!large_db()) return state.SkipWithError("set PENALTYFLOW_BENCH_LARGE_DB");
  store s(large_db(), workflow(), store_options{durability::full, open_mode::read_only});
  const auto count = s.make_checkpoint().count;
  (void)count;
  std::uint64_t i = 0;
  std::size_t events = 0;
  for (auto _ : state) {
    const std::string id = "L" + std::to_string((i++ * 7919) % 1000);  // a working set of 1,000 cases: warm
    events = s.history(id).size();
  }
  state.counters["events"] = static_cast<double>(events);
}
BENCHMARK(BM_LargeCaseHistory)->Unit(benchmark::kMicrosecond);

void BM_LargeClosedByOutcome(benchmark::State& state) {
  if (!large_db()) return state.SkipWithError("set PENALTYFLOW_BENCH_LARGE_DB");
  store s(large_db(), workflow(), store_options{durability::full, open_mode::read_only});
  std::uint64_t total = 0;
  for (auto _ : state) {
    total = 0;
    for (const auto& [outcome, n] : s.closed_by_outcome(2024)) total += n;
  }
  state.counters["closed_2024"] = static_cast<double>(total);
}
BENCHMARK(BM_LargeClosedByOutcome)->Unit(benchmark::kMillisecond);

/// Writes a store of `cases` cases: 60% complete ordinary cases (13 events, closed), 40% open cases of 2..8
/// events, started on different weeks of 2019-2025 (10 events per case on average).
int generate(const std::string& path, std::size_t cases) {
  const auto base = load_history(std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories/ordinary-simple.json");
  workflow wf;
  // The weeks by which the sample case can be shifted and still be lawful (holidays move its deadlines).
  std::vector<int> shifts;
  for (int w = -260; w <= 80; ++w) {
    std::vector<event> evs = base.events;
    for (auto& e : evs) e.at += boost::gregorian::days(7 * w);
    if (wf.replay("x", evs).refused.empty()) shifts.push_back(w);
  }
  std::cerr << shifts.size() << " usable start weeks\n";
  store s(path, wf, store_options{durability::normal});
  std::vector<append_request> reqs;
  const auto start = clock_type::now();
  std::uint64_t total = 0;
  for (std::size_t c = 0; c < cases; ++c) {
    const int w = shifts[(c * 7919) % shifts.size()];
    // 6 of 10 cases complete (13 events), 4 open with 3 to 8 events: 10 events per case on average.
    const std::size_t n = c % 10 < 6 ? base.events.size() : 3 + (c / 10) % 6;
    const std::string id = "L" + std::to_string(c);
    for (std::size_t i = 0; i < n; ++i) {
      event e = base.events[i];
      e.at += boost::gregorian::days(7 * w);
      reqs.push_back({id, i, std::move(e), base.events[i].at + boost::gregorian::days(7 * w), {}});
    }
    if (reqs.size() >= 20000 || c + 1 == cases) {
      const auto r = s.append_many(reqs);
      if (!r.accepted) {
        std::cerr << "refused " << reqs[r.index].case_id << " " << r.refused.refusals.front().rule_id << '\n';
        return 1;
      }
      total += reqs.size();
      reqs.clear();
      if ((c + 1) % 50000 < 2000)
        std::cerr << c + 1 << " cases, " << total << " events, " << static_cast<double>(total) / seconds_since(start) << " events/s\n";
    }
  }
  std::cerr << "done: " << cases << " cases, " << total << " events in " << seconds_since(start) << " s\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "--generate") return generate(argv[2], std::stoul(argv[3]));
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
