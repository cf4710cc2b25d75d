"""Large print: pages that are never near empty, a safety box that turns the page only
between its parts, an 18pt contact block, and a footer at full size."""

from __future__ import annotations

import datetime as dt
import io
import statistics

import pypdf
import pytest

from brochures.pdf.balance import LAST_PAGE_MIN, PAGE_MIN
from conftest import brochure_html, render_as_built, skip_unless_printable, text_boxes, text_sizes

LAYOUT = "large-print"
PAY_QUESTION = (
    "Why am I being asked to pay? Being charged for an unapproved product is a warning sign."
)
TOP_MM, BOTTOM_MM = 16, 28  # defaults.PAGE_MARGINS_MM["large-print"]


def _fills(pdf: bytes, top_mm: float = TOP_MM, bottom_mm: float = BOTTOM_MM) -> list[float]:
    """How far down its text area each page's text reaches, read back from the PDF."""
    mm = 72 / 25.4
    lowest: dict[int, float] = {}
    height = 0.0
    for page, (_, bottom, _, _), _, height in text_boxes(pdf):
        if bottom > bottom_mm * mm:  # not the footer, which sits in the margin
            lowest[page] = min(lowest.get(page, height), bottom)
    area = height - (top_mm + bottom_mm) * mm
    return [(height - top_mm * mm - lowest[page]) / area for page in sorted(lowest)]


def _pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _render(renderer, library, clinic, lang, slug):
    html = brochure_html(library, clinic, slug, lang, layout=LAYOUT)
    return render_as_built(renderer, html, lang, library.topics[slug].reviewed, LAYOUT)


# Languages whose text runs long (de, ru), short (zh-Hans) and right to left (ar); these
# topics ended on a page with a line or two before the last page was balanced.
CASES = [
    ("en", "autoimmune"),
    ("es", "cosmetic"),
    ("de", "neurological"),
    ("ru", "overview"),
    ("ar", "cancer"),
    ("zh-Hans", "autoimmune"),
]


@pytest.mark.slow
@pytest.mark.parametrize("lang, slug", CASES)
def test_no_page_is_near_empty(renderer, library, clinic, shipped, lang, slug):
    """Measured against an average page: no page but the last under 40% of it, the last
    20% or more."""
    skip_unless_printable(shipped, lang, slug, LAYOUT)
    fills = _fills(_render(renderer, library, clinic, lang, slug).data)
    average = statistics.mean(fills[:-1])
    assert all(fill >= PAGE_MIN * average for fill in fills[:-1]), fills
    assert fills[-1] >= LAST_PAGE_MIN * average, fills


def test_a_runt_last_page_takes_a_block_from_the_page_before(renderer, monkeypatch):
    """Content that flows one line onto a new page: a page break forced before a block of
    the page before moves enough text down that the last page keeps a fair share, without
    adding a page."""
    import brochures.pdf.renderer as renderer_module

    def render(n: int):
        paragraph = "<p>" + "Words that fill the line. " * 12 + "</p>"
        body = f"<h2>First</h2>{paragraph * n}<h2>Second</h2>{paragraph * 3}<p>End.</p>"
        html = (
            '<html lang="en"><head><style>@page { size: A5; margin: 10mm } '
            "p { margin: 0 0 2mm }</style></head>"
            f"<body>{body}</body></html>"
        )
        return renderer.render(html, lang="en", max_pages=None, date=dt.date(2026, 1, 1))

    balanced = renderer_module.balance_last_page
    with monkeypatch.context() as patched:
        patched.setattr(renderer_module, "balance_last_page", lambda document, _: (document, 0))
        # The number of paragraphs that leaves "End." alone on the last page.
        n = next(n for n in range(4, 40) if _pages_of(render(n).data)[-1].split() == ["End."])
        runt = render(n)
    assert renderer_module.balance_last_page is balanced
    result = render(n)
    assert result.pages == runt.pages
    last = " ".join(_pages_of(result.data)[-1].split())
    assert last.startswith("Second") and last.endswith("End.")
    assert _fills(result.data, top_mm=10, bottom_mm=10)[-1] >= LAST_PAGE_MIN


@pytest.mark.slow
@pytest.mark.parametrize("lang, slug", [("en", "neurological"), ("es", "diagnostics")])
def test_the_safety_box_turns_the_page_only_between_its_parts(
    renderer, library, clinic, shipped, lang, slug
):
    """Each part's heading and its last sentence are on the same page."""
    skip_unless_printable(shipped, lang, slug, LAYOUT)
    from brochures.i18n.translations import load_translations
    from conftest import LOCALES

    _ = load_translations(LOCALES, lang).gettext
    pages = _pages_of(_render(renderer, library, clinic, lang, slug).data)
    tests = library.topics[slug].about == "tests"
    ask = _("Before any test, ask:") if tests else _("Before any treatment, ask the clinic:")
    last_question = _("What will it cost, and will my insurance pay?") if tests else _(PAY_QUESTION)
    pairs = [
        (ask, last_question.split()[-1]),
        (_("If you have a problem"), _("Talk with your own doctor before you decide.").split()[-1]),
    ]

    def page_of(text: str, after: int = 0) -> int:
        flat = [" ".join(page.split()) for page in pages]
        return next(i for i in range(after, len(flat)) if text in flat[i])

    for heading, last_word in pairs:
        start = page_of(heading)
        assert page_of(last_word, start) == start, f"{heading!r} runs on to the next page"


@pytest.mark.slow
def test_the_contact_block_and_footer_are_set_large(renderer, library, clinic):
    result = _render(renderer, library, clinic, "en", "neurological")
    sizes = text_sizes(result.data)
    phone_sizes = {size for _, size, text in sizes if clinic.phone.split()[-1] in text}
    # 18pt in the contact block; 16pt in the masthead and the footer, on every page.
    assert max(phone_sizes) >= 18
    assert min(phone_sizes) >= 16
    footer_pages = {page for page, _, text in sizes if clinic.phone.split()[-1] in text}
    assert footer_pages == set(range(result.pages))
    assert any("Given by:" in text for _, _, text in sizes)
