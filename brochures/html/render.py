"""Turn a topic, its translations and a clinic profile into brochure HTML with Jinja2."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from brochures import __version__
from brochures.content.clinic import Clinic, display_url
from brochures.content.library import Regulatory, Topic
from brochures.content.words import Word, words_used
from brochures.defaults import (
    ASSETS_DIR,
    BILINGUAL_LAYOUT,
    BLEED_MM,
    EDGE_BAND_MM,
    FOLD_IN_MM,
    PAGE_MARGINS_MM,
    PANEL_PADDING_MM,
    WEB_LAYOUT,
)
from brochures.html.cjk_tails import keep_cjk_tails_together
from brochures.html.cover_art import cover_art_uri, pictogram_file
from brochures.html.filters import (
    PAGE_MARK,
    PAGES_MARK,
    breakable_address,
    card_columns,
    css_string,
    has_hyphenation,
    isolate,
    label_space,
    long_date,
    native_names,
    page_label,
)
from brochures.html.korean_words import keep_korean_words_whole
from brochures.html.qr import qr_code
from brochures.i18n.languages import SOURCE_LANGUAGE
from brochures.i18n.msgids import from_msgstr
from brochures.i18n.translations import Lookups, Translations
from brochures.site.links import EVERY_BRANCH, SiteLinks
from brochures.type_scale import steps_css

# Layout -> (template, extra stylesheet). Large print is the leaflet with another stylesheet.
LAYOUT_TEMPLATES = {
    "leaflet": ("leaflet.html", None),
    "large-print": ("leaflet.html", "large-print.css"),
    "trifold": ("trifold.html", "trifold.css"),
    # The web edition's page: the same parts, its stylesheet a file of the site's.
    WEB_LAYOUT: ("site/brochure.html", None),
    # English beside the patient's language, piece by piece (--bilingual).
    BILINGUAL_LAYOUT: ("bilingual.html", "bilingual.css"),
}


def english_ids(html: Markup | str) -> Markup:
    """A piece's HTML with its ids (and the references to them) prefixed "en-": the
    bilingual edition prints each piece twice, and an id may be used only once."""
    return Markup(_ID_ATTRIBUTE.sub(r'\1="en-', str(html)))


_ID_ATTRIBUTE = re.compile(r'\b(id|aria-labelledby|aria-describedby)="')


def only(topic: Topic, **picked: int) -> Topic:
    """The topic with just one of its sections, research cards or routes (by index)."""
    chosen: dict[str, Any] = {name: (getattr(topic, name)[i],) for name, i in picked.items()}
    return replace(topic, **chosen)


def web_link(text: Markup | str, href: str) -> Markup:
    """`text` as a link to `href` (a web address, phone or e-mail); other schemes stay text."""
    if not href.startswith(("https://", "http://", "tel:", "mailto:")):
        return Markup(escape(text))
    return Markup('<a href="%s">%s</a>') % (href, text)


def pictogram_url(slug: str) -> str:
    """The pictogram for a topic or route; a topic without its own gets the general one."""
    return pictogram_file(slug).as_uri()


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the life of the process.

    Each brochure gets its own environment (the catalog is installed in it), but all have
    the same settings, so they can share compiled code: compiling the templates again for
    every document was most of the time spent making HTML. A template whose source changed
    has another checksum and is compiled afresh.
    """

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, CodeType | None]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self._code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED = _CompiledTemplates()


def make_environment(templates_dir: Path, lookups: Lookups) -> Environment:
    """A Jinja environment for one render: autoescape on, gettext from the catalog."""
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=True,  # content and translations are untrusted text
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=False,
        bytecode_cache=_COMPILED,
    )
    # Added by the i18n extension, so not in Environment's type.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lookups.template_gettext, lookups.template_ngettext, newstyle=True
    )
    env.filters["date"] = lambda value: long_date(value, lookups.translations.locale)
    env.filters["translate"] = lookups.content
    env.filters["display_url"] = display_url
    env.filters["display_url_full"] = lambda url: url.split("://", 1)[-1]
    env.filters["breakable_address"] = breakable_address
    env.filters["label_space"] = label_space
    env.filters["css_string"] = css_string
    env.filters["isolate"] = isolate
    env.filters["en_ids"] = english_ids
    # Phone numbers and web addresses: one line, and left to right even in Arabic text.
    env.filters["nowrap"] = lambda text: Markup('<span class="nowrap" dir="ltr">%s</span>') % text
    env.globals.update(
        only=only,
        t=lookups.content,
        page_label=page_label,
        card_columns=card_columns,
        PAGE_MARK=PAGE_MARK,
        PAGES_MARK=PAGES_MARK,
        version=__version__,
    )
    return env


