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
import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .corpus import Corpus, OffsetMap, check_corpus
from .errors import ArgumentError, QueryWarning, caller_level, check_bool, check_int
from .keyness import keyness_stats
from .matching import warn_marked_spellings
from .patterns import Deadline, compile_user_pattern
from .segment import (
    _UNSPACED,
    joinable_pairs,
    marked_spellings,
    sentences_view,
    stopword_mask,
    stopword_set,
    token_index,
    tokenize,
    warn_if_not_english,
)

__all__ = ["collocations", "kwic"]

_VALUETYPES = ("glob", "regex", "fixed")
#: The widest context ``kwic`` takes, in tokens on each side.
KWIC_MAX_WINDOW = 1_000_000


def _matcher(pattern: str, valuetype: str, lower: bool, n_chars: int = 0):
    flags = re.IGNORECASE if lower else 0
    if valuetype == "glob":
        rx = re.compile(fnmatch.translate(pattern), flags)
        return lambda tok: rx.match(tok) is not None
    if valuetype == "regex":
        # a user's pattern: run with a time limit (corpuskit.patterns) shared by the searches of all the
        # ``n_chars`` characters of the distinct tokens, so that many slow tokens cannot add up to hours
        rx = compile_user_pattern(pattern, "i" if lower else "", where="kwic pattern", error=ArgumentError)
        deadline = Deadline(n_chars)
        return lambda tok: rx.search(tok, deadline=deadline) is not None
    target = pattern.casefold() if lower else pattern
    return (lambda tok: tok.casefold() == target) if lower else (lambda tok: tok == target)


def _warn_untokenlike(parts: Sequence[str], valuetype: str, listed: bool = False) -> None:
    """A :class:`~corpuskit.errors.QueryWarning` for a fixed word (or a glob without wildcards) that is not
    one token as :func:`corpuskit.tokenize` cuts text: no token can equal it, so it matches nothing.

    An item of a list (``listed``) that holds a space is one token of the phrase the list gives, which no token
    equals (a token holds no space, whatever its wildcards): the warning says to pass the phrase as one string,
    or its words as items of the list, and the words are checked in turn."""
    if listed and valuetype != "regex" and any(len(p.split()) > 1 for p in parts):
        words = [w for p in parts for w in p.split()]
        for p in parts:
            if len(p.split()) > 1:
                warnings.warn(
                    f"kwic: the list item {p!r} holds a space, but each item of a list is one token of the phrase "
                    f"(a token holds no space), so it matches nothing; pass the phrase as one string, "
                    f"kwic(corpus, {' '.join(words)!r}), or its words as items of the list, kwic(corpus, {words!r})",
                    QueryWarning,
                    stacklevel=caller_level(),
                )
        _warn_untokenlike(words, valuetype)
        return
    for p in parts:
        if valuetype == "regex" or (valuetype == "glob" and any(c in p for c in "*?[")):
            continue
        spans = tokenize(p)
        if [(0, len(p))] != spans:
            pieces = [p[a:b] for a, b in spans]
            advice = (
                f"kwic cannot find it (a phrase matches only tokens with spaces between them, so "
                f"{' '.join(pieces)!r} does not find it either): search one of its tokens ({pieces[0]!r}) and "
                "read the contexts"
                if len(pieces) > 1
                else (f"search {pieces[0]!r}" if pieces else "it holds no word")
            )
            warnings.warn(
                f"kwic: {p!r} is not one token as corpuskit cuts text (its tokens: {pieces}), so no token "
                f"equals it and it matches nothing; {advice}",
                QueryWarning,
                stacklevel=caller_level(),
            )


def _warn_inside_clauses(parts: Sequence[str], valuetype: str, lower: bool, forms: Sequence[str]) -> None:
    """A :class:`~corpuskit.errors.QueryWarning` for a word of a script written without spaces that matched
    nothing but lies inside tokens: there a token is a clause (:func:`corpuskit.segment.warn_if_unspaced`)."""
    for p in parts:
        if valuetype == "regex" or (valuetype == "glob" and any(c in p for c in "*?[")) or not _UNSPACED.search(p):
            continue
        q = p.lower() if lower else p
        holding = [u for u in forms if q in (u.lower() if lower else u)]
        if holding:
            warnings.warn(
                f"kwic: {p!r} is no token of the corpus but lies inside {len(holding)} of its distinct tokens "
                f"(e.g. {holding[0]!r}): in a script written without spaces a token is a clause, not a word; "
                f"search the glob '*{p}*' for the clauses that hold it, or split the texts into words first",
                QueryWarning,
                stacklevel=caller_level(),
            )


