// Hostile input: text that is not UTF-8 (GBK case ids and file names are ordinary in Chinese offices), amounts
// and dates at the edges of what penaltyflow supports, control characters and malformed JSON. Each is refused with
// a penaltyflow error naming the file, event and field before anything is written, in a message that shows no raw
// control character and no C++ or JSON library's words; each error type is what it says (docs/errors.md); JSON
// output never fails on text; verify() reports what an older release let in. Through the library and through the
// CLI as an operator runs it.
#include <penaltyflow/calendar.hpp>
#include <penaltyflow/deadline.hpp>
#include <penaltyflow/error.hpp>
#include <penaltyflow/event_json.hpp>
#include <penaltyflow/history.hpp>
#include <penaltyflow/input_file.hpp>
#include <penaltyflow/money.hpp>
#include <penaltyflow/oversight.hpp>
#include <penaltyflow/period.hpp>
#include <penaltyflow/profile.hpp>
#include <penaltyflow/rules.hpp>
#include <penaltyflow/store.hpp>
#include <penaltyflow/utf8.hpp>

#include "penaltyflow/detail/case_fold.hpp"
#include "penaltyflow/detail/sha256.hpp"
#include "penaltyflow/detail/store_schema.hpp"
#include "support/walker.hpp"
#include "support/scratch_file.hpp"
#include "support/tamper.hpp"
#include "support/process.hpp"
#include "support/expect_thrown.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <limits>
#include <fstream>
#include <optional>
#include <sstream>
#include <type_traits>
#include <sys/wait.h>

