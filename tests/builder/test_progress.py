"""Progress output: plain lines when not a terminal, a bar on one, nothing with --quiet."""

from __future__ import annotations

import io

from brochures.builder.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_plain_lines_when_not_a_terminal():
    stream = io.StringIO()
    with Progress(stream=stream) as progress:
        for done, path in enumerate(["dist/en/a.pdf", "dist/en/b.pdf"], 1):
            progress.report(path)
            progress.update(done, 2)
    assert stream.getvalue() == "dist/en/a.pdf\ndist/en/b.pdf\n"
    assert progress.bar is None


def test_a_bar_on_a_terminal_for_several_documents(capsys):
    stream = _Terminal()
    with Progress(stream=stream) as progress:
        progress.update(1, 3)
        progress.report("dist/en/a.pdf")
        assert progress.bar is not None and progress.bar.total == 3
    assert "dist/en/a.pdf" in stream.getvalue()
    assert "1/3" in capsys.readouterr().err


def test_a_single_document_prints_just_its_path():
    stream = _Terminal()
    with Progress(stream=stream) as progress:
        progress.update(1, 1)
        progress.report("dist/es/neurological.pdf")
    assert stream.getvalue() == "dist/es/neurological.pdf\n" and progress.bar is None


def test_quiet_prints_nothing():
    stream = _Terminal()
    with Progress(quiet=True, stream=stream) as progress:
        progress.update(1, 5)
        progress.report("dist/en/a.pdf")
    assert stream.getvalue() == ""
