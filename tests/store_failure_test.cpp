// Writes that fail inside the store's transactions (a trigger added outside the library refuses one document
// number): the failing append or batch writes nothing and reports SQLite's error, and the store goes on
// working — the statements it keeps prepared are not left unusable, a group commit's other requests are
// retried alone and succeed, the projections written once per transaction stay equal to a full replay, with a
// cache large or too small and with a second connection writing in between.
#include <penaltyflow/store.hpp>

#include "support/builders.hpp"
#include "support/scratch_file.hpp"
#include "support/tamper.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <memory>
#include <random>
#include <thread>
#include <vector>

namespace {

using namespace penaltyflow;
using pf_test::at;
using pf_test::scratch_file;

const instant t0 = at("2024-03-04T09:00");

/// A trigger that makes the documents table refuse the number "boom", added outside the library while the store
/// is open (a store with a trigger it did not create is not opened, and verify() names the trigger), and removed
/// when it goes.
class trap {
 public:
  explicit trap(std::string path) : path_(std::move(path)) { set(true); }
  ~trap() { set(false); }
  trap(const trap&) = delete;
  trap& operator=(const trap&) = delete;
  void set(bool on) {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec(on ? "CREATE TRIGGER boom BEFORE INSERT ON documents WHEN NEW.number = 'boom' "
                 "BEGIN SELECT RAISE(ABORT, 'boom'); END;"
               : "DROP TRIGGER IF EXISTS boom");
  }

 private:
  std::string path_;
};

document record(const char* number) { return document("现场检查笔录", number, t0.date(), {"O1"}); }

/// verify() passes (with the trap lifted meanwhile) and every projection has its case's version.
void expect_consistent(const store& s, trap& t) {
  t.set(false);
  const auto rep = s.verify();
  t.set(true);
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
  for (const auto& id : s.case_ids()) EXPECT_EQ(s.projection(id)->version, s.history(id).size()) << id;
}

TEST(StoreFailure, AFailedAppendLeavesTheStoreUsable) {
  scratch_file f("fail_reset.db");
  store s(f.path());
  trap boom(f.path());
  ASSERT_TRUE(s.append("X", 0, pf_test::nth_event(0, t0), t0).accepted);
  ASSERT_TRUE(s.append("X", 1, pf_test::nth_event(1, t0), t0).accepted);
  for (int attempt = 0; attempt < 2; ++attempt) {  // twice: the second failure must be the trap's again
    try {
      s.append("X", 2, pf_test::nth_event(2, t0), t0, {record("boom")});
      ADD_FAILURE() << "expected the trap";
    } catch (const store_error& e) {
      EXPECT_NE(std::string(e.what()).find("boom"), std::string::npos) << e.what();
    }
  }
  const auto r = s.append("X", 2, pf_test::nth_event(2, t0), t0, {record("XC-1")});
  EXPECT_TRUE(r.accepted);
  EXPECT_EQ(r.seq, 3u);
  expect_consistent(s, boom);
}

TEST(StoreFailure, AFailedAppendRenamingAnOfficerLeavesTheRegisterAsTheLogHasIt) {
  // The trapped append names O2 otherwise; its rollback must also drop what the store remembered of the
  // register, or the next append with that name would skip writing it.
  scratch_file f("fail_rename.db");
  store s(f.path());
  trap boom(f.path());
  for (std::uint64_t v = 0; v < 3; ++v) ASSERT_TRUE(s.append("X", v, pf_test::nth_event(v, t0), t0).accepted);
  event renamed = pf_test::nth_event(3, t0);
  renamed.actors[1].name = "李思";
  EXPECT_THROW(s.append("X", 3, renamed, t0, {record("boom")}), store_error);
  ASSERT_TRUE(s.append("X", 3, renamed, t0).accepted);
  const auto officers = s.officers();
  const auto o2 = std::find_if(officers.begin(), officers.end(), [](const auto& o) { return o.id == "O2"; });
  ASSERT_NE(o2, officers.end());
  EXPECT_EQ(o2->name, "李思");
  expect_consistent(s, boom);
}

TEST(StoreFailure, FailedBatchesWriteNothingAndTheNextOneIsWhole) {
  scratch_file f("fail_many.db");
  for (const std::size_t cache : {std::size_t{2}, std::size_t{4096}}) {  // in turn, and pipelined
    store_options o;
    o.sync = durability::normal;
    o.cached_cases = cache;
    store s(f.path(), workflow(), o);
    trap boom(f.path());
    std::vector<std::uint64_t> v(9, 0);
    for (std::size_t c = 0; c < v.size(); ++c) v[c] = s.version("M" + std::to_string(c));
    for (int round = 0; round < 4; ++round) {
      std::vector<append_request> reqs;
      auto next = v;
      for (std::size_t i = 0; i < 400; ++i) {
        const std::size_t c = (i * 7) % 9;
        const auto ver = next[c]++;
        reqs.push_back({"M" + std::to_string(c), ver, pf_test::nth_event(ver, t0), t0, {}});
      }
      const bool trapped = round % 2 == 1;
      if (trapped) reqs[300].documents.push_back(record("boom"));
      const auto before = s.make_checkpoint();
      try {
        ASSERT_TRUE(s.append_many(reqs).accepted);
        EXPECT_FALSE(trapped);
        v = next;
      } catch (const store_error& e) {
        EXPECT_TRUE(trapped) << e.what();
        EXPECT_NE(std::string(e.what()).find("request 300 ("), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("boom"), std::string::npos) << e.what();
        EXPECT_EQ(s.make_checkpoint().head_hash, before.head_hash);
      }
      expect_consistent(s, boom);
    }
  }
}

/// 12 threads append to 7 shared cases (conflicts retried with the version read again); one request in six
/// carries the trapped document. Every other request must be acknowledged, whatever group it shared.
void group_with_failures(std::size_t cache, bool second_connection) {
  scratch_file f("fail_group.db");
  store_options o;
  o.sync = durability::normal;
  o.cached_cases = cache;
  store s(f.path(), workflow(), o);
  std::unique_ptr<store> other;
  if (second_connection) other = std::make_unique<store>(f.path(), workflow(), o);
  trap boom(f.path());
  constexpr int threads = 12, per_thread = 40, cases = 7;
  std::atomic<int> trapped{0}, acknowledged{0}, unexpected{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      for (int i = 0; i < per_thread; ++i) {
        const std::string id = "C" + std::to_string(rng() % cases);
        store& w = (other && rng() % 5 == 0) ? *other : s;
        for (int attempt = 0; attempt < 100; ++attempt) {
          const auto v = w.version(id);
          const bool trap = v >= 2 && rng() % 6 == 0;
          try {
            const auto r = w.append(id, v, pf_test::nth_event(v, t0), t0, {record(trap ? "boom" : "XC")});
            if (r.accepted && !trap) ++acknowledged;
            else ++unexpected;
            break;
          } catch (const conflict_error&) {
            continue;  // another thread appended first: read the version again
          } catch (const store_error&) {
            if (trap) ++trapped;
            else ++unexpected;
            break;
          }
        }
      }
    });
  for (auto& th : ts) th.join();
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_GT(trapped.load(), 0);
  EXPECT_EQ(acknowledged.load() + trapped.load(), threads * per_thread);
  EXPECT_EQ(s.make_checkpoint().count, static_cast<std::uint64_t>(acknowledged.load()));
  expect_consistent(s, boom);
}

