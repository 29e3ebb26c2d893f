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


#: Most tick labels a time axis shows, however long the series.
MAX_TICKS = 12
#: Term and group labels longer than this are shortened with an ellipsis.
MAX_LABEL = 40

# How period labels are recognised (sentiment_by_period writes "2013", "2013-06", "2013-06-05"; decades may be
# "1960s" or a range "1960–1969"); everything else is a category.
_YEAR = r"^\s*(\d{1,4})\s*$"
_DECADE = r"^\s*(\d{2,3}0)\s*'?s\s*$"
_RANGE = r"^\s*(\d{1,4})\s*[-–—]\s*(\d{4})\s*$"
_DATE = r"^\s*\d{4}-\d{2}(-\d{2}([ T][0-9:.]+)?)?\s*$"


def _check_table(table: object, name: str, func: str, columns: Mapping[str, str | None]) -> None:
    """:class:`ArgumentError` unless ``table`` is a non-empty DataFrame holding each named column.

    ``columns`` maps the argument that names a column (``value``) to the name given (``"per_1000"``).
    """
    from .errors import ArgumentError

    _check_names(func, columns)
    given = [c for c in columns.values() if c is not None]
    args = ", ".join(f"{a}={c!r}" for a, c in columns.items() if c is not None)
    check_frame(table, f"{func}: {name}", list(dict.fromkeys(given)), what=f"columns named by {args}")
    if table.empty:
        raise ArgumentError(f"{func}: {name} has no rows to plot")


def _check_names(func: str, columns: Mapping[str, str | None]) -> None:
    """:class:`ArgumentError` unless each argument naming a column is a string (or None)."""
    from .errors import ArgumentError

    for arg, col in columns.items():
        if col is not None and not isinstance(col, str):
            raise ArgumentError(f"{func}: {arg}={col!r}: expected a column name (a string), got {type(col).__name__}")


def _check_numeric(table: pd.DataFrame, name: str, func: str, arg: str, col: str) -> None:
    from .errors import ArgumentError

    if not pd.api.types.is_numeric_dtype(table[col]) or pd.api.types.is_bool_dtype(table[col]):
        raise ArgumentError(
            f"{func}: {name}[{col!r}] (named by {arg}=) must hold numbers, got dtype {table[col].dtype}"
        )


def _shorten(label: object, limit: int = MAX_LABEL) -> str:
    """``label`` as text, cut to ``limit`` characters with an ellipsis."""
    text = str(label)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _outer(ax: Axes) -> tuple[bool, bool]:
    """(first row, last row) of ``ax`` among the axes it shares its x axis with.

    A stack of panels sharing one time axis gets a title on top and an x label at the bottom only.
    """
    siblings = [a for a in ax.get_shared_x_axes().get_siblings(ax) if a.figure is ax.figure]
    spec = ax.get_subplotspec()
    if len(siblings) < 2 or spec is None:
        return True, True
    return spec.is_first_row(), spec.is_last_row()


#: How an axis names the keyness statistics of :func:`corpuskit.keyness` (other columns by their own name).
_MEASURE_NAMES = {"g2": "G² (log-likelihood)", "chi2": "χ²", "log_ratio": "log ratio"}


def _label(
    ax: Axes, *, title: str | None, xlabel: str | None, ylabel: str | None, defaults: tuple, title_pad: float = 6.0
) -> None:
    """Set title and axis labels: the caller's if given ("" for none), else the defaults; the title ``title_pad``
    points above the axes (more when labels stand above them)."""
    first, last = _outer(ax)
    d_title, d_x, d_y = defaults
    ax.set_title(title if title is not None else (d_title if first else ""), pad=title_pad)
    ax.set_xlabel(xlabel if xlabel is not None else (d_x if last else ""))
    ax.set_ylabel(ylabel if ylabel is not None else d_y)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _with_gaps(xs: np.ndarray, ys: tuple[np.ndarray, ...], step: float | None) -> tuple[np.ndarray, ...]:
    """``xs`` and each of ``ys`` with a NaN inserted wherever two neighbouring x lie more than ``step`` apart
    (a missing period), so that a line or a band drawn through them breaks there; as they are if ``step`` is None.

    >>> from corpuskit.plot import _with_gaps
    >>> [a.tolist() for a in _with_gaps(np.array([1990.0, 2000, 2020]), (np.array([1.0, 2, 3]),), 10)]
    [[1990.0, 2000.0, nan, 2020.0], [1.0, 2.0, nan, 3.0]]
    """
    if step is None or len(xs) < 2:
        return (xs, *ys)
    at = np.flatnonzero(np.diff(xs) > step * 1.5) + 1
    return tuple(np.insert(a.astype(float), at, np.nan) for a in (xs, *ys))


