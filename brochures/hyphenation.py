"""Pyphen's hyphenation patterns, parsed once per machine and kept in the cache folder as JSON.

Parsing a dictionary's patterns is slow for some languages (German: about a second) and
happens in every process that hyphenates or counts syllables in that language: the two
render workers and the parent (readability scores). Reading them back from JSON takes a
fifth of that. Pyphen keeps what it parsed in `pyphen.hdcache`, keyed by the file's
path; this fills that cache, so WeasyPrint and textstat find the patterns there.

`hdcache` and the fields of a `HyphDict` are not Pyphen's public API: this is the only
module that touches them, only with a Pyphen in TESTED_PYPHEN (tests/test_hyphenation.py
proves the patterns put there are the ones Pyphen hyphenates with), and each JSON copy is
kept per Pyphen version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyphen

from brochures.atomic import write_atomically
from brochures.errors import BrochureError, OutputError

# hdcache is not public API (and not in Pyphen's type stubs): reached through this name only.
_PYPHEN_INTERNALS: Any = pyphen


def pyphen_version() -> str:
    """The installed Pyphen's version (asked each time: tests pretend to be another)."""
    return str(_PYPHEN_INTERNALS.__version__)


_FORMAT = 1
# The Pyphen versions whose HyphDict holds `patterns`, `cache` and `maxlen`, found by
# path in `hdcache` (from 0.14; the hook test runs against the installed one).
TESTED_PYPHEN = ((0, 14), (0, 19))  # from, up to (not including)


def require_tested_pyphen(installed: str | None = None) -> None:
    """Fail, with what to do, on a Pyphen this module has not been tested with."""
    installed = installed or pyphen_version()
    try:
        version = tuple(int(part) for part in installed.split(".")[:2])
    except ValueError:
        version = ()
    low, high = TESTED_PYPHEN
    if low <= version < high:
        return
    tested = f"{'.'.join(map(str, low))} to {high[0]}.{high[1] - 1}"
    raise BrochureError(
        f"Pyphen {installed} is installed, but the brochures are tested with Pyphen "
        f"{tested} only: they keep its parsed hyphenation patterns through parts of "
        "Pyphen that are not public API (brochures/hyphenation.py)",
        hint=f"install a tested version (pip install 'pyphen>={low[0]}.{low[1]},"
        f"<{high[0]}.{high[1]}'); to move to Pyphen {installed}, run "
        "tests/test_hyphenation.py with it, then widen TESTED_PYPHEN",
    )


def preload(langs: Iterable[str], cache_root: Path) -> None:
    """Put the hyphenation patterns of these languages into Pyphen's cache."""
    require_tested_pyphen()
    for lang in langs:
        name = pyphen.language_fallback(lang.replace("-", "_"))
        if name is None:
            continue  # no dictionary: the language is not hyphenated
        path = Path(pyphen.LANGUAGES[name])
        if path in _PYPHEN_INTERNALS.hdcache:
            continue
        data = path.read_bytes()
        copy = (
            cache_root
            / "hyphenation"
            / (f"{path.stem}-pyphen{pyphen_version()}-{hashlib.sha256(data).hexdigest()[:16]}.json")
        )
        patterns = _read(copy)
        if patterns is None:
            patterns = pyphen.HyphDict(path)
            _keep(patterns, copy)
        _PYPHEN_INTERNALS.hdcache[path] = patterns


def _read(copy: Path) -> pyphen.HyphDict | None:
    """The patterns kept in `copy`, or None (no copy, or one this code cannot read)."""
    try:
        kept = json.loads(copy.read_text(encoding="utf-8"))
        if kept.get("format") != _FORMAT or kept.get("pyphen") != pyphen_version():
            return None
        patterns = pyphen.HyphDict.__new__(pyphen.HyphDict)  # without parsing a file
        patterns.patterns = {
            key: (start, tuple(values)) for key, (start, values) in kept["patterns"].items()
        }
        patterns.cache = {}
        patterns.maxlen = kept["maxlen"]
        return patterns
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keep(patterns: pyphen.HyphDict, copy: Path) -> None:
    """Write the patterns to `copy`, if they are of the plain kind this module reads."""
    # A pattern with a non-standard hyphenation rule (not a plain number), or a HyphDict
    # of another shape, is not kept: that language is parsed as before.
    if set(vars(patterns)) != {"patterns", "cache", "maxlen"}:
        return
    if not all(
        isinstance(value, int) for _, values in patterns.patterns.values() for value in values
    ):
        return
    text = json.dumps(
        {
            "format": _FORMAT,
            "pyphen": pyphen_version(),
            "maxlen": patterns.maxlen,
            "patterns": {
                key: [start, list(values)] for key, (start, values) in patterns.patterns.items()
            },
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    try:
        write_atomically(copy, text.encode("utf-8"))
    except OutputError:
        pass  # a read-only cache folder only costs time
