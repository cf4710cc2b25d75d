"""WeasyPrint's private hooks: refused on an untested version, and still in effect on this one."""

from __future__ import annotations

import io

import pypdf
import pytest
from weasyprint import HTML

from brochures.errors import RenderError
from brochures.pdf import fitting, weasyprint_internals
from brochures.pdf.weasyprint_internals import html_class_with_ua_css, page_flow


def test_the_installed_weasyprint_is_a_tested_one():
    weasyprint_internals.require_tested_version()
    weasyprint_internals.require_tested_version("70.2")


@pytest.mark.parametrize("version", ["71.0", "69.1", "72.0b1", "dev"])
def test_an_untested_weasyprint_is_refused_with_what_to_do(version):
    with pytest.raises(RenderError) as caught:
        weasyprint_internals.require_tested_version(version)
    message = str(caught.value)
    assert f"WeasyPrint {version} is installed" in message and "70.x" in message
    assert "pip install 'weasyprint>=70,<71'" in caught.value.hint
    assert "TESTED_MAJOR_VERSIONS" in caught.value.hint


def test_the_renderer_checks_the_version_before_rendering(monkeypatch):
    from brochures.pdf.renderer import PdfRenderer

    monkeypatch.setattr(weasyprint_internals.metadata, "version", lambda name: "71.0")
    with pytest.raises(RenderError, match="WeasyPrint 71.0"):
        PdfRenderer(".", set(), ("en",), {})


@pytest.fixture(scope="module")
def with_fonts(renderer):
    """Render options with the brochures' own fonts: once a renderer has been made, this
    process's fontconfig lists no font (renderer.py), and text must name its font."""
    from weasyprint import CSS

    fonts = CSS(string=renderer.fonts.font_face_css(("en",)), font_config=renderer.font_config)
    return {"font_config": renderer.font_config, "stylesheets": [fonts]}


def _pdf_text(document) -> str:
    data = document.write_pdf()
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_weasyprint_lays_out_with_the_user_agent_stylesheet_given(with_fonts):
    # A user-agent stylesheet that sets the page size and a counter style of its own:
    # both take effect only if WeasyPrint asks the document for them.
    css = (
        "@page { size: 300px 200px } html, body, ul { display: block } "
        "li { display: list-item; list-style-type: brochure-test } "
        '@counter-style brochure-test { system: cyclic; symbols: "Q"; suffix: " " }'
    )
    cls = html_class_with_ua_css(css)
    asked = []
    stylesheets, counter_style = cls._ua_stylesheets, cls._ua_counter_style
    cls._ua_stylesheets = lambda self, forms=False: asked.append("css") or stylesheets(self, forms)
    cls._ua_counter_style = lambda self: asked.append("counters") or counter_style(self)
    try:
        document = cls(string="<ul><li>item</li></ul>").render(**with_fonts)
    finally:
        cls._ua_stylesheets, cls._ua_counter_style = stylesheets, counter_style
    assert set(asked) == {"css", "counters"}
    assert (document.pages[0].width, document.pages[0].height) == (300, 200)
    assert "Q" in _pdf_text(document)
    stock = HTML(string="<ul><li>item</li></ul>").render(**with_fonts)
    assert stock.pages[0].width != 300 and "Q" not in _pdf_text(stock)


PAGES = """<style>
  @page { size: 200px 100px; margin: 10px }
  html, body, p { margin: 0; font-size: 10px; line-height: 10px }
  .abs { position: absolute; top: 0; height: 500px }
</style>
<div class="abs"></div>
<div id="first" style="height: 30px"></div>
<p>%s</p>"""


def test_the_page_flow_finds_the_boxes_of_each_page(with_fonts):
    short = HTML(string=PAGES % "one line").render(**with_fonts)
    (page,) = (page_flow(p) for p in short.pages)
    assert (page.top, page.height) == (10, 80)
    assert page.top_level_ends == (50,)  # a 30px block and one 10px line
    assert max(page.content_ends) == 50  # the line; the absolute box is left out
    assert max(end for _, end in page.block_ends) == 50
    assert fitting._last_page_fill(short) == fitting._content_pages(short) == 40 / 80
    # Eleven lines do not fit under the block: five on page 1, six carry on to page 2.
    long = HTML(string=PAGES % "<br>".join(["line"] * 11)).render(**with_fonts)
    first, second = (page_flow(p) for p in long.pages)
    assert first.elements - second.elements  # the block, which ends on page 1
    assert first.elements & second.elements  # the paragraph, which carries on
    assert (max(first.content_ends), max(second.content_ends)) == (90, 70)
    assert fitting._last_page_fill(long) == 60 / 80
    assert fitting._content_pages(long) == 1 + 60 / 80


def test_parts_in_another_language_are_tagged_with_it(with_fonts):
    weasyprint_internals.tag_element_languages()
    weasyprint_internals.tag_element_languages()  # installed once, however often asked
    html = (
        '<html lang="es"><head><title>t</title></head><body><p>Hola.</p>'
        '<div lang="en"><p>Hello.</p></div><p>Adiós <span lang="en">hi</span>.</p></body></html>'
    )
    pdf = HTML(string=html).render(**with_fonts).write_pdf(pdf_variant="pdf/ua-1")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = []

    def walk(node):
        node = node.get_object()
        if hasattr(node, "keys"):
            if "/Lang" in node:
                found.append((str(node["/S"]), str(node["/Lang"])))
            kids = node.get("/K")
            if kids is not None:
                kids = kids.get_object()
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert str(reader.trailer["/Root"]["/Lang"]) == "es"
    assert ("/Div", "en") in found and ("/Span", "en") in found
    assert all(lang != "es" for _, lang in found)  # the rest inherits the document's
