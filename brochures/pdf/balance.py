"""Keep a brochure that flows onto as many pages as it needs from ending on a runt page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The shares of a page's text area the large-print guidance asks of the pages: the last at
# least a fifth, every other at least two fifths (a page holding one item or the last line
# of the colophon reads as a printing fault).
LAST_PAGE_MIN = 0.2
PAGE_MIN = 0.4
# Where a break moved blocks down, a little more than the minimum, for line rounding.
_SPARE = 0.05
# Headings and the sections they open are where a reader expects a new page.
_PREFERRED_TAGS = ("section", "h2", "h3")
MAX_TRIES = 3

LaidOut = Any  # a laid-out weasyprint Document


def page_fills(document: LaidOut) -> list[float]:
    """How far down its text area each page's content reaches (0 to 1)."""
    from brochures.pdf.weasyprint_internals import page_flow

    fills = []
    for page in document.pages:
        flow = page_flow(page)
        bottom = max(flow.content_ends, default=flow.top)
        fills.append(min(max((bottom - flow.top) / flow.height, 0.0), 1.0))
    return fills


def balance_last_page(
    document: LaidOut, lay_out_breaking: Callable[[Any], LaidOut]
) -> tuple[LaidOut, int]:
    """The document, or if its last page is a runt, a layout of it with a page break forced
    before a block of the page before, so that both pages keep their share (LAST_PAGE_MIN,
    PAGE_MIN); and how many extra layouts that took. `lay_out_breaking(element)` lays the
    document out again with `break-before: page` on that source element.

    Blocks are tried from the lowest one that moves enough text, headings and sections
    first; a layout that does not keep the page count and meet the shares is discarded.
    """
    from brochures.pdf.weasyprint_internals import block_starts, page_flow

    fills = page_fills(document)
    if len(fills) < 2 or fills[-1] >= LAST_PAGE_MIN:
        return document, 0
    page = document.pages[-2]
    flow = page_flow(page)
    previous = document.pages[-3] if len(document.pages) >= 3 else None
    needed = LAST_PAGE_MIN + _SPARE - fills[-1]  # of a page, to move down
    candidates = []
    for element, tag, start in block_starts(page, previous):
        above = (start - flow.top) / flow.height  # what stays on the page
        moved = fills[-2] - above
        if above >= PAGE_MIN and needed <= moved and fills[-1] + moved <= 1 - _SPARE:
            candidates.append((tag.split("::")[0] not in _PREFERRED_TAGS, moved, element))
    tries = 0
    for _, _, element in sorted(candidates, key=lambda c: (c[0], c[1]))[:MAX_TRIES]:
        tries += 1
        balanced = lay_out_breaking(element)
        after = page_fills(balanced)
        # Only the last two pages change: the break is on the one before the last.
        if len(after) == len(fills) and after[-1] >= LAST_PAGE_MIN and after[-2] >= PAGE_MIN:
            return balanced, tries
    return document, tries
