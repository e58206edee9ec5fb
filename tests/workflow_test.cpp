// The workflow: the transition matrix (table-driven), whole-case walks, findings for missed deadlines, and a
// seeded property test. Due dates are worked out by hand in the comments (2024 national calendar: Qingming
// 4-6 April off and 7 April worked; May Day 1-5 May off, 28 April and 11 May worked).
#include "support/walker.hpp"

#include <penaltyflow/error.hpp>
#include <penaltyflow/history.hpp>

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <random>
#include <set>

using namespace pf_test;
namespace pf = penaltyflow;

namespace {

std::string due_of(const walker& w, const std::string& id, const char* as_of) {
  const auto v = w.wf.deadlines(w.c, d(as_of));
  const auto* x = deadline(v, id);
  return x ? pf::to_iso(x->due) : "(not open)";
}

}  // namespace

// --- transition matrix -----------------------------------------------------------------------------------

struct transition_row {
  const char* name;
  std::function<void(walker&)> setup;
  std::function<pf::event()> step;
  const char* next;  ///< the stage after the step; nullptr: refused under R-PROCEDURE-ORDER
};

class Transitions : public ::testing::TestWithParam<transition_row> {};

TEST_P(Transitions, StageAfterStep) {
  const auto& row = GetParam();
  walker w;
  row.setup(w);
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  const std::string before(w.c.stage());
  const auto e = row.step();
  const auto refusals = w.wf.explain(w.c, e);
  if (row.next == nullptr) {
    ASSERT_TRUE(has_rule(refusals, "R-PROCEDURE-ORDER")) << walker::describe(refusals);
    const auto& r = find_refusal(refusals, "R-PROCEDURE-ORDER");
    EXPECT_EQ(fact_value(r, "stage"), before);
    EXPECT_EQ(fact_value(r, "event"), pf::to_string(e.type));
    EXPECT_NE(r.message_en.find("invalid step from stage " + before + ": " + std::string(pf::to_string(e.type))),
              std::string::npos);
  } else {
    w.ok(e);
    EXPECT_EQ(w.c.stage(), row.next);
  }
}

namespace {

void none(walker&) {}
void investigating(walker& w) { w.to_investigation(); }
void suspended(walker& w) {
  w.to_investigation();
  auto s = ev(et::suspended, "2024-03-10T09:00", {head()});
  s.ground = "需要其他机关作出认定";
  w.ok(s);
}
void reviewing(walker& w) { w.to_review(); }
void approving(walker& w) { w.to_approval(); }
void noticed(walker& w) { w.to_notice(fine_yuan(100000), true); }
void serving(walker& w) { w.to_service(); }
void heard(walker& w) {  // a hearing held in a case outside 程序规定 第五十条第一款第二项: the decision is next
  noticed(w);
  w.to_heard();
}
void executing(walker& w) { w.to_execution(); }
void closing(walker& w) {
  w.to_execution();
  w.ok(paid("2024-04-25T09:00", 5000));
}
void closed_case(walker& w) {
  closing(w);
  w.ok(closed("2024-04-28T09:00"));
}

// Fine 5,000 yuan, illegal gains 20,000 yuan, goods worth 3,000 yuan (R-EXEC-ITEMS).
void executing_items(walker& w) { w.to_execution_of(fine_and_confiscation(5000, 20000, 3000)); }
void fine_paid_goods_taken(walker& w) {
  executing_items(w);
  w.ok(paid("2024-04-20T09:00", 5000));
  w.ok(ev(et::goods_confiscated, "2024-04-21T09:00", {officer("A"), officer("B")}));
}
void fine_and_gains_paid(walker& w) {
  executing_items(w);
  w.ok(paid("2024-04-20T09:00", 5000));
  w.ok(paid("2024-04-21T09:00", 20000, pf::execution_item::illegal_gains));
}
void summary_handed_in(walker& w) {
  w.ok(on_spot("2024-03-01T10:00", pf::party_kind::natural_person, fine_yuan(200)));
  w.ok(ev(et::summary_filed, "2024-03-01T17:00"));
  w.ok(ev(et::summary_handed_in, "2024-03-05T09:00"));
}
pf::event goods_taken() { return ev(et::goods_confiscated, "2024-04-25T09:00", {officer("A"), officer("B")}); }

pf::event review_with(pf::review_outcome o) { return reviewed("2024-04-03T09:00", pf::review_kind::case_review, o); }
pf::event with_ground(et type, const char* ground) {
  auto e = ev(type, "2024-03-20T09:00", {head()});
  e.ground = ground;
  e.subject = "other_agency";
  return e;
}

// clang-format off
const transition_row matrix[] = {
  {"IntakeFiles",                 none,          [] { return clue("2024-03-01T09:00"); },                      "intake"},
  {"IntakeRefusesToFile",         [](walker& w) { w.ok(clue("2024-03-01T09:00")); },
                                                 [] { return with_ground(et::filing_refused, "证据不足"); },    "not_filed"},
  {"IntakeCannotDecide",          none,          [] { return decision("2024-03-02T09:00", fine_yuan(100)); }, nullptr},
  {"IntakeCannotEndInvestigation", none,         [] { return ended("2024-03-02T09:00"); },                     nullptr},
  {"FilingStartsInvestigation",   [](walker& w) { w.ok(clue("2024-03-01T09:00")); },
                                                 [] { return filing("2024-03-05T10:00"); },                    "investigation"},
  {"InvestigationActs",           investigating, [] { return act("2024-03-11T09:00"); },                       "investigation"},
  {"InvestigationSuspends",       investigating, [] { return with_ground(et::suspended, "当事人下落不明"); },     "suspended"},
  {"InvestigationTerminates",     investigating, [] { return with_ground(et::investigation_terminated, "无承受人"); }, "closing"},
  {"InvestigationTransfers",      investigating, [] { return with_ground(et::transferred, "不属于市场监管"); },  "closing"},
  {"InvestigationRefersCrime",    investigating,
   [] { return ev(et::criminal_referral_reported, "2024-03-20T09:00", {officer("A"), officer("B")}); },        "criminal_referral"},
  {"InvestigationEnds",           investigating, [] { return ended("2024-04-01T09:00"); },                     "review"},
  {"InvestigationCannotNotify",   investigating, [] { return notice("2024-04-01T09:00", fine_yuan(5000)); },  nullptr},
  {"InvestigationCannotClose",    investigating, [] { return closed("2024-04-01T09:00"); },                    nullptr},
  {"SuspensionResumes",           suspended,     [] { return ev(et::resumed, "2024-03-29T09:00", {head()}); }, "investigation"},
  {"SuspensionBlocksActs",        suspended,     [] { return act("2024-03-11T09:00"); },                       nullptr},
  {"SuspensionTerminates",        suspended,     [] { return with_ground(et::investigation_terminated, "无承受人"); }, "closing"},
  {"ReviewSendsBack",             reviewing,     [] { return review_with(pf::review_outcome::further_investigation); }, "investigation"},
  {"ReviewAsksCorrection",        reviewing,     [] { return review_with(pf::review_outcome::correction); },  "review"},
  {"ReviewApproves",              reviewing,     [] { return review_with(pf::review_outcome::approved); },    "approval"},
  {"ReviewCannotNotify",          reviewing,     [] { return notice("2024-04-05T09:00", fine_yuan(5000)); },  nullptr},
  {"ApprovalOfPenaltyNotifies",   approving,     [] { return approved("2024-04-05T09:00", fine_yuan(5000)); }, "notice"},
  {"ApprovalOfOtherHandling",     approving,     [] { return approved_other("2024-04-05T09:00"); },           "decision_pending"},
  {"NoticeHearsStatements",       noticed,       [] { return ev(et::statements_filed, "2024-04-09T09:00"); }, "notice"},
  {"NoticeLeadsToHearing",        noticed,       [] { return ev(et::hearing_requested, "2024-04-09T09:00"); }, "hearing"},
  {"NoticeLeadsToDecision",       noticed,       [] { return decision("2024-04-16T09:00", fine_yuan(100000)); }, "service"},
  {"NoticeCannotServe",           noticed,       [] { return served("2024-04-16T09:00"); },                    nullptr},
  {"ServiceServes",               serving,       [] { return served("2024-04-17T09:00"); },                    "execution"},
  {"ServiceCannotTakePayment",    serving,       [] { return paid("2024-04-17T09:00", 5000); },                nullptr},
  {"ExecutionPartPayment",        executing,     [] { return paid("2024-04-20T09:00", 1000); },                "execution"},
  {"ExecutionFullPayment",        executing,     [] { return paid("2024-04-20T09:00", 5000); },                "closing"},
  {"ExecutionCompletedOtherwise", executing,     [] { return ev(et::execution_completed, "2024-12-20T09:00", {head()}); }, "closing"},
  {"ExecutionCannotArchive",      executing,     [] { return ev(et::archived, "2024-04-20T09:00"); },          nullptr},
  {"ExecutionFineAloneLeavesItemsOpen", executing_items, [] { return paid("2024-04-20T09:00", 5000); },        "execution"},
  {"ExecutionOneFenOfTheGains",   fine_paid_goods_taken,
                                  [] { return paid_fen("2024-04-25T09:00", 1, pf::execution_item::illegal_gains); }, "execution"},
  {"ExecutionLastItemPaid",       fine_paid_goods_taken,
                                  [] { return paid("2024-04-25T09:00", 20000, pf::execution_item::illegal_gains); }, "closing"},
  {"ExecutionGoodsTakenLast",     fine_and_gains_paid, goods_taken,                                            "closing"},
  {"ExecutionGoodsBeforeMoney",   executing_items, goods_taken,                                                "execution"},
  {"ExecutionItemsCannotClose",   fine_paid_goods_taken, [] { return closed("2024-04-28T09:00"); },            nullptr},
  {"SummaryPaidAtTheBankAfterHandIn", summary_handed_in, [] { return paid("2024-03-12T09:00", 200); },       "archived"},
  {"SummaryRemindedAfterHandIn",  summary_handed_in, [] { return ev(et::reminder_served, "2024-03-20T09:00", {officer("A"), officer("B")}); }, "archived"},
  {"ArchivedOrdinaryCaseTakesNoPayment", [](walker& w) { closed_case(w); w.ok(ev(et::archived, "2024-05-06T09:00")); },
                                  [] { return paid("2024-05-07T09:00", 1); },                                  nullptr},
  {"ClosingCloses",               closing,       [] { return closed("2024-04-28T09:00"); },                    "closed"},
  {"ClosingCannotArchive",        closing,       [] { return ev(et::archived, "2024-04-28T09:00"); },          nullptr},
  {"ClosedArchives",              closed_case,   [] { return ev(et::archived, "2024-05-06T09:00"); },          "archived"},
  {"ClosedCannotCloseAgain",      closed_case,   [] { return closed("2024-05-06T09:00"); },                    nullptr},
  {"DecisionPendingTakesAVoluntaryLegalReview", heard,
                                                 [] { return reviewed("2024-04-29T09:00", pf::review_kind::legal_review); }, "decision_pending"},
  {"DecisionPendingCannotTakeACaseReview", heard, [] { return reviewed("2024-04-29T09:00"); },                nullptr},
  // excluded time (R-TIME-EXCLUDED) is a record-track act: recorded in the stage where it happens
  {"IntakeRecordsTesting",        [](walker& w) { w.ok(clue("2024-03-01T09:00")); },
                                                 [] { return excluded_start("2024-03-04T09:00", pf::exclusion::testing); }, "intake"},
  {"SuspensionRecordsTesting",    suspended,     [] { return excluded_start("2024-03-12T09:00", pf::exclusion::testing); }, "suspended"},
  {"ReviewRecordsAPublicNotice",  reviewing,     [] { return excluded_start("2024-04-02T09:00", pf::exclusion::public_notice); }, "review"},
};
// clang-format on

}  // namespace

