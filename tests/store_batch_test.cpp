// append_many with the cached cases the store keeps between appends (and with a cache too small to hold the
// batch's cases, which reloads them from the file): compared with appending the same requests one at a time.
// A case's projection row is written once per transaction, however many of its events the batch holds.
// The same hash chain, the same refusals and errors at the same index, nothing written for a refused or failing
// batch, and a projection equal to a full replay after every event (appends update the cached projection in
// place, only what the event can change).
#include <penaltyflow/history.hpp>
#include <penaltyflow/store.hpp>

#include "support/builders.hpp"
#include "support/scratch_file.hpp"
#include "support/tamper.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace penaltyflow;
using pf_test::at;
using pf_test::scratch_file;

const instant t0 = at("2024-03-04T09:00");

/// A batch: `n` requests round-robin over `cases` cases, continuing from
/// `versions` (the events each case already has), which it advances.
std::vector<append_request> batch(std::size_t n, std::size_t cases, std::vector<std::uint64_t>& versions,
                                  const std::string& prefix = "P") {
  versions.resize(cases, 0);
  std::vector<append_request> out;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = (i * 7) % cases;  // not in case order: consecutive requests touch different cases
    const auto v = versions[c]++;
    out.push_back({prefix + std::to_string(c), v, pf_test::nth_event(v, t0), t0 + boost::gregorian::days(30), {}});
  }
  return out;
}

/// The same requests appended one by one: the reference.
std::vector<append_result> one_by_one(store& s, const std::vector<append_request>& reqs) {
  std::vector<append_result> out;
  for (const auto& r : reqs) out.push_back(s.append(r.case_id, r.expected_version, r.ev, r.recorded_at, r.documents));
  return out;
}

/// Every case of a batch stays cached.
store_options cached() {
  store_options o;
  o.sync = durability::normal;
  return o;
}

store_options small_cache() {
  store_options o;
  o.cached_cases = 2;  // fewer than the batch's cases: they are reloaded from the file
  return o;
}

/// `rounds` batches of `n` requests over `cases` cases into `batched`, each also appended one by one into
/// `reference`: the same positions, versions and hashes.
void expect_same_chain(store& batched, store& reference, int rounds, std::size_t n, std::size_t cases) {
  std::vector<std::uint64_t> versions;
  for (int round = 0; round < rounds; ++round) {
    const auto reqs = batch(n, cases, versions);
    const auto r = batched.append_many(reqs);
    ASSERT_TRUE(r.accepted);
    const auto want = one_by_one(reference, reqs);
    ASSERT_EQ(r.results.size(), reqs.size());
    for (std::size_t i = 0; i < reqs.size(); ++i) {
      ASSERT_TRUE(want[i].accepted);
      EXPECT_EQ(r.results[i].seq, want[i].seq) << i;
      EXPECT_EQ(r.results[i].version, want[i].version) << i;
      ASSERT_EQ(r.results[i].hash, want[i].hash) << "request " << i << " of round " << round;
    }
  }
}

TEST(StoreBatch, WritesTheSameChainAsAppendingOneByOne) {
  scratch_file a("pipe_a.db"), b("pipe_b.db");
  store batched(a.path(), workflow(), cached());
  store reference(b.path(), workflow(), store_options{durability::normal});
  expect_same_chain(batched, reference, 3, 1500, 37);
  EXPECT_EQ(batched.make_checkpoint().head_hash, reference.make_checkpoint().head_hash);
  EXPECT_EQ(batched.make_checkpoint().count, 4500u);
  for (const auto& id : batched.case_ids()) {
    const auto h = batched.history(id);
    for (std::size_t k = 0; k < h.size(); ++k) ASSERT_EQ(h[k].case_seq, k + 1) << id;
    EXPECT_EQ(batched.projection(id)->version, h.size());
  }
  const auto rep = batched.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
}

/// Counts the writes to the `cases` table in a side table (triggers added outside the library, once the store is
/// open: a store with objects it did not create is not opened; removed before verify(), which would name them).
void count_case_row_writes(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.exec("CREATE TABLE case_row_writes (kind TEXT);"
          "CREATE TRIGGER count_case_insert AFTER INSERT ON cases BEGIN INSERT INTO case_row_writes VALUES ('insert'); END;"
          "CREATE TRIGGER count_case_update AFTER UPDATE ON cases BEGIN INSERT INTO case_row_writes VALUES ('update'); END;");
}

void stop_counting(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.exec("DROP TRIGGER count_case_insert; DROP TRIGGER count_case_update; DROP TABLE case_row_writes;");
}

int case_row_writes(const std::string& path, const char* kind) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return db.execAndGet(std::string("SELECT count(*) FROM case_row_writes WHERE kind = '") + kind + "'").getInt();
}

