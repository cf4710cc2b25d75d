"""Turn content/words.yaml into the words to know, and find which of them a text uses."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from brochures.content import schema as s
from brochures.content.safe_patterns import BadPattern, compile_checked

# An explanation is a glance, not a paragraph: the box sits beside text that has to fit.
MAX_EXPLANATION_WORDS = 15

WORDS_SCHEMA = s.Record(
    {
        "words": s.Field(
            s.ListOf(
                s.Record(
                    {
                        "term": s.Field(s.Prose()),
                        "explanation": s.Field(s.Prose()),
                        # How the term is written in English text: a regular expression,
                        # matched without regard to case ((?-i:...) for a part that must
                        # match case, such as IND).
                        "forms": s.Field(s.Text()),
                    }
                )
            )
        ),
    }
)


@dataclass(frozen=True)
class Word:
    term: str  # English, as the box prints it (translated like other prose)
    explanation: str
    forms: re.Pattern[str]

    def used_in(self, text: str) -> bool:
        return self.forms.search(text) is not None


def load_words(file: Path) -> tuple[Word, ...]:
    words: list[Word] = []
    with s.checking(file, WORDS_SCHEMA) as (data, ctx):
        for index, entry in enumerate(data["words"] or ()):
            if not entry or None in entry.values():  # already reported
                continue
            here = f"words[{index}]"
            node = s.node_at(ctx.root, here)
            try:
                forms = compile_checked(entry["forms"])
            except BadPattern as exc:
                ctx.report(node, f"{here}.forms", str(exc), hint=exc.hint)
                continue
            if not forms.search(entry["term"]):
                ctx.report(
                    node,
                    f"{here}.forms",
                    f"does not match the term {entry['term']!r} itself",
                    hint="list every form the term takes, the term as written first",
                )
            if len(entry["explanation"].split()) > MAX_EXPLANATION_WORDS:
                ctx.report(
                    node,
                    f"{here}.explanation",
                    f"has more than {MAX_EXPLANATION_WORDS} words",
                    hint="explain the term in a few plain words",
                )
            if any(word.term.casefold() == entry["term"].casefold() for word in words):
                ctx.report(node, f"{here}.term", f"{entry['term']!r} is listed twice")
                continue
            words.append(Word(entry["term"], entry["explanation"], forms))
    return tuple(words)


def words_used(texts: Iterable[str], words: Sequence[Word]) -> tuple[Word, ...]:
    """The words a text uses, in the order of the list, and the words their own
    explanations use: a box that explains one term with another explains that one too."""
    text = " ".join(texts)
    used = [word for word in words if word.used_in(text)]
    while True:
        explanations = " ".join(word.explanation for word in used)
        more = [w for w in words if w not in used and w.used_in(explanations)]
        if not more:
            return tuple(word for word in words if word in used)
        used += more