INSTANTIATE_TEST_SUITE_P(Matrix, Transitions, ::testing::ValuesIn(matrix),
                         [](const ::testing::TestParamInfo<transition_row>& i) { return std::string(i.param.name); });

TEST(Transitions, StageNamesAreStableAndComplete) {
  const std::vector<std::string_view> expected = {
      "intake", "not_filed", "investigation", "suspended", "criminal_referral", "review", "approval", "notice",
      "hearing", "decision_pending", "service", "execution", "education", "closing", "closed", "archived", "summary"};
  EXPECT_EQ(pf::stage_names(), expected);
  const std::vector<std::string_view> remedies = {"none", "reconsideration", "litigation", "concluded"};
  EXPECT_EQ(pf::remedy_track_names(), remedies);
}

TEST(Transitions, RemediesRunBesideExecutionWithoutSuspendingIt) {
  walker w;
  w.to_execution();
  w.ok(ev(et::reconsideration_applied, "2024-04-20T09:00"));
  EXPECT_EQ(w.c.stage(), "execution");
  EXPECT_EQ(w.c.facts().remedy, "reconsideration");
  w.ok(paid("2024-04-25T09:00", 5000));  // execution goes on (处罚法 第七十三条)
  EXPECT_EQ(w.c.stage(), "closing");
  const auto r = w.refused(ev(et::lawsuit_filed, "2024-04-26T09:00"));
  EXPECT_TRUE(has_rule(r, "R-PROCEDURE-ORDER"));
  EXPECT_EQ(fact_value(find_refusal(r, "R-PROCEDURE-ORDER"), "remedy_track"), "reconsideration");
  w.ok(ev(et::reconsideration_answered, "2024-04-26T09:00", {officer("A"), officer("B")}));
  w.ok(ev(et::reconsideration_decided, "2024-06-10T09:00"));
  EXPECT_EQ(w.c.facts().remedy, "concluded");
  w.ok(ev(et::lawsuit_filed, "2024-06-20T09:00"));
  EXPECT_EQ(w.c.facts().remedy, "litigation");
  w.ok(ev(et::court_appearance, "2024-08-01T09:00", {head()}));
  w.ok(ev(et::judgment, "2024-09-01T09:00"));
  EXPECT_EQ(w.c.facts().remedy, "concluded");
  EXPECT_TRUE(w.c.facts().findings.empty());
}

TEST(Transitions, OlderEventThanTheLastIsMisuse) {
  walker w;
  w.to_investigation();
  try {
    (void)w.wf.explain(w.c, act("2024-03-04T09:00"));
    FAIL() << "no exception";
  } catch (const pf::invalid_argument_error& e) {
    EXPECT_NE(std::string(e.what()).find("older than the case's last event"), std::string::npos);
  }
}

TEST(Transitions, ARecordKeepingFactsOnlyCountsItsEventsAndStillRefusesAnOlderOne) {
  pf::workflow wf;
  pf::case_record c("L1", pf::history_kept::facts_only);
  EXPECT_EQ(c.kept(), pf::history_kept::facts_only);
  EXPECT_FALSE(c.last_event_at().has_value());
  ASSERT_TRUE(wf.apply(c, clue("2024-03-01T09:00")).accepted);
  ASSERT_TRUE(wf.apply(c, filing("2024-03-05T10:00")).accepted);
  EXPECT_TRUE(c.events().empty());
  EXPECT_EQ(c.event_count(), 2U);
  EXPECT_EQ(c.last_event_at(), at("2024-03-05T10:00"));
  EXPECT_EQ(c.stage(), "investigation");
  // A refused event changes neither the count nor the last time.
  EXPECT_FALSE(wf.apply(c, decision("2024-03-06T09:00", fine_yuan(5000))).accepted);
  EXPECT_EQ(c.event_count(), 2U);
  EXPECT_EQ(c.last_event_at(), at("2024-03-05T10:00"));
  try {
    (void)wf.apply(c, act("2024-03-04T09:00"));
    FAIL() << "no exception";
  } catch (const pf::invalid_argument_error& e) {
    EXPECT_NE(std::string(e.what()).find("older than the case's last event at 2024-03-05T10:00"), std::string::npos)
        << e.what();
  }
}

