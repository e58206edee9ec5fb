// Worked examples of statutory counting. Each expected date is worked out by hand in the comment beside it
// (and in docs/time-limits.md) from the 2019-2026 State Council arrangements.
#include <penaltyflow/deadline.hpp>
#include <penaltyflow/error.hpp>

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include "support/expect_thrown.hpp"

#include <gtest/gtest.h>

using namespace penaltyflow;

namespace {

date d(const char* s) { return parse_date(s); }
const calendar& nat() { return calendar::national(); }
const period_definition& per(const char* id) { return period_catalogue::national().at(id); }

due_date due(const char* id, const char* from, std::vector<excluded_time> pauses = {}, std::vector<extension> ext = {},
             counting_options opt = {}) {
  return compute_due_date(per(id), d(from), nat(), pauses, ext, opt);
}

std::string due_iso(const char* id, const char* from, std::vector<excluded_time> pauses = {},
                    std::vector<extension> ext = {}, counting_options opt = {}) {
  return to_iso(due(id, from, std::move(pauses), std::move(ext), opt).due);
}

}  // namespace

// --- working days -------------------------------------------------------------------------------------------

TEST(WorkingDays, FiveWorkingDaysFromTheDayBeforeNationalDay2023) {
  // Served Thu 2023-09-28. 09-29..10-06 is the 中秋节、国庆节 block; Sat 10-07 and Sun 10-08 are 调休 workdays.
  // Counting: 10-07 (1), 10-08 (2), 10-09 (3), 10-10 (4), 10-11 (5).
  const auto r = due("statement", "2023-09-28");
  EXPECT_EQ(to_iso(r.due), "2023-10-11");
  EXPECT_FALSE(r.rolled);
  EXPECT_FALSE(r.provisional);
  EXPECT_EQ(r.calendar_version, nat().version());
  EXPECT_EQ(r.citation, "程序规定 (2022) 第五十七条");
  EXPECT_EQ(working_days_between(nat(), d("2023-09-28"), d("2023-10-11")), 5);
}

TEST(WorkingDays, AcrossTheYearBoundary) {
  // Thu 2023-12-28: Fri 12-29 (1); 12-30..2024-01-01 元旦 block; 01-02 (2) .. Fri 01-05 (5).
  EXPECT_EQ(due_iso("statement", "2023-12-28"), "2024-01-05");
}

TEST(WorkingDays, AcrossSpringFestival2024WithSundayWorkday) {
  // Mon 2024-02-05: 02-06..02-09 (1-4; 除夕 02-09 is not an official day off); 02-10..02-17 block;
  // Sun 02-18 调休 (5); 02-19..02-23 (6-10); 02-26..02-29 (11-14); Fri 03-01 (15).
  EXPECT_EQ(due_iso("closure", "2024-02-05"), "2024-03-01");
}

TEST(WorkingDays, SpringFestivalExtension2020) {
  // Thu 2020-01-23: the extended block runs 01-24..02-02 (国办发明电〔2020〕1号), so Sat 02-01 is no workday.
  // Mon 02-03 (1) .. Fri 02-07 (5).
  EXPECT_EQ(due_iso("statement", "2020-01-23"), "2020-02-07");
}

TEST(WorkingDays, StartOnAHolidayIsNotCounted) {
  // Served on Sun 2023-10-01 (holiday): 10-07 (1), 10-08 (2), 10-09 (3), 10-10 (4), 10-11 (5).
  EXPECT_EQ(due_iso("statement", "2023-10-01"), "2023-10-11");
}

TEST(WorkingDays, TestingTimeIsExcludedFromTheFilingCheck) {
  // 程序规定 第十八条: Wed 2023-03-01 + 15 working days = Wed 03-22; testing Mon 03-06..Fri 03-10 is not counted,
  // so five more working days: Wed 03-29.
  EXPECT_EQ(due_iso("filing-decision", "2023-03-01"), "2023-03-22");
  const auto r = due("filing-decision", "2023-03-01", {{d("2023-03-06"), d("2023-03-10"), exclusion::testing}});
  EXPECT_EQ(to_iso(r.due), "2023-03-29");
  EXPECT_EQ(r.excluded_days, 5);
}

TEST(WorkingDays, FilingCheckExtendedByFifteen) {
  // 03-22 + 15 working days: 03-23, 03-24 (2), 03-27..03-31 (7), 04-03 (8), 04-04 (9), 04-05 清明 (off),
  // 04-06 (10), 04-07 (11), 04-10..04-13 (15).
  const auto r = due("filing-decision", "2023-03-01", {}, {{15, approver::head}});
  EXPECT_EQ(to_iso(r.due), "2023-04-13");
  EXPECT_EQ(r.extended_by, 15);
}

