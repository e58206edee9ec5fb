// `penaltyflow --db FILE report|evaluate`: the annual statistics and the case-file evaluation (oversight.hpp)
// from the shell, for supervisors (法制机构) and the yearly 法治政府建设情况报告.
#include "cli.hpp"
#include "commands.hpp"
#include "output_file.hpp"
#include "store_args.hpp"

#include <penaltyflow/oversight.hpp>
#include <penaltyflow/oversight_json.hpp>
#include <penaltyflow/sample_year.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>

namespace penaltyflow::cli {

namespace {

using nlohmann::json;

void write_output(const arg_parser& p, const std::string& text) {
  if (auto f = p.value("out")) {
    write_output_file(*f, text, command_inputs(p, {"benchmarks"}), "--out");
  } else {
    std::cout << text;
  }
}

}  // namespace

int cmd_report(const args_t& args) {
  const arg_parser p(args, with_common({{"from", true, false},
                                        {"to", true, false},
                                        {"format", true, false},
                                        {"benchmarks", true, false},
                                        {"out", true, false}}));
  if (!p.positional().empty()) throw usage_error("report takes no positional arguments");
  const std::string format = p.value("format").value_or(p.flag("json") ? "json" : "text");
  if (format != "text" && format != "json" && format != "markdown")
    throw usage_error("--format must be text, json or markdown");
  const auto [from, to] = required_window(p);
  store s = open_store(p, open_mode::read_only);
  std::optional<discretion_benchmarks> bench;
  if (auto f = p.value("benchmarks")) bench = discretion_benchmarks::load(*f);
  const auto st = compute_statistics(s, from, to, bench ? &*bench : nullptr);
  write_output(p, format == "json" ? to_json(st) + "\n" : format == "markdown" ? to_markdown(st) : to_text(st));
  return exit_ok;
}

int cmd_evaluate(const args_t& args) {
  const arg_parser p(args, with_common({{"from", true, false},
                                        {"to", true, false},
                                        {"sample", true, false},
                                        {"seed", true, false},
                                        {"case", true, false},
                                        {"out", true, false}}));
  if (!p.positional().empty()) throw usage_error("evaluate takes no positional arguments");
  store s = open_store(p, open_mode::read_only);
  evaluation_report rep;
  if (auto id = p.value("case")) {
    const auto h = s.history(*id);
    if (h.empty()) throw invalid_argument_error("no case \"" + *id + "\" in " + s.path());
    rep.evaluations.push_back(evaluate(h, s.flow()));
    rep.cases = 1;
    rep.cases_with_findings = rep.evaluations.front().findings.empty() ? 0 : 1;
    rep.by_problem = count_problems(rep.evaluations);
  } else {
    evaluation_scope scope;
    if (p.value("from") || p.value("to")) {
      const auto window = required_window(p);
      scope.concluded_from = window.from;
      scope.concluded_to = window.to;
    }
    if (auto n = p.value("sample")) scope.sample = static_cast<std::size_t>(parse_count(*n, "--sample"));
    if (auto n = p.value("seed")) scope.seed = static_cast<std::uint64_t>(parse_count(*n, "--seed"));
    rep = evaluate_store(s, scope);
  }
  if (p.flag("json")) {
    write_output(p, json_text(json::parse(to_json(rep))) + "\n");
    return exit_ok;
  }
  std::string out = "evaluated " + std::to_string(rep.cases) + " case files; " +
                    std::to_string(rep.cases_with_findings) + " with findings; " +
                    std::to_string(rep.by_problem.size()) + " problem types\n";
  for (const auto& c : rep.by_problem) {
    std::string title;
    for (const auto& i : evaluation_checks())
      if (i.id == c.check) title = std::string(i.title_zh) + " / " + std::string(i.title_en);
    out += "  " + c.check + "  " + title + ": " + std::to_string(c.findings) + " findings in " +
           std::to_string(c.cases) + " cases [" + c.rule_id + "]\n";
  }
  for (const auto& e : rep.evaluations)
    for (const auto& f : e.findings)
      out += e.case_id + " #" + std::to_string(f.case_seq) + "  " + f.check + "  " + f.rule_id + " (" + f.citation +
             ")  " + f.message_zh + " / " + f.message_en + "\n";
  write_output(p, out);
  return exit_ok;
}

int cmd_sample_year(const args_t& args) {
  const arg_parser p(args, with_common({{"seed", true, false},
                                        {"year", true, false},
                                        {"cases", true, false},
                                        {"manifest", true, false}}));
  if (!p.positional().empty()) throw usage_error("sample-year takes no positional arguments");
  sample_year_spec spec;
  if (auto v = p.value("seed")) spec.seed = parse_count(*v, "--seed");
  if (auto v = p.value("year")) {
    const auto y = parse_count(*v, "--year");
    if (y > 9999) throw usage_error("--year must be a year, not \"" + *v + "\"");
    spec.year = static_cast<int>(y);
  }
  if (auto v = p.value("cases")) spec = scaled_sample_year_spec(spec, static_cast<std::size_t>(parse_count(*v, "--cases")));
  // Everything that can be checked is checked before the store is created: the spec against the calendar, the
  // manifest against the command's inputs, and the manifest's folder (a file can be created there).
  const workflow wf = workflow_from(p);
  check_sample_year_spec(spec, wf.active_calendar());
  const std::string db = db_path();
  const auto manifest = p.value("manifest");
  if (manifest) {
    refuse_output_over_inputs(*manifest, command_inputs(p), "--manifest");
    check_output_folder(*manifest, "--manifest");
  }
  std::error_code ec;
  const bool created = !std::filesystem::exists(std::filesystem::symlink_status(db, ec)) && !ec;
  sample_year_manifest m;
  std::string path;
  try {
    store_options o;
    o.sync = durability::normal;  // a generated year is reproducible from its seed
    store s(db, wf, o);
    path = s.path();
    if (!s.case_ids().empty()) throw invalid_argument_error(s.path() + ": the sample year needs a new or empty store");
    m = generate_sample_year(s, spec);
    if (manifest) write_output_file(*manifest, m.to_json(), command_inputs(p), "--manifest");
  } catch (...) {
    // A store this command created goes with its failure; a store that was there stays (nothing was written to
    // it unless the generator failed mid-way, which it reports).
    if (created)
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(db + suffix, ec);
    throw;
  }
  if (p.flag("json")) {
    std::cout << m.to_json() << "\n";
  } else {
    std::cout << "sample year " << spec.year << " (seed " << spec.seed << "): " << m.expected.cases_concluded
              << " cases concluded, " << m.events << " events, " << m.expected_findings.size()
              << " planted findings, in " << db << "\n";
  }
  return exit_ok;
}

}  // namespace penaltyflow::cli
