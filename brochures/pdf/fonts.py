"""Turn a brochure's languages into the fonts that draw them: @font-face CSS, stacks, cmaps.

Latin, Cyrillic, Arabic and Devanagari fonts come from Python packages (fontpkg). Chinese and
Korean use the system's Noto Sans CJK (Debian `fonts-noto-cjk`), found through fontconfig:
no maintained CJK font package exists on PyPI. Those 20 MB collections are cut down once, to
the characters the catalogs and language names use, and the small fonts are cached: PDFs
stay small and renders fast. Rendering runs with a fontconfig file that lists no folder, so
no host font can change a brochure.
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

from brochures.atomic import CACHE_HINT, save_atomically, write_atomically
from brochures.errors import BrochureError

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
# Always in the CJK subsets: digits, Latin letters and the punctuation CJK text uses.
_CJK_BASE = "".join(chr(c) for c in range(0x20, 0x7F)) + "，。：；？！、（）“”‘’《》「」·—…％"

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


def static_instance(source: Path, weight: int, cache: Path) -> Path:
    """A static (non-variable) copy of a variable font at one weight, cached.

    WeasyPrint would otherwise instance the variable font again for every document it
    embeds it in: that was a third of the render time.
    """
    from fontTools import version as fonttools_version
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    stat = source.stat()
    key = "|".join(
        [str(source), str(stat.st_size), str(int(stat.st_mtime)), str(weight), fonttools_version]
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    target = cache / f"static-{source.stem.split('[')[0]}-{weight}-{digest}.ttf"
    if target.is_file():
        return target
    with TTFont(source, recalcTimestamp=False) as font:
        axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
        axes["wght"] = weight
        static = instantiateVariableFont(font, axes, updateFontNames=False)
        save_atomically(target, static.save, hint=CACHE_HINT)
    return target


def _packaged_faces(css_family: str, cache: Path) -> list[FontFace]:
    package_family, pip_name = PACKAGED[css_family]
    try:
        family = fontpkg.family(package_family)
    except fontpkg.FamilyNotInstalled:
        raise BrochureError(
            f"the font {package_family!r} is not installed", hint=f"pip install {pip_name}"
        ) from None
    faces = []
    for file in family.files:
        if file.variable:
            # The weights the stylesheet uses, each as a static font made once.
            faces += [
                FontFace(
                    css_family,
                    static_instance(Path(file.path), int(weight), cache),
                    weight,
                    file.style,
                )
                for weight in ("400", "700")
                if file.wght_min <= int(weight) <= file.wght_max
            ]
        else:
            faces.append(FontFace(css_family, Path(file.path), str(file.weight), file.style))
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


def subset_font(source: Path, index: int, text: str, cache: Path) -> Path:
    """A font with only the characters of `text`, cut from `source`, cached by its inputs.

    Glyph ids are renumbered, so the subset WeasyPrint embeds stays small too (it keeps
    glyph ids, and Hangul sits past id 50,000 in the full collection).
    """
    from fontTools import subset
    from fontTools import version as fonttools_version
    from fontTools.ttLib import TTFont

    chars = sorted(set(text + _CJK_BASE))
    stat = source.stat()
    key = "|".join(
        [
            str(source),
            str(index),
            str(stat.st_size),
            str(int(stat.st_mtime)),
            fonttools_version,
            "".join(chars),
        ]
    )
    target = cache / f"subset-{hashlib.sha256(key.encode()).hexdigest()[:16]}.otf"
    if target.is_file():
        return target
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.desubroutinize = True
    # recalcTimestamp=False: the same inputs give the same bytes, whatever the day.
    with TTFont(source, fontNumber=index, recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in chars])
        subsetter.subset(font)
        save_atomically(target, font.save, hint=CACHE_HINT)
    return target


class FontSet:
    """Every font a brochure may use, found (and cut down) once per process.

    `cjk_text` maps each CJK family ("Brochure CJK SC") to the text it must be able to draw.
    """

    def __init__(self, cache: Path, cjk_text: dict[str, str] | None = None) -> None:
        self.cache = cache
        self.cjk_text = cjk_text or {}

    @cached_property
    def packaged(self) -> list[FontFace]:
        return [
            face for family in PACKAGED for face in _packaged_faces(family, self.cache / "fonts")
        ]

    @cached_property
    def system(self) -> list[FontFace]:
        """The CJK subsets, regular and bold, as @font-face faces."""
        faces = []
        for css_family, (system_family, _) in SYSTEM_CJK.items():
            text = self.cjk_text.get(css_family, "")
            for style, weight in (("Regular", "400"), ("Bold", "700")):
                path, index = find_system_font(system_family, style)
                faces.append(
                    FontFace(
                        css_family,
                        subset_font(path, index, text, self.cache / "fonts"),
                        weight,
                        "normal",
                    )
                )
        return faces

    def folders(self) -> set[Path]:
        """Folders the renderer's URL fetcher may read fonts from."""
        return {face.path.resolve().parent for face in self.packaged + self.system}

    def font_face_css(self, languages: list[str] | tuple[str, ...]) -> str:
        rules = [
            "@font-face {"
            f' font-family: "{face.family}";'
            f' src: url("{face.path.resolve().as_uri()}");'
            f" font-weight: {face.weight}; font-style: {face.style}; }}"
            for face in self.packaged + self.system
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
        for face in self.packaged + self.system:
            if face.weight == "400" and face.style == "normal" and face.family not in cmaps:
                with TTFont(face.path, lazy=True) as font:
                    cmaps[face.family] = frozenset(font.getBestCmap())
        return cmaps


def _css_stack(families: tuple[str, ...]) -> str:
    return ", ".join(f'"{family}"' for family in families)
