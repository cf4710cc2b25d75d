"""Cards in a row are as tall as the tallest of them, in every language."""

from __future__ import annotations

import collections

import pypdfium2
import pypdfium2.raw as pdfium_raw
import pytest

from conftest import brochure_html, render_as_built, skip_unless_printable


def _card_frames(pdf: bytes, columns: int) -> list[tuple[float, float]]:
    """(top, bottom) of the frames drawn round the cards of a row of `columns`: the paths
    about a `columns`-th of the page wide and a few lines tall."""
    frames = []
    document = pypdfium2.PdfDocument(pdf)
    for index in range(len(document)):
        page = document[index]
        width = page.get_width()
        for item in page.get_objects(max_depth=5):
            if item.type != pdfium_raw.FPDF_PAGEOBJ_PATH:
                continue
            left, bottom, right, top = item.get_bounds()
            share = (right - left) / width
            if 0.8 / (columns + 1) < share < 1 / columns and 20 < top - bottom < 300:
                frames.append((index, round(top, 1), round(bottom, 1)))
    return frames


@pytest.mark.slow
@pytest.mark.parametrize(
    "lang, slug, columns",
    [("en", "overview", 3), ("de", "overview", 3), ("es", "tissue-repair", 4), ("ru", "cancer", 2)],
)
def test_the_cards_of_a_row_end_level(renderer, library, clinic, shipped, lang, slug, columns):
    skip_unless_printable(shipped, lang, slug)
    html = brochure_html(library, clinic, slug, lang, layout="leaflet")
    result = render_as_built(renderer, html, lang, library.topics[slug].reviewed, "leaflet")
    rows = collections.defaultdict(set)
    for page, top, bottom in _card_frames(result.data, columns):
        rows[page, top].add(bottom)
    assert rows, "no card frames found"
    assert all(len(row) == 1 for row in rows.values()), dict(rows)
