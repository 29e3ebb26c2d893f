"""Stage 4b of the pipeline: keyness -- which terms distinguish a target group from a reference.

For each term, a 2x2 table compares its count in the target and in the reference::

                 target   reference
    term           a          b
    other terms    c          d        c = target total - a,  d = reference total - b

with ``N = a + b + c + d`` and expected counts ``E_ij = row_i * col_j / N``. The statistics follow
quanteda's ``textstat_keyness`` (Dunning 1993 for G2), signed positive when the term is
over-represented in the target (``a > E_11``):

* G2 (log-likelihood) ``= 2 * sum O_ij * ln(O_ij / E_ij)``, with ``0 * ln 0 = 0``. With
  ``williams=True`` it is divided by Williams' ``q = 1 + (N/(a+b) + N/(c+d) - 1) *
  (N/(a+c) + N/(b+d) - 1) / (6N)`` (``q = 1`` if a cell is 0).
* ``chi2 = N * (|ad - bc| - N*delta)^2 / ((a+b)(c+d)(a+c)(b+d))``. With ``yates=True`` (default),
  ``delta = 0.5`` exactly where quanteda applies Yates' correction: when ``|ad - bc| >= N/2`` and
  some expected count is below 5; otherwise ``delta = 0``.
* ``log_ratio = log2((a/A) / (b/B))`` with A, B the target and reference totals (Hardie's effect
  size: +1 means twice as frequent in the target); a zero count is replaced by 0.5 so the
  ratio stays finite.
* p-values from the chi-squared distribution with one degree of freedom:
  ``p = P(X > |stat|) = erfc(sqrt(|stat| / 2))``.

Note: quanteda's documentation says its default applies Williams' correction to G2, but its
code (``keyness.cpp``) applies the Yates adjustment to the cell counts instead. corpuskit
applies neither by default and offers Williams' correction as an option.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .corpus import Corpus
from .errors import ArgumentError, CorpusError, check_bool, check_int
from .frequency import term_frequency

__all__ = ["chance_of_passing", "chi2_p", "keyness", "keyness_stats"]

_erfc = np.frompyfunc(math.erfc, 1, 1)


def chi2_p(stat: np.ndarray | float) -> np.ndarray:
    """Upper-tail p-value of a chi-squared statistic with 1 degree of freedom (sign ignored).

    Examples
    --------
    >>> from corpuskit.keyness import chi2_p
    >>> chi2_p([3.841, 6.635, -10.828]).round(3).tolist()
    [0.05, 0.01, 0.001]
    """
    x = np.abs(np.asarray(stat, dtype=float))
    return np.asarray(_erfc(np.sqrt(x / 2.0)), dtype=float)


def _xlogx_over(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    out = np.zeros_like(o, dtype=float)
    pos = o > 0
    out[pos] = o[pos] * np.log(o[pos] / e[pos])
    return out


def keyness_stats(
    a: np.ndarray | Sequence[float],
    b: np.ndarray | Sequence[float],
    target_total: float | np.ndarray,
    reference_total: float | np.ndarray,
    *,
    yates: bool = True,
    williams: bool = False,
) -> pd.DataFrame:
    """Signed G2, chi2, log-ratio and p-values for 2x2 tables given as counts and totals.

    ``a``/``b`` are the term's counts in target/reference; the totals are all
    terms in each. The formulas are those of :func:`keyness`. Returns one row
    per table with ``g2``, ``g2_p``, ``chi2``, ``chi2_p``, ``log_ratio``.

    Examples
    --------
    >>> stats = ck.keyness_stats(np.array([10.0]), np.array([2.0]), np.array([100.0]), np.array([100.0]))
    >>> stats.round(3).to_dict("records")
    [{'g2': 6.163, 'g2_p': 0.013, 'chi2': 5.674, 'chi2_p': 0.017, 'log_ratio': 2.322}]
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    A = np.broadcast_to(np.asarray(target_total, dtype=float), a.shape)
    B = np.broadcast_to(np.asarray(reference_total, dtype=float), a.shape)
    if (a < 0).any() or (b < 0).any() or (a > A).any() or (b > B).any():
        raise CorpusError("counts must be non-negative and no larger than their totals")
    c, d = A - a, B - b
    n = A + B
    r1, r2, k1, k2 = a + b, c + d, A, B  # row sums (term, other) and column sums (target, reference)
    with np.errstate(divide="ignore", invalid="ignore"):
        e11, e12, e21, e22 = r1 * k1 / n, r1 * k2 / n, r2 * k1 / n, r2 * k2 / n
        sign = np.where(a > e11, 1.0, -1.0)
        g2 = 2.0 * (_xlogx_over(a, e11) + _xlogx_over(b, e12) + _xlogx_over(c, e21) + _xlogx_over(d, e22))
        if williams:
            q = 1.0 + (n / r1 + n / r2 - 1.0) * (n / k1 + n / k2 - 1.0) / (6.0 * n)
            q = np.where(a * b * c * d == 0, 1.0, q)
            g2 = g2 / q
        g2 = sign * g2
        det = np.abs(a * d - b * c)
        if yates:
            small = (e11 < 5) | (e12 < 5) | (e21 < 5) | (e22 < 5)
            delta = np.where((det >= n / 2.0) & small, 0.5, 0.0)
        else:
            delta = 0.0
        chi2 = sign * n * (det - n * delta) ** 2 / (r1 * r2 * k1 * k2)
        log_ratio = np.log2((np.where(a == 0, 0.5, a) / A) / (np.where(b == 0, 0.5, b) / B))
    return pd.DataFrame({"g2": g2, "g2_p": chi2_p(g2), "chi2": chi2, "chi2_p": chi2_p(chi2), "log_ratio": log_ratio})


