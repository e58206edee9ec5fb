// The case workflow: a Boost.MSM state machine (functor front-end) behind the `workflow` facade.
//
// This is the only translation unit that includes MSM. The machine has three orthogonal regions:
//   1. the procedure (线索核查 → 立案 → 调查取证 → 审核 → 负责人审批 → 告知 → 听证 → 决定 → 送达 → 执行 →
//      结案 → 归档, and the side paths), whose state is the case's stage;
//   2. the remedy track (行政复议 / 行政诉讼), parallel to execution, which it does not suspend
//      (R-EXEC-NO-SUSPENSION 处罚法 第七十三条);
//   3. the record track: acts the law allows at any stage, whose legality the gates decide alone (recusal,
//      lifting a measure, extensions, collective discussion, publication).
// The machine decides which events a stage accepts and where they lead; the gates (rules.cpp, rules/) decide whether
// the law allows them. Guards on competing rows are mutually exclusive (they test different event types, or
// exclusive values of one field); an event no row accepts is refused under R-PROCEDURE-ORDER.
// Stages are stored by their stable names; the machine's numeric state ids never leave this file.
#include <penaltyflow/error.hpp>
#include <penaltyflow/execution.hpp>
#include <penaltyflow/workflow.hpp>

#include "penaltyflow/detail/case_fold.hpp"
#include "penaltyflow/detail/machine.hpp"
#include "penaltyflow/detail/provisional_watch.hpp"

// Boost 1.74's MSM still includes <boost/bind.hpp> and <boost/detail/no_exceptions_support.hpp>, which print
// deprecation notes on every build; this translation unit is the only one that includes MSM.
#define BOOST_BIND_GLOBAL_PLACEHOLDERS
#define BOOST_ALLOW_DEPRECATED_HEADERS
#include <boost/mpl/vector/vector50.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include <array>
#include <functional>

