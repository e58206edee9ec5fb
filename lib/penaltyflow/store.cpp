// The record store: SQLite (through SQLiteCpp), hash chain, projection, group commit, verify, migrations.
#include <penaltyflow/store.hpp>

#include <penaltyflow/event_json.hpp>
#include <penaltyflow/history.hpp>

#include "penaltyflow/detail/case_fold.hpp"
#include "penaltyflow/detail/event_codec.hpp"
#include "penaltyflow/detail/event_object.hpp"
#include "penaltyflow/detail/json_scan.hpp"
#include "penaltyflow/detail/sha256.hpp"
#include "penaltyflow/detail/store_connection.hpp"
#include "penaltyflow/detail/store_schema.hpp"
#include "penaltyflow/detail/utf8.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <bitset>
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
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace penaltyflow {

using nlohmann::json;

std::string_view to_string(durability d) noexcept {
  switch (d) {
    case durability::full: return "full";
    case durability::normal: return "normal";
  }
  return "unknown";
}

std::string profile_version(const profile& p) {
  // The profile's text is recorded with every event: refused here when it is not UTF-8 (a file is checked when read).
  detail::require_utf8(p.id, "profile id");
  detail::require_utf8(p.publication_period, "profile publication_period");
  for (const auto& o : p.periods) detail::require_utf8(o.period_id, "profile periods[].period_id");
  json periods = json::array();
  for (const auto& o : p.periods)
    periods.push_back({{"period_id", o.period_id}, {"amount", o.amount}, {"unit", std::string(to_string(o.unit))}});
  const json j = {{"id", p.id},
                  {"hearing_amount_natural_fen", p.hearing_amount_natural_fen},
                  {"hearing_amount_organisation_fen", p.hearing_amount_organisation_fen},
                  {"publication_period", p.publication_period},
                  {"collective_discussion_min_heads", p.collective_discussion_min_heads},
                  // Withdrawn value (profiles may not loosen 处罚法 第五十八条第二款), serialised as before so that
                  // profiles that judge alike keep their version.
                  {"legal_reviewer_accepts_lawyer_qualification", false},
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
    throw file_format_error(error_code::history_format, src, 0, "not JSON: " + detail::json_error_reason(e));
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
  json j = {{"rule_id", f.rule_id},
          {"citation", f.citation},
          {"period_id", f.period_id},
          {"message_zh", f.message_zh},
          {"message_en", f.message_en},
          {"due", f.due.is_special() ? json() : json(to_iso(f.due))},
          {"done", f.done ? json(to_iso(*f.done)) : json()},
          {"event_index", f.event_index ? json(*f.event_index) : json()}};
  if (f.provisional) j["provisional"] = true;  // only when set: projections written before the mark stay equal
  return j;
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
  if (auto it = j.find("provisional"); it != j.end()) f.provisional = it->get<bool>();  // absent before the mark
  return f;
}

std::string documents_json(const std::vector<document>& docs) {
  if (docs.empty()) return "[]";
  json a = json::array();
  for (const auto& d : docs) a.push_back(detail::document_object(d));
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
  const detail::json_reader rd(error_code::history_format, where + ": documents");
  const json a = rd.parse(text);
  if (!a.is_array()) rd.fail_at("$", "expected an array, found " + detail::json_reader::type_name(a));
  for (std::size_t i = 0; i < a.size(); ++i)
    out.push_back(detail::read_document_object(a[i], rd, "$[" + std::to_string(i) + "]"));
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
  p.version = rec.event_count();
  p.stage = std::string(f.stage);
  p.remedy = std::string(f.remedy);
  p.proc = std::string(to_string(f.proc));
  p.filed = opt_date(f.filed);
  p.decided = opt_date(f.decided);
  p.closed = opt_date(f.closed);
  p.closed_year = f.closed ? static_cast<std::int64_t>(f.closed->year()) : 0;
  p.outcome = f.outcome ? std::string(to_string(*f.outcome)) : std::string();
  if (const auto last = rec.last_event_at()) {
    p.last_event_at = to_iso(*last);
    p.deadlines = deadline_rows(wf.deadlines(rec, last->date()));
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

  /// Updates `p` (the row of `rec` before its last event) to `rec`, whose last event's time is `last_iso`
  /// (to_iso of it, as the event's column has it); returns the projection_change bits.
  unsigned update(projection_row& p, const detail::fold_context& ctx, const case_record& rec,
                  std::string_view last_iso) {
    const auto& f = rec.facts();
    unsigned changed = 0;
    auto set = [&changed](std::string& column, std::string_view v) {
      if (column == v) return;
      column.assign(v.data(), v.size());
      changed |= changed_case_columns;
    };
    p.version = rec.event_count();
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
    const instant last = *rec.last_event_at();
    p.last_event_at.assign(last_iso.data(), last_iso.size());

    // The open deadlines as of the last event's day, as project() stores them.
    detail::open_deadline_dues(f, ctx, last.date(), memo, dues);
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
  detail::require_utf8(id, "case id");
  if (id.size() > 200)
    throw invalid_argument_error("case id \"" + std::string(utf8_prefix(id, 40)) + "...\": longer than 200 bytes");
  for (unsigned char c : id)
    if (c < 0x20 || c == 0x7F)
      throw invalid_argument_error("case id \"" + id + "\": contains a control character");
}

/// A request's event and documents as their columns (computed before taking the write lock).
struct encoded_request {
  detail::encoded_event ev;
  std::string documents;
};

/// The request's event and documents as their columns. Every text of the request is checked as UTF-8 first: a
/// text no JSON reader can show is refused, naming the field, before anything is written.
encoded_request encode_request(const append_request& r) {
  check_case_id(r.case_id);
  auto bad = detail::find_invalid_text(r.ev);
  if (!bad) bad = detail::find_invalid_text(r.documents);
  if (bad)
    detail::throw_not_utf8(bad->text, "case \"" + r.case_id + "\" event " + std::string(to_string(r.ev.type)) + ": " +
                                          bad->path);
  return {detail::encode_event(r.ev), documents_json(r.documents)};
}

/// A request checked, folded and projected (prepare), ready to be hashed and written (write).
struct prepared_append {
  const append_request* req = nullptr;
  encoded_request own;                  ///< the columns, when the caller did not encode them
  const encoded_request* enc = nullptr;
  bool accepted = false;
  append_result refused;                ///< !accepted: the refusal (nothing is written)
  std::optional<date> assumed;          ///< the workflow judged it on a provisional date from this day
  std::uint64_t version = 0;            ///< the case version after the event
  std::string recorded;                 ///< recorded_at, ISO
  std::vector<std::string> officer_keys;  ///< the officer register's keys of the actors
};

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

  void add(const event& ev, const verify_problem& at) {
    for (const auto& a : ev.actors) {
      auto it = officers.find(a.id);
      if (it == officers.end()) it = officers.emplace(a.id, officer{{}, {}, at, {}}).first;
      auto& o = it->second;
      if (at.seq < o.first_at.seq) o.first_at = at;
      // >=: within one event, actors come in order and the later naming wins, as write_officers has it.
      if (!a.name.empty() && (o.named_at.seq == 0 || at.seq >= o.named_at.seq)) {
        o.name = a.name;
        o.named_at = at;
      }
      if (const auto& c = a.enforcement_certificate) {
        auto same = std::find_if(o.certificates.begin(), o.certificates.end(), [&](const shown_certificate& x) {
          return x.cert.number == c->number && x.cert.valid_from == c->valid_from && x.cert.valid_until == c->valid_until;
        });
        if (same == o.certificates.end()) o.certificates.push_back({*c, at});
        else if (at.seq < same->first_at.seq) same->first_at = at;
      }
    }
  }

  /// Inserts the registers' rows (into empty tables).
  void write(SQLite::Database& db) const {
    SQLite::Statement o(db, "INSERT INTO officers (id, name) VALUES (?, ?)");
    SQLite::Statement c(db, "INSERT INTO certificates VALUES (?, ?, ?, ?)");
    for (const auto& [id, x] : officers) {
      o.bind(1, id);
      o.bind(2, x.name);
      o.exec();
      o.reset();
      for (const auto& sc : x.certificates) {
        c.bind(1, id);
        c.bind(2, sc.cert.number);
        c.bind(3, to_iso(sc.cert.valid_from));
        c.bind(4, to_iso(sc.cert.valid_until));
        c.exec();
        c.reset();
      }
    }
  }

  /// The difference between the tables and the log at the earliest event, else a row no event defines, or
  /// nullopt.
  std::optional<verify_problem> compare(SQLite::Database& db) const {
    std::optional<verify_problem> first;  // the earliest event's problem
    auto problem = [&first](const verify_problem& at, std::string what) {
      if (first && first->seq <= at.seq) return;
      first = at;
      first->what = std::move(what);
    };
    using cert_key = std::array<std::string, 4>;  // officer, number, valid from, valid until
    auto text = [](const cert_key& k) {
      return "certificate " + k[1] + " of officer \"" + k[0] + "\" valid " + k[2] + ".." + k[3];
    };
    std::map<std::string, std::string> stored_officers;
    SQLite::Statement o(db, "SELECT id, name FROM officers");
    while (o.executeStep()) stored_officers.emplace(o.getColumn(0).getString(), o.getColumn(1).getString());
    std::set<cert_key> stored_certificates;
    SQLite::Statement c(db, "SELECT officer_id, number, valid_from, valid_until FROM certificates");
    while (c.executeStep())
      stored_certificates.insert({c.getColumn(0).getString(), c.getColumn(1).getString(), c.getColumn(2).getString(),
                                  c.getColumn(3).getString()});
    for (const auto& [id, x] : officers) {
      const auto s = stored_officers.find(id);
      if (s == stored_officers.end()) {
        problem(x.first_at, "the officer register lacks officer \"" + id + "\", named by the event");
      } else {
        if (s->second != x.name)
          problem(x.name.empty() ? x.first_at : x.named_at,
                  "the officer register names officer \"" + id + "\" \"" + s->second + "\", the log \"" + x.name + "\"");
        stored_officers.erase(s);
      }
      for (const auto& sc : x.certificates) {
        const cert_key k{id, sc.cert.number, to_iso(sc.cert.valid_from), to_iso(sc.cert.valid_until)};
        if (!stored_certificates.erase(k)) problem(sc.first_at, "the certificate register lacks " + text(k) + ", shown by the event");
      }
    }
    if (first) return first;
    if (!stored_officers.empty())
      return verify_problem{0, "", 0, "the officer register holds officer \"" + stored_officers.begin()->first +
                                          "\", whom no event names"};
    if (!stored_certificates.empty())
      return verify_problem{0, "", 0, "the certificate register holds " + text(*stored_certificates.begin()) +
                                          ", which no event shows"};
    return std::nullopt;
  }
};

/// A prepared request linked to the chain (store::impl::link): its position and hash.
struct linked_append {
  detail::sha256_digest digest{};
  append_result result;  ///< accepted, version, seq, hash
};

struct async_pending;

/// A request waiting for the group commit: append()'s, on its thread's stack, or append_async()'s (async_pending).
struct pending {
  const append_request* req = nullptr;
  const encoded_request* enc = nullptr;
  append_result result;
  std::exception_ptr failure;
  bool done = false;
  std::condition_variable* cv = nullptr;  // its thread waits here (under queue_mutex) until done, or to lead
  async_pending* async = nullptr;         // set for append_async()'s: no thread waits, a promise is kept
};

/// append_async()'s request: owned by the store from its queueing until its promise is kept.
struct async_pending {
  append_request req;
  encoded_request enc;
  std::promise<append_result> promise;
  pending p;
};

// ---- the chain walk of verify() -------------------------------------------------------------------------------
//
// The log is split into contiguous ranges of seq, each walked by its own thread on its own connection. A row's
// hash depends only on its own columns and the previous row's stored hash, so a range starting at seq m+1 starts
// from the stored hash of event m. What a range cannot check alone, whether each case's first event in it
// follows the case's last event in the earlier ranges, is checked when the ranges are joined in seq order.

/// The calendar and profile versions by id (the `versions` table).
using version_table = std::unordered_map<std::int64_t, std::pair<std::string, std::string>>;

/// The events of one case within one range: the first (its case_seq is checked when the ranges are joined)
/// and the last case_seq.
struct case_span {
  std::uint64_t first_seq = 0;
  std::uint64_t first_case_seq = 0;
  std::uint64_t last_case_seq = 0;
};

/// The cases of one range by id, looked up for every event of the walk: open addressing (linear probing, at
/// most half full) over slots holding an id's hash and its entry's position, the entries (id and span) in a
/// vector. A look-up touches one slot and one entry, where std::unordered_map chased three or four pointers
/// through scattered nodes (about a tenth of the samples in a profile of BM_Verify, twice the table's).
class case_table {
 public:
  struct entry {
    std::string case_id;
    case_span span;
  };
  static constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

  /// The position of `case_id` in entries(), or npos.
  std::size_t find(std::string_view case_id) const {
    if (entries_.empty()) return npos;
    const std::size_t position = slots_[locate(case_id, hash(case_id))].position;
    return position == 0 ? npos : position - 1;
  }
  case_span& span(std::size_t position) { return entries_[position].span; }

  /// Adds `case_id`, which is not in the table, with `span`.
  void add(std::string_view case_id, const case_span& span) {
    if (2 * (entries_.size() + 1) > slots_.size()) grow();
    const std::uint64_t h = hash(case_id);
    slots_[locate(case_id, h)] = {h, entries_.size() + 1};
    entries_.push_back({std::string(case_id), span});
  }

  const std::vector<entry>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }

 private:
  struct slot {
    std::uint64_t hash = 0;
    std::size_t position = 0;  // the entry's index + 1; 0: empty
  };

  static std::uint64_t hash(std::string_view s) { return std::hash<std::string_view>()(s); }

  /// The slot holding `case_id`, or the empty slot where it belongs.
  std::size_t locate(std::string_view case_id, std::uint64_t h) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const slot& s = slots_[i];
      if (s.position == 0 || (s.hash == h && entries_[s.position - 1].case_id == case_id)) return i;
    }
  }

  /// Doubles the slots (at least 1,024) and re-places every entry.
  void grow() {
    std::vector<slot> old(std::max<std::size_t>(1024, 2 * slots_.size()));
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const slot& s : old) {
      if (s.position == 0) continue;
      std::size_t i = s.hash & mask;
      while (slots_[i].position != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  std::vector<slot> slots_;
  std::vector<entry> entries_;
};

/// What the walk of one range found.
struct range_result {
  std::optional<verify_problem> problem;  // the first problem the range shows on its own
  detail::sha256_digest head{};           // the stored hash of its last event
  case_table cases;
};

std::string case_sequence_message(std::uint64_t case_seq, std::uint64_t last, std::string_view case_id) {
  return "case sequence " + std::to_string(case_seq) + " follows " + std::to_string(last) + " in case \"" +
         printable_utf8(case_id) + "\"";
}

/// Walks one range of the log on one connection: every check of verify_depth::chain but the continuity of
/// each case's first event in the range.
class range_walker {
 public:
  range_walker(SQLite::Database& conn, const version_table& versions, std::string where)
      : conn_(conn), versions_(versions), where_(std::move(where)) {}

  /// Checks the events first..last (seq) into `out` (empty before), stopping at the first problem.
  void walk(std::uint64_t first, std::uint64_t last, range_result& out) {
    prev_ = first == 1 ? detail::sha256_digest{} : stored_hash(first - 1);
    // Unbounded above: a gap at the end of the range is reported at the next stored event, as one walk would.
    raw_query q(conn_, "SELECT seq, case_id, case_seq, type, occurred_at, recorded_at, actors, payload, documents, "
                       "judged_under, hash FROM events WHERE seq >= ? ORDER BY seq", where_);
    q.bind(1, static_cast<std::int64_t>(first));
    for (expected_ = first; expected_ <= last; ++expected_) {
      const int rc = sqlite3_step(q.handle());
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) throw_step_error();
      if (!check_row(q, out)) return;
    }
    if (expected_ <= last)  // the snapshot had these events: they were deleted during the walk
      out.problem = verify_problem{expected_, "", 0,
                                   "log position " + std::to_string(expected_) +
                                       " is missing (no event is stored after it): an event was deleted"};
    out.head = prev_;
  }

 private:
  /// The stored hash of event `seq`; zeros if it is missing or malformed (the range before reports that).
  detail::sha256_digest stored_hash(std::uint64_t seq) {
    raw_query q(conn_, "SELECT hash FROM events WHERE seq = ?", where_);
    q.bind(1, static_cast<std::int64_t>(seq));
    detail::sha256_digest d{};
    if (q.step(where_) && sqlite3_column_bytes(q.handle(), 0) == static_cast<int>(hash_size))
      std::memcpy(d.data(), sqlite3_column_blob(q.handle(), 0), hash_size);
    return d;
  }

  /// Checks the current row in the order of one walk: position, version, case sequence, hash (whose input
  /// starts with the previous row's stored hash: the link).
  /// False, with out.problem set, at the first problem.
  bool check_row(const raw_query& q, range_result& out) {
    const auto seq = static_cast<std::uint64_t>(q.integer(0));
    const std::string_view case_id = q.text(1);
    const auto case_seq = static_cast<std::uint64_t>(q.integer(2));
    auto fail = [&](std::string what) {
      out.problem = verify_problem{seq, printable_utf8(case_id), case_seq, std::move(what)};
      return false;
    };
    if (seq != expected_)
      return fail("log position " + std::to_string(expected_) + " is missing (next stored event is " +
                  std::to_string(seq) + "): an event was deleted");
    const auto* ver = version(q.integer(9));
    if (!ver) return fail("the calendar/profile version row it refers to is missing");
    if (const auto last = follow_case(out, seq, case_id, case_seq); last != case_seq - 1)
      return fail(case_sequence_message(case_seq, last, case_id));
    const void* stored = sqlite3_column_blob(q.handle(), 10);
    const int hash_bytes = sqlite3_column_bytes(q.handle(), 10);
    if (hash_bytes != static_cast<int>(hash_size))
      return fail("the stored hash has " + std::to_string(hash_bytes) + " bytes, not 32");
    const auto computed = hash_of(q, seq, case_id, case_seq, *ver);
    if (std::memcmp(computed.data(), stored, hash_size) != 0)
      return fail("hash mismatch: stored " + hex_of(stored, hash_size) + ", computed " +
                  detail::sha256::hex(computed) + " (the row was changed after it was recorded)");
    // A store written before case ids were checked may hold one that is not UTF-8: no JSON output, export or
    // Python frame can show it (the other text columns were always written through a checking JSON writer).
    if (!is_utf8(case_id))
      return fail("the case id \"" + printable_utf8(case_id) +
                  "\" is not valid UTF-8 (recorded by a release that did not check): JSON output, export and "
                  "Python cannot show this case / 案件编号不是有效的 UTF-8 编码");
    std::memcpy(prev_.data(), stored, hash_size);
    return true;
  }

  /// The version row `id`; the last one found is kept, since consecutive events nearly always share it.
  const version_table::value_type* version(std::int64_t id) {
    if (!version_ || version_->first != id) {
      const auto it = versions_.find(id);
      version_ = it == versions_.end() ? nullptr : &*it;
    }
    return version_;
  }

  /// Records the event in its case's span; the case_seq it must follow (case_seq - 1 for a case's first event
  /// in the range, checked when the ranges are joined).
  static std::uint64_t follow_case(range_result& out, std::uint64_t seq, std::string_view case_id,
                                   std::uint64_t case_seq) {
    const std::size_t at = out.cases.find(case_id);
    if (at == case_table::npos) {
      out.cases.add(case_id, case_span{seq, case_seq, case_seq});
      return case_seq - 1;
    }
    auto& span = out.cases.span(at);
    const auto last = span.last_case_seq;
    if (case_seq == last + 1) span.last_case_seq = case_seq;
    return last;
  }

  /// The hash of the current row as recorded (detail::build_hash_input), after the previous stored hash.
  detail::sha256_digest hash_of(const raw_query& q, std::uint64_t seq, std::string_view case_id,
                                std::uint64_t case_seq, const version_table::value_type& ver) {
    detail::sha256::hex(prev_, prev_hex_);
    detail::hash_fields f;
    f.prev_hex = prev_hex_;
    f.seq = seq;
    f.case_id = case_id;
    f.case_seq = case_seq;
    f.type = q.text(3);
    f.occurred_at = q.text(4);
    f.recorded_at = q.text(5);
    f.actors = q.text(6);
    f.payload = q.text(7);
    f.documents = q.text(8);
    f.calendar_version = ver.second.first;
    f.profile_version = ver.second.second;
    detail::build_hash_input(input_, f);
    hasher_.update(input_);
    return hasher_.digest();
  }

  [[noreturn]] void throw_step_error() const {
    sqlite3* db = conn_.getHandle();
    const int ext = sqlite3_extended_errcode(db);
    throw store_error(where_ + ": SQLite error " + std::to_string(ext) + " (" + sqlite3_errstr(ext) +
                          "): " + sqlite3_errmsg(db),
                      ext);
  }

  SQLite::Database& conn_;
  const version_table& versions_;
  const std::string where_;
  const version_table::value_type* version_ = nullptr;
  std::uint64_t expected_ = 0;  // the seq the next row must have
  detail::sha256_digest prev_{};
  std::string prev_hex_, input_;
  detail::sha256 hasher_;
};

/// The earliest event of `r` that is its case's first in the range and does not follow the case's last
/// case_seq in the earlier ranges (`before`).
std::optional<verify_problem> first_case_break(const range_result& r, const case_table& before) {
  const case_table::entry* broken = nullptr;
  std::uint64_t broken_after = 0;
  for (const auto& c : r.cases.entries()) {
    const auto at = before.find(c.case_id);
    const std::uint64_t last = at == case_table::npos ? 0 : before.entries()[at].span.last_case_seq;
    if (c.span.first_case_seq != last + 1 && (!broken || c.span.first_seq < broken->span.first_seq)) {
      broken = &c;
      broken_after = last;
    }
  }
  if (!broken) return std::nullopt;
  const auto& span = broken->span;
  return verify_problem{span.first_seq, printable_utf8(broken->case_id), span.first_case_seq,
                        case_sequence_message(span.first_case_seq, broken_after, broken->case_id)};
}

/// Joins the ranges' results, in seq order, into the report of one walk over `events` events: the first
/// problem in seq order, else the number of events and cases and the head hash. Range 0's case spans become
/// the running "last case_seq of every case".
verify_report join_ranges(std::vector<range_result>& ranges, std::uint64_t events) {
  verify_report rep;
  static const case_table no_cases;
  case_table& seen = ranges.front().cases;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    auto& r = ranges[i];
    auto problem = first_case_break(r, i == 0 ? no_cases : seen);
    // A case break at an event the range also failed comes first: the case is checked before the link and hash.
    if (r.problem && (!problem || r.problem->seq < problem->seq)) problem = std::move(r.problem);
    if (problem) {
      rep.ok = false;
      rep.problem = std::move(problem);
      return rep;
    }
    if (i == 0) continue;
    for (const auto& c : r.cases.entries()) {
      const auto at = seen.find(c.case_id);
      if (at == case_table::npos) seen.add(c.case_id, c.span);
      else seen.span(at).last_case_seq = c.span.last_case_seq;
    }
  }
  rep.events = events;
  rep.cases = seen.size();
  rep.head_hash = detail::sha256::hex(ranges.back().head);
  return rep;
}

}  // namespace

