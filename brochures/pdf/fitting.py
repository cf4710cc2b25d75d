"""Turn a brochure into the largest text size that fits its sheet, in as few layouts as possible."""

from __future__ import annotations

import math
import statistics
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from brochures.defaults import PANEL_PADDING_MM
from brochures.errors import RenderError
from brochures.html.text_model import Panel, TextModel

# A laid-out weasyprint Document: WeasyPrint has no type information.
LaidOut = Any

# The tri-fold panels' bottom padding, in CSS pixels: text must end above it.
PANEL_PADDING_BOTTOM_PX = PANEL_PADDING_MM[2] * 96 / 25.4


def _last_page_fill(document: LaidOut) -> float:
    """How much of the last page's content area the document uses (0 to 1)."""
    from brochures.pdf.weasyprint_internals import page_flow  # only once something is laid out

    page = page_flow(document.pages[-1])
    bottom = max(page.top_level_ends, default=page.top)
    return min(max((bottom - page.top) / page.height, 0.0), 1.0)


def _content_pages(document: LaidOut) -> float:
    """How many pages the content would fill if page breaks left no gaps.

    Where a block kept whole moved to the next page, the previous page ends with a gap;
    counting pages as full (as `_last_page_fill` does) overstates the room the text needs
    and can skip a size that fits. Here each page counts up to the end of its last line,
    image or finished block (a block that carries on to the next page reaches down to the
    page's bottom, so it is not counted itself, only its lines).
    """
    from brochures.pdf.weasyprint_internals import page_flow  # only once something is laid out

    pages = [page_flow(page) for page in document.pages]
    filled = 0.0
    for index, page in enumerate(pages):
        carried_on = pages[index + 1].elements if index + 1 < len(pages) else frozenset()
        bottom = max(
            [
                *page.content_ends,
                *(end for element, end in page.block_ends if element not in carried_on),
            ],
            default=page.top,
        )
        filled += max(bottom - page.top, 0.0) / page.height
    return filled


def panel_fill(document: LaidOut, panels: tuple[Panel, ...]) -> dict[str, float | None]:
    """How full each fixed-size panel is: where its text ends, over where it may end.

    Each panel ends with an empty marker element (`panel-end`); WeasyPrint records where
    every element with an id landed (`page.anchors`). Text that does not fit a panel
    carries on at the top of the next page, so a marker found there tells how far the
    text overflowed. A panel of columns (the tri-fold's inside) counts the columns its text
    filled before the marker's: 2.5 of 3 columns is 0.83. Above 1, the panel overflows;
    None: the marker is nowhere (text that overflows the last page is dropped, unless a
    page is added to catch it: renderer.CATCH_PAGE).
    """
    fill: dict[str, float | None] = {}
    for panel in panels:
        fill[panel.name] = None
        for index in range(panel.sheet, len(document.pages)):
            page = document.pages[index]
            if panel.anchor in page.anchors:
                x, y = page.anchors[panel.anchor][:2]
                column = _column(x, page.width, panel) if panel.columns > 1 else 0
                down = y / (page.height - PANEL_PADDING_BOTTOM_PX + 0.5)
                columns = (index - panel.sheet) * panel.columns + column + down
                fill[panel.name] = columns / panel.columns
                break
    return fill


def short_of_columns(document: LaidOut, panels: tuple[Panel, ...]) -> tuple[str, ...]:
    """The panels of columns whose text ends before the middle of their last column: laid
    out column after column, they would leave that panel empty or nearly so."""
    fill = panel_fill(document, panels)
    return tuple(
        panel.name
        for panel in panels
        if panel.columns > 1 and (fill[panel.name] or 1.0) < (panel.columns - 0.5) / panel.columns
    )


def _column(x: float, page_width: float, panel: Panel) -> int:
    """Which of a panel's columns (in reading order) begins at `x`: the panel spans the
    sheet, and each column begins inside its own fold (trifold.html). Text that does not
    fit goes on in columns beyond the last, off the sheet: 3 and up."""
    from_left = math.floor(panel.columns * x / page_width)
    return panel.columns - 1 - from_left if panel.rtl else from_left


