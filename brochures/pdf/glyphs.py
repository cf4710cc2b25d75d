"""Turn a brochure's text runs and its fonts into the characters no font can draw, before rendering.

WeasyPrint draws a missing glyph as an empty box and only logs a warning. Checking first
lets the error name the character, the language and the text it sits in. It also enforces
that a word is drawn in one font: a Vietnamese word whose accented letters came from a
fallback font would look broken.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from fontTools.unicodedata import script as unicode_script

from brochures.errors import RenderError
from brochures.html.text_model import TextRun
from brochures.pdf.fonts import stack_for

# Characters that are laid out but never drawn.
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}
# Scripts shared by several scripts' text (ISO 15924 "Common", "Inherited"): a letter or
# mark of these belongs to the word it sits in.
_SHARED_SCRIPTS = {"Zyyy", "Zinh"}


def _script(char: str) -> str | None:
    """The Unicode script (ISO 15924 code) of a letter or mark; None for anything else."""
    if unicodedata.category(char)[0] not in "LM":
        return None
    return unicode_script(char)


def _words(text: str) -> list[str]:
    """Runs of letters (and their marks) of one script: "FDA批准" is two words."""
    words, current, script = [], "", None
    for char in text:
        this = _script(char)
        if (
            this is not None
            and current
            and (unicodedata.category(char)[0] == "M" or this in _SHARED_SCRIPTS)
        ):
            this = script  # a combining mark belongs to the letter before it, and so
            # does a letter of no script of its own ("ー" after katakana)
        if this is not None and this == script:
            current += char
            continue
        if current:
            words.append(current)
        current, script = (char, this) if this is not None else ("", None)
    if current:
        words.append(current)
    return words


def _run_problems(lang: str, text: str, cmaps: dict[str, frozenset[int]]) -> tuple[str, ...]:
    """What is wrong with one run of text."""
    problems = []
    stack = stack_for(lang)
    for char in text:
        if unicodedata.category(char) in _INVISIBLE:
            continue
        if not any(ord(char) in cmaps[family] for family in stack):
            problems.append(
                f"no font has {_describe(char)} for language {lang!r}, in: {text.strip()[:80]!r}"
            )
    for word in _words(text):
        first = next((family for family in stack if ord(word[0]) in cmaps[family]), None)
        if first is None:
            continue  # already reported above
        missing = [c for c in word if ord(c) not in cmaps[first]]
        if missing:
            problems.append(
                f"the word {word!r} ({lang}) would mix fonts: {first!r} "
                f"lacks {', '.join(_describe(c) for c in missing)}"
            )
    return tuple(problems)


def _describe(char: str) -> str:
    return f"{char!r} (U+{ord(char):04X} {unicodedata.name(char, 'unnamed')})"


def check_glyphs(
    runs: Iterable[TextRun],
    cmaps: dict[str, frozenset[int]],
    checked: dict[tuple[str, str], tuple[str, ...]] | None = None,
) -> None:
    """Fail on any character no font of its language's stack has, or a word split across
    fonts, in these runs of text (a TextModel's `runs`).

    `checked` remembers the runs already checked against these `cmaps`: most (the safety
    facts, the questions, the footer) recur in every brochure of a language.
    """
    checked = {} if checked is None else checked
    problems: list[str] = []
    for run in runs:
        key = (run.lang, run.text)
        if key not in checked:
            checked[key] = _run_problems(run.lang, run.text, cmaps)
        problems += checked[key]
    if problems:
        unique = list(dict.fromkeys(problems))
        raise RenderError(
            "characters the brochure's fonts cannot draw:\n  - " + "\n  - ".join(unique[:20]),
            hint="use other characters, or add a font for this script (brochures/pdf/fonts.py)",
        )