def _time_axis(values: pd.Series) -> tuple[str, str, pd.Series]:
    """Where each value of a period column goes on a plot's x axis.

    Returns ``(kind, unit, positions)``. ``kind`` is ``"number"`` (ints, floats,
    year strings such as ``"1790"``, decades ``"1960s"`` or ranges
    ``"1960–1969"`` placed at their first year, annual ``pd.Period``),
    ``"date"`` (Timestamps, datetimes, other ``pd.Period`` and ISO strings such
    as ``"1990-10"`` or ``"1990-10-07"``, placed at the first instant of the
    period, as matplotlib date numbers) or ``"category"`` (anything else, in
    order of first appearance, at 0, 1, 2 ...). ``unit`` names what a number
    means (``"year"``, ``"decade"``, ``"month"``, ``"day"``, ``""``).
    ``positions`` is aligned on ``values``; a value that cannot be placed on a
    number or date axis (``"(date too coarse)"`` among years) is NaN.
    """
    import matplotlib.dates as mdates

    s = values
    if pd.api.types.is_bool_dtype(s):
        pass
    elif pd.api.types.is_numeric_dtype(s):
        return "number", "", s.astype(float)
    elif pd.api.types.is_datetime64_any_dtype(s):
        return "date", "", pd.Series(mdates.date2num(s.dt.tz_localize(None) if s.dt.tz else s), index=s.index)
    elif isinstance(s.dtype, pd.PeriodDtype):
        if isinstance(s.dtype.freq, pd.offsets.YearEnd):
            return "number", "year", s.dt.year.astype(float)
        return "date", "", pd.Series(mdates.date2num(s.dt.to_timestamp()), index=s.index)
    # object or string columns: look at each value
    import datetime as dt

    objects = s.dropna()
    if len(objects) and objects.map(lambda v: isinstance(v, dt.datetime | dt.date | np.datetime64)).all():
        stamps = pd.to_datetime(objects)
        return "date", "", pd.Series(mdates.date2num(stamps), index=objects.index).reindex(s.index)
    if len(objects) and objects.map(lambda v: isinstance(v, pd.Period)).all():
        return _time_axis(pd.Series(pd.PeriodIndex(objects), index=objects.index, name=s.name))
    text = s.astype("string")
    year = text.str.extract(_YEAR)[0]
    decade = text.str.extract(_DECADE)[0]
    span = text.str.extract(_RANGE)[0]
    date = text.str.fullmatch(_DATE).fillna(False).astype(bool)
    as_number = pd.to_numeric(year.fillna(decade).fillna(span), errors="coerce")
    n_number, n_date = int(as_number.notna().sum()), int(date.sum())
    if n_date and n_date >= n_number:
        stamps = pd.to_datetime(text.where(date), format="ISO8601", errors="coerce")
        # a year among months is its first day
        years = pd.to_datetime(year.where(~date).str.zfill(4), format="%Y", errors="coerce")
        stamps = stamps.fillna(years)
        unit = "day" if text[date].str.strip().str.len().max() > 7 else "month"
        pos = pd.Series(np.nan, index=s.index)
        ok = stamps.notna()
        pos[ok] = mdates.date2num(stamps[ok])
        return "date", unit, pos
    if n_number:
        unit = "decade" if decade.notna().any() or span.notna().any() else "year"
        return "number", unit, as_number.astype(float)
    order = {v: i for i, v in enumerate(dict.fromkeys(s.astype(str)))}
    return "category", "", s.astype(str).map(order).astype(float)


