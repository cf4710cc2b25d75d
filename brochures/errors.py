"""Name the errors a user can cause, with the file, line and field they come from."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path | str) -> str:
    """A path as the user can type it: relative to the working folder when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return os.fspath(path)


class BrochureError(Exception):
    """An error caused by input or usage: shown to the user as a message, exit code 2."""

    def __init__(self, message: str, *, file: Path | str | None = None,
                 line: int | None = None, field: str | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = Path(file) if file is not None else None
        self.line = line
        self.field = field
        self.hint = hint

    def __reduce__(self):
        # Keep file, line, field and hint when an error crosses from a worker process.
        return (_rebuild, (type(self), self.message, self.file, self.line, self.field, self.hint))

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = display_path(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        text = f"{where}{field}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def _rebuild(cls, message, file, line, field, hint):
    return cls(message, file=file, line=line, field=field, hint=hint)


class UsageError(BrochureError):
    """A command-line option has a value the tool cannot use."""


class ContentError(BrochureError):
    """A content, registry or clinic YAML file is malformed or breaks the schema."""


class TranslationError(BrochureError):
    """A catalog is broken, or a brochure needs strings the catalog lacks."""


class RenderError(BrochureError):
    """A brochure cannot be laid out as asked (for example, it overflows its pages)."""


class OutputError(BrochureError):
    """An output file cannot be written."""


class CheckError(BrochureError):
    """A brochure breaks a plain-language, health-claims or review-date rule."""
