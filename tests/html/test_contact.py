"""The contact block on every layout: name and phone, the hours when the profile has them,
other formats on request, and a box to fill in where large print has room."""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import replace

import pytest

from brochures.html.render import render_html
from conftest import TEMPLATES, brochure_html


def _text(html: str) -> str:
    """The words a reader sees: tags out, entities decoded, spaces collapsed."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize("layout", ["leaflet", "trifold", "large-print"])
def test_every_layout_has_the_name_the_phone_and_other_formats(library, clinic, layout):
    html = brochure_html(library, clinic, "cancer", "en", layout=layout)
    block = "clinic-phone" if layout == "leaflet" else "contact-phone"
    assert f'class="{block}"' in html
    assert f"Phone: {clinic.phone}" in _text(html)
    other = (
        "Also in other languages: ask us."
        if layout == "large-print"
        else ("Also in large print and in other languages: ask us.")
    )
    assert other in _text(html)
    assert ("Given by:" in html) == (layout == "large-print")


@pytest.mark.parametrize("layout", ["leaflet", "trifold", "large-print"])
def test_opening_hours_are_printed_only_when_the_profile_has_them(library, clinic, english, layout):
    def render(profile):
        return render_html(
            library.topics["cancer"],
            library.regulatory,
            profile,
            english,
            layout=layout,
            templates_dir=TEMPLATES,
        )

    assert "Opening hours" not in render(clinic)
    with_hours = render(replace(clinic, hours="Mon-Fri <8:00-18:00>"))
    assert "&lt;8:00-18:00&gt;" in with_hours  # untrusted text: escaped
    assert "Opening hours: Mon-Fri <8:00-18:00>" in _text(with_hours)  # shown as written


def test_the_contact_lines_are_translated(library, clinic):
    html = _text(brochure_html(library, clinic, "cancer", "es", layout="large-print"))
    assert f"Teléfono: {clinic.phone}" in html
    assert "También disponible en otros idiomas: pregúntenos." in html
