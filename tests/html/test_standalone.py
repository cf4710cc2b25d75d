"""HTML output: one file that carries its pictures, with no link to the machine it was made on."""

from __future__ import annotations

import base64
import re
from urllib.request import urlopen

import pytest
from PIL import Image

from brochures.builder import cli
from brochures.errors import RenderError
from brochures.html.cover_art import cover_art_uri
from brochures.html.standalone import self_contained
from conftest import ASSETS, CLINIC, PROJECT, brochure_html


def _clinic_with_a_png_logo(folder):
    Image.new("RGB", (40, 20), "#5b2a86").save(folder / "logo.png")
    profile = CLINIC.read_text(encoding="utf-8")
    profile = re.sub(r"(?m)^logo: .*$", "logo: logo.png", profile)
    (folder / "clinic.yaml").write_text(profile, encoding="utf-8")
    return folder / "clinic.yaml"


def _images(html: str) -> list[tuple[str, bytes]]:
    """The media type and bytes of every <img> in the page; each must be a data: URI."""
    found = []
    for src in re.findall(r'<img\b[^>]*\bsrc="([^"]*)"', html):
        assert src.startswith("data:"), src[:80]
        with urlopen(src) as response:  # urllib decodes data: URIs in memory
            found.append((response.headers.get_content_type(), response.read()))
    return found


def _svg(name: str) -> tuple[str, bytes]:
    return "image/svg+xml", (ASSETS / f"{name}.svg").read_bytes()


def test_html_output_carries_its_pictures_and_names_no_local_path(tmp_path, library):
    clinic_dir = tmp_path / "clinic"
    clinic_dir.mkdir()
    argv = ["--lang", "es", "--topic", "neurological", "--layout", "leaflet,trifold"]
    argv += ["--format", "html", "--clinic", str(_clinic_with_a_png_logo(clinic_dir))]
    assert cli.main(argv + ["--out", str(tmp_path / "out"), "--quiet"]) == 0
    routes = [route.slug for route in library.topics["neurological"].routes]
    pictures = {("image/png", (clinic_dir / "logo.png").read_bytes())}
    pictures |= {_svg(f"pictograms/{slug}") for slug in ["neurological", *routes]}
    # The tri-fold's cover drawing is made for the topic (html/cover_art.py), already a data: URI.
    cover = ("image/svg+xml", base64.b64decode(cover_art_uri("neurological").split(",", 1)[1]))
    for name, extra in (("neurological.html", set()), ("neurological-trifold.html", {cover})):
        # A profile other than content/clinic.yaml writes to a folder named after its own.
        html = (tmp_path / "out" / "clinic" / "es" / name).read_text(encoding="utf-8")
        assert "file:" not in html
        for folder in (PROJECT, ASSETS, tmp_path):
            assert str(folder) not in html
        images = set(_images(html))
        expected = pictures | extra
        assert expected <= images, name
        # The rest is the QR code, which was a data: URI already.
        assert len(images - expected) == 1


def test_the_pdf_reads_the_pictures_by_path_as_before(library, clinic):
    html = brochure_html(library, clinic, "neurological", "en")
    assert (ASSETS / "pictograms" / "neurological.svg").as_uri() in html
    embedded = self_contained(html, [ASSETS, clinic.folder])
    assert (ASSETS / "pictograms" / "neurological.svg").as_uri() not in embedded
    svg = (ASSETS / "pictograms" / "neurological.svg").read_bytes()
    assert f'src="data:image/svg+xml;base64,{base64.b64encode(svg).decode()}"' in embedded


def test_a_file_outside_the_asset_folders_is_refused(tmp_path):
    outside = tmp_path / "secret.svg"
    outside.write_text("<svg/>")
    page = f'<img src="{outside.as_uri()}" alt="">'
    with pytest.raises(RenderError, match="not a file in the brochure's asset folders"):
        self_contained(page, [ASSETS])
    with pytest.raises(RenderError):
        self_contained(f'<img src="{(ASSETS / "missing.svg").as_uri()}" alt="">', [ASSETS])
    assert self_contained(page, [tmp_path]).startswith('<img src="data:image/svg+xml;base64,')
