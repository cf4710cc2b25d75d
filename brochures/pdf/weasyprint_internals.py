"""Turn WeasyPrint's private internals into hooks: the UA stylesheet, a page's flow, and the
language of each part of the PDF's structure tree.

Every use of a name WeasyPrint does not document is in this module; nothing else in the
project reaches past its public API. The names change between major versions, so the
renderer refuses a WeasyPrint outside TESTED_MAJOR_VERSIONS (pyproject.toml pins the
same range), and tests/pdf/test_weasyprint_internals.py proves each hook still takes effect.
WeasyPrint is imported only when a hook is used: importing it takes about a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from typing import Any

from brochures.errors import RenderError

TESTED_MAJOR_VERSIONS = (70,)


def require_tested_version(installed: str | None = None) -> None:
    """Fail, with what to do, on a WeasyPrint this module has not been tested with."""
    if installed is None:
        try:
            installed = metadata.version("weasyprint")
        except metadata.PackageNotFoundError:  # run from a source checkout
            import weasyprint

            installed = weasyprint.__version__
    major = installed.split(".")[0]
    if major.isdigit() and int(major) in TESTED_MAJOR_VERSIONS:
        return
    tested = ", ".join(f"{version}.x" for version in TESTED_MAJOR_VERSIONS)
    raise RenderError(
        f"WeasyPrint {installed} is installed, but the brochures are tested with WeasyPrint "
        f"{tested} only: they use parts of WeasyPrint that are not public API "
        "(brochures/pdf/weasyprint_internals.py), which may work differently in another version",
        hint=f"install a tested version (pip install 'weasyprint>={TESTED_MAJOR_VERSIONS[0]},"
        f"<{TESTED_MAJOR_VERSIONS[-1] + 1}'); to move to WeasyPrint {installed}, run "
        "tests/pdf/test_weasyprint_internals.py and the PDF comparison with it, then add "
        "its major version to TESTED_MAJOR_VERSIONS",
    )


# --- the user-agent stylesheet ------------------------------------------------------------
def stock_ua_css() -> str:
    """The text of WeasyPrint's own user-agent stylesheet (html5_ua.css)."""
    from weasyprint.html import UA

    return UA


def html_class_with_ua_css(css: str) -> type:
    """A subclass of weasyprint.HTML that lays documents out with `css` as its user-agent
    stylesheet, in place of the stock one."""
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA_FORM_STYLESHEET

    # Its own counter styles, as WeasyPrint does for the stock sheet: "disc" and "decimal"
    # may be defined only once in a set.
    counter_style = CounterStyle()
    stylesheet = CSS(string=css, counter_style=counter_style)

    class BrochureHTML(HTML):
        # WeasyPrint asks the document for its user-agent stylesheets and counter styles
        # here (weasyprint.css.get_all_computed_styles).
        def _ua_stylesheets(self, forms=False):
            return [stylesheet, UA_FORM_STYLESHEET] if forms else [stylesheet]

        def _ua_counter_style(self):
            return [counter_style.copy()]

    return BrochureHTML


# --- languages in the structure tree -------------------------------------------------------
_LANG_TAGS_INSTALLED = False


def tag_element_languages() -> None:
    """Make WeasyPrint's tagged PDFs say the language of every element with a lang
    attribute (/Lang on its structure element), so that a screen reader
    switches voice for the English half of a bilingual brochure, an English notice title
    or a language's own name. WeasyPrint writes the document's language only. Installed
    once per process; tests/pdf/test_weasyprint_internals.py proves it takes effect."""
    global _LANG_TAGS_INSTALLED
    if _LANG_TAGS_INSTALLED:
        return
    import pydyf
    from weasyprint.pdf import tags

    build = tags._build_box_tree

    def build_with_languages(box, parent, pdf, page_number, nums, annotations, tags_):
        # Every element with a lang attribute of its own says it (the same as the page's,
        # inside an English part, is a change of language too); the others inherit theirs.
        element = getattr(box, "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for structure in build(box, parent, pdf, page_number, nums, annotations, tags_):
            if lang and "Lang" not in structure:
                structure["Lang"] = pydyf.String(lang)
            yield structure

    tags._build_box_tree = build_with_languages
    _LANG_TAGS_INSTALLED = True


# --- the laid-out page --------------------------------------------------------------------
@dataclass(frozen=True)
class PageFlow:
    """One laid-out page as the fitting measures it, in CSS pixels from the page's top.

    Elements are given by id(): they identify a block split across pages while the
    document they belong to is alive.
    """

    top: float  # where the page's content area begins
    height: float  # the content area's height
    top_level_ends: tuple[float, ...]  # where each box of the page (not its margin
    # boxes) ends: in effect the root element
    elements: frozenset[int]  # the elements with an in-flow box here
    content_ends: tuple[float, ...]  # where each line and image ends
    block_ends: tuple[tuple[int, float], ...]  # (element, where its block box ends)


def page_flow(page: Any) -> PageFlow:
    """The flow of a page of a laid-out document (document.pages[i]): its boxes, leaving
    out positioned and running ones, which take no room in the flow."""
    from weasyprint.formatting_structure.boxes import BlockBox, LineBox, MarginBox, ReplacedBox

    page_box = page._page_box
    boxes = [
        box
        for child in page_box.children
        if not isinstance(child, MarginBox)
        for box in _in_flow(child)
    ]
    return PageFlow(
        top=page_box.content_box_y(),
        height=page_box.height,
        top_level_ends=tuple(
            child.position_y + child.margin_height()
            for child in page_box.children
            if not getattr(child, "at_keyword", None)
        ),
        elements=frozenset(id(box.element) for box in boxes),
        content_ends=tuple(
            box.position_y + box.margin_height()
            for box in boxes
            if isinstance(box, (LineBox, ReplacedBox))
        ),
        block_ends=tuple(
            (id(box.element), box.position_y + box.margin_height())
            for box in boxes
            if isinstance(box, BlockBox)
        ),
    )


def _in_flow(box):
    """The box and its descendants, leaving out positioned and running ones."""
    if box.is_absolutely_positioned() or box.is_running():
        return
    yield box
    for child in getattr(box, "children", ()):
        if hasattr(child, "style"):
            yield from _in_flow(child)


def block_starts(page: Any, previous: Any | None) -> list[tuple[Any, str, float]]:
    """The blocks that begin on `page` (not carried on from `previous`, the page before):
    (element, its tag, where its box begins), top first. The elements are those of the
    document's source tree, so a style set on one takes effect in the next layout."""
    from weasyprint.formatting_structure.boxes import BlockBox, MarginBox

    carried = set()
    if previous is not None:
        carried = {
            id(box.element)
            for child in previous._page_box.children
            if not isinstance(child, MarginBox)
            for box in _in_flow(child)
        }
    starts: list[tuple[Any, str, float]] = []
    seen: set[int] = set()

    def walk(box: Any, kept_whole: bool) -> None:
        # Inside a block kept whole (break-inside: avoid), a forced break would split it.
        if box.is_absolutely_positioned() or box.is_running():
            return
        element = box.element
        if (
            isinstance(box, BlockBox)
            and not kept_whole
            and element is not None
            and id(element) not in carried
            and id(element) not in seen
            and not box.element_tag.startswith(("html", "body"))
        ):
            seen.add(id(element))
            starts.append((element, box.element_tag, box.position_y))
        inner = kept_whole or box.style["break_inside"] in ("avoid", "avoid-page")
        for child in getattr(box, "children", ()):
            if hasattr(child, "style"):
                walk(child, inner)

    for child in page._page_box.children:
        if not isinstance(child, MarginBox):
            walk(child, False)
    return starts
