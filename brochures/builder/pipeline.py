"""Turn build options into written brochures: HTML and checks here, PDFs from the workers."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from brochures import defaults
from brochures.atomic import write_atomically
from brochures.builder.availability import KnownGaps, report_gaps, sort_out
from brochures.builder.head_start import head_start, renderer_setup
from brochures.builder.manifest import Inputs, Manifest
from brochures.builder.plan import BuildOptions, Job, load_inputs, plan
from brochures.builder.pools import WarmPool
from brochures.builder.workers import (
    RenderStats,
    RenderTask,
    default_jobs,
    render_all,
)
from brochures.checks.freshness import stale_dates
from brochures.checks.report import (
    BrochureCheck,
    check_passages,
    claims_in_sources,
)
from brochures.content.words import Word
from brochures.errors import BrochureError, CheckError
from brochures.html.render import box_words, missing_strings, printed_msgids, render_html
from brochures.html.standalone import self_contained
from brochures.html.text_model import Passage, TextModel, text_model
from brochures.i18n.catalogs import Catalogs
from brochures.i18n.languages import SOURCE_LANGUAGE, available_languages, resolve_language
from brochures.i18n.review import rank
from brochures.i18n.translations import Translations, load_translations
from brochures.logs import RecordCounter, counting
from brochures.site.links import SiteLinks
from brochures.site.pages import Site, site_page_strings, write_site_pages

LOGGER = logging.getLogger(__name__)


class BuildFailed(BrochureError):
    """Some documents failed; the others were written."""

    def __init__(self, failures: list[tuple[Job, BaseException]]) -> None:
        self.failures = failures
        lines = [f"{len(failures)} brochure(s) failed:"]
        for job, error in failures:
            text = (
                str(error)
                if isinstance(error, BrochureError)
                else f"{type(error).__name__}: {error}"
            )
            lines.append(f"- {job.name}: {text}")
        super().__init__("\n".join(lines))

    @property
    def only_input_errors(self) -> bool:
        return all(isinstance(error, BrochureError) for _, error in self.failures)


class Brochures:
    """The inputs of one run, and HTML for its jobs with translations loaded once per language
    (every catalog is read once, by `catalogs`, and shared by all who need it)."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.library, self.clinic, self.outputs = load_inputs(options)
        self.jobs = plan(options, self.library)
        self.languages = tuple(available_languages(options.locales_dir))
        self.catalogs = Catalogs(options.locales_dir)
        self._translations: dict[str, Translations] = {}
        self._checks: dict[tuple, BrochureCheck] = {}
        self._boxed: dict[tuple[str, str], tuple[Word, ...]] = {}
        self._built_in: dict[tuple[str, str], tuple[str, ...]] = {}
        self._missing: dict[Job, dict[str, str]] = {}
        self.site = Site(self.outputs, self.languages) if self.outputs.pages else None
        self._language_page_ready: dict[str, bool] = {}
        self._site_pages: dict[str, list[str]] | None = None

    def translations(self, lang: str) -> Translations:
        """The language's translations, loaded once; raises TranslationError if its
        catalog cannot be used (it cannot be read, or a translation is unsafe)."""
        if lang not in self._translations:
            self._translations[lang] = load_translations(self.catalogs, lang)
        return self._translations[lang]

    def boxed(self, topic: str, layout: str) -> tuple[Word, ...]:
        """The words to know of a topic's brochure in a layout: the same in every language."""
        if (topic, layout) not in self._boxed:
            self._boxed[topic, layout] = box_words(
                self.library.topics[topic],
                self.library.regulatory,
                self.clinic,
                self.library.words,
                templates_dir=self.options.templates_dir,
                layout=layout,
                print_ready=self.options.print_ready,
            )
        return self._boxed[topic, layout]

    def printed_msgids(self, topic: str, layout: str) -> list[str]:
        """The msgids a topic's brochure prints in a layout, in reading order."""
        return printed_msgids(
            self.library.topics[topic],
            self.library.regulatory,
            self.clinic,
            self.boxed(topic, layout),
            templates_dir=self.options.templates_dir,
            layout=layout,
        )

    def missing(self, job: Job) -> dict[str, str]:
        """The strings the document needs that its language has not translated (msgid ->
        why); raises TranslationError if the catalog cannot be used at all."""
        if job.lang == SOURCE_LANGUAGE:
            return {}
        if job not in self._missing:  # asked for by the plan and by every "also available"
            self._missing[job] = self._missing_strings(job)
        return self._missing[job]

    def remember_missing(self, known: dict[Job, dict[str, str]]) -> None:
        """Take what an earlier build with the same inputs found (availability.KnownGaps)."""
        self._missing.update(known)

    def found_missing(self) -> dict[Job, dict[str, str]]:
        return dict(self._missing)

    def _missing_strings(self, job: Job) -> dict[str, str]:
        return missing_strings(
            self.library.topics[job.topic],
            self.library.regulatory,
            self.clinic,
            self.translations(job.lang),
            templates_dir=self.options.templates_dir,
            layout=job.layout,
            languages=self.languages,
            print_ready=self.options.print_ready,
            boxed=self.boxed(job.topic, job.layout),
        )

    def built_in(self, topic: str, layout: str) -> tuple[str, ...]:
        """The languages that can print this topic in this layout, complete: what its
        "also available in" line may promise. The same whichever languages a run builds,
        so a brochure does not change with the run that made it."""
        if (topic, layout) not in self._built_in:
            found = []
            for lang in self.languages:
                try:
                    if not self.missing(Job(topic, lang, layout)):
                        found.append(lang)
                except BrochureError:
                    pass  # a broken catalog prints nothing; its own build says why
            self._built_in[topic, layout] = tuple(found)
        return self._built_in[topic, layout]

    def html(self, job: Job, translations: Translations | None = None) -> str:
        """The document's HTML, in its language's translations or in `translations`."""
        return render_html(
            self.library.topics[job.topic],
            self.library.regulatory,
            self.clinic,
            translations or self.translations(job.lang),
            templates_dir=self.options.templates_dir,
            layout=job.layout,
            draft=self.options.draft,
            print_ready=self.options.print_ready,
            languages=self.built_in(job.topic, job.layout),
            words=self.library.words,
            boxed=self.boxed(job.topic, job.layout),
            # Outside a site build (--check) a web page is checked with placeholder links.
            site=self.site_links(job) if job.layout == defaults.WEB_LAYOUT and self.site else None,
        )

    def available(self, job: Job) -> bool:
        """Whether the document can be made: complete in its language, or a draft."""
        try:
            return self.options.draft or not self.missing(job)
        except BrochureError:
            return False  # a broken catalog: its own build says why

    def site_links(self, job: Job) -> SiteLinks:
        """What a brochure's web page links to: its PDFs, its other languages' pages."""
        assert self.site is not None
        downloads = [
            (layout, self.outputs.file_name(Job(job.topic, job.lang, layout)))
            for layout in defaults.LAYOUTS
            if self.available(Job(job.topic, job.lang, layout))
        ]
        return self.site.brochure_links(
            job.lang,
            job.topic,
            in_languages=self.built_in(job.topic, defaults.WEB_LAYOUT),
            downloads=downloads,
            language_page=self.language_page_ready(job.lang),
        )

    def language_page_ready(self, lang: str) -> bool:
        """Whether the site can list a language's brochures in that language."""
        if self.options.draft or lang == SOURCE_LANGUAGE:
            return True
        if lang not in self._language_page_ready:  # asked by every page in the language
            try:
                self._language_page_ready[lang] = not site_page_strings(self, lang)
            except BrochureError:
                self._language_page_ready[lang] = False
        return self._language_page_ready[lang]

    def site_pages(self) -> dict[str, list[str]]:
        """Language -> the topics whose web page it can have (whichever this run builds);
        worked out once: every language's list asks."""
        if self._site_pages is None:
            topics, web = sorted(self.library.topics), defaults.WEB_LAYOUT
            self._site_pages = {
                lang: [topic for topic in topics if self.available(Job(topic, lang, web))]
                for lang in self.languages
            }
        return self._site_pages

    def checked_text(self, job: Job, model: TextModel) -> tuple[Job, TextModel]:
        """What a document's plain-language checks read: its own text, except for the
        bilingual edition, which half English: its language's leaflet, the same text."""
        if job.layout != defaults.BILINGUAL_LAYOUT:
            return job, model
        leaflet = Job(job.topic, job.lang)
        return leaflet, text_model(self.html(leaflet), job.lang)

    def check(
        self, job: Job, model: TextModel, scored: tuple[Passage, ...] | None = None
    ) -> BrochureCheck:
        """The plain-language checks of one document, from its text model (reading level
        scored on `scored` passages, when not all). The leaflet and its large-print
        version carry the same text: it is scored once."""
        key = (
            job.lang,
            job.topic,
            model.passages,
            model.summary_first,
            model.explained_terms,
            scored,
        )
        if key not in self._checks:
            self._checks[key] = check_passages(
                job.lang,
                self.library.topics[job.topic],
                model.passages,
                model.summary_first,
                self.library.words,
                model.explained_terms,
                scored,
            )
        return self._checks[key]

    def check_claims(self, langs: list[str] | None = None) -> None:
        """Forbidden claims in the source and the catalogs of this run (or of `langs`, the
        languages it builds) always fail."""
        options = self.options
        found = claims_in_sources(
            options.content_dir,
            options.templates_dir,
            self.catalogs,
            langs if langs is not None else sorted({job.lang for job in self.jobs}),
            options.clinic_file,
        )
        if found:
            raise CheckError(
                f"{len(found)} forbidden health claim(s):\n"
                + "\n".join(f"  {finding}" for finding in found),
                hint="rewrite them as what research is studying, without promises",
            )

    def check_reviews(self) -> None:
        """--require-review: every language the run builds has at least the review asked
        for, and no translation changed since it."""
        wanted: dict[str, str] = {}
        for tag, status in self.options.require_review:
            wanted[tag if tag == "*" else resolve_language(tag, list(self.languages))] = status
        problems = []
        for lang in sorted({job.lang for job in self.jobs} - {SOURCE_LANGUAGE}):
            need = wanted.get(lang, wanted.get("*"))
            if need is None:
                continue
            review = self.translations(lang).review
            if review is None or rank(review.status) < rank(need):
                problems.append(f"{lang}: {review.status if review else 'no review'}, needs {need}")
            elif review.needs_review:
                problems.append(
                    f"{lang}: {review.status} by {review.reviewer} on {review.on}, but "
                    "changed since: it needs review again"
                )
        if problems:
            raise CheckError(
                "the review asked for (--require-review) is missing:\n"
                + "\n".join(f"  {problem}" for problem in problems),
                hint="have the translation reviewed, then record it with python build.py "
                '--sign-off LANG --reviewer "Name, credential"',
            )

    def check_dates(self) -> None:
        """Stale review dates warn, and fail a release build. Dates go stale with time,
        not with the inputs, so this runs even when every output is current."""
        topics = [self.library.topics[t] for t in sorted({job.topic for job in self.jobs})]
        stale = stale_dates(topics, self.library.regulatory, self.options.today or dt.date.today())
        if stale and self.options.release:
            raise CheckError(
                "a release needs current review dates:\n"
                + "\n".join(f"  {problem}" for problem in stale)
            )
        for problem in stale:
            LOGGER.warning("%s", problem)


