// The sample year's plan (docs/sample-year.md, "The mix" and "Parameters"): the spec's checks and scaling, the
// parameters and their values as the docs' table lists them, the fine bands (read from the embedded
// data/discretion/national.json), and the plan of every case — kinds, people, hearings, discretion, penalties,
// remedies, everyday situations, clue sources and planted defects — drawn with the seeded generator.
#include "sample_year_internal.hpp"

#include <penaltyflow/error.hpp>
#include <penaltyflow/oversight.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace penaltyflow {

namespace detail {
extern const std::string_view builtin_discretion_national_json;  // data/discretion/national.json, embedded
}  // namespace detail

namespace sample_year_detail {

namespace {

const sample_violation_type* find_type(const char* id) {
  for (const auto& t : sample_violation_types()) {
    if (std::string(t.id) == id) return &t;
  }
  throw error(error_code::benchmark_format,
              std::string("sample year: data/discretion/national.json has no violation type \"") + id + "\"");
}

std::pair<std::int64_t, std::int64_t> band(const sample_violation_type& t, discretion d) {
  switch (d) {
    case discretion::standard: return t.standard;
    case discretion::lighter: return t.lighter;
    case discretion::mitigated: return t.mitigated;
    case discretion::heavier: return t.heavier;
    default: return {0, 0};
  }
}

/// A fine inside the band, in whole hundreds of yuan, in its upper half (at least 100 yuan and `min_fen`): the
/// fines of one group of similar decisions then stay within a factor 2 of their median (no disparity flag,
/// disparity_options).
std::int64_t fine_in(const std::pair<std::int64_t, std::int64_t>& b, std::int64_t min_fen, rng& r) {
  const std::int64_t lo = std::max<std::int64_t>({b.first, b.second / 2, 10000, min_fen});
  const std::int64_t k_lo = (lo + 9999) / 10000;
  const std::int64_t k_hi = b.second / 10000;
  return r.between64(k_lo, k_hi) * 10000;
}

penalty fine_penalty(std::int64_t fen) {
  penalty p;
  p.add(penalty_kind::fine);
  p.fine_fen = fen;
  return p;
}

}  // namespace

/// "1.5%" for 150 per ten thousand.
std::string percent(std::int64_t per_ten_thousand) {
  std::string s = std::to_string(per_ten_thousand / 100);
  if (const auto frac = per_ten_thousand % 100) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%02lld", static_cast<long long>(frac));
    std::string f = buf;
    while (f.back() == '0') f.pop_back();
    s += f;
  }
  return s + "%";
}

std::vector<std::string> circumstances_for(const sample_violation_type& t, discretion d) {
  const std::string id = t.id;
  switch (d) {
    case discretion::lighter: return {"voluntary-remedy"};
    case discretion::heavier: return {"repeat-offence"};
    case discretion::mitigated: return {id == "false-advertising" ? "confessed-unknown-violation" : "coerced"};
    case discretion::first_violation: return {"first-violation-corrected"};
    case discretion::exempt: return {"minor-corrected"};
    default: return {};
  }
}

std::vector<std::pair<const char*, std::size_t>> spec_counts(const sample_year_spec& s) {
  return {{"cases", s.cases}, {"summary_cases", s.summary_cases}, {"summary_warnings", s.summary_warnings},
          {"summary_cash", s.summary_cash}, {"major_cases", s.major_cases}, {"major_hearings", s.major_hearings},
          {"major_rights_hearings", s.major_rights_hearings}, {"no_penalty_cases", s.no_penalty_cases},
          {"exempt_no_penalty", s.exempt_no_penalty}, {"not_established_cases", s.not_established_cases},
          {"terminated_cases", s.terminated_cases}, {"administrative_transfers", s.administrative_transfers},
          {"criminal_transfers", s.criminal_transfers}, {"warnings", s.warnings},
          {"discretion_standard", s.discretion_standard}, {"discretion_lighter", s.discretion_lighter},
          {"discretion_mitigated", s.discretion_mitigated}, {"discretion_heavier", s.discretion_heavier},
          {"testing_cases", s.testing_cases}, {"testing_late_gross", s.testing_late_gross},
          {"confiscation_cases", s.confiscation_cases}, {"confiscation_goods", s.confiscation_goods},
          {"deferred_cases", s.deferred_cases}, {"surcharge_cases", s.surcharge_cases},
          {"reconsiderations", s.reconsiderations}, {"summary_reconsiderations", s.summary_reconsiderations},
          {"lawsuits", s.lawsuits}, {"lawsuits_head_appearing", s.lawsuits_head_appearing}};
}

