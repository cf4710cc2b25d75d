"""Review dates: a brochure past its review, or an old FDA status, warns and fails a release."""

from __future__ import annotations

import datetime as dt

import pytest

from brochures.builder.pipeline import build
from brochures.builder.plan import BuildOptions
from brochures.checks.freshness import REGULATORY_MAX_AGE_DAYS, stale_dates
from brochures.errors import CheckError


def _fresh_day(library, topics):
    """The day the newest of these reviews (and the regulatory check) was done."""
    return max([topic.reviewed for topic in topics] + [library.regulatory.status_as_of])


def _stale_day(library, topic):
    """The first day both the topic's review and the regulatory status are overdue."""
    return max(
        topic.next_review,
        library.regulatory.status_as_of + dt.timedelta(days=REGULATORY_MAX_AGE_DAYS),
    ) + dt.timedelta(days=1)


def test_current_content_is_fresh(library):
    # On the day of its newest review nothing in the shipped content is overdue.
    topics = list(library.topics.values())
    assert stale_dates(topics, library.regulatory, _fresh_day(library, topics)) == []


def test_a_brochure_past_its_review_date_is_named(library):
    later = library.topics["cancer"].next_review + dt.timedelta(days=1)
    problems = stale_dates([library.topics["cancer"]], library.regulatory, later)
    assert any("cancer.yaml: next_review" in p for p in problems)


def test_an_old_regulatory_status_is_named(library):
    later = library.regulatory.status_as_of + dt.timedelta(days=366)
    problems = stale_dates([], library.regulatory, later)
    assert len(problems) == 1 and "regulatory.yaml: status_as_of" in problems[0]


def _options(tmp_path, **kwargs):
    return BuildOptions(
        langs=("en",), topics=("cancer",), format="html", out_dir=tmp_path, **kwargs
    )


def test_stale_dates_warn_in_a_normal_build(tmp_path, library, logged):
    today = _stale_day(library, library.topics["cancer"])
    written = build(_options(tmp_path, today=today), report=lambda _: None)
    warnings = logged.take()
    # the topic's review and the regulatory status
    assert written and len(warnings) == 2
    assert "cancer.yaml: next_review" in warnings[0] and "status_as_of" in warnings[1]


def test_stale_dates_fail_a_release_build(tmp_path, library, logged):
    today = _stale_day(library, library.topics["cancer"])
    with pytest.raises(CheckError) as caught:
        build(_options(tmp_path, today=today, release=True), report=lambda _: None)
    assert "next_review" in str(caught.value) and "status_as_of" in str(caught.value)
    assert not list(tmp_path.rglob("*.html"))
    assert logged.take() == []  # errors, not warnings


def test_a_current_release_build_succeeds(tmp_path, library, logged):
    today = _fresh_day(library, [library.topics["cancer"]])
    assert build(_options(tmp_path, today=today, release=True), report=lambda _: None)
    assert logged.take() == []
