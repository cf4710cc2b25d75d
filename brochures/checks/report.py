"""Turn brochures and their sources into the plain-language, claims and review-date report."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from brochures.checks.claims import Finding, check_catalog, check_clinic, check_english
from brochures.checks.readability import Readability, score_passages
from brochures.checks.structure import StructureProblem, check_structure, you_rate
from brochures.checks.words import unexplained_words
from brochures.content.library import Topic
from brochures.content.words import Word
from brochures.html.text_model import Passage, TextModel
from brochures.i18n.catalogs import Catalogs
from brochures.i18n.languages import SOURCE_LANGUAGE
from brochures.text_width import align_left, align_right, columns


@dataclass(frozen=True)
class BrochureCheck:
    lang: str
    topic: str
    readability: Readability
    you_per_100_words: float
    structure: tuple[StructureProblem, ...]

    @property
    def passed(self) -> bool:
        return self.readability.passed and not self.structure

    def explain(self) -> str:
        """Why it failed, naming the hardest passages to rewrite first."""
        lines = []
        r = self.readability
        if not r.passed:
            lines.append(
                f"{r.formula.name} is {r.score:g}, needs {r.formula.target}; hardest passages:"
            )
            lines += [f"    {score:g}: {text[:120]}" for score, text in r.worst]
        lines += [f"  {problem}" for problem in self.structure]
        return "\n".join(lines)


def check_brochure(
    lang: str, topic: Topic, model: TextModel, words: Sequence[Word] = ()
) -> BrochureCheck:
    """The checks on a brochure, from its text model (html.text_model); `words` are the
    words to know (content/words.yaml) that an English brochure must explain if it uses them."""
    return check_passages(
        lang, topic, model.passages, model.summary_first, words, model.explained_terms
    )


def check_passages(
    lang: str,
    topic: Topic,
    found: tuple[Passage, ...],
    summary_first: bool,
    words: Sequence[Word] = (),
    explained: Collection[str] = (),
    scored: tuple[Passage, ...] | None = None,
) -> BrochureCheck:
    """The checks on text already taken out of a brochure (layouts often share it).
    `scored` are the passages to score for reading level, when not all of them: a draft
    is scored on what is translated, not on the English it falls back to."""
    english = lang == SOURCE_LANGUAGE
    structure = check_structure(found, len(topic.questions), english=english)
    if english:
        structure += unexplained_words(topic.slug, found, words, explained)
    if not summary_first:
        structure.insert(
            0, StructureProblem("summary first", "the summary must be the first section")
        )
    return BrochureCheck(
        lang,
        topic.slug,
        score_passages(lang, found if scored is None else scored),
        round(you_rate(found), 1) if english else 0.0,
        tuple(structure),
    )


def claims_in_sources(
    content_dir: Path,
    templates_dir: Path,
    locales: Path | Catalogs,
    langs: list[str],
    clinic_file: Path | None = None,
) -> list[Finding]:
    """Forbidden claims in the English source, the catalogs of `langs` and the clinic profile."""
    catalogs = Catalogs.of(locales)
    claims = check_english(content_dir, templates_dir, catalogs.locales_dir)
    for lang in langs:
        if lang != SOURCE_LANGUAGE:
            claims += check_catalog(catalogs, lang)
    if clinic_file is not None:
        claims += check_clinic(clinic_file, catalogs.locales_dir, langs)
    return claims


_NUMBER_COLUMNS = {"score", "target", "you%"}  # right-aligned


def format_table(checks: list[BrochureCheck], editions: list[str] | None = None) -> str:
    """The scores, one row per brochure, each column as wide as its widest cell (language
    tags such as zh-Hans and the sentence-length formulas outgrow a fixed width);
    `editions` name each row's edition ("print", "web") when there are several."""
    header = (
        "lang",
        "topic",
        *(("edition",) if editions else ()),
        "formula",
        "score",
        "target",
        "you%",
        "result",
    )
    rows = [header] + [
        (
            c.lang,
            c.topic,
            *((editions[n],) if editions else ()),
            c.readability.formula.name,
            f"{c.readability.score:.1f}",
            c.readability.formula.target,
            f"{c.you_per_100_words:.1f}" if c.lang == SOURCE_LANGUAGE else "-",
            "ok" if c.passed else "FAIL",
        )
        for n, c in enumerate(checks)
    ]
    widths = [max(columns(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(
            align_right(cell, width) if header[i] in _NUMBER_COLUMNS else align_left(cell, width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "-" * columns(lines[0]))
    return "\n".join(lines)