TEST(StoreBatch, WritesEachCaseRowOncePerTransaction) {
  scratch_file f("pipe_once.db");
  store s(f.path(), workflow(), cached());
  count_case_row_writes(f.path());
  std::vector<std::uint64_t> v;
  // 600 events over 20 cases, 30 each: 20 rows inserted, none updated.
  ASSERT_TRUE(s.append_many(batch(600, 20, v)).accepted);
  EXPECT_EQ(case_row_writes(f.path(), "insert"), 20);
  EXPECT_EQ(case_row_writes(f.path(), "update"), 0);
  // The next 600: one update per case.
  ASSERT_TRUE(s.append_many(batch(600, 20, v)).accepted);
  EXPECT_EQ(case_row_writes(f.path(), "update"), 20);
  // One event alone: one update.
  ASSERT_TRUE(s.append("P3", v[3], pf_test::nth_event(v[3], t0), t0).accepted);
  EXPECT_EQ(case_row_writes(f.path(), "update"), 21);
  stop_counting(f.path());
  for (const auto& id : s.case_ids()) EXPECT_EQ(s.projection(id)->version, s.history(id).size()) << id;
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
}

TEST(StoreBatch, ACacheSmallerThanTheBatchWritesTheWaitingRowsBeforeDroppingThem) {
  // With room for 2 cases, every load in the batch drops the cache: the rows waiting for the end of the
  // transaction are written first, so nothing is lost and each row is written over the version it holds.
  scratch_file a("pipe_small.db"), b("pipe_small_ref.db");
  store small(a.path(), workflow(), small_cache());
  store reference(b.path(), workflow(), store_options{durability::normal});
  expect_same_chain(small, reference, 2, 300, 9);
  for (const auto& id : reference.case_ids()) {
    const auto got = small.projection(id), want = reference.projection(id);
    ASSERT_TRUE(got && want) << id;
    EXPECT_EQ(got->version, want->version) << id;
    EXPECT_EQ(got->stage, want->stage) << id;
    EXPECT_EQ(got->deadlines.size(), want->deadlines.size()) << id;
  }
  const auto rep = small.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
}

TEST(StoreBatch, LoadsCasesWrittenBeforeAndByAnotherConnection) {
  scratch_file f("pipe_reopen.db");
  std::vector<std::uint64_t> v;
  {
    store s(f.path(), workflow(), cached());
    ASSERT_TRUE(s.append_many(batch(600, 20, v)).accepted);
  }
  store s(f.path(), workflow(), cached());  // empty cache: every case from the file
  store other(f.path(), workflow(), store_options{durability::normal});
  ASSERT_TRUE(s.append_many(batch(600, 20, v)).accepted);
  // Another connection appends to case P3: this one must notice before its next batch.
  const auto r = other.append("P3", v[3], pf_test::nth_event(v[3], t0), t0);
  ASSERT_TRUE(r.accepted);
  ++v[3];
  const auto next = s.append_many(batch(600, 20, v));
  ASSERT_TRUE(next.accepted);
  EXPECT_EQ(next.results.front().seq, 1202u);
  EXPECT_EQ(s.version("P3"), v[3]);
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
}

/// A batch whose request `bad` is refused by the workflow (a filing without its conditions, on a new case).
std::vector<append_request> batch_refused_at(std::size_t n, std::size_t bad) {
  std::vector<std::uint64_t> v;
  auto reqs = batch(n, 30, v);
  auto filed = pf_test::filed(at("2024-03-06T09:00"));
  filed.conditions = 0;
  reqs.insert(reqs.begin() + static_cast<std::ptrdiff_t>(bad), append_request{"NEW", 0, pf_test::clue(t0), t0, {}});
  reqs.insert(reqs.begin() + static_cast<std::ptrdiff_t>(bad) + 1, append_request{"NEW", 1, filed, t0, {}});
  return reqs;
}

TEST(StoreBatch, RefusalInTheMiddleWritesNothingAndIsReportedAtItsIndex) {
  for (const std::size_t bad : {std::size_t{0}, std::size_t{1}, std::size_t{455}, std::size_t{899}}) {
    scratch_file f("pipe_refused.db"), g("pipe_refused_ref.db");
    store s(f.path(), workflow(), cached());
    store ref(g.path(), workflow(), small_cache());
    const auto reqs = batch_refused_at(900, bad);
    const auto r = s.append_many(reqs);
    const auto want = ref.append_many(reqs);
    ASSERT_FALSE(want.accepted);
    EXPECT_FALSE(r.accepted);
    EXPECT_EQ(r.index, bad + 1) << bad;
    EXPECT_EQ(r.index, want.index);
    ASSERT_FALSE(r.refused.refusals.empty());
    EXPECT_EQ(r.refused.refusals.front().rule_id, "R-FILING-CONDITIONS");
    EXPECT_EQ(r.refused.version, 1u);
    EXPECT_EQ(r.refused.version, want.refused.version);
    EXPECT_TRUE(r.results.empty());
    EXPECT_EQ(s.make_checkpoint().count, 0u);
    EXPECT_TRUE(s.case_ids().empty());
    // The store is usable afterwards: the batch without the refused request is written whole.
    auto ok = reqs;
    ok.erase(ok.begin() + static_cast<std::ptrdiff_t>(bad) + 1);
    const auto again = s.append_many(ok);
    ASSERT_TRUE(again.accepted);
    EXPECT_EQ(s.make_checkpoint().count, ok.size());
    const auto rep = s.verify();
    EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
  }
}

