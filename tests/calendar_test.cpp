#include <penaltyflow/calendar.hpp>
#include <penaltyflow/deadline.hpp>
#include <penaltyflow/error.hpp>
#include <penaltyflow/period.hpp>
#include <penaltyflow/statutory_holidays.hpp>

#include "penaltyflow/detail/sha256.hpp"

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include "support/expect_thrown.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace penaltyflow;

namespace {

date d(const char* s) { return parse_date(s); }

const calendar& nat() { return calendar::national(); }

/// Expects `fn` to throw file_format_error whose message names `file`, `line` and contains `reason`.
template <class F>
void expect_format_error(F fn, const std::string& file, std::size_t line, const std::string& reason) {
  SCOPED_TRACE(reason);
  const auto e = pf_test::expect_thrown<file_format_error>(fn, reason);
  if (!e) return;
  EXPECT_EQ(e->code(), error_code::calendar_format);
  EXPECT_EQ(e->file(), file);
  EXPECT_EQ(e->line(), line);
  EXPECT_NE(std::string(e->what()).find(file + (line ? ":" + std::to_string(line) : "")), std::string::npos)
      << e->what();
}

calendar parse(const std::string& text, const calendar& base = nat()) { return calendar::parse(text, "t.csv", base); }

}  // namespace

TEST(Calendar, NationalCoversArrangementYears2019To2026) {
  EXPECT_EQ(nat().covered_years(), (std::set<int>{2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026}));
  EXPECT_EQ(to_iso(nat().first_covered()), "2018-12-29");
  EXPECT_EQ(to_iso(nat().last_covered()), "2026-12-21");
  EXPECT_EQ(nat().entries().size(), 295u);
}

TEST(Calendar, WeekdayInsideHolidayBlockIsRest) {
  EXPECT_EQ(nat().status(d("2023-10-02")), day_status::rest);  // Monday, 中秋节、国庆节
  EXPECT_TRUE(nat().is_official_holiday(d("2023-10-02")));
  EXPECT_EQ(nat().entry(d("2023-10-02"))->notice, "国办发明电〔2022〕16号");
}

TEST(Calendar, AdjustedSaturdayIsWorking) {
  EXPECT_EQ(nat().status(d("2023-10-07")), day_status::working);  // 调休上班
  EXPECT_EQ(nat().entry(d("2023-10-07"))->kind, day_kind::adjusted_workday);
}

TEST(Calendar, OrdinaryDaysFollowTheWeek) {
  EXPECT_EQ(nat().status(d("2023-10-13")), day_status::working);  // Friday
  EXPECT_EQ(nat().status(d("2023-10-14")), day_status::rest);     // Saturday
  EXPECT_EQ(nat().status(d("2023-10-15")), day_status::rest);     // Sunday
  EXPECT_FALSE(nat().is_official_holiday(d("2023-10-14")));
}

TEST(Calendar, SpringFestivalExtension2020IsApplied) {
  // 国办发明电〔2020〕1号: the holiday ran to 2020-02-02; the Saturday workday 2020-02-01 was superseded.
  EXPECT_EQ(nat().status(d("2020-01-31")), day_status::rest);
  EXPECT_EQ(nat().status(d("2020-02-01")), day_status::rest);
  EXPECT_EQ(nat().status(d("2020-02-03")), day_status::working);
  EXPECT_EQ(nat().status(d("2020-01-19")), day_status::working);  // Sunday workday already past
  EXPECT_EQ(nat().entry(d("2020-01-31"))->notice, "国办发明电〔2020〕1号");
}

TEST(Calendar, DecemberRowsOfTheNextNoticeAreKnownButTheRestOfTheYearIsNot) {
  EXPECT_EQ(nat().status(d("2018-12-29")), day_status::working);  // Saturday workday of the 2019 notice
  EXPECT_EQ(nat().status(d("2018-12-31")), day_status::rest);
  EXPECT_EQ(nat().entry(d("2018-12-31"))->arrangement_year, 2019);
  EXPECT_EQ(nat().status(d("2018-12-28")), day_status::unknown);
  EXPECT_EQ(nat().status(d("2018-06-01")), day_status::unknown);
}

