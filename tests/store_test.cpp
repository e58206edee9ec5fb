// The record store: append, refusal, optimistic concurrency, projection, hash chain, verify, checkpoints,
// time travel, due query, schema versions and migration, group commit.
#include <penaltyflow/event_json.hpp>
#include <penaltyflow/history.hpp>
#include <penaltyflow/money.hpp>
#include <penaltyflow/store.hpp>

#include "penaltyflow/detail/event_codec.hpp"
#include "penaltyflow/detail/event_object.hpp"
#include "penaltyflow/detail/sha256.hpp"
#include "penaltyflow/detail/store_schema.hpp"
#include "support/builders.hpp"
#include "support/scratch_file.hpp"
#include "support/tamper.hpp"
#include "support/process.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

namespace {

using namespace penaltyflow;
using pf_test::at;
using pf_test::scratch_file;
using pf_test::slurp;

const instant t0 = at("2024-03-04T09:00");

/// Appends the first `n` events of pf_test::nth_event to `case_id`.
void fill(store& s, const std::string& case_id, std::uint64_t n, instant start = t0) {
  for (std::uint64_t i = s.version(case_id); i < n; ++i) {
    const auto r = s.append(case_id, i, pf_test::nth_event(i, start), start + boost::gregorian::days(30));
    ASSERT_TRUE(r.accepted) << case_id << " event " << i << ": " << (r.refusals.empty() ? "" : r.refusals[0].rule_id);
  }
}

TEST(Store, AppendsEventsAndProjection) {
  scratch_file f("append.db");
  store s(f.path());
  EXPECT_EQ(s.version("C1"), 0u);
  const auto r1 = s.append("C1", 0, pf_test::clue(t0), at("2024-03-04T09:05"));
  ASSERT_TRUE(r1.accepted);
  EXPECT_EQ(r1.version, 1u);
  EXPECT_EQ(r1.seq, 1u);
  EXPECT_EQ(r1.hash.size(), 64u);
  document doc{"立案审批表", "市监立〔2024〕1号", parse_date("2024-03-06"), {"O1", "O2", "H1"}};
  const auto r2 = s.append("C1", 1, pf_test::filed(at("2024-03-06T10:00")), at("2024-03-06T10:01"), {doc});
  ASSERT_TRUE(r2.accepted);
  EXPECT_EQ(r2.version, 2u);

  const auto h = s.history("C1");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].prev_hash, std::string(64, '0'));
  EXPECT_EQ(h[1].prev_hash, h[0].hash);
  EXPECT_EQ(h[1].hash, r2.hash);
  EXPECT_EQ(h[1].ev.type, event_type::case_filed);
  EXPECT_EQ(h[1].ev.actors.size(), 3u);
  EXPECT_EQ(h[1].ev.actors[0].enforcement_certificate->number, "ZF-O1");
  EXPECT_EQ(h[1].ev.conditions, filing_condition::all);
  EXPECT_EQ(to_iso(h[1].recorded_at), "2024-03-06T10:01:00");
  ASSERT_EQ(h[1].documents.size(), 1u);
  EXPECT_EQ(h[1].documents[0], doc);
  EXPECT_EQ(h[1].calendar_version, calendar::national().version());
  EXPECT_EQ(h[1].profile_version, profile_version(profile::national()));

  const auto p = s.projection("C1");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->version, 2u);
  EXPECT_EQ(p->stage, "investigation");
  EXPECT_EQ(p->proc, "ordinary");
  ASSERT_TRUE(p->filed);
  EXPECT_EQ(to_iso(*p->filed), "2024-03-06");
  EXPECT_FALSE(p->deadlines.empty());  // the decision period runs from the filing

  const auto officers = s.officers();
  ASSERT_EQ(officers.size(), 3u);
  EXPECT_EQ(officers[0].id, "H1");
  EXPECT_EQ(officers[1].id, "O1");
  ASSERT_EQ(officers[1].certificates.size(), 1u);
  EXPECT_EQ(officers[1].certificates[0].number, "ZF-O1");
  EXPECT_TRUE(s.verify().ok);
}

TEST(Store, RefusalWritesNothingAndNamesTheRule) {
  scratch_file f("refuse.db");
  store s(f.path());
  fill(s, "C1", 1);
  auto bad = pf_test::filed(at("2024-03-06T10:00"));
  bad.actors = {pf_test::named(pf_test::officer("O1"), "张三"), pf_test::head()};  // one officer only
  const auto r = s.append("C1", 1, bad, at("2024-03-06T10:01"));
  EXPECT_FALSE(r.accepted);
  ASSERT_FALSE(r.refusals.empty());
  EXPECT_EQ(r.refusals[0].rule_id, "R-ACTOR-TWO-CERTIFIED");
  EXPECT_NE(r.refusals[0].citation.find("第四十二条"), std::string::npos);
  EXPECT_EQ(r.version, 1u);
  EXPECT_EQ(r.seq, 0u);
  EXPECT_EQ(s.version("C1"), 1u);
  EXPECT_EQ(s.history("C1").size(), 1u);
  EXPECT_EQ(s.officers().size(), 1u);  // O2 and H1 were not registered
  EXPECT_TRUE(s.verify().ok);
  // The next good event still links to the last stored one.
  const auto ok = s.append("C1", 1, pf_test::filed(at("2024-03-06T10:00")), at("2024-03-06T10:02"));
  ASSERT_TRUE(ok.accepted);
  EXPECT_EQ(ok.seq, 2u);
}

TEST(Store, WrongExpectedVersionIsAConflict) {
  scratch_file f("conflict.db");
  store s(f.path());
  fill(s, "C1", 2);
  try {
    s.append("C1", 1, pf_test::inspection(at("2024-03-08T09:00")), t0);
    FAIL() << "expected a conflict";
  } catch (const conflict_error& e) {
    EXPECT_EQ(e.code(), error_code::conflict);
    EXPECT_EQ(e.expected(), 1u);
    EXPECT_EQ(e.actual(), 2u);
    EXPECT_NE(std::string(e.what()).find("[penaltyflow.conflict] case \"C1\" is at version 2"), std::string::npos);
  }
  EXPECT_EQ(s.version("C1"), 2u);
}

TEST(Store, TwoConnectionsSeeEachOthersAppends) {
  scratch_file f("two.db");
  store a(f.path());
  store b(f.path());
  fill(a, "C1", 2);
  // b has never read C1: its cache is empty, the file decides.
  EXPECT_THROW(b.append("C1", 0, pf_test::clue(t0), t0), conflict_error);
  ASSERT_TRUE(b.append("C1", 2, pf_test::inspection(at("2024-03-08T09:00")), t0).accepted);
  // a cached C1 at version 2; b's commit changed the file, so a must not trust its cache.
  EXPECT_THROW(a.append("C1", 2, pf_test::inspection(at("2024-03-08T10:00")), t0), conflict_error);
  ASSERT_TRUE(a.append("C1", 3, pf_test::inspection(at("2024-03-08T10:00")), t0).accepted);
  const auto h = b.history("C1");
  ASSERT_EQ(h.size(), 4u);
  for (std::size_t i = 1; i < h.size(); ++i) EXPECT_EQ(h[i].prev_hash, h[i - 1].hash);
  EXPECT_TRUE(a.verify().ok);
}

TEST(Store, BadCaseIdIsRefusedBeforeWriting) {
  scratch_file f("badid.db");
  store s(f.path());
  EXPECT_THROW(s.append("", 0, pf_test::clue(t0), t0), invalid_argument_error);
  EXPECT_THROW(s.append("C\n1", 0, pf_test::clue(t0), t0), invalid_argument_error);
  EXPECT_THROW(s.append("C1", 0, pf_test::clue(t0), instant()), invalid_argument_error);
  EXPECT_EQ(s.make_checkpoint().count, 0u);
}

TEST(Store, LogRefusesUpdateAndDelete) {
  scratch_file f("trigger.db");
  { store s(f.path()); fill(s, "C1", 2); }
  SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
  try {
    raw.exec("UPDATE events SET payload = '{}' WHERE seq = 1");
    FAIL() << "UPDATE accepted";
  } catch (const SQLite::Exception& e) {
    EXPECT_NE(std::string(e.what()).find("append-only (UPDATE refused)"), std::string::npos);
  }
  try {
    raw.exec("DELETE FROM events WHERE seq = 2");
    FAIL() << "DELETE accepted";
  } catch (const SQLite::Exception& e) {
    EXPECT_NE(std::string(e.what()).find("append-only (DELETE refused)"), std::string::npos);
  }
  EXPECT_THROW(raw.exec("UPDATE versions SET calendar_version = 'x'"), SQLite::Exception);
}

TEST(Store, VerifyNamesTheFirstEditedEvent) {
  scratch_file f("edit.db");
  {
    store s(f.path());
    fill(s, "A", 4);
    fill(s, "B", 4);
  }
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER events_append_only_update");
    // Event 6 is B's 2nd; change one character of its note-less payload's actors (a name).
    raw.exec("UPDATE events SET actors = replace(actors, '李四', '王五') WHERE seq = 6");
    raw.exec(pf_test::restore_append_only_triggers());
  }
  store s(f.path());
  const auto rep = s.verify();
  EXPECT_FALSE(rep.ok);
  ASSERT_TRUE(rep.problem);
  EXPECT_EQ(rep.problem->seq, 6u);
  EXPECT_EQ(rep.problem->case_id, "B");
  EXPECT_EQ(rep.problem->case_seq, 2u);
  EXPECT_NE(rep.problem->what.find("hash mismatch"), std::string::npos);
}

/// The name the officer register holds for `id` ("<absent>" when it has no row).
std::string officer_name(const store& s, const std::string& id) {
  for (const auto& o : s.officers())
    if (o.id == id) return o.name;
  return "<absent>";
}

TEST(Store, TheOfficerRegisterKeepsTheLastNameTheLogGives) {
  scratch_file f("officer_names.db");
  auto named = [](instant t, const std::string& name) {
    event e = pf_test::inspection(t);
    e.actors[1].name = name;  // officer O2, same certificate
    return e;
  };
  {
    store s(f.path());
    fill(s, "A", 3);  // O2 is 李四
    ASSERT_TRUE(s.append("A", 3, named(at("2024-03-08T09:00"), "李思"), t0).accepted);
    ASSERT_TRUE(s.append("A", 4, named(at("2024-03-08T10:00"), ""), t0).accepted);  // no name: keeps 李思
    EXPECT_EQ(officer_name(s, "O2"), "李思");
    ASSERT_TRUE(s.append("A", 5, named(at("2024-03-08T11:00"), "李四"), t0).accepted);  // back: a name seen before
    EXPECT_EQ(officer_name(s, "O2"), "李四");
    EXPECT_TRUE(s.verify().ok);
  }
  store s(f.path());  // a new connection knows nothing of what the register holds
  ASSERT_TRUE(s.append("A", 6, named(at("2024-03-09T09:00"), "李思"), t0).accepted);
  EXPECT_EQ(officer_name(s, "O2"), "李思");
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
}