namespace {

using namespace penaltyflow;
using nlohmann::json;
using pf_test::at;
using pf_test::run_cli;
using pf_test::scratch_file;
using pf_test::slurp;
using pf_test::write_file;

const std::string gbk_case = "\xB0\xB8\xBC\xFE-001";  // "案件-001" in GBK
const std::string gbk_name = "\xD5\xC5\xC8\xFD";      // "张三" in GBK

/// The message of what `f` throws as E; fails the test when it throws nothing.
template <class E, class F>
std::string thrown(F&& f) {
  const auto e = pf_test::expect_thrown<E>(std::forward<F>(f));
  if (!e) return {};
  EXPECT_TRUE(is_utf8(e->what())) << "an error message is not UTF-8";
  return e->what();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// ---- UTF-8 ---------------------------------------------------------------------------------------------------

TEST(InputSafetyUtf8, ValidatorAcceptsRfc3629Only) {
  EXPECT_TRUE(is_utf8("张三 SY-2024-001 \xF0\x9F\x98\x80"));  // CJK, ASCII, a 4-byte character
  EXPECT_EQ(first_invalid_utf8(gbk_case), 0U);
  EXPECT_EQ(first_invalid_utf8("A\xC0\x80"), 1U);          // overlong NUL
  EXPECT_EQ(first_invalid_utf8("AB\xED\xA0\x80"), 2U);     // a surrogate (U+D800)
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0U);   // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("\xE5\xBC"), 0U);           // a character cut in half
  EXPECT_EQ(printable_utf8("X\xB0\xB8张"), "X\\xB0\\xB8张");
  EXPECT_EQ(printable_utf8("张三"), "张三");
}

TEST(InputSafetyUtf8, ShorteningNeverCutsACharacter) {
  const std::string names = "张三李四";  // 3 bytes each
  for (std::size_t n = 0; n <= names.size(); ++n) EXPECT_TRUE(is_utf8(utf8_prefix(names, n))) << n;
  EXPECT_EQ(utf8_prefix(names, 4), "张");
  EXPECT_EQ(utf8_prefix(names, 6), "张三");
  // A case id over 200 bytes: the message quotes its first 40 bytes, which end inside the 14th character.
  std::string long_id;
  for (int i = 0; i < 70; ++i) long_id += "案";
  scratch_file db("is_long.db");
  store s(db.path());
  const auto m = thrown<invalid_argument_error>([&] { s.append(long_id, 0, pf_test::clue(at("2024-03-04T09:00")), at("2024-03-04T09:00")); });
  EXPECT_TRUE(contains(m, "longer than 200 bytes")) << m;
  EXPECT_TRUE(contains(m, "\"" + std::string(utf8_prefix(long_id, 40)) + "...\"")) << m;
}

TEST(InputSafetyUtf8, ErrorMessagesAreAlwaysUtf8) {
  const invalid_argument_error e("case \"" + gbk_case + "\": no such case");
  EXPECT_TRUE(is_utf8(e.what()));
  EXPECT_TRUE(contains(e.what(), "\\xB0\\xB8\\xBC\\xFE-001")) << e.what();
  const file_format_error f(error_code::history_format, gbk_name + ".json", 3, "bad");
  EXPECT_TRUE(is_utf8(f.what()));
  EXPECT_TRUE(contains(f.what(), "\\xD5\\xC5\\xC8\\xFD.json:3: bad")) << f.what();
}

TEST(InputSafetyUtf8, StoreRefusesCaseIdNotUtf8BeforeWriting) {
  scratch_file db("is_caseid.db");
  store s(db.path());
  const auto m = thrown<invalid_argument_error>(
      [&] { s.append(gbk_case, 0, pf_test::clue(at("2024-03-04T09:00")), at("2024-03-04T09:00")); });
  EXPECT_TRUE(contains(m, "case id \"\\xB0\\xB8\\xBC\\xFE-001\" is not valid UTF-8 (byte 0xB0 at offset 0)")) << m;
  EXPECT_TRUE(contains(m, "UTF-8 编码")) << m;
  // Every way in: one at a time, without waiting, in a batch.
  EXPECT_THROW(s.append_async({gbk_case, 0, pf_test::clue(at("2024-03-04T09:00")), at("2024-03-04T09:00"), {}}).get(),
               invalid_argument_error);
  EXPECT_THROW(s.append_many({{"C1", 0, pf_test::clue(at("2024-03-04T09:00")), at("2024-03-04T09:00"), {}},
                              {gbk_case, 0, pf_test::clue(at("2024-03-04T09:00")), at("2024-03-04T09:00"), {}}}),
               error);
  EXPECT_EQ(s.make_checkpoint().count, 0U);
  EXPECT_TRUE(s.case_ids().empty());
}

TEST(InputSafetyUtf8, StoreRefusesEventAndDocumentTextNotUtf8NamingTheField) {
  scratch_file db("is_fields.db");
  store s(db.path());
  const instant t = at("2024-03-04T09:00");
  auto ev = pf_test::clue(t);
  ev.actors[0].name = gbk_name;
  auto m = thrown<invalid_argument_error>([&] { s.append("C1", 0, ev, t); });
  EXPECT_TRUE(contains(m, "case \"C1\" event clue_received: actors[0].name \"\\xD5\\xC5\\xC8\\xFD\" is not valid UTF-8")) << m;
  ev = pf_test::clue(t);
  ev.note = "ok " + gbk_name;
  m = thrown<invalid_argument_error>([&] { s.append("C1", 0, ev, t); });
  EXPECT_TRUE(contains(m, "event clue_received: note \"ok \\xD5\\xC5\\xC8\\xFD\"")) << m;
  ev = pf_test::clue(t);
  ev.actors[0].enforcement_certificate->number = "ZJ-" + gbk_name;
  m = thrown<invalid_argument_error>([&] { s.append("C1", 0, ev, t); });
  EXPECT_TRUE(contains(m, "actors[0].certificate.number")) << m;
  const document doc("立案审批表", "字" + gbk_name, t.date(), {"O1"});
  m = thrown<invalid_argument_error>([&] { s.append("C1", 0, pf_test::clue(t), t, {doc}); });
  EXPECT_TRUE(contains(m, "event clue_received: documents[0].number")) << m;
  EXPECT_EQ(s.make_checkpoint().count, 0U);
  // The valid event goes in afterwards: nothing was half-written.
  EXPECT_TRUE(s.append("C1", 0, pf_test::clue(t), t).accepted);
}

TEST(InputSafetyUtf8, HistoryAndEventFilesNotUtf8NameLineAndField) {
  auto h = parse_history(slurp(std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories/ordinary-simple.json"), "x");
  std::string text = to_json(h);
  text.replace(text.find(h.case_id), h.case_id.size(), gbk_case);
  const auto m = thrown<file_format_error>([&] { (void)parse_history(text, gbk_name + ".json"); });
  EXPECT_TRUE(contains(m, "\\xD5\\xC5\\xC8\\xFD.json:2: field \"case\", column 12: not valid UTF-8 (byte 0xB0)")) << m;
  scratch_file db("is_import.db");
  store s(db.path());
  EXPECT_THROW(s.import_history(text, "gbk.json", at("2024-12-01T09:00")), file_format_error);
  EXPECT_EQ(s.make_checkpoint().count, 0U);
  std::string ev = event_to_json(pf_test::clue(at("2024-03-04T09:00")));
  ev.replace(ev.find("张三"), std::string("张三").size(), gbk_name);
  const auto e = thrown<file_format_error>([&] { (void)event_from_json(ev, "ev.json"); });
  EXPECT_TRUE(contains(e, "ev.json:1: field \"name\"")) << e;
}

TEST(InputSafetyUtf8, CalendarAndProfileTextNotUtf8IsRefused) {
  const auto m = thrown<file_format_error>([] {
    (void)calendar::parse("date,kind,name\n2030-01-01,holiday,\xD4\xAA\xB5\xA9\n", "cal.csv", calendar::national());
  });
  EXPECT_TRUE(contains(m, "cal.csv:2: column 22: not valid UTF-8")) << m;
  const auto p = thrown<file_format_error>(
      [] { (void)profile::parse("{\"id\": \"\xC1\xC9\xC4\xFE\"}", "liaoning.json"); });
  EXPECT_TRUE(contains(p, "liaoning.json:1: field \"id\"")) << p;
  profile prof;
  prof.id = "\xC1\xC9\xC4\xFE";  // 辽宁 in GBK
  scratch_file db("is_profile.db");
  const auto s = thrown<invalid_argument_error>([&] { store st(db.path(), workflow(prof, calendar::national())); });
  EXPECT_TRUE(contains(s, "profile id \"\\xC1\\xC9\\xC4\\xFE\" is not valid UTF-8")) << s;
}

/// A store as a release that did not check case ids could leave it: case "C1" accepted, then the last event
/// (case "P") given a GBK case id with its hash recomputed, as that release would have written it.
void write_poisoned_store(const std::string& path) {
  {
    store s(path);
    ASSERT_TRUE(s.append("C1", 0, pf_test::clue(at("2024-03-04T09:00")), at("2024-03-04T09:05")).accepted);
    ASSERT_TRUE(s.append("C1", 1, pf_test::filed(at("2024-03-06T10:00")), at("2024-03-06T10:05")).accepted);
    ASSERT_TRUE(s.append("P", 0, pf_test::clue(at("2024-03-05T09:00")), at("2024-03-05T09:05")).accepted);
  }
  SQLite::Database raw(path, SQLite::OPEN_READWRITE);
  const std::string trigger =
      raw.execAndGet("SELECT sql FROM sqlite_master WHERE name = 'events_append_only_update'").getString();
  raw.exec("DROP TRIGGER events_append_only_update");
  for (const char* table : {"events", "cases", "deadlines", "documents"}) {
    SQLite::Statement u(raw, std::string("UPDATE ") + table + " SET case_id = ? WHERE case_id = 'P'");
    u.bind(1, gbk_case);
    u.exec();
  }
  SQLite::Statement q(raw, "SELECT " + std::string(detail::hash_input_sql) + " FROM event_log e WHERE e.seq = 3");
  ASSERT_TRUE(q.executeStep());
  const auto digest = detail::sha256::of(q.getColumn(0).getString());
  SQLite::Statement u(raw, "UPDATE events SET hash = ? WHERE seq = 3");
  u.bind(1, digest.data(), static_cast<int>(digest.size()));
  u.exec();
  q.reset();
  raw.exec(pf_test::restore_append_only_triggers());  // the guard back: the schema is the one the release made
}

TEST(InputSafetyUtf8, VerifyReportsCaseIdNotUtf8LeftByAnOlderRelease) {
  scratch_file db("is_poisoned.db");
  write_poisoned_store(db.path());
  store s(db.path(), workflow(), store_options{durability::full, open_mode::read_only});
  for (auto depth : {verify_depth::chain, verify_depth::full}) {
    const auto r = s.verify(depth);
    ASSERT_FALSE(r.ok);
    ASSERT_TRUE(r.problem);
    EXPECT_EQ(r.problem->seq, 3U);
    EXPECT_EQ(r.problem->case_id, "\\xB0\\xB8\\xBC\\xFE-001");
    EXPECT_TRUE(contains(r.problem->what, "is not valid UTF-8")) << r.problem->what;
  }
  // The other cases can still be exported; the poisoned one is refused with a penaltyflow error.
  EXPECT_TRUE(contains(s.export_history("C1"), "\"case\": \"C1\""));
  const auto m = thrown<invalid_argument_error>([&] { (void)s.export_history(gbk_case); });
  EXPECT_TRUE(contains(m, "export: case id")) << m;
}

TEST(InputSafetyCli, AppendWithCaseIdNotUtf8IsRefusedAndWritesNothing) {
  scratch_file db("is_cli_append.db"), ev("is_cli_ev.json");
  write_file(ev.path(), event_to_json(pf_test::clue(at("2024-03-04T09:00"))));
  const std::string pf = "--db '" + db.path() + "' ";
  ASSERT_EQ(run_cli(pf + "init").status, 0);
  const auto r = run_cli(pf + "append '" + gbk_case + "' --expected 0 --event '" + ev.path() + "' --json");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_TRUE(contains(r.err, "[penaltyflow.invalid_argument] case id \"\\xB0\\xB8\\xBC\\xFE-001\" is not valid UTF-8"))
      << r.err;
  const auto cp = run_cli(pf + "checkpoint");
  EXPECT_EQ(json::parse(cp.out)["events"], 0) << cp.out;
}

TEST(InputSafetyCli, ImportJsonShowsAFileNameNotUtf8EscapedAndExitsZero) {
  const auto dir = std::filesystem::temp_directory_path() / ("pf_is_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / (gbk_name + ".json")).string();
  std::filesystem::copy_file(std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories/ordinary-simple.json", file,
                             std::filesystem::copy_options::overwrite_existing);
  scratch_file db("is_cli_import.db");
  const std::string pf = "--db '" + db.path() + "' ";
  const auto r = run_cli(pf + "import '" + file + "' --recorded-at 2024-12-01T09:00 --json");
  std::filesystem::remove_all(dir);
  EXPECT_EQ(r.status, 0) << r.err;  // the events were written: success is reported as success
  const auto out = json::parse(r.out);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_TRUE(out[0]["ok"].get<bool>());
  EXPECT_TRUE(contains(out[0]["file"].get<std::string>(), "\\xD5\\xC5\\xC8\\xFD.json")) << r.out;
  EXPECT_EQ(out[0]["events_added"], 13);
}

TEST(InputSafetyCli, JsonOutputOfAStoreWithCaseIdNotUtf8NeverFails) {
  scratch_file db("is_cli_poisoned.db");
  write_poisoned_store(db.path());
  const std::string pf = "--db '" + db.path() + "' ";
  for (const std::string& cmd : std::vector<std::string>{"due --from 2024-01-01 --to 2025-12-31 --json", "evaluate --json",
                                "show '" + gbk_case + "' --json", "report --from 2024-01-01 --to 2024-12-31 --format json"}) {
    const auto r = run_cli(pf + cmd);
    EXPECT_EQ(r.status, 0) << cmd << ": " << r.err;
    EXPECT_TRUE(json::accept(r.out)) << cmd << ": " << r.out;
  }
  const auto v = run_cli(pf + "verify --json");
  EXPECT_EQ(v.status, 1);
  EXPECT_FALSE(json::parse(v.out)["ok"].get<bool>());
  EXPECT_TRUE(contains(json::parse(v.out)["problem"]["what"].get<std::string>(), "not valid UTF-8")) << v.out;
  const auto e = run_cli(pf + "export '" + gbk_case + "'");
  EXPECT_EQ(e.status, 1);
  EXPECT_TRUE(contains(e.err, "[penaltyflow.invalid_argument] export: case id")) << e.err;
}

// ---- money ---------------------------------------------------------------------------------------------------

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

std::string example(const std::string& name) {
  return slurp(std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories/" + name + ".json");
}

/// ordinary-simple.json with its first `count` occurrences of `from` replaced by `to`.
std::string simple_with(const std::string& from, const std::string& to, int count = 1) {
  std::string text = example("ordinary-simple");
  for (std::size_t at = 0; count-- > 0 && (at = text.find(from, at)) != std::string::npos; at += to.size())
    text.replace(at, from.size(), to);
  return text;
}

TEST(InputSafetyMoney, CheckedAddWorkedExamples) {
  EXPECT_EQ(max_amount_fen, 1'000'000'000'000'000);  // 10^15 fen = 10^13 yuan
  EXPECT_EQ(checked_add(int64_max - 1, 1, "t"), int64_max);
  EXPECT_EQ(checked_add(max_amount_fen, max_amount_fen, "t"), 2 * max_amount_fen);
  const auto m = thrown<invalid_argument_error>([] { (void)checked_add(int64_max, 1, "statistics: fines"); });
  EXPECT_TRUE(contains(m, "statistics: fines: 9223372036854775807 + 1 fen does not fit in a 64-bit total")) << m;
  EXPECT_THROW((void)checked_add(std::numeric_limits<std::int64_t>::min(), -1, "t"), invalid_argument_error);
  EXPECT_NO_THROW(check_amount(0, "t"));
  EXPECT_NO_THROW(check_amount(max_amount_fen, "t"));
  EXPECT_THROW(check_amount(max_amount_fen + 1, "t"), invalid_argument_error);
  EXPECT_THROW(check_amount(-1, "t"), invalid_argument_error);
}

TEST(InputSafetyMoney, HistoryAmountsAtTheMaximumPassAndAboveAreRefusedNamingTheField) {
  // The largest fine so far (18.228 billion yuan) and the maximum are read; one fen more is refused.
  EXPECT_EQ(parse_history(simple_with("500000", "1822800000000"), "h.json").events[5].proposed->fine_fen, 1822800000000);
  EXPECT_EQ(parse_history(simple_with("500000", "1000000000000000"), "h.json").events[5].proposed->fine_fen,
            max_amount_fen);
  auto m = thrown<file_format_error>([] { (void)parse_history(simple_with("500000", "1000000000000001"), "h.json"); });
  EXPECT_TRUE(contains(m, "h.json: $.events[5].penalty.fine_fen: expected an amount from 0 to 10^15 fen "
                          "(max_amount_fen), found 1000000000000001")) << m;
  m = thrown<file_format_error>([] {
    (void)parse_history(simple_with("\"amount_fen\": 500000", "\"amount_fen\": 9223372036854775807"), "h.json");
  });
  EXPECT_TRUE(contains(m, "$.events[10].amount_fen: expected an amount from 0 to 10^15 fen")) << m;
  // The single-event reader (the CLI's append --event) reads through the same code.
  std::string ev = event_to_json(pf_test::paid("2024-04-25T09:00", 1));
  ev.replace(ev.find("100"), 3, "9223372036854775807");
  EXPECT_THROW((void)event_from_json(ev, "ev.json"), file_format_error);
}

TEST(InputSafetyMoney, WorkflowRefusesAnAmountAboveTheMaximumBeforeChangingTheCase) {
  pf_test::walker w;
  w.to_approval();
  const auto before = w.c.events().size();
  penalty huge;
  huge.add(penalty_kind::fine);
  huge.fine_fen = int64_max;  // was accepted: sums wrapped and one fen "paid in full"
  const auto m = thrown<invalid_argument_error>([&] { (void)w.wf.apply(w.c, pf_test::approved("2024-04-05T09:00", huge)); });
  EXPECT_TRUE(contains(m, "event head_approved: penalty.fine_fen: 9223372036854775807 fen is outside the amounts "
                          "penaltyflow accepts, 0 to 10^15 fen")) << m;
  EXPECT_EQ(w.c.events().size(), before);
  EXPECT_THROW((void)w.wf.explain(w.c, pf_test::approved("2024-04-05T09:00", huge)), invalid_argument_error);
  // A store refuses it the same way, before writing.
  scratch_file db("is_money.db");
  store s(db.path());
  auto pay = pf_test::paid("2024-03-04T09:00", 0);
  pay.amount_fen = max_amount_fen + 1;
  EXPECT_THROW(s.append("C1", 0, pay, at("2024-03-04T09:00")), invalid_argument_error);
  EXPECT_EQ(s.make_checkpoint().count, 0U);
}

TEST(InputSafetyMoney, CaseTotalsNearOverflowAreErrorsNotWraps) {
  // A case whose payments already add up to near the 64-bit limit (9,223 payments at the maximum): the next
  // payment is an error, where the sum used to wrap to a negative total.
  case_facts f;
  f.decided_penalty = pf_test::fine_yuan(5000);
  f.paid_fen = int64_max - max_amount_fen + 1;
  auto pay = pf_test::paid("2024-04-25T09:00", 0);
  pay.amount_fen = max_amount_fen - 1;
  EXPECT_NO_THROW(detail::check_money(f, pay));  // exactly int64 max
  pay.amount_fen = max_amount_fen;
  const auto m = thrown<invalid_argument_error>([&] { detail::check_money(f, pay); });
  EXPECT_TRUE(contains(m, "event payment_received: the amount paid in the case: 9222372036854775808 + "
                          "1000000000000000 fen does not fit in a 64-bit total")) << m;
  f.paid_fen = 0;
  f.surcharge.due_fen = int64_max;  // the surcharges imposed at the limit: one more fen leaves 64 bits
  pay.amount_fen = 1;
  EXPECT_THROW(detail::check_money(f, pay), invalid_argument_error);
  // The instalments of a deferral (R-EXEC-DEFER): each an amount, their total checked.
  auto defer = pf_test::ev(pf_test::et::payment_deferred, "2024-04-25T09:00", {pf_test::head()});
  defer.instalments = {{pf_test::d("2024-05-31"), max_amount_fen + 1}};
  EXPECT_THROW(detail::check_money(f, defer), invalid_argument_error);
  defer.instalments.assign(9300, {pf_test::d("2024-05-31"), max_amount_fen});
  EXPECT_TRUE(contains(thrown<invalid_argument_error>([&] { detail::check_money(f, defer); }), "instalments[9223]"));
}

/// A store holding ordinary-simple.json as cases "A" and "B".
void write_two_fined_cases(const std::string& path) {
  store s(path);
  for (const char* id : {"A", "B"}) {
    std::string text = example("ordinary-simple");
    text.replace(text.find("SY-2024-001"), 11, id);
    s.import_history(text, std::string(id) + ".json", at("2024-12-01T09:00"));
  }
}

TEST(InputSafetyMoney, StatisticsTotalOverflowIsAnErrorNotANegativeTotal) {
  scratch_file db("is_stats.db");
  write_two_fined_cases(db.path());
  {
    store s(db.path());
    EXPECT_EQ(compute_statistics(s, parse_date("2024-01-01"), parse_date("2024-12-31")).fines_fen, 1'000'000);
  }
  {  // two projections holding fines that sum past the 64-bit limit (a forged or corrupt projection)
    SQLite::Database raw(db.path(), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE cases SET fine_fen = 5000000000000000000");
  }
  store s(db.path());
  const auto m = thrown<invalid_argument_error>(
      [&] { (void)compute_statistics(s, parse_date("2024-01-01"), parse_date("2024-12-31")); });
  EXPECT_TRUE(contains(m, "statistics: the fines decided in the period: 5000000000000000000 + 5000000000000000000"))
      << m;
  const auto r = run_cli("--db '" + db.path() + "' report --from 2024-01-01 --to 2024-12-31 --format json");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_TRUE(contains(r.err, "does not fit in a 64-bit total")) << r.err;
}

TEST(InputSafetyCli, AppendOfAFineAboveTheMaximumIsRefusedNamingTheField) {
  scratch_file db("is_cli_money.db"), ev("is_cli_money.json");
  std::string text = event_to_json(pf_test::paid("2024-03-04T09:00", 1));
  text.replace(text.find("100"), 3, "1000000000000001");
  write_file(ev.path(), text);
  const auto r = run_cli("--db '" + db.path() + "' append C1 --expected 0 --event '" + ev.path() + "' --json");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "$.amount_fen: expected an amount from 0 to 10^15 fen")) << r.err;
}

// ---- dates ---------------------------------------------------------------------------------------------------

TEST(InputSafetyDates, ParseDateAcceptsExactly1900To2199) {
  EXPECT_EQ(to_iso(parse_date("1900-01-01")), "1900-01-01");
  EXPECT_EQ(to_iso(parse_date("2199-12-31")), "2199-12-31");
  for (const char* text : {"1899-12-31", "2200-01-01", "9999-12-31", "0001-01-01"}) {
    const auto m = thrown<invalid_argument_error>([&] { (void)parse_date(text, "--from"); });
    EXPECT_TRUE(contains(m, std::string("--from: \"") + text + "\" has a year outside 1900-2199, the dates penaltyflow supports"))
        << m;
  }
  EXPECT_THROW((void)parse_instant("9999-12-31T09:00", "--recorded-at"), invalid_argument_error);
}

/// ordinary-simple.json with every year 2024 replaced by `year`.
std::string simple_in_year(const std::string& year) { return simple_with("\"2024-", "\"" + year + "-", 1000); }

TEST(InputSafetyDates, HistoryWithYear9999Or0001NamesFileEventAndField) {
  auto m = thrown<file_format_error>([] { (void)parse_history(simple_in_year("9999"), "y9999.json"); });
  EXPECT_TRUE(contains(m, "y9999.json: $.events[0].at: expected a local time YYYY-MM-DDTHH:MM from 1900-01-01 to "
                          "2099-12-31, found '9999-03-01T09:00'")) << m;
  m = thrown<file_format_error>([] { (void)parse_history(simple_in_year("0001"), "y0001.json"); });
  EXPECT_TRUE(contains(m, "y0001.json: $.events[0].at: expected a local time")) << m;
  // A day the range holds but too late for an event: the periods it starts would run past 2199.
  m = thrown<file_format_error>([] { (void)parse_history(simple_in_year("2150"), "y2150.json"); });
  EXPECT_TRUE(contains(m, "$.events[0].at: expected a local time YYYY-MM-DDTHH:MM from 1900-01-01 to 2099-12-31 (the "
                          "periods an event starts must end by 2199-12-31), found '2150-03-01T09:00'")) << m;
  m = thrown<file_format_error>([] { (void)parse_history(simple_with("2024-02-20", "0001-02-20"), "v.json"); });
  EXPECT_TRUE(contains(m, "v.json: $.events[1].violation_date: expected a date YYYY-MM-DD from 1900-01-01 to "
                          "2199-12-31, found '0001-02-20'")) << m;
  // The last year an event may have is read.
  EXPECT_EQ(parse_history(simple_in_year("2099"), "y.json").events.size(), 13U);
}

TEST(InputSafetyDates, WorkflowRefusesAnEventBuiltInCodeOutsideTheRange) {
  pf_test::walker w;
  auto m = thrown<invalid_argument_error>([&] { (void)w.wf.apply(w.c, pf_test::clue("2150-03-01T09:00")); });
  EXPECT_TRUE(contains(m, "event clue_received: at 2150-03-01T09:00:00 is after 2099-12-31")) << m;
  auto filed = pf_test::filing("2024-03-05T10:00");
  filed.at = instant(date(1400, 3, 5), boost::posix_time::hours(10));  // Boost's range, not penaltyflow's
  m = thrown<invalid_argument_error>([&] { (void)w.wf.apply(w.c, filed); });
  EXPECT_TRUE(contains(m, "event case_filed: at: 1400-03-05 is outside 1900-01-01..2199-12-31")) << m;
  filed = pf_test::filing("2024-03-05T10:00");
  filed.violation_date = date(9999, 12, 31);
  m = thrown<invalid_argument_error>([&] { (void)w.wf.apply(w.c, filed); });
  EXPECT_TRUE(contains(m, "event case_filed: violation_date: 9999-12-31 is outside")) << m;
  EXPECT_EQ(w.c.events().size(), 0U);
}

TEST(InputSafetyDates, PeriodCountsStopWithAnErrorAtTheEndOfTheRange) {
  const auto& cat = period_catalogue::national();
  const calendar& cal = calendar::national();
  const counting_options provisional{roll_reading::rest_days, coverage_policy::provisional_ok};
  // 90 natural days from 2199-11-01 end on 2200-01-30: past the range.
  auto m = thrown<invalid_argument_error>(
      [&] { (void)compute_due_date(cat.at("decision"), parse_date("2199-11-01"), cal, {}, {}, provisional); });
  EXPECT_TRUE(contains(m, "period \"decision\" from 2199-11-01 walks past 2199-12-31, the last day penaltyflow "
                          "supports")) << m;
  m = thrown<invalid_argument_error>(
      [&] { (void)compute_due_date(cat.at("limitation-extended"), parse_date("2196-01-01"), cal, {}, {}, provisional); });
  EXPECT_TRUE(contains(m, "period \"limitation-extended\" from 2196-01-01 walks past 2199-12-31")) << m;
  m = thrown<invalid_argument_error>([&] {
    (void)add_working_days(cal, parse_date("2199-12-20"), 30, {}, coverage_policy::provisional_ok);
  });
  EXPECT_TRUE(contains(m, "a count of working days from 2199-12-20 walks past 2199-12-31")) << m;
  m = thrown<invalid_argument_error>(
      [&] { (void)compute_due_instant(cat.at("emergency-measure-report"), parse_instant("2199-12-31T01:00"), cal); });
  EXPECT_TRUE(contains(m, "period \"emergency-measure-report\" from 2199-12-31 walks past 2199-12-31")) << m;
  // A start outside the range is named as such (it used to reach Boost's year 9999 and throw its bare message).
  m = thrown<invalid_argument_error>(
      [&] { (void)compute_due_date(cat.at("decision"), date(9999, 12, 1), cal, {}, {}, provisional); });
  EXPECT_TRUE(contains(m, "start date: 9999-12-01 is outside 1900-01-01..2199-12-31")) << m;
  // Inside the range the count is as before.
  EXPECT_EQ(to_iso(compute_due_date(cat.at("decision"), parse_date("2199-09-01"), cal, {}, {}, provisional).nominal_due),
            "2199-11-30");
}

TEST(InputSafetyCli, ImportGoesOnAfterAHistoryWithYear9999) {
  scratch_file db("is_cli_dates.db"), bad("is_y9999.json"), good("is_good.json");
  write_file(bad.path(), simple_in_year("9999"));
  write_file(good.path(), example("ordinary-simple"));
  const auto r = run_cli("--db '" + db.path() + "' import '" + bad.path() + "' '" + good.path() +
                     "' --recorded-at 2024-12-01T09:00 --json");
  EXPECT_EQ(r.status, 1);
  const auto out = json::parse(r.out);
  ASSERT_EQ(out.size(), 2U) << r.out;
  EXPECT_FALSE(out[0]["ok"].get<bool>());
  EXPECT_TRUE(contains(out[0]["error"].get<std::string>(), "is_y9999.json: $.events[0].at: expected a local time"))
      << r.out;
  EXPECT_TRUE(out[1]["ok"].get<bool>()) << r.out;
  EXPECT_EQ(out[1]["events_added"], 13);
  const auto d = run_cli("deadline --period decision --from 9999-12-20");
  EXPECT_EQ(d.status, 1);
  EXPECT_TRUE(contains(d.err, "--from: \"9999-12-20\" has a year outside 1900-2199")) << d.err;
}

}  // namespace

// ---- errors: one family, printable messages in penaltyflow's words --------------------------------------------

namespace {

// Every type derives from penaltyflow::error; the store's too (declared in error.hpp with the others).
static_assert(std::is_base_of_v<std::runtime_error, error>);
static_assert(std::is_base_of_v<error, invalid_argument_error> && std::is_base_of_v<error, file_format_error> &&
              std::is_base_of_v<error, coverage_error> && std::is_base_of_v<error, unknown_period_error> &&
              std::is_base_of_v<error, unknown_rule_error> && std::is_base_of_v<error, not_configurable_error> &&
              std::is_base_of_v<error, io_error> && std::is_base_of_v<error, store_error> &&
              std::is_base_of_v<error, conflict_error> && std::is_base_of_v<error, schema_version_error>);

/// What the C++ and JSON libraries say of themselves; a message holding one leaked their exception.
const char* const library_words[] = {"std::", "basic_string", "stoi", "stoul", "json.exception", "type_error",
                                     "parse_error", "out_of_range", "internal error", "terminate called"};

/// The first raw control character (C0 but the line feeds between messages, DEL, C1, U+2028/U+2029, the
/// bidirectional controls) or library word in `text`, or "" when there is none.
std::string first_unprintable(const std::string& text, bool newlines_ok = false) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && !(newlines_ok && c == '\n')) || c == 0x7F) return "byte " + std::to_string(c);
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return "a C1 control";
    if (c == 0xE2 && i + 2 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]), b2 = static_cast<unsigned char>(text[i + 2]);
      if ((b1 == 0x80 && b2 >= 0xA8 && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9))
        return "a separator or bidirectional control";
    }
  }
  for (const char* w : library_words)
    if (contains(text, w)) return w;
  return {};
}

