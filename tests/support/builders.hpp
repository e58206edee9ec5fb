// The tests' builders: people (officers with their certificates, heads, reviewers), penalties and events of
// the ordinary and summary procedures, and the store tests' long-running case. Shared by the tests, the store's
// writer process and the store benchmarks; no GoogleTest here (walker.hpp has the checks). All dates are
// 2024 dates, covered by the national calendar; each period's due date is worked out by hand in a comment where a
// test depends on it.
#pragma once

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/deadline.hpp>
#include <penaltyflow/event.hpp>

#include <boost/date_time/posix_time/posix_time_types.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace pf_test {

namespace pf = penaltyflow;
using pf::event_type;
using et = pf::event_type;

inline pf::date d(const char* s) { return pf::parse_date(s); }
inline pf::instant at(const std::string& s) { return pf::parse_instant(s); }

/// A certified enforcement officer (执法人员) named "officer <id>": certificate "ZF-<id>", valid from 2020-01-01 to
/// `valid_until`.
inline pf::actor officer(const std::string& id, const char* valid_until = "2030-12-31") {
  pf::actor a;
  a.id = id;
  a.name = "officer " + id;
  a.role = pf::actor_role::officer;
  a.enforcement_certificate = pf::certificate{"ZF-" + id, d("2020-01-01"), d(valid_until)};
  return a;
}
/// `a` under another name (the store's registers keep names: 张三, 李四).
inline pf::actor named(pf::actor a, std::string name) {
  a.name = std::move(name);
  return a;
}
inline pf::actor person(const std::string& id, pf::actor_role role) {
  pf::actor a;
  a.id = id;
  a.name = id;
  a.role = role;
  return a;
}
/// A head (负责人) of the bureau, named 局长.
inline pf::actor head(const std::string& id = "H1") { return named(person(id, pf::actor_role::head), "局长"); }
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
  e.at = at(when);
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

// The store tests' cases: a long-running ordinary case, event by event, at instants.

/// 发现线索 on `t`, recorded by officer O1 (张三).
inline pf::event clue(pf::instant t) {
  pf::event e;
  e.type = et::clue_received;
  e.at = t;
  e.party = pf::party_kind::organisation;
  e.actors = {named(officer("O1"), "张三")};
  return e;
}

/// 立案 on `t`, by two certified officers (张三, 李四) with the head's approval, all filing conditions met.
inline pf::event filed(pf::instant t) {
  pf::event e;
  e.type = et::case_filed;
  e.at = t;
  e.party = pf::party_kind::organisation;
  e.violation_date = t.date() - boost::gregorian::days(20);
  e.conditions = pf::filing_condition::all;
  e.actors = {named(officer("O1"), "张三"), named(officer("O2"), "李四"), head()};
  return e;
}

/// 现场检查 on `t` by two certified officers (accepted any number of times during the investigation).
inline pf::event inspection(pf::instant t, const std::string& note = {}) {
  pf::event e;
  e.type = et::investigative_act;
  e.at = t;
  e.note = note;
  e.actors = {named(officer("O1"), "张三"), named(officer("O2"), "李四")};
  return e;
}

/// The `n`-th event (0-based) of a long-running case that starts on `start`: a clue, the filing 2 days
/// later, then an inspection every minute.
inline pf::event nth_event(std::uint64_t n, pf::instant start) {
  using boost::posix_time::minutes;
  if (n == 0) return clue(start);
  if (n == 1) return filed(start + boost::gregorian::days(2));
  return inspection(start + boost::gregorian::days(3) + minutes(static_cast<long>(n)));
}

}  // namespace pf_test
