#include <penaltyflow/calendar.hpp>
#include <penaltyflow/error.hpp>
#include <penaltyflow/input_file.hpp>
#include <penaltyflow/utf8.hpp>

#include "penaltyflow/detail/sha256.hpp"
#include "penaltyflow/detail/text.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <sstream>

namespace penaltyflow {

namespace detail {
extern const std::string_view builtin_calendar_csv;
}

namespace {

using boost::gregorian::date_duration;
using boost::gregorian::days;

constexpr std::string_view builtin_source = "<built-in national calendar>";

bool is_weekend(date d) {
  const auto wd = d.day_of_week().as_number();  // 0 = Sunday
  return wd == 0 || wd == 6;
}

std::string_view kind_name(day_kind k) {
  switch (k) {
    case day_kind::ordinary: return "ordinary";
    case day_kind::holiday: return "holiday";
    case day_kind::adjusted_workday: return "workday";
  }
  return "?";
}

}  // namespace

struct calendar::data {
  std::map<date, calendar_entry> rows;
  std::set<int> years;
  std::vector<std::string> sources;
  std::string digest;
  std::string version;
  // Dense cache of day_status over [dense_first, dense_first + dense.size()).
  date dense_first{boost::gregorian::not_a_date_time};
  std::vector<day_status> dense;
  date first{boost::gregorian::not_a_date_time};
  date last{boost::gregorian::not_a_date_time};

  bool year_covers(date d) const {
    const int y = d.year();
    if (!years.count(y)) return false;
    // The next year's New Year arrangement may reach back into late December (see calendar.hpp).
    if (d.month() == 12 && d.day() >= calendar::next_notice_reach_day && !years.count(y + 1)) return false;
    return true;
  }

  day_status compute(date d) const {
    if (auto it = rows.find(d); it != rows.end()) {
      switch (it->second.kind) {
        case day_kind::holiday: return day_status::rest;
        case day_kind::adjusted_workday: return day_status::working;
        case day_kind::ordinary: break;
      }
      return is_weekend(d) ? day_status::rest : day_status::working;
    }
    if (!year_covers(d)) return day_status::unknown;
    return is_weekend(d) ? day_status::rest : day_status::working;
  }

