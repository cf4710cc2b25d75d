"""Name the defaults and fixed tables shared by the command line and the library."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from brochures import resources

# The user's own inputs, found in the folder the command runs in (this repository, or a
# clinic's copy of its content/ and locales/); templates and pictures travel with the package.
CONTENT_DIR = Path("content")
LOCALES_DIR = Path("locales")
TEMPLATES_DIR = resources.TEMPLATES_DIR
ASSETS_DIR = resources.ASSETS_DIR
DEFAULT_CLINIC = CONTENT_DIR / "clinic.yaml"
DEFAULT_OUT_DIR = Path("dist")


def cache_dir() -> Path:
    """Where derived files go: font instances and subsets, fontconfig caches, the NLTK copy
    of the CMU dictionary, parsed hyphenation patterns."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "exosome-brochures"


FORMATS = ("pdf", "html", "site")
LAYOUTS = ("leaflet", "trifold", "large-print")
# The web edition's page of a brochure (--format site): a document of the pipeline like the
# layouts, made of the same parts and checks, but a web page, never printed.
WEB_LAYOUT = "web"
# English beside the patient's language (--bilingual): a printed layout of its own, four
# pages at most (two sheets printed on both sides), for the languages other than English.
BILINGUAL_LAYOUT = "bilingual"
# Where --format site writes when no --out is given (a draft site: SITE_DIR-draft).
SITE_DIR = DEFAULT_OUT_DIR / "site"
# The leaflet is one sheet printed on both sides; so is the tri-fold, as six panels.
MAX_PAGES = {"leaflet": 2, "trifold": 2, "large-print": None, "bilingual": 4}
# Body text sizes (pt) a layout may use, largest first: the largest that fits is chosen.
# Clear-print guidance asks for 12pt+ where space allows; large print means 16pt or more.
TEXT_SIZES = {
    "leaflet": (12, 11.5, 11, 10.5, 10),
    # Tri-fold panels: 9.5pt body at least; a short one (a test's) gets larger type, not
    # white space.
    "trifold": (12, 11.5, 11, 10.5, 10, 9.5),
    "large-print": (16,),
    # Two columns of half the width: the body text a little smaller than the leaflet's.
    "bilingual": (11, 10.5, 10, 9.5),
}
# The smallest text a layout prints, footer and sources included (pt): 8pt is the floor of
# readable print; large print means every piece of text at 16pt or more.
TYPE_FLOOR_PT = {"leaflet": 8, "trifold": 8, "large-print": 16, "bilingual": 8}
# The smaller text steps the stylesheets use, as shares of the body size: each is the CSS
# variable --text-NN (e.g. --text-85: 85%), never set below the layout's floor (the
# renderer sets them for each size it tries).
SMALL_TEXT_STEPS = (0.95, 0.9, 0.85, 0.8, 0.75)
# Bleed for print-shop files: backgrounds run this far past the trim edge.
BLEED_MM = 3
# Page margins (top, right, bottom, left) per layout; the tri-fold's panels pad themselves.
PAGE_MARGINS_MM = {
    "leaflet": (10, 12, 15, 12),
    "large-print": (16, 18, 28, 18),  # the footer takes three lines at 12pt
    "trifold": (0, 0, 0, 0),
    "bilingual": (10, 12, 15, 12),
}
# Inner margin of each tri-fold panel (top, sides, bottom): keeps text clear of the folds.
# The template writes it into each panel; the overflow check reads the bottom one.
PANEL_PADDING_MM = (9, 7, 8)
# The tri-fold's fold-in panel (the inside flap and the panel behind it) is this much
# narrower than the other two, so that it folds in without buckling.
FOLD_IN_MM = 2.5
# The brand-coloured strip along the top edge of every page.
EDGE_BAND_MM = 3


@dataclass(frozen=True)
class Paper:
    name: str
    css_size: str
    width_mm: float  # portrait
    height_mm: float


PAPERS = {"a4": Paper("a4", "A4", 210, 297), "letter": Paper("letter", "letter", 215.9, 279.4)}

# Territories whose CLDR paperSize is US-Letter (CLDR supplemental measurementData).
LETTER_COUNTRIES = frozenset("BZ CA CL CO CR GT MX NI PA PH PR SV US VE".split())