TEST(Store, AnOfficerNamedTwiceInOneEventIsRegisteredUnderTheLaterName) {
  scratch_file f("officer_twice.db");
  store s(f.path());
  fill(s, "A", 3);
  event e = pf_test::inspection(at("2024-03-08T09:00"));
  e.actors.push_back(pf_test::named(pf_test::officer("O2"), "李思"));  // O2 again, spelt otherwise: the rules count O2 once
  ASSERT_TRUE(s.append("A", 3, e, t0).accepted);
  EXPECT_EQ(officer_name(s, "O2"), "李思");
  EXPECT_TRUE(s.verify().ok);
  s.rebuild_projections();  // the rebuild agrees with the writer
  EXPECT_EQ(officer_name(s, "O2"), "李思");
  EXPECT_TRUE(s.verify().ok);
}

TEST(Store, MigratesAVersion4FileWhoseOfficerRegisterKeptTheFirstName) {
  // A version-4 file differs from a version-5 one only in its officer register, which kept the name the
  // writing connection saw first: made here from a version-5 file.
  scratch_file f("v4.db");
  {
    store s(f.path());
    fill(s, "A", 3);  // O2 is 李四
    event e = pf_test::inspection(at("2024-03-08T09:00"));
    e.actors[1].name = "李思";
    ASSERT_TRUE(s.append("A", 3, e, t0).accepted);
  }
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE officers SET name = '李四' WHERE id = 'O2'; PRAGMA user_version = 4");
  }
  try {
    store ro(f.path(), workflow(), store_options{durability::full, open_mode::read_only});
    FAIL() << "a read-only opening migrated";
  } catch (const store_error& e) {
    EXPECT_NE(std::string(e.what()).find("must be migrated"), std::string::npos) << e.what();
  }
  const std::string head = [&] {
    SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
    return raw.execAndGet("SELECT hex(hash) FROM events ORDER BY seq DESC LIMIT 1").getString();
  }();
  store s(f.path());
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), store_schema_version);
    EXPECT_EQ(raw.execAndGet("SELECT hex(hash) FROM events ORDER BY seq DESC LIMIT 1").getString(), head);
  }
  EXPECT_EQ(officer_name(s, "O2"), "李思");
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
}

TEST(Store, VerifyLocatesAnEditedOfficerRegister) {
  scratch_file f("officer_edit.db");
  {
    store s(f.path());
    fill(s, "A", 4);
    fill(s, "B", 3);
  }
  auto verify_after = [&](const std::string& sql) {
    scratch_file g("officer_edit_copy.db");
    std::filesystem::copy_file(f.path(), g.path());
    {
      SQLite::Database raw(g.path(), SQLite::OPEN_READWRITE);
      raw.exec(sql);
    }
    store s(g.path());
    EXPECT_TRUE(s.verify(verify_depth::chain).ok) << sql;  // the registers are derived data: full verify only
    return s.verify();
  };
  struct edit {
    const char* sql;
    std::uint64_t seq;  // where verify locates it
    const char* what;
  };
  const edit edits[] = {
      // A renamed officer: at the last event naming them (B's 3rd event, the 7th of the log).
      {"UPDATE officers SET name = '王五' WHERE id = 'O2'", 7,
       "the officer register names officer \"O2\" \"王五\", the log \"李四\""},
      // A certificate's validity stretched: the real one is missing (first shown by A's filing, event 2).
      {"UPDATE certificates SET valid_until = '2035-12-31' WHERE officer_id = 'O2'", 2,
       "the certificate register lacks certificate ZF-O2 of officer \"O2\" valid 2020-01-01..2030-12-31, shown by "
       "the event"},
      // Rows no event defines: position 0.
      {"INSERT INTO certificates VALUES ('O1', 'FAKE-1', '2020-01-01', '2030-12-31')", 0,
       "the certificate register holds certificate FAKE-1 of officer \"O1\" valid 2020-01-01..2030-12-31, which no "
       "event shows"},
      {"INSERT INTO officers VALUES ('X9', '无名')", 0, "the officer register holds officer \"X9\", whom no event names"},
      // A removed officer: at the event that first names them (the head approves A's filing).
      {"DELETE FROM officers WHERE id = 'H1'", 2, "the officer register lacks officer \"H1\", named by the event"},
  };
  for (const auto& e : edits) {
    const auto rep = verify_after(e.sql);
    ASSERT_FALSE(rep.ok) << e.sql;
    EXPECT_EQ(rep.problem->seq, e.seq) << e.sql;
    EXPECT_EQ(rep.problem->what, e.what) << e.sql;
  }
  // The registers are derived data: rebuild_projections() rewrites them from the log (as a file written before
  // they were verified may need).
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE officers SET name = '王五' WHERE id = 'O2'; DELETE FROM certificates WHERE officer_id = 'O1'");
  }
  store s(f.path());
  ASSERT_FALSE(s.verify().ok);
  s.rebuild_projections();
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
  ASSERT_TRUE(s.append("B", 3, pf_test::nth_event(3, t0), t0).accepted);  // and appends still register
  EXPECT_TRUE(s.verify().ok);
}

TEST(Store, VerifyCatchesADeletedEventAndAnEditedProjection) {
  scratch_file f("delete.db");
  { store s(f.path()); fill(s, "A", 3); fill(s, "B", 3); }
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE cases SET stage = 'closed' WHERE case_id = 'B'");
  }
  {
    store s(f.path());
    const auto rep = s.verify(verify_depth::full);
    ASSERT_FALSE(rep.ok);
    EXPECT_EQ(rep.problem->case_id, "B");
    EXPECT_EQ(rep.problem->seq, 6u);  // the projection is as of B's last event
    EXPECT_NE(rep.problem->what.find("stage: stored \"closed\", replay gives \"investigation\""), std::string::npos);
    EXPECT_TRUE(s.verify(verify_depth::chain).ok);  // the log itself is intact
    s.rebuild_projections();  // the projection is derived: replaying the log restores it
    EXPECT_TRUE(s.verify().ok);
    EXPECT_EQ(s.projection("B")->stage, "investigation");
    EXPECT_EQ(s.projection("B")->version, 3u);
  }
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER events_append_only_delete");
    raw.exec("DELETE FROM events WHERE seq = 2");
    raw.exec(pf_test::restore_append_only_triggers());
  }
  store s(f.path());
  const auto rep = s.verify(verify_depth::chain);
  ASSERT_FALSE(rep.ok);
  EXPECT_EQ(rep.problem->seq, 3u);
  EXPECT_NE(rep.problem->what.find("log position 2 is missing"), std::string::npos);
}

TEST(Store, VerifyCatchesAFlippedByteInTheFile) {
  scratch_file f("flip.db");
  {
    store s(f.path());
    fill(s, "A", 2);
    ASSERT_TRUE(s.append("A", 2, pf_test::inspection(at("2024-03-08T09:00"), "MARKER-QX7"), t0).accepted);
    fill(s, "B", 2);
  }  // closing the last connection checkpoints the WAL into the file
  std::string bytes = slurp(f.path());
  const auto pos = bytes.find("MARKER-QX7");
  ASSERT_NE(pos, std::string::npos);
  bytes[pos + 7] = 'Z';
  std::ofstream(f.path(), std::ios::binary | std::ios::trunc) << bytes;
  store s(f.path());
  const auto rep = s.verify();
  ASSERT_FALSE(rep.ok);
  EXPECT_EQ(rep.problem->seq, 3u);
  EXPECT_EQ(rep.problem->case_id, "A");
  EXPECT_EQ(rep.problem->case_seq, 3u);
}

TEST(Store, CheckpointsProveThePastLater) {
  scratch_file f("checkpoint.db");
  checkpoint cp;
  {
    store s(f.path());
    fill(s, "A", 3);
    cp = s.make_checkpoint();
    EXPECT_EQ(cp.count, 3u);
    const auto text = cp.to_json();
    const auto back = checkpoint::parse(text, "cp.json");
    EXPECT_EQ(back.count, 3u);
    EXPECT_EQ(back.head_hash, cp.head_hash);
    fill(s, "B", 3);
    EXPECT_TRUE(s.verify_checkpoint(cp).ok);
    EXPECT_EQ(s.make_checkpoint().count, 6u);
  }
  EXPECT_THROW(checkpoint::parse("{\"format\":\"penaltyflow-checkpoint/1\",\"events\":-1,\"head_hash\":\"00\"}", "x.json"),
               file_format_error);
  // Rewriting event 2 and re-hashing the whole chain after it passes the chain check, never the checkpoint.
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER events_append_only_update");
    raw.exec("UPDATE events SET recorded_at = '2024-01-01T00:00:00' WHERE seq = 2");
    // The documented recipe (docs/store.md), over the view that shows each event's previous hash.
    SQLite::Statement q(raw, "SELECT " + std::string(detail::hash_input_sql) + " FROM event_log e WHERE e.seq = ?");
    detail::sha256_digest prev{};
    for (int seq = 2; seq <= 6; ++seq) {
      q.bind(1, seq);
      ASSERT_TRUE(q.executeStep());
      const std::string input = q.getColumn(0).getString();
      q.reset();
      prev = detail::sha256::of(input);
      SQLite::Statement u(raw, "UPDATE events SET hash = ? WHERE seq = ?");
      u.bind(1, prev.data(), static_cast<int>(prev.size()));
      u.bind(2, seq);
      u.exec();
    }
    raw.exec(pf_test::restore_append_only_triggers());
  }
  store s(f.path());
  EXPECT_TRUE(s.verify(verify_depth::chain).ok);  // a consistent forgery of the whole tail...
  const auto rep = s.verify_checkpoint(cp);
  EXPECT_FALSE(rep.ok);  // ...is caught by the checkpoint taken before it
  ASSERT_TRUE(rep.problem);
  EXPECT_EQ(rep.problem->seq, 3u);
  EXPECT_NE(rep.problem->what.find("changed and re-hashed"), std::string::npos);
}

