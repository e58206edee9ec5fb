// Annual statistics (法治政府建设情况报告 figures) from the store's projection, and the discretion-benchmark
// analytics (裁量基准: out-of-band decisions, 同案不同罚). docs/oversight.md.
#include <penaltyflow/oversight.hpp>

#include "penaltyflow/detail/json_reader.hpp"
#include "penaltyflow/detail/markdown.hpp"

#include <penaltyflow/error.hpp>
#include <penaltyflow/input_file.hpp>
#include <penaltyflow/money.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <unordered_map>

namespace penaltyflow {

using json = nlohmann::json;

// ---- discretion benchmarks --------------------------------------------------------------------------------

const discretion_benchmarks::violation_type* discretion_benchmarks::find(std::string_view id) const {
  for (const auto& t : types)
    if (t.id == id) return &t;
  return nullptr;
}

discretion_benchmarks discretion_benchmarks::parse(std::string_view text, std::string_view source) {
  const detail::json_reader rd(error_code::benchmark_format, std::string(source));
  const json j = rd.parse(text);
  rd.require_object(j, "$", {"format", "profile", "confidence", "source", "violation_types"});
  const auto format = rd.required(rd.string(j, "$", "format"), "$", "format");
  if (format != "penaltyflow-discretion/1")
    rd.fail_at("$.format", "unsupported format '" + format + "' (expected 'penaltyflow-discretion/1')");
  discretion_benchmarks b;
  b.profile = rd.required(rd.string(j, "$", "profile"), "$", "profile");
  b.confidence = rd.string(j, "$", "confidence").value_or("M");
  b.source = rd.string(j, "$", "source").value_or("");
  const json* types = rd.array(j, "$", "violation_types");
  if (!types) rd.fail_at("$.violation_types", "required field is missing");
  for (std::size_t i = 0; i < types->size(); ++i) {
    const std::string p = "$.violation_types[" + std::to_string(i) + "]";
    const json& t = (*types)[i];
    if (!t.is_object()) rd.fail_at(p, "expected an object");
    rd.require_object(t, p, {"id", "name_zh", "name_en", "citation", "bands", "circumstances"});
    violation_type v;
    v.id = rd.required(rd.string(t, p, "id"), p, "id");
    if (v.id.empty()) rd.fail_at(p + ".id", "must not be empty");
    if (b.find(v.id)) rd.fail_at(p + ".id", "duplicate violation type '" + v.id + "'");
    v.name_zh = rd.string(t, p, "name_zh").value_or("");
    v.name_en = rd.string(t, p, "name_en").value_or("");
    v.citation = rd.required(rd.string(t, p, "citation"), p, "citation");
    const json* bands = rd.object(t, p, "bands");
    if (!bands) rd.fail_at(p + ".bands", "required field is missing");
    for (auto it = bands->begin(); it != bands->end(); ++it) {
      const std::string bp = p + ".bands." + it.key();
      const auto level = parse_discretion(it.key());
      if (!level) rd.fail_at(bp, "unknown discretion level (expected standard, lighter, mitigated or heavier)");
      if (*level == discretion::first_violation || *level == discretion::exempt)
        rd.fail_at(bp, "no fine band for a no-penalty level");
      const json& a = it.value();
      if (!a.is_array() || a.size() != 2 || !a[0].is_number_integer() || !a[1].is_number_integer())
        rd.fail_at(bp, "expected [min_fen, max_fen] (integers, fen)");
      band bd{a[0].get<std::int64_t>(), a[1].get<std::int64_t>()};
      if (bd.min_fen < 0 || bd.max_fen < bd.min_fen || bd.max_fen > max_amount_fen)
        rd.fail_at(bp, "expected 0 <= min_fen <= max_fen <= 10^15 fen (max_amount_fen)");
      v.bands[*level] = bd;
    }
    if (const json* cs = rd.object(t, p, "circumstances")) {
      for (auto it = cs->begin(); it != cs->end(); ++it) {
        const std::string cp = p + ".circumstances." + it.key();
        if (!it.value().is_string()) rd.fail_at(cp, "expected a discretion level");
        const auto level = parse_discretion(it.value().get<std::string>());
        if (!level) rd.fail_at(cp, "unknown discretion level '" + it.value().get<std::string>() + "'");
        v.circumstances[it.key()] = *level;
      }
    }
    b.types.push_back(std::move(v));
  }
  return b;
}

discretion_benchmarks discretion_benchmarks::load(const std::string& path) {
  return parse(read_input_file(path, "discretion benchmarks"), path);
}

namespace {

std::string yuan(std::int64_t fen) {
  std::ostringstream o;
  o << fen / 100;
  if (fen % 100) o << '.' << std::setw(2) << std::setfill('0') << fen % 100;
  return o.str();
}

// Out-of-band decisions (R-MITIGATION 处罚法 第三十二条, 第三十四条): a fine outside the band of its level, or a
// fine where the level means none (首违不罚, 不予处罚).
void check_bands(const case_summary& c, const discretion_benchmarks& b, std::vector<discretion_flag>& out) {
  if (c.violation_type.empty() || c.discretion.empty()) return;
  discretion_flag f;
  f.case_id = c.case_id;
  f.violation_type = c.violation_type;
  f.discretion = c.discretion;
  f.fine_fen = c.fine_fen.value_or(0);
  const auto* t = b.find(c.violation_type);
  if (!t) {
    f.kind = "unknown-violation-type";
    f.message_zh = "裁量基准中没有违法行为类型" + c.violation_type;
    f.message_en = "no violation type " + c.violation_type + " in the discretion benchmarks";
    out.push_back(std::move(f));
    return;
  }
  const auto level = parse_discretion(c.discretion);
  if (!level) return;
  if (*level == discretion::first_violation || *level == discretion::exempt) {
    if (f.fine_fen == 0) return;
  } else {
    const auto it = t->bands.find(*level);
    if (it == t->bands.end()) {
      f.kind = "out-of-band";
      f.message_zh = t->name_zh + "的裁量基准没有" + c.discretion + "档次";
      f.message_en = t->id + ": the benchmark has no " + c.discretion + " band";
      out.push_back(std::move(f));
      return;
    }
    f.expected_min_fen = it->second.min_fen;
    f.expected_max_fen = it->second.max_fen;
    if (f.fine_fen >= f.expected_min_fen && f.fine_fen <= f.expected_max_fen) return;  // inclusive
  }
  f.kind = "out-of-band";
  f.message_zh = "罚款" + yuan(f.fine_fen) + "元超出" + t->name_zh + "（" + c.discretion + "）的裁量幅度" +
                 yuan(f.expected_min_fen) + "至" + yuan(f.expected_max_fen) + "元";
  f.message_en = "fine " + yuan(f.fine_fen) + " yuan is outside the " + c.discretion + " band of " + t->id + " (" +
                 yuan(f.expected_min_fen) + " to " + yuan(f.expected_max_fen) + " yuan)";
  out.push_back(std::move(f));
}

// 同案不同罚: decisions with the same violation type, level and circumstances whose fines differ from the group's
// median by more than the factor.
void check_disparity(const std::vector<const case_summary*>& decided, const disparity_options& opt,
                     std::vector<discretion_flag>& out) {
  std::map<std::string, std::vector<const case_summary*>> groups;
  for (const auto* c : decided)
    if (!c->violation_type.empty() && c->fine_fen && *c->fine_fen > 0)
      groups[c->violation_type + "|" + c->discretion + "|" + c->circumstances].push_back(c);
  for (const auto& [key, g] : groups) {
    if (g.size() < opt.min_group) continue;
    std::vector<std::int64_t> fines;
    for (const auto* c : g) fines.push_back(*c->fine_fen);
    std::sort(fines.begin(), fines.end());
    const std::int64_t median = fines[fines.size() / 2];
    const auto lo = static_cast<std::int64_t>(std::floor(static_cast<double>(median) / opt.factor));
    const auto hi = static_cast<std::int64_t>(std::ceil(static_cast<double>(median) * opt.factor));
    for (const auto* c : g) {
      if (*c->fine_fen >= lo && *c->fine_fen <= hi) continue;
      discretion_flag f;
      f.case_id = c->case_id;
      f.kind = "disparity";
      f.violation_type = c->violation_type;
      f.discretion = c->discretion;
      f.fine_fen = *c->fine_fen;
      f.expected_min_fen = lo;
      f.expected_max_fen = hi;
      f.peers = g.size();
      f.message_zh = "同案不同罚：罚款" + yuan(f.fine_fen) + "元，" + std::to_string(g.size()) + "件同类案件罚款中位数" +
                     yuan(median) + "元";
      f.message_en = "disparity: fine " + yuan(f.fine_fen) + " yuan against a median of " + yuan(median) +
                     " yuan in " + std::to_string(g.size()) + " similar decisions";
      out.push_back(std::move(f));
    }
  }
}

day_distribution distribution(std::vector<std::int64_t> values, std::int64_t limit) {
  day_distribution d;
  d.values = values;
  d.limit = limit;
  d.count = values.size();
  if (values.empty()) return d;
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (auto v : values) {
    sum += static_cast<double>(v);
    if (limit > 0 && v > limit) ++d.over_limit;
  }
  d.mean = sum / static_cast<double>(values.size());
  d.median = values[(values.size() - 1) / 2];
  d.p90 = values[(values.size() * 9 + 9) / 10 - 1];
  d.max = values.back();
  return d;
}

std::uint64_t tally_number(const std::string& tally, std::size_t from, std::size_t to) {
  std::uint64_t v = 0;
  const auto r = std::from_chars(tally.data() + from, tally.data() + to, v);
  if (r.ec != std::errc() || r.ptr != tally.data() + to || from == to)
    throw store_error("statistics: malformed deadline tally \"" + tally + "\" in the case projection; run verify");
  return v;
}

void add_tally(std::map<std::string, deadline_compliance>& by, const std::string& tally, std::uint64_t times) {
  // "period:late/total;..."
  std::size_t pos = 0;
  while (pos < tally.size()) {
    const auto end = std::min(tally.find(';', pos), tally.size());
    const auto colon = tally.find(':', pos);
    const auto slash = tally.find('/', colon);
    if (colon < end && slash < end) {
      auto& d = by[tally.substr(pos, colon - pos)];
      d.late += times * tally_number(tally, colon + 1, slash);
      d.discharged += times * tally_number(tally, slash + 1, end);
    }
    pos = end + 1;
  }
}

/// The outcome a concluded case counts under: its decision's (程序规定 第六十条第一款); a case concluded after a
/// transfer to public security without a decision counts under (五) 移送司法机关 (程序规定 第六十条第一款第五项,
/// R-XFER-CRIM: the transfer is that outcome, 移送规定 第三条); "none" only for a case concluded without either
/// (e.g. 终止调查). store::closed_by_outcome() counts the same way.
std::string concluded_outcome(const case_summary& c) {
  if (!c.outcome.empty()) return c.outcome;
  return c.criminal_transfers ? std::string(to_string(decision_outcome::transfer_judicial)) : "none";
}

}  // namespace

annual_statistics compute_statistics(const store& s, date from, date to, const discretion_benchmarks* benchmarks,
                                     const disparity_options& disparity) {
  if (from.is_special() || to.is_special() || to < from)
    throw invalid_argument_error("statistics: expected a period from <= to");
  if (!(disparity.factor >= 1.0) || !std::isfinite(disparity.factor) || disparity.min_group < 2)
    throw invalid_argument_error("statistics: the disparity factor must be a finite number >= 1 and the group at "
                                 "least 2 decisions");
  annual_statistics st;
  st.from = from;
  st.to = to;
  std::map<std::string, deadline_compliance> deadlines;
  std::vector<std::int64_t> decision_days, case_days;
  std::vector<case_summary> benchmarked;  // decisions with a violation type, for the disparity analysis
  std::unordered_map<std::string, std::uint64_t> tallies;
  s.for_each_summary({summary_filter::by::concluded, from, to}, [&](case_summary& c) {
    ++st.cases_concluded;
    const std::string outcome = concluded_outcome(c);
    ++st.by_outcome[outcome];
    ++st.by_procedure[c.proc];
    ++st.by_clue_source[c.clue_source.empty() ? "unknown" : c.clue_source];
    if (!c.discretion.empty()) {
      ++st.discretion_applied;
      ++st.by_discretion[c.discretion];
    }
    if (c.legal_reviews) ++st.legal_reviews;
    else if (c.case_reviews) ++st.case_reviews;
    if (c.collective_discussions) ++st.collective_discussions;
    if (c.hearings_requested) ++st.hearings_requested;
    if (c.hearings_held) ++st.hearings_held;
    if (outcome == to_string(decision_outcome::transfer_administrative)) ++st.transfers_administrative;
    if (outcome == to_string(decision_outcome::transfer_judicial)) ++st.transfers_judicial;
    if (c.criminal_transfers) ++st.transfers_to_police;
    if (c.reconsiderations) ++st.reconsiderations;
    st.fines_fen = checked_add(st.fines_fen, c.fine_fen.value_or(0), "statistics: the fines decided in the period");
    ++tallies[c.deadline_tally];  // most cases share a handful of tallies: parsed once each, below
    if (c.decision_days) decision_days.push_back(*c.decision_days);
    if (c.received && c.concluded) case_days.push_back((*c.concluded - *c.received).days());
    if (benchmarks) {
      check_bands(c, *benchmarks, st.flags);
      if (c.decided && !c.violation_type.empty()) benchmarked.push_back(std::move(c));
    }
  });
  for (const auto& [tally, n] : tallies) add_tally(deadlines, tally, n);
  std::vector<const case_summary*> decided;
  decided.reserve(benchmarked.size());
  for (const auto& c : benchmarked) decided.push_back(&c);
  if (benchmarks) check_disparity(decided, disparity, st.flags);
  for (auto& [id, d] : deadlines) {
    d.period_id = id;
    st.deadlines.push_back(d);
  }
  st.decision_days = distribution(std::move(decision_days), 90);  // 程序规定 第六十四条: 90 days
  st.case_days = distribution(std::move(case_days), 0);
  // 行政诉讼法 第三条第三款: lawsuits filed in the period, whatever the state of their case.
  std::uint64_t heard = 0, appeared = 0;
  for (const auto& c : s.case_summaries({summary_filter::by::lawsuit_filed, from, to})) {
    ++st.lawsuits;
    if (c.court_sessions) ++heard;
    if (c.head_appearances) ++appeared;
  }
  st.head_appearance_of_lawsuits = {appeared, st.lawsuits, "lawsuits filed in the period (应诉案件)"};
  st.head_appearance_of_hearings = {appeared, heard, "lawsuits filed in the period that had a court session"};
  return st;
}

// ---- output ---------------------------------------------------------------------------------------------

namespace {

json rate_json(const rate& r) {
  return {{"numerator", r.numerator}, {"denominator", r.denominator}, {"basis", r.basis},
          {"value", r.denominator ? json(r.value()) : json(nullptr)}};
}

json distribution_json(const day_distribution& d) {
  json j{{"count", d.count}, {"mean", d.mean}, {"median", d.median}, {"p90", d.p90}, {"max", d.max}};
  if (d.limit) {
    j["limit"] = d.limit;
    j["over_limit"] = d.over_limit;
  }
  return j;
}

std::string percent(const rate& r) {
  if (!r.denominator) return "n/a";
  std::ostringstream o;
  o << std::fixed << std::setprecision(1) << 100.0 * r.value() << "%";
  return o.str();
}

struct line_item {
  std::string zh, en;
  std::uint64_t value;
};

/// The breakdowns by category, titled, in the order the text and Markdown reports show them.
std::vector<std::pair<const char*, const std::map<std::string, std::uint64_t>*>> breakdowns(const annual_statistics& st) {
  return {{"By outcome", &st.by_outcome},
          {"By procedure", &st.by_procedure},
          {"By clue source", &st.by_clue_source},
          {"By discretion level (裁量基准)", &st.by_discretion}};
}

std::vector<line_item> headline(const annual_statistics& st) {
  return {{"办结案件", "cases concluded", st.cases_concluded},
          {"适用裁量基准", "discretion benchmarks applied", st.discretion_applied},
          {"法制审核", "legal reviews (法制审核)", st.legal_reviews},
          {"案件审核", "case reviews (案件审核) only", st.case_reviews},
          {"集体讨论", "collective discussions (集体讨论)", st.collective_discussions},
          {"申请听证", "hearings requested", st.hearings_requested},
          {"听证举行", "hearings held", st.hearings_held},
          {"移送其他行政机关", "transfers to other administrative bodies", st.transfers_administrative},
          {"移送司法机关", "transfers to judicial organs", st.transfers_judicial},
          {"移送公安机关", "transfers to public security", st.transfers_to_police},
          {"行政复议", "reconsiderations", st.reconsiderations},
          {"应诉案件", "lawsuits filed", st.lawsuits}};
}

// A bar chart of the decision days in 10-day bins, the 90-day limit marked (text, for terminals and Markdown).
std::string chart(const day_distribution& d) {
  if (d.values.empty()) return "(no decisions)\n";
  std::map<std::int64_t, std::uint64_t> bins;
  for (auto v : d.values) ++bins[std::max<std::int64_t>(v, 0) / 10];
  std::uint64_t top = 0;
  for (const auto& [b, n] : bins) top = std::max(top, n);
  std::ostringstream o;
  const std::int64_t last = std::max(bins.rbegin()->first, d.limit / 10);
  for (std::int64_t b = 0; b <= last; ++b) {
    const auto n = bins.count(b) ? bins[b] : 0;
    const auto width = static_cast<std::size_t>(top ? (n * 50 + top - 1) / top : 0);
    o << std::setw(4) << b * 10 << "-" << std::left << std::setw(4) << b * 10 + 9 << std::right << " | "
      << std::string(width, '#') << std::string(50 - width, ' ') << " " << n
      << (b * 10 <= d.limit && d.limit <= b * 10 + 9 ? "  <- 90-day limit (程序规定 第六十四条) in this bin" : "") << "\n";
  }
  return o.str();
}

}  // namespace

std::string to_json(const annual_statistics& st) {
  json j;
  j["from"] = to_iso(st.from);
  j["to"] = to_iso(st.to);
  j["cases_concluded"] = st.cases_concluded;
  j["by_outcome"] = st.by_outcome;
  j["by_procedure"] = st.by_procedure;
  j["by_clue_source"] = st.by_clue_source;
  j["discretion_applied"] = st.discretion_applied;
  j["by_discretion"] = st.by_discretion;
  j["legal_reviews"] = st.legal_reviews;
  j["case_reviews"] = st.case_reviews;
  j["collective_discussions"] = st.collective_discussions;
  j["hearings_requested"] = st.hearings_requested;
  j["hearings_held"] = st.hearings_held;
  j["transfers_administrative"] = st.transfers_administrative;
  j["transfers_judicial"] = st.transfers_judicial;
  j["transfers_to_police"] = st.transfers_to_police;
  j["reconsiderations"] = st.reconsiderations;
  j["fines_fen"] = st.fines_fen;
  j["lawsuits"] = st.lawsuits;
  j["head_appearance_of_lawsuits"] = rate_json(st.head_appearance_of_lawsuits);
  j["head_appearance_of_hearings"] = rate_json(st.head_appearance_of_hearings);
  json ds = json::array();
  for (const auto& d : st.deadlines)
    ds.push_back({{"period_id", d.period_id}, {"discharged", d.discharged}, {"late", d.late}});
  j["deadlines"] = std::move(ds);
  j["decision_days"] = distribution_json(st.decision_days);
  j["case_days"] = distribution_json(st.case_days);
  json fl = json::array();
  for (const auto& f : st.flags)
    fl.push_back({{"case", f.case_id}, {"kind", f.kind}, {"violation_type", f.violation_type},
                  {"discretion", f.discretion}, {"fine_fen", f.fine_fen}, {"expected_min_fen", f.expected_min_fen},
                  {"expected_max_fen", f.expected_max_fen}, {"peers", f.peers}, {"message_zh", f.message_zh},
                  {"message_en", f.message_en}});
  j["discretion_flags"] = std::move(fl);
  return j.dump(2);
}

std::string to_text(const annual_statistics& st) {
  std::ostringstream o;
  o << "penaltyflow annual statistics " << to_iso(st.from) << " to " << to_iso(st.to)
    << " (base: cases concluded 办结 in the period unless stated)\n\n";
  for (const auto& l : headline(st)) o << std::setw(10) << l.value << "  " << l.en << " " << l.zh << "\n";
  o << std::setw(10) << yuan(st.fines_fen) << "  fines decided, yuan 罚款金额（元）\n";
  o << "  head appeared in court 负责人出庭应诉: " << st.head_appearance_of_lawsuits.numerator << " of "
    << st.head_appearance_of_lawsuits.denominator << " lawsuits filed (" << percent(st.head_appearance_of_lawsuits)
    << "); " << st.head_appearance_of_hearings.numerator << " of " << st.head_appearance_of_hearings.denominator
    << " lawsuits heard (" << percent(st.head_appearance_of_hearings) << ")\n\n";
  for (const auto& [title, m] : breakdowns(st)) {
    o << title << ":\n";
    for (const auto& [k, v] : *m) o << std::setw(10) << v << "  " << k << "\n";
  }
  o << "deadline compliance (period: late / discharged):\n";
  for (const auto& d : st.deadlines)
    o << std::setw(10) << (std::to_string(d.late) + " / " + std::to_string(d.discharged)) << "  " << d.period_id << "\n";
  o << "decision days (立案→决定, net of excluded time): median " << st.decision_days.median << ", p90 "
    << st.decision_days.p90 << ", max " << st.decision_days.max << ", over 90: " << st.decision_days.over_limit
    << " of " << st.decision_days.count << "\n";
  o << "case days (clue→concluded): median " << st.case_days.median << ", p90 " << st.case_days.p90 << ", max "
    << st.case_days.max << "\n";
  if (!st.flags.empty()) {
    o << "discretion flags: " << st.flags.size() << "\n";
    for (const auto& f : st.flags) o << "  " << f.case_id << "  " << f.kind << "  " << f.message_en << "\n";
  }
  return o.str();
}

std::string to_markdown(const annual_statistics& st) {
  std::ostringstream o;
  o << "# Administrative penalties " << to_iso(st.from) << " to " << to_iso(st.to) << "\n\n"
    << "Base: cases concluded (办结) in the period, unless a row says otherwise. Computed by penaltyflow from the "
       "case record.\n\n| Figure | 指标 | Value |\n|---|---|---|\n";
  for (const auto& l : headline(st)) o << "| " << l.en << " | " << l.zh << " | " << l.value << " |\n";
  o << "| fines decided (yuan) | 罚款金额（元） | " << yuan(st.fines_fen) << " |\n";
  o << "| head appeared in court, of lawsuits filed | 负责人出庭应诉率（应诉案件） | "
    << st.head_appearance_of_lawsuits.numerator << " / " << st.head_appearance_of_lawsuits.denominator << " = "
    << percent(st.head_appearance_of_lawsuits) << " |\n";
  o << "| head appeared in court, of lawsuits heard | 负责人出庭应诉率（已开庭） | "
    << st.head_appearance_of_hearings.numerator << " / " << st.head_appearance_of_hearings.denominator << " = "
    << percent(st.head_appearance_of_hearings) << " |\n\n";
  for (const auto& [title, m] : breakdowns(st)) {
    o << "## " << title << "\n\n| | cases |\n|---|---|\n";
    for (const auto& [k, v] : *m) o << "| " << detail::markdown_cell(k) << " | " << v << " |\n";
    o << "\n";
  }
  o << "## Deadline compliance\n\n| period | discharged | late | on time |\n|---|---|---|---|\n";
  for (const auto& d : st.deadlines)
    o << "| " << detail::markdown_cell(d.period_id) << " | " << d.discharged << " | " << d.late << " | "
      << percent({d.discharged - d.late, d.discharged, ""}) << " |\n";
  o << "\n## Decision days against the 90-day limit\n\n"
    << "立案 → 决定, natural days net of excluded time (程序规定 第六十四条). Median " << st.decision_days.median
    << ", 90th percentile " << st.decision_days.p90 << ", maximum " << st.decision_days.max << "; "
    << st.decision_days.over_limit << " of " << st.decision_days.count << " over 90 days (extensions allowed).\n\n```\n"
    << chart(st.decision_days) << "```\n";
  if (!st.flags.empty()) {
    o << "\n## Discretion flags\n\n| case | kind | message |\n|---|---|---|\n";
    // Case ids, violation types and messages come from the record: escaped, so that none can add a row, a tag
    // or a link to the document.
    for (const auto& f : st.flags)
      o << "| " << detail::markdown_cell(f.case_id) << " | " << detail::markdown_cell(f.kind) << " | "
        << detail::markdown_cell(f.message_zh) << " |\n";
  }
  return o.str();
}

}  // namespace penaltyflow
