"""Shared fixtures: project paths, small content trees built inline, rendered brochures."""

from __future__ import annotations

import logging
import textwrap
from pathlib import Path

import pytest

from brochures import defaults
from brochures.content.library import load_library
from brochures.content.clinic import load_clinic
from brochures.i18n.translations import load_translations
from brochures.logs import attached

# The repository's own content and catalogs, wherever the tests are run from.
PROJECT = Path(__file__).resolve().parent.parent
CONTENT = PROJECT / "content"
LOCALES = PROJECT / "locales"
CLINIC = CONTENT / "clinic.yaml"
TEMPLATES = defaults.TEMPLATES_DIR
ASSETS = defaults.ASSETS_DIR

def write(path: Path, text: str) -> Path:
    """Write dedented text to `path`, creating folders: tiny input trees stay readable inline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def library():
    return load_library(CONTENT)


@pytest.fixture(scope="session")
def clinic():
    return load_clinic(CLINIC)


@pytest.fixture(scope="session")
def spanish():
    return load_translations(LOCALES, "es")


@pytest.fixture(scope="session")
def english():
    return load_translations(LOCALES, "en")


@pytest.fixture(scope="session")
def renderer():
    from brochures.pdf.renderer import PdfRenderer
    from brochures.i18n.languages import available_languages
    from brochures.build.font_text import cjk_text
    languages = available_languages(LOCALES)
    return PdfRenderer(TEMPLATES, {ASSETS, CLINIC.parent}, languages,
                       cjk_text(languages, LOCALES, ""))


MINIMAL_ROUTE = """
    name: Into a vein
    what_happens: A nurse puts a tube in your arm.
    what_to_expect: A small pinch.
    ask: Who made it?
"""

MINIMAL_TOPIC = """
    title: A test topic
    summary:
      - First line.
    sections:
      - heading: A heading
        paragraphs:
          - A paragraph.
    research_heading: Research
    research:
      - area: An area
        conditions: [A condition]
        studying: If it helps.
        stage: animal
    routes: [iv]
    questions:
      - A question?
    reviewed: 2026-01-01
    next_review: 2027-01-01
    references:
      - citation: "A citation."
"""

MINIMAL_REGULATORY = """
    regulator: FDA
    status_as_of: 2026-01-01
    report_url: https://www.fda.gov/safety/medwatch
    report_phone: 1-800-FDA-1088
    notices:
      - title: A notice
        date: 2019-12-06
        url: https://www.fda.gov/notice
        summary: A summary.
"""


@pytest.fixture
def content_tree(tmp_path):
    """A minimal valid content/ folder; tests overwrite one file to make it invalid."""
    root = tmp_path / "content"
    write(root / "routes" / "iv.yaml", MINIMAL_ROUTE)
    write(root / "topics" / "test-topic.yaml", MINIMAL_TOPIC)
    write(root / "regulatory.yaml", MINIMAL_REGULATORY)
    return root


class LoggedRecords(logging.Handler):
    """The warnings and errors the `brochures` loggers logged during one test."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[str]:
        """The messages logged so far, which the test expected: they no longer fail it."""
        messages = [record.getMessage() for record in self.records]
        self.records.clear()
        return messages


@pytest.fixture(autouse=True)
def logged():
    """Fail a test that logs a warning it did not take with `logged.take()`, as
    WeasyPrint's tests fail on unexpected log output."""
    with attached(LoggedRecords()) as handler:
        yield handler
    unexpected = [f"{record.levelname}: {record.getMessage()}" for record in handler.records]
    assert not unexpected, "unexpected log records:\n" + "\n".join(unexpected)
