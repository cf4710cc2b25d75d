"""Run a block of work under a time and an address-space limit, as one render is."""

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


@dataclass(frozen=True)
class Limits:
    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    # An exception raised while C code is calling back into Python (cffi callbacks in
    # Pango and HarfBuzz) is printed and swallowed: ring again soon, until one lands.
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    raise _Timeout


@contextmanager
def limited(limits: Limits, key: str) -> Iterator[None]:
    """Run a block under an alarm and an address-space limit, restoring both after."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = limits.memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    signal.setitimer(signal.ITIMER_REAL, limits.timeout_s)
    started = time.monotonic()
    overtime = RenderError(
        f"rendering took longer than {limits.timeout_s:g} s and was stopped",
        field=key,
        hint="look for very long text or huge values in it",
    )
    try:
        yield
        if time.monotonic() - started > limits.timeout_s:
            raise overtime  # finished, but over the limit: the result is not used either
    except _Timeout:
        raise overtime from None
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
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# --- inside a worker process -------------------------------------------------------------
_worker_renderer = None
_worker_limits = Limits()
