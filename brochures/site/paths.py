"""Turn a clinic's QR address template into where the site keeps each brochure's page.

A printed brochure's QR code opens `{website}/brochures/{lang}/{topic}?rev=...` (or the
clinic's own `qr_url`). The site folder stands for the website's root, so the page goes in
the folder the address names, as its index.html: every static host serves an address
that names a folder from the index.html inside it (GitHub Pages, nginx, Apache, S3).
"""

from __future__ import annotations

import logging
import posixpath
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from brochures.content.clinic import Clinic
from brochures.defaults import BILINGUAL_LAYOUT, LAYOUTS
from brochures.html.qr import qr_address

LOGGER = logging.getLogger(__name__)

# Where pages go when the QR codes open another host than the website (a link shortener):
# the site still works, but the codes do not lead to it.
FALLBACK = "brochures/{lang}/{topic}"
# A path segment a static host serves as it is, on every file system.
_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


@dataclass(frozen=True)
class PageFolders:
    """Where the site puts each brochure's page, relative to the site's root."""

    website: str
    qr_url: str
    on_site: bool  # the QR codes open this website (else FALLBACK is used)

    @classmethod
    def of(cls, clinic: Clinic) -> PageFolders:
        sample = qr_address(
            clinic.qr_url,
            website=clinic.website,
            lang="en",
            topic="overview",
            layout="leaflet",
            revision="2026-01-01",
        )
        on_site = _path_below(sample, clinic.website) is not None
        if not on_site:
            LOGGER.warning(
                "the QR codes open %s, which is not on the website %s: the site puts its "
                "pages under %s/, and the printed codes will not lead there (set qr_url "
                "in the clinic profile to start with {website})",
                urlsplit(sample).netloc or sample,
                clinic.website,
                FALLBACK.split("/")[0],
            )
        return cls(clinic.website.rstrip("/"), clinic.qr_url, on_site)

    def folder(
        self, lang: str, topic: str, revision: str, layout: str = "leaflet"
    ) -> PurePosixPath:
        """The folder of the page a layout's QR code opens ("brochures/es/neurological");
        `revision` is the topic's review date, which a qr_url may put in the path."""
        if self.on_site:
            url = qr_address(
                self.qr_url,
                website=self.website,
                lang=lang,
                topic=topic,
                layout=layout,
                revision=revision,
            )
            below = _path_below(url, self.website)
            if below is not None:
                return below
        return PurePosixPath(FALLBACK.format(lang=lang, topic=topic))

    def aliases(self, lang: str, topic: str, revision: str) -> list[PurePosixPath]:
        """Other folders the brochure's codes open (a qr_url with {layout} in its path
        gives each layout its own address): each gets a page that leads to the main one."""
        main = self.folder(lang, topic, revision)
        printed = (*LAYOUTS, BILINGUAL_LAYOUT)  # every layout that carries a code
        found = [self.folder(lang, topic, revision, layout) for layout in printed]
        return [folder for folder in dict.fromkeys(found) if folder != main]

    def url(self, folder: PurePosixPath) -> str:
        """The page's public address, as hreflang and canonical links give it."""
        return f"{self.website}/{folder}/"


def _path_below(url: str, website: str) -> PurePosixPath | None:
    """The folder `url` names below `website`, without its query; None when it is not on
    the website, names the root, or has a segment a static host could not serve as is."""
    site, page = urlsplit(website.rstrip("/")), urlsplit(url)
    if (page.scheme, page.netloc) != (site.scheme, site.netloc):
        return None
    prefix = site.path.rstrip("/") + "/"
    if not page.path.startswith(prefix):
        return None
    rest = page.path[len(prefix) :].strip("/")
    if rest.endswith("index.html"):
        rest = rest[: -len("index.html")].strip("/")
    segments = rest.split("/") if rest else []
    if not segments or any(s in (".", "..") or not _SAFE_SEGMENT.fullmatch(s) for s in segments):
        return None
    return PurePosixPath(*segments)


def relative_root(folder: PurePosixPath) -> str:
    """The relative link from a page in `folder` to the site's root ("../../../")."""
    return "../" * len(folder.parts)


def relative_link(source: PurePosixPath, target: PurePosixPath) -> str:
    """The relative link from the page in folder `source` to the page in folder `target`
    ("../../ar/cancer/"; "./" for the same folder)."""
    link = posixpath.relpath(str(target), str(source))  # PurePosixPath() is "."
    return "./" if link == "." else f"{link}/"
