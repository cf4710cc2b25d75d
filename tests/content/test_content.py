"""Content loading: the real content is complete, and bad YAML is named by file, line and field."""

from __future__ import annotations

import textwrap

import pytest

from brochures.content.library import load_library
from brochures.errors import ContentError
from conftest import CONTENT, MINIMAL_TOPIC, write


def test_the_topics_and_routes_are_the_files_under_content(library):
    # The filesystem is the registry: whatever files exist, no list to keep in sync.
    assert set(library.topics) == {p.stem for p in (CONTENT / "topics").glob("*.yaml")}
    assert set(library.routes) == {p.stem for p in (CONTENT / "routes").glob("*.yaml")}
    # The overview introduces every way exosomes are given.
    assert {r.slug for r in library.topics["overview"].routes} == set(library.routes)


def test_adding_a_topic_is_adding_one_file(content_tree):
    write(
        content_tree / "topics" / "another-topic.yaml",
        MINIMAL_TOPIC.replace("A test topic", "Another topic"),
    )
    library = load_library(content_tree)
    assert set(library.topics) == {"test-topic", "another-topic"}
    assert library.topics["another-topic"].title == "Another topic"


def test_research_keeps_its_conditions_in_order(content_tree):
    write(
        content_tree / "topics" / "test-topic.yaml",
        MINIMAL_TOPIC.replace("conditions: [A condition]", "conditions: [Stroke, Lupus]"),
    )
    (research,) = load_library(content_tree).topics["test-topic"].research
    assert (research.area, research.conditions, research.stage) == (
        "An area",
        ("Stroke", "Lupus"),
        "animal",
    )


def test_a_topic_without_references_is_refused(content_tree):
    text = MINIMAL_TOPIC.split("    references:")[0] + "    references: []\n"
    write(content_tree / "topics" / "test-topic.yaml", text)
    error = _error(content_tree)
    assert error.field == "references" and "needs at least 1" in str(error)


def test_regulatory_notices_are_fda_pages_no_newer_than_the_status(library):
    regulatory = library.regulatory
    assert regulatory.notices and regulatory.report_url.startswith("https://www.fda.gov/")
    for notice in regulatory.notices:
        assert notice.url.startswith("https://www.fda.gov/"), notice.title
        assert notice.date <= regulatory.status_as_of, notice.title


def test_notices_are_listed_oldest_first(content_tree):
    regulatory = content_tree / "regulatory.yaml"
    later = """
          - title: A later notice
            date: 2020-07-22
            url: https://www.fda.gov/later
            summary: Later.
    """
    text = regulatory.read_text().replace(
        "notices:\n", "notices:\n" + textwrap.indent(textwrap.dedent(later).lstrip("\n"), "  ")
    )
    regulatory.write_text(text)
    notices = load_library(content_tree).regulatory.notices
    assert [n.date.isoformat() for n in notices] == ["2019-12-06", "2020-07-22"]
    assert [n.title for n in notices] == ["A notice", "A later notice"]


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
    write(
        content_tree / "topics" / "test-topic.yaml",
        MINIMAL_TOPIC.replace("    questions:\n      - A question?\n", ""),
    )
    error = _error(content_tree)
    assert error.field == "questions" and "missing required field" in str(error)


def test_wrong_type_is_named(content_tree):
    write(
        content_tree / "topics" / "test-topic.yaml",
        MINIMAL_TOPIC.replace("summary:\n      - First line.", "summary: First line."),
    )
    error = _error(content_tree)
    assert (error.field, error.line) == ("summary", 2)
    assert "expected a list" in str(error)


def test_nested_field_path_is_named(content_tree):
    write(
        content_tree / "topics" / "test-topic.yaml",
        MINIMAL_TOPIC.replace("stage: animal", "stage: mice"),
    )
    error = _error(content_tree)
    assert error.field == "research[0].stage" and error.line == 13
    assert "'mice' is not one of" in str(error)


def test_unknown_route_reference_lists_the_known_routes(content_tree):
    write(
        content_tree / "topics" / "test-topic.yaml",
        MINIMAL_TOPIC.replace("routes: [iv]", "routes: [iv, nasal]"),
    )
    error = _error(content_tree)
    assert error.field == "routes[1]" and error.line == 14
    assert "unknown route 'nasal'" in str(error) and "iv" in error.hint


def test_bad_date_is_named(content_tree):
    write(
        content_tree / "topics" / "test-topic.yaml",
        MINIMAL_TOPIC.replace("reviewed: 2026-01-01", "reviewed: 2026-13-01"),
    )
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
    write(
        content_tree / "topics" / "test-topic.yaml",
        MINIMAL_TOPIC.replace("next_review: 2027-01-01", "next_review: 2025-01-01"),
    )
    assert _error(content_tree).field == "next_review"


def test_every_problem_in_a_file_is_reported_at_once_sorted_by_line(content_tree):
    topic = (
        MINIMAL_TOPIC.replace("summary:\n      - First line.", "summary: First line.")
        .replace("stage: animal", "stage: mice")
        .replace("routes: [iv]", "routes: [iv, nasal]")
    ) + "    colour: red\n"
    write(content_tree / "topics" / "test-topic.yaml", topic)
    error = _error(content_tree)
    assert [(p.line, p.field) for p in error.problems] == [
        (2, "summary"),
        (12, "research[0].stage"),
        (13, "routes[1]"),
        (20, "colour"),
    ]
    assert (error.line, error.field) == (2, "summary")  # the first problem's
    lines = str(error).splitlines()
    assert lines[0] == f"4 problems in {error.file}:"
    assert lines[1].endswith(
        "test-topic.yaml:2: summary: expected a list (lines starting with '- ')"
    )
    assert "test-topic.yaml:12: research[0].stage: 'mice' is not one of" in lines[2]
    assert "test-topic.yaml:13: routes[1]: unknown route 'nasal'" in lines[3]
    assert lines[4].strip() == "hint: known routes: iv"
    assert "test-topic.yaml:20: colour: unknown key" in lines[5]


def test_a_route_file_reports_its_name_and_its_fields_together(content_tree):
    write(content_tree / "routes" / "Nasal.yaml", "name: Nose\nask: 3\nextra: x\n")
    error = _error(content_tree)
    assert [p.field for p in error.problems] == [
        None,
        "what_happens",
        "what_to_expect",
        "ask",
        "extra",
    ]
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
        error.file,
        error.line,
        error.field,
        error.problems,
    )


def _about(value: str) -> str:
    return MINIMAL_TOPIC.replace("    title:", f"    about: {value}\n    title:")


def test_a_topic_is_about_treatments_unless_it_says_tests(content_tree):
    assert load_library(content_tree).topics["test-topic"].about == "treatments"
    write(content_tree / "topics" / "test-topic.yaml", _about("tests"))
    assert load_library(content_tree).topics["test-topic"].about == "tests"


def test_about_is_treatments_or_tests(content_tree):
    write(content_tree / "topics" / "test-topic.yaml", _about("devices"))
    error = _error(content_tree)
    assert error.field == "about" and "'devices' is not one of: treatments, tests" in str(error)


def test_the_registry_names_where_offers_go_and_where_more_warnings_are(content_tree):
    regulatory = load_library(content_tree).regulatory
    assert regulatory.trial_offers_email == "offers@fda.example"
    assert regulatory.more_url == "https://www.fda.gov"
    (content_tree / "regulatory.yaml").write_text(
        (content_tree / "regulatory.yaml").read_text().replace("more_url", "# more_url")
    )
    assert _error(content_tree).field == "more_url"
