"""Turn a brochure's languages into the fonts that draw them: @font-face CSS, stacks, cmaps.

Latin, Cyrillic, Arabic and Devanagari fonts come from Python packages (fontpkg). Chinese and
Korean use the system's Noto Sans CJK (Debian `fonts-noto-cjk`), found through fontconfig:
no maintained CJK font package exists on PyPI. Those 20 MB collections are cut down once, to
the characters the catalogs and language names use, and the variable fonts are instanced at
the weights the stylesheet uses (font_files.py); the small fonts are cached: PDFs stay small
and renders fast. Rendering runs with a fontconfig file that lists no folder, so no host font
can change a brochure.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path

import fontpkg

from brochures.atomic import CACHE_HINT, write_atomically
from brochures.errors import BrochureError
from brochures.pdf.font_files import instance_path, make_instance, make_subset, subset_path

LOGGER = logging.getLogger(__name__)

CJK_PACKAGE_HINT = (
    "install the Noto CJK fonts: sudo apt-get install fonts-noto-cjk "
    "(Debian/Ubuntu), then build again"
)


@dataclass(frozen=True)
class FontFace:
    family: str  # the name the stylesheet uses
    path: Path
    weight: str  # a CSS font-weight such as "400"
    style: str


# CSS family -> (fontpkg family, pip package).
PACKAGED = {
    "Brochure Sans": ("Atkinson Hyperlegible", "fontpkg-atkinson-hyperlegible"),
    "Brochure Noto": ("Noto Sans", "fontpkg-noto-sans"),
    "Brochure Arabic": ("Noto Sans Arabic", "fontpkg-noto-sans-arabic"),
    "Brochure Devanagari": ("Noto Sans Devanagari", "fontpkg-noto-sans-devanagari"),
}
# CSS family -> (the system family fontconfig knows, the languages it sets).
SYSTEM_CJK = {
    "Brochure CJK SC": ("Noto Sans CJK SC", ("zh",)),
    "Brochure CJK KR": ("Noto Sans CJK KR", ("ko",)),
}
_SCRIPT_FALLBACKS = ("Brochure Arabic", "Brochure Devanagari", "Brochure CJK SC", "Brochure CJK KR")

# Font stacks, first choice first. Atkinson Hyperlegible (designed for low vision) sets the
# languages whose letters it has; Vietnamese, Cyrillic and the others start with the font
# made for their script. The rest of each stack draws other scripts, such as the language
# names in the "also available in" line.
STACKS = {
    "latin": ("Brochure Sans", "Brochure Noto", *_SCRIPT_FALLBACKS),
    "noto": ("Brochure Noto", *_SCRIPT_FALLBACKS),
    "arabic": ("Brochure Arabic", "Brochure Noto", *_SCRIPT_FALLBACKS[1:]),
    "devanagari": (
        "Brochure Devanagari",
        "Brochure Noto",
        *_SCRIPT_FALLBACKS[:1],
        *_SCRIPT_FALLBACKS[2:],
    ),
    "chinese": ("Brochure Noto", "Brochure CJK SC", "Brochure Arabic", "Brochure Devanagari"),
    "korean": ("Brochure Noto", "Brochure CJK KR", "Brochure Arabic", "Brochure Devanagari"),
}
# Language (BCP 47 primary subtag) -> stack; every other language uses "latin".
LANGUAGE_STACKS = {
    "vi": "noto",  # Atkinson Hyperlegible has no Vietnamese letters such as ế or ạ
    "ru": "noto",
    "uk": "noto",
    "bg": "noto",
    "sr": "noto",
    "ar": "arabic",
    "fa": "arabic",
    "ur": "arabic",
    "hi": "devanagari",
    "mr": "devanagari",
    "ne": "devanagari",
    "zh": "chinese",
    "ko": "korean",
}


def stack_for(lang: str) -> tuple[str, ...]:
    return STACKS[LANGUAGE_STACKS.get(lang.split("-")[0].lower(), "latin")]


@dataclass(frozen=True)
class _PlannedFace:
    """A face and, when its file is made rather than found, how to make it."""

    face: FontFace
    source_family: str  # for messages: "Noto Sans", "Noto Sans CJK SC"
    make: Callable[[], bytes] | None = None


def _packaged_faces(css_family: str, cache: Path) -> list[_PlannedFace]:
    package_family, pip_name = PACKAGED[css_family]
    try:
        family = fontpkg.family(package_family)
    except fontpkg.FamilyNotInstalled:
        raise BrochureError(
            f"the font {package_family!r} is not installed", hint=f"pip install {pip_name}"
        ) from None
    faces = []
    for file in family.files:
        source = Path(file.path)
        if not file.variable:
            faces.append(
                _PlannedFace(
                    FontFace(css_family, source, str(file.weight), file.style), package_family
                )
            )
            continue
        # The weights the stylesheet uses, each as a static font made once: WeasyPrint
        # would otherwise instance the variable font again for every document.
        for weight in ("400", "700"):
            if file.wght_min <= int(weight) <= file.wght_max:
                faces.append(
                    _PlannedFace(
                        FontFace(
                            css_family,
                            instance_path(source, int(weight), cache),
                            weight,
                            file.style,
                        ),
                        package_family,
                        partial(make_instance, source, int(weight)),
                    )
                )
    return faces


def _host_environment() -> dict[str, str]:
    # Ask the host's own fontconfig, not the isolated one used while rendering.
    return {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}


def find_system_font(family: str, style: str = "Regular") -> tuple[Path, int]:
    """(file, index in the collection) of a system font, via fontconfig; a clear error if absent."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise BrochureError(
            "fontconfig's fc-match is missing, so the CJK fonts cannot be found",
            hint="sudo apt-get install fontconfig fonts-noto-cjk",
        )
    result = subprocess.run(
        [fc_match, "-f", "%{family}|%{file}|%{index}", f"{family}:style={style}"],
        capture_output=True,
        text=True,
        env=_host_environment(),
        check=False,
    )
    families, _, rest = result.stdout.partition("|")
    file, _, index = rest.partition("|")
    if result.returncode != 0 or family not in families.split(","):
        raise BrochureError(f"the font {family!r} is not installed", hint=CJK_PACKAGE_HINT)
    return Path(file), int(index or 0)


