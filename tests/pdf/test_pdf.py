"""PDF output: every topic in English and Spanish, read back; overflow and leaks are refused."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections import Counter

import pypdf
import pytest
from babel.messages.pofile import read_po

from brochures import defaults
from brochures.content.library import load_library
from brochures.errors import RenderError
from brochures.html.render import render_html
from brochures.i18n.languages import available_languages
from brochures.i18n.translations import load_translations
from brochures.pdf.fetcher import SandboxedFetcher
from conftest import CONTENT, LOCALES, TEMPLATES, brochure_html, skip_unless_printable

TOPICS = sorted(p.stem for p in (CONTENT / "topics").glob("*.yaml"))
ALL_LANGUAGES = available_languages(LOCALES)


class _Pdfs(dict):
    """(lang, topic) -> the leaflet read back, built when first asked for: a language that
    cannot be built fails its own tests, not every test of the module."""

    def __init__(self, library, clinic, renderer):
        super().__init__()
        self.library, self.clinic, self.renderer = library, clinic, renderer

    def __missing__(self, key):
        lang, slug = key
        topic = self.library.topics[slug]
        html = render_html(
            topic,
            self.library.regulatory,
            self.clinic,
            load_translations(LOCALES, lang),
            templates_dir=TEMPLATES,
            languages=tuple(ALL_LANGUAGES),
            words=self.library.words,
        )
        data = self.renderer.render(
            html,
            lang=lang,
            max_pages=2,
            date=topic.reviewed,
            text_sizes=defaults.TEXT_SIZES["leaflet"],
        ).data
        self[key] = pypdf.PdfReader(io.BytesIO(data))
        return self[key]


@pytest.fixture(scope="module")
def pdfs(library, clinic, renderer):
    return _Pdfs(library, clinic, renderer)


def _text(reader):
    return " ".join(page.extract_text() for page in reader.pages)


def _fonts(reader):
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            fonts[font["/BaseFont"]] = descriptor.get_object()
    return fonts


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("slug", TOPICS)
def test_pdf_reads_back_right(pdfs, library, clinic, shipped, lang, slug):
    skip_unless_printable(shipped, lang, slug)
    reader = pdfs[lang, slug]
    assert 1 <= len(reader.pages) <= 2
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == lang
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in catalog
    assert reader.metadata.author == clinic.name
    title = reader.metadata.title
    if lang == "en":
        assert title == library.topics[slug].title
    else:
        assert title and title != library.topics[slug].title
    fonts = _fonts(reader)
    assert fonts, "no fonts"
    for name, descriptor in fonts.items():
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name
    # Only the packaged @font-face families (named after their CSS names) and the system
    # Noto CJK, never another host font.
    assert all(
        re.fullmatch(
            r"/[A-Z]{6}\+Brochure-(Sans|Noto|Arabic|Devanagari|CJK-SC|CJK-KR)"
            r"(-\w+)?",
            name,
        )
        for name in fonts
    ), list(fonts)


def _script(letter: str) -> str:
    """The script a letter belongs to: the first word of its Unicode name (LATIN, CJK...)."""
    return unicodedata.name(letter, "").split(" ")[0]


def _script_share(text: str, script: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(_script(c) == script for c in letters) / len(letters)


def _catalog_script(translations) -> str:
    """The script most letters of a language's translations are written in."""
    with (LOCALES / "messages.pot").open("rb") as handle:
        msgids = [m.id for m in read_po(handle) if isinstance(m.id, str) and m.id]
    letters = Counter(
        _script(c) for msgid in msgids for c in translations.gettext(msgid) if c.isalpha()
    )
    return letters.most_common(1)[0][0]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_every_language_builds_its_overview(lang, library, clinic, renderer, shipped):
    skip_unless_printable(shipped, lang, "overview")
    topic = library.topics["overview"]
    translations = load_translations(LOCALES, lang)
    html = brochure_html(library, clinic, "overview", lang, languages=tuple(ALL_LANGUAGES))
    # Any WeasyPrint warning (a .notdef glyph among them) fails this render.
    result = renderer.render(
        html, lang=lang, max_pages=2, date=topic.reviewed, text_sizes=defaults.TEXT_SIZES["leaflet"]
    )
    reader = pypdf.PdfReader(io.BytesIO(result.data))
    assert reader.trailer["/Root"]["/Lang"] == lang
    text = _text(reader)
    script = _catalog_script(translations)  # as in its catalog, for any language added
    # Page 1 only: page 2 prints the FDA's notice titles and the sources in English, as
    # published, which in CJK outweigh the translated text letter for letter.
    first_page = reader.pages[0].extract_text()
    assert _script_share(first_page, script) > 0.6, f"{lang} text is not mostly {script}"
    if lang == "vi":
        assert any(c in text for c in "ếạờữ")  # Vietnamese letters came through whole


