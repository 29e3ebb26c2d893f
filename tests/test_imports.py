"""No module of corpuskit imports its own caller: the import graph of ``src/corpuskit`` has no cycle.

The graph is built from the source with ``ast``: an edge for every ``import`` of a corpuskit module,
at the top of a module or inside a function or method (an import that runs late still ties the two
modules together). Only imports under ``if TYPE_CHECKING:`` are left out: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "corpuskit"


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING":
            skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skip


def module_imports(path: Path, modules: set[str]) -> set[str]:
    """The corpuskit modules ``path`` imports (``__init__`` for the package itself)."""
    tree = ast.parse(path.read_text("utf-8"))
    skip = _type_checking_only(tree)
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level == 0 and not (node.module or "").startswith("corpuskit"):
                continue
            if node.level > 1:
                raise AssertionError(f"{path.name}: relative import beyond the package")
            parts = (node.module or "").split(".")
            target = parts[1] if node.level == 0 and len(parts) > 1 else (parts[0] if node.level else "")
            if target:
                found.add(target)
            else:  # from . import x: a module x, or a name defined in __init__
                found |= {a.name if a.name in modules else "__init__" for a in node.names}
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "corpuskit":
                    found.add(parts[1] if len(parts) > 1 else "__init__")
    return found


def import_graph() -> dict[str, set[str]]:
    paths = {p.stem: p for p in PACKAGE.glob("*.py")}
    return {name: module_imports(path, set(paths)) - {name} for name, path in paths.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of modules (first = last), or ``None`` (depth-first search)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_cycle_finder_finds_cycles_and_only_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_sees_function_level_and_package_imports(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nfrom . import errors, __version__\nimport corpuskit.dates\n"
        "if TYPE_CHECKING:\n    from .plot import x\n"
        "def f():\n    from .corpus import Corpus\n    from corpuskit.load import load_corpus\n",
        encoding="utf-8",
    )
    modules = {"errors", "dates", "corpus", "load", "plot"}
    assert module_imports(source, modules) == {"errors", "__init__", "dates", "corpus", "load"}


def test_the_package_import_graph_has_no_cycle():
    graph = import_graph()
    assert {"corpus", "load", "clean", "segment", "errors"} <= set(graph)
    cycle = find_cycle(graph)
    assert cycle is None, f"import cycle: {' -> '.join(cycle)}"


def test_the_corpus_module_imports_no_pipeline_stage():
    assert import_graph()["corpus"] <= {"errors"}


def test_corpus_methods_still_run_their_stages(raw_corpus, clean):
    import pandas as pd
    from conftest import RULES, SEEDS
    from pandas.testing import assert_frame_equal

    import corpuskit as ck

    assert_frame_equal(ck.Corpus.from_folder(SEEDS).documents, raw_corpus.documents)
    assert_frame_equal(raw_corpus.clean(RULES).documents, ck.clean_corpus(raw_corpus, RULES).documents)
    assert_frame_equal(clean.sentences(), ck.sentences(clean))
    assert_frame_equal(clean.paragraphs(), ck.paragraphs(clean))
    assert_frame_equal(clean.tokens(lower=True), ck.tokens(clean, lower=True))
    frame = pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": ["Hello."]})
    assert_frame_equal(ck.Corpus.from_frame(frame).documents, ck.corpus_from_frame(frame).documents)


def test_an_unregistered_stage_is_a_corpus_error(monkeypatch, raw_corpus):
    import pytest

    import corpuskit as ck
    from corpuskit import corpus

    monkeypatch.delitem(corpus._STAGES, "clean")
    with pytest.raises(ck.CorpusError, match=r"Corpus\.clean: the pipeline stage is not registered"):
        raw_corpus.clean()
