"""Oversight from Python: the sample year, case DataFrames, the case-file evaluation, the annual statistics,
discretion benchmarks, sampling, and the README's Python example (run as written)."""

import datetime
import os
import pathlib
import re

import pandas as pd
import pytest

import penaltyflow as pf

SOURCE = pathlib.Path(os.environ.get("PENALTYFLOW_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
Y2023 = (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample-2023.sqlite"
    manifest = pf.generate_sample_year(str(path), seed=1)
    return path, manifest


def test_the_manifest_describes_the_seed_reports_year(year):
    _, m = year
    assert m["format"] == "penaltyflow-sample-year/1"
    e = m["expected"]
    assert e["cases_concluded"] == 1000
    assert e["discretion_applied"] == 360
    assert e["legal_reviews"] == 23 and e["collective_discussions"] == 23
    assert e["lawsuits"] == 16 and e["head_appearances"] == 13
    assert len(m["expected_findings"]) == 78


def test_cases_frame_has_typed_columns(year):
    path, m = year
    frame = pf.cases_frame(pf.open_store(path), *Y2023)
    assert len(frame) == 1000
    assert frame.index.name == "case_id" and frame.index.is_monotonic_increasing
    assert isinstance(frame["procedure"].dtype, pd.CategoricalDtype)
    assert frame["procedure"].value_counts().to_dict() == m["expected"]["by_procedure"]
    assert pd.api.types.is_datetime64_any_dtype(frame["concluded"])
    assert frame["concluded"].min() >= pd.Timestamp("2023-01-01")
    assert frame["concluded"].max() <= pd.Timestamp("2023-12-31")
    assert frame["fine_fen"].sum() == m["expected"]["fines_fen"]
    # Summary cases have no 立案 date: NaT, not a made-up day.
    summary = frame[frame["procedure"] == "summary"]
    assert summary["filed"].isna().all() and len(summary) == m["expected"]["by_procedure"]["summary"]
    # Without a period: every case of the store.
    assert len(pf.cases_frame(pf.open_store(path))) == 1000


def test_evaluation_finds_exactly_the_planted_defects(year):
    path, m = year
    store = pf.open_store(path)
    report = store.evaluate_all()
    assert report["cases"] == 1000
    found = {(f["case_id"], f["check"], f["rule_id"], f["case_seq"], f["document"]) for f in report["findings"]}
    planted = {(f["case_id"], f["check"], f["rule_id"], f["case_seq"], f["document"]) for f in m["expected_findings"]}
    assert found == planted
    problems = pf.problems_frame(report)
    assert problems.loc["approval-signature", "cases"] == 20
    # the rules in the order the cases first show them (case order, not a ranking)
    assert sorted(problems.loc["deadline", "rule_id"].split(", ")) == ["R-CLOSE", "R-SERVICE-DEADLINE"]
    frame = pf.findings_frame(report)
    assert set(frame["severity"]) == {"irregular", "unlawful"}
    one = frame.iloc[0]
    assert store.evaluate(one["case_id"])[0]["check"] == one["check"]


def test_a_seeded_sample_is_reproducible(year):
    path, _ = year
    store = pf.open_store(path)
    a = store.evaluate_all(*Y2023, sample=198, seed=7)
    b = store.evaluate_all(*Y2023, sample=198, seed=7)
    assert a["cases"] == 198 and a["case_ids"] == b["case_ids"]
    assert a["case_ids"] == pf.sample_cases(store.case_ids(), 198, 7)
    assert store.evaluate_all(sample=198, seed=8)["case_ids"] != a["case_ids"]


def test_statistics_reproduce_the_generators_counts(year):
    path, m = year
    st = pf.open_store(path).statistics(*Y2023)
    e = m["expected"]
    for key in ["cases_concluded", "by_outcome", "by_procedure", "by_clue_source", "discretion_applied",
                "by_discretion", "legal_reviews", "case_reviews", "collective_discussions", "hearings_requested",
                "hearings_held", "transfers_administrative", "transfers_judicial", "transfers_to_police",
                "reconsiderations", "fines_fen", "lawsuits"]:
        assert st[key] == e[key], key
    rate = st["head_appearance_of_lawsuits"]
    assert (rate["numerator"], rate["denominator"]) == (13, 16)  # stated with its denominator
    assert rate["value"] == pytest.approx(13 / 16)
    assert st["decision_days"]["count"] == len(st["decision_days_values"])


def test_benchmarks_and_the_markdown_report(year):
    path, _ = year
    store = pf.open_store(path)
    bench = pf.DiscretionBenchmarks.load(str(SOURCE / "data/discretion/national.json"))
    assert bench.confidence == "M" and "food-label" in bench.violation_types
    assert store.statistics(*Y2023, benchmarks=bench)["discretion_flags"] == []
    # A tighter disparity factor flags decisions far from their peers' median.
    tight = store.statistics(*Y2023, benchmarks=bench, disparity_factor=1.05, disparity_min_group=3)
    assert tight["discretion_flags"] and {f["kind"] for f in tight["discretion_flags"]} == {"disparity"}
    md = store.report(*Y2023, format="markdown")
    assert md.startswith("# Administrative penalties 2023-01-01 to 2023-12-31")
    assert "<- 90-day limit (程序规定 第六十四条)" in md
    with pytest.raises(pf.InvalidArgumentError):
        store.report(*Y2023, format="pdf")


def test_errors_map_to_the_hierarchy(tmp_path, year):
    path, _ = year
    bad = tmp_path / "bench.json"
    bad.write_text('{"format": "penaltyflow-discretion/1", "profile": "p", "violation_types": [{"id": 1}]}')
    with pytest.raises(pf.BenchmarkFormatError, match=r"\$\.violation_types\[0\]\.id"):
        pf.DiscretionBenchmarks.load(str(bad))
    with pytest.raises(pf.InvalidArgumentError, match="unknown check 'colour'"):
        pf.open_store(path).evaluate_all(disabled=["colour"])
    with pytest.raises(pf.InvalidArgumentError):
        pf.open_store(path).evaluate_all(concluded_from=datetime.date(2023, 1, 1))
    with pytest.raises(pf.Error):
        pf.generate_sample_year(str(path))  # not an empty store


def test_the_readme_python_example_runs_as_written(tmp_path, monkeypatch):
    readme = (SOURCE / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks, "README.md has no Python example"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "build").mkdir()  # the example runs from the repository root, where the build folder exists
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})  # the example asserts its own results
