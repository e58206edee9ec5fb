// A writer process for the store's reliability tests (and the soak script): appends events and reports
// each outcome on stdout, one line per attempt, written only after append() returned:
//   ack CASE CASE_SEQ SEQ HASH      the event is committed (acknowledged)
//   conflict CASE EXPECTED          another writer appended first (optimistic concurrency)
//   refused CASE EXPECTED RULE      the workflow refused it
//   error MESSAGE                   the store failed (the process then exits 3)
//
// usage: store_writer DB CASES ATTEMPTS SEED [full|normal] [threads] [batch]
//   ATTEMPTS 0 = until killed. Cases are named W0..W{CASES-1}; each attempt picks one at random, reads its
//   version and appends the next event of pf_test::nth_event. With a batch size over 1, an attempt is one
//   append_many of that many such events (each case's next events in turn), acknowledged together.
#include <penaltyflow/store.hpp>

#include "support/builders.hpp"
#include "support/scratch_file.hpp"
#include "support/tamper.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

std::mutex out_mutex;

void say(const std::string& line) {
  std::lock_guard<std::mutex> lock(out_mutex);
  const std::string l = line + "\n";
  std::size_t done = 0;
  while (done < l.size()) {
    const auto n = ::write(1, l.data() + done, l.size() - done);
    if (n <= 0) std::_Exit(4);
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace penaltyflow;
  if (argc < 5) {
    std::fprintf(stderr, "usage: store_writer DB CASES ATTEMPTS SEED [full|normal] [threads] [batch]\n");
    return 2;
  }
  const std::string db = argv[1];
  const int cases = std::atoi(argv[2]);
  const long attempts = std::atol(argv[3]);
  const unsigned seed = static_cast<unsigned>(std::atol(argv[4]));
  store_options opt;
  // The tests kill and race writers; a lock wait is not what they test, so never give up waiting for one
  // (under ASan on a loaded 2-core machine, SQLite's default-length waits have run out).
  opt.busy_timeout = std::chrono::minutes(10);
  if (argc > 5 && std::string(argv[5]) == "normal") opt.sync = durability::normal;
  const int threads = argc > 6 ? std::atoi(argv[6]) : 1;
  const int batch = argc > 7 ? std::atoi(argv[7]) : 1;
  const instant start = pf_test::at("2024-03-04T09:00");
  try {
    store s(db, workflow(), opt);
    auto work = [&](unsigned thread_seed) noexcept {
     try {
      std::mt19937 rng(thread_seed);
      std::uniform_int_distribution<int> pick(0, cases - 1);
      for (long i = 0; attempts == 0 || i < attempts; ++i) {
        if (batch > 1) {
          std::vector<append_request> reqs;
          std::vector<std::uint64_t> next(static_cast<std::size_t>(cases), 0);
          std::vector<bool> read(static_cast<std::size_t>(cases), false);
          for (int k = 0; k < batch; ++k) {
            const auto c = static_cast<std::size_t>(pick(rng));
            const std::string id = "W" + std::to_string(c);
            if (!read[c]) next[c] = s.version(id), read[c] = true;
            const auto v = next[c]++;
            reqs.push_back({id, v, pf_test::nth_event(v, start), start, {}});
          }
          try {
            const auto r = s.append_many(reqs);
            if (r.accepted) {
              for (std::size_t k = 0; k < reqs.size(); ++k)
                say("ack " + reqs[k].case_id + " " + std::to_string(r.results[k].version) + " " +
                    std::to_string(r.results[k].seq) + " " + r.results[k].hash);
            } else {
              say("refused " + reqs[r.index].case_id + " " + std::to_string(reqs[r.index].expected_version) + " " +
                  r.refused.refusals.front().rule_id);
            }
          } catch (const conflict_error& e) {
            say("conflict " + e.case_id() + " batch");
          }
          continue;
        }
        const std::string id = "W" + std::to_string(pick(rng));
        const std::uint64_t v = s.version(id);
        try {
          std::vector<document> docs;
          if (v == 1) docs.push_back({"立案审批表", id + "-立-1", pf_test::nth_event(v, start).day(), {"O1", "O2", "H1"}});
          const auto r = s.append(id, v, pf_test::nth_event(v, start), start, docs);
          if (r.accepted)
            say("ack " + id + " " + std::to_string(r.version) + " " + std::to_string(r.seq) + " " + r.hash);
          else
            say("refused " + id + " " + std::to_string(v) + " " + r.refusals.front().rule_id);
        } catch (const conflict_error&) {
          say("conflict " + id + " " + std::to_string(v));
        }
      }
     } catch (const std::exception& e) {
      say(std::string("error ") + e.what());
      std::_Exit(3);
     }
    };
    std::vector<std::thread> ts;
    for (int t = 1; t < threads; ++t) ts.emplace_back(work, seed * 1000 + static_cast<unsigned>(t));
    work(seed * 1000);
    for (auto& t : ts) t.join();
  } catch (const std::exception& e) {
    say(std::string("error ") + e.what());
    return 3;
  }
  return 0;
}
