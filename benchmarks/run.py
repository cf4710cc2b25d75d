#!/usr/bin/env python3
"""Benchmark the brochure build against the naive approach, side by side, in one run.

    python benchmarks/run.py                      # every row: the full matrix, then (f), (g)
    python benchmarks/run.py --langs en,es,ar     # a smaller matrix
    python benchmarks/run.py --rows f,g           # only the one-document rows (a minute)

It prints, on this machine:
  (a) naive    the `weasyprint` command once per document, serially, on this tool's HTML
  (b) cold     this tool, fresh output folder, one worker per CPU; run twice, before and
               after (a), because a shared machine's speed drifts over minutes
  (c) no-op    this tool again, nothing changed (a new process, as a user would run it)
  (d) one .po  this tool after one catalog changed (only that language is rebuilt)
  (e) floor    the sum of the in-process render times divided by the number of CPUs
with ratios, peak RSS per worker and mean PDF size per layout; (a) to (e) are measured
together, so naming any of them in --rows runs the matrix. For one document (--document):
  (f) first    the `weasyprint` command against this tool's first build on an empty cache
  (g) watch    a save under --watch against a one-shot rebuild after the same save
Nothing in the project is changed: it works on copies of content/ and locales/ in a
temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from naive import naive  # noqa: E402  (beside this file)
from one_document import Document, first_build, watch_save  # noqa: E402

MATRIX_ROWS = set("abcde")
ROWS = "abcdefg"

# One build in a fresh process; prints JSON about what it did.
PHASE = """
import json, sys, time
from pathlib import Path
from brochures.builder.pipeline import build_with_result
from brochures.builder.plan import BuildOptions
options = BuildOptions(langs={langs!r}, layouts={layouts!r}, out_dir=Path({out!r}),
                       locales_dir=Path({locales!r}))
started = time.perf_counter()
result = build_with_result(options, report=lambda _: None)
print(json.dumps({{"seconds": time.perf_counter() - started, "written": len(result.written),
    "skipped": len(result.skipped), "weasyprint": "weasyprint" in sys.modules,
    "stats": [[s.key, s.seconds, s.peak_rss_mb, s.pid, s.passes] for s in result.stats]}}))
