"""Hostile input: markup and paths in content, catalogs and clinic profiles are shown as
text or refused; nothing outside the allowed folders is ever fetched or embedded."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from babel.messages.pofile import write_po

from brochures import defaults
from brochures.builder import cli
from brochures.content.clinic import load_clinic
from brochures.content.library import load_library
from brochures.errors import ContentError, TranslationError
from brochures.html.render import render_html
from brochures.i18n.catalogs import catalog_path, read_catalog
from brochures.i18n.translations import Translations, load_translations
from conftest import LOCALES, PROJECT, TEMPLATES, write

SECRET = Path("/etc/passwd")
ATTACKS = [
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<object data="file:///etc/passwd"></object>',
    "<style>@import url(file:///etc/passwd);</style>",
    '<svg><image href="file:///etc/passwd"/></svg>',
    "background: url(file:///etc/passwd)",
    "../../../../etc/passwd",
    "http://127.0.0.1:9/steal.png",
]
ATTACK = " ".join(ATTACKS)


def _pdf(renderer, html, lang="en"):
    result = renderer.render(
        html,
        lang=lang,
        max_pages=None,
        date=defaults.TEXT_SIZES and __import__("datetime").date(2026, 1, 1),
        text_sizes=(10,),
    )
    return result.data, renderer.last_fetcher


def _assert_nothing_leaked(data: bytes, fetcher):
    assert b"/EmbeddedFiles" not in data and b"/FileAttachment" not in data
    assert b"root:x:0:0" not in data
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "file:///etc/passwd" in text  # shown to the reader, as text
    assert fetcher.denied == []
    allowed = [root.as_uri() for root in fetcher.roots]
    for url in fetcher.requested:
        assert url.startswith("data:image/") or any(
            url.startswith(root + "/") for root in allowed
        ), url
    assert not any("passwd" in url or "127.0.0.1" in url for url in fetcher.requested)


@pytest.mark.slow
def test_markup_in_yaml_prose_is_shown_as_text_and_never_fetched(
    renderer, library, clinic, english
):
    topic = replace(
        library.topics["cancer"],
        title=ATTACK,
        summary=(ATTACK,),
        questions=(ATTACK + "?", "Another question?"),
    )
    html = render_html(
        topic, library.regulatory, clinic, english, templates_dir=TEMPLATES, draft=True
    )
    assert '<img src="file:' not in html and "<object" not in html and "<link" not in html
    data, fetcher = _pdf(renderer, html)
    _assert_nothing_leaked(data, fetcher)


@pytest.mark.slow
def test_markup_in_a_clinic_profile_is_shown_as_text(renderer, library, clinic, english):
    hostile = replace(
        clinic, name="Clinic " + ATTACKS[0], address=(ATTACKS[1], ATTACKS[6]), phone=ATTACKS[7]
    )
    html = render_html(
        library.topics["cancer"], library.regulatory, hostile, english, templates_dir=TEMPLATES
    )
    data, fetcher = _pdf(renderer, html)
    _assert_nothing_leaked(data, fetcher)


def test_a_yaml_file_with_markup_loads_as_plain_text(content_tree):
    route = content_tree / "routes" / "iv.yaml"
    route.write_text(route.read_text().replace("Who made it?", "'" + ATTACKS[0] + "'"))
    library = load_library(content_tree)
    assert library.routes["iv"].ask == ATTACKS[0]


def _spanish_with(tmp_path, msgid, msgstr):
    catalog = read_catalog(catalog_path(LOCALES, "es"), "es")
    catalog[msgid].string = msgstr
    target = catalog_path(tmp_path, "es")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        write_po(handle, catalog)
    return target


def test_markup_in_a_translation_is_refused_naming_the_line(tmp_path):
    target = _spanish_with(tmp_path, "In short", "En resumen " + ATTACKS[0])
    with pytest.raises(TranslationError) as caught:
        load_translations(tmp_path, "es")
    message = str(caught.value)
    assert "inline markup differs" in message and "line " in message
    assert caught.value.file == target


@pytest.mark.slow
def test_text_attacks_in_a_translation_are_shown_as_text(tmp_path, renderer, library, clinic):
    _spanish_with(tmp_path, "In short", "En resumen " + " ".join(ATTACKS[5:]))
    translations = load_translations(tmp_path, "es")
    html = render_html(
        library.topics["cancer"], library.regulatory, clinic, translations, templates_dir=TEMPLATES
    )
    data, fetcher = _pdf(renderer, html, lang="es")
    assert b"root:x:0:0" not in data and fetcher.denied == []
    assert not any("passwd" in url or "127.0.0.1" in url for url in fetcher.requested)


def test_a_translation_that_breaks_css_stays_inside_its_string(library, clinic):
    catalog = read_catalog(catalog_path(LOCALES, "es"), "es")
    catalog[
        "Page %(page)s of %(pages)s"
    ].string = 'P "; } @page { background: url(file:///etc/passwd) } %(page)s / %(pages)s'
    translations = Translations("es", catalog)
    html = render_html(
        library.topics["cancer"], library.regulatory, clinic, translations, templates_dir=TEMPLATES
    )
    assert "url(file:///etc/passwd)" not in html.split("<body")[0]


@pytest.mark.parametrize(
    "line, field",
    [
        ("logo: ../../../etc/passwd", "logo"),
        ("logo: /etc/passwd", "logo"),
        ("website: http://127.0.0.1/", "website"),
        ("website: file:///etc/passwd", "website"),
        ("qr_url: 'file:///etc/passwd?{topic}'", "qr_url"),
    ],
)
def test_a_clinic_profile_cannot_point_outside(tmp_path, line, field):
    profile = "name: Test\naddress: [x]\nphone: '1'\nwebsite: https://clinic.example\ncountry: US\n"
    key = line.split(":")[0]
    profile = "\n".join(row for row in profile.splitlines() if not row.startswith(key + ":"))
    with pytest.raises(ContentError) as caught:
        load_clinic(write(tmp_path / "c.yaml", profile + "\n" + line + "\n"))
    assert caught.value.field == field


def test_a_png_logo_that_is_not_a_png_is_refused(tmp_path):
    (tmp_path / "logo.png").write_text("<html>not an image</html>")
    with pytest.raises(ContentError) as caught:
        load_clinic(
            write(
                tmp_path / "c.yaml",
                "name: T\naddress: [x]\nphone: '1'\n"
                "website: https://clinic.example\ncountry: US\nlogo: logo.png\n",
            )
        )
    assert "is not a PNG image" in str(caught.value)


def test_an_unreadable_logo_is_named(tmp_path):
    if hasattr(__import__("os"), "geteuid") and __import__("os").geteuid() == 0:
        # root reads any file: make it unreadable another way, as a folder named like a file
        (tmp_path / "logo.png").mkdir()
        expected = "no file at"
    else:
        (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        (tmp_path / "logo.png").chmod(0)
        expected = "cannot read"
    with pytest.raises(ContentError) as caught:
        load_clinic(
            write(
                tmp_path / "c.yaml",
                "name: T\naddress: [x]\nphone: '1'\n"
                "website: https://clinic.example\ncountry: US\nlogo: logo.png\n",
            )
        )
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    "yaml_text, expected",
    [
        ("title: " + "x" * 2000 + "\n", "is 2000 characters long; the limit is 1500"),
        ("summary:\n" + "  - line\n" * 50, "has 50 items; the limit is 40"),
    ],
)
def test_enormous_values_are_refused_before_rendering(content_tree, yaml_text, expected):
    topic = content_tree / "topics" / "test-topic.yaml"
    lines = [
        row
        for row in topic.read_text().splitlines(keepends=True)
        if not row.startswith(yaml_text.split(":")[0] + ":")
    ]
    if yaml_text.startswith("summary"):
        lines = [row for row in lines if row != "  - First line.\n"]
    topic.write_text("".join(lines) + yaml_text)
    with pytest.raises(ContentError) as caught:
        load_library(content_tree)
    assert expected in str(caught.value)


def test_a_route_listed_twice_is_named(content_tree):
    topic = content_tree / "topics" / "test-topic.yaml"
    topic.write_text(topic.read_text().replace("routes: [iv]", "routes: [iv, iv]"))
    with pytest.raises(ContentError) as caught:
        load_library(content_tree)
    assert caught.value.field == "routes[1]" and "listed twice" in str(caught.value)


@pytest.mark.slow
def test_two_builds_into_one_folder_at_once_do_not_corrupt_it(tmp_path):
    command = [
        sys.executable,
        "build.py",
        "--lang",
        "en",
        "--topic",
        "cancer,cosmetic",
        "--out",
        str(tmp_path),
        "--jobs",
        "1",
    ]
    first = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL)
    second = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL)
    assert first.wait(timeout=300) == 0 and second.wait(timeout=300) == 0
    files = sorted(p.name for p in (tmp_path / "en").iterdir())
    assert files == ["cancer.pdf", "cosmetic.pdf"]  # no temporary files left behind
    for name in files:
        assert 1 <= len(pypdf.PdfReader(tmp_path / "en" / name).pages) <= 2  # whole PDFs


def test_a_broken_catalog_exits_2_naming_file_and_line(tmp_path, capsys, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    po = catalog_path(locales, "es")
    po.write_text(po.read_text().replace('msgid "In short"', 'msgid "In short'))
    original = cli.BuildOptions
    monkeypatch.setattr(cli, "BuildOptions", lambda **kw: original(locales_dir=locales, **kw))
    assert (
        cli.main(
            [
                "--lang",
                "es",
                "--topic",
                "cancer",
                "--format",
                "html",
                "--out",
                str(tmp_path / "out"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "messages.po:" in err and "broken catalog" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "qr_url, expected",
    [
        ("'{website:>99999999}/{lang}'", "placeholders take no format or conversion"),
        ("'{website}/{lang!r}'", "placeholders take no format or conversion: {lang!r}"),
        ("'{website}/{topic:.3}'", "hint: write it as {topic}"),
        ("'{website}/" + "a" * 400 + "'", "the limit is 300"),
        ("'{website}/{lang}/" + "a" * 280 + "'", "at most 300 scan reliably"),
    ],
)
def test_a_qr_url_template_cannot_make_an_address_of_any_length(tmp_path, qr_url, expected):
    """A width in a format spec once made the QR encoder run for ever."""
    profile = "name: T\naddress: [x]\nphone: '1'\nwebsite: https://clinic.example\ncountry: US\n"
    with pytest.raises(ContentError) as caught:
        load_clinic(write(tmp_path / "c.yaml", profile + f"qr_url: {qr_url}\n"))
    assert expected in str(caught.value) and "qr_url" in str(caught.value)


def test_an_address_too_long_for_a_qr_code_is_refused_where_it_is_made():
    from brochures.html.qr import qr_code

    with pytest.raises(ContentError) as caught:
        qr_code(
            "{website}/{topic}",
            website="https://clinic.example/" + "x" * 400,
            lang="en",
            topic="cancer",
            layout="leaflet",
            revision="2026-01-01",
        )
    assert caught.value.field == "qr_url" and "characters long" in str(caught.value)


def test_a_weasyprint_message_without_a_reason_gets_one():
    from brochures.pdf.renderer import _with_reason

    assert "no reason given" in _with_reason("Failed to load image at 'file:///x/logo.png': ")
    assert _with_reason("Failed to load font") == "Failed to load font"


def test_files_far_larger_than_any_input_are_refused_before_they_are_parsed(tmp_path):
    """The corpus cannot hold files of megabytes: they are made here."""
    from brochures.content.schema import MAX_FILE_BYTES, compose
    from brochures.i18n.catalogs import MAX_CATALOG_BYTES

    topic = write(tmp_path / "big.yaml", "title: x\n" + "# padding\n" * (MAX_FILE_BYTES // 10))
    with pytest.raises(ContentError, match=r"the file is [\d,]+ bytes; one is at most"):
        compose(topic)
    po = tmp_path / "messages.po"
    po.write_bytes(b'msgid ""\nmsgstr ""\n' + b"# padding\n" * (MAX_CATALOG_BYTES // 10 + 1))
    with pytest.raises(TranslationError, match=r"the catalog is [\d,]+ bytes") as caught:
        read_catalog(po, "es")
    assert caught.value.file == po
