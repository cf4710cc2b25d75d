"""Turn a language tag into the files a new translation starts from, and the steps after them."""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale
from babel.messages.pofile import read_po, write_po

from brochures.atomic import write_atomically
from brochures.checks.claim_rules import rules_file
from brochures.errors import UsageError
from brochures.i18n.catalogs import catalog_path
from brochures.i18n.languages import (
    SOURCE_LANGUAGE,
    available_languages,
    bcp47,
    gettext_name,
    resolve_language,
)
from brochures.i18n.starter_files import claims_text, glossary_text

GLOSSARY_FILE = "glossary.md"
NEW_STATUS = "unreviewed"
# Scripts written without spaces between words: their claim rules count characters.
# (CLDR has no such property; these are the scripts of zh, ja, th, lo, km, my, bo.)
UNSPACED_SCRIPTS = frozenset(
    {"Hans", "Hant", "Hani", "Jpan", "Thai", "Laoo", "Khmr", "Mymr", "Tibt"}
)
_TRANSLATOR = re.compile(r"[^<>\n]*\S\s*<[^<>@\s]+@[^<>@\s]+>")
# msgfmt --check refuses the template's "FULL NAME <EMAIL@ADDRESS>", so an empty one says so.
NO_TRANSLATOR = "No translator recorded yet"
_WIDTH = 76  # pybabel update rewraps longer header comment lines


@dataclass(frozen=True)
class NewLanguage:
    tag: str  # BCP 47: pl, pt-BR, zh-Hant
    folder: str  # the gettext name of its locales/ folder: pl, pt_BR, zh_Hant
    english_name: str
    unit: str  # word or char, for its claim rules
    files: tuple[Path, ...]


def add_language(
    locales_dir: Path, requested: str, translator: str | None = None, now: datetime | None = None
) -> NewLanguage:
    """Create the catalog, glossary and claim rules of a new language; raise UsageError,
    having written nothing, for a tag Babel does not know or a language that exists."""
    now = now or datetime.now(UTC)
    if translator is not None and not _TRANSLATOR.fullmatch(translator.strip()):
        raise UsageError(
            f"--translator {translator!r} is not a name and an e-mail address",
            hint='write it as "Name <email>", e.g. --translator "Ana Nowak <ana@example.org>"',
        )
    _refuse_existing(locales_dir, requested)
    locale = _locale(requested)
    tag, folder = bcp47(requested), gettext_name(requested)
    english_name = locale.english_name or tag
    unit = "char" if _script(locale) in UNSPACED_SCRIPTS else "word"
    files: dict[Path, bytes | str] = {
        catalog_path(locales_dir, tag): _catalog(
            locales_dir, locale, english_name, translator, now
        ),
        locales_dir / folder / GLOSSARY_FILE: glossary_text(
            english_name, folder, translator, now.date().isoformat()
        ),
        rules_file(locales_dir, tag): claims_text(english_name, folder, unit),
    }
    present = [path for path in files if path.exists()]
    if present:  # a folder left from an earlier attempt, without a catalog: keep what is there
        raise UsageError(
            f"{present[0]} exists already; nothing was written",
            hint="move it away, or finish that language by hand (CONTRIBUTING.md)",
        )
    for path, text in files.items():
        write_atomically(path, text, hint="check that you can write to the locales/ folder")
    return NewLanguage(tag, folder, english_name, unit, tuple(files))


def _refuse_existing(locales_dir: Path, requested: str) -> None:
    """Refuse a language --lang would already build; a region the known one does not name
    (pt-BR beside pt) is a new language, as in `--lang pt-BR` once pt_BR exists."""
    known = available_languages(locales_dir)
    try:
        found = resolve_language(requested, known)
    except UsageError:
        return  # not known: a new language, if Babel knows it
    try:
        asked_region = parse_locale(gettext_name(requested))[1]
    except ValueError:
        asked_region = None  # a name such as "Spanish": resolved by name, so it exists
    found_region, found_script = parse_locale(gettext_name(found))[1:3]
    # zh-CN names a region of zh-Hans, a catalog defined by its script alone: the same one.
    if asked_region and asked_region != found_region and not (found_script and not found_region):
        return
    if found == SOURCE_LANGUAGE:
        raise UsageError(
            "English is the source language: its text is the msgid of every catalog",
            hint="add a language to translate it into, e.g. --add-language pl",
        )
    folder = locales_dir / gettext_name(found)
    regional = "" if found_script else f"; a regional variant ({found}-XX) is another language"
    raise UsageError(
        f"{requested!r} exists already, as {folder} (--lang {found})",
        hint=f"translate it there{regional}",
    )


