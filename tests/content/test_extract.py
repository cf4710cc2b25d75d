"""Extraction: what pybabel extracts is exactly what brochures look up, and the .pot is current."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
from dataclasses import replace

from babel.messages.pofile import read_po

from brochures import defaults
from brochures.content.extract import prose_messages
from brochures.html.render import render_html, render_page
from brochures.i18n.msgids import from_msgstr, to_msgid
from brochures.i18n.review import Review
from brochures.i18n.translations import Translations
from brochures.site.links import EVERY_BRANCH
from brochures.site.pages import Entry
from conftest import LOCALES, PROJECT, TEMPLATES, write


class RecordingTranslations(Translations):
    """English translations that remember every msgid a render asks for."""

    def __post_init__(self):
        super().__post_init__()
        self.asked: set[str] = set()

    def gettext(self, msgid):
        self.asked.add(msgid)
        return super().gettext(msgid)

    def ngettext(self, singular, plural, n):
        self.asked.add(singular)
        return super().ngettext(singular, plural, n)


def _extract(tmp_path):
    pot = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            str(pot),
            "--add-comments=Translators:",
            ".",
        ],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return read_po(handle)


def _ids(catalog):
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}


def test_pybabel_extracts_exactly_what_the_brochures_look_up(tmp_path, library, clinic):
    extracted = _ids(_extract(tmp_path))
    asked = set()
    # English, and a language with an empty catalog: some strings appear only in translations.
    # A clinic with an emergency number and one without: each has its sentence.
    # And one with opening hours, which only then have their line.
    clinics = (clinic, replace(clinic, emergency_number=None, hours="Mon-Fri 8:00-18:00"))
    for lang, where in itertools.product(("en", "es"), clinics):
        recorder = RecordingTranslations(lang)
        for topic in library.topics.values():
            # And the web page and the bilingual edition.
            for layout in (*defaults.LAYOUTS, defaults.WEB_LAYOUT, defaults.BILINGUAL_LAYOUT):
                render_html(
                    topic,
                    library.regulatory,
                    where,
                    recorder,
                    layout=layout,
                    templates_dir=TEMPLATES,
                    draft=True,
                    languages=("en", "es"),
                    words=library.words,
                )
        # A signed-off translation's colophon, as it is and once changed since.
        if lang != "en":
            for review in (
                Review("professional-review", "A. Reviewer", dt.date(2026, 12, 1)),
                Review("community-review", "A. Reviewer", dt.date(2026, 12, 1)),
                Review("professional-review", "A. Reviewer", dt.date(2026, 12, 1), False),
            ):
                recorder.review = review
                render_html(
                    library.topics["cancer"],
                    library.regulatory,
                    where,
                    recorder,
                    templates_dir=TEMPLATES,
                    draft=True,
                    words=library.words,
                )
            recorder.review = None
        # The site's own pages: a language's list of brochures, the home page.
        for template in ("site/language.html", "site/home.html"):
            render_page(
                template,
                recorder,
                templates_dir=TEMPLATES,
                clinic=where,
                draft=True,
                layout="web",
                logo_src=None,
                site=EVERY_BRANCH,
                entries=[Entry(t, "", "") for t in library.topics.values()],
                english_names={"en": "English", "xx": ""},
            )
        asked |= recorder.asked
    assert asked == extracted


def test_committed_pot_is_current(tmp_path):
    with (LOCALES / "messages.pot").open("rb") as handle:
        committed = read_po(handle)
    fresh = _extract(tmp_path)
    assert _ids(committed) == _ids(fresh), "run the pybabel extract command from the README"


def test_only_prose_is_extracted(tmp_path, library, clinic):
    ids = _ids(_extract(tmp_path))
    topics = library.topics.values()
    slugs = {*library.topics, *library.routes, *(r.stage for t in topics for r in t.research)}
    dates = {day.isoformat() for t in topics for day in (t.reviewed, t.next_review)}
    assert not any(i.startswith("https://") or i in slugs | dates for i in ids)
    assert not any(clinic.name in i for i in ids)  # the clinic profile is not prose
    # Citations and the FDA's notice titles are printed as published.
    published = {to_msgid(r.citation) for t in topics for r in t.references}
    published |= {to_msgid(n.title) for n in library.regulatory.notices}
    assert not ids & published


def test_extractor_reports_lines_and_fields(tmp_path):
    file = write(
        tmp_path / "routes" / "iv.yaml",
        """
        name: Into a vein
        what_happens: >
          A nurse puts
          a tube in your arm.
        what_to_expect: 50% feel a pinch.
        ask: Who made it?
    """,
    )
    assert prose_messages(file) == [
        (1, "name", "Into a vein"),
        (3, "what_happens", "A nurse puts a tube in your arm."),
        (5, "what_to_expect", "50%% feel a pinch."),
        (6, "ask", "Who made it?"),
    ]


def test_msgid_helper_round_trips_percent_signs():
    assert to_msgid("  50%\n of   people ") == "50%% of people"
    assert from_msgstr(to_msgid("50% of people")) == "50% of people"
