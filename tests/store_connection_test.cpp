// How the store opens its connections: memory-mapped I/O off (a file cut short underneath fails a read with an
// error, never SIGBUS), SQLITE_DBCONFIG_DEFENSIVE on, trusted_schema off; and the schema check on opening (a
// table, index, trigger or view the store did not create, or one of its own changed, is refused, named).
#include <penaltyflow/store.hpp>

#include "penaltyflow/detail/store_connection.hpp"
#include "support/builders.hpp"
#include "support/scratch_file.hpp"
#include "support/tamper.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace penaltyflow;
using pf_test::at;
using pf_test::scratch_file;

const instant t0 = at("2024-03-04T09:00");

/// A store with `cases` cases of `per_case` events each.
void fill(const std::string& path, int cases, std::uint64_t per_case) {
  store_options o;
  o.sync = durability::normal;
  store s(path, workflow(), o);
  std::vector<append_request> reqs;
  for (std::uint64_t n = 0; n < per_case; ++n)
    for (int c = 0; c < cases; ++c)
      reqs.push_back({"C" + std::to_string(c), n, pf_test::nth_event(n, t0), t0, {}});
  ASSERT_TRUE(s.append_many(reqs).accepted);
}

void edit(const std::string& path, const std::string& sql) {
  SQLite::Database raw(path, SQLite::OPEN_READWRITE);
  raw.exec(sql);
}

TEST(StoreConnection, EveryConnectionIsDefensiveWithoutMemoryMapping) {
  scratch_file f("conn_settings.db");
  fill(f.path(), 1, 3);
  for (const bool read_only : {false, true}) {
    const auto db = detail::open_store_connection(f.path(), read_only, 1000);
    EXPECT_EQ(db->execAndGet("PRAGMA mmap_size").getInt64(), 0) << read_only;
    EXPECT_EQ(db->execAndGet("PRAGMA trusted_schema").getInt(), 0) << read_only;
    int defensive = -1;
    ASSERT_EQ(sqlite3_db_config(db->getHandle(), SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive), SQLITE_OK);
    EXPECT_EQ(defensive, 1) << read_only;
    // Defensive: the schema cannot be written around SQLite's checks.
    EXPECT_THROW(db->exec("PRAGMA writable_schema=ON; UPDATE sqlite_schema SET sql = '' WHERE name = 'events'"),
                 SQLite::Exception);
    EXPECT_FALSE(detail::opened_immutable(*db));
  }
}

// A build of SQLite may map the file into memory by default (SQLITE_DEFAULT_MMAP_SIZE); a read of a page that a
// truncation removed is then SIGBUS. The store turns mapping off on every connection, so the read fails with an
// error: here the file is cut short while for_each_history() is in the middle of its pass.
TEST(StoreConnection, AFileCutShortDuringAReadIsAnErrorNotASignal) {
  scratch_file f("conn_truncated.db");
  fill(f.path(), 40, 120);  // 4,800 events, several MiB: far more than the pages read before the cut
  EXPECT_EXIT(
      {
        sqlite3_shutdown();
        sqlite3_config(SQLITE_CONFIG_MMAP_SIZE, sqlite3_int64{1} << 30, sqlite3_int64{1} << 30);
        sqlite3_initialize();
        store_options o;
        o.mode = open_mode::read_only;
        store s(f.path(), workflow(), o);
        int seen = 0;
        try {
          s.for_each_history([&](std::vector<stored_event>&) {
            if (seen++ == 0 && ::truncate(f.path().c_str(), 8 * 8192) != 0) std::_Exit(3);
          });
          std::fprintf(stderr, "no error after %d cases\n", seen);
          std::_Exit(2);
        } catch (const store_error& e) {
          std::fprintf(stderr, "%s\n", e.what());
          std::_Exit(0);
        }
      },
      ::testing::ExitedWithCode(0), "SQLite error");
}

struct forgery {
  const char* what;
  const char* sql;
  const char* named;  ///< what the refusal must say
};