def _locale(requested: str) -> Locale:
    try:
        return Locale.parse(bcp47(requested), sep="-")
    except (UnknownLocaleError, ValueError):
        raise UsageError(
            f"Babel has no locale data for {requested!r}",
            hint="give a language code Babel (CLDR) knows, such as pl, pt-BR or zh-Hant",
        ) from None


def _script(locale: Locale) -> str | None:
    """The script a language is written in: its own, or CLDR's likely one (ja -> Jpan)."""
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags").get(locale.language)
    return parse_locale(likely)[2] if likely else None


def _catalog(
    locales_dir: Path, locale: Locale, english_name: str, translator: str | None, now: datetime
) -> bytes:
    """messages.pot made into the language's catalog, as `pybabel init` does, with the
    header comment and fields the build and msgfmt --check require."""
    with (locales_dir / "messages.pot").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    catalog.locale = locale
    catalog.revision_date = now
    catalog.fuzzy = False
    address = catalog.msgid_bugs_address or "translations@brochures.invalid"
    catalog.last_translator = translator.strip() if translator else f"{NO_TRANSLATOR} <{address}>"
    catalog.language_team = f"{english_name} <{address}>"
    catalog.header_comment = _header_comment(catalog.header_comment, english_name, translator, now)
    out = io.BytesIO()
    write_po(out, catalog, width=_WIDTH)
    return out.getvalue()


def _header_comment(template: str, english_name: str, translator: str | None, now: datetime) -> str:
    """The template's title and licence lines, then who translated it and its status."""
    kept = [
        line
        for line in template.splitlines()
        if line.startswith("#") and "FIRST AUTHOR" not in line and line.strip() != "#"
    ]
    kept[0] = f"# {english_name} translations for exosome-brochures."
    who = (
        f"Translated-By: {translator.strip()}, started {now.date().isoformat()}"
        if translator
        else "Translated-By: no translator recorded yet. Add your name, e-mail and the "
        "date here and in Last-Translator."
    )
    notes = [
        who,
        f"Review-Status: {NEW_STATUS}",
        "Not yet checked by a reviewer. After review, set the status to community-review "
        "or professional-review and name the reviewer and date here.",
    ]
    lines = kept + ["#"]
    for note in notes:
        lines += textwrap.wrap(
            note, _WIDTH, initial_indent="# ", subsequent_indent="# ", break_on_hyphens=False
        )
    return "\n".join(lines)


def checklist(new: NewLanguage, locales_dir: Path) -> str:
    """What was made and what to do next, in order, for the terminal."""
    lang = new.tag
    steps: list[tuple[str, str]] = [  # (what to do, the command that does or checks it)
        (
            f"Translate {catalog_path(locales_dir, lang)} in Poedit or Weblate; keep "
            "placeholders such as %(date)s and inline tags as in the English.",
            "",
        ),
        (
            f"Fill in {locales_dir / new.folder / GLOSSARY_FILE}: the {new.english_name} "
            "terms, the register, notes on words to avoid.",
            "",
        ),
        (
            f"Write the forbidden claims in {rules_file(locales_dir, lang)} (every class; "
            "docs/claims.md explains the format, locales/en/forbidden-claims.yaml is the "
            f"model) and a labelled corpus tests/checks/claims_corpus/{new.folder}.yaml:",
            f"pytest -q tests/checks/test_claims_corpus.py -k {new.folder}",
        ),
        ("See how much is translated:", f"python build.py --lang {lang} --list"),
        (
            "Preview it, English where a string is missing:",
            f"python build.py --lang {lang} --draft",
        ),
        (
            "Check what is translated so far (placeholders, claims, reading level of the "
            "translated passages); without --draft the check also wants every string:",
            f"python build.py --lang {lang} --check --draft",
        ),
        (
            "A script the fonts do not cover yet needs a font stack (LANGUAGE_STACKS and "
            "STACKS in brochures/pdf/fonts.py): the build names the first character it "
            "cannot draw.",
            "",
        ),
        (
            f"After review, change '# Review-Status: {NEW_STATUS}' in the catalog header to "
            "community-review or professional-review and name the reviewer and date; add the "
            "language to the README's table.",
            "",
        ),
    ]
    lines = [f"Created {new.english_name} ({lang}):"]
    lines += [f"  {path}" for path in new.files]
    lines += ["", "Next:"]
    for number, (text, command) in enumerate(steps, 1):
        lines += textwrap.wrap(
            text,
            92,
            initial_indent=f"  {number}. ",
            subsequent_indent="     ",
            break_on_hyphens=False,
        )
        if command:
            lines.append(f"       {command}")
    return "\n".join(lines)
