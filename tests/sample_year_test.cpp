// The sample year (docs/sample-year.md): the default year is accepted by the workflow, verifies, has the seed
// report's size and mix, concludes every case in the year, plants the defects at their rates and nothing else the
// workflow can see, and is deterministic; the case-file evaluation finds exactly the planted defects and the
// annual statistics reproduce the manifest's counts.
#include <penaltyflow/oversight.hpp>
#include <penaltyflow/sample_year.hpp>

#include "support/builders.hpp"
#include "support/scratch_file.hpp"
#include "support/tamper.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <tuple>

namespace {

using namespace penaltyflow;

store_options fast() {
  store_options o;
  o.sync = durability::normal;
  return o;
}

/// The default year, generated once for the whole suite: CTest runs this program as one test (ONE_PROCESS).
class SampleYear : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    file_ = std::make_unique<pf_test::scratch_file>("sample_year_default.db");
    store_ = std::make_unique<store>(file_->path(), workflow(), fast());
    const auto t0 = std::chrono::steady_clock::now();
    manifest_ = std::make_unique<sample_year_manifest>(generate_sample_year(*store_));
    seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  static void TearDownTestSuite() {
    store_.reset();
    manifest_.reset();
    file_.reset();
  }

  static std::unique_ptr<pf_test::scratch_file> file_;
  static std::unique_ptr<store> store_;
  static std::unique_ptr<sample_year_manifest> manifest_;
  static double seconds_;
};
std::unique_ptr<pf_test::scratch_file> SampleYear::file_;
std::unique_ptr<store> SampleYear::store_;
std::unique_ptr<sample_year_manifest> SampleYear::manifest_;
double SampleYear::seconds_ = 0;

TEST_F(SampleYear, StoreVerifiesAndHoldsEveryEvent) {
  RecordProperty("generation_seconds", std::to_string(seconds_));
  std::cout << "default year generated in " << seconds_ << " s, " << manifest_->events << " events\n";
  const auto v = store_->verify(verify_depth::chain);
  EXPECT_TRUE(v.ok) << (v.problem ? v.problem->case_id + ": " + v.problem->what : std::string());
  EXPECT_EQ(v.events, manifest_->events);
  EXPECT_EQ(v.cases, 1000U);
  EXPECT_EQ(store_->case_ids().size(), manifest_->cases.size());
}

TEST_F(SampleYear, CountsAreInTheSeedReportsRanges) {
  const auto& n = manifest_->expected;
  EXPECT_EQ(n.cases_concluded, 1000U);
  EXPECT_EQ(n.by_procedure.at("summary"), 100U);
  EXPECT_EQ(n.by_procedure.at("ordinary"), 900U);
  EXPECT_EQ(n.legal_reviews, 23U);  // seed: 23 法制审核
  EXPECT_EQ(n.collective_discussions, 23U);
  EXPECT_EQ(n.case_reviews, 1000U - 100U - 23U - 10U - 5U);
  EXPECT_EQ(n.discretion_applied, 360U);  // seed: 360
  EXPECT_EQ(n.by_discretion.at("first_violation"), 50U);
  EXPECT_EQ(n.lawsuits, 16U);  // seed: 16 应诉案件, 13 with a head in court
  EXPECT_EQ(n.head_appearances, 13U);
  EXPECT_EQ(n.court_sessions, 16U);
  EXPECT_EQ(n.hearings_requested, 8U);
  EXPECT_EQ(n.hearings_held, 8U);
  EXPECT_EQ(n.transfers_to_police, 5U);
  EXPECT_EQ(n.transfers_administrative, 15U);
  EXPECT_EQ(n.by_outcome.at("penalty"), 100U + 23U + 767U);
  EXPECT_EQ(n.by_outcome.at("no_penalty"), 60U);
  EXPECT_EQ(n.by_outcome.at("none"), 10U);  // the terminated cases
  // The transfers to public security: outcome (五) 移送司法机关 (程序规定 第六十条第一款第五项), never "none".
  EXPECT_EQ(n.by_outcome.at("transfer_judicial"), 5U);
  EXPECT_EQ(n.transfers_judicial, 5U);
  EXPECT_EQ(n.reconsiderations, 6U + 3U);  // ordinary decisions and 当场 decisions
  // Complaints are the largest clue source.
  const auto complaint = n.by_clue_source.at("complaint");
  for (const auto& [source, count] : n.by_clue_source) EXPECT_LE(count, complaint) << source;
  std::uint64_t sources = 0;
  for (const auto& [source, count] : n.by_clue_source) sources += count;
  EXPECT_EQ(sources, 1000U);
  EXPECT_GT(n.fines_fen, 0);
}

