// Private: a scanner over compact JSON text exactly as penaltyflow writes it (no whitespace, keys without
// escapes). It is the fast path of the store's readers (event columns, documents): every function returns
// false on anything it does not expect, and the caller then reads the text with nlohmann and the strict
// reader instead, so that what is valid and every error message stay defined in one place. What it does
// accept it reads exactly as nlohmann would (escapes incl. \uXXXX and surrogate pairs, UTF-8 checked as
// nlohmann's lexer checks it, integers without fraction or exponent).
#pragma once

#include "penaltyflow/detail/utf8.hpp"

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace penaltyflow::detail {

class json_scan {
 public:
  explicit json_scan(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool done() const { return p_ == end_; }
  bool eat(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  bool eat(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  /// A key and its colon. Keys with escapes or control characters are left to the slow path.
  bool key(std::string_view& k) {
    if (!eat('"')) return false;
    const char* b = p_;
    while (p_ != end_ && *p_ != '"') {
      if (*p_ == '\\' || static_cast<unsigned char>(*p_) < 0x20) return false;
      ++p_;
    }
    if (p_ == end_) return false;
    k = std::string_view(b, static_cast<std::size_t>(p_ - b));
    ++p_;
    return eat(':');
  }

  /// Starts the next member of an object whose keys must come in strictly increasing order (the order
  /// nlohmann keeps and dumps; it also rules out duplicate keys, which nlohmann would merge).
  bool next_key(std::string_view& k, std::string_view& prev, bool first) {
    if (!first && !eat(',')) return false;
    if (!key(k)) return false;
    if (!first && !(prev < k)) return false;
    prev = k;
    return true;
  }

  bool boolean(bool& out) {
    if (eat(std::string_view("true"))) out = true;
    else if (eat(std::string_view("false"))) out = false;
    else return false;
    return true;
  }

  /// A non-negative integer that fits int64 (all the fields the fast paths read are non-negative).
  bool integer(std::int64_t& out) {
    const char* b = p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    if (*p_ == '0' && p_ + 1 != end_ && p_[1] >= '0' && p_[1] <= '9') return false;
    const auto r = std::from_chars(b, end_, out);
    if (r.ec != std::errc()) return false;
    p_ = r.ptr;
    return p_ == end_ || (*p_ != '.' && *p_ != 'e' && *p_ != 'E');
  }

  /// A string value, unescaped into `out` (replacing its contents).
  bool string(std::string& out) {
    if (!eat('"')) return false;
    out.clear();
    const char* run = p_;
    while (true) {
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') break;
      if (c < 0x20) return false;
      if (c < 0x80 && c != '\\') {
        ++p_;
        continue;
      }
      if (c >= 0x80) {
        if (!utf8()) return false;
        continue;
      }
      out.append(run, static_cast<std::size_t>(p_ - run));
      if (!escape(out)) return false;
      run = p_;
    }
    out.append(run, static_cast<std::size_t>(p_ - run));
    ++p_;
    return true;
  }

 private:
  bool utf8() {
    const std::size_t n = utf8_length(p_, end_);
    p_ += n;
    return n != 0;
  }

  bool hex4(unsigned& cp) {
    if (end_ - p_ < 4) return false;
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = *p_++;
      cp <<= 4;
      if (h >= '0' && h <= '9') cp |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f') cp |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') cp |= static_cast<unsigned>(h - 'A' + 10);
      else return false;
    }
    return true;
  }

  bool escape(std::string& out) {
    ++p_;  // the backslash
    if (p_ == end_) return false;
    const char e = *p_++;
    switch (e) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    unsigned cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      unsigned lo = 0;
      if (!eat('\\') || !eat('u') || !hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return true;
  }

  const char* p_;
  const char* end_;
};

}  // namespace penaltyflow::detail
