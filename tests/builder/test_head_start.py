"""The head start of a cold build: what the forked child finds is what the build would find."""

from __future__ import annotations

import pytest

from brochures.builder import head_start as head
from brochures.builder.manifest import MANIFEST_NAME
from brochures.builder.pipeline import Brochures, renderer_setup
from brochures.builder.plan import BuildOptions


def _run(tmp_path, **options) -> Brochures:
    defaults = {
        "langs": ("es", "ar"),
        "topics": ("neurological",),
        "out_dir": tmp_path / "out",
        "jobs": 1,  # rendered in this process
    }
    return Brochures(BuildOptions(**{**defaults, **options}))


@pytest.fixture
def many_cpus(monkeypatch):
    monkeypatch.setattr(head, "_cpus", lambda: 2)


def test_the_child_finds_what_the_build_would_find(tmp_path, many_cpus):
    started = _run(tmp_path)
    setup = head.head_start(started, {}, renderer_setup)
    alone = _run(tmp_path)
    head._find(alone)  # what sort_out and built_in work out in this process
    assert started.found_missing() == alone.found_missing()
    assert len(started.found_missing()) > 2  # every language's, for "also available in"
    assert setup == renderer_setup(alone)


def test_no_head_start_for_html_one_cpu_or_outputs_already_recorded(tmp_path, monkeypatch):
    monkeypatch.setattr(head, "_cpus", lambda: 2)
    assert head.worth_a_head_start(_run(tmp_path), {})
    assert not head.worth_a_head_start(_run(tmp_path, format="html"), {})
    assert not head.worth_a_head_start(_run(tmp_path, jobs=2), {})  # workers render
    assert head.worth_a_head_start(_run(tmp_path, jobs=2, langs=("es",)), {})  # one: here
    run = _run(tmp_path)
    known = {job: {} for job in run.jobs}
    assert not head.worth_a_head_start(run, known)  # the output folder knows it all
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / MANIFEST_NAME).write_text(
        '{"es/neurological.pdf": {}, "ar/neurological.pdf": {}}'
    )
    assert not head.worth_a_head_start(_run(tmp_path), {})  # nothing new to render
    monkeypatch.setattr(head, "_cpus", lambda: 1)
    (tmp_path / "out" / MANIFEST_NAME).unlink()
    assert not head.worth_a_head_start(_run(tmp_path), {})


def test_a_child_that_fails_hands_back_nothing(tmp_path, many_cpus, monkeypatch):
    def broken(run):
        raise RuntimeError("the child breaks")

    monkeypatch.setattr(head, "_find", broken)
    run = _run(tmp_path)
    assert head.head_start(run, {}, renderer_setup) is None
    assert run.found_missing() == {}  # the build finds it all out itself, as before
