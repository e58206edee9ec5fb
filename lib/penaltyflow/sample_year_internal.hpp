// Private to the sample-year generator (lib/penaltyflow/sample_year*.cpp): the plan's types, the seeded
// randomness, the modelling rates and the calendar helpers its files share, and the functions each file
// provides — the plan (sample_year_plan.cpp), the case builder (sample_year_case.cpp), the documents and file
// indexes (sample_year_archive.cpp), the counts and JSON (sample_year_manifest.cpp). docs/sample-year.md.
#pragma once

#include <penaltyflow/calendar.hpp>
#include <penaltyflow/deadline.hpp>
#include <penaltyflow/profile.hpp>
#include <penaltyflow/sample_year.hpp>

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace penaltyflow::sample_year_detail {

using boost::gregorian::days;

// ---- randomness: std::mt19937_64's output is fixed by the standard; everything else is our arithmetic ----------

/// The generator's only source of randomness.
class rng {
 public:
  explicit rng(std::uint64_t seed) : g_(seed) {}
  /// Uniform in [0, n), n >= 1 (rejection sampling: no modulo bias).
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x = g_();
    while (x >= limit) x = g_();
    return x % n;
  }
  /// Uniform in [lo, hi].
  int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1)); }
  std::int64_t between64(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  /// True with probability permille / 1000.
  bool chance(unsigned permille) { return below(1000) < permille; }

 private:
  std::mt19937_64 g_;
};

template <class T>
void shuffle(std::vector<T>& v, rng& r) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[r.below(i)]);
}

// ---- modelling rates [M] (docs/sample-year.md, "Parameters"): probabilities in permille --------------------------

enum class mrate : std::uint8_t {
  summary_natural_person,   ///< a summary case's party is a natural person (warnings and bank payments)
  ordinary_natural_person,  ///< an ordinary case's party is a natural person
  major_ground_complex,     ///< a major case's ground is (三) complex rather than (一) public interest
  mitigated_food_label,     ///< a mitigated ordinary decision concerns food labels rather than advertising
  exempt_price_marking,     ///< an exempt no-penalty decision concerns price marking rather than measures
  closing_form_unsigned,    ///< the unsigned approval form is the 结案审批表 rather than the 立案审批表
  deferral_single,          ///< a deferral is 延期 (one date) rather than 分期
  instalments_three,        ///< 分期 in three instalments rather than two
  count
};
inline constexpr std::pair<const char*, unsigned> model_rates[] = {
    {"summary_natural_person", 600}, {"ordinary_natural_person", 200}, {"major_ground_complex", 500},
    {"mitigated_food_label", 700},   {"exempt_price_marking", 500},    {"closing_form_unsigned", 500},
    {"deferral_single", 300},        {"instalments_three", 500}};
static_assert(std::size(model_rates) == static_cast<std::size_t>(mrate::count));
constexpr unsigned rate(mrate m) { return model_rates[static_cast<std::size_t>(m)].second; }

/// 加处罚款: 3 % of the fine a day in default (处罚法 第七十二条第一款第一项; 程序规定 第七十五条).
inline constexpr std::int64_t surcharge_daily_percent = 3;

/// "1.5%" for 150 per ten thousand.
std::string percent(std::int64_t per_ten_thousand);

// ---- the plan ---------------------------------------------------------------------------------------------------

enum class case_kind : std::uint8_t {
  summary, ordinary, major, no_penalty, not_established, terminated, transfer_administrative, criminal_transfer
};

/// The manifest's name of a kind (sample_case::kind).
const char* kind_name(case_kind k);

enum class defect : std::uint8_t {
  none, approval_signature, record_signature, late_service, decision_document, archive_order, missing_av, late_closure,
  reconsideration_route
};

/// The everyday situation a case shows beside its kind (docs/sample-year.md).
enum class situation : std::uint8_t { none, testing, confiscation, deferral, surcharge, cash, bank };

/// An event with its documents, and the defect planted on it (if any).
struct gen_event {
  event ev;
  std::vector<document> docs;
  defect mark = defect::none;
  std::size_t mark_doc = 0;  ///< the document the defect concerns
};

