"""Every piece of text at least 6mm from the sheet's edges, where office printers print."""

from __future__ import annotations

import pytest

from conftest import MM, brochure_html, render_as_built, skip_unless_printable, text_boxes

EDGE_MM = 6


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["leaflet", "trifold", "large-print"])
@pytest.mark.parametrize("lang", ["en", "ar", "zh-Hans", "ru"])
def test_text_keeps_clear_of_the_sheet_edges(renderer, library, clinic, shipped, lang, layout):
    """Arabic, Chinese and Cyrillic fonts draw lower than Latin ones: the footer must clear
    the bottom edge in them too."""
    slug = "cancer"
    skip_unless_printable(shipped, lang, slug, layout)
    html = brochure_html(library, clinic, slug, lang, layout=layout)
    result = render_as_built(renderer, html, lang, library.topics[slug].reviewed, layout)
    closest = min(
        min(left, width - right, bottom, height - top) / MM
        for _, (left, bottom, right, top), width, height in text_boxes(result.data)
    )
    assert closest >= EDGE_MM, f"text {closest:.2f} mm from the edge"


@pytest.mark.slow
@pytest.mark.parametrize(
    "lang, slug", [("de", "autoimmune"), ("pt", "cosmetic"), ("ru", "autoimmune")]
)
def test_a_long_word_in_a_26pt_cover_title_stays_on_the_sheet(
    renderer, library, clinic, shipped, lang, slug
):
    """ "Autoimmunerkrankungen" at 26pt is wider than the cover panel: it ran 37 mm off the
    sheet until titles could hyphenate there."""
    skip_unless_printable(shipped, lang, slug, "trifold")
    html = brochure_html(library, clinic, slug, lang, layout="trifold")
    result = render_as_built(renderer, html, lang, library.topics[slug].reviewed, "trifold")
    closest = min(
        min(left, width - right, bottom, height - top) / MM
        for _, (left, bottom, right, top), width, height in text_boxes(result.data)
    )
    assert closest >= EDGE_MM, f"text {closest:.2f} mm from the edge"
