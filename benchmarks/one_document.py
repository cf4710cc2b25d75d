"""Turn one document into two timings: a first build on an empty cache (f) and a --watch save (g).

(f) compares the naive `weasyprint` command on this tool's HTML with this tool's own build
    in a new process, with an empty cache folder (XDG_CACHE_HOME) and a fresh output
    folder: what a new user waits for. Runs alternate, three of each.
(g) compares a save under `build.py --watch` (from the write to the new PDF) with a
    one-shot rebuild after the same save (a new process, warm cache). The watcher and the
    one-shot builds work in two copies of content/ and locales/, so their runs alternate
    too: the idle watcher takes no CPU while a one-shot build runs.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BUILD = [sys.executable, str(PROJECT / "build.py")]
RUNS = 3
# A word of a reference's citation: printed as it is in every language, so the edited file
# still builds and passes the checks without a new translation.
EDIT = ("biomedical applications", "biomedical uses")
POLL_S = 0.005
TIMEOUT_S = 300


@dataclass(frozen=True)
class Document:
    lang: str
    topic: str
    layout: str

    @classmethod
    def parse(cls, text: str) -> Document:
        parts = text.split("/")
        if len(parts) not in (2, 3):
            raise ValueError(f"{text!r}: write it as LANG/TOPIC or LANG/TOPIC/LAYOUT")
        return cls(parts[0], parts[1], parts[2] if len(parts) == 3 else "leaflet")

    def args(self) -> list[str]:
        return ["--lang", self.lang, "--topic", self.topic, "--layout", self.layout]

    def __str__(self) -> str:
        return f"{self.lang}/{self.topic} {self.layout}"


@dataclass(frozen=True)
class Timings:
    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def low(self) -> float:
        return min(self.seconds)

    def note(self, what: str) -> str:
        return f"median of {len(self.seconds)} {what}; min {self.low:.2f} s"


def _row(label: str, seconds: float, note: str) -> str:
    return f"{label:<42} {seconds:9.2f} s   {note}"


def _verdict(ratio: float, target: float) -> str:
    return "met" if ratio <= target else "NOT met"


def _only_file(folder: Path, pattern: str) -> Path:
    found = sorted(folder.rglob(pattern))
    if len(found) != 1:
        raise RuntimeError(f"expected one {pattern} in {folder}, found {len(found)}")
    return found[0]


def _timed_build(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


# --- (f) the first build --------------------------------------------------------------


def first_build(document: Document, work: Path) -> list[str]:
    """Row (f): the naive command against a first build on an empty cache, alternating."""
    from naive import NaiveCLI

    work = work / "first-build"
    html_dir = work / "html"
    subprocess.run(
        BUILD + document.args() + ["--format", "html", "--out", str(html_dir)],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )
    html = _only_file(html_dir, "*.html")
    cli = NaiveCLI(work, [document.lang])
    naive_runs, tool_runs = [], []
    for run in range(RUNS):
        naive_runs.append(cli.run(html, work / f"naive-{run}" / html.with_suffix(".pdf").name))
        cache = work / f"cache-{run}"
        cache.mkdir()
        env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
        out = work / f"out-{run}"
        tool_runs.append(_timed_build(BUILD + document.args() + ["--out", str(out)], PROJECT, env))
        _only_file(out, "*.pdf")
    naive_t, tool_t = Timings(naive_runs), Timings(tool_runs)
    ratio = tool_t.median / naive_t.median
    return [
        f"(f) first build of one document, {document}",
        _row("    naive: weasyprint CLI on its HTML", naive_t.median, naive_t.note("runs")),
        _row("    this tool, empty cache, fresh output", tool_t.median, tool_t.note("runs")),
        f"    first build / naive {ratio:6.2f}x  (target <= 2x: {_verdict(ratio, 2)}; "
        f"min / min {tool_t.low / naive_t.low:.2f}x)",
    ]


# --- (g) a save under --watch ---------------------------------------------------------


def _project_copy(folder: Path) -> Path:
    """A folder to run the command in, with its own content/ and locales/."""
    from brochures import defaults

    for name in (defaults.CONTENT_DIR, defaults.LOCALES_DIR):
        shutil.copytree(PROJECT / name, folder / name)
    return folder


def _edit(topic_file: Path, forward: bool) -> None:
    old, new = EDIT if forward else EDIT[::-1]
    text = topic_file.read_text(encoding="utf-8")
    if old not in text:
        raise RuntimeError(f"(g) edits {old!r} in {topic_file.name}, which lacks it")
    topic_file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _file_state(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns, info.st_size


class Watcher:
    """`build.py --watch` in its own process group, its log lines read by a thread."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.process = subprocess.Popen(
            argv,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            # Its own group, so that no worker can outlive the check below; and the default
            # Ctrl-C handling, which a shell's background job would have inherited as ignored.
            preexec_fn=lambda: (os.setsid(), signal.signal(signal.SIGINT, signal.SIG_DFL)),
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, *endings: str) -> str:
        """The next log line that names the end of a build; any error stops the benchmark."""
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the watcher exited ({self.process.returncode})") from None
                continue
            if line.startswith("error") or "watching for a fix" in line:
                raise RuntimeError(f"the watcher reported: {line}")
            if any(ending in line for ending in endings):
                return line
        raise RuntimeError(f"no {' or '.join(endings)!r} from the watcher in {TIMEOUT_S} s")

    def settle(self, quiet_s: float = 0.5) -> None:
        """Let a second batch of the same save (an editor's, or the kernel's) finish too."""
        while True:
            try:
                line = self.lines.get(timeout=quiet_s)
            except queue.Empty:
                return
            if line.startswith("changed:"):
                self.wait_for("rebuilt in", "nothing to rebuild")

    def stop(self) -> str:
        """Ctrl-C, then make sure no process of its group is left; say how it ended."""
        group = self.process.pid  # setsid: the group id is the leader's pid
        self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            self.process.wait()
            return "did not stop on SIGINT in 60 s: killed"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                return f"stopped by SIGINT (exit {code}), no process left"
            time.sleep(0.1)
        os.killpg(group, signal.SIGKILL)
        return f"stopped by SIGINT (exit {code}), but processes were left: killed"


