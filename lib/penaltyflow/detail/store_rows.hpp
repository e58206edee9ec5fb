// Private: what the record store keeps, whatever holds it — the projection row of a case, as the replay computes it
// and as a backend stores it (columns as text, so that a stored row and a replay compare exactly), the event row of
// the log as read back, the documents and findings as their JSON columns, and the officer and certificate registers
// as the log defines them. Shared by every backend; names no database.
#pragma once

#include <penaltyflow/case.hpp>
#include <penaltyflow/document.hpp>
#include <penaltyflow/store.hpp>
#include <penaltyflow/workflow.hpp>

#include "penaltyflow/detail/case_fold.hpp"
#include "penaltyflow/detail/store_schema.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow::detail {

inline constexpr std::size_t hash_size = 32;
/// The previous hash of the first event, and the head of an empty log, as hex.
extern const std::string zero_hex;

/// The hex of a stored hash into `out` (its buffer reused); '?'s for a blob of the wrong size.
void hex_into(std::string& out, const void* data, std::size_t n);
std::string hex_of(const void* data, std::size_t n);

std::string opt_date(const std::optional<date>& d);

/// The findings column (findings_text) read back.
std::vector<finding> findings_from(std::string_view text);
/// The documents column: "[]", or the compact JSON array of the documents.
std::string documents_json(const std::vector<document>& docs);
/// documents_json's text read back into `out`: the canonical form straight, false on anything else.
bool documents_fast(std::string_view text, std::vector<document>& out);
/// documents_json's text read back; throws file_format_error(history_format) naming `where` and the field.
std::vector<document> documents_from(std::string_view text, const std::string& where);
/// The signatories column of the document register (a JSON array of names).
std::string signatories_json(const std::vector<std::string>& signatories);
std::vector<std::string> signatories_from(std::string_view text);

/// One stored deadline row (the `overdue` flag depends on the day asked and is never stored).
struct deadline_row {
  std::string period_id;
  std::string rule_id;
  std::string subject;
  std::string start;
  std::string due;
  int flags = 0;  // 1 provisional, 2 obligation
  bool operator==(const deadline_row& o) const {
    return period_id == o.period_id && rule_id == o.rule_id && subject == o.subject && start == o.start &&
           due == o.due && flags == o.flags;
  }
};

/// A stored deadline row as the public type, with the period's titles and citation from `periods`.
open_deadline to_open_deadline(const deadline_row& r, const period_catalogue& periods);

/// The projection columns of a case, as strings, so that a stored row and a replay compare exactly.
struct projection_row {
  std::uint64_t version = 0;
  std::string stage, remedy, proc, filed, decided, closed, outcome, last_event_at, findings;
  std::int64_t closed_year = 0;  // 0: not closed
  std::vector<deadline_row> deadlines;
  // The statistics columns (detail::stats_columns): text (empty = NULL), then integers (nullopt = NULL).
  std::array<std::string, stats_text_count> stats_text;
  std::array<std::optional<std::int64_t>, stats_int_count> stats_int;
  bool operator==(const projection_row& o) const {
    return version == o.version && stage == o.stage && remedy == o.remedy && proc == o.proc && filed == o.filed &&
           decided == o.decided && closed == o.closed && outcome == o.outcome &&
           last_event_at == o.last_event_at && findings == o.findings && closed_year == o.closed_year &&
           deadlines == o.deadlines && stats_text == o.stats_text && stats_int == o.stats_int;
  }
  /// The first column that differs, for verify's message.
  std::string difference(const projection_row& o) const;
};

/// The projection of a case as a replay defines it: what verify() compares the stored row with.
projection_row project(const workflow& wf, const case_record& rec);

/// What an append changed in a case's projection row besides `version` and `last_event_at`, which change
/// with every event.
enum projection_change : unsigned {
  changed_case_columns = 1U,  ///< some other column of the `cases` row
  changed_deadlines = 2U,     ///< the open deadlines (their rows are rewritten)
};

/// Keeps one case's projection row up to date event by event, recomputing only what an event can have
/// changed: a due date only when its inputs changed (detail::due_memo), the findings and the deadline tally
/// only when the fold added to them (both lists only grow), the circumstances only when the decision set
/// them. The row it keeps equals project()'s, which stays the definition that verify() replays; tests check
/// the two with verify() after every kind of case.
struct projection_tracker {
  due_memo memo;
  std::vector<deadline_due> dues;  // scratch
  std::vector<deadline_row> rows;  // scratch, swapped with the row's when the deadlines changed
  std::size_t findings_seen = std::numeric_limits<std::size_t>::max();  // f.findings.size() folded in
  std::size_t tallied = std::numeric_limits<std::size_t>::max();        // tally.deadlines_closed.size()
  std::optional<std::vector<std::string>> circumstances;                // the circumstances folded in

  /// Updates `p` (the row of `rec` before its last event) to `rec`, whose last event's time is `last_iso`
  /// (to_iso of it, as the event's column has it); returns the projection_change bits.
  unsigned update(projection_row& p, const fold_context& ctx, const case_record& rec, std::string_view last_iso);
};

/// One row of the event log as a backend reads it: the columns as text (the hashes as their bytes), valid until
/// the backend's next row.
struct event_row {
  std::uint64_t seq = 0;
  std::string_view case_id;
  std::uint64_t case_seq = 0;
  std::string_view type, occurred_at, recorded_at, actors, payload, documents;
  std::string_view calendar_version, profile_version;
  std::string_view prev_hash, hash;  ///< 32 bytes each (prev_hash all zero for the first event)
};

/// The public stored_event of a row; errors name the row as "<path>: case \"C\" event N".
stored_event to_stored_event(const event_row& row, const std::string& path);

/// The officer and certificate registers as the log defines them, built event by event (in any order) and
/// compared with the tables. An officer's row holds the last non-empty name the log gives the officer (in log
/// order; empty if never named); a certificate's row is the (officer, number, valid from, valid until) an
/// event shows. Each is located at the event that defines it: the officer's last naming (or first appearance),
/// the certificate's first showing.
struct expected_registers {
  struct shown_certificate {
    certificate cert;
    verify_problem first_at;
  };
  struct officer {
    std::string name;
    verify_problem named_at;  ///< the event of `name` (its `what` unused)
    verify_problem first_at;  ///< the officer's first event
    std::vector<shown_certificate> certificates;
  };
  std::map<std::string, officer, std::less<>> officers;

  void add(const event& ev, const verify_problem& at);

  /// The registers' rows as stored: officers (id, name) and certificates (officer, number, from, until).
  using certificate_key = std::array<std::string, 4>;
  /// The difference between the stored rows and the log at the earliest event, else a row no event defines, or
  /// nullopt.
  std::optional<verify_problem> compare(std::map<std::string, std::string> stored_officers,
                                        std::set<certificate_key> stored_certificates) const;
};

}  // namespace penaltyflow::detail
