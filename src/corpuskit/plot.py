"""Stage 5 of the pipeline: matplotlib views of the measures.

Each helper draws on an Axes (a new one if none is given) and returns it, so
a book or a paper can restyle it. matplotlib is imported only when a helper
is called (install ``corpuskit[plot]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .errors import CorpusError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_keyness", "plot_terms"]


def _plt():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise CorpusError("plotting needs matplotlib: pip install 'corpuskit[plot]'") from exc
    return plt


def plot_terms(
    freq: pd.DataFrame,
    *,
    group: str | None = None,
    n: int = 10,
    value: str = "per_1000",
    ax: Axes | np.ndarray | None = None,
    color: str | None = None,
) -> Axes | np.ndarray:
    """Horizontal bars of the top ``n`` terms, one panel per group.

    ``freq`` is a :func:`corpuskit.term_frequency` (or :func:`corpuskit.tf_idf`)
    table; ``value`` the column to plot (``per_1000``, ``n``, ``tf_idf``);
    ``group`` the column whose values get a panel each (None: one panel).
    Returns the Axes (an array of Axes for several panels), top term first.
    """
    missing = {"term", value, *([group] if group else [])} - set(freq.columns)
    if missing:
        raise CorpusError(f"plot_terms: the table lacks column(s) {sorted(missing)}")
    plt = _plt()
    groups = list(dict.fromkeys(freq[group])) if group else [None]
    if ax is None:
        _, axes = plt.subplots(1, len(groups), figsize=(3.2 * len(groups), 0.28 * n + 1.2), squeeze=False)
        axes = axes[0]
    else:
        axes = np.atleast_1d(ax)
        if len(axes) != len(groups):
            raise CorpusError(f"plot_terms: {len(groups)} groups need {len(groups)} Axes, got {len(axes)}")
    for a, g in zip(axes, groups):
        sub = freq if g is None else freq[freq[group] == g]
        top = sub.sort_values([value, "term"], ascending=[False, True], kind="mergesort").head(n)
        a.barh(top["term"][::-1], top[value][::-1], color=color or "C0")
        a.set_xlabel(value.replace("_", " "))
        if g is not None:
            a.set_title(str(g))
        a.grid(axis="y", visible=False)
    return axes[0] if len(axes) == 1 else axes


def plot_keyness(
    key: pd.DataFrame,
    *,
    n: int = 10,
    measure: str = "g2",
    labels: tuple[str, str] = ("target", "reference"),
    ax: Axes | None = None,
    colors: tuple[str, str] = ("C0", "C1"),
) -> Axes:
    """Diverging bars: the ``n`` terms most key for the target (right) and the reference (left).

    ``key`` is a :func:`corpuskit.keyness` table. Bars show ``measure``;
    each label carries the raw counts (target / reference) so the reader can
    judge the statistic.
    """
    if measure not in key.columns:
        raise CorpusError(f"plot_keyness: the table has no column {measure!r}")
    plt = _plt()
    ordered = key.sort_values([measure, "term"], ascending=[False, True], kind="mergesort")
    pos = ordered[ordered[measure] > 0].head(n)
    neg = ordered[ordered[measure] < 0].tail(n)
    both = pd.concat([pos, neg])
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 0.26 * len(both) + 1.2))
    y = np.arange(len(both))[::-1]
    ax.barh(y, both[measure], color=[colors[0] if v > 0 else colors[1] for v in both[measure]])
    ax.set_yticks(y, [f"{t}  ({a}/{b})" for t, a, b in zip(both["term"], both["n_target"], both["n_reference"])])
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel(f"{measure} (positive: key in {labels[0]}; negative: key in {labels[1]})")
    ax.grid(axis="y", visible=False)
    return ax
