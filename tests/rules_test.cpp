// One test pair per gate of the catalogue: the step that passes and the step that is refused, checking the
// rule id, the citation and the failing facts. Dates are worked out by hand in the comments (2024 national
// calendar: Qingming 4-6 April off, 7 April worked; May Day 1-5 May off, 28 April and 11 May worked).
#include "support/walker.hpp"

#include <penaltyflow/error.hpp>
#include <penaltyflow/rules.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>

using namespace pf_test;
namespace pf = penaltyflow;

// --- the catalogue itself --------------------------------------------------------------------------------

TEST(RuleCatalogue, EveryRuleHasIdCitationTitlesAndUniqueId) {
  std::set<std::string> ids;
  for (const auto& r : pf::rule_catalogue::national().all()) {
    // One entry per id and text in force (行政复议法 2017 and 2023 give two versions of its rules).
    EXPECT_TRUE(ids.insert(r.id + "@" + (r.effective.from ? pf::to_iso(*r.effective.from) : std::string())).second)
        << "duplicate " << r.id;
    EXPECT_EQ(r.id.rfind("R-", 0), 0U) << r.id;
    EXPECT_FALSE(r.citations.empty()) << r.id;
    EXPECT_FALSE(r.title_zh.empty()) << r.id;
    EXPECT_FALSE(r.title_en.empty()) << r.id;
    EXPECT_TRUE(r.gate || r.findings || r.id == "R-PROCEDURE-ORDER" || r.id == "R-CALENDAR-PROVISIONAL" ||
                r.id == "R-EXEC-PAYMENT" ||
                r.id == "R-EXEC-NO-SUSPENSION" || r.id == "R-ARCHIVE")
        << r.id << " neither gates nor finds";
  }
}

TEST(RuleCatalogue, UnknownRuleThrowsWithItsCode) {
  try {
    (void)pf::rule_catalogue::national().at("R-NO-SUCH-RULE");
    FAIL() << "no exception";
  } catch (const pf::error& e) {
    EXPECT_EQ(e.code(), pf::error_code::unknown_rule);
    EXPECT_NE(std::string(e.what()).find("R-NO-SUCH-RULE"), std::string::npos);
  }
}

TEST(RuleCatalogue, PartialAndMemoryRulesNameTheirProfileValues) {
  for (const auto& r : pf::rule_catalogue::national().all()) {
    if (r.tag != pf::confidence::verified) {
      EXPECT_FALSE(r.profile_values.empty()) << r.id;
    }
  }
  EXPECT_EQ(pf::rule_catalogue::national().at("R-HEARING-SCOPE").tag, pf::confidence::verified_partial);
  EXPECT_EQ(pf::rule_catalogue::national().at("R-COLLECTIVE-QUORUM").tag, pf::confidence::memory);
}

// --- actors -------------------------------------------------------------------------------------------------

TEST(Gates, TwoCertifiedOfficersFileTheCase) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));
  w.ok(filing("2024-03-05T10:00"));
  EXPECT_EQ(w.c.stage(), "investigation");
}

TEST(Gates, OfficerWhoseCertificateExpiredIsNotCounted) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));
  // B's certificate ran until 2024-03-04: not valid on the act's date, 2024-03-05.
  const auto r = w.refused(filing("2024-03-05T10:00", {officer("A"), officer("B", "2024-03-04")}));
  expect_refusal(r, "R-ACTOR-TWO-CERTIFIED", "处罚法 (2021) 第四十二条");
  const auto& x = find_refusal(r, "R-ACTOR-TWO-CERTIFIED");
  EXPECT_EQ(fact_value(x, "valid_officers"), "1");
  EXPECT_NE(fact_value(x, "certificate_not_valid").find("2024-03-04"), std::string::npos);
  EXPECT_NE(fact_value(x, "certificate_not_valid").find("B"), std::string::npos);
}

TEST(Gates, CertificateValidOnItsLastDayCounts) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));
  w.ok(filing("2024-03-05T10:00", {officer("A"), officer("B", "2024-03-05")}));
}

TEST(Gates, OneOfficerAloneCannotInvestigate) {
  walker w;
  w.to_investigation();
  const auto r = w.refused(act("2024-03-11T09:00", {officer("A")}));
  expect_refusal(r, "R-ACTOR-TWO-CERTIFIED", "程序规定 (2022) 第二十二条");
  auto twice = act("2024-03-11T09:00", {officer("A"), officer("A")});
  expect_refusal(w.refused(twice), "R-ACTOR-TWO-CERTIFIED", "第四十二条");  // one person counted once
}

TEST(Gates, RecusedOfficerTakesNoLaterRole) {
  walker w;
  w.to_investigation();
  w.ok(recusal("2024-03-08T09:00", "B", pf::actor_role::officer, {head()}));
  const auto r = w.refused(act("2024-03-11T09:00", {officer("A"), officer("B")}));
  expect_refusal(r, "R-ACTOR-RECUSAL", "处罚法 (2021) 第四十三条");
  EXPECT_NE(fact_value(find_refusal(r, "R-ACTOR-RECUSAL"), "recused_person").find("B"), std::string::npos);
  w.ok(act("2024-03-11T09:00", {officer("A"), officer("C")}));
}

namespace {
// The R-ACTOR-RECUSAL refusal (citing 程序规定 第四条) of `subject`'s recusal, who has `role`, by `deciders`.
pf::refusal refused_recusal(walker& w, const char* subject, pf::actor_role role, std::vector<pf::actor> deciders) {
  const auto r = w.refused(recusal("2024-03-08T09:00", subject, role, std::move(deciders)));
  expect_refusal(r, "R-ACTOR-RECUSAL", "程序规定 (2022) 第四条");
  return find_refusal(r, "R-ACTOR-RECUSAL");
}
}  // namespace

TEST(Gates, RecusalIsDecidedByAHead) {
  walker w;
  w.to_investigation();
  EXPECT_EQ(fact_value(refused_recusal(w, "B", pf::actor_role::officer, {officer("A")}), "head"), "-");
  auto roleless = recusal("2024-03-08T09:00", "B", pf::actor_role::officer, {head()});
  roleless.subject_role.reset();
  expect_refusal(w.refused(roleless), "R-ACTOR-RECUSAL", "程序规定 (2022) 第四条");
}

// 程序规定 第四条: the principal head's recusal by the heads' collective discussion, another head's by the
// principal head, anyone else's by a head.
TEST(Gates, ADeputyHeadCannotDecideThePrincipalHeadsRecusal) {
  walker w;
  w.to_investigation();
  const auto x = refused_recusal(w, "P1", pf::actor_role::principal_head, {head("H2")});
  EXPECT_EQ(fact_value(x, "subject_role"), "principal_head");
  EXPECT_EQ(fact_value(x, "approved_by"), "-");
  EXPECT_NE(x.message_zh.find("集体讨论"), std::string::npos);
  // A collective discussion of two heads (the national quorum) other than the person recused decides it.
  auto discussed = recusal("2024-03-08T09:00", "P1", pf::actor_role::principal_head, {head("H1"), head("H2")});
  discussed.approved_by = pf::approver::collective_discussion;
  auto one_head = discussed;
  one_head.actors = {head("H1"), principal("P1")};  // the principal head counts for nothing in its own recusal
  expect_refusal(w.refused(one_head), "R-ACTOR-RECUSAL", "程序规定 (2022) 第四条");
  w.ok(discussed);
  EXPECT_TRUE(w.c.facts().is_recused("P1"));
}

TEST(Gates, AnotherHeadsRecusalIsThePrincipalHeads) {
  walker w;
  w.to_investigation();
  EXPECT_EQ(fact_value(refused_recusal(w, "H2", pf::actor_role::head, {head("H1")}), "principal_head"), "-");
  // Nobody decides their own recusal.
  EXPECT_EQ(fact_value(refused_recusal(w, "P1", pf::actor_role::officer, {principal("P1")}), "subject"), "P1");
  w.ok(recusal("2024-03-08T09:00", "H2", pf::actor_role::head, {principal("P1")}));
  w.ok(recusal("2024-03-08T10:00", "A", pf::actor_role::officer, {head("H1")}));
}

TEST(Gates, InvestigatorMayNotReview) {
  walker w;
  w.to_review();
  auto self_review = reviewed("2024-04-03T09:00", pf::review_kind::case_review, pf::review_outcome::approved,
                              {person("A", pf::actor_role::reviewer)});
  const auto r = w.refused(self_review);
  expect_refusal(r, "R-ACTOR-REVIEWER-NOT-INVESTIGATOR", "程序规定 (2022) 第四十九条第三款");
  w.ok(reviewed("2024-04-03T09:00"));
  EXPECT_EQ(w.c.stage(), "approval");
}

TEST(Gates, FirstTimeLegalReviewerNeedsTheQualification) {
  walker w;
  w.to_review(pf::review_ground::major_public_interest);
  const auto r = w.refused(reviewed("2024-04-03T09:00", pf::review_kind::legal_review, pf::review_outcome::approved,
                                    {legal_reviewer("L2", false)}));
  expect_refusal(r, "R-ACTOR-LEGAL-REVIEWER-QUALIFICATION", "处罚法 (2021) 第五十八条第二款");
  auto experienced = legal_reviewer("L3", false);
  experienced.experienced_legal_reviewer = true;  // 非初次: the exam requirement does not apply
  w.ok(reviewed("2024-04-03T09:00", pf::review_kind::legal_review, pf::review_outcome::approved, {experienced}));
}

