"""Stage 4a of the pipeline: term frequency and tf-idf.

The counting verbs of quanteda (``dfm``, ``textstat_frequency``, ``dfm_tfidf``),
tidytext (``count``, ``bind_tf_idf``) and scikit-learn (``CountVectorizer``,
``TfidfVectorizer``), as functions that take a corpus (or a tidy table) and
return a tidy table with one row per (group, term).

Tokens are those of :func:`corpuskit.tokenize`. N-grams are formed inside a
sentence and never across punctuation: ``"Russia, the U.S."`` yields no
``"russia the"`` (only whitespace may separate the words of an n-gram).
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import chain, repeat

import numpy as np
import pandas as pd

from .corpus import Corpus
from .errors import ArgumentError, CorpusError, check_bool, check_int
from .segment import _TOKEN_RE, check_replace, joinable_pairs, segment_sentences, stopword_set

__all__ = ["resolve_groups", "term_frequency", "tf_idf"]


def resolve_groups(corpus: Corpus, by: str | Sequence[str] | pd.Series | None) -> tuple[list[str], pd.DataFrame]:
    """Group labels for every document of ``corpus``.

    ``by`` is a column of ``corpus.documents`` (or a list of columns), a Series
    indexed by ``doc_id`` (its name becomes the column name), or ``None`` for
    one group holding the whole corpus (column ``corpus``). Returns the group
    column names and a DataFrame with ``doc_id`` plus those columns.
    """
    docs = corpus.documents
    if by is None:
        return ["corpus"], pd.DataFrame({"doc_id": docs["doc_id"], "corpus": "all"})
    if isinstance(by, pd.Series):
        name = by.name or "group"
        labels = docs["doc_id"].map(by)
        if labels.isna().any():
            missing = docs.loc[labels.isna(), "doc_id"].tolist()[:5]
            raise CorpusError(f"by= Series has no group for document(s) {missing}")
        return [str(name)], pd.DataFrame({"doc_id": docs["doc_id"], str(name): labels.to_numpy()})
    cols = [by] if isinstance(by, str) else list(by)
    missing = [c for c in cols if c not in docs.columns]
    if missing:
        raise CorpusError(f"by={missing} is not a column of the documents table; columns are {list(docs.columns)}")
    frame = docs[["doc_id", *[c for c in cols if c != "doc_id"]]].copy()
    for c in cols:
        if frame[c].isna().any():
            bad = frame.loc[frame[c].isna(), "doc_id"].tolist()[:5]
            raise CorpusError(f"column {c!r} is missing for document(s) {bad}; fill it or choose another by=")
    return cols, frame


# Punctuation that may stand at the edges of a whitespace-delimited chunk without changing how the
# chunk tokenizes (the hyphen is excluded: it joins compounds).
_EDGE = ".,;:!?()[]{}\"'\u2018\u2019\u201c\u201d"


def _chunk_tokens(chunk: str) -> list[str]:
    """Tokens of a whitespace-free chunk, identical to ``_TOKEN_RE.findall(chunk)``.

    A chunk whose core (edge punctuation stripped) is all letters and digits is
    exactly one token: no alternative of the token pattern can start in the
    stripped punctuation or extend past the core without a hyphen, a dot or an
    apostrophe followed by a letter or digit. Anything else goes to the regex.
    """
    core = chunk.strip(_EDGE)
    if core.isalnum():
        return [core]
    return _TOKEN_RE.findall(chunk) if core else []


class _Vocabulary:
    """Integer ids for terms, and for each whitespace chunk the ids of its tokens.

    Counting maps every chunk of a text to term ids with dictionary lookups run
    at C speed; a chunk is tokenized in Python only the first time it is seen
    anywhere in the corpus. Most chunks are one token and map straight to the
    (shared) int id; the others map to a tuple of ids (empty for punctuation).
    """

    #: Cached chunks, at most; the cache is emptied when full (memory stays bounded on huge corpora).
    MAX_CHUNKS = 60_000

    def __init__(self, lower: bool, replace: Mapping[str, str] | None = None):
        self.lower = lower
        self.replace = dict(replace or {})
        self.ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.single: dict[str, int] = {}
        self.multi: dict[str, tuple[int, ...]] = {}

    def _term(self, token: str) -> str:
        token = self.replace.get(token, token)
        return token.lower() if self.lower else token

    def _term_id(self, term: str) -> int:
        tid = self.ids.get(term)
        if tid is None:
            tid = self.ids[term] = len(self.terms)
            self.terms.append(term)
        return tid

    def bag(self, text: str) -> np.ndarray:
        """Term ids of every token of ``text`` (as a bag: not in text order)."""
        chunks = text.split()
        if len(self.single) + len(self.multi) > self.MAX_CHUNKS:
            self.single.clear()
            self.multi.clear()
        single, multi, term = self.single, self.multi, self._term
        for chunk in set(chunks).difference(single).difference(multi):
            core = chunk.strip(_EDGE)
            if core.isalnum():  # the common case: exactly one token
                single[chunk] = self._term_id(term(core))
            else:
                toks = _TOKEN_RE.findall(chunk) if core else []
                multi[chunk] = tuple(self._term_id(term(t)) for t in toks)
        ids = np.fromiter(map(single.get, chunks, repeat(-1)), dtype=np.int64, count=len(chunks))
        rest = np.flatnonzero(ids < 0)
        if len(rest) == 0:
            return ids
        extra = list(chain.from_iterable(map(multi.__getitem__, map(chunks.__getitem__, rest.tolist()))))
        return np.concatenate([ids[ids >= 0], np.array(extra, dtype=np.int64)])


def _count_documents(
    texts: list[str], ngram: int, lower: bool, replace: Mapping[str, str] | None = None
) -> tuple[list[str], list[np.ndarray], list[np.ndarray]]:
    """Per-document sorted term ids and counts for ``texts``, with the vocabulary they index."""
    vocab = _Vocabulary(lower, replace)
    term_ids, counts = [], []
    for text in texts:
        if ngram == 1:
            ids = vocab.bag(text)
        else:
            ids = np.array([vocab._term_id(t) for t in _ngram_terms(text, ngram, vocab._term)], dtype=np.int64)
        uniq, cnt = np.unique(ids, return_counts=True)
        term_ids.append(uniq)
        counts.append(cnt.astype(np.int64))
    return vocab.terms, term_ids, counts


#: Below this many characters, counting runs in this process (starting workers costs more).
PARALLEL_MIN_CHARS = 2_000_000

# Texts handed to forked workers by inheritance rather than by pickling (set only around a pool).
_SHARED_TEXTS: list[str] = []


def _count_shared(a: int, b: int, ngram: int, lower: bool, replace: Mapping[str, str] | None):
    return _count_documents(_SHARED_TEXTS[a:b], ngram, lower, replace)


def _count_all(texts: list[str], ngram: int, lower: bool, n_jobs: int | None, replace=None):
    """Count every text, in worker processes when the corpus is large; merge the vocabularies."""
    if n_jobs is None:
        total = sum(map(len, texts))
        n_jobs = min(2, os.cpu_count() or 1) if total >= PARALLEL_MIN_CHARS else 1
    if n_jobs < 1:
        raise CorpusError(f"n_jobs must be a positive integer or None, got {n_jobs!r}")
    n_jobs = min(n_jobs, max(1, len(texts)))
    if n_jobs == 1:
        return _count_documents(texts, ngram, lower, replace)
    # contiguous slices of about equal size in characters, so results come back in document order
    sizes = np.cumsum([len(t) for t in texts])
    cuts = [0, *np.searchsorted(sizes, sizes[-1] * np.arange(1, n_jobs) / n_jobs).tolist(), len(texts)]
    ranges = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    k = len(ranges)
    if "fork" in mp.get_all_start_methods():  # children inherit the texts: nothing to pickle
        global _SHARED_TEXTS
        _SHARED_TEXTS = texts
        try:
            with ProcessPoolExecutor(max_workers=k - 1, mp_context=mp.get_context("fork")) as pool:
                # this process counts the first slice while the workers count the others
                futures = [pool.submit(_count_shared, a, b, ngram, lower, replace) for a, b in ranges[1:]]
                results = [_count_documents(texts[ranges[0][0] : ranges[0][1]], ngram, lower, replace)]
                results += [f.result() for f in futures]
        finally:
            _SHARED_TEXTS = []
    else:
        with ProcessPoolExecutor(max_workers=k, mp_context=mp.get_context("spawn")) as pool:
            slices = [texts[a:b] for a, b in ranges]
            results = list(pool.map(_count_documents, slices, [ngram] * k, [lower] * k, [replace] * k))
    global_ids: dict[str, int] = {}
    terms: list[str] = []
    all_ids, all_counts = [], []
    for local_terms, local_ids, local_counts in results:
        remap = np.empty(len(local_terms), dtype=np.int64)
        for i, term in enumerate(local_terms):
            gid = global_ids.get(term)
            if gid is None:
                gid = global_ids[term] = len(terms)
                terms.append(term)
            remap[i] = gid
        all_ids.extend(remap[ids] for ids in local_ids)
        all_counts.extend(local_counts)
    return terms, all_ids, all_counts


def _ngram_terms(text: str, ngram: int, term: Callable[[str], str]) -> list[str]:
    """N-grams of one text, in order (inside sentences, only whitespace between words)."""
    matches = list(_TOKEN_RE.finditer(text))
    if len(matches) < ngram:
        return []
    words = [term(m.group()) for m in matches]
    starts = np.fromiter((m.start() for m in matches), dtype=np.int64, count=len(matches))
    ends = np.fromiter((m.end() for m in matches), dtype=np.int64, count=len(matches))
    sent_starts = np.array([a for a, _ in segment_sentences(text)], dtype=np.int64)
    joinable = joinable_pairs(text, starts, ends, np.searchsorted(sent_starts, starts, side="right"))
    # an n-gram starting at i needs joinable[i .. i+n-2]
    run = np.convolve(joinable.astype(np.int64), np.ones(ngram - 1, dtype=np.int64), mode="valid")
    return [" ".join(words[i : i + ngram]) for i in np.flatnonzero(run == ngram - 1)]


def term_frequency(
    data: Corpus | pd.DataFrame,
    *,
    by: str | Sequence[str] | pd.Series | None = "doc_id",
    ngram: int = 1,
    lower: bool = True,
    stopwords: bool | Iterable[str] | None = None,
    min_count: int = 1,
    replace: Mapping[str, str] | None = None,
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """Count terms per group: one row per (group, term).

    Parameters
    ----------
    data
        A :class:`~corpuskit.Corpus`, or a tidy tokens table with columns
        ``doc_id``, ``term`` and the ``by`` columns (for example from
        :func:`corpuskit.tokens`, merged with metadata); a table is counted as
        it is (``ngram``, ``lower`` must be left at their defaults).
    by
        How to group documents: ``"doc_id"`` (default, one group per document),
        any metadata column or list of columns (``"outlet"``,
        ``["outlet", "genre"]``), a Series mapping ``doc_id`` to a group label
        (e.g. publication year), or ``None`` for the whole corpus.
    ngram
        1 for words; n >= 2 for sequences of n words inside one sentence with
        only whitespace between them. Terms are the words joined by one space.
    lower
        Lower-case terms (default True, as scikit-learn's ``CountVectorizer``
        and tidytext do): "Putin" and "putin" are one term.
    stopwords
        ``None`` (default): keep everything. ``True``: drop the default English
        list (:func:`corpuskit.segment.default_stopwords`); or give your own
        words. An n-gram is dropped if any of its words is a stopword.
        ``n_tokens`` still counts every token (see below).
    min_count
        Keep terms whose count in the group is at least this.
    replace
        Spelling variants to count as one term: a mapping from a token's
        surface form to the form to count, applied (case-sensitively) before
        lower-casing -- e.g. ``{"US": "U.S.", "US-Russian": "U.S.-Russian"}``,
        so that a house style does not look like a difference in content (and
        "US" does not become the pronoun "us").
    n_jobs
        Worker processes for counting. ``None`` (default): one process for
        corpora under ``PARALLEL_MIN_CHARS`` characters, else up to two.
        Results are identical whatever the number of processes.

    Returns
    -------
    DataFrame
        The group column(s), then ``term``, ``n`` (occurrences in the group),
        ``n_tokens`` (all terms of that size in the group, before stopword and
        ``min_count`` filtering), ``per_1000`` = 1000 * n / n_tokens,
        ``doc_freq`` (documents of the group containing the term) and
        ``n_docs`` (documents in the group). Sorted by group, then ``n``
        descending, then ``term``.
    """
    check_int(ngram, "ngram", minimum=1)
    check_int(min_count, "min_count", minimum=1)
    check_bool(lower, "lower")
    replace = check_replace(replace)
    stop = stopword_set(stopwords)
    if isinstance(data, pd.DataFrame):
        if ngram != 1 or not lower or replace:
            raise CorpusError("with a tokens table, count it as it is: leave ngram=1, lower=True, replace=None")
        return _count_table(data, by, stop, min_count)
    if not isinstance(data, Corpus):
        raise ArgumentError(f"data: expected a Corpus or a tokens DataFrame, got {type(data).__name__}")
    cols, groups = resolve_groups(data, by)
    terms, term_ids, counts = _count_all(list(data.documents["text"]), ngram, lower, n_jobs, replace)
    return _frame(term_ids, counts, groups, cols, terms, stop, min_count)


def _frame(term_ids: list, counts: list, groups, cols, terms, stop, min_count) -> pd.DataFrame:
    """Aggregate per-document (term id, n) arrays to groups, filter, sort, and build the table once.

    Everything before the final DataFrame is integer arrays: memory stays a few
    bytes per (group, term) row, and sorting uses integer keys. The input lists
    are emptied as they are consumed.
    """
    doc = np.repeat(np.arange(len(term_ids), dtype=np.int64), [len(t) for t in term_ids])
    term = np.concatenate(term_ids) if term_ids else np.zeros(0, dtype=np.int64)
    term_ids.clear()
    n = np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)
    counts.clear()
    labels = groups[cols].reset_index(drop=True)
    gcodes, uniques = _group_codes(labels)
    n_groups, n_terms = len(uniques), len(terms)
    n_docs = np.bincount(gcodes, minlength=n_groups)
    g = gcodes[doc]
    del doc
    if n_groups == len(labels):  # one document per group: nothing to add up
        doc_freq = None
    else:  # add up the documents of each group: one integer key per (group, term)
        key, inverse = np.unique(g * n_terms + term, return_inverse=True)
        n = np.bincount(inverse, weights=n).astype(np.int64)
        doc_freq = np.bincount(inverse).astype(np.int64)
        g, term = key // n_terms, key % n_terms
        del key, inverse
    totals = np.bincount(g, weights=n, minlength=n_groups).astype(np.int64)
    keep = np.ones(len(n), dtype=bool)
    if stop:
        # a term (or n-gram) survives only if none of its words is a stopword
        no_stopword = np.array([all(w.lower() not in stop for w in t.split(" ")) for t in terms], dtype=bool)
        keep &= no_stopword[term]
    if min_count > 1:
        keep &= n >= min_count
    if not keep.all():
        g, term, n = g[keep], term[keep], n[keep]
        doc_freq = doc_freq[keep] if doc_freq is not None else None
    # order: group labels ascending (codes follow label order), n descending, term ascending
    # the vocabulary as a pandas array (string dtype inferred once, for n_terms values only)
    term_values = pd.Series(terms, dtype=None if terms else object).array
    term_rank = np.empty(n_terms, dtype=np.int64)
    term_rank[np.argsort(np.array(terms, dtype=object), kind="stable")] = np.arange(n_terms)
    order = np.lexsort([term_rank[term], -n, g])
    del term_rank
    # Build the table with as few full-length temporaries as possible: the four integer columns
    # are written into one block, the other columns inserted beside it.
    ints = np.empty((len(order), 4), dtype=np.int64)
    ints[:, 0] = n[order]
    del n
    g = g[order]
    ints[:, 1] = totals[g]
    ints[:, 2] = 1 if doc_freq is None else doc_freq[order]
    ints[:, 3] = n_docs[g]
    term = term[order]
    del order, doc_freq
    out = pd.DataFrame(ints, columns=["n", "n_tokens", "doc_freq", "n_docs"], copy=False)
    out.insert(2, "per_1000", 1000.0 * ints[:, 0] / np.maximum(ints[:, 1], 1))
    out.insert(0, "term", term_values.take(term))
    del term
    for i, c in enumerate(cols):
        out.insert(i, c, uniques[c].array.take(g))
    return out


def _group_codes(labels: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer code per row, numbered in ascending order of the group labels."""
    uniques = labels.drop_duplicates().sort_values(list(labels.columns), kind="mergesort").reset_index(drop=True)
    lookup = {tuple(r): i for i, r in enumerate(uniques.itertuples(index=False, name=None))}
    codes = np.array([lookup[tuple(r)] for r in labels.itertuples(index=False, name=None)], dtype=np.int64)
    return codes, uniques


