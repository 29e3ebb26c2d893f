"""Stage 4a of the pipeline: term frequency and tf-idf.

The counting verbs of quanteda (``dfm``, ``textstat_frequency``, ``dfm_tfidf``),
tidytext (``count``, ``bind_tf_idf``) and scikit-learn (``CountVectorizer``,
``TfidfVectorizer``), as functions that take a corpus (or a tidy table) and
return a tidy table with one row per (group, term).

Tokens and terms come from the corpus's token index (:func:`corpuskit.segment.token_index`),
built once per corpus and shared with :mod:`corpuskit.kwic` and :func:`corpuskit.tokens`. N-grams are formed inside a
sentence and never across punctuation: ``"Canada, the U.S."`` yields no
``"russia the"`` (only whitespace may separate the words of an n-gram).
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .corpus import Corpus, arrow_text
from .errors import ArgumentError, CorpusError, check_bool, check_int, check_strings
from .segment import (
    _STR,
    _form_counts,
    _form_terms,
    check_replace,
    joinable_pairs,
    stopword_mask,
    stopword_set,
    token_index,
    warn_if_markup,
    warn_if_not_english,
    warn_if_unspaced,
    warn_unused_replace,
)

__all__ = ["compact_columns", "count_terms", "resolve_groups", "term_frequency", "tf_idf"]


def resolve_groups(corpus: Corpus, by: str | Sequence[str] | pd.Series | None) -> tuple[list[str], pd.DataFrame]:
    """Group labels for every document of ``corpus``.

    ``by`` is a column of ``corpus.documents`` (or a list of columns), a Series
    indexed by ``doc_id`` (its name becomes the column name), or ``None`` for
    one group holding the whole corpus (column ``corpus``). Returns the group
    column names and a DataFrame with ``doc_id`` plus those columns.

    Examples
    --------
    >>> from corpuskit.frequency import resolve_groups
    >>> frame = pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"], "party": ["red", "blue"],
    ...                       "text": ["The cat sat.", "A dog barked."]})
    >>> corpus = ck.corpus_from_frame(frame)
    >>> cols, groups = resolve_groups(corpus, "party")
    >>> cols, groups.to_dict("records")
    (['party'], [{'doc_id': 'a', 'party': 'red'}, {'doc_id': 'b', 'party': 'blue'}])
    """
    docs = corpus.documents
    if by is None:
        return ["corpus"], pd.DataFrame({"doc_id": docs["doc_id"], "corpus": "all"})
    if isinstance(by, pd.Series):
        name = by.name or "group"
        labels = docs["doc_id"].map(by)
        if labels.isna().any():
            missing = docs.loc[labels.isna(), "doc_id"].tolist()[:5]
            raise ArgumentError(f"by= Series has no group for document(s) {missing}")
        return [str(name)], pd.DataFrame({"doc_id": docs["doc_id"], str(name): labels.to_numpy()})
    cols = [by] if isinstance(by, str) else list(by)
    missing = [c for c in cols if c not in docs.columns]
    if missing:
        raise ArgumentError(f"by={missing} is not a column of the documents table; columns are {list(docs.columns)}")
    frame = docs[["doc_id", *[c for c in cols if c != "doc_id"]]].copy()
    for c in cols:
        if frame[c].isna().any():
            bad = frame.loc[frame[c].isna(), "doc_id"].tolist()
            raise CorpusError(
                f"column {c!r} has no value for {len(bad)} of {len(frame)} document(s) {bad[:5]}; fill it, choose "
                f"another by=, or leave those documents out (corpus.subset(corpus.documents[{c!r}].notna()); on "
                "the command line, fill the column in the metadata table)"
            )
    return cols, frame


def count_terms(
    corpus: Corpus,
    ngram: int = 1,
    lower: bool = True,
    replace: Mapping[str, str] | None = None,
    n_jobs=None,
    *,
    keep_index: bool = True,
) -> tuple[list[str], list[np.ndarray], list[np.ndarray]]:
    """Per-document sorted term codes and counts, read from the corpus's token index, and the terms.

    Words come from :func:`corpuskit.segment.token_index` (built once per corpus, in up to
    ``n_jobs`` processes) and become terms there (:meth:`~corpuskit.segment.TokenIndex.terms`).
    An n-gram is ``ngram`` consecutive tokens of one sentence with only whitespace between them.
    With ``keep_index=False`` words (``ngram=1``) are counted without building the index when the
    corpus has none (``corpuskit.segment._form_counts``, in this process: for a corpus used
    once, as a streamed batch is); the result is the same.

    Examples
    --------
    >>> from corpuskit.frequency import count_terms
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"],
    ...                                             "text": ["The cat saw the cat."]}))
    >>> terms, ids, counts = count_terms(corpus)
    >>> sorted((terms[t], int(n)) for t, n in zip(ids[0], counts[0]))  # term codes follow no fixed order
    [('cat', 2), ('saw', 1), ('the', 2)]
    """
    if ngram == 1 and not keep_index and "token_index" not in corpus._cache:
        warn_if_unspaced(corpus.documents["text"])  # as building the index does
        forms, pairs = _form_counts(corpus.documents["text"].array)
        terms, form_term = _form_terms(forms, lower, replace)
        term_ids, counts = [], []
        for codes, n in pairs:  # forms of one term (and entries of one form) add up
            uniq, inverse = np.unique(form_term[codes], return_inverse=True)
            term_ids.append(uniq.astype(np.int64))
            counts.append(np.bincount(inverse, weights=n, minlength=len(uniq)).astype(np.int64))
        return terms, term_ids, counts
    index = token_index(corpus, n_jobs=n_jobs)
    terms, form_term = index.terms(lower, replace)
    bounds = index.bounds.tolist()
    term_ids, counts = [], []
    if ngram == 1:
        # 4 bytes per (document, term) while the counts allow: these arrays are the step's largest
        count_dtype = np.int32 if len(index.codes) < 2**31 else np.int64
        for a, b in itertools.pairwise(bounds):
            uniq, cnt = np.unique(form_term[index.codes[a:b]], return_counts=True)
            term_ids.append(uniq)  # int32, as form_term
            counts.append(cnt.astype(count_dtype))
        return terms, term_ids, counts
    pos = index.positions(corpus)
    ids: dict[str, int] = {}
    grams: list[str] = []
    for d, (a, b) in enumerate(itertools.pairwise(bounds)):
        words = [terms[t] for t in form_term[index.codes[a:b]].tolist()]
        joinable = joinable_pairs(
            corpus.documents["text"].iat[d], pos["start"][a:b], pos["end"][a:b], pos["sentence_id"][a:b]
        )
        found = []
        if len(words) >= ngram:
            # an n-gram starting at i needs joinable[i .. i+n-2]
            run = np.convolve(joinable.astype(np.int64), np.ones(ngram - 1, dtype=np.int64), mode="valid")
            for i in np.flatnonzero(run == ngram - 1).tolist():
                gram = " ".join(words[i : i + ngram])
                c = ids.get(gram)
                if c is None:
                    c = ids[gram] = len(grams)
                    grams.append(gram)
                found.append(c)
        uniq, cnt = np.unique(np.array(found, dtype=np.int64), return_counts=True)
        term_ids.append(uniq)
        counts.append(cnt.astype(np.int64))
    return grams, term_ids, counts


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
    compact: bool = False,
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
        and tidytext do): "Paris" and "paris" are one term.
    stopwords
        ``None`` (default): keep everything. ``True``: drop the default English
        list (:func:`corpuskit.default_stopwords`); or give your own
        words. An n-gram is dropped if any of its words is a stopword.
        ``n_tokens`` still counts every token (see below).
    min_count
        Keep terms whose count in the group is at least this.
    replace
        Spelling variants to count as one term: a mapping from a token's
        surface form to the form to count, applied (case-sensitively) before
        lower-casing -- e.g. ``{"US": "U.S.", "US-Canadian": "U.S.-Canadian"}``,
        so that a house style does not look like a difference in content (and
        "US" does not become the pronoun "us").
    n_jobs
        Worker processes for tokenizing, when the corpus's token index is not
        built yet (it is built once and kept on the corpus). ``None`` (default):
        one process for corpora under ``segment.PARALLEL_MIN_CHARS`` characters, else up
        to two. Results are identical whatever the number of processes.
    compact
        Return ``term`` and the text group columns as categorical columns, built so
        from the start (:func:`compact_columns` says what that changes): on the 249
        State of the Union addresses the table holds 20 MB instead of 34 MB, and the
        whole pipeline's peak memory falls by about 17 MB.

    Returns
    -------
    DataFrame
        The group column(s), then ``term``, ``n`` (occurrences in the group),
        ``n_tokens`` (all terms of that size in the group, before stopword and
        ``min_count`` filtering), ``per_1000`` = 1000 * n / n_tokens,
        ``doc_freq`` (documents of the group containing the term) and
        ``n_docs`` (documents in the group). Sorted by group, then ``n``
        descending, then ``term``.

        ``term`` and the text group columns are plain text, as in tidytext and
        quanteda; with ``compact=True`` they are categorical, each distinct string
        held once (see :func:`compact_columns` for what that changes).

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...                                             "text": ["The cat sat. The cat ran.", "A dog barked at the cat."]}))
    >>> tf = ck.term_frequency(corpus, stopwords=True)
    >>> print(tf[["doc_id", "term", "n", "n_tokens", "per_1000"]].to_string(index=False))
    doc_id   term  n  n_tokens   per_1000
         a    cat  2         6 333.333333
         a    ran  1         6 166.666667
         a    sat  1         6 166.666667
         b barked  1         6 166.666667
         b    cat  1         6 166.666667
         b    dog  1         6 166.666667
    >>> ck.term_frequency(corpus, by="date", ngram=2).head(3)[["term", "n"]].to_dict("records")
    [{'term': 'the cat', 'n': 2}, {'term': 'cat ran', 'n': 1}, {'term': 'cat sat', 'n': 1}]
    """
    check_int(ngram, "ngram", minimum=1)
    check_int(min_count, "min_count", minimum=1)
    check_bool(lower, "lower")
    check_bool(compact, "compact")
    replace = check_replace(replace)
    stop = stopword_set(stopwords)
    if isinstance(data, pd.DataFrame):
        if ngram != 1 or not lower or replace:
            raise CorpusError("with a tokens table, count it as it is: leave ngram=1, lower=True, replace=None")
        out = _count_table(data, by, stop, min_count)
        return compact_columns(out, [*[c for c in out.columns if c not in _COUNT_COLUMNS]]) if compact else out
    if not isinstance(data, Corpus):
        raise ArgumentError(f"data: expected a Corpus or a tokens DataFrame, got {type(data).__name__}")
    cols, groups = resolve_groups(data, by)
    if n_jobs is not None:
        check_int(n_jobs, "n_jobs", minimum=1)
    if stopwords is True:  # as tokens(stopwords=True) and collocations do
        warn_if_not_english(data.documents["text"], "the default stopwords")  # and of markup
    else:
        warn_if_markup(data.documents["text"])
    terms, term_ids, counts = count_terms(data, ngram, lower, replace, n_jobs)
    warn_unused_replace(token_index(data), replace)
    return _frame(term_ids, counts, groups, cols, terms, stop, min_count, compact)


