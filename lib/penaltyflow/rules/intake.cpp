// Gates of intake and filing, the transition table's first section (线索核查、立案: 程序规定 第十八条 to
// 第二十条; 处罚法 第三十六条).
#include <penaltyflow/deadline.hpp>

#include "penaltyflow/rules/gates.hpp"

namespace penaltyflow {

namespace rules {

bool filing_check_running(const case_facts& f) {
  return f.clue && !f.filed && !f.filing_refused && !f.summary_decided;
}

}  // namespace rules

namespace gates {

// R-FILING-CONDITIONS 程序规定 第十九条: four cumulative conditions, 负责人 decides (程序规定 第十八条).
void gate_filing_conditions(const rule_definition& r, const gate_input& in, refusal_list& out) {
  std::vector<fact> missing;
  if (!(in.ev.conditions & filing_condition::evidence)) missing.push_back({"missing_condition", "evidence (一)"});
  if (!(in.ev.conditions & filing_condition::penalty_due)) missing.push_back({"missing_condition", "penalty_due (二)"});
  if (!(in.ev.conditions & filing_condition::jurisdiction)) missing.push_back({"missing_condition", "jurisdiction (三)"});
  if (!in.facts.party && !in.ev.party) {
    // The hearing and summary-procedure amounts depend on it (处罚法 第五十一条, 第六十三条).
    missing.push_back({"missing_fact", "party (natural_person or organisation)"});
  }
  if (!missing.empty()) {
    out.push_back(r.refuse("立案条件不全：须有初步证据、应予处罚、属本部门管辖，并载明当事人类型",
                           "filing conditions not met: preliminary evidence, a penalty due, jurisdiction, the party's kind",
                           std::move(missing)));
  }
  require_head(r, in, out, "立案", "filing");
}

// R-LIMITATION 处罚法 第三十六条: discovered within 2 years (5 with grave harm) of the act or its end.
void gate_limitation(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto start = in.ev.violation_end ? in.ev.violation_end : in.ev.violation_date;
  if (!start) {
    out.push_back(r.refuse("须载明违法行为发生之日（或终了之日）以判断追责时效",
                           "the date of the act (or of its end) is needed to check the limitation period",
                           {{"violation_date", "-"}}));
    return;
  }
  const auto& period = in.periods.at(in.ev.grave_harm ? "limitation-extended" : "limitation");
  const due_date d = compute_due_date(period, *start, in.cal, {}, {},
                                      {roll_reading::rest_days, coverage_policy::provisional_ok});
  const date discovered = in.facts.clue ? *in.facts.clue : in.ev.day();
  if (discovered > d.due) {
    out.push_back(r.refuse("违法行为自" + to_iso(*start) + "起至" + to_iso(d.due) + "未被发现，超过追责时效",
                           "the act of " + to_iso(*start) + " was not discovered by " + to_iso(d.due) +
                               ": the limitation period has run",
                           {{"limitation_start", to_iso(*start)}, {"limitation_end", to_iso(d.due)},
                            {"discovered", to_iso(discovered)}, {"period", period.id}}));
  }
}

// R-INTAKE-VERIFY-DEADLINE 程序规定 第十八条: one extension, capped, approved by a head, before expiry.
void gate_verification_extension(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& p = in.periods.at("filing-decision");
  if (!in.facts.clue) {
    out.push_back(r.refuse("尚未收到线索，无核查期限可延长", "no clue received: no verification period to extend",
                           {{"clue", "-"}}));
    return;
  }
  if (in.facts.verification_extension > 0 || in.ev.extension <= 0 || in.ev.extension > p.extension_cap) {
    out.push_back(r.refuse("核查期限只能经批准延长一次，且不超过" + std::to_string(p.extension_cap) + "个工作日",
                           "the verification period may be extended once, by at most " +
                               std::to_string(p.extension_cap) + " working days",
                           {{"requested", std::to_string(in.ev.extension)},
                            {"already_extended", std::to_string(in.facts.verification_extension)}}));
  }
  require_head(r, in, out, "延长核查期限", "extending the verification period");
}

// R-NO-FILING 程序规定 第二十条: 不予立案 on a stated ground, decided by a head.
void gate_no_filing(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.ground.empty()) {
    out.push_back(r.refuse("不予立案须载明理由", "a decision not to file must state its ground", {{"ground", ""}}));
  }
  require_head(r, in, out, "不予立案", "not filing");
}

}  // namespace gates

}  // namespace penaltyflow
