"""Turn build options into the documents they ask for: (language, topic, layout) jobs, paths."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from brochures import defaults
from brochures.builder.limits import Limits
from brochures.content.clinic import Clinic, load_clinic
from brochures.content.library import Library, load_library
from brochures.errors import UsageError
from brochures.i18n.languages import (
    SOURCE_LANGUAGE,
    available_languages,
    resolve_language,
)
from brochures.site.paths import PageFolders


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build depends on; the command line fills it in, tests build it directly."""

    langs: tuple[str, ...] | None = None  # None: every language
    topics: tuple[str, ...] | None = None  # None: every topic
    out_dir: Path = defaults.DEFAULT_OUT_DIR
    format: str = "pdf"
    paper: str | None = None  # None: from the clinic's country
    clinic_file: Path = defaults.DEFAULT_CLINIC
    layouts: tuple[str, ...] = ("leaflet",)  # or "all"
    shard: tuple[int, int] | None = None  # (K, N): build the K-th of N slices
    force: bool = False  # rebuild even what the manifest says is current
    print_ready: bool = False  # bleed and crop marks for a print shop
    jobs: int | None = None  # worker processes; None: one per CPU
    limits: Limits = Limits()  # per-document time and memory
    draft: bool = False
    release: bool = False  # stale review dates fail instead of warning
    bilingual: bool = False  # English beside each other language (the "bilingual" layout)
    # (language or "*", the least review status it needs): --require-review
    require_review: tuple[tuple[str, str], ...] = ()
    today: dt.date | None = None  # None: the real date (tests pin it)
    content_dir: Path = defaults.CONTENT_DIR
    locales_dir: Path = defaults.LOCALES_DIR
    templates_dir: Path = defaults.TEMPLATES_DIR


@dataclass(frozen=True)
class Job:
    topic: str
    lang: str
    layout: str = "leaflet"

    @property
    def name(self) -> str:
        suffix = "" if self.layout == "leaflet" else f"-{self.layout}"
        return f"{self.lang}/{self.topic}{suffix}"


@dataclass(frozen=True)
class Outputs:
    """Where a run's documents go. Every variant has a path of its own, so that a draft,
    another paper size or another clinic's brochure is never printed by mistake for the
    usual one: dist/es/neurological.pdf is the example clinic's leaflet on its own paper;
    dist/northside/es/neurological-trifold-a4-print-draft.pdf is all the variants at once.
    A site (`pages`) keeps each brochure's page and PDFs in the folder its QR code opens:
    dist/site/brochures/es/neurological/index.html and neurological-trifold.pdf beside it."""

    root: Path  # the output folder, or the clinic's folder inside it
    suffix: str  # "-a4", "-print", "-draft", in that order, or ""
    format: str = "pdf"
    pages: PageFolders | None = None  # a site's page folders
    revisions: dict[str, str] = field(default_factory=dict, compare=False)  # topic -> date

    def path(self, job: Job) -> Path:
        if self.pages is None:
            return self.folder(job) / self.file_name(job)
        return self.folder(job) / (
            "index.html" if job.layout == defaults.WEB_LAYOUT else self.file_name(job)
        )

    def folder(self, job: Job) -> Path:
        if self.pages is None:
            return self.root / job.lang
        return self.root / self.page_folder(job.lang, job.topic)

    def page_folder(self, lang: str, topic: str) -> PurePosixPath:
        """A site's folder of a brochure's page, relative to the site's root."""
        assert self.pages is not None, "a site's outputs"
        return self.pages.folder(lang, topic, self.revisions[topic])

    def file_name(self, job: Job) -> str:
        """A printed layout's file name, the same on a site as beside the others."""
        layout = "" if job.layout == "leaflet" else f"-{job.layout}"
        extension = "pdf" if self.format == "site" else self.format
        return f"{job.topic}{layout}{self.suffix}.{extension}"


def clinic_slug(options: BuildOptions) -> str | None:
    """The folder a clinic's brochures go in: None for the project's own profile
    (content/clinic.yaml), else the profile's file name ("northside.yaml" -> northside),
    or its folder's name for a profile called clinic.yaml."""
    file = options.clinic_file
    if file.resolve() == (options.content_dir / "clinic.yaml").resolve():
        return None
    stem = file.stem if file.stem.casefold() != "clinic" else file.resolve().parent.name
    ascii_only = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-") or "clinic"


