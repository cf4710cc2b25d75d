"""Logging: warnings are counted per run, printed as the CLI always has, and fail a test
that does not expect them."""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import sys

from brochures.logs import LOGGER, console, counting
from conftest import PROJECT, write

log = logging.getLogger("brochures.test")


def test_the_counter_counts_the_warnings_and_errors_of_its_run(logged):
    log.warning("before the run")
    with counting() as counted:
        log.info("a note")
        log.warning("one")
        log.warning("two")
        log.error("three")
        log.critical("four")
    log.warning("after the run")
    assert (counted.warnings, counted.errors) == (2, 2)
    assert counted not in LOGGER.handlers
    assert logged.take() == ["before the run", "one", "two", "three", "four", "after the run"]


def test_the_console_prints_notes_warnings_and_errors_as_the_cli_does(logged):
    stream = io.StringIO()
    with console(stream=stream) as handler:
        log.debug("not shown")
        log.info("3 brochure(s) already up to date")
        log.warning("next_review %s has passed", "2027-11-20")
        log.error("it broke")
    log.warning("after the run: not printed")
    assert stream.getvalue() == (
        "3 brochure(s) already up to date\n"
        "warning: next_review 2027-11-20 has passed\n"
        "error: it broke\n"
    )
    assert handler not in LOGGER.handlers and LOGGER.level == logging.NOTSET
    logged.take()


def test_the_quiet_console_prints_only_errors(logged):
    stream = io.StringIO()
    with console(quiet=True, stream=stream):
        log.info("a note")
        log.warning("a warning")
        log.error("an error")
    assert stream.getvalue() == "error: an error\n"
    logged.take()


def test_without_a_console_the_library_prints_nothing(logged, capsys):
    log.warning("kept in the log")
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""  # a NullHandler, not logging's last resort
    assert logged.take() == ["kept in the log"]


def test_a_test_fails_on_a_warning_it_did_not_expect(tmp_path):
    shutil.copy(PROJECT / "tests" / "conftest.py", tmp_path / "conftest.py")
    write(
        tmp_path / "test_inner.py",
        """
        import logging

        log = logging.getLogger("brochures.inner")

        def test_unexpected():
            log.warning("nobody expects this")

        def test_expected(logged):
            log.warning("this one is expected")
            assert logged.take() == ["this one is expected"]

        def test_a_note_is_not_a_warning():
            log.info("fine")
    """,
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert "3 passed, 1 error" in result.stdout, result.stdout
    assert "ERROR at teardown of test_unexpected" in result.stdout
    assert "WARNING: nobody expects this" in result.stdout
