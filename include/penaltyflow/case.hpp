// penaltyflow — a penalty case: the ordered history of its events and the facts derived from it.
//
// A case_record is changed only by workflow::apply, which appends an accepted event and folds it into the
// facts. Everything in `facts` can be recomputed by replaying `events` (workflow::replay); the stage is
// stored by its stable name, never by a state-machine index.
#pragma once

#include <penaltyflow/case_statistics.hpp>
#include <penaltyflow/event.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow {

/// Which procedure the case follows.
enum class procedure : std::uint8_t {
  undetermined,  ///< only a clue so far
  ordinary,      ///< 普通程序 (from 立案)
  summary,       ///< 简易程序 (当场处罚)
};
std::string_view to_string(procedure p) noexcept;

/// A missed deadline or another irregularity the law does not cure by refusing the step: the step must still
/// happen (e.g. late service), so the case records a finding instead (案卷评查 material).
struct finding {
  std::string rule_id;
  std::string citation;
  std::string period_id;       ///< empty for findings that are not about a period
  std::string message_zh;
  std::string message_en;
  date due;                    ///< the last day the act was on time (not-a-date-time when not a deadline)
  std::optional<date> done;    ///< when the act happened; nullopt: still not done as of the evaluation day
  std::optional<std::size_t> event_index;  ///< the late event's index in the history
  /// The due date was computed past the calendar's coverage (statutory holidays assumed, no 调休): the finding
  /// stands only if the State Council's notice does not move it (docs/calendar.md).
  bool provisional = false;
};

/// A deadline still running (or overdue) in a case.
struct open_deadline {
  std::string period_id;
  std::string rule_id;
  std::string title_zh;
  std::string title_en;
  std::string subject;   ///< e.g. a measure id; empty when the case has one such deadline
  date start;
  date due;              ///< the last day that is on time
  bool provisional = false;  ///< a day outside the calendar's coverage was assumed (statutory holidays only)
  bool overdue = false;      ///< as of the evaluation day, `due` has passed (obligations only)
  /// The bureau's own obligation (missing it is a finding); false for the party's periods (statements,
  /// hearing request, payment) and for minimum notices, which simply run out.
  bool obligation = true;
  std::string citation;
};

/// An event accepted by a judgment that used a provisional date, because the caller accepted one
/// (coverage_policy::provisional_ok).
struct provisional_acceptance {
  std::size_t event_index = 0;
  date first_assumed_day;  ///< the first day outside the coverage the judgment assumed
};

/// A coercive or preservation measure (先行登记保存 or 查封扣押) and its state.
struct measure {
  std::string id;
  bool seizure = false;        ///< false: 先行登记保存; true: 查封、扣押
  date from;
  bool approved = false;       ///< 负责人批准 (false for an emergency measure not yet approved)
  int extended = 0;            ///< days of approved extension (seizure)
  std::optional<date> closed;  ///< handled, lifted or released
  /// Testing of the seized goods, its period fixed and told to the party in writing: not counted in the seizure
  /// period (程序规定 第三十八条第三款; 行政强制法 第二十五条第三款; R-TIME-EXCLUDED).
  std::vector<excluded_time> pauses;
};

/// Excluded time opened by excluded_time_started and not yet ended (R-TIME-EXCLUDED).
struct running_exclusion {
  std::string subject;         ///< pairs the start with its end
  exclusion kind = exclusion::testing;
  date from;
  std::string measure;         ///< the seizure whose goods are tested (empty: none)
  std::optional<date> fixed_until;  ///< the period fixed and told to the party (`scheduled`)
};

/// Facts derived from the history, the inputs of the gates. Dates are calendar days of the events.
struct case_facts {
  std::string_view stage = "intake";    ///< stable name of the main-procedure stage
  std::string_view remedy = "none";     ///< stable name of the reconsideration / litigation track
  procedure proc = procedure::undetermined;
  std::optional<party_kind> party;
  bool received_by_transfer = false;

