"""Turn values into what the templates print: dates, page labels, CSS strings, bidi spans."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date
from markupsafe import Markup

from brochures.i18n.languages import native_name

# Stand-ins for the page numbers inside the translated "Page %(page)s of %(pages)s".
PAGE_MARK, PAGES_MARK = "\ue000", "\ue001"


@dataclass(frozen=True)
class PageLabel:
    """A translated "Page x of y" cut around its two numbers, for CSS counters to fill in."""

    before: str
    middle: str
    after: str
    first: str  # the counter that comes first: "page", or "pages" in languages that say
    second: str  # "of y, page x"


def page_label(text: str) -> PageLabel:
    text = str(text)
    page, pages = text.index(PAGE_MARK), text.index(PAGES_MARK)
    first, second = sorted((page, pages))
    order = ("page", "pages") if page < pages else ("pages", "page")
    return PageLabel(text[:first], text[first + 1 : second], text[second + 1 :], *order)


def css_string(text: str) -> Markup:
    """Quote text as a CSS string, escaping every character that is not a letter or digit.

    The text comes from a translation; escaped like this it cannot end the string, the
    rule or the <style> element it sits in.
    """
    return Markup('"' + "".join(c if c.isalnum() else f"\\{ord(c):06x}" for c in text) + '"')


def card_columns(count: int) -> int:
    """Cards per line: full width alone, two for 2 cards, four for 4, otherwise three."""
    return 1 if count == 1 else 2 if count == 2 else 4 if count == 4 else 3


def long_date(value: dt.date, locale: Locale) -> str:
    """A date written out the locale's way, or as ISO 8601 where CLDR has no month names.

    CLDR's Haitian Creole data, for one, has only placeholders ("2026 M11 1"): an ISO date
    reads better than that.
    """
    if re.fullmatch(r"M\d+", locale.months["format"]["wide"][1]):
        return value.isoformat()
    return format_date(value, format="long", locale=locale)


def isolate(text: str) -> Markup:
    """Wrap text set in its own direction (an English address inside Arabic, say), so the
    bidi algorithm does not reorder its numbers and words; the direction is that of its
    first strong character."""
    direction = "ltr"
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            direction = "ltr" if kind == "L" else "rtl"
            break
    return Markup('<span dir="%s">%s</span>') % (direction, text)


# A run of slashes, and what follows it up to the next run: the pieces an address breaks into.
_ADDRESS_PIECE = re.compile(r"[^/]*/*")


def breakable_address(address: str) -> Markup:
    """A web address or DOI that may break only after a "/", never inside a name.

    Each piece up to and including a run of slashes is kept on one line (class
    "address-piece", white-space: nowrap in the stylesheet) and a <wbr> after it is the
    only break opportunity: left to Unicode's line breaking, an address breaks after "?"
    or "-" and never after "doi.org/" (a slash before a digit), and with break-all, or
    hyphenated, it reads as another address. The scheme stays with the host
    ("https://doi.org/"): a line ending in "https://" looks like a broken address.
    """
    pieces = [piece for piece in _ADDRESS_PIECE.findall(str(address)) if piece]
    if len(pieces) > 1 and pieces[0].endswith("://"):
        pieces[:2] = [pieces[0] + pieces[1]]
    inner = Markup("<wbr>").join(
        Markup('<span class="address-piece">%s</span>') % piece for piece in pieces
    )
    return Markup('<span class="address" dir="ltr">%s</span>') % inner


# Chinese and Japanese punctuation that is as wide as a character, with its own space built
# in: a label ending in one (请问：) is followed by its text directly, not by a Latin space.
FULL_WIDTH_CLOSERS = frozenset("：。？！，、；）」』")


def label_space(label: str) -> str:
    """The space between a label and its text: none after full-width punctuation."""
    return "" if str(label)[-1:] in FULL_WIDTH_CLOSERS else " "


def native_names(languages: list[str] | tuple[str, ...], current: str) -> list[tuple[str, str]]:
    """The other languages, each named in its own language (Babel/CLDR), in tag order."""
    return [(lang, native_name(lang)) for lang in languages if lang != current]


def has_hyphenation(lang: str) -> bool:
    """Whether Pyphen (WeasyPrint's hyphenator) has a dictionary for the language."""
    import pyphen

    return pyphen.language_fallback(lang.replace("-", "_")) is not None
