"""Glyph coverage: every character has a font in its language's stack, and no word mixes fonts."""

from __future__ import annotations

import pytest

from brochures.errors import RenderError
from brochures.html.text_model import text_model
from brochures.pdf.fonts import FontSet, stack_for
from brochures.pdf.glyphs import _words, check_glyphs


@pytest.fixture(scope="module")
def cmaps():
    # The shared cache: the static fonts made here are the ones every render uses.
    from brochures.defaults import cache_dir

    text = "你好 안녕하세요 中文 (简体) 한국어"
    return FontSet(cache_dir(), {"Brochure CJK SC": text, "Brochure CJK KR": text}).cmaps


def _page(body: str, lang: str = "en") -> str:
    return f'<html lang="{lang}"><head><title>x</title><style>p {{}}</style></head><body>{body}</body></html>'  # noqa: E501


def _runs(html: str, lang: str):
    return text_model(html, lang).runs


def test_every_script_we_print_is_covered(cmaps):
    check_glyphs(
        _runs(
            _page("<p>Hello · Hola · Привіт · Xin chào · مرحبا · नमस्ते · 你好 · 안녕하세요</p>"),
            "en",
        ),
        cmaps,
    )


def test_a_character_no_font_has_is_named_with_language_and_text(cmaps):
    with pytest.raises(RenderError) as caught:
        check_glyphs(_runs(_page("<p>Ask your doctor 🧬 today</p>"), "en"), cmaps)
    message = str(caught.value)
    assert "U+1F9EC" in message and "DNA DOUBLE HELIX" in message
    assert "'en'" in message and "Ask your doctor" in message


def test_a_word_that_would_mix_fonts_is_refused(cmaps):
    # Atkinson Hyperlegible (the Latin stack's first font) has "e" but not "ế".
    assert ord("ế") not in cmaps["Brochure Sans"]
    with pytest.raises(RenderError) as caught:
        check_glyphs(_runs(_page("<p>tiếng</p>"), "en"), cmaps)
    assert "would mix fonts" in str(caught.value)
    check_glyphs(
        _runs(_page("<p>tiếng</p>", "vi"), "vi"), cmaps
    )  # Vietnamese starts with Noto Sans


def test_language_of_each_run_follows_lang_attributes():
    runs = _runs(_page('<p>Hi <span lang="ar">مرحبا</span> there</p>'), "en")
    assert [(r.lang, r.text.strip()) for r in runs] == [
        ("en", "Hi"),
        ("ar", "مرحبا"),
        ("en", "there"),
    ]


def test_words_split_where_the_script_changes():
    assert _words("FDA批准的产品") == ["FDA", "批准的产品"]
    assert _words("नमस्ते दुनिया") == ["नमस्ते", "दुनिया"]  # combining marks stay in the word
    assert _words("مَرْحَبًا") == ["مَرْحَبًا"]  # Arabic vowel marks (script "Inherited")
    # A letter of no script of its own ("Common") belongs to the word it is in.
    assert _words("コーヒー, Café") == ["コーヒー", "Café"]


@pytest.mark.parametrize(
    "lang, first",
    [
        ("en", "Brochure Sans"),
        ("es", "Brochure Sans"),
        ("vi", "Brochure Noto"),
        ("ru", "Brochure Noto"),
        ("ar", "Brochure Arabic"),
        ("hi", "Brochure Devanagari"),
        ("zh-Hans", "Brochure Noto"),
        ("ko", "Brochure Noto"),
    ],
)
def test_each_language_starts_with_the_font_made_for_it(lang, first):
    assert stack_for(lang)[0] == first


def test_chinese_and_korean_use_their_own_cjk_faces():
    assert stack_for("zh-Hans")[1] == "Brochure CJK SC"
    assert stack_for("ko")[1] == "Brochure CJK KR"


def test_a_missing_cjk_font_says_what_to_install(monkeypatch):
    from brochures.errors import BrochureError
    from brochures.pdf.fonts import find_system_font

    with pytest.raises(BrochureError) as caught:
        find_system_font("Noto Sans CJK XX")  # no such family: fc-match answers another
    assert "sudo apt-get install fonts-noto-cjk" in caught.value.hint
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(BrochureError) as caught:
        find_system_font("Noto Sans CJK SC")
    assert "fontconfig fonts-noto-cjk" in caught.value.hint
