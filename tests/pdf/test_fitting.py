"""Text-size fitting: the largest size that fits, with what earlier documents taught remembered."""

from __future__ import annotations

import math

import pytest

from brochures import defaults
from brochures.content.library import load_library
from brochures.errors import RenderError
from brochures.html.render import render_html
from brochures.html.text_model import text_model
from brochures.pdf import fitting
from brochures.pdf.fitting import Fitter
from conftest import MINIMAL_REGULATORY, MINIMAL_TOPIC, TEMPLATES, write


def _html(library, clinic, translations, slug, layout="trifold"):
    return render_html(
        library.topics[slug],
        library.regulatory,
        clinic,
        translations,
        layout=layout,
        templates_dir=TEMPLATES,
    )


def _panel_keys(html):
    return text_model(html, "es").panel_keys


def _safety_notices(count: int, sentences: int) -> str:
    """A regulatory registry whose safety block is as long as a test needs it to be. The
    leaflet and tri-fold print notice titles, not summaries: the titles carry the length."""
    title = "A notice" + " about unapproved exosome products" * sentences
    notice = (
        f"      - title: {title}\n        date: 2019-12-06\n"
        "        url: https://www.fda.gov/notice\n        summary: Some patients became sick.\n"
    )
    return MINIMAL_REGULATORY.split("    notices:")[0] + "    notices:\n" + notice * count


def _topic_with_sections(count: int) -> str:
    paragraph = (
        "Researchers are studying whether these small particles can help the body "
        "heal after an injury, and what they may do."
    )
    sections = "".join(
        f"      - heading: Heading {n}\n        paragraphs:\n" + f"          - {paragraph}\n" * 3
        for n in range(count)
    )
    one = "      - heading: A heading\n        paragraphs:\n          - A paragraph.\n"
    assert one in MINIMAL_TOPIC
    return MINIMAL_TOPIC.replace(one, sections)


def _recorded_fills(monkeypatch) -> list[dict]:
    """Every layout's panel fills (fitting.panel_fill), in the order they were measured."""
    seen: list[dict] = []
    real = fitting.panel_fill
    monkeypatch.setattr(
        fitting,
        "panel_fill",
        lambda document, panels: seen.append(real(document, panels)) or seen[-1],
    )
    return seen


def _library_with_long_safety_panel(content_tree):
    """Three small tri-folds whose shared safety panel overflows at the largest size by
    about a quarter (and fits two or three sizes down). The inside flap holds the safety
    facts and the notices; what to do is inside, with sections enough to fill most of its
    columns (short text would be balanced, a layout more)."""
    write(content_tree / "regulatory.yaml", _safety_notices(4, 5))
    topic = _topic_with_sections(4)
    write(content_tree / "topics" / "test-topic.yaml", topic)
    for n in (2, 3):
        write(
            content_tree / "topics" / f"test-topic-{n}.yaml",
            topic.replace("Heading 0", f"Heading {n}0"),
        )
    return load_library(content_tree)


def test_panel_key_follows_the_panel_and_the_styles_not_the_title(library, clinic, spanish):
    slug, other_slug = sorted(library.topics)[:2]
    one = _panel_keys(_html(library, clinic, spanish, slug))
    other = _panel_keys(_html(library, clinic, spanish, other_slug))
    assert len(one) == 4  # three outside panels and the inside spread
    back = "inside flap (outside, left)"  # the safety facts: the same in every topic
    assert one[back] == other[back]
    assert one["inside (three panels)"] != other["inside (three panels)"]  # the topic's own
    html = _html(library, clinic, spanish, slug)
    restyled = html.replace("<style>", "<style>.regulatory { font-size: 2em }", 1)
    assert _panel_keys(restyled)[back] != one[back]


@pytest.mark.slow
def test_remembered_panels_save_passes_but_never_change_the_size(
    renderer, content_tree, clinic, english
):
    library = _library_with_long_safety_panel(content_tree)
    slugs = sorted(library.topics)
    sizes, passes = {}, {}
    for remember in (False, True):
        shared = Fitter()
        for slug in slugs:
            renderer.fitter = shared if remember else Fitter()
            before = renderer.fitter.passes
            result = renderer.render(
                _html(library, clinic, english, slug),
                lang="en",
                date=library.topics[slug].reviewed,
                max_pages=2,
                text_sizes=defaults.TEXT_SIZES["trifold"],
            )
            sizes[remember, slug] = result.text_size
            passes[remember, slug] = renderer.fitter.passes - before
    renderer.fitter = Fitter()
    for slug in slugs:
        assert sizes[True, slug] == sizes[False, slug]
    # The safety panel needs a smaller size than the largest: a fresh fitter learns that
    # in every brochure; a shared one learns it once.
    first, *others = slugs
    assert all(passes[False, slug] >= 2 for slug in slugs)
    assert passes[True, first] == passes[False, first]
    assert all(passes[True, slug] < passes[False, slug] for slug in others), (passes, sizes)


