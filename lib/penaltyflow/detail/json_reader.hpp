// Private: strict reading of penaltyflow's JSON files (profiles, case histories). Every error names the
// file, the field by its path ("events[3].actors[0].role") and what was wrong; parse errors give the line
// and column. Unknown fields are errors, never ignored.
#pragma once

#include <penaltyflow/error.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace penaltyflow::detail {

class json_reader {
 public:
  using json = nlohmann::json;

  json_reader(error_code code, std::string source) : code_(code), source_(std::move(source)) {}

  /// Throws file_format_error(code, source, line, reason).
  [[noreturn]] void fail(std::size_t line, const std::string& reason) const;
  /// Throws, naming the field path.
  [[noreturn]] void fail_at(const std::string& path, const std::string& reason) const { fail(0, path + ": " + reason); }

  /// Parses text; malformed JSON is reported with line and column.
  json parse(std::string_view text) const;

  /// Requires an object and rejects fields not in `allowed`.
  void require_object(const json& j, const std::string& path, std::initializer_list<std::string_view> allowed) const;

  /// Typed members: nullopt when absent (or null, where `null_ok`); an error for the wrong type.
  std::optional<std::string> string(const json& obj, const std::string& path, const char* key) const;
  std::optional<std::int64_t> integer(const json& obj, const std::string& path, const char* key) const;
  std::optional<bool> boolean(const json& obj, const std::string& path, const char* key) const;
  const json* array(const json& obj, const std::string& path, const char* key) const;
  const json* object(const json& obj, const std::string& path, const char* key) const;

  /// A required member: an error naming the path when absent.
  template <class T>
  T required(const std::optional<T>& v, const std::string& path, const char* key) const {
    if (!v) fail_at(path + "." + key, "required field is missing");
    return *v;
  }

  static std::string type_name(const json& j);

 private:
  error_code code_;
  std::string source_;
};

/// What a JSON library exception says of the text, without the library's own words: for
/// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while parsing value - invalid
/// literal; last read: 'tru'" it is "syntax error while parsing value - invalid literal; last read: 'tru'". For
/// messages that name the file, line and column themselves.
std::string json_error_reason(const nlohmann::json::exception& e);

}  // namespace penaltyflow::detail