namespace penaltyflow {
namespace detail {
namespace {

namespace msm = boost::msm;
namespace msmf = boost::msm::front;
namespace mpl = boost::mpl;
using et = event_type;

/// What guards read during one dispatch, and where `no_transition` reports.
struct dispatch_context {
  const case_facts* facts = nullptr;
  const event* ev = nullptr;
  bool no_transition = false;
};

/// The one MSM event: a step of the case, pointing at the dispatch context (no copy, no allocation).
/// Rows select the event types of their Event column in their guard (`on<et::X>`), so the machine instantiates its dispatch
/// once instead of once per event type: with 57 event types, one MSM event type per event type took over
/// 2 GiB and 80 s to compile even without code generation.
struct step {
  dispatch_context* ctx;
};

// ---- guards: pure functions of the event's data and the case facts -----------------------------------------

struct always {
  static bool test(const case_facts&, const event&) { return true; }
};

template <class Pred>
struct not_ {
  static bool test(const case_facts& f, const event& e) { return !Pred::test(f, e); }
};

/// The event column of a row: one or more event types.
template <event_type... T>
struct on {
  static bool match(event_type t) { return ((t == T) || ...); }
};

/// Guard of a row: the step is one of the row's event types and Pred holds.
template <class On, class Pred>
struct on_g {
  template <class Fsm, class Src, class Tgt>
  bool operator()(const step& s, Fsm&, Src&, Tgt&) const {
    return On::match(s.ctx->ev->type) && Pred::test(*s.ctx->facts, *s.ctx->ev);
  }
};

/// A row of a transition table: Start | Event | Next | Action | Guard. Next = none: an internal transition
/// (an act recorded without leaving the stage; no exit or entry).
template <class Start, class On, class Next, class Action, class Pred>
using tr = msmf::Row<Start, step, Next, Action, on_g<On, Pred>>;
using none = msmf::none;

struct approved_p {  // 移送规定 第五条 / 第八条: the head approved the transfer; the police opened a case
  static bool test(const case_facts&, const event& e) { return e.approved.value_or(false); }
};
struct further_p {  // 程序规定 第五十四条: 建议补充调查
  static bool test(const case_facts&, const event& e) { return e.review_result == review_outcome::further_investigation; }
};
struct correction_p {  // 程序规定 第五十四条: 建议纠正 (the case unit corrects and resubmits)
  static bool test(const case_facts&, const event& e) { return e.review_result == review_outcome::correction; }
};
struct pass_before_notice_p {  // 程序规定 第五十六条: an approved review goes to the head, then 告知
  static bool test(const case_facts& f, const event& e) {
    return e.review_result == review_outcome::approved && !f.notice_served;
  }
};
struct pass_after_notice_p {  // 程序规定 第五十条第二款: the post-hearing legal review leads to the decision
  static bool test(const case_facts& f, const event& e) {
    return e.review_result == review_outcome::approved && f.notice_served.has_value();
  }
};
struct legal_review_p {  // 程序规定 第五十条: a 法制审核 the law does not require here is recorded where it is made
  static bool test(const case_facts&, const event& e) { return e.review == review_kind::legal_review; }
};
struct intends_penalty_p {  // 程序规定 第五十六条: a penalty proposal is notified
  static bool test(const case_facts&, const event& e) { return e.outcome == decision_outcome::penalty; }
};
struct post_hearing_review_p {  // R-REVIEW-ROUTING 程序规定 第五十条第二款
  static bool test(const case_facts& f, const event& e) {
    return rules::major_rights_case(static_cast<std::uint8_t>(f.review_grounds | e.grounds));
  }
};
struct outcome_penalty_p {  // 程序规定 第六十条第一款第一项
  static bool test(const case_facts&, const event& e) { return e.outcome == decision_outcome::penalty; }
};
struct outcome_no_penalty_p {  // 程序规定 第六十条第一款第二项, 第六十一条: education follows
  static bool test(const case_facts&, const event& e) { return e.outcome == decision_outcome::no_penalty; }
};
struct outcome_closes_p {  // 程序规定 第六十条第一款第三项至第五项, 第七十七条第一款第四项
  static bool test(const case_facts&, const event& e) {
    return e.outcome == decision_outcome::not_established || e.outcome == decision_outcome::transfer_administrative ||
           e.outcome == decision_outcome::transfer_judicial;
  }
};
struct nothing_to_pay_p {  // a warning or criticism is executed by service (R-EXEC-ITEMS: no item to execute)
  static bool test(const case_facts& f, const event&) {
    return !f.decided_penalty || (f.decided_penalty->fine_fen == 0 && f.decided_penalty->illegal_gains_fen == 0 &&
                                  f.decided_penalty->illegal_property_fen == 0);
  }
};
struct completes_execution_p {  // R-EXEC-ITEMS 程序规定 第七十七条第一款第一项: every item executed
  static bool test(const case_facts& f, const event& e) { return execution::completes(f, e); }
};
struct summary_case_p {  // 处罚法 第五十三条: an on-the-spot decision is executed like any other, after its file is in
  static bool test(const case_facts& f, const event&) { return f.proc == procedure::summary; }
};

// ---- stages (region 1) ------------------------------------------------------------------------------------
// Each state carries its stable name and Chinese label. Acts that do not move the case are rows of the main
// table with `none` as Next (no exit, no entry): states keep no internal tables of their own, which MSM merges
// into the table at a high compile-time cost.

// clang-format off
struct intake : msmf::state<> { static constexpr std::string_view name = "intake", zh = "线索核查"; };
struct not_filed : msmf::state<> { static constexpr std::string_view name = "not_filed", zh = "不予立案"; };
struct investigation : msmf::state<> { static constexpr std::string_view name = "investigation", zh = "调查取证"; };
struct suspension : msmf::state<> { static constexpr std::string_view name = "suspended", zh = "中止调查"; };
struct criminal_referral : msmf::state<> { static constexpr std::string_view name = "criminal_referral", zh = "涉嫌犯罪移送"; };
struct review : msmf::state<> { static constexpr std::string_view name = "review", zh = "审核"; };
struct approval : msmf::state<> { static constexpr std::string_view name = "approval", zh = "负责人审批"; };
struct notice : msmf::state<> { static constexpr std::string_view name = "notice", zh = "告知与陈述申辩"; };
struct hearing : msmf::state<> { static constexpr std::string_view name = "hearing", zh = "听证"; };
struct decision_pending : msmf::state<> { static constexpr std::string_view name = "decision_pending", zh = "待决定"; };
struct service : msmf::state<> { static constexpr std::string_view name = "service", zh = "送达"; };
struct execution : msmf::state<> { static constexpr std::string_view name = "execution", zh = "执行"; };
struct education : msmf::state<> { static constexpr std::string_view name = "education", zh = "教育"; };
struct closing : msmf::state<> { static constexpr std::string_view name = "closing", zh = "待结案"; };
struct closed : msmf::state<> { static constexpr std::string_view name = "closed", zh = "结案"; };
struct archived_st : msmf::state<> { static constexpr std::string_view name = "archived", zh = "归档"; };
struct summary : msmf::state<> { static constexpr std::string_view name = "summary", zh = "简易程序"; };

// ---- remedy track (region 2): a submachine, parallel to the procedure ---------------------------------------
struct remedy_none : msmf::state<> { static constexpr std::string_view name = "none", zh = "无"; };
struct reconsideration : msmf::state<> { static constexpr std::string_view name = "reconsideration", zh = "行政复议"; };
struct litigation : msmf::state<> { static constexpr std::string_view name = "litigation", zh = "行政诉讼"; };
struct remedy_concluded : msmf::state<> { static constexpr std::string_view name = "concluded", zh = "已审结"; };

struct remedy_track_ : msmf::state_machine_def<remedy_track_> {
  static constexpr std::string_view name = "remedy", zh = "复议与诉讼";
  using no_message_queue = int;
  using initial_state = remedy_none;

