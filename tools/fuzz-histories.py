#!/usr/bin/python3
"""Fuzzes the penaltyflow CLI with mutated case histories.

Each case takes one of examples/histories/*.json, mutates it (JSON-level: keys dropped, values of the wrong type,
dates at the edges, huge and negative amounts, odd text, events dropped, duplicated or swapped; gentler: only odd
text in free-text fields and ids, so that more histories import and round-trip; or byte-level: bytes flipped, the
text cut short, bytes that are not UTF-8) and runs it through

  replay FILE --json
  --db STORE import FILE --json           (a fresh store per case)
  --db STORE export CASE --out X           (when the import added events)
  --db COPY import X --json, export again  (the export must import whole and export to the same text)
  --db STORE verify --json                 (the store stays consistent whatever the import did)

and fails the case when a command dies by a signal, exits with a status outside {0, 1, 2}, prints a sanitizer
report, runs past the time limit, or when the export does not re-import to the same text or verify fails; and
when a message it prints holds a raw control character or a C++ or JSON library's own words (docs/errors.md).
Failing inputs are kept in the output folder. Bounded by default (200 cases) and reproducible from --seed.

    tools/fuzz-histories.py --cli build/bin/penaltyflow [--cases 200] [--seed 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import copy
import json
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile

SANITIZER_MARKS = ("AddressSanitizer", "UndefinedBehaviorSanitizer", "runtime error:", "LeakSanitizer")
# What the C++ and JSON libraries say of themselves: a message naming one leaked an exception (docs/errors.md).
LIBRARY_MARKS = ("std::", "basic_string", "stoi", "stol", "stoul", "json.exception", "type_error", "parse_error",
                 "out_of_range", "internal error", "terminate called")
ALLOWED_STATUS = {0, 1, 2}

EDGE_STRINGS = [
    "", " ", "9999-12-31", "0001-01-01", "1400-01-01", "2024-02-30", "2024-13-01", "2024-03-05T24:00",
    "2024-03-05T10:00:60", "9999-12-31T23:59", "1970-01-01T00:00", "not a date", "\u0000", "\n\r\t",
    "<script>alert(1)</script>", "|a|b|", "`code`", "'; DROP TABLE events; --", "é" * 300, "𝕏🙂", "\ufeff",
    "\ud7ff", "a" * 5000, "../../etc/passwd", "%s%n%x", "{}", "[]", "null",
]
EDGE_NUMBERS = [0, -1, 1, 2**31 - 1, 2**31, 2**53 + 1, 2**63 - 1, -(2**63), 2**64, 10**14, 10**14 + 1, 1.5, -0.0,
                1e308, 12345678901234567890]


def walk(node, path=()):
    """Every (path, value) in the document, containers included."""
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, path + (i,))


def parent_of(doc, path):
    node = doc
    for p in path[:-1]:
        node = node[p]
    return node


def random_value(rng: random.Random):
    kind = rng.randrange(7)
    if kind == 0:
        return rng.choice(EDGE_STRINGS)
    if kind == 1:
        return rng.choice(EDGE_NUMBERS)
    if kind == 2:
        return rng.choice([None, True, False])
    if kind == 3:
        return []
    if kind == 4:
        return {}
    if kind == 5:
        return [rng.choice(EDGE_STRINGS)]
    return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(1, 20)))


def mutate_json(doc, rng: random.Random):
    """One JSON-level mutation of `doc` (in place); returns a short description."""
    nodes = [(p, v) for p, v in walk(doc) if p]
    events = doc.get("events") if isinstance(doc, dict) else None
    choice = rng.randrange(8)
    if choice == 0 and nodes:  # replace a value
        path, _ = rng.choice(nodes)
        parent_of(doc, path)[path[-1]] = random_value(rng)
        return f"replace {path}"
    if choice == 1 and nodes:  # drop a key or an element
        path, _ = rng.choice(nodes)
        del parent_of(doc, path)[path[-1]]
        return f"drop {path}"
    if choice == 2:  # add an unknown or a known key somewhere
        objects = [(p, v) for p, v in walk(doc) if isinstance(v, dict)]
        path, obj = rng.choice(objects)
        key = rng.choice(["extra", "at", "type", "amount_fen", "fine_fen", "case", "recorded_at", "documents",
                          "actors", "outcome", "note", "violation_type"])
        obj[key] = random_value(rng)
        return f"add {path}.{key}"
    if choice == 3 and isinstance(events, list) and events:  # duplicate an event
        i = rng.randrange(len(events))
        events.insert(i, copy.deepcopy(events[i]))
        return f"duplicate event {i}"
    if choice == 4 and isinstance(events, list) and len(events) > 1:  # swap two events
        i, j = rng.sample(range(len(events)), 2)
        events[i], events[j] = events[j], events[i]
        return f"swap events {i} {j}"
    if choice == 5 and isinstance(events, list) and events:  # keep a prefix
        n = rng.randrange(len(events) + 1)
        del events[n:]
        return f"keep {n} events"
    if choice == 6:  # a date or time shifted to an edge
        dated = [(p, v) for p, v in walk(doc) if isinstance(v, str) and len(v) >= 10 and v[4:5] == "-"]
        if dated:
            path, v = rng.choice(dated)
            parent_of(doc, path)[path[-1]] = rng.choice(["9999", "0001", "1400", "2027", "1999"]) + v[4:]
            return f"date edge {path}"
    numbers = [(p, v) for p, v in walk(doc) if isinstance(v, (int, float)) and not isinstance(v, bool) and p]
    if numbers:  # a number to an edge
        path, _ = rng.choice(numbers)
        parent_of(doc, path)[path[-1]] = rng.choice(EDGE_NUMBERS)
        return f"number edge {path}"
    return "unchanged"


TEXT_KEYS = {"title", "note", "name", "case", "violation_type", "number", "kind", "reason", "id"}


def mutate_text(doc, rng: random.Random):
    """A gentle mutation that keeps the history valid more often: a free-text field gets odd text."""
    texts = [(p, v) for p, v in walk(doc) if isinstance(v, str) and p and p[-1] in TEXT_KEYS]
    if not texts:
        return "unchanged"
    path, _ = rng.choice(texts)
    parent_of(doc, path)[path[-1]] = rng.choice([rng.choice(EDGE_STRINGS), random_value(rng)])
    if not isinstance(parent_of(doc, path)[path[-1]], str):
        parent_of(doc, path)[path[-1]] = "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(8))
    return f"text {path}"


def mutate_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One byte-level mutation: flip bytes, cut the text, or insert bytes that are not UTF-8."""
    b = bytearray(data)
    choice = rng.randrange(3)
    if choice == 0 and b:
        for _ in range(rng.randrange(1, 4)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b), "flip bytes"
    if choice == 1 and b:
        return bytes(b[: rng.randrange(len(b))]), "cut"
    at = rng.randrange(len(b) + 1)
    return bytes(b[:at]) + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xb6\xd4"]) + bytes(b[at:]), "not UTF-8"


