"""Turn build options into the --check report: catalogs, claims, reading level, review dates."""

from __future__ import annotations

import logging
from collections.abc import Callable

from brochures import defaults
from brochures.builder.availability import report_gaps, sort_out
from brochures.builder.pipeline import Brochures, refuse_warnings_in_a_release
from brochures.builder.plan import BuildOptions, Job
from brochures.checks.report import (
    BrochureCheck,
    format_table,
)
from brochures.errors import CheckError
from brochures.html.text_model import Passage, text_model
from brochures.i18n.catalog_checks import catalog_problems, template_problems
from brochures.i18n.languages import (
    SOURCE_LANGUAGE,
)
from brochures.i18n.translations import Translations
from brochures.logs import counting

LOGGER = logging.getLogger(__name__)


def check(options: BuildOptions, report: Callable[[str], None] = print) -> list[BrochureCheck]:
    """Run the catalog gates and every plain-language, claims and review-date check;
    report a table of scores. Warnings are logged; with release, any fails the check."""
    with counting() as counted:
        results = _check(options, report)
    refuse_warnings_in_a_release(options, counted)
    return results


def _named(langs: tuple[str, ...] | None) -> bool:
    """Whether the languages were named (--lang fr), not all of them."""
    return langs is not None and "all" not in langs


def _check(options: BuildOptions, report: Callable[[str], None]) -> list[BrochureCheck]:
    run = Brochures(options)
    problems = template_problems(run.catalogs, options.content_dir, options.templates_dir)
    translated = sorted({job.lang for job in run.jobs} - {SOURCE_LANGUAGE})
    if problems and not translated:
        # English is checked from the content itself: a template that lags behind it
        # matters to translators, so an English-only check (a new topic) notes it.
        LOGGER.warning(
            "locales/messages.pot lacks %d change(s) of the English: translators will not "
            "see them until you run python build.py --update-catalogs",
            len(problems),
        )
        problems = []
    # A translator who names a language gets its completeness gates; a check of every
    # language lets a catalog in progress pass (its gaps end the report), and a draft
    # check scores what is translated. A release wants every language complete.
    complete = options.release or (_named(options.langs) and not options.draft)
    for lang in translated:
        problems += catalog_problems(run.catalogs, lang, complete=complete)
    if problems:
        raise CheckError(
            f"{len(problems)} catalog problem(s):\n"
            + "\n".join(f"  {problem}" for problem in problems[:60])
            + ("\n  ..." if len(problems) > 60 else "")
        )
    run.check_dates()
    run.check_reviews()
    run.check_claims()
    # The web edition's page of each brochure too: the page its QR code opens carries the
    # same text and a little more (the notices' summaries, the revision notice).
    web = defaults.WEB_LAYOUT
    pages = [
        Job(topic, lang, web) for topic, lang in dict.fromkeys((j.topic, j.lang) for j in run.jobs)
    ]
    jobs, gaps = sort_out(run, [*run.jobs, *(page for page in pages if page not in run.jobs)])
    results, notes, editions = [], [], []
    for job in jobs:
        job, model = run.checked_text(job, text_model(run.html(job), job.lang))
        scored = None
        if options.draft and job.lang != SOURCE_LANGUAGE:
            scored = _translated(model.passages, run, job)
            prose = any(passage.role == "prose" for passage in scored)
            notes.append(
                f"{job.name}: {len(scored)} of {len(model.passages)} passages translated"
                + (" and scored" if prose else "; no prose to score yet")
            )
            if not prose:
                continue
        results.append(run.check(job, model, scored))
        editions.append("web" if job.layout == web else "print")
    report(format_table(results, editions))
    for note in notes:
        report(note)
    failed = [r for r in results if not r.passed]
    if failed:
        raise CheckError(
            f"{len(failed)} brochure(s) fail the plain-language checks:\n"
            + "\n".join(
                f"- {r.lang}/{r.topic}{' (web page)' if e == 'web' else ''}:\n{r.explain()}"
                for r, e in zip(results, editions, strict=True)
                if not r.passed
            )
        )
    report_gaps(run, gaps, jobs, done="checked")
    return results


def _translated(passages: tuple[Passage, ...], run: Brochures, job: Job) -> tuple[Passage, ...]:
    """The passages of a draft that are not the English it falls back to: those that
    differ from the same brochure with nothing translated (which still has the
    language's dates, numbers and names, so those do not pass for translations)."""
    nothing = Translations(job.lang)
    nothing.review_status = run.translations(job.lang).review_status  # the same colophon
    nothing.review = run.translations(job.lang).review
    untranslated = run.html(job, nothing)
    fallback = {passage.text for passage in text_model(untranslated, job.lang).passages}
    return tuple(p for p in passages if p.text not in fallback)
