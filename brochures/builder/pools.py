"""Turn a renderer setup into worker processes: a pool per build, or one kept warm between builds.

A one-shot build starts its workers and stops them at its end. --watch keeps a WarmPool:
its workers load WeasyPrint and the fonts once, and every rebuild renders on them.
"""

from __future__ import annotations

import os
import signal
from concurrent.futures import ProcessPoolExecutor
from typing import Protocol

from brochures.builder import workers
from brochures.builder.limits import Limits
from brochures.builder.workers import RendererSetup


class Pools(Protocol):
    """Where workers.render_all gets its workers: a pool per call, or one kept warm."""

    jobs: int

    def acquire(self, setup: RendererSetup) -> ProcessPoolExecutor: ...
    def restart(self) -> ProcessPoolExecutor: ...  # the pool broke or hung: a new one
    def release(self, clean: bool) -> None: ...  # not clean: documents were still running


class OneShotPool:
    """Workers started for one render_all and stopped at its end (a one-shot build)."""

    def __init__(self, jobs: int, limits: Limits, fork: bool = False) -> None:
        self.jobs, self.limits = jobs, limits
        self.fork = fork  # the first workers forked from this process (workers._new_pool)
        self._pool: ProcessPoolExecutor | None = None
        self._setup: RendererSetup | None = None

    def acquire(self, setup: RendererSetup, check: bool = True) -> ProcessPoolExecutor:
        if check:
            setup.check()
        self._setup = setup
        self._pool = workers._new_pool(setup, self.jobs, self.limits, self.fork)
        self.fork = False  # a restart, later, comes from the fork server
        return self._pool

    @property
    def setup(self) -> RendererSetup | None:
        """What the running workers loaded (None before they start)."""
        return self._setup if self._pool is not None else None

    def restart(self) -> ProcessPoolExecutor:
        assert self._pool is not None and self._setup is not None
        _kill(self._pool)
        self._pool = workers._new_pool(self._setup, self.jobs, self.limits)
        return self._pool

    def release(self, clean: bool) -> None:
        if self._pool is not None:
            if clean:
                self._pool.shutdown(wait=True)
            else:
                _kill(self._pool)
            self._pool = None


class WarmPool(OneShotPool):
    """Workers kept between render_all calls (--watch): they load WeasyPrint and the fonts
    once, not at every rebuild. A call with another RendererSetup (a clinic or CJK catalog
    edit changes the text the fonts are subset for) starts new workers for it. Close it,
    or use it as a context manager, to stop them."""

    def __init__(self, jobs: int, limits: Limits = Limits(), fork: bool = False) -> None:
        super().__init__(jobs, limits, fork)
        self.starts = 0  # pools started, a broken one's replacement included

    def acquire(self, setup: RendererSetup, check: bool = True) -> ProcessPoolExecutor:
        if self._pool is not None and setup == self._setup:
            return self._pool
        self.close()
        self.starts += 1
        return super().acquire(setup, check)

    def restart(self) -> ProcessPoolExecutor:
        self.starts += 1
        return super().restart()

    def release(self, clean: bool) -> None:
        if not clean:  # kill what is still running; the next call starts afresh
            self.kill()

    def start(self, setup: RendererSetup, wait: bool = True) -> None:
        """Start every worker now, so that the first render does not wait for one; with
        `wait` false, return while they load.

        Not waiting, the workers are started before the setup is checked and its fonts
        made: they begin with the WeasyPrint import, about half a second, while this
        process makes the fonts (a worker that finds one still missing makes it too:
        the same bytes, written atomically)."""
        pool = self.acquire(setup, check=wait)
        # Workers start as tasks come (not with the pool): one trivial task each.
        started = [pool.submit(os.getpid) for _ in range(self.jobs)]
        if not wait:
            try:
                setup.check()
            except BaseException:
                self.kill()
                raise
            return
        for future in started:
            future.result()

    def pids(self) -> list[int]:
        """The worker processes alive now."""
        processes = getattr(self._pool, "_processes", None) or {}
        return [p.pid for p in processes.values() if p.is_alive()]

    def close(self) -> None:
        """Stop the workers once they finish what they are rendering."""
        super().release(clean=True)

    def kill(self) -> None:
        """Stop the workers now (Ctrl-C), and wait for the pool to see them gone: left
        behind, its thread makes Python complain of a closed pipe as it exits."""
        if self._pool is not None:
            _kill(self._pool, wait=True)
            self._pool = None

    def __enter__(self) -> WarmPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _kill(pool: ProcessPoolExecutor, wait: bool = False) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        if process.is_alive():
            try:
                os.kill(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # it ended between the two calls
    pool.shutdown(wait=wait, cancel_futures=True)