  // intake
  std::optional<date> clue;                ///< 发现线索或者收到材料
  int verification_extension = 0;          ///< working days, approved
  std::optional<date> filed;               ///< 立案
  std::optional<date> filing_refused;
  std::vector<excluded_time> filing_pauses;  ///< testing and 辨认 time, not counted in the filing check (第十八条第二款)

  // people
  std::vector<std::string> investigators;  ///< everyone who acted as an officer (办案人员)
  std::vector<std::string> recused;        ///< removed by a recusal decision

  // scope and investigation
  std::uint8_t review_grounds = 0;         ///< review_ground bits seen so far
  std::optional<date> party_contacted;     ///< first collection of evidence from the party (程序规定 第二十一条)
  std::optional<date> investigation_ended; ///< latest 调查终结 (materials sent for review)
  std::optional<date> review_received;     ///< materials received for the current review (starts its period)
  std::vector<measure> measures;
  std::optional<date> suspended_since;
  /// 中止, 听证, 公告, testing, 辨认 and 责令退款 time, not counted in the decision period (第六十四条第二款)
  std::vector<excluded_time> decision_pauses;
  std::vector<running_exclusion> exclusions;  ///< testing, 辨认 and 公告 still running
  std::vector<extension> decision_extensions;
  std::optional<date> extension_discussed; ///< latest 集体讨论 of a further extension
  int review_extension = 0;

  // review
  std::optional<date> review_passed;       ///< latest approved review since the latest 调查终结
  std::optional<review_kind> review_passed_kind;
  std::optional<date> legal_review_passed; ///< latest approved 法制审核

  // approval, notice, statements, hearing
  std::optional<decision_outcome> intended;  ///< head_approved
  std::optional<penalty> notified;         ///< the penalty in the served notice
  std::optional<date> notice_served;
  date statement_due;                      ///< last day of the 5-working-day statement period
  std::optional<date> statement_due_assumed;  ///< its first assumed day, when provisional
  date hearing_request_due;
  std::optional<date> hearing_request_due_assumed;
  bool hearing_right_stated = false;
  bool waived = false;
  std::optional<date> statements_filed;
  std::optional<date> statements_reviewed;
  std::optional<date> hearing_requested;
  std::optional<date> hearing_noticed;
  std::optional<date> hearing_scheduled;
  date hearing_notice_due;                 ///< last day of the 7-working-day notice
  std::optional<date> hearing_notice_due_assumed;
  std::optional<date> hearing_held;
  std::optional<date> hearing_terminated;  ///< the party withdrew or stayed away: the hearing right is spent
  std::optional<date> decision_discussed;  ///< latest 集体讨论 of the decision
  std::optional<date> refund_ordered;      ///< 责令退款通知书 issued (程序规定 第五十九条)

  // decision and after
  std::optional<date> decided;
  std::optional<decision_outcome> outcome;
  std::optional<penalty> decided_penalty;
  std::optional<date> served;
  // execution (R-EXEC-ITEMS): each item of the decision's money, due, paid and outstanding
  struct money_item {
    std::int64_t due_fen = 0;   ///< decided (or, for the surcharge, imposed)
    std::int64_t paid_fen = 0;  ///< paid so far (never more than due: R-EXEC-PAYMENT refuses an overpayment)
    std::int64_t outstanding() const { return due_fen - paid_fen; }
  };
  money_item fine;                         ///< 罚款
  money_item illegal_gains;                ///< 没收违法所得
  money_item surcharge;                    ///< 加处罚款 imposed
  std::int64_t illegal_property_fen = 0;   ///< 没收非法财物 (goods, valued)
  std::optional<date> goods_confiscated;   ///< the goods were taken
  std::optional<date> payment_from;        ///< the payment period runs from here (service, or the 当场 decision)
  std::vector<std::pair<date, std::int64_t>> fine_payments;  ///< payments of the fine, by day (the surcharge clock)
  std::optional<date> deferral_approved;   ///< 延期/分期 approved (R-EXEC-DEFER)
  std::vector<instalment> instalments;     ///< the approved dates of the fine, in order (empty: none)
  std::int64_t paid_fen = 0;               ///< all payments together
  std::optional<date> reminder_served;
  std::optional<date> court_applied;
  std::optional<date> executed;            ///< execution completed (by payment or otherwise)
  std::optional<date> education;
  std::optional<date> published;
  std::optional<date> decision_changed;    ///< changed, annulled, found illegal or invalid (程序规定 第六十三条)
  std::optional<date> publication_withdrawn;
  std::optional<date> closing_trigger;     ///< the day a ground for 结案 arose (starts the closure period)
  std::optional<date> closed;
  std::optional<date> archived;