@pytest.mark.slow
@pytest.mark.parametrize("slug", TOPICS)
def test_spanish_pdf_text_is_spanish(pdfs, spanish, shipped, slug):
    skip_unless_printable(shipped, "es", slug)
    reader = pdfs["es", slug]
    text = _text(reader)
    label = "Page %(page)s of %(pages)s"
    numbers = {"page": 1, "pages": len(reader.pages)}
    assert spanish.gettext(label) % numbers in text
    assert label % numbers not in text and label % numbers in _text(pdfs["en", slug])
    assert spanish.gettext("In short") in text and "In short" not in text
    for name in ("FDA", "MedWatch"):  # names stay as they are
        assert name in text, name


def test_overflowing_brochure_is_an_error(library, clinic, english, renderer):
    from dataclasses import replace

    topic = library.topics["cancer"]
    long_topic = replace(topic, questions=topic.questions * 30)
    html = render_html(
        long_topic, library.regulatory, clinic, english, templates_dir=TEMPLATES, draft=True
    )
    with pytest.raises(RenderError) as caught:
        renderer.render(html, lang="en", max_pages=2, date=topic.reviewed, text_sizes=(11, 10))
    assert "allows 2, even with 10pt text" in str(caught.value)


def test_text_is_set_as_large_as_the_sheet_allows(content_tree, clinic, english, renderer):
    paragraph = "Researchers are studying whether these small particles help the body heal."
    sections = "".join(
        f"  - heading: Heading {n}\n    paragraphs:\n" + f"      - {paragraph}\n" * 4
        for n in range(6)
    )
    short = (content_tree / "topics" / "test-topic.yaml").read_text()
    (content_tree / "topics" / "long-topic.yaml").write_text(
        short.replace("sections:\n", "sections:\n" + sections, 1)
    )
    library = load_library(content_tree)
    sizes = {}
    for slug in ("test-topic", "long-topic"):
        html = render_html(
            library.topics[slug], library.regulatory, clinic, english, templates_dir=TEMPLATES
        )
        sizes[slug] = renderer.render(
            html,
            lang="en",
            max_pages=2,
            date=dt.date(2026, 1, 1),
            text_sizes=defaults.TEXT_SIZES["leaflet"],
        ).text_size
    assert sizes["test-topic"] == 12  # a short brochure gets clear-print size
    assert 10 <= sizes["long-topic"] < sizes["test-topic"]


def test_paper_size_reaches_the_pdf(library, clinic, english, renderer):
    from dataclasses import replace

    topic = library.topics["cosmetic"]
    sizes = {}
    for paper in ("a4", "letter"):
        html = render_html(
            topic,
            library.regulatory,
            replace(clinic, paper=defaults.PAPERS[paper]),
            english,
            templates_dir=TEMPLATES,
        )
        data = renderer.render(html, lang="en", max_pages=2, date=topic.reviewed).data
        box = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox
        sizes[paper] = (round(float(box.width)), round(float(box.height)))
    assert sizes == {"a4": (595, 842), "letter": (612, 792)}


def test_fetcher_serves_only_files_inside_its_roots(tmp_path):
    allowed = tmp_path / "assets"
    allowed.mkdir()
    (allowed / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("secret")
    fetcher = SandboxedFetcher([allowed])
    assert fetcher.fetch((allowed / "logo.svg").as_uri()).read().startswith(b"<svg")
    for url in (
        (tmp_path / "secret.txt").as_uri(),
        (allowed / ".." / "secret.txt").as_uri(),
        "file:///etc/passwd",
        "http://127.0.0.1/x.png",
        "https://example.com/a.css",
        "data:text/plain,hello",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.denied) == 6


def test_a_refused_resource_fails_the_render(library, clinic, english, renderer):
    html = render_html(
        library.topics["cosmetic"], library.regulatory, clinic, english, templates_dir=TEMPLATES
    )
    html = html.replace("</body>", '<img src="file:///etc/hostname" alt="x"></body>')
    with pytest.raises(RenderError) as caught:
        renderer.render(html, lang="en", max_pages=2, date=dt.date(2026, 1, 1))
    assert "refused resource: file:///etc/hostname" in str(caught.value)
