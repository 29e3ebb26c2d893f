"""Sphinx extension: bibliography labels for corporate authors.

pybtex's ``alpha`` labels abbreviate a name's parts, and a corporate author written in braces
(``{Arms Control Association}``) is one part, so its label came out as ``[ArmsCAssociation]``. The
style ``alpha_corporate`` gives such an author its initials instead (``[ACA]``, ``[SCO05]``) and
every other entry the ``alpha`` label it had.
"""

from __future__ import annotations

import re

from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.labels.alpha import LabelStyle as AlphaLabelStyle


class CorporateLabelStyle(AlphaLabelStyle):
    def format_lab_names(self, persons):
        if len(persons) == 1 and not persons[0].first_names:
            (name,) = persons[0].last_names or [""]
            words = re.findall(r"[A-Za-z]\w*", name.strip("{}"))
            if len(words) > 1:  # a name in braces of several words: an organisation
                return "".join(w[0].upper() for w in words)
        return super().format_lab_names(persons)


class CorporateStyle(AlphaStyle):
    default_label_style = "alpha_corporate"


def setup(app):
    register_plugin("pybtex.style.labels", "alpha_corporate", CorporateLabelStyle)
    register_plugin("pybtex.style.formatting", "alpha_corporate", CorporateStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
