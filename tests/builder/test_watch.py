"""Watch: each save rebuilds the documents it touches, an error keeps the last good output,
the PDF workers stay warm between rebuilds and are gone when the watch stops.

The loop is fed batches of changed paths (no real file watching) on a copy of the project's
content and catalogs; HTML is enough to see which documents a change rebuilds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from test_changes import options

from brochures import defaults
from brochures.builder.manifest import Inputs
from brochures.builder.pipeline import build_with_result
from brochures.builder.pools import WarmPool
from brochures.builder.watch import is_input, watch_loop, watched_paths
from brochures.i18n.catalogs import catalog_path
from conftest import CONTENT, LOCALES, PROJECT, TEMPLATES

LANGS, TOPICS = ("en", "es"), ("cancer", "neurological")


@pytest.fixture
def project(tmp_path):
    """A copy of the project's content and catalogs, to change (as in test_changes)."""
    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(LOCALES, tmp_path / "locales")
    return tmp_path


def _edits(*steps: Callable[[], list[Path]]) -> Iterator[list[Path]]:
    """Each step changes files when the loop asks for the next batch, and names them."""
    for step in steps:
        yield step()


def _append(path: Path, text: str) -> Callable[[], list[Path]]:
    def step() -> list[Path]:
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
        return [path]

    return step


def _names(paths, root: Path) -> list[str]:
    return sorted(Path(p).relative_to(root / "dist").as_posix() for p in paths)


def _watch(root: Path, *steps, **changes):
    with WarmPool(1) as warm:
        builds = list(
            watch_loop(options(root, langs=LANGS, topics=TOPICS, **changes), _edits(*steps), warm)
        )
    assert warm.starts == 0  # HTML: no PDF worker was needed
    return builds


def test_the_first_build_makes_every_document_and_a_topic_edit_only_that_topics(project):
    topic = project / "content" / "topics" / "neurological.yaml"
    first, edited = _watch(project, _append(topic, "# edited\n"))
    assert len(first.written) == 4 and first.error is None
    assert _names(edited.written, project) == ["en/neurological.html", "es/neurological.html"]
    assert len(edited.result.skipped) == 2


def test_a_catalog_edit_rebuilds_only_its_language(project):
    po = catalog_path(project / "locales", "es")
    _, edited = _watch(project, _append(po, "\n"))
    assert _names(edited.written, project) == ["es/cancer.html", "es/neurological.html"]


@pytest.mark.parametrize(
    "edited",
    [
        "templates/leaflet.html",
        "templates/css/brochure.css",
        "content/example-clinic-logo.svg",
        "content/clinic.yaml",
        "content/regulatory.yaml",
    ],
)
def test_a_shared_input_rebuilds_every_document(project, edited):
    shutil.copytree(TEMPLATES, project / "templates")
    path = project / edited
    assert path.is_file(), edited
    comment = "<!-- edited -->\n" if path.suffix in (".html", ".svg") else "/* edited */\n"
    comment = "# edited\n" if path.suffix == ".yaml" else comment
    _, rebuilt = _watch(project, _append(path, comment), templates_dir=project / "templates")
    assert len(rebuilt.written) == 4, edited


def test_the_key_covers_the_packaged_pictures(project, monkeypatch, clinic):
    # The pictures travel inside the package: a copy is edited, not the real ones.
    shutil.copytree(defaults.ASSETS_DIR, project / "assets")
    monkeypatch.setattr(defaults, "ASSETS_DIR", project / "assets")
    settings = options(project)
    before = Inputs.gather(settings, ["en"], clinic).shared
    _append(project / "assets" / "cover.svg", "<!-- edited -->\n")()
    assert Inputs.gather(settings, ["en"], clinic).shared != before
    assert project / "assets" in watched_paths(settings)


BROKEN = "title: [unclosed\n"  # a YAML flow list that never ends


