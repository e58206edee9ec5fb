"""penaltyflow: lawful, on-time and auditable administrative-penalty case handling.

The C++ library from Python. Dates are ``datetime.date``; money is integer fen; every error is a
``penaltyflow.Error``. Nothing here reads the clock: "today" is always a parameter.
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


def replay_file(path, workflow: "Workflow | None" = None) -> "ReplayResult":
    """Runs a case-history file (docs/case-history.md) through the workflow (national profile by default)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return (workflow or Workflow()).replay(text, str(path))


def open_store(path, read_only: bool = True, **kwargs) -> "Store":
    """Opens a record store, read-only unless asked otherwise."""
    return Store(str(path), read_only=read_only, **kwargs)


_CASE_COLUMNS = [
    "case_id", "version", "stage", "remedy", "procedure", "filed", "decided", "closed", "outcome",
    "open_deadlines", "findings",
]


def cases_frame(store: "Store"):
    """One row per case of a store: its projection (stage, procedure, key dates, outcome, counts)."""
    import pandas as pd

    rows = []
    for case_id in store.case_ids():
        p = store.projection(case_id)
        rows.append([
            p["case_id"], p["version"], p["stage"], p["remedy"], p["procedure"], p["filed"], p["decided"],
            p["closed"], p["outcome"], len(p["deadlines"]), len(p["findings"]),
        ])
    return pd.DataFrame(rows, columns=_CASE_COLUMNS).set_index("case_id")


def rules_frame(workflow: "Workflow | None" = None):
    """The catalogue of legal gates as a DataFrame indexed by rule id."""
    import pandas as pd

    rules = (workflow or Workflow()).rules()
    for r in rules:
        r["applies_to"] = ", ".join(r["applies_to"])
    return pd.DataFrame(rules).set_index("id")


__all__ = [
    "Error", "Calendar", "DueDate", "Period", "ReplayResult", "Store", "Workflow", "cases_frame", "due_date",
    "due_time", "open_store", "period", "periods", "periods_frame", "replay_file", "rules_frame",
    "working_days_between", "__version__",
]
