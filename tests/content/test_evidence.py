"""Evidence: one stage per condition across files, `see` cards that agree, cited human studies."""

from __future__ import annotations

import textwrap

import pytest

from brochures.content.library import load_library
from brochures.errors import ContentError
from conftest import MINIMAL_TOPIC, write

CARD = """
  - area: {area}
    conditions: [{conditions}]
    studying: If it helps.
    stage: {stage}
"""


def _topic(*cards: str, references: str = '  - citation: "A citation."\n', about: str = "") -> str:
    """MINIMAL_TOPIC with these research cards and references (dedented YAML)."""
    head, rest = textwrap.dedent(MINIMAL_TOPIC).lstrip("\n").split("research:\n", 1)
    middle = rest.split("routes:", 1)[1].split("references:", 1)[0]
    return (
        (f"about: {about}\n" if about else "")
        + head
        + "research:\n"
        + "".join(cards)
        + "routes:"
        + middle
        + "references:\n"
        + references
    )


def card(area="An area", conditions="A condition", stage="animal", extra=""):
    return CARD.format(area=area, conditions=conditions, stage=stage) + extra


HUMAN_STUDY = """  - citation: "A study in people."
    id: people-2020
    kind: human-study
"""


def _write(root, slug, text):
    write(root / "topics" / f"{slug}.yaml", text)


def _error(root) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_library(root)
    return caught.value


def test_a_condition_has_one_stage_in_every_file(content_tree):
    _write(content_tree, "other", _topic(card(conditions="Stroke", stage="lab")))
    text = _topic(card(conditions="stroke", stage="animal"))
    _write(content_tree, "test-topic", text)
    error = _error(content_tree)
    assert (error.file.name, error.field) == ("test-topic.yaml", "research[0].stage")
    assert error.line == text.splitlines().index("    stage: animal") + 1
    assert "'stroke' is at stage animal here but lab in other.yaml research[0]" in str(error)
    assert "split the card" in error.hint


def test_tests_are_compared_only_with_tests(content_tree):
    _write(content_tree, "tests", _topic(card(conditions="Lung cancer", stage="research-tests")))
    _write(content_tree, "test-topic", _topic(card(conditions="Lung cancer", stage="animal")))
    library = load_library(content_tree)
    assert {t.research[0].stage for t in library.topics.values()} == {"research-tests", "animal"}


def test_a_see_card_agrees_with_the_topic_it_names(content_tree):
    _write(content_tree, "brain", _topic(card(conditions="Stroke, Parkinson's disease")))
    overview = _topic(
        card(conditions="Stroke", extra="    see: brain\n"),
        card(area="Tests", conditions="Stroke", stage="research-tests", extra="    see: brain\n"),
        card(area="Other", conditions="Lupus", extra="    see: brain\n"),
        card(area="Nowhere", extra="    see: no-such-topic\n"),
    )
    _write(content_tree, "test-topic", overview)
    error = _error(content_tree)
    problems = {p.field: str(p) for p in error.problems}
    assert "research[0].stage" not in problems and "research[0].see" not in problems
    # A tests card is not compared with treatment cards, except through `see`.
    assert (
        "'Stroke' is at stage research-tests here but animal in brain.yaml"
        in (problems["research[1].stage"])
    )
    assert "'Lupus' is not a condition in brain.yaml" in problems["research[2].conditions[0]"]
    assert "'no-such-topic' is not another topic" in problems["research[3].see"]
    assert len(error.problems) == 3  # no topic to look in for research[3]'s conditions


def test_every_problem_across_files_is_reported_at_once(content_tree):
    _write(content_tree, "a", _topic(card(conditions="Lupus", stage="lab")))
    _write(content_tree, "b", _topic(card(conditions="Lupus", stage="animal")))
    _write(content_tree, "test-topic", _topic(card(conditions="LUPUS", stage="animal")))
    error = _error(content_tree)
    assert [(p.file.name, p.field) for p in error.problems] == [
        ("b.yaml", "research[0].stage"),
        ("test-topic.yaml", "research[0].stage"),
    ]
    assert str(error).startswith("2 problems:")


def test_a_card_in_people_cites_a_human_study_in_its_file(content_tree):
    _write(content_tree, "test-topic", _topic(card(stage="early-human")))
    error = _error(content_tree)
    assert error.field == "research[0].stage"
    assert "must cite a reference of kind human-study" in str(error)
    assert "or lower the stage" in error.hint


def test_a_cited_reference_that_is_not_a_human_study_does_not_count(content_tree):
    review = '  - citation: "A review."\n    id: a-review\n    kind: review\n'
    text = _topic(card(stage="trials", extra="    cites: [a-review]\n"), references=review)
    _write(content_tree, "test-topic", text)
    error = _error(content_tree)
    assert error.field == "research[0].cites" and "kind human-study" in str(error)


def test_cites_name_references_of_the_same_file(content_tree):
    text = _topic(
        card(stage="early-human", extra="    cites: [people-2020, nobody-1999]\n"),
        references=HUMAN_STUDY + HUMAN_STUDY.replace("A study in people", "The same id"),
    )
    _write(content_tree, "test-topic", text)
    error = _error(content_tree)
    problems = {p.field: p for p in error.problems}
    assert "unknown reference 'nobody-1999'" in str(problems["research[0].cites[1]"])
    assert "people-2020" in problems["research[0].cites[1]"].hint
    assert "id 'people-2020' is used twice" in str(problems["references[1].id"])
    assert "research[0].stage" not in problems  # a human study is cited


def test_a_cited_human_study_satisfies_the_rule(content_tree):
    text = _topic(
        card(stage="early-human", extra="    cites: [people-2020]\n"), references=HUMAN_STUDY
    )
    _write(content_tree, "test-topic", text)
    topic = load_library(content_tree).topics["test-topic"]
    assert topic.research[0].cites == ("people-2020",)
    assert (topic.references[0].id, topic.references[0].kind) == ("people-2020", "human-study")


def test_a_reference_kind_is_one_of_the_known_kinds(content_tree):
    refs = '  - citation: "A citation."\n    kind: blog\n'
    _write(content_tree, "test-topic", _topic(card(), references=refs))
    error = _error(content_tree)
    assert error.field == "references[0].kind" and "'blog' is not one of" in str(error)
