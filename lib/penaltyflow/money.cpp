#include <penaltyflow/error.hpp>
#include <penaltyflow/money.hpp>

#include <string>

namespace penaltyflow {

void check_amount(std::int64_t fen, std::string_view field) {
  if (fen >= 0 && fen <= max_amount_fen) return;
  throw invalid_argument_error(std::string(field) + ": " + std::to_string(fen) +
                               " fen is outside the amounts penaltyflow accepts, 0 to 10^15 fen (max_amount_fen, "
                               "ten trillion yuan) / 金额超出允许范围 (0 至 10^15 分)");
}

std::int64_t checked_add(std::int64_t a, std::int64_t b, std::string_view what) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum))
    throw invalid_argument_error(std::string(what) + ": " + std::to_string(a) + " + " + std::to_string(b) +
                                 " fen does not fit in a 64-bit total / 金额合计溢出");
  return sum;
}

}  // namespace penaltyflow