TEST(Calendar, LateDecemberOfTheLastYearDependsOnTheNextNotice) {
  EXPECT_EQ(nat().status(d("2026-12-21")), day_status::working);
  EXPECT_EQ(nat().status(d("2026-12-22")), day_status::unknown);
  EXPECT_EQ(nat().status(d("2026-12-31")), day_status::unknown);
  EXPECT_EQ(nat().status(d("2027-01-04")), day_status::unknown);
  // Within the covered years late December is known (the next notice is loaded).
  EXPECT_EQ(nat().status(d("2025-12-31")), day_status::working);
  EXPECT_EQ(nat().status(d("2022-12-31")), day_status::rest);
}

TEST(Calendar, LoadingNextYearsNoticeExtendsCoverage) {
  // A test fixture in the shape of a State Council notice, not real data.
  const auto next = parse(
      "# fixture\nyear,date,kind,name,notice\n"
      "2027,2027-01-01,holiday,New Year's Day 元旦,fixture\n"
      "2027,2027-02-06,holiday,Spring Festival 春节,fixture\n"
      "2027,2027-02-20,workday,Spring Festival 春节,fixture\n");
  EXPECT_EQ(next.status(d("2026-12-31")), day_status::working);
  EXPECT_EQ(next.status(d("2027-01-01")), day_status::rest);
  EXPECT_EQ(next.status(d("2027-02-20")), day_status::working);
  EXPECT_EQ(next.status(d("2027-12-21")), day_status::working);
  EXPECT_EQ(next.status(d("2027-12-22")), day_status::unknown);
  EXPECT_NE(next.version(), nat().version());
  EXPECT_EQ(next.sources().back(), "t.csv");
}

TEST(Calendar, LaterSourceTakesPrecedence) {
  const auto local = parse("date,kind,name\n2024-03-08,holiday,Local day 地方假日\n");
  EXPECT_EQ(nat().status(d("2024-03-08")), day_status::working);
  EXPECT_EQ(local.status(d("2024-03-08")), day_status::rest);
  EXPECT_EQ(local.entry(d("2024-03-08"))->source, "t.csv:2");
}

TEST(Calendar, OrdinaryRowCancelsAnArrangement) {
  const auto local = parse("date,kind,name\n2023-10-07,ordinary,cancelled 取消\n");
  EXPECT_EQ(local.status(d("2023-10-07")), day_status::rest);  // an ordinary Saturday again
  EXPECT_EQ(local.status(d("2023-10-02")), day_status::rest);
}

TEST(Calendar, VersionDependsOnDataNotOnLayout) {
  const auto a = parse("year,date,kind,name,notice\n2030,2030-01-01,holiday,A,x\n2030,2030-02-02,workday,B,y\n",
                       calendar());
  const auto b = parse("# another layout\ndate,kind,name\n2030-02-02,workday,other name\n2030-01-01,holiday,A\n",
                       calendar());
  EXPECT_EQ(a.version(), b.version());
  EXPECT_EQ(a.version().rfind("sha256:", 0), 0u);
  EXPECT_EQ(a.digest().size(), 64u);
  const auto c = parse("date,kind,name\n2030-01-01,holiday,A\n", calendar());
  EXPECT_NE(a.version(), c.version());
}

TEST(Calendar, EmptyCalendarKnowsNothing) {
  const calendar empty;
  EXPECT_EQ(empty.status(d("2023-10-13")), day_status::unknown);
  EXPECT_TRUE(empty.covered_years().empty());
  EXPECT_TRUE(empty.first_covered().is_not_a_date());
}