TEST(Store, TimeTravelGivesTheCaseAsOfADay) {
  scratch_file f("travel.db");
  store s(f.path());
  fill(s, "C1", 3);  // clue 2024-03-04, filed 2024-03-06, inspection 2024-03-07
  const auto before = s.state_as_of("C1", parse_date("2024-03-05"));
  EXPECT_EQ(before.events, 1u);
  EXPECT_EQ(before.stage, "intake");
  const auto after = s.state_as_of("C1", parse_date("2024-03-06"));
  EXPECT_EQ(after.events, 2u);
  EXPECT_EQ(after.stage, "investigation");
  bool decision_running = false;
  for (const auto& d : after.deadlines) decision_running |= d.period_id == "decision";
  EXPECT_TRUE(decision_running);
  // Long after the filing, the decision period is overdue: a finding as of that day.
  const auto late = s.state_as_of("C1", parse_date("2024-12-31"));
  EXPECT_EQ(late.events, 3u);
  bool overdue = false;
  for (const auto& d : late.deadlines) overdue |= d.period_id == "decision" && d.overdue;
  EXPECT_TRUE(overdue);
  EXPECT_FALSE(late.findings.empty());
  EXPECT_THROW(s.state_as_of("nope", parse_date("2024-03-05")), invalid_argument_error);
  // The day before the clue: the case did not exist yet.
  try {
    s.state_as_of("C1", parse_date("2024-03-03"));
    ADD_FAILURE() << "no error for a day before the first event";
  } catch (const invalid_argument_error& e) {
    EXPECT_NE(std::string(e.what()).find("as-of 2024-03-03 is before its first event (2024-03-04)"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(s.state_as_of("C1", parse_date("2024-03-04")).events, 1u);
}

TEST(Store, DueListsDeadlinesInAWindowAcrossCases) {
  scratch_file f("due.db");
  store s(f.path());
  fill(s, "A", 2, at("2024-03-04T09:00"));
  fill(s, "B", 2, at("2024-05-06T09:00"));
  const auto a = s.projection("A");
  ASSERT_TRUE(a && !a->deadlines.empty());
  const date due_a = a->deadlines.front().due;
  const auto items = s.due(due_a, due_a);
  ASSERT_FALSE(items.empty());
  for (const auto& it : items) {
    EXPECT_EQ(it.case_id, "A");
    EXPECT_EQ(it.deadline.due, due_a);
    EXPECT_FALSE(it.deadline.citation.empty());
  }
  EXPECT_TRUE(s.due(parse_date("2023-01-01"), parse_date("2023-12-31")).empty());
  EXPECT_THROW(s.due(parse_date("2024-02-01"), parse_date("2024-01-01")), invalid_argument_error);
}

TEST(Store, AppendManyIsAllOrNothing) {
  scratch_file f("many.db");
  store s(f.path());
  std::vector<append_request> reqs;
  for (std::uint64_t i = 0; i < 3; ++i) reqs.push_back({"C1", i, pf_test::nth_event(i, t0), t0, {}});
  auto bad = pf_test::filed(at("2024-03-10T09:00"));
  bad.conditions = 0;
  reqs.push_back({"C2", 0, pf_test::clue(t0), t0, {}});
  reqs.push_back({"C2", 1, bad, t0, {}});
  const auto r = s.append_many(reqs);
  EXPECT_FALSE(r.accepted);
  EXPECT_EQ(r.index, 4u);
  ASSERT_FALSE(r.refused.refusals.empty());
  EXPECT_EQ(r.refused.refusals[0].rule_id, "R-FILING-CONDITIONS");
  EXPECT_EQ(s.make_checkpoint().count, 0u);
  EXPECT_TRUE(s.case_ids().empty());
  reqs.pop_back();
  const auto ok = s.append_many(reqs);
  ASSERT_TRUE(ok.accepted);
  EXPECT_EQ(ok.results.size(), 4u);
  EXPECT_EQ(s.version("C1"), 3u);
  EXPECT_TRUE(s.verify().ok);
}

/// `threads` threads append `per_thread` events each to their own case: every one acknowledged, once.
void group_commit_from(int threads, int per_thread) {
  scratch_file f("group.db");
  store s(f.path(), workflow(), store_options{durability::normal});
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&, t] {
      const std::string id = "T" + std::to_string(t);
      for (int i = 0; i < per_thread; ++i) {
        const auto r = s.append(id, static_cast<std::uint64_t>(i), pf_test::nth_event(static_cast<std::uint64_t>(i), t0), t0);
        if (r.accepted) ++acknowledged;
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(acknowledged.load(), threads * per_thread);
  EXPECT_EQ(s.make_checkpoint().count, static_cast<std::uint64_t>(threads * per_thread));
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
  EXPECT_EQ(rep.cases, static_cast<std::uint64_t>(threads));
}

TEST(Store, GroupCommitFromManyThreads) { group_commit_from(8, 40); }

// More appenders than the store's 64 condition variables: threads share them, and a thread woken for another's
// request sleeps again until its own is done.
TEST(Store, GroupCommitFromMoreThreadsThanWakeSlots) { group_commit_from(80, 6); }

/// The next event of case `c` (at its version `v`) as a request.
append_request next_of(const std::string& c, std::uint64_t v) { return {c, v, pf_test::nth_event(v, t0), t0, {}}; }

TEST(Store, AppendAsyncKeepsManyAppendsInFlightFromOneThread) {
  scratch_file f("async.db");
  store s(f.path(), workflow(), store_options{durability::normal});
  constexpr int cases = 16, per_case = 20;
  std::vector<std::future<append_result>> pending(cases);
  for (int c = 0; c < cases; ++c) pending[c] = s.append_async(next_of("A" + std::to_string(c), 0));
  std::set<std::uint64_t> seqs;
  for (int i = 1; i <= per_case; ++i)
    for (int c = 0; c < cases; ++c) {
      const auto r = pending[c].get();
      ASSERT_TRUE(r.accepted);
      EXPECT_EQ(r.version, static_cast<std::uint64_t>(i));
      EXPECT_EQ(r.hash.size(), 64u);
      EXPECT_TRUE(seqs.insert(r.seq).second) << "seq " << r.seq << " twice";
      if (i < per_case) pending[c] = s.append_async(next_of("A" + std::to_string(c), static_cast<std::uint64_t>(i)));
    }
  EXPECT_EQ(seqs.size(), static_cast<std::size_t>(cases * per_case));
  EXPECT_EQ(*seqs.rbegin(), static_cast<std::uint64_t>(cases * per_case));  // the log has no gap
  for (int c = 0; c < cases; ++c) EXPECT_EQ(s.version("A" + std::to_string(c)), static_cast<std::uint64_t>(per_case));
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
}

TEST(Store, AppendAsyncReportsRefusalsAndConflictsThroughItsFuture) {
  scratch_file f("async_refused.db");
  store s(f.path());
  fill(s, "C1", 1);  // the clue
  auto bad = pf_test::filed(at("2024-03-10T09:00"));
  bad.conditions = 0;
  auto refused = s.append_async({"C1", 1, bad, t0, {}});
  auto conflicting = s.append_async(next_of("C1", 5));
  auto fine = s.append_async(next_of("C2", 0));
  const auto r = refused.get();
  EXPECT_FALSE(r.accepted);
  ASSERT_FALSE(r.refusals.empty());
  EXPECT_EQ(r.refusals[0].rule_id, "R-FILING-CONDITIONS");
  EXPECT_EQ(r.version, 1u);
  try {
    conflicting.get();
    FAIL() << "a request for version 5 of a case at version 1 was accepted";
  } catch (const conflict_error& e) {
    EXPECT_NE(std::string(e.what()).find("is at version 1, the caller expected version 5"), std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(fine.get().accepted);
  EXPECT_EQ(s.version("C1"), 1u);
  EXPECT_EQ(s.version("C2"), 1u);
  EXPECT_EQ(s.make_checkpoint().count, 2u);
}

// Threads calling append() and one thread keeping append_async() requests in flight share the group commit:
// whoever leads a group writes the others' requests too.
TEST(Store, AppendAsyncAndAppendFromThreadsShareTheGroupCommit) {
  scratch_file f("async_mixed.db");
  store s(f.path(), workflow(), store_options{durability::normal});
  constexpr int threads = 6, async_cases = 6, per_case = 25;
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&, t] {
      const std::string id = "T" + std::to_string(t);
      for (int i = 0; i < per_case; ++i)
        if (s.append(id, static_cast<std::uint64_t>(i), pf_test::nth_event(static_cast<std::uint64_t>(i), t0), t0).accepted)
          ++acknowledged;
    });
  std::vector<std::future<append_result>> pending(async_cases);
  for (int c = 0; c < async_cases; ++c) pending[c] = s.append_async(next_of("A" + std::to_string(c), 0));
  for (int i = 1; i <= per_case; ++i)
    for (int c = 0; c < async_cases; ++c) {
      if (pending[c].get().accepted) ++acknowledged;
      if (i < per_case) pending[c] = s.append_async(next_of("A" + std::to_string(c), static_cast<std::uint64_t>(i)));
    }
  for (auto& t : ts) t.join();
  EXPECT_EQ(acknowledged.load(), (threads + async_cases) * per_case);
  EXPECT_EQ(s.make_checkpoint().count, static_cast<std::uint64_t>((threads + async_cases) * per_case));
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
  EXPECT_EQ(rep.cases, static_cast<std::uint64_t>(threads + async_cases));
}

TEST(Store, ClosingTheStoreWaitsForItsQueuedAsyncAppends) {
  scratch_file f("async_close.db");
  std::vector<std::future<append_result>> pending;
  {
    store s(f.path());
    for (int c = 0; c < 50; ++c) pending.push_back(s.append_async(next_of("Q" + std::to_string(c), 0)));
  }  // closed with requests still queued
  for (auto& p : pending) {
    ASSERT_EQ(p.wait_for(std::chrono::seconds(0)), std::future_status::ready);
    EXPECT_TRUE(p.get().accepted);
  }
  store reopened(f.path());
  EXPECT_EQ(reopened.case_ids().size(), 50u);
  EXPECT_TRUE(reopened.verify().ok);
}

// An async request queued while an append() caller leads a group is hidden from the store's committing thread
// (a leader is active); when that leader finishes, it must hand the queue over. The group is held in run_batch
// by holding the store's lock in a for_each_history callback. Times out if the committer is not woken.
TEST(Store, ABlockingLeaderHandsAQueuedAsyncRequestToTheCommitter) {
  scratch_file f("async_handoff.db");
  store s(f.path(), workflow(), store_options{durability::normal});
  ASSERT_TRUE(s.append_async(next_of("C0", 0)).get().accepted);  // the committer has run, and idles
  std::thread blocking;
  std::future<append_result> queued;
  bool once = false;
  s.for_each_history([&](std::vector<stored_event>&) {
    if (once) return;
    once = true;
    blocking = std::thread([&] { EXPECT_TRUE(s.append("B", 0, pf_test::nth_event(0, t0), t0).accepted); });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // B leads, waiting for the store's lock
    std::thread([&] { queued = s.append_async(next_of("X", 0)); }).join();  // queued behind B's group
  });
  blocking.join();  // B's group is done; nothing else is queued
  ASSERT_EQ(queued.wait_for(std::chrono::seconds(10)), std::future_status::ready) << "the committer was not woken";
  EXPECT_TRUE(queued.get().accepted);
  EXPECT_EQ(s.make_checkpoint().count, 3u);
}

TEST(Store, AppendAsyncOnAReadOnlyStoreFailsThroughTheFuture) {
  scratch_file f("async_ro.db");
  { store s(f.path()); fill(s, "C1", 1); }
  store_options o;
  o.mode = open_mode::read_only;
  store s(f.path(), workflow(), o);
  std::vector<std::future<append_result>> fs;
  for (int c = 0; c < 5; ++c) fs.push_back(s.append_async(next_of("R" + std::to_string(c), 0)));
  for (auto& fut : fs) {
    ASSERT_EQ(fut.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    try {
      fut.get();
      FAIL() << "a read-only store accepted an append";
    } catch (const store_error& e) {
      EXPECT_NE(std::string(e.what()).find("the store is open read-only"), std::string::npos) << e.what();
    }
  }
}

// Blocking appenders (70 in some rounds: more than the 64 wake slots) and two threads keeping async requests in
// flight; the store is closed right after the last async request is queued. A lost wake-up shows as a future
// that is not ready.
TEST(Store, AppendAsyncAndBlockingAppendersThenCloseAtOnce) {
  for (int round = 0; round < 9; ++round) {
    scratch_file f("async_stress.db");
    const int threads = round % 3 == 0 ? 70 : 1 + round % 5, per_thread = round % 3 == 0 ? 3 : 15;
    constexpr int async_threads = 2, async_cases = 5, per_case = 10;
    std::vector<std::future<append_result>> last;
    std::mutex last_m;
    std::atomic<int> unexpected{0};
    {
      store s(f.path(), workflow(), store_options{durability::normal});
      std::vector<std::thread> ts;
      for (int t = 0; t < threads; ++t)
        ts.emplace_back([&, t] {
          const std::string id = "T" + std::to_string(t);
          for (int i = 0; i < per_thread; ++i)
            if (!s.append(id, static_cast<std::uint64_t>(i), pf_test::nth_event(static_cast<std::uint64_t>(i), t0), t0)
                     .accepted)
              ++unexpected;
        });
      for (int a = 0; a < async_threads; ++a)
        ts.emplace_back([&, a] {
          std::vector<std::future<append_result>> pending(async_cases);
          auto id = [&](int c) { return "A" + std::to_string(a) + "_" + std::to_string(c); };
          for (int c = 0; c < async_cases; ++c) pending[c] = s.append_async(next_of(id(c), 0));
          for (int i = 1; i < per_case; ++i)
            for (int c = 0; c < async_cases; ++c) {
              if (pending[c].wait_for(std::chrono::seconds(20)) != std::future_status::ready || !pending[c].get().accepted)
                ++unexpected;
              pending[c] = s.append_async(next_of(id(c), static_cast<std::uint64_t>(i)));
            }
          const std::lock_guard<std::mutex> g(last_m);
          for (auto& p : pending) last.push_back(std::move(p));
        });
      for (auto& t : ts) t.join();
    }  // closed with the last async requests possibly still queued
    EXPECT_EQ(unexpected.load(), 0) << "round " << round;
    for (auto& p : last) {
      ASSERT_EQ(p.wait_for(std::chrono::seconds(0)), std::future_status::ready) << "round " << round;
      EXPECT_TRUE(p.get().accepted);
    }
    store reopened(f.path());
    EXPECT_EQ(reopened.make_checkpoint().count,
              static_cast<std::uint64_t>(threads * per_thread + async_threads * async_cases * per_case));
    EXPECT_TRUE(reopened.verify().ok);
  }
}

TEST(Store, ConflictsInsideAGroupAreReportedOneByOne) {
  scratch_file f("groupconflict.db");
  store s(f.path());
  fill(s, "C1", 2);
  std::atomic<int> won{0}, conflicts{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 6; ++t)
    ts.emplace_back([&, t] {
      try {
        if (s.append("C1", 2, pf_test::inspection(at("2024-03-08T09:00"), "t" + std::to_string(t)), t0).accepted) ++won;
      } catch (const conflict_error&) {
        ++conflicts;
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicts.load(), 5);
  EXPECT_EQ(s.version("C1"), 3u);
  EXPECT_TRUE(s.verify().ok);
}

TEST(Store, ClosedByOutcomeCountsNothingForOpenCases) {
  scratch_file f("closed.db");
  store s(f.path());
  fill(s, "A", 3);
  EXPECT_TRUE(s.closed_by_outcome(2024).empty());
}

TEST(Store, NewerSchemaIsRefusedClearly) {
  scratch_file f("newer.db");
  { store s(f.path()); fill(s, "A", 1); }
  { SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE); raw.exec("PRAGMA user_version = 7"); }
  try {
    store s(f.path());
    FAIL() << "opened a newer store";
  } catch (const schema_version_error& e) {
    EXPECT_EQ(e.code(), error_code::schema_version);
    EXPECT_NE(std::string(e.what()).find("store schema version 7 is newer than this penaltyflow supports (5)"),
              std::string::npos);
  }
}

TEST(Store, ForeignAndCorruptFilesAreRefusedAndLeftAlone) {
  scratch_file other("other.db");
  { SQLite::Database raw(other.path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE); raw.exec("CREATE TABLE t (x)"); }
  const auto before_other = slurp(other.path());
  try {
    store s(other.path());
    FAIL();
  } catch (const store_error& e) {
    EXPECT_NE(std::string(e.what()).find("not a penaltyflow store"), std::string::npos);
  }
  EXPECT_EQ(slurp(other.path()), before_other);

  scratch_file junk("junk.db");
  std::string bytes(8192, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 7919) % 251);
  std::ofstream(junk.path(), std::ios::binary) << bytes;
  try {
    store s(junk.path());
    FAIL();
  } catch (const store_error& e) {
    EXPECT_EQ(e.sqlite_code(), 26);  // SQLITE_NOTADB
    EXPECT_NE(std::string(e.what()).find("SQLite error 26"), std::string::npos);
  }
  EXPECT_EQ(slurp(junk.path()), bytes);
}

TEST(Store, MigratesAVersion1File) {
  scratch_file f("v1.db");
  std::filesystem::copy_file(std::string(PENALTYFLOW_TEST_DATA) + "/store-v1.sqlite", f.path());
  int v1_events = 0;
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), 1);
    v1_events = raw.execAndGet("SELECT count(*) FROM events").getInt();
    ASSERT_GT(v1_events, 0);
  }
  {
    // Read-only opening never migrates.
    EXPECT_THROW(store(f.path(), workflow(), store_options{durability::full, open_mode::read_only}), store_error);
  }
  store s(f.path());
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), store_schema_version);
    EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM documents").getInt(), 3);  // one filing document per case
  }
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
  EXPECT_EQ(rep.events, static_cast<std::uint64_t>(v1_events));
  EXPECT_FALSE(s.officers().empty());
  // The migrated store takes new events on the same chain.
  const auto ids = s.case_ids();
  ASSERT_FALSE(ids.empty());
  const auto v = s.version(ids[0]);
  const auto last = s.history(ids[0]).back().ev.at;
  ASSERT_TRUE(s.append(ids[0], v, pf_test::inspection(last + boost::posix_time::hours(1)), last).accepted);
  EXPECT_TRUE(s.verify().ok);
}

