"""Turn a clinic's URL template and a brochure into its QR code (SVG) and the address it holds."""

from __future__ import annotations

import base64
import io
import string
from dataclasses import dataclass
from functools import lru_cache

import segno

# What a clinic's `qr_url` template may use.
QR_FIELDS = ("website", "lang", "topic", "layout", "revision")
DEFAULT_QR_URL = "{website}/brochures/{lang}/{topic}?rev={revision}"


@dataclass(frozen=True)
class QrCode:
    url: str
    data_uri: str  # an SVG image, drawn as vectors in the PDF


def template_fields(template: str) -> list[str]:
    """The {names} a URL template uses (so a profile can be checked before any build)."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def qr_code(
    template: str,
    *,
    website: str,
    lang: str,
    topic: str,
    layout: str,
    revision: str,
    image: bool = True,
) -> QrCode:
    """The code for a brochure's page; with `image` false, its URL only (data_uri empty)."""
    url = template.format(
        website=website.rstrip("/"), lang=lang, topic=topic, layout=layout, revision=revision
    )
    return QrCode(url, _svg_data_uri(url) if image else "")


# A build asks for each code up to three times (one per layout, when the URL leaves the
# layout out); choosing the best of the eight masks is most of the encoding work.
@lru_cache(maxsize=1024)
def _svg_data_uri(url: str) -> str:
    # Error correction M survives small smudges; the quiet zone is the standard 4 modules.
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(
        buffer, kind="svg", xmldecl=False, svgns=True, nl=False, dark="#000000", border=4, scale=1
    )
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
