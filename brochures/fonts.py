"""Turn a brochure's languages into the fonts that draw them: @font-face CSS, stacks, cmaps.

Latin, Cyrillic, Arabic and Devanagari fonts come from Python packages (fontpkg). Chinese and
Korean use the system's Noto Sans CJK (Debian `fonts-noto-cjk`), found through fontconfig:
no maintained CJK font package exists on PyPI. Rendering then runs with a fontconfig file that
lists only that folder, so no other host font can change a brochure.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import fontpkg

from .errors import BrochureError

CJK_PACKAGE_HINT = ("install the Noto CJK fonts: sudo apt-get install fonts-noto-cjk "
                    "(Debian/Ubuntu), then build again")


@dataclass(frozen=True)
class FontFace:
    family: str      # the name the stylesheet uses
    path: Path
    weight: str      # a CSS font-weight such as "400"
    style: str
    index: int = 0   # the face inside a font collection (.ttc)


# CSS family -> (fontpkg family, pip package).
PACKAGED = {
    "Brochure Sans": ("Atkinson Hyperlegible", "fontpkg-atkinson-hyperlegible"),
    "Brochure Noto": ("Noto Sans", "fontpkg-noto-sans"),
    "Brochure Arabic": ("Noto Sans Arabic", "fontpkg-noto-sans-arabic"),
    "Brochure Devanagari": ("Noto Sans Devanagari", "fontpkg-noto-sans-devanagari"),
}
# CSS family -> the system family fontconfig knows (all in one Noto CJK collection).
SYSTEM_CJK = {
    "Noto Sans CJK SC": "Noto Sans CJK SC",
    "Noto Sans CJK KR": "Noto Sans CJK KR",
}

_SCRIPT_FALLBACKS = ("Brochure Arabic", "Brochure Devanagari", "Noto Sans CJK SC",
                     "Noto Sans CJK KR")

# Font stacks, first choice first. Atkinson Hyperlegible (designed for low vision) sets the
# languages whose letters it has; Vietnamese, Cyrillic and the others start with the font
# made for their script. The rest of each stack draws other scripts, such as the language
# names in the "also available in" line.
STACKS = {
    "latin": ("Brochure Sans", "Brochure Noto", *_SCRIPT_FALLBACKS),
    "noto": ("Brochure Noto", *_SCRIPT_FALLBACKS),
    "arabic": ("Brochure Arabic", "Brochure Noto", *_SCRIPT_FALLBACKS[1:]),
    "devanagari": ("Brochure Devanagari", "Brochure Noto", *_SCRIPT_FALLBACKS[:1],
                   *_SCRIPT_FALLBACKS[2:]),
    "chinese": ("Brochure Noto", "Noto Sans CJK SC", "Brochure Arabic", "Brochure Devanagari"),
    "korean": ("Brochure Noto", "Noto Sans CJK KR", "Brochure Arabic", "Brochure Devanagari"),
}
# Language (BCP 47 primary subtag) -> stack; every other language uses "latin".
LANGUAGE_STACKS = {
    "vi": "noto",       # Atkinson Hyperlegible has no Vietnamese letters such as ế or ạ
    "ru": "noto", "uk": "noto", "bg": "noto", "sr": "noto",
    "ar": "arabic", "fa": "arabic", "ur": "arabic",
    "hi": "devanagari", "mr": "devanagari", "ne": "devanagari",
    "zh": "chinese", "ko": "korean",
}


def stack_for(lang: str) -> tuple[str, ...]:
    return STACKS[LANGUAGE_STACKS.get(lang.split("-")[0].lower(), "latin")]


def _packaged_faces(css_family: str) -> list[FontFace]:
    package_family, pip_name = PACKAGED[css_family]
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


def _host_environment() -> dict[str, str]:
    # Ask the host's own fontconfig, not the isolated one used while rendering.
    return {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}


def find_system_font(family: str) -> tuple[Path, int]:
    """(file, index in the collection) of a system font, via fontconfig; a clear error if absent."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise BrochureError("fontconfig's fc-match is missing, so the CJK fonts cannot be found",
                            hint="sudo apt-get install fontconfig fonts-noto-cjk")
    result = subprocess.run([fc_match, "-f", "%{family}|%{file}|%{index}", f"{family}:style=Regular"],
                            capture_output=True, text=True, env=_host_environment(), check=False)
    families, _, rest = result.stdout.partition("|")
    file, _, index = rest.partition("|")
    if result.returncode != 0 or family not in families.split(","):
        raise BrochureError(f"the font {family!r} is not installed", hint=CJK_PACKAGE_HINT)
    return Path(file), int(index or 0)


class FontSet:
    """Every font a brochure may use, found once per process."""

    @cached_property
    def packaged(self) -> list[FontFace]:
        return [face for family in PACKAGED for face in _packaged_faces(family)]

    @cached_property
    def system(self) -> dict[str, tuple[Path, int]]:
        return {css: find_system_font(name) for css, name in SYSTEM_CJK.items()}

    def folders(self) -> set[Path]:
        """Folders the renderer's URL fetcher may read fonts from."""
        return {face.path.resolve().parent for face in self.packaged}

    def font_face_css(self, languages: list[str] | tuple[str, ...]) -> str:
        rules = [
            "@font-face {"
            f' font-family: "{face.family}";'
            f' src: url("{face.path.resolve().as_uri()}");'
            f" font-weight: {face.weight}; font-style: {face.style}; }}"
            for face in self.packaged]
        rules.append(f"html {{ font-family: {_css_stack(STACKS['latin'])}; }}")
        for lang in languages:
            rules.append(f":lang({lang}) {{ font-family: {_css_stack(stack_for(lang))}; }}")
        return "\n".join(rules)

    def fontconfig_file(self, cache_dir: Path) -> Path:
        """A fontconfig file that lists only the folders of the system CJK fonts."""
        folders = sorted({str(path.parent) for path, _ in self.system.values()})
        cache = cache_dir / "fontconfig-cache"
        text = ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                "<!-- Written by exosome-brochures: only the system CJK fonts, no other host font. -->\n"
                "<fontconfig>\n"
                + "".join(f"  <dir>{folder}</dir>\n" for folder in folders)
                + f"  <cachedir>{cache}</cachedir>\n</fontconfig>\n")
        digest = hashlib.sha256(text.encode()).hexdigest()[:12]
        target = cache_dir / f"fonts-{digest}.conf"
        if not target.is_file():
            cache_dir.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, target)
        return target

    @cached_property
    def cmaps(self) -> dict[str, frozenset[int]]:
        """The code points each CSS family can draw (its regular face)."""
        from fontTools.ttLib import TTFont

        cmaps = {}
        for family in PACKAGED:
            regular = next(f for f in self.packaged
                           if f.family == family and f.weight == "400" and f.style == "normal")
            with TTFont(regular.path, lazy=True) as font:
                cmaps[family] = frozenset(font.getBestCmap())
        for family, (path, index) in self.system.items():
            with TTFont(path, fontNumber=index, lazy=True) as font:
                cmaps[family] = frozenset(font.getBestCmap())
        return cmaps


def _css_stack(families: tuple[str, ...]) -> str:
    return ", ".join(f'"{family}"' for family in families)