TEST(Store, MigratesAVersion2FileAndFillsTheStatisticsColumns) {
  // tests/data/store-v2.sqlite: written by penaltyflow 0.1.0 at commit 503efb6 (schema 2) importing
  // examples/histories/ordinary-simple.json and summary-on-the-spot.json (18 events, 2 cases).
  scratch_file f("v2.db");
  std::filesystem::copy_file(std::string(PENALTYFLOW_TEST_DATA) + "/store-v2.sqlite", f.path());
  std::string head;
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
    ASSERT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), 2);
    head = raw.execAndGet("SELECT hex(hash) FROM events ORDER BY seq DESC LIMIT 1").getString();
  }
  EXPECT_THROW(store(f.path(), workflow(), store_options{durability::full, open_mode::read_only}), store_error);
  store s(f.path());
  SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), store_schema_version);
  EXPECT_EQ(raw.execAndGet("SELECT hex(hash) FROM events ORDER BY seq DESC LIMIT 1").getString(), head);
  // The ordinary case: filed 2024-03-05, decided 2024-04-16 (42 days, nothing excluded), fine 500,000 fen.
  SQLite::Statement q(raw, "SELECT received, decision_days, fine_fen, case_reviews, legal_reviews, deadline_tally "
                           "FROM cases WHERE case_id = 'SY-2024-001'");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "2024-03-01");
  EXPECT_EQ(q.getColumn(1).getInt(), 42);
  EXPECT_EQ(q.getColumn(2).getInt64(), 500000);
  EXPECT_EQ(q.getColumn(3).getInt(), 1);
  EXPECT_EQ(q.getColumn(4).getInt(), 0);
  EXPECT_NE(q.getColumn(5).getString().find("decision:0/1"), std::string::npos) << q.getColumn(5).getString();
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
  EXPECT_EQ(rep.events, 18u);
}

// A stored event a newer gate refuses still replays: the on-the-spot decision in tests/data/store-v2.sqlite was
// recorded before R-SUMMARY-NOTICE asked for the notice and the party's statements (处罚法 第四十四条; 程序规定
// 第六十九条). Opening the store replays it into a finding of the case instead of failing; verify passes.
TEST(Store, AStoredEventTheCurrentRulesRefuseBecomesAFinding) {
  scratch_file f("v2-finding.db");
  std::filesystem::copy_file(std::string(PENALTYFLOW_TEST_DATA) + "/store-v2.sqlite", f.path());
  store s(f.path());
  const auto st = s.state_as_of("SY-2024-004", parse_date("2024-03-31"));
  EXPECT_EQ(st.stage, "archived");
  const auto it = std::find_if(st.findings.begin(), st.findings.end(),
                               [](const finding& x) { return x.rule_id == "R-SUMMARY-NOTICE"; });
  ASSERT_NE(it, st.findings.end());
  EXPECT_NE(it->citation.find("程序规定 (2022) 第六十九条"), std::string::npos) << it->citation;
  EXPECT_EQ(it->event_index, std::optional<std::size_t>(0));
  EXPECT_NE(it->message_en.find("stored event 1 (summary_decision"), std::string::npos) << it->message_en;
  EXPECT_NE(it->message_zh.find("不符合现行规则"), std::string::npos) << it->message_zh;
  EXPECT_TRUE(s.verify().ok);
  // A new event is still judged by the current rules: the same decision appended now is refused.
  const auto h = s.history("SY-2024-004");
  ASSERT_FALSE(h.empty());
  auto again = h.front().ev;
  again.at = again.at + boost::posix_time::hours(24 * 365);
  const auto r = s.append("SY-2024-NEW", 0, again, again.at);
  EXPECT_FALSE(r.accepted);
  EXPECT_TRUE(std::any_of(r.refusals.begin(), r.refusals.end(),
                          [](const refusal& x) { return x.rule_id == "R-SUMMARY-NOTICE"; }));
}

