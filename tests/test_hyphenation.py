"""Hyphenation patterns kept as JSON: the same hyphens as Pyphen's own parsing, or a fresh parse."""

from __future__ import annotations

import pyphen
import pytest

from brochures import hyphenation
from brochures.errors import BrochureError

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


def test_kept_patterns_hyphenate_as_pyphen_parses_them(tmp_path, empty_pyphen_cache, monkeypatch):
    parsed = {
        lang: [pyphen.Pyphen(lang=lang, cache=False).inserted(word) for word in words]
        for lang, words in WORDS.items()
    }
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


def test_a_damaged_copy_is_parsed_again_and_replaced(tmp_path, empty_pyphen_cache, monkeypatch):
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


def test_preloaded_patterns_are_the_ones_pyphen_hyphenates_with(tmp_path, empty_pyphen_cache):
    hyphenation.preload(["fr"], tmp_path)
    (preloaded,) = empty_pyphen_cache.values()
    # WeasyPrint and textstat ask for a dictionary this way (with Pyphen's cache on).
    assert pyphen.Pyphen(lang="fr", left=2, right=2).hd is preloaded
    preloaded.patterns = {}  # patterns Pyphen really reads: none, so no hyphens
    assert pyphen.Pyphen(lang="fr").inserted(WORDS["fr"][0]) == WORDS["fr"][0]


def test_a_copy_kept_by_another_pyphen_is_not_read(tmp_path, empty_pyphen_cache, monkeypatch):
    hyphenation.preload(["fr"], tmp_path)
    (kept,) = (tmp_path / "hyphenation").glob("*.json")
    installed = pyphen.__version__
    assert f"pyphen{installed}" in kept.name
    parsed = []
    real_init = pyphen.HyphDict.__init__
    monkeypatch.setattr(
        pyphen.HyphDict, "__init__", lambda self, path: parsed.append(path) or real_init(self, path)
    )
    monkeypatch.setattr(pyphen, "__version__", "0.18.99")
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.preload(["fr"], tmp_path)  # another version: parsed again, kept apart
    assert len(parsed) == 1
    assert len(list((tmp_path / "hyphenation").glob("*.json"))) == 2
    # A copy under the new version's name that another version wrote is not read either.
    newer = kept.with_name(kept.name.replace(installed, "0.18.99"))
    kept.replace(newer)
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.preload(["fr"], tmp_path)
    assert len(parsed) == 2
    assert '"pyphen":"0.18.99"' in newer.read_text(encoding="utf-8")


@pytest.mark.parametrize("version", ["0.19.0", "0.13.2", "1.0", "unknown"])
def test_an_untested_pyphen_is_refused_with_what_to_do(version):
    with pytest.raises(BrochureError) as caught:
        hyphenation.require_tested_pyphen(version)
    assert f"Pyphen {version} is installed" in str(caught.value)
    assert "0.14 to 0.18" in str(caught.value)
    assert "pip install 'pyphen>=0.14,<0.19'" in caught.value.hint


def test_the_installed_pyphen_is_a_tested_one():
    hyphenation.require_tested_pyphen()
    hyphenation.require_tested_pyphen("0.14.0")
