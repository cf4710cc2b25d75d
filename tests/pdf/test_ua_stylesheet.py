"""The trimmed user-agent stylesheet: in effect, safe for the templates, same PDFs."""

from __future__ import annotations

import re

import pytest
from weasyprint import HTML
from weasyprint.html import UA

from brochures import defaults
from brochures.html.render import render_html
from brochures.pdf import ua_stylesheet
from conftest import TEMPLATES, brochure_html, render_as_built


def test_the_installed_weasyprint_has_the_rules_we_trim():
    # If WeasyPrint's stylesheet changes, the stock one is used: slower, never wrong.
    # This fails first, so that someone looks at the new file.
    trimmed = ua_stylesheet.trimmed_ua_css(UA)
    assert trimmed is not None
    assert "li::marker {" in trimmed
    assert not re.search(r"^::(footnote|note)-", trimmed, re.M)
    assert len(UA.splitlines()) - len(trimmed.splitlines()) == 5
    assert ua_stylesheet.brochure_html_class() is not HTML


def test_the_trimmed_stylesheet_parses_without_a_warning(caplog):
    # Any WeasyPrint warning fails a render, and the class is first made inside one.
    ua_stylesheet.brochure_html_class.cache_clear()
    with caplog.at_level("WARNING", logger="weasyprint"):
        assert ua_stylesheet.brochure_html_class() is not HTML
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]


def test_an_unexpected_stylesheet_is_used_as_it_is():
    assert ua_stylesheet.trimmed_ua_css("p { margin: 0 }") is None
    assert ua_stylesheet.trimmed_ua_css(UA.replace("::marker {", "")) is None


def test_templates_use_no_feature_whose_rules_are_trimmed():
    css = "\n".join(path.read_text(encoding="utf-8") for path in sorted(TEMPLATES.rglob("*.css")))
    assert css  # the stylesheets were found
    # Footnotes and notes are what the dropped rules style; markers only on <li>.
    assert not re.search(r"footnote|::note|note-call", css)
    assert "list-item" not in css


def test_weasyprint_asks_for_the_trimmed_stylesheet(
    renderer, library, clinic, english, monkeypatch
):
    cls = ua_stylesheet.brochure_html_class()
    asked = []
    stylesheets, counter_style = cls._ua_stylesheets, cls._ua_counter_style

    def spy_stylesheets(self, forms=False):
        asked.append("stylesheets")
        return stylesheets(self, forms)

    def spy_counter_style(self):
        asked.append("counter style")
        return counter_style(self)

    monkeypatch.setattr(cls, "_ua_stylesheets", spy_stylesheets)
    monkeypatch.setattr(cls, "_ua_counter_style", spy_counter_style)
    topic = library.topics["diagnostics"]
    html = render_html(topic, library.regulatory, clinic, english, templates_dir=TEMPLATES)
    renderer.render(
        html, lang="en", date=topic.reviewed, max_pages=2, text_sizes=defaults.TEXT_SIZES["leaflet"]
    )
    # Otherwise the override is dead code and layouts are slow again.
    assert set(asked) == {"stylesheets", "counter style"}


@pytest.mark.slow
@pytest.mark.parametrize(
    "lang, slug, layout",
    [
        ("en", "neurological", "leaflet"),  # bulleted and numbered lists (markers)
        ("ar", "overview", "trifold"),  # right to left, panels
        ("zh-Hans", "cancer", "large-print"),
    ],
)
def test_pdfs_are_byte_identical_with_the_stock_stylesheet(
    renderer, library, clinic, monkeypatch, lang, slug, layout
):
    topic = library.topics[slug]
    html = brochure_html(library, clinic, slug, lang, layout=layout)

    def render() -> bytes:
        return render_as_built(renderer, html, lang, topic.reviewed, layout).data

    trimmed = render()
    monkeypatch.setattr(ua_stylesheet, "brochure_html_class", lambda: HTML)
    assert render() == trimmed
