"""Turn a language's catalog into a review pack for a medical translator: every string with
its English, the translation, where it appears, the translator's notes and the glossary
terms it uses, grouped by brochure in reading order; as a PDF (cover page with what to
check, the strings with a column for corrections, a sign-off page) and as a CSV file that
opens in any spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from brochures import __version__, defaults
from brochures.atomic import write_atomically
from brochures.errors import UsageError, display_path
from brochures.i18n.catalogs import is_translated, msgid_forms, msgstr_forms
from brochures.i18n.languages import SOURCE_LANGUAGE, gettext_name, native_name
from brochures.i18n.new_language import GLOSSARY_FILE
from brochures.i18n.review import review_of, translations_digest

if TYPE_CHECKING:
    from babel.messages.catalog import Message

    from brochures.builder.pipeline import Brochures

# The layouts whose strings a review covers, in the order their new strings are listed.
LAYOUTS = ("leaflet", "large-print", "trifold", defaults.WEB_LAYOUT)
SHARED = "Shared by several brochures"
OTHER = "Other strings (for other clinics' details, layouts and pages)"
# Where a template's strings appear, by file (the rest: by the file's own name).
TEMPLATE_SECTIONS = {
    "regulatory.html": "Important safety facts",
    "summary.html": "In short",
    "questions.html": "Questions to ask",
    "routes.html": "How exosomes are given",
    "research.html": "What researchers are studying",
    "words.html": "Words to know",
    "sources.html": "Sources and colophon",
    "masthead.html": "Title block",
    "contact.html": "Contact block",
    "phone.html": "Contact block",
    "hours.html": "Contact block",
    "other_formats.html": "Title block",
    "footer.html": "Page footer",
    "base.html": "Page footer",
    "macros.html": "Evidence labels",
    "qr.html": "QR code",
    "cover.html": "Tri-fold cover",
    "trifold.html": "Tri-fold panels",
    "brochure.html": "Web page",
    "chrome.html": "Web page",
    "language.html": "Web page: list of brochures",
    "home.html": "Web page: home",
}
CONTENT_SECTIONS = {
    "title": "Title",
    "summary": "In short",
    "research_heading": "What researchers are studying",
    "research": "What researchers are studying",
    "questions": "Questions to ask",
    "name": "How exosomes are given",
    "what_happens": "How exosomes are given",
    "what_to_expect": "How exosomes are given",
    "ask": "How exosomes are given",
    "words": "Words to know",
    "notices": "Important safety facts",
}
CSV_COLUMNS = (
    "number",
    "brochure",
    "section",
    "English",
    "translation",
    "state",
    "translator note",
    "glossary terms",
    "reviewer's correction",
    "reviewer's note",
)


@dataclass(frozen=True)
class Row:
    number: int
    group: str  # SHARED, a brochure's English title, or OTHER
    section: str
    english: str
    translation: str
    state: str  # "translated", "fuzzy", "untranslated"
    note: str
    glossary: str


@dataclass(frozen=True)
class Glossary:
    terms: tuple[tuple[str, str, re.Pattern[str]], ...]  # (English, translation, match)

    def used_in(self, english: str) -> list[str]:
        return [
            f"{term} = {translation}"
            for term, translation, found in self.terms
            if found.search(english)
        ]


def read_glossary(file: Path) -> Glossary:
    """The glossary's table (| English | translation | note |), each English term a
    pattern that finds it, or any of its "a / b" forms, as a word."""
    terms = []
    if file.is_file():
        for line in file.read_text(encoding="utf-8").splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if (
                len(cells) < 2
                or not cells[0]
                or set(cells[0]) <= set("-: ")
                or cells[0].startswith("English")
            ):
                continue
            forms = [re.sub(r"\(.*?\)", "", form).strip() for form in cells[0].split("/")]
            forms = [form for form in forms if len(form) > 1]
            if forms:
                pattern = "|".join(re.escape(form) for form in forms)
                terms.append((cells[0], cells[1], re.compile(rf"\b(?:{pattern})", re.I)))
    return Glossary(tuple(terms))


def _section(message: Message, content_dir: Path) -> str:
    """Where a string appears, from its first place in the sources."""
    for file, line in message.locations:
        name = Path(file).name
        if name in TEMPLATE_SECTIONS:
            return TEMPLATE_SECTIONS[name]
        path = Path(file)
        source = path if path.is_file() else content_dir.parent / path
        if source.suffix == ".yaml" and source.is_file() and line:
            return _content_section(source.read_text(encoding="utf-8").splitlines(), line)
    return ""


def _content_section(lines: list[str], line: int) -> str:
    """The section of a line of content YAML: a topic's section by its heading, else its key."""
    heading = None
    for text in reversed(lines[:line]):
        stripped = text.strip()
        if heading is None and stripped.startswith(("- heading:", "heading:")):
            heading = stripped.split(":", 1)[1].strip().strip("\"'")
        key = re.match(r"^([a-z_]+):", text)
        if key:
            if key.group(1) == "sections":
                return f"Section: {heading}" if heading else "Sections"
            return CONTENT_SECTIONS.get(key.group(1), key.group(1).replace("_", " ").capitalize())
    return ""


