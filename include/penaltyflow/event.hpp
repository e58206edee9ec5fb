// penaltyflow — the events of a penalty case (行政处罚案件).
//
// A case is the ordered list of its events. Every event carries its own date and time (`at`, local time in
// China, UTC+8): nothing in penaltyflow reads the clock. Money is an integer number of fen. Each event type
// has a stable string name (to_string / parse_event_type) used in case-history files and stores; the names
// never change meaning. Which fields an event type uses is documented in docs/case-history.md.
#pragma once

#include <penaltyflow/deadline.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow {

/// Every kind of event the workflow knows. The order is not part of the API; the names are.
enum class event_type : std::uint8_t {
  // intake (线索核查, 立案)
  clue_received,           ///< 发现线索或者收到材料 (starts the filing-decision period)
  verification_extended,   ///< 核查期限延长 (负责人批准; 程序规定 第十八条)
  case_filed,              ///< 立案, with the assignment of officers (立案审批表)
  filing_refused,          ///< 不予立案 (程序规定 第二十条)
  // investigation (调查取证)
  investigative_act,       ///< 现场检查、询问、抽样 and other investigative acts
  evidence_preserved,      ///< 先行登记保存证据 (程序规定 第三十三条)
  preservation_handled,    ///< 先行登记保存证据的处理决定, including lifting (程序规定 第三十五条)
  seizure_ordered,         ///< 查封、扣押 (程序规定 第三十六条)
  seizure_extended,        ///< 查封、扣押延长 (程序规定 第三十八条)
  seizure_released,        ///< 解除查封、扣押 (程序规定 第四十二条)
  suspended,               ///< 中止调查 (程序规定 第四十六条)
  resumed,                 ///< 恢复调查
  investigation_terminated,///< 终止调查 (程序规定 第四十七条)
  transferred,             ///< 移送其他行政管理部门或者有管辖权的市场监管部门 (程序规定 第十四条, 第十七条)
  criminal_referral_reported,  ///< 涉嫌犯罪: 专案组向负责人报告 (移送规定 第五条)
  criminal_transfer_decided,   ///< 负责人决定是否移送 (`approved`)
  transferred_to_police,       ///< 向公安机关移送
  police_decided,              ///< 公安机关决定是否立案 (`approved` = filed)
  exhibits_handed_over,        ///< 移交涉案物品和材料 (移送规定 第十二条)
  investigation_ended,     ///< 调查终结报告, sent for review (程序规定 第四十八条)
  // excluded time (不计入期限的时间; R-TIME-EXCLUDED): the kinds 中止, 听证 and 责令退款 have their own events
  excluded_time_started,   ///< 检测、检验、检疫、鉴定, 权利人辨认或者鉴别 or 公告 begins (`exclusion`, `subject`)
  excluded_time_ended,     ///< it ends (the same `subject`)
  // review and approval (审核, 负责人审批)
  reviewed,                ///< 法制审核 or 案件审核 opinion (程序规定 第四十九条 to 第五十四条)
  review_extended,         ///< 审核期限延长 (程序规定 第五十五条)
  head_approved,           ///< 负责人审批: a penalty proposal (→ 告知) or other handling (程序规定 第五十六条)
  // notice, statements, hearing (告知, 陈述申辩, 复核, 听证)
  notice_served,           ///< 行政处罚告知书送达 (程序规定 第五十七条)
  statements_filed,        ///< 当事人陈述、申辩
  statements_reviewed,     ///< 复核 (程序规定 第五十八条)
  rights_waived,           ///< 当事人明确放弃陈述、申辩和听证权利
  hearing_requested,       ///< 要求听证 (处罚法 第六十四条第一项)
  hearing_noticed,         ///< 听证通知送达 (处罚法 第六十四条第二项)
  hearing_held,            ///< 举行听证
  hearing_terminated,      ///< 终止听证: the party withdrew or stayed away without reason (处罚法 第六十四条第八项)
  // decision (集体讨论, 决定)
  collective_discussion,   ///< 负责人集体讨论 (of the decision, or of a further extension)
  decision_period_extended,///< 延长办案期限 (程序规定 第六十四条)
  refund_ordered,          ///< 责令退款通知书 (程序规定 第五十九条): `scheduled` = end of the refund period
  decision,                ///< 处理决定 (程序规定 第六十条第一款, five outcomes)
  education_given,         ///< 对当事人进行教育 (程序规定 第六十一条)
  // service, execution, publication (送达, 执行, 公示)
  decision_served,         ///< 决定书送达
  payment_received,        ///< 罚没款缴纳: `item` names what it pays (fine, illegal gains or surcharge)
  goods_confiscated,       ///< 没收非法财物执行完毕: the goods were taken (no payment clock)
  payment_deferred,        ///< 延期或者分期缴纳 (程序规定 第七十四条): `instalments` are the approved dates
  surcharge_imposed,       ///< 加处罚款 (程序规定 第七十五条)
  reminder_served,         ///< 催告书送达 (行政强制法 第五十四条)
  court_enforcement_applied,  ///< 申请人民法院强制执行 (程序规定 第七十六条)
  execution_completed,     ///< 执行完毕 or 终结执行 other than by payment
  published,               ///< 行政处罚信息公示 (公示规定 第九条)
  publication_withdrawn,   ///< 撤回已公开的决定 (处罚法 第四十八条第二款; 程序规定 第六十三条)
  // closure (结案, 归档)
  case_closed,             ///< 结案审批表 approved (程序规定 第七十七条)
  archived,                ///< 立卷归档 (程序规定 第七十八条)
  // summary procedure (简易程序)
  summary_decision,        ///< 当场作出行政处罚决定 (处罚法 第五十一条)
  summary_filed,           ///< 当场处罚决定书报所属机关备案 (处罚法 第五十二条第三款)
  cash_collected,          ///< 当场收缴罚款 (处罚法 第六十八条)
  cash_handed_in,          ///< 当场收缴的罚款交至行政机关 (处罚法 第七十一条)
  cash_deposited,          ///< 行政机关将当场收缴的罚款缴付指定的银行 (处罚法 第七十一条; 程序规定 第七十三条)
  summary_handed_in,       ///< 简易程序案卷交回归档 (程序规定 第七十条)
  // remedies, parallel to execution (行政复议, 行政诉讼)
  reconsideration_applied, ///< 申请行政复议
  reconsideration_procedure,  ///< 复议机关决定适用简易程序 (subject "simplified") or 转为普通程序 (subject
                              ///< "ordinary"): 行政复议法 (2023) 第五十三条、第五十五条
  reconsideration_answered,///< 被申请人书面答复
  reconsideration_decided, ///< 行政复议决定
  lawsuit_filed,           ///< 提起行政诉讼
  defence_submitted,       ///< 提交答辩状和证据 (行政诉讼法 第六十七条)
  court_appearance,        ///< 开庭: who appeared for the agency (行政诉讼法 第三条第三款)
  judgment,                ///< 判决或者裁定
  // people
  recusal,                 ///< 回避决定 (处罚法 第四十三条)
};

