// The same bad request through every way into the store — append, append_async alone and in a group commit,
// append_many in turn and pipelined — gives what append gives: the same refusal (rule id and citation), or an
// exception of the same type and code (a version conflict, text that is not UTF-8), never a generic error.
#include <penaltyflow/store.hpp>

#include "support/builders.hpp"
#include "support/scratch_file.hpp"

#include <gtest/gtest.h>

#include <exception>
#include <functional>
#include <future>
#include <string>
#include <typeinfo>
#include <vector>

namespace {

using namespace penaltyflow;
using pf_test::at;
using pf_test::scratch_file;

const instant t0 = at("2024-03-04T09:00");

/// What a path made of a request: accepted, refused (the refusals), or an exception (its type and code).
struct outcome {
  bool accepted = false;
  std::vector<std::string> rules, citations;
  std::string exception_type;  // empty: none
  int code = 0;
  std::string message;

  bool operator==(const outcome& o) const {
    return accepted == o.accepted && rules == o.rules && citations == o.citations &&
           exception_type == o.exception_type && code == o.code;
  }
};

std::ostream& operator<<(std::ostream& os, const outcome& o) {
  os << (o.accepted ? "accepted" : "not accepted");
  for (const auto& r : o.rules) os << " " << r;
  if (!o.exception_type.empty()) os << " threw " << o.exception_type << " code " << o.code << ": " << o.message;
  return os;
}

outcome of_result(const append_result& r) {
  outcome o;
  o.accepted = r.accepted;
  for (const auto& x : r.refusals) {
    o.rules.push_back(x.rule_id);
    o.citations.push_back(x.citation);
  }
  return o;
}

outcome of_exception(std::exception_ptr p) {
  outcome o;
  try {
    std::rethrow_exception(p);
  } catch (const error& e) {
    o.exception_type = typeid(e).name();
    o.code = static_cast<int>(e.code());
    o.message = e.message();
  } catch (const std::exception& e) {
    o.exception_type = typeid(e).name();
    o.message = e.what();
  }
  return o;
}

/// Runs `fn`, whose result or exception is the outcome.
outcome run(const std::function<outcome()>& fn) {
  try {
    return fn();
  } catch (...) {
    return of_exception(std::current_exception());
  }
}

/// A store holding case C1's clue (version 1), and the requests that fill other cases around the bad one.
struct fixture {
  scratch_file file;
  store s;
  explicit fixture(const std::string& name) : file(name), s(file.path(), workflow(), options()) {
    s.append("C1", 0, pf_test::clue(t0), t0);
  }
  static store_options options() {
    store_options o;
    o.sync = durability::normal;
    return o;
  }
};

/// `n` good requests: the first events of cases F0, F1, ...
std::vector<append_request> fillers(std::size_t n) {
  std::vector<append_request> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back({"F" + std::to_string(i), 0, pf_test::clue(t0), t0, {}});
  return out;
}

/// append_many of `before` good requests and then `bad`: the batch's outcome for the bad request.
outcome via_append_many(const append_request& bad, std::size_t before) {
  fixture f("paths_many_" + std::to_string(before) + ".db");
  auto reqs = fillers(before);
  reqs.push_back(bad);
  return run([&] {
    const auto r = f.s.append_many(reqs);
    if (r.accepted) return of_result(r.results.back());
    EXPECT_EQ(r.index, before);
    return of_result(r.refused);
  });
}

/// append_async of `before` good requests and then `bad`, all in flight together (most share a group commit).
outcome via_append_async(const append_request& bad, std::size_t before) {
  fixture f("paths_async_" + std::to_string(before) + ".db");
  std::vector<std::future<append_result>> others;
  for (auto& r : fillers(before)) others.push_back(f.s.append_async(std::move(r)));
  const auto o = run([&] { return of_result(f.s.append_async(bad).get()); });
  for (auto& x : others) EXPECT_TRUE(x.get().accepted);
  return o;
}

/// Every path's outcome for `bad` equals append's.
void expect_same_everywhere(const append_request& bad, const std::string& name) {
  outcome expected;
  {
    fixture f("paths_append_" + name + ".db");
    expected = run([&] {
      return of_result(f.s.append(bad.case_id, bad.expected_version, bad.ev, bad.recorded_at, bad.documents));
    });
  }
  ASSERT_FALSE(expected.accepted) << name;
  EXPECT_EQ(via_append_async(bad, 0), expected) << name << ": append_async alone";
  EXPECT_EQ(via_append_async(bad, 40), expected) << name << ": append_async in a group commit";
  EXPECT_EQ(via_append_many(bad, 0), expected) << name << ": append_many of one request";
  EXPECT_EQ(via_append_many(bad, 3), expected) << name << ": append_many in turn";
  EXPECT_EQ(via_append_many(bad, 400), expected) << name << ": append_many pipelined";
}

TEST(StorePaths, ARefusalIsTheSameOnEveryPath) {
  auto ev = pf_test::filed(at("2024-03-06T10:00"));
  ev.actors = {pf_test::named(pf_test::officer("O1"), "张三"), pf_test::head()};  // one officer only
  const append_request bad{"C1", 1, ev, at("2024-03-06T10:01"), {}};
  expect_same_everywhere(bad, "refusal");
  // And it is the refusal the rule gives.
  fixture f("paths_refusal_rule.db");
  const auto r = f.s.append("C1", 1, ev, at("2024-03-06T10:01"));
  ASSERT_FALSE(r.refusals.empty());
  EXPECT_EQ(r.refusals[0].rule_id, "R-ACTOR-TWO-CERTIFIED");
  EXPECT_NE(r.refusals[0].citation.find("第四十二条"), std::string::npos);
}

TEST(StorePaths, AVersionConflictIsAConflictErrorOnEveryPath) {
  const append_request bad{"C1", 5, pf_test::filed(at("2024-03-06T10:00")), at("2024-03-06T10:01"), {}};
  expect_same_everywhere(bad, "conflict");
  fixture f("paths_conflict_type.db");
  EXPECT_THROW(f.s.append("C1", 5, bad.ev, bad.recorded_at), conflict_error);
}

TEST(StorePaths, TextThatIsNotUtf8IsAnInvalidArgumentErrorOnEveryPath) {
  auto ev = pf_test::filed(at("2024-03-06T10:00"));
  ev.actors[0].name = "张\xff";
  const append_request bad{"C1", 1, ev, at("2024-03-06T10:01"), {}};
  expect_same_everywhere(bad, "utf8");
  fixture f("paths_utf8_type.db");
  EXPECT_THROW(f.s.append("C1", 1, ev, bad.recorded_at), invalid_argument_error);
}

TEST(StorePaths, AppendManyNamesTheRequestInTheMessage) {
  auto ev = pf_test::filed(at("2024-03-06T10:00"));
  ev.actors[0].name = "张\xff";
  for (const std::size_t before : {std::size_t{3}, std::size_t{400}}) {
    fixture f("paths_message_" + std::to_string(before) + ".db");
    auto reqs = fillers(before);
    reqs.push_back({"C1", 1, ev, t0, {}});
    try {
      f.s.append_many(reqs);
      ADD_FAILURE() << "append_many accepted text that is not UTF-8";
    } catch (const invalid_argument_error& e) {
      EXPECT_EQ(e.message().rfind("request " + std::to_string(before) + " (case \"C1\", event 2 case_filed): ", 0), 0u)
          << e.message();
      EXPECT_NE(e.message().find("is not valid UTF-8"), std::string::npos) << e.message();
    }
  }
}

}  // namespace