TEST(CalendarFile, WrongHeaderIsRefused) {
  expect_format_error([] { parse("when,what\n2024-01-01,holiday\n"); }, "t.csv", 1, "expected the header");
}

TEST(CalendarFile, WrongFieldCountIsRefusedWithItsLine) {
  expect_format_error([] { parse("# c\ndate,kind,name\n2024-03-08,holiday,A,B\n"); }, "t.csv", 3,
                      "expected 3 comma-separated fields, found 4");
}

TEST(CalendarFile, ImpossibleDateIsRefused) {
  expect_format_error([] { parse("date,kind,name\n2023-02-29,holiday,A\n"); }, "t.csv", 2,
                      "field date: \"2023-02-29\" is not a day of the calendar");
}

TEST(CalendarFile, UnknownKindIsRefused) {
  expect_format_error([] { parse("date,kind,name\n2024-03-08,vacation,A\n"); }, "t.csv", 2,
                      "field kind: \"vacation\" is not one of holiday, workday, ordinary");
}

TEST(CalendarFile, AdjustedWorkdayOnAWeekdayIsRefused) {
  expect_format_error([] { parse("date,kind,name\n2024-03-08,workday,A\n"); }, "t.csv", 2,
                      "must be a Saturday or Sunday");
}

TEST(CalendarFile, DuplicateDateInOneFileIsRefused) {
  expect_format_error([] { parse("date,kind,name\n2024-03-08,holiday,A\n2024-03-08,holiday,B\n"); }, "t.csv", 3,
                      "already given at t.csv:2");
}

TEST(CalendarFile, ArrangementYearMustHoldTheDate) {
  expect_format_error([] { parse("year,date,kind,name,notice\n2027,2024-03-08,holiday,A,x\n"); }, "t.csv", 2,
                      "arrangement year 2027 cannot hold the date 2024-03-08");
  expect_format_error([] { parse("year,date,kind,name,notice\n20x7,2027-03-08,holiday,A,x\n"); }, "t.csv", 2,
                      "field year");
}

TEST(CalendarFile, EmptyAndHeaderOnlyFilesAreRefused) {
  expect_format_error([] { parse("# only a comment\n"); }, "t.csv", 0, "no header line");
  expect_format_error([] { parse("date,kind,name\n"); }, "t.csv", 0, "no rows");
}

TEST(CalendarFile, CrLfAndBomAreAccepted) {
  const auto c = parse("\xEF\xBB\xBF" "date,kind,name\r\n2024-03-08,holiday,A\r\n");
  EXPECT_EQ(c.status(d("2024-03-08")), day_status::rest);
}

TEST(CalendarFile, MissingFileIsAnIoError) {
  const auto e = pf_test::expect_thrown<io_error>([] { calendar::load({"/nonexistent/2027.csv"}); },
                                                  "/nonexistent/2027.csv");
  if (e) { EXPECT_EQ(e->code(), error_code::io); }
}

TEST(CalendarFile, LoadReadsFilesInOrder) {
  const auto dir = std::filesystem::temp_directory_path() / "penaltyflow_calendar_test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "a.csv") << "date,kind,name\n2024-03-08,holiday,A\n";
    std::ofstream(dir / "b.csv") << "date,kind,name\n2024-03-08,ordinary,B\n";
  }
  const auto ab = calendar::load({(dir / "a.csv").string(), (dir / "b.csv").string()});
  const auto ba = calendar::load({(dir / "b.csv").string(), (dir / "a.csv").string()});
  EXPECT_EQ(ab.status(d("2024-03-08")), day_status::working);
  EXPECT_EQ(ba.status(d("2024-03-08")), day_status::rest);
  std::filesystem::remove_all(dir);
}