TEST_F(SampleYear, ProjectionsAgreeWithTheManifest) {
  std::map<std::string, std::uint64_t> outcomes, procedures;
  for (const auto& c : manifest_->cases) {
    const auto p = store_->projection(c.case_id);
    ASSERT_TRUE(p) << c.case_id;
    EXPECT_EQ(p->version, c.events) << c.case_id;
    EXPECT_EQ(p->stage, "archived") << c.case_id;
    // A criminal transfer concludes the case without a decision: the projection has no outcome, the
    // statistics count it under transfer_judicial.
    ++outcomes[p->outcome.value_or(c.kind == "criminal_transfer" ? "transfer_judicial" : "none")];
    ++procedures[p->proc];
    // No deadline is left open once a case is archived and its remedies are over.
    EXPECT_TRUE(p->deadlines.empty()) << c.case_id << ": " << p->deadlines.front().period_id;
  }
  EXPECT_EQ(outcomes, manifest_->expected.by_outcome);
  EXPECT_EQ(procedures, manifest_->expected.by_procedure);
}

TEST_F(SampleYear, EveryCaseIsConcludedInTheYear) {
  const date from = parse_date("2023-01-01"), to = parse_date("2023-12-31");
  for (const auto& c : manifest_->cases) {
    const auto h = store_->history(c.case_id);
    ASSERT_FALSE(h.empty());
    std::optional<date> concluded;
    for (const auto& e : h) {
      if (e.ev.type == event_type::case_closed || e.ev.type == event_type::summary_handed_in) concluded = e.ev.day();
      EXPECT_LE(e.ev.day(), to) << c.case_id << " " << to_string(e.ev.type);
      EXPECT_EQ(e.recorded_at, e.ev.at);
    }
    ASSERT_TRUE(concluded) << c.case_id;
    EXPECT_EQ(*concluded, c.concluded) << c.case_id;
    EXPECT_GE(*concluded, from) << c.case_id;
    EXPECT_LE(*concluded, to) << c.case_id;
  }
}

TEST_F(SampleYear, PlantedDefectsHaveTheirRates) {
  std::map<std::string, std::size_t> by_check;
  std::map<std::string, std::size_t> per_case;
  for (const auto& f : manifest_->expected_findings) {
    ++by_check[f.check + "/" + f.rule_id];
    ++per_case[f.case_id];
    EXPECT_GT(f.case_seq, 0U);
  }
  EXPECT_EQ(by_check["approval-signature/R-FILING-CONDITIONS"] + by_check["approval-signature/R-CLOSE"], 20U);
  EXPECT_EQ(by_check["record-signature/R-INV-EVIDENCE"], 15U);
  EXPECT_EQ(by_check["deadline/R-SERVICE-DEADLINE"], 10U);
  EXPECT_EQ(by_check["decision-document/R-DECISION-DOCUMENT"], 10U);
  EXPECT_EQ(by_check["archive-order/R-ARCHIVE"], 5U);
  EXPECT_EQ(by_check["full-process-record/R-FULL-PROCESS-RECORD"], 10U);
  EXPECT_EQ(by_check["deadline/R-CLOSE"], 5U);
  EXPECT_EQ(by_check["head-appearance/R-LIT-HEAD-APPEARANCE"], 3U);
  for (const auto& [id, n] : per_case) EXPECT_EQ(n, 1U) << id << ": more than one planted defect";
}

