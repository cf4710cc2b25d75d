"""Turn a translated catalog entry into what makes it unsafe to print: placeholders, markup."""

from __future__ import annotations

import re

from babel.messages import checkers
from babel.messages.catalog import PYTHON_FORMAT, Catalog, Message
from babel.messages.catalog import TranslationError as BabelCheckFailed

from brochures.i18n.catalogs import msgid_forms, msgstr_forms
from brochures.printable import text_problem

# Inline tags, which Babel does not compare (placeholders are read with Babel's PYTHON_FORMAT).
TAG = re.compile(r"</?[A-Za-z][^>]*>")


def placeholders(text: str) -> tuple[dict[str, str], list[str]]:
    """The placeholders of python-format text: the named ones by name, with how each is
    written ({"page": "%(page)s"}), and the positional ones. An escaped `%%` is none."""
    named: dict[str, str] = {}
    positional = []
    for match in PYTHON_FORMAT.finditer(text):
        name, _, kind = match.groups()
        if name is not None:
            named.setdefault(name, match.group(0))
        elif kind != "%":
            positional.append(match.group(0))
    return named, positional


def _forms(message: Message) -> list[tuple[str, str]]:
    """(English, translation) for every filled-in form: plural form 0 follows the
    singular, the others the plural."""
    english = msgid_forms(message)
    return [
        (english[min(index, len(english) - 1)], text)
        for index, text in enumerate(msgstr_forms(message))
        if text.strip()
    ]


def _width(spelling: str) -> str:
    """The flags, width and precision of one placeholder ("" for a plain %(page)s)."""
    match = PYTHON_FORMAT.match(spelling)
    return match.group(2) if match else spelling


def _differences(english: str, text: str) -> list[str]:
    (wanted, wanted_positional), (found, found_positional) = (
        placeholders(english),
        placeholders(text),
    )
    missing = [spelling for name, spelling in wanted.items() if name not in found]
    extra = [spelling for name, spelling in found.items() if name not in wanted]
    # A width or precision (%(page)99999999s) would make a string of any length out of a
    # page number: each must be as in the English. (Babel judges the conversion types.)
    respelt = [
        f"placeholders differ from the English: {found[name]!r} is written {spelling!r} "
        "in the English"
        for name, spelling in wanted.items()
        if name in found and _width(found[name]) != _width(spelling)
    ]
    # Without any placeholder in the English, a stray one is most likely a bare percent
    # sign: "50 % de" reads as the placeholder "% d".
    hint = "" if wanted else " (write a percent sign as %%)"
    stray = [] if wanted_positional else list(dict.fromkeys(found_positional))
    return (
        respelt
        + [f"placeholders differ from the English: {spelling!r} is missing" for spelling in missing]
        + [
            f"placeholders differ from the English: {spelling!r} is not in the English{hint}"
            for spelling in extra + stray
        ]
    )


def placeholder_problems(message: Message, catalog: Catalog | None) -> list[str]:
    """Lost, invented or mistyped placeholders, each named.

    Babel's python_format checker judges the kinds, types and number of placeholders and
    invented names. It lets a translation drop a named placeholder, which in a brochure
    would lose a page number or a date, and it skips a translation whose English has no
    placeholder: those two are named here, and the names of invented ones with them.
    """
    problems = [
        problem for english, text in _forms(message) for problem in _differences(english, text)
    ]
    if not problems:
        try:
            checkers.python_format(catalog, message)
        except BabelCheckFailed as error:
            problems.append(f"placeholders differ from the English: {error}")
    return problems


def plural_problems(message: Message, catalog: Catalog | None) -> list[str]:
    """The wrong number of plural forms for the catalog's language, by Babel's num_plurals
    checker. (An entry with nothing filled in is untranslated, which is judged elsewhere.)"""
    strings = msgstr_forms(message)
    if not any(strings):
        return []
    try:
        checkers.num_plurals(catalog, message)
    except BabelCheckFailed:
        if not message.pluralizable:
            return ["has plural forms, but its English has none"]
        needs = catalog.num_plurals if catalog is not None else "another number"
        return [f"has {len(strings)} plural forms; the language needs {needs}"]
    return []


def markup_problems(message: Message) -> list[str]:
    """Inline tags that differ from the English (a tag lost, added or left open)."""
    return [
        f"inline markup differs from the English ({TAG.findall(english)} vs {TAG.findall(text)})"
        for english, text in _forms(message)
        if sorted(TAG.findall(english)) != sorted(TAG.findall(text))
    ]


def text_problems(message: Message) -> list[str]:
    """Characters that cannot be printed, and translations far longer than their English
    (a paste of a whole document): checked before anything formats or lays them out."""
    problems = []
    for english, text in _forms(message):
        problem = text_problem(text)
        if problem:
            problems.append(problem[0])
        limit = max(MIN_LENGTH_LIMIT, LENGTH_FACTOR * len(english))
        if len(text) > limit:
            problems.append(
                f"is {len(text)} characters long for an English text of {len(english)}; "
                f"the limit is {limit}"
            )
    return problems


# A translation may be much longer than its English (a short label, a language that needs
# more words) but not without bound.
LENGTH_FACTOR = 4
MIN_LENGTH_LIMIT = 200


def translation_problems(message: Message, catalog: Catalog | None) -> list[str]:
    """What makes a translated entry unsafe to print: characters that cannot be printed,
    lost, invented or respelt placeholders, broken markup, the wrong number of plural
    forms. (Untranslated entries are not judged here.)"""
    problems = (
        text_problems(message)
        + plural_problems(message, catalog)
        + placeholder_problems(message, catalog)
        + markup_problems(message)
    )
    return list(dict.fromkeys(problems))  # plural forms often repeat the same mistake
