"""Turn the fonts the PDFs use into web fonts (WOFF2) and the @font-face CSS that serves them.

The site is served with the same packaged fonts as the brochures, from its own folder: no
font service, so a patient's phone asks no third party for anything. Each face becomes a
WOFF2 file once (fontTools with Brotli, about a second each; cached beside the PDF fonts)
and is named by a hash of its bytes, so a browser's cached copy never goes stale. The
stylesheet gives every language the font stack its brochures use; a browser downloads
only the faces a page draws with.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from brochures.atomic import CACHE_HINT, write_atomically
from brochures.pdf.fonts import STACKS, FontFace, FontSet, stack_for


def web_font_files(fonts: FontSet) -> list[tuple[FontFace, str, Path]]:
    """(face, name on the site, WOFF2 file in the cache) for every face of `fonts`."""
    found = []
    for face in fonts.faces:
        woff2 = _woff2(face.path, fonts.cache / "web-fonts")
        digest = woff2.stem.rsplit("-", 1)[-1][:10]
        slug = re.sub(r"[^a-z0-9]+", "-", face.family.lower()).strip("-")
        style = "" if face.style == "normal" else f"-{face.style}"
        found.append((face, f"{slug}-{face.weight}{style}-{digest}.woff2", woff2))
    return found


def _woff2(source: Path, cache: Path) -> Path:
    """The WOFF2 copy of a font file, made once."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = cache / f"{source.stem}-{digest}.woff2"
    if not target.is_file():
        from fontTools.ttLib import TTFont  # imported only when a font is converted

        buffer = io.BytesIO()
        with TTFont(source) as font:
            font.flavor = "woff2"
            font.save(buffer)
        write_atomically(target, buffer.getvalue(), hint=CACHE_HINT)
    return target


def font_face_css(files: list[tuple[FontFace, str, Path]], languages: tuple[str, ...]) -> str:
    """@font-face rules for the files (named relative to the stylesheet, which sits beside
    their folder), and each language's stack, as the PDFs have them."""
    rules = ["/* Written by exosome-brochures: the brochures' own fonts, served by this site. */"]
    for face, name, _ in files:
        rules.append(
            "@font-face {"
            f' font-family: "{face.family}"; src: url("fonts/{name}") format("woff2");'
            f" font-weight: {face.weight}; font-style: {face.style}; font-display: swap; }}"
        )
    fallback = "system-ui, sans-serif"  # while the fonts load, and for what none of them draws
    rules.append(f"html {{ font-family: {_stack(STACKS['latin'])}, {fallback}; }}")
    for lang in languages:
        rules.append(f":lang({lang}) {{ font-family: {_stack(stack_for(lang))}, {fallback}; }}")
    return "\n".join(rules) + "\n"


def _stack(families: tuple[str, ...]) -> str:
    return ", ".join(f'"{family}"' for family in families)
