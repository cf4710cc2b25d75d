"""Print-ready PDFs: boxes, crop marks in a slug beyond the bleed, backgrounds up to the bleed."""

from __future__ import annotations

import io
from dataclasses import replace

import pypdf
import pypdfium2
import pytest
from PIL import ImageDraw

from brochures import defaults
from brochures.html.render import render_html
from brochures.i18n.translations import load_translations
from conftest import LOCALES, TEMPLATES, render_as_built, skip_unless_printable

MM = 72 / 25.4
SCALE = 4  # pixels per point when rendering: a 0.25 pt mark is one pixel wide
WHITE = (255, 255, 255)


def _print_ready(renderer, library, clinic, lang, layout, paper):
    topic = library.topics["neurological"]
    html = render_html(
        topic,
        library.regulatory,
        replace(clinic, paper=defaults.PAPERS[paper]),
        load_translations(LOCALES, lang),
        layout=layout,
        templates_dir=TEMPLATES,
        print_ready=True,
    )
    result = render_as_built(renderer, html, lang, topic.reviewed, layout)
    return result.data


def _box(box) -> tuple[float, float, float, float]:
    return tuple(float(value) for value in box)  # type: ignore[return-value]


class Picture:
    """A page rendered over its whole MediaBox, addressed in PDF points."""

    def __init__(self, data: bytes, index: int, media) -> None:
        page = pypdfium2.PdfDocument(data)[index]
        self.image = page.render(scale=SCALE).to_pil().convert("RGB")
        self.left, self.top = media[0], media[3]

    def pixel(self, x: float, y: float) -> tuple[int, int]:
        return int((x - self.left) * SCALE), int((self.top - y) * SCALE)

    def _corners(self, x1: float, y1: float, x2: float, y2: float) -> tuple[int, ...]:
        (a, b), (c, d) = self.pixel(min(x1, x2), max(y1, y2)), self.pixel(max(x1, x2), min(y1, y2))
        return a, b, c, d

    def colours(self, x1: float, y1: float, x2: float, y2: float) -> set[tuple[int, int, int]]:
        """The colours inside a rectangle (points), one pixel in from its edges."""
        a, b, c, d = self._corners(x1, y1, x2, y2)
        crop = self.image.crop((a + 1, b + 1, c - 1, d - 1))
        return {colour for _, colour in crop.getcolors(crop.width * crop.height)}

    def inked_length(self, x1: float, y1: float, x2: float, y2: float) -> float:
        """How much of a line (points) has black ink on it or a pixel beside it, in points;
        a dark brand colour is not black ink."""
        steps = int(max(abs(x2 - x1), abs(y2 - y1)) * SCALE)
        dark = 0
        for step in range(steps):
            x, y = self.pixel(x1 + (x2 - x1) * step / steps, y1 + (y2 - y1) * step / steps)
            near = self.image.crop((x - 1, y - 1, x + 2, y + 2)).getcolors(9)
            dark += any(max(rgb) < 100 and max(rgb) - min(rgb) < 20 for _, rgb in near)
        return dark / SCALE

    def without(self, x1: float, y1: float, x2: float, y2: float) -> None:
        """Paint a rectangle (points) white, to check that nothing else has ink."""
        ImageDraw.Draw(self.image).rectangle(self._corners(x1, y1, x2, y2), fill=WHITE)


