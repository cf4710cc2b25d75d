"""HTML rendering: every topic in every language, escaped, labelled, with the fixed safety block."""

from __future__ import annotations

import re

import pytest
from babel import Locale
from babel.dates import format_date

from brochures.content.library import load_library
from brochures.i18n.languages import available_languages
from brochures.i18n.translations import load_translations
from brochures.html.filters import PAGE_MARK, PAGES_MARK, card_columns, css_string, page_label
from brochures.html.render import render_html

from conftest import CONTENT, LOCALES, TEMPLATES

LANGS = available_languages(LOCALES)
TOPICS = sorted(p.stem for p in (CONTENT / "topics").glob("*.yaml"))


@pytest.fixture(scope="module")
def pages(library, clinic):
    rendered = {}
    for lang in LANGS:
        translations = load_translations(LOCALES, lang)
        for slug in TOPICS:
            rendered[lang, slug] = render_html(library.topics[slug], library.regulatory, clinic,
                                               translations, templates_dir=TEMPLATES)
    return rendered


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", TOPICS)
def test_every_topic_renders_in_every_language(pages, library, clinic, lang, slug):
    html = pages[lang, slug]
    direction = "rtl" if Locale.parse(lang, sep="-").character_order == "right-to-left" else "ltr"
    assert re.search(rf'<html lang="{lang}" dir="{direction}"( class="hyphenate")?>', html)
    assert clinic.name in html and clinic.phone in html
    # The fixed regulatory block, generated from the registry, is in every brochure.
    assert 'class="regulatory"' in html
    for notice in library.regulatory.notices:
        assert notice.title in html
    assert "https://www.fda.gov/safety/medwatch" not in html  # printed as people type it
    assert "www.fda.gov/safety/medwatch" in html and "1-800-FDA-1088" in html
    assert html.count('class="checklist"') == 2
    assert html.count("data-route=") == len(library.topics[slug].routes)


def test_spanish_brochure_is_in_spanish_with_spanish_dates(pages, library):
    topic = library.topics["neurological"]
    html = pages["es", topic.slug]
    assert "<title>" in html and topic.title not in html
    assert format_date(topic.reviewed, "long", locale="es") in html  # Babel's long date
    assert format_date(topic.reviewed, "MMMM", locale="en") not in html  # no English month


def test_overview_shows_every_route(pages, library):
    assert pages["en", "overview"].count("data-route=") == len(library.routes)


def test_routes_are_brief_in_the_overview_and_full_in_topics(pages, library):
    assert "What to expect:" not in pages["en", "overview"]
    for slug, topic in library.topics.items():
        cards = len(topic.routes) if topic.route_detail == "full" else 0
        assert pages["en", slug].count("What to expect:") == cards, slug
    # Every route is shown in full in at least one topic brochure.
    full = {route.slug for topic in library.topics.values() if topic.route_detail == "full"
            for route in topic.routes}
    assert full == set(library.routes)


def test_review_dates_are_printed(content_tree, clinic, english):
    library = load_library(content_tree)  # reviewed 2026-01-01, next review 2027-01-01
    html = render_html(library.topics["test-topic"], library.regulatory, clinic, english,
                       templates_dir=TEMPLATES)
    assert "This brochure was reviewed on January 1, 2026" in html
    assert "Next review due by January 1, 2027" in html


def test_prose_is_escaped(library, clinic, english):
    from dataclasses import replace
    topic = replace(library.topics["cancer"],
                    title='<img src="file:///etc/passwd"> & <script>x</script>')
    html = render_html(topic, library.regulatory, clinic, english,
                       templates_dir=TEMPLATES)
    assert "<img src=" not in html and "<script>" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; &amp; &lt;script&gt;" in html


def test_page_label_is_cut_around_its_numbers_in_either_order():
    label = page_label(f"Página {PAGE_MARK} de {PAGES_MARK}")
    assert (label.before, label.middle, label.after) == ("Página ", " de ", "")
    assert (label.first, label.second) == ("page", "pages")
    reversed_label = page_label(f"{PAGES_MARK} 页中的第 {PAGE_MARK} 页")
    assert (reversed_label.first, reversed_label.second) == ("pages", "page")


def test_css_strings_cannot_break_out():
    quoted = css_string('"; } </style><script>')
    assert quoted.startswith('"') and quoted.endswith('"')
    assert '"' not in quoted[1:-1] and "<" not in quoted and "}" not in quoted


def test_cards_per_line():
    assert [card_columns(n) for n in range(1, 7)] == [1, 2, 3, 2, 3, 3]


def test_korean_words_are_kept_whole_and_stay_invisible_joins():
    from brochures.html.filters import keep_korean_words_whole
    assert keep_korean_words_whole("<p>변경합니다 안녕</p>") == \
        "<p>변\u2060경\u2060합\u2060니\u2060다 안\u2060녕</p>"
    assert keep_korean_words_whole("<p>FDA 2026</p>") == "<p>FDA 2026</p>"


def test_dates_fall_back_to_iso_where_cldr_has_no_month_names():
    import datetime as dt
    from babel import Locale
    from brochures.html.filters import long_date
    day = dt.date(2026, 11, 1)
    assert long_date(day, Locale("ht")) == "2026-11-01"
    assert long_date(day, Locale("es")) == "1 de noviembre de 2026"
    assert long_date(day, Locale.parse("zh_Hans")) == "2026年11月1日"


def test_rtl_languages_mirror_the_page(library, clinic):
    from brochures.i18n.translations import Translations
    html = render_html(library.topics["cancer"], library.regulatory, clinic, Translations("ar"),
                       templates_dir=TEMPLATES, draft=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "@bottom-right { content: element(footer)" in html  # footer on the reading side
    assert "@bottom-left { content:" in html                   # page numbers opposite
    assert 'class="nowrap" dir="ltr">1-800-FDA-1088' in html   # numbers read left to right


def test_also_available_lists_the_other_languages_in_their_own_names(library, clinic, spanish):
    html = render_html(library.topics["cancer"], library.regulatory, clinic, spanish,
                       templates_dir=TEMPLATES, languages=("ar", "en", "es", "zh-Hans"))
    assert '<span lang="ar" dir="auto">العربية</span>' in html
    assert '<span lang="zh-Hans" dir="auto">中文 (简体)</span>' in html
    assert '<span lang="es"' not in html  # not itself


def test_hyphenation_only_where_a_dictionary_exists(library, clinic, english):
    from brochures.i18n.translations import Translations
    from brochures.html.filters import has_hyphenation
    assert has_hyphenation("es") and has_hyphenation("de")
    assert not has_hyphenation("zh-Hans") and not has_hyphenation("ar")
    assert 'class="hyphenate"' in render_html(library.topics["cancer"], library.regulatory,
                                              clinic, english, templates_dir=TEMPLATES)
    assert 'class="hyphenate"' not in render_html(library.topics["cancer"], library.regulatory,
                                                  clinic, Translations("ko"),
                                                  templates_dir=TEMPLATES, draft=True)
