// Private: the state of an open record store (store::impl) and the declarations of its parts, which are shared by
// every backend: the cache of replayed cases and the write path (store_append.cpp), the group commit and
// append_many (store_group_commit.cpp), verify (store_verify.cpp), the public members (store.cpp). The database is
// reached only through `db` (detail/store_backend.hpp); nothing here names it.
#pragma once

#include <penaltyflow/store.hpp>

#include "penaltyflow/detail/event_codec.hpp"
#include "penaltyflow/detail/sha256.hpp"
#include "penaltyflow/detail/store_backend.hpp"
#include "penaltyflow/detail/store_rows.hpp"

#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace penaltyflow {
namespace detail {

/// Refuses a malformed case id (empty, not UTF-8, longer than 200 bytes, a control character).
void check_case_id(const std::string& id);

/// A request's event and documents as their columns (computed before taking the write lock).
struct encoded_request {
  encoded_event ev;
  std::string documents;
};

/// A request checked, folded and projected (prepare), ready to be hashed and written (write).
struct prepared_append {
  const append_request* req = nullptr;
  encoded_request own;                  ///< the columns, when the caller did not encode them
  const encoded_request* enc = nullptr;
  bool accepted = false;
  append_result refused;                ///< !accepted: the refusal (nothing is written)
  std::optional<date> assumed;          ///< the workflow judged it on a provisional date from this day
  std::uint64_t version = 0;            ///< the case version after the event
  std::string recorded;                 ///< recorded_at, ISO
  std::vector<std::string> officer_keys;  ///< the officer register's keys of the actors
};

/// A prepared request linked to the chain (store::impl::link): its position and hash.
struct linked_append {
  sha256_digest digest{};
  append_result result;  ///< accepted, version, seq, hash
};

struct async_pending;

/// A request waiting for the group commit: append()'s, on its thread's stack, or append_async()'s (async_pending).
struct pending {
  const append_request* req = nullptr;
  const encoded_request* enc = nullptr;
  append_result result;
  std::exception_ptr failure;
  bool done = false;
  std::condition_variable* cv = nullptr;  // its thread waits here (under queue_mutex) until done, or to lead
  async_pending* async = nullptr;         // set for append_async()'s: no thread waits, a promise is kept
};

/// append_async()'s request: owned by the store from its queueing until its promise is kept.
struct async_pending {
  append_request req;
  encoded_request enc;
  std::promise<append_result> promise;
  pending p;
};

/// The request's event and documents as their columns. Every text of the request is checked as UTF-8 first: a
/// text no JSON reader can show is refused, naming the field, before anything is written.
encoded_request encode_request(const append_request& r);

/// How long a group commit's leader waits for the appenders of the previous group (store::impl::submit).
inline constexpr std::chrono::microseconds group_gather_wait{200};

/// append_many pipelines batches of at least this many requests (store_options::pipelined_batches).
inline constexpr std::size_t min_pipelined_batch = 256;

}  // namespace detail

struct store::impl {
  std::string path;
  workflow wf;
  store_options options;
  std::string calendar_version;
  std::string profile_version;

  mutable std::mutex db_mutex;  // guards everything below
  std::unique_ptr<detail::store_backend> db;


  // State valid while `data_version` is unchanged (no other connection committed).
  std::int64_t data_version = -1;
  bool head_known = false;
  std::uint64_t head_seq = 0;
  detail::sha256_digest head{};  // the last event's hash (zeros for an empty log)
  std::string head_hex = detail::zero_hex;
  bool writes_started = false;  // set by append_one once it changes the cached case (and then the file)
  std::int64_t versions_id = 0;
  struct cached_case {
    std::uint64_t version = 0;
    case_record rec;
    detail::projection_row proj;
    detail::projection_tracker tracker;  // keeps `proj` up to date with `rec`
    // A case's projection is written once per transaction, when the transaction's appends are done
    // (write_pending_projections): a batch with ten events of a case writes its row once, not ten times.
    // While it waits, these say what the file holds and what has changed since.
    bool pending = false;              // listed in pending_cases
    std::uint64_t stored_version = 0;  // the version of the file's row (0: no row yet)
    bool stored_deadlines = false;     // the file holds deadline rows for the case
    unsigned changed = 0;              // projection_change bits since the file's row
  };
  using cache_entry = std::pair<const std::string, cached_case>;
  std::unordered_map<std::string, cached_case> cache;
  std::vector<cache_entry*> pending_cases;  // in the order of their first append in this transaction
  std::unordered_set<std::string> known_officers;  // "id\ncert..." keys already inserted
  std::unordered_map<std::string, std::optional<std::string>> officer_names;  // id -> the name its row holds
  instant recorded_memo_at;  // the last request's recorded_at ...
  std::string recorded_memo;  // ... as ISO text
  detail::prepared_append one_prepared;  // append_one's
  struct pipeline_slot {
    detail::prepared_append p;
    detail::linked_append l;
  };
  std::vector<pipeline_slot> pipeline_slots;  // append_pipelined's
  std::vector<cache_entry*> pipeline_entries;

