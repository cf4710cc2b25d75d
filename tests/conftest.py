"""Shared fixtures: project paths, small content trees built inline, rendered brochures."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest

# Everything the library derives and keeps (font instances, CJK subsets, the fontconfig
# cache, the NLTK copy of the CMU dictionary, hyphenation JSON) goes to a folder made for
# this test session, never to the user's ~/.cache. It is set before brochures is imported,
# and worker processes and the build.py subprocesses the tests start inherit it.
# A fresh folder costs the first render its font instances and subsets (under a second), as
# on a CI machine; BROCHURES_TEST_CACHE=folder keeps one between sessions for a quicker edit loop.
# Worker processes that unpickle a class from a test module import this file again: they
# find the session's folder in _BROCHURES_TEST_SESSION_CACHE and neither make nor remove one.
_INHERITED_CACHE = os.environ.get("_BROCHURES_TEST_SESSION_CACHE")
# XDG_CACHE_HOME names the user's cache unless an enclosing test session set it (a worker,
# or a pytest run started by a test).
_USER_XDG = os.environ.get("XDG_CACHE_HOME")
if _USER_XDG and _USER_XDG == _INHERITED_CACHE:
    _USER_XDG = None
USER_CACHE = Path(_USER_XDG or Path.home() / ".cache") / "exosome-brochures"
KEPT_CACHE = os.environ.get("BROCHURES_TEST_CACHE")
_MADE_HERE = not (KEPT_CACHE or _INHERITED_CACHE)
if KEPT_CACHE:
    SESSION_CACHE = Path(KEPT_CACHE).expanduser().resolve()
elif _INHERITED_CACHE:
    SESSION_CACHE = Path(_INHERITED_CACHE)
else:
    SESSION_CACHE = Path(tempfile.mkdtemp(prefix="brochures-test-cache-"))
os.environ["_BROCHURES_TEST_SESSION_CACHE"] = str(SESSION_CACHE)
os.environ["XDG_CACHE_HOME"] = str(SESSION_CACHE)

from brochures import defaults  # noqa: E402  (after the cache folder is chosen)
from brochures.content.clinic import load_clinic  # noqa: E402
from brochures.content.library import load_library  # noqa: E402
from brochures.html.render import render_html  # noqa: E402
from brochures.i18n.translations import load_translations  # noqa: E402
from brochures.logs import attached  # noqa: E402

# The repository's own content and catalogs, wherever the tests are run from.
PROJECT = Path(__file__).resolve().parent.parent
CONTENT = PROJECT / "content"
LOCALES = PROJECT / "locales"
CLINIC = CONTENT / "clinic.yaml"
TEMPLATES = defaults.TEMPLATES_DIR
ASSETS = defaults.ASSETS_DIR


def pytest_configure(config):
    if (
        not defaults.cache_dir().is_relative_to(SESSION_CACHE)
        or defaults.cache_dir().resolve() == USER_CACHE.resolve()
    ):
        raise pytest.UsageError(
            f"the tests would use the cache {defaults.cache_dir()}, "
            f"not a folder of their own (see BROCHURES_TEST_CACHE)"
        )


def pytest_unconfigure(config):
    if _MADE_HERE:
        shutil.rmtree(SESSION_CACHE, ignore_errors=True)


def write(path: Path, text: str) -> Path:
    """Write dedented text to `path`, creating folders: tiny input trees stay readable inline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def brochure_html(library, clinic, slug: str, lang: str, **options) -> str:
    """One brochure's HTML as the build renders it: the library's safety registry and words
    to know, the language's catalog; `options` (layout, languages, ...) go to render_html."""
    return render_html(
        library.topics[slug],
        library.regulatory,
        clinic,
        load_translations(LOCALES, lang),
        templates_dir=TEMPLATES,
        words=library.words,
        **options,
    )


def render_as_built(renderer, html: str, lang: str, date, layout: str):
    """Render `html` as the build renders that layout: its page limit, text sizes and
    type floor."""
    return renderer.render(
        html,
        lang=lang,
        date=date,
        max_pages=defaults.MAX_PAGES[layout],
        text_sizes=defaults.TEXT_SIZES[layout],
        type_floor=defaults.TYPE_FLOOR_PT[layout],
    )


@pytest.fixture(scope="session")
def library():
    return load_library(CONTENT)


@pytest.fixture(scope="session")
def clinic(library):
    """The example clinic, with its country's emergency number from the content, as builds
    load it."""
    return load_clinic(CLINIC, library.emergency_numbers)


