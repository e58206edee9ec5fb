// Shared builders for the workflow tests: people, events and a case walked through the ordinary procedure.
// All dates are 2024 dates, covered by the national calendar; each period's due date is worked out by hand
// in a comment where a test depends on it.
#pragma once

#include <penaltyflow/workflow.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace pft {

namespace pf = penaltyflow;
using pf::event_type;
using et = pf::event_type;

inline pf::date d(const char* s) { return pf::parse_date(s); }
inline pf::instant t(const char* s) { return pf::parse_instant(s); }

inline pf::actor officer(const std::string& id, const char* valid_until = "2030-12-31") {
  pf::actor a;
  a.id = id;
  a.name = "officer " + id;
  a.role = pf::actor_role::officer;
  a.enforcement_certificate = pf::certificate{"ZF-" + id, d("2020-01-01"), d(valid_until)};
  return a;
}
inline pf::actor person(const std::string& id, pf::actor_role role) {
  pf::actor a;
  a.id = id;
  a.name = id;
  a.role = role;
  return a;
}
inline pf::actor head(const std::string& id = "H1") { return person(id, pf::actor_role::head); }
inline pf::actor principal(const std::string& id = "P1") { return person(id, pf::actor_role::principal_head); }
inline pf::actor reviewer(const std::string& id = "R1") { return person(id, pf::actor_role::reviewer); }
inline pf::actor legal_reviewer(const std::string& id = "L1", bool qualified = true) {
  auto a = person(id, pf::actor_role::legal_reviewer);
  a.legal_qualification = qualified;
  return a;
}
inline pf::actor host(const std::string& id = "T1") { return person(id, pf::actor_role::hearing_host); }

inline pf::penalty fine_yuan(std::int64_t yuan) {
  pf::penalty p;
  p.add(pf::penalty_kind::fine);
  p.fine_fen = yuan * 100;
  return p;
}
/// A fine, 没收违法所得 and 没收非法财物 (R-EXEC-ITEMS), in yuan.
inline pf::penalty fine_and_confiscation(std::int64_t fine, std::int64_t gains, std::int64_t property) {
  pf::penalty p;
  p.add(pf::penalty_kind::fine).add(pf::penalty_kind::confiscation);
  p.fine_fen = fine * 100;
  p.illegal_gains_fen = gains * 100;
  p.illegal_property_fen = property * 100;
  return p;
}
inline pf::penalty warning() {
  pf::penalty p;
  p.add(pf::penalty_kind::warning);
  return p;
}

/// An event of type `type` at `when` ("YYYY-MM-DDTHH:MM") with the given actors.
inline pf::event ev(et type, const char* when, std::vector<pf::actor> actors = {}) {
  pf::event e;
  e.type = type;
  e.at = t(when);
  e.actors = std::move(actors);
  return e;
}

/// A decision made on the spot (当场, summary procedure) by two certified officers: the violation that day, the
/// party told the intended penalty and its rights with its statements recorded (R-SUMMARY-NOTICE), the document
/// telling the party to apply for 行政复议 first (行政复议法 (2023) 第二十三条第二款).
inline pf::event on_spot(const char* when, pf::party_kind party, pf::penalty p) {
  auto e = ev(et::summary_decision, when, {officer("A"), officer("B")});
  e.party = party;
  e.proposed = std::move(p);
  e.violation_date = e.day();
  e.items = pf::summary_item::all | pf::summary_item::reconsideration_first;
  return e;
}