def _check_page(data: bytes, index: int, paper, landscape: bool, brand) -> None:
    page = pypdf.PdfReader(io.BytesIO(data)).pages[index]
    width, height = paper.width_mm * MM, paper.height_mm * MM
    if landscape:
        width, height = height, width
    bleed, five = defaults.BLEED_MM * MM, 5 * MM
    trim, bleed_box, media = _box(page.trimbox), _box(page.bleedbox), _box(page.mediabox)
    assert trim == pytest.approx((0, 0, width, height), abs=0.01)
    assert bleed_box == pytest.approx((-bleed, -bleed, width + bleed, height + bleed), abs=0.01)
    left, bottom, right, top = bleed_box
    media_left, media_bottom, media_right, media_top = media
    assert media_left <= left - five and media_bottom <= bottom - five
    assert media_right >= right + five and media_top >= top + five

    picture = Picture(data, index, media)
    # pdfium rounds the clip at the BleedBox's edge to whole pixels: allow two, 0.2 mm.
    edge = 2 / SCALE
    # Each trim line's two extensions through the slug, from the BleedBox to the page edge.
    extensions = [
        *((left - edge, y, media_left, y) for y in (0, height)),
        *((right + edge, y, media_right, y) for y in (0, height)),
        *((x, bottom - edge, x, media_bottom) for x in (0, width)),
        *((x, top + edge, x, media_top) for x in (0, width)),
    ]
    for x1, y1, x2, y2 in extensions:
        inked = picture.inked_length(x1, y1, x2, y2)
        where = f"{x1 / MM:.1f}, {y1 / MM:.1f} mm"
        assert inked >= five - 1, f"a mark from {where}: {inked / MM:.1f} mm"
    # Inside the bleed, no mark on the trim lines' extensions, and at the corners only the
    # brand strip or white paper.
    in_the_bleed = [
        *((left, y, 0, y) for y in (0, height)),
        *((width, y, right, y) for y in (0, height)),
        *((x, bottom, x, 0) for x in (0, width)),
        *((x, height, x, top) for x in (0, width)),
    ]
    for line in in_the_bleed:
        assert picture.inked_length(*line) == 0, f"a mark in the bleed at {line}"
    for x1, x2 in ((left, 0), (width, right)):
        assert picture.colours(x1, height, x2, top) == {brand}
        assert picture.colours(x1, bottom, x2, 0) == {WHITE}
    # The brand strip runs to the BleedBox's top edge.
    assert picture.colours(width / 3, height, width / 2, top) == {brand}
    # Nothing else has ink in the slug: no background, no brand strip, no stray mark.
    picture.without(left - edge, bottom - edge, right + edge, top + edge)
    for x1, y1, x2, y2 in extensions:  # a strip 2 pt either side of each
        picture.without(min(x1, x2) - 2, min(y1, y2) - 2, max(x1, x2) + 2, max(y1, y2) + 2)
    assert picture.colours(*media) == {WHITE}


def _brand(clinic) -> tuple[int, int, int]:
    return tuple(int(clinic.brand_color[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


@pytest.mark.parametrize(
    "lang, layout, paper",
    [
        ("en", "leaflet", "letter"),
        ("ar", "trifold", "a4"),
        pytest.param("ar", "leaflet", "a4", marks=pytest.mark.slow),
        pytest.param("en", "trifold", "letter", marks=pytest.mark.slow),
        pytest.param("en", "large-print", "a4", marks=pytest.mark.slow),
        pytest.param("ar", "large-print", "letter", marks=pytest.mark.slow),
    ],
)
def test_print_ready_pages_have_crop_marks_in_a_slug_outside_the_bleed(
    renderer, library, clinic, shipped, lang, layout, paper
):
    skip_unless_printable(shipped, lang, "neurological", layout)
    data = _print_ready(renderer, library, clinic, lang, layout, paper)
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    for index in sorted({0, pages - 1}):
        _check_page(data, index, defaults.PAPERS[paper], layout == "trifold", _brand(clinic))


def test_print_ready_output_is_the_same_bytes_each_time(renderer, library, clinic):
    first = _print_ready(renderer, library, clinic, "en", "leaflet", "a4")
    assert _print_ready(renderer, library, clinic, "en", "leaflet", "a4") == first


def test_pages_without_a_bleed_get_no_slug_and_no_marks(renderer, library, clinic, english):
    topic = library.topics["neurological"]
    html = render_html(
        topic, library.regulatory, clinic, english, layout="leaflet", templates_dir=TEMPLATES
    )
    data = renderer.render(html, lang="en", date=topic.reviewed, max_pages=2).data
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert _box(page.mediabox) == _box(page.trimbox) == _box(page.bleedbox)
    assert not isinstance(page["/Contents"], pypdf.generic.ArrayObject)
