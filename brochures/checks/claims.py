"""Turn the English source and every catalog into a list of forbidden health claims found."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from brochures.content import schema as s
from brochures.errors import ContentError, display_path
from brochures.i18n.catalogs import Catalogs, msgstr_forms
from brochures.i18n.languages import SOURCE_LANGUAGE, gettext_name
from brochures.i18n.source_strings import english_source

CLAIMS_FILE = "forbidden-claims.yaml"

RULES_SCHEMA = s.Record(
    {
        "rules": s.Field(
            s.ListOf(
                s.Record(
                    {
                        "phrase": s.Field(s.Text()),
                        "unless": s.Field(s.Text(), required=False),
                        "why": s.Field(s.Text()),
                    }
                )
            )
        ),
    }
)

# Sentence ends in the scripts we print: Latin, CJK, Arabic (؟ ۔) and Devanagari (। ॥).
_SENTENCE = re.compile(r"[^.!?¿¡。！？؟۔।॥]*[.!?。！？؟۔।॥]?")


@dataclass(frozen=True)
class Rule:
    phrase: re.Pattern
    unless: re.Pattern | None
    why: str


@dataclass(frozen=True)
class Finding:
    file: Path
    line: int
    phrase: str
    why: str
    text: str

    def __str__(self) -> str:
        where = f"{display_path(self.file)}:{self.line}"
        return f"{where}: forbidden claim {self.phrase!r} ({self.why}): {self.text[:100]}"


def load_rules(locales_dir: Path, lang: str) -> list[Rule]:
    file = locales_dir / gettext_name(lang) / CLAIMS_FILE
    if not file.is_file():
        raise ContentError(
            f"no list of forbidden claims for {lang!r}",
            file=file,
            hint=f"copy locales/{SOURCE_LANGUAGE}/{CLAIMS_FILE} and translate its phrases",
        )
    rules = []
    with s.checking(file, RULES_SCHEMA) as (data, ctx):
        rule_nodes = getattr(ctx.node_of("rules"), "value", [])
        for index, (rule, node) in enumerate(zip(data["rules"] or (), rule_nodes, strict=False)):
            if rule is None or rule["phrase"] is None:  # already reported
                continue
            try:
                rules.append(
                    Rule(
                        re.compile(rule["phrase"], re.IGNORECASE),
                        re.compile(rule["unless"], re.IGNORECASE) if rule["unless"] else None,
                        rule["why"],
                    )
                )
            except re.error as exc:
                ctx.report(node, f"rules[{index}]", f"not a valid regular expression: {exc}")
    return rules


def find_claims(text: str, rules: list[Rule]) -> list[tuple[str, Rule]]:
    """(matched phrase, rule) for every forbidden phrasing, judged sentence by sentence."""
    found = []
    for sentence in _SENTENCE.findall(text):
        for rule in rules:
            for match in rule.phrase.finditer(sentence):
                if rule.unless is None or not rule.unless.search(sentence):
                    found.append((match.group(0), rule))
    return found


def check_english(content_dir: Path, templates_dir: Path, locales_dir: Path) -> list[Finding]:
    rules = load_rules(locales_dir, SOURCE_LANGUAGE)
    return [
        Finding(file, line, phrase, rule.why, text)
        for file, line, text in english_source(content_dir, templates_dir)
        for phrase, rule in find_claims(text, rules)
    ]


def check_catalog(locales: Path | Catalogs, lang: str) -> list[Finding]:
    catalogs = Catalogs.of(locales)
    rules = load_rules(catalogs.locales_dir, lang)
    po_file = catalogs.path(lang)
    findings = []
    for message in catalogs.catalog(lang):
        if not message.id:
            continue
        for text in msgstr_forms(message):
            for phrase, rule in find_claims(text, rules):
                findings.append(Finding(po_file, message.lineno or 0, phrase, rule.why, text))
    return findings
