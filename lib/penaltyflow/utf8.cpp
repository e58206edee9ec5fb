// The one UTF-8 validator (penaltyflow/utf8.hpp, penaltyflow/detail/utf8.hpp).
#include "penaltyflow/detail/utf8.hpp"

#include <penaltyflow/document.hpp>
#include <penaltyflow/error.hpp>
#include <penaltyflow/event.hpp>

#include <algorithm>
#include <cstdio>

namespace penaltyflow {

std::size_t first_invalid_utf8(std::string_view s) noexcept {
  const char* const b = s.data();
  const char* const e = b + s.size();
  for (const char* p = b; p != e;) {
    if (static_cast<unsigned char>(*p) < 0x80) {
      ++p;
      continue;
    }
    const std::size_t n = detail::utf8_length(p, e);
    if (n == 0) return static_cast<std::size_t>(p - b);
    p += n;
  }
  return std::string_view::npos;
}

std::string printable_utf8(std::string_view s) {
  std::size_t bad = first_invalid_utf8(s);
  if (bad == std::string_view::npos) return std::string(s);
  std::string out(s.substr(0, bad));
  for (std::size_t i = bad; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : detail::utf8_length(s.data() + i, s.data() + s.size());
    if (n == 0) {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned>(c));
      out += hex;
      ++i;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
  return out;
}

namespace {

// The code point of the well-formed UTF-8 character of `n` bytes at `p`.
char32_t code_point(const char* p, std::size_t n) {
  const auto b = [p](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(p[k])); };
  if (n == 2) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  if (n == 3) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

// Characters that move the cursor or reorder the text around them when printed: C1 controls, the line and
// paragraph separators and the bidirectional embeddings, overrides and isolates.
bool is_control_above_ascii(char32_t c) {
  return (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string printable_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char hex[8];
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else if (c < 0x20 || c == 0x7F) {
        std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned>(c));
        out += hex;
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const std::size_t n = detail::utf8_length(s.data() + i, s.data() + s.size());
    if (n == 0) {
      std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned>(c));
      out += hex;
      ++i;
    } else if (const char32_t cp = code_point(s.data() + i, n); is_control_above_ascii(cp)) {
      std::snprintf(hex, sizeof hex, "\\u%04X", static_cast<unsigned>(cp));
      out += hex;
      i += n;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
  return out;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) noexcept {
  if (s.size() <= max_bytes) return s;
  std::size_t end = max_bytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the character that would be cut.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

}  // namespace penaltyflow

namespace penaltyflow::detail {

void throw_not_utf8(std::string_view s, std::string_view field) {
  const std::size_t bad = first_invalid_utf8(s);
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", bad < s.size() ? static_cast<unsigned>(static_cast<unsigned char>(s[bad])) : 0U);
  const std::string shown = printable_utf8(utf8_prefix(s, 80)) + (s.size() > 80 ? "..." : "");
  throw invalid_argument_error(std::string(field) + " \"" + shown + "\" is not valid UTF-8 (byte " + hex +
                               " at offset " + std::to_string(bad) +
                               "); penaltyflow keeps text in UTF-8 only: convert it first (GBK text: iconv -f GBK "
                               "-t UTF-8) / 文本不是有效的 UTF-8 编码, 请先转换为 UTF-8");
}

std::optional<invalid_text> find_invalid_text(const event& ev) {
  for (std::size_t i = 0; i < ev.actors.size(); ++i) {
    const actor& a = ev.actors[i];
    auto at = [i](const char* f) { return "actors[" + std::to_string(i) + "]." + f; };
    if (!is_utf8(a.id)) return invalid_text{at("id"), a.id};
    if (!is_utf8(a.name)) return invalid_text{at("name"), a.name};
    if (a.enforcement_certificate && !is_utf8(a.enforcement_certificate->number))
      return invalid_text{at("certificate.number"), a.enforcement_certificate->number};
  }
  if (!is_utf8(ev.note)) return invalid_text{"note", ev.note};
  if (!is_utf8(ev.ground)) return invalid_text{"ground", ev.ground};
  if (!is_utf8(ev.subject)) return invalid_text{"subject", ev.subject};
  if (!is_utf8(ev.violation_type)) return invalid_text{"violation_type", ev.violation_type};
  for (std::size_t i = 0; i < ev.circumstances.size(); ++i)
    if (!is_utf8(ev.circumstances[i])) return invalid_text{"circumstances[" + std::to_string(i) + "]", ev.circumstances[i]};
  return std::nullopt;
}

std::optional<invalid_text> find_invalid_text(const std::vector<document>& docs) {
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const document& d = docs[i];
    auto at = [i](const std::string& f) { return "documents[" + std::to_string(i) + "]." + f; };
    if (!is_utf8(d.kind)) return invalid_text{at("kind"), d.kind};
    if (!is_utf8(d.number)) return invalid_text{at("number"), d.number};
    for (std::size_t k = 0; k < d.signatories.size(); ++k)
      if (!is_utf8(d.signatories[k])) return invalid_text{at("signatories[" + std::to_string(k) + "]"), d.signatories[k]};
    if (!is_utf8(d.volume)) return invalid_text{at("volume"), d.volume};
  }
  return std::nullopt;
}

text_position position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  text_position pos;
  const std::string_view before = text.substr(0, offset);
  pos.line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const auto nl = before.rfind('\n');
  const std::size_t line_start = nl == std::string_view::npos ? 0 : nl + 1;
  pos.column = offset - line_start + 1;
  // `"key": "value...` on the same line before the offset: name the key.
  const std::string_view line = before.substr(line_start);
  const auto colon = line.rfind("\":");
  if (colon != std::string_view::npos) {
    const auto open = line.rfind('"', colon == 0 ? 0 : colon - 1);
    if (open != std::string_view::npos && open < colon) pos.key = std::string(line.substr(open + 1, colon - open - 1));
  }
  if (!is_utf8(pos.key)) pos.key.clear();
  return pos;
}

}  // namespace penaltyflow::detail
