// penaltyflow — the error family (error.hpp): the code names and every message made printable.
#include "penaltyflow/detail/utf8.hpp"

#include <penaltyflow/error.hpp>

namespace penaltyflow {

std::string_view to_string(error_code code) noexcept {
  switch (code) {
    case error_code::invalid_argument: return "invalid_argument";
    case error_code::calendar_format: return "calendar_format";
    case error_code::calendar_coverage: return "calendar_coverage";
    case error_code::unknown_period: return "unknown_period";
    case error_code::not_configurable: return "not_configurable";
    case error_code::io: return "io";
    case error_code::profile_format: return "profile_format";
    case error_code::history_format: return "history_format";
    case error_code::unknown_rule: return "unknown_rule";
    case error_code::store: return "store";
    case error_code::conflict: return "conflict";
    case error_code::schema_version: return "schema_version";
    case error_code::benchmark_format: return "benchmark_format";
  }
  return "unknown";
}

// A message may quote text the caller supplied (a GBK file name, a bad byte the JSON lexer read, a case id with a
// control character): its invalid bytes are written as "\xHH" and its control characters escaped, so that every
// message can be printed on one line, as JSON and converted to a Python str.
error::error(error_code code, const std::string& message)
    : std::runtime_error("[penaltyflow." + std::string(to_string(code)) + "] " + printable_text(message)),
      code_(code),
      message_(printable_text(message)) {}

file_format_error::file_format_error(error_code code, std::string file, std::size_t line,
                                     const std::string& reason)
    : error(code, file + (line ? ":" + std::to_string(line) : std::string()) + ": " + reason),
      file_(std::move(file)),
      line_(line) {}

conflict_error::conflict_error(const std::string& case_id, std::uint64_t expected, std::uint64_t actual)
    : error(error_code::conflict, "case \"" + case_id + "\" is at version " + std::to_string(actual) +
                                      ", the caller expected version " + std::to_string(expected) +
                                      " (another writer appended first; re-read the case and decide again)"),
      case_id_(case_id),
      expected_(expected),
      actual_(actual) {}

schema_version_error::schema_version_error(const std::string& file, int found, int supported)
    : error(error_code::schema_version, file + ": store schema version " + std::to_string(found) +
                                            " is newer than this penaltyflow supports (" + std::to_string(supported) +
                                            "); use a newer penaltyflow") {}

}  // namespace penaltyflow
