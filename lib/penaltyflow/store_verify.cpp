// verify() and verify_checkpoint(), the same for every backend: the hash chain recomputed over contiguous ranges of
// the log walked in parallel (each range on its own connection, chain_source), and the replay of every case
// through the workflow compared with its stored projection, document register and officer registers.
#include "penaltyflow/detail/store_impl.hpp"

#include "penaltyflow/detail/utf8.hpp"

#include <algorithm>
#include <cstring>
#include <future>
#include <set>
#include <thread>
#include <tuple>

namespace penaltyflow {

using namespace detail;

namespace {

// The log is split into contiguous ranges of seq, each walked by its own thread on its own connection. A row's
// hash depends only on its own columns and the previous row's stored hash, so a range starting at seq m+1 starts
// from the stored hash of event m. What a range cannot check alone, whether each case's first event in it
// follows the case's last event in the earlier ranges, is checked when the ranges are joined in seq order.

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
  sha256_digest head{};           // the stored hash of its last event
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
  range_walker(chain_source& conn, const version_table& versions, std::string where)
      : conn_(conn), versions_(versions), where_(std::move(where)) {}

  /// Checks the events first..last (seq) into `out` (empty before), stopping at the first problem.
  void walk(std::uint64_t first, std::uint64_t last, range_result& out) {
    prev_ = first == 1 ? sha256_digest{} : stored_hash(first - 1);
    // Unbounded above: a gap at the end of the range is reported at the next stored event, as one walk would.
    const auto rows = conn_.events_from(first, where_);
    chain_row row;
    for (expected_ = first; expected_ <= last; ++expected_) {
      if (!rows->next(row)) break;
      if (!check_row(row, out)) return;
    }
    if (expected_ <= last)  // the snapshot had these events: they were deleted during the walk
      out.problem = verify_problem{expected_, "", 0,
                                   "log position " + std::to_string(expected_) +
                                       " is missing (no event is stored after it): an event was deleted"};
    out.head = prev_;
  }

 private:
  /// The stored hash of event `seq`; zeros if it is missing or malformed (the range before reports that).
  sha256_digest stored_hash(std::uint64_t seq) {
    sha256_digest d{};
    const std::string h = conn_.stored_hash(seq, where_);
    if (h.size() == hash_size) std::memcpy(d.data(), h.data(), hash_size);
    return d;
  }

