"""Sphinx extension: resolve ``corpuskit.<name>`` cross-references to where the API reference documents them.

corpuskit's docstrings refer to the public API by the name users import (``:func:`corpuskit.tokens```),
while the reference page (book/appendix/reference.md) documents each name in the module that defines it
(``corpuskit.segment.tokens``). For a Python cross-reference to ``corpuskit.<name>`` that Sphinx cannot
resolve, where ``<name>`` is in ``corpuskit.__all__``, this looks for the one documented
``corpuskit.<module>.<name>`` that is the same object and links there. Anything else stays unresolved,
so a wrong name still fails the nitpicky (``-n -W``) build.
"""

from __future__ import annotations

import importlib


def _resolve_reexport(app, env, node, contnode):
    if node.get("refdomain") != "py":
        return None
    package, _, name = node.get("reftarget", "").rpartition(".")
    if package != "corpuskit":
        return None
    corpuskit = importlib.import_module("corpuskit")
    if name not in getattr(corpuskit, "__all__", ()):
        return None
    obj = getattr(corpuskit, name)
    domain = env.get_domain("py")
    homes = []
    for fullname in domain.objects:
        parts = fullname.split(".")
        if len(parts) == 3 and parts[0] == "corpuskit" and parts[2] == name:
            module = importlib.import_module(f"corpuskit.{parts[1]}")
            if getattr(module, name, None) is obj:
                homes.append(fullname)
    if len(homes) != 1:
        return None
    return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"], homes[0], node, contnode)


def setup(app):
    app.connect("missing-reference", _resolve_reexport)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