@pytest.mark.slow
def test_an_overflowing_panel_tells_how_far_it_overflows(
    renderer, content_tree, clinic, english, monkeypatch
):
    library = _library_with_long_safety_panel(content_tree)
    seen = _recorded_fills(monkeypatch)
    monkeypatch.setattr(renderer, "fitter", Fitter())
    flap = "inside flap (outside, left)"
    tried = []
    real = Fitter.fit_panels

    chosen = {}

    def recording(self, model, lay_out, text_sizes):
        document, sizes = real(
            self, model, lambda s: tried.append(s[flap]) or lay_out(s), text_sizes
        )
        chosen.update(sizes)
        return document, sizes

    monkeypatch.setattr(Fitter, "fit_panels", recording)
    sizes = defaults.TEXT_SIZES["trifold"]
    renderer.render(
        _html(library, clinic, english, "test-topic"),
        lang="en",
        date=library.topics["test-topic"].reviewed,
        max_pages=2,
        text_sizes=sizes,
    )
    # At the largest size the safety facts run on to the next page; where they end there
    # says how much room they need, so the next layout tries the size that gives that
    # much, skipping those between, and the sizes are laid out fewer than one after
    # another; the size above the answer is laid out, to see that it overflows.
    assert seen[0][flap] is not None and seen[0][flap] > 1.1
    assert all(fill is not None and fill <= 1 for fill in seen[-1].values())
    answer = chosen[flap]
    assert tried[0] == sizes[0] and tried[1] < sizes[1] and answer < sizes[0]
    assert sizes[sizes.index(answer) - 1] in tried
    assert len(tried) < sizes.index(answer) + 1


@pytest.mark.slow
def test_a_leaflet_gets_the_largest_size_that_fits_even_when_pages_end_in_gaps(
    renderer, content_tree, clinic, english, monkeypatch
):
    # A leaflet that runs well over two pages at 12pt, which once read as "a size or two
    # smaller will not fit either" and gave it the smallest. Part of that overflow is the
    # gap a block kept whole (a half of the safety box) leaves at the bottom of a page;
    # the content's own height does not count it, and every size down to the answer is
    # judged fairly.
    # (Seven short notices and four sections: the gap depends on where the blocks fall,
    # which changed with the headings' spacing and rows of cards; 20% of a page today.)
    write(content_tree / "regulatory.yaml", _safety_notices(7, 2))
    write(content_tree / "topics" / "test-topic.yaml", _topic_with_sections(4))
    library = load_library(content_tree)
    html = _html(library, clinic, english, "test-topic", layout="leaflet")
    layouts = {}
    real_fit = fitting.Fitter.fit

    def recording_fit(self, model, lay_out, text_sizes, max_pages):
        def recorded(size):
            layouts[size] = lay_out(size)
            return layouts[size]

        return real_fit(self, model, recorded, text_sizes, max_pages)

    monkeypatch.setattr(fitting.Fitter, "fit", recording_fit)
    monkeypatch.setattr(renderer, "fitter", Fitter())  # no first guess from other leaflets
    sizes = defaults.TEXT_SIZES["leaflet"]
    result = renderer.render(
        html, lang="en", date=library.topics["test-topic"].reviewed, max_pages=2, text_sizes=sizes
    )
    assert result.pages <= 2 and result.text_size < sizes[0]
    larger = [size for size in layouts if size > result.text_size]
    assert larger and all(len(layouts[size].pages) > 2 for size in larger)
    # The size just above was laid out and overflowed: no guessing.
    assert sizes[sizes.index(result.text_size) - 1] in layouts
    largest = layouts[sizes[0]]
    counted_full = len(largest.pages) - 1 + fitting._last_page_fill(largest)
    assert fitting._content_pages(largest) < counted_full - 0.15  # the pages do end in gaps


