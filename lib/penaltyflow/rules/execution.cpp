// Gates of execution and closing (执行、结案: 程序规定 第七十二条 to 第七十七条; 处罚法 第六十六条 to
// 第七十三条; 行政强制法 第四十五条, 第五十三条 to 第五十五条). execution.hpp computes the dates and amounts.
#include <penaltyflow/deadline.hpp>
#include <penaltyflow/execution.hpp>
#include <penaltyflow/money.hpp>

#include "penaltyflow/rules/gates.hpp"

namespace penaltyflow {

namespace gates {

namespace {

// The items a decision's money has (R-EXEC-ITEMS), for messages: "fine 500.00元 outstanding 499.99元; ...".
std::vector<fact> outstanding_items(const case_facts& f) {
  std::vector<fact> out;
  auto add = [&](execution_item i, const case_facts::money_item& m) {
    if (m.outstanding() > 0) out.push_back({"outstanding_" + std::string(to_string(i)), format_fen(m.outstanding())});
  };
  add(execution_item::fine, f.fine);
  add(execution_item::illegal_gains, f.illegal_gains);
  add(execution_item::surcharge, f.surcharge);
  if (f.illegal_property_fen > 0 && !f.goods_confiscated) out.push_back({"goods_confiscated", "-"});
  return out;
}

bool has_served_decision(const case_facts& f) { return f.payment_from.has_value() && f.decided_penalty.has_value(); }

}  // namespace

// R-EXEC-PAYMENT 处罚法 第六十七条; 程序规定 第七十二条: a payment names an item the decision has (or the
// surcharge imposed), and pays no more than is outstanding of it.
void gate_payment(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  const auto& e = in.ev;
  if (!has_served_decision(f)) {
    out.push_back(r.refuse("没有已送达的罚没款决定", "no served decision with an amount to pay", {{"served", iso(f.served)}}));
    return;
  }
  if (e.amount_fen <= 0) {
    out.push_back(r.refuse("缴款金额须大于零", "a payment must be more than zero", {{"amount_fen", std::to_string(e.amount_fen)}}));
    return;
  }
  if (e.item) {
    const auto& m = *e.item == execution_item::fine            ? f.fine
                    : *e.item == execution_item::illegal_gains ? f.illegal_gains
                                                               : f.surcharge;
    if (m.due_fen <= 0) {
      out.push_back(r.refuse("决定没有该缴款项目：" + std::string(to_string(*e.item)),
                             "the decision has no item " + std::string(to_string(*e.item)) + " to pay",
                             {{"item", std::string(to_string(*e.item))}}));
      return;
    }
  }
  const auto a = execution::allocate(f, e);
  if (a.rest > 0) {
    std::vector<fact> facts = {{"item", e.item ? std::string(to_string(*e.item)) : "-"}, {"amount", format_fen(e.amount_fen)},
                               {"excess", format_fen(a.rest)}};
    out.push_back(r.refuse("缴款超过该项目尚欠金额", "the payment is more than is outstanding of the item", std::move(facts)));
  }
}

// R-EXEC-ITEMS 程序规定 第七十七条第一款第一项: goods confiscated only under a decision that confiscates them;
// closing for 执行完毕 only when every item is executed (a court's 终结执行 is recorded as execution_completed).
void gate_items(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (in.ev.type == et::goods_confiscated) {
    if (!has_served_decision(f) || f.illegal_property_fen <= 0) {
      out.push_back(r.refuse("决定没有没收非法财物", "the decision confiscates no illegal property",
                             {{"illegal_property", format_fen(f.illegal_property_fen)}}));
    } else if (f.goods_confiscated) {
      out.push_back(r.refuse("非法财物已于" + to_iso(*f.goods_confiscated) + "没收", "the goods were already taken on " +
                                 to_iso(*f.goods_confiscated), {{"goods_confiscated", to_iso(*f.goods_confiscated)}}));
    }
    return;
  }
  // case_closed: a penalty decision is closed for 执行完毕 only when every item is executed.
  if (f.outcome != decision_outcome::penalty || !f.decided_penalty || f.executed) return;
  auto facts = outstanding_items(f);
  if (facts.empty()) return;
  out.push_back(r.refuse("处罚决定尚未执行完毕（罚款、没收违法所得、加处罚款缴清，非法财物没收），不得以执行完毕结案",
                         "the decision is not fully executed (fine, illegal gains and surcharge paid, goods taken): "
                         "the case cannot be closed as executed",
                         std::move(facts)));
}

// R-EXEC-SURCHARGE 程序规定 第七十五条; 处罚法 第七十二条第一款第一项, 第七十三条第三款; 行政强制法 第四十五条.
void gate_surcharge(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (!has_served_decision(f) || f.fine.due_fen <= 0) {
    out.push_back(r.refuse("没有已送达的罚款决定", "no served decision with a fine", {{"served", iso(f.served)}}));
    return;
  }
  if (!in.ev.rate_told) {
    out.push_back(r.refuse("加处罚款的标准应当告知当事人（行政强制法第四十五条）",
                           "the party must have been told the surcharge's rate (行政强制法 第四十五条)",
                           {{"rate_told", "false"}}));
  }
  const auto lim = execution::surcharge_as_of(f, in.ev.day(), in.periods, in.cal);
  const std::int64_t total = checked_add(f.surcharge.due_fen, in.ev.amount_fen, "surcharges requested");
  if (in.ev.amount_fen <= 0 || total > lim.maximum_fen) {
    const auto pe = execution::fine_next_due(f, in.periods, in.cal);
    out.push_back(r.refuse("加处罚款按罚款数额每日3%计算（每日数额舍去不足一分的部分），不得超过罚款数额；复议、诉讼期间及"
                           "批准延期、分期的期限届满前不计",
                           "the surcharge is 3% of the fine a day in default (rounded down to the fen), at most the fine, "
                           "not accruing during remedies or before a deferred date",
                           {{"payment_due", iso(pe)}, {"days_late", std::to_string(lim.days)},
                            {"daily", format_fen(lim.daily_fen)}, {"maximum", format_fen(lim.maximum_fen)},
                            {"requested_total", format_fen(total)}}));
  }
}

// R-EXEC-DEFER 程序规定 第七十四条; 处罚法 第六十六条第二款: a head approves; the approved dates and amounts
// cover what is outstanding of the fine, dates in order, none before the approval.
void gate_defer(const rule_definition& r, const gate_input& in, refusal_list& out) {
  require_head(r, in, out, "延期或者分期缴纳罚款", "deferring a fine or paying by instalments");
  const auto& f = in.facts;
  if (!has_served_decision(f) || f.fine.outstanding() <= 0) {
    out.push_back(r.refuse("只有尚未缴清的罚款可以延期或者分期缴纳", "only an outstanding fine can be deferred or paid by instalments",
                           {{"outstanding_fine", format_fen(f.fine.outstanding())}}));
    return;
  }
  const auto& ins = in.ev.instalments;
  if (ins.empty()) {
    out.push_back(r.refuse("须载明批准的延期或者分期缴纳的期限和金额", "the approved dates and amounts must be given",
                           {{"instalments", "0"}}));
    return;
  }
  std::int64_t sum = 0;
  bool bad = false;
  for (std::size_t i = 0; i < ins.size(); ++i) {
    if (ins[i].amount_fen <= 0 || ins[i].due < in.ev.day() || (i > 0 && ins[i].due <= ins[i - 1].due)) bad = true;
    sum = checked_add(sum, ins[i].amount_fen, "instalments");  // within 64 bits: check_money ran first
  }
  if (bad || sum != f.fine.outstanding()) {
    out.push_back(r.refuse("延期、分期的期限须在批准之日以后并依次排列，各期金额为正，合计等于尚欠罚款",
                           "the dates must be on or after the approval and in order, each amount positive, together the "
                           "outstanding fine",
                           {{"instalments_total", format_fen(sum)}, {"outstanding_fine", format_fen(f.fine.outstanding())}}));
  }
}

// R-EXEC-COURT 程序规定 第七十六条; 行政强制法 第五十三条 to 第五十五条; 行诉解释 第一百五十六条.
void gate_court(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  const counting_options opt{roll_reading::rest_days, coverage_policy::provisional_ok};
  if (in.ev.type == et::reminder_served) {
    if (!has_served_decision(f)) {
      out.push_back(r.refuse("决定书尚未送达", "the decision has not been served", {{"served", "-"}}));
      return;
    }
    // 行政强制法 第五十四条; 程序规定 第七十六条: a reminder only once a due date has passed unpaid.
    const date day = in.ev.day();
    if (!execution::fine_in_default(f, day, in.periods, in.cal) && !execution::gains_in_default(f, day, in.periods, in.cal) &&
        f.surcharge.outstanding() <= 0) {
      const auto due = execution::fine_next_due(f, in.periods, in.cal);
      out.push_back(r.refuse("履行期限届满仍未履行的，方可催告；" + to_iso(day) + "没有逾期未缴的款项",
                             "a reminder may be served only after a due date has passed unpaid; nothing is overdue on " +
                                 to_iso(day),
                             {{"fine_due", iso(due)}, {"payment_period_ends", iso(execution::payment_period_end(f, in.periods, in.cal))}}));
    }
    return;
  }
  if (!f.reminder_served) {
    out.push_back(r.refuse("申请法院强制执行前须催告", "a reminder (催告书) must precede the court application",
                           {{"reminder_served", "-"}}));
    return;
  }
  const date reminder_end = compute_due_date(in.periods.at("enforcement-reminder"), *f.reminder_served, in.cal, {}, {}, opt).due;
  if (in.ev.day() <= reminder_end) {
    out.push_back(r.refuse("收到催告书十个工作日后仍不履行的，方可申请法院强制执行",
                           "the court may be applied to only after the reminder's 10 working days",
                           {{"reminder_served", iso(f.reminder_served)}, {"reminder_period_ends", to_iso(reminder_end)}}));
  }
  if (f.remedy_pending()) {
    out.push_back(r.refuse("复议或者诉讼尚未终结", "a reconsideration or lawsuit is pending", {{"remedy", std::string(f.remedy)}}));
  }
  if (const auto w = execution::court_window_of(f, in.periods, in.cal); w && !f.remedy_pending()) {
    if (in.ev.day() <= w->time_to_sue_ends) {
      out.push_back(r.refuse("起诉期限届满前不得申请法院强制执行", "the time to sue has not run",
                             {{"time_to_sue_ends", to_iso(w->time_to_sue_ends)}}));
    } else if (in.ev.day() > w->ends) {
      out.push_back(r.refuse("应在期限届满之日起三个月内申请，已逾期", "the three-month window for the application has closed",
                             {{"window_starts", to_iso(w->starts)}, {"window_ends", to_iso(w->ends)}}));
    }
  }
  require_head(r, in, out, "强制执行申请书", "the enforcement application");
}

// R-CLOSE 程序规定 第七十七条: 结案审批表 approved by a head.
void gate_close(const rule_definition& r, const gate_input& in, refusal_list& out) {
  require_head(r, in, out, "结案", "closing the case");
}

}  // namespace gates

}  // namespace penaltyflow
