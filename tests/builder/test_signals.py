"""SIGTERM and SIGHUP stop a build as Ctrl-C does; after SIGKILL no process of it survives."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PROJECT

pytestmark = pytest.mark.slow


def _session(sid: int) -> list[int]:
    """The processes alive in a session (the build started in one of its own)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended while we looked
        if int(fields[3]) == sid and fields[0] != "Z":  # fields[3]: session; Z: a zombie
            found.append(int(stat.parent.name))
    return found


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _start(out: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "build.py", "--lang", "en,es", "--out", str(out), *options],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own session: every process it starts is found by it
    )


def _pdfs(out: Path) -> list[Path]:
    return sorted(out.rglob("*.pdf"))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_stops_the_workers_and_saves_the_manifest(tmp_path, signum):
    build = _start(tmp_path, "--topic", "all", "--jobs", "2", "--force")
    try:
        assert _wait_for(lambda: len(_pdfs(tmp_path)) >= 1, 180), build.stderr
        assert len(_session(build.pid)) >= 2  # the build and its workers
        build.send_signal(signum)
        _, err = build.communicate(timeout=60)
    finally:
        build.kill()
    assert build.returncode == 128 + signum
    assert f"stopped by {signal.Signals(signum).name}" in err and "Traceback" not in err
    assert _wait_for(lambda: not _session(build.pid), 10), _session(build.pid)
    written = {p.relative_to(tmp_path).as_posix() for p in _pdfs(tmp_path)}
    manifest = json.loads((tmp_path / ".brochures-manifest.json").read_text())
    assert set(manifest) == written  # every PDF written is recorded, and only those
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("watching", [False, True], ids=["build", "watch"])
def test_after_sigkill_no_process_of_the_build_survives(tmp_path, watching):
    """The workers of a watch come from the fork server, those of a build are forked from
    it: both ways they go when the build is killed outright."""
    options = ("--topic", "cancer,cosmetic", "--watch") if watching else ("--topic", "all")
    build = _start(tmp_path, *options, "--jobs", "2")
    try:
        assert _wait_for(lambda: len(_pdfs(tmp_path)) >= 2, 180), build.stderr
        assert len(_session(build.pid)) >= 3  # the build and two workers at least
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=10)
        assert _wait_for(lambda: not _session(build.pid), 10), _session(build.pid)
    finally:
        for pid in _session(build.pid):
            os.kill(pid, signal.SIGKILL)
        build.communicate()
    assert not list(tmp_path.rglob("*.tmp"))
