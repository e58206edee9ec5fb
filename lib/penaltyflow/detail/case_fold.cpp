// Folding accepted events into a case's facts, and the deadlines the facts imply.
//
// Period numbers are never written here: every deadline names a period of the catalogue (period.cpp).
#include "penaltyflow/detail/case_fold.hpp"

#include <penaltyflow/error.hpp>
#include <penaltyflow/execution.hpp>
#include <penaltyflow/money.hpp>
#include <penaltyflow/rules.hpp>

#include <algorithm>

namespace penaltyflow::detail {

counting_options counting() { return {roll_reading::rest_days, coverage_policy::provisional_ok}; }

bool deadline_spec::closed_by(const event& e) const {
  for (std::size_t i = 0; i < closer_count; ++i) {
    if (closers[i] == e.type) return subject.empty() || subject == e.subject;
  }
  return false;
}

namespace {

using et = event_type;

deadline_spec make(const fold_context& ctx, std::string_view period_id, date start,
                   std::initializer_list<event_type> closers, bool bureau = true) {
  deadline_spec s;
  s.period = &ctx.periods.at(period_id, start);  // the text in force on the day the period starts
  s.start = start;
  for (auto t : closers) s.closers[s.closer_count++] = t;
  s.bureau = bureau;
  return s;
}


// R-TIME-EXCLUDED: the excluded time still running as of `as_of` that `period` does not count, as one pause.
// Every running pause ends on `as_of`, so their union is one span from the earliest start: overlapping pauses
// count once. `m`: a seizure, whose period only testing of its own goods pauses, up to the period fixed for it.
std::optional<excluded_time> running_pause(const case_facts& f, const period_definition& period, date as_of,
                                           const measure* m = nullptr) {
  std::optional<excluded_time> out;
  auto add = [&](date from, date to, exclusion why) {
    if (to < from) return;
    if (!out) {
      out = excluded_time{from, to, why};
    } else {
      out->from = std::min(out->from, from);
      out->to = std::max(out->to, to);
    }
  };
  for (const auto& x : f.exclusions) {
    if (!period.excludes(x.kind)) continue;
    if (m) {
      if (x.measure != m->id || !x.fixed_until) continue;
      add(x.from, std::min(as_of, *x.fixed_until), x.kind);
    } else {
      add(x.from, as_of, x.kind);
    }
  }
  if (m) return out;
  if (f.suspended_since && period.excludes(exclusion::suspension)) add(*f.suspended_since, as_of, exclusion::suspension);
  if (f.hearing_requested && !f.hearing_held && !f.hearing_terminated && period.excludes(exclusion::hearing)) {
    add(*f.hearing_requested, as_of, exclusion::hearing);
  }
  return out;
}

// Every deadline the facts say is running as of `as_of`, in a fixed order. `visit` may stop early by
// returning false.
template <class F>
void for_each_deadline(const case_facts& f, const fold_context& ctx, date as_of, F&& visit) {
  // R-INTAKE-VERIFY-DEADLINE 程序规定 第十八条: 15 working days (+15 approved) to decide on filing.
  // R-TIME-EXCLUDED 程序规定 第十八条第二款: testing and 辨认 time is not counted.
  if (rules::filing_check_running(f)) {
    auto s = make(ctx, "filing-decision", *f.clue, {et::case_filed, et::filing_refused, et::summary_decision});
    s.extension_amount = f.verification_extension;
    s.pauses = &f.filing_pauses;
    s.running_pause = running_pause(f, *s.period, as_of);
    if (!visit(s)) return;
  }
  // R-PRESERVE 程序规定 第三十五条 (7 working days) and R-SEIZE 程序规定 第三十八条 (30 days, +30 approved).
  for (const auto& m : f.measures) {
    if (m.closed) continue;
    auto s = m.seizure ? make(ctx, "seizure", m.from, {et::seizure_released})
                       : make(ctx, "preservation-handling", m.from, {et::preservation_handled});
    s.subject = m.id;
    s.extension_amount = m.extended;
    if (m.seizure) {
      // R-TIME-EXCLUDED 程序规定 第三十八条第三款; 行政强制法 第二十五条第三款: testing of the seized goods, for
      // the period fixed and told to the party in writing.
      s.pauses = &m.pauses;
      s.running_pause = running_pause(f, *s.period, as_of, &m);
    }
    if (!visit(s)) return;
  }
  // R-DECISION-DEADLINE 程序规定 第六十四条: 90 days from filing, extended; R-TIME-EXCLUDED 第六十四条第二款:
  // paused by 中止, 听证, 公告, testing, 辨认 and 责令退款.
  if (rules::decision_period_running(f)) {
    auto s = make(ctx, "decision", *f.filed, {et::decision});
    s.pauses = &f.decision_pauses;
    s.extensions = &f.decision_extensions;
    s.running_pause = running_pause(f, *s.period, as_of);
    if (!visit(s)) return;
  }
  // R-REVIEW-DEADLINE 程序规定 第五十五条: 10 working days from receipt of the materials.
  if (f.review_received && !f.review_passed && f.stage == "review") {
    auto s = make(ctx, "review", *f.review_received, {et::reviewed});
    s.extension_amount = f.review_extension;
    if (!visit(s)) return;
  }
  // R-NOTICE / R-HEARING-PROCEDURE: the party's periods (not the bureau's obligations).
  if (f.notice_served && !f.decided && !f.waived) {
    if (!visit(make(ctx, "statement", *f.notice_served, {et::statements_filed}, false))) return;
    if (f.hearing_right_stated && !f.hearing_requested &&
        !visit(make(ctx, "hearing-request", *f.notice_served, {et::hearing_requested}, false))) {
      return;
    }
  }
  if (f.hearing_noticed && !f.hearing_held && !f.hearing_terminated) {
    if (!visit(make(ctx, "hearing-notice", *f.hearing_noticed, {et::hearing_held}, false))) return;
  }
  // R-SERVICE-DEADLINE 程序规定 第八十一条: serve within 7 working days.
  // (An on-the-spot decision is handed over at once: 处罚法 第五十二条.)
  if (f.decided && !f.served && f.outcome == decision_outcome::penalty && f.proc == procedure::ordinary) {
    if (!visit(make(ctx, "service", *f.decided, {et::decision_served}))) return;
  }
  // R-EXEC-PAYMENT 处罚法 第六十七条第三款; 程序规定 第七十二条: each amount item is paid within 15 days of
  // receipt (on-the-spot decisions too, 处罚法 第五十三条); the fine by its approved dates once deferred
  // (R-EXEC-DEFER 程序规定 第七十四条). The party's periods, not the bureau's.
  if (f.payment_from && !f.executed) {
    if (const auto due = execution::fine_next_due(f, ctx.periods, ctx.cal)) {
      auto s = make(ctx, "payment", *f.payment_from, {et::payment_received, et::cash_collected}, false);
      s.subject = to_string(execution_item::fine);
      if (f.deferral_approved && !f.instalments.empty()) s.fixed_due = *due;
      if (!visit(s)) return;
    }
    if (f.illegal_gains.outstanding() > 0) {
      auto s = make(ctx, "payment", *f.payment_from, {et::payment_received}, false);
      s.subject = to_string(execution_item::illegal_gains);
      if (!visit(s)) return;
    }
  }
  // R-EXEC-COURT 程序规定 第七十六条: the reminder's 10 working days must run before the court.
  if (f.reminder_served && !f.court_applied && !f.executed) {
    if (!visit(make(ctx, "enforcement-reminder", *f.reminder_served, {et::court_enforcement_applied}, false))) {
      return;
    }
  }
  // R-PUBLISH-GSXT 公示规定 第九条 (or the 118号 policy period, a profile value).
  if (f.proc == procedure::ordinary && f.decided && f.outcome == decision_outcome::penalty && f.decided_penalty &&
      f.decided_penalty->kinds != (1U << static_cast<unsigned>(penalty_kind::warning)) && !f.published) {
    if (!visit(make(ctx, ctx.prof.publication_period, *f.decided, {et::published}))) return;
  }
  // R-PUBLISH-SOCIAL-IMPACT 处罚法 第四十八条第二款; 程序规定 第六十三条: a published decision that was changed,
  // annulled, found illegal or invalid is withdrawn within 3 working days.
  if (f.published && f.decision_changed && !f.publication_withdrawn) {
    if (!visit(make(ctx, "publication-withdrawal", *f.decision_changed, {et::publication_withdrawn}))) return;
  }
  // R-SUMMARY-DOCUMENT 程序规定 第七十条 and R-SUMMARY-ONSPOT-COLLECTION 程序规定 第七十三条.
  if (f.summary_decided && !f.summary_handed_in) {
    if (!visit(make(ctx, "summary-file-hand-in", *f.summary_decided, {et::summary_handed_in}))) return;
  }
  if (f.cash_collected && !f.cash_handed_in) {
    if (!visit(make(ctx, "cash-hand-in", *f.cash_collected, {et::cash_handed_in}))) return;
  }
  // 处罚法 第七十一条: "行政机关应当在二日内将罚款缴付指定的银行", from the day the agency receives the cash.
  if (f.cash_handed_in && !f.cash_deposited) {
    if (!visit(make(ctx, "cash-bank-deposit", *f.cash_handed_in, {et::cash_deposited}))) return;
  }
  // R-XFER-CRIM 移送规定 第五条, 第八条, 第十二条.
  if (f.criminal_reported && !f.criminal_decided) {
    if (!visit(make(ctx, "criminal-transfer-decision", *f.criminal_reported, {et::criminal_transfer_decided}))) {
      return;
    }
  }
  if (f.criminal_approved_at && !f.police_received) {
    auto s = make(ctx, "criminal-transfer-handover", f.criminal_approved_at->date(), {et::transferred_to_police});
    s.start_instant = f.criminal_approved_at;
    if (!visit(s)) return;
  }
  if (f.police_received && !f.police_filed && !f.police_declined) {
    if (!visit(make(ctx, "criminal-police-decision", *f.police_received, {et::police_decided}, false))) return;
  }
  if (f.police_filed && !f.closing_trigger) {
    if (!visit(make(ctx, "criminal-exhibit-handover", *f.police_filed, {et::exhibits_handed_over}))) return;
  }
  // R-RECON-RESPONSE 行政复议法 (2017) 第二十三条 / (2023) 第四十八条, 第五十四条 (the simplified procedure, when the
  // 复议机关 chose it); R-LIT-DEFENCE 行政诉讼法 第六十七条.
  if (f.reconsideration_applied && !f.reconsideration_answered && f.remedy == "reconsideration") {
    const char* id = f.reconsideration_simplified ? "reconsideration-answer-simplified" : "reconsideration-answer";
    if (!visit(make(ctx, id, *f.reconsideration_applied, {et::reconsideration_answered}))) {
      return;
    }
  }
  if (f.lawsuit_filed && !f.defence_submitted && f.remedy == "litigation") {
    if (!visit(make(ctx, "litigation-defence", *f.lawsuit_filed, {et::defence_submitted}))) return;
  }
  // R-CLOSE 程序规定 第七十七条: 15 working days from the closing trigger.
  if (f.closing_trigger && !f.closed) {
    if (!visit(make(ctx, "closure", *f.closing_trigger, {et::case_closed}))) return;
  }
}

std::string days_text(const due_date& d) { return to_iso(d.due); }

}  // namespace

due_date compute(const deadline_spec& s, const fold_context& ctx) {
  if (s.fixed_due) {
    // An approved date (an instalment of a deferred fine): the date itself, cited by its rule.
    due_date d = compute_due_date(*s.period, s.start, ctx.cal, {}, {}, counting());
    d.due = *s.fixed_due;
    d.citation += "; 程序规定 (2022) 第七十四条; 处罚法 (2021) 第六十六条第二款";  // R-EXEC-DEFER
    return d;
  }
  if (s.start_instant) return compute_due_instant(*s.period, *s.start_instant, ctx.cal);
  static const std::vector<excluded_time> no_pauses;
  std::vector<extension> one;
  const std::vector<extension>* exts = s.extensions;
  if (!exts && s.extension_amount > 0) {
    one.push_back({s.extension_amount, approver::head});
    exts = &one;
  }
  const std::vector<extension> none;
  if (s.running_pause) {
    std::vector<excluded_time> all = s.pauses ? *s.pauses : no_pauses;
    if (s.running_pause->from <= s.running_pause->to) all.push_back(*s.running_pause);
    return compute_due_date(*s.period, s.start, ctx.cal, all, exts ? *exts : none, counting());
  }
  return compute_due_date(*s.period, s.start, ctx.cal, s.pauses ? *s.pauses : no_pauses, exts ? *exts : none,
                          counting());
}

std::vector<open_deadline> open_deadlines(const case_facts& f, const fold_context& ctx, date as_of) {
  std::vector<open_deadline> out;
  for_each_deadline(f, ctx, as_of, [&](const deadline_spec& s) {
    const due_date d = compute(s, ctx);
    open_deadline o;
    o.period_id = s.period->id;
    o.rule_id = s.period->rule_id;
    o.title_zh = s.period->title_zh;
    o.title_en = s.period->title_en;
    o.subject = std::string(s.subject);
    o.start = s.start;
    o.due = d.due;
    o.provisional = d.provisional;
    o.obligation = s.bureau && s.period->kind == period_kind::deadline;
    o.overdue = o.obligation && as_of > d.due;
    o.citation = d.citation;
    out.push_back(std::move(o));
    return true;
  });
  return out;
}

namespace {

bool same_pauses(const std::vector<excluded_time>& a, const std::vector<excluded_time>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const excluded_time& x, const excluded_time& y) {
    return x.from == y.from && x.to == y.to && x.reason == y.reason;
  });
}

