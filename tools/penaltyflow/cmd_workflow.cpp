// `penaltyflow rules` and `penaltyflow replay`: the workflow from the shell.
#include "cli.hpp"
#include "commands.hpp"
#include "model_output.hpp"

#include <penaltyflow/error.hpp>
#include <penaltyflow/execution.hpp>
#include <penaltyflow/history.hpp>
#include <penaltyflow/rules.hpp>
#include <penaltyflow/workflow.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

namespace penaltyflow::cli {

using nlohmann::json;

int cmd_rules(const args_t& args) {
  const arg_parser p(args, {{"json", false, false}, {"as-of", true, false}});
  if (!p.positional().empty()) throw usage_error("unexpected argument '" + p.positional().front() + "'");
  // --as-of DATE: only the rules whose text is in force that day (a gate judges by the day of the event).
  std::optional<date> as_of;
  if (auto v = p.value("as-of")) as_of = parse_date(*v, "--as-of");
  std::vector<const rule_definition*> listed;
  for (const auto& r : rule_catalogue::national().all())
    if (!as_of || r.effective.covers(*as_of)) listed.push_back(&r);
  if (p.flag("json")) {
    json a = json::array();
    for (const auto* r : listed) a.push_back(as_json(*r));
    std::cout << json_text(json{{"rules", a}}) << '\n';
    return exit_ok;
  }
  for (const auto* rp : listed) {
    const auto& r = *rp;
    std::cout << r.id << " [" << to_string(r.tag) << "] " << r.title_zh << " / " << r.title_en << "\n    "
              << r.citation_text() << "\n";
    if (r.effective.from || r.effective.until)
      std::cout << "    in force" << (r.effective.from ? " from " + to_iso(*r.effective.from) : std::string())
                << (r.effective.until ? " until " + to_iso(*r.effective.until) : std::string()) << "\n";
    if (!r.profile_values.empty()) std::cout << "    profile values: " << r.profile_values << "\n";
    if (!r.applies_to.empty() && r.applies_to.size() < event_type_count) {
      std::cout << "    gates:";
      for (auto t : r.applies_to) std::cout << ' ' << to_string(t);
      std::cout << "\n";
    } else if (r.gate) {
      std::cout << "    gates: every event\n";
    }
    if (r.findings) std::cout << "    records findings for missed deadlines\n";
  }
  return exit_ok;
}

int cmd_replay(const args_t& args) {
  const arg_parser p(args, {{"json", false, false}, {"as-of", true, false}, {"profile", true, false},
                            {"provisional-ok", false, false}});
  if (p.positional().size() != 1) throw usage_error("expected one case-history FILE");
  const case_history h = load_history(p.positional().front());
  const profile prof = p.value("profile") ? profile::load(*p.value("profile")) : profile::national();
  if (h.profile != prof.id) {
    std::cerr << "penaltyflow replay: warning: the history was written for profile '" << h.profile
              << "', replaying with '" << prof.id << "'\n";
  }
  const workflow wf(prof, calendar::national());
  const auto given = p.value("as-of");
  const date as_of = given ? parse_date(*given, "--as-of")
                           : (h.events.empty() ? date(boost::gregorian::not_a_date_time) : h.events.back().day());
  if (as_of.is_special()) throw usage_error("an empty history needs --as-of");
  // Time travel, as `show --as-of` does it: only the events that happened up to the end of that day.
  if (!h.events.empty() && as_of < h.events.front().day())
    throw invalid_argument_error("--as-of " + to_iso(as_of) + " is before the case's first event (" +
                                 to_iso(h.events.front().day()) + ")");
  std::vector<event> upto;
  for (const auto& e : h.events) {
    if (e.day() > as_of) break;
    upto.push_back(e);
  }
  const replay_result r = wf.replay(
      h.case_id, upto, p.flag("provisional-ok") ? coverage_policy::provisional_ok : coverage_policy::strict);
  const auto deadlines = wf.deadlines(r.record, as_of);
  // Findings and provisional acceptances name their event by its position in the file, as the refused events do.
  const auto findings = in_input_positions(r, wf.findings(r.record, as_of));
  const auto accepted_provisionally = in_input_positions(r, r.record.facts().provisional_acceptances);
  const auto items = execution::items_of(r.record.facts());
  const auto& executed = r.record.facts().executed;

  if (p.flag("json")) {
    std::cout << json_text(json{{"case_id", h.case_id},
                                {"profile", prof.id},
                                {"as_of", to_iso(as_of)},
                                {"stage", std::string(r.record.stage())},
                                {"remedy", std::string(r.record.facts().remedy)},
                                {"events", h.events.size()},
                                {"replayed", upto.size()},
                                {"accepted", r.record.events().size()},
                                {"refused", as_json_list(r.refused)},
                                {"executed", executed ? json(to_iso(*executed)) : json()},
                                {"execution", as_json_list(items)},
                                {"deadlines", as_json_list(deadlines)},
                                {"findings", as_json_list(findings)},
                                {"provisional_acceptances", as_json_list(accepted_provisionally)}})
              << '\n';
    return exit_ok;
  }

  std::cout << "case " << h.case_id;
  if (!h.title.empty()) std::cout << " — " << h.title;
  std::cout << "\nprofile " << prof.id << ", " << h.events.size() << " events, ";
  if (upto.size() < h.events.size()) std::cout << upto.size() << " up to " << to_iso(as_of) << ", ";
  std::cout << r.record.events().size() << " accepted, " << r.refused.size() << " refused\n"
            << "stage: " << r.record.stage() << "\n"
            << "remedy track: " << r.record.facts().remedy << "\n";
  std::cout << "refused events:" << (r.refused.empty() ? " none\n" : "\n");
  for (const auto& x : r.refused) {
    std::cout << "  #" << x.index + 1 << " " << to_string(x.ev.type) << " at " << to_iso(x.ev.at) << "\n";
    for (const auto& y : x.refusals) print_refusal(std::cout, y);
  }
  print_execution(std::cout, items, executed);
  std::cout << "open deadlines as of " << to_iso(as_of) << ":" << (deadlines.empty() ? " none\n" : "\n");
  for (const auto& d : deadlines) {
    std::cout << "  " << d.period_id << (d.subject.empty() ? "" : " (" + d.subject + ")") << " due " << to_iso(d.due)
              << (d.overdue ? " OVERDUE" : "") << (d.obligation ? "" : " (party's period or minimum notice)")
              << (d.provisional ? " provisional" : "") << " — " << d.title_zh << " / " << d.title_en << " ["
              << d.rule_id << "]\n";
  }
  std::cout << "findings:" << (findings.empty() ? " none\n" : "\n");
  for (const auto& f : findings) {
    std::cout << "  " << f.rule_id << " " << f.citation << (f.provisional ? " PROVISIONAL" : "") << "\n      "
              << f.message_zh << "\n      " << f.message_en << "\n";
  }
  for (const auto& a : accepted_provisionally) {
    std::cout << "PROVISIONAL: event " << a.event_index + 1 << " was accepted on days from "
              << to_iso(a.first_assumed_day) << " on, past the calendar's coverage [R-CALENDAR-PROVISIONAL]\n";
  }
  return exit_ok;
}

}  // namespace penaltyflow::cli