  // clang-format off
  struct transition_table : mpl::vector<
    //  Start               Event                                             Next               Action  Guard
    tr< remedy_none,        on<et::reconsideration_applied>,                  reconsideration,   none,   always >,
    tr< remedy_none,        on<et::lawsuit_filed>,                            litigation,        none,   always >,
    tr< reconsideration,    on<et::reconsideration_procedure>,                none,              none,   always >,
    tr< reconsideration,    on<et::reconsideration_answered>,                 none,              none,   always >,
    tr< reconsideration,    on<et::reconsideration_decided>,                  remedy_concluded,  none,   always >,
    tr< remedy_concluded,   on<et::lawsuit_filed>,                            litigation,        none,   always >,
    tr< litigation,         on<et::defence_submitted, et::court_appearance>,  none,              none,   always >,
    tr< litigation,         on<et::judgment>,                                 remedy_concluded,  none,   always >
  > {};
  // clang-format on

  /// Never reached for a contained machine; the enclosing machine reports unaccepted steps.
  template <class Fsm, class Event>
  void no_transition(const Event&, Fsm&, int) {}
  template <class Fsm, class Event>
  void exception_caught(const Event&, Fsm&, std::exception&) {
    throw;
  }
};
using remedy_track = msm::back::state_machine<remedy_track_>;

// ---- record track (region 3): acts allowed at any stage; the gates alone decide -----------------------------
struct record_track : msmf::state<> { static constexpr std::string_view name = "record", zh = "记录"; };

// ---- the machine ------------------------------------------------------------------------------------------

// Acts recorded without leaving the stage, grouped by where the law places them.
using intake_acts = on<et::clue_received, et::verification_extended>;
using investigative_acts = on<et::investigative_act, et::evidence_preserved, et::seizure_ordered, et::seizure_extended>;
using ends_investigation = on<et::investigation_terminated, et::transferred>;
using transfer_decisions = on<et::criminal_transfer_decided, et::police_decided>;
using review_acts = on<et::review_extended>;
using notice_acts = on<et::notice_served, et::statements_filed, et::statements_reviewed, et::rights_waived>;
using enforcement_acts = on<et::payment_deferred, et::surcharge_imposed, et::reminder_served, et::court_enforcement_applied>;
using executing_acts = on<et::payment_received, et::goods_confiscated>;
using summary_acts = on<et::summary_filed, et::cash_collected, et::cash_handed_in, et::cash_deposited,
                         et::payment_received>;
using summary_execution_acts = on<et::payment_received, et::payment_deferred, et::surcharge_imposed, et::reminder_served,
                                  et::court_enforcement_applied, et::execution_completed, et::cash_deposited>;
using any_stage_acts = on<et::preservation_handled, et::seizure_released, et::recusal, et::decision_period_extended,
                          et::collective_discussion, et::published, et::publication_withdrawn, et::refund_ordered,
                          et::excluded_time_started, et::excluded_time_ended>;

struct case_machine_ : msmf::state_machine_def<case_machine_> {
  /// No event queue: process_event never allocates.
  using no_message_queue = int;
  /// Regions: the procedure, the remedy track, the record track.
  using initial_state = mpl::vector<intake, remedy_track, record_track>;

