"""Turn the start of a build that will render PDFs into two streams of work: its workers load
WeasyPrint and the fonts while this process works out availability, HTML and checks."""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

from brochures import defaults
from brochures.builder.font_text import cjk_text
from brochures.builder.manifest import Manifest
from brochures.builder.pools import WarmPool
from brochures.builder.workers import RendererSetup, default_jobs

if TYPE_CHECKING:
    from brochures.builder.pipeline import Brochures


def renderer_setup(run: Brochures) -> RendererSetup:
    """What the PDF workers of a run load: its templates, pictures, languages and fonts."""
    clinic = run.clinic
    clinic_text = " ".join((clinic.name, *clinic.address, clinic.phone, clinic.email or ""))
    return RendererSetup(
        run.options.templates_dir,
        (defaults.ASSETS_DIR, clinic.folder),
        run.languages,
        tuple(cjk_text(run.languages, run.catalogs, clinic_text).items()),
    )


def head_start(run: Brochures, manifest: Manifest) -> WarmPool | None:
    """Workers started now, when the build has PDFs to make that the output folder has never
    held (or --force): each takes about a second to load WeasyPrint and the fonts, which
    the other CPUs do while this process finds what every language can print (the "also
    available in" line) and runs the checks, about as long again. Without them a one-
    document build would load WeasyPrint here, after that work.

    None when the renderer would run in this process anyway: one CPU or --jobs 1, or a
    single document in a process that has WeasyPrint loaded already (a test run, say),
    where rendering here is quicker than starting a worker. A worker started for a
    document that then turns out to be current, or not printable yet, only cost the other
    CPU its start.
    """
    options = run.options
    cpus = options.jobs or default_jobs()
    if options.format != "pdf" or cpus < 2:
        return None
    path = run.outputs.path
    new = [job for job in run.jobs if options.force or not manifest.has(path(job))]
    workers = min(cpus, len(new))
    if workers == 0 or (workers == 1 and "weasyprint" in sys.modules):
        return None
    # Forked from here, at once, when this process has no other thread (forking one that
    # has can deadlock the child); else from the fork server, which takes 0.3-0.4 s.
    pool = WarmPool(workers, options.limits, fork=threading.active_count() == 1)
    pool.start(renderer_setup(run), wait=False)
    return pool
