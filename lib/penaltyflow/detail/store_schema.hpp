// Private: the SQL schema of the record store, by version, and the hash input (docs/store.md).
#pragma once

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace penaltyflow::detail {

/// `PRAGMA application_id` of a penaltyflow store: "PFLW".
inline constexpr std::int32_t store_application_id = 0x50464C57;

/// The page size of a new store (set before its first table; a migrated file keeps its own). 8 KiB pages
/// hold about 23 event rows, 4 KiB pages 11: less space is lost at the end of each page (docs/performance.md).
inline constexpr int store_page_size = 8192;

/// The tables of schema version 2 (versions 3 and 4 change them below). Dates are ISO text (YYYY-MM-DD), times
/// ISO local time (YYYY-MM-DDTHH:MM:SS, UTC+8), hashes 32-byte BLOBs, JSON is nlohmann's compact dump (no
/// newline).
inline constexpr std::string_view versions_table = R"sql(
CREATE TABLE versions (
  id               INTEGER PRIMARY KEY,
  calendar_version TEXT NOT NULL,
  profile_version  TEXT NOT NULL,
  UNIQUE (calendar_version, profile_version)
);
)sql";

/// The event log, created under `name`. Schemas 1–3 stored each event's previous hash a second time in
/// `prev_hash` (`stored_prev_hash`); schema 4 (current) does not: the link is still in every row, since its hash
/// input starts with the previous row's `hash` (hash_input_sql), so a row cannot be changed, removed or moved
/// without breaking the hash of the row after it. The copy cost 33 bytes per event; view `event_log` shows it.
inline std::string events_table(std::string_view name, bool stored_prev_hash) {
  return "CREATE TABLE " + std::string(name) + R"sql( (
  seq          INTEGER PRIMARY KEY,
  case_id      TEXT    NOT NULL,
  case_seq     INTEGER NOT NULL,
  type         TEXT    NOT NULL,
  occurred_at  TEXT    NOT NULL,
  recorded_at  TEXT    NOT NULL,
  actors       TEXT    NOT NULL,
  payload      TEXT    NOT NULL,
  documents    TEXT    NOT NULL,
  judged_under INTEGER NOT NULL REFERENCES versions (id),
)sql" + std::string(stored_prev_hash ? "  prev_hash    BLOB    NOT NULL,\n" : "") + R"sql(  hash         BLOB    NOT NULL,
  UNIQUE (case_id, case_seq)
);
)sql";
}

/// Schema 4's view of the log with every field of an event, the previous hash included (NULL-free: 32 zero
/// bytes before the first event).
inline constexpr std::string_view event_log_view = R"sql(
CREATE VIEW event_log AS
  SELECT e.seq, e.case_id, e.case_seq, e.type, e.occurred_at, e.recorded_at, e.actors, e.payload, e.documents,
         v.calendar_version, v.profile_version,
         coalesce((SELECT p.hash FROM events p WHERE p.seq = e.seq - 1), zeroblob(32)) AS prev_hash, e.hash
  FROM events e JOIN versions v ON v.id = e.judged_under;
)sql";

