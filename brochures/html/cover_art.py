"""A cover drawing per topic: the shared drawing of two cells with the topic's pictogram in
the cell that receives the exosomes."""

from __future__ import annotations

import base64
import functools
import xml.etree.ElementTree as ET
from pathlib import Path

from brochures.defaults import ASSETS_DIR

SVG = "http://www.w3.org/2000/svg"
COVER = ASSETS_DIR / "cover.svg"
PICTOGRAMS_DIR = ASSETS_DIR / "pictograms"
# Where the pictogram goes in cover.svg (its viewBox units): the right-hand cell, centre
# (182, 62), radius 36, in place of its nucleus.
_CELL_CENTRE, _PICTOGRAM_SIZE = (182.0, 62.0), 40.0
_NUCLEUS = {"cx": "182", "cy": "62", "r": "11"}


def pictogram_file(slug: str) -> Path:
    """A topic's or route's pictogram; one without its own gets the general one."""
    file = PICTOGRAMS_DIR / f"{slug}.svg"
    return file if file.is_file() else PICTOGRAMS_DIR / "overview.svg"


@functools.lru_cache(maxsize=64)
def cover_art_uri(slug: str) -> str:
    """The cover drawing for a topic, as a data: URI (an SVG document)."""
    ET.register_namespace("", SVG)
    cover = ET.parse(COVER).getroot()
    pictogram = ET.parse(pictogram_file(slug)).getroot()
    for circle in list(cover):
        if circle.tag == f"{{{SVG}}}circle" and all(
            circle.get(key) == value for key, value in _NUCLEUS.items()
        ):
            cover.remove(circle)
    width = float(pictogram.get("viewBox", "0 0 48 48").split()[2])
    scale = _PICTOGRAM_SIZE / width
    x, y = (c - _PICTOGRAM_SIZE / 2 for c in _CELL_CENTRE)
    group = ET.SubElement(cover, f"{{{SVG}}}g", transform=f"translate({x} {y}) scale({scale})")
    # The pictogram's drawing style sits on its root element: carried over to the group.
    for attribute in ("fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin"):
        if pictogram.get(attribute) is not None:
            group.set(attribute, pictogram.get(attribute, ""))
    for child in pictogram:
        if child.tag != f"{{{SVG}}}title":
            group.append(child)
    data = ET.tostring(cover, encoding="utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