/// The spec's defect rates, named as its fields.
std::vector<std::pair<const char*, double>> spec_rates(const sample_year_spec& s) {
  return {{"approval_signature_rate", s.approval_signature_rate}, {"record_signature_rate", s.record_signature_rate},
          {"late_service_rate", s.late_service_rate}, {"decision_document_rate", s.decision_document_rate},
          {"archive_order_rate", s.archive_order_rate}, {"missing_av_record_rate", s.missing_av_record_rate},
          {"late_closure_rate", s.late_closure_rate}, {"reconsideration_route_rate", s.reconsideration_route_rate}};
}

std::size_t checked_sum(const sample_year_spec& s) {
  const std::size_t others = s.summary_cases + s.major_cases + s.no_penalty_cases + s.not_established_cases +
                             s.terminated_cases + s.administrative_transfers + s.criminal_transfers;
  if (others > s.cases) {
    throw invalid_argument_error("sample year: the mix (" + std::to_string(others) + " cases) exceeds `cases` (" +
                                 std::to_string(s.cases) + ")");
  }
  return s.cases - others;
}

std::vector<gen_case> plan_cases(const sample_year_spec& spec, const profile& prof, const people& p, rng& r) {
  const std::size_t ordinary_count = checked_sum(spec);
  const int Y = spec.year;
  std::vector<gen_case> cases;
  auto add_kind = [&](case_kind k, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      gen_case c;
      c.k = k;
      c.index = cases.size();
      cases.push_back(std::move(c));
    }
  };
  add_kind(case_kind::summary, spec.summary_cases);
  add_kind(case_kind::major, spec.major_cases);
  add_kind(case_kind::no_penalty, spec.no_penalty_cases);
  add_kind(case_kind::not_established, spec.not_established_cases);
  add_kind(case_kind::terminated, spec.terminated_cases);
  add_kind(case_kind::transfer_administrative, spec.administrative_transfers);
  add_kind(case_kind::criminal_transfer, spec.criminal_transfers);
  add_kind(case_kind::ordinary, ordinary_count);

  auto indices_of = [&](auto pred) {
    std::vector<std::size_t> v;
    for (const auto& c : cases) {
      if (pred(c)) v.push_back(c.index);
    }
    shuffle(v, r);
    return v;
  };

  // People and parties.
  for (auto& c : cases) {
    c.party = r.chance(rate(c.k == case_kind::summary ? mrate::summary_natural_person : mrate::ordinary_natural_person))
                  ? party_kind::natural_person
                  : party_kind::organisation;
    c.officer_a = r.below(p.officers.size());
    c.officer_b = (c.officer_a + 1 + r.below(p.officers.size() - 1)) % p.officers.size();
    c.head = r.below(p.heads.size());
    c.reviewer = r.below(p.reviewers.size());
    c.legal_reviewer = r.below(p.legal_reviewers.size());
    c.host = r.below(p.hosts.size());
    c.rep = r.below(p.representatives.size());
  }

  // Summary cases: warnings, fines collected on the spot (natural persons), fines paid at the bank.
  {
    const auto pool = indices_of([](const gen_case& c) { return c.k == case_kind::summary; });
    for (std::size_t i = 0; i < pool.size(); ++i) {
      gen_case& c = cases[pool[i]];
      c.extra = i < spec.summary_warnings                      ? situation::none
                : i < spec.summary_warnings + spec.summary_cash ? situation::cash
                                                                : situation::bank;
      if (c.extra == situation::cash) c.party = party_kind::natural_person;
    }
  }

  // Hearings among the major cases (the first `major_rights_hearings` bear on major rights).
  {
    const auto majors = indices_of([](const gen_case& c) { return c.k == case_kind::major; });
    for (std::size_t i = 0; i < spec.major_hearings; ++i) {
      cases[majors[i]].hearing = true;
      cases[majors[i]].major_rights = i < spec.major_rights_hearings;
    }
  }

  // Discretion on penalty decisions: a pool of levels dealt to a random choice of ordinary and major cases.
  {
    std::vector<discretion> levels;
    levels.insert(levels.end(), spec.discretion_standard, discretion::standard);
    levels.insert(levels.end(), spec.discretion_lighter, discretion::lighter);
    levels.insert(levels.end(), spec.discretion_mitigated, discretion::mitigated);
    levels.insert(levels.end(), spec.discretion_heavier, discretion::heavier);
    shuffle(levels, r);
    const auto pool = indices_of([](const gen_case& c) { return has_penalty(c.k); });
    static const char* small_types[] = {"food-label", "price-marking", "unlicensed-business", "weights-measures"};
    for (std::size_t i = 0; i < levels.size(); ++i) {
      gen_case& c = cases[pool[i]];
      c.level = levels[i];
      if (c.k == case_kind::major) {
        c.vtype = find_type("false-advertising");
      } else if (c.level == discretion::mitigated) {
        c.vtype = find_type(r.chance(rate(mrate::mitigated_food_label)) ? "food-label" : "false-advertising");
      } else {
        c.vtype = find_type(small_types[r.below(4)]);
      }
    }
    // No-penalty decisions: first violations, and `exempt_no_penalty` on another ground.
    const auto np = indices_of([](const gen_case& c) { return c.k == case_kind::no_penalty; });
    for (std::size_t i = 0; i < np.size(); ++i) {
      gen_case& c = cases[np[i]];
      if (i < spec.exempt_no_penalty) {
        c.level = discretion::exempt;
        c.vtype = find_type(r.chance(rate(mrate::exempt_price_marking)) ? "price-marking" : "weights-measures");
      } else {
        c.level = discretion::first_violation;
        c.vtype = find_type(small_types[r.below(4)]);
      }
    }
  }

  // Warnings: ordinary cases without a benchmark.
  {
    const auto pool = indices_of([](const gen_case& c) { return c.k == case_kind::ordinary && !c.level; });
    for (std::size_t i = 0; i < spec.warnings && i < pool.size(); ++i) cases[pool[i]].warning = true;
  }

  // Penalties.
  for (auto& c : cases) {
    if (c.k == case_kind::summary) {
      if (c.extra == situation::none) {
        c.pen.add(penalty_kind::warning);
      } else if (c.extra == situation::cash) {
        c.pen = fine_penalty(r.between64(1, 2) * 5000);  // 50 or 100 yuan (处罚法 第六十八条第一项)
      } else if (c.party == party_kind::natural_person) {
        c.pen = fine_penalty(r.between64(1, 4) * 5000);  // 50 to 200 yuan
      } else {
        c.pen = fine_penalty(r.between64(5, 30) * 10000);  // 500 to 3,000 yuan
      }
    } else if (has_penalty(c.k)) {
      if (c.warning) {
        c.pen.add(penalty_kind::warning);
      } else if (c.level) {
        // A major case's fine is in the hearing scope (听证办法 第五条: 100,000 yuan for an organisation).
        const std::int64_t min_fen = c.k == case_kind::major ? prof.hearing_amount_organisation_fen : 0;
        c.pen = fine_penalty(fine_in(band(*c.vtype, *c.level), min_fen, r));
      } else if (c.k == case_kind::major) {
        c.pen = fine_penalty(r.between64(100, 600) * 100000);  // 100,000 to 600,000 yuan
      } else if (c.party == party_kind::natural_person) {
        c.pen = fine_penalty(r.between64(5, 95) * 10000);  // 500 to 9,500 yuan
      } else {
        c.pen = fine_penalty(r.between64(10, 300) * 10000);  // 1,000 to 30,000 yuan
      }
    }
  }

  // Remedies: on fined ordinary and major cases.
  {
    const auto pool = indices_of([](const gen_case& c) { return fined(c); });
    for (std::size_t i = 0; i < spec.lawsuits; ++i) {
      cases[pool[i]].lawsuit = true;
      cases[pool[i]].head_in_court = i < spec.lawsuits_head_appearing;
    }
    for (std::size_t i = 0; i < spec.reconsiderations; ++i) cases[pool[spec.lawsuits + i]].reconsideration = true;
    const auto fined_summary = indices_of([](const gen_case& c) { return c.k == case_kind::summary && c.pen.fine_fen > 0; });
    for (std::size_t i = 0; i < spec.summary_reconsiderations; ++i) cases[fined_summary[i]].reconsideration = true;
  }

  // Everyday situations: ordinary fined cases without a remedy, at most one a case.
  {
    const auto pool = indices_of([](const gen_case& c) {
      return c.k == case_kind::ordinary && !c.warning && !c.lawsuit && !c.reconsideration;
    });
    std::size_t next = 0;
    auto take = [&](std::size_t n, situation x) {
      std::vector<gen_case*> out;
      for (std::size_t i = 0; i < n; ++i) {
        gen_case& c = cases[pool[next++]];
        c.extra = x;
        out.push_back(&c);
      }
      return out;
    };
    const auto testing = take(spec.testing_cases, situation::testing);
    for (std::size_t i = 0; i < spec.testing_late_gross; ++i) testing[i]->testing_late = true;
    const auto confiscation = take(spec.confiscation_cases, situation::confiscation);
    for (std::size_t i = 0; i < confiscation.size(); ++i) {
      gen_case& c = *confiscation[i];
      const bool person = c.party == party_kind::natural_person;
      c.pen.add(penalty_kind::confiscation);
      // Gains 500-5,000 yuan (natural persons) or 2,000-50,000 yuan; goods valued 300-5,000 or 1,000-30,000 yuan.
      c.pen.illegal_gains_fen = person ? r.between64(5, 50) * 10000 : r.between64(20, 500) * 10000;
      if (i < spec.confiscation_goods) {
        c.goods = true;
        c.pen.illegal_property_fen = person ? r.between64(3, 50) * 10000 : r.between64(10, 300) * 10000;
      }
    }
    for (gen_case* c : take(spec.deferred_cases, situation::deferral)) {
      c->instalments = r.chance(rate(mrate::deferral_single)) ? 1 : r.chance(rate(mrate::instalments_three)) ? 3 : 2;
    }
    take(spec.surcharge_cases, situation::surcharge);
  }

  // Clue sources: exact counts by largest remainder; summary cases are found on inspection first.
  {
    std::uint64_t weight_sum = 0;
    for (const auto& [name, wgt] : spec.clue_sources) weight_sum += wgt;
    if (weight_sum == 0) throw invalid_argument_error("sample year: clue source weights sum to zero");
    const std::uint64_t n = cases.size();
    std::vector<std::uint64_t> counts;
    std::vector<std::pair<std::uint64_t, std::size_t>> remainders;
    std::uint64_t given = 0;
    for (std::size_t i = 0; i < spec.clue_sources.size(); ++i) {
      const std::uint64_t x = n * spec.clue_sources[i].second;
      counts.push_back(x / weight_sum);
      given += x / weight_sum;
      remainders.emplace_back(x % weight_sum, i);
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    for (std::size_t i = 0; given < n; ++i, ++given) ++counts[remainders[i % remainders.size()].second];
    // Summary cases (found on patrol) take the inspections first; the other labels are dealt at random.
    std::size_t inspections = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (spec.clue_sources[i].first == "inspection") inspections = counts[i];
    }
    const std::size_t to_summary = std::min<std::size_t>(inspections, spec.summary_cases);
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      const auto& name = spec.clue_sources[i].first;
      labels.insert(labels.end(), counts[i] - (name == "inspection" ? to_summary : 0), name);
    }
    shuffle(labels, r);
    std::vector<std::size_t> order;
    for (const auto& c : cases) {
      if (c.k == case_kind::summary) order.push_back(c.index);
    }
    for (const auto& c : cases) {
      if (c.k != case_kind::summary) order.push_back(c.index);
    }
    std::vector<std::string> all(to_summary, "inspection");
    all.insert(all.end(), labels.begin(), labels.end());
    for (std::size_t i = 0; i < order.size(); ++i) cases[order[i]].source = all[i];
  }

  // Defects: at most one a case, never on a case with a remedy.
  {
    struct want {
      defect d;
      double rate;
      bool (*eligible)(const gen_case&);
    };
    const want wants[] = {
        {defect::approval_signature, spec.approval_signature_rate, [](const gen_case& c) { return c.k != case_kind::summary; }},
        {defect::record_signature, spec.record_signature_rate,
         [](const gen_case& c) { return c.k != case_kind::summary && c.k != case_kind::criminal_transfer; }},
        {defect::late_service, spec.late_service_rate, [](const gen_case& c) { return c.k == case_kind::ordinary; }},
        {defect::decision_document, spec.decision_document_rate,
         [](const gen_case& c) {
           return c.k == case_kind::ordinary || c.k == case_kind::no_penalty || c.k == case_kind::not_established;
         }},
        {defect::archive_order, spec.archive_order_rate, [](const gen_case& c) { return fined(c); }},
        {defect::missing_av, spec.missing_av_record_rate, [](const gen_case& c) { return c.k != case_kind::summary; }},
        {defect::late_closure, spec.late_closure_rate, [](const gen_case& c) { return fined(c); }},
        {defect::reconsideration_route, spec.reconsideration_route_rate,
         [](const gen_case& c) { return c.k == case_kind::summary; }},
    };
    for (const auto& x : wants) {
      // 行政复议法 (2023) 第二十三条第二款 applies to 当场 decisions from 2024: no such defect before.
      if (x.d == defect::reconsideration_route && Y < 2024) continue;
      const auto n = static_cast<std::size_t>(std::llround(x.rate * static_cast<double>(spec.cases)));
      const auto pool = indices_of([&](const gen_case& c) {
        return c.planted == defect::none && !c.lawsuit && !c.reconsideration && x.eligible(c);
      });
      if (n > pool.size()) throw invalid_argument_error("sample year: too many defects for the cases available");
      for (std::size_t i = 0; i < n; ++i) {
        cases[pool[i]].planted = x.d;
        cases[pool[i]].variant = x.d == defect::approval_signature && r.chance(rate(mrate::closing_form_unsigned));
      }
    }
  }
  return cases;
}

}  // namespace sample_year_detail

