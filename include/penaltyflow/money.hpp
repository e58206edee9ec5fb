// penaltyflow — money. Every amount is an integer number of fen (1 yuan = 100 fen), never a floating-point
// number, and lies in [0, max_amount_fen]; every sum of amounts is checked and never wraps.
#pragma once

#include <cstdint>
#include <string_view>

namespace penaltyflow {

/// The largest amount penaltyflow accepts in any one field (a fine, a confiscation, a payment, a surcharge, a
/// profile threshold, a benchmark band): 10^15 fen, ten trillion (十万亿) yuan. The largest fines imposed in China so
/// far (18.228 billion yuan, 1.8228 × 10^12 fen) pass with a margin of five hundred times; 9,223 amounts at the
/// maximum still add up within a signed 64-bit integer, and every sum is checked anyway (checked_add).
inline constexpr std::int64_t max_amount_fen = 1'000'000'000'000'000;

/// Throws invalid_argument_error naming `field` unless 0 <= fen <= max_amount_fen.
void check_amount(std::int64_t fen, std::string_view field);

/// a + b. Throws invalid_argument_error naming `what` when the sum does not fit in 64 bits: a total is reported
/// as an error, never wrapped to a negative number.
std::int64_t checked_add(std::int64_t a, std::int64_t b, std::string_view what);

}  // namespace penaltyflow