"""


def phase(langs, layouts, out: Path, locales: Path) -> dict:
    code = PHASE.format(langs=langs, layouts=layouts, out=str(out), locales=str(locales))
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    from weasyprint.text.ffi import harfbuzz_subset

    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"WeasyPrint {version('weasyprint')}, HarfBuzz subsetting: "
        f"{'yes' if harfbuzz_subset else 'no (fontTools fallback)'}, {platform.platform()}"
    )


def run_matrix(langs, layouts, work: Path) -> None:
    """Rows (a) to (e): the matrix the naive way, cold, again, after one .po; the floor."""
    from brochures import defaults
    from brochures.builder.pipeline import build_with_result
    from brochures.builder.plan import BuildOptions
    from brochures.i18n.languages import available_languages

    languages = available_languages(defaults.LOCALES_DIR)
    locales = work / "locales"
    shutil.copytree(defaults.LOCALES_DIR, locales)

    # The HTML this tool generates, for the naive baseline.
    html = build_with_result(
        BuildOptions(langs=langs, layouts=layouts, format="html", out_dir=work / "html"),
        report=lambda _: None,
    ).written
    # Cold builds on either side of the naive baseline, each into a fresh folder: a
    # machine that slows down or speeds up during the run favours neither side.
    colds = [phase(langs, layouts, work / "out-before", locales)]
    naive_seconds, naive_pdfs = naive(html, work, languages)
    out = work / "out"
    colds.append(phase(langs, layouts, out, locales))
    cold = colds[-1]
    cold_seconds = statistics.mean(run["process_seconds"] for run in colds)
    noop = phase(langs, layouts, out, locales)
    touched_lang = "es"
    po = locales / touched_lang / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    one_po = phase(langs, layouts, out, locales)

    cpus = len(os.sched_getaffinity(0))
    render_sums = [sum(s[1] for s in run["stats"]) for run in colds]
    render_sum = statistics.mean(render_sums)
    floor = render_sum / cpus
    rss = {}
    passes = {}
    for key, _, peak, pid, count in cold["stats"]:
        rss[pid] = max(rss.get(pid, 0), peak)
        layout = next(
            (name for name in ("trifold", "large-print") if key.endswith(name)), "leaflet"
        )
        passes.setdefault(layout, []).append(count)
    sizes = {}
    for pdf in out.rglob("*.pdf"):
        layout = next(
            (name for name in ("trifold", "large-print") if pdf.stem.endswith(name)), "leaflet"
        )
        group = f"{layout} (CJK)" if pdf.parent.name in ("zh-Hans", "ko") else layout
        sizes.setdefault(group, []).append(pdf.stat().st_size)

    documents = cold["written"]
    languages = "all" if langs is None else ",".join(langs)
    shown = f"{languages} languages, layouts {','.join(layouts)}"
    print(f"matrix: {documents} documents ({shown})\n")
    rows = [
        ("(a) naive: weasyprint CLI per document", naive_seconds, f"{len(naive_pdfs)} PDFs"),
        (
            "(b) this tool, cold (mean of 2)",
            cold_seconds,
            f"{cold['written']} written; before (a) {colds[0]['process_seconds']:.2f} s, "
            f"after {colds[1]['process_seconds']:.2f} s",
        ),
        (
            "(c) this tool, nothing changed",
            noop["process_seconds"],
            f"{noop['written']} written, {noop['skipped']} current, "
            f"WeasyPrint imported: {noop['weasyprint']}",
        ),
        (
            f"(d) after touching {touched_lang}.po",
            one_po["process_seconds"],
            f"{one_po['written']} written, {one_po['skipped']} current",
        ),
        (
            "(e) floor: render time / CPUs",
            floor,
            f"{render_sum:.1f} s of renders / {cpus} "
            f"({' and '.join(f'{value:.1f}' for value in render_sums)})",
        ),
    ]
    for label, seconds, note in rows:
        print(f"{label:<42} {seconds:9.2f} s   {note}")
    print()
    each = ", ".join(f"{naive_seconds / run['process_seconds']:.2f}x" for run in colds)
    print(
        f"naive / cold            {naive_seconds / cold_seconds:6.2f}x  (target >= 5x; "
        f"before and after (a): {each})"
    )
    print(f"cold / floor            {cold_seconds / floor:6.2f}x  (target <= 1.3x)")
    print(f"no change               {noop['process_seconds']:6.2f} s  (target < 1 s)")
    print(
        "peak RSS per worker     "
        + ", ".join(f"{mb:.0f} MB" for mb in sorted(rss.values()))
        + "  (target < 300 MB)"
    )
    for layout in sorted(passes):
        print(
            f"layout passes per {layout:<12} {statistics.mean(passes[layout]):6.2f} "
            f"(text-size fitting; 1 = laid out once)"
        )
    for group in sorted(sizes):
        values = sizes[group]
        print(
            f"mean PDF size {group:<18} {statistics.mean(values) / 1024:6.0f} KB over {len(values)}"
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--langs", default="all", help="the matrix's languages (default: all)")
    parser.add_argument("--layouts", default="all", help="the matrix's layouts (default: all)")
    parser.add_argument(
        "--rows", default=",".join(ROWS), help="rows to run, e.g. f,g (default: all of a-g)"
    )
    parser.add_argument(
        "--document",
        type=Document.parse,
        default=Document("es", "neurological", "leaflet"),
        metavar="LANG/TOPIC[/LAYOUT]",
        help="the document of rows (f) and (g) (default: es/neurological)",
    )
    args = parser.parse_args(argv)
    langs = None if args.langs == "all" else tuple(args.langs.split(","))
    layouts = tuple(args.layouts.split(","))
    rows = {row.strip() for row in args.rows.split(",") if row.strip()}
    if not rows or not rows <= set(ROWS):
        parser.error(f"--rows: give letters of {', '.join(ROWS)}, comma-separated")

    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="brochures-bench-") as folder:
        work = Path(folder)
        if rows & MATRIX_ROWS:
            run_matrix(langs, layouts, work / "matrix")
        for row, measure in (("f", first_build), ("g", watch_save)):
            if row in rows:
                print()
                for line in measure(args.document, work / row):
                    print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
