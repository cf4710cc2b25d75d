"""Turn a translated catalog entry into what makes it unsafe to print: placeholders, markup, plural forms."""

from __future__ import annotations

import re


# Placeholders as Jinja's newstyle gettext and Python %-formatting fill them, and tags.
PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sd]")
TAG = re.compile(r"</?[A-Za-z][^>]*>")


def same_pieces(pattern: re.Pattern, english: str, translation: str) -> bool:
    """Whether a translation has exactly the placeholders (or tags) of its English."""
    return sorted(pattern.findall(english)) == sorted(pattern.findall(translation))


def translation_problems(message, num_plurals: int) -> list[str]:
    """What makes a translated entry unsafe to print: lost or invented placeholders, broken
    markup, the wrong number of plural forms. (Untranslated entries are not judged here.)"""
    problems = []
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    if isinstance(message.id, tuple) and any(strings) and len(strings) != num_plurals:
        problems.append(f"has {len(strings)} plural forms; the language needs {num_plurals}")
    for index, text in enumerate(strings):
        if not text.strip():
            continue
        # Plural form 0 follows the singular; the others follow the plural.
        english = (message.id[0 if index == 0 else 1] if isinstance(message.id, tuple)
                   else message.id)
        if not same_pieces(PLACEHOLDER, english, text):
            problems.append(f"placeholders differ: English has "
                            f"{sorted(set(PLACEHOLDER.findall(english)))}, translation has "
                            f"{sorted(set(PLACEHOLDER.findall(text)))}")
        if not same_pieces(TAG, english, text):
            problems.append(f"inline markup differs from the English "
                            f"({TAG.findall(english)} vs {TAG.findall(text)})")
    return problems