// tests/data/store-v3.sqlite: written at commit 244d2e8 (schema 3) by `penaltyflow --db FILE sample-year --seed 7
// --year 2025 --cases 12`, then importing examples/histories/ordinary-simple.json and summary-on-the-spot.json
// (175 events, 14 cases, 280 documents; 4 KiB pages).
const std::string store_v3 = std::string(PENALTYFLOW_TEST_DATA) + "/store-v3.sqlite";

TEST(Store, MigratesAVersion3FileWithoutTheStoredPreviousHash) {
  scratch_file f("v3.db");
  std::filesystem::copy_file(store_v3, f.path());
  std::vector<std::array<std::string, 3>> before;  // seq, prev_hash, hash as stored by schema 3
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
    ASSERT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), 3);
    SQLite::Statement q(raw, "SELECT seq, lower(hex(prev_hash)), lower(hex(hash)) FROM events ORDER BY seq");
    while (q.executeStep()) before.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
  }
  ASSERT_EQ(before.size(), 175u);
  store s(f.path());
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), store_schema_version);
    EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM pragma_table_info('events') WHERE name = 'prev_hash'").getInt(), 0);
    EXPECT_EQ(raw.execAndGet("PRAGMA page_size").getInt(), 4096);  // a migrated file keeps its page size
    EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM documents").getInt(), 280);
    // The hashes are unchanged and the view shows the previous hash the old rows stored.
    SQLite::Statement q(raw, "SELECT seq, lower(hex(prev_hash)), lower(hex(hash)) FROM event_log ORDER BY seq");
    std::vector<std::array<std::string, 3>> after;
    while (q.executeStep()) after.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
    EXPECT_EQ(after, before);
  }
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
  EXPECT_EQ(rep.events, 175u);
  EXPECT_EQ(rep.cases, 14u);
  const auto h = s.history("SY-2024-001");
  ASSERT_EQ(h.size(), 13u);
  for (const auto& e : h) {
    EXPECT_EQ(e.prev_hash, before[e.seq - 1][1]) << e.seq;
    EXPECT_EQ(e.hash, before[e.seq - 1][2]) << e.seq;
  }
  // The append-only guards are back, and the migrated log takes new events on the same chain.
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
    EXPECT_THROW(raw.exec("DELETE FROM events WHERE seq = 175"), SQLite::Exception);
    EXPECT_THROW(raw.exec("UPDATE documents SET number = 'x'"), SQLite::Exception);
  }
  const auto r = s.append("NEW-1", 0, pf_test::clue(t0), t0);
  ASSERT_TRUE(r.accepted);
  EXPECT_EQ(r.seq, 176u);
  EXPECT_EQ(s.history("NEW-1").front().prev_hash, before.back()[2]);
  EXPECT_TRUE(s.verify().ok);
}

TEST(Store, RefusesToMigrateAVersion3FileWhoseStoredPreviousHashWasChanged) {
  scratch_file f("v3-broken.db");
  std::filesystem::copy_file(store_v3, f.path());
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER events_append_only_update");
    raw.exec("UPDATE events SET prev_hash = zeroblob(32) WHERE seq = 40");
  }
  try {
    store s(f.path());
    FAIL() << "a log with a changed prev_hash was migrated";
  } catch (const store_error& e) {
    EXPECT_NE(std::string(e.what()).find("(log position 40): its prev_hash is not the previous event's hash"),
              std::string::npos)
        << e.what();
  }
  // Nothing changed: the file is still version 3 with its prev_hash column.
  SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), 3);
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM pragma_table_info('events') WHERE name = 'prev_hash'").getInt(), 1);
}

TEST(Store, NewStoresUseTheStorePageSize) {
  scratch_file f("pages.db");
  { store s(f.path()); }
  SQLite::Database raw(f.path(), SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("PRAGMA page_size").getInt(), detail::store_page_size);
  EXPECT_EQ(raw.execAndGet("PRAGMA journal_mode").getString(), "wal");
}

