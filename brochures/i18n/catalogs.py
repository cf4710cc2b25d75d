"""Turn a language's .po file into a checked Babel catalog (read once per build) and counts."""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po

from brochures.errors import TranslationError, not_utf8, refuse_if_too_large
from brochures.i18n.languages import gettext_name

# How far a catalog has been checked, recorded as "# Review-Status: <value>" in its header
# comment (Babel drops unknown header fields on `pybabel update`, but keeps the comment).
# From least to most checked: machine-draft (translated by machine), unreviewed (translated
# by a person, not yet checked by a reviewer), community-review, professional-review.
REVIEW_STATUSES = ("machine-draft", "unreviewed", "community-review", "professional-review")
_REVIEW_STATUS = re.compile(r"^#\s*Review-Status:\s*(\S+)", re.MULTILINE)


def catalog_path(locales_dir: Path, lang: str) -> Path:
    return locales_dir / gettext_name(lang) / "LC_MESSAGES" / "messages.po"


# A .po line is a comment, a keyword with a quoted string, or a continued quoted string.
# Babel accepts some broken lines (an unterminated string) silently; msgfmt would not.
_PO_LINE = re.compile(
    r'(#.*|(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+"(?:[^"\\]|\\.)*"'
    r'|"(?:[^"\\]|\\.)*"|#~.*)?\s*'
)


def _check_po_syntax(po_file: Path, text: str) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        if not _PO_LINE.fullmatch(line):
            raise TranslationError(
                f"broken catalog: not a valid .po line: {line[:60]!r}",
                file=po_file,
                line=number,
                hint="a string may be missing its closing quote; open the "
                "file in Poedit or run msgfmt --check on it",
            )


# CLDR's languages have one to six plural forms (Arabic has six). Babel makes a list of
# nplurals strings for every plural message as it reads a catalog: a header that says
# nplurals=1000000000 would take all the memory there is, so it is read first.
MAX_PLURAL_FORMS = 6
MAX_PLURAL_EXPRESSION = 200  # characters; real ones (Arabic's, the longest) are about 90


# The project's catalogs are about 150 KB; one far larger is a wrong file, not a catalog.
MAX_CATALOG_BYTES = 8_000_000