// --- whole-case walks --------------------------------------------------------------------------------------------

TEST(Walk, SimpleOrdinaryCase) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));
  EXPECT_EQ(w.c.stage(), "intake");
  // 15 working days from Friday 2024-03-01: 4-8, 11-15, 18-22 March.
  EXPECT_EQ(due_of(w, "filing-decision", "2024-03-01"), "2024-03-22");
  w.ok(filing("2024-03-05T10:00"));
  EXPECT_EQ(w.c.facts().proc, pf::procedure::ordinary);
  // 90 days from 2024-03-05: 2024-06-03, a Monday.
  EXPECT_EQ(due_of(w, "decision", "2024-03-05"), "2024-06-03");
  EXPECT_EQ(due_of(w, "filing-decision", "2024-03-05"), "(not open)");
  w.ok(act("2024-03-11T09:00"));
  w.ok(ended("2024-04-01T09:00"));
  EXPECT_EQ(w.c.stage(), "review");
  // 10 working days from Monday 2024-04-01: 2, 3, 7 (worked Sunday), 8-12, 15, 16 April.
  EXPECT_EQ(due_of(w, "review", "2024-04-01"), "2024-04-16");
  w.ok(reviewed("2024-04-03T09:00"));
  w.ok(approved("2024-04-05T09:00", fine_yuan(5000)));
  w.ok(notice("2024-04-08T09:00", fine_yuan(5000)));
  EXPECT_EQ(due_of(w, "statement", "2024-04-08"), "2024-04-15");
  EXPECT_EQ(due_of(w, "hearing-request", "2024-04-08"), "(not open)");  // no hearing right
  w.ok(decision("2024-04-16T09:00", fine_yuan(5000)));
  EXPECT_EQ(w.c.stage(), "service");
  // Service: 7 working days from Tuesday 2024-04-16: 17-19, 22-25 April.
  EXPECT_EQ(due_of(w, "service", "2024-04-16"), "2024-04-25");
  // Publication on the credit system: 20 working days from 2024-04-16: 17-19, 22-26, 28 (worked), 29,
  // 30 April, 6-10, 11 (worked), 13-15 May.
  EXPECT_EQ(due_of(w, "publication-gsxt", "2024-04-16"), "2024-05-15");
  w.ok(served("2024-04-17T09:00"));
  EXPECT_EQ(w.c.stage(), "execution");
  EXPECT_EQ(due_of(w, "payment", "2024-04-17"), "2024-05-06");
  w.ok(ev(et::published, "2024-04-20T09:00"));
  w.ok(paid("2024-04-25T09:00", 5000));
  EXPECT_EQ(w.c.stage(), "closing");
  // Closure: 15 working days from 2024-04-25: 26, 28, 29, 30 April, 6-10, 11 (worked), 13-17 May.
  EXPECT_EQ(due_of(w, "closure", "2024-04-25"), "2024-05-17");
  w.ok(closed("2024-04-28T09:00"));
  w.ok(ev(et::archived, "2024-05-06T09:00"));
  EXPECT_EQ(w.c.stage(), "archived");
  EXPECT_TRUE(w.wf.deadlines(w.c, d("2024-05-06")).empty());
  EXPECT_TRUE(w.wf.findings(w.c, d("2024-12-31")).empty());
  EXPECT_EQ(w.c.events().size(), 13U);
}

TEST(Walk, MajorCaseWithHearingLegalReviewAfterTheHearingAndCollectiveDiscussion) {
  walker w;
  // 直接关系当事人重大权益 (程序规定 第五十条第一款第二项): 法制审核 only after the hearing.
  w.to_review(pf::review_ground::major_rights);
  w.ok(reviewed("2024-04-03T09:00", pf::review_kind::case_review));
  const auto p = fine_yuan(200000);
  w.ok(approved("2024-04-05T09:00", p));
  w.ok(notice("2024-04-08T09:00", p, true));
  w.ok(ev(et::hearing_requested, "2024-04-10T09:00"));
  EXPECT_EQ(w.c.stage(), "hearing");
  auto n = ev(et::hearing_noticed, "2024-04-16T09:00", {host()});
  n.scheduled = d("2024-04-26");
  w.ok(n);
  w.ok(ev(et::hearing_held, "2024-04-26T09:00", {host()}));
  EXPECT_EQ(w.c.stage(), "review");  // the post-hearing legal review
  // The hearing (10-26 April, 17 days) is not counted: 2024-06-03 + 17 days = 2024-06-20.
  EXPECT_EQ(due_of(w, "decision", "2024-04-26"), "2024-06-20");
  const auto early = w.refused(decision("2024-04-29T09:00", p));
  expect_refusal(early, "R-REVIEW-ROUTING", "第五十条");
  w.ok(reviewed("2024-04-29T09:00", pf::review_kind::legal_review));
  EXPECT_EQ(w.c.stage(), "decision_pending");
  expect_refusal(w.refused(decision("2024-04-30T09:00", p)), "R-COLLECTIVE-DISCUSSION", "第五十七条第二款");
  w.ok(collective("2024-04-30T09:00"));
  w.ok(decision("2024-04-30T15:00", p));
  EXPECT_EQ(w.c.stage(), "service");
  w.ok(served("2024-04-30T16:00"));
  w.ok(paid("2024-05-10T09:00", 200000));
  w.ok(closed("2024-05-13T09:00"));
  w.ok(ev(et::archived, "2024-05-14T09:00"));
  EXPECT_EQ(w.c.stage(), "archived");
  // Published? Not yet: the publication deadline (20 working days from 30 April) is overdue by the year end.
  const auto f = w.wf.findings(w.c, d("2024-12-31"));
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].rule_id, "R-PUBLISH-GSXT");
  EXPECT_FALSE(f[0].done.has_value());
}

TEST(Walk, SummaryProcedureCase) {
  walker w;
  w.ok(on_spot("2024-03-01T10:00", pf::party_kind::natural_person, fine_yuan(100)));
  EXPECT_EQ(w.c.stage(), "summary");
  EXPECT_EQ(w.c.facts().proc, pf::procedure::summary);
  // Hand-in: 7 working days from Friday 2024-03-01: 4-8, 11, 12 March.
  EXPECT_EQ(due_of(w, "summary-file-hand-in", "2024-03-01"), "2024-03-12");
  EXPECT_EQ(due_of(w, "decision", "2024-03-01"), "(not open)");  // no 90-day clock in the summary procedure
  auto cash = ev(et::cash_collected, "2024-03-01T10:05", {officer("A"), officer("B")});
  cash.amount_fen = 10000;
  w.ok(cash);
  // Cash: 2 working days, due Tuesday 2024-03-05; handed in on the 6th: a finding, not a refusal.
  EXPECT_EQ(due_of(w, "cash-hand-in", "2024-03-01"), "2024-03-05");
  w.ok(ev(et::summary_filed, "2024-03-01T17:00"));
  w.ok(ev(et::cash_handed_in, "2024-03-06T09:00"));
  // Into the bank: 2 working days from the agency's receipt (处罚法 第七十一条, 第八十五条), Wed 03-06 -> Fri 03-08.
  EXPECT_EQ(due_of(w, "cash-bank-deposit", "2024-03-06"), "2024-03-08");
  w.ok(ev(et::summary_handed_in, "2024-03-08T09:00"));
  EXPECT_EQ(w.c.stage(), "archived");
  // The file is archived; the money's last step still runs: paid in on Monday 03-11, one working day late.
  w.ok(ev(et::cash_deposited, "2024-03-11T09:00"));
  EXPECT_EQ(due_of(w, "cash-bank-deposit", "2024-03-11"), "(not open)");
  const auto& f = w.c.facts().findings;
  ASSERT_EQ(f.size(), 2U);
  EXPECT_EQ(f[0].rule_id, "R-SUMMARY-ONSPOT-COLLECTION");
  EXPECT_EQ(pf::to_iso(f[0].due), "2024-03-05");
  EXPECT_EQ(f[0].event_index, 3U);
  EXPECT_EQ(f[1].rule_id, "R-SUMMARY-ONSPOT-COLLECTION");
  EXPECT_EQ(pf::to_iso(f[1].due), "2024-03-08");
  EXPECT_EQ(f[1].event_index, 5U);
}

