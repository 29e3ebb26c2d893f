"""Validation against hand-checked samples: one matcher, one P/R/F1, one result shape.

Every measure that a gold standard can check -- sentence boundaries, time
references, actor mentions -- is scored here the same way. Gold items and
predictions are located by character offsets into the *raw source files*
(gold: ``file``, ``start``, ``end``; predictions: ``source``, ``source_start``,
``source_end``), so cleaning and the measure are judged together and a gold file
never depends on how the text was cleaned. :func:`score_spans` matches them one
to one and returns a :class:`Validation`: a table of scores (one row per
subset of the gold) and a table of errors (every false positive and every
missed gold item, with its context).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .corpus import Corpus
from .errors import ArgumentError, CorpusError, check_frame

__all__ = [
    "ERROR_COLUMNS",
    "SCORE_COLUMNS",
    "Validation",
    "passage_corpus",
    "prf",
    "read_jsonl",
    "score_spans",
    "wilson_interval",
]

#: Columns of :attr:`Validation.scores`.
SCORE_COLUMNS = [
    "subset",
    "n_gold",
    "n_predicted",
    "tp",
    "fp",
    "fn",
    "precision",
    "recall",
    "f1",
    "exact",
    "precision_low",
    "precision_high",
    "recall_low",
    "recall_high",
]
#: Columns of :attr:`Validation.errors`.
ERROR_COLUMNS = ["error", "file", "start", "end", "label", "text", "context"]


class Validation(NamedTuple):
    """What every scorer returns (unpack it: ``scores, errors = ...``).

    ``scores``: one row per subset (``"all"`` first), indexed by ``subset``,
    with ``n_gold``, ``n_predicted``, ``tp``, ``fp``, ``fn``, ``precision``,
    ``recall``, ``f1``, ``exact`` (the share of matches whose spans are
    identical) and the 95% Wilson intervals of precision (``precision_low``,
    ``precision_high``: tp out of n_predicted) and recall (``recall_low``,
    ``recall_high``: tp out of n_gold), see :func:`wilson_interval`.
    ``errors``: one row per false positive (``error`` = "false positive") or
    missed gold item ("missed") of the ``"all"`` subset, with
    ``file``, ``start``, ``end`` (raw-source offsets), ``label`` (what was
    predicted or expected, e.g. a year or an actor), ``text`` (the span) and
    ``context`` (up to 50 characters either side, ``|`` marking an empty span,
    ``[...]`` a non-empty one), sorted by file and offset.
    """

    scores: pd.DataFrame
    errors: pd.DataFrame


def wilson_interval(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval for a proportion k/n (95% by default).

    With p = k/n: centre = (p + z²/2n) / (1 + z²/n) and half-width
    = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n) (Wilson 1927). Unlike p ± z·sqrt(p(1-p)/n)
    it stays inside [0, 1] and is not empty at p = 0 or 1, which matters for the
    small validation samples a precision or recall is estimated on. ``n == 0``
    gives (NaN, NaN).

    >>> [round(x, 4) for x in ck.validation.wilson_interval(5, 10)]
    [0.2366, 0.7634]
    >>> [round(x, 4) for x in ck.validation.wilson_interval(0, 10)]
    [0.0, 0.2775]
    """
    if n == 0:
        return float("nan"), float("nan")
    p, z2 = k / n, z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts.

    precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2PR / (P + R);
    a ratio with a zero denominator is NaN (nothing predicted, nothing to find).

    >>> ck.prf(3, 1, 1)
    (0.75, 0.75, 0.75)
    """
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if p + r else float("nan")  # NaN + NaN is NaN: stays NaN
    return p, r, f


def read_jsonl(path: str | Path) -> list[dict]:
    r"""The records of a JSON Lines gold file (one JSON object per line; blank lines skipped).

    A missing file, bytes that are not UTF-8, or a line that is not a JSON
    object raise :class:`~corpuskit.errors.CorpusError` naming the file and line.

    Examples
    --------
    >>> lines = '{"file": "a", "start": 0, "end": 12}\n\n{"file": "b", "start": 4, "end": 9}\n'
    >>> _ = open("gold.jsonl", "w", encoding="utf-8").write(lines)
    >>> ck.read_jsonl("gold.jsonl")
    [{'file': 'a', 'start': 0, 'end': 12}, {'file': 'b', 'start': 4, 'end': 9}]
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise CorpusError(f"{path}: cannot read the gold file: {err}") from None
    records = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            raise CorpusError(f"{path}: line {n}: not valid JSON: {err.msg}") from None
        if not isinstance(rec, dict):
            raise CorpusError(f"{path}: line {n}: expected a JSON object, got {type(rec).__name__}")
        records.append(rec)
    return records


