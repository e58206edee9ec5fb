// The fast reader of the store's event columns (read_event_columns, detail/event_object.hpp): reads the
// canonical text the writer produces, and leaves anything else to the strict reader.
#include "penaltyflow/detail/event_fields.hpp"
#include "penaltyflow/detail/event_object.hpp"
#include "penaltyflow/detail/json_scan.hpp"

#include <penaltyflow/error.hpp>
#include <penaltyflow/money.hpp>

namespace penaltyflow::detail {
namespace {

using json = nlohmann::json;
using et = event_type;

/// The fast path of the store's event columns: reads the canonical bytes write_event and write_actor write
/// (the same field table, names and enum names), straight into an event. It accepts only what the strict
/// reader above accepts and gives the same event; on anything else it returns false and the caller runs the
/// strict reader, which stays the definition of validity and of the error messages.
class fast_reader {
 public:
  explicit fast_reader(event& e) : e_(e) {}

  bool payload(std::string_view text) {
    detail::json_scan sc(text);
    if (!sc.eat('{')) return false;
    const field_set ok = allowed(e_.type);
    std::string_view k, prev;
    for (bool first = true; !sc.eat('}'); first = false) {
      if (!sc.next_key(k, prev, first)) return false;
      if (k == "note") {
        if (!sc.string(e_.note)) return false;
        continue;
      }
      std::size_t i = 0;
      while (i < field_names.size() && field_names[i] != k) ++i;
      if (i == field_names.size() || !(ok & (field_set{1} << i))) return false;  // also "type", "at", "actors"
      if (!value(static_cast<field>(i), sc)) return false;
    }
    return sc.done();
  }

  bool actors(std::string_view text) {
    detail::json_scan sc(text);
    if (!sc.eat('[')) return false;
    for (bool first = true; !sc.eat(']'); first = false) {
      if (!first && !sc.eat(',')) return false;
      if (!actor_object(sc, e_.actors.emplace_back())) return false;
    }
    return sc.done();
  }

 private:
  template <class T, class Parse>
  bool enum_value(detail::json_scan& sc, T& out, Parse parse) {
    if (!sc.string(buf_)) return false;
    const auto v = parse(buf_);
    if (!v) return false;
    out = *v;
    return true;
  }

  bool day(detail::json_scan& sc, date& out) {
    if (!sc.string(buf_)) return false;
    try {
      out = parse_date(buf_);
    } catch (const error&) {
      return false;
    }
    return true;
  }
  bool day(detail::json_scan& sc, std::optional<date>& out) {
    date d;
    if (!day(sc, d)) return false;
    out = d;
    return true;
  }

  template <std::size_t N>
  bool bits(detail::json_scan& sc, unsigned& out, const std::array<const char*, N>& names) {
    if (!sc.eat('[')) return false;
    out = 0;
    for (bool first = true; !sc.eat(']'); first = false) {
      if (!first && !sc.eat(',')) return false;
      if (!sc.string(buf_)) return false;
      std::size_t k = 0;
      while (k < N && buf_ != names[k]) ++k;
      if (k == N) return false;
      out |= 1U << k;
    }
    return true;
  }

  /// An amount as the strict reader accepts it (in [0, max_amount_fen]); anything else goes to the strict reader.
  static bool amount(detail::json_scan& sc, std::int64_t& out) {
    return sc.integer(out) && out >= 0 && out <= max_amount_fen;
  }

  bool penalty_object(detail::json_scan& sc) {
    if (!sc.eat('{')) return false;
    penalty p;
    int legacy_seen = 0;  // 1: confiscation_fen, 2: the items (never both)
    std::string_view k, prev;
    for (bool first = true; !sc.eat('}'); first = false) {
      if (!sc.next_key(k, prev, first)) return false;
      if (k == "confiscation_fen") {  // versions 1 and 2 (the store's older rows): the illegal gains
        if (!amount(sc, p.illegal_gains_fen) || legacy_seen == 2) return false;
        legacy_seen = 1;
      } else if (k == "illegal_gains_fen" || k == "illegal_property_fen") {
        if (!amount(sc, k == "illegal_gains_fen" ? p.illegal_gains_fen : p.illegal_property_fen) || legacy_seen == 1)
          return false;
        legacy_seen = 2;
      } else if (k == "fine_fen") {
        if (!amount(sc, p.fine_fen)) return false;
      } else if (k == "kinds") {
        if (!sc.eat('[')) return false;
        for (bool f = true; !sc.eat(']'); f = false) {
          if (!f && !sc.eat(',')) return false;
          penalty_kind pk{};
          if (!enum_value(sc, pk, parse_penalty_kind)) return false;
          p.add(pk);
        }
      } else {
        return false;
      }
    }
    e_.proposed = p;
    return true;
  }

  bool actor_object(detail::json_scan& sc, actor& a) {
    if (!sc.eat('{')) return false;
    bool has_id = false, has_role = false;
    std::string_view k, prev;
    for (bool first = true; !sc.eat('}'); first = false) {
      if (!sc.next_key(k, prev, first)) return false;
      bool ok = false;
      if (k == "certificate") ok = certificate_object(sc, a);
      else if (k == "experienced_legal_reviewer") ok = sc.boolean(a.experienced_legal_reviewer);
      else if (k == "id") ok = has_id = sc.string(a.id) && !a.id.empty();
      else if (k == "lawyer_qualification") ok = sc.boolean(a.lawyer_qualification);
      else if (k == "legal_qualification") ok = sc.boolean(a.legal_qualification);
      else if (k == "name") ok = sc.string(a.name);
      else if (k == "role") ok = has_role = enum_value(sc, a.role, parse_actor_role);
      if (!ok) return false;
    }
    return has_id && has_role;
  }

