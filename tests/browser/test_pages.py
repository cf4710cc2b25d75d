"""The web edition in a real browser: headless Chromium opens built pages from a local
static server, axe-core checks them against WCAG 2.2 AA, and the tests check reflow at
320 px, the QR code's address, the revision notice, the site working without JavaScript,
and that no page asks anything of another host."""

from __future__ import annotations

import os
import time
from urllib.parse import urlsplit

import browser
import pytest

from brochures.builder.pipeline import build_with_result
from brochures.builder.plan import BuildOptions
from conftest import CLINIC, CONTENT, LOCALES

LANGUAGES = ("en", "es", "ar", "zh-Hans")  # Latin, right to left, CJK
TOPIC = "neurological"
# Every kind of page: a brochure's, a language's list of brochures, the home page.
PAGES = (
    [f"brochures/{lang}/{TOPIC}/" for lang in LANGUAGES]
    + [f"brochures/{lang}/" for lang in LANGUAGES]
    + [""]
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def _browser_available():
    problem = browser.missing()
    if problem:
        # .ci/run installs all three and sets this: there a missing browser is a failure.
        if os.environ.get("BROCHURES_BROWSER_TESTS") == "required":
            pytest.fail(f"the browser tests cannot run: {problem}")
        pytest.skip(f"no browser to test in: {problem}")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    options = BuildOptions(
        format="site",
        langs=LANGUAGES,
        topics=(TOPIC,),
        out_dir=out,
        content_dir=CONTENT,
        locales_dir=LOCALES,
        clinic_file=CLINIC,
    )
    build_with_result(options, report=lambda _: None)
    return out


@pytest.fixture(scope="module")
def server(site):
    with browser.static_server(site) as base:
        yield base


@pytest.fixture(scope="module")
def chromium():
    with browser.chromium() as driver:
        yield driver


def _open(driver, url: str, width: int = 1280) -> None:
    browser.viewport(driver, width, 900, mobile=width < 600)
    driver.get(url)
    driver.execute_script("return document.fonts.ready.then(() => true)")


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("page", PAGES)
def test_no_accessibility_violations(server, chromium, page, width):
    _open(chromium, f"{server}/{page}", width)
    violations = browser.run_axe(chromium)
    assert violations == [], browser.describe(violations)


@pytest.mark.parametrize("page", PAGES)
def test_pages_reflow_without_sideways_scrolling(server, chromium, page):
    # 320 CSS pixels: the WCAG reflow width; 640: a desktop window at 200% zoom.
    for width in (320, 640):
        _open(chromium, f"{server}/{page}", width)
        assert browser.sideways_overflow(chromium) == [], f"{page} at {width}px"


def test_the_printed_code_opens_its_page(site, server, chromium):
    import pypdfium2
    import zxingcpp

    pdf = site / "brochures" / "es" / TOPIC / f"{TOPIC}.pdf"
    found = []
    for page in pypdfium2.PdfDocument(pdf.read_bytes()):
        found += [code.text for code in zxingcpp.read_barcodes(page.render(scale=4).to_pil())]
    (address,) = found
    parts = urlsplit(address)
    assert parts.path == f"/brochures/es/{TOPIC}" and parts.query.startswith("rev=")
    # On a static host the address names a folder: it is served from its index.html.
    _open(chromium, f"{server}{parts.path}?{parts.query}", 320)
    heading = chromium.find_element("css selector", "h1").text
    assert "cerebro" in heading and chromium.title.startswith(heading.split("\n")[0][:20])
    assert chromium.execute_script("return document.documentElement.lang") == "es"
    notice = chromium.find_element("id", "revision-notice")
    assert not notice.is_displayed()  # the printed copy is this revision
    violations = browser.run_axe(chromium)
    assert violations == [], browser.describe(violations)
    _open(chromium, f"{server}{parts.path}?rev=2020-01-01", 320)
    notice = chromium.find_element("id", "revision-notice")
    assert notice.is_displayed() and "actualizó" in notice.text


def test_the_pages_work_without_javascript(server):
    with browser.chromium(javascript=False) as driver:
        _open(driver, f"{server}/brochures/ar/{TOPIC}/?rev=2020-01-01", 320)
        main = driver.find_element("id", "main")
        assert main.is_displayed() and "FDA" in main.text
        assert not driver.find_element("id", "revision-notice").is_displayed()
        links = driver.find_elements("css selector", ".downloads a")
        assert len(links) == 3 and all(link.is_displayed() for link in links)
        # The language switcher opens without a script.
        driver.find_element("css selector", ".switcher summary").click()
        english = driver.find_element("css selector", '.switcher a[hreflang="en"]')
        assert english.is_displayed()


@pytest.mark.parametrize(
    ("lang", "family"),
    [("en", "Brochure Sans"), ("ar", "Brochure Arabic"), ("zh-Hans", "Brochure CJK SC")],
)
def test_fonts_come_from_the_site_and_nothing_else_is_asked_for(server, chromium, lang, family):
    _open(chromium, f"{server}/brochures/{lang}/{TOPIC}/")
    time.sleep(0.2)
    loaded = chromium.execute_script(
        "return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert any(name.strip('"') == family for name in loaded), loaded
    requested = chromium.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert requested and all(url.startswith(server) for url in requested), requested


def test_the_skip_link_comes_first_and_moves_to_the_text(server, chromium):
    from selenium.webdriver.common.keys import Keys

    _open(chromium, f"{server}/brochures/en/{TOPIC}/")
    body = chromium.find_element("css selector", "body")
    body.send_keys(Keys.TAB)
    active = chromium.switch_to.active_element
    assert active.get_attribute("class").startswith("skip-link") and active.is_displayed()
    active.send_keys(Keys.ENTER)
    assert chromium.execute_script("return location.hash") == "#main"
    assert chromium.switch_to.active_element.get_attribute("id") == "main"


def test_printing_the_page_leaves_the_menus_out(server, chromium):
    _open(chromium, f"{server}/brochures/en/{TOPIC}/")
    chromium.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = chromium.execute_script(
            "return ['.site-nav', '.downloads'].map(s => "
            "getComputedStyle(document.querySelector(s)).display)"
        )
        assert hidden == ["none", "none"]
        assert chromium.find_element("css selector", ".regulatory").is_displayed()
    finally:
        chromium.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
