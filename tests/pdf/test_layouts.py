"""Layouts and print: tri-fold panels, large print, bleed, brand colours, QR, accessibility."""

from __future__ import annotations

import html as htmllib
import io
import re
import subprocess
import sys
from dataclasses import replace

import pypdf
import pypdfium2
import pytest

from brochures import defaults
from brochures.content.clinic import load_clinic
from brochures.errors import ContentError, RenderError
from brochures.html.render import render_html
from brochures.i18n.translations import Translations, load_translations
from brochures.pdf.crop_marks import SLUG_MM
from conftest import LOCALES, PROJECT, TEMPLATES, render_as_built, write

MM = 72 / 25.4


def _render(renderer, library, clinic, translations, slug="cancer", layout="leaflet", **kw):
    topic = library.topics[slug]
    html = render_html(
        topic,
        library.regulatory,
        clinic,
        translations,
        layout=layout,
        templates_dir=TEMPLATES,
        **kw,
    )
    result = render_as_built(renderer, html, translations.lang, topic.reviewed, layout)
    return html, result


def _mm(box):
    return tuple(round(float(value) / MM, 1) for value in box)


def _panel_left(html: str, name: str) -> float:
    match = re.search(rf'data-panel="{re.escape(name)}"\s+style="left: ([\d.]+)mm', html)
    return float(match.group(1))


def _text_between_folds(pdf: bytes, page: int, folds: tuple[float, float]) -> list[int]:
    """How many characters of a page lie in each of its three panels (folds in mm from the
    left), and fail if any is nearer a fold or an edge than the panels' padding allows."""
    document = pypdfium2.PdfDocument(pdf)
    width = document[page].get_width() / MM
    text = document[page].get_textpage()
    per_panel = [0, 0, 0]
    for index in range(text.count_chars()):
        if text.get_text_range(index, 1).isspace():
            continue
        left, _, right, _ = (value / MM for value in text.get_charbox(index))
        # Nor nearer the sheet's edges: a panel clips what runs past its padding.
        assert 6.5 < left and right < width - 6.5, f"text {left:.1f}-{right:.1f} mm at an edge"
        for fold in folds:
            # 7 mm of padding each side of a fold; half a millimetre for glyph overhang.
            assert not (fold - 6.5 < left < fold + 6.5 or fold - 6.5 < right < fold + 6.5), (
                f"text {left:.1f}-{right:.1f} mm is within 6.5 mm of the fold at {fold:.1f} mm"
            )
        per_panel[sum(1 for fold in folds if left > fold)] += 1
    return per_panel


@pytest.mark.slow
@pytest.mark.parametrize("lang, slug", [("en", "cancer"), ("ar", "cancer"), ("en", "diagnostics")])
def test_trifold_is_two_landscape_pages_with_panels_in_folding_order(
    renderer, library, clinic, lang, slug
):
    """Diagnostics, the shortest topic, too: no panel of it is blank."""
    translations = load_translations(LOCALES, lang)
    html, result = _render(renderer, library, clinic, translations, slug=slug, layout="trifold")
    assert result.pages == 2
    page = pypdf.PdfReader(io.BytesIO(result.data)).pages[0]
    paper = clinic.paper
    assert _mm(page.mediabox)[2:] == (paper.height_mm, paper.width_mm)  # landscape
    # The inside flap folds in: it is narrower than the back and the cover by FOLD_IN_MM.
    sheet = paper.height_mm
    wide = (sheet + defaults.FOLD_IN_MM) / 3
    narrow = wide - defaults.FOLD_IN_MM
    outside = (narrow, narrow + wide) if lang == "en" else (sheet - narrow - wide, sheet - narrow)
    # Inside, the fold-in panel is the one behind the flap: on the right (left in Arabic).
    inside = (wide, 2 * wide) if lang == "en" else (sheet - 2 * wide, sheet - wide)
    # Every panel carries text, none of it within the padding of a fold.
    assert all(count > 100 for count in _text_between_folds(result.data, 0, outside))
    assert all(count > 100 for count in _text_between_folds(result.data, 1, inside))
    # Reading order: the cover comes first in the document (and the PDF structure tree),
    # then the flap with the safety facts, then the back.
    order = [html.index(f'data-panel="{name}') for name in ("front cover", "inside flap", "back")]
    assert order == sorted(order)


