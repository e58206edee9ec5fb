// Gates of the decision (处理决定: 程序规定 第五十九条 to 第六十四条; 处罚法 第三十条 to 第三十三条, 第五十七条,
// 第五十九条): collective discussion, the decision period, the kinds of decision, the document, no-penalty
// grounds and the refund order.

#include "penaltyflow/rules/gates.hpp"

namespace penaltyflow {

namespace rules {

bool decision_period_running(const case_facts& f) {
  return f.filed && !f.decided && !f.closing_trigger && !f.criminal_approved_at;
}

}  // namespace rules

namespace gates {

// R-COLLECTIVE-DISCUSSION 处罚法 第五十七条第二款; 程序规定 第六十条第二款.
void gate_collective(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (in.ev.outcome != decision_outcome::penalty) return;
  if (!rules::needs_legal_review(f, in.prof, in.ev.proposed ? &*in.ev.proposed : nullptr)) return;
  // The discussion must follow the last review and hearing.
  const date after = std::max(f.review_passed.value_or(date(boost::gregorian::min_date_time)),
                              f.hearing_held.value_or(date(boost::gregorian::min_date_time)));
  if (!f.decision_discussed || *f.decision_discussed < after) {
    out.push_back(r.refuse("情节复杂或者重大违法行为给予行政处罚，应当由负责人集体讨论决定",
                           "a penalty in a complex or major case must be decided by the heads' collective discussion",
                           {{"collective_discussion", iso(f.decision_discussed)}, {"must_follow", to_iso(after)}}));
  }
}

// R-COLLECTIVE-QUORUM [M]: profile value collective_discussion_min_heads.
void gate_quorum(const rule_definition& r, const gate_input& in, refusal_list& out) {
  int heads = 0;
  const auto& all = in.ev.actors;
  for (auto it = all.begin(); it != all.end(); ++it) {
    const bool seen = std::any_of(all.begin(), it, [&](const actor& o) { return is_head(o) && o.id == it->id; });
    if (is_head(*it) && !seen) ++heads;
  }
  if (heads < in.prof.collective_discussion_min_heads) {
    out.push_back(r.refuse("集体讨论出席负责人不足" + std::to_string(in.prof.collective_discussion_min_heads) + "人",
                           "fewer than " + std::to_string(in.prof.collective_discussion_min_heads) +
                               " heads took part in the collective discussion",
                           {{"heads", std::to_string(heads)},
                            {"profile", in.prof.id + ".collective_discussion_min_heads"}}));
  }
  if (in.ev.subject != "decision" && in.ev.subject != "extension") {
    out.push_back(r.refuse("集体讨论须载明议题（decision 或 extension）",
                           "a collective discussion must state its subject (decision or extension)",
                           {{"subject", in.ev.subject}}));
  }
}

// R-DECISION-DEADLINE 程序规定 第六十四条第一款: +30 days by a head once; further only by 集体讨论 with a
// stated period.
void gate_decision_extension(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  const auto& p = in.periods.at("decision");
  if (!f.filed || f.decided) {
    out.push_back(r.refuse("只有已立案未决定的案件可以延长办案期限", "only a filed, undecided case can be extended",
                           {{"filed", iso(f.filed)}, {"decided", iso(f.decided)}}));
    return;
  }
  if (in.ev.extension <= 0) {
    out.push_back(r.refuse("延长须确定期限", "an extension must state its length", {{"extension", std::to_string(in.ev.extension)}}));
  }
  const bool first = f.decision_extensions.empty();
  const approver by = in.ev.approved_by.value_or(approver::head);
  if (first && by != approver::head) {
    // "经延期仍不能作出处理决定的": the collective discussion decides only after the head's extension.
    out.push_back(r.refuse("首次延长由负责人批准（不超过" + std::to_string(p.extension_cap) + "日），集体讨论只决定继续延期",
                           "the first extension is a head's (at most " + std::to_string(p.extension_cap) +
                               " days); a collective discussion decides only further extensions",
                           {{"previous_extensions", "0"}, {"approved_by", std::string(to_string(by))}}));
    return;
  }
  if (first) {
    if (in.ev.extension > p.extension_cap) {
      out.push_back(r.refuse("负责人批准延长不得超过" + std::to_string(p.extension_cap) + "日",
                             "a head may extend by at most " + std::to_string(p.extension_cap) + " days",
                             {{"extension", std::to_string(in.ev.extension)}}));
    }
    require_head(r, in, out, "延长办案期限", "extending the decision period");
    return;
  }
  if (by != approver::collective_discussion) {
    out.push_back(r.refuse("经延期仍不能作出决定的，应由负责人集体讨论决定是否继续延期",
                           "a further extension needs the heads' collective discussion",
                           {{"previous_extensions", std::to_string(f.decision_extensions.size())},
                            {"approved_by", std::string(to_string(by))}}));
  } else if (!f.extension_discussed || *f.extension_discussed > in.ev.day()) {
    out.push_back(r.refuse("没有关于继续延期的集体讨论记录", "no collective discussion of the extension is recorded",
                           {{"collective_discussion", iso(f.extension_discussed)}}));
  }
}

// R-DECISION-TYPES 程序规定 第六十条第一款; 处罚法 第五十七条第一款: the head decides one of five outcomes.
void gate_decision_types(const rule_definition& r, const gate_input& in, refusal_list& out) {
  require_head(r, in, out, "处理决定", "the decision");
  if (!in.ev.outcome) {
    out.push_back(r.refuse("处理决定须载明种类（第六十条第一款第一项至第五项）",
                           "the decision must state its outcome (程序规定 第六十条第一款 (一)-(五))", {{"outcome", "-"}}));
  }
}

// R-DECISION-DOCUMENT 程序规定 第六十二条: seven items and the seal.
void gate_document(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.outcome != decision_outcome::penalty) return;
  static const char* names[] = {"party", "facts", "statements", "penalty_basis",
                                "performance", "remedies", "authority_date", "seal"};
  std::vector<fact> missing;
  for (unsigned i = 0; i < 8; ++i) {
    if (!(in.ev.items & (1U << i))) missing.push_back({"missing_item", names[i]});
  }
  if (!in.ev.proposed) missing.push_back({"missing_item", "penalty"});
  if (!missing.empty()) {
    out.push_back(r.refuse("行政处罚决定书缺少法定内容", "the decision document lacks required items", std::move(missing)));
  }
}

namespace {

// The grounds on which the law says no penalty is given (不予行政处罚): 处罚法 第三十条 (under fourteen), 第三十一条
// (incapacity), 第三十三条第一款 first sentence (minor, corrected, no harm) and 第三十三条第二款 (no fault).
bool mandatory_exemption(std::uint8_t facts) {
  namespace x = exemption_fact;
  return (facts & x::minor_ground) == x::minor_ground || (facts & x::no_fault) || (facts & x::under_fourteen) ||
         (facts & x::incapacity);
}

std::string exemption_names(std::uint8_t facts) {
  static const char* names[] = {"minor_violation", "corrected", "no_harm", "first_violation",
                                "minor_harm", "no_fault", "under_fourteen", "incapacity"};
  std::string s;
  for (unsigned i = 0; i < 8; ++i) {
    if (facts & (1U << i)) s += std::string(s.empty() ? "" : ",") + names[i];
  }
  return s.empty() ? "-" : s;
}

}  // namespace

// R-NO-PENALTY 处罚法 第三十条, 第三十一条, 第三十三条: a decision that imposes a penalty may not rest on a no-penalty
// ground — neither claim 首违不罚 or another exemption (`discretion` first_violation / exempt) nor record the facts
// of a ground on which the law says no penalty is given. 首违不罚 itself ("可以不予") needs all three of its facts
// recorded: first violation, 危害后果轻微, 及时改正.
void gate_exemption_facts(const rule_definition& r, const gate_input& in, refusal_list& out) {
  namespace x = exemption_fact;
  const auto& e = in.ev;
  const bool penalising = e.type == et::summary_decision || e.outcome == decision_outcome::penalty;
  const std::string applied = e.applied ? std::string(to_string(*e.applied)) : "-";
  if (penalising) {
    if (e.applied == discretion::first_violation || e.applied == discretion::exempt) {
      out.push_back(r.refuse("决定给予行政处罚，却适用首违不罚或者其他不予处罚的情形，二者不能并存",
                             "a decision imposing a penalty cannot rest on 首违不罚 or another no-penalty ground",
                             {{"discretion", applied}, {"event", std::string(to_string(e.type))}}));
    } else if (mandatory_exemption(e.exemption_facts)) {
      out.push_back(r.refuse("记录的事实构成依法不予行政处罚的情形（处罚法 第三十条、第三十一条、第三十三条），不得给予行政处罚",
                             "the recorded facts make a ground on which the law gives no penalty (处罚法 第三十条, "
                             "第三十一条, 第三十三条): no penalty may be imposed",
                             {{"exemption_facts", exemption_names(e.exemption_facts)}}));
    }
    return;
  }
  if (e.outcome != decision_outcome::no_penalty) return;
  if (e.applied == discretion::first_violation &&
      (e.exemption_facts & x::first_violation_ground) != x::first_violation_ground) {
    out.push_back(r.refuse("首违不罚须记录初次违法、危害后果轻微并及时改正三项事实（处罚法 第三十三条第一款）",
                           "首违不罚 needs all three facts recorded: first violation, minor harm and timely correction "
                           "(处罚法 第三十三条第一款)",
                           {{"exemption_facts", exemption_names(e.exemption_facts)},
                            {"missing", exemption_names(static_cast<std::uint8_t>(x::first_violation_ground &
                                                                                  ~e.exemption_facts))}}));
  }
  if (e.applied == discretion::exempt && !mandatory_exemption(e.exemption_facts)) {
    out.push_back(r.refuse("不予处罚须记录构成法定情形的全部事实（处罚法 第三十条、第三十一条、第三十三条）",
                           "an exemption needs every fact of a ground the law names recorded (处罚法 第三十条, 第三十一条, "
                           "第三十三条)",
                           {{"exemption_facts", exemption_names(e.exemption_facts)}}));
  }
}

// R-NO-PENALTY 处罚法 第三十条, 第三十一条, 第三十三条; 程序规定 第二十条, 第六十条第一款第二项, 第六十一条.
void gate_no_penalty(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.type == et::decision || in.ev.type == et::summary_decision) {
    if (in.ev.outcome == decision_outcome::no_penalty && in.ev.ground.empty()) {
      out.push_back(r.refuse("不予行政处罚须载明依据（如初次违法且危害后果轻微并及时改正）",
                             "a no-penalty decision must state its ground (e.g. first violation, minor harm, corrected)",
                             {{"ground", ""}}));
    }
    gate_exemption_facts(r, in, out);
    return;
  }
  if (in.ev.type == et::education_given && in.facts.outcome != decision_outcome::no_penalty) {
    out.push_back(r.refuse("只有不予行政处罚的决定之后才记录教育", "education is recorded after a no-penalty decision",
                           {{"outcome", in.facts.outcome ? std::string(to_string(*in.facts.outcome)) : "-"}}));
  }
  if (in.ev.type == et::case_closed && in.facts.outcome == decision_outcome::no_penalty && !in.facts.education) {
    out.push_back(r.refuse("不予行政处罚的，应当对当事人进行教育", "a no-penalty case must educate the party before closing",
                           {{"education", "-"}}));
  }
}

