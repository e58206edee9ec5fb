// The record store's group commit and append_many, the same for every backend: appends from many threads (and
// append_async's requests) gathered into shared transactions, each acknowledged after its commit; a batch in one
// transaction, checked, folded and hashed on a second thread while this one writes the rows. Every request that
// fails is reported with the exception append() would throw for it, of the same type.
#include "penaltyflow/detail/store_impl.hpp"

#include <atomic>
#include <bitset>
#include <string_view>
#include <system_error>
#include <typeinfo>
#include <unordered_set>

namespace penaltyflow {

using namespace detail;

/// The group commit: appends waiting in the queue share one transaction. The first waiting thread leads;
/// the others sleep until their result is known (after the commit, or after the failure).
void store::impl::submit(pending& p) {
  static std::atomic<std::size_t> threads_seen{0};
  thread_local const std::size_t slot = threads_seen++;  // distinct for the first wake_cvs.size() threads
  p.cv = &wake_cvs[slot % wake_cvs.size()];
  std::unique_lock<std::mutex> lock(queue_mutex);
  enqueue(p);
  while (!p.done) {
    if (leader_active) {
      p.cv->wait(lock);
      continue;
    }
    lead(lock, &p);  // p is in the group: a thread is woken to lead only while its request is queued
  }
}

/// Queues an append_async() request; the committer thread leads its group if no appender does.
void store::impl::submit_async(async_pending& a) {
  std::unique_lock<std::mutex> lock(queue_mutex);
  if (!committer.joinable()) committer = std::thread([this] { run_committer(); });
  enqueue(a.p);
  if (!leader_active) committer_cv.notify_one();
}

/// Queues a request (queue_mutex held), waking a gathering leader whose group it completes.
void store::impl::enqueue(pending& p) {
  queue.push_back(&p);
  if (gathering && queue.size() >= last_group) gather_cv.notify_one();
}

void store::impl::run_committer() {
  std::unique_lock<std::mutex> lock(queue_mutex);
  for (;;) {
    committer_cv.wait(lock, [&] { return (!leader_active && !queue.empty()) || (stopping && queue.empty()); });
    if (queue.empty()) return;  // stopping
    lead(lock, nullptr);
  }
}

/// Runs the queued requests as one group: called with queue_mutex held and no leader active; returns with
/// it held, every request of the group done (append()'s threads woken, append_async()'s promises kept).
/// `own`: the leading thread's request (not woken), or nullptr for the committer.
void store::impl::lead(std::unique_lock<std::mutex>& lock, const pending* own) {
  leader_active = true;
  // The appenders the previous commit released are coming back with their next request. When fewer are
  // queued than that group held, the leader waits for them a little (at most group_gather_wait, a fraction
  // of a sync), so that one sync serves them all instead of a small group now and the rest after it. A lone
  // appender (a group of one) never waits.
  if (last_group > 1 && queue.size() < last_group) {
    gathering = true;
    gather_cv.wait_for(lock, group_gather_wait, [&] { return queue.size() >= last_group; });
    gathering = false;
  }
  // Nothing from here on allocates or throws (run_batch reports every failure in its requests' results): a
  // leader that threw would leave its group waiting forever, and on the committer's thread end the process.
  std::deque<pending*> batch;
  batch.swap(queue);
  last_group = batch.size();
  lock.unlock();
  run_batch(batch);
  std::bitset<std::tuple_size<decltype(wake_cvs)>::value> wake;  // by slot of wake_cvs
  const auto slot_of = [&](const pending* b) { return static_cast<std::size_t>(b->cv - wake_cvs.data()); };
  lock.lock();
  // The group's threads and the first one queued since, which leads the next group, are woken after the
  // lock is released (their condition variables are the store's: a thread that returns at once, ending
  // its `pending`, leaves them valid). An async request's promise is kept after the lock is released too;
  // the store owns it until then.
  for (auto*& b : batch) {
    b->done = true;
    if (b->async) continue;
    if (b != own) wake.set(slot_of(b));
    b = nullptr;  // its thread's: gone once the lock is released
  }
  leader_active = false;
  bool wake_committer = false;
  if (!queue.empty()) {
    if (queue.front()->async)
      wake_committer = true;
    else
      wake.set(slot_of(queue.front()));
  }
  lock.unlock();
  for (std::size_t i = 0; i < wake.size(); ++i)
    if (wake[i]) wake_cvs[i].notify_all();  // all: threads beyond the first 64 share them
  if (wake_committer) committer_cv.notify_one();
  for (auto* b : batch) {
    if (!b) continue;
    auto* a = b->async;
    if (a->p.failure)
      a->promise.set_exception(a->p.failure);
    else
      a->promise.set_value(std::move(a->p.result));
    delete a;
  }
  lock.lock();
}

void store::impl::run_batch(const std::deque<pending*>& batch) {
  std::lock_guard<std::mutex> guard(db_mutex);
  if (batch.size() > 1) {
    // Refusals and conflicts are per request and write nothing; only a SQLite failure spoils the batch,
    // and then each request is retried alone so that it fails (or succeeds) on its own.
    try {
      in_transaction([&] {
        for (auto* p : batch) {
          try {
            p->result = append_one(*p->req, p->enc);
          } catch (const error& e) {
            if (writes_started || e.code() == error_code::store) throw;
            p->failure = std::current_exception();
          }
        }
      });
      return;
    } catch (...) {
      for (auto* p : batch) {
        p->failure = nullptr;
        p->result = {};
      }
    }
  }
  for (auto* p : batch) {
    try {
      in_transaction([&] { p->result = append_one(*p->req, p->enc); });
    } catch (...) {
      p->result = {};
      p->failure = std::current_exception();
    }
  }
}

// ---- append_many ------------------------------------------------------------------------------------------

/// Rethrows the exception being handled for `requests[i]` of a batch as the exception append() throws for that
/// request: of the same type, its message naming the request. A conflict passes unchanged (its fields name the
/// case); a backend failure becomes a store_error with the database's code, as in_transaction would make it; an
/// error type this does not know passes unchanged rather than as another type. Call from a catch block.
void store::impl::rethrow_for_request(const std::vector<append_request>& requests, std::size_t i) const {
  const auto& q = requests[i];
  auto prefix = [&] {
    return "request " + std::to_string(i) + " (case \"" + q.case_id + "\", event " +
           std::to_string(q.expected_version + 1) + " " + std::string(to_string(q.ev.type)) + "): ";
  };
  try {
    throw;
  } catch (const conflict_error&) {
    throw;
  } catch (const store_error& e) {
    throw store_error(prefix() + e.message(), e.sqlite_code());
  } catch (const invalid_argument_error& e) {
    throw invalid_argument_error(prefix() + e.message());
  } catch (const coverage_error& e) {
    throw coverage_error(prefix() + e.message());
  } catch (const io_error& e) {
    throw io_error(prefix() + e.message());
  } catch (const error& e) {
    if (typeid(e) != typeid(error)) throw;
    if (e.code() == error_code::store) throw store_error(prefix() + e.message());
    throw error(e.code(), prefix() + e.message());
  } catch (...) {
    db->rethrow(path + ": " + prefix() + "write failed, nothing was written");
  }
}

/// append_many's requests one after the other on this thread. Appends a result per request to `results`
/// up to the first refused one (whose refusal is the last result); returns its index, or requests.size().
std::size_t store::impl::append_in_turn(const std::vector<append_request>& requests, std::vector<append_result>& results) {
  for (std::size_t i = 0; i < requests.size(); ++i) {
    try {
      results.push_back(append_one(requests[i]));
    } catch (...) {
      rethrow_for_request(requests, i);
    }
    if (!results.back().accepted) return i;
  }
  return requests.size();
}

/// append_many's requests: pipelined (append_pipelined) when the batch is large, the machine has a second
/// hardware thread and the cache has room for all the batch's cases; else in turn.
std::size_t store::impl::append_batch(const std::vector<append_request>& requests, std::vector<append_result>& results) {
  static const bool two_threads = std::thread::hardware_concurrency() >= 2;  // a system call: asked once
  if (options.pipelined_batches && requests.size() >= min_pipelined_batch && two_threads) {
    if (const auto r = append_pipelined(requests, results)) return *r;
  }
  return append_in_turn(requests, results);
}

/// append_in_turn's result, computed by two threads: a worker checks, folds, projects and hashes the requests
/// in order (prepare, link: all in memory) while this thread writes each one's row as soon as it is ready
/// (insert). Before the worker starts, this thread loads the batch's cases and the versions row, so that
/// the worker never touches the file. Results, refusals and errors are those of append_in_turn: the
/// same request, the same index, the same message. Nullopt, having written nothing, when the cache cannot hold
/// all the batch's cases or no thread can be started.
std::optional<std::size_t> store::impl::append_pipelined(const std::vector<append_request>& requests,
                                            std::vector<append_result>& results) {
  const std::size_t n = requests.size();
  // This thread's part before the worker: the checks that need no case, and the cases. A request failing
  // here (a bad id, a stored case that does not replay) ends the batch there, unless an earlier one is
  // refused: its error is raised after the requests before it.
  auto& entries = pipeline_entries;
  entries.clear();
  // Room in the cache for the batch's cases, so that no load below drops the cases loaded before it: when the
  // cases already cached and those to load do not fit, the others are dropped (nothing is pending yet: this is
  // the transaction's start); when the batch alone has more cases than the cache holds, it runs in turn.
  if (const std::size_t limit = options.cached_cases) {
    std::unordered_set<std::string_view> ids, to_load;
    for (const auto& r : requests) {
      ids.insert(r.case_id);
      if (!cache.count(r.case_id)) to_load.insert(r.case_id);
    }
    if (ids.size() > limit) return std::nullopt;
    if (cache.size() + to_load.size() > limit) cache.clear();
  }
  std::exception_ptr early;
  for (std::size_t i = 0; i < n && !early; ++i) {
    try {
      check_request(requests[i]);
      entries.push_back(&load_case(requests[i].case_id));
    } catch (...) {
      early = std::current_exception();
    }
  }
  if (entries.empty()) {  // the first request failed
    try {
      std::rethrow_exception(early);
    } catch (...) {
      rethrow_for_request(requests, 0);
    }
  }
  const std::int64_t vid = judged_under();

  auto& slots = pipeline_slots;  // kept from batch to batch, with the capacity of their strings
  if (slots.size() < entries.size()) slots.resize(entries.size());
  std::mutex m;
  std::condition_variable cv;
  std::size_t ready = 0;        // slots[0 .. ready) are linked (under m)
  bool worker_done = false;     // under m
  bool stop = false;            // under m: this thread failed, the worker stops
  std::size_t worker_end = 0;   // the worker's first request not linked: refused or failed (or entries.size())
  std::exception_ptr worker_failure;
  const std::size_t m_end = entries.size();
  std::thread worker;
  auto work = [&] {
    std::size_t i = 0;
    try {
      for (; i < m_end; ++i) {
        auto& sl = slots[i];
        prepare(requests[i], nullptr, *entries[i], sl.p);
        if (!sl.p.accepted) break;
        link(sl.p, sl.l);
        if ((i & 7) == 7) {  // publish every 8 requests
          std::lock_guard<std::mutex> g(m);
          ready = i + 1;
          if (stop) break;
          cv.notify_one();
        }
      }
    } catch (...) {
      worker_failure = std::current_exception();
    }
    std::lock_guard<std::mutex> g(m);
    worker_end = i;
    ready = i;
    worker_done = true;
    cv.notify_one();
  };
  try {
    worker = std::thread(work);
  } catch (const std::system_error&) {
    return std::nullopt;  // no thread to be had: in turn
  }
  // The worker is stopped and joined however this thread leaves.
  struct joiner {
    std::thread& t;
    std::mutex& m;
    bool& stop;
    ~joiner() {
      {
        std::lock_guard<std::mutex> g(m);
        stop = true;
      }
      t.join();
    }
  } join_worker{worker, m, stop};

  std::size_t i = 0;
  for (;;) {
    std::size_t upto;
    bool done;
    {
      std::unique_lock<std::mutex> g(m);
      cv.wait(g, [&] { return ready > i || worker_done; });
      upto = ready;
      done = worker_done;
    }
    for (; i < upto; ++i) {
      try {
        insert(slots[i].p, slots[i].l, vid);
      } catch (...) {
        rethrow_for_request(requests, i);
      }
      results.push_back(std::move(slots[i].l.result));
    }
    if (done) break;
  }
  if (worker_failure) {
    try {
      std::rethrow_exception(worker_failure);
    } catch (...) {
      rethrow_for_request(requests, worker_end);
    }
  }
  if (worker_end < m_end) {  // refused
    results.push_back(std::move(slots[worker_end].p.refused));
    return worker_end;
  }
  if (early) {
    try {
      std::rethrow_exception(early);
    } catch (...) {
      rethrow_for_request(requests, entries.size());
    }
  }
  return n;
}

}  // namespace penaltyflow
