"""The web edition (--format site): a page at the address each QR code opens, the PDFs
beside it, language and home pages, assets served from the site itself, and links that
all resolve."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import pytest

from brochures.builder.pipeline import build_with_result
from brochures.builder.plan import BuildOptions
from brochures.content.clinic import load_clinic
from brochures.errors import UsageError
from brochures.site.paths import PageFolders
from conftest import CLINIC, CONTENT, LOCALES, MINIMAL_TOPIC, write, write_content_tree

PROFILE = """
    name: Test Clinic
    address:
      - 1 Test Street
    phone: "+1 555 0100"
    website: {website}
    country: US
"""


def _folders(tmp_path, website="https://clinic.example", qr_url=None):
    text = PROFILE.format(website=website) + (f'    qr_url: "{qr_url}"\n' if qr_url else "")
    return PageFolders.of(load_clinic(write(tmp_path / "clinic.yaml", text)))


def test_a_page_goes_where_its_qr_code_leads(tmp_path):
    folders = _folders(tmp_path)
    assert folders.folder("es", "neurological", "2026-11-01") == PurePosixPath(
        "brochures/es/neurological"
    )
    assert folders.url(PurePosixPath("brochures/es")) == "https://clinic.example/brochures/es/"
    assert folders.aliases("es", "neurological", "2026-11-01") == []
    # A website in a folder of its host: the site folder stands for that folder.
    nested = _folders(tmp_path, "https://hospital.example/clinic/")
    assert nested.folder("en", "cancer", "2026-11-01") == PurePosixPath("brochures/en/cancer")
    assert nested.url(PurePosixPath("brochures/en/cancer")) == (
        "https://hospital.example/clinic/brochures/en/cancer/"
    )
    custom = _folders(tmp_path, qr_url="{website}/info/{topic}/{lang}/index.html?v={revision}")
    assert custom.folder("ar", "cancer", "2026-11-01") == PurePosixPath("info/cancer/ar")


def test_each_layouts_own_address_gets_a_page_that_leads_on(tmp_path):
    folders = _folders(tmp_path, qr_url="{website}/b/{lang}/{topic}/{layout}")
    assert folders.folder("en", "cancer", "2026-01-01") == PurePosixPath("b/en/cancer/leaflet")
    assert folders.aliases("en", "cancer", "2026-01-01") == [
        PurePosixPath("b/en/cancer/trifold"),
        PurePosixPath("b/en/cancer/large-print"),
        PurePosixPath("b/en/cancer/bilingual"),
    ]


def test_codes_that_open_another_host_fall_back_and_say_so(tmp_path, logged):
    folders = _folders(tmp_path, qr_url="https://short.example/{lang}-{topic}")
    assert folders.folder("en", "cancer", "2026-01-01") == PurePosixPath("brochures/en/cancer")
    (message,) = logged.take()
    assert "short.example" in message and "qr_url" in message


class _Links(HTMLParser):
    """Every URL a page links or loads: (tag, its rel attribute or "", the URL)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.found.append((tag, values.get("rel") or "", values[name]))


def _links(page: Path) -> list[tuple[str, str, str]]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


# What may name another address: a link the reader follows, and the page's own public
# address and its other languages' (which a browser does not fetch).
_NOT_FETCHED = {("a", ""), ("link", "canonical"), ("link", "alternate")}


def _local_target(site: Path, page: Path, url: str) -> Path | None:
    """The file a relative link of `page` opens on a static host, or None for an address
    elsewhere (which must then be a plain link, not something the page loads)."""
    base = "http://site.test/" + page.parent.relative_to(site).as_posix() + "/"
    parts = urlsplit(urljoin(base, url))
    if parts.netloc != "site.test":
        return None
    target = site / parts.path.lstrip("/")
    return target / "index.html" if parts.path.endswith("/") else target


def _check_links(site: Path) -> int:
    """Assert that every link and resource of every page resolves inside the site, and
    that nothing is loaded from anywhere else; returns the number of links checked."""
    checked = 0
    for page in site.rglob("*.html"):
        for tag, rel, url in _links(page):
            if url.startswith("#"):
                continue
            target = _local_target(site, page, url)
            if target is None:
                assert (tag, rel) in _NOT_FETCHED, f"{page}: <{tag} rel={rel!r}> loads {url}"
                continue
            assert target.is_file(), f"{page.relative_to(site)}: {url} leads nowhere"
            checked += 1
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\"?([^\")]+)", css.read_text(encoding="utf-8")):
            assert (css.parent / url).is_file(), f"{css}: {url}"
            checked += 1
    return checked


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """The site of a one-topic content tree in English, with a logo and a qr_url of its own."""
    root = tmp_path_factory.mktemp("small-site")
    # The minimal topic, with the two questions a brochure must give the reader.
    topic = MINIMAL_TOPIC.replace("  - A question?", "  - A question?\n      - Another question?")
    content = write_content_tree(root / "content", topic=topic)
    rules = LOCALES / "en" / "forbidden-claims.yaml"
    write(root / "locales" / "en" / rules.name, rules.read_text(encoding="utf-8"))
    write(
        root / "profile" / "logo.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<rect width="10" height="10"/></svg>',
    )
    clinic = write(
        root / "profile" / "clinic.yaml",
        PROFILE.format(website="https://care.example/patients")
        + '    logo: logo.svg\n    qr_url: "{website}/read/{lang}/{topic}?rev={revision}"\n',
    )
    options = BuildOptions(
        format="site",
        out_dir=root / "site",
        content_dir=content,
        locales_dir=root / "locales",
        clinic_file=clinic,
    )
    result = build_with_result(options, report=lambda _: None)
    return root / "site" / "profile", options, result


