"""Turn a language's forbidden-claims.yaml into checked claim rules and negation cues.

The format is documented in docs/claims.md. In short: `claims` are phrases (regular
expressions) that overstate exosome treatments, each with its class and reason; `cues` are
words that take a claim back (negated: "not approved") or make it a question or condition
(hedged: "ask if it is approved"). A cue governs a claim only within its clause and within
`scope` words (or characters, for languages written without spaces) of it, as NegEx scopes
negation in clinical text; `allowed_when` says which of those contexts make a claim honest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from brochures.content import schema as s
from brochures.content.safe_patterns import BadPattern, compile_checked
from brochures.errors import ContentError
from brochures.i18n.languages import SOURCE_LANGUAGE, gettext_name

CLAIMS_FILE = "forbidden-claims.yaml"

# Every language's rules must cover each class (tests/checks/test_claims_corpus.py).
CLAIM_CLASSES = (
    "cure",  # promises a cure
    "approval",  # claims approval, clearance, registration by the FDA or another regulator
    "proof",  # claims proof the research does not have
    "efficacy",  # says the treatment works, heals, treats, reverses
    "results",  # promises a result, a time to results, lasting results
    "testimonial",  # patient stories and satisfaction offered as evidence
    "safety",  # denies the risks every treatment has
    "marketing",  # miracle, breakthrough, revolutionary
)
CONTEXTS = ("negated", "hedged")
DIRECTIONS = ("before", "after")
UNITS = ("word", "char")
MAX_SCOPE = 30
MAX_RULES = 80


class _Scope(s._Scalar):
    """How far a cue reaches: a number of words (or characters), or `clause`."""

    label = "a number of words, or 'clause'"

    def check(self, node, ctx, path):
        value, tag = self.scalar(node, ctx, path)
        if value == "clause":
            return None
        if tag == "tag:yaml.org,2002:int" and value.isdigit() and int(value) <= MAX_SCOPE:
            return int(value)
        ctx.fail(node, path, f"expected 0 to {MAX_SCOPE} or 'clause', found {value!r}")


RULES_SCHEMA = s.Record(
    {
        "unit": s.Field(s.OneOf(UNITS), required=False),
        "clause_breaks": s.Field(s.Text()),
        "not_cues": s.Field(s.Text(), required=False),
        "cues": s.Field(
            s.ListOf(
                s.Record(
                    {
                        "cue": s.Field(s.Text()),
                        "context": s.Field(s.OneOf(CONTEXTS)),
                        "direction": s.Field(s.OneOf(DIRECTIONS), required=False),
                        "scope": s.Field(_Scope(), required=False),
                        "stops_at": s.Field(s.Text(), required=False),
                        "why": s.Field(s.Text(), required=False),
                    }
                ),
                min_items=0,  # a new language's starter file (--add-language) has none yet
                max_items=MAX_RULES,
            )
        ),
        "claims": s.Field(
            s.ListOf(
                s.Record(
                    {
                        "class": s.Field(s.OneOf(CLAIM_CLASSES)),
                        "phrase": s.Field(s.Text()),
                        "allowed_when": s.Field(
                            s.ListOf(s.OneOf(CONTEXTS), min_items=0), required=False
                        ),
                        "why": s.Field(s.Text()),
                    }
                ),
                min_items=0,
                max_items=MAX_RULES,
            )
        ),
    }
)


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern
    context: str  # negated or hedged
    direction: str  # the cue comes before or after the claim it governs
    scope: int | None  # words (or characters) between cue and claim; None: the whole clause
    stops_at: re.Pattern | None = None  # words the cue cannot reach past ("and", "or")


@dataclass(frozen=True)
class ClaimRule:
    claim_class: str
    phrase: re.Pattern
    allowed_when: frozenset[str]
    why: str
    line: int


@dataclass(frozen=True)
class Rules:
    lang: str
    file: Path
    unit: str
    clause_breaks: re.Pattern
    not_cues: re.Pattern | None
    cues: tuple[Cue, ...]
    claims: tuple[ClaimRule, ...]


def rules_file(locales_dir: Path, lang: str) -> Path:
    return locales_dir / gettext_name(lang) / CLAIMS_FILE


def load_rules(locales_dir: Path, lang: str) -> Rules:
    """A language's rules, read once per version of the file: every catalog's check needs
    the English rules too, and the clinic's check needs every language's."""
    file = rules_file(locales_dir, lang)
    if not file.is_file():
        raise ContentError(
            f"no list of forbidden claims for {lang!r}",
            file=file,
            hint=f"copy locales/{SOURCE_LANGUAGE}/{CLAIMS_FILE} and translate its phrases "
            "and cues (docs/claims.md explains the format)",
        )
    stat = file.stat()
    return _read_rules(file, lang, (stat.st_mtime_ns, stat.st_size))


@cache
def _read_rules(file: Path, lang: str, version: tuple[int, int]) -> Rules:
    """`version` (modification time, size) is in the key so an edited file is read again."""
    with s.checking(file, RULES_SCHEMA) as (data, ctx):
        compiled = _Compiler(ctx)
        breaks = compiled.pattern(
            data["clause_breaks"], ctx.node_of("clause_breaks"), "clause_breaks"
        )
        not_cues = compiled.pattern(data["not_cues"], ctx.node_of("not_cues"), "not_cues")
        cues = []
        for index, (cue, node) in enumerate(compiled.items(data, "cues")):
            pattern = compiled.pattern(cue["cue"], node, f"cues[{index}].cue")
            stops = compiled.pattern(cue["stops_at"], node, f"cues[{index}].stops_at")
            if pattern is not None and cue["context"]:
                direction = cue["direction"] or "before"
                cues.append(Cue(pattern, cue["context"], direction, cue["scope"], stops))
        claims = []
        for index, (claim, node) in enumerate(compiled.items(data, "claims")):
            pattern = compiled.pattern(claim["phrase"], node, f"claims[{index}].phrase")
            if pattern is not None and claim["class"] and claim["why"]:
                claims.append(
                    ClaimRule(
                        claim["class"],
                        pattern,
                        frozenset(claim["allowed_when"] or ()),
                        claim["why"],
                        node.start_mark.line + 1,
                    )
                )
    assert breaks is not None  # a required field: had it been missing or invalid, we raised
    return Rules(
        lang=lang,
        file=file,
        unit=data["unit"] or "word",
        clause_breaks=breaks,
        not_cues=not_cues,
        cues=tuple(cues),
        claims=tuple(claims),
    )


class _Compiler:
    """Compiles the patterns of one file, reporting each bad one by its field."""

    def __init__(self, ctx: s.Context) -> None:
        self.ctx = ctx

    def items(self, data: dict, key: str) -> Iterator[tuple[dict, yaml.Node]]:
        nodes = getattr(self.ctx.node_of(key), "value", [])
        for item, node in zip(data[key] or (), nodes, strict=False):
            if item is not None:  # None: already reported
                yield item, node

    def pattern(self, text: str | None, node: yaml.Node | None, path: str) -> re.Pattern | None:
        if text is None:
            return None
        try:
            return compile_checked(text)
        except BadPattern as exc:
            self.ctx.report(node, path, str(exc), hint=exc.hint)
            return None