// 处罚法 第五十八条第二款 is a law: 律师资格 alone never qualifies a first-time legal reviewer, in any profile.
TEST(Gates, LawyerQualificationAloneNeverQualifiesAFirstTimeReviewer) {
  auto lawyer = legal_reviewer("L4", false);
  lawyer.lawyer_qualification = true;
  const auto ev_lawyer = reviewed("2024-04-03T09:00", pf::review_kind::legal_review, pf::review_outcome::approved, {lawyer});
  walker national;
  national.to_review(pf::review_ground::major_public_interest);
  expect_refusal(national.refused(ev_lawyer), "R-ACTOR-LEGAL-REVIEWER-QUALIFICATION", "第五十一条");
  walker liaoning(pf::profile::load(std::string(PENALTYFLOW_SOURCE_DIR) + "/data/profiles/liaoning.json"));
  liaoning.to_review(pf::review_ground::major_public_interest);
  expect_refusal(liaoning.refused(ev_lawyer), "R-ACTOR-LEGAL-REVIEWER-QUALIFICATION", "处罚法 (2021) 第五十八条第二款");
}

// --- intake ---------------------------------------------------------------------------------------------------

TEST(Gates, FilingNeedsAllThreeStatedConditions) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));
  auto e = filing("2024-03-05T10:00");
  e.conditions = pf::filing_condition::evidence | pf::filing_condition::penalty_due;
  const auto r = w.refused(e);
  expect_refusal(r, "R-FILING-CONDITIONS", "程序规定 (2022) 第十九条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-FILING-CONDITIONS"), "missing_condition"), "jurisdiction (三)");
}

TEST(Gates, FilingAfterTheTwoYearLimitationIsRefused) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));
  // The act of 2022-02-20: two years end 2024-02-20 (a Tuesday); discovered 2024-03-01.
  const auto r = w.refused(filing("2024-03-05T10:00", {officer("A"), officer("B")}, "2022-02-20"));
  expect_refusal(r, "R-LIMITATION", "处罚法 (2021) 第三十六条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-LIMITATION"), "limitation_end"), "2024-02-20");
}

TEST(Gates, FiveYearLimitationAppliesWithHarmToLifeHealthOrFinancialSafety) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));
  auto e = filing("2024-03-05T10:00", {officer("A"), officer("B")}, "2022-02-20");
  e.grave_harm = true;
  w.ok(e);
}

TEST(Gates, ContinuingActCountsFromItsEnd) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));
  auto e = filing("2024-03-05T10:00", {officer("A"), officer("B")}, "2021-01-01");
  e.violation_end = pf::parse_date("2023-06-30");
  w.ok(e);
}

TEST(Gates, VerificationExtendedOnceByAtMostFifteenWorkingDays) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));
  auto too_long = ev(et::verification_extended, "2024-03-20T09:00", {head()});
  too_long.extension = 16;
  expect_refusal(w.refused(too_long), "R-INTAKE-VERIFY-DEADLINE", "程序规定 (2022) 第十八条");
  auto ext = too_long;
  ext.extension = 15;
  w.ok(ext);
  auto again = ext;
  again.extension = 1;
  expect_refusal(w.refused(again), "R-INTAKE-VERIFY-DEADLINE", "第十八条");
}

TEST(Gates, NotFilingNeedsAGroundAndAHead) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));
  auto e = ev(et::filing_refused, "2024-03-05T09:00", {officer("A")});
  const auto r = w.refused(e);
  expect_refusal(r, "R-NO-FILING", "程序规定 (2022) 第二十条");
  EXPECT_EQ(std::count_if(r.begin(), r.end(), [](const pf::refusal& x) { return x.rule_id == "R-NO-FILING"; }), 2);
  e.actors = {head()};
  e.ground = "违法行为轻微并及时改正，没有造成危害后果";
  w.ok(e);
  EXPECT_EQ(w.c.stage(), "not_filed");
}

// --- measures ----------------------------------------------------------------------------------------------------

TEST(Gates, PreservationNeedsHeadApprovalUnlessEmergency) {
  walker w;
  w.to_investigation();
  auto e = ev(et::evidence_preserved, "2024-03-06T09:00", {officer("A"), officer("B")});
  e.subject = "BC-1";
  expect_refusal(w.refused(e), "R-PRESERVE", "处罚法 (2021) 第五十六条");
  e.emergency = true;
  w.ok(e);
  auto unknown = ev(et::preservation_handled, "2024-03-08T09:00", {officer("A"), officer("B")});
  unknown.subject = "BC-9";
  expect_refusal(w.refused(unknown), "R-PRESERVE", "程序规定 (2022) 第三十五条");
}

TEST(Gates, SeizureExtendedOnceByAtMostThirtyDaysBeforeExpiry) {
  walker w;
  w.to_investigation();
  auto s = ev(et::seizure_ordered, "2024-03-06T09:00", {officer("A"), officer("B"), head()});
  s.subject = "KY-1";
  w.ok(s);
  auto ext = ev(et::seizure_extended, "2024-04-01T09:00", {head()});
  ext.subject = "KY-1";
  ext.extension = 31;
  expect_refusal(w.refused(ext), "R-SEIZE", "程序规定 (2022) 第三十八条");
  ext.extension = 30;
  w.ok(ext);
  ext.extension = 5;
  expect_refusal(w.refused(ext), "R-SEIZE", "行政强制法 (2011) 第二十五条");
}

TEST(Gates, SeizureCannotBeExtendedAfterItExpired) {
  walker w;
  w.to_investigation();
  auto s = ev(et::seizure_ordered, "2024-03-06T09:00", {officer("A"), officer("B"), head()});
  s.subject = "KY-1";
  w.ok(s);
  // 30 days from 2024-03-06 end on 2024-04-05, a holiday (Qingming): rolled to Sunday 2024-04-07, a
  // working day in 2024.
  auto late = ev(et::seizure_extended, "2024-04-08T09:00", {head()});
  late.subject = "KY-1";
  late.extension = 10;
  const auto r = w.refused(late);
  expect_refusal(r, "R-SEIZE", "第三十八条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-SEIZE"), "expires"), "2024-04-07");
}

// --- suspension, termination, transfers ---------------------------------------------------------------------

TEST(Gates, SuspensionNeedsAGroundAndAHead) {
  walker w;
  w.to_investigation();
  auto e = ev(et::suspended, "2024-03-10T09:00", {officer("A")});
  const auto r = w.refused(e);
  expect_refusal(r, "R-SUSPEND", "程序规定 (2022) 第四十六条");
  e.actors = {head()};
  e.ground = "当事人下落不明";
  w.ok(e);
  EXPECT_EQ(w.c.stage(), "suspended");
}

TEST(Gates, TerminationNeedsAGroundAndAHead) {
  walker w;
  w.to_investigation();
  auto e = ev(et::investigation_terminated, "2024-03-10T09:00", {head()});
  expect_refusal(w.refused(e), "R-TERMINATE", "程序规定 (2022) 第四十七条");
  e.ground = "当事人死亡且无权利义务承受人";
  w.ok(e);
  EXPECT_EQ(w.c.stage(), "closing");
}

TEST(Gates, ReceivedTransferMayNotBeTransferredOnToAnotherBureau) {
  walker w;
  auto c = clue("2024-03-01T09:00");
  c.received_by_transfer = true;
  w.ok(c);
  w.ok(filing("2024-03-05T10:00"));
  auto x = ev(et::transferred, "2024-03-10T09:00", {head()});
  x.ground = "不属于本部门管辖";
  x.subject = "market_regulation";
  expect_refusal(w.refused(x), "R-XFER-ADMIN", "程序规定 (2022) 第十四条");
  x.subject = "other_agency";
  w.ok(x);
}

TEST(Gates, CriminalReferralIsReportedByATeamAndDecidedByThePrincipalHead) {
  walker w;
  w.to_investigation();
  auto rep = ev(et::criminal_referral_reported, "2024-03-10T09:00", {officer("A")});
  expect_refusal(w.refused(rep), "R-XFER-CRIM", "移送规定 (2020) 第五条");
  rep.actors = {officer("A"), officer("B")};
  w.ok(rep);
  auto dec = ev(et::criminal_transfer_decided, "2024-03-11T09:00", {head()});
  dec.approved = true;
  expect_refusal(w.refused(dec), "R-XFER-CRIM", "第五条");
  dec.actors = {principal()};
  w.ok(dec);
}

// --- investigation report and review ---------------------------------------------------------------------------

TEST(Gates, InvestigationReportNeedsItsSixItems) {
  walker w;
  w.to_investigation();
  auto e = ended("2024-04-01T09:00");
  e.items = pf::report_item::all & ~pf::report_item::discretion;
  const auto r = w.refused(e);
  expect_refusal(r, "R-INV-END-REPORT", "程序规定 (2022) 第四十八条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-INV-END-REPORT"), "missing_item"), "discretion");
}

TEST(Gates, CaseInLegalReviewScopeCannotBeApprovedOnACaseReview) {
  walker w;
  w.to_review(pf::review_ground::major_public_interest);
  w.ok(reviewed("2024-04-03T09:00", pf::review_kind::case_review));
  const auto r = w.refused(approved("2024-04-05T09:00", fine_yuan(5000)));
  expect_refusal(r, "R-REVIEW-ROUTING", "程序规定 (2022) 第五十条");
}

TEST(Gates, LocalAmountWidensTheLegalReviewScope) {
  // Liaoning example profile: 500,000 yuan and above needs 法制审核 (an illustrative profile value).
  walker w(pf::profile::load(std::string(PENALTYFLOW_SOURCE_DIR) + "/data/profiles/liaoning.json"));
  w.to_approval();
  expect_refusal(w.refused(approved("2024-04-05T09:00", fine_yuan(500000))), "R-REVIEW-ROUTING", "第五十条");
  w.ok(approved("2024-04-05T09:00", fine_yuan(499999)));
}