/// The registers and the projection of schema 2.
inline constexpr std::string_view registers_and_projection_v2 = R"sql(
CREATE TABLE documents (
  seq         INTEGER NOT NULL REFERENCES events (seq),
  case_id     TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  number      TEXT    NOT NULL,
  issued      TEXT    NOT NULL,
  signatories TEXT    NOT NULL
);
CREATE INDEX documents_case ON documents (case_id);
CREATE INDEX documents_number ON documents (number);
CREATE TABLE officers (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE certificates (
  officer_id  TEXT NOT NULL REFERENCES officers (id),
  number      TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  PRIMARY KEY (officer_id, number, valid_from, valid_until)
) WITHOUT ROWID;
CREATE TABLE cases (
  case_id       TEXT PRIMARY KEY,
  version       INTEGER NOT NULL,
  stage         TEXT    NOT NULL,
  remedy        TEXT    NOT NULL,
  proc          TEXT    NOT NULL,
  filed         TEXT,
  decided       TEXT,
  closed        TEXT,
  closed_year   INTEGER,
  outcome       TEXT,
  last_event_at TEXT    NOT NULL,
  findings      TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX cases_closed ON cases (closed_year, outcome) WHERE closed_year IS NOT NULL;
CREATE TABLE deadlines (
  case_id   TEXT    NOT NULL,
  period_id TEXT    NOT NULL,
  rule_id   TEXT    NOT NULL,
  subject   TEXT    NOT NULL,
  start     TEXT    NOT NULL,
  due       TEXT    NOT NULL,
  flags     INTEGER NOT NULL
);
CREATE INDEX deadlines_case ON deadlines (case_id);
CREATE INDEX deadlines_due ON deadlines (due);
)sql";

/// Schema version 2, whole (the version-1 migration builds it before moving on).
inline std::string schema_v2() {
  return std::string(versions_table) + events_table("events", true) + std::string(registers_and_projection_v2);
}

/// Schema version 3 = version 2 plus these statements: the statistics columns of the case projection, read by
/// the annual statistics (oversight.hpp; docs/oversight.md). Derived data like the rest of `cases`.
/// `concluded` is the day a case was concluded (办结): its 结案 day, or for the summary procedure the day its
/// file was handed in (程序规定 第七十条); `circumstances` the decision's benchmark circumstances, sorted, joined
/// by commas; `deadline_tally` "period:late/total" per period the case discharged, joined by semicolons.
inline constexpr std::string_view schema_v3_additions = R"sql(
ALTER TABLE cases ADD COLUMN concluded TEXT;
ALTER TABLE cases ADD COLUMN received TEXT;
ALTER TABLE cases ADD COLUMN clue_source TEXT;
ALTER TABLE cases ADD COLUMN violation_type TEXT;
ALTER TABLE cases ADD COLUMN discretion TEXT;
ALTER TABLE cases ADD COLUMN circumstances TEXT;
ALTER TABLE cases ADD COLUMN lawsuit_filed TEXT;
ALTER TABLE cases ADD COLUMN deadline_tally TEXT;
ALTER TABLE cases ADD COLUMN fine_fen INTEGER;
ALTER TABLE cases ADD COLUMN decision_days INTEGER;
ALTER TABLE cases ADD COLUMN legal_reviews INTEGER;
ALTER TABLE cases ADD COLUMN case_reviews INTEGER;
ALTER TABLE cases ADD COLUMN collective_discussions INTEGER;
ALTER TABLE cases ADD COLUMN hearings_requested INTEGER;
ALTER TABLE cases ADD COLUMN hearings_held INTEGER;
ALTER TABLE cases ADD COLUMN criminal_transfers INTEGER;
ALTER TABLE cases ADD COLUMN reconsiderations INTEGER;
ALTER TABLE cases ADD COLUMN lawsuits INTEGER;
ALTER TABLE cases ADD COLUMN court_sessions INTEGER;
ALTER TABLE cases ADD COLUMN head_appearances INTEGER;
CREATE INDEX cases_concluded ON cases (concluded) WHERE concluded IS NOT NULL;
CREATE INDEX cases_lawsuit ON cases (lawsuit_filed) WHERE lawsuit_filed IS NOT NULL;
)sql";

/// Schema version 4 (current), whole, for a new store: version 3 without the stored previous hash, and the view
/// event_log.
inline std::string schema_current() {
  return std::string(versions_table) + events_table("events", false) + std::string(registers_and_projection_v2) +
         std::string(schema_v3_additions) + std::string(event_log_view);
}

/// The text and integer statistics columns of schema_v3_additions, in table order (text first).
inline constexpr std::size_t stats_text_count = 8;
inline constexpr std::size_t stats_int_count = 12;
inline constexpr std::array<std::string_view, stats_text_count + stats_int_count> stats_columns = {
    "concluded",      "received",      "clue_source",            "violation_type",     "discretion",
    "circumstances",  "lawsuit_filed",
    "deadline_tally", "fine_fen",      "decision_days",          "legal_reviews",      "case_reviews",
    "collective_discussions",          "hearings_requested",     "hearings_held",      "criminal_transfers",
    "reconsiderations",                "lawsuits",               "court_sessions",     "head_appearances"};

