"""The command line: main(argv) builds files, prints their paths and maps errors to exit codes."""

from __future__ import annotations

import re
import subprocess
import sys

import pypdf
import pytest
from wcwidth import wcswidth

from brochures.builder import cli
from brochures.i18n.languages import available_languages
from conftest import CLINIC, CONTENT, LOCALES, PROJECT, write


def test_builds_the_readme_example(tmp_path, capsys):
    assert cli.main(["--lang", "es", "--topic", "neurological", "--out", str(tmp_path)]) == 0
    target = tmp_path / "es" / "neurological.pdf"
    assert capsys.readouterr().out.strip() == str(target)
    assert len(pypdf.PdfReader(target).pages) <= 2
    assert [p.name for p in target.parent.iterdir()] == ["neurological.pdf"]  # no temp files


def test_comma_lists_and_html_format(tmp_path, capsys):
    code = cli.main(
        [
            "--lang",
            "en,es",
            "--topic",
            "cancer,cosmetic",
            "--format",
            "html",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html"))
    assert written == ["en/cancer.html", "en/cosmetic.html", "es/cancer.html", "es/cosmetic.html"]
    assert len(capsys.readouterr().out.splitlines()) == 4


def _printable(shipped) -> set[tuple[str, str]]:
    """The (language, topic) leaflets the shipped catalogs can print complete."""
    return {
        (lang, topic)
        for topic in shipped.library.topics
        for lang in shipped.built_in(topic, "leaflet")
    }


def _gap_summary(logged, done: str, matrix, printable) -> None:
    """The one warning a run that skipped documents ends with, naming each skipped
    language; no warning when nothing was skipped."""
    skipped = matrix - printable
    messages = logged.take() if skipped else []
    if skipped:
        assert len(messages) == 1 and f"{len(skipped)} brochure(s) not {done}" in messages[0]
        for lang in {lang for lang, _ in skipped}:
            assert re.search(rf"^  (?:[\w-]+, )*{lang}(?:, [\w-]+)*: ", messages[0], re.M)


def test_omitted_lang_and_topic_mean_all(tmp_path, shipped, logged):
    assert cli.main(["--format", "html", "--out", str(tmp_path)]) == 0
    topics = {p.stem for p in (CONTENT / "topics").glob("*.yaml")}
    matrix = {(lang, topic) for lang in available_languages(LOCALES) for topic in topics}
    written = {(p.parent.name, p.stem) for p in tmp_path.rglob("*.html")}
    # Every document its language can print; English, the source, prints every topic.
    assert written == _printable(shipped) & matrix
    assert {("en", topic) for topic in topics} <= written
    _gap_summary(logged, "built", matrix, written)


def test_regional_tag_falls_back_and_keeps_its_folder_name(tmp_path):
    assert (
        cli.main(
            ["--lang", "es-MX", "--topic", "cancer", "--format", "html", "--out", str(tmp_path)]
        )
        == 0
    )
    assert (tmp_path / "es" / "cancer.html").is_file()


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["--topic", "neurologic"], "unknown topic 'neurologic'"),
        (["--lang", "klingon"], "unknown language 'klingon'"),
        (["--format", "docx"], "invalid choice"),
        (["--paper", "a5"], "invalid choice"),
        # Option values out of range (issue 18): refused before any work, never exit 1.
        (["--timeout", "-5"], "argument --timeout: give a number of seconds above 0"),
        (["--timeout", "nan"], "argument --timeout: give a number of seconds above 0"),
        (["--timeout", "inf"], "argument --timeout"),
        (["--timeout", "1e9"], "at most 86400"),
        (["--memory-limit", "-1"], "a limit cannot be switched off"),
        (["--memory-limit", "10"], "from 256 to"),
        (["--memory-limit", "3.5"], "whole number of megabytes"),
        (["--jobs", "-3"], "argument --jobs: give a whole number of workers, 1 or more"),
        (["--jobs", "0"], "argument --jobs"),
    ],
)
def test_bad_usage_exits_2_with_a_message(argv, expected, capsys, tmp_path):
    assert cli.main(argv + ["--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_unknown_topic_lists_the_valid_ones_and_the_closest(capsys):
    assert cli.main(["--topic", "neurologic"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'neurological'" in err and "overview" in err


def test_bad_clinic_profile_exits_2_naming_file_and_field(tmp_path, capsys):
    profile = write(
        tmp_path / "clinic.yaml",
        """
        name: Test
        address: [x]
        phone: "1"
        website: https://clinic.example
        country: US
        colour: red
    """,
    )
    assert cli.main(["--clinic", str(profile), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{profile}:6: colour: unknown key" in err


def test_a_profile_with_several_problems_lists_them_all_and_exits_2(tmp_path, capsys):
    profile = write(
        tmp_path / "clinic.yaml",
        """
        name: Test
        address: [x]
        phone: "1"
        website: http://clinic.example
        country: England
        colour: red
    """,
    )
    assert cli.main(["--clinic", str(profile), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: 3 problems in {profile}:\n")
    for line in (
        f"  {profile}:4: website: expected an https:// web address",
        f"  {profile}:5: country: 'England' is not a two-letter country code",
        f"  {profile}:6: colour: unknown key",
    ):
        assert line in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback(tmp_path, capsys):
    assert cli.main(["--topic", "nope", "--debug"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_unwritable_output_folder_exits_2(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert (
        cli.main(["--topic", "cancer", "--lang", "en", "--format", "html", "--out", str(blocker)])
        == 2
    )
    assert "cannot write" in capsys.readouterr().err


def test_list_shows_topics_and_translation_progress(capsys):
    assert cli.main(["--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    topics = {p.stem for p in (CONTENT / "topics").glob("*.yaml")}
    assert topics <= {line.strip() for line in lines}
    rows = {line.split()[0]: line for line in lines[lines.index("Languages:") + 2 :]}
    assert set(rows) == set(available_languages(LOCALES))
    assert "español" in rows["es"]
    # Each row ends with its percentage, how many topics it can print complete and how far
    # its translation has been reviewed (English is the source).
    review = r"(source|machine-draft|unreviewed|community-review|professional-review)"
    assert all(
        re.search(rf"%\s+\d+ of {len(topics)}  {review}( \(needs review\))?$", row.rstrip())
        for row in rows.values()
    )
    assert re.search(rf"100\.0%\s+{len(topics)} of {len(topics)}  source$", rows["en"].rstrip())
    assert rows["es"].rstrip().endswith("  machine-draft")


def _cell_edges(line: str) -> list[int]:
    """The terminal columns where each cell of a --list row starts (code, name) and ends
    (the four numbers), measured with wcwidth; the bidi isolates are drawn as nothing."""
    line = re.sub("[\u2066-\u2069]", "", line)
    line = re.sub(r"  (review|source|[a-z]+-[a-z]+|unreviewed)( \(needs review\))?$", "", line)
    ready = re.search(r"\s+(\d+ of \d+|topics ready)$", line)
    assert ready is not None
    numbers = line[: ready.start()]
    cells = list(re.finditer(r"\S+", numbers))
    name_start = re.match(r"  \S+ +", line)
    assert name_start is not None
    return [
        wcswidth(line[: cells[0].start()]),
        wcswidth(line[: name_start.end()]),
        *(wcswidth(numbers[: cell.end()]) for cell in cells[-4:]),
        wcswidth(line),
    ]


def test_list_lines_up_wide_and_right_to_left_language_names(capsys):
    assert cli.main(["--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    table = lines[lines.index("Languages:") + 1 :]
    rows = {line.split()[0]: line for line in table}
    assert {"zh-Hans", "ko", "hi", "ar"} <= set(rows)
    header = _cell_edges(table[0])
    assert {code: _cell_edges(row) for code, row in rows.items()} == dict.fromkeys(rows, header)


def test_paper_option_overrides_the_clinic(tmp_path):
    assert (
        cli.main(
            ["--lang", "en", "--topic", "diagnostics", "--paper", "a4", "--out", str(tmp_path)]
        )
        == 0
    )
    # The example clinic is in the US (letter): A4 is a variant, with a name of its own.
    box = pypdf.PdfReader(tmp_path / "en" / "diagnostics-a4.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_an_unexpected_failure_exits_1_without_a_traceback(tmp_path, capsys, monkeypatch):
    import brochures.builder.pipeline

    def crash(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(brochures.builder.pipeline, "render_html", crash)
    assert cli.main(["--lang", "en", "--topic", "cancer", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "RuntimeError: disk on fire" in err and "Traceback" not in err


def test_one_failing_brochure_does_not_stop_the_others(tmp_path, capsys, monkeypatch):
    import brochures.builder.pipeline

    real = brochures.builder.pipeline.render_html

    def fail_cancer(topic, *args, **kwargs):
        if topic.slug == "cancer":
            raise RuntimeError("only this one")
        return real(topic, *args, **kwargs)

    monkeypatch.setattr(brochures.builder.pipeline, "render_html", fail_cancer)
    assert (
        cli.main(
            [
                "--lang",
                "en",
                "--topic",
                "cancer,cosmetic",
                "--format",
                "html",
                "--out",
                str(tmp_path),
            ]
        )
        == 1
    )
    captured = capsys.readouterr()
    assert (tmp_path / "en" / "cosmetic.html").is_file()
    assert "1 brochure(s) failed" in captured.err and "en/cancer" in captured.err


def test_check_prints_a_score_for_every_brochure(capsys, shipped, logged):
    assert cli.main(["--check"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.endswith("  ok")]
    topics = {p.stem for p in (CONTENT / "topics").glob("*.yaml")}
    matrix = {(lang, topic) for lang in available_languages(LOCALES) for topic in topics}
    # One score per document a language can print, and one for its web page; the others
    # end the report as a note.
    scored = {tuple(row.split()[:3]) for row in rows}
    printable = _printable(shipped) & matrix
    assert len(rows) == len(scored) == 2 * len(printable)
    assert scored == {(*doc, edition) for doc in printable for edition in ("print", "web")}
    _gap_summary(logged, "checked", matrix, {doc[:2] for doc in scored})
    assert "Flesch-Kincaid grade" in out and "INFLESZ (Szigriszt-Pazos)" in out


def test_a_forbidden_claim_stops_the_build_naming_file_line_and_phrase(
    content_tree, tmp_path, capsys, monkeypatch
):
    import brochures.builder.plan

    route = content_tree / "routes" / "iv.yaml"
    text = route.read_text()
    assert text.splitlines()[2] == "what_to_expect: A small pinch."
    route.write_text(text.replace("A small pinch.", "A small miracle pinch."))
    original = brochures.builder.plan.BuildOptions
    monkeypatch.setattr(
        cli,
        "BuildOptions",
        lambda **kw: original(content_dir=content_tree, locales_dir=LOCALES, **kw),
    )
    monkeypatch.chdir(tmp_path)
    assert (
        cli.main(
            [
                "--lang",
                "en",
                "--topic",
                "test-topic",
                "--clinic",
                str(CLINIC),
                "--out",
                str(tmp_path / "o"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "content/routes/iv.yaml:3: forbidden claim 'miracle'" in err
    assert not (tmp_path / "o").exists()


def _warn_while_rendering(monkeypatch, message="a warning from the render"):
    """Make every brochure of the run log one warning, as a future check might."""
    import logging

    import brochures.builder.pipeline

    real = brochures.builder.pipeline.render_html

    def warning_render(*args, **kwargs):
        logging.getLogger("brochures.test").warning(message)
        return real(*args, **kwargs)

    monkeypatch.setattr(brochures.builder.pipeline, "render_html", warning_render)


def test_warnings_print_on_stderr_and_quiet_hides_them(tmp_path, capsys, monkeypatch, logged):
    _warn_while_rendering(monkeypatch, "next_review 2027-11-20 has passed")
    argv = [
        "--lang",
        "en",
        "--topic",
        "cancer",
        "--format",
        "html",
        "--force",
        "--out",
        str(tmp_path),
    ]
    assert cli.main(argv) == 0
    assert capsys.readouterr().err == "warning: next_review 2027-11-20 has passed\n"
    assert cli.main(argv + ["--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    assert logged.take() == ["next_review 2027-11-20 has passed"] * 2


def test_a_release_build_that_warned_exits_2_and_says_why(tmp_path, capsys, monkeypatch, logged):
    _warn_while_rendering(monkeypatch)
    argv = [
        "--lang",
        "en",
        "--topic",
        "cancer,cosmetic",
        "--format",
        "html",
        "--out",
        str(tmp_path),
    ]
    assert cli.main(argv + ["--release"]) == 2
    err = capsys.readouterr().err
    assert "warning: a warning from the render\n" in err
    assert "error: 2 warning(s) in a release build, and --release makes warnings errors" in err
    # What it wrote is not current: the next release build sees the warnings again.
    assert cli.main(argv + ["--release"]) == 2
    assert "error: 2 warning(s)" in capsys.readouterr().err
    assert cli.main(argv) == 0
    assert len(logged.take()) == 6


def test_a_reader_that_stops_early_is_not_an_unexpected_error():
    """`python build.py --list | head -0`: the reader has gone before anything is printed."""
    with subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "--list"],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # long before the command has imported enough to print
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=120)
    assert code == cli.EXIT_CLOSED_PIPE, stderr
    assert "unexpected error" not in stderr and "Traceback" not in stderr, stderr


def test_the_start_of_a_topic_suggests_it(capsys):
    assert cli.main(["--topic", "neuro"]) == 2
    assert "did you mean 'neurological'" in capsys.readouterr().err


def test_paper_sizes_are_case_insensitive(tmp_path):
    argv = ["--lang", "en", "--topic", "overview", "--layout", "leaflet", "--format", "html"]
    assert cli.main(argv + ["--paper", "A4", "--out", str(tmp_path), "--quiet"]) == 0
    assert "size: A4" in (tmp_path / "en" / "overview-a4.html").read_text(encoding="utf-8")


def test_a_missing_clinic_profile_says_what_to_copy(tmp_path, capsys):
    assert cli.main(["--clinic", str(tmp_path / "ours.yaml"), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "clinic profile not found" in err and "copy content/clinic.yaml" in err


def test_too_many_jobs_are_capped_with_a_note(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli, "default_jobs", lambda: 2)
    seen = []
    monkeypatch.setattr(cli, "_run", lambda args, options: seen.append(options.jobs) or 0)
    assert cli.main(["--jobs", "1000", "--out", str(tmp_path)]) == 0
    assert seen == [8]
    assert "--jobs 1000 is more than 4 a CPU: using 8" in capsys.readouterr().err
    assert cli.main(["--jobs", "3", "--out", str(tmp_path)]) == 0
    assert seen == [8, 3]