def passage_corpus(passages: pd.DataFrame) -> Corpus:
    r"""A corpus holding only the hand-checked passages of a gold sample, at their offsets in the source files.

    ``passages`` has one row per passage: ``file``, ``start``, ``end``, ``text``
    (``raw[start:end]`` of the source file) and ``date`` (the file's date; one
    per file). Each file becomes a document (``doc_id`` and source = ``file``)
    whose text is the passages at their own offsets, the characters between
    them replaced by line breaks. A gold sample that stores its passages can so
    be scored without the corpus it was drawn from, with the gold's offsets
    unchanged: each passage is a paragraph of its own, and sentences,
    tokens and time references never reach across a blank line, so within a
    passage they are what they are in the whole file -- provided each passage
    is a whole paragraph of its file.

    Examples
    --------
    >>> passages = pd.DataFrame({"file": ["a", "a"], "start": [0, 14], "end": [12, 26], "date": ["2020", "2020"],
    ...                          "text": ["The cat sat.", "The dog ran."]})
    >>> corpus = ck.passage_corpus(passages)
    >>> corpus.documents["text"].tolist()
    ['The cat sat.\n\nThe dog ran.']
    >>> ck.sentences(corpus)[["source_start", "source_end", "text"]].to_dict("records")
    [{'source_start': 0, 'source_end': 12, 'text': 'The cat sat.'},
     {'source_start': 14, 'source_end': 26, 'text': 'The dog ran.'}]
    """
    from .load import corpus_from_frame  # load imports the stages that use this module

    check_frame(passages, "passages", ["file", "start", "end", "text", "date"])
    rows = []
    for f, g in passages.sort_values(["file", "start"]).groupby("file", sort=True):
        if g["date"].nunique() != 1:
            raise ArgumentError(f"passages: file {f!r} has more than one date: {sorted(map(str, set(g['date'])))}")
        chars = ["\n"] * int(g["end"].max())
        last = 0
        for a, b, text in zip(g["start"], g["end"], g["text"]):
            if a < last or b - a != len(text):
                raise ArgumentError(f"passages: {f!r} [{a}, {b}) overlaps another passage or does not fit its text")
            chars[a:b] = list(text)
            last = b
        rows.append({"doc_id": f, "date": str(g["date"].iat[0]), "text": "".join(chars)})
    return corpus_from_frame(pd.DataFrame(rows))


