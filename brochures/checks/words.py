"""Turn a rendered English brochure into the words to know it uses but does not explain.

The renderer chooses the box's terms from the brochure's English text; this check reads
the finished brochure, box included, as a patient would, in every layout: a term that
appears anywhere in it (a template change, a layout that lost the box) must be explained.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from brochures.checks.structure import StructureProblem
from brochures.content.words import Word
from brochures.html.text_model import Passage


def unexplained_words(
    topic: str, passages: Sequence[Passage], words: Sequence[Word], explained: Collection[str]
) -> list[StructureProblem]:
    """A problem for every listed term the text uses that its words-to-know box lacks."""
    text = " ".join(passage.text for passage in passages)
    return [
        StructureProblem(
            "words to know",
            f"the {topic} brochure uses {word.term!r} but does not explain it; "
            "list it in its 'Words to know' box (templates/parts/words.html)",
        )
        for word in words
        if word.used_in(text) and word.term not in explained
    ]
