"""penaltyflow: lawful, on-time and auditable administrative-penalty case handling.

The C++ library from Python. Dates are ``datetime.date`` (1400 to 9999); money is integer fen; every error is a
``penaltyflow.Error`` (a standard C++ exception from inside too: ``InvalidArgumentError`` for a value out of
range, ``Error`` otherwise). Times are China Standard Time (UTC+8), the time of the record: a naive ``datetime``
is taken as China time, an aware one is converted to it (10:00 UTC is stored as 18:00), and returned datetimes
are naive, in China time. Nothing here reads the clock: "today" is always a parameter.
"""

from __future__ import annotations

from ._errors import *  # noqa: F401,F403  (the exception hierarchy; must precede _core)
from ._errors import Error
from . import _core
from ._core import Calendar, DueDate, Period, due_date, due_time, period, periods, working_days_between

__version__: str = _core.__version__

_PERIOD_COLUMNS = [
    "id", "rule_id", "title_zh", "title_en", "amount", "unit", "kind", "start_zh", "start_en", "citation",
    "confidence", "configurable", "extension", "extension_cap", "exclusions", "note",
]


def periods_frame():
    """The catalogue of statutory periods as a pandas DataFrame, one row per period, indexed by id."""
    import pandas as pd

    rows = [{c: getattr(p, c) for c in _PERIOD_COLUMNS} for p in periods()]
    return pd.DataFrame(rows, columns=_PERIOD_COLUMNS).set_index("id")


Workflow = _core.Workflow
ReplayResult = _core.ReplayResult
Store = _core.Store
DiscretionBenchmarks = _core.DiscretionBenchmarks
sample_cases = _core.sample_cases
evaluation_checks = _core.evaluation_checks
generate_sample_year = _core.generate_sample_year


def replay_file(path, workflow: "Workflow | None" = None, provisional_ok: bool = False) -> "ReplayResult":
    """Runs a case-history file (docs/case-history.md) through the workflow (national profile by default).
    provisional_ok: accept, with the mark, events judged on dates past the calendar's coverage."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return (workflow or Workflow()).replay(text, str(path), provisional_ok)


def open_store(path, read_only: bool = True, **kwargs) -> "Store":
    """Opens a record store, read-only unless asked otherwise."""
    return Store(str(path), read_only=read_only, **kwargs)


def cases_frame(store: "Store", concluded_from=None, concluded_to=None):
    """One row per case, indexed by case id: the projection and its statistics columns (docs/oversight.md).

    String columns (stage, procedure, outcome, clue_source, discretion, ...) are pandas Categoricals; dates are
    datetime64[D] (NaT when absent); fine_fen and decision_days are floats (NaN when absent). With
    ``concluded_from`` and ``concluded_to``, only the cases concluded (办结) in that period.
    """
    import pandas as pd

    cols = store.case_columns(concluded_from, concluded_to)
    index = pd.Index(cols.pop("case_id"), name="case_id")
    data = {}
    for name, (kind, *values) in cols.items():
        if kind == "codes":
            codes, categories = values[0]
            data[name] = pd.Categorical.from_codes(codes, categories=categories)
        elif kind == "days":  # days since 1970-01-01; the int64 minimum is numpy's NaT
            data[name] = values[0].astype("datetime64[D]")
        else:
            data[name] = values[0]
    return pd.DataFrame(data, index=index)


def findings_frame(report) -> "pandas.DataFrame":
    """The findings of ``Store.evaluate_all`` (or the list of ``Store.evaluate``), one row per finding."""
    import pandas as pd

    findings = report["findings"] if isinstance(report, dict) else report
    columns = ["case_id", "check", "rule_id", "citation", "severity", "case_seq", "document", "message_zh",
               "message_en"]
    return pd.DataFrame(findings, columns=columns)


def problems_frame(report) -> "pandas.DataFrame":
    """The problem types of ``Store.evaluate_all``: findings and cases per check, indexed by check."""
    import pandas as pd

    return pd.DataFrame(report["by_problem"], columns=["check", "rule_id", "severity", "findings", "cases"]).set_index(
        "check")


def rules_frame(workflow: "Workflow | None" = None):
    """The catalogue of legal gates as a DataFrame indexed by rule id."""
    import pandas as pd

    rules = (workflow or Workflow()).rules()
    for r in rules:
        r["applies_to"] = ", ".join(r["applies_to"])
    return pd.DataFrame(rules).set_index("id")


__all__ = [
    "Error", "Calendar", "DiscretionBenchmarks", "DueDate", "Period", "ReplayResult", "Store", "Workflow",
    "cases_frame", "due_date", "due_time", "evaluation_checks", "findings_frame", "generate_sample_year",
    "open_store", "period", "periods", "periods_frame", "problems_frame", "replay_file", "rules_frame",
    "sample_cases", "working_days_between", "__version__",
]
