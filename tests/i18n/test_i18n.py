"""Translations: catalogs are complete and valid, gaps fail the build, --draft falls back."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import write_po
from markupsafe import escape

from brochures.errors import TranslationError, UsageError
from brochures.html.render import render_html
from brochures.i18n.catalogs import REVIEW_STATUSES, catalog_path, read_catalog, review_status
from brochures.i18n.languages import available_languages, bcp47, gettext_name, resolve_language
from brochures.i18n.msgids import to_msgid
from brochures.i18n.translations import Lookups, Translations, safe_markup
from conftest import LOCALES, TEMPLATES

TRANSLATED = [lang for lang in available_languages(LOCALES) if lang != "en"]


def test_spanish_is_available():
    assert "es" in TRANSLATED


@pytest.mark.parametrize("lang", TRANSLATED)
def test_header_records_translator_and_review_status(lang):
    catalog = read_catalog(catalog_path(LOCALES, lang), lang)
    headers = dict(catalog.mime_headers)
    assert "EMAIL@ADDRESS" not in headers["Last-Translator"]
    assert "FIRST AUTHOR" not in catalog.header_comment
    assert review_status(catalog) in REVIEW_STATUSES


def test_a_catalog_without_review_status_is_refused(tmp_path):
    catalog = read_catalog(catalog_path(LOCALES, "es"), "es")
    catalog.header_comment = "# Spanish"
    with pytest.raises(TranslationError) as caught:
        Translations("es", catalog, tmp_path / "messages.po")
    assert "Review-Status" in caught.value.hint


def test_machine_drafts_say_so_on_the_brochure(library, clinic, english):
    # Whatever the shipped catalogs say today: the same catalog under each status.
    topic = library.topics["cancer"]
    colophons = {}
    for status in REVIEW_STATUSES:
        catalog = read_catalog(catalog_path(LOCALES, "es"), "es")
        record = f"Review-Status: {status}"
        if status in ("community-review", "professional-review"):  # they name the reviewer
            record += "\n# Reviewed-By: A. Reviewer, MD\n# Reviewed-On: 2026-12-01"
        catalog.header_comment = re.sub(r"Review-Status:\s*\S+", record, catalog.header_comment)
        translations = Translations("es", catalog)
        assert translations.review_status == status
        html = render_html(topic, library.regulatory, clinic, translations, templates_dir=TEMPLATES)
        colophons[status] = re.findall(r'<span class="colophon">(.*?)</span>', html)
    machine = (
        "Translated from English by machine. Not yet checked by a professional medical translator."
    )
    assert colophons["machine-draft"] == [str(escape(translations.gettext(machine)))]
    assert len({tuple(found) for found in colophons.values()}) == len(REVIEW_STATUSES)
    assert all(len(found) == 1 for found in colophons.values())
    # The English source is no translation and says nothing of the kind.
    assert 'class="colophon"' not in render_html(
        topic, library.regulatory, clinic, english, templates_dir=TEMPLATES
    )


def test_spanish_uses_three_plural_forms(spanish):
    """The catalog carries CLDR's three Spanish forms (one, many for millions, other), so a
    plural message added to the brochures gets the right form for every count."""
    import gettext

    assert spanish.catalog.num_plurals == 3
    form = gettext.c2py(spanish.catalog.plural_expr)
    assert [form(n) for n in (1, 3, 1_000_000)] == [0, 2, 1]


def _broken_spanish(tmp_path, *, empty: str, fuzzy: str):
    catalog = read_catalog(catalog_path(LOCALES, "es"), "es")
    catalog[empty].string = ""
    catalog[fuzzy].flags.add("fuzzy")
    target = catalog_path(tmp_path, "es")
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_po(handle, catalog)
    return Translations("es", read_catalog(target, "es"), target)


def test_missing_and_fuzzy_translations_fail_and_are_named(tmp_path, library, clinic):
    translations = _broken_spanish(tmp_path, empty="In short", fuzzy="Sources")
    with pytest.raises(TranslationError) as caught:
        render_html(
            library.topics["neurological"],
            library.regulatory,
            clinic,
            translations,
            templates_dir=TEMPLATES,
        )
    message = str(caught.value)
    assert "[untranslated] In short" in message
    assert "[fuzzy] Sources" in message
    assert "--draft" in message


def test_renders_sharing_translations_keep_their_own_missing_strings(tmp_path):
    translations = _broken_spanish(tmp_path, empty="In short", fuzzy="Sources")
    first, second = Lookups(translations), Lookups(translations)
    assert first.gettext("In short") == "In short" and second.gettext("Sources") == "Sources"
    assert first.missing == {"In short": "untranslated"}
    assert second.missing == {"Sources": "fuzzy"}
    second.gettext("Page %(page)s of %(pages)s")  # translated: not missing
    assert second.missing == {"Sources": "fuzzy"}


def test_a_render_inside_another_does_not_leak_its_gaps(tmp_path, library, clinic):
    """A draft render of one topic, run while another topic renders with the same
    Translations, must not make the other fail with the first one's gaps."""
    cancer, neurological = library.topics["cancer"], library.topics["neurological"]
    broken = _broken_spanish(tmp_path, empty=to_msgid(cancer.title), fuzzy="Sources")
    broken.catalog["Sources"].flags.discard("fuzzy")

    inner: list[str] = []

    class Interleaved(Translations):
        def gettext(self, msgid):
            if not inner:  # the outer render's first lookup runs the inner render
                inner.append("started")
                inner.append(
                    render_html(
                        cancer,
                        library.regulatory,
                        clinic,
                        self,
                        templates_dir=TEMPLATES,
                        draft=True,
                    )
                )
            return super().gettext(msgid)

    translations = Interleaved("es", broken.catalog, broken.po_file)
    html = render_html(
        neurological, library.regulatory, clinic, translations, templates_dir=TEMPLATES
    )
    assert 'class="draft-mark"' in inner[1] and 'class="draft-mark"' not in html
    with pytest.raises(TranslationError) as caught:
        render_html(cancer, library.regulatory, clinic, translations, templates_dir=TEMPLATES)
    assert f"[untranslated] {to_msgid(cancer.title)}" in str(caught.value)