TEST(Gates, ReviewExtensionNeedsAHead) {
  walker w;
  w.to_review();
  auto e = ev(et::review_extended, "2024-04-10T09:00", {reviewer()});
  e.extension = 5;
  expect_refusal(w.refused(e), "R-REVIEW-DEADLINE", "程序规定 (2022) 第五十五条");
  e.actors = {head()};
  w.ok(e);
}

// --- notice, statements, hearing -------------------------------------------------------------------------------

TEST(Gates, DecisionBeforeTheFiveWorkingDaysIsRefused) {
  walker w;
  w.to_notice();
  // Notice served Monday 2024-04-08; the statement period ends 2024-04-15.
  const auto r = w.refused(decision("2024-04-15T09:00", fine_yuan(5000)));
  expect_refusal(r, "R-NOTICE", "处罚法 (2021) 第六十二条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-NOTICE"), "statement_due"), "2024-04-15");
  w.ok(decision("2024-04-16T09:00", fine_yuan(5000)));
}

TEST(Gates, WaiverAllowsAnEarlierDecision) {
  walker w;
  w.to_notice();
  w.ok(ev(et::rights_waived, "2024-04-09T09:00"));
  w.ok(decision("2024-04-10T09:00", fine_yuan(5000)));
}

TEST(Gates, NoticeOfAPenaltyInHearingScopeMustStateTheHearingRight) {
  walker w;
  w.to_approval();
  w.ok(approved("2024-04-05T09:00", fine_yuan(100000)));
  expect_refusal(w.refused(notice("2024-04-08T09:00", fine_yuan(100000), false)), "R-NOTICE", "程序规定 (2022) 第五十七条");
  w.ok(notice("2024-04-08T09:00", fine_yuan(100000), true));
}

TEST(Gates, HeavierPenaltyThanNotifiedNeedsANewNotice) {
  walker w;
  w.to_notice();
  expect_refusal(w.refused(decision("2024-04-16T09:00", fine_yuan(6000))), "R-NOTICE", "第四十四条");
}

TEST(Gates, StatementsMustBeReExaminedAndNeverMakeThePenaltyHeavier) {
  walker w;
  w.to_notice();
  w.ok(ev(et::statements_filed, "2024-04-09T09:00"));
  expect_refusal(w.refused(decision("2024-04-16T09:00", fine_yuan(5000))), "R-DEFENCE-REVIEW",
                 "程序规定 (2022) 第五十八条");
  w.ok(ev(et::statements_reviewed, "2024-04-10T09:00", {officer("A"), officer("B")}));
  const auto r = w.refused(decision("2024-04-16T09:00", fine_yuan(8000)));
  expect_refusal(r, "R-DEFENCE-REVIEW", "处罚法 (2021) 第四十五条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-DEFENCE-REVIEW"), "decided_fine"), "8000.00元");
  w.ok(decision("2024-04-16T09:00", fine_yuan(4000)));  // lighter: allowed
}

TEST(Gates, HearingAmountIsInclusive) {
  // Organisation: 100,000 yuan and above (以上 includes the amount, 程序规定 第八十四条).
  walker w;
  w.to_notice(fine_yuan(100000), true);
  w.ok(ev(et::hearing_requested, "2024-04-10T09:00"));
  EXPECT_EQ(w.c.stage(), "hearing");
}

TEST(Gates, HearingOutsideTheScopeIsRefused) {
  walker w;
  pf::penalty p = fine_yuan(99999);
  p.fine_fen += 99;  // 99,999.99 yuan
  w.to_notice(p, false);
  const auto r = w.refused(ev(et::hearing_requested, "2024-04-10T09:00"));
  expect_refusal(r, "R-HEARING-SCOPE", "处罚法 (2021) 第六十三条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-HEARING-SCOPE"), "hearing_amount"), "100000.00元");
}

TEST(Gates, HearingScopeForANaturalPersonIsAProfileValue) {
  pf::profile p;
  p.hearing_amount_natural_fen = 500000;  // 5,000 yuan
  walker w(p);
  w.ok(clue("2024-03-01T09:00", pf::party_kind::natural_person));
  w.ok(filing("2024-03-05T10:00"));
  w.ok(act("2024-03-11T09:00"));
  w.ok(ended("2024-04-01T09:00"));
  w.ok(reviewed("2024-04-03T09:00"));
  w.ok(approved("2024-04-05T09:00", fine_yuan(5000)));
  w.ok(notice("2024-04-08T09:00", fine_yuan(5000), true));
  w.ok(ev(et::hearing_requested, "2024-04-10T09:00"));
}

TEST(Gates, HearingRequestedAfterFiveWorkingDaysIsRefused) {
  walker w;
  w.to_notice(fine_yuan(100000), true);
  // Served 2024-04-08: the 5 working days end 2024-04-15 (inclusive).
  const auto r = w.refused(ev(et::hearing_requested, "2024-04-16T09:00"));
  expect_refusal(r, "R-HEARING-PROCEDURE", "处罚法 (2021) 第六十四条第一项");
  EXPECT_EQ(fact_value(find_refusal(r, "R-HEARING-PROCEDURE"), "request_due"), "2024-04-15");
  w.ok(ev(et::hearing_requested, "2024-04-15T17:00"));
}

TEST(Gates, HearingNoticedLessThanSevenWorkingDaysAheadIsRefused) {
  walker w;
  w.to_notice(fine_yuan(100000), true);
  w.ok(ev(et::hearing_requested, "2024-04-10T09:00"));
  // Noticed Tuesday 2024-04-16: 17, 18, 19, 22, 23, 24, 25 April; the hearing may be held from 26 April.
  auto n = ev(et::hearing_noticed, "2024-04-16T09:00", {host()});
  n.scheduled = d("2024-04-25");
  const auto r = w.refused(n);
  expect_refusal(r, "R-HEARING-PROCEDURE", "处罚法 (2021) 第六十四条第二项");
  EXPECT_EQ(fact_value(find_refusal(r, "R-HEARING-PROCEDURE"), "notice_period_ends"), "2024-04-25");
  n.scheduled = d("2024-04-26");
  w.ok(n);
  expect_refusal(w.refused(ev(et::hearing_held, "2024-04-25T09:00", {host()})), "R-HEARING-PROCEDURE", "第六十四条第二项");
  w.ok(ev(et::hearing_held, "2024-04-26T09:00", {host()}));
}

TEST(Gates, InvestigatorMayNotHostTheHearing) {
  walker w;
  w.to_notice(fine_yuan(100000), true);
  w.ok(ev(et::hearing_requested, "2024-04-10T09:00"));
  auto n = ev(et::hearing_noticed, "2024-04-16T09:00", {person("A", pf::actor_role::hearing_host)});
  n.scheduled = d("2024-04-26");
  expect_refusal(w.refused(n), "R-ACTOR-HEARING-HOST", "处罚法 (2021) 第六十四条第四项");
}

// --- decision ----------------------------------------------------------------------------------------------------

TEST(Gates, DecisionWithoutReviewIsRefused) {
  walker w;
  w.to_investigation();
  const auto r = w.refused(decision("2024-04-16T09:00", fine_yuan(5000)));
  expect_refusal(r, "R-REVIEW-ROUTING", "程序规定 (2022) 第四十九条");
  expect_refusal(r, "R-NOTICE", "处罚法 (2021) 第六十二条");
  expect_refusal(r, "R-PROCEDURE-ORDER", "程序规定");
  const auto& order = find_refusal(r, "R-PROCEDURE-ORDER");
  EXPECT_EQ(fact_value(order, "stage"), "investigation");
  EXPECT_EQ(fact_value(order, "event"), "decision");
  EXPECT_NE(order.message_en.find("investigation"), std::string::npos);
}

namespace {
// A major-rights case (程序规定 第五十条第一款第二项) heard on 2024-04-26, its legal review `review_day`.
void heard_major_rights_case(walker& w, const char* review_day) {
  w.to_review(pf::review_ground::major_rights);
  w.ok(reviewed(review_day, pf::review_kind::legal_review));
  const auto p = fine_yuan(200000);
  w.ok(approved("2024-04-05T09:00", p));
  w.ok(notice("2024-04-08T09:00", p, true));
  w.to_heard();
}
}  // namespace

// The review exists but is in the wrong place: the refusal cites the paragraph that places it.
TEST(Gates, LegalReviewBeforeTheHearingIsRefusedUnderArticleFiftyParagraphTwo) {
  walker w;
  heard_major_rights_case(w, "2024-04-03T09:00");
  w.ok(collective("2024-04-29T09:00"));
  const auto r = w.refused(decision("2024-04-30T09:00", fine_yuan(200000)));
  const auto& x = find_refusal(r, "R-REVIEW-ROUTING");
  EXPECT_EQ(x.citation, "程序规定 (2022) 第五十条第二款");
  EXPECT_EQ(fact_value(x, "legal_review_passed"), "2024-04-03");
  EXPECT_EQ(fact_value(x, "hearing_held"), "2024-04-26");
  EXPECT_NE(x.message_en.find("before the hearing"), std::string::npos) << x.message_en;
  EXPECT_NE(x.message_zh.find("听证程序结束后"), std::string::npos) << x.message_zh;
  EXPECT_EQ(x.message_en.find("no decision without a passed review"), std::string::npos) << x.message_en;
}

