"""Turn the catalogs under locales/ into how much of each language is translated (for --list)."""

from __future__ import annotations

from dataclasses import dataclass

from brochures.builder.plan import BuildOptions
from brochures.i18n.catalogs import Catalogs, catalog_stats
from brochures.i18n.languages import (
    SOURCE_LANGUAGE,
    available_languages,
    native_name,
)


@dataclass(frozen=True)
class LanguageStatus:
    lang: str
    name: str
    translated: int
    fuzzy: int
    untranslated: int
    percent: float


def language_status(options: BuildOptions) -> list[LanguageStatus]:
    """Per language: how much of its catalog is translated (English is the source)."""
    catalogs = Catalogs(options.locales_dir)
    rows = []
    for lang in available_languages(options.locales_dir):
        name = native_name(lang)
        if lang == SOURCE_LANGUAGE:
            rows.append(LanguageStatus(lang, name, 0, 0, 0, 100.0))
            continue
        stats = catalog_stats(catalogs.catalog(lang))
        rows.append(
            LanguageStatus(
                lang, name, stats.translated, stats.fuzzy, stats.untranslated, stats.percent
            )
        )
    return rows
