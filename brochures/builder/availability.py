"""Turn the documents a translation cannot print yet into the summary a build ends with.

A brochure is available in a language when every string it prints has a usable
translation (not fuzzy, every plural form). English-first work makes gaps normal: a new
topic exists in English before anyone translates it, and a new language is translated a
few strings at a time. Such documents are not built (unless --draft, which prints English
for what is missing); the build says which, and a release refuses them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from brochures.builder.plan import Job


@dataclass(frozen=True)
class Gap:
    """A requested document that its language cannot print yet."""

    job: Job
    missing: dict[str, str]  # msgid -> why (untranslated, fuzzy, not in the catalog)


def describe_gaps(gaps: list[Gap], percents: dict[str, float]) -> str:
    """One line per language: the topics (and layouts, where only some are missing) it
    cannot print yet, how many strings are missing, and how far its catalog has got."""
    by_lang: dict[str, dict[str, list[Gap]]] = defaultdict(lambda: defaultdict(list))
    for gap in gaps:
        by_lang[gap.job.lang][gap.job.topic].append(gap)
    layouts_asked = {gap.job.layout for gap in gaps}
    lines = []
    for lang in sorted(by_lang):
        topics = by_lang[lang]
        parts = []
        for topic in sorted(topics):
            layouts = sorted(gap.job.layout for gap in topics[topic])
            parts.append(
                topic if set(layouts) == layouts_asked else f"{topic} ({', '.join(layouts)})"
            )
        missing = {
            msgid: why for per in topics.values() for g in per for msgid, why in g.missing.items()
        }
        reasons = Counter(why.split(" (")[0] for why in missing.values())
        why = ", ".join(f"{count} {reason}" for reason, count in sorted(reasons.items()))
        percent = percents.get(lang)
        progress = (
            f"; catalog {percent:.0f}% translated" if percent is not None and percent < 100 else ""
        )
        lines.append(f"  {lang}: {', '.join(parts)} ({len(missing)} string(s): {why}{progress})")
    if any("not in the catalog" in why for gap in gaps for why in gap.missing.values()):
        lines.append("  (strings not in a catalog yet: run python build.py --update-catalogs)")
    return "\n".join(lines)


def gap_summary(gaps: list[Gap], percents: dict[str, float], done: str = "built") -> str:
    count = len(gaps)
    return (
        f"{count} brochure(s) not {done}: not yet translated\n"
        + describe_gaps(gaps, percents)
        + "\n  (--draft builds them with English where a string is missing; "
        "--list shows each catalog's progress)"
    )