TEST(Store, ImportIsAllOrNothingAndNamesTheCaseAndEvent) {
  scratch_file f("import.db");
  store s(f.path());
  auto bad_filing = pf_test::filed(at("2024-03-06T10:00"));
  bad_filing.actors.pop_back();  // no head approval
  case_history bad{"C2", "", "national",
                   {pf_test::clue(t0), bad_filing, pf_test::inspection(at("2024-03-07T09:00"))}};
  try {
    s.import_history(to_json(bad), "c2.json", t0);
    FAIL() << "a refused event was imported";
  } catch (const file_format_error& e) {
    EXPECT_EQ(e.code(), error_code::history_format);
    EXPECT_NE(std::string(e.what()).find("c2.json: case \"C2\" event 2 (case_filed, 2024-03-06T10:00:00) is refused"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("nothing was written"), std::string::npos);
  }
  EXPECT_EQ(s.make_checkpoint().count, 0u);  // the clue was fine, but the file is all or nothing
  case_history good{"C1", "", "national", {pf_test::clue(t0), pf_test::filed(at("2024-03-06T10:00"))}};
  std::string malformed = to_json(good);
  malformed.replace(malformed.find("\"officer\""), 9, "\"boss\"");
  try {
    s.import_history(malformed, "bad-role.json", t0);
    FAIL();
  } catch (const file_format_error& e) {
    EXPECT_NE(std::string(e.what()).find("bad-role.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("events[0].actors[0].role"), std::string::npos) << e.what();
  }
  case_history other_profile = good;
  other_profile.profile = "liaoning";
  EXPECT_THROW(s.import_history(to_json(other_profile), "lia.json", t0), file_format_error);
  const auto r = s.import_history(to_json(good), "good.json", t0);
  EXPECT_EQ(r.case_id, "C1");
  EXPECT_EQ(r.events, 2u);
  // Export gives the same history back; re-importing it adds nothing.
  const auto again = s.import_history(s.export_history("C1"), "export.json", t0);
  EXPECT_EQ(again.events, 0u);
  EXPECT_EQ(again.already_present, 2u);
  EXPECT_EQ(s.make_checkpoint().count, 2u);
  EXPECT_THROW(s.export_history("C9"), invalid_argument_error);
}

TEST(Store, ExportAndImportMoveACaseWithItsRecordingTimesAndDocuments) {
  scratch_file a("export_a.db"), b("export_b.db");
  const document filing("立案审批表", "市监立〔2024〕7号", parse_date("2024-03-06"), {"O1", "H1"});
  const document record("现场笔录", "", parse_date("2024-03-07"), {"O1", "O2", "P"}, 4, 4);
  std::string exported;
  {
    store s(a.path());
    ASSERT_TRUE(s.append("C1", 0, pf_test::clue(t0), at("2024-03-04T09:30")).accepted);
    ASSERT_TRUE(s.append("C1", 1, pf_test::filed(at("2024-03-06T10:00")), at("2024-03-06T10:02"), {filing}).accepted);
    ASSERT_TRUE(s.append("C1", 2, pf_test::inspection(at("2024-03-07T09:00")), at("2024-03-08T16:00"), {record}).accepted);
    exported = s.export_history("C1");
  }
  EXPECT_NE(exported.find("penaltyflow-case-history/3"), std::string::npos);  // with its records
  store s(b.path());
  const auto r = s.import_history(exported, "c1.json", at("2026-01-01T00:00"));
  EXPECT_EQ(r.events, 3u);
  const auto h = s.history("C1");
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(to_iso(h[0].recorded_at), "2024-03-04T09:30:00");
  EXPECT_EQ(to_iso(h[1].recorded_at), "2024-03-06T10:02:00");
  EXPECT_EQ(to_iso(h[2].recorded_at), "2024-03-08T16:00:00");
  EXPECT_TRUE(h[0].documents.empty());
  EXPECT_EQ(h[1].documents, std::vector<document>{filing});
  EXPECT_EQ(h[2].documents, std::vector<document>{record});
  EXPECT_EQ(s.export_history("C1"), exported);  // the same file back
  const auto rep = s.verify();
  EXPECT_TRUE(rep.ok) << (rep.problem ? rep.problem->what : "");
  // A version-1 file (no records) is recorded at the time given.
  case_history plain = parse_history(exported, "c1.json");
  plain.case_id = "C2";
  plain.records.clear();
  s.import_history(to_json(plain), "c2.json", at("2026-01-01T00:00"));
  for (const auto& e : s.history("C2")) {
    EXPECT_EQ(to_iso(e.recorded_at), "2026-01-01T00:00:00");
    EXPECT_TRUE(e.documents.empty());
  }
}

TEST(Store, VerifyLocatesEditsInALogOfManyBatches) {
  // A log of thousands of events: edits anywhere are found, the first one named (store_verify_test.cpp walks
  // tampered logs as several ranges).
  scratch_file f("big.db");
  {
    store s(f.path(), workflow(), store_options{durability::normal});
    std::vector<append_request> reqs;
    for (std::uint64_t k = 0; k < 25; ++k)
      for (int c = 0; c < 300; ++c) reqs.push_back({"B" + std::to_string(c), k, pf_test::nth_event(k, t0), t0, {}});
    ASSERT_TRUE(s.append_many(reqs).accepted);
    const auto rep = s.verify(verify_depth::chain);
    ASSERT_TRUE(rep.ok);
    EXPECT_EQ(rep.events, 7500u);
    EXPECT_EQ(rep.head_hash, s.make_checkpoint().head_hash);
  }
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER events_append_only_update");
    raw.exec("UPDATE events SET recorded_at = '2030-01-01T00:00:00' WHERE seq IN (6001, 3001)");
    raw.exec(pf_test::restore_append_only_triggers());
  }
  store s(f.path());
  auto rep = s.verify(verify_depth::chain);
  ASSERT_FALSE(rep.ok);
  EXPECT_EQ(rep.problem->seq, 3001u);
  EXPECT_NE(rep.problem->what.find("hash mismatch"), std::string::npos);
  EXPECT_EQ(rep.problem->case_id, "B0");  // events 3001.. are the 11th of each case, B0 first
  EXPECT_EQ(rep.problem->case_seq, 11u);
  // A gap after an edit: the edit, being earlier, is named.
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER events_append_only_delete");
    raw.exec("DELETE FROM events WHERE seq = 3003");
    raw.exec(pf_test::restore_append_only_triggers());
  }
  rep = s.verify(verify_depth::chain);
  ASSERT_FALSE(rep.ok);
  EXPECT_EQ(rep.problem->seq, 3001u);
}

/// Events with many fields set, escapes and non-ASCII text: the store's event columns.
std::vector<event> rich_events() {
  std::vector<event> out;
  actor a = pf_test::named(pf_test::officer("O1"), "张三 \"三\" \\ \n\t\x01\x7f");
  a.legal_qualification = true;
  actor b;
  b.id = "O2";
  b.role = actor_role::officer;
  actor h = pf_test::head();
  h.lawyer_qualification = true;
  h.experienced_legal_reviewer = true;
  event e;
  e.type = event_type::case_filed;
  e.at = at("2024-03-06T10:00:07");
  e.actors = {a, b, h};
  e.note = "备注 \"q\" back\\slash\nnew\ttab\x01\x1f ctl\x7f end/";
  e.party = party_kind::organisation;
  e.violation_date = parse_date("2024-02-01");
  e.violation_end = parse_date("2024-02-20");
  e.grave_harm = true;
  e.conditions = filing_condition::evidence | filing_condition::penalty_due | filing_condition::jurisdiction;
  e.grounds = 0x0F;
  e.amount_fen = 5;  // not used by case_filed: left out
  out.push_back(e);
  event d;
  d.type = event_type::decision;
  d.at = at("2024-05-10T15:30");
  d.actors = {h};
  d.outcome = decision_outcome::penalty;
  penalty p;
  p.add(penalty_kind::warning);
  p.add(penalty_kind::fine);
  p.add(penalty_kind::confiscation);
  p.fine_fen = 1234567890123;
  p.illegal_gains_fen = 42;
  d.proposed = p;
  d.items = decision_item::all;
  d.ground = "首违不罚";
  d.refund_required = true;
  out.push_back(d);
  event s;
  s.type = event_type::decision_served;
  s.at = at("2024-05-11T08:00:59");
  s.service = service_method::electronic;
  s.address_confirmed = true;
  s.publicity_told = true;
  s.ground = "g";
  out.push_back(s);
  event r;
  r.type = event_type::reviewed;
  r.at = at("2024-05-01T09:00");
  r.review = review_kind::legal_review;
  r.review_result = review_outcome::correction;
  r.items = review_item::all;
  r.ground = "x";
  out.push_back(r);
  event i;
  i.type = event_type::investigative_act;
  i.at = at("2024-03-07T09:00");
  i.subject = "M-1";
  i.involves_party = true;
  i.rights_told = true;
  i.av_recorded = true;
  out.push_back(i);
  event c;
  c.type = event_type::criminal_transfer_decided;
  c.at = at("2024-03-08T09:00");
  c.approved = false;
  out.push_back(c);
  event x;
  x.type = event_type::decision_period_extended;
  x.at = at("2024-04-08T09:00");
  x.extension = 30;
  x.approved_by = approver::collective_discussion;
  out.push_back(x);
  event n;
  n.type = event_type::hearing_noticed;
  n.at = at("2024-04-09T09:00");
  n.scheduled = parse_date("2024-04-20");
  out.push_back(n);
  event m;
  m.type = event_type::cash_collected;
  m.at = at("2024-06-01T00:00");
  m.amount_fen = 700;
  m.ground = "现金";
  out.push_back(m);
  event y;  // the discretion fields (schema 3)
  y.type = event_type::summary_decision;
  y.at = at("2024-06-02T10:00");
  y.violation_type = "food-label";
  y.applied = discretion::lighter;
  y.circumstances = {"voluntary-remedy", "b"};
  out.push_back(y);
  event q;
  q.type = event_type::clue_received;
  q.at = at("2024-06-03T10:00");
  q.subject = "complaint";
  out.push_back(q);
  return out;
}

// The hash chain covers these bytes: existing stores verify only while they never change.
TEST(Store, EventColumnsAreByteStable) {
  // type, occurred_at, actors, payload (the columns), event_to_json.
  const std::vector<std::array<std::string, 5>> expected = {
      {"case_filed", "2024-03-06T10:00:07",
       "[{\"certificate\":{\"number\":\"ZF-O1\",\"valid_from\":\"2020-01-01\",\"valid_until\":\"2030-12-31\"},\"id\":\"O1\",\"legal_qualification\":true,\"name\":\"张三 \\\"三\\\" \\\\ \\n\\t\\u0001\x7f""\",\"role\":\"officer\"},{\"id\":\"O2\",\"role\":\"officer\"},{\"experienced_legal_reviewer\":true,\"id\":\"H1\",\"lawyer_qualification\":true,\"name\":\"局长\",\"role\":\"head\"}]",
       "{\"conditions\":[\"evidence\",\"penalty_due\",\"jurisdiction\"],\"grave_harm\":true,\"grounds\":[\"major_public_interest\",\"major_rights\",\"complex\",\"required_by_law\"],\"note\":\"备注 \\\"q\\\" back\\\\slash\\nnew\\ttab\\u0001\\u001f ctl\x7f"" end/\",\"party\":\"organisation\",\"violation_date\":\"2024-02-01\",\"violation_end\":\"2024-02-20\"}",
       "{\"actors\":[{\"certificate\":{\"number\":\"ZF-O1\",\"valid_from\":\"2020-01-01\",\"valid_until\":\"2030-12-31\"},\"id\":\"O1\",\"legal_qualification\":true,\"name\":\"张三 \\\"三\\\" \\\\ \\n\\t\\u0001\x7f""\",\"role\":\"officer\"},{\"id\":\"O2\",\"role\":\"officer\"},{\"experienced_legal_reviewer\":true,\"id\":\"H1\",\"lawyer_qualification\":true,\"name\":\"局长\",\"role\":\"head\"}],\"at\":\"2024-03-06T10:00:07\",\"conditions\":[\"evidence\",\"penalty_due\",\"jurisdiction\"],\"grave_harm\":true,\"grounds\":[\"major_public_interest\",\"major_rights\",\"complex\",\"required_by_law\"],\"note\":\"备注 \\\"q\\\" back\\\\slash\\nnew\\ttab\\u0001\\u001f ctl\x7f"" end/\",\"party\":\"organisation\",\"type\":\"case_filed\",\"violation_date\":\"2024-02-01\",\"violation_end\":\"2024-02-20\"}"},
      {"decision", "2024-05-10T15:30:00",
       "[{\"experienced_legal_reviewer\":true,\"id\":\"H1\",\"lawyer_qualification\":true,\"name\":\"局长\",\"role\":\"head\"}]",
       "{\"ground\":\"首违不罚\",\"items\":[\"party\",\"facts\",\"statements\",\"penalty_basis\",\"performance\",\"remedies\",\"authority_date\",\"seal\"],\"outcome\":\"penalty\",\"penalty\":{\"fine_fen\":1234567890123,\"illegal_gains_fen\":42,\"illegal_property_fen\":0,\"kinds\":[\"warning\",\"fine\",\"confiscation\"]},\"refund_required\":true}",
       "{\"actors\":[{\"experienced_legal_reviewer\":true,\"id\":\"H1\",\"lawyer_qualification\":true,\"name\":\"局长\",\"role\":\"head\"}],\"at\":\"2024-05-10T15:30:00\",\"ground\":\"首违不罚\",\"items\":[\"party\",\"facts\",\"statements\",\"penalty_basis\",\"performance\",\"remedies\",\"authority_date\",\"seal\"],\"outcome\":\"penalty\",\"penalty\":{\"fine_fen\":1234567890123,\"illegal_gains_fen\":42,\"illegal_property_fen\":0,\"kinds\":[\"warning\",\"fine\",\"confiscation\"]},\"refund_required\":true,\"type\":\"decision\"}"},
      {"decision_served", "2024-05-11T08:00:59",
       "[]",
       "{\"address_confirmed\":true,\"ground\":\"g\",\"publicity_told\":true,\"service_method\":\"electronic\"}",
       "{\"address_confirmed\":true,\"at\":\"2024-05-11T08:00:59\",\"ground\":\"g\",\"publicity_told\":true,\"service_method\":\"electronic\",\"type\":\"decision_served\"}"},
      {"reviewed", "2024-05-01T09:00:00",
       "[]",
       "{\"ground\":\"x\",\"items\":[\"jurisdiction\",\"party\",\"facts\",\"nature\",\"basis\",\"procedure\",\"handling\"],\"review\":\"legal_review\",\"review_result\":\"correction\"}",
       "{\"at\":\"2024-05-01T09:00:00\",\"ground\":\"x\",\"items\":[\"jurisdiction\",\"party\",\"facts\",\"nature\",\"basis\",\"procedure\",\"handling\"],\"review\":\"legal_review\",\"review_result\":\"correction\",\"type\":\"reviewed\"}"},
      {"investigative_act", "2024-03-07T09:00:00",
       "[]",
       "{\"av_recorded\":true,\"involves_party\":true,\"rights_told\":true,\"subject\":\"M-1\"}",
       "{\"at\":\"2024-03-07T09:00:00\",\"av_recorded\":true,\"involves_party\":true,\"rights_told\":true,\"subject\":\"M-1\",\"type\":\"investigative_act\"}"},
      {"criminal_transfer_decided", "2024-03-08T09:00:00",
       "[]",
       "{\"approved\":false}",
       "{\"approved\":false,\"at\":\"2024-03-08T09:00:00\",\"type\":\"criminal_transfer_decided\"}"},
      {"decision_period_extended", "2024-04-08T09:00:00",
       "[]",
       "{\"approved_by\":\"collective_discussion\",\"extension\":30}",
       "{\"approved_by\":\"collective_discussion\",\"at\":\"2024-04-08T09:00:00\",\"extension\":30,\"type\":\"decision_period_extended\"}"},
      {"hearing_noticed", "2024-04-09T09:00:00",
       "[]",
       "{\"scheduled\":\"2024-04-20\"}",
       "{\"at\":\"2024-04-09T09:00:00\",\"scheduled\":\"2024-04-20\",\"type\":\"hearing_noticed\"}"},
      {"cash_collected", "2024-06-01T00:00:00",
       "[]",
       "{\"amount_fen\":700,\"ground\":\"现金\"}",
       "{\"amount_fen\":700,\"at\":\"2024-06-01T00:00:00\",\"ground\":\"现金\",\"type\":\"cash_collected\"}"},
      {"summary_decision", "2024-06-02T10:00:00",
       "[]",
       "{\"circumstances\":[\"voluntary-remedy\",\"b\"],\"discretion\":\"lighter\",\"violation_type\":\"food-label\"}",
       "{\"at\":\"2024-06-02T10:00:00\",\"circumstances\":[\"voluntary-remedy\",\"b\"],\"discretion\":\"lighter\",\"type\":\"summary_decision\",\"violation_type\":\"food-label\"}"},
      {"clue_received", "2024-06-03T10:00:00",
       "[]",
       "{\"subject\":\"complaint\"}",
       "{\"at\":\"2024-06-03T10:00:00\",\"subject\":\"complaint\",\"type\":\"clue_received\"}"}
  };
  const auto evs = rich_events();
  ASSERT_EQ(expected.size(), evs.size());
  for (std::size_t k = 0; k < evs.size(); ++k) {
    const auto enc = detail::encode_event(evs[k]);
    EXPECT_EQ(enc.type, expected[k][0]) << k;
    EXPECT_EQ(enc.occurred_at, expected[k][1]) << k;
    EXPECT_EQ(enc.actors, expected[k][2]) << k;
    EXPECT_EQ(enc.payload, expected[k][3]) << k;
    EXPECT_EQ(event_to_json(evs[k]), expected[k][4]) << k;
    // And back: decoding the columns gives the same bytes again.
    const auto back = detail::decode_event(enc.type, enc.occurred_at, enc.actors, enc.payload, "row");
    EXPECT_EQ(detail::encode_event(back).payload, enc.payload) << k;
    EXPECT_EQ(detail::encode_event(back).actors, enc.actors) << k;
    EXPECT_EQ(event_to_json(event_from_json(event_to_json(evs[k]), "x")), event_to_json(evs[k])) << k;
    // The direct writer keeps nlohmann's sorted key order.
    EXPECT_EQ(nlohmann::json::parse(event_to_json(evs[k])).dump(), event_to_json(evs[k])) << k;
  }
  // Rows written before format version 3 keep their bytes and still decode, on the fast path and the strict one:
  // their one confiscation_fen is the illegal gains, their payments name no item.
  const std::string old_decision = "{\"outcome\":\"penalty\",\"penalty\":{\"confiscation_fen\":42,\"fine_fen\":7,\"kinds\":[\"fine\"]}}";
  event fast;
  ASSERT_TRUE(detail::decode_event_fast("decision", "2024-05-10T15:30:00", "[]", old_decision, fast));
  const auto strict = detail::decode_event_strict("decision", "2024-05-10T15:30:00", "[]", old_decision, "row");
  EXPECT_EQ(fast.proposed->illegal_gains_fen, 42);
  EXPECT_EQ(strict.proposed->illegal_gains_fen, 42);
  EXPECT_EQ(strict.proposed->fine_fen, 7);
  const auto old_payment = detail::decode_event("payment_received", "2024-05-20T09:00:00", "[]", "{\"amount_fen\":700}", "row");
  EXPECT_FALSE(old_payment.item.has_value());
  EXPECT_EQ(old_payment.amount_fen, 700);
}


// ---- the fast decoder of the event columns (detail::decode_event_fast) --------------------------------------

/// What the strict reader (or, with `strict` false, decode_event) makes of a row: the event's JSON, or
/// "error: " and the message.
std::string decode_outcome(const std::string& type, const std::string& at, const std::string& actors,
                           const std::string& payload, bool strict = false) {
  try {
    return event_to_json(strict ? detail::decode_event_strict(type, at, actors, payload, "row 9")
                                : detail::decode_event(type, at, actors, payload, "row 9"));
  } catch (const error& e) {
    return std::string("error: ") + e.what();
  }
}
std::string strict_outcome(const std::string& type, const std::string& at, const std::string& actors,
                           const std::string& payload) {
  return decode_outcome(type, at, actors, payload, true);
}

/// A random string: ASCII, the characters JSON escapes, controls, DEL, CJK and a 4-byte character.
std::string random_text(std::mt19937& rng, bool non_empty) {
  static const std::vector<std::string> pieces = {"a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\r", "\b", "\f",
                                                  std::string(1, '\0'), "\x01", "\x1f", "\x7f", "张", "三",
                                                  "\xF0\x9F\x98\x80", "é", "-"};
  std::string out;
  const auto n = std::uniform_int_distribution<int>(non_empty ? 1 : 0, 6)(rng);
  for (int i = 0; i < n; ++i) out += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
  return out;
}

/// An event of a random type with random values in every field (the encoder writes those its type uses).
event random_event(std::mt19937& rng, const std::vector<event>& bases) {
  auto coin = [&] { return std::uniform_int_distribution<int>(0, 1)(rng) == 1; };
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  auto day = [&] { return parse_date("2020-01-01") + boost::gregorian::days(pick(3000)); };
  event e = bases[static_cast<std::size_t>(pick(static_cast<int>(bases.size())))];
  e.type = static_cast<event_type>(pick(static_cast<int>(event_type_count)));
  e.at = instant(day(), boost::posix_time::seconds(pick(86400)));
  if (coin()) {
    e.actors.clear();
    for (int i = pick(4); i > 0; --i) {
      actor a;
      a.id = random_text(rng, true);
      a.name = coin() ? random_text(rng, false) : "";
      a.role = static_cast<actor_role>(pick(8));
      if (coin()) a.enforcement_certificate = certificate{random_text(rng, false), day(), day()};
      a.legal_qualification = coin();
      a.lawyer_qualification = coin();
      a.experienced_legal_reviewer = coin();
      e.actors.push_back(a);
    }
  }
  if (coin()) e.note = random_text(rng, false);
  if (coin()) e.party = static_cast<party_kind>(pick(2));
  if (coin()) e.violation_date = day();
  if (coin()) e.violation_end = day();
  e.grave_harm = coin();
  e.conditions = static_cast<std::uint8_t>(pick(8));
  e.grounds = static_cast<std::uint8_t>(pick(16));
  // Only bits that have a name for the type: the encoder leaves out the others (an empty list at most).
  e.items = static_cast<std::uint16_t>(pick(e.type == event_type::investigation_ended ? 64
                                            : e.type == event_type::reviewed        ? 128
                                            : e.type == event_type::summary_decision ? 128
                                                                                    : 256));
  if (coin()) {
    penalty p;
    p.kinds = static_cast<std::uint16_t>(pick(1 << penalty_kind_count));
    p.fine_fen = coin() ? pick(1000000) : max_amount_fen;  // the largest amount accepted (10^15 fen)
    p.illegal_gains_fen = pick(1000);
    e.proposed = p;
  }
  if (coin()) e.outcome = static_cast<decision_outcome>(pick(5));
  if (coin()) e.review = static_cast<review_kind>(pick(2));
  if (coin()) e.review_result = static_cast<review_outcome>(pick(3));
  if (coin()) e.approved = coin();
  e.hearing_right_stated = coin();
  e.emergency = coin();
  if (coin()) e.scheduled = day();
  e.extension = coin() ? 1 + pick(3650) : 0;
  if (coin()) e.approved_by = coin() ? approver::head : approver::collective_discussion;
  e.ground = coin() ? random_text(rng, false) : "";
  e.subject = coin() ? random_text(rng, false) : "";
  e.amount_fen = coin() ? pick(100000000) : 0;
  e.received_by_transfer = coin();
  e.involves_party = coin();
  e.rights_told = coin();
  e.av_recorded = coin();
  e.publicity_told = coin();
  if (coin()) e.service = static_cast<service_method>(pick(5));
  e.address_confirmed = coin();
  e.refund_required = coin();
  e.decision_changed = coin();
  e.violation_type = coin() ? random_text(rng, false) : "";
  if (coin()) e.applied = static_cast<discretion>(pick(static_cast<int>(discretion_count)));
  e.circumstances.clear();
  for (int i = pick(3); i > 0; --i) e.circumstances.push_back(random_text(rng, true));
  if (coin()) {
    constexpr exclusion kinds[] = {exclusion::testing, exclusion::rightholder_id, exclusion::public_notice};
    e.excluded = kinds[pick(3)];
  }
  e.institution = coin() ? random_text(rng, false) : "";
  e.measure = coin() ? random_text(rng, false) : "";
  e.party_notified = coin();
  if (coin()) e.subject_role = static_cast<actor_role>(pick(8));
  e.exemption_facts = static_cast<std::uint8_t>(pick(256));
  return e;
}

std::vector<event> codec_sample_events() {
  std::vector<event> out = rich_events();
  for (const auto& f : std::filesystem::directory_iterator(std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories")) {
    if (f.path().extension() != ".json") continue;
    for (auto& e : load_history(f.path().string()).events) out.push_back(std::move(e));
  }
  return out;
}

// encode_event remembers the actors column of recent actor lists: each list differing in one field that the
// column writes must still get its own bytes, however the lists alternate.
TEST(EventCodec, RememberedActorsAreTheActorsOfTheEvent) {
  std::vector<std::vector<actor>> lists;
  const auto base = pf_test::inspection(t0).actors;
  lists.push_back(base);
  for (int k = 0; k < 9; ++k) {
    auto v = base;
    auto& a = v[1];
    switch (k) {
      case 0: a.id += "x"; break;
      case 1: a.name = "王五"; break;
      case 2: a.role = actor_role::head; break;
      case 3: a.enforcement_certificate->number += "9"; break;
      case 4: a.enforcement_certificate->valid_from = parse_date("2020-01-02"); break;
      case 5: a.enforcement_certificate->valid_until = parse_date("2029-12-30"); break;
      case 6: a.enforcement_certificate.reset(); break;
      case 7: a.legal_qualification = true; a.lawyer_qualification = true; break;
      case 8: a.experienced_legal_reviewer = true; break;
    }
    lists.push_back(v);
  }
  lists.push_back({base[0]});
  lists.push_back({});
  std::mt19937 rng(7);
  for (int i = 0; i < 400; ++i) {
    event e = pf_test::inspection(t0);
    e.actors = lists[rng() % lists.size()];
    ASSERT_EQ(detail::encode_event(e).actors, detail::actors_text(e.actors)) << i;
  }
}

// Every event the encoder writes is read by the fast path, and it reads exactly what the strict reader reads.
TEST(EventCodec, FastPathReadsEveryCanonicalRow) {
  const auto samples = codec_sample_events();
  ASSERT_GT(samples.size(), 50u);
  std::vector<event> all = samples;
  std::mt19937 rng(20261128);
  for (int i = 0; i < 20000; ++i) all.push_back(random_event(rng, samples));
  std::size_t with_actors = 0, with_payload = 0;
  for (std::size_t k = 0; k < all.size(); ++k) {
    const auto enc = detail::encode_event(all[k]);
    event fast;
    ASSERT_TRUE(detail::decode_event_fast(enc.type, enc.occurred_at, enc.actors, enc.payload, fast))
        << k << ": " << enc.type << " " << enc.actors << " " << enc.payload;
    const auto again = detail::encode_event(fast);
    ASSERT_EQ(again.type, enc.type) << k;
    ASSERT_EQ(again.occurred_at, enc.occurred_at) << k;
    ASSERT_EQ(again.actors, enc.actors) << k;
    ASSERT_EQ(again.payload, enc.payload) << k;
    ASSERT_EQ(event_to_json(fast), strict_outcome(enc.type, enc.occurred_at, enc.actors, enc.payload)) << k;
    with_actors += enc.actors != "[]";
    with_payload += enc.payload != "{}";
  }
  EXPECT_GT(with_actors, 1000u);
  EXPECT_GT(with_payload, 10000u);
}

// Valid rows (JSON escapes the encoder does not write) are read as the strict reader reads them.
TEST(EventCodec, FastPathReadsEscapesAsNlohmann) {
  const std::string payload = R"({"ground":"\u0041\u00e9\u5f20\ud83d\ude00\/\b\f\n\r\t\"\\","subject":"\u0000x"})";
  event fast;
  ASSERT_TRUE(detail::decode_event_fast("recusal", "2024-01-02T03:04:05", "[]", payload, fast));
  EXPECT_EQ(fast.ground, "A\xC3\xA9\xE5\xBC\xA0\xF0\x9F\x98\x80/\b\f\n\r\t\"\\");
  EXPECT_EQ(fast.subject, std::string("\0x", 2));
  EXPECT_EQ(event_to_json(fast), strict_outcome("recusal", "2024-01-02T03:04:05", "[]", payload));
}

