// penaltyflow — errors.
//
// Exceptions are for misuse and I/O: a malformed file, an impossible date, a day the calendar does not
// cover. A rule refusal is never an exception (see rules.hpp): it is a value.
#pragma once

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
/// always valid UTF-8: bytes of a quoted text that are not are written as "\xHH".
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

/// A value the caller passed is malformed: an impossible date, an inverted pause, a negative amount.
class invalid_argument_error : public error {
 public:
  explicit invalid_argument_error(const std::string& message) : error(error_code::invalid_argument, message) {}
};

/// A file the caller supplied is malformed. `file()` and `line()` locate the problem (line 0: whole file).
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
/// provisional result.
class coverage_error : public error {
 public:
  explicit coverage_error(const std::string& message) : error(error_code::calendar_coverage, message) {}
};

/// A file could not be opened, read or written.
class io_error : public error {
 public:
  explicit io_error(const std::string& message) : error(error_code::io, message) {}
};

}  // namespace penaltyflow