/// How long a group commit's leader waits for the appenders of the previous group (store::impl::submit).
constexpr std::chrono::microseconds group_gather_wait{200};

/// append_many pipelines batches of at least this many requests (store_options::pipelined_batches).
constexpr std::size_t min_pipelined_batch = 256;

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
  bool writes_started = false;  // set by append_one once it changes the cached case (and then the file)
  std::int64_t versions_id = 0;
  struct cached_case {
    std::uint64_t version = 0;
    case_record rec;
    projection_row proj;
    projection_tracker tracker;  // keeps `proj` up to date with `rec`
    // A case's projection is written once per transaction, when the transaction's appends are done
    // (write_pending_projections): a batch with ten events of a case writes its row once, not ten times.
    // While it waits, these say what the file holds and what has changed since.
    bool pending = false;              // listed in pending_cases
    std::uint64_t stored_version = 0;  // the version of the file's row (0: no row yet)
    bool stored_deadlines = false;     // the file holds deadline rows for the case
    unsigned changed = 0;              // projection_change bits since the file's row
  };
  using cache_entry = std::pair<const std::string, cached_case>;
  std::unordered_map<std::string, cached_case> cache;
  std::vector<cache_entry*> pending_cases;  // in the order of their first append in this transaction
  std::unordered_set<std::string> known_officers;  // "id\ncert..." keys already inserted
  std::unordered_map<std::string, std::optional<std::string>> officer_names;  // id -> the name its row holds
  instant recorded_memo_at;  // the last request's recorded_at ...
  std::string recorded_memo;  // ... as ISO text
  prepared_append one_prepared;  // append_one's
  struct pipeline_slot {
    prepared_append p;
    linked_append l;
  };
  std::vector<pipeline_slot> pipeline_slots;  // append_pipelined's
  std::vector<cache_entry*> pipeline_entries;

  // Group commit.
  std::mutex queue_mutex;
  std::condition_variable gather_cv;  // a leader gathering its group waits here for more requests
  bool gathering = false;             // a leader waits on gather_cv
  // The appenders wait on these, each on the one of its thread (threads beyond the first 64 share them: a
  // thread woken for another's request finds its own not done and sleeps again). They belong to the store, not
  // to the appender's `pending`, so that a group's threads can be woken after queue_mutex is released: woken
  // under it, each would first block on it.
  std::array<std::condition_variable, 64> wake_cvs;
  std::deque<pending*> queue;
  bool leader_active = false;
  std::size_t last_group = 0;  // requests in the previous group
  // append_async()'s requests have no thread to lead their group: the committer thread, started by the first
  // of them, leads when one is queued and no appender leads. It ends with the store, after the queue is empty.
  std::thread committer;
  std::condition_variable committer_cv;
  bool stopping = false;

  detail::sha256 hasher;
  std::string hash_buf;

  /// Resets a cached statement when the scope ends (also by an exception: reset() would throw the failed
  /// step's error again, from a destructor).
  struct resetter {
    SQLite::Statement& s;
    ~resetter() { s.tryReset(); }
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
      db = detail::open_store_connection(path, ro, static_cast<int>(options.busy_timeout.count()));
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
        // The page size of a new file is fixed by its first write, which switching to WAL already is.
        if (objects == 0) db->exec("PRAGMA page_size=" + std::to_string(detail::store_page_size));
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
      } else {
        check_schema();
      }
    } catch (const SQLite::Exception& e) {
      rethrow_sqlite(e, path + ": cannot open the store");
    }
  }

  /// The file holds exactly the tables, indexes, triggers and views the store creates: a view or trigger put in
  /// their place (an INSTEAD OF trigger that swallows appends, a view that runs SQL while an auditor reads) is
  /// refused, named.
  void check_schema() {
    if (const auto problems = schema_problems(); !problems.empty()) throw store_error(problems);
  }

  /// check_schema()'s message, or empty.
  std::string schema_problems() const {
    const auto diffs = detail::schema_differences(*db);
    if (diffs.empty()) return {};
    std::string out = path + ": the schema is not the one penaltyflow creates, so the store is not opened: ";
    for (std::size_t i = 0; i < diffs.size(); ++i) out += (i ? "; " : "") + diffs[i];
    return out + " (存储文件的表结构被改动)";
  }

  void create_schema() {
    db->exec("BEGIN IMMEDIATE");
    try {
      db->exec(detail::schema_current());
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
  ///    change: it always used the version strings); the document register and the closed-year index are built
  ///    from the log (the officer registers by the rebuild at the end).
  ///  - Version 2 → 3: the statistics columns of `cases` (detail::schema_v3_additions).
  ///  - Version 3 → 4: the log without its `prev_hash` column (detail::events_table), after checking that
  ///    every stored `prev_hash` is the previous row's hash; the hashes do not change.
  ///  - Version 4 → 5: the officer register keeps the last non-empty name the log gives each officer (version 4
  ///    kept the name the writing connection saw first); the registers are rewritten from the log.
  /// The projection is derived data: from version 3 and before, it is rebuilt at the end with the current
  /// workflow (whose rules may have grown since the file was written), and the registers with it.
  void migrate(int from) {
    if (from < 1 || from > 4) throw store_error(path + ": unknown store schema version " + std::to_string(from));
    db->exec("BEGIN IMMEDIATE");
    try {
      // Another process may have migrated the file while this one waited for the write lock.
      if (db->execAndGet("PRAGMA user_version").getInt() == store_schema_version) {
        db->exec("COMMIT");
        return;
      }
      if (from == 4) {
        rebuild_registers_locked();
      } else {
        if (from == 1) migrate_v1_to_v2();
        if (from <= 2) db->exec(std::string(detail::schema_v3_additions));
        migrate_log_to_v4();
        rebuild_projections_locked();
        db->exec(std::string(detail::append_only_triggers));
      }
      check_schema();
      db->exec("PRAGMA user_version=" + std::to_string(store_schema_version));
      db->exec("COMMIT");
    } catch (...) {
      rollback_quietly();
      known_officers.clear();
      officer_names.clear();
      throw;
    }
    reset_statements();
  }

  void migrate_v1_to_v2() {
    db->exec("DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;"
             "ALTER TABLE events RENAME TO events_v1;"
             "ALTER TABLE cases RENAME TO cases_v1;"
             "DROP INDEX deadlines_case; DROP INDEX deadlines_due; ALTER TABLE deadlines RENAME TO deadlines_v1;");
    db->exec(detail::schema_v2());
    db->exec("INSERT INTO versions (calendar_version, profile_version) SELECT calendar_version, profile_version "
             "FROM events_v1 GROUP BY calendar_version, profile_version ORDER BY min(seq)");
    db->exec("INSERT INTO events SELECT e.seq, e.case_id, e.case_seq, e.type, e.occurred_at, e.recorded_at, "
             "e.actors, e.payload, e.documents, v.id, e.prev_hash, e.hash FROM events_v1 e JOIN versions v "
             "ON v.calendar_version = e.calendar_version AND v.profile_version = e.profile_version ORDER BY e.seq");
    db->exec("DROP TABLE events_v1; DROP TABLE cases_v1; DROP TABLE deadlines_v1;");
    // The document register, from the log (the officer registers are rewritten by migrate()'s rebuild).
    SQLite::Statement rows(*db, "SELECT seq, case_id, case_seq, documents FROM events ORDER BY seq");
    while (rows.executeStep()) {
      const std::string case_id = rows.getColumn(1).getString();
      const std::string where = path + ": case \"" + case_id + "\" event " + rows.getColumn(2).getString();
      write_documents(rows.getColumn(0).getInt64(), case_id, documents_from(rows.getColumn(3).getString(), where));
    }
  }

  /// Version 3 → 4. Every append-only trigger is dropped here and re-created by the caller.
  void migrate_log_to_v4() {
    // A stored prev_hash that is not the previous row's hash means the log was changed: the copy must not
    // forget that (verify the file with the penaltyflow release that wrote it).
    SQLite::Statement broken(*db, "SELECT e.seq, e.case_id, e.case_seq FROM events e LEFT JOIN events p "
                                  "ON p.seq = e.seq - 1 WHERE e.prev_hash IS NOT "
                                  "coalesce(p.hash, CASE WHEN e.seq = 1 THEN zeroblob(32) END) ORDER BY e.seq LIMIT 1");
    if (broken.executeStep())
      throw store_error(path + ": case \"" + broken.getColumn(1).getString() + "\" event " +
                        broken.getColumn(2).getString() + " (log position " + broken.getColumn(0).getString() +
                        "): its prev_hash is not the previous event's hash, so the log was changed; the store "
                        "is not migrated");
    broken.reset();
    db->exec("DROP TRIGGER IF EXISTS events_append_only_update; DROP TRIGGER IF EXISTS events_append_only_delete;"
             "DROP TRIGGER IF EXISTS versions_append_only_update; DROP TRIGGER IF EXISTS versions_append_only_delete;"
             "DROP TRIGGER IF EXISTS documents_append_only_update; DROP TRIGGER IF EXISTS documents_append_only_delete;");
    db->exec(detail::events_table("events_v4", false));
    db->exec("INSERT INTO events_v4 SELECT seq, case_id, case_seq, type, occurred_at, recorded_at, actors, payload, "
             "documents, judged_under, hash FROM events ORDER BY seq");
    db->exec("DROP TABLE events; ALTER TABLE events_v4 RENAME TO events;");
    db->exec(std::string(detail::event_log_view));
  }

  /// Finalizes the cached statements; each is prepared again when next used.
  void reset_statements() noexcept {
    for (auto* s : {&st_insert_event, &st_insert_doc, &st_upsert_case, &st_update_case_version, &st_delete_deadlines, &st_insert_deadline,
                    &st_insert_officer, &st_insert_certificate, &st_case_events, &st_case_version, &st_head,
                    &st_data_version, &st_find_versions, &st_insert_versions, &st_begin, &st_commit, &st_proj,
                    &st_proj_deadlines, &st_history})
      s->reset();
  }

  /// Rolls back the open transaction, if any. The cached statements are finalized first: a statement whose step
  /// failed is unusable until reset (its next bind fails with SQLITE_MISUSE), and a failed transaction may
  /// leave any of them so.
  void rollback_quietly() noexcept {
    reset_statements();
    if (sqlite3_get_autocommit(db->getHandle()) == 0) sqlite3_exec(db->getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }

  // ---- transaction state -----------------------------------------------------------------------------------

  /// Forgets everything cached from the file (after another connection committed, or after a rollback).
  void forget() {
    pending_cases.clear();
    cache.clear();
    known_officers.clear();
    officer_names.clear();
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
  cache_entry& load_case(const std::string& case_id) {
    auto it = cache.find(case_id);
    if (it != cache.end()) return *it;
    if (options.cached_cases && cache.size() >= options.cached_cases) {
      write_pending_projections();  // before the cases waiting for it are dropped
      cache.clear();
    }
    cached_case c;
    c.rec = case_record(case_id, history_kept::facts_only);  // the log holds the events
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
        const auto r = wf.apply_stored(c.rec, ev);
        if (!r.accepted)
          throw store_error(where + ": the stored event is refused on replay (" + r.refusals.front().rule_id +
                            "); run verify");
        ++c.version;
      }
    } catch (...) {
      q.tryReset();  // reset() would throw the failed step's error again, over this one
      throw;
    }
    q.reset();
    if (c.version) c.proj = project(wf, c.rec);
    return *cache.emplace(case_id, std::move(c)).first;
  }

  // ---- writing ---------------------------------------------------------------------------------------------

  /// The officer register's keys of an event's actors (in memory only: "id\ncertificate number\n" and the
  /// validity's first and last days as day numbers, in their bytes), into `keys` (its strings reused).
  static void officer_keys(const event& ev, std::vector<std::string>& keys) {
    keys.resize(ev.actors.size());
    for (std::size_t i = 0; i < ev.actors.size(); ++i) {
      const auto& a = ev.actors[i];
      auto& key = keys[i];
      key.assign(a.id);
      if (const auto& cert = a.enforcement_certificate) {
        key.append(1, '\n').append(cert->number).append(1, '\n');
        for (const date d : {cert->valid_from, cert->valid_until}) {
          const auto n = d.day_number();  // special dates have their own numbers
          key.append(reinterpret_cast<const char*>(&n), sizeof n);
        }
      }
    }
  }

  /// Registers the actors of `ev` (`keys`: officer_keys(ev)): an officer not registered yet; the officer's
  /// name when the event gives a name other than the registered one (the register keeps the last name the log
  /// gives, in log order: see expected_registers); a certificate not registered yet. What this connection
  /// has registered is remembered until another connection writes (forget).
  void write_officers(const event& ev, const std::vector<std::string>& keys) {
    for (std::size_t i = 0; i < ev.actors.size(); ++i) {
      const auto& a = ev.actors[i];
      const auto known = officer_names.find(a.id);
      if (known == officer_names.end() || (!a.name.empty() && known->second != a.name)) {
        auto& o = stmt(st_insert_officer, "INSERT INTO officers (id, name) VALUES (?, ?) "
                                          "ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE excluded.name <> ''");
        o.bind(1, a.id);
        o.bind(2, a.name);
        o.exec();
        o.reset();
        // What the row now holds: this name; or, an empty one given, the name it held (unknown here).
        if (!a.name.empty()) officer_names[a.id] = a.name;
        else officer_names.emplace(a.id, std::nullopt);
      }
      if (known_officers.count(keys[i])) continue;
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
    pending_cases.clear();  // none: a rebuild is a transaction of its own
    cache.clear();
    SQLite::Statement q(*db, "SELECT case_id, case_seq, type, occurred_at, actors, payload, seq FROM events "
                             "ORDER BY case_id, case_seq");
    std::string current;
    case_record rec;
    expected_registers registers;
    auto flush = [&] {
      if (!current.empty()) write_projection(current, project(wf, rec), changed_case_columns | changed_deadlines, 0, false);
    };
    while (q.executeStep()) {
      const std::string cid = q.getColumn(0).getString();
      if (cid != current) {
        flush();
        current = cid;
        rec = case_record(cid, history_kept::facts_only);
      }
      const std::string where = path + ": case \"" + cid + "\" event " + q.getColumn(1).getString();
      const event ev = detail::decode_event(q.getColumn(2).getText(), q.getColumn(3).getText(),
                                            q.getColumn(4).getText(), q.getColumn(5).getText(), where);
      const auto r = wf.apply_stored(rec, ev);
      if (!r.accepted)
        throw store_error(where + ": this workflow refuses the stored event (" + r.refusals.front().rule_id +
                          "); the projection cannot be rebuilt");
      registers.add(ev, {static_cast<std::uint64_t>(q.getColumn(6).getInt64()), cid,
                         static_cast<std::uint64_t>(q.getColumn(1).getInt64()), {}});
    }
    flush();
    replace_registers(registers);  // from the same pass over the log
  }

  /// Rewrites the officer and certificate registers as the log defines them (expected_registers), inside the
  /// caller's transaction, without touching the projection (the version 4 → 5 migration).
  void rebuild_registers_locked() {
    expected_registers registers;
    SQLite::Statement q(*db, "SELECT seq, case_id, case_seq, type, occurred_at, actors, payload FROM events");
    while (q.executeStep()) {
      const std::string cid = q.getColumn(1).getString();
      const std::string where = path + ": case \"" + cid + "\" event " + q.getColumn(2).getString();
      registers.add(detail::decode_event(q.getColumn(3).getText(), q.getColumn(4).getText(), q.getColumn(5).getText(),
                                         q.getColumn(6).getText(), where),
                    {static_cast<std::uint64_t>(q.getColumn(0).getInt64()), cid,
                     static_cast<std::uint64_t>(q.getColumn(2).getInt64()), {}});
    }
    replace_registers(registers);
  }

  /// Replaces the officer and certificate tables with `registers`, forgetting what this connection knew of them.
  void replace_registers(const expected_registers& registers) {
    db->exec("DELETE FROM certificates; DELETE FROM officers;");
    known_officers.clear();
    officer_names.clear();
    registers.write(*db);
  }

  /// Writes the projections of the cases appended to in this transaction (each once), and empties the list.
  void write_pending_projections() {
    for (auto* e : pending_cases) {
      auto& c = e->second;
      write_projection(e->first, c.proj, c.changed, c.stored_version, c.stored_deadlines);
      c.pending = false;
    }
    pending_cases.clear();
  }

  /// Writes a case's projection over the file's row at `stored_version` (0: none yet): the whole `cases` row
  /// when `changed` says a column other than the version and the last event's time changed (or the row is
  /// new), else only those two; the deadline rows when they changed (deleting the old ones if
  /// `had_deadlines`).
  void write_projection(const std::string& case_id, const projection_row& p, unsigned changed,
                        std::uint64_t stored_version, bool had_deadlines) {
    if (!(changed & changed_case_columns)) {
      auto& u = stmt(st_update_case_version,
                     "UPDATE cases SET version = ?2, last_event_at = ?3 WHERE case_id = ?1 AND version = ?4");
      u.bindNoCopy(1, case_id);
      u.bind(2, static_cast<std::int64_t>(p.version));
      u.bindNoCopy(3, p.last_event_at);
      u.bind(4, static_cast<std::int64_t>(stored_version));
      const int n = u.exec();
      u.reset();
      check_projection_written(case_id, stored_version, n);
    } else {
      write_case_row(case_id, p, stored_version);
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

  /// Belt and braces: the projection must have been at `stored_version` (the log said so under our write lock).
  void check_projection_written(const std::string& case_id, std::uint64_t stored_version, int changed) const {
    if (changed != 1)
      throw store_error(path + ": case \"" + case_id + "\": the stored projection is not at version " +
                        std::to_string(stored_version) + " although the log is; run verify");
  }

  /// The whole `cases` row (inserted, or updated from `stored_version`).
  void write_case_row(const std::string& case_id, const projection_row& p, std::uint64_t stored_version) {
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
             sets + " WHERE cases.version = ?" + std::to_string(13 + detail::stats_columns.size());
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
    check_projection_written(case_id, stored_version, changed);
  }

  detail::fold_context fold_ctx() const { return {wf.active_profile(), wf.active_calendar(), wf.periods()}; }

  /// What can be checked about a request before its case is loaded.
  static void check_request(const append_request& r) {
    check_case_id(r.case_id);
    if (r.recorded_at.is_special()) throw invalid_argument_error("case \"" + r.case_id + "\": recorded_at is not a time");
  }

  /// The first half of an append: checks the request against its case `e` (loaded) with the workflow and, if
  /// accepted, folds it into the case and updates the case's projection (written when the transaction's appends
  /// are done). Writes nothing and reads no file.
  void prepare(const append_request& r, const encoded_request* pre, cache_entry& e, prepared_append& out) {
    cached_case& c = e.second;
    if (c.version != r.expected_version) throw conflict_error(r.case_id, r.expected_version, c.version);
    out.req = &r;
    out.accepted = false;  // `out` may be reused
    out.refused = {};
    // The columns are usually encoded by the caller's thread, outside the group commit's critical section.
    if (pre) {
      out.enc = pre;
    } else {
      out.own = encode_request(r);  // before apply: may throw
      out.enc = &out.own;
    }
    auto applied = wf.apply(c.rec, r.ev, r.coverage);
    out.assumed = applied.first_assumed_day;
    if (!applied.accepted) {
      out.refused.refusals = std::move(applied.refusals);
      out.refused.version = c.version;
      out.refused.provisional = applied.provisional;
      out.refused.first_assumed_day = applied.first_assumed_day;
      return;
    }
    // From here on the cached case is ahead of the file until commit: a failure spoils the transaction, whose
    // rollback forgets the cache.
    writes_started = true;
    if (!c.pending) {  // the case's first append in this transaction: `proj` is still the file's row
      c.stored_version = c.version;
      c.stored_deadlines = c.version > 0 && !c.proj.deadlines.empty();
      c.changed = c.version == 0 ? unsigned{changed_case_columns} : 0U;  // a new row: every column is written
    }
    ++c.version;
    c.changed |= c.tracker.update(c.proj, fold_ctx(), c.rec, out.enc->ev.occurred_at);
    if (!c.pending) {
      c.pending = true;
      pending_cases.push_back(&e);
    }
    out.version = c.version;
    if (r.recorded_at != recorded_memo_at || recorded_memo.empty()) {  // a batch's requests often share it
      recorded_memo = to_iso(r.recorded_at);
      recorded_memo_at = r.recorded_at;
    }
    out.recorded = recorded_memo;
    officer_keys(r.ev, out.officer_keys);
    out.accepted = true;
  }

  /// The second half: links the prepared event to the chain and writes it, its documents and officers (the
  /// projection is written when the transaction's appends are done). Requests are written strictly in order
  /// (each hash covers the previous one).
  append_result write(const prepared_append& p) {
    linked_append l;
    link(p, l);
    insert(p, l, judged_under());
    return std::move(l.result);
  }

  /// Gives the prepared event the next position in the log and its hash, which covers the previous event's.
  void link(const prepared_append& p, linked_append& l) {
    const append_request& r = *p.req;
    const detail::encoded_event& enc = p.enc->ev;
    const std::string& docs = p.enc->documents;
    const std::uint64_t seq = head_seq + 1;
    detail::hash_fields hf;
    hf.prev_hex = head_hex;
    hf.seq = seq;
    hf.case_id = r.case_id;
    hf.case_seq = p.version;
    hf.type = enc.type;
    hf.occurred_at = enc.occurred_at;
    hf.recorded_at = p.recorded;
    hf.actors = enc.actors;
    hf.payload = enc.payload;
    hf.documents = docs;
    hf.calendar_version = calendar_version;
    hf.profile_version = profile_version;
    detail::build_hash_input(hash_buf, hf);  // hash_buf keeps its capacity between appends
    hasher.update(hash_buf);
    l.digest = hasher.digest();
    head_seq = seq;
    head = l.digest;
    detail::sha256::hex(l.digest, head_hex);
    l.result.accepted = true;
    l.result.version = p.version;
    l.result.provisional = p.assumed.has_value();
    l.result.first_assumed_day = p.assumed;
    l.result.seq = seq;
    l.result.hash = head_hex;
  }

  /// Writes a linked event's row (judged under versions row `vid`), its documents and officers.
  void insert(const prepared_append& p, const linked_append& l, std::int64_t vid) {
    const append_request& r = *p.req;
    const detail::encoded_event& enc = p.enc->ev;
    auto& s = stmt(st_insert_event, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, static_cast<std::int64_t>(l.result.seq));
    s.bindNoCopy(2, r.case_id);
    s.bind(3, static_cast<std::int64_t>(p.version));
    s.bindNoCopy(4, enc.type);
    s.bindNoCopy(5, enc.occurred_at);
    s.bindNoCopy(6, p.recorded);
    s.bindNoCopy(7, enc.actors);
    s.bindNoCopy(8, enc.payload);
    s.bindNoCopy(9, p.enc->documents);
    s.bind(10, vid);
    s.bindNoCopy(11, l.digest.data(), static_cast<int>(hash_size));
    s.exec();
    s.reset();
    write_documents(static_cast<std::int64_t>(l.result.seq), r.case_id, r.documents);
    write_officers(r.ev, p.officer_keys);
  }

  /// Checks one request and, if accepted, writes it. Everything that can refuse or fail validation happens
  /// before the first write; a SQLite failure after it is rolled back with the whole transaction.
  append_result append_one(const append_request& r, const encoded_request* pre = nullptr) {
    writes_started = false;
    check_request(r);
    prepared_append& p = one_prepared;  // reused: its buffers keep their capacity from one append to the next
    prepare(r, pre, load_case(r.case_id), p);
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
      write_pending_projections();
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
    static std::atomic<std::size_t> threads_seen{0};
    thread_local const std::size_t slot = threads_seen++;  // distinct for the first wake_cvs.size() threads
    p.cv = &wake_cvs[slot % wake_cvs.size()];
    std::unique_lock<std::mutex> lock(queue_mutex);
    enqueue(p);
    while (!p.done) {
      if (leader_active) {
        p.cv->wait(lock);
        continue;
      }
      lead(lock, &p);  // p is in the group: a thread is woken to lead only while its request is queued
    }
  }

  /// Queues an append_async() request; the committer thread leads its group if no appender does.
  void submit_async(async_pending& a) {
    std::unique_lock<std::mutex> lock(queue_mutex);
    if (!committer.joinable()) committer = std::thread([this] { run_committer(); });
    enqueue(a.p);
    if (!leader_active) committer_cv.notify_one();
  }

  /// Queues a request (queue_mutex held), waking a gathering leader whose group it completes.
  void enqueue(pending& p) {
    queue.push_back(&p);
    if (gathering && queue.size() >= last_group) gather_cv.notify_one();
  }

  void run_committer() {
    std::unique_lock<std::mutex> lock(queue_mutex);
    for (;;) {
      committer_cv.wait(lock, [&] { return (!leader_active && !queue.empty()) || (stopping && queue.empty()); });
      if (queue.empty()) return;  // stopping
      lead(lock, nullptr);
    }
  }

  /// Runs the queued requests as one group: called with queue_mutex held and no leader active; returns with
  /// it held, every request of the group done (append()'s threads woken, append_async()'s promises kept).
  /// `own`: the leading thread's request (not woken), or nullptr for the committer.
  void lead(std::unique_lock<std::mutex>& lock, const pending* own) {
    leader_active = true;
    // The appenders the previous commit released are coming back with their next request. When fewer are
    // queued than that group held, the leader waits for them a little (at most group_gather_wait, a fraction
    // of a sync), so that one sync serves them all instead of a small group now and the rest after it. A lone
    // appender (a group of one) never waits.
    if (last_group > 1 && queue.size() < last_group) {
      gathering = true;
      gather_cv.wait_for(lock, group_gather_wait, [&] { return queue.size() >= last_group; });
      gathering = false;
    }
    // Nothing from here on allocates or throws (run_batch reports every failure in its requests' results): a
    // leader that threw would leave its group waiting forever, and on the committer's thread end the process.
    std::deque<pending*> batch;
    batch.swap(queue);
    last_group = batch.size();
    lock.unlock();
    run_batch(batch);
    std::bitset<std::tuple_size<decltype(wake_cvs)>::value> wake;  // by slot of wake_cvs
    const auto slot_of = [&](const pending* b) { return static_cast<std::size_t>(b->cv - wake_cvs.data()); };
    lock.lock();
    // The group's threads and the first one queued since, which leads the next group, are woken after the
    // lock is released (their condition variables are the store's: a thread that returns at once, ending
    // its `pending`, leaves them valid). An async request's promise is kept after the lock is released too;
    // the store owns it until then.
    for (auto*& b : batch) {
      b->done = true;
      if (b->async) continue;
      if (b != own) wake.set(slot_of(b));
      b = nullptr;  // its thread's: gone once the lock is released
    }
    leader_active = false;
    bool wake_committer = false;
    if (!queue.empty()) {
      if (queue.front()->async)
        wake_committer = true;
      else
        wake.set(slot_of(queue.front()));
    }
    lock.unlock();
    for (std::size_t i = 0; i < wake.size(); ++i)
      if (wake[i]) wake_cvs[i].notify_all();  // all: threads beyond the first 64 share them
    if (wake_committer) committer_cv.notify_one();
    for (auto* b : batch) {
      if (!b) continue;
      auto* a = b->async;
      if (a->p.failure)
        a->promise.set_exception(a->p.failure);
      else
        a->promise.set_value(std::move(a->p.result));
      delete a;
    }
    lock.lock();
  }

  void run_batch(const std::deque<pending*>& batch) {
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
  /// (conflicts pass unchanged; a SQLite exception becomes a store_error with SQLite's code, as
  /// in_transaction would make it, naming the request too). Call from a catch block.
  [[noreturn]] void rethrow_for_request(const std::vector<append_request>& requests, std::size_t i) const {
    const auto& q = requests[i];
    auto prefix = [&] {
      return "request " + std::to_string(i) + " (case \"" + q.case_id + "\", event " +
             std::to_string(q.expected_version + 1) + " " + std::string(to_string(q.ev.type)) + "): ";
    };
    try {
      throw;
    } catch (const SQLite::Exception& e) {
      rethrow_sqlite(e, path + ": " + prefix() + "write failed, nothing was written");
    } catch (const store_error& e) {
      throw store_error(prefix() + e.message(), e.sqlite_code());
    } catch (const error& e) {
      if (e.code() == error_code::conflict) throw;
      if (e.code() == error_code::store) throw store_error(prefix() + e.message());
      throw error(e.code(), prefix() + e.message());
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

  /// append_many's requests: pipelined (append_pipelined) when the batch is large, the machine has a second
  /// hardware thread and the cache has room for all the batch's cases; else in turn.
  std::size_t append_batch(const std::vector<append_request>& requests, std::vector<append_result>& results) {
    static const bool two_threads = std::thread::hardware_concurrency() >= 2;  // a system call: asked once
    if (options.pipelined_batches && requests.size() >= min_pipelined_batch && two_threads) {
      if (const auto r = append_pipelined(requests, results)) return *r;
    }
    return append_in_turn(requests, results);
  }

  /// append_in_turn's result, computed by two threads: a worker checks, folds, projects and hashes the requests
  /// in order (prepare, link: all in memory) while this thread writes each one's row as soon as it is ready
  /// (insert). Before the worker starts, this thread loads the batch's cases and the versions row, so that
  /// the worker never touches the file. Results, refusals and errors are those of append_in_turn: the
  /// same request, the same index, the same message. Nullopt, having written nothing, when the cache cannot hold
  /// all the batch's cases or no thread can be started.
  std::optional<std::size_t> append_pipelined(const std::vector<append_request>& requests,
                                              std::vector<append_result>& results) {
    const std::size_t n = requests.size();
    // This thread's part before the worker: the checks that need no case, and the cases. A request failing
    // here (a bad id, a stored case that does not replay) ends the batch there, unless an earlier one is
    // refused: its error is raised after the requests before it.
    auto& entries = pipeline_entries;
    entries.clear();
    // Room in the cache for the batch's cases, so that no load below drops the cases loaded before it: when the
    // cases already cached and those to load do not fit, the others are dropped (nothing is pending yet: this is
    // the transaction's start); when the batch alone has more cases than the cache holds, it runs in turn.
    if (const std::size_t limit = options.cached_cases) {
      std::unordered_set<std::string_view> ids, to_load;
      for (const auto& r : requests) {
        ids.insert(r.case_id);
        if (!cache.count(r.case_id)) to_load.insert(r.case_id);
      }
      if (ids.size() > limit) return std::nullopt;
      if (cache.size() + to_load.size() > limit) cache.clear();
    }
    std::exception_ptr early;
    for (std::size_t i = 0; i < n && !early; ++i) {
      try {
        check_request(requests[i]);
        entries.push_back(&load_case(requests[i].case_id));
      } catch (...) {
        early = std::current_exception();
      }
    }
    if (entries.empty()) {  // the first request failed
      try {
        std::rethrow_exception(early);
      } catch (...) {
        rethrow_for_request(requests, 0);
      }
    }
    const std::int64_t vid = judged_under();

    auto& slots = pipeline_slots;  // kept from batch to batch, with the capacity of their strings
    if (slots.size() < entries.size()) slots.resize(entries.size());
    std::mutex m;
    std::condition_variable cv;
    std::size_t ready = 0;        // slots[0 .. ready) are linked (under m)
    bool worker_done = false;     // under m
    bool stop = false;            // under m: this thread failed, the worker stops
    std::size_t worker_end = 0;   // the worker's first request not linked: refused or failed (or entries.size())
    std::exception_ptr worker_failure;
    const std::size_t m_end = entries.size();
    std::thread worker;
    auto work = [&] {
      std::size_t i = 0;
      try {
        for (; i < m_end; ++i) {
          auto& sl = slots[i];
          prepare(requests[i], nullptr, *entries[i], sl.p);
          if (!sl.p.accepted) break;
          link(sl.p, sl.l);
          if ((i & 7) == 7) {  // publish every 8 requests
            std::lock_guard<std::mutex> g(m);
            ready = i + 1;
            if (stop) break;
            cv.notify_one();
          }
        }
      } catch (...) {
        worker_failure = std::current_exception();
      }
      std::lock_guard<std::mutex> g(m);
      worker_end = i;
      ready = i;
      worker_done = true;
      cv.notify_one();
    };
    try {
      worker = std::thread(work);
    } catch (const std::system_error&) {
      return std::nullopt;  // no thread to be had: in turn
    }
    // The worker is stopped and joined however this thread leaves.
    struct joiner {
      std::thread& t;
      std::mutex& m;
      bool& stop;
      ~joiner() {
        {
          std::lock_guard<std::mutex> g(m);
          stop = true;
        }
        t.join();
      }
    } join_worker{worker, m, stop};

    std::size_t i = 0;
    for (;;) {
      std::size_t upto;
      bool done;
      {
        std::unique_lock<std::mutex> g(m);
        cv.wait(g, [&] { return ready > i || worker_done; });
        upto = ready;
        done = worker_done;
      }
      for (; i < upto; ++i) {
        try {
          insert(slots[i].p, slots[i].l, vid);
        } catch (...) {
          rethrow_for_request(requests, i);
        }
        results.push_back(std::move(slots[i].l.result));
      }
      if (done) break;
    }
    if (worker_failure) {
      try {
        std::rethrow_exception(worker_failure);
      } catch (...) {
        rethrow_for_request(requests, worker_end);
      }
    }
    if (worker_end < m_end) {  // refused
      results.push_back(std::move(slots[worker_end].p.refused));
      return worker_end;
    }
    if (early) {
      try {
        std::rethrow_exception(early);
      } catch (...) {
        rethrow_for_request(requests, entries.size());
      }
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
      "v.calendar_version, v.profile_version, coalesce((SELECT p.hash FROM events p WHERE p.seq = e.seq - 1), "
      "zeroblob(32)), e.hash FROM events e JOIN versions v ON v.id = e.judged_under ";

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

  /// A failed report naming what differs when the schema was changed since the store was opened; ok otherwise.
  verify_report schema_report() const {
    verify_report rep;
    rep.head_hash = zero_hex;
    if (auto what = schema_problems(); !what.empty()) {
      rep.ok = false;
      rep.problem = verify_problem{0, "", 0, std::move(what)};
    }
    return rep;
  }

  /// Walks the chain up to `limit` events (all when 0). The number of events is fixed first, on the store's
  /// connection: the other connections read only events up to it, which an append cannot change, so events
  /// appended meanwhile are not counted. The log is split into contiguous ranges (range_count) walked in
  /// parallel, the first on this connection and thread, each other one on its own read-only connection and
  /// thread; the report is the one a single walk in seq order gives.
  verify_report verify_chain(std::uint64_t limit) const {
    std::uint64_t events = static_cast<std::uint64_t>(db->execAndGet("SELECT ifnull(max(seq), 0) FROM events").getInt64());
    if (limit != 0) events = std::min(events, limit);
    version_table versions;
    {
      SQLite::Statement v(*db, "SELECT id, calendar_version, profile_version FROM versions");
      while (v.executeStep()) versions[v.getColumn(0).getInt64()] = {v.getColumn(1).getString(), v.getColumn(2).getString()};
    }
    const std::uint64_t k = range_count(events);
    const std::string where = path + ": verifying";
    // Range i of k covers the events events*i/k + 1 .. events*(i+1)/k.
    auto first_of = [&](std::uint64_t i) { return events * i / k + 1; };
    std::vector<range_result> ranges(k);
    {
      std::vector<std::future<void>> others;  // joined before `ranges` goes, also when a walk throws
      const std::string file = sqlite3_db_filename(db->getHandle(), "main");
      for (std::uint64_t i = 1; i < k; ++i)
        others.push_back(std::async(std::launch::async, [&, i] {
          const auto conn = detail::open_store_connection(file, true, static_cast<int>(options.busy_timeout.count()));
          range_walker(*conn, versions, where).walk(first_of(i), first_of(i + 1) - 1, ranges[i]);
        }));
      range_walker(*db, versions, where).walk(1, first_of(1) - 1, ranges[0]);
      for (auto& f : others) f.get();
    }
    verify_report rep = join_ranges(ranges, events);
    if (!rep.ok) {
      // The walk stopped at the problem: the report still says how much the log holds (up to the limit).
      SQLite::Statement n(*db, "SELECT count(*), count(DISTINCT case_id) FROM events WHERE seq <= ?");
      n.bind(1, static_cast<std::int64_t>(events));
      if (n.executeStep()) {
        rep.events = static_cast<std::uint64_t>(n.getColumn(0).getInt64());
        rep.cases = static_cast<std::uint64_t>(n.getColumn(1).getInt64());
      }
    }
    return rep;
  }

  /// How many ranges verify_chain splits `events` events into: store_options::verify_threads, or one per
  /// hardware thread, except for a log too short for the extra connections to pay off.
  std::uint64_t range_count(std::uint64_t events) const {
    constexpr std::uint64_t min_events_to_split = 16'384;
    std::uint64_t k = options.verify_threads;
    if (k == 0) k = events < min_events_to_split ? 1 : std::max(1u, std::thread::hardware_concurrency());
    return std::max<std::uint64_t>(1, std::min(k, events));
  }

  void verify_replay(verify_report& rep) const {
    // Every case is replayed in order and its projection compared with the stored one.
    SQLite::Statement q(*db, "SELECT e.seq, e.case_id, e.case_seq, e.type, e.occurred_at, e.actors, e.payload, "
                             "e.documents, v.calendar_version, v.profile_version FROM events e JOIN versions v "
                             "ON v.id = e.judged_under ORDER BY e.case_id, e.case_seq");
    SQLite::Statement docs(*db, "SELECT kind, number, issued, signatories FROM documents WHERE case_id = ? AND seq = ? "
                                "ORDER BY rowid");  // by case_id: the indexed column (documents_case)
    std::string current;
    case_record rec;
    std::uint64_t last_seq = 0, last_case_seq = 0;
    std::set<std::string> other_versions;
    std::uint64_t provisional_events = 0;  // accepted on a provisional date (R-CALENDAR-PROVISIONAL)
    std::string first_provisional;
    std::uint64_t cases = 0;
    expected_registers registers;
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
        rec = case_record(cid, history_kept::facts_only);
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
        r = wf.apply_stored(rec, ev);
      } catch (const error& e) {
        fail(seq, cid, cseq, std::string("replay failed: ") + e.what());
        return;
      }
      if (!r.accepted) {
        fail(seq, cid, cseq, "the workflow refuses the stored event on replay: " + r.refusals.front().rule_id + " " +
                                 r.refusals.front().message_en);
        return;
      }
      if (r.first_assumed_day && provisional_events++ == 0)
        first_provisional = "case " + cid + " #" + std::to_string(cseq) + ", from " + to_iso(*r.first_assumed_day);
      // The document register must hold exactly the event's documents.
      std::vector<document> in_row;
      try {
        in_row = documents_from(q.getColumn(7).getText(), where);
      } catch (const error& e) {
        fail(seq, cid, cseq, e.what());
        return;
      }
      docs.bind(1, cid);
      docs.bind(2, static_cast<std::int64_t>(seq));
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
      registers.add(ev, {seq, cid, cseq, {}});
      last_seq = seq;
      last_case_seq = cseq;
    }
    if (!finish_case()) return;
    if (auto p = registers.compare(*db)) {
      rep.ok = false;
      rep.problem = std::move(p);
      return;
    }
    SQLite::Statement orphans(*db, "SELECT case_id FROM cases WHERE case_id NOT IN (SELECT case_id FROM events) "
                                   "UNION SELECT case_id FROM deadlines WHERE case_id NOT IN (SELECT case_id FROM events) "
                                   "LIMIT 1");
    if (orphans.executeStep()) {
      fail(0, orphans.getColumn(0).getString(), 0, "a projection exists for a case without events");
      return;
    }
    if (provisional_events)
      rep.notes.push_back("PROVISIONAL: " + std::to_string(provisional_events) +
                          " events were accepted on dates past the calendar's coverage (only the statutory holidays "
                          "assumed, R-CALENDAR-PROVISIONAL; first: " + first_provisional +
                          "): re-check them when the State Council's notice is loaded");
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

store::~store() {
  {
    const std::lock_guard<std::mutex> lock(impl_->queue_mutex);
    impl_->stopping = true;
  }
  impl_->committer_cv.notify_one();
  if (impl_->committer.joinable()) impl_->committer.join();  // after the last queued request is done
}

const std::string& store::path() const noexcept { return impl_->path; }
const workflow& store::flow() const noexcept { return impl_->wf; }
const std::string& store::calendar_version() const noexcept { return impl_->calendar_version; }
const std::string& store::profile_version() const noexcept { return impl_->profile_version; }

append_result store::append(const std::string& case_id, std::uint64_t expected_version, const event& ev,
                            instant recorded_at, const std::vector<document>& documents, coverage_policy coverage) {
  append_request r{case_id, expected_version, ev, recorded_at, documents, coverage};
  const encoded_request enc = encode_request(r);  // in the caller's thread: appenders encode in parallel
  pending p;
  p.req = &r;
  p.enc = &enc;
  impl_->submit(p);
  if (p.failure) std::rethrow_exception(p.failure);
  return std::move(p.result);
}

std::future<append_result> store::append_async(append_request request) {
  auto a = std::make_unique<async_pending>();
  a->enc = encode_request(request);  // in the caller's thread, as append() does
  a->req = std::move(request);
  a->p.req = &a->req;
  a->p.enc = &a->enc;
  a->p.async = a.get();
  auto f = a->promise.get_future();
  impl_->submit_async(*a);
  a.release();  // the store's until its promise is kept (impl::lead)
  return f;
}

store::batch_result store::append_many(const std::vector<append_request>& requests) {
  batch_result out;
  std::lock_guard<std::mutex> guard(impl_->db_mutex);
  try {
    impl_->in_transaction([&] {
      out.results.reserve(requests.size());
      const std::size_t refused = impl_->append_batch(requests, out.results);
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

store::import_report store::import_history(std::string_view text, std::string_view source, instant recorded_at,
                                           coverage_policy coverage) {
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
  // An event's own record (when the file has one: an export from a store) keeps its recording time and
  // documents; `recorded_at` stands for the others.
  std::vector<append_request> reqs;
  for (std::size_t i = stored.size(); i < h.events.size(); ++i) {
    const event_record* r = h.records.empty() ? nullptr : &h.records[i];
    reqs.push_back({h.case_id, i, h.events[i], r && r->recorded_at ? *r->recorded_at : recorded_at,
                    r ? r->documents : std::vector<document>{}, coverage});
  }
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
  // Only a store written before case ids were checked holds one that is not UTF-8 (verify() reports it).
  detail::require_utf8(case_id, "export: case id");
  case_history h;
  h.case_id = case_id;
  h.profile = impl_->wf.active_profile().id;
  h.events.reserve(hist.size());
  h.records.reserve(hist.size());
  for (const auto& e : hist) {
    h.events.push_back(e.ev);
    h.records.push_back({e.recorded_at, e.documents});
  }
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
  if (as_of < events.front().ev.day())
    throw invalid_argument_error("case \"" + case_id + "\": as-of " + to_iso(as_of) + " is before its first event (" +
                                 to_iso(events.front().ev.day()) + ")");
  case_record rec(case_id, history_kept::facts_only);
  for (const auto& e : events) {
    if (e.ev.day() > as_of) break;
    const auto r = impl_->wf.apply_stored(rec, e.ev);
    if (!r.accepted)
      throw store_error(impl_->path + ": case \"" + case_id + "\" event " + std::to_string(e.case_seq) +
                        ": the stored event is refused on replay (" + r.refusals.front().rule_id + "); run verify");
  }
  case_state s;
  s.case_id = case_id;
  s.as_of = as_of;
  s.events = rec.event_count();
  s.stage = std::string(rec.stage());
  s.remedy = std::string(rec.facts().remedy);
  s.deadlines = impl_->wf.deadlines(rec, as_of);
  s.findings = impl_->wf.findings(rec, as_of);
  s.provisional_acceptances = rec.facts().provisional_acceptances;
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
    // As the annual statistics count (compute_statistics): a case closed after a transfer to public security
    // without a decision under transfer_judicial, 程序规定 第六十条第一款第五项.
    SQLite::Statement q(*impl_->db, "SELECT coalesce(outcome, CASE WHEN criminal_transfers > 0 THEN "
                                    "'transfer_judicial' ELSE 'none' END) AS o, count(*) FROM cases "
                                    "WHERE closed_year = ? GROUP BY o ORDER BY o");
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
    // Without memory-mapped reads (every connection is opened with mmap_size=0): a file truncated or replaced
    // underneath fails a read with an error, never SIGBUS.
    if (auto rep = impl_->schema_report(); !rep.ok) return rep;
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
    if (auto rep = impl_->schema_report(); !rep.ok) return rep;
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
