// The catalogue of legal gates (legal-rules.md). Each gate cites its rule id and articles where it is
// encoded. Money thresholds that the law itself sets ([V]) are written here once; amounts left to local
// rules or read only in part are profile values (profile.hpp). Period numbers live in period.cpp only.
#include <penaltyflow/error.hpp>
#include <penaltyflow/execution.hpp>
#include <penaltyflow/money.hpp>
#include <penaltyflow/rules.hpp>

#include "penaltyflow/detail/dated_catalogue.hpp"
#include "penaltyflow/detail/provisional_watch.hpp"

#include <algorithm>
#include <cstdio>

namespace penaltyflow {

std::string rule_definition::citation_text() const { return join_citations(citations); }

bool rule_definition::applies(event_type t) const {
  return std::find(applies_to.begin(), applies_to.end(), t) != applies_to.end();
}

refusal rule_definition::refuse(std::string message_zh, std::string message_en, std::vector<fact> facts) const {
  refusal r;
  r.rule_id = id;
  r.citation = citation_text();
  r.title_zh = title_zh;
  r.title_en = title_en;
  r.message_zh = std::move(message_zh);
  r.message_en = std::move(message_en);
  r.tag = tag;
  r.facts = std::move(facts);
  return r;
}

namespace rules {

std::string format_fen(std::int64_t fen) {
  char buf[48];
  const std::int64_t yuan = fen / 100;
  const std::int64_t cents = (fen < 0 ? -fen : fen) % 100;
  std::snprintf(buf, sizeof buf, "%lld.%02lld元", static_cast<long long>(yuan), static_cast<long long>(cents));
  return buf;
}

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

bool in_hearing_scope(const penalty& p, party_kind party, const profile& prof) {
  // R-HEARING-SCOPE 处罚法 第六十三条 (kinds, [V]); 听证办法 第五条 (amounts, [V-partial]: profile values).
  if (p.has(penalty_kind::lower_qualification) || p.has(penalty_kind::revoke_permit) ||
      p.has(penalty_kind::suspend_business) || p.has(penalty_kind::order_closure) ||
      p.has(penalty_kind::restrict_practice) || p.has(penalty_kind::restrict_activity) ||
      p.has(penalty_kind::other_serious)) {
    return true;
  }
  const std::int64_t amount = party == party_kind::natural_person ? prof.hearing_amount_natural_fen
                                                                  : prof.hearing_amount_organisation_fen;
  return p.fine_fen >= amount || p.confiscation_fen() >= amount;  // "以上" includes the amount
}

bool needs_legal_review(const case_facts& f, const profile& p, const penalty* intended) {
  // R-REVIEW-ROUTING 程序规定 第五十条第一款 items (一), (三), (四); item (二) only after a hearing.
  constexpr std::uint8_t before_hearing =
      review_ground::major_public_interest | review_ground::complex | review_ground::required_by_law;
  if (f.review_grounds & before_hearing) return true;
  if (needs_legal_review_after_hearing(f)) return true;
  // R-REVIEW-LIAONING 程序规定 第五十条第三款 [V-partial]: a local amount, when the profile sets one.
  if (p.legal_review_amount_fen && intended &&
      (intended->fine_fen >= *p.legal_review_amount_fen || intended->confiscation_fen() >= *p.legal_review_amount_fen)) {
    return true;
  }
  return false;
}

bool needs_legal_review_after_hearing(const case_facts& f) {
  // R-REVIEW-ROUTING 程序规定 第五十条第一款第二项, 第二款: 经过听证程序 and 直接关系重大权益.
  return f.hearing_held && major_rights_case(f.review_grounds);
}

bool filing_check_running(const case_facts& f) {
  return f.clue && !f.filed && !f.filing_refused && !f.summary_decided;
}

bool decision_period_running(const case_facts& f) {
  return f.filed && !f.decided && !f.closing_trigger && !f.criminal_approved_at;
}

bool major_rights_case(std::uint8_t review_grounds) { return (review_grounds & review_ground::major_rights) != 0; }

bool will_be_published(const case_facts& f) {
  // R-PUBLISH-GSXT 公示规定 第二条, 第九条: ordinary-procedure penalties other than a warning alone.
  return f.proc == procedure::ordinary && f.outcome == decision_outcome::penalty && f.decided_penalty &&
         f.decided_penalty->kinds != (1U << static_cast<unsigned>(penalty_kind::warning));
}

}  // namespace rules

namespace {

using et = event_type;
using rules::format_fen;

citation apl(const char* a) { return {"处罚法", "2021", a}; }
citation prc(const char* a) { return {"程序规定", "2022", a}; }
citation enf(const char* a) { return {"行政强制法", "2011", a}; }
citation xfr(const char* a) { return {"移送规定", "2020", a}; }
citation pub(const char* a) { return {"公示规定", "2021", a}; }
citation rcn(const char* a) { return {"行政复议法", "2023", a}; }
citation rcn17(const char* a) { return {"行政复议法", "2017", a}; }
// 行政复议法 2023 (修订) is in force from 2024-01-01 and has no transitional clause.
const date recon_2023_from{2024, 1, 1};
const in_force recon_2017{std::nullopt, date{2023, 12, 31}};
const in_force recon_2023{recon_2023_from, std::nullopt};
citation lit(const char* a) { return {"行政诉讼法", "2017", a}; }

bool is_head(const actor& a) { return a.role == actor_role::head || a.role == actor_role::principal_head; }
bool has_head(const event& e) { return std::any_of(e.actors.begin(), e.actors.end(), is_head); }
bool has_role(const event& e, actor_role r) {
  return std::any_of(e.actors.begin(), e.actors.end(), [r](const actor& a) { return a.role == r; });
}
std::string iso(const std::optional<date>& d) { return d ? to_iso(*d) : std::string("-"); }
std::string who(const actor& a) { return a.name.empty() ? a.id : a.name + " (" + a.id + ")"; }

// A gate that requires a head's approval (负责人批准) on the event.
void require_head(const rule_definition& r, const gate_input& in, refusal_list& out, const char* what_zh,
                  const char* what_en) {
  if (has_head(in.ev)) return;
  out.push_back(r.refuse(std::string(what_zh) + "须经市场监督管理部门负责人批准，事件中没有负责人",
                         std::string(what_en) + " needs the approval of a head of the bureau; no head acted",
                         {{"event", std::string(to_string(in.ev.type))}}));
}

// R-ACTOR-TWO-CERTIFIED 处罚法 第四十二条; 程序规定 第十九条第二款, 第二十二条; 行政强制法 第十八条第二项.
void gate_two_certified(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const date day = in.ev.day();
  int valid = 0;
  std::vector<fact> bad;  // allocates only when an officer fails
  const auto& all = in.ev.actors;
  for (auto it = all.begin(); it != all.end(); ++it) {
    const actor& a = *it;
    if (a.role != actor_role::officer) continue;
    // One person counts once, however often listed.
    const bool seen = std::any_of(all.begin(), it, [&](const actor& o) { return o.role == actor_role::officer && o.id == a.id; });
    if (seen) continue;
    if (!a.enforcement_certificate) {
      bad.push_back({"officer_without_certificate", who(a)});
    } else if (!a.enforcement_certificate->valid_on(day)) {
      bad.push_back({"certificate_not_valid", who(a) + " " + a.enforcement_certificate->number + " " +
                                                  to_iso(a.enforcement_certificate->valid_from) + ".." +
                                                  to_iso(a.enforcement_certificate->valid_until)});
    } else if (in.facts.is_recused(a.id)) {
      bad.push_back({"officer_recused", who(a)});
    } else {
      ++valid;
    }
  }
  if (valid >= 2) return;
  bad.insert(bad.begin(), fact{"valid_officers", std::to_string(valid)});
  bad.insert(bad.begin() + 1, fact{"act_date", to_iso(day)});
  out.push_back(r.refuse("执法人员不得少于两人且须持有在" + to_iso(day) + "有效的执法证件，有效人数为" +
                             std::to_string(valid),
                         "at least two officers with enforcement certificates valid on " + to_iso(day) +
                             " are required; valid officers: " + std::to_string(valid),
                         std::move(bad)));
}

// R-ACTOR-RECUSAL 程序规定 第四条: who decides a recusal — the principal head's by the heads' collective
// discussion (at least the profile's quorum of heads, R-COLLECTIVE-QUORUM), another head's by the principal head,
// anyone else's by a head; never the person recused.
void gate_recusal_authority(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& e = in.ev;
  if (e.subject.empty()) {
    out.push_back(r.refuse("回避决定须指明回避人员", "a recusal decision must name the person", {{"subject", ""}}));
  }
  if (!e.subject_role) {
    out.push_back(r.refuse("回避决定须载明回避人员的身份（主要负责人、其他负责人或者其他人员），以确定决定主体",
                           "a recusal decision must state the recused person's role (principal head, other head or "
                           "other), which fixes who decides it",
                           {{"subject_role", "-"}}));
    return;
  }
  const bool self = std::any_of(e.actors.begin(), e.actors.end(), [&](const actor& a) { return a.id == e.subject; });
  if (self) {
    out.push_back(r.refuse("回避人员不得参与决定本人的回避", "the person recused may not take part in deciding it",
                           {{"subject", e.subject}}));
  }
  int heads = 0;
  bool principal = false;
  for (auto it = e.actors.begin(); it != e.actors.end(); ++it) {
    if (!is_head(*it) || it->id == e.subject) continue;
    const bool seen = std::any_of(e.actors.begin(), it, [&](const actor& o) { return is_head(o) && o.id == it->id; });
    if (!seen) ++heads;
    principal = principal || it->role == actor_role::principal_head;
  }
  const std::string role(to_string(*e.subject_role));
  switch (*e.subject_role) {
    case actor_role::principal_head:
      if (e.approved_by != approver::collective_discussion || heads < in.prof.collective_discussion_min_heads) {
        out.push_back(r.refuse("市场监督管理部门主要负责人的回避，由负责人集体讨论决定",
                               "the principal head's recusal is decided by the heads' collective discussion",
                               {{"subject_role", role},
                                {"approved_by", e.approved_by ? std::string(to_string(*e.approved_by)) : "-"},
                                {"heads", std::to_string(heads)},
                                {"profile", in.prof.id + ".collective_discussion_min_heads"}}));
      }
      break;
    case actor_role::head:
      if (!principal) {
        out.push_back(r.refuse("市场监督管理部门其他负责人的回避，由主要负责人决定",
                               "another head's recusal is decided by the principal head",
                               {{"subject_role", role}, {"principal_head", "-"}}));
      }
      break;
    default:
      if (heads == 0) {
        out.push_back(r.refuse("其他有关人员的回避，由市场监督管理部门负责人决定",
                               "the recusal of anyone other than a head is decided by a head of the bureau",
                               {{"subject_role", role}, {"head", "-"}}));
      }
      break;
  }
}

// R-ACTOR-RECUSAL 处罚法 第四十三条; 程序规定 第四条: a recused person takes no later role.
void gate_recusal(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.type == et::recusal) gate_recusal_authority(r, in, out);
  for (const auto& a : in.ev.actors) {
    if (in.facts.is_recused(a.id)) {
      out.push_back(r.refuse(who(a) + "已决定回避，不得再参与本案", who(a) + " was recused and may take no further part",
                             {{"recused_person", who(a)}, {"role", std::string(to_string(a.role))}}));
    }
  }
}

// R-ACTOR-REVIEWER-NOT-INVESTIGATOR 程序规定 第四十九条第三款.
void gate_reviewer(const rule_definition& r, const gate_input& in, refusal_list& out) {
  bool any = false;
  for (const auto& a : in.ev.actors) {
    if (a.role != actor_role::reviewer && a.role != actor_role::legal_reviewer) continue;
    any = true;
    const bool officer_here = std::any_of(in.ev.actors.begin(), in.ev.actors.end(), [&](const actor& o) {
      return o.role == actor_role::officer && o.id == a.id;
    });
    if (in.facts.is_investigator(a.id) || officer_here) {
      out.push_back(r.refuse(who(a) + "是本案办案人员，不得作为审核人员",
                             who(a) + " investigated this case and may not review it", {{"reviewer", who(a)}}));
    }
  }
  if (!any) out.push_back(r.refuse("审核意见须由审核人员作出", "a review needs a reviewer", {{"reviewer", ""}}));
}

// R-ACTOR-LEGAL-REVIEWER-QUALIFICATION 处罚法 第五十八条第二款; 程序规定 第五十一条. 律师资格 alone does not
// qualify a first-time reviewer, whatever a local rule says (辽宁法制审核办法 第四条 cannot loosen a law).
void gate_legal_reviewer(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.review != review_kind::legal_review) return;
  bool any = false;
  for (const auto& a : in.ev.actors) {
    if (a.role != actor_role::legal_reviewer) continue;
    any = true;
    const bool ok = a.experienced_legal_reviewer || a.legal_qualification;
    if (!ok) {
      out.push_back(r.refuse(who(a) + "初次从事法制审核，未取得法律职业资格",
                             who(a) + " is a first-time legal reviewer without the legal professional qualification",
                             {{"legal_reviewer", who(a)}, {"legal_qualification", "false"}}));
    }
  }
  if (!any) {
    out.push_back(r.refuse("法制审核须由法制审核人员作出", "a legal review needs a legal reviewer", {{"legal_reviewer", ""}}));
  }
}