TEST(Walk, SuspendedAndResumedCaseMovesItsDecisionDeadline) {
  walker w;
  w.to_investigation();
  EXPECT_EQ(due_of(w, "decision", "2024-03-05"), "2024-06-03");
  auto s = ev(et::suspended, "2024-03-10T09:00", {head()});
  s.ground = "案件处理须以其他案件结果为依据";
  w.ok(s);
  // While suspended, the clock stands: as of 2024-03-20, 10-20 March (11 days) are not counted.
  EXPECT_EQ(due_of(w, "decision", "2024-03-20"), "2024-06-14");
  w.ok(ev(et::resumed, "2024-03-29T09:00", {head()}));
  EXPECT_EQ(w.c.stage(), "investigation");
  // 10-29 March (20 days) not counted: 2024-06-23, a Sunday, rolls to Monday 2024-06-24.
  EXPECT_EQ(due_of(w, "decision", "2024-03-29"), "2024-06-24");
  w.ok(act("2024-04-02T09:00"));
  w.ok(ended("2024-06-10T09:00"));
  w.ok(reviewed("2024-06-11T09:00"));
  w.ok(approved("2024-06-12T09:00", fine_yuan(3000)));
  w.ok(notice("2024-06-13T09:00", fine_yuan(3000)));
  // Decided on 2024-06-21, after the unsuspended limit (2024-06-03) but before the moved one: no finding.
  w.ok(decision("2024-06-21T09:00", fine_yuan(3000)));
  EXPECT_TRUE(w.c.facts().findings.empty());
}

TEST(Walk, CriminalTransfer) {
  walker w;
  w.to_investigation();
  w.ok(ev(et::criminal_referral_reported, "2024-03-10T09:00", {officer("A"), officer("B")}));
  EXPECT_EQ(w.c.stage(), "criminal_referral");
  EXPECT_EQ(due_of(w, "criminal-transfer-decision", "2024-03-10"), "2024-03-13");
  const auto no_substitute = w.refused(decision("2024-03-11T09:00", fine_yuan(5000)));
  expect_refusal(no_substitute, "R-XFER-CRIM", "移送规定 (2020) 第十一条");
  auto dec = ev(et::criminal_transfer_decided, "2024-03-11T10:00", {principal()});
  dec.approved = true;
  w.ok(dec);
  EXPECT_EQ(w.c.stage(), "criminal_referral");
  // Hand over within 24 hours of the approval; done 30 hours later: a finding.
  w.ok(ev(et::transferred_to_police, "2024-03-12T16:00", {officer("A"), officer("B")}));
  auto police = ev(et::police_decided, "2024-03-14T09:00");
  police.approved = true;
  w.ok(police);
  EXPECT_EQ(due_of(w, "criminal-exhibit-handover", "2024-03-14"), "2024-03-18");  // 17th is a Sunday
  w.ok(ev(et::exhibits_handed_over, "2024-03-15T09:00", {officer("A"), officer("B")}));
  EXPECT_EQ(w.c.stage(), "closing");
  EXPECT_EQ(due_of(w, "decision", "2024-03-15"), "(not open)");
  w.ok(closed("2024-03-20T09:00"));
  const auto& f = w.c.facts().findings;
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].rule_id, "R-XFER-CRIM");
  EXPECT_EQ(f[0].period_id, "criminal-transfer-handover");
}

TEST(Walk, PoliceDeclineReturnsTheCaseToTheBureau) {
  walker w;
  w.to_investigation();
  w.ok(ev(et::criminal_referral_reported, "2024-03-10T09:00", {officer("A"), officer("B")}));
  auto dec = ev(et::criminal_transfer_decided, "2024-03-11T10:00", {principal()});
  dec.approved = true;
  w.ok(dec);
  w.ok(ev(et::transferred_to_police, "2024-03-11T16:00", {officer("A"), officer("B")}));
  auto police = ev(et::police_decided, "2024-03-14T09:00");
  police.approved = false;
  w.ok(police);
  EXPECT_EQ(w.c.stage(), "investigation");  // 移送规定 第十条: the bureau handles the case
  w.ok(ended("2024-04-01T09:00"));
  w.ok(reviewed("2024-04-03T09:00"));
  w.ok(approved("2024-04-05T09:00", fine_yuan(5000)));
  w.ok(notice("2024-04-08T09:00", fine_yuan(5000)));
  w.ok(decision("2024-04-16T09:00", fine_yuan(5000)));
}

TEST(Walk, FirstViolationNoPenaltyCase) {
  walker w;
  w.to_approval();
  w.ok(approved_other("2024-04-05T09:00"));
  EXPECT_EQ(w.c.stage(), "decision_pending");
  w.ok(decision_other("2024-04-08T09:00", pf::decision_outcome::no_penalty, "首违不罚：初次违法且危害后果轻微并及时改正"));
  EXPECT_EQ(w.c.stage(), "education");
  EXPECT_EQ(due_of(w, "service", "2024-04-08"), "(not open)");
  w.ok(ev(et::education_given, "2024-04-09T09:00", {officer("A"), officer("B")}));
  EXPECT_EQ(w.c.stage(), "closing");
  // 15 working days from 2024-04-09: 10-12, 15-19, 22-26, 28 (worked Sunday), 29 April.
  EXPECT_EQ(due_of(w, "closure", "2024-04-09"), "2024-04-29");
  w.ok(closed("2024-04-10T09:00"));
  w.ok(ev(et::archived, "2024-04-11T09:00"));
  EXPECT_EQ(w.c.stage(), "archived");
  EXPECT_TRUE(w.wf.findings(w.c, d("2024-12-31")).empty());
}

TEST(Walk, CaseExtendedBeyondOneHundredTwentyDaysByCollectiveDiscussion) {
  walker w;
  w.to_investigation();
  auto first = ev(et::decision_period_extended, "2024-05-30T09:00", {head()});
  first.extension = 30;
  first.approved_by = pf::approver::head;
  w.ok(first);
  // 90 + 30 days from 2024-03-05: 2024-07-03.
  EXPECT_EQ(due_of(w, "decision", "2024-05-30"), "2024-07-03");
  w.ok(collective("2024-06-28T09:00", "extension"));
  auto further = ev(et::decision_period_extended, "2024-06-28T10:00", {principal(), head("H2")});
  further.extension = 60;
  further.approved_by = pf::approver::collective_discussion;
  w.ok(further);
  // 180 days from 2024-03-05: 2024-09-01, a Sunday, rolls to 2024-09-02.
  EXPECT_EQ(due_of(w, "decision", "2024-06-28"), "2024-09-02");
  w.ok(act("2024-07-10T09:00"));
  w.ok(ended("2024-08-01T09:00"));
  w.ok(reviewed("2024-08-05T09:00"));
  w.ok(approved("2024-08-06T09:00", fine_yuan(5000)));
  w.ok(notice("2024-08-07T09:00", fine_yuan(5000)));
  w.ok(decision("2024-08-15T09:00", fine_yuan(5000)));  // day 163: on time thanks to the extensions
  EXPECT_TRUE(w.c.facts().findings.empty());
}

// --- findings: a missed deadline is recorded, not refused --------------------------------------------------------

