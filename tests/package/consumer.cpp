// A program outside the project that uses the installed package.
#include <penaltyflow/penaltyflow.hpp>

#include <iostream>

int main() {
  using namespace penaltyflow;
  const auto& p = period_catalogue::national().at("statement");
  const auto r = compute_due_date(p, parse_date("2023-09-28"), calendar::national());
  std::cout << "penaltyflow " << version_string << ": statement due " << to_iso(r.due) << '\n';
  return to_iso(r.due) == "2023-10-11" ? 0 : 1;
}
