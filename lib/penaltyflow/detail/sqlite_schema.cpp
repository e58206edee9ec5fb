// The record store's SQLite backend, opening: a connection (detail/store_connection.hpp), a new file's schema, the
// migrations of older schemas (detail/store_schema.hpp; the projection and registers they rewrite are computed by the
// shared code through the migration hooks), the check that the schema is the one the store creates, and the
// translation of SQLite's exceptions into store_error.
#include "penaltyflow/detail/sqlite_backend.hpp"

#include "penaltyflow/detail/store_connection.hpp"
#include "penaltyflow/detail/store_schema.hpp"

#include <sqlite3.h>

namespace penaltyflow::detail {

void rethrow_sqlite(const SQLite::Exception& e, const std::string& context) {
  const int ext = e.getExtendedErrorCode();
  throw store_error(context + ": SQLite error " + std::to_string(ext) + " (" + sqlite3_errstr(ext) + "): " + e.what(),
                    ext);
}

void sqlite_backend::translate(const std::string& context) const {
  try {
    throw;
  } catch (const SQLite::Exception& e) {
    rethrow_sqlite(e, context);
  } catch (...) {
    // not SQLite's: the caller rethrows it
  }
}

std::unique_ptr<store_backend> make_sqlite_backend(const std::string& path, const store_options& options) {
  return std::make_unique<sqlite_backend>(path, options);
}

// ---- opening ---------------------------------------------------------------------------------------------

void sqlite_backend::open(const migration_hooks& hooks) {
  const bool ro = options_.mode == open_mode::read_only;
  try {
    db_ = open_store_connection(path_, ro, static_cast<int>(options_.busy_timeout.count()));
  } catch (const SQLite::Exception& e) {
    rethrow_sqlite(e, path_ + ": cannot open the store");
  }
  if (!ro && sqlite3_db_readonly(db_->getHandle(), "main") == 1)
    throw store_error(path_ + ": the store file is read-only (open it with open_mode::read_only to read it)",
                      SQLITE_READONLY);
  try {
    // Reading the header validates the file: a corrupt or foreign file fails here (SQLITE_NOTADB).
    const int app = db_->execAndGet("PRAGMA application_id").getInt();
    const int user_version = db_->execAndGet("PRAGMA user_version").getInt();
    const int objects = db_->execAndGet("SELECT count(*) FROM sqlite_master").getInt();
    if (user_version > store_schema_version) throw schema_version_error(path_, user_version, store_schema_version);
    if (objects > 0 && app != store_application_id)
      throw store_error(path_ + ": not a penaltyflow store (application_id " + std::to_string(app) + ")");
    if (!ro) {
      // The page size of a new file is fixed by its first write, which switching to WAL already is.
      if (objects == 0) db_->exec("PRAGMA page_size=" + std::to_string(store_page_size));
      db_->exec("PRAGMA journal_mode=WAL");
      db_->exec(options_.sync == durability::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    }
    if (objects == 0) {
      if (ro) throw store_error(path_ + ": not a penaltyflow store (the file is empty)");
      create_schema();
    } else if (user_version < store_schema_version) {
      if (ro)
        throw store_error(path_ + ": store schema version " + std::to_string(user_version) +
                          " must be migrated; open it read-write once (e.g. penaltyflow --db FILE init)");
      migrate(user_version, hooks);
    } else {
      check_schema();
    }
  } catch (const SQLite::Exception& e) {
    rethrow_sqlite(e, path_ + ": cannot open the store");
  }
}

/// The file holds exactly the tables, indexes, triggers and views the store creates: a view or trigger put in
/// their place (an INSTEAD OF trigger that swallows appends, a view that runs SQL while an auditor reads) is
/// refused, named.
void sqlite_backend::check_schema() {
  if (const auto problems = schema_problems(); !problems.empty()) throw store_error(problems);
}

/// check_schema()'s message, or empty.
std::string sqlite_backend::schema_problems() const {
  const auto diffs = schema_differences(*db_);
  if (diffs.empty()) return {};
  std::string out = path_ + ": the schema is not the one penaltyflow creates, so the store is not opened: ";
  for (std::size_t i = 0; i < diffs.size(); ++i) out += (i ? "; " : "") + diffs[i];
  return out + " (存储文件的表结构被改动)";
}

void sqlite_backend::create_schema() {
  db_->exec("BEGIN IMMEDIATE");
  try {
    db_->exec(schema_current());
    db_->exec(std::string(append_only_triggers));
    db_->exec("PRAGMA application_id=" + std::to_string(store_application_id));
    db_->exec("PRAGMA user_version=" + std::to_string(store_schema_version));
    db_->exec("COMMIT");
  } catch (...) {
    rollback();
    throw;
  }
}

/// Migrates in one transaction: a failed migration leaves the file as it was.
///  - Version 1 → 2: versions move from every event row into the `versions` table (the hash input does not
///    change: it always used the version strings); the document register and the closed-year index are built
///    from the log (the officer registers by the rebuild at the end).
///  - Version 2 → 3: the statistics columns of `cases` (schema_v3_additions).
///  - Version 3 → 4: the log without its `prev_hash` column (events_table), after checking that
///    every stored `prev_hash` is the previous row's hash; the hashes do not change.
///  - Version 4 → 5: the officer register keeps the last non-empty name the log gives each officer (version 4
///    kept the name the writing connection saw first); the registers are rewritten from the log.
/// The projection is derived data: from version 3 and before, it is rebuilt at the end with the current
/// workflow (whose rules may have grown since the file was written), and the registers with it.
void sqlite_backend::migrate(int from, const migration_hooks& hooks) {
  if (from < 1 || from > 4) throw store_error(path_ + ": unknown store schema version " + std::to_string(from));
  db_->exec("BEGIN IMMEDIATE");
  try {
    // Another process may have migrated the file while this one waited for the write lock.
    if (db_->execAndGet("PRAGMA user_version").getInt() == store_schema_version) {
      db_->exec("COMMIT");
      return;
    }
    if (from == 4) {
      hooks.rebuild_registers();
    } else {
      if (from == 1) migrate_v1_to_v2();
      if (from <= 2) db_->exec(std::string(schema_v3_additions));
      migrate_log_to_v4();
      hooks.rebuild_projections();
      db_->exec(std::string(append_only_triggers));
    }
    check_schema();
    db_->exec("PRAGMA user_version=" + std::to_string(store_schema_version));
    db_->exec("COMMIT");
  } catch (...) {
    rollback();
    throw;
  }
  reset_statements();
}

void sqlite_backend::migrate_v1_to_v2() {
  db_->exec("DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;"
           "ALTER TABLE events RENAME TO events_v1;"
           "ALTER TABLE cases RENAME TO cases_v1;"
           "DROP INDEX deadlines_case; DROP INDEX deadlines_due; ALTER TABLE deadlines RENAME TO deadlines_v1;");
  db_->exec(schema_v2());
  db_->exec("INSERT INTO versions (calendar_version, profile_version) SELECT calendar_version, profile_version "
           "FROM events_v1 GROUP BY calendar_version, profile_version ORDER BY min(seq)");
  db_->exec("INSERT INTO events SELECT e.seq, e.case_id, e.case_seq, e.type, e.occurred_at, e.recorded_at, "
           "e.actors, e.payload, e.documents, v.id, e.prev_hash, e.hash FROM events_v1 e JOIN versions v "
           "ON v.calendar_version = e.calendar_version AND v.profile_version = e.profile_version ORDER BY e.seq");
  db_->exec("DROP TABLE events_v1; DROP TABLE cases_v1; DROP TABLE deadlines_v1;");
  // The document register, from the log (the officer registers are rewritten by migrate()'s rebuild).
  SQLite::Statement rows(*db_, "SELECT seq, case_id, case_seq, documents FROM events ORDER BY seq");
  while (rows.executeStep()) {
    const std::string case_id = rows.getColumn(1).getString();
    const std::string where = path_ + ": case \"" + case_id + "\" event " + rows.getColumn(2).getString();
    const auto seq = static_cast<std::uint64_t>(rows.getColumn(0).getInt64());
    for (const auto& d : documents_from(rows.getColumn(3).getString(), where)) insert_document(seq, case_id, d);
  }
}

/// Version 3 → 4. Every append-only trigger is dropped here and re-created by the caller.
void sqlite_backend::migrate_log_to_v4() {
  // A stored prev_hash that is not the previous row's hash means the log was changed: the copy must not
  // forget that (verify the file with the penaltyflow release that wrote it).
  SQLite::Statement broken(*db_, "SELECT e.seq, e.case_id, e.case_seq FROM events e LEFT JOIN events p "
                                "ON p.seq = e.seq - 1 WHERE e.prev_hash IS NOT "
                                "coalesce(p.hash, CASE WHEN e.seq = 1 THEN zeroblob(32) END) ORDER BY e.seq LIMIT 1");
  if (broken.executeStep())
    throw store_error(path_ + ": case \"" + broken.getColumn(1).getString() + "\" event " +
                      broken.getColumn(2).getString() + " (log position " + broken.getColumn(0).getString() +
                      "): its prev_hash is not the previous event's hash, so the log was changed; the store "
                      "is not migrated");
  broken.reset();
  db_->exec("DROP TRIGGER IF EXISTS events_append_only_update; DROP TRIGGER IF EXISTS events_append_only_delete;"
           "DROP TRIGGER IF EXISTS versions_append_only_update; DROP TRIGGER IF EXISTS versions_append_only_delete;"
           "DROP TRIGGER IF EXISTS documents_append_only_update; DROP TRIGGER IF EXISTS documents_append_only_delete;");
  db_->exec(events_table("events_v4", false));
  db_->exec("INSERT INTO events_v4 SELECT seq, case_id, case_seq, type, occurred_at, recorded_at, actors, payload, "
           "documents, judged_under, hash FROM events ORDER BY seq");
  db_->exec("DROP TABLE events; ALTER TABLE events_v4 RENAME TO events;");
  db_->exec(std::string(event_log_view));
}

void sqlite_backend::reset_statements() noexcept {
  for (auto* s : {&st_insert_event, &st_insert_doc, &st_upsert_case, &st_update_case_version, &st_delete_deadlines,
                  &st_insert_deadline, &st_insert_officer, &st_insert_certificate, &st_case_events, &st_head,
                  &st_data_version, &st_find_versions, &st_insert_versions, &st_begin, &st_commit, &st_proj,
                  &st_proj_deadlines, &st_history, &st_documents_of})
    s->reset();
}

// The cached statements are finalized first: a statement whose step failed is unusable until reset (its next bind
// fails with SQLITE_MISUSE), and a failed transaction may leave any of them so.
void sqlite_backend::rollback() noexcept {
  reset_statements();
  if (sqlite3_get_autocommit(db_->getHandle()) == 0) sqlite3_exec(db_->getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace penaltyflow::detail
