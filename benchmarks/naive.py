"""Turn this tool's HTML into PDFs the naive way: the `weasyprint` command, once per document."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path


class NaiveCLI:
    """The `weasyprint` command with the same fonts and options as this tool.

    The fonts are this tool's prepared ones (static instances, CJK subsets), made before any
    timing from the user's cache: that favours the naive side, which would otherwise pay for
    instancing variable fonts in every document.
    """

    def __init__(self, work: Path, languages: Iterable[str]) -> None:
        from brochures.builder.font_text import cjk_text
        from brochures.defaults import LOCALES_DIR, cache_dir
        from brochures.pdf.fonts import FontSet

        languages = list(languages)
        fonts = FontSet(cache_dir(), cjk_text(languages, LOCALES_DIR, ""))
        work.mkdir(parents=True, exist_ok=True)
        self.stylesheet = work / "fonts.css"
        self.stylesheet.write_text(fonts.font_face_css(languages), encoding="utf-8")
        self.env = {**os.environ, "FONTCONFIG_FILE": str(fonts.fontconfig_file())}
        self.command = (
            shutil.which("weasyprint", path=str(Path(sys.executable).parent)) or "weasyprint"
        )

    def run(self, html: Path, pdf: Path) -> float:
        """Render one document in a new process; return its wall time in seconds."""
        pdf.parent.mkdir(parents=True, exist_ok=True)
        argv = [self.command, "--quiet", "--pdf-variant", "pdf/ua-1", "-s", str(self.stylesheet)]
        started = time.perf_counter()
        subprocess.run(argv + [str(html), str(pdf)], env=self.env, check=True, capture_output=True)
        return time.perf_counter() - started


def naive(html_files: list[Path], work: Path, languages) -> tuple[float, list[Path]]:
    """The weasyprint command once per document, serially; the total time and the PDFs."""
    cli = NaiveCLI(work, languages)
    outputs = []
    started = time.perf_counter()
    for html in html_files:
        pdf = work / "naive" / html.relative_to(work / "html").with_suffix(".pdf")
        cli.run(html, pdf)
        outputs.append(pdf)
    return time.perf_counter() - started, outputs
