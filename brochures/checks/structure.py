"""Turn a rendered brochure into the PEMAT-P structure checks that a machine can make.

AHRQ's Patient Education Materials Assessment Tool (PEMAT-P) asks, among other things, for
a summary up front, informative headings, information in short chunks, the reader addressed
as "you", and at least one concrete action. Word counts and "you" are measured on English,
the source every translation follows; headings and order hold in every language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from brochures.html.text_model import Passage

SECTION_WORD_BUDGET = 130  # words of prose under one heading
MIN_HEADINGS = 5
MIN_YOU_PER_100_WORDS = 1.5  # "you", "your", "yours"
MIN_QUESTIONS = 2
# The "you voice" failure names this many passages to rewrite, fewest "you" first. Shorter
# passages (a list item, a caption) are named only when nothing longer lacks "you".
PASSAGES_TO_REWRITE = 3
MIN_WORDS_TO_NAME = 8

_YOU = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


@dataclass(frozen=True)
class StructureProblem:
    check: str
    message: str
    passages: tuple[str, ...] = ()  # the passages to rewrite, one line each

    def __str__(self) -> str:
        return f"{self.check}: {self.message}" + "".join(f"\n    {p}" for p in self.passages)


def _sections(passages: Sequence[Passage]) -> list[tuple[str, list[str]]]:
    sections: list[tuple[str, list[str]]] = []
    for passage in passages:
        if passage.role == "heading":
            sections.append((passage.text, []))
        elif passage.role == "prose" and sections:
            sections[-1][1].append(passage.text)
    return sections


def check_structure(
    passages: Sequence[Passage], questions: int, *, english: bool
) -> list[StructureProblem]:
    """Headings, actions, and (in English) section length and "you" voice.

    Whether the summary comes first is in the text model (see report.check_passages).
    """
    problems = []
    sections = _sections(passages)
    headings = [heading for heading, _ in sections]
    if len(headings) - 1 < MIN_HEADINGS:
        problems.append(
            StructureProblem(
                "headings", f"only {len(headings) - 1} headings; use at least {MIN_HEADINGS}"
            )
        )
    if questions < MIN_QUESTIONS:
        problems.append(
            StructureProblem(
                "action", f"give at least {MIN_QUESTIONS} questions the reader can ask"
            )
        )
    if english:
        for heading, prose in sections[1:]:
            words = sum(len(text.split()) for text in prose)
            if words > SECTION_WORD_BUDGET:
                problems.append(
                    StructureProblem(
                        "short sections",
                        f"{heading!r} has {words} words; keep it under "
                        f"{SECTION_WORD_BUDGET} or split it",
                    )
                )
        rate = you_rate(passages)
        if rate < MIN_YOU_PER_100_WORDS:
            problems.append(
                StructureProblem(
                    "you voice",
                    f"'you' only {rate:.1f} times per 100 words; speak to the reader, "
                    "first in the passages that say it least:",
                    fewest_you(passages),
                )
            )
    return problems


def you_rate(passages: Sequence[Passage]) -> float:
    """How often the prose says "you" or "your", per 100 words (100 for no prose at all)."""
    text = " ".join(p.text for p in passages if p.role == "prose")
    return _rate(text)


def _rate(text: str) -> float:
    words = len(text.split())
    return 100 * len(_YOU.findall(text)) / words if words else 100.0


def fewest_you(passages: Sequence[Passage], count: int = PASSAGES_TO_REWRITE) -> tuple[str, ...]:
    """The prose passages below the "you" target, fewest per 100 words first and, among
    equals, the longest (rewriting it helps most), each with the heading it sits under."""
    below: list[tuple[float, int, str, str]] = []  # (rate, words, heading, text)
    heading = ""
    for passage in passages:
        if passage.role == "heading":
            heading = passage.text
        elif passage.role == "prose" and _rate(passage.text) < MIN_YOU_PER_100_WORDS:
            below.append((_rate(passage.text), len(passage.text.split()), heading, passage.text))
    long_enough = [item for item in below if item[1] >= MIN_WORDS_TO_NAME]
    ranked = sorted(long_enough or below, key=lambda item: (item[0], -item[1]))[:count]
    return tuple(
        f"{rate:.1f} in {words} words, under {heading!r}: {text[:120]}"
        for rate, words, heading, text in ranked
    )
