"""Check a clinic's logo file before any renderer reads it: its type, size and pixels, and
an SVG free of the entities and outside references a logo never needs."""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ElementTree
from pathlib import Path

LOGO_TYPES = (".svg", ".png")
MAX_LOGO_BYTES = 2_000_000  # a print logo is tens of kilobytes
MAX_LOGO_PIXELS = 25_000_000  # 5000 x 5000: far sharper than a 30 mm masthead needs
EXPORT_AGAIN = "export the logo again as SVG or PNG"
# Declarations that make an XML parser expand entities or read other files. A logo
# exported by a drawing program has none; one that has them is refused, not parsed.
_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# Attributes through which an SVG pulls in another file or address; the renderer would
# refuse the fetch, but the logo would then print incomplete without a word.
_OUTSIDE_REFERENCE = re.compile(r"^(?!#|data:image/)", re.IGNORECASE)
_HREF_ATTRIBUTES = ("href", "{http://www.w3.org/1999/xlink}href", "src")


def logo_problem(logo: Path) -> tuple[str, str] | None:
    """Why this file cannot be the logo (message, hint), or None when it can."""
    try:
        size = logo.stat().st_size
        if size > MAX_LOGO_BYTES:
            return (
                f"{logo.name} is {size:,} bytes; a logo is at most {MAX_LOGO_BYTES:,}",
                "export it smaller (an SVG, or a PNG of at most 2000 pixels across)",
            )
        data = logo.read_bytes()
    except OSError as exc:
        return f"cannot read {logo.name} ({exc.strerror})", "check the file's permissions"
    if logo.suffix.lower() == ".png":
        return _png_problem(logo.name, data)
    return _svg_problem(logo.name, data)


def _png_problem(name: str, data: bytes) -> tuple[str, str] | None:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return f"{name} is not a PNG image", EXPORT_AGAIN
    from PIL import Image  # Pillow comes with WeasyPrint, which reads the logo with it

    too_many = (
        f"{name} has more than {MAX_LOGO_PIXELS // 1_000_000} million pixels",
        "export it at most 2000 pixels across",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.size[0] * image.size[1] > MAX_LOGO_PIXELS:
                    return too_many
                image.load()  # decodes every row: a cut-off or damaged file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return too_many
    except Image.UnidentifiedImageError:
        return f"{name} is a damaged PNG image (its data is cut off or unreadable)", EXPORT_AGAIN
    except (OSError, SyntaxError, ValueError) as exc:
        return f"{name} is a damaged PNG image ({str(exc) or type(exc).__name__})", EXPORT_AGAIN
    return None


def _svg_problem(name: str, data: bytes) -> tuple[str, str] | None:
    plain_svg = "save it as plain SVG (in Inkscape: Save as, Plain SVG)"
    if _DECLARATIONS.search(data):
        return (
            f"{name} declares a DOCTYPE or entities, which a logo does not need and which "
            "can make an SVG expand without end or read other files",
            plain_svg,
        )
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        line = exc.position[0]
        return f"{name} is not a valid SVG file (line {line}: {exc})", EXPORT_AGAIN
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        return f"{name} is not an SVG image (its root element is <{root.tag}>)", EXPORT_AGAIN
    for element in root.iter():
        for attribute in _HREF_ATTRIBUTES:
            target = element.get(attribute)
            if target and _OUTSIDE_REFERENCE.match(target.strip()):
                return (
                    f"{name} refers to another file or address ({target[:80]}); a logo must "
                    "be one self-contained file",
                    "embed the pictures it uses, or " + plain_svg,
                )
    return None
