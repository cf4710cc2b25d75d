"""The safety block: what it says about treatments and about tests, and where it goes."""

from __future__ import annotations

import re
from dataclasses import replace

from brochures.content.library import load_library
from brochures.html.render import render_html
from brochures.html.text_model import text_model
from conftest import MINIMAL_TOPIC, TEMPLATES, write


def _text(html: str) -> str:
    """What a patient reads, as one string."""
    return " ".join(passage.text for passage in text_model(html, "en").passages)


def _render(content_tree, clinic, english, *, about="treatments", layout="leaflet"):
    if about != "treatments":
        topic = MINIMAL_TOPIC.replace("    title:", f"    about: {about}\n    title:")
        write(content_tree / "topics" / "test-topic.yaml", topic)
    library = load_library(content_tree)
    return render_html(
        library.topics["test-topic"],
        library.regulatory,
        clinic,
        english,
        templates_dir=TEMPLATES,
        layout=layout,
    )


def test_a_treatment_block_says_what_the_fda_said(content_tree, clinic, english):
    text = _text(_render(content_tree, clinic, english))
    for sentence in (
        "The FDA has received reports of blindness, tumors, infections and other harms in "
        "people given unapproved products, such as stem cell and exosome products.",
        "Being “registered with the FDA” or listed on ClinicalTrials.gov does not mean a "
        "treatment is approved.",
        "The FDA does not oversee treatments given in other countries.",
        "What is its FDA Investigational New Drug (IND) number?",
        "Why am I being asked to pay? Being charged for an unapproved product is a warning sign.",
        "Being offered exosomes outside a clinical trial is a warning sign too.",
    ):
        assert sentence in text
    # The address for offers comes from the registry (the test tree's), not the template.
    assert "Tell the FDA at offers@fda.example." in text


def test_the_notices_are_never_presented_as_all_of_them(content_tree, clinic, english):
    text = _text(_render(content_tree, clinic, english))
    assert "Some of the FDA's warnings about exosome products (more at www.fda.gov)" in text
    assert "has published" not in text


def test_a_problem_starts_with_urgent_care(content_tree, clinic, english):
    text = _text(_render(content_tree, replace(clinic, emergency_number="112"), english))
    doctor = text.index("Call your doctor right away.")
    emergency = text.index("In an emergency, call 112.")
    medwatch = text.index("Then report the problem to FDA MedWatch at www.fda.gov/safety/medwatch")
    assert doctor < emergency < medwatch


def test_no_number_is_invented_for_a_clinic_without_one(content_tree, clinic, english):
    text = _text(_render(content_tree, replace(clinic, emergency_number=None), english))
    assert "In an emergency, call your local emergency number." in text
    assert not re.search(r"In an emergency, call \d", text)


def test_a_tests_block_asks_about_the_test_and_never_for_an_ind(content_tree, clinic, english):
    text = _text(_render(content_tree, clinic, english, about="tests"))
    assert "Exosome tests are medical tests, not treatments." in text
    assert "Many are lab-developed tests: one lab makes the test" in text
    for question in (
        "Has the FDA reviewed this test, or did a lab make it without FDA review?",
        "How often does this test give a wrong result?",
        "What would the result change in my care?",
        "What will it cost, and will my insurance pay?",
    ):
        assert question in text
    assert "IND" not in text and "Investigational New Drug" not in text
    assert "blindness" not in text and "ask the clinic" not in text


def _panel(html: str, name: str) -> str:
    """The markup of one tri-fold panel."""
    start = html.index(f'data-panel="{name}"')
    end = html.find("data-panel=", start + 1)
    return html[start : end if end != -1 else len(html)]


def test_the_trifold_gives_the_facts_a_panel_and_what_to_do_its_place_inside(
    content_tree, clinic, english
):
    html = _render(content_tree, clinic, english, layout="trifold")
    flap = _panel(html, "inside flap (outside, left)")
    back = _panel(html, "back panel (outside, middle)")
    inside = _panel(html, "inside (three panels)")
    # The flap, seen when the cover is opened: the safety facts and nothing else.
    assert "Important safety facts" in flap and "Before any treatment" not in flap
    # The back, read last: who to call, the code, the sources and the colophon.
    assert back.index('class="contact"') < back.index('class="qr-block"')
    assert back.index('class="qr-block"') < back.index('class="sources"')
    assert "reviewed on" in back and "Important safety facts" not in back
    # What to do closes the inside spread, after the research, questions and routes.
    assert "Before any treatment, ask the clinic:" in inside and "If you have a problem" in inside
    assert inside.index('class="research"') < inside.index('class="questions"')
    assert inside.index('class="routes"') < inside.index("Before any treatment")
    # Both halves are the fixed block, styled as such.
    assert flap.count('class="regulatory') == inside.count('class="regulatory') == 1


def test_every_card_flows_through_the_inside_in_order(content_tree, clinic, english):
    cards = "".join(
        f"      - area: Area {n}\n        conditions: [Condition {n}]\n"
        "        studying: If it helps.\n        stage: animal\n"
        for n in range(9)
    )
    topic = MINIMAL_TOPIC.split("    research:\n")[0] + "    research:\n" + cards
    topic += "    routes:" + MINIMAL_TOPIC.split("    routes:")[1]
    write(content_tree / "topics" / "test-topic.yaml", topic)
    html = _render(content_tree, clinic, english, layout="trifold")
    inside = _panel(html, "inside (three panels)")
    assert inside.count('class="card"') == 9
    assert [inside.index(f"Area {n}") for n in range(9)] == sorted(
        inside.index(f"Area {n}") for n in range(9)
    )
    assert inside.index("Area 8") < inside.index('class="routes"')
    assert html.count("How far the research has got") == 1
