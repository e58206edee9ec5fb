// penaltyflow — a realistic sample year (样本年度): a synthetic year of a city bureau's penalty cases, written
// through the record store, with defects planted at known rates. See docs/sample-year.md.
//
// The year has the size and mix of the seed report (about 1,000 cases concluded (办结), a third with discretion
// benchmarks (裁量基准), a few dozen major cases with 法制审核 and 集体讨论, 16 lawsuits (应诉案件), a few criminal
// transfers, summary-procedure cases paid in cash or at the bank, complaints as the largest clue source) and the
// everyday situations of execution and time limits (samples at a testing institution, confiscation item by item,
// deferrals and instalments, a late fine with 催告 and 加处罚款, 行政复议 under the 2017 or the 2023 text, simplified
// for 当场 decisions from 2024). Every event is accepted by the workflow; every document the case-file evaluation
// (oversight.hpp) checks is present and signed, except where a defect was planted on purpose. The manifest lists what was generated: the counts the annual statistics must
// reproduce and the findings the evaluation must report, and nothing else.
//
// Deterministic: the same spec gives the same event log, byte for byte (the same head hash). Randomness comes
// from std::mt19937_64 (whose output the standard fixes) through our own integer arithmetic, never from the
// implementation-defined std:: distributions. Nothing reads the clock.
#pragma once

#include <penaltyflow/store.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace penaltyflow {

/// What to generate. Mix counts are exact (the statistics must reproduce them); randomness only picks dates,
/// amounts, parties, people and which cases carry the mix's features and the defects. Defaults follow the seed
/// report (抚顺 2023: 1003 cases concluded, 360 with discretion benchmarks, 23 法制审核, 16 lawsuits, 13 with a
/// head in court).
struct sample_year_spec {
  int year = 2023;            ///< every case is concluded (办结) in [year-01-01, year-12-31]; clues may be older
  std::uint64_t seed = 1;
  std::size_t cases = 1000;   ///< cases concluded in the year, all procedures
  std::string case_prefix = "SY";  ///< case ids are "<prefix>-<year>-<nnnn>", numbered by clue date
  std::string bureau = "样市监";   ///< abbreviation in document numbers (文号), e.g. "样市监罚〔2023〕12号"

  // ---- the mix (exact counts); the cases not listed are ordinary penalty cases with 案件审核 ----
  std::size_t summary_cases = 100;             ///< 简易程序 (当场处罚): decision, 备案, payment, file handed in
  std::size_t major_cases = 23;                ///< 法制审核 + 负责人集体讨论, then a penalty
  std::size_t major_hearings = 8;              ///< of the major cases: hearing requested, noticed and held
  std::size_t major_rights_hearings = 4;       ///< of those: 直接关系重大权益, legal review again after the hearing
  std::size_t no_penalty_cases = 60;           ///< 不予行政处罚 (首违不罚 and other grounds), with education
  std::size_t exempt_no_penalty = 10;          ///< of those: ground other than a first violation (discretion exempt)
  std::size_t not_established_cases = 20;      ///< 违法事实不能成立
  std::size_t terminated_cases = 10;           ///< 终止调查
  std::size_t administrative_transfers = 15;   ///< decision 移送其他行政管理部门
  std::size_t criminal_transfers = 5;          ///< 移送公安机关 (移送规定), police open a case, exhibits handed over
  std::size_t warnings = 30;                   ///< ordinary penalties that are a warning alone (no fine)

  // ---- discretion benchmarks (裁量基准) on penalty decisions, by level; no-penalty decisions add
  //      first_violation (no_penalty_cases - exempt_no_penalty) and exempt (exempt_no_penalty) ----
  std::size_t discretion_standard = 138;
  std::size_t discretion_lighter = 99;
  std::size_t discretion_mitigated = 25;
  std::size_t discretion_heavier = 38;

  // ---- remedies (on penalty cases with a fine) ----
  std::size_t reconsiderations = 6;          ///< 行政复议 of ordinary decisions: applied, answered, decided (upheld)
  std::size_t summary_reconsiderations = 3;  ///< 行政复议 of 当场 decisions (fines); applications from 2024-01-01:
                                             ///< the simplified procedure (行政复议法 (2023) 第五十三条)
  std::size_t lawsuits = 16;                 ///< 行政诉讼 filed in the year: defence, one court session, judgment
  std::size_t lawsuits_head_appearing = 13;  ///< of those, a head (负责人) appears; the others: a finding each