def _header_field(text: str, name: str) -> tuple[str, int] | None:
    """A field of a catalog's header (the msgstr of its first, empty msgid), with the line
    it starts on: Babel wraps long fields, such as Arabic's Plural-Forms, over lines."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith('msgstr ""')), None)
    if start is None:
        return None
    field, first = "", start + 2  # the field read so far, and the line it began on
    for number, line in enumerate(lines[start + 1 :], start + 2):
        if not line.startswith('"'):
            break
        field += line.strip()[1:-1]
        while "\\n" in field:  # a field ends with an escaped newline
            done, field = field.split("\\n", 1)
            if done.startswith(f"{name}:"):
                return done[len(name) + 1 :].strip(), first
            first = number
        if not field:
            first = number + 1
    return None


def _check_charset(po_file: Path, text: str) -> None:
    """Refuse a catalog that declares another encoding than the UTF-8 it is read as."""
    found = _header_field(text, "Content-Type")
    charset = re.search(r"charset\s*=\s*([\w.:-]+)", found[0]) if found else None
    if found and charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise TranslationError(
            f"the catalog declares charset={charset.group(1)}; catalogs here are UTF-8",
            file=po_file,
            line=found[1],
            field="Content-Type",
            hint='save it as UTF-8 and write "Content-Type: text/plain; charset=UTF-8\\n"',
        )


def _check_plural_forms(po_file: Path, text: str) -> None:
    """Refuse a Plural-Forms header whose count or expression could not be right."""
    found = _header_field(text, "Plural-Forms")
    if found is None:
        return  # none: Babel uses the locale's own rule
    value, number = found

    def refuse(problem: str) -> NoReturn:
        raise TranslationError(
            f"broken catalog header: {problem}",
            file=po_file,
            line=number,
            field="Plural-Forms",
            hint="copy the line for your language from the gettext manual or CLDR, "
            'e.g. "Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        )

    count = re.search(r"nplurals\s*=\s*(\d+)", value)
    expression = re.search(r"plural\s*=\s*([^;]+)", value)
    if not count or not expression:
        refuse("Plural-Forms needs nplurals=N; plural=EXPRESSION;")
    nplurals = int(count.group(1)) if len(count.group(1)) < 4 else MAX_PLURAL_FORMS + 1
    if not 1 <= nplurals <= MAX_PLURAL_FORMS:
        refuse(f"nplurals={count.group(1)}: languages have 1 to {MAX_PLURAL_FORMS} plural forms")
    rule = expression.group(1).strip()
    if len(rule) > MAX_PLURAL_EXPRESSION:
        refuse(
            f"the plural expression has {len(rule)} characters (at most {MAX_PLURAL_EXPRESSION})"
        )
    try:
        plural = gettext.c2py(rule)
        forms = {plural(n) for n in range(1000)}
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError, TypeError) as exc:
        refuse(f"the plural expression is not a valid C expression ({rule!r}: {exc})")
    if not forms <= set(range(nplurals)):
        refuse(f"the plural expression chooses form {max(forms)}, but nplurals={nplurals}")


def read_catalog(po_file: Path, lang: str) -> Catalog:
    """Parse a .po file, turning a syntax error into a message with its line."""
    try:
        refuse_if_too_large(po_file, MAX_CATALOG_BYTES, TranslationError, "catalog")
        raw = po_file.read_bytes()
        text = raw.decode("utf-8")
        _check_po_syntax(po_file, text)
        _check_charset(po_file, text)
        _check_plural_forms(po_file, text)
        return read_po(io.BytesIO(raw), locale=gettext_name(lang), abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)
        raise TranslationError(
            f"broken catalog: {exc}",
            file=po_file,
            line=line,
            hint="open it in Poedit or run `msgfmt --check` on it",
        ) from None
    except UnicodeDecodeError as exc:
        hint = "save it as UTF-8 (Poedit does), with charset=UTF-8 in its header"
        raise not_utf8(po_file, exc, TranslationError, "catalog", hint) from None
    except OSError as exc:
        raise TranslationError(f"cannot read the catalog ({exc.strerror})", file=po_file) from None


class Catalogs:
    """The parsed catalogs of one locales folder, for one run: each language's .po file (and
    messages.pot) is read when first asked for, and only once. A broken one fails the same
    way each time it is asked for, without being read again.

    Everyone who reads catalogs in a build (translations, CJK font subsets, the claims
    check, the catalog gates, --list) asks the run's one Catalogs. The Catalog objects are
    shared: treat them as read-only.
    """

    def __init__(self, locales_dir: Path) -> None:
        self.locales_dir = locales_dir
        self._parsed: dict[str, Catalog | TranslationError] = {}
        self._template: Catalog | None = None

    @classmethod
    def of(cls, locales: Path | Catalogs) -> Catalogs:
        """The run's catalogs, or fresh ones for a locales folder (for one-off callers)."""
        return locales if isinstance(locales, Catalogs) else cls(locales)

    def path(self, lang: str) -> Path:
        return catalog_path(self.locales_dir, lang)

    def catalog(self, lang: str) -> Catalog:
        """The parsed catalog of `lang`; raises TranslationError if it cannot be read."""
        key = gettext_name(lang)
        if key not in self._parsed:
            try:
                self._parsed[key] = read_catalog(self.path(lang), lang)
            except TranslationError as error:
                self._parsed[key] = error
        found = self._parsed[key]
        if isinstance(found, TranslationError):
            raise found
        return found

    def editable(self, lang: str) -> Catalog:
        """A copy of `lang`'s catalog of its own, parsed anew, to change and write back (the
        run's copy is shared and read-only); fails like `catalog` for a broken one."""
        self.catalog(lang)
        return read_catalog(self.path(lang), lang)

    def template(self) -> Catalog:
        """messages.pot, the English every catalog is checked against."""
        if self._template is None:
            with (self.locales_dir / "messages.pot").open("rb") as handle:
                self._template = read_po(handle)
        return self._template


def review_status(catalog: Catalog, po_file: Path | None = None) -> str:
    """The catalog's recorded review status; a catalog without one is an error."""
    match = _REVIEW_STATUS.search(catalog.header_comment or "")
    if not match or match.group(1) not in REVIEW_STATUSES:
        raise TranslationError(
            "the catalog header does not record its review status",
            file=po_file,
            hint="add a header comment line '# Review-Status: X' with X one of: "
            + ", ".join(REVIEW_STATUSES),
        )
    return match.group(1)


@dataclass(frozen=True)
class CatalogStats:
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def msgid_forms(message: Message) -> tuple[str, ...]:
    """The English of an entry: its msgid, and its plural msgid if it has one."""
    forms = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
    return tuple(str(form) for form in forms)


def msgstr_forms(message: Message) -> tuple[str, ...]:
    """The translations of an entry: one, or one per plural form ("" where empty)."""
    forms = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return tuple(form or "" for form in forms)


def is_translated(message: Message) -> bool:
    """Usable in a brochure: not fuzzy, and every form (all plurals) filled in."""
    return not message.fuzzy and all(s.strip() for s in msgstr_forms(message))


def catalog_stats(catalog: Catalog) -> CatalogStats:
    translated = fuzzy = untranslated = 0
    for message in catalog:
        if not message.id:
            continue  # the header
        if message.fuzzy:
            fuzzy += 1
        elif is_translated(message):
            translated += 1
        else:
            untranslated += 1
    return CatalogStats(translated, fuzzy, untranslated)
