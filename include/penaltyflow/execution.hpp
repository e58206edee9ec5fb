// penaltyflow — executing a decision to the last fen: the items of its money, their due dates, the
// surcharge (加处罚款) and the window for applying to the court.
//
// A decision's money is split into items (R-EXEC-ITEMS): the fine (罚款) and the illegal gains (没收违法所得)
// are amounts the party pays within 15 days of receiving the decision (R-EXEC-PAYMENT 处罚法 第六十七条第三款;
// 程序规定 第七十二条; on-the-spot decisions too, 处罚法 第五十三条); the illegal property (没收非法财物) is goods
// taken, an event with no payment clock. Only the fine may be deferred or paid by instalments (R-EXEC-DEFER) and
// only the fine carries a surcharge (R-EXEC-SURCHARGE). Everything here is a pure function of the case facts and
// the day asked about: nothing reads the clock. Money is integer fen; sums are checked (money.hpp).
#pragma once

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/case.hpp>
#include <penaltyflow/period.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace penaltyflow::execution {

/// What a payment pays of each item, indexed by execution_item: its named item, or (an event without an item,
/// as histories before format version 3 wrote them) the fine, then the surcharge, then the illegal gains, each
/// up to what is outstanding [M]. The parts never exceed what is outstanding; `rest` is what is left over.
struct allocation {
  std::array<std::int64_t, 3> part{};
  std::int64_t rest = 0;
};
allocation allocate(const case_facts& f, const event& payment) noexcept;

/// One item of a decision's money or goods as it stands (R-EXEC-ITEMS): the fine, the illegal gains and an
/// imposed surcharge with what is due, paid and outstanding; the illegal property (没收非法财物) with its value
/// and the day the goods were taken. What `replay`, `show` and `due` print (workflow_json.hpp writes it).
struct item_state {
  std::string item;                 ///< to_string(execution_item), or "illegal_property" for the goods
  std::int64_t due_fen = 0;         ///< money items
  std::int64_t paid_fen = 0;
  std::int64_t outstanding_fen = 0;
  std::int64_t value_fen = 0;       ///< the goods' value (illegal_property only)
  std::optional<date> taken;        ///< the goods were taken (illegal_property only)
  bool goods() const noexcept { return item == "illegal_property"; }
};
/// The items of the case's decision, in execution_item order then the goods; only those with an amount (empty
/// before a decision with money).
std::vector<item_state> items_of(const case_facts& f);

/// Whether every item of the decision is executed: nothing outstanding and the goods taken (程序规定
/// 第七十七条第一款第一项).
bool all_executed(const case_facts& f) noexcept;
/// Whether every item would be executed once the payment or goods_confiscated event `e` is applied.
bool completes(const case_facts& f, const event& e) noexcept;

/// The last day of the 15-day payment period (R-EXEC-PAYMENT), or nullopt before service.
std::optional<date> payment_period_end(const case_facts& f, const period_catalogue& periods, const calendar& cal);

/// The fine due by the end of each day's schedule as it stands on `day`: the payment period's end before an
/// approved deferral, the approved instalments from the day of approval on (R-EXEC-DEFER 程序规定 第七十四条).
/// Returns the amount of the fine due on or before `day - 1` (what must have been paid by the end of the day
/// before): a day is in default when less than that was paid by its end.
std::int64_t fine_due_before(const case_facts& f, date day, const period_catalogue& periods, const calendar& cal);
/// The fine paid on or before `day`.
std::int64_t fine_paid_by(const case_facts& f, date day);
/// Whether the fine is in default on `day` (a due date has passed and less than was due has been paid).
bool fine_in_default(const case_facts& f, date day, const period_catalogue& periods, const calendar& cal);
/// Whether the illegal gains are in default on `day`.
bool gains_in_default(const case_facts& f, date day, const period_catalogue& periods, const calendar& cal);
/// The day the fine's current schedule ends: the last instalment, or the payment period's end.
std::optional<date> fine_schedule_end(const case_facts& f, const period_catalogue& periods, const calendar& cal);
/// The date by which the fine's first unpaid part is due (an instalment, or the payment period's end); nullopt
/// when nothing of the fine is outstanding.
std::optional<date> fine_next_due(const case_facts& f, const period_catalogue& periods, const calendar& cal);

/// The surcharge as of `day` (R-EXEC-SURCHARGE 程序规定 第七十五条; 处罚法 第七十二条第一款第一项): 3 % of the
/// fine a day in default, the daily amount rounded down to the fen [M], not accruing while a reconsideration
/// or lawsuit runs (处罚法 第七十三条第三款) nor before a deferred date, at most the fine (行政强制法 第四十五条).
struct surcharge_limit {
  std::int64_t daily_fen = 0;   ///< 3 % of the fine, rounded down to the fen
  std::int64_t days = 0;        ///< days in default that accrue
  std::int64_t maximum_fen = 0; ///< min(fine, daily × days)
};
surcharge_limit surcharge_as_of(const case_facts& f, date day, const period_catalogue& periods, const calendar& cal);

/// The window for applying to the court (R-EXEC-COURT): not before the time to sue has run (行政强制法
/// 第五十三条: six months from service, 行政诉讼法 第四十六条; 15 days from a reconsideration decision,
/// 第四十五条); within three months from the later of that day and the end of an approved deferral (行诉解释
/// 第一百五十六条; 处罚法 第七十二条第二款; 程序规定 第七十六条第二款). nullopt while a lawsuit is or was filed
/// (the judgment decides) or before service.
struct court_window {
  date time_to_sue_ends;  ///< the application may be made from the next day
  date starts;            ///< the three months run from here
  date ends;              ///< last day of the window
};
std::optional<court_window> court_window_of(const case_facts& f, const period_catalogue& periods, const calendar& cal);

}  // namespace penaltyflow::execution