/// The workflow's own findings (deadlines, audio-visual records, head appearances) are exactly the planted ones.
TEST_F(SampleYear, WorkflowFindsThePlantedDefectsAndNothingElse) {
  std::set<std::tuple<std::string, std::string, std::uint64_t>> expected, found;
  for (const auto& f : manifest_->expected_findings) {
    if (f.check == "deadline" || f.check == "full-process-record" || f.check == "head-appearance") {
      expected.emplace(f.case_id, f.rule_id, f.case_seq);
    }
  }
  for (const auto& c : manifest_->cases) {
    const auto p = store_->projection(c.case_id);
    ASSERT_TRUE(p) << c.case_id;
    for (const auto& x : p->findings) {
      found.emplace(c.case_id, x.rule_id, x.event_index ? *x.event_index + 1 : 0);
    }
  }
  EXPECT_EQ(found, expected);
}

/// The documents of the store show the planted document defects, and only them.
TEST_F(SampleYear, DocumentsAreCompleteExceptThePlantedDefects) {
  std::set<std::pair<std::string, std::string>> planted;  // case, document
  for (const auto& f : manifest_->expected_findings) {
    if (f.check != "archive-order" && !f.document.empty()) planted.emplace(f.case_id, f.document);
  }
  std::size_t unsigned_heads = 0, short_records = 0, late_documents = 0, archives = 0;
  for (const auto& c : manifest_->cases) {
    for (const auto& e : store_->history(c.case_id)) {
      for (const auto& d : e.documents) {
        if (!d.volume.empty()) continue;  // file-index entries copy the documents
        EXPECT_FALSE(d.number.empty()) << c.case_id << " " << d.kind;
        const bool is_planted = planted.count({c.case_id, d.kind + " " + d.number}) > 0;
        EXPECT_EQ(d.signed_pages, is_planted && d.kind == "询问笔录" ? d.pages - 1 : d.pages) << c.case_id;
        short_records += d.signed_pages < d.pages ? 1 : 0;
        if (d.kind == "立案审批表" || d.kind == "结案审批表") {
          const bool head_signed = std::any_of(e.ev.actors.begin(), e.ev.actors.end(), [&](const actor& a) {
            return a.role == actor_role::head &&
                   std::find(d.signatories.begin(), d.signatories.end(), a.id) != d.signatories.end();
          });
          EXPECT_EQ(head_signed, !is_planted) << c.case_id << " " << d.kind;
          unsigned_heads += head_signed ? 0 : 1;
        }
        if (e.ev.type == event_type::decision) {
          EXPECT_EQ(d.issued != e.ev.day(), is_planted) << c.case_id;
          late_documents += d.issued != e.ev.day() ? 1 : 0;
        }
      }
      if (e.ev.type == event_type::archived) {
        ++archives;
        EXPECT_FALSE(e.documents.empty()) << c.case_id;
        EXPECT_EQ(e.documents.front().kind, "立案审批表") << c.case_id;
      }
    }
  }
  EXPECT_EQ(unsigned_heads, 20U);
  EXPECT_EQ(short_records, 15U);
  EXPECT_EQ(late_documents, 10U);
  EXPECT_EQ(archives, 900U);
}

TEST_F(SampleYear, ManifestJsonIsStable) {
  const std::string json = manifest_->to_json();
  EXPECT_EQ(json.rfind("{\"format\":\"penaltyflow-sample-year/1\"", 0), 0U);
  EXPECT_NE(json.find("\"legal_reviews\":23"), std::string::npos);
  EXPECT_NE(json.find("\"check\":\"head-appearance\""), std::string::npos);
}

