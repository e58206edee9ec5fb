// The case-history format and the profile files: strict reading with errors that name the field and its
// position, and writing that reads back to the same events.
#include <penaltyflow/error.hpp>
#include <penaltyflow/history.hpp>
#include <penaltyflow/profile.hpp>
#include <penaltyflow/workflow.hpp>

#include "penaltyflow/detail/event_object.hpp"

#include "support/expect_thrown.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace pf = penaltyflow;
using et = pf::event_type;

namespace {

/// The message of the history_format error that parsing `text` gives.
std::string history_error(const std::string& text) {
  const auto e = pf_test::expect_thrown<pf::file_format_error>([&] { (void)pf::parse_history(text, "test.json"); });
  if (!e) return "(no error)";
  EXPECT_EQ(e->code(), pf::error_code::history_format);
  EXPECT_EQ(e->file(), "test.json");
  return e->what();
}

std::string with_events_v3(const std::string& events) {
  return R"({"format": "penaltyflow-case-history/3", "case": "C1", "events": [)" + events + "]}";
}
std::string with_events(const std::string& events) {
  return R"({"format": "penaltyflow-case-history/1", "case": "C1", "events": [)" + events + "]}";
}

/// The message of the profile_format error that parsing `text` gives.
std::string profile_error(const std::string& text) {
  const auto e = pf_test::expect_thrown<pf::error>([&] { (void)pf::profile::parse(text, "p.json"); });
  if (!e) return "(no error)";
  EXPECT_EQ(e->code(), pf::error_code::profile_format);
  return e->what();
}

std::vector<std::string> example_files() {
  std::vector<std::string> v;
  for (const auto& f : std::filesystem::directory_iterator(std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories")) {
    if (f.path().extension() == ".json") v.push_back(f.path().string());
  }
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST(History, ReadsAMinimalDocument) {
  const auto h = pf::parse_history(with_events(R"({"type": "clue_received", "at": "2024-03-01T09:00", "party": "organisation"})"),
                                   "test.json");
  EXPECT_EQ(h.case_id, "C1");
  EXPECT_EQ(h.profile, "national");
  ASSERT_EQ(h.events.size(), 1U);
  EXPECT_EQ(h.events[0].type, pf::event_type::clue_received);
  EXPECT_EQ(h.events[0].party, pf::party_kind::organisation);
  EXPECT_EQ(pf::to_iso(h.events[0].at), "2024-03-01T09:00:00");
}

TEST(History, MalformedJsonNamesLineAndColumn) {
  const auto m = history_error("{\n  \"format\": \"penaltyflow-case-history/1\",\n  \"case\": \"C1\",\n  \"events\": [,]\n}");
  EXPECT_NE(m.find("[penaltyflow.history_format]"), std::string::npos) << m;
  EXPECT_NE(m.find("test.json:4"), std::string::npos) << m;
  EXPECT_NE(m.find("column 14"), std::string::npos) << m;
}

TEST(History, UnknownFieldIsNamedWithItsPosition) {
  const auto m = history_error(with_events(R"({"type": "clue_received", "at": "2024-03-01T09:00"},
                                                {"type": "case_filed", "at": "2024-03-05T09:00", "colour": "red"})"));
  EXPECT_NE(m.find("$.events[1].colour: unknown field"), std::string::npos) << m;
}

TEST(History, UnknownEventTypeIsNamed) {
  const auto m = history_error(with_events(R"({"type": "filed", "at": "2024-03-01T09:00"})"));
  EXPECT_NE(m.find("$.events[0].type: unknown value 'filed'"), std::string::npos) << m;
}

TEST(History, WrongTypeIsNamed) {
  const auto m = history_error(with_events(R"({"type": "clue_received", "at": 20240301})"));
  EXPECT_NE(m.find("$.events[0].at: expected a string, found number"), std::string::npos) << m;
  const auto m2 = history_error(with_events(R"({"type": "payment_received", "at": "2024-03-01T09:00", "amount_fen": "500"})"));
  EXPECT_NE(m2.find("$.events[0].amount_fen: expected an integer, found string"), std::string::npos) << m2;
  const auto m3 = history_error(with_events(
      R"({"type": "case_filed", "at": "2024-03-01T09:00", "actors": [{"id": "A", "role": "boss"}]})"));
  EXPECT_NE(m3.find("$.events[0].actors[0].role: unknown value 'boss'"), std::string::npos) << m3;
}

TEST(History, FieldOfAnotherEventTypeIsRefused) {
  const auto m = history_error(with_events(R"({"type": "clue_received", "at": "2024-03-01T09:00", "amount_fen": 100})"));
  EXPECT_NE(m.find("$.events[0].amount_fen: field not used by event type 'clue_received'"), std::string::npos) << m;
}

TEST(History, EventsMustBeInTimeOrder) {
  const auto m = history_error(with_events(R"({"type": "clue_received", "at": "2024-03-02T09:00"},
                                                {"type": "case_filed", "at": "2024-03-01T09:00"})"));
  EXPECT_NE(m.find("$.events[1].at: earlier than the previous event"), std::string::npos) << m;
}

TEST(History, FormatVersionAndRequiredFieldsAreChecked) {
  EXPECT_NE(history_error(R"({"format": "penaltyflow-case-history/4", "case": "C1", "events": []})")
                .find("$.format: unsupported format"),
            std::string::npos);
  EXPECT_NE(history_error(R"({"format": "penaltyflow-case-history/1", "events": []})").find("$.case: required field is missing"),
            std::string::npos);
  EXPECT_NE(history_error(with_events(R"({"type": "clue_received"})")).find("$.events[0].at: required field is missing"),
            std::string::npos);
  EXPECT_NE(history_error(with_events(R"({"type": "hearing_noticed", "at": "2024-03-01T09:00", "scheduled": "2024-02-30"})"))
                .find("$.events[0].scheduled: expected a date YYYY-MM-DD"),
            std::string::npos);
}

TEST(History, ExamplesRoundTripThroughTheWriter) {
  const auto files = example_files();
  ASSERT_GE(files.size(), 7U);
  for (const auto& f : files) {
    const auto h = pf::load_history(f);
    const auto again = pf::parse_history(pf::to_json(h), "written");
    ASSERT_EQ(again.events.size(), h.events.size()) << f;
    EXPECT_EQ(again.case_id, h.case_id);
    for (std::size_t i = 0; i < h.events.size(); ++i) {
      EXPECT_EQ(again.events[i].type, h.events[i].type) << f << " " << i;
      EXPECT_EQ(again.events[i].at, h.events[i].at);
      EXPECT_EQ(again.events[i].actors.size(), h.events[i].actors.size());
      EXPECT_EQ(again.events[i].items, h.events[i].items);
      EXPECT_EQ(again.events[i].conditions, h.events[i].conditions);
      EXPECT_EQ(again.events[i].proposed.has_value(), h.events[i].proposed.has_value());
      if (h.events[i].proposed) {
        EXPECT_EQ(*again.events[i].proposed, *h.events[i].proposed);
      }
    }
    // Replays agree.
    const pf::workflow wf;
    EXPECT_EQ(wf.replay(h.case_id, h.events).record.stage(), wf.replay(again.case_id, again.events).record.stage()) << f;
  }
}

TEST(History, MissingFileIsAnIoError) {
  EXPECT_THROW((void)pf::load_history("/nonexistent/history.json"), pf::io_error);
}

TEST(Profile, ShippedProfilesLoad) {
  const auto n = pf::profile::load(std::string(PENALTYFLOW_SOURCE_DIR) + "/data/profiles/national.json");
  const auto& d = pf::profile::national();
  EXPECT_EQ(n.id, "national");
  EXPECT_EQ(n.hearing_amount_natural_fen, d.hearing_amount_natural_fen);
  EXPECT_EQ(n.hearing_amount_organisation_fen, d.hearing_amount_organisation_fen);
  EXPECT_EQ(n.publication_period, d.publication_period);
  EXPECT_EQ(n.collective_discussion_min_heads, d.collective_discussion_min_heads);
  EXPECT_FALSE(n.legal_review_amount_fen.has_value());
  const auto l = pf::profile::load(std::string(PENALTYFLOW_SOURCE_DIR) + "/data/profiles/liaoning.json");
  EXPECT_EQ(l.id, "liaoning");
  EXPECT_EQ(l.publication_period, "publication-policy");
  EXPECT_EQ(l.collective_discussion_min_heads, 3);
  ASSERT_TRUE(l.legal_review_amount_fen.has_value());
  EXPECT_EQ(*l.legal_review_amount_fen, 50000000);
}

TEST(Profile, ErrorsNameTheField) {
  const std::string head = R"({"format": "penaltyflow-profile/1", "id": "x", )";
  EXPECT_NE(profile_error(head + R"("hearing": {"amount_natural_fen": "10000"}})")
                .find("$.hearing.amount_natural_fen: expected an integer, found string"),
            std::string::npos);
  EXPECT_NE(profile_error(head + R"("colour": 1})").find("$.colour: unknown field"), std::string::npos);
  EXPECT_NE(profile_error(head + R"("publication_period": "publication-soon"})").find("$.publication_period"),
            std::string::npos);
}

TEST(Profile, VerifiedPeriodsCannotBeOverridden) {
  const std::string head = R"({"format": "penaltyflow-profile/1", "id": "x", )";
  // 程序规定 第六十四条's 90 days are [V]: not a profile value.
  EXPECT_NE(profile_error(head + R"("periods": [{"id": "decision", "amount": 120, "unit": "natural_days"}]})")
                .find("$.periods"),
            std::string::npos);
  // 移送规定's "3日" has an undetermined unit: configurable.
  const auto p = pf::profile::parse(
      head + R"("periods": [{"id": "criminal-transfer-decision", "amount": 3, "unit": "working_days"}]})", "p.json");
  EXPECT_EQ(p.catalogue().at("criminal-transfer-decision").unit, pf::period_unit::working_days);
}

// Profiles tighten, never loosen: every value that would let a [V] rule pass what it refuses is refused at load,
// naming the field and the rule.
TEST(Profile, ValuesThatLoosenAVerifiedRuleAreRefused) {
  const std::string head = R"({"format": "penaltyflow-profile/1", "id": "x", )";
  const auto lawyer = profile_error(head + R"("legal_review": {"accept_lawyer_qualification": true}})");
  EXPECT_NE(lawyer.find("$.legal_review.accept_lawyer_qualification: refused"), std::string::npos) << lawyer;
  EXPECT_NE(lawyer.find("R-ACTOR-LEGAL-REVIEWER-QUALIFICATION (处罚法 第五十八条第二款)"), std::string::npos) << lawyer;
  EXPECT_NE(lawyer.find("法律职业资格"), std::string::npos) << lawyer;
  const auto quorum = profile_error(head + R"("collective_discussion": {"min_heads": 1}})");
  EXPECT_NE(quorum.find("$.collective_discussion.min_heads"), std::string::npos) << quorum;
  EXPECT_NE(quorum.find("R-COLLECTIVE-DISCUSSION, 处罚法 第五十七条第二款"), std::string::npos) << quorum;
  const auto hearing = profile_error(head + R"("hearing": {"amount_natural_fen": 5000000}})");
  EXPECT_NE(hearing.find("$.hearing: refused"), std::string::npos) << hearing;
  EXPECT_NE(hearing.find("R-HEARING-SCOPE (处罚法 第六十三条"), std::string::npos) << hearing;
  const auto transfer =
      profile_error(head + R"("periods": [{"id": "criminal-transfer-decision", "amount": 30, "unit": "natural_days"}]})");
  EXPECT_NE(transfer.find("$.periods"), std::string::npos) << transfer;
  EXPECT_NE(transfer.find("verified law (移送规定"), std::string::npos) << transfer;
  const auto publication =
      profile_error(head + R"("periods": [{"id": "publication-policy", "amount": 30, "unit": "working_days"}]})");
  EXPECT_NE(publication.find("would exceed \"publication-gsxt\""), std::string::npos) << publication;
  EXPECT_NE(publication.find("R-PUBLISH-GSXT [V]"), std::string::npos) << publication;

  // What tightens, or names the instrument that allows it, loads.
  EXPECT_NO_THROW((void)pf::profile::parse(head + R"("legal_review": {"accept_lawyer_qualification": false}})", "p"));
  EXPECT_NO_THROW((void)pf::profile::parse(head + R"("hearing": {"amount_natural_fen": 500000}})", "p"));
  const auto based = pf::profile::parse(
      head + R"("hearing": {"amount_natural_fen": 5000000, "basis": "某省行政处罚听证程序规定 第五条"}})", "p");
  EXPECT_EQ(based.hearing_amount_basis, "某省行政处罚听证程序规定 第五条");
  const auto shorter = pf::profile::parse(
      head + R"("periods": [{"id": "publication-policy", "amount": 5, "unit": "working_days"}]})", "p");
  EXPECT_EQ(shorter.catalogue().at("publication-policy").amount, 5);
}

// The JSON Schema (docs/case-history.schema.json) and the reader agree on which fields each event type takes.
TEST(History, SchemaAndReaderAgreeOnTheFieldsOfEveryEventType) {
  std::ifstream in(std::string(PENALTYFLOW_SOURCE_DIR) + "/docs/case-history.schema.json");
  const auto schema = nlohmann::json::parse(in);
  const std::map<std::string, nlohmann::json> sample = {
      {"party", "organisation"}, {"violation_date", "2024-01-01"}, {"violation_end", "2024-01-02"},
      {"grave_harm", true}, {"conditions", {"evidence"}}, {"grounds", {"complex"}}, {"items", nlohmann::json::array()},
      {"penalty", {{"kinds", {"fine"}}, {"fine_fen", 100}}}, {"outcome", "penalty"}, {"review", "case_review"},
      {"review_result", "approved"}, {"approved", true}, {"hearing_right_stated", true}, {"emergency", true},
      {"scheduled", "2024-03-01"}, {"extension", 5}, {"approved_by", "head"}, {"ground", "g"}, {"subject", "s"},
      {"amount_fen", 100}, {"received_by_transfer", true}, {"involves_party", true}, {"rights_told", true},
      {"av_recorded", true}, {"publicity_told", true}, {"service_method", "electronic"}, {"address_confirmed", true},
      {"refund_required", true}, {"decision_changed", true}, {"violation_type", "v"}, {"discretion", "lighter"},
      {"circumstances", {"c"}}, {"exclusion", "testing"}, {"institution", "i"}, {"measure", "m"},
      {"party_notified", true}, {"subject_role", "head"}, {"exemption_facts", {"corrected"}}, {"item", "fine"},
      {"instalments", {{{"due", "2024-03-01"}, {"amount_fen", 1}}}}, {"rate_told", true}};
  std::size_t checked = 0;
  for (const auto& rule : schema["$defs"]["event"]["allOf"]) {
    const std::string type = rule["if"]["properties"]["type"]["const"];
    std::set<std::string> listed;
    for (const auto& f : rule["then"]["propertyNames"]["enum"]) listed.insert(f.get<std::string>());
    for (const auto& [field, value] : sample) {
      nlohmann::json e{{"type", type}, {"at", "2024-03-01T09:00"}};
      if (type == "payment_received") e["item"] = "fine";  // required in version 3
      e[field] = value;
      const auto text = with_events_v3(e.dump());
      if (listed.count(field)) {
        EXPECT_NO_THROW((void)pf::parse_history(text, "s")) << type << "." << field;
      } else {
        EXPECT_NE(history_error(text).find("field not used by event type"), std::string::npos) << type << "." << field;
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, pf::event_type_count * sample.size());
}

TEST(History, WriterKeepsSecondsWhenThereAreAny) {
  const auto h = pf::parse_history(with_events(R"({"type": "clue_received", "at": "2024-03-01T09:00:07"},
                                                   {"type": "clue_received", "at": "2024-03-01T09:01"})"),
                                   "test.json");
  const auto text = pf::to_json(h);
  EXPECT_NE(text.find("\"2024-03-01T09:00:07\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"2024-03-01T09:01\""), std::string::npos) << text;
  EXPECT_EQ(pf::parse_history(text, "again").events[0].at, h.events[0].at);
}

// The store and event_json.hpp write event text directly; it must be byte for byte what nlohmann writes for
// the same object (the store's hash chain covers those bytes).
TEST(History, DirectEventTextIsWhatNlohmannWrites) {
  for (const auto& f : example_files()) {
    for (const auto& e : pf::load_history(f).events) {
      for (const std::string& at : {pf::to_iso(e.at), std::string("2024-03-04T09:00")}) {
        const auto obj = pf::detail::event_object(e, at);
        EXPECT_EQ(pf::detail::event_text(e, at), obj.dump()) << f;
        auto payload = obj;
        payload.erase("type");
        payload.erase("at");
        payload.erase("actors");
        EXPECT_EQ(pf::detail::event_payload_text(e), payload.dump()) << f;
        EXPECT_EQ(pf::detail::actors_text(e.actors), obj.contains("actors") ? obj["actors"].dump() : "[]") << f;
      }
    }
  }
}

// Strings: escapes, every one- and two-byte string, and three- and four-byte sequences around the limits of
// well-formed UTF-8. Invalid UTF-8 throws the same error as nlohmann's dump().
TEST(History, DirectStringEscapingIsWhatNlohmannWrites) {
  auto outcome = [](auto&& write) {
    try {
      return std::string("ok:") + write();
    } catch (const nlohmann::json::exception& e) {
      return std::string("error:") + e.what();
    }
  };
  auto check = [&](const std::string& s) {
    const auto expected = outcome([&] { return nlohmann::json(s).dump(); });
    const auto actual = outcome([&] {
      std::string out;
      pf::detail::append_json_string(out, s);
      return out;
    });
    return expected == actual;
  };
  std::size_t bad = 0;
  for (int a = 0; a < 256; ++a) {
    bad += !check(std::string(1, static_cast<char>(a)));
    bad += !check("x" + std::string(1, static_cast<char>(a)) + "\"y");
    for (int b = 0; b < 256; ++b) bad += !check({static_cast<char>(a), static_cast<char>(b)});
  }
  const unsigned char tails[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff};
  const unsigned char last[] = {0x41, 0x80, 0xbf, 0xc0};
  for (int a = 0xc0; a < 256; ++a)
    for (int b = 0x70; b < 0xc2; ++b)  // the second byte's limits depend on the first
      for (unsigned char c : tails) {
        const std::string three{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)};
        bad += !check(three);
        for (unsigned char d : last) bad += !check(three + static_cast<char>(d));
      }
  EXPECT_EQ(bad, 0U);
}

// Format version 2: the event record an export writes (recorded_at, documents), read back exactly.
TEST(History, Version2CarriesTheEventRecord) {
  pf::case_history h;
  h.case_id = "C1";
  h.events = pf::parse_history(with_events(R"({"type": "clue_received", "at": "2024-03-01T09:00"},
                                               {"type": "case_filed", "at": "2024-03-05T09:00"})"),
                               "t.json")
                 .events;
  EXPECT_EQ(pf::to_json(h).find("case-history/2"), std::string::npos);  // the writer writes version 3
  h.records = {{pf::parse_instant("2024-03-01T09:05:07"), {}},
               {std::nullopt,
                {pf::document("立案审批表", "市监立〔2024〕1号", pf::parse_date("2024-03-05"), {"A", "H1"}),
                 pf::document("现场笔录", "", pf::parse_date("2024-03-05"), {"A"}, 3, 2, "main")}}};
  const std::string text = pf::to_json(h);
  EXPECT_NE(text.find("\"format\": \"penaltyflow-case-history/3\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"recorded_at\": \"2024-03-01T09:05:07\""), std::string::npos) << text;
  const auto back = pf::parse_history(text, "t.json");
  ASSERT_EQ(back.events.size(), h.events.size());
  for (std::size_t i = 0; i < h.events.size(); ++i)
    EXPECT_EQ(pf::detail::event_text(back.events[i], "-"), pf::detail::event_text(h.events[i], "-"));
  EXPECT_EQ(back.records, h.records);
  EXPECT_EQ(pf::to_json(back), text);
  // A history whose events carry no record reads back without records.
  h.records.clear();
  EXPECT_TRUE(pf::parse_history(pf::to_json(h), "t.json").records.empty());
  h.records.resize(1);
  EXPECT_THROW((void)pf::to_json(h), pf::invalid_argument_error);  // one record per event, or none
}

TEST(History, EventRecordErrorsNameTheFieldAndVersion1RefusesIt) {
  const std::string v2 = R"({"format": "penaltyflow-case-history/2", "case": "C1", "events": [)";
  auto v2_error = [&](const std::string& event) { return history_error(v2 + event + "]}"); };
  // In version 1 the record's fields are unknown fields.
  EXPECT_NE(history_error(with_events(R"({"type": "clue_received", "at": "2024-03-01T09:00", "recorded_at": "2024-03-01T09:00"})"))
                .find("$.events[0].recorded_at: unknown field"),
            std::string::npos);
  EXPECT_NE(v2_error(R"({"type": "clue_received", "at": "2024-03-01T09:00", "recorded_at": "yesterday"})")
                .find("$.events[0].recorded_at: "),
            std::string::npos);
  const auto m = v2_error(R"({"type": "clue_received", "at": "2024-03-01T09:00",
                              "documents": [{"kind": "k", "number": "n", "date": "2024-03-01", "signatories": []},
                                            {"kind": "k", "date": "2024-03-01", "signatories": []}]})");
  EXPECT_NE(m.find("$.events[0].documents[1].number: required field is missing"), std::string::npos) << m;
  const auto m2 = v2_error(R"({"type": "clue_received", "at": "2024-03-01T09:00",
                               "documents": [{"kind": "k", "number": "n", "date": "2024-02-30", "signatories": []}]})");
  EXPECT_NE(m2.find("$.events[0].documents[0].date: "), std::string::npos) << m2;
  const auto m3 = v2_error(R"({"type": "clue_received", "at": "2024-03-01T09:00",
                               "documents": [{"kind": "k", "number": "n", "date": "2024-03-01", "signatories": [1]}]})");
  EXPECT_NE(m3.find("$.events[0].documents[0].signatories[0]: expected a string"), std::string::npos) << m3;
  const auto m4 = v2_error(R"({"type": "clue_received", "at": "2024-03-01T09:00",
                               "documents": [{"kind": "k", "number": "n", "date": "2024-03-01", "signatories": [], "pages": -1}]})");
  EXPECT_NE(m4.find("$.events[0].documents[0].pages: must be a page count"), std::string::npos) << m4;
  const auto m5 = v2_error(R"({"type": "clue_received", "at": "2024-03-01T09:00",
                               "documents": [{"kind": "k", "number": "n", "date": "2024-03-01", "signatories": [], "seal": true}]})");
  EXPECT_NE(m5.find("$.events[0].documents[0].seal: unknown field"), std::string::npos) << m5;
  // The event itself is still read strictly.
  EXPECT_NE(v2_error(R"({"type": "clue_received", "at": "2024-03-01T09:00", "documents": [], "colour": "red"})")
                .find("$.events[0].colour: unknown field"),
            std::string::npos);
}

// Format version 3: the decision's money in items, payments naming them, deferrals with their dates.
TEST(History, Version3SplitsTheMoneyIntoItems) {
  const std::string text = with_events_v3(R"(
    {"type": "decision", "at": "2024-04-16T09:00", "outcome": "penalty",
     "penalty": {"kinds": ["fine", "confiscation"], "fine_fen": 100, "illegal_gains_fen": 200, "illegal_property_fen": 300}},
    {"type": "goods_confiscated", "at": "2024-04-20T09:00"},
    {"type": "payment_deferred", "at": "2024-04-21T09:00",
     "instalments": [{"due": "2024-05-31", "amount_fen": 40}, {"due": "2024-06-30", "amount_fen": 60}]},
    {"type": "payment_received", "at": "2024-04-22T09:00", "item": "illegal_gains", "amount_fen": 1},
    {"type": "surcharge_imposed", "at": "2024-07-02T09:00", "amount_fen": 3, "rate_told": true})");
  const auto h = pf::parse_history(text, "v3.json");
  ASSERT_EQ(h.events.size(), 5U);
  EXPECT_EQ(h.events[0].proposed->illegal_gains_fen, 200);
  EXPECT_EQ(h.events[0].proposed->illegal_property_fen, 300);
  EXPECT_EQ(h.events[1].type, et::goods_confiscated);
  ASSERT_EQ(h.events[2].instalments.size(), 2U);
  EXPECT_EQ(h.events[2].instalments[1].due, pf::parse_date("2024-06-30"));
  EXPECT_EQ(h.events[2].instalments[1].amount_fen, 60);
  EXPECT_EQ(h.events[3].item, pf::execution_item::illegal_gains);
  EXPECT_TRUE(h.events[4].rate_told);
  // Written back as version 3, read back the same; the store's fast reader gives the same events.
  const auto out = pf::to_json(h);
  EXPECT_NE(out.find("\"format\": \"penaltyflow-case-history/3\""), std::string::npos) << out;
  const auto again = pf::parse_history(out, "again.json");
  for (std::size_t i = 0; i < h.events.size(); ++i) {
    const auto payload = pf::detail::event_payload_text(h.events[i]);
    EXPECT_EQ(pf::detail::event_payload_text(again.events[i]), payload);
    pf::event fast;
    ASSERT_TRUE(pf::detail::read_event_columns(pf::to_string(h.events[i].type), "2024-04-16T09:00:00", "[]", payload, fast))
        << payload;
    EXPECT_EQ(pf::detail::event_payload_text(fast), payload);
  }
}

TEST(History, EachVersionRefusesTheOthersMoneyFields) {
  // Version 3: no confiscation_fen, and a payment names its item.
  EXPECT_NE(history_error(with_events_v3(R"({"type": "decision", "at": "2024-04-16T09:00",
              "penalty": {"kinds": ["confiscation"], "confiscation_fen": 100}})"))
                .find("$.events[0].penalty.confiscation_fen: unknown field"),
            std::string::npos);
  EXPECT_NE(history_error(with_events_v3(R"({"type": "payment_received", "at": "2024-04-16T09:00", "amount_fen": 1})"))
                .find("$.events[0].item: required field is missing"),
            std::string::npos);
  // Versions 1 and 2: none of version 3's fields or event types.
  EXPECT_NE(history_error(with_events(R"({"type": "payment_received", "at": "2024-04-16T09:00", "amount_fen": 1, "item": "fine"})"))
                .find("$.events[0].item: a field of format version 3"),
            std::string::npos);
  EXPECT_NE(history_error(with_events(R"({"type": "goods_confiscated", "at": "2024-04-16T09:00"})"))
                .find("$.events[0].type: an event type of format version 3"),
            std::string::npos);
  EXPECT_NE(history_error(with_events(R"({"type": "decision", "at": "2024-04-16T09:00",
              "penalty": {"kinds": ["confiscation"], "illegal_gains_fen": 100}})"))
                .find("$.events[0].penalty.illegal_gains_fen: unknown field"),
            std::string::npos);
  EXPECT_NE(history_error(with_events_v3(R"({"type": "payment_deferred", "at": "2024-04-16T09:00",
              "instalments": [{"due": "2024-05-01", "amount_fen": 0}]})"))
                .find("$.events[0].instalments[0].amount_fen: must be more than zero"),
            std::string::npos);
}

// An example history of format version 1 still reads and replays: its confiscation_fen is the illegal gains and
// its payments, which name no item, pay the fine first; written back, it keeps its version.
TEST(History, OldFormatExampleStillReadsAndReplays) {
  const auto h = pf::load_history(std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories/ordinary-simple.json");
  const auto payment = std::find_if(h.events.begin(), h.events.end(),
                                    [](const pf::event& e) { return e.type == et::payment_received; });
  ASSERT_NE(payment, h.events.end());
  EXPECT_FALSE(payment->item.has_value());
  const pf::workflow wf;
  const auto r = wf.replay(h.case_id, h.events);
  EXPECT_TRUE(r.refused.empty());
  EXPECT_EQ(r.record.stage(), "archived");
  EXPECT_EQ(r.record.facts().fine.outstanding(), 0);
  const auto out = pf::to_json(h);
  EXPECT_NE(out.find("\"format\": \"penaltyflow-case-history/1\""), std::string::npos);
  const auto v1 = pf::parse_history(with_events(R"({"type": "decision", "at": "2024-04-16T09:00",
              "penalty": {"kinds": ["confiscation"], "fine_fen": 0, "confiscation_fen": 100}},
              {"type": "payment_received", "at": "2024-04-20T09:00", "amount_fen": 100})"),
                                    "v1.json");
  EXPECT_EQ(v1.events[0].proposed->illegal_gains_fen, 100);
  const auto back = pf::to_json(v1);
  EXPECT_NE(back.find("\"confiscation_fen\": 100"), std::string::npos) << back;
  // A history mixing an itemless payment with version 3's fields cannot be written in any version.
  auto mixed = v1;
  mixed.events.push_back(mixed.events[1]);
  mixed.events.back().item = pf::execution_item::fine;
  EXPECT_THROW((void)pf::to_json(mixed), pf::invalid_argument_error);
}
