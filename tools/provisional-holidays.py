#!/usr/bin/python3
"""Generates data/calendar/provisional-holidays.csv: the statutory holidays of 全国年节及纪念日放假办法 (as revised
by the 国务院关于修改《全国年节及纪念日放假办法》的决定 of 2024-11-10, in force 2025-01-01), 第二条, for 2025-2049, with the lunar dates and the 清明 solar term
taken from Debian's `lunar` utility (package lunar, /usr/bin/lunar).

  tools/provisional-holidays.py            writes the table (after the cross-check)
  tools/provisional-holidays.py --check    only checks that the shipped table is what this script writes

第二条: 元旦 1 day (1 January); 春节 4 days (农历除夕、正月初一至初三); 清明节 1 day (农历清明当日); 劳动节 2 days
(5月1日、2日); 端午节 1 day (农历端午当日, 五月初五); 中秋节 1 day (农历中秋当日, 八月十五); 国庆节 3 days (10月1日至3日).
The 补假 of 第六条 and the weekends are applied by the library (docs/calendar.md, "Past the coverage").

Cross-check: for 2019-2026 the same computation is compared with the State Council notices in
data/calendar/cn-national.csv. Every lunar or solar-term day this script computes must be a `holiday` row there for
its festival (Mid-Autumn may share a row with National Day), and for 2025-2026, under the revised 办法, every
statutory day must be. The script stops with an error naming the day when one is not.
"""
import csv
import datetime
import os
import re
import subprocess
import sys

FIRST_YEAR, LAST_YEAR = 2025, 2049  # the revised 办法 is in force from 2025-01-01; `lunar` reaches about 2049
CHECK_YEARS = range(2019, 2027)     # the years data/calendar/cn-national.csv covers
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NATIONAL = os.path.join(ROOT, "data", "calendar", "cn-national.csv")
OUTPUT = os.path.join(ROOT, "data", "calendar", "provisional-holidays.csv")
LUNAR = "/usr/bin/lunar"

FESTIVALS = {  # festival -> (name as in cn-national.csv, Chinese key to match there)
    "new_year": ("New Year's Day 元旦", "元旦"),
    "spring": ("Spring Festival 春节", "春节"),
    "qingming": ("Qingming Festival 清明节", "清明"),
    "labour": ("Labour Day 劳动节", "劳动"),
    "dragon_boat": ("Dragon Boat Festival 端午节", "端午"),
    "mid_autumn": ("Mid-Autumn Festival 中秋节", "中秋"),
    "national": ("National Day 国庆节", "国庆"),
}


def run_lunar(*args):
    out = subprocess.run([LUNAR, *map(str, args)], check=True, capture_output=True, text=True).stdout
    return out


def solar_of_lunar(year, month, day):
    """The Gregorian date of lunar year/month/day (not a leap month), from `lunar -i`."""
    m = re.search(r"^Solar : (\d+)\.(\d+)\.(\d+)\.", run_lunar("-i", year, month, day), re.M)
    if not m:
        sys.exit(f"lunar -i {year} {month} {day}: no 'Solar :' line")
    return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def is_jie(d):
    """Whether `lunar` flags `d` as the day a jie (节) solar term falls on."""
    return "falls on a jie" in run_lunar(d.year, d.month, d.day)


def qingming(year):
    """清明 is the April jie: the one day of April that `lunar` flags (it always falls on April 3-6)."""
    days = [datetime.date(year, 4, d) for d in range(1, 31) if is_jie(datetime.date(year, 4, d))]
    if len(days) != 1 or not 3 <= days[0].day <= 6:
        sys.exit(f"{year}: expected one April jie on April 3-6, lunar flags {days}")
    return days[0]


def statutory_days(year):
    """(date, festival) for every day 第二条 of the revised 办法 fixes in `year`."""
    one = datetime.timedelta(days=1)
    eve = solar_of_lunar(year, 1, 1) - one  # 除夕: the day before 正月初一 (腊月廿九 or 三十)
    rows = [(datetime.date(year, 1, 1), "new_year")]
    rows += [(eve + k * one, "spring") for k in range(4)]
    rows.append((qingming(year), "qingming"))
    rows += [(datetime.date(year, 5, 1), "labour"), (datetime.date(year, 5, 2), "labour")]
    rows.append((solar_of_lunar(year, 5, 5), "dragon_boat"))
    rows.append((solar_of_lunar(year, 8, 15), "mid_autumn"))
    rows += [(datetime.date(year, 10, d), "national") for d in (1, 2, 3)]
    return sorted(rows)


def cross_check():
    holidays = {}
    with open(NATIONAL, encoding="utf-8") as f:
        lines = [l for l in f if l.strip() and not l.startswith("#")]
    for row in csv.DictReader(lines):
        if row["kind"] == "holiday":
            holidays[datetime.date.fromisoformat(row["date"])] = row["name"]
    checked = 0
    for year in CHECK_YEARS:
        lunar_days = [(solar_of_lunar(year, 1, 1), "spring"), (qingming(year), "qingming"),
                      (solar_of_lunar(year, 5, 5), "dragon_boat"), (solar_of_lunar(year, 8, 15), "mid_autumn")]
        if year >= 2025:  # the revised 办法: 除夕 and the whole 4-day Spring Festival, every fixed day too
            lunar_days += [(d, fest) for d, fest in statutory_days(year)]
        for d, fest in lunar_days:
            keys = [FESTIVALS[fest][1]] + (["国庆"] if fest == "mid_autumn" else [])
            name = holidays.get(d)
            if name is None or not any(k in name for k in keys):
                sys.exit(f"cross-check failed: {d} ({FESTIVALS[fest][0]}, {year}) is not a holiday of that festival "
                         f"in {os.path.relpath(NATIONAL, ROOT)} (row: {name!r})")
            checked += 1
    return checked


def table():
    out = ["# penaltyflow provisional statutory holidays, generated by tools/provisional-holidays.py. Do not edit.",
           "# 全国年节及纪念日放假办法 (revised 2024-11-10, in force 2025-01-01) 第二条: every day of the holidays for",
           "# all citizens, 2025-2049. Lunar dates and the 清明 solar term from Debian's `lunar` 2.2; cross-checked",
           "# against the State Council notices 2019-2026 (data/calendar/cn-national.csv). Used only past the",
           "# calendar's coverage, with the 补假 of 第六条, and every result using it is marked provisional:",
           "# the 调休 only the State Council's notice sets cannot be predicted (docs/calendar.md).",
           "year,date,festival"]
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for d, fest in statutory_days(year):
            out.append(f"{year},{d.isoformat()},{FESTIVALS[fest][0]}")
    return "\n".join(out) + "\n"


def main():
    checked = cross_check()
    text = table()
    if "--check" in sys.argv[1:]:
        with open(OUTPUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{os.path.relpath(OUTPUT, ROOT)} is not what tools/provisional-holidays.py writes")
        print(f"ok: {checked} days cross-checked against the notices 2019-2026; the shipped table is current")
        return
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUTPUT, ROOT)}: {text.count(chr(10)) - 7} days, {FIRST_YEAR}-{LAST_YEAR}; "
          f"{checked} days cross-checked against the notices 2019-2026")


if __name__ == "__main__":
    main()