class failure(Exception):
    pass


def run(cli: str, args: list[str], timeout: float) -> subprocess.CompletedProcess:
    try:
        r = subprocess.run([cli, *args], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise failure(f"{' '.join(args)}: no answer within {timeout:.0f} s")
    err = r.stderr.decode("utf-8", "replace")
    if r.returncode < 0:
        raise failure(f"{' '.join(args)}: killed by signal {-r.returncode}\n{err[-2000:]}")
    if r.returncode not in ALLOWED_STATUS:
        raise failure(f"{' '.join(args)}: exit status {r.returncode}\n{err[-2000:]}")
    if any(m in err for m in SANITIZER_MARKS):
        raise failure(f"{' '.join(args)}: sanitizer report\n{err[-4000:]}")
    check_messages(args, err)
    return r


def check_messages(args: list[str], err: str) -> None:
    """Each line of stderr is one printable message: no control character, no library's own words."""
    for line in err.split("\n"):
        if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in line):
            raise failure(f"{' '.join(args)}: a message holds a raw control character: {line[:2000]!r}")
        if any(m in line for m in LIBRARY_MARKS):
            raise failure(f"{' '.join(args)}: a message names a library's internals: {line[:2000]!r}")


def check_case(cli: str, history: pathlib.Path, work: pathlib.Path, timeout: float) -> str:
    """Runs one mutated history through the commands; returns what happened, raises failure."""
    run(cli, ["replay", str(history), "--json"], timeout)
    store = work / "store.sqlite"
    imported = run(cli, ["--db", str(store), "import", str(history), "--recorded-at", "2024-12-31T18:00", "--json"],
                   timeout)
    outcome = f"import {imported.returncode}"
    try:
        for entry in json.loads(imported.stdout or b"[]"):
            check_messages(["import"], entry.get("error", ""))
    except json.JSONDecodeError:
        raise failure(f"import --json printed what is not JSON: {imported.stdout[:2000]!r}")
    result = json.loads(imported.stdout)[0] if imported.returncode == 0 else {}
    if result.get("events_added", 0) > 0:  # a history of no events imports and adds no case
        case_id = result["case_id"]
        first = work / "export-1.json"
        exported = run(cli, ["--db", str(store), "export", case_id, "--out", str(first)], timeout)
        if exported.returncode != 0:
            raise failure(f"export of the imported case {case_id!r} failed: {exported.stderr.decode('utf-8', 'replace')}")
        copy_store, second = work / "copy.sqlite", work / "export-2.json"
        again = run(cli, ["--db", str(copy_store), "import", str(first), "--recorded-at", "2025-01-01T00:00", "--json"],
                    timeout)
        if again.returncode != 0:
            raise failure(f"the export of {case_id!r} does not re-import: {again.stderr.decode('utf-8', 'replace')}")
        run(cli, ["--db", str(copy_store), "export", case_id, "--out", str(second)], timeout)
        if first.read_bytes() != second.read_bytes():
            raise failure(f"the export of {case_id!r} re-imported exports differently")
        outcome += ", export round trip"
    if store.exists():
        verified = run(cli, ["--db", str(store), "verify", "--json"], timeout)
        if verified.returncode != 0:
            raise failure(f"verify failed after the import: {verified.stdout.decode('utf-8', 'replace')}")
    return outcome