TEST(Findings, LateFilingDecisionIsAFinding) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));
  w.ok(filing("2024-03-25T10:00"));  // due 2024-03-22
  const auto& f = w.c.facts().findings;
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].rule_id, "R-INTAKE-VERIFY-DEADLINE");
  EXPECT_NE(f[0].citation.find("程序规定 (2022) 第十八条"), std::string::npos);
  EXPECT_EQ(pf::to_iso(f[0].due), "2024-03-22");
  EXPECT_EQ(pf::to_iso(*f[0].done), "2024-03-25");
}

TEST(Findings, ApprovedVerificationExtensionMovesTheFilingDeadline) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));
  auto ext = ev(et::verification_extended, "2024-03-20T09:00", {head()});
  ext.extension = 15;
  w.ok(ext);
  EXPECT_EQ(due_of(w, "filing-decision", "2024-03-20"), "2024-04-15");
  w.ok(filing("2024-03-25T10:00"));
  EXPECT_TRUE(w.c.facts().findings.empty());
}

TEST(Findings, LateServiceIsAFinding) {
  walker w;
  w.to_service();
  w.ok(served("2024-04-26T09:00"));  // due 2024-04-25
  ASSERT_EQ(w.c.facts().findings.size(), 1U);
  EXPECT_EQ(w.c.facts().findings[0].rule_id, "R-SERVICE-DEADLINE");
  EXPECT_EQ(w.c.facts().findings[0].period_id, "service");
}

TEST(Findings, LateClosureIsAFinding) {
  walker w;
  w.to_execution();
  w.ok(paid("2024-04-25T09:00", 5000));
  w.ok(closed("2024-05-20T09:00"));  // due 2024-05-17
  ASSERT_EQ(w.c.facts().findings.size(), 1U);
  EXPECT_EQ(w.c.facts().findings[0].rule_id, "R-CLOSE");
}

TEST(Findings, LateDecisionIsAFindingNotARefusal) {
  walker w;
  w.to_investigation();
  w.ok(act("2024-05-01T09:00"));
  w.ok(ended("2024-05-20T09:00"));
  w.ok(reviewed("2024-05-22T09:00"));
  w.ok(approved("2024-05-24T09:00", fine_yuan(5000)));
  w.ok(notice("2024-05-27T09:00", fine_yuan(5000)));
  w.ok(decision("2024-06-04T09:00", fine_yuan(5000)));  // due 2024-06-03
  ASSERT_EQ(w.c.facts().findings.size(), 1U);
  EXPECT_EQ(w.c.facts().findings[0].rule_id, "R-DECISION-DEADLINE");
}

TEST(Findings, OverdueOpenDeadlinesAsOfADay) {
  walker w;
  w.to_service();
  EXPECT_TRUE(w.wf.findings(w.c, d("2024-04-25")).empty());
  const auto f = w.wf.findings(w.c, d("2024-04-26"));
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].period_id, "service");
  EXPECT_FALSE(f[0].done.has_value());
  const auto dl = w.wf.deadlines(w.c, d("2024-04-26"));
  const auto* s = deadline(dl, "service");
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(s->overdue);
}

TEST(Findings, HeadAbsentFromCourtIsRecorded) {
  walker w;
  w.to_execution();
  w.ok(ev(et::lawsuit_filed, "2024-05-01T09:00"));
  w.ok(ev(et::defence_submitted, "2024-05-10T09:00", {officer("A")}));
  w.ok(ev(et::court_appearance, "2024-07-01T09:00", {person("S1", pf::actor_role::agency_representative)}));
  ASSERT_EQ(w.c.facts().findings.size(), 1U);
  EXPECT_EQ(w.c.facts().findings[0].rule_id, "R-LIT-HEAD-APPEARANCE");
}

// --- property: random histories --------------------------------------------------------------------------------

