// The strict reader of one event object of the case-history format (read_event_object,
// detail/event_object.hpp): the definition of what is valid, and of every error message.
#include "penaltyflow/detail/event_fields.hpp"
#include "penaltyflow/detail/event_object.hpp"

#include <penaltyflow/error.hpp>
#include <penaltyflow/money.hpp>

#include <algorithm>
#include <limits>

namespace penaltyflow::detail {
namespace {

using json = nlohmann::json;
using et = event_type;

class reader {
 public:
  reader(const detail::json_reader& rd, event_dialect dialect) : rd_(rd), dialect_(dialect) {}

  template <class Enum, class Parse>
  Enum enum_value(const json& obj, const std::string& path, const char* key, Parse parse, bool required) const {
    const auto s = rd_.string(obj, path, key);
    if (!s) {
      if (required) rd_.fail_at(path + "." + key, "required field is missing");
      return Enum{};
    }
    const auto v = parse(*s);
    if (!v) rd_.fail_at(path + "." + key, "unknown value '" + *s + "'");
    return *v;
  }

  date day(const json& obj, const std::string& path, const char* key) const {
    const auto s = rd_.string(obj, path, key);
    try {
      return parse_date(*s);
    } catch (const error&) {
      rd_.fail_at(path + "." + key, "expected a date YYYY-MM-DD from 1900-01-01 to 2199-12-31, found '" + *s + "'");
    }
  }

  template <std::size_t N>
  unsigned bits(const json& obj, const std::string& path, const char* key, const std::array<const char*, N>& names) const {
    const json* arr = rd_.array(obj, path, key);
    unsigned out = 0;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const auto p = path + "." + key + "[" + std::to_string(i) + "]";
      const auto& v = (*arr)[i];
      if (!v.is_string()) rd_.fail_at(p, std::string("expected a string, found ") + v.type_name());
      bool found = false;
      for (std::size_t k = 0; k < N; ++k) {
        if (v.get<std::string>() == names[k]) {
          out |= 1U << k;
          found = true;
        }
      }
      if (!found) rd_.fail_at(p, "unknown value '" + v.get<std::string>() + "'");
    }
    return out;
  }

  /// An amount in fen (0 when absent): an integer in [0, max_amount_fen] (money.hpp).
  std::int64_t amount(const json& obj, const std::string& path, const char* key) const {
    const std::int64_t v = rd_.integer(obj, path, key).value_or(0);
    if (v < 0 || v > max_amount_fen)
      rd_.fail_at(path + "." + key, "expected an amount from 0 to 10^15 fen (max_amount_fen), found " + std::to_string(v));
    return v;
  }

  penalty read_penalty(const json& obj, const std::string& path) const {
    const json* p = rd_.object(obj, path, "penalty");
    const std::string pp = path + ".penalty";
    if (dialect_ == event_dialect::legacy) {
      rd_.require_object(*p, pp, {"kinds", "fine_fen", "confiscation_fen"});
    } else if (dialect_ == event_dialect::current) {
      rd_.require_object(*p, pp, {"kinds", "fine_fen", "illegal_gains_fen", "illegal_property_fen"});
    } else {
      rd_.require_object(*p, pp, {"kinds", "fine_fen", "confiscation_fen", "illegal_gains_fen", "illegal_property_fen"});
      if (p->contains("confiscation_fen") && (p->contains("illegal_gains_fen") || p->contains("illegal_property_fen")))
        rd_.fail_at(pp + ".confiscation_fen", "versions 1 and 2 name (confiscation_fen) and version 3's items together");
    }
    penalty out;
    if (const json* kinds = rd_.array(*p, pp, "kinds")) {
      for (std::size_t i = 0; i < kinds->size(); ++i) {
        const auto kp = pp + ".kinds[" + std::to_string(i) + "]";
        const auto& v = (*kinds)[i];
        if (!v.is_string()) rd_.fail_at(kp, std::string("expected a string, found ") + v.type_name());
        const auto k = parse_penalty_kind(v.get<std::string>());
        if (!k) rd_.fail_at(kp, "unknown penalty kind '" + v.get<std::string>() + "'");
        out.add(*k);
      }
    }
    out.fine_fen = amount(*p, pp, "fine_fen");
    // Versions 1 and 2 had one confiscated value: read as the illegal gains, the item the party pays [M].
    out.illegal_gains_fen = amount(*p, pp, "confiscation_fen");
    if (p->contains("illegal_gains_fen")) out.illegal_gains_fen = amount(*p, pp, "illegal_gains_fen");
    out.illegal_property_fen = amount(*p, pp, "illegal_property_fen");
    return out;
  }