/// Number of event types (for tables indexed by event_type).
inline constexpr std::size_t event_type_count = static_cast<std::size_t>(event_type::recusal) + 1;

/// The stable name of an event type, e.g. "case_filed".
std::string_view to_string(event_type t) noexcept;
/// The event type with that stable name, or nullopt.
std::optional<event_type> parse_event_type(std::string_view name) noexcept;

/// The role in which a person takes part in an event.
enum class actor_role : std::uint8_t {
  officer,           ///< 执法人员 / 办案人员
  case_unit_head,    ///< 办案机构负责人
  head,              ///< 市场监督管理部门负责人 (any head, including a deputy)
  principal_head,    ///< 主要负责人 / 正职负责人 or the head in charge (主持工作的负责人)
  reviewer,          ///< 案件审核人员
  legal_reviewer,    ///< 法制审核人员
  hearing_host,      ///< 听证主持人
  agency_representative,  ///< staff appearing in court for the agency (委托的工作人员)
};
std::string_view to_string(actor_role r) noexcept;
std::optional<actor_role> parse_actor_role(std::string_view name) noexcept;

/// An enforcement certificate (执法证) as shown at the act.
struct certificate {
  std::string number;
  date valid_from;
  date valid_until;  ///< last day of validity (inclusive)
  bool valid_on(date d) const { return !d.is_special() && valid_from <= d && d <= valid_until; }
};