// Anything else goes to the strict reader: same event or the same error as before the fast path.
TEST(EventCodec, NonCanonicalRowsFallBackToTheStrictReader) {
  struct row {
    std::string type, at, actors, payload;
  };
  std::vector<row> variants;
  for (const auto& e : rich_events()) {
    const auto enc = detail::encode_event(e);
    const row r{enc.type, enc.occurred_at, enc.actors, enc.payload};
    auto add = [&](std::string actors, std::string payload) {
      variants.push_back({r.type, r.at, std::move(actors), std::move(payload)});
    };
    add(r.actors, " " + r.payload);
    add(r.actors, "{ " + r.payload.substr(1));
    add(r.actors, r.payload + "\n");
    add(r.actors, r.payload.size() > 2 ? r.payload.substr(0, r.payload.size() - 1) + ",\"zzz\":1}" : "{\"zzz\":1}");
    add(r.actors, r.payload.size() > 2 ? "{\"amount_fen\":5," + r.payload.substr(1) : "{\"amount_fen\":5}");
    add(r.actors, r.payload.size() > 2 ? "{\"actors\":[]," + r.payload.substr(1) : "{\"type\":\"x\"}");
    // Keys reversed (valid JSON, not canonical when there are two or more).
    nlohmann::ordered_json rev;
    const auto obj = nlohmann::json::parse(r.payload);
    for (auto it = obj.rbegin(); it != obj.rend(); ++it) rev[it.key()] = it.value();
    add(r.actors, obj.empty() ? "{}" : rev.dump());
    // A bad escape, invalid UTF-8, a lone surrogate, a raw control character in the first string value.
    if (const auto q = r.payload.find(":\""); q != std::string::npos) {
      for (const std::string bad : {"\\q", "\xff", "\\ud800", "\\udc00x", "\x01", "\\u12", "\xe5\xbc"})
        add(r.actors, r.payload.substr(0, q + 2) + bad + r.payload.substr(q + 2));
    }
    if (r.actors != "[]") {
      add("[ " + r.actors.substr(1), r.payload);
      add(r.actors.substr(0, r.actors.size() - 2) + ",\"zz\":true}]", r.payload);
      add(r.actors.substr(0, r.actors.size() - 2) + ",\"id\":\"again\"}]", r.payload);
      const auto role = r.actors.find("\"role\":\"");
      add(r.actors.substr(0, role + 8) + "boss" + r.actors.substr(r.actors.find('"', role + 8)), r.payload);
    }
    variants.push_back({r.type, r.at, "{}", r.payload});
    variants.push_back({"no_such_type", r.at, r.actors, r.payload});
    variants.push_back({r.type, "2024-13-01T00:00:00", r.actors, r.payload});
  }
  // Numbers, enum values and ranges the strict reader checks.
  const std::string amount = "cash_collected";
  for (const std::string p : {R"({"amount_fen":-5})", R"({"amount_fen":007})", R"({"amount_fen":-0})",
                              R"({"amount_fen":5.0})", R"({"amount_fen":5e2})", R"({"amount_fen":99999999999999999999})",
                              R"({"amount_fen":9223372036854775808})", R"({"amount_fen":"5"})", R"({"amount_fen":null})",
                              R"({"amount_fen":true})", R"({"amount_fen":5,"amount_fen":6})", R"({"amount_fen":5)"})
    variants.push_back({amount, "2024-06-01T00:00:00", "[]", p});
  for (const std::string p : {R"({"extension":0})", R"({"extension":3651})", R"({"approved_by":"boss"})"})
    variants.push_back({"decision_period_extended", "2024-06-01T00:00:00", "[]", p});
  for (const std::string p : {R"({"circumstances":[""]})", R"({"discretion":"mild"})", R"({"party":"robot"})",
                              R"({"violation_date":"2024-02-30"})", R"({"circumstances":[1]})"})
    variants.push_back({"summary_decision", "2024-06-01T00:00:00", "[]", p});
  for (const std::string p : {R"({"penalty":{"fine_fen":-1}})", R"({"penalty":{"kinds":["jail"]}})",
                              R"({"penalty":{"kinds":["fine"],"fine_fen":1}})", R"({"penalty":{"x":1}})",
                              R"({"items":["nope"]})", R"({"outcome":"maybe"})"})
    variants.push_back({"decision", "2024-06-01T00:00:00", "[]", p});
  variants.push_back({"case_filed", "2024-06-01T00:00:00", R"([{"id":"","role":"officer"}])", "{}"});
  variants.push_back({"case_filed", "2024-06-01T00:00:00", R"([{"id":"A"}])", "{}"});
  variants.push_back({"case_filed", "2024-06-01T00:00:00",
                      R"([{"certificate":{"number":"1","valid_from":"2024-01-01"},"id":"A","role":"officer"}])", "{}"});
  variants.push_back({"case_filed", "2024-06-01T00:00:00",
                      R"([{"certificate":{"number":"1","valid_from":"x","valid_until":"2024-01-01"},"id":"A","role":"officer"}])",
                      "{}"});

  std::size_t errors = 0;
  for (const auto& v : variants) {
    const auto strict = strict_outcome(v.type, v.at, v.actors, v.payload);
    EXPECT_EQ(decode_outcome(v.type, v.at, v.actors, v.payload), strict) << v.actors << " " << v.payload;
    event fast;
    const bool taken = detail::decode_event_fast(v.type, v.at, v.actors, v.payload, fast);
    if (taken) {
      EXPECT_EQ(event_to_json(fast), strict) << v.actors << " " << v.payload;
    }
    // Whitespace, reordered or repeated keys and anything the strict reader rejects never take the fast path.
    const bool reordered = v.payload.front() == '{' && v.payload.size() > 2 &&
                           nlohmann::json::accept(v.payload) && nlohmann::json::parse(v.payload).dump() != v.payload;
    if (strict.rfind("error: ", 0) == 0 || reordered || v.payload.find(' ') == 0 || v.payload.find("{ ") == 0 ||
        v.actors.find("[ ") == 0) {
      EXPECT_FALSE(taken) << v.actors << " " << v.payload;
    }
    errors += strict.rfind("error: ", 0) == 0;
  }
  EXPECT_GT(errors, variants.size() / 2);
}

