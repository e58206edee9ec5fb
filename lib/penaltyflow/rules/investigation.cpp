// Gates of the investigation and its side paths (调查取证, 先行登记保存, 查封扣押, 中止, 终止, 移送, 行刑衔接:
// 程序规定 第十四条 to 第四十八条; 移送规定), and the time excluded from periods (检测检验检疫鉴定, 辨认,
// 公告), which investigative acts start and end.
#include <penaltyflow/deadline.hpp>

#include "penaltyflow/rules/gates.hpp"

namespace penaltyflow {

namespace gates {

// R-PRESERVE 程序规定 第三十三条 to 第三十五条; 处罚法 第五十六条.
void gate_preserve(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const bool taking = in.ev.type == et::evidence_preserved || in.ev.type == et::seizure_ordered;
  if (taking) {
    if (in.ev.subject.empty()) {
      out.push_back(r.refuse("措施须有编号（清单/决定书编号）", "a measure needs an id (list or decision number)",
                             {{"subject", ""}}));
    }
    for (const auto& m : in.facts.measures) {
      if (m.id == in.ev.subject && !m.closed) {
        out.push_back(r.refuse("措施编号" + m.id + "已在执行中", "measure " + m.id + " is already in force",
                               {{"subject", m.id}}));
      }
    }
    // Emergency: report within 24 hours and obtain approval afterwards (程序规定 第三十三条, 第三十六条).
    if (!in.ev.emergency) require_head(r, in, out, "采取措施", "taking the measure");
    return;
  }
  const bool want_seizure = in.ev.type == et::seizure_extended || in.ev.type == et::seizure_released;
  const measure* found = nullptr;
  for (const auto& m : in.facts.measures) {
    if (m.id == in.ev.subject && !m.closed && m.seizure == want_seizure) found = &m;
  }
  if (!found) {
    out.push_back(r.refuse("没有编号为" + in.ev.subject + "的在执行措施", "no measure " + in.ev.subject + " in force",
                           {{"subject", in.ev.subject}}));
    return;
  }
  if (in.ev.type == et::seizure_extended) {
    // R-SEIZE 程序规定 第三十八条; 行政强制法 第二十五条: once, at most 30 days, approved, before expiry.
    const auto& p = in.periods.at("seizure");
    const due_date d = compute_due_date(p, found->from, in.cal, {}, {}, {roll_reading::rest_days,
                                                                         coverage_policy::provisional_ok});
    if (found->extended > 0 || in.ev.extension <= 0 || in.ev.extension > p.extension_cap || in.ev.day() > d.due) {
      out.push_back(r.refuse("查封、扣押只能在期限届满前经批准延长一次，且不超过" + std::to_string(p.extension_cap) + "日",
                             "a seizure may be extended once, before it expires, by at most " +
                                 std::to_string(p.extension_cap) + " days",
                             {{"subject", found->id}, {"requested", std::to_string(in.ev.extension)},
                              {"expires", to_iso(d.due)}, {"already_extended", std::to_string(found->extended)}}));
    }
    require_head(r, in, out, "延长查封、扣押", "extending a seizure");
  }
}

// R-SUSPEND 程序规定 第四十六条; R-TERMINATE 程序规定 第四十七条; R-XFER-ADMIN 程序规定 第十四条, 第十七条.
void gate_ground_and_head(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.ground.empty()) {
    out.push_back(r.refuse("须载明理由", "the ground must be stated", {{"ground", ""}}));
  }
  require_head(r, in, out, "该决定", "this decision");
  if (in.ev.type == et::transferred && in.facts.received_by_transfer && in.ev.subject == "market_regulation") {
    // 程序规定 第十四条: a bureau that received a transferred case may not transfer it on to another bureau.
    out.push_back(r.refuse("受移送的市场监督管理部门不得再自行移送，应报请共同上一级指定管辖",
                           "a bureau that received a transferred case may not transfer it on; it must ask the common "
                           "superior to designate jurisdiction",
                           {{"received_by_transfer", "true"}, {"receiver", in.ev.subject}}));
  }
}

// R-XFER-CRIM 移送规定 第五条 to 第十二条; 处罚法 第二十七条.
void gate_criminal(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  switch (in.ev.type) {
    case et::criminal_referral_reported: {
      int officers = 0;
      for (const auto& a : in.ev.actors) officers += a.role == actor_role::officer ? 1 : 0;
      if (officers < 2) {
        out.push_back(r.refuse("涉嫌犯罪案件应由两名以上行政执法人员组成专案组报告",
                               "a criminal referral is reported by a team of at least two officers",
                               {{"officers", std::to_string(officers)}}));
      }
      break;
    }
    case et::criminal_transfer_decided:
      if (!has_role(in.ev, actor_role::principal_head)) {
        out.push_back(r.refuse("是否移送由正职负责人或者主持工作的负责人决定",
                               "the principal head (or the head in charge) decides on the transfer",
                               {{"principal_head", "-"}}));
      }
      if (!in.ev.approved) {
        out.push_back(r.refuse("须载明是否批准移送", "the decision must say whether the transfer is approved",
                               {{"approved", "-"}}));
      }
      break;
    case et::transferred_to_police:
      if (!f.criminal_approved_at) {
        out.push_back(r.refuse("移送须经负责人批准", "a transfer to the police needs the head's approval",
                               {{"approved", "false"}}));
      }
      break;
    case et::police_decided:
      if (!f.police_received) {
        out.push_back(r.refuse("案件尚未移送公安机关", "the case has not been handed to the police", {{"transferred", "false"}}));
      }
      if (!in.ev.approved) {
        out.push_back(r.refuse("须载明公安机关是否立案", "the police decision must say whether a case was opened",
                               {{"approved", "-"}}));
      }
      break;
    case et::exhibits_handed_over:
      if (!f.police_filed) {
        out.push_back(r.refuse("公安机关未立案，不移交涉案物品", "the police have not opened a case",
                               {{"police_filed", "false"}}));
      }
      break;
    case et::decision:
      // 移送规定 第十一条: 不得以行政处罚代替移送.
      if (f.criminal_reported && !f.police_declined) {
        out.push_back(r.refuse("涉嫌犯罪案件移送程序未结束，不得以行政处罚代替移送",
                               "a criminal referral is pending: a penalty may not replace the transfer",
                               {{"criminal_reported", iso(f.criminal_reported)}}));
      }
      break;
    default: break;
  }
}

// R-INV-END-REPORT 程序规定 第四十八条: the six items of the 调查终结报告.
void gate_report(const rule_definition& r, const gate_input& in, refusal_list& out) {
  static const char* names[] = {"party", "history", "facts", "nature", "proposal", "discretion"};
  std::vector<fact> missing;
  for (unsigned i = 0; i < 6; ++i) {
    if (!(in.ev.items & (1U << i))) missing.push_back({"missing_item", names[i]});
  }
  if (!missing.empty()) {
    out.push_back(r.refuse("调查终结报告缺少法定内容", "the investigation report lacks required items", std::move(missing)));
  }
}

// R-INV-FIRST-CONTACT-RIGHTS 程序规定 第二十一条第二款: at the first collection of evidence from the party, the
// party is told of its rights to state and defend (陈述权、申辩权) and to apply for recusal (申请回避).
void gate_first_contact(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (!in.ev.involves_party || in.facts.party_contacted || in.ev.rights_told) return;
  out.push_back(r.refuse("首次向当事人收集、调取证据时，应当告知其享有陈述权、申辩权以及申请回避的权利，" +
                             to_iso(in.ev.day()) + "的调查取证未告知",
                         "at the first collection of evidence from the party (" + to_iso(in.ev.day()) +
                             ") the party must be told of its rights to state, to defend and to apply for recusal",
                         {{"first_party_contact", to_iso(in.ev.day())}, {"rights_told", "false"}}));
}

// R-TIME-EXCLUDED 程序规定 第十八条第二款, 第六十四条第二款, 第三十八条第三款; 行政强制法 第二十五条第三款: the
// start and end of testing (检测、检验、检疫、鉴定, at a named institution), 权利人辨认或者鉴别 and 公告. Each kind
// pauses only the periods whose article names it, so the start is accepted only while one of them runs; testing
// of seized goods pauses that seizure only when its period is fixed and told to the party in writing.
void gate_excluded_time(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  const auto& e = in.ev;
  const auto running = std::find_if(f.exclusions.begin(), f.exclusions.end(),
                                    [&](const running_exclusion& x) { return x.subject == e.subject; });
  if (e.type == et::excluded_time_ended) {
    if (running == f.exclusions.end()) {
      out.push_back(r.refuse("没有编号为" + e.subject + "的正在进行的检测、辨认或者公告",
                             "no excluded time " + e.subject + " is running", {{"subject", e.subject}}));
    }
    return;
  }
  if (e.subject.empty()) {
    out.push_back(r.refuse("须载明编号（如委托检验编号），以对应其结束", "the excluded time needs an id (e.g. the testing "
                           "commission number) that its end names", {{"subject", ""}}));
  } else if (running != f.exclusions.end()) {
    out.push_back(r.refuse("编号" + e.subject + "的不计入期限的时间已在进行中",
                           "excluded time " + e.subject + " is already running", {{"subject", e.subject}}));
  }
  if (!e.excluded) {
    out.push_back(r.refuse("须载明种类（testing 检测检验检疫鉴定、rightholder_id 权利人辨认或者鉴别、public_notice 公告）",
                           "the kind must be stated (testing, rightholder_id or public_notice)", {{"exclusion", "-"}}));
    return;
  }
  const exclusion kind = *e.excluded;
  if (kind == exclusion::testing && e.institution.empty()) {
    out.push_back(r.refuse("检测、检验、检疫、鉴定须载明承担的机构", "testing must name the institution that does it",
                           {{"institution", ""}}));
  }
  const bool filing = rules::filing_check_running(f) && in.periods.at("filing-decision").excludes(kind);
  const bool deciding = rules::decision_period_running(f) && in.periods.at("decision").excludes(kind);
  if (!e.measure.empty()) {
    const bool seized = std::any_of(f.measures.begin(), f.measures.end(),
                                    [&](const measure& m) { return m.id == e.measure && m.seizure && !m.closed; });
    if (!seized || !in.periods.at("seizure").excludes(kind)) {
      out.push_back(r.refuse("只有对在查封、扣押中的物品进行检测、检验、检疫或者技术鉴定的期间不计入查封、扣押期限",
                             "only testing of goods under a seizure in force is excluded from the seizure period",
                             {{"measure", e.measure}, {"exclusion", std::string(to_string(kind))}}));
    } else if (!e.scheduled || *e.scheduled < e.day() || !e.party_notified) {
      out.push_back(r.refuse("检测、检验、检疫或者技术鉴定的期间应当明确，并书面告知当事人（行政强制法 第二十五条第三款）；"
                             "未明确并告知的，不计入查封、扣押期限的时间不能成立",
                             "the testing period must be fixed and told to the party in writing (行政强制法 第二十五条第三款) "
                             "before it can be left out of the seizure period",
                             {{"measure", e.measure}, {"scheduled", iso(e.scheduled)},
                              {"party_notified", e.party_notified ? "true" : "false"}}));
    }
    return;
  }
  if (!filing && !deciding) {
    out.push_back(r.refuse("没有正在计算且法律规定不计入此类时间的期限（核查立案期限：检测、辨认；办案期限：另含公告）",
                           "no running period leaves out this kind of time (the filing check: testing and 辨认; the "
                           "decision period: also 公告)",
                           {{"exclusion", std::string(to_string(kind))}, {"clue", iso(f.clue)}, {"filed", iso(f.filed)},
                            {"decided", iso(f.decided)}}));
  }
}

}  // namespace gates

}  // namespace penaltyflow
