"""Clinic profiles: the example loads, paper follows the country, bad profiles are named."""

from __future__ import annotations

import pytest

from brochures.content.clinic import load_clinic, paper_for_country
from brochures.errors import ContentError
from conftest import write

PROFILE = """
    name: Test Clinic
    address: [1 Test Road]
    phone: "+44 20 7946 0000"
    website: https://clinic.example
    country: GB
"""


def test_default_clinic_is_a_fictional_example(clinic):
    assert "Example" in clinic.name and "sample" in clinic.name
    assert clinic.website.endswith(".example")
    assert clinic.paper.name == "letter"  # country US


@pytest.mark.parametrize(
    "country, paper",
    [
        ("US", "letter"),
        ("CA", "letter"),
        ("MX", "letter"),
        ("PH", "letter"),
        ("CL", "letter"),
        ("GB", "a4"),
        ("DE", "a4"),
        ("ES", "a4"),
        ("IN", "a4"),
        ("JP", "a4"),
    ],
)
def test_paper_follows_the_country(country, paper):
    assert paper_for_country(country).name == paper


def test_profile_paper_overrides_the_country(tmp_path):
    clinic = load_clinic(write(tmp_path / "c.yaml", PROFILE + "    paper: letter\n"))
    assert clinic.paper.name == "letter"
    assert load_clinic(write(tmp_path / "d.yaml", PROFILE)).paper.name == "a4"


def test_bad_country_is_named(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_clinic(write(tmp_path / "c.yaml", PROFILE.replace("GB", "England")))
    assert caught.value.field == "country" and caught.value.line == 5


def test_missing_logo_is_named(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_clinic(write(tmp_path / "c.yaml", PROFILE + "    logo: logo.png\n"))
    assert caught.value.field == "logo" and "no file" in str(caught.value)


def test_unsupported_logo_type_is_named(tmp_path):
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    with pytest.raises(ContentError) as caught:
        load_clinic(write(tmp_path / "c.yaml", PROFILE + "    logo: logo.gif\n"))
    assert "SVG or PNG" in caught.value.hint


def test_logo_outside_the_profile_folder_is_refused(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    with pytest.raises(ContentError) as caught:
        load_clinic(write(tmp_path / "sub" / "c.yaml", PROFILE + "    logo: ../logo.png\n"))
    assert "folder" in str(caught.value)


def test_website_must_be_https(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_clinic(write(tmp_path / "c.yaml", PROFILE.replace("https://", "javascript:")))
    assert caught.value.field == "website"


def test_an_unquoted_colour_is_not_silently_ignored(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_clinic(write(tmp_path / "c.yaml", PROFILE + "    colors:\n      brand: #5b2a86\n"))
    assert caught.value.field == "colors.brand" and "quote the colour" in caught.value.hint


def test_every_problem_in_a_profile_is_reported_with_its_line(tmp_path):
    profile = write(
        tmp_path / "c.yaml",
        PROFILE.replace("GB", "England")
        + '    logo: logo.png\n    colors:\n      brand: "#ffcc00"\n',
    )
    with pytest.raises(ContentError) as caught:
        load_clinic(profile)
    problems = caught.value.problems
    assert [(p.line, p.field) for p in problems] == [
        (5, "country"),
        (6, "logo"),
        (8, "colors.brand"),
    ]
    text = str(caught.value)
    assert f"{profile}:5: country: 'England' is not a two-letter country code" in text
    assert f"{profile}:6: logo: no file at" in text
    assert f"{profile}:8: colors.brand: #ffcc00 has a contrast of 1.51:1" in text
    assert text.count("hint:") == 3


def test_opening_hours_are_optional_text(tmp_path):
    assert load_clinic(write(tmp_path / "c.yaml", PROFILE)).hours is None
    clinic = load_clinic(write(tmp_path / "d.yaml", PROFILE + '    hours: "Mon-Fri 8:00-18:00"\n'))
    assert clinic.hours == "Mon-Fri 8:00-18:00"
