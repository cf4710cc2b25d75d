"""Turn a clinic profile YAML file into the Clinic printed on every brochure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale

from brochures.content import schema as s
from brochures.content.colors import HEX_COLOR, INK, WCAG_AA, WHITE, contrast_ratio
from brochures.content.emergency import check_number
from brochures.content.logo_file import EXPORT_AGAIN, LOGO_TYPES, logo_problem
from brochures.defaults import LETTER_COUNTRIES, PAPERS, Paper
from brochures.errors import ContentError
from brochures.html.qr import (
    DEFAULT_QR_URL,
    MAX_QR_URL,
    QR_FIELDS,
    QR_URL_HINT,
    formatted_fields,
    longest_qr_address,
    qr_url_too_long,
    template_fields,
)

# Lengths that fit where each field prints (the masthead, a footer line, a QR code).
_SHORTEN = "shorten it: it prints in the masthead and the footer of every page"
CLINIC_SCHEMA = s.Record(
    {
        "name": s.Field(s.Text(max_length=120, length_hint=_SHORTEN)),
        "address": s.Field(s.ListOf(s.Text(max_length=120, length_hint=_SHORTEN), max_items=6)),
        "phone": s.Field(s.Text(max_length=40, length_hint="give one phone number")),
        "email": s.Field(s.Text(max_length=254, length_hint="give one address"), required=False),
        # Opening hours, printed as written in every language (e.g. "Mon-Fri 8:00-18:00").
        "hours": s.Field(s.Text(max_length=200, length_hint=_SHORTEN), required=False),
        "website": s.Field(s.Url()),
        "country": s.Field(s.Text(max_length=40)),  # _country names what is wrong
        # The number to call in an emergency where the clinic is, when the table in
        # content/emergency-numbers.yaml has none for its country (or a different one).
        "emergency_number": s.Field(
            s.Text(max_length=20, length_hint="give the digits a caller dials"), required=False
        ),
        "logo": s.Field(
            s.Text(max_length=255, length_hint="give the file's name beside the profile"),
            required=False,
        ),
        "paper": s.Field(s.OneOf(tuple(PAPERS)), required=False),
        # Where the QR code points; {website}, {lang}, {topic}, {layout}, {revision} are filled in.
        "qr_url": s.Field(
            s.Text(max_length=MAX_QR_URL, length_hint=QR_URL_HINT),
            required=False,
        ),
        # Brand colours: `brand` for headings and rules (text on white), `tint` for the summary
        # box (body text on it). Both must reach WCAG AA contrast, 4.5:1.
        "colors": s.Field(
            s.Record(
                {
                    "brand": s.Field(s.Text(), required=False),
                    "tint": s.Field(s.Text(), required=False),
                }
            ),
            required=False,
        ),
    }
)

DEFAULT_COLORS = {"brand": "#0b5563", "tint": "#e4f1f3"}


@dataclass(frozen=True)
class Clinic:
    name: str
    address: tuple[str, ...]
    phone: str
    email: str | None
    website: str
    country: str
    logo: Path | None
    paper: Paper
    folder: Path
    qr_url: str = DEFAULT_QR_URL
    # What to call in an emergency there: the profile's own, else the country's from the
    # table; None when neither is known (the brochure then says "your local number").
    emergency_number: str | None = None
    brand_color: str = DEFAULT_COLORS["brand"]
    tint_color: str = DEFAULT_COLORS["tint"]
    hours: str | None = None  # opening hours, as the profile writes them

    @property
    def website_display(self) -> str:
        return display_url(self.website)

    @property
    def logo_url(self) -> str | None:
        return self.logo.resolve().as_uri() if self.logo else None


def display_url(url: str) -> str:
    """A web address as people type it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/")


def paper_for_country(country: str) -> Paper:
    """Letter where CLDR says people use it (the US and a few neighbours), A4 elsewhere."""
    return PAPERS["letter" if country in LETTER_COUNTRIES else "a4"]


def _country(data: dict, ctx: s.Context) -> str:
    country = (data["country"] or "").upper()
    if data["country"] and (country not in Locale("en").territories or not country.isalpha()):
        ctx.report(
            ctx.node_of("country"),
            "country",
            f"{data['country']!r} is not a two-letter country code",
            hint="use an ISO 3166 code such as US, MX, DE or GB",
        )
    return country


def _logo(data: dict, ctx: s.Context, folder: Path) -> Path | None:
    """The logo's path, once it is known to be a sound SVG or PNG file in the profile's
    folder (logo_file checks the file itself)."""
    if not data["logo"]:
        return None
    written = folder / data["logo"]
    logo = written.resolve()  # a symbolic link is judged by where it leads
    node = ctx.node_of("logo")
    if not logo.is_relative_to(folder.resolve()):
        where = f" (it leads to {logo})" if written.is_symlink() else ""
        ctx.report(
            node,
            "logo",
            f"the logo must sit in the clinic profile's folder{where}",
            hint="copy the logo file beside the clinic profile",
        )
    elif written.suffix.lower() not in LOGO_TYPES or logo.suffix.lower() not in LOGO_TYPES:
        ctx.report(
            node,
            "logo",
            f"{written.name}: a logo must be an SVG or PNG file",
            hint=EXPORT_AGAIN,
        )
    elif not logo.is_file():
        ctx.report(
            node,
            "logo",
            f"no file at {logo}",
            hint="put the logo beside the clinic profile and give its file name",
        )
    else:
        problem = logo_problem(logo)
        if problem is None:
            return logo
        ctx.report(node, "logo", problem[0], hint=problem[1])
    return None


