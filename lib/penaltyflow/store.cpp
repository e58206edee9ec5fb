// The record store: SQLite (through SQLiteCpp), hash chain, projection, group commit, verify, migrations.
#include <penaltyflow/store.hpp>

#include <penaltyflow/event_json.hpp>
#include <penaltyflow/history.hpp>

#include "penaltyflow/detail/case_fold.hpp"
#include "penaltyflow/detail/event_codec.hpp"
#include "penaltyflow/detail/json_scan.hpp"
#include "penaltyflow/detail/sha256.hpp"
#include "penaltyflow/detail/store_schema.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <limits>
#include <optional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace penaltyflow {

using nlohmann::json;

conflict_error::conflict_error(const std::string& case_id, std::uint64_t expected, std::uint64_t actual)
    : error(error_code::conflict, "case \"" + case_id + "\" is at version " + std::to_string(actual) +
                                      ", the caller expected version " + std::to_string(expected) +
                                      " (another writer appended first; re-read the case and decide again)"),
      case_id_(case_id),
      expected_(expected),
      actual_(actual) {}

schema_version_error::schema_version_error(const std::string& file, int found, int supported)
    : error(error_code::schema_version, file + ": store schema version " + std::to_string(found) +
                                            " is newer than this penaltyflow supports (" + std::to_string(supported) +
                                            "); use a newer penaltyflow") {}

std::string_view to_string(durability d) noexcept {
  switch (d) {
    case durability::full: return "full";
    case durability::normal: return "normal";
  }
  return "unknown";
}

std::string profile_version(const profile& p) {
  json periods = json::array();
  for (const auto& o : p.periods)
    periods.push_back({{"period_id", o.period_id}, {"amount", o.amount}, {"unit", std::string(to_string(o.unit))}});
  const json j = {{"id", p.id},
                  {"hearing_amount_natural_fen", p.hearing_amount_natural_fen},
                  {"hearing_amount_organisation_fen", p.hearing_amount_organisation_fen},
                  {"publication_period", p.publication_period},
                  {"collective_discussion_min_heads", p.collective_discussion_min_heads},
                  {"legal_reviewer_accepts_lawyer_qualification", p.legal_reviewer_accepts_lawyer_qualification},
                  {"legal_review_amount_fen", p.legal_review_amount_fen ? json(*p.legal_review_amount_fen) : json()},
                  {"periods", periods}};
  return p.id + "@sha256:" + detail::sha256::hex(detail::sha256::of(j.dump())).substr(0, 16);
}

std::string checkpoint::to_json() const {
  return json{{"format", schema}, {"events", count}, {"head_hash", head_hash}}.dump() + "\n";
}

checkpoint checkpoint::parse(std::string_view text, std::string_view source) {
  const std::string src(source);
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw file_format_error(error_code::history_format, src, 0, std::string("not JSON: ") + e.what());
  }
  if (!j.is_object()) throw file_format_error(error_code::history_format, src, 0, "a checkpoint is a JSON object");
  checkpoint cp;
  if (!j.contains("format") || j["format"] != cp.schema)
    throw file_format_error(error_code::history_format, src, 0, "format: expected \"" + cp.schema + "\"");
  if (!j.contains("events") || !j["events"].is_number_unsigned())
    throw file_format_error(error_code::history_format, src, 0, "events: expected a non-negative integer");
  if (!j.contains("head_hash") || !j["head_hash"].is_string())
    throw file_format_error(error_code::history_format, src, 0, "head_hash: expected 64 hex digits");
  cp.count = j["events"].get<std::uint64_t>();
  cp.head_hash = j["head_hash"].get<std::string>();
  if (cp.head_hash.size() != 64 ||
      cp.head_hash.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw file_format_error(error_code::history_format, src, 0, "head_hash: expected 64 lowercase hex digits");
  for (const auto& [k, v] : j.items())
    if (k != "format" && k != "events" && k != "head_hash")
      throw file_format_error(error_code::history_format, src, 0, k + ": unknown field");
  return cp;
}

namespace {

constexpr std::size_t hash_size = 32;
const std::string zero_hex(64, '0');

[[noreturn]] void rethrow_sqlite(const SQLite::Exception& e, const std::string& context) {
  const int ext = e.getExtendedErrorCode();
  throw store_error(context + ": SQLite error " + std::to_string(ext) + " (" + sqlite3_errstr(ext) + "): " + e.what(),
                    ext);
}

/// The hex of a stored hash into `out` (its buffer reused); '?'s for a blob of the wrong size.
void hex_into(std::string& out, const void* data, std::size_t n) {
  if (n != hash_size) {
    out.assign(n * 2, '?');
    return;
  }
  static constexpr char digits[] = "0123456789abcdef";
  const auto* b = static_cast<const unsigned char*>(data);
  out.resize(2 * hash_size);
  for (std::size_t i = 0; i < hash_size; ++i) {
    out[2 * i] = digits[b[i] >> 4];
    out[2 * i + 1] = digits[b[i] & 0xF];
  }
}

std::string hex_of(const void* data, std::size_t n) {
  std::string s;
  hex_into(s, data, n);
  return s;
}

std::string opt_date(const std::optional<date>& d) { return d ? to_iso(*d) : std::string(); }

json finding_json(const finding& f) {
  return {{"rule_id", f.rule_id},
          {"citation", f.citation},
          {"period_id", f.period_id},
          {"message_zh", f.message_zh},
          {"message_en", f.message_en},
          {"due", f.due.is_special() ? json() : json(to_iso(f.due))},
          {"done", f.done ? json(to_iso(*f.done)) : json()},
          {"event_index", f.event_index ? json(*f.event_index) : json()}};
}

finding finding_from(const json& j) {
  finding f;
  f.rule_id = j.at("rule_id").get<std::string>();
  f.citation = j.at("citation").get<std::string>();
  f.period_id = j.at("period_id").get<std::string>();
  f.message_zh = j.at("message_zh").get<std::string>();
  f.message_en = j.at("message_en").get<std::string>();
  if (!j.at("due").is_null()) f.due = parse_date(j.at("due").get<std::string>(), "finding due");
  if (!j.at("done").is_null()) f.done = parse_date(j.at("done").get<std::string>(), "finding done");
  if (!j.at("event_index").is_null()) f.event_index = j.at("event_index").get<std::size_t>();
  return f;
}

std::string documents_json(const std::vector<document>& docs) {
  if (docs.empty()) return "[]";
  json a = json::array();
  for (const auto& d : docs) {
    json x{{"kind", d.kind}, {"number", d.number}, {"date", to_iso(d.issued)}, {"signatories", d.signatories}};
    // Written only when set, so that the rows (and hashes) of documents without them never change.
    if (d.pages != 0) x["pages"] = d.pages;
    if (d.signed_pages != 0) x["signed_pages"] = d.signed_pages;
    if (!d.volume.empty()) x["volume"] = d.volume;
    a.push_back(std::move(x));
  }
  return a.dump();
}

/// The fast path of documents_from: "[]" and the canonical objects documents_json writes (keys sorted,
/// compact), straight into `out`. False on anything else, valid or not; documents_from then reads the text
/// with nlohmann, which alone defines what is accepted and the errors.
bool documents_fast(std::string_view text, std::vector<document>& out) {
  out.clear();
  if (text == "[]") return true;
  detail::json_scan sc(text);
  if (!sc.eat('[')) return false;
  std::string buf;
  for (bool first = true; !sc.eat(']'); first = false) {
    if (!first && !sc.eat(',')) return false;
    if (!sc.eat('{')) return false;
    document& d = out.emplace_back();
    unsigned seen = 0;
    std::string_view k, prev;
    for (bool f = true; !sc.eat('}'); f = false) {
      if (!sc.next_key(k, prev, f)) return false;
      std::int64_t n = 0;
      if (k == "date") {
        if (!sc.string(buf)) return false;
        try {
          d.issued = parse_date(buf, "document date");
        } catch (const error&) {
          return false;
        }
        seen |= 1U;
      } else if (k == "kind") {
        if (!sc.string(d.kind)) return false;
        seen |= 2U;
      } else if (k == "number") {
        if (!sc.string(d.number)) return false;
        seen |= 4U;
      } else if (k == "pages" || k == "signed_pages") {
        if (!sc.integer(n) || n > std::numeric_limits<int>::max()) return false;
        (k == "pages" ? d.pages : d.signed_pages) = static_cast<int>(n);
      } else if (k == "signatories") {
        if (!sc.eat('[')) return false;
        for (bool g = true; !sc.eat(']'); g = false) {
          if (!g && !sc.eat(',')) return false;
          if (!sc.string(d.signatories.emplace_back())) return false;
        }
        seen |= 8U;
      } else if (k == "volume") {
        if (!sc.string(d.volume)) return false;
      } else {
        return false;
      }
    }
    if (seen != 15U) return false;
  }
  return sc.done();
}

std::vector<document> documents_from(std::string_view text, const std::string& where) {
  std::vector<document> out;
  if (documents_fast(text, out)) return out;
  out.clear();
  try {
    for (const auto& d : json::parse(text)) {
      document doc;
      doc.kind = d.at("kind").get<std::string>();
      doc.number = d.at("number").get<std::string>();
      doc.issued = parse_date(d.at("date").get<std::string>(), "document date");
      doc.signatories = d.at("signatories").get<std::vector<std::string>>();
      doc.pages = d.value("pages", 0);
      doc.signed_pages = d.value("signed_pages", 0);
      doc.volume = d.value("volume", std::string());
      out.push_back(std::move(doc));
    }
  } catch (const json::exception& e) {
    throw file_format_error(error_code::history_format, where, 0, std::string("documents: ") + e.what());
  }
  return out;
}

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

/// A statement on SQLite's C API, for the scans that read millions of rows (no allocation per column).
class raw_query {
 public:
  raw_query(SQLite::Database& db, const char* sql, const std::string& where) : db_(db.getHandle()) {
    if (const int rc = sqlite3_prepare_v2(db_, sql, -1, &q_, nullptr); rc != SQLITE_OK)
      throw store_error(where + ": SQLite error " + std::to_string(rc) + " (" + sqlite3_errmsg(db_) + ")",
                        sqlite3_extended_errcode(db_));
  }
  ~raw_query() { sqlite3_finalize(q_); }
  raw_query(const raw_query&) = delete;
  raw_query& operator=(const raw_query&) = delete;

