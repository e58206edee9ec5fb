// penaltyflow — oversight (执法监督): case-file evaluation (案卷评查), annual statistics and discretion
// benchmarks (裁量基准). See docs/oversight.md.
//
// The official case-file checklist was not found (legal-rules.md §15, R-CASEFILE-EVAL): the checks here are
// DERIVED from verified rules, each finding names the rule and article it rests on, and the checklist is data
// (`checklist`) a bureau adapts. The discretion benchmark files are per profile and, until a bureau's published
// 裁量基准 replaces them, illustrative [M].
#pragma once

#include <penaltyflow/case_statistics.hpp>
#include <penaltyflow/store.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace penaltyflow {

// ---- case-file evaluation (案卷评查) -------------------------------------------------------------------------

/// How serious a finding is.
enum class severity : std::uint8_t {
  irregular,  ///< 不规范: an irregular record (a missing signature, a badly worded document)
  unlawful,   ///< 违法: a legal defect (a missed statutory deadline, a missing required document)
};
std::string_view to_string(severity s) noexcept;

/// One problem the evaluation found in a case file.
struct evaluation_finding {
  std::string case_id;
  std::string check;         ///< the problem type: a checklist check id, e.g. "approval-signature"
  std::string rule_id;       ///< the rule it rests on (legal-rules.md), e.g. "R-CLOSE"
  std::string citation;      ///< e.g. "程序规定 (2022) 第七十七条"
  severity level = severity::irregular;
  std::uint64_t case_seq = 0;  ///< the event concerned (its position in the case, from 1); 0: the file as a whole
  std::string document;        ///< the document concerned ("kind number"); empty: none
  std::string message_zh;
  std::string message_en;
};

/// The checks, as data. `checklist::derived()` is the checklist derived in legal-rules.md §15.
struct checklist {
  /// A document a step must produce, and who must sign it.
  struct required_document {
    event_type on;                   ///< the step
    std::optional<decision_outcome> outcome;  ///< decision: only for this outcome
    std::string kind;                ///< the document kind, e.g. "立案审批表"
    std::string check;               ///< the check id reported when it is missing ("missing-document", ...)
    std::vector<actor_role> signers; ///< roles whose actors in the event must all sign (empty: no check)
    std::string rule_id;
    std::string citation;
  };
  std::vector<required_document> documents;
  /// Record kinds the party signs page by page (程序规定 第二十八条, 第二十九条).
  std::vector<std::string> paged_records;
  /// The filing order of the 正卷 and the 副卷 (程序规定 第七十八条): groups of kinds, in order; kinds not listed
  /// belong to the last group ("other"); a 送达回证 belongs to the group of the document before it.
  std::vector<std::vector<std::string>> main_volume_order;
  std::vector<std::vector<std::string>> secondary_volume_order;
  /// Check ids switched off (e.g. {"archive-order"} where a bureau files differently).
  std::vector<std::string> disabled;

  static checklist derived();
  bool enabled(std::string_view check) const;
};

/// The check ids evaluate() can report (the problem types of an evaluation summary), with their rule.
struct check_info {
  std::string_view id;
  std::string_view title_zh;
  std::string_view title_en;
};
const std::vector<check_info>& evaluation_checks();

/// One case's evaluation.
struct case_evaluation {
  std::string case_id;
  std::uint64_t events = 0;
  std::vector<evaluation_finding> findings;
};

/// Evaluates one case from its stored history (events and documents). The workflow replays the history to
/// find late acts net of excluded time (its findings become "deadline" and "full-process-record" findings);
/// the checklist adds the document, signature, officer, reviewer, decision-document, service, execution,
/// closure and archive checks. Never reads the clock: an open case is evaluated as of its last event.
case_evaluation evaluate(const std::vector<stored_event>& history, const workflow& wf,
                         const checklist& list = checklist::derived());

