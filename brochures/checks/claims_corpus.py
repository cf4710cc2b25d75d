"""Turn labelled corpora of sentences into the recall and precision of each language's claim rules.

A corpus file (tests/checks/claims_corpus/<lang>.yaml) lists `claims`, overstated sentences
with their class, which the rules must refuse, and `honest` sentences (negated, hedged,
plain) which they must let pass. Run `python -m brochures.checks.claims_corpus` to print
the table that docs/claims.md carries.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from brochures.checks.claim_rules import load_rules
from brochures.checks.claims import find_claims
from brochures.i18n.languages import gettext_name

CORPUS_DIR = Path("tests/checks/claims_corpus")


@dataclass
class Score:
    lang: str
    claims: int = 0
    caught: int = 0
    honest: int = 0
    false_alarms: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    classes: set[str] = field(default_factory=set)  # classes with at least one caught example

    @property
    def recall(self) -> float:
        return self.caught / self.claims if self.claims else 0.0

    @property
    def precision(self) -> float:
        flagged = self.caught + len(self.false_alarms)
        return self.caught / flagged if flagged else 0.0


def corpus_file(corpus_dir: Path, lang: str) -> Path:
    return corpus_dir / f"{gettext_name(lang)}.yaml"


def score(corpus_dir: Path, locales_dir: Path, lang: str) -> Score:
    rules = load_rules(locales_dir, lang)
    data = yaml.safe_load(corpus_file(corpus_dir, lang).read_text(encoding="utf-8"))
    result = Score(lang)
    for item in data["claims"]:
        result.claims += 1
        found = {match.rule.claim_class for match in find_claims(item["text"], rules)}
        if item["class"] in found:
            result.caught += 1
            result.classes.add(item["class"])
        else:
            result.misses.append(f"[{item['class']}] {item['text']}")
    for text in data["honest"]:
        result.honest += 1
        if find_claims(text, rules):
            result.false_alarms.append(text)
    return result


def table(scores: list[Score]) -> str:
    rows = [
        "| language | overstated | caught | honest | refused | recall | precision |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in scores:
        rows.append(
            f"| {s.lang} | {s.claims} | {s.caught} | {s.honest} | {len(s.false_alarms)} "
            f"| {s.recall:.0%} | {s.precision:.0%} |"
        )
    return "\n".join(rows)


def corpus_languages(corpus_dir: Path) -> list[str]:
    return sorted(file.stem.replace("_", "-") for file in corpus_dir.glob("*.yaml"))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    corpus_dir = Path(args[0]) if args else CORPUS_DIR
    locales_dir = Path(args[1]) if len(args) > 1 else Path("locales")
    scores = [score(corpus_dir, locales_dir, lang) for lang in corpus_languages(corpus_dir)]
    print(table(scores))
    for s in scores:
        for text in s.misses:
            print(f"{s.lang}: missed {text}")
        for text in s.false_alarms:
            print(f"{s.lang}: refused {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
