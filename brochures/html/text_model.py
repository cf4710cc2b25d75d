"""Turn a rendered brochure's HTML into its text model, read by the checks, fonts and fitting.

The HTML is parsed once per document, in the process that made it. The model is small,
frozen and picklable: the render worker receives it with the HTML and does not parse again.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Passages: text the patient does not read as the brochure's own prose (the clinic's
# contact lines, running footers, official English titles inside translations, the
# citation list).
SKIPPED_CLASSES = {"running-footer", "draft-mark", "masthead-clinic", "notice-title"}
SKIPPED_TAGS = {"head", "style", "script", "cite", "ol"}
# Short labels (kickers, condition lists, evidence stages): checked for claims, not scored.
LABEL_CLASSES = {"kicker", "conditions", "stage", "evidence-key", "notice-date"}
BLOCKS = {"h1": "heading", "h2": "heading", "h3": "heading", "p": "prose", "li": "prose"}
# Runs: text that is laid out but never drawn.
HIDDEN_TAGS = {"head", "style", "script", "title"}
# Elements without an end tag.
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# The markup the tri-fold's panel macro writes (trifold.html). Content cannot forge it:
# autoescape turns any "<" in text into "&lt;".
_PANEL_CLASS = re.compile(r"panel panel-(\d|spread)")
_PANEL_END = re.compile(r"panel-end-(\d+)-\d+")

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Passage:
    role: str  # "heading", "prose" or "label"
    text: str


@dataclass(frozen=True)
class TextRun:
    lang: str  # the language it is set in (the nearest lang attribute)
    text: str


@dataclass(frozen=True)
class Panel:
    """One fixed-size panel of a tri-fold."""

    name: str  # as the template names it, e.g. "back panel (outside, middle)"
    anchor: str  # the id of the empty marker element that ends it
    sheet: int  # the page it is laid out on
    key: str  # a hash of its markup and the layout context: equal keys lay out alike
    columns: int = 1  # its text flows through this many columns (the tri-fold's inside)
    rtl: bool = False  # its columns are read right to left
    length: int = 0  # how many visible characters it holds (spaces left out)


@dataclass(frozen=True)
class TextModel:
    """What a brochure says, and the facts about its markup that the stages after HTML use."""

    runs: tuple[TextRun, ...]  # all visible text, in document order
    passages: tuple[Passage, ...]  # what a patient reads, in reading order
    panels: tuple[Panel, ...]  # a tri-fold's panels (none for other layouts)
    summary_first: bool  # the first section is the summary
    # A hash of everything outside the text that shapes the layout (the language and
    # direction, every stylesheet, the body's classes): documents that share it fill
    # pages alike. Not the title or the panels.
    layout_kind: str
    document_hash: str  # a hash of the whole HTML
    visible_length: int  # characters of text shown, spaces left out
    # The words to know its box explains (each entry's data-term, in English).
    explained_terms: tuple[str, ...] = ()

    @property
    def panel_keys(self) -> dict[str, str]:
        """Each panel's name and key."""
        return {panel.name: panel.key for panel in self.panels}


def text_model(html: str, lang: str) -> TextModel:
    """The text model of a rendered brochure; `lang` is the language of text outside any
    element with a lang attribute."""
    parser = _BrochureParser(html, lang)
    parser.feed(html)
    parser.close()
    context = "".join(parser.context)
    panels = tuple(
        Panel(name, anchor, sheet, _hash(context + markup), columns, parser.rtl, length)
        for name, anchor, sheet, markup, columns, length in parser.panels
    )
    runs = tuple(parser.runs)
    return TextModel(
        runs=runs,
        passages=tuple(parser.passages),
        panels=panels,
        summary_first=bool(parser.summary_first),
        layout_kind=_hash(context),
        document_hash=_hash(html),
        visible_length=sum(len("".join(run.text.split())) for run in runs),
        explained_terms=tuple(parser.explained_terms),
    )


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class _Open:
    """An element the parser is inside."""

    tag: str
    lang: str
    hidden: bool  # its text is never drawn
    skipping: bool  # its text is not the brochure's own prose
    role: str | None  # the passage it starts, if any


