"""Turn WeasyPrint's pages with a bleed into print-shop pages: a slug with crop marks around it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf

MM = 72 / 25.4  # PDF points per millimetre

# The blank band around the BleedBox that holds the marks. WeasyPrint's own marks (CSS
# `marks: crop`) are drawn inside the bleed, where backgrounds and the brand strip cover them.
SLUG_MM = 8
MARK_GAP_MM = 1  # from the BleedBox to the start of a mark: no ink in the bleed
MARK_LENGTH_MM = 5
MARK_WIDTH_PT = 0.25
# Marks print on every separation (the "All" colorant): every plate shows where to cut.
REGISTRATION = "registration"
_ALL_SEPARATIONS = pydyf.Array(
    (
        "/Separation",
        "/All",
        "/DeviceCMYK",
        pydyf.Dictionary(
            {
                "FunctionType": 2,
                "Domain": pydyf.Array((0, 1)),
                "C0": pydyf.Array((0, 0, 0, 0)),
                "C1": pydyf.Array((1, 1, 1, 1)),
                "N": 1,
            }
        ),
    )
)

Box = tuple[float, float, float, float]  # left, bottom, right, top in points


def add_slug_and_crop_marks(document: Any, pdf: pydyf.PDF) -> None:
    """A WeasyPrint `finisher`: every page with a bleed (BleedBox beyond its TrimBox) gets a
    MediaBox SLUG_MM larger than the BleedBox, its content clipped to the BleedBox, and
    crop marks in the slug. Pages without a bleed are left as they are."""
    for page in _pages(pdf):
        trim, bleed = _box(page["TrimBox"]), _box(page["BleedBox"])
        if trim == bleed:
            continue
        slug = SLUG_MM * MM
        page["MediaBox"] = pydyf.Array(
            (bleed[0] - slug, bleed[1] - slug, bleed[2] + slug, bleed[3] + slug)
        )
        color_spaces = _resolve(pdf, _resolve(pdf, page["Resources"])["ColorSpace"])
        color_spaces[REGISTRATION] = _ALL_SEPARATIONS
        before, after = _clip_to(bleed), _marks(trim, bleed)
        for stream in (before, after):
            pdf.add_object(stream)
        # The page's own stream runs between them: its drawing is clipped to the BleedBox,
        # so backgrounds that reach past the bleed stop at its edge and never cover a mark.
        page["Contents"] = pydyf.Array((before.reference, page["Contents"], after.reference))


def crop_mark_lines(trim: Box, bleed: Box) -> list[tuple[float, float, float, float]]:
    """The marks as (x1, y1, x2, y2): two at each corner, on the trim lines' extensions,
    starting MARK_GAP_MM outside the BleedBox and running MARK_LENGTH_MM outwards."""
    left, bottom, right, top = trim
    gap, length = MARK_GAP_MM * MM, MARK_LENGTH_MM * MM
    out_left, out_bottom = bleed[0] - gap, bleed[1] - gap
    out_right, out_top = bleed[2] + gap, bleed[3] + gap
    lines = []
    for y in (bottom, top):  # along the horizontal trim lines, to the left and the right
        lines += [(out_left, y, out_left - length, y), (out_right, y, out_right + length, y)]
    for x in (left, right):  # along the vertical trim lines, down and up
        lines += [(x, out_bottom, x, out_bottom - length), (x, out_top, x, out_top + length)]
    return lines


def _clip_to(box: Box) -> pydyf.Stream:
    stream = pydyf.Stream(compress=True)
    stream.push_state()  # restored in _marks, after the page's own stream
    stream.rectangle(box[0], box[1], box[2] - box[0], box[3] - box[1])
    stream.clip()
    stream.end()
    return stream


def _marks(trim: Box, bleed: Box) -> pydyf.Stream:
    stream = pydyf.Stream(compress=True)
    stream.pop_state()
    stream.begin_marked_content("Artifact")  # not content: PDF/UA readers skip it
    stream.set_color_space(REGISTRATION, stroke=True)
    stream.set_color_special(None, True, 1)
    stream.set_line_width(MARK_WIDTH_PT)
    for x1, y1, x2, y2 in crop_mark_lines(trim, bleed):
        stream.move_to(x1, y1)
        stream.line_to(x2, y2)
    stream.stroke()
    stream.end_marked_content()
    return stream


def _pages(pdf: pydyf.PDF) -> Iterator[pydyf.Dictionary]:
    for number in pdf.pages["Kids"][::3]:  # Kids holds "number 0 R" as three items each
        yield pdf.objects[number]


def _resolve(pdf: pydyf.PDF, value: Any) -> Any:
    """The object an indirect reference (pydyf writes them as b"12 0 R") points to; any
    other value itself."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return pdf.objects[int(value.split()[0])]
    return value


def _box(values: Any) -> Box:
    left, bottom, right, top = (float(value) for value in values)
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)
