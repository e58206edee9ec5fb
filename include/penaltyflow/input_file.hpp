// penaltyflow — reading the files a caller supplies (case histories, events, profiles, calendars, benchmarks,
// checkpoints), bounded in size: a FIFO that never ends or /dev/zero given as a file fails with an error naming
// it instead of reading forever.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

namespace penaltyflow {

/// The largest input file penaltyflow reads: 64 MiB. The largest case history of a year's sample is far below
/// 1 MiB; a multi-file import reads one file at a time.
inline constexpr std::size_t max_input_bytes = std::size_t{64} << 20;

/// The whole of the file at `path`. Throws io_error naming `what` and the path when it cannot be opened or read,
/// or when it holds more than max_input_bytes (only max_input_bytes + 1 bytes are ever read).
std::string read_input_file(const std::string& path, std::string_view what);

/// The whole of `in` (e.g. standard input), bounded the same way; `name` names it in errors ("<stdin>").
std::string read_input(std::istream& in, const std::string& name, std::string_view what);

}  // namespace penaltyflow