def read_stylesheet(templates_dir: Path, layout: str) -> Markup:
    """The print CSS, inlined so that an HTML output file stands on its own."""
    names = ["brochure.css", LAYOUT_TEMPLATES[layout][1]]
    css = "\n".join(
        (templates_dir / "css" / name).read_text(encoding="utf-8") for name in names if name
    )
    return Markup(css.replace("</", "<\\/"))


def render_html(
    topic: Topic,
    regulatory: Regulatory,
    clinic: Clinic,
    translations: Translations,
    *,
    templates_dir: Path,
    layout: str = "leaflet",
    draft: bool = False,
    languages: tuple[str, ...] = (),
    print_ready: bool = False,
    words: Sequence[Word] = (),
    boxed: Sequence[Word] | None = None,
    site: SiteLinks | None = None,
) -> str:
    """Render one brochure to an HTML string; fails if a string lacks a translation.

    `languages` are all the languages the brochure exists in, for its "also available" line.
    `words` are the words to know (content/words.yaml): the brochure explains those its
    English text uses, in every language. `boxed` are those words when the caller has
    already worked them out (`box_words`; they are the same in every language). `site`
    is what a web page (layout "web") links to.
    """
    page = _Page(templates_dir, layout, languages, print_ready, site)
    if boxed is None:
        boxed = words_in_brochure(topic, regulatory, clinic, words, page) if words else ()
    lookups = Lookups(translations)  # this render's own record of missing strings
    html = _render(topic, regulatory, clinic, lookups, page, draft=draft, words=boxed)
    if not draft:
        lookups.check_complete()
    return keep_cjk_tails_together(keep_korean_words_whole(html), translations.lang)


def missing_strings(
    topic: Topic,
    regulatory: Regulatory,
    clinic: Clinic,
    translations: Translations,
    *,
    templates_dir: Path,
    layout: str,
    languages: tuple[str, ...],
    boxed: Sequence[Word],
    print_ready: bool = False,
) -> dict[str, str]:
    """The strings a brochure prints that `translations` has no usable translation for
    (msgid -> why): empty when it can be printed in that language. Found by rendering it,
    so every branch a language takes counts, and nothing else (a few milliseconds)."""
    lookups = Lookups(translations)
    page = _Page(templates_dir, layout, languages, print_ready)
    _render(topic, regulatory, clinic, lookups, page, draft=False, words=boxed, qr_image=False)
    return lookups.missing


@dataclass(frozen=True)
class _Page:
    """What a render needs besides the content and the language."""

    templates_dir: Path
    layout: str = "leaflet"
    languages: tuple[str, ...] = ()
    print_ready: bool = False
    site: SiteLinks | None = None  # a web page's links


def render_page(
    template: str, translations: Translations, *, templates_dir: Path, **context: object
) -> str:
    """Render one of the site's own pages (a language's list of brochures, the home page)
    in a language; fails if a string it prints lacks a translation (unless `draft`)."""
    html, lookups = _render_page(template, translations, templates_dir, context)
    if not context.get("draft"):  # a draft prints English for what is missing
        lookups.check_complete()
    return keep_cjk_tails_together(keep_korean_words_whole(html), translations.lang)


def page_strings(
    template: str, translations: Translations, *, templates_dir: Path, **context: object
) -> dict[str, str]:
    """The strings one of the site's own pages prints that `translations` lacks."""
    return _render_page(template, translations, templates_dir, context)[1].missing


def _render_page(
    template: str, translations: Translations, templates_dir: Path, context: dict[str, object]
) -> tuple[str, Lookups]:
    lookups = Lookups(translations)  # this render's own record of missing strings
    html = (
        make_environment(templates_dir, lookups)
        .get_template(template)
        .render(lang=translations.lang, direction=translations.direction, link=web_link, **context)
    )
    return html, lookups