namespace {

// Independent checks of an accepted history (written without the rule catalogue).
void check_invariants(const std::vector<pf::event>& h, std::uint32_t seed) {
  std::vector<std::string> recused;
  std::vector<std::string> officers;
  bool notice = false, review_ok = false, waived = false, spoke = false, party_contacted = false;
  pf::date notice_day;
  // Execution, counted item by item without the library's accounts (R-EXEC-ITEMS).
  std::int64_t fine = 0, gains = 0, property = 0, surcharge = 0;
  std::int64_t paid[3] = {0, 0, 0};
  bool goods = false, completed = false, penalty_decided = false;
  for (std::size_t i = 0; i < h.size(); ++i) {
    const auto& e = h[i];
    const auto where = "seed " + std::to_string(seed) + " event " + std::to_string(i) + " " +
                       std::string(pf::to_string(e.type));
    for (const auto& a : e.actors) {
      EXPECT_EQ(std::count(recused.begin(), recused.end(), a.id), 0) << where << ": recused " << a.id;
    }
    const bool needs_two = e.type == et::case_filed || e.type == et::investigative_act ||
                           e.type == et::evidence_preserved || e.type == et::seizure_ordered ||
                           e.type == et::summary_decision;
    if (needs_two) {
      std::vector<std::string> valid;
      for (const auto& a : e.actors) {
        if (a.role == pf::actor_role::officer && a.enforcement_certificate &&
            a.enforcement_certificate->valid_on(e.day()) &&
            std::find(valid.begin(), valid.end(), a.id) == valid.end()) {
          valid.push_back(a.id);
        }
      }
      EXPECT_GE(valid.size(), 2U) << where;
    }
    if (e.type == et::investigative_act && e.involves_party) {
      EXPECT_TRUE(party_contacted || e.rights_told) << where << ": first contact without the rights told";
      party_contacted = true;
    }
    if (e.type == et::reviewed && e.review_result == pf::review_outcome::approved) {
      EXPECT_EQ(e.items & pf::review_item::all, pf::review_item::all) << where << ": review does not cover 第五十三条";
    }
    if (e.type == et::reviewed) {
      for (const auto& a : e.actors) {
        if (a.role != pf::actor_role::reviewer && a.role != pf::actor_role::legal_reviewer) continue;
        EXPECT_EQ(std::count(officers.begin(), officers.end(), a.id), 0) << where << ": reviewer investigated";
      }
      if (e.review_result == pf::review_outcome::approved) review_ok = true;
    }
    if (e.type == et::investigation_ended) review_ok = false;
    if (e.type == et::notice_served) {
      notice = true;
      notice_day = e.day();
    }
    if (e.type == et::rights_waived) waived = true;
    if (e.type == et::statements_filed || e.type == et::hearing_requested) spoke = true;
    if (e.type == et::decision && e.outcome == pf::decision_outcome::penalty) {
      EXPECT_TRUE(notice) << where << ": penalty without notice";
      EXPECT_TRUE(review_ok) << where << ": penalty without review";
      // 5 working days always span at least 7 calendar days.
      EXPECT_TRUE(waived || spoke || (e.day() - notice_day).days() >= 7) << where << ": decided in the period";
    }
    if ((e.type == et::decision && e.outcome == pf::decision_outcome::penalty) || e.type == et::summary_decision) {
      penalty_decided = true;
      fine = e.proposed->fine_fen;
      gains = e.proposed->illegal_gains_fen;
      property = e.proposed->illegal_property_fen;
    }
    if (e.type == et::payment_received) {
      ASSERT_TRUE(e.item.has_value()) << where;
      paid[static_cast<int>(*e.item)] += e.amount_fen;
      const std::int64_t due[] = {fine, gains, surcharge};
      EXPECT_LE(paid[static_cast<int>(*e.item)], due[static_cast<int>(*e.item)]) << where << ": paid more than due";
    }
    if (e.type == et::cash_collected) paid[0] += e.amount_fen;
    if (e.type == et::surcharge_imposed) {
      surcharge += e.amount_fen;
      EXPECT_LE(surcharge, fine) << where << ": surcharge above the fine";
      EXPECT_TRUE(e.rate_told) << where << ": surcharge rate not told";
    }
    if (e.type == et::goods_confiscated) goods = true;
    if (e.type == et::execution_completed) completed = true;
    if (e.type == et::case_closed && penalty_decided && !completed) {
      EXPECT_TRUE(paid[0] >= fine && paid[1] >= gains && paid[2] >= surcharge && (property == 0 || goods))
          << where << ": closed with an item outstanding";
    }
    if (e.type == et::archived) {
      const bool closed_before = std::any_of(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(i),
                                             [](const pf::event& x) { return x.type == et::case_closed; });
      EXPECT_TRUE(closed_before) << where;
    }
    for (const auto& a : e.actors) {
      if (a.role == pf::actor_role::officer) officers.push_back(a.id);
    }
    if (e.type == et::recusal) {
      // 程序规定 第四条: who decides whose recusal.
      ASSERT_TRUE(e.subject_role.has_value()) << where;
      const auto deciders = [&](pf::actor_role r) {
        return std::count_if(e.actors.begin(), e.actors.end(),
                             [&](const pf::actor& a) { return a.role == r && a.id != e.subject; });
      };
      if (*e.subject_role == pf::actor_role::principal_head) {
        EXPECT_EQ(e.approved_by, pf::approver::collective_discussion) << where;
      } else if (*e.subject_role == pf::actor_role::head) {
        EXPECT_GE(deciders(pf::actor_role::principal_head), 1) << where;
      } else {
        EXPECT_GE(deciders(pf::actor_role::head) + deciders(pf::actor_role::principal_head), 1) << where;
      }
      recused.push_back(e.subject);
    }
    if ((e.type == et::decision && e.outcome == pf::decision_outcome::penalty) || e.type == et::summary_decision) {
      // 处罚法 第三十条, 第三十一条, 第三十三条: no penalty on a no-penalty ground.
      EXPECT_NE(e.applied, pf::discretion::first_violation) << where;
      EXPECT_NE(e.applied, pf::discretion::exempt) << where;
      EXPECT_EQ(e.exemption_facts & pf::exemption_fact::no_fault, 0) << where;
    }
    if (e.type == et::summary_decision) {
      EXPECT_EQ(e.items & pf::summary_item::all, pf::summary_item::all) << where << ": no 告知 on the spot";
    }
  }
}

// A random but plausible event at `when`: mostly the ordinary procedure's events, with random people.
pf::event random_event(std::mt19937& rng, const pf::instant& when) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint32_t>(n)); };
  const std::vector<pf::actor> people = {officer("A"), officer("B"), officer("C"), officer("X", "2024-01-31"),
                                         reviewer("R1"), person("A", pf::actor_role::reviewer), head(),
                                         principal(), host("T1"), person("B", pf::actor_role::hearing_host),
                                         legal_reviewer("L1"), legal_reviewer("L2", false)};
  pf::event e;
  e.type = static_cast<et>(pick(static_cast<int>(pf::event_type_count)));
  e.at = when;
  const int n = 1 + pick(3);
  for (int i = 0; i < n; ++i) e.actors.push_back(people[static_cast<std::size_t>(pick(static_cast<int>(people.size())))]);
  if (pick(2)) e.actors.push_back(head());  // many acts need a head's approval
  if (pick(2)) e.party = pick(2) ? pf::party_kind::organisation : pf::party_kind::natural_person;
  e.violation_date = when.date() - boost::gregorian::days(pick(900));
  e.conditions = pick(4) ? pf::filing_condition::all : pf::filing_condition::evidence;
  e.items = pick(4) ? 0xFF : 0x3F;
  e.grounds = static_cast<std::uint8_t>(pick(3) == 0 ? pick(16) : 0);
  const std::int64_t amounts[] = {10000, 20000, 300000, 500000, 10000000, 20000000};
  pf::penalty p = pick(5) ? fine_yuan(amounts[pick(6)] / 100) : warning();
  e.proposed = p;
  const pf::decision_outcome outcomes[] = {pf::decision_outcome::penalty, pf::decision_outcome::penalty,
                                           pf::decision_outcome::no_penalty, pf::decision_outcome::transfer_judicial};
  e.outcome = outcomes[pick(4)];
  e.review = pick(2) ? pf::review_kind::case_review : pf::review_kind::legal_review;
  const pf::review_outcome results[] = {pf::review_outcome::approved, pf::review_outcome::approved,
                                        pf::review_outcome::correction, pf::review_outcome::further_investigation};
  e.review_result = results[pick(4)];
  e.approved = pick(2) == 0;
  e.hearing_right_stated = pick(2) == 0;
  e.scheduled = when.date() + boost::gregorian::days(pick(20));
  e.extension = 1 + pick(40);
  e.approved_by = pick(2) ? pf::approver::head : pf::approver::collective_discussion;
  e.ground = pick(3) ? "ground" : "";
  const char* subjects[] = {"decision", "extension", "M1", "B", "other_agency"};
  e.subject = subjects[pick(5)];
  e.amount_fen = amounts[pick(6)];
  // The newer fields reuse the extension's randomness, so that the generator's sequence (and the depth its
  // histories reach) does not depend on how many fields there are.
  e.involves_party = e.extension % 2 == 0;
  e.rights_told = e.extension % 4 != 0;
  e.publicity_told = e.extension % 5 != 0;
  const pf::actor_role recused_roles[] = {pf::actor_role::officer, pf::actor_role::head, pf::actor_role::principal_head};
  e.subject_role = recused_roles[e.extension % 3];
  e.exemption_facts = e.extension % 7 == 0 ? pf::exemption_fact::first_violation_ground
                      : e.extension % 11 == 0 ? pf::exemption_fact::no_fault
                                              : std::uint8_t{0};
  // Execution items (R-EXEC-ITEMS): some penalties confiscate gains and goods; payments name an item.
  if (e.extension % 7 == 0 && e.proposed->fine_fen > 0) {
    e.proposed->add(pf::penalty_kind::confiscation);
    e.proposed->illegal_gains_fen = e.amount_fen;
    e.proposed->illegal_property_fen = e.extension % 2 ? 10000 : 0;
  }
  const pf::execution_item items[] = {pf::execution_item::fine, pf::execution_item::fine,
                                      pf::execution_item::illegal_gains, pf::execution_item::surcharge};
  e.item = items[e.extension % 4];
  e.rate_told = e.extension % 3 != 0;
  e.instalments = {{*e.scheduled, e.amount_fen}};
  return e;
}

}  // namespace