  void bind(int i, const std::string& v) { sqlite3_bind_text(q_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
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
  std::int64_t integer(int i) const { return sqlite3_column_int64(q_, i); }
  bool null(int i) const { return sqlite3_column_type(q_, i) == SQLITE_NULL; }
  sqlite3_stmt* handle() const { return q_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* q_ = nullptr;
};

/// The projection columns of a case, as strings, so that a stored row and a replay compare exactly.
struct projection_row {
  std::uint64_t version = 0;
  std::string stage, remedy, proc, filed, decided, closed, outcome, last_event_at, findings;
  std::int64_t closed_year = 0;  // 0: not closed
  std::vector<deadline_row> deadlines;
  // The statistics columns (detail::stats_columns): text (empty = NULL), then integers (nullopt = NULL).
  std::array<std::string, detail::stats_text_count> stats_text;
  std::array<std::optional<std::int64_t>, detail::stats_int_count> stats_int;
  bool operator==(const projection_row& o) const {
    return version == o.version && stage == o.stage && remedy == o.remedy && proc == o.proc && filed == o.filed &&
           decided == o.decided && closed == o.closed && outcome == o.outcome &&
           last_event_at == o.last_event_at && findings == o.findings && closed_year == o.closed_year &&
           deadlines == o.deadlines && stats_text == o.stats_text && stats_int == o.stats_int;
  }
  /// The first column that differs, for verify's message.
  std::string difference(const projection_row& o) const {
    auto d = [](const char* name, const std::string& a, const std::string& b) {
      return std::string(name) + ": stored \"" + a + "\", replay gives \"" + b + "\"";
    };
    if (version != o.version) return d("version", std::to_string(version), std::to_string(o.version));
    if (stage != o.stage) return d("stage", stage, o.stage);
    if (remedy != o.remedy) return d("remedy", remedy, o.remedy);
    if (proc != o.proc) return d("proc", proc, o.proc);
    if (filed != o.filed) return d("filed", filed, o.filed);
    if (decided != o.decided) return d("decided", decided, o.decided);
    if (closed != o.closed) return d("closed", closed, o.closed);
    if (closed_year != o.closed_year) return d("closed_year", std::to_string(closed_year), std::to_string(o.closed_year));
    if (outcome != o.outcome) return d("outcome", outcome, o.outcome);
    if (last_event_at != o.last_event_at) return d("last_event_at", last_event_at, o.last_event_at);
    if (findings != o.findings) return d("findings", findings, o.findings);
    for (std::size_t i = 0; i < stats_text.size(); ++i)
      if (stats_text[i] != o.stats_text[i]) return d(detail::stats_columns[i].data(), stats_text[i], o.stats_text[i]);
    auto num = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string("NULL"); };
    for (std::size_t i = 0; i < stats_int.size(); ++i)
      if (stats_int[i] != o.stats_int[i])
        return d(detail::stats_columns[detail::stats_text_count + i].data(), num(stats_int[i]), num(o.stats_int[i]));
    if (deadlines.size() != o.deadlines.size())
      return d("deadlines (count)", std::to_string(deadlines.size()), std::to_string(o.deadlines.size()));
    for (std::size_t i = 0; i < deadlines.size(); ++i)
      if (!(deadlines[i] == o.deadlines[i]))
        return d("deadline", deadlines[i].period_id + " due " + deadlines[i].due,
                 o.deadlines[i].period_id + " due " + o.deadlines[i].due);
    return {};
  }
};

std::vector<deadline_row> deadline_rows(const std::vector<open_deadline>& ds) {
  std::vector<deadline_row> out;
  out.reserve(ds.size());
  for (const auto& d : ds)
    out.push_back({d.period_id, d.rule_id, d.subject, to_iso(d.start), to_iso(d.due),
                   (d.provisional ? 1 : 0) | (d.obligation ? 2 : 0)});
  return out;
}

/// "period:late/total;..." over the deadlines the case discharged, by period id.
std::string deadline_tally(const case_facts::tally_counts& t) {
  std::map<std::string_view, std::pair<int, int>> by_period;
  for (const auto& [period, late] : t.deadlines_closed) {
    auto& n = by_period[period];
    n.first += late ? 1 : 0;
    ++n.second;
  }
  std::string out;
  for (const auto& [period, n] : by_period) {
    if (!out.empty()) out += ';';
    out.append(period).append(":").append(std::to_string(n.first)).append("/").append(std::to_string(n.second));
  }
  return out;
}

/// The decision's benchmark circumstances, sorted, comma-separated.
std::string circumstances_text(const std::vector<std::string>& circumstances) {
  std::vector<std::string> cs = circumstances;
  std::sort(cs.begin(), cs.end());
  std::string joined;
  for (const auto& c : cs) joined += (joined.empty() ? "" : ",") + c;
  return joined;
}

std::array<std::optional<std::int64_t>, detail::stats_int_count> stats_ints(const case_facts& f) {
  const auto& t = f.tally;
  std::optional<std::int64_t> fine;
  if (f.decided_penalty) fine = f.decided_penalty->fine_fen;
  std::optional<std::int64_t> decision_days;
  if (f.filed && f.decided)  // 程序规定 第六十四条: the days used of the decision period, net of excluded time
    decision_days = (*f.decided - *f.filed).days() - excluded_days_between(*f.filed, *f.decided, f.decision_pauses);
  return {fine, decision_days, t.legal_reviews, t.case_reviews, t.collective_discussions,
          t.hearings_requested, t.hearings_held, t.criminal_transfers, t.reconsiderations, t.lawsuits,
          t.court_sessions, t.head_appearances};
}

std::string findings_text(const std::vector<finding>& findings) {
  if (findings.empty()) return "[]";
  json fs = json::array();
  for (const auto& x : findings) fs.push_back(finding_json(x));
  return fs.dump();
}

void fill_stats(projection_row& p, const case_facts& f) {
  const auto& t = f.tally;
  p.stats_text = {opt_date(f.closed ? f.closed : f.summary_handed_in),
                  opt_date(f.clue ? f.clue : f.summary_decided),
                  t.clue_source,
                  t.violation_type,
                  t.applied ? std::string(to_string(*t.applied)) : std::string(),
                  circumstances_text(t.circumstances),
                  opt_date(t.first_lawsuit),
                  deadline_tally(t)};
  p.stats_int = stats_ints(f);
}

projection_row project(const workflow& wf, const case_record& rec) {
  const auto& f = rec.facts();
  projection_row p;
  p.version = rec.events().size();
  p.stage = std::string(f.stage);
  p.remedy = std::string(f.remedy);
  p.proc = std::string(to_string(f.proc));
  p.filed = opt_date(f.filed);
  p.decided = opt_date(f.decided);
  p.closed = opt_date(f.closed);
  p.closed_year = f.closed ? static_cast<std::int64_t>(f.closed->year()) : 0;
  p.outcome = f.outcome ? std::string(to_string(*f.outcome)) : std::string();
  if (!rec.events().empty()) {
    p.last_event_at = to_iso(rec.events().back().at);
    p.deadlines = deadline_rows(wf.deadlines(rec, rec.events().back().day()));
  }
  fill_stats(p, f);
  p.findings = findings_text(f.findings);
  return p;
}

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
  detail::due_memo memo;
  std::vector<detail::deadline_due> dues;  // scratch
  std::vector<deadline_row> rows;          // scratch, swapped with the row's when the deadlines changed
  std::size_t findings_seen = std::numeric_limits<std::size_t>::max();  // f.findings.size() folded in
  std::size_t tallied = std::numeric_limits<std::size_t>::max();        // tally.deadlines_closed.size()
  std::optional<std::vector<std::string>> circumstances;                // the circumstances folded in

  /// Updates `p` (the row of `rec` before its last event) to `rec`; returns the projection_change bits.
  unsigned update(projection_row& p, const detail::fold_context& ctx, const case_record& rec) {
    const auto& f = rec.facts();
    unsigned changed = 0;
    auto set = [&changed](std::string& column, std::string_view v) {
      if (column == v) return;
      column.assign(v.data(), v.size());
      changed |= changed_case_columns;
    };
    p.version = rec.events().size();
    set(p.stage, f.stage);
    set(p.remedy, f.remedy);
    set(p.proc, to_string(f.proc));
    set(p.filed, opt_date(f.filed));
    set(p.decided, opt_date(f.decided));
    set(p.closed, opt_date(f.closed));
    const std::int64_t closed_year = f.closed ? static_cast<std::int64_t>(f.closed->year()) : 0;
    if (p.closed_year != closed_year) {
      p.closed_year = closed_year;
      changed |= changed_case_columns;
    }
    set(p.outcome, f.outcome ? to_string(*f.outcome) : std::string_view());
    const event& last = rec.events().back();
    p.last_event_at = to_iso(last.at);

    // The open deadlines as of the last event's day, as project() stores them.
    detail::open_deadline_dues(f, ctx, last.day(), memo, dues);
    rows.resize(dues.size());
    for (std::size_t i = 0; i < dues.size(); ++i) {
      const auto& d = dues[i];
      auto& r = rows[i];
      r.period_id = d.period->id;
      r.rule_id = d.period->rule_id;
      r.subject.assign(d.subject.data(), d.subject.size());
      r.start = to_iso(d.start);
      r.due = to_iso(d.due);
      r.flags = (d.provisional ? 1 : 0) | (d.obligation ? 2 : 0);
    }
    if (rows != p.deadlines) {
      p.deadlines.swap(rows);
      changed |= changed_deadlines;
    }

    // The statistics columns (fill_stats).
    const auto& t = f.tally;
    set(p.stats_text[0], opt_date(f.closed ? f.closed : f.summary_handed_in));
    set(p.stats_text[1], opt_date(f.clue ? f.clue : f.summary_decided));
    set(p.stats_text[2], t.clue_source);
    set(p.stats_text[3], t.violation_type);
    set(p.stats_text[4], t.applied ? to_string(*t.applied) : std::string_view());
    if (!circumstances || *circumstances != t.circumstances) {
      set(p.stats_text[5], circumstances_text(t.circumstances));
      circumstances = t.circumstances;
    }
    set(p.stats_text[6], opt_date(t.first_lawsuit));
    if (tallied != t.deadlines_closed.size()) {
      set(p.stats_text[7], deadline_tally(t));
      tallied = t.deadlines_closed.size();
    }
    const auto ints = stats_ints(f);
    if (ints != p.stats_int) {
      p.stats_int = ints;
      changed |= changed_case_columns;
    }
    if (findings_seen != f.findings.size()) {
      set(p.findings, findings_text(f.findings));
      findings_seen = f.findings.size();
    }
    return changed;
  }
};

void check_case_id(const std::string& id) {
  if (id.empty()) throw invalid_argument_error("case id: must not be empty");
  if (id.size() > 200) throw invalid_argument_error("case id \"" + id.substr(0, 40) + "...\": longer than 200 bytes");
  for (unsigned char c : id)
    if (c < 0x20 || c == 0x7F)
      throw invalid_argument_error("case id \"" + id + "\": contains a control character");
}

/// A request's event and documents as their columns (computed before taking the write lock).
struct encoded_request {
  detail::encoded_event ev;
  std::string documents;
};

encoded_request encode_request(const append_request& r) { return {detail::encode_event(r.ev), documents_json(r.documents)}; }

/// A request checked, folded and projected (stage 1 of an append), ready to be hashed and written (stage 2).
struct prepared_append {
  const append_request* req = nullptr;
  encoded_request own;                  ///< the columns, when the caller did not encode them
  const encoded_request* enc = nullptr;
  bool accepted = false;
  append_result refused;                ///< !accepted: the refusal (nothing is written)
  std::uint64_t version = 0;            ///< the case version after the event
  std::string recorded;                 ///< recorded_at, ISO
  unsigned changed = 0;                 ///< projection_change bits
  std::uint64_t seq = 0;                ///< the log position it was prepared for
  std::string hash_input;               ///< the hash input with zeros for the previous hash (write() fills it)
  std::vector<std::string> officer_keys;  ///< the officer register's keys of the actors
  bool had_deadlines = false;           ///< the stored projection has deadline rows (deleted when they change)
  const projection_row* row = nullptr;  ///< the new projection: the cached case's, or `row_copy`
  projection_row row_copy;              ///< the columns `changed` names (and version, last_event_at)
};

/// A request waiting for the group commit.
struct pending {
  const append_request* req = nullptr;
  const encoded_request* enc = nullptr;
  append_result result;
  std::exception_ptr failure;
  bool done = false;
};

/// A count one thread advances and another waits for. The waiter spins briefly for what it needs now, then
/// sleeps until the count reaches a later target: the two stages of the pipeline run at about the same pace,
/// and waking the other thread for every request would cost more than the request.
class progress {
 public:
  void reset() { value_.store(0); }
  void advance(std::size_t v) {
    value_.store(v);
    if (v >= wanted_.load()) {
      const std::lock_guard<std::mutex> lock(m_);
      cv_.notify_one();
    }
  }
  /// Returns once the count is at least `need`; if it must sleep, it sleeps until `target` (>= need).
  void wait_for(std::size_t need, std::size_t target) {
    for (int k = 0; k < 64; ++k) {
      if (value_.load() >= need) return;
      std::this_thread::yield();
    }
    std::unique_lock<std::mutex> lock(m_);
    // seq_cst with advance()'s store and load: either this sees the new count, or advance() sees `wanted_`.
    wanted_.store(target);
    cv_.wait(lock, [&] { return value_.load() >= target; });
    wanted_.store(std::numeric_limits<std::size_t>::max());
  }