def test_a_broken_save_is_reported_keeps_the_last_output_and_a_fix_rebuilds(project, logged):
    topic = project / "content" / "topics" / "cancer.yaml"
    good = topic.read_text(encoding="utf-8")
    output = project / "dist" / "en" / "cancer.html"

    seen: list[bytes] = []  # the output, before the broken save and after its rebuild

    def break_it() -> list[Path]:
        seen.append(output.read_bytes())
        topic.write_text(good + BROKEN, encoding="utf-8")
        return [topic]

    def fix_it() -> list[Path]:
        seen.append(output.read_bytes())
        topic.write_text(good + "# fixed\n", encoding="utf-8")
        return [topic]

    _, broken, fixed = _watch(project, break_it, fix_it)
    assert broken.error is not None and broken.written == []
    assert broken.error.file == topic and broken.error.line is not None
    assert broken.error.line > good.count("\n")  # in the lines the save added
    [message] = logged.take()
    assert f"cancer.yaml:{broken.error.line}" in message
    assert seen[0] == seen[1]  # the last good output stayed while the file was broken
    assert fixed.error is None
    assert _names(fixed.written, project) == ["en/cancer.html", "es/cancer.html"]


def test_outputs_and_other_files_are_not_inputs(project):
    settings = options(project)
    assert is_input(project / "content" / "topics" / "cancer.yaml", settings)
    assert is_input(catalog_path(project / "locales", "es"), settings)
    assert not is_input(project / "dist" / "en" / "cancer.html", settings)
    assert not is_input(project / "notes.txt", settings)
    elsewhere = project / "clinics" / "northside.yaml"
    other = options(project, clinic_file=elsewhere, out_dir=project / "clinics" / "dist")
    assert is_input(elsewhere, other)
    assert is_input(project / "clinics" / "northside-logo.svg", other)
    assert not is_input(project / "clinics" / "southside.yaml", other)  # another profile
    assert not is_input(project / "clinics" / "dist" / "en" / "cancer.pdf", other)


def test_the_clinic_folder_is_watched_through_content(project):
    assert project / "content" in watched_paths(options(project))
    assert project / "content" / "clinic.yaml" not in watched_paths(options(project))


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")  # an orphan its new parent has not reaped yet is gone too


@pytest.mark.slow
def test_a_rebuild_renders_in_the_warm_workers_of_the_first_build(project):
    settings = options(project, langs=("en",), topics=("overview",), format="pdf")
    topic = project / "content" / "topics" / "overview.yaml"
    with WarmPool(1) as warm:
        first, edited = watch_loop(settings, _edits(_append(topic, "# edited\n")), warm)
        workers = warm.pids()
    assert first.error is None and edited.error is None
    assert warm.starts == 1  # the rebuild started no worker
    rendered_in = {stats.pid for build in (first, edited) for stats in build.result.stats}
    assert rendered_in == set(workers) and os.getpid() not in rendered_in
    assert all(_gone(pid) for pid in workers)  # closed: no worker is left
    # A warm rebuild makes the same PDF as a one-shot build of the same inputs.
    cold = build_with_result(replace(settings, out_dir=project / "cold"))
    assert cold.written[0].read_bytes() == edited.written[0].read_bytes()


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


@pytest.mark.slow
def test_ctrl_c_stops_the_watch_and_leaves_no_process(project):
    command = [sys.executable, "-m", "brochures", "--watch", "--lang", "en", "--topic", "overview"]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    said = []
    with subprocess.Popen(
        command, cwd=project, env=env, stderr=subprocess.PIPE, text=True, bufsize=1
    ) as watcher:
        try:
            for line in watcher.stderr:  # ends if the watcher dies: the asserts below say so
                said.append(line)
                if "watching for changes" in line:
                    break
            processes = _descendants(watcher.pid)
            assert processes, "".join(said)  # the warm worker and multiprocessing's forkserver
            watcher.send_signal(signal.SIGINT)
            code = watcher.wait(timeout=60)
            said += watcher.stderr.readlines()
        finally:
            watcher.kill()
    assert (project / "dist" / "en" / "overview.pdf").is_file(), "".join(said)
    assert code == 130, "".join(said)
    assert "stopped watching" in "".join(said)
    deadline = time.monotonic() + 10  # the forkserver ends when it sees its parent gone
    while not all(_gone(pid) for pid in processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_gone(pid) for pid in processes)