bool same_pause(const std::optional<excluded_time>& a, const std::optional<excluded_time>& b) {
  if (!a || !b) return !a && !b;
  return a->from == b->from && a->to == b->to && a->reason == b->reason;
}

bool same_extensions(const std::vector<extension>& a, const std::vector<extension>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const extension& x, const extension& y) { return x.amount == y.amount && x.by == y.by; });
}

const std::vector<excluded_time> no_pauses_v;
const std::vector<extension> no_extensions_v;

}  // namespace

void open_deadline_dues(const case_facts& f, const fold_context& ctx, date as_of, due_memo& memo,
                        std::vector<deadline_due>& out) {
  out.clear();
  for (auto& e : memo.entries) e.used = false;
  for_each_deadline(f, ctx, as_of, [&](const deadline_spec& s) {
    // compute() depends on exactly these inputs (and on the calendar, which a memo's owner never changes).
    const auto& pauses = s.pauses ? *s.pauses : no_pauses_v;
    const auto& exts = s.extensions ? *s.extensions : no_extensions_v;
    due_memo::entry* hit = nullptr;
    for (auto& e : memo.entries) {
      if (e.period == s.period && e.start == s.start && e.start_instant == s.start_instant && e.fixed_due == s.fixed_due &&
          e.extension_amount == s.extension_amount && same_pause(e.running_pause, s.running_pause) &&
          same_pauses(e.pauses, pauses) && same_extensions(e.extensions, exts)) {
        hit = &e;
        break;
      }
    }
    if (!hit) {
      const due_date d = compute(s, ctx);
      due_memo::entry e;
      e.period = s.period;
      e.start = s.start;
      e.start_instant = s.start_instant;
      e.fixed_due = s.fixed_due;
      e.pauses = pauses;
      e.running_pause = s.running_pause;
      e.extensions = exts;
      e.extension_amount = s.extension_amount;
      e.due = d.due;
      e.provisional = d.provisional;
      hit = &memo.entries.emplace_back(std::move(e));
    }
    hit->used = true;
    deadline_due o;
    o.period = s.period;
    o.subject = s.subject;
    o.start = s.start;
    o.due = hit->due;
    o.provisional = hit->provisional;
    o.obligation = s.bureau && s.period->kind == period_kind::deadline;  // as open_deadlines
    out.push_back(o);
    return true;
  });
  memo.entries.erase(std::remove_if(memo.entries.begin(), memo.entries.end(), [](const auto& e) { return !e.used; }),
                     memo.entries.end());
}

