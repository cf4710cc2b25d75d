"""Turn a run's brochures into the rest of its site: the home page, a page per language, the
shared assets, and the links each brochure's page needs to find the others."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from html import escape as html_escape
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from brochures.atomic import write_if_changed
from brochures.content.clinic import Clinic
from brochures.content.library import Topic
from brochures.html.cover_art import PICTOGRAMS_DIR
from brochures.html.render import page_strings, render_page
from brochures.i18n.languages import SOURCE_LANGUAGE, babel_locale, native_name
from brochures.site.fonts import font_face_css, web_font_files
from brochures.site.links import (
    ASSETS_FOLDER,
    Download,
    LanguageLink,
    SiteLinks,
    site_logo_name,
)
from brochures.site.paths import PageFolders, relative_link, relative_root

if TYPE_CHECKING:  # the run is handed in: this module does not build one
    from brochures.builder.pipeline import Brochures
    from brochures.builder.plan import Outputs
    from brochures.builder.workers import RendererSetup
    from brochures.pdf.fonts import FontSet

LOGGER = logging.getLogger(__name__)

# The site's own files, shipped with the templates.
STATIC_FILES = ("site.css", "site.js")


@dataclass(frozen=True)
class Site:
    """Where one run's site keeps its pages, and the links between them."""

    outputs: Outputs  # a site's: its page folders and the topics' review dates
    languages: tuple[str, ...]  # every language of the project

    @property
    def pages(self) -> PageFolders:
        assert self.outputs.pages is not None, "a site's outputs"
        return self.outputs.pages

    def page(self, lang: str, topic: str) -> PurePosixPath:
        return self.outputs.page_folder(lang, topic)

    def language_page(self, lang: str) -> PurePosixPath:
        """A language's list of brochures: the folder above its brochures' pages
        (brochures/es), when that folder is the language's own; else languages/es."""
        return self._language_pages[lang]

    @cached_property
    def _language_pages(self) -> dict[str, PurePosixPath]:
        # Worked out once: every page of the site links its language's list.
        topics = self.outputs.revisions
        parents = {
            lang: {self.page(lang, topic).parent for topic in topics} for lang in self.languages
        }
        found = {}
        for lang, own in parents.items():
            others = set().union(*(p for other, p in parents.items() if other != lang))
            (parent,) = own if len(own) == 1 else (None,)
            found[lang] = (
                parent
                if parent is not None and parent.parts and parent not in others
                else PurePosixPath("languages", lang)
            )
        return found

    def language_links(
        self, source: PurePosixPath, tags: Sequence[str], target: Callable[[str], PurePosixPath]
    ) -> tuple[LanguageLink, ...]:
        return tuple(
            LanguageLink(
                tag,
                native_name(tag),
                relative_link(source, target(tag)),
                self.pages.url(target(tag)),
            )
            for tag in tags
        )

    def brochure_links(
        self,
        lang: str,
        topic: str,
        *,
        in_languages: Sequence[str],
        downloads: Sequence[tuple[str, str]],
        language_page: bool = True,
    ) -> SiteLinks:
        """The links of a brochure's page: the same topic in `in_languages`, the PDFs
        (layout, file name), and up to its language's list (or the home page, if
        `language_page` is false: that list could not be made)."""
        here = self.page(lang, topic)
        up = self.language_page(lang) if language_page else PurePosixPath()
        return SiteLinks(
            root=relative_root(here),
            url=self.pages.url(here),
            up=relative_link(here, up),
            languages=self.language_links(here, in_languages, lambda tag: self.page(tag, topic)),
            downloads=tuple(Download(layout, name) for layout, name in downloads),
        )


@dataclass(frozen=True)
class Entry:
    """A brochure on its language's list."""

    topic: Topic
    href: str
    pictogram: str


def _language_context(run: Brochures, lang: str, pages: dict[str, list[str]]) -> dict:
    """What a language's page of the site is rendered with."""
    site, clinic = _site(run), run.clinic
    here = site.language_page(lang)
    links = SiteLinks(
        root=relative_root(here),
        url=site.pages.url(here),
        up=relative_root(here),
        languages=site.language_links(
            here, [tag for tag in sorted(pages) if pages[tag]], site.language_page
        ),
    )
    return dict(
        clinic=clinic,
        draft=run.options.draft,
        layout="web",
        logo_src=links.logo(clinic.logo),
        site=links,
        entries=[
            Entry(
                run.library.topics[slug],
                relative_link(here, site.page(lang, slug)),
                links.pictogram(slug),
            )
            for slug in sorted(pages.get(lang, ()), key=_order)
        ],
    )


def site_page_strings(run: Brochures, lang: str) -> dict[str, str]:
    """The strings a language's list of brochures prints that its catalog lacks: its own,
    and the titles of the brochures it lists (a topic not translated yet has no page, so
    it is not listed and does not count)."""
    context = _language_context(run, lang, run.site_pages())
    templates_dir = run.options.templates_dir
    return page_strings(
        "site/language.html", run.translations(lang), templates_dir=templates_dir, **context
    )


