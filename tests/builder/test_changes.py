"""Trees that change: English-first topics, languages in progress, variants that never collide.

Each test works on its own copy of the project's content and catalogs (whatever topics and
languages they hold today) with a topic or a language added, and builds HTML: the choice
of documents, their names and their "also available in" lines do not need PDFs.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from brochures.builder import cli
from brochures.builder.check import check
from brochures.builder.pipeline import Brochures, build_with_result
from brochures.builder.plan import BuildOptions, Job, outputs
from brochures.content.clinic import load_clinic
from brochures.errors import CheckError, TranslationError
from brochures.i18n.catalogs import catalog_path, catalog_stats, read_catalog
from brochures.i18n.languages import SOURCE_LANGUAGE, available_languages, native_name
from brochures.i18n.new_language import add_language
from brochures.i18n.update import update_catalogs
from conftest import CONTENT, LOCALES, TEMPLATES, write

# A topic no catalog has yet; its English passes the plain-language checks.
NEW_TOPIC = """
    title: Exosomes and knee pain
    summary:
      - Researchers are studying if exosomes can help worn knees.
      - So far, this research is mostly in labs and in animals.
      - The FDA has not approved any exosome product for knee pain.
    sections:
      - heading: How could exosomes help your knees?
        paragraphs:
          - Your knees have a smooth layer called cartilage. It can wear down as you get older.
          - Researchers want to know if exosomes can help this layer repair itself. We do not
            know yet if it works in people.
      - heading: What this means for you
        bullets:
          - Do not stop care that helps you, such as exercise, weight loss or physical therapy.
          - Ask your own doctor before you try any new treatment for your knees.
    research_heading: What researchers are studying
    research:
      - area: Joints
        conditions: [Worn joints (osteoarthritis)]
        studying: If exosomes can help cartilage worn down by osteoarthritis repair itself.
        stage: animal
    routes: [intra-articular]
    questions:
      - What care with good evidence could help my knees?
      - What results have been seen in people, not just in animals?
      - What could go wrong, and how often does it happen?
    reviewed: 2026-11-20
    next_review: 2027-11-20
    references:
      - citation: "FDA. Public Safety Notification on Exosome Products. 6 December 2019."
        kind: regulator
"""
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def project(tmp_path):
    """A copy of the project's content and catalogs, to change."""
    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(LOCALES, tmp_path / "locales")
    return tmp_path


def options(root: Path, **changes) -> BuildOptions:
    settings = {
        "content_dir": root / "content",
        "locales_dir": root / "locales",
        "clinic_file": root / "content" / "clinic.yaml",
        "out_dir": root / "dist",
        "format": "html",
        "today": TODAY,
    }
    return BuildOptions(**(settings | changes))


def translated_topic(root: Path) -> tuple[str, list[str]]:
    """The topic the most translations print today, and those languages (not English)."""
    run = Brochures(options(root))
    printed = {
        topic: [lang for lang in run.built_in(topic, "leaflet") if lang != SOURCE_LANGUAGE]
        for topic in sorted(run.library.topics)
    }
    topic = max(printed, key=lambda t: len(printed[t]))
    assert printed[topic], "the project has no translated topic to test with"
    return topic, printed[topic]


def complete_languages(root: Path) -> list[str]:
    """The translations that print the most-translated topic."""
    return translated_topic(root)[1]


def new_tag(root: Path) -> str:
    """A language the project does not have yet."""
    known = set(available_languages(root / "locales"))
    return next(tag for tag in ("pl", "nl", "sv", "fi", "cs", "da") if tag not in known)


def add_topic(root: Path) -> str:
    write(root / "content" / "topics" / "knees.yaml", NEW_TOPIC)
    return "knees"


def translate(po_file: Path, tag: str, every: int) -> None:
    """Fill in every `every`-th empty entry as "[tag] English", all its plural forms."""
    catalog = read_po(io.BytesIO(po_file.read_bytes()), locale=tag)
    for index, message in enumerate(m for m in catalog if m.id):
        if index % every:
            continue
        if isinstance(message.id, (list, tuple)):
            forms = [f"[{tag}] {form}" for form in message.id]
            message.string = tuple(forms[min(i, 1)] for i in range(catalog.num_plurals))
        else:
            message.string = f"[{tag}] {message.id}"
    with po_file.open("wb") as handle:
        write_po(handle, catalog)