_COUNT_COLUMNS = ("n", "n_tokens", "per_1000", "doc_freq", "n_docs")


def _table_order(g: np.ndarray, n: np.ndarray, term: np.ndarray, n_groups: int, n_terms: int) -> np.ndarray:
    """``np.lexsort([term, -n, g])``: group ascending, then count descending, then term code ascending.

    The (group, term) pairs are distinct, so the order is total and one integer key
    ``(g * (top + 1) + top - n) * n_terms + term`` (``top`` the largest count) sorts the same way,
    faster than three passes; when that key could overflow int64, lexsort itself.
    """
    top = int(n.max()) if len(n) else 0
    if len(n) == 0 or max(n_groups, 1) * (top + 1) * max(n_terms, 1) >= 2**62:
        return np.lexsort([term, -n, g])
    key = g.astype(np.int64)
    key *= top + 1
    key += top
    key -= n
    key *= n_terms
    key += term
    return np.argsort(key)


def _frame(term_ids: list, counts: list, groups, cols, terms, stop, min_count, compact=False) -> pd.DataFrame:
    """Aggregate per-document (term id, n) arrays to groups, filter, sort, and build the table once.

    Everything before the final DataFrame is integer arrays: memory stays a few
    bytes per (group, term) row, and sorting uses integer keys. The input lists
    are emptied as they are consumed. The text columns are plain text, or categorical (integer codes,
    each distinct string once) with ``compact``; the counts are ``int64``.
    """
    labels = groups[cols].reset_index(drop=True)
    gcodes, uniques = _group_codes(labels)
    n_groups, n_terms = len(uniques), len(terms)
    n_docs = np.bincount(gcodes, minlength=n_groups)
    # one row per (document, term) so far: group and term codes in 4 bytes each where they fit
    g = np.repeat(gcodes.astype(np.int32 if n_groups < 2**31 else np.int64), [len(t) for t in term_ids])
    term = np.concatenate(term_ids) if term_ids else np.zeros(0, dtype=np.int64)
    term_ids.clear()
    n = np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)
    counts.clear()
    if n_groups == len(labels):  # one document per group: nothing to add up
        doc_freq = None
    else:  # add up the documents of each group: one integer key per (group, term)
        key, inverse = np.unique(g.astype(np.int64) * n_terms + term, return_inverse=True)
        n = np.bincount(inverse, weights=n).astype(np.int64)
        doc_freq = np.bincount(inverse).astype(np.int64)
        g, term = key // n_terms, key % n_terms
        del key, inverse
    totals = np.bincount(g, weights=n, minlength=n_groups).astype(np.int64)
    keep = np.ones(len(n), dtype=bool)
    if stop:  # a term (or n-gram) survives only if none of its words is a stopword
        keep &= ~stopword_mask(terms, stop)[term]
    if min_count > 1:
        keep &= n >= min_count
    if not keep.all():
        g, term, n = g[keep], term[keep], n[keep]
        doc_freq = doc_freq[keep] if doc_freq is not None else None
    # order: group labels ascending (codes follow label order), n descending, term ascending.
    # A term's code is its rank, in code-point order, among the terms the table keeps: the codes of
    # the categorical column and the sort key at once.
    # (the terms are distinct: sorted() orders them as a stable argsort of an object array, faster)
    in_order = np.array(sorted(range(n_terms), key=terms.__getitem__), dtype=np.int64)
    used = np.zeros(n_terms, dtype=bool)
    used[term] = True
    in_order = in_order[used[in_order]]
    del used
    code_of = np.full(n_terms, -1, dtype=np.int32 if n_terms < 2**31 else np.int64)
    code_of[in_order] = np.arange(len(in_order))
    term = code_of[term]
    del code_of
    order = _table_order(g, n, term, n_groups, n_terms)
    # Build the table with as few full-length temporaries as possible: each input array is freed
    # as soon as its columns are written; the four integer columns are written into one int64
    # block, the other columns inserted beside it.
    ints = np.empty((len(order), 4), dtype=np.int64)
    ints[:, 0] = n[order]
    del n
    if doc_freq is None:
        ints[:, 2] = 1
    else:
        ints[:, 2] = doc_freq[order]
        del doc_freq
    g = g[order]
    term = term[order]
    del order
    np.take(totals, g, out=ints[:, 1], mode="clip")
    np.take(n_docs, g, out=ints[:, 3], mode="clip")
    out = pd.DataFrame(ints, columns=["n", "n_tokens", "doc_freq", "n_docs"], copy=False)
    per_1000 = ints[:, 0] * 1000.0  # = 1000 * n / n_tokens (n_tokens >= n >= 1), with no other temporary
    per_1000 /= ints[:, 1]
    out.insert(2, "per_1000", per_1000)
    del ints, per_1000
    for i, c in enumerate(cols):
        out.insert(i, c, _group_column(uniques[c], g) if compact else _take(uniques[c].array, g))
    del g
    vocabulary = [terms[t] for t in in_order.tolist()]
    if compact:  # the codes are the terms' ranks among those kept: the categorical's codes as they are
        out.insert(len(cols), "term", _categorical(term, pd.Series(vocabulary, dtype=_STR)))
    else:  # text as the vocabulary's strings infer (pandas' str dtype), even when no term is left
        out.insert(len(cols), "term", _take(pd.Series(vocabulary, dtype=_STR if terms else object).array, term))
    return out


