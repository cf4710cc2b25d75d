"""Translations: catalogs are complete and valid, gaps fail the build, --draft falls back."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from babel.messages.pofile import read_po, write_po

from brochures import defaults
from brochures.errors import TranslationError, UsageError
from brochures.i18n import (REVIEW_STATUSES, Translations, available_languages, catalog_path,
                            read_catalog, resolve_language, review_status, safe_markup)
from brochures.render import render_html

TRANSLATED = [lang for lang in available_languages(defaults.LOCALES_DIR) if lang != "en"]


def _pot():
    with (defaults.LOCALES_DIR / "messages.pot").open("rb") as handle:
        return read_po(handle)


def test_spanish_is_available():
    assert "es" in TRANSLATED


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_has_every_msgid_translated_and_nothing_else(lang):
    catalog = read_catalog(catalog_path(defaults.LOCALES_DIR, lang), lang)
    pot_ids = {m.id for m in _pot() if m.id}
    po_ids = {m.id for m in catalog if m.id}
    assert po_ids == pot_ids, "run pybabel update (see README)"
    assert not catalog.obsolete
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), message.id
        if isinstance(message.id, tuple):
            assert len(strings) == catalog.num_plurals, message.id


@pytest.mark.parametrize("lang", TRANSLATED)
def test_msgfmt_check_passes(lang):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: apt-get install gettext"
    result = subprocess.run([msgfmt, "--check", "-o", "/dev/null",
                             str(catalog_path(defaults.LOCALES_DIR, lang))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("lang", TRANSLATED)
def test_header_records_translator_and_review_status(lang):
    catalog = read_catalog(catalog_path(defaults.LOCALES_DIR, lang), lang)
    headers = dict(catalog.mime_headers)
    assert "EMAIL@ADDRESS" not in headers["Last-Translator"]
    assert "FIRST AUTHOR" not in catalog.header_comment
    assert review_status(catalog) in REVIEW_STATUSES


def test_a_catalog_without_review_status_is_refused(tmp_path):
    catalog = read_catalog(catalog_path(defaults.LOCALES_DIR, "es"), "es")
    catalog.header_comment = "# Spanish"
    with pytest.raises(TranslationError) as caught:
        Translations("es", catalog, tmp_path / "messages.po")
    assert "Review-Status" in caught.value.hint


def test_machine_drafts_say_so_on_the_brochure(library, clinic, spanish):
    assert spanish.review_status == "machine-draft"
    html = render_html(library.topics["cancer"], library.regulatory, clinic, spanish,
                       templates_dir=defaults.TEMPLATES_DIR)
    assert 'class="colophon"' in html and "profesional" in html


def test_spanish_uses_three_plural_forms(spanish):
    assert spanish.catalog.num_plurals == 3
    one = spanish.ngettext("The FDA has published %(count)s warning about exosome products:",
                           "The FDA has published %(count)s warnings about exosome products:", 1)
    many = spanish.ngettext("The FDA has published %(count)s warning about exosome products:",
                            "The FDA has published %(count)s warnings about exosome products:", 3)
    assert one != many and "%(count)s" in one and "%(count)s" in many


def _broken_spanish(tmp_path, *, empty: str, fuzzy: str):
    catalog = read_catalog(catalog_path(defaults.LOCALES_DIR, "es"), "es")
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
        render_html(library.topics["neurological"], library.regulatory, clinic, translations,
                    templates_dir=defaults.TEMPLATES_DIR)
    message = str(caught.value)
    assert "[untranslated] In short" in message
    assert "[fuzzy] Sources" in message
    assert "--draft" in message


def test_draft_uses_english_for_gaps_and_marks_the_pages(tmp_path, library, clinic):
    translations = _broken_spanish(tmp_path, empty="In short", fuzzy="Sources")
    html = render_html(library.topics["neurological"], library.regulatory, clinic, translations,
                       templates_dir=defaults.TEMPLATES_DIR, draft=True)
    assert ">In short<" in html and ">Sources<" in html
    assert 'class="draft-mark"' in html and "BORRADOR" in html


@pytest.mark.parametrize("requested, expected", [
    ("es", "es"), ("es-MX", "es"), ("es_MX", "es"), ("ES", "es"), ("en-US", "en"),
])
def test_language_tags_resolve_with_regional_fallback(requested, expected):
    assert resolve_language(requested, ["en", "es"]) == expected


def test_unknown_language_suggests_and_lists():
    with pytest.raises(UsageError) as caught:
        resolve_language("esp", ["en", "es"])
    assert "did you mean 'es'" in caught.value.hint and "en, es" in caught.value.hint


def test_direction_comes_from_babel():
    assert Translations("ar").direction == "rtl"
    assert Translations("es").direction == "ltr"


def test_translations_may_carry_emphasis_but_no_other_markup():
    assert safe_markup("a <strong>b</strong>") == "a <strong>b</strong>"
    assert safe_markup('<img src="file:///etc/passwd">') == \
        "&lt;img src=&#34;file:///etc/passwd&#34;&gt;"
    assert safe_markup('<strong onclick="x">') == "&lt;strong onclick=&#34;x&#34;&gt;"