TEST(WorkingDays, HearingNoticeIsAMinimumNotice) {
  // Notice served Mon 2023-09-25: 09-26 (1), 09-27 (2), 09-28 (3), block, 10-07 (4), 10-08 (5), 10-09 (6),
  // 10-10 (7). The hearing may be held from 2023-10-11 on.
  EXPECT_EQ(per("hearing-notice").kind, period_kind::minimum_notice);
  EXPECT_EQ(due_iso("hearing-notice", "2023-09-25"), "2023-10-10");
}

TEST(WorkingDays, ReviewCanBeExtendedRepeatedlyByApproval) {
  // 程序规定 第五十五条: no maximum. Mon 2025-03-03 + 10 = Mon 03-17; + 5 + 5 = Mon 03-31.
  EXPECT_EQ(due_iso("review", "2025-03-03"), "2025-03-17");
  EXPECT_EQ(due_iso("review", "2025-03-03", {}, {{5, approver::head}, {5, approver::head}}), "2025-03-31");
}

TEST(WorkingDays, AddWorkingDaysPrimitive) {
  EXPECT_EQ(to_iso(add_working_days(nat(), d("2023-09-28"), 1)), "2023-10-07");
  EXPECT_THROW(add_working_days(nat(), d("2023-09-28"), 0), invalid_argument_error);
}

// --- natural days -------------------------------------------------------------------------------------------

TEST(NaturalDays, LastDayInsideAHolidayBlockRollsToTheNextWorkingDay) {
  // 程序规定 第八十条: Wed 2023-09-20 + 15 = Thu 10-05, inside the block; 10-06 is off too; Sat 10-07 is a
  // 调休 workday, the first working day after the holiday.
  const auto r = due("payment", "2023-09-20");
  EXPECT_EQ(to_iso(r.nominal_due), "2023-10-05");
  EXPECT_EQ(to_iso(r.due), "2023-10-07");
  EXPECT_TRUE(r.rolled);
}

TEST(NaturalDays, LastDayOnAnAdjustedSaturdayDoesNotRoll) {
  // Fri 2023-09-22 + 15 = Sat 10-07, a 调休 workday: no roll.
  const auto r = due("payment", "2023-09-22");
  EXPECT_EQ(to_iso(r.due), "2023-10-07");
  EXPECT_FALSE(r.rolled);
}

TEST(NaturalDays, LastDayOnAnOrdinarySaturdayRollsUnderTheDefaultReading) {
  // Fri 2023-11-03 + 15 = Sat 11-18: rolls to Mon 11-20 (rest days read as 法定节假日, 民法典 第二百零三条).
  EXPECT_EQ(due_iso("payment", "2023-11-03"), "2023-11-20");
  // Under the "official holidays only" reading a plain Saturday does not roll.
  counting_options strict_reading;
  strict_reading.roll = roll_reading::official_holidays_only;
  EXPECT_EQ(due_iso("payment", "2023-11-03", {}, {}, strict_reading), "2023-11-18");
  // ...but a day inside an official block still does: 2023-10-05 -> 10-07.
  EXPECT_EQ(due_iso("payment", "2023-09-20", {}, {}, strict_reading), "2023-10-07");
}

TEST(NaturalDays, DecisionLimitOfNinetyDays) {
  // 程序规定 第六十四条: filed Mon 2024-01-15; + 90 = Sun 2024-04-14 (leap year); rolls to Mon 04-15.
  const auto r = due("decision", "2024-01-15");
  EXPECT_EQ(to_iso(r.nominal_due), "2024-04-14");
  EXPECT_EQ(to_iso(r.due), "2024-04-15");
}

TEST(NaturalDays, SuspensionMovesTheDecisionLimit) {
  // 中止 2024-02-01..2024-02-10 (10 days) is not counted: 04-14 + 10 = Wed 04-24.
  const auto r = due("decision", "2024-01-15", {{d("2024-02-01"), d("2024-02-10"), exclusion::suspension}});
  EXPECT_EQ(to_iso(r.due), "2024-04-24");
  EXPECT_EQ(r.excluded_days, 10);
}

