"""Turn language tags into the languages a build knows: locales/ folders, BCP 47, CLDR names."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global, get_locale_identifier, parse_locale

from brochures.errors import UsageError

SOURCE_LANGUAGE = "en"


def available_languages(locales_dir: Path) -> list[str]:
    """English plus every folder under locales/ with a catalog: the folders are the registry."""
    found = {SOURCE_LANGUAGE}
    for po in locales_dir.glob("*/LC_MESSAGES/messages.po"):
        found.add(bcp47(po.parent.parent.name))
    return sorted(found)


def _parts(tag: str) -> tuple[str, str | None, str | None, str | None]:
    """(language, territory, script, variant) of a gettext (pt_BR, zh_Hans) or BCP 47
    (pt-BR, zh-hans) tag, each subtag in its usual case. Raises ValueError."""
    tag = tag.strip()
    parts = parse_locale(tag, sep="-" if "-" in tag else "_")
    return parts[0], parts[1], parts[2], parts[3]


def bcp47(tag: str) -> str:
    """A gettext or BCP 47 tag written the BCP 47 way (pt_BR -> pt-BR, zh_hans -> zh-Hans)."""
    try:
        return get_locale_identifier(_parts(tag), sep="-")
    except ValueError:
        return tag.strip().replace("_", "-")  # not a tag: the caller's message will say so


def gettext_name(lang: str) -> str:
    """The locales/ folder name of a language (zh-Hans -> zh_Hans, pt-BR -> pt_BR)."""
    try:
        return get_locale_identifier(_parts(lang), sep="_")
    except ValueError:
        return lang.replace("-", "_")


@dataclass(frozen=True)
class _Likely:
    """A tag filled in with CLDR's likely subtags: zh-TW is zh-Hant-TW, tl is fil-Latn-PH."""

    language: str
    script: str | None
    territory: str | None


def _likely(tag: str) -> _Likely:
    try:
        language, territory, script, _ = _parts(tag)
    except ValueError:  # not a language tag: it can only match itself
        return _Likely(tag.strip().lower(), None, None)
    # A deprecated code is read as its replacement, as in CLDR: tl as fil, iw as he.
    alias = get_global("language_aliases").get(language)
    if alias:
        language, alias_territory, alias_script, _ = _parts(alias)
        script, territory = script or alias_script, territory or alias_territory
    likely = get_global("likely_subtags")
    for key in (
        get_locale_identifier((language, territory, script)),
        get_locale_identifier((language, territory)),
        get_locale_identifier((language, None, script)),
        language,
    ):
        if key in likely:
            _, likely_territory, likely_script, _ = _parts(likely[key])
            return _Likely(language, script or likely_script, territory or likely_territory)
    return _Likely(language, script, territory)


def _english_name(likely: _Likely) -> str:
    """ "Chinese (Traditional)": the language and, when it matters, the script, in English."""
    english = Locale(SOURCE_LANGUAGE)
    name = english.languages.get(likely.language, likely.language)
    return (
        f"{name} ({english.scripts.get(likely.script, likely.script)})" if likely.script else name
    )


def _closeness(lang: str, requested: str, wanted: _Likely) -> int | None:
    """How well a known language serves a request: None if it is another language or
    script; else 0 for the very tag, 1 for the same region, 2 for no region, 3 for another."""
    likely = _likely(lang)
    if (likely.language, likely.script) != (wanted.language, wanted.script):
        return None
    try:
        region = _parts(lang)[1]  # as written, not as likely subtags fill it in
    except ValueError:
        region = None
    return (
        0
        if bcp47(lang) == bcp47(requested)
        else 1
        if region == wanted.territory
        else 2
        if region is None
        else 3
    )


def resolve_language(requested: str, known: list[str]) -> str:
    """Map a requested tag to a known language: zh-CN and zh_Hans_CN to zh-Hans, fil to tl,
    es-MX to es. A region falls back to its language in the same script only: zh-TW is
    Traditional Chinese, and is refused rather than given the Simplified catalog."""
    wanted = _likely(requested)
    ranked = [
        (rank, lang) for lang in known if (rank := _closeness(lang, requested, wanted)) is not None
    ]
    if ranked:
        return min(ranked)[1]
    same_language = [lang for lang in known if _likely(lang).language == wanted.language]
    if same_language:
        names = " and ".join(_english_name(_likely(lang)) for lang in same_language)
        options = ", ".join(f"--lang {lang}" for lang in same_language)
        raise UsageError(
            f"{_english_name(wanted)} is not available (asked for {requested!r})",
            hint=f"only {names} is translated ({options})",
        )
    named, starts = _by_name(requested, known)
    if len(named) == 1:
        return named[0]  # "spanish", "Español", "Chinese": a language's name, not its code
    close = named or starts or difflib.get_close_matches(bcp47(requested), known, n=1)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    raise UsageError(f"unknown language {requested!r}", hint=f"{hint}available: {', '.join(known)}")


def _fold(text: str) -> str:
    """Lowercase without accents: "Español" and "espanol" are the same name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _names(lang: str) -> set[str]:
    """What people call a language: its English and its own name, with and without the
    script or region ("Chinese", "Chinese (Simplified)", "中文", "español")."""
    try:
        locale = Locale.parse(lang, sep="-")
    except (UnknownLocaleError, ValueError):
        return set()
    names = set()
    for display in (Locale(SOURCE_LANGUAGE), locale):
        names.add(locale.get_language_name(display) or "")
        names.add(locale.get_display_name(display) or "")
    if locale.language in ("tl", "fil"):
        names.add("Tagalog")  # CLDR calls tl Filipino; clinics also say Tagalog
    return {_fold(name) for name in names if name}


def _by_name(requested: str, known: list[str]) -> tuple[list[str], list[str]]:
    """Known languages whose name is `requested`, and those whose name starts with it."""
    wanted = _fold(requested)
    exact = [lang for lang in known if wanted in _names(lang)]
    if len(wanted) < 3:  # "fr" is a code, not the start of "français"
        return exact, []
    starts = [lang for lang in known if any(name.startswith(wanted) for name in _names(lang))]
    return exact, starts


def babel_locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang, sep="-")
    except (UnknownLocaleError, ValueError):
        raise UsageError(
            f"Babel has no locale data for {lang!r}",
            hint="name the locales/ folder with a language code such as es or pt_BR",
        ) from None


@cache
def native_name(lang: str) -> str:
    """The language's name in itself (CLDR), by language and script: "Filipino", not
    "Filipino (Pilipinas)", for tl. Cached: every brochure lists every language."""
    locale = babel_locale(lang)
    bare = Locale(locale.language, script=locale.script)
    return bare.get_display_name(bare) or lang
