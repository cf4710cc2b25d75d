"""Turn render tasks into PDFs under a time and memory limit, in long-lived worker processes.

Each worker loads WeasyPrint and the fonts once and renders one document at a time. A
document that runs too long or grows too large fails alone, with a message; so does one
whose worker dies: the pool is rebuilt and the other documents go on.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import itertools
import multiprocessing
import multiprocessing.forkserver
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from brochures.builder.limits import Limits, limited
from brochures.errors import RenderError
from brochures.html.text_model import TextModel
from brochures.pdf.fitting import Fitter

if TYPE_CHECKING:
    from brochures.builder.pools import Pools, WarmPool
    from brochures.pdf.renderer import PdfRenderer  # imports WeasyPrint: only workers load it


@dataclass(frozen=True)
class RenderTask:
    key: str  # e.g. "es/neurological", for messages
    html: str
    model: TextModel  # the HTML's text model, so the worker need not parse it
    lang: str
    max_pages: int | None
    text_sizes: tuple[float, ...]
    type_floor: float
    date: dt.date
    # What other workers learned about this document's tri-fold panels (fitting.Fitter).
    panel_facts: dict[str, tuple[float, float]] = field(default_factory=dict)
    # How full other leaflets of its language were for their length (first size guess).
    density_facts: dict[str, dict[tuple[str, float], float]] = field(default_factory=dict)


@dataclass(frozen=True)
class RendererSetup:
    """What a process needs to build its PdfRenderer (picklable, for spawned workers)."""

    base_dir: Path
    asset_dirs: tuple[Path, ...]
    languages: tuple[str, ...]
    cjk_text: tuple[tuple[str, str], ...]  # (CJK family, text it must draw): font_text.cjk_text

    def make(self):
        from brochures.pdf.renderer import PdfRenderer  # imports WeasyPrint

        return PdfRenderer(self.base_dir, set(self.asset_dirs), self.languages, dict(self.cjk_text))

    def check(self) -> None:
        """Fail here, with its message, where every worker's start would fail (an untested
        WeasyPrint, a missing font): raised while a worker starts, it would only break the
        pool. Make the fonts here too, once and where their log lines are seen, rather than
        in every worker at once."""
        from brochures.defaults import cache_dir
        from brochures.pdf.fonts import FontSet
        from brochures.pdf.renderer import require_tested_version

        require_tested_version()
        FontSet(cache_dir(), dict(self.cjk_text)).prepare()


# --- inside a worker process -------------------------------------------------------------
# Set once per worker by _start_worker: the pool's initializer cannot hand them to tasks.
_worker_renderer: PdfRenderer | None = None
_worker_limits: Limits = Limits()


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def _die_with_parent() -> None:
    """Have the kernel kill this worker when its parent dies, so that a build killed with
    SIGKILL leaves no worker behind. The parent is the fork server, which exits when the
    build does (once no worker holds its pipe from the build, below), or the build itself
    (a head start's forked workers). Linux only: elsewhere the fork server's own exit is
    all there is."""
    # A worker started by the fork server holds the write end of the server's "is the build
    # alive" pipe (for starting processes of its own, which it never does). Held here, the
    # server would never see the build's end close, and would outlive it with every worker.
    server = getattr(multiprocessing.forkserver, "_forkserver", None)
    alive = getattr(server, "_forkserver_alive_fd", None)
    if alive is not None:
        os.close(alive)
        server._forkserver_alive_fd = None  # type: ignore[union-attr]
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the call took effect: nobody to work for
        os._exit(1)


def _start_worker(setup: RendererSetup, limits: Limits) -> None:
    global _worker_renderer, _worker_limits
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _worker_renderer = setup.make()
    _worker_renderer.warm_up()
    _worker_limits = limits
    # Layout makes many short-lived objects; the modules, fonts and stylesheets loaded
    # above live as long as the worker. Frozen, they are not scanned again at every
    # collection, and a larger first generation makes collections rarer: the collector
    # took 7% of render time, now about 3%.
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def _render_in_worker(task: RenderTask) -> tuple[bytes, RenderStats, tuple[dict, dict]]:
    """Render with what other workers learned; hand back what this render learned."""
    renderer = _worker_renderer
    assert renderer is not None, "called outside a worker started by _start_worker"
    fitter = renderer.fitter
    fitter.learn(task.panel_facts)
    fitter.learn_densities(task.density_facts)
    data, stats = _measured(renderer, task, _worker_limits)
    kinds = fitter.last_kinds
    return data, stats, (fitter.facts(fitter.last_keys), fitter.density_facts(kinds))


# --- either process ----------------------------------------------------------------------
def render_task(renderer: PdfRenderer, task: RenderTask, limits: Limits) -> bytes:
    with limited(limits, task.key):
        return renderer.render(
            task.html,
            model=task.model,
            lang=task.lang,
            max_pages=task.max_pages,
            text_sizes=task.text_sizes,
            type_floor=task.type_floor,
            date=task.date,
        ).data


@dataclass(frozen=True)
class RenderStats:
    """How one render went: for the benchmark and the performance notes."""

    key: str
    seconds: float
    peak_rss_mb: float
    pid: int
    passes: int  # layouts it took to find the text size (fitting.Fitter)


def _measured(renderer: PdfRenderer, task: RenderTask, limits: Limits) -> tuple[bytes, RenderStats]:
    started, passes = time.perf_counter(), renderer.fitter.passes
    data = render_task(renderer, task, limits)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return data, RenderStats(
        task.key, time.perf_counter() - started, peak, os.getpid(), renderer.fitter.passes - passes
    )


Outcome = tuple[RenderTask, "bytes | BaseException"]
# From the pool, a success carries how the render went too.
PoolOutcome = tuple[RenderTask, "tuple[bytes, RenderStats] | BaseException"]


def render_all(
    tasks: Iterable[RenderTask],
    setup: RendererSetup | None,
    *,
    jobs: int,
    limits: Limits = Limits(),
    stats: list[RenderStats] | None = None,
    warm: WarmPool | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[Outcome]:
    """Yield (task, PDF bytes or the exception) for every task, as they finish; add how
    each successful render went to `stats`. `meanwhile`, if given, is called once before
    anything is yielded: with workers, while they render the first documents (an error it
    raises stops them and ends the iteration).

    `tasks` is read lazily, as workers become free: it may be a generator that makes each
    document's HTML while the workers render the previous ones. `setup` may be None only
    when there is no task. With a `warm` pool, its workers render (even one document, as
    they have their fonts loaded already) and stay up for the next call.
    """
    source = iter(tasks)
    # Two tasks tell whether one document is rendered here; warm workers render even one.
    first = list(itertools.islice(source, 1 if warm else 2))
    if not first:
        if meanwhile:
            meanwhile()
        return
    stats = stats if stats is not None else []
    assert setup is not None, "render_all needs a RendererSetup when there are tasks"
    if warm is None and (jobs <= 1 or len(first) == 1):
        if meanwhile:
            meanwhile()
        renderer = setup.make()
        for task in itertools.chain(first, source):
            try:
                data, measured = _measured(renderer, task, limits)
            except Exception as error:  # one document's failure is reported, not raised
                yield task, error
                continue
            stats.append(measured)
            yield task, data
        return
    from brochures.builder.pools import OneShotPool  # it imports this module

    workers = warm or OneShotPool(jobs, limits)
    pooled_outcomes = _render_in_pool(
        itertools.chain(first, source), setup, workers, limits, meanwhile
    )
    for task, pooled in pooled_outcomes:
        if isinstance(pooled, tuple):
            data, measured = pooled
            stats.append(measured)
            yield task, data
        else:
            yield task, pooled


def _new_pool(
    setup: RendererSetup, jobs: int, limits: Limits, fork: bool = False
) -> ProcessPoolExecutor:
    """Workers from the fork server, or, with `fork`, forked from this process."""
    context: multiprocessing.context.BaseContext
    if fork:
        # At once (a fork server takes 0.3-0.4 s to start and load its modules), for a
        # head start (head_start) that is made before this process has started any thread:
        # a pool with the fork method starts all its workers at its first task.
        context = multiprocessing.get_context("fork")
    else:
        # forkserver: workers start from a clean, small process (no inherited threads or
        # open files), faster than spawn for each new worker.
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload(["brochures.builder.workers", "brochures.pdf.renderer"])
        context = server
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(setup, limits)
    )


def _render_in_pool(
    tasks: Iterator[RenderTask],
    setup: RendererSetup,
    workers: Pools,
    limits: Limits,
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[PoolOutcome]:
    """Render on `jobs` workers. When a worker dies, every document it was sharing the pool
    with is lost too, and nobody knows which one killed it: those documents are rendered
    again one at a time, so that only the culprit fails."""
    pending: deque[RenderTask] = deque()

    def read_ahead() -> None:
        # One task ready per worker: a worker that finishes never waits for HTML.
        while len(pending) < jobs:
            task = next(tasks, None)
            if task is None:
                return
            pending.append(task)

    jobs = workers.jobs
    read_ahead()
    suspects: deque[RenderTask] = deque()
    pool = workers.acquire(setup)
    running: dict[Future, tuple[RenderTask, float, bool]] = {}  # task, start, alone
    known = Fitter()  # what the workers learned while fitting text sizes, passed around

    def submit(task: RenderTask, alone: bool) -> None:
        told = replace(
            task,
            panel_facts=known.facts(task.model.panel_keys.values()),
            density_facts=known.density_facts([task.model.layout_kind]),
        )
        future = pool.submit(_render_in_worker, told)
        running[future] = (task, _now(), alone)

    # Beyond the in-worker clock alarm, for a worker stuck in C code that never returns to
    # Python to let its alarm ring.
    wall_limit = limits.wall_limit_s + 30.0
    try:
        while pending or suspects or running:
            if suspects:
                if not running:
                    submit(suspects.popleft(), alone=True)
            else:
                while pending and len(running) < jobs:
                    submit(pending.popleft(), alone=False)
            read_ahead()
            if meanwhile:
                meanwhile()  # before any outcome is taken, so it can still stop them all
                meanwhile = None
            done, _ = wait(running, timeout=1.0, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                task, _, alone = running.pop(future)
                try:
                    data, measured, (panels, densities) = future.result()
                except BrokenProcessPool:
                    broken = True
                    if alone:
                        # Native code (Pango, GLib) aborts rather than raising MemoryError,
                        # so a worker that dies alone has often hit the memory limit.
                        yield (
                            task,
                            RenderError(
                                "the worker process rendering it died (it may have needed more "
                                f"than the {limits.memory_mb} MB memory limit)",
                                field=task.key,
                                hint="run it alone with --jobs 1 --debug to see why",
                            ),
                        )
                    else:
                        suspects.append(task)
                except Exception as error:
                    yield task, error
                else:
                    known.learn(panels)
                    known.learn_densities(densities)
                    yield task, (data, measured)
            stuck = [
                future for future, (_, start, _) in running.items() if _now() - start > wall_limit
            ]
            for future in stuck:
                task, _, _ = running.pop(future)
                yield (
                    task,
                    RenderError(
                        f"rendering did not stop after {wall_limit:g} s and its worker was stopped",
                        field=task.key,
                        hint="run it alone with --jobs 1 --debug to see where it hangs",
                    ),
                )
            if broken or stuck:
                # Documents still in flight die with the pool: queue them again.
                for task, _, alone in running.values():
                    (suspects if broken and not alone else pending).appendleft(task)
                running.clear()
                pool = workers.restart()
    finally:
        # Stopped with documents in flight (an error, Ctrl-C): their workers are killed.
        workers.release(clean=not running)


def _now() -> float:
    return time.monotonic()


def default_jobs() -> int:
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