/// A person taking part in an event. `id` identifies the person across the whole case.
struct actor {
  std::string id;
  std::string name;
  actor_role role = actor_role::officer;
  std::optional<certificate> enforcement_certificate;  ///< 执法证
  bool legal_qualification = false;         ///< 法律职业资格 (处罚法 第五十八条第二款)
  bool lawyer_qualification = false;        ///< 律师资格 (recorded; not the 法律职业资格 of 第五十八条第二款)
  bool experienced_legal_reviewer = false;  ///< 非初次从事法制审核
};

/// A natural person (自然人) or a legal person / other organisation (法人或者其他组织).
enum class party_kind : std::uint8_t { natural_person, organisation };
std::string_view to_string(party_kind k) noexcept;
std::optional<party_kind> parse_party_kind(std::string_view name) noexcept;

/// Kinds of administrative penalty (处罚法 第九条, plus the hearing-scope kinds of 第六十三条).
enum class penalty_kind : std::uint8_t {
  warning,                ///< 警告
  criticism,              ///< 通报批评
  fine,                   ///< 罚款
  confiscation,           ///< 没收违法所得、没收非法财物
  lower_qualification,    ///< 降低资质等级
  revoke_permit,          ///< 吊销许可证件 / 营业执照
  restrict_activity,      ///< 限制开展生产经营活动
  suspend_business,       ///< 责令停产停业
  order_closure,          ///< 责令关闭
  restrict_practice,      ///< 限制从业
  other_serious,          ///< 其他较重的行政处罚
};
inline constexpr std::size_t penalty_kind_count = static_cast<std::size_t>(penalty_kind::other_serious) + 1;
std::string_view to_string(penalty_kind k) noexcept;
std::optional<penalty_kind> parse_penalty_kind(std::string_view name) noexcept;

/// A penalty: its kinds and amounts. Kinds are a bit set so that a penalty never allocates. The money of a
/// decision is split into items, each executed on its own (R-EXEC-ITEMS): the fine and the illegal gains are
/// amounts the party pays; the illegal property is goods taken, valued here for the hearing scope.
struct penalty {
  std::uint16_t kinds = 0;           ///< bit i set = penalty_kind(i) imposed
  std::int64_t fine_fen = 0;         ///< 罚款, in fen
  std::int64_t illegal_gains_fen = 0;     ///< 没收违法所得: an amount the party pays, in fen
  std::int64_t illegal_property_fen = 0;  ///< 没收非法财物: the value of goods taken, in fen (no payment)

  /// The confiscated value, gains and property together (the hearing scope's amount, 听证办法 第五条);
  /// saturates instead of overflowing.
  std::int64_t confiscation_fen() const {
    std::int64_t s = 0;
    return __builtin_add_overflow(illegal_gains_fen, illegal_property_fen, &s) ? INT64_MAX : s;
  }

  bool has(penalty_kind k) const { return (kinds >> static_cast<unsigned>(k)) & 1U; }
  penalty& add(penalty_kind k) {
    kinds = static_cast<std::uint16_t>(kinds | (1U << static_cast<unsigned>(k)));
    return *this;
  }
  /// True when `other` is heavier than this penalty: a kind not in this one, or a larger amount.
  bool heavier(const penalty& other) const {
    return (other.kinds & ~kinds) != 0 || other.fine_fen > fine_fen || other.illegal_gains_fen > illegal_gains_fen ||
           other.illegal_property_fen > illegal_property_fen;
  }
  bool operator==(const penalty& o) const {
    return kinds == o.kinds && fine_fen == o.fine_fen && illegal_gains_fen == o.illegal_gains_fen &&
           illegal_property_fen == o.illegal_property_fen;
  }
};

