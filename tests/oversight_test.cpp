// Case-file evaluation, sampling, discretion benchmarks and the annual statistics (oversight.hpp), on the
// sample case of examples/histories/ordinary-simple.json with its documents, and planted defects.
#include <penaltyflow/history.hpp>
#include <penaltyflow/oversight.hpp>

#include "support/builders.hpp"
#include "support/scratch_file.hpp"
#include "support/tamper.hpp"
#include "support/expect_thrown.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>

namespace {

using namespace penaltyflow;
using pf_test::scratch_file;
using et = event_type;

const std::string source_dir = PENALTYFLOW_SOURCE_DIR;

case_history sample_case(const std::string& id) {
  auto h = load_history(source_dir + "/examples/histories/ordinary-simple.json");
  h.case_id = id;
  return h;
}

std::vector<std::string> ids_of(const event& e, std::initializer_list<actor_role> roles) {
  std::vector<std::string> out;
  for (const auto& a : e.actors)
    if (std::find(roles.begin(), roles.end(), a.role) != roles.end()) out.push_back(a.id);
  return out;
}

/// The documents a clean file has for each event of the sample case.
std::vector<document> clean_documents(const std::string& id, const event& e) {
  const date d = e.day();
  const auto officers = ids_of(e, {actor_role::officer});
  switch (e.type) {
    case et::case_filed: return {{"立案审批表", id + "-立", d, ids_of(e, {actor_role::officer, actor_role::head})}};
    case et::investigative_act: return {{"现场笔录", id + "-现1", d, officers, 3, 3}};
    case et::investigation_ended: return {{"调查终结报告", id + "-终", d, officers}};
    case et::reviewed: return {{"审核意见书", id + "-审", d, ids_of(e, {actor_role::reviewer})}};
    case et::head_approved: return {{"案件处理审批表", id + "-批", d, ids_of(e, {actor_role::head})}};
    case et::notice_served: return {{"行政处罚告知书", id + "-告", d}, {"送达回证", id + "-告-回", d}};
    case et::decision: return {{"行政处罚决定书", id + "-决", d}};
    case et::decision_served: return {{"送达回证", id + "-决-回", d}};
    case et::case_closed: return {{"结案审批表", id + "-结", d, ids_of(e, {actor_role::officer, actor_role::head})}};
    case et::archived: {
      std::vector<document> index;
      for (const char* k : {"立案审批表", "行政处罚决定书", "送达回证", "行政处罚告知书", "送达回证", "现场笔录", "罚没款票据"})
        index.push_back({k, "", d, {}, 0, 0, "main"});
      for (const char* k : {"案源材料", "调查终结报告", "审核意见书", "结案审批表"}) index.push_back({k, "", d, {}, 0, 0, "secondary"});
      return index;
    }
    default: return {};
  }
}

/// Writes the sample case, with `tweak(index, event, documents)` applied to each event before it is stored.
using tweak_fn = std::function<void(std::size_t, event&, std::vector<document>&)>;
void write_case(store& s, const std::string& id, const tweak_fn& tweak = {}) {
  const auto h = sample_case(id);
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < h.events.size(); ++i) {
    event e = h.events[i];
    auto docs = clean_documents(id, e);
    if (tweak) tweak(i, e, docs);
    const auto r = s.append(id, v, e, e.at, docs);
    ASSERT_TRUE(r.accepted) << id << " event " << i + 1 << ": " << r.refusals.front().rule_id;
    v = r.version;
  }
}

std::vector<evaluation_finding> findings_of(const store& s, const std::string& id) {
  return evaluate(s.history(id), s.flow()).findings;
}

TEST(Evaluation, ACleanFileHasNoFinding) {
  scratch_file f("eval_clean.db");
  store s(f.path());
  write_case(s, "C1");
  const auto ev = evaluate(s.history("C1"), s.flow());
  EXPECT_EQ(ev.case_id, "C1");
  EXPECT_EQ(ev.events, 13u);
  EXPECT_TRUE(ev.findings.empty()) << ev.findings.front().check << ": " << ev.findings.front().message_en;
}

