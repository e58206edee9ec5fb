// The record store's SQLite backend, at work: transactions (BEGIN IMMEDIATE, COMMIT; PRAGMA data_version), the
// prepared statements that write an event, its documents, officers and the case's projection, the queries of the
// store's readers, and the log as verify's chain walk reads it (on SQLite's C API: no allocation per column).
#include "penaltyflow/detail/sqlite_backend.hpp"

#include "penaltyflow/detail/store_connection.hpp"
#include "penaltyflow/detail/store_schema.hpp"

#include <sqlite3.h>

namespace penaltyflow::detail {

namespace {

/// Resets a cached statement when the scope ends (also by an exception: reset() would throw the failed step's
/// error again, from a destructor).
struct resetter {
  SQLite::Statement& s;
  ~resetter() { s.tryReset(); }
};

std::string_view text_of(const SQLite::Column& c) {
  return {c.getText(), static_cast<std::size_t>(c.getBytes())};
}

std::string_view blob_of(const SQLite::Column& c) {
  return {static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes())};
}

/// A statement on SQLite's C API, for the scans that read millions of rows (no allocation per column).
class raw_query {
 public:
  raw_query(sqlite3* db, const char* sql, const std::string& where) : db_(db) {
    if (const int rc = sqlite3_prepare_v2(db_, sql, -1, &q_, nullptr); rc != SQLITE_OK)
      throw store_error(where + ": SQLite error " + std::to_string(rc) + " (" + sqlite3_errmsg(db_) + ")",
                        sqlite3_extended_errcode(db_));
  }
  ~raw_query() { sqlite3_finalize(q_); }
  raw_query(const raw_query&) = delete;
  raw_query& operator=(const raw_query&) = delete;

  void bind(int i, const std::string& v) { sqlite3_bind_text(q_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(q_, i, v); }
  /// The next row; false at the end. Throws store_error naming `where` on an error.
  bool step(const std::string& where) {
    const int rc = sqlite3_step(q_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw store_error(where + ": SQLite error " + std::to_string(rc) + " (" + sqlite3_errmsg(db_) + ")",
                      sqlite3_extended_errcode(db_));
  }
  std::string_view text(int i) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(q_, i));
    return std::string_view(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(q_, i)));
  }
  std::string_view blob(int i) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(q_, i));
    return std::string_view(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(q_, i)));
  }
  std::int64_t integer(int i) const { return sqlite3_column_int64(q_, i); }
  bool null(int i) const { return sqlite3_column_type(q_, i) == SQLITE_NULL; }
  sqlite3_stmt* handle() const { return q_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* q_ = nullptr;
};

/// The log from one position on, in seq order.
class sqlite_chain_cursor final : public chain_cursor {
 public:
  sqlite_chain_cursor(sqlite3* db, std::uint64_t first, std::string where)
      : db_(db),
        where_(std::move(where)),
        q_(db, "SELECT seq, case_id, case_seq, type, occurred_at, recorded_at, actors, payload, documents, "
               "judged_under, hash FROM events WHERE seq >= ? ORDER BY seq", where_) {
    q_.bind(1, static_cast<std::int64_t>(first));
  }

  bool next(chain_row& r) override {
    const int rc = sqlite3_step(q_.handle());
    if (rc == SQLITE_DONE) return false;
    if (rc != SQLITE_ROW) {
      const int ext = sqlite3_extended_errcode(db_);
      throw store_error(where_ + ": SQLite error " + std::to_string(ext) + " (" + sqlite3_errstr(ext) +
                            "): " + sqlite3_errmsg(db_),
                        ext);
    }
    r.seq = static_cast<std::uint64_t>(q_.integer(0));
    r.case_id = q_.text(1);
    r.case_seq = static_cast<std::uint64_t>(q_.integer(2));
    r.type = q_.text(3);
    r.occurred_at = q_.text(4);
    r.recorded_at = q_.text(5);
    r.actors = q_.text(6);
    r.payload = q_.text(7);
    r.documents = q_.text(8);
    r.judged_under = q_.integer(9);
    r.hash = q_.blob(10);
    return true;
  }

 private:
  sqlite3* db_;
  std::string where_;
  raw_query q_;
};

