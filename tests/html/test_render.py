"""HTML rendering: every topic in every language, escaped, labelled, with the fixed safety block."""

from __future__ import annotations

import re

import pytest
from babel import Locale
from babel.dates import format_date

from brochures.content.library import load_library
from brochures.html.filters import PAGE_MARK, PAGES_MARK, card_columns, css_string, page_label
from brochures.html.render import render_html
from brochures.i18n.languages import available_languages
from brochures.i18n.translations import load_translations
from conftest import CONTENT, LOCALES, TEMPLATES, brochure_html, skip_unless_printable

LANGS = available_languages(LOCALES)
TOPICS = sorted(p.stem for p in (CONTENT / "topics").glob("*.yaml"))


class _Pages(dict):
    """(lang, topic) -> brochure HTML, rendered when first asked for: a language that
    cannot be rendered fails its own tests, not every test of the module."""

    def __init__(self, library, clinic):
        super().__init__()
        self.library, self.clinic = library, clinic

    def __missing__(self, key):
        lang, slug = key
        self[key] = render_html(
            self.library.topics[slug],
            self.library.regulatory,
            self.clinic,
            load_translations(LOCALES, lang),
            templates_dir=TEMPLATES,
            words=self.library.words,
        )
        return self[key]


@pytest.fixture(scope="module")
def pages(library, clinic):
    return _Pages(library, clinic)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", TOPICS)
def test_every_topic_renders_in_every_language(pages, library, clinic, shipped, lang, slug):
    skip_unless_printable(shipped, lang, slug)
    html = pages[lang, slug]
    direction = "rtl" if Locale.parse(lang, sep="-").character_order == "right-to-left" else "ltr"
    assert re.search(rf'<html lang="{lang}" dir="{direction}"( class="hyphenate")?>', html)
    assert clinic.name in html and clinic.phone in html
    # The fixed regulatory block, generated from the registry, is in every brochure.
    assert 'class="regulatory regulatory-all"' in html
    for notice in library.regulatory.notices:
        assert notice.title in html
    # Printed as people type it, breakable only after a "/" (each piece kept whole).
    shown = re.sub(r"<[^>]+>", "", html)
    assert "https://www.fda.gov/safety/medwatch" not in shown
    assert "www.fda.gov/safety/medwatch" in shown and "1-800-FDA-1088" in html
    assert '<span class="address-piece">www.fda.gov/</span><wbr>' in html
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
    full = {
        route.slug
        for topic in library.topics.values()
        if topic.route_detail == "full"
        for route in topic.routes
    }
    assert full == set(library.routes)


def test_review_dates_are_printed(content_tree, clinic, english):
    library = load_library(content_tree)  # reviewed 2026-01-01, next review 2027-01-01
    html = render_html(
        library.topics["test-topic"], library.regulatory, clinic, english, templates_dir=TEMPLATES
    )
    assert "This brochure was reviewed on January 1, 2026" in html
    assert "Next review due by January 1, 2027" in html


def test_prose_is_escaped(library, clinic, english):
    from dataclasses import replace

    topic = replace(
        library.topics["cancer"], title='<img src="file:///etc/passwd"> & <script>x</script>'
    )
    html = render_html(topic, library.regulatory, clinic, english, templates_dir=TEMPLATES)
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
    assert [card_columns(n) for n in range(1, 10)] == [1, 2, 3, 4, 3, 3, 3, 3, 3]


def test_korean_words_are_kept_whole_in_unbreakable_spans():
    from brochures.html.korean_words import keep_korean_words_whole

    assert keep_korean_words_whole("<p>변경합니다 안녕, 수 FDA는 <em>두 단어</em></p>") == (
        '<p><span class="kw">변경합니다</span> <span class="kw">안녕,</span> 수 '
        '<span class="kw">FDA는</span> <em>두 <span class="kw">단어</span></em></p>'
    )
    assert keep_korean_words_whole("<p>FDA 2026</p>") == "<p>FDA 2026</p>"


def test_a_word_that_is_all_an_inline_element_holds_makes_the_element_unbreakable():
    from brochures.html.korean_words import keep_korean_words_whole

    assert keep_korean_words_whole(
        '<p><b>2026년</b> <span lang="ko" dir="auto">한국어</span> <strong class="x">날짜</strong>'
        "<br/>엑소좀</p>"
    ) == (
        '<p><b class="kw">2026년</b> <span lang="ko" dir="auto" class="kw">한국어</span> '
        '<strong class="x kw">날짜</strong><br/><span class="kw">엑소좀</span></p>'
    )


def test_korean_spans_go_only_into_shown_text():
    from brochures.html.korean_words import keep_korean_words_whole

    html = (
        '<html><head><title>의학 속의</title><meta name="description" content="엑소좀">'
        '<style>@page { @bottom-right { content: "쪽 중" } }</style></head>\n'
        '<body data-page-label="쪽 중"><img alt="정맥 주사">\n<p>정맥 주사 &amp;엑소좀</p></body></html>'  # noqa: E501
    )
    kept = keep_korean_words_whole(html)
    assert kept.count('<span class="kw">') == 3
    assert (
        '<p><span class="kw">정맥</span> <span class="kw">주사</span> &amp;<span class="kw">엑소좀</span></p>'  # noqa: E501
        in kept
    )
    assert kept.replace('<span class="kw">', "").replace("</span>", "") == html
    assert "\u2060" not in kept


