"""Open built site pages in headless Chromium (Debian's, through its ChromeDriver) from a
local static server, and run axe-core in them: the tests' real browser."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# WCAG 2.2 level A and AA, and the 2.0 and 2.1 rules they include (axe's tags).
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def missing() -> str | None:
    """What the browser tests lack on this machine, or None."""
    for path, install in (
        (CHROMIUM, "apt-get install chromium"),
        (CHROMEDRIVER, "apt-get install chromium-driver"),
        (AXE, "npm ci --prefix tests/browser"),
    ):
        if not Path(path).is_file():
            return f"{path} is missing ({install})"
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def static_server(root: Path) -> Iterator[str]:
    """Serve `root` on localhost as a plain static host does; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium(width: int = 1280, height: int = 900, javascript: bool = True) -> Iterator[object]:
    """A headless Chromium with a profile of its own that talks to nothing but localhost
    (`javascript` false: with scripts switched off, as some readers have them)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="brochures-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        "--force-device-scale-factor=1",
        "--lang=en-US",
    ):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    # Both paths given: Selenium Manager, which would look for drivers online, is not run.
    service = Service(executable_path=CHROMEDRIVER, env={**os.environ, "SE_OFFLINE": "true"})
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def viewport(driver: object, width: int, height: int = 800, mobile: bool = False) -> None:
    """Make the page `width` CSS pixels wide, as a phone of that width shows it (a
    headless window cannot be made narrower than about 500 pixels)."""
    driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def sideways_overflow(driver: object) -> list[str]:
    """The elements that stick out of the viewport at the side (the page then scrolls
    sideways), and the page's own overflow if it has any."""
    return driver.execute_script(  # type: ignore[attr-defined]
        """
        const root = document.documentElement, width = root.clientWidth, found = [];
        if (root.scrollWidth > width) found.push(`page: ${root.scrollWidth}px wide in ${width}px`);
        for (const e of document.body.querySelectorAll("*")) {
          const box = e.getBoundingClientRect();
          if (box.width && (box.right > width + 0.5 || box.left < -0.5)
              && !e.closest(".skip-link") && getComputedStyle(e).visibility !== "hidden")
            found.push(`${e.tagName.toLowerCase()}.${e.className} `
                       + `${Math.round(box.left)}..${Math.round(box.right)}`);
        }
        return found.slice(0, 20);
        """
    )


def run_axe(driver: object) -> list[dict]:
    """axe-core's WCAG 2.2 AA violations on the page the driver shows."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    result = driver.execute_async_script(  # type: ignore[attr-defined]
        """
        const done = arguments[arguments.length - 1];
        const only = {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]};
        axe.run(document, only)
          .then(r => done(JSON.stringify(r.violations)))
          .catch(e => done(JSON.stringify([{id: "axe-error", help: String(e), nodes: []}])));
        """,
        WCAG_AA,
    )
    return json.loads(result)


def describe(violations: list[dict]) -> str:
    """A line per violation and up to three of its elements, for an assertion message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']}: {violation.get('help', '')}")
        for node in violation.get("nodes", [])[:3]:
            lines.append(f"    {node.get('target')}: {node.get('failureSummary', '')[:200]}")
    return "\n".join(lines)