TEST(Evaluation, AFileWithoutDocumentsIsOneFindingNotOnePerStep) {
  scratch_file f("eval_nodocs.db");
  store s(f.path());
  // A version-1 case-history file carries no documents: an imported case has none.
  s.import_history(to_json(sample_case("C1")), "ordinary-simple.json", parse_instant("2024-06-01T09:00"));
  const auto fs = findings_of(s, "C1");
  ASSERT_EQ(fs.size(), 1u) << fs[1].check;
  EXPECT_EQ(fs[0].check, "documents-not-recorded");
  EXPECT_EQ(fs[0].case_seq, 0u);
}

TEST(Evaluation, ReceiptsDependOnTheServiceMethod) {
  scratch_file f("eval_receipt.db");
  store s(f.path());
  write_case(s, "C1", [](std::size_t, event& e, std::vector<document>& d) {
    if (e.type == et::decision_served) {
      e.service = service_method::post;  // proven by the postal receipt, not a 送达回证
      d.clear();
    }
  });
  EXPECT_TRUE(findings_of(s, "C1").empty());
}

TEST(Evaluation, AMissingHeadSignatureOnTheFilingFormIsIrregular) {
  scratch_file f("eval_sig.db");
  store s(f.path());
  write_case(s, "C1", [](std::size_t, event& e, std::vector<document>& d) {
    if (e.type == et::case_filed) d[0].signatories.pop_back();  // H1 did not sign 立案审批表
  });
  const auto fs = findings_of(s, "C1");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].check, "approval-signature");
  EXPECT_EQ(fs[0].rule_id, "R-FILING-CONDITIONS");
  EXPECT_EQ(fs[0].citation, "程序规定 (2022) 第十九条");
  EXPECT_EQ(fs[0].level, severity::irregular);
  EXPECT_EQ(fs[0].case_seq, 2u);
  EXPECT_EQ(fs[0].document, "立案审批表 C1-立");
  EXPECT_NE(fs[0].message_zh.find("缺少签名：H1"), std::string::npos) << fs[0].message_zh;
}

TEST(Evaluation, ARecordNotSignedOnEveryPage) {
  scratch_file f("eval_pages.db");
  store s(f.path());
  write_case(s, "C1", [](std::size_t, event& e, std::vector<document>& d) {
    if (e.type == et::investigative_act) d[0].signed_pages = 2;  // of 3
  });
  const auto fs = findings_of(s, "C1");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].check, "record-signature");
  EXPECT_EQ(fs[0].rule_id, "R-INV-EVIDENCE");
  EXPECT_EQ(fs[0].citation, "程序规定 (2022) 第二十八条; 程序规定 (2022) 第二十九条");
  EXPECT_EQ(fs[0].case_seq, 3u);
  EXPECT_NE(fs[0].message_en.find("(2 of 3)"), std::string::npos);
}

TEST(Evaluation, MissingDocumentsAndReceiptsAreUnlawful) {
  scratch_file f("eval_missing.db");
  store s(f.path());
  write_case(s, "C1", [](std::size_t, event& e, std::vector<document>& d) {
    if (e.type == et::decision_served || e.type == et::investigation_ended) d.clear();
  });
  const auto fs = findings_of(s, "C1");
  ASSERT_EQ(fs.size(), 2u);
  EXPECT_EQ(fs[0].check, "missing-document");
  EXPECT_EQ(fs[0].rule_id, "R-INV-END-REPORT");
  EXPECT_EQ(fs[0].citation, "程序规定 (2022) 第四十八条");
  EXPECT_EQ(fs[0].document, "调查终结报告");
  EXPECT_EQ(fs[0].level, severity::unlawful);
  EXPECT_EQ(fs[1].check, "service-receipt");
  EXPECT_EQ(fs[1].rule_id, "R-SERVICE-METHODS");
  EXPECT_EQ(fs[1].case_seq, 9u);
}

