// `penaltyflow --db FILE ...`: the store commands run as an operator would, with JSON where a program reads it.
#include <penaltyflow/event_json.hpp>
#include <penaltyflow/store.hpp>

#include "support/builders.hpp"
#include "support/scratch_file.hpp"
#include "support/tamper.hpp"
#include "support/process.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using nlohmann::json;
using pf_test::at;
using pf_test::run_cli;
using pf_test::run_shell;
using pf_test::scratch_file;
using pf_test::slurp;
using pf_test::write_file;

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

/// A store with case C1 (a clue and the filing) and case C2 (a clue): 3 events in 2 cases.
void three_events_in_two_cases(const std::string& pf, const scratch_file& ev1, const scratch_file& ev2) {
  write_file(ev1.path(), penaltyflow::event_to_json(pf_test::clue(at("2024-03-04T09:00"))));
  write_file(ev2.path(), penaltyflow::event_to_json(pf_test::filed(at("2024-03-06T10:00"))));
  ASSERT_EQ(run_cli(pf + "append C1 --expected 0 --event " + ev1.path() + " --recorded-at 2024-03-04T09:05").status, 0);
  ASSERT_EQ(run_cli(pf + "append C1 --expected 1 --event " + ev2.path() + " --recorded-at 2024-03-06T10:05").status, 0);
  ASSERT_EQ(run_cli(pf + "append C2 --expected 0 --event " + ev1.path() + " --recorded-at 2024-03-04T09:06").status, 0);
}

// A refused append says why on stderr (as every refused input does), in Chinese and English with the rule id
// and citation; with --json the same refusal is also in the JSON on stdout.
TEST(StoreCli, RefusedAppendGivesItsReasonOnStderr) {
  scratch_file db("cli-refused.db"), ev1("refused-ev1.json"), bad("refused-bad.json");
  const std::string pf = "--db " + db.path() + " ";
  write_file(ev1.path(), penaltyflow::event_to_json(pf_test::clue(at("2024-03-04T09:00"))));
  auto bad_filing = pf_test::filed(at("2024-03-06T10:00"));
  bad_filing.conditions = 0;
  write_file(bad.path(), penaltyflow::event_to_json(bad_filing));
  ASSERT_EQ(run_cli(pf + "append C1 --expected 0 --event " + ev1.path()).status, 0);

  auto r = run_cli(pf + "append C1 --expected 1 --event " + bad.path() + " --json");
  EXPECT_EQ(r.status, 1);
  const auto refusal = json::parse(r.out)["refusals"][0];
  ASSERT_EQ(refusal["rule_id"], "R-FILING-CONDITIONS");
  const std::string citation = refusal["citation"];
  EXPECT_TRUE(has(citation, "第十九条")) << citation;
  EXPECT_TRUE(has(r.err, "R-FILING-CONDITIONS [" + citation + "]")) << r.err;

  r = run_cli(pf + "append C1 --expected 1 --event " + bad.path());
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_TRUE(has(r.err, "REFUSED case_filed in C1 (nothing written)")) << r.err;
  EXPECT_TRUE(has(r.err, "R-FILING-CONDITIONS [" + citation + "]")) << r.err;
  EXPECT_TRUE(has(r.err, refusal["message_zh"].get<std::string>())) << r.err;
  EXPECT_TRUE(has(r.err, refusal["message_en"].get<std::string>())) << r.err;
}

// A failed verify still reports how many events and cases the store holds.
TEST(StoreCli, FailedVerifyReportsTheEventAndCaseCounts) {
  scratch_file db("cli-tampered.db"), ev1("tampered-ev1.json"), ev2("tampered-ev2.json");
  const std::string pf = "--db " + db.path() + " ";
  three_events_in_two_cases(pf, ev1, ev2);
  {
    // A tamperer's edit: the append-only trigger dropped, a row changed, the trigger put back.
    SQLite::Database raw(db.path(), SQLite::OPEN_READWRITE);
    const std::string trigger =
        raw.execAndGet("SELECT sql FROM sqlite_master WHERE name = 'events_append_only_update'").getString();
    raw.exec("DROP TRIGGER events_append_only_update");
    raw.exec("UPDATE events SET actors = replace(actors, '张三', '王五') WHERE seq = 2");
    raw.exec(trigger);
  }
  for (const char* depth : {"", " --chain-only"}) {
    SCOPED_TRACE(depth);
    const auto r = run_cli(pf + "verify --json" + depth);
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    const auto rep = json::parse(r.out);
    EXPECT_FALSE(rep["ok"].get<bool>());
    EXPECT_EQ(rep["problem"]["seq"], 2);
    EXPECT_EQ(rep["events"], 3);
    EXPECT_EQ(rep["cases"], 2);
  }
}