def _watch_save(watcher: Watcher, topic_file: Path, pdf: Path, forward: bool) -> float:
    """From the write to the PDF being replaced (polled every 5 ms)."""
    before = _file_state(pdf)
    started = time.perf_counter()
    _edit(topic_file, forward)
    while _file_state(pdf) == before:
        if time.perf_counter() - started > TIMEOUT_S:
            raise RuntimeError(f"the watcher did not rewrite {pdf.name} in {TIMEOUT_S} s")
        time.sleep(POLL_S)
    seconds = time.perf_counter() - started
    watcher.wait_for("rebuilt in")
    watcher.settle()
    return seconds


def _one_shot_save(project: Path, topic_file: Path, argv: list[str], forward: bool) -> float:
    """From the write to the end of a new build process."""
    started = time.perf_counter()
    _edit(topic_file, forward)
    subprocess.run(argv, cwd=project, check=True, capture_output=True)
    return time.perf_counter() - started


def watch_save(document: Document, work: Path) -> list[str]:
    """Row (g): a save under --watch against a one-shot rebuild after the same save."""
    watch_project = _project_copy(work / "watch")
    shot_project = _project_copy(work / "one-shot")
    topic_in = Path("content") / "topics" / f"{document.topic}.yaml"
    build = BUILD + document.args() + ["--out", "dist"]
    subprocess.run(build, cwd=shot_project, check=True, capture_output=True)
    watcher = Watcher(build + ["--watch"], watch_project)
    try:
        watcher.wait_for("watching for changes")
        watcher.settle()
        pdf = _only_file(watch_project / "dist", "*.pdf")
        watched, one_shot = [], []
        for _ in range(RUNS):
            for forward in (True, False):  # the word changed, then back
                watched.append(_watch_save(watcher, watch_project / topic_in, pdf, forward))
                shot_file = shot_project / topic_in
                one_shot.append(_one_shot_save(shot_project, shot_file, build, forward))
    finally:
        ending = watcher.stop()
    watch_t, shot_t = Timings(watched), Timings(one_shot)
    ratio = watch_t.median / shot_t.median
    what = f"saves ({RUNS} edits and back)"
    return [
        f"(g) a save under --watch, {document}: from the write to the new PDF",
        _row("    --watch (warm workers)", watch_t.median, watch_t.note(what)),
        _row("    one-shot rebuild, warm cache", shot_t.median, shot_t.note(what)),
        f"    watch / one-shot    {ratio:6.2f}x  (target <= 0.5x: {_verdict(ratio, 0.5)}); "
        f"watcher {ending}",
    ]