  void finish() {
    // Canonical serialisation: equal classification gives an equal digest, whatever the files were.
    std::ostringstream canon;
    canon << "penaltyflow-calendar-v1\nreach:12-" << calendar::next_notice_reach_day << "\nyears:";
    for (int y : years) canon << y << ',';
    canon << '\n';
    for (const auto& [d, e] : rows) {
      if (e.kind == day_kind::ordinary) continue;
      canon << to_iso(d) << ' ' << kind_name(e.kind) << '\n';
    }
    digest = detail::sha256::hex(detail::sha256::of(canon.str()));
    version = "sha256:" + digest.substr(0, 16);

    dense.clear();
    first = last = dense_first = date(boost::gregorian::not_a_date_time);
    date lo(boost::gregorian::not_a_date_time), hi(boost::gregorian::not_a_date_time);
    auto widen = [&](date a, date b) {
      if (lo.is_not_a_date() || a < lo) lo = a;
      if (hi.is_not_a_date() || b > hi) hi = b;
    };
    for (int y : years) widen(date(static_cast<unsigned short>(y), 1, 1), date(static_cast<unsigned short>(y), 12, 31));
    if (!rows.empty()) widen(rows.begin()->first, rows.rbegin()->first);
    if (lo.is_not_a_date()) return;
    dense_first = lo;
    dense.reserve(static_cast<std::size_t>((hi - lo).days() + 1));
    for (date d = lo; d <= hi; d += days(1)) {
      const auto s = compute(d);
      dense.push_back(s);
      if (s != day_status::unknown) {
        if (first.is_not_a_date()) first = d;
        last = d;
      }
    }
  }
};

calendar::calendar() : data_(std::make_shared<data>()) {
  auto d = std::make_shared<data>();
  d->finish();
  data_ = std::move(d);
}

calendar::calendar(std::shared_ptr<const data> d) : data_(std::move(d)) {}

const calendar& calendar::national() {
  static const calendar cal = parse(detail::builtin_calendar_csv, builtin_source, calendar());
  return cal;
}

calendar calendar::load(const std::vector<std::string>& files, const calendar& base) {
  calendar result = base;
  for (const auto& path : files) {
    result = parse(read_input_file(path, "calendar file"), path, result);
  }
  return result;
}

calendar calendar::parse(std::string_view text, std::string_view source_name, const calendar& base) {
  const std::string source(source_name);
  auto fail = [&](std::size_t line, const std::string& reason) -> void {
    throw file_format_error(error_code::calendar_format, source, line, reason);
  };

  auto next = std::make_shared<data>(*base.data_);
  next->sources.push_back(source);
  std::map<date, calendar_entry> mine;
  std::set<int> my_years;
  bool have_header = false;
  bool has_year_column = false;
  std::size_t expected = 0;
  std::size_t line_no = 0;

  for (std::string_view line : detail::split_lines(text)) {
    ++line_no;
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // UTF-8 BOM
    if (line.empty() || line.front() == '#') continue;
    if (const std::size_t bad = first_invalid_utf8(line); bad != std::string_view::npos)
      fail(line_no, "column " + std::to_string(bad + 1) +
                        ": not valid UTF-8; penaltyflow reads UTF-8 only: convert the file first (GBK: iconv -f GBK "
                        "-t UTF-8) / 文件不是有效的 UTF-8 编码");
    const auto fields = detail::split(line, ',');
    if (!have_header) {
      has_year_column = line == "year,date,kind,name,notice";
      expected = fields.size();
      if (!has_year_column && line != "date,kind,name" && line != "date,kind,name,notice") {
        fail(line_no, "expected the header \"year,date,kind,name,notice\" or \"date,kind,name[,notice]\", got \"" +
                          std::string(line) + "\"");
      }
      have_header = true;
      continue;
    }
    if (fields.size() != expected) {
      fail(line_no, "expected " + std::to_string(expected) + " comma-separated fields, found " +
                        std::to_string(fields.size()) + " (names may not contain an ASCII comma)");
    }
    std::size_t f = 0;
    int year = 0;
    if (has_year_column) {
      if (!detail::parse_int(fields[f], year) || year < 1900 || year > 9999)
        fail(line_no, "field year: \"" + std::string(fields[f]) + "\" is not a year");
      ++f;
    }
    calendar_entry e;
    try {
      e.day = parse_date(fields[f], "field date");
    } catch (const invalid_argument_error& ex) {
      fail(line_no, ex.message());
    }
    ++f;
    const auto kind = fields[f++];
    if (kind == "holiday") e.kind = day_kind::holiday;
    else if (kind == "workday") e.kind = day_kind::adjusted_workday;
    else if (kind == "ordinary") e.kind = day_kind::ordinary;
    else fail(line_no, "field kind: \"" + std::string(kind) + "\" is not one of holiday, workday, ordinary");
    e.name = std::string(fields[f++]);
    if (f < fields.size()) e.notice = std::string(fields[f++]);

    const int date_year = e.day.year();
    if (!has_year_column) {
      // Without a year column, December days of a New Year (元旦) block belong to the next year's notice.
      const bool new_year_block = e.name.find("元旦") != std::string::npos || e.name.find("New Year") != std::string::npos;
      year = (e.day.month() == 12 && new_year_block) ? date_year + 1 : date_year;
    } else if (year != date_year && year != date_year + 1) {
      fail(line_no, "field year: arrangement year " + std::to_string(year) + " cannot hold the date " + to_iso(e.day));
    }
    if (e.kind == day_kind::adjusted_workday && !is_weekend(e.day)) {
      fail(line_no, to_iso(e.day) + " is a " + std::string(e.day.day_of_week().as_long_string()) +
                        ": an adjusted workday (调休上班) must be a Saturday or Sunday");
    }
    e.arrangement_year = year;
    e.source = source + ":" + std::to_string(line_no);
    if (auto it = mine.find(e.day); it != mine.end()) {
      fail(line_no, "date " + to_iso(e.day) + " already given at " + it->second.source);
    }
    my_years.insert(year);
    mine.emplace(e.day, std::move(e));
  }
  if (!have_header) fail(0, "empty calendar file: no header line");
  if (mine.empty()) fail(0, "calendar file has a header but no rows");

  for (auto& [d, e] : mine) next->rows[d] = std::move(e);  // later sources take precedence
  next->years.insert(my_years.begin(), my_years.end());
  next->finish();
  return calendar(std::move(next));
}

day_status calendar::status(date d) const {
  const auto& dd = *data_;
  if (!dd.dense.empty() && d >= dd.dense_first) {
    const auto off = static_cast<std::size_t>((d - dd.dense_first).days());
    if (off < dd.dense.size()) return dd.dense[off];
  }
  return dd.compute(d);
}

const calendar_entry* calendar::entry(date d) const {
  auto it = data_->rows.find(d);
  return it == data_->rows.end() ? nullptr : &it->second;
}

bool calendar::is_official_holiday(date d) const {
  const auto* e = entry(d);
  return e && e->kind == day_kind::holiday;
}

const std::set<int>& calendar::covered_years() const { return data_->years; }
date calendar::first_covered() const { return data_->first; }
date calendar::last_covered() const { return data_->last; }
const std::string& calendar::version() const { return data_->version; }
const std::string& calendar::digest() const { return data_->digest; }
const std::vector<std::string>& calendar::sources() const { return data_->sources; }

std::vector<calendar_entry> calendar::entries() const {
  std::vector<calendar_entry> out;
  out.reserve(data_->rows.size());
  for (const auto& [d, e] : data_->rows) out.push_back(e);
  return out;
}

std::string to_iso(date d) {
  if (d.is_special()) return "not-a-date";
  // By hand: snprintf was a tenth of an append's CPU time (the store writes several dates per event).
  // Boost's dates are years 1400-9999, so the year always has four digits, as "%04d" wrote it.
  const auto ymd = d.year_month_day();
  char buf[10] = {0, 0, 0, 0, '-', 0, 0, '-', 0, 0};
  detail::put_digits(buf, ymd.year, 4);
  detail::put_digits(buf + 5, ymd.month, 2);
  detail::put_digits(buf + 8, ymd.day, 2);
  return std::string(buf, sizeof buf);
}

bool supported(date d) noexcept {
  // Compared as day numbers: year() converts the day number to a calendar date, every call.
  static const date first(first_supported_year, 1, 1), last(last_supported_year, 12, 31);
  return !d.is_special() && first <= d && d <= last;
}

void check_supported(date d, std::string_view what) {
  if (d.is_special()) throw invalid_argument_error(std::string(what) + ": not a date");
  if (!supported(d))
    throw invalid_argument_error(std::string(what) + ": " + to_iso(d) +
                                 " is outside 1900-01-01..2199-12-31, the dates penaltyflow supports / 日期超出支持范围");
}

date parse_date(std::string_view text, std::string_view what) {
  auto bad = [&](const std::string& why) -> date {
    throw invalid_argument_error(std::string(what) + ": \"" + std::string(text) + "\" " + why);
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad("is not a date of the form YYYY-MM-DD");
  int y = 0, m = 0, d = 0;
  if (!detail::parse_int(text.substr(0, 4), y) || !detail::parse_int(text.substr(5, 2), m) ||
      !detail::parse_int(text.substr(8, 2), d))
    return bad("is not a date of the form YYYY-MM-DD");
  if (y < first_supported_year || y > last_supported_year)
    return bad("has a year outside 1900-2199, the dates penaltyflow supports");
  if (m < 1 || m > 12) return bad("has no month " + std::to_string(m));
  const int last = boost::gregorian::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(y),
                                                                          static_cast<unsigned short>(m));
  if (d < 1 || d > last)
    return bad("is not a day of the calendar (month " + std::to_string(m) + " of " + std::to_string(y) + " has " +
               std::to_string(last) + " days)");
  return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(d));
}

}  // namespace penaltyflow
