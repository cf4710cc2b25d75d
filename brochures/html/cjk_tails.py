"""Turn Chinese and Japanese brochure HTML into HTML whose paragraphs never end on a line of
one character: the last two characters of each run of shown text are kept together.

Chinese and Japanese put no spaces between words and may break a line between any two
characters, so a paragraph often ended with a single character (and its full stop) alone
on its last line, which typesetters call a runt. WeasyPrint has no `text-wrap: pretty`.
The last two characters of every text node, with the punctuation after them, go into a
`white-space: nowrap` span (.cjk-tail): a paragraph's last line then holds two or more.
Only text the page shows is touched (korean_words.ProseTextFinder), never an attribute,
the <title> or a stylesheet.
"""

from __future__ import annotations

import re

from brochures.html.korean_words import ProseTextFinder

# Languages written without spaces between words, by their primary subtag.
NO_SPACE_LANGUAGES = frozenset({"zh", "ja"})
_CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\u3040-\u30ff]"
# Two characters at the end of a node, with the closing punctuation and spaces after them.
_TAIL = re.compile(rf"{_CJK}{{2}}[。，、？！：；）」』”’》〉\s]*$")
_MIN_CHARACTERS = 6  # a shorter node (a label, a name) is one line anyway


def keep_cjk_tails_together(html: str, lang: str) -> str:
    """The HTML with the last two characters of each shown Chinese or Japanese text node
    unbreakable; other languages' HTML is returned as it is."""
    if lang.split("-")[0].split("_")[0] not in NO_SPACE_LANGUAGES:
        return html
    finder = ProseTextFinder(html)
    finder.feed(html)
    finder.close()
    pieces, done = [], 0
    for node in finder.nodes:
        tail = _TAIL.search(node.text)
        if tail is None or len(re.findall(_CJK, node.text)) < _MIN_CHARACTERS:
            continue
        start = node.offset + tail.start()
        pieces += [html[done:start], f'<span class="cjk-tail">{tail.group()}</span>']
        done = node.offset + len(node.text)
    return "".join(pieces) + html[done:]