def test_a_korean_pdf_carries_no_word_joiners(library, clinic, renderer):
    import io

    import pypdf

    from brochures import defaults

    topic = library.topics["overview"]
    html = render_html(
        topic, library.regulatory, clinic, load_translations(LOCALES, "ko"), templates_dir=TEMPLATES
    )
    assert "\u2060" not in html and '<span class="kw">' in html
    result = renderer.render(
        html, lang="ko", max_pages=2, date=topic.reviewed, text_sizes=defaults.TEXT_SIZES["leaflet"]
    )
    reader = pypdf.PdfReader(io.BytesIO(result.data))
    text = "".join(page.extract_text() for page in reader.pages)
    metadata = "".join(str(value) for value in reader.metadata.values())
    assert "엑소좀" in text and "엑소좀" in reader.metadata["/Title"]
    assert "\u2060" not in text and "\u2060" not in metadata


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

    html = render_html(
        library.topics["cancer"],
        library.regulatory,
        clinic,
        Translations("ar"),
        templates_dir=TEMPLATES,
        draft=True,
    )
    assert '<html lang="ar" dir="rtl">' in html
    assert "@bottom-right { content: element(footer)" in html  # footer on the reading side
    assert "@bottom-left { content:" in html  # page numbers opposite
    assert 'class="nowrap" dir="ltr">1-800-FDA-1088' in html  # numbers read left to right


def test_also_available_lists_the_other_languages_in_their_own_names(library, clinic, spanish):
    html = render_html(
        library.topics["cancer"],
        library.regulatory,
        clinic,
        spanish,
        templates_dir=TEMPLATES,
        languages=("ar", "en", "es", "zh-Hans"),
    )
    assert '<span class="language-name" lang="ar" dir="auto">العربية</span>' in html
    assert '<span class="language-name" lang="zh-Hans" dir="auto">中文 (简体)</span>' in html
    assert 'class="language-name" lang="es"' not in html  # not itself


def test_hyphenation_only_where_a_dictionary_exists(library, clinic, english):
    from brochures.html.filters import has_hyphenation
    from brochures.i18n.translations import Translations

    assert has_hyphenation("es") and has_hyphenation("de")
    assert not has_hyphenation("zh-Hans") and not has_hyphenation("ar")
    assert 'class="hyphenate"' in render_html(
        library.topics["cancer"], library.regulatory, clinic, english, templates_dir=TEMPLATES
    )
    assert 'class="hyphenate"' not in render_html(
        library.topics["cancer"],
        library.regulatory,
        clinic,
        Translations("ko"),
        templates_dir=TEMPLATES,
        draft=True,
    )


@pytest.mark.parametrize(
    ("stages", "legend"),
    [(["research-tests"], False), (["research-tests", "animal"], True), (["lab"], True)],
)
def test_the_stage_legend_is_printed_only_where_a_card_has_a_stage_meter(
    content_tree, english, stages, legend
):
    from conftest import MINIMAL_TOPIC, write

    card = MINIMAL_TOPIC.split("    research:\n")[1].split("    routes:")[0]
    cards = "".join(
        card.replace("An area", f"Area {n}").replace("stage: animal", f"stage: {stage}")
        for n, stage in enumerate(stages)
    )
    topic = MINIMAL_TOPIC.replace(card, cards)
    write(content_tree / "topics" / "test-topic.yaml", topic)
    library = load_library(content_tree)
    from brochures.content.clinic import load_clinic
    from conftest import CLINIC

    clinic = load_clinic(CLINIC, library.emergency_numbers)
    html = render_html(
        library.topics["test-topic"],
        library.regulatory,
        clinic,
        english,
        templates_dir=TEMPLATES,
        words=library.words,
    )
    assert html.count('class="stage ') == len(stages)
    assert ('class="evidence-key"' in html) is legend


@pytest.mark.parametrize("lang", [lang for lang in ("zh-Hans", "en") if lang in LANGS])
def test_route_labels_and_the_stage_key_are_spaced_as_the_language_writes(
    library, clinic, shipped, lang
):
    slug = next(s for s in TOPICS if library.topics[s].routes and library.topics[s].research)
    skip_unless_printable(shipped, lang, slug)
    html = brochure_html(library, clinic, slug, lang)
    labels = re.findall(r"<strong>([^<]*)</strong>(.)", html)
    ends = [(label[-1:], after) for label, after in labels if label[-1:] in ":："]
    assert ends, "route labels are printed"
    for end, after in ends:
        # A full-width colon carries its own space; a Latin one is followed by a space.
        assert (after == " ") is (end == ":"), (lang, end, after)
    key = re.search(r'class="evidence-key">([^<]*)<', html)
    if key:
        assert key.group(1).endswith(" ") is key.group(1).rstrip().endswith(":")
