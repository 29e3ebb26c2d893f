"""How the book names a work it cites: "Kuzio, 2001", "Hutto and Gilbert, 2014", "Silge et al., 2016".

One rule for the list of references (``bib_labels.py``, the labels pybtex writes) and for the claim
summaries the chapters print (``book/essay.py``), so that a citation and its entry read alike. No imports:
a notebook's kernel loads it without Sphinx or pybtex.
"""

from __future__ import annotations


def author_year(last_names: list[str], year: str | None, title: str = "?") -> str:
    """``"Name, year"``: one author's last name, "A and B" for two, "A et al." for more (braces dropped)."""
    names = [n.replace("{", "").replace("}", "").strip() for n in last_names]
    if not names:
        who = title
    elif len(names) <= 2:
        who = " and ".join(names)
    else:
        who = f"{names[0]} et al."
    return f"{who}, {year or 'n.d.'}"
