"""Every public verb of corpuskit carries a short example in its docstring, and every example runs.

The examples are doctests: each is executed here with ``ck`` (corpuskit), ``pd`` (pandas) and
``np`` (numpy) already imported, so a docstring whose example no longer matches what the function
returns fails the suite. Matplotlib draws off screen (Agg).
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import matplotlib
import numpy as np
import pandas as pd
import pytest

import corpuskit as ck

matplotlib.use("Agg")

MODULES = sorted(
    m.name for m in pkgutil.iter_modules(ck.__path__, "corpuskit.") if m.name not in {"corpuskit.__main__"}
)
VERBS = sorted(n for n in ck.__all__ if inspect.isfunction(getattr(ck, n)))
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def _examples() -> list[doctest.DocTest]:
    """Every docstring example in the package (each object in the module that defines it)."""
    finder = doctest.DocTestFinder(exclude_empty=True)
    found: dict[str, doctest.DocTest] = {}
    for name in ["corpuskit", *MODULES]:
        for test in finder.find(importlib.import_module(name), name, globs={"ck": ck, "pd": pd, "np": np}):
            if test.examples:
                found.setdefault(test.name, test)
    return [found[k] for k in sorted(found)]


EXAMPLES = _examples()


@pytest.mark.parametrize("verb", VERBS)
def test_every_public_verb_has_an_example(verb: str):
    doc = inspect.getdoc(getattr(ck, verb)) or ""
    assert ">>> " in doc, f"corpuskit.{verb} has no example (a '>>> ' line) in its docstring"


@pytest.mark.parametrize("example", EXAMPLES, ids=[t.name for t in EXAMPLES])
def test_example_runs(example: doctest.DocTest, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    report: list[str] = []
    with pd.option_context("display.width", 100, "display.max_columns", 20):
        runner = doctest.DocTestRunner(optionflags=FLAGS)
        runner.run(example, out=report.append)
    assert runner.failures == 0, "".join(report)
