#include <penaltyflow/error.hpp>
#include <penaltyflow/period.hpp>

#include "support/expect_thrown.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

using namespace penaltyflow;

namespace {

struct expected_period {
  const char* id;
  int amount;
  period_unit unit;
  const char* citation_part;  // a citation the rules reference gives for that row
};

// Every row of the period table of legal-rules.md section 1, with its reference citation.
// clang-format off
const expected_period reference_table[] = {
  {"jurisdiction-negotiation",          7, period_unit::working_days, "程序规定 (2022) 第十三条"},
  {"jurisdiction-designation",          7, period_unit::working_days, "程序规定 (2022) 第十六条"},
  {"filing-decision",                  15, period_unit::working_days, "程序规定 (2022) 第十八条"},
  {"reporter-notification",             5, period_unit::working_days, "投诉举报处理暂行办法 (2022) 第三十一条"},
  {"emergency-measure-report",         24, period_unit::hours,        "行政强制法 (2011) 第十九条"},
  {"preservation-handling",             7, period_unit::working_days, "处罚法 (2021) 第五十六条"},
  {"seizure",                          30, period_unit::natural_days, "行政强制法 (2011) 第二十五条"},
  {"assistance",                       15, period_unit::working_days, "程序规定 (2022) 第四十五条"},
  {"review",                           10, period_unit::working_days, "程序规定 (2022) 第五十五条"},
  {"statement",                         5, period_unit::working_days, "程序规定 (2022) 第五十七条"},
  {"hearing-request",                   5, period_unit::working_days, "处罚法 (2021) 第六十四条第一项"},
  {"hearing-notice",                    7, period_unit::working_days, "处罚法 (2021) 第六十四条第二项"},
  {"decision",                         90, period_unit::natural_days, "程序规定 (2022) 第六十四条"},
  {"publication-withdrawal",            3, period_unit::working_days, "公示规定 (2021) 第十一条"},
  {"service",                           7, period_unit::working_days, "程序规定 (2022) 第八十一条"},
  {"public-notice-service",            30, period_unit::natural_days, "程序规定 (2022) 第八十二条第五项"},
  {"payment",                          15, period_unit::natural_days, "处罚法 (2021) 第六十七条"},
  {"cash-hand-in",                      2, period_unit::working_days, "处罚法 (2021) 第七十一条"},
  {"cash-bank-deposit",                 2, period_unit::working_days, "程序规定 (2022) 第七十三条"},
  {"summary-file-hand-in",              7, period_unit::working_days, "程序规定 (2022) 第七十条"},
  {"enforcement-reminder",             10, period_unit::working_days, "行政强制法 (2011) 第五十四条"},
  {"court-enforcement-application",     3, period_unit::months,       "程序规定 (2022) 第七十六条"},
  {"closure",                          15, period_unit::working_days, "程序规定 (2022) 第七十七条"},
  {"publication-gsxt",                 20, period_unit::working_days, "公示规定 (2021) 第九条"},
  {"publication-gsxt-push",            10, period_unit::working_days, "公示规定 (2021) 第十条"},
  {"publication-gsxt-receiving",       10, period_unit::working_days, "公示规定 (2021) 第十条"},
  {"publication-policy",                7, period_unit::working_days, "国办发〔2018〕118号"},
  {"criminal-transfer-decision",        3, period_unit::natural_days, "移送规定 (2020) 第五条第二款"},
  {"criminal-transfer-handover",       24, period_unit::hours,        "移送规定 (2020) 第五条第二款"},
  {"criminal-police-decision",          3, period_unit::natural_days, "移送规定 (2020) 第八条"},
  {"criminal-reconsideration-request",  3, period_unit::natural_days, "移送规定 (2020) 第九条"},
  {"criminal-police-reconsideration",   3, period_unit::natural_days, "移送规定 (2020) 第九条"},
  {"criminal-exhibit-handover",         3, period_unit::natural_days, "移送规定 (2020) 第十二条"},
  {"reconsideration-application",      60, period_unit::natural_days, "行政复议法 (2023) 第二十条"},
  {"reconsideration-answer",           10, period_unit::working_days, "行政复议法 (2023) 第四十八条"},
  {"reconsideration-decision",         60, period_unit::natural_days, "行政复议法 (2023) 第六十二条"},
  {"reconsideration-decision-simplified", 30, period_unit::natural_days, "行政复议法 (2023) 第六十二条"},
  {"litigation-direct",                 6, period_unit::months,       "行政诉讼法 (2017) 第四十六条"},
  {"litigation-after-reconsideration", 15, period_unit::natural_days, "行政诉讼法 (2017) 第四十五条"},
  {"litigation-defence",               15, period_unit::natural_days, "行政诉讼法 (2017) 第六十七条"},
  {"limitation",                        2, period_unit::years,        "处罚法 (2021) 第三十六条"},
  {"limitation-extended",               5, period_unit::years,        "处罚法 (2021) 第三十六条"},
};
// clang-format on

const period_catalogue& cat() { return period_catalogue::national(); }

}  // namespace

