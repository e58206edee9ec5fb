// `penaltyflow --db FILE init|import|export|append|show|due|verify|checkpoint`: the record store from the shell.
// The CLI is where the clock may be read: `--recorded-at` defaults to the current time in China (UTC+8).
#include "cli.hpp"
#include "commands.hpp"
#include "model_output.hpp"
#include "output_file.hpp"
#include "store_args.hpp"

#include <penaltyflow/error.hpp>
#include <penaltyflow/event_json.hpp>
#include <penaltyflow/input_file.hpp>
#include <penaltyflow/profile.hpp>
#include <penaltyflow/store.hpp>
#include <penaltyflow/store_json.hpp>
#include <penaltyflow/utf8.hpp>

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string_view>

namespace penaltyflow::cli {

namespace {

using nlohmann::json;

/// A file the command reads, "-" for standard input; bounded by max_input_bytes (input_file.hpp).
std::string read_file_or_stdin(const std::string& path, std::string_view what) {
  return path == "-" ? read_input(std::cin, "<stdin>", what) : read_input_file(path, what);
}

instant recorded_at(const arg_parser& p) {
  if (auto t = p.value("recorded-at")) return parse_instant(*t, "--recorded-at");
  // The one place the clock is read: the CLI records when it recorded (China Standard Time, UTC+8).
  return boost::posix_time::second_clock::universal_time() + boost::posix_time::hours(8);
}

coverage_policy coverage_of(const arg_parser& p) {
  return p.flag("provisional-ok") ? coverage_policy::provisional_ok : coverage_policy::strict;
}

/// " PROVISIONAL", the mark of a date past the calendar's coverage in text output.
const char* mark(bool provisional) { return provisional ? " PROVISIONAL" : ""; }

void print_report(const verify_report& r, bool json_output) {
  if (json_output) {
    std::cout << json_text(as_json(r)) << '\n';
    return;
  }
  if (r.ok) {
    std::cout << "OK: " << r.events << " events in " << r.cases << " cases, head " << r.head_hash << '\n';
  } else {
    std::cout << "FAILED at event " << r.problem->seq;
    if (!r.problem->case_id.empty()) std::cout << " (case " << r.problem->case_id << " #" << r.problem->case_seq << ")";
    std::cout << ": " << r.problem->what << '\n';
  }
  for (const auto& n : r.notes) std::cout << "note: " << n << '\n';
}

/// `--document`: KIND:NUMBER:DATE[:SIGNATORY,SIGNATORY...], or the document as a JSON object (which can also
/// carry pages, signed_pages and volume).
document parse_document(const std::string& text) {
  if (!text.empty() && text.front() == '{') return parse_document_json(text, "--document");
  std::vector<std::string> parts;
  std::string cur;
  for (char c : text) {
    if (c == ':' && parts.size() < 3) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  parts.push_back(cur);
  if (parts.size() < 3) throw usage_error("--document \"" + text + "\" is not KIND:NUMBER:DATE[:SIGNER,...] or a JSON object");
  document d;
  d.kind = parts[0];
  d.number = parts[1];
  d.issued = parse_date(parts[2], "--document date");
  if (parts.size() == 4) {
    std::istringstream s(parts[3]);
    for (std::string who; std::getline(s, who, ',');)
      if (!who.empty()) d.signatories.push_back(who);
  }
  return d;
}

}  // namespace

int cmd_init(const args_t& args) {
  const arg_parser p(args, with_common({{"durability", true, false}}));
  if (!p.positional().empty()) throw usage_error("init takes no arguments");
  store s = open_store(p);
  const json out = {{"db", s.path()},
                    {"schema_version", store_schema_version},
                    {"calendar_version", s.calendar_version()},
                    {"profile_version", s.profile_version()},
                    {"events", s.make_checkpoint().count}};
  if (p.flag("json")) std::cout << json_text(out) << '\n';
  else std::cout << "store " << s.path() << " ready (schema " << store_schema_version << ", "
                 << out["events"].get<std::uint64_t>() << " events)\n";
  return exit_ok;
}

int cmd_append(const args_t& args) {
  const arg_parser p(args, with_common({{"expected", true, false},
                                        {"event", true, false},
                                        {"recorded-at", true, false},
                                        {"document", true, true},
                                        {"durability", true, false},
                                        {"provisional-ok", false, false}}));
  if (p.positional().size() != 1) throw usage_error("append needs exactly one CASE");
  const std::string case_id = p.positional()[0];
  const std::string source = p.required("event");
  const event ev = event_from_json(read_file_or_stdin(source, "event"), source == "-" ? "<stdin>" : source);
  std::vector<document> docs;
  for (const auto& d : p.values("document")) docs.push_back(parse_document(d));
  store s = open_store(p);
  const auto r = s.append(case_id, parse_count(p.required("expected"), "--expected"), ev, recorded_at(p), docs,
                          coverage_of(p));
  const json out = as_json(r, std::string_view(case_id));
  if (p.flag("json")) std::cout << json_text(out) << '\n';
  if (r.accepted) {
    if (!p.flag("json")) {
      std::cout << "appended " << to_string(ev.type) << " to " << case_id << ": version " << r.version << ", event "
                << r.seq << ", hash " << r.hash << '\n';
      if (r.first_assumed_day)
        std::cout << "PROVISIONAL: judged on days from " << to_iso(*r.first_assumed_day)
                  << " on, past the calendar's coverage (statutory holidays only, no 调休) [R-CALENDAR-PROVISIONAL]\n";
    }
    return exit_ok;
  }
  // The reason for a refusal goes to stderr, as for every refused input (with --json also in the JSON on stdout).
  std::cerr << "penaltyflow append: REFUSED " << to_string(ev.type) << " in " << case_id << " (nothing written):\n";
  for (const auto& x : r.refusals)
    std::cerr << "  " << x.rule_id << " [" << x.citation << "] " << x.message_zh << " / " << x.message_en << '\n';
  return exit_failure;
}

int cmd_show(const args_t& args) {
  const arg_parser p(args, with_common({{"as-of", true, false}}));
  if (p.positional().size() != 1) throw usage_error("show needs exactly one CASE");
  const std::string case_id = p.positional()[0];
  store s = open_store(p, open_mode::read_only);
  const auto hist = s.history(case_id);
  if (hist.empty()) throw invalid_argument_error("case \"" + case_id + "\": no such case in " + s.path());
  const date as_of = p.value("as-of") ? parse_date(*p.value("as-of"), "--as-of") : hist.back().ev.day();
  const auto st = s.state_as_of(case_id, as_of);
  // Each stored event up to `as_of` (store_json.hpp), with the mark of an acceptance on a provisional date.
  json events = json::array();
  for (const auto& e : hist) {
    if (e.case_seq > st.events) break;
    json j = as_json(e);
    j["provisional"] = false;
    j["provisional_from"] = nullptr;
    for (const auto& a : st.provisional_acceptances) {
      if (a.event_index + 1 != e.case_seq) continue;
      j["provisional"] = true;
      j["provisional_from"] = to_iso(a.first_assumed_day);
    }
    events.push_back(std::move(j));
  }
  if (p.flag("json")) {
    json out = as_json(st);
    out["events"] = std::move(events);
    std::cout << json_text(out) << '\n';
    return exit_ok;
  }
  std::cout << "case " << case_id << " as of " << to_iso(as_of) << ": stage " << st.stage << ", " << st.events
            << " of " << hist.size() << " events\n";
  for (const auto& e : events) {
    std::cout << "  #" << e["case_seq"].get<std::uint64_t>() << " " << e["event"]["at"].get<std::string>() << " "
              << e["event"]["type"].get<std::string>();
    if (e["provisional"].get<bool>())
      std::cout << " PROVISIONAL (accepted on days from " << e["provisional_from"].get<std::string>()
                << ", past the calendar's coverage)";
    std::cout << '\n';
  }
  print_execution(std::cout, st.execution, st.executed, "  ");
  for (const auto& d : st.deadlines)
    std::cout << "  due " << to_iso(d.due) << (d.overdue ? " OVERDUE " : " ") << d.period_id << " " << d.title_zh
              << " [" << d.citation << "]" << mark(d.provisional) << "\n";
  for (const auto& f : st.findings)
    std::cout << "  finding " << f.rule_id << ": " << f.message_en << mark(f.provisional) << '\n';
  return exit_ok;
}

// The open deadlines of every case as they stood at the end of `as_of` (time travel: each case replayed up to
// that day), those due in [from, to], by due day and case. Cost: a replay of every case that began by `as_of`.
std::vector<due_item> due_as_of(const store& s, date from, date to, date as_of) {
  std::vector<due_item> items;
  for (const auto& id : s.case_ids()) {
    case_state st;
    try {
      st = s.state_as_of(id, as_of);
    } catch (const invalid_argument_error&) {
      continue;  // the case began after `as_of`
    }
    if (st.events == 0) continue;
    for (auto& d : st.deadlines)
      if (from <= d.due && d.due <= to) items.push_back({id, st.stage, std::move(d)});
  }
  std::stable_sort(items.begin(), items.end(), [](const due_item& a, const due_item& b) {
    return a.deadline.due != b.deadline.due ? a.deadline.due < b.deadline.due : a.case_id < b.case_id;
  });
  return items;
}

int cmd_due(const args_t& args) {
  const arg_parser p(args, with_common({{"from", true, false}, {"to", true, false}, {"as-of", true, false}}));
  if (!p.positional().empty()) throw usage_error("due takes no positional arguments");
  store s = open_store(p, open_mode::read_only);
  const auto [from, to] = required_window(p);
  const auto as_of = p.value("as-of");
  const auto items = as_of ? due_as_of(s, from, to, parse_date(*as_of, "--as-of")) : s.due(from, to);
  // Each listed case's execution items (R-EXEC-ITEMS), as of --as-of or the day of its last event. Cost: a replay
  // of each case listed.
  std::map<std::string, case_state> states;
  for (const auto& it : items) {
    if (states.count(it.case_id)) continue;
    const date day = as_of ? parse_date(*as_of, "--as-of") : s.projection(it.case_id)->last_event_at.date();
    states.emplace(it.case_id, s.state_as_of(it.case_id, day));
  }
  if (p.flag("json")) {
    json a = json::array();
    for (const auto& it : items)
      a.push_back(as_json(it, states.at(it.case_id), as_of ? overdue_key::with : overdue_key::without));
    std::cout << json_text(a) << '\n';
    return exit_ok;
  }
  for (const auto& it : items)
    std::cout << to_iso(it.deadline.due) << (it.deadline.overdue ? "  OVERDUE  " : "  ") << it.case_id << "  "
              << it.deadline.period_id << "  "
              << it.deadline.title_zh << " [" << it.deadline.citation << "]" << mark(it.deadline.provisional) << "\n";
  std::cout << items.size() << " deadlines\n";
  for (const auto& [id, st] : states) {
    if (st.execution.empty()) continue;
    std::cout << id << " ";
    print_execution(std::cout, st.execution, st.executed, "");
  }
  return exit_ok;
}

int cmd_verify(const args_t& args) {
  const arg_parser p(args, with_common({{"chain-only", false, false}}));
  if (!p.positional().empty()) throw usage_error("verify takes no positional arguments");
  store s = open_store(p, open_mode::read_only);
  const auto r = s.verify(p.flag("chain-only") ? verify_depth::chain : verify_depth::full);
  print_report(r, p.flag("json"));
  return r.ok ? exit_ok : exit_failure;
}

int cmd_checkpoint(const args_t& args) {
  const arg_parser p(args, with_common({{"out", true, false}, {"check", true, false}}));
  if (!p.positional().empty()) throw usage_error("checkpoint takes no positional arguments");
  if (p.value("check") && p.value("out")) throw usage_error("--out writes a new checkpoint: it cannot go with --check");
  store s = open_store(p, open_mode::read_only);
  if (auto f = p.value("check")) {
    const auto r = s.verify_checkpoint(checkpoint::parse(read_file_or_stdin(*f, "checkpoint"), *f));
    print_report(r, p.flag("json"));
    return r.ok ? exit_ok : exit_failure;
  }
  const std::string text = s.make_checkpoint().to_json();
  if (auto f = p.value("out")) {
    write_output_file(*f, text, command_inputs(p, {"check"}), "--out");
  } else {
    std::cout << text;
  }
  return exit_ok;
}

}  // namespace penaltyflow::cli

namespace penaltyflow::cli {

int cmd_import(const args_t& args) {
  const arg_parser p(args, with_common({{"recorded-at", true, false},
                                        {"durability", true, false},
                                        {"provisional-ok", false, false}}));
  if (p.positional().empty()) throw usage_error("import needs at least one HISTORY file");
  store s = open_store(p);
  const instant when = recorded_at(p);
  json files = json::array();
  int status = exit_ok;
  for (const auto& f : p.positional()) {
    // Each file is all or nothing; a bad file does not stop the next one, but the exit status says so.
    try {
      const auto r = s.import_history(read_file_or_stdin(f, "case history"), f == "-" ? "<stdin>" : f, when,
                                      coverage_of(p));
      json entry = as_json(r);
      entry["file"] = printable_utf8(f);
      entry["ok"] = true;
      files.push_back(std::move(entry));
      if (!p.flag("json"))
        std::cout << f << ": case " << r.case_id << ", " << r.events << " events added (" << r.already_present
                  << " already present)\n";
    } catch (const error& e) {
      status = exit_failure;
      files.push_back({{"file", printable_utf8(f)}, {"ok", false}, {"error", e.what()}});
      std::cerr << "penaltyflow import: error: " << e.what() << '\n';
    } catch (const std::exception& e) {
      // Anything else (not expected: every input error is a penaltyflow::error) must not stop the next file either.
      status = exit_failure;
      const std::string what = printable_utf8(e.what());
      files.push_back({{"file", printable_utf8(f)}, {"ok", false}, {"error", what}});
      std::cerr << "penaltyflow import: error: " << f << ": " << what << '\n';
    }
  }
  if (p.flag("json")) std::cout << json_text(files) << '\n';
  return status;
}

int cmd_export(const args_t& args) {
  const arg_parser p(args, with_common({{"out", true, false}}));
  if (p.positional().size() != 1) throw usage_error("export needs exactly one CASE");
  store s = open_store(p, open_mode::read_only);
  const std::string text = s.export_history(p.positional()[0]);
  if (auto f = p.value("out")) {
    write_output_file(*f, text, command_inputs(p), "--out");
  } else {
    std::cout << text;
  }
  return exit_ok;
}

}  // namespace penaltyflow::cli
