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


def _export_optional(names):
    for name in names:
        if hasattr(_core, name):
            globals()[name] = getattr(_core, name)


# Present once the workflow and the store are built into the module.
_export_optional(["Workflow", "Store", "open_store"])

__all__ = [
    "Error", "Calendar", "DueDate", "Period", "due_date", "due_time", "period", "periods", "periods_frame",
    "working_days_between", "__version__",
]