def _time_ticks(ax: Axes, kind: str, unit: str, positions: pd.Series, labels: list[str], max_ticks: int) -> None:
    """At most ``max_ticks`` tick labels on the x axis, fewer when the axes is narrow."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import MaxNLocator

    width_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    font_pt = ax.xaxis.get_ticklabels()[0].get_fontsize() if ax.xaxis.get_ticklabels() else 10
    if kind == "number":
        # "auto" asks the axis at each draw how many labels fit, and never gives more than 10
        whole = bool(np.all(np.mod(positions.dropna(), 1) == 0))
        nbins = "auto" if max_ticks > 10 else max_ticks - 1
        ax.xaxis.set_major_locator(MaxNLocator(nbins=nbins, integer=whole))
    elif kind == "date":
        fit = max(3, min(max_ticks, int(width_pt // (font_pt * 4.5))))
        locator = mdates.AutoDateLocator(minticks=3, maxticks=fit)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    else:
        longest = max((len(t) for t in labels), default=1)
        fit = max(2, min(max_ticks, int(width_pt // (font_pt * 0.62 * longest + 6))))
        step = int(np.ceil(len(labels) / fit))
        ticks = list(range(0, len(labels), step))
        ax.set_xticks(ticks, [labels[i] for i in ticks])


def _one_group(table: pd.DataFrame, label: str, verb: str, name: str) -> None:
    """Without ``by``, each ``label`` may be drawn once: a value given twice means the table holds several
    groups, which would be merged into one panel or line without a word."""
    from .errors import ArgumentError

    twice = table[label][table[label].duplicated()]
    if len(twice):
        other = [
            c for c in table.columns if c != label and table[c].dtype.kind not in "fiub" and table[c].nunique() > 1
        ]
        hint = f" (columns that vary: {other[:5]})" if other else ""
        raise ArgumentError(
            f"{verb}: {name} has {int(table[label].eq(twice.iloc[0]).sum())} rows for {label} {twice.iloc[0]!r}: "
            f"it holds several groups{hint}; pass by= the group column, or keep the rows of one group"
        )


def plot_terms(
    freq: pd.DataFrame,
    *,
    by: str | None = None,
    n: int = 10,
    value: str = "per_1000",
    term: str = "term",
    ax: Axes | np.ndarray | None = None,
    color: str | None = None,
    ncols: int | None = None,
    title: str | None = None,
    xlabel: str | None = None,
) -> Axes | np.ndarray:
    """Horizontal bars of the top ``n`` terms, one panel per group.

    ``freq`` is a tidy table, one row per (group, term), e.g. from
    :func:`corpuskit.term_frequency` or :func:`corpuskit.tf_idf`; ``term``
    names its label column, ``value`` the numbers to plot (``per_1000``,
    ``n``, ``tf_idf``) and ``by`` the column whose values get a panel each
    (None: one panel, and a term given twice is an error: the table holds
    several groups). Within a panel, terms are ranked by ``value``
    (descending, ties by term) and the top term is drawn first; labels longer
    than ``corpuskit.plot.MAX_LABEL`` (40) characters are shortened with "…".

    Without ``ax``, a new figure with constrained layout holds the panels in a
    grid of ``ncols`` columns (default: up to 4), wide enough for the longest
    label, so panels never overlap. ``title`` (the figure's title when there
    are several panels) and ``xlabel`` replace the defaults; ``""`` leaves them
    out. Returns the Axes (an array of Axes, one per group, for several panels).

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> axes = ck.plot_terms(ck.term_frequency(corpus, by="doc_id", stopwords=True), by="doc_id", n=3)
    >>> [ax.get_title() for ax in axes], [t.get_text() for t in axes[0].get_yticklabels()]
    (['a', 'b'], ['bob', '1999', 'ann'])
    """
    from .errors import ArgumentError, check_int

    _check_table(freq, "freq", "plot_terms", {"term": term, "value": value, "by": by})
    _check_numeric(freq, "freq", "plot_terms", "value", value)
    check_int(n, "n", minimum=1)
    if ncols is not None:
        check_int(ncols, "ncols", minimum=1)
    if by is None:
        _one_group(freq, term, "plot_terms", "freq")
    plt = _plt()
    groups = list(dict.fromkeys(freq[by])) if by else [None]
    vlabel = {"per_1000": "uses per 1,000 words", "n": "uses", "tf_idf": "tf-idf"}.get(value, value.replace("_", " "))
    tops = [
        (freq if g is None else freq[freq[by] == g])
        .sort_values([value, term], ascending=[False, True], kind="mergesort")
        .head(n)
        for g in groups
    ]
    if ax is None:
        cols = min(len(groups), ncols or 4)
        rows = -(-len(groups) // cols)
        longest = min(MAX_LABEL, max(len(str(t)) for top in tops for t in top[term]))
        width = cols * (1.9 + 0.075 * longest)
        fig, grid = plt.subplots(
            rows, cols, figsize=(width, rows * (0.24 * n + 0.9) + 0.4), squeeze=False, layout="constrained"
        )
        for extra in grid.flat[len(groups) :]:
            fig.delaxes(extra)
        axes = grid.flat[: len(groups)]
        if by is not None:
            fig.suptitle(
                title if title is not None else f"Top {n} terms by {vlabel}, per {by}",
                x=0.01,
                ha="left",
                fontweight="bold",
            )
    else:
        axes = np.atleast_1d(ax)
        if len(axes) != len(groups):
            raise ArgumentError(f"plot_terms: {len(groups)} groups need {len(groups)} Axes, got {len(axes)}")
    for a, g, top in zip(axes, groups, tops):
        y = np.arange(len(top))[::-1]
        a.barh(y, top[value], color=color or "C0")
        a.set_yticks(y, [_shorten(t) for t in top[term]])
        a.set_ylim(-0.6, n - 0.4)
        if g is None:
            a.set_title(title if title is not None else f"Top {n} terms by {vlabel}")
        else:
            a.set_title(_shorten(g, 30))
        a.set_xlabel(xlabel if xlabel is not None else vlabel)
        a.xaxis.set_major_locator(plt.MaxNLocator(nbins=4))
        a.grid(axis="y", visible=False)
    return axes[0] if len(axes) == 1 else np.asarray(axes)


def plot_keyness(
    key: pd.DataFrame,
    *,
    n: int = 10,
    measure: str = "g2",
    term: str = "term",
    counts: tuple[str, str] | None = ("n_target", "n_reference"),
    labels: tuple[str, str] = ("target", "reference"),
    ax: Axes | None = None,
    colors: tuple[str, str] = ("C0", "C1"),
    title: str | None = None,
    xlabel: str | None = None,
) -> Axes:
    """Diverging bars: the ``n`` terms most key for the target (right) and the reference (left).

    ``key`` is a tidy table, one row per term, e.g. from :func:`corpuskit.keyness`:
    ``term`` names the label column, ``measure`` the signed statistic (positive:
    key in the target), ``counts`` the two columns of raw counts (target,
    reference) written after each label so the reader can judge the statistic
    (None: no counts). ``title`` and ``xlabel`` replace the defaults (``""``
    leaves them out). Returns the Axes.

    Bars run from the top in the order of the table sorted by ``measure`` (descending), then
    ``term``: the target side draws the first ``n`` rows, the reference side the last ``n``. So
    where the ``n``-th place is tied, the target side keeps the alphabetically first of the tied
    terms and the reference side the alphabetically last; name the others beside the figure.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> key = ck.keyness(ck.term_frequency(corpus, by="doc_id"), "a", by="doc_id")
    >>> ax = ck.plot_keyness(key, n=2)
    >>> ax.get_title(), len(ax.patches)
    ('Key terms of target against reference', 4)
    """
    from .errors import ArgumentError, check_int

    cols = {"term": term, "measure": measure}
    if counts is not None:
        if not isinstance(counts, tuple | list) or len(counts) != 2:
            raise ArgumentError(f"plot_keyness: counts={counts!r}: expected two column names (target, reference)")
        cols |= {"counts[0]": counts[0], "counts[1]": counts[1]}
    _check_table(key, "key", "plot_keyness", cols)
    _check_numeric(key, "key", "plot_keyness", "measure", measure)
    check_int(n, "n", minimum=1)
    plt = _plt()
    ordered = key.sort_values([measure, term], ascending=[False, True], kind="mergesort")
    pos = ordered[ordered[measure] > 0].head(n)
    neg = ordered[ordered[measure] < 0].tail(n)
    both = pd.concat([pos, neg])
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 0.26 * len(both) + 1.4), layout="constrained")
    y = np.arange(len(both))[::-1]
    ax.barh(y, both[measure], color=[colors[0] if v > 0 else colors[1] for v in both[measure]])
    if counts is None:
        names = [_shorten(t) for t in both[term]]
    else:
        names = [f"{_shorten(t)}  ({a}/{b})" for t, a, b in zip(both[term], both[counts[0]], both[counts[1]])]
    ax.set_yticks(y, names)
    ax.axvline(0, color="#444444", linewidth=0.8)
    _label(
        ax,
        title=title,
        xlabel=xlabel,
        ylabel="",
        defaults=(
            f"Key terms of {labels[0]} against {labels[1]}",
            f"{_MEASURE_NAMES.get(measure, measure)} (positive: key in {labels[0]}; negative: key in {labels[1]})",
            "",
        ),
    )
    ax.grid(axis="y", visible=False)
    return ax


def plot_sentiment(
    agg: pd.DataFrame,
    *,
    x: str = "period",
    by: str | None = None,
    ax: Axes | None = None,
    events: pd.DataFrame | list[dict] | None = None,
    ylabel: str = "mean polarity",
    colors: dict | None = None,
    y: str = "mean",
    low: str = "low",
    high: str = "high",
    too_few: str | None = "too_few",
    title: str | None = None,
    xlabel: str | None = None,
    max_ticks: int = MAX_TICKS,
) -> Axes:
    """Mean sentiment with its bootstrap interval over a time axis.

    ``agg`` is a tidy table, one row per period (and group), e.g. from
    :func:`corpuskit.sentiment_by_period` or :func:`corpuskit.summarise_sentiment`:
    ``x`` the period, ``y`` the mean, ``low`` and ``high`` the 95% interval,
    ``too_few`` (optional: None or absent) the flag of groups too small to
    trust, ``by`` (optional) a column whose values get a line each (without
    it, a period given twice is an error: the table holds several groups).
    Solid groups are joined by a line with a shaded band (and whiskers, on a
    series of at most 60 solid groups; on a longer one they would hide the
    line); groups flagged ``too_few`` are drawn as hollow markers with dashed
    whiskers and are not joined, so they do not look like evidence.

    The x axis follows the periods (``_time_axis``): numbers and years
    (``1790``, ``"1790"``, a decade ``"1960s"`` at 1960) give a numeric axis,
    dates and finer periods (Timestamps, ``"1990-10"``) a date axis, anything
    else a category per value. Tick labels are thinned to at most
    ``max_ticks`` (fewer on a narrow axes). Values that cannot be placed on a
    numeric or date axis among ones that can (``"(date too coarse)"``) are
    left out and listed in ``ax.unplaced``.

    ``events`` (columns ``label`` and ``year`` or ``date``, e.g. from a YAML
    file) adds labelled vertical lines on a numeric or date axis. ``title``,
    ``xlabel`` and ``ylabel`` replace the defaults (``""`` leaves them out; in
    a stack of panels sharing the x axis the default title goes on the top
    panel and the x label on the bottom one). Returns the Axes.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> agg = ck.sentiment_by_period(ck.sentence_sentiment(corpus), freq="year", min_n=1, n_boot=200)
    >>> ax = ck.plot_sentiment(agg)
    >>> ax.get_title(), ax.get_lines()[0].get_xdata().tolist()
    ('Mean polarity by year', [2020.0, 2021.0])
    """
    from .errors import ArgumentError, check_int

    if too_few == "too_few" and isinstance(agg, pd.DataFrame) and too_few not in agg.columns:
        too_few = None  # the default flag column is optional
    _check_table(agg, "agg", "plot_sentiment", {"x": x, "y": y, "low": low, "high": high, "too_few": too_few, "by": by})
    for arg, col in [("y", y), ("low", low), ("high", high)]:
        _check_numeric(agg, "agg", "plot_sentiment", arg, col)
    check_int(max_ticks, "max_ticks", minimum=2)
    if by is None:
        _one_group(agg, x, "plot_sentiment", "agg")
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 3.6), layout="constrained")
    kind, unit, where = _time_axis(agg[x])
    placed = where.notna()
    ax.unplaced = list(dict.fromkeys(agg.loc[~placed, x]))
    data = agg[placed].assign(_x=where[placed])
    names = list(dict.fromkeys(agg[x].astype(str))) if kind == "category" else []
    groups = list(dict.fromkeys(data[by])) if by else [None]
    for k, g in enumerate(groups):
        sub = data if g is None else data[data[by] == g]
        sub = sub.sort_values("_x", kind="mergesort")
        xs = sub["_x"].to_numpy(dtype=float)
        mid, lo, hi = (sub[c].to_numpy(dtype=float) for c in (y, low, high))
        color = (colors or {}).get(g, f"C{k}")
        solid = np.ones(len(sub), bool) if too_few is None else ~sub[too_few].to_numpy(dtype=bool)
        label = None if g is None else str(g)
        # the line and the band break where periods are missing (no decade 1620s between the 1610s and the
        # 1630s): a line across them would look like evidence for the periods without sentences
        lx, lm, ll, lh = _with_gaps(xs[solid], (mid[solid], lo[solid], hi[solid]), {"decade": 10, "year": 1}.get(unit))
        ax.plot(
            xs[solid], mid[solid], "o", color=color, label=label, zorder=3, markersize=2.5 if solid.sum() > 60 else 6
        )
        ax.plot(lx, lm, "-", color=color, zorder=3)
        ax.fill_between(lx, ll, lh, color=color, alpha=0.18, linewidth=0)
        # whiskers as well on a short series: a lone solid group has no band to show
        if solid.sum() <= 60:
            ax.errorbar(
                xs[solid],
                mid[solid],
                yerr=[mid[solid] - lo[solid], hi[solid] - mid[solid]],
                fmt="none",
                color=color,
                capsize=3,
                zorder=3,
            )
        if (~solid).any():
            thin = ax.errorbar(
                xs[~solid],
                mid[~solid],
                yerr=[mid[~solid] - lo[~solid], hi[~solid] - mid[~solid]],
                fmt="o",
                mfc="white",
                color=color,
                alpha=0.8,
                capsize=2,
                linestyle="none",
                label=None if label is None else f"{label} (too few sentences)",
            )
            for bar in thin.lines[2]:  # an interval on too few sentences is dashed, its point hollow
                bar.set_linestyle("--")
    ax.axhline(0, color="#888888", linewidth=0.8, zorder=1)
    if kind == "date":
        ax.xaxis_date()
    _time_ticks(ax, kind, unit, data["_x"], names, max_ticks)
    title_pad = 6.0
    if events is not None:
        if kind == "category":
            raise ArgumentError(f"plot_sentiment: events need a numeric or date axis; {x!r} holds categories")
        ev = pd.DataFrame(events)
        when = "date" if kind == "date" and "date" in ev.columns else "year"
        check_frame(ev, "plot_sentiment: events", [when, "label"], what="one row per event")
        if kind == "date":
            import matplotlib.dates as mdates

            stamps = pd.to_datetime(ev[when].astype(str), format="%Y" if when == "year" else "ISO8601")
            at = list(mdates.date2num(stamps))
        else:
            at = [float(v) for v in ev[when]]
        lo, hi = sorted(ax.get_xlim())
        placed = []
        for e_x, e_label in zip(at, ev["label"]):
            ax.axvline(e_x, color="#999999", linestyle=":", linewidth=0.9, zorder=0)
            if not lo <= e_x <= hi:
                continue
            # in a strip above the axes, where no point or interval lies under them
            placed.append(
                ax.annotate(
                    str(e_label),
                    (e_x, 1.0),
                    xycoords=ax.get_xaxis_transform(),
                    xytext=(0, 3),
                    textcoords="offset points",
                    rotation=90,
                    va="bottom",
                    ha="center",
                    fontsize=7.5,
                    color="#555555",
                    annotation_clip=False,
                )
            )
        if placed:  # the title goes above the tallest label
            renderer = ax.figure.canvas.get_renderer()
            tallest = max(t.get_window_extent(renderer).height for t in placed)
            title_pad = 6.0 + 3.0 + tallest * 72.0 / ax.figure.dpi
    x_name = {"year": "year", "decade": "decade", "month": "month", "day": "day"}.get(unit, x) if x == "period" else x
    _label(
        ax,
        title=title,
        xlabel=xlabel,
        ylabel=ylabel,
        defaults=(f"{_capitalise(ylabel)} by {x_name}" + (f" and {by}" if by else ""), x_name, ylabel),
        title_pad=title_pad,
    )
    if by:
        ax.legend(fontsize=8, title=by, title_fontsize=8)
    return ax


def plot_network(
    edges: pd.DataFrame,
    *,
    weight: str = "n",
    node_size: Mapping[str, float] | None = None,
    node_color: Mapping[str, str] | None = None,
    min_weight: float = 1,
    seed: int = 0,
    ax: Axes | None = None,
    pos: Mapping[str, tuple[float, float]] | None = None,
    item_a: str = "item_a",
    item_b: str = "item_b",
    labels: str = "fit",
    font_size: float = 8,
    title: str | None = None,
) -> Axes:
    """Draw a co-occurrence network with a seeded (stable) spring layout.

    ``edges`` is a tidy edge list, one row per pair, e.g. from
    :func:`corpuskit.network.cooccurrence`: ``item_a`` and ``item_b`` name the
    columns of the two ends (by default ``item_a``/``item_b``, or the former
    ``source``/``target`` of :func:`corpuskit.cooccurrence` when the table has
    those), ``weight`` the strength. Edges with ``weight`` below
    ``min_weight`` are left out; line width grows as the square root of the
    weight, ``0.5 + 5 * sqrt(w / max w)`` points. ``node_size`` (e.g. mentions
    per actor, area ``40 + 45 * sqrt(size)`` points²) and ``node_color``
    (e.g. by actor type) are mappings from node to value. Pass ``pos`` to
    reuse positions across several panels (``ax.network_pos`` holds the
    positions used).

    Labels never overlap one another (``labels="fit"``, default): each goes
    across its node if the node is wide enough, else at one of eight places
    around it, 3 points from its edge, biggest nodes first, preferring a place
    that covers no other node and stays inside the axes, and shrinking the
    font from ``font_size`` down to 6 points if needed; a label with no free
    place is left out and listed in ``ax.network_unlabelled``. The places are
    chosen at every drawing, after the layout has run, so a title or legend
    added afterwards, or another size or dpi when saving, cannot make labels
    collide (``ax.network_labels`` is the artist that draws them).
    ``labels="all"`` writes every label (at its least crowded place),
    ``"none"`` none.
    ``title`` replaces the default title (``""`` leaves it out). Returns the Axes.

    Examples
    --------
    >>> edges = pd.DataFrame({"item_a": ["Ann", "Ann"], "item_b": ["Bob", "Cy"], "n": [3, 1]})
    >>> ax = ck.plot_network(edges, seed=0)
    >>> ax.get_title(), sorted(ax.network_pos)
    ('Co-occurrence network (n ≥ 1)', ['Ann', 'Bob', 'Cy'])
    """
    import networkx as nx

    from .network import edge_ends, to_networkx

    plt = _plt()
    if (item_a, item_b) == ("item_a", "item_b") and isinstance(edges, pd.DataFrame):
        item_a, item_b = edge_ends(edges)  # item_a/item_b, or the former source/target
    _check_edges(edges, item_a=item_a, item_b=item_b, weight=weight, labels=labels)
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 6), layout="constrained")
    shown = edges[edges[weight] >= min_weight]
    kept = pd.DataFrame({"item_a": shown[item_a], "item_b": shown[item_b], weight: shown[weight]})
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
    ax.set_axis_off()
    if title is None:
        title = f"Co-occurrence network ({weight} ≥ {min_weight:g})"
    ax.set_title(title)
    ax.network_pos = pos
    ax.network_unlabelled = []
    if labels != "none" and len(g):
        ax.margins(0.08)
        ax.network_labels = _node_labels(ax, pos, dict(zip(g.nodes, sizes)), font_size, labels == "all")
        ax.figure.draw_without_rendering()  # places the labels once, so network_unlabelled is known
    return ax


def _check_edges(edges: object, *, item_a: str, item_b: str, weight: str, labels: str) -> None:
    from .errors import check_choice

    _check_names("plot_network", {"item_a": item_a, "item_b": item_b, "weight": weight})
    check_frame(edges, "edges", [item_a, item_b, weight], what="the table of cooccurrence")
    _check_numeric(edges, "edges", "plot_network", "weight", weight)
    check_choice(labels, "labels", ["fit", "all", "none"])


def _node_labels(ax: Axes, pos: Mapping, sizes: Mapping[str, float], font_size: float, force: bool):
    """Add to ``ax`` an artist that writes each node's label where it overlaps no other label.

    The places are chosen each time the figure is drawn, in display units (pixels), after the layout has
    run: a title or a legend added later, or another size or dpi when saving, cannot make labels collide.
    A node of area ``s`` points² is a circle of radius ``sqrt(s) / 2`` points. A label goes across its
    node if the node is wide enough, else at one of eight places around it, 3 points from its edge. A
    place must overlap no label placed before (biggest nodes are labelled first) and stay inside the
    axes; among those, the first that covers no other node is taken, else the one covering fewest. The
    nodes left unlabelled at the last drawing are in ``ax.network_unlabelled``. Each label stands on a pale
    box, so that an edge crossing it does not run through its letters.
    """
    import matplotlib.patheffects as pe
    from matplotlib.artist import Artist
    from matplotlib.text import Text
    from matplotlib.transforms import IdentityTransform

    class NodeLabels(Artist):
        def __init__(self) -> None:
            super().__init__()
            self.nodes = list(sizes)
            stroke = [pe.withStroke(linewidth=2.5, foreground="white")]
            # a pale box behind each label: the edges that cross it do not run through its letters
            box = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
            self.texts = [
                Text(0, 0, str(n), ha="center", va="center", fontsize=font_size, path_effects=stroke, bbox=box)
                for n in self.nodes
            ]
            for t in self.texts:
                t.set_figure(ax.figure)
                t.set_transform(IdentityTransform())
            self.set_zorder(4)

        def get_children(self) -> list:
            return list(self.texts)

        def draw(self, renderer) -> None:
            if not self.get_visible():
                return
            ax.network_unlabelled = _place_labels(ax, renderer, self.nodes, self.texts, pos, sizes, font_size, force)
            for t in self.texts:
                if t.get_visible():
                    t.draw(renderer)
            self.stale = False

    layer = NodeLabels()
    ax.add_artist(layer)
    return layer


def _place_labels(ax, renderer, nodes: list, texts: list, pos: Mapping, sizes: Mapping, font_size: float, force: bool):
    """Move each label (a Text in pixels) to its place, hide those with none; return the unlabelled nodes."""
    px = renderer.points_to_pixels(1.0)
    centre = ax.transData.transform(np.array([pos[n] for n in nodes], dtype=float))
    radius = np.sqrt(np.array([sizes[n] for n in nodes], dtype=float)) / 2 * px
    frame = ax.get_window_extent(renderer)
    boxes: list[tuple[float, float, float, float]] = []  # placed labels: x0, y0, x1, y1
    left_out = []
    fonts = [font_size, *(f for f in (font_size * 0.85, font_size * 0.7, 6.0) if 6 <= f < font_size)]
    for i in sorted(range(len(nodes)), key=lambda i: (-radius[i], str(nodes[i]))):
        text = texts[i]
        text.set_visible(True)
        best = None
        for size in fonts:
            text.set_fontsize(size)
            extent = text.get_window_extent(renderer)
            w, h = extent.width, extent.height
            for cx, cy in _label_places(centre[i], radius[i], w, h, 3 * px):
                box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                cost = _crowding(box, boxes, centre, radius, i, frame)
                if best is None or cost < best[0]:
                    best = (cost, box, size, cx, cy)
                if cost == (0, 0):
                    break
            if best[0][0] == 0:
                break
        (hard, _), box, size, cx, cy = best
        if hard > 0 and not force:
            text.set_visible(False)
            left_out.append(nodes[i])
            continue
        text.set_fontsize(size)
        text.set_position((cx, cy))
        boxes.append(box)
    return sorted(left_out, key=str)


def _label_places(centre: np.ndarray, r: float, w: float, h: float, pad: float) -> list[tuple[float, float]]:
    """Centres to try for a w × h label of a node of radius r: across it if it is wide enough, then right,
    left, above, below and the four corners, ``pad`` from its edge."""
    x, y = centre
    places = [(x, y)] if w <= 1.9 * r and h <= r else []  # across the circle, its corners may stick out a little
    d = r + pad
    diag = d / np.sqrt(2)
    places += [(x + d + w / 2, y), (x - d - w / 2, y), (x, y + d + h / 2), (x, y - d - h / 2)]
    places += [(x + sx * (diag + w / 2), y + sy * (diag + h / 2)) for sy in (1, -1) for sx in (1, -1)]
    return places


def _crowding(box: tuple, boxes: list, centre: np.ndarray, radius: np.ndarray, own: int, frame) -> tuple[float, int]:
    """(area in pixels² of ``box`` lying on placed labels or outside ``frame``, number of other nodes it touches)."""
    x0, y0, x1, y1 = box
    inside = max(0.0, min(x1, frame.x1) - max(x0, frame.x0)) * max(0.0, min(y1, frame.y1) - max(y0, frame.y0))
    hard = (x1 - x0) * (y1 - y0) - inside
    if boxes:
        b = np.asarray(boxes)
        ox = np.clip(np.minimum(x1, b[:, 2]) - np.maximum(x0, b[:, 0]), 0, None)
        oy = np.clip(np.minimum(y1, b[:, 3]) - np.maximum(y0, b[:, 1]), 0, None)
        hard += float((ox * oy).sum())
    # a node touches the box if the box's point nearest its centre lies within its radius
    near = np.hypot(centre[:, 0] - np.clip(centre[:, 0], x0, x1), centre[:, 1] - np.clip(centre[:, 1], y0, y1))
    touch = near < radius
    touch[own] = False
    return (round(hard, 6), int(touch.sum()))