/// Which cases to evaluate in a store.
struct evaluation_scope {
  std::optional<date> concluded_from;  ///< only cases concluded (办结) in [from, to]; both or neither
  std::optional<date> concluded_to;
  std::size_t sample = 0;              ///< 0: every case in scope; n: a random sample of n
  std::uint64_t seed = 0;              ///< the sample's seed (the same seed always draws the same cases)
};

/// Per problem type: how many findings and how many cases (the "不规范问题N个" of an evaluation report).
struct problem_count {
  std::string check;
  std::string rule_id;             ///< the rules involved, comma-separated (the same as `rules`)
  severity level = severity::irregular;
  std::uint64_t findings = 0;
  std::uint64_t cases = 0;
  std::vector<std::string> rules;  ///< the rules involved, in order of first appearance
};

/// An evaluation of many cases.
struct evaluation_report {
  std::uint64_t cases = 0;                  ///< cases evaluated
  std::uint64_t cases_with_findings = 0;
  std::vector<case_evaluation> evaluations; ///< in case-id order
  std::vector<problem_count> by_problem;    ///< by check id
};

/// Draws `n` of `ids` reproducibly: each id gets a SHA-256 rank from (seed, id) and the `n` lowest ranks are
/// drawn, so the draw does not depend on the order of `ids` or on the platform. Result in id order.
std::vector<std::string> sample_cases(std::vector<std::string> ids, std::size_t n, std::uint64_t seed);

/// Evaluates the cases of `scope`. Large scopes are read and evaluated by up to four worker threads, each with
/// its own read-only connection to the store's file (so they see what was committed when they start).
evaluation_report evaluate_store(const store& s, const evaluation_scope& scope = {},
                                 const checklist& list = checklist::derived());
/// Aggregates evaluations by problem type.
std::vector<problem_count> count_problems(const std::vector<case_evaluation>& evaluations);

// ---- discretion benchmarks (裁量基准) -------------------------------------------------------------------------

/// A profile's discretion benchmarks: violation types with their fine bands per discretion level, read from
/// data/discretion/<profile>.json (format "penaltyflow-discretion/1", docs/oversight.md).
struct discretion_benchmarks {
  struct band {
    std::int64_t min_fen = 0;  ///< inclusive
    std::int64_t max_fen = 0;  ///< inclusive
  };
  struct violation_type {
    std::string id;
    std::string name_zh;
    std::string name_en;
    std::string citation;  ///< the provision that sets the fine range
    std::map<discretion, band> bands;  ///< levels without a band (first_violation, exempt) mean no fine
    std::map<std::string, discretion> circumstances;  ///< circumstance id → the level it leads to
  };
  std::string profile;
  std::string source;      ///< where the bands come from
  std::string confidence;  ///< "M" until a bureau's published benchmark is loaded
  std::vector<violation_type> types;

  const violation_type* find(std::string_view id) const;
  /// Throws file_format_error naming the file, the field and the reason.
  static discretion_benchmarks parse(std::string_view text, std::string_view source);
  static discretion_benchmarks load(const std::string& path);
};

/// A decision the benchmark analytics flag.
struct discretion_flag {
  std::string case_id;
  std::string kind;  ///< "out-of-band", "unknown-violation-type" or "disparity" (同案不同罚)
  std::string violation_type;
  std::string discretion;
  std::int64_t fine_fen = 0;
  std::int64_t expected_min_fen = 0;  ///< out-of-band: the band; disparity: the peer group's median ± factor
  std::int64_t expected_max_fen = 0;
  std::uint64_t peers = 0;            ///< disparity: the size of the group of similar cases
  std::string message_zh;
  std::string message_en;
};

/// Options of the disparity analysis: similar cases are decisions with the same violation type, discretion level
/// and circumstances; a decision is flagged when its fine is more than `factor` times, or less than 1/`factor`
/// of, its group's median, in groups of at least `min_group` decisions.
struct disparity_options {
  double factor = 2.0;
  std::size_t min_group = 5;
};

