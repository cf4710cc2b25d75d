"""Turn the font packages a brochure needs into @font-face CSS and the folders they live in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import fontpkg

from .errors import BrochureError


@dataclass(frozen=True)
class FontFace:
    family: str      # the name the stylesheet uses
    path: Path
    weight: str      # a CSS font-weight such as "400"
    style: str


# (CSS family, fontpkg family, pip package): body text first, then the fallback that
# covers what the body font lacks (arrows, Cyrillic, Vietnamese, Devanagari...).
STACK = (
    ("Brochure Sans", "Atkinson Hyperlegible", "fontpkg-atkinson-hyperlegible"),
    ("Brochure Fallback", "Noto Sans", "fontpkg-noto-sans"),
)


def _faces(css_family: str, package_family: str, pip_name: str) -> list[FontFace]:
    try:
        family = fontpkg.family(package_family)
    except fontpkg.FamilyNotInstalled:
        raise BrochureError(f"the font {package_family!r} is not installed",
                            hint=f"pip install {pip_name}") from None
    faces = []
    for file in family.files:
        if file.variable:
            # WeasyPrint's @font-face takes one weight, not a range: declare the weights
            # the stylesheet uses, each served by the variable file.
            faces += [FontFace(css_family, Path(file.path), weight, file.style)
                      for weight in ("400", "700")
                      if file.wght_min <= int(weight) <= file.wght_max]
        else:
            faces.append(FontFace(css_family, Path(file.path), str(file.weight), file.style))
    return faces


def brochure_fonts() -> list[FontFace]:
    return [face for entry in STACK for face in _faces(*entry)]


def font_face_css(faces: list[FontFace]) -> str:
    rules = []
    for face in faces:
        rules.append(
            "@font-face {"
            f' font-family: "{face.family}";'
            f' src: url("{face.path.resolve().as_uri()}");'
            f" font-weight: {face.weight};"
            f" font-style: {face.style};"
            " }")
    return "\n".join(rules)


def font_folders(faces: list[FontFace]) -> set[Path]:
    return {face.path.resolve().parent for face in faces}