TEST_F(SampleYear, GenerationIsDeterministic) {
  pf_test::scratch_file again("sample_year_again.db"), other("sample_year_other.db");
  sample_year_manifest m2, m3;
  checkpoint c2, c3;
  {
    store s2(again.path(), workflow(), fast());
    m2 = generate_sample_year(s2);
    c2 = s2.make_checkpoint();
  }
  {
    sample_year_spec spec;
    spec.seed = 2;
    store s3(other.path(), workflow(), fast());
    m3 = generate_sample_year(s3, spec);
    c3 = s3.make_checkpoint();
  }
  const checkpoint c1 = store_->make_checkpoint();
  EXPECT_EQ(c2.head_hash, c1.head_hash);
  EXPECT_EQ(c2.count, c1.count);
  EXPECT_EQ(m2.to_json(), manifest_->to_json());
  EXPECT_NE(c3.head_hash, c1.head_hash);
  // Another seed keeps the mix (exact counts) but not the dates, amounts or chosen cases.
  EXPECT_EQ(m3.expected.legal_reviews, manifest_->expected.legal_reviews);
  EXPECT_EQ(m3.expected.by_outcome, manifest_->expected.by_outcome);
  EXPECT_NE(m3.expected.fines_fen, manifest_->expected.fines_fen);
}

/// A fifth of the default year, scaled: the mix is honoured exactly, the rates scale, two years share a store.
sample_year_spec small_year(int year, const std::string& prefix) {
  sample_year_spec s;
  s.year = year;
  s.case_prefix = prefix;
  s.cases = 200;
  s.summary_cases = 20;
  s.major_cases = 5;
  s.major_hearings = 2;
  s.major_rights_hearings = 1;
  s.no_penalty_cases = 12;
  s.exempt_no_penalty = 2;
  s.not_established_cases = 4;
  s.terminated_cases = 2;
  s.administrative_transfers = 3;
  s.criminal_transfers = 1;
  s.warnings = 6;
  s.discretion_standard = 28;
  s.discretion_lighter = 20;
  s.discretion_mitigated = 5;
  s.discretion_heavier = 7;
  s.reconsiderations = 2;
  s.summary_reconsiderations = 2;
  s.lawsuits = 4;
  s.lawsuits_head_appearing = 3;
  s.testing_cases = 4;
  s.testing_late_gross = 2;
  s.confiscation_cases = 6;
  s.confiscation_goods = 4;
  s.deferred_cases = 2;
  s.surcharge_cases = 1;
  s.summary_warnings = 3;
  s.summary_cash = 5;
  return s;
}

TEST(SampleYearSpec, ScaledYearsShareAStoreAndReplayExactly) {
  pf_test::scratch_file file("sample_year_small.db");
  store s(file.path(), workflow(), fast());
  const auto a = generate_sample_year(s, small_year(2022, "A"));
  const auto b = generate_sample_year(s, small_year(2024, "B"));
  for (const auto* m : {&a, &b}) {
    EXPECT_EQ(m->expected.cases_concluded, 200U);
    EXPECT_EQ(m->expected.legal_reviews, 5U);
    EXPECT_EQ(m->expected.hearings_held, 2U);
    EXPECT_EQ(m->expected.discretion_applied, 60U + 12U);
    EXPECT_EQ(m->expected.lawsuits, 4U);
    EXPECT_EQ(m->expected.head_appearances, 3U);
  }
  // 4 + 3 + 2 + 2 + 1 + 2 + 1 planted defects and one lawsuit without a head; from 2024 one 当场 decision that does
  // not tell the party that 复议 comes first.
  EXPECT_EQ(a.expected_findings.size(), 16U);
  EXPECT_EQ(b.expected_findings.size(), 17U);
  EXPECT_EQ(a.cases.front().case_id, "A-2022-0001");
  EXPECT_EQ(b.cases.back().case_id, "B-2024-0200");
  const auto v = s.verify();  // full: the chain, and every case replayed against its projection
  EXPECT_TRUE(v.ok) << (v.problem ? v.problem->case_id + ": " + v.problem->what : std::string());
  EXPECT_EQ(v.cases, 400U);
  EXPECT_EQ(v.events, a.events + b.events);
}