/// The five outcomes of 程序规定 第六十条第一款.
enum class decision_outcome : std::uint8_t {
  penalty,                  ///< (一) 给予行政处罚
  no_penalty,               ///< (二) 依法不予行政处罚 (including 首违不罚)
  not_established,          ///< (三) 违法事实不能成立, 不予行政处罚
  transfer_administrative,  ///< (四) 移送其他行政管理部门
  transfer_judicial,        ///< (五) 移送司法机关
};
std::string_view to_string(decision_outcome o) noexcept;
std::optional<decision_outcome> parse_decision_outcome(std::string_view name) noexcept;

enum class review_kind : std::uint8_t {
  case_review,   ///< 案件审核 (程序规定 第五十二条)
  legal_review,  ///< 法制审核 (程序规定 第五十条)
};
std::string_view to_string(review_kind k) noexcept;
std::optional<review_kind> parse_review_kind(std::string_view name) noexcept;

/// Review opinions (程序规定 第五十四条).
enum class review_outcome : std::uint8_t {
  approved,               ///< 同意
  correction,             ///< 建议纠正: the case unit corrects and resubmits
  further_investigation,  ///< 建议补充调查
};
std::string_view to_string(review_outcome o) noexcept;
std::optional<review_outcome> parse_review_outcome(std::string_view name) noexcept;

/// How a decision applied the discretion benchmark (裁量基准; 处罚法 第三十二条 to 第三十四条; R-MITIGATION,
/// R-NO-PENALTY). Absent on a decision: no benchmark was applied.
enum class discretion : std::uint8_t {
  standard,         ///< 一般: within the benchmark's ordinary band
  lighter,          ///< 从轻: the lower part of the statutory range (处罚法 第三十二条)
  mitigated,        ///< 减轻: below the statutory minimum (处罚法 第三十二条)
  heavier,          ///< 从重 (e.g. 处罚法 第四十九条)
  first_violation,  ///< 首违不罚 (处罚法 第三十三条第一款, 初次违法且危害后果轻微并及时改正)
  exempt,           ///< 不予处罚 for another ground (轻微并及时改正, 无主观过错, 处罚法 第三十条, 第三十一条, 第三十三条)
};
inline constexpr std::size_t discretion_count = static_cast<std::size_t>(discretion::exempt) + 1;
std::string_view to_string(discretion d) noexcept;
std::optional<discretion> parse_discretion(std::string_view name) noexcept;

/// Who approved an extension or a step (uses deadline.hpp's `approver`: head or collective discussion).
std::string_view to_string(approver a) noexcept;
std::optional<approver> parse_approver(std::string_view name) noexcept;

/// Bits of `event::grounds` for the 法制审核 scope of 程序规定 第五十条第一款 (set on case_filed or
/// investigation_ended; a case is in scope once any event set a bit).
namespace review_ground {
inline constexpr std::uint8_t major_public_interest = 1U << 0;  ///< (一) 涉及重大公共利益
inline constexpr std::uint8_t major_rights = 1U << 1;  ///< (二) 直接关系重大权益 (in scope only after a hearing)
inline constexpr std::uint8_t complex = 1U << 2;       ///< (三) 疑难复杂、涉及多个法律关系
inline constexpr std::uint8_t required_by_law = 1U << 3;  ///< (四) 法律、法规规定应当进行法制审核
}  // namespace review_ground

/// Bits of `event::conditions` on case_filed: the filing conditions of 程序规定 第十九条 (the fourth, the
/// limitation period, is computed from the violation dates).
namespace filing_condition {
inline constexpr std::uint8_t evidence = 1U << 0;      ///< (一) 有证据初步证明存在违法行为
inline constexpr std::uint8_t penalty_due = 1U << 1;   ///< (二) 依据应当给予行政处罚
inline constexpr std::uint8_t jurisdiction = 1U << 2;  ///< (三) 属于本部门管辖
inline constexpr std::uint8_t all = evidence | penalty_due | jurisdiction;
}  // namespace filing_condition