def add_half_done_language(root: Path) -> tuple[str, Path]:
    """A language made as the README says, with every other string translated."""
    tag = new_tag(root)
    add_language(root / "locales", tag)
    po_file = catalog_path(root / "locales", tag)
    translate(po_file, tag, every=2)
    return tag, po_file


def among(lang: str) -> str:
    """A pattern for a summary line's languages: `lang`, alone or in a group."""
    return rf"(?:[\w-]+, )*{lang}(?:, [\w-]+)*"


def also_available(html: str) -> list[str]:
    """The language tags an "also available in" line names."""
    line = re.search(r'<p class="also-available">(.*?)</p>', html, re.S)
    return re.findall(r'<span[^>]* lang="([^"]+)"', line.group(1)) if line else []


# English-first topics ------------------------------------------------------------------


def test_a_new_topic_builds_in_english_with_no_other_step(project):
    topic = add_topic(project)
    result = build_with_result(options(project, langs=("en",), topics=(topic,)), report=str)
    html = (project / "dist" / "en" / f"{topic}.html").read_text(encoding="utf-8")
    assert result.written == [project / "dist" / "en" / f"{topic}.html"]
    assert "Exosomes and knee pain" in html
    assert also_available(html) == []  # no translation of it exists yet


def test_other_languages_build_what_they_can_and_name_the_rest(project, logged):
    other, translated = translated_topic(project)
    translated = translated[:2]
    topic = add_topic(project)
    run = options(project, langs=("en", *translated), topics=(topic, other))
    written = build_with_result(run, report=str).written
    assert {p.relative_to(project / "dist").as_posix() for p in written} == {
        f"{lang}/{t}.html" for lang in ("en", *translated) for t in (other,)
    } | {f"en/{topic}.html"}
    (summary,) = [m for m in logged.take() if "not built" in m]
    for lang in translated:
        assert re.search(
            rf"^  {among(lang)}: {topic} \(\d+ string\(s\): \d+ not in the catalog",
            summary,
            re.M,
        )
    assert "--update-catalogs" in summary and "--draft" in summary


def test_once_extracted_the_new_strings_count_as_untranslated(project, logged):
    other, (lang, *_) = translated_topic(project)
    topic = add_topic(project)
    update_catalogs(project / "content", TEMPLATES, project / "locales")
    build_with_result(options(project, langs=(lang,), topics=(topic, other)), report=str)
    (summary,) = [m for m in logged.take() if "not built" in m]
    assert re.search(
        rf"^  {among(lang)}: {topic} \(\d+ string\(s\): \d+ untranslated; catalog",
        summary,
        re.M,
    )


def test_a_release_refuses_a_topic_that_is_not_translated_and_writes_nothing(project):
    lang = complete_languages(project)[0]
    topic = add_topic(project)
    with pytest.raises(CheckError, match=rf"(?s)a release builds every brochure.*{lang}: {topic}"):
        build_with_result(
            options(project, langs=("en", lang), topics=(topic,), release=True), report=str
        )
    assert not (project / "dist").exists()


def test_asking_only_for_what_cannot_be_built_lists_the_missing_strings(project):
    lang = complete_languages(project)[0]
    topic = add_topic(project)
    with pytest.raises(TranslationError) as caught:
        build_with_result(options(project, langs=(lang,), topics=(topic,)), report=str)
    assert "Exosomes and knee pain" in str(caught.value) and "--draft" in caught.value.hint


def test_a_draft_builds_it_with_english_under_a_name_of_its_own(project):
    lang = complete_languages(project)[0]
    topic = add_topic(project)
    build_with_result(options(project, langs=(lang,), topics=(topic,), draft=True), report=str)
    html = (project / "dist" / lang / f"{topic}-draft.html").read_text(encoding="utf-8")
    assert "How could exosomes help your knees?" in html  # the English it falls back to
    assert not (project / "dist" / lang / f"{topic}.html").exists()


# Languages in progress -----------------------------------------------------------------


def test_a_language_in_progress_is_skipped_and_does_not_fail_the_build(project, logged):
    tag, _ = add_half_done_language(project)
    topic, _ = translated_topic(project)
    result = build_with_result(options(project, topics=(topic,)), report=str)
    built = {p.parent.name for p in result.written}
    assert tag not in built and "en" in built
    (summary,) = [m for m in logged.take() if "not built" in m]
    assert re.search(rf"^  {among(tag)}: .*untranslated; catalog \d+% translated\)", summary, re.M)


