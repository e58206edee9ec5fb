// penaltyflow — UTF-8 text. Every text that enters the library (case ids, event and document fields, profile,
// calendar and case-history files) must be well-formed UTF-8 and is refused, naming the field, before anything is
// written; every error message is valid UTF-8 (bytes of a quoted text that are not are shown as "\xHH") and
// shows no raw control character (printable_text).
// Well-formed means RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace penaltyflow {

/// The offset of the first byte of `s` that does not begin a well-formed UTF-8 character, or npos.
std::size_t first_invalid_utf8(std::string_view s) noexcept;
inline bool is_utf8(std::string_view s) noexcept { return first_invalid_utf8(s) == std::string_view::npos; }

/// `s` with every byte that is not part of well-formed UTF-8 written as the four characters "\xHH" (so that a
/// GBK file name stays recognisable); `s` itself when it is valid. For messages and for echoing names in JSON.
std::string printable_utf8(std::string_view s);

/// `s` as printable_utf8() writes it, and with every control character escaped: "\n", "\r", "\t", other C0
/// controls and DEL as "\xHH"; C1 controls, U+2028, U+2029 and the bidirectional controls (U+202A..U+202E,
/// U+2066..U+2069) as "\uHHHH". Every error message goes through it, so that text echoed from the input can
/// neither break a line of a log nor move or reorder what a terminal shows.
std::string printable_text(std::string_view s);

/// The longest prefix of `s` of at most `max_bytes` bytes that does not end inside a character: a message that
/// shortens a text never cuts a character in half.
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) noexcept;

}  // namespace penaltyflow