def test_the_site_has_the_page_the_code_opens_with_every_pdf_beside_it(small_site):
    site, _, result = small_site
    page = site / "read" / "en" / "test-topic" / "index.html"
    assert sorted(p.relative_to(site).as_posix() for p in result.written) == [
        "read/en/test-topic/index.html",
        "read/en/test-topic/test-topic-large-print.pdf",
        "read/en/test-topic/test-topic-trifold.pdf",
        "read/en/test-topic/test-topic.pdf",
    ]
    html = page.read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr"' in html
    assert '<link rel="canonical" href="https://care.example/patients/read/en/test-topic/">' in html
    assert 'name="viewport"' in html and 'href="#main"' in html
    for name in ("test-topic.pdf", "test-topic-trifold.pdf", "test-topic-large-print.pdf"):
        assert f'href="{name}"' in html
    # The same parts as print: the safety block, the questions, the sources.
    assert "has not approved any exosome product" in html and "A question?" in html
    assert (
        'id="revision-notice"' in html
        and 'data-revision="2026-01-01"' in html
        and " hidden>" in html
    )
    # The home page and the language's list lead to it.
    assert 'href="read/en/"' in (site / "index.html").read_text(encoding="utf-8")
    assert 'href="test-topic/"' in (site / "read" / "en" / "index.html").read_text(encoding="utf-8")


def test_every_link_resolves_and_nothing_is_loaded_from_elsewhere(small_site):
    site, _, _ = small_site
    assert _check_links(site) > 20
    assert (site / "assets" / "clinic-logo.svg").is_file()
    fonts = list((site / "assets" / "fonts").glob("*.woff2"))
    assert fonts and all(font.read_bytes()[:4] == b"wOF2" for font in fonts)
    css = (site / "assets" / "fonts.css").read_text(encoding="utf-8")
    assert css.count("@font-face") == len(fonts) and "http" not in css


def test_a_second_build_skips_the_current_pages_and_pdfs(small_site):
    site, options, _ = small_site
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    again = build_with_result(options, report=lambda _: None)
    assert again.written == [] and len(again.skipped) == 4
    after = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    assert after == before  # the home page, lists and assets were not rewritten either


def test_shards_build_each_document_once_and_the_same_lists(small_site, tmp_path):
    _, options, whole = small_site
    full = {p.relative_to(options.out_dir) for p in whole.written}
    shards = [
        build_with_result(
            replace(options, out_dir=tmp_path / str(k), shard=(k, 2)), report=lambda _: None
        )
        for k in (1, 2)
    ]
    parts = [
        {p.relative_to(tmp_path / str(k)) for p in r.written}
        for k, r in ((1, shards[0]), (2, shards[1]))
    ]
    assert parts[0] and parts[1] and not parts[0] & parts[1] and parts[0] | parts[1] == full
    # Each shard writes the home page and lists every page of the project: merged, the
    # shards' folders make one site.
    for name in ("profile/index.html", "profile/read/en/index.html"):
        texts = {(tmp_path / str(k) / name).read_text(encoding="utf-8") for k in (1, 2)}
        assert texts == {(options.out_dir / name).read_text(encoding="utf-8")}


def test_print_ready_is_not_for_a_website(tmp_path):
    with pytest.raises(UsageError, match="print shop"):
        build_with_result(
            BuildOptions(format="site", print_ready=True, out_dir=tmp_path), report=lambda _: None
        )


@pytest.mark.slow
def test_every_language_links_the_others_both_ways(tmp_path):
    options = BuildOptions(
        format="site",
        langs=("en", "es", "ar"),
        topics=("cosmetic",),
        out_dir=tmp_path / "site",
        content_dir=CONTENT,
        locales_dir=LOCALES,
        clinic_file=CLINIC,
    )
    build_with_result(options, report=lambda _: None)
    site = tmp_path / "site"
    arabic = (site / "brochures" / "ar" / "cosmetic" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl"' in arabic
    for tag in ("en", "es"):
        assert f'<link rel="alternate" hreflang="{tag}" href="https://' in arabic
        assert f'href="../../{tag}/cosmetic/" hreflang="{tag}"' in arabic
    assert 'hreflang="x-default"' in arabic
    spanish = (site / "brochures" / "es" / "cosmetic" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../ar/cosmetic/" hreflang="ar" lang="ar"' in spanish
    assert "Folleto tríptico (PDF)" in spanish
    # Every language's list and the home page exist, and no link leads nowhere among the
    # pages this run built (the lists also name pages other runs build).
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="brochures/ar/" hreflang="ar"' in home
    built = {"en", "es", "ar"}
    for page in site.rglob("*.html"):
        for _, _, url in _links(page):
            target = _local_target(site, page, url)
            if target is None or url.startswith("#"):
                continue
            parts = target.relative_to(site).parts
            if parts[0] == "brochures" and len(parts) > 3 and parts[1] not in built:
                continue
            if parts[0] == "brochures" and len(parts) > 3 and parts[2] != "cosmetic":
                continue
            assert target.is_file(), f"{page.relative_to(site)}: {url}"