def test_trifold_panels_are_mirrored_for_right_to_left(library, clinic):
    html = render_html(
        library.topics["cancer"],
        library.regulatory,
        clinic,
        Translations("ar"),
        layout="trifold",
        templates_dir=TEMPLATES,
        draft=True,
    )
    assert _panel_left(html, "front cover (outside, right)") == 0
    # The fold-in panels are mirrored too: the flap is the rightmost outside panel, and
    # the inside's wider padding is on the right, away from the narrow panel (left).
    wide = (clinic.paper.height_mm + defaults.FOLD_IN_MM) / 3
    assert _panel_left(html, "inside flap (outside, left)") == pytest.approx(2 * wide, abs=0.01)
    side = defaults.PANEL_PADDING_MM[1]
    spread = html.split('data-panel="inside (three panels)"')[1].split(">")[0]
    assert f"{side + defaults.FOLD_IN_MM}mm {defaults.PANEL_PADDING_MM[2]}mm {side}mm" in spread


def test_text_that_overflows_a_panel_is_an_error_naming_it(renderer, library, clinic, english):
    topic = library.topics["cancer"]
    crowded = replace(topic, questions=topic.questions * 40)
    html = render_html(
        crowded,
        library.regulatory,
        clinic,
        english,
        layout="trifold",
        templates_dir=TEMPLATES,
        draft=True,
    )
    with pytest.raises(RenderError) as caught:
        renderer.render(html, lang="en", date=topic.reviewed, max_pages=2, text_sizes=(9.5,))
    assert "inside (three panels)" in str(caught.value)


@pytest.mark.slow
def test_large_print_sets_reading_text_at_16pt_or_more(renderer, library, clinic, english):
    _, result = _render(renderer, library, clinic, english, layout="large-print")
    assert result.pages > 2  # as many pages as it needs
    document = pypdfium2.PdfDocument(result.data)
    sizes = []
    for page in document:
        text = page.get_textpage()
        for index in range(text.count_chars()):
            if text.get_text_range(index, 1).strip():
                sizes.append(pypdfium2.raw.FPDFText_GetFontSize(text.raw, index))
    share = sum(size >= 15.9 for size in sizes) / len(sizes)
    assert share > 0.9, f"only {share:.0%} of characters are 16pt or more"
    assert min(sizes) >= 11.9  # the running footer, the smallest text, is 12pt


def test_large_print_is_left_aligned_without_hyphenation():
    css = (TEMPLATES / "css" / "large-print.css").read_text()
    assert "hyphens: manual" in css and "text-align: left" in css and "max-width: 68ch" in css


@pytest.mark.slow
def test_print_ready_adds_bleed_and_trim_box_and_the_band_runs_into_it(
    renderer, library, clinic, english
):
    _, result = _render(renderer, library, clinic, english, print_ready=True)
    page = pypdf.PdfReader(io.BytesIO(result.data)).pages[0]
    width, height, bleed = clinic.paper.width_mm, clinic.paper.height_mm, defaults.BLEED_MM
    assert _mm(page.trimbox) == (0.0, 0.0, width, height)
    assert _mm(page.bleedbox) == (-bleed, -bleed, width + bleed, height + bleed)
    # Around the bleed, a slug for the crop marks (tests/pdf/test_print_ready.py).
    out = bleed + SLUG_MM
    assert _mm(page.mediabox) == (-out, -out, round(width + out, 1), round(height + out, 1))
    # The brand strip covers the top bleed: sample half the bleed outside the trim edge.
    image = pypdfium2.PdfDocument(result.data)[0].render(scale=2).to_pil().convert("RGB")
    scale = image.width / (width + 2 * out)  # pixels per mm over the whole media box
    x, y = int(100 * scale), int((SLUG_MM + bleed / 2) * scale)
    brand = tuple(int(clinic.brand_color[i : i + 2], 16) for i in (1, 3, 5))
    assert image.getpixel((x, y)) == brand
    # ... and stops there: half the slug further out, white paper.
    assert image.getpixel((x, int(SLUG_MM / 2 * scale))) == (255, 255, 255)


PROFILE = """
    name: Test Clinic
    address: [1 Test Road]
    phone: "+1 555 0100"
    website: https://clinic.example
    country: US
"""


def test_brand_colours_reach_the_brochure(tmp_path, library, english):
    clinic = load_clinic(
        write(tmp_path / "c.yaml", PROFILE + '    colors: {brand: "#5b2a86", tint: "#f1ebf7"}\n')
    )
    html = render_html(
        library.topics["cancer"], library.regulatory, clinic, english, templates_dir=TEMPLATES
    )
    assert "--brand: #5b2a86; --brand-light: #f1ebf7;" in html


