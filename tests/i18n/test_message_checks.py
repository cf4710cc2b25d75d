"""Message checks: Babel's placeholder and plural checkers, and ours for what Babel lets pass."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog, Message

from brochures.i18n.message_checks import translation_problems

PAGE = "Page %(page)s of %(pages)s"
WARNINGS = ("The FDA has published %(count)s warning:", "The FDA has published %(count)s warnings:")


@pytest.fixture
def spanish():
    return Catalog(locale="es")  # three plural forms in CLDR


@pytest.mark.parametrize(
    "english, translation",
    [
        (PAGE, "Página %(page)s de %(pages)s"),
        (PAGE, "%(pages)s páginas, esta es la %(page)s"),  # order is the translator's
        ("%(count)d left", "quedan %(count)i"),  # compatible types, by Babel
        ("50%% of people", "50 %% de las personas"),  # msgids are python-format text
        ("In short", "En resumen"),
        ("Use <strong>only</strong> this", "Use <strong>solo</strong> esto"),
    ],
)
def test_a_faithful_translation_has_no_problems(spanish, english, translation):
    assert translation_problems(Message(english, translation), spanish) == []


@pytest.mark.parametrize(
    "translation, expected",
    [
        ("Página %(page)s", ["placeholders differ from the English: '%(pages)s' is missing"]),
        (
            "Página %(pagina)s de %(pages)s",
            [
                "placeholders differ from the English: '%(page)s' is missing",
                "placeholders differ from the English: '%(pagina)s' is not in the English",
            ],
        ),
        (
            "Página %(page)d de %(pages)s",
            [
                "placeholders differ from the English: incompatible format for placeholder 'page': "
                "'d' and 's' are not compatible"
            ],
        ),
    ],
)
def test_placeholder_problems_say_which_placeholder(spanish, translation, expected):
    assert translation_problems(Message(PAGE, translation), spanish) == expected


def test_a_bare_percent_sign_is_a_stray_placeholder(spanish):
    problems = translation_problems(Message("50%% of people", "50 % de las personas"), spanish)
    assert problems == [
        "placeholders differ from the English: '% d' is not in the English "
        "(write a percent sign as %%)"
    ]


def test_positional_placeholders_are_counted_by_babel(spanish):
    problems = translation_problems(Message("%s of %s", "%s de %s %s"), spanish)
    assert problems == [
        "placeholders differ from the English: positional format placeholders are unbalanced"
    ]


def test_every_plural_form_keeps_the_placeholders(spanish):
    message = Message(WARNINGS, ("%(count)s advertencia:", "advertencias:", "%(count)s adv.:"))
    assert translation_problems(message, spanish) == [
        "placeholders differ from the English: '%(count)s' is missing"
    ]


def test_the_wrong_number_of_plural_forms_is_named(spanish):
    message = Message(WARNINGS, ("%(count)s advertencia:", "%(count)s advertencias:"))
    assert translation_problems(message, spanish) == ["has 2 plural forms; the language needs 3"]


def test_plural_forms_for_a_singular_english_are_named(spanish):
    problems = translation_problems(Message("In short", ("En resumen", "En resúmenes")), spanish)
    assert problems == ["has plural forms, but its English has none"]


def test_an_untranslated_entry_is_not_judged_here(spanish):
    assert translation_problems(Message(PAGE, ""), spanish) == []
    assert translation_problems(Message(WARNINGS, ("", "", "")), spanish) == []


def test_markup_is_compared_tag_by_tag(spanish):
    problems = translation_problems(
        Message("In <strong>short</strong>", "En <strong>resumen"), spanish
    )
    assert problems == [
        "inline markup differs from the English (['<strong>', '</strong>'] vs ['<strong>'])"
    ]
