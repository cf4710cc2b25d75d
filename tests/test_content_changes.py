"""Adding a topic or a language, as the README says, in a copy of content/ and locales/.

The topic builds in English at once, and the other languages skip it, saying so, until it is
translated; a language started with --add-language is not built until its catalog is complete,
and neither makes a build of every language fail. HTML only: no PDF is rendered.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from brochures.builder.check import check
from brochures.builder.pipeline import build
from brochures.builder.plan import BuildOptions
from brochures.i18n.languages import available_languages
from brochures.i18n.new_language import add_language
from brochures.i18n.update import update_catalogs
from conftest import CONTENT, LOCALES, TEMPLATES

NEW_TOPIC = "test-new-topic"
OLD_TOPIC = "overview"  # a topic every shipped language prints
BOTH = ", ".join(sorted((NEW_TOPIC, OLD_TOPIC)))  # as the summary lists a language's topics
# A language the project does not have yet, whichever it has.
NEW_LANGUAGE = next(
    tag for tag in ("pl", "nl", "sv", "fi", "cs", "da") if tag not in available_languages(LOCALES)
)


@pytest.fixture
def changed(tmp_path):
    """Copies of content/ and locales/ with a new topic (a shipped one with new English
    title and summary) and its strings extracted into every catalog, untranslated."""
    content = shutil.copytree(CONTENT, tmp_path / "content")
    locales = shutil.copytree(LOCALES, tmp_path / "locales")
    topic = yaml.safe_load((CONTENT / "topics" / f"{OLD_TOPIC}.yaml").read_text("utf-8"))
    topic["title"] = "Exosomes and a topic added for a test"
    topic["summary"] = ["This brochure was added after the others.", *topic["summary"]]
    (content / "topics" / f"{NEW_TOPIC}.yaml").write_text(
        yaml.safe_dump(topic, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    assert update_catalogs(content, TEMPLATES, locales)  # the .pot and every catalog changed
    return content, locales


def _options(content, locales, tmp_path, **given) -> BuildOptions:
    return BuildOptions(
        format="html",
        topics=(NEW_TOPIC, OLD_TOPIC),
        content_dir=content,
        locales_dir=locales,
        clinic_file=content / "clinic.yaml",
        out_dir=tmp_path / "out",
        **given,
    )


def _summary(logged, done: str) -> str:
    messages = logged.take()
    assert len(messages) == 1, messages
    assert "not yet translated" in messages[0] and f"not {done}" in messages[0]
    return messages[0]


def _printers(shipped) -> list[str]:
    """The translations that print the old topic before the change (a catalog in progress
    may not)."""
    printers = [lang for lang in shipped.built_in(OLD_TOPIC, "leaflet") if lang != "en"]
    assert printers, f"no translation prints {OLD_TOPIC}: nothing to test"
    return printers


def test_a_new_topic_builds_in_english_and_the_others_skip_it(changed, shipped, tmp_path, logged):
    content, locales = changed
    written = build(_options(content, locales, tmp_path), report=lambda _: None)
    out = tmp_path / "out"
    assert (out / "en" / f"{NEW_TOPIC}.html") in written
    assert "Exosomes and a topic added for a test" in (out / "en" / f"{NEW_TOPIC}.html").read_text()
    summary = _summary(logged, "built")
    for lang in _printers(shipped):
        assert (out / lang / f"{OLD_TOPIC}.html") in written, lang
        assert not (out / lang / f"{NEW_TOPIC}.html").exists(), lang
        assert re.search(rf"^  (?:[\w-]+, )*{lang}(?:, [\w-]+)*: {NEW_TOPIC} \(", summary, re.M)
    built = {path.parent.name for path in written if path.stem == NEW_TOPIC}
    assert built == {"en"}


def test_an_added_language_is_not_built_and_fails_no_build(changed, shipped, tmp_path, logged):
    content, locales = changed
    new = add_language(locales, NEW_LANGUAGE)
    assert all(file.is_file() for file in new.files)  # catalog, glossary, claim rules
    assert NEW_LANGUAGE in available_languages(locales)
    written = build(_options(content, locales, tmp_path), report=lambda _: None)
    assert not (tmp_path / "out" / NEW_LANGUAGE).exists()
    assert (tmp_path / "out" / "en" / f"{NEW_TOPIC}.html") in written
    for lang in _printers(shipped):
        assert (tmp_path / "out" / lang / f"{OLD_TOPIC}.html") in written, lang
    summary = _summary(logged, "built")
    assert f"\n  {NEW_LANGUAGE}: {BOTH} (" in summary


def test_the_check_of_every_language_passes_with_a_topic_and_a_language_in_progress(
    changed, shipped, tmp_path, logged
):
    content, locales = changed
    add_language(locales, NEW_LANGUAGE)
    results = check(_options(content, locales, tmp_path), report=lambda _: None)
    checked = {(result.lang, result.topic) for result in results}
    assert ("en", NEW_TOPIC) in checked
    for lang in _printers(shipped):
        assert (lang, OLD_TOPIC) in checked and (lang, NEW_TOPIC) not in checked
    assert not any(lang == NEW_LANGUAGE for lang, _ in checked)
    summary = _summary(logged, "checked")
    assert f"\n  {NEW_LANGUAGE}: {BOTH} (" in summary
