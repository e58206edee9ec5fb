"""Hostile input from Python: dates outside the supported range, amounts above the maximum, text that is not
UTF-8. Each is a penaltyflow exception (a ValueError), never an IndexError or a wrapped number."""

import datetime as dt
import json
import os
import pathlib

import pytest

import penaltyflow as pf

HISTORIES = pathlib.Path(os.environ.get("PENALTYFLOW_SOURCE_DIR", pathlib.Path(__file__).parents[2])) / "examples" / "histories"


def simple_history() -> dict:
    return json.loads((HISTORIES / "ordinary-simple.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("day", [dt.date(9999, 12, 1), dt.date(1, 1, 1), dt.date(1899, 12, 31)])
def test_a_date_outside_the_range_is_a_penaltyflow_value_error(day):
    with pytest.raises(pf.InvalidArgumentError, match="outside 1900-01-01..2199-12-31") as e:
        pf.due_date("decision", day)
    assert isinstance(e.value, ValueError) and not isinstance(e.value, IndexError)


def test_a_count_past_2199_is_a_penaltyflow_error():
    with pytest.raises(pf.InvalidArgumentError, match='period "decision" from 2199-11-01 walks past 2199-12-31'):
        pf.due_date("decision", dt.date(2199, 11, 1), provisional_ok=True)


def test_a_history_with_year_9999_names_the_field(tmp_path):
    h = simple_history()
    h["events"][0]["at"] = "9999-03-01T09:00"
    with pytest.raises(pf.HistoryFormatError, match=r"\$\.events\[0\]\.at: expected a local time"):
        pf.Workflow().replay(json.dumps(h, ensure_ascii=False), "y9999.json")


def test_a_fine_above_the_maximum_is_refused(tmp_path):
    h = simple_history()
    h["events"][5]["penalty"]["fine_fen"] = 2**63 - 1
    s = pf.Store(str(tmp_path / "s.db"), read_only=False)
    with pytest.raises(pf.HistoryFormatError, match=r"penalty\.fine_fen: expected an amount from 0 to 10\^15 fen"):
        s.import_history(json.dumps(h, ensure_ascii=False), dt.datetime(2024, 12, 1, 9, 0), "h.json")
    assert s.case_ids() == []
