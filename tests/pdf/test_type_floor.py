"""The type floor: no text under 8pt in a leaflet or tri-fold, nothing under 16pt in large print."""

from __future__ import annotations

import datetime as dt

import pytest

from brochures import defaults
from brochures.type_scale import step_name, steps_css
from conftest import brochure_html, render_as_built, skip_unless_printable, text_sizes

STEP_HTML = """<html lang="en"><head><style>:root {{ {steps} }}</style></head><body>
<p style="font-size: var({name})">Fine print</p></body></html>"""


def test_steps_follow_the_size_but_never_go_under_the_floor():
    assert "--text-75: 7.5pt;" in steps_css(10)
    assert "--text-75: 8pt;" in steps_css(10, 8)
    assert "--text-75: 9pt;" in steps_css(12, 8)
    assert "--text-95: 16pt;" in steps_css(16, 16)
    assert "--text-85: 0.85rem;" in steps_css()  # for HTML that no renderer sizes


@pytest.mark.parametrize("floor, expected", [(0, 7.5), (8, 8.0)])
def test_the_renderer_applies_the_floor_to_the_steps(renderer, floor, expected):
    html = STEP_HTML.format(steps=steps_css(), name=step_name(0.75))
    pdf = renderer.render(
        html, lang="en", max_pages=1, date=dt.date(2026, 1, 1), type_floor=floor
    ).data
    assert {size for _, size, _ in text_sizes(pdf)} == {expected}


@pytest.mark.slow
@pytest.mark.parametrize(
    "lang, slug, layout",
    [
        ("en", "overview", "leaflet"),
        ("es", "neurological", "leaflet"),
        ("zh-Hans", "cancer", "leaflet"),
        ("ar", "diagnostics", "leaflet"),
        ("en", "overview", "trifold"),
        ("ru", "neurological", "trifold"),
        ("zh-Hans", "cancer", "trifold"),
        ("en", "neurological", "large-print"),
        ("ru", "autoimmune", "large-print"),
        ("hi", "cancer", "large-print"),
    ],
)
def test_no_text_under_the_layouts_floor(renderer, library, clinic, shipped, lang, slug, layout):
    """Footer, sources, labels and notes included: every piece of text the PDF draws."""
    skip_unless_printable(shipped, lang, slug, layout)
    html = brochure_html(library, clinic, slug, lang, layout=layout)
    result = render_as_built(renderer, html, lang, library.topics[slug].reviewed, layout)
    floor = defaults.TYPE_FLOOR_PT[layout]
    small = [(page, size, text) for page, size, text in text_sizes(result.data) if size < floor]
    assert not small, f"under {floor}pt: {small[:5]}"
