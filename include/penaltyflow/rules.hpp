// penaltyflow — the catalogue of legal gates (法定条件).
//
// Each rule has a stable id (the ids of the rules reference, legal-rules.md, e.g. "R-NOTICE"), its
// citations, a Chinese and an English title and the confidence of its source. A gate is a pure predicate
// over (case facts, new event, profile, calendar): it passes, or it adds a refusal that lists the facts that
// failed. The same predicate is used wherever the rule matters. Refusals are values, never exceptions.
#pragma once

#include <penaltyflow/case.hpp>
#include <penaltyflow/period.hpp>
#include <penaltyflow/profile.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow {

/// One fact a refusal or finding rests on, e.g. {"certificate_valid_until", "2023-03-01"}.
struct fact {
  std::string name;
  std::string value;
};

/// A gate that failed.
struct refusal {
  std::string rule_id;
  std::string citation;     ///< all citations of the rule, "程序规定 (2022) 第五十条; ..."
  std::string title_zh;
  std::string title_en;
  std::string message_zh;   ///< what failed, in Chinese
  std::string message_en;   ///< the same in English
  confidence tag = confidence::verified;
  std::vector<fact> facts;  ///< the facts that failed, e.g. which officer's certificate expired when
};

/// Everything a gate may read. Nothing here reads the clock: "today" is the new event's time.
struct gate_input {
  const case_facts& facts;
  const event& ev;
  const profile& prof;
  const calendar& cal;
  const period_catalogue& periods;
};

/// Where a gate writes its refusals (only allocates when a gate fails).
using refusal_list = std::vector<refusal>;

struct rule_definition;
/// A gate: adds zero or more refusals for `rule` to `out`.
using gate_fn = void (*)(const rule_definition& rule, const gate_input& in, refusal_list& out);

/// One rule of the catalogue.
struct rule_definition {
  std::string id;
  std::vector<citation> citations;
  std::string title_zh;
  std::string title_en;
  confidence tag = confidence::verified;
  /// The profile values the rule reads ([V-partial]/[M] values are always profile values); empty if none.
  std::string profile_values;
  /// The event types the gate is evaluated for; empty for rules that only produce findings.
  std::vector<event_type> applies_to;
  gate_fn gate = nullptr;
  /// Rules that produce findings (missed deadlines) rather than refusals, or both.
  bool findings = false;
  /// The days the rule's text is in force: its gate judges only events on those days (程序从新). A rule id may
  /// have several versions, one per revision, whose days do not overlap.
  in_force effective;

  std::string citation_text() const;
  bool applies(event_type t) const;
  /// A refusal of this rule with the given messages (citation, titles and tag filled in).
  refusal refuse(std::string message_zh, std::string message_en, std::vector<fact> facts = {}) const;
};

/// The catalogue of rules.
class rule_catalogue {
 public:
  /// The national catalogue (legal-rules.md).
  static const rule_catalogue& national();

  /// The rule with that id. Throws error(unknown_rule) naming the id.
  /// The version with no end date (else the latest) when the rule has several.
  const rule_definition& at(std::string_view id) const;
  const rule_definition* find(std::string_view id) const;
  /// The version of the rule in force on `on`, or nullptr.
  const rule_definition* find(std::string_view id, date on) const;
  const std::vector<rule_definition>& all() const noexcept { return rules_; }

  /// Evaluates every gate that applies to `in.ev.type` and whose text is in force on the event's day; appends
  /// one refusal per failing check to `out`. Cost: the gates of one event type; no allocation when every gate
  /// passes.
  void evaluate(const gate_input& in, refusal_list& out) const;

  /// Throws invalid_argument_error for two versions of one id whose days in force overlap.
  explicit rule_catalogue(std::vector<rule_definition> rules);

 private:
  std::vector<rule_definition> rules_;
  std::vector<std::vector<const rule_definition*>> by_event_;  ///< indexed by event_type
};

/// Predicates shared by gates and the workflow's guards (the same predicate wherever the rule matters).
namespace rules {
/// R-REVIEW-ROUTING 程序规定 第五十条第一款 (and the profile's local scope): the case needs 法制审核.
bool needs_legal_review(const case_facts& f, const profile& p, const penalty* intended);
/// R-REVIEW-ROUTING 程序规定 第五十条第二款: the case is of item (二) and had a hearing, so 法制审核 comes
/// after the hearing.
bool needs_legal_review_after_hearing(const case_facts& f);
/// R-REVIEW-ROUTING 程序规定 第五十条第一款第二项: the grounds make the case an item (二) case, whose legal
/// review follows a hearing.
bool major_rights_case(std::uint8_t review_grounds);
/// R-HEARING-SCOPE 处罚法 第六十三条; 听证办法 第五条 (profile amounts).
bool in_hearing_scope(const penalty& p, party_kind party, const profile& prof);
/// R-SUMMARY-THRESHOLD 处罚法 第五十一条: warning only, or a fine up to 200 / 3,000 yuan (inclusive).
bool within_summary_limits(const penalty& p, party_kind party);
/// R-PUBLISH-GSXT 公示规定 第二条, 第九条: the case's decision is one that is published (an ordinary-procedure
/// penalty other than a warning alone).
bool will_be_published(const case_facts& f);
/// R-INTAKE-VERIFY-DEADLINE 程序规定 第十八条: the filing check is running (a clue, no filing decision yet).
bool filing_check_running(const case_facts& f);
/// R-DECISION-DEADLINE 程序规定 第六十四条: the decision period is running (filed, not decided or ended).
bool decision_period_running(const case_facts& f);
/// Money formatted as yuan, "10000.00元".
std::string format_fen(std::int64_t fen);
}  // namespace rules

}  // namespace penaltyflow