def _qr_url(data: dict, ctx: s.Context) -> str:
    qr_url = data["qr_url"] or DEFAULT_QR_URL
    node = ctx.node_of("qr_url")
    try:
        unknown = [name for name in template_fields(qr_url) if name not in QR_FIELDS]
    except ValueError as exc:
        ctx.report(
            node,
            "qr_url",
            f"not a valid URL template ({exc})",
            hint="write placeholders as {website}, {lang}, {topic}, {layout}, {revision}",
        )
        unknown = []
    if unknown:
        ctx.report(
            node,
            "qr_url",
            f"unknown placeholder {{{unknown[0]}}}",
            hint="use only: " + ", ".join(f"{{{name}}}" for name in QR_FIELDS),
        )
    if not qr_url.startswith(("https://", "{website}")):
        ctx.report(node, "qr_url", "must start with https:// or {website}")
    try:
        formatted = formatted_fields(qr_url)
    except ValueError:
        formatted = []  # reported above
    if formatted:
        written, name = formatted[0]
        ctx.report(
            node,
            "qr_url",
            f"placeholders take no format or conversion: {written}",
            hint=f"write it as {{{name}}}",
        )
    elif not unknown:
        problem = qr_url_too_long(longest_qr_address(qr_url, str(data["website"])))
        if problem:
            ctx.report(node, "qr_url", problem, hint=QR_URL_HINT)
    return qr_url


def _colors(data: dict, ctx: s.Context) -> dict[str, str]:
    """The brand and tint colours, each readable against what it is drawn with."""
    colors_node = ctx.node_of("colors") if data["colors"] is not None else None
    for key_node, value_node in getattr(colors_node, "value", []):
        if value_node.tag.endswith(":null"):
            # `brand: #5b2a86` without quotes: YAML reads everything after # as a comment.
            ctx.report(
                value_node,
                f"colors.{key_node.value}",
                "is empty",
                hint='quote the colour: brand: "#5b2a86" (# starts a comment in YAML)',
            )
    colors = {**DEFAULT_COLORS, **{k: v for k, v in (data["colors"] or {}).items() if v}}
    # (colour, what it is drawn against, what that is) for each brand colour.
    pairs = {
        "brand": (colors["brand"], WHITE, "white paper"),
        "tint": (INK, colors["tint"], "the body text colour"),
    }
    for key, value in colors.items():
        if not HEX_COLOR.match(value):
            ctx.report(
                ctx.node_of("colors"),
                f"colors.{key}",
                f"{value!r} is not a colour",
                hint='write it as "#rrggbb" (in quotes), e.g. "#0b5563"',
            )
            continue
        foreground, background, against = pairs[key]
        ratio = contrast_ratio(foreground, background)
        if ratio < WCAG_AA:
            ctx.report(
                ctx.node_of("colors"),
                f"colors.{key}",
                f"{value} has a contrast of {ratio:.2f}:1 against {against}; "
                f"WCAG AA needs {WCAG_AA}:1",
                hint="choose a darker brand colour" if key == "brand" else "choose a lighter tint",
            )
    return colors


def load_clinic(file: Path, emergency_numbers: Mapping[str, str] | None = None) -> Clinic:
    """The clinic profile in `file`; `emergency_numbers` (country code -> number) gives the
    emergency number of a clinic that names none."""
    if not file.is_file():
        raise ContentError(
            "clinic profile not found",
            file=file,
            hint="copy content/clinic.yaml (and its logo) and fill in your clinic's details",
        )
    with s.checking(file, CLINIC_SCHEMA) as (data, ctx):
        country = _country(data, ctx)
        number_node = ctx.node_of("emergency_number")
        check_number(data["emergency_number"], number_node, "emergency_number", ctx)
        logo = _logo(data, ctx, file.parent)
        qr_url = _qr_url(data, ctx)
        colors = _colors(data, ctx)
    paper = PAPERS[data["paper"]] if data["paper"] else paper_for_country(country)
    return Clinic(
        name=data["name"],
        address=tuple(data["address"]),
        phone=data["phone"],
        email=data["email"],
        website=data["website"],
        country=country,
        logo=logo,
        paper=paper,
        folder=file.parent.resolve(),
        qr_url=qr_url,
        emergency_number=data["emergency_number"] or (emergency_numbers or {}).get(country),
        brand_color=colors["brand"].lower(),
        tint_color=colors["tint"].lower(),
        hours=data["hours"],
    )
