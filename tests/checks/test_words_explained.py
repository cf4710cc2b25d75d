"""The words-to-know check: every listed term a rendered English brochure uses is explained."""

from __future__ import annotations

import shutil
from dataclasses import replace

from brochures.builder.pipeline import Brochures
from brochures.builder.plan import BuildOptions, Job
from brochures.checks.report import check_brochure
from brochures.content.library import load_library
from brochures.html.render import render_html
from brochures.html.text_model import text_model
from conftest import CLINIC, LOCALES, MINIMAL_TOPIC, TEMPLATES, write

LUPUS = """
    words:
      - term: Lupus
        explanation: An illness where the body attacks itself.
        forms: '\\blupus\\b'
"""


def _library(content_tree):
    write(content_tree / "words.yaml", LUPUS)
    write(
        content_tree / "topics" / "test-topic.yaml",
        MINIMAL_TOPIC.replace("[A condition]", "[Lupus]"),
    )
    return load_library(content_tree)


def _check(library, clinic, translations, *, boxed: bool, lang="en"):
    topic = library.topics["test-topic"]
    html = render_html(
        topic,
        library.regulatory,
        clinic,
        translations,
        templates_dir=TEMPLATES,
        draft=True,
        words=library.words if boxed else (),
    )
    return check_brochure(lang, topic, text_model(html, lang), library.words)


def _words_problems(result):
    return [str(p) for p in result.structure if p.check == "words to know"]


def test_a_used_term_the_box_lacks_is_named_with_its_topic(content_tree, clinic, english):
    result = _check(_library(content_tree), clinic, english, boxed=False)
    (problem,) = _words_problems(result)
    assert "the test-topic brochure uses 'Lupus' but does not explain it" in problem
    assert not result.passed


def test_a_brochure_with_its_box_has_no_such_problem(content_tree, clinic, english):
    assert _words_problems(_check(_library(content_tree), clinic, english, boxed=True)) == []


def test_only_the_english_is_checked(content_tree, clinic):
    from brochures.i18n.translations import Translations

    result = _check(_library(content_tree), clinic, Translations("es"), boxed=False, lang="es")
    assert _words_problems(result) == []


def test_builds_and_check_run_it_on_every_brochure(content_tree, tmp_path):
    """The pipeline's check passes the words and the box's terms: a template that drops
    the box fails it."""
    _library(content_tree)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "parts" / "words.html").write_text("", encoding="utf-8")
    options = BuildOptions(
        langs=("en",),
        content_dir=content_tree,
        locales_dir=LOCALES,
        templates_dir=templates,
        clinic_file=CLINIC,
        format="html",
    )
    run = Brochures(options)
    job = Job("test-topic", "en")
    problems = _words_problems(run.check(job, text_model(run.html(job), "en")))
    assert problems and "'Lupus'" in problems[0]
    normal = Brochures(replace(options, templates_dir=TEMPLATES))
    assert _words_problems(normal.check(job, text_model(normal.html(job), "en"))) == []
