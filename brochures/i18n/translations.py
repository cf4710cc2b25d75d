"""Turn one language's catalog into the gettext lookups a brochure is rendered with."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations as GNUTranslations
from markupsafe import Markup, escape

from brochures.errors import TranslationError
from brochures.i18n.catalogs import Catalogs, is_translated, msgid_forms
from brochures.i18n.languages import SOURCE_LANGUAGE, babel_locale
from brochures.i18n.message_checks import translation_problems
from brochures.i18n.msgids import from_msgstr, to_msgid
from brochures.i18n.review import Review, review_of

# Inline markup a translation may carry; everything else in a translation is shown as text.
_INLINE_TAG = re.compile(r"&lt;(/?)(strong|em|b|i)&gt;|&lt;br\s*/?&gt;")


def safe_markup(text: str) -> Markup:
    """Escape a translation, then allow back only bare inline emphasis tags."""
    return Markup(
        _INLINE_TAG.sub(lambda m: f"<{m.group(1) or ''}{m.group(2) or 'br'}>", str(escape(text)))
    )


@dataclass
class Translations:
    """Gettext lookups for one language. Shared by every render in that language, so it
    holds no per-render state: a render records what it could not translate in its own
    `Lookups`."""

    lang: str
    catalog: Catalog | None = None
    po_file: Path | None = None

    def __post_init__(self) -> None:
        self.locale = babel_locale(self.lang)
        self._gnu = None
        self.review_status = None
        self.review: Review | None = None
        self._usable: set[str] = set()
        if self.catalog is not None:
            self.review = review_of(self.catalog, self.po_file)
            self.review_status = self.review.status
            unsafe = [
                f"line {m.lineno}: {problem}"
                for m in self.catalog
                if m.id
                for problem in translation_problems(m, self.catalog)
            ]
            if unsafe:
                raise TranslationError(
                    f"{len(unsafe)} translation(s) cannot be printed safely:\n  - "
                    + "\n  - ".join(unsafe[:20]),
                    file=self.po_file,
                    hint="keep every %(name)s placeholder and tag of the English as it is "
                    "written there, and keep to printable text of a sensible length",
                )
            self._usable = {msgid_forms(m)[0] for m in self.catalog if m.id and is_translated(m)}
            buffer = io.BytesIO()
            write_mo(buffer, self.catalog, use_fuzzy=False)
            buffer.seek(0)
            self._gnu = GNUTranslations(buffer)

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def translates(self, msgid: str) -> bool:
        """Whether `msgid` has a usable translation (English needs none)."""
        return self._gnu is None or msgid in self._usable

    def why_missing(self, msgid: str) -> str:
        message = self.catalog.get(msgid) if self.catalog is not None else None
        if message is None:
            return "not in the catalog (run python build.py --update-catalogs)"
        return "fuzzy" if message.fuzzy else "untranslated"

    def gettext(self, msgid: str) -> str:
        """The translation, or the English where there is no usable one."""
        if self._gnu is not None and self.translates(msgid):
            return self._gnu.gettext(msgid)
        return msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self._gnu is not None and self.translates(singular):
            return self._gnu.ngettext(singular, plural, n)
        return singular if n == 1 else plural


class Lookups:
    """The gettext callables of one render, which note every string that had no usable
    translation in `missing` (msgid -> why). Each render makes its own, so renders that
    share a Translations never see each other's gaps."""

    def __init__(self, translations: Translations) -> None:
        self.translations = translations
        self.missing: dict[str, str] = {}

    def _note(self, msgid: str) -> None:
        if msgid not in self.missing and not self.translations.translates(msgid):
            self.missing[msgid] = self.translations.why_missing(msgid)

    def gettext(self, msgid: str) -> str:
        self._note(msgid)
        return self.translations.gettext(msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self._note(singular)
        return self.translations.ngettext(singular, plural, n)

    # Template strings may carry inline emphasis; translated text is escaped apart from that.
    def template_gettext(self, msgid: str) -> Markup:
        return safe_markup(self.gettext(msgid))

    def template_ngettext(self, singular: str, plural: str, n: int) -> Markup:
        return safe_markup(self.ngettext(singular, plural, n))

    def content(self, text: str) -> str:
        """Translate a piece of YAML prose (plain text: the template escapes it)."""
        return from_msgstr(self.gettext(to_msgid(text)))

    def check_complete(self) -> None:
        """Fail, naming the strings, if any lookup of this render had no usable translation."""
        if not self.missing:
            return
        translations = self.translations
        raise TranslationError(
            f"{len(self.missing)} string(s) have no usable {translations.lang} translation:\n"
            + missing_listing(self.missing),
            file=translations.po_file,
            hint=MISSING_HINT,
        )


MISSING_HINT = "translate them (and clear 'fuzzy'), or build with --draft to use English"


def short_reason(why: str) -> str:
    """ "not in the catalog (run ...)" -> "not in the catalog": the reason without its advice."""
    return why.split(" (")[0]


def missing_listing(missing: dict[str, str], limit: int = 40) -> str:
    """Strings without a usable translation (msgid -> why), a line each, the first `limit`."""
    shown = [f"  - [{why}] {msgid[:90]}" for msgid, why in sorted(missing.items())]
    return "\n".join(shown[:limit]) + ("\n  ..." if len(shown) > limit else "")


def load_translations(locales: Path | Catalogs, lang: str) -> Translations:
    """The translations for `lang` (English needs no catalog), from the run's catalogs
    or, given a locales folder, from its file read afresh."""
    if lang == SOURCE_LANGUAGE:
        return Translations(lang)
    catalogs = Catalogs.of(locales)
    return Translations(lang, catalogs.catalog(lang), catalogs.path(lang))