def _categorical(codes: np.ndarray, categories: pd.Series) -> pd.Categorical:
    """The categorical column with these codes into ``categories`` (distinct, in code-point order).

    Its values are the strings ``categories[codes]``; each row holds an integer code (1, 2 or 4
    bytes), each distinct string is held once.
    """
    dtype = pd.CategoricalDtype(pd.Index(categories.array), ordered=False)
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def _is_text(values: pd.Series) -> bool:
    return values.dtype == _STR or (values.dtype == object and all(isinstance(v, str) for v in values))


def _group_column(labels: pd.Series, g: np.ndarray) -> pd.api.extensions.ExtensionArray | pd.Categorical:
    """The group column of the table: ``labels`` (one per group) taken at the rows' group codes ``g``.

    Text labels (``doc_id``, an outlet) become a categorical column, the distinct labels in
    code-point order; other labels (numbers, dates) keep their dtype.
    """
    if _is_text(labels):
        codes, distinct = pd.factorize(labels, sort=True)
        codes = codes[g]
        present = np.zeros(len(distinct), dtype=bool)
        present[codes] = True
        if not present.all():  # a group none of whose terms is kept: not a category
            codes = (np.cumsum(present) - 1)[codes]
            distinct = distinct[present]
        return _categorical(codes, pd.Series(distinct, dtype=_STR))
    return _take(labels.array, g)


