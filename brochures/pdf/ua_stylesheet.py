"""WeasyPrint's user-agent stylesheet without the rules for features brochures never use."""

from __future__ import annotations

import re
from functools import lru_cache

# Rules in WeasyPrint's html5_ua.css that select a pseudo-element of *every* element. The
# cascade then makes six extra computed styles per element (about 1,000 per brochure) at
# every layout pass, for markers, footnotes and notes:
#  - only list items have markers, and the only list items in the templates are <li>;
#  - footnote and note pseudo-elements exist only for `float: footnote` and notes, which
#    the templates never use (tests/test_ua_stylesheet.py checks both).
# Narrowed and dropped, a layout pass is about 8% faster and the PDFs are byte-identical.
_NARROWED = {"::marker {": "li::marker {"}
_DROPPED = re.compile(r"^::(?:footnote|note)-[\w-]+ \{[^}\n]*\}\n", re.M)


def trimmed_ua_css(stock: str) -> str | None:
    """The stock user-agent CSS with the rules above narrowed or dropped; None if the
    stock CSS does not have them as expected (another WeasyPrint): then use it as is."""
    css = stock
    for old, new in _NARROWED.items():
        if css.count(old) != 1:
            return None
        css = css.replace(old, new)
    css, dropped = _DROPPED.subn("", css)
    return css if dropped else None


@lru_cache(maxsize=1)
def brochure_html_class():
    """weasyprint.HTML, laying documents out with the trimmed user-agent stylesheet."""
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA, UA_FORM_STYLESHEET

    css = trimmed_ua_css(UA)
    if css is None:
        return HTML
    # Its own counter styles, as WeasyPrint does for the stock sheet: "disc" and "decimal"
    # may be defined only once in a set.
    counter_style = CounterStyle()
    stylesheet = CSS(string=css, counter_style=counter_style)

    class BrochureHTML(HTML):
        # Not public API: WeasyPrint asks the document for its user-agent stylesheets and
        # counter styles here. The version is pinned (pyproject.toml); the tests fail if
        # these are no longer called.
        def _ua_stylesheets(self, forms=False):
            return [stylesheet, UA_FORM_STYLESHEET] if forms else [stylesheet]

        def _ua_counter_style(self):
            return [counter_style.copy()]

    return BrochureHTML
