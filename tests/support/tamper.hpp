// For the tests that tamper with a store file the way an editor with sqlite3 would: putting the append-only
// triggers back after editing the log.
#pragma once

#include "penaltyflow/detail/store_schema.hpp"

#include <string>

namespace pf_test {

/// SQL that puts back the append-only triggers, as the store creates them, after a tamperer dropped some to edit
/// the log (a store missing one is not opened: after this, only the hash chain tells).
inline std::string restore_append_only_triggers() {
  std::string sql;
  for (const char* t : {"events", "versions", "documents"})
    for (const char* op : {"update", "delete"})
      sql += std::string("DROP TRIGGER IF EXISTS ") + t + "_append_only_" + op + ";";
  return sql + std::string(penaltyflow::detail::append_only_triggers);
}

}  // namespace pf_test