TEST(Evaluation, ADecisionDocumentDatedAfterTheDecision) {
  scratch_file f("eval_decision.db");
  store s(f.path());
  write_case(s, "C1", [](std::size_t, event& e, std::vector<document>& d) {
    if (e.type == et::decision) d[0].issued = e.day() + boost::gregorian::days(1);
  });
  const auto fs = findings_of(s, "C1");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].check, "decision-document");
  EXPECT_EQ(fs[0].rule_id, "R-DECISION-DOCUMENT");
  EXPECT_EQ(fs[0].citation, "程序规定 (2022) 第六十二条第一款第七项");
  EXPECT_EQ(fs[0].case_seq, 8u);
  EXPECT_NE(fs[0].message_en.find("document 2024-04-17, decision 2024-04-16"), std::string::npos);
}

TEST(Evaluation, AnOnTheSpotDecisionFrom2024StatesThatReconsiderationComesFirst) {
  // 行政复议法 (2023) 第二十三条第二款, keyed to the day of the 当场 decision ([M]): 2023-12-31 is not checked.
  scratch_file f("eval_route.db");
  store s(f.path());
  auto on_spot = [&](const std::string& id, const char* when, std::uint16_t items) {
    event e;
    e.type = et::summary_decision;
    e.at = parse_instant(when);
    for (const char* who : {"A", "B"}) {
      actor a{who, who, actor_role::officer, certificate{std::string("2104000") + who, date(2022, 1, 1), date(2026, 12, 31)}};
      e.actors.push_back(a);
    }
    e.party = party_kind::natural_person;
    e.violation_date = e.day();
    penalty p;
    p.add(penalty_kind::fine);
    p.fine_fen = 10000;
    e.proposed = p;
    e.items = static_cast<std::uint16_t>(items | summary_item::all);  // R-SUMMARY-NOTICE: told, statements recorded
    const auto r = s.append(id, 0, e, e.at, {{"当场行政处罚决定书", id + "-当", e.day(), {"A", "B"}}});
    ASSERT_TRUE(r.accepted) << r.refusals.front().rule_id;
  };
  on_spot("S1", "2024-01-01T10:00", 0);
  on_spot("S2", "2024-01-01T10:00", summary_item::reconsideration_first);
  on_spot("S3", "2023-12-31T10:00", 0);
  const auto fs = findings_of(s, "S1");
  ASSERT_EQ(fs.size(), 1u) << fs.front().check;
  EXPECT_EQ(fs[0].check, "reconsideration-route");
  EXPECT_EQ(fs[0].rule_id, "R-RECON-PRECONDITION");
  EXPECT_EQ(fs[0].citation, "行政复议法 (2023) 第二十三条第二款");
  EXPECT_TRUE(findings_of(s, "S2").empty()) << findings_of(s, "S2").front().check;
  EXPECT_TRUE(findings_of(s, "S3").empty()) << findings_of(s, "S3").front().check;
}

