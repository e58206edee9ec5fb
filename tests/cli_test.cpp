// The penaltyflow command-line tool, run as an operator would: output, exit status and error messages.
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>
#include <sys/wait.h>

namespace {

using pf_test::run_cli;

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST(CliPeriods, JsonListsEveryPeriodWithItsCitation) {
  const auto r = run_cli("periods --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j.size(), 48u);  // 行政复议法 2017's three periods beside the 2023 text's
  bool found = false;
  for (const auto& p : j) {
    EXPECT_FALSE(p.at("citation").get<std::string>().empty());
    EXPECT_TRUE(p.contains("confidence"));
    if (p.at("id") == "decision") {
      found = true;
      EXPECT_EQ(p.at("amount"), 90);
      EXPECT_EQ(p.at("unit"), "natural_days");
      EXPECT_EQ(p.at("citation"), "程序规定 (2022) 第六十四条; 处罚法 (2021) 第六十条");
      EXPECT_EQ(p.at("confidence"), "V");
    }
  }
  EXPECT_TRUE(found);
}

TEST(CliPeriods, AsOfListsTheTextsInForceThatDay) {
  // 行政复议法 2023 in force 2024-01-01: the day before lists the 2017 answer period, the day itself the 2023 one.
  for (const auto& [day, unit, from] : {std::tuple{"2023-12-31", "natural_days", nlohmann::json(nullptr)},
                                        std::tuple{"2024-01-01", "working_days", nlohmann::json("2024-01-01")}}) {
    const auto r = run_cli(std::string("periods --json --as-of ") + day);
    ASSERT_EQ(r.status, 0) << r.err;
    int answers = 0;
    for (const auto& p : nlohmann::json::parse(r.out)) {
      if (p.at("id") != "reconsideration-answer") continue;
      ++answers;
      EXPECT_EQ(p.at("unit"), unit) << day;
      EXPECT_EQ(p.at("in_force_from"), from) << day;
    }
    EXPECT_EQ(answers, 1) << day;
  }
  const auto rules = run_cli("rules --json --as-of 2023-12-31");
  ASSERT_EQ(rules.status, 0) << rules.err;
  bool precondition = false;
  const auto listed = nlohmann::json::parse(rules.out);
  for (const auto& r : listed.at("rules")) precondition |= r.at("id") == "R-RECON-PRECONDITION";
  EXPECT_FALSE(precondition);  // 复议前置 for 当场 decisions only from 2024-01-01
  const auto d = run_cli("deadline --period reconsideration-answer --from 2023-12-31 --json");
  ASSERT_EQ(d.status, 0) << d.err;
  EXPECT_EQ(nlohmann::json::parse(d.out).at("due"), "2024-01-10");
  EXPECT_EQ(run_cli("periods --as-of 2024-13-01").status, 1);
}

TEST(CliPeriods, TextListsTagsAndConfigurability) {
  const auto r = run_cli("periods");
  ASSERT_EQ(r.status, 0);
  EXPECT_TRUE(has(r.out, "publication-policy")) << r.out;
  EXPECT_TRUE(has(r.out, "[V-partial]"));
  EXPECT_TRUE(has(r.out, "(configurable)"));
}

TEST(CliDeadline, WorkedExampleNationalDay2023) {
  const auto r = run_cli("deadline --period statement --from 2023-09-28");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "due       2023-10-11 (Wednesday)")) << r.out;
  EXPECT_TRUE(has(r.out, "status    final"));
  EXPECT_TRUE(has(r.out, "citation  程序规定 (2022) 第五十七条"));
  EXPECT_TRUE(has(r.out, "calendar  sha256:"));
}

