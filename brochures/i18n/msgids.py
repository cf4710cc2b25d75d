"""Turn English source text into gettext msgids, and translated msgstrs back into text."""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"\s+")


def to_msgid(text: str) -> str:
    """Return the msgid for a piece of YAML prose.

    Whitespace is folded so that re-wrapping a YAML paragraph does not change its msgid,
    and `%` is doubled so that Babel and msgfmt treat every msgid as python-format text
    consistently: "50% of people" would otherwise be read as a broken `% o` placeholder.
    """
    return _WHITESPACE.sub(" ", text).strip().replace("%", "%%")


def from_msgstr(text: str) -> str:
    """Undo the `%` escaping of `to_msgid` on a translation (or on an untranslated msgid)."""
    return text.replace("%%", "%")