TEST(Evaluation, CashCollectedOnTheSpotNeedsTheFinanceReceipt) {
  // 处罚法 第七十条: cash only against the 专用票据 of the finance department (filed as 罚没款票据).
  scratch_file f("eval_cash_receipt.db");
  store s(f.path());
  auto write = [&](const std::string& id, bool receipt) {
    const auto d = pf_test::on_spot("2024-03-01T10:00", party_kind::natural_person, pf_test::fine_yuan(50));
    auto r = s.append(id, 0, d, d.at, {{"当场行政处罚决定书", id + "-当", d.day(), {"A", "B"}}});
    ASSERT_TRUE(r.accepted) << r.refusals.front().rule_id;
    auto c = pf_test::ev(et::cash_collected, "2024-03-01T10:05", {pf_test::officer("A"), pf_test::officer("B")});
    c.amount_fen = 5000;
    std::vector<document> docs;
    if (receipt) docs.push_back({"罚没款票据", id + "-票", c.day(), {}});
    r = s.append(id, r.version, c, c.at, docs);
    ASSERT_TRUE(r.accepted) << r.refusals.front().rule_id;
  };
  write("S1", false);
  write("S2", true);
  const auto fs = findings_of(s, "S1");
  ASSERT_EQ(fs.size(), 1u) << fs.front().check;
  EXPECT_EQ(fs[0].check, "missing-document");
  EXPECT_EQ(fs[0].rule_id, "R-SUMMARY-ONSPOT-COLLECTION");
  EXPECT_EQ(fs[0].citation, "处罚法 (2021) 第七十条");
  EXPECT_EQ(fs[0].document, "罚没款票据");
  EXPECT_EQ(fs[0].case_seq, 2u);
  EXPECT_TRUE(findings_of(s, "S2").empty()) << findings_of(s, "S2").front().check;
}

TEST(Evaluation, TheArchiveOrderFollowsArticle78) {
  scratch_file f("eval_archive.db");
  store s(f.path());
  write_case(s, "C1", [](std::size_t, event& e, std::vector<document>& d) {
    if (e.type == et::archived) std::swap(d[5], d[6]);  // 罚没款票据 before the 现场笔录 (evidence)
  });
  const auto fs = findings_of(s, "C1");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].check, "archive-order");
  EXPECT_EQ(fs[0].rule_id, "R-ARCHIVE");
  EXPECT_EQ(fs[0].case_seq, 13u);
  EXPECT_EQ(fs[0].document, "现场笔录");
  // A 送达回证 files with the document before it: the clean index above (receipts after the decision and the
  // notice) raised nothing.
}

TEST(Evaluation, LateServiceIsADeadlineFindingNetOfTheCalendar) {
  scratch_file f("eval_late.db");
  store s(f.path());
  // The decision is of Tue 2024-04-16; 7 working days (程序规定 第八十二条) end Thu 04-25. Served Fri 04-26:
  // late by one working day. (Later events keep their order.)
  write_case(s, "C1", [](std::size_t, event& e, std::vector<document>& d) {
    if (e.type == et::decision_served) {
      e.at = parse_instant("2024-04-26T09:00");
      d[0].issued = e.day();
    }
    if (e.type == et::published) e.at = parse_instant("2024-04-26T10:00");
    if (e.type == et::payment_received) e.at = parse_instant("2024-04-26T11:00");
  });
  const auto fs = findings_of(s, "C1");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].check, "deadline");
  EXPECT_EQ(fs[0].rule_id, "R-SERVICE-DEADLINE");
  EXPECT_EQ(fs[0].level, severity::unlawful);
  EXPECT_EQ(fs[0].case_seq, 9u);
  EXPECT_NE(fs[0].message_en.find("2024-04-25"), std::string::npos) << fs[0].message_en;
}

TEST(Evaluation, AnInspectionWithoutAudioVisualRecordAndDisabledChecks) {
  scratch_file f("eval_av.db");
  store s(f.path());
  write_case(s, "C1", [](std::size_t, event& e, std::vector<document>&) {
    if (e.type == et::investigative_act) e.av_recorded = false;
  });
  auto fs = findings_of(s, "C1");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].check, "full-process-record");
  EXPECT_EQ(fs[0].rule_id, "R-FULL-PROCESS-RECORD");
  EXPECT_EQ(fs[0].case_seq, 3u);
  auto list = checklist::derived();
  list.disabled = {"full-process-record"};
  EXPECT_TRUE(evaluate(s.history("C1"), s.flow(), list).findings.empty());
}

