"""Turn WeasyPrint's resource requests into file reads confined to the allowed folders."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname, urlopen

from weasyprint.urls import URLFetcher, URLFetcherResponse


class SandboxedFetcher(URLFetcher):
    """Serves only `file:` URLs inside `roots`; refuses the network and everything else.

    Every refusal is remembered in `denied`, so that a render can fail loudly and tests can
    prove that nothing outside the sandbox was asked for, let alone read.
    """

    def __init__(self, roots: set[Path] | list[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = tuple(Path(root).resolve() for root in roots)
        self.requested: list[str] = []
        self.denied: list[str] = []

    def allows(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(parts.path)).resolve()
        if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
            return path
        return None

    def fetch(self, url, headers=None):
        self.requested.append(url)
        if url.startswith("data:image/"):
            # Self-contained images the templates make (the QR code): no file, no network.
            with urlopen(url) as response:  # urllib's data: handler decodes it in memory
                return URLFetcherResponse(
                    url,
                    body=response.read(),
                    headers={"Content-Type": response.headers.get_content_type()},
                )
        path = self.allows(url)
        if path is None:
            self.denied.append(url)
            raise ValueError(f"refused to fetch {url!r}: outside the brochure's asset folders")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime_type}
        )
