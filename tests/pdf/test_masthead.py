"""The masthead: nothing drawn on the clinic's logo, in any language and layout."""

from __future__ import annotations

import re
from urllib.parse import quote

import pypdfium2
import pytest

from brochures import defaults
from brochures.i18n.languages import available_languages
from brochures.i18n.translations import load_translations
from conftest import LOCALES, brochure_html, skip_unless_printable

LANGUAGES = available_languages(LOCALES)
# Scripts whose marks reach far above the letters, where a title can run under the logo.
TALL_MARKS = [lang for lang in ("hi", "ar", "vi") if lang in LANGUAGES]
# Every topic's leaflet in those scripts (titles differ in length, and each runs on to the
# logo or not); elsewhere, and in the other layouts, the longest title (None).
CASES = (
    [(lang, "leaflet", None) for lang in LANGUAGES if lang not in TALL_MARKS]
    + [("tall marks", "leaflet", lang) for lang in TALL_MARKS]
    + [
        (lang, layout, None)
        for layout in ("trifold", "large-print")
        for lang in ["en", *TALL_MARKS]
    ]
)
# An image of the same box that draws nothing: the layout stays the same without the logo.
BLANK = "data:image/svg+xml," + quote(
    '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
)
LOGO = re.compile(r'(<img class="clinic-logo" src=")[^"]*(")')
DPI = 150


def _longest_title(library, lang: str) -> str:
    """The topic whose title is longest in `lang`: the likeliest to run under the logo."""
    translations = load_translations(LOCALES, lang)
    return max(
        sorted(library.topics),
        key=lambda slug: len(translations.gettext(library.topics[slug].title)),
    )


def _first_page(pdf: bytes):
    """Page 1 as a grey image (one byte a pixel)."""
    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=DPI / 72, grayscale=True).to_pil()
    return image.convert("L")


def _box(a, b):
    """The bounding box (left, top, right, bottom) of the pixels that differ, or None."""
    from PIL import ImageChops

    return ImageChops.difference(a, b).point(lambda value: 255 if value > 24 else 0).getbbox()


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "layout", "every_topic_of"), CASES)
def test_nothing_is_drawn_on_the_logo(
    renderer, library, clinic, shipped, lang, layout, every_topic_of
):
    if every_topic_of:
        lang, slugs = every_topic_of, sorted(library.topics)
    else:
        slugs = [_longest_title(library, lang)]
    checked = 0
    for slug in slugs:
        try:
            skip_unless_printable(shipped, lang, slug, layout)
        except pytest.skip.Exception:
            continue
        _check_logo_clear(renderer, library, clinic, lang, slug, layout)
        checked += 1
    if not checked:
        pytest.skip(f"{lang} cannot print these {layout}s yet")


def _check_logo_clear(renderer, library, clinic, lang, slug, layout):
    html = brochure_html(library, clinic, slug, lang, layout=layout, languages=LANGUAGES)
    assert LOGO.search(html), "the example clinic has a logo"
    options = {
        "lang": lang,
        "date": library.topics[slug].reviewed,
        "max_pages": defaults.MAX_PAGES[layout],
    }
    with_logo = renderer.render(html, text_sizes=defaults.TEXT_SIZES[layout], **options)
    # The same sizes again: a leaflet's one size; a tri-fold's panels are fitted each on
    # its own once more (the blank picture takes the logo's box, so they come out the same).
    again = defaults.TEXT_SIZES[layout] if layout == "trifold" else (with_logo.text_size,)
    without = renderer.render(LOGO.sub(rf"\g<1>{BLANK}\g<2>", html), text_sizes=again, **options)
    shown, blank = _first_page(with_logo.data), _first_page(without.data)
    logo = _box(shown, blank)
    assert logo is not None, "the logo is drawn"
    # Only the logo differs: its box is reserved, nothing moves when it is not drawn.
    mm = DPI / 25.4
    left, top, right, bottom = logo
    assert right - left < 12 * mm and bottom - top < 12 * mm, logo
    # Without it, its box and half a millimetre around it are empty: no letter, mark or
    # picture of anything else reaches into it, nor touches it.
    around = (left - mm / 2, top - mm / 2, right + mm / 2, bottom + mm / 2)
    region = blank.crop(tuple(round(v) for v in around))
    darkest, _ = region.getextrema()
    assert darkest > 200, f"something is drawn on the logo of {lang}/{slug} ({layout})"
