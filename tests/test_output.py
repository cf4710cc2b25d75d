"""Atomic writes: a reader sees the old file or the new one, never a partial file."""

from __future__ import annotations

import os

import pytest

from brochures.errors import OutputError
from brochures.atomic import write_atomically


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
