"""Sphinx extension: reading aids. Every figure opens at full size when clicked; tables' headers sit
over their columns' text; a negative number pasted into the prose (``{glue:text}``) has a minus sign.

The book's figures are drawn wider than the page's text column (up to 1,111 pixels, shown at about
670), so small labels are hard to read in place. A short script wraps each figure's image in a link to
the image file itself; the stylesheet gives it a zoom cursor and aligns the headers of the book's
tables (``essay.table``) to the left, like their text. Nothing is fetched from outside the book.

myst-nb formats a glued number with Python's ``format``, which writes a hyphen-minus ("-0.10"); the tables
write U+2212 ("−0.10"). The pasted numbers are given the same sign after the page is read.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes

STATIC = Path(__file__).parent / "static"


def _add_static(app) -> None:
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


_NEGATIVE = re.compile(r"-(?=\d|\.\d)")


def _minus_signs(app, doctree, docname) -> None:
    """A pasted number's hyphen-minus becomes a minus sign (U+2212), as in the book's tables."""
    for node in doctree.findall(nodes.inline):
        if "pasted-text" not in node.get("classes", []):
            continue
        text = node.astext()
        if re.fullmatch(r"[-+]?(?:\d[\d,]*)?(?:\.\d+)?(?:e[-+]?\d+)?%?", text) and _NEGATIVE.match(text):
            node.children = [nodes.Text(_NEGATIVE.sub("\u2212", text))]


def setup(app):
    app.connect("doctree-resolved", _minus_signs)
    app.connect("builder-inited", _add_static)
    app.add_js_file("figure_zoom.js")
    app.add_css_file("page_aids.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
