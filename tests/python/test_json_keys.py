"""One JSON mapping per model type (docs/json.md): the CLI's --json and the Python module's dicts have the same
keys, and the same values once Python's dates are written as the JSON writes them."""

import datetime as dt
import json
import os
import pathlib
import re
import subprocess

import pytest

import penaltyflow as pf

SOURCE = pathlib.Path(os.environ.get("PENALTYFLOW_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
HISTORIES = SOURCE / "examples" / "histories"
CLI = pathlib.Path(os.environ.get("PENALTYFLOW_BIN_DIR", SOURCE / "build" / "bin")) / "penaltyflow"


def cli(*args, ok=True):
    r = subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True, check=False)
    if ok:
        assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def plain(v):
    """A Python value as the JSON text has it: dates and times as ISO strings."""
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def same(cli_object, py_object):
    assert isinstance(py_object, dict) and isinstance(cli_object, dict)
    assert sorted(py_object) == sorted(cli_object)
    assert plain(py_object) == cli_object


def shifted(text, weeks=156):
    """A history moved whole weeks (weekdays kept) past the shipped calendar's coverage."""
    return re.sub(r"\d{4}-\d{2}-\d{2}",
                  lambda m: (dt.date.fromisoformat(m.group(0)) + dt.timedelta(weeks=weeks)).isoformat(), text)


def test_cli_is_built():
    assert CLI.exists(), CLI


def test_replay_refused_events_refusals_findings_deadlines_execution():
    path = HISTORIES / "early-decision-refused.json"
    c = cli("replay", path, "--json")
    r = pf.replay_file(path)
    as_of = dt.date.fromisoformat(c["as_of"])
    assert c["case_id"] == r.case_id
    assert len(c["refused"]) == len(r.refused) == 1
    same(c["refused"][0], r.refused[0])                       # refused event, with its refusals
    same(c["refused"][0]["refusals"][0], r.refused[0]["refusals"][0])  # refusal
    assert c["findings"] and len(c["findings"]) == len(r.findings(as_of))
    for a, b in zip(c["findings"], r.findings(as_of)):
        same(a, b)                                            # finding
    assert c["deadlines"]
    for a, b in zip(c["deadlines"], r.deadlines(as_of)):
        same(a, b)                                            # open deadline
    assert c["execution"] and c["execution"] == plain(r.execution)  # execution items (money)
    assert c["executed"] == plain(r.executed)


def test_execution_goods_item():
    path = HISTORIES / "confiscation.json"
    c = cli("replay", path, "--json")
    items = pf.replay_file(path).execution
    goods = [x for x in items if x["item"] == "illegal_property"]
    assert goods and sorted(goods[0]) == ["item", "taken", "value_fen"]
    assert c["execution"] == plain(items)


def test_provisional_acceptance(tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(shifted((HISTORIES / "ordinary-simple.json").read_text(encoding="utf-8")), encoding="utf-8")
    c = cli("replay", path, "--json", "--provisional-ok")
    r = pf.replay_file(path, provisional_ok=True)
    assert c["provisional_acceptances"]
    assert len(c["provisional_acceptances"]) == len(r.provisional_acceptances)
    for a, b in zip(c["provisional_acceptances"], r.provisional_acceptances):
        same(a, b)


def test_explain_gives_refusals():
    text = (HISTORIES / "ordinary-simple.json").read_text(encoding="utf-8")
    events = json.loads(text)["events"]
    head = dict(json.loads(text), events=events[:2])
    act = dict(events[2], actors=events[2]["actors"][:1])
    refusals = pf.Workflow().explain(json.dumps(head, ensure_ascii=False), json.dumps(act, ensure_ascii=False))
    c = cli("replay", HISTORIES / "early-decision-refused.json", "--json")
    assert refusals and all(sorted(x) == sorted(c["refused"][0]["refusals"][0]) for x in refusals)
    # Facts are a list of {name, value}: a fact may be named twice.
    assert all(sorted(f) == ["name", "value"] for x in refusals for f in x["facts"])


def test_rules():
    c = cli("rules", "--json")["rules"]
    py = pf.Workflow().rules()
    assert [x["id"] for x in c] == [x["id"] for x in py]
    for a, b in zip(c, py):
        same(a, b)


@pytest.fixture()
def db(tmp_path):
    """A store holding ordinary-simple and summary-on-the-spot (no refused events), imported through the CLI."""
    path = tmp_path / "keys.sqlite"
    out = cli("--db", path, "import", HISTORIES / "ordinary-simple.json", HISTORIES / "summary-on-the-spot.json",
              "--recorded-at", "2024-12-31T18:00", "--json")
    py = pf.open_store(tmp_path / "py.sqlite", read_only=False).import_history(
        (HISTORIES / "ordinary-simple.json").read_text(encoding="utf-8"), dt.datetime(2024, 12, 31, 18, 0))
    entry = dict(out[0])
    assert entry.pop("file").endswith("ordinary-simple.json") and entry.pop("ok") is True
    same(entry, py)                                           # import report
    return path


def test_show_is_the_state_with_the_stored_events(db):
    c = cli("--db", db, "show", "SY-2024-001", "--as-of", "2024-04-18", "--json")
    s = pf.open_store(db)
    events = c.pop("events")
    same(c, s.state("SY-2024-001", dt.date(2024, 4, 18)))   # case state (deadlines, findings, execution)
    assert c["execution"] and c["deadlines"]
    history = s.history("SY-2024-001")
    assert [e["case_seq"] for e in events] == list(range(1, len(events) + 1))
    for shown, stored in zip(events, history):
        assert shown.pop("provisional") is False and shown.pop("provisional_from") is None
        same(shown, stored)                                   # stored event (with its documents)


def test_due(tmp_path):
    # The ordinary case up to the service of its decision: payment and publication are open, the fine unpaid.
    h = json.loads((HISTORIES / "ordinary-simple.json").read_text(encoding="utf-8"))
    h["events"] = h["events"][:9]
    path = tmp_path / "served.json"
    path.write_text(json.dumps(h, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "due.sqlite"
    cli("--db", db, "import", path, "--recorded-at", "2024-04-17T18:00", "--json")
    c = cli("--db", db, "due", "--from", "2024-01-01", "--to", "2024-12-31", "--json")
    py = pf.open_store(db).due(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert c and len(c) == len(py)
    assert c[0]["execution"] == [{"item": "fine", "due_fen": 500000, "paid_fen": 0, "outstanding_fen": 500000}]
    for a, b in zip(c, py):
        same(a, b)                                            # due item, with the case's execution


def test_verify(db):
    same(cli("--db", db, "verify", "--json"), pf.open_store(db).verify())


def test_append_and_its_provisional_mark(tmp_path):
    # The shifted ordinary case's first seven events, then its decision (past the coverage) appended by both.
    events = json.loads(shifted((HISTORIES / "ordinary-simple.json").read_text(encoding="utf-8")))["events"]
    decision = next(i for i, e in enumerate(events) if e["type"] == "decision")
    stores = {}
    for name in ("cli", "py"):
        path = tmp_path / f"{name}.sqlite"
        s = pf.open_store(path, read_only=False)
        for i, e in enumerate(events[:decision]):
            r = s.append("C1", i, json.dumps(e, ensure_ascii=False), dt.datetime(2027, 12, 1, 9, 0),
                         provisional_ok=True)
            assert r["accepted"], r
        stores[name] = (path, s)
    event_file = tmp_path / "decision.json"
    event_file.write_text(json.dumps(events[decision], ensure_ascii=False), encoding="utf-8")
    # Without the opt-in the decision is refused (R-CALENDAR-PROVISIONAL), returned, not raised.
    refused = stores["py"][1].append("C1", decision, event_file.read_text(encoding="utf-8"),
                                     dt.datetime(2027, 12, 1, 9, 0))
    assert not refused["accepted"] and refused["seq"] is None
    assert "R-CALENDAR-PROVISIONAL" in {x["rule_id"] for x in refused["refusals"]}
    c_refused = cli("--db", stores["cli"][0], "append", "C1", "--expected", decision, "--event", event_file,
                    "--recorded-at", "2027-12-01T09:00", "--json", ok=False)
    assert sorted(c_refused) == sorted(refused)
    # With it, accepted and marked.
    py = stores["py"][1].append("C1", decision, event_file.read_text(encoding="utf-8"),
                                dt.datetime(2027, 12, 1, 9, 0), provisional_ok=True)
    assert py["accepted"] and py["provisional"] and isinstance(py["provisional_from"], dt.date)
    del stores["cli"]
    c = cli("--db", tmp_path / "cli.sqlite", "append", "C1", "--expected", decision, "--event", event_file,
            "--recorded-at", "2027-12-01T09:00", "--json", "--provisional-ok")
    same(c, py)  # the same events recorded at the same times: the same chain, the same hash


def test_evaluation(db):
    c = cli("--db", db, "evaluate", "--json")
    py = pf.open_store(db).evaluate_all()
    same(c, py)                                               # evaluation report
    assert c["findings"], "the example files lack documents: the evaluation reports them"
    for case_id in c["case_ids"]:
        for a, b in zip([f for f in c["findings"] if f["case_id"] == case_id], pf.open_store(db).evaluate(case_id)):
            same(a, b)                                        # evaluation finding
