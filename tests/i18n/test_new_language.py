"""--add-language: a new language's catalog, glossary and claim rules in one step, or a refusal."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest
from babel import Locale
from babel.messages.plurals import get_plural

from brochures.builder import cli
from brochures.builder.plan import BuildOptions
from brochures.checks.claim_rules import load_rules
from brochures.checks.claims import check_catalog
from brochures.errors import UsageError
from brochures.i18n.catalog_checks import msgfmt_problems
from brochures.i18n.catalogs import catalog_path, catalog_stats, read_catalog, review_status
from brochures.i18n.new_language import add_language
from brochures.i18n.starter_files import GLOSSARY_TERMS
from conftest import LOCALES

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def locales(tmp_path):
    """A locales tree with the template, the English rules and two catalogs (es, pt)."""
    root = tmp_path / "locales"
    (root / "en").mkdir(parents=True)
    shutil.copy(LOCALES / "messages.pot", root)
    shutil.copy(LOCALES / "en" / "forbidden-claims.yaml", root / "en")
    for lang in ("es", "pt"):
        shutil.copytree(LOCALES / lang, root / lang)
    return root


def run_cli(monkeypatch, locales, *argv):
    # The command line's options, with the locales folder pointed at the test's tree.
    monkeypatch.setattr(cli, "BuildOptions", lambda **kw: BuildOptions(locales_dir=locales, **kw))
    return cli.main(["--add-language", *argv])


def tree(root):
    return {path: path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_creates_the_three_files_and_prints_the_checklist(locales, monkeypatch, capsys):
    assert run_cli(monkeypatch, locales, "pl") == 0
    out = capsys.readouterr().out
    created = {path.relative_to(locales).as_posix() for path in (locales / "pl").rglob("*")}
    assert created >= {
        "pl/LC_MESSAGES/messages.po",
        "pl/glossary.md",
        "pl/forbidden-claims.yaml",
    }
    for name in ("messages.po", "glossary.md", "forbidden-claims.yaml"):
        assert name in out
    assert "python build.py --lang pl --check --draft" in out
    assert "tests/checks/claims_corpus/pl.yaml" in out
    assert not list((locales / "pl").rglob("*.tmp"))  # written atomically


def test_the_catalog_is_one_the_build_reads(locales):
    add_language(locales, "pl", now=NOW)
    po_file = catalog_path(locales, "pl")
    catalog = read_catalog(po_file, "pl")
    assert review_status(catalog, po_file) == "unreviewed"
    headers = dict(catalog.mime_headers)
    assert headers["Language"] == "pl"
    assert headers["Language-Team"].startswith("Polish <")
    assert "No translator recorded yet" in headers["Last-Translator"]
    assert "no translator recorded yet" in catalog.header_comment
    assert "FIRST AUTHOR" not in catalog.header_comment
    assert catalog.header_comment.startswith("# Polish translations for exosome-brochures.")
    template = read_catalog(locales / "messages.pot", "en")
    stats = catalog_stats(catalog)
    assert (stats.translated, stats.fuzzy, stats.untranslated) == (0, 0, len(template))
    assert all(len(line) <= 76 for line in catalog.header_comment.splitlines())


@pytest.mark.parametrize("translator", [None, "Ana Nowak <ana@example.org>"])
def test_msgfmt_check_accepts_the_catalog(locales, translator):
    add_language(locales, "pl", translator, now=NOW)
    assert msgfmt_problems(catalog_path(locales, "pl")) == []


def test_a_named_translator_is_in_the_header(locales):
    add_language(locales, "pl", "Ana Nowak <ana@example.org>", now=NOW)
    catalog = read_catalog(catalog_path(locales, "pl"), "pl")
    assert dict(catalog.mime_headers)["Last-Translator"] == "Ana Nowak <ana@example.org>"
    assert "Translated-By: Ana Nowak <ana@example.org>, started 2026-12-01" in (
        catalog.header_comment
    )
    assert (
        "by Ana Nowak <ana@example.org> on 2026-12-01"
        in (locales / "pl" / "glossary.md").read_text()
    )


@pytest.mark.parametrize("lang, plurals", [("pl", 3), ("ar", 6)])
def test_plural_forms_come_from_babel(locales, lang, plurals):
    add_language(locales, lang, now=NOW)
    catalog = read_catalog(catalog_path(locales, lang), lang)
    assert catalog.num_plurals == plurals == get_plural(Locale.parse(lang)).num_plurals
    assert f"nplurals={plurals};" in dict(catalog.mime_headers)["Plural-Forms"]


def test_the_glossary_lists_the_key_terms_with_empty_cells(locales):
    add_language(locales, "pl", now=NOW)
    text = (locales / "pl" / "glossary.md").read_text()
    assert text.startswith("# Polish glossary (pl) for the exosome brochures\n")
    assert "| English term | Polish term | Note |" in text
    assert "| exosome | | |" in text and "| side effects | | |" in text
    assert text.count("| | |") == len(GLOSSARY_TERMS)
    spanish = (LOCALES / "es" / "glossary.md").read_text()
    assert all(f"| {term} |" in spanish for term in GLOSSARY_TERMS)


def test_the_claims_template_loads_and_the_gate_accepts_it(locales):
    add_language(locales, "pl", now=NOW)
    rules = load_rules(locales, "pl")
    assert rules.unit == "word" and rules.cues == () and rules.claims == ()
    text = (locales / "pl" / "forbidden-claims.yaml").read_text()
    assert "locales/en/forbidden-claims.yaml" in text and "docs/claims.md" in text
    assert check_catalog(locales, "pl") == []


@pytest.mark.parametrize(
    "lang, unit",
    [("ja", "char"), ("zh-Hant", "char"), ("th", "char"), ("ko", "word"), ("hy", "word")],
)
def test_languages_written_without_spaces_count_characters(locales, lang, unit):
    new = add_language(locales, lang, now=NOW)
    assert new.unit == unit == load_rules(locales, lang).unit
    assert ("\\b" in load_rules(locales, lang).clause_breaks.pattern) is False


@pytest.mark.parametrize(
    "requested, folder", [("es", "es"), ("es_ES", None), ("Spanish", "es"), ("pt", "pt")]
)
def test_an_existing_language_is_refused_and_nothing_is_touched(
    locales, monkeypatch, capsys, requested, folder
):
    before = tree(locales)
    code = run_cli(monkeypatch, locales, requested)
    err = capsys.readouterr().err
    if folder is None:  # es-ES names a region es does not: a new language, es_ES
        assert code == 0 and (locales / "es_ES" / "LC_MESSAGES" / "messages.po").is_file()
        return
    assert code == 2
    assert "exists already" in err and str(locales / folder) in err and "Traceback" not in err
    assert tree(locales) == before


def test_a_region_is_a_new_language_but_not_a_region_of_a_script(locales):
    assert add_language(locales, "pt-BR", now=NOW).folder == "pt_BR"
    shutil.copytree(LOCALES / "zh_Hans", locales / "zh_Hans")
    with pytest.raises(UsageError, match="exists already"):
        add_language(locales, "zh-CN", now=NOW)  # zh-Hans serves it, as --lang zh-CN does


@pytest.mark.parametrize("requested", ["xx", "klingon", "en-XX"])
def test_an_unknown_tag_is_refused(locales, monkeypatch, capsys, requested):
    before = tree(locales)
    assert run_cli(monkeypatch, locales, requested) == 2
    err = capsys.readouterr().err
    assert "Babel has no locale data" in err and "hint" in err and "Traceback" not in err
    assert tree(locales) == before


def test_english_and_a_malformed_translator_are_refused(locales, monkeypatch, capsys):
    before = tree(locales)
    assert run_cli(monkeypatch, locales, "en") == 2
    assert "source language" in capsys.readouterr().err
    assert run_cli(monkeypatch, locales, "pl", "--translator", "Ana") == 2
    assert '"Name <email>"' in capsys.readouterr().err
    assert tree(locales) == before


def test_files_left_in_the_folder_are_never_overwritten(locales):
    (locales / "pl").mkdir()
    (locales / "pl" / "glossary.md").write_text("my notes")
    before = tree(locales)
    with pytest.raises(UsageError, match="glossary.md exists already"):
        add_language(locales, "pl", now=NOW)
    assert tree(locales) == before