def kwic(
    corpus: Corpus,
    pattern: str | Sequence[str],
    *,
    window: int = 5,
    valuetype: str = "glob",
    lower: bool = True,
) -> pd.DataFrame:
    """Keyword in context, as in quanteda's ``kwic``.

    Parameters
    ----------
    corpus
        The corpus to search (tokens as in :func:`corpuskit.tokens`, read from the
        corpus's token index: the first query tokenizes the corpus, later ones
        reuse it).
    pattern
        A word (``"trade"``), a glob (``"export*"``, ``"negotiat*"``), a phrase
        of several tokens (``"free trade"``, ``"state of *"``: a string
        is split on whitespace, each part matching one token, and the tokens
        must be in one sentence with only whitespace between them, as the
        words of an n-gram of :func:`corpuskit.term_frequency` are: "Security.
        Fix" and "security, fix" are not the phrase "security fix"), or with
        ``valuetype="regex"`` regular expressions searched within each token
        (``"^all(y|ies|iance)$"``). A list gives the parts of ONE phrase
        explicitly (``["state", "of", "*"]``), not alternatives as a character
        vector does in quanteda: for several words, call once per word or use a
        glob or regex (``"^(security|quotes)$"`` with ``valuetype="regex"``).
        Each item of a list is one token: an item with a space (``["free
        trade"]``) matches nothing, and a :class:`~corpuskit.errors.QueryWarning`
        says to pass ``"free trade"`` or ``["free", "trade"]``.
    window
        Tokens of context on each side (the context may cross sentences, not
        documents).
    valuetype
        ``"glob"`` (default; ``*`` any characters, ``?`` one), ``"regex"`` or
        ``"fixed"``.
    lower
        Compare lower-cased tokens, i.e. match regardless of case (default
        True, as in :func:`collocations` and :func:`corpuskit.tokens`).

    Returns
    -------
    DataFrame
        One row per match: ``doc_id``, ``sentence_id``, ``token_id`` (first
        matched token), ``pre``, ``keyword``, ``post`` (text as written,
        punctuation kept, line breaks as spaces), ``start``, ``end`` (offsets of
        the match in the document text), ``source_start``, ``source_end``
        (offsets in the raw source), ``sentence`` (the sentence where the match
        starts: object dtype, one Python string per distinct sentence that its
        matches share, so that a long sentence with many matches is held once)
        and ``pattern``. In document order.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...                                             "text": ["The cat sat. The Cat ran.", "A dog barked at the cat."]}))
    >>> print(ck.kwic(corpus, "cat", window=2)[["doc_id", "pre", "keyword", "post", "start"]].to_string(index=False))
    doc_id      pre keyword     post  start
         a      The     cat sat. The      4
         a sat. The     Cat      ran     17
         b   at the     cat              20
    >>> ck.kwic(corpus, "Cat", lower=False)["keyword"].tolist()
    ['Cat']
    """
    check_corpus(corpus)
    if valuetype not in _VALUETYPES:
        raise ArgumentError(f"valuetype={valuetype!r} is not one of {_VALUETYPES}")
    # a window wider than any document is the whole document (and 2**63 overflows the offsets): at most a million
    check_int(window, "window", minimum=0, maximum=KWIC_MAX_WINDOW)
    check_bool(lower, "lower")
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
    _warn_untokenlike(parts, valuetype, listed=not isinstance(pattern, str))
    index = token_index(corpus)
    k = len(parts)
    masks = []
    for p in parts:  # each part is matched once per distinct form, not once per token
        m = _matcher(p, valuetype, lower, sum(map(len, index.forms)) if valuetype == "regex" else 0)
        masks.append(np.fromiter((m(u) for u in index.forms), dtype=bool, count=len(index.forms))[index.codes])
    n = len(index)
    hit = np.ones(max(n - k + 1, 0), dtype=bool)
    for j, m in enumerate(masks):
        hit &= m[j : n - k + 1 + j]
    idx = np.flatnonzero(hit)
    del masks, hit, m  # (freed before any offsets are computed: they are not needed at the peak)
    # the document of each match's first token (documents' tokens are consecutive: bounds[d] <= i < bounds[d + 1]);
    # a phrase must end in the document where it starts
    doc_of = np.searchsorted(index.bounds, idx, side="right") - 1
    if k > 1:
        inside = idx + k - 1 < index.bounds[doc_of + 1]
        idx, doc_of = idx[inside], doc_of[inside]
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
        _warn_inside_clauses(parts, valuetype, lower, index.forms)
        if valuetype != "regex":
            words = [p for p in parts if not (valuetype == "glob" and any(c in p for c in "*?["))]
            warn_marked_spellings(marked_spellings(corpus, words), "kwic", ("query", "queries"))
        return pd.DataFrame(columns=columns)
    # token offsets and sentences of the documents with a match only (the first query need not tokenize them all)
    pos = index.doc_positions(corpus, doc_of.tolist())
    local = idx - index.bounds[doc_of]  # each match's first token, counted within its document
    if k > 1:  # a phrase is k tokens of one sentence with only whitespace between them, as an n-gram is
        keep = np.ones(len(idx), dtype=bool)
        docs_hit, firsts = np.unique(doc_of, return_index=True)
        for d, r0, r1 in zip(docs_hit.tolist(), firsts.tolist(), [*firsts[1:].tolist(), len(idx)]):
            p, text = pos[d], corpus.documents["text"].iat[d]
            a = local[r0:r1, None] + np.arange(k - 1)  # each match's tokens that a next one follows
            ok = (p["sentence_id"][a] == p["sentence_id"][a + 1]).all(axis=1)
            starts, ends = p["start"], p["end"]
            for row in np.flatnonzero(ok).tolist():
                ok[row] = all(text[e:s].isspace() for e, s in zip(ends[a[row]].tolist(), starts[a[row] + 1].tolist()))
            keep[r0:r1] = ok
        idx, doc_of, local = idx[keep], doc_of[keep], local[keep]
        if len(idx) == 0:
            return pd.DataFrame(columns=columns)
    last = local + k - 1
    lo = np.maximum(local - window, 0)
    hi = np.minimum(last + window, index.bounds[doc_of + 1] - index.bounds[doc_of] - 1)
    # per match: its sentence and the offsets of its first, last and context tokens (matches are in
    # document order, so each document's matches are one run)
    got = {name: np.zeros(len(idx), dtype=np.int64) for name in ("row", "sid", "start", "end", "lo", "hi")}
    docs, run_starts = np.unique(doc_of, return_index=True)
    for d, r0, r1 in zip(docs.tolist(), run_starts.tolist(), [*run_starts[1:].tolist(), len(idx)]):
        p = pos[d]
        got["row"][r0:r1] = p["sentence_row"][local[r0:r1]]
        got["sid"][r0:r1] = p["sentence_id"][local[r0:r1]]
        got["start"][r0:r1] = p["start"][local[r0:r1]]
        got["end"][r0:r1] = p["end"][last[r0:r1]]
        got["lo"][r0:r1] = p["start"][lo[r0:r1]]
        got["hi"][r0:r1] = p["end"][hi[r0:r1]]
    # the sentences shown, each read once and shared by its matches: a long sentence (a text without
    # sentence punctuation) with many matches is held once, not once per match
    shown, which = np.unique(got["row"], return_inverse=True)
    distinct = sentences_view(corpus)["text"].take(shown).tolist()
    sent_text = [distinct[j] for j in which.tolist()]
    doc_ids = corpus.documents["doc_id"].to_numpy()
    texts: dict[int, str] = {}  # the documents with a match, each read once
    maps: dict[int, OffsetMap] = {}  # and their maps to the raw file
    rows = []
    label = pattern if isinstance(pattern, str) else " ".join(pattern)
    clean = lambda s: " ".join(s.split())  # noqa: E731
    for doc, i, before, after, sentence_id, start, end, pre_start, post_end in zip(
        doc_of.tolist(),
        local.tolist(),
        (lo < local).tolist(),
        (hi > last).tolist(),
        got["sid"].tolist(),
        got["start"].tolist(),
        got["end"].tolist(),
        got["lo"].tolist(),
        got["hi"].tolist(),
    ):
        doc_id = doc_ids[doc]
        text = texts.get(doc)
        if text is None:
            text = texts[doc] = corpus.documents["text"].iat[doc]
            maps[doc] = corpus.offset_map(doc_id)
        src_s, src_e = maps[doc].to_source(start, end)
        rows.append(
            {
                "doc_id": doc_id,
                "sentence_id": sentence_id,
                "token_id": i + 1,
                "pre": clean(text[pre_start:start]) if before else "",
                "keyword": clean(text[start:end]),
                "post": clean(text[end:post_end]) if after else "",
                "start": start,
                "end": end,
                "source_start": src_s,
                "source_end": src_e,
                "pattern": label,
            }
        )
    out = pd.DataFrame(rows, columns=[c for c in columns if c != "sentence"])
    # object dtype: each distinct sentence is one Python string that its matches share (a text column
    # would copy a long sentence once per match: 2,194 matches in a 1 MB run without sentence punctuation
    # held 2.2 GB)
    out.insert(columns.index("sentence"), "sentence", pd.Series(sent_text, dtype=object, index=out.index))
    return out


