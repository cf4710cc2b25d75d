"""A cover drawing per topic, made from the shared drawing and the topic's pictogram."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

from brochures.html.cover_art import SVG, cover_art_uri

SLUGS = ("autoimmune", "cancer", "cosmetic", "diagnostics", "neurological", "overview")


def _svg(slug: str) -> ET.Element:
    uri = cover_art_uri(slug)
    assert uri.startswith("data:image/svg+xml;base64,")
    return ET.fromstring(base64.b64decode(uri.split(",", 1)[1]))


def test_every_topic_gets_a_drawing_of_its_own():
    assert len({cover_art_uri(slug) for slug in SLUGS}) == len(SLUGS)


def test_the_pictogram_takes_the_place_of_the_receiving_cells_nucleus():
    root = _svg("neurological")
    circles = [c for c in root.iter(f"{{{SVG}}}circle") if c.get("cx") == "182"]
    assert [c.get("r") for c in circles] == ["36"]  # the cell stays, its nucleus goes
    group = root.findall(f"{{{SVG}}}g")[-1]
    assert group.get("stroke") == "#0b5563" and group.get("fill") == "none"
    assert group.findall(f"{{{SVG}}}path")  # the brain's outline


def test_a_new_topic_without_a_pictogram_gets_the_general_one():
    assert cover_art_uri("a-topic-added-later") == cover_art_uri("overview")