# The first guess for a leaflet when no other leaflet of its kind has been measured yet
# (a one-document build, the first of each language): the share of its sheets one visible
# character fills at 10pt. Medians of the shipped leaflets, 2026-12-01: 1.5e-4 to 1.9e-4
# in alphabetic scripts; 3.0e-4 and 3.1e-4 in Korean and Chinese, whose text is about half
# characters a full em wide (the rest: sources, addresses), each filling about 2.7 times
# as much.
PRIOR_DENSITY_10PT = 1.7e-4
WIDE_CHARACTER_WEIGHT = 2.7


def _prior_density(text: TextModel) -> float:
    """The density (as measured in `Fitter.fit`) a leaflet is expected to have at 10pt."""
    shown = "".join("".join(run.text.split()) for run in text.runs)
    wide = sum(1 for char in shown if unicodedata.east_asian_width(char) in "WF")
    share = wide / max(len(shown), 1)
    return PRIOR_DENSITY_10PT * (1 + (WIDE_CHARACTER_WEIGHT - 1) * share)


@dataclass
class Fitter:
    """Finds the size; remembers, for the life of the process, what each panel showed.

    A tri-fold panel has a fixed place and size, so whether its text fits at a size
    depends only on its own HTML and the styles, not on the other panels. The safety panel
    is the same in every topic of a language, so once it has overflowed at 10pt in one
    brochure, no other brochure in that language is laid out at 10pt or above just to learn
    it again. A leaflet's first size is guessed from how full the other leaflets of its
    language were (`_first_guess`), or, before any was measured, from `prior_density`.
    These change how many passes a brochure takes, never the size it gets. Worker
    processes share what they learn through the parent (`facts`, `learn`, `density_facts`,
    `learn_densities`).
    """

    # panel key -> (largest size it fitted at, smallest size it overflowed at)
    panels: dict[str, tuple[float, float]] = field(default_factory=dict)
    # layout context -> {(document, size): how full its pages were / its text length}
    densities: dict[str, dict[tuple[str, float], float]] = field(default_factory=dict)
    # Density assumed before any measurement (see _prior_density); None: start at the
    # largest size.
    prior_density: Callable[[TextModel], float] | None = _prior_density
    passes: int = 0  # layouts done, for the benchmark and the tests
    last_keys: tuple[str, ...] = ()  # the panels of the last document fitted
    last_kinds: tuple[str, ...] = ()  # the layout contexts whose densities it measured

    def fit(
        self,
        model: TextModel,
        lay_out: Callable[[float], LaidOut],
        text_sizes: tuple[float, ...],
        max_pages: int | None,
    ) -> tuple[LaidOut, float]:
        """Lay a flowing document (whose text model is `model`: a leaflet, large print) out
        at the largest of `text_sizes` (largest first) at which it has at most `max_pages`
        pages; return (document, size). Documents of fixed panels: `fit_panels`."""
        # How full other documents of the layout and language were for their length
        # guides the first size.
        text = model if max_pages and len(text_sizes) > 1 else None
        self.last_keys = ()
        self.last_kinds = (text.layout_kind,) if text else ()
        # The sizes that may still be the answer, largest first.
        candidates = list(text_sizes)
        fitted = None  # (document, size): the largest size laid out that fits
        size = self._first_guess(candidates, text) if text else candidates[0]
        while True:
            candidates.remove(size)
            document = lay_out(size)
            self.passes += 1
            pages = len(document.pages)
            content = _content_pages(document) if text else None
            if text and content is not None and max_pages:
                self.densities.setdefault(text.layout_kind, {})[text.document_hash, size] = (
                    content / max_pages / max(text.visible_length, 1)
                )
            if max_pages is None or pages <= max_pages:
                fitted = document, size
                # A guess may have undershot: a larger size not yet ruled out may fit too.
                candidates = [s for s in candidates if s > size]
            else:
                # Larger sizes overflow too.
                candidates = [
                    s for s in candidates if s < size and (fitted is None or s > fitted[1])
                ]
                if fitted is None and candidates:
                    candidates, guess = _narrow(candidates, size, document, content, max_pages)
            if not candidates:
                break
            # Going up from a fit, the next size up; going down, the estimate's guess.
            size = candidates[-1] if fitted else guess
        if fitted:
            return fitted
        raise RenderError(
            f"the brochure needs {pages} pages but the layout allows {max_pages}, "
            f"even with {text_sizes[-1]}pt text",
            hint="shorten the content, or choose a layout with more pages",
        )

    def fit_panels(
        self,
        model: TextModel,
        lay_out: Callable[[dict[str, float]], LaidOut],
        text_sizes: tuple[float, ...],
    ) -> tuple[LaidOut, dict[str, float]]:
        """Lay a document of fixed panels (a tri-fold) out with each panel's text at the
        largest of `text_sizes` (largest first) at which that panel does not overflow;
        return (document, {panel name: size}). `lay_out` takes such a mapping.

        A panel's fill depends on its own text and size only, so all panels are searched
        at once: each layout tries one size per panel. Facts about a panel (`panels`)
        skip sizes known not to fit, here and in the next brochure with that panel.
        """
        keys = model.panel_keys
        names = list(keys)
        candidates = {
            name: [s for s in text_sizes if not self._overflows(keys[name], s)]
            or list(text_sizes[-1:])
            for name in names
        }
        fitted: dict[str, float] = {}
        panels = {panel.name: panel for panel in model.panels}
        # What other documents' panels of the same name, language and styles held for
        # their length guides each panel's first size (a panel known by its key needs no
        # guess: its candidates start at the size it fits).
        kinds = {name: f"{model.layout_kind} {name}" for name in names}
        current = {
            name: candidates[name][0]
            if keys[name] in self.panels
            else _expected_fit(
                candidates[name], self.densities.get(kinds[name], {}), panels[name].length
            )
            for name in names
        }
        self.last_keys = tuple(keys.values())
        self.last_kinds = tuple(kinds.values())
        fitting: tuple[LaidOut, dict[str, float]] | None = None  # the last layout that fits
        while True:
            document = lay_out(current)
            self.passes += 1
            fill = panel_fill(document, model.panels)
            overflow = [name for name in names if _overflowing(fill[name])]
            if not overflow:
                fitting = document, dict(current)
            following: dict[str, float] = {}  # the size each panel gets in the next layout
            hopeless = []
            for name in names:
                size, key = current[name], keys[name]
                if size in candidates[name]:
                    candidates[name].remove(size)
                self._learn(key, size, fill[name])
                if name not in overflow:
                    fitted[name] = max(fitted.get(name, 0.0), size)
                    value = fill[name]  # how full it was for its length guides others
                    if value is not None and panels[name].length:
                        measured = self.densities.setdefault(kinds[name], {})
                        measured[model.document_hash, size] = value / panels[name].length
                # The sizes that may still be the answer: above the largest that fitted,
                # not yet seen to overflow (largest first).
                left = [
                    s
                    for s in candidates[name]
                    if s > fitted.get(name, 0.0) and not self._overflows(key, s)
                ]
                if left:
                    # The largest the estimate expects to fit, else the smallest left: a
                    # size is ruled out only by laying it out, as a panel's fill can
                    # overstate its text (a block kept whole that moved on leaves a gap).
                    estimate = _panel_estimate(size, fill[name])
                    following[name] = next((s for s in left if s <= estimate), left[-1])
                elif name in fitted:
                    following[name] = fitted[name]
                else:
                    hopeless.append(name)
            if hopeless:
                raise RenderError(
                    f"the text does not fit the panel(s): {', '.join(hopeless)}, even "
                    f"with {text_sizes[-1]}pt text",
                    hint="shorten that part of the content",
                )
            if fitting and following == fitting[1]:
                # Every panel at the largest size that fits (the layout that proved the
                # last of them overflows a size up is not needed again).
                return fitting
            current = following

    def _first_guess(self, candidates: list[float], text: TextModel) -> float:
        """The size to lay out first: the largest at which the document is expected to fit,
        judging by how full other documents of the same layout and language were for the
        length of their text (before any was measured, by `prior_density`).

        Only a guess: sizes above it are still tried when it fits, so it changes how many
        passes a document takes, never the size it gets. A good guess is the answer or
        the size just above it: two passes, one of them the proof that the larger size
        does not fit. Starting from the largest size took three in half the leaflets.
        """
        measured = self.densities.get(text.layout_kind, {})
        if not measured and self.prior_density is not None:
            measured = {(text.document_hash, 10.0): self.prior_density(text)}
        return _expected_fit(candidates, measured, text.visible_length)

    def density_facts(self, kinds: Iterable[str]) -> dict[str, dict[tuple[str, float], float]]:
        """What was measured in these layout contexts, to pass to another Fitter."""
        return {kind: dict(self.densities[kind]) for kind in kinds if kind in self.densities}

    def learn_densities(self, facts: dict[str, dict[tuple[str, float], float]]) -> None:
        """Take in what another process measured (see `density_facts`)."""
        for kind, measured in facts.items():
            self.densities.setdefault(kind, {}).update(measured)

    def facts(self, keys: Iterable[str]) -> dict[str, tuple[float, float]]:
        """What is known about these panels, to pass to another process's Fitter."""
        return {key: self.panels[key] for key in keys if key in self.panels}

    def learn(self, facts: dict[str, tuple[float, float]]) -> None:
        """Take in what another process learned (see `facts`)."""
        for key, (fitted, overflowed) in facts.items():
            known_fit, known_overflow = self.panels.get(key, (0.0, math.inf))
            self.panels[key] = (max(fitted, known_fit), min(overflowed, known_overflow))

    def _overflows(self, key: str, size: float) -> bool:
        """Whether the panel is already known to overflow at this size (or a smaller one)."""
        return self.panels.get(key, (0.0, math.inf))[1] <= size

    def _learn(self, key: str, size: float, fill: float | None) -> None:
        """Remember how the panel did at `size` (its fill: see `panel_fill`)."""
        fitted, overflowed = self.panels.get(key, (0.0, math.inf))
        if _overflowing(fill):
            overflowed = min(overflowed, size)
        else:
            fitted = max(fitted, size)
        self.panels[key] = (fitted, overflowed)


