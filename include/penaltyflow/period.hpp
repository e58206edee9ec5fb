// penaltyflow — the catalogue of statutory periods (法定期限).
//
// Every time limit the law sets for a penalty case, with its amount, unit, what starts it, its citation and
// the confidence of the source (legal-rules.md section 1). The numbers live here and nowhere else.
#pragma once

#include <penaltyflow/calendar.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow {

/// How a period is counted.
enum class period_unit : std::uint8_t {
  working_days,  ///< 工作日: weekdays that are not holidays, plus 调休 workdays (处罚法 第八十五条)
  natural_days,  ///< 日 (calendar days); a last day that is not a working day rolls forward (程序规定 第八十条)
  months,        ///< 月: the corresponding day of the last month, or its last day (民法典 第二百零二条)
  years,         ///< 年: as months
  hours,         ///< 时: the starting hour is not counted (程序规定 第八十条); never rolls
};

/// Confidence of the source text, as tagged in the rules reference.
enum class confidence : std::uint8_t {
  verified,          ///< [V] the article text was read: a hard rule
  verified_partial,  ///< [V-partial] only part of the text was read: configurable, documented as such
  memory,            ///< [M] not verified: configurable, documented as such
};

/// Who may extend a period, and by how much.
enum class extension_policy : std::uint8_t {
  none,                         ///< the law provides no extension
  once_capped,                  ///< one extension of at most `extension_cap`, approved by a head (负责人)
  capped_then_collective,       ///< first at most `extension_cap` by a head; further ones only by the heads'
                                ///< collective discussion (集体讨论), each with a stated length (程序规定 64)
  approved_uncapped,            ///< extensions approved by a head, no maximum stated (程序规定 55)
};

/// Kinds of time the law excludes from a period (不计入期限).
enum class exclusion : std::uint8_t {
  suspension,        ///< 中止 (程序规定 第四十六条)
  hearing,           ///< 听证
  public_notice,     ///< 公告
  testing,           ///< 检测、检验、检疫、鉴定
  rightholder_id,    ///< 权利人辨认或者鉴别
  refund_order,      ///< 责令退还多收价款
  transit,           ///< 在途时间 (程序规定 第八十条: 期间不包括在途时间)
};

/// The rule under which excluded time is left out of the periods that name it (legal-rules.md R-TIME-EXCLUDED).
inline constexpr std::string_view excluded_time_rule_id = "R-TIME-EXCLUDED";

/// Whether a period is a deadline (act on or before the due day) or a minimum notice (the act it announces
/// may take place only after the period has run, e.g. a hearing noticed at least 7 working days ahead).
enum class period_kind : std::uint8_t { deadline, minimum_notice };

/// One article of one instrument.
struct citation {
  std::string instrument;  ///< short Chinese name, e.g. "程序规定"
  std::string revision;    ///< e.g. "2022"
  std::string article;     ///< e.g. "第六十四条第一款"

  /// "程序规定 (2022) 第六十四条第一款".
  std::string text() const;
};

/// Citations joined with "; ", e.g. "程序规定 (2022) 第六十四条; 处罚法 (2021) 第六十条".
std::string join_citations(const std::vector<citation>& citations);

/// The days on which a text (an instrument's revision) is in force, both ends inclusive; an open end is
/// unbounded. Procedural periods and gates apply by the date of the step (程序从新): a period by the day it
/// starts, a gate by the day of the event it judges (docs/time-limits.md, "The law in force on the date").
struct in_force {
  std::optional<date> from;   ///< first day in force; nullopt: in force before any case the library judges
  std::optional<date> until;  ///< last day in force; nullopt: still in force
  bool covers(date d) const { return (!from || *from <= d) && (!until || d <= *until); }
  bool always() const noexcept { return !from && !until; }  ///< in force on every day
  bool overlaps(const in_force& o) const {
    return (!from || !o.until || *from <= *o.until) && (!o.from || !until || *o.from <= *until);
  }
};

/// One statutory period.
struct period_definition {
  std::string id;         ///< stable id, e.g. "decision"
  std::string rule_id;    ///< rule in legal-rules.md, e.g. "R-DECISION-DEADLINE"
  std::string title_zh;   ///< e.g. "作出处理决定"
  std::string title_en;   ///< e.g. "Decision after filing"
  int amount = 0;
  period_unit unit = period_unit::natural_days;
  period_kind kind = period_kind::deadline;
  std::string start_zh;   ///< what starts it, e.g. "立案之日"
  std::string start_en;
  std::vector<citation> citations;
  confidence tag = confidence::verified;
  /// True when a profile may override amount or unit: tags [V-partial] and [M], and [V] periods whose
  /// unit the text leaves undetermined (移送规定's "3日").
  bool configurable = false;
  std::string note;       ///< why it is configurable, or other reading notes
  /// A [V] period a profile's override of this one may not exceed (same unit, at most its amount): profiles
  /// tighten, never loosen. Empty when none.
  std::string ceiling;
  extension_policy extension = extension_policy::none;
  int extension_cap = 0;  ///< in `unit`; meaningful for once_capped and capped_then_collective
  std::vector<exclusion> exclusions;  ///< excluded time the law names for this period (transit always applies)
  /// The text's days in force. A period id may have several versions (one per revision of its text) whose
  /// days do not overlap; a period applies by the day it starts.
  in_force effective;

  /// All citations joined with "; ".
  std::string citation_text() const;
  bool excludes(exclusion e) const;
};

/// The catalogue of statutory periods.
class period_catalogue {
 public:
  /// National law as in the rules reference (legal-rules.md section 1).
  static const period_catalogue& national();

  /// Throws invalid_argument_error for two versions of one id whose days in force overlap.
  explicit period_catalogue(std::vector<period_definition> periods);

  /// The period with that id in the text in force last (the version with no end date, else the latest).
  /// Throws error(unknown_period) naming the id.
  const period_definition& at(std::string_view id) const;
  /// The period with that id, or nullptr.
  const period_definition* find(std::string_view id) const;
  /// The version of the period in force on `on` (a period applies by the day it starts). Throws
  /// error(unknown_period) naming the id and the day when no version is in force then.
  const period_definition& at(std::string_view id, date on) const;
  const period_definition* find(std::string_view id, date on) const;
  const std::vector<period_definition>& all() const { return periods_; }

  /// A copy with `id`'s amount and unit replaced in every version (a profile value). Throws
  /// error(not_configurable) for a period that is not `configurable`, for a new amount of a [V] period (only its
  /// undetermined unit is configurable) and for an override longer than the period's `ceiling`;
  /// invalid_argument_error for a non-positive amount.
  period_catalogue with_override(std::string_view id, int amount, period_unit unit) const;

 private:
  std::vector<period_definition> periods_;
};

std::string_view to_string(period_unit u) noexcept;
std::string_view to_string(confidence c) noexcept;  ///< "V", "V-partial", "M"
std::string_view to_string(extension_policy p) noexcept;
std::string_view to_string(exclusion e) noexcept;
std::string_view to_string(period_kind k) noexcept;
/// Parses the names above ("working_days", "testing", ...). Throws invalid_argument_error.
period_unit parse_period_unit(std::string_view s);
exclusion parse_exclusion(std::string_view s);

}  // namespace penaltyflow
