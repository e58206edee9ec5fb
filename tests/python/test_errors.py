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


def test_every_cpp_exception_class_is_one_of_the_family_in_error_hpp():
    # Every exception class of the library, the CLI and the bindings is declared in error.hpp and derives from
    # penaltyflow::error (so it carries one of the codes above); the one exception is the CLI's usage_error, an
    # invalid_argument_error of its own.
    declared = {}
    for folder in ("include", "lib", "tools", "bindings"):
        for path in sorted((SOURCE / folder).rglob("*.[ch]pp")):
            text = path.read_text(encoding="utf-8")
            for name, base in re.findall(r"^\s*(?:class|struct) (\w+) (?:final )?: public ([\w:]+)", text, re.MULTILINE):
                if name.endswith("_error") or name == "error" or re.search(r"exception|_error$", base):
                    declared[name] = (path.relative_to(SOURCE).as_posix(), base)
    assert declared.pop("usage_error") == ("tools/penaltyflow/cli.hpp", "invalid_argument_error")
    assert declared.pop("error") == ("include/penaltyflow/error.hpp", "std::runtime_error")
    assert len(declared) >= 10, declared
    for name, (where, base) in declared.items():
        assert where == "include/penaltyflow/error.hpp", (name, where)
        assert base == "error", (name, base)


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


LIBRARY_WORDS = ("std::", "basic_string", "stoi", "json.exception", "type_error", "parse_error", "out_of_range")


def assert_printable(message: str) -> None:
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029\u202e" for c in message), message
    assert not any(w in message for w in LIBRARY_WORDS), message


@pytest.mark.parametrize("text", ['{\n  "case_id": "A\x01B"\n}', '{\n  "format": tru\n}', '{"x": 1e999}', "{", "\x1b[2J\x07"])
def test_malformed_json_is_a_format_error_in_penaltyflows_words(text, tmp_path):
    with pytest.raises(pf.HistoryFormatError) as info:
        pf.Workflow().replay(text, source="h.json")
    assert info.value.file == "h.json" and "malformed JSON" in info.value.message
    assert_printable(str(info.value))
    assert_printable(info.value.message)
    with pytest.raises(pf.Error) as info:
        pf.open_store(tmp_path / "s.sqlite", read_only=False).verify_checkpoint(text)
    assert_printable(info.value.message)


def test_control_characters_in_input_are_escaped_in_the_message():
    hostile = "A\x00B\x1b[2J\r\n\tC\x7f\x85\u2028\u202eZ"
    with pytest.raises(pf.UnknownPeriodError) as info:
        pf.period(hostile)
    assert '"A\\x00B\\x1B[2J\\r\\n\\tC\\x7F\\u0085\\u2028\\u202EZ"' in info.value.message
    assert_printable(str(info.value))
    with pytest.raises(pf.CalendarFormatError) as info:
        pf.Calendar.parse("2024-01-01,nonsense\n", source=hostile)
    assert info.value.file == hostile and info.value.line == 1  # the name as given; the message shows it escaped
    assert_printable(info.value.message)