// R-ACTOR-HEARING-HOST 处罚法 第六十四条第四项: 非本案调查人员主持.
void gate_hearing_host(const rule_definition& r, const gate_input& in, refusal_list& out) {
  bool any = false;
  for (const auto& a : in.ev.actors) {
    if (a.role != actor_role::hearing_host) continue;
    any = true;
    if (in.facts.is_investigator(a.id)) {
      out.push_back(r.refuse(who(a) + "是本案调查人员，不得主持听证",
                             who(a) + " investigated this case and may not host the hearing", {{"hearing_host", who(a)}}));
    }
  }
  if (!any) out.push_back(r.refuse("听证须指定主持人", "a hearing needs a designated host", {{"hearing_host", ""}}));
}

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

// R-REVIEW-ROUTING 程序规定 第四十九条, 第五十条, 第五十二条; 处罚法 第五十八条: review before any decision,
// 法制审核 in the 第五十条 scope, after the hearing for item (二).
void gate_review_routing(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (in.ev.type == et::reviewed) return;  // routing of the review itself is checked at approval/decision
  const penalty* intended = in.ev.proposed ? &*in.ev.proposed : (f.notified ? &*f.notified : nullptr);
  if (!f.review_passed && rules::needs_legal_review_after_hearing(f) && f.legal_review_passed &&
      *f.legal_review_passed < *f.hearing_held) {
    // A review exists, in the wrong place: say which paragraph places it (程序规定 第五十条第二款).
    refusal x = r.refuse("本案经过听证且直接关系当事人重大权益（程序规定 第五十条第一款第二项），法制审核应在听证程序结束后进行；" +
                             iso(f.legal_review_passed) + "的法制审核在" + iso(f.hearing_held) + "听证之前，不能代替",
                         "the case had a hearing and bears on major rights (程序规定 第五十条第一款第二项): its legal "
                         "review must follow the hearing; the legal review of " + iso(f.legal_review_passed) +
                             " came before the hearing of " + iso(f.hearing_held),
                         {{"legal_review_passed", iso(f.legal_review_passed)}, {"hearing_held", iso(f.hearing_held)},
                          {"placed_by", prc("第五十条第二款").text()}});
    x.citation = prc("第五十条第二款").text();
    out.push_back(std::move(x));
    return;
  }
  if (!f.review_passed) {
    out.push_back(r.refuse("未经审核或者审核未通过，不得作出决定",
                           "no decision without a passed review (法制审核 or 案件审核)",
                           {{"investigation_ended", iso(f.investigation_ended)}, {"review_passed", "-"}}));
    return;
  }
  const bool penalising = in.ev.outcome == decision_outcome::penalty;
  if (penalising && rules::needs_legal_review(f, in.prof, intended) && f.review_passed_kind != review_kind::legal_review) {
    out.push_back(r.refuse("本案属于法制审核范围，案件审核不能代替法制审核",
                           "the case is in the legal-review scope: a case review does not suffice",
                           {{"review_grounds", std::to_string(f.review_grounds)},
                            {"review_passed_kind", f.review_passed_kind ? std::string(to_string(*f.review_passed_kind)) : "-"}}));
  }
  if (in.ev.type == et::decision && penalising && rules::needs_legal_review_after_hearing(f) &&
      !(f.legal_review_passed && *f.legal_review_passed >= *f.hearing_held)) {
    out.push_back(r.refuse("经过听证且直接关系重大权益的案件，应在听证程序结束后进行法制审核",
                           "a case with a hearing that bears on major rights needs a legal review after the hearing",
                           {{"hearing_held", iso(f.hearing_held)}, {"legal_review_passed", iso(f.legal_review_passed)}}));
  }
}

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