  /// Checks the current row in the order of one walk: position, version, case sequence, hash (whose input
  /// starts with the previous row's stored hash: the link).
  /// False, with out.problem set, at the first problem.
  bool check_row(const chain_row& q, range_result& out) {
    const auto seq = q.seq;
    const std::string_view case_id = q.case_id;
    const auto case_seq = q.case_seq;
    auto fail = [&](std::string what) {
      out.problem = verify_problem{seq, printable_utf8(case_id), case_seq, std::move(what)};
      return false;
    };
    if (seq != expected_)
      return fail("log position " + std::to_string(expected_) + " is missing (next stored event is " +
                  std::to_string(seq) + "): an event was deleted");
    const auto* ver = version(q.judged_under);
    if (!ver) return fail("the calendar/profile version row it refers to is missing");
    if (const auto last = follow_case(out, seq, case_id, case_seq); last != case_seq - 1)
      return fail(case_sequence_message(case_seq, last, case_id));
    const void* stored = q.hash.data();
    const int hash_bytes = static_cast<int>(q.hash.size());
    if (hash_bytes != static_cast<int>(hash_size))
      return fail("the stored hash has " + std::to_string(hash_bytes) + " bytes, not 32");
    const auto computed = hash_of(q, seq, case_id, case_seq, *ver);
    if (std::memcmp(computed.data(), stored, hash_size) != 0)
      return fail("hash mismatch: stored " + hex_of(stored, hash_size) + ", computed " +
                  sha256::hex(computed) + " (the row was changed after it was recorded)");
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

  /// The hash of the current row as recorded (build_hash_input), after the previous stored hash.
  sha256_digest hash_of(const chain_row& q, std::uint64_t seq, std::string_view case_id,
                                std::uint64_t case_seq, const version_table::value_type& ver) {
    sha256::hex(prev_, prev_hex_);
    hash_fields f;
    f.prev_hex = prev_hex_;
    f.seq = seq;
    f.case_id = case_id;
    f.case_seq = case_seq;
    f.type = q.type;
    f.occurred_at = q.occurred_at;
    f.recorded_at = q.recorded_at;
    f.actors = q.actors;
    f.payload = q.payload;
    f.documents = q.documents;
    f.calendar_version = ver.second.first;
    f.profile_version = ver.second.second;
    build_hash_input(input_, f);
    hasher_.update(input_);
    return hasher_.digest();
  }

  chain_source& conn_;
  const version_table& versions_;
  const std::string where_;
  const version_table::value_type* version_ = nullptr;
  std::uint64_t expected_ = 0;  // the seq the next row must have
  sha256_digest prev_{};
  std::string prev_hex_, input_;
  sha256 hasher_;
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
  rep.head_hash = sha256::hex(ranges.back().head);
  return rep;
}

}  // namespace

/// A failed report naming what differs when the schema was changed since the store was opened; ok otherwise.
verify_report store::impl::schema_report() const {
  verify_report rep;
  rep.head_hash = zero_hex;
  if (auto what = db->schema_problems(); !what.empty()) {
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
verify_report store::impl::verify_chain(std::uint64_t limit) const {
  std::uint64_t events = db->last_seq();
  if (limit != 0) events = std::min(events, limit);
  const version_table versions = db->versions();
  const std::uint64_t k = range_count(events);
  const std::string where = path + ": verifying";
  // Range i of k covers the events events*i/k + 1 .. events*(i+1)/k.
  auto first_of = [&](std::uint64_t i) { return events * i / k + 1; };
  std::vector<range_result> ranges(k);
  {
    std::vector<std::future<void>> others;  // joined before `ranges` goes, also when a walk throws
    for (std::uint64_t i = 1; i < k; ++i)
      others.push_back(std::async(std::launch::async, [&, i] {
        const auto conn = db->open_chain_source();
        range_walker(*conn, versions, where).walk(first_of(i), first_of(i + 1) - 1, ranges[i]);
      }));
    range_walker(db->chain(), versions, where).walk(1, first_of(1) - 1, ranges[0]);
    for (auto& f : others) f.get();
  }
  verify_report rep = join_ranges(ranges, events);
  if (!rep.ok) {
    // The walk stopped at the problem: the report still says how much the log holds (up to the limit).
    std::tie(rep.events, rep.cases) = db->count_upto(events);
  }
  return rep;
}

/// How many ranges verify_chain splits `events` events into: store_options::verify_threads, or one per
/// hardware thread, except for a log too short for the extra connections to pay off.
std::uint64_t store::impl::range_count(std::uint64_t events) const {
  constexpr std::uint64_t min_events_to_split = 16'384;
  std::uint64_t k = options.verify_threads;
  if (k == 0) k = events < min_events_to_split ? 1 : std::max(1u, std::thread::hardware_concurrency());
  return std::max<std::uint64_t>(1, std::min(k, events));
}

void store::impl::verify_replay(verify_report& rep) const {
  // Every case is replayed in order and its projection compared with the stored one.
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
    const auto stored = db->stored_projection(current);
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
  bool stopped = false;
  db->events_by_case(true, [&](const replay_row& q) {
    const std::string cid(q.case_id);
    const auto seq = q.seq;
    const auto cseq = q.case_seq;
    if (cid != current) {
      if (!finish_case()) return !(stopped = true);
      current = cid;
      rec = case_record(cid, history_kept::facts_only);
      ++cases;
    }
    const std::string where = path + ": case \"" + cid + "\" event " + std::to_string(cseq);
    if (q.calendar_version != calendar_version || q.profile_version != profile_version)
      other_versions.insert(std::string(q.calendar_version) + " / " + std::string(q.profile_version));
    event ev;
    try {
      ev = decode_event(q.type, q.occurred_at, q.actors, q.payload, where);
    } catch (const error& e) {
      fail(seq, cid, cseq, std::string("the stored event cannot be read: ") + e.what());
      return !(stopped = true);
    }
    apply_result r;
    try {
      r = wf.apply_stored(rec, ev);
    } catch (const error& e) {
      fail(seq, cid, cseq, std::string("replay failed: ") + e.what());
      return !(stopped = true);
    }
    if (!r.accepted) {
      fail(seq, cid, cseq, "the workflow refuses the stored event on replay: " + r.refusals.front().rule_id + " " +
                               r.refusals.front().message_en);
      return !(stopped = true);
    }
    if (r.first_assumed_day && provisional_events++ == 0)
      first_provisional = "case " + cid + " #" + std::to_string(cseq) + ", from " + to_iso(*r.first_assumed_day);
    // The document register must hold exactly the event's documents.
    std::vector<document> in_row;
    try {
      in_row = documents_from(q.documents, where);
    } catch (const error& e) {
      fail(seq, cid, cseq, e.what());
      return !(stopped = true);
    }
    std::vector<document> registered;
    for (auto& row : db->documents_of(cid, seq)) {
      document d;
      d.kind = std::move(row.kind);
      d.number = std::move(row.number);
      try {
        d.issued = parse_date(row.issued, "document date");
        d.signatories = signatories_from(row.signatories);
      } catch (const std::exception&) {
        d.signatories = {"<unreadable>"};
      }
      registered.push_back(std::move(d));
    }
    for (auto& d : in_row) {  // the register holds kind, number, date and signatories only
      d.pages = d.signed_pages = 0;
      d.volume.clear();
    }
    if (registered != in_row) {
      fail(seq, cid, cseq, "the document register does not match the documents recorded with the event");
      return !(stopped = true);
    }
    registers.add(ev, {seq, cid, cseq, {}});
    last_seq = seq;
    last_case_seq = cseq;
    return true;
  });
  if (stopped || !finish_case()) return;
  if (auto problem = registers.compare(db->stored_officers(), db->stored_certificates())) {
    rep.ok = false;
    rep.problem = std::move(problem);
    return;
  }
  if (const auto orphan = db->orphan_projection()) {
    fail(0, *orphan, 0, "a projection exists for a case without events");
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

}  // namespace penaltyflow