class _BrochureParser(HTMLParser):
    """Collects runs, passages, panels and layout context in one pass over the HTML."""

    def __init__(self, html: str, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.lang = lang
        self.runs: list[TextRun] = []
        self.passages: list[Passage] = []
        self.context: list[str] = []  # the layout context's markup, in document order
        # name, anchor, sheet, markup, columns, visible characters
        self.panels: list[tuple[str, str, int, str, int, int]] = []
        self.summary_first: bool | None = None  # set at the first <section>
        self.explained_terms: list[str] = []
        self._stack: list[_Open] = []
        self._role: str | None = None  # the passage being collected
        self._buffer: list[str] = []
        self._style_start: int | None = None
        self._panel_start: int | None = None
        self._panel_columns = 1
        self._panel_length = 0
        self.rtl = False  # the document's direction (its <html dir>)
        self._panel_end: tuple[str, str, int] | None = None  # name, anchor, sheet
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", html)]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        parent = self._stack[-1] if self._stack else None
        lang = attributes.get("lang") or (parent.lang if parent else self.lang)
        if "data-page-label" in attributes:  # drawn in the page margin by CSS
            self.runs.append(TextRun(lang, attributes["data-page-label"]))
        if attributes.get("data-term"):  # an entry of the words-to-know box
            self.explained_terms.append(attributes["data-term"])
        skipping = (
            (parent is not None and parent.skipping)
            or tag in SKIPPED_TAGS
            or bool(classes & SKIPPED_CLASSES)
        )
        role = None
        if not skipping and self._role is None:
            if classes & LABEL_CLASSES:
                role = "label"
            elif tag in BLOCKS:
                role = BLOCKS[tag]
        if role is not None:
            self._flush()
            self._role = role
        self._note_markup(tag, attributes, classes)
        if tag in VOID_TAGS:
            return
        hidden = (parent is not None and parent.hidden) or tag in HIDDEN_TAGS
        self._stack.append(_Open(tag, lang, hidden, skipping, role))

    def handle_endtag(self, tag):
        if tag == "style" and self._style_start is not None:
            self.context.append(self.html[self._style_start : self._tag_end()])
            self._style_start = None
        elif tag == "i" and self._panel_end is not None and self._panel_start is not None:
            name, anchor, sheet = self._panel_end
            markup = self.html[self._panel_start : self._tag_end()]
            self.panels.append(
                (name, anchor, sheet, markup, self._panel_columns, self._panel_length)
            )
            self._panel_start = self._panel_end = None
        while self._stack:
            open_element = self._stack.pop()
            if open_element.role is not None:
                self._flush()
            if open_element.tag == tag:
                break

    def handle_data(self, data):
        top = self._stack[-1] if self._stack else None
        if self._role is not None and not (top is not None and top.skipping):
            self._buffer.append(data)
        if not (top is not None and top.hidden) and data.strip():
            self.runs.append(TextRun(top.lang if top else self.lang, data))
            if self._panel_start is not None:
                self._panel_length += len("".join(data.split()))

    def _note_markup(self, tag: str, attributes: dict, classes: set[str]) -> None:
        """Remember where the markup that panels and the layout context hash begins."""
        if tag in ("html", "body"):
            self.context.append(self.get_starttag_text() or "")
            if tag == "html":
                self.rtl = attributes.get("dir") == "rtl"
        elif tag == "style" and self.get_starttag_text() == "<style>":
            self._style_start = self._offset()
        elif tag == "section" and self.summary_first is None:
            self.summary_first = "summary" in classes
        elif tag == "div" and _PANEL_CLASS.fullmatch(attributes.get("class") or ""):
            self._panel_start = self._offset()
            self._panel_length = 0
            columns = attributes.get("data-columns") or "1"
            self._panel_columns = int(columns) if columns in ("1", "2", "3") else 1
        elif tag == "i" and classes == {"panel-end"} and self._panel_start is not None:
            anchor = _PANEL_END.fullmatch(attributes.get("id") or "")
            if anchor and attributes.get("title") is not None:
                self._panel_end = (attributes["title"], anchor.group(0), int(anchor.group(1)))

    def _offset(self) -> int:
        """Where, in the HTML, the tag being handled starts."""
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _tag_end(self) -> int:
        """Where, in the HTML, the tag being handled ends."""
        return self.html.index(">", self._offset()) + 1

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._buffer)).strip()
        if self._role is not None and text:
            self.passages.append(Passage(self._role, text))
        self._buffer = []
        self._role = None
