// The sample year's manifest (docs/sample-year.md, "The manifest"): the counts the annual statistics must
// reproduce and the case list, computed from the plan (never read back from the store), and the manifest as
// JSON (nlohmann::ordered_json: the keys in a fixed order, the maps sorted).
#include "sample_year_internal.hpp"

#include <penaltyflow/money.hpp>

#include <nlohmann/json.hpp>

namespace penaltyflow {

namespace sample_year_detail {

const char* kind_name(case_kind k) {
  switch (k) {
    case case_kind::summary: return "summary";
    case case_kind::ordinary: return "ordinary";
    case case_kind::major: return "major";
    case case_kind::no_penalty: return "no_penalty";
    case case_kind::not_established: return "not_established";
    case case_kind::terminated: return "terminated";
    case case_kind::transfer_administrative: return "transfer_administrative";
    case case_kind::criminal_transfer: return "criminal_transfer";
  }
  return "?";
}

const char* situation_name(const gen_case& c) {
  switch (c.extra) {
    case situation::testing: return c.testing_late ? "testing-late-gross" : "testing";
    case situation::confiscation: return c.goods ? "confiscation-goods" : "confiscation";
    case situation::deferral: return c.instalments == 1 ? "deferral" : "instalments";
    case situation::surcharge: return "surcharge";
    case situation::cash: return "cash";
    case situation::bank: return "bank";
    case situation::none: break;
  }
  return c.k == case_kind::summary ? "warning" : "";
}

void count_cases(const std::vector<gen_case>& cases, sample_year_manifest& m) {
  auto& n = m.expected;
  const int Y = m.spec.year;
  n.from = date(static_cast<unsigned short>(Y), 1, 1);
  n.to = date(static_cast<unsigned short>(Y), 12, 31);
  for (const auto& c : cases) {
    ++n.cases_concluded;
    const char* outcome = "none";
    switch (c.k) {
      case case_kind::summary:
      case case_kind::ordinary:
      case case_kind::major: outcome = "penalty"; break;
      case case_kind::no_penalty: outcome = "no_penalty"; break;
      case case_kind::not_established: outcome = "not_established"; break;
      case case_kind::transfer_administrative: outcome = "transfer_administrative"; break;
      // 程序规定 第六十条第一款第五项: the transfer to public security is the outcome (五), without a decision.
      case case_kind::criminal_transfer: outcome = "transfer_judicial"; break;
      default: break;
    }
    ++n.by_outcome[outcome];
    ++n.by_procedure[c.k == case_kind::summary ? "summary" : "ordinary"];
    ++n.by_clue_source[c.source];
    if (c.level) {
      ++n.discretion_applied;
      ++n.by_discretion[std::string(to_string(*c.level))];
    }
    if (c.k == case_kind::major) {
      ++n.legal_reviews;
      ++n.collective_discussions;
    } else if (c.k == case_kind::ordinary || c.k == case_kind::no_penalty || c.k == case_kind::not_established ||
               c.k == case_kind::transfer_administrative) {
      ++n.case_reviews;
    }
    n.hearings_requested += c.hearing ? 1 : 0;
    n.hearings_held += c.hearing ? 1 : 0;
    n.transfers_administrative += c.k == case_kind::transfer_administrative ? 1 : 0;
    n.transfers_to_police += c.k == case_kind::criminal_transfer ? 1 : 0;
    n.transfers_judicial += c.k == case_kind::criminal_transfer ? 1 : 0;
    n.reconsiderations += c.reconsideration ? 1 : 0;
    n.lawsuits += c.lawsuit ? 1 : 0;
    n.court_sessions += c.lawsuit ? 1 : 0;
    n.head_appearances += c.head_in_court ? 1 : 0;
    if (c.k == case_kind::summary || has_penalty(c.k)) n.fines_fen = checked_add(n.fines_fen, c.pen.fine_fen, "sample year: fines");
    sample_case sc;
    sc.case_id = c.id;
    sc.kind = kind_name(c.k);
    sc.situation = situation_name(c);
    sc.received = c.received;
    sc.concluded = c.concluded;
    sc.events = c.events.size();
    sc.fine_fen = c.pen.fine_fen;
    if (c.level) {
      sc.violation_type = c.vtype->id;
      sc.discretion = std::string(to_string(*c.level));
    }
    m.cases.push_back(std::move(sc));
  }
}

}  // namespace sample_year_detail

std::string sample_year_manifest::to_json() const {
  using json = nlohmann::ordered_json;
  json s;
  s["year"] = spec.year;
  s["seed"] = spec.seed;
  s["case_prefix"] = spec.case_prefix;
  for (const auto& [key, value] : sample_year_detail::spec_counts(spec)) s[key] = value;
  for (const auto& [key, value] : sample_year_detail::spec_rates(spec)) s[key] = value;
  const auto& e = expected;
  json x;
  x["from"] = to_iso(e.from);
  x["to"] = to_iso(e.to);
  x["cases_concluded"] = e.cases_concluded;
  x["by_outcome"] = e.by_outcome;
  x["by_procedure"] = e.by_procedure;
  x["by_clue_source"] = e.by_clue_source;
  x["discretion_applied"] = e.discretion_applied;
  x["by_discretion"] = e.by_discretion;
  const std::pair<const char*, std::uint64_t> counts[] = {
      {"legal_reviews", e.legal_reviews}, {"case_reviews", e.case_reviews},
      {"collective_discussions", e.collective_discussions}, {"hearings_requested", e.hearings_requested},
      {"hearings_held", e.hearings_held}, {"transfers_administrative", e.transfers_administrative},
      {"transfers_judicial", e.transfers_judicial}, {"transfers_to_police", e.transfers_to_police},
      {"reconsiderations", e.reconsiderations}, {"lawsuits", e.lawsuits}, {"head_appearances", e.head_appearances},
      {"court_sessions", e.court_sessions}};
  for (const auto& [key, value] : counts) x[key] = value;
  x["fines_fen"] = e.fines_fen;
  json findings = json::array();
  for (const auto& f : expected_findings) {
    findings.push_back(json{{"case_id", f.case_id}, {"check", f.check}, {"rule_id", f.rule_id},
                            {"case_seq", f.case_seq}, {"document", f.document}});
  }
  json list = json::array();
  for (const auto& c : cases) {
    list.push_back(json{{"case_id", c.case_id}, {"kind", c.kind}, {"received", to_iso(c.received)},
                        {"concluded", to_iso(c.concluded)}, {"events", c.events}, {"fine_fen", c.fine_fen},
                        {"violation_type", c.violation_type}, {"discretion", c.discretion},
                        {"situation", c.situation}});
  }
  json out;
  out["format"] = "penaltyflow-sample-year/1";
  out["spec"] = std::move(s);
  out["expected"] = std::move(x);
  out["expected_findings"] = std::move(findings);
  out["cases"] = std::move(list);
  out["events"] = events;
  return out.dump();
}

}  // namespace penaltyflow
