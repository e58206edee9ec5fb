// Reliability of the record store, with real processes: a writer SIGKILLed at random moments, concurrent
// writer processes on shared cases, edits made with the sqlite3 shell, the sqlite3 + sha256sum recipe of
// docs/store.md, a read-only file, a full disk (RLIMIT_FSIZE) and a corrupt file.
#include <penaltyflow/store.hpp>

#include "support/builders.hpp"
#include "support/scratch_file.hpp"
#include "support/tamper.hpp"
#include "support/process.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <pwd.h>
#include <random>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

using namespace penaltyflow;
using pf_test::scratch_file;
using pf_test::slurp;

struct child {
  pid_t pid = -1;
  int out = -1;          // read end of its stdout
  std::string already;   // output read before drain()
};

/// Blocks until the child has written something (its first acknowledgement) or ended.
void wait_for_output(child& c) {
  char buf[256];
  const auto n = ::read(c.out, buf, sizeof buf);
  if (n > 0) c.already.append(buf, static_cast<std::size_t>(n));
}

/// Starts `store_writer args...` with stdout to a pipe.
child spawn_writer(const std::vector<std::string>& args) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char*> argv;
    std::string exe = PENALTYFLOW_STORE_WRITER;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    std::_Exit(127);
  }
  ::close(fds[1]);
  return {pid, fds[0], {}};
}

/// Reads everything the child wrote until it exits; returns its lines and wait status.
std::vector<std::string> drain(child& c, int* status) {
  std::string all = c.already;
  char buf[4096];
  for (;;) {
    const auto n = ::read(c.out, buf, sizeof buf);
    if (n <= 0) break;
    all.append(buf, static_cast<std::size_t>(n));
  }
  ::close(c.out);
  ::waitpid(c.pid, status, 0);
  std::vector<std::string> lines;
  std::istringstream in(all);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  // A line cut by SIGKILL was never complete: the writer reports only after append() returned, and a torn
  // last line has no newline.
  if (!all.empty() && all.back() != '\n' && !lines.empty()) lines.pop_back();
  return lines;
}

struct ack {
  std::string case_id;
  std::uint64_t case_seq = 0;
  std::uint64_t seq = 0;
  std::string hash;
};

bool parse_ack(const std::string& line, ack& a) {
  std::istringstream in(line);
  std::string word;
  in >> word;
  if (word != "ack") return false;
  in >> a.case_id >> a.case_seq >> a.seq >> a.hash;
  return !in.fail();
}

