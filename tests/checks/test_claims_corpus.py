"""The claims rules of every language, measured on its labelled corpus: all caught, few refused."""

from __future__ import annotations

import re

import pytest

from brochures.checks.claim_rules import CLAIM_CLASSES, load_rules
from brochures.checks.claims_corpus import (
    CORPUS_DIR,
    Score,
    corpus_file,
    corpus_languages,
    score,
    table,
)
from brochures.i18n.catalogs import catalog_path
from brochures.i18n.languages import available_languages
from conftest import LOCALES, PROJECT

LANGUAGES = available_languages(LOCALES)
# The two languages most clinics print need the largest corpora.
MIN_SENTENCES = {"en": 60, "es": 60}


def _corpus(lang: str) -> str:
    return corpus_file(CORPUS_DIR, lang).as_posix()


def _rules(lang: str) -> str:
    """The language's claim rules, as the repository names them."""
    folder = catalog_path(LOCALES, lang).parent.parent
    return (folder / "forbidden-claims.yaml").relative_to(PROJECT).as_posix()


def _scored(lang: str) -> Score:
    """The language's corpus scored, or a skip: a missing corpus fails one test of its own,
    test_every_language_has_a_corpus_of_its_own, which says what to write."""
    if not corpus_file(PROJECT / CORPUS_DIR, lang).is_file():
        pytest.skip(f"{_corpus(lang)} does not exist yet (its own test fails, naming it)")
    return score(PROJECT / CORPUS_DIR, LOCALES, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_a_corpus_of_its_own(lang):
    needed = MIN_SENTENCES.get(lang, 20)
    assert corpus_file(PROJECT / CORPUS_DIR, lang).is_file(), (
        f"{_corpus(lang)} is missing: every language's claim rules ({_rules(lang)}) "
        f"are measured on a labelled corpus. Write at least {needed} "
        f"sentences in {lang}, `claims` (overstated, with their class) and `honest` ones, "
        f"as in {_corpus('en')}, then run pytest -q tests/checks/test_claims_corpus.py -k {lang}"
    )
    data = score(PROJECT / CORPUS_DIR, LOCALES, lang)
    assert data.claims >= needed / 2, f"{_corpus(lang)}: too few overstated sentences"
    assert data.honest >= needed / 2, f"{_corpus(lang)}: too few honest sentences"
    assert data.claims + data.honest >= needed, f"{_corpus(lang)}: fewer than {needed} sentences"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_overstated_sentence_is_caught(lang):
    data = _scored(lang)
    assert data.misses == []
    assert data.recall == 1.0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_honest_sentences_pass(lang):
    data = _scored(lang)
    assert data.precision >= 0.95, data.false_alarms


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_class_is_covered_by_rules_and_caught_in_the_corpus(lang):
    rules = load_rules(LOCALES, lang)
    uncovered = set(CLAIM_CLASSES) - {rule.claim_class for rule in rules.claims}
    assert not uncovered, (
        f"{_rules(lang)} has no claim rule of the class(es) "
        f"{', '.join(sorted(uncovered))}: write them (the file's comments and docs/claims.md "
        "say how)"
    )
    assert {rule.claim_class for rule in rules.claims} == set(CLAIM_CLASSES)
    assert _scored(lang).classes == set(CLAIM_CLASSES)


def test_the_corpus_files_are_for_real_languages():
    # Every language has its corpus (tested above, one language at a time); no corpus is
    # left over for a language that has no catalog.
    files = {path.name for path in (PROJECT / CORPUS_DIR).glob("*.yaml")}
    assert files, f"no corpus files in {CORPUS_DIR.as_posix()}"
    orphans = files - {corpus_file(PROJECT / CORPUS_DIR, lang).name for lang in LANGUAGES}
    assert not orphans, f"corpus files for languages without a catalog: {sorted(orphans)}"


def test_docs_report_the_current_scores():
    # The table is what `python -m brochures.checks.claims_corpus` prints: one row per
    # corpus file.
    docs = (PROJECT / "docs" / "claims.md").read_text(encoding="utf-8")
    printed = re.search(r"<!-- corpus-table -->\n(.*?)\n<!-- /corpus-table -->", docs, re.S)
    assert printed, "docs/claims.md lost its corpus table markers"
    langs = corpus_languages(PROJECT / CORPUS_DIR)
    current = table([score(PROJECT / CORPUS_DIR, LOCALES, lang) for lang in langs])
    assert printed.group(1) == current, "run: python -m brochures.checks.claims_corpus"
