"""Turn a clinic's URL template and a brochure into its QR code (SVG) and the address it holds."""

from __future__ import annotations

import base64
import io
import string
from dataclasses import dataclass
from functools import lru_cache

import segno

from brochures.defaults import LAYOUTS
from brochures.errors import ContentError

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


def formatted_fields(template: str) -> list[tuple[str, str]]:
    """The placeholders written with a format or a conversion, as (written, name):
    ("{lang:>9}", "lang"). A width taken from a profile could make an address of any length."""
    return [
        (
            "{"
            + name
            + ("!" + conversion if conversion else "")
            + (":" + spec if spec else "")
            + "}",
            name,
        )
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None and (spec or conversion)
    ]


# Longer addresses make a code too dense to scan from paper at 20 mm (and past about
# 2,300 characters segno cannot encode one at all).
MAX_QR_URL = 300
QR_URL_HINT = "use a shorter qr_url or website"


def qr_url_too_long(url: str) -> str | None:
    """Why an address cannot go in a brochure's QR code, or None."""
    if len(url) > MAX_QR_URL:
        return (
            f"the QR code's web address would be {len(url)} characters long; "
            f"at most {MAX_QR_URL} scan reliably from a printed page"
        )
    return None


def qr_address(
    template: str, *, website: str, lang: str, topic: str, layout: str, revision: str
) -> str:
    """The address a brochure's QR code holds."""
    return template.format(
        website=website.rstrip("/"), lang=lang, topic=topic, layout=layout, revision=revision
    )


def longest_qr_address(template: str, website: str) -> str:
    """The longest address the template can make for this website: a long language tag
    and topic name, the longest layout name and a date (to check a profile before any
    brochure is made)."""
    return qr_address(
        template,
        website=website,
        lang="x" * 12,
        topic="x" * 40,
        layout=max(LAYOUTS, key=len),
        revision="2026-12-31",
    )


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
    url = qr_address(
        template, website=website, lang=lang, topic=topic, layout=layout, revision=revision
    )
    problem = qr_url_too_long(url)
    if problem:  # a profile is checked when loaded; this guards any other template
        raise ContentError(problem, field="qr_url", hint=QR_URL_HINT)
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
