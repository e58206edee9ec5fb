// Strict reading of penaltyflow's JSON files (detail/json_reader.hpp): parse errors with line and column,
// typed members, and errors that name the file and the field by its path.
#include "penaltyflow/detail/json_reader.hpp"

#include "penaltyflow/detail/utf8.hpp"

#include <algorithm>
#include <cstdio>

namespace penaltyflow::detail {

void json_reader::fail(std::size_t line, const std::string& reason) const {
  throw file_format_error(code_, source_, line, reason);
}

json_reader::json json_reader::parse(std::string_view text) const {
  // Text that is not UTF-8 (a file saved as GBK) is named by line, column and field before the JSON lexer sees it.
  if (const std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    const text_position pos = position_of(text, bad);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
    fail(pos.line, (pos.key.empty() ? std::string() : "field \"" + pos.key + "\", ") + "column " +
                       std::to_string(pos.column) + ": not valid UTF-8 (byte " + hex +
                       "); penaltyflow reads UTF-8 only: convert the file first (GBK: iconv -f GBK -t UTF-8) / "
                       "文件不是有效的 UTF-8 编码, 请先转换为 UTF-8");
  }
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    // e.byte is the 1-based offset of the error: turn it into a line and column.
    const std::size_t at = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    const auto nl = text.rfind('\n', at == 0 ? 0 : at - 1);
    const std::size_t column = nl == std::string_view::npos ? at + 1 : at - nl;
    fail(line, "malformed JSON at column " + std::to_string(column) + ": " + json_error_reason(e));
  } catch (const json::exception& e) {
    fail(0, "malformed JSON: " + json_error_reason(e));  // a number out of range ("1e999"): no position given
  }
}

std::string json_error_reason(const nlohmann::json::exception& e) {
  std::string_view s = e.what();
  if (s.rfind("[json.exception.", 0) == 0) {
    const auto close = s.find("] ");
    s.remove_prefix(close == std::string_view::npos ? s.size() : close + 2);
  }
  // "parse error at line L, column C: ", "parse error at byte N: ", "parse error: " (the caller locates the text)
  if (s.rfind("parse error", 0) == 0) {
    const auto colon = s.find(": ");
    if (colon != std::string_view::npos) s.remove_prefix(colon + 2);
  }
  return s.empty() ? std::string("not valid JSON") : std::string(s);
}

std::string json_reader::type_name(const json& j) { return j.type_name(); }

void json_reader::require_object(const json& j, const std::string& path,
                                 std::initializer_list<std::string_view> allowed) const {
  if (!j.is_object()) fail_at(path, std::string("expected an object, found ") + j.type_name());
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
      fail_at(path + "." + it.key(), "unknown field");
    }
  }
}

std::optional<std::string> json_reader::string(const json& obj, const std::string& path, const char* key) const {
  auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  if (!it->is_string()) fail_at(path + "." + key, std::string("expected a string, found ") + it->type_name());
  return it->get<std::string>();
}

std::optional<std::int64_t> json_reader::integer(const json& obj, const std::string& path, const char* key) const {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) fail_at(path + "." + key, std::string("expected an integer, found ") + it->type_name());
  return it->get<std::int64_t>();
}

std::optional<bool> json_reader::boolean(const json& obj, const std::string& path, const char* key) const {
  auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  if (!it->is_boolean()) fail_at(path + "." + key, std::string("expected true or false, found ") + it->type_name());
  return it->get<bool>();
}

const json_reader::json* json_reader::array(const json& obj, const std::string& path, const char* key) const {
  auto it = obj.find(key);
  if (it == obj.end()) return nullptr;
  if (!it->is_array()) fail_at(path + "." + key, std::string("expected an array, found ") + it->type_name());
  return &*it;
}

const json_reader::json* json_reader::object(const json& obj, const std::string& path, const char* key) const {
  auto it = obj.find(key);
  if (it == obj.end()) return nullptr;
  if (!it->is_object()) fail_at(path + "." + key, std::string("expected an object, found ") + it->type_name());
  return &*it;
}

}  // namespace penaltyflow::detail
