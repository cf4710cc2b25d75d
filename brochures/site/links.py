"""Name what a brochure's web page links to: the site's assets, its PDFs, its other languages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The site's shared files, in a folder at its root.
ASSETS_FOLDER = "assets"


@dataclass(frozen=True)
class LanguageLink:
    tag: str  # BCP 47, as hreflang and lang attributes want it
    name: str  # the language's name in itself
    href: str  # relative, from the page that links it
    url: str  # absolute, for hreflang alternates


@dataclass(frozen=True)
class Download:
    layout: str  # "leaflet", "trifold", "large-print"
    href: str  # the PDF's file name, beside the page


@dataclass(frozen=True)
class SiteLinks:
    """The links of one page of the site, relative to where it is stored."""

    root: str  # "../../../": from the page's folder to the site's root
    url: str  # the page's public address (canonical)
    up: str  # the page one level up: a language's list of brochures, or the home page
    languages: tuple[LanguageLink, ...] = ()  # every language of the page, its own included
    downloads: tuple[Download, ...] = ()

    @property
    def assets(self) -> str:
        return f"{self.root}{ASSETS_FOLDER}/"

    def others(self, lang: str) -> tuple[LanguageLink, ...]:
        return tuple(link for link in self.languages if link.tag != lang)

    def pictogram(self, slug: str) -> str:
        """The site's copy of a topic's or route's pictogram (the general one if it has none)."""
        from brochures.html.cover_art import pictogram_file

        return f"{self.assets}pictograms/{pictogram_file(slug).name}"

    def logo(self, logo: Path | None) -> str | None:
        """The site's copy of the clinic's logo, or None for a clinic without one."""
        return f"{self.assets}{site_logo_name(logo)}" if logo else None


# For renders that only collect the strings a page prints: every branch taken, no real links.
EVERY_BRANCH = SiteLinks(
    root="",
    url="",
    up="",
    languages=(LanguageLink("en", "English", "", ""), LanguageLink("xx", "", "", "")),
    downloads=tuple(Download(layout, "") for layout in ("leaflet", "trifold", "large-print")),
)


def site_logo_name(logo: Path) -> str:
    """The clinic logo's file name in the site's assets (its own name may say anything)."""
    return f"clinic-logo{logo.suffix.lower()}"
