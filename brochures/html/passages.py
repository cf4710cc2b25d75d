"""Turn brochure HTML into the passages a patient reads: headings, prose and short labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Text the patient does not read as the brochure's own prose: the clinic's contact lines,
# running footers, official English titles inside translations, and the citation list.
SKIPPED_CLASSES = {"running-footer", "draft-mark", "masthead-clinic", "notice-title"}
SKIPPED_TAGS = {"head", "style", "script", "cite", "ol"}
# Short labels (kickers, condition lists, evidence stages): checked for claims, not scored.
LABEL_CLASSES = {"kicker", "conditions", "stage", "evidence-key", "notice-date"}
BLOCKS = {"h1": "heading", "h2": "heading", "h3": "heading", "p": "prose", "li": "prose"}

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Passage:
    role: str   # "heading", "prose" or "label"
    text: str


class _PassageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.passages: list[Passage] = []
        self._stack: list[tuple[str, bool, str | None]] = []  # (tag, skipping, role)
        self._buffer: list[str] = []
        self._role: str | None = None

    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        skipping = self._skipping() or tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES)
        role = None
        if not skipping and self._role is None:
            if classes & LABEL_CLASSES:
                role = "label"
            elif tag in BLOCKS:
                role = BLOCKS[tag]
        if role is not None:
            self._flush()
            self._role = role
        if tag in ("br", "img", "meta", "link"):
            return  # void elements have no end tag
        self._stack.append((tag, skipping, role))

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, _, role = self._stack.pop()
            if role is not None:
                self._flush()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._role is not None and not self._skipping():
            self._buffer.append(data)

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._buffer)).strip()
        if self._role is not None and text:
            self.passages.append(Passage(self._role, text))
        self._buffer = []
        self._role = None


def passages(html: str) -> list[Passage]:
    """The passages of a rendered brochure, in reading order."""
    parser = _PassageParser()
    parser.feed(html)
    parser.close()
    return parser.passages