// Typical events of an ordinary case.
inline pf::event clue(const char* when, pf::party_kind party = pf::party_kind::organisation) {
  auto e = ev(et::clue_received, when);
  e.party = party;
  return e;
}
inline pf::event filing(const char* when, std::vector<pf::actor> officers = {officer("A"), officer("B")},
                        const char* violation = "2024-02-20") {
  officers.push_back(head());
  auto e = ev(et::case_filed, when, std::move(officers));
  e.conditions = pf::filing_condition::all;
  e.violation_date = d(violation);
  return e;
}
inline pf::event act(const char* when, std::vector<pf::actor> officers = {officer("A"), officer("B")}) {
  return ev(et::investigative_act, when, std::move(officers));
}
inline pf::event ended(const char* when, std::uint8_t grounds = 0) {
  auto e = ev(et::investigation_ended, when, {officer("A"), officer("B")});
  e.items = pf::report_item::all;
  e.grounds = grounds;
  return e;
}
inline pf::event reviewed(const char* when, pf::review_kind kind = pf::review_kind::case_review,
                          pf::review_outcome outcome = pf::review_outcome::approved,
                          std::vector<pf::actor> who = {}) {
  if (who.empty()) who = {kind == pf::review_kind::legal_review ? legal_reviewer() : reviewer()};
  auto e = ev(et::reviewed, when, std::move(who));
  e.review = kind;
  e.review_result = outcome;
  e.items = pf::review_item::all;  // R-REVIEW-CONTENT 程序规定 第五十三条
  return e;
}
inline pf::event approved(const char* when, pf::penalty p) {
  auto e = ev(et::head_approved, when, {head()});
  e.outcome = pf::decision_outcome::penalty;
  e.proposed = p;
  return e;
}
inline pf::event approved_other(const char* when) {
  auto e = ev(et::head_approved, when, {head()});
  e.outcome = pf::decision_outcome::no_penalty;
  return e;
}
inline pf::event notice(const char* when, pf::penalty p, bool hearing_right = false) {
  auto e = ev(et::notice_served, when, {officer("A"), officer("B")});
  e.proposed = p;
  e.hearing_right_stated = hearing_right;
  return e;
}
inline pf::event decision(const char* when, pf::penalty p) {
  auto e = ev(et::decision, when, {head()});
  e.outcome = pf::decision_outcome::penalty;
  e.proposed = p;
  e.items = pf::decision_item::all;
  return e;
}
inline pf::event decision_other(const char* when, pf::decision_outcome o, const char* ground = "") {
  auto e = ev(et::decision, when, {head()});
  e.outcome = o;
  e.ground = ground;
  return e;
}
inline pf::event collective(const char* when, const char* subject = "decision") {
  auto e = ev(et::collective_discussion, when, {principal(), head("H1"), head("H2")});
  e.subject = subject;
  return e;
}
inline pf::event served(const char* when) {
  auto e = ev(et::decision_served, when, {officer("A"), officer("B")});
  e.publicity_told = true;  // R-SERVICE-PUBLICITY-NOTICE 公示规定 第八条
  return e;
}
/// A payment of `fen` naming the item it pays (R-EXEC-PAYMENT).
inline pf::event paid_fen(const char* when, std::int64_t fen, pf::execution_item item = pf::execution_item::fine) {
  auto e = ev(et::payment_received, when);
  e.amount_fen = fen;
  e.item = item;
  return e;
}
inline pf::event paid(const char* when, std::int64_t yuan, pf::execution_item item = pf::execution_item::fine) {
  return paid_fen(when, yuan * 100, item);
}
inline pf::event closed(const char* when) { return ev(et::case_closed, when, {head()}); }
/// A recusal of `subject`, who has `role`, decided by `deciders` (程序规定 第四条).
inline pf::event recusal(const char* when, const char* subject, pf::actor_role role, std::vector<pf::actor> deciders) {
  auto e = ev(et::recusal, when, std::move(deciders));
  e.subject = subject;
  e.subject_role = role;
  e.ground = "与当事人有利害关系";
  return e;
}
/// R-TIME-EXCLUDED: excluded time of `kind` opens (testing at a named institution) and closes by `subject`.
inline pf::event excluded_start(const char* when, pf::exclusion kind, const char* subject = "JC-1") {
  auto e = ev(et::excluded_time_started, when, {officer("A"), officer("B")});
  e.excluded = kind;
  e.subject = subject;
  if (kind == pf::exclusion::testing) e.institution = "省产品质量监督检验研究院";
  return e;
}
inline pf::event excluded_end(const char* when, const char* subject = "JC-1") {
  auto e = ev(et::excluded_time_ended, when, {officer("A"), officer("B")});
  e.subject = subject;
  return e;
}

/// A case and the workflow that drives it.
struct walker {
  pf::workflow wf;
  pf::case_record c{"T-1"};

  walker() = default;
  explicit walker(pf::profile p) : wf(std::move(p), pf::calendar::national()) {}