/// A connection's view of the log for the chain walk; owns the connection when it opened one.
class sqlite_chain_source final : public chain_source {
 public:
  sqlite_chain_source(SQLite::Database& db, std::unique_ptr<SQLite::Database> own = nullptr)
      : own_(std::move(own)), db_(db) {}

  std::string stored_hash(std::uint64_t seq, const std::string& where) override {
    raw_query q(db_.getHandle(), "SELECT hash FROM events WHERE seq = ?", where);
    q.bind(1, static_cast<std::int64_t>(seq));
    return q.step(where) ? std::string(q.blob(0)) : std::string();
  }

  std::unique_ptr<chain_cursor> events_from(std::uint64_t first, const std::string& where) override {
    return std::make_unique<sqlite_chain_cursor>(db_.getHandle(), first, where);
  }

 private:
  std::unique_ptr<SQLite::Database> own_;
  SQLite::Database& db_;
};

/// Resets a statement whose failure is being reported (reset() would throw its error again).
using quiet_resetter = resetter;

}  // namespace

// ---- transactions --------------------------------------------------------------------------------------------

// BEGIN and COMMIT are prepared once: compiling them on every transaction (sqlite3_exec) cost about as much
// as all of an append's own work besides SQLite's.
void sqlite_backend::begin() {
  if (options_.mode == open_mode::read_only) throw store_error(path_ + ": the store is open read-only", SQLITE_READONLY);
  try {
    auto& b = stmt(st_begin, "BEGIN IMMEDIATE");
    const quiet_resetter r{b};
    b.exec();
  } catch (const SQLite::Exception& e) {
    rethrow_sqlite(e, path_ + ": cannot start a write transaction");
  }
}

void sqlite_backend::commit() {
  try {
    auto& c = stmt(st_commit, "COMMIT");
    const quiet_resetter r{c};
    c.exec();
  } catch (const SQLite::Exception& e) {
    rollback();
    rethrow_sqlite(e, path_ + ": commit failed, nothing was written");
  }
}

std::int64_t sqlite_backend::data_version() {
  auto& dv = stmt(st_data_version, "PRAGMA data_version");
  dv.executeStep();
  const std::int64_t v = dv.getColumn(0).getInt64();
  dv.reset();
  return v;
}

// ---- the log -------------------------------------------------------------------------------------------------

