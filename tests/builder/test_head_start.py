"""Head start: workers load WeasyPrint while the build works out HTML and checks; same PDFs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from brochures.builder.head_start import head_start
from brochures.builder.manifest import Manifest
from brochures.builder.pipeline import Brochures, build_with_result
from brochures.builder.plan import BuildOptions
from brochures.builder.pools import WarmPool
from brochures.errors import CheckError
from conftest import LOCALES, PROJECT, write

# One build in a new process, as `python build.py` runs it: no WeasyPrint loaded yet.
ONE_BUILD = """
import json, os, sys
from pathlib import Path
from brochures.builder.pipeline import build_with_result
from brochures.builder.plan import BuildOptions
options = BuildOptions(langs=("en",), topics=("cancer",), out_dir=Path(sys.argv[1]), jobs=2)
result = build_with_result(options, report=lambda _: None)
print(json.dumps({"parent": os.getpid(), "renderers": [s.pid for s in result.stats]}))
"""


@pytest.fixture
def starts(monkeypatch):
    """The head starts made, with their workers left unstarted."""
    made = []
    monkeypatch.setattr(WarmPool, "start", lambda pool, setup, wait=True: made.append(pool))
    return made


def _run(content_tree, tmp_path, **options):
    defaults = {"content_dir": content_tree, "out_dir": tmp_path / "out", "langs": ("en",)}
    return Brochures(BuildOptions(**{**defaults, **options}))


def test_a_new_document_gets_a_worker_started_before_the_checks(
    content_tree, tmp_path, monkeypatch, starts
):
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    run = _run(content_tree, tmp_path, jobs=2)
    pool = head_start(run, Manifest(run.options.out_dir))
    assert pool is starts[0] and pool.jobs == 1  # one document: one worker


def test_workers_started_are_as_many_as_new_documents_and_cpus_allow(
    content_tree, tmp_path, starts
):
    for n in (2, 3):
        write(
            content_tree / "topics" / f"topic-{n}.yaml",
            (content_tree / "topics" / "test-topic.yaml").read_text(),
        )
    run = _run(content_tree, tmp_path, jobs=2)
    assert head_start(run, Manifest(run.options.out_dir)).jobs == 2
    run = _run(content_tree, tmp_path, jobs=8)
    assert head_start(run, Manifest(run.options.out_dir)).jobs == 3


def test_no_head_start_where_the_render_stays_in_this_process_or_nothing_is_new(
    renderer, content_tree, tmp_path, starts
):
    assert "weasyprint" in sys.modules  # the session's renderer loaded it
    run = _run(content_tree, tmp_path, jobs=2)
    assert head_start(run, Manifest(run.options.out_dir)) is None  # quicker here
    run = _run(content_tree, tmp_path, jobs=1)
    assert head_start(run, Manifest(run.options.out_dir)) is None
    run = _run(content_tree, tmp_path, jobs=2, format="html")
    assert head_start(run, Manifest(run.options.out_dir)) is None
    # Every output was built before: the manifest decides, and a no-change build must not
    # load WeasyPrint anywhere.
    out = tmp_path / "out"
    (out / "en").mkdir(parents=True)
    (out / "en" / "test-topic.pdf").write_bytes(b"%PDF")
    manifest = Manifest(out)
    manifest.record(out / "en" / "test-topic.pdf", "an older key")
    write(
        content_tree / "topics" / "topic-2.yaml",
        (content_tree / "topics" / "test-topic.yaml").read_text(),
    )
    run = _run(content_tree, tmp_path, jobs=2, topics=("test-topic",))
    assert head_start(run, manifest) is None
    assert starts == []


def test_a_build_that_fails_its_checks_kills_the_workers_it_started(
    content_tree, tmp_path, monkeypatch
):
    topic = content_tree / "topics" / "test-topic.yaml"
    topic.write_text(topic.read_text().replace("A paragraph.", "This treatment is a cure."))
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    killed = []  # the worker processes of each pool killed
    real_kill = WarmPool.kill

    def kill(pool):
        executor = pool._pool
        killed.append(list(getattr(executor, "_processes", {}).values()) if executor else [])
        real_kill(pool)

    monkeypatch.setattr(WarmPool, "kill", kill)
    options = BuildOptions(
        content_dir=content_tree, out_dir=tmp_path / "out", langs=("en",), jobs=2
    )
    with pytest.raises(CheckError, match="forbidden health claim"):
        build_with_result(options, report=lambda _: None)
    assert not list((tmp_path / "out").rglob("*.pdf"))  # found before anything is written
    # Killed at once, not left to finish loading WeasyPrint for nothing.
    assert len(killed) == 1 and killed[0], killed
    assert not any(process.is_alive() for process in killed[0])


@pytest.mark.slow
def test_a_cold_one_document_build_renders_in_its_head_start_worker_byte_for_byte(
    renderer, tmp_path
):
    done = subprocess.run(
        [sys.executable, "-c", ONE_BUILD, str(tmp_path / "new")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    pids = json.loads(done.stdout.strip().splitlines()[-1])
    assert pids["renderers"] and pids["parent"] not in pids["renderers"]
    # Here WeasyPrint is loaded, so the same document renders in this process.
    here = build_with_result(
        BuildOptions(
            langs=("en",), topics=("cancer",), out_dir=tmp_path / "here", locales_dir=LOCALES
        ),
        report=lambda _: None,
    )
    assert [s.pid for s in here.stats] == [os.getpid()]
    pdf = Path("en") / "cancer.pdf"
    assert (tmp_path / "new" / pdf).read_bytes() == (tmp_path / "here" / pdf).read_bytes()