def _not_found(what: str, unknown: list, by: str, groups: set) -> str:
    """Which values are missing, the values there are (with their type), and the likely fix for a type mix-up."""
    plain = {v.item() if isinstance(v, np.generic) else v for v in groups}
    shown = sorted(plain, key=lambda v: (type(v).__name__, v))[:10]
    kinds = "/".join(sorted({type(v).__name__ for v in plain}))
    message = f"{what} {unknown!r} not found in column {by!r}, which holds {kinds} values: {shown!r}"
    by_text = {str(v): v for v in plain}
    near = [by_text[str(u)] for u in unknown if str(u) in by_text]
    if near:
        message += f"; did you mean {near[0]!r} ({type(near[0]).__name__}, not {type(unknown[0]).__name__})?"
    return message


def keyness(
    data: Corpus | pd.DataFrame,
    target: object | Sequence[object],
    *,
    by: str | Sequence[str] | pd.Series = "doc_id",
    reference: object | Sequence[object] | None = None,
    measure: str = "g2",
    yates: bool = True,
    williams: bool = False,
    min_count: int = 1,
    **count_options,
) -> pd.DataFrame:
    """Keyness of every term for a target group against a reference group.

    For each term, ``a`` is its count in the target and ``b`` in the reference,
    ``c`` and ``d`` the counts of every other term there (``A = a + c``,
    ``B = b + d``), ``N = A + B`` and ``E_ij = row_i * col_j / N``; each statistic
    is signed positive when the term is over-represented in the target
    (``a > E_11``)::

        g2        = 2 * sum(O_ij * ln(O_ij / E_ij))               (0 ln 0 = 0; / Williams' q if williams)
        chi2      = N * (|ad - bc| - N * delta)^2 / ((a+b)(c+d)(a+c)(b+d))
                    (delta = 0.5 where quanteda applies Yates' correction, if yates; else 0)
        log_ratio = log2((a / A) / (b / B))                       (a zero count taken as 0.5)
        p         = erfc(sqrt(|statistic| / 2))                   (chi-squared, 1 degree of freedom)

    The corrections are spelled out in the docstring of the module
    ``corpuskit.keyness`` (``help(sys.modules["corpuskit.keyness"])``).

    Parameters
    ----------
    data
        A corpus (counted with :func:`~corpuskit.term_frequency` grouped ``by``, with
        ``count_options`` such as ``stopwords=True`` or ``ngram=2``), or a tidy
        count table with the ``by`` column, ``term`` and ``n``.
    target
        The value (or list of values) of ``by`` that forms the target, e.g.
        ``target="a"`` with ``by="doc_id"``, or ``target=2020`` with a
        year column. With a corpus, ``by`` may also be a Series mapping
        ``doc_id`` to a group (as in :func:`~corpuskit.term_frequency`). With
        several ``by`` columns (``by=["party", "year"]``, as in
        :func:`~corpuskit.term_frequency`), a group is a tuple of their values:
        ``target=("Democrat", 1945)``, or a list of such tuples.
    reference
        The value(s) forming the reference; default: every other group.
    measure
        Sort key: ``"g2"`` (default), ``"chi2"`` or ``"log_ratio"``.
    yates, williams
        Corrections (above; Williams' ``q`` in the module docstring).
    min_count
        Keep terms whose count in target + reference is at least this.

    Returns
    -------
    DataFrame
        One row per term: ``term``, ``n_target``, ``n_reference``,
        ``total_target``, ``total_reference`` (the counts behind every statistic),
        ``g2``, ``g2_p``, ``chi2``, ``chi2_p``, ``log_ratio``; sorted by
        ``measure`` descending, then ``term``. Totals are the sums of ``n`` over
        the table's rows for each side, so they exclude terms removed before
        counting (e.g. stopwords).

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...                                             "text": ["The cat sat. The cat ran.", "A dog barked at the cat."]}))
    >>> table = ck.keyness(corpus, "a", by="doc_id")
    >>> print(table[["term", "n_target", "n_reference", "g2", "log_ratio"]].head(3).round(3).to_string(index=False))
    term  n_target  n_reference    g2  log_ratio
     ran         1            0 1.477        1.0
     sat         1            0 1.477        1.0
     cat         2            1 0.451        1.0
    """
    if measure not in ("g2", "chi2", "log_ratio"):
        raise ArgumentError(f"measure={measure!r} is not one of 'g2', 'chi2', 'log_ratio'")
    check_bool(yates, "yates")
    check_bool(williams, "williams")
    check_int(min_count, "min_count", minimum=0)
    columns = None  # several grouping columns: a group is the tuple of their values
    if isinstance(by, (list, tuple)) and all(isinstance(c, str) for c in by) and by:
        if len(by) == 1:
            by = by[0]
        else:
            columns, by = list(by), " / ".join(by)
    if isinstance(data, Corpus):
        data = _within_sides(data, columns or [by] if isinstance(by, str) else None, target, reference)
        counts = term_frequency(data, by=columns or by, **count_options)
        if isinstance(by, pd.Series):  # counted under the Series' name, as term_frequency does
            by = str(by.name or "group")
    elif isinstance(data, pd.DataFrame):
        if count_options:
            raise CorpusError(f"options {sorted(count_options)} only apply when a Corpus is given")
        counts = data
    else:
        raise ArgumentError(f"data: expected a Corpus or a count table, got {type(data).__name__}")
    if not isinstance(by, str):
        raise ArgumentError(f"by={by!r}: expected a column name or a list of them (or, with a corpus, a Series)")
    if columns is not None:
        missing = [c for c in columns if c not in counts.columns]
        if missing:
            raise CorpusError(f"count table lacks column(s) {missing}; it has {list(counts.columns)}")
        counts = counts.assign(**{by: list(zip(*(counts[c].tolist() for c in columns), strict=True))})
        # a target or reference is one tuple, or a list of tuples
        target = [target] if isinstance(target, tuple) else target
        reference = [reference] if isinstance(reference, tuple) else reference
    missing = {by, "term", "n"} - set(counts.columns)
    if missing:
        raise CorpusError(f"count table lacks column(s) {sorted(missing)}; it has {list(counts.columns)}")
    targets = _as_list(target)
    if not targets:
        raise ArgumentError(f"target is empty: give the {by!r} value (or list of values) to compare with the rest")
    groups = set(counts[by].unique())
    unknown = [t for t in targets if t not in groups]
    if unknown:
        raise CorpusError(_not_found("target", unknown, by, groups))
    is_target = counts[by].isin(targets)
    if reference is None:
        is_ref = ~is_target
    else:
        refs = _as_list(reference)
        unknown = [r for r in refs if r not in groups]
        if unknown:
            raise CorpusError(_not_found("reference", unknown, by, groups))
        if set(refs) & set(targets):
            raise CorpusError("target and reference overlap")
        is_ref = counts[by].isin(refs)
    if not is_ref.any():
        raise CorpusError(
            "the reference group is empty: "
            + ("reference= names no group" if reference is not None and not refs else "every group is in the target")
        )
    tgt = counts[is_target].groupby("term", observed=True)["n"].sum()
    ref = counts[is_ref].groupby("term", observed=True)["n"].sum()
    table = pd.concat([tgt.rename("n_target"), ref.rename("n_reference")], axis=1).fillna(0).astype(np.int64)
    total_t, total_r = int(tgt.sum()), int(ref.sum())
    table = table[(table["n_target"] + table["n_reference"]) >= min_count]
    table = table.rename_axis("term").reset_index()
    if isinstance(table["term"].dtype, pd.CategoricalDtype):  # from term_frequency: one row per term here, plain text
        table["term"] = table["term"].astype(table["term"].cat.categories.dtype)
    table["total_target"] = total_t
    table["total_reference"] = total_r
    stats = keyness_stats(table["n_target"], table["n_reference"], total_t, total_r, yates=yates, williams=williams)
    out = pd.concat([table, stats], axis=1)
    return out.sort_values([measure, "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def _within_sides(
    corpus: Corpus, columns: list[str] | None, target: object, reference: object, *, check: bool = True
) -> Corpus | None:
    """The documents of ``corpus`` in the target or the reference, when both are named and some document has
    no value in the grouping column(s): such a document is on neither side, so it need not be refused as it
    is when the reference is "every other group" (where it would belong is unknown).

    With ``check`` a target or reference value that no document has is an error (naming the values there
    are); without (one batch of a stream), a corpus with no document on either side gives ``None``."""
    if reference is None or columns is None or not all(c in corpus.documents for c in columns):
        return corpus
    docs = corpus.documents[columns]
    if not docs.isna().to_numpy().any():
        return corpus

    def wrap(v: object) -> list:  # several columns: a group is a tuple, and a side one tuple or a list of them
        return [v] if isinstance(v, tuple) else _as_list(v)

    if len(columns) == 1:
        sides = set(_as_list(target)) | set(_as_list(reference))
        keys = docs[columns[0]]
    else:
        sides = set(wrap(target)) | set(wrap(reference))
        keys = pd.Series(list(zip(*(docs[c].tolist() for c in columns), strict=True)), index=docs.index)
    try:
        mask = keys.isin(sides).to_numpy()
        present = set(keys.dropna())
    except TypeError:  # unhashable values: left to term_frequency's own checks
        return corpus
    name = " / ".join(columns)
    for what, values in (("target", target), ("reference", reference)):
        unknown = [v for v in (_as_list(values) if len(columns) == 1 else wrap(values)) if v not in present]
        if check and unknown:
            raise CorpusError(_not_found(what, unknown, name, present))
    if not mask.any():
        return None
    return corpus.subset(mask)


def _as_list(value: object) -> list:
    if isinstance(value, (list, tuple, set, np.ndarray, pd.Series)):
        return list(value)
    return [value]


def _log_choose(n: np.ndarray | float, k: np.ndarray) -> np.ndarray:
    lgamma = np.frompyfunc(math.lgamma, 1, 1)
    return np.asarray(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0), dtype=float)