/// The error `f` throws as E, checked to be printable; fails the test when it throws nothing.
template <class E, class F>
std::string printable_thrown(F&& f) {
  const std::string m = thrown<E>(std::forward<F>(f));
  EXPECT_EQ(first_unprintable(m), "") << m;
  return m;
}

// Control characters of every kind a terminal or a log acts on: NUL, BEL, ESC (an ANSI sequence), line breaks,
// DEL, a C1 control (U+0085), a line separator and a right-to-left override.
const std::string hostile = std::string("A\0B\a\x1B[2J\r\n\tC\x7F", 13) + "\xC2\x85\xE2\x80\xA8\xE2\x80\xAE" + "Z";

}  // namespace

TEST(InputSafetyErrors, EachTypeCarriesItsCodeAndIsCaughtAsAPenaltyflowError) {
  auto code_of = [](const std::function<void()>& f) -> std::optional<error_code> {
    try {
      f();
    } catch (const error& e) {
      EXPECT_TRUE(contains(e.what(), "[penaltyflow." + std::string(to_string(e.code())) + "] ")) << e.what();
      EXPECT_EQ(std::string(e.what()), "[penaltyflow." + std::string(to_string(e.code())) + "] " + e.message());
      return e.code();
    }
    return std::nullopt;
  };
  const auto& periods = period_catalogue::national();
  // Each thrown where the library meets the case it names, caught by its own type and with its own code.
  EXPECT_EQ(code_of([] { parse_date("2024-02-30"); }), error_code::invalid_argument);
  thrown<invalid_argument_error>([] { parse_date("2024-02-30"); });
  thrown<file_format_error>([] { calendar::parse("2024-01-01,nonsense\n", "c.csv", calendar::national()); });
  EXPECT_EQ(code_of([] { calendar::parse("2024-01-01,nonsense\n", "c.csv", calendar::national()); }),
            error_code::calendar_format);
  EXPECT_EQ(code_of([] { profile::parse("{", "p.json"); }), error_code::profile_format);
  EXPECT_EQ(code_of([] { parse_history("{", "h.json"); }), error_code::history_format);
  EXPECT_EQ(code_of([] { discretion_benchmarks::parse("{", "b.json"); }), error_code::benchmark_format);
  thrown<coverage_error>(
      [&] { compute_due_date(periods.at("decision"), parse_date("2026-10-15"), calendar::national()); });
  thrown<unknown_period_error>([&] { periods.at("no-such-period"); });
  EXPECT_EQ(code_of([&] { periods.at("no-such-period"); }), error_code::unknown_period);
  thrown<unknown_rule_error>([] { rule_catalogue::national().at("R-NO-SUCH-RULE"); });
  EXPECT_EQ(code_of([] { rule_catalogue::national().at("R-NO-SUCH-RULE"); }), error_code::unknown_rule);
  thrown<not_configurable_error>([&] { periods.with_override("decision", 60, period_unit::natural_days); });
  EXPECT_EQ(code_of([&] { periods.with_override("decision", 60, period_unit::natural_days); }),
            error_code::not_configurable);
  thrown<io_error>([] { read_input_file("/nonexistent/penaltyflow/file.json", "case history"); });

  scratch_file db("is_family.db");
  {
    store s(db.path());
    s.append("C1", 0, pf_test::clue(at("2024-03-04T09:00")), at("2024-03-04T09:00"));
    const auto m = thrown<conflict_error>(
        [&] { s.append("C1", 0, pf_test::clue(at("2024-03-04T09:00")), at("2024-03-04T09:00")); });
    EXPECT_TRUE(contains(m, "[penaltyflow.conflict] case \"C1\" is at version 1")) << m;
  }
  { SQLite::Database raw(db.path(), SQLite::OPEN_READWRITE); raw.exec("PRAGMA user_version = 99"); }
  thrown<schema_version_error>([&] { store s(db.path()); });
  scratch_file junk("is_family_junk.db");
  write_file(junk.path(), std::string(4096, 'x'));
  const auto m = thrown<store_error>([&] { store s(junk.path()); });
  EXPECT_TRUE(contains(m, "[penaltyflow.store] ")) << m;
}

