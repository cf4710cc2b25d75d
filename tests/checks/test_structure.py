"""PEMAT-P structure checks: summary first, headings, short sections, "you", actions."""

from __future__ import annotations

from brochures.checks.report import check_brochure
from brochures.checks.structure import SECTION_WORD_BUDGET, check_structure
from brochures.html.text_model import Passage, text_model
from conftest import TEMPLATES


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