TEST(Property, RandomHistoriesNeverBreakAGateAndReplayIdentically) {
  pf::workflow wf;
  std::size_t accepted_total = 0;
  std::set<std::string> stages_seen;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    std::mt19937 rng(seed);
    pf::case_record c("P-" + std::to_string(seed));
    pf::instant now = at("2024-02-02T09:00");
    // A head start so that random events meet a filed case often.
    wf.apply(c, clue("2024-02-01T09:00"));
    wf.apply(c, filing("2024-02-02T09:00"));
    for (int i = 0; i < 60; ++i) {
      now += boost::posix_time::hours(static_cast<long>(rng() % 96));
      // Up to 80 random candidates at this moment: the first the workflow accepts is kept, so that histories
      // go deep into the procedure; every refused candidate must leave the case unchanged.
      for (int attempt = 0; attempt < 80; ++attempt) {
        auto e = random_event(rng, now);
        // Half the decisions keep the notified penalty, so that histories get past R-DEFENCE-REVIEW's "no
        // heavier penalty" as a real case would, and reach service and execution.
        if (e.type == et::decision && c.facts().notified && rng() % 2 == 0) e.proposed = c.facts().notified;
        // Half the payments pay what is outstanding of their item, as a party paying in full would, so that
        // histories get past R-EXEC-PAYMENT (no overpayment) to closing.
        if (e.type == et::payment_received && e.item && rng() % 2 == 0) {
          const auto& f = c.facts();
          const auto& m = *e.item == pf::execution_item::fine            ? f.fine
                          : *e.item == pf::execution_item::illegal_gains ? f.illegal_gains
                                                                         : f.surcharge;
          if (m.outstanding() > 0) e.amount_fen = m.outstanding();
        }
        const auto before = c.events().size();
        const auto r = wf.apply(c, e);
        ASSERT_EQ(r.accepted, r.refusals.empty());
        ASSERT_EQ(c.events().size(), before + (r.accepted ? 1 : 0));
        if (r.accepted) break;
      }
      stages_seen.insert(std::string(c.stage()));
    }
    accepted_total += c.events().size();
    check_invariants(c.events(), seed);
    // Replaying the accepted history accepts every event and gives the same stage, deadlines, findings.
    const auto replayed = wf.replay(c.id(), c.events());
    ASSERT_TRUE(replayed.refused.empty()) << "seed " << seed;
    EXPECT_EQ(replayed.record.stage(), c.stage()) << "seed " << seed;
    EXPECT_EQ(replayed.record.facts().remedy, c.facts().remedy) << "seed " << seed;
    const auto as_of = now.date();
    const auto a = wf.deadlines(c, as_of);
    const auto b = wf.deadlines(replayed.record, as_of);
    ASSERT_EQ(a.size(), b.size()) << "seed " << seed;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].period_id, b[i].period_id);
      EXPECT_EQ(a[i].due, b[i].due);
    }
    EXPECT_EQ(wf.findings(c, as_of).size(), wf.findings(replayed.record, as_of).size()) << "seed " << seed;
    // A record that keeps the facts only (the store's cache) reaches the same state from the same events.
    pf::case_record lean(c.id(), pf::history_kept::facts_only);
    for (const auto& e : c.events()) ASSERT_TRUE(wf.apply(lean, e).accepted) << "seed " << seed;
    EXPECT_TRUE(lean.events().empty());
    EXPECT_EQ(lean.event_count(), c.events().size());
    EXPECT_EQ(lean.last_event_at(), c.events().back().at);
    EXPECT_EQ(lean.stage(), c.stage()) << "seed " << seed;
    EXPECT_EQ(lean.facts().remedy, c.facts().remedy) << "seed " << seed;
    const auto l = wf.deadlines(lean, as_of);
    ASSERT_EQ(l.size(), a.size()) << "seed " << seed;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(l[i].period_id, a[i].period_id);
      EXPECT_EQ(l[i].due, a[i].due);
    }
    const auto fa = wf.findings(c, as_of), fl = wf.findings(lean, as_of);
    ASSERT_EQ(fl.size(), fa.size()) << "seed " << seed;
    for (std::size_t i = 0; i < fa.size(); ++i) {
      EXPECT_EQ(fl[i].rule_id, fa[i].rule_id);
      EXPECT_EQ(fl[i].message_en, fa[i].message_en);
    }
  }
  // The generator must reach deep into the procedure, or the property says nothing.
  EXPECT_GT(accepted_total, 300U * 20);
  std::string seen;
  for (const auto& x : stages_seen) seen += x + " ";
  EXPECT_GE(stages_seen.size(), 12U) << seen;
  for (const char* deep : {"notice", "decision_pending", "execution", "closed", "archived"}) {
    EXPECT_EQ(stages_seen.count(deep), 1U) << deep << " never reached; seen: " << seen;
  }
}

// --- remedies under the law in force on the date -----------------------------------------------------------
// 行政复议法 2017 for applications up to 2023-12-31 (the answer: 10 days counted under 民事诉讼法's rules), the
// 2023 revision from 2024-01-01 (10 working days, 第四十八条 with 第八十八条; 5 under the simplified procedure the
// 复议机关 chose, 第五十四条, which it can leave again, 第五十五条). The text is chosen by the application day ([M]).

namespace {
walker reconsidered(const char* decided, const char* applied) {
  walker w;
  w.ok(on_spot(decided, pf::party_kind::natural_person, fine_yuan(100)));
  w.ok(ev(et::reconsideration_applied, applied));
  return w;
}
std::string citation_of(const walker& w, const std::string& id, const char* as_of) {
  const auto v = w.wf.deadlines(w.c, d(as_of));
  const auto* x = deadline(v, id);
  return x ? x->citation : "(not open)";
}
}  // namespace

TEST(Remedies, TheAnswerPeriodFollowsTheTextInForceOnTheApplicationDay) {
  // The day before the revision: applied Sunday 2023-12-31; 10 natural days end Wednesday 2024-01-10.
  const walker before = reconsidered("2023-12-20T10:00", "2023-12-31T09:00");
  EXPECT_EQ(due_of(before, "reconsideration-answer", "2024-01-02"), "2024-01-10");
  EXPECT_NE(citation_of(before, "reconsideration-answer", "2024-01-02").find("行政复议法 (2017) 第二十三条"),
            std::string::npos);
  // The day itself: applied 2024-01-01 (元旦); 10 working days are 01-02 to 01-05, 01-08 to 01-12 and 01-15.
  const walker on = reconsidered("2023-12-20T10:00", "2024-01-01T09:00");
  EXPECT_EQ(due_of(on, "reconsideration-answer", "2024-01-02"), "2024-01-15");
  EXPECT_NE(citation_of(on, "reconsideration-answer", "2024-01-02").find("行政复议法 (2023) 第四十八条"),
            std::string::npos);
}

TEST(Remedies, The2017AnswerPeriodRollsALastDayOffToTheNextWorkingDay) {
  // 民事诉讼法 (2017) 第八十二条: applied 2023-09-19, the tenth day 2023-09-29 is 中秋节; the first day after the
  // holiday is Saturday 2023-10-07, a 调休 working day.
  const walker w = reconsidered("2023-09-01T10:00", "2023-09-19T09:00");
  EXPECT_EQ(due_of(w, "reconsideration-answer", "2023-09-20"), "2023-10-07");
}

TEST(Remedies, TheSimplifiedProcedureIsTheReconsiderationBodysChoiceAndCanBeLeft) {
  walker w = reconsidered("2024-01-02T10:00", "2024-01-02T15:00");
  EXPECT_EQ(due_of(w, "reconsideration-answer", "2024-01-03"), "2024-01-16");  // never derived from the decision
  auto simplified = ev(et::reconsideration_procedure, "2024-01-03T09:00");
  simplified.subject = "simplified";
  w.ok(simplified);
  EXPECT_EQ(due_of(w, "reconsideration-answer-simplified", "2024-01-03"), "2024-01-09");  // 5 working days
  EXPECT_EQ(due_of(w, "reconsideration-answer", "2024-01-03"), "(not open)");
  auto ordinary = ev(et::reconsideration_procedure, "2024-01-05T09:00");
  ordinary.subject = "ordinary";  // 第五十五条
  w.ok(ordinary);
  EXPECT_EQ(due_of(w, "reconsideration-answer", "2024-01-05"), "2024-01-16");
}

// --- provisional dates: past the calendar's coverage, every judgment is refused or marked -------------------------

namespace {

/// An ordinary case whose prior notice is served Monday 2026-12-28 (5,000 yuan: no hearing right).
std::vector<pf::event> notice_past_the_coverage() {
  return {clue("2026-10-09T09:00"),
          filing("2026-10-12T10:00", {officer("A"), officer("B")}, "2026-09-01"),
          act("2026-10-14T09:00"),
          ended("2026-11-02T09:00"),
          reviewed("2026-11-04T09:00"),
          approved("2026-11-06T09:00", fine_yuan(5000)),
          notice("2026-12-28T09:00", fine_yuan(5000))};
}

}  // namespace

