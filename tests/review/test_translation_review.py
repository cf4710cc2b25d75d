"""The translation review workflow: XLIFF out and back, review packs for a medical
translator, the sign-off recorded in the catalog and printed on the brochure, and a
changed translation marked as needing review again."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil

import pytest

from brochures.builder import cli
from brochures.builder.pipeline import Brochures
from brochures.builder.plan import BuildOptions, Job
from brochures.builder.review_pack import csv_text, review_rows
from brochures.errors import CheckError, TranslationError, UsageError
from brochures.i18n.catalogs import Catalogs, msgid_forms, read_catalog
from brochures.i18n.exchange import export_xliff, import_xliff
from brochures.i18n.review import review_of, sign_off
from conftest import CLINIC, CONTENT, LOCALES

REVIEWER = "Ana Pérez, certified medical translator (ATA)"


@pytest.fixture
def locales(tmp_path):
    """A writable copy of the shipped catalogs."""
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES, copy)
    return copy


@pytest.mark.parametrize("lang", ["es", "ar", "zh-Hans", "ru", "ko"])
def test_an_xliff_round_trip_leaves_the_catalog_byte_for_byte(locales, tmp_path, lang):
    catalogs = Catalogs(locales)
    before = catalogs.path(lang).read_bytes()
    xliff = export_xliff(catalogs, lang, tmp_path / f"{lang}.xlf")
    text = xliff.read_text(encoding="utf-8")
    assert 'source-language="en"' in text and f'target-language="{lang}"' in text
    done = import_xliff(Catalogs(locales), xliff)
    assert done.lang == lang and done.changed == 0
    assert catalogs.path(lang).read_bytes() == before


def test_an_agencys_change_comes_back_as_that_one_change(locales, tmp_path):
    xliff = export_xliff(Catalogs(locales), "es", tmp_path / "es.xlf")
    text = xliff.read_text(encoding="utf-8")
    old = ">Descargar e imprimir</target>"
    assert text.count(old) == 1
    xliff.write_text(text.replace(old, ">Descargar o imprimir</target>"), encoding="utf-8")
    before = (locales / "es" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert import_xliff(Catalogs(locales), xliff).changed == 1
    after = (locales / "es" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert after == before.replace('msgstr "Descargar e imprimir"', 'msgstr "Descargar o imprimir"')


def test_an_xliff_that_breaks_a_placeholder_changes_nothing(locales, tmp_path):
    xliff = export_xliff(Catalogs(locales), "es", tmp_path / "es.xlf")
    text = xliff.read_text(encoding="utf-8")
    assert "Teléfono: %(number)s</target>" in text
    xliff.write_text(text.replace("Teléfono: %(number)s</target>", "Teléfono: %(numero)s</target>"))
    po = locales / "es" / "LC_MESSAGES" / "messages.po"
    before = po.read_bytes()
    with pytest.raises(TranslationError) as caught:
        import_xliff(Catalogs(locales), xliff)
    assert "es.xlf" in str(caught.value) and "%(numero)s" in str(caught.value)
    assert po.read_bytes() == before


def test_an_unreadable_xliff_is_named(locales, tmp_path):
    broken = tmp_path / "broken.xlf"
    broken.write_text("<xliff><file>")
    with pytest.raises(TranslationError, match="broken.xlf"):
        import_xliff(Catalogs(locales), broken)


def _run(locales, **options) -> Brochures:
    """A run on the shipped content and the catalogs in `locales`."""
    return Brochures(
        BuildOptions(content_dir=CONTENT, locales_dir=locales, clinic_file=CLINIC, **options)
    )


def _render_colophon(locales, lang="es"):
    html = _run(locales, format="html").html(Job("neurological", lang))
    start = html.index('class="colophon"')
    return re.sub(r"<[^>]+>", "", html[start : html.index("</p>", start)])


def test_a_sign_off_is_recorded_and_printed_with_the_reviewer_and_date(locales):
    catalogs = Catalogs(locales)
    assert review_of(catalogs.catalog("es")).status == "machine-draft"
    assert "Traducción automática del inglés. Aún no" in _render_colophon(locales)
    sign_off(catalogs, "es", REVIEWER, "professional-review", dt.date(2026, 12, 10))
    header = (locales / "es" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert "# Review-Status: professional-review\n# Reviewed-By: Ana Pérez" in header
    assert "# Reviewed-On: 2026-12-10" in header and "Not yet reviewed" not in header
    review = review_of(read_catalog(locales / "es" / "LC_MESSAGES" / "messages.po", "es"))
    assert (review.status, review.reviewer, review.on, review.current) == (
        "professional-review",
        REVIEWER,
        dt.date(2026, 12, 10),
        True,
    )
    colophon = _render_colophon(locales)
    assert "traductor médico profesional" in colophon and "Ana Pérez" in colophon
    assert "10 de diciembre de 2026" in colophon and "Aún no" not in colophon


def test_a_translation_changed_after_the_sign_off_needs_review_again(locales, capsys):
    sign_off(Catalogs(locales), "es", REVIEWER, "professional-review", dt.date(2026, 12, 10))
    po = locales / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            'msgstr "Descargar e imprimir"', 'msgstr "Descargar o imprimir"'
        ),
        encoding="utf-8",
    )
    assert review_of(read_catalog(po, "es")).needs_review
    assert "ha cambiado desde entonces" in _render_colophon(locales)
    run = _run(locales, langs=("es",), require_review=(("*", "professional-review"),))
    with pytest.raises(CheckError, match="needs review again"):
        run.check_reviews()
    # --list says so too.
    from brochures.builder.status import language_status

    rows = {
        row.lang: row.review
        for row in language_status(
            BuildOptions(content_dir=CONTENT, locales_dir=locales, clinic_file=CLINIC)
        )
    }
    assert rows["es"] == "professional-review (needs review)" and rows["fr"] == "machine-draft"


def test_require_review_refuses_a_machine_draft(locales):
    run = _run(locales, langs=("fr",), require_review=(("fr", "community-review"),))
    with pytest.raises(CheckError, match="fr: machine-draft, needs community-review"):
        run.check_reviews()


def test_a_signed_status_without_a_reviewer_is_refused(locales):
    po = locales / "de" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            "# Review-Status: machine-draft", "# Review-Status: professional-review"
        ),
        encoding="utf-8",
    )
    with pytest.raises(TranslationError, match="not who reviewed it"):
        review_of(read_catalog(po, "de"), po)
    with pytest.raises(UsageError):
        sign_off(Catalogs(locales), "de", "\n", "professional-review")


def test_the_review_pack_lists_every_string_in_reading_order(locales, tmp_path):
    run = _run(locales, langs=("es",))
    rows = review_rows(run, "es")
    catalog = run.catalogs.catalog("es")
    msgids = {msgid_forms(m)[0] for m in catalog if m.id}
    assert sorted(row.english for row in rows) == sorted(msgids)  # every msgid, once
    assert [row.number for row in rows] == list(range(1, len(rows) + 1))
    groups = list(dict.fromkeys(row.group for row in rows))
    assert groups[0] == "Shared by several brochures" and groups[-1].startswith("Other strings")
    # The safety block is shared; a brochure's own title comes in its group, in order.
    by_id = {row.english: row for row in rows}
    fda = "Has the FDA reviewed this treatment?"
    assert by_id[fda].group == groups[0] and by_id[fda].section == "Important safety facts"
    title = run.library.topics["neurological"].title
    own = [row for row in rows if row.group == title]
    assert own[0].english == title and own[0].section == "Title"
    signed = "Translated from English and checked by a professional medical translator: "
    assert by_id[signed + "%(reviewer)s, on %(date)s."].group == groups[-1]  # only once signed
    assert any("exosoma" in row.glossary for row in rows)
    # The CSV: the same rows, a column for the corrections, readable as UTF-8.
    table = list(csv.reader(csv_text(rows).lstrip("\ufeff").splitlines()))
    assert table[0][3:5] == ["English", "translation"] and table[0][8] == "reviewer's correction"
    assert len(table) == len(rows) + 1 and table[1][4] == rows[0].translation


@pytest.mark.slow
def test_the_review_pack_pdf_has_a_cover_every_string_and_a_sign_off_page(tmp_path, capsys):
    import pypdfium2

    assert cli.main(["--review-pack", "--lang", "zh-Hans", "--out", str(tmp_path)]) == 0
    pdf = tmp_path / "review" / "zh-Hans" / "review-pack-zh-Hans.pdf"
    assert (tmp_path / "review" / "zh-Hans" / "review-pack-zh-Hans.csv").is_file()
    document = pypdfium2.PdfDocument(pdf.read_bytes())
    texts = [page.get_textpage().get_text_range() for page in document]
    assert "Translation review pack" in texts[0] and "Safety wording" in texts[0]
    assert "Sign-off" in texts[-1] and "--sign-off zh-Hans" in texts[-1]
    body = "".join(texts[1:-1])
    assert "Has the FDA reviewed this treatment?" in body and "FDA审查过这种治疗吗" in body.replace(
        "\r\n", ""
    )