/// Bits of `event::items` on a penalty decision: the contents of 程序规定 第六十二条.
namespace decision_item {
inline constexpr std::uint16_t party = 1U << 0;        ///< (一) 当事人的姓名或者名称、地址等基本情况
inline constexpr std::uint16_t facts = 1U << 1;        ///< (二) 违法事实和证据
inline constexpr std::uint16_t statements = 1U << 2;   ///< (三) 陈述、申辩的采纳情况及理由
inline constexpr std::uint16_t penalty_basis = 1U << 3;  ///< (四) 行政处罚的内容和依据
inline constexpr std::uint16_t performance = 1U << 4;  ///< (五) 履行方式和期限
inline constexpr std::uint16_t remedies = 1U << 5;     ///< (六) 申请行政复议、提起行政诉讼的途径和期限
inline constexpr std::uint16_t authority_date = 1U << 6;  ///< (七) 作出决定的部门名称和日期
inline constexpr std::uint16_t seal = 1U << 7;         ///< 加盖印章
inline constexpr std::uint16_t all = 0xFF;
}  // namespace decision_item

/// Bits of `event::items` on investigation_ended: the contents of 程序规定 第四十八条.
namespace report_item {
inline constexpr std::uint16_t party = 1U << 0;       ///< (一) 当事人的基本情况
inline constexpr std::uint16_t history = 1U << 1;     ///< (二) 案件来源、调查经过及采取的强制措施
inline constexpr std::uint16_t facts = 1U << 2;       ///< (三) 调查认定的事实及主要证据
inline constexpr std::uint16_t nature = 1U << 3;      ///< (四) 违法行为性质
inline constexpr std::uint16_t proposal = 1U << 4;    ///< (五) 处理意见及依据
inline constexpr std::uint16_t discretion = 1U << 5;  ///< (六) 自由裁量的理由等其他需要说明的事项
inline constexpr std::uint16_t all = 0x3F;
}  // namespace report_item

/// Bits of `event::items` on summary_decision: what the officers told the party before deciding on the spot and
/// what they recorded (处罚法 第四十四条, 第五十二条; 程序规定 第六十九条; R-SUMMARY-NOTICE).
namespace summary_item {
inline constexpr std::uint16_t penalty = 1U << 0;     ///< the intended penalty (拟作出的行政处罚内容)
inline constexpr std::uint16_t facts = 1U << 1;       ///< its facts (事实)
inline constexpr std::uint16_t reasons = 1U << 2;     ///< its reasons (理由)
inline constexpr std::uint16_t basis = 1U << 3;       ///< its legal basis (依据)
inline constexpr std::uint16_t rights = 1U << 4;      ///< the right to state and defend (陈述、申辩权利)
inline constexpr std::uint16_t statements = 1U << 5;  ///< the party's statements and defence recorded (or that it made none)
inline constexpr std::uint16_t all = 0x3F;  ///< what R-SUMMARY-NOTICE requires
/// The decision document tells the party to apply for 行政复议 before suing: required of a 当场 decision from
/// 2024-01-01 (行政复议法 (2023) 第二十三条第二款; the case-file evaluation's `reconsideration-route` check).
inline constexpr std::uint16_t reconsideration_first = 1U << 6;
}  // namespace summary_item

