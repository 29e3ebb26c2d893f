"""Sphinx extension: reading aids. Every figure opens at full size when clicked; tables' headers sit
over their columns' text.

The book's figures are drawn wider than the page's text column (up to 1,111 pixels, shown at about
670), so small labels are hard to read in place. A short script wraps each figure's image in a link to
the image file itself; the stylesheet gives it a zoom cursor and aligns the headers of the book's
tables (``essay.table``) to the left, like their text. Nothing is fetched from outside the book.
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "static"


def _add_static(app) -> None:
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def setup(app):
    app.connect("builder-inited", _add_static)
    app.add_js_file("figure_zoom.js")
    app.add_css_file("page_aids.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