// Each way of changing the schema after the store made it; the refusal names the object.
const forgery forgeries[] = {
    {"the log replaced by a view whose INSTEAD OF trigger swallows appends",
     "ALTER TABLE events RENAME TO events_kept; CREATE VIEW events AS SELECT * FROM events_kept;"
     "CREATE TRIGGER events_swallow INSTEAD OF INSERT ON events BEGIN SELECT 1; END;",
     "view \"events\" (penaltyflow's is a table)"},
    {"a trigger added to the log", "CREATE TRIGGER spy AFTER INSERT ON events BEGIN DELETE FROM deadlines; END;",
     "trigger \"spy\" on \"events\" is not part of the penaltyflow schema"},
    {"an append-only guard replaced by one that lets updates through",
     "DROP TRIGGER events_append_only_update;"
     "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN SELECT 1; END;",
     "trigger \"events_append_only_update\" is not defined as penaltyflow defines it"},
    {"an append-only guard dropped", "DROP TRIGGER documents_append_only_delete;",
     "trigger \"documents_append_only_delete\" is missing"},
    {"the event_log view redefined",
     "DROP VIEW event_log; CREATE VIEW event_log AS SELECT * FROM events;",
     "view \"event_log\" is not defined as penaltyflow defines it"},
    {"a view added", "CREATE VIEW audit AS SELECT * FROM events;",
     "view \"audit\" is not part of the penaltyflow schema"},
    {"an index added", "CREATE INDEX events_type ON events (type);",
     "index \"events_type\" on \"events\" is not part of the penaltyflow schema"},
    {"a column added to the projection", "ALTER TABLE cases ADD COLUMN note TEXT;",
     "table \"cases\" is not defined as penaltyflow defines it"},
    {"a table added", "CREATE TABLE extra (x);", "table \"extra\" is not part of the penaltyflow schema"},
};

TEST(StoreConnection, AForgedSchemaIsRefusedOnOpeningNamingTheObject) {
  scratch_file base("conn_schema_base.db");
  fill(base.path(), 2, 4);
  for (const auto& forged : forgeries) {
    scratch_file f("conn_forged.db");
    std::filesystem::copy_file(base.path(), f.path());
    edit(f.path(), forged.sql);
    for (const auto mode : {open_mode::read_write, open_mode::read_only}) {
      store_options o;
      o.mode = mode;
      try {
        store s(f.path(), workflow(), o);
        ADD_FAILURE() << forged.what << ": opened";
      } catch (const store_error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("the schema is not the one penaltyflow creates, so the store is not opened"),
                  std::string::npos) << msg;
        EXPECT_NE(msg.find(forged.named), std::string::npos) << forged.what << ": " << msg;
      }
    }
  }
}

// SQLite's own statistics (ANALYZE) are not a forgery; a store migrated from an older schema (whose log table
// SQLite renamed into place) passes the check too (the migration tests open such files).
TEST(StoreConnection, StatisticsTablesAreAllowed) {
  scratch_file f("conn_analyze.db");
  fill(f.path(), 2, 4);
  edit(f.path(), "ANALYZE");
  store s(f.path());
  EXPECT_TRUE(s.verify().ok);
}

// A schema changed while the store is open: verify() (and a checkpoint check) reports it as the problem.
TEST(StoreConnection, VerifyNamesASchemaChangedAfterOpening) {
  scratch_file f("conn_schema_later.db");
  fill(f.path(), 2, 4);
  store s(f.path());
  const auto cp = s.make_checkpoint();
  edit(f.path(), "CREATE TRIGGER spy AFTER INSERT ON events BEGIN DELETE FROM deadlines; END;");
  for (const auto& rep : {s.verify(), s.verify(verify_depth::chain), s.verify_checkpoint(cp)}) {
    EXPECT_FALSE(rep.ok);
    ASSERT_TRUE(rep.problem);
    EXPECT_NE(rep.problem->what.find("trigger \"spy\" on \"events\" is not part of the penaltyflow schema"),
              std::string::npos)
        << rep.problem->what;
  }
}

}  // namespace
