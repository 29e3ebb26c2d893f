"""Sphinx extension: bibliography labels and order for corporate authors.

pybtex's ``alpha`` labels abbreviate a name's parts, and a corporate author written in braces
(``{Arms Control Association}``) is one part, so its label came out as ``[ArmsCAssociation]``; and
its sort key began with the brace, so such entries came after every other. The style
``alpha_corporate`` gives such an author its initials (``[ACA]``, ``[SCO05]``) and sorts it by its
name without braces; every other entry keeps the ``alpha`` label and order it had.
"""

from __future__ import annotations

import re

from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.labels.alpha import LabelStyle as AlphaLabelStyle
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitleSortingStyle


class CorporateLabelStyle(AlphaLabelStyle):
    def format_lab_names(self, persons):
        if len(persons) == 1 and not persons[0].first_names:
            (name,) = persons[0].last_names or [""]
            words = re.findall(r"[A-Za-z]\w*", name.strip("{}"))
            if len(words) > 1:  # a name in braces of several words: an organisation
                return "".join(w[0].upper() for w in words)
        return super().format_lab_names(persons)


class CorporateSortingStyle(AuthorYearTitleSortingStyle):
    def person_key(self, person):
        return super().person_key(person).replace("{", "").replace("}", "")


class CorporateStyle(AlphaStyle):
    default_label_style = "alpha_corporate"
    default_sorting_style = "author_year_title_corporate"


def setup(app):
    register_plugin("pybtex.style.labels", "alpha_corporate", CorporateLabelStyle)
    register_plugin("pybtex.style.sorting", "author_year_title_corporate", CorporateSortingStyle)
    register_plugin("pybtex.style.formatting", "alpha_corporate", CorporateStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
