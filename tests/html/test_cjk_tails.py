"""Chinese paragraphs never end on a line of one character (a runt)."""

from __future__ import annotations

import re

import pypdfium2
import pytest

from brochures.html.cjk_tails import keep_cjk_tails_together
from conftest import brochure_html, render_as_built, skip_unless_printable

# A paragraph's last line of one CJK character, with or without its punctuation.
RUNT = re.compile(r"^[\u3400-\u9fff\u3040-\u30ff][。，、？！：；）」』]?$")

HTML = (
    '<html lang="zh-Hans"><head><title>外泌体与大脑研究进展</title></head><body>'
    '<p>外泌体能否保护控制运动的神经细胞。</p><img alt="外泌体能否保护控制运动的神经细胞">'
    "<p><strong>请问：</strong>这个产品是谁生产的？</p><p>要点</p></body></html>"
)


def test_the_last_two_characters_of_shown_chinese_text_are_kept_together():
    kept = keep_cjk_tails_together(HTML, "zh-Hans")
    assert '的神经<span class="cjk-tail">细胞。</span></p>' in kept
    assert '是谁生<span class="cjk-tail">产的？</span></p>' in kept
    assert "<strong>请问：</strong>" in kept  # a label: one line anyway
    assert "<title>外泌体与大脑研究进展</title>" in kept  # the PDF's title: plain text
    assert 'alt="外泌体能否保护控制运动的神经细胞"' in kept  # attributes untouched
    assert "<p>要点</p>" in kept
    assert kept.count("cjk-tail") == 2


def test_languages_written_with_spaces_are_left_as_they_are():
    for lang in ("ko", "en", "ar"):
        assert keep_cjk_tails_together(HTML, lang) == HTML


def _runts(pdf: bytes) -> list[tuple[int, str]]:
    """Lines of one CJK character with nothing beside them and text just above."""
    found = []
    for number, page in enumerate(pypdfium2.PdfDocument(pdf)):
        text = page.get_textpage()
        for index in range(text.count_rects()):
            left, bottom, right, top = text.get_rect(index)
            line = text.get_text_bounded(left, bottom, right, top).strip()
            if not RUNT.match(line):
                continue
            height, middle = top - bottom, (top + bottom) / 2
            beside = text.get_text_bounded(left - 25, middle - 1, right + 25, middle + 1)
            above = text.get_text_bounded(left, top + height * 0.2, left + 40, top + height * 1.2)
            if beside.strip() == line and above.strip():
                found.append((number + 1, line))
    return found


@pytest.mark.slow
@pytest.mark.parametrize(
    "slug, layout",
    [("neurological", "leaflet"), ("autoimmune", "trifold"), ("tissue-repair", "leaflet")],
)
def test_no_chinese_paragraph_ends_on_a_single_character(
    renderer, library, clinic, shipped, slug, layout
):
    """Before the tails were kept together these had 1, 2 and 1 (菌？ ending a question, 吗？)."""
    skip_unless_printable(shipped, "zh-Hans", slug, layout)
    html = brochure_html(library, clinic, slug, "zh-Hans", layout=layout)
    pdf = render_as_built(renderer, html, "zh-Hans", library.topics[slug].reviewed, layout).data
    assert _runts(pdf) == []
