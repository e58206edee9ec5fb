// The main demo: the statutory deadlines of a sample ordinary-procedure case, with their citations.
// It checks its own results against dates worked out by hand (docs/time-limits.md) and exits 1 on a mismatch.
#include <penaltyflow/penaltyflow.hpp>

#include <iomanip>
#include <iostream>

int main() {
  using namespace penaltyflow;
  const calendar& cal = calendar::national();
  const period_catalogue& periods = period_catalogue::national();
  auto day = [](const char* s) { return parse_date(s); };

  struct step {
    const char* period;
    const char* from;
    std::vector<excluded_time> pauses;
    const char* what;
    const char* expected;
  };
  // A sample case: a clue received Mon 2023-08-21, sent for testing 08-23..08-31, filed 09-19; the prior
  // notice served 09-28, just before the 2023 National Day holiday; a one-day hearing on 10-20; decided 10-30,
  // served 11-02, paid 11-10.
  const std::vector<step> steps = {
      {"filing-decision", "2023-08-21", {{day("2023-08-23"), day("2023-08-31"), exclusion::testing}},
       "decide whether to file (testing not counted)", "2023-09-20"},
      {"decision", "2023-09-19", {{day("2023-10-20"), day("2023-10-20"), exclusion::hearing}},
       "decide the case (hearing day not counted)", "2023-12-19"},
      {"statement", "2023-09-28", {}, "statements and defence", "2023-10-11"},
      {"hearing-request", "2023-09-28", {}, "request a hearing", "2023-10-11"},
      {"service", "2023-10-30", {}, "serve the decision", "2023-11-08"},
      {"publication-gsxt", "2023-10-30", {}, "publish on the credit system", "2023-11-27"},
      {"payment", "2023-11-02", {}, "pay the fine", "2023-11-17"},
      {"closure", "2023-11-10", {}, "close the case", "2023-12-01"},
  };

  std::cout << "penaltyflow " << version_string << " — deadlines of a sample case (calendar " << cal.version()
            << ")\n\n";
  int mismatches = 0;
  for (const auto& s : steps) {
    const auto& p = periods.at(s.period);
    const auto r = compute_due_date(p, day(s.from), cal, s.pauses);
    const bool ok = to_iso(r.due) == s.expected;
    mismatches += ok ? 0 : 1;
    std::cout << std::left << std::setw(18) << s.period << " from " << s.from << "  due " << to_iso(r.due) << "  "
              << p.amount << ' ' << to_string(p.unit) << "  " << s.what << '\n'
              << std::string(18, ' ') << " " << p.title_zh << " — " << r.citation
              << (ok ? "" : std::string("   MISMATCH, expected ") + s.expected) << '\n';
  }
  std::cout << '\n' << (mismatches ? "FAILED: " + std::to_string(mismatches) + " mismatches" : std::string("all deadlines as worked out by hand")) << '\n';
  return mismatches ? 1 : 0;
}