def _match(pred: pd.DataFrame, gold: pd.DataFrame, label: str | None, how: str) -> tuple[np.ndarray, np.ndarray]:
    """For each prediction the position of the gold item it matches (-1: none), and whether exactly."""
    out = np.full(len(pred), -1, dtype=np.int64)
    exact = np.zeros(len(pred), dtype=bool)
    groups: dict = {}
    keys = ["file"] + ([label] if label else [])
    for key, g in gold.groupby(keys, sort=False, dropna=False):
        g = g.sort_values(["start", "end"], kind="stable")
        groups[key if isinstance(key, tuple) else (key,)] = (
            g["start"].to_numpy(),
            g["end"].to_numpy(),
            g["_pos"].to_numpy(),
        )
    used: set[int] = set()
    pkeys = ["source"] + ([label] if label else [])
    order = np.lexsort((pred["source_end"].to_numpy(), pred["source_start"].to_numpy()))
    cols = [pred[k].to_numpy() for k in pkeys]
    ps, pe = pred["source_start"].to_numpy(), pred["source_end"].to_numpy()
    for i in order:
        cand = groups.get(tuple(c[i] for c in cols))
        if cand is None:
            continue
        gs, ge, gpos = cand
        if how == "exact":
            lo, hi = np.searchsorted(gs, ps[i], "left"), np.searchsorted(gs, ps[i], "right")
            hits = [j for j in range(lo, hi) if ge[j] == pe[i]]
        else:  # overlap: gold start < pred end and gold end > pred start
            hi = np.searchsorted(gs, pe[i], "left")
            hits = [j for j in range(hi) if ge[j] > ps[i]]
        for j in hits:
            if gpos[j] not in used:
                used.add(int(gpos[j]))
                out[i] = gpos[j]
                exact[i] = gs[j] == ps[i] and ge[j] == pe[i]
                break
    return out, exact


def _context(raw: str | None, a: int, b: int) -> str:
    if raw is None:
        return ""
    mid = " | " if a == b else f"[{raw[a:b]}]"
    return (raw[max(0, a - 50) : a] + mid + raw[b : b + 50]).replace("\n", " ")