TEST(StoreBatch, ARefusalBeforeAMalformedRequestIsWhatTheBatchReports) {
  // The pipelined batch checks the requests' ids before its worker starts: the error of request 351 must
  // still wait for the refusal of request 101, as appending in turn would report it.
  auto reqs = batch_refused_at(900, 100);
  reqs.insert(reqs.begin() + 351, append_request{"", 0, pf_test::clue(t0), t0, {}});
  for (const bool pipelined : {true, false}) {
    scratch_file f("pipe_refused_first.db");
    store_options o = cached();
    o.pipelined_batches = pipelined;
    store s(f.path(), workflow(), o);
    const auto r = s.append_many(reqs);
    EXPECT_FALSE(r.accepted) << pipelined;
    EXPECT_EQ(r.index, 101u) << pipelined;
    ASSERT_FALSE(r.refused.refusals.empty());
    EXPECT_EQ(r.refused.refusals.front().rule_id, "R-FILING-CONDITIONS");
    EXPECT_EQ(s.make_checkpoint().count, 0u);
  }
}

TEST(StoreBatch, PipelinedAndInTurnBatchesWriteTheSameStore) {
  scratch_file a("pipe_on.db"), b("pipe_off.db");
  store_options off = cached();
  off.pipelined_batches = false;
  store on(a.path(), workflow(), cached()), in_turn(b.path(), workflow(), off);
  std::vector<std::uint64_t> va, vb;
  for (int round = 0; round < 3; ++round) {
    const auto x = on.append_many(batch(1000, 50, va));
    const auto y = in_turn.append_many(batch(1000, 50, vb));
    ASSERT_TRUE(x.accepted && y.accepted);
    for (std::size_t i = 0; i < x.results.size(); ++i) ASSERT_EQ(x.results[i].hash, y.results[i].hash) << i;
  }
  for (const auto& id : in_turn.case_ids()) {
    const auto p = on.projection(id), q = in_turn.projection(id);
    ASSERT_TRUE(p && q) << id;
    EXPECT_EQ(p->version, q->version) << id;
    EXPECT_EQ(p->stage, q->stage) << id;
    EXPECT_EQ(p->last_event_at, q->last_event_at) << id;
    EXPECT_EQ(p->deadlines.size(), q->deadlines.size()) << id;
  }
  const auto rep = on.verify();  // the stored projections equal a full replay
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
}

TEST(StoreBatch, ErrorsInTheMiddleNameTheRequestAndWriteNothing) {
  scratch_file f("pipe_errors.db");
  store s(f.path(), workflow(), cached());
  std::vector<std::uint64_t> v;
  ASSERT_TRUE(s.append_many(batch(300, 30, v)).accepted);
  const auto before = s.make_checkpoint();

  // A batch of 700 with `bad` inserted at `at_index`; `bad` is given the version its case has there.
  auto with = [&](std::size_t at_index, append_request bad) {
    std::vector<std::uint64_t> w = v;
    auto reqs = batch(700, 30, w);
    for (std::size_t i = 0; i < at_index; ++i)
      if (reqs[i].case_id == bad.case_id) bad.expected_version = reqs[i].expected_version + 1;
    reqs.insert(reqs.begin() + static_cast<std::ptrdiff_t>(at_index), std::move(bad));
    return reqs;
  };
  // A conflict: the caller saw another version of the case.
  try {
    auto reqs = with(500, {"P1", 0, pf_test::inspection(at("2024-03-20T09:00")), t0, {}});
    reqs[500].expected_version += 3;
    s.append_many(reqs);
    ADD_FAILURE() << "expected a conflict";
  } catch (const conflict_error& e) {
    EXPECT_EQ(e.case_id(), "P1");
  }
  // A malformed request: the message names its index.
  try {
    s.append_many(with(350, {"", 0, pf_test::clue(t0), t0, {}}));
    ADD_FAILURE() << "expected an error";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), error_code::invalid_argument);
    EXPECT_EQ(e.message().find("request 350 ("), 0u) << e.what();
  }
  // An event older than the case's last one (the workflow throws): named by its index too.
  try {
    s.append_many(with(640, {"P2", 0, pf_test::inspection(at("2024-03-01T09:00")), t0, {}}));
    ADD_FAILURE() << "expected an error";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), error_code::invalid_argument);
    EXPECT_EQ(e.message().find("request 640 (case \"P2\""), 0u) << e.what();
  }
  EXPECT_EQ(s.make_checkpoint().count, before.count);
  EXPECT_EQ(s.make_checkpoint().head_hash, before.head_hash);
  // Nothing of the failed batches stayed in the cache: the next batch continues from the file's state.
  const auto r = s.append_many(batch(700, 30, v));
  ASSERT_TRUE(r.accepted);
  EXPECT_EQ(r.results.front().seq, before.count + 1);
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
}