namespace {

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

measure* find_measure(case_facts& f, std::string_view id) {
  for (auto& m : f.measures) {
    if (m.id == id && !m.closed) return &m;
  }
  return nullptr;
}

// R-TIME-EXCLUDED: closed excluded time becomes a pause of exactly the periods the law names for its kind —
// the filing check (程序规定 第十八条第二款: testing, 辨认), the decision period (第六十四条第二款: all three kinds)
// and, for testing of seized goods fixed and told to the party, that seizure up to the fixed day (第三十八条第三款;
// 行政强制法 第二十五条第三款). The first and the last day are both excluded.
void end_exclusion(case_facts& f, std::string_view subject, date day) {
  const auto it = std::find_if(f.exclusions.begin(), f.exclusions.end(),
                               [&](const running_exclusion& x) { return x.subject == subject; });
  if (it == f.exclusions.end()) return;
  const excluded_time pause{it->from, day, it->kind};
  if (it->kind == exclusion::testing || it->kind == exclusion::rightholder_id) f.filing_pauses.push_back(pause);
  f.decision_pauses.push_back(pause);
  if (!it->measure.empty() && it->fixed_until) {
    for (auto& m : f.measures) {
      if (m.id == it->measure && m.seizure) {
        m.pauses.push_back(excluded_time{it->from, std::min(day, *it->fixed_until), it->kind});
      }
    }
  }
  f.exclusions.erase(it);
}

// Findings for the deadlines this event closes late (程序规定 第八十四条: the due day itself is on time).
void record_late(case_facts& f, const event& e, std::size_t index, const fold_context& ctx) {
  const date day = e.day();
  for_each_deadline(f, ctx, day, [&](const deadline_spec& s) {
    if (!s.bureau || !s.closed_by(e)) return true;
    const due_date d = compute(s, ctx);
    const bool late = d.due_instant ? e.at > *d.due_instant : day > d.due;
    f.tally.deadlines_closed.emplace_back(s.period->id, late);
    if (late) {
      finding x;
      x.rule_id = s.period->rule_id;
      x.citation = d.citation;
      x.period_id = s.period->id;
      x.due = d.due;
      x.done = day;
      x.event_index = index;
      x.message_zh = s.period->title_zh + "逾期：应于" + days_text(d) + "前完成，实际于" + to_iso(day) + "完成";
      x.message_en = s.period->title_en + " late: due " + days_text(d) + ", done " + to_iso(day);
      x.provisional = d.provisional;
      f.findings.push_back(std::move(x));
    }
    return true;
  });
}

bool has_role(const event& e, actor_role r) {
  return std::any_of(e.actors.begin(), e.actors.end(), [r](const actor& a) { return a.role == r; });
}

// R-FULL-PROCESS-RECORD 处罚法 第四十七条; 程序规定 第七十九条, 第四十四条: site inspection, questioning,
// sampling, 先行登记保存 and 查封扣押 are recorded by photo, audio or video. The act happened and stays in the
// case (refusing it would hide it): a missing audio-visual record is a finding.
void record_av(case_facts& f, const event& e, std::size_t index) {
  if (e.av_recorded) return;
  const bool covered = e.type == et::evidence_preserved || e.type == et::seizure_ordered ||
                       (e.type == et::investigative_act &&
                        (e.subject == "inspection" || e.subject == "questioning" || e.subject == "sampling"));
  if (!covered) return;
  const std::string what = e.type == et::investigative_act ? e.subject : std::string(to_string(e.type));
  finding x;
  x.rule_id = "R-FULL-PROCESS-RECORD";
  x.citation = "处罚法 (2021) 第四十七条; 程序规定 (2022) 第七十九条; 程序规定 (2022) 第四十四条";
  x.done = e.day();
  x.event_index = index;
  x.message_zh = "现场检查、询问、抽样、先行登记保存、查封扣押应当音像记录，" + to_iso(e.day()) + "的" + what + "没有音像记录";
  x.message_en = "the " + what + " of " + to_iso(e.day()) + " has no photo, audio or video record";
  f.findings.push_back(std::move(x));
}

// The counts behind the annual statistics (oversight.hpp).
void count(case_tally& t, const event& e) {
  auto inc = [](std::uint16_t& n) {
    if (n < UINT16_MAX) ++n;
  };
  switch (e.type) {
    case et::clue_received: t.clue_source = e.subject; break;
    case et::reviewed: inc(e.review == review_kind::legal_review ? t.legal_reviews : t.case_reviews); break;
    case et::collective_discussion: inc(t.collective_discussions); break;
    case et::hearing_requested: inc(t.hearings_requested); break;
    case et::hearing_held: inc(t.hearings_held); break;
    case et::transferred_to_police: inc(t.criminal_transfers); break;
    case et::reconsideration_applied: inc(t.reconsiderations); break;
    case et::lawsuit_filed:
      inc(t.lawsuits);
      if (!t.first_lawsuit) t.first_lawsuit = e.day();
      break;
    case et::court_appearance:
      inc(t.court_sessions);
      if (has_role(e, actor_role::head) || has_role(e, actor_role::principal_head)) inc(t.head_appearances);
      break;
    case et::decision:
    case et::summary_decision:
      t.violation_type = e.violation_type;
      t.applied = e.applied;
      t.circumstances = e.circumstances;
      break;
    default: break;
  }
}

// R-EXEC-ITEMS: the decision's money, item by item.
void set_items(case_facts& f, const std::optional<penalty>& p) {
  f.decided_penalty = p;
  f.fine.due_fen = p ? p->fine_fen : 0;
  f.illegal_gains.due_fen = p ? p->illegal_gains_fen : 0;
  f.illegal_property_fen = p ? p->illegal_property_fen : 0;
}

// 程序规定 第七十七条第一款第一项: executed once every item is (ordinary procedure: a ground for closing).
void mark_executed(case_facts& f, date day) {
  if (f.executed || !execution::all_executed(f)) return;
  f.executed = day;
  if (f.proc == procedure::ordinary) f.closing_trigger = day;
}

}  // namespace

