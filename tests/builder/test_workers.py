"""Workers: parallel output equals serial output; a crash or a runaway render fails alone."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

import pytest

from brochures import defaults
from brochures.builder.font_text import cjk_text
from brochures.builder.limits import Limits
from brochures.builder.workers import RendererSetup, RenderTask, render_all
from brochures.errors import RenderError
from brochures.html.text_model import text_model
from brochures.i18n.languages import available_languages
from conftest import ASSETS, CONTENT, LOCALES, TEMPLATES, brochure_html

LANGUAGES = tuple(available_languages(LOCALES))


def _setup(cls=RendererSetup):
    return cls(
        TEMPLATES, (ASSETS, CONTENT), LANGUAGES, tuple(cjk_text(LANGUAGES, LOCALES, "").items())
    )


def _task(library, clinic, slug, lang="en", marker="", layout="leaflet", key=None):
    topic = library.topics[slug]
    html = brochure_html(library, clinic, slug, lang, layout=layout, languages=LANGUAGES)
    html = html.replace("</body>", f"{marker}</body>")
    return RenderTask(
        key=key or f"{lang}/{slug}",
        html=html,
        model=text_model(html, lang),
        lang=lang,
        max_pages=2,
        text_sizes=defaults.TEXT_SIZES[layout],
        type_floor=defaults.TYPE_FLOOR_PT[layout],
        date=topic.reviewed,
    )


class _CrashOnMarker:
    """A renderer that kills its own worker process when the page asks it to."""

    def __init__(self, renderer):
        self.renderer = renderer
        self.fitter = renderer.fitter

    def warm_up(self):
        self.renderer.warm_up()

    def render(self, html, **options):
        if "<!--crash-->" in html:
            os._exit(3)
        return self.renderer.render(html, **options)


@dataclass(frozen=True)
class CrashingSetup(RendererSetup):
    def make(self):
        return _CrashOnMarker(super().make())


# For the tests that are not about the time limit: the default (120 s, counted by the
# parent from the moment a task is handed to the pool, worker start-up included) is a
# wall-clock bound that a loaded two-core machine can reach.
UNHURRIED = Limits(timeout_s=3600)


def _outcomes(tasks, setup, jobs, limits=UNHURRIED):
    return {
        task.key: outcome for task, outcome in render_all(tasks, setup, jobs=jobs, limits=limits)
    }


@pytest.mark.slow
def test_output_is_the_same_whatever_the_number_of_jobs(library, clinic):
    tasks = [
        _task(library, clinic, slug, lang)
        for slug, lang in (("cancer", "en"), ("cosmetic", "es"), ("diagnostics", "ar"))
    ]
    serial = _outcomes(tasks, _setup(), jobs=1)
    parallel = _outcomes(tasks, _setup(), jobs=2)
    assert all(isinstance(data, bytes) for data in serial.values())
    assert serial == parallel


@pytest.mark.slow
def test_a_crashed_worker_fails_only_its_document(library, clinic):
    tasks = [
        _task(library, clinic, "cancer"),
        _task(library, clinic, "cosmetic", marker="<!--crash-->"),
        _task(library, clinic, "diagnostics"),
    ]
    outcomes = _outcomes(tasks, _setup(CrashingSetup), jobs=2)
    assert isinstance(outcomes["en/cancer"], bytes)
    assert isinstance(outcomes["en/diagnostics"], bytes)
    error = outcomes["en/cosmetic"]
    assert isinstance(error, RenderError) and "worker process rendering it died" in str(error)


@pytest.mark.slow
def test_a_render_over_its_time_limit_is_stopped_with_a_message(library, clinic):
    tasks = [_task(library, clinic, "cancer"), _task(library, clinic, "cosmetic")]
    outcomes = _outcomes(tasks, _setup(), jobs=2, limits=Limits(timeout_s=0.05))
    for key, error in outcomes.items():
        assert isinstance(error, RenderError), key
        assert "used more than 0.05 s of processor time and was stopped" in str(error)
        assert error.field == key


@pytest.mark.slow
def test_a_render_over_its_memory_limit_is_stopped_with_a_message(library, clinic):
    # 150 MB is less than a renderer needs, so every render here hits the limit.
    tasks = [_task(library, clinic, "cancer"), _task(library, clinic, "cosmetic")]
    outcomes = _outcomes(
        tasks, _setup(), jobs=2, limits=Limits(timeout_s=UNHURRIED.timeout_s, memory_mb=150)
    )
    for key, error in outcomes.items():
        assert isinstance(error, RenderError), key
        # Python raises MemoryError ("needed more than"); Pango may abort the worker instead.
        assert re.search(
            r"needed more than 150 MB|more than the 150 MB memory limit", str(error)
        ), str(error)


def test_a_c_library_failing_without_an_exception_is_reported_as_a_likely_memory_limit():
    from brochures.builder.limits import limited

    # cffi, out of memory, can return without raising MemoryError: Python says SystemError.
    with pytest.raises(RenderError, match="may have needed more than the 150 MB") as raised:
        with limited(Limits(timeout_s=60, memory_mb=150), "en/cancer"):
            raise SystemError("error return without exception set")
    assert raised.value.field == "en/cancer"


def test_limits_are_restored_after_a_render_in_this_process(library, clinic):
    import resource
    import signal

    def state():
        return (
            resource.getrlimit(resource.RLIMIT_AS),
            signal.getsignal(signal.SIGALRM),
            signal.getsignal(signal.SIGPROF),
            signal.getitimer(signal.ITIMER_PROF),
            signal.getitimer(signal.ITIMER_REAL),
        )

    before = state()
    (outcome,) = _outcomes([_task(library, clinic, "cancer")], _setup(), jobs=1).values()
    assert isinstance(outcome, bytes)
    assert state() == before


def test_the_time_limit_counts_processor_time_not_waiting():
    """On a machine busy with other work a render waits for its share of a CPU: waiting
    is not held against it, up to the clock's limit (a loaded 2-core machine once failed
    Arabic leaflets that take 6 s alone)."""
    from brochures.builder.limits import WALL_FACTOR, limited

    limit = 0.2
    assert Limits(timeout_s=120).wall_limit_s == 120 * WALL_FACTOR
    assert Limits(timeout_s=limit).wall_limit_s == limit + 60  # a short limit: a minute more
    with limited(Limits(timeout_s=limit), "en/cancer"):
        time.sleep(limit * 2)  # waiting: no processor time used
    with pytest.raises(
        RenderError, match=r"in 0.8 s on the clock, in which it had 0.0 s"
    ) as stalled:
        with limited(Limits(timeout_s=limit, wall_s=limit * WALL_FACTOR), "en/cancer"):
            time.sleep(limit * WALL_FACTOR * 2)
    assert stalled.value.field == "en/cancer"
    with pytest.raises(RenderError, match="used more than 0.2 s of processor time"):
        with limited(Limits(timeout_s=limit), "en/cancer"):
            deadline = time.process_time() + limit * 3
            while time.process_time() < deadline:
                pass  # working


def _trifold_task(library, clinic, slug, lang, layout="trifold"):
    return _task(library, clinic, slug, lang, layout=layout, key=f"{lang}/{slug}-{layout}")


@pytest.mark.slow
def test_tasks_are_read_as_workers_free_up_and_fitting_facts_reach_other_workers(
    library, clinic, monkeypatch
):
    from brochures.builder import workers

    slugs = ("cancer", "cosmetic", "diagnostics", "neurological", "overview")
    pulled, told, measured = [], {}, {}
    real_pool = workers._new_pool

    class RecordingPool:
        """The real pool; notes what each task was told about its panels and pages."""

        def __init__(self, *args):
            self.pool = real_pool(*args)
            self._processes = self.pool._processes

        def submit(self, function, task):
            told[task.key] = len(task.panel_facts)
            measured[task.key] = sum(map(len, task.density_facts.values()))
            return self.pool.submit(function, task)

        def shutdown(self, *args, **kwargs):
            return self.pool.shutdown(*args, **kwargs)

    monkeypatch.setattr(workers, "_new_pool", RecordingPool)

    def tasks():
        for slug in slugs:
            pulled.append(slug)
            yield _trifold_task(library, clinic, slug, "es")
        for slug in slugs[:4]:
            yield _trifold_task(library, clinic, slug, "es", layout="leaflet")

    first_seen = None
    for _task_done, outcome in render_all(tasks(), _setup(), jobs=2, limits=UNHURRIED):
        assert isinstance(outcome, bytes), outcome
        if first_seen is None:
            first_seen = len(pulled)
    # Rendering began before the last document's HTML was made: two running, two ready.
    assert first_seen is not None and first_seen < len(slugs)
    # The first two start with nothing known; later ones are told what the workers
    # learned about the panels they share (the Spanish safety facts).
    assert told["es/cancer-trifold"] == told["es/cosmetic-trifold"] == 0
    assert told["es/overview-trifold"] >= 1
    # Leaflets are told how full the Spanish leaflets before them were (first size guess);
    # tri-folds, which have their panel facts, are not.
    assert measured["es/cancer-leaflet"] == 0 and measured["es/neurological-leaflet"] >= 1
    assert not any(measured[f"es/{slug}-trifold"] for slug in slugs)


def test_an_untested_weasyprint_fails_before_any_worker_starts(monkeypatch):
    # Raised in each worker's start-up, it would only break the pool.
    import datetime as dt
    from importlib import metadata

    from brochures.builder import workers

    monkeypatch.setattr(metadata, "version", lambda name: "71.0")
    monkeypatch.setattr(workers, "_new_pool", lambda *args: pytest.fail("a pool was started"))
    html = '<html lang="en"><body><p>x</p></body></html>'
    tasks = [
        RenderTask(
            key=f"en/{n}",
            html=html,
            model=text_model(html, "en"),
            lang="en",
            max_pages=2,
            text_sizes=(10,),
            type_floor=8,
            date=dt.date(2026, 1, 1),
        )
        for n in range(2)
    ]
    with pytest.raises(RenderError, match="WeasyPrint 71.0"):
        list(render_all(tasks, _setup(), jobs=2))
