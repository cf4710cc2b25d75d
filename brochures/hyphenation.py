"""Pyphen's hyphenation patterns, parsed once per machine and kept in the cache folder as JSON."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyphen

from brochures.errors import OutputError
from brochures.atomic import write_atomically

# Parsing a dictionary's patterns is slow for some languages (German: about a second) and
# happens in every process that hyphenates or counts syllables in that language: the two
# render workers and the parent (readability scores). Reading them back from JSON takes a
# fifth of that. Pyphen keeps what it parsed in `pyphen.hdcache`, keyed by the file's
# path; this fills that cache, so WeasyPrint and textstat find the patterns there.
_FORMAT = 1


def preload(langs, cache_root: Path) -> None:
    """Put the hyphenation patterns of these languages into Pyphen's cache."""
    for lang in langs:
        name = pyphen.language_fallback(lang.replace("-", "_"))
        if name is None:
            continue  # no dictionary: the language is not hyphenated
        path = Path(pyphen.LANGUAGES[name])
        if path in pyphen.hdcache:
            continue
        data = path.read_bytes()
        copy = cache_root / "hyphenation" / f"{path.stem}-{hashlib.sha256(data).hexdigest()[:16]}.json"
        patterns = _read(copy)
        if patterns is None:
            patterns = pyphen.HyphDict(path)
            _keep(patterns, copy)
        pyphen.hdcache[path] = patterns


def _read(copy: Path):
    """The patterns kept in `copy`, or None (no copy, or one this code cannot read)."""
    try:
        kept = json.loads(copy.read_text(encoding="utf-8"))
        if kept.get("format") != _FORMAT:
            return None
        patterns = pyphen.HyphDict.__new__(pyphen.HyphDict)  # without parsing a file
        patterns.patterns = {key: (start, tuple(values))
                             for key, (start, values) in kept["patterns"].items()}
        patterns.cache = {}
        patterns.maxlen = kept["maxlen"]
        return patterns
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keep(patterns, copy: Path) -> None:
    """Write the patterns to `copy`, if they are of the plain kind this module reads."""
    # A HyphDict holds `patterns`, `cache` and `maxlen` (Pyphen 0.14 to 0.18). Another
    # shape, or a pattern with a non-standard hyphenation rule (not a plain number), is
    # not kept: that language is parsed as before.
    if set(vars(patterns)) != {"patterns", "cache", "maxlen"}:
        return
    if not all(isinstance(value, int) for _, values in patterns.patterns.values()
               for value in values):
        return
    text = json.dumps({"format": _FORMAT, "maxlen": patterns.maxlen,
                       "patterns": {key: [start, list(values)]
                                    for key, (start, values) in patterns.patterns.items()}},
                      ensure_ascii=False, separators=(",", ":"))
    try:
        write_atomically(copy, text.encode("utf-8"))
    except OutputError:
        pass  # a read-only cache folder only costs time
