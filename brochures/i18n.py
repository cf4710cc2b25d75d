"""Turn the gettext catalogs under locales/ into checked translations for one language."""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations as GNUTranslations
from markupsafe import Markup, escape

from .errors import TranslationError, UsageError
from .messages import from_msgstr, to_msgid, translation_problems

SOURCE_LANGUAGE = "en"

# How far a catalog has been checked, recorded as "# Review-Status: <value>" in its header
# comment (Babel drops unknown header fields on `pybabel update`, but keeps the comment).
REVIEW_STATUSES = ("machine-draft", "community-review", "professional-review")
_REVIEW_STATUS = re.compile(r"^#\s*Review-Status:\s*(\S+)", re.MULTILINE)

# Inline markup a translation may carry; everything else in a translation is shown as text.
_INLINE_TAG = re.compile(r"&lt;(/?)(strong|em|b|i)&gt;|&lt;br\s*/?&gt;")


def catalog_path(locales_dir: Path, lang: str) -> Path:
    return locales_dir / lang.replace("-", "_") / "LC_MESSAGES" / "messages.po"


def available_languages(locales_dir: Path) -> list[str]:
    """English plus every folder under locales/ with a catalog: the folders are the registry."""
    found = {SOURCE_LANGUAGE}
    for po in locales_dir.glob("*/LC_MESSAGES/messages.po"):
        found.add(bcp47(po.parent.parent.name))
    return sorted(found)


def bcp47(tag: str) -> str:
    """Write a gettext or BCP 47 language tag the BCP 47 way (pt_BR -> pt-BR)."""
    return tag.replace("_", "-")


def resolve_language(requested: str, known: list[str]) -> str:
    """Map a requested tag to a known language, falling back from a region (es-MX -> es)."""
    wanted = bcp47(requested.strip())
    by_lower = {lang.lower(): lang for lang in known}
    candidate = wanted.lower()
    while candidate:
        if candidate in by_lower:
            return by_lower[candidate]
        candidate = candidate.rpartition("-")[0]
    close = difflib.get_close_matches(wanted, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise UsageError(f"unknown language {requested!r}",
                     hint=f"{hint}available: {', '.join(known)}")


def babel_locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang, sep="-")
    except (UnknownLocaleError, ValueError):
        raise UsageError(f"Babel has no locale data for {lang!r}",
                         hint="name the locales/ folder with a language code such as es or pt_BR") from None


@lru_cache(maxsize=None)
def native_name(lang: str) -> str:
    """The language's name in itself (CLDR), by language and script: "Filipino", not
    "Filipino (Pilipinas)", for tl. Cached: every brochure lists every language."""
    locale = babel_locale(lang)
    bare = Locale(locale.language, script=locale.script)
    return bare.get_display_name(bare) or lang


# A .po line is a comment, a keyword with a quoted string, or a continued quoted string.
# Babel accepts some broken lines (an unterminated string) silently; msgfmt would not.
_PO_LINE = re.compile(r'(#.*|(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+"(?:[^"\\]|\\.)*"'
                      r'|"(?:[^"\\]|\\.)*"|#~.*)?\s*')


def _check_po_syntax(po_file: Path, text: str) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        if not _PO_LINE.fullmatch(line):
            raise TranslationError(f"broken catalog: not a valid .po line: {line[:60]!r}",
                                   file=po_file, line=number,
                                   hint="a string may be missing its closing quote; open the "
                                        "file in Poedit or run msgfmt --check on it")


def read_catalog(po_file: Path, lang: str) -> Catalog:
    """Parse a .po file, turning a syntax error into a message with its line."""
    try:
        raw = po_file.read_bytes()
        _check_po_syntax(po_file, raw.decode("utf-8"))
        return read_po(io.BytesIO(raw), locale=lang.replace("-", "_"), abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)
        raise TranslationError(f"broken catalog: {exc}", file=po_file, line=line,
                               hint="open it in Poedit or run `msgfmt --check` on it") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TranslationError(f"cannot read the catalog ({exc})", file=po_file) from None


