"""Atomic writes: a reader sees the old file or the new one, never a partial file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brochures.atomic import write_atomically
from brochures.errors import OutputError


def test_writes_and_replaces(tmp_path):
    target = tmp_path / "es" / "cancer.pdf"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert os.listdir(target.parent) == ["cancer.pdf"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "cancer.pdf"
    write_atomically(target, b"good")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError) as caught:
        write_atomically(target, b"new")
    assert "No space left on device" in str(caught.value)
    assert target.read_bytes() == b"good"
    assert os.listdir(tmp_path) == ["cancer.pdf"]


def test_an_interrupt_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "cancer.pdf"

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"x")
    assert os.listdir(tmp_path) == []


def test_unwritable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OutputError) as caught:
        write_atomically(blocker / "es" / "x.pdf", b"x")
    assert "--out" in caught.value.hint


def test_text_is_written_as_utf8_and_readable_by_others(tmp_path):
    target = tmp_path / "fonts.conf"
    write_atomically(target, "<fontconfig>한국어</fontconfig>\n")
    assert target.read_text(encoding="utf-8") == "<fontconfig>한국어</fontconfig>\n"
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_saver_writes_to_a_temporary_path_beside_the_target(tmp_path):
    from brochures.atomic import save_atomically

    target = tmp_path / "fonts" / "subset.otf"
    seen = []

    def save(path):  # as fontTools' TTFont.save does
        seen.append(path)
        assert not target.exists()
        path.write_bytes(b"OTTO")

    save_atomically(target, save)
    assert target.read_bytes() == b"OTTO"
    assert seen[0].parent == target.parent and seen[0] != target
    assert os.listdir(target.parent) == ["subset.otf"]


def test_a_failing_saver_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    from brochures.atomic import save_atomically

    target = tmp_path / "subset.otf"
    write_atomically(target, b"old")

    def broken(path):
        path.write_bytes(b"half")
        raise ValueError("the font cannot be compiled")

    with pytest.raises(ValueError):
        save_atomically(target, broken)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["subset.otf"]


def test_cache_writes_go_through_the_helper_and_say_how_to_move_the_cache(tmp_path, monkeypatch):
    from brochures import atomic
    from brochures.pdf.fonts import FontSet

    written = []
    real = atomic.save_atomically
    monkeypatch.setattr(
        atomic,
        "save_atomically",
        lambda target, save, **kw: written.append(target) or real(target, save, **kw),
    )
    conf = FontSet(tmp_path / "cache").fontconfig_file()
    assert written == [conf] and "<fontconfig>" in conf.read_text(encoding="utf-8")
    assert os.listdir(conf.parent) == ["fonts.conf"]

    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OutputError) as caught:
        FontSet(blocker / "cache").fontconfig_file()
    assert "XDG_CACHE_HOME" in caught.value.hint


def test_a_contact_sheet_goes_layout_by_layout_then_topic_by_topic():
    from brochures.preview import sheet_order

    names = [
        "overview-large-print-print.pdf",
        "cancer-trifold.pdf",
        "overview.pdf",
        "cancer-large-print.pdf",
        "cancer.pdf",
        "cancer-trifold-draft.pdf",
    ]
    ordered = [path.name for path in sorted((Path(n) for n in names), key=sheet_order)]
    assert ordered == [
        "cancer.pdf",
        "overview.pdf",
        "cancer-trifold.pdf",
        "cancer-trifold-draft.pdf",
        "cancer-large-print.pdf",
        "overview-large-print-print.pdf",
    ]
