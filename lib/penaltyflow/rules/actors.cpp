// Gates on who acts, whatever the stage: certified officers, recusal, reviewers and the hearing host
// (处罚法 第四十二条, 第四十三条, 第五十八条, 第六十四条; 程序规定 第四条, 第四十九条, 第五十一条).

#include "penaltyflow/rules/gates.hpp"

namespace penaltyflow {

namespace gates {

// R-ACTOR-TWO-CERTIFIED 处罚法 第四十二条; 程序规定 第十九条第二款, 第二十二条; 行政强制法 第十八条第二项.
void gate_two_certified(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const date day = in.ev.day();
  int valid = 0;
  std::vector<fact> bad;  // allocates only when an officer fails
  const auto& all = in.ev.actors;
  for (auto it = all.begin(); it != all.end(); ++it) {
    const actor& a = *it;
    if (a.role != actor_role::officer) continue;
    // One person counts once, however often listed.
    const bool seen = std::any_of(all.begin(), it, [&](const actor& o) { return o.role == actor_role::officer && o.id == a.id; });
    if (seen) continue;
    if (!a.enforcement_certificate) {
      bad.push_back({"officer_without_certificate", who(a)});
    } else if (!a.enforcement_certificate->valid_on(day)) {
      bad.push_back({"certificate_not_valid", who(a) + " " + a.enforcement_certificate->number + " " +
                                                  to_iso(a.enforcement_certificate->valid_from) + ".." +
                                                  to_iso(a.enforcement_certificate->valid_until)});
    } else if (in.facts.is_recused(a.id)) {
      bad.push_back({"officer_recused", who(a)});
    } else {
      ++valid;
    }
  }
  if (valid >= 2) return;
  bad.insert(bad.begin(), fact{"valid_officers", std::to_string(valid)});
  bad.insert(bad.begin() + 1, fact{"act_date", to_iso(day)});
  out.push_back(r.refuse("执法人员不得少于两人且须持有在" + to_iso(day) + "有效的执法证件，有效人数为" +
                             std::to_string(valid),
                         "at least two officers with enforcement certificates valid on " + to_iso(day) +
                             " are required; valid officers: " + std::to_string(valid),
                         std::move(bad)));
}

// R-ACTOR-RECUSAL 程序规定 第四条: who decides a recusal — the principal head's by the heads' collective
// discussion (at least the profile's quorum of heads, R-COLLECTIVE-QUORUM), another head's by the principal head,
// anyone else's by a head; never the person recused.
void gate_recusal_authority(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& e = in.ev;
  if (e.subject.empty()) {
    out.push_back(r.refuse("回避决定须指明回避人员", "a recusal decision must name the person", {{"subject", ""}}));
  }
  if (!e.subject_role) {
    out.push_back(r.refuse("回避决定须载明回避人员的身份（主要负责人、其他负责人或者其他人员），以确定决定主体",
                           "a recusal decision must state the recused person's role (principal head, other head or "
                           "other), which fixes who decides it",
                           {{"subject_role", "-"}}));
    return;
  }
  const bool self = std::any_of(e.actors.begin(), e.actors.end(), [&](const actor& a) { return a.id == e.subject; });
  if (self) {
    out.push_back(r.refuse("回避人员不得参与决定本人的回避", "the person recused may not take part in deciding it",
                           {{"subject", e.subject}}));
  }
  int heads = 0;
  bool principal = false;
  for (auto it = e.actors.begin(); it != e.actors.end(); ++it) {
    if (!is_head(*it) || it->id == e.subject) continue;
    const bool seen = std::any_of(e.actors.begin(), it, [&](const actor& o) { return is_head(o) && o.id == it->id; });
    if (!seen) ++heads;
    principal = principal || it->role == actor_role::principal_head;
  }
  const std::string role(to_string(*e.subject_role));
  switch (*e.subject_role) {
    case actor_role::principal_head:
      if (e.approved_by != approver::collective_discussion || heads < in.prof.collective_discussion_min_heads) {
        out.push_back(r.refuse("市场监督管理部门主要负责人的回避，由负责人集体讨论决定",
                               "the principal head's recusal is decided by the heads' collective discussion",
                               {{"subject_role", role},
                                {"approved_by", e.approved_by ? std::string(to_string(*e.approved_by)) : "-"},
                                {"heads", std::to_string(heads)},
                                {"profile", in.prof.id + ".collective_discussion_min_heads"}}));
      }
      break;
    case actor_role::head:
      if (!principal) {
        out.push_back(r.refuse("市场监督管理部门其他负责人的回避，由主要负责人决定",
                               "another head's recusal is decided by the principal head",
                               {{"subject_role", role}, {"principal_head", "-"}}));
      }
      break;
    default:
      if (heads == 0) {
        out.push_back(r.refuse("其他有关人员的回避，由市场监督管理部门负责人决定",
                               "the recusal of anyone other than a head is decided by a head of the bureau",
                               {{"subject_role", role}, {"head", "-"}}));
      }
      break;
  }
}

// R-ACTOR-RECUSAL 处罚法 第四十三条; 程序规定 第四条: a recused person takes no later role.
void gate_recusal(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.type == et::recusal) gate_recusal_authority(r, in, out);
  for (const auto& a : in.ev.actors) {
    if (in.facts.is_recused(a.id)) {
      out.push_back(r.refuse(who(a) + "已决定回避，不得再参与本案", who(a) + " was recused and may take no further part",
                             {{"recused_person", who(a)}, {"role", std::string(to_string(a.role))}}));
    }
  }
}

// R-ACTOR-REVIEWER-NOT-INVESTIGATOR 程序规定 第四十九条第三款.
void gate_reviewer(const rule_definition& r, const gate_input& in, refusal_list& out) {
  bool any = false;
  for (const auto& a : in.ev.actors) {
    if (a.role != actor_role::reviewer && a.role != actor_role::legal_reviewer) continue;
    any = true;
    const bool officer_here = std::any_of(in.ev.actors.begin(), in.ev.actors.end(), [&](const actor& o) {
      return o.role == actor_role::officer && o.id == a.id;
    });
    if (in.facts.is_investigator(a.id) || officer_here) {
      out.push_back(r.refuse(who(a) + "是本案办案人员，不得作为审核人员",
                             who(a) + " investigated this case and may not review it", {{"reviewer", who(a)}}));
    }
  }
  if (!any) out.push_back(r.refuse("审核意见须由审核人员作出", "a review needs a reviewer", {{"reviewer", ""}}));
}

// R-ACTOR-LEGAL-REVIEWER-QUALIFICATION 处罚法 第五十八条第二款; 程序规定 第五十一条. 律师资格 alone does not
// qualify a first-time reviewer, whatever a local rule says (辽宁法制审核办法 第四条 cannot loosen a law).
void gate_legal_reviewer(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.review != review_kind::legal_review) return;
  bool any = false;
  for (const auto& a : in.ev.actors) {
    if (a.role != actor_role::legal_reviewer) continue;
    any = true;
    const bool ok = a.experienced_legal_reviewer || a.legal_qualification;
    if (!ok) {
      out.push_back(r.refuse(who(a) + "初次从事法制审核，未取得法律职业资格",
                             who(a) + " is a first-time legal reviewer without the legal professional qualification",
                             {{"legal_reviewer", who(a)}, {"legal_qualification", "false"}}));
    }
  }
  if (!any) {
    out.push_back(r.refuse("法制审核须由法制审核人员作出", "a legal review needs a legal reviewer", {{"legal_reviewer", ""}}));
  }
}

// R-ACTOR-HEARING-HOST 处罚法 第六十四条第四项: 非本案调查人员主持.
void gate_hearing_host(const rule_definition& r, const gate_input& in, refusal_list& out) {
  bool any = false;
  for (const auto& a : in.ev.actors) {
    if (a.role != actor_role::hearing_host) continue;
    any = true;
    if (in.facts.is_investigator(a.id)) {
      out.push_back(r.refuse(who(a) + "是本案调查人员，不得主持听证",
                             who(a) + " investigated this case and may not host the hearing", {{"hearing_host", who(a)}}));
    }
  }
  if (!any) out.push_back(r.refuse("听证须指定主持人", "a hearing needs a designated host", {{"hearing_host", ""}}));
}

}  // namespace gates

}  // namespace penaltyflow
