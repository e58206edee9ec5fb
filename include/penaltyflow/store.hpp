// penaltyflow — the full-process record (执法全过程记录): a tamper-evident SQLite store of case events.
//
// One SQLite file holds many cases. Every accepted event is appended to a log that refuses UPDATE and
// DELETE, linked to the previous event by a SHA-256 hash chain over the whole log; the projection of each
// case (stage, key dates, open deadlines, findings) is written in the same transaction. Replaying a case's
// events through the workflow must give exactly its stored projection: verify() checks that, and the chain.
// The hash input is a plain byte string documented in docs/store.md, so an auditor can check a store with
// the `sqlite3` shell and `sha256sum` alone.
//
// This is the one public header that names SQLite; it does not include any SQLite header (pimpl).
// Nothing here reads the clock: the time an event is recorded is a parameter.
#pragma once

#include <penaltyflow/case.hpp>
#include <penaltyflow/case_statistics.hpp>
#include <penaltyflow/document.hpp>
#include <penaltyflow/error.hpp>
#include <penaltyflow/execution.hpp>
#include <penaltyflow/rules.hpp>
#include <penaltyflow/workflow.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace penaltyflow {

/// How hard a commit works to survive a power cut (SQLite `PRAGMA synchronous`, in WAL mode).
enum class durability : std::uint8_t {
  /// Default. Every commit is synced to disk before append() returns: an acknowledged event survives a
  /// crash of the process, the operating system or the power. One sync per commit (group commit shares it).
  full,
  /// The WAL is synced only at checkpoints: an acknowledged event survives a crash of the process, but a
  /// power cut may lose the last commits (never corrupts the file, never breaks the chain).
  normal,
};
std::string_view to_string(durability d) noexcept;

/// How a store is opened.
enum class open_mode : std::uint8_t {
  read_write,  ///< create the file if absent, migrate an older schema
  read_only,   ///< never writes (an older schema is refused rather than migrated)
};

