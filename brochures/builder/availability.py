"""Turn a run's documents into those its languages can print now, and the rest into a summary.

A brochure is available in a language when every string it prints has a usable
translation (not fuzzy, every plural form). English-first work makes gaps normal: a new
topic exists in English before anyone translates it, and a new language is translated a
few strings at a time. Such documents are not built (unless --draft, which prints English
for what is missing); the build says which, and a release refuses them.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from brochures.atomic import write_atomically
from brochures.builder.plan import Job
from brochures.errors import BrochureError, CheckError, TranslationError
from brochures.i18n.catalogs import catalog_stats
from brochures.i18n.translations import MISSING_HINT, missing_listing, short_reason

if TYPE_CHECKING:  # the run is handed in: this module does not build one
    from brochures.builder.pipeline import Brochures

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gap:
    """A requested document that its language cannot print yet."""

    job: Job
    missing: dict[str, str]  # msgid -> why (untranslated, fuzzy, not in the catalog)


def describe_gaps(gaps: list[Gap], percents: dict[str, float]) -> str:
    """A line per language, or per group of languages that lack the same: the topics (and
    layouts, where only some are missing) it cannot print yet, how many strings are
    missing and why, and how far its catalog has got."""
    by_lang: dict[str, dict[str, list[Gap]]] = defaultdict(lambda: defaultdict(list))
    for gap in gaps:
        by_lang[gap.job.lang][gap.job.topic].append(gap)
    layouts_asked = {gap.job.layout for gap in gaps}
    described: dict[str, list[str]] = defaultdict(list)  # description -> languages
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
        reasons = Counter(short_reason(why) for why in missing.values())
        why = ", ".join(f"{count} {reason}" for reason, count in sorted(reasons.items()))
        percent = percents.get(lang)
        progress = (
            f"; catalog {percent:.0f}% translated" if percent is not None and percent < 100 else ""
        )
        described[f"{', '.join(parts)} ({len(missing)} string(s): {why}{progress})"].append(lang)
    lines = [f"  {', '.join(langs)}: {text}" for text, langs in described.items()]
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


def sort_out(run: Brochures, jobs: list[Job]) -> tuple[list[Job], list[Gap]]:
    """The jobs to build, and those whose language cannot print them yet (a draft
    builds everything, with English for what is missing). A job whose catalog is
    broken is built, so that it fails with the catalog's own error."""
    buildable, gaps = [], []
    for job in jobs:
        try:
            missing = {} if run.options.draft else run.missing(job)
        except BrochureError:
            missing = {}
        if missing:
            gaps.append(Gap(job, missing))
        else:
            buildable.append(job)
    return buildable, gaps


def report_gaps(run: Brochures, gaps: list[Gap], buildable: list[Job], done: str = "built") -> None:
    """Say which documents are not translated yet: a note that ends a build, an error
    in a release or when nothing that was asked for can be built."""
    if not gaps:
        return
    percents = {}
    for lang in {gap.job.lang for gap in gaps}:
        try:
            percents[lang] = catalog_stats(run.catalogs.catalog(lang)).percent
        except TranslationError:
            pass  # a catalog that cannot be read has no share to show
    summary = gap_summary(gaps, percents, done)
    if run.options.release:
        raise CheckError(
            f"a release builds every brochure asked for, complete; {summary}",
            hint="translate the missing strings, or leave those languages or topics out",
        )
    if not buildable:
        first = gaps[0]
        shown = {msgid: short_reason(why) for msgid, why in first.missing.items()}
        raise TranslationError(
            f"{summary}\n{first.job.name} needs:\n{missing_listing(shown)}",
            file=run.catalogs.path(first.job.lang),
            hint=MISSING_HINT,
        )
    LOGGER.warning("%s", summary)


CACHE_NAME = ".brochures-availability.json"


class KnownGaps:
    """What each document's language lacked at the last build with the same inputs, kept
    in the output folder: finding it out renders every document once (about 6 ms each, two
    seconds for the full matrix), which a build where nothing changed should not pay. The
    file is derived data: one that is missing, unreadable or of another shape is ignored."""

    def __init__(self, out_dir: Path, digest: str) -> None:
        self.file = out_dir / CACHE_NAME
        self.digest = digest
        self.entries: dict[Job, dict[str, str]] = {}
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if data.get("digest") == digest:
                for name, missing in data["documents"].items():
                    lang, topic, layout = name.split("|")
                    if isinstance(missing, dict) and all(
                        isinstance(k, str) and isinstance(v, str) for k, v in missing.items()
                    ):
                        self.entries[Job(topic, lang, layout)] = missing
        except (OSError, ValueError, AttributeError, KeyError, TypeError):
            self.entries = {}

    def save(self, found: dict[Job, dict[str, str]]) -> None:
        """Keep what this build found, if it adds to what the file holds."""
        if all(job in self.entries for job in found):
            return
        self.entries.update(found)
        documents = {
            f"{job.lang}|{job.topic}|{job.layout}": missing
            for job, missing in sorted(self.entries.items(), key=lambda item: item[0].name)
        }
        text = json.dumps({"digest": self.digest, "documents": documents}, sort_keys=True)
        try:
            write_atomically(self.file, text)
        except BrochureError:
            pass  # a cache that cannot be written costs time next build, nothing else
