"""Health claims: forbidden phrasings in English and in catalogs fail, named by file and line."""

from __future__ import annotations

import shutil

import pytest
from babel.messages.pofile import write_po

from brochures.checks.claims import check_catalog, check_english, find_claims, load_rules
from brochures.errors import ContentError
from brochures.i18n.catalogs import catalog_path, read_catalog
from brochures.i18n.languages import available_languages
from conftest import CONTENT, LOCALES, TEMPLATES, write


@pytest.mark.parametrize(
    "text",
    [
        "This treatment cures arthritis.",
        "Our FDA-approved exosomes.",
        "Clinically proven results.",
        "It is proven to work.",
        "Results are guaranteed.",
        "A miracle for your skin.",
        "There are no side effects.",
        "A risk-free treatment.",
        "A breakthrough therapy.",
    ],
)
def test_english_rules_catch_overstated_claims(text):
    assert find_claims(text, load_rules(LOCALES, "en")), text


@pytest.mark.parametrize(
    "text",
    [
        "The FDA has not approved any exosome product.",
        "No exosome product is FDA-approved.",
        "Researchers are studying if exosomes help wounds heal.",
        "Keep your records secure and ask about the procedure.",  # "cure" inside other words
    ],
)
def test_english_rules_allow_honest_wording(text):
    assert find_claims(text, load_rules(LOCALES, "en")) == []


@pytest.mark.parametrize(
    "text",
    [
        "Este tratamiento cura la artritis.",
        "Exosomas aprobados por la FDA.",
        "Resultados clínicamente probados.",
        "Resultados garantizados.",
        "Un milagro para su piel.",
        "No tiene efectos secundarios: es sin efectos secundarios.",
        "Está comprobado que funciona.",
    ],
)
def test_spanish_rules_catch_overstated_claims(text):
    assert find_claims(text, load_rules(LOCALES, "es")), text


@pytest.mark.parametrize(
    "text",
    [
        "La FDA no ha aprobado ningún producto de exosomas.",
        "No se ha demostrado que ningún tratamiento con exosomas haga más lenta la pérdida de memoria.",  # noqa: E501
        "La procuradora pidió una prueba de sangre.",
    ],
)
def test_spanish_rules_allow_honest_wording(text):
    assert find_claims(text, load_rules(LOCALES, "es")) == []


def test_the_real_source_is_clean():
    assert check_english(CONTENT, TEMPLATES, LOCALES) == []


@pytest.mark.parametrize("lang", [lang for lang in available_languages(LOCALES) if lang != "en"])
def test_the_real_catalogs_are_clean(lang):
    assert check_catalog(LOCALES, lang) == []


def test_the_check_reads_the_same_english_as_pybabel():
    from babel.messages.pofile import read_po

    from brochures.i18n.source_strings import english_source

    with (LOCALES / "messages.pot").open("rb") as handle:
        pot = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(handle) if m.id}
    source = {text for _, _, text in english_source(CONTENT, TEMPLATES)}
    assert {text for text in source if text in pot} == pot


def test_a_claim_in_yaml_is_named_by_file_line_and_phrase(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    write(
        content / "routes" / "iv.yaml",
        """
        name: Into a vein
        what_happens: A nurse puts a tube in your arm.
        what_to_expect: This guaranteed treatment works.
        ask: Who made it?
    """,
    )
    findings = check_english(content, TEMPLATES, LOCALES)
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.file, finding.line, finding.phrase) == (
        content / "routes" / "iv.yaml",
        3,
        "guaranteed",
    )
    assert "content/routes/iv.yaml:3: forbidden claim 'guaranteed'" in str(finding)


def test_a_claim_in_a_catalog_is_named_by_file_and_line(tmp_path):
    catalog = read_catalog(catalog_path(LOCALES, "es"), "es")
    catalog["In short"].string = "En resumen: ¡una cura milagrosa!"
    target = catalog_path(tmp_path, "es")
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_po(handle, catalog)
    shutil.copy(LOCALES / "es" / "forbidden-claims.yaml", tmp_path / "es")
    findings = check_catalog(tmp_path, "es")
    assert {f.phrase for f in findings} == {"cura", "milagrosa"}
    line = next(
        n for n, text in enumerate(target.read_text().splitlines(), 1) if text == 'msgid "In short"'
    )
    assert {f.line for f in findings} == {line}
    assert all(f.file == target for f in findings)


def test_a_language_without_rules_is_an_error(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_rules(tmp_path, "fr")
    assert "forbidden claims" in str(caught.value) and "copy" in caught.value.hint


def test_negation_only_excuses_its_own_sentence_in_every_script():
    import re

    from brochures.checks.claims import Rule

    rule = Rule(re.compile("approved"), re.compile(r"\bnot\b"), "test")
    for end in (".", "؟", "।", "。"):
        text = f"It is not approved{end} It is approved{end}"
        assert [phrase for phrase, _ in find_claims(text, [rule])] == ["approved"], end


def test_every_broken_rule_in_a_claims_file_is_named_with_its_line(tmp_path):
    write(
        tmp_path / "fr" / "forbidden-claims.yaml",
        """
        rules:
          - phrase: "gu(é|e)rit"
            why: promises a cure
          - phrase: "miracle("
            why: a miracle
          - phrase: "[garanti"
    """,
    )
    with pytest.raises(ContentError) as caught:
        load_rules(tmp_path, "fr")
    assert [(p.line, p.field) for p in caught.value.problems] == [
        (4, "rules[1]"),
        (6, "rules[2].why"),
        (6, "rules[2]"),
    ]
    assert "not a valid regular expression" in str(caught.value)