  // clang-format off
  struct transition_table : mpl::vector50<
    //  Start               Event                                  Next               Action  Guard
    // -- intake (程序规定 第十八条 to 第二十条; 处罚法 第五十一条) ---------------------------------------------
    tr< intake,             intake_acts,                           none,              none,   always                      >,
    tr< intake,             on<et::case_filed>,                    investigation,     none,   always                      >,
    tr< intake,             on<et::filing_refused>,                not_filed,         none,   always                      >,
    tr< intake,             on<et::summary_decision>,              summary,           none,   always                      >,
    // -- investigation and its side paths (程序规定 第十四条, 第十七条, 第三十三条 to 第四十七条) ----------------
    tr< investigation,      investigative_acts,                    none,              none,   always                      >,
    tr< investigation,      on<et::suspended>,                     suspension,        none,   always                      >,
    tr< suspension,         on<et::resumed>,                       investigation,     none,   always                      >,
    tr< investigation,      ends_investigation,                    closing,           none,   always                      >,
    tr< suspension,         on<et::investigation_terminated>,      closing,           none,   always                      >,
    tr< investigation,      on<et::investigation_ended>,           review,            none,   always                      >,
    // -- criminal transfer (行刑衔接: 移送规定 第五条 to 第十二条) --------------------------------------------
    tr< investigation,      on<et::criminal_referral_reported>,    criminal_referral, none,   always                      >,
    tr< criminal_referral,  transfer_decisions,                    none,              none,   approved_p                  >,
    tr< criminal_referral,  transfer_decisions,                    investigation,     none,   not_<approved_p>            >,
    tr< criminal_referral,  on<et::transferred_to_police>,         none,              none,   always                      >,
    tr< criminal_referral,  on<et::exhibits_handed_over>,          closing,           none,   always                      >,
    // -- review and approval (程序规定 第四十九条 to 第五十六条) -----------------------------------------------
    tr< review,             review_acts,                           none,              none,   always                      >,
    tr< review,             on<et::reviewed>,                      none,              none,   correction_p                >,
    tr< review,             on<et::reviewed>,                      investigation,     none,   further_p                   >,
    tr< review,             on<et::reviewed>,                      approval,          none,   pass_before_notice_p        >,
    tr< review,             on<et::reviewed>,                      decision_pending,  none,   pass_after_notice_p         >,
    tr< approval,           on<et::head_approved>,                 notice,            none,   intends_penalty_p           >,
    tr< approval,           on<et::head_approved>,                 decision_pending,  none,   not_<intends_penalty_p>     >,
    tr< decision_pending,   on<et::reviewed>,                      none,              none,   legal_review_p              >,
    // -- notice, statements, hearing (程序规定 第五十七条, 第五十八条; 处罚法 第六十四条) ---------------------------
    tr< notice,             notice_acts,                           none,              none,   always                      >,
    tr< notice,             on<et::hearing_requested>,             hearing,           none,   always                      >,
    tr< hearing,            on<et::hearing_noticed>,               none,              none,   always                      >,
    tr< hearing,            on<et::hearing_held>,                  review,            none,   post_hearing_review_p       >,
    tr< hearing,            on<et::hearing_held>,                  decision_pending,  none,   not_<post_hearing_review_p> >,
    tr< hearing,            on<et::hearing_terminated>,            decision_pending,  none,   always                      >,
    // -- decision (程序规定 第六十条, 第六十一条) --------------------------------------------------------------
    tr< notice,             on<et::decision>,                      service,           none,   outcome_penalty_p           >,
    tr< notice,             on<et::decision>,                      education,         none,   outcome_no_penalty_p        >,
    tr< notice,             on<et::decision>,                      closing,           none,   outcome_closes_p            >,
    tr< decision_pending,   on<et::decision>,                      service,           none,   outcome_penalty_p           >,
    tr< decision_pending,   on<et::decision>,                      education,         none,   outcome_no_penalty_p        >,
    tr< decision_pending,   on<et::decision>,                      closing,           none,   outcome_closes_p            >,
    // -- service and execution (程序规定 第七十一条 to 第七十六条, 第八十一条) -------------------------------------
    tr< service,            on<et::decision_served>,               execution,         none,   not_<nothing_to_pay_p>      >,
    tr< service,            on<et::decision_served>,               closing,           none,   nothing_to_pay_p            >,
    tr< execution,          enforcement_acts,                      none,              none,   always                      >,
    tr< execution,          executing_acts,                        none,              none,   not_<completes_execution_p> >,
    tr< execution,          executing_acts,                        closing,           none,   completes_execution_p       >,
    tr< execution,          on<et::execution_completed>,           closing,           none,   always                      >,
    // -- education, closure, archive (程序规定 第六十一条, 第七十七条, 第七十八条) ----------------------------------
    tr< education,          on<et::education_given>,               closing,           none,   always                      >,
    tr< closing,            on<et::case_closed>,                   closed,            none,   always                      >,
    tr< closed,             on<et::archived>,                      archived_st,       none,   always                      >,
    // -- summary procedure (处罚法 第五十一条, 第五十二条, 第六十八条 to 第七十一条; 程序规定 第七十条) -------------
    tr< summary,            summary_acts,                          none,              none,   always                      >,
    tr< summary,            on<et::summary_handed_in>,             archived_st,       none,   always                      >,
    tr< summary,            enforcement_acts,                      none,              none,   always                      >,
    tr< summary,            on<et::execution_completed>,           none,              none,   always                      >,
    tr< archived_st,        summary_execution_acts,                none,              none,   summary_case_p              >,
    // -- record track: acts the law allows at any stage (gates decide) ---------------------------------------
    tr< record_track,       any_stage_acts,                        none,              none,   always                      >
  > {};
  // clang-format on

