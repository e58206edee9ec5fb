// `penaltyflow periods`, `penaltyflow deadline`, `penaltyflow calendar`: the time engine from the shell.
#include "cli.hpp"
#include "commands.hpp"

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/deadline.hpp>
#include <penaltyflow/error.hpp>
#include <penaltyflow/period.hpp>

#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>

namespace penaltyflow::cli {

namespace {

using nlohmann::json;

json citations_json(const period_definition& p) {
  json a = json::array();
  for (const auto& c : p.citations)
    a.push_back({{"instrument", c.instrument}, {"revision", c.revision}, {"article", c.article}, {"text", c.text()}});
  return a;
}

json period_json(const period_definition& p) {
  json excl = json::array();
  for (auto e : p.exclusions) excl.push_back(std::string(to_string(e)));
  return {{"id", p.id},
          {"rule_id", p.rule_id},
          {"title_zh", p.title_zh},
          {"title_en", p.title_en},
          {"amount", p.amount},
          {"unit", std::string(to_string(p.unit))},
          {"kind", std::string(to_string(p.kind))},
          {"start_zh", p.start_zh},
          {"start_en", p.start_en},
          {"citation", p.citation_text()},
          {"citations", citations_json(p)},
          {"confidence", std::string(to_string(p.tag))},
          {"configurable", p.configurable},
          {"extension", std::string(to_string(p.extension))},
          {"extension_cap", p.extension_cap},
          {"exclusions", excl},
          {"exclusion_rule_id", p.exclusions.empty() ? std::string() : std::string(excluded_time_rule_id)},
          {"note", p.note},
          {"in_force_from", p.effective.from ? json(to_iso(*p.effective.from)) : json(nullptr)},
          {"in_force_until", p.effective.until ? json(to_iso(*p.effective.until)) : json(nullptr)}};
}

std::string unit_words(period_unit u, int n) {
  switch (u) {
    case period_unit::working_days: return n == 1 ? "working day" : "working days";
    case period_unit::natural_days: return n == 1 ? "natural day" : "natural days";
    case period_unit::months: return n == 1 ? "month" : "months";
    case period_unit::years: return n == 1 ? "year" : "years";
    case period_unit::hours: return n == 1 ? "hour" : "hours";
  }
  return "";
}

/// The calendar selected by --calendar FILE... and --no-builtin-calendar.
calendar calendar_from(const arg_parser& p) {
  const calendar base = p.flag("no-builtin-calendar") ? calendar() : calendar::national();
  return calendar::load(p.values("calendar"), base);
}

excluded_time parse_pause(const std::string& text) {
  // FROM..TO[:REASON]
  const auto dots = text.find("..");
  if (dots == std::string::npos)
    throw invalid_argument_error("--pause \"" + text + "\" is not of the form FROM..TO[:REASON]");
  excluded_time p;
  std::string rest = text.substr(dots + 2);
  std::optional<std::string> reason;
  if (auto colon = rest.find(':'); colon != std::string::npos) {
    reason = rest.substr(colon + 1);
    rest.resize(colon);
  }
  p.from = parse_date(text.substr(0, dots), "--pause start");
  p.to = parse_date(rest, "--pause end");
  if (reason) p.reason = parse_exclusion(*reason);
  return p;
}

extension parse_extension(const std::string& text, std::size_t index) {
  extension e;
  std::string n = text;
  if (auto colon = n.find(':'); colon != std::string::npos) {
    const std::string by = n.substr(colon + 1);
    if (by == "collective") e.by = approver::collective_discussion;
    else if (by == "head") e.by = approver::head;
    else throw invalid_argument_error("--extend \"" + text + "\": approver must be head or collective");
    n.resize(colon);
  } else if (index > 0) {
    // Only the first extension can be a head's; later ones of the decision period need collective discussion.
    e.by = approver::collective_discussion;
  }
  std::size_t used = 0;
  int value = 0;
  try {
    value = std::stoi(n, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != n.size() || n.empty())
    throw invalid_argument_error("--extend \"" + text + "\" is not a whole number of the period's units");
  e.amount = value;
  return e;
}

}  // namespace

int cmd_periods(const args_t& args) {
  arg_parser p(args, {{"json"}, {"as-of", true}});
  if (!p.positional().empty()) throw usage_error("unexpected argument \"" + p.positional().front() + "\"");
  // --as-of DATE: only the texts in force that day (a period applies by the day it starts).
  std::optional<date> as_of;
  if (auto v = p.value("as-of")) as_of = parse_date(*v, "--as-of");
  std::vector<const period_definition*> listed;
  for (const auto& d : period_catalogue::national().all())
    if (!as_of || d.effective.covers(*as_of)) listed.push_back(&d);
  if (p.flag("json")) {
    json a = json::array();
    for (const auto* d : listed) a.push_back(period_json(*d));
    std::cout << json_text(a) << '\n';
    return exit_ok;
  }
  for (const auto* dp : listed) {
    const auto& d = *dp;
    std::ostringstream amount;
    amount << d.amount << ' ' << unit_words(d.unit, d.amount);
    std::cout << std::left << std::setw(36) << d.id << std::setw(20) << amount.str() << std::setw(11)
              << ("[" + std::string(to_string(d.tag)) + "]") << d.title_zh << " / " << d.title_en << "\n"
              << std::string(36, ' ') << d.citation_text();
    if (d.configurable) std::cout << "  (configurable)";
    if (d.effective.from) std::cout << "  from " << to_iso(*d.effective.from);
    if (d.effective.until) std::cout << "  until " << to_iso(*d.effective.until);
    std::cout << '\n';
  }
  return exit_ok;
}

int cmd_deadline(const args_t& args) {
  arg_parser p(args, {{"period", true},
                      {"from", true},
                      {"pause", true, true},
                      {"extend", true, true},
                      {"calendar", true, true},
                      {"no-builtin-calendar"},
                      {"provisional-ok"},
                      {"roll", true},
                      {"json"}});
  if (!p.positional().empty()) throw usage_error("unexpected argument \"" + p.positional().front() + "\"");
  const std::string from = p.required("from");
  // The text in force on the day the period starts (docs/time-limits.md, "The law in force on the date").
  const auto& period = period_catalogue::national().at(p.required("period"), parse_date(from.substr(0, 10), "--from"));
  const calendar cal = calendar_from(p);

  std::vector<excluded_time> pauses;
  for (const auto& s : p.values("pause")) pauses.push_back(parse_pause(s));
  std::vector<extension> exts;
  const auto ext_texts = p.values("extend");
  for (std::size_t i = 0; i < ext_texts.size(); ++i) exts.push_back(parse_extension(ext_texts[i], i));

  counting_options opt;
  if (p.flag("provisional-ok")) opt.coverage = coverage_policy::provisional_ok;
  if (auto roll = p.value("roll")) {
    if (*roll == "rest-days") opt.roll = roll_reading::rest_days;
    else if (*roll == "official-holidays") opt.roll = roll_reading::official_holidays_only;
    else throw usage_error("--roll must be rest-days or official-holidays, not \"" + *roll + "\"");
  }

  due_date r;
  if (period.unit == period_unit::hours) {
    if (!pauses.empty() || !exts.empty())
      throw invalid_argument_error("period \"" + period.id + "\" is counted in hours: no pauses or extensions");
    r = compute_due_instant(period, parse_instant(from, "--from"), cal);
  } else {
    if (from.size() != 10) throw invalid_argument_error("--from \"" + from + "\": period \"" + period.id +
                                                        "\" is counted in days: give a date YYYY-MM-DD");
    r = compute_due_date(period, parse_date(from, "--from"), cal, pauses, exts, opt);
  }

  if (p.flag("json")) {
    json j = {{"period", period.id},
              {"rule_id", period.rule_id},
              {"title_zh", period.title_zh},
              {"title_en", period.title_en},
              {"amount", period.amount},
              {"unit", std::string(to_string(period.unit))},
              {"kind", std::string(to_string(period.kind))},
              {"from", from},
              {"due", to_iso(r.due)},
              {"nominal_due", to_iso(r.nominal_due)},
              {"rolled", r.rolled},
              {"excluded_days", r.excluded_days},
              {"extended_by", r.extended_by},
              {"provisional", r.provisional},
              {"first_assumed_day", r.first_assumed_day ? json(to_iso(*r.first_assumed_day)) : json(nullptr)},
              {"calendar_version", r.calendar_version},
              {"citation", r.citation},
              {"confidence", std::string(to_string(period.tag))}};
    if (r.due_instant) j["due_time"] = to_iso(*r.due_instant);
    std::cout << json_text(j) << '\n';
    return exit_ok;
  }

  auto row = [](const char* k, const std::string& v) { std::cout << std::left << std::setw(10) << k << v << '\n'; };
  row("period", period.id + " — " + period.title_zh + " / " + period.title_en);
  row("rule", period.rule_id + " [" + std::string(to_string(period.tag)) + "]");
  row("counted", std::to_string(period.amount) + " " + unit_words(period.unit, period.amount) + " from " + from +
                     " (" + period.start_zh + " / " + period.start_en + "), the start " +
                     (period.unit == period_unit::hours ? "hour" : "day") + " not counted");
  if (r.excluded_days) row("excluded", std::to_string(r.excluded_days) + " days not counted (pauses)");
  if (r.extended_by) row("extended", "+" + std::to_string(r.extended_by) + " " + unit_words(period.unit, r.extended_by));
  std::string due = r.due_instant ? to_iso(*r.due_instant) : to_iso(r.due);
  due += " (" + std::string(r.due.day_of_week().as_long_string()) + ")";
  if (r.rolled) due += ", rolled forward from " + to_iso(r.nominal_due) + ", not a working day";
  if (period.kind == period_kind::minimum_notice) due += "; the act may take place only after this day";
  row(period.kind == period_kind::minimum_notice ? "runs to" : "due", due);
  row("status", r.provisional ? "PROVISIONAL: days from " + to_iso(*r.first_assumed_day) +
                                    " are outside the calendar: only the statutory holidays and their 补假 were assumed "
                                    "(全国年节及纪念日放假办法 第二条、第六条), no 调休"
                              : std::string("final"));
  row("calendar", r.calendar_version);
  row("citation", r.citation);
  return exit_ok;
}

int cmd_calendar(const args_t& args) {
  arg_parser p(args, {{"calendar", true, true}, {"no-builtin-calendar"}, {"json"}});
  if (!p.positional().empty()) throw usage_error("unexpected argument \"" + p.positional().front() + "\"");
  const calendar cal = calendar_from(p);
  std::vector<int> years(cal.covered_years().begin(), cal.covered_years().end());
  if (p.flag("json")) {
    json j = {{"version", cal.version()},
              {"digest", cal.digest()},
              {"covered_years", years},
              {"first_covered", to_iso(cal.first_covered())},
              {"last_covered", to_iso(cal.last_covered())},
              {"rows", cal.entries().size()},
              {"sources", cal.sources()}};
    std::cout << json_text(j) << '\n';
    return exit_ok;
  }
  std::cout << "version   " << cal.version() << "\nyears     ";
  for (std::size_t i = 0; i < years.size(); ++i) std::cout << (i ? ", " : "") << years[i];
  std::cout << "\ncovers    " << to_iso(cal.first_covered()) << " .. " << to_iso(cal.last_covered())
            << "\nrows      " << cal.entries().size() << "\nsources   ";
  for (std::size_t i = 0; i < cal.sources().size(); ++i) std::cout << (i ? "; " : "") << cal.sources()[i];
  std::cout << '\n';
  return exit_ok;
}

}  // namespace penaltyflow::cli
