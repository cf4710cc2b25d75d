"""The words-to-know box: the terms a brochure's English text uses, in every layout and language."""

from __future__ import annotations

import re

import pytest

from brochures import defaults
from brochures.content.library import load_library
from brochures.html.render import render_html
from brochures.i18n.translations import Translations
from conftest import MINIMAL_TOPIC, TEMPLATES, write

WORDS = """
    words:
      - term: Biopsy
        explanation: Taking a tiny piece of tissue to test it.
        forms: '\\bbiops(y|ies)\\b'
      - term: Clinical trial
        explanation: A research study of a treatment in people.
        forms: '\\bclinical trials?\\b'
      - term: Lupus
        explanation: An illness where the immune system attacks the body.
        forms: '\\blupus\\b'
      - term: Immune system
        explanation: The parts of your body that fight germs.
        forms: '\\bimmune systems?\\b'
"""


def _boxed(html: str) -> list[str]:
    return re.findall(r'<li data-term="([^"]+)">', html)


@pytest.fixture
def boxed_library(content_tree):
    write(content_tree / "words.yaml", WORDS)
    topic = MINIMAL_TOPIC.replace("[A condition]", "[Lupus]")
    write(content_tree / "topics" / "test-topic.yaml", topic)
    return load_library(content_tree)


def _render(library, clinic, translations, **options):
    return render_html(
        library.topics["test-topic"],
        library.regulatory,
        clinic,
        translations,
        templates_dir=TEMPLATES,
        words=library.words,
        **options,
    )


@pytest.mark.parametrize("layout", defaults.LAYOUTS)
def test_the_box_lists_exactly_the_terms_the_english_uses(boxed_library, clinic, english, layout):
    html = _render(boxed_library, clinic, english, layout=layout)
    # Lupus from the research card, immune system from lupus's own explanation, clinical
    # trial from the safety block; no biopsy anywhere.
    assert _boxed(html) == ["Clinical trial", "Lupus", "Immune system"]
    assert "<strong>Lupus</strong>: An illness where the immune system attacks the body." in html


def test_a_translation_explains_the_same_terms(boxed_library, clinic):
    html = _render(boxed_library, clinic, Translations("es"), draft=True)
    assert _boxed(html) == ["Clinical trial", "Lupus", "Immune system"]


def test_no_words_no_box(boxed_library, clinic, english):
    library = boxed_library
    html = render_html(
        library.topics["test-topic"], library.regulatory, clinic, english, templates_dir=TEMPLATES
    )
    assert 'class="words"' not in html and not _boxed(html)


@pytest.mark.parametrize(
    "lang, separator",
    [("zh-Hans", "</strong>："), ("fr", "</strong>\u00a0: "), ("es", "</strong>: ")],
)
def test_term_and_explanation_are_punctuated_as_the_language_writes(
    library, clinic, lang, separator
):
    """Chinese takes a full-width colon with no space, French a space before the colon."""
    from conftest import brochure_html

    html = brochure_html(library, clinic, "cancer", lang)
    items = re.findall(r'<li data-term="[^"]+">(.*?)</li>', html)
    assert items and all(separator in item for item in items), items[:2]
