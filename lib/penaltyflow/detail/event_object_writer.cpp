// The writer of one event object of the case-history format (event_object, event_text, event_payload_text,
// actors_text, append_json_string: detail/event_object.hpp), as an nlohmann object or as compact text directly.
#include "penaltyflow/detail/event_fields.hpp"
#include "penaltyflow/detail/event_object.hpp"
#include "penaltyflow/detail/utf8.hpp"

#include <charconv>
#include <cstdio>

namespace penaltyflow::detail {
namespace {

using json = nlohmann::json;
using et = event_type;

/// Writes the event object's members into `out` in sorted key order (the order nlohmann's object keeps),
/// so that a sink writing text directly produces the same bytes as dumping an nlohmann object. With
/// `columns` false, "actors", "at" and "type" are left out (the store keeps them in columns of their own).
/// The one list of what an event writes: history documents, event_json.hpp and the store use it.
template <class Sink>
void write_actor(const actor& a, Sink& out) {
  out.open_object(nullptr);
  if (const auto& c = a.enforcement_certificate) {
    out.open_object("certificate");
    out.string("number", c->number);
    out.string("valid_from", to_iso(c->valid_from));
    out.string("valid_until", to_iso(c->valid_until));
    out.close_object();
  }
  if (a.experienced_legal_reviewer) out.boolean("experienced_legal_reviewer", true);
  out.string("id", a.id);
  if (a.lawyer_qualification) out.boolean("lawyer_qualification", true);
  if (a.legal_qualification) out.boolean("legal_qualification", true);
  if (!a.name.empty()) out.string("name", a.name);
  out.string("role", to_string(a.role));
  out.close_object();
}

template <class Sink, std::size_t N>
void write_names(Sink& out, const char* key, unsigned bits_set, const std::array<const char*, N>& names) {
  out.open_array(key);
  for (std::size_t k = 0; k < N; ++k) {
    if (bits_set & (1U << k)) out.string(nullptr, names[k]);
  }
  out.close_array();
}

/// `legacy`: the penalty's money as versions 1 and 2 wrote it (one confiscation_fen), for a history whose
/// payments name no item (read from those versions), which version 3 cannot express.
template <class Sink>
void write_event(const event& e, std::string_view at, bool columns, Sink& out, bool legacy = false) {
  const field_set ok = allowed(e.type);
  auto use = [ok](field f) { return (ok & bit(f)) != 0; };
  if (columns && !e.actors.empty()) {
    out.open_array("actors");
    for (const auto& a : e.actors) write_actor(a, out);
    out.close_array();
  }
  if (use(field::address_confirmed) && e.address_confirmed) out.boolean("address_confirmed", true);
  if (use(field::amount_fen) && e.amount_fen) out.integer("amount_fen", e.amount_fen);
  if (use(field::approved) && e.approved) out.boolean("approved", *e.approved);
  if (use(field::approved_by) && e.approved_by) out.string("approved_by", to_string(*e.approved_by));
  if (columns) out.string("at", at);
  if (use(field::av_recorded) && e.av_recorded) out.boolean("av_recorded", true);
  if (use(field::circumstances) && !e.circumstances.empty()) {
    out.open_array("circumstances");
    for (const auto& c : e.circumstances) out.string(nullptr, c);
    out.close_array();
  }
  if (use(field::conditions) && e.conditions) write_names(out, "conditions", e.conditions, condition_names);
  if (use(field::decision_changed) && e.decision_changed) out.boolean("decision_changed", true);
  if (use(field::discretion) && e.applied) out.string("discretion", to_string(*e.applied));
  if (use(field::emergency) && e.emergency) out.boolean("emergency", true);
  if (use(field::exclusion) && e.excluded) out.string("exclusion", to_string(*e.excluded));
  if (use(field::exemption_facts) && e.exemption_facts) {
    write_names(out, "exemption_facts", e.exemption_facts, exemption_fact_names);
  }
  if (use(field::extension) && e.extension) out.integer("extension", e.extension);
  if (use(field::grave_harm) && e.grave_harm) out.boolean("grave_harm", true);
  if (use(field::ground) && !e.ground.empty()) out.string("ground", e.ground);
  if (use(field::grounds) && e.grounds) write_names(out, "grounds", e.grounds, ground_names);
  if (use(field::hearing_right_stated) && e.hearing_right_stated) out.boolean("hearing_right_stated", true);
  if (use(field::instalments) && !e.instalments.empty()) {
    out.open_array("instalments");
    for (const auto& i : e.instalments) {
      out.open_object(nullptr);
      out.integer("amount_fen", i.amount_fen);
      out.string("due", to_iso(i.due));
      out.close_object();
    }
    out.close_array();
  }
  if (use(field::institution) && !e.institution.empty()) out.string("institution", e.institution);
  if (use(field::involves_party) && e.involves_party) out.boolean("involves_party", true);
  if (use(field::item) && e.item) out.string("item", to_string(*e.item));
  if (use(field::items) && e.items) {
    if (e.type == et::investigation_ended) write_names(out, "items", e.items, report_item_names);
    else if (e.type == et::reviewed) write_names(out, "items", e.items, review_item_names);
    else if (e.type == et::summary_decision) write_names(out, "items", e.items, summary_item_names);
    else write_names(out, "items", e.items, decision_item_names);
  }
  if (use(field::measure) && !e.measure.empty()) out.string("measure", e.measure);
  if (!e.note.empty()) out.string("note", e.note);
  if (use(field::outcome) && e.outcome) out.string("outcome", to_string(*e.outcome));
  if (use(field::party) && e.party) out.string("party", to_string(*e.party));
  if (use(field::party_notified) && e.party_notified) out.boolean("party_notified", true);
  if (use(field::penalty) && e.proposed) {
    out.open_object("penalty");
    if (legacy) out.integer("confiscation_fen", e.proposed->illegal_gains_fen);
    out.integer("fine_fen", e.proposed->fine_fen);
    if (!legacy) {
      out.integer("illegal_gains_fen", e.proposed->illegal_gains_fen);
      out.integer("illegal_property_fen", e.proposed->illegal_property_fen);
    }
    out.open_array("kinds");
    for (std::size_t k = 0; k < penalty_kind_count; ++k) {
      if (e.proposed->has(static_cast<penalty_kind>(k))) out.string(nullptr, to_string(static_cast<penalty_kind>(k)));
    }
    out.close_array();
    out.close_object();
  }
  if (use(field::publicity_told) && e.publicity_told) out.boolean("publicity_told", true);
  if (use(field::rate_told) && e.rate_told) out.boolean("rate_told", true);
  if (use(field::received_by_transfer) && e.received_by_transfer) out.boolean("received_by_transfer", true);
  if (use(field::refund_required) && e.refund_required) out.boolean("refund_required", true);
  if (use(field::review) && e.review) out.string("review", to_string(*e.review));
  if (use(field::review_result) && e.review_result) out.string("review_result", to_string(*e.review_result));
  if (use(field::rights_told) && e.rights_told) out.boolean("rights_told", true);
  if (use(field::scheduled) && e.scheduled) out.string("scheduled", to_iso(*e.scheduled));
  if (use(field::service_method) && e.service) out.string("service_method", to_string(*e.service));
  if (use(field::subject) && !e.subject.empty()) out.string("subject", e.subject);
  if (use(field::subject_role) && e.subject_role) out.string("subject_role", to_string(*e.subject_role));
  if (columns) out.string("type", to_string(e.type));
  if (use(field::violation_date) && e.violation_date) out.string("violation_date", to_iso(*e.violation_date));
  if (use(field::violation_end) && e.violation_end) out.string("violation_end", to_iso(*e.violation_end));
  if (use(field::violation_type) && !e.violation_type.empty()) out.string("violation_type", e.violation_type);
}

/// Builds an nlohmann object (for history documents, which are pretty-printed). A null key is an element
/// of the enclosing array.
class json_sink {
 public:
  json root = json::object();
  void string(const char* key, std::string_view v) { slot(key) = std::string(v); }
  void boolean(const char* key, bool v) { slot(key) = v; }
  void integer(const char* key, std::int64_t v) { slot(key) = v; }
  void open_object(const char* key) { open(key, json::object()); }
  void open_array(const char* key) { open(key, json::array()); }
  void close_object() { stack_.pop_back(); }
  void close_array() { stack_.pop_back(); }