class _EnglishText(Lookups):
    """English lookups that keep every string a render prints through gettext: the
    brochure's own text (its prose and the templates'), without the clinic's details, the
    citations or the FDA's notice titles, which are printed as they are."""

    def __init__(self) -> None:
        super().__init__(Translations(SOURCE_LANGUAGE))
        self.printed: list[str] = []

    def gettext(self, msgid: str) -> str:
        self.printed.append(msgid)
        return super().gettext(msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self.printed.append(singular if n == 1 else plural)
        return super().ngettext(singular, plural, n)


def printed_msgids(
    topic: Topic,
    regulatory: Regulatory,
    clinic: Clinic,
    boxed: Sequence[Word],
    *,
    templates_dir: Path,
    layout: str,
) -> list[str]:
    """The msgids a brochure prints, in reading order (each once): for a review pack.
    `boxed` are its words to know (`box_words`)."""
    page = _Page(templates_dir, layout)
    english = _EnglishText()
    _render(topic, regulatory, clinic, english, page, draft=False, words=boxed, qr_image=False)
    return list(dict.fromkeys(english.printed))


def box_words(
    topic: Topic,
    regulatory: Regulatory,
    clinic: Clinic,
    words: Sequence[Word],
    *,
    templates_dir: Path,
    layout: str,
    print_ready: bool = False,
) -> tuple[Word, ...]:
    """The words to know of one brochure, for callers that render it in many languages."""
    page = _Page(templates_dir, layout, (), print_ready)
    return words_in_brochure(topic, regulatory, clinic, words, page) if words else ()


def words_in_brochure(
    topic: Topic,
    regulatory: Regulatory,
    clinic: Clinic,
    words: Sequence[Word],
    page: _Page,
) -> tuple[Word, ...]:
    """The words to know that a brochure's English text uses (every part a patient reads:
    the topic, its routes, the safety block), from the strings the brochure prints when it
    is rendered in English without the box. A translation explains the same terms as its
    English. (Rendering is cheap; the HTML is not parsed: a brochure's is parsed once.)
    Labels a template looks up to choose from (the evidence stages) count too: they hold
    no technical terms."""
    english = _EnglishText()
    _render(topic, regulatory, clinic, english, page, draft=False, words=(), qr_image=False)
    return words_used((from_msgstr(msgid) for msgid in english.printed), words)


def _render(
    topic: Topic,
    regulatory: Regulatory,
    clinic: Clinic,
    lookups: Lookups,
    page: _Page,
    *,
    draft: bool,
    words: Sequence[Word],
    qr_image: bool = True,
) -> str:
    """The HTML; with `qr_image` false, for renders only read for the strings they print,
    the QR code's picture is left empty (encoding it is most of such a render's time)."""
    translations = lookups.translations
    templates_dir, layout = page.templates_dir, page.layout
    env = make_environment(templates_dir, lookups)
    web = layout == WEB_LAYOUT
    links = (page.site or EVERY_BRANCH) if web else None
    code = qr_code(
        clinic.qr_url,
        website=clinic.website,
        lang=translations.lang,
        topic=topic.slug,
        layout=layout,
        revision=topic.reviewed.isoformat(),
        image=qr_image and not web,  # a web page has download links instead
    )
    link = web_link if web else lambda text, _: text  # addresses are links on a web page
    if links is not None:  # the site's own copies, linked relative to the page
        pictogram, logo_src = links.pictogram, links.logo(clinic.logo)
    else:
        pictogram, logo_src = pictogram_url, clinic.logo_url
    context = dict(
        topic=topic,
        regulatory=regulatory,
        clinic=clinic,
        words=words,
        lang=translations.lang,
        print_ready=page.print_ready,
        bleed_mm=BLEED_MM,
        margins=PAGE_MARGINS_MM.get(layout, (0, 0, 0, 0)),  # a web page has none
        edge_band_mm=EDGE_BAND_MM,
        panel_padding_mm=PANEL_PADDING_MM,
        fold_in_mm=FOLD_IN_MM,
        direction=translations.direction,
        hyphenate=has_hyphenation(translations.lang),
        review_status=translations.review_status,
        review=translations.review,
        draft=draft,
        layout=layout,
        paper=clinic.paper,
        stylesheet=Markup("") if web else read_stylesheet(templates_dir, layout),
        text_steps=steps_css(),
        other_languages=native_names(page.languages, translations.lang),
        qr=code,
        site=links,
        link=link,
        logo_src=logo_src,
        pictogram=pictogram,
        asset_url=lambda name: (ASSETS_DIR / name).as_uri(),
        cover_art=cover_art_uri,
    )
    template = env.get_template(LAYOUT_TEMPLATES[layout][0])
    if layout != BILINGUAL_LAYOUT:
        return template.render(**context)
    # The bilingual edition: its pieces in the patient's language and in English.
    english = Lookups(Translations(SOURCE_LANGUAGE))
    in_english = {
        **context,
        "lang": SOURCE_LANGUAGE,
        "direction": "ltr",
        "hyphenate": has_hyphenation(SOURCE_LANGUAGE),
        "review_status": None,
        "review": None,
    }
    parts = "bilingual/parts.html"
    own = env.get_template(parts).make_module(context)
    en = make_environment(templates_dir, english).get_template(parts).make_module(in_english)
    return template.render(**context, own=own, en=en)
