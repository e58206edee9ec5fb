#!/usr/bin/python3
"""Times penaltyflow.cases_frame on a large store against what an analyst would otherwise write — pandas reading
the same cases table through Python's sqlite3 — alternating A B A B in one process (docs/performance.md).

    PYTHONPATH=build/python /usr/bin/python3 bench/oversight_frame.py FILE [PAIRS]
"""

import sqlite3
import statistics
import sys
import time

import pandas as pd

import penaltyflow as pf


def main(path: str, pairs: int) -> int:
    store = pf.open_store(path)
    ratios, ours, theirs = [], [], []
    for _ in range(pairs):
        t0 = time.perf_counter()
        frame = pf.cases_frame(store)
        a = time.perf_counter() - t0
        t0 = time.perf_counter()
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            raw = pd.read_sql_query("SELECT * FROM cases", con, index_col="case_id")
        b = time.perf_counter() - t0
        ours.append(a)
        theirs.append(b)
        ratios.append(a / b)
        print(f"cases_frame {a:.2f} s ({len(frame)} rows)   pandas.read_sql {b:.2f} s ({len(raw)} rows)", flush=True)
    print(f"median: cases_frame {statistics.median(ours):.2f} s, read_sql {statistics.median(theirs):.2f} s, "
          f"ratio {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3))
