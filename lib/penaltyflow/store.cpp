// The record store's public members (store.hpp), the same for every backend: opening, append and its asynchronous
// and batched forms, import and export, the readers, time travel (state_as_of), verify and checkpoints; and the
// store's errors, the profile version and the checkpoint format. The parts are store_append.cpp (the write path),
// store_group_commit.cpp (group commit, append_many), store_verify.cpp (verify), detail/store_rows.cpp (the rows and
// the projection); the database is reached through detail::store_backend, of which SQLite (detail/sqlite_*.cpp) is
// the one implementation. No file of these includes an SQLite header.
#include <penaltyflow/store.hpp>

#include <penaltyflow/event_json.hpp>
#include <penaltyflow/history.hpp>

#include "penaltyflow/detail/json_reader.hpp"
#include "penaltyflow/detail/sha256.hpp"
#include "penaltyflow/detail/store_impl.hpp"
#include "penaltyflow/detail/utf8.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>

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
  const detail::encoded_request enc = detail::encode_request(r);  // in the caller's thread: appenders encode in parallel
  detail::pending p;
  p.req = &r;
  p.enc = &enc;
  impl_->submit(p);
  if (p.failure) std::rethrow_exception(p.failure);
  return std::move(p.result);
}

std::future<append_result> store::append_async(append_request request) {
  auto a = std::make_unique<detail::async_pending>();
  a->enc = detail::encode_request(request);  // in the caller's thread, as append() does
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
    return impl_->db->case_version(case_id);
  });
}

std::vector<stored_event> store::history(const std::string& case_id) const {
  return impl_->read("reading a case history", [&] {
    std::vector<stored_event> out;
    impl_->db->event_rows(&case_id, [&](const detail::event_row& r) { out.push_back(detail::to_stored_event(r, impl_->path)); });
    return out;
  });
}

std::optional<case_projection> store::projection(const std::string& case_id) const {
  return impl_->read("reading a case projection", [&]() -> std::optional<case_projection> {
    const auto p = impl_->db->stored_projection(case_id);
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
    for (const auto& d : p->deadlines) c.deadlines.push_back(detail::to_open_deadline(d, impl_->wf.periods()));
    c.findings = detail::findings_from(p->findings);
    return c;
  });
}

std::vector<std::string> store::case_ids() const {
  return impl_->read("listing cases", [&] {
    return impl_->db->case_ids();
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
  s.execution = execution::items_of(rec.facts());
  s.executed = rec.facts().executed;
  return s;
}

std::vector<due_item> store::due(date from, date to) const {
  if (from.is_special() || to.is_special() || to < from)
    throw invalid_argument_error("due: the window " + to_iso(from) + ".." + to_iso(to) + " is not a date range");
  return impl_->read("listing deadlines", [&] {
    std::vector<due_item> out;
    impl_->db->due_rows(to_iso(from), to_iso(to), [&](std::string case_id, std::string stage, detail::deadline_row row) {
      out.push_back({std::move(case_id), std::move(stage), detail::to_open_deadline(row, impl_->wf.periods())});
    });
    return out;
  });
}

std::vector<std::pair<std::string, std::uint64_t>> store::closed_by_outcome(int year) const {
  return impl_->read("counting closed cases", [&] {
    return impl_->db->closed_by_outcome(year);
  });
}

std::vector<case_summary> store::case_summaries(const summary_filter& filter) const {
  std::vector<case_summary> out;
  for_each_summary(filter, [&out](case_summary& c) { out.push_back(c); });  // a copy keeps `c`'s capacity
  return out;
}

void store::for_each_summary(const summary_filter& filter, const std::function<void(case_summary&)>& fn) const {
  impl_->read("reading case summaries", [&] {
    impl_->db->summaries(filter, fn);
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
    std::vector<stored_event> current;
    impl_->db->event_rows(nullptr, [&](const detail::event_row& r) {
      if (!current.empty() && current.front().case_id != r.case_id) {
        fn(current);
        current.clear();
      }
      current.push_back(detail::to_stored_event(r, impl_->path));
    });
    if (!current.empty()) fn(current);
  });
}

std::vector<store::officer_record> store::officers() const {
  return impl_->read("listing officers", [&] {
    return impl_->db->officers();
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
    cp.head_hash = detail::zero_hex;
    if (const auto h = impl_->db->head()) {
      cp.count = h->first;
      cp.head_hash = detail::hex_of(h->second.data(), h->second.size());
    }
    return cp;
  });
}

verify_report store::verify_checkpoint(const checkpoint& cp) const {
  return impl_->read("verifying a checkpoint", [&] {
    if (auto rep = impl_->schema_report(); !rep.ok) return rep;
    if (cp.count == 0) {
      verify_report rep;
      rep.head_hash = detail::zero_hex;
      if (cp.head_hash != detail::zero_hex) {
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