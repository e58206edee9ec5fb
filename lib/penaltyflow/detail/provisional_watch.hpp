// penaltyflow — which judgments used a provisional date (a day outside the calendar's coverage).
//
// While a provisional_watch lives, every due date computed on this thread with coverage_policy::provisional_ok
// that had to assume a day reports its first assumed day here (deadline.cpp), as do the gates that read a due
// date the facts keep (case_facts::*_assumed). The workflow watches each event's gates and fold: a judgment on
// day X used a provisional date when an assumed day is on or before X (days before the first assumed one were
// counted from the notices, so an act before it is on time whatever the notice says).
#pragma once

#include <penaltyflow/calendar.hpp>

#include <optional>

namespace penaltyflow::detail {

class provisional_watch {
 public:
  provisional_watch();
  ~provisional_watch();
  provisional_watch(const provisional_watch&) = delete;
  provisional_watch& operator=(const provisional_watch&) = delete;

  /// The earliest day assumed while this watch was the innermost on its thread.
  const std::optional<date>& first() const { return first_; }

  /// Reports a computation that assumed days from `first_assumed` on (no-op when nothing watches).
  static void note(date first_assumed);
  /// note() when `first_assumed` is set.
  static void note(const std::optional<date>& first_assumed) {
    if (first_assumed) note(*first_assumed);
  }

 private:
  provisional_watch* prev_;
  std::optional<date> first_;
};

}  // namespace penaltyflow::detail
