"""The text model: one parse of a brochure's HTML gives runs, passages, panels and layout facts."""

from __future__ import annotations

import pickle

import pytest

from brochures.html import text_model as text_model_module
from brochures.html.render import render_html
from brochures.html.text_model import Passage, TextRun, text_model
from brochures.i18n.translations import load_translations
from conftest import LOCALES, TEMPLATES

PAGE = (
    '<html lang="en" dir="ltr"><head><title>Title</title><style>p { color: red }</style>'
    '</head><body class="layout-leaflet" data-page-label="Page 1">'
    '<section class="summary"><h2>In short</h2><p>You can <b>ask</b>.</p></section>'
    '<section class="prose"><p class="kicker">New</p><ol><li>A citation</li></ol>'
    '<p>Hola <span lang="es">amigo</span></p></section>'
    '<footer class="running-footer"><p>Clinic</p></footer></body></html>'
)


def test_runs_carry_the_language_they_are_set_in_and_leave_out_what_is_not_drawn():
    model = text_model(PAGE, "en")
    assert model.runs[0] == TextRun("en", "Page 1")  # drawn in the margin by CSS
    assert TextRun("es", "amigo") in model.runs
    texts = [run.text for run in model.runs]
    assert "Title" not in texts and not any("color" in text for text in texts)
    assert "A citation" in texts and "Clinic" in texts  # drawn, though not prose
    assert model.visible_length == len("Page1InshortYoucanask.NewAcitationHolaamigoClinic")


def test_passages_are_what_a_patient_reads():
    assert text_model(PAGE, "en").passages == (
        Passage("heading", "In short"),
        Passage("prose", "You can ask."),
        Passage("label", "New"),
        Passage("prose", "Hola amigo"),
    )


def test_summary_first_is_read_from_the_first_section():
    assert text_model(PAGE, "en").summary_first
    moved = PAGE.replace('<section class="summary">', '<section class="moved">')
    assert not text_model(moved, "en").summary_first
    assert not text_model("<p>no sections</p>", "en").summary_first


def test_the_layout_kind_follows_styles_and_body_but_not_the_text():
    model = text_model(PAGE, "en")
    assert text_model(PAGE.replace("amigo", "hermano"), "en").layout_kind == model.layout_kind
    assert text_model(PAGE.replace("red", "blue"), "en").layout_kind != model.layout_kind
    assert (
        text_model(PAGE.replace("layout-leaflet", "layout-trifold"), "en").layout_kind
        != model.layout_kind
    )
    assert text_model(PAGE.replace("amigo", "hermano"), "en").document_hash != model.document_hash


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_a_trifold_has_three_panels_and_a_spread_each_with_its_marker(library, clinic, lang):
    html = render_html(
        library.topics["cancer"],
        library.regulatory,
        clinic,
        load_translations(LOCALES, lang),
        layout="trifold",
        templates_dir=TEMPLATES,
    )
    model = text_model(html, lang)
    assert len(model.panels) == 4 and len(model.panel_keys) == 4
    for panel in model.panels:
        assert f'id="{panel.anchor}" title="{panel.name}"' in html
        assert panel.anchor.startswith(f"panel-end-{panel.sheet}-")
        assert panel.rtl == (lang == "ar")
    # The outside's three fixed panels; the inside, one flow of three columns.
    assert [(panel.sheet, panel.columns) for panel in model.panels] == [(0, 1)] * 3 + [(1, 3)]
    leaflet = render_html(
        library.topics["cancer"],
        library.regulatory,
        clinic,
        load_translations(LOCALES, "es"),
        layout="leaflet",
        templates_dir=TEMPLATES,
    )
    assert text_model(leaflet, "es").panels == ()


def test_the_model_is_small_and_survives_pickling(library, clinic, spanish):
    # It travels to the render worker with the HTML.
    html = render_html(
        library.topics["overview"], library.regulatory, clinic, spanish, templates_dir=TEMPLATES
    )
    model = text_model(html, "es")
    copy = pickle.loads(pickle.dumps(model))
    assert copy == model and copy.panel_keys == model.panel_keys
    assert len(pickle.dumps(model)) < len(html.encode())


@pytest.mark.slow
def test_a_built_pdf_parses_its_html_once(tmp_path, monkeypatch):
    from brochures.builder.pipeline import build_with_result
    from brochures.builder.plan import BuildOptions

    parsed = []
    real_feed = text_model_module._BrochureParser.feed
    monkeypatch.setattr(
        text_model_module._BrochureParser,
        "feed",
        lambda self, html: parsed.append(len(html)) or real_feed(self, html),
    )
    options = BuildOptions(langs=("en",), topics=("cancer",), out_dir=tmp_path, jobs=1)
    result = build_with_result(options, report=lambda _: None)
    assert [path.suffix for path in result.written] == [".pdf"]
    assert len(parsed) == 1  # by the checks; the renderer reads the same model


def test_the_model_names_the_terms_the_words_box_explains():
    html = (
        '<section class="words"><h2>Words to know</h2><ul>'
        '<li data-term="Lupus"><strong>Lupus</strong>: An illness.</li>'
        '<li data-term="IND number"><strong>IND-Nummer</strong>: Eine Nummer.</li></ul></section>'
    )
    model = text_model(html, "de")
    assert model.explained_terms == ("Lupus", "IND number")  # the English terms, as keys
    assert [p.text for p in model.passages][1] == "Lupus: An illness."