  static std::string describe(const pf::refusal_list& r) {
    std::string s;
    for (const auto& x : r) s += x.rule_id + ": " + x.message_en + "\n";
    return s;
  }
  /// Applies an event that must be accepted.
  void ok(const pf::event& e) {
    const auto r = wf.apply(c, e);
    ASSERT_TRUE(r.accepted) << "refused " << pf::to_string(e.type) << " in stage " << c.stage() << ":\n"
                            << describe(r.refusals);
  }
  /// The refusals of an event that must be refused (the case is unchanged).
  pf::refusal_list refused(const pf::event& e) {
    const auto before = c.events().size();
    auto r = wf.apply(c, e);
    EXPECT_FALSE(r.accepted) << pf::to_string(e.type) << " was accepted in stage " << c.stage();
    EXPECT_EQ(c.events().size(), before);
    return r.refusals;
  }

  // The ordinary procedure up to each stage (organisation, fine of 5,000 yuan: no hearing right).
  void to_investigation() {
    ok(clue("2024-03-01T09:00"));
    ok(filing("2024-03-05T10:00"));
  }
  void to_review(std::uint8_t grounds = 0) {
    to_investigation();
    ok(act("2024-03-11T09:00"));
    ok(ended("2024-04-01T09:00", grounds));
  }
  void to_approval() {
    to_review();
    ok(reviewed("2024-04-03T09:00"));
  }
  void to_notice(pf::penalty p = fine_yuan(5000), bool hearing_right = false) {
    to_approval();
    ok(approved("2024-04-05T09:00", p));
    // 2024-04-08 (Monday): the 5 working days are 9, 10, 11, 12, 15 April, due 2024-04-15.
    ok(notice("2024-04-08T09:00", p, hearing_right));
  }
  /// After a notice with the hearing right: requested 2024-04-10, noticed 04-16 for a hearing on 04-26.
  void to_hearing_noticed() {
    ok(ev(et::hearing_requested, "2024-04-10T09:00"));
    auto n = ev(et::hearing_noticed, "2024-04-16T09:00", {host()});
    n.scheduled = d("2024-04-26");
    ok(n);
  }
  /// to_hearing_noticed(), and the hearing held on 2024-04-26.
  void to_heard() {
    to_hearing_noticed();
    ok(ev(et::hearing_held, "2024-04-26T09:00", {host()}));
  }
  void to_service() {
    to_notice();
    ok(decision("2024-04-16T09:00", fine_yuan(5000)));
  }
  void to_execution() {
    to_service();
    ok(served("2024-04-17T09:00"));
  }
  /// Served on 2024-04-17 (Wednesday) with the penalty `p`: the 15 days end 2024-05-02, a holiday, rolled to
  /// Monday 2024-05-06.
  void to_execution_of(pf::penalty p) {
    to_notice(p);
    ok(decision("2024-04-16T09:00", p));
    ok(served("2024-04-17T09:00"));
  }
};

/// The refusal with that rule id, or a test failure.
inline const pf::refusal& find_refusal(const pf::refusal_list& r, const std::string& rule_id) {
  static const pf::refusal none{};
  for (const auto& x : r) {
    if (x.rule_id == rule_id) return x;
  }
  ADD_FAILURE() << "no refusal " << rule_id << " among:\n" << walker::describe(r);
  return none;
}

/// Checks that `r` contains a refusal of `rule_id` whose citation contains `article`, with both messages.
inline void expect_refusal(const pf::refusal_list& r, const std::string& rule_id, const std::string& article) {
  const auto& x = find_refusal(r, rule_id);
  if (x.rule_id.empty()) return;
  EXPECT_NE(x.citation.find(article), std::string::npos) << rule_id << " citation: " << x.citation;
  EXPECT_FALSE(x.message_zh.empty());
  EXPECT_FALSE(x.message_en.empty());
}

/// The first open deadline of that period, or nullptr.
inline const pf::open_deadline* deadline(const std::vector<pf::open_deadline>& v, const std::string& id) {
  for (const auto& x : v) {
    if (x.period_id == id) return &x;
  }
  return nullptr;
}

inline bool has_rule(const pf::refusal_list& r, const std::string& rule_id) {
  return std::any_of(r.begin(), r.end(), [&](const pf::refusal& x) { return x.rule_id == rule_id; });
}

inline std::string fact_value(const pf::refusal& r, const std::string& name) {
  for (const auto& f : r.facts) {
    if (f.name == name) return f.value;
  }
  return "(no fact " + name + ")";
}

}  // namespace pft
