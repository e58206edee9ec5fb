#include <penaltyflow/penaltyflow.hpp>
#include <iostream>

int main() {
  using namespace penaltyflow;
  // The party was served the prior notice (告知书) on Thu 2023-09-28, the day before the National Day holiday.
  const auto& p = period_catalogue::national().at("statement");  // 5 working days, 程序规定 第五十七条
  const auto r = compute_due_date(p, parse_date("2023-09-28"), calendar::national());
  std::cout << "statement due " << to_iso(r.due)  // 2023-10-11: Sat 10-07 and Sun 10-08 are 调休 workdays
            << " (" << r.citation << ", calendar " << r.calendar_version << ")\n";
  return to_iso(r.due) == "2023-10-11" ? 0 : 1;
}