def compact_columns(table: pd.DataFrame, cols: Sequence[str] = ("term",)) -> pd.DataFrame:
    """``table`` with its text columns among ``cols`` as categorical columns: each distinct string held once.

    The categories are exactly the values present, in code-point order, so sorting, ``==`` and
    ``isin`` with strings, ``.str``, ``merge`` and ``to_csv`` give what plain text gives; the values
    do not change. What changes is what categoricals change: a new value cannot be assigned (lumping
    rare terms into "other" needs ``.astype(str)`` first), two tables with different categories do
    not compare, ``value_counts`` lists categories no longer present, and pandas 2's ``groupby``
    needs ``observed=True``. On the 249 State of the Union addresses a term-frequency table falls
    from 34 to 20 MB. The columns are converted in place; the table is returned.

    Examples
    --------
    >>> tf = pd.DataFrame({"doc_id": ["a", "a", "b"], "term": ["war", "peace", "war"], "n": [2, 1, 1]})
    >>> compact = ck.frequency.compact_columns(tf, ["doc_id", "term"])
    >>> compact["term"].dtype.categories.tolist(), compact["term"].tolist()
    (['peace', 'war'], ['war', 'peace', 'war'])
    """
    for c in cols:
        if not isinstance(table[c].dtype, pd.CategoricalDtype) and _is_text(table[c]):
            codes, distinct = pd.factorize(table[c], sort=True)
            table[c] = _categorical(codes, pd.Series(distinct, dtype=_STR))
    return table