class _Laid:
    """A stand-in for a laid-out leaflet: how many pages of content it holds."""

    def __init__(self, content: float) -> None:
        self.content = content
        self.pages = [None] * math.ceil(content)


@pytest.fixture
def stand_ins(monkeypatch):
    """Leaflets laid out without WeasyPrint: content grows as size ** 1.3, as measured."""
    monkeypatch.setattr(fitting, "_content_pages", lambda document: document.content)
    monkeypatch.setattr(
        fitting, "_last_page_fill", lambda document: document.content - (len(document.pages) - 1)
    )

    def leaflet(words: int, lang: str = "en"):
        html = f'<html lang="{lang}"><body class="layout-leaflet"><p>{"word " * words}</p>'
        per_word = 2.0 / 1500 if lang == "en" else 2.0 / 1300  # pages per word at 12pt
        return text_model(html, lang), lambda size: _Laid(words * per_word * (size / 12) ** 1.3)

    return leaflet


def _fit(fitter, model, lay_out):
    before = fitter.passes
    _, size = fitter.fit(model, lay_out, defaults.TEXT_SIZES["leaflet"], 2)
    return size, fitter.passes - before


def test_other_leaflets_guide_the_first_size_but_never_change_the_answer(stand_ins):
    lengths = (1700, 1460, 1850, 1620, 1540, 1880, 1390, 1800)
    shared = Fitter(prior_density=None)  # guided by the leaflets before, only
    for words in lengths:
        model, lay_out = stand_ins(words)
        alone, alone_passes = _fit(Fitter(prior_density=None), model, lay_out)
        size, passes = _fit(shared, model, lay_out)
        assert size == alone
        largest_that_fits = next(
            s for s in defaults.TEXT_SIZES["leaflet"] if len(lay_out(s).pages) <= 2
        )
        assert size == largest_that_fits
        if words != lengths[0]:
            # The answer, or the size above it, comes first: one pass at 12pt, else
            # two (the answer and the proof that the next size up does not fit).
            assert passes == (1 if size == 12 else 2), words
            assert passes <= alone_passes
    # Starting from 12pt every time costs three passes for these (12, a guess, a check).
    assert sum(
        _fit(Fitter(prior_density=None), *stand_ins(words))[1] for words in lengths[1:]
    ) > sum(1 if _fit(Fitter(), *stand_ins(words))[0] == 12 else 2 for words in lengths[1:])


def test_a_guess_too_small_climbs_to_the_largest_size_that_fits(stand_ins):
    fitter = Fitter()
    _fit(fitter, *stand_ins(1880))  # dense: fits at 10pt
    model, lay_out = stand_ins(1200)  # fits at 12pt; guessed far lower
    fitter.densities[model.layout_kind] = {
        (doc, size): density * 1.3
        for (doc, size), density in fitter.densities[model.layout_kind].items()
    }
    assert fitter._first_guess([12, 11.5, 11, 10.5, 10], model) < 12
    assert _fit(fitter, model, lay_out)[0] == 12


def test_what_one_language_measured_does_not_guide_another(stand_ins):
    fitter = Fitter()
    _fit(fitter, *stand_ins(1600))
    model, lay_out = stand_ins(1600, lang="de")
    assert model.layout_kind not in fitter.densities
    assert _fit(fitter, model, lay_out) == _fit(Fitter(), model, lay_out)


def test_measurements_travel_between_fitters_and_merge_without_counting_twice(stand_ins):
    model, lay_out = stand_ins(1700)
    worker = Fitter()
    _fit(worker, model, lay_out)
    (kind,) = worker.last_kinds
    assert kind == model.layout_kind and worker.densities[kind]
    parent = Fitter()
    parent.learn_densities(worker.density_facts([kind]))
    parent.learn_densities(worker.density_facts([kind]))  # told twice: the same facts
    assert parent.densities == worker.densities
    other = Fitter()
    other.learn_densities(parent.density_facts([kind, "unknown"]))
    html2, lay_out2 = stand_ins(1650)
    assert _fit(other, html2, lay_out2)[1] <= 2


