// Gates of service and publication (送达、公示: 程序规定 第八十二条, 第八十三条; 处罚法 第四十八条,
// 第六十一条; 公示规定).

#include "penaltyflow/rules/gates.hpp"

namespace penaltyflow {

namespace rules {

bool will_be_published(const case_facts& f) {
  // R-PUBLISH-GSXT 公示规定 第二条, 第九条: ordinary-procedure penalties other than a warning alone.
  return f.proc == procedure::ordinary && f.outcome == decision_outcome::penalty && f.decided_penalty &&
         f.decided_penalty->kinds != (1U << static_cast<unsigned>(penalty_kind::warning));
}

}  // namespace rules

namespace gates {

// R-PUBLISH-GSXT 公示规定 第二条, 第九条: ordinary-procedure penalties other than a warning alone.
void gate_publish(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (!rules::will_be_published(f)) {
    out.push_back(r.refuse("只公示适用普通程序作出的行政处罚决定（仅警告的除外）",
                           "only ordinary-procedure penalty decisions other than a warning alone are published",
                           {{"procedure", std::string(to_string(f.proc))}, {"decided", iso(f.decided)}}));
  }
}

// R-SERVICE-METHODS 程序规定 第八十二条, 第八十三条; 处罚法 第六十一条第二款: electronic service only with the
// party's consent and a signed 送达地址确认书; service by public notice only when the party's whereabouts are
// unknown or other methods failed (the reasons are recorded). The deemed service date is the fold's.
void gate_service_methods(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.service == service_method::electronic && !in.ev.address_confirmed) {
    out.push_back(r.refuse("电子送达须经当事人同意并签订送达地址确认书",
                           "electronic service needs the party's consent and a signed address confirmation (送达地址确认书)",
                           {{"service_method", "electronic"}, {"address_confirmed", "false"}}));
  }
  if (in.ev.service == service_method::public_notice && in.ev.ground.empty()) {
    out.push_back(r.refuse("公告送达仅适用于受送达人下落不明或者其他方式无法送达，须载明理由",
                           "service by public notice only when the party cannot be found or other methods failed; "
                           "the reason must be stated",
                           {{"service_method", "public_notice"}, {"ground", ""}}));
  }
}

// R-SERVICE-PUBLICITY-NOTICE 公示规定 第八条: serving a decision that will be published, the party is told in
// writing that it will be published.
void gate_publicity_notice(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (in.ev.publicity_told || !rules::will_be_published(in.facts)) return;
  out.push_back(r.refuse("送达将予公示的行政处罚决定书时，应当书面告知当事人该决定将公示",
                         "serving a decision that will be published, the party must be told in writing that it will be "
                         "published",
                         {{"decided", iso(in.facts.decided)}, {"publicity_told", "false"}}));
}

// R-PUBLISH-SOCIAL-IMPACT 处罚法 第四十八条第二款; 程序规定 第六十三条: a published decision that was changed,
// annulled, found illegal or invalid is withdrawn (within 3 working days: a late withdrawal is a finding of the
// period publication-withdrawal), with the reasons stated.
void gate_withdrawal(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (!f.published || !f.decision_changed || f.publication_withdrawn) {
    out.push_back(r.refuse("只有已公开且被变更、撤销、确认违法或者确认无效的行政处罚决定才撤回公开",
                           "only a published decision that was changed, annulled, found illegal or invalid is withdrawn",
                           {{"published", iso(f.published)}, {"decision_changed", iso(f.decision_changed)},
                            {"publication_withdrawn", iso(f.publication_withdrawn)}}));
  }
  if (in.ev.ground.empty()) {
    out.push_back(r.refuse("撤回公开须说明理由", "the withdrawal must state its reasons", {{"ground", ""}}));
  }
}

}  // namespace gates

}  // namespace penaltyflow