def _sorted(out: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    order = [*cols, "n", "term"]
    asc = [True] * len(cols) + [False, True]
    return out.sort_values(order, ascending=asc, kind="mergesort").reset_index(drop=True)


def _count_table(tokens: pd.DataFrame, by, stop, min_count) -> pd.DataFrame:
    cols = [] if by is None else ([by] if isinstance(by, str) else list(by))
    need = {"doc_id", "term", *cols}
    missing = need - set(tokens.columns)
    if missing:
        raise CorpusError(f"tokens table lacks column(s) {sorted(missing)}; it has {list(tokens.columns)}")
    t = tokens if cols else tokens.assign(corpus="all")
    cols = cols or ["corpus"]
    totals = t.groupby(cols, sort=False).size().rename("n_tokens")
    ndocs = t.groupby(cols, sort=False)["doc_id"].nunique().rename("n_docs")
    if stop:
        t = t[~t["term"].str.lower().isin(stop)]
    g = t.groupby([*cols, "term"], sort=False)
    out = pd.concat([g.size().rename("n"), g["doc_id"].nunique().rename("doc_freq")], axis=1).reset_index()
    out = out[out["n"] >= min_count]
    out = out.merge(totals.reset_index(), on=cols).merge(ndocs.reset_index(), on=cols)
    out["per_1000"] = 1000.0 * out["n"] / out["n_tokens"]
    out = out[[*cols, "term", "n", "n_tokens", "per_1000", "doc_freq", "n_docs"]]
    return _sorted(out, cols)


# ---------------------------------------------------------------------------------------------
# tf-idf
# ---------------------------------------------------------------------------------------------
_TF = ("proportion", "count", "log")
_IDF = ("ln", "ln+1", "smooth")


def tf_idf(
    counts: pd.DataFrame | Corpus,
    *,
    document: str | Sequence[str] = "doc_id",
    tf: str = "proportion",
    idf: str = "ln",
    norm: str | None = None,
    **count_options,
) -> pd.DataFrame:
    """Add tf, idf and tf-idf to a tidy count table (tidytext's ``bind_tf_idf``).

    The default is the tidytext definition::

        tf     = n / (sum of n over the document's rows)
        idf    = ln(N / df)          N = documents, df = documents containing the term
        tf_idf = tf * idf

    so a term found in every document has idf 0. The scikit-learn variants are
    options: ``tf="count"`` (tf = n), ``tf="log"`` (tf = 1 + ln n, scikit-learn's
    ``sublinear_tf``), ``idf="ln+1"`` (ln(N / df) + 1, ``smooth_idf=False``),
    ``idf="smooth"`` (ln((1 + N) / (1 + df)) + 1, scikit-learn's default), and
    ``norm="l2"`` or ``"l1"`` (each document's tf-idf vector scaled to unit
    length). ``TfidfVectorizer()`` corresponds to ``tf="count", idf="smooth",
    norm="l2"``.

    Parameters
    ----------
    counts
        A table with the ``document`` column(s), ``term`` and ``n``, one row per
        (document, term) -- e.g. from :func:`term_frequency` -- or a corpus, which
        is counted first with ``term_frequency(corpus, by=document, **count_options)``.
        A "document" can be any grouping (one row per year makes each year a
        document).
    document
        Column(s) identifying documents.

    Returns
    -------
    DataFrame
        The input with columns ``tf``, ``idf`` and ``tf_idf`` added, sorted by
        document then ``tf_idf`` descending then ``term``.

    Raises
    ------
    CorpusError
        For an unknown option, missing columns, or duplicate (document, term) rows.
    """
    if tf not in _TF:
        raise CorpusError(f"tf={tf!r} is not one of {_TF}")
    if idf not in _IDF:
        raise CorpusError(f"idf={idf!r} is not one of {_IDF}")
    if norm not in (None, "l1", "l2"):
        raise CorpusError(f"norm={norm!r} is not one of None, 'l1', 'l2'")
    cols = [document] if isinstance(document, str) else list(document)
    if isinstance(counts, Corpus):
        counts = term_frequency(counts, by=cols if len(cols) > 1 else cols[0], **count_options)
    elif count_options:
        raise CorpusError(f"options {sorted(count_options)} only apply when a Corpus is given")
    missing = {*cols, "term", "n"} - set(counts.columns)
    if missing:
        raise CorpusError(f"tf_idf needs column(s) {sorted(missing)}; the table has {list(counts.columns)}")
    if counts.duplicated([*cols, "term"]).any():
        dup = counts.loc[counts.duplicated([*cols, "term"], keep=False), [*cols, "term"]].head(3)
        raise CorpusError(
            "tf_idf needs exactly one row per document-term combination; duplicates such as\n"
            f"{dup.to_string(index=False)}\nsum them first (e.g. with term_frequency)"
        )
    out = counts.copy()
    n = out["n"].astype(float)
    if (n <= 0).any():
        raise CorpusError("counts in column 'n' must be positive")
    doc_key = out[cols].apply(tuple, axis=1) if len(cols) > 1 else out[cols[0]]
    n_docs = doc_key.nunique()
    if tf == "proportion":
        out["tf"] = n / n.groupby(doc_key).transform("sum")
    elif tf == "count":
        out["tf"] = n
    else:
        out["tf"] = 1.0 + np.log(n)
    df = out.groupby("term")["term"].transform("size").astype(float)
    if idf == "ln":
        out["idf"] = np.log(n_docs / df)
    elif idf == "ln+1":
        out["idf"] = np.log(n_docs / df) + 1.0
    else:
        out["idf"] = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    out["tf_idf"] = out["tf"] * out["idf"]
    if norm is not None:
        w = out["tf_idf"]
        size = (w.abs() if norm == "l1" else w**2).groupby(doc_key).transform("sum")
        if norm == "l2":
            size = np.sqrt(size)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            out["tf_idf"] = np.where(size > 0, w / size, 0.0)
    return out.sort_values(
        [*cols, "tf_idf", "term"], ascending=[True] * len(cols) + [False, True], kind="mergesort"
    ).reset_index(drop=True)