TEST(CliDeadline, JsonWithPauseAndExtensions) {
  const auto r = run_cli(
      "deadline --period decision --from 2024-01-15 --pause 2024-02-01..2024-02-10:suspension --extend 30 "
      "--extend 60:collective --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  // 04-14 + 10 paused + 30 + 60 = 2024-07-23 (Tue).
  EXPECT_EQ(j.at("due"), "2024-07-23");
  EXPECT_EQ(j.at("excluded_days"), 10);
  EXPECT_EQ(j.at("extended_by"), 90);
  EXPECT_EQ(j.at("provisional"), false);
  EXPECT_EQ(j.at("rule_id"), "R-DECISION-DEADLINE");
}

TEST(CliDeadline, RollIsReported) {
  const auto r = run_cli("deadline --period payment --from 2023-09-20");
  ASSERT_EQ(r.status, 0);
  EXPECT_TRUE(has(r.out, "2023-10-07 (Saturday), rolled forward from 2023-10-05")) << r.out;
  const auto o = run_cli("deadline --period payment --from 2023-11-03 --roll official-holidays --json");
  EXPECT_EQ(nlohmann::json::parse(o.out).at("due"), "2023-11-18");
}

TEST(CliDeadline, HoursPeriodTakesATime) {
  const auto r = run_cli("deadline --period emergency-measure-report --from 2024-03-05T10:25 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).at("due_time"), "2024-03-06T11:00:00");
}

TEST(CliDeadline, Into2027IsRefusedUnlessProvisionalIsAccepted) {
  const auto r = run_cli("deadline --period decision --from 2026-10-15");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(has(r.err, "calendar_coverage")) << r.err;
  EXPECT_TRUE(has(r.err, "2027-01-13 is outside the calendar's coverage"));
  EXPECT_TRUE(r.out.empty());
  const auto p = run_cli("deadline --period decision --from 2026-10-15 --provisional-ok");
  ASSERT_EQ(p.status, 0);
  EXPECT_TRUE(has(p.out, "PROVISIONAL")) << p.out;
}

TEST(CliDeadline, ExtraCalendarFileIsApplied) {
  const auto file = std::filesystem::temp_directory_path() / "pf_cli_2027.csv";
  std::ofstream(file) << "year,date,kind,name,notice\n2027,2027-01-01,holiday,New Year's Day 元旦,fixture\n";
  const auto r = run_cli("deadline --period decision --from 2026-10-15 --calendar '" + file.string() + "' --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("due"), "2027-01-13");
  EXPECT_EQ(j.at("provisional"), false);
  std::filesystem::remove(file);
}

TEST(CliDeadline, BadCalendarFileNamesFileAndLine) {
  const auto file = std::filesystem::temp_directory_path() / "pf_cli_bad.csv";
  std::ofstream(file) << "date,kind,name\n2027-01-01,holiday,A\n2027-02-30,holiday,B\n";
  const auto r = run_cli("deadline --period statement --from 2023-09-28 --calendar '" + file.string() + "'");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(has(r.err, file.string() + ":3: field date: \"2027-02-30\" is not a day of the calendar")) << r.err;
  std::filesystem::remove(file);
}

TEST(CliDeadline, BadInputGivesAClearMessageAndNonZeroExit) {
  struct bad_case {
    const char* args;
    int status;
    const char* message;
  };
  const bad_case cases[] = {
      {"deadline --period nope --from 2023-09-28", 1, "no statutory period \"nope\""},
      {"deadline --period statement --from 2023-02-29", 1, "--from: \"2023-02-29\" is not a day of the calendar"},
      {"deadline --period statement --from 28/09/2023", 1, "is not a date of the form YYYY-MM-DD"},
      {"deadline --period decision --from 2024-01-15 --pause 2024-02-10..2024-02-01", 1, "is inverted"},
      {"deadline --period decision --from 2024-01-15 --pause 2024-02-10", 1, "FROM..TO[:REASON]"},
      {"deadline --period decision --from 2024-01-15 --pause 2024-02-01..2024-02-10:lunch", 1,
       "not a kind of excluded time"},
      {"deadline --period decision --from 2024-01-15 --extend x", 1, "not a whole number"},
      {"deadline --period decision --from 2024-01-15 --extend 31", 1, "at most 30"},
      {"deadline --period statement --from 2023-09-28 --calendar /nonexistent.csv", 1, "cannot open calendar file"},
      {"deadline --from 2023-09-28", 2, "missing required option --period"},
      {"deadline --period statement --from 2023-09-28 --frobnicate", 2, "unknown option --frobnicate"},
      {"deadline --period statement --from", 2, "option --from needs a value"},
      {"deadline --period statement --from 2023-09-28 --roll sideways", 2, "--roll must be"},
      {"frobnicate", 2, "unknown command \"frobnicate\""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args);
    const auto r = run_cli(c.args);
    EXPECT_EQ(r.status, c.status);
    EXPECT_TRUE(has(r.err, c.message)) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

TEST(CliCalendar, ShowsCoverageAndVersion) {
  const auto r = run_cli("calendar --json");
  ASSERT_EQ(r.status, 0);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("covered_years").size(), 8u);
  EXPECT_EQ(j.at("last_covered"), "2026-12-21");
  EXPECT_EQ(j.at("version").get<std::string>().rfind("sha256:", 0), 0u);
}

TEST(CliHelp, HelpAndVersion) {
  EXPECT_EQ(run_cli("--help").status, 0);
  EXPECT_TRUE(has(run_cli("--version").out, "penaltyflow 0."));
  EXPECT_TRUE(has(run_cli("deadline --help").out, "--provisional-ok"));
  EXPECT_EQ(run_cli("").status, 2);
}
