"""Turn the start of a cold build into two streams of work: what each language can print,
found in a forked child, while this process loads the PDF renderer.

Before its first layout a cold one-document build must work out which languages can print
the document (every one, for its "also available in" line: a catalog read and a render
each, about 0.6 s) and import WeasyPrint (about 0.45 s). Neither needs the other, so on
two CPUs they run side by side. The child's findings are taken in as the
output folder's record of them is (availability.KnownGaps): the build then goes on as if it
had worked them out itself, so nothing it makes changes. A child that fails hands back
nothing, and this process finds it all out as before.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING

from brochures.builder.manifest import Manifest
from brochures.errors import BrochureError

if TYPE_CHECKING:
    from brochures.builder.pipeline import Brochures
    from brochures.builder.plan import Job
    from brochures.builder.workers import RendererSetup

Found = dict["Job", dict[str, str]]


def head_start(
    run: Brochures, known: Found, setup: Callable[[Brochures], RendererSetup]
) -> RendererSetup | None:
    """When it is worth it (`worth_a_head_start`), find out in a child what the run's
    documents lack (for each job and every "also available in" line) and the renderer's
    `setup` (it reads the CJK catalogs that child has read), while this process imports
    WeasyPrint. Returns the setup, or None if the child could not make it."""
    if not worth_a_head_start(run, known):
        return None
    child = _fork_finding(run, setup)
    try:
        import weasyprint  # noqa: F401  (about 0.45 s; the render imports it anyway)
    except Exception:
        pass  # the render meets the same problem again, and reports it where it always has
    finally:
        found, renderer = child()
        run.remember_missing(found)
    return renderer


def worth_a_head_start(run: Brochures, known: Found) -> bool:
    """A PDF build on more than one CPU that renders in this process (one document, or
    --jobs 1: workers import WeasyPrint themselves), has availability left to find out, and
    will render something (a build with every output current must not load WeasyPrint)."""
    options = run.options
    in_process = len(run.jobs) == 1 or options.jobs == 1
    if options.format != "pdf" or not in_process or _cpus() < 2:
        return False
    if all(job in known for job in run.jobs):
        return False
    recorded = Manifest(options.out_dir).entries
    return any(
        run.outputs.path(job).relative_to(options.out_dir).as_posix() not in recorded
        for job in run.jobs
    )


def _fork_finding(
    run: Brochures, setup: Callable[[Brochures], RendererSetup]
) -> Callable[[], tuple[Found, RendererSetup | None]]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: find, hand back, and leave without running the parent's exits
        code = 1
        try:
            os.close(read_end)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            logging.disable(logging.CRITICAL)  # the parent reports; its own work says why
            found = _find(run)
            try:
                renderer: RendererSetup | None = setup(run)
            except Exception:
                renderer = None  # a broken CJK catalog: the parent meets it and says why
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump((found, renderer), pipe)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)

    def collect() -> tuple[Found, RendererSetup | None]:
        finished = False
        try:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            finished = True
        finally:
            _reap(pid, finished)
        try:
            found, renderer = pickle.loads(data)
        except Exception:  # the child died: this process finds it all out itself
            return {}, None
        return found, renderer

    return collect


def _find(run: Brochures) -> Found:
    """What the plan (run.sort_out) and the "also available" lines (run.built_in) ask."""
    for job in run.jobs:
        try:
            run.missing(job)
        except BrochureError:
            pass  # a broken catalog: the parent meets it again and says why
        run.built_in(job.topic, job.layout)
    return run.found_missing()


def _reap(pid: int, finished: bool) -> None:
    try:
        if not finished:  # this process was stopped while waiting (Ctrl-C): so is the child
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