TEST(Sampling, IsReproducibleAndIndependentOfOrder) {
  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) ids.push_back("SY-" + std::to_string(1000 + i));
  const auto a = sample_cases(ids, 20, 7);
  ASSERT_EQ(a.size(), 20u);
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  auto reversed = ids;
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(sample_cases(reversed, 20, 7), a);
  EXPECT_NE(sample_cases(ids, 20, 8), a);
  EXPECT_EQ(sample_cases(ids, 500, 7).size(), 200u);
  // Pinned: the draw is part of an evaluation's record and must never change between versions. Checked
  // without penaltyflow: the three ids with the lowest sha256("penaltyflow-sample/1\n1\n" + id).
  EXPECT_EQ(sample_cases(ids, 3, 1), (std::vector<std::string>{"SY-1025", "SY-1114", "SY-1169"}));
}

TEST(EvaluationReport, AggregatesByProblemTypeOverAScopeAndASample) {
  scratch_file f("eval_store.db");
  store s(f.path(), workflow(), store_options{durability::normal});
  write_case(s, "A1");
  write_case(s, "A2", [](std::size_t, event& e, std::vector<document>& d) {
    if (e.type == et::case_filed || e.type == et::case_closed) d[0].signatories.pop_back();
  });
  write_case(s, "A3", [](std::size_t, event& e, std::vector<document>& d) {
    if (e.type == et::case_closed) d[0].signatories.clear();
    if (e.type == et::investigative_act) d[0].signed_pages = 1;
  });
  const auto all = evaluate_store(s);
  EXPECT_EQ(all.cases, 3u);
  EXPECT_EQ(all.cases_with_findings, 2u);
  ASSERT_EQ(all.by_problem.size(), 2u);
  EXPECT_EQ(all.by_problem[0].check, "approval-signature");
  EXPECT_EQ(all.by_problem[0].findings, 3u);
  EXPECT_EQ(all.by_problem[0].cases, 2u);
  EXPECT_EQ(all.by_problem[0].rule_id, "R-FILING-CONDITIONS, R-CLOSE");
  EXPECT_EQ(all.by_problem[1].check, "record-signature");
  EXPECT_EQ(all.by_problem[1].cases, 1u);
  // The sample case is concluded (结案) on 2024-04-28.
  EXPECT_EQ(evaluate_store(s, {parse_date("2024-04-29"), parse_date("2024-12-31")}).cases, 0u);
  EXPECT_EQ(evaluate_store(s, {parse_date("2024-01-01"), parse_date("2024-04-28")}).cases, 3u);
  const auto sampled = evaluate_store(s, {std::nullopt, std::nullopt, 2, 42});
  ASSERT_EQ(sampled.cases, 2u);
  EXPECT_EQ(sampled.evaluations[0].case_id, sample_cases({"A1", "A2", "A3"}, 2, 42)[0]);
  EXPECT_THROW(evaluate_store(s, {parse_date("2024-01-01"), std::nullopt}), invalid_argument_error);
}

TEST(DiscretionBenchmarks, TheShippedFileLoadsAndBadFilesNameTheField) {
  const auto b = discretion_benchmarks::load(source_dir + "/data/discretion/national.json");
  EXPECT_EQ(b.profile, "national");
  EXPECT_EQ(b.confidence, "M");
  const auto* t = b.find("food-label");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->bands.at(discretion::lighter).min_fen, 500000);  // 五千元
  EXPECT_EQ(t->circumstances.at("first-violation-corrected"), discretion::first_violation);
  const std::string head = R"({"format": "penaltyflow-discretion/1", "profile": "p", "violation_types": [)";
  // A benchmark_format error naming the file and the field.
  auto expect_refused = [&](const std::string& types, const std::string& message) {
    const auto e = pf_test::expect_thrown<file_format_error>(
        [&] { (void)discretion_benchmarks::parse(head + types + "]}", "bench.json"); }, message);
    if (e) { EXPECT_EQ(e->code(), error_code::benchmark_format); }
  };
  expect_refused(R"({"id": "x", "citation": "c", "bands": {"lighter": [5, 1]}})",
                 "bench.json: $.violation_types[0].bands.lighter: expected 0 <= min_fen <= max_fen");
  expect_refused(R"({"id": "x", "citation": "c", "bands": {"lenient": [0, 1]}})", "unknown discretion level");
  expect_refused(R"({"id": "x", "citation": "c", "bands": {}, "colour": 1})", "colour: unknown field");
  EXPECT_THROW(discretion_benchmarks::load("/nonexistent/bench.json"), io_error);
}

