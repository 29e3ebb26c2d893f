"""The built book in a real browser: headless Chromium (Debian's), driven by Playwright.

Every page is served on loopback and opened; any request to another host is blocked and counted.
Checked per page: no console errors or page errors, every image loaded, every internal link (and
its #fragment) resolves; per chapter: the expected number of figures. Screenshots of the first
page and of the tone chapter are kept in tests/artifacts/.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from conftest import CANARY_MARKUP, CANARY_PAGE, CHAPTER_FIGURES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FIGURES = CHAPTER_FIGURES
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]

if CHROMIUM is None:
    if os.environ.get("CI") == "true":  # .ci/run installs Chromium: its absence there is a failure
        raise RuntimeError("Chromium is not installed; .ci/run should have installed the Debian package")
    pytest.skip("Chromium not installed (apt-get install chromium)", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="module")
def site(built_book: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_book)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", built_book
    server.shutdown()


@pytest.fixture(scope="module")
def report(site):
    """Open every page once and record what a reader's browser saw."""
    base, root = site
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html") if "_static" not in p.parts)
    seen = {}
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        outside: list[str] = []

        def guard(route):
            host = urlparse(route.request.url).hostname
            if host in ("127.0.0.1", "localhost"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        ARTIFACTS.mkdir(exist_ok=True)
        for rel in pages:
            page = context.new_page()
            errors: list[str] = []
            dialogs: list[str] = []
            page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
            page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(base + rel, wait_until="load")
            if 'http-equiv="Refresh"' in (root / rel).read_text("utf-8"):  # index.html redirects to the intro
                page.wait_for_url(lambda url, rel=rel: not url.endswith(rel))
                page.wait_for_load_state("load")
            info = page.evaluate("""() => ({
                images: [...document.images].map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0]),
                links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
                ids: [...document.querySelectorAll('[id]')].map(e => e.id),
                figures: [...document.querySelectorAll('figure[id^="fig-"]')].length,
                zoom: [...document.querySelectorAll('figure[id^="fig-"] img')].map(
                    i => (i.closest('a.figure-zoom') || {}).href === i.src),
                text: document.body.innerText,
                injected: document.querySelectorAll('img[src="x"], img[onerror]').length
                    + [...document.scripts].filter(s => s.textContent.includes('alert(1)')).length,
            })""")
            if rel in ("index.html", "book/chapters/05_tone.html"):
                shot = ARTIFACTS / ("first_page.png" if rel == "index.html" else "tone_chapter.png")
                page.screenshot(path=str(shot), full_page=True)
            page.wait_for_timeout(50)  # an onerror handler would fire after the failed image load
            seen[rel] = {**info, "errors": errors, "dialogs": dialogs, "url": page.url}
            page.close()
        browser.close()
    return {"pages": seen, "outside": outside, "base": base}


def test_every_page_opens_without_console_errors(report):
    assert len(report["pages"]) >= 8
    bad = {p: r["errors"] for p, r in report["pages"].items() if r["errors"]}
    assert bad == {}


def test_every_figure_opens_at_full_size(report):
    # book/_ext/page_aids.py: each numbered figure's image is a link to the image file itself
    zoom = {p: r["zoom"] for p, r in report["pages"].items() if r["zoom"]}
    assert sum(len(z) for z in zoom.values()) >= sum(FIGURES.values())
    assert {p: z for p, z in zoom.items() if not all(z)} == {}


def test_no_request_leaves_the_machine(report):
    assert report["outside"] == []


def test_every_image_loads(report):
    broken = {p: [src for src, ok in r["images"] if not ok] for p, r in report["pages"].items()}
    assert {p: b for p, b in broken.items() if b} == {}
    assert sum(len(r["images"]) for r in report["pages"].values()) >= sum(FIGURES.values())


def test_every_internal_link_resolves(report):
    base, pages = report["base"], report["pages"]
    missing = []
    for rel, r in pages.items():
        for href in r["links"]:
            url = urljoin(r["url"], href)  # relative to where the page ended up (index.html redirects)
            if not url.startswith(base):
                continue  # external links (repository, Binder) are not followed
            target, fragment = urldefrag(url)
            path = target[len(base) :] or "index.html"
            if path.endswith("/"):
                path += "index.html"
            if path not in pages:
                if not path.startswith(("_sources/", "_static/", "_images/")) and not path.endswith(".ipynb"):
                    missing.append((rel, href))
                continue
            if fragment and fragment not in pages[path]["ids"]:
                missing.append((rel, href))
    assert missing == []


@pytest.mark.parametrize(("chapter", "n"), sorted(FIGURES.items()))
def test_each_chapter_shows_its_figures(report, chapter, n):
    assert report["pages"][f"book/chapters/{chapter}.html"]["figures"] == n


def test_screenshots_are_kept(report):
    for name in ("first_page.png", "tone_chapter.png"):
        assert (ARTIFACTS / name).stat().st_size > 20_000


def test_no_page_opens_a_dialog(report):
    assert {p: r["dialogs"] for p, r in report["pages"].items() if r["dialogs"]} == {}


def test_canary_markup_is_shown_as_text(report):
    """The canary's <script> and <img onerror> appear literally in every table path, and nothing runs."""
    canary = report["pages"][CANARY_PAGE]
    assert canary["dialogs"] == [] and canary["errors"] == []
    assert canary["injected"] == 0
    for markup in CANARY_MARKUP:
        assert canary["text"].count(markup) >= 4, markup  # documents, kwic, Styler, to_html tables


def test_no_link_points_to_an_unset_or_placeholder_repository(report):
    """Repository, issues and launch links exist only for the repository named in BOOK_REPOSITORY_URL."""
    repository = os.environ.get("BOOK_REPOSITORY_URL", "").strip().rstrip("/")
    bad = []
    for rel, r in report["pages"].items():
        for href in r["links"]:
            if "partnership-essay/partnership-essay" in href or re.search(r"github\.com/(None|$)", href):
                bad.append((rel, href))
            elif re.search(r"github\.com|gitlab\.com|mybinder\.org|colab\.research", href):
                if not repository or (repository.split("://", 1)[1] not in href):
                    bad.append((rel, href))
    assert bad == []