/// The accepted events of every example history (hearings, pauses, findings, decisions, closure, summary).
std::vector<std::vector<event>> example_histories() {
  std::vector<std::vector<event>> out;
  const workflow wf;
  for (const auto& f : std::filesystem::directory_iterator(std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories")) {
    if (f.path().extension() != ".json") continue;
    out.push_back(wf.replay("x", load_history(f.path().string()).events).record.events());
  }
  return out;
}

// The projection an append writes is kept up to date event by event (only what an event can change is
// recomputed); after every event of every example it must equal the replay verify() compares it with, and one
// large batch must write the same.
TEST(StoreBatch, ProjectionsOfEveryExampleMatchTheReplay) {
  const auto histories = example_histories();
  ASSERT_GE(histories.size(), 5u);
  scratch_file a("pipe_examples_one.db"), b("pipe_examples_many.db");
  store one(a.path(), workflow(), store_options{durability::normal});
  std::size_t h = 0;
  for (const auto& events : histories) {
    const std::string id = "E" + std::to_string(h++);
    for (std::size_t i = 0; i < events.size(); ++i) {
      ASSERT_TRUE(one.append(id, i, events[i], events[i].at).accepted) << id << " event " << i;
      const auto rep = one.verify();
      ASSERT_TRUE(rep.ok) << id << " after event " << i << ": " << (rep.problem ? rep.problem->what : "");
    }
  }
  // Every example 20 times over, interleaved event by event, in one batch.
  std::vector<append_request> reqs;
  for (std::size_t i = 0;; ++i) {
    bool any = false;
    for (int copy = 0; copy < 20; ++copy)
      for (std::size_t k = 0; k < histories.size(); ++k)
        if (i < histories[k].size()) {
          any = true;
          reqs.push_back({"E" + std::to_string(k) + "-" + std::to_string(copy), i, histories[k][i], histories[k][i].at, {}});
        }
    if (!any) break;
  }
  ASSERT_GE(reqs.size(), 256u);
  store many(b.path(), workflow(), cached());
  ASSERT_TRUE(many.append_many(reqs).accepted);
  const auto rep = many.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
  for (std::size_t k = 0; k < histories.size(); ++k) {
    const auto want = one.projection("E" + std::to_string(k));
    const auto got = many.projection("E" + std::to_string(k) + "-7");
    ASSERT_TRUE(want && got);
    EXPECT_EQ(got->stage, want->stage);
    EXPECT_EQ(got->version, want->version);
    EXPECT_EQ(got->deadlines.size(), want->deadlines.size());
    EXPECT_EQ(got->findings.size(), want->findings.size());
  }
}

TEST(StoreBatch, ManyBatchesFromSeveralThreadsStayInOrder) {
  scratch_file f("pipe_threads.db");
  store s(f.path(), workflow(), cached());
  constexpr int threads = 3, batches = 4;
  std::vector<std::thread> ts;
  std::vector<std::vector<std::uint64_t>> first_seq(threads);
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&, t] {
      std::vector<std::uint64_t> v;
      for (int b = 0; b < batches; ++b) {
        const auto r = s.append_many(batch(400, 10, v, "T" + std::to_string(t) + "-"));
        if (!r.accepted) return;
        for (std::size_t i = 1; i < r.results.size(); ++i)
          if (r.results[i].seq != r.results[i - 1].seq + 1) return;  // one transaction: consecutive positions
        first_seq[t].push_back(r.results.front().seq);
      }
    });
  for (auto& t : ts) t.join();
  for (int t = 0; t < threads; ++t) EXPECT_EQ(first_seq[t].size(), static_cast<std::size_t>(batches)) << t;
  EXPECT_EQ(s.make_checkpoint().count, static_cast<std::uint64_t>(threads * batches * 400));
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
}

}  // namespace