def _trifold_stand_in(inside: str, back_fill_at_10_5: float):
    """Two panels: the safety facts (the same in every topic) and the topic's own."""
    html = (
        '<html lang="fr"><body class="layout-trifold">'
        '<div class="panel panel-1"><p>Sécurité</p>'
        '<i class="panel-end" id="panel-end-0-1" title="back"></i></div>'
        f'<div class="panel panel-2"><p>{inside}</p>'
        '<i class="panel-end" id="panel-end-0-2" title="inside"></i></div>'
    )
    model = text_model(html, "fr")

    def lay_out(sizes):  # each panel's fill from its own size
        laid = _Laid(2)
        laid.fill = {"back": back_fill_at_10_5 * (sizes["back"] / 10.5) ** 2.5, "inside": 0.5}
        return laid

    return model, lay_out


# Tri-fold text sizes for the stand-in documents, whose fills are made up for them.
STAND_IN_SIZES = (10.5, 10, 9.5, 9, 8.5)


def test_what_one_brochure_proved_about_a_panel_saves_the_next_its_layouts(monkeypatch):
    monkeypatch.setattr(fitting, "panel_fill", lambda document, panels: document.fill)
    sizes = STAND_IN_SIZES
    shared, tried = Fitter(), {}
    for topic in ("autoimmune", "cancer", "cosmetic"):
        model, lay_out = _trifold_stand_in(topic, back_fill_at_10_5=1.32)
        tried[topic] = []
        _, chosen = shared.fit_panels(
            model, lambda s, t=topic, f=lay_out: tried[t].append(dict(s)) or f(s), sizes
        )
        assert (
            chosen
            == Fitter().fit_panels(model, lay_out, sizes)[1]
            == {
                "back": 9,
                "inside": 10.5,
            }
        )
    # The first brochure learns at 10.5pt that the safety panel needs 32% more room, so
    # it lays out 9 next, the estimate's answer, then 9.5 to see that it overflows; the
    # other panel keeps the largest size. The others start where it ended and lay out once.
    assert [t["back"] for t in tried["autoimmune"]] == [10.5, 9, 9.5]
    assert [t["inside"] for t in tried["autoimmune"]] == [10.5, 10.5, 10.5]
    assert tried["cancer"] == tried["cosmetic"] == [{"back": 9, "inside": 10.5}]


def test_a_size_is_ruled_out_only_by_laying_it_out(monkeypatch):
    # A block kept whole that moves to the next page leaves a gap: the panel's end marker
    # then says the text needs far more room than it does. The estimate from that fill
    # points at the smallest size; the sizes above are still laid out, up to the largest
    # that fits and one that overflows (the fill here is that of the tri-fold's inside
    # right panel, whose last box moved on at 11pt: 1.59, then 0.75 at 8.5pt; here 0.7).
    monkeypatch.setattr(fitting, "panel_fill", lambda document, panels: document.fill)
    model, lay_out = _trifold_stand_in("overview", back_fill_at_10_5=1.0)

    def jumping(sizes):
        laid = lay_out(sizes)
        laid.fill["back"] = 1.59 if sizes["back"] > 10 else 0.7 * (sizes["back"] / 8.5) ** 2
        return laid

    tried = []
    _, chosen = Fitter().fit_panels(
        model, lambda s: tried.append(s["back"]) or jumping(s), STAND_IN_SIZES
    )
    assert chosen["back"] == 10
    assert tried == [10.5, 8.5, 9.5, 10]


def test_the_smallest_size_is_laid_out_before_giving_up(monkeypatch):
    # The estimate takes text area to grow with the square of the size; a panel whose
    # text shrinks faster than that fits at a size the estimate rules out.
    monkeypatch.setattr(fitting, "panel_fill", lambda document, panels: document.fill)
    model, lay_out = _trifold_stand_in("overview", back_fill_at_10_5=1.75)

    def steep(sizes):
        laid = lay_out(sizes)
        laid.fill["back"] = 1.75 * (sizes["back"] / 10.5) ** 3
        return laid

    tried = []
    _, chosen = Fitter().fit_panels(
        model, lambda s: tried.append(s["back"]) or steep(s), STAND_IN_SIZES
    )
    # 1.75 at 10.5: the estimate expects none to fit, so the smallest is laid out; it
    # fits (fill 0.93), and 9, the size above, is laid out to see that it overflows (1.10).
    assert chosen["back"] == 8.5 and tried == [10.5, 8.5, 9]


