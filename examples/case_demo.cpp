// The main demo: a sample ordinary-procedure case recorded in a store file, its stage and statutory deadlines
// (with citations) as of several days, and the record verified. It checks its own results and exits 1 on a
// mismatch.
//
//   case_demo HISTORY.json STORE.sqlite
#include <penaltyflow/history.hpp>
#include <penaltyflow/store.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  using namespace penaltyflow;
  if (argc != 3) {
    std::cerr << "usage: case_demo HISTORY.json STORE.sqlite\n";
    return 2;
  }
  const std::string history_path = argv[1];
  const std::string store_path = argv[2];
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(store_path + suffix);

  std::ifstream in(history_path);
  std::ostringstream text;
  text << in.rdbuf();

  int mismatches = 0;
  auto check = [&](bool ok, const std::string& what) {
    if (!ok) {
      ++mismatches;
      std::cout << "  MISMATCH: " << what << '\n';
    }
  };

  store s(store_path);  // durable commits (synchronous=FULL) by default
  // The time the store records the import is an input, like every time in penaltyflow.
  const auto report = s.import_history(text.str(), history_path, parse_instant("2024-05-06T18:00"));
  std::cout << "penaltyflow — case " << report.case_id << ": " << report.events << " events recorded in "
            << store_path << "\n";
  check(report.events == 13, "13 events imported");

  struct snapshot {
    const char* as_of;
    const char* stage;
    std::vector<std::pair<std::string, std::string>> deadlines;  // period id, due date
  };
  // Worked out by hand from the history (docs/time-limits.md counts the same way).
  const std::vector<snapshot> expected = {
      {"2024-03-05", "investigation", {{"decision", "2024-06-03"}}},
      // Notice served Mon 04-08; a 5,000-yuan fine is outside the hearing scope, so no hearing-request period.
      {"2024-04-08", "notice", {{"decision", "2024-06-03"}, {"statement", "2024-04-15"}}},
      // Served Wed 04-17: 15 days to pay end Thu 05-02, inside the Labour Day block 05-01..05-05 -> Mon 05-06;
      // publication within 20 working days of the 04-16 decision counts Sun 04-28 and Sat 05-11 (调休).
      {"2024-04-18", "execution", {{"payment", "2024-05-06"}, {"publication-gsxt", "2024-05-15"}}},
      {"2024-05-06", "archived", {}},
  };
  for (const auto& snap : expected) {
    const auto st = s.state_as_of(report.case_id, parse_date(snap.as_of));
    std::cout << "\nas of " << snap.as_of << ": stage " << st.stage << ", " << st.events << " events\n";
    check(st.stage == snap.stage, std::string("stage ") + snap.stage);
    for (const auto& d : st.deadlines)
      std::cout << "  " << d.period_id << " due " << to_iso(d.due) << (d.overdue ? " OVERDUE" : "") << "  — "
                << d.title_zh << ", " << d.citation << '\n';
    for (const auto& [id, due] : snap.deadlines) {
      bool found = false;
      for (const auto& d : st.deadlines) found = found || (d.period_id == id && to_iso(d.due) == due);
      check(found, id + " due " + due);
    }
    check(snap.deadlines.size() == st.deadlines.size(), "number of open deadlines");
  }

  const auto v = s.verify(verify_depth::full);
  std::cout << "\nverify: " << (v.ok ? "ok" : "FAILED") << ", " << v.events << " events, head " << v.head_hash.substr(0, 16)
            << "…\n";
  check(v.ok, "the record verifies");
  std::cout << (mismatches ? "FAILED: " + std::to_string(mismatches) + " mismatches\n"
                           : std::string("all as worked out by hand\n"));
  return mismatches ? 1 : 0;
}
