#!/usr/bin/python3
"""An analyst's year: build the sample year, print the annual figures, evaluate the case files, and save a chart
of the decision days against the 90-day limit (程序规定 第六十四条). Checks its own results.

Run with Debian's /usr/bin/python3 (it has python3-pandas and python3-matplotlib) and PYTHONPATH=build/python:

    PYTHONPATH=build/python /usr/bin/python3 examples/annual_report.py [OUTPUT_DIR]

Writes OUTPUT_DIR/sample-2023.sqlite, sample-2023-report.md and decision-days-2023.png (default: build/analyst).
"""

import datetime
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402

import penaltyflow as pf  # noqa: E402

YEAR = (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
LIMIT = 90  # days, 程序规定 第六十四条


def main(out: pathlib.Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    db = out / "sample-2023.sqlite"
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(str(db) + suffix).unlink(missing_ok=True)
    manifest = pf.generate_sample_year(str(db), seed=1, year=2023)
    store = pf.open_store(db)

    stats = store.statistics(*YEAR)
    print(f"{stats['cases_concluded']} cases concluded in 2023 (办结案件)")
    print(f"  discretion benchmarks applied (适用裁量基准): {stats['discretion_applied']}")
    print(f"  legal reviews (法制审核): {stats['legal_reviews']}; collective discussions (集体讨论): "
          f"{stats['collective_discussions']}")
    lawsuits = stats["head_appearance_of_lawsuits"]
    heard = stats["head_appearance_of_hearings"]
    print(f"  lawsuits (应诉案件): {stats['lawsuits']}; a head in court in {lawsuits['numerator']} of "
          f"{lawsuits['denominator']} ({lawsuits['value']:.1%}); of lawsuits heard: {heard['numerator']} of "
          f"{heard['denominator']}")
    for d in stats["deadlines"]:
        if d["late"]:
            print(f"  late: {d['period_id']} {d['late']} of {d['discharged']}")

    evaluation = store.evaluate_all(*YEAR, sample=198, seed=7)  # a one-month 评查 of 198 files
    problems = pf.problems_frame(evaluation)
    print(f"\n案卷评查: {evaluation['cases']} files sampled, {evaluation['cases_with_findings']} with findings, "
          f"{len(problems)} problem types")
    print(problems.to_string())

    cases = pf.cases_frame(store, *YEAR)
    days = cases["decision_days"].dropna()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.hist(days, bins=range(0, max(int(days.max()), LIMIT) + 10, 5), color="#4472c4")
    ax.axvline(LIMIT, color="#c00000", linestyle="--", label="90-day limit (SAMR procedure rules, art. 64)")  # the default font has no CJK glyphs
    ax.set_xlabel("days from filing to decision, net of excluded time")
    ax.set_ylabel("cases")
    ax.set_title(f"Decision days, {len(days)} ordinary-procedure decisions concluded in 2023")
    ax.legend()
    chart = out / "decision-days-2023.png"
    fig.tight_layout()
    fig.savefig(chart, dpi=100)
    (out / "sample-2023-report.md").write_text(store.report(*YEAR, format="markdown"), encoding="utf-8")
    print(f"\nchart: {chart}")

    # The example checks itself: the statistics reproduce the generator's counts, the sample is reproducible,
    # every sampled finding was planted, and the chart shows every decision.
    expected = manifest["expected"]
    assert stats["cases_concluded"] == expected["cases_concluded"] == 1000
    assert (lawsuits["numerator"], lawsuits["denominator"]) == (expected["head_appearances"], expected["lawsuits"])
    assert evaluation["case_ids"] == pf.sample_cases(cases.index.tolist(), 198, 7)
    planted = {(f["case_id"], f["check"]) for f in manifest["expected_findings"]}
    assert all((f["case_id"], f["check"]) in planted for f in evaluation["findings"])
    assert len(days) == stats["decision_days"]["count"] and (days > LIMIT).sum() == stats["decision_days"]["over_limit"]
    assert chart.stat().st_size > 10_000
    return 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build/analyst")))
