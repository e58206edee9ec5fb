// verify()'s chain walk over several ranges of the log (store_options::verify_threads): every report, intact
// or tampered, must be the one a single walk in log order gives, the problem named at the same event.
#include <penaltyflow/store.hpp>

#include "support/builders.hpp"
#include "support/scratch_file.hpp"
#include "support/tamper.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

namespace {

using namespace penaltyflow;
using pf_test::scratch_file;

const instant t0 = pf_test::at("2024-03-04T09:00");

constexpr std::uint64_t case_count = 10, events_per_case = 10;

/// Appends `per_case` events to each of `cases` cases "C0", "C1", ..., round-robin: event k of case c is at
/// seq k*cases + c + 1.
void fill_round_robin(store& s, std::uint64_t cases, std::uint64_t per_case) {
  std::vector<append_request> reqs;
  for (std::uint64_t k = 0; k < per_case; ++k)
    for (std::uint64_t c = 0; c < cases; ++c)
      reqs.push_back({"C" + std::to_string(c), k, pf_test::nth_event(k, t0), t0, {}});
  ASSERT_TRUE(s.append_many(reqs).accepted);
}

/// The 100-event store every test copies (closed, so its WAL is checkpointed into the file): with 2 ranges,
/// events 1..50 and 51..100; event 50 is C9's 5th, event 51 C0's 6th.
const std::string& base_store() {
  static scratch_file f("verify_base.db");
  static const bool built = [] {
    store s(f.path(), workflow(), store_options{durability::normal});
    fill_round_robin(s, case_count, events_per_case);
    return true;
  }();
  (void)built;
  return f.path();
}

store_options ranges(unsigned k, open_mode mode = open_mode::read_write) {
  store_options o{durability::normal, mode};
  o.verify_threads = k;
  return o;
}

/// A copy of the base store changed by `sql` with the append-only triggers dropped, then put back (a tamperer's
/// edit).
class tampered {
 public:
  explicit tampered(const std::string& sql) : f_("verify_tampered.db") {
    std::filesystem::copy_file(base_store(), f_.path());
    SQLite::Database raw(f_.path(), SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER events_append_only_update");
    raw.exec("DROP TRIGGER events_append_only_delete");
    raw.exec(sql);
    raw.exec(pf_test::restore_append_only_triggers());
  }
  const std::string& path() const { return f_.path(); }

 private:
  scratch_file f_;
};

/// The chain report of `path` walked as 1, 2, 3 and 7 ranges; fails the test unless all four are the same.
verify_report walked_in_ranges(const std::string& path) {
  const auto single = store(path, workflow(), ranges(1)).verify(verify_depth::chain);
  for (unsigned k : {2u, 3u, 7u}) {
    const auto rep = store(path, workflow(), ranges(k)).verify(verify_depth::chain);
    EXPECT_EQ(rep.ok, single.ok) << k << " ranges";
    EXPECT_EQ(rep.events, single.events) << k << " ranges";
    EXPECT_EQ(rep.cases, single.cases) << k << " ranges";
    EXPECT_EQ(rep.head_hash, single.head_hash) << k << " ranges";
    EXPECT_EQ(rep.problem.has_value(), single.problem.has_value()) << k << " ranges";
    if (rep.problem && single.problem) {
      EXPECT_EQ(rep.problem->seq, single.problem->seq) << k << " ranges";
      EXPECT_EQ(rep.problem->case_id, single.problem->case_id) << k << " ranges";
      EXPECT_EQ(rep.problem->case_seq, single.problem->case_seq) << k << " ranges";
      EXPECT_EQ(rep.problem->what, single.problem->what) << k << " ranges";
    }
  }
  return single;
}

/// A tamperer's edit of the base store and the problem it must give: at event `seq` (of `case_id`, its
/// `case_seq`), the message starting with `what`.
struct tampering {
  const char* sql;
  std::uint64_t seq;
  const char* case_id;
  std::uint64_t case_seq;
  const char* what;
};

/// Checks that every walk (walked_in_ranges) of the tampered copy names the expected problem.
void expect_named(const tampering& t) {
  SCOPED_TRACE(t.sql);
  const tampered copy(t.sql);
  const auto rep = walked_in_ranges(copy.path());
  ASSERT_FALSE(rep.ok);
  const auto& p = *rep.problem;
  EXPECT_EQ(p.seq, t.seq);
  EXPECT_EQ(p.case_id, t.case_id);
  EXPECT_EQ(p.case_seq, t.case_seq);
  EXPECT_EQ(p.what.substr(0, std::strlen(t.what)), t.what) << p.what;
  // A failed walk still reports how many events and cases the log holds, never 0.
  SQLite::Database raw(copy.path(), SQLite::OPEN_READONLY);
  EXPECT_EQ(rep.events, static_cast<std::uint64_t>(raw.execAndGet("SELECT count(*) FROM events").getInt64()));
  EXPECT_EQ(rep.cases,
            static_cast<std::uint64_t>(raw.execAndGet("SELECT count(DISTINCT case_id) FROM events").getInt64()));
}

TEST(StoreVerify, AnIntactLogGivesOneReportForAnyNumberOfRanges) {
  const auto rep = walked_in_ranges(base_store());
  EXPECT_TRUE(rep.ok);
  EXPECT_EQ(rep.events, case_count * events_per_case);
  EXPECT_EQ(rep.cases, case_count);
  EXPECT_EQ(rep.head_hash, store(base_store()).make_checkpoint().head_hash);
  // More ranges than events: one event each.
  scratch_file f("verify_three.db");
  store s(f.path(), workflow(), ranges(8));
  fill_round_robin(s, 3, 1);
  const auto small = s.verify(verify_depth::chain);
  EXPECT_TRUE(small.ok);
  EXPECT_EQ(small.events, 3u);
  EXPECT_EQ(small.cases, 3u);
  // An empty log.
  scratch_file e("verify_empty.db");
  const auto empty = store(e.path(), workflow(), ranges(4)).verify(verify_depth::chain);
  EXPECT_TRUE(empty.ok);
  EXPECT_EQ(empty.events, 0u);
  EXPECT_EQ(empty.head_hash, std::string(64, '0'));
}

TEST(StoreVerify, ReadOnlyStoresAndCheckpointsAreWalkedInRanges) {
  store s(base_store(), workflow(), ranges(3, open_mode::read_only));
  const auto rep = s.verify(verify_depth::full);
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
  EXPECT_EQ(rep.events, 100u);
  // A checkpoint of 60 events, checked in 3 ranges of the first 60 events only.
  checkpoint cp = s.make_checkpoint();
  {
    SQLite::Database raw(base_store(), SQLite::OPEN_READONLY);
    SQLite::Statement q(raw, "SELECT lower(hex(hash)) FROM events WHERE seq = 60");
    ASSERT_TRUE(q.executeStep());
    cp.count = 60;
    cp.head_hash = q.getColumn(0).getString();
  }
  const auto at60 = s.verify_checkpoint(cp);
  EXPECT_TRUE(at60.ok) << (at60.problem ? at60.problem->what : "");
  EXPECT_EQ(at60.events, 60u);
  EXPECT_EQ(at60.head_hash, cp.head_hash);
  cp.count = 120;
  const auto beyond = s.verify_checkpoint(cp);
  ASSERT_FALSE(beyond.ok);
  EXPECT_EQ(beyond.problem->seq, 101u);  // "the log has only 100"
}

TEST(StoreVerify, AnEditInTheSecondRangeIsNamed) {
  expect_named({"UPDATE events SET actors = replace(actors, '张三', '王五') WHERE seq = 70", 70, "C9", 7,
                "hash mismatch: stored "});
}

TEST(StoreVerify, EditsAtTheBoundaryAreNamed) {
  const tampering edits[] = {
      // The first event of the second range.
      {"UPDATE events SET recorded_at = '2030-01-01T00:00:00' WHERE seq = 51", 51, "C0", 6, "hash mismatch: stored "},
      // The last event of the first range re-hashed: the second range starts from the new hash and accepts it;
      // the first range's recomputation names the event.
      {"UPDATE events SET hash = randomblob(32) WHERE seq = 50", 50, "C9", 5, "hash mismatch: stored "},
      // A malformed hash where the second range starts from.
      {"UPDATE events SET hash = x'00' WHERE seq = 50", 50, "C9", 5, "the stored hash has 1 bytes, not 32"},
      {"UPDATE events SET judged_under = 99 WHERE seq = 51", 51, "C0", 6,
       "the calendar/profile version row it refers to is missing"},
  };
  for (const auto& t : edits) expect_named(t);
}

TEST(StoreVerify, DeletionsAtTheBoundaryAreNamedAtTheNextStoredEvent) {
  const tampering deletions[] = {
      // The first range's last event: found by the first range, which reads on into the second.
      {"DELETE FROM events WHERE seq = 50", 51, "C0", 6,
       "log position 50 is missing (next stored event is 51): an event was deleted"},
      {"DELETE FROM events WHERE seq IN (51, 52)", 53, "C2", 6,
       "log position 51 is missing (next stored event is 53): an event was deleted"},
  };
  for (const auto& t : deletions) expect_named(t);
  // The last event: undetectable by the chain alone; every walk reports the 99 left.
  const tampered t("DELETE FROM events WHERE seq = 100");
  const auto rep = walked_in_ranges(t.path());
  EXPECT_TRUE(rep.ok);
  EXPECT_EQ(rep.events, 99u);
}

TEST(StoreVerify, CaseSequencesAreCheckedAcrossTheBoundary) {
  const tampering breaks[] = {
      // C0's first event in the second range no longer follows its last in the first: found when joining,
      // before the hash mismatch the second range found at the same event.
      {"UPDATE events SET case_seq = 106 WHERE seq = 51", 51, "C0", 106, "case sequence 106 follows 5 in case \"C0\""},
      // A broken case sequence later in the second range than an edit: the edit comes first.
      {"UPDATE events SET case_seq = 106 WHERE seq = 55; "
       "UPDATE events SET recorded_at = '2030-01-01T00:00:00' WHERE seq = 53",
       53, "C2", 6, "hash mismatch: stored "},
      // ... and earlier: the case sequence comes first, though the second range stopped at the edit.
      {"UPDATE events SET case_seq = 107 WHERE seq = 53; "
       "UPDATE events SET recorded_at = '2030-01-01T00:00:00' WHERE seq = 55",
       53, "C2", 107, "case sequence 107 follows 5 in case \"C2\""},
      // C0's 6th event moved to a case "X", of which it is the first.
      {"UPDATE events SET case_id = 'X' WHERE seq = 51", 51, "X", 6, "case sequence 6 follows 0 in case \"X\""},
      // A case's very first event.
      {"UPDATE events SET case_seq = 100 WHERE seq = 1", 1, "C0", 100, "case sequence 100 follows 0 in case \"C0\""},
  };
  for (const auto& t : breaks) expect_named(t);
}

TEST(StoreVerify, AnSQLiteErrorInAnotherRangesThreadIsTheSameStoreError) {
  // Event 75 (second range) marked, then its page's b-tree header broken: reading it fails with SQLITE_CORRUPT.
  const tampered t("UPDATE events SET actors = replace(actors, '张三', 'MARKER-QX7') WHERE seq = 75");
  std::string bytes;
  {
    std::ifstream in(t.path(), std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const auto pos = bytes.find("MARKER-QX7");
  ASSERT_NE(pos, std::string::npos);
  constexpr std::size_t page_size = 4096;  // SQLite's default
  bytes[pos / page_size * page_size] = 0;  // the page type: none
  std::ofstream(t.path(), std::ios::binary | std::ios::trunc) << bytes;
  auto error_of = [&](unsigned k) -> std::string {
    try {
      (void)store(t.path(), workflow(), ranges(k)).verify(verify_depth::chain);
    } catch (const store_error& e) {
      return e.what();
    }
    return "no store_error";
  };
  const std::string single = error_of(1);
  EXPECT_NE(single.find(": verifying: SQLite error 11 "), std::string::npos) << single;
  EXPECT_EQ(error_of(2), single);
}

TEST(StoreVerify, CountsOnlyTheEventsStoredWhenTheWalkStarts) {
  // Large enough to be split by default (16,384 events) on a machine with several hardware threads.
  scratch_file f("verify_concurrent.db");
  store s(f.path(), workflow(), store_options{durability::normal});
  fill_round_robin(s, 2000, 10);
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> appended{0};
  std::thread appender([&] {
    store w(f.path(), workflow(), store_options{durability::normal});  // another connection
    for (std::uint64_t k = 0; !stop; ++k) {
      ASSERT_TRUE(w.append("N" + std::to_string(k), 0, pf_test::clue(t0), t0).accepted);
      ++appended;
    }
  });
  while (appended == 0) std::this_thread::yield();
  std::vector<verify_report> reps;
  for (int i = 0; i < 5; ++i) reps.push_back(s.verify(verify_depth::chain));
  stop = true;
  appender.join();
  SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
  SQLite::Statement q(raw, "SELECT lower(hex(hash)) FROM events WHERE seq = ?");
  for (const auto& rep : reps) {
    ASSERT_TRUE(rep.ok) << rep.problem->what;
    EXPECT_GT(rep.events, 20'000u);  // the appender had committed one before the first walk
    EXPECT_EQ(rep.cases, 2000 + (rep.events - 20'000));  // each appended event is a new case
    // The head hash is that of the last counted event: no event appended meanwhile was walked.
    q.bind(1, static_cast<std::int64_t>(rep.events));
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(rep.head_hash, q.getColumn(0).getString());
    q.reset();
  }
}

}  // namespace