TEST(InputSafetyErrors, PrintableTextEscapesEveryControlCharacter) {
  EXPECT_EQ(printable_text(hostile), "A\\x00B\\x07\\x1B[2J\\r\\n\\tC\\x7F\\u0085\\u2028\\u202EZ");
  EXPECT_EQ(printable_text("张三 SY-2024-001 \xF0\x9F\x98\x80 «»"), "张三 SY-2024-001 \xF0\x9F\x98\x80 «»");
  EXPECT_EQ(printable_text("X\xB0\xB8\x01"), "X\\xB0\\xB8\\x01");  // bytes that are not UTF-8, then a control
  EXPECT_EQ(printable_text("\xC2"), "\\xC2");                        // a character cut short is not a C1 control
  // Every message goes through it, whatever the type.
  const unknown_period_error e("no statutory period \"" + hostile + "\"");
  EXPECT_EQ(e.message(), "no statutory period \"" + printable_text(hostile) + "\"");
  EXPECT_EQ(first_unprintable(e.what()), "");
}

TEST(InputSafetyErrors, ControlCharactersInInputAreEscapedInTheMessage) {
  const std::string shown = printable_text(hostile);
  auto m = printable_thrown<unknown_period_error>([] { period_catalogue::national().at(hostile); });
  EXPECT_TRUE(contains(m, "\"" + shown + "\"")) << m;
  m = printable_thrown<invalid_argument_error>([] { parse_date(hostile, "--from"); });
  EXPECT_TRUE(contains(m, "--from: \"" + shown + "\"")) << m;
  scratch_file db("is_control.db");
  store s(db.path());
  m = printable_thrown<invalid_argument_error>(
      [&] { s.append(hostile, 0, pf_test::clue(at("2024-03-04T09:00")), at("2024-03-04T09:00")); });
  EXPECT_TRUE(contains(m, "contains a control character")) << m;
  EXPECT_TRUE(s.case_ids().empty());
  // A file name is data: file() keeps it as given, the message shows it escaped.
  try {
    calendar::parse("2024-01-01,nonsense\n", hostile + ".csv", calendar::national());
    ADD_FAILURE() << "nothing was thrown";
  } catch (const file_format_error& e) {
    EXPECT_EQ(e.file(), hostile + ".csv");
    EXPECT_EQ(e.line(), 1U);
    EXPECT_TRUE(contains(e.message(), shown + ".csv:1: ")) << e.message();
    EXPECT_EQ(first_unprintable(e.what()), "");
  }
}