def _panel_estimate(size: float, fill: float | None) -> float:
    """The largest size a panel's text is expected to fit at, judging by its fill at
    `size` (text area grows with the square of the size; 2% to spare either way). Only a
    guess: it picks the next size to lay out."""
    if fill is None:  # the text overflowed the last page: nothing measured
        return size
    return size / max(fill, 1e-3) ** 0.5 * (1.02 if fill > 1 else 0.98)


def _expected_fit(
    candidates: list[float], measured: dict[tuple[str, float], float], length: int
) -> float:
    """The largest of `candidates` (largest first) at which text of `length` characters is
    expected to fit, judging by the densities (fill per character at a size) measured for
    other documents: each document's measurement at the size nearest the one judged, and
    their median. With nothing measured, the largest."""
    for size in candidates:
        nearest: dict[str, tuple[float, float]] = {}  # document -> (size, density)
        for (doc, seen), density in measured.items():
            if doc not in nearest or abs(seen - size) < abs(nearest[doc][0] - size):
                nearest[doc] = (seen, density)
        if not nearest:
            return size
        # Text area grows with the square of the size (as in _scaled).
        expected = statistics.median(
            density * length * (size / seen) ** 2 for seen, density in nearest.values()
        )
        if expected <= 1:
            return size
    return candidates[-1]


