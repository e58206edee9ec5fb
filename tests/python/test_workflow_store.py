"""The workflow and the record store from Python, on the example histories of examples/histories."""

import datetime as dt
import json
import os
import pathlib

import pytest

import penaltyflow as pf

HISTORIES = pathlib.Path(os.environ.get("PENALTYFLOW_SOURCE_DIR", pathlib.Path(__file__).parents[2])) / "examples" / "histories"


def history_text(name: str) -> str:
    return (HISTORIES / f"{name}.json").read_text(encoding="utf-8")


def test_replay_simple_ordinary_case():
    r = pf.replay_file(HISTORIES / "ordinary-simple.json")
    assert (r.case_id, r.stage, r.accepted, r.refused) == ("SY-2024-001", "archived", 13, [])
    assert r.findings(dt.date(2024, 5, 6)) == []


def test_refusal_names_rule_and_citation():
    r = pf.replay_file(HISTORIES / "early-decision-refused.json")
    assert len(r.refused) == 1
    refusals = r.refused[0]["refusals"]
    notice = [x for x in refusals if x["rule_id"] == "R-NOTICE"]
    assert notice and notice[0]["citation"].startswith("程序规定 (2022) 第五十七条")
    assert notice[0]["message_zh"] and notice[0]["message_en"]
    assert "statement_due" in {f["name"] for f in notice[0]["facts"]}
    findings = r.findings(r_last_day(r))
    assert any(f["rule_id"] == "R-SERVICE-DEADLINE" for f in findings)


def r_last_day(r):
    # The day of the history's last event is a fair "as of" for its findings.
    events = json.loads(history_text("early-decision-refused"))["events"]
    return dt.date.fromisoformat(events[-1]["at"][:10])


def test_explain_lists_failing_gates_without_applying():
    text = history_text("ordinary-simple")
    events = json.loads(text)["events"]
    # The case up to its filing, then an investigative act by one officer alone: R-ACTOR-TWO-CERTIFIED.
    head = dict(json.loads(text), events=events[:2])
    act = dict(events[2], actors=events[2]["actors"][:1])
    refusals = pf.Workflow().explain(json.dumps(head, ensure_ascii=False), json.dumps(act, ensure_ascii=False))
    assert any(x["rule_id"] == "R-ACTOR-TWO-CERTIFIED" for x in refusals), refusals
    assert pf.Workflow().explain(json.dumps(head, ensure_ascii=False), json.dumps(events[2], ensure_ascii=False)) == []


def test_malformed_history_raises_history_format_error():
    with pytest.raises(pf.HistoryFormatError) as info:
        pf.Workflow().replay('{"format": "penaltyflow-case-history/1", "case": "X", "events": [{"type": "nope"}]}')
    assert isinstance(info.value, pf.Error)


def test_rules_frame_has_citations():
    frame = pf.rules_frame()
    assert "R-NOTICE" in frame.index
    assert (frame["citation"] != "").all()
    assert set(frame["confidence"]) <= {"V", "V-partial", "M"}


@pytest.fixture()
def store_path(tmp_path):
    path = tmp_path / "cases.sqlite"
    s = pf.open_store(path, read_only=False)
    for name in ("ordinary-simple", "summary-on-the-spot"):  # the two histories without refused events
        s.import_history(history_text(name), dt.datetime(2024, 12, 31, 18, 0), source=name)
    del s
    return path


def test_store_read_only_by_default(store_path):
    s = pf.open_store(store_path)
    assert len(s.case_ids()) == 2
    with pytest.raises(pf.StoreError):
        s.import_history(history_text("first-violation"), dt.datetime(2024, 12, 31, 18, 0))
    assert len(s.case_ids()) == 2


def test_store_projection_history_and_verify(store_path):
    s = pf.open_store(store_path)
    p = s.projection("SY-2024-001")
    assert p["stage"] == "archived" and p["procedure"] == "ordinary" and p["version"] == 13
    h = s.history("SY-2024-001")
    assert [e["case_seq"] for e in h] == list(range(1, 14))
    assert h[0]["event"]["type"] == "clue_received"
    assert all(e["prev_hash"] != e["hash"] for e in h)
    report = s.verify()
    assert report["ok"] and report["cases"] == 2 and report["problem"] is None
    cp = s.checkpoint()
    assert s.verify_checkpoint(cp["json"])["ok"]
    assert s.projection("nope") is None


def test_cases_frame(store_path):
    frame = pf.cases_frame(pf.open_store(store_path))
    assert list(frame.index) == sorted(frame.index)
    assert frame.loc["SY-2024-001", "stage"] == "archived"
    assert set(frame["procedure"]) == {"ordinary", "summary"}


def test_time_travel(store_path):
    s = pf.open_store(store_path)
    early = s.state("SY-2024-001", dt.date(2024, 3, 6))
    assert early["stage"] != "archived" and early["version"] < 13
    assert any(d["period_id"] == "decision" for d in early["deadlines"])


def test_history_carries_each_events_record(tmp_path):
    # A version-2 history whose filing has its own recording time and produced two documents (文书).
    h = json.loads(history_text("ordinary-simple"))
    h["format"] = "penaltyflow-case-history/2"
    filing = h["events"][1]
    filing["recorded_at"] = "2024-03-05T16:30"
    filing["documents"] = [
        {"kind": "立案审批表", "number": "市监立〔2024〕12号", "date": "2024-03-05", "signatories": ["A", "B"]},
        {"kind": "询问笔录", "number": "XW-2024-001", "date": "2024-03-05", "signatories": ["A", "B"],
         "pages": 3, "signed_pages": 3, "volume": "main"},
    ]
    path = tmp_path / "records.sqlite"
    s = pf.open_store(path, read_only=False, verify_threads=2, pipelined_batches=False)
    s.import_history(json.dumps(h, ensure_ascii=False), dt.datetime(2024, 12, 31, 18, 0))
    events = s.history("SY-2024-001")
    assert events[1]["recorded_at"] == dt.datetime(2024, 3, 5, 16, 30)
    assert events[0]["recorded_at"] == dt.datetime(2024, 12, 31, 18, 0)  # the import's time for the others
    docs = events[1]["documents"]
    assert [d["kind"] for d in docs] == ["立案审批表", "询问笔录"]
    assert docs[0]["date"] == dt.date(2024, 3, 5) and docs[0]["pages"] == 0 and docs[0]["volume"] is None
    assert docs[1]["pages"] == 3 and docs[1]["signed_pages"] == 3 and docs[1]["volume"] == "main"
    assert all(e["documents"] == [] for i, e in enumerate(events) if i != 1)
    assert s.verify()["ok"]


def test_replay_past_the_calendar_is_refused_unless_provisional_ok():
    # ordinary-simple.json moved 156 whole weeks (weekdays kept) into 2027, past the shipped calendar: every
    # judgment on such a date is refused (R-CALENDAR-PROVISIONAL) unless the caller accepts provisional dates.
    import re

    def shift(m):
        return (dt.date.fromisoformat(m.group(0)) + dt.timedelta(weeks=156)).isoformat()

    text = re.sub(r"\d{4}-\d{2}-\d{2}", shift, history_text("ordinary-simple"))
    strict = pf.Workflow().replay(text)
    rules = {x["rule_id"] for r in strict.refused for x in r["refusals"]}
    assert "R-CALENDAR-PROVISIONAL" in rules
    opted = pf.Workflow().replay(text, provisional_ok=True)
    assert not any(x["rule_id"] == "R-CALENDAR-PROVISIONAL" for r in opted.refused for x in r["refusals"])
    assert opted.accepted > strict.accepted