// An append_async() request whose write fails (the trapped document) gets the error through its future; the
// requests that shared its group are retried alone and acknowledged.
TEST(StoreFailure, AnAsyncAppendsFailureIsItsFuturesAlone) {
  scratch_file f("fail_async.db");
  store_options o;
  o.sync = durability::normal;
  store s(f.path(), workflow(), o);
  trap boom(f.path());
  constexpr int cases = 8, per_case = 12;
  int trapped = 0, acknowledged = 0;
  std::vector<std::future<append_result>> pending(cases);
  std::vector<bool> trap(cases, false);
  std::vector<std::uint64_t> version(cases, 0);
  auto send = [&](int c, int i) {
    trap[c] = i % 4 == 3 && c % 2 == 0;  // some requests of a group fail, the others must not
    pending[c] = s.append_async({"C" + std::to_string(c), version[c], pf_test::nth_event(version[c], t0), t0,
                                 {record(trap[c] ? "boom" : "XC")}});
  };
  for (int c = 0; c < cases; ++c) send(c, 0);
  for (int i = 1; i <= per_case; ++i)
    for (int c = 0; c < cases; ++c) {
      try {
        const auto r = pending[c].get();
        EXPECT_FALSE(trap[c]);
        EXPECT_TRUE(r.accepted);
        ++acknowledged;
        ++version[c];
      } catch (const store_error& e) {
        EXPECT_TRUE(trap[c]) << e.what();
        EXPECT_NE(std::string(e.what()).find("boom"), std::string::npos) << e.what();
        ++trapped;
      }
      if (i < per_case) send(c, i);
    }
  EXPECT_EQ(trapped, 4 * 3);  // the even cases' requests 3, 7 and 11 (of 0 to 11)
  EXPECT_EQ(acknowledged + trapped, cases * per_case);
  EXPECT_EQ(s.make_checkpoint().count, static_cast<std::uint64_t>(acknowledged));
  expect_consistent(s, boom);
}

TEST(StoreFailure, GroupCommitRetriesTheOthersAlone) { group_with_failures(4096, false); }
TEST(StoreFailure, GroupCommitRetriesTheOthersAloneWithASmallCache) { group_with_failures(2, false); }
TEST(StoreFailure, GroupCommitRetriesTheOthersAloneBesideAnotherConnection) { group_with_failures(3, true); }

}  // namespace
