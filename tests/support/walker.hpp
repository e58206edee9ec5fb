// A case walked through the workflow event by event, and the checks on refusals (rule id, citation, both
// messages, facts) the workflow tests make.
#pragma once

#include "builders.hpp"

#include <penaltyflow/workflow.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace pf_test {

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

}  // namespace pf_test
