"""Stage 5 of the pipeline: matplotlib views of the measures.

Each helper draws on an Axes (a new one if none is given) and returns it, so
a book or a paper can restyle it. matplotlib is imported only when a helper
is called (install ``corpuskit[plot]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .errors import CorpusError, check_frame

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_keyness", "plot_network", "plot_sentiment", "plot_terms"]


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


def plot_sentiment(
    agg: pd.DataFrame,
    *,
    x: str = "period",
    series: str | None = None,
    ax: Axes | None = None,
    events: pd.DataFrame | list[dict] | None = None,
    ylabel: str = "mean polarity",
    colors: dict | None = None,
) -> Axes:
    """Mean sentiment with its bootstrap interval over a time axis.

    ``agg`` comes from :func:`corpuskit.sentiment_by_period` or
    :func:`corpuskit.summarise_sentiment` (columns ``x``, ``mean``, ``low``,
    ``high``, ``n``, ``too_few``). Solid groups are joined by a line with a
    shaded 95% band; groups flagged ``too_few`` are drawn as hollow markers
    with dashed whiskers and are not joined, so they do not look like evidence.
    ``events`` (columns ``year`` and ``label``, e.g. from a YAML file) adds
    labelled vertical lines on a numeric axis. Returns the Axes.
    """
    need = {x, "mean", "low", "high", "n", "too_few"} - set(agg.columns)
    if need:
        raise CorpusError(f"plot_sentiment: the table lacks column(s) {sorted(need)}")
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 3.6))
    numeric = pd.api.types.is_numeric_dtype(agg[x])
    positions = None if numeric else {v: i for i, v in enumerate(sorted(agg[x].astype(str).unique()))}
    groups = list(dict.fromkeys(agg[series])) if series else [None]
    for k, g in enumerate(groups):
        sub = agg if g is None else agg[agg[series] == g]
        sub = sub.sort_values(x, kind="mergesort")
        xs = sub[x].to_numpy(dtype=float) if numeric else sub[x].astype(str).map(positions).to_numpy(dtype=float)
        color = (colors or {}).get(g, f"C{k}")
        solid = ~sub["too_few"].to_numpy(dtype=bool)
        label = None if g is None else str(g)
        ax.plot(xs[solid], sub["mean"].to_numpy()[solid], "o-", color=color, label=label, zorder=3)
        ax.fill_between(
            xs[solid], sub["low"].to_numpy()[solid], sub["high"].to_numpy()[solid], color=color, alpha=0.18, linewidth=0
        )
        # whiskers as well: a lone solid group has no band to show
        lo, hi, mid = sub["low"].to_numpy()[solid], sub["high"].to_numpy()[solid], sub["mean"].to_numpy()[solid]
        ax.errorbar(xs[solid], mid, yerr=[mid - lo, hi - mid], fmt="none", color=color, capsize=3, zorder=3)
        if (~solid).any():
            thin = sub[~solid]
            ax.errorbar(
                xs[~solid],
                thin["mean"],
                yerr=[thin["mean"] - thin["low"], thin["high"] - thin["mean"]],
                fmt="o",
                mfc="white",
                color=color,
                alpha=0.8,
                capsize=2,
                linestyle="none",
                label=None if label is None else f"{label} (too few sentences)",
            )
    ax.axhline(0, color="#888888", linewidth=0.8, zorder=1)
    if not numeric:
        ax.set_xticks(list(positions.values()), list(positions.keys()))
    if events is not None and numeric:
        ev = pd.DataFrame(events)
        top = ax.get_ylim()[1]
        for e in ev.itertuples(index=False):
            ax.axvline(e.year, color="#999999", linestyle=":", linewidth=0.9, zorder=0)
            ax.annotate(
                str(e.label),
                (e.year, top),
                xytext=(2, -2),
                textcoords="offset points",
                rotation=90,
                va="top",
                ha="left",
                fontsize=7.5,
                color="#555555",
            )
    ax.set_ylabel(ylabel)
    return ax


def plot_network(
    edges: pd.DataFrame,
    *,
    weight: str = "n",
    node_size: Mapping[str, float] | None = None,
    node_color: Mapping[str, str] | None = None,
    min_weight: float = 1,
    seed: int = 2001,
    ax: Axes | None = None,
    pos: Mapping[str, tuple[float, float]] | None = None,
) -> Axes:
    """Draw a co-occurrence network with a seeded (stable) spring layout.

    Edges with ``weight`` below ``min_weight`` are left out; line width follows
    the weight. ``node_size`` (e.g. mentions per actor) and ``node_color``
    (e.g. by actor type) are mappings from actor to value. Pass ``pos`` to
    reuse positions across several panels (``ax.network_pos`` holds the
    positions used). Returns the Axes.
    """
    import networkx as nx

    from .network import to_networkx

    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 6))
    check_frame(edges, "edges", ["source", "target", weight], what="the table of cooccurrence")
    kept = edges[edges[weight] >= min_weight]
    g = to_networkx(kept, weight=weight)
    if pos is None:
        # unweighted layout: heavy edges would pull the big actors into one blot
        pos = nx.spring_layout(g, weight=None, seed=seed, k=2.2 / max(1, len(g) ** 0.5), iterations=200)
    top = max(1.0, float(kept[weight].max())) if len(kept) else 1.0
    widths = [0.5 + 5.0 * (d["weight"] / top) ** 0.5 for _, _, d in g.edges(data=True)]
    nx.draw_networkx_edges(g, pos, ax=ax, width=widths, edge_color="#9aa5b1", alpha=0.8)
    size_of = {} if node_size is None else dict(node_size)
    color_of = {} if node_color is None else dict(node_color)
    sizes = [40 + 45 * float(size_of.get(n, 1)) ** 0.5 for n in g.nodes]
    colors = [color_of.get(n, "C0") for n in g.nodes]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=sizes, node_color=colors, linewidths=0.5, edgecolors="white")
    nx.draw_networkx_labels(g, pos, ax=ax, font_size=8)
    ax.set_axis_off()
    ax.network_pos = pos
    return ax