 private:
  std::atomic<std::size_t> value_{0};
  std::atomic<std::size_t> wanted_{std::numeric_limits<std::size_t>::max()};
  std::mutex m_;
  std::condition_variable cv_;
};

/// One thread that runs jobs given to it, one at a time, until destroyed.
class worker_thread {
 public:
  worker_thread() = default;
  worker_thread(const worker_thread&) = delete;
  worker_thread& operator=(const worker_thread&) = delete;
  ~worker_thread() {
    {
      const std::lock_guard<std::mutex> lock(m_);
      quit_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  /// Starts `job` (which must not throw) on the thread; wait() returns when it has returned.
  void start(std::function<void()> job) {
    const std::lock_guard<std::mutex> lock(m_);
    if (!thread_.joinable()) thread_ = std::thread([this] { loop(); });
    job_ = std::move(job);
    busy_ = true;
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [this] { return !busy_; });
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
      cv_.wait(lock, [this] { return quit_ || job_; });
      if (!job_) return;
      auto job = std::move(job_);
      job_ = nullptr;
      lock.unlock();
      job();
      lock.lock();
      busy_ = false;
      cv_.notify_all();
    }
  }
  std::mutex m_;
  std::condition_variable cv_;
  std::function<void()> job_;
  bool busy_ = false;
  bool quit_ = false;
  std::thread thread_;
};

}  // namespace

struct store::impl {
  std::string path;
  workflow wf;
  store_options options;
  std::string calendar_version;
  std::string profile_version;

  mutable std::mutex db_mutex;  // guards everything below
  std::unique_ptr<SQLite::Database> db;

  // Prepared statements (created lazily, reset after use).
  std::unique_ptr<SQLite::Statement> st_insert_event, st_insert_doc, st_upsert_case, st_update_case_version, st_delete_deadlines,
      st_insert_deadline, st_insert_officer, st_insert_certificate, st_case_events, st_case_version, st_head,
      st_data_version, st_find_versions, st_insert_versions, st_begin, st_commit;

  mutable std::unique_ptr<SQLite::Statement> st_proj, st_proj_deadlines, st_history;  // readers, under db_mutex

  // State valid while `data_version` is unchanged (no other connection committed).
  std::int64_t data_version = -1;
  bool head_known = false;
  std::uint64_t head_seq = 0;
  detail::sha256_digest head{};  // the last event's hash (zeros for an empty log)
  std::string head_hex = zero_hex;
  bool writes_started = false;  // set by append_one before its first write
  std::int64_t versions_id = 0;
  struct cached_case {
    std::uint64_t version = 0;
    case_record rec;
    projection_row proj;
    projection_tracker tracker;  // keeps `proj` up to date with `rec`
  };
  std::unordered_map<std::string, cached_case> cache;
  std::unordered_set<std::string> known_officers;  // "id\ncert..." keys already inserted
  std::vector<std::string> officer_keys_buf;
  prepared_append one_prepared;  // append_one's

  /// append_many's two-stage pipeline (append_pipelined): its worker thread, started on first use and kept
  /// (a thread per batch cost more than stage 1 of a small batch), and the ring of prepared requests.
  struct pipeline {
    static constexpr std::size_t ring_size = 512;
    struct slot {
      prepared_append p;
      std::exception_ptr failure;
    };
    std::vector<slot> slots;
    progress prepared;  // requests [0, prepared) are ready for stage 2
    progress written;   // requests [0, written) are written: their slots may be reused
    std::atomic<bool> stop{false};  // stage 2 ended early: stage 1 stops
    worker_thread worker;  // last: joined first when the store closes
  } pipe;

  // Group commit.
  std::mutex queue_mutex;
  std::condition_variable queue_cv;
  std::deque<pending*> queue;
  bool leader_active = false;

  detail::sha256 hasher;
  std::string hash_buf;

  /// Resets a cached statement when the scope ends (also by an exception).
  struct resetter {
    SQLite::Statement& s;
    ~resetter() { s.reset(); }
  };

  /// Resets a statement whose failure is being reported (reset() would throw its error again).
  struct quiet_resetter {
    SQLite::Statement& s;
    ~quiet_resetter() { s.tryReset(); }
  };

  SQLite::Statement& stmt(std::unique_ptr<SQLite::Statement>& s, const char* sql) {
    if (!s) s = std::make_unique<SQLite::Statement>(*db, sql);
    return *s;
  }

  // ---- opening ---------------------------------------------------------------------------------------------

