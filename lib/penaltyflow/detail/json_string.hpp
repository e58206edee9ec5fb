// Private: the one JSON string escaper of the library (defined in history.cpp beside the event writer that
// uses it most). Everything that writes JSON text by hand — the event columns, the sample year's manifest —
// escapes strings with it, so all of them escape alike, as nlohmann's dump() does.
#pragma once

#include <string>
#include <string_view>

namespace penaltyflow::detail {

/// Appends `s` as a JSON string exactly as nlohmann's dump() writes it (ensure_ascii off); throws
/// nlohmann's type_error 316 for invalid UTF-8, as dump() does.
void append_json_string(std::string& out, std::string_view s);

}  // namespace penaltyflow::detail