TEST(NaturalDays, OverlappingPausesAreCountedOnce) {
  // 02-01..02-10 and 02-05..02-12 together cover 12 days: 04-14 + 12 = Fri 04-26.
  const auto r = due("decision", "2024-01-15",
                     {{d("2024-02-01"), d("2024-02-10"), exclusion::suspension},
                      {d("2024-02-05"), d("2024-02-12"), exclusion::testing}});
  EXPECT_EQ(to_iso(r.due), "2024-04-26");
  EXPECT_EQ(r.excluded_days, 12);
}

TEST(NaturalDays, PauseBeforeTheStartIsIgnored) {
  EXPECT_EQ(due_iso("decision", "2024-01-15", {{d("2024-01-01"), d("2024-01-10"), exclusion::testing}}),
            "2024-04-15");
}

TEST(NaturalDays, DecisionExtendedByAHeadThenByCollectiveDiscussion) {
  // + 30 (head): 04-14 + 30 = Tue 05-14. + 60 more (集体讨论): 05-14 + 60 = Sat 07-13 -> Mon 07-15.
  EXPECT_EQ(due_iso("decision", "2024-01-15", {}, {{30, approver::head}}), "2024-05-14");
  const auto r = due("decision", "2024-01-15", {}, {{30, approver::head}, {60, approver::collective_discussion}});
  EXPECT_EQ(to_iso(r.due), "2024-07-15");
  EXPECT_EQ(r.extended_by, 90);
}

TEST(NaturalDays, PublicNoticeServiceRollsOutOfNationalDay2024) {
  // Thu 2024-09-05 + 30 = Sat 10-05, inside 10-01..10-07: rolls to Tue 10-08.
  EXPECT_EQ(due_iso("public-notice-service", "2024-09-05"), "2024-10-08");
}

TEST(NaturalDays, SeizureThirtyPlusThirty) {
  // 行政强制法 第二十五条: Mon 2025-03-03 + 30 = Wed 04-02; + 30 = Fri 05-02, inside 05-01..05-05: -> Tue 05-06.
  EXPECT_EQ(due_iso("seizure", "2025-03-03"), "2025-04-02");
  EXPECT_EQ(due_iso("seizure", "2025-03-03", {}, {{30, approver::head}}), "2025-05-06");
}

// --- months and years -----------------------------------------------------------------------------------------

TEST(Months, CorrespondingDayOrTheMonthsLastDay) {
  // 民法典 第二百零二条: 2023-11-30 + 3 months = Thu 2024-02-29 (no 2024-02-30).
  EXPECT_EQ(due_iso("court-enforcement-application", "2023-11-30"), "2024-02-29");
  // 2024-02-29 + 3 months = Wed 2024-05-29 (the corresponding day, not the end of May).
  EXPECT_EQ(due_iso("court-enforcement-application", "2024-02-29"), "2024-05-29");
  // 2023-08-31 + 6 months = 2024-02-29.
  EXPECT_EQ(due_iso("litigation-direct", "2023-08-31"), "2024-02-29");
}

TEST(Years, LimitationEndsOnAnAdjustedSaturday) {
  // 处罚法 第三十六条: 2024-02-29 + 2 years = Sat 2026-02-28, a 调休 workday of the 2026 notice: no roll.
  const auto r = due("limitation", "2024-02-29");
  EXPECT_EQ(to_iso(r.due), "2026-02-28");
  EXPECT_FALSE(r.rolled);
}

TEST(Years, LimitationRollsOutOfNationalDay2025) {
  // 2023-10-01 + 2 years = 2025-10-01, in the block 10-01..10-08: rolls to Thu 10-09.
  EXPECT_EQ(due_iso("limitation", "2023-10-01"), "2025-10-09");
  // Five years: 2019-06-10 + 5 = Mon 2024-06-10, the last day of 端午 (06-08..06-10) -> Tue 06-11.
  EXPECT_EQ(due_iso("limitation-extended", "2019-06-10"), "2024-06-11");
}

// --- hours ---------------------------------------------------------------------------------------------------

TEST(Hours, TheStartingHourIsNotCounted) {
  const auto& p = per("emergency-measure-report");
  const auto r = compute_due_instant(p, parse_instant("2024-03-05T10:25"), nat());
  EXPECT_EQ(to_iso(*r.due_instant), "2024-03-06T11:00:00");
  const auto on_the_hour = compute_due_instant(p, parse_instant("2024-03-05T10:00"), nat());
  EXPECT_EQ(to_iso(*on_the_hour.due_instant), "2024-03-06T11:00:00");
  // Hours never roll, even into a holiday.
  const auto r2 = compute_due_instant(p, parse_instant("2023-09-30T08:10:00"), nat());
  EXPECT_EQ(to_iso(*r2.due_instant), "2023-10-01T09:00:00");
}