// ---- annual statistics (法治政府建设情况报告) -------------------------------------------------------------------

/// A rate with its numerator and denominator stated (the seed report's "13 of 16, 100%" shows why).
struct rate {
  std::uint64_t numerator = 0;
  std::uint64_t denominator = 0;
  std::string basis;  ///< what the denominator counts
  double value() const { return denominator ? static_cast<double>(numerator) / static_cast<double>(denominator) : 0; }
};

/// Deadline compliance for one period type.
struct deadline_compliance {
  std::string period_id;
  std::uint64_t discharged = 0;  ///< deadlines the cases discharged
  std::uint64_t late = 0;
};

/// Summary of a distribution of days.
struct day_distribution {
  std::uint64_t count = 0;
  double mean = 0;
  std::int64_t median = 0;
  std::int64_t p90 = 0;
  std::int64_t max = 0;
  std::uint64_t over_limit = 0;  ///< more than `limit` days
  std::int64_t limit = 0;
  std::vector<std::int64_t> values;  ///< every value, in case order (for charts)
};

/// The figures of a period. Unless a field says otherwise, the base is the cases concluded (办结) in the period.
struct annual_statistics {
  date from;
  date to;
  std::uint64_t cases_concluded = 0;
  /// Outcome stable name; a transfer to public security without a decision is "transfer_judicial" (程序规定
  /// 第六十条第一款第五项); "none": concluded without a decision or a transfer, e.g. 终止调查.
  std::map<std::string, std::uint64_t> by_outcome;
  std::map<std::string, std::uint64_t> by_procedure;  ///< "ordinary", "summary"
  std::map<std::string, std::uint64_t> by_clue_source;
  std::uint64_t discretion_applied = 0;               ///< decisions that applied a discretion benchmark
  std::map<std::string, std::uint64_t> by_discretion; ///< discretion stable name
  std::uint64_t legal_reviews = 0;                    ///< cases with a 法制审核
  std::uint64_t case_reviews = 0;                     ///< cases with a 案件审核 (and no 法制审核)
  std::uint64_t collective_discussions = 0;           ///< cases decided after 集体讨论
  std::uint64_t hearings_requested = 0;
  std::uint64_t hearings_held = 0;
  std::uint64_t transfers_administrative = 0;         ///< outcome transfer_administrative
  std::uint64_t transfers_judicial = 0;               ///< outcome transfer_judicial (= by_outcome's count)
  std::uint64_t transfers_to_police = 0;              ///< cases transferred to public security
  std::uint64_t reconsiderations = 0;                 ///< cases with a reconsideration application
  std::int64_t fines_fen = 0;                         ///< fines decided
  /// Base: lawsuits filed in the period (应诉案件), whatever the case's state.
  std::uint64_t lawsuits = 0;
  rate head_appearance_of_lawsuits;   ///< lawsuits at which a head appeared / lawsuits filed
  rate head_appearance_of_hearings;   ///< lawsuits at which a head appeared / lawsuits with a court session
  std::vector<deadline_compliance> deadlines;  ///< by period id
  day_distribution decision_days;  ///< 立案 → 决定, net of excluded time; limit 90 (程序规定 第六十四条)
  day_distribution case_days;      ///< clue (or summary decision) → concluded, natural days
  std::vector<discretion_flag> flags;  ///< when benchmarks were given
};

/// Computes the figures of [from, to] from the store's projection (one indexed pass; no replay).
/// With `benchmarks`, decisions are checked against their bands and for disparity.
annual_statistics compute_statistics(const store& s, date from, date to,
                                     const discretion_benchmarks* benchmarks = nullptr,
                                     const disparity_options& disparity = {});

/// The figures as JSON (stable keys; docs/oversight.md), as text, or as a Markdown report with a chart of the
/// decision days against the 90-day limit.
std::string to_json(const annual_statistics& st);
std::string to_text(const annual_statistics& st);
std::string to_markdown(const annual_statistics& st);

}  // namespace penaltyflow
