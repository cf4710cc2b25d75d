"""Turn language tags into the languages a build knows: the locales/ folders, BCP 47 tags, CLDR names."""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

from brochures.errors import UsageError

SOURCE_LANGUAGE = "en"

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