// check_dates runs before every apply: it allocates nothing unless it throws (the workflow's passing path does not
// allocate; workflow_alloc_test), so the event type is added to the message only then.
namespace {
[[noreturn]] void rethrow_for(const event& e, const invalid_argument_error& x) {
  throw invalid_argument_error("event " + std::string(to_string(e.type)) + ": " + x.message());
}
}  // namespace

void check_money(const case_facts& f, const event& e) {
  // The full names ("event payment_received: amount_fen") are composed only when a check fails: the workflow's
  // passing path allocates nothing. A failing check is simply repeated with the full name, which throws.
  const auto named = [&e](std::string_view what) { return "event " + std::string(to_string(e.type)) + ": " + std::string(what); };
  const auto amount = [&](std::int64_t fen, std::string_view field) {
    try {
      check_amount(fen, field);
    } catch (const error&) {
      check_amount(fen, named(field));
      throw;
    }
  };
  const auto sum = [&](std::int64_t a, std::int64_t b, std::string_view what) {
    try {
      return checked_add(a, b, what);
    } catch (const error&) {
      (void)checked_add(a, b, named(what));
      throw;
    }
  };
  amount(e.amount_fen, "amount_fen");
  if (e.proposed) {
    amount(e.proposed->fine_fen, "penalty.fine_fen");
    amount(e.proposed->illegal_gains_fen, "penalty.illegal_gains_fen");
    amount(e.proposed->illegal_property_fen, "penalty.illegal_property_fen");
  }
  // R-EXEC-DEFER: the approved amounts, and their total (what the deferral's due dates add up); a deferral
  // names its field with its index only when a check fails.
  std::int64_t scheduled = 0;
  for (std::size_t i = 0; i < e.instalments.size(); ++i) {
    try {
      check_amount(e.instalments[i].amount_fen, "instalments");
      scheduled = checked_add(scheduled, e.instalments[i].amount_fen, "instalments");
    } catch (const error&) {
      const std::string field = named("instalments[" + std::to_string(i) + "].amount_fen");
      check_amount(e.instalments[i].amount_fen, field);
      (void)checked_add(scheduled, e.instalments[i].amount_fen, field);
      throw;
    }
  }
  if (e.amount_fen == 0) return;
  // The totals fold() will form with this event, each a checked sum (the items' own sums never exceed what is
  // due: R-EXEC-PAYMENT refuses an overpayment).
  (void)sum(f.paid_fen, e.amount_fen, "the amount paid in the case");
  (void)sum(f.surcharge.due_fen, e.amount_fen, "the surcharges of the case");
  (void)sum(f.cash_fen, e.amount_fen, "the cash collected in the case");
}

