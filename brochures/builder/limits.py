"""Run a block of work under a time and an address-space limit, as one render is.

The time limit is processor time, not time on the clock: on a machine busy with other work a
render gets a share of a CPU and takes longer, but uses no more of it, so a document
that renders in seconds alone is not failed under load. A render that waits without
working (a stall) is stopped by the clock after WALL_FACTOR times the limit, and at
least a minute more than the limit.
"""

from __future__ import annotations

import resource
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from brochures.errors import RenderError

DEFAULT_TIMEOUT_S = 120
DEFAULT_MEMORY_MB = 3072  # address space per render: fonts and Pango map a lot of it
WALL_FACTOR = 4  # the clock's limit, in processor-time limits: a quarter of a CPU is enough
# ... and never less than the limit and a minute: a short limit on a busy machine would
# otherwise ring the clock's alarm before the processor-time one.
MIN_WALL_EXTRA_S = 60.0


@dataclass(frozen=True)
class Limits:
    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB
    wall_s: float | None = None  # None: from timeout_s (wall_limit_s); tests set it

    @property
    def wall_limit_s(self) -> float:
        """How long a render may take on the clock before it is taken to have stalled."""
        if self.wall_s is not None:
            return self.wall_s
        return max(self.timeout_s * WALL_FACTOR, self.timeout_s + MIN_WALL_EXTRA_S)


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    # An exception raised while C code is calling back into Python (cffi callbacks in
    # Pango and HarfBuzz) is printed and swallowed: ring again soon, until one lands.
    timer = signal.ITIMER_PROF if signum == signal.SIGPROF else signal.ITIMER_REAL
    signal.setitimer(timer, 0.05)
    raise _Timeout(signum)


@contextmanager
def limited(limits: Limits, key: str) -> Iterator[None]:
    """Run a block under a processor-time alarm, a clock alarm (Limits.wall_limit_s)
    and an address-space limit, restoring all three after."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = limits.memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    previous = {
        number: signal.signal(number, _on_alarm) for number in (signal.SIGPROF, signal.SIGALRM)
    }
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    signal.setitimer(signal.ITIMER_PROF, limits.timeout_s)
    signal.setitimer(signal.ITIMER_REAL, limits.wall_limit_s)
    started = time.process_time()
    overtime = RenderError(
        f"rendering used more than {limits.timeout_s:g} s of processor time and was stopped",
        field=key,
        hint="look for very long text or huge values in it, or raise --timeout",
    )
    try:
        yield
        if time.process_time() - started > limits.timeout_s:
            raise overtime  # finished, but over the limit: the result is not used either
    except _Timeout as timeout:
        if timeout.args[0] == signal.SIGPROF:
            raise overtime from None
        # The clock rang first. Say how much processor time the render had, which tells a
        # render that waited (a stall) from one starved of CPU by a busy machine.
        used = time.process_time() - started
        raise RenderError(
            f"rendering did not finish in {limits.wall_limit_s:g} s on the clock, in which "
            f"it had {used:.1f} s of processor time",
            field=key,
            hint="if that is little, it was waiting: run it alone (--jobs 1) and report it; "
            "if the machine is busy, use fewer --jobs",
        ) from None
    except SystemError as error:
        # C code that cannot allocate sometimes returns without raising MemoryError (cffi's
        # type cache does); Python then reports a SystemError. Under a memory limit that is
        # the likely cause, though not a certain one: the message says so.
        raise RenderError(
            f"rendering failed in a C library ({error}); it may have needed more than the "
            f"{limits.memory_mb} MB memory limit",
            field=key,
            hint="look for very long text or huge values in it, or raise --memory-limit",
        ) from error
    except MemoryError:
        raise RenderError(
            f"rendering needed more than {limits.memory_mb} MB and was stopped",
            field=key,
            hint="look for very long text or huge values in it",
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for number, handler in previous.items():
            signal.signal(number, handler)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# --- inside a worker process -------------------------------------------------------------
_worker_renderer = None
_worker_limits = Limits()
