// Excluded time (R-TIME-EXCLUDED): testing, 权利人辨认或者鉴别 and 公告 recorded as events pause exactly the
// periods whose article names them — the filing check (程序规定 第十八条第二款), the decision period (第六十四条第二款)
// and a seizure (第三十八条第三款; 行政强制法 第二十五条第三款) — and overlapping pauses count once. The first and the
// last day of excluded time are both left out. Dates are worked out by hand in the comments (2024 national
// calendar: Qingming 4-6 April off, 7 April worked; Dragon Boat 10 June off).
#include "support/walker.hpp"

#include <gtest/gtest.h>

using namespace pf_test;
namespace pf = penaltyflow;

namespace {

std::string due_of(const walker& w, const std::string& id, const char* as_of, const std::string& subject = "") {
  for (const auto& x : w.wf.deadlines(w.c, d(as_of))) {
    if (x.period_id == id && (subject.empty() || x.subject == subject)) return pf::to_iso(x.due);
  }
  return "(not open)";
}

pf::event seizure(const char* when, const char* id) {
  auto e = ev(et::seizure_ordered, when, {officer("A"), officer("B"), head()});
  e.subject = id;
  e.av_recorded = true;
  return e;
}

}  // namespace

TEST(ExcludedTime, EightyOneDaysAtATestingInstituteMoveTheDecisionPeriod) {
  walker w;
  w.to_investigation();  // filed Tuesday 2024-03-05: 90 days end Monday 2024-06-03
  EXPECT_EQ(due_of(w, "decision", "2024-03-11"), "2024-06-03");
  w.ok(excluded_start("2024-03-11T15:00", pf::exclusion::testing));
  // Running: 11 to 20 March (10 days) are not counted as of the 20th.
  EXPECT_EQ(due_of(w, "decision", "2024-03-20"), "2024-06-13");
  w.ok(excluded_end("2024-05-30T10:00"));
  // 11 March to 30 May, both days left out: 21 + 30 + 30 = 81 days. 2024-06-03 + 81 days = Friday 2024-08-23.
  EXPECT_EQ(due_of(w, "decision", "2024-06-01"), "2024-08-23");
  ASSERT_EQ(w.c.facts().decision_pauses.size(), 1U);
  EXPECT_EQ(pf::excluded_days_between(d("2024-03-05"), d("2024-08-23"), w.c.facts().decision_pauses), 81);
  EXPECT_TRUE(w.wf.findings(w.c, d("2024-08-23")).empty());
  EXPECT_EQ(w.wf.findings(w.c, d("2024-08-24")).size(), 1U);  // overdue the day after
}

TEST(ExcludedTime, TestingAndIdentificationPauseTheFilingCheckButPublicNoticeDoesNot) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));  // Friday: 15 working days end 2024-03-22
  EXPECT_EQ(due_of(w, "filing-decision", "2024-03-04"), "2024-03-22");
  // 公告 is excluded from the decision period only (第六十四条第二款), and no case is filed yet.
  const auto r = w.refused(excluded_start("2024-03-04T09:00", pf::exclusion::public_notice, "GG-1"));
  expect_refusal(r, "R-TIME-EXCLUDED", "程序规定 (2022) 第十八条第二款");
  w.ok(excluded_start("2024-03-06T09:00", pf::exclusion::rightholder_id, "BR-1"));
  w.ok(excluded_end("2024-03-12T09:00", "BR-1"));
  // 6, 7, 8, 11 and 12 March (5 working days) are not counted: 2024-03-29.
  EXPECT_EQ(due_of(w, "filing-decision", "2024-03-13"), "2024-03-29");
  w.ok(filing("2024-03-27T10:00"));
  EXPECT_TRUE(w.c.facts().findings.empty());  // on time only because of the pause
  // The pause lies before the filing: the decision period is not moved (27 March + 90 days = 25 June).
  EXPECT_EQ(due_of(w, "decision", "2024-03-28"), "2024-06-25");
}

TEST(ExcludedTime, FilingLateWithoutThePauseIsAFinding) {
  walker w;
  w.ok(clue("2024-03-01T09:00"));
  w.ok(filing("2024-03-27T10:00"));
  ASSERT_EQ(w.c.facts().findings.size(), 1U);
  EXPECT_EQ(w.c.facts().findings[0].rule_id, "R-INTAKE-VERIFY-DEADLINE");
}

TEST(ExcludedTime, PublicNoticePausesTheDecisionPeriod) {
  walker w;
  w.to_investigation();
  w.ok(excluded_start("2024-03-11T09:00", pf::exclusion::public_notice, "GG-1"));
  w.ok(excluded_end("2024-03-20T09:00", "GG-1"));
  EXPECT_EQ(due_of(w, "decision", "2024-03-21"), "2024-06-13");  // 06-03 + 10 days
}

