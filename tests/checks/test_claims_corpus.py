"""The claims rules of every language, measured on its labelled corpus: all caught, few refused."""

from __future__ import annotations

import re

import pytest

from brochures.checks.claim_rules import CLAIM_CLASSES, load_rules
from brochures.checks.claims_corpus import CORPUS_DIR, corpus_file, score, table
from brochures.i18n.languages import available_languages
from conftest import LOCALES, PROJECT

LANGUAGES = available_languages(LOCALES)
# The two languages most clinics print need the largest corpora.
MIN_SENTENCES = {"en": 60, "es": 60}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_a_corpus_of_its_own(lang):
    data = score(PROJECT / CORPUS_DIR, LOCALES, lang)
    assert data.claims >= MIN_SENTENCES.get(lang, 20) / 2, "too few overstated sentences"
    assert data.honest >= MIN_SENTENCES.get(lang, 20) / 2, "too few honest sentences"
    assert data.claims + data.honest >= MIN_SENTENCES.get(lang, 20)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_overstated_sentence_is_caught(lang):
    data = score(PROJECT / CORPUS_DIR, LOCALES, lang)
    assert data.misses == []
    assert data.recall == 1.0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_honest_sentences_pass(lang):
    data = score(PROJECT / CORPUS_DIR, LOCALES, lang)
    assert data.precision >= 0.95, data.false_alarms


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_class_is_covered_by_rules_and_caught_in_the_corpus(lang):
    rules = load_rules(LOCALES, lang)
    assert {rule.claim_class for rule in rules.claims} == set(CLAIM_CLASSES)
    assert score(PROJECT / CORPUS_DIR, LOCALES, lang).classes == set(CLAIM_CLASSES)


def test_the_corpus_files_are_for_real_languages():
    files = {path.name for path in (PROJECT / CORPUS_DIR).glob("*.yaml")}
    assert files == {corpus_file(PROJECT / CORPUS_DIR, lang).name for lang in LANGUAGES}


def test_docs_report_the_current_scores():
    docs = (PROJECT / "docs" / "claims.md").read_text(encoding="utf-8")
    printed = re.search(r"<!-- corpus-table -->\n(.*?)\n<!-- /corpus-table -->", docs, re.S)
    assert printed, "docs/claims.md lost its corpus table markers"
    current = table([score(PROJECT / CORPUS_DIR, LOCALES, lang) for lang in LANGUAGES])
    assert printed.group(1) == current, "run: python -m brochures.checks.claims_corpus"
