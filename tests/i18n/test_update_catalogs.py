"""--update-catalogs: messages.pot and the catalogs follow the sources, and change no more."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from brochures import __version__
from brochures.builder.cli import main
from brochures.errors import ContentError, TranslationError
from brochures.i18n.update import update_catalogs
from conftest import CONTENT, LOCALES, PROJECT, TEMPLATES, write, write_content_tree

TEMPLATE = """
    {#- Translators: the greeting on top. -#}
    <p>{% trans %}Hello{% endtrans %}</p>
    <p>{{ _("Goodbye") }}</p>
"""

HEADER_COMMENT = """\
# Spanish translations for exosome-brochures.
# Translated-By: a test, 2026-01-02
# Review-Status: community-review"""

EXTRACTED = '"POT-Creation-Date: 2026-01-01 00:00+0000\\n"'
REVISED = dt.datetime(2026, 1, 2, 12, 0, tzinfo=dt.UTC)
LONG_AGO = 1_000_000_000  # seconds since 1970: an mtime no write keeps


def update(root: Path) -> list[Path]:
    return update_catalogs(root / "content", root / "templates", root / "locales")


def add_catalog(root: Path, lang: str, translate: bool) -> Path:
    """A catalog as `pybabel init` makes it from the current .pot, with a translator's
    header comment and, if `translate`, every string translated as "<lang>: English"."""
    pot = (root / "locales" / "messages.pot").read_bytes()
    catalog = read_po(io.BytesIO(pot), locale=lang)
    catalog.header_comment = HEADER_COMMENT
    catalog.revision_date = REVISED
    catalog.fuzzy = False
    for message in catalog:
        if message.id and translate:
            message.string = f"{lang}: {message.id}"
    po_file = root / "locales" / lang / "LC_MESSAGES" / "messages.po"
    po_file.parent.mkdir(parents=True)
    with po_file.open("wb") as handle:
        write_po(handle, catalog)
    return po_file


@pytest.fixture
def project(tmp_path):
    """A small project: minimal content, one template, a .pot and a translated Spanish
    catalog, brought up to date once."""
    write_content_tree(tmp_path / "content")
    write(tmp_path / "templates" / "page.html", TEMPLATE)
    (tmp_path / "locales").mkdir()
    update(tmp_path)
    add_catalog(tmp_path, "es", translate=True)
    update(tmp_path)
    backdate(tmp_path / "locales")
    return tmp_path


def backdate(locales: Path) -> None:
    """Date the last extraction long ago, so that a file written with today's date shows."""
    for file in (locales / "messages.pot", *locales.glob("*/LC_MESSAGES/messages.po")):
        lines = file.read_text("utf-8").splitlines(keepends=True)
        lines = [EXTRACTED + "\n" if '"POT-Creation-Date:' in line else line for line in lines]
        file.write_text("".join(lines), encoding="utf-8")


def snapshot(folder: Path) -> dict[Path, tuple[bytes, int]]:
    return {
        file: (file.read_bytes(), file.stat().st_mtime_ns)
        for file in sorted(folder.rglob("*"))
        if file.is_file()
    }


def age(folder: Path) -> None:
    """Set every file's mtime far back, so that any write, even of the same bytes, shows."""
    for file in folder.rglob("*"):
        if file.is_file():
            os.utime(file, (LONG_AGO, LONG_AGO))


def changed_lines(before: str, after: str) -> list[str]:
    """The -/+ lines of a diff, but for the POT-Creation-Date (tests that care read it)."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [
        line
        for line in diff
        if line[:1] in "+-"
        and not line.startswith(("+++", "---"))
        and "POT-Creation-Date" not in line
    ]


def po_text(root: Path, lang: str) -> str:
    return (root / "locales" / lang / "LC_MESSAGES" / "messages.po").read_text("utf-8")


def pot_text(root: Path) -> str:
    return (root / "locales" / "messages.pot").read_text("utf-8")


def test_an_unchanged_tree_is_not_written(project):
    age(project / "locales")
    before = snapshot(project / "locales")
    assert update(project) == []
    assert snapshot(project / "locales") == before


def test_a_changed_string_changes_only_its_entry(project):
    pot_before, po_before = pot_text(project), po_text(project, "es")
    topic = project / "content" / "topics" / "test-topic.yaml"
    topic.write_text(topic.read_text().replace("A paragraph.", "A new paragraph."))

    written = update(project)

    locales = project / "locales"
    assert written == [locales / "messages.pot", locales / "es" / "LC_MESSAGES" / "messages.po"]
    assert changed_lines(pot_before, pot_text(project)) == [
        '-msgid "A paragraph."',
        '+msgid "A new paragraph."',
    ]
    # The old translation is dropped, not offered as a fuzzy guess for the new English.
    assert changed_lines(po_before, po_text(project, "es")) == [
        '-msgid "A paragraph."',
        '-msgstr "es: A paragraph."',
        '+msgid "A new paragraph."',
        '+msgstr ""',
    ]
    catalog = read_po(io.BytesIO(po_text(project, "es").encode()))
    assert not catalog["A new paragraph."].fuzzy
    assert catalog.obsolete == {}


def test_a_catalog_follows_the_pot_creation_date(project):
    topic = project / "content" / "topics" / "test-topic.yaml"
    topic.write_text(topic.read_text().replace("A paragraph.", "A new paragraph."))
    update(project)
    pot = read_po(io.BytesIO((project / "locales" / "messages.pot").read_bytes()))
    catalog = read_po(io.BytesIO(po_text(project, "es").encode()))
    assert EXTRACTED not in pot_text(project)
    assert catalog.creation_date == pot.creation_date


def test_the_catalog_header_survives_an_update(project):
    topic = project / "content" / "topics" / "test-topic.yaml"
    topic.write_text(topic.read_text().replace("A paragraph.", "A new paragraph."))
    update(project)
    text = po_text(project, "es")
    assert text.startswith(HEADER_COMMENT + "\n")
    assert '"PO-Revision-Date: 2026-01-02 12:00+0000\\n"' in text


def test_a_new_topic_comes_in_and_a_removed_one_goes(project):
    second = project / "content" / "topics" / "second.yaml"
    topic = project / "content" / "topics" / "test-topic.yaml"
    second.write_text(topic.read_text().replace("A test topic", "A second topic"))
    update(project)
    assert 'msgid "A second topic"' in pot_text(project)
    assert "#: content/topics/second.yaml:1" in pot_text(project)
    assert 'msgid "A second topic"\nmsgstr ""' in po_text(project, "es")

    second.unlink()
    update(project)
    assert "second" not in pot_text(project)
    assert "second" not in po_text(project, "es")


def test_a_new_language_folder_is_updated(project):
    po_file = add_catalog(project, "fr", translate=False)
    topic = project / "content" / "topics" / "test-topic.yaml"
    topic.write_text(topic.read_text().replace("A paragraph.", "A new paragraph."))

    assert po_file in update(project)

    text = po_text(project, "fr")
    assert 'msgid "A new paragraph."' in text and 'msgid "A paragraph."' not in text
    assert text.startswith(HEADER_COMMENT + "\n")
    assert update(project) == []


def test_the_pot_has_translator_comments_and_references(project):
    text = pot_text(project)
    assert '#. the greeting on top.\n#: templates/page.html:2\nmsgid "Hello"' in text
    assert "#. topics/test-topic.yaml: title\n#: content/topics/test-topic.yaml:1\n" in text


def test_a_checkout_never_installed_keeps_the_version(project, monkeypatch):
    from brochures.i18n import update as update_module

    monkeypatch.setattr(update_module, "__version__", update_module.UNKNOWN_VERSION)
    assert update(project) == []


def test_a_broken_catalog_is_named_and_nothing_is_written(project):
    po_file = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    po_file.write_text(po_file.read_text() + '\nmsgid "Unfinished\n', encoding="utf-8")
    topic = project / "content" / "topics" / "test-topic.yaml"
    topic.write_text(topic.read_text().replace("A paragraph.", "A new paragraph."))
    age(project / "locales")
    before = snapshot(project / "locales")

    with pytest.raises(TranslationError) as caught:
        update(project)

    assert caught.value.file == po_file
    assert caught.value.line == len(po_file.read_text().splitlines())
    assert snapshot(project / "locales") == before


def test_a_yaml_error_names_the_file_and_line(project):
    topic = project / "content" / "topics" / "test-topic.yaml"
    topic.write_text(topic.read_text() + "questions: [unclosed\n")
    with pytest.raises(ContentError) as caught:
        update(project)
    assert caught.value.file is not None and caught.value.file.name == "test-topic.yaml"
    assert caught.value.line is not None


def test_a_template_syntax_error_names_the_file_and_line(project):
    write(project / "templates" / "broken.html", "<p>\n{% trans %}Open\n")
    with pytest.raises(ContentError) as caught:
        update(project)
    assert caught.value.file == project / "templates" / "broken.html"
    assert caught.value.line == 2


def test_the_command_says_what_it_wrote(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    # The command uses the package's templates: the first run brings their strings in.
    assert main(["--update-catalogs"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "updated locales/messages.pot",
        "updated locales/es/LC_MESSAGES/messages.po",
    ]
    assert main(["--update-catalogs"]) == 0
    assert capsys.readouterr().out == "catalogs already current\n"


def test_the_command_exits_2_on_a_broken_catalog(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    po_file = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    po_file.write_text('msgid "Unfinished\n', encoding="utf-8")
    assert main(["--update-catalogs"]) == 2
    assert "locales/es/LC_MESSAGES/messages.po:1" in capsys.readouterr().err


def test_the_shipped_catalogs_are_current(tmp_path):
    """The committed .pot and catalogs are what `python build.py --update-catalogs` writes."""
    locales = shutil.copytree(LOCALES, tmp_path / "locales")
    written = update_catalogs(CONTENT, TEMPLATES, locales)
    stale = {}
    for file in written:
        name = file.relative_to(locales)
        committed = (LOCALES / name).read_text("utf-8")
        stale[str(name)] = "\n".join(changed_lines(committed, file.read_text("utf-8"))[:12])
    assert not stale, "run `python build.py --update-catalogs` and commit:\n" + "\n".join(
        f"{name}:\n{lines}" for name, lines in stale.items()
    )


def without_creation_date(folder: Path) -> dict[str, list[str]]:
    """Every .pot and .po file's lines, but for the POT-Creation-Date."""
    files = {}
    for file in sorted(folder.rglob("*.po*")):
        lines = file.read_text("utf-8").splitlines()
        files[str(file.relative_to(folder))] = [x for x in lines if "POT-Creation-Date" not in x]
    return files


def test_it_writes_what_pybabel_writes(tmp_path):
    """The README's plain pybabel commands and --update-catalogs make the same files
    (but for the date) from the shipped sources."""
    ours = shutil.copytree(LOCALES, tmp_path / "ours")
    theirs = shutil.copytree(LOCALES, tmp_path / "theirs")
    pybabel = [sys.executable, "-m", "babel.messages.frontend", "-q"]
    pot = str(theirs / "messages.pot")
    environment = {**os.environ, "PYTHONPATH": str(PROJECT)}
    subprocess.run(
        [
            *pybabel,
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            pot,
            "--add-comments=Translators:",
            "--sort-by-file",
            "--project=exosome-brochures",
            f"--version={__version__}",
            "--copyright-holder=exosome-brochures contributors",
            "--msgid-bugs-address=translations@brochures.invalid",
            ".",
        ],
        cwd=PROJECT,
        env=environment,
        check=True,
    )
    subprocess.run(
        [
            *pybabel,
            "update",
            "-i",
            pot,
            "-d",
            str(theirs),
            "--ignore-obsolete",
            "--no-fuzzy-matching",
        ],
        cwd=PROJECT,
        env=environment,
        check=True,
    )
    update_catalogs(CONTENT, TEMPLATES, ours)
    assert without_creation_date(ours) == without_creation_date(theirs)
