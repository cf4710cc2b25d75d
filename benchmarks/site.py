#!/usr/bin/env python3
"""Benchmark the web edition against the PDF build it extends, side by side, in one run.

    python benchmarks/site.py                     # every topic and language
    python benchmarks/site.py --langs en,es,ar    # a smaller matrix

It prints, on this machine, each in a fresh output folder with the font cache warm:
  (a) pdf      python build.py --layout all: every printed layout, as a release builds them
  (b) site     python build.py --format site: the same PDFs, with a page beside each
               brochure, the lists, the home page and the assets
  (c) no-op    the site again, nothing changed
and what (b) adds to (a), in seconds and as a share, with the site's size. (a) is run
again after (b), because a shared machine's speed drifts over minutes. Nothing in the
project is changed: the outputs go to a temporary folder.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "build.py", "--quiet", *args], cwd=PROJECT, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--langs", help="comma list of languages (default: all)")
    args = parser.parse_args()
    langs = ["--lang", args.langs] if args.langs else []
    with tempfile.TemporaryDirectory(prefix="brochures-site-bench-") as tmp:
        out = Path(tmp)
        _run("--layout", "all", "--lang", "en", "--topic", "overview", "--out", str(out / "warm"))
        pdf = [_run("--layout", "all", *langs, "--out", str(out / "pdf-1"))]
        site = _run("--format", "site", *langs, "--out", str(out / "site"))
        noop = _run("--format", "site", *langs, "--out", str(out / "site"))
        pdf.append(_run("--layout", "all", *langs, "--out", str(out / "pdf-2")))
        files = [p for p in (out / "site").rglob("*") if p.is_file()]
        pages = [p for p in files if p.suffix == ".html"]
        pdfs = [p for p in files if p.suffix == ".pdf"]
        size = sum(p.stat().st_size for p in files if p.suffix != ".pdf")
    best = min(pdf)
    print(f"{'run':<10} {'seconds':>8}")
    print(f"{'(a) pdf':<10} {pdf[0]:>8.1f}   (again after (b): {pdf[1]:.1f})")
    print(f"{'(b) site':<10} {site:>8.1f}   {len(pages)} pages, {len(pdfs)} PDFs")
    print(f"{'(c) no-op':<10} {noop:>8.1f}")
    print(
        f"the site adds {site - best:+.1f} s to the faster PDF run ({site / best - 1:+.1%}); "
        f"pages, fonts and assets: {size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
