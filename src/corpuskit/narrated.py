"""Stage 4e of the pipeline: narrated time -- which years a sentence talks about.

A text published in 2016 may be about 2001. :func:`time_references` resolves the
time expressions of each sentence to calendar years, with rules that need no
model and that say how each year was found (column ``how``):

explicit
    a four-digit year, 1800-2099, not part of a longer number and not a decade
    ("in 2003", "the 2008 war", "June 2001"; not "1990s", "60,000").
event
    "9/11", "post-9/11", "Sept. 11", "September 11" (not followed by a year): 2001.
relative (to the document's publication date)
    "N years ago", "a decade ago" (pub - N); "last year" (pub - 1); "the past
    year" (the twelve months before publication: pub - 1 and pub); "this year",
    "next year"; a month and day with no year ("October 15": the latest such
    date up to publication); "last <Month>" (the latest such month
    before the publication month); a month name after "in", "since", "by",
    "during", "early", "late" or "mid-" with no day or year ("in June": the
    latest such month up to the publication month); "the tenth anniversary of
    ..." (an anniversary being marked: the publication year; "the fiftieth
    anniversary summit" is not resolved); "today", "these days", "this
    week", "in recent days", "last Saturday" and the like (the publication year).
    Month-relative expressions need a date known at least to the month.

Not resolved: anaphora ("later that fall", "that year", "then"), deictic "now"
(in a narrative it is often story time), named events other than 9/11
("Beslan", "the Orange Revolution"), vague spans ("in recent years", "over the
last two years"), and paraphrases a spinning program made of these forms.
Sentences without a reference are kept and counted, not dropped.

Corrections of the source ("invaded Afghanistan in October 2011", meaning 2001)
are data, not rules: pass ``overrides`` (doc_id, expr, year, note) and the
resolved year is replaced, with the note in ``how``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .corpus import Corpus, check_corpus
from .errors import ArgumentError, CorpusError, check_frame
from .segment import sentences
from .yamlio import read_yaml

__all__ = ["narrated_years", "time_reference_scores", "time_references"]

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_RE = "|".join(m.capitalize() for m in _MONTHS)
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}
_NUM = r"\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True))

# (kind, how, pattern); patterns are tried in order and a span is used once.
_RULES: list[tuple[str, str, re.Pattern]] = [
    ("relative", "N years ago", re.compile(rf"\b(?P<n>{_NUM})\s+years?\s+ago\b", re.I)),
    ("relative", "N decades ago", re.compile(rf"\b(?P<n>{_NUM})\s+decades?\s+ago\b", re.I)),
    ("explicit", "explicit year", re.compile(r"(?<![\d.$/-])(?<!\d,)(?P<y>1[89]\d\d|20\d\d)(?!\d|,\d|s\b|/\d)")),
    ("event", "9/11", re.compile(r"(?<![\w/])(?:post-)?9/11\b")),
    ("event", "9/11", re.compile(r"\bSept(?:\.|ember)?\s+11\b(?!,?\s+\d{4})")),
    ("relative", "the past year", re.compile(r"\bthe\s+(?:past|last)\s+year\b", re.I)),
    ("relative", "last year", re.compile(r"\b(?:last|the\s+previous)\s+year\b", re.I)),
    ("relative", "this year", re.compile(r"\bthis\s+year\b", re.I)),
    ("relative", "next year", re.compile(r"\bnext\s+year\b", re.I)),
    ("relative", "last <month>", re.compile(rf"\blast\s+(?P<m>{_MONTH_RE})\b")),
    (
        "relative",
        "<month> <day> without year",
        re.compile(rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}}|\d)"),
    ),
    (
        "relative",
        "<month> without year",
        re.compile(
            rf"\b(?:in|since|until|by|during|early|late|mid-?)\s+(?:early\s+|late\s+|mid-)?(?P<m>{_MONTH_RE})\b"
            r"(?!\s+\d{1,2}\b|,?\s+\d{4})"
        ),
    ),
    (
        "relative",
        "anniversary",
        re.compile(
            r"\b(?:\d+(?:st|nd|rd|th)|first|fifth|tenth|fifteenth|twentieth|twenty-fifth|thirtieth|fiftieth)"
            r"\s+anniversary(?=\s+of\b)",
            re.I,
        ),
    ),
    (
        "relative",
        "present",
        re.compile(
            r"\b(?:today|these\s+days|this\s+(?:week|month|fall|autumn|spring|summer|winter)|"
            r"in\s+recent\s+(?:days|weeks|months)|in\s+the\s+last\s+few\s+weeks|"
            r"last\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
            re.I,
        ),
    ),
]


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def resolve_text(text: str, published: pd.Timestamp, precision: str) -> list[dict]:
    """Time references in one text, as dicts with ``start``, ``end``, ``expr``, ``year``, ``kind``, ``how``.

    ``published`` is the document's date, ``precision`` its precision; see the
    module docstring for the rules. Overlapping matches: the first rule wins.
    """
    taken = np.zeros(len(text) + 1, dtype=bool)
    month_known = precision not in ("year",)
    out = []
    for kind, how, rx in _RULES:
        for m in rx.finditer(text):
            a, b = m.span()
            if taken[a:b].any():
                continue
            pub = published.year
            if how == "N years ago":
                years, detail = [pub - _number(m.group("n"))], f"{m.group('n')} years before {pub}"
            elif how == "N decades ago":
                n = _number(m.group("n"))
                years, detail = [pub - 10 * n], f"{n} decades before {pub}"
            elif how == "explicit year":
                years, detail = [int(m.group("y"))], how
            elif how == "9/11":
                years, detail = [2001], "9/11 (2001)"
            elif how == "the past year":  # the twelve months before publication: two calendar years
                years, detail = [pub - 1, pub], f"twelve months before {published:%Y-%m}"
            elif how == "last year":
                years, detail = [pub - 1], f"year before {pub}"
            elif how in ("this year", "anniversary", "present"):
                years, detail = [pub], f"{how}: publication year {pub}"
            elif how == "next year":
                years, detail = [pub + 1], f"year after {pub}"
            else:  # month-relative
                if not month_known:
                    continue
                month = _MONTHS.index(m.group("m").lower()) + 1
                if how == "last <month>":
                    before = month < published.month
                elif how == "<month> <day> without year" and precision not in ("month",):
                    before = (month, int(m.group("d"))) <= (published.month, published.day)
                else:
                    before = month <= published.month
                years, detail = [pub if before else pub - 1], f"{how}, published {published:%Y-%m}"
            taken[a:b] = True
            for year in years:
                out.append({"start": a, "end": b, "expr": m.group(), "year": year, "kind": kind, "how": detail})
    return sorted(out, key=lambda r: r["start"])


def _load_overrides(overrides: str | Path | pd.DataFrame | Mapping | list | None) -> pd.DataFrame:
    if overrides is None:
        return pd.DataFrame(columns=["doc_id", "expr", "year", "note"])
    if isinstance(overrides, list):
        overrides = pd.DataFrame(overrides)
    elif isinstance(overrides, (str, Path)):
        data = read_yaml(overrides, error=CorpusError, what="overrides file", expect=(dict, list))
        if isinstance(data, Mapping):
            data = data.get("overrides", [])
        if not isinstance(data, list) or not all(isinstance(r, Mapping) for r in data):
            raise CorpusError(f"{overrides}: expected a list of overrides (doc_id, expr, year, note)")
        overrides = pd.DataFrame(data)
    elif isinstance(overrides, Mapping):
        overrides = pd.DataFrame(overrides)
    elif not isinstance(overrides, pd.DataFrame):
        raise ArgumentError(
            f"overrides: expected a path, a DataFrame, a mapping or a list, got {type(overrides).__name__}"
        )
    missing = {"doc_id", "expr", "year"} - set(overrides.columns)
    if missing:
        raise CorpusError(f"overrides lack column(s) {sorted(missing)}; expected doc_id, expr, year, note")
    if "note" not in overrides:
        overrides = overrides.assign(note="corrected by hand")
    return overrides


def time_references(corpus: Corpus, *, overrides: str | Path | pd.DataFrame | Mapping | None = None) -> pd.DataFrame:
    """Every resolved time reference of every sentence: one row per reference.

    Columns: ``doc_id``, ``sentence_id``, ``start``, ``end`` (offsets in the
    document text), ``expr`` (as written), ``year``, ``kind`` (explicit, event,
    relative), ``how`` (the rule and the date it used).

    ``overrides`` (a YAML file, DataFrame or list of records with ``doc_id``,
    ``expr``, ``year``, ``note`` and optionally ``in_sentence``, text that the
    sentence must contain) replaces the year of matching references. An
    override that matches nothing is an error, so a stale correction cannot
    pass unnoticed.
    """
    check_corpus(corpus)
    need = {"date", "date_precision"} - set(corpus.documents.columns)
    if need:
        raise CorpusError(f"time_references needs document dates; missing column(s) {sorted(need)}")
    docs = corpus.documents.set_index("doc_id")
    rows = []
    for rec in sentences(corpus).itertuples(index=False):
        date, precision = docs.at[rec.doc_id, "date"], docs.at[rec.doc_id, "date_precision"]
        if pd.isna(date):
            raise CorpusError(f"document {rec.doc_id!r} has no date: relative expressions cannot be resolved")
        for ref in resolve_text(rec.text, date, precision):
            rows.append(
                {
                    "doc_id": rec.doc_id,
                    "sentence_id": rec.sentence_id,
                    "start": rec.start + ref["start"],
                    "end": rec.start + ref["end"],
                    **{k: ref[k] for k in ("expr", "year", "kind", "how")},
                }
            )
    out = pd.DataFrame(rows, columns=["doc_id", "sentence_id", "start", "end", "expr", "year", "kind", "how"])
    out["year"] = out["year"].astype("int64")
    texts = None  # sentence texts, looked up only if an override needs its context
    for o in _load_overrides(overrides).to_dict("records"):
        hit = (out["doc_id"] == o["doc_id"]) & (out["expr"] == str(o["expr"]))
        context = o.get("in_sentence")
        if isinstance(context, str) and context:
            if texts is None:
                key = pd.MultiIndex.from_frame(out[["doc_id", "sentence_id"]])
                texts = sentences(corpus).set_index(["doc_id", "sentence_id"])["text"].reindex(key)
                texts.index = out.index
            hit &= texts.str.contains(context, regex=False)
        if not hit.any():
            raise CorpusError(f"override for {o['doc_id']!r} {o['expr']!r} matches no time reference")
        out.loc[hit, "year"] = int(o["year"])
        out.loc[hit, "how"] = f"override: {o['note']}"
    return out


def narrated_years(scored: pd.DataFrame, refs: pd.DataFrame) -> pd.DataFrame:
    """Sentences joined to the years they talk about: one row per (sentence, distinct year).

    A sentence that mentions 2001 and 2003 appears once under each; a sentence
    with no reference appears once with ``year`` missing (<NA>), so it is counted
    rather than dropped. ``n_years`` gives how many distinct years the sentence names.
    """
    check_frame(scored, "scored", ["doc_id", "sentence_id"], what="a sentences table")
    check_frame(refs, "refs", ["doc_id", "sentence_id", "year"], what="the table of time_references")
    years = refs.groupby(["doc_id", "sentence_id"])["year"].unique().rename("years").reset_index()
    out = scored.merge(years, on=["doc_id", "sentence_id"], how="left")
    out["n_years"] = out["years"].map(lambda ys: len(ys) if isinstance(ys, np.ndarray) else 0)
    out = out.explode("years").rename(columns={"years": "year"})
    out["year"] = out["year"].astype("Int64")
    return out.reset_index(drop=True)


def time_reference_scores(refs: pd.DataFrame, gold: pd.DataFrame, sents: pd.DataFrame) -> dict:
    """Precision and recall of resolved years against hand-checked ones.

    ``gold`` has one row per gold reference with ``file``, ``start``, ``end``
    (the sentence's offsets in the raw source), ``year`` and ``kind``;
    ``sents`` is the sentences table of the corpus whose ``refs`` are scored
    (it links ``doc_id``/``sentence_id`` to source offsets via ``source``,
    ``source_start``, ``source_end``). Units are (sentence, year) pairs:
    precision = correct pairs / resolved pairs, recall = correct pairs / gold
    pairs. Also given: recall over gold references the rules are meant to
    resolve (kinds other than "anaphoric").
    """
    check_frame(refs, "refs", ["doc_id", "sentence_id", "year"], what="the table of time_references")
    check_frame(gold, "gold", ["file", "start", "end", "year", "kind"])
    check_frame(sents, "sents", ["doc_id", "sentence_id", "source", "source_start", "source_end"])
    key = sents.set_index(["doc_id", "sentence_id"])[["source", "source_start", "source_end"]]
    pred = refs.join(key, on=["doc_id", "sentence_id"])
    # match a predicted sentence to a gold sentence by overlap in the source
    gold_sent = gold[["file", "start", "end"]].drop_duplicates().sort_values(["file", "start"])
    lookup = {}
    for f, g in gold_sent.groupby("file"):
        lookup[f] = (g["start"].to_numpy(), g["end"].to_numpy())

    def gold_key(source, a, b):
        if source not in lookup:
            return None
        starts, ends = lookup[source]
        i = np.searchsorted(starts, b, side="left") - 1
        return (source, int(starts[i])) if i >= 0 and ends[i] > a else None

    pred_pairs = set()
    for r in pred.itertuples(index=False):
        k = gold_key(r.source, r.source_start, r.source_end)
        if k is not None:
            pred_pairs.add((*k, int(r.year)))
    gold_pairs = {(r.file, int(r.start), int(r.year)) for r in gold.itertuples(index=False) if pd.notna(r.year)}
    resolvable = {
        (r.file, int(r.start), int(r.year))
        for r in gold.itertuples(index=False)
        if pd.notna(r.year) and r.kind != "anaphoric"
    }
    tp = len(pred_pairs & gold_pairs)
    p = tp / len(pred_pairs) if pred_pairs else float("nan")
    r = tp / len(gold_pairs) if gold_pairs else float("nan")
    r2 = len(pred_pairs & resolvable) / len(resolvable) if resolvable else float("nan")
    return {
        "tp": tp,
        "predicted": len(pred_pairs),
        "gold": len(gold_pairs),
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else float("nan"),
        "gold_resolvable": len(resolvable),
        "recall_resolvable": r2,
        "false_positives": sorted(pred_pairs - gold_pairs),
        "missed": sorted(gold_pairs - pred_pairs),
    }
