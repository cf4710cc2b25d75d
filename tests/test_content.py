"""Content loading: the real content is complete, and bad YAML is named by file, line and field."""

from __future__ import annotations

import pytest

from brochures.content.library import load_library
from brochures.errors import ContentError

from conftest import CONTENT, MINIMAL_TOPIC, write

TOPICS = {"overview", "tissue-repair", "autoimmune", "neurological", "cancer", "diagnostics",
          "cosmetic"}
ROUTES = {"iv", "intranasal", "intramuscular", "intra-articular", "topical", "inhalation"}


def test_the_seven_topics_and_six_routes_are_there(library):
    assert set(library.topics) == TOPICS
    assert set(library.routes) == ROUTES
    assert {r.slug for r in library.topics["overview"].routes} == ROUTES
    assert library.topics["diagnostics"].routes == ()


@pytest.mark.parametrize("topic, conditions", [
    ("neurological", ["Alzheimer", "Parkinson", "Stroke"]),
    ("tissue-repair", ["Heart", "Broken bones", "Muscle injuries"]),
    ("autoimmune", ["Rheumatoid arthritis", "Lupus"]),
    ("diagnostics", ["cancer", "Heart disease"]),
    ("cosmetic", ["aging", "Wound", "Skin"]),
])
def test_each_topic_names_the_conditions_of_the_seed(library, topic, conditions):
    named = " ".join(f"{item.area} {' '.join(item.conditions)}" for item in library.topics[topic].research)
    for condition in conditions:
        assert condition.lower() in named.lower(), condition


def test_review_dates_and_references_are_recorded(library):
    for topic in library.topics.values():
        assert topic.next_review > topic.reviewed
        assert topic.references


def test_regulatory_registry_lists_the_fda_notices_with_dates(library):
    dates = [notice.date.isoformat() for notice in library.regulatory.notices]
    assert dates == ["2019-12-06", "2019-12-09", "2020-07-22"]
    assert library.regulatory.report_url == "https://www.fda.gov/safety/medwatch"


def test_no_overstated_claims_in_the_english_source(library):
    texts = [f.read_text().lower() for f in CONTENT.rglob("*.yaml")]
    for word in (" cure", "fda-approved", "proven", "guarantee", "miracle", "no side effects"):
        assert not any(word in text for text in texts), word


def _error(content_tree) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_library(content_tree)
    return caught.value


def test_unknown_key_is_named_with_its_line(content_tree):
    write(content_tree / "topics" / "test-topic.yaml", MINIMAL_TOPIC + "    colour: red\n")
    error = _error(content_tree)
    assert error.file.name == "test-topic.yaml"
    assert error.field == "colour"
    assert error.line == 21
    assert "unknown key" in str(error) and "allowed keys" in str(error)


def test_missing_field_is_named(content_tree):
    write(content_tree / "topics" / "test-topic.yaml",
          MINIMAL_TOPIC.replace("    questions:\n      - A question?\n", ""))
    error = _error(content_tree)
    assert error.field == "questions" and "missing required field" in str(error)


def test_wrong_type_is_named(content_tree):
    write(content_tree / "topics" / "test-topic.yaml",
          MINIMAL_TOPIC.replace("summary:\n      - First line.", "summary: First line."))
    error = _error(content_tree)
    assert (error.field, error.line) == ("summary", 2)
    assert "expected a list" in str(error)


def test_nested_field_path_is_named(content_tree):
    write(content_tree / "topics" / "test-topic.yaml",
          MINIMAL_TOPIC.replace("stage: animal", "stage: mice"))
    error = _error(content_tree)
    assert error.field == "research[0].stage" and error.line == 13
    assert "'mice' is not one of" in str(error)


def test_unknown_route_reference_lists_the_known_routes(content_tree):
    write(content_tree / "topics" / "test-topic.yaml",
          MINIMAL_TOPIC.replace("routes: [iv]", "routes: [iv, nasal]"))
    error = _error(content_tree)
    assert error.field == "routes[1]" and error.line == 14
    assert "unknown route 'nasal'" in str(error) and "iv" in error.hint


def test_bad_date_is_named(content_tree):
    write(content_tree / "topics" / "test-topic.yaml",
          MINIMAL_TOPIC.replace("reviewed: 2026-01-01", "reviewed: 2026-13-01"))
    error = _error(content_tree)
    assert error.field == "reviewed" and "YYYY-MM-DD" in str(error)


def test_duplicate_key_is_an_error(content_tree):
    write(content_tree / "topics" / "test-topic.yaml", MINIMAL_TOPIC + "    title: Again\n")
    assert "appears twice" in str(_error(content_tree))


def test_malformed_yaml_names_the_line(content_tree):
    write(content_tree / "topics" / "test-topic.yaml", "title: a: b\n")
    error = _error(content_tree)
    assert error.line == 1 and "not valid YAML" in str(error)


def test_next_review_must_follow_reviewed(content_tree):
    write(content_tree / "topics" / "test-topic.yaml",
          MINIMAL_TOPIC.replace("next_review: 2027-01-01", "next_review: 2025-01-01"))
    assert _error(content_tree).field == "next_review"


def test_every_problem_in_a_file_is_reported_at_once_sorted_by_line(content_tree):
    topic = (MINIMAL_TOPIC.replace("summary:\n      - First line.", "summary: First line.")
             .replace("stage: animal", "stage: mice")
             .replace("routes: [iv]", "routes: [iv, nasal]")) + "    colour: red\n"
    write(content_tree / "topics" / "test-topic.yaml", topic)
    error = _error(content_tree)
    assert [(p.line, p.field) for p in error.problems] == [
        (2, "summary"), (12, "research[0].stage"), (13, "routes[1]"), (20, "colour")]
    assert (error.line, error.field) == (2, "summary")  # the first problem's
    lines = str(error).splitlines()
    assert lines[0] == f"4 problems in {error.file}:"
    assert lines[1].endswith("test-topic.yaml:2: summary: expected a list (lines starting with '- ')")
    assert "test-topic.yaml:12: research[0].stage: 'mice' is not one of" in lines[2]
    assert "test-topic.yaml:13: routes[1]: unknown route 'nasal'" in lines[3]
    assert lines[4].strip() == "hint: known routes: iv"
    assert "test-topic.yaml:20: colour: unknown key" in lines[5]


def test_a_route_file_reports_its_name_and_its_fields_together(content_tree):
    write(content_tree / "routes" / "Nasal.yaml", "name: Nose\nask: 3\nextra: x\n")
    error = _error(content_tree)
    assert [p.field for p in error.problems] == [
        None, "what_happens", "what_to_expect", "ask", "extra"]
    assert "file name 'Nasal.yaml' is not a valid slug" in str(error)


def test_a_file_that_is_not_a_mapping_stops_at_that(content_tree):
    write(content_tree / "topics" / "test-topic.yaml", "- just\n- a list\n")
    error = _error(content_tree)
    assert len(error.problems) == 1 and "expected a mapping" in str(error)


def test_a_content_error_crosses_process_boundaries_with_its_problems(content_tree):
    import pickle
    write(content_tree / "topics" / "test-topic.yaml", MINIMAL_TOPIC + "    a: 1\n    b: 2\n")
    error = _error(content_tree)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is ContentError and str(copy) == str(error)
    assert (copy.file, copy.line, copy.field, copy.problems) == (
        error.file, error.line, error.field, error.problems)
