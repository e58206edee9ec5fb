import datetime
from typing import Sequence

import pandas

from ._errors import (
    CalendarFormatError as CalendarFormatError,
    ConflictError as ConflictError,
    CoverageError as CoverageError,
    Error as Error,
    FileFormatError as FileFormatError,
    HistoryFormatError as HistoryFormatError,
    InvalidArgumentError as InvalidArgumentError,
    IoError as IoError,
    NotConfigurableError as NotConfigurableError,
    ProfileFormatError as ProfileFormatError,
    SchemaVersionError as SchemaVersionError,
    StoreError as StoreError,
    UnknownPeriodError as UnknownPeriodError,
    UnknownRuleError as UnknownRuleError,
)

__version__: str

class Calendar:
    @staticmethod
    def national() -> Calendar: ...
    @staticmethod
    def load(files: Sequence[str], base: Calendar | None = None) -> Calendar: ...
    @staticmethod
    def parse(text: str, source: str = "<string>", base: Calendar | None = None) -> Calendar: ...
    def status(self, day: datetime.date) -> str: ...
    def is_working_day(self, day: datetime.date) -> bool: ...
    @property
    def version(self) -> str: ...
    @property
    def digest(self) -> str: ...
    @property
    def covered_years(self) -> list[int]: ...
    @property
    def first_covered(self) -> datetime.date | None: ...
    @property
    def last_covered(self) -> datetime.date | None: ...
    @property
    def sources(self) -> list[str]: ...

class Period:
    id: str
    rule_id: str
    title_zh: str
    title_en: str
    amount: int
    unit: str
    kind: str
    start_zh: str
    start_en: str
    citation: str
    confidence: str
    configurable: bool
    note: str
    extension: str
    extension_cap: int
    exclusions: list[str]

class DueDate:
    period_id: str
    start: datetime.date
    due: datetime.date
    due_time: datetime.datetime | None
    nominal_due: datetime.date
    rolled: bool
    excluded_days: int
    extended_by: int
    provisional: bool
    first_assumed_day: datetime.date | None
    calendar_version: str
    citation: str

def periods() -> list[Period]: ...
def period(id: str) -> Period: ...
def periods_frame() -> pandas.DataFrame: ...
def due_date(
    period: str,
    start: datetime.date,
    pauses: Sequence[tuple[datetime.date, datetime.date] | tuple[datetime.date, datetime.date, str | None]] = ...,
    extensions: Sequence[int | tuple[int, str]] = ...,
    calendar: Calendar | None = None,
    provisional_ok: bool = False,
    roll: str = "rest-days",
) -> DueDate: ...
def due_time(period: str, start: datetime.datetime, calendar: Calendar | None = None) -> DueDate: ...
def working_days_between(start: datetime.date, end: datetime.date, calendar: Calendar | None = None) -> int: ...