void check_dates(const event& e) {
  try {
    if (e.at.is_special()) throw invalid_argument_error("at is not a time");
    static const date last_event_day(last_event_year, 12, 31);
    const date day = e.day();
    check_supported(day, "at");
    if (day > last_event_day)
      throw invalid_argument_error("at " + to_iso(e.at) + " is after " + std::to_string(last_event_year) +
                                   "-12-31, the last day an event may have (the periods it starts must end by "
                                   "2199-12-31) / 事件日期超出支持范围");
    if (e.violation_date) check_supported(*e.violation_date, "violation_date");
    if (e.violation_end) check_supported(*e.violation_end, "violation_end");
    if (e.scheduled) check_supported(*e.scheduled, "scheduled");
  } catch (const invalid_argument_error& x) {
    rethrow_for(e, x);
  }
}

void fold(case_facts& f, const event& e, std::size_t index, const fold_context& ctx) {
  record_late(f, e, index, ctx);
  count(f.tally, e);
  const date day = e.day();
  for (const auto& a : e.actors) {
    if (a.role == actor_role::officer) add_unique(f.investigators, a.id);
  }
  if (e.party) f.party = e.party;
  switch (e.type) {
    case et::clue_received:
      f.clue = day;
      f.received_by_transfer = e.received_by_transfer;
      break;
    case et::verification_extended: f.verification_extension += e.extension; break;
    case et::case_filed:
      f.filed = day;
      f.proc = procedure::ordinary;
      f.review_grounds = static_cast<std::uint8_t>(f.review_grounds | e.grounds);
      break;
    case et::filing_refused:
      f.filing_refused = day;
      break;
    case et::investigative_act:
      if (e.involves_party && !f.party_contacted) f.party_contacted = day;
      record_av(f, e, index);
      break;
    case et::evidence_preserved:
    case et::seizure_ordered:
      record_av(f, e, index);
      f.measures.push_back(measure{e.subject, e.type == et::seizure_ordered, day,
                                   has_role(e, actor_role::head) || has_role(e, actor_role::principal_head), 0,
                                   std::nullopt, {}});
      break;
    case et::preservation_handled:
    case et::seizure_released:
      if (auto* m = find_measure(f, e.subject)) m->closed = day;
      break;
    case et::seizure_extended:
      if (auto* m = find_measure(f, e.subject)) m->extended += e.extension;
      break;
    case et::suspended: f.suspended_since = day; break;
    case et::resumed:
      if (f.suspended_since) f.decision_pauses.push_back(excluded_time{*f.suspended_since, day, exclusion::suspension});
      f.suspended_since.reset();
      break;
    case et::investigation_terminated:
    case et::transferred:
    case et::exhibits_handed_over:
      if (f.suspended_since) f.decision_pauses.push_back(excluded_time{*f.suspended_since, day, exclusion::suspension});
      f.suspended_since.reset();
      f.closing_trigger = day;
      break;
    case et::criminal_referral_reported: f.criminal_reported = day; break;
    case et::criminal_transfer_decided:
      f.criminal_decided = day;
      if (e.approved.value_or(false)) f.criminal_approved_at = e.at;
      else f.criminal_reported.reset();
      break;
    case et::transferred_to_police: f.police_received = day; break;
    case et::police_decided:
      if (e.approved.value_or(false)) {
        f.police_filed = day;
      } else {
        // 移送规定 第十条: the police declined; the bureau handles the case itself.
        f.police_declined = day;
        f.criminal_reported.reset();
        f.criminal_approved_at.reset();
        f.criminal_decided.reset();
        f.police_received.reset();
      }
      break;
    case et::excluded_time_started:
      // R-TIME-EXCLUDED: the kinds of excluded time and the periods the law names for each (`running_pause`).
      f.exclusions.push_back(running_exclusion{e.subject, e.excluded.value_or(exclusion::testing), day,
                                               e.party_notified && e.scheduled ? e.measure : std::string(),
                                               e.scheduled});
      break;
    case et::excluded_time_ended: end_exclusion(f, e.subject, day); break;
    case et::investigation_ended:
      f.investigation_ended = day;
      f.review_received = day;
      f.review_grounds = static_cast<std::uint8_t>(f.review_grounds | e.grounds);
      f.review_passed.reset();
      f.review_passed_kind.reset();
      f.review_extension = 0;
      break;
    case et::reviewed:
      if (e.review_result == review_outcome::approved) {
        f.review_passed = day;
        f.review_passed_kind = e.review;
        if (e.review == review_kind::legal_review) f.legal_review_passed = day;
      }
      break;
    case et::review_extended: f.review_extension += e.extension; break;
    case et::head_approved:
      f.intended = e.outcome;
      break;
    case et::notice_served: {
      f.notice_served = day;
      f.notified = e.proposed;
      f.hearing_right_stated = e.hearing_right_stated;
      const auto statement = compute_due_date(ctx.periods.at("statement"), day, ctx.cal, {}, {}, counting());
      f.statement_due = statement.due;
      f.statement_due_assumed = statement.first_assumed_day;
      const auto request = compute_due_date(ctx.periods.at("hearing-request"), day, ctx.cal, {}, {}, counting());
      f.hearing_request_due = request.due;
      f.hearing_request_due_assumed = request.first_assumed_day;
      break;
    }
    case et::statements_filed: f.statements_filed = day; break;
    case et::statements_reviewed: f.statements_reviewed = day; break;
    case et::rights_waived: f.waived = true; break;
    case et::hearing_requested: f.hearing_requested = day; break;
    case et::hearing_noticed: {
      f.hearing_noticed = day;
      f.hearing_scheduled = e.scheduled;
      const auto notice = compute_due_date(ctx.periods.at("hearing-notice"), day, ctx.cal, {}, {}, counting());
      f.hearing_notice_due = notice.due;
      f.hearing_notice_due_assumed = notice.first_assumed_day;
      break;
    }
    case et::hearing_held:
      f.hearing_held = day;
      f.review_grounds = static_cast<std::uint8_t>(f.review_grounds | e.grounds);
      if (f.hearing_requested) f.decision_pauses.push_back(excluded_time{*f.hearing_requested, day, exclusion::hearing});
      // 程序规定 第五十条第二款: for an item (二) case the legal review comes after the hearing.
      if (f.review_grounds & review_ground::major_rights) {
        f.review_passed.reset();
        f.review_received = day;  // the hearing record and report go to the legal review
        f.review_extension = 0;
      }
      break;
    case et::hearing_terminated:
      f.hearing_terminated = day;
      if (f.hearing_requested) f.decision_pauses.push_back(excluded_time{*f.hearing_requested, day, exclusion::hearing});
      break;
    case et::collective_discussion:
      if (e.subject == "extension") f.extension_discussed = day;
      else f.decision_discussed = day;
      break;
    case et::refund_ordered:
      // R-REFUND-ORDER 程序规定 第五十九条, 第六十四条第二款: the refund period is not counted in the decision period.
      f.refund_ordered = day;
      if (e.scheduled && *e.scheduled >= day) {
        f.decision_pauses.push_back(excluded_time{day, *e.scheduled, exclusion::refund_order});
      }
      break;
    case et::decision_period_extended:
      f.decision_extensions.push_back(extension{e.extension, e.approved_by.value_or(approver::head)});
      break;
    case et::decision:
      f.decided = day;
      f.outcome = e.outcome;
      if (e.outcome == decision_outcome::penalty) set_items(f, e.proposed);
      // 程序规定 第七十七条第一款第四项: decisions (二)-(五) are a ground for closing; (二) after education.
      if (e.outcome == decision_outcome::not_established || e.outcome == decision_outcome::transfer_administrative ||
          e.outcome == decision_outcome::transfer_judicial) {
        f.closing_trigger = day;
      }
      break;
    case et::education_given:
      f.education = day;
      if (f.outcome == decision_outcome::no_penalty) f.closing_trigger = day;
      break;
    case et::decision_served:
      // R-SERVICE-METHODS 程序规定 第八十二条第五项: service by public notice is deemed made when the period
      // from the publication has run (period public-notice-service).
      f.served = e.service == service_method::public_notice
                     ? compute_due_date(ctx.periods.at("public-notice-service"), day, ctx.cal, {}, {}, counting()).due
                     : day;
      f.payment_from = f.served;  // R-EXEC-PAYMENT: 15 days from receipt of the decision
      if (f.decided_penalty && execution::all_executed(f)) {
        f.executed = f.served;  // a warning or criticism is executed by service
        f.closing_trigger = f.served;
      }
      break;
    case et::payment_received:
    case et::cash_collected: {
      event p = e;
      if (e.type == et::cash_collected) p.item = execution_item::fine;  // 当场收缴 collects the fine
      const auto a = execution::allocate(f, p);
      f.fine.paid_fen += a.part[0];
      f.illegal_gains.paid_fen += a.part[1];
      f.surcharge.paid_fen += a.part[2];
      if (a.part[0] > 0) f.fine_payments.emplace_back(day, a.part[0]);
      f.paid_fen = checked_add(f.paid_fen, e.amount_fen, "amount paid");
      if (e.type == et::cash_collected) {
        f.cash_collected = day;
        f.cash_fen = checked_add(f.cash_fen, e.amount_fen, "cash collected");
      }
      mark_executed(f, day);
      break;
    }
    case et::goods_confiscated:
      f.goods_confiscated = day;
      mark_executed(f, day);
      break;
    case et::payment_deferred:
      f.deferral_approved = day;
      f.instalments = e.instalments;
      break;
    case et::surcharge_imposed:
      f.surcharge.due_fen = checked_add(f.surcharge.due_fen, e.amount_fen, "surcharges");
      break;
    case et::reminder_served: f.reminder_served = day; break;
    case et::court_enforcement_applied: f.court_applied = day; break;
    case et::execution_completed:
      f.executed = day;
      f.closing_trigger = day;
      break;
    case et::published: f.published = day; break;
    case et::publication_withdrawn: f.publication_withdrawn = day; break;
    case et::case_closed: f.closed = day; break;
    case et::archived: f.archived = day; break;
    case et::summary_decision:
      f.proc = procedure::summary;
      f.summary_decided = day;
      f.decided = day;
      f.outcome = decision_outcome::penalty;
      set_items(f, e.proposed);
      // 处罚法 第五十二条: handed over on the spot; 第五十三条: paid as 第六十七条 says, 15 days from receipt.
      f.payment_from = day;
      break;
    case et::summary_filed: f.summary_filed = day; break;
    case et::cash_handed_in: f.cash_handed_in = day; break;
    case et::cash_deposited: f.cash_deposited = day; break;
    case et::summary_handed_in:
      f.summary_handed_in = day;
      f.archived = day;
      break;
    case et::reconsideration_applied: f.reconsideration_applied = day; break;
    case et::reconsideration_procedure: f.reconsideration_simplified = e.subject == "simplified"; break;
    case et::reconsideration_answered: f.reconsideration_answered = day; break;
    case et::reconsideration_decided:
      f.reconsideration_decided = day;
      if (e.decision_changed) f.decision_changed = day;
      if (f.reconsideration_applied) f.remedy_pauses.push_back(excluded_time{*f.reconsideration_applied, day, std::nullopt});
      break;
    case et::lawsuit_filed: f.lawsuit_filed = day; break;
    case et::defence_submitted: f.defence_submitted = day; break;
    case et::court_appearance:
      // R-LIT-HEAD-APPEARANCE 行政诉讼法 第三条第三款: a finding when no head appeared.
      if (!has_role(e, actor_role::head) && !has_role(e, actor_role::principal_head)) {
        finding x;
        x.rule_id = "R-LIT-HEAD-APPEARANCE";
        x.citation = "行政诉讼法 (2017) 第三条第三款; 最高人民法院关于适用《行政诉讼法》的解释 (2018) 第一百二十八条";
        x.done = day;
        x.event_index = index;
        x.message_zh = "行政机关负责人未出庭应诉（" + to_iso(day) + "）";
        x.message_en = "no head of the agency appeared in court on " + to_iso(day);
        f.findings.push_back(std::move(x));
      }
      break;
    case et::judgment:
      if (e.decision_changed) f.decision_changed = day;
      if (f.lawsuit_filed) f.remedy_pauses.push_back(excluded_time{*f.lawsuit_filed, day, std::nullopt});
      break;
    case et::recusal: add_unique(f.recused, e.subject); break;
  }
}

}  // namespace penaltyflow::detail
