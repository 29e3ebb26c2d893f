"""Sphinx extension: bibliography labels that read as the citations do, and order for corporate authors.

The book cites author and year ("[Kuzio, 2001]", ``bibtex_reference_style: author_year``), so the list
of references is labelled the same way ("[Kuzio, 2001]", not pybtex's ``alpha`` "[Kuz01]"): a reader
finds a citation's entry by the words of the citation. A corporate author written in braces
(``{Arms Control Association}``) is named in full, without its braces, and sorted by that name (its
sort key began with the brace, so such entries came after every other); an entry without a year is
"n.d.", as the citation says; two entries with the same label get a, b. A citation of several works
separates them with semicolons ("[Golts, 2011; Stent, 2021]"; the default comma ran the authors and
years together), by the reference style ``author_year_semicolon``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sphinxcontrib.bibtex.plugin
from author_year import author_year
from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.labels.alpha import LabelStyle as AlphaLabelStyle
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitleSortingStyle
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


def _semicolons() -> BracketStyle:
    return BracketStyle(sep="; ")


@dataclass
class SemicolonAuthorYearReferenceStyle(AuthorYearReferenceStyle):
    """Author-year citations, several works in one citation separated by semicolons."""

    bracket_parenthetical: BracketStyle = field(default_factory=_semicolons)
    bracket_textual: BracketStyle = field(default_factory=_semicolons)


class AuthorYearLabelStyle(AlphaLabelStyle):
    """Labels "Author, year": one author's last name, "A and B" for two, "A et al." for more."""

    def format_label(self, entry):
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(p.last_names) for p in persons]
        return author_year(names, entry.fields.get("year"), entry.fields.get("title", "?"))


class CorporateSortingStyle(AuthorYearTitleSortingStyle):
    def person_key(self, person):
        return super().person_key(person).replace("{", "").replace("}", "")


class CorporateStyle(AlphaStyle):
    default_label_style = "author_year_corporate"
    default_sorting_style = "author_year_title_corporate"


def setup(app):
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "author_year_semicolon", SemicolonAuthorYearReferenceStyle
    )
    register_plugin("pybtex.style.labels", "author_year_corporate", AuthorYearLabelStyle)
    register_plugin("pybtex.style.sorting", "author_year_title_corporate", CorporateSortingStyle)
    register_plugin("pybtex.style.formatting", "alpha_corporate", CorporateStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