// R-NOTICE 程序规定 第五十七条; 处罚法 第四十四条, 第六十二条: the party has been heard as of `day` — its
// statement (and hearing-request) period has run, it waived, or what it said has been handled.
bool party_heard(const case_facts& f, date day) {
  if (!f.notice_served) return false;
  detail::provisional_watch::note(f.statement_due_assumed);
  if (f.hearing_right_stated) detail::provisional_watch::note(f.hearing_request_due_assumed);
  const bool period_over = day > f.statement_due && (!f.hearing_right_stated || day > f.hearing_request_due);
  const bool spoke = f.statements_filed || f.hearing_requested;
  const bool handled = spoke && (!f.statements_filed || f.statements_reviewed) &&
                       (!f.hearing_requested || f.hearing_held || f.hearing_terminated);
  return period_over || f.waived || handled;
}

// R-NOTICE 程序规定 第五十七条; 处罚法 第四十四条, 第六十二条.
void gate_notice(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (in.ev.type == et::notice_served) {
    if (!in.ev.proposed) {
      out.push_back(r.refuse("告知书须载明拟作出的行政处罚", "the notice must state the intended penalty", {{"penalty", "-"}}));
      return;
    }
    if (f.party && rules::in_hearing_scope(*in.ev.proposed, *f.party, in.prof) && !in.ev.hearing_right_stated) {
      out.push_back(r.refuse("拟作出的处罚属于听证范围，告知书须告知听证权利",
                             "the intended penalty is in the hearing scope: the notice must state the hearing right",
                             {{"fine", format_fen(in.ev.proposed->fine_fen)}}));
    }
    return;
  }
  if (in.ev.outcome != decision_outcome::penalty) return;
  if (!f.notice_served) {
    out.push_back(r.refuse("未告知当事人拟作出的行政处罚及其陈述、申辩权利，不得作出行政处罚决定",
                           "no penalty before the party was notified of it and of the right to state and defend",
                           {{"notice_served", "-"}}));
    return;
  }
  const date day = in.ev.day();
  const bool spoke = f.statements_filed || f.hearing_requested;
  if (!party_heard(f, day)) {
    out.push_back(r.refuse("告知书送达后五个工作日陈述、申辩期限未届满，当事人未放弃权利",
                           "the party's 5 working days after the notice have not passed and the party did not waive",
                           {{"notice_served", iso(f.notice_served)}, {"statement_due", to_iso(f.statement_due)},
                            {"decision_date", to_iso(day)}}));
  }
  if (!spoke && f.notified && in.ev.proposed && f.notified->heavier(*in.ev.proposed)) {
    out.push_back(r.refuse("决定的处罚重于告知的处罚，须重新告知",
                           "the penalty is heavier than the one notified: notify again",
                           {{"notified_fine", format_fen(f.notified->fine_fen)},
                            {"decided_fine", format_fen(in.ev.proposed->fine_fen)}}));
  }
}

