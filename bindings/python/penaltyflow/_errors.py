"""The exception hierarchy of penaltyflow: every error the C++ library raises is a penaltyflow.Error.

Each carries ``code`` (the stable code name, e.g. ``"calendar_format"``) and ``message`` (without the
``[penaltyflow.<code>]`` prefix); file-format errors also carry ``file`` and ``line``. Messages are printable:
control characters of the input are shown escaped. Which error when: docs/errors.md.
"""

from __future__ import annotations


class Error(Exception):
    """Root of all penaltyflow errors."""

    code: str = "error"
    message: str = ""


class InvalidArgumentError(Error, ValueError):
    """A value passed in is malformed or not allowed by the law (an inverted pause, an extension too long)."""


class FileFormatError(Error, ValueError):
    """A file is malformed; ``file`` and ``line`` locate the problem."""

    file: str = ""
    line: int = 0


class CalendarFormatError(FileFormatError):
    """A calendar file is malformed."""


class ProfileFormatError(FileFormatError):
    """A profile file is malformed."""


class HistoryFormatError(FileFormatError):
    """A case-history document is malformed."""


class CoverageError(Error):
    """A computation needs a day outside the calendar's coverage (and no provisional result was asked for)."""


class UnknownPeriodError(Error, LookupError):
    """No statutory period with that id."""


class UnknownRuleError(Error, LookupError):
    """No rule with that id."""


class NotConfigurableError(Error):
    """An attempt to override a verified ([V]) statutory value."""


class IoError(Error, OSError):
    """A file could not be read or written."""


class BenchmarkFormatError(FileFormatError):
    """A discretion-benchmark file (data/discretion/*.json) is malformed."""


class StoreError(Error):
    """The record store failed."""


class ConflictError(StoreError):
    """The case changed since it was read (optimistic concurrency)."""


class SchemaVersionError(StoreError):
    """The store file comes from a newer schema version."""


_BY_CODE = {
    "invalid_argument": InvalidArgumentError,
    "calendar_format": CalendarFormatError,
    "calendar_coverage": CoverageError,
    "unknown_period": UnknownPeriodError,
    "not_configurable": NotConfigurableError,
    "io": IoError,
    "profile_format": ProfileFormatError,
    "history_format": HistoryFormatError,
    "unknown_rule": UnknownRuleError,
    "store": StoreError,
    "conflict": ConflictError,
    "schema_version": SchemaVersionError,
    "benchmark_format": BenchmarkFormatError,
}


def class_for_code(code: str) -> type[Error]:
    """The exception class for a C++ error code (Error for a code this version does not know)."""
    return _BY_CODE.get(code, Error)


__all__ = [name for name, obj in globals().items() if isinstance(obj, type) and issubclass(obj, Error)]