  // Group commit.
  std::mutex queue_mutex;
  std::condition_variable gather_cv;  // a leader gathering its group waits here for more requests
  bool gathering = false;             // a leader waits on gather_cv
  // The appenders wait on these, each on the one of its thread (threads beyond the first 64 share them: a
  // thread woken for another's request finds its own not done and sleeps again). They belong to the store, not
  // to the appender's `pending`, so that a group's threads can be woken after queue_mutex is released: woken
  // under it, each would first block on it.
  std::array<std::condition_variable, 64> wake_cvs;
  std::deque<detail::pending*> queue;
  bool leader_active = false;
  std::size_t last_group = 0;  // requests in the previous group
  // append_async()'s requests have no thread to lead their group: the committer thread, started by the first
  // of them, leads when one is queued and no appender leads. It ends with the store, after the queue is empty.
  std::thread committer;
  std::condition_variable committer_cv;
  bool stopping = false;

  detail::sha256 hasher;
  std::string hash_buf;

  /// Resets a cached statement when the scope ends (also by an exception: reset() would throw the failed
  /// step's error again, from a destructor).

  // ---- the write path (store_append.cpp) -------------------------------------------------------------------
  void open();
  void forget();
  void refresh();
  std::int64_t judged_under();
  cache_entry& load_case(const std::string& case_id);
  static void officer_keys(const event& ev, std::vector<std::string>& keys);
  void write_officers(const event& ev, const std::vector<std::string>& keys);
  void write_documents(std::uint64_t seq, const std::string& case_id, const std::vector<document>& docs);
  void rebuild_projections_locked();
  void rebuild_registers_locked();
  void replace_registers(const detail::expected_registers& registers);
  void write_pending_projections();
  void write_projection(const std::string& case_id, const detail::projection_row& p, unsigned changed,
                        std::uint64_t stored_version, bool had_deadlines);
  void check_projection_written(const std::string& case_id, std::uint64_t stored_version, int changed) const;
  detail::fold_context fold_ctx() const { return {wf.active_profile(), wf.active_calendar(), wf.periods()}; }
  static void check_request(const append_request& r);
  void prepare(const append_request& r, const detail::encoded_request* pre, cache_entry& e,
               detail::prepared_append& out);
  append_result write(const detail::prepared_append& p);
  void link(const detail::prepared_append& p, detail::linked_append& l);
  void insert(const detail::prepared_append& p, const detail::linked_append& l, std::int64_t vid);
  append_result append_one(const append_request& r, const detail::encoded_request* pre = nullptr);
  /// Runs `body` in one write transaction; any exception rolls it back and forgets the cache.
  void in_transaction(const std::function<void()>& body);

  // ---- group commit and append_many (store_group_commit.cpp) ---------------------------------------------
  void submit(detail::pending& p);
  void submit_async(detail::async_pending& a);
  void enqueue(detail::pending& p);
  void run_committer();
  void lead(std::unique_lock<std::mutex>& lock, const detail::pending* own);
  void run_batch(const std::deque<detail::pending*>& batch);
  /// Thrown through in_transaction to roll back a batch with a refused request.
  struct refused_signal {};
  [[noreturn]] void rethrow_for_request(const std::vector<append_request>& requests, std::size_t i) const;
  std::size_t append_in_turn(const std::vector<append_request>& requests, std::vector<append_result>& results);
  std::size_t append_batch(const std::vector<append_request>& requests, std::vector<append_result>& results);
  std::optional<std::size_t> append_pipelined(const std::vector<append_request>& requests,
                                              std::vector<append_result>& results);

  // ---- verifying (store_verify.cpp) ----------------------------------------------------------------------
  verify_report schema_report() const;
  verify_report verify_chain(std::uint64_t limit) const;
  std::uint64_t range_count(std::uint64_t events) const;
  void verify_replay(verify_report& rep) const;

  // ---- reading -------------------------------------------------------------------------------------------
  /// Runs `body` under the store's lock; a backend failure becomes a store_error naming `what`.
  template <class F>
  auto read(const char* what, F&& body) const -> decltype(body()) {
    std::lock_guard<std::mutex> guard(db_mutex);
    try {
      return body();
    } catch (...) {
      db->rethrow(path + ": " + what);
    }
  }
};

}  // namespace penaltyflow
