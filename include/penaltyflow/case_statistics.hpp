// penaltyflow — a case's statistics: the counts its events add up to (folded into its facts) and the summary
// row the store keeps of them. The inputs of the annual statistics and the analysts' tables (oversight.hpp,
// docs/oversight.md); the store reads and writes them but does not interpret them.
#pragma once

#include <penaltyflow/event.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace penaltyflow {

/// Counts for oversight statistics (法治政府建设情况报告 figures), folded with every event into the case's
/// facts (case_facts::tally).
struct case_tally {
  std::string clue_source;               ///< clue_received `subject` ("complaint", "inspection", ...)
  std::string violation_type;            ///< the decision's discretion-benchmark violation type
  std::optional<discretion> applied;     ///< how the decision applied the benchmark
  std::vector<std::string> circumstances;  ///< the benchmark circumstances the decision applied
  std::uint16_t legal_reviews = 0;       ///< 法制审核 opinions
  std::uint16_t case_reviews = 0;        ///< 案件审核 opinions
  std::uint16_t collective_discussions = 0;
  std::uint16_t hearings_requested = 0;
  std::uint16_t hearings_held = 0;
  std::uint16_t criminal_transfers = 0;  ///< 向公安机关移送
  std::uint16_t reconsiderations = 0;
  std::uint16_t lawsuits = 0;
  std::optional<date> first_lawsuit;     ///< the day the first lawsuit was filed (the statistics' base)
  std::uint16_t court_sessions = 0;      ///< court_appearance events
  std::uint16_t head_appearances = 0;    ///< sessions at which a head (负责人) appeared
  /// Every bureau deadline an event discharged: its period id and whether the act was late.
  std::vector<std::pair<std::string, bool>> deadlines_closed;
};

/// One case's projection row with its statistics columns: what the annual statistics and the analysts'
/// DataFrames read (docs/store.md, "Schema"). Dates are calendar days; counts are events of that kind.
struct case_summary {
  std::string case_id;
  std::uint64_t version = 0;
  std::string stage, remedy, proc;
  std::string outcome;              ///< decision outcome's stable name; empty: no decision
  std::optional<date> received;     ///< the clue (or the summary decision)
  std::optional<date> filed, decided, closed;
  std::optional<date> concluded;    ///< 办结: 结案, or the summary file handed in (程序规定 第七十条)
  std::optional<date> lawsuit_filed;
  std::string clue_source, violation_type, discretion;
  std::string circumstances;        ///< sorted, comma-separated
  std::string deadline_tally;       ///< "period:late/total;..." over the deadlines the case discharged
  std::optional<std::int64_t> fine_fen;       ///< the fine decided
  std::optional<std::int64_t> decision_days;  ///< 立案 → 决定, net of excluded time
  std::uint32_t legal_reviews = 0, case_reviews = 0, collective_discussions = 0, hearings_requested = 0,
                hearings_held = 0, criminal_transfers = 0, reconsiderations = 0, lawsuits = 0, court_sessions = 0,
                head_appearances = 0;
  std::uint32_t findings = 0;       ///< findings recorded by the workflow
};

/// Which cases store::case_summaries() returns.
struct summary_filter {
  enum class by : std::uint8_t { all, concluded, lawsuit_filed } field = by::all;
  date from;  ///< inclusive (unused for `all`)
  date to;    ///< inclusive
};

}  // namespace penaltyflow