TEST(ExcludedTime, TestingOfSeizedGoodsPausesTheSeizureOnlyForTheFixedPeriodToldToTheParty) {
  walker w;
  w.to_investigation();
  w.ok(seizure("2024-03-11T10:00", "KY-1"));  // 30 days: Wednesday 2024-04-10
  EXPECT_EQ(due_of(w, "seizure", "2024-03-12", "KY-1"), "2024-04-10");
  auto unnotified = excluded_start("2024-03-15T09:00", pf::exclusion::testing);
  unnotified.measure = "KY-1";
  unnotified.scheduled = d("2024-03-25");
  const auto r = w.refused(unnotified);
  expect_refusal(r, "R-TIME-EXCLUDED", "行政强制法 (2011) 第二十五条第三款");
  EXPECT_EQ(fact_value(find_refusal(r, "R-TIME-EXCLUDED"), "party_notified"), "false");
  auto notified = unnotified;
  notified.party_notified = true;
  w.ok(notified);
  // Running as of 20 March: 15 to 20 March (6 days) are not counted.
  EXPECT_EQ(due_of(w, "seizure", "2024-03-20", "KY-1"), "2024-04-16");
  w.ok(excluded_end("2024-03-30T09:00"));
  // The seizure leaves out 15 to 25 March (11 days, the period fixed), not the 5 days the report was late:
  // 2024-04-10 + 11 = Sunday 04-21, rolled to Monday 04-22. The decision period leaves out all 16 days.
  EXPECT_EQ(due_of(w, "seizure", "2024-03-31", "KY-1"), "2024-04-22");
  EXPECT_EQ(due_of(w, "decision", "2024-03-31"), "2024-06-19");
}

TEST(ExcludedTime, TestingNotTiedToASeizureLeavesTheSeizureClockRunning) {
  walker w;
  w.to_investigation();
  w.ok(seizure("2024-03-11T10:00", "KY-1"));
  w.ok(excluded_start("2024-03-15T09:00", pf::exclusion::testing));
  w.ok(excluded_end("2024-03-30T09:00"));
  EXPECT_EQ(due_of(w, "seizure", "2024-03-31", "KY-1"), "2024-04-10");
  // Identification by the right holder never pauses a seizure (行政强制法 第二十五条第三款: testing only).
  auto ident = excluded_start("2024-04-01T09:00", pf::exclusion::rightholder_id, "BR-1");
  ident.measure = "KY-1";
  ident.scheduled = d("2024-04-05");
  ident.party_notified = true;
  expect_refusal(w.refused(ident), "R-TIME-EXCLUDED", "程序规定 (2022) 第三十八条第三款");
}

TEST(ExcludedTime, OverlappingPausesAreCountedOnce) {
  walker w;
  w.to_investigation();
  auto s = ev(et::suspended, "2024-04-01T09:00", {head()});
  s.ground = "需要有权机关作出解释";
  w.ok(s);
  w.ok(excluded_start("2024-04-05T09:00", pf::exclusion::testing));
  // Both running as of 7 April: 1 to 7 April, 7 days once. 06-03 + 7 = Monday 06-10, Dragon Boat → 06-11.
  EXPECT_EQ(due_of(w, "decision", "2024-04-07"), "2024-06-11");
  w.ok(ev(et::resumed, "2024-04-10T09:00", {head()}));
  w.ok(excluded_end("2024-04-20T09:00"));
  // 1 to 10 April and 5 to 20 April overlap: 1 to 20 April, 20 days. 06-03 + 20 = Sunday 06-23 → 06-24.
  EXPECT_EQ(due_of(w, "decision", "2024-04-21"), "2024-06-24");
  EXPECT_EQ(pf::excluded_days_between(d("2024-03-05"), d("2024-06-24"), w.c.facts().decision_pauses), 20);
}

TEST(ExcludedTime, StartAndEndAreCheckedAndRefusalsCiteTheRule) {
  walker w;
  w.to_investigation();
  auto nameless = excluded_start("2024-03-11T09:00", pf::exclusion::testing);
  nameless.institution.clear();
  const auto r = w.refused(nameless);
  expect_refusal(r, "R-TIME-EXCLUDED", "程序规定 (2022) 第六十四条第二款");
  EXPECT_EQ(fact_value(find_refusal(r, "R-TIME-EXCLUDED"), "institution"), "");
  expect_refusal(w.refused(excluded_end("2024-03-12T09:00", "JC-9")), "R-TIME-EXCLUDED", "第六十四条第二款");
  w.ok(excluded_start("2024-03-11T09:00", pf::exclusion::testing));
  expect_refusal(w.refused(excluded_start("2024-03-12T09:00", pf::exclusion::testing)), "R-TIME-EXCLUDED",
                 "第六十四条第二款");
  auto kindless = excluded_start("2024-03-12T09:00", pf::exclusion::testing, "JC-2");
  kindless.excluded.reset();
  expect_refusal(w.refused(kindless), "R-TIME-EXCLUDED", "第十八条第二款");
}

TEST(ExcludedTime, NoClockToPauseAfterTheDecision) {
  walker w;
  w.to_service();
  expect_refusal(w.refused(excluded_start("2024-04-17T09:00", pf::exclusion::testing)), "R-TIME-EXCLUDED",
                 "第六十四条第二款");
}

TEST(ExcludedTime, ThePeriodsCatalogueNamesTheRuleAndTheRuleIsInTheCatalogue) {
  const auto& rule = pf::rule_catalogue::national().at("R-TIME-EXCLUDED");
  EXPECT_NE(rule.citation_text().find("行政强制法 (2011) 第二十五条第三款"), std::string::npos);
  EXPECT_TRUE(rule.applies(et::excluded_time_started));
  EXPECT_TRUE(rule.applies(et::excluded_time_ended));
  EXPECT_EQ(pf::excluded_time_rule_id, rule.id);
}
