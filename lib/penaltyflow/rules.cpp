// The catalogue of legal gates (legal-rules.md): registers each gate under its rule id, citations, titles and
// confidence, in the order the gates are evaluated. The gates themselves live in lib/penaltyflow/rules/, one file
// per section of the workflow's transition table (rules/gates.hpp lists them). Money thresholds that the law itself
// sets ([V]) are written once, beside their gate; amounts left to local rules or read only in part are profile
// values (profile.hpp). Period numbers live in period.cpp only.
#include <penaltyflow/error.hpp>
#include <penaltyflow/rules.hpp>

#include "penaltyflow/detail/dated_catalogue.hpp"
#include "penaltyflow/rules/gates.hpp"

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

}  // namespace rules

namespace gates {

void require_head(const rule_definition& r, const gate_input& in, refusal_list& out, const char* what_zh,
                  const char* what_en) {
  if (has_head(in.ev)) return;
  out.push_back(r.refuse(std::string(what_zh) + "须经市场监督管理部门负责人批准，事件中没有负责人",
                         std::string(what_en) + " needs the approval of a head of the bureau; no head acted",
                         {{"event", std::string(to_string(in.ev.type))}}));
}

}  // namespace gates

namespace {

using namespace gates;

const in_force recon_2017{std::nullopt, date{2023, 12, 31}};
const in_force recon_2023{recon_2023_from, std::nullopt};

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
  add("R-SUMMARY-ONSPOT-COLLECTION", {apl("第六十八条"), apl("第六十九条"), apl("第七十条"), apl("第七十一条"), prc("第七十三条")},
      "当场收缴罚款", "Collecting a fine on the spot", {et::cash_collected, et::cash_handed_in, et::cash_deposited}, gate_cash,
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
  throw unknown_rule_error("no rule with id '" + std::string(id) + "' in the catalogue");
}

void rule_catalogue::evaluate(const gate_input& in, refusal_list& out) const {
  const date day = in.ev.day();
  for (const auto* r : by_event_[static_cast<std::size_t>(in.ev.type)])
    if (r->effective.always() || r->effective.covers(day)) r->gate(*r, in, out);
}

}  // namespace penaltyflow
