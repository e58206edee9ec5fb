// The catalogue of statutory periods: legal-rules.md section 1 (period table), every row.
// This file is the only place where a period's number is written.
#include <penaltyflow/error.hpp>
#include <penaltyflow/period.hpp>

#include "penaltyflow/detail/dated_catalogue.hpp"

#include <algorithm>

namespace penaltyflow {

std::string citation::text() const {
  std::string s = instrument;
  if (!revision.empty()) s += " (" + revision + ")";
  if (!article.empty()) s += " " + article;
  return s;
}

std::string join_citations(const std::vector<citation>& citations) {
  std::string s;
  for (const auto& c : citations) {
    if (!s.empty()) s += "; ";
    s += c.text();
  }
  return s;
}

std::string period_definition::citation_text() const { return join_citations(citations); }

bool period_definition::excludes(exclusion e) const {
  return e == exclusion::transit || std::find(exclusions.begin(), exclusions.end(), e) != exclusions.end();
}

namespace {

using u = period_unit;
using x = exclusion;
using pol = extension_policy;

// Instruments, with the revision whose text the rules reference read.
citation apl(const char* art) { return {"处罚法", "2021", art}; }        // 中华人民共和国行政处罚法
citation prc(const char* art) { return {"程序规定", "2022", art}; }      // 市场监督管理行政处罚程序规定
citation enf(const char* art) { return {"行政强制法", "2011", art}; }    // 中华人民共和国行政强制法
citation cmp(const char* art) { return {"投诉举报处理暂行办法", "2022", art}; }
citation pub(const char* art) { return {"公示规定", "2021", art}; }      // 市场监督管理行政处罚信息公示规定
citation xfr(const char* art) { return {"移送规定", "2020", art}; }      // 行政执法机关移送涉嫌犯罪案件的规定
citation rcn(const char* art) { return {"行政复议法", "2023", art}; }
citation rcn17(const char* art) { return {"行政复议法", "2017", art}; }
citation civ17(const char* art) { return {"民事诉讼法", "2017", art}; }

// 行政复议法 2023 (修订, in force 2024-01-01) replaced the 2017 text without a transitional clause: the version
// is chosen by the day the period starts (the application), an [M] modelling choice (docs/time-limits.md).
const date recon_2023_from{2024, 1, 1};
const in_force recon_2017{std::nullopt, date{2023, 12, 31}};
const in_force recon_2023{recon_2023_from, std::nullopt};
citation lit(const char* art) { return {"行政诉讼法", "2017", art}; }

struct row {
  const char* id;
  const char* rule;
  const char* zh;
  const char* en;
  int amount;
  period_unit unit;
  const char* start_zh;
  const char* start_en;
  std::vector<citation> cites;
  confidence tag = confidence::verified;
  extension_policy ext = pol::none;
  int cap = 0;
  std::vector<exclusion> excl = {};
  period_kind kind = period_kind::deadline;
  bool configurable = false;
  const char* note = "";
  in_force effective = {};
};

constexpr const char* xfer_unit_note =
    "移送规定 does not say whether its \"3日\" are working days and 处罚法 第八十五条 covers only that law's own "
    "periods: the unit is undetermined, natural days (the conservative reading) by default, configurable.";

std::vector<period_definition> national_periods() {
  // clang-format off
  const std::vector<row> rows = {
    // id                              rule                              zh / en
    {"jurisdiction-negotiation", "R-JURISDICTION", "管辖争议协商", "Negotiating a jurisdiction dispute",
     7, u::working_days, "管辖发生争议之日", "the day the dispute arises", {prc("第十三条")}},
    {"jurisdiction-designation", "R-JURISDICTION", "上级指定管辖", "Superior designates jurisdiction",
     7, u::working_days, "收到报请材料之日", "receipt of the request materials", {prc("第十六条")}},
    {"filing-decision", "R-INTAKE-VERIFY-DEADLINE", "核查并决定是否立案", "Verifying a clue and deciding on filing",
     15, u::working_days, "发现线索或者收到材料之日", "discovery of the clue or receipt of the materials",
     {prc("第十八条")}, confidence::verified, pol::once_capped, 15, {x::testing, x::rightholder_id}},
    {"reporter-notification", "R-INTAKE-VERIFY-DEADLINE", "告知实名举报人是否立案", "Telling a real-name reporter whether the case was filed",
     5, u::working_days, "作出是否立案决定之日", "the filing or no-filing decision", {cmp("第三十一条")}},
    {"emergency-measure-report", "R-PRESERVE", "紧急情况下采取措施后报告并补办批准", "Reporting an emergency measure and obtaining approval",
     24, u::hours, "采取先行登记保存或者行政强制措施之时", "taking the measure",
     {prc("第三十三条"), prc("第三十六条"), enf("第十九条")}},
    {"preservation-handling", "R-PRESERVE", "先行登记保存证据的处理", "Handling evidence under registration and preservation",
     7, u::working_days, "采取先行登记保存措施之日", "taking the preservation measure",
     {prc("第三十五条"), apl("第五十六条")}, confidence::verified, pol::none, 0, {}, period_kind::deadline, false,
     "处罚法 第五十六条 says \"七日\", a working-day period by 处罚法 第八十五条; unhandled preservation lapses."},
    {"seizure", "R-SEIZE", "查封、扣押期限", "Sealing up or seizure",
     30, u::natural_days, "实施查封、扣押之日", "the day of sealing up or seizure",
     {prc("第三十八条"), enf("第二十五条")}, confidence::verified, pol::once_capped, 30, {x::testing}},
    {"assistance", "R-INV-EVIDENCE", "协助调查", "Answering a request for assistance in an investigation",
     15, u::working_days, "收到协助调查函之日", "receipt of the request letter", {prc("第四十五条")}},
    {"review", "R-REVIEW-DEADLINE", "法制审核或者案件审核", "Legal or case review",
     10, u::working_days, "审核机构接到审核材料之日", "receipt of the review materials", {prc("第五十五条")},
     confidence::verified, pol::approved_uncapped, 0, {}, period_kind::deadline, false,
     "Extension with a head's approval; 程序规定 第五十五条 sets no maximum."},
    {"statement", "R-NOTICE", "陈述、申辩", "Statements and defence after the prior notice",
     5, u::working_days, "行政处罚告知书送达之日", "service of the prior-notice document",
     {prc("第五十七条")}},
    {"hearing-request", "R-HEARING-PROCEDURE", "要求听证", "Requesting a hearing",
     5, u::working_days, "行政处罚告知书送达之日", "service of the prior-notice document",
     {apl("第六十四条第一项"), prc("第五十七条")}},
    {"hearing-notice", "R-HEARING-PROCEDURE", "听证通知", "Notice of a hearing",
     7, u::working_days, "听证通知送达之日", "service of the hearing notice", {apl("第六十四条第二项")},
     confidence::verified, pol::none, 0, {}, period_kind::minimum_notice, false,
     "A minimum notice: the hearing may be held only after the 7 working days have run (on a day after the due date)."},
    {"decision", "R-DECISION-DEADLINE", "作出处理决定", "Decision after filing",
     90, u::natural_days, "立案之日", "the filing date", {prc("第六十四条"), apl("第六十条")},
     confidence::verified, pol::capped_then_collective, 30,
     {x::suspension, x::hearing, x::public_notice, x::testing, x::rightholder_id, x::refund_order}},
    {"publication-withdrawal", "R-PUBLISH-SOCIAL-IMPACT", "撤回已公开的行政处罚决定", "Withdrawing a published decision",
     3, u::working_days, "行政处罚决定被变更、撤销、确认违法或者确认无效之日", "the change, annulment or finding of illegality",
     {prc("第六十三条"), apl("第四十八条"), pub("第十一条")}},
    {"service", "R-SERVICE-DEADLINE", "送达行政处罚决定书", "Serving the decision when the party is absent",
     7, u::working_days, "作出行政处罚决定之日", "the decision date", {prc("第八十一条"), apl("第六十一条")}},
    {"public-notice-service", "R-SERVICE-METHODS", "公告送达", "Service by public notice (deemed served)",
     30, u::natural_days, "公告发布之日", "publication of the notice", {prc("第八十二条第五项")},
     confidence::verified, pol::none, 0, {}, period_kind::deadline, false,
     "The due date is the day the document is deemed served."},
    {"payment", "R-EXEC-PAYMENT", "缴纳罚款、没收的违法所得", "Paying the fine and the illegal gains",
     15, u::natural_days, "收到行政处罚决定书之日（当场处罚的，为当场交付之日）",
     "receipt of the decision (an on-the-spot decision: the day it is handed over)",
     {prc("第七十二条"), apl("第六十七条第三款"), apl("第五十三条")}},
    {"cash-hand-in", "R-SUMMARY-ONSPOT-COLLECTION", "当场收缴罚款交至行政机关", "Handing in a fine collected on the spot",
     2, u::working_days, "当场收缴罚款之日（水上为抵岸之日）", "collection (or landing, on water)",
     {prc("第七十三条"), apl("第七十一条")}},
    {"cash-bank-deposit", "R-SUMMARY-ONSPOT-COLLECTION", "罚款缴付指定银行", "Paying collected fines into the bank",
     2, u::working_days, "收到罚款之日", "receipt of the fines", {prc("第七十三条"), apl("第七十一条")}},
    {"summary-file-hand-in", "R-SUMMARY-DOCUMENT", "简易程序案件材料交至行政机关归档", "Handing in a summary-procedure file",
     7, u::working_days, "当场作出行政处罚决定之日", "the on-the-spot decision", {prc("第七十条")}},
    {"enforcement-reminder", "R-EXEC-COURT", "催告后履行期", "Performance period after a reminder",
     10, u::working_days, "当事人收到催告书之日", "receipt of the reminder (催告书)",
     {prc("第七十六条"), enf("第五十四条")}, confidence::verified, pol::none, 0, {}, period_kind::minimum_notice, false,
     "A minimum period: the court may be applied to only after the 10 working days have run."},
    {"court-enforcement-application", "R-EXEC-COURT", "申请人民法院强制执行", "Applying to the court for enforcement",
     3, u::months, "起诉期限届满之日（批准延期、分期缴纳的，为其期限结束之日，取其晚者）",
     "expiry of the time to sue (after an approved deferral, the deferral's end, whichever is later)",
     {prc("第七十六条"), enf("第五十三条"), {"最高人民法院关于适用《行政诉讼法》的解释", "2018", "第一百五十六条"},
      apl("第七十二条第二款"), prc("第七十六条第二款")}},
    {"court-acceptance", "R-EXEC-COURT", "法院受理强制执行申请", "Court accepts an enforcement application",
     5, u::working_days, "法院收到申请之日", "the court's receipt of the application", {enf("第五十六条"), enf("第六十九条")}},
    {"court-ruling", "R-EXEC-COURT", "法院作出执行裁定", "Court rules on an enforcement application",
     7, u::working_days, "法院受理之日", "acceptance by the court", {enf("第五十七条"), enf("第六十九条")}},
    {"closure", "R-CLOSE", "结案", "Closing the case",
     15, u::working_days, "结案事由发生之日", "the closing trigger (execution completed, etc.)", {prc("第七十七条")}},
    {"publication-gsxt", "R-PUBLISH-GSXT", "通过国家企业信用信息公示系统公示", "Publication on the enterprise credit system",
     20, u::working_days, "作出行政处罚决定之日", "the decision date", {pub("第九条")}},
    {"publication-gsxt-push", "R-PUBLISH-GSXT", "跨省推送公示信息", "Pushing a decision to another province for publication",
     10, u::working_days, "作出行政处罚决定之日", "the decision date", {pub("第十条")}},
    {"publication-gsxt-receiving", "R-PUBLISH-GSXT", "登记地公示推送的信息", "Publishing a decision pushed from another province",
     10, u::working_days, "收到推送信息之日", "receipt of the pushed information", {pub("第十条")}},
    {"publication-policy", "R-PUBLISH-POLICY-118", "行政处罚决定公开（国办发〔2018〕118号）", "Publication under the State Council policy",
     7, u::working_days, "作出行政处罚决定之日", "the decision date",
     {{"国办发〔2018〕118号", "2018", "三、(二)"}}, confidence::verified_partial, pol::none, 0, {},
     period_kind::deadline, true,
     "[V-partial]: read through a news report of the press conference, body not read. Many local 双公示 rules use 7 "
     "working days, 公示规定 第九条 allows 20: the profile chooses."},
    {"criminal-transfer-decision", "R-XFER-CRIM", "负责人决定是否移送涉嫌犯罪案件", "Head decides on a criminal transfer",
     3, u::natural_days, "收到移送报告之日", "receipt of the transfer report", {xfr("第五条第二款")},
     confidence::verified, pol::none, 0, {}, period_kind::deadline, true, xfer_unit_note},
    {"criminal-transfer-handover", "R-XFER-CRIM", "向公安机关移送", "Handing a criminal case to public security",
     24, u::hours, "批准移送之时", "approval of the transfer", {xfr("第五条第二款")}},
    {"criminal-police-decision", "R-XFER-CRIM", "公安机关决定是否立案", "Police decide whether to open a criminal case",
     3, u::natural_days, "公安机关接受移送之日", "the police's receipt of the case", {xfr("第八条")},
     confidence::verified, pol::none, 0, {}, period_kind::deadline, true, xfer_unit_note},
    {"criminal-reconsideration-request", "R-XFER-CRIM", "提请公安机关复议不予立案决定", "Asking the police to reconsider a refusal",
     3, u::natural_days, "收到不予立案通知书之日", "receipt of the refusal notice", {xfr("第九条")},
     confidence::verified, pol::none, 0, {}, period_kind::deadline, true, xfer_unit_note},
    {"criminal-police-reconsideration", "R-XFER-CRIM", "公安机关作出复议决定", "Police decide on the reconsideration request",
     3, u::natural_days, "收到复议请求之日", "receipt of the reconsideration request", {xfr("第九条")},
     confidence::verified, pol::none, 0, {}, period_kind::deadline, true, xfer_unit_note},
    {"criminal-exhibit-handover", "R-XFER-CRIM", "移交涉案物品和材料", "Handing over exhibits after the police open a case",
     3, u::natural_days, "收到立案通知书之日", "receipt of the police's filing notice", {xfr("第十二条")},
     confidence::verified, pol::none, 0, {}, period_kind::deadline, true, xfer_unit_note},
    // 行政复议法 2017 (applications up to 2023-12-31): its "日" are counted under 民事诉讼法's rules for periods
    // (2017 第四十条; 民事诉讼法 2017 第八十二条: the start day not counted, a last day off rolled forward).
    {"reconsideration-application", "R-RECON-APPLY", "申请行政复议", "Applying for administrative reconsideration",
     60, u::natural_days, "知道或者应当知道行政行为之日", "the day the party knew or should have known", {rcn17("第九条")},
     confidence::verified, pol::none, 0, {}, period_kind::deadline, false, "", recon_2017},
    {"reconsideration-answer", "R-RECON-RESPONSE", "被申请人提出书面答复并提交证据", "Respondent's written answer and evidence",
     10, u::natural_days, "收到复议申请书副本之日", "receipt of the application copy",
     {rcn17("第二十三条"), rcn17("第四十条"), civ17("第八十二条")},
     confidence::verified, pol::none, 0, {}, period_kind::deadline, false, "", recon_2017},
    {"reconsideration-decision", "R-RECON-RESPONSE", "作出行政复议决定", "Reconsideration decision",
     60, u::natural_days, "受理之日", "acceptance of the application", {rcn17("第三十一条")},
     confidence::verified, pol::once_capped, 30, {}, period_kind::deadline, false, "", recon_2017},
    // 行政复议法 2023 (applications from 2024-01-01): "三日、五日、七日、十日" are working days (第八十八条).
    {"reconsideration-application", "R-RECON-APPLY", "申请行政复议", "Applying for administrative reconsideration",
     60, u::natural_days, "知道或者应当知道行政行为之日", "the day the party knew or should have known", {rcn("第二十条")},
     confidence::verified, pol::none, 0, {}, period_kind::deadline, false, "", recon_2023},
    {"reconsideration-answer", "R-RECON-RESPONSE", "被申请人提出书面答复并提交证据", "Respondent's written answer and evidence",
     10, u::working_days, "收到复议申请书副本之日", "receipt of the application copy", {rcn("第四十八条"), rcn("第八十八条")},
     confidence::verified, pol::none, 0, {}, period_kind::deadline, false, "", recon_2023},
    {"reconsideration-answer-simplified", "R-RECON-RESPONSE", "简易程序被申请人提出书面答复并提交证据",
     "Respondent's written answer and evidence, simplified procedure",
     5, u::working_days, "收到复议申请书副本之日", "receipt of the application copy", {rcn("第五十四条"), rcn("第八十八条")},
     confidence::verified, pol::none, 0, {}, period_kind::deadline, false, "", recon_2023},
    {"reconsideration-decision", "R-RECON-RESPONSE", "作出行政复议决定", "Reconsideration decision",
     60, u::natural_days, "受理之日", "acceptance of the application", {rcn("第六十二条")},
     confidence::verified, pol::once_capped, 30, {}, period_kind::deadline, false, "", recon_2023},
    {"reconsideration-decision-simplified", "R-RECON-RESPONSE", "简易程序作出行政复议决定", "Reconsideration decision, simplified procedure",
     30, u::natural_days, "受理之日", "acceptance of the application", {rcn("第六十二条")},
     confidence::verified, pol::none, 0, {}, period_kind::deadline, false, "", recon_2023},
    {"litigation-direct", "R-LIT-FILE", "直接提起行政诉讼", "Bringing an administrative lawsuit directly",
     6, u::months, "知道或者应当知道作出行政行为之日", "the day the party knew or should have known", {lit("第四十六条")}},
    {"litigation-after-reconsideration", "R-LIT-FILE", "复议后提起行政诉讼", "Bringing a lawsuit after reconsideration",
     15, u::natural_days, "收到复议决定书之日", "receipt of the reconsideration decision", {lit("第四十五条")}},
    {"litigation-defence", "R-LIT-DEFENCE", "被告提交证据和答辩状", "Defendant's evidence and statement of defence",
     15, u::natural_days, "收到起诉状副本之日", "receipt of the complaint copy", {lit("第六十七条")}},
    {"limitation", "R-LIMITATION", "追责时效", "Limitation period for a penalty",
     2, u::years, "违法行为发生之日（连续或者继续状态的，行为终了之日）", "the act, or the end of a continuing act",
     {apl("第三十六条")}},
    {"limitation-extended", "R-LIMITATION", "追责时效（涉及生命健康安全、金融安全且有危害后果）",
     "Limitation period where life, health or financial safety was harmed",
     5, u::years, "违法行为发生之日（连续或者继续状态的，行为终了之日）", "the act, or the end of a continuing act",
     {apl("第三十六条")}},
  };
  // clang-format on
  std::vector<period_definition> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    period_definition p;
    p.id = r.id;
    p.rule_id = r.rule;
    p.title_zh = r.zh;
    p.title_en = r.en;
    p.amount = r.amount;
    p.unit = r.unit;
    p.kind = r.kind;
    p.start_zh = r.start_zh;
    p.start_en = r.start_en;
    p.citations = r.cites;
    p.tag = r.tag;
    p.configurable = r.configurable || r.tag != confidence::verified;
    p.note = r.note;
    if (p.id == "publication-policy") p.ceiling = "publication-gsxt";
    p.extension = r.ext;
    p.extension_cap = r.cap;
    p.exclusions = r.excl;
    p.effective = r.effective;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

const period_catalogue& period_catalogue::national() {
  static const period_catalogue catalogue(national_periods());
  return catalogue;
}

period_catalogue::period_catalogue(std::vector<period_definition> periods) : periods_(std::move(periods)) {
  if (const auto* p = detail::overlapping_version(periods_))
    throw invalid_argument_error("period catalogue: two versions of \"" + p->id + "\" are in force on the same days");
}

const period_definition* period_catalogue::find(std::string_view id) const {
  return detail::latest_version(periods_, id);
}

const period_definition& period_catalogue::at(std::string_view id) const {
  if (const auto* p = find(id)) return *p;
  throw unknown_period_error("no statutory period \"" + std::string(id) + "\" (`penaltyflow periods` lists them)");
}

const period_definition* period_catalogue::find(std::string_view id, date on) const {
  return detail::version_on(periods_, id, on);
}

const period_definition& period_catalogue::at(std::string_view id, date on) const {
  if (const auto* p = find(id, on)) return *p;
  if (!find(id)) at(id);  // throws: no such period at all
  throw unknown_period_error("no text of statutory period \"" + std::string(id) + "\" is in force on " +
                             to_iso(on));
}

period_catalogue period_catalogue::with_override(std::string_view id, int amount, period_unit unit) const {
  const auto& p = at(id);
  if (!p.configurable)
    throw not_configurable_error("period \"" + p.id + "\" is verified law (" + p.citation_text() +
                                 ") and cannot be overridden by a profile");
  if (amount <= 0) throw invalid_argument_error("period \"" + p.id + "\": amount must be positive");
  // A profile tightens, never loosens: a [V] period is configurable only for the unit its text leaves open
  // (移送规定's "3日"), so its amount stays the statutory one.
  if (p.tag == confidence::verified && amount != p.amount)
    throw not_configurable_error("period \"" + p.id + "\": the amount " + std::to_string(p.amount) +
                                 " is verified law (" + p.citation_text() +
                                 "); a profile may set only its unit, not the amount " + std::to_string(amount) +
                                 " / 法定期间数额不得由配置改变");
  // A period bounded by a [V] one may not exceed it (R-PUBLISH-POLICY-118 within R-PUBLISH-GSXT's 20 working days).
  if (!p.ceiling.empty()) {
    const auto& c = at(p.ceiling);
    if (unit != c.unit || amount > c.amount)
      throw not_configurable_error("period \"" + p.id + "\": " + std::to_string(amount) + " " +
                                   std::string(to_string(unit)) + " would exceed \"" + c.id + "\" (" +
                                   std::to_string(c.amount) + " " + std::string(to_string(c.unit)) + ", " +
                                   c.citation_text() + ", " + c.rule_id +
                                   " [V]): a profile may shorten it, not lengthen it / 不得长于法定期间");
  }
  period_catalogue copy = *this;
  for (auto& q : copy.periods_)
    if (q.id == id) {
      q.amount = amount;
      q.unit = unit;
    }
  return copy;
}

std::string_view to_string(period_unit v) noexcept {
  switch (v) {
    case period_unit::working_days: return "working_days";
    case period_unit::natural_days: return "natural_days";
    case period_unit::months: return "months";
    case period_unit::years: return "years";
    case period_unit::hours: return "hours";
  }
  return "?";
}

std::string_view to_string(confidence v) noexcept {
  switch (v) {
    case confidence::verified: return "V";
    case confidence::verified_partial: return "V-partial";
    case confidence::memory: return "M";
  }
  return "?";
}

std::string_view to_string(extension_policy v) noexcept {
  switch (v) {
    case extension_policy::none: return "none";
    case extension_policy::once_capped: return "once_capped";
    case extension_policy::capped_then_collective: return "capped_then_collective";
    case extension_policy::approved_uncapped: return "approved_uncapped";
  }
  return "?";
}

std::string_view to_string(exclusion v) noexcept {
  switch (v) {
    case exclusion::suspension: return "suspension";
    case exclusion::hearing: return "hearing";
    case exclusion::public_notice: return "public_notice";
    case exclusion::testing: return "testing";
    case exclusion::rightholder_id: return "rightholder_id";
    case exclusion::refund_order: return "refund_order";
    case exclusion::transit: return "transit";
  }
  return "?";
}

std::string_view to_string(period_kind v) noexcept {
  return v == period_kind::deadline ? "deadline" : "minimum_notice";
}

period_unit parse_period_unit(std::string_view s) {
  for (auto v : {period_unit::working_days, period_unit::natural_days, period_unit::months, period_unit::years,
                 period_unit::hours})
    if (to_string(v) == s) return v;
  throw invalid_argument_error("\"" + std::string(s) +
                               "\" is not a period unit (working_days, natural_days, months, years, hours)");
}

exclusion parse_exclusion(std::string_view s) {
  for (auto v : {exclusion::suspension, exclusion::hearing, exclusion::public_notice, exclusion::testing,
                 exclusion::rightholder_id, exclusion::refund_order, exclusion::transit})
    if (to_string(v) == s) return v;
  throw invalid_argument_error("\"" + std::string(s) +
                               "\" is not a kind of excluded time (suspension, hearing, public_notice, testing, "
                               "rightholder_id, refund_order, transit)");
}

}  // namespace penaltyflow