TEST(Hours, DayCountingRefusesHourPeriods) {
  pf_test::expect_thrown<invalid_argument_error>([] { due("emergency-measure-report", "2024-03-05"); }, "counted in hours");
  EXPECT_THROW(compute_due_instant(per("decision"), parse_instant("2024-03-05T10:00"), nat()),
               invalid_argument_error);
}

// --- coverage ------------------------------------------------------------------------------------------------

TEST(Coverage, DecisionReachingInto2027IsRefusedByDefault) {
  // Filed 2026-10-15: + 90 = 2027-01-13, and no 2027 notice is loaded.
  const auto e = pf_test::expect_thrown<coverage_error>([] { due("decision", "2026-10-15"); },
                                                        "2027-01-13 is outside the calendar's coverage");
  if (e) { EXPECT_EQ(e->code(), error_code::calendar_coverage); }
}

TEST(Coverage, ProvisionalResultIsMarked) {
  counting_options opt;
  opt.coverage = coverage_policy::provisional_ok;
  const auto r = due("decision", "2026-10-15", {}, {}, opt);
  EXPECT_EQ(to_iso(r.due), "2027-01-13");  // a Wednesday, no statutory holiday
  EXPECT_TRUE(r.provisional);
  ASSERT_TRUE(r.first_assumed_day);
  EXPECT_EQ(to_iso(*r.first_assumed_day), "2027-01-13");
}

TEST(Coverage, WorkingDaysIntoLateDecember2026NeedThe2027Notice) {
  // Fri 2026-12-18: Mon 12-21 is known, 12-22 depends on the 2027 New Year arrangement.
  pf_test::expect_thrown<coverage_error>([] { due("statement", "2026-12-18"); },
                                         "2026-12-22 depends on the 2027 State Council holiday notice");
  counting_options opt;
  opt.coverage = coverage_policy::provisional_ok;
  const auto r = due("statement", "2026-12-18", {}, {}, opt);
  EXPECT_EQ(to_iso(r.due), "2026-12-25");  // 12-21 .. 12-25: no statutory holiday
  EXPECT_TRUE(r.provisional);
  EXPECT_EQ(to_iso(*r.first_assumed_day), "2026-12-22");
}

TEST(Coverage, LoadingThe2027NoticeMakesTheResultFinal) {
  // A fixture standing in for the 2027 notice: 元旦 2027-01-01..01-03.
  const auto cal = calendar::parse(
      "year,date,kind,name,notice\n2027,2027-01-01,holiday,New Year's Day 元旦,fixture\n"
      "2027,2027-01-02,holiday,New Year's Day 元旦,fixture\n2027,2027-01-03,holiday,New Year's Day 元旦,fixture\n",
      "2027.csv", nat());
  const auto r = compute_due_date(per("decision"), d("2026-10-15"), cal);
  EXPECT_EQ(to_iso(r.due), "2027-01-13");
  EXPECT_FALSE(r.provisional);
  EXPECT_EQ(r.calendar_version, cal.version());
  EXPECT_NE(r.calendar_version, nat().version());
}

TEST(Coverage, DaysBeforeTheFirstNoticeAreUnknown) {
  EXPECT_THROW(due("statement", "2018-06-01"), coverage_error);
}

// --- refused input -------------------------------------------------------------------------------------------

TEST(BadInput, InvertedPauseIsRefused) {
  pf_test::expect_thrown<invalid_argument_error>([] {
              due("decision", "2024-01-15", {{d("2024-02-10"), d("2024-02-01"), exclusion::suspension}});
            }, "pause 2024-02-10..2024-02-01 is inverted");
}

TEST(BadInput, PauseReasonTheLawDoesNotExcludeIsRefused) {
  // 程序规定 第十八条 excludes testing and right-holder identification only, not a suspension.
  const auto e = pf_test::expect_thrown<invalid_argument_error>(
      [] { due("filing-decision", "2023-03-01", {{d("2023-03-06"), d("2023-03-10"), exclusion::suspension}}); },
      "does not exclude suspension time");
  if (e) {
    EXPECT_NE(std::string(e->what()).find("程序规定 (2022) 第十八条"), std::string::npos) << e->what();
  }
}

TEST(BadInput, PeriodWithoutExclusionsTakesOnlyTransitTime) {
  EXPECT_THROW(due("payment", "2023-11-03", {{d("2023-11-05"), d("2023-11-06"), std::nullopt}}),
               invalid_argument_error);
  // 程序规定 第八十条: transit time is never counted. 11-03 + 15 with 2 transit days = Mon 11-20 -> 11-20.
  EXPECT_EQ(due_iso("payment", "2023-11-03", {{d("2023-11-05"), d("2023-11-06"), exclusion::transit}}),
            "2023-11-20");
}

