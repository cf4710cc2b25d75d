"""Turn build options into the --check report: catalogs, claims, reading level, review dates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from brochures.builder.pipeline import Brochures, refuse_warnings_in_a_release
from brochures.builder.plan import BuildOptions
from brochures.checks.report import (
    BrochureCheck,
    format_table,
)
from brochures.errors import CheckError
from brochures.html.text_model import text_model
from brochures.i18n.catalog_checks import catalog_problems, template_problems
from brochures.i18n.languages import (
    SOURCE_LANGUAGE,
)
from brochures.logs import counting


def check(options: BuildOptions, report: Callable[[str], None] = print) -> list[BrochureCheck]:
    """Run the catalog gates and every plain-language, claims and review-date check;
    report a table of scores. Warnings are logged; with release, any fails the check."""
    with counting() as counted:
        results = _check(options, report)
    refuse_warnings_in_a_release(options, counted)
    return results


def _check(options: BuildOptions, report: Callable[[str], None]) -> list[BrochureCheck]:
    run = Brochures(replace(options, draft=False))
    problems = template_problems(run.catalogs, options.content_dir, options.templates_dir)
    for lang in sorted({job.lang for job in run.jobs} - {SOURCE_LANGUAGE}):
        problems += catalog_problems(run.catalogs, lang)
    if problems:
        raise CheckError(
            f"{len(problems)} catalog problem(s):\n"
            + "\n".join(f"  {problem}" for problem in problems[:60])
            + ("\n  ..." if len(problems) > 60 else "")
        )
    run.check_dates()
    run.check_claims()
    results = [run.check(job, text_model(run.html(job), job.lang)) for job in run.jobs]
    report(format_table(results))
    failed = [r for r in results if not r.passed]
    if failed:
        raise CheckError(
            f"{len(failed)} brochure(s) fail the plain-language checks:\n"
            + "\n".join(f"- {r.lang}/{r.topic}:\n{r.explain()}" for r in failed)
        )
    return results
