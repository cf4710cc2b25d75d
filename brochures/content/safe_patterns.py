"""Compile the regular expressions that content and claims files supply, refusing those
whose matching can take exponential time on a long text (catastrophic backtracking).

Python's `re` has no time limit, and these patterns run in the main process over every
brochure's text: `(\\w+\\s?)+$` once kept a build busy for ever on one long word. The rule
is structural, checked on the parsed pattern. An unbounded repeat (`*`, `+`, `{n,}`) of a
group may hold another unbounded repeat, or alternatives, only when the text cannot be cut
into rounds in more than one way:
- every alternative starts with a fixed letter of its own (`(very\\s+|really\\s+)*`), or
- the only repeats inside are of spaces, and each round needs a fixed letter too
  (`(\\s+(also|now))*`: spaces cannot be taken for letters).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The parser behind re.compile (private, stable since Python 3.11), for the pattern's tree.
_sre: Any = importlib.import_module("re._constants")
_sre_parse: Any = importlib.import_module("re._parser")
Parsed = Any  # a parsed pattern or one of its (opcode, argument) items: untyped in CPython

MAX_PATTERN_LENGTH = 4000
PATTERN_HINT = "rewrite it without a repeated group around another repeat: list the words instead"
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None))
_SINGLE = (_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN, _sre.ANY, _sre.CATEGORY)


class BadPattern(ValueError):
    """A pattern that cannot be used: its message and hint are for the file's author."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def compile_checked(text: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """re.compile, after refusing patterns that are too long or may backtrack for ever.
    Raises BadPattern, saying which, for a pattern that does not compile or is refused."""
    if len(text) > MAX_PATTERN_LENGTH:
        raise BadPattern(
            f"the pattern is {len(text)} characters long; the limit is {MAX_PATTERN_LENGTH}"
        )
    try:
        pattern = re.compile(text, flags)
    except re.error as exc:
        raise BadPattern(f"not a valid regular expression: {exc}") from None
    _check(_sre_parse.parse(text, flags))
    return pattern


def _unbounded(maximum: int) -> bool:
    return maximum == _sre.MAXREPEAT


def _items(sub: Parsed) -> list:
    """The (opcode, argument) items of a parsed pattern or of a plain list of them."""
    items: Any = sub.data if hasattr(sub, "data") else sub
    return list(items)


def _is_space(op: Parsed, av: Parsed) -> bool:
    """Whether one parsed item matches only white space (\\s, a space)."""
    if op is _sre.LITERAL:
        return chr(av).isspace()
    if op is _sre.CATEGORY:
        return av is _sre.CATEGORY_SPACE
    if op is _sre.IN:
        return all(_is_space(*item) for item in av)
    return False


def _inner_repeats(sub: Parsed) -> list[tuple]:
    """Every unbounded repeat inside a parsed pattern, as (op, av) of what it repeats."""
    found: list[tuple] = []
    for op, av in _items(sub):
        if op in _REPEATS and _unbounded(av[1]):
            found.extend(_items(av[2]) if len(_items(av[2])) == 1 else [(None, None)])
        for child in _children(op, av):
            found.extend(_inner_repeats(child))
    return found


def _children(op: Parsed, av: Parsed) -> list:
    """The sub-patterns inside one parsed item (a group, a branch, a lookaround)."""
    if op is _sre.SUBPATTERN:
        return [av[-1]]
    if op is _sre.BRANCH:
        return list(av[1])
    if op in _REPEATS:
        return [av[2]]
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return [av[1]]
    if op is _sre.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    if getattr(_sre, "ATOMIC_GROUP", None) is not None and op is _sre.ATOMIC_GROUP:
        return [av]
    return []


def _alternatives(sub: Parsed) -> list:
    """The alternatives of a repeated body: its branches, through plain groups."""
    items = _items(sub)
    if len(items) == 1:
        op, av = items[0]
        if op is _sre.BRANCH:
            return [alt for branch in av[1] for alt in _alternatives(branch)]
        if op is _sre.SUBPATTERN:
            return _alternatives(av[-1])
    return [sub]


def _first_literal(sub: Parsed) -> int | None:
    """The character an alternative must start with, if it is one fixed character."""
    items = _items(sub)
    while items:
        op, av = items[0]
        if op is _sre.LITERAL:
            return av
        if op is _sre.SUBPATTERN:
            items = _items(av[-1])
            continue
        if op is _sre.AT:  # \b, ^: take no character
            items = items[1:]
            continue
        return None
    return None


def _distinct_literal_starts(body: Parsed) -> bool:
    starts = [_first_literal(alt) for alt in _alternatives(body)]
    return None not in starts and len(set(starts)) == len(starts)


def _needs_a_letter(body: Parsed) -> bool:
    """Whether every round of a repeat must match a letter besides its spaces."""
    items = _items(body)
    while len(items) == 1 and items[0][0] is _sre.SUBPATTERN:
        items = _items(items[0][1][-1])
    for op, av in items:
        if op is _sre.LITERAL and not chr(av).isspace():
            return True
        if op in (_sre.SUBPATTERN, _sre.BRANCH):
            starts = [_first_literal(alt) for alt in _alternatives([(op, av)])]
            if all(c is not None and not chr(c).isspace() for c in starts):
                return True
    return False


def _check(sub: Parsed) -> None:
    for op, av in _items(sub):
        if op in _REPEATS and _unbounded(av[1]):
            body = av[2]
            inner = _inner_repeats(body)
            spaces_only = all(item[0] is not None and _is_space(*item) for item in inner)
            if inner and not _distinct_literal_starts(body):
                if not (spaces_only and _needs_a_letter(body)):
                    raise BadPattern(_NESTED, PATTERN_HINT)
            elif len(_alternatives(body)) > 1 and not _distinct_literal_starts(body):
                raise BadPattern(_NESTED, PATTERN_HINT)
        for child in _children(op, av):
            _check(child)


_NESTED = (
    "the pattern repeats a group that can match the same text in more than one way (such as "
    "(\\w+\\s?)+), which can take for ever on a long text"
)