 private:
  json& slot(const char* key) { return key ? (*stack_.back())[key] : stack_.back()->emplace_back(); }
  void open(const char* key, json v) {
    json& s = slot(key);
    s = std::move(v);
    stack_.push_back(&s);
  }
  std::vector<json*> stack_{&root};
};

/// Writes compact JSON text directly, byte for byte what nlohmann's dump() writes for the same object (keys
/// come sorted from write_event; strings are escaped as nlohmann does with ensure_ascii off).
class text_sink {
 public:
  explicit text_sink(std::string& out) : out_(out) {}
  void string(const char* key, std::string_view v) {
    member(key);
    detail::append_json_string(out_, v);
  }
  void boolean(const char* key, bool v) {
    member(key);
    out_ += v ? "true" : "false";
  }
  void integer(const char* key, std::int64_t v) {
    member(key);
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
  }
  void open_object(const char* key) { open(key, '{'); }
  void open_array(const char* key) { open(key, '['); }
  void close_object() { close('}'); }
  void close_array() { close(']'); }

 private:
  void member(const char* key) {
    if (!first_) out_ += ',';
    first_ = false;
    if (key) {
      out_ += '"';
      out_ += key;  // keys are plain ASCII names
      out_ += "\":";
    }
  }
  void open(const char* key, char c) {
    member(key);
    out_ += c;
    first_ = true;
  }
  void close(char c) {
    out_ += c;
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // Well-formed UTF-8 is copied as it is; anything else goes to nlohmann, which rejects it as dump() does.
      const std::size_t n = utf8_length(s.data() + i, s.data() + s.size());
      if (n == 0) {
        out += json(std::string(s)).dump();  // throws type_error 316 (invalid UTF-8)
        return;
      }
      i += n;
      continue;
    }
    const char* esc = nullptr;
    char u[8];
    switch (c) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\b': esc = "\\b"; break;
      case '\t': esc = "\\t"; break;
      case '\n': esc = "\\n"; break;
      case '\f': esc = "\\f"; break;
      case '\r': esc = "\\r"; break;
      default:
        if (c < 0x20) {
          std::snprintf(u, sizeof u, "\\u%04x", c);
          esc = u;
        }
    }
    if (esc) {
      out.append(s.data() + run, i - run);
      out += esc;
      run = i + 1;
    }
    ++i;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

json event_object(const event& e, std::string_view at, bool legacy) {
  json_sink out;
  write_event(e, at, true, out, legacy);
  return std::move(out.root);
}

std::string event_text(const event& e, std::string_view at) {
  std::string s = "{";
  text_sink out(s);
  write_event(e, at, true, out);
  s += '}';
  return s;
}

std::string event_payload_text(const event& e) {
  std::string s = "{";
  text_sink out(s);
  write_event(e, {}, false, out);
  s += '}';
  return s;
}

std::string actors_text(const std::vector<actor>& actors) {
  std::string s = "[";
  text_sink out(s);
  for (const auto& a : actors) write_actor(a, out);
  s += ']';
  return s;
}

}  // namespace penaltyflow::detail
