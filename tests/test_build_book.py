"""tools/build_book.py on a two-notebook book: the build runs beside the execution and waits for it.

`make book` starts ``jupyter-book build`` while the notebooks are still executing; Sphinx holds each
notebook (``book/_ext/await_execution.py``) until ``build_book`` has stored it in the cache. These
tests build a small book with the real tools: a good build renders both notebooks from the cache, and
a notebook whose cell raises stops the build with its traceback (the waiting build is told to stop, and
does, instead of hanging or executing the notebook itself).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import await_execution  # noqa: E402

CONFIG = """\
title: two notebooks
author: test
only_build_toc_files: true
execute:
  execute_notebooks: cache
  timeout: 120
  allow_errors: false
  raise_on_error: true
sphinx:
  local_extensions:
    await_execution: book/_ext
  config:
    include_patterns: ["book/**"]
"""

TOC = """\
format: jb-book
root: book/intro
chapters:
- file: book/a_first
- file: book/b_second
"""


def _notebook(path: Path, *sources: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}")] + [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)


def _small_book(root: Path, second: str) -> Path:
    (root / "tools").mkdir(parents=True)
    for name in ("build_book.py", "kernel_zygote.py"):
        shutil.copy2(ROOT / "tools" / name, root / "tools" / name)
    (root / "book" / "_ext").mkdir(parents=True)
    shutil.copy2(ROOT / "book" / "_ext" / "await_execution.py", root / "book" / "_ext")
    (root / "_config.yml").write_text(CONFIG, "utf-8")
    (root / "_toc.yml").write_text(TOC, "utf-8")
    (root / "book" / "intro.md").write_text("# Intro\n\nTwo notebooks.\n", "utf-8")
    _notebook(root / "book" / "a_first.ipynb", "import time\ntime.sleep(1)\nprint('first', 6 * 7)")
    _notebook(root / "book" / "b_second.ipynb", second)
    # the first notebook is expected to be the longer one, so it is executed first
    (root / "tools" / "execution_seconds.json").write_text(json.dumps({"book/a_first.ipynb": 9.0}), "utf-8")
    return root


def _build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(root / "tools" / "build_book.py"), "--book", str(root), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_build_renders_every_notebook_from_the_cache(tmp_path):
    root = _small_book(tmp_path / "good", "print('second', 2 + 3)")
    done = _build(root)
    log = done.stdout + done.stderr
    assert done.returncode == 0, log[-4000:]
    assert "2 notebooks rendered from the cache" in log
    html = (root / "_build" / "html" / "book" / "a_first.html").read_text("utf-8")
    assert "first 42" in html
    assert "second 5" in (root / "_build" / "html" / "book" / "b_second.html").read_text("utf-8")
    assert not (root / "_build" / ".jupyter_cache").exists()


def test_a_failing_notebook_stops_the_waiting_build(tmp_path):
    root = _small_book(tmp_path / "bad", "raise RuntimeError('planted failure')")
    done = _build(root)
    log = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Executing book/b_second.ipynb failed" in log and "planted failure" in log
    assert "1 of 2 notebooks failed to execute" in log
    # the build was waiting for that notebook and stopped on the signal, without executing it itself
    assert "book/b_second: executing the notebooks failed" in log
    assert "Executing notebook using" not in log


class _App:
    def __init__(self, suffix: str) -> None:
        self.env = types.SimpleNamespace(doc2path=lambda docname: f"/src/{docname}{suffix}")


def test_await_returns_once_the_notebook_is_marked(tmp_path, monkeypatch):
    monkeypatch.setenv(await_execution.SIGNALS, str(tmp_path))
    monkeypatch.delenv(await_execution.PARENT, raising=False)
    flag = await_execution.signal_path(tmp_path, "book/chapters/01_x")
    assert flag == tmp_path / "book" / "chapters" / "01_x.done"
    flag.parent.mkdir(parents=True)
    flag.touch()
    await_execution._await(_App(".ipynb"), "book/chapters/01_x", [""])


def test_await_ignores_pages_that_are_not_notebooks_and_builds_without_signals(tmp_path, monkeypatch):
    monkeypatch.setenv(await_execution.SIGNALS, str(tmp_path))
    await_execution._await(_App(".md"), "book/intro", [""])  # would wait forever if it waited
    monkeypatch.delenv(await_execution.SIGNALS)
    await_execution._await(_App(".ipynb"), "book/chapters/01_x", [""])


def test_await_leaves_an_unexecuted_notebook_to_myst_nb_once_all_are_done(tmp_path, monkeypatch):
    monkeypatch.setenv(await_execution.SIGNALS, str(tmp_path))
    monkeypatch.delenv(await_execution.PARENT, raising=False)
    (tmp_path / "ALL_DONE").touch()
    await_execution._await(_App(".ipynb"), "book/extra", [""])


def test_await_stops_on_abort_and_when_the_executing_process_is_gone(tmp_path, monkeypatch):
    from sphinx.errors import ExtensionError

    monkeypatch.setenv(await_execution.SIGNALS, str(tmp_path))
    monkeypatch.setenv(await_execution.PARENT, "1")  # not this process's parent: it is gone
    with pytest.raises(ExtensionError, match="book/x: the process executing the notebooks"):
        await_execution._await(_App(".ipynb"), "book/x", [""])
    (tmp_path / "ABORT").touch()
    with pytest.raises(ExtensionError, match="book/x: executing the notebooks failed"):
        await_execution._await(_App(".ipynb"), "book/x", [""])


def test_the_build_reads_the_pages_first_then_the_notebooks_in_the_order_they_will_be_ready(tmp_path, monkeypatch):
    monkeypatch.setenv(await_execution.SIGNALS, str(tmp_path))
    (tmp_path / "ORDER").write_text("book/c\nbook/a\n", "utf-8")
    suffix = {"book/a": ".ipynb", "book/b": ".md", "book/c": ".ipynb", "book/d": ".md", "book/e": ".ipynb"}
    env = types.SimpleNamespace(doc2path=lambda d: f"/src/{d}{suffix[d]}")
    docnames = sorted(suffix)
    await_execution._reorder(None, env, docnames)
    assert docnames == ["book/b", "book/d", "book/c", "book/a", "book/e"]  # a notebook not in ORDER comes last
    monkeypatch.delenv(await_execution.SIGNALS)
    docnames = sorted(suffix)
    await_execution._reorder(None, env, docnames)  # a bare jupyter-book build: Sphinx's own order
    assert docnames == sorted(suffix)
