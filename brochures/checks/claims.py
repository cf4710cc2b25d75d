"""Turn the English source, every catalog and the clinic profile into the health claims found.

A claim phrase is judged in its own clause: a negation or hedge cue exempts only the claim
it governs (see claim_rules and docs/claims.md), so "no surgery, FDA-approved" is caught
while "no exosome product is FDA-approved" passes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from brochures.checks.claim_rules import ClaimRule, Rules, load_rules
from brochures.content import schema as s
from brochures.errors import display_path
from brochures.i18n.catalogs import Catalogs, msgstr_forms
from brochures.i18n.languages import SOURCE_LANGUAGE
from brochures.i18n.source_strings import english_source

# Sentence ends in the scripts we print: Latin (before a space, so "ClinicalTrials.gov" and
# "1.5" stay whole), CJK, Arabic (؟ ۔) and Devanagari (। ॥).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？؟۔।॥])\s*")
_QUESTION_ENDS = ("?", "？", "؟")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ClaimMatch:
    rule: ClaimRule
    phrase: str
    contexts: frozenset[str]  # negated, hedged: what governs the claim here

    @property
    def allowed(self) -> bool:
        return bool(self.contexts & self.rule.allowed_when)


@dataclass(frozen=True)
class Finding:
    file: Path
    line: int
    phrase: str
    why: str
    text: str
    msgid: str | None = None

    def __str__(self) -> str:
        where = f"{display_path(self.file)}:{self.line}"
        found = f"{where}: forbidden claim {self.phrase!r} ({self.why}): {self.text[:100]}"
        return found if self.msgid is None else f"{found}\n    msgid: {self.msgid[:100]}"


def _sentences(text: str) -> Iterator[str]:
    for sentence in _SENTENCE_END.split(text):
        if sentence.strip():
            yield sentence


def _clause_of(sentence: str, position: int, rules: Rules) -> tuple[int, int]:
    start, end = 0, len(sentence)
    for brk in rules.clause_breaks.finditer(sentence):
        if brk.end() <= position:
            start = brk.end()
        elif brk.start() > position:
            end = brk.start()
            break
    return start, end


def _distance(gap: str, unit: str) -> int:
    if unit == "char":
        return len("".join(gap.split()))
    return len(_WORD.findall(gap))


def _contexts(sentence: str, anchor: tuple[int, int], rules: Rules) -> frozenset[str]:
    """The contexts (negated, hedged) that govern the claim at `anchor` in `sentence`."""
    found = set()
    if sentence.rstrip().endswith(_QUESTION_ENDS):
        found.add("hedged")  # a question asks; it does not assert
    start, end = _clause_of(sentence, anchor[0], rules)
    masked = [] if rules.not_cues is None else list(rules.not_cues.finditer(sentence, start, end))
    for cue in rules.cues:
        for hit in cue.pattern.finditer(sentence, start, end):
            if any(m.start() < hit.end() and hit.start() < m.end() for m in masked):
                continue  # "not only", "no doubt": look like negations, are not
            if cue.direction == "before":
                if hit.end() > anchor[0]:
                    continue
                gap = sentence[hit.end() : anchor[0]]
            else:
                if hit.start() < anchor[1]:
                    continue
                gap = sentence[anchor[1] : hit.start()]
            if cue.stops_at is not None and cue.stops_at.search(gap):
                continue  # "without surgery and ..." reaches no further than "surgery"
            if cue.scope is None or _distance(gap, rules.unit) <= cue.scope:
                found.add(cue.context)
    return frozenset(found)


def analyse(text: str, rules: Rules) -> list[ClaimMatch]:
    """Every claim phrase in `text`, with the contexts that govern it, sentence by sentence."""
    found = []
    for sentence in _sentences(text):
        for rule in rules.claims:
            for match in rule.phrase.finditer(sentence):
                # A `claim` group marks the word a cue must govern ("the FDA has not
                # approved"); without it, the whole phrase ("no side effects").
                anchor = match.span("claim") if match.re.groupindex.get("claim") else match.span()
                if anchor[0] < 0:
                    anchor = match.span()
                found.append(ClaimMatch(rule, match.group(0), _contexts(sentence, anchor, rules)))
    return found


@cache
def _claim_classes(text: str, rules: Rules) -> frozenset[str]:
    """The classes of claim an English msgid speaks of: the same for every catalog."""
    return frozenset(match.rule.claim_class for match in analyse(text, rules))


def find_claims(text: str, rules: Rules) -> list[ClaimMatch]:
    """The claims in `text` that no cue makes honest."""
    return [match for match in analyse(text, rules) if not match.allowed]


# Content fields that are not printed as patient text: codes, addresses, patterns, and the
# titles of other people's papers (quoted as published).
_CONTENT_NON_TEXT = frozenset(
    {
        "url",
        "report_url",
        "more_url",
        "citation",
        "forms",
        "id",
        "kind",
        "stage",
        "see",
        "cites",
        "about",
        "route_detail",
        "routes",
        "numbers",
        "report_phone",
        "trial_offers_email",
    }
)


def check_english(content_dir: Path, templates_dir: Path, locales_dir: Path) -> list[Finding]:
    """Claims in the English source: the translated prose of content and templates, and the
    text printed as it is (the FDA's notice titles, the regulator's name)."""
    rules = load_rules(locales_dir, SOURCE_LANGUAGE)
    texts = english_source(content_dir, templates_dir)
    prose = {(file, text) for file, _, text in texts}
    for file in sorted(content_dir.rglob("*.yaml")):
        for line, _, text in printed_texts(file, _CONTENT_NON_TEXT):
            if (file, text.strip()) not in prose and not text.strip().isdigit():
                texts.append((file, line, text))
    return [
        Finding(file, line, match.phrase, match.rule.why, text)
        for file, line, text in texts
        for match in find_claims(text, rules)
    ]


def check_catalog(locales: Path | Catalogs, lang: str) -> list[Finding]:
    """Claims in a catalog's translations: any claim no cue makes honest, and any (even
    negated) claim of a class its English source does not speak of at all: a translation
    may not assert, or deny, what its msgid does not."""
    catalogs = Catalogs.of(locales)
    rules = load_rules(catalogs.locales_dir, lang)
    english = load_rules(catalogs.locales_dir, SOURCE_LANGUAGE)
    po_file = catalogs.path(lang)
    findings = []
    for message in catalogs.catalog(lang):
        if not message.id:
            continue
        msgids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        source_classes = {c for text in msgids for c in _claim_classes(text, english)}
        for text in msgstr_forms(message):
            for match in analyse(text, rules):
                if match.allowed and match.rule.claim_class in source_classes:
                    continue
                why = match.rule.why
                if match.allowed:
                    why += f"; the English says nothing of {match.rule.claim_class}"
                findings.append(
                    Finding(po_file, message.lineno or 0, match.phrase, why, text, msgids[0])
                )
    return findings


def printed_texts(file: Path, non_text: frozenset[str]) -> list[tuple[int, str, str]]:
    """(line, field, text) of every string in a YAML file, but under the keys `non_text`."""
    root = s.compose(file)
    found: list[tuple[int, str, str]] = []

    def walk(node: yaml.Node, path: str) -> None:
        if isinstance(node, yaml.ScalarNode):
            found.append((node.start_mark.line + 1, path, str(node.value)))
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                walk(child, f"{path}[{index}]")
        elif isinstance(node, yaml.MappingNode):
            for key, child in node.value:
                if key.value not in non_text:
                    walk(child, f"{path}.{key.value}" if path else str(key.value))

    if root is not None:
        walk(root, "")
    return found


# Fields of a clinic profile that are not printed as text (codes, file names, colours).
_CLINIC_NON_TEXT = frozenset({"country", "logo", "paper", "colors", "qr_url"})


def check_clinic(file: Path, locales_dir: Path, langs: Iterable[str]) -> list[Finding]:
    """Claims in the clinic profile, which is printed unchanged in every language: each
    text is checked with the rules of English and of every language being built."""
    all_rules = [load_rules(locales_dir, lang) for lang in dict.fromkeys([SOURCE_LANGUAGE, *langs])]
    findings: dict[tuple[int, str], Finding] = {}  # one report per phrase, not per language
    for line, field, text in printed_texts(file, _CLINIC_NON_TEXT):
        for rules in all_rules:
            for match in find_claims(text, rules):
                why = f"{match.rule.why}; in the clinic profile's {field}"
                findings.setdefault(
                    (line, match.phrase.casefold()), Finding(file, line, match.phrase, why, text)
                )
    return list(findings.values())
