// penaltyflow — the statutory holidays (法定节假日) assumed past the calendar's coverage.
//
// Only the State Council's yearly notice says which days are off and which weekend days are worked (调休); no
// rule predicts it. What the law itself fixes is 全国年节及纪念日放假办法 (revised 2024-11-10, in force
// 2025-01-01): the holidays of 第二条 (元旦 1 day, 春节 4 days from 除夕, 清明节, 劳动节 May 1-2, 端午节, 中秋节,
// 国庆节 October 1-3) and the 补假 of 第六条 for those falling on a Saturday or Sunday. A day outside the
// calendar's coverage is classified by them when the caller accepts a provisional result, and the result is
// marked provisional (deadline.hpp): the 调休 are unknown. Table and provenance: docs/calendar.md.
#pragma once

#include <penaltyflow/calendar.hpp>

#include <map>
#include <string>
#include <string_view>

namespace penaltyflow {

/// A day the statutory holidays make a rest day.
struct statutory_holiday {
  date day;
  std::string festival;  ///< e.g. "Spring Festival 春节"
  bool makeup = false;   ///< a 补假 working day given for a holiday day on a weekend (第六条)
  std::string source;    ///< "file:line" of the table row (of the weekend holiday day, for a 补假)
};

/// The statutory holidays of a range of years, with their 补假.
///
/// 补假 (第六条: "全体公民放假的假日，如果适逢周六、周日，应当在工作日补假"): the article does not say which working
/// day. Modelled [M] as the practice of the notices: each holiday day on a Saturday or Sunday gives one day off on
/// the first weekday after it that is neither a holiday day nor an earlier 补假 (May 1-2 on a weekend: May 3-4).
/// Years outside the table: weekends only.
class statutory_holidays {
 public:
  /// The table shipped with penaltyflow (data/calendar/provisional-holidays.csv, 2025-2049), compiled in.
  static const statutory_holidays& national();

  /// Parses a table (header "year,date,festival"; `#` comments). Throws file_format_error naming the line.
  static statutory_holidays parse(std::string_view text, std::string_view source_name);

  /// Whether `d` is a working day under the statutory holidays alone: Monday-Friday unless a holiday day or a
  /// 补假 day (no 调休 working weekends).
  bool working(date d) const;

  /// The holiday or 补假 on `d`, if any.
  const statutory_holiday* find(date d) const;

  /// The years the table covers (0 when empty).
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

 private:
  std::map<date, statutory_holiday> days_;
  int first_year_ = 0;
  int last_year_ = 0;
};

}  // namespace penaltyflow
