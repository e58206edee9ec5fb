// The options every command that opens the record store shares: the global --db, --profile, --json and
// --durability. Used by the store and oversight commands.
#pragma once

#include "cli.hpp"

#include <penaltyflow/profile.hpp>
#include <penaltyflow/store.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace penaltyflow::cli {

inline std::string db_path() {
  const auto& g = globals();
  if (!g.db) throw usage_error("this command needs the store: penaltyflow --db FILE ...");
  return *g.db;
}

inline std::vector<option_spec> with_common(std::vector<option_spec> specs) {
  specs.push_back({"profile", true, false});
  specs.push_back({"json", false, false});
  return specs;
}

inline workflow workflow_from(const arg_parser& p) {
  if (auto f = p.value("profile")) return workflow(profile::load(*f), calendar::national());
  return workflow();
}

inline store open_store(const arg_parser& p, open_mode mode = open_mode::read_write) {
  store_options o;
  o.mode = mode;
  if (auto d = p.value("durability")) {
    if (*d == "full") o.sync = durability::full;
    else if (*d == "normal") o.sync = durability::normal;
    else throw usage_error("--durability must be full or normal");
  }
  return store(db_path(), workflow_from(p), o);
}

/// A non-negative integer option value; throws usage_error naming the option for anything else.
inline std::uint64_t parse_count(const std::string& text, const char* what) {
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos)
    throw usage_error(std::string(what) + " must be a non-negative integer below 10^19, not \"" + text + "\"");
  return std::stoull(text);
}

/// The window --from .. --to (both required, both inclusive); a usage error when --to is before --from.
struct date_window {
  date from, to;
};
inline date_window required_window(const arg_parser& p) {
  const date_window w{parse_date(p.required("from"), "--from"), parse_date(p.required("to"), "--to")};
  if (w.to < w.from) throw usage_error("--to is before --from");
  return w;
}

}  // namespace penaltyflow::cli