struct store_options {
  durability sync = durability::full;
  open_mode mode = open_mode::read_write;
  /// How long a writer waits for another connection's lock before failing with a store_error (SQLITE_BUSY).
  std::chrono::milliseconds busy_timeout{10'000};
  /// Cases whose replayed state is kept in memory between appends (0: no limit); when full, the cache is
  /// emptied. Cost per case: its facts (case_record with history_kept::facts_only) and its projection row.
  std::size_t cached_cases = 4096;
  /// How many contiguous ranges of the log verify() and verify_checkpoint() check in parallel, each on its own
  /// thread and read-only connection (the first on the store's own): 0 (default) for one per hardware thread,
  /// or a single range for a log under 16,384 events. Of N events in k ranges, range i (from 0) holds events
  /// N*i/k+1 .. N*(i+1)/k. The report is the same for any number: the first problem in log order.
  unsigned verify_threads = 0;
  /// Whether append_many() checks, folds and hashes a batch of 256 or more requests on a second thread while
  /// the calling thread writes the rows (when the machine has two hardware threads and the batch has no more
  /// cases than `cached_cases`). The results, refusals and errors are the same either way.
  bool pipelined_batches = true;
};

/// The current schema version (`PRAGMA user_version`). Version 1–4 files are migrated when opened read-write
/// (version 3 added the statistics columns of the case projection; version 4 stopped storing each event's
/// previous hash a second time: the row before holds it, view `event_log` shows it; version 5's officer register
/// holds the last non-empty name the log gives each officer, which verify() checks).
inline constexpr int store_schema_version = 5;

/// One row of the event log, as stored.
struct stored_event {
  std::uint64_t seq = 0;        ///< position in the whole log, from 1
  std::string case_id;
  std::uint64_t case_seq = 0;   ///< position in the case, from 1 (= the case version after this event)
  event ev;
  instant recorded_at;          ///< when the store recorded it (a parameter of append, never the clock)
  std::vector<document> documents;
  std::string calendar_version; ///< the calendar the workflow judged the event under
  std::string profile_version;  ///< the profile it was judged under ("<id>@sha256:<16 hex>")
  std::string prev_hash;        ///< 64 hex digits: the previous event's hash; all zeros for the first event
  std::string hash;             ///< 64 hex digits: SHA-256 of the documented byte string (docs/store.md)
};

/// What append() did.
struct append_result {
  bool accepted = false;
  refusal_list refusals;       ///< why the workflow refused the event (nothing was written)
  std::uint64_t version = 0;   ///< the case version after the append (unchanged when refused)
  std::uint64_t seq = 0;       ///< the event's log position (0 when refused)
  std::string hash;            ///< the event's hash (empty when refused)
  /// The workflow judged the event on a date past the calendar's coverage (workflow::apply): accepted because
  /// the request accepted provisional dates, or refused (R-CALENDAR-PROVISIONAL) because it did not.
  bool provisional = false;
  std::optional<date> first_assumed_day;
};

/// One event to append (used by append_many and the import).
struct append_request {
  std::string case_id;
  std::uint64_t expected_version = 0;  ///< the number of events the caller saw in the case (0: a new case)
  event ev;
  instant recorded_at;
  std::vector<document> documents;
  /// strict (default): an event judged on a date past the calendar's coverage is refused; provisional_ok: it
  /// is accepted and marked (the stored events are replayed with provisional_ok: they were accepted).
  coverage_policy coverage = coverage_policy::strict;
};

/// The stored projection of a case: what the last transaction wrote for fast queries.
struct case_projection {
  std::string case_id;
  std::uint64_t version = 0;    ///< number of events
  std::string stage;
  std::string remedy;
  std::string proc;             ///< "undetermined", "ordinary" or "summary"
  std::optional<date> filed;
  std::optional<date> decided;
  std::optional<date> closed;
  std::optional<std::string> outcome;  ///< decision outcome's stable name
  instant last_event_at;
  std::vector<open_deadline> deadlines;  ///< open deadlines (the `overdue` flag is not stored)
  std::vector<finding> findings;         ///< findings recorded for late acts
};

/// A case as of a day: stage, deadlines and findings computed from the events that happened up to it.
struct case_state {
  std::string case_id;
  date as_of;
  std::uint64_t events = 0;     ///< events up to and including `as_of`
  std::string stage;
  std::string remedy;
  std::vector<open_deadline> deadlines;
  std::vector<finding> findings;
  /// Events accepted on a provisional date (past the calendar's coverage), with the first day assumed.
  std::vector<provisional_acceptance> provisional_acceptances;
  /// The decision's money and goods as of `as_of` (R-EXEC-ITEMS), and the day execution completed.
  std::vector<execution::item_state> execution;
  std::optional<date> executed;
};

/// An open deadline of some case, as returned by store::due().
struct due_item {
  std::string case_id;
  std::string stage;
  open_deadline deadline;
};

/// The first problem verify() found.
struct verify_problem {
  std::uint64_t seq = 0;        ///< the log position of the first event that does not match (0: not an event)
  std::string case_id;
  std::uint64_t case_seq = 0;
  std::string what;             ///< what does not match, e.g. "hash mismatch: stored ..., computed ..."
};

/// The result of verify().
struct verify_report {
  bool ok = true;
  std::uint64_t events = 0;     ///< events in the log (up to a checkpoint's count), also when !ok
  std::uint64_t cases = 0;      ///< cases they belong to, also when !ok
  std::string head_hash;        ///< the last event's hash (zeros for an empty log)
  std::optional<verify_problem> problem;  ///< the first problem, when !ok
  std::vector<std::string> notes;  ///< e.g. events judged under another calendar than the one verifying
};

/// A checkpoint: the number of events and the head hash. Saved by an auditor, it proves later that none of
/// the first `count` events changed (verify_checkpoint).
struct checkpoint {
  std::uint64_t count = 0;
  std::string head_hash;
  std::string schema = "penaltyflow-checkpoint/1";
  /// Small JSON: {"format":"penaltyflow-checkpoint/1","events":N,"head_hash":"..."}.
  std::string to_json() const;
  /// Parses to_json()'s output; throws file_format_error(history_format) naming `source` and the field.
  static checkpoint parse(std::string_view text, std::string_view source);
};

/// How verify() works.
enum class verify_depth : std::uint8_t {
  chain,  ///< recompute every hash and link only (fast: the tamper evidence)
  full,   ///< also replay every case through the workflow and compare with the stored projection
};

/// The record store. Thread safety: every member may be called from any thread; appends from many threads
/// are gathered into shared transactions (group commit), each acknowledged only after its commit.
/// Several processes may open the same file; appends to one case are serialised by optimistic concurrency.
class store {
 public:
  /// Opens (and, in read_write mode, creates or migrates) the store at `path`, judging events with `wf`.
  /// Every connection is opened without memory-mapped I/O, with SQLITE_DBCONFIG_DEFENSIVE and trusted_schema=OFF.
  /// In read_only mode, a file whose -shm cannot be created (read-only media, a folder the reader cannot write) is
  /// read as immutable, unless a non-empty -wal holds writes not yet in the file (store_error: the archive is
  /// incomplete). Throws store_error (not a store, corrupt, read-only, unwritable; SQLite's code in the message;
  /// a schema with any table, index, trigger or view added, missing or changed from the one the store creates,
  /// each named), schema_version_error for a file of a newer schema.
  store(const std::string& path, workflow wf = workflow(), store_options options = {});
  ~store();
  store(const store&) = delete;
  store& operator=(const store&) = delete;

