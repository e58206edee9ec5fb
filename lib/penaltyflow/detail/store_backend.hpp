// Private: what the record store asks of the database that holds it — the backend. The shared files (store.cpp,
// store_append.cpp, store_verify.cpp, detail/store_rows.cpp) decide what is written and what it means: the
// workflow's checks, the fold, the projection's content, the hash chain, verify's logic, checkpoints, time travel,
// import and export. A backend only keeps the rows: its schema and migrations, its transactions and commits, its
// queries. It reports its own failures as store_error (the database's code as data, store_error::sqlite_code), or
// lets them pass as its own exception type, which rethrow() turns into a store_error naming the context. SQLite is
// the one backend (detail/sqlite_backend.hpp); this header names no database.
#pragma once

#include <penaltyflow/store.hpp>

#include "penaltyflow/detail/sha256.hpp"
#include "penaltyflow/detail/store_rows.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace penaltyflow::detail {

/// The calendar and profile versions by id (the `versions` table).
using version_table = std::unordered_map<std::int64_t, std::pair<std::string, std::string>>;

/// One event row as the chain walk reads it: the columns the hash covers, the version row's id and the stored
/// hash (its bytes). Valid until the cursor's next row.
struct chain_row {
  std::uint64_t seq = 0;
  std::string_view case_id;
  std::uint64_t case_seq = 0;
  std::string_view type, occurred_at, recorded_at, actors, payload, documents;
  std::int64_t judged_under = 0;
  std::string_view hash;
};

/// The log in seq order from some position, on one connection.
class chain_cursor {
 public:
  virtual ~chain_cursor() = default;
  /// The next row; false at the end. Throws store_error (naming the walk) on a read error.
  virtual bool next(chain_row& row) = 0;
};

/// One connection's view of the log for verify's chain walk (the store's own, or one opened for a range).
class chain_source {
 public:
  virtual ~chain_source() = default;
  /// The stored hash of event `seq` (its bytes), or empty if there is no such event; `where` names the walk.
  virtual std::string stored_hash(std::uint64_t seq, const std::string& where) = 0;
  /// The events from `first` on (unbounded above), in seq order; `where` names the walk in errors.
  virtual std::unique_ptr<chain_cursor> events_from(std::uint64_t first, const std::string& where) = 0;
};

/// A replayed event's columns (verify_replay, rebuilds), valid during the callback.
struct replay_row {
  std::uint64_t seq = 0;
  std::string_view case_id;
  std::uint64_t case_seq = 0;
  std::string_view type, occurred_at, actors, payload, documents, calendar_version, profile_version;
};

/// One row of the document register, as stored.
struct registered_document {
  std::string kind, number, issued, signatories;
};

/// An event to insert: its columns and the hash that links it.
struct event_insert {
  std::uint64_t seq = 0;
  const std::string* case_id = nullptr;
  std::uint64_t case_seq = 0;
  const std::string *type = nullptr, *occurred_at = nullptr, *recorded_at = nullptr, *actors = nullptr,
                    *payload = nullptr, *documents = nullptr;
  std::int64_t judged_under = 0;
  const sha256_digest* hash = nullptr;
};

/// The store's calls into its database. Every call is made under the store's lock, from one thread at a time
/// (except chain sources opened for verify's other ranges, each used by its own thread).
class store_backend {
 public:
  virtual ~store_backend() = default;

  /// What a migration asks of the shared code, inside the migration's transaction: rewrite the projection and
  /// the registers from the log, or the registers only.
  struct migration_hooks {
    std::function<void()> rebuild_projections;
    std::function<void()> rebuild_registers;
  };
  /// Opens (creates, migrates, checks) the store; throws as store::store documents.
  virtual void open(const migration_hooks& hooks) = 0;

  /// Call from a catch block: throws a store_error whose message starts with `context` when the exception being
  /// handled is the backend's own (its database's); returns otherwise.
  virtual void translate(const std::string& context) const = 0;
  /// Call from a catch block: the exception being handled, a backend's own as translate() makes it, anything
  /// else as it is.
  [[noreturn]] void rethrow(const std::string& context) const {
    translate(context);
    throw;
  }

  // ---- transactions ----------------------------------------------------------------------------------------
  /// Starts a write transaction holding the write lock; store_error when the store is read-only.
  virtual void begin() = 0;
  /// Commits; on failure rolls back and throws store_error ("commit failed, nothing was written").
  virtual void commit() = 0;
  /// Rolls back the open transaction, if any, and drops every prepared statement.
  virtual void rollback() noexcept = 0;
  /// Changes whenever another connection commits (the caller then forgets what it cached).
  virtual std::int64_t data_version() = 0;

