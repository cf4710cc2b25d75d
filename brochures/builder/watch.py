"""Turn file changes into rebuilt brochures: build once, then again at every save (--watch).

Each rebuild is an ordinary build: the manifest skips every document whose inputs did not
change, so a save rebuilds exactly the documents it touches (one topic's file: that topic;
one catalog: that language; a template, stylesheet, picture or the clinic profile: all).
The PDF workers stay up between rebuilds (workers.WarmPool) with WeasyPrint and the fonts
loaded. A save with an error is reported and the watch goes on: outputs are replaced
atomically, so the last good PDF stays until the file is fixed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from brochures import defaults
from brochures.builder.head_start import renderer_setup
from brochures.builder.pipeline import Brochures, BuildResult, build_with_result
from brochures.builder.plan import BuildOptions
from brochures.builder.pools import WarmPool
from brochures.builder.stop_signals import exit_code, stop_reason
from brochures.builder.workers import default_jobs
from brochures.errors import BrochureError, display_path

LOGGER = logging.getLogger(__name__)


def watched_paths(options: BuildOptions) -> list[Path]:
    """The folders whose files a brochure is made of. The clinic profile's folder, not the
    file: editors save by writing a new file and renaming it over the old one."""
    folders = [
        options.content_dir,
        options.locales_dir,
        options.templates_dir,
        defaults.ASSETS_DIR,
        options.clinic_file.parent,
    ]
    resolved = [folder.resolve() for folder in folders if folder.is_dir()]
    # A folder inside another is watched through it (content/ holds the example clinic).
    return sorted(
        {f for f in resolved if not any(o != f and f.is_relative_to(o) for o in resolved)}
    )


def is_input(path: Path, options: BuildOptions) -> bool:
    """Whether a changed file can change a brochure: inside an input folder, not an output."""
    path = path.resolve()
    if path.is_relative_to(options.out_dir.resolve()):
        return False
    if path == options.clinic_file.resolve():
        return True
    folders = (options.content_dir, options.locales_dir, options.templates_dir, defaults.ASSETS_DIR)
    return any(path.is_relative_to(folder.resolve()) for folder in folders) or (
        path.is_relative_to(options.clinic_file.resolve().parent) and path.suffix != ".yaml"
    )  # beside another clinic's profile: its logo and pictures, not other profiles


@dataclass(frozen=True)
class Rebuild:
    """What one build of the watch did: the outputs it wrote, its result (None when it
    failed), the error that stopped it or some of its documents, and how long it took."""

    written: list[Path]
    result: BuildResult | None
    error: BrochureError | None
    seconds: float


def rebuild(options: BuildOptions, warm: WarmPool) -> Rebuild:
    """One build on the warm workers; its errors are logged, not raised."""
    started = time.perf_counter()
    result: BuildResult | None = None
    error: BrochureError | None = None
    written: list[Path] = []
    try:
        result = build_with_result(options, lambda path: written.append(Path(path)), warm=warm)
    except BrochureError as broken:  # BuildFailed too: the others were written all the same
        error = broken
    seconds = time.perf_counter() - started
    for path in written:
        LOGGER.info("rebuilt %s", display_path(path))
    if error is not None:
        LOGGER.error("%s", error)
        LOGGER.info("the last good outputs stay; watching for a fix")
    elif not written:
        LOGGER.info("nothing to rebuild (%.1f s)", seconds)
    else:
        LOGGER.info("%d rebuilt in %.1f s", len(written), seconds)
    return Rebuild(written, result, error, seconds)


def watch_loop(
    options: BuildOptions, changes: Iterable[Iterable[Path]], warm: WarmPool
) -> Iterator[Rebuild]:
    """Build, then rebuild after each batch of changed paths that holds an input; yield
    what each build did. `changes` may be any iterator of batches (tests feed lists)."""
    yield rebuild(options, warm)
    if options.format == "pdf":
        _start_workers(options, warm)
    LOGGER.info("watching for changes (Ctrl-C stops)")
    for batch in changes:
        changed = sorted({path for path in batch if is_input(path, options)})
        if not changed:
            continue
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        LOGGER.info("changed: %s%s", ", ".join(display_path(p) for p in changed[:3]), more)
        yield rebuild(options, warm)


def _start_workers(options: BuildOptions, warm: WarmPool) -> None:
    """Have the workers up before the first save, even when the first build found every
    document current and rendered nothing."""
    try:
        warm.start(renderer_setup(Brochures(options)))
    except BrochureError:
        pass  # the inputs are broken: the first build said why, the next save starts them


def file_changes(paths: list[Path]) -> Iterator[set[Path]]:
    """Batches of changed files under `paths`, from watchfiles (editor swap files, .git
    and __pycache__ left out); Ctrl-C raises KeyboardInterrupt out of it."""
    from watchfiles import watch

    for batch in watch(*paths, raise_interrupt=True):
        yield {Path(changed) for _, changed in batch}


def watch(options: BuildOptions) -> int:
    """Build, then rebuild at every save until Ctrl-C; return the exit code (130; 143
    for SIGTERM). The worker processes are stopped however it ends."""
    paths = watched_paths(options)
    LOGGER.info("inputs: %s", ", ".join(display_path(path) for path in paths))
    with WarmPool(options.jobs or default_jobs(), options.limits) as warm:
        try:
            for _ in watch_loop(options, file_changes(paths), warm):
                pass
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM / SIGHUP (stop_signals)
            warm.kill()  # a render in flight is not waited for
            LOGGER.info("stopped watching (%s)", stop_reason())
            return exit_code()
    return 0