@pytest.fixture(scope="session")
def shipped():
    """The shipped content and catalogs as a build sees them: `shipped.built_in(topic,
    layout)` names the languages that print that document complete, `shipped.missing(job)`
    what one lacks. A topic not translated yet, or a catalog in progress, is not built."""
    from brochures.builder.pipeline import Brochures
    from brochures.builder.plan import BuildOptions

    return Brochures(
        BuildOptions(format="html", content_dir=CONTENT, locales_dir=LOCALES, clinic_file=CLINIC)
    )


def skip_unless_printable(shipped, lang: str, topic: str, layout: str = "leaflet") -> None:
    """Skip a test of a shipped document its language cannot print yet, as the build skips
    it (test_catalogs' completeness gate says what is missing). A catalog that cannot be
    read at all raises here: it fails the test rather than skipping it."""
    from brochures.builder.plan import Job

    missing = shipped.missing(Job(topic, lang, layout))
    if missing:
        pytest.skip(
            f"{lang} cannot print {topic} ({layout}) yet: {len(missing)} string(s) "
            "untranslated, and the build skips it too"
        )


@pytest.fixture(scope="session")
def spanish():
    return load_translations(LOCALES, "es")


@pytest.fixture(scope="session")
def english():
    return load_translations(LOCALES, "en")


@pytest.fixture(scope="session")
def fonts_made():
    """The session cache with every font a render uses made: worker processes or builds
    started side by side would otherwise each make them at once (inside their time limits)."""
    from brochures.builder.font_text import cjk_text
    from brochures.i18n.languages import available_languages
    from brochures.pdf.fonts import FontSet

    FontSet(defaults.cache_dir(), cjk_text(available_languages(LOCALES), LOCALES, "")).folders()


@pytest.fixture(autouse=True)
def _fonts_before_slow_tests(request):
    # Slow tests are the ones that start workers and builds in parallel; quick ones that
    # need no PDF do not pay for the fonts.
    if request.node.get_closest_marker("slow"):
        request.getfixturevalue("fonts_made")


@pytest.fixture(scope="session")
def renderer(fonts_made):
    from brochures.builder.font_text import cjk_text
    from brochures.i18n.languages import available_languages
    from brochures.pdf.renderer import PdfRenderer

    languages = available_languages(LOCALES)
    return PdfRenderer(
        TEMPLATES, {ASSETS, CLINIC.parent}, languages, cjk_text(languages, LOCALES, "")
    )


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
    trial_offers_email: offers@fda.example
    more_url: https://www.fda.gov
    notices:
      - title: A notice
        date: 2019-12-06
        url: https://www.fda.gov/notice
        summary: A summary.
"""


# One word to know, which the minimal topic does not use: its brochures print no box.
MINIMAL_WORDS = """
    words:
      - term: Biopsy
        explanation: Taking a tiny piece of tissue to test it.
        forms: '\\bbiops(y|ies)\\b'
"""

MINIMAL_EMERGENCY_NUMBERS = """
    numbers:
      US: "911"
"""


def write_content_tree(root: Path, *, topic: str = MINIMAL_TOPIC) -> Path:
    """The minimal content/ files under `root`, with `topic` as test-topic.yaml."""
    write(root / "routes" / "iv.yaml", MINIMAL_ROUTE)
    write(root / "topics" / "test-topic.yaml", topic)
    write(root / "regulatory.yaml", MINIMAL_REGULATORY)
    write(root / "words.yaml", MINIMAL_WORDS)
    write(root / "emergency-numbers.yaml", MINIMAL_EMERGENCY_NUMBERS)
    return root


@pytest.fixture
def content_tree(tmp_path):
    """A minimal valid content/ folder; tests overwrite one file to make it invalid."""
    return write_content_tree(tmp_path / "content")


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


MM = 72 / 25.4


def text_sizes(pdf: bytes) -> list[tuple[int, float, str]]:
    """(page, size in points, text) of every piece of text a PDF draws, read back with
    pypdf: the font size times the scale of the text and graphics matrices."""
    import io
    import math

    import pypdf

    found: list[tuple[int, float, str]] = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages):

        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
                found.append((number, round(size * scale, 2), text.strip()))

        page.extract_text(visitor_text=visit)
    return found


def text_boxes(pdf: bytes) -> list[tuple[int, tuple[float, float, float, float], float, float]]:
    """(page, (left, bottom, right, top) in points, page width, page height) of every run
    of text pdfium finds, the DRAFT mark (90pt, rotated) left out."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    boxes = []
    for number in range(len(document)):
        page = document[number]
        width, height = page.get_size()
        textpage = page.get_textpage()
        for index in range(textpage.count_rects()):
            box = textpage.get_rect(index)
            if box[3] - box[1] < 30:
                boxes.append((number, box, width, height))
    return boxes