// 程序规定 第五十条: a legal review the law does not require after the hearing is accepted and recorded.
TEST(Gates, VoluntaryLegalReviewAfterAHearingIsAcceptedAndRecorded) {
  walker w;
  w.to_notice(fine_yuan(200000), true);
  w.to_heard();
  ASSERT_EQ(w.c.stage(), "decision_pending");
  const auto before = w.c.facts().tally.legal_reviews;
  w.ok(reviewed("2024-04-29T09:00", pf::review_kind::legal_review));
  EXPECT_EQ(w.c.stage(), "decision_pending");
  EXPECT_EQ(w.c.facts().legal_review_passed, d("2024-04-29"));
  EXPECT_EQ(w.c.facts().tally.legal_reviews, before + 1);
  // A case review is not what the law lets a bureau add here.
  expect_refusal(w.refused(reviewed("2024-04-29T10:00", pf::review_kind::case_review)), "R-PROCEDURE-ORDER",
                 "程序规定");
  w.ok(decision("2024-04-30T09:00", fine_yuan(200000)));
}

TEST(Gates, MajorCasePenaltyNeedsCollectiveDiscussion) {
  walker w;
  w.to_review(pf::review_ground::complex);
  w.ok(reviewed("2024-04-03T09:00", pf::review_kind::legal_review));
  w.ok(approved("2024-04-05T09:00", fine_yuan(5000)));
  w.ok(notice("2024-04-08T09:00", fine_yuan(5000)));
  expect_refusal(w.refused(decision("2024-04-16T09:00", fine_yuan(5000))), "R-COLLECTIVE-DISCUSSION",
                 "程序规定 (2022) 第六十条第二款");
  w.ok(collective("2024-04-16T09:00"));
  w.ok(decision("2024-04-16T15:00", fine_yuan(5000)));
}

TEST(Gates, CollectiveDiscussionNeedsTheProfileQuorum) {
  walker w;
  w.to_review();
  auto e = ev(et::collective_discussion, "2024-04-02T09:00", {principal()});
  e.subject = "decision";
  const auto r = w.refused(e);
  expect_refusal(r, "R-COLLECTIVE-QUORUM", "集体讨论规则");
  EXPECT_EQ(fact_value(find_refusal(r, "R-COLLECTIVE-QUORUM"), "heads"), "1");
  e.actors.push_back(head("H2"));
  w.ok(e);
}

TEST(Gates, DecisionDocumentNeedsTheSevenItemsAndTheSeal) {
  walker w;
  w.to_notice();
  auto e = decision("2024-04-16T09:00", fine_yuan(5000));
  e.items = pf::decision_item::all & ~pf::decision_item::seal & ~pf::decision_item::remedies;
  const auto r = w.refused(e);
  expect_refusal(r, "R-DECISION-DOCUMENT", "程序规定 (2022) 第六十二条");
  std::string missing;
  for (const auto& f : find_refusal(r, "R-DECISION-DOCUMENT").facts) missing += f.value + ",";
  EXPECT_EQ(missing, "remedies,seal,");
}

TEST(Gates, ExtensionByAHeadIsCappedAndFurtherOnesNeedCollectiveDiscussion) {
  walker w;
  w.to_investigation();
  auto e = ev(et::decision_period_extended, "2024-05-20T09:00", {head()});
  e.extension = 31;
  e.approved_by = pf::approver::head;
  expect_refusal(w.refused(e), "R-DECISION-DEADLINE", "程序规定 (2022) 第六十四条第一款");
  e.extension = 30;
  w.ok(e);
  auto again = e;
  again.at = at("2024-06-20T09:00");
  expect_refusal(w.refused(again), "R-DECISION-DEADLINE", "第六十四条第一款");
  again.approved_by = pf::approver::collective_discussion;
  again.extension = 60;
  const auto r = w.refused(again);  // no collective discussion of the extension yet
  EXPECT_EQ(fact_value(find_refusal(r, "R-DECISION-DEADLINE"), "collective_discussion"), "-");
  w.ok(collective("2024-06-20T08:00", "extension"));
  w.ok(again);
}

TEST(Gates, NoPenaltyNeedsAGroundAndEducationBeforeClosing) {
  walker w;
  w.to_approval();
  w.ok(approved_other("2024-04-05T09:00"));
  expect_refusal(w.refused(decision_other("2024-04-08T09:00", pf::decision_outcome::no_penalty)), "R-NO-PENALTY",
                 "处罚法 (2021) 第三十三条");
  w.ok(decision_other("2024-04-08T09:00", pf::decision_outcome::no_penalty, "初次违法且危害后果轻微并及时改正"));
  const auto r = w.refused(closed("2024-04-09T09:00"));
  expect_refusal(r, "R-NO-PENALTY", "程序规定 (2022) 第六十一条");
  EXPECT_TRUE(has_rule(r, "R-PROCEDURE-ORDER"));
}

// 处罚法 第三十条, 第三十一条, 第三十三条: a no-penalty decision that applies 首违不罚 or another exemption records
// every fact of its ground (首违不罚: first violation, minor harm, corrected), and a penalty cannot rest on one.
TEST(Gates, NoPenaltyOnAGroundNeedsEveryFactOfIt) {
  namespace x = pf::exemption_fact;
  struct row {
    pf::discretion applied;
    std::uint8_t partial, full;
    const char* fact;  ///< a fact of the refusal, and its value
    const char* value;
  };
  for (const auto& c : {row{pf::discretion::first_violation, x::first_violation | x::corrected, x::first_violation_ground,
                            "missing", "minor_harm"},
                        row{pf::discretion::exempt, x::minor_violation | x::corrected, x::minor_ground,
                            "exemption_facts", "minor_violation,corrected"}}) {
    walker w;
    w.to_approval();
    w.ok(approved_other("2024-04-05T09:00"));
    auto dec = decision_other("2024-04-08T09:00", pf::decision_outcome::no_penalty, "不予处罚");
    dec.applied = c.applied;
    dec.exemption_facts = c.partial;
    const auto r = w.refused(dec);
    expect_refusal(r, "R-NO-PENALTY", "处罚法 (2021) 第三十三条");
    EXPECT_EQ(fact_value(find_refusal(r, "R-NO-PENALTY"), c.fact), c.value);
    dec.exemption_facts = c.full;
    w.ok(dec);
  }
}

TEST(Gates, APenaltyCannotRestOnANoPenaltyGround) {
  walker w;
  w.to_notice();
  auto fine = decision("2024-04-16T09:00", fine_yuan(5000));
  fine.applied = pf::discretion::first_violation;
  fine.exemption_facts = pf::exemption_fact::first_violation_ground;
  const auto r = w.refused(fine);
  expect_refusal(r, "R-NO-PENALTY", "处罚法 (2021) 第三十三条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-NO-PENALTY"), "discretion"), "first_violation");
  // The facts of a ground on which the law gives no penalty (第三十三条第二款: no fault; 第三十条: under 14).
  for (const std::uint8_t facts : {pf::exemption_fact::no_fault, pf::exemption_fact::under_fourteen,
                                   pf::exemption_fact::incapacity, pf::exemption_fact::minor_ground}) {
    auto x = decision("2024-04-16T09:00", fine_yuan(5000));
    x.exemption_facts = facts;
    expect_refusal(w.refused(x), "R-NO-PENALTY", "处罚法 (2021) 第三十条");
  }
  // 首违不罚 is "可以": with its facts recorded but not applied, a penalty stays lawful.
  auto discretionary = decision("2024-04-16T09:00", fine_yuan(5000));
  discretionary.exemption_facts = pf::exemption_fact::first_violation_ground;
  w.ok(discretionary);
  // On the spot as well.
  walker v;
  auto spot = on_spot("2024-03-01T10:00", pf::party_kind::natural_person, fine_yuan(100));
  spot.applied = pf::discretion::exempt;
  expect_refusal(v.refused(spot), "R-NO-PENALTY", "处罚法 (2021) 第三十一条");
}

// --- summary procedure ----------------------------------------------------------------------------------------

// 处罚法 第四十四条, 第六十二条; 程序规定 第六十九条: no on-the-spot penalty without the notice and the record.
TEST(Gates, OnTheSpotDecisionNeedsTheNoticeAndTheRecordedStatements) {
  walker w;
  auto bare = on_spot("2024-03-01T10:00", pf::party_kind::natural_person, fine_yuan(100));
  bare.items = pf::summary_item::penalty | pf::summary_item::facts | pf::summary_item::basis;
  const auto r = w.refused(bare);
  expect_refusal(r, "R-SUMMARY-NOTICE", "处罚法 (2021) 第四十四条");
  expect_refusal(r, "R-SUMMARY-NOTICE", "程序规定 (2022) 第六十九条");
  const auto& x = find_refusal(r, "R-SUMMARY-NOTICE");
  std::set<std::string> missing;
  for (const auto& f : x.facts) missing.insert(f.value);
  EXPECT_EQ(missing, (std::set<std::string>{"reasons", "rights", "statements"}));
  w.ok(on_spot("2024-03-01T10:00", pf::party_kind::natural_person, fine_yuan(100)));
  // The hearing right does not apply to the summary procedure: there is no hearing step to take.
  expect_refusal(w.refused(ev(et::hearing_requested, "2024-03-01T11:00")), "R-PROCEDURE-ORDER", "程序规定");
}