TEST(BadInput, ExtensionsBeyondTheLawAreRefused) {
  pf_test::expect_thrown<invalid_argument_error>([] { due("payment", "2023-11-03", {}, {{5, approver::head}}); }, "cannot be extended");
  pf_test::expect_thrown<invalid_argument_error>([] { due("decision", "2024-01-15", {}, {{31, approver::head}}); }, "at most 30");
  pf_test::expect_thrown<invalid_argument_error>([] {
              due("decision", "2024-01-15", {}, {{30, approver::head}, {30, approver::head}});
            }, "collective discussion (集体讨论)");
  pf_test::expect_thrown<invalid_argument_error>([] {
              due("filing-decision", "2023-03-01", {}, {{15, approver::head}, {1, approver::head}});
            }, "only once");
  pf_test::expect_thrown<invalid_argument_error>([] { due("review", "2025-03-03", {}, {{0, approver::head}}); }, "positive");
}

TEST(BadInput, MalformedTimesAreRefused) {
  for (const char* bad : {"2024-03-05", "2024-03-05T25:00", "2024-03-05T10:60", "2024-02-30T10:00",
                          "2024-03-05X10:00", "2024-03-05T10:00:61"})
    EXPECT_THROW(parse_instant(bad), invalid_argument_error) << bad;
  EXPECT_EQ(to_iso(parse_instant("2024-03-05 10:25:30")), "2024-03-05T10:25:30");
}

// --- every period at least once ------------------------------------------------------------------------------

// Every version of every period (a text no longer in force is counted from a day it was in force).
class EveryPeriod : public ::testing::TestWithParam<std::size_t> {};

TEST_P(EveryPeriod, CountsAsItsUnitSays) {
  const auto& p = period_catalogue::national().all().at(GetParam());
  // Mondays clear of holidays for every period but the long ones, on which the period's text is in force.
  const date start = p.effective.covers(d("2025-03-03")) ? d("2025-03-03") : d("2023-03-06");
  ASSERT_TRUE(p.effective.covers(start));
  if (p.unit == period_unit::hours) {
    const auto r = compute_due_instant(p, parse_instant("2025-03-03T09:30"), nat());
    EXPECT_EQ(to_iso(*r.due_instant), to_iso(parse_instant("2025-03-03T10:00") + boost::posix_time::hours(p.amount)));
    return;
  }
  counting_options opt;
  opt.coverage = coverage_policy::provisional_ok;  // limitation-extended reaches 2030
  const auto r = compute_due_date(p, start, nat(), {}, {}, opt);
  EXPECT_EQ(r.period_id, p.id);
  EXPECT_EQ(r.citation, p.citation_text());
  EXPECT_EQ(r.calendar_version, nat().version());
  switch (p.unit) {
    case period_unit::working_days:
      EXPECT_EQ(working_days_between(nat(), start, r.due), p.amount);
      EXPECT_EQ(nat().status(r.due), day_status::working);
      break;
    case period_unit::natural_days:
      EXPECT_EQ((r.nominal_due - start).days(), p.amount);
      break;
    case period_unit::months:
      EXPECT_EQ(r.nominal_due.day(), start.day());
      EXPECT_EQ((r.nominal_due.year() * 12 + r.nominal_due.month()) - (start.year() * 12 + start.month()), p.amount);
      break;
    case period_unit::years:
      EXPECT_EQ(r.nominal_due.year() - start.year(), p.amount);
      break;
    case period_unit::hours:
      break;
  }
  EXPECT_GE(r.due, r.nominal_due);
  if (r.rolled) {
    EXPECT_NE(nat().status(r.nominal_due), day_status::working);
  }
  EXPECT_EQ(r.provisional, r.due.year() > 2026);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, EveryPeriod, ::testing::ValuesIn([] {
                           std::vector<std::size_t> v(period_catalogue::national().all().size());
                           for (std::size_t i = 0; i < v.size(); ++i) v[i] = i;
                           return v;
                         }()),
                         [](const ::testing::TestParamInfo<std::size_t>& param_info) {
                           const auto& p = period_catalogue::national().all().at(param_info.param);
                           std::string n;
                           for (char c : p.id) n += (c == '-') ? '_' : c;
                           if (p.effective.until) n += "_until_" + to_iso(*p.effective.until).substr(0, 4);
                           return n;
                         });
