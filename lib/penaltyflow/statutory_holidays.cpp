// The statutory holidays past the calendar's coverage: 全国年节及纪念日放假办法 第二条 and 第六条.
#include <penaltyflow/error.hpp>
#include <penaltyflow/statutory_holidays.hpp>

#include "penaltyflow/detail/text.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <vector>

namespace penaltyflow {

namespace detail {
extern const std::string_view builtin_provisional_holidays_csv;
}

namespace {

bool weekend(date d) {
  const auto wd = d.day_of_week().as_number();  // 0 = Sunday
  return wd == 0 || wd == 6;
}

}  // namespace

const statutory_holidays& statutory_holidays::national() {
  static const statutory_holidays table =
      parse(detail::builtin_provisional_holidays_csv, "<built-in provisional-holidays.csv>");
  return table;
}

statutory_holidays statutory_holidays::parse(std::string_view text, std::string_view source_name) {
  const std::string source(source_name);
  auto fail = [&](std::size_t line, const std::string& reason) -> void {
    throw file_format_error(error_code::calendar_format, source, line, reason);
  };
  statutory_holidays out;
  std::vector<statutory_holiday> holidays;  // in file order
  bool have_header = false;
  std::size_t line_no = 0;
  for (std::string_view line : detail::split_lines(text)) {
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    if (!have_header) {
      if (line != "year,date,festival") fail(line_no, "expected the header \"year,date,festival\"");
      have_header = true;
      continue;
    }
    const auto fields = detail::split(line, ',');
    if (fields.size() != 3) fail(line_no, "expected 3 comma-separated fields");
    int year = 0;
    if (!detail::parse_int(fields[0], year) || year < 1900 || year > 9999)
      fail(line_no, "field year: \"" + std::string(fields[0]) + "\" is not a year");
    statutory_holiday h;
    try {
      h.day = parse_date(fields[1], "field date");
    } catch (const invalid_argument_error& e) {
      fail(line_no, e.message());
    }
    if (h.day.year() != year) fail(line_no, "field year: " + std::to_string(year) + " does not hold " + to_iso(h.day));
    h.festival = std::string(fields[2]);
    if (h.festival.empty()) fail(line_no, "field festival is empty");
    h.source = source + ":" + std::to_string(line_no);
    out.first_year_ = out.first_year_ == 0 ? year : std::min(out.first_year_, year);
    out.last_year_ = std::max(out.last_year_, year);
    if (auto it = out.days_.find(h.day); it != out.days_.end()) {
      // Two festivals on one day (中秋节 on October 1-3, as in 2028): one day off, one 补假 at most [M].
      if (it->second.festival.find(h.festival) != std::string::npos)
        fail(line_no, "date " + to_iso(h.day) + " given twice for " + h.festival);
      it->second.festival += " / " + h.festival;
      continue;
    }
    out.days_.emplace(h.day, h);
    holidays.push_back(std::move(h));
  }
  if (!have_header) fail(0, "empty table: no header line");
  // 第六条: a holiday day on a Saturday or Sunday gives a day off on a working day; modelled as the first
  // weekday after it that is neither a holiday day nor an earlier 补假 (see the header).
  std::sort(holidays.begin(), holidays.end(), [](const auto& a, const auto& b) { return a.day < b.day; });
  for (const auto& h : holidays) {
    if (!weekend(h.day)) continue;
    const auto& festival = out.days_.at(h.day).festival;
    date d = h.day + boost::gregorian::days(1);
    while (weekend(d) || out.days_.count(d)) d += boost::gregorian::days(1);
    statutory_holiday m{d, festival, true, h.source};
    out.days_.emplace(d, std::move(m));
  }
  return out;
}

bool statutory_holidays::working(date d) const { return !weekend(d) && !days_.count(d); }

const statutory_holiday* statutory_holidays::find(date d) const {
  auto it = days_.find(d);
  return it == days_.end() ? nullptr : &it->second;
}

}  // namespace penaltyflow
