// The record store's write path, the same for every backend: the cache of replayed cases, the checks of a request
// against its case with the workflow, the fold and the projection it updates, the hash chain that links each event
// to the one before, and the rows an accepted event adds (written through the backend, detail/store_backend.hpp).
#include "penaltyflow/detail/store_impl.hpp"

#include "penaltyflow/detail/case_fold.hpp"
#include "penaltyflow/detail/utf8.hpp"

#include <cstring>

namespace penaltyflow {

using namespace detail;

namespace detail {

void check_case_id(const std::string& id) {
  if (id.empty()) throw invalid_argument_error("case id: must not be empty");
  require_utf8(id, "case id");
  if (id.size() > 200)
    throw invalid_argument_error("case id \"" + std::string(utf8_prefix(id, 40)) + "...\": longer than 200 bytes");
  for (unsigned char c : id)
    if (c < 0x20 || c == 0x7F)
      throw invalid_argument_error("case id \"" + id + "\": contains a control character");
}

encoded_request encode_request(const append_request& r) {
  check_case_id(r.case_id);
  auto bad = find_invalid_text(r.ev);
  if (!bad) bad = find_invalid_text(r.documents);
  if (bad)
    throw_not_utf8(bad->text, "case \"" + r.case_id + "\" event " + std::string(to_string(r.ev.type)) + ": " +
                                          bad->path);
  return {encode_event(r.ev), documents_json(r.documents)};
}

}  // namespace detail

void store::impl::open() {
  db = make_sqlite_backend(path, options);
  db->open({[this] { rebuild_projections_locked(); }, [this] { rebuild_registers_locked(); }});
}

// ---- transaction state -----------------------------------------------------------------------------------

/// Forgets everything cached from the file (after another connection committed, or after a rollback).
void store::impl::forget() {
  pending_cases.clear();
  cache.clear();
  known_officers.clear();
  officer_names.clear();
  head_known = false;
  versions_id = 0;
}

/// Called right after BEGIN IMMEDIATE: the write lock is ours, so what we read now stays true until commit.
void store::impl::refresh() {
  const std::int64_t v = db->data_version();
  if (v != data_version) {
    forget();
    data_version = v;
  }
  if (!head_known) {
    if (const auto h = db->head()) {
      head_seq = h->first;
      if (h->second.size() != hash_size)
        throw store_error(path + ": event " + std::to_string(head_seq) + " has a malformed hash; run verify");
      std::memcpy(head.data(), h->second.data(), hash_size);
      head_hex = sha256::hex(head);
    } else {
      head_seq = 0;
      head = {};
      head_hex = zero_hex;
    }
    head_known = true;
  }
}

std::int64_t store::impl::judged_under() {
  if (!versions_id) versions_id = db->versions_id(calendar_version, profile_version);
  return versions_id;
}

/// The case as stored, replayed (from the cache when its version is current).
store::impl::cache_entry& store::impl::load_case(const std::string& case_id) {
  auto it = cache.find(case_id);
  if (it != cache.end()) return *it;
  if (options.cached_cases && cache.size() >= options.cached_cases) {
    write_pending_projections();  // before the cases waiting for it are dropped
    cache.clear();
  }
  cached_case c;
  c.rec = case_record(case_id, history_kept::facts_only);  // the log holds the events
  db->case_events(case_id, [&](std::uint64_t case_seq, std::string_view type, std::string_view at,
                              std::string_view actors, std::string_view payload) {
    const std::string where = path + ": case \"" + case_id + "\" event " + std::to_string(case_seq);
    if (case_seq != c.version + 1) throw store_error(where + ": missing event " + std::to_string(c.version + 1));
    const event ev = decode_event(type, at, actors, payload, where);
    const auto r = wf.apply_stored(c.rec, ev);
    if (!r.accepted)
      throw store_error(where + ": the stored event is refused on replay (" + r.refusals.front().rule_id +
                        "); run verify");
    ++c.version;
  });
  if (c.version) c.proj = project(wf, c.rec);
  return *cache.emplace(case_id, std::move(c)).first;
}

// ---- writing ---------------------------------------------------------------------------------------------

/// The officer register's keys of an event's actors (in memory only: "id\ncertificate number\n" and the
/// validity's first and last days as day numbers, in their bytes), into `keys` (its strings reused).
void store::impl::officer_keys(const event& ev, std::vector<std::string>& keys) {
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
void store::impl::write_officers(const event& ev, const std::vector<std::string>& keys) {
  for (std::size_t i = 0; i < ev.actors.size(); ++i) {
    const auto& a = ev.actors[i];
    const auto known = officer_names.find(a.id);
    if (known == officer_names.end() || (!a.name.empty() && known->second != a.name)) {
      db->upsert_officer(a.id, a.name);
      // What the row now holds: this name; or, an empty one given, the name it held (unknown here).
      if (!a.name.empty()) officer_names[a.id] = a.name;
      else officer_names.emplace(a.id, std::nullopt);
    }
    if (known_officers.count(keys[i])) continue;
    if (a.enforcement_certificate) db->insert_certificate(a.id, *a.enforcement_certificate);
    known_officers.insert(keys[i]);
  }
}

void store::impl::write_documents(std::uint64_t seq, const std::string& case_id, const std::vector<document>& docs) {
  for (const auto& d : docs) db->insert_document(seq, case_id, d);
}

/// Replays every case and rewrites the cases and deadlines tables (inside the caller's transaction).
/// Throws store_error naming the first stored event the workflow refuses.
void store::impl::rebuild_projections_locked() {
  db->clear_projections();
  pending_cases.clear();  // none: a rebuild is a transaction of its own
  cache.clear();
  std::string current;
  case_record rec;
  expected_registers registers;
  auto flush = [&] {
    if (!current.empty()) write_projection(current, project(wf, rec), changed_case_columns | changed_deadlines, 0, false);
  };
  db->events_by_case(false, [&](const replay_row& row) {
    if (row.case_id != current) {
      flush();
      current.assign(row.case_id);
      rec = case_record(current, history_kept::facts_only);
    }
    const std::string where = path + ": case \"" + current + "\" event " + std::to_string(row.case_seq);
    const event ev = decode_event(row.type, row.occurred_at, row.actors, row.payload, where);
    const auto r = wf.apply_stored(rec, ev);
    if (!r.accepted)
      throw store_error(where + ": this workflow refuses the stored event (" + r.refusals.front().rule_id +
                        "); the projection cannot be rebuilt");
    registers.add(ev, {row.seq, current, row.case_seq, {}});
    return true;
  });
  flush();
  replace_registers(registers);  // from the same pass over the log
}

/// Rewrites the officer and certificate registers as the log defines them (expected_registers), inside the
/// caller's transaction, without touching the projection (the version 4 → 5 migration).
void store::impl::rebuild_registers_locked() {
  expected_registers registers;
  db->events_by_case(false, [&](const replay_row& row) {
    const std::string cid(row.case_id);
    const std::string where = path + ": case \"" + cid + "\" event " + std::to_string(row.case_seq);
    registers.add(decode_event(row.type, row.occurred_at, row.actors, row.payload, where), {row.seq, cid, row.case_seq, {}});
    return true;
  });
  replace_registers(registers);
}

/// Replaces the officer and certificate tables with `registers`, forgetting what this connection knew of them.
void store::impl::replace_registers(const expected_registers& registers) {
  db->clear_registers();
  known_officers.clear();
  officer_names.clear();
  for (const auto& [id, x] : registers.officers) {
    db->upsert_officer(id, x.name);
    for (const auto& sc : x.certificates) db->insert_certificate(id, sc.cert);
  }
}

/// Writes the projections of the cases appended to in this transaction (each once), and empties the list.
void store::impl::write_pending_projections() {
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
void store::impl::write_projection(const std::string& case_id, const projection_row& p, unsigned changed,
                      std::uint64_t stored_version, bool had_deadlines) {
  if (!(changed & changed_case_columns))
    check_projection_written(case_id, stored_version,
                             db->update_case_version(case_id, p.version, p.last_event_at, stored_version));
  else
    check_projection_written(case_id, stored_version, db->write_case_row(case_id, p, stored_version));
  if (!(changed & changed_deadlines)) return;
  if (had_deadlines) db->delete_deadlines(case_id);
  for (const auto& r : p.deadlines) db->insert_deadline(case_id, r);
}

/// Belt and braces: the projection must have been at `stored_version` (the log said so under our write lock).
void store::impl::check_projection_written(const std::string& case_id, std::uint64_t stored_version, int changed) const {
  if (changed != 1)
    throw store_error(path + ": case \"" + case_id + "\": the stored projection is not at version " +
                      std::to_string(stored_version) + " although the log is; run verify");
}

/// What can be checked about a request before its case is loaded.
void store::impl::check_request(const append_request& r) {
  check_case_id(r.case_id);
  if (r.recorded_at.is_special()) throw invalid_argument_error("case \"" + r.case_id + "\": recorded_at is not a time");
}

/// The first half of an append: checks the request against its case `e` (loaded) with the workflow and, if
/// accepted, folds it into the case and updates the case's projection (written when the transaction's appends
/// are done). Writes nothing and reads no file.
void store::impl::prepare(const append_request& r, const encoded_request* pre, cache_entry& e, prepared_append& out) {
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
append_result store::impl::write(const prepared_append& p) {
  linked_append l;
  link(p, l);
  insert(p, l, judged_under());
  return std::move(l.result);
}

/// Gives the prepared event the next position in the log and its hash, which covers the previous event's.
void store::impl::link(const prepared_append& p, linked_append& l) {
  const append_request& r = *p.req;
  const encoded_event& enc = p.enc->ev;
  const std::string& docs = p.enc->documents;
  const std::uint64_t seq = head_seq + 1;
  hash_fields hf;
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
  build_hash_input(hash_buf, hf);  // hash_buf keeps its capacity between appends
  hasher.update(hash_buf);
  l.digest = hasher.digest();
  head_seq = seq;
  head = l.digest;
  sha256::hex(l.digest, head_hex);
  l.result.accepted = true;
  l.result.version = p.version;
  l.result.provisional = p.assumed.has_value();
  l.result.first_assumed_day = p.assumed;
  l.result.seq = seq;
  l.result.hash = head_hex;
}

/// Writes a linked event's row (judged under versions row `vid`), its documents and officers.
void store::impl::insert(const prepared_append& p, const linked_append& l, std::int64_t vid) {
  const append_request& r = *p.req;
  const encoded_event& enc = p.enc->ev;
  event_insert row;
  row.seq = l.result.seq;
  row.case_id = &r.case_id;
  row.case_seq = p.version;
  row.type = &enc.type;
  row.occurred_at = &enc.occurred_at;
  row.recorded_at = &p.recorded;
  row.actors = &enc.actors;
  row.payload = &enc.payload;
  row.documents = &p.enc->documents;
  row.judged_under = vid;
  row.hash = &l.digest;
  db->insert_event(row);
  write_documents(l.result.seq, r.case_id, r.documents);
  write_officers(r.ev, p.officer_keys);
}

/// Checks one request and, if accepted, writes it. Everything that can refuse or fail validation happens
/// before the first write; a SQLite failure after it is rolled back with the whole transaction.
append_result store::impl::append_one(const append_request& r, const encoded_request* pre) {
  writes_started = false;
  check_request(r);
  prepared_append& p = one_prepared;  // reused: its buffers keep their capacity from one append to the next
  prepare(r, pre, load_case(r.case_id), p);
  if (!p.accepted) return std::move(p.refused);
  return write(p);
}

void store::impl::in_transaction(const std::function<void()>& body) {
  db->begin();
  try {
    refresh();
    body();
    write_pending_projections();
  } catch (...) {
    db->rollback();
    forget();
    db->rethrow(path + ": write failed, nothing was written");
  }
  try {
    db->commit();
  } catch (...) {
    forget();
    throw;
  }
}

}  // namespace penaltyflow