TEST(InputSafetyErrors, MalformedJsonNamesFileLineAndColumnNotTheParser) {
  // A control character inside a string, a literal cut short, a number too large, a document cut short: each in
  // every JSON the library reads, named by file and line in penaltyflow's words.
  const std::string bad_text[] = {"{\n  \"case_id\": \"A\x01" "B\"\n}", "{\n  \"format\": tru\n}", "{\"x\": 1e999}", "{",
                                  "[1, 2", std::string("\0", 1), "\x1B[2J"};
  for (const auto& text : bad_text) {
    SCOPED_TRACE(printable_text(text));
    auto m = printable_thrown<file_format_error>([&] { parse_history(text, "h.json"); });
    EXPECT_TRUE(contains(m, "[penaltyflow.history_format] h.json")) << m;
    EXPECT_TRUE(contains(m, "malformed JSON")) << m;
    m = printable_thrown<file_format_error>([&] { profile::parse(text, "p.json"); });
    EXPECT_TRUE(contains(m, "[penaltyflow.profile_format] p.json")) << m;
    m = printable_thrown<file_format_error>([&] { discretion_benchmarks::parse(text, "b.json"); });
    EXPECT_TRUE(contains(m, "[penaltyflow.benchmark_format] b.json")) << m;
    m = printable_thrown<file_format_error>([&] { event_from_json(text, "<stdin>"); });
    EXPECT_TRUE(contains(m, "<stdin>")) << m;
    m = printable_thrown<file_format_error>([&] { checkpoint::parse(text, "cp.json"); });
    EXPECT_TRUE(contains(m, "cp.json: not JSON: ")) << m;
  }
  // The position: line 2, column 13 (the "t" of "tru" is at column 13).
  const auto m = printable_thrown<file_format_error>([] { parse_history("{\n  \"format\": tru\n}", "h.json"); });
  EXPECT_TRUE(contains(m, "h.json:2: malformed JSON at column ")) << m;
  EXPECT_TRUE(contains(m, "invalid literal")) << m;
  // Fields of the wrong type are named by their path, with JSON's type names, not C++'s.
  const auto w = printable_thrown<file_format_error>(
      [] { parse_history(R"({"format": "penaltyflow-case-history/1", "case_id": 5, "events": []})", "h.json"); });
  EXPECT_TRUE(contains(w, "case_id")) << w;
}

