"""Turn build options into the --check report: catalog gates, claims, reading level and review dates."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from brochures.build.pipeline import Brochures, _warn
from brochures.build.plan import BuildOptions
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


def check(options: BuildOptions, report: Callable[[str], None] = print,
          warn: Callable[[str], None] = _warn) -> list[BrochureCheck]:
    """Run the catalog gates and every plain-language, claims and review-date check;
    report a table of scores."""
    run = Brochures(replace(options, draft=False))
    problems = template_problems(options.locales_dir, options.content_dir, options.templates_dir)
    for lang in sorted({job.lang for job in run.jobs} - {SOURCE_LANGUAGE}):
        problems += catalog_problems(options.locales_dir, lang)
    if problems:
        raise CheckError(f"{len(problems)} catalog problem(s):\n"
                         + "\n".join(f"  {problem}" for problem in problems[:60])
                         + ("\n  ..." if len(problems) > 60 else ""))
    run.check_dates(warn)
    run.check_claims()
    results = [run.check(job, text_model(run.html(job), job.lang)) for job in run.jobs]
    report(format_table(results))
    failed = [r for r in results if not r.passed]
    if failed:
        raise CheckError(f"{len(failed)} brochure(s) fail the plain-language checks:\n"
                         + "\n".join(f"- {r.lang}/{r.topic}:\n{r.explain()}" for r in failed))
    return results