  // ---- everyday situations (exact counts): ordinary fined cases without a remedy, at most one a case ----
  std::size_t testing_cases = 20;       ///< product quality: a sample at a testing institution (excluded time)
  std::size_t testing_late_gross = 8;   ///< of those: decided over 90 days after filing, within 90 net of testing
  std::size_t confiscation_cases = 30;  ///< 没收违法所得 beside the fine, paid as its own item
  std::size_t confiscation_goods = 20;  ///< of those: also 没收非法财物, taken by goods_confiscated
  std::size_t deferred_cases = 10;      ///< 延期/分期缴纳 approved by a head, every instalment paid on its date
  std::size_t surcharge_cases = 5;      ///< fine unpaid at the due date: 催告, 加处罚款 (rate told), then paid
  // ---- summary-procedure cases (exact counts); the fines not collected on the spot are paid at the bank ----
  std::size_t summary_warnings = 15;    ///< a warning alone
  std::size_t summary_cash = 25;        ///< fines of 50 or 100 yuan collected on the spot (natural persons)

  /// Clue sources (clue_received `subject`) and their weights; counts are allocated exactly (largest remainder).
  /// Summary-procedure cases take "inspection" first (found on patrol).
  std::vector<std::pair<std::string, unsigned>> clue_sources = {
      {"complaint", 38}, {"report", 17}, {"inspection", 25}, {"sampling", 8}, {"transfer", 7}, {"other", 5}};

  // ---- planted defects: share of `cases` (rounded); at most one defect per case ----
  double approval_signature_rate = 0.02;   ///< head missing from the 立案审批表 or 结案审批表 signatories
  double record_signature_rate = 0.015;    ///< a 询问笔录 with one page not signed by the party
  double late_service_rate = 0.01;         ///< decision served more than 7 working days after the decision
  double decision_document_rate = 0.01;    ///< decision document dated the day after the decision
  double archive_order_rate = 0.005;       ///< two adjacent 正卷 entries of different groups swapped
  double missing_av_record_rate = 0.01;    ///< an on-site inspection without audio-visual record
  double late_closure_rate = 0.005;        ///< case closed more than 15 working days after its closing ground
  double reconsideration_route_rate = 0.005;  ///< a 当场 decision from 2024 not telling the party that 复议 comes
                                              ///< first (none in years before 2024: the rule did not exist)

  std::size_t batch_size = 300;  ///< events per store::append_many transaction
};

/// A finding the case-file evaluation must report for a planted defect (the same fields as its
/// evaluation_finding): the case, the check id, the rule, the event concerned and the document ("kind number",
/// empty where the finding concerns an event rather than a document).
struct planted_finding {
  std::string case_id;
  std::string check;     ///< "approval-signature", "record-signature", "deadline", "decision-document",
                         ///< "archive-order", "full-process-record", "head-appearance", "reconsideration-route"
  std::string rule_id;   ///< e.g. "R-CLOSE", "R-SERVICE-DEADLINE"
  std::uint64_t case_seq = 0;
  std::string document;
  bool operator==(const planted_finding& o) const {
    return case_id == o.case_id && check == o.check && rule_id == o.rule_id && case_seq == o.case_seq &&
           document == o.document;
  }
};

/// What the generator wrote, counted from its own plan (never read back from the store). Keys are named after the
/// fields of annual_statistics (oversight.hpp) so the two compare one to one; the base is the cases concluded
/// (办结) in [from, to], except `lawsuits`, `head_appearances` and `court_sessions` (lawsuits filed in the period).
struct sample_year_counts {
  date from;
  date to;
  std::uint64_t cases_concluded = 0;
  std::map<std::string, std::uint64_t> by_outcome;    ///< outcome stable name; "none": no decision
  std::map<std::string, std::uint64_t> by_procedure;  ///< "ordinary", "summary"
  std::map<std::string, std::uint64_t> by_clue_source;
  std::uint64_t discretion_applied = 0;
  std::map<std::string, std::uint64_t> by_discretion;  ///< discretion stable name
  std::uint64_t legal_reviews = 0;           ///< cases with a 法制审核
  std::uint64_t case_reviews = 0;            ///< cases with a 案件审核 and no 法制审核
  std::uint64_t collective_discussions = 0;  ///< cases decided after 集体讨论
  std::uint64_t hearings_requested = 0;
  std::uint64_t hearings_held = 0;
  std::uint64_t transfers_administrative = 0;
  std::uint64_t transfers_judicial = 0;
  std::uint64_t transfers_to_police = 0;
  std::uint64_t reconsiderations = 0;
  std::int64_t fines_fen = 0;                ///< fines decided: ordinary and summary penalty decisions
  std::uint64_t lawsuits = 0;
  std::uint64_t head_appearances = 0;        ///< head_appearance_of_lawsuits.numerator (and _of_hearings')
  std::uint64_t court_sessions = 0;          ///< head_appearance_of_hearings.denominator
};

