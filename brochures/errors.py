"""Name the errors a user can cause, with the file, line and field they come from."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path | str) -> str:
    """A path as the user can type it: relative to the working folder when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return os.fspath(path)


def _describe(
    message: str, file: Path | None, line: int | None, field: str | None, hint: str | None
) -> str:
    """`file:line: field: message`, and the hint on a line of its own."""
    where = ""
    if file is not None:
        where = display_path(file)
        if line is not None:
            where += f":{line}"
        where += ": "
    text = f"{where}{field}: {message}" if field else f"{where}{message}"
    if hint:
        text += f"\n  hint: {hint}"
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file: where it is, what it is, and what may fix it."""

    message: str
    file: Path | None = None
    line: int | None = None
    field: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        return _describe(self.message, self.file, self.line, self.field, self.hint)


class BrochureError(Exception):
    """An error caused by input or usage: shown to the user as a message, exit code 2."""

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = Path(file) if file is not None else None
        self.line = line
        self.field = field
        self.hint = hint

    def __reduce__(self):
        # Keep file, line, field, hint (and a ContentError's problems) when an error
        # crosses from a worker process: the state is restored into the rebuilt error.
        return (_rebuild, (type(self), self.message), self.__dict__)

    def __str__(self) -> str:
        return _describe(self.message, self.file, self.line, self.field, self.hint)


def _rebuild(cls, message):
    return cls(message)


def refuse_if_too_large(
    path: Path, limit: int, error: type[BrochureError], what: str = "file"
) -> None:
    """Raise `error` before a file far larger than any real input is read or parsed."""
    size = path.stat().st_size
    if size > limit:
        raise error(
            f"the {what} is {size:,} bytes; one is at most {limit:,}",
            file=path,
            hint=f"check that it is the {what} you meant",
        )


def not_utf8(
    path: Path, exc: UnicodeDecodeError, error: type[BrochureError], what: str, hint: str
) -> BrochureError:
    """The error for a file that is not UTF-8, at the line of its first bad byte."""
    line = exc.object[: exc.start].count(b"\n") + 1
    utf16 = exc.object[:2] in (b"\xff\xfe", b"\xfe\xff")
    detail = "a UTF-16 file" if utf16 else f"byte {exc.object[exc.start]:#x}"
    return error(f"the {what} is not UTF-8 text ({detail})", file=path, line=line, hint=hint)


class UsageError(BrochureError):
    """A command-line option has a value the tool cannot use."""


# A file with hundreds of mistakes (a binary file, a wrong paste) lists this many of them.
MAX_PROBLEMS_SHOWN = 50


class ContentError(BrochureError):
    """A content, registry or clinic YAML file is malformed or breaks the schema.

    It lists every problem found in the file (`problems`, sorted by line); its own file,
    line, field and hint are those of the first problem.
    """

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
        problems: Iterable[Problem] = (),
    ) -> None:
        super().__init__(message, file=file, line=line, field=field, hint=hint)
        self.problems = tuple(problems) or (Problem(message, self.file, line, field, hint),)

    @classmethod
    def listing(cls, problems: Iterable[Problem]) -> ContentError:
        """One error for every problem found (at least one), sorted by file and line."""
        ordered = sorted(problems, key=lambda problem: (str(problem.file), problem.line or 0))
        first = ordered[0]
        return cls(
            first.message,
            file=first.file,
            line=first.line,
            field=first.field,
            hint=first.hint,
            problems=ordered,
        )

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return super().__str__()
        files = {problem.file for problem in self.problems}
        where = f" in {display_path(self.file)}" if len(files) == 1 and self.file else ""
        lines = [f"{len(self.problems)} problems{where}:"]
        for problem in self.problems[:MAX_PROBLEMS_SHOWN]:
            lines.append("  " + str(problem).replace("\n", "\n  "))
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"  ... and {len(self.problems) - MAX_PROBLEMS_SHOWN} more")
        return "\n".join(lines)


class TranslationError(BrochureError):
    """A catalog is broken, or a brochure needs strings the catalog lacks."""


class RenderError(BrochureError):
    """A brochure cannot be laid out as asked (for example, it overflows its pages)."""


class OutputError(BrochureError):
    """An output file cannot be written."""


class CheckError(BrochureError):
    """A brochure breaks a plain-language, health-claims or review-date rule."""
