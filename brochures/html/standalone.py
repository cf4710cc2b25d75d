"""Turn brochure HTML that links its pictures by file: URL into one file that carries them.

The PDF renderer reads the pictograms, the cover drawing and the clinic's logo from the
file: URLs the templates write (inside the folders its fetcher allows). An HTML output
written with those URLs shows broken pictures once it is moved, mailed or opened on
another machine, and it tells the reader where the project lives on this one. The
stylesheet is inlined already and the HTML asks for no fonts (the renderer adds them), so
the pictures are all that must travel: they become data: URIs.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from brochures.errors import RenderError

# A file: URL as the templates write it, in a src or href attribute. Content and catalog
# text is escaped (a quote becomes &#34;), so it cannot make such an attribute of its own.
# The templates' CSS links no files: a url(file:...) there would be left, and the tests
# of the HTML output, which look for "file:", would fail.
_LINKED_FILE = re.compile(r'(?P<before>\b(?:src|href)=")(?P<url>file:[^"]*)')


def self_contained(document: str, folders: Iterable[Path]) -> str:
    """`document` with every linked local file inside `folders` embedded as a data: URI.

    Raises RenderError for a file: URL outside them or naming no file: better no output
    than a file with a dead link to this machine."""
    roots = tuple(Path(folder).resolve() for folder in folders)

    def embed(match: re.Match[str]) -> str:
        return match["before"] + data_uri(_local_file(html.unescape(match["url"]), roots))

    return _LINKED_FILE.sub(embed, document)


def data_uri(path: Path) -> str:
    """The file's bytes as a base64 data: URI, with its media type (SVG, PNG) from its name."""
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{media_type};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _local_file(url: str, roots: tuple[Path, ...]) -> Path:
    parts = urlsplit(url)
    path = Path(url2pathname(parts.path)).resolve()
    if (
        parts.netloc in ("", "localhost")
        and any(path.is_relative_to(root) for root in roots)
        and path.is_file()
    ):
        return path
    raise RenderError(
        f"the HTML links {url}, which is not a file in the brochure's asset folders",
        hint="the templates may link only files under assets/ or beside the clinic profile",
    )
