// The case-history JSON format (docs/case-history.md, docs/case-history.schema.json).
#include <penaltyflow/history.hpp>
#include <penaltyflow/money.hpp>

#include "penaltyflow/detail/event_object.hpp"
#include "penaltyflow/detail/json_reader.hpp"
#include "penaltyflow/detail/json_scan.hpp"

#include <penaltyflow/error.hpp>
#include <penaltyflow/input_file.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

namespace penaltyflow {
namespace {

using json = nlohmann::json;
using et = event_type;

// The optional fields of an event, and which event types may carry each. One table serves the reader
// (unknown or inapplicable fields are errors) and the writer.
enum class field : std::uint8_t {
  party, violation_date, violation_end, grave_harm, conditions, grounds, items, penalty, outcome, review,
  review_result, approved, hearing_right_stated, emergency, scheduled, extension, approved_by, ground, subject,
  amount_fen, received_by_transfer, involves_party, rights_told, av_recorded, publicity_told, service_method,
  address_confirmed, refund_required, decision_changed, violation_type, discretion, circumstances,
  // excluded time, recusal, no-penalty grounds
  exclusion, institution, measure, party_notified, subject_role, exemption_facts,
  item, instalments, rate_told,  // format version 3: execution items (R-EXEC-ITEMS, R-EXEC-DEFER, R-EXEC-SURCHARGE)
};
constexpr std::array<std::string_view, 41> field_names = {  // string_view: compared by size first
    "party", "violation_date", "violation_end", "grave_harm", "conditions", "grounds", "items", "penalty",
    "outcome", "review", "review_result", "approved", "hearing_right_stated", "emergency", "scheduled",
    "extension", "approved_by", "ground", "subject", "amount_fen", "received_by_transfer", "involves_party",
    "rights_told", "av_recorded", "publicity_told", "service_method", "address_confirmed", "refund_required",
    "decision_changed", "violation_type", "discretion", "circumstances",
    "exclusion", "institution", "measure", "party_notified", "subject_role", "exemption_facts",
    "item", "instalments", "rate_told",
};
/// The fields only format version 3 knows.
constexpr std::uint64_t version3_fields = (std::uint64_t{1} << static_cast<unsigned>(field::item)) |
                                          (std::uint64_t{1} << static_cast<unsigned>(field::instalments)) |
                                          (std::uint64_t{1} << static_cast<unsigned>(field::rate_told));

using field_set = std::uint64_t;
constexpr field_set bit(field f) { return field_set{1} << static_cast<unsigned>(f); }
template <class... F>
constexpr field_set fields(F... f) {
  return (field_set{0} | ... | bit(f));
}

field_set allowed(event_type t) {
  using f = field;
  switch (t) {
    case et::clue_received: return fields(f::party, f::received_by_transfer, f::subject);
    case et::verification_extended: return fields(f::extension);
    case et::case_filed:
      return fields(f::party, f::violation_date, f::violation_end, f::grave_harm, f::conditions, f::grounds);
    case et::filing_refused: return fields(f::ground);
    case et::investigative_act: return fields(f::subject, f::involves_party, f::rights_told, f::av_recorded);
    case et::evidence_preserved:
    case et::seizure_ordered: return fields(f::subject, f::emergency, f::av_recorded);
    case et::preservation_handled:
    case et::seizure_released: return fields(f::subject, f::ground);
    case et::seizure_extended: return fields(f::subject, f::extension);
    case et::suspended:
    case et::resumed:
    case et::investigation_terminated:
    case et::criminal_referral_reported: return fields(f::ground);
    case et::transferred: return fields(f::ground, f::subject);
    case et::criminal_transfer_decided:
    case et::police_decided: return fields(f::approved, f::ground);
    case et::transferred_to_police:
    case et::exhibits_handed_over: return 0;
    case et::investigation_ended: return fields(f::items, f::grounds);
    case et::excluded_time_started:
      return fields(f::exclusion, f::subject, f::institution, f::measure, f::scheduled, f::party_notified, f::ground);
    case et::excluded_time_ended: return fields(f::subject);
    case et::reviewed: return fields(f::review, f::review_result, f::items, f::ground);
    case et::review_extended: return fields(f::extension);
    case et::head_approved: return fields(f::outcome, f::penalty);
    case et::notice_served: return fields(f::penalty, f::hearing_right_stated);
    case et::statements_filed:
    case et::statements_reviewed:
    case et::rights_waived:
    case et::hearing_requested: return 0;
    case et::hearing_noticed: return fields(f::scheduled);
    case et::hearing_held: return fields(f::grounds);
    case et::hearing_terminated: return fields(f::ground);
    case et::collective_discussion: return fields(f::subject);
    case et::decision_period_extended: return fields(f::extension, f::approved_by);
    case et::decision:
      return fields(f::outcome, f::penalty, f::items, f::ground, f::refund_required, f::violation_type, f::discretion,
                    f::circumstances, f::exemption_facts);
    case et::refund_ordered: return fields(f::scheduled, f::ground);
    case et::publication_withdrawn: return fields(f::ground);
    case et::education_given: return 0;
    case et::decision_served:
      return fields(f::service_method, f::address_confirmed, f::publicity_told, f::ground);
    case et::payment_received: return fields(f::amount_fen, f::item);
    case et::surcharge_imposed: return fields(f::amount_fen, f::rate_told);
    case et::payment_deferred: return fields(f::instalments);
    case et::cash_handed_in:
    case et::cash_deposited: return fields(f::amount_fen);
    case et::cash_collected: return fields(f::amount_fen, f::ground);
    case et::goods_confiscated:
    case et::reminder_served:
    case et::court_enforcement_applied:
    case et::published:
    case et::case_closed:
    case et::archived:
    case et::summary_filed:
    case et::summary_handed_in:
    case et::reconsideration_applied:
    case et::reconsideration_answered:
    case et::lawsuit_filed:
    case et::defence_submitted:
    case et::court_appearance: return 0;
    case et::execution_completed: return fields(f::ground);
    case et::reconsideration_decided:
    case et::judgment: return fields(f::ground, f::decision_changed);
    case et::summary_decision:
      return fields(f::party, f::violation_date, f::violation_end, f::grave_harm, f::penalty, f::violation_type,
                    f::discretion, f::circumstances, f::items, f::exemption_facts);
    case et::reconsideration_procedure: return fields(f::subject);
    case et::recusal: return fields(f::subject, f::ground, f::subject_role, f::approved_by);
  }
  return 0;
}

constexpr std::array<const char*, 3> condition_names = {"evidence", "penalty_due", "jurisdiction"};
constexpr std::array<const char*, 4> ground_names = {"major_public_interest", "major_rights", "complex",
                                                     "required_by_law"};
constexpr std::array<const char*, 8> decision_item_names = {"party", "facts", "statements", "penalty_basis",
                                                            "performance", "remedies", "authority_date", "seal"};
constexpr std::array<const char*, 6> report_item_names = {"party", "history", "facts", "nature", "proposal",
                                                          "discretion"};
constexpr std::array<const char*, 7> review_item_names = {"jurisdiction", "party", "facts", "nature", "basis",
                                                          "procedure", "handling"};
constexpr std::array<const char*, 7> summary_item_names = {"penalty", "facts", "reasons", "basis", "rights",
                                                           "statements", "reconsideration_first"};
constexpr std::array<const char*, 8> exemption_fact_names = {"minor_violation", "corrected",      "no_harm",
                                                             "first_violation", "minor_harm",     "no_fault",
                                                             "under_fourteen",  "incapacity"};

/// The kinds of excluded time an excluded_time_started event opens: 中止, 听证 and 责令退款 have events of their
/// own (suspended, hearing_requested, refund_ordered), and transit time is no event of the case.
std::optional<exclusion> parse_event_exclusion(std::string_view s) noexcept {
  for (auto k : {exclusion::testing, exclusion::rightholder_id, exclusion::public_notice}) {
    if (to_string(k) == s) return k;
  }
  return std::nullopt;
}

using detail::event_dialect;

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

namespace detail {

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

event read_event_object(const json& obj, const json_reader& rd, const std::string& path, event_dialect dialect) {
  return reader(rd, dialect).read_event(obj, path);
}

json document_object(const document& d) {
  json x{{"kind", d.kind}, {"number", d.number}, {"date", to_iso(d.issued)}, {"signatories", d.signatories}};
  if (d.pages != 0) x["pages"] = d.pages;
  if (d.signed_pages != 0) x["signed_pages"] = d.signed_pages;
  if (!d.volume.empty()) x["volume"] = d.volume;
  return x;
}

document read_document_object(const json& obj, const json_reader& rd, const std::string& path) {
  rd.require_object(obj, path, {"kind", "number", "date", "signatories", "pages", "signed_pages", "volume"});
  document d;
  d.kind = rd.required(rd.string(obj, path, "kind"), path, "kind");
  d.number = rd.required(rd.string(obj, path, "number"), path, "number");
  const std::string issued = rd.required(rd.string(obj, path, "date"), path, "date");
  try {
    d.issued = parse_date(issued, "document date");
  } catch (const error& e) {
    rd.fail_at(path + ".date", e.message());
  }
  const json* signatories = rd.array(obj, path, "signatories");
  if (!signatories) rd.fail_at(path + ".signatories", "required field is missing");
  for (std::size_t i = 0; i < signatories->size(); ++i) {
    const auto& v = (*signatories)[i];
    if (!v.is_string())
      rd.fail_at(path + ".signatories[" + std::to_string(i) + "]", "expected a string, found " + json_reader::type_name(v));
    d.signatories.push_back(v.get<std::string>());
  }
  auto count = [&](const char* key) {
    const auto n = rd.integer(obj, path, key).value_or(0);
    if (n < 0 || n > std::numeric_limits<int>::max()) rd.fail_at(path + "." + key, "must be a page count (0 or more)");
    return static_cast<int>(n);
  };
  d.pages = count("pages");
  d.signed_pages = count("signed_pages");
  d.volume = rd.string(obj, path, "volume").value_or("");
  return d;
}

namespace {

/// The record members of one history event ("recorded_at", "documents"), read and removed from `obj`.
event_record take_record(json& obj, const json_reader& rd, const std::string& path) {
  event_record r;
  if (const auto t = rd.string(obj, path, "recorded_at")) {
    try {
      r.recorded_at = parse_instant(*t);
    } catch (const error& e) {
      rd.fail_at(path + ".recorded_at", e.message());
    }
  }
  if (const json* docs = rd.array(obj, path, "documents"))
    for (std::size_t i = 0; i < docs->size(); ++i)
      r.documents.push_back(read_document_object((*docs)[i], rd, path + ".documents[" + std::to_string(i) + "]"));
  obj.erase("recorded_at");
  obj.erase("documents");
  return r;
}

}  // namespace

}  // namespace detail

case_history parse_history(std::string_view text, std::string_view source) {
  const detail::json_reader rd(error_code::history_format, std::string(source));
  const auto j = rd.parse(text);
  rd.require_object(j, "$", {"format", "case", "title", "profile", "events"});
  const auto format = rd.required(rd.string(j, "$", "format"), "$", "format");
  if (format != history_format_v1 && format != history_format_v2 && format != history_format_v3) {
    rd.fail_at("$.format", "unsupported format '" + format + "' (expected '" + std::string(history_format_v1) + "', '" +
                               std::string(history_format_v2) + "' or '" + std::string(history_format_v3) + "')");
  }
  // In version 1 the record's fields are unknown fields; version 3 splits the decision's money into items.
  const bool with_records = format != history_format_v1;
  const auto dialect = format == history_format_v3 ? detail::event_dialect::current : detail::event_dialect::legacy;
  case_history h;
  h.case_id = rd.required(rd.string(j, "$", "case"), "$", "case");
  h.title = rd.string(j, "$", "title").value_or("");
  h.profile = rd.string(j, "$", "profile").value_or("national");
  const json* events = rd.array(j, "$", "events");
  if (!events) rd.fail_at("$.events", "required field is missing");
  std::vector<event_record> records;
  for (std::size_t i = 0; i < events->size(); ++i) {
    const std::string path = "$.events[" + std::to_string(i) + "]";
    const json& raw = (*events)[i];
    event e;
    if (with_records && raw.is_object() && (raw.contains("recorded_at") || raw.contains("documents"))) {
      json obj = raw;
      records.push_back(detail::take_record(obj, rd, path));
      e = detail::read_event_object(obj, rd, path, dialect);
    } else {
      records.emplace_back();
      e = detail::read_event_object(raw, rd, path, dialect);
    }
    if (!h.events.empty() && e.at < h.events.back().at) {
      rd.fail_at(path + ".at", "earlier than the previous event (" + to_iso(h.events.back().at) + "): events must be in time order");
    }
    h.events.push_back(std::move(e));
  }
  if (std::any_of(records.begin(), records.end(), [](const event_record& r) { return !r.empty(); }))
    h.records = std::move(records);
  return h;
}

document parse_document_json(std::string_view text, std::string_view source) {
  const detail::json_reader rd(error_code::history_format, std::string(source));
  return detail::read_document_object(rd.parse(text), rd, "$");
}

case_history load_history(const std::string& path) {
  return parse_history(read_input_file(path, "case history"), path);
}

std::string to_json(const case_history& h) {
  if (!h.records.empty() && h.records.size() != h.events.size())
    throw invalid_argument_error("case \"" + h.case_id + "\": " + std::to_string(h.records.size()) + " event records for " +
                                 std::to_string(h.events.size()) + " events");
  // Version 3 unless a payment names no item (a history read from version 1 or 2): then the version it came
  // from, which cannot carry version 3's fields.
  const auto itemless = std::find_if(h.events.begin(), h.events.end(),
                                     [](const event& e) { return e.type == et::payment_received && !e.item; });
  const bool legacy = itemless != h.events.end();
  if (legacy) {
    for (const auto& e : h.events) {
      if (e.type == et::goods_confiscated || e.item || !e.instalments.empty() || e.rate_told ||
          (e.proposed && e.proposed->illegal_property_fen != 0)) {
        throw invalid_argument_error("case \"" + h.case_id + "\": a payment of " + to_iso(itemless->at) +
                                     " names no item (format versions 1 and 2) but the " + std::string(to_string(e.type)) +
                                     " of " + to_iso(e.at) + " uses version 3's execution items");
      }
    }
  }
  json events = json::array();
  for (std::size_t i = 0; i < h.events.size(); ++i) {
    const event& e = h.events[i];
    std::string at = to_iso(e.at);  // minutes, and seconds only when there are any
    if (at.size() == 19 && at.compare(16, 3, ":00") == 0) at.resize(16);
    json obj = detail::event_object(e, at, legacy);
    if (!h.records.empty()) {
      const event_record& r = h.records[i];
      if (r.recorded_at) obj["recorded_at"] = to_iso(*r.recorded_at);
      if (!r.documents.empty()) {
        json docs = json::array();
        for (const auto& d : r.documents) docs.push_back(detail::document_object(d));
        obj["documents"] = std::move(docs);
      }
    }
    events.push_back(std::move(obj));
  }
  const std::string_view format = !legacy ? history_format_v3 : h.records.empty() ? history_format_v1 : history_format_v2;
  json doc{{"format", std::string(format)}, {"case", h.case_id}};
  if (!h.title.empty()) doc["title"] = h.title;
  if (!h.profile.empty() && h.profile != "national") doc["profile"] = h.profile;
  doc["events"] = std::move(events);
  return doc.dump(2);
}

}  // namespace penaltyflow