@pytest.mark.parametrize(
    "colors, field, ratio",
    [
        ('{brand: "#ffcc00"}', "colors.brand", "1.5"),  # yellow text on white
        ('{tint: "#333333"}', "colors.tint", "1.3"),  # dark box behind dark text
    ],
)
def test_a_colour_with_too_little_contrast_is_an_error(tmp_path, colors, field, ratio):
    with pytest.raises(ContentError) as caught:
        load_clinic(write(tmp_path / "c.yaml", PROFILE + f"    colors: {colors}\n"))
    assert caught.value.field == field and "WCAG AA needs 4.5:1" in str(caught.value)
    assert f"{ratio}" in str(caught.value)


@pytest.mark.parametrize(
    "line",
    ["css: '.regulatory {display: none}'", "hide_regulatory: true", "colors: {warning: '#ffffff'}"],
)
def test_a_profile_cannot_touch_the_safety_block(tmp_path, line):
    with pytest.raises(ContentError) as caught:
        load_clinic(write(tmp_path / "c.yaml", PROFILE + f"    {line}\n"))
    assert "unknown key" in str(caught.value)


@pytest.mark.slow
def test_qr_code_scans_back_to_the_printed_url(renderer, library, clinic, english):
    import zxingcpp

    html, result = _render(renderer, library, clinic, english)
    revision = library.topics["cancer"].reviewed.isoformat()
    expected = clinic.qr_url.format(
        website=clinic.website.rstrip("/"),
        lang="en",
        topic="cancer",
        layout="leaflet",
        revision=revision,
    )
    assert expected.endswith(f"/en/cancer?rev={revision}")  # the default template
    assert expected.split("://", 1)[1] in html  # printed beside it
    document = pypdfium2.PdfDocument(result.data)
    found = []
    for page in document:
        image = page.render(scale=300 / 72).to_pil()
        found += [code.text for code in zxingcpp.read_barcodes(image)]
    assert found == [expected]


