// Text from the case record written into a Markdown document (private to the library).
#pragma once

#include <string>
#include <string_view>

namespace penaltyflow::detail {

/// `text` as the content of one Markdown table cell that shows it literally: HTML's &, < and > as entities (no
/// tag or entity reaches a renderer), the punctuation Markdown acts on (\ ` * _ [ ] | ~ #) escaped with a
/// backslash, a line break as <br> (the cell stays on its row) and any other control character as a space.
inline std::string markdown_cell(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~': case '#':
        out += '\\';
        out += c;
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CR LF: one line break
        out += "<br>";
        break;
      case '\n': out += "<br>"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += ' ';
        else out += c;
    }
  }
  return out;
}

}  // namespace penaltyflow::detail