def _take(values: pd.api.extensions.ExtensionArray, indices: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``values.take(indices)``; for Arrow text, allocated with the system allocator (``malloc``).

    pyarrow's default memory pool keeps the memory it frees for itself, so a column it allocates
    cannot reuse what the integer columns' temporaries gave back to ``malloc``: the process's peak
    grows by the column's size. Nothing else changes (same values, same dtype).
    """
    chunked = arrow_text(values)
    if chunked is None:
        return values.take(indices)
    import pyarrow as pa
    import pyarrow.compute as pc

    return pd.array(pc.take(chunked, indices, memory_pool=pa.system_memory_pool()), dtype=values.dtype)


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
    totals = t.groupby(cols, sort=False, observed=True).size().rename("n_tokens")
    ndocs = t.groupby(cols, sort=False, observed=True)["doc_id"].nunique().rename("n_docs")
    if stop:
        t = t[~stopword_mask(t["term"].tolist(), stop)]
    g = t.groupby([*cols, "term"], sort=False, observed=True)
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
    by: str | Sequence[str] = "doc_id",
    tf: str = "proportion",
    idf: str = "ln",
    norm: str | None = None,
    **count_options,
) -> pd.DataFrame:
    """Add tf, idf and tf-idf to a tidy count table (tidytext's ``bind_tf_idf``).

    The default is the tidytext definition::

        tf     = n / (sum of n over the document's rows)
        idf    = ln(N / df)
        tf_idf = tf * idf

    where a "document" is one value of ``by`` (a document, or a group such as a
    year), N is the number of documents and df the number of documents
    containing the term -- so a term found in every document has idf 0. What
    N and df count depends on what is given:

    - **a Corpus**: N is the number of documents of the corpus (with ``by=``
      a column: its groups), counting documents with no word at all, as
      scikit-learn's ``n_samples`` and quanteda's ``ndoc()`` do; df counts the
      documents containing the term among all of them. The ``stopwords`` and
      ``min_count`` options remove rows from the result only: they change
      neither N nor the df of a term that is kept.
      ``tf_idf(corpus, stopwords=True)`` equals ``TfidfVectorizer(stop_words=...)``'s idf.
    - **a count table**: N is the number of distinct documents in the table
      and df the number of its rows holding the term, as tidytext's
      ``bind_tf_idf`` computes them; the table carries no other N. A
      document all of whose rows were filtered out (every word a stopword)
      is not counted in N, and a table filtered with ``min_count`` lowers the
      df of the terms whose rows it dropped. That is what a subset is for
      (the documents of the table are the collection, e.g. five articles
      without their comments); to weigh against the whole corpus, pass the
      Corpus with the filters as options, or filter the result of an
      unfiltered table.

    The tf sum runs over the rows of the result, as tidytext's does: with
    ``stopwords=True`` (or ``min_count``) it leaves out the dropped words,
    while the count table's ``per_1000`` divides by ``n_tokens``, every token
    of the document. The scikit-learn variants are
    options: ``tf="count"`` (tf = n), ``tf="log"`` (tf = 1 + ln n, scikit-learn's
    ``sublinear_tf``), ``idf="ln+1"`` (ln(N / df) + 1, ``smooth_idf=False``),
    ``idf="smooth"`` (ln((1 + N) / (1 + df)) + 1, scikit-learn's default), and
    ``norm="l2"`` or ``"l1"`` (each document's tf-idf vector scaled to unit
    length). ``TfidfVectorizer()`` corresponds to ``tf="count", idf="smooth",
    norm="l2"``.

    Parameters
    ----------
    counts
        A table with the ``by`` column(s), ``term`` and ``n``, one row per
        (document, term) -- e.g. from :func:`term_frequency` -- or a corpus, which
        is counted with ``term_frequency(corpus, by=by, **count_options)``
        (``stopwords`` and ``min_count`` applied after N and df, see above).
        A "document" can be any grouping (one row per year makes each year a
        document).
    by
        Column(s) identifying documents: the rows are grouped by them (default
        ``"doc_id"``), as ``by`` groups rows in :func:`term_frequency`.

    Returns
    -------
    DataFrame
        The input's rows (for a Corpus: those the filters keep) with columns
        ``tf``, ``idf`` and ``tf_idf`` added, sorted by document then ``tf_idf``
        descending then ``term``.

    Raises
    ------
    CorpusError
        For an unknown option, missing columns, or duplicate (document, term) rows.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...                                             "text": ["The cat sat. The cat ran.", "A dog barked at the cat."]}))
    >>> weights = ck.tf_idf(ck.term_frequency(corpus))
    >>> print(weights[weights["doc_id"] == "a"][["term", "n", "tf", "idf", "tf_idf"]].round(3).to_string(index=False))
    term  n    tf   idf  tf_idf
     ran  1 0.167 0.693   0.116
     sat  1 0.167 0.693   0.116
     cat  2 0.333 0.000   0.000
     the  2 0.333 0.000   0.000

    A third document of stopwords only still counts in N when the corpus is given
    (idf of "cat" = ln(3/2)), not in a table counted with ``stopwords=True`` (ln(2/2)):

    >>> three = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2020"] * 3,
    ...     "text": ["The cat sat. The cat ran.", "A dog barked at the cat.", "It is what it is."]}))
    >>> idf_of_cat = lambda w: round(float(w.loc[w["term"] == "cat", "idf"].iloc[0]), 3)
    >>> idf_of_cat(ck.tf_idf(three, stopwords=True)), idf_of_cat(ck.tf_idf(ck.term_frequency(three, stopwords=True)))
    (0.405, 0.0)
    """
    cols = check_weighting(by, tf, idf, norm)
    if isinstance(counts, Corpus):
        stop = stopword_set(count_options.pop("stopwords", None))
        min_count = count_options.pop("min_count", 1)
        check_int(min_count, "min_count", minimum=1)
        table = term_frequency(counts, by=cols if len(cols) > 1 else cols[0], **count_options)
        _, groups = resolve_groups(counts, cols)
        n_docs = len(groups.drop_duplicates(cols))
        return weigh(table, cols, tf, idf, norm, n_docs=n_docs, keep=kept_rows(table, stop, min_count), counted=True)
    if count_options:
        raise CorpusError(f"options {sorted(count_options)} only apply when a Corpus is given")
    return weigh(counts, cols, tf, idf, norm)


def check_weighting(by: str | Sequence[str], tf: str, idf: str, norm: str | None) -> list[str]:
    """Check :func:`tf_idf`'s options; the ``by`` columns as a list."""
    if tf not in _TF:
        raise ArgumentError(f"tf={tf!r} is not one of {_TF}")
    if idf not in _IDF:
        raise ArgumentError(f"idf={idf!r} is not one of {_IDF}")
    if norm not in (None, "l1", "l2"):
        raise ArgumentError(f"norm={norm!r} is not one of None, 'l1', 'l2'")
    # tf-idf needs documents: unlike term_frequency, by=None (one group of everything) is refused
    cols = [by] if isinstance(by, str) else check_strings(by, "by")
    if not cols:
        raise ArgumentError("by: expected the column (or columns) whose values are the documents, got []")
    return cols


