"""Turn variable fonts and large font collections into the small static fonts a render uses.

HarfBuzz's instancer and subsetter (uharfbuzz) make them: the fontTools instancer took
about 5 s for each weight of Noto Sans and 2 s for each CJK subset, so a build on an
empty cache spent some 40 s here; HarfBuzz takes about 0.02 s for each. Its instances
have the same outlines and glyph order as fontTools' and the advances HarfBuzz itself
gives the variable font (fontTools rounded a dozen bold advances one unit the other way).

Each file is named by a hash of everything that can change its bytes: the source file,
what is asked of it, and the HarfBuzz version. The same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import uharfbuzz as hb

# Always in the CJK subsets: digits, Latin letters and the punctuation CJK text uses.
CJK_BASE = "".join(chr(c) for c in range(0x20, 0x7F)) + "，。：；？！、（）“”‘’《》「」·—…％"


def _harfbuzz_version() -> str:
    return f"uharfbuzz {hb.__version__} harfbuzz {hb.version_string()}"


def _key(source: Path, *asked: str) -> str:
    stat = source.stat()
    parts = [str(source), str(stat.st_size), str(int(stat.st_mtime)), *asked, _harfbuzz_version()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def instance_path(source: Path, weight: int, cache: Path) -> Path:
    """Where the static copy of the variable font `source` at `weight` is kept."""
    digest = _key(source, "instance", str(weight))[:12]
    return cache / f"static-{source.stem.split('[')[0]}-{weight}-{digest}.ttf"


def make_instance(source: Path, weight: int) -> bytes:
    """A static copy of a variable font at one weight, every other axis at its default.

    Everything else is kept (glyphs, features, names): only the variations go.
    """
    face = hb.Face(hb.Blob.from_file_path(str(source)))
    wanted = hb.SubsetInput()
    wanted.keep_everything()
    wanted.pin_all_axes_to_default(face)
    if not wanted.pin_axis_location(face, "wght", weight):
        raise ValueError(f"{source.name} has no weight axis")
    return _subset(face, wanted, source)


def subset_path(source: Path, index: int, text: str, cache: Path) -> Path:
    """Where the cut of font `index` of `source` to the characters of `text` is kept."""
    digest = _key(source, "subset", str(index), subset_characters(text))[:16]
    return cache / f"subset-{digest}.otf"


def subset_characters(text: str) -> str:
    """The characters a subset for `text` keeps, in code point order."""
    return "".join(sorted(set(text + CJK_BASE)))


def make_subset(source: Path, index: int, text: str) -> bytes:
    """Font `index` of the collection `source` with only the characters of `text` and
    CJK_BASE, and every glyph the font's features reach from them.

    Glyph ids are renumbered, so the subset WeasyPrint embeds stays small too (it keeps
    glyph ids, and Hangul sits past id 50,000 in the full collection).
    """
    face = hb.Face(hb.Blob.from_file_path(str(source)), index)
    wanted = hb.SubsetInput()
    wanted.unicode_set.update(ord(c) for c in subset_characters(text))
    # Every layout feature and every name; the defaults keep only a few of each.
    for kept in (hb.SubsetInputSets.LAYOUT_FEATURE_TAG, hb.SubsetInputSets.NAME_ID):
        wanted.sets(kept).clear()
        wanted.sets(kept).invert()
    # A visible .notdef box; plain (not subroutinized) CFF charstrings, which are
    # smaller again once WeasyPrint cuts the subset down to the glyphs a PDF draws.
    wanted.flags = hb.SubsetFlags.NOTDEF_OUTLINE | hb.SubsetFlags.DESUBROUTINIZE
    return _subset(face, wanted, source)


def _subset(face: hb.Face, wanted: hb.SubsetInput, source: Path) -> bytes:
    try:
        return bytes(hb.subset(face, wanted).blob.data)
    except RuntimeError as error:  # hb_subset_or_fail failed: a broken or unusual font
        raise ValueError(f"HarfBuzz could not cut down {source.name}: {error}") from None