def review_rows(run: Brochures, lang: str) -> list[Row]:
    """Every msgid of the language's catalog, in reading order: the strings every brochure
    shares first, then each brochure's own, then the rest."""
    catalog = run.catalogs.catalog(lang)
    options = run.options
    printed: dict[str, list[str]] = {}
    for slug in sorted(run.library.topics, key=lambda s: (s != "overview", s)):
        seen: dict[str, None] = {}
        for layout in LAYOUTS:
            for msgid in run.printed_msgids(slug, layout):
                seen.setdefault(msgid)
        printed[slug] = list(seen)
    counts: dict[str, int] = {}
    for msgids in printed.values():
        for msgid in msgids:
            counts[msgid] = counts.get(msgid, 0) + 1
    order: list[tuple[str, str]] = []
    placed: set[str] = set()
    for msgids in printed.values():  # shared, in the order the first brochure prints them
        for msgid in msgids:
            if counts[msgid] > 1 and msgid not in placed:
                order.append((SHARED, msgid))
                placed.add(msgid)
    for slug, msgids in printed.items():
        title = run.library.topics[slug].title
        order += [(title, msgid) for msgid in msgids if msgid not in placed]
        placed.update(msgids)
    messages = {msgid_forms(m)[0]: m for m in catalog if m.id}
    order += [(OTHER, msgid) for msgid in messages if msgid not in placed]
    glossary = read_glossary(_glossary_file(options.locales_dir, lang))
    rows: list[Row] = []
    for group, msgid in order:
        message = messages.get(msgid)
        if message is None:  # printed, but not in this catalog: run --update-catalogs
            continue
        english = " | ".join(msgid_forms(message))
        rows.append(
            Row(
                number=len(rows) + 1,
                group=group,
                section=_section(message, options.content_dir),
                english=english,
                translation=" | ".join(msgstr_forms(message)),
                state="fuzzy"
                if message.fuzzy
                else "translated"
                if is_translated(message)
                else "untranslated",
                note=_note(message),
                glossary="; ".join(glossary.used_in(english)),
            )
        )
    return rows


# The extractor's record of where a content string comes from ("topics/cancer.yaml:
# research_heading"): the "Where" column says it in words.
_PLACE = re.compile(r"\S+\.yaml:\s*\S+")


def _note(message: Message) -> str:
    """The translator's notes of an entry, without the extractor's list of places."""
    notes = (_PLACE.sub("", " ".join(message.auto_comments)), " ".join(message.user_comments))
    return " ".join(" ".join(note.split()) for note in notes if note.strip())


def _glossary_file(locales_dir: Path, lang: str) -> Path:
    return locales_dir / gettext_name(lang) / GLOSSARY_FILE


def csv_text(rows: list[Row]) -> str:
    """The rows as CSV, with a byte-order mark so that spreadsheets read it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            (
                row.number,
                row.group,
                row.section,
                row.english,
                row.translation,
                row.state,
                row.note,
                row.glossary,
                "",
                "",
            )
        )
    return "\ufeff" + buffer.getvalue()


def write_review_pack(run: Brochures, lang: str, out_dir: Path) -> list[Path]:
    """Write review-pack-LANG.pdf and .csv for one language into out_dir/review/LANG."""
    if lang == SOURCE_LANGUAGE:
        raise UsageError("English is the source: it has no translation to review")
    catalog = run.catalogs.catalog(lang)
    review = review_of(catalog, run.catalogs.path(lang))
    rows = review_rows(run, lang)
    folder = out_dir / "review" / lang
    csv_file = folder / f"review-pack-{lang}.csv"
    write_atomically(csv_file, csv_text(rows).encode("utf-8"))
    env = Environment(
        loader=FileSystemLoader(run.options.templates_dir),
        autoescape=True,  # catalogs are untrusted text
        undefined=StrictUndefined,
    )
    today = run.options.today or dt.date.today()
    html = env.get_template("review-pack.html").render(
        lang=lang,
        name=native_name(lang),
        rows=rows,
        groups=list(dict.fromkeys(row.group for row in rows)),
        review=review,
        digest=translations_digest(catalog),
        catalog=display_path(run.catalogs.path(lang)),
        glossary_file=display_path(_glossary_file(run.options.locales_dir, lang)),
        today=today.isoformat(),
        version=__version__,
        counts={
            state: sum(1 for r in rows if r.state == state)
            for state in ("translated", "fuzzy", "untranslated")
        },
    )
    from brochures.builder.head_start import renderer_setup
    from brochures.builder.workers import RendererSetup

    # The CJK fonts are cut to the text they draw: here the notes too (a translator's
    # note may quote the language), not only the translations.
    setup = renderer_setup(run)
    every = "".join(f"{row.translation}{row.note}{row.glossary}" for row in rows)
    cjk = tuple((family, text + every) for family, text in setup.cjk_text)
    renderer = RendererSetup(setup.base_dir, setup.asset_dirs, setup.languages, cjk).make()
    pdf = renderer.render(
        html, lang="en", max_pages=None, date=today, text_sizes=(9.5,), type_floor=8
    )
    pdf_file = folder / f"review-pack-{lang}.pdf"
    write_atomically(pdf_file, pdf.data)
    return [pdf_file, csv_file]
