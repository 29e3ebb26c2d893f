"""Sphinx extension: drop duplicate <script> entries from every HTML page.

sphinx-thebe registers its configuration script in an ``env-before-read-docs`` handler, which runs
more than once in a Jupyter Book build; each page then declares ``const THEBE_JS_URL`` twice and the
browser logs "Identifier 'THEBE_JS_URL' has already been declared". The browser test checks that no
page logs an error.
"""

from __future__ import annotations


def _dedupe(app, pagename, templatename, context, doctree):
    files = context.get("script_files")
    if not files:
        return
    seen = set()
    unique = []
    for js in files:
        # inline scripts come with filename None or "" depending on who added them
        key = (str(getattr(js, "filename", js) or ""), repr(sorted(getattr(js, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _dedupe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
