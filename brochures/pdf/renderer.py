"""Turn brochure HTML into PDF bytes with WeasyPrint, sandboxed and with packaged fonts only."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brochures.defaults import TYPE_FLOOR_PT, cache_dir
from brochures.errors import RenderError
from brochures.pdf.balance import balance_last_page
from brochures.pdf.crop_marks import add_slug_and_crop_marks
from brochures.pdf.fitting import Fitter, short_of_columns
from brochures.pdf.fonts import FontSet
from brochures.pdf.glyphs import check_glyphs
from brochures.pdf.weasyprint_internals import require_tested_version, tag_element_languages

if TYPE_CHECKING:
    from brochures.pdf.fetcher import SandboxedFetcher
from brochures.html.filters import css_string
from brochures.html.text_model import TextModel, text_model
from brochures.hyphenation import preload as preload_hyphenation
from brochures.type_scale import steps_css

LOGGER = logging.getLogger(__name__)

PDF_OPTIONS = {
    "pdf_variant": "pdf/ua-1",  # tagged and accessible; needs <title> and <html lang>
    "presentational_hints": False,  # HTML attributes never turn into CSS
}

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


_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


# Added after a tri-fold's last sheet while its text size is found, then dropped: text that
# overflows a panel of the last sheet carries on here, so fitting.panel_fill learns by how
# much (WeasyPrint drops what overflows the last page), and the sizes estimated not to fit
# are skipped instead of laid out one by one.
CATCH_PAGE = '<div class="catch-overflow" style="break-before: page"></div>'
# A brochure in miniature for PdfRenderer.warm_up: headings, bold, italic, a link, a list.
_WARM_UP = (
    '<html lang="en"><head><title>Warm-up</title></head><body><h1>Exosomes</h1>'
    '<p>What <b>research</b> is <i>studying</i>: <a href="https://example.org/">a link</a>.</p>'
    "<ul><li>One</li><li>Two</li></ul></body></html>"
)


def _with_catch_page(body: str) -> str:
    at = body.lower().rfind("</body>")
    at = len(body) if at < 0 else at
    return body[:at] + CATCH_PAGE + body[at:]


def _take_styles(html: str) -> tuple[str, list[str]]:
    """The HTML without its <style> elements, and their CSS in document order.

    The CSS is handed to WeasyPrint as parsed stylesheets, cached between brochures. They
    become user rather than author stylesheets; with no other author stylesheet in the
    document the cascade comes out the same (inline style attributes still win).
    """
    return _STYLE.sub("", html), _STYLE.findall(html)


class PdfRenderer:
    """Renders many brochures in one process, loading fonts and WeasyPrint only once."""

    def __init__(
        self,
        base_dir: Path,
        asset_dirs: set[Path] | list[Path],
        languages: list[str] | tuple[str, ...],
        cjk: dict[str, str],
    ) -> None:
        """`cjk`: the text each CJK font must draw (see build.font_text.cjk_text)."""
        require_tested_version()
        tag_element_languages()  # /Lang on the parts in another language than the page's
        self.fonts = FontSet(cache_dir(), cjk)
        # Fontconfig reads this when WeasyPrint creates a font configuration (and when it
        # is imported: it checks the configuration then): it lists no font folder, so no
        # host font can leak into a brochure.
        os.environ["FONTCONFIG_FILE"] = str(self.fonts.fontconfig_file())
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "No fonts configured in FontConfig")
            # The slow import (about half a second) before the fonts are read: a worker
            # started early (head_start) loads WeasyPrint while its parent may still be
            # making them.
            from weasyprint.text.fonts import FontConfiguration

            self.font_config = FontConfiguration()
        self.base_dir = Path(base_dir).resolve()
        self.roots = {self.base_dir, *map(Path, asset_dirs), *self.fonts.folders()}
        self._font_css = self.fonts.font_face_css(languages)
        self._styles: dict[str, object] = {}
        self._glyphs_checked: dict[tuple[str, str], tuple[str, ...]] = {}
        self.fitter = Fitter()

    def warm_up(self) -> None:
        """Render a few words once, so that the first brochure does not pay for what
        WeasyPrint and its libraries do once per process: cffi parses each C type the
        first time it is used (about 0.3 s of pycparser in all), Pango and HarfBuzz load the
        fonts. A worker does this while its parent still prepares the first document."""
        try:
            self.render(_WARM_UP, lang="en", max_pages=None, date=dt.date(2000, 1, 1))
        except Exception:  # the first brochure meets the problem, and reports it
            LOGGER.debug("warm-up render failed", exc_info=True)
        self.fitter = Fitter()  # what it measured is about no brochure

    def render(
        self,
        html: str,
        *,
        lang: str,
        max_pages: int | None,
        date: dt.date,
        text_sizes: tuple[float, ...] = (10,),
        type_floor: float = TYPE_FLOOR_PT["leaflet"],
        extra_roots: frozenset[Path] = frozenset(),
        model: TextModel | None = None,
    ) -> RenderedPdf:
        """Render to PDF; fail on overflow and on any WeasyPrint warning.

        The text is set at the largest of `text_sizes` (points, largest first) at which the
        document fits `max_pages`: short brochures get bigger type, long ones still fit.
        The smaller text steps follow the size but stay at `type_floor` points or more.
        `model` is the HTML's text model (html.text_model), made from it if not given.
        """
        from brochures.pdf.fetcher import SandboxedFetcher
        from brochures.pdf.ua_stylesheet import brochure_html_class

        if model is None:
            model = text_model(html, lang)
        check_glyphs(model.runs, self.fonts.cmaps, self._glyphs_checked)
        preload_hyphenation([lang], cache_dir())
        fetcher = SandboxedFetcher(self.roots | set(extra_roots))
        self.last_fetcher = fetcher  # lets tests see every URL WeasyPrint asked for
        # fontTools stamps "now" into fonts it re-saves; pin it to the brochure's own date.
        os.environ["SOURCE_DATE_EPOCH"] = str(
            int(dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC).timestamp())
        )
        with _weasyprint_warnings() as logged:
            fonts_css = self._stylesheet(self._font_css, fetcher, logged)
            body, style_texts = _take_styles(html)
            catch = 1 if model.panels else 0
            if catch:
                body = _with_catch_page(body)
            styles = [self._stylesheet(text, fetcher, logged) for text in style_texts]
            source = brochure_html_class()(
                string=body, base_url=self.base_dir.as_uri() + "/", url_fetcher=fetcher
            )

            def sized(selector: str, size: float) -> str:
                # A user stylesheet rule: !important lets it override the template's root
                # size and its steps (in rem there, for HTML no renderer sizes).
                steps = steps_css(size, type_floor).replace(";", " !important;")
                return f"{selector} {{ font-size: {size}pt !important; {steps} }}"

            def render_with(size_css: str) -> Any:  # a laid-out weasyprint Document
                return source.render(
                    font_config=self.font_config,
                    stylesheets=[*styles, fonts_css, self._stylesheet(size_css, fetcher, logged)],
                    **PDF_OPTIONS,
                )

            def lay_out(size: float) -> Any:
                return render_with(sized("html", size))

            def lay_out_panels(sizes: dict[str, float], balanced: tuple[str, ...] = ()) -> Any:
                # Each panel its own size and steps (they inherit into the panel's text).
                rules = [sized("html", min(sizes.values()))]
                for name, size in sizes.items():
                    rules.append(sized(f".panel[data-panel={css_string(name)}]", size))
                for name in balanced:
                    selector = f".panel[data-panel={css_string(name)}] > .spread-columns"
                    rules.append(f"{selector} {{ column-fill: balance !important; }}")
                return render_with("\n".join(rules))

            if model.panels:
                # A tri-fold: each panel gets the largest size its own text fits at.
                document, panel_sizes = self.fitter.fit_panels(model, lay_out_panels, text_sizes)
                size = min(panel_sizes.values())
                short = short_of_columns(document, model.panels)
                if short:
                    # Text that leaves a column empty is spread over all of them instead:
                    # balancing lays the columns out many times, so only short text is.
                    document = lay_out_panels(panel_sizes, balanced=short)
                    self.fitter.passes += 1
            else:
                document, size = self.fitter.fit(model, lay_out, text_sizes, max_pages)
            if max_pages is None:
                # As many pages as it needs: but not a last page with a line or two on it.
                def lay_out_breaking(element: Any) -> Any:
                    style = element.get("style")
                    element.set("style", f"{style or ''}; break-before: page")
                    try:
                        return lay_out(size)
                    finally:
                        if style is None:
                            del element.attrib["style"]
                        else:
                            element.set("style", style)

                document, tries = balance_last_page(document, lay_out_breaking)
                self.fitter.passes += tries
            if catch:
                document = document.copy(document.pages[:-catch])
            # A print-ready page (one with a bleed) gets its slug and crop marks there.
            pdf = document.write_pdf(finisher=add_slug_and_crop_marks, **PDF_OPTIONS)
        problems = [
            _with_reason(r.getMessage())
            for r in logged
            if not any(text in r.getMessage() for text in HARMLESS_WARNINGS)
        ]
        if fetcher.denied:
            problems += [f"refused resource: {url}" for url in fetcher.denied]
        if problems:
            raise RenderError("WeasyPrint reported problems:\n  - " + "\n  - ".join(problems))
        return RenderedPdf(pdf, len(document.pages), size)

    def _stylesheet(
        self, text: str, fetcher: SandboxedFetcher, logged: list[logging.LogRecord]
    ) -> Any:  # a weasyprint.CSS
        """The parsed stylesheet; parsed once per process, as every brochure of a layout
        shares its CSS and each layout pass would otherwise parse it again. A stylesheet
        whose parsing asked for a file (@font-face, @import) or drew a warning is not
        kept: the next brochure must see that request or warning too."""
        from weasyprint import CSS

        if text in self._styles:
            return self._styles[text]
        asked, warned = len(fetcher.requested), len(logged)
        sheet = CSS(
            string=text,
            base_url=self.base_dir.as_uri() + "/",
            font_config=self.font_config,
            url_fetcher=fetcher,
        )
        if len(fetcher.requested) == asked and len(logged) == warned:
            if len(self._styles) >= 256:  # distinct clinic colours, papers, languages
                self._styles.clear()
            self._styles[text] = sheet
        return sheet


def _with_reason(message: str) -> str:
    """WeasyPrint's message, with a reason where it gives none: an image its decoders
    cannot read is logged as "Failed to load image at '...': " and nothing after."""
    if message.rstrip().endswith(":"):
        return (
            message.rstrip() + " (no reason given: the file is damaged or of a kind it cannot read)"
        )
    return message