TEST(Gates, SummaryProcedureLimitsAreInclusive) {
  pf::penalty two_hundred = fine_yuan(200);
  pf::penalty over = two_hundred;
  over.fine_fen += 1;  // 200.01 yuan
  walker a;
  a.ok(on_spot("2024-03-01T10:00", pf::party_kind::natural_person, two_hundred));
  EXPECT_EQ(a.c.stage(), "summary");
  walker b;
  const auto r = b.refused(on_spot("2024-03-01T10:00", pf::party_kind::natural_person, over));
  expect_refusal(r, "R-SUMMARY-THRESHOLD", "处罚法 (2021) 第五十一条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-SUMMARY-THRESHOLD"), "fine"), "200.01元");
  walker c;
  c.ok(on_spot("2024-03-01T10:00", pf::party_kind::organisation, fine_yuan(3000)));
  walker e;
  pf::penalty org_over = fine_yuan(3000);
  org_over.fine_fen += 1;
  expect_refusal(e.refused(on_spot("2024-03-01T10:00", pf::party_kind::organisation, org_over)),
                 "R-SUMMARY-THRESHOLD", "程序规定 (2022) 第六十六条");
  walker f;
  f.ok(on_spot("2024-03-01T10:00", pf::party_kind::organisation, warning()));
  walker g;
  pf::penalty confiscate = fine_yuan(100);
  confiscate.add(pf::penalty_kind::confiscation);
  confiscate.illegal_gains_fen = 100;
  expect_refusal(g.refused(on_spot("2024-03-01T10:00", pf::party_kind::organisation, confiscate)),
                 "R-SUMMARY-THRESHOLD", "第五十一条");
}

TEST(Gates, SummaryFileIsHandedInOnlyAfterFilingWithTheAgency) {
  walker w;
  w.ok(on_spot("2024-03-01T10:00", pf::party_kind::natural_person, fine_yuan(100)));
  expect_refusal(w.refused(ev(et::summary_handed_in, "2024-03-04T09:00")), "R-SUMMARY-DOCUMENT",
                 "处罚法 (2021) 第五十二条");
  w.ok(ev(et::summary_filed, "2024-03-01T17:00"));
  w.ok(ev(et::summary_handed_in, "2024-03-04T09:00"));
  EXPECT_EQ(w.c.stage(), "archived");
}

TEST(Gates, CashAboveOneHundredYuanNeedsAStatedGround) {
  walker w;
  w.ok(on_spot("2024-03-01T10:00", pf::party_kind::natural_person, fine_yuan(150)));
  auto cash = ev(et::cash_collected, "2024-03-01T10:05", {officer("A"), officer("B")});
  cash.amount_fen = 15000;
  expect_refusal(w.refused(cash), "R-SUMMARY-ONSPOT-COLLECTION", "处罚法 (2021) 第六十八条");
  cash.ground = "边远地区，当事人提出";
  w.ok(cash);
}

TEST(Gates, CashIsPaidIntoTheBankOnlyAfterTheHandInAndInFull) {
  walker w;
  w.ok(on_spot("2024-03-01T10:00", pf::party_kind::natural_person, fine_yuan(100)));
  auto cash = ev(et::cash_collected, "2024-03-01T10:05", {officer("A"), officer("B")});
  cash.amount_fen = 10000;
  w.ok(cash);
  auto deposit = ev(et::cash_deposited, "2024-03-04T10:00");
  deposit.amount_fen = 10000;
  // 处罚法 第七十一条: the agency pays in what it has received; nothing was handed in yet.
  expect_refusal(w.refused(deposit), "R-SUMMARY-ONSPOT-COLLECTION", "处罚法 (2021) 第七十一条");
  EXPECT_EQ(fact_value(find_refusal(w.refused(deposit), "R-SUMMARY-ONSPOT-COLLECTION"), "cash_handed_in"), "-");
  w.ok(ev(et::cash_handed_in, "2024-03-04T09:00"));
  deposit.amount_fen = 9999;  // one fen short of what was collected
  const auto short_by_one = w.refused(deposit);
  expect_refusal(short_by_one, "R-SUMMARY-ONSPOT-COLLECTION", "处罚法 (2021) 第七十条");
  EXPECT_EQ(fact_value(find_refusal(short_by_one, "R-SUMMARY-ONSPOT-COLLECTION"), "collected"), "100.00元");
  deposit.amount_fen = 10000;
  w.ok(deposit);
}

// --- execution, publication, remedies, closure -------------------------------------------------------------------

TEST(Gates, DeferralNeedsAHead) {
  walker w;
  w.to_execution();
  auto e = ev(et::payment_deferred, "2024-04-20T09:00", {officer("A")});
  e.instalments = {{d("2024-06-30"), 500000}};
  expect_refusal(w.refused(e), "R-EXEC-DEFER", "程序规定 (2022) 第七十四条");
  e.actors = {head()};
  w.ok(e);
}

TEST(Gates, SurchargeIsThreePercentADayCappedAtTheFine) {
  walker w;
  w.to_execution();
  // Served 2024-04-17: 15 days end 2024-05-02, a holiday, rolled to Monday 2024-05-06.
  // On 2024-05-08 two days are late: at most 5,000 x 3% x 2 = 300 yuan.
  auto e = ev(et::surcharge_imposed, "2024-05-08T09:00", {head()});
  e.rate_told = true;  // 行政强制法 第四十五条
  e.amount_fen = 30001;
  const auto r = w.refused(e);
  expect_refusal(r, "R-EXEC-SURCHARGE", "程序规定 (2022) 第七十五条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-SURCHARGE"), "payment_due"), "2024-05-06");
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-SURCHARGE"), "maximum"), "300.00元");
  e.amount_fen = 30000;
  w.ok(e);
}

TEST(Gates, SurchargeDoesNotAccrueDuringReconsideration) {
  walker w;
  w.to_execution();
  auto recon = ev(et::reconsideration_applied, "2024-04-20T09:00");
  w.ok(recon);
  auto e = ev(et::surcharge_imposed, "2024-05-08T09:00", {head()});
  e.rate_told = true;
  e.amount_fen = 100;
  const auto r = w.refused(e);
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-SURCHARGE"), "days_late"), "0");
}

// --- execution to the last fen (R-EXEC-ITEMS, R-EXEC-PAYMENT, R-EXEC-DEFER, R-EXEC-SURCHARGE, R-EXEC-COURT) ---

TEST(Gates, ClosingWithOnlyTheFinePaidIsRefused) {
  walker w;
  w.to_execution_of(fine_and_confiscation(10000, 20000, 0));
  w.ok(paid("2024-04-25T09:00", 10000));
  w.ok(paid_fen("2024-04-26T09:00", 1, pf::execution_item::illegal_gains));  // one fen leaves the gains open
  EXPECT_EQ(w.c.stage(), "execution");
  EXPECT_EQ(w.c.facts().illegal_gains.outstanding(), 1999999);
  const auto r = w.refused(closed("2024-04-28T09:00"));
  expect_refusal(r, "R-EXEC-ITEMS", "程序规定 (2022) 第七十七条第一款第一项");
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-ITEMS"), "outstanding_illegal_gains"), "19999.99元");
  w.ok(paid_fen("2024-04-30T09:00", 1999999, pf::execution_item::illegal_gains));
  EXPECT_EQ(w.c.stage(), "closing");
  EXPECT_EQ(w.c.facts().executed, d("2024-04-30"));
  w.ok(closed("2024-05-06T09:00"));
}

TEST(Gates, GoodsAreTakenOnceAndOnlyWhenConfiscated) {
  walker w;
  w.to_execution();  // a fine alone
  const auto goods = ev(et::goods_confiscated, "2024-04-20T09:00", {officer("A"), officer("B")});
  expect_refusal(w.refused(goods), "R-EXEC-ITEMS", "程序规定 (2022) 第七十七条第一款第一项");
  walker v;
  v.to_execution_of(fine_and_confiscation(1000, 0, 3000));
  v.ok(goods);
  expect_refusal(v.refused(goods), "R-EXEC-ITEMS", "第七十七条");
  v.ok(paid("2024-04-22T09:00", 1000));
  EXPECT_EQ(v.c.stage(), "closing");
}

TEST(Gates, APaymentNamesAnItemOfTheDecisionAndPaysNoMoreThanIsOutstanding) {
  walker w;
  w.to_execution();  // fine 5,000 yuan, no gains, no surcharge
  auto r = w.refused(paid("2024-04-20T09:00", 100, pf::execution_item::illegal_gains));
  expect_refusal(r, "R-EXEC-PAYMENT", "处罚法 (2021) 第六十七条第三款");
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-PAYMENT"), "item"), "illegal_gains");
  expect_refusal(w.refused(paid("2024-04-20T09:00", 1, pf::execution_item::surcharge)), "R-EXEC-PAYMENT", "第六十七条");
  r = w.refused(paid_fen("2024-04-20T09:00", 500001));
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-PAYMENT"), "excess"), "0.01元");
  expect_refusal(w.refused(paid_fen("2024-04-20T09:00", 0)), "R-EXEC-PAYMENT", "第七十二条");
  w.ok(paid_fen("2024-04-20T09:00", 499999));
  EXPECT_EQ(w.c.facts().fine.outstanding(), 1);
  EXPECT_EQ(w.c.stage(), "execution");
  w.ok(paid_fen("2024-04-21T09:00", 1));
  EXPECT_EQ(w.c.stage(), "closing");
}

TEST(Gates, APaymentWithoutAnItemPaysTheFineThenTheSurchargeThenTheGains) {
  walker w;
  w.to_execution_of(fine_and_confiscation(1000, 2000, 0));
  auto p = paid("2024-04-20T09:00", 1500);
  p.item.reset();  // as format versions 1 and 2 wrote payments
  w.ok(p);
  EXPECT_EQ(w.c.facts().fine.outstanding(), 0);
  EXPECT_EQ(w.c.facts().illegal_gains.outstanding(), 150000);
}