  const std::string& path() const noexcept;
  const workflow& flow() const noexcept;

  /// Checks `ev` with the workflow against the case as stored and, if accepted, writes the event and the
  /// new projection in one transaction. A refusal writes nothing and lists the failing gates.
  /// `expected_version` is the number of events the caller saw in the case (0 for a new case).
  /// Throws conflict_error when the case has another version, invalid_argument_error for a malformed
  /// request (empty or control characters in the case id, an event older than the case's last one),
  /// store_error when SQLite fails (nothing is written then). Cost: one shared commit (see durability).
  append_result append(const std::string& case_id, std::uint64_t expected_version, const event& ev,
                       instant recorded_at, const std::vector<document>& documents = {},
                       coverage_policy coverage = coverage_policy::strict);

  /// append() without waiting: the request joins the group commit as append()'s would, and the future holds
  /// what append() would return, or the exception it would throw, once the commit that holds the event is
  /// done (durable at durability::full). Lets one thread keep many appends in flight (for instance the next
  /// event of each of many cases): their group commits without a thread to wake per event. A store thread
  /// leads the group when no append() caller does (started by the first request: std::system_error if it
  /// cannot be, and nothing is queued). Requests are checked in the order queued. The event is encoded before
  /// this returns, on the caller's thread as append() does; what that throws is thrown here. Do not wait for
  /// the future inside a for_each_summary or for_each_history callback: the store cannot write until the
  /// callback returns. The store's destructor waits until every queued request is done.
  std::future<append_result> append_async(append_request request);

  /// Appends many events in ONE transaction, in order: all are accepted, or nothing is written and the
  /// result of the first refused one is returned with `index` set. Throws as append() (the message names
  /// the request's index, case and event type). Used by the import and by batch loaders.
  struct batch_result {
    bool accepted = false;
    std::size_t index = 0;             ///< the refused request when !accepted
    append_result refused;             ///< its refusal
    std::vector<append_result> results;  ///< one per request when accepted
  };
  batch_result append_many(const std::vector<append_request>& requests);

  /// The case's version (number of events), 0 for an unknown case.
  std::uint64_t version(const std::string& case_id) const;
  /// Every event of a case in order. Cost: one indexed range read.
  std::vector<stored_event> history(const std::string& case_id) const;
  /// The stored projection, or nullopt for an unknown case.
  std::optional<case_projection> projection(const std::string& case_id) const;
  /// The ids of all cases, sorted.
  std::vector<std::string> case_ids() const;
  /// Time travel: the case replayed up to the end of `as_of` (events on later days ignored), its
  /// deadlines marked overdue as of that day, its findings as of that day. Throws invalid_argument_error
  /// for an unknown case and for a day before the case's first event (the case did not exist then).
  case_state state_as_of(const std::string& case_id, date as_of) const;
  /// Open deadlines whose due day falls in [from, to], across all cases, by due day. Cost: one index range.
  std::vector<due_item> due(date from, date to) const;
  /// Closed cases of a year by decision outcome; a case closed after a transfer to public security without a
  /// decision under "transfer_judicial" (程序规定 第六十条第一款第五项), "none" for any other case closed
  /// without a decision.
  std::vector<std::pair<std::string, std::uint64_t>> closed_by_outcome(int year) const;