  // criminal transfer (行刑衔接)
  std::optional<date> criminal_reported;
  std::optional<instant> criminal_approved_at;
  std::optional<date> criminal_decided;
  std::optional<date> police_received;
  std::optional<date> police_filed;
  std::optional<date> police_declined;

  // summary procedure
  std::optional<date> summary_decided;
  std::optional<date> summary_filed;
  std::optional<date> cash_collected;
  std::int64_t cash_fen = 0;
  std::optional<date> cash_handed_in;
  std::optional<date> cash_deposited;  ///< paid into the designated bank (处罚法 第七十一条)
  std::optional<date> summary_handed_in;

  // remedies (parallel; execution is not suspended: 处罚法 第七十三条)
  std::optional<date> reconsideration_applied;
  bool reconsideration_simplified = false;  ///< the 复议机关 chose the simplified procedure (行政复议法 2023 第五十三条)
  std::optional<date> reconsideration_answered;
  std::optional<date> reconsideration_decided;
  std::optional<date> lawsuit_filed;
  std::optional<date> defence_submitted;
  std::vector<excluded_time> remedy_pauses;        ///< 复议/诉讼 time: no 加处罚款 accrues (处罚法 第七十三条第三款)

  std::vector<finding> findings;           ///< recorded when a late act happens
  std::vector<provisional_acceptance> provisional_acceptances;  ///< events accepted on a provisional date

  /// Counts for the oversight statistics, folded with every event (case_statistics.hpp).
  using tally_counts = case_tally;
  case_tally tally;

  bool is_investigator(std::string_view person) const;
  bool is_recused(std::string_view person) const;
  /// Whether a reconsideration or lawsuit is pending.
  bool remedy_pending() const { return remedy == "reconsideration" || remedy == "litigation"; }
};

/// What a case_record keeps of its history.
enum class history_kept : std::uint8_t {
  all,        ///< every accepted event, in events()
  facts_only, ///< the facts, the number of events and the last event's time: all that checking and applying
              ///< the next event needs. events() stays empty. For callers that keep the history elsewhere
              ///< (the store's cache of open cases), saving a copy of every event.
};

/// One case: its id, the events accepted so far (in order) and the facts derived from them.
class case_record {
 public:
  case_record() = default;
  explicit case_record(std::string id, history_kept kept = history_kept::all) : id_(std::move(id)), kept_(kept) {}

  const std::string& id() const noexcept { return id_; }
  /// The accepted events, in order (empty when the record keeps facts only).
  const std::vector<event>& events() const noexcept { return events_; }
  /// The number of accepted events (also when the record keeps facts only).
  std::size_t event_count() const noexcept { return count_; }
  /// The time of the last accepted event; nullopt before the first.
  std::optional<instant> last_event_at() const noexcept {
    return count_ ? std::optional<instant>(last_at_) : std::nullopt;
  }
  history_kept kept() const noexcept { return kept_; }
  const case_facts& facts() const noexcept { return facts_; }
  /// The stable name of the current stage, e.g. "investigation".
  std::string_view stage() const noexcept { return facts_.stage; }
  /// Reserves room for `n` events (avoids reallocation while a history is applied).
  void reserve(std::size_t n) { events_.reserve(n); }

 private:
  friend class workflow;
  std::string id_;
  history_kept kept_ = history_kept::all;
  std::size_t count_ = 0;
  instant last_at_;
  std::vector<event> events_;
  case_facts facts_;
};

}  // namespace penaltyflow
