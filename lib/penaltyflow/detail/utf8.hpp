// Private: the library's side of the one UTF-8 validator (penaltyflow/utf8.hpp, implemented with these in
// lib/penaltyflow/utf8.cpp): the byte check the JSON scanner inlines, the refusal every entry point throws, and the
// walk over an event's and its documents' text fields.
#pragma once

#include <penaltyflow/utf8.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow {
struct event;
struct document;
}  // namespace penaltyflow

namespace penaltyflow::detail {

/// The length of the well-formed UTF-8 sequence that starts at `p` (a byte of 0x80 or above), or 0 when it is
/// not one. Inline: the store's JSON scanner calls it for every non-ASCII character it reads.
inline std::size_t utf8_length(const char* p, const char* end) {
  const auto c = static_cast<unsigned char>(*p);
  const std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || static_cast<std::size_t>(end - p) < n) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto d = static_cast<unsigned char>(p[k]);
    unsigned char lo = 0x80, hi = 0xBF;
    if (k == 1) {
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    if (d < lo || d > hi) return 0;
  }
  return n;
}

/// Throws invalid_argument_error when `s` is not valid UTF-8, naming `field` (e.g. "case id") and the first bad
/// byte, in Chinese and English.
[[noreturn]] void throw_not_utf8(std::string_view s, std::string_view field);
inline void require_utf8(std::string_view s, std::string_view field) {
  if (!is_utf8(s)) throw_not_utf8(s, field);
}

/// A text field that is not valid UTF-8: its path in the case-history format ("actors[0].name", "note",
/// "documents[1].number") and its bytes.
struct invalid_text {
  std::string path;
  std::string_view text;
};
/// The first text field of an event (actors' id, name and certificate number, note, ground, subject,
/// violation_type, circumstances) that is not valid UTF-8, or nullopt. Allocates only when it finds one.
std::optional<invalid_text> find_invalid_text(const event& ev);
/// The same for documents (kind, number, signatories, volume).
std::optional<invalid_text> find_invalid_text(const std::vector<document>& docs);

/// The 1-based line and column of byte `offset` in `text`, and, when the line reads `"key": "...` before it,
/// the key (empty otherwise): where a text file's invalid byte is, for its error message.
struct text_position {
  std::size_t line = 1;
  std::size_t column = 1;
  std::string key;
};
text_position position_of(std::string_view text, std::size_t offset);

}  // namespace penaltyflow::detail
