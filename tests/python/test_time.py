"""The time engine from Python: the same worked examples as tests/deadline_test.cpp."""

import datetime as dt

import pytest

import penaltyflow as pf


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def test_five_working_days_from_the_day_before_national_day_2023():
    r = pf.due_date("statement", d("2023-09-28"))
    assert r.due == d("2023-10-11")
    assert not r.provisional
    assert r.citation == "程序规定 (2022) 第五十七条"
    assert r.calendar_version == pf.Calendar.national().version


def test_decision_with_suspension_and_extensions():
    r = pf.due_date(
        "decision",
        d("2024-01-15"),
        pauses=[(d("2024-02-01"), d("2024-02-10"), "suspension")],
        extensions=[30, (60, "collective")],
    )
    assert r.due == d("2024-07-23")
    assert (r.excluded_days, r.extended_by) == (10, 90)


def test_natural_day_limit_rolls_out_of_a_holiday_block():
    r = pf.due_date("payment", d("2023-09-20"))
    assert (r.nominal_due, r.due, r.rolled) == (d("2023-10-05"), d("2023-10-07"), True)
    assert pf.due_date("payment", d("2023-11-03"), roll="official-holidays").due == d("2023-11-18")


def test_hour_period():
    r = pf.due_time("emergency-measure-report", dt.datetime(2024, 3, 5, 10, 25))
    assert r.due_time == dt.datetime(2024, 3, 6, 11, 0)


def test_coverage_error_and_provisional_result():
    with pytest.raises(pf.CoverageError) as info:
        pf.due_date("decision", d("2026-10-15"))
    assert info.value.code == "calendar_coverage"
    assert "2027-01-13 is outside the calendar's coverage" in info.value.message
    assert isinstance(info.value, pf.Error)
    r = pf.due_date("decision", d("2026-10-15"), provisional_ok=True)
    assert r.provisional and r.first_assumed_day == d("2027-01-13")


def test_calendar_status_and_coverage():
    cal = pf.Calendar.national()
    assert cal.status(d("2023-10-07")) == "working"  # 调休 Saturday
    assert cal.status(d("2023-10-02")) == "rest"
    assert cal.status(d("2026-12-22")) == "unknown"
    assert cal.covered_years == list(range(2019, 2027))
    assert cal.last_covered == d("2026-12-21")
    assert pf.working_days_between(d("2023-09-28"), d("2023-10-11")) == 5


def test_extra_calendar_file(tmp_path):
    f = tmp_path / "2027.csv"
    f.write_text("year,date,kind,name,notice\n2027,2027-01-01,holiday,New Year's Day 元旦,fixture\n", encoding="utf-8")
    cal = pf.Calendar.load([str(f)])
    r = pf.due_date("decision", d("2026-10-15"), calendar=cal)
    assert r.due == d("2027-01-13") and not r.provisional
    assert r.calendar_version == cal.version != pf.Calendar.national().version


def test_malformed_calendar_names_file_and_line(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("date,kind,name\n2027-01-01,holiday,A\n2027-02-30,holiday,B\n", encoding="utf-8")
    with pytest.raises(pf.CalendarFormatError) as info:
        pf.Calendar.load([str(f)])
    assert (info.value.file, info.value.line) == (str(f), 3)
    assert "is not a day of the calendar" in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"pauses": [(d("2024-02-10"), d("2024-02-01"), "suspension")]}, "is inverted"),
        ({"pauses": [(d("2024-02-01"), d("2024-02-10"), "lunch")]}, "not a kind of excluded time"),
        ({"extensions": [31]}, "at most 30"),
        ({"extensions": [30, (30, "head")]}, "collective discussion"),
        ({"roll": "sideways"}, "roll must be"),
    ],
)
def test_refused_input_raises_invalid_argument(kwargs, message):
    with pytest.raises(pf.InvalidArgumentError, match=message):
        pf.due_date("decision", d("2024-01-15"), **kwargs)


def test_unknown_period():
    with pytest.raises(pf.UnknownPeriodError) as info:
        pf.period("decisoin")
    assert isinstance(info.value, LookupError)
    assert '"decisoin"' in str(info.value)


def test_periods_frame_lists_the_catalogue():
    frame = pf.periods_frame()
    assert len(frame) == len(pf.periods()) == 48  # 行政复议法 2017 and 2023 versions
    row = frame.loc["decision"]
    assert (row.amount, row.unit, row.confidence) == (90, "natural_days", "V")
    assert row.citation == "程序规定 (2022) 第六十四条; 处罚法 (2021) 第六十条"
    assert frame.loc["publication-policy", "configurable"]


def test_error_hierarchy_is_rooted_in_error():
    for cls in (pf.CoverageError, pf.InvalidArgumentError, pf.CalendarFormatError, pf.ConflictError, pf.IoError):
        assert issubclass(cls, pf.Error)
    assert issubclass(pf.ConflictError, pf.StoreError)


def test_period_follows_the_text_in_force_on_its_start_day():
    # 行政复议法 2017 until 2023-12-31 (10 days under 民事诉讼法's rules); the 2023 text from 2024-01-01 (10 working days)
    before = pf.period("reconsideration-answer", d("2023-12-31"))
    on = pf.period("reconsideration-answer", d("2024-01-01"))
    assert (before.unit, before.in_force_until) == ("natural_days", d("2023-12-31"))
    assert (on.unit, on.in_force_from, on.in_force_until) == ("working_days", d("2024-01-01"), None)
    assert pf.due_date("reconsideration-answer", d("2023-12-31")).due == d("2024-01-10")
    assert pf.due_date("reconsideration-answer", d("2024-01-01")).due == d("2024-01-15")
    with pytest.raises(pf.UnknownPeriodError):
        pf.period("reconsideration-answer-simplified", d("2023-12-31"))
