"""Turn build events into what a person sees: a progress bar on a terminal, plain lines
elsewhere (logs, CI), nothing with --quiet. A single document prints just its path."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from tqdm import tqdm


class Progress:
    """A progress bar on a terminal and the written paths on `stream`."""

    def __init__(self, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.quiet = quiet
        self.stream = stream or sys.stdout
        self.bar: tqdm[Any] | None = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()

    def update(self, done: int, total: int) -> None:
        if self.quiet or total < 2 or not self.stream.isatty():
            return
        if self.bar is None:
            from tqdm import tqdm as new_bar

            self.bar = new_bar(
                total=total, unit="doc", file=sys.stderr, leave=False, dynamic_ncols=True
            )
        self.bar.n = done
        self.bar.refresh()

    def report(self, path: str) -> None:
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.write(path, file=self.stream)
        else:
            print(path, file=self.stream, flush=True)