// R-REFUND-ORDER 程序规定 第五十九条: where the law requires a refund of overcharged prices (退还多收价款), the
// 责令退款通知书 is issued after the party has been heard and before the decision; its period is excluded from
// the decision period (程序规定 第六十四条第二款; the fold records the pause).
void gate_refund_order(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (in.ev.type == et::decision) {
    if (in.ev.refund_required && !f.refund_ordered) {
      out.push_back(r.refuse("依法需要责令退还多收价款的，应当在作出行政处罚决定前发出责令退款通知书",
                             "a refund of overcharged prices is required: the refund order must be issued before the "
                             "decision",
                             {{"refund_required", "true"}, {"refund_ordered", "-"}}));
    }
    return;
  }
  if (f.decided || !party_heard(f, in.ev.day())) {
    out.push_back(r.refuse("责令退款通知书应当在听取当事人意见后、作出行政处罚决定前发出",
                           "the refund order is issued after the party has been heard and before the decision",
                           {{"notice_served", iso(f.notice_served)}, {"statement_due", f.notice_served ? to_iso(f.statement_due) : "-"},
                            {"decided", iso(f.decided)}, {"refund_ordered", to_iso(in.ev.day())}}));
  }
  if (!in.ev.scheduled || *in.ev.scheduled < in.ev.day()) {
    out.push_back(r.refuse("责令退款通知书须载明退款期限（不早于通知之日）",
                           "the refund order must state the end of the refund period (not before the order)",
                           {{"scheduled", iso(in.ev.scheduled)}}));
  }
}

}  // namespace gates

}  // namespace penaltyflow