TEST(SampleYearSpec, InconsistentSpecsAreRefused) {
  pf_test::scratch_file file("sample_year_bad.db");
  store s(file.path(), workflow(), fast());
  sample_year_spec spec;
  spec.cases = 100;
  EXPECT_THROW(generate_sample_year(s, spec), invalid_argument_error);
  spec = {};
  spec.year = 2030;  // beyond the calendar's coverage
  EXPECT_THROW(generate_sample_year(s, spec), invalid_argument_error);
  EXPECT_TRUE(s.case_ids().empty());
}

TEST(SampleYearSpec, BandsAreTheBenchmarkFilesBands) {
  // The generator reads the bands from the file compiled in: they are the file's, level by level.
  const auto bm = discretion_benchmarks::load(std::string(PENALTYFLOW_SOURCE_DIR) + "/data/discretion/national.json");
  ASSERT_EQ(sample_violation_types().size(), bm.types.size());
  EXPECT_EQ(sample_violation_types().size(), 5U);
  for (const auto& t : sample_violation_types()) {
    const auto* v = bm.find(t.id);
    ASSERT_NE(v, nullptr) << t.id;
    const std::pair<discretion, std::pair<std::int64_t, std::int64_t>> levels[] = {
        {discretion::standard, t.standard}, {discretion::lighter, t.lighter},
        {discretion::mitigated, t.mitigated}, {discretion::heavier, t.heavier}};
    for (const auto& [level, b] : levels) {
      const auto it = v->bands.find(level);
      const std::pair<std::int64_t, std::int64_t> want =
          it == v->bands.end() ? std::pair<std::int64_t, std::int64_t>{0, 0}
                               : std::pair<std::int64_t, std::int64_t>{it->second.min_fen, it->second.max_fen};
      EXPECT_EQ(b, want) << t.id << " " << to_string(level);
    }
    for (const auto& b : {t.standard, t.lighter, t.heavier}) EXPECT_LT(b.first, b.second) << t.id;
  }
}