using namespace sample_year_detail;

const std::vector<sample_violation_type>& sample_violation_types() {
  // The bands of data/discretion/national.json (compiled in); {0, 0}: the type has no band at that level.
  static const discretion_benchmarks data =
      discretion_benchmarks::parse(detail::builtin_discretion_national_json, "data/discretion/national.json");
  static const std::vector<sample_violation_type> types = [] {
    std::vector<sample_violation_type> out;
    for (const auto& t : data.types) {
      const auto band_of = [&](discretion d) {
        const auto it = t.bands.find(d);
        return it == t.bands.end() ? std::pair<std::int64_t, std::int64_t>{0, 0}
                                   : std::pair<std::int64_t, std::int64_t>{it->second.min_fen, it->second.max_fen};
      };
      out.push_back({t.id.c_str(), band_of(discretion::standard), band_of(discretion::lighter),
                     band_of(discretion::mitigated), band_of(discretion::heavier)});
    }
    return out;
  }();
  return types;
}

std::vector<sample_year_parameter> sample_year_parameters(const sample_year_spec& spec) {
  std::vector<sample_year_parameter> out;
  const auto count = [&](const char* name, std::size_t n) { out.push_back({name, std::to_string(n)}); };
  count("year", static_cast<std::size_t>(spec.year));
  for (const auto& [name, n] : spec_counts(spec)) count(name, n);
  for (const auto& [name, weight] : spec.clue_sources) out.push_back({"clue_source." + name, std::to_string(weight)});
  for (const auto& [name, x] : spec_rates(spec)) out.push_back({name, percent(std::llround(x * 10000))});
  for (const auto& [name, permille] : model_rates) out.push_back({name, percent(permille * 10)});
  out.push_back({"surcharge_daily", percent(surcharge_daily_percent * 100)});
  return out;
}

