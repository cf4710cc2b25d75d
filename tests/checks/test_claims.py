"""Health claims: forbidden phrasings in English and in catalogs fail, named by file and line."""

from __future__ import annotations

import shutil

import pytest
from babel.messages.pofile import write_po

from brochures.checks.claim_rules import load_rules
from brochures.checks.claims import analyse, check_catalog, check_clinic, check_english, find_claims
from brochures.errors import ContentError
from brochures.i18n.catalogs import catalog_path
from brochures.i18n.languages import available_languages
from conftest import CLINIC, CONTENT, LOCALES, TEMPLATES, write


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
    assert {(f.file, f.line, f.phrase) for f in findings} == {
        (content / "routes" / "iv.yaml", 3, "guaranteed"),
        (content / "routes" / "iv.yaml", 3, "treatment works"),
    }
    assert "content/routes/iv.yaml:3: forbidden claim 'guaranteed'" in "\n".join(map(str, findings))


# A small rule file of its own, so that these tests do not depend on a real language's rules.
TOY_RULES = """
unit: word
clause_breaks: '[,;:]|\\bpero\\b'
cues:
  - cue: '\\b(no|nunca|ningún)\\b'
    context: negated
    scope: 4
  - cue: '\\bsin\\b'
    context: negated
    scope: 2
    stops_at: '\\b(y|o)\\b'
  - cue: '\\bsi\\b'
    context: hedged
    scope: clause
claims:
  - class: cure
    phrase: '\\bcura\\b'
    allowed_when: [negated]
    why: promete una cura
  - class: approval
    phrase: '\\b(?P<claim>aprobad[oa]s?)\\b'
    allowed_when: [negated, hedged]
    why: afirma una aprobación
  - class: marketing
    phrase: '\\bmilagros[oa]\\b'
    why: lenguaje publicitario
"""


def toy_catalog(tmp_path, translations: dict[str, str]):
    """A Spanish catalog of `translations` (msgid -> msgstr) beside the toy rules."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="es")
    for msgid, msgstr in translations.items():
        catalog.add(msgid, msgstr)
    target = catalog_path(tmp_path, "es")
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_po(handle, catalog)
    write(tmp_path / "es" / "forbidden-claims.yaml", TOY_RULES)
    shutil.copytree(LOCALES / "en", tmp_path / "en")
    return target


def test_a_negation_governs_only_the_claim_in_its_clause(tmp_path):
    write(tmp_path / "es" / "forbidden-claims.yaml", TOY_RULES)
    rules = load_rules(tmp_path, "es")
    assert find_claims("La FDA no ha aprobado este producto.", rules) == []
    assert find_claims("Sin cirugía y aprobado por la FDA.", rules)  # "sin" stops at "y"
    assert find_claims("No duele, aprobado por la FDA.", rules)  # the comma ends the clause
    assert find_claims("Pregunte si está aprobado.", rules) == []  # hedged by "si"
    assert find_claims("No es milagroso.", rules)  # marketing is refused whatever surrounds it
    [match] = analyse("No hay cura.", rules)
    assert match.contexts == {"negated"} and match.allowed


def test_a_claim_in_a_catalog_is_named_by_file_line_and_msgid(tmp_path):
    target = toy_catalog(tmp_path, {"In short": "En resumen: ¡una cura milagrosa!"})
    findings = check_catalog(tmp_path, "es")
    assert {f.phrase for f in findings} == {"cura", "milagrosa"}
    line = next(
        n for n, text in enumerate(target.read_text().splitlines(), 1) if text == 'msgid "In short"'
    )
    assert {(f.file, f.line, f.msgid) for f in findings} == {(target, line, "In short")}
    assert "msgid: In short" in str(findings[0])


def test_a_translation_may_not_speak_of_a_claim_its_english_does_not(tmp_path):
    toy_catalog(
        tmp_path,
        {
            "Has the FDA reviewed this treatment?": "¿Está aprobado por la FDA?",
            "The FDA has not approved it.": "La FDA no lo ha aprobado.",
        },
    )
    [finding] = check_catalog(tmp_path, "es")
    assert finding.msgid == "Has the FDA reviewed this treatment?"
    assert "the English says nothing of approval" in finding.why


def test_the_clinic_profile_is_checked_in_every_language_built(tmp_path):
    clinic = write(
        tmp_path / "clinic.yaml",
        """
        name: The Miracle Cure Clinic
        address: [1 Main Street, Centro de cura total]
        phone: 555-0100
        website: https://clinic.example
        country: US
    """,
    )
    write(tmp_path / "es" / "forbidden-claims.yaml", TOY_RULES)
    shutil.copytree(LOCALES / "en", tmp_path / "en")
    findings = check_clinic(clinic, tmp_path, ["es"])
    assert {(f.line, f.phrase) for f in findings} == {(1, "Miracle"), (1, "Cure"), (2, "cura")}
    assert "clinic profile's address[1]" in str([f for f in findings if f.line == 2][0])


def test_the_example_clinic_is_clean():
    assert check_clinic(CLINIC, LOCALES, available_languages(LOCALES)) == []


def test_a_language_without_rules_is_an_error(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_rules(tmp_path, "fr")
    assert "forbidden claims" in str(caught.value) and "copy" in caught.value.hint


def test_negation_only_excuses_its_own_sentence_in_every_script(tmp_path):
    write(tmp_path / "es" / "forbidden-claims.yaml", TOY_RULES)
    rules = load_rules(tmp_path, "es")
    for end in (".", "।", "。", "۔"):
        text = f"No está aprobado{end} Está aprobado{end}"
        assert [match.phrase for match in find_claims(text, rules)] == ["aprobado"], end
    # A question asks; it does not assert, in any script.
    assert find_claims("¿Está aprobado? Está aprobado؟", rules) == []


def test_a_dot_inside_an_address_does_not_end_the_sentence(tmp_path):
    write(tmp_path / "es" / "forbidden-claims.yaml", TOY_RULES)
    rules = load_rules(tmp_path, "es")
    assert find_claims("No está en ClinicalTrials.gov aprobado.", rules) == []


def test_every_broken_rule_in_a_claims_file_is_named_with_its_line(tmp_path):
    write(
        tmp_path / "fr" / "forbidden-claims.yaml",
        """
        clause_breaks: '[,;]'
        cues:
          - cue: "(ne|n')"
            context: negated
            scope: 99
        claims:
          - class: cure
            phrase: "gu(é|e)rit"
            why: promet une guérison
          - class: marketing
            phrase: "miracle("
            why: un miracle
          - class: promise
            phrase: "[garanti"
    """,
    )
    with pytest.raises(ContentError) as caught:
        load_rules(tmp_path, "fr")
    assert sorted((p.line, p.field) for p in caught.value.problems) == [
        (5, "cues[0].scope"),
        (10, "claims[1].phrase"),
        (13, "claims[2].class"),
        (13, "claims[2].phrase"),
        (13, "claims[2].why"),
    ]
    assert "not a valid regular expression" in str(caught.value)


def test_text_printed_as_it_is_is_checked_too(tmp_path, monkeypatch):
    """Notice titles are printed in English, untranslated: a claim there fails as well."""
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    regulatory = content / "regulatory.yaml"
    text = regulatory.read_text(encoding="utf-8")
    regulatory.write_text(
        text.replace(
            "title: Public Safety Notification on Exosome Products",
            "title: Exosome Products Are Safe and Effective",
        ),
        encoding="utf-8",
    )
    findings = check_english(content, TEMPLATES, LOCALES)
    found = [(f.file.name, f.phrase) for f in findings]
    assert found == [("regulatory.yaml", "Safe and Effective")]