def kept_rows(table: pd.DataFrame, stop: frozenset | set, min_count: int) -> np.ndarray:
    """The rows of an unfiltered count table that ``stopwords`` and ``min_count`` keep (as term_frequency)."""
    keep = np.ones(len(table), dtype=bool)
    if stop:  # a term (or n-gram) is dropped if any of its words is a stopword
        codes, terms = pd.factorize(table["term"])
        keep &= ~stopword_mask(list(terms), stop)[codes]
    if min_count > 1:
        keep &= table["n"].to_numpy() >= min_count
    return keep


def _check_counts(counts: pd.DataFrame, cols: list[str]) -> None:
    """One row per (document, term), with a positive ``n``."""
    if counts.duplicated([*cols, "term"]).any():
        dup = counts.loc[counts.duplicated([*cols, "term"], keep=False), [*cols, "term"]].head(3)
        raise CorpusError(
            "tf_idf needs exactly one row per document-term combination; duplicates such as\n"
            f"{dup.to_string(index=False)}\nsum them first (e.g. with term_frequency)"
        )
    if (counts["n"].astype(float) <= 0).any():
        raise CorpusError("counts in column 'n' must be positive")


def weigh(
    counts: pd.DataFrame,
    cols: list[str],
    tf: str,
    idf: str,
    norm: str | None,
    *,
    n_docs: int | None = None,
    keep: np.ndarray | None = None,
    counted: bool = False,
) -> pd.DataFrame:
    """tf, idf and tf-idf of a count table (see :func:`tf_idf` for the formulas).

    N is ``n_docs`` (default: the documents in ``counts``) and df the rows of ``counts`` holding the
    term; ``keep`` (a row mask) then selects the rows of the result, over which tf and the norm
    are computed. ``counted``: the table comes from corpuskit's own counting (one positive row per
    document and term), so it is not checked again.
    """
    missing = {*cols, "term", "n"} - set(counts.columns)
    if missing:
        raise CorpusError(f"tf_idf needs column(s) {sorted(missing)}; the table has {list(counts.columns)}")
    if not counted:
        _check_counts(counts, cols)
    if n_docs is None:
        key = counts[cols].apply(tuple, axis=1) if len(cols) > 1 else counts[cols[0]]
        n_docs = key.nunique()
    # df: documents (rows) holding the term, before ``keep`` drops any row
    df = counts.groupby("term", observed=True)["term"].transform("size").to_numpy(dtype=float)
    if keep is not None and not keep.all():
        out, df = counts[keep].copy(), df[keep]
    else:
        out = counts.copy()
    n = out["n"].astype(float)
    doc_key = out[cols].apply(tuple, axis=1) if len(cols) > 1 else out[cols[0]]
    if tf == "proportion":
        out["tf"] = n / n.groupby(doc_key, observed=True).transform("sum")
    elif tf == "count":
        out["tf"] = n
    else:
        out["tf"] = 1.0 + np.log(n)
    if idf == "ln":
        out["idf"] = np.log(n_docs / df)
    elif idf == "ln+1":
        out["idf"] = np.log(n_docs / df) + 1.0
    else:
        out["idf"] = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    out["tf_idf"] = out["tf"] * out["idf"]
    if norm is not None:
        w = out["tf_idf"]
        size = (w.abs() if norm == "l1" else w**2).groupby(doc_key, observed=True).transform("sum")
        if norm == "l2":
            size = np.sqrt(size)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            out["tf_idf"] = np.where(size > 0, w / size, 0.0)
    return out.sort_values(
        [*cols, "tf_idf", "term"], ascending=[True] * len(cols) + [False, True], kind="mergesort"
    ).reset_index(drop=True)
