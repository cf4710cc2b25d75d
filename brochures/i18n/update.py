"""Turn the templates and content into a current messages.pot and catalogs.

It is `pybabel extract` (with the options the README gives) and `pybabel update
--ignore-obsolete --no-fuzzy-matching`, run in-process, with two differences that keep
`git status` clean on an unchanged tree: a file is written only when its bytes would
change, and the .pot keeps its POT-Creation-Date (and header comment) while its messages
stay the same.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import PoFileError, read_po, write_po
from jinja2 import TemplateSyntaxError

from brochures import __version__
from brochures.atomic import write_if_changed
from brochures.errors import ContentError, TranslationError
from brochures.i18n.catalogs import read_catalog

# What the README's `pybabel extract` command line sets; the catalogs' headers carry it.
PROJECT = "exosome-brochures"
COPYRIGHT_HOLDER = "exosome-brochures contributors"
MSGID_BUGS_ADDRESS = "translations@brochures.invalid"
COMMENT_TAGS = ("Translators:",)
WIDTH = 76  # pybabel's default: the committed files are wrapped at it
LOCALES_HINT = "check that the locales folder is yours to write"
UNKNOWN_VERSION = "0+unknown"  # brochures.__version__ in a checkout never installed

# babel.cfg's map, per folder: the YAML prose through the extractor pyproject.toml
# registers as `brochure_yaml`, the templates' {% trans %} and _() through Jinja2's.
# "silent": a template with a syntax error is an error here, not a file skipped (its
# strings would vanish from the .pot, and their translations from every catalog).
Extractor = tuple[str, str, dict[str, str]]  # file pattern, Babel method, its options
_YAML: Extractor = ("**.yaml", "brochures.content.extract:extract_yaml", {})
_TEMPLATES: Extractor = (
    "**.html",
    "jinja2.ext:babel_extract",
    {"extensions": "jinja2.ext.i18n", "silent": "false"},
)


def update_catalogs(content_dir: Path, templates_dir: Path, locales_dir: Path) -> list[Path]:
    """Bring messages.pot and every locales/<lang>/LC_MESSAGES/messages.po up to date with
    the content and templates; return the files written (none when all were current)."""
    if not locales_dir.is_dir():
        raise TranslationError(
            "there is no locales folder here",
            file=locales_dir,
            hint="run the command in the project folder, the one with content/ and locales/",
        )
    pot_file = locales_dir / "messages.pot"
    pot_bytes = _current_pot(content_dir, templates_dir, locales_dir.parent, pot_file)
    # Catalogs are updated from the .pot as written, as `pybabel update` reads it.
    template = read_po(io.BytesIO(pot_bytes))
    # Every file is read and made before any is written: a broken catalog stops the
    # update with nothing changed.
    contents = {pot_file: pot_bytes}
    for lang, po_file in catalog_files(locales_dir):
        contents[po_file] = updated_catalog(read_catalog(po_file, lang), template)
    return [
        file
        for file, content in contents.items()
        if write_if_changed(file, content, hint=LOCALES_HINT)
    ]


def catalog_files(locales_dir: Path) -> Iterator[tuple[str, Path]]:
    """(language folder, .po file) of every language that has a catalog, as pybabel
    update finds them; a folder without one (English, the source) is not a catalog."""
    for folder in sorted(locales_dir.iterdir()):
        po_file = folder / "LC_MESSAGES" / "messages.po"
        if po_file.is_file():
            yield folder.name, po_file


def extract_template(
    content_dir: Path, templates_dir: Path, project_dir: Path, version: str = __version__
) -> Catalog:
    """The .pot as `pybabel extract -F babel.cfg --add-comments=Translators: .` run in
    the project folder makes it, its file references relative to that folder."""
    catalog = Catalog(
        project=PROJECT,
        version=version,
        copyright_holder=COPYRIGHT_HOLDER,
        msgid_bugs_address=MSGID_BUGS_ADDRESS,
        charset="utf-8",
    )
    sources = [(_reference(content_dir, project_dir), content_dir, _YAML)]
    sources.append((_reference(templates_dir, project_dir), templates_dir, _TEMPLATES))
    # pybabel walks the project folder in name order: content/ before templates/. The
    # order matters to --sort-by-file for a message found in several files.
    for reference, folder, extractor in sorted(sources, key=lambda source: source[0]):
        for filename, line, message, comments, context in _extract(folder, extractor):
            location = os.path.normpath(os.path.join(reference, filename))
            catalog.add(message, None, [(location, line)], auto_comments=comments, context=context)
    return catalog


def updated_catalog(catalog: Catalog, template: Catalog) -> bytes:
    """A catalog brought to the template: new msgids come in empty (no fuzzy guesses),
    entries the template lost are dropped, header comment and PO-Revision-Date kept."""
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    return _po_bytes(catalog, ignore_obsolete=True)


def _current_pot(
    content_dir: Path, templates_dir: Path, project_dir: Path, pot_file: Path
) -> bytes:
    previous = _previous_pot(pot_file)
    version = __version__
    if version == UNKNOWN_VERSION and previous is not None:
        version = previous.version  # a checkout never installed: keep the version it had
    template = extract_template(content_dir, templates_dir, project_dir, version)
    if previous is not None:
        # Render as of the last extraction: if that is byte-identical to the file, the
        # messages are the same and nothing is written; if not, the date is now.
        template.header_comment = previous.header_comment
        creation_date = template.creation_date
        template.creation_date = previous.creation_date
        if (same := _po_bytes(template, sort_by_file=True)) == _read_bytes(pot_file):
            return same
        template.creation_date = creation_date
    return _po_bytes(template, sort_by_file=True)


def _previous_pot(pot_file: Path) -> Catalog | None:
    """The committed .pot, or None when there is none or it is broken (a merge conflict,
    say): it is made from the sources, so a new one replaces it."""
    try:
        with pot_file.open("rb") as handle:
            return read_po(handle, abort_invalid=True)
    except (OSError, PoFileError, UnicodeDecodeError, ValueError):
        return None


def _extract(folder: Path, extractor: Extractor) -> Iterator[tuple]:
    pattern, method, options = extractor
    current: list[str] = []  # the file being read, for an error message

    def reading(filename: str, method: str, options: dict) -> None:
        current[:] = [filename]

    try:
        yield from extract_from_dir(
            folder,
            [(pattern, method)],
            {pattern: options},
            comment_tags=COMMENT_TAGS,
            callback=reading,
        )
    except TemplateSyntaxError as error:
        raise ContentError(
            f"template syntax error: {error.message}",
            file=folder / current[0] if current else folder,
            line=error.lineno,
        ) from None
    except UnicodeDecodeError as error:
        raise ContentError(
            f"not UTF-8 text ({error.reason})", file=folder / current[0] if current else folder
        ) from None


def _reference(folder: Path, project_dir: Path) -> str:
    """How the .pot names a source folder: its path from the project folder, or, for one
    outside it (the templates of an installed package), its name."""
    try:
        return folder.resolve().relative_to(project_dir.resolve()).as_posix()
    except ValueError:
        return folder.name


def catalog_bytes(catalog: Catalog) -> bytes:
    """A catalog as this project writes catalogs (every writer uses it: the same bytes)."""
    return _po_bytes(catalog, ignore_obsolete=True)


def _po_bytes(catalog: Catalog, **options: bool) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, **options)
    return buffer.getvalue()


def _read_bytes(file: Path) -> bytes | None:
    try:
        return file.read_bytes()
    except OSError:
        return None
