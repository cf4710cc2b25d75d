"""PEMAT-P structure checks: summary first, headings, short sections, "you", actions."""

from __future__ import annotations

from brochures.checks.report import check_brochure
from brochures.checks.structure import SECTION_WORD_BUDGET, check_structure, fewest_you
from brochures.content.library import load_library
from brochures.html.text_model import Passage, text_model
from conftest import MINIMAL_TOPIC, TEMPLATES, brochure_html, write


def _brochure(sections, you=True):
    found = [Passage("heading", "Title")]
    for heading, words in sections:
        found.append(Passage("heading", heading))
        text = " ".join(("you" if you and i % 10 == 0 else "word") for i in range(words))
        found.append(Passage("prose", text))
    return found


GOOD = [("In short", 40), ("What", 50), ("Why", 60), ("Questions", 30), ("Safety", 90)]


def test_a_well_built_brochure_passes():
    assert check_structure(_brochure(GOOD), questions=3, english=True) == []


def test_a_long_section_is_named():
    problems = check_structure(
        _brochure(GOOD + [("Long", SECTION_WORD_BUDGET + 1)]), questions=3, english=True
    )
    assert [p.check for p in problems] == ["short sections"]
    assert "'Long' has" in str(problems[0])


def test_too_few_headings():
    problems = check_structure(_brochure(GOOD[:2]), questions=3, english=True)
    assert [p.check for p in problems] == ["headings"]


def test_text_that_never_says_you():
    problems = check_structure(_brochure(GOOD, you=False), questions=3, english=True)
    assert [p.check for p in problems] == ["you voice"]


def test_the_passages_that_say_you_least_are_named_longest_first():
    found = [
        Passage("heading", "Title"),
        Passage("heading", "Short"),
        Passage("prose", "No reader here at all, just eight plain words."),
        Passage("heading", "Long"),
        Passage("prose", " ".join(["word"] * 40)),
        Passage("heading", "Spoken"),
        Passage("prose", "You and your family decide what you want to do next."),
        Passage("heading", "Tiny"),
        Passage("prose", "A pinch."),
    ]
    named = fewest_you(found)
    assert [line.split(" under ")[1].split(":")[0] for line in named] == ["'Long'", "'Short'"]
    assert named[0].startswith("0.0 in 40 words")


def test_a_brochure_that_never_says_you_names_its_passages_to_rewrite(content_tree, clinic):
    # Sections that speak about research, never to the reader, outweigh the "you" of the
    # templates' own text (the safety block); one short line does speak to the reader.
    distant = (
        "Exosomes are tiny packets that cells release. Researchers measure them in blood "
        "samples and study whether they carry signals between tissues. Laboratories compare "
        "methods for counting them, and early studies in animals look at how they move "
        "through the body. Much of this work is new and results often differ between teams. "
        "Some groups grow cells in dishes and collect what they release over several days. "
        "Others test small amounts in animals to learn where the packets go and how long "
        "they stay."
    )
    spoken = "Ask what this means for you."
    topic = MINIMAL_TOPIC.replace(
        "          - A paragraph.",
        f"          - {distant}\n          - {spoken}\n"
        f"      - heading: More research\n        paragraphs:\n          - {distant}\n"
        f"      - heading: Still more\n        paragraphs:\n          - {distant}\n"
        f"      - heading: And more\n        paragraphs:\n          - {distant}",
    ).replace("      - A question?", "      - A question?\n      - Another question?")
    write(content_tree / "topics" / "test-topic.yaml", topic)
    library = load_library(content_tree)
    html = brochure_html(library, clinic, "test-topic", "en")
    result = check_brochure("en", library.topics["test-topic"], text_model(html, "en"))
    assert [p.check for p in result.structure] == ["you voice"]
    message = result.explain()
    assert "under 'A heading': Exosomes are tiny packets that cells release." in message
    assert "Ask what this means" not in message


def test_no_concrete_action():
    problems = check_structure(_brochure(GOOD), questions=1, english=True)
    assert [p.check for p in problems] == ["action"]


def test_word_budget_and_you_apply_to_the_english_source_only():
    found = _brochure(GOOD + [("Long", 500)], you=False)
    assert check_structure(found, questions=3, english=False) == []


def test_summary_must_come_first_in_the_rendered_brochure(library, clinic, english):
    from brochures.html.render import render_html

    topic = library.topics["cancer"]
    html = render_html(topic, library.regulatory, clinic, english, templates_dir=TEMPLATES)
    assert check_brochure("en", topic, text_model(html, "en")).passed
    moved = html.replace('<section class="summary"', '<section class="moved"', 1)
    result = check_brochure("en", topic, text_model(moved, "en"))
    assert [p.check for p in result.structure] == ["summary first"]