// The oversight goals: the evaluation finds every planted defect and nothing else; the statistics reproduce the
// generator's counts; the benchmark analytics flag nothing in a year whose fines sit in their bands.
TEST_F(SampleYear, EvaluationFindsExactlyThePlantedDefectsAndStatisticsReproduceTheCounts) {
  const auto rep = evaluate_store(*store_);
  std::set<std::tuple<std::string, std::string, std::string, std::uint64_t, std::string>> exp, got;
  for (const auto& f : manifest_->expected_findings) exp.emplace(f.case_id, f.check, f.rule_id, f.case_seq, f.document);
  for (const auto& ev : rep.evaluations)
    for (const auto& f : ev.findings) got.emplace(f.case_id, f.check, f.rule_id, f.case_seq, f.document);
  for (const auto& x : got)
    EXPECT_TRUE(exp.count(x)) << "false finding: " << std::get<0>(x) << " " << std::get<1>(x) << " " << std::get<2>(x);
  for (const auto& x : exp)
    EXPECT_TRUE(got.count(x)) << "missed defect: " << std::get<0>(x) << " " << std::get<1>(x) << " " << std::get<2>(x);
  EXPECT_EQ(got.size(), 78u);
  EXPECT_EQ(rep.cases, 1000u);
  const auto st = compute_statistics(*store_, parse_date("2023-01-01"), parse_date("2023-12-31"));
  const auto& n = manifest_->expected;
  EXPECT_EQ(st.cases_concluded, n.cases_concluded);
  EXPECT_EQ(st.by_outcome, n.by_outcome);
  EXPECT_EQ(st.by_procedure, n.by_procedure);
  EXPECT_EQ(st.by_clue_source, n.by_clue_source);
  EXPECT_EQ(st.discretion_applied, n.discretion_applied);
  EXPECT_EQ(st.by_discretion, n.by_discretion);
  EXPECT_EQ(st.legal_reviews, n.legal_reviews);
  EXPECT_EQ(st.case_reviews, n.case_reviews);
  EXPECT_EQ(st.collective_discussions, n.collective_discussions);
  EXPECT_EQ(st.hearings_requested, n.hearings_requested);
  EXPECT_EQ(st.hearings_held, n.hearings_held);
  EXPECT_EQ(st.transfers_administrative, n.transfers_administrative);
  EXPECT_EQ(st.transfers_judicial, n.transfers_judicial);
  // Reconciled: the judicial transfers are the cases under outcome (五), which holds the five transfers to public
  // security (程序规定 第六十条第一款第五项); "none" is only the terminated cases.
  EXPECT_EQ(st.by_outcome.at("transfer_judicial"), st.transfers_judicial);
  EXPECT_EQ(st.transfers_judicial, 5u);
  EXPECT_EQ(st.transfers_to_police, 5u);
  EXPECT_EQ(st.by_outcome.at("none"), 10u);
  std::map<std::string, std::uint64_t> closed;
  for (const auto& [outcome, count] : store_->closed_by_outcome(2023)) closed[outcome] = count;
  EXPECT_EQ(closed.at("transfer_judicial"), 5u);
  EXPECT_EQ(closed.at("none"), 10u);
  EXPECT_EQ(st.transfers_to_police, n.transfers_to_police);
  EXPECT_EQ(st.reconsiderations, n.reconsiderations);
  EXPECT_EQ(st.fines_fen, n.fines_fen);
  EXPECT_EQ(st.lawsuits, n.lawsuits);
  EXPECT_EQ(st.head_appearance_of_lawsuits.numerator, n.head_appearances);
  EXPECT_EQ(st.head_appearance_of_lawsuits.denominator, n.lawsuits);
  EXPECT_EQ(st.head_appearance_of_hearings.denominator, n.court_sessions);
  const auto bm = discretion_benchmarks::load(std::string(PENALTYFLOW_SOURCE_DIR) + "/data/discretion/national.json");
  const auto st2 = compute_statistics(*store_, parse_date("2023-01-01"), parse_date("2023-12-31"), &bm);
  EXPECT_TRUE(st2.flags.empty()) << st2.flags.size() << " flags, first: " << (st2.flags.empty() ? "" : st2.flags[0].message_en);
  // Late acts: exactly the planted late services and closures.
  std::map<std::string, std::uint64_t> late;
  for (const auto& d : st.deadlines)
    if (d.late) late[d.period_id] = d.late;
  EXPECT_EQ(late, (std::map<std::string, std::uint64_t>{{"closure", 5}, {"service", 10}}));
  EXPECT_EQ(st.decision_days.over_limit, 0u);
}

