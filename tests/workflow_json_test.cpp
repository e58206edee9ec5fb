// The JSON of the workflow's results (workflow_json.hpp): the keys of each model type, events numbered from 1
// (`case_seq`), the store's projection form of a finding, and the input positions of a replay.
#include <penaltyflow/workflow_json.hpp>

#include "penaltyflow/detail/json_objects.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace pf = penaltyflow;
using nlohmann::json;

namespace {

std::set<std::string> keys(const std::string& text) {
  const auto j = json::parse(text);  // kept: items() refers into it
  std::set<std::string> out;
  for (const auto& [k, v] : j.items()) out.insert(k);
  return out;
}

pf::finding late_service() {
  pf::finding f;
  f.rule_id = "R-SERVICE-DEADLINE";
  f.citation = "程序规定 (2022) 第八十一条";
  f.period_id = "service";
  f.message_zh = "送达逾期";
  f.message_en = "served late";
  f.due = pf::parse_date("2024-04-25");
  f.done = pf::parse_date("2024-04-26");
  f.event_index = 9;  // the 10th event
  return f;
}

}  // namespace

TEST(WorkflowJson, AFindingNamesItsEventByCaseSeqFromOne) {
  const auto j = json::parse(pf::to_json(late_service()));
  EXPECT_EQ(keys(j.dump()), (std::set<std::string>{"rule_id", "citation", "period_id", "message_zh", "message_en",
                                                   "due", "done", "case_seq", "provisional"}));
  EXPECT_EQ(j["case_seq"], 10);
  EXPECT_EQ(j["due"], "2024-04-25");
  EXPECT_EQ(j["done"], "2024-04-26");
  EXPECT_FALSE(j["provisional"].get<bool>());
  pf::finding open = late_service();
  open.event_index.reset();
  open.done.reset();
  open.due = pf::date(boost::gregorian::not_a_date_time);
  const auto o = json::parse(pf::to_json(open));
  EXPECT_TRUE(o["case_seq"].is_null());
  EXPECT_TRUE(o["done"].is_null());
  EXPECT_TRUE(o["due"].is_null());
}

// The projection column keeps the form every store has written (0-based event_index, provisional only when set),
// so that a stored projection and a replay still compare byte for byte; it reads back to the same finding.
TEST(WorkflowJson, TheStoredFormOfAFindingIsUnchangedAndReadsBack) {
  const auto f = late_service();
  const auto stored = pf::detail::stored_finding_object(f);
  EXPECT_EQ(stored.dump(),
            "{\"citation\":\"程序规定 (2022) 第八十一条\",\"done\":\"2024-04-26\",\"due\":\"2024-04-25\","
            "\"event_index\":9,\"message_en\":\"served late\",\"message_zh\":\"送达逾期\",\"period_id\":\"service\","
            "\"rule_id\":\"R-SERVICE-DEADLINE\"}");
  auto marked = f;
  marked.provisional = true;
  EXPECT_TRUE(pf::detail::stored_finding_object(marked).at("provisional").get<bool>());
  const auto back = pf::detail::finding_from_stored(pf::detail::stored_finding_object(marked));
  EXPECT_EQ(pf::to_json(back), pf::to_json(marked));
}

// A refusal's facts are a list: two officers without a certificate are two facts of the same name.
TEST(WorkflowJson, ARefusalKeepsEveryFactInOrder) {
  pf::refusal r;
  r.rule_id = "R-ACTOR-TWO-CERTIFIED";
  r.citation = "程序规定 (2022) 第二十四条";
  r.facts = {{"valid_officers", "0"}, {"officer_without_certificate", "A"}, {"officer_without_certificate", "B"}};
  const auto j = json::parse(pf::to_json(r));
  EXPECT_EQ(keys(j.dump()), (std::set<std::string>{"rule_id", "citation", "confidence", "title_zh", "title_en",
                                                   "message_zh", "message_en", "facts"}));
  ASSERT_EQ(j["facts"].size(), 3u);
  EXPECT_EQ(j["facts"][2], (json{{"name", "officer_without_certificate"}, {"value", "B"}}));
}

TEST(WorkflowJson, ADeadlineHasOverdueOnlyWhereADayWasAsked) {
  pf::open_deadline d;
  d.period_id = "decision";
  d.start = pf::parse_date("2024-03-05");
  d.due = pf::parse_date("2024-06-03");
  const std::set<std::string> without{"period_id", "rule_id", "title_zh", "title_en",   "subject",
                                      "start",     "due",     "obligation", "provisional", "citation"};
  auto with = without;
  with.insert("overdue");
  EXPECT_EQ(keys(pf::to_json(d)), with);
  EXPECT_EQ(keys(pf::to_json(d, pf::overdue_key::without)), without);
}

// Every key of a document, with its defaults: the case-history format leaves pages and volume out when not set.
TEST(WorkflowJson, ADocumentHasEveryKey) {
  const pf::document doc("立案审批表", "市监立〔2024〕1号", pf::parse_date("2024-03-06"), {"O1", "O2"});
  EXPECT_EQ(json::parse(pf::to_json(doc)),
            (json{{"kind", "立案审批表"}, {"number", "市监立〔2024〕1号"}, {"date", "2024-03-06"},
                  {"signatories", {"O1", "O2"}}, {"pages", 0}, {"signed_pages", 0}, {"volume", nullptr}}));
}

TEST(WorkflowJson, ExecutionItemsOfMoneyAndGoods) {
  pf::case_facts f;
  f.fine.due_fen = 500000;
  f.fine.paid_fen = 200000;
  f.illegal_property_fen = 30000;
  const auto items = pf::execution::items_of(f);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(json::parse(pf::to_json(items[0])),
            (json{{"item", "fine"}, {"due_fen", 500000}, {"paid_fen", 200000}, {"outstanding_fen", 300000}}));
  EXPECT_EQ(json::parse(pf::to_json(items[1])),
            (json{{"item", "illegal_property"}, {"value_fen", 30000}, {"taken", nullptr}}));
}

// A replay numbers the record's events without the refused ones; output numbers them by their place in the input.
TEST(WorkflowJson, InputPositionsSkipTheRefusedEvents) {
  pf::replay_result r;
  r.refused.push_back({1, pf::event{}, {}});
  r.refused.push_back({3, pf::event{}, {}});
  // Input 0 1 2 3 4 5: accepted 0 (input 0), refused (1), accepted 1 (2), refused (3), accepted 2 (4), 3 (5).
  EXPECT_EQ(pf::input_index(r, 0), 0u);
  EXPECT_EQ(pf::input_index(r, 1), 2u);
  EXPECT_EQ(pf::input_index(r, 2), 4u);
  EXPECT_EQ(pf::input_index(r, 3), 5u);
  pf::provisional_acceptance a;
  a.event_index = 2;
  a.first_assumed_day = pf::parse_date("2026-12-22");
  const auto moved = pf::in_input_positions(r, std::vector<pf::provisional_acceptance>{a});
  EXPECT_EQ(json::parse(pf::to_json(moved[0])), (json{{"case_seq", 5}, {"provisional_from", "2026-12-22"}}));
  pf::replay_refusal x{3, pf::event{}, {}};
  x.ev.at = pf::parse_instant("2024-04-12T09:00", "at");
  EXPECT_EQ(json::parse(pf::to_json(x))["case_seq"], 4);
}
