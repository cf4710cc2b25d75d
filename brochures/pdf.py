"""Turn brochure HTML into PDF bytes with WeasyPrint, sandboxed and with packaged fonts only."""

from __future__ import annotations

import datetime as dt
import logging
import re
import os
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .defaults import LOCALES_DIR, cache_dir
from .errors import RenderError
from .fonts import FontSet, cjk_text
from .glyphs import check_glyphs

PDF_OPTIONS = {
    "pdf_variant": "pdf/ua-1",       # tagged and accessible; needs <title> and <html lang>
    "presentational_hints": False,   # HTML attributes never turn into CSS
}

# The tri-fold panels' bottom padding (trifold.css): text must end above it.
PANEL_PADDING_BOTTOM_PX = 8 * 96 / 25.4

# WeasyPrint warnings that do not make a brochure wrong; every other one fails the render.
HARMLESS_WARNINGS = (
    "with fontTools",  # subsetting fell back to fontTools: slower, same output
)




class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _weasyprint_warnings():
    """Collect WeasyPrint's warnings for the duration of one render."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    old_propagate = logger.propagate
    logger.propagate = False
    try:
        yield collector.records
    finally:
        logger.removeHandler(collector)
        logger.propagate = old_propagate


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    text_size: float  # the root text size (pt) at which it fitted


_PANEL_END = re.compile(r'<i class="panel-end" id="(panel-end-(\d+)-\d+)" title="([^"]*)">')


def _last_page_fill(document) -> float:
    """How much of the last page's content area the document uses (0 to 1)."""
    page = document.pages[-1]._page_box  # WeasyPrint's layout tree (see overflowing_panels)
    top = page.content_box_y()
    bottom = max((child.position_y + child.margin_height() for child in page.children
                  if not getattr(child, "at_keyword", None)), default=top)
    return min(max((bottom - top) / page.height, 0.0), 1.0)


def overflowing_panels(document, html: str) -> list[str]:
    """Names of the fixed-size panels whose content does not end inside the panel.

    Each panel ends with an empty marker element (`panel-end`); WeasyPrint records where
    every element with an id landed (`page.anchors`). A marker missing from its sheet, or
    lower than the panel's bottom padding, means text was cut off or pushed elsewhere.
    """
    found = []
    for match in _PANEL_END.finditer(html):
        anchor, sheet, name = match.group(1), int(match.group(2)), match.group(3)
        page = document.pages[sheet] if sheet < len(document.pages) else None
        position = page.anchors.get(anchor) if page else None
        if position is None or position[1] > page.height - PANEL_PADDING_BOTTOM_PX + 0.5:
            found.append(name)
    return found


class PdfRenderer:
    """Renders many brochures in one process, loading fonts and WeasyPrint only once."""

    def __init__(self, base_dir: Path, asset_dirs: set[Path] | list[Path],
                 languages: list[str] | tuple[str, ...],
                 cjk: dict[str, str] | None = None) -> None:
        """`cjk`: the text each CJK font must draw (see fonts.cjk_text); by default, what
        the project's own catalogs and the language names need."""
        if cjk is None:
            cjk = cjk_text(languages, LOCALES_DIR, "")
        self.fonts = FontSet(cache_dir(), cjk)
        # Fontconfig reads this when WeasyPrint creates a font configuration: it lists no
        # font folder, so no host font can leak into a brochure.
        os.environ["FONTCONFIG_FILE"] = str(self.fonts.fontconfig_file())
        self.base_dir = Path(base_dir).resolve()
        self.roots = {self.base_dir, *map(Path, asset_dirs), *self.fonts.folders()}
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "No fonts configured in FontConfig")
            # Slow import (about a second): only when something is really rendered.
            from weasyprint.text.fonts import FontConfiguration
            self.font_config = FontConfiguration()
        self._font_css = self.fonts.font_face_css(languages)

    def render(self, html: str, *, lang: str, max_pages: int | None, date: dt.date,
               text_sizes: tuple[float, ...] = (10,),
               extra_roots: set[Path] = frozenset()) -> RenderedPdf:
        """Render to PDF; fail on overflow and on any WeasyPrint warning.

        The text is set at the largest of `text_sizes` (points, largest first) at which the
        document fits `max_pages`: short brochures get bigger type, long ones still fit.
        """
        from weasyprint import CSS, HTML

        from .fetcher import SandboxedFetcher

        check_glyphs(html, lang, self.fonts.cmaps)
        fetcher = SandboxedFetcher(self.roots | set(extra_roots))
        self.last_fetcher = fetcher  # lets tests see every URL WeasyPrint asked for
        # fontTools stamps "now" into fonts it re-saves; pin it to the brochure's own date.
        os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(
            date, dt.time(), tzinfo=dt.timezone.utc).timestamp()))
        with _weasyprint_warnings() as logged:
            fonts_css = CSS(string=self._font_css, font_config=self.font_config,
                            url_fetcher=fetcher)
            source = HTML(string=html, base_url=self.base_dir.as_uri() + "/",
                          url_fetcher=fetcher)
            candidates = list(text_sizes)
            while candidates:
                size = candidates.pop(0)
                # A user stylesheet: !important lets it override the template's root size.
                size_css = CSS(string=f"html {{ font-size: {size}pt !important }}",
                               font_config=self.font_config, url_fetcher=fetcher)
                document = source.render(font_config=self.font_config,
                                         stylesheets=[fonts_css, size_css], **PDF_OPTIONS)
                pages = len(document.pages)
                overflow = overflowing_panels(document, html)
                if (max_pages is None or pages <= max_pages) and not overflow:
                    break
                if not overflow and max_pages:
                    # Text area grows with the square of the size: skip the sizes that
                    # cannot fit, rather than laying the document out at each of them.
                    needed = (pages - 1 + _last_page_fill(document)) / max_pages
                    if needed > 1:
                        limit = size / needed ** 0.5 * 1.03
                        candidates = [s for s in candidates if s <= limit] or candidates[-1:]
            else:
                if overflow:
                    raise RenderError(
                        f"the text does not fit the panel(s): {', '.join(overflow)}, even with "
                        f"{text_sizes[-1]}pt text", hint="shorten that part of the content")
                raise RenderError(
                    f"the brochure needs {pages} pages but the layout allows {max_pages}, "
                    f"even with {text_sizes[-1]}pt text",
                    hint="shorten the content, or choose a layout with more pages")
            pdf = document.write_pdf(**PDF_OPTIONS)
        problems = [r.getMessage() for r in logged
                    if not any(text in r.getMessage() for text in HARMLESS_WARNINGS)]
        if fetcher.denied:
            problems += [f"refused resource: {url}" for url in fetcher.denied]
        if problems:
            raise RenderError("WeasyPrint reported problems:\n  - " + "\n  - ".join(problems))
        return RenderedPdf(pdf, pages, size)