/// One case of the plan: what it is, who works on it, what it shows, and (once built) its events.
struct gen_case {
  case_kind k = case_kind::ordinary;
  std::size_t index = 0;  ///< position in the plan (tie-breaker)
  party_kind party = party_kind::organisation;
  std::string source;
  bool warning = false, hearing = false, major_rights = false;
  bool lawsuit = false, head_in_court = false, reconsideration = false;
  std::optional<discretion> level;
  const sample_violation_type* vtype = nullptr;
  penalty pen;  ///< the penalty decided (penalty kinds)
  defect planted = defect::none;
  bool variant = false;  ///< approval_signature: the 结案审批表 instead of the 立案审批表
  situation extra = situation::none;
  bool testing_late = false;  ///< testing: decided over 90 days after filing (within 90 net of the testing)
  bool goods = false;         ///< confiscation: 没收非法财物 too
  int instalments = 0;        ///< deferral: 1 (延期) or 2-3 (分期)
  date filed, decided;        ///< ordinary cases: for the testing cases' placement
  std::size_t officer_a = 0, officer_b = 0, head = 0, reviewer = 0, legal_reviewer = 0, host = 0, rep = 0;
  std::vector<gen_event> events;
  std::string id;
  date received, concluded;
};

/// The manifest's name of a case's situation (sample_case::situation).
const char* situation_name(const gen_case& c);

inline bool has_penalty(case_kind k) { return k == case_kind::ordinary || k == case_kind::major; }
inline bool fined(const gen_case& c) { return has_penalty(c.k) && !c.warning; }

// ---- calendar ---------------------------------------------------------------------------------------------------

/// Working days of the store's calendar.
struct days_of {
  const calendar& cal;
  bool working(date d) const { return cal.status(d) == day_status::working; }
  date next_working(date d) const {
    while (!working(d)) d += days(1);
    return d;
  }
  /// The n-th working day after d (n >= 1), or d itself (moved to a working day) for n <= 0.
  date after(date d, int n) const { return n <= 0 ? next_working(d) : add_working_days(cal, d, n); }
  /// The last working day on or before d, but not before `floor` (returned as is if none is).
  date on_or_before(date d, date floor) const {
    while (d > floor && !working(d)) d -= days(1);
    return d;
  }
};

// ---- people ---------------------------------------------------------------------------------------------------

/// The bureau's people: 30 officers, 4 heads, the principal head, reviewers, legal reviewers, hearing hosts and
/// agency representatives (docs/sample-year.md).
struct people {
  std::vector<actor> officers, heads, reviewers, legal_reviewers, hosts, representatives;
  actor principal;
};
people make_people(int year);

// ---- what each file provides ----------------------------------------------------------------------------------

/// sample_year_plan.cpp: the cases of `spec` with their kinds, people, features, penalties, remedies, situations,
/// clue sources and defects, in plan order (`index`), not yet built. Throws invalid_argument_error when the spec
/// asks for more defects than there are cases they can apply to.
std::vector<gen_case> plan_cases(const sample_year_spec& spec, const profile& prof, const people& p, rng& r);
/// The ordinary penalty cases with 案件审核 that the mix leaves; throws invalid_argument_error when the mix
/// exceeds `cases`.
std::size_t checked_sum(const sample_year_spec& s);
/// The spec's counts and its defect rates, named as its fields (the manifest's spec and the parameters).
std::vector<std::pair<const char*, std::size_t>> spec_counts(const sample_year_spec& s);
std::vector<std::pair<const char*, double>> spec_rates(const sample_year_spec& s);
/// The circumstances a decision of `t` at level `d` records (docs/sample-year.md, "Violation types and fines").
std::vector<std::string> circumstances_for(const sample_violation_type& t, discretion d);

/// sample_year_case.cpp: builds the case's events from `start` (the clue day, or a summary case's decision day),
/// sorted by time; sets its `concluded` day (and `filed`, `decided` for ordinary penalties).
void build_case(const days_of& w, rng& r, const people& p, const profile& prof, gen_case& c, date start);

/// sample_year_archive.cpp: numbers every document per kind and year, fills each archived event's file index
/// (程序规定 第七十八条) and lists the findings the evaluation must report for the planted defects and the
/// lawsuits without a head in court, by case id then case_seq. The cases carry their ids.
std::vector<planted_finding> number_documents(std::vector<gen_case>& cases, const sample_year_spec& spec);

/// sample_year_manifest.cpp: the counts of `expected` and the manifest's case list, from the plan.
void count_cases(const std::vector<gen_case>& cases, sample_year_manifest& m);

}  // namespace penaltyflow::sample_year_detail
