"""Turn brochure HTML into HTML whose Korean words cannot break across lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Korean puts spaces between words and breaks lines only there, but Pango breaks lines
# between any two Hangul syllables (WeasyPrint ignores `word-break: keep-all`). So each
# Korean word (a run without spaces that holds a Hangul syllable, with its particles and
# punctuation) is made unbreakable with `white-space: nowrap` (.kw in brochure.css): in a
# span of its own, or, where the word is all an inline element holds (a language name,
# a bold date), by a class on that element, which saves the tagged PDF a structure
# element per word. Only text the page shows is touched: never an attribute, the <title>
# (the PDF's metadata), a stylesheet or its CSS strings, so the words stay plain text
# everywhere else. The page label in the margin boxes is a CSS string and cannot hold a
# span; it needs none, a margin box holds one short line.
_HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
_KOREAN_WORD = re.compile(r"\S*[\uac00-\ud7a3]\S*")
# Elements whose text is not laid out as the page's prose (or where a span is not HTML).
_NOT_PROSE = frozenset({"head", "title", "style", "script", "svg", "math", "textarea"})
# Inline elements that can carry the class themselves when a word is all they hold.
_INLINE = frozenset(
    {
        "span",
        "strong",
        "b",
        "em",
        "i",
        "a",
        "cite",
        "small",
        "abbr",
        "bdi",
        "q",
        "sub",
        "sup",
        "mark",
    }
)
_CLASS_ATTRIBUTE = re.compile(r'(\sclass=")([^"]*)(")')


@dataclass
class _TextNode:
    offset: int  # where its raw text starts in the document
    text: str
    element: tuple[int, str] | None = None  # (offset, raw start tag) when it is all the
    # content of an inline element


class ProseTextFinder(HTMLParser):
    """Where the shown text of a document lies, node by node."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)  # raw text, so offsets match the source
        self.nodes: list[_TextNode] = []
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", html)]
        self._hidden: dict[str, int] = {}
        self._last_start: tuple[str, int, str] | None = None  # tag, offset, raw text
        self._last_node: tuple[_TextNode, str, int, str] | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in _NOT_PROSE:
            self._hidden[tag] = self._hidden.get(tag, 0) + 1
        self._last_start = (tag, self._offset(), self.get_starttag_text() or "")

    def handle_startendtag(self, tag, attrs):
        self._last_start = None  # <br/>: no content, and not the parent of what follows

    def handle_endtag(self, tag):
        if self._hidden.get(tag):
            self._hidden[tag] -= 1
        if self._last_node is not None:
            node, parent, start, raw = self._last_node
            if parent == tag and tag in _INLINE and self._offset() == node.offset + len(node.text):
                node.element = (start, raw)
        self._last_start = self._last_node = None

    def handle_data(self, data):
        offset = self._offset()
        if any(self._hidden.values()):
            return
        node = _TextNode(offset, data)
        self.nodes.append(node)
        self._last_node = None
        if self._last_start is not None:
            tag, start, raw = self._last_start
            if start + len(raw) == offset:
                self._last_node = (node, tag, start, raw)
        self._last_start = None


def keep_korean_words_whole(html: str) -> str:
    """The HTML with each Korean word of its shown text made unbreakable (class "kw")."""
    if not _HANGUL_SYLLABLE.search(html):
        return html
    finder = ProseTextFinder(html)
    finder.feed(html)
    finder.close()
    edits: list[tuple[int, int, str]] = []  # (offset, length replaced, new text)
    for node in finder.nodes:
        if not _HANGUL_SYLLABLE.search(node.text):
            continue
        element = node.element
        start_tag = _with_class(element[1]) if element else None
        if element and start_tag and _KOREAN_WORD.fullmatch(node.text) and len(node.text) > 1:
            edits.append((element[0], len(element[1]), start_tag))
        else:
            edits.append((node.offset, len(node.text), _KOREAN_WORD.sub(_unbreakable, node.text)))
    pieces, done = [], 0
    for offset, length, text in sorted(edits):
        pieces += [html[done:offset], text]
        done = offset + length
    return "".join(pieces) + html[done:]


def _unbreakable(word: re.Match) -> str:
    # A single syllable has nowhere to break: no span, no structure element in the PDF.
    return word.group() if len(word.group()) == 1 else f'<span class="kw">{word.group()}</span>'


def _with_class(start_tag: str) -> str | None:
    """The start tag with "kw" added to its classes; None if its class is written in a
    way this does not read (the word then gets a span)."""
    if _CLASS_ATTRIBUTE.search(start_tag):
        return _CLASS_ATTRIBUTE.sub(r"\1\2 kw\3", start_tag, count=1)
    if "class" in start_tag.lower():
        return None
    end = -2 if start_tag.endswith("/>") else -1
    return start_tag[:end] + ' class="kw"' + start_tag[end:]