def collocations(
    corpus: Corpus,
    *,
    ngram: int = 2,
    min_count: int = 2,
    lower: bool = True,
    stopwords: bool | Iterable[str] | None = None,
    measure: str = "g2",
) -> pd.DataFrame:
    """Adjacent word sequences that occur together more often than chance.

    Candidates are sequences of ``ngram`` tokens inside one sentence with only
    whitespace between them (no punctuation). Each candidate is scored on the
    2x2 table of its first ``ngram - 1`` words (the prefix) against its last
    word, over all N candidate windows of that length::

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
    ngram
        2 (word pairs, default) or 3 (e.g. "state of emergency").
    min_count
        Keep candidates seen at least this often (default 2).
    lower
        Compare words lower-cased (default True).
    stopwords
        ``None`` (default): keep every candidate. ``True``: drop candidates
        containing a word of the default list
        (:func:`corpuskit.default_stopwords`); or give your own words.
        The meaning and the default are those of :func:`corpuskit.term_frequency`
        and :func:`corpuskit.tokens` (:func:`corpuskit.segment.stopword_mask`).
        Development versions of 0.1.0 before the shared stopword rule
        (unreleased; CHANGELOG, "Changed") defaulted to ``True`` and checked
        only the first and last words, so "state of emergency" survived; it
        is now dropped with ``stopwords=True``.
    measure
        Sort key: ``"g2"`` or ``"pmi"``.

    Returns
    -------
    DataFrame
        ``collocation``, ``n``, ``n_prefix`` (a + b), ``n_last`` (a + c),
        ``n_windows`` (N), ``g2``, ``g2_p``, ``pmi``; sorted by ``measure``
        descending, then ``n`` descending, then ``collocation``.

    Examples
    --------
    >>> texts = ["The black cat sat. The black cat ran.", "A black dog barked."]
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"], "text": texts}))
    >>> print(ck.collocations(corpus)[["collocation", "n", "n_prefix", "n_last", "n_windows"]].to_string(index=False))
    collocation  n  n_prefix  n_last  n_windows
      black cat  2         3       2          9
      the black  2         2       3          9
    """
    check_corpus(corpus)
    if isinstance(ngram, bool) or ngram not in (2, 3):
        raise ArgumentError(f"ngram={ngram!r}: expected 2 or 3")
    if measure not in ("g2", "pmi"):
        raise ArgumentError(f"measure={measure!r} is not one of 'g2', 'pmi'")
    check_int(min_count, "min_count", minimum=1)
    check_bool(lower, "lower")
    stop = stopword_set(stopwords)
    if stopwords is True:  # the English list, as term_frequency and tokens say
        warn_if_not_english(corpus.documents["text"], "the default stopwords")
    index = token_index(corpus)
    pos = index.positions(corpus)
    term_list, form_term = index.terms(lower)
    terms = np.array(term_list, dtype=object)[form_term[index.codes]]
    ok = np.zeros(max(len(index) - 1, 0), dtype=bool)
    for d, (a, b) in enumerate(zip(index.bounds[:-1].tolist(), index.bounds[1:].tolist())):
        if b - a >= 2:  # tokens of one document are consecutive
            text = corpus.documents["text"].iat[d]
            ok[a : b - 1] = joinable_pairs(text, pos["start"][a:b], pos["end"][a:b], pos["sentence_id"][a:b])
    run = np.convolve(ok.astype(np.int64), np.ones(ngram - 1, dtype=np.int64), mode="valid") if len(ok) else ok
    starts = np.flatnonzero(run == ngram - 1)
    cols = ["collocation", "n", "n_prefix", "n_last", "n_windows", "g2", "g2_p", "pmi"]
    if len(starts) == 0:
        return pd.DataFrame(columns=cols)
    prefix = pd.Series(terms[starts])
    for j in range(1, ngram - 1):
        prefix = prefix + " " + pd.Series(terms[starts + j])
    last = pd.Series(terms[starts + ngram - 1])
    windows = pd.DataFrame({"prefix": prefix, "last": last})
    n_windows = len(windows)
    counts = windows.value_counts(["prefix", "last"]).rename("n").reset_index()
    counts["n_prefix"] = counts["prefix"].map(windows["prefix"].value_counts())
    counts["n_last"] = counts["last"].map(windows["last"].value_counts())
    counts = counts[counts["n"] >= min_count]
    if stop:  # a candidate with a stopword anywhere in it is dropped, as in term_frequency
        counts = counts[~stopword_mask((counts["prefix"] + " " + counts["last"]).tolist(), stop)]
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