/// The stored hash of (case, case_seq), or "" if absent.
std::string stored_hash(SQLite::Database& db, const std::string& case_id, std::uint64_t case_seq) {
  SQLite::Statement q(db, "SELECT lower(hex(hash)) FROM events WHERE case_id = ? AND case_seq = ?");
  q.bind(1, case_id);
  q.bind(2, static_cast<std::int64_t>(case_seq));
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

/// The kills each kill test makes: `ordinary`, or PENALTYFLOW_KILL_ITERATIONS when set (the soak runs raise it;
/// tools/test.sh --sanitize lowers it, since every kill costs a sanitized writer's start-up).
int kill_iterations(int ordinary) {
  if (const char* n = std::getenv("PENALTYFLOW_KILL_ITERATIONS")) return std::atoi(n);
  return ordinary;
}

using acknowledgements = std::map<std::pair<std::string, std::uint64_t>, std::string>;  // (case, seq) -> hash

/// After a kill: recovery happens on open; then the whole record must verify and hold every acknowledged event.
void expect_recovered(const std::string& path, const acknowledgements& acknowledged, int iteration) {
  store s(path);
  const auto rep = s.verify(verify_depth::full);
  ASSERT_TRUE(rep.ok) << "iteration " << iteration << ": " << (rep.problem ? rep.problem->what : "");
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  for (const auto& [key, hash] : acknowledged)
    ASSERT_EQ(stored_hash(raw, key.first, key.second), hash)
        << "iteration " << iteration << ": acknowledged event " << key.first << "#" << key.second << " is missing";
}

TEST(StoreReliability, WriterKilledAtRandomMomentsLosesNoAcknowledgedEvent) {
  scratch_file f("kill.db");
  const int iterations = kill_iterations(200);
  std::mt19937 rng(20240304);
  std::uniform_int_distribution<int> delay_us(0, 40'000);
  acknowledgements acknowledged;
  int killed_mid_run = 0;
  for (int i = 0; i < iterations; ++i) {
    child c = spawn_writer({f.path(), "4", "0", std::to_string(i + 1), "full"});
    // One kill in four lands anywhere from the start (opening, recovery, schema creation); the others land
    // at a random moment after the writer's first acknowledged append, while it is appending.
    if (i % 4 != 0) wait_for_output(c);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    ::kill(c.pid, SIGKILL);
    int status = 0;
    const auto lines = drain(c, &status);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "iteration " << i << ": the writer ended on its own: " << (lines.empty() ? "" : lines.back());
    for (const auto& l : lines) {
      ack a;
      if (parse_ack(l, a)) acknowledged[{a.case_id, a.case_seq}] = a.hash;
      else ASSERT_EQ(l.rfind("conflict", 0), std::string::npos) << "a lone writer met a conflict: " << l;
    }
    killed_mid_run += lines.empty() ? 0 : 1;
    if (!std::filesystem::exists(f.path())) continue;  // killed before it created the file
    ASSERT_NO_FATAL_FAILURE(expect_recovered(f.path(), acknowledged, i));
  }
  // The kills must really have hit running writers, not only starting ones.
  EXPECT_GE(killed_mid_run, iterations * 3 / 4);
  // Each of those kills came after at least one acknowledgement.
  EXPECT_GE(acknowledged.size(), static_cast<std::size_t>(iterations * 3 / 4));
}

TEST(StoreReliability, BatchWriterKilledAtRandomMomentsLosesNoAcknowledgedBatch) {
  // The same with batches of 300 events (append_many, pipelined: a second thread checks and hashes while the
  // first writes): a batch is acknowledged whole after its commit, or not at all.
  scratch_file f("kill_batch.db");
  std::mt19937 rng(20240305);
  std::uniform_int_distribution<int> delay_us(0, 60'000);
  acknowledgements acknowledged;
  int killed_mid_run = 0;
  const int iterations = kill_iterations(40);
  for (int i = 0; i < iterations; ++i) {
    child c = spawn_writer({f.path(), "6", "0", std::to_string(i + 1), "full", "1", "300"});
    if (i % 4 != 0) wait_for_output(c);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    ::kill(c.pid, SIGKILL);
    int status = 0;
    const auto lines = drain(c, &status);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "iteration " << i;
    for (const auto& l : lines) {
      ack a;
      if (parse_ack(l, a)) acknowledged[{a.case_id, a.case_seq}] = a.hash;
      else ASSERT_EQ(l.rfind("conflict", 0), std::string::npos) << "a lone writer met a conflict: " << l;
    }
    killed_mid_run += lines.empty() ? 0 : 1;
    if (!std::filesystem::exists(f.path())) continue;
    ASSERT_NO_FATAL_FAILURE(expect_recovered(f.path(), acknowledged, i));
    // A batch is all or nothing: the log holds whole batches only.
    SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM events").getInt64() % 300, 0) << "iteration " << i;
  }
  EXPECT_GE(killed_mid_run, iterations * 3 / 4);
  EXPECT_GE(acknowledged.size(), static_cast<std::size_t>(iterations * 3 / 4) * 300);
}

TEST(StoreReliability, ConcurrentProcessesOnSharedCases) {
  scratch_file f("concurrent.db");
  { store s(f.path()); }  // created once, so that the writers do not race to create the schema
  constexpr int processes = 3, attempts = 240;  // enough that fast writers still collide
  std::vector<child> cs;
  for (int p = 0; p < processes; ++p)
    cs.push_back(spawn_writer({f.path(), "3", std::to_string(attempts), std::to_string(100 + p), "normal", "2"}));
  std::map<std::pair<std::string, std::uint64_t>, std::string> acks;
  int conflicts = 0, lines_total = 0;
  for (auto& c : cs) {
    int status = 0;
    const auto lines = drain(c, &status);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << (lines.empty() ? "" : lines.back());
    // Every attempt is reported: acknowledged, or rejected with the reason.
    EXPECT_EQ(lines.size(), static_cast<std::size_t>(attempts * 2));
    for (const auto& l : lines) {
      ++lines_total;
      ack a;
      if (parse_ack(l, a)) {
        const bool fresh = acks.emplace(std::make_pair(a.case_id, a.case_seq), a.hash).second;
        EXPECT_TRUE(fresh) << "event " << a.case_id << "#" << a.case_seq << " acknowledged twice";
      } else {
        ASSERT_EQ(l.rfind("conflict ", 0), 0u) << l;
        ++conflicts;
      }
    }
  }
  EXPECT_GT(conflicts, 0) << "the writers never collided: the test did not test concurrency";
  EXPECT_EQ(static_cast<int>(acks.size()) + conflicts, lines_total);
  store s(f.path());
  const auto rep = s.verify(verify_depth::full);
  ASSERT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
  EXPECT_EQ(rep.events, acks.size());  // exactly once: nothing lost, nothing duplicated
  SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
  for (const auto& [key, hash] : acks) EXPECT_EQ(stored_hash(raw, key.first, key.second), hash);
}

TEST(StoreReliability, ShellRecipeVerifiesAndLocatesAnEdit) {
  scratch_file f("recipe.db");
  scratch_file cpf("recipe.checkpoint.json");
  {
    child c = spawn_writer({f.path(), "5", "80", "9", "normal"});
    int status = 0;
    drain(c, &status);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  {
    store s(f.path());
    std::ofstream(cpf.path()) << s.make_checkpoint().to_json();
  }
  auto r = pf_test::run_shell(std::string(PENALTYFLOW_VERIFY_RECIPE) + " " + f.path() + " " + cpf.path());
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.rfind("OK 80 events, head ", 0), 0u) << r.out;
  // An edit made with the sqlite3 shell (after dropping the guard trigger) is caught by both.
  r = pf_test::run_shell("sqlite3 " + f.path() +
                         " \"DROP TRIGGER events_append_only_update; "
                         "UPDATE events SET payload = replace(payload, '}', ',\\\"note\\\":\\\"x\\\"}') WHERE seq = 37\"");
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  r = pf_test::run_shell(std::string(PENALTYFLOW_VERIFY_RECIPE) + " " + f.path());
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("event 37: the stored hash does not match"), std::string::npos) << r.out << r.err;
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
    raw.exec(pf_test::restore_append_only_triggers());  // the guard back: only the chain can tell
  }
  store s(f.path());
  const auto rep = s.verify();
  ASSERT_FALSE(rep.ok);
  EXPECT_EQ(rep.problem->seq, 37u);
}

TEST(StoreReliability, ReadOnlyFileIsAClearErrorAndStaysAsItWas) {
  scratch_file f("readonly.db");
  {
    store s(f.path());
    child c = spawn_writer({f.path(), "2", "10", "5", "normal"});
    int status = 0;
    drain(c, &status);
  }
  ::chmod(f.path().c_str(), 0444);
  const std::string before = slurp(f.path());
  // As root, file modes do not bind: the check runs in a child that gives up root.
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::geteuid() == 0) {
      const passwd* nobody = ::getpwnam("nobody");
      if (!nobody || ::setgid(nobody->pw_gid) != 0 || ::setuid(nobody->pw_uid) != 0) std::_Exit(10);
    }
    try {
      store s(f.path());
      std::_Exit(11);  // opened read-write: wrong
    } catch (const store_error& e) {
      if (std::string(e.what()).find("read-only") == std::string::npos) std::_Exit(12);
    } catch (...) {
      std::_Exit(13);
    }
    try {
      store s(f.path(), workflow(), store_options{durability::full, open_mode::read_only});
      if (s.history("W0").empty() && s.history("W1").empty()) std::_Exit(14);
      if (!s.verify().ok) std::_Exit(15);
      try {
        s.append("W9", 0, pf_test::clue(pf_test::at("2024-03-04T09:00")), pf_test::at("2024-03-04T09:00"));
        std::_Exit(16);
      } catch (const store_error&) {
      }
    } catch (...) {
      std::_Exit(17);
    }
    std::_Exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "child check " << WEXITSTATUS(status) << " failed";
  ::chmod(f.path().c_str(), 0644);
  EXPECT_EQ(slurp(f.path()), before);
}