TEST(Gates, DeferralNamesDatesThatCoverTheOutstandingFine) {
  walker w;
  w.to_execution();
  w.ok(paid("2024-04-20T09:00", 1000));  // 4,000 yuan outstanding
  auto e = ev(et::payment_deferred, "2024-04-25T09:00", {head()});
  expect_refusal(w.refused(e), "R-EXEC-DEFER", "程序规定 (2022) 第七十四条");  // no dates
  e.instalments = {{d("2024-06-30"), 300000}};  // 3,000 yuan: not the outstanding 4,000
  auto r = w.refused(e);
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-DEFER"), "outstanding_fine"), "4000.00元");
  e.instalments = {{d("2024-07-31"), 200000}, {d("2024-06-30"), 200000}};  // out of order
  expect_refusal(w.refused(e), "R-EXEC-DEFER", "处罚法 (2021) 第六十六条第二款");
  e.instalments = {{d("2024-04-24"), 200000}, {d("2024-06-30"), 200000}};  // before the approval
  expect_refusal(w.refused(e), "R-EXEC-DEFER", "第七十四条");
  e.instalments = {{d("2024-05-31"), 200000}, {d("2024-06-30"), 200000}};
  w.ok(e);
  // The payment deadline moves to the first approved date (the party's period, cited with its rule).
  const auto dl = w.wf.deadlines(w.c, d("2024-05-10"));
  const auto* pay = deadline(dl, "payment");
  ASSERT_NE(pay, nullptr);
  EXPECT_EQ(pay->due, d("2024-05-31"));
  EXPECT_EQ(pay->subject, "fine");
  EXPECT_NE(pay->citation.find("第七十四条"), std::string::npos) << pay->citation;
  w.ok(paid("2024-05-31T09:00", 2000));
  EXPECT_EQ(deadline(w.wf.deadlines(w.c, d("2024-06-01")), "payment")->due, d("2024-06-30"));
}

TEST(Gates, SurchargeNeedsTheRateToldToTheParty) {
  walker w;
  w.to_execution();
  auto e = ev(et::surcharge_imposed, "2024-05-08T09:00", {head()});
  e.amount_fen = 100;
  const auto r = w.refused(e);
  expect_refusal(r, "R-EXEC-SURCHARGE", "行政强制法 (2011) 第四十五条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-SURCHARGE"), "rate_told"), "false");
  e.rate_told = true;
  w.ok(e);
}

TEST(Gates, SurchargeDailyAmountIsRoundedDownToTheFenAndCappedAtTheFine) {
  walker w;
  pf::penalty p;
  p.add(pf::penalty_kind::fine);
  p.fine_fen = 123457;  // 1,234.57 yuan: 3 % is 3,703.71 fen a day, rounded down to 3,703
  w.to_execution_of(p);
  auto e = ev(et::surcharge_imposed, "2024-05-08T09:00", {head()});  // 7 and 8 May in default
  e.rate_told = true;
  e.amount_fen = 7407;
  auto r = w.refused(e);
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-SURCHARGE"), "daily"), "37.03元");
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-SURCHARGE"), "maximum"), "74.06元");
  e.amount_fen = 7406;
  w.ok(e);
  // Months later the total is capped at the fine (行政强制法 第四十五条).
  auto more = ev(et::surcharge_imposed, "2024-09-02T09:00", {head()});
  more.rate_told = true;
  more.amount_fen = 123457 - 7406 + 1;
  r = w.refused(more);
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-SURCHARGE"), "maximum"), "1234.57元");
  more.amount_fen -= 1;
  w.ok(more);
  EXPECT_EQ(w.c.facts().surcharge.due_fen, 123457);
}

TEST(Gates, SurchargeDoesNotAccrueBeforeADeferredDateNorAfterPayment) {
  walker w;
  w.to_execution();  // 5,000 yuan: 150 yuan a day
  auto defer = ev(et::payment_deferred, "2024-04-25T09:00", {head()});
  defer.instalments = {{d("2024-05-31"), 250000}, {d("2024-06-30"), 250000}};
  w.ok(defer);
  auto e = ev(et::surcharge_imposed, "2024-05-20T09:00", {head()});  // past 2024-05-06, before 2024-05-31
  e.rate_told = true;
  e.amount_fen = 1;
  auto r = w.refused(e);
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-SURCHARGE"), "days_late"), "0");
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-SURCHARGE"), "payment_due"), "2024-05-31");
  // The first instalment is paid two days late: 1 and 2 June accrue, then nothing until 30 June.
  w.ok(paid("2024-06-03T09:00", 2500));
  e.at = at("2024-06-20T09:00");
  e.amount_fen = 45001;
  r = w.refused(e);
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-SURCHARGE"), "days_late"), "2");
  e.amount_fen = 30000;
  w.ok(e);
}

TEST(Gates, ReminderOnlyAfterADueDateHasPassedUnpaid) {
  walker w;
  w.to_execution();  // served 2024-04-17; the 15 days end 2024-05-06
  auto reminder = ev(et::reminder_served, "2024-04-18T09:00", {officer("A"), officer("B")});
  auto r = w.refused(reminder);  // the day after service
  expect_refusal(r, "R-EXEC-COURT", "行政强制法 (2011) 第五十四条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-COURT"), "fine_due"), "2024-05-06");
  reminder.at = at("2024-05-06T17:00");  // the last day is still on time
  w.refused(reminder);
  reminder.at = at("2024-05-07T09:00");
  w.ok(reminder);
}

TEST(Gates, ReminderOfUnpaidIllegalGains) {
  walker w;
  w.to_execution_of(fine_and_confiscation(1000, 2000, 0));
  w.ok(paid("2024-04-20T09:00", 1000));
  w.ok(ev(et::reminder_served, "2024-05-07T09:00", {officer("A"), officer("B")}));
}

TEST(Gates, CourtWindowRunsFromTheEndOfADeferral) {
  // Without a deferral: the six months to sue end 2024-10-17, the window 2025-01-17.
  walker plain;
  plain.to_execution();
  plain.ok(ev(et::reminder_served, "2024-12-02T09:00", {officer("A"), officer("B")}));
  auto apply = ev(et::court_enforcement_applied, "2025-03-20T09:00", {head()});
  auto r = plain.refused(apply);
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-COURT"), "window_ends"), "2025-01-17");
  // A deferral to 2024-12-31 (处罚法 第七十二条第二款): the three months run from its end, to 2025-03-31.
  walker w;
  w.to_execution();
  auto defer = ev(et::payment_deferred, "2024-04-25T09:00", {head()});
  defer.instalments = {{d("2024-12-31"), 500000}};
  w.ok(defer);
  auto early = ev(et::reminder_served, "2024-12-02T09:00", {officer("A"), officer("B")});
  expect_refusal(w.refused(early), "R-EXEC-COURT", "第五十四条");  // nothing due yet
  w.ok(ev(et::reminder_served, "2025-01-02T09:00", {officer("A"), officer("B")}));
  auto late = apply;
  late.at = at("2025-04-01T09:00");
  r = w.refused(late);
  expect_refusal(r, "R-EXEC-COURT", "处罚法 (2021) 第七十二条第二款");
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-COURT"), "window_starts"), "2024-12-31");
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-COURT"), "window_ends"), "2025-03-31");
  w.ok(apply);
}

TEST(Gates, CourtWindowAfterAReconsiderationRunsFromItsFifteenDays) {
  walker w;
  w.to_execution();
  w.ok(ev(et::reconsideration_applied, "2024-04-20T09:00"));
  w.ok(ev(et::reminder_served, "2024-05-08T09:00", {officer("A"), officer("B")}));
  w.ok(ev(et::reconsideration_decided, "2024-06-03T09:00"));
  // 行政诉讼法 第四十五条: 15 days from the reconsideration decision, to 2024-06-18.
  auto apply = ev(et::court_enforcement_applied, "2024-06-18T09:00", {head()});
  auto r = w.refused(apply);
  expect_refusal(r, "R-EXEC-COURT", "行政诉讼法 (2017) 第四十五条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-COURT"), "time_to_sue_ends"), "2024-06-18");
  apply.at = at("2024-09-20T09:00");  // after the three months (to 2024-09-18)
  r = w.refused(apply);
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-COURT"), "window_ends"), "2024-09-18");
  apply.at = at("2024-06-19T09:00");
  w.ok(apply);
}

TEST(Gates, SummaryFineNotCollectedOnTheSpotHasThePaymentClock) {
  walker w;
  w.ok(on_spot("2024-03-01T10:00", pf::party_kind::natural_person, fine_yuan(200)));
  // 处罚法 第五十三条: 15 days from the decision handed over, 2024-03-16, a Saturday, rolled to Monday 03-18.
  const auto dl = w.wf.deadlines(w.c, d("2024-03-05"));
  const auto* pay = deadline(dl, "payment");
  ASSERT_NE(pay, nullptr);
  EXPECT_EQ(pay->due, d("2024-03-18"));
  expect_refusal(w.refused(ev(et::reminder_served, "2024-03-02T09:00", {officer("A"), officer("B")})), "R-EXEC-COURT",
                 "第五十四条");
  w.ok(ev(et::summary_filed, "2024-03-01T17:00"));
  w.ok(ev(et::summary_handed_in, "2024-03-05T09:00"));
  w.ok(paid("2024-03-12T11:00", 200));
  EXPECT_EQ(w.c.facts().executed, d("2024-03-12"));
  EXPECT_EQ(deadline(w.wf.deadlines(w.c, d("2024-03-12")), "payment"), nullptr);
}

TEST(Gates, CourtEnforcementOnlyAfterTheReminderAndTheLitigationPeriod) {
  walker w;
  w.to_execution();
  w.ok(ev(et::reminder_served, "2024-11-01T09:00", {officer("A"), officer("B")}));
  // The reminder's 10 working days from Friday 2024-11-01 end 2024-11-15.
  auto e = ev(et::court_enforcement_applied, "2024-11-15T09:00", {head()});
  const auto r = w.refused(e);
  expect_refusal(r, "R-EXEC-COURT", "程序规定 (2022) 第七十六条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-EXEC-COURT"), "reminder_period_ends"), "2024-11-15");
  e.at = at("2024-11-18T09:00");
  w.ok(e);
}

