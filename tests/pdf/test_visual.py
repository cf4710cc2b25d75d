"""Visual regression: representative brochures still look like their reviewed golden images.

Regenerate after an intended change, then look at every changed PNG before committing:

    UPDATE_GOLDENS=1 pytest tests/pdf/test_visual.py
"""

from __future__ import annotations

import os

import pytest
from PIL import Image, ImageChops

from brochures import defaults
from brochures.preview import page_images, side_by_side
from conftest import PROJECT, brochure_html, render_as_built

GOLDEN_DIR = PROJECT / "tests" / "golden"
DPI = 20  # small files; enough to see layout, wrapping and missing blocks
MEAN_DIFFERENCE = 2.0  # average grey-level difference allowed (0-255)
CHANGED_PIXELS = 0.005  # share of pixels allowed to differ by more than a quarter
CASES = [(lang, layout) for lang in ("en", "es", "ar", "zh-Hans") for layout in defaults.LAYOUTS]
# The bilingual edition: a Latin, a right-to-left and a CJK language beside English.
CASES += [(lang, defaults.BILINGUAL_LAYOUT) for lang in ("es", "ar", "zh-Hans")]


def _picture(renderer, library, clinic, lang, layout):
    topic = library.topics["neurological"]
    languages = ("en", "es", "ar", "zh-Hans")
    html = brochure_html(library, clinic, "neurological", lang, layout=layout, languages=languages)
    result = render_as_built(renderer, html, lang, topic.reviewed, layout)
    return side_by_side([page_images(result.data, DPI)]).convert("L")


@pytest.mark.slow
@pytest.mark.parametrize("lang, layout", CASES)
def test_brochure_looks_like_its_golden_image(renderer, library, clinic, lang, layout):
    picture = _picture(renderer, library, clinic, lang, layout)
    golden = GOLDEN_DIR / f"neurological-{lang}-{layout}.png"
    if os.environ.get("UPDATE_GOLDENS") == "1":
        GOLDEN_DIR.mkdir(exist_ok=True)
        picture.save(golden, optimize=True)
        return
    assert golden.is_file(), (
        f"no golden image {golden.name}: run UPDATE_GOLDENS=1 pytest {__file__}"
    )
    expected = Image.open(golden).convert("L")
    assert picture.size == expected.size, "page count or page size changed"
    difference = ImageChops.difference(picture, expected)
    histogram = difference.histogram()
    pixels = picture.width * picture.height
    mean = sum(level * count for level, count in enumerate(histogram)) / pixels
    changed = sum(histogram[64:]) / pixels
    if mean > MEAN_DIFFERENCE or changed > CHANGED_PIXELS:
        difference.point(lambda level: 255 if level > 63 else 0).save(
            golden.with_suffix(".diff.png")
        )
    assert mean <= MEAN_DIFFERENCE and changed <= CHANGED_PIXELS, (
        f"looks different: mean {mean:.2f}, {changed:.2%} of pixels changed "
        f"(see {golden.with_suffix('.diff.png').name})"
    )
