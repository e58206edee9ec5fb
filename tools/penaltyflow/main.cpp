// penaltyflow — the operators' command-line tool.
#include "cli.hpp"
#include "commands.hpp"

#include <penaltyflow/error.hpp>
#include <penaltyflow/utf8.hpp>
#include <penaltyflow/version.hpp>

#include <iostream>
#include <new>

namespace cli = penaltyflow::cli;

namespace {

struct command {
  const char* name;
  int (*run)(const cli::args_t&);
  const char* usage;
  const char* summary;
};

// clang-format off
const command commands[] = {
  {"periods",  cli::cmd_periods,  "periods [--as-of DATE] [--json]",
   "list the statutory periods with their citations"},
  {"deadline", cli::cmd_deadline,
   "deadline --period ID --from DATE[THH:MM] [--pause FROM..TO[:REASON]]... [--extend N[:collective]]...\n"
   "                  [--calendar FILE]... [--no-builtin-calendar] [--provisional-ok]\n"
   "                  [--roll rest-days|official-holidays] [--json]",
   "compute a due date as the law counts it"},
  {"calendar", cli::cmd_calendar, "calendar [--calendar FILE]... [--no-builtin-calendar] [--json]",
   "show the working-day calendar in use: coverage, version, sources"},
  {"rules",    cli::cmd_rules,    "rules [--as-of DATE] [--json]",
   "list the catalogue of legal gates with citations and confidence tags"},
  {"replay",   cli::cmd_replay,   "replay FILE [--as-of DATE] [--profile FILE] [--provisional-ok] [--json]",
   "run a case history through the workflow: stage, refusals, deadlines, findings"},
  {"init",     cli::cmd_init,     "--db FILE init [--durability full|normal] [--profile FILE] [--json]",
   "create (or open and migrate) a record store"},
  {"import",   cli::cmd_import,   "--db FILE import HISTORY.json... [--recorded-at TIME] [--profile FILE] [--provisional-ok] [--json]",
   "append case histories to the store, all or nothing per file"},
  {"export",   cli::cmd_export,   "--db FILE export CASE [--out FILE]",
   "write a case's history in the case-history format"},
  {"append",   cli::cmd_append,
   "--db FILE append CASE --expected N --event FILE|- [--recorded-at TIME]\n"
   "                  [--document KIND:NUMBER:DATE[:SIGNER,...]|JSON]... [--profile FILE] [--provisional-ok] [--json]",
   "check one event with the workflow and record it, or show the refusal"},
  {"show",     cli::cmd_show,     "--db FILE show CASE [--as-of DATE] [--profile FILE] [--json]",
   "a case as of a day: stage, events, deadlines, findings"},
  {"due",      cli::cmd_due,      "--db FILE due --from DATE --to DATE [--as-of DATE] [--json]",
   "open deadlines falling in a window, across all cases"},
  {"verify",   cli::cmd_verify,   "--db FILE verify [--chain-only] [--profile FILE] [--json]",
   "recompute the hash chain, replay every case, check the projection"},
  {"checkpoint", cli::cmd_checkpoint, "--db FILE checkpoint [--out FILE] | --check FILE [--json]",
   "print the head hash and count, or check a saved checkpoint"},
  {"report",   cli::cmd_report,
   "--db FILE report --from DATE --to DATE [--format text|json|markdown] [--benchmarks FILE]\n"
   "                  [--out FILE] [--profile FILE]",
   "annual statistics of the cases concluded in a period (法治政府建设情况报告)"},
  {"evaluate", cli::cmd_evaluate,
   "--db FILE evaluate [--case ID | --from DATE --to DATE] [--sample N --seed S] [--out FILE] [--json]",
   "case-file evaluation (案卷评查): findings with rule, article and event, by problem type"},
  {"sample-year", cli::cmd_sample_year,
   "--db FILE sample-year [--seed N] [--year YYYY] [--cases N] [--manifest FILE] [--json]",
   "write a synthetic year of a city bureau with planted defects (docs/sample-year.md)"},
};
// clang-format on

void print_help(std::ostream& os) {
  os << "penaltyflow " << penaltyflow::version_string
     << " — lawful, on-time and auditable administrative-penalty case handling\n\n"
        "usage: penaltyflow [--db FILE] COMMAND [OPTIONS]\n\ncommands:\n";
  for (const auto& c : commands) os << "  " << c.name << std::string(12 - std::string(c.name).size(), ' ') << c.summary << '\n';
  os << "\n`penaltyflow COMMAND --help` shows a command's options. Exit status: 0 success, 1 input or data\n"
        "refused (message on stderr), 2 wrong command line.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  cli::global_options g;
  std::size_t i = 0;
  for (; i < args.size(); ++i) {
    if (args[i] == "--db") {
      if (i + 1 >= args.size()) {
        std::cerr << "penaltyflow: option --db needs a value\n";
        return cli::exit_usage;
      }
      g.db = args[++i];
    } else if (args[i].rfind("--db=", 0) == 0) {
      g.db = args[i].substr(5);
    } else if (args[i] == "--version") {
      std::cout << "penaltyflow " << penaltyflow::version_string << '\n';
      return cli::exit_ok;
    } else if (args[i] == "--help" || args[i] == "-h") {
      print_help(std::cout);
      return cli::exit_ok;
    } else {
      break;
    }
  }
  cli::set_globals(g);
  if (i >= args.size()) {
    print_help(std::cerr);
    return cli::exit_usage;
  }
  const std::string name = args[i];
  const cli::args_t rest(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
  for (const auto& c : commands) {
    if (name != c.name) continue;
    for (const auto& a : rest)
      if (a == "--help" || a == "-h") {
        std::cout << "usage: penaltyflow " << c.usage << "\n\n" << c.summary << '\n';
        return cli::exit_ok;
      }
    try {
      return c.run(rest);
    } catch (const cli::usage_error& e) {
      std::cerr << "penaltyflow " << c.name << ": " << e.message() << "\nusage: penaltyflow " << c.usage << '\n';
      return cli::exit_usage;
    } catch (const penaltyflow::error& e) {
      std::cerr << "penaltyflow " << c.name << ": error: " << e.what() << '\n';
      return cli::exit_failure;
    } catch (const std::bad_alloc&) {
      std::cerr << "penaltyflow " << c.name << ": error: out of memory\n";
      return cli::exit_failure;
    } catch (const std::exception& e) {
      // Not expected: the library and the commands throw only penaltyflow errors (docs/errors.md).
      std::cerr << "penaltyflow " << c.name << ": internal error: " << penaltyflow::printable_text(e.what())
                << '\n';
      return cli::exit_failure;
    }
  }
  std::cerr << "penaltyflow: unknown command \"" << penaltyflow::printable_text(name) << "\"\n\n";
  print_help(std::cerr);
  return cli::exit_usage;
}
