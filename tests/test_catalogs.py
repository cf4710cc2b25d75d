"""Catalog gates: the .pot is current, and every catalog is complete, consistent and valid."""

from __future__ import annotations

import shutil

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import write_po

from brochures.i18n.catalog_checks import catalog_problems, template_problems
from brochures.i18n.catalogs import catalog_path, read_catalog
from brochures.i18n.languages import available_languages

from conftest import CONTENT, LOCALES, TEMPLATES

TRANSLATED = [lang for lang in available_languages(LOCALES) if lang != "en"]


def test_the_template_is_current():
    assert template_problems(LOCALES, CONTENT,
                             TEMPLATES) == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalog_passes_the_gates(lang):
    assert catalog_problems(LOCALES, lang) == []


@pytest.fixture
def spanish_copy(tmp_path):
    """A writable copy of the locales folder, and a function to edit its Spanish catalog."""
    locales = tmp_path / "locales"
    locales.mkdir()
    shutil.copy(LOCALES / "messages.pot", locales / "messages.pot")
    target = catalog_path(locales, "es")
    target.parent.mkdir(parents=True)
    catalog = read_catalog(catalog_path(LOCALES, "es"), "es")

    def save(edit):
        edit(catalog)
        with target.open("wb") as handle:
            write_po(handle, catalog)
        return catalog_problems(locales, "es")
    return save


PAGE = "Page %(page)s of %(pages)s"
PLURAL = "The FDA has published %(count)s warning about exosome products:"


def test_a_lost_placeholder_is_named(spanish_copy):
    problems = spanish_copy(lambda c: setattr(c[PAGE], "string", "Página %(page)s"))
    assert any("placeholders differ" in p and "%(pages)s" in p for p in problems)
    assert any("messages.po:" in p for p in problems)


def test_a_renamed_placeholder_is_named(spanish_copy):
    problems = spanish_copy(lambda c: setattr(c[PAGE], "string", "Página %(pagina)s de %(pages)s"))
    assert any("placeholders differ" in p for p in problems)


def test_broken_markup_is_named(spanish_copy):
    problems = spanish_copy(lambda c: setattr(c["In short"], "string", "En <strong>resumen"))
    assert any("inline markup differs" in p for p in problems)


def test_a_missing_plural_form_is_named(spanish_copy):
    def drop_form(catalog):
        forms = catalog[PLURAL].string
        catalog[PLURAL].string = (forms[0], forms[1], "")
    problems = spanish_copy(drop_form)
    assert any("untranslated" in p and "The FDA has published" in p for p in problems)


def test_fuzzy_and_obsolete_entries_are_named(spanish_copy):
    def edit(catalog):
        catalog["Sources"].flags.add("fuzzy")
        catalog.obsolete["Old text"] = Message("Old text", "Texto viejo")
    problems = spanish_copy(edit)
    assert any("'Sources' is fuzzy" in p for p in problems)
    assert any("obsolete" in p for p in problems)


def test_a_missing_msgid_is_named(spanish_copy):
    problems = spanish_copy(lambda c: c.delete("Sources"))
    assert any("missing 'Sources'" in p for p in problems)


def test_a_mistyped_placeholder_is_named_by_babel(spanish_copy):
    problems = spanish_copy(lambda c: setattr(c[PAGE], "string", "Página %(page)d de %(pages)s"))
    assert any("placeholders differ" in p and "'page'" in p and "not compatible" in p
               for p in problems)


def test_an_invented_placeholder_is_named(spanish_copy):
    problems = spanish_copy(lambda c: setattr(c[PAGE], "string",
                                              "Página %(page)s de %(pages)s (%(total)s)"))
    assert any("'%(total)s' is not in the English" in p for p in problems)
    assert not any("is missing" in p for p in problems)


def test_a_bare_percent_sign_is_named(spanish_copy):
    problems = spanish_copy(lambda c: setattr(c["In short"], "string", "En resumen: 50 % de"))
    assert any("'% d' is not in the English" in p and "%%" in p for p in problems)
