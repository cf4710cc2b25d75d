"""Turn the catalogs under locales/ into how much of each language is translated (for --list)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from brochures.builder.plan import BuildOptions
from brochures.i18n.catalogs import catalog_stats
from brochures.i18n.languages import SOURCE_LANGUAGE, native_name
from brochures.i18n.review import review_of


@dataclass(frozen=True)
class LanguageStatus:
    lang: str
    name: str
    translated: int
    fuzzy: int
    untranslated: int
    percent: float
    ready: int  # topics whose leaflet the language can print complete
    topics: int
    review: str = "source"  # the catalog's review status; "needs review" once changed after it


def language_status(options: BuildOptions) -> list[LanguageStatus]:
    """Per language: how much of its catalog is translated (English is the source), and
    how many topics it can print complete (a catalog in progress prints some, or none)."""
    from brochures.builder.pipeline import Brochures  # the renderer's imports, only here

    run = Brochures(replace(options, langs=None, topics=None, layouts=("leaflet",)))
    topics = sorted(run.library.topics)
    ready = {lang: 0 for lang in run.languages}
    for topic in topics:
        for lang in run.built_in(topic, "leaflet"):
            ready[lang] += 1
    rows = []
    for lang in run.languages:
        name = native_name(lang)
        if lang == SOURCE_LANGUAGE:
            rows.append(LanguageStatus(lang, name, 0, 0, 0, 100.0, ready[lang], len(topics)))
            continue
        stats = catalog_stats(run.catalogs.catalog(lang))
        record = review_of(run.catalogs.catalog(lang), run.catalogs.path(lang))
        review = f"{record.status} (needs review)" if record.needs_review else record.status
        rows.append(
            LanguageStatus(
                lang,
                name,
                stats.translated,
                stats.fuzzy,
                stats.untranslated,
                stats.percent,
                ready[lang],
                len(topics),
                review,
            )
        )
    return rows
