// The record store's rows, whatever backend holds them: the projection of a case (project, and the tracker that
// keeps it up to date event by event), the documents and findings columns, the event row read back, and the
// officer and certificate registers as the log defines them. No database is named here.
#include "penaltyflow/detail/store_rows.hpp"

#include "penaltyflow/detail/event_codec.hpp"
#include "penaltyflow/detail/event_object.hpp"
#include "penaltyflow/detail/json_objects.hpp"
#include "penaltyflow/detail/json_reader.hpp"
#include "penaltyflow/detail/json_scan.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace penaltyflow::detail {

using nlohmann::json;

const std::string zero_hex(64, '0');

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

std::vector<finding> findings_from(std::string_view text) {
  std::vector<finding> out;
  for (const auto& f : json::parse(text)) out.push_back(detail::finding_from_stored(f));
  return out;
}

std::string documents_json(const std::vector<document>& docs) {
  if (docs.empty()) return "[]";
  json a = json::array();
  for (const auto& d : docs) a.push_back(document_object(d));
  return a.dump();
}

/// The fast path of documents_from: "[]" and the canonical objects documents_json writes (keys sorted,
/// compact), straight into `out`. False on anything else, valid or not; documents_from then reads the text
/// with nlohmann, which alone defines what is accepted and the errors.
bool documents_fast(std::string_view text, std::vector<document>& out) {
  out.clear();
  if (text == "[]") return true;
  json_scan sc(text);
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
  const json_reader rd(error_code::history_format, where + ": documents");
  const json a = rd.parse(text);
  if (!a.is_array()) rd.fail_at("$", "expected an array, found " + json_reader::type_name(a));
  for (std::size_t i = 0; i < a.size(); ++i)
    out.push_back(read_document_object(a[i], rd, "$[" + std::to_string(i) + "]"));
  return out;
}

std::string signatories_json(const std::vector<std::string>& signatories) { return json(signatories).dump(); }

std::vector<std::string> signatories_from(std::string_view text) {
  return json::parse(text).get<std::vector<std::string>>();
}

std::string projection_row::difference(const projection_row& o) const {
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
    if (stats_text[i] != o.stats_text[i]) return d(stats_columns[i].data(), stats_text[i], o.stats_text[i]);
  auto num = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string("NULL"); };
  for (std::size_t i = 0; i < stats_int.size(); ++i)
    if (stats_int[i] != o.stats_int[i])
      return d(stats_columns[stats_text_count + i].data(), num(stats_int[i]), num(o.stats_int[i]));
  if (deadlines.size() != o.deadlines.size())
    return d("deadlines (count)", std::to_string(deadlines.size()), std::to_string(o.deadlines.size()));
  for (std::size_t i = 0; i < deadlines.size(); ++i)
    if (!(deadlines[i] == o.deadlines[i]))
      return d("deadline", deadlines[i].period_id + " due " + deadlines[i].due,
               o.deadlines[i].period_id + " due " + o.deadlines[i].due);
  return {};
}

namespace {

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

std::array<std::optional<std::int64_t>, stats_int_count> stats_ints(const case_facts& f) {
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
  for (const auto& x : findings) fs.push_back(detail::stored_finding_object(x));
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

}  // namespace

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
unsigned projection_tracker::update(projection_row& p, const fold_context& ctx, const case_record& rec,
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
  open_deadline_dues(f, ctx, last.date(), memo, dues);
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

open_deadline to_open_deadline(const deadline_row& r, const period_catalogue& periods) {
  open_deadline d;
  d.period_id = r.period_id;
  d.rule_id = r.rule_id;
  d.subject = r.subject;
  d.start = parse_date(r.start, "deadline start");
  d.due = parse_date(r.due, "deadline due");
  d.provisional = (r.flags & 1) != 0;
  d.obligation = (r.flags & 2) != 0;
  if (const auto* p = periods.find(r.period_id)) {
    d.title_zh = p->title_zh;
    d.title_en = p->title_en;
    d.citation = p->citation_text();
  }
  return d;
}

stored_event to_stored_event(const event_row& row, const std::string& path) {
  stored_event s;
  s.seq = row.seq;
  s.case_id.assign(row.case_id);
  s.case_seq = row.case_seq;
  // The row's name is needed only for errors: built when a fast path declines or a value is bad.
  auto where = [&] { return path + ": case \"" + s.case_id + "\" event " + std::to_string(s.case_seq); };
  if (!decode_event_fast(row.type, row.occurred_at, row.actors, row.payload, s.ev))
    s.ev = decode_event_strict(row.type, row.occurred_at, row.actors, row.payload, where());
  try {
    s.recorded_at = parse_instant(row.recorded_at);
  } catch (const invalid_argument_error&) {
    s.recorded_at = parse_instant(row.recorded_at, where() + " recorded_at");  // the same error, naming the row
  }
  if (!documents_fast(row.documents, s.documents)) s.documents = documents_from(row.documents, where());
  s.calendar_version.assign(row.calendar_version);
  s.profile_version.assign(row.profile_version);
  hex_into(s.prev_hash, row.prev_hash.data(), row.prev_hash.size());
  hex_into(s.hash, row.hash.data(), row.hash.size());
  return s;
}

void expected_registers::add(const event& ev, const verify_problem& at) {
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


std::optional<verify_problem> expected_registers::compare(std::map<std::string, std::string> stored_officers,
                                                          std::set<certificate_key> stored_certificates) const {
  std::optional<verify_problem> first;  // the earliest event's problem
  auto problem = [&first](const verify_problem& at, std::string what) {
    if (first && first->seq <= at.seq) return;
    first = at;
    first->what = std::move(what);
  };
  using cert_key = certificate_key;  // officer, number, valid from, valid until
  auto text = [](const cert_key& k) {
    return "certificate " + k[1] + " of officer \"" + k[0] + "\" valid " + k[2] + ".." + k[3];
  };
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

}  // namespace penaltyflow::detail