TEST(InputSafetyCli, MessagesShowNoControlCharacterAndNoLibraryWords) {
  scratch_file db("is_cli_msgs.db"), bad("is_cli_bad.json"), cal("is_cli_bad.csv");
  // The characters themselves, as /bin/sh makes them: SOH, ESC [2J, CR, LF, DEL, U+202E.
  const std::string c = "\"$(printf 'A\\001\\033[2J\\r\\nB\\177\\342\\200\\256')\"";
  ASSERT_EQ(run_cli("--db '" + db.path() + "' init").status, 0);
  for (const auto& args : {
           "deadline --period " + c + " --from 2024-01-01", "deadline --period decision --from " + c,
           "deadline --period decision --from 2024-01-01 --pause " + c,
           "deadline --period decision --from 2024-01-01 --extend " + c,
           "deadline --period decision --from 2024-01-01 --roll " + c, "deadline --peri" + c + "od decision",
           "deadline --period decision --from 2024-01-01 --calendar '" + cal.path() + "'", c,
           "replay '" + bad.path() + "'", "replay " + c, "--db '" + db.path() + "' show " + c,
           "--db '" + db.path() + "' export " + c, "--db '" + db.path() + "' append " + c + " --expected 0 --event '" +
           bad.path() + "'", "--db '" + db.path() + "' append C1 --expected " + c + " --event '" + bad.path() + "'",
           "--db '" + db.path() + "' append C1 --expected 0 --event '" + bad.path() + "'",
           "--db '" + db.path() + "' checkpoint --check '" + bad.path() + "'",
           "--db '" + db.path() + "' import '" + bad.path() + "'", "--db '" + db.path() + "' import --json '" +
           bad.path() + "'", "--db '" + db.path() + "' report --from 2023-01-01 --to 2023-12-31 --benchmarks '" +
           bad.path() + "'", "--db '" + db.path() + "' evaluate --sample " + c + " --seed 1"}) {
    for (const auto& content : {std::string("{\"events\": [\"A\x01\x1B[2J\"]"), std::string("{\"x\": 1e999}"),
                                      std::string("\x1B[2J\x07")}) {
      write_file(bad.path(), content);
      write_file(cal.path(), "date,status\n" + content + ",rest\n");
      SCOPED_TRACE(args + " with " + printable_text(content));
      const auto r = run_cli(args);
      EXPECT_TRUE(r.status == 1 || r.status == 2) << r.status;
      EXPECT_FALSE(r.err.empty());
      EXPECT_EQ(first_unprintable(r.err, true), "") << printable_text(r.err);
      // --json output carries the error in a JSON string: escaped there as JSON escapes it, and it says the same.
      if (!r.out.empty() && r.out[0] == '[') {
        for (const auto& entry : json::parse(r.out)) EXPECT_EQ(first_unprintable(entry.value("error", "")), "") << r.out;
      }
    }
  }
}