def main() -> int:
    root = pathlib.Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", default=str(root / "build/bin/penaltyflow"), help="the penaltyflow executable")
    ap.add_argument("--cases", type=int, default=200, help="how many mutated histories (default 200)")
    ap.add_argument("--seed", type=int, default=1, help="the random seed (default 1): the same seed, the same cases")
    ap.add_argument("--examples", default=str(root / "examples/histories"), help="folder of *.json histories")
    ap.add_argument("--keep", help="folder for the failing inputs (default: a temporary folder, kept on failure)")
    ap.add_argument("--timeout", type=float, default=60, help="seconds a command may take (default 60)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every case")
    args = ap.parse_args()

    seeds = sorted(pathlib.Path(args.examples).glob("*.json"))
    if not seeds:
        print(f"fuzz-histories: no *.json in {args.examples}", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    base = pathlib.Path(tempfile.mkdtemp(prefix="pf-fuzz-"))
    keep = pathlib.Path(args.keep) if args.keep else base / "failures"
    failures = 0
    try:
        for i in range(args.cases):
            source = rng.choice(seeds)
            text = source.read_bytes()
            steps = []
            if rng.random() < 0.8:
                doc = json.loads(text)
                gentle = rng.random() < 0.4
                for _ in range(rng.randrange(1, 4)):
                    steps.append(mutate_text(doc, rng) if gentle else mutate_json(doc, rng))
                text = json.dumps(doc, ensure_ascii=rng.random() < 0.3, indent=rng.choice([None, 2])).encode()
            if rng.random() < 0.25:
                text, what = mutate_bytes(text, rng)
                steps.append(what)
            work = base / f"case-{i}"
            work.mkdir()
            history = work / "history.json"
            history.write_bytes(text)
            label = f"case {i} ({source.name}: {'; '.join(steps)})"
            try:
                outcome = check_case(args.cli, history, work, args.timeout)
                if args.verbose:
                    print(f"{label}: {outcome}")
                shutil.rmtree(work)
            except failure as e:
                failures += 1
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(history, keep / f"case-{i}.json")
                print(f"FAIL {label}: {e}\n  input kept as {keep / f'case-{i}.json'}", file=sys.stderr)
    finally:
        if failures == 0:
            shutil.rmtree(base, ignore_errors=True)
    print(f"fuzz-histories: {args.cases} cases (seed {args.seed}), {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