// `checkpoint --check FILE --out FILE`: --out would be ignored, so the command line is wrong.
TEST(StoreCli, CheckpointOutWithCheckIsAUsageError) {
  scratch_file db("cli-cp.db"), cp("cli-cp.json"), out("cli-cp-out.json");
  const std::string pf = "--db " + db.path() + " ";
  ASSERT_EQ(run_cli(pf + "init").status, 0);
  ASSERT_EQ(run_cli(pf + "checkpoint --out " + cp.path()).status, 0);
  const auto r = run_cli(pf + "checkpoint --check " + cp.path() + " --out " + out.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "--out")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out.path()));
}

// `sample-year` checks its arguments and the manifest's folder before it creates the store, and removes a store
// it created when it fails; a store that was there stays.
TEST(StoreCli, SampleYearFailsBeforeWritingAndLeavesNothingBehind) {
  scratch_file db("cli-year-bad.db"), manifest("cli-year-bad.json");
  const std::string pf = "--db " + db.path() + " ";
  auto r = run_cli(pf + "sample-year --year 2030 --cases 20");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(has(r.err, "2030")) << r.err;
  EXPECT_TRUE(has(r.err, "is not covered by the calendar")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(db.path()));

  r = run_cli(pf + "sample-year --cases 20 --manifest /nonexistent-folder/manifest.json");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(has(r.err, "/nonexistent-folder/manifest.json")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(db.path()));

  r = run_cli(pf + "sample-year --cases 20 --manifest " + db.path());
  EXPECT_EQ(r.status, 1);  // refused as an input of the command (io_error), nothing created
  EXPECT_FALSE(std::filesystem::exists(db.path()));

  // An existing empty store stays, empty.
  ASSERT_EQ(run_cli(pf + "init").status, 0);
  r = run_cli(pf + "sample-year --year 2030 --cases 20");
  EXPECT_EQ(r.status, 1);
  ASSERT_TRUE(std::filesystem::exists(db.path()));
  r = run_cli(pf + "verify --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["events"], 0);

  r = run_cli(pf + "sample-year --cases 20 --manifest " + manifest.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json::parse(slurp(manifest.path()))["expected"]["cases_concluded"], 20);
  for (const auto& f : std::filesystem::directory_iterator(std::filesystem::path(manifest.path()).parent_path()))
    EXPECT_FALSE(has(f.path().string(), manifest.path() + ".tmp")) << f.path();  // no temporary file left
}

// A reversed window is a wrong command line, for `evaluate` as for `due` and `report`.
TEST(StoreCli, ReversedWindowIsAUsageError) {
  scratch_file db("cli-window.db");
  const std::string pf = "--db " + db.path() + " ";
  ASSERT_EQ(run_cli(pf + "init").status, 0);
  for (const char* cmd : {"evaluate", "report", "due"}) {
    SCOPED_TRACE(cmd);
    const auto r = run_cli(pf + cmd + " --from 2023-12-31 --to 2023-01-01");
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(has(r.err, "--to is before --from")) << r.err;
  }
  EXPECT_EQ(run_cli(pf + "evaluate --from 2023-12-31 --to 2023-12-31").status, 0);
}

// Every file the tool reads is bounded (max_input_bytes, 64 MiB): /dev/zero, a FIFO fed forever or standard
// input that never ends give an error naming the file instead of a read that never ends.
TEST(StoreCli, EndlessInputIsRefusedNamingTheFile) {
  scratch_file db("cli-endless.db"), cp("cli-endless-cp.json"), fifo("cli-endless.fifo");
  const std::string pf = "--db " + db.path() + " ";
  ASSERT_EQ(run_cli(pf + "init").status, 0);
  const std::string too_large = "is larger than 64 MiB, the limit for an input file";
  const std::string replay = "replay /dev/zero";
  for (const std::string& args :
       {replay, pf + "import /dev/zero", pf + "append C1 --expected 0 --event /dev/zero",
        pf + "checkpoint --check /dev/zero", pf + "show C1 --profile /dev/zero",
        pf + "report --from 2023-01-01 --to 2023-12-31 --benchmarks /dev/zero",
        std::string("deadline --period statement --from 2023-09-28 --calendar /dev/zero")}) {
    SCOPED_TRACE(args);
    const auto r = run_cli(args);
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(has(r.err, "'/dev/zero' " + too_large)) << r.err.substr(0, 500);
  }
  auto r = run_cli(pf + "append C1 --expected 0 --event - </dev/zero");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(has(r.err, "'<stdin>' " + too_large)) << r.err.substr(0, 500);
  ASSERT_EQ(::mkfifo(fifo.path().c_str(), 0600), 0);
  // A writer that never stops (it ends with SIGPIPE when the reader has gone).
  ASSERT_EQ(std::system(("(yes > '" + fifo.path() + "' 2>/dev/null &)").c_str()), 0);
  r = run_cli(pf + "import " + fifo.path());
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(has(r.err, "'" + fifo.path() + "' " + too_large)) << r.err.substr(0, 500);
  EXPECT_EQ(run_cli(pf + "verify --json").status, 0);
}

TEST(StoreCli, InitAppendShowDueVerifyCheckpoint) {
  scratch_file db("cli.db"), ev1("ev1.json"), ev2("ev2.json"), bad("bad.json"), cp("cp.json");
  const std::string pf = "--db " + db.path() + " ";
  ASSERT_EQ(run_cli(pf + "init --json").status, 0);
  write_file(ev1.path(), penaltyflow::event_to_json(pf_test::clue(at("2024-03-04T09:00"))));
  write_file(ev2.path(), penaltyflow::event_to_json(pf_test::filed(at("2024-03-06T10:00"))));
  auto bad_filing = pf_test::filed(at("2024-03-06T10:00"));
  bad_filing.conditions = 0;
  write_file(bad.path(), penaltyflow::event_to_json(bad_filing));

  auto r = run_cli(pf + "append C1 --expected 0 --event " + ev1.path() + " --recorded-at 2024-03-04T09:05 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["version"], 1);
  r = run_cli(pf + "append C1 --expected 1 --event " + bad.path() + " --json");
  EXPECT_EQ(r.status, 1);
  const auto refused = json::parse(r.out);
  EXPECT_FALSE(refused["accepted"].get<bool>());
  EXPECT_EQ(refused["refusals"][0]["rule_id"], "R-FILING-CONDITIONS");
  r = run_cli(pf + "append C1 --expected 0 --event " + ev2.path());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("[penaltyflow.conflict] case \"C1\" is at version 1"), std::string::npos) << r.err;
  r = run_cli(pf + "append C1 --expected 1 --event " + ev2.path() +
          " --recorded-at 2024-03-06T10:01 --document 立案审批表:市监立〔2024〕1号:2024-03-06:O1,O2,H1 --json");
  ASSERT_EQ(r.status, 0) << r.err;

  r = run_cli(pf + "show C1 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  auto show = json::parse(r.out);
  EXPECT_EQ(show["stage"], "investigation");
  EXPECT_EQ(show["events"].size(), 2u);
  r = run_cli(pf + "show C1 --as-of 2024-03-05 --json");
  show = json::parse(r.out);
  EXPECT_EQ(show["stage"], "intake");
  EXPECT_EQ(show["events"].size(), 1u);

  r = run_cli(pf + "due --from 2024-06-01 --to 2024-06-07 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto due = json::parse(r.out);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0]["case_id"], "C1");
  EXPECT_EQ(due[0]["period_id"], "decision");

  r = run_cli(pf + "verify --json");
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(json::parse(r.out)["ok"].get<bool>());
  ASSERT_EQ(run_cli(pf + "checkpoint --out " + cp.path()).status, 0);
  EXPECT_EQ(json::parse(slurp(cp.path()))["events"], 2);
  EXPECT_EQ(run_cli(pf + "checkpoint --check " + cp.path()).status, 0);

  scratch_file copy("cli-copy.db"), hist("c1.json");
  ASSERT_EQ(run_cli(pf + "export C1 --out " + hist.path()).status, 0);
  r = run_cli("--db " + copy.path() + " import " + hist.path() + " --recorded-at 2024-04-01T00:00 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)[0]["events_added"], 2);
  // The export carries each event's record: the copy has the document and the recording times.
  const auto exported = json::parse(slurp(hist.path()));
  EXPECT_EQ(exported["format"], "penaltyflow-case-history/3");
  EXPECT_EQ(exported["events"][1]["recorded_at"], "2024-03-06T10:01:00");
  EXPECT_EQ(exported["events"][1]["documents"][0]["number"], "市监立〔2024〕1号");
  scratch_file copy_hist("c1-copy.json");
  ASSERT_EQ(run_cli("--db " + copy.path() + " export C1 --out " + copy_hist.path()).status, 0);
  EXPECT_EQ(slurp(copy_hist.path()), slurp(hist.path()));

  // --document as a JSON object carries page counts and volumes; a bad one names the field.
  scratch_file ev3("cli-ev3.json");
  write_file(ev3.path(), penaltyflow::event_to_json(pf_test::inspection(at("2024-03-07T09:00"))));
  r = run_cli(pf + "append C1 --expected 2 --event " + ev3.path() + " --recorded-at 2024-03-07T10:00 --document '{\"kind\":\"现场笔录\",\"number\":\"\",\"date\":\"2024-03-07\",\"signatories\":[\"O1\",\"O2\"],\"pages\":4,\"signed_pages\":3}' --json");
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  scratch_file hist3("c1-3.json");
  ASSERT_EQ(run_cli(pf + "export C1 --out " + hist3.path()).status, 0);
  const auto doc = json::parse(slurp(hist3.path()))["events"][2]["documents"][0];
  EXPECT_EQ(doc["pages"], 4);
  EXPECT_EQ(doc["signed_pages"], 3);
  r = run_cli(pf + "append C1 --expected 3 --event " + ev3.path() + " --document '{\"kind\":\"k\",\"date\":\"2024-03-07\",\"signatories\":[]}'");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("--document"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("$.number: required field is missing"), std::string::npos) << r.err;

  EXPECT_EQ(run_cli("show C1").status, 2);  // no --db
  EXPECT_EQ(run_cli(pf + "show C9").status, 1);
}

// `due --as-of`: the deadlines every case had open on a past day, as `show --as-of` gives them for one case.
TEST(StoreCli, DueAsOfReplaysEveryCaseToThatDay) {
  scratch_file db("cli-due.db");
  const std::string pf = "--db " + db.path() + " ";
  const std::string history = std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories/ordinary-simple.json";
  ASSERT_EQ(run_cli(pf + "import " + history + " --recorded-at 2024-05-06T18:00").status, 0);

  // Today the case is archived: nothing is open.
  auto r = run_cli(pf + "due --from 2024-04-01 --to 2024-05-31 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(json::parse(r.out).empty()) << r.out;

  // On 2024-04-18 the decision was served the day before: payment (rolled out of the Labour Day block) and
  // publication were running.
  r = run_cli(pf + "due --from 2024-04-01 --to 2024-05-31 --as-of 2024-04-18 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto due = json::parse(r.out);
  ASSERT_EQ(due.size(), 2u) << r.out;
  EXPECT_EQ(due[0]["period_id"], "payment");
  EXPECT_EQ(due[0]["due"], "2024-05-06");
  EXPECT_EQ(due[0]["case_id"], "SY-2024-001");
  EXPECT_FALSE(due[0]["overdue"].get<bool>());
  EXPECT_EQ(due[1]["period_id"], "publication-gsxt");
  EXPECT_EQ(due[1]["due"], "2024-05-15");
  r = run_cli(pf + "due --from 2024-04-01 --to 2024-05-31 --as-of 2024-04-18");
  EXPECT_NE(r.out.find("2024-05-06  SY-2024-001  payment"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 deadlines"), std::string::npos) << r.out;

  // A window outside the deadlines, and a day before the case began.
  r = run_cli(pf + "due --from 2024-06-01 --to 2024-06-30 --as-of 2024-04-18 --json");
  EXPECT_TRUE(json::parse(r.out).empty()) << r.out;
  r = run_cli(pf + "due --from 2024-01-01 --to 2024-12-31 --as-of 2024-01-01 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(json::parse(r.out).empty()) << r.out;

  // A reversed window is a wrong command line.
  EXPECT_EQ(run_cli(pf + "due --from 2024-05-31 --to 2024-04-01").status, 2);
}

// `sample-year`, `evaluate` and `report`: the supervisors' commands (docs/oversight.md).
// Outputs never overwrite inputs: --out (and sample-year's --manifest) naming the store, its -wal, -shm or
// -journal, or another input of the command (also through a symbolic or a hard link) is refused, exit 1, nothing
// written; an ordinary --out is replaced whole through a temporary file, which does not stay behind.
TEST(StoreCli, OutputNeverOverwritesAnInput) {
  scratch_file db("cli_out.db"), link("cli_out_link.db"), hard("cli_out_hard.db"), bench("cli_out_bench.json"),
      report("cli_out_report.txt");
  const std::string pf = "--db " + db.path() + " ";
  ASSERT_EQ(run_cli(pf + "sample-year --seed 5 --cases 20").status, 0);
  std::filesystem::create_symlink(db.path(), link.path());
  std::filesystem::create_hard_link(db.path(), hard.path());
  write_file(bench.path(), slurp(std::string(PENALTYFLOW_SOURCE_DIR) + "/data/discretion/national.json"));
  const std::string store_before = slurp(db.path());
  const std::string bench_before = slurp(bench.path());
  const std::string year = "report --from 2023-01-01 --to 2023-12-31 ";
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"checkpoint --out " + db.path(), "is the store (--db)"},
      {"checkpoint --out " + db.path() + "-wal", "is the store's write-ahead log"},
      {"checkpoint --out " + db.path() + "-shm", "is the store's shared-memory index"},
      {"checkpoint --out " + db.path() + "-journal", "is the store's rollback journal"},
      {"checkpoint --out " + link.path(), "is the store (--db)"},
      {"checkpoint --out " + hard.path(), "is the store (--db)"},
      {"export " + std::string("SY-2023-0001 --out ") + db.path(), "is the store (--db)"},
      {year + "--out " + db.path(), "is the store (--db)"},
      {year + "--benchmarks " + bench.path() + " --out " + bench.path(), "is --benchmarks"},
      {"evaluate --sample 2 --out " + db.path() + "-wal", "is the store's write-ahead log"},
      {"sample-year --seed 5 --cases 20 --manifest " + db.path(), "is the store (--db)"},
  };
  for (const auto& [args, what] : refused) {
    const auto r = run_cli(pf + args);
    EXPECT_EQ(r.status, 1) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << args << "\n" << r.err;
    EXPECT_NE(r.err.find("an input of this command: refusing to write over it"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("拒绝覆盖"), std::string::npos) << r.err;
    EXPECT_TRUE(slurp(db.path()) == store_before) << args << ": the store changed";
    EXPECT_FALSE(std::filesystem::exists(db.path() + "-journal")) << args;
  }
  EXPECT_EQ(slurp(bench.path()), bench_before);
  const auto ok = run_cli(pf + "verify --json");
  EXPECT_EQ(ok.status, 0) << ok.err;

  // An ordinary output file is replaced whole, with the mode a new file gets, and no temporary file stays.
  write_file(report.path(), std::string(100'000, 'x'));
  auto r = run_cli(pf + year + "--out " + report.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(slurp(report.path()), run_cli(pf + year).out);
  EXPECT_EQ(std::filesystem::status(report.path()).permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::others_read);
  const std::string prefix = "." + std::filesystem::path(report.path()).filename().string() + ".tmp-";
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(report.path()).parent_path()))
    EXPECT_NE(e.path().filename().string().rfind(prefix, 0), 0u) << e.path();
  // A directory that cannot take the temporary file: the error names the output, the old file stays.
  r = run_cli(pf + year + "--out /proc/self/no-such-dir/report.txt");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--out /proc/self/no-such-dir/report.txt: cannot write"), std::string::npos) << r.err;
  // A device is written in place.
  EXPECT_EQ(run_cli(pf + year + "--out /dev/null").status, 0);
}

// An archived store on read-only media: here a folder (mode 0555) that the auditor cannot write. The tests run as
// root, whom file modes do not stop, so the auditor is `nobody`, through setpriv (util-linux). `verify`,
// `checkpoint` and `checkpoint --check` read the store without creating its -shm (SQLite's immutable mode), and so
// does the sqlite3 recipe (tools/verify-store.sh); a copy that left writes in a non-empty -wal is refused as an
// incomplete archive (immutable mode would ignore them), by both.
TEST(StoreCli, VerifyOnReadOnlyMedia) {
  if (::geteuid() != 0 || std::system("command -v setpriv >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "needs root and setpriv to run the auditor as another user";
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("pf_store_" + std::to_string(::getpid()) + "_archive");
  fs::remove_all(dir);
  const fs::path complete = dir / "complete", incomplete = dir / "incomplete";
  fs::create_directories(complete);
  fs::create_directories(incomplete);
  const std::string db = (complete / "bureau.pfstore").string(), cp = (dir / "cp.json").string();
  ASSERT_EQ(run_cli("--db " + db + " sample-year --seed 4 --cases 20").status, 0);
  ASSERT_EQ(run_cli("--db " + db + " checkpoint --out " + cp).status, 0);
  // The archive is the store file alone (the reading above left an empty -wal and a -shm beside it).
  ASSERT_EQ(fs::file_size(db + "-wal"), 0u);
  fs::remove(db + "-wal");
  fs::remove(db + "-shm");
  const std::string partial = (incomplete / "bureau.pfstore").string();
  {
    // A copy made while a writer had the store open: the last events are still in its -wal.
    scratch_file live("cli_live.db");
    penaltyflow::store s(live.path());
    ASSERT_TRUE(s.append("C1", 0, pf_test::clue(at("2024-03-04T09:00")), at("2024-03-04T09:05")).accepted);
    fs::copy_file(live.path(), partial);
    fs::copy_file(live.path() + "-wal", partial + "-wal");
    ASSERT_GT(fs::file_size(partial + "-wal"), 0u);
  }
  for (const auto& d : {dir, complete, incomplete}) fs::permissions(d, fs::perms(0755));
  for (const auto& d : {complete, incomplete}) fs::permissions(d, fs::perms(0555));
  const std::string auditor = std::string("setpriv --reuid=65534 --regid=65534 --clear-groups ");
  const std::string pf = auditor + "'" + PENALTYFLOW_CLI + "'";

  auto r = run_shell(pf + " " + "--db " + db + " verify --json");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(r.status == 0 && json::parse(r.out)["ok"].get<bool>()) << r.out;
  r = run_shell(pf + " " + "--db " + db + " verify --chain-only");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  r = run_shell(pf + " " + "--db " + db + " checkpoint --check " + cp);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  r = run_shell(pf + " " + "--db " + db + " checkpoint");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, slurp(cp));
  r = run_shell(auditor + "sh '" + PENALTYFLOW_VERIFY_RECIPE + "' " + db + " " + cp);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.rfind("OK ", 0), 0u) << r.out;
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(complete)) files.push_back(e.path().filename().string());
  EXPECT_EQ(files, std::vector<std::string>{"bureau.pfstore"});

  for (const std::string& args : {std::string(" verify"), " checkpoint --check " + cp}) {
    r = run_shell(pf + " " + "--db " + partial + args);
    EXPECT_EQ(r.status, 1) << args << r.out << r.err;
    EXPECT_NE(r.err.find("the archive is incomplete: " + partial + "-wal holds"), std::string::npos) << r.err;
  }
  r = run_shell(auditor + "sh '" + PENALTYFLOW_VERIFY_RECIPE + "' " + partial);
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("the archive is incomplete"), std::string::npos) << r.err;

  for (const auto& d : {complete, incomplete}) fs::permissions(d, fs::perms(0755));
  fs::remove_all(dir);
}

TEST(StoreCli, SampleYearEvaluateReport) {
  scratch_file db("cli_year.db"), manifest_file("cli_year.json");
  const std::string pf = "--db " + db.path() + " ";
  auto r = run_cli(pf + "sample-year --seed 3 --cases 200 --manifest " + manifest_file.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("sample year 2023 (seed 3): 200 cases concluded"), std::string::npos) << r.out;
  const auto manifest = json::parse(slurp(manifest_file.path()));
  EXPECT_EQ(manifest["expected"]["cases_concluded"], 200);
  // The store is not empty now: a second year with the same ids is refused, nothing written.
  r = run_cli(pf + "sample-year --seed 3 --cases 200");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("needs a new or empty store"), std::string::npos) << r.err;

  r = run_cli(pf + "evaluate --from 2023-01-01 --to 2023-12-31 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto ev = json::parse(r.out);
  EXPECT_EQ(ev["cases"], 200);
  EXPECT_EQ(ev["findings"].size(), manifest["expected_findings"].size());
  for (const auto& f : ev["findings"]) {
    EXPECT_FALSE(f["rule_id"].get<std::string>().empty());
    EXPECT_FALSE(f["citation"].get<std::string>().empty());
  }
  r = run_cli(pf + "evaluate --sample 20 --seed 9 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["cases"], 20);
  const auto planted = manifest["expected_findings"][0];
  r = run_cli(pf + "evaluate --case " + planted["case_id"].get<std::string>());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(planted["check"].get<std::string>()), std::string::npos) << r.out;
  EXPECT_EQ(run_cli(pf + "evaluate --case NO-SUCH-CASE").status, 1);
  EXPECT_EQ(run_cli(pf + "evaluate --from 2023-01-01").status, 2);  // --from without --to

  r = run_cli(pf + "report --from 2023-01-01 --to 2023-12-31 --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto st = json::parse(r.out);
  for (const char* key : {"cases_concluded", "legal_reviews", "collective_discussions", "lawsuits", "fines_fen",
                          "by_outcome", "by_procedure", "by_clue_source", "by_discretion"})
    EXPECT_EQ(st[key], manifest["expected"][key]) << key;
  EXPECT_EQ(st["head_appearance_of_lawsuits"]["denominator"], manifest["expected"]["lawsuits"]);
  r = run_cli(pf + "report --from 2023-01-01 --to 2023-12-31 --format markdown --benchmarks " + PENALTYFLOW_SOURCE_DIR +
          "/data/discretion/national.json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("## Decision days against the 90-day limit"), std::string::npos);
  EXPECT_EQ(run_cli(pf + "report --from 2023-01-01 --to 2023-12-31 --format pdf").status, 2);
  r = run_cli(pf + "report --from 2023-01-01 --to 2023-12-31 --benchmarks /nonexistent.json");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("cannot open discretion benchmarks '/nonexistent.json'"), std::string::npos) << r.err;
}

// `replay FILE --as-of DATE` answers as `show CASE --as-of DATE` does for the same case in a store: only the events
// up to that day; a day before the case's first event is an error for both.
TEST(StoreCli, ReplayAsOfAnswersAsShowAsOf) {
  scratch_file db("cli-replay-asof.db");
  const std::string pf = "--db " + db.path() + " ";
  const std::string history = std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories/ordinary-simple.json";
  ASSERT_EQ(run_cli(pf + "import " + history + " --recorded-at 2024-05-06T18:00").status, 0);
  for (const char* day : {"2024-03-01", "2024-03-06", "2024-04-18", "2024-05-06", "2024-12-31"}) {
    SCOPED_TRACE(day);
    auto r = run_cli("replay " + history + " --as-of " + day + " --json");
    ASSERT_EQ(r.status, 0) << r.err;
    const auto replayed = json::parse(r.out);
    r = run_cli(pf + "show SY-2024-001 --as-of " + day + " --json");
    ASSERT_EQ(r.status, 0) << r.err;
    const auto shown = json::parse(r.out);
    EXPECT_EQ(replayed["stage"], shown["stage"]);
    EXPECT_EQ(replayed["replayed"], shown["version"]);
    EXPECT_EQ(replayed["accepted"], shown["version"]);
    EXPECT_EQ(replayed["events"], 13);
    ASSERT_EQ(replayed["deadlines"].size(), shown["deadlines"].size());
    for (std::size_t i = 0; i < shown["deadlines"].size(); ++i) {
      EXPECT_EQ(replayed["deadlines"][i]["period_id"], shown["deadlines"][i]["period_id"]);
      EXPECT_EQ(replayed["deadlines"][i]["due"], shown["deadlines"][i]["due"]);
      EXPECT_EQ(replayed["deadlines"][i]["overdue"], shown["deadlines"][i]["overdue"]);
    }
    ASSERT_EQ(replayed["findings"].size(), shown["findings"].size());
  }
  // On 2024-03-06 the case had just been filed: investigating, the decision period running.
  auto r = run_cli("replay " + history + " --as-of 2024-03-06");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "13 events, 2 up to 2024-03-06, 2 accepted, 0 refused")) << r.out;
  EXPECT_TRUE(has(r.out, "stage: investigation")) << r.out;
  // The day before the clue.
  r = run_cli("replay " + history + " --as-of 2024-02-29");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(has(r.err, "--as-of 2024-02-29 is before the case's first event (2024-03-01)")) << r.err;
  r = run_cli(pf + "show SY-2024-001 --as-of 2024-02-29");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(has(r.err, "as-of 2024-02-29 is before its first event (2024-03-01)")) << r.err;
}

}  // namespace

namespace {

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

}  // namespace

// A history past the calendar's coverage (the ordinary example moved to 2027): refused without the opt-in; with it,
// stored, and `show`, `due` (text and JSON) and `verify` print the mark of every judgment on a provisional date.
TEST(StoreCli, ProvisionalDatesAreRefusedUnlessAcceptedAndThenMarked) {
  scratch_file db("prov.db"), hist("prov.json");
  const std::string pf = "--db " + db.path() + " ";
  write_file(hist.path(), replaced(replaced(slurp(std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories/ordinary-simple.json"),
                                       "2024-", "2027-"),
                              "2026-12-31", "2029-12-31"));
  auto r = run_cli(pf + "import " + hist.path() + " --recorded-at 2027-12-01T09:00");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("R-CALENDAR-PROVISIONAL (全国年节及纪念日放假办法 (2024) 第二条"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
  r = run_cli(pf + "import " + hist.path() + " --recorded-at 2027-12-01T09:00 --provisional-ok");
  ASSERT_EQ(r.status, 0) << r.err;

  r = run_cli(pf + "show SY-2027-001");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("#8 2027-04-16T09:00:00 decision PROVISIONAL (accepted on days from 2027-04-09"), std::string::npos)
      << r.out;
  r = run_cli(pf + "show SY-2027-001 --as-of 2027-04-10 --json");
  const auto show = json::parse(r.out);
  ASSERT_FALSE(show["deadlines"].empty());
  for (const auto& d : show["deadlines"]) EXPECT_TRUE(d["provisional"].get<bool>()) << d.dump();
  EXPECT_TRUE(show["events"][1]["provisional"].get<bool>());
  EXPECT_EQ(show["events"][1]["provisional_from"], "2027-03-02");
  EXPECT_FALSE(show["events"][0]["provisional"].get<bool>());

  r = run_cli(pf + "due --from 2027-01-01 --to 2028-12-31 --as-of 2027-04-10");
  EXPECT_NE(r.out.find("2027-04-15  SY-2027-001  statement  陈述、申辩 [程序规定 (2022) 第五十七条] PROVISIONAL"),
            std::string::npos)
      << r.out;
  r = run_cli(pf + "due --from 2027-01-01 --to 2028-12-31 --as-of 2027-04-10 --json");
  const auto due = json::parse(r.out);
  ASSERT_EQ(due.size(), 2u);
  for (const auto& d : due) EXPECT_TRUE(d["provisional"].get<bool>()) << d.dump();

  // `replay` of the same file names the same events for the same marks, in JSON and text.
  r = run_cli(pf + "show SY-2027-001 --json");
  const auto shown = json::parse(r.out)["provisional_acceptances"];
  ASSERT_FALSE(shown.empty());
  r = run_cli("replay " + hist.path() + " --provisional-ok --json");
  EXPECT_EQ(json::parse(r.out)["provisional_acceptances"], shown);
  EXPECT_NE(shown.dump().find("{\"case_seq\":8,\"provisional_from\":\"2027-04-09\"}"), std::string::npos) << shown;
  r = run_cli("replay " + hist.path() + " --provisional-ok");
  EXPECT_TRUE(has(r.out, "PROVISIONAL: event 8 was accepted on days from 2027-04-09")) << r.out;

  r = run_cli(pf + "verify");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("note: PROVISIONAL: 6 events were accepted on dates past the calendar's coverage"),
            std::string::npos)
      << r.out;
}

// Events are numbered from 1 everywhere (docs/json.md): `replay`'s "#N" and `case_seq`, `import`'s "event N" and
// `show`'s "#N" name the same event. A replay numbers by the place in the file, refused events included, also
// for the events it accepted on provisional dates.
TEST(StoreCli, EventsAreNumberedFromOneInReplayImportAndShow) {
  const std::string refused_file = std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories/early-decision-refused.json";
  // The file's 8th event is the early decision of 2024-04-12.
  const auto file = json::parse(slurp(refused_file));
  ASSERT_EQ(file["events"][7]["type"], "decision");
  ASSERT_EQ(file["events"][7]["at"], "2024-04-12T09:00");
  auto r = run_cli("replay " + refused_file);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "  #8 decision at 2024-04-12T09:00:00\n")) << r.out;
  r = run_cli("replay " + refused_file + " --json");
  const auto replayed = json::parse(r.out);
  ASSERT_EQ(replayed["refused"].size(), 1u);
  EXPECT_EQ(replayed["refused"][0]["case_seq"], 8);
  EXPECT_EQ(replayed["refused"][0]["at"], "2024-04-12T09:00:00");
  // A finding names the late event by the same number: the 10th, decision_served.
  ASSERT_EQ(replayed["findings"].size(), 1u);
  EXPECT_EQ(replayed["findings"][0]["case_seq"], 10);
  EXPECT_EQ(file["events"][9]["type"], "decision_served");

  scratch_file db("numbering.db"), shifted_file("numbering-2027.json");
  r = run_cli("--db " + db.path() + " import " + refused_file + " --recorded-at 2024-12-31T18:00");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(has(r.err, "event 8 (decision, 2024-04-12T09:00")) << r.err;

  // Past the coverage, with the opt-in: the early decision is still refused, the later events are accepted on
  // provisional dates and named by their place in the file.
  write_file(shifted_file.path(), replaced(replaced(slurp(refused_file), "2024-", "2027-"), "2026-12-31", "2029-12-31"));
  r = run_cli("replay " + shifted_file.path() + " --provisional-ok --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto later = json::parse(r.out);
  ASSERT_EQ(later["refused"].size(), 1u);
  EXPECT_EQ(later["refused"][0]["case_seq"], 8);
  const auto& marked = later["provisional_acceptances"];
  ASSERT_FALSE(marked.empty()) << r.out;
  bool after_the_refused = false;
  r = run_cli("replay " + shifted_file.path() + " --provisional-ok");
  for (const auto& a : marked) {
    const int n = a["case_seq"];
    EXPECT_NE(n, 8) << "the refused event is not an accepted one";
    after_the_refused = after_the_refused || n > 8;
    EXPECT_TRUE(has(r.out, "PROVISIONAL: event " + std::to_string(n) + " was accepted on days from " +
                               a["provisional_from"].get<std::string>()))
        << r.out;
  }
  EXPECT_TRUE(after_the_refused) << marked.dump();
  EXPECT_EQ(marked.back()["case_seq"], 10);  // the last event of the file, decision_served
}

// `show` and `due` print a case's execution items as `replay` does (R-EXEC-ITEMS), from the same mapping.
TEST(StoreCli, ShowAndDuePrintTheExecutionItemsAsReplayDoes) {
  scratch_file db("cli-execution.db");
  const std::string pf = "--db " + db.path() + " ";
  const std::string history = std::string(PENALTYFLOW_SOURCE_DIR) + "/examples/histories/ordinary-simple.json";
  ASSERT_EQ(run_cli(pf + "import " + history + " --recorded-at 2024-05-06T18:00").status, 0);
  // 2024-04-18: the decision (a fine of 5,000 yuan) was served the day before, nothing paid yet.
  const auto replayed = json::parse(run_cli("replay " + history + " --as-of 2024-04-18 --json").out);
  const json fine = {{"item", "fine"}, {"due_fen", 500000}, {"paid_fen", 0}, {"outstanding_fen", 500000}};
  ASSERT_EQ(replayed["execution"], json::array({fine}));
  auto r = run_cli(pf + "show SY-2024-001 --as-of 2024-04-18 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto shown = json::parse(r.out);
  EXPECT_EQ(shown["execution"], replayed["execution"]);
  EXPECT_EQ(shown["executed"], replayed["executed"]);
  EXPECT_TRUE(shown["executed"].is_null());
  const std::string line = "fine due 5000.00元, paid 0.00元, outstanding 5000.00元\n";
  EXPECT_TRUE(has(run_cli("replay " + history + " --as-of 2024-04-18").out, "execution: outstanding\n  " + line));
  r = run_cli(pf + "show SY-2024-001 --as-of 2024-04-18");
  EXPECT_TRUE(has(r.out, "  execution: outstanding\n    " + line)) << r.out;

  r = run_cli(pf + "due --from 2024-04-01 --to 2024-05-31 --as-of 2024-04-18 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto due = json::parse(r.out);
  ASSERT_EQ(due.size(), 2u);
  for (const auto& d : due) EXPECT_EQ(d["execution"], replayed["execution"]) << d.dump();
  r = run_cli(pf + "due --from 2024-04-01 --to 2024-05-31 --as-of 2024-04-18");
  EXPECT_TRUE(has(r.out, "2 deadlines\nSY-2024-001 execution: outstanding\n  " + line)) << r.out;

  // Today the fine is paid and the case archived: executed, as replay says.
  const auto now = json::parse(run_cli("replay " + history + " --json").out);
  const auto today = json::parse(run_cli(pf + "show SY-2024-001 --json").out);
  ASSERT_FALSE(now["executed"].is_null());
  EXPECT_EQ(today["executed"], now["executed"]);
  EXPECT_EQ(today["execution"], now["execution"]);
  EXPECT_EQ(today["execution"][0]["outstanding_fen"], 0);
  EXPECT_TRUE(has(run_cli(pf + "show SY-2024-001").out, "  execution: executed " + now["executed"].get<std::string>()));
}