def chance_of_passing(
    table: pd.DataFrame,
    alpha: float = 0.01,
    *,
    measure: str = "g2",
    yates: bool = True,
    williams: bool = False,
) -> pd.Series:
    """For each term of a :func:`keyness` table, the probability that it reaches ``p < alpha`` by chance.

    The null model is the one the p-values assume: the ``A + B`` tokens (the two totals) are
    assigned to target and reference at random, so a term used ``m = n_target + n_reference``
    times has ``x`` of its uses in the target with the hypergeometric probability::

        P(x) = C(A, x) * C(B, m - x) / C(A + B, m)

    and the term passes when the p-value of its table ``(x, m - x)`` (``measure``: ``"g2"`` or
    ``"chi2"``, with the same ``yates``/``williams`` options as the table) is below ``alpha``::

        P(pass) = sum over x of P(x) * [p(x, m - x) < alpha]

    Counts are whole numbers, so a rare term may be unable to pass at all (a term used once
    never reaches p < 0.01 between halves of similar size): the expected number of terms that
    pass by chance is ``chance_of_passing(table, alpha).sum()``, often far below
    ``alpha * len(table)``. Words of one text are not independent draws, so this is the
    expectation under the test's own assumption, not a correction for it.

    Returns a Series of probabilities named ``p_pass``, aligned with ``table``.

    Examples
    --------
    >>> from corpuskit.keyness import chance_of_passing
    >>> table = pd.DataFrame({"term": ["once", "often"], "n_target": [1, 30], "n_reference": [0, 10],
    ...                       "total_target": 1000, "total_reference": 1000})
    >>> chance_of_passing(table, 0.01).round(3).tolist()
    [0.0, 0.016]
    """
    if measure not in ("g2", "chi2"):
        raise ArgumentError(f"measure={measure!r} is not one of 'g2', 'chi2'")
    if not isinstance(alpha, (int, float)) or isinstance(alpha, bool) or not 0 < alpha < 1:
        raise ArgumentError(f"alpha={alpha!r}: expected a number between 0 and 1")
    cols = ["n_target", "n_reference", "total_target", "total_reference"]
    missing = [c for c in cols if c not in table.columns]
    if missing:
        raise CorpusError(f"keyness table lacks column(s) {missing}; it has {list(table.columns)}")
    if len(table) == 0:
        return pd.Series(np.zeros(0), index=table.index, name="p_pass")
    totals = table[["total_target", "total_reference"]].drop_duplicates()
    if len(totals) != 1:
        raise CorpusError("the table's rows have different totals: give one keyness table")
    big_a, big_b = (int(v) for v in totals.iloc[0])
    m_all = (table["n_target"] + table["n_reference"]).to_numpy(dtype=np.int64)
    n = big_a + big_b
    share = big_a / n
    by_m: dict[int, float] = {}
    for m in np.unique(m_all).tolist():
        lo, hi = max(0, m - big_b), min(m, big_a)
        # the hypergeometric mass outside mean +- 40 standard deviations is negligible (< 1e-300)
        sd = math.sqrt(max(m * share * (1 - share) * (n - m) / max(n - 1, 1), 1e-12))
        lo, hi = max(lo, math.floor(m * share - 40 * sd)), min(hi, math.ceil(m * share + 40 * sd))
        x = np.arange(lo, hi + 1, dtype=float)
        log_p = _log_choose(big_a, x) + _log_choose(big_b, m - x) - float(_log_choose(n, np.array([m]))[0])
        stats = keyness_stats(x, m - x, big_a, big_b, yates=yates, williams=williams)
        passes = stats[f"{measure}_p"].to_numpy() < alpha
        by_m[m] = float(np.exp(log_p[passes]).sum())
    return pd.Series([by_m[m] for m in m_all.tolist()], index=table.index, name="p_pass")
