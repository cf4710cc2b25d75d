"""Emergency numbers: the table is checked, and a clinic's own number wins over its country's."""

from __future__ import annotations

import pytest

from brochures.content.clinic import load_clinic
from brochures.content.emergency import load_emergency_numbers
from brochures.errors import ContentError
from conftest import CONTENT, write

PROFILE = """
    name: Test Clinic
    address: [1 Test Road]
    phone: "+44 20 7946 0000"
    website: https://clinic.example
    country: {country}
"""
TABLE = {"GB": "999", "DE": "112"}


def _clinic(tmp_path, country="GB", extra=""):
    return load_clinic(write(tmp_path / "c.yaml", PROFILE.format(country=country) + extra), TABLE)


def test_a_clinic_gets_its_countrys_number(tmp_path):
    assert _clinic(tmp_path).emergency_number == "999"


def test_the_profile_overrides_the_table(tmp_path):
    clinic = _clinic(tmp_path, extra='    emergency_number: "1122"\n')
    assert clinic.emergency_number == "1122"


def test_a_country_not_in_the_table_gets_no_invented_number(tmp_path):
    assert _clinic(tmp_path, country="HT").emergency_number is None
    no_table = load_clinic(write(tmp_path / "d.yaml", PROFILE.format(country="GB")))
    assert no_table.emergency_number is None


def test_a_profile_number_must_be_digits(tmp_path):
    with pytest.raises(ContentError) as caught:
        _clinic(tmp_path, extra="    emergency_number: call 911\n")
    error = caught.value
    assert error.field == "emergency_number" and "not an emergency number" in str(error)


def test_the_table_names_every_bad_row(tmp_path):
    file = write(
        tmp_path / "emergency-numbers.yaml",
        """
        numbers:
          US: "911"
          XX: "112"
          usa: "911"
          GB: 999
          AU: "0 0 0"
          US: "912"
        """,
    )
    with pytest.raises(ContentError) as caught:
        load_emergency_numbers(file)
    problems = [(p.line, p.field) for p in caught.value.problems]
    assert problems == [
        (3, "numbers.XX"),
        (4, "numbers.usa"),
        (5, "numbers.GB"),
        (6, "numbers.AU"),
        (7, "numbers.US"),
    ]
    text = str(caught.value)
    assert "'XX' is not a country code" in text
    assert "'usa' is not a valid key" in text and "two-letter ISO 3166" in text
    assert "put the text in quotes" in text  # 999 unquoted is a number, not text
    assert "'0 0 0' is not an emergency number" in text
    assert "appears twice" in text


def test_the_shipped_table_loads_with_its_leading_zeros():
    numbers = load_emergency_numbers(CONTENT / "emergency-numbers.yaml")
    assert numbers and all(number.isdigit() for number in numbers.values())
    assert numbers.get("AU", "000") == "000"  # quoted: YAML would read 000 as 0
