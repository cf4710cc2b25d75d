"""Words to know: the list is checked like other content, found in text, and extracted."""

from __future__ import annotations

import pytest

from brochures.content.extract import prose_messages
from brochures.content.words import load_words, words_used
from brochures.errors import ContentError
from conftest import write

WORDS = """
    words:
      - term: IND number
        explanation: The FDA's number for a study of a new drug.
        forms: '(?-i:\\bIND\\b)'
      - term: Lupus
        explanation: An illness where the immune system attacks the body.
        forms: '\\blupus\\b'
      - term: Immune system
        explanation: The parts of your body that fight germs.
        forms: '\\bimmune systems?\\b'
      - term: Osteoarthritis
        explanation: Joint wear and tear.
        forms: '(?<!\\()\\bosteoarthritis\\b'
"""


@pytest.fixture
def words(tmp_path):
    return load_words(write(tmp_path / "words.yaml", WORDS))


def _terms(found):
    return [word.term for word in found]


def test_a_term_is_found_in_its_forms_regardless_of_case(words):
    assert _terms(words_used(["Some LUPUS patients."], words)) == [
        "Lupus",
        "Immune system",  # the explanation of lupus uses it: the box explains it too
    ]


def test_a_part_can_match_case(words):
    assert _terms(words_used(["Ask for the IND number."], words)) == ["IND number"]
    assert _terms(words_used(["We kind of ind it."], words)) == []


def test_a_term_explained_where_it_stands_is_not_listed(words):
    assert _terms(words_used(["Worn joints (osteoarthritis)."], words)) == []
    assert _terms(words_used(["Osteoarthritis is common."], words)) == ["Osteoarthritis"]


def test_the_box_follows_the_order_of_the_list(words):
    found = words_used(["immune system, lupus and the IND"], words)
    assert _terms(found) == ["IND number", "Lupus", "Immune system"]


def _error(tmp_path, text) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_words(write(tmp_path / "words.yaml", text))
    return caught.value


def test_every_problem_in_the_list_is_named(tmp_path):
    error = _error(
        tmp_path,
        """
        words:
          - term: Tumor
            explanation: A lump of cells that grow when they should not, which some people
              call a growth.
            forms: '\\btumou?rs?\\b'
          - term: Biopsy
            explanation: Taking a piece of tissue.
            forms: '\\bbiopsies\\b'
          - term: Lupus
            explanation: An illness.
            forms: '(lupus'
          - term: TUMOR
            explanation: Again.
            forms: 'tumor'
        """,
    )
    assert [p.field for p in error.problems] == [
        "words[0].explanation",
        "words[1].forms",
        "words[2].forms",
        "words[3].term",
    ]
    messages = [p.message for p in error.problems]
    assert "has more than 15 words" in messages[0]
    assert "does not match the term 'Biopsy' itself" in messages[1]
    assert "not a valid regular expression" in messages[2]
    assert "'TUMOR' is listed twice" in messages[3]


def test_terms_and_explanations_are_extracted_with_their_field_paths(tmp_path):
    file = write(tmp_path / "content" / "words.yaml", WORDS)
    messages = prose_messages(file)
    assert (2, "words[0].term", "IND number") in messages
    assert (3, "words[0].explanation", "The FDA's number for a study of a new drug.") in messages
    assert not any("\\b" in msgid for _, _, msgid in messages)  # forms are not prose
    assert len(messages) == 8
