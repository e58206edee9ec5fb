// `penaltyflow rules` and `penaltyflow replay`: the workflow from the shell.
#include "cli.hpp"
#include "commands.hpp"

#include <penaltyflow/error.hpp>
#include <penaltyflow/history.hpp>
#include <penaltyflow/rules.hpp>
#include <penaltyflow/workflow.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

namespace penaltyflow::cli {

namespace {

using nlohmann::json;

json facts_json(const std::vector<fact>& facts) {
  json a = json::array();
  for (const auto& f : facts) a.push_back({{"name", f.name}, {"value", f.value}});
  return a;
}

json refusal_json(const refusal& r) {
  return {{"rule_id", r.rule_id},       {"citation", r.citation},       {"confidence", std::string(to_string(r.tag))},
          {"title_zh", r.title_zh},     {"title_en", r.title_en},       {"message_zh", r.message_zh},
          {"message_en", r.message_en}, {"facts", facts_json(r.facts)}};
}

json finding_json(const finding& f) {
  json j{{"rule_id", f.rule_id},       {"citation", f.citation},     {"period_id", f.period_id},
         {"message_zh", f.message_zh}, {"message_en", f.message_en}, {"due", f.due.is_special() ? json() : json(to_iso(f.due))},
         {"done", f.done ? json(to_iso(*f.done)) : json()}};
  j["event_index"] = f.event_index ? json(*f.event_index) : json();
  j["provisional"] = f.provisional;
  return j;
}

void print_refusal(std::ostream& os, const refusal& r) {
  os << "    " << r.rule_id << " [" << to_string(r.tag) << "] " << r.citation << "\n"
     << "      " << r.message_zh << "\n"
     << "      " << r.message_en << "\n";
  for (const auto& f : r.facts) os << "      - " << f.name << ": " << f.value << "\n";
}

}  // namespace

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
    for (const auto* rp : listed) {
      const auto& r = *rp;
      json types = json::array();
      for (auto t : r.applies_to) types.push_back(std::string(to_string(t)));
      json cites = json::array();
      for (const auto& c : r.citations) {
        cites.push_back({{"instrument", c.instrument}, {"revision", c.revision}, {"article", c.article}, {"text", c.text()}});
      }
      a.push_back({{"id", r.id},
                   {"title_zh", r.title_zh},
                   {"title_en", r.title_en},
                   {"citation", r.citation_text()},
                   {"citations", cites},
                   {"confidence", std::string(to_string(r.tag))},
                   {"profile_values", r.profile_values},
                   {"gate", r.gate != nullptr},
                   {"findings", r.findings},
                   {"applies_to", types},
                   {"in_force_from", r.effective.from ? json(to_iso(*r.effective.from)) : json(nullptr)},
                   {"in_force_until", r.effective.until ? json(to_iso(*r.effective.until)) : json(nullptr)}});
    }
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

namespace {

// R-EXEC-ITEMS: each item of a decision's money, due, paid and outstanding (empty when there is none).
json execution_json(const case_facts& f) {
  json items = json::array();
  auto add = [&](execution_item i, const case_facts::money_item& m) {
    if (m.due_fen > 0)
      items.push_back({{"item", std::string(to_string(i))}, {"due_fen", m.due_fen}, {"paid_fen", m.paid_fen},
                       {"outstanding_fen", m.outstanding()}});
  };
  add(execution_item::fine, f.fine);
  add(execution_item::illegal_gains, f.illegal_gains);
  add(execution_item::surcharge, f.surcharge);
  if (f.illegal_property_fen > 0)
    items.push_back({{"item", "illegal_property"}, {"value_fen", f.illegal_property_fen},
                     {"taken", f.goods_confiscated ? json(to_iso(*f.goods_confiscated)) : json()}});
  return items;
}

void print_execution(std::ostream& out, const case_facts& f) {
  const json items = execution_json(f);
  if (items.empty()) return;
  out << "execution:" << (f.executed ? " executed " + to_iso(*f.executed) : std::string(" outstanding")) << "\n";
  for (const auto& i : items) {
    const std::string name = i["item"];
    if (i.contains("value_fen")) {
      out << "  " << name << " " << rules::format_fen(i["value_fen"]) << ", "
          << (i["taken"].is_null() ? std::string("not taken") : "taken " + i["taken"].get<std::string>()) << "\n";
    } else {
      out << "  " << name << " due " << rules::format_fen(i["due_fen"]) << ", paid " << rules::format_fen(i["paid_fen"])
          << ", outstanding " << rules::format_fen(i["outstanding_fen"]) << "\n";
    }
  }
}

}  // namespace

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
  const auto findings = wf.findings(r.record, as_of);

  if (p.flag("json")) {
    json refused = json::array();
    for (const auto& x : r.refused) {
      json reasons = json::array();
      for (const auto& y : x.refusals) reasons.push_back(refusal_json(y));
      refused.push_back({{"index", x.index}, {"type", std::string(to_string(x.ev.type))}, {"at", to_iso(x.ev.at)},
                         {"refusals", reasons}});
    }
    json dl = json::array();
    for (const auto& d : deadlines) {
      dl.push_back({{"period_id", d.period_id}, {"rule_id", d.rule_id}, {"title_zh", d.title_zh},
                    {"title_en", d.title_en},   {"subject", d.subject}, {"start", to_iso(d.start)},
                    {"due", to_iso(d.due)},     {"overdue", d.overdue}, {"obligation", d.obligation},
                    {"provisional", d.provisional}, {"citation", d.citation}});
    }
    json fs = json::array();
    for (const auto& f : findings) fs.push_back(finding_json(f));
    json pa = json::array();
    for (const auto& a : r.record.facts().provisional_acceptances)
      pa.push_back({{"index", a.event_index}, {"provisional_from", to_iso(a.first_assumed_day)}});
    std::cout << json_text(json{{"case", h.case_id},
                      {"profile", prof.id},
                      {"as_of", to_iso(as_of)},
                      {"stage", std::string(r.record.stage())},
                      {"remedy", std::string(r.record.facts().remedy)},
                      {"events", h.events.size()},
                      {"replayed", upto.size()},
                      {"accepted", r.record.events().size()},
                      {"refused", refused},
                      {"execution", execution_json(r.record.facts())},
                      {"deadlines", dl},
                      {"findings", fs},
                      {"provisional_acceptances", pa}})
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
    std::cout << "  #" << x.index << " " << to_string(x.ev.type) << " at " << to_iso(x.ev.at) << "\n";
    for (const auto& y : x.refusals) print_refusal(std::cout, y);
  }
  print_execution(std::cout, r.record.facts());
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
  for (const auto& a : r.record.facts().provisional_acceptances) {
    std::cout << "PROVISIONAL: event #" << a.event_index << " was accepted on days from "
              << to_iso(a.first_assumed_day) << " on, past the calendar's coverage [R-CALENDAR-PROVISIONAL]\n";
  }
  return exit_ok;
}

}  // namespace penaltyflow::cli