def score_spans(
    pred: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    label: str | None = None,
    how: str = "overlap",
    regions: pd.DataFrame | None = None,
    subsets: Mapping[str, Callable[[pd.DataFrame], Sequence[bool]]] | None = None,
    sources: Mapping[str, str] | None = None,
) -> Validation:
    """Score predicted spans against gold spans, matched one to one on raw-source offsets.

    Parameters
    ----------
    pred
        ``source``, ``source_start``, ``source_end`` (and ``label``, if given).
        An empty span (start == end) is a point, such as a sentence boundary.
    gold
        ``file``, ``start``, ``end`` (and ``label``).
    label
        A column both tables hold that must agree for a match (a year, an
        actor); ``None``: position alone.
    how
        ``"overlap"`` (default): a prediction matches a gold item of the same
        file and label whose span overlaps its own (gold start < predicted end
        and gold end > predicted start); ``"exact"``: identical offsets (use it
        for points). Predictions are taken in source order, each matching the
        first unused candidate, so each gold item is matched at most once.
    regions
        ``file``, ``start``, ``end`` of the passages that were checked by hand:
        predictions that overlap none of them (or, for points, lie outside
        all of them) are not scored. ``None``: every prediction is scored.
    subsets
        Further rows of the scores table: name -> a function of a table with
        ``file``, ``start``, ``end`` (and the gold's other columns, for gold
        items) returning a mask. A subset keeps the gold items and the
        predictions its function selects; a prediction matched to a gold item
        outside the subset is left out of it (neither right nor wrong there).
        To select gold items by kind, give predictions the same column.
    sources
        Raw text of each file, for the ``text`` and ``context`` of errors.

    Returns
    -------
    Validation
        ``(scores, errors)``; TP = matched predictions, FP = predictions
        matched to nothing, FN = gold items matched by nothing, and
        precision, recall, F1 from :func:`prf`.

    Examples
    --------
    >>> pred = pd.DataFrame({"source": ["a", "a", "a"], "source_start": [0, 10, 30], "source_end": [4, 15, 34],
    ...                      "year": [2001, 1999, 2010]})
    >>> gold = pd.DataFrame({"file": ["a", "a"], "start": [0, 10], "end": [4, 15], "year": [2001, 1998]})
    >>> scores, errors = ck.score_spans(pred, gold, label="year")
    >>> print(scores[["n_gold", "n_predicted", "tp", "fp", "fn", "precision", "recall"]].to_string())
            n_gold  n_predicted  tp  fp  fn  precision  recall
    subset
    all          2            3   1   2   1   0.333333     0.5
    >>> print(errors[["error", "start", "end", "label"]].to_string(index=False))
             error  start  end  label
    false positive     10   15   1999
            missed     10   15   1998
    false positive     30   34   2010
    """
    check_frame(pred, "predictions", ["source", "source_start", "source_end", *([label] if label else [])])
    check_frame(gold, "gold", ["file", "start", "end", *([label] if label else [])])
    if how not in ("overlap", "exact"):
        raise ArgumentError(f"how={how!r}: expected 'overlap' or 'exact'")
    gold = gold.reset_index(drop=True).assign(_pos=np.arange(len(gold)))
    pred = pred.reset_index(drop=True)
    if regions is not None:
        check_frame(regions, "regions", ["file", "start", "end"])
        keep = np.zeros(len(pred), dtype=bool)
        for f, r in regions.groupby("file"):
            rs, re_ = r["start"].to_numpy(), r["end"].to_numpy()
            sel = (pred["source"] == f).to_numpy()
            a = pred["source_start"].to_numpy()[sel][:, None]
            b = pred["source_end"].to_numpy()[sel][:, None]
            inside = ((rs < b) & (re_ > a)) | ((a == b) & (rs <= a) & (re_ >= b))
            keep[np.flatnonzero(sel)] = inside.any(axis=1)
        pred = pred[keep].reset_index(drop=True)
    matched, exact = _match(pred, gold, label, how)
    as_gold = pred.drop(columns=[c for c in ("file", "start", "end") if c in pred.columns]).rename(
        columns={"source": "file", "source_start": "start", "source_end": "end"}
    )
    rows = []
    for name, select in {"all": None, **(subsets or {})}.items():
        gmask = np.ones(len(gold), bool) if select is None else np.asarray(select(gold), dtype=bool)
        pmask = np.ones(len(pred), bool) if select is None else np.asarray(select(as_gold), dtype=bool)
        # a prediction matched to gold outside the subset is neither right nor wrong in it
        pmask = pmask & ((matched < 0) | gmask[np.clip(matched, 0, None)])
        hit = pmask & (matched >= 0)
        tp, n_pred, n_gold = int(hit.sum()), int(pmask.sum()), int(gmask.sum())
        p, r, f = prf(tp, n_pred - tp, n_gold - tp)
        rows.append(
            {
                "subset": name,
                "n_gold": n_gold,
                "n_predicted": n_pred,
                "tp": tp,
                "fp": n_pred - tp,
                "fn": n_gold - tp,
                "precision": p,
                "recall": r,
                "f1": f,
                "exact": exact[hit].mean() if tp else float("nan"),
                **dict(zip(["precision_low", "precision_high"], wilson_interval(tp, n_pred))),
                **dict(zip(["recall_low", "recall_high"], wilson_interval(tp, n_gold))),
            }
        )
    scores = pd.DataFrame(rows, columns=SCORE_COLUMNS).set_index("subset")
    errors = []
    found = set(matched[matched >= 0].tolist())
    for rows_of, kind in ((as_gold[matched < 0], "false positive"), (gold[~gold["_pos"].isin(found)], "missed")):
        for r in rows_of.itertuples(index=False):
            raw = sources.get(r.file) if sources else None
            text = raw[r.start : r.end] if raw is not None else (str(r.text) if "text" in rows_of.columns else "")
            errors.append(
                {
                    "error": kind,
                    "file": r.file,
                    "start": int(r.start),
                    "end": int(r.end),
                    "label": getattr(r, label) if label else None,
                    "text": text,
                    "context": _context(raw, int(r.start), int(r.end)),
                }
            )
    errs = pd.DataFrame(errors, columns=ERROR_COLUMNS)
    errs = errs.sort_values(["file", "start", "end"], kind="stable").reset_index(drop=True)
    return Validation(scores, errs)
