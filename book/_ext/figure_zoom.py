"""Sphinx extension: every figure opens at full size when clicked.

The book's figures are drawn wider than the page's text column (the three-panel network is 1,311
pixels wide, shown at about 670), so small labels are hard to read in place. A short script wraps each
figure's image in a link to the image file itself; the stylesheet gives it a zoom cursor. Nothing is
fetched from outside the book.
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
    app.add_css_file("figure_zoom.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