// The statement period of a notice served 2026-12-28 runs past the calendar's coverage (2026-12-21): 元旦
// 2027-01-01 is a statutory holiday (全国年节及纪念日放假办法 第二条), so it ends on 2027-01-05, provisionally. A
// decision on 2027-01-04 was accepted silently against a date that counted 元旦 as a working day.
TEST(Provisional, ADecisionJudgedPastTheCoverageIsRefusedUnlessTheCallerAcceptsIt) {
  walker w;
  for (const auto& e : notice_past_the_coverage()) w.ok(e);  // none of these judgments reaches 2026-12-22
  EXPECT_TRUE(w.c.facts().provisional_acceptances.empty());
  const auto open = w.wf.deadlines(w.c, d("2026-12-28"));
  const auto* statement = deadline(open, "statement");
  ASSERT_NE(statement, nullptr);
  EXPECT_EQ(pf::to_iso(statement->due), "2027-01-05");
  EXPECT_TRUE(statement->provisional);

  // Strict (the default): refused, citing the 办法, naming the first assumed day.
  const auto r = w.refused(decision("2027-01-04T09:00", fine_yuan(5000)));
  expect_refusal(r, "R-CALENDAR-PROVISIONAL", "全国年节及纪念日放假办法 (2024) 第二条");
  EXPECT_EQ(fact_value(find_refusal(r, "R-CALENDAR-PROVISIONAL"), "provisional_from"), "2026-12-29");
  // Accepting provisional dates: the gate judges it against 2027-01-05, refuses it (the party has not been heard)
  // and says the refusal rests on a provisional date.
  auto c = w.c;
  const auto opted = w.wf.apply(c, decision("2027-01-04T09:00", fine_yuan(5000)), pf::coverage_policy::provisional_ok);
  EXPECT_FALSE(opted.accepted);
  EXPECT_TRUE(opted.provisional);
  EXPECT_FALSE(has_rule(opted.refusals, "R-CALENDAR-PROVISIONAL"));
  ASSERT_FALSE(opted.refusals.empty());
  for (const auto& x : opted.refusals) EXPECT_EQ(fact_value(x, "provisional_from"), "2026-12-29") << x.rule_id;

  // On 2027-01-06, after the period: accepted only with the opt-in, and the acceptance carries the mark.
  EXPECT_TRUE(has_rule(w.refused(decision("2027-01-06T09:00", fine_yuan(5000))), "R-CALENDAR-PROVISIONAL"));
  const auto ok = w.wf.apply(w.c, decision("2027-01-06T09:00", fine_yuan(5000)), pf::coverage_policy::provisional_ok);
  ASSERT_TRUE(ok.accepted) << walker::describe(ok.refusals);
  EXPECT_TRUE(ok.provisional);
  ASSERT_EQ(w.c.facts().provisional_acceptances.size(), 1U);
  EXPECT_EQ(w.c.facts().provisional_acceptances[0].event_index, 7U);
  EXPECT_EQ(pf::to_iso(w.c.facts().provisional_acceptances[0].first_assumed_day), "2026-12-29");
}

namespace {

/// `h` moved by `weeks` whole weeks: every date keeps its weekday.
pf::case_history shifted(pf::case_history h, int weeks) {
  const boost::gregorian::days by(7 * weeks);
  auto move = [&](std::optional<pf::date>& x) {
    if (x) *x += by;
  };
  for (auto& e : h.events) {
    e.at += by;
    move(e.violation_date);
    move(e.violation_end);
    move(e.scheduled);
    for (auto& a : e.actors) {
      if (!a.enforcement_certificate) continue;
      a.enforcement_certificate->valid_from += by;
      a.enforcement_certificate->valid_until += by;
    }
  }
  return h;
}

std::set<std::string> rule_ids(const pf::refusal_list& r) {
  std::set<std::string> s;
  for (const auto& x : r) s.insert(x.rule_id);
  return s;
}

bool marked(const pf::refusal_list& r) {
  return std::all_of(r.begin(), r.end(), [](const pf::refusal& x) { return fact_value(x, "provisional_from") != "(no fact provisional_from)"; });
}

}  // namespace

// Every example history, moved whole weeks past the coverage (each event on or after 2026-12-22): every deadline
// and every finding about a period carries the mark; the first refusal that is not what the unshifted history got
// (so rests on the shifted dates) carries it; without the opt-in, the first event judged on a provisional date is
// refused under R-CALENDAR-PROVISIONAL and nothing before it changes.
TEST(Provisional, EveryExampleHistoryShiftedPastTheCoverageIsMarked) {
  const pf::workflow wf;
  int histories = 0, marked_deadlines = 0, marked_findings = 0, marked_acceptances = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories")) {
    if (entry.path().extension() != ".json") continue;
    SCOPED_TRACE(entry.path().filename().string());
    const auto original = pf::load_history(entry.path().string());
    ASSERT_FALSE(original.events.empty());
    const int weeks = static_cast<int>((d("2026-12-22") - original.events.front().day()).days() + 6) / 7;
    const auto h = shifted(original, weeks);
    ASSERT_GE(h.events.front().day(), d("2026-12-22"));
    ++histories;

    const auto before = wf.replay(original.case_id, original.events);
    const auto opted = wf.replay(h.case_id, h.events, pf::coverage_policy::provisional_ok);
    const pf::date last = h.events.back().day();
    for (const auto& x : wf.deadlines(opted.record, last)) {
      if (wf.periods().at(x.period_id).unit == pf::period_unit::hours) continue;  // hours know no calendar
      EXPECT_TRUE(x.provisional) << x.period_id;
      ++marked_deadlines;
    }
    for (const auto& f : wf.findings(opted.record, last)) {
      if (f.period_id.empty()) continue;  // e.g. a missing audio-visual record: no date involved
      EXPECT_TRUE(f.provisional) << f.rule_id << " " << f.message_en;
      ++marked_findings;
    }
    // Refusals up to the first that differs from the unshifted history's (later ones follow from it: a decision
    // refused leaves its service out of order).
    for (const auto& x : opted.refused) {
      const auto same = std::find_if(before.refused.begin(), before.refused.end(),
                                     [&](const pf::replay_refusal& y) { return y.index == x.index; });
      const bool unchanged = same != before.refused.end() && rule_ids(same->refusals) == rule_ids(x.refusals);
      EXPECT_TRUE(unchanged || marked(x.refusals)) << "event #" << x.index << ": " << walker::describe(x.refusals);
      if (!unchanged) break;
    }
    marked_acceptances += static_cast<int>(opted.record.facts().provisional_acceptances.size());

    // Without the opt-in: the same until the first provisional acceptance, which is refused.
    const auto strict = wf.replay(h.case_id, h.events);
    const auto& pa = opted.record.facts().provisional_acceptances;
    if (pa.empty()) continue;
    // The first marked acceptance is the pa[0].event_index-th accepted event: find its input position.
    std::size_t accepted = 0, position = 0;
    for (; position < h.events.size(); ++position) {
      const bool refused = std::any_of(opted.refused.begin(), opted.refused.end(),
                                       [&](const pf::replay_refusal& y) { return y.index == position; });
      if (refused) continue;
      if (accepted++ == pa[0].event_index) break;
    }
    ASSERT_LT(position, h.events.size());
    const auto hit = std::find_if(strict.refused.begin(), strict.refused.end(),
                                  [&](const pf::replay_refusal& y) { return y.index == position; });
    ASSERT_NE(hit, strict.refused.end()) << "event #" << position << " accepted without the opt-in";
    expect_refusal(hit->refusals, "R-CALENDAR-PROVISIONAL", "全国年节及纪念日放假办法");
    for (const auto& y : strict.refused) {
      if (y.index >= position) break;
      EXPECT_TRUE(std::any_of(opted.refused.begin(), opted.refused.end(),
                              [&](const pf::replay_refusal& z) { return z.index == y.index; }))
          << "event #" << y.index << " refused only without the opt-in, before the first provisional one";
    }
  }
  EXPECT_EQ(histories, 13);  // every example, the execution ones (confiscation, deferral, bank payment) included
  EXPECT_GT(marked_deadlines, 0);
  EXPECT_GT(marked_findings, 0);
  EXPECT_GT(marked_acceptances, 0);
}