def review_status(catalog: Catalog, po_file: Path | None = None) -> str:
    """The catalog's recorded review status; a catalog without one is an error."""
    match = _REVIEW_STATUS.search(catalog.header_comment or "")
    if not match or match.group(1) not in REVIEW_STATUSES:
        raise TranslationError(
            "the catalog header does not record its review status", file=po_file,
            hint="add a header comment line '# Review-Status: X' with X one of: "
                 + ", ".join(REVIEW_STATUSES))
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


def is_translated(message) -> bool:
    """Usable in a brochure: not fuzzy, and every form (all plurals) filled in."""
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(s.strip() for s in strings)


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


def safe_markup(text: str) -> Markup:
    """Escape a translation, then allow back only bare inline emphasis tags."""
    return Markup(_INLINE_TAG.sub(lambda m: f"<{m.group(1) or ''}{m.group(2) or 'br'}>",
                                  str(escape(text))))


@dataclass
class Translations:
    """Gettext lookups for one language that remember every string they could not translate."""

    lang: str
    catalog: Catalog | None = None
    po_file: Path | None = None
    missing: dict[str, str] = field(default_factory=dict)  # msgid -> why

    def __post_init__(self) -> None:
        self.locale = babel_locale(self.lang)
        self._gnu = None
        self.review_status = None
        self._usable: set[str] = set()
        if self.catalog is not None:
            self.review_status = review_status(self.catalog, self.po_file)
            unsafe = [f"line {m.lineno}: {problem}" for m in self.catalog if m.id
                      for problem in translation_problems(m, self.catalog.num_plurals)]
            if unsafe:
                raise TranslationError(
                    f"{len(unsafe)} translation(s) cannot be printed safely:\n  - "
                    + "\n  - ".join(unsafe[:20]), file=self.po_file,
                    hint="keep every %(name)s placeholder and tag of the English")
            self._usable = {m.id[0] if isinstance(m.id, tuple) else m.id
                            for m in self.catalog if m.id and is_translated(m)}
            buffer = io.BytesIO()
            write_mo(buffer, self.catalog, use_fuzzy=False)
            buffer.seek(0)
            self._gnu = GNUTranslations(buffer)

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def _lookup(self, msgid: str) -> bool:
        return self._gnu is None or msgid in self._usable

    def _note_missing(self, msgid: str) -> None:
        message = self.catalog.get(msgid) if self.catalog is not None else None
        if message is None:
            why = "not in the catalog (run pybabel update)"
        elif message.fuzzy:
            why = "fuzzy"
        else:
            why = "untranslated"
        self.missing.setdefault(msgid, why)

    def gettext(self, msgid: str) -> str:
        if self._lookup(msgid):
            return self._gnu.gettext(msgid) if self._gnu else msgid
        self._note_missing(msgid)
        return msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self._lookup(singular):
            return self._gnu.ngettext(singular, plural, n) if self._gnu else (
                singular if n == 1 else plural)
        self._note_missing(singular)
        return singular if n == 1 else plural

    # Template strings may carry inline emphasis; translated text is escaped apart from that.
    def template_gettext(self, msgid: str) -> Markup:
        return safe_markup(self.gettext(msgid))

    def template_ngettext(self, singular: str, plural: str, n: int) -> Markup:
        return safe_markup(self.ngettext(singular, plural, n))

    def content(self, text: str) -> str:
        """Translate a piece of YAML prose (plain text: the template escapes it)."""
        return from_msgstr(self.gettext(to_msgid(text)))

    def check_complete(self) -> None:
        """Fail, naming the strings, if any lookup so far had no usable translation."""
        if not self.missing:
            return
        shown = [f"  - [{why}] {msgid[:90]}" for msgid, why in sorted(self.missing.items())]
        raise TranslationError(
            f"{len(self.missing)} string(s) have no usable {self.lang} translation:\n"
            + "\n".join(shown[:40]) + ("\n  ..." if len(shown) > 40 else ""),
            file=self.po_file,
            hint="translate them (and clear 'fuzzy'), or build with --draft to use English")


def load_translations(locales_dir: Path, lang: str) -> Translations:
    """The translations for `lang` (English needs no catalog)."""
    if lang == SOURCE_LANGUAGE:
        return Translations(lang)
    po_file = catalog_path(locales_dir, lang)
    return Translations(lang, read_catalog(po_file, lang), po_file)