def _overflowing(fill: float | None) -> bool:
    """Whether a panel's text overflows it (None: its end marker is on no page)."""
    return fill is None or fill > 1


def _narrow(
    candidates: list[float], size: float, document: LaidOut, content: float | None, max_pages: int
) -> tuple[list[float], float]:
    """After a document overflowed its pages at `size`: the candidates (smaller sizes,
    largest first, at least one) that may still fit, and the one to lay out next.

    The content's own height (`_content_pages`, unless already measured as `content`) gives
    a bound that is safe: fixed-size parts make the content shrink more slowly than the
    square of the size, so it never overstates the room needed; 1% more to spare for line
    breaks. Counting the pages as full gives the guess: usually the answer, then checked
    from above. (Panels are narrowed by their facts: see `_learn`.)
    """
    if content is None:
        content = _content_pages(document)
    limit = _scaled(size, content / max_pages, 1.01)
    candidates = [s for s in candidates if s <= limit] or candidates[-1:]
    estimate = (len(document.pages) - 1 + _last_page_fill(document)) / max_pages
    guess = next((s for s in candidates if s <= _scaled(size, estimate)), candidates[-1])
    return candidates, guess


def _scaled(size: float, needed: float, spare: float = 1.0) -> float:
    """The largest size at which text that needs `needed` times the room it has at `size`
    is estimated to fit: text area grows with the square of the size."""
    return size / max(needed, 1.0) ** 0.5 * spare