def test_draft_uses_english_for_gaps_and_marks_the_pages(tmp_path, library, clinic):
    translations = _broken_spanish(tmp_path, empty="In short", fuzzy="Sources")
    html = render_html(
        library.topics["neurological"],
        library.regulatory,
        clinic,
        translations,
        templates_dir=TEMPLATES,
        draft=True,
    )
    assert ">In short<" in html and ">Sources<" in html
    assert 'class="draft-mark"' in html and "BORRADOR" in html


@pytest.mark.parametrize(
    "requested, expected",
    [
        ("es", "es"),
        ("es-MX", "es"),
        ("es_MX", "es"),
        ("ES", "es"),
        ("en-US", "en"),
        ("zh-Hans", "zh-Hans"),
        ("zh_Hans", "zh-Hans"),
        ("zh-hans-CN", "zh-Hans"),
        ("pt-BR", "pt"),
        ("pt_BR", "pt"),
        # Likely subtags: mainland Chinese is written in Simplified characters.
        ("zh-CN", "zh-Hans"),
        ("zh_Hans_CN", "zh-Hans"),
        ("zh-hans", "zh-Hans"),
        ("zh", "zh-Hans"),
        # tl is CLDR's old code for Filipino, and the name of the locales/ folder.
        ("fil", "tl"),
        ("fil-PH", "tl"),
        ("tl", "tl"),
    ],
)
def test_language_tags_resolve_with_regional_fallback(requested, expected):
    assert resolve_language(requested, ["en", "es", "pt", "tl", "zh-Hans"]) == expected


def test_a_region_of_its_own_is_preferred_to_the_fallback():
    assert resolve_language("pt-PT", ["pt", "pt-PT"]) == "pt-PT"
    assert resolve_language("pt_PT", ["pt-BR", "pt"]) == "pt"


@pytest.mark.parametrize("requested", ["zh-TW", "zh-Hant", "zh_Hant_HK", "zh-HK"])
def test_traditional_chinese_is_refused_not_given_simplified(requested):
    with pytest.raises(UsageError) as caught:
        resolve_language(requested, ["en", "zh-Hans"])
    assert "Chinese (Traditional) is not available" in str(caught.value)
    assert "only Chinese (Simplified)" in caught.value.hint
    assert "--lang zh-Hans" in caught.value.hint


def test_the_real_locales_folders_answer_the_usual_tags():
    known = available_languages(LOCALES)
    assert {"zh-Hans", "tl", "pt"} <= set(known)
    assert [resolve_language(tag, known) for tag in ("zh-CN", "fil", "es-MX", "pt_BR")] == [
        "zh-Hans",
        "tl",
        "es",
        "pt",
    ]


@pytest.mark.parametrize(
    "tag, tag_bcp47, folder",
    [
        ("pt_BR", "pt-BR", "pt_BR"),
        ("pt-BR", "pt-BR", "pt_BR"),
        ("zh_Hans", "zh-Hans", "zh_Hans"),
        ("zh-hans", "zh-Hans", "zh_Hans"),
        ("ES", "es", "es"),
        ("tl", "tl", "tl"),
    ],
)
def test_tags_are_written_the_bcp47_and_the_gettext_way(tag, tag_bcp47, folder):
    assert bcp47(tag) == tag_bcp47
    assert gettext_name(tag) == folder
    assert catalog_path(LOCALES, tag).parent.parent.name == folder


@pytest.mark.parametrize("requested", ["esp", "e$", ""])
def test_unknown_language_suggests_and_lists(requested):
    with pytest.raises(UsageError) as caught:
        resolve_language(requested, ["en", "es"])
    assert f"unknown language {requested!r}" in str(caught.value)
    assert "en, es" in caught.value.hint
    assert ("did you mean 'es'" in caught.value.hint) == (requested == "esp")


def test_direction_comes_from_babel():
    assert Translations("ar").direction == "rtl"
    assert Translations("es").direction == "ltr"


def test_translations_may_carry_emphasis_but_no_other_markup():
    assert safe_markup("a <strong>b</strong>") == "a <strong>b</strong>"
    assert (
        safe_markup('<img src="file:///etc/passwd">')
        == "&lt;img src=&#34;file:///etc/passwd&#34;&gt;"
    )
    assert safe_markup('<strong onclick="x">') == "&lt;strong onclick=&#34;x&#34;&gt;"


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("spanish", "es"),
        ("Español", "es"),
        ("espanol", "es"),
        ("CHINESE", "zh-Hans"),
        ("中文", "zh-Hans"),
        ("tagalog", "tl"),
        ("Filipino", "tl"),
        ("Kreyòl ayisyen", "ht"),
    ],
)
def test_a_language_may_be_named_in_english_or_in_itself(requested, expected):
    assert resolve_language(requested, ["en", "es", "ht", "tl", "zh-Hans"]) == expected


def test_the_start_of_a_name_suggests_but_does_not_choose():
    with pytest.raises(UsageError) as caught:
        resolve_language("span", ["en", "es"])
    assert "did you mean 'es'" in caught.value.hint
