// The sample-year generator (docs/sample-year.md): plans every case (sample_year_plan.cpp), builds each inside
// the year on working days of the calendar (sample_year_case.cpp), numbers the documents and builds the file
// indexes (sample_year_archive.cpp), counts the manifest from the plan (sample_year_manifest.cpp), and appends
// every event through the store in time order. Counts and expected findings come from the plan, never from
// reading the store back.
#include "sample_year_internal.hpp"

#include <penaltyflow/error.hpp>

#include <algorithm>
#include <cstdio>

namespace penaltyflow {

using namespace sample_year_detail;

sample_year_manifest generate_sample_year(store& s, const sample_year_spec& spec) {
  const calendar& cal = s.flow().active_calendar();
  check_sample_year_spec(spec, cal);
  const profile& prof = s.flow().active_profile();
  const int Y = spec.year;
  const date year_from(static_cast<unsigned short>(Y), 1, 1), year_to(static_cast<unsigned short>(Y), 12, 31);
  rng r(spec.seed);
  const people p = make_people(Y);
  const days_of w{cal};
  std::vector<gen_case> cases = plan_cases(spec, prof, p, r);

  // ---- schedule every case inside the year ----
  for (auto& c : cases) {
    bool placed = false;
    for (int attempt = 0; attempt < 500 && !placed; ++attempt) {
      date start;
      if (c.k == case_kind::summary) {
        start = w.next_working(year_from + days(r.between(2, 340)));
      } else {
        const date from = year_from - days(31);
        const int span = (c.lawsuit || c.reconsideration) ? 150 : 334;
        start = w.next_working(from + days(r.between(0, span)));
      }
      build_case(w, r, p, prof, c, start);
      const date last = c.events.back().ev.day();
      placed = c.concluded >= year_from && c.concluded <= year_to && last <= year_to;
      if (c.extra == situation::testing) {
        // Over 90 days from filing to decision only for the cases planned so (net of the testing: always within).
        const auto gross = (c.decided - c.filed).days();
        placed = placed && (c.testing_late ? gross >= 95 : gross <= 85);
      }
      c.received = c.events.front().ev.day();
    }
    if (!placed) {
      throw invalid_argument_error(std::string("sample year: a ") + kind_name(c.k) + " case could not be placed in " +
                                   std::to_string(Y) + " (a spec the year cannot hold)");
    }
  }

  // ---- ids (by clue time), document numbers, file indexes, findings, counts ----
  std::stable_sort(cases.begin(), cases.end(), [](const gen_case& x, const gen_case& y) {
    return x.events.front().ev.at < y.events.front().ev.at;
  });
  for (std::size_t i = 0; i < cases.size(); ++i) {
    char id[64];
    std::snprintf(id, sizeof id, "%s-%d-%04zu", spec.case_prefix.c_str(), Y, i + 1);
    cases[i].id = id;
  }
  sample_year_manifest m;
  m.spec = spec;
  m.expected_findings = number_documents(cases, spec);
  count_cases(cases, m);

  // ---- append in time order ----
  struct ref {
    instant at;
    std::uint32_t c, e;
  };
  std::vector<ref> order;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    for (std::size_t e = 0; e < cases[i].events.size(); ++e) {
      order.push_back({cases[i].events[e].ev.at, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(e)});
    }
  }
  std::stable_sort(order.begin(), order.end(), [](const ref& x, const ref& y) { return x.at < y.at; });
  std::vector<append_request> batch;
  batch.reserve(spec.batch_size);
  auto flush = [&] {
    if (batch.empty()) return;
    const auto res = s.append_many(batch);
    if (!res.accepted) {
      const auto& q = batch[res.index];
      std::string rules;
      for (const auto& x : res.refused.refusals) rules += (rules.empty() ? "" : ", ") + x.rule_id + " (" + x.message_en + ")";
      throw error(error_code::invalid_argument, "sample year: the workflow refused case \"" + q.case_id + "\" event " +
                                                    std::to_string(q.expected_version + 1) + " " +
                                                    std::string(to_string(q.ev.type)) + " at " + to_iso(q.ev.at) +
                                                    ": " + rules);
    }
    m.events += batch.size();
    batch.clear();
  };
  for (const auto& x : order) {
    gen_case& c = cases[x.c];
    gen_event& g = c.events[x.e];
    batch.push_back({c.id, x.e, std::move(g.ev), x.at, std::move(g.docs)});
    if (batch.size() >= spec.batch_size) flush();
  }
  flush();
  return m;
}

}  // namespace penaltyflow
