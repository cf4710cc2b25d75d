"""Incremental builds and shards: skip what is current, rebuild exactly what changed, split
the matrix so that every document is built once."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys

import pytest

from brochures import defaults
from brochures.builder.pipeline import build_with_result
from brochures.builder.plan import BuildOptions, plan
from brochures.content.library import load_library
from conftest import CONTENT, LOCALES, PROJECT


def _copy_project_inputs(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    return locales


def _build(tmp_path, locales, **kw):
    options = BuildOptions(
        langs=("en", "es", "fr"),
        topics=("cancer", "cosmetic"),
        format="html",
        out_dir=tmp_path / "out",
        locales_dir=locales,
        **kw,
    )
    return build_with_result(options, report=lambda _: None)


def _names(paths, root):
    return sorted(p.relative_to(root).as_posix() for p in paths)


def test_unchanged_outputs_are_skipped_and_one_catalog_rebuilds_only_its_language(tmp_path):
    locales = _copy_project_inputs(tmp_path)
    first = _build(tmp_path, locales)
    assert len(first.written) == 6 and first.skipped == []
    second = _build(tmp_path, locales)
    assert second.written == [] and len(second.skipped) == 6
    # Touch one catalog's content: only that language is built again.
    po = locales / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text() + "\n")
    third = _build(tmp_path, locales)
    assert _names(third.written, tmp_path / "out") == ["es/cancer.html", "es/cosmetic.html"]
    assert len(third.skipped) == 4


def test_force_and_a_deleted_or_changed_output_rebuild(tmp_path):
    locales = _copy_project_inputs(tmp_path)
    _build(tmp_path, locales)
    (tmp_path / "out" / "en" / "cancer.html").unlink()
    (tmp_path / "out" / "fr" / "cosmetic.html").write_text("damaged")
    again = _build(tmp_path, locales)
    assert _names(again.written, tmp_path / "out") == ["en/cancer.html", "fr/cosmetic.html"]
    assert len(_build(tmp_path, locales, force=True).written) == 6


def test_other_options_are_other_outputs(tmp_path):
    locales = _copy_project_inputs(tmp_path)
    _build(tmp_path, locales)
    assert len(_build(tmp_path, locales, paper="a4").written) == 6  # same paths, new key


def test_a_build_where_nothing_changed_does_not_import_the_renderer(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "build.py", "--lang", "en", "--topic", "cancer", "--out", str(out)]
    subprocess.run(command, cwd=PROJECT, check=True, capture_output=True)
    pdf = out / "en" / "cancer.pdf"
    before = pdf.read_bytes(), pdf.stat().st_mtime_ns
    # PYTHONPROFILEIMPORTTIME makes Python list every module it imports on stderr.
    result = subprocess.run(
        command,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"},
    )
    assert "weasyprint" not in result.stderr.replace("already up to date", "")
    assert "1 brochure(s) already up to date" in result.stderr
    # Nothing was rendered or written again. How fast that is, is benchmarks/run.py's
    # "nothing changed" phase (target < 1 s), not an assertion on a shared machine's clock.
    assert (pdf.read_bytes(), pdf.stat().st_mtime_ns) == before


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7])
def test_shards_partition_the_matrix(library, count):
    options = BuildOptions(layouts=("all",))
    every = plan(options, library)
    shards = [
        plan(BuildOptions(layouts=("all",), shard=(k, count)), library) for k in range(1, count + 1)
    ]
    flat = list(itertools.chain.from_iterable(shards))
    assert sorted(flat, key=lambda j: j.name) == sorted(every, key=lambda j: j.name)
    assert len(set(flat)) == len(flat) == len(every)
    sizes = [len(shard) for shard in shards]
    assert max(sizes) - min(sizes) <= 1


def test_the_full_matrix_is_every_topic_language_and_layout(library):
    from brochures.i18n.languages import available_languages

    jobs = plan(BuildOptions(layouts=("all",)), library)
    assert len(jobs) == (
        len(library.topics) * len(available_languages(LOCALES)) * len(defaults.LAYOUTS)
    )


def test_a_shard_that_does_not_exist_is_a_usage_error(library):
    from brochures.errors import UsageError

    with pytest.raises(UsageError):
        plan(BuildOptions(shard=(5, 4)), load_library(CONTENT))


def test_an_output_damaged_in_place_but_keeping_its_size_is_rebuilt(tmp_path):
    locales = _copy_project_inputs(tmp_path)
    _build(tmp_path, locales)
    damaged = tmp_path / "out" / "es" / "cancer.html"
    good = damaged.read_bytes()
    damaged.write_bytes(good[:100] + bytes([good[100] ^ 1]) + good[101:])  # one bit flipped
    again = _build(tmp_path, locales)
    assert _names(again.written, tmp_path / "out") == ["es/cancer.html"]
    assert damaged.read_bytes() == good


def test_the_key_covers_every_module_of_the_package(tmp_path, monkeypatch, clinic):
    from brochures.builder import manifest

    package = tmp_path / "brochures"
    shutil.copytree(manifest.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(manifest, "PACKAGE_DIR", package)
    options = BuildOptions(locales_dir=LOCALES)

    def shared_key():
        return manifest.Inputs.gather(options, ["en"], clinic).shared

    before = shared_key()
    for module in ("atomic.py", "html/filters.py", "pdf/renderer.py", "builder/manifest.py"):
        (package / module).write_text((package / module).read_text() + "# edited\n")
        after = shared_key()
        assert after != before, module
        before = after


@pytest.mark.parametrize(
    "content, warning",
    [
        (b"[]", "is not a manifest this tool wrote"),
        (b'"a string"', "is not a manifest this tool wrote"),
        (b"{not json", "is not a manifest this tool wrote"),
        (b"\xff\xfe\x00garbage", "cannot be read"),
        (b'{"es/cancer.html": 1, "en/cancer.html": {"key": 5}}', "2 entries of another shape"),
    ],
)
@pytest.mark.parametrize("force", [False, True])
def test_a_manifest_of_another_shape_is_ignored_with_a_warning_and_rebuilt(
    tmp_path, logged, content, warning, force
):
    from brochures.builder.manifest import MANIFEST_NAME

    locales = _copy_project_inputs(tmp_path)
    manifest = tmp_path / "out" / MANIFEST_NAME
    manifest.parent.mkdir(parents=True)
    manifest.write_bytes(content)
    result = _build(tmp_path, locales, force=force)
    assert len(result.written) == 6  # 3 languages x 2 topics, all built
    assert any(warning in message for message in logged.take())
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    assert sorted(entries) == _names(result.written, tmp_path / "out")
    assert not _build(tmp_path, locales).written  # and the next build trusts the new one