TEST(StoreReliability, FullDiskFailsClearlyAndLosesNothingAcknowledged) {
  scratch_file f("full.db");
  {
    child c = spawn_writer({f.path(), "3", "30", "6", "full"});
    int status = 0;
    drain(c, &status);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  std::uint64_t before_events = 0;
  {
    store s(f.path());
    before_events = s.make_checkpoint().count;
  }
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    // No file may grow past 64 KiB beyond the store's current size: the WAL hits it after some appends.
    ::signal(SIGXFSZ, SIG_IGN);
    const auto size = static_cast<rlim_t>(std::filesystem::file_size(f.path()));
    rlimit lim{size + 64 * 1024, size + 64 * 1024};
    if (::setrlimit(RLIMIT_FSIZE, &lim) != 0) std::_Exit(20);
    int code = 21;
    try {
      store s(f.path());
      const auto start = pf_test::at("2024-03-04T09:00");
      for (int i = 0; i < 100000; ++i) {
        const std::string id = "F" + std::to_string(i % 5);
        const auto v = s.version(id);
        const auto r = s.append(id, v, pf_test::nth_event(v, start), start);
        const std::string line = "ack " + id + " " + std::to_string(r.version) + " " + std::to_string(r.seq) + " " +
                                 r.hash + "\n";
        if (::write(fds[1], line.data(), line.size()) != static_cast<ssize_t>(line.size())) std::_Exit(22);
      }
    } catch (const store_error& e) {
      const std::string line = std::string("error ") + e.what() + "\n";
      if (::write(fds[1], line.data(), line.size()) < 0) std::_Exit(23);
      code = (e.sqlite_code() == 13 || (e.sqlite_code() & 0xFF) == 10) ? 0 : 24;  // SQLITE_FULL or SQLITE_IOERR_*
    } catch (...) {
      code = 25;
    }
    std::_Exit(code);
  }
  ::close(fds[1]);
  child c{pid, fds[0], {}};
  int status = 0;
  const auto lines = drain(c, &status);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(WEXITSTATUS(status), 0) << lines.back();
  EXPECT_EQ(lines.back().rfind("error [penaltyflow.store] ", 0), 0u) << lines.back();
  EXPECT_NE(lines.back().find("SQLite error"), std::string::npos) << lines.back();
  std::map<std::pair<std::string, std::uint64_t>, std::string> acks;
  for (const auto& l : lines) {
    ack a;
    if (parse_ack(l, a)) acks[{a.case_id, a.case_seq}] = a.hash;
  }
  ASSERT_GT(acks.size(), 0u) << "the limit was hit before any append: the test did not test a full disk mid-run";
  store s(f.path());
  const auto rep = s.verify();
  ASSERT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
  // Exactly the acknowledged events were added: the failed one left nothing behind.
  EXPECT_EQ(rep.events, before_events + acks.size());
  SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
  for (const auto& [key, hash] : acks) EXPECT_EQ(stored_hash(raw, key.first, key.second), hash);
}

TEST(StoreReliability, CorruptPageIsAClearErrorAndTheFileStaysAsItWas) {
  scratch_file f("corrupt.db");
  {
    child c = spawn_writer({f.path(), "4", "200", "8", "normal"});
    int status = 0;
    drain(c, &status);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  std::string bytes = slurp(f.path());
  ASSERT_GT(bytes.size(), 8u * 4096);
  // Scribble over the middle of a page in the second half of the file (event rows, indexes).
  const std::size_t page = bytes.size() / 4096 * 3 / 4;
  for (std::size_t i = 0; i < 512; ++i) bytes[page * 4096 + 8 + i] = static_cast<char>(0xA5);
  std::ofstream(f.path(), std::ios::binary | std::ios::trunc) << bytes;
  bool reported = false;
  try {
    store s(f.path());
    const auto rep = s.verify();
    reported = !rep.ok;
    if (!reported) ADD_FAILURE() << "verify passed a corrupt file";
    else EXPECT_FALSE(rep.problem->what.empty());
  } catch (const store_error& e) {
    reported = true;
    EXPECT_NE(std::string(e.what()).find("SQLite error"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(reported);
  EXPECT_EQ(slurp(f.path()), bytes);
}

}  // namespace