def outputs(options: BuildOptions, clinic: Clinic, library: Library | None = None) -> Outputs:
    """The output paths of a run, for a clinic profile as loaded (before --paper); a site's
    need the `library` too (a qr_url may put a topic's review date in its path)."""
    slug = clinic_slug(options)
    suffix = ""
    if options.paper is not None and defaults.PAPERS[options.paper] != clinic.paper:
        suffix += f"-{options.paper}"
    if options.print_ready:
        suffix += "-print"
    if options.draft:
        suffix += "-draft"
    root = options.out_dir / slug if slug else options.out_dir
    if options.format != "site":
        return Outputs(root, suffix, options.format)
    topics = library.topics if library else {}
    revisions = {slug: topic.reviewed.isoformat() for slug, topic in topics.items()}
    return Outputs(root, suffix, options.format, PageFolders.of(clinic), revisions)


def _choose(
    requested: tuple[str, ...] | None,
    known: list[str],
    what: str,
    resolve: Callable[[str], str] | None = None,
) -> list[str]:
    if requested is None or "all" in requested:
        return known
    chosen = []
    for name in requested:
        if resolve is not None:
            name = resolve(name)
        elif name not in known:
            # "neuro" -> neurological: a prefix first, then a near spelling.
            close = [k for k in known if k.startswith(name.casefold())] if name else []
            close = close or difflib.get_close_matches(name.casefold(), known, n=1)
            hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
            raise UsageError(
                f"unknown {what} {name!r}", hint=f"{hint}available: {', '.join(known)}"
            )
        if name not in chosen:
            chosen.append(name)
    return chosen


def plan(options: BuildOptions, library: Library) -> list[Job]:
    """The (language, topic, layout) documents to build, in a stable order; with a shard,
    every N-th of them, so that N shards build each document exactly once."""
    if options.format not in defaults.FORMATS:
        raise UsageError(
            f"unknown format {options.format!r}",
            hint=f"choose one of: {', '.join(defaults.FORMATS)}",
        )
    languages = available_languages(options.locales_dir)
    langs = _choose(
        options.langs, languages, "language", resolve=lambda tag: resolve_language(tag, languages)
    )
    topics = _choose(options.topics, sorted(library.topics), "topic")
    if options.format == "site":  # a page and every printed layout of each brochure
        layouts = [*defaults.LAYOUTS, defaults.WEB_LAYOUT]
    elif options.bilingual:
        layouts = [defaults.BILINGUAL_LAYOUT]
    else:
        layouts = _choose(options.layouts, list(defaults.LAYOUTS), "layout")
    if options.format == "site" and options.print_ready:
        raise UsageError(
            "--print-ready makes files for a print shop, not for a website",
            hint="build the site without --print-ready",
        )
    if options.bilingual:  # English is beside every other language, never on its own
        langs = [lang for lang in langs if lang != SOURCE_LANGUAGE]
        if not langs:
            raise UsageError(
                "a bilingual edition puts English beside another language",
                hint="name another language, e.g. --bilingual --lang es",
            )
    jobs = [Job(topic, lang, layout) for lang in langs for topic in topics for layout in layouts]
    if options.shard is not None:
        index, count = options.shard
        if not 1 <= index <= count:
            raise UsageError(
                f"shard {index}/{count} does not exist",
                hint="write --shard K/N with 1 <= K <= N, e.g. --shard 2/4",
            )
        jobs = jobs[index - 1 :: count]
    return jobs


def load_inputs(options: BuildOptions) -> tuple[Library, Clinic, Outputs]:
    """The content, the clinic profile (on the paper asked for) and where the run writes."""
    library = load_library(options.content_dir)
    clinic = load_clinic(options.clinic_file, library.emergency_numbers)
    if options.paper is not None and options.paper not in defaults.PAPERS:
        raise UsageError(
            f"unknown paper size {options.paper!r}",
            hint=f"choose one of: {', '.join(defaults.PAPERS)}",
        )
    where = outputs(options, clinic, library)
    if options.paper is not None:
        clinic = _with_paper(clinic, options.paper)
    return library, clinic, where


def _with_paper(clinic: Clinic, paper: str) -> Clinic:
    return replace(clinic, paper=defaults.PAPERS[paper])