  /// Reached only when no region has any row for the current state (MSM's default asserts, and vanishes
  /// under NDEBUG): reported to the dispatcher, which refuses the event under R-PROCEDURE-ORDER naming the
  /// stage and the event. Guard rejections are read from process_event's result.
  template <class Fsm, class Event>
  void no_transition(const Event& e, Fsm&, int) {
    e.ctx->no_transition = true;
  }
  /// Nothing is swallowed: an exception in a guard or action propagates to the caller.
  template <class Fsm, class Event>
  void exception_caught(const Event&, Fsm&, std::exception&) {
    throw;
  }
};

using case_machine = msm::back::state_machine<case_machine_>;
using stt = case_machine::stt;
using remedy_stt = remedy_track::stt;

// ---- state ids <-> stable names ---------------------------------------------------------------------------

/// Stable names of a machine's states, indexed by MSM's state id (which never leaves this file).
template <class Stt>
struct state_names {
  using state_set = typename msm::back::generate_state_set<Stt>::type;
  static constexpr std::size_t count = static_cast<std::size_t>(mpl::size<state_set>::value);
  std::array<std::string_view, count> name{};
  std::array<std::string_view, count> zh{};

  template <class State>
  void operator()(boost::msm::wrap<State>) {
    const auto id = static_cast<std::size_t>(msm::back::get_state_id<Stt, State>::value);
    name[id] = State::name;
    zh[id] = State::zh;
  }
  static const state_names& get() {
    static const state_names n = [] {
      state_names s;
      mpl::for_each<state_set, boost::msm::wrap<mpl::placeholders::_1>>(std::ref(s));
      return s;
    }();
    return n;
  }
  static int id(std::string_view stable_name) {
    const auto& n = get();
    for (std::size_t i = 0; i < count; ++i) {
      if (n.name[i] == stable_name) return static_cast<int>(i);
    }
    throw invalid_argument_error("unknown stage '" + std::string(stable_name) + "'");
  }
};
using stage_table = state_names<stt>;
using remedy_table = state_names<remedy_stt>;

}  // namespace

step_result run_machine(const case_facts& f, const event& e) {
  case_machine m;
  // Restore the regions from the stored stage names. States carry no data and have no entry actions, so
  // setting the active state ids is the whole of a restore; MSM offers no setter, and current_state()
  // points at the machine's own array.
  int* states = const_cast<int*>(m.current_state());
  states[0] = stage_table::id(f.stage);
  states[1] = msm::back::get_state_id<stt, remedy_track>::value;
  states[2] = msm::back::get_state_id<stt, record_track>::value;
  auto& remedies = m.get_state<remedy_track&>();
  const_cast<int*>(remedies.current_state())[0] = remedy_table::id(f.remedy);

  dispatch_context ctx{&f, &e, false};
  const auto handled = m.process_event(step{&ctx});
  step_result s;
  s.accepted = !ctx.no_transition && (handled & msm::back::HANDLED_TRUE) != 0;
  s.stage = stage_table::get().name[static_cast<std::size_t>(m.current_state()[0])];
  s.remedy = remedy_table::get().name[static_cast<std::size_t>(remedies.current_state()[0])];
  return s;
}

namespace {

std::string_view zh_of(std::string_view name) {
  const auto& n = stage_table::get();
  for (std::size_t i = 0; i < stage_table::count; ++i) {
    if (n.name[i] == name) return n.zh[i];
  }
  return name;
}

}  // namespace
}  // namespace detail

// ---- the facade -------------------------------------------------------------------------------------------

const std::vector<std::string_view>& stage_names() {
  using namespace detail;
  static const std::vector<std::string_view> v = {
      intake::name,    not_filed::name, investigation::name, suspension::name, criminal_referral::name,
      review::name,    approval::name,  notice::name,        hearing::name,    decision_pending::name,
      service::name,   detail::execution::name, education::name,     closing::name,    closed::name,
      archived_st::name, summary::name};
  return v;
}

const std::vector<std::string_view>& remedy_track_names() {
  using namespace detail;
  static const std::vector<std::string_view> v = {remedy_none::name, reconsideration::name, litigation::name,
                                                  remedy_concluded::name};
  return v;
}

struct workflow::impl {
  profile prof;
  calendar cal;
  period_catalogue periods;
  const rule_catalogue* rules = &rule_catalogue::national();