/// The append-only guards (created by every schema version; dropped and re-created around a migration).
inline constexpr std::string_view append_only_triggers = R"sql(
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'penaltyflow: the event log is append-only (UPDATE refused)'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'penaltyflow: the event log is append-only (DELETE refused)'); END;
CREATE TRIGGER versions_append_only_update BEFORE UPDATE ON versions
  BEGIN SELECT RAISE(ABORT, 'penaltyflow: the version table is append-only (UPDATE refused)'); END;
CREATE TRIGGER versions_append_only_delete BEFORE DELETE ON versions
  BEGIN SELECT RAISE(ABORT, 'penaltyflow: the version table is append-only (DELETE refused)'); END;
CREATE TRIGGER documents_append_only_update BEFORE UPDATE ON documents
  BEGIN SELECT RAISE(ABORT, 'penaltyflow: the document register is append-only (UPDATE refused)'); END;
CREATE TRIGGER documents_append_only_delete BEFORE DELETE ON documents
  BEGIN SELECT RAISE(ABORT, 'penaltyflow: the document register is append-only (DELETE refused)'); END;
)sql";

// Schema version 1 (penaltyflow's first development builds) had the calendar and profile versions inline in
// every event row and no version, document, officer or certificate tables and no cases.closed_year; its DDL
// is in tests/data/make-store-v1.sh, which writes the checked-in version-1 file. store.cpp migrates it.

/// The columns of an event that the hash covers, in order, as an SQL expression over view `event_log e`
/// (schema 4; in schemas 1–3 the same over the `events` table, whose rows stored `prev_hash`). The byte
/// string is, each field followed by one newline (0x0A):
///   the previous event's hash as 64 lowercase hex digits (64 zeros for event 1), seq, case_id, case_seq,
///   type, occurred_at, recorded_at, actors, payload, documents, calendar_version, profile_version
/// Integers in decimal; no field may contain a newline (JSON is compact; case ids are checked).
inline constexpr std::string_view hash_input_sql =
    "lower(hex(e.prev_hash)) || char(10) || e.seq || char(10) || e.case_id || char(10) || e.case_seq || char(10) "
    "|| e.type || char(10) || e.occurred_at || char(10) || e.recorded_at || char(10) || e.actors || char(10) "
    "|| e.payload || char(10) || e.documents || char(10) || e.calendar_version || char(10) || e.profile_version "
    "|| char(10)";

/// Fields of one event row as the hash sees them.
struct hash_fields {
  std::string_view prev_hex;
  std::uint64_t seq = 0;
  std::string_view case_id;
  std::uint64_t case_seq = 0;
  std::string_view type;
  std::string_view occurred_at;
  std::string_view recorded_at;
  std::string_view actors;
  std::string_view payload;
  std::string_view documents;
  std::string_view calendar_version;
  std::string_view profile_version;
};

/// The decimal digits of `v`, written into `buf`.
inline std::string_view decimal(std::array<char, 20>& buf, std::uint64_t v) {
  const char* end = std::to_chars(buf.data(), buf.data() + buf.size(), v).ptr;
  return {buf.data(), static_cast<std::size_t>(end - buf.data())};
}

/// Writes the hash input of `f` into `out` (cleared first), exactly the byte string of hash_input_sql. Sized
/// once, then copied field by field: verify builds one per event (`out` keeps its capacity between calls).
inline void build_hash_input(std::string& out, const hash_fields& f) {
  std::array<char, 20> seq{}, case_seq{};
  const std::string_view fields[] = {f.prev_hex,    decimal(seq, f.seq),   f.case_id,          decimal(case_seq, f.case_seq),
                                     f.type,        f.occurred_at,         f.recorded_at,      f.actors,
                                     f.payload,     f.documents,           f.calendar_version, f.profile_version};
  std::size_t size = 0;
  for (const auto s : fields) size += s.size() + 1;
  out.resize(size);
  char* p = out.data();
  for (const auto s : fields) {
    p = std::copy(s.begin(), s.end(), p);
    *p++ = '\n';
  }
}

}  // namespace penaltyflow::detail