  void open() {
    const bool ro = options.mode == open_mode::read_only;
    try {
      const int flags = ro ? SQLite::OPEN_READONLY : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db = std::make_unique<SQLite::Database>(path, flags | SQLITE_OPEN_NOMUTEX,
                                              static_cast<int>(options.busy_timeout.count()));
    } catch (const SQLite::Exception& e) {
      rethrow_sqlite(e, path + ": cannot open the store");
    }
    if (!ro && sqlite3_db_readonly(db->getHandle(), "main") == 1)
      throw store_error(path + ": the store file is read-only (open it with open_mode::read_only to read it)",
                        SQLITE_READONLY);
    try {
      // Reading the header validates the file: a corrupt or foreign file fails here (SQLITE_NOTADB).
      const int app = db->execAndGet("PRAGMA application_id").getInt();
      const int user_version = db->execAndGet("PRAGMA user_version").getInt();
      const int objects = db->execAndGet("SELECT count(*) FROM sqlite_master").getInt();
      if (user_version > store_schema_version) throw schema_version_error(path, user_version, store_schema_version);
      if (objects > 0 && app != detail::store_application_id)
        throw store_error(path + ": not a penaltyflow store (application_id " + std::to_string(app) + ")");
      if (!ro) {
        db->exec("PRAGMA journal_mode=WAL");
        db->exec(options.sync == durability::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
      }
      if (objects == 0) {
        if (ro) throw store_error(path + ": not a penaltyflow store (the file is empty)");
        create_schema();
      } else if (user_version < store_schema_version) {
        if (ro)
          throw store_error(path + ": store schema version " + std::to_string(user_version) +
                            " must be migrated; open it read-write once (e.g. penaltyflow --db FILE init)");
        migrate(user_version);
      }
    } catch (const SQLite::Exception& e) {
      rethrow_sqlite(e, path + ": cannot open the store");
    }
  }

  void create_schema() {
    db->exec("BEGIN IMMEDIATE");
    try {
      db->exec(std::string(detail::schema_v2));
      db->exec(std::string(detail::schema_v3_additions));
      db->exec(std::string(detail::append_only_triggers));
      db->exec("PRAGMA application_id=" + std::to_string(detail::store_application_id));
      db->exec("PRAGMA user_version=" + std::to_string(store_schema_version));
      db->exec("COMMIT");
    } catch (...) {
      rollback_quietly();
      throw;
    }
  }

  /// Migrates in one transaction: a failed migration leaves the file as it was.
  ///  - Version 1 → 2: versions move from every event row into the `versions` table (the hash input does not
  ///    change: it always used the version strings); the document and officer registers and the closed-year
  ///    index are built from the log.
  ///  - Version 2 → 3: the statistics columns of `cases` (detail::schema_v3_additions).
  /// The projection is derived data: it is rebuilt at the end with the current workflow (whose rules may have
  /// grown since the file was written).
  void migrate(int from) {
    if (from != 1 && from != 2) throw store_error(path + ": unknown store schema version " + std::to_string(from));
    db->exec("BEGIN IMMEDIATE");
    try {
      // Another process may have migrated the file while this one waited for the write lock.
      if (db->execAndGet("PRAGMA user_version").getInt() == store_schema_version) {
        db->exec("COMMIT");
        return;
      }
      if (from == 1) migrate_v1_to_v2();
      db->exec(std::string(detail::schema_v3_additions));
      rebuild_projections_locked();
      if (from == 1) db->exec(std::string(detail::append_only_triggers));
      db->exec("PRAGMA user_version=" + std::to_string(store_schema_version));
      db->exec("COMMIT");
    } catch (...) {
      rollback_quietly();
      known_officers.clear();
      throw;
    }
    reset_statements();
  }

  void migrate_v1_to_v2() {
    db->exec("DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;"
             "ALTER TABLE events RENAME TO events_v1;"
             "ALTER TABLE cases RENAME TO cases_v1;"
             "DROP INDEX deadlines_case; DROP INDEX deadlines_due; ALTER TABLE deadlines RENAME TO deadlines_v1;");
    db->exec(std::string(detail::schema_v2));
    db->exec("INSERT INTO versions (calendar_version, profile_version) SELECT calendar_version, profile_version "
             "FROM events_v1 GROUP BY calendar_version, profile_version ORDER BY min(seq)");
    db->exec("INSERT INTO events SELECT e.seq, e.case_id, e.case_seq, e.type, e.occurred_at, e.recorded_at, "
             "e.actors, e.payload, e.documents, v.id, e.prev_hash, e.hash FROM events_v1 e JOIN versions v "
             "ON v.calendar_version = e.calendar_version AND v.profile_version = e.profile_version ORDER BY e.seq");
    db->exec("DROP TABLE events_v1; DROP TABLE cases_v1; DROP TABLE deadlines_v1;");
    // The registers, from the log.
    SQLite::Statement rows(*db, "SELECT seq, case_id, case_seq, type, occurred_at, actors, payload, documents "
                                "FROM events ORDER BY seq");
    while (rows.executeStep()) {
      const std::string case_id = rows.getColumn(1).getString();
      const std::string where = path + ": case \"" + case_id + "\" event " + rows.getColumn(2).getString();
      const event ev = detail::decode_event(rows.getColumn(3).getString(), rows.getColumn(4).getString(),
                                            rows.getColumn(5).getString(), rows.getColumn(6).getString(), where);
      write_officers(ev);
      write_documents(rows.getColumn(0).getInt64(), case_id, documents_from(rows.getColumn(7).getString(), where));
    }
  }

  void reset_statements() {
    for (auto* s : {&st_insert_event, &st_insert_doc, &st_upsert_case, &st_update_case_version, &st_delete_deadlines, &st_insert_deadline,
                    &st_insert_officer, &st_insert_certificate, &st_case_events, &st_case_version, &st_head,
                    &st_data_version, &st_find_versions, &st_insert_versions, &st_begin, &st_commit, &st_proj,
                    &st_proj_deadlines, &st_history})
      s->reset();
  }

  void rollback_quietly() noexcept {
    if (sqlite3_get_autocommit(db->getHandle()) == 0) sqlite3_exec(db->getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }

  // ---- transaction state -----------------------------------------------------------------------------------

  /// Forgets everything cached from the file (after another connection committed, or after a rollback).
  void forget() {
    cache.clear();
    known_officers.clear();
    head_known = false;
    versions_id = 0;
  }

  /// Called right after BEGIN IMMEDIATE: the write lock is ours, so what we read now stays true until commit.
  void refresh() {
    auto& dv = stmt(st_data_version, "PRAGMA data_version");
    dv.executeStep();
    const std::int64_t v = dv.getColumn(0).getInt64();
    dv.reset();
    if (v != data_version) {
      forget();
      data_version = v;
    }
    if (!head_known) {
      auto& h = stmt(st_head, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1");
      if (h.executeStep()) {
        head_seq = static_cast<std::uint64_t>(h.getColumn(0).getInt64());
        const auto c = h.getColumn(1);
        if (c.getBytes() != static_cast<int>(hash_size))
          throw store_error(path + ": event " + std::to_string(head_seq) + " has a malformed hash; run verify");
        std::memcpy(head.data(), c.getBlob(), hash_size);
        head_hex = detail::sha256::hex(head);
      } else {
        head_seq = 0;
        head = {};
        head_hex = zero_hex;
      }
      h.reset();
      head_known = true;
    }
  }

  std::int64_t judged_under() {
    if (versions_id) return versions_id;
    auto& f = stmt(st_find_versions, "SELECT id FROM versions WHERE calendar_version = ? AND profile_version = ?");
    f.bind(1, calendar_version);
    f.bind(2, profile_version);
    if (f.executeStep()) versions_id = f.getColumn(0).getInt64();
    f.reset();
    if (!versions_id) {
      auto& ins = stmt(st_insert_versions, "INSERT INTO versions (calendar_version, profile_version) VALUES (?, ?)");
      ins.bind(1, calendar_version);
      ins.bind(2, profile_version);
      ins.exec();
      ins.reset();
      versions_id = db->getLastInsertRowid();
    }
    return versions_id;
  }

  /// The case as stored, replayed (from the cache when its version is current).
  cached_case& load_case(const std::string& case_id) {
    auto it = cache.find(case_id);
    if (it != cache.end()) return it->second;
    if (options.cached_cases && cache.size() >= options.cached_cases) cache.clear();
    cached_case c;
    c.rec = case_record(case_id);
    auto& q = stmt(st_case_events, "SELECT case_seq, type, occurred_at, actors, payload FROM events "
                                   "WHERE case_id = ? ORDER BY case_seq");
    q.bind(1, case_id);
    try {
      while (q.executeStep()) {
        const auto case_seq = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
        const std::string where = path + ": case \"" + case_id + "\" event " + std::to_string(case_seq);
        if (case_seq != c.version + 1) throw store_error(where + ": missing event " + std::to_string(c.version + 1));
        const event ev = detail::decode_event(q.getColumn(1).getText(), q.getColumn(2).getText(),
                                              q.getColumn(3).getText(), q.getColumn(4).getText(), where);
        const auto r = wf.apply(c.rec, ev);
        if (!r.accepted)
          throw store_error(where + ": the stored event is refused on replay (" + r.refusals.front().rule_id +
                            "); run verify");
        ++c.version;
      }
    } catch (...) {
      q.reset();
      throw;
    }
    q.reset();
    if (c.version) c.proj = project(wf, c.rec);
    return cache.emplace(case_id, std::move(c)).first->second;
  }

  // ---- writing ---------------------------------------------------------------------------------------------

  /// The officer register's keys of an event's actors ("id\ncertificate number\nvalid from\nvalid until"),
  /// into `keys` (its strings reused).
  static void officer_keys(const event& ev, std::vector<std::string>& keys) {
    keys.resize(ev.actors.size());
    for (std::size_t i = 0; i < ev.actors.size(); ++i) {
      const auto& a = ev.actors[i];
      auto& key = keys[i];
      key.assign(a.id);
      if (a.enforcement_certificate) {
        key.append(1, '\n').append(a.enforcement_certificate->number).append(1, '\n');
        key.append(to_iso(a.enforcement_certificate->valid_from)).append(1, '\n');
        key.append(to_iso(a.enforcement_certificate->valid_until));
      }
    }
  }

  void write_officers(const event& ev) {
    officer_keys(ev, officer_keys_buf);
    write_officers(ev, officer_keys_buf);
  }

  /// Registers the actors of `ev` not registered yet in this transaction; `keys` are officer_keys(ev).
  void write_officers(const event& ev, const std::vector<std::string>& keys) {
    for (std::size_t i = 0; i < ev.actors.size(); ++i) {
      const auto& a = ev.actors[i];
      if (known_officers.count(keys[i])) continue;
      auto& o = stmt(st_insert_officer, "INSERT INTO officers (id, name) VALUES (?, ?) "
                                        "ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE excluded.name <> ''");
      o.bind(1, a.id);
      o.bind(2, a.name);
      o.exec();
      o.reset();
      if (a.enforcement_certificate) {
        auto& c = stmt(st_insert_certificate, "INSERT OR IGNORE INTO certificates VALUES (?, ?, ?, ?)");
        c.bind(1, a.id);
        c.bind(2, a.enforcement_certificate->number);
        c.bind(3, to_iso(a.enforcement_certificate->valid_from));
        c.bind(4, to_iso(a.enforcement_certificate->valid_until));
        c.exec();
        c.reset();
      }
      known_officers.insert(keys[i]);
    }
  }

  void write_documents(std::int64_t seq, const std::string& case_id, const std::vector<document>& docs) {
    for (const auto& d : docs) {
      auto& s = stmt(st_insert_doc, "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)");
      s.bind(1, seq);
      s.bind(2, case_id);
      s.bind(3, d.kind);
      s.bind(4, d.number);
      s.bind(5, to_iso(d.issued));
      s.bind(6, json(d.signatories).dump());
      s.exec();
      s.reset();
    }
  }

  /// Replays every case and rewrites the cases and deadlines tables (inside the caller's transaction).
  /// Throws store_error naming the first stored event the workflow refuses.
  void rebuild_projections_locked() {
    db->exec("DELETE FROM deadlines; DELETE FROM cases;");
    cache.clear();
    SQLite::Statement q(*db, "SELECT case_id, case_seq, type, occurred_at, actors, payload FROM events "
                             "ORDER BY case_id, case_seq");
    std::string current;
    case_record rec;
    auto flush = [&] {
      if (!current.empty()) write_projection(current, project(wf, rec), changed_case_columns | changed_deadlines, false);
    };
    while (q.executeStep()) {
      const std::string cid = q.getColumn(0).getString();
      if (cid != current) {
        flush();
        current = cid;
        rec = case_record(cid);
      }
      const std::string where = path + ": case \"" + cid + "\" event " + q.getColumn(1).getString();
      const auto r = wf.apply(rec, detail::decode_event(q.getColumn(2).getText(), q.getColumn(3).getText(),
                                                        q.getColumn(4).getText(), q.getColumn(5).getText(), where));
      if (!r.accepted)
        throw store_error(where + ": this workflow refuses the stored event (" + r.refusals.front().rule_id +
                          "); the projection cannot be rebuilt");
    }
    flush();
  }

  /// Writes a case's projection: the whole `cases` row when `changed` says a column other than the version and
  /// the last event's time changed (or the row is new), else only those two; the deadline rows when they
  /// changed (deleting the old ones if `had_deadlines`).
  void write_projection(const std::string& case_id, const projection_row& p, unsigned changed, bool had_deadlines) {
    if (!(changed & changed_case_columns)) {
      auto& u = stmt(st_update_case_version,
                     "UPDATE cases SET version = ?2, last_event_at = ?3 WHERE case_id = ?1 AND version = ?2 - 1");
      u.bindNoCopy(1, case_id);
      u.bind(2, static_cast<std::int64_t>(p.version));
      u.bindNoCopy(3, p.last_event_at);
      const int n = u.exec();
      u.reset();
      check_projection_written(case_id, p, n);
    } else {
      write_case_row(case_id, p);
    }
    if (!(changed & changed_deadlines)) return;
    if (had_deadlines) {
      auto& d = stmt(st_delete_deadlines, "DELETE FROM deadlines WHERE case_id = ?");
      d.bindNoCopy(1, case_id);
      d.exec();
      d.reset();
    }
    for (const auto& r : p.deadlines) {
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
  }

  /// Belt and braces: the projection must have been at version - 1 (the log said so under our write lock).
  void check_projection_written(const std::string& case_id, const projection_row& p, int changed) const {
    if (changed != 1)
      throw store_error(path + ": case \"" + case_id + "\": the stored projection is not at version " +
                        std::to_string(p.version - 1) + " although the log is; run verify");
  }

  /// The whole `cases` row (inserted, or updated from version - 1).
  void write_case_row(const std::string& case_id, const projection_row& p) {
    static const std::string upsert_sql = [] {
      std::string values, sets;
      for (std::size_t i = 0; i < detail::stats_columns.size(); ++i) {
        const std::string n = std::to_string(13 + i);
        values += ", ?" + n;
        sets += ", " + std::string(detail::stats_columns[i]) + " = ?" + n;
      }
      return "INSERT INTO cases VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12" + values +
             ") ON CONFLICT (case_id) DO UPDATE SET version = ?2, stage = ?3, remedy = ?4, proc = ?5, filed = ?6, "
             "decided = ?7, closed = ?8, closed_year = ?9, outcome = ?10, last_event_at = ?11, findings = ?12" +
             sets + " WHERE cases.version = ?2 - 1";
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
    const int changed = u.exec();
    u.reset();
    check_projection_written(case_id, p, changed);
  }

  detail::fold_context fold_ctx() const { return {wf.active_profile(), wf.active_calendar(), wf.periods()}; }

  /// What can be checked about a request before its case is loaded.
  static void check_request(const append_request& r) {
    check_case_id(r.case_id);
    if (r.recorded_at.is_special()) throw invalid_argument_error("case \"" + r.case_id + "\": recorded_at is not a time");
  }

  /// Stage 1 of an append: checks the request against its case `c` (loaded) with the workflow and, if
  /// accepted, folds it into `c` and updates the case's projection. Writes nothing and reads no file, so that
  /// append_many can run it on another thread than the one that owns the connection. With `snapshot`, `out`
  /// keeps its own copy of the projection columns that changed (the cached case moves on meanwhile).
  void prepare(const append_request& r, const encoded_request* pre, cached_case& c, std::uint64_t seq,
               prepared_append& out, bool snapshot) {
    if (c.version != r.expected_version) throw conflict_error(r.case_id, r.expected_version, c.version);
    out.req = &r;
    out.accepted = false;  // `out` may be reused
    out.refused = {};
    out.changed = 0;
    // The columns are usually encoded by the caller's thread, outside the group commit's critical section.
    if (pre) {
      out.enc = pre;
    } else {
      out.own = encode_request(r);  // before apply: may throw
      out.enc = &out.own;
    }
    auto applied = wf.apply(c.rec, r.ev);
    if (!applied.accepted) {
      out.refused.refusals = std::move(applied.refusals);
      out.refused.version = c.version;
      return;
    }
    // From here on the cached case is ahead of the file until commit; a failure forgets it.
    ++c.version;
    out.had_deadlines = c.version > 1 && !c.proj.deadlines.empty();
    try {
      out.changed = c.tracker.update(c.proj, fold_ctx(), c.rec);
    } catch (...) {
      cache.erase(r.case_id);
      throw;
    }
    if (c.version == 1) out.changed |= changed_case_columns;  // a new row: every column is written
    out.version = c.version;
    out.recorded = to_iso(r.recorded_at);
    officer_keys(r.ev, out.officer_keys);
    // The hash input, but for the previous event's hash, which write() puts in front (stage 1 runs ahead).
    out.seq = seq;
    detail::hash_fields hf;
    hf.prev_hex = zero_hex;
    hf.seq = seq;
    hf.case_id = r.case_id;
    hf.case_seq = c.version;
    hf.type = out.enc->ev.type;
    hf.occurred_at = out.enc->ev.occurred_at;
    hf.recorded_at = out.recorded;
    hf.actors = out.enc->ev.actors;
    hf.payload = out.enc->ev.payload;
    hf.documents = out.enc->documents;
    hf.calendar_version = calendar_version;
    hf.profile_version = profile_version;
    detail::build_hash_input(out.hash_input, hf);
    if (snapshot) {
      auto& to = out.row_copy;
      if (out.changed & changed_case_columns) {
        to = c.proj;  // every column is bound
      } else {
        to.version = c.proj.version;
        to.last_event_at = c.proj.last_event_at;
        if (out.changed & changed_deadlines) to.deadlines = c.proj.deadlines;
      }
      out.row = &to;
    } else {
      out.row = &c.proj;
    }
    out.accepted = true;
  }

  /// Stage 2 of an append: links the prepared event to the chain and writes it, its documents, officers and
  /// the projection. Requests are written strictly in order (each hash covers the previous one).
  append_result write(const prepared_append& p) {
    const append_request& r = *p.req;
    const detail::encoded_event& enc = p.enc->ev;
    const std::string& docs = p.enc->documents;
    const std::uint64_t seq = head_seq + 1;
    if (p.seq != seq)  // stage 1 numbered the requests from the head it was given
      throw store_error(path + ": internal error: event prepared as " + std::to_string(p.seq) + ", written as " +
                        std::to_string(seq));
    hash_buf.assign(p.hash_input);
    std::memcpy(hash_buf.data(), head_hex.data(), head_hex.size());  // build_hash_input's first field
    hasher.update(hash_buf);
    const detail::sha256_digest digest = hasher.digest();

    writes_started = true;  // a failure from here on spoils the whole transaction
    const std::int64_t vid = judged_under();
    auto& s = stmt(st_insert_event, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, static_cast<std::int64_t>(seq));
    s.bindNoCopy(2, r.case_id);
    s.bind(3, static_cast<std::int64_t>(p.version));
    s.bindNoCopy(4, enc.type);
    s.bindNoCopy(5, enc.occurred_at);
    s.bindNoCopy(6, p.recorded);
    s.bindNoCopy(7, enc.actors);
    s.bindNoCopy(8, enc.payload);
    s.bindNoCopy(9, docs);
    s.bind(10, vid);
    s.bindNoCopy(11, head.data(), static_cast<int>(hash_size));
    s.bindNoCopy(12, digest.data(), static_cast<int>(hash_size));
    s.exec();
    s.reset();
    write_documents(static_cast<std::int64_t>(seq), r.case_id, r.documents);
    write_officers(r.ev, p.officer_keys);
    write_projection(r.case_id, *p.row, p.changed, p.had_deadlines);
    head_seq = seq;
    head = digest;
    detail::sha256::hex(digest, head_hex);
    append_result out;
    out.accepted = true;
    out.version = p.version;
    out.seq = seq;
    out.hash = head_hex;
    return out;
  }

  /// Checks one request and, if accepted, writes it. Everything that can refuse or fail validation happens
  /// before the first write; a SQLite failure after it is rolled back with the whole transaction.
  append_result append_one(const append_request& r, const encoded_request* pre = nullptr) {
    writes_started = false;
    check_request(r);
    prepared_append& p = one_prepared;  // reused: its buffers keep their capacity from one append to the next
    prepare(r, pre, load_case(r.case_id), head_seq + 1, p, false);
    if (!p.accepted) return std::move(p.refused);
    return write(p);
  }

  // BEGIN and COMMIT are prepared once: compiling them on every transaction (sqlite3_exec) cost about as much
  // as all of an append's own work besides SQLite's.
  void begin() {
    try {
      auto& b = stmt(st_begin, "BEGIN IMMEDIATE");
      const quiet_resetter r{b};
      b.exec();
    } catch (const SQLite::Exception& e) {
      rethrow_sqlite(e, path + ": cannot start a write transaction");
    }
  }

  void commit() {
    try {
      auto& c = stmt(st_commit, "COMMIT");
      const quiet_resetter r{c};
      c.exec();
    } catch (const SQLite::Exception& e) {
      rollback_quietly();
      forget();
      rethrow_sqlite(e, path + ": commit failed, nothing was written");
    }
  }

  /// Runs `body` in one write transaction; any exception rolls it back and forgets the cache.
  template <class F>
  void in_transaction(F&& body) {
    if (options.mode == open_mode::read_only)
      throw store_error(path + ": the store is open read-only", SQLITE_READONLY);
    begin();
    try {
      refresh();
      body();
    } catch (const SQLite::Exception& e) {
      rollback_quietly();
      forget();
      rethrow_sqlite(e, path + ": write failed, nothing was written");
    } catch (...) {
      rollback_quietly();
      forget();
      throw;
    }
    commit();
  }

  /// The group commit: appends waiting in the queue share one transaction. The first waiting thread leads;
  /// the others sleep until their result is known (after the commit, or after the failure).
  void submit(pending& p) {
    std::unique_lock<std::mutex> lock(queue_mutex);
    queue.push_back(&p);
    while (!p.done) {
      if (leader_active) {
        queue_cv.wait(lock);
        continue;
      }
      leader_active = true;
      std::vector<pending*> batch(queue.begin(), queue.end());
      queue.clear();
      lock.unlock();
      run_batch(batch);
      lock.lock();
      for (auto* b : batch) b->done = true;
      leader_active = false;
      queue_cv.notify_all();
    }
  }

  void run_batch(const std::vector<pending*>& batch) {
    std::lock_guard<std::mutex> guard(db_mutex);
    if (batch.size() > 1) {
      // Refusals and conflicts are per request and write nothing; only a SQLite failure spoils the batch,
      // and then each request is retried alone so that it fails (or succeeds) on its own.
      try {
        in_transaction([&] {
          for (auto* p : batch) {
            try {
              p->result = append_one(*p->req, p->enc);
            } catch (const error& e) {
              if (writes_started || e.code() == error_code::store) throw;
              p->failure = std::current_exception();
            }
          }
        });
        return;
      } catch (...) {
        for (auto* p : batch) {
          p->failure = nullptr;
          p->result = {};
        }
      }
    }
    for (auto* p : batch) {
      try {
        in_transaction([&] { p->result = append_one(*p->req, p->enc); });
      } catch (...) {
        p->result = {};
        p->failure = std::current_exception();
      }
    }
  }

  // ---- append_many ------------------------------------------------------------------------------------------

  /// Thrown through in_transaction to roll back a batch with a refused request.
  struct refused_signal {};

  /// Rethrows the exception being handled for `requests[i]` of a batch, its message naming the request
  /// (conflicts and non-penaltyflow exceptions, e.g. SQLite's, pass unchanged). Call from a catch block.
  [[noreturn]] static void rethrow_for_request(const std::vector<append_request>& requests, std::size_t i) {
    try {
      throw;
    } catch (const error& e) {
      const auto& q = requests[i];
      const std::string prefix = "request " + std::to_string(i) + " (case \"" + q.case_id + "\", event " +
                                 std::to_string(q.expected_version + 1) + " " + std::string(to_string(q.ev.type)) +
                                 "): ";
      if (e.code() == error_code::conflict) throw;
      if (e.code() == error_code::store) throw store_error(prefix + e.message());
      throw error(e.code(), prefix + e.message());
    }
  }

  /// append_many's requests one after the other on this thread. Appends a result per request to `results`
  /// up to the first refused one (whose refusal is the last result); returns its index, or requests.size().
  std::size_t append_in_turn(const std::vector<append_request>& requests, std::vector<append_result>& results) {
    for (std::size_t i = 0; i < requests.size(); ++i) {
      try {
        results.push_back(append_one(requests[i]));
      } catch (...) {
        rethrow_for_request(requests, i);
      }
      if (!results.back().accepted) return i;
    }
    return requests.size();
  }

  /// Whether append_in_turn's work is worth splitting over two threads: a large batch (starting the thread and
  /// handing over the requests costs tens of microseconds) whose cases all fit in the cache at once (the
  /// second thread reads no file: every case is loaded before it starts).
  bool pipeline_pays(const std::vector<append_request>& requests) const {
    constexpr std::size_t min_requests = 256;
    if (!options.pipeline_batches || requests.size() < min_requests || std::thread::hardware_concurrency() < 2)
      return false;
    if (!options.cached_cases) return true;
    std::unordered_set<std::string_view> ids;
    for (const auto& r : requests) {
      ids.insert(r.case_id);
      if (ids.size() > options.cached_cases) return false;
    }
    return true;
  }

  /// append_in_turn's results, computed by two stages on two threads: stage 1 (the pipeline's worker thread)
  /// checks each request with the workflow, folds it into its cached case and projects it (prepare); stage 2
  /// (this thread, which owns the connection) hashes and writes the prepared requests strictly in request
  /// order (write). Stage 1 stops at the first refused or failing request; stage 2 reports it at its
  /// position, exactly as append_in_turn would: nothing after it is written, and the caller rolls the whole
  /// batch back. The cases are loaded from the file by this thread before stage 1 starts; a case that fails
  /// to load fails at its first request. Stage 2 never touches the cache, stage 1 never the connection.
  std::size_t append_pipelined(const std::vector<append_request>& requests, std::vector<append_result>& results) {
    const std::size_t n = requests.size();
    struct case_slot {
      cached_case* c = nullptr;
      std::exception_ptr failure;  // loading it failed
    };
    std::unordered_map<std::string_view, case_slot> cases;
    for (const auto& r : requests) cases.emplace(r.case_id, case_slot{});
    // Loading must not evict a case loaded for this batch (pipeline_pays checked that they all fit).
    if (options.cached_cases && cache.size() + cases.size() > options.cached_cases) cache.clear();
    for (auto& [id, slot] : cases) {
      const std::string case_id(id);
      try {
        check_case_id(case_id);  // a malformed id is not looked up; stage 1 reports it at its position
      } catch (const error&) {
        continue;
      }
      try {
        slot.c = &load_case(case_id);
      } catch (...) {
        slot.failure = std::current_exception();
      }
    }

    // The slots form a ring: stage 1 runs at most ring.size() requests ahead, and reuses a slot's buffers
    // on its own thread (memory freed by the thread that allocated it, no allocation in the steady state).
    auto& ring = pipe.slots;
    ring.resize(std::min<std::size_t>(n, pipeline::ring_size));
    pipe.prepared.reset();
    pipe.written.reset();
    pipe.stop.store(false);
    const std::uint64_t first_seq = head_seq + 1;  // stage 2 writes request i (if it gets there) at first_seq + i
    pipe.worker.start([&] {
      const std::size_t slots = ring.size();
      for (std::size_t i = 0; i < n; ++i) {
        // Slot i is free once request i - slots is written; if it must sleep, until a quarter of the ring is.
        if (i >= slots) pipe.written.wait_for(i - slots + 1, i - slots + 1 + slots / 4);
        if (pipe.stop.load()) return;
        auto& s = ring[i % ring.size()];
        bool last = false;
        s.failure = nullptr;
        try {
          const auto& r = requests[i];
          check_request(r);
          const auto& c = cases.at(r.case_id);
          if (c.failure) std::rethrow_exception(c.failure);
          prepare(r, nullptr, *c.c, first_seq + i, s.p, true);
          last = !s.p.accepted;
        } catch (...) {
          s.failure = std::current_exception();
          last = true;
        }
        if (last) {
          // Stage 2 stops at this request: nothing after it is read, so it need not wait for more.
          pipe.prepared.advance(std::numeric_limits<std::size_t>::max());
          return;
        }
        pipe.prepared.advance(i + 1);
      }
    });
    struct finish {
      pipeline& pipe;
      ~finish() {
        // Stage 1 may wait for a free slot: release it, and wait until it returned (it uses this frame).
        pipe.stop.store(true);
        pipe.written.advance(std::numeric_limits<std::size_t>::max());
        pipe.worker.wait();
      }
    } const finish_at_exit{pipe};

    for (std::size_t i = 0; i < n; ++i) {
      constexpr std::size_t wake_after = 32;  // requests stage 1 prepares before waking a sleeping stage 2
      pipe.prepared.wait_for(i + 1, std::min(n, i + wake_after));
      auto& s = ring[i % ring.size()];
      try {
        if (s.failure) std::rethrow_exception(s.failure);
        if (!s.p.accepted) {
          results.push_back(std::move(s.p.refused));
          return i;
        }
        writes_started = false;
        results.push_back(write(s.p));
      } catch (...) {
        rethrow_for_request(requests, i);
      }
      pipe.written.advance(i + 1);
    }
    return n;
  }

  // ---- reading ---------------------------------------------------------------------------------------------

  template <class F>
  auto read(const char* what, F&& body) const -> decltype(body()) {
    std::lock_guard<std::mutex> guard(db_mutex);
    try {
      return body();
    } catch (const SQLite::Exception& e) {
      rethrow_sqlite(e, path + ": " + what);
    }
  }

  stored_event row_to_event(SQLite::Statement& q) const {
    stored_event s;
    s.seq = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
    s.case_id = q.getColumn(1).getString();
    s.case_seq = static_cast<std::uint64_t>(q.getColumn(2).getInt64());
    // The row's name is needed only for errors: built when a fast path declines or a value is bad.
    auto where = [&] { return path + ": case \"" + s.case_id + "\" event " + std::to_string(s.case_seq); };
    const char* type = q.getColumn(3).getText();
    const char* at = q.getColumn(4).getText();
    const char* actors = q.getColumn(6).getText();
    const char* payload = q.getColumn(7).getText();
    if (!detail::decode_event_fast(type, at, actors, payload, s.ev))
      s.ev = detail::decode_event_strict(type, at, actors, payload, where());
    const char* recorded = q.getColumn(5).getText();
    try {
      s.recorded_at = parse_instant(recorded);
    } catch (const invalid_argument_error&) {
      s.recorded_at = parse_instant(recorded, where() + " recorded_at");  // the same error, naming the row
    }
    const char* docs = q.getColumn(8).getText();
    if (!documents_fast(docs, s.documents)) s.documents = documents_from(docs, where());
    s.calendar_version = q.getColumn(9).getString();
    s.profile_version = q.getColumn(10).getString();
    auto ph = q.getColumn(11);
    hex_into(s.prev_hash, ph.getBlob(), static_cast<std::size_t>(ph.getBytes()));
    auto h = q.getColumn(12);
    hex_into(s.hash, h.getBlob(), static_cast<std::size_t>(h.getBytes()));
    return s;
  }

  static constexpr const char* event_columns =
      "SELECT e.seq, e.case_id, e.case_seq, e.type, e.occurred_at, e.recorded_at, e.actors, e.payload, e.documents, "
      "v.calendar_version, v.profile_version, e.prev_hash, e.hash FROM events e JOIN versions v ON v.id = e.judged_under ";

  std::vector<stored_event> history_locked(const std::string& case_id) const {
    if (!st_history)  // prepared once: preparing was a fifth of reading a 10-event history
      st_history = std::make_unique<SQLite::Statement>(*db, std::string(event_columns) + "WHERE e.case_id = ? ORDER BY e.case_seq");
    auto& q = *st_history;
    const resetter r{q};
    q.bind(1, case_id);
    std::vector<stored_event> out;
    while (q.executeStep()) out.push_back(row_to_event(q));
    return out;
  }

  std::optional<projection_row> stored_projection(const std::string& case_id) const {
    if (!st_proj)
      st_proj = std::make_unique<SQLite::Statement>(
          *db, [] {
            std::string sql = "SELECT version, stage, remedy, proc, filed, decided, closed, closed_year, outcome, "
                              "last_event_at, findings";
            for (auto c : detail::stats_columns) sql.append(", ").append(c);
            return sql + " FROM cases WHERE case_id = ?";
          }());
    if (!st_proj_deadlines)
      st_proj_deadlines = std::make_unique<SQLite::Statement>(
          *db, "SELECT period_id, rule_id, subject, start, due, flags FROM deadlines WHERE case_id = ? ORDER BY rowid");
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

  open_deadline to_open_deadline(const deadline_row& r) const {
    open_deadline d;
    d.period_id = r.period_id;
    d.rule_id = r.rule_id;
    d.subject = r.subject;
    d.start = parse_date(r.start, "deadline start");
    d.due = parse_date(r.due, "deadline due");
    d.provisional = (r.flags & 1) != 0;
    d.obligation = (r.flags & 2) != 0;
    if (const auto* p = wf.periods().find(r.period_id)) {
      d.title_zh = p->title_zh;
      d.title_en = p->title_en;
      d.citation = p->citation_text();
    }
    return d;
  }

  /// Rows whose hashes are being recomputed: each row's input depends only on its own stored columns, so the
  /// hashing of one batch runs on a second thread while the next batch is read.
  struct hash_batch {
    std::vector<std::string> inputs;  // reused: capacity survives between batches
    struct row {
      std::uint64_t seq = 0;
      std::string case_id;
      std::uint64_t case_seq = 0;
      detail::sha256_digest stored{};
    };
    std::vector<row> rows;
    std::size_t size = 0;
    detail::sha256_digest computed_bad{};
    /// Hashes every input; the index of the first row whose stored hash differs, if any.
    std::optional<std::size_t> check() {
      detail::sha256 h;
      for (std::size_t i = 0; i < size; ++i) {
        h.update(inputs[i]);
        const auto d = h.digest();
        if (d != rows[i].stored) {
          computed_bad = d;
          return i;
        }
      }
      return std::nullopt;
    }
  };

  /// Walks the chain from the start up to `limit` events (all when 0). Rows are read with SQLite's C API on
  /// the connection SQLiteCpp opened (no allocation per column); digests are compared as bytes.
  verify_report verify_chain(std::uint64_t limit) const {
    verify_report rep;
    std::unordered_map<std::int64_t, std::pair<std::string, std::string>> versions;
    {
      SQLite::Statement v(*db, "SELECT id, calendar_version, profile_version FROM versions");
      while (v.executeStep()) versions[v.getColumn(0).getInt64()] = {v.getColumn(1).getString(), v.getColumn(2).getString()};
    }
    raw_query rq(*db, "SELECT seq, case_id, case_seq, type, occurred_at, recorded_at, actors, payload, documents, "
                      "judged_under, prev_hash, hash FROM events ORDER BY seq", path + ": verifying");
    sqlite3_stmt* q = rq.handle();
    auto text = [&rq](int i) { return rq.text(i); };
    constexpr std::size_t batch_rows = 2048;
    hash_batch batches[2];
    int cur = 0;
    std::future<std::optional<std::size_t>> inflight;
    int inflight_batch = 0;
    std::optional<verify_problem> problem;
    auto hash_problem = [](const hash_batch& b, std::size_t i) {
      const auto& r = b.rows[i];
      return verify_problem{r.seq, r.case_id, r.case_seq,
                            "hash mismatch: stored " + detail::sha256::hex(r.stored) + ", computed " +
                                detail::sha256::hex(b.computed_bad) + " (the row was changed after it was recorded)"};
    };
    // The batch on the other thread first: its rows come before anything found later.
    auto finish_inflight = [&]() -> bool {
      if (!inflight.valid()) return true;
      const auto bad = inflight.get();
      if (bad) problem = hash_problem(batches[inflight_batch], *bad);
      return !bad;
    };
    auto finish_current = [&]() -> bool {
      const auto bad = batches[cur].check();
      if (bad) problem = hash_problem(batches[cur], *bad);
      return !bad;
    };
    detail::sha256_digest prev{};
    std::uint64_t n = 0;
    std::unordered_map<std::string, std::uint64_t> case_seq;
    std::string key, buf, prev_hex;
    auto fail = [&](std::uint64_t seq, const std::string& cid, std::uint64_t cseq, std::string what) {
      // An earlier row may still be waiting for its hash check.
      if (finish_inflight() && finish_current()) problem = verify_problem{seq, cid, cseq, std::move(what)};
      rep.ok = false;
      rep.problem = problem;
      return rep;
    };
    int rc = SQLITE_ROW;
    while ((limit == 0 || n < limit) && (rc = sqlite3_step(q)) == SQLITE_ROW) {
      ++n;
      const auto seq = static_cast<std::uint64_t>(sqlite3_column_int64(q, 0));
      key.assign(text(1));
      const auto cseq = static_cast<std::uint64_t>(sqlite3_column_int64(q, 2));
      if (seq != n)
        return fail(seq, key, cseq, "log position " + std::to_string(n) + " is missing (next stored event is " +
                                        std::to_string(seq) + "): an event was deleted");
      const auto ver = versions.find(sqlite3_column_int64(q, 9));
      if (ver == versions.end()) return fail(seq, key, cseq, "the calendar/profile version row it refers to is missing");
      auto it = case_seq.find(key);
      const std::uint64_t last = it == case_seq.end() ? 0 : it->second;
      if (cseq != last + 1)
        return fail(seq, key, cseq, "case sequence " + std::to_string(cseq) + " follows " + std::to_string(last) +
                                        " in case \"" + key + "\"");
      if (it == case_seq.end()) case_seq.emplace(key, cseq);
      else it->second = cseq;
      const void* stored_prev = sqlite3_column_blob(q, 10);
      const int prev_bytes = sqlite3_column_bytes(q, 10);
      const void* stored_hash = sqlite3_column_blob(q, 11);
      const int hash_bytes = sqlite3_column_bytes(q, 11);
      if (prev_bytes != static_cast<int>(hash_size) || std::memcmp(stored_prev, prev.data(), hash_size) != 0)
        return fail(seq, key, cseq, "prev_hash " + hex_of(stored_prev, static_cast<std::size_t>(prev_bytes)) +
                                        " does not equal the previous event's hash " + detail::sha256::hex(prev));
      if (hash_bytes != static_cast<int>(hash_size))
        return fail(seq, key, cseq, "the stored hash has " + std::to_string(hash_bytes) + " bytes, not 32");
      // Under the link check, the stored prev_hash is the previous row's stored hash.
      detail::sha256::hex(prev, prev_hex);
      detail::hash_fields f;
      f.prev_hex = prev_hex;
      f.seq = seq;
      f.case_id = key;
      f.case_seq = cseq;
      f.type = text(3);
      f.occurred_at = text(4);
      f.recorded_at = text(5);
      f.actors = text(6);
      f.payload = text(7);
      f.documents = text(8);
      f.calendar_version = ver->second.first;
      f.profile_version = ver->second.second;
      auto& b = batches[cur];
      if (b.inputs.size() <= b.size) b.inputs.emplace_back();
      if (b.rows.size() <= b.size) b.rows.emplace_back();
      detail::build_hash_input(b.inputs[b.size], f);
      auto& r = b.rows[b.size];
      r.seq = seq;
      r.case_id = key;
      r.case_seq = cseq;
      std::memcpy(r.stored.data(), stored_hash, hash_size);
      std::memcpy(prev.data(), stored_hash, hash_size);
      if (++b.size == batch_rows) {
        if (!finish_inflight()) break;
        inflight_batch = cur;
        inflight = std::async(std::launch::async, [&b] { return b.check(); });
        cur ^= 1;
        batches[cur].size = 0;
      }
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      if (inflight.valid()) inflight.wait();
      const int ext = sqlite3_extended_errcode(db->getHandle());
      throw store_error(path + ": verifying: SQLite error " + std::to_string(ext) + " (" + sqlite3_errstr(ext) +
                            "): " + sqlite3_errmsg(db->getHandle()),
                        ext);
    }
    if (!problem && finish_inflight()) finish_current();
    if (problem) {
      rep.ok = false;
      rep.problem = problem;
      return rep;
    }
    rep.events = n;
    rep.cases = case_seq.size();
    rep.head_hash = detail::sha256::hex(prev);
    return rep;
  }

  void verify_replay(verify_report& rep) const {
    // Every case is replayed in order and its projection compared with the stored one.
    SQLite::Statement q(*db, "SELECT e.seq, e.case_id, e.case_seq, e.type, e.occurred_at, e.actors, e.payload, "
                             "e.documents, v.calendar_version, v.profile_version FROM events e JOIN versions v "
                             "ON v.id = e.judged_under ORDER BY e.case_id, e.case_seq");
    SQLite::Statement docs(*db, "SELECT kind, number, issued, signatories FROM documents WHERE seq = ? ORDER BY rowid");
    std::string current;
    case_record rec;
    std::uint64_t last_seq = 0, last_case_seq = 0;
    std::set<std::string> other_versions;
    std::uint64_t cases = 0;
    auto fail = [&](std::uint64_t seq, const std::string& cid, std::uint64_t cseq, std::string what) {
      rep.ok = false;
      rep.problem = verify_problem{seq, cid, cseq, std::move(what)};
    };
    auto finish_case = [&]() -> bool {
      if (current.empty()) return true;
      const auto stored = stored_projection(current);
      const auto replayed = project(wf, rec);
      if (!stored) {
        fail(last_seq, current, last_case_seq, "the case has no stored projection");
        return false;
      }
      if (!(*stored == replayed)) {
        fail(last_seq, current, last_case_seq, "stored projection does not match the replay: " +
                                                   stored->difference(replayed));
        return false;
      }
      return true;
    };
    while (q.executeStep()) {
      const std::string cid = q.getColumn(1).getString();
      const auto seq = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
      const auto cseq = static_cast<std::uint64_t>(q.getColumn(2).getInt64());
      if (cid != current) {
        if (!finish_case()) return;
        current = cid;
        rec = case_record(cid);
        ++cases;
      }
      const std::string where = path + ": case \"" + cid + "\" event " + std::to_string(cseq);
      if (q.getColumn(8).getString() != calendar_version || q.getColumn(9).getString() != profile_version)
        other_versions.insert(q.getColumn(8).getString() + " / " + q.getColumn(9).getString());
      event ev;
      try {
        ev = detail::decode_event(q.getColumn(3).getText(), q.getColumn(4).getText(), q.getColumn(5).getText(),
                                  q.getColumn(6).getText(), where);
      } catch (const error& e) {
        fail(seq, cid, cseq, std::string("the stored event cannot be read: ") + e.what());
        return;
      }
      apply_result r;
      try {
        r = wf.apply(rec, ev);
      } catch (const error& e) {
        fail(seq, cid, cseq, std::string("replay failed: ") + e.what());
        return;
      }
      if (!r.accepted) {
        fail(seq, cid, cseq, "the workflow refuses the stored event on replay: " + r.refusals.front().rule_id + " " +
                                 r.refusals.front().message_en);
        return;
      }
      // The document register must hold exactly the event's documents.
      std::vector<document> in_row;
      try {
        in_row = documents_from(q.getColumn(7).getText(), where);
      } catch (const error& e) {
        fail(seq, cid, cseq, e.what());
        return;
      }
      docs.bind(1, static_cast<std::int64_t>(seq));
      std::vector<document> registered;
      while (docs.executeStep()) {
        document d;
        d.kind = docs.getColumn(0).getString();
        d.number = docs.getColumn(1).getString();
        try {
          d.issued = parse_date(docs.getColumn(2).getString(), "document date");
          d.signatories = json::parse(docs.getColumn(3).getString()).get<std::vector<std::string>>();
        } catch (const std::exception&) {
          d.signatories = {"<unreadable>"};
        }
        registered.push_back(std::move(d));
      }
      docs.reset();
      for (auto& d : in_row) {  // the register holds kind, number, date and signatories only
        d.pages = d.signed_pages = 0;
        d.volume.clear();
      }
      if (registered != in_row) {
        fail(seq, cid, cseq, "the document register does not match the documents recorded with the event");
        return;
      }
      last_seq = seq;
      last_case_seq = cseq;
    }
    if (!finish_case()) return;
    SQLite::Statement orphans(*db, "SELECT case_id FROM cases WHERE case_id NOT IN (SELECT case_id FROM events) "
                                   "UNION SELECT case_id FROM deadlines WHERE case_id NOT IN (SELECT case_id FROM events) "
                                   "LIMIT 1");
    if (orphans.executeStep()) {
      fail(0, orphans.getColumn(0).getString(), 0, "a projection exists for a case without events");
      return;
    }
    for (const auto& v : other_versions)
      rep.notes.push_back("some events were judged under calendar/profile " + v + ", verified under " +
                          calendar_version + " / " + profile_version);
    (void)cases;
  }
};

store::store(const std::string& path, workflow wf, store_options options) : impl_(std::make_unique<impl>()) {
  impl_->path = path;
  impl_->wf = std::move(wf);
  impl_->options = options;
  impl_->calendar_version = impl_->wf.active_calendar().version();
  impl_->profile_version = penaltyflow::profile_version(impl_->wf.active_profile());
  impl_->open();
}

store::~store() = default;

const std::string& store::path() const noexcept { return impl_->path; }
const workflow& store::flow() const noexcept { return impl_->wf; }
const std::string& store::calendar_version() const noexcept { return impl_->calendar_version; }
const std::string& store::profile_version() const noexcept { return impl_->profile_version; }

append_result store::append(const std::string& case_id, std::uint64_t expected_version, const event& ev,
                            instant recorded_at, const std::vector<document>& documents) {
  append_request r{case_id, expected_version, ev, recorded_at, documents};
  const encoded_request enc = encode_request(r);  // in the caller's thread: appenders encode in parallel
  pending p;
  p.req = &r;
  p.enc = &enc;
  impl_->submit(p);
  if (p.failure) std::rethrow_exception(p.failure);
  return std::move(p.result);
}

store::batch_result store::append_many(const std::vector<append_request>& requests) {
  batch_result out;
  std::lock_guard<std::mutex> guard(impl_->db_mutex);
  try {
    impl_->in_transaction([&] {
      out.results.reserve(requests.size());
      const std::size_t refused = impl_->pipeline_pays(requests) ? impl_->append_pipelined(requests, out.results)
                                                                 : impl_->append_in_turn(requests, out.results);
      if (refused < requests.size()) {
        out.index = refused;
        throw impl::refused_signal{};
      }
    });
  } catch (const impl::refused_signal&) {
    out.accepted = false;
    out.refused = std::move(out.results.back());
    out.results.clear();
    return out;
  }
  out.accepted = true;
  return out;
}

store::import_report store::import_history(std::string_view text, std::string_view source, instant recorded_at) {
  const std::string src(source);
  const case_history h = parse_history(text, src);
  auto fail = [&](const std::string& what) {
    throw file_format_error(error_code::history_format, src, 0, "case \"" + h.case_id + "\"" + what);
  };
  if (h.profile != impl_->wf.active_profile().id)
    fail(": the history was written for profile \"" + h.profile + "\", this store judges with \"" +
         impl_->wf.active_profile().id + "\"");
  const auto stored = history(h.case_id);
  if (stored.size() > h.events.size())
    fail(": the store holds " + std::to_string(stored.size()) + " events, the file only " +
         std::to_string(h.events.size()));
  for (std::size_t i = 0; i < stored.size(); ++i)
    if (event_to_json(stored[i].ev) != event_to_json(h.events[i]))
      fail(" event " + std::to_string(i + 1) + " (" + std::string(to_string(h.events[i].type)) +
           "): differs from the event the store holds at that position");
  std::vector<append_request> reqs;
  for (std::size_t i = stored.size(); i < h.events.size(); ++i)
    reqs.push_back({h.case_id, i, h.events[i], recorded_at, {}});
  batch_result r;
  try {
    r = append_many(reqs);
  } catch (const conflict_error& e) {
    fail(": another writer changed the case during the import; nothing was written (" + e.message() + ")");
  } catch (const store_error&) {
    throw;
  } catch (const error& e) {
    fail(": " + e.message() + "; nothing was written");
  }
  if (!r.accepted) {
    const auto& q = reqs[r.index];
    std::string why;
    for (const auto& x : r.refused.refusals)
      why += (why.empty() ? "" : "; ") + x.rule_id + " (" + x.citation + "): " + x.message_en;
    fail(" event " + std::to_string(q.expected_version + 1) + " (" + std::string(to_string(q.ev.type)) + ", " +
         to_iso(q.ev.at) + ") is refused by the workflow: " + why + "; nothing was written");
  }
  import_report rep;
  rep.case_id = h.case_id;
  rep.events = reqs.size();
  rep.already_present = stored.size();
  return rep;
}

std::string store::export_history(const std::string& case_id) const {
  const auto hist = history(case_id);
  if (hist.empty()) throw invalid_argument_error("case \"" + case_id + "\": no such case in " + impl_->path);
  case_history h;
  h.case_id = case_id;
  h.profile = impl_->wf.active_profile().id;
  h.events.reserve(hist.size());
  for (const auto& e : hist) h.events.push_back(e.ev);
  return to_json(h) + "\n";
}

void store::rebuild_projections() {
  std::lock_guard<std::mutex> guard(impl_->db_mutex);
  impl_->in_transaction([&] { impl_->rebuild_projections_locked(); });
}

std::uint64_t store::version(const std::string& case_id) const {
  return impl_->read("reading a case version", [&] {
    SQLite::Statement q(*impl_->db, "SELECT version FROM cases WHERE case_id = ?");
    q.bind(1, case_id);
    return q.executeStep() ? static_cast<std::uint64_t>(q.getColumn(0).getInt64()) : std::uint64_t{0};
  });
}

std::vector<stored_event> store::history(const std::string& case_id) const {
  return impl_->read("reading a case history", [&] { return impl_->history_locked(case_id); });
}

std::optional<case_projection> store::projection(const std::string& case_id) const {
  return impl_->read("reading a case projection", [&]() -> std::optional<case_projection> {
    const auto p = impl_->stored_projection(case_id);
    if (!p) return std::nullopt;
    case_projection c;
    c.case_id = case_id;
    c.version = p->version;
    c.stage = p->stage;
    c.remedy = p->remedy;
    c.proc = p->proc;
    if (!p->filed.empty()) c.filed = parse_date(p->filed, "filed");
    if (!p->decided.empty()) c.decided = parse_date(p->decided, "decided");
    if (!p->closed.empty()) c.closed = parse_date(p->closed, "closed");
    if (!p->outcome.empty()) c.outcome = p->outcome;
    c.last_event_at = parse_instant(p->last_event_at, "last_event_at");
    for (const auto& d : p->deadlines) c.deadlines.push_back(impl_->to_open_deadline(d));
    for (const auto& f : json::parse(p->findings)) c.findings.push_back(finding_from(f));
    return c;
  });
}

std::vector<std::string> store::case_ids() const {
  return impl_->read("listing cases", [&] {
    SQLite::Statement q(*impl_->db, "SELECT case_id FROM cases ORDER BY case_id");
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

case_state store::state_as_of(const std::string& case_id, date as_of) const {
  if (as_of.is_special()) throw invalid_argument_error("as-of: not a date");
  const auto events = history(case_id);
  if (events.empty()) throw invalid_argument_error("case \"" + case_id + "\": no such case in " + impl_->path);
  case_record rec(case_id);
  for (const auto& e : events) {
    if (e.ev.day() > as_of) break;
    const auto r = impl_->wf.apply(rec, e.ev);
    if (!r.accepted)
      throw store_error(impl_->path + ": case \"" + case_id + "\" event " + std::to_string(e.case_seq) +
                        ": the stored event is refused on replay (" + r.refusals.front().rule_id + "); run verify");
  }
  case_state s;
  s.case_id = case_id;
  s.as_of = as_of;
  s.events = rec.events().size();
  s.stage = std::string(rec.stage());
  s.remedy = std::string(rec.facts().remedy);
  s.deadlines = impl_->wf.deadlines(rec, as_of);
  s.findings = impl_->wf.findings(rec, as_of);
  return s;
}

std::vector<due_item> store::due(date from, date to) const {
  if (from.is_special() || to.is_special() || to < from)
    throw invalid_argument_error("due: the window " + to_iso(from) + ".." + to_iso(to) + " is not a date range");
  return impl_->read("listing deadlines", [&] {
    SQLite::Statement q(*impl_->db, "SELECT d.case_id, c.stage, d.period_id, d.rule_id, d.subject, d.start, d.due, "
                                    "d.flags FROM deadlines d JOIN cases c ON c.case_id = d.case_id "
                                    "WHERE d.due BETWEEN ? AND ? ORDER BY d.due, d.case_id, d.period_id");
    q.bind(1, to_iso(from));
    q.bind(2, to_iso(to));
    std::vector<due_item> out;
    while (q.executeStep()) {
      due_item it;
      it.case_id = q.getColumn(0).getString();
      it.stage = q.getColumn(1).getString();
      it.deadline = impl_->to_open_deadline({q.getColumn(2).getString(), q.getColumn(3).getString(),
                                             q.getColumn(4).getString(), q.getColumn(5).getString(),
                                             q.getColumn(6).getString(), q.getColumn(7).getInt()});
      out.push_back(std::move(it));
    }
    return out;
  });
}

std::vector<std::pair<std::string, std::uint64_t>> store::closed_by_outcome(int year) const {
  return impl_->read("counting closed cases", [&] {
    SQLite::Statement q(*impl_->db, "SELECT coalesce(outcome, 'none'), count(*) FROM cases WHERE closed_year = ? "
                                    "GROUP BY outcome ORDER BY 1");
    q.bind(1, year);
    std::vector<std::pair<std::string, std::uint64_t>> out;
    while (q.executeStep())
      out.emplace_back(q.getColumn(0).getString(), static_cast<std::uint64_t>(q.getColumn(1).getInt64()));
    return out;
  });
}

std::vector<case_summary> store::case_summaries(const summary_filter& filter) const {
  std::vector<case_summary> out;
  for_each_summary(filter, [&out](case_summary& c) { out.push_back(c); });  // a copy keeps `c`'s capacity
  return out;
}

void store::for_each_summary(const summary_filter& filter, const std::function<void(case_summary&)>& fn) const {
  impl_->read("reading case summaries", [&] {
    // The statistics columns start at 10, in detail::stats_columns order; concluded is the first of them.
    std::string sql = "SELECT case_id, version, stage, remedy, proc, outcome, filed, decided, closed, "
                      "CASE WHEN findings = '[]' THEN 0 ELSE json_array_length(findings) END";
    for (auto c : detail::stats_columns) sql.append(", ").append(c);
    sql += " FROM cases";
    // A period of concluded cases is read by scanning the table in key order (coalesce() keeps the planner off
    // the index): measured on a million cases, a scan is several times faster than following the concluded
    // index into the table, whose rows are ordered by case id, unless the period holds very few cases.
    if (filter.field == summary_filter::by::concluded) sql += " WHERE coalesce(concluded, '') BETWEEN ?1 AND ?2";
    if (filter.field == summary_filter::by::lawsuit_filed) sql += " WHERE lawsuit_filed BETWEEN ?1 AND ?2";
    sql += " ORDER BY case_id";
    const std::string where = impl_->path + ": reading case summaries";
    raw_query q(*impl_->db, sql.c_str(), where);
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
  });
}

void store::for_each_history(const std::function<void(std::vector<stored_event>&)>& fn,
                             const std::vector<std::string>* only) const {
  // Chosen cases: one indexed query each (a case's events are read together, wherever the log holds them);
  // all cases: one pass over the log in (case_id, case_seq) order.
  if (only) {
    for (const auto& id : *only) {
      auto h = history(id);
      if (!h.empty()) fn(h);
    }
    return;
  }
  impl_->read("reading case histories", [&] {
    SQLite::Statement q(*impl_->db, std::string(impl::event_columns) + "ORDER BY e.case_id, e.case_seq");
    std::vector<stored_event> current;
    while (q.executeStep()) {
      const char* id = q.getColumn(1).getText();
      if (!current.empty() && current.front().case_id != id) {
        fn(current);
        current.clear();
      }
      current.push_back(impl_->row_to_event(q));
    }
    if (!current.empty()) fn(current);
  });
}

std::vector<store::officer_record> store::officers() const {
  return impl_->read("listing officers", [&] {
    SQLite::Statement q(*impl_->db, "SELECT o.id, o.name, c.number, c.valid_from, c.valid_until FROM officers o "
                                    "LEFT JOIN certificates c ON c.officer_id = o.id ORDER BY o.id, c.valid_from");
    std::vector<officer_record> out;
    while (q.executeStep()) {
      const std::string id = q.getColumn(0).getString();
      if (out.empty() || out.back().id != id) out.push_back({id, q.getColumn(1).getString(), {}});
      if (!q.getColumn(2).isNull())
        out.back().certificates.push_back({q.getColumn(2).getString(), parse_date(q.getColumn(3).getString()),
                                           parse_date(q.getColumn(4).getString())});
    }
    return out;
  });
}

verify_report store::verify(verify_depth depth) const {
  return impl_->read("verifying", [&] {
    // The walk reads the whole file once: memory-mapped reads save a copy per page (reset afterwards, so that
    // ordinary use never turns an I/O error into SIGBUS).
    impl_->db->exec("PRAGMA mmap_size=1073741824");
    struct unmap {
      SQLite::Database& db;
      ~unmap() { sqlite3_exec(db.getHandle(), "PRAGMA mmap_size=0", nullptr, nullptr, nullptr); }
    } restore{*impl_->db};
    verify_report rep = impl_->verify_chain(0);
    if (rep.ok && depth == verify_depth::full) impl_->verify_replay(rep);
    return rep;
  });
}

checkpoint store::make_checkpoint() const {
  return impl_->read("reading the head of the log", [&] {
    checkpoint cp;
    SQLite::Statement q(*impl_->db, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1");
    cp.head_hash = zero_hex;
    if (q.executeStep()) {
      cp.count = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
      const auto c = q.getColumn(1);
      cp.head_hash = hex_of(c.getBlob(), static_cast<std::size_t>(c.getBytes()));
    }
    return cp;
  });
}

verify_report store::verify_checkpoint(const checkpoint& cp) const {
  return impl_->read("verifying a checkpoint", [&] {
    if (cp.count == 0) {
      verify_report rep;
      rep.head_hash = zero_hex;
      if (cp.head_hash != zero_hex) {
        rep.ok = false;
        rep.problem = verify_problem{0, "", 0, "a checkpoint of 0 events has the zero hash"};
      }
      return rep;
    }
    verify_report rep = impl_->verify_chain(cp.count);
    if (!rep.ok) return rep;
    if (rep.events < cp.count) {
      rep.ok = false;
      rep.problem = verify_problem{rep.events + 1, "", 0,
                                   "the checkpoint covers " + std::to_string(cp.count) + " events, the log has only " +
                                       std::to_string(rep.events)};
    } else if (rep.head_hash != cp.head_hash) {
      rep.ok = false;
      rep.problem = verify_problem{cp.count, "", 0,
                                   "event " + std::to_string(cp.count) + " hashes to " + rep.head_hash +
                                       ", the checkpoint says " + cp.head_hash +
                                       " (events up to the checkpoint were changed and re-hashed)"};
    }
    return rep;
  });
}

}  // namespace penaltyflow