// R-DEFENCE-REVIEW 程序规定 第五十八条; 处罚法 第四十五条.
void gate_defence(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (in.ev.outcome != decision_outcome::penalty) return;
  if (f.statements_filed && (!f.statements_reviewed || *f.statements_reviewed < *f.statements_filed)) {
    out.push_back(r.refuse("当事人提出陈述、申辩，须先复核", "the party's statements must be re-examined (复核) first",
                           {{"statements_filed", iso(f.statements_filed)}, {"statements_reviewed", iso(f.statements_reviewed)}}));
  }
  const bool spoke = f.statements_filed || f.hearing_requested;
  if (spoke && f.notified && in.ev.proposed && f.notified->heavier(*in.ev.proposed)) {
    out.push_back(r.refuse("不得因当事人陈述、申辩或者要求听证而给予更重的处罚",
                           "no heavier penalty because the party stated, defended or asked for a hearing",
                           {{"notified_fine", format_fen(f.notified->fine_fen)},
                            {"decided_fine", format_fen(in.ev.proposed->fine_fen)},
                            {"notified_kinds", std::to_string(f.notified->kinds)},
                            {"decided_kinds", std::to_string(in.ev.proposed->kinds)}}));
  }
}

// R-HEARING-SCOPE 处罚法 第六十三条; 听证办法 第五条 (amounts: profile values).
void gate_hearing_scope(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (!f.notified) {
    out.push_back(r.refuse("尚未告知拟作出的处罚", "no penalty has been notified", {{"notified", "-"}}));
    return;
  }
  if (!f.party) {
    out.push_back(r.refuse("当事人类型（自然人或者组织）未知，无法判断听证范围",
                           "the party kind (natural person or organisation) is unknown: the hearing scope cannot be judged",
                           {{"party", "-"}}));
    return;
  }
  if (!rules::in_hearing_scope(*f.notified, *f.party, in.prof)) {
    const auto amount = *f.party == party_kind::natural_person ? in.prof.hearing_amount_natural_fen
                                                               : in.prof.hearing_amount_organisation_fen;
    out.push_back(r.refuse("拟作出的处罚不属于听证范围（罚款、没收数额未达" + format_fen(amount) + "）",
                           "the intended penalty is outside the hearing scope (amounts below " + format_fen(amount) + ")",
                           {{"notified_fine", format_fen(f.notified->fine_fen)},
                            {"hearing_amount", format_fen(amount)},
                            {"party", std::string(to_string(*f.party))},
                            {"profile", in.prof.id}}));
  }
}

// R-HEARING-PROCEDURE 处罚法 第六十四条第一项: request within 5 working days of the notice.
void gate_hearing_request(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (!f.notice_served) return;  // reported by R-HEARING-SCOPE
  detail::provisional_watch::note(f.hearing_request_due_assumed);
  if (in.ev.day() > f.hearing_request_due) {
    out.push_back(r.refuse("当事人应在告知后五个工作日内提出听证要求，已逾期",
                           "a hearing must be requested within 5 working days of the notice",
                           {{"notice_served", iso(f.notice_served)}, {"request_due", to_iso(f.hearing_request_due)},
                            {"requested", to_iso(in.ev.day())}}));
  }
  if (f.waived) {
    out.push_back(r.refuse("当事人已放弃听证权利", "the party waived the hearing right", {{"waived", "true"}}));
  }
}

// R-HEARING-PROCEDURE 处罚法 第六十四条第二项: notice at least 7 working days before the hearing.
void gate_hearing_notice(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (in.ev.type == et::hearing_noticed) {
    if (!in.ev.scheduled) {
      out.push_back(r.refuse("听证通知须载明听证时间", "the hearing notice must state the date", {{"scheduled", "-"}}));
      return;
    }
    const date due = compute_due_date(in.periods.at("hearing-notice"), in.ev.day(), in.cal, {}, {},
                                      {roll_reading::rest_days, coverage_policy::provisional_ok})
                         .due;
    if (*in.ev.scheduled <= due) {
      out.push_back(r.refuse("应在举行听证的七个工作日前通知，听证日期最早为" + to_iso(due) + "之后",
                             "the hearing must be noticed at least 7 working days ahead: no earlier than after " +
                                 to_iso(due),
                             {{"noticed", to_iso(in.ev.day())}, {"scheduled", to_iso(*in.ev.scheduled)},
                              {"notice_period_ends", to_iso(due)}}));
    }
    return;
  }
  if (!f.hearing_noticed) {
    out.push_back(r.refuse("未送达听证通知", "the hearing was not noticed", {{"hearing_noticed", "-"}}));
    return;
  }
  detail::provisional_watch::note(f.hearing_notice_due_assumed);
  if (in.ev.day() <= f.hearing_notice_due) {
    out.push_back(r.refuse("听证通知不足七个工作日", "the hearing was noticed less than 7 working days ahead",
                           {{"noticed", iso(f.hearing_noticed)}, {"held", to_iso(in.ev.day())},
                            {"notice_period_ends", to_iso(f.hearing_notice_due)}}));
  }
}

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