class FontSet:
    """Every font a brochure may use, found (and cut down) once per process.

    `cjk_text` maps each CJK family ("Brochure CJK SC") to the text it must be able to draw.
    """

    def __init__(self, cache: Path, cjk_text: dict[str, str] | None = None) -> None:
        self.cache = cache
        self.cjk_text = cjk_text or {}

    @cached_property
    def faces(self) -> list[FontFace]:
        """Every face, the missing ones made first. Every source font is found before
        anything is made, so a missing font is reported at once."""
        planned = [
            *(p for family in PACKAGED for p in _packaged_faces(family, self.cache / "fonts")),
            *self._system_faces(),
        ]
        _make_missing(planned)
        return [p.face for p in planned]

    def prepare(self) -> None:
        """Find every font and make the ones the cache lacks, now rather than at first use."""
        self.faces  # noqa: B018  (a cached property: reading it does the work)

    def _system_faces(self) -> list[_PlannedFace]:
        """The CJK subsets, regular and bold."""
        faces = []
        for css_family, (system_family, _) in SYSTEM_CJK.items():
            text = self.cjk_text.get(css_family, "")
            for style, weight in (("Regular", "400"), ("Bold", "700")):
                path, index = find_system_font(system_family, style)
                faces.append(
                    _PlannedFace(
                        FontFace(
                            css_family,
                            subset_path(path, index, text, self.cache / "fonts"),
                            weight,
                            "normal",
                        ),
                        system_family,
                        partial(make_subset, path, index, text),
                    )
                )
        return faces

    def folders(self) -> set[Path]:
        """Folders the renderer's URL fetcher may read fonts from."""
        return {face.path.resolve().parent for face in self.faces}

    def font_face_css(self, languages: list[str] | tuple[str, ...]) -> str:
        rules = [
            "@font-face {"
            f' font-family: "{face.family}";'
            f' src: url("{face.path.resolve().as_uri()}");'
            f" font-weight: {face.weight}; font-style: {face.style}; }}"
            for face in self.faces
        ]
        rules.append(f"html {{ font-family: {_css_stack(STACKS['latin'])}; }}")
        for lang in languages:
            rules.append(f":lang({lang}) {{ font-family: {_css_stack(stack_for(lang))}; }}")
        return "\n".join(rules)

    def fontconfig_file(self) -> Path:
        """A fontconfig file that lists no font folder: only @font-face fonts are used."""
        text = (
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            "<!-- Written by exosome-brochures: no folders, so no host font is used. -->\n"
            f"<fontconfig>\n  <cachedir>{self.cache / 'fontconfig-cache'}</cachedir>\n"
            "</fontconfig>\n"
        )
        target = self.cache / "fonts.conf"
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            write_atomically(target, text, hint=CACHE_HINT)
        return target

    @cached_property
    def cmaps(self) -> dict[str, frozenset[int]]:
        """The code points each CSS family can draw (its regular face)."""
        from fontTools.ttLib import TTFont

        cmaps = {}
        for face in self.faces:
            if face.weight == "400" and face.style == "normal" and face.family not in cmaps:
                with TTFont(face.path, lazy=True) as font:
                    cmaps[face.family] = frozenset(font.getBestCmap())
        return cmaps


def _make_missing(planned: list[_PlannedFace]) -> None:
    """Make the faces the cache lacks, saying which first: on an empty cache this is the
    one wait a build has before its first page."""
    missing = [p for p in planned if p.make is not None and not p.face.path.is_file()]
    if not missing:
        return
    LOGGER.info("preparing fonts (first run): %s", _describe(missing))
    started = time.perf_counter()
    for planned_face in missing:
        assert planned_face.make is not None
        data = planned_face.make()
        write_atomically(planned_face.face.path, data, hint=CACHE_HINT)
    LOGGER.info(
        "prepared %d fonts in %.2f s, in %s",
        len(missing),
        time.perf_counter() - started,
        missing[0].face.path.parent,
    )


def _describe(planned: list[_PlannedFace]) -> str:
    """ "Noto Sans 400/700, Noto Sans italic 400/700, Noto Sans CJK SC 400/700" """
    weights: dict[str, list[str]] = {}
    for p in planned:
        name = p.source_family + ("" if p.face.style == "normal" else f" {p.face.style}")
        weights.setdefault(name, []).append(p.face.weight)
    return ", ".join(f"{name} {'/'.join(w)}" for name, w in weights.items())


def _css_stack(families: tuple[str, ...]) -> str:
    return ", ".join(f'"{family}"' for family in families)
