"""Sphinx extension: read a notebook only once ``tools/build_book.py`` has executed it into the cache.

``make book`` (``tools/build_book.py``) starts ``jupyter-book build`` while it is still executing the
notebooks, so that Sphinx reads and renders the Markdown pages, the API reference and the notebooks
already executed on the core the kernels leave free. It tells the build where it leaves its signals
in the environment variable ``BOOK_EXECUTION_SIGNALS`` (a folder): ``<docname>.done`` once a
notebook's outputs are in the jupyter-cache, ``ALL_DONE`` when every notebook has been executed,
``ABORT`` when one failed. When Sphinx comes to a notebook (``source-read``, before myst-nb looks
it up in the cache) this handler waits for its signal. A notebook with no signal once ``ALL_DONE``
exists is left to myst-nb (which executes it itself, and ``build_book`` then fails the build); on
``ABORT``, or if the process that started the build is gone, the build stops with an error.

So that Sphinx waits as little as it can, it reads the other pages first (the API reference, whose
autodoc imports corpuskit, takes seconds), then the notebooks in the order ``build_book`` expects them
to be ready (the list in ``ORDER``, one docname per line; ``env-before-read-docs`` lets an extension
reorder the documents to read). The order of reading changes nothing in the HTML: cross-references,
glue and citations are resolved after every document has been read.

Without ``BOOK_EXECUTION_SIGNALS`` (a bare ``jupyter-book build .``) the extension does nothing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from sphinx.errors import ExtensionError

SIGNALS = "BOOK_EXECUTION_SIGNALS"
PARENT = "BOOK_EXECUTION_PARENT"
POLL_SECONDS = 0.02


def signal_path(folder: str | os.PathLike[str], docname: str) -> Path:
    """The file that says the notebook ``docname`` (e.g. ``book/chapters/01_corpus``) is in the cache."""
    return Path(folder, *docname.split("/")).with_name(docname.rsplit("/", 1)[-1] + ".done")


def _await(app, docname: str, source: list[str]) -> None:
    folder = os.environ.get(SIGNALS)
    if not folder or not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    done, everything, abort = signal_path(folder, docname), Path(folder, "ALL_DONE"), Path(folder, "ABORT")
    parent = os.environ.get(PARENT)
    while not done.exists():
        if abort.exists():
            raise ExtensionError(f"{docname}: executing the notebooks failed (tools/build_book.py says why)")
        if everything.exists():
            return
        if parent and str(os.getppid()) != parent:
            raise ExtensionError(f"{docname}: the process executing the notebooks (pid {parent}) is gone")
        time.sleep(POLL_SECONDS)


def _reorder(app, env, docnames: list[str]) -> None:
    folder = os.environ.get(SIGNALS)
    if not folder:
        return
    try:
        order = Path(folder, "ORDER").read_text("utf-8").split()
    except OSError:
        order = []
    rank = {d: i for i, d in enumerate(order)}
    notebook = {d: str(env.doc2path(d)).endswith(".ipynb") for d in docnames}
    # a stable sort: pages first, in their order; then notebooks in ORDER's (any other at the end)
    docnames.sort(key=lambda d: (notebook[d], rank.get(d, len(rank)) if notebook[d] else 0))


def setup(app):
    app.connect("env-before-read-docs", _reorder)
    # before myst-nb's parser, which runs after every source-read handler
    app.connect("source-read", _await, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