TEST(Gates, PublicationExcludesWarningsAlone) {
  walker w;
  w.to_notice(warning());
  w.ok(decision("2024-04-16T09:00", warning()));
  expect_refusal(w.refused(ev(et::published, "2024-04-20T09:00")), "R-PUBLISH-GSXT", "公示规定 (2021) 第二条");
  walker v;
  v.to_service();
  v.ok(ev(et::published, "2024-04-20T09:00"));
}

TEST(Gates, RemediesNeedADecision) {
  walker w;
  w.to_investigation();
  expect_refusal(w.refused(ev(et::reconsideration_applied, "2024-03-10T09:00")), "R-RECON-APPLY",
                 "行政复议法 (2023) 第二十条");
  expect_refusal(w.refused(ev(et::lawsuit_filed, "2024-03-10T09:00")), "R-LIT-FILE", "行政诉讼法 (2017) 第四十六条");
}

TEST(Gates, ClosingNeedsAHeadsApproval) {
  walker w;
  w.to_execution();
  w.ok(paid("2024-04-25T09:00", 5000));
  EXPECT_EQ(w.c.stage(), "closing");
  expect_refusal(w.refused(ev(et::case_closed, "2024-04-28T09:00", {officer("A")})), "R-CLOSE",
                 "程序规定 (2022) 第七十七条");
  w.ok(closed("2024-04-28T09:00"));
}

TEST(RuleCatalogue, EveryRuleIsDocumented) {
  std::ifstream in(std::string(PENALTYFLOW_SOURCE_DIR) + "/docs/workflow.md");
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(doc.empty());
  for (const auto& r : pf::rule_catalogue::national().all()) {
    EXPECT_NE(doc.find("`" + r.id + "`"), std::string::npos) << r.id << " is missing from docs/workflow.md";
  }
  for (const auto& s : pf::stage_names()) {
    EXPECT_NE(doc.find("`" + std::string(s) + "`"), std::string::npos) << s;
  }
}

TEST(Gates, ReviewOpinionStatesItsKindAndResult) {
  walker w;
  w.to_review();
  auto e = reviewed("2024-04-03T09:00");
  e.review_result.reset();
  const auto r = w.refused(e);
  expect_refusal(r, "R-REVIEW-OUTCOMES", "程序规定 (2022) 第五十四条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-REVIEW-OUTCOMES"), "review_result"), "-");
  w.ok(reviewed("2024-04-03T09:00"));
}

TEST(Gates, HeadApprovesTheProposalWithItsPenalty) {
  walker w;
  w.to_approval();
  auto e = approved("2024-04-05T09:00", fine_yuan(5000));
  e.actors = {officer("A")};
  e.proposed.reset();
  const auto r = w.refused(e);
  expect_refusal(r, "R-REVIEW-TO-APPROVAL", "程序规定 (2022) 第五十六条");
  EXPECT_EQ(std::count_if(r.begin(), r.end(), [](const pf::refusal& x) { return x.rule_id == "R-REVIEW-TO-APPROVAL"; }), 2);
  w.ok(approved("2024-04-05T09:00", fine_yuan(5000)));
}

TEST(Gates, DecisionStatesItsOutcomeAndIsTakenByAHead) {
  walker w;
  w.to_notice();
  auto e = decision("2024-04-16T09:00", fine_yuan(5000));
  e.outcome.reset();
  e.actors = {officer("A")};
  const auto r = w.refused(e);
  expect_refusal(r, "R-DECISION-TYPES", "程序规定 (2022) 第六十条第一款");
  EXPECT_EQ(std::count_if(r.begin(), r.end(), [](const pf::refusal& x) { return x.rule_id == "R-DECISION-TYPES"; }), 2);
}

TEST(Gates, FirstExtensionIsTheHeadsNotTheCollectiveDiscussions) {
  walker w;
  w.to_investigation();
  w.ok(collective("2024-05-20T08:00", "extension"));
  auto e = ev(et::decision_period_extended, "2024-05-20T09:00", {principal(), head("H2")});
  e.extension = 60;
  e.approved_by = pf::approver::collective_discussion;
  const auto r = w.refused(e);
  expect_refusal(r, "R-DECISION-DEADLINE", "程序规定 (2022) 第六十四条第一款");
  EXPECT_EQ(fact_value(find_refusal(r, "R-DECISION-DEADLINE"), "approved_by"), "collective_discussion");
}

TEST(Gates, FilingNeedsThePartyKind) {
  walker w;
  w.ok(ev(et::clue_received, "2024-03-01T09:00"));  // the clue did not say
  const auto r = w.refused(filing("2024-03-05T10:00"));
  expect_refusal(r, "R-FILING-CONDITIONS", "第十九条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-FILING-CONDITIONS"), "missing_fact"), "party (natural_person or organisation)");
  auto with_party = filing("2024-03-05T10:00");
  with_party.party = pf::party_kind::natural_person;
  w.ok(with_party);
}

TEST(Gates, HostEndsAHearingThePartyStayedAwayFrom) {
  walker w;
  w.to_notice(fine_yuan(100000), true);
  w.to_hearing_noticed();
  auto end = ev(et::hearing_terminated, "2024-04-26T10:00", {head()});
  end.ground = "当事人无正当理由拒不出席听证";
  expect_refusal(w.refused(end), "R-HEARING-PROCEDURE", "处罚法 (2021) 第六十四条第一项");
  end.actors = {host()};
  w.ok(end);
  EXPECT_EQ(w.c.stage(), "decision_pending");
  // The hearing right is spent: the decision may follow at once; the 17 days of the hearing are not counted.
  EXPECT_EQ(w.wf.deadlines(w.c, d("2024-04-26")).front().period_id, "decision");
  EXPECT_EQ(pf::to_iso(w.wf.deadlines(w.c, d("2024-04-26")).front().due), "2024-06-20");
  w.ok(decision("2024-04-29T09:00", fine_yuan(100000)));
}

// --- first contact, review content, service, full-process record -------------------------------------------------

TEST(Gates, FirstCollectionFromThePartyTellsItsRights) {
  walker w;
  w.to_investigation();
  auto first = act("2024-03-11T09:00");
  first.involves_party = true;
  const auto r = w.refused(first);
  expect_refusal(r, "R-INV-FIRST-CONTACT-RIGHTS", "程序规定 (2022) 第二十一条第二款");
  EXPECT_EQ(fact_value(find_refusal(r, "R-INV-FIRST-CONTACT-RIGHTS"), "first_party_contact"), "2024-03-11");
  w.ok(act("2024-03-11T09:00"));  // an act not involving the party is not the first contact
  first.rights_told = true;
  w.ok(first);
  auto later = act("2024-03-12T09:00");
  later.involves_party = true;  // only the first collection must tell the rights
  w.ok(later);
}

TEST(Gates, ApprovingReviewCoversTheSevenItems) {
  walker w;
  w.to_review();
  auto e = reviewed("2024-04-03T09:00");
  e.items = pf::review_item::all & ~pf::review_item::handling;
  const auto r = w.refused(e);
  expect_refusal(r, "R-REVIEW-CONTENT", "程序规定 (2022) 第五十三条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-REVIEW-CONTENT"), "missing_item"), "handling");
  auto correction = reviewed("2024-04-03T09:00", pf::review_kind::case_review, pf::review_outcome::correction);
  correction.items = 0;  // only an approving opinion must cover every item
  w.ok(correction);
  w.ok(reviewed("2024-04-04T09:00"));
  EXPECT_EQ(w.c.stage(), "approval");
}

TEST(Gates, ElectronicServiceNeedsTheAddressConfirmation) {
  walker w;
  w.to_service();
  auto e = served("2024-04-17T09:00");
  e.service = pf::service_method::electronic;
  const auto r = w.refused(e);
  expect_refusal(r, "R-SERVICE-METHODS", "程序规定 (2022) 第八十二条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-SERVICE-METHODS"), "address_confirmed"), "false");
  e.address_confirmed = true;
  w.ok(e);
  EXPECT_EQ(w.c.facts().served, d("2024-04-17"));
}

TEST(Gates, ServiceByPublicNoticeNeedsAGroundAndIsDeemedMadeAfterThirtyDays) {
  walker w;
  w.to_service();
  auto e = served("2024-04-17T09:00");
  e.service = pf::service_method::public_notice;
  expect_refusal(w.refused(e), "R-SERVICE-METHODS", "程序规定 (2022) 第八十三条");
  e.ground = "当事人下落不明";
  w.ok(e);
  // Published 2024-04-17; 30 natural days from the next day: deemed served Friday 2024-05-17.
  EXPECT_EQ(w.c.facts().served, d("2024-05-17"));
  // The 15-day payment period runs from the deemed service.
  bool payment = false;
  for (const auto& o : w.wf.deadlines(w.c, d("2024-05-20"))) {
    if (o.period_id == "payment") {
      payment = true;
      EXPECT_EQ(o.start, d("2024-05-17"));
    }
  }
  EXPECT_TRUE(payment);
}

TEST(Gates, ServingAPublishedDecisionTellsThePartyItWillBePublished) {
  walker w;
  w.to_service();
  auto e = served("2024-04-17T09:00");
  e.publicity_told = false;
  const auto r = w.refused(e);
  expect_refusal(r, "R-SERVICE-PUBLICITY-NOTICE", "公示规定 (2021) 第八条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-SERVICE-PUBLICITY-NOTICE"), "decided"), "2024-04-16");
  e.publicity_told = true;
  w.ok(e);
  // A warning alone is not published: nothing to tell.
  walker v;
  v.to_notice(warning());
  v.ok(decision("2024-04-16T09:00", warning()));
  auto plain = served("2024-04-17T09:00");
  plain.publicity_told = false;
  v.ok(plain);
}