/// The everyday situations of the mix are in the store as the manifest says: excluded time for testing, items
/// executed one by one, deferrals, surcharges after a reminder, summary fines in cash and at the bank.
TEST_F(SampleYear, SituationsAreInTheStoreAsPlanned) {
  std::map<std::string, std::size_t> planned;
  for (const auto& c : manifest_->cases) ++planned[c.situation];
  EXPECT_EQ(planned["testing"] + planned["testing-late-gross"], 20U);
  EXPECT_EQ(planned["testing-late-gross"], 8U);
  EXPECT_EQ(planned["confiscation"] + planned["confiscation-goods"], 30U);
  EXPECT_EQ(planned["confiscation-goods"], 20U);
  EXPECT_EQ(planned["deferral"] + planned["instalments"], 10U);
  EXPECT_EQ(planned["surcharge"], 5U);
  EXPECT_EQ(planned["warning"], 15U);
  EXPECT_EQ(planned["cash"], 25U);
  EXPECT_EQ(planned["bank"], 60U);

  std::map<std::string, std::size_t> seen;
  std::size_t late_gross = 0, bank_after_hand_in = 0;
  for (const auto& c : manifest_->cases) {
    std::optional<date> filed, sent, decided, handed_in, surcharge_day;
    std::int64_t excluded = 0;
    for (const auto& e : store_->history(c.case_id)) {
      const auto& ev = e.ev;
      switch (ev.type) {
        case event_type::case_filed: filed = ev.day(); break;
        case event_type::excluded_time_started:
          ++seen["testing"];
          EXPECT_EQ(ev.excluded, exclusion::testing) << c.case_id;
          EXPECT_FALSE(ev.institution.empty()) << c.case_id;
          sent = ev.day();
          break;
        case event_type::excluded_time_ended:
          ASSERT_TRUE(sent) << c.case_id;
          excluded += (ev.day() - *sent).days() + 1;  // both end days left out (docs/time-limits.md)
          break;
        case event_type::decision: decided = ev.day(); break;
        case event_type::goods_confiscated: ++seen["goods"]; break;
        case event_type::payment_deferred: ++seen["deferral"]; break;
        case event_type::reminder_served:
          ++seen["reminder"];
          EXPECT_EQ(c.situation, "surcharge") << c.case_id;
          break;
        case event_type::surcharge_imposed:
          ++seen["surcharge"];
          EXPECT_TRUE(ev.rate_told) << c.case_id;
          EXPECT_GT(ev.amount_fen, 0) << c.case_id;
          surcharge_day = ev.day();
          break;
        case event_type::cash_collected: ++seen["cash"]; break;
        case event_type::summary_handed_in: handed_in = ev.day(); break;
        case event_type::payment_received:
          if (ev.item == execution_item::illegal_gains) ++seen["gains"];
          if (ev.item == execution_item::surcharge) {
            ++seen["surcharge paid"];
            EXPECT_TRUE(surcharge_day && *surcharge_day <= ev.day()) << c.case_id;
          }
          if (c.kind == "summary") {
            ++seen["bank"];
            if (handed_in && *handed_in < ev.day()) ++bank_after_hand_in;
          }
          break;
        case event_type::reconsideration_procedure: ++seen["simplified"]; break;
        default: break;
      }
    }
    if (c.situation.rfind("testing", 0) == 0) {
      ASSERT_TRUE(filed && decided) << c.case_id;
      const auto gross = (*decided - *filed).days();
      // Late without the exclusion exactly for the planned cases, always within 90 days net of it.
      EXPECT_EQ(gross > 90, c.situation == "testing-late-gross") << c.case_id << ": " << gross << " days";
      EXPECT_LE(gross - excluded, 90) << c.case_id;
      late_gross += gross > 90 ? 1 : 0;
    }
  }
  EXPECT_EQ(late_gross, 8U);
  EXPECT_EQ(seen["testing"], 20U);
  EXPECT_EQ(seen["goods"], 20U);
  EXPECT_EQ(seen["gains"], 30U);
  EXPECT_EQ(seen["deferral"], 10U);
  EXPECT_EQ(seen["reminder"], 5U);
  EXPECT_EQ(seen["surcharge"], 5U);
  EXPECT_EQ(seen["surcharge paid"], 5U);
  EXPECT_EQ(seen["cash"], 25U);
  EXPECT_EQ(seen["bank"], 60U);
  EXPECT_GT(bank_after_hand_in, 0U);      // some fines reach the bank after the file was handed in
  EXPECT_EQ(seen["simplified"], 0U);      // 2023: applications under the 2017 text, which had no such procedure
}