  // ---- the log ---------------------------------------------------------------------------------------------
  /// The last event's position and stored hash (its bytes), or nullopt for an empty log.
  virtual std::optional<std::pair<std::uint64_t, std::string>> head() = 0;
  /// The id of the versions row (calendar, profile), inserting it if absent.
  virtual std::int64_t versions_id(const std::string& calendar_version, const std::string& profile_version) = 0;
  /// The case's events in case order: case_seq, type, occurred_at, actors, payload.
  virtual void case_events(const std::string& case_id,
                           const std::function<void(std::uint64_t, std::string_view, std::string_view,
                                                    std::string_view, std::string_view)>& fn) = 0;
  virtual void insert_event(const event_insert& e) = 0;
  virtual void insert_document(std::uint64_t seq, const std::string& case_id, const document& d) = 0;
  /// Inserts the officer, or sets its name when `name` is not empty.
  virtual void upsert_officer(const std::string& id, const std::string& name) = 0;
  /// Inserts the certificate unless it is registered.
  virtual void insert_certificate(const std::string& officer_id, const certificate& c) = 0;
  /// Empties the officer and certificate registers.
  virtual void clear_registers() = 0;

  // ---- the projection --------------------------------------------------------------------------------------
  /// Sets the version and last event time of the case's row if it is at `stored_version`; the rows changed.
  virtual int update_case_version(const std::string& case_id, std::uint64_t version, const std::string& last_event_at,
                                  std::uint64_t stored_version) = 0;
  /// Inserts the case's row, or rewrites it if it is at `stored_version`; the rows changed.
  virtual int write_case_row(const std::string& case_id, const projection_row& p, std::uint64_t stored_version) = 0;
  virtual void delete_deadlines(const std::string& case_id) = 0;
  virtual void insert_deadline(const std::string& case_id, const deadline_row& r) = 0;
  /// Empties the projection (cases and deadlines).
  virtual void clear_projections() = 0;

  // ---- reading ---------------------------------------------------------------------------------------------
  /// Every event in (case_id, case_seq) order, until `fn` returns false; with its calendar and profile versions
  /// when `with_versions` (then an event whose versions row is missing is not read).
  virtual void events_by_case(bool with_versions, const std::function<bool(const replay_row&)>& fn) const = 0;
  /// The case's events (or, without `case_id`, every event in (case_id, case_seq) order) as stored.
  virtual void event_rows(const std::string* case_id, const std::function<void(const event_row&)>& fn) const = 0;
  virtual std::optional<projection_row> stored_projection(const std::string& case_id) const = 0;
  /// The case's version as its projection row holds it, 0 when there is none.
  virtual std::uint64_t case_version(const std::string& case_id) const = 0;
  virtual std::vector<std::string> case_ids() const = 0;
  /// Deadline rows due in [from, to] (ISO days), by due day, case id and period: case id, stage, row.
  virtual void due_rows(const std::string& from, const std::string& to,
                        const std::function<void(std::string, std::string, deadline_row)>& fn) const = 0;
  /// store::closed_by_outcome.
  virtual std::vector<std::pair<std::string, std::uint64_t>> closed_by_outcome(int year) const = 0;
  /// store::for_each_summary.
  virtual void summaries(const summary_filter& filter, const std::function<void(case_summary&)>& fn) const = 0;
  /// store::officers.
  virtual std::vector<store::officer_record> officers() const = 0;
  /// The document register's rows of event `seq` (of case `case_id`: the register is looked up by case), in order.
  virtual std::vector<registered_document> documents_of(const std::string& case_id, std::uint64_t seq) const = 0;
  /// The registers as stored.
  virtual std::map<std::string, std::string> stored_officers() const = 0;
  virtual std::set<expected_registers::certificate_key> stored_certificates() const = 0;
  /// A case with a projection row or deadline row and no event, if any.
  virtual std::optional<std::string> orphan_projection() const = 0;

  // ---- verifying -------------------------------------------------------------------------------------------
  /// The schema's differences from the one the store creates, as check_schema's message; empty if none.
  virtual std::string schema_problems() const = 0;
  /// The largest position in the log (0 when empty).
  virtual std::uint64_t last_seq() const = 0;
  virtual version_table versions() const = 0;
  /// The events and cases among positions 1..`upto`.
  virtual std::pair<std::uint64_t, std::uint64_t> count_upto(std::uint64_t upto) const = 0;
  /// The store's own connection, for range 0.
  virtual chain_source& chain() const = 0;
  /// A new read-only connection, for another range (used by one other thread).
  virtual std::unique_ptr<chain_source> open_chain_source() const = 0;
};

/// The SQLite backend for the file at `path` (not opened yet: store_backend::open).
std::unique_ptr<store_backend> make_sqlite_backend(const std::string& path, const store_options& options);

}  // namespace penaltyflow::detail