  /// Case summaries in case-id order: all cases, or those concluded or with a lawsuit filed in [from, to]
  /// (an index range each).
  std::vector<case_summary> case_summaries(const summary_filter& filter = {}) const;
  /// The same rows, one at a time, without holding them all (`fn` may move from its argument; it must not call
  /// back into this store object). Cost: one pass over the cases table, about 1 µs per case.
  void for_each_summary(const summary_filter& filter, const std::function<void(case_summary&)>& fn) const;

  /// Calls `fn` with each case's whole history (events and documents, decoded), in case-id order. Without
  /// `only`: every case, in one pass over the log in (case_id, case_seq) order; with `only`: those cases, in
  /// the order given, one indexed query each. `fn` must not call back into this store object.
  void for_each_history(const std::function<void(std::vector<stored_event>&)>& fn,
                        const std::vector<std::string>* only = nullptr) const;

  /// Officers seen in events and their certificates (number, valid from, valid until).
  struct officer_record {
    std::string id;
    std::string name;
    std::vector<certificate> certificates;
  };
  std::vector<officer_record> officers() const;

  /// What import_history() added.
  struct import_report {
    std::string case_id;
    std::uint64_t events = 0;           ///< events added
    std::uint64_t already_present = 0;  ///< events of the file the store already held (re-import)
  };
  /// Imports a case history (history.hpp, docs/case-history.md). All or nothing: every event is checked by
  /// the workflow and written in ONE transaction, or nothing is written and file_format_error(history_format)
  /// names the source, the case and the event (position, type, time) and why (a malformed field by its path,
  /// or the refusal with rule ids and citations). A case already in the store must begin with exactly the
  /// stored events (re-importing a file adds only what is new); the history's profile must be the store's.
  /// An event that carries its record in the file (`recorded_at`, `documents`: what export_history writes)
  /// keeps it; every other event is recorded at `recorded_at` with no documents.
  import_report import_history(std::string_view text, std::string_view source, instant recorded_at,
                               coverage_policy coverage = coverage_policy::strict);
  /// The case's history in the case-history format, each event with its record: when it was recorded and the
  /// documents it produced (case_history::records). Importing it into another store loses nothing but the log
  /// positions and hashes, which belong to the store. Throws invalid_argument_error for an unknown case.
  std::string export_history(const std::string& case_id) const;

  /// Rewrites every case's projection (stage, dates, deadlines, findings) by replaying its events with this
  /// store's workflow, and the officer and certificate registers from the events, in one transaction. Both are
  /// derived data: use this after a change of rules, calendar or profile, after which verify() reports
  /// projection mismatches for cases written before (or for registers written before verify() checked them). The
  /// log is not touched. Throws store_error naming the first stored event this workflow refuses (nothing changes).
  void rebuild_projections();

  /// Recomputes the hash chain (and, at verify_depth::full, replays every case and compares the
  /// projection). Names the first event that does not match, or (position 0) the schema objects changed since the
  /// store was opened. Never throws for a tampered log; throws store_error if the file cannot be read at all.
  verify_report verify(verify_depth depth = verify_depth::full) const;
  /// The current checkpoint (count and head hash).
  checkpoint make_checkpoint() const;
  /// Whether the first `cp.count` events still hash to `cp.head_hash`; names the first problem if not.
  verify_report verify_checkpoint(const checkpoint& cp) const;

  /// The workflow's calendar and profile versions as recorded with each appended event.
  const std::string& calendar_version() const noexcept;
  const std::string& profile_version() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// The version string of a profile as the store records it: "<id>@sha256:<first 16 hex digits>" of a
/// canonical serialisation of every profile value.
std::string profile_version(const profile& p);

}  // namespace penaltyflow
