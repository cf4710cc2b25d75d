"""The static instances and CJK subsets HarfBuzz makes draw what fontTools' did, byte-stable."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import fontpkg
import pytest
import uharfbuzz as hb
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

from brochures.errors import BrochureError
from brochures.pdf import fonts
from brochures.pdf.font_files import make_instance, make_subset, subset_characters
from brochures.pdf.fonts import FontSet, find_system_font

SAMPLE = "Información para pacientes. 中文 (简体) 한국어 العربية हिन्दी русский Tiếng Việt"


def _variable(family: str, style: str = "normal") -> Path:
    return next(Path(f.path) for f in fontpkg.family(family).files if f.style == style)


def _drawings(data: bytes) -> dict[str, tuple[int, list]]:
    """Each glyph's advance and outline, by glyph name."""
    font = TTFont(io.BytesIO(data))
    glyphs = font.getGlyphSet()
    drawn = {}
    for name in font.getGlyphOrder():
        pen = DecomposingRecordingPen(glyphs)  # components as the outlines they place
        glyphs[name].draw(pen)
        drawn[name] = (glyphs[name].width, pen.value)
    return drawn


def _largest_difference(ours: bytes, theirs: bytes) -> float:
    """The largest difference, in font units, of any advance or outline point between two
    fonts with the same glyphs; infinite if an outline is drawn with other segments."""
    mine, other = _drawings(ours), _drawings(theirs)
    assert mine.keys() == other.keys()
    largest = 0.0
    for name, (advance, outline) in mine.items():
        other_advance, other_outline = other[name]
        largest = max(largest, abs(advance - other_advance))
        if [op for op, _ in outline] != [op for op, _ in other_outline]:
            return float("inf")
        for (_, points), (_, other_points) in zip(outline, other_outline, strict=True):
            for point, other_point in zip(points, other_points, strict=True):
                if point is None or other_point is None:  # an implied on-curve point
                    if point != other_point:
                        return float("inf")
                    continue
                shifts = (abs(a - b) for a, b in zip(point, other_point, strict=True))
                largest = max(largest, *shifts)
    return largest


def _shaped(data: bytes, text: str, language: str | None = None) -> list[tuple]:
    font = hb.Font(hb.Face(data))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    if language:
        buffer.language = language
    hb.shape(font, buffer, {})
    names = [font.glyph_to_string(info.codepoint) for info in buffer.glyph_infos]
    return [
        (name, p.x_advance, p.x_offset, p.y_offset)
        for name, p in zip(names, buffer.glyph_positions, strict=True)
    ]


@pytest.mark.slow  # the fontTools instancer takes a few seconds
@pytest.mark.parametrize("weight, units", [(400, 0), (700, 1)])
def test_an_instance_has_the_outlines_and_advances_of_the_fonttools_one(weight, units):
    # 400 is the default weight: nothing to vary, so the same. At 700 the two instancers
    # round some interpolated points apart, by one unit (a thousandth of the type size).
    from fontTools.varLib.instancer import instantiateVariableFont

    source = _variable("Noto Sans Arabic")
    with TTFont(source, recalcTimestamp=False) as font:
        axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
        static = instantiateVariableFont(font, {**axes, "wght": weight}, updateFontNames=False)
        made_by_fonttools = io.BytesIO()
        static.save(made_by_fonttools)
    ours = make_instance(source, weight)
    assert _largest_difference(ours, made_by_fonttools.getvalue()) == units
    text = "العربية: مرحبا بكم في العيادة"
    assert _shaped(ours, text) == _shaped(made_by_fonttools.getvalue(), text)


def test_an_instance_advances_as_the_variable_font_does_at_that_weight():
    # Where fontTools rounded a dozen bold advances of Noto Sans Italic one unit apart
    # from HarfBuzz, the instance must agree with the variable font as HarfBuzz sets it.
    source = _variable("Noto Sans", "italic")
    instance = hb.Font(hb.Face(make_instance(source, 700)))
    variable = hb.Font(hb.Face(hb.Blob.from_file_path(str(source))))
    variable.set_variations({"wght": 700})
    glyphs = range(instance.face.glyph_count)
    assert [instance.get_glyph_h_advance(g) for g in glyphs] == [
        variable.get_glyph_h_advance(g) for g in glyphs
    ]
    assert "fvar" not in TTFont(io.BytesIO(make_instance(source, 700)))


@pytest.mark.slow  # fontTools reads the 20 MB collection
def test_a_cjk_subset_keeps_what_the_fonttools_subset_kept():
    from fontTools import subset

    source, index = find_system_font("Noto Sans CJK KR")
    text = "한국어 브로슈어: 엑소좀 치료에 대해 물어볼 질문 中文 (简体)"
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.desubroutinize = True
    with TTFont(source, fontNumber=index, recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in subset_characters(text)])
        subsetter.subset(font)
        made_by_fonttools = io.BytesIO()
        font.save(made_by_fonttools)
    ours = make_subset(source, index, text)
    theirs = made_by_fonttools.getvalue()
    assert TTFont(io.BytesIO(ours)).getGlyphOrder() == TTFont(io.BytesIO(theirs)).getGlyphOrder()
    assert _largest_difference(ours, theirs) == 0
    for language in ("ko", "zh"):
        assert _shaped(ours, text, language) == _shaped(theirs, text, language)


def test_a_subset_has_only_the_characters_asked_for():
    source, index = find_system_font("Noto Sans CJK SC")
    cmap = TTFont(io.BytesIO(make_subset(source, index, "中文"))).getBestCmap()
    assert {ord("中"), ord("文"), ord("A"), ord("，")} <= set(cmap)
    assert ord("简") not in cmap


def _prepared(cache: Path) -> dict[str, bytes]:
    faces = FontSet(cache, {"Brochure CJK SC": SAMPLE, "Brochure CJK KR": SAMPLE}).faces
    made = {face.path.name: face.path.read_bytes() for face in faces if cache in face.path.parents}
    assert len(made) == 12  # 8 instances (Noto Sans, its italic, Arabic, Devanagari) + 4 CJK
    return made


def test_two_preparations_in_empty_caches_give_the_same_files(tmp_path):
    assert _prepared(tmp_path / "one") == _prepared(tmp_path / "two")


def test_first_preparation_says_what_it_makes_and_a_second_is_silent(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="brochures"):
        _prepared(tmp_path)
    said = [r.getMessage() for r in caplog.records]
    assert said[0].startswith("preparing fonts (first run): Noto Sans 400/700, ")
    assert "Noto Sans CJK SC 400/700, Noto Sans CJK KR 400/700" in said[0]
    assert said[1].startswith("prepared 12 fonts in ")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="brochures"):
        _prepared(tmp_path)
    assert caplog.records == []


def test_a_missing_system_font_fails_before_any_font_is_made(tmp_path, monkeypatch):
    monkeypatch.setitem(fonts.SYSTEM_CJK, "Brochure CJK KR", ("Noto Sans CJK XX", ("ko",)))
    with pytest.raises(BrochureError) as caught:
        FontSet(tmp_path).prepare()
    assert "'Noto Sans CJK XX' is not installed" in str(caught.value)
    assert "fonts-noto-cjk" in caught.value.hint
    assert not list(tmp_path.rglob("*.*tf"))  # not one instance made: the error came first