// The documents column: the canonical text is read directly, anything else (valid or not) as before by nlohmann.
TEST(EventCodec, DocumentsReadDirectlyOrAsBefore) {
  scratch_file f("docs_fast.db");
  const document a{"笔录 \"1\"\\\n\x01", "市监〔2024〕\xF0\x9F\x98\x80号", parse_date("2024-03-06"), {"O1", "H1", ""}, 7, 3,
                   "main"};
  const document b{"k", "", parse_date("2024-03-07")};
  {
    store s(f.path());
    fill(s, "C1", 1);
    ASSERT_TRUE(s.append("C1", 1, pf_test::filed(at("2024-03-06T10:00")), at("2024-03-06T10:01"), {a, b}).accepted);
    const auto h = s.history("C1");
    ASSERT_EQ(h[1].documents.size(), 2u);
    EXPECT_EQ(h[1].documents[0], a);
    EXPECT_EQ(h[1].documents[1], b);
    EXPECT_TRUE(h[0].documents.empty());
  }
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER events_append_only_update");
    raw.exec(R"(UPDATE events SET documents = '[ {"signatories":["O1"],"number":"n\u0041","kind":"k","date":"2024-03-07"} ]' WHERE seq = 2)");
    raw.exec(pf_test::restore_append_only_triggers());
  }
  {
    store s(f.path());
    const auto h = s.history("C1");
    ASSERT_EQ(h[1].documents.size(), 1u);
    EXPECT_EQ(h[1].documents[0], document("k", "nA", parse_date("2024-03-07"), {"O1"}));
  }
  {
    SQLite::Database raw(f.path(), SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER events_append_only_update");
    raw.exec(R"(UPDATE events SET documents = '[{"date":"2024-03-07","kind":"k"}]' WHERE seq = 2)");
    raw.exec(pf_test::restore_append_only_triggers());
  }
  store s(f.path());
  try {
    (void)s.history("C1");
    FAIL() << "no error";
  } catch (const file_format_error& e) {
    EXPECT_NE(std::string(e.what()).find("case \"C1\" event 2: documents: "), std::string::npos) << e.what();
  }
}

// A single event's errors name the field from the event object's root ("$.actors[0].role").
TEST(Store, SingleEventErrorsNameTheField) {
  auto what = [](auto&& f) {
    try {
      f();
    } catch (const file_format_error& e) {
      EXPECT_EQ(e.code(), error_code::history_format);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string text = event_to_json(pf_test::filed(at("2024-03-06T10:00")));
  text.replace(text.find("\"officer\""), 9, "\"boss\"");
  auto m = what([&] { (void)event_from_json(text, "ev.json"); });
  EXPECT_NE(m.find("ev.json: $.actors[0].role: unknown value 'boss'"), std::string::npos) << m;
  m = what([] { (void)detail::decode_event("clue_received", "2024-03-04T09:00:00", "[]", R"({"amount_fen":5})", "row 7"); });
  EXPECT_NE(m.find("row 7: $.amount_fen: field not used by event type 'clue_received'"), std::string::npos) << m;
  m = what([] { (void)detail::decode_event("clue_received", "2024-03-04T09:00:00", "[]", "[1]", "row 7"); });
  EXPECT_NE(m.find("row 7: payload: expected an object"), std::string::npos) << m;
  m = what([] { (void)detail::decode_event("clue_received", "2024-03-04T09:00:00", "[", "{}", "row 7"); });
  EXPECT_NE(m.find("row 7: malformed JSON"), std::string::npos) << m;
}

}  // namespace
