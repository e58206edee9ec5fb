"""Every error reaches Python as a penaltyflow exception, and datetimes mean China time (UTC+8)."""

import datetime as dt
import os
import pathlib
import re

import pytest

import penaltyflow as pf
from penaltyflow import _errors

SOURCE = pathlib.Path(os.environ.get("PENALTYFLOW_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
HISTORIES = SOURCE / "examples" / "histories"
CHINA = dt.timezone(dt.timedelta(hours=8))


def test_every_error_code_of_the_library_has_its_own_exception_class():
    header = (SOURCE / "include/penaltyflow/error.hpp").read_text(encoding="utf-8")
    enum = header[header.index("enum class error_code"):]
    codes = re.findall(r"^\s+([a-z_]+) = \d+,", enum[: enum.index("};")], re.MULTILINE)
    assert len(codes) >= 13
    for code in codes:
        cls = _errors.class_for_code(code)
        assert cls is not pf.Error and issubclass(cls, pf.Error), code
    # Each C++ exception class (error.hpp, store.hpp) derives from penaltyflow::error and so carries one of them.
    for name in ("error.hpp", "store.hpp"):
        text = (SOURCE / "include/penaltyflow" / name).read_text(encoding="utf-8")
        for cls in re.findall(r"^class (\w+_error) : public (\w+)", text, re.MULTILINE):
            assert cls[1] in {"error", "std::runtime_error"}, cls


def test_a_date_outside_the_library_range_is_an_invalid_argument_not_an_index_error():
    with pytest.raises(pf.InvalidArgumentError) as info:
        pf.due_date("decision", dt.date(1, 1, 1))
    assert not isinstance(info.value, IndexError)
    assert "0001" in info.value.message or "1-1-1" in info.value.message
    assert info.value.code == "invalid_argument"


def test_a_standard_exception_from_inside_the_library_is_a_penaltyflow_error():
    # The due date falls after 9999-12-31: Boost's out_of_range inside the computation.
    with pytest.raises(pf.Error) as info:
        pf.due_date("decision", dt.date(9999, 12, 20), provisional_ok=True)
    assert isinstance(info.value, pf.InvalidArgumentError)
    assert not isinstance(info.value, IndexError)
    with pytest.raises(pf.Error):
        pf.due_time("emergency-measure-report", dt.datetime(9999, 12, 31, 23, 0))


def test_an_aware_datetime_is_converted_to_china_time():
    naive = pf.due_time("emergency-measure-report", dt.datetime(2024, 3, 5, 10, 25)).due_time
    for aware in (
        dt.datetime(2024, 3, 5, 2, 25, tzinfo=dt.timezone.utc),  # 02:25 UTC is 10:25 in China
        dt.datetime(2024, 3, 4, 21, 25, tzinfo=dt.timezone(dt.timedelta(hours=-5))),  # the evening before in New York
        dt.datetime(2024, 3, 5, 10, 25, tzinfo=CHINA),
    ):
        assert pf.due_time("emergency-measure-report", aware).due_time == naive, aware


def test_recorded_at_given_in_utc_is_stored_as_china_time(tmp_path):
    text = (HISTORIES / "ordinary-simple.json").read_text(encoding="utf-8")
    s = pf.open_store(tmp_path / "tz.sqlite", read_only=False)
    s.import_history(text, dt.datetime(2024, 12, 31, 10, 0, tzinfo=dt.timezone.utc), source="ordinary-simple")
    assert s.history("SY-2024-001")[0]["recorded_at"] == dt.datetime(2024, 12, 31, 18, 0)
    # Another zone: 05:30 in India (UTC+5:30) is 08:00 in China.
    s2 = pf.open_store(tmp_path / "tz2.sqlite", read_only=False)
    s2.import_history(text, dt.datetime(2024, 12, 31, 5, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))))
    assert s2.history("SY-2024-001")[0]["recorded_at"] == dt.datetime(2024, 12, 31, 8, 0)