/// One generated case, for tests and analysts.
struct sample_case {
  std::string case_id;
  std::string kind;      ///< "summary", "ordinary", "major", "no_penalty", "not_established", "terminated",
                         ///< "transfer_administrative", "criminal_transfer"
  date received;         ///< the clue (summary cases: the clue on the spot, the day of the decision)
  date concluded;        ///< 结案 (case_closed), or the summary file handed in
  std::uint64_t events = 0;
  std::int64_t fine_fen = 0;
  std::string violation_type;  ///< empty: no discretion benchmark applied
  std::string discretion;
  /// The everyday situation the case shows, if any: "testing", "testing-late-gross" (decided over 90 days after
  /// filing, within 90 net of the testing), "confiscation", "confiscation-goods", "deferral", "instalments",
  /// "surcharge"; summary cases: "warning", "cash" or "bank".
  std::string situation;
};

/// The generator's account of a year.
struct sample_year_manifest {
  sample_year_spec spec;
  sample_year_counts expected;
  std::vector<planted_finding> expected_findings;  ///< by case id, then case_seq
  std::vector<sample_case> cases;                  ///< by case id
  std::uint64_t events = 0;                        ///< events appended
  /// {"format":"penaltyflow-sample-year/1","spec":{...},"expected":{...},"expected_findings":[...],
  ///  "cases":[...]}: stable keys, sorted maps (docs/sample-year.md).
  std::string to_json() const;
};

/// A violation type of the generator's discretion bands (the ids and bands of data/discretion/national.json).
struct sample_violation_type {
  const char* id;
  /// Fine bands in fen, inclusive, per level; {0, 0}: the level is not used for this type.
  std::pair<std::int64_t, std::int64_t> standard, lighter, mitigated, heavier;
};
/// The violation types and bands the generator draws fines from.
const std::vector<sample_violation_type>& sample_violation_types();

/// One parameter of the generator, written as docs/sample-year.md's parameter table writes it: a count of the
/// mix ("1000"), a clue-source weight ("38"), a rate ("1.5%", a share of `cases` for defects, a probability
/// for the modelling rates), so that a test compares the two tables one to one.
struct sample_year_parameter {
  std::string name;
  std::string value;
};
/// Every count, weight and rate `generate_sample_year` uses for `spec` (the modelling rates are fixed).
std::vector<sample_year_parameter> sample_year_parameters(const sample_year_spec& spec = {});

/// Checks `spec` as generate_sample_year does before it writes anything: throws invalid_argument_error for an
/// inconsistent spec or a year `cal` does not cover (from 92 days before the year to its end). Lets a caller
/// refuse a bad spec before it creates a store.
void check_sample_year_spec(const sample_year_spec& spec, const calendar& cal);

/// Generates the year into `s`, which must not hold the generated case ids yet ("<prefix>-<year>-<nnnn>"): plans
/// the mix, the features and the defects, builds every case on working days of the store's calendar, then appends
/// the events in time order through store::append_many, `spec.batch_size` to a transaction, each recorded at its
/// own time. Throws invalid_argument_error for an inconsistent spec (the mix exceeds `cases`, more hearings than
/// major cases, ...) or a year the calendar does not cover (nothing is written then), and error(invalid_argument)
/// naming the case, the event and the rule ids if the workflow refuses an event (a generator bug: nothing is
/// skipped; the batches before it stay written). Cost: about 13 events a case; the default year about 0.9 s of processor time.
sample_year_manifest generate_sample_year(store& s, const sample_year_spec& spec = {});

/// `spec` with every count of the mix, the discretion levels and the remedies scaled to `cases` concluded
/// cases (rounded to the nearest; sub-counts kept within their totals). The defect rates stay as they are.
sample_year_spec scaled_sample_year_spec(const sample_year_spec& spec, std::size_t cases);

}  // namespace penaltyflow