  actor read_actor(const json& a, const std::string& path) const {
    rd_.require_object(a, path, {"id", "name", "role", "certificate", "legal_qualification", "lawyer_qualification",
                                 "experienced_legal_reviewer"});
    actor out;
    out.id = rd_.required(rd_.string(a, path, "id"), path, "id");
    if (out.id.empty()) rd_.fail_at(path + ".id", "must not be empty");
    out.name = rd_.string(a, path, "name").value_or("");
    out.role = enum_value<actor_role>(a, path, "role", parse_actor_role, true);
    if (const json* c = rd_.object(a, path, "certificate")) {
      const auto cp = path + ".certificate";
      rd_.require_object(*c, cp, {"number", "valid_from", "valid_until"});
      certificate cert;
      cert.number = rd_.required(rd_.string(*c, cp, "number"), cp, "number");
      (void)rd_.required(rd_.string(*c, cp, "valid_from"), cp, "valid_from");
      (void)rd_.required(rd_.string(*c, cp, "valid_until"), cp, "valid_until");
      cert.valid_from = day(*c, cp, "valid_from");
      cert.valid_until = day(*c, cp, "valid_until");
      out.enforcement_certificate = cert;
    }
    out.legal_qualification = rd_.boolean(a, path, "legal_qualification").value_or(false);
    out.lawyer_qualification = rd_.boolean(a, path, "lawyer_qualification").value_or(false);
    out.experienced_legal_reviewer = rd_.boolean(a, path, "experienced_legal_reviewer").value_or(false);
    return out;
  }