def test_qr_url_template_is_checked(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_clinic(write(tmp_path / "c.yaml", PROFILE + '    qr_url: "{website}/{brochure}"\n'))
    assert caught.value.field == "qr_url" and "{brochure}" in str(caught.value)
    clinic = load_clinic(
        write(tmp_path / "d.yaml", PROFILE + '    qr_url: "https://x.example/{lang}/{topic}"\n')
    )
    assert clinic.qr_url == "https://x.example/{lang}/{topic}"


def _structure(reader):
    counts, alts = {}, []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        kind = node.get("/S")
        if kind:
            counts[kind] = counts.get(kind, 0) + 1
        if kind == "/Figure":
            alts.append(node.get("/Alt"))
        children = node.get("/K")
        for child in (
            children if isinstance(children, list) else ([children] if children is not None else [])
        ):
            walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return counts, alts


@pytest.mark.slow
@pytest.mark.parametrize("layout", defaults.LAYOUTS)
def test_pdfs_are_tagged_for_accessibility(renderer, library, clinic, spanish, layout):
    html, result = _render(
        renderer, library, clinic, spanish, slug="overview", layout=layout, languages=("en", "es")
    )
    reader = pypdf.PdfReader(io.BytesIO(result.data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "es" and root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    title = htmllib.unescape(re.search(r"<title>(.*?)</title>", html).group(1))
    assert reader.metadata.title == title != library.topics["overview"].title
    counts, alts = _structure(reader)
    assert counts.get("/H1") and counts.get("/L")
    assert counts.get("/H2") == html.count("<h2")
    # Every picture (logo, pictograms, cover, QR code) has a text alternative.
    assert len(alts) == html.count("<img ") and all(alt and str(alt).strip() for alt in alts), alts


def _build_in_new_process(out, lang="es", topic="neurological", layout="leaflet"):
    subprocess.run(
        [
            sys.executable,
            "build.py",
            "--lang",
            lang,
            "--topic",
            topic,
            "--layout",
            layout,
            "--out",
            str(out),
        ],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )
    suffix = "" if layout == "leaflet" else f"-{layout}"
    return (out / lang / f"{topic}{suffix}.pdf").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("lang, layout", [("es", "leaflet"), ("zh-Hans", "trifold")])
def test_two_builds_in_two_processes_give_identical_bytes(tmp_path, lang, layout):
    first = _build_in_new_process(tmp_path / "one", lang=lang, layout=layout)
    second = _build_in_new_process(tmp_path / "two", lang=lang, layout=layout)
    assert first == second
    assert b"/CreationDate" not in first and b"/ModDate" not in first


@pytest.mark.slow
@pytest.mark.parametrize(
    "layout, lang",
    [(layout, "en") for layout in defaults.LAYOUTS]
    + [("large-print", "ru"), ("large-print", "zh-Hans")],
)
def test_no_text_runs_off_the_page(renderer, library, clinic, layout, lang):
    # The running footer lives in the page margin, where nothing stops it from being cut
    # off by the page edge: at large-print size it takes three or four lines.
    from brochures.i18n.translations import load_translations

    translations = load_translations(LOCALES, lang)
    _, result = _render(renderer, library, clinic, translations, layout=layout)
    document = pypdfium2.PdfDocument(result.data)
    for number, page in enumerate(document, start=1):
        width, height = page.get_size()
        text = page.get_textpage()
        outside = []
        for index in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(index)
            if right > left and (left < 0 or bottom < 0 or right > width or top > height):
                outside.append(text.get_text_range(index, 1))
        assert not outside, f"page {number}: {''.join(outside)!r} is off the page"


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["overview", "neurological"])
def test_the_trifold_cover_title_is_26pt_whatever_the_panels_text(
    renderer, library, clinic, english, slug
):
    from conftest import text_sizes

    _, result = _render(renderer, library, clinic, english, slug=slug, layout="trifold")
    title = english.gettext(library.topics[slug].title)
    large = " ".join(text for page, size, text in text_sizes(result.data) if size >= 26)
    assert set(title.split()) <= set(large.split()), large


@pytest.mark.slow
def test_each_trifold_panel_gets_the_largest_size_its_own_text_fits(
    renderer, library, clinic, monkeypatch
):
    """A full panel no longer sets the size of the others (German: long words); none is
    under 9.5pt, the tri-fold's body floor."""
    from brochures.pdf.fitting import Fitter
    from conftest import brochure_html, text_sizes

    chosen = {}
    real = Fitter.fit_panels

    def recording(self, *args):
        document, sizes = real(self, *args)
        chosen.update(sizes)
        return document, sizes

    monkeypatch.setattr(Fitter, "fit_panels", recording)
    html = brochure_html(library, clinic, "overview", "de", layout="trifold")
    result = render_as_built(renderer, html, "de", library.topics["overview"].reviewed, "trifold")
    assert len(chosen) == 4 and len(set(chosen.values())) > 1, chosen
    assert min(chosen.values()) >= 9.5 == min(defaults.TEXT_SIZES["trifold"])
    drawn = {size for _, size, _ in text_sizes(result.data)}
    # Each panel's headings are set from its own size (1.25 times it), its text at it.
    for size in set(chosen.values()):
        assert any(abs(1.25 * size - d) < 0.05 for d in drawn), (size, sorted(drawn))


def _figures(pdf: bytes) -> dict[str, tuple[float, float]]:
    """Each Figure of the PDF's structure tree: its alt text and its box's size in mm
    (WeasyPrint gives the box in CSS pixels)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: dict[str, tuple[float, float]] = {}
    pending = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while pending:
        node = pending.pop().get_object()
        if isinstance(node, list):
            pending.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        if node.get("/S") == "/Figure" and "/A" in node:
            left, bottom, right, top = (float(v) for v in node["/A"]["/BBox"])
            found[str(node.get("/Alt"))] = ((right - left) * 25.4 / 96, (top - bottom) * 25.4 / 96)
        kids = node.get("/K")
        if kids is not None:
            pending.extend(kids if isinstance(kids, list) else [kids])
    return found


@pytest.mark.slow
@pytest.mark.parametrize("layout", defaults.LAYOUTS)
@pytest.mark.parametrize("slug", ["neurological", "overview"])
def test_route_pictograms_are_8mm_or_more(renderer, library, clinic, english, layout, slug):
    """Wherever a route is shown (cards, paragraphs, or the overview's list of names), its
    pictogram is big enough to recognise: 4 mm ones were not."""
    _, result = _render(renderer, library, clinic, english, slug=slug, layout=layout)
    routes = [english.gettext(route.name) for route in library.topics[slug].routes]
    figures = _figures(result.data)
    assert routes and all(name in figures for name in routes), (routes, list(figures))
    for name in routes:
        assert min(figures[name]) >= 8 - 0.01, (name, figures[name])