TEST(DiscretionBenchmarks, EveryProfileHasABenchmarkFile) {
  std::size_t profiles = 0;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir + "/data/profiles")) {
    const auto id = entry.path().stem().string();
    const auto b = discretion_benchmarks::load(source_dir + "/data/discretion/" + id + ".json");
    EXPECT_EQ(b.profile, id);
    EXPECT_EQ(b.confidence, "M") << id << ": the bands are illustrative until a bureau's benchmark replaces them";
    EXPECT_FALSE(b.types.empty());
    ++profiles;
  }
  EXPECT_GE(profiles, 2u);
}

TEST(Statistics, FiguresOfTheSampleCasesWithBandsAndDisparity) {
  scratch_file f("stats.db");
  store s(f.path(), workflow(), store_options{durability::normal});
  // Six food-label decisions at 从轻 with the same circumstances: fines 6,000 yuan ×5 and 16,000 yuan (in band,
  // but more than twice the median of its peers: 同案不同罚); one standard decision at 4,000 yuan (out of band).
  for (int i = 0; i < 7; ++i) {
    const std::string id = "S" + std::to_string(i);
    const std::int64_t fine = i == 5 ? 1600000 : i == 6 ? 400000 : 600000;
    write_case(s, id, [&](std::size_t, event& e, std::vector<document>&) {
      if (e.proposed) e.proposed->fine_fen = fine;
      if (e.type == et::payment_received) e.amount_fen = fine;
      if (e.type == et::decision) {
        e.violation_type = "food-label";
        e.applied = i == 6 ? discretion::standard : discretion::lighter;
        e.circumstances = {"voluntary-remedy"};
      }
    });
  }
  const auto bench = discretion_benchmarks::load(source_dir + "/data/discretion/national.json");
  const auto st = compute_statistics(s, parse_date("2024-01-01"), parse_date("2024-12-31"), &bench);
  EXPECT_EQ(st.cases_concluded, 7u);
  EXPECT_EQ(st.by_outcome.at("penalty"), 7u);
  EXPECT_EQ(st.by_procedure.at("ordinary"), 7u);
  EXPECT_EQ(st.discretion_applied, 7u);
  EXPECT_EQ(st.by_discretion.at("lighter"), 6u);
  EXPECT_EQ(st.case_reviews, 7u);
  EXPECT_EQ(st.legal_reviews, 0u);
  EXPECT_EQ(st.fines_fen, 5 * 600000 + 1600000 + 400000);
  // Filed 03-05, decided 04-16: 42 days; clue 03-01 to 结案 04-28: 58 days.
  EXPECT_EQ(st.decision_days.count, 7u);
  EXPECT_EQ(st.decision_days.median, 42);
  EXPECT_EQ(st.decision_days.over_limit, 0u);
  EXPECT_EQ(st.case_days.max, 58);
  const auto service = std::find_if(st.deadlines.begin(), st.deadlines.end(),
                                    [](const deadline_compliance& d) { return d.period_id == "service"; });
  ASSERT_NE(service, st.deadlines.end());
  EXPECT_EQ(service->discharged, 7u);
  EXPECT_EQ(service->late, 0u);
  ASSERT_EQ(st.flags.size(), 2u);
  const auto by_kind = [&](const char* kind) {
    return *std::find_if(st.flags.begin(), st.flags.end(), [&](const discretion_flag& x) { return x.kind == kind; });
  };
  EXPECT_EQ(by_kind("out-of-band").case_id, "S6");
  EXPECT_EQ(by_kind("out-of-band").expected_min_fen, 1850001);
  EXPECT_EQ(by_kind("disparity").case_id, "S5");
  EXPECT_EQ(by_kind("disparity").peers, 6u);
  EXPECT_EQ(by_kind("disparity").expected_max_fen, 1200000);
  // No lawsuits: the rates state their zero denominators rather than claiming 100%.
  EXPECT_EQ(st.lawsuits, 0u);
  EXPECT_EQ(st.head_appearance_of_lawsuits.denominator, 0u);
  const auto md = to_markdown(st);
  EXPECT_NE(md.find("<- 90-day limit (程序规定 第六十四条)"), std::string::npos);
  EXPECT_NE(md.find("| head appeared in court, of lawsuits filed | 负责人出庭应诉率（应诉案件） | 0 / 0 = n/a |"),
            std::string::npos);
  const auto j = nlohmann::json::parse(to_json(st));
  EXPECT_EQ(j["cases_concluded"], 7);
  EXPECT_EQ(j["discretion_flags"].size(), 2u);
  EXPECT_NE(to_text(st).find("cases concluded"), std::string::npos);
  // Outside the period: nothing.
  EXPECT_EQ(compute_statistics(s, parse_date("2025-01-01"), parse_date("2025-12-31")).cases_concluded, 0u);
  EXPECT_THROW(compute_statistics(s, parse_date("2025-01-01"), parse_date("2024-12-31")), invalid_argument_error);
}

