// Private: the gates of the rule catalogue, one file per section of the workflow's transition table
// (lib/penaltyflow/rules/<section>.cpp), and the helpers they share. The catalogue (lib/penaltyflow/rules.cpp)
// registers each gate under its rule id; no other file names a gate.
#pragma once

#include <penaltyflow/rules.hpp>

#include <algorithm>
#include <optional>
#include <string>

namespace penaltyflow::gates {

using et = event_type;
using rules::format_fen;

/// The texts the gates and the catalogue cite.
inline citation apl(const char* a) { return {"处罚法", "2021", a}; }
inline citation prc(const char* a) { return {"程序规定", "2022", a}; }
inline citation enf(const char* a) { return {"行政强制法", "2011", a}; }
inline citation xfr(const char* a) { return {"移送规定", "2020", a}; }
inline citation pub(const char* a) { return {"公示规定", "2021", a}; }
inline citation rcn(const char* a) { return {"行政复议法", "2023", a}; }
inline citation rcn17(const char* a) { return {"行政复议法", "2017", a}; }
inline citation lit(const char* a) { return {"行政诉讼法", "2017", a}; }
/// 行政复议法 2023 (修订) is in force from 2024-01-01 and has no transitional clause.
inline const date recon_2023_from{2024, 1, 1};

inline bool is_head(const actor& a) { return a.role == actor_role::head || a.role == actor_role::principal_head; }
inline bool has_head(const event& e) { return std::any_of(e.actors.begin(), e.actors.end(), is_head); }
inline bool has_role(const event& e, actor_role r) {
  return std::any_of(e.actors.begin(), e.actors.end(), [r](const actor& a) { return a.role == r; });
}
inline std::string iso(const std::optional<date>& d) { return d ? to_iso(*d) : std::string("-"); }
inline std::string who(const actor& a) { return a.name.empty() ? a.id : a.name + " (" + a.id + ")"; }

/// R-NOTICE 程序规定 第五十七条; 处罚法 第四十四条, 第六十二条: the party has been heard as of `day` — its
/// statement (and hearing-request) period has run, it waived, or what it said has been handled
/// (rules/notice_hearing.cpp).
bool party_heard(const case_facts& f, date day);

/// A gate that requires a head's approval (负责人批准) on the event.
void require_head(const rule_definition& r, const gate_input& in, refusal_list& out, const char* what_zh,
                  const char* what_en);

// Actors (rules/actors.cpp): who may act, whatever the stage.
void gate_two_certified(const rule_definition&, const gate_input&, refusal_list&);
void gate_recusal_authority(const rule_definition&, const gate_input&, refusal_list&);
void gate_recusal(const rule_definition&, const gate_input&, refusal_list&);
void gate_reviewer(const rule_definition&, const gate_input&, refusal_list&);
void gate_legal_reviewer(const rule_definition&, const gate_input&, refusal_list&);
void gate_hearing_host(const rule_definition&, const gate_input&, refusal_list&);

// Intake and filing (rules/intake.cpp).
void gate_filing_conditions(const rule_definition&, const gate_input&, refusal_list&);
void gate_limitation(const rule_definition&, const gate_input&, refusal_list&);
void gate_verification_extension(const rule_definition&, const gate_input&, refusal_list&);
void gate_no_filing(const rule_definition&, const gate_input&, refusal_list&);

// Investigation and its side paths (rules/investigation.cpp).
void gate_preserve(const rule_definition&, const gate_input&, refusal_list&);
void gate_ground_and_head(const rule_definition&, const gate_input&, refusal_list&);
void gate_criminal(const rule_definition&, const gate_input&, refusal_list&);
void gate_report(const rule_definition&, const gate_input&, refusal_list&);
void gate_first_contact(const rule_definition&, const gate_input&, refusal_list&);
void gate_excluded_time(const rule_definition&, const gate_input&, refusal_list&);

// Review and approval (rules/review.cpp).
void gate_review_routing(const rule_definition&, const gate_input&, refusal_list&);
void gate_review_outcome(const rule_definition&, const gate_input&, refusal_list&);
void gate_head_approval(const rule_definition&, const gate_input&, refusal_list&);
void gate_review_extension(const rule_definition&, const gate_input&, refusal_list&);
void gate_review_content(const rule_definition&, const gate_input&, refusal_list&);

// Notice, statements and hearing (rules/notice_hearing.cpp).
void gate_notice(const rule_definition&, const gate_input&, refusal_list&);
void gate_defence(const rule_definition&, const gate_input&, refusal_list&);
void gate_hearing_scope(const rule_definition&, const gate_input&, refusal_list&);
void gate_hearing_request(const rule_definition&, const gate_input&, refusal_list&);
void gate_hearing_notice(const rule_definition&, const gate_input&, refusal_list&);
void gate_hearing_procedure(const rule_definition&, const gate_input&, refusal_list&);

// Decision (rules/decision.cpp).
void gate_collective(const rule_definition&, const gate_input&, refusal_list&);
void gate_quorum(const rule_definition&, const gate_input&, refusal_list&);
void gate_decision_extension(const rule_definition&, const gate_input&, refusal_list&);
void gate_decision_types(const rule_definition&, const gate_input&, refusal_list&);
void gate_document(const rule_definition&, const gate_input&, refusal_list&);
void gate_exemption_facts(const rule_definition&, const gate_input&, refusal_list&);
void gate_no_penalty(const rule_definition&, const gate_input&, refusal_list&);
void gate_refund_order(const rule_definition&, const gate_input&, refusal_list&);

// Service and publication (rules/service_publication.cpp).
void gate_publish(const rule_definition&, const gate_input&, refusal_list&);
void gate_service_methods(const rule_definition&, const gate_input&, refusal_list&);
void gate_publicity_notice(const rule_definition&, const gate_input&, refusal_list&);
void gate_withdrawal(const rule_definition&, const gate_input&, refusal_list&);

// Execution and closing (rules/execution.cpp).
void gate_payment(const rule_definition&, const gate_input&, refusal_list&);
void gate_items(const rule_definition&, const gate_input&, refusal_list&);
void gate_surcharge(const rule_definition&, const gate_input&, refusal_list&);
void gate_defer(const rule_definition&, const gate_input&, refusal_list&);
void gate_court(const rule_definition&, const gate_input&, refusal_list&);
void gate_close(const rule_definition&, const gate_input&, refusal_list&);

// Summary procedure (rules/summary.cpp).
void gate_summary(const rule_definition&, const gate_input&, refusal_list&);
void gate_summary_notice(const rule_definition&, const gate_input&, refusal_list&);
void gate_summary_document(const rule_definition&, const gate_input&, refusal_list&);
void gate_cash(const rule_definition&, const gate_input&, refusal_list&);

// Remedies: reconsideration and litigation (rules/remedies.cpp).
void gate_remedy(const rule_definition&, const gate_input&, refusal_list&);
void gate_recon_procedure(const rule_definition&, const gate_input&, refusal_list&);
void gate_recon_first(const rule_definition&, const gate_input&, refusal_list&);

}  // namespace penaltyflow::gates