def write_site_pages(run: Brochures, setup: RendererSetup) -> list[Path]:
    """Write the home page, each language's list of brochures and the assets, for every
    language and topic that has a brochure page (whichever this run built: with --lang or
    --shard, the lists still name every page the project can have). Returns the files."""
    from brochures.defaults import cache_dir
    from brochures.pdf.fonts import FontSet

    site, clinic, options = _site(run), run.clinic, run.options
    root = run.outputs.root
    templates_dir = options.templates_dir
    fonts = FontSet(cache_dir(), dict(setup.cjk_text))
    written = write_assets(root, clinic, templates_dir, fonts, run.languages)
    pages = {lang: topics for lang, topics in run.site_pages().items() if topics}
    listed = []
    for lang in sorted(pages):
        if not run.language_page_ready(lang):
            LOGGER.warning(
                "no list of brochures in %s yet (its pages link to the home page instead): "
                "translate the site's strings (python build.py --list shows what is missing)",
                lang,
            )
            continue
        context = _language_context(run, lang, pages)
        html = render_page(
            "site/language.html", run.translations(lang), templates_dir=templates_dir, **context
        )
        written.append(_write(root / site.language_page(lang) / "index.html", html))
        listed.append(lang)
    home = SiteLinks(root="", url=site.pages.url(PurePosixPath()), up="")
    html = render_page(
        "site/home.html",
        run.translations(SOURCE_LANGUAGE),
        templates_dir=templates_dir,
        clinic=clinic,
        draft=options.draft,
        layout="web",
        logo_src=home.logo(clinic.logo),
        english_names={tag: babel_locale(tag).get_display_name("en") or tag for tag in pages},
        site=replace(
            home,
            languages=site.language_links(
                PurePosixPath(),
                sorted(pages),
                lambda tag: (
                    site.language_page(tag) if tag in listed else site.page(tag, pages[tag][0])
                ),
            ),
        ),
    )
    written.append(_write(root / "index.html", html))
    written += write_aliases(run, pages)
    return written


def write_aliases(run: Brochures, pages: dict[str, list[str]]) -> list[Path]:
    """A page at each other address a brochure's codes open (a qr_url with {layout} in
    its path), that sends the reader on to the brochure's page, its ?rev= kept."""
    site, root = _site(run), run.outputs.root
    written = []
    for lang, topics in sorted(pages.items()):
        for topic in topics:
            main = site.page(lang, topic)
            for alias in site.pages.aliases(lang, topic, site.outputs.revisions[topic]):
                target = relative_link(alias, main)
                html = (
                    f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
                    f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                    f'<meta http-equiv="refresh" content="0; url={target}">\n'
                    f'<link rel="canonical" href="{site.pages.url(main)}">\n'
                    f"<title>{html_escape(run.library.topics[topic].title)}</title>\n</head>\n"
                    f'<body><p><a href="{target}">{html_escape(run.library.topics[topic].title)}'
                    "</a></p></body>\n</html>\n"
                )
                written.append(_write(root / alias / "index.html", html))
    return written


def _site(run: Brochures) -> Site:
    assert run.site is not None, "a site's run"
    return run.site


def _order(slug: str) -> tuple[int, str]:
    return (0 if slug == "overview" else 1, slug)  # the overview first: it names all six ways


def _write(target: Path, text: str) -> Path:
    """Write a page unless it holds those bytes already (a static host's caches keep it)."""
    write_if_changed(target, text)
    return target


def write_assets(
    root: Path, clinic: Clinic, templates_dir: Path, fonts: FontSet, languages: tuple[str, ...]
) -> list[Path]:
    """The stylesheet, script, pictograms, logo and fonts, in root/assets; fonts no page
    uses any more are removed (their names change with their bytes)."""
    assets = root / ASSETS_FOLDER
    files: dict[Path, bytes] = {}
    for name in STATIC_FILES:
        files[assets / name] = (templates_dir / "site" / name).read_bytes()
    for svg in sorted(PICTOGRAMS_DIR.glob("*.svg")):
        files[assets / "pictograms" / svg.name] = svg.read_bytes()
    if clinic.logo is not None:
        files[assets / site_logo_name(clinic.logo)] = clinic.logo.read_bytes()
    font_files = web_font_files(fonts)
    for _, name, source in font_files:
        files[assets / "fonts" / name] = source.read_bytes()
    files[assets / "fonts.css"] = font_face_css(font_files, languages).encode("utf-8")
    for target, data in files.items():
        write_if_changed(target, data)
    fonts_dir = assets / "fonts"
    for old in fonts_dir.glob("*.woff2"):
        if old not in files:
            old.unlink()
    return list(files)
