"""Turn build options into the brochures they ask for: plan the matrix, render, write files."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from . import defaults
from .clinic import Clinic, load_clinic
from .content import Library, load_library
from .errors import BrochureError, UsageError
from .i18n import (SOURCE_LANGUAGE, Translations, available_languages, babel_locale,
                   catalog_path, catalog_stats, load_translations, read_catalog,
                   resolve_language)
from .output import write_atomically
from .render import render_html


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build depends on; the command line fills it in, tests build it directly."""

    langs: tuple[str, ...] | None = None      # None: every language
    topics: tuple[str, ...] | None = None     # None: every topic
    out_dir: Path = defaults.DEFAULT_OUT_DIR
    format: str = "pdf"
    paper: str | None = None                  # None: from the clinic's country
    clinic_file: Path = defaults.DEFAULT_CLINIC
    layout: str = "leaflet"
    draft: bool = False
    content_dir: Path = defaults.CONTENT_DIR
    locales_dir: Path = defaults.LOCALES_DIR
    templates_dir: Path = defaults.TEMPLATES_DIR


@dataclass(frozen=True)
class Job:
    topic: str
    lang: str

    def output_path(self, options: BuildOptions) -> Path:
        suffix = "" if options.layout == "leaflet" else f"-{options.layout}"
        return options.out_dir / self.lang / f"{self.topic}{suffix}.{options.format}"


class BuildFailed(BrochureError):
    """Some documents failed; the others were written."""

    def __init__(self, failures: list[tuple[Job, BaseException]]) -> None:
        self.failures = failures
        lines = [f"{len(failures)} brochure(s) failed:"]
        for job, error in failures:
            text = str(error) if isinstance(error, BrochureError) else f"{type(error).__name__}: {error}"
            lines.append(f"- {job.lang}/{job.topic}: {text}")
        super().__init__("\n".join(lines))

    @property
    def only_input_errors(self) -> bool:
        return all(isinstance(error, BrochureError) for _, error in self.failures)


def _choose(requested: tuple[str, ...] | None, known: list[str], what: str,
            resolve: Callable[[str], str] | None = None) -> list[str]:
    if requested is None or "all" in requested:
        return known
    chosen = []
    for name in requested:
        if resolve is not None:
            name = resolve(name)
        elif name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise UsageError(f"unknown {what} {name!r}", hint=f"{hint}available: {', '.join(known)}")
        if name not in chosen:
            chosen.append(name)
    return chosen


def plan(options: BuildOptions, library: Library) -> list[Job]:
    """The (topic, language) pairs to build, in a stable order."""
    if options.format not in defaults.FORMATS:
        raise UsageError(f"unknown format {options.format!r}",
                         hint=f"choose one of: {', '.join(defaults.FORMATS)}")
    if options.layout not in defaults.LAYOUTS:
        raise UsageError(f"unknown layout {options.layout!r}",
                         hint=f"choose one of: {', '.join(defaults.LAYOUTS)}")
    languages = available_languages(options.locales_dir)
    langs = _choose(options.langs, languages, "language",
                    resolve=lambda tag: resolve_language(tag, languages))
    topics = _choose(options.topics, sorted(library.topics), "topic")
    return [Job(topic, lang) for lang in langs for topic in topics]


def load_inputs(options: BuildOptions) -> tuple[Library, Clinic]:
    library = load_library(options.content_dir)
    clinic = load_clinic(options.clinic_file)
    if options.paper is not None:
        if options.paper not in defaults.PAPERS:
            raise UsageError(f"unknown paper size {options.paper!r}",
                             hint=f"choose one of: {', '.join(defaults.PAPERS)}")
        clinic = _with_paper(clinic, options.paper)
    return library, clinic


def _with_paper(clinic: Clinic, paper: str) -> Clinic:
    return replace(clinic, paper=defaults.PAPERS[paper])


def build(options: BuildOptions, report: Callable[[str], None] = print) -> list[Path]:
    """Build every requested brochure; report each written path. Raises BuildFailed."""
    library, clinic = load_inputs(options)
    jobs = plan(options, library)
    renderer = None
    translations: dict[str, Translations] = {}
    written: list[Path] = []
    failures: list[tuple[Job, BaseException]] = []
    for job in jobs:
        try:
            if job.lang not in translations:
                translations[job.lang] = load_translations(options.locales_dir, job.lang)
            topic = library.topics[job.topic]
            html = render_html(topic, library.regulatory, clinic, translations[job.lang],
                               templates_dir=options.templates_dir, layout=options.layout,
                               draft=options.draft)
            target = job.output_path(options)
            if options.format == "html":
                data = html.encode("utf-8")
            else:
                if renderer is None:
                    from .pdf import PdfRenderer  # imports WeasyPrint: only when needed
                    renderer = PdfRenderer(options.templates_dir,
                                           {defaults.ASSETS_DIR, clinic.folder})
                data = renderer.render(html, max_pages=defaults.MAX_PAGES.get(options.layout),
                                          text_sizes=defaults.TEXT_SIZES[options.layout],
                                          date=topic.reviewed).data
            write_atomically(target, data)
        except Exception as error:  # one document's crash must not stop the others
            failures.append((job, error))
            continue
        written.append(target)
        report(str(target))
    if failures:
        raise BuildFailed(failures)
    return written


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
    rows = []
    for lang in available_languages(options.locales_dir):
        name = babel_locale(lang).get_display_name(lang) or lang
        if lang == SOURCE_LANGUAGE:
            rows.append(LanguageStatus(lang, name, 0, 0, 0, 100.0))
            continue
        stats = catalog_stats(read_catalog(catalog_path(options.locales_dir, lang), lang))
        rows.append(LanguageStatus(lang, name, stats.translated, stats.fuzzy,
                                   stats.untranslated, stats.percent))
    return rows