void check_sample_year_spec(const sample_year_spec& spec, const calendar& cal) {
  const std::size_t ordinary_count = checked_sum(spec);
  const std::size_t penalty_discretion =
      spec.discretion_standard + spec.discretion_lighter + spec.discretion_mitigated + spec.discretion_heavier;
  if (spec.major_hearings > spec.major_cases || spec.major_rights_hearings > spec.major_hearings ||
      spec.exempt_no_penalty > spec.no_penalty_cases || spec.lawsuits_head_appearing > spec.lawsuits ||
      spec.warnings + penalty_discretion > ordinary_count + spec.major_cases ||
      spec.warnings > ordinary_count || spec.lawsuits + spec.reconsiderations > ordinary_count / 2 ||
      spec.batch_size == 0 || spec.clue_sources.empty()) {
    throw invalid_argument_error("sample year: inconsistent spec (hearings, exemptions, warnings, discretion, "
                                 "remedies or batch size)");
  }
  // The situations take ordinary fined cases without a remedy (warnings are unfined; the remedies may all fall on
  // ordinary cases); the summary ones divide the summary cases.
  const std::size_t situations = spec.testing_cases + spec.confiscation_cases + spec.deferred_cases + spec.surcharge_cases;
  if (spec.testing_late_gross > spec.testing_cases || spec.confiscation_goods > spec.confiscation_cases ||
      situations + spec.warnings + spec.lawsuits + spec.reconsiderations > ordinary_count ||
      spec.summary_warnings + spec.summary_cash > spec.summary_cases ||
      spec.summary_reconsiderations > spec.summary_cases - spec.summary_warnings) {
    throw invalid_argument_error("sample year: inconsistent spec (testing, confiscation, deferral, surcharge or "
                                 "summary-procedure situations)");
  }
  const int Y = spec.year;
  if (Y < 1401 || Y > 9998)
    throw invalid_argument_error("sample year: year " + std::to_string(Y) + " is outside 1401-9998");
  const date year_from(static_cast<unsigned short>(Y), 1, 1), year_to(static_cast<unsigned short>(Y), 12, 31);
  const date earliest = year_from - days(92);
  if (!cal.covers(earliest) || !cal.covers(year_to)) {
    throw invalid_argument_error("sample year: " + std::to_string(Y) + " (from " + to_iso(earliest) +
                                 ") is not covered by the calendar " + cal.version());
  }
}