@dataclass
class BuildResult:
    written: list[Path]
    skipped: list[Path]  # current according to the manifest
    stats: list[RenderStats] = field(default_factory=list)


def refuse_warnings_in_a_release(options: BuildOptions, counted: RecordCounter) -> None:
    """A release has no warnings: --release makes every warning of the run an error."""
    if options.release and counted.warnings:
        raise CheckError(
            f"{counted.warnings} warning(s) in a release build, and --release "
            "makes warnings errors",
            hint="fix what the warnings name",
        )


def build(
    options: BuildOptions,
    report: Callable[[str], None] = print,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Build every requested brochure; report each written path. Raises BuildFailed.

    Outputs whose inputs have not changed since the last build (the manifest in the output
    folder) are skipped without importing the renderer. HTML and the checks are made here;
    PDFs are rendered by worker processes (or here, for one document), each under a time
    and memory limit. Warnings are logged; a release build fails on any (CheckError).
    Returns the paths written.
    """
    return build_with_result(options, report, progress).written


def build_with_result(
    options: BuildOptions,
    report: Callable[[str], None] = print,
    progress: Callable[[int, int], None] | None = None,
    *,
    warm: WarmPool | None = None,
) -> BuildResult:
    """`build`, and what it skipped and how the renders went; the warnings of the run are
    counted while it lasts. PDFs come from the `warm` workers when given (--watch)."""
    with counting() as counted:
        result = _build(options, report, progress, counted, warm)
    refuse_warnings_in_a_release(options, counted)
    return result


def _build(
    options: BuildOptions,
    report: Callable[[str], None],
    progress: Callable[[int, int], None] | None,
    counted: RecordCounter,
    warm: WarmPool | None = None,
) -> BuildResult:
    run = Brochures(options)
    manifest = Manifest(options.out_dir)
    early = None if warm else head_start(run, manifest)
    try:
        return _build_with(run, manifest, report, progress, counted, early or warm, bool(early))
    except BaseException:
        if early:
            early.kill()
        raise
    finally:
        if early:
            early.close()


def _build_with(
    run: Brochures,
    manifest: Manifest,
    report: Callable[[str], None],
    progress: Callable[[int, int], None] | None,
    counted: RecordCounter,
    warm: WarmPool | None,
    head_started: bool = False,
) -> BuildResult:
    """`head_started`: `warm` is this run's head start (its setup was made for this run)."""
    options = run.options
    inputs = Inputs.gather(options, list(run.languages), run.clinic)
    known = KnownGaps(options.out_dir, inputs.digest(options))
    run.remember_missing(known.entries)
    jobs, gaps = sort_out(run, run.jobs)
    if gaps and (options.release or not jobs):
        report_gaps(run, gaps, jobs)  # raises: nothing to build, or a release with gaps
    keys = {job: inputs.key(job, options, run.built_in(job.topic, job.layout)) for job in jobs}
    path = run.outputs.path
    skipped = [
        path(job) for job in jobs if not options.force and manifest.is_current(path(job), keys[job])
    ]
    todo = [job for job in jobs if path(job) not in skipped]
    if skipped:  # said now, before a progress bar takes the terminal's last line
        LOGGER.info("%d brochure(s) already up to date (--force rebuilds them)", len(skipped))
    run.check_dates()
    run.check_reviews()
    if todo:
        run.check_claims(sorted({job.lang for job in jobs}))
    written: list[Path] = []
    failures: list[tuple[Job, BaseException]] = []
    tasks: dict[str, Job] = {}
    done = [len(skipped)]

    def finish(job: Job, data: bytes) -> None:
        target = path(job)
        write_atomically(target, data)
        if not (options.release and counted.warnings):
            # A release that warned fails at the end; its outputs must not pass as current
            # the next time, or the warnings would not be seen again.
            manifest.record(target, keys[job])
            manifest.checkpoint()
        written.append(target)
        report(str(target))

    def step() -> None:
        done[0] += 1
        if progress:
            progress(done[0], len(jobs))

    def prepare() -> Iterator[RenderTask]:
        """HTML and checks for each document, made as the workers ask for more work, so
        that rendering starts at once and this process's share overlaps with theirs."""
        for job in todo:
            try:
                html = run.html(job)
                model = text_model(html, job.lang)  # parsed once, here, for all that follows
                checked = run.check(*run.checked_text(job, model))
                if not checked.passed:
                    if not options.draft:
                        raise CheckError(
                            "fails the plain-language checks:\n" + checked.explain(),
                            hint="rewrite the passages named (python build.py "
                            "--check shows every score)",
                        )
                    LOGGER.warning("%s fails the plain-language checks (draft)", job.name)
                if options.format == "html" or job.layout == defaults.WEB_LAYOUT:
                    if job.layout != defaults.WEB_LAYOUT:
                        # Pictures embedded: the file opens anywhere (the PDF reads them by
                        # path). A web page links the site's own copies instead.
                        html = self_contained(html, (defaults.ASSETS_DIR, run.clinic.folder))
                    finish(job, html.encode("utf-8"))
                    step()
                    continue
                task = RenderTask(
                    key=job.name,
                    html=html,
                    model=model,
                    lang=job.lang,
                    max_pages=defaults.MAX_PAGES[job.layout],
                    text_sizes=defaults.TEXT_SIZES[job.layout],
                    type_floor=defaults.TYPE_FLOOR_PT[job.layout],
                    date=run.library.topics[job.topic].reviewed,
                )
            except Exception as error:  # one document's failure must not stop the others
                failures.append((job, error))
                step()
                continue
            tasks[job.name] = job
            yield task

    setup = None
    if any(job.layout != defaults.WEB_LAYOUT for job in todo) and options.format != "html":
        # A head start's setup is this run's: not worked out again (the CJK catalogs' text).
        # Watch's warm workers may hold an older one: a new setup tells them to restart.
        setup = (warm.setup if head_started and warm else None) or renderer_setup(run)
    stats: list[RenderStats] = []
    try:
        outcomes = render_all(
            prepare(),
            setup,
            jobs=options.jobs or default_jobs(),
            limits=options.limits,
            stats=stats,
            warm=warm,
        )
        for task, outcome in outcomes:
            job = tasks[task.key]
            try:
                if isinstance(outcome, BaseException):
                    raise outcome
                finish(job, outcome)
            except Exception as error:
                failures.append((job, error))
            step()
        if run.site is not None:  # the pages that were made link to these
            write_site_pages(run, setup or renderer_setup(run))
    finally:
        if written:
            manifest.save()
        if options.out_dir.is_dir():  # a build that wrote nothing leaves no new folder
            known.save(run.found_missing())
    report_gaps(run, gaps, jobs)
    if failures:
        raise BuildFailed(failures)
    return BuildResult(written, skipped, stats)