def test_panels_are_sized_each_on_its_own_in_the_same_layouts(monkeypatch):
    """A panel that fits at the largest size keeps it while another one searches."""
    monkeypatch.setattr(fitting, "panel_fill", lambda document, panels: document.fill)
    model, lay_out = _trifold_stand_in("overview", back_fill_at_10_5=1.1)
    fitter = Fitter()
    document, chosen = fitter.fit_panels(model, lay_out, STAND_IN_SIZES)
    assert chosen == {"back": 10, "inside": 10.5}
    assert document.fill["back"] <= 1 and fitter.passes == 2


def test_a_panel_that_fits_at_no_size_is_named(monkeypatch):
    monkeypatch.setattr(fitting, "panel_fill", lambda document, panels: document.fill)
    model, lay_out = _trifold_stand_in("overview", back_fill_at_10_5=3.0)
    with pytest.raises(RenderError, match=r"panel\(s\): back, even with 8.5pt"):
        Fitter().fit_panels(model, lay_out, STAND_IN_SIZES)


@pytest.mark.slow
@pytest.mark.parametrize("sections", [6, 7])
def test_a_panel_of_the_last_sheet_tells_how_far_it_overflows_too(
    renderer, content_tree, clinic, english, monkeypatch, sections
):
    # The inside spread (the topic's sections and the rest) is on the last sheet:
    # WeasyPrint drops text that overflows the last page, so without the page the renderer
    # adds to catch it the panel's end would be nowhere, and every size would be laid out.
    write(content_tree / "topics" / "test-topic.yaml", _topic_with_sections(sections))
    library = load_library(content_tree)
    seen = _recorded_fills(monkeypatch)
    monkeypatch.setattr(renderer, "fitter", Fitter())
    sizes = defaults.TEXT_SIZES["trifold"]
    result = renderer.render(
        _html(library, clinic, english, "test-topic"),
        lang="en",
        date=library.topics["test-topic"].reviewed,
        max_pages=2,
        text_sizes=sizes,
    )
    # Found on the catching page, the panel's end tells how far it ran over (without it,
    # None: the sizes would be tried one by one, with nothing to guess from).
    inside = seen[0]["inside (three panels)"]
    assert inside is not None and inside > 1.05
    assert result.pages == 2  # the catching page is not printed


def test_the_prior_counts_a_full_width_character_as_more_room_than_a_letter():
    latin = text_model('<html lang="en"><body><p>' + "word " * 400 + "</p>", "en")
    chinese = text_model('<html lang="zh-Hans"><body><p>' + "研究" * 800 + "</p>", "zh-Hans")
    assert fitting._prior_density(latin) == pytest.approx(fitting.PRIOR_DENSITY_10PT)
    assert fitting._prior_density(chinese) == pytest.approx(
        fitting.PRIOR_DENSITY_10PT * fitting.WIDE_CHARACTER_WEIGHT
    )


def test_before_any_measurement_the_first_guess_comes_from_the_prior(stand_ins):
    model, _ = stand_ins(1300)
    sizes = list(defaults.TEXT_SIZES["leaflet"])
    length = model.visible_length
    expected = next(
        (s for s in sizes if fitting.PRIOR_DENSITY_10PT * length * (s / 10) ** 2 <= 1), sizes[-1]
    )
    assert expected < sizes[0]  # a guess, not the largest size
    assert Fitter()._first_guess(sizes, model) == expected
    assert Fitter(prior_density=None)._first_guess(sizes, model) == sizes[0]


@pytest.mark.slow
@pytest.mark.parametrize("sections", [3, 5, 7, 8])
def test_the_prior_changes_where_fitting_starts_never_the_size(
    renderer, content_tree, clinic, english, sections
):
    # The prior is measured on the shipped leaflets; other content may be denser or
    # sparser, and then takes more passes, but always gets the same size.
    write(content_tree / "topics" / "test-topic.yaml", _topic_with_sections(sections))
    library = load_library(content_tree)
    html = _html(library, clinic, english, "test-topic", layout="leaflet")
    sizes = {}
    for prior in (fitting._prior_density, None):
        renderer.fitter = Fitter(prior_density=prior)
        sizes[prior] = renderer.render(
            html,
            lang="en",
            date=library.topics["test-topic"].reviewed,
            max_pages=2,
            text_sizes=defaults.TEXT_SIZES["leaflet"],
        ).text_size
    renderer.fitter = Fitter()
    assert sizes[fitting._prior_density] == sizes[None]
