// Executing a decision to the last fen (execution.hpp). Period numbers are never written here: every date
// comes from a period of the catalogue (period.cpp).
#include <penaltyflow/execution.hpp>

#include <penaltyflow/deadline.hpp>
#include <penaltyflow/money.hpp>

#include <algorithm>

namespace penaltyflow::execution {
namespace {

counting_options counting() { return {roll_reading::rest_days, coverage_policy::provisional_ok}; }

std::size_t index(execution_item i) { return static_cast<std::size_t>(i); }

const case_facts::money_item& item_of(const case_facts& f, execution_item i) {
  switch (i) {
    case execution_item::fine: return f.fine;
    case execution_item::illegal_gains: return f.illegal_gains;
    case execution_item::surcharge: return f.surcharge;
  }
  return f.fine;
}

bool in_remedy(const case_facts& f, date d) {
  // 处罚法 第七十三条第三款: no surcharge accrues while a reconsideration or lawsuit runs.
  for (const auto& p : f.remedy_pauses) {
    if (p.from <= d && d <= p.to) return true;
  }
  if (f.remedy_pending()) {
    const auto since = f.remedy == "litigation" ? f.lawsuit_filed : f.reconsideration_applied;
    if (since && *since <= d) return true;
  }
  return false;
}

}  // namespace

allocation allocate(const case_facts& f, const event& payment) noexcept {
  allocation out;
  std::int64_t left = payment.amount_fen;
  auto take = [&](execution_item i) {
    const std::int64_t n = std::max<std::int64_t>(0, std::min(left, item_of(f, i).outstanding()));
    out.part[index(i)] += n;
    left -= n;
  };
  if (payment.item) {
    take(*payment.item);
  } else {
    take(execution_item::fine);
    take(execution_item::surcharge);
    take(execution_item::illegal_gains);
  }
  out.rest = left;
  return out;
}

bool all_executed(const case_facts& f) noexcept {
  return f.fine.outstanding() <= 0 && f.illegal_gains.outstanding() <= 0 && f.surcharge.outstanding() <= 0 &&
         (f.illegal_property_fen == 0 || f.goods_confiscated.has_value());
}

bool completes(const case_facts& f, const event& e) noexcept {
  if (e.type == event_type::goods_confiscated) {
    return f.fine.outstanding() <= 0 && f.illegal_gains.outstanding() <= 0 && f.surcharge.outstanding() <= 0;
  }
  if (e.type != event_type::payment_received && e.type != event_type::cash_collected) return all_executed(f);
  event p = e;
  if (e.type == event_type::cash_collected) p.item = execution_item::fine;
  const allocation a = allocate(f, p);
  return f.fine.outstanding() - a.part[0] <= 0 && f.illegal_gains.outstanding() - a.part[1] <= 0 &&
         f.surcharge.outstanding() - a.part[2] <= 0 && (f.illegal_property_fen == 0 || f.goods_confiscated.has_value());
}

std::optional<date> payment_period_end(const case_facts& f, const period_catalogue& periods, const calendar& cal) {
  if (!f.payment_from) return std::nullopt;
  return compute_due_date(periods.at("payment"), *f.payment_from, cal, {}, {}, counting()).due;
}

namespace {

// The fine due before `day`, the payment period's end being `period_end`.
std::int64_t due_before(const case_facts& f, date day, const std::optional<date>& period_end) {
  if (f.fine.due_fen <= 0 || !period_end) return 0;
  if (f.deferral_approved && *f.deferral_approved <= day && !f.instalments.empty()) {
    std::int64_t due = 0;
    for (const auto& i : f.instalments) {
      if (i.due < day) due = checked_add(due, i.amount_fen, "instalments");  // bounded: check_money ran
    }
    return std::min(due, f.fine.due_fen);
  }
  return *period_end < day ? f.fine.due_fen : 0;
}

}  // namespace

std::int64_t fine_due_before(const case_facts& f, date day, const period_catalogue& periods, const calendar& cal) {
  return due_before(f, day, payment_period_end(f, periods, cal));
}

std::int64_t fine_paid_by(const case_facts& f, date day) {
  std::int64_t paid = 0;
  for (const auto& [d, amount] : f.fine_payments) {
    if (d <= day) paid = checked_add(paid, amount, "fine paid");
  }
  return paid;
}

bool fine_in_default(const case_facts& f, date day, const period_catalogue& periods, const calendar& cal) {
  return fine_paid_by(f, day) < fine_due_before(f, day, periods, cal);
}

bool gains_in_default(const case_facts& f, date day, const period_catalogue& periods, const calendar& cal) {
  if (f.illegal_gains.outstanding() <= 0) return false;
  const auto end = payment_period_end(f, periods, cal);
  return end && *end < day;
}

std::optional<date> fine_schedule_end(const case_facts& f, const period_catalogue& periods, const calendar& cal) {
  if (f.deferral_approved && !f.instalments.empty()) return f.instalments.back().due;
  return payment_period_end(f, periods, cal);
}

std::optional<date> fine_next_due(const case_facts& f, const period_catalogue& periods, const calendar& cal) {
  if (f.fine.outstanding() <= 0) return std::nullopt;
  if (f.deferral_approved && !f.instalments.empty()) {
    std::int64_t due = 0;
    const std::int64_t paid = f.fine.paid_fen;
    for (const auto& i : f.instalments) {
      due = checked_add(due, i.amount_fen, "instalments");
      if (due > paid) return i.due;  // the first instalment not yet covered (possibly already past)
    }
    return f.instalments.back().due;
  }
  return payment_period_end(f, periods, cal);
}

surcharge_limit surcharge_as_of(const case_facts& f, date day, const period_catalogue& periods, const calendar& cal) {
  surcharge_limit out;
  const std::int64_t fine = f.fine.due_fen;
  if (fine <= 0 || !f.payment_from) return out;
  // 程序规定 第七十五条: 3 % of the fine a day; the daily amount is rounded down to the fen [M] (no rule sets
  // a rounding). Computed without overflow for any fine.
  out.daily_fen = fine / 100 * 3 + fine % 100 * 3 / 100;
  const auto period_end = payment_period_end(f, periods, cal);
  if (!period_end) return out;
  date from = *period_end + boost::gregorian::days(1);
  if (f.deferral_approved && !f.instalments.empty()) from = std::min(from, f.instalments.front().due + boost::gregorian::days(1));
  for (date d = from; d <= day; d += boost::gregorian::days(1)) {
    const std::int64_t paid = fine_paid_by(f, d);
    if (paid >= fine) break;  // paid in full: nothing accrues from here on
    if (paid >= due_before(f, d, period_end) || in_remedy(f, d)) continue;
    ++out.days;
    std::int64_t accrued = 0;
    if (out.daily_fen == 0 || __builtin_mul_overflow(out.days, out.daily_fen, &accrued) || accrued >= fine) break;
  }
  std::int64_t accrued = 0;
  out.maximum_fen = __builtin_mul_overflow(out.days, out.daily_fen, &accrued) ? fine : std::min(fine, accrued);
  return out;
}

std::optional<court_window> court_window_of(const case_facts& f, const period_catalogue& periods, const calendar& cal) {
  if (!f.payment_from || f.lawsuit_filed) return std::nullopt;
  court_window w;
  if (f.reconsideration_decided) {
    // 行政诉讼法 第四十五条: 15 days from receiving the reconsideration decision.
    w.time_to_sue_ends =
        compute_due_date(periods.at("litigation-after-reconsideration"), *f.reconsideration_decided, cal, {}, {}, counting())
            .due;
  } else {
    // 行政诉讼法 第四十六条: six months from knowing of the decision (its service).
    w.time_to_sue_ends = compute_due_date(periods.at("litigation-direct"), *f.payment_from, cal, {}, {}, counting()).due;
  }
  w.starts = w.time_to_sue_ends;
  // 处罚法 第七十二条第二款; 程序规定 第七十六条第二款: after an approved deferral the window runs from its end.
  // The later of the two [M]: 行政强制法 第五十三条 still bars an application before the time to sue has run.
  if (f.deferral_approved && !f.instalments.empty()) w.starts = std::max(w.starts, f.instalments.back().due);
  w.ends = compute_due_date(periods.at("court-enforcement-application"), w.starts, cal, {}, {}, counting()).due;
  return w;
}

std::vector<item_state> items_of(const case_facts& f) {
  std::vector<item_state> out;
  for (auto i : {execution_item::fine, execution_item::illegal_gains, execution_item::surcharge}) {
    const auto& m = item_of(f, i);
    if (m.due_fen > 0) out.push_back({std::string(to_string(i)), m.due_fen, m.paid_fen, m.outstanding(), 0, {}});
  }
  if (f.illegal_property_fen > 0) out.push_back({"illegal_property", 0, 0, 0, f.illegal_property_fen, f.goods_confiscated});
  return out;
}

}  // namespace penaltyflow::execution
