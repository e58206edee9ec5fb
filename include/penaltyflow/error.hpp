// penaltyflow — errors: the one family of exceptions the library throws, every one a penaltyflow::error.
//
// Exceptions are for misuse and I/O: a malformed file, an impossible date, a day the calendar does not
// cover. A rule refusal is never an exception (see rules.hpp): it is a value. docs/errors.md says which type is
// thrown when. A standard exception leaving the library (bad_alloc aside) is a bug: what the C++ and JSON
// libraries report is caught where it happens and thrown again as one of these, naming the field, file or line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace penaltyflow {

/// Stable error codes. The numeric values and the names are part of the API: they never change meaning.
enum class error_code : int {
  invalid_argument = 1,    ///< a value the caller passed is malformed or out of range
  calendar_format = 2,     ///< a calendar file is malformed (file, line and reason in the message)
  calendar_coverage = 3,   ///< a computation needs a day that no loaded calendar covers
  unknown_period = 4,      ///< no statutory period with that id in the catalogue
  not_configurable = 5,    ///< an attempt to override a verified ([V]) statutory value
  io = 6,                  ///< a file could not be read or written
  profile_format = 7,      ///< a profile file is malformed
  history_format = 8,      ///< a case-history document is malformed
  unknown_rule = 9,        ///< no rule with that id in the catalogue
  store = 10,              ///< the record store failed (SQLite error kept in the message)
  conflict = 11,           ///< optimistic concurrency: the case changed since it was read
  schema_version = 12,     ///< a store file from a newer schema version
  benchmark_format = 13,   ///< a discretion-benchmark file is malformed
};

/// The stable name of a code, for example "calendar_format".
std::string_view to_string(error_code code) noexcept;

/// Root of penaltyflow's exception hierarchy. `what()` reads "[penaltyflow.<code>] <message>". Messages are
/// always valid UTF-8 and printable: bytes of a quoted text that are not UTF-8 are written as "\xHH", control
/// characters as "\n", "\t", "\r", "\xHH" or "\uHHHH" (see printable_text in utf8.hpp).
class error : public std::runtime_error {
 public:
  error(error_code code, const std::string& message);
  error_code code() const noexcept { return code_; }
  /// The message without the "[penaltyflow.<code>] " prefix.
  const std::string& message() const noexcept { return message_; }

 private:
  error_code code_;
  std::string message_;
};

/// A value the caller passed is malformed or not allowed by the law: an impossible date, an inverted pause, a
/// negative amount, an extension too long, text that is not UTF-8. (error_code::invalid_argument)
class invalid_argument_error : public error {
 public:
  explicit invalid_argument_error(const std::string& message) : error(error_code::invalid_argument, message) {}
};

/// A file or document the caller supplied is malformed: a calendar, profile, case history or discretion-benchmark
/// file (the code says which). `file()` and `line()` locate the problem (line 0: the whole file); the message
/// names the field. (error_code::calendar_format, profile_format, history_format, benchmark_format)
class file_format_error : public error {
 public:
  file_format_error(error_code code, std::string file, std::size_t line, const std::string& reason);
  const std::string& file() const noexcept { return file_; }
  std::size_t line() const noexcept { return line_; }

 private:
  std::string file_;
  std::size_t line_;
};

/// A computation needed a day outside the loaded calendar's coverage and the caller did not accept a
/// provisional result. (error_code::calendar_coverage)
class coverage_error : public error {
 public:
  explicit coverage_error(const std::string& message) : error(error_code::calendar_coverage, message) {}
};

/// No statutory period with that id in the catalogue, or none of its texts in force on the day asked.
/// (error_code::unknown_period)
class unknown_period_error : public error {
 public:
  explicit unknown_period_error(const std::string& message) : error(error_code::unknown_period, message) {}
};

/// No rule with that id in the rule catalogue. (error_code::unknown_rule)
class unknown_rule_error : public error {
 public:
  explicit unknown_rule_error(const std::string& message) : error(error_code::unknown_rule, message) {}
};

/// A profile tried to override a verified ([V]) statutory value. (error_code::not_configurable)
class not_configurable_error : public error {
 public:
  explicit not_configurable_error(const std::string& message) : error(error_code::not_configurable, message) {}
};

/// A file could not be opened, read or written. (error_code::io)
class io_error : public error {
 public:
  explicit io_error(const std::string& message) : error(error_code::io, message) {}
};

/// The record store failed: SQLite reported an error (its extended result code is kept in the message and in
/// `sqlite_code()`), or the file is not a penaltyflow store. (error_code::store)
class store_error : public error {
 public:
  store_error(const std::string& message, int sqlite_code = 0)
      : error(error_code::store, message), sqlite_code_(sqlite_code) {}
  /// SQLite's extended result code (e.g. 13 SQLITE_FULL, 8 SQLITE_READONLY, 26 SQLITE_NOTADB); 0 if none.
  int sqlite_code() const noexcept { return sqlite_code_; }

 private:
  int sqlite_code_;
};

/// Optimistic concurrency: the case has a different version than the caller expected (another writer,
/// possibly another process, appended first). Re-read the case and decide again. Not a store_error: nothing
/// failed. (error_code::conflict)
class conflict_error : public error {
 public:
  conflict_error(const std::string& case_id, std::uint64_t expected, std::uint64_t actual);
  const std::string& case_id() const noexcept { return case_id_; }
  std::uint64_t expected() const noexcept { return expected_; }
  std::uint64_t actual() const noexcept { return actual_; }

 private:
  std::string case_id_;
  std::uint64_t expected_;
  std::uint64_t actual_;
};

/// The store file was written by a newer penaltyflow (its `PRAGMA user_version` is above the schema version
/// this one supports). (error_code::schema_version)
class schema_version_error : public error {
 public:
  schema_version_error(const std::string& file, int found, int supported);
};

}  // namespace penaltyflow
