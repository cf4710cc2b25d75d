"""The filters: where a web address or DOI may break (escaped), the space after a label."""

from __future__ import annotations

import re

from brochures.html.filters import breakable_address


def _pieces(markup: str) -> list[str]:
    return re.findall(r'<span class="address-piece">(.*?)</span>', markup)


def test_an_address_breaks_only_after_its_slashes():
    markup = str(breakable_address("https://doi.org/10.1186/1479-5876-3-10"))
    assert _pieces(markup) == ["https://doi.org/", "10.1186/", "1479-5876-3-10"]
    # The only break opportunities are the <wbr>s between the pieces.
    assert markup.count("<wbr>") == 2
    assert re.sub(r"<[^>]+>", "", markup) == "https://doi.org/10.1186/1479-5876-3-10"


def test_the_scheme_stays_with_the_host_and_a_query_with_its_path():
    markup = str(breakable_address("clinic.example/brochures/uk/cancer?rev=2026-11-20"))
    assert _pieces(markup) == ["clinic.example/", "brochures/", "uk/", "cancer?rev=2026-11-20"]
    assert _pieces(str(breakable_address("http://a.example//b/"))) == ["http://a.example//", "b/"]


def test_an_address_reads_left_to_right_and_is_escaped():
    markup = str(breakable_address('https://a.example/"><script>'))
    assert markup.startswith('<span class="address" dir="ltr">')
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_a_label_ending_in_full_width_punctuation_is_followed_by_no_latin_space():
    from brochures.html.filters import label_space

    assert label_space("Ask:") == " "
    assert label_space("Pregunte:") == " "
    assert label_space("请问：") == ""
    assert label_space("研究进展：") == ""
    assert label_space("") == " "
