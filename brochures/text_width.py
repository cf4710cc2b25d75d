"""Turn text into the terminal columns it fills, and pad table cells to a column width.

`str.ljust` counts characters, but a terminal gives a CJK or Hangul character two columns
and a combining mark (the vowel signs of हिन्दी) none, so a table padded by characters
goes out of line at the first Chinese, Korean or Hindi name. wcwidth knows the columns.
"""

from __future__ import annotations

import unicodedata

from wcwidth import wcswidth, wcwidth

# First strong isolate ... pop directional isolate: text between them takes its own
# direction and leaves its neighbours' alone (Unicode's bidirectional algorithm, X5c).
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def columns(text: str) -> int:
    """The terminal columns `text` fills; control characters fill none."""
    width = wcswidth(text)
    if width >= 0:
        return width
    return sum(max(wcwidth(character), 0) for character in text)


def isolated(text: str) -> str:
    """Right-to-left text (Arabic, Hebrew) isolated, so that a terminal which orders text
    by the bidirectional algorithm keeps it in its cell: otherwise the numbers after
    العربية in a row join its right-to-left run and are drawn before it. Other text is
    returned as it is. The isolates fill no columns."""
    if any(unicodedata.bidirectional(character) in ("R", "AL") for character in text):
        return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
    return text


def align_left(text: str, width: int) -> str:
    """`text` padded on the right to `width` columns, as f"{text:<width}" is meant to."""
    return isolated(text) + " " * max(width - columns(text), 0)


def align_right(text: str, width: int) -> str:
    """`text` padded on the left to `width` columns, as f"{text:>width}" is meant to."""
    return " " * max(width - columns(text), 0) + isolated(text)
