"""Catalog gates: the .pot is current, and every catalog is consistent, valid and complete."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import write_po

from brochures import defaults
from brochures.builder.check import check
from brochures.builder.font_text import cjk_text
from brochures.builder.pipeline import Brochures
from brochures.builder.plan import BuildOptions, Job
from brochures.builder.status import language_status
from brochures.errors import TranslationError, display_path
from brochures.i18n import catalogs as catalogs_module
from brochures.i18n.catalog_checks import catalog_problems, template_problems
from brochures.i18n.catalogs import Catalogs, catalog_path, read_catalog
from brochures.i18n.languages import SOURCE_LANGUAGE, available_languages
from conftest import CONTENT, LOCALES, TEMPLATES

TRANSLATED = [lang for lang in available_languages(LOCALES) if lang != "en"]


def test_the_template_is_current():
    assert template_problems(LOCALES, CONTENT, TEMPLATES) == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalog_passes_the_gates(lang):
    """The gates `--check` applies to every catalog, complete or in progress: every entry
    is in the .pot, nothing is obsolete, and what is translated is right."""
    assert catalog_problems(LOCALES, lang, complete=False) == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalog_prints_what_the_other_translations_print(lang, shipped):
    """Completeness, measured as the build measures it: a language prints every document
    (topic and layout) that another translation prints. A topic no translation prints yet
    is new, in English only, and is not asked for here; the build skips it in every other
    language and names it, and a release refuses it."""
    behind: dict[str, list[str]] = {}
    missing: dict[str, str] = {}
    for topic in sorted(shipped.library.topics):
        for layout in (*defaults.LAYOUTS, defaults.WEB_LAYOUT):  # and the web edition's page
            printed_by = set(shipped.built_in(topic, layout)) - {SOURCE_LANGUAGE}
            if printed_by and lang not in printed_by:
                behind.setdefault(topic, []).append(layout)
                missing.update(shipped.missing(Job(topic, lang, layout)))
    po_file = display_path(catalog_path(LOCALES, lang))
    shown = "\n".join(f"  - [{why}] {msgid[:80]}" for msgid, why in sorted(missing.items())[:10])
    assert not behind, (
        f"{po_file}: {lang} cannot print yet what other translations print: "
        + ", ".join(f"{topic} ({', '.join(layouts)})" for topic, layouts in behind.items())
        + f"; {len(missing)} string(s) to translate, such as:\n{shown}\n"
        f"Translate them (python build.py --lang {lang} --check --draft lists them all; "
        f"--lang {lang} --draft previews). Until then builds skip these brochures and "
        "--release refuses them."
    )


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
        # The brochures have no plural message of their own at the moment: this one is
        # made here, with Spanish's three forms and the last left empty.
        catalog.delete(PLURAL)
        catalog[PLURAL] = Message(
            (PLURAL, PLURAL.replace("warning", "warnings")),
            ("%(count)s aviso", "%(count)s avisos", ""),
        )

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
    assert any(
        "placeholders differ" in p and "'page'" in p and "not compatible" in p for p in problems
    )


def test_an_invented_placeholder_is_named(spanish_copy):
    problems = spanish_copy(
        lambda c: setattr(c[PAGE], "string", "Página %(page)s de %(pages)s (%(total)s)")
    )
    assert any("'%(total)s' is not in the English" in p for p in problems)
    assert not any("is missing" in p for p in problems)


def test_a_bare_percent_sign_is_named(spanish_copy):
    problems = spanish_copy(lambda c: setattr(c["In short"], "string", "En resumen: 50 % de"))
    assert any("'% d' is not in the English" in p and "%%" in p for p in problems)


# --- One owner of parsed catalogs per run -------------------------------------------------


def _complete(po_file, lang):
    """Fill what a catalog has not translated yet (a topic added since) with its English,
    so that a check naming the language, which wants it complete, passes whatever topics
    the content has. A complete catalog is left as it is."""
    catalog = read_catalog(po_file, lang)
    untranslated = [m for m in catalog if m.id and not m.string]
    if not untranslated:
        return
    for message in untranslated:
        message.string = message.id
    with po_file.open("wb") as handle:
        write_po(handle, catalog)


@pytest.fixture
def small_locales(tmp_path):
    """A locales folder with the template, Spanish, Simplified Chinese and the claims lists,
    the two catalogs complete."""
    locales = tmp_path / "locales"
    for folder in ("en", "es", "zh_Hans"):
        shutil.copytree(LOCALES / folder, locales / folder)
    shutil.copy(LOCALES / "messages.pot", locales / "messages.pot")
    for lang in ("es", "zh-Hans"):
        _complete(catalog_path(locales, lang), lang)
    return locales


@pytest.fixture
def reads(monkeypatch):
    """How often each .po file was parsed, by its language folder."""
    counted: Counter = Counter()
    real = catalogs_module.read_catalog

    def counting(po_file, lang):
        counted[po_file.parent.parent.name] += 1
        return real(po_file, lang)

    monkeypatch.setattr(catalogs_module, "read_catalog", counting)
    return counted


def test_catalogs_are_read_lazily_and_once(small_locales, reads):
    catalogs = Catalogs(small_locales)
    assert reads == {}
    first = catalogs.catalog("zh-Hans")
    assert catalogs.catalog("zh_Hans") is first and catalogs.catalog("zh-Hans") is first
    assert reads == {"zh_Hans": 1}
    catalogs.catalog("es")
    assert reads == {"zh_Hans": 1, "es": 1}


def test_a_broken_catalog_fails_every_time_but_is_read_once(small_locales, reads):
    po_file = catalog_path(small_locales, "es")
    po_file.write_text(
        po_file.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8"
    )
    catalogs = Catalogs(small_locales)
    for _ in range(2):
        with pytest.raises(TranslationError) as caught:
            catalogs.catalog("es")
        assert caught.value.file == po_file
    assert reads == {"es": 1}


def test_a_build_reads_each_catalog_once(small_locales, reads):
    """Translations, claims, the CJK font text and the catalog gates share one read."""
    options = BuildOptions(
        langs=("es", "zh-Hans"),
        topics=("cancer", "cosmetic"),
        layouts=("all",),
        format="html",
        locales_dir=small_locales,
    )
    run = Brochures(options)
    run.check_claims()
    for job in run.jobs:
        run.html(job)
    cjk_text(run.languages, run.catalogs, "")
    for lang in ("es", "zh-Hans"):
        catalog_problems(run.catalogs, lang)
    assert reads == {"es": 1, "zh_Hans": 1}


def test_the_check_command_reads_each_catalog_once(small_locales, reads):
    options = BuildOptions(
        langs=("es", "zh-Hans"), topics=("cancer",), format="html", locales_dir=small_locales
    )
    check(options, report=lambda _: None)
    assert reads == {"es": 1, "zh_Hans": 1}


def test_the_language_list_reads_each_catalog_once(small_locales, reads):
    rows = language_status(BuildOptions(locales_dir=small_locales))
    assert [row.lang for row in rows] == ["en", "es", "zh-Hans"]
    assert reads == {"es": 1, "zh_Hans": 1}