  bool certificate_object(detail::json_scan& sc, actor& a) {
    certificate c;
    std::string_view k;
    if (!sc.eat('{') || !sc.key(k) || k != "number" || !sc.string(c.number)) return false;
    if (!sc.eat(',') || !sc.key(k) || k != "valid_from" || !day(sc, c.valid_from)) return false;
    if (!sc.eat(',') || !sc.key(k) || k != "valid_until" || !day(sc, c.valid_until)) return false;
    if (!sc.eat('}')) return false;
    a.enforcement_certificate = std::move(c);
    return true;
  }

  bool value(field f, detail::json_scan& sc) {
    unsigned b = 0;
    std::int64_t n = 0;
    switch (f) {
      case field::party: return enum_value(sc, e_.party, parse_party_kind);
      case field::violation_date: return day(sc, e_.violation_date);
      case field::violation_end: return day(sc, e_.violation_end);
      case field::grave_harm: return sc.boolean(e_.grave_harm);
      case field::conditions:
        if (!bits(sc, b, condition_names)) return false;
        e_.conditions = static_cast<std::uint8_t>(b);
        return true;
      case field::grounds:
        if (!bits(sc, b, ground_names)) return false;
        e_.grounds = static_cast<std::uint8_t>(b);
        return true;
      case field::items:
        if (!(e_.type == et::investigation_ended ? bits(sc, b, report_item_names)
              : e_.type == et::reviewed          ? bits(sc, b, review_item_names)
              : e_.type == et::summary_decision  ? bits(sc, b, summary_item_names)
                                                 : bits(sc, b, decision_item_names)))
          return false;
        e_.items = static_cast<std::uint16_t>(b);
        return true;
      case field::penalty: return penalty_object(sc);
      case field::outcome: return enum_value(sc, e_.outcome, parse_decision_outcome);
      case field::review: return enum_value(sc, e_.review, parse_review_kind);
      case field::review_result: return enum_value(sc, e_.review_result, parse_review_outcome);
      case field::approved: {
        bool v = false;
        if (!sc.boolean(v)) return false;
        e_.approved = v;
        return true;
      }
      case field::hearing_right_stated: return sc.boolean(e_.hearing_right_stated);
      case field::emergency: return sc.boolean(e_.emergency);
      case field::scheduled: return day(sc, e_.scheduled);
      case field::extension:
        if (!sc.integer(n) || n <= 0 || n > 3650) return false;
        e_.extension = static_cast<int>(n);
        return true;
      case field::approved_by: return enum_value(sc, e_.approved_by, parse_approver);
      case field::ground: return sc.string(e_.ground);
      case field::subject: return sc.string(e_.subject);
      case field::amount_fen: return amount(sc, e_.amount_fen);
      case field::received_by_transfer: return sc.boolean(e_.received_by_transfer);
      case field::involves_party: return sc.boolean(e_.involves_party);
      case field::rights_told: return sc.boolean(e_.rights_told);
      case field::av_recorded: return sc.boolean(e_.av_recorded);
      case field::publicity_told: return sc.boolean(e_.publicity_told);
      case field::service_method: return enum_value(sc, e_.service, parse_service_method);
      case field::address_confirmed: return sc.boolean(e_.address_confirmed);
      case field::refund_required: return sc.boolean(e_.refund_required);
      case field::decision_changed: return sc.boolean(e_.decision_changed);
      case field::violation_type: return sc.string(e_.violation_type);
      case field::discretion: return enum_value(sc, e_.applied, parse_discretion);
      case field::item: return enum_value(sc, e_.item, parse_execution_item);
      case field::rate_told: return sc.boolean(e_.rate_told);
      case field::instalments:
        if (!sc.eat('[')) return false;
        for (bool first = true; !sc.eat(']'); first = false) {
          if (!first && !sc.eat(',')) return false;
          instalment in;
          std::string_view key;
          if (!sc.eat('{') || !sc.key(key) || key != "amount_fen" || !amount(sc, in.amount_fen) || in.amount_fen <= 0)
            return false;
          if (!sc.eat(',') || !sc.key(key) || key != "due" || !day(sc, in.due) || !sc.eat('}')) return false;
          e_.instalments.push_back(in);
        }
        return true;
      case field::circumstances:
        if (!sc.eat('[')) return false;
        for (bool first = true; !sc.eat(']'); first = false) {
          if (!first && !sc.eat(',')) return false;
          auto& c = e_.circumstances.emplace_back();
          if (!sc.string(c) || c.empty()) return false;
        }
        return true;
      case field::exclusion: return enum_value(sc, e_.excluded, parse_event_exclusion);
      case field::institution: return sc.string(e_.institution);
      case field::measure: return sc.string(e_.measure);
      case field::party_notified: return sc.boolean(e_.party_notified);
      case field::subject_role: return enum_value(sc, e_.subject_role, parse_actor_role);
      case field::exemption_facts:
        if (!bits(sc, b, exemption_fact_names)) return false;
        e_.exemption_facts = static_cast<std::uint8_t>(b);
        return true;
    }
    return false;
  }

  event& e_;
  std::string buf_;  // enum names and dates (short: no allocation)
};

}  // namespace

bool read_event_columns(std::string_view type, std::string_view at, std::string_view actors, std::string_view payload,
                        event& out) {
  const auto t = parse_event_type(type);
  if (!t) return false;
  out.type = *t;
  try {
    out.at = parse_instant(at);
  } catch (const error&) {
    return false;
  }
  fast_reader r(out);
  return r.payload(payload) && r.actors(actors);
}

}  // namespace penaltyflow::detail
