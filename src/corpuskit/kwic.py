"""Stage 4c of the pipeline: concordances (keyword in context) and collocations.

:func:`kwic` finds a word, a phrase or a pattern and shows each occurrence with
its context, document, sentence and character offsets -- so that any count in
the book can be traced to the sentences behind it. :func:`collocations` finds
adjacent word sequences that occur together more often than chance, so that
multi-word names and phrases surface without being listed by hand.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .corpus import Corpus, check_corpus
from .errors import ArgumentError, check_bool, check_int
from .keyness import keyness_stats
from .patterns import compile_user_pattern
from .segment import joinable_pairs, sentences, stopword_set, tokens

__all__ = ["collocations", "kwic"]

_VALUETYPES = ("glob", "regex", "fixed")


def _matcher(pattern: str, valuetype: str, case_insensitive: bool):
    flags = re.IGNORECASE if case_insensitive else 0
    if valuetype == "glob":
        rx = re.compile(fnmatch.translate(pattern), flags)
        return lambda tok: rx.match(tok) is not None
    if valuetype == "regex":  # a user's pattern: run with a time limit (corpuskit.patterns)
        rx = compile_user_pattern(pattern, "i" if case_insensitive else "", where="kwic pattern", error=ArgumentError)
        return lambda tok: rx.search(tok) is not None
    target = pattern.casefold() if case_insensitive else pattern
    return (lambda tok: tok.casefold() == target) if case_insensitive else (lambda tok: tok == target)


def kwic(
    corpus: Corpus,
    pattern: str | Sequence[str],
    *,
    window: int = 5,
    valuetype: str = "glob",
    case_insensitive: bool = True,
) -> pd.DataFrame:
    """Keyword in context, as in quanteda's ``kwic``.

    Parameters
    ----------
    corpus
        The corpus to search (tokens as in :func:`corpuskit.tokens`).
    pattern
        A word (``"reset"``), a glob (``"partner*"``, ``"cooperat*"``), a phrase
        of several tokens (``"missile defense"``, ``"marriage of *"``: a string
        is split on whitespace, each part matching one token), or with
        ``valuetype="regex"`` regular expressions searched within each token
        (``"^all(y|ies|iance)$"``). A list gives the phrase parts explicitly.
    window
        Tokens of context on each side (the context may cross sentences, not
        documents).
    valuetype
        ``"glob"`` (default; ``*`` any characters, ``?`` one), ``"regex"`` or
        ``"fixed"``.
    case_insensitive
        Match regardless of case (default True).

    Returns
    -------
    DataFrame
        One row per match: ``doc_id``, ``sentence_id``, ``token_id`` (first
        matched token), ``pre``, ``keyword``, ``post`` (text as written,
        punctuation kept, line breaks as spaces), ``start``, ``end`` (offsets of
        the match in the document text), ``source_start``, ``source_end``
        (offsets in the raw source), ``sentence`` (the sentence where the match
        starts) and ``pattern``. In document order.
    """
    check_corpus(corpus)
    if valuetype not in _VALUETYPES:
        raise ArgumentError(f"valuetype={valuetype!r} is not one of {_VALUETYPES}")
    check_int(window, "window", minimum=0)
    check_bool(case_insensitive, "case_insensitive")
    if isinstance(pattern, str):
        parts = pattern.split()
    elif isinstance(pattern, list | tuple):
        parts = list(pattern)
        for i, p in enumerate(parts):
            if not isinstance(p, str) or p.strip() == "":
                raise ArgumentError(f"pattern[{i}]={p!r}: expected a non-empty string (one token of the phrase)")
    else:
        raise ArgumentError(
            f"pattern={pattern!r}: expected a string or a list of strings, got {type(pattern).__name__}"
        )
    if not parts:
        raise ArgumentError(f"pattern={pattern!r} is empty: give a word, a phrase or a list of them")
    toks = tokens(corpus, lower=False)
    k = len(parts)
    uniq, inverse = np.unique(toks["token"].to_numpy(dtype=str), return_inverse=True)
    masks = []
    for p in parts:
        m = _matcher(p, valuetype, case_insensitive)
        masks.append(np.fromiter((m(u) for u in uniq), dtype=bool, count=len(uniq))[inverse])
    doc_codes = pd.factorize(toks["doc_id"])[0]
    n = len(toks)
    hit = np.ones(max(n - k + 1, 0), dtype=bool)
    for j, m in enumerate(masks):
        hit &= m[j : n - k + 1 + j]
        if j:
            hit &= doc_codes[j : n - k + 1 + j] == doc_codes[: n - k + 1]
    idx = np.flatnonzero(hit)
    columns = [
        "doc_id",
        "sentence_id",
        "token_id",
        "pre",
        "keyword",
        "post",
        "start",
        "end",
        "source_start",
        "source_end",
        "sentence",
        "pattern",
    ]
    if len(idx) == 0:
        return pd.DataFrame(columns=columns)
    sents = sentences(corpus).set_index(["doc_id", "sentence_id"])["text"]
    starts, ends = toks["start"].to_numpy(), toks["end"].to_numpy()
    src_s, src_e = toks["source_start"].to_numpy(), toks["source_end"].to_numpy()
    rows = []
    label = pattern if isinstance(pattern, str) else " ".join(pattern)
    for i in idx.tolist():
        last = i + k - 1
        doc = doc_codes[i]
        lo = i - window
        while lo < i and (lo < 0 or doc_codes[lo] != doc):
            lo += 1
        hi = last + window
        while hi > last and (hi >= n or doc_codes[hi] != doc):
            hi -= 1
        doc_id = toks["doc_id"].iat[i]
        text = corpus.text(doc_id)
        clean = lambda s: " ".join(s.split())  # noqa: E731
        rows.append(
            {
                "doc_id": doc_id,
                "sentence_id": int(toks["sentence_id"].iat[i]),
                "token_id": int(toks["token_id"].iat[i]),
                "pre": clean(text[starts[lo] : starts[i]]) if lo < i else "",
                "keyword": clean(text[starts[i] : ends[last]]),
                "post": clean(text[ends[last] : ends[hi]]) if hi > last else "",
                "start": int(starts[i]),
                "end": int(ends[last]),
                "source_start": int(src_s[i]),
                "source_end": int(src_e[last]),
                "sentence": sents.loc[(doc_id, int(toks["sentence_id"].iat[i]))],
                "pattern": label,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def collocations(
    corpus: Corpus,
    *,
    size: int = 2,
    min_count: int = 2,
    lower: bool = True,
    stopwords: bool | Iterable[str] | None = True,
    measure: str = "g2",
) -> pd.DataFrame:
    """Adjacent word sequences that occur together more often than chance.

    Candidates are sequences of ``size`` tokens inside one sentence with only
    whitespace between them (no punctuation). Each candidate is scored on the
    2x2 table of its first ``size - 1`` words (the prefix) against its last
    word, over all N candidate windows of that size::

        a = windows with this prefix and this last word      (the count n)
        b = windows with this prefix, another last word
        c = windows with another prefix, this last word
        d = N - a - b - c

    ``g2`` is the signed log-likelihood of that table (as in :func:`corpuskit.keyness`,
    without corrections) and ``pmi = log2(a * N / ((a + b) * (a + c)))`` the
    pointwise mutual information of prefix and last word. PMI rewards rare
    pairs; G2 balances strength and frequency, which is why it is the default
    sort key.

    Parameters
    ----------
    size
        2 (word pairs, default) or 3 (e.g. "marriage of convenience").
    min_count
        Keep candidates seen at least this often (default 2).
    lower
        Compare words lower-cased (default True).
    stopwords
        Drop candidates whose first or last word is a stopword (default True:
        the default list); inner stopwords are kept ("marriage of convenience").
        ``None`` keeps everything.
    measure
        Sort key: ``"g2"`` or ``"pmi"``.

    Returns
    -------
    DataFrame
        ``collocation``, ``n``, ``n_prefix`` (a + b), ``n_last`` (a + c),
        ``n_windows`` (N), ``g2``, ``g2_p``, ``pmi``; sorted by ``measure``
        descending, then ``n`` descending, then ``collocation``.
    """
    check_corpus(corpus)
    if isinstance(size, bool) or size not in (2, 3):
        raise ArgumentError(f"size={size!r}: expected 2 or 3")
    if measure not in ("g2", "pmi"):
        raise ArgumentError(f"measure={measure!r} is not one of 'g2', 'pmi'")
    check_int(min_count, "min_count", minimum=1)
    check_bool(lower, "lower")
    stop = stopword_set(stopwords)
    toks = tokens(corpus, lower=lower)
    terms = toks["term"].to_numpy(dtype=object)
    ok = np.zeros(max(len(toks) - 1, 0), dtype=bool)
    for _, rows in toks.groupby("doc_id", sort=False).indices.items():
        if len(rows) < 2:
            continue
        doc_id = toks["doc_id"].iat[rows[0]]
        pairs = joinable_pairs(
            corpus.text(doc_id),
            toks["start"].to_numpy()[rows],
            toks["end"].to_numpy()[rows],
            toks["sentence_id"].to_numpy()[rows],
        )
        ok[rows[:-1]] = pairs  # rows of one document are consecutive
    run = np.convolve(ok.astype(np.int64), np.ones(size - 1, dtype=np.int64), mode="valid") if len(ok) else ok
    starts = np.flatnonzero(run == size - 1)
    cols = ["collocation", "n", "n_prefix", "n_last", "n_windows", "g2", "g2_p", "pmi"]
    if len(starts) == 0:
        return pd.DataFrame(columns=cols)
    prefix = pd.Series(terms[starts])
    for j in range(1, size - 1):
        prefix = prefix + " " + pd.Series(terms[starts + j])
    last = pd.Series(terms[starts + size - 1])
    windows = pd.DataFrame({"prefix": prefix, "last": last})
    n_windows = len(windows)
    counts = windows.value_counts(["prefix", "last"]).rename("n").reset_index()
    counts["n_prefix"] = counts["prefix"].map(windows["prefix"].value_counts())
    counts["n_last"] = counts["last"].map(windows["last"].value_counts())
    counts = counts[counts["n"] >= min_count]
    if stop:
        first = counts["prefix"].str.split(" ").str[0]
        counts = counts[~first.str.lower().isin(stop) & ~counts["last"].str.lower().isin(stop)]
    counts = counts.reset_index(drop=True)
    a = counts["n"].to_numpy(dtype=float)
    stats = keyness_stats(a, counts["n_last"] - a, counts["n_prefix"], n_windows - counts["n_prefix"], yates=False)
    out = pd.DataFrame(
        {
            "collocation": counts["prefix"] + " " + counts["last"],
            "n": counts["n"].astype(np.int64),
            "n_prefix": counts["n_prefix"].astype(np.int64),
            "n_last": counts["n_last"].astype(np.int64),
            "n_windows": n_windows,
            "g2": stats["g2"],
            "g2_p": stats["g2_p"],
            "pmi": np.log2(a * n_windows / (counts["n_prefix"].to_numpy() * counts["n_last"].to_numpy())),
        }
    )
    return out.sort_values([measure, "n", "collocation"], ascending=[False, False, True], kind="mergesort").reset_index(
        drop=True
    )
