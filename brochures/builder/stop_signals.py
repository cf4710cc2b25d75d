"""Turn SIGTERM and SIGHUP into the clean stop Ctrl-C makes: workers stopped, manifest saved.

A CI runner cancelling a job sends SIGTERM; a closed terminal sends SIGHUP. Both used to
kill the build at once, leaving its workers running and the manifest of what was already
written unsaved. Raised as a KeyboardInterrupt, they take the same path as Ctrl-C through
every `finally` of the build, and the exit code says which signal it was (128 + number).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Stopped(KeyboardInterrupt):
    """The build was asked to stop by SIGTERM or SIGHUP (stopped_by says which)."""


# The stop signal received, read when the build has stopped: code between the handler and
# the exit (watchfiles, as its Rust loop sees the handler's exception) may turn Stopped
# into a KeyboardInterrupt of its own.
_received: int | None = None


def stopped_by() -> signal.Signals:
    """The signal that stopped the build: SIGINT (Ctrl-C) unless a stop signal came."""
    return signal.Signals(_received or signal.SIGINT)


def exit_code() -> int:
    """128 + the signal that stopped the build, as a shell reports it: 130, 143, 129."""
    return 128 + stopped_by()


def stop_reason() -> str:
    """What to print: "interrupted" for Ctrl-C, "stopped by SIGTERM" for a signal."""
    signum = stopped_by()
    return "interrupted" if signum == signal.SIGINT else f"stopped by {signum.name}"


def _raise_stopped(signum: int, frame: object) -> None:
    global _received
    _received = signum
    # Later signals are ignored: the first one is being handled, and a second TERM from an
    # impatient supervisor must not interrupt the clean-up it asked for.
    for other in STOP_SIGNALS:
        signal.signal(other, signal.SIG_IGN)
    raise Stopped(signal.Signals(signum).name)


@contextmanager
def stopping_cleanly() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise Stopped; the handlers before are restored
    after. Outside the main thread (where Python delivers signals) it changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    global _received
    _received = None
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    for number in STOP_SIGNALS:
        if previous[number] is not signal.SIG_IGN:  # `nohup` asked to ignore SIGHUP: keep it
            signal.signal(number, _raise_stopped)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
