"""Hyphenation patterns kept as JSON: the same hyphens as Pyphen's own parsing, or a fresh parse."""

from __future__ import annotations

import pyphen
import pytest

from brochures import hyphenation

WORDS = {
    "de": ["Gesundheitsversorgung", "Entzündungshemmer", "Wissenschaftlerinnen"],
    "en": ["inflammation", "extracellular", "manufacturing"],
    "fr": ["inflammatoire", "extracellulaires", "recherche"],
    "es": ["investigaciones", "inflamatorias", "tratamiento"],
    "ru": ["исследования", "воспаление", "производство"],
}


@pytest.fixture
def empty_pyphen_cache(monkeypatch):
    monkeypatch.setattr(pyphen, "hdcache", {})
    return pyphen.hdcache


def _hyphenated(lang):
    dictionary = pyphen.Pyphen(lang=lang)
    return [dictionary.inserted(word) for word in WORDS[lang]]


def test_kept_patterns_hyphenate_as_pyphen_parses_them(tmp_path, empty_pyphen_cache,
                                                       monkeypatch):
    parsed = {lang: [pyphen.Pyphen(lang=lang, cache=False).inserted(word) for word in words]
              for lang, words in WORDS.items()}
    empty_pyphen_cache.clear()  # Pyphen keeps what it parses, even with cache=False
    hyphenation.preload(WORDS, tmp_path)  # parses, and keeps a copy of each
    assert len(list((tmp_path / "hyphenation").glob("*.json"))) == len(WORDS)
    # A new process: an empty cache, and the files are not parsed again.
    monkeypatch.setattr(pyphen, "hdcache", {})

    def no_parsing(self, path):
        raise AssertionError(f"parsed {path} again")

    monkeypatch.setattr(pyphen.HyphDict, "__init__", no_parsing)
    hyphenation.preload(WORDS, tmp_path)
    assert {lang: _hyphenated(lang) for lang in WORDS} == parsed
    assert parsed["de"][0] != WORDS["de"][0]  # the words really were hyphenated


def test_a_damaged_copy_is_parsed_again_and_replaced(tmp_path, empty_pyphen_cache,
                                                    monkeypatch):
    hyphenation.preload(["de"], tmp_path)
    expected = _hyphenated("de")
    (copy,) = (tmp_path / "hyphenation").glob("*.json")
    copy.write_text('{"format": 1, "patterns": {"ab": "not a pair"}', encoding="utf-8")
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.preload(["de"], tmp_path)
    assert _hyphenated("de") == expected
    assert '"maxlen"' in copy.read_text(encoding="utf-8")


def test_languages_without_a_dictionary_are_left_alone(tmp_path, empty_pyphen_cache):
    hyphenation.preload(["zh-Hans", "ko"], tmp_path)
    assert not pyphen.hdcache
    assert not (tmp_path / "hyphenation").exists()


def test_a_read_only_cache_folder_only_costs_time(tmp_path, empty_pyphen_cache):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    hyphenation.preload(["fr"], blocked)  # cannot write under a file
    assert _hyphenated("fr")[0] == pyphen.Pyphen(lang="fr", cache=False).inserted("inflammatoire")
