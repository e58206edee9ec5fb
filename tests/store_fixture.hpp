// Shared by the store tests, the writer process and the store benchmarks: events of a plain ordinary-
// procedure case that the national workflow accepts, and scratch files.
#pragma once

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/deadline.hpp>
#include <penaltyflow/event.hpp>

#include "penaltyflow/detail/store_schema.hpp"

#include <boost/date_time/posix_time/posix_time_types.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace pf_test {

using namespace penaltyflow;

inline actor officer(const std::string& id, const std::string& name) {
  actor a;
  a.id = id;
  a.name = name;
  a.role = actor_role::officer;
  a.enforcement_certificate = certificate{"ZJ-" + id, parse_date("2020-01-01"), parse_date("2029-12-31")};
  return a;
}

inline actor head(const std::string& id = "H1") {
  actor a;
  a.id = id;
  a.name = "局长";
  a.role = actor_role::head;
  return a;
}

inline instant at(const std::string& text) { return parse_instant(text); }

/// 发现线索 on `t`.
inline event clue(instant t) {
  event e;
  e.type = event_type::clue_received;
  e.at = t;
  e.party = party_kind::organisation;
  e.actors = {officer("O1", "张三")};
  return e;
}

/// 立案 on `t`, by two certified officers with the head's approval, all filing conditions met.
inline event filed(instant t) {
  event e;
  e.type = event_type::case_filed;
  e.at = t;
  e.party = party_kind::organisation;
  e.violation_date = t.date() - boost::gregorian::days(20);
  e.conditions = filing_condition::all;
  e.actors = {officer("O1", "张三"), officer("O2", "李四"), head()};
  return e;
}

/// 现场检查 on `t` by two certified officers (accepted any number of times during the investigation).
inline event inspection(instant t, const std::string& note = {}) {
  event e;
  e.type = event_type::investigative_act;
  e.at = t;
  e.note = note;
  e.actors = {officer("O1", "张三"), officer("O2", "李四")};
  return e;
}

/// The `n`-th event (0-based) of a long-running case that starts on `start`: a clue, the filing 2 days
/// later, then an inspection every minute.
inline event nth_event(std::uint64_t n, instant start) {
  using boost::posix_time::minutes;
  if (n == 0) return clue(start);
  if (n == 1) return filed(start + boost::gregorian::days(2));
  return inspection(start + boost::gregorian::days(3) + minutes(static_cast<long>(n)));
}

/// SQL that puts back the append-only triggers, as the store creates them, after a tamperer dropped some to edit
/// the log (a store missing one is not opened: after this, only the hash chain tells).
inline std::string restore_append_only_triggers() {
  std::string sql;
  for (const char* t : {"events", "versions", "documents"})
    for (const char* op : {"update", "delete"})
      sql += std::string("DROP TRIGGER IF EXISTS ") + t + "_append_only_" + op + ";";
  return sql + std::string(penaltyflow::detail::append_only_triggers);
}

/// A scratch path under the temp directory, unique to this process; removed (with -wal/-shm) on exit.
class scratch_file {
 public:
  explicit scratch_file(const std::string& name) {
    path_ = (std::filesystem::temp_directory_path() / ("pf_store_" + std::to_string(::getpid()) + "_" + name)).string();
    remove();
  }
  ~scratch_file() { remove(); }
  scratch_file(const scratch_file&) = delete;
  scratch_file& operator=(const scratch_file&) = delete;
  const std::string& path() const { return path_; }
  void remove() const {
    std::error_code ec;
    for (const char* s : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path_ + s, ec);
  }

 private:
  std::string path_;
};

}  // namespace pf_test