TEST(PeriodCatalogue, EveryRowOfTheReferenceTableIsCatalogued) {
  for (const auto& e : reference_table) {
    SCOPED_TRACE(e.id);
    const auto* p = cat().find(e.id);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->amount, e.amount);
    EXPECT_EQ(p->unit, e.unit);
    EXPECT_NE(p->citation_text().find(e.citation_part), std::string::npos) << p->citation_text();
  }
}

TEST(PeriodCatalogue, EveryPeriodIsFullyDescribed) {
  std::set<std::string> ids;
  for (const auto& p : cat().all()) {
    SCOPED_TRACE(p.id);
    // One entry per id and text in force (行政复议法 2017 and 2023 give two versions of its periods).
    EXPECT_TRUE(ids.insert(p.id + "@" + (p.effective.from ? to_iso(*p.effective.from) : std::string())).second)
        << "duplicate id";
    EXPECT_EQ(p.rule_id.rfind("R-", 0), 0u);
    EXPECT_FALSE(p.title_zh.empty());
    EXPECT_FALSE(p.title_en.empty());
    EXPECT_FALSE(p.start_zh.empty());
    EXPECT_FALSE(p.start_en.empty());
    EXPECT_FALSE(p.citations.empty());
    EXPECT_GT(p.amount, 0);
    if (p.configurable) {
      EXPECT_FALSE(p.note.empty()) << "a configurable period says why";
    }
  }
  // + the court's 5/7 working days, + 行政复议法 2017's three periods and 2023's simplified answer
  EXPECT_EQ(cat().all().size(), std::size(reference_table) + 2 + 4);
}

TEST(PeriodCatalogue, ExtensionsFollowTheLaw) {
  EXPECT_EQ(cat().at("decision").extension, extension_policy::capped_then_collective);  // 程序规定 64
  EXPECT_EQ(cat().at("decision").extension_cap, 30);
  EXPECT_EQ(cat().at("filing-decision").extension, extension_policy::once_capped);  // 程序规定 18
  EXPECT_EQ(cat().at("filing-decision").extension_cap, 15);
  EXPECT_EQ(cat().at("review").extension, extension_policy::approved_uncapped);  // 程序规定 55
  EXPECT_EQ(cat().at("seizure").extension_cap, 30);                             // 程序规定 38
  EXPECT_EQ(cat().at("payment").extension, extension_policy::none);
}

TEST(PeriodCatalogue, ExcludedTimeFollowsTheLaw) {
  const auto& decision = cat().at("decision");  // 程序规定 第六十四条第二款
  for (auto e : {exclusion::suspension, exclusion::hearing, exclusion::public_notice, exclusion::testing,
                 exclusion::rightholder_id, exclusion::refund_order})
    EXPECT_TRUE(decision.excludes(e)) << to_string(e);
  const auto& filing = cat().at("filing-decision");  // 程序规定 第十八条第二款
  EXPECT_TRUE(filing.excludes(exclusion::testing));
  EXPECT_TRUE(filing.excludes(exclusion::rightholder_id));
  EXPECT_FALSE(filing.excludes(exclusion::suspension));
  EXPECT_TRUE(cat().at("payment").excludes(exclusion::transit));  // 程序规定 第八十条
  EXPECT_FALSE(cat().at("payment").excludes(exclusion::hearing));
}

TEST(PeriodCatalogue, ConfidenceTagsFollowTheReference) {
  EXPECT_EQ(cat().at("publication-policy").tag, confidence::verified_partial);
  EXPECT_TRUE(cat().at("publication-policy").configurable);
  EXPECT_EQ(cat().at("criminal-transfer-decision").tag, confidence::verified);
  EXPECT_TRUE(cat().at("criminal-transfer-decision").configurable);  // unit undetermined
  EXPECT_FALSE(cat().at("decision").configurable);
  EXPECT_EQ(to_string(confidence::verified_partial), "V-partial");
  EXPECT_EQ(to_string(confidence::memory), "M");
}