/// Bits of `event::exemption_facts`: the facts on which the law says no penalty is (or may be) given
/// (R-NO-PENALTY). A ground holds when all its facts are recorded.
namespace exemption_fact {
inline constexpr std::uint8_t minor_violation = 1U << 0;  ///< 违法行为轻微
inline constexpr std::uint8_t corrected = 1U << 1;        ///< 及时改正
inline constexpr std::uint8_t no_harm = 1U << 2;          ///< 没有造成危害后果
inline constexpr std::uint8_t first_violation = 1U << 3;  ///< 初次违法
inline constexpr std::uint8_t minor_harm = 1U << 4;       ///< 危害后果轻微
inline constexpr std::uint8_t no_fault = 1U << 5;         ///< 有证据足以证明没有主观过错
inline constexpr std::uint8_t under_fourteen = 1U << 6;   ///< 不满十四周岁 (处罚法 第三十条)
inline constexpr std::uint8_t incapacity = 1U << 7;  ///< 不能辨认或者不能控制自己行为时 (处罚法 第三十一条)
/// 处罚法 第三十三条第一款, first sentence: 不予行政处罚 (must).
inline constexpr std::uint8_t minor_ground = minor_violation | corrected | no_harm;
/// 处罚法 第三十三条第一款, second sentence (首违不罚): 可以不予行政处罚 (may).
inline constexpr std::uint8_t first_violation_ground = first_violation | minor_harm | corrected;
}  // namespace exemption_fact

/// Bits of `event::items` on reviewed: what the review covers (程序规定 第五十三条; R-REVIEW-CONTENT).
namespace review_item {
inline constexpr std::uint16_t jurisdiction = 1U << 0;  ///< (一) 是否具有管辖权
inline constexpr std::uint16_t party = 1U << 1;         ///< (二) 当事人的基本情况是否清楚
inline constexpr std::uint16_t facts = 1U << 2;         ///< (三) 案件事实是否清楚、证据是否充分
inline constexpr std::uint16_t nature = 1U << 3;        ///< (四) 定性是否准确
inline constexpr std::uint16_t basis = 1U << 4;         ///< (五) 适用依据是否正确
inline constexpr std::uint16_t procedure = 1U << 5;     ///< (六) 程序是否合法
inline constexpr std::uint16_t handling = 1U << 6;      ///< (七) 处理是否适当
inline constexpr std::uint16_t all = 0x7F;
}  // namespace review_item

/// How a document was served (程序规定 第八十二条; R-SERVICE-METHODS).
enum class service_method : std::uint8_t {
  direct,             ///< (一) 直接送达, 送达回证 signed
  left_at_residence,  ///< (二) 留置送达 (refusal; witness or photo/video)
  electronic,         ///< (三) 电子送达: only with consent and a signed 送达地址确认书
  post,               ///< (四) 邮寄送达 or 委托送达
  public_notice,      ///< (五) 公告送达: deemed served 30 days after publication
};
std::string_view to_string(service_method m) noexcept;
std::optional<service_method> parse_service_method(std::string_view name) noexcept;

/// The items of a decision's money that a payment can pay (R-EXEC-ITEMS; 程序规定 第七十七条第一款第一项).
enum class execution_item : std::uint8_t {
  fine,           ///< 罚款 (处罚法 第六十七条)
  illegal_gains,  ///< 没收违法所得 (处罚法 第六十七条第三款)
  surcharge,      ///< 加处罚款 (处罚法 第七十二条第一款第一项)
};
std::string_view to_string(execution_item i) noexcept;
std::optional<execution_item> parse_execution_item(std::string_view name) noexcept;

/// One approved date of a deferred or instalment payment of the fine (R-EXEC-DEFER; 程序规定 第七十四条): the
/// amount due by the end of `due` (a deferral is one instalment).
struct instalment {
  date due;
  std::int64_t amount_fen = 0;
  bool operator==(const instalment& o) const { return due == o.due && amount_fen == o.amount_fen; }
};

/// One event of a case. Which fields a type uses is documented in docs/case-history.md; the others keep
/// their defaults. Cost: cheap to copy apart from `actors` and the strings.
struct event {
  event_type type = event_type::clue_received;
  instant at;                          ///< when it happened (local time, UTC+8); its date is `day()`
  std::vector<actor> actors;           ///< who acted, each in a role
  std::string note;                    ///< free text (not interpreted)

