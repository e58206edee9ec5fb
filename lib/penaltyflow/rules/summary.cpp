// Gates of the summary procedure (简易程序、当场收缴: 处罚法 第五十一条, 第五十二条, 第六十八条 to 第七十一条;
// 程序规定 第六十六条 to 第七十条), and its money limits, which the law itself sets.

#include "penaltyflow/rules/gates.hpp"

namespace penaltyflow {

namespace rules {

// R-SUMMARY-THRESHOLD 处罚法 第五十一条; 程序规定 第六十六条: "二百元以下" / "三千元以下" include the amount
// (程序规定 第八十四条). These are [V] amounts of the law itself, not profile values.
constexpr std::int64_t summary_limit_natural_fen = 200 * 100;
constexpr std::int64_t summary_limit_organisation_fen = 3000 * 100;
// R-SUMMARY-ONSPOT-COLLECTION 处罚法 第六十八条第一项: "依法给予一百元以下罚款的" may be collected on the spot.
constexpr std::int64_t onspot_cash_limit_fen = 100 * 100;

bool within_summary_limits(const penalty& p, party_kind party) {
  constexpr std::uint16_t allowed = (1U << static_cast<unsigned>(penalty_kind::warning)) |
                                    (1U << static_cast<unsigned>(penalty_kind::fine));
  if (p.kinds == 0 || (p.kinds & ~allowed) != 0 || p.confiscation_fen() != 0) return false;
  const std::int64_t limit =
      party == party_kind::natural_person ? summary_limit_natural_fen : summary_limit_organisation_fen;
  return p.fine_fen <= limit && (p.fine_fen > 0 || !p.has(penalty_kind::fine));
}

}  // namespace rules

namespace gates {

// R-SUMMARY-THRESHOLD 处罚法 第五十一条; 程序规定 第六十六条.
void gate_summary(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (!in.ev.party || !in.ev.proposed) {
    out.push_back(r.refuse("当场处罚须载明当事人类型和处罚", "an on-the-spot penalty needs the party kind and the penalty",
                           {{"party", in.ev.party ? std::string(to_string(*in.ev.party)) : "-"}}));
    return;
  }
  if (!rules::within_summary_limits(*in.ev.proposed, *in.ev.party)) {
    const bool natural = *in.ev.party == party_kind::natural_person;
    out.push_back(r.refuse(std::string("简易程序仅适用于警告或者对") + (natural ? "自然人二百元" : "法人或者其他组织三千元") +
                               "以下罚款",
                           std::string("the summary procedure is only for a warning or a fine up to ") +
                               (natural ? "200 yuan (natural person)" : "3,000 yuan (organisation)"),
                           {{"fine", format_fen(in.ev.proposed->fine_fen)},
                            {"confiscation", format_fen(in.ev.proposed->confiscation_fen())},
                            {"kinds", std::to_string(in.ev.proposed->kinds)},
                            {"party", std::string(to_string(*in.ev.party))}}));
  }
}

// R-SUMMARY-NOTICE 处罚法 第四十四条, 第六十二条; 程序规定 第六十九条: before deciding on the spot the officers tell
// the party the intended penalty, its facts, reasons and basis and the right to state and defend, and record what
// the party says (or that it said nothing). No penalty without it (第六十二条). The hearing right does not apply: a
// summary penalty is never in the hearing scope (处罚法 第五十一条, 第六十三条).
void gate_summary_notice(const rule_definition& r, const gate_input& in, refusal_list& out) {
  static const char* names[] = {"penalty", "facts", "reasons", "basis", "rights", "statements"};
  std::vector<fact> missing;
  for (unsigned i = 0; i < 6; ++i) {
    if (!(in.ev.items & (1U << i))) missing.push_back({"missing_item", names[i]});
  }
  if (missing.empty()) return;
  out.push_back(r.refuse("当场作出行政处罚决定前，应当告知当事人拟作出的行政处罚内容及事实、理由、依据和陈述、申辩的权利，"
                         "并记录当事人的陈述和申辩；未告知或者未记录的，不得作出行政处罚决定",
                         "before an on-the-spot decision the party must be told the intended penalty, its facts, reasons "
                         "and basis and the right to state and defend, and what it says must be recorded; without that no "
                         "penalty may be imposed",
                         std::move(missing)));
}

// R-SUMMARY-DOCUMENT 处罚法 第五十二条第三款; 程序规定 第七十条: 备案 before the file is handed in.
void gate_summary_document(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (!in.facts.summary_filed) {
    out.push_back(r.refuse("当场处罚决定书须报所属行政机关备案", "the on-the-spot decision must first be filed with the agency",
                           {{"summary_filed", "-"}}));
  }
}

// R-SUMMARY-ONSPOT-COLLECTION 处罚法 第六十八条, 第六十九条, 第七十一条: what is collected is handed in to the agency,
// and what the agency received is paid into the designated bank, never more than was collected.
void gate_cash(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (in.ev.type == et::cash_handed_in) {
    if (!f.cash_collected) out.push_back(r.refuse("没有当场收缴的罚款", "no cash was collected", {{"cash_collected", "-"}}));
    return;
  }
  if (in.ev.type == et::cash_deposited) {
    if (!f.cash_handed_in) {
      out.push_back(r.refuse("当场收缴的罚款尚未交至行政机关", "no collected cash has been handed in to the agency",
                             {{"cash_handed_in", "-"}}));
    } else if (in.ev.amount_fen != 0 && in.ev.amount_fen != f.cash_fen) {
      out.push_back(r.refuse("缴付银行的金额须与当场收缴的罚款相同", "the amount paid into the bank must be the cash collected",
                             {{"amount", format_fen(in.ev.amount_fen)}, {"collected", format_fen(f.cash_fen)}}));
    }
    return;
  }
  const std::int64_t fine = f.decided_penalty ? f.decided_penalty->fine_fen : 0;
  if (in.ev.amount_fen <= 0 || in.ev.amount_fen > f.fine.outstanding()) {
    out.push_back(r.refuse("当场收缴金额须为正数且不超过尚欠罚款", "the cash collected must be positive and at most the fine outstanding",
                           {{"amount", format_fen(in.ev.amount_fen)}, {"fine", format_fen(fine)},
                            {"outstanding", format_fen(f.fine.outstanding())}}));
  }
  if (fine > rules::onspot_cash_limit_fen && in.ev.ground.empty()) {
    out.push_back(r.refuse("罚款超过一百元，当场收缴须载明事后难以执行或者边远地区等理由",
                           "a fine above 100 yuan may be collected on the spot only on a stated ground (处罚法 第六十八条第二项, 第六十九条)",
                           {{"fine", format_fen(fine)}, {"ground", ""}}));
  }
}

}  // namespace gates

}  // namespace penaltyflow