// R-SUMMARY-ONSPOT-COLLECTION 处罚法 第六十八条, 第六十九条.
void gate_cash(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (in.ev.type == et::cash_handed_in) {
    if (!f.cash_collected) out.push_back(r.refuse("没有当场收缴的罚款", "no cash was collected", {{"cash_collected", "-"}}));
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

// R-HEARING-PROCEDURE 处罚法 第六十四条第一项, 第二项: one rule, two checks.
void gate_hearing_procedure(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.type == et::hearing_requested) {
    gate_hearing_request(r, in, out);
  } else if (in.ev.type == et::hearing_terminated) {
    // 处罚法 第六十四条第八项: withdrawal, or absence / leaving without reason, ends the hearing; the host ends it.
    if (in.ev.ground.empty() ||
        !std::any_of(in.ev.actors.begin(), in.ev.actors.end(), [](const actor& a) { return a.role == actor_role::hearing_host; })) {
      out.push_back(r.refuse("终止听证须由听证主持人载明理由（撤回申请、无正当理由拒不出席或者中途退出）",
                             "the host ends a hearing on a stated ground (withdrawal, absence or leaving without reason)",
                             {{"ground", in.ev.ground}}));
    }
  } else {
    gate_hearing_notice(r, in, out);
  }
}

// R-REVIEW-OUTCOMES 程序规定 第五十四条: a written opinion of a stated kind with a stated result.
void gate_review_outcome(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (!in.ev.review || !in.ev.review_result) {
    out.push_back(r.refuse("审核意见须载明审核种类（法制审核或者案件审核）和审核结论",
                           "a review opinion must state its kind (legal or case review) and its result",
                           {{"review", in.ev.review ? std::string(to_string(*in.ev.review)) : "-"},
                            {"review_result", in.ev.review_result ? std::string(to_string(*in.ev.review_result)) : "-"}}));
  }
}

// R-REVIEW-TO-APPROVAL 程序规定 第五十六条: after the review the head approves the proposal (with the penalty
// proposed) or decides on other handling.
void gate_head_approval(const rule_definition& r, const gate_input& in, refusal_list& out) {
  require_head(r, in, out, "审核后的处理意见", "the proposal after review");
  if (!in.ev.outcome || (*in.ev.outcome == decision_outcome::penalty && !in.ev.proposed)) {
    out.push_back(r.refuse("审批须载明处理意见；拟给予行政处罚的须载明拟处罚内容",
                           "the approval must state the handling, and the intended penalty when one is proposed",
                           {{"outcome", in.ev.outcome ? std::string(to_string(*in.ev.outcome)) : "-"}}));
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

// ---- execution (R-EXEC-*): execution.hpp computes the dates and amounts ---------------------------------------

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

// R-REVIEW-DEADLINE 程序规定 第五十五条: extension approved by a head.
void gate_review_extension(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (!in.facts.review_received || in.facts.review_passed || in.facts.stage != "review") {
    out.push_back(r.refuse("没有正在进行的审核", "no review is under way", {{"stage", std::string(in.facts.stage)}}));
  }
  if (in.ev.extension <= 0) {
    out.push_back(r.refuse("延长须确定期限", "an extension must state its length", {{"extension", std::to_string(in.ev.extension)}}));
  }
  require_head(r, in, out, "延长审核期限", "extending the review");
}

// R-PUBLISH-GSXT 公示规定 第二条, 第九条: ordinary-procedure penalties other than a warning alone.
void gate_publish(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (!rules::will_be_published(f)) {
    out.push_back(r.refuse("只公示适用普通程序作出的行政处罚决定（仅警告的除外）",
                           "only ordinary-procedure penalty decisions other than a warning alone are published",
                           {{"procedure", std::string(to_string(f.proc))}, {"decided", iso(f.decided)}}));
  }
}

// R-RECON-APPLY 行政复议法 第二十条; R-LIT-FILE 行政诉讼法 第四十五条, 第四十六条: a decision to challenge.
void gate_remedy(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (!in.facts.decided) {
    out.push_back(r.refuse("尚无可申请复议或者起诉的行政处罚决定", "there is no decision to challenge", {{"decided", "-"}}));
  }
}

// R-RECON-SIMPLIFIED 行政复议法 (2023) 第五十三条, 第五十五条: the 复议机关 may choose the simplified procedure
// for an application received under the 2023 text, and may switch a simplified case back to the ordinary one. The
// 2017 text had no simplified procedure: applications before 2024-01-01 cannot have it ([M]: the switch is keyed
// to the application day).
void gate_recon_procedure(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  const std::string& to = in.ev.subject;
  if (to != "simplified" && to != "ordinary") {
    out.push_back(r.refuse("复议程序应为简易程序（simplified）或者普通程序（ordinary）",
                           "the procedure must be \"simplified\" or \"ordinary\"", {{"subject", to}}));
    return;
  }
  if (!f.reconsideration_applied || f.reconsideration_decided) {
    out.push_back(r.refuse("没有正在审理的行政复议", "no reconsideration is under way",
                           {{"reconsideration_applied", iso(f.reconsideration_applied)}}));
    return;
  }
  if (to == "simplified" && *f.reconsideration_applied < recon_2023_from) {
    out.push_back(r.refuse("2024年1月1日前申请的行政复议适用2017年行政复议法，该法未规定简易程序",
                           "an application made before 2024-01-01 falls under the 2017 text, which has no "
                           "simplified procedure",
                           {{"reconsideration_applied", iso(f.reconsideration_applied)}}));
  } else if (to == "ordinary" && !f.reconsideration_simplified) {
    out.push_back(r.refuse("只有适用简易程序的行政复议才能转为普通程序（第五十五条）",
                           "only a reconsideration under the simplified procedure can be switched to the ordinary one",
                           {{"procedure", "ordinary"}}));
  }
}

// R-RECON-PRECONDITION 行政复议法 (2023) 第二十三条第一款第一项, 第二款; 行政诉讼法 第四十四条第二款: against a
// 当场 decision the party must apply for 行政复议 before suing. Keyed to the day of the 当场 decision ([M]: a decision
// made before 2024 told the party the old routes). That the decision tells the party so (第二款) is a check of the
// case-file evaluation (oversight.cpp, `reconsideration-route`): the document's contents, not a step.
void gate_recon_first(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (!f.summary_decided || *f.summary_decided < recon_2023_from) return;
  // While the reconsideration runs, the remedy track refuses a suit (R-PROCEDURE-ORDER); after it, or after its
  // period ran without a decision (行政诉讼法 第四十五条), the suit lies.
  if (!f.reconsideration_applied) {
    out.push_back(r.refuse("对当场作出的行政处罚决定不服的，应当先申请行政复议，方可提起行政诉讼",
                           "a decision made on the spot can be taken to court only after reconsideration",
                           {{"decided", iso(f.summary_decided)}, {"reconsideration_applied", "-"}}));
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

// R-REVIEW-CONTENT 程序规定 第五十三条: an approved review covers all seven items.
void gate_review_content(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.review_result != review_outcome::approved) return;
  static const char* names[] = {"jurisdiction", "party", "facts", "nature", "basis", "procedure", "handling"};
  std::vector<fact> missing;
  for (unsigned i = 0; i < 7; ++i) {
    if (!(in.ev.items & (1U << i))) missing.push_back({"missing_item", names[i]});
  }
  if (!missing.empty()) {
    out.push_back(r.refuse("审核未涵盖法定内容（管辖权、当事人基本情况、事实证据、定性、适用依据、程序、处理），不得同意",
                           "an approving review must cover jurisdiction, the party, facts and evidence, the legal "
                           "characterisation, the legal basis, the procedure and the handling",
                           std::move(missing)));
  }
}

// R-SERVICE-METHODS 程序规定 第八十二条, 第八十三条; 处罚法 第六十一条第二款: electronic service only with the
// party's consent and a signed 送达地址确认书; service by public notice only when the party's whereabouts are
// unknown or other methods failed (the reasons are recorded). The deemed service date is the fold's.
void gate_service_methods(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.service == service_method::electronic && !in.ev.address_confirmed) {
    out.push_back(r.refuse("电子送达须经当事人同意并签订送达地址确认书",
                           "electronic service needs the party's consent and a signed address confirmation (送达地址确认书)",
                           {{"service_method", "electronic"}, {"address_confirmed", "false"}}));
  }
  if (in.ev.service == service_method::public_notice && in.ev.ground.empty()) {
    out.push_back(r.refuse("公告送达仅适用于受送达人下落不明或者其他方式无法送达，须载明理由",
                           "service by public notice only when the party cannot be found or other methods failed; "
                           "the reason must be stated",
                           {{"service_method", "public_notice"}, {"ground", ""}}));
  }
}

// R-SERVICE-PUBLICITY-NOTICE 公示规定 第八条: serving a decision that will be published, the party is told in
// writing that it will be published.
void gate_publicity_notice(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.publicity_told || !rules::will_be_published(in.facts)) return;
  out.push_back(r.refuse("送达将予公示的行政处罚决定书时，应当书面告知当事人该决定将公示",
                         "serving a decision that will be published, the party must be told in writing that it will be "
                         "published",
                         {{"decided", iso(in.facts.decided)}, {"publicity_told", "false"}}));
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

// R-PUBLISH-SOCIAL-IMPACT 处罚法 第四十八条第二款; 程序规定 第六十三条: a published decision that was changed,
// annulled, found illegal or invalid is withdrawn (within 3 working days: a late withdrawal is a finding of the
// period publication-withdrawal), with the reasons stated.
void gate_withdrawal(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (!f.published || !f.decision_changed || f.publication_withdrawn) {
    out.push_back(r.refuse("只有已公开且被变更、撤销、确认违法或者确认无效的行政处罚决定才撤回公开",
                           "only a published decision that was changed, annulled, found illegal or invalid is withdrawn",
                           {{"published", iso(f.published)}, {"decision_changed", iso(f.decision_changed)},
                            {"publication_withdrawn", iso(f.publication_withdrawn)}}));
  }
  if (in.ev.ground.empty()) {
    out.push_back(r.refuse("撤回公开须说明理由", "the withdrawal must state its reasons", {{"ground", ""}}));
  }
}

std::vector<event_type> all_event_types() {
  std::vector<event_type> v;
  for (std::size_t i = 0; i < event_type_count; ++i) v.push_back(static_cast<event_type>(i));
  return v;
}

std::vector<rule_definition> national_rules() {
  std::vector<rule_definition> v;
  auto add = [&](const char* id, std::vector<citation> cites, const char* zh, const char* en,
                 std::vector<event_type> types, gate_fn gate, confidence tag = confidence::verified,
                 const char* profile_values = "", bool findings = false) {
    rule_definition r;
    r.id = id;
    r.citations = std::move(cites);
    r.title_zh = zh;
    r.title_en = en;
    r.applies_to = std::move(types);
    r.gate = gate;
    r.tag = tag;
    r.profile_values = profile_values;
    r.findings = findings;
    v.push_back(std::move(r));
  };
  using ct = confidence;
  // clang-format off
  // R-CALENDAR-PROVISIONAL: a judgment past the calendar's coverage rests on the statutory holidays alone
  // (全国年节及纪念日放假办法 第二条、第六条); the workflow refuses the event unless the caller accepts it (no gate:
  // workflow.cpp raises it).
  add("R-CALENDAR-PROVISIONAL", {{"全国年节及纪念日放假办法", "2024", "第二条"}, {"全国年节及纪念日放假办法", "2024", "第六条"}},
      "超出工作日历范围的日期只能按法定节假日推定", "A date past the calendar's coverage is only provisional", {},
      nullptr);
  add("R-PROCEDURE-ORDER", {prc("第二章至第五章"), apl("第五章")}, "办案程序顺序", "Order of the procedure (stage accepts the event)",
      {}, nullptr);
  add("R-ACTOR-TWO-CERTIFIED", {apl("第四十二条"), prc("第十九条第二款"), prc("第二十二条"), enf("第十八条第二项")},
      "两名以上持证执法人员", "At least two certified officers",
      {et::case_filed, et::investigative_act, et::evidence_preserved, et::seizure_ordered, et::summary_decision},
      gate_two_certified);
  add("R-ACTOR-RECUSAL", {apl("第四十三条"), prc("第四条")}, "回避", "Recusal", all_event_types(), gate_recusal);
  add("R-ACTOR-REVIEWER-NOT-INVESTIGATOR", {prc("第四十九条第三款")}, "办案人员不得作为审核人员",
      "An investigator may not review the case", {et::reviewed}, gate_reviewer);
  add("R-ACTOR-LEGAL-REVIEWER-QUALIFICATION", {apl("第五十八条第二款"), prc("第五十一条")},
      "初次从事法制审核人员须取得法律职业资格", "First-time legal reviewers hold the legal professional qualification",
      {et::reviewed}, gate_legal_reviewer);
  add("R-ACTOR-HEARING-HOST", {apl("第六十四条第四项")}, "听证由非本案调查人员主持", "A non-investigator hosts the hearing",
      {et::hearing_noticed, et::hearing_held}, gate_hearing_host);
  add("R-FILING-CONDITIONS", {prc("第十九条"), prc("第十八条"), apl("第五十四条第二款")}, "立案条件", "Filing conditions",
      {et::case_filed}, gate_filing_conditions);
  add("R-LIMITATION", {apl("第三十六条")}, "追责时效", "Limitation period", {et::case_filed, et::summary_decision},
      gate_limitation);
  add("R-INTAKE-VERIFY-DEADLINE", {prc("第十八条")}, "核查并决定是否立案的期限", "Deadline to verify a clue and decide on filing",
      {et::verification_extended}, gate_verification_extension, ct::verified, "", true);
  add("R-NO-FILING", {prc("第二十条")}, "不予立案", "Not filing a case", {et::filing_refused}, gate_no_filing);
  add("R-PRESERVE", {apl("第五十六条"), prc("第三十三条"), prc("第三十四条"), prc("第三十五条")}, "先行登记保存",
      "Registration and preservation of evidence", {et::evidence_preserved, et::preservation_handled}, gate_preserve,
      ct::verified, "", true);
  add("R-SEIZE", {prc("第三十六条"), prc("第三十八条"), prc("第四十二条"), enf("第十九条"), enf("第二十五条")}, "查封、扣押",
      "Sealing up and seizure", {et::seizure_ordered, et::seizure_extended, et::seizure_released}, gate_preserve,
      ct::verified, "", true);
  add("R-SUSPEND", {prc("第四十六条")}, "中止调查", "Suspending the investigation", {et::suspended}, gate_ground_and_head);
  add("R-TERMINATE", {prc("第四十七条")}, "终止调查", "Terminating the investigation", {et::investigation_terminated},
      gate_ground_and_head);
  add("R-XFER-ADMIN", {prc("第十四条"), prc("第十七条第一款"), prc("第六十条第一款第四项")}, "移送其他行政机关",
      "Transfer to another administrative body", {et::transferred}, gate_ground_and_head);
  add("R-XFER-CRIM", {xfr("第五条"), xfr("第八条"), xfr("第十一条"), xfr("第十二条"), apl("第二十七条")}, "涉嫌犯罪案件移送",
      "Transfer of a suspected crime to public security",
      {et::criminal_referral_reported, et::criminal_transfer_decided, et::transferred_to_police, et::police_decided,
       et::exhibits_handed_over, et::decision}, gate_criminal, ct::verified, "", true);
  add("R-INV-FIRST-CONTACT-RIGHTS", {prc("第二十一条第二款")}, "首次收集证据时告知陈述申辩和申请回避权利",
      "Telling the party its rights at the first collection of evidence", {et::investigative_act}, gate_first_contact);
  add("R-FULL-PROCESS-RECORD", {apl("第四十七条"), prc("第七十九条"), prc("第四十四条")}, "执法全过程记录（音像记录）",
      "Audio-visual record of on-site steps", {}, nullptr, ct::verified, "", true);
  add("R-INV-END-REPORT", {prc("第四十八条")}, "调查终结报告", "Investigation report", {et::investigation_ended}, gate_report);
  add("R-REVIEW-ROUTING", {prc("第四十九条"), prc("第五十条"), prc("第五十二条"), apl("第五十八条")},
      "审核（法制审核或者案件审核）", "Review before decision; legal review in scope",
      {et::head_approved, et::decision}, gate_review_routing, ct::verified, "legal_review_amount_fen");
  add("R-REVIEW-CONTENT", {prc("第五十三条")}, "审核内容", "What the review covers", {et::reviewed},
      gate_review_content);
  add("R-REVIEW-OUTCOMES", {prc("第五十四条")}, "审核意见", "Review opinions", {et::reviewed}, gate_review_outcome);
  add("R-REVIEW-TO-APPROVAL", {prc("第五十六条")}, "审核后报负责人审批", "Head's approval after review",
      {et::head_approved}, gate_head_approval);
  add("R-REVIEW-DEADLINE", {prc("第五十五条")}, "审核期限", "Review deadline", {et::review_extended},
      gate_review_extension, ct::verified, "", true);
  add("R-COLLECTIVE-DISCUSSION", {apl("第五十七条第二款"), prc("第六十条第二款")}, "负责人集体讨论",
      "Collective discussion by the heads", {et::decision}, gate_collective, ct::verified, "legal_review_amount_fen");
  add("R-COLLECTIVE-QUORUM", {{"地方规定", "", "集体讨论规则"}}, "集体讨论出席人数", "Quorum of a collective discussion",
      {et::collective_discussion}, gate_quorum, ct::memory, "collective_discussion_min_heads");
  add("R-DECISION-DEADLINE", {prc("第六十四条第一款"), apl("第六十条")}, "作出处理决定的期限及其延长",
      "Decision deadline and its extension", {et::decision_period_extended}, gate_decision_extension, ct::verified, "",
      true);
  add("R-REFUND-ORDER", {prc("第五十九条"), prc("第六十四条第二款")}, "责令退款", "Order to refund overcharged prices",
      {et::refund_ordered, et::decision}, gate_refund_order);
  add("R-TIME-EXCLUDED", {prc("第十八条第二款"), prc("第六十四条第二款"), prc("第三十八条第三款"), enf("第二十五条第三款")},
      "不计入期限的时间（检测检验检疫鉴定、权利人辨认或者鉴别、公告）",
      "Excluded time (testing, identification by the right holder, public notice)",
      {et::excluded_time_started, et::excluded_time_ended}, gate_excluded_time);
  add("R-DECISION-TYPES", {prc("第六十条第一款"), apl("第五十七条第一款")}, "处理决定的种类", "Kinds of decision",
      {et::decision}, gate_decision_types);
  add("R-NOTICE", {prc("第五十七条"), apl("第四十四条"), apl("第六十二条")}, "告知", "Prior notice",
      {et::notice_served, et::decision}, gate_notice);
  add("R-DEFENCE-REVIEW", {prc("第五十八条"), apl("第四十五条")}, "陈述申辩与复核；不得加重",
      "Re-examining statements; no heavier penalty", {et::decision}, gate_defence);
  add("R-HEARING-SCOPE", {apl("第六十三条"), {"听证办法", "2018", "第五条"}}, "听证范围", "Hearing scope",
      {et::hearing_requested}, gate_hearing_scope, ct::verified_partial,
      "hearing_amount_natural_fen, hearing_amount_organisation_fen");
  add("R-HEARING-PROCEDURE", {apl("第六十四条第一项"), apl("第六十四条第二项"), prc("第五十七条")},
      "听证程序：五个工作日内要求，七个工作日前通知", "Hearing procedure: requested within 5, noticed 7 working days ahead",
      {et::hearing_requested, et::hearing_noticed, et::hearing_held, et::hearing_terminated}, gate_hearing_procedure);
  add("R-DECISION-DOCUMENT", {prc("第六十二条"), apl("第五十九条")}, "行政处罚决定书内容", "Contents of the decision document",
      {et::decision}, gate_document);
  add("R-NO-PENALTY", {apl("第三十三条"), apl("第三十条"), apl("第三十一条"), prc("第二十条"), prc("第六十条第一款第二项"),
                       prc("第六十一条")},
      "不予行政处罚与教育", "No penalty, and education",
      {et::decision, et::summary_decision, et::education_given, et::case_closed}, gate_no_penalty);
  add("R-SUMMARY-THRESHOLD", {apl("第五十一条"), prc("第六十六条")}, "简易程序适用范围", "Summary procedure limits",
      {et::summary_decision}, gate_summary);
  add("R-SUMMARY-NOTICE", {apl("第四十四条"), apl("第六十二条"), prc("第六十九条")}, "当场处罚前的告知与陈述申辩记录",
      "Notice and the party's statements before an on-the-spot decision", {et::summary_decision}, gate_summary_notice);
  add("R-SUMMARY-DOCUMENT", {apl("第五十二条"), prc("第六十七条"), prc("第七十条")}, "当场处罚决定书备案与交回",
      "On-the-spot decision: filing and hand-in", {et::summary_handed_in}, gate_summary_document, ct::verified, "", true);
  add("R-SUMMARY-ONSPOT-COLLECTION", {apl("第六十八条"), apl("第六十九条"), apl("第七十一条"), prc("第七十三条")},
      "当场收缴罚款", "Collecting a fine on the spot", {et::cash_collected, et::cash_handed_in}, gate_cash,
      ct::verified, "", true);
  add("R-SERVICE-DEADLINE", {prc("第八十一条"), apl("第六十一条")}, "送达期限", "Service deadline", {}, nullptr,
      ct::verified, "", true);
  add("R-SERVICE-METHODS", {prc("第八十二条"), prc("第八十三条"), apl("第六十一条第二款")}, "送达方式",
      "Methods of service", {et::decision_served}, gate_service_methods);
  add("R-SERVICE-PUBLICITY-NOTICE", {pub("第八条")}, "送达时书面告知将予公示", "Telling the party the decision will be published",
      {et::decision_served}, gate_publicity_notice);
  add("R-EXEC-PAYMENT", {prc("第七十二条"), apl("第六十七条第三款"), apl("第五十三条")}, "缴纳罚没款",
      "Paying the fine and the illegal gains", {et::payment_received}, gate_payment);
  add("R-EXEC-ITEMS", {prc("第七十七条第一款第一项"), apl("第九条")}, "处罚决定逐项执行完毕",
      "Every item of the decision executed", {et::goods_confiscated, et::case_closed}, gate_items);
  add("R-EXEC-DEFER", {prc("第七十四条"), apl("第六十六条第二款")}, "延期、分期缴纳", "Deferred or instalment payment",
      {et::payment_deferred}, gate_defer);
  add("R-EXEC-SURCHARGE", {prc("第七十五条"), apl("第七十二条第一款第一项"), apl("第七十三条第三款"), enf("第四十五条")},
      "加处罚款", "Late-payment surcharge", {et::surcharge_imposed}, gate_surcharge);
  add("R-EXEC-COURT", {prc("第七十六条"), enf("第五十三条"), enf("第五十四条"), enf("第五十五条"), apl("第七十二条第二款"),
                       lit("第四十五条"), lit("第四十六条"), {"最高人民法院关于适用《行政诉讼法》的解释", "2018", "第一百五十六条"}},
      "催告与申请法院强制执行", "Reminder and applying to the court for enforcement",
      {et::reminder_served, et::court_enforcement_applied}, gate_court);
  add("R-EXEC-NO-SUSPENSION", {apl("第七十三条"), prc("第七十一条")}, "复议、诉讼期间不停止执行",
      "Reconsideration and litigation do not suspend execution", {}, nullptr);
  add("R-PUBLISH-GSXT", {pub("第二条"), pub("第九条")}, "行政处罚信息公示", "Publication of penalty decisions",
      {et::published}, gate_publish, ct::verified, "publication_period", true);
  add("R-PUBLISH-SOCIAL-IMPACT", {apl("第四十八条"), prc("第六十三条")}, "撤回已公开的行政处罚决定",
      "Withdrawing a published decision that was changed or annulled", {et::publication_withdrawn}, gate_withdrawal,
      ct::verified, "", true);
  add("R-RECON-APPLY", {rcn17("第九条")}, "申请行政复议", "Applying for reconsideration", {et::reconsideration_applied},
      gate_remedy);
  v.back().effective = recon_2017;
  add("R-RECON-APPLY", {rcn("第二十条")}, "申请行政复议", "Applying for reconsideration", {et::reconsideration_applied},
      gate_remedy);
  v.back().effective = recon_2023;
  add("R-RECON-RESPONSE", {rcn17("第二十三条"), rcn17("第四十条")}, "复议答复期限", "Reconsideration answer deadline",
      {}, nullptr, ct::verified, "", true);
  v.back().effective = recon_2017;
  add("R-RECON-RESPONSE", {rcn("第四十八条"), rcn("第五十四条"), rcn("第八十八条")}, "复议答复期限",
      "Reconsideration answer deadline", {}, nullptr, ct::verified, "", true);
  v.back().effective = recon_2023;
  add("R-RECON-SIMPLIFIED", {rcn("第五十三条"), rcn("第五十五条")}, "行政复议简易程序的适用与转换",
      "Choosing the simplified reconsideration procedure, and leaving it", {et::reconsideration_procedure},
      gate_recon_procedure);
  add("R-RECON-PRECONDITION", {rcn("第二十三条第一款第一项"), rcn("第二十三条第二款"), lit("第四十四条第二款")},
      "当场处罚决定复议前置", "Reconsideration before suit against an on-the-spot decision",
      {et::lawsuit_filed}, gate_recon_first);
  v.back().effective = recon_2023;
  add("R-LIT-FILE", {lit("第四十五条"), lit("第四十六条")}, "提起行政诉讼", "Bringing a lawsuit", {et::lawsuit_filed}, gate_remedy);
  add("R-LIT-DEFENCE", {lit("第六十七条")}, "答辩期限", "Defence deadline", {}, nullptr, ct::verified, "", true);
  add("R-LIT-HEAD-APPEARANCE", {lit("第三条第三款"), {"最高人民法院关于适用《行政诉讼法》的解释", "2018", "第一百二十八条"}},
      "负责人出庭应诉", "The head appears in court", {}, nullptr, ct::verified, "", true);
  add("R-CLOSE", {prc("第七十七条")}, "结案", "Closing the case", {et::case_closed}, gate_close, ct::verified, "", true);
  add("R-ARCHIVE", {prc("第七十八条")}, "立卷归档", "Archiving", {}, nullptr);
  // clang-format on
  return v;
}

}  // namespace

rule_catalogue::rule_catalogue(std::vector<rule_definition> rules) : rules_(std::move(rules)) {
  if (const auto* r = detail::overlapping_version(rules_))
    throw invalid_argument_error("rule catalogue: two versions of " + r->id + " are in force on the same days");
  by_event_.resize(event_type_count);
  for (const auto& r : rules_) {
    if (!r.gate) continue;
    for (auto t : r.applies_to) by_event_[static_cast<std::size_t>(t)].push_back(&r);
  }
}

const rule_catalogue& rule_catalogue::national() {
  static const rule_catalogue c(national_rules());
  return c;
}

const rule_definition* rule_catalogue::find(std::string_view id) const { return detail::latest_version(rules_, id); }

const rule_definition* rule_catalogue::find(std::string_view id, date on) const {
  return detail::version_on(rules_, id, on);
}

const rule_definition& rule_catalogue::at(std::string_view id) const {
  if (const auto* r = find(id)) return *r;
  throw error(error_code::unknown_rule, "no rule with id '" + std::string(id) + "' in the catalogue");
}

void rule_catalogue::evaluate(const gate_input& in, refusal_list& out) const {
  const date day = in.ev.day();
  for (const auto* r : by_event_[static_cast<std::size_t>(in.ev.type)])
    if (r->effective.always() || r->effective.covers(day)) r->gate(*r, in, out);
}

}  // namespace penaltyflow
