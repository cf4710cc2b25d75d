"""The bilingual edition: the patient's language first and English beside it, piece by
piece on the same page, at most four pages, each half tagged with its language in the
PDF's structure, the clinic, the code and the sources once."""

from __future__ import annotations

import re

import pypdfium2
import pytest
from pypdf import PdfReader

from brochures.builder.pipeline import build_with_result
from brochures.builder.plan import BuildOptions, Job, plan
from brochures.content.library import load_library
from brochures.errors import UsageError
from conftest import CLINIC, CONTENT, LOCALES

LANGS = ("es", "ar", "zh-Hans")


def test_only_other_languages_get_a_bilingual_edition():
    library = load_library(CONTENT)
    jobs = plan(BuildOptions(bilingual=True, langs=("en", "es"), topics=("cancer",)), library)
    assert jobs == [Job("cancer", "es", "bilingual")]
    with pytest.raises(UsageError, match="English beside another language"):
        plan(BuildOptions(bilingual=True, langs=("en",)), library)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("bilingual")
    options = BuildOptions(
        bilingual=True,
        langs=LANGS,
        topics=("neurological",),
        out_dir=out,
        content_dir=CONTENT,
        locales_dir=LOCALES,
        clinic_file=CLINIC,
    )
    result = build_with_result(options, report=lambda _: None)
    html = BuildOptions(**{**options.__dict__, "format": "html", "out_dir": out / "html"})
    build_with_result(html, report=lambda _: None)
    return out, result


def _kids(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    kids = kids.get_object()
    return [kid.get_object() for kid in (kids if isinstance(kids, list) else [kids])]


def _pages(node, reader) -> set[int]:
    """The pages the content of a structure element is drawn on."""
    found = set()
    if hasattr(node, "keys"):
        if "/Pg" in node and any(not hasattr(kid, "keys") for kid in _kids(node)):
            found.add(reader.get_page_number(node["/Pg"].get_object()))
        for kid in _kids(node):
            found |= _pages(kid, reader)
    return found


def _pairs(reader, lang: str) -> list[tuple[set[int], set[int]]]:
    """Each pair of the structure tree, as the pages of its two halves: an element whose
    children are one part in `lang` and one in English (the template's div.pair)."""
    found = []

    def walk(node):
        if not hasattr(node, "keys"):
            return
        kids = [kid for kid in _kids(node) if hasattr(kid, "keys")]
        langs = [str(kid.get("/Lang", "")) for kid in kids]
        if len(kids) == 2 and langs == [lang, "en"]:
            found.append((_pages(kids[0], reader), _pages(kids[1], reader)))
        for kid in kids:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"].get_object())
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_each_english_piece_is_on_the_page_of_its_counterpart(built, lang):
    out, _ = built
    reader = PdfReader(out / lang / "neurological-bilingual.pdf")
    assert 2 <= len(reader.pages) <= 4
    pairs = _pairs(reader, lang)
    html = (out / "html" / lang / "neurological-bilingual.html").read_text(encoding="utf-8")
    # Every pair of the HTML (the summary, each section, the research heading and each
    # card, the questions, the routes, the safety facts and actions, the words to know).
    assert len(pairs) == html.count('<div class="pair') >= 12
    for own, english in pairs:
        assert own and own == english and len(own) == 1, (own, english)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_english_half_is_tagged_english_in_the_structure_tree(built, lang):
    out, _ = built
    reader = PdfReader(out / lang / "neurological-bilingual.pdf")
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]) == lang
    found: dict[str, int] = {}

    def walk(node):
        node = node.get_object()
        if hasattr(node, "keys"):
            if "/Lang" in node:
                found[str(node["/Lang"])] = found.get(str(node["/Lang"]), 0) + 1
            kids = node.get("/K")
            if kids is not None:
                kids = kids.get_object()
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)

    walk(root["/StructTreeRoot"])
    assert found.get("en", 0) >= 12 and found.get(lang, 0) >= 12, found


@pytest.mark.slow
def test_the_patients_language_is_read_first_and_on_the_right_when_right_to_left(built):
    out, _ = built
    # English is the second column: on the right of a left-to-right page, on the left of a
    # right-to-left one. (Searched in English: Arabic text does not extract in order.)
    for lang, rtl in (("es", False), ("ar", True), ("zh-Hans", False)):
        page = pypdfium2.PdfDocument((out / lang / "neurological-bilingual.pdf").read_bytes())[0]
        text = page.get_textpage()
        found = text.search("In short").get_next()
        assert found is not None, lang
        english_left = text.get_charbox(found[0])[0]
        assert (english_left < page.get_width() / 2) == rtl, lang
    html = (out / "html" / "es" / "neurological-bilingual.html").read_text(encoding="utf-8")
    own, english = html.index('class="side own"'), html.index('class="side english"')
    assert own < english  # reading order: the patient's language first


@pytest.mark.slow
def test_the_clinic_the_code_and_the_sources_are_printed_once_in_both_languages(built):
    out, _ = built
    html = (out / "html" / "es" / "neurological-bilingual.html").read_text(encoding="utf-8")
    assert html.count('class="qr"') == 1 and html.count('class="contact"') == 1
    assert html.count('<section class="sources">') == 1
    assert "Su clínica" in html and "Your clinic" in html
    assert "Escanee el código" in html and "Scan the code" in html
    # The safety block in both languages, side by side, each once.
    assert html.count("regulatory-facts") == 2 and html.count("regulatory-actions") == 2
    assert len(re.findall(r'\bid="([^"]+)"', html)) == len(set(re.findall(r'\bid="([^"]+)"', html)))
