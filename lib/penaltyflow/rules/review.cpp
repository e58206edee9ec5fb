// Gates of review and approval (审核、法制审核、负责人审批: 程序规定 第四十九条 to 第五十六条; 处罚法 第五十八条),
// and the public predicates on when a legal review is needed.

#include "penaltyflow/rules/gates.hpp"

namespace penaltyflow {

namespace rules {

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

bool major_rights_case(std::uint8_t review_grounds) { return (review_grounds & review_ground::major_rights) != 0; }

}  // namespace rules

namespace gates {

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

}  // namespace gates

}  // namespace penaltyflow
