// Gates of the prior notice, the party's statements and the hearing (告知、陈述申辩、听证: 程序规定
// 第五十七条, 第五十八条; 处罚法 第四十四条, 第四十五条, 第六十二条 to 第六十四条), and the hearing scope.
#include <penaltyflow/deadline.hpp>

#include "penaltyflow/detail/provisional_watch.hpp"
#include "penaltyflow/rules/gates.hpp"

namespace penaltyflow {

namespace rules {

bool in_hearing_scope(const penalty& p, party_kind party, const profile& prof) {
  // R-HEARING-SCOPE 处罚法 第六十三条 (kinds, [V]); 听证办法 第五条 (amounts, [V-partial]: profile values).
  if (p.has(penalty_kind::lower_qualification) || p.has(penalty_kind::revoke_permit) ||
      p.has(penalty_kind::suspend_business) || p.has(penalty_kind::order_closure) ||
      p.has(penalty_kind::restrict_practice) || p.has(penalty_kind::restrict_activity) ||
      p.has(penalty_kind::other_serious)) {
    return true;
  }
  const std::int64_t amount = party == party_kind::natural_person ? prof.hearing_amount_natural_fen
                                                                  : prof.hearing_amount_organisation_fen;
  return p.fine_fen >= amount || p.confiscation_fen() >= amount;  // "以上" includes the amount
}

}  // namespace rules

namespace gates {

bool party_heard(const case_facts& f, date day) {
  if (!f.notice_served) return false;
  detail::provisional_watch::note(f.statement_due_assumed);
  if (f.hearing_right_stated) detail::provisional_watch::note(f.hearing_request_due_assumed);
  const bool period_over = day > f.statement_due && (!f.hearing_right_stated || day > f.hearing_request_due);
  const bool spoke = f.statements_filed || f.hearing_requested;
  const bool handled = spoke && (!f.statements_filed || f.statements_reviewed) &&
                       (!f.hearing_requested || f.hearing_held || f.hearing_terminated);
  return period_over || f.waived || handled;
}

// R-NOTICE 程序规定 第五十七条; 处罚法 第四十四条, 第六十二条.
void gate_notice(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (in.ev.type == et::notice_served) {
    if (!in.ev.proposed) {
      out.push_back(r.refuse("告知书须载明拟作出的行政处罚", "the notice must state the intended penalty", {{"penalty", "-"}}));
      return;
    }
    if (f.party && rules::in_hearing_scope(*in.ev.proposed, *f.party, in.prof) && !in.ev.hearing_right_stated) {
      out.push_back(r.refuse("拟作出的处罚属于听证范围，告知书须告知听证权利",
                             "the intended penalty is in the hearing scope: the notice must state the hearing right",
                             {{"fine", format_fen(in.ev.proposed->fine_fen)}}));
    }
    return;
  }
  if (in.ev.outcome != decision_outcome::penalty) return;
  if (!f.notice_served) {
    out.push_back(r.refuse("未告知当事人拟作出的行政处罚及其陈述、申辩权利，不得作出行政处罚决定",
                           "no penalty before the party was notified of it and of the right to state and defend",
                           {{"notice_served", "-"}}));
    return;
  }
  const date day = in.ev.day();
  const bool spoke = f.statements_filed || f.hearing_requested;
  if (!party_heard(f, day)) {
    out.push_back(r.refuse("告知书送达后五个工作日陈述、申辩期限未届满，当事人未放弃权利",
                           "the party's 5 working days after the notice have not passed and the party did not waive",
                           {{"notice_served", iso(f.notice_served)}, {"statement_due", to_iso(f.statement_due)},
                            {"decision_date", to_iso(day)}}));
  }
  if (!spoke && f.notified && in.ev.proposed && f.notified->heavier(*in.ev.proposed)) {
    out.push_back(r.refuse("决定的处罚重于告知的处罚，须重新告知",
                           "the penalty is heavier than the one notified: notify again",
                           {{"notified_fine", format_fen(f.notified->fine_fen)},
                            {"decided_fine", format_fen(in.ev.proposed->fine_fen)}}));
  }
}

// R-DEFENCE-REVIEW 程序规定 第五十八条; 处罚法 第四十五条.
void gate_defence(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (in.ev.outcome != decision_outcome::penalty) return;
  if (f.statements_filed && (!f.statements_reviewed || *f.statements_reviewed < *f.statements_filed)) {
    out.push_back(r.refuse("当事人提出陈述、申辩，须先复核", "the party's statements must be re-examined (复核) first",
                           {{"statements_filed", iso(f.statements_filed)}, {"statements_reviewed", iso(f.statements_reviewed)}}));
  }
  const bool spoke = f.statements_filed || f.hearing_requested;
  if (spoke && f.notified && in.ev.proposed && f.notified->heavier(*in.ev.proposed)) {
    out.push_back(r.refuse("不得因当事人陈述、申辩或者要求听证而给予更重的处罚",
                           "no heavier penalty because the party stated, defended or asked for a hearing",
                           {{"notified_fine", format_fen(f.notified->fine_fen)},
                            {"decided_fine", format_fen(in.ev.proposed->fine_fen)},
                            {"notified_kinds", std::to_string(f.notified->kinds)},
                            {"decided_kinds", std::to_string(in.ev.proposed->kinds)}}));
  }
}

// R-HEARING-SCOPE 处罚法 第六十三条; 听证办法 第五条 (amounts: profile values).
void gate_hearing_scope(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (!f.notified) {
    out.push_back(r.refuse("尚未告知拟作出的处罚", "no penalty has been notified", {{"notified", "-"}}));
    return;
  }
  if (!f.party) {
    out.push_back(r.refuse("当事人类型（自然人或者组织）未知，无法判断听证范围",
                           "the party kind (natural person or organisation) is unknown: the hearing scope cannot be judged",
                           {{"party", "-"}}));
    return;
  }
  if (!rules::in_hearing_scope(*f.notified, *f.party, in.prof)) {
    const auto amount = *f.party == party_kind::natural_person ? in.prof.hearing_amount_natural_fen
                                                               : in.prof.hearing_amount_organisation_fen;
    out.push_back(r.refuse("拟作出的处罚不属于听证范围（罚款、没收数额未达" + format_fen(amount) + "）",
                           "the intended penalty is outside the hearing scope (amounts below " + format_fen(amount) + ")",
                           {{"notified_fine", format_fen(f.notified->fine_fen)},
                            {"hearing_amount", format_fen(amount)},
                            {"party", std::string(to_string(*f.party))},
                            {"profile", in.prof.id}}));
  }
}

// R-HEARING-PROCEDURE 处罚法 第六十四条第一项: request within 5 working days of the notice.
void gate_hearing_request(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (!f.notice_served) return;  // reported by R-HEARING-SCOPE
  detail::provisional_watch::note(f.hearing_request_due_assumed);
  if (in.ev.day() > f.hearing_request_due) {
    out.push_back(r.refuse("当事人应在告知后五个工作日内提出听证要求，已逾期",
                           "a hearing must be requested within 5 working days of the notice",
                           {{"notice_served", iso(f.notice_served)}, {"request_due", to_iso(f.hearing_request_due)},
                            {"requested", to_iso(in.ev.day())}}));
  }
  if (f.waived) {
    out.push_back(r.refuse("当事人已放弃听证权利", "the party waived the hearing right", {{"waived", "true"}}));
  }
}

// R-HEARING-PROCEDURE 处罚法 第六十四条第二项: notice at least 7 working days before the hearing.
void gate_hearing_notice(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (in.ev.type == et::hearing_noticed) {
    if (!in.ev.scheduled) {
      out.push_back(r.refuse("听证通知须载明听证时间", "the hearing notice must state the date", {{"scheduled", "-"}}));
      return;
    }
    const date due = compute_due_date(in.periods.at("hearing-notice"), in.ev.day(), in.cal, {}, {},
                                      {roll_reading::rest_days, coverage_policy::provisional_ok})
                         .due;
    if (*in.ev.scheduled <= due) {
      out.push_back(r.refuse("应在举行听证的七个工作日前通知，听证日期最早为" + to_iso(due) + "之后",
                             "the hearing must be noticed at least 7 working days ahead: no earlier than after " +
                                 to_iso(due),
                             {{"noticed", to_iso(in.ev.day())}, {"scheduled", to_iso(*in.ev.scheduled)},
                              {"notice_period_ends", to_iso(due)}}));
    }
    return;
  }
  if (!f.hearing_noticed) {
    out.push_back(r.refuse("未送达听证通知", "the hearing was not noticed", {{"hearing_noticed", "-"}}));
    return;
  }
  detail::provisional_watch::note(f.hearing_notice_due_assumed);
  if (in.ev.day() <= f.hearing_notice_due) {
    out.push_back(r.refuse("听证通知不足七个工作日", "the hearing was noticed less than 7 working days ahead",
                           {{"noticed", iso(f.hearing_noticed)}, {"held", to_iso(in.ev.day())},
                            {"notice_period_ends", to_iso(f.hearing_notice_due)}}));
  }
}

// R-HEARING-PROCEDURE 处罚法 第六十四条第一项, 第二项: one rule, two checks.
void gate_hearing_procedure(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.type == et::hearing_requested) {
    gate_hearing_request(r, in, out);
  } else if (in.ev.type == et::hearing_terminated) {
    // 处罚法 第六十四条第八项: withdrawal, or absence / leaving without reason, ends the hearing; the host ends it.
    if (in.ev.ground.empty() ||
        !std::any_of(in.ev.actors.begin(), in.ev.actors.end(), [](const actor& a) { return a.role == actor_role::hearing_host; })) {
      out.push_back(r.refuse("终止听证须由听证主持人载明理由（撤回申请、无正当理由拒不出席或者中途退出）",
                             "the host ends a hearing on a stated ground (withdrawal, absence or leaving without reason)",
                             {{"ground", in.ev.ground}}));
    }
  } else {
    gate_hearing_notice(r, in, out);
  }
}

}  // namespace gates

}  // namespace penaltyflow
