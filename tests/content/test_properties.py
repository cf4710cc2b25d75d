"""Property tests: random Unicode through loading, extraction, HTML and PDF rendering may
only fail with the documented errors (BrochureError and its kinds), each with a message."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from brochures.content.extract import prose_messages
from brochures.content.library import load_library
from brochures.errors import ContentError, RenderError
from brochures.html.render import render_html
from brochures.i18n.msgids import to_msgid
from conftest import MINIMAL_ROUTE, TEMPLATES, write_content_tree

# Right-to-left marks, zero-width joiners, combining accents, emoji, and plain letters,
# in strings that run from empty to very long single "words".
TRICKY = st.sampled_from(
    [
        "\u200f",
        "\u200e",
        "\u202e",
        "\u200d",
        "\u200b",
        "\u0301",
        "\u0651",
        "🧬",
        "👩‍⚕️",
        "é",
        "ß",
        "ﷺ",
        "𝔸",
        "\ufeff",
        "%",
        "%(x)s",
        "{{",
        "{%",
        "<",
        "&",
        '"',
        "'",
        ":",
        "#",
    ]
)
TEXT = st.lists(st.one_of(st.characters(exclude_categories=("Cs",)), TRICKY), max_size=80).map(
    "".join
)
LONG_WORD = st.integers(min_value=1, max_value=3000).map(lambda n: "x" * n)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _tree(tmp_path, route_text: str):
    root = write_content_tree(tmp_path / "content")
    route = yaml.safe_load(MINIMAL_ROUTE)
    route["ask"] = route_text
    (root / "routes").mkdir(parents=True, exist_ok=True)
    (root / "routes" / "iv.yaml").write_text(
        yaml.safe_dump(route, allow_unicode=True), encoding="utf-8"
    )
    return root


@SETTINGS
@given(text=st.one_of(TEXT, LONG_WORD))
@example(text="0\x850")  # found by CI: a NEL, which YAML reads as a line break
def test_loading_and_extraction_accept_or_explain(tmp_path_factory, text):
    root = _tree(tmp_path_factory.mktemp("p"), text)
    try:
        library = load_library(root)
    except ContentError as error:
        assert error.file is not None and str(error)
        return
    # What the file says, by YAML's own reading. PyYAML writes a NEL (U+0085) raw, and
    # YAML 1.1 reads a raw NEL as a line break, folded to a space: the one character the
    # round trip changes, and not this project's doing.
    written = yaml.safe_load((root / "routes" / "iv.yaml").read_text(encoding="utf-8"))["ask"]
    assert written == text or "\x85" in text
    assert library.routes["iv"].ask == written.strip()
    messages = [
        msgid for _, field, msgid in prose_messages(root / "routes" / "iv.yaml") if field == "ask"
    ]
    assert messages == [to_msgid(written)]


@SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes_as_a_yaml_file_are_loaded_or_explained(tmp_path_factory, data):
    root = _tree(tmp_path_factory.mktemp("b"), "Who?")
    (root / "routes" / "iv.yaml").write_bytes(data)
    try:
        load_library(root)
    except ContentError as error:
        assert "iv.yaml" in str(error)


@SETTINGS
@given(text=st.one_of(TEXT, LONG_WORD))
def test_html_rendering_escapes_anything(library, clinic, english, text):
    topic = replace(library.topics["cancer"], title=text or "x", summary=(text or "x",))
    html = render_html(
        topic, library.regulatory, clinic, english, templates_dir=TEMPLATES, draft=True
    )
    assert "<script" not in html
    if "<" in text:
        assert "&lt;" in html


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.one_of(TEXT, st.integers(1, 400).map(lambda n: "y" * n)))
def test_pdf_rendering_succeeds_or_explains(renderer, library, clinic, english, text):
    topic = replace(library.topics["cancer"], summary=(text or "x",))
    html = render_html(
        topic, library.regulatory, clinic, english, templates_dir=TEMPLATES, draft=True
    )
    try:
        result = renderer.render(
            html, lang="en", max_pages=2, date=dt.date(2026, 1, 1), text_sizes=(10,)
        )
    except RenderError as error:  # always a BrochureError; what matters is its message
        assert str(error).strip(), "a RenderError without a message"
        return
    assert result.data.startswith(b"%PDF")