def test_no_brochure_promises_a_language_in_progress(project):
    tag, _ = add_half_done_language(project)
    topic, langs = translated_topic(project)
    build_with_result(options(project, langs=("en",), topics=(topic,)), report=str)
    html = (project / "dist" / "en" / f"{topic}.html").read_text(encoding="utf-8")
    assert tag not in also_available(html)
    assert set(also_available(html)) == set(langs)  # every complete one, and only those


def test_a_completed_catalog_rebuilds_the_brochures_that_list_it(project):
    """The manifest keys the "also available in" line: a language that becomes complete
    appears on the others' brochures at the next build, not only after --force."""
    tag, po_file = add_half_done_language(project)
    topic, _ = translated_topic(project)
    run = options(project, langs=("en",), topics=(topic,))
    build_with_result(run, report=str)
    translate(po_file, tag, every=1)
    assert catalog_stats(read_catalog(po_file, tag)).percent == 100.0
    assert build_with_result(run, report=str).written  # rebuilt, not "up to date"
    html = (project / "dist" / "en" / f"{topic}.html").read_text(encoding="utf-8")
    assert tag in also_available(html)


def test_list_shows_a_language_in_progress_with_its_share(project, capsys, monkeypatch):
    tag, _ = add_half_done_language(project)
    monkeypatch.chdir(project)  # --list reads content/ and locales/ where it runs
    assert cli.main(["--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    row = next(line for line in out if line.startswith(f"  {tag} "))
    topics = len(list((project / "content" / "topics").glob("*.yaml")))
    share = r"\b(4[5-9]|5[0-5])\.\d%"
    assert re.search(rf"{native_name(tag)}.*{share}\s+0 of {topics}  unreviewed$", row)


def test_check_lets_a_language_in_progress_pass_but_not_when_it_is_named(project, logged):
    tag, po_file = add_half_done_language(project)
    topic, _ = translated_topic(project)
    check(options(project, topics=(topic,)), report=str)
    assert any(
        "not checked" in m and re.search(rf"^  {among(tag)}: ", m, re.M) for m in logged.take()
    )
    folder = po_file.parent.parent.name
    untranslated = rf"{folder}/LC_MESSAGES/messages.po:\d+: .* is untranslated"
    with pytest.raises(CheckError, match=untranslated):
        check(options(project, langs=(tag,), topics=(topic,)), report=str)
    with pytest.raises(CheckError, match=r"catalog problem\(s\):\n.* is untranslated"):
        check(options(project, topics=(topic,), release=True), report=str)  # a release


def test_check_draft_scores_what_is_translated(project):
    tag, _ = add_half_done_language(project)
    topic, _ = translated_topic(project)
    lines: list[str] = []
    check(options(project, langs=(tag,), topics=(topic,), draft=True), report=lines.append)
    (note,) = [line for line in lines if line.startswith(f"{tag}/{topic}:")]
    scored, total = map(int, re.search(r"(\d+) of (\d+) passages translated", note).groups())
    assert 0 < scored < total  # half the strings: some passages, not all
    assert re.search(rf"^{tag}\s+{topic}\s", "\n".join(lines), re.M)  # its row in the table


# Variants ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, name",
    [
        ({}, "dist/es/neurological.html"),
        ({"paper": "letter"}, "dist/es/neurological.html"),  # the clinic's own paper (US)
        ({"paper": "a4"}, "dist/es/neurological-a4.html"),
        ({"print_ready": True}, "dist/es/neurological-print.html"),
        ({"draft": True}, "dist/es/neurological-draft.html"),
        (
            {"paper": "a4", "print_ready": True, "draft": True},
            "dist/es/neurological-a4-print-draft.html",
        ),
    ],
)
def test_every_variant_has_a_path_of_its_own(project, changes, name):
    chosen = options(project, **changes)
    clinic = load_clinic(chosen.clinic_file)
    assert clinic.country == "US"
    path = outputs(chosen, clinic).path(Job("neurological", "es"))
    assert path.relative_to(project).as_posix() == name


def test_a_layout_and_another_clinic_change_the_path_and_the_default_stays(project):
    other = project / "clinics" / "northside.yaml"
    write(other, (project / "content" / "clinic.yaml").read_text(encoding="utf-8"))
    shutil.copy(project / "content" / "example-clinic-logo.svg", other.parent)
    shared = project / "health-system" / "eastgate" / "clinic.yaml"
    write(shared, other.read_text(encoding="utf-8"))
    shutil.copy(project / "content" / "example-clinic-logo.svg", shared.parent)
    job = Job("neurological", "es", "trifold")

    def path(file: Path) -> str:
        chosen = options(project, clinic_file=file)
        return outputs(chosen, load_clinic(file)).path(job).relative_to(project).as_posix()

    assert path(project / "content" / "clinic.yaml") == "dist/es/neurological-trifold.html"
    assert path(other) == "dist/northside/es/neurological-trifold.html"
    assert path(shared) == "dist/eastgate/es/neurological-trifold.html"


def test_several_clinics_get_their_own_sets_in_one_run(project, monkeypatch, capsys):
    clinics = project / "clinics"
    for name in ("northside", "southside"):
        text = (project / "content" / "clinic.yaml").read_text(encoding="utf-8")
        write(
            clinics / f"{name}.yaml",
            re.sub(r"(?m)^name: .*$", f"name: {name.title()} Clinic", text),
        )
    shutil.copy(project / "content" / "example-clinic-logo.svg", clinics)
    topic, _ = translated_topic(project)
    monkeypatch.chdir(project)
    argv = ["--lang", "en", "--topic", topic, "--format", "html", "--quiet"]
    assert cli.main(argv + ["--clinic", "clinics,content/clinic.yaml"]) == 0
    for folder, name in (("northside", "Northside Clinic"), ("southside", "Southside Clinic")):
        html = (project / "dist" / folder / "en" / f"{topic}.html").read_text(encoding="utf-8")
        assert name in html
    assert "Northside" not in (project / "dist" / "en" / f"{topic}.html").read_text(
        encoding="utf-8"
    )


def test_two_profiles_that_would_share_a_folder_are_refused(project, monkeypatch, capsys):
    for folder in ("a", "b"):
        write(project / folder / "clinic.yaml", "name: x\n")
    write(project / "a" / "same.yaml", "name: x\n")
    write(project / "b" / "same.yaml", "name: x\n")
    monkeypatch.chdir(project)
    assert cli.main(["--clinic", "a/same.yaml,b/same.yaml", "--format", "html"]) == 2
    err = capsys.readouterr().err
    assert "would write to the same folder (same)" in err and not (project / "dist").exists()


def test_an_empty_folder_of_profiles_says_what_to_do(project, monkeypatch, capsys):
    (project / "clinics").mkdir()
    monkeypatch.chdir(project)
    assert cli.main(["--clinic", "clinics"]) == 2
    assert "no clinic profiles (*.yaml) in the folder clinics" in capsys.readouterr().err


def test_a_build_where_nothing_changed_does_not_work_out_availability_again(
    project, monkeypatch, logged
):
    import brochures.builder.pipeline

    topic, _ = translated_topic(project)
    run = options(project, topics=(topic,))
    assert build_with_result(run, report=str).written

    def no_render(*args, **kwargs):
        raise AssertionError("availability was worked out again")

    monkeypatch.setattr(brochures.builder.pipeline, "missing_strings", no_render)
    result = build_with_result(run, report=str)
    assert not result.written and result.skipped
    logged.take()  # languages that cannot print it yet, if any: said by both builds


@pytest.mark.parametrize("cache", ["{not json", '{"digest": 1, "documents": []}', "[]"])
def test_a_damaged_availability_cache_is_ignored(project, cache, logged):
    topic, _ = translated_topic(project)
    write(project / "dist" / ".brochures-availability.json", cache)
    result = build_with_result(options(project, topics=(topic,)), report=str)
    printable = Brochures(options(project)).built_in(topic, "leaflet")
    assert {p.parent.name for p in result.written} == set(printable)
    logged.take()


def test_list_reads_the_first_profile_of_a_folder(project, monkeypatch, capsys):
    clinics = project / "clinics"
    write(clinics / "northside.yaml", (project / "content" / "clinic.yaml").read_text("utf-8"))
    shutil.copy(project / "content" / "example-clinic-logo.svg", clinics)
    monkeypatch.chdir(project)
    assert cli.main(["--list", "--clinic", "clinics"]) == 0
    assert "Languages:" in capsys.readouterr().out


def test_a_new_topic_in_english_only_leaves_every_languages_site_list(project, logged):
    """A topic no translation has yet gets no page in them, so their lists of brochures
    neither name it nor wait for its title to be translated."""
    topic = add_topic(project)
    run = Brochures(options(project, format="site", langs=("en", "es")))
    pages = run.site_pages()
    assert topic in pages["en"] and topic not in pages["es"] and pages["es"]
    assert run.language_page_ready("es")
    assert logged.take() == []