/// A year from 2024: 行政复议 under the 2023 text. The 当场 decisions' reconsiderations take the simplified
/// procedure and are answered within 5 working days; every 当场 decision but the planted ones says that 复议 comes
/// first; the evaluation finds exactly the planted defects; and a suit against a 2024 当场 decision without 复议
/// is refused (R-RECON-PRECONDITION).
TEST(SampleYearSpec, From2024ReconsiderationFollowsThe2023Text) {
  pf_test::scratch_file file("sample_year_2024.db");
  store s(file.path(), workflow(), fast());
  const auto m = generate_sample_year(s, small_year(2024, "N"));
  std::size_t simplified = 0, route_defects = 0;
  std::string untouched_summary;
  for (const auto& c : m.cases) {
    std::optional<date> applied;
    bool summary_reconsidered = false;
    for (const auto& e : s.history(c.case_id)) {
      if (e.ev.type == event_type::reconsideration_applied) {
        applied = e.ev.day();
        summary_reconsidered = c.kind == "summary";
      }
      if (e.ev.type == event_type::reconsideration_procedure) {
        ++simplified;
        EXPECT_EQ(e.ev.subject, "simplified");
        EXPECT_EQ(c.kind, "summary");
      }
      if (e.ev.type == event_type::reconsideration_answered && summary_reconsidered) {
        EXPECT_LE(e.ev.day(), add_working_days(calendar::national(), *applied, 5)) << c.case_id;
      }
      if (e.ev.type == event_type::summary_decision && !(e.ev.items & summary_item::reconsideration_first))
        ++route_defects;
    }
    if (c.kind == "summary" && !applied && c.situation != "warning" && untouched_summary.empty())
      untouched_summary = c.case_id;
  }
  EXPECT_EQ(simplified, 2U);
  EXPECT_EQ(route_defects, 1U);

  const auto rep = evaluate_store(s);
  std::set<std::tuple<std::string, std::string, std::string, std::uint64_t, std::string>> exp, got;
  for (const auto& f : m.expected_findings) exp.emplace(f.case_id, f.check, f.rule_id, f.case_seq, f.document);
  for (const auto& ev : rep.evaluations)
    for (const auto& f : ev.findings) got.emplace(f.case_id, f.check, f.rule_id, f.case_seq, f.document);
  EXPECT_EQ(got, exp);
  EXPECT_EQ(std::count_if(exp.begin(), exp.end(), [](const auto& x) { return std::get<1>(x) == "reconsideration-route"; }), 1);

  // 复议前置: suing a 2024 当场 decision directly is refused.
  ASSERT_FALSE(untouched_summary.empty());
  const auto p = s.projection(untouched_summary);
  ASSERT_TRUE(p);
  event suit;
  suit.type = event_type::lawsuit_filed;
  suit.at = instant(parse_date("2024-12-31"), boost::posix_time::hours(23));
  const auto res = s.append(untouched_summary, p->version, suit, suit.at);
  ASSERT_FALSE(res.accepted);
  const auto it = std::find_if(res.refusals.begin(), res.refusals.end(),
                               [](const refusal& x) { return x.rule_id == "R-RECON-PRECONDITION"; });
  ASSERT_NE(it, res.refusals.end());
  EXPECT_NE(it->citation.find("行政复议法 (2023) 第二十三条第一款第一项"), std::string::npos) << it->citation;
}

/// docs/sample-year.md's parameter table and the generator's parameters are the same, one to one: a count, a
/// weight or a rate changed in one place and not the other fails here.
TEST(SampleYearSpec, ParameterTableOfTheDocsIsTheCodes) {
  std::ifstream in(std::string(PENALTYFLOW_SOURCE_DIR) + "/docs/sample-year.md");
  ASSERT_TRUE(in);
  std::map<std::string, std::string> doc;
  std::string line;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) in_table = line == "## Parameters and their sources";
    if (!in_table || line.rfind("| `", 0) != 0) continue;
    const auto name_end = line.find('`', 3);
    const auto cell = line.find('|', name_end);
    const auto cell_end = line.find('|', cell + 1);
    ASSERT_NE(cell_end, std::string::npos) << line;
    std::string value = line.substr(cell + 1, cell_end - cell - 1);
    value.erase(0, value.find_first_not_of(' '));
    value.erase(value.find_last_not_of(' ') + 1);
    EXPECT_TRUE(doc.emplace(line.substr(3, name_end - 3), value).second) << "listed twice: " << line;
  }
  std::map<std::string, std::string> code;
  for (const auto& x : sample_year_parameters()) code.emplace(x.name, x.value);
  EXPECT_FALSE(code.empty());
  EXPECT_EQ(doc, code);
}
}  // namespace
