// The sample-year generator (docs/sample-year.md). Plans every case first (the mix, the features, the defects),
// then walks each case through the procedure on working days of the calendar, numbers the documents, builds the
// archive file indexes, and appends every event through the store in time order. Counts and expected findings
// come from the plan, never from reading the store back.
#include <penaltyflow/error.hpp>
#include <penaltyflow/money.hpp>
#include <penaltyflow/rules.hpp>
#include <penaltyflow/sample_year.hpp>

#include <boost/date_time/posix_time/posix_time_types.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <optional>
#include <random>

namespace penaltyflow {

namespace {

using boost::gregorian::days;
using boost::posix_time::minutes;
using et = event_type;

// ---- randomness: std::mt19937_64's output is fixed by the standard; everything else is our arithmetic ----------

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
constexpr std::pair<const char*, unsigned> model_rates[] = {
    {"summary_natural_person", 600}, {"ordinary_natural_person", 200}, {"major_ground_complex", 500},
    {"mitigated_food_label", 700},   {"exempt_price_marking", 500},    {"closing_form_unsigned", 500},
    {"deferral_single", 300},        {"instalments_three", 500}};
static_assert(std::size(model_rates) == static_cast<std::size_t>(mrate::count));
constexpr unsigned rate(mrate m) { return model_rates[static_cast<std::size_t>(m)].second; }

/// 加处罚款: 3 % of the fine a day in default (处罚法 第七十二条第一款第一项; 程序规定 第七十五条).
constexpr std::int64_t surcharge_daily_percent = 3;

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

// ---- the plan ---------------------------------------------------------------------------------------------------

enum class case_kind : std::uint8_t {
  summary, ordinary, major, no_penalty, not_established, terminated, transfer_administrative, criminal_transfer
};

const char* kind_name(case_kind k) {
  switch (k) {
    case case_kind::summary: return "summary";
    case case_kind::ordinary: return "ordinary";
    case case_kind::major: return "major";
    case case_kind::no_penalty: return "no_penalty";
    case case_kind::not_established: return "not_established";
    case case_kind::terminated: return "terminated";
    case case_kind::transfer_administrative: return "transfer_administrative";
    case case_kind::criminal_transfer: return "criminal_transfer";
  }
  return "?";
}

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
const char* situation_name(const gen_case& c) {
  switch (c.extra) {
    case situation::testing: return c.testing_late ? "testing-late-gross" : "testing";
    case situation::confiscation: return c.goods ? "confiscation-goods" : "confiscation";
    case situation::deferral: return c.instalments == 1 ? "deferral" : "instalments";
    case situation::surcharge: return "surcharge";
    case situation::cash: return "cash";
    case situation::bank: return "bank";
    case situation::none: break;
  }
  return c.k == case_kind::summary ? "warning" : "";
}

bool has_penalty(case_kind k) { return k == case_kind::ordinary || k == case_kind::major; }
bool fined(const gen_case& c) { return has_penalty(c.k) && !c.warning; }

// ---- people -----------------------------------------------------------------------------------------------------

struct people {
  std::vector<actor> officers, heads, reviewers, legal_reviewers, hosts, representatives;
  actor principal;
};

std::string person_name(std::size_t i) {
  static const char* surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                   "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
  static const char* given[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇",
                                "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "建华"};
  return std::string(surnames[i % 20]) + given[(i * 7 + i / 20) % 22];
}

actor person(const std::string& id, std::size_t name_index, actor_role role) {
  actor a;
  a.id = id;
  a.name = person_name(name_index);
  a.role = role;
  return a;
}

people make_people(int year) {
  people p;
  char id[16];
  for (std::size_t i = 0; i < 30; ++i) {
    std::snprintf(id, sizeof id, "ZF%03zu", i + 1);
    actor a = person(id, i, actor_role::officer);
    std::snprintf(id, sizeof id, "2104%04zu", i + 1);
    a.enforcement_certificate =
        certificate{id, date(static_cast<unsigned short>(year - 4), 1, 1), date(static_cast<unsigned short>(year + 3), 12, 31)};
    p.officers.push_back(std::move(a));
  }
  for (std::size_t i = 0; i < 4; ++i) p.heads.push_back(person("H" + std::to_string(i + 1), 40 + i, actor_role::head));
  p.principal = person("P1", 50, actor_role::principal_head);
  for (std::size_t i = 0; i < 4; ++i) {
    p.reviewers.push_back(person("R" + std::to_string(i + 1), 60 + i, actor_role::reviewer));
  }
  for (std::size_t i = 0; i < 3; ++i) {
    actor a = person("L" + std::to_string(i + 1), 70 + i, actor_role::legal_reviewer);
    a.legal_qualification = true;
    p.legal_reviewers.push_back(std::move(a));
    p.hosts.push_back(person("T" + std::to_string(i + 1), 80 + i, actor_role::hearing_host));
    p.representatives.push_back(person("D" + std::to_string(i + 1), 90 + i, actor_role::agency_representative));
  }
  return p;
}

std::vector<std::string> signers(const event& e, std::initializer_list<actor_role> roles) {
  std::vector<std::string> out;
  for (const auto& a : e.actors) {
    if (std::find(roles.begin(), roles.end(), a.role) != roles.end()) out.push_back(a.id);
  }
  return out;
}

// ---- discretion -------------------------------------------------------------------------------------------------

const sample_violation_type* find_type(const char* id) {
  for (const auto& t : sample_violation_types()) {
    if (std::string(t.id) == id) return &t;
  }
  return nullptr;
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

penalty fine_penalty(std::int64_t fen) {
  penalty p;
  p.add(penalty_kind::fine);
  p.fine_fen = fen;
  return p;
}

// ---- calendar ---------------------------------------------------------------------------------------------------

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

// ---- building one case ------------------------------------------------------------------------------------------

class case_builder {
 public:
  case_builder(const days_of& w, rng& r, const people& p, const profile& prof, gen_case& c)
      : w_(w), r_(r), p_(p), prof_(prof), c_(c) {}

  /// Builds the case from the clue day (or, for a summary case, the decision day).
  void build(date start) {
    c_.events.clear();
    cursor_ = instant();
    if (c_.k == case_kind::summary) {
      summary(start);
    } else {
      ordinary(start);
    }
    std::stable_sort(c_.events.begin(), c_.events.end(),
                     [](const gen_event& a, const gen_event& b) { return a.ev.at < b.ev.at; });
  }

 private:
  const actor& a() const { return p_.officers[c_.officer_a]; }
  const actor& b() const { return p_.officers[c_.officer_b]; }
  const actor& h() const { return p_.heads[c_.head]; }

  instant time_on(date d) {
    instant t;
    if (!cursor_.is_special() && d == cursor_.date()) {
      t = cursor_ + minutes(r_.between(15, 60));
    } else {
      t = instant(d, boost::posix_time::hours(8) + minutes(30 + r_.between(0, 420)));
    }
    if (!cursor_.is_special() && t < cursor_) t = cursor_ + minutes(5);
    cursor_ = t;
    return t;
  }

  gen_event& add(et type, date d, std::vector<actor> actors = {}) {
    gen_event g;
    g.ev.type = type;
    g.ev.at = time_on(d);
    g.ev.actors = std::move(actors);
    c_.events.push_back(std::move(g));
    return c_.events.back();
  }

  /// An event off the main line (remedies): its own time on `d`, not moving the cursor.
  gen_event& add_aside(et type, date d, std::vector<actor> actors = {}) {
    gen_event g;
    g.ev.type = type;
    g.ev.at = instant(d, boost::posix_time::hours(9) + minutes(r_.between(0, 400)));
    g.ev.actors = std::move(actors);
    c_.events.push_back(std::move(g));
    return c_.events.back();
  }

  static document& doc(gen_event& g, const char* kind, std::vector<std::string> sign = {}, int pages = 0) {
    g.docs.emplace_back(kind, std::string(), g.ev.day(), std::move(sign), pages, pages);
    return g.docs.back();
  }

  void mark(gen_event& g, defect d, std::size_t doc_index = 0) {
    g.mark = d;
    g.mark_doc = doc_index;
  }

  void summary(date d) {
    auto& clue = add(et::clue_received, d, {a()});
    clue.ev.party = c_.party;
    clue.ev.subject = c_.source;
    auto& dec = add(et::summary_decision, d, {a(), b()});
    dec.ev.party = c_.party;
    dec.ev.violation_date = d;
    dec.ev.proposed = c_.pen;
    dec.ev.items = summary_item::all;  // R-SUMMARY-NOTICE: told on the spot, statements recorded
    // 行政复议法 (2023) 第二十三条第二款: from 2024 the document tells the party to apply for 行政复议 first.
    if (d >= date(2024, 1, 1) && c_.planted != defect::reconsideration_route) {
      dec.ev.items |= summary_item::reconsideration_first;
    }
    doc(dec, "当场行政处罚决定书", signers(dec.ev, {actor_role::officer}));
    if (c_.planted == defect::reconsideration_route) mark(dec, defect::reconsideration_route);
    date last = d;
    if (c_.extra == situation::cash) {
      // 处罚法 第六十八条第一项: 一百元以下, collected on the spot and handed in within 2 working days.
      auto& cash = add(et::cash_collected, d, {a(), b()});
      cash.ev.amount_fen = c_.pen.fine_fen;
      doc(cash, "罚没款票据");
      last = w_.after(d, r_.between(1, 2));
      auto& in = add(et::cash_handed_in, last, {a()});
      in.ev.amount_fen = c_.pen.fine_fen;
    }
    const date filed = w_.after(d, r_.between(0, 2));
    add(et::summary_filed, std::max(filed, cursor_.date()), {a()});
    // 程序规定 第七十条: the file is handed in within 7 working days of the decision.
    const date handed = std::min(w_.after(std::max(last, cursor_.date()), r_.between(1, 3)), w_.after(d, 7));
    add(et::summary_handed_in, handed, {a()});
    c_.concluded = handed;
    if (c_.extra == situation::bank) {
      // 处罚法 第五十三条, 第六十七条第三款: paid at the bank within 15 days of the decision, before or after the
      // file is handed in (then in the `archived` stage).
      auto& pay = add_aside(et::payment_received, w_.on_or_before(d + days(r_.between(1, 14)), d + days(1)));
      pay.ev.amount_fen = c_.pen.fine_fen;
      pay.ev.item = execution_item::fine;  // R-EXEC-PAYMENT: a payment names its item
      doc(pay, "罚没款票据");
    }
    remedies(d);
  }

  void ordinary(date clue_day) {
    auto& clue = add(et::clue_received, clue_day, {a()});
    clue.ev.party = c_.party;
    clue.ev.subject = c_.source;
    clue.ev.received_by_transfer = c_.source == "transfer";
    doc(clue, "案源材料");

    auto& filed = add(et::case_filed, w_.after(clue_day, r_.between(1, 10)), {a(), b(), h()});
    filed.ev.party = c_.party;
    filed.ev.conditions = filing_condition::all;
    filed.ev.violation_date = clue_day - days(r_.between(1, 60));
    auto& filing_form = doc(filed, "立案审批表", signers(filed.ev, {actor_role::officer, actor_role::head}));
    if (c_.planted == defect::approval_signature && !c_.variant) {
      filing_form.signatories.pop_back();  // the head did not sign
      mark(filed, defect::approval_signature);
    }
    const date filed_day = filed.ev.day();
    c_.filed = filed_day;

    auto& site = add(et::investigative_act, w_.after(filed_day, r_.between(1, 5)), {a(), b()});
    site.ev.subject = "inspection";
    site.ev.involves_party = true;
    site.ev.rights_told = true;  // 程序规定 第二十一条第二款: the first contact with the party
    site.ev.av_recorded = c_.planted != defect::missing_av;
    if (c_.planted == defect::missing_av) mark(site, defect::missing_av);
    doc(site, "现场笔录", signers(site.ev, {actor_role::officer}), r_.between(1, 3));
    const date site_day = site.ev.day();

    if (c_.k == case_kind::criminal_transfer) {
      criminal(site_day);
      return;
    }

    const date report_day = c_.extra == situation::testing ? testing(site_day) : site_day;
    auto& ask = add(et::investigative_act, w_.after(report_day, r_.between(1, 5)), {a(), b()});
    ask.ev.subject = "questioning";
    ask.ev.involves_party = true;
    ask.ev.rights_told = true;
    ask.ev.av_recorded = true;
    auto& record = doc(ask, "询问笔录", signers(ask.ev, {actor_role::officer}), r_.between(2, 6));
    if (c_.planted == defect::record_signature) {
      record.signed_pages = record.pages - 1;  // the party did not sign one page (程序规定 第二十九条)
      mark(ask, defect::record_signature);
    }
    const date ask_day = ask.ev.day();

    if (c_.k == case_kind::terminated) {
      auto& t = add(et::investigation_terminated, w_.after(ask_day, r_.between(2, 10)), {a(), b(), h()});
      t.ev.ground = "当事人营业执照已被吊销且无财产可供执行（程序规定 第四十七条）";
      close_and_archive(t.ev.day());
      return;
    }

    auto& ended = add(et::investigation_ended, w_.after(ask_day, r_.between(2, 10)), {a(), b()});
    ended.ev.items = report_item::all;
    if (c_.k == case_kind::major) {
      ended.ev.grounds = r_.chance(rate(mrate::major_ground_complex)) ? review_ground::complex : review_ground::major_public_interest;
      if (c_.major_rights) ended.ev.grounds = review_ground::complex | review_ground::major_rights;
    }
    doc(ended, "调查终结报告", signers(ended.ev, {actor_role::officer}));

    review(w_.after(ended.ev.day(), r_.between(1, 5)));

    std::optional<decision_outcome> outcome;
    switch (c_.k) {
      case case_kind::no_penalty: outcome = decision_outcome::no_penalty; break;
      case case_kind::not_established: outcome = decision_outcome::not_established; break;
      case case_kind::transfer_administrative: outcome = decision_outcome::transfer_administrative; break;
      default: outcome = decision_outcome::penalty; break;
    }
    auto& ok = add(et::head_approved, w_.after(cursor_.date(), r_.between(1, 3)), {h()});
    ok.ev.outcome = outcome;
    if (*outcome == decision_outcome::penalty) ok.ev.proposed = c_.pen;
    doc(ok, "案件处理审批表", signers(ok.ev, {actor_role::head}));
    const date ok_day = ok.ev.day();

    if (*outcome != decision_outcome::penalty) {
      auto& dec = decision(w_.after(ok_day, r_.between(1, 3)), {h()}, *outcome);
      date trigger = dec.ev.day();
      if (*outcome == decision_outcome::no_penalty) {
        auto& edu = add(et::education_given, w_.after(trigger, r_.between(0, 2)), {a(), b()});
        trigger = edu.ev.day();
      }
      close_and_archive(trigger);
      return;
    }

    auto& notice = add(et::notice_served, w_.after(ok_day, r_.between(1, 3)), {a(), b()});
    notice.ev.proposed = c_.pen;
    notice.ev.hearing_right_stated = rules::in_hearing_scope(c_.pen, c_.party, prof_);
    doc(notice, "行政处罚告知书");
    doc(notice, "送达回证");
    const date notice_day = notice.ev.day();

    date decide;
    if (c_.hearing) {
      add(et::hearing_requested, w_.after(notice_day, r_.between(1, 4)));
      auto& hn = add(et::hearing_noticed, w_.after(cursor_.date(), r_.between(1, 3)), {p_.hosts[c_.host]});
      hn.ev.scheduled = w_.after(hn.ev.day(), r_.between(8, 10));  // 处罚法 第六十四条第二项: 7 working days ahead
      doc(hn, "听证通知书");
      doc(hn, "送达回证");
      const date held_day = *hn.ev.scheduled;
      auto& held = add(et::hearing_held, held_day, {p_.hosts[c_.host]});
      doc(held, "听证笔录", signers(held.ev, {actor_role::hearing_host}), r_.between(3, 8));
      doc(held, "听证报告", signers(held.ev, {actor_role::hearing_host}));
      date after = held_day;
      if (c_.major_rights) {  // 程序规定 第五十条第二款: the legal review after the hearing
        review(w_.after(held_day, r_.between(1, 5)));
        after = cursor_.date();
      }
      decide = w_.after(after, r_.between(1, 3));
    } else {
      decide = w_.after(notice_day, r_.between(6, 8));  // after the party's 5 working days (程序规定 第五十七条)
    }

    std::vector<actor> deciders{h()};
    if (c_.k == case_kind::major) {
      auto& cd = add(et::collective_discussion, decide, {p_.principal, h(), p_.heads[(c_.head + 1) % p_.heads.size()]});
      cd.ev.subject = "decision";
      doc(cd, "集体讨论记录", signers(cd.ev, {actor_role::head, actor_role::principal_head}));
      deciders = {p_.principal};
    }
    auto& dec = decision(decide, deciders, decision_outcome::penalty);
    const date decided = dec.ev.day();
    c_.decided = decided;

    const date served_day = c_.planted == defect::late_service ? w_.after(decided, r_.between(8, 10))
                                                                : w_.after(decided, r_.between(0, 3));
    auto& served = add(et::decision_served, served_day, {a(), b()});
    served.ev.service = service_method::direct;
    served.ev.publicity_told = !c_.warning;  // 公示规定 第八条
    doc(served, "送达回证");
    if (c_.planted == defect::late_service) mark(served, defect::late_service);

    date trigger = served_day;
    if (!c_.warning) {
      add(et::published, w_.after(served_day, 1), {a()});
      trigger = execute(served_day);
    }
    remedies(served_day);
    close_and_archive(trigger);
  }

  /// Product quality: a sample taken and sent to a testing institution after the first inspection; the days
  /// from sending to the report are left out of the decision period (R-TIME-EXCLUDED, 程序规定 第六十四条第二款).
  /// Returns the day the report is received.
  date testing(date site_day) {
    auto& smp = add(et::investigative_act, w_.after(site_day, r_.between(0, 2)), {a(), b()});
    smp.ev.subject = "sampling";
    smp.ev.involves_party = true;
    smp.ev.rights_told = true;
    smp.ev.av_recorded = true;
    doc(smp, "抽样记录", signers(smp.ev, {actor_role::officer}));
    const std::string commission = "JC-" + std::to_string(smp.ev.day().year()) + "-" + std::to_string(c_.index + 1);
    auto& sent = add(et::excluded_time_started, smp.ev.day(), {a(), b()});
    sent.ev.excluded = exclusion::testing;
    sent.ev.subject = commission;
    sent.ev.institution = "样省产品质量监督检验研究院";
    const date sent_day = sent.ev.day();
    // A long test for the cases decided over 90 days after filing, a shorter one otherwise.
    const int span = c_.testing_late ? r_.between(60, 85) : r_.between(15, 40);
    auto& report = add(et::excluded_time_ended, w_.next_working(sent_day + days(span)), {a(), b()});
    report.ev.subject = commission;
    doc(report, "检验报告");
    return report.ev.day();
  }

  gen_event& pay(date d, execution_item item, std::int64_t fen) {
    auto& p = add(et::payment_received, d);
    p.ev.amount_fen = fen;
    p.ev.item = item;  // R-EXEC-PAYMENT: a payment names its item
    doc(p, "罚没款票据");
    return p;
  }

  /// Executes the decision item by item (R-EXEC-ITEMS) from the publication on; returns the day the last item is
  /// executed (the closing ground, 程序规定 第七十七条第一款第一项).
  date execute(date served) {
    const date from = cursor_.date();
    const std::int64_t fine = c_.pen.fine_fen;
    switch (c_.extra) {
      case situation::confiscation: {
        // The fine, the illegal gains and (some cases) the goods, each on its own day, in day order.
        std::vector<std::pair<date, int>> steps = {{w_.after(from, r_.between(0, 4)), 0},
                                                   {w_.after(from, r_.between(0, 5)), 1}};
        if (c_.goods) steps.emplace_back(w_.after(from, r_.between(1, 3)), 2);
        std::stable_sort(steps.begin(), steps.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
        for (const auto& [d, what] : steps) {
          if (what == 0) pay(d, execution_item::fine, fine);
          if (what == 1) pay(d, execution_item::illegal_gains, c_.pen.illegal_gains_fen);
          if (what == 2) {
            auto& g = add(et::goods_confiscated, d, {a(), b()});
            doc(g, "财物处理单据", signers(g.ev, {actor_role::officer}));
          }
        }
        return cursor_.date();
      }
      case situation::deferral: {
        // 处罚法 第六十六条第二款; 程序规定 第七十四条: the party applies within the payment period, a head approves
        // the dates and amounts; each instalment is paid on or a few days before its date.
        auto& def = add(et::payment_deferred, w_.after(from, r_.between(1, 4)), {h()});
        doc(def, "延期（分期）缴纳罚款审批表", signers(def.ev, {actor_role::head}));
        const date approved = def.ev.day();
        const auto n = static_cast<std::int64_t>(c_.instalments);
        const std::int64_t part = fine / n / 100 * 100;  // whole yuan; the last instalment takes the rest
        date due = approved + days(r_.between(25, 35));
        for (std::int64_t i = 0; i < n; ++i) {
          def.ev.instalments.push_back({due, i + 1 < n ? part : fine - part * (n - 1)});
          due += days(r_.between(28, 31));
        }
        const std::vector<instalment> plan = def.ev.instalments;  // `def` moves with the next event
        for (const auto& x : plan) {
          const date d = std::max(cursor_.date(), w_.on_or_before(x.due - days(r_.between(0, 5)), approved));
          pay(d, execution_item::fine, x.amount_fen);
        }
        return cursor_.date();
      }
      case situation::surcharge: {
        // Unpaid when the 15 days run out (处罚法 第六十七条第三款): a 催告书 once the fine is overdue (行政强制法
        // 第五十四条), then 加处罚款 at 3 % of the fine a day (rate told, 行政强制法 第四十五条), counted a day short of
        // the days in default, then both paid.
        const date due = w_.next_working(served + days(15));
        auto& reminder = add(et::reminder_served, w_.after(due, r_.between(3, 8)), {a(), b()});
        doc(reminder, "催告书");
        auto& sc = add(et::surcharge_imposed, w_.after(cursor_.date(), r_.between(0, 2)), {h()});
        sc.ev.rate_told = true;
        const std::int64_t late_days = std::max<std::int64_t>((sc.ev.day() - due).days() - 1, 1);
        sc.ev.amount_fen = std::min(fine, fine * surcharge_daily_percent / 100 * late_days);
        const std::int64_t surcharge = sc.ev.amount_fen;
        const date paid = w_.after(cursor_.date(), r_.between(1, 5));
        pay(paid, execution_item::fine, fine);
        pay(paid, execution_item::surcharge, surcharge);
        return paid;
      }
      default:
        return pay(w_.after(from, r_.between(0, 4)), execution_item::fine, fine).ev.day();
    }
  }

  /// 法制审核 for a major case, 案件审核 otherwise.
  void review(date d) {
    const bool legal = c_.k == case_kind::major;
    auto& rv = add(et::reviewed, d, {legal ? p_.legal_reviewers[c_.legal_reviewer] : p_.reviewers[c_.reviewer]});
    rv.ev.review = legal ? review_kind::legal_review : review_kind::case_review;
    rv.ev.review_result = review_outcome::approved;
    rv.ev.items = review_item::all;
    doc(rv, "审核意见书", signers(rv.ev, {actor_role::reviewer, actor_role::legal_reviewer}));
  }

  gen_event& decision(date d, std::vector<actor> deciders, decision_outcome outcome) {
    auto& dec = add(et::decision, d, std::move(deciders));
    dec.ev.outcome = outcome;
    dec.ev.items = decision_item::all;
    const char* kind = "行政处罚决定书";
    switch (outcome) {
      case decision_outcome::penalty: dec.ev.proposed = c_.pen; break;
      case decision_outcome::no_penalty:
        kind = "不予行政处罚决定书";
        dec.ev.ground = c_.level == discretion::first_violation
                            ? "初次违法且危害后果轻微并及时改正（处罚法 第三十三条第一款）"
                            : "违法行为轻微并及时改正，没有造成危害后果（处罚法 第三十三条第一款）";
        // R-NO-PENALTY: the facts of the ground the decision states.
        dec.ev.exemption_facts = c_.level == discretion::first_violation ? exemption_fact::first_violation_ground
                                                                        : exemption_fact::minor_ground;
        break;
      case decision_outcome::not_established:
        kind = "不予行政处罚决定书";
        dec.ev.ground = "违法事实不能成立（程序规定 第六十条第一款第三项）";
        break;
      default:
        kind = "案件移送函";
        dec.ev.ground = "不属于本部门管辖，移送有管辖权的行政管理部门（程序规定 第六十条第一款第四项）";
        break;
    }
    if (c_.level && c_.vtype) {
      dec.ev.violation_type = c_.vtype->id;
      dec.ev.applied = c_.level;
      dec.ev.circumstances = circumstances_for(*c_.vtype, *c_.level);
    }
    auto& form = doc(dec, kind, signers(dec.ev, {actor_role::head, actor_role::principal_head}));
    if (c_.planted == defect::decision_document) {
      form.issued = d + days(1);  // dated the day after the decision
      mark(dec, defect::decision_document);
    }
    return dec;
  }

  void criminal(date site_day) {
    // 移送规定 第五条: the head decides within 3 days, the case goes to the police within 24 hours; the police's
    // and the exhibit hand-over's days are natural days: the referral is placed where the next two days work.
    date d = w_.after(site_day, r_.between(2, 8));
    while (!(w_.working(d) && w_.working(d + days(1)) && w_.working(d + days(2)))) d += days(1);
    auto& rep = add(et::criminal_referral_reported, d, {a(), b()});
    rep.ev.ground = "涉案货值金额达到刑事追诉标准";
    auto& dec = add(et::criminal_transfer_decided, d, {p_.principal});
    dec.ev.approved = true;
    auto& to = add(et::transferred_to_police, d, {a(), b()});
    doc(to, "涉嫌犯罪案件移送书", signers(to.ev, {actor_role::officer}));
    auto& police = add(et::police_decided, d + days(1));
    police.ev.approved = true;
    auto& ex = add(et::exhibits_handed_over, d + days(2), {a(), b()});
    close_and_archive(ex.ev.day());
  }

  /// A day within `n` natural days after `from` (a period in natural days whose last day rolls forward), on a
  /// working day: `from` + lo..hi, moved back to a working day (but not before the next day).
  date within_natural(date from, int lo, int hi) {
    const date d = w_.on_or_before(from + days(r_.between(lo, hi)), from + days(1));
    return w_.next_working(d);
  }

  void remedies(date served) {
    if (c_.lawsuit) {
      const date filed = w_.next_working(served + days(r_.between(10, 60)));
      add_aside(et::lawsuit_filed, filed);
      const date defence = w_.after(filed, r_.between(2, 4));  // 行政诉讼法 第六十七条: within 15 days
      add_aside(et::defence_submitted, defence, {p_.representatives[c_.rep]});
      const date session = w_.next_working(defence + days(r_.between(20, 50)));
      std::vector<actor> in_court{p_.representatives[c_.rep]};
      if (c_.head_in_court) in_court.insert(in_court.begin(), h());
      add_aside(et::court_appearance, session, std::move(in_court));
      add_aside(et::judgment, w_.next_working(session + days(r_.between(10, 30))));
    }
    if (c_.reconsideration) {
      const date applied = w_.next_working(served + days(r_.between(5, 40)));
      add_aside(et::reconsideration_applied, applied);
      const actor& rep = p_.representatives[c_.rep];
      if (applied < date(2024, 1, 1)) {
        // 行政复议法 (2017) 第二十三条: the answer within 10 days, the decision within 60 (第三十一条).
        add_aside(et::reconsideration_answered, within_natural(applied, 2, 8), {rep});
        add_aside(et::reconsideration_decided, within_natural(applied, 30, 55));
      } else if (c_.k == case_kind::summary) {
        // 行政复议法 (2023) 第五十三条第一款第一项: a 当场 decision; the 复议机关 takes the simplified procedure the
        // next working day, the bureau answers within 5 working days (第五十四条), the decision within 30 days
        // (第六十二条).
        auto& proc = add_aside(et::reconsideration_procedure, w_.after(applied, 1));
        proc.ev.subject = "simplified";
        add_aside(et::reconsideration_answered, w_.after(applied, r_.between(2, 4)), {rep});
        add_aside(et::reconsideration_decided, within_natural(applied, 10, 28));
      } else {
        // 行政复议法 (2023) 第四十八条, 第八十八条: the answer within 10 working days; the decision within 60 days.
        add_aside(et::reconsideration_answered, w_.after(applied, r_.between(2, 8)), {rep});
        add_aside(et::reconsideration_decided, within_natural(applied, 30, 55));
      }
    }
  }

  void close_and_archive(date trigger) {
    const date closed = c_.planted == defect::late_closure ? w_.after(trigger, r_.between(16, 20))
                                                          : w_.after(trigger, r_.between(1, 10));
    auto& close = add(et::case_closed, std::max(closed, cursor_.date()), {a(), b(), h()});
    auto& form = doc(close, "结案审批表", signers(close.ev, {actor_role::officer, actor_role::head}));
    if (c_.planted == defect::approval_signature && c_.variant) {
      form.signatories.pop_back();
      mark(close, defect::approval_signature);
    }
    if (c_.planted == defect::late_closure) mark(close, defect::late_closure);
    c_.concluded = close.ev.day();
    auto& arch = add(et::archived, w_.after(c_.concluded, r_.between(1, 5)), {a()});
    if (c_.planted == defect::archive_order) mark(arch, defect::archive_order);
  }

  const days_of& w_;
  rng& r_;
  const people& p_;
  const profile& prof_;
  gen_case& c_;
  instant cursor_;
};

// ---- documents: numbers and the file index ----------------------------------------------------------------------

const char* doc_code(const std::string& kind) {
  static const std::pair<const char*, const char*> codes[] = {
      {"案源材料", "源"},         {"立案审批表", "立"},     {"现场笔录", "检"},         {"询问笔录", "询"},
      {"调查终结报告", "终"},     {"审核意见书", "审"},     {"案件处理审批表", "批"},   {"行政处罚告知书", "告"},
      {"送达回证", "送"},         {"听证通知书", "听通"},   {"听证笔录", "听录"},       {"听证报告", "听报"},
      {"集体讨论记录", "讨"},     {"行政处罚决定书", "罚"}, {"不予行政处罚决定书", "不罚"}, {"案件移送函", "移"},
      {"涉嫌犯罪案件移送书", "刑移"}, {"罚没款票据", "票"},   {"结案审批表", "结"},       {"当场行政处罚决定书", "当"},
      {"抽样记录", "抽"},         {"检验报告", "检报"},     {"财物处理单据", "没"},     {"催告书", "催"},
      {"延期（分期）缴纳罚款审批表", "延"}};
  for (const auto& c : codes) {
    if (kind == c.first) return c.second;
  }
  return "文";
}

bool is_decision_document(const std::string& k) {
  return k == "行政处罚决定书" || k == "不予行政处罚决定书" || k == "案件移送函";
}

/// The filing order of 程序规定 第七十八条 (the groups of oversight.hpp's checklist): main volume groups 0-6,
/// secondary volume groups 0-5. A 送达回证 is filed after the document it proves the service of.
struct file_index {
  std::vector<std::vector<document>> main{7}, secondary{6};

  void add(const document& d, int receipt_group) {
    const std::string& k = d.kind;
    auto put = [&](std::vector<std::vector<document>>& vol, std::size_t g, const char* volume) {
      vol[g].push_back(d);
      vol[g].back().volume = volume;
    };
    if (k == "送达回证") put(main, static_cast<std::size_t>(receipt_group), "main");
    else if (k == "立案审批表") put(main, 0, "main");
    else if (is_decision_document(k)) put(main, 1, "main");
    else if (k == "行政处罚告知书" || k == "听证通知书" || k == "催告书") put(main, 2, "main");
    else if (k == "现场笔录" || k == "询问笔录" || k == "抽样记录" || k == "检验报告") put(main, 3, "main");
    else if (k == "听证笔录") put(main, 4, "main");
    else if (k == "罚没款票据" || k == "财物处理单据") put(main, 5, "main");
    else if (k == "涉嫌犯罪案件移送书") put(main, 6, "main");
    else if (k == "案源材料") put(secondary, 0, "secondary");
    else if (k == "调查终结报告") put(secondary, 1, "secondary");
    else if (k == "审核意见书") put(secondary, 2, "secondary");
    else if (k == "听证报告") put(secondary, 3, "secondary");
    else if (k == "结案审批表") put(secondary, 4, "secondary");
    else put(secondary, 5, "secondary");
  }
  std::vector<document> flat() const {
    std::vector<document> out;
    for (const auto* vol : {&main, &secondary}) {
      for (const auto& g : *vol) out.insert(out.end(), g.begin(), g.end());
    }
    return out;
  }
};

/// The archived event's file index: every earlier document of the case, in the order of 第七十八条.
std::vector<document> archive_index(const std::vector<gen_event>& events, std::size_t archived, bool swap,
                                    std::string& out_of_order) {
  file_index idx;
  for (std::size_t i = 0; i < archived; ++i) {
    int receipt_group = 1;  // decision_served: the decision document's receipt
    for (const auto& d : events[i].docs) {
      if (d.kind == "行政处罚告知书" || d.kind == "听证通知书") receipt_group = 2;
      idx.add(d, receipt_group);
    }
  }
  std::vector<document> out = idx.flat();
  if (swap) {
    // The entry before the first receipt or record of goods taken (the last record: evidence or the hearing
    // record) and that entry change places: groups 3 or 4 and 5.
    const auto it = std::find_if(out.begin() + 1, out.end(), [](const document& d) {
      return d.volume == "main" && (d.kind == "罚没款票据" || d.kind == "财物处理单据");
    });
    if (it == out.end()) throw error(error_code::invalid_argument, "sample year: no archive entries to swap");
    std::iter_swap(it - 1, it);
    out_of_order = it->kind + " " + it->number;  // now filed after the receipt: the entry out of order
  }
  return out;
}

/// What the evaluation reports for each planted defect: the check, the rule and whether it names the document.
struct planted_check {
  defect d;
  const char* check;
  const char* rule_id;  ///< approval_signature: R-CLOSE for the 结案审批表, R-FILING-CONDITIONS for the 立案审批表
  bool names_document;
};

const planted_check& check_of(defect d) {
  static const planted_check checks[] = {
      {defect::approval_signature, "approval-signature", "R-CLOSE", true},
      {defect::record_signature, "record-signature", "R-INV-EVIDENCE", true},
      {defect::late_service, "deadline", "R-SERVICE-DEADLINE", false},
      {defect::decision_document, "decision-document", "R-DECISION-DOCUMENT", true},
      {defect::archive_order, "archive-order", "R-ARCHIVE", false},
      {defect::missing_av, "full-process-record", "R-FULL-PROCESS-RECORD", false},
      {defect::late_closure, "deadline", "R-CLOSE", false},
      {defect::reconsideration_route, "reconsideration-route", "R-RECON-PRECONDITION", false},
  };
  for (const auto& c : checks) {
    if (c.d == d) return c;
  }
  throw error(error_code::invalid_argument, "sample year: no check for a defect");
}

// ---- counting and JSON ------------------------------------------------------------------------------------------

void json_string(std::string& out, const std::string& s) {
  out += '"';
  for (const char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += ch;
    }
  }
  out += '"';
}

template <class T>
void json_field(std::string& out, const char* key, const T& value, bool comma = true) {
  json_string(out, key);
  out += ':';
  if constexpr (std::is_same_v<T, std::string>) {
    json_string(out, value);
  } else if constexpr (std::is_same_v<T, bool>) {
    out += value ? "true" : "false";
  } else if constexpr (std::is_floating_point_v<T>) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", value);
    out += buf;
  } else {
    out += std::to_string(value);
  }
  if (comma) out += ',';
}

void json_map(std::string& out, const char* key, const std::map<std::string, std::uint64_t>& m) {
  json_string(out, key);
  out += ":{";
  bool first = true;
  for (const auto& [k, v] : m) {
    if (!first) out += ',';
    first = false;
    json_field(out, k.c_str(), v, false);
  }
  out += "},";
}

/// "key":[{...},{...}], where `fields` writes the fields of one object.
template <class T, class F>
void json_array(std::string& out, const char* key, const std::vector<T>& items, F&& fields) {
  json_string(out, key);
  out += ":[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += i ? ",{" : "{";
    fields(items[i]);
    out += '}';
  }
  out += "],";
}

/// The spec's counts (the mix, the situations, the remedies), named as its fields.
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

}  // namespace

const std::vector<sample_violation_type>& sample_violation_types() {
  // The bands of data/discretion/national.json (fen, inclusive); {0, 0}: no band for that level.
  static const std::vector<sample_violation_type> types = {
      {"food-label", {1850001, 3650000}, {500000, 1850000}, {0, 499999}, {3650001, 5000000}},
      {"price-marking", {150001, 350000}, {0, 150000}, {0, 0}, {350001, 500000}},
      {"unlicensed-business", {300001, 700000}, {0, 300000}, {0, 0}, {700001, 1000000}},
      {"false-advertising", {44000001, 76000000}, {20000000, 44000000}, {0, 19999999}, {76000001, 100000000}},
      {"weights-measures", {30001, 70000}, {0, 30000}, {0, 0}, {70001, 100000}},
  };
  return types;
}

std::string sample_year_manifest::to_json() const {
  std::string out = "{\"format\":\"penaltyflow-sample-year/1\",\"spec\":{";
  json_field(out, "year", spec.year);
  json_field(out, "seed", spec.seed);
  json_field(out, "case_prefix", spec.case_prefix);
  for (const auto& [key, value] : spec_counts(spec)) json_field(out, key, value);
  const auto rates = spec_rates(spec);
  for (const auto& [key, value] : rates) json_field(out, key, value, key != rates.back().first);
  out += "},\"expected\":{";
  const auto& e = expected;
  json_field(out, "from", to_iso(e.from));
  json_field(out, "to", to_iso(e.to));
  json_field(out, "cases_concluded", e.cases_concluded);
  json_map(out, "by_outcome", e.by_outcome);
  json_map(out, "by_procedure", e.by_procedure);
  json_map(out, "by_clue_source", e.by_clue_source);
  json_field(out, "discretion_applied", e.discretion_applied);
  json_map(out, "by_discretion", e.by_discretion);
  const std::pair<const char*, std::uint64_t> counts[] = {
      {"legal_reviews", e.legal_reviews}, {"case_reviews", e.case_reviews},
      {"collective_discussions", e.collective_discussions}, {"hearings_requested", e.hearings_requested},
      {"hearings_held", e.hearings_held}, {"transfers_administrative", e.transfers_administrative},
      {"transfers_judicial", e.transfers_judicial}, {"transfers_to_police", e.transfers_to_police},
      {"reconsiderations", e.reconsiderations}, {"lawsuits", e.lawsuits}, {"head_appearances", e.head_appearances},
      {"court_sessions", e.court_sessions}};
  for (const auto& [key, value] : counts) json_field(out, key, value);
  json_field(out, "fines_fen", e.fines_fen, false);
  out += "},";
  json_array(out, "expected_findings", expected_findings, [&](const planted_finding& f) {
    json_field(out, "case_id", f.case_id);
    json_field(out, "check", f.check);
    json_field(out, "rule_id", f.rule_id);
    json_field(out, "case_seq", f.case_seq);
    json_field(out, "document", f.document, false);
  });
  json_array(out, "cases", cases, [&](const sample_case& c) {
    json_field(out, "case_id", c.case_id);
    json_field(out, "kind", c.kind);
    json_field(out, "received", to_iso(c.received));
    json_field(out, "concluded", to_iso(c.concluded));
    json_field(out, "events", c.events);
    json_field(out, "fine_fen", c.fine_fen);
    json_field(out, "violation_type", c.violation_type);
    json_field(out, "discretion", c.discretion);
    json_field(out, "situation", c.situation, false);
  });
  json_field(out, "events", events, false);
  out += "}";
  return out;
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

sample_year_manifest generate_sample_year(store& s, const sample_year_spec& spec) {
  const calendar& cal = s.flow().active_calendar();
  check_sample_year_spec(spec, cal);
  const std::size_t ordinary_count = checked_sum(spec);
  const profile& prof = s.flow().active_profile();
  const int Y = spec.year;
  const date year_from(static_cast<unsigned short>(Y), 1, 1), year_to(static_cast<unsigned short>(Y), 12, 31);
  rng r(spec.seed);
  const people p = make_people(Y);
  const days_of w{cal};

  // ---- the plan: kinds ----
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

  // ---- schedule every case inside the year ----
  for (auto& c : cases) {
    case_builder b(w, r, p, prof, c);
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
      b.build(start);
      const date last = c.events.back().ev.day();
      placed = c.concluded >= year_from && c.concluded <= year_to && last <= year_to;
      if (c.extra == situation::testing) {
        // Over 90 days from filing to decision only for the cases planned so (net of the testing: always within).
        const auto gross = (c.decided - c.filed).days();
        placed = placed && (c.testing_late ? gross >= 95 : gross <= 85);
      }
      c.received = c.events.front().ev.day();
    }
    if (!placed) throw error(error_code::invalid_argument, "sample year: a case could not be placed in the year");
  }

  // ---- ids, document numbers, file indexes ----
  std::stable_sort(cases.begin(), cases.end(), [](const gen_case& x, const gen_case& y) {
    return x.events.front().ev.at < y.events.front().ev.at;
  });
  std::map<std::string, int> doc_counters;
  sample_year_manifest m;
  m.spec = spec;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    gen_case& c = cases[i];
    char id[64];
    std::snprintf(id, sizeof id, "%s-%d-%04zu", spec.case_prefix.c_str(), Y, i + 1);
    c.id = id;
    std::string misplaced;  // archive_order: the file-index entry out of order
    for (std::size_t e = 0; e < c.events.size(); ++e) {
      gen_event& g = c.events[e];
      for (auto& d : g.docs) {
        const std::string code = doc_code(d.kind);
        const int year = d.issued.year();
        const int n = ++doc_counters[code + std::to_string(year)];
        d.number = spec.bureau + code + "〔" + std::to_string(year) + "〕" + std::to_string(n) + "号";
      }
      if (g.ev.type == et::archived) {
        g.docs = archive_index(c.events, e, g.mark == defect::archive_order, misplaced);
      }
      if (g.mark == defect::none) continue;
      planted_finding f;
      f.case_id = c.id;
      f.case_seq = e + 1;
      const planted_check& x = check_of(g.mark);
      f.check = x.check;
      f.rule_id = g.mark == defect::approval_signature && g.ev.type == et::case_filed ? "R-FILING-CONDITIONS" : x.rule_id;
      if (x.names_document) f.document = g.docs[g.mark_doc].kind + " " + g.docs[g.mark_doc].number;
      if (g.mark == defect::archive_order) f.document = misplaced;
      m.expected_findings.push_back(std::move(f));
    }
    for (std::size_t e = 0; e < c.events.size(); ++e) {
      const auto& ev = c.events[e].ev;
      if (ev.type == et::court_appearance &&
          std::none_of(ev.actors.begin(), ev.actors.end(), [](const actor& x) {
            return x.role == actor_role::head || x.role == actor_role::principal_head;
          })) {
        m.expected_findings.push_back({c.id, "head-appearance", "R-LIT-HEAD-APPEARANCE", e + 1, ""});
      }
    }
  }
  std::stable_sort(m.expected_findings.begin(), m.expected_findings.end(),
                   [](const planted_finding& x, const planted_finding& y) {
                     return x.case_id != y.case_id ? x.case_id < y.case_id : x.case_seq < y.case_seq;
                   });

  // ---- the counts, from the plan ----
  auto& n = m.expected;
  n.from = year_from;
  n.to = year_to;
  for (const auto& c : cases) {
    ++n.cases_concluded;
    const char* outcome = "none";
    switch (c.k) {
      case case_kind::summary:
      case case_kind::ordinary:
      case case_kind::major: outcome = "penalty"; break;
      case case_kind::no_penalty: outcome = "no_penalty"; break;
      case case_kind::not_established: outcome = "not_established"; break;
      case case_kind::transfer_administrative: outcome = "transfer_administrative"; break;
      // 程序规定 第六十条第一款第五项: the transfer to public security is the outcome (五), without a decision.
      case case_kind::criminal_transfer: outcome = "transfer_judicial"; break;
      default: break;
    }
    ++n.by_outcome[outcome];
    ++n.by_procedure[c.k == case_kind::summary ? "summary" : "ordinary"];
    ++n.by_clue_source[c.source];
    if (c.level) {
      ++n.discretion_applied;
      ++n.by_discretion[std::string(to_string(*c.level))];
    }
    if (c.k == case_kind::major) {
      ++n.legal_reviews;
      ++n.collective_discussions;
    } else if (c.k == case_kind::ordinary || c.k == case_kind::no_penalty || c.k == case_kind::not_established ||
               c.k == case_kind::transfer_administrative) {
      ++n.case_reviews;
    }
    n.hearings_requested += c.hearing ? 1 : 0;
    n.hearings_held += c.hearing ? 1 : 0;
    n.transfers_administrative += c.k == case_kind::transfer_administrative ? 1 : 0;
    n.transfers_to_police += c.k == case_kind::criminal_transfer ? 1 : 0;
    n.transfers_judicial += c.k == case_kind::criminal_transfer ? 1 : 0;
    n.reconsiderations += c.reconsideration ? 1 : 0;
    n.lawsuits += c.lawsuit ? 1 : 0;
    n.court_sessions += c.lawsuit ? 1 : 0;
    n.head_appearances += c.head_in_court ? 1 : 0;
    if (c.k == case_kind::summary || has_penalty(c.k)) n.fines_fen = checked_add(n.fines_fen, c.pen.fine_fen, "sample year: fines");
    sample_case sc;
    sc.case_id = c.id;
    sc.kind = kind_name(c.k);
    sc.situation = situation_name(c);
    sc.received = c.received;
    sc.concluded = c.concluded;
    sc.events = c.events.size();
    sc.fine_fen = c.pen.fine_fen;
    if (c.level) {
      sc.violation_type = c.vtype->id;
      sc.discretion = std::string(to_string(*c.level));
    }
    m.cases.push_back(std::move(sc));
  }

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
