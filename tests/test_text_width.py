"""Terminal columns: wide, zero-width and right-to-left text padded to line up in tables."""

from __future__ import annotations

from brochures.checks.readability import Formula, Readability
from brochures.checks.report import BrochureCheck, format_table
from brochures.text_width import (
    FIRST_STRONG_ISOLATE,
    POP_DIRECTIONAL_ISOLATE,
    align_left,
    align_right,
    columns,
    isolated,
)


def test_columns_count_wide_and_combining_characters():
    assert columns("English") == 7
    assert columns("中文 (简体)") == 11  # two columns per Han character
    assert columns("한국어") == 6
    assert columns("हिन्दी") < len("हिन्दी")  # the vowel signs and virama take none
    assert columns("a\x1bb") == 2  # a control character takes none


def test_padding_fills_to_the_same_columns():
    for text in ("English", "中文 (简体)", "한국어", "हिन्दी", "العربية"):
        assert columns(align_left(text, 14) + "|") == 15
        assert columns(align_right(text, 14)) == 14
    assert align_left("too long for it", 4) == "too long for it"


def test_right_to_left_text_alone_is_isolated():
    assert isolated("العربية") == f"{FIRST_STRONG_ISOLATE}العربية{POP_DIRECTIONAL_ISOLATE}"
    assert isolated("עברית") == f"{FIRST_STRONG_ISOLATE}עברית{POP_DIRECTIONAL_ISOLATE}"
    assert isolated("中文") == "中文"
    assert align_left("العربية", 10).startswith(FIRST_STRONG_ISOLATE)


def test_the_check_table_lines_up_wide_topics_and_long_language_tags():
    formula = Formula("average sentence length (characters)", len, 35, False)
    checks = [
        BrochureCheck(lang, topic, Readability(formula, 20.0, ()), 0.0, ())
        for lang, topic in (("zh-Hans", "神经"), ("ko", "신경"), ("es", "neurological"))
    ]
    lines = format_table(checks).splitlines()[2:]
    # Where the score column ends, in columns: the same on every row.
    assert len({columns(line[: line.index("20.0") + 4]) for line in lines}) == 1