  impl(profile p, calendar c) : prof(std::move(p)), cal(std::move(c)), periods(prof.catalogue()) {}

  detail::fold_context ctx() const { return {prof, cal, periods}; }

  // Gates first, then the machine; one dispatch per event. `*assumed`: the first day outside the calendar's
  // coverage a judgment of the event used (on or before its day), when any did.
  detail::step_result check(const case_record& c, const event& e, refusal_list& out, coverage_policy coverage,
                            std::optional<date>* assumed) const {
    if (const auto last = c.last_event_at(); last && e.at < *last) {
      throw invalid_argument_error("event '" + std::string(to_string(e.type)) + "' at " + to_iso(e.at) +
                                   " is older than the case's last event at " + to_iso(*last));
    }
    std::optional<date> first;
    {
      detail::provisional_watch watch;
      const gate_input in{c.facts(), e, prof, cal, periods};
      rules->evaluate(in, out);
      // A finding judged on the event's day: the fold computes the deadlines the event closes. Only an event on
      // a day outside the coverage can be late against a provisional due date, so only then is it tried (on a
      // copy: a refusal must leave the case as it was).
      if (out.empty() && !cal.covers(e.day())) {
        case_facts trial = c.facts();
        detail::fold(trial, e, c.event_count(), ctx());
      }
      first = watch.first();
    }
    // The judgment compares the event's day (or the day it schedules, a hearing's) with the due dates: when the
    // first assumed day is later, every day up to that day was counted from the notices and the answer holds
    // whatever the next notice says (a 2-year limitation ending in 2027 does not make a 2026 filing provisional).
    const date judged = std::max(e.day(), e.scheduled.value_or(e.day()));
    if (first && *first > judged) first.reset();
    if (first) {
      for (auto& r : out) r.facts.push_back({"provisional_from", to_iso(*first)});
      if (coverage == coverage_policy::strict) {
        const auto& r = rules->at("R-CALENDAR-PROVISIONAL");
        out.push_back(r.refuse(
            "本事件的判断依赖" + to_iso(*first) + "起超出工作日历范围的日期（仅按法定节假日及补假推定，调休未知）；"
            "加载当年国务院办公厅放假安排通知，或明确接受推定结果",
            "judging this event needs days from " + to_iso(*first) +
                " on, outside the calendar's coverage (only the statutory holidays and their 补假 can be assumed, "
                "not the 调休): load that year's State Council notice, or accept a provisional result",
            {{"provisional_from", to_iso(*first)}, {"calendar", cal.version()}}));
      }
    }
    if (assumed) *assumed = first;
    detail::step_result s = detail::run_machine(c.facts(), e);
    if (!s.accepted) {
      const auto& r = rules->at("R-PROCEDURE-ORDER");
      const std::string_view stage = c.facts().stage;
      out.insert(out.begin(),
                 r.refuse("案件处于「" + std::string(detail::zh_of(stage)) + "」(" + std::string(stage) + ")阶段，不能发生事件" +
                              std::string(to_string(e.type)),
                          "invalid step from stage " + std::string(stage) + ": " + std::string(to_string(e.type)),
                          {{"stage", std::string(stage)},
                           {"remedy_track", std::string(c.facts().remedy)},
                           {"event", std::string(to_string(e.type))}}));
    }
    return s;
  }
};

workflow::workflow() : workflow(profile::national(), calendar::national()) {}
workflow::workflow(profile prof, calendar cal) : impl_(std::make_unique<impl>(std::move(prof), std::move(cal))) {}
workflow::~workflow() = default;
workflow::workflow(const workflow& o) : impl_(std::make_unique<impl>(*o.impl_)) {}
workflow& workflow::operator=(const workflow& o) {
  if (this != &o) impl_ = std::make_unique<impl>(*o.impl_);
  return *this;
}
workflow::workflow(workflow&&) noexcept = default;
workflow& workflow::operator=(workflow&&) noexcept = default;

const profile& workflow::active_profile() const { return impl_->prof; }
const calendar& workflow::active_calendar() const { return impl_->cal; }
const period_catalogue& workflow::periods() const { return impl_->periods; }
const rule_catalogue& workflow::rules() const { return *impl_->rules; }

refusal_list workflow::explain(const case_record& c, const event& ev, coverage_policy coverage) const {
  detail::check_dates(ev);
  detail::check_money(c.facts_, ev);
  refusal_list out;
  impl_->check(c, ev, out, coverage, nullptr);
  return out;
}

namespace {

// A stored event the current gates refuse, as a finding of the case: the act happened and stays on record.
finding stored_refusal_finding(const refusal& x, const event& ev, std::size_t index) {
  finding f;
  f.rule_id = x.rule_id;
  f.citation = x.citation;
  f.done = ev.day();
  f.event_index = index;
  const std::string n = std::to_string(index + 1);
  f.message_zh = "已记录的第" + n + "个事件（" + std::string(to_string(ev.type)) + "，" + to_iso(ev.at) +
                 "）不符合现行规则：" + x.message_zh;
  f.message_en = "stored event " + n + " (" + std::string(to_string(ev.type)) + ", " + to_iso(ev.at) +
                 ") is refused by the current rules: " + x.message_en;
  return f;
}

}  // namespace

apply_result workflow::apply(case_record& c, const event& ev, coverage_policy coverage) const {
  detail::check_dates(ev);  // before anything changes
  detail::check_money(c.facts_, ev);
  apply_result r;
  const detail::step_result s = impl_->check(c, ev, r.refusals, coverage, &r.first_assumed_day);
  r.provisional = r.first_assumed_day.has_value();
  if (!r.refusals.empty()) return r;
  commit(c, ev, s.stage, s.remedy, r.first_assumed_day);
  r.accepted = true;
  return r;
}

apply_result workflow::apply_stored(case_record& c, const event& ev) const {
  apply_result r;
  // A stored event was accepted when it was recorded; one judged on a provisional date keeps the mark.
  const detail::step_result s = impl_->check(c, ev, r.refusals, coverage_policy::provisional_ok, &r.first_assumed_day);
  r.provisional = r.first_assumed_day.has_value();
  if (!s.accepted) return r;  // the procedure cannot place it: refused (R-PROCEDURE-ORDER among the refusals)
  const std::size_t index = c.count_;
  commit(c, ev, s.stage, s.remedy, r.first_assumed_day);
  for (const auto& x : r.refusals) c.facts_.findings.push_back(stored_refusal_finding(x, ev, index));
  r.refusals.clear();
  r.accepted = true;
  return r;
}

void workflow::commit(case_record& c, const event& ev, std::string_view stage, std::string_view remedy,
                      std::optional<date> assumed_day) const {
  if (c.kept_ == history_kept::all) c.events_.push_back(ev);
  if (assumed_day) c.facts_.provisional_acceptances.push_back({c.count_, *assumed_day});
  detail::fold(c.facts_, ev, c.count_, impl_->ctx());
  ++c.count_;
  c.last_at_ = ev.at;
  c.facts_.stage = stage;
  c.facts_.remedy = remedy;
}

replay_result workflow::replay(const std::string& case_id, const std::vector<event>& events,
                               coverage_policy coverage) const {
  replay_result out;
  out.record = case_record(case_id);
  out.record.reserve(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    auto r = apply(out.record, events[i], coverage);
    if (!r.accepted) out.refused.push_back(replay_refusal{i, events[i], std::move(r.refusals)});
  }
  return out;
}

std::vector<open_deadline> workflow::deadlines(const case_record& c, date as_of) const {
  return detail::open_deadlines(c.facts(), impl_->ctx(), as_of);
}

std::vector<finding> workflow::findings(const case_record& c, date as_of) const {
  std::vector<finding> out = c.facts().findings;
  for (const auto& d : deadlines(c, as_of)) {
    if (!d.overdue) continue;
    finding x;
    x.rule_id = d.rule_id;
    x.citation = d.citation;
    x.period_id = d.period_id;
    x.due = d.due;
    x.message_zh = d.title_zh + "已逾期：应于" + to_iso(d.due) + "前完成，截至" + to_iso(as_of) + "尚未完成";
    x.message_en = d.title_en + " overdue: due " + to_iso(d.due) + ", not done as of " + to_iso(as_of);
    x.provisional = d.provisional;
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace penaltyflow