sample_year_spec scaled_sample_year_spec(const sample_year_spec& spec, std::size_t cases) {
  if (spec.cases == 0) throw invalid_argument_error("sample year: cannot scale a year of 0 cases");
  sample_year_spec out = spec;
  const auto scale = [&](std::size_t n) {
    return static_cast<std::size_t>((static_cast<double>(n) * static_cast<double>(cases)) / static_cast<double>(spec.cases) + 0.5);
  };
  out.cases = cases;
  for (auto* n : {&out.summary_cases, &out.major_cases, &out.major_hearings, &out.major_rights_hearings,
                  &out.no_penalty_cases, &out.exempt_no_penalty, &out.not_established_cases, &out.terminated_cases,
                  &out.administrative_transfers, &out.criminal_transfers, &out.warnings, &out.discretion_standard,
                  &out.discretion_lighter, &out.discretion_mitigated, &out.discretion_heavier, &out.reconsiderations,
                  &out.lawsuits, &out.lawsuits_head_appearing, &out.summary_reconsiderations, &out.testing_cases,
                  &out.testing_late_gross, &out.confiscation_cases, &out.confiscation_goods, &out.deferred_cases,
                  &out.surcharge_cases, &out.summary_warnings, &out.summary_cash})
    *n = scale(*n);
  out.testing_late_gross = std::min(out.testing_late_gross, out.testing_cases);
  out.confiscation_goods = std::min(out.confiscation_goods, out.confiscation_cases);
  out.summary_cash = std::min(out.summary_cash, out.summary_cases - std::min(out.summary_warnings, out.summary_cases));
  out.summary_warnings = std::min(out.summary_warnings, out.summary_cases);
  out.major_hearings = std::min(out.major_hearings, out.major_cases);
  out.major_rights_hearings = std::min(out.major_rights_hearings, out.major_hearings);
  out.exempt_no_penalty = std::min(out.exempt_no_penalty, out.no_penalty_cases);
  out.lawsuits_head_appearing = std::min(out.lawsuits_head_appearing, out.lawsuits);
  return out;
}

}  // namespace penaltyflow