TEST(PeriodCatalogue, VerifiedPeriodCannotBeOverridden) {
  const auto e = pf_test::expect_thrown<error>(
      [] { cat().with_override("decision", 60, period_unit::natural_days); }, "程序规定 (2022) 第六十四条");
  if (e) { EXPECT_EQ(e->code(), error_code::not_configurable); }
}

TEST(PeriodCatalogue, ConfigurablePeriodTakesAProfileValue) {
  const auto local = cat().with_override("publication-policy", 20, period_unit::working_days);
  EXPECT_EQ(local.at("publication-policy").amount, 20);
  EXPECT_EQ(cat().at("publication-policy").amount, 7);  // the national catalogue is untouched
  const auto wd = cat().with_override("criminal-police-decision", 3, period_unit::working_days);
  EXPECT_EQ(wd.at("criminal-police-decision").unit, period_unit::working_days);
  EXPECT_THROW(cat().with_override("publication-policy", 0, period_unit::working_days), invalid_argument_error);
}

TEST(PeriodCatalogue, UnknownPeriodNamesTheId) {
  const auto e = pf_test::expect_thrown<error>([] { cat().at("decisoin"); }, "\"decisoin\"");
  if (e) { EXPECT_EQ(e->code(), error_code::unknown_period); }
  EXPECT_EQ(cat().find("nope"), nullptr);
}

TEST(PeriodCatalogue, NamesRoundTrip) {
  for (auto u : {period_unit::working_days, period_unit::natural_days, period_unit::months, period_unit::years,
                 period_unit::hours})
    EXPECT_EQ(parse_period_unit(to_string(u)), u);
  EXPECT_EQ(parse_exclusion("testing"), exclusion::testing);
  EXPECT_THROW(parse_exclusion("lunch"), invalid_argument_error);
  EXPECT_THROW(parse_period_unit("fortnights"), invalid_argument_error);
}

namespace {
std::string read_source_file(const char* relative) {
  std::ifstream in(std::string(PENALTYFLOW_SOURCE_DIR) + "/" + relative);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST(Docs, TimeLimitsDocumentListsEveryPeriodWithItsAmount) {
  const auto doc = read_source_file("docs/time-limits.md");
  ASSERT_FALSE(doc.empty());
  for (const auto& p : cat().all()) {
    std::string unit(to_string(p.unit));
    for (auto& c : unit)
      if (c == '_') c = ' ';
    const std::string row = "| `" + p.id + "` | " + std::to_string(p.amount) + " " + unit + " |";
    EXPECT_NE(doc.find(row), std::string::npos) << "docs/time-limits.md lacks " << row;
  }
}

TEST(Docs, ReadmeQuickStartIsTheInstalledPackageConsumer) {
  const auto readme = read_source_file("README.md");
  const auto consumer = read_source_file("tests/package/consumer.cpp");
  ASSERT_FALSE(consumer.empty());
  EXPECT_NE(readme.find("```cpp\n" + consumer + "```"), std::string::npos);
}

TEST(PeriodCatalogue, ReconsiderationPeriodsSwitchTextOn20240101) {
  // 行政复议法 2023 (in force 2024-01-01) replaced the 2017 text; a period follows the text of the day it starts.
  const auto& before = cat().at("reconsideration-answer", date(2023, 12, 31));
  const auto& on = cat().at("reconsideration-answer", date(2024, 1, 1));
  EXPECT_EQ(before.unit, period_unit::natural_days);
  EXPECT_EQ(before.amount, 10);
  EXPECT_NE(before.citation_text().find("行政复议法 (2017) 第二十三条"), std::string::npos);
  EXPECT_NE(before.citation_text().find("民事诉讼法 (2017) 第八十二条"), std::string::npos);
  EXPECT_EQ(on.unit, period_unit::working_days);
  EXPECT_EQ(on.amount, 10);
  EXPECT_EQ(&cat().at("reconsideration-answer"), &on);
  EXPECT_EQ(cat().at("reconsideration-answer-simplified", date(2024, 1, 1)).amount, 5);
  const auto e = pf_test::expect_thrown<error>(  // the 2017 text had no simplified answer period
      [] { (void)cat().at("reconsideration-answer-simplified", date(2023, 12, 31)); }, "2023-12-31");
  if (e) { EXPECT_EQ(e->code(), error_code::unknown_period); }
  // Overlapping versions of one id are refused.
  auto periods = cat().all();
  periods.push_back(on);
  EXPECT_THROW(period_catalogue{periods}, invalid_argument_error);
}
