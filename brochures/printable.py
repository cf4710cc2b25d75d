"""Tell why a string cannot be printed: lone surrogates, control characters, nothing visible.

Content YAML, clinic profiles and translations are all checked with it, so that the same
text gets the same answer wherever it is written.
"""

from __future__ import annotations

import unicodedata

# Characters that take no room on the page: a value made only of them prints nothing.
_INVISIBLE = {"Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Cc"}


def text_problem(value: str) -> tuple[str, str] | None:
    """Why a string cannot be printed (message, hint), or None."""
    if any("\ud800" <= c <= "\udfff" for c in value):
        return (
            "contains a lone UTF-16 surrogate (written as an escape such as \\uD800)",
            "write the character itself, or its \\U0001xxxx escape",
        )
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in value):
        return (
            "contains control characters",
            "retype the text; it may have been pasted from another program",
        )
    if value.strip() and all(unicodedata.category(c) in _INVISIBLE for c in value):
        return (
            "has no visible characters (only spaces, direction marks or other invisible ones)",
            "type the text itself; invisible characters print nothing",
        )
    return None