  std::optional<party_kind> party;     ///< clue_received, case_filed, summary_decision
  std::optional<date> violation_date;  ///< case_filed, summary_decision: the act (处罚法 第三十六条)
  std::optional<date> violation_end;   ///< the end of a continuing or continuous act
  bool grave_harm = false;  ///< 涉及公民生命健康安全、金融安全且有危害后果 (5-year limitation)
  std::uint8_t conditions = 0;         ///< case_filed: filing_condition bits
  std::uint8_t grounds = 0;            ///< case_filed, investigation_ended, hearing_held: review_ground bits
  std::uint16_t items = 0;  ///< decision: decision_item bits; investigation_ended: report_item; reviewed: review_item
  std::optional<penalty> proposed;     ///< head_approved, notice_served, summary_decision, decision
  std::optional<decision_outcome> outcome;    ///< decision; head_approved (penalty or other handling)
  std::optional<review_kind> review;          ///< reviewed
  std::optional<review_outcome> review_result;  ///< reviewed
  std::optional<bool> approved;   ///< criminal_transfer_decided (移送), police_decided (立案)
  bool hearing_right_stated = false;   ///< notice_served: the notice states the right to a hearing
  bool emergency = false;              ///< evidence_preserved, seizure_ordered: taken before approval
  std::optional<date> scheduled;       ///< hearing_noticed: the hearing day
  int extension = 0;                   ///< *_extended: length in the period's unit
  std::optional<approver> approved_by; ///< decision_period_extended
  std::string ground;                  ///< reasons: 不予立案, 中止, 终止, 移送, 首违不罚, 回避 ...
  std::string subject;   ///< recusal: person id; measures: measure id; collective_discussion: "decision"|"extension";
                         ///< clue_received: the source of the clue ("complaint", "report", "inspection", ...)
  std::int64_t amount_fen = 0;         ///< payment_received, surcharge_imposed, cash_collected, cash_handed_in
  std::optional<execution_item> item;  ///< payment_received: the item it pays (required from format version 3)
  std::vector<instalment> instalments; ///< payment_deferred: the approved dates and amounts of the fine
  bool rate_told = false;  ///< surcharge_imposed: the party was told the surcharge's rate (行政强制法 第四十五条)
  bool received_by_transfer = false;   ///< clue_received: the case came from another bureau (程序规定 第十四条)
  bool involves_party = false;   ///< investigative_act: evidence is collected from the party (程序规定 第二十一条)
  bool rights_told = false;      ///< investigative_act: the party was told of 陈述权、申辩权 and 申请回避
  bool av_recorded = false;      ///< investigative_act, evidence_preserved, seizure_ordered: 音像记录 (第四十四条)
  bool publicity_told = false;   ///< decision_served: told in writing the decision will be published (公示规定 第八条)
  std::optional<service_method> service;  ///< decision_served: how it was served (程序规定 第八十二条)
  bool address_confirmed = false;  ///< decision_served: consent and a signed 送达地址确认书 (electronic service)
  bool refund_required = false;  ///< decision: the law requires 退还多收价款 (程序规定 第五十九条)
  bool decision_changed = false; ///< reconsideration_decided, judgment: the decision was changed, annulled, found
                                 ///< illegal or invalid (程序规定 第六十三条)
  std::string violation_type;    ///< decision, summary_decision: the discretion benchmark's violation type id
  std::optional<penaltyflow::discretion> applied;  ///< decision, summary_decision: how the benchmark was applied
  std::vector<std::string> circumstances;  ///< decision, summary_decision: the benchmark circumstances applied
  // excluded time (R-TIME-EXCLUDED)
  std::optional<exclusion> excluded;  ///< excluded_time_started: testing, rightholder_id or public_notice
  std::string institution;       ///< excluded_time_started (testing): the testing or appraisal institution
  std::string measure;           ///< excluded_time_started (testing): the seizure whose goods are tested
  bool party_notified = false;   ///< excluded_time_started: the period (`scheduled`) was told to the party in writing
  // people and grounds
  std::optional<actor_role> subject_role;  ///< recusal: the role of the person recused (程序规定 第四条)
  std::uint8_t exemption_facts = 0;  ///< decision, summary_decision: exemption_fact bits (处罚法 第三十条, 第三十一条, 第三十三条)

  /// The calendar day of the event.
  date day() const { return at.date(); }
};

}  // namespace penaltyflow
