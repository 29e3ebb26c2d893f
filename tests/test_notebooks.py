"""Notebook regression: execute every chapter afresh and compare it with its stored outputs.

The committed notebooks carry their outputs (written by ``make regen-notebooks``); they are the
baseline. Only what is truly volatile is ignored: PNG bytes (they depend on freetype and the
matplotlib version), execution counts, output metadata, and notebook-level kernel/version metadata.
Every text output -- printed numbers, tables (text/plain and text/html), glued values -- is compared,
so a changed number or table fails the test. The glue *names*, which live in the ignored output
metadata, are compared separately.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_notebook.nb_regression import NBRegressionError, NBRegressionFixture

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts
)

DIFF_IGNORE = (
    "/metadata",  # notebook metadata: kernelspec, language_info (Python version)
    "/cells/*/execution_count",
    "/cells/*/outputs/*/execution_count",
    "/cells/*/metadata/execution",  # timing stamps, if a tool wrote them
    "/cells/*/outputs/*/metadata",  # output metadata (image sizes; glue names are checked below)
    "/cells/*/outputs/*/data/image/png",  # PNG bytes
    "/cells/*/outputs/*/data/application/papermill.record/image/png",  # glued PNG bytes
)
# Object addresses in default reprs ("<... at 0x7f3a2c1d0e50>") differ between runs.
DIFF_REPLACE = (("/cells/*/outputs", r"\bat 0x[0-9a-fA-F]+", "at 0xADDRESS"),)


def glue_keys(nb) -> list[tuple[int, str, str, tuple[str, ...]]]:
    """(cell, glue name, mime prefix, mime types) of every glue output."""
    keys = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            scrap = out.get("metadata", {}).get("scrapbook")
            if scrap:
                keys.append((i, scrap["name"], scrap.get("mime_prefix", ""), tuple(sorted(out.get("data", {})))))
    return keys


def make_fixture(force_regen: bool = False) -> NBRegressionFixture:
    return NBRegressionFixture(
        exec_timeout=600,
        exec_cwd=None,  # the notebook's folder, as in the book build
        diff_ignore=DIFF_IGNORE,
        diff_replace=DIFF_REPLACE,
        diff_use_color=False,
        force_regen=force_regen,
    )


@pytest.fixture
def nb_regression(request) -> NBRegressionFixture:
    return make_fixture(bool(request.config.getoption("nb_force_regen")))


def test_every_chapter_is_covered():
    names = {p.relative_to(ROOT).as_posix() for p in NOTEBOOKS}
    assert {
        "book/chapters/01_corpus.ipynb",
        "book/chapters/04_vocabulary.ipynb",
        "book/chapters/05_tone.ipynb",
        "book/chapters/06_cast.ipynb",
        "book/appendix/methods.ipynb",
    } <= names


@pytest.mark.notebook
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_outputs_match_stored_baseline(nb_regression: NBRegressionFixture, notebook: Path):
    result = nb_regression.check(str(notebook))
    assert glue_keys(result.nb_final) == glue_keys(result.nb_initial)


@pytest.mark.notebook
def test_regression_fails_when_a_number_changes(tmp_path: Path):
    """The comparison is not vacuous: a notebook whose stored number differs must fail."""
    import nbformat

    source = ROOT / "book" / "chapters" / "01_corpus.ipynb"
    nb = nbformat.read(source, as_version=4)
    # Falsify one stored number in the paragraph/sentence/word counts table (an HTML table).
    data = next(
        out["data"]
        for c in reversed(nb.cells)
        if c.cell_type == "code"
        for out in c.get("outputs", [])
        if "<td>article</td>" in out.get("data", {}).get("text/html", "")
    )
    number = re.search(r"<td>(\d[\d,]*)</td>", data["text/html"])
    falsified = str(int(number.group(1).replace(",", "")) + 1)
    data["text/html"] = data["text/html"].replace(number.group(0), f"<td>{falsified}</td>", 1)
    copy = tmp_path / "chapters" / "01_corpus.ipynb"
    copy.parent.mkdir()
    nbformat.write(nb, str(copy))
    fixture = make_fixture()
    fixture.exec_cwd = str(source.parent)
    with pytest.raises(NBRegressionError) as err:
        fixture.check(str(copy))
    assert "text/html" in str(err.value)
