"""Turn what a run has to say besides its outputs into log records: counted, and printed by the CLI.

Library code logs to `logging.getLogger(__name__)`, a child of the `brochures` logger; it
never prints. The levels mean:

- INFO: what a run did that a person may like to know (brochures skipped as already up to
  date). The command line prints it as it is; --quiet hides it.
- WARNING: something a person should fix, though the brochures could still be made (a review
  date has passed, a draft fails the plain-language checks). The command line prints
  "warning: ..."; every warning of a run is counted, and a release build (--release) that
  logged any fails: a release has no warnings.
- ERROR: something made a brochure or the run fail. Errors a user can cause are raised as
  BrochureError and shown by the command line; a record at this level is printed even with
  --quiet.

Like any library, brochures only adds a NullHandler: a program that uses it decides where
its records go (the command line installs `console` for the length of a run).
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar

LOGGER = logging.getLogger("brochures")
LOGGER.addHandler(logging.NullHandler())


class RecordCounter(logging.Handler):
    """Counts the records of each level that reach it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: Counter[int] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.counts[record.levelno] += 1

    @property
    def warnings(self) -> int:
        return sum(
            n for level, n in self.counts.items() if logging.WARNING <= level < logging.ERROR
        )

    @property
    def errors(self) -> int:
        return sum(n for level, n in self.counts.items() if level >= logging.ERROR)


Handler = TypeVar("Handler", bound=logging.Handler)


@contextmanager
def attached(handler: Handler) -> Iterator[Handler]:
    """The handler receives the `brochures` records inside the block, and no others after it."""
    LOGGER.addHandler(handler)
    try:
        yield handler
    finally:
        LOGGER.removeHandler(handler)


@contextmanager
def counting() -> Iterator[RecordCounter]:
    """Count the warnings and errors logged inside the block: one run's."""
    with attached(RecordCounter()) as counter:
        yield counter


class _ConsoleFormat(logging.Formatter):
    """INFO as it is, the others after their level: "warning: next_review ... has passed"."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno < logging.WARNING:
            return message
        return f"{'warning' if record.levelno < logging.ERROR else 'error'}: {message}"


@contextmanager
def console(quiet: bool = False, stream: TextIO | None = None) -> Iterator[logging.Handler]:
    """Print the `brochures` records on stderr inside the block: INFO and above, or only
    errors when quiet. The logger's own level is lowered to INFO for the block, so that a
    program's root level (WARNING by default) does not hide what the console should show."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setLevel(logging.ERROR if quiet else logging.INFO)
    handler.setFormatter(_ConsoleFormat())
    level = LOGGER.level
    LOGGER.setLevel(logging.INFO)
    try:
        with attached(handler):
            yield handler
    finally:
        LOGGER.setLevel(level)