TEST(Dates, StrictIsoDatesAreParsed) {
  EXPECT_EQ(to_iso(parse_date("2024-02-29")), "2024-02-29");
  for (const char* bad : {"2023-02-29", "2023-13-01", "2023-00-10", "2023-1-01", "20230101", "abcd-ef-gh", "",
                          "2023-04-31", " 2023-04-01"}) {
    EXPECT_THROW(parse_date(bad), invalid_argument_error) << bad;
  }
  const auto e = pf_test::expect_thrown<invalid_argument_error>([] { parse_date("2023-02-29", "--from"); });
  if (e) {
    EXPECT_STREQ(e->what(),
                 "[penaltyflow.invalid_argument] --from: \"2023-02-29\" is not a day of the calendar (month 2 of "
                 "2023 has 28 days)");
  }
}

TEST(Sha256, KnownVectors) {
  using detail::sha256;
  EXPECT_EQ(sha256::hex(sha256::of("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256::hex(sha256::of("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  sha256 h;  // reusable after digest()
  h.update("a");
  h.digest();
  h.update("ab");
  h.update("c");
  EXPECT_EQ(sha256::hex(h.digest()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// to_iso formats by hand; it writes what "%04d-%02d-%02d" and "T%02d:%02d:%02d" wrote (the store hashes it).
TEST(Calendar, IsoTextIsWhatPrintfWrote) {
  char buf[32];
  for (date d(1400, 1, 1); d <= date(9999, 12, 31); d += boost::gregorian::days(1)) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(d.year()), static_cast<int>(d.month()),
                  static_cast<int>(d.day()));
    ASSERT_EQ(to_iso(d), buf);
  }
  const date day(2024, 3, 4);
  for (int s = 0; s < 86400; ++s) {
    const instant t(day, boost::posix_time::seconds(s));
    std::snprintf(buf, sizeof buf, "2024-03-04T%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    ASSERT_EQ(to_iso(t), buf);
  }
  EXPECT_EQ(to_iso(date()), "not-a-date");
  EXPECT_EQ(to_iso(instant()), "not-a-time");
}

// --- past the coverage: the statutory holidays of 全国年节及纪念日放假办法 (第二条, 第六条) ---------------------------

namespace {

due_date provisional_due(const char* period, const char* from) {
  counting_options opt;
  opt.coverage = coverage_policy::provisional_ok;
  return compute_due_date(period_catalogue::national().at(period), d(from), nat(), {}, {}, opt);
}

const statutory_holiday* holiday(const char* day) { return statutory_holidays::national().find(d(day)); }

}  // namespace

// A notice served 2026-12-28: 元旦 2027-01-01 (第二条第一项) is not a working day, so the 5 working days end on
// Tuesday 2027-01-05, not Monday 01-04 as a weekends-only guess had it. Still provisional: the 2027 调休 are unknown.
TEST(StatutoryHolidays, NewYearPastTheCoverageIsNotAWorkingDay) {
  const auto r = provisional_due("statement", "2026-12-28");
  EXPECT_EQ(to_iso(r.due), "2027-01-05");
  EXPECT_TRUE(r.provisional);
  ASSERT_TRUE(r.first_assumed_day);
  EXPECT_EQ(to_iso(*r.first_assumed_day), "2026-12-29");
  ASSERT_NE(holiday("2027-01-01"), nullptr);
  EXPECT_EQ(holiday("2027-01-01")->festival, "New Year's Day 元旦");
  EXPECT_FALSE(holiday("2027-01-01")->makeup);
}

// 第六条: a holiday on a Saturday or Sunday gives a 补假 on the next weekday that is not itself off.
TEST(StatutoryHolidays, WeekendHolidaysGiveMakeUpDays) {
  // 劳动节 2027: Saturday May 1 and Sunday May 2 -> Monday May 3 and Tuesday May 4.
  for (const char* day : {"2027-05-03", "2027-05-04"}) {
    ASSERT_NE(holiday(day), nullptr) << day;
    EXPECT_TRUE(holiday(day)->makeup) << day;
    EXPECT_EQ(holiday(day)->festival, "Labour Day 劳动节");
  }
  EXPECT_EQ(holiday("2027-05-05"), nullptr);
  EXPECT_EQ(to_iso(provisional_due("statement", "2027-04-29").due), "2027-05-10");
  // 春节 2027: 除夕 Friday 02-05 to 初三 Monday 02-08; Saturday and Sunday give Tuesday 02-09 and Wednesday 02-10.
  for (const char* day : {"2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"}) {
    ASSERT_NE(holiday(day), nullptr) << day;
    EXPECT_FALSE(holiday(day)->makeup) << day;
  }
  EXPECT_TRUE(holiday("2027-02-09")->makeup);
  EXPECT_TRUE(holiday("2027-02-10")->makeup);
  EXPECT_EQ(holiday("2027-02-11"), nullptr);
  // 国庆节 2027: Friday 10-01, Saturday 10-02, Sunday 10-03 -> Monday 10-04 and Tuesday 10-05.
  EXPECT_TRUE(holiday("2027-10-04")->makeup);
  EXPECT_TRUE(holiday("2027-10-05")->makeup);
  EXPECT_TRUE(statutory_holidays::national().working(d("2027-10-06")));
  // 清明 2027 is Monday 04-05 (the April jie), 端午 Wednesday 06-09, 中秋 Wednesday 09-15: no 补假.
  EXPECT_EQ(holiday("2027-04-05")->festival, "Qingming Festival 清明节");
  EXPECT_EQ(holiday("2027-06-09")->festival, "Dragon Boat Festival 端午节");
  EXPECT_EQ(holiday("2027-09-15")->festival, "Mid-Autumn Festival 中秋节");
  EXPECT_FALSE(statutory_holidays::national().working(d("2027-09-15")));
}

// 2028: 中秋 falls on Tuesday October 3, a 国庆 day. One day off (the 办法 gives no second day), and Sunday
// October 1 gives one 补假, Wednesday October 4.
TEST(StatutoryHolidays, MidAutumnOnANationalDayIsOneDayOff) {
  ASSERT_NE(holiday("2028-10-03"), nullptr);
  EXPECT_EQ(holiday("2028-10-03")->festival, "Mid-Autumn Festival 中秋节 / National Day 国庆节");
  EXPECT_TRUE(holiday("2028-10-04")->makeup);
  EXPECT_EQ(holiday("2028-10-05"), nullptr);
}

// Under the revised 办法 (2025, 2026) every statutory day of the table is a holiday of the State Council's notice.
TEST(StatutoryHolidays, AgreeWithTheNotices2025And2026) {
  const auto& t = statutory_holidays::national();
  EXPECT_EQ(t.first_year(), 2025);
  EXPECT_EQ(t.last_year(), 2049);
  int checked = 0;
  for (date day = d("2025-01-01"); day <= d("2026-12-21"); day += boost::gregorian::days(1)) {
    const auto* h = t.find(day);
    if (!h || h->makeup) continue;
    EXPECT_TRUE(nat().is_official_holiday(day)) << to_iso(day) << " " << h->festival;
    ++checked;
  }
  EXPECT_EQ(checked, 26);  // 13 days a year
}

TEST(StatutoryHolidays, TableErrorsNameTheLine) {
  expect_format_error([] { (void)statutory_holidays::parse("date,festival\n", "p.csv"); }, "p.csv", 1,
                      "expected the header \"year,date,festival\"");
  expect_format_error(
      [] {
        (void)statutory_holidays::parse("year,date,festival\n2027,2027-01-01,元旦\n2027,2027-01-01,元旦\n", "p.csv");
      },
      "p.csv", 3, "given twice");
  expect_format_error([] { (void)statutory_holidays::parse("year,date,festival\n2028,2027-01-01,元旦\n", "p.csv"); },
                      "p.csv", 2, "does not hold 2027-01-01");
}
