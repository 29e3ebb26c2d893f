"""The book builds with every notebook executed, zero warnings, and the expected pages and figures."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def network_isolation() -> list[str] | None:
    """A command prefix that runs a program with no network but loopback, if this machine allows it."""
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    if not unshare or not ip:
        return None
    probe = subprocess.run([unshare, "-n", ip, "link", "set", "lo", "up"], capture_output=True)
    if probe.returncode != 0:
        return None
    return [unshare, "-n", "sh", "-c", f'{ip} link set lo up && exec "$@"', "isolated"]


@pytest.fixture(scope="module")
def built_book(tmp_path_factory) -> Path:
    """Build the book from a copy of the repository, so the working tree's _build is untouched.

    Where the machine allows it, the build runs in a network namespace with only loopback (the
    notebook kernels talk to the builder over 127.0.0.1): any attempt to fetch something fails
    the build.
    """
    copy = tmp_path_factory.mktemp("book") / "repo"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "_build", ".pytest_cache", "__pycache__", ".hypothesis"),
    )
    jb = Path(sys.executable).with_name("jupyter-book")
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    prefix = network_isolation() or []
    proc = subprocess.run(
        [*prefix, str(jb), "build", ".", "--all", "-W", "-n", "--keep-going"],
        cwd=copy,
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-5000:]
    assert "build succeeded" in log
    assert not re.search(r"WARNING: (?!.*Kernel is running over TCP)", log), log[-5000:]
    return copy / "_build" / "html"


def test_build_ran_without_network(built_book: Path):
    """The isolation the build ran in is real: the namespace has no interface but loopback."""
    prefix = network_isolation()
    if prefix is None:
        pytest.skip("no network namespace on this machine (needs unshare and ip as root)")
    proc = subprocess.run([*prefix, shutil.which("ip"), "-o", "link", "show"], capture_output=True, text=True)
    interfaces = [line.split(":")[1].strip() for line in proc.stdout.splitlines()]
    assert proc.returncode == 0 and interfaces == ["lo"], proc.stdout + proc.stderr


def test_every_page_is_built(built_book: Path):
    for page in [
        "index.html",
        "book/intro.html",
        "book/chapters/01_corpus.html",
        "book/appendix/methods.html",
        "book/appendix/references.html",
    ]:
        assert (built_book / page).is_file(), page


@pytest.mark.parametrize(
    ("chapter", "n_figures"), [("01_corpus", 2), ("02_vocabulary", 3), ("03_tone", 3), ("04_cast", 2)]
)
def test_chapters_have_numbered_figures_with_alt_text(built_book: Path, chapter: str, n_figures: int):
    html = (built_book / "book" / "chapters" / f"{chapter}.html").read_text("utf-8")
    assert html.count('<figure class="align-default" id="fig-') == n_figures
    assert len(set(re.findall(r'<span class="caption-number">Figure (\d+) </span>', html))) == n_figures
    figures = re.findall(r'<figure class="align-default" id="fig-[^"]+">(.*?)</figure>', html, re.S)
    alts = [re.search(r'<img alt="([^"]+)"', f).group(1) for f in figures]
    assert all(len(a) > 80 for a in alts), alts  # a description, not a file name


def test_glued_numbers_reach_the_prose(built_book: Path):
    intro = (built_book / "book" / "intro.html").read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", intro)
    assert re.search(r"reads\s+5\s+articles written between\s+2001\s+and\s+2021", text)
    assert re.search(r"plus\s+24\s+reader comments", text)


def test_pages_fetch_nothing_from_outside(built_book: Path):
    for page in built_book.rglob("*.html"):
        html = page.read_text("utf-8")
        for src in re.findall(r'<(?:script|img|link)[^>]+(?:src|href)="(https?://[^"]+)"', html):
            pytest.fail(f"{page.name} loads {src}")