  event read_event(const json& j, const std::string& path) const {
    if (!j.is_object()) rd_.fail_at(path, std::string("expected an object, found ") + j.type_name());
    event e;
    e.type = enum_value<event_type>(j, path, "type", parse_event_type, true);
    const field_set ok = allowed(e.type);
    for (auto it = j.begin(); it != j.end(); ++it) {
      const auto& k = it.key();
      if (k == "type" || k == "at" || k == "actors" || k == "note") continue;
      bool known = false;
      for (std::size_t i = 0; i < field_names.size(); ++i) {
        if (k != field_names[i]) continue;
        known = true;
        if (!(ok & (field_set{1} << i))) {
          rd_.fail_at(path + "." + k, "field not used by event type '" + std::string(to_string(e.type)) + "'");
        }
        break;
      }
      if (!known) rd_.fail_at(path + "." + k, "unknown field");
    }
    if (dialect_ == event_dialect::legacy) {
      for (std::size_t i = 0; i < field_names.size(); ++i) {
        if ((version3_fields >> i & 1U) && j.contains(std::string(field_names[i])))
          rd_.fail_at(path + "." + std::string(field_names[i]), "a field of format version 3 (this document is version 1 or 2)");
      }
      if (e.type == et::goods_confiscated) rd_.fail_at(path + ".type", "an event type of format version 3 (this document is version 1 or 2)");
    }
    if (dialect_ == event_dialect::current && e.type == et::payment_received && !j.contains("item")) {
      rd_.fail_at(path + ".item", "required field is missing (a payment names the item it pays)");
    }
    const auto at = rd_.required(rd_.string(j, path, "at"), path, "at");
    try {
      e.at = parse_instant(at);
    } catch (const error&) {
      rd_.fail_at(path + ".at", "expected a local time YYYY-MM-DDTHH:MM from 1900-01-01 to " +
                                    std::to_string(last_event_year) + "-12-31, found '" + at + "'");
    }
    if (e.at.date().year() > last_event_year)
      rd_.fail_at(path + ".at", "expected a local time YYYY-MM-DDTHH:MM from 1900-01-01 to " +
                                    std::to_string(last_event_year) + "-12-31 (the periods an event starts must end by "
                                    "2199-12-31), found '" + at + "'");
    if (const json* actors = rd_.array(j, path, "actors")) {
      for (std::size_t i = 0; i < actors->size(); ++i) {
        e.actors.push_back(read_actor((*actors)[i], path + ".actors[" + std::to_string(i) + "]"));
      }
    }
    e.note = rd_.string(j, path, "note").value_or("");
    if (j.contains("party")) e.party = enum_value<party_kind>(j, path, "party", parse_party_kind, true);
    if (j.contains("violation_date")) e.violation_date = day(j, path, "violation_date");
    if (j.contains("violation_end")) e.violation_end = day(j, path, "violation_end");
    e.grave_harm = rd_.boolean(j, path, "grave_harm").value_or(false);
    if (j.contains("conditions")) e.conditions = static_cast<std::uint8_t>(bits(j, path, "conditions", condition_names));
    if (j.contains("grounds")) e.grounds = static_cast<std::uint8_t>(bits(j, path, "grounds", ground_names));
    if (j.contains("items")) {
      e.items = static_cast<std::uint16_t>(e.type == et::investigation_ended ? bits(j, path, "items", report_item_names)
                                           : e.type == et::reviewed      ? bits(j, path, "items", review_item_names)
                                           : e.type == et::summary_decision ? bits(j, path, "items", summary_item_names)
                                                                         : bits(j, path, "items", decision_item_names));
    }
    if (j.contains("penalty")) e.proposed = read_penalty(j, path);
    if (j.contains("outcome")) e.outcome = enum_value<decision_outcome>(j, path, "outcome", parse_decision_outcome, true);
    if (j.contains("review")) e.review = enum_value<review_kind>(j, path, "review", parse_review_kind, true);
    if (j.contains("review_result")) {
      e.review_result = enum_value<review_outcome>(j, path, "review_result", parse_review_outcome, true);
    }
    if (auto v = rd_.boolean(j, path, "approved")) e.approved = *v;
    e.hearing_right_stated = rd_.boolean(j, path, "hearing_right_stated").value_or(false);
    e.emergency = rd_.boolean(j, path, "emergency").value_or(false);
    if (j.contains("scheduled")) e.scheduled = day(j, path, "scheduled");
    if (auto v = rd_.integer(j, path, "extension")) {
      if (*v <= 0 || *v > 3650) rd_.fail_at(path + ".extension", "expected 1 to 3650");
      e.extension = static_cast<int>(*v);
    }
    if (j.contains("approved_by")) e.approved_by = enum_value<approver>(j, path, "approved_by", parse_approver, true);
    e.ground = rd_.string(j, path, "ground").value_or("");
    e.subject = rd_.string(j, path, "subject").value_or("");
    e.amount_fen = amount(j, path, "amount_fen");
    if (j.contains("item")) e.item = enum_value<execution_item>(j, path, "item", parse_execution_item, true);
    if (const json* ins = rd_.array(j, path, "instalments")) {
      for (std::size_t i = 0; i < ins->size(); ++i) {
        const auto ip = path + ".instalments[" + std::to_string(i) + "]";
        const json& x = (*ins)[i];
        if (!x.is_object()) rd_.fail_at(ip, std::string("expected an object, found ") + x.type_name());
        rd_.require_object(x, ip, {"due", "amount_fen"});
        instalment in;
        (void)rd_.required(rd_.string(x, ip, "due"), ip, "due");
        in.due = day(x, ip, "due");
        (void)rd_.required(rd_.integer(x, ip, "amount_fen"), ip, "amount_fen");
        in.amount_fen = amount(x, ip, "amount_fen");
        if (in.amount_fen <= 0) rd_.fail_at(ip + ".amount_fen", "must be more than zero");
        e.instalments.push_back(in);
      }
    }
    e.rate_told = rd_.boolean(j, path, "rate_told").value_or(false);
    e.received_by_transfer = rd_.boolean(j, path, "received_by_transfer").value_or(false);
    e.involves_party = rd_.boolean(j, path, "involves_party").value_or(false);
    e.rights_told = rd_.boolean(j, path, "rights_told").value_or(false);
    e.av_recorded = rd_.boolean(j, path, "av_recorded").value_or(false);
    e.publicity_told = rd_.boolean(j, path, "publicity_told").value_or(false);
    if (j.contains("service_method")) {
      e.service = enum_value<service_method>(j, path, "service_method", parse_service_method, true);
    }
    e.address_confirmed = rd_.boolean(j, path, "address_confirmed").value_or(false);
    e.refund_required = rd_.boolean(j, path, "refund_required").value_or(false);
    e.decision_changed = rd_.boolean(j, path, "decision_changed").value_or(false);
    e.violation_type = rd_.string(j, path, "violation_type").value_or("");
    if (j.contains("discretion")) e.applied = enum_value<discretion>(j, path, "discretion", parse_discretion, true);
    if (const json* cs = rd_.array(j, path, "circumstances")) {
      for (std::size_t i = 0; i < cs->size(); ++i) {
        const auto& v = (*cs)[i];
        if (!v.is_string() || v.get<std::string>().empty()) {
          rd_.fail_at(path + ".circumstances[" + std::to_string(i) + "]", "expected a non-empty string");
        }
        e.circumstances.push_back(v.get<std::string>());
      }
    }
    if (j.contains("exclusion")) e.excluded = enum_value<exclusion>(j, path, "exclusion", parse_event_exclusion, true);
    e.institution = rd_.string(j, path, "institution").value_or("");
    e.measure = rd_.string(j, path, "measure").value_or("");
    e.party_notified = rd_.boolean(j, path, "party_notified").value_or(false);
    if (j.contains("subject_role")) e.subject_role = enum_value<actor_role>(j, path, "subject_role", parse_actor_role, true);
    if (j.contains("exemption_facts")) {
      e.exemption_facts = static_cast<std::uint8_t>(bits(j, path, "exemption_facts", exemption_fact_names));
    }
    return e;
  }

 private:
  const detail::json_reader& rd_;
  event_dialect dialect_;
};

}  // namespace

event read_event_object(const json& obj, const json_reader& rd, const std::string& path, event_dialect dialect) {
  return reader(rd, dialect).read_event(obj, path);
}

}  // namespace penaltyflow::detail