// Case ids and violation types come from the record: in the Markdown report they are shown, never acted on
// (no tag, no new row, no heading, no code span).
TEST(Statistics, MarkdownEscapesTheTextOfTheRecord) {
  scratch_file f("stats-md.db");
  store s(f.path(), workflow(), store_options{durability::normal});
  const std::string id = "<script>alert(1)</script>|`x`";
  write_case(s, id, [&](std::size_t, event& e, std::vector<document>&) {
    if (e.type == et::decision) {
      e.violation_type = "food\n## injected | <b>bold</b> & [link](http://x)";
      e.applied = discretion::lighter;
    }
  });
  const auto bench = discretion_benchmarks::load(source_dir + "/data/discretion/national.json");
  auto st = compute_statistics(s, parse_date("2024-01-01"), parse_date("2024-12-31"), &bench);
  ASSERT_EQ(st.flags.size(), 1u);
  EXPECT_EQ(st.flags[0].kind, "unknown-violation-type");
  // A case id cannot hold a newline in the store; the report escapes one all the same.
  discretion_flag extra = st.flags[0];
  extra.case_id = "A\n| forged | row |\r\nB";
  st.flags.push_back(extra);
  const auto md = to_markdown(st);
  for (const char* raw : {"<script>", "<b>", "[link](", "\n## injected", "\n| forged", "`x`"})
    EXPECT_EQ(md.find(raw), std::string::npos) << raw << " in\n" << md;
  EXPECT_NE(md.find("| &lt;script&gt;alert(1)&lt;/script&gt;\\|\\`x\\` | unknown-violation-type | "
                    "裁量基准中没有违法行为类型food<br>\\#\\# injected \\| &lt;b&gt;bold&lt;/b&gt; &amp; "
                    "\\[link\\](http://x) |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| A<br>\\| forged \\| row \\|<br>B | unknown-violation-type |"), std::string::npos) << md;
  // Each row of the flags table is one line with its four cell borders.
  const auto table = md.substr(md.find("## Discretion flags"));
  std::size_t rows = 0;
  for (std::size_t at = table.find("\n| "); at != std::string::npos; at = table.find("\n| ", at + 1)) {
    const auto line = table.substr(at + 1, table.find('\n', at + 1) - at - 1);
    std::size_t borders = 0;
    for (std::size_t i = 0; i < line.size(); ++i)
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++borders;
    EXPECT_EQ(borders, 4u) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 3u);  // the header and two flags
}

}  // namespace
