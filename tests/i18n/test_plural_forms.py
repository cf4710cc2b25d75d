"""A catalog's Plural-Forms header is checked before Babel reads the catalog: its count
sizes a list per plural message, and its expression is run for every plural lookup."""

from __future__ import annotations

import re
import resource
import shutil

import pytest

from brochures.builder.pipeline import build_with_result
from brochures.builder.plan import BuildOptions
from brochures.errors import TranslationError
from brochures.i18n.catalogs import catalog_path, read_catalog
from conftest import LOCALES

HEADER = re.compile(r'"Plural-Forms:[^\n]*"\n(?:"[^\n]*"\n)*?(?="[A-Z])')


def _with_plural_forms(tmp_path, lang: str, value: str):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    po = catalog_path(locales, lang)
    text, count = HEADER.subn(f'"Plural-Forms: {value}\\\\n"\n', po.read_text(encoding="utf-8"))
    assert count == 1
    po.write_text(text, encoding="utf-8")
    return locales, po


@pytest.mark.parametrize(
    "value, expected",
    [
        ("nplurals=1000000000; plural=0;", "nplurals=1000000000: languages have 1 to 6"),
        ("nplurals=0; plural=0;", "nplurals=0"),
        ("nplurals=2; plural=(n != 1;", "not a valid C expression"),
        ("nplurals=2; plural=n%0;", "not a valid C expression"),
        ('nplurals=2; plural=__import__(\\"os\\");', "not a valid C expression"),
        ("nplurals=2; plural=" + "(" * 150 + "n" + ")" * 150 + ";", "has 301 characters"),
        ("nplurals=2; plural=n;", "chooses form 999, but nplurals=2"),
        ("plural=(n != 1);", "needs nplurals=N; plural=EXPRESSION;"),
    ],
)
def test_a_plural_forms_header_that_cannot_be_right_is_named(tmp_path, value, expected):
    _, po = _with_plural_forms(tmp_path, "ru", value)
    with pytest.raises(TranslationError) as caught:
        read_catalog(po, "ru")
    assert expected in str(caught.value)
    assert caught.value.field == "Plural-Forms" and caught.value.line is not None


@pytest.mark.parametrize("lang", ["ar", "ru", "fr", "zh-Hans"])
def test_the_shipped_headers_pass(lang):
    # Arabic's, the longest, is wrapped over two lines by Babel.
    read_catalog(catalog_path(LOCALES, lang), lang)


def test_a_build_with_a_huge_plural_count_stops_at_once(tmp_path):
    """It used to take all the memory there was (15 GB and more) inside Babel."""
    locales, _ = _with_plural_forms(tmp_path, "ru", "nplurals=1000000000; plural=0;")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    options = BuildOptions(
        langs=("ru",),
        topics=("cancer",),
        format="html",
        out_dir=tmp_path / "out",
        locales_dir=locales,
    )
    with pytest.raises(TranslationError, match="nplurals=1000000000"):
        build_with_result(options, report=lambda _: None)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 200
    assert not (tmp_path / "out" / "ru").exists()