TEST(Findings, OnSiteStepsWithoutAudioVisualRecordAreFindings) {
  walker w;
  w.to_investigation();
  auto q = act("2024-03-11T09:00");
  q.subject = "questioning";
  w.ok(q);  // the act happened and stays in the case
  ASSERT_EQ(w.c.facts().findings.size(), 1U);
  const auto f = w.c.facts().findings[0];  // a copy: later findings may reallocate the vector
  EXPECT_EQ(f.rule_id, "R-FULL-PROCESS-RECORD");
  EXPECT_NE(f.citation.find("处罚法 (2021) 第四十七条"), std::string::npos) << f.citation;
  EXPECT_NE(f.citation.find("程序规定 (2022) 第四十四条"), std::string::npos) << f.citation;
  EXPECT_EQ(f.done, d("2024-03-11"));
  EXPECT_FALSE(f.message_zh.empty());
  q.av_recorded = true;
  w.ok(q);
  auto other = act("2024-03-12T09:00");
  other.subject = "document_request";  // not one of 第四十四条's on-site steps
  w.ok(other);
  auto seal = ev(et::seizure_ordered, "2024-03-13T09:00", {officer("A"), officer("B"), head()});
  seal.subject = "CF-1";
  w.ok(seal);
  ASSERT_EQ(w.c.facts().findings.size(), 2U);
  EXPECT_EQ(w.c.facts().findings[1].rule_id, "R-FULL-PROCESS-RECORD");
  const auto* rule = pf::rule_catalogue::national().find("R-FULL-PROCESS-RECORD");
  ASSERT_NE(rule, nullptr);
  EXPECT_TRUE(rule->findings);
  EXPECT_EQ(rule->citation_text(), f.citation);
}

// --- refund order, withdrawal of a publication -------------------------------------------------------------------

TEST(Gates, RefundOrderFollowsHearingThePartyAndPausesTheDecisionPeriod) {
  walker w;
  w.to_notice();  // notice served 2024-04-08; the statement period ends 2024-04-15
  auto early = ev(et::refund_ordered, "2024-04-10T09:00", {officer("A"), officer("B")});
  early.scheduled = d("2024-04-25");
  const auto r = w.refused(early);
  expect_refusal(r, "R-REFUND-ORDER", "程序规定 (2022) 第五十九条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-REFUND-ORDER"), "statement_due"), "2024-04-15");
  auto due_of_decision = [&] {
    for (const auto& o : w.wf.deadlines(w.c, d("2024-04-16"))) {
      if (o.period_id == "decision") return o.due;
    }
    return pf::date();
  };
  const auto before = due_of_decision();
  auto order = ev(et::refund_ordered, "2024-04-16T09:00", {officer("A"), officer("B")});
  order.scheduled = d("2024-04-25");
  w.ok(order);
  // 16 to 25 April (10 days) are not counted in the 90 days (程序规定 第六十四条第二款).
  EXPECT_EQ((due_of_decision() - before).days(), 10);
  auto dec = decision("2024-04-26T09:00", fine_yuan(5000));
  dec.refund_required = true;
  w.ok(dec);
  // Without the order, a decision that requires a refund is refused.
  walker v;
  v.to_notice();
  auto bare = decision("2024-04-16T09:00", fine_yuan(5000));
  bare.refund_required = true;
  expect_refusal(v.refused(bare), "R-REFUND-ORDER", "程序规定 (2022) 第五十九条");
}

TEST(Gates, ChangedDecisionIsWithdrawnFromPublicationWithinThreeWorkingDays) {
  walker w;
  w.to_execution();
  w.ok(ev(et::published, "2024-04-22T09:00"));
  auto withdraw = ev(et::publication_withdrawn, "2024-04-23T09:00");
  withdraw.ground = "复议决定撤销";
  expect_refusal(w.refused(withdraw), "R-PUBLISH-SOCIAL-IMPACT", "程序规定 (2022) 第六十三条");
  w.ok(ev(et::reconsideration_applied, "2024-05-06T09:00"));
  auto annulled = ev(et::reconsideration_decided, "2024-05-20T09:00");  // Monday
  annulled.decision_changed = true;
  w.ok(annulled);
  // 3 working days from Monday 2024-05-20: 21, 22, 23 May.
  bool open = false;
  for (const auto& o : w.wf.deadlines(w.c, d("2024-05-21"))) {
    if (o.period_id == "publication-withdrawal") {
      open = true;
      EXPECT_EQ(o.due, d("2024-05-23"));
    }
  }
  EXPECT_TRUE(open);
  auto no_reason = ev(et::publication_withdrawn, "2024-05-27T09:00");
  expect_refusal(w.refused(no_reason), "R-PUBLISH-SOCIAL-IMPACT", "处罚法 (2021) 第四十八条");
  withdraw.at = at("2024-05-27T09:00");
  w.ok(withdraw);  // late: accepted, and a finding
  bool found = false;
  for (const auto& f : w.c.facts().findings) {
    if (f.rule_id == "R-PUBLISH-SOCIAL-IMPACT") {
      found = true;
      EXPECT_EQ(f.period_id, "publication-withdrawal");
      EXPECT_EQ(f.due, d("2024-05-23"));
      EXPECT_NE(f.citation.find("第六十三条"), std::string::npos) << f.citation;
    }
  }
  EXPECT_TRUE(found);
  // On time: no finding.
  walker v;
  v.to_execution();
  v.ok(ev(et::published, "2024-04-22T09:00"));
  v.ok(ev(et::reconsideration_applied, "2024-05-06T09:00"));
  v.ok(annulled);
  auto timely = withdraw;
  timely.at = at("2024-05-23T09:00");
  v.ok(timely);
  EXPECT_TRUE(v.c.facts().findings.empty());
}

// --- remedies under the law in force on the date -----------------------------------------------------------

TEST(Gates, ASuitAgainstAnOnTheSpotDecisionFrom2024NeedsReconsiderationFirst) {
  // 行政复议法 (2023) 第二十三条第一款第一项; 行政诉讼法 第四十四条第二款. Keyed to the day of the decision ([M]).
  walker now;
  now.ok(on_spot("2024-01-01T10:00", pf::party_kind::natural_person, fine_yuan(100)));
  const auto r = now.refused(ev(et::lawsuit_filed, "2024-01-10T09:00"));
  expect_refusal(r, "R-RECON-PRECONDITION", "行政复议法 (2023) 第二十三条第一款第一项");
  EXPECT_EQ(fact_value(find_refusal(r, "R-RECON-PRECONDITION"), "decided"), "2024-01-01");
  now.ok(ev(et::reconsideration_applied, "2024-01-10T09:00"));
  now.ok(ev(et::reconsideration_decided, "2024-02-20T09:00"));
  now.ok(ev(et::lawsuit_filed, "2024-02-25T09:00"));
  // The day before: the decision told the party the old routes; a direct suit in 2024 is accepted.
  walker before;
  before.ok(on_spot("2023-12-31T10:00", pf::party_kind::natural_person, fine_yuan(100)));
  before.ok(ev(et::lawsuit_filed, "2024-01-10T09:00"));
}

TEST(Gates, OnlyAn2023TextApplicationCanBeSimplifiedAndOnlyASimplifiedOneSwitchedBack) {
  auto procedure = [](const char* when, const char* to) {
    auto e = ev(et::reconsideration_procedure, when);
    e.subject = to;
    return e;
  };
  walker old;
  old.ok(on_spot("2023-12-20T10:00", pf::party_kind::natural_person, fine_yuan(100)));
  old.ok(ev(et::reconsideration_applied, "2023-12-29T09:00"));
  const auto r = old.refused(procedure("2024-01-03T09:00", "simplified"));
  expect_refusal(r, "R-RECON-SIMPLIFIED", "行政复议法 (2023) 第五十三条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-RECON-SIMPLIFIED"), "reconsideration_applied"), "2023-12-29");
  walker w;
  w.ok(on_spot("2024-01-02T10:00", pf::party_kind::natural_person, fine_yuan(100)));
  w.ok(ev(et::reconsideration_applied, "2024-01-02T15:00"));
  expect_refusal(w.refused(procedure("2024-01-03T09:00", "ordinary")), "R-RECON-SIMPLIFIED", "第五十五条");
  expect_refusal(w.refused(procedure("2024-01-03T09:00", "fast")), "R-RECON-SIMPLIFIED", "第五十三条");
  w.ok(procedure("2024-01-03T09:00", "simplified"));
  w.ok(procedure("2024-01-04T09:00", "ordinary"));
}

TEST(RuleCatalogue, RemedyRulesAreDatedByTheTextInForce) {
  const auto& cat = pf::rule_catalogue::national();
  const auto* old = cat.find("R-RECON-APPLY", d("2023-12-31"));
  const auto* now = cat.find("R-RECON-APPLY", d("2024-01-01"));
  ASSERT_NE(old, nullptr);
  ASSERT_NE(now, nullptr);
  EXPECT_EQ(old->citation_text(), "行政复议法 (2017) 第九条");
  EXPECT_EQ(now->citation_text(), "行政复议法 (2023) 第二十条");
  EXPECT_EQ(&cat.at("R-RECON-APPLY"), now);  // without a day: the text in force last
  EXPECT_EQ(cat.find("R-RECON-PRECONDITION", d("2023-12-31")), nullptr);
  EXPECT_NE(cat.find("R-RECON-PRECONDITION", d("2024-01-01")), nullptr);
  // Two versions of one rule in force on the same day are refused.
  auto twice = cat.all();
  twice.push_back(*now);
  EXPECT_THROW(pf::rule_catalogue{twice}, pf::invalid_argument_error);
}