std::optional<std::pair<std::uint64_t, std::string>> sqlite_backend::head() {
  auto& h = stmt(st_head, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1");
  const resetter r{h};
  if (!h.executeStep()) return std::nullopt;
  return std::make_pair(static_cast<std::uint64_t>(h.getColumn(0).getInt64()), std::string(blob_of(h.getColumn(1))));
}

std::int64_t sqlite_backend::versions_id(const std::string& calendar_version, const std::string& profile_version) {
  std::int64_t id = 0;
  auto& f = stmt(st_find_versions, "SELECT id FROM versions WHERE calendar_version = ? AND profile_version = ?");
  f.bind(1, calendar_version);
  f.bind(2, profile_version);
  if (f.executeStep()) id = f.getColumn(0).getInt64();
  f.reset();
  if (!id) {
    auto& ins = stmt(st_insert_versions, "INSERT INTO versions (calendar_version, profile_version) VALUES (?, ?)");
    ins.bind(1, calendar_version);
    ins.bind(2, profile_version);
    ins.exec();
    ins.reset();
    id = db_->getLastInsertRowid();
  }
  return id;
}

void sqlite_backend::case_events(const std::string& case_id,
                                 const std::function<void(std::uint64_t, std::string_view, std::string_view,
                                                          std::string_view, std::string_view)>& fn) {
  auto& q = stmt(st_case_events, "SELECT case_seq, type, occurred_at, actors, payload FROM events "
                                 "WHERE case_id = ? ORDER BY case_seq");
  q.bind(1, case_id);
  try {
    while (q.executeStep())
      fn(static_cast<std::uint64_t>(q.getColumn(0).getInt64()), text_of(q.getColumn(1)), text_of(q.getColumn(2)),
         text_of(q.getColumn(3)), text_of(q.getColumn(4)));
  } catch (...) {
    q.tryReset();  // reset() would throw the failed step's error again, over this one
    throw;
  }
  q.reset();
}

void sqlite_backend::insert_event(const event_insert& e) {
  auto& s = stmt(st_insert_event, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, static_cast<std::int64_t>(e.seq));
  s.bindNoCopy(2, *e.case_id);
  s.bind(3, static_cast<std::int64_t>(e.case_seq));
  s.bindNoCopy(4, *e.type);
  s.bindNoCopy(5, *e.occurred_at);
  s.bindNoCopy(6, *e.recorded_at);
  s.bindNoCopy(7, *e.actors);
  s.bindNoCopy(8, *e.payload);
  s.bindNoCopy(9, *e.documents);
  s.bind(10, e.judged_under);
  s.bindNoCopy(11, e.hash->data(), static_cast<int>(hash_size));
  s.exec();
  s.reset();
}

void sqlite_backend::insert_document(std::uint64_t seq, const std::string& case_id, const document& d) {
  auto& s = stmt(st_insert_doc, "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)");
  s.bind(1, static_cast<std::int64_t>(seq));
  s.bind(2, case_id);
  s.bind(3, d.kind);
  s.bind(4, d.number);
  s.bind(5, to_iso(d.issued));
  s.bind(6, signatories_json(d.signatories));
  s.exec();
  s.reset();
}

void sqlite_backend::upsert_officer(const std::string& id, const std::string& name) {
  auto& o = stmt(st_insert_officer, "INSERT INTO officers (id, name) VALUES (?, ?) "
                                    "ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE excluded.name <> ''");
  o.bind(1, id);
  o.bind(2, name);
  o.exec();
  o.reset();
}

void sqlite_backend::insert_certificate(const std::string& officer_id, const certificate& cert) {
  auto& c = stmt(st_insert_certificate, "INSERT OR IGNORE INTO certificates VALUES (?, ?, ?, ?)");
  c.bind(1, officer_id);
  c.bind(2, cert.number);
  c.bind(3, to_iso(cert.valid_from));
  c.bind(4, to_iso(cert.valid_until));
  c.exec();
  c.reset();
}

void sqlite_backend::clear_registers() { db_->exec("DELETE FROM certificates; DELETE FROM officers;"); }

// ---- the projection ------------------------------------------------------------------------------------------

int sqlite_backend::update_case_version(const std::string& case_id, std::uint64_t version,
                                        const std::string& last_event_at, std::uint64_t stored_version) {
  auto& u = stmt(st_update_case_version,
                 "UPDATE cases SET version = ?2, last_event_at = ?3 WHERE case_id = ?1 AND version = ?4");
  u.bindNoCopy(1, case_id);
  u.bind(2, static_cast<std::int64_t>(version));
  u.bindNoCopy(3, last_event_at);
  u.bind(4, static_cast<std::int64_t>(stored_version));
  const int n = u.exec();
  u.reset();
  return n;
}

int sqlite_backend::write_case_row(const std::string& case_id, const projection_row& p, std::uint64_t stored_version) {
  static const std::string upsert_sql = [] {
    std::string values, sets;
    for (std::size_t i = 0; i < stats_columns.size(); ++i) {
      const std::string n = std::to_string(13 + i);
      values += ", ?" + n;
      sets += ", " + std::string(stats_columns[i]) + " = ?" + n;
    }
    return "INSERT INTO cases VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12" + values +
           ") ON CONFLICT (case_id) DO UPDATE SET version = ?2, stage = ?3, remedy = ?4, proc = ?5, filed = ?6, "
           "decided = ?7, closed = ?8, closed_year = ?9, outcome = ?10, last_event_at = ?11, findings = ?12" +
           sets + " WHERE cases.version = ?" + std::to_string(13 + stats_columns.size());
  }();
  auto& u = stmt(st_upsert_case, upsert_sql.c_str());
  auto text_or_null = [&u](int i, const std::string& s) {
    if (s.empty()) u.bind(i);
    else u.bindNoCopy(i, s);
  };
  u.bindNoCopy(1, case_id);
  u.bind(2, static_cast<std::int64_t>(p.version));
  u.bindNoCopy(3, p.stage);
  u.bindNoCopy(4, p.remedy);
  u.bindNoCopy(5, p.proc);
  text_or_null(6, p.filed);
  text_or_null(7, p.decided);
  text_or_null(8, p.closed);
  if (p.closed_year) u.bind(9, p.closed_year);
  else u.bind(9);
  text_or_null(10, p.outcome);
  u.bindNoCopy(11, p.last_event_at);
  u.bindNoCopy(12, p.findings);
  int col = 13;
  for (const auto& t : p.stats_text) text_or_null(col++, t);
  for (const auto& v : p.stats_int) {
    if (v) u.bind(col++, *v);
    else u.bind(col++);
  }
  u.bind(col, static_cast<std::int64_t>(stored_version));
  const int changed = u.exec();
  u.reset();
  return changed;
}

void sqlite_backend::delete_deadlines(const std::string& case_id) {
  auto& d = stmt(st_delete_deadlines, "DELETE FROM deadlines WHERE case_id = ?");
  d.bindNoCopy(1, case_id);
  d.exec();
  d.reset();
}

void sqlite_backend::insert_deadline(const std::string& case_id, const deadline_row& r) {
  auto& s = stmt(st_insert_deadline, "INSERT INTO deadlines VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.bindNoCopy(1, case_id);
  s.bindNoCopy(2, r.period_id);
  s.bindNoCopy(3, r.rule_id);
  s.bindNoCopy(4, r.subject);
  s.bindNoCopy(5, r.start);
  s.bindNoCopy(6, r.due);
  s.bind(7, r.flags);
  s.exec();
  s.reset();
}

void sqlite_backend::clear_projections() { db_->exec("DELETE FROM deadlines; DELETE FROM cases;"); }

// ---- reading -------------------------------------------------------------------------------------------------

void sqlite_backend::events_by_case(bool with_versions, const std::function<bool(const replay_row&)>& fn) const {
  SQLite::Statement q(*db_, with_versions
                                ? "SELECT e.seq, e.case_id, e.case_seq, e.type, e.occurred_at, e.actors, e.payload, "
                                  "e.documents, v.calendar_version, v.profile_version FROM events e JOIN versions v "
                                  "ON v.id = e.judged_under ORDER BY e.case_id, e.case_seq"
                                : "SELECT seq, case_id, case_seq, type, occurred_at, actors, payload, documents "
                                  "FROM events ORDER BY case_id, case_seq");
  replay_row r;
  while (q.executeStep()) {
    r.seq = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
    r.case_id = text_of(q.getColumn(1));
    r.case_seq = static_cast<std::uint64_t>(q.getColumn(2).getInt64());
    r.type = text_of(q.getColumn(3));
    r.occurred_at = text_of(q.getColumn(4));
    r.actors = text_of(q.getColumn(5));
    r.payload = text_of(q.getColumn(6));
    r.documents = text_of(q.getColumn(7));
    if (with_versions) {
      r.calendar_version = text_of(q.getColumn(8));
      r.profile_version = text_of(q.getColumn(9));
    }
    if (!fn(r)) return;
  }
}

void sqlite_backend::event_rows(const std::string* case_id, const std::function<void(const event_row&)>& fn) const {
  static constexpr const char* event_columns =
      "SELECT e.seq, e.case_id, e.case_seq, e.type, e.occurred_at, e.recorded_at, e.actors, e.payload, e.documents, "
      "v.calendar_version, v.profile_version, coalesce((SELECT p.hash FROM events p WHERE p.seq = e.seq - 1), "
      "zeroblob(32)), e.hash FROM events e JOIN versions v ON v.id = e.judged_under ";
  std::unique_ptr<SQLite::Statement> all;
  SQLite::Statement* q = nullptr;
  if (case_id) {
    // Prepared once: preparing was a fifth of reading a 10-event history.
    static const std::string by_case = std::string(event_columns) + "WHERE e.case_id = ? ORDER BY e.case_seq";
    q = &stmt(st_history, by_case.c_str());
    q->bind(1, *case_id);
  } else {
    all = std::make_unique<SQLite::Statement>(*db_, std::string(event_columns) + "ORDER BY e.case_id, e.case_seq");
    q = all.get();
  }
  const resetter reset{*q};
  event_row r;
  while (q->executeStep()) {
    r.seq = static_cast<std::uint64_t>(q->getColumn(0).getInt64());
    r.case_id = text_of(q->getColumn(1));
    r.case_seq = static_cast<std::uint64_t>(q->getColumn(2).getInt64());
    r.type = text_of(q->getColumn(3));
    r.occurred_at = text_of(q->getColumn(4));
    r.recorded_at = text_of(q->getColumn(5));
    r.actors = text_of(q->getColumn(6));
    r.payload = text_of(q->getColumn(7));
    r.documents = text_of(q->getColumn(8));
    r.calendar_version = text_of(q->getColumn(9));
    r.profile_version = text_of(q->getColumn(10));
    r.prev_hash = blob_of(q->getColumn(11));
    r.hash = blob_of(q->getColumn(12));
    fn(r);
  }
}

std::optional<projection_row> sqlite_backend::stored_projection(const std::string& case_id) const {
  if (!st_proj)
    st_proj = std::make_unique<SQLite::Statement>(*db_, [] {
      std::string sql = "SELECT version, stage, remedy, proc, filed, decided, closed, closed_year, outcome, "
                        "last_event_at, findings";
      for (auto c : stats_columns) sql.append(", ").append(c);
      return sql + " FROM cases WHERE case_id = ?";
    }());
  if (!st_proj_deadlines)
    st_proj_deadlines = std::make_unique<SQLite::Statement>(
        *db_, "SELECT period_id, rule_id, subject, start, due, flags FROM deadlines WHERE case_id = ? ORDER BY rowid");
  auto& q = *st_proj;
  const resetter r1{q}, r2{*st_proj_deadlines};
  q.bind(1, case_id);
  if (!q.executeStep()) return std::nullopt;
  projection_row p;
  p.version = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
  p.stage = q.getColumn(1).getString();
  p.remedy = q.getColumn(2).getString();
  p.proc = q.getColumn(3).getString();
  p.filed = q.getColumn(4).getString();
  p.decided = q.getColumn(5).getString();
  p.closed = q.getColumn(6).getString();
  p.closed_year = q.getColumn(7).getInt64();
  p.outcome = q.getColumn(8).getString();
  p.last_event_at = q.getColumn(9).getString();
  p.findings = q.getColumn(10).getString();
  int col = 11;
  for (auto& t : p.stats_text) t = q.getColumn(col++).getString();
  for (auto& v : p.stats_int) {
    const auto c = q.getColumn(col++);
    v = c.isNull() ? std::nullopt : std::optional<std::int64_t>(c.getInt64());
  }
  auto& d = *st_proj_deadlines;
  d.bind(1, case_id);
  while (d.executeStep())
    p.deadlines.push_back({d.getColumn(0).getString(), d.getColumn(1).getString(), d.getColumn(2).getString(),
                           d.getColumn(3).getString(), d.getColumn(4).getString(), d.getColumn(5).getInt()});
  return p;
}

std::uint64_t sqlite_backend::case_version(const std::string& case_id) const {
  SQLite::Statement q(*db_, "SELECT version FROM cases WHERE case_id = ?");
  q.bind(1, case_id);
  return q.executeStep() ? static_cast<std::uint64_t>(q.getColumn(0).getInt64()) : std::uint64_t{0};
}

std::vector<std::string> sqlite_backend::case_ids() const {
  SQLite::Statement q(*db_, "SELECT case_id FROM cases ORDER BY case_id");
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

void sqlite_backend::due_rows(const std::string& from, const std::string& to,
                              const std::function<void(std::string, std::string, deadline_row)>& fn) const {
  SQLite::Statement q(*db_, "SELECT d.case_id, c.stage, d.period_id, d.rule_id, d.subject, d.start, d.due, "
                            "d.flags FROM deadlines d JOIN cases c ON c.case_id = d.case_id "
                            "WHERE d.due BETWEEN ? AND ? ORDER BY d.due, d.case_id, d.period_id");
  q.bind(1, from);
  q.bind(2, to);
  while (q.executeStep())
    fn(q.getColumn(0).getString(), q.getColumn(1).getString(),
       {q.getColumn(2).getString(), q.getColumn(3).getString(), q.getColumn(4).getString(),
        q.getColumn(5).getString(), q.getColumn(6).getString(), q.getColumn(7).getInt()});
}

std::vector<std::pair<std::string, std::uint64_t>> sqlite_backend::closed_by_outcome(int year) const {
  // As the annual statistics count (compute_statistics): a case closed after a transfer to public security
  // without a decision under transfer_judicial, 程序规定 第六十条第一款第五项.
  SQLite::Statement q(*db_, "SELECT coalesce(outcome, CASE WHEN criminal_transfers > 0 THEN "
                            "'transfer_judicial' ELSE 'none' END) AS o, count(*) FROM cases "
                            "WHERE closed_year = ? GROUP BY o ORDER BY o");
  q.bind(1, year);
  std::vector<std::pair<std::string, std::uint64_t>> out;
  while (q.executeStep())
    out.emplace_back(q.getColumn(0).getString(), static_cast<std::uint64_t>(q.getColumn(1).getInt64()));
  return out;
}

void sqlite_backend::summaries(const summary_filter& filter, const std::function<void(case_summary&)>& fn) const {
  // The statistics columns start at 10, in stats_columns order; concluded is the first of them.
  std::string sql = "SELECT case_id, version, stage, remedy, proc, outcome, filed, decided, closed, "
                    "CASE WHEN findings = '[]' THEN 0 ELSE json_array_length(findings) END";
  for (auto c : stats_columns) sql.append(", ").append(c);
  sql += " FROM cases";
  // A period of concluded cases is read by scanning the table in key order (coalesce() keeps the planner off
  // the index): measured on a million cases, a scan is several times faster than following the concluded
  // index into the table, whose rows are ordered by case id, unless the period holds very few cases.
  if (filter.field == summary_filter::by::concluded) sql += " WHERE coalesce(concluded, '') BETWEEN ?1 AND ?2";
  if (filter.field == summary_filter::by::lawsuit_filed) sql += " WHERE lawsuit_filed BETWEEN ?1 AND ?2";
  sql += " ORDER BY case_id";
  const std::string where = path_ + ": reading case summaries";
  raw_query q(db_->getHandle(), sql.c_str(), where);
  const std::string from = filter.field == summary_filter::by::all ? std::string() : to_iso(filter.from);
  const std::string to = filter.field == summary_filter::by::all ? std::string() : to_iso(filter.to);
  if (filter.field != summary_filter::by::all) {
    q.bind(1, from);
    q.bind(2, to);
  }
  auto text = [&q](int i) { return q.text(i); };
  auto day = [&](int i) -> std::optional<date> {
    const auto t = text(i);
    return t.empty() ? std::nullopt : std::optional<date>(parse_date(t, "case summary"));
  };
  auto count = [&q](int i) { return static_cast<std::uint32_t>(q.integer(i)); };
  auto number = [&q](int i) -> std::optional<std::int64_t> {
    return q.null(i) ? std::nullopt : std::optional<std::int64_t>(q.integer(i));
  };
  case_summary c;
  while (q.step(where)) {
    c.case_id.assign(text(0));
    c.version = static_cast<std::uint64_t>(q.integer(1));
    c.stage.assign(text(2));
    c.remedy.assign(text(3));
    c.proc.assign(text(4));
    c.outcome.assign(text(5));
    c.filed = day(6);
    c.decided = day(7);
    c.closed = day(8);
    c.findings = count(9);
    c.concluded = day(10);
    c.received = day(11);
    c.clue_source.assign(text(12));
    c.violation_type.assign(text(13));
    c.discretion.assign(text(14));
    c.circumstances.assign(text(15));
    c.lawsuit_filed = day(16);
    c.deadline_tally.assign(text(17));
    c.fine_fen = number(18);
    c.decision_days = number(19);
    std::uint32_t* counts[] = {&c.legal_reviews,      &c.case_reviews,  &c.collective_discussions,
                               &c.hearings_requested, &c.hearings_held, &c.criminal_transfers,
                               &c.reconsiderations,   &c.lawsuits,      &c.court_sessions,
                               &c.head_appearances};
    for (int i = 0; i < 10; ++i) *counts[i] = count(20 + i);
    fn(c);
  }
}

std::vector<store::officer_record> sqlite_backend::officers() const {
  SQLite::Statement q(*db_, "SELECT o.id, o.name, c.number, c.valid_from, c.valid_until FROM officers o "
                            "LEFT JOIN certificates c ON c.officer_id = o.id ORDER BY o.id, c.valid_from");
  std::vector<store::officer_record> out;
  while (q.executeStep()) {
    const std::string id = q.getColumn(0).getString();
    if (out.empty() || out.back().id != id) out.push_back({id, q.getColumn(1).getString(), {}});
    if (!q.getColumn(2).isNull())
      out.back().certificates.push_back({q.getColumn(2).getString(), parse_date(q.getColumn(3).getString()),
                                         parse_date(q.getColumn(4).getString())});
  }
  return out;
}

std::vector<registered_document> sqlite_backend::documents_of(const std::string& case_id, std::uint64_t seq) const {
  auto& docs = stmt(st_documents_of, "SELECT kind, number, issued, signatories FROM documents WHERE case_id = ? AND seq = ? "
                                     "ORDER BY rowid");  // by case_id: the indexed column (documents_case)
  const resetter r{docs};
  docs.bind(1, case_id);
  docs.bind(2, static_cast<std::int64_t>(seq));
  std::vector<registered_document> out;
  while (docs.executeStep())
    out.push_back({docs.getColumn(0).getString(), docs.getColumn(1).getString(), docs.getColumn(2).getString(),
                   docs.getColumn(3).getString()});
  return out;
}

std::map<std::string, std::string> sqlite_backend::stored_officers() const {
  std::map<std::string, std::string> out;
  SQLite::Statement o(*db_, "SELECT id, name FROM officers");
  while (o.executeStep()) out.emplace(o.getColumn(0).getString(), o.getColumn(1).getString());
  return out;
}

std::set<expected_registers::certificate_key> sqlite_backend::stored_certificates() const {
  std::set<expected_registers::certificate_key> out;
  SQLite::Statement c(*db_, "SELECT officer_id, number, valid_from, valid_until FROM certificates");
  while (c.executeStep())
    out.insert({c.getColumn(0).getString(), c.getColumn(1).getString(), c.getColumn(2).getString(),
                c.getColumn(3).getString()});
  return out;
}

std::optional<std::string> sqlite_backend::orphan_projection() const {
  SQLite::Statement orphans(*db_, "SELECT case_id FROM cases WHERE case_id NOT IN (SELECT case_id FROM events) "
                                  "UNION SELECT case_id FROM deadlines WHERE case_id NOT IN (SELECT case_id FROM events) "
                                  "LIMIT 1");
  if (orphans.executeStep()) return orphans.getColumn(0).getString();
  return std::nullopt;
}

// ---- verifying -----------------------------------------------------------------------------------------------

std::uint64_t sqlite_backend::last_seq() const {
  return static_cast<std::uint64_t>(db_->execAndGet("SELECT ifnull(max(seq), 0) FROM events").getInt64());
}

version_table sqlite_backend::versions() const {
  version_table out;
  SQLite::Statement v(*db_, "SELECT id, calendar_version, profile_version FROM versions");
  while (v.executeStep()) out[v.getColumn(0).getInt64()] = {v.getColumn(1).getString(), v.getColumn(2).getString()};
  return out;
}

std::pair<std::uint64_t, std::uint64_t> sqlite_backend::count_upto(std::uint64_t upto) const {
  SQLite::Statement n(*db_, "SELECT count(*), count(DISTINCT case_id) FROM events WHERE seq <= ?");
  n.bind(1, static_cast<std::int64_t>(upto));
  if (!n.executeStep()) return {0, 0};
  return {static_cast<std::uint64_t>(n.getColumn(0).getInt64()), static_cast<std::uint64_t>(n.getColumn(1).getInt64())};
}

chain_source& sqlite_backend::chain() const {
  if (!chain_) chain_ = std::make_unique<sqlite_chain_source>(*db_);
  return *chain_;
}

std::unique_ptr<chain_source> sqlite_backend::open_chain_source() const {
  const std::string file = sqlite3_db_filename(db_->getHandle(), "main");
  auto conn = open_store_connection(file, true, static_cast<int>(options_.busy_timeout.count()));
  auto& ref = *conn;
  return std::make_unique<sqlite_chain_source>(ref, std::move(conn));
}

}  // namespace penaltyflow::detail
