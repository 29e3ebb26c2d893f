"""Co-occurrence and networks: which items appear together, over any item column.

An *item table* has one row per occurrence of an item in a document: actor
mentions (:func:`corpuskit.actor_mentions`, item column ``actor``), event
mentions (:func:`corpuskit.event_mentions`, ``event``), tokens
(:func:`corpuskit.tokens`, ``term``), or any table of your own with ``doc_id``
and the unit columns. :func:`cooccurrence` counts, for every pair of items,
the units (sentences, paragraphs, documents, or windows of k tokens) in which
both occur, with PMI and Dice so that frequent items do not dominate by size
alone, optionally one network per group of documents (``by=`` a column of the
documents table, e.g. ``party`` or ``year``: pass the corpus and the table
need not carry it). :func:`to_networkx` and :func:`export_network` turn the
edge list into a graph or a file for Gephi; :func:`corpuskit.plot_network`
draws it.

Edges are undirected: the two ends are ``item_a`` and ``item_b``, with
``item_a < item_b`` (sorted), never ``source``/``target`` -- which elsewhere
in corpuskit name the raw file a text came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .corpus import Corpus, check_corpus
from .errors import ArgumentError, CorpusError, check_bool, check_choice, check_frame, check_int
from .frequency import resolve_groups
from .segment import sentences_view

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["EDGE_COLUMNS", "UNITS", "cooccurrence", "export_network", "to_networkx"]

#: unit -> the columns of the item table that identify one unit (``"window"`` uses ``token_id``)
UNITS: dict[str, list[str]] = {
    "sentence": ["doc_id", "sentence_id"],
    "paragraph": ["doc_id", "paragraph_id"],
    "document": ["doc_id"],
    "window": ["doc_id", "token_id"],
}

#: The columns of an edge list, after the grouping columns (``by``).
EDGE_COLUMNS = ["item_a", "item_b", "n", "n_a", "n_b", "n_units", "pmi", "dice", "documents", "units"]


def cooccurrence(
    items: pd.DataFrame,
    *,
    item: str = "actor",
    unit: str = "sentence",
    window: int = 10,
    by: str | Sequence[str] | pd.Series | None = None,
    corpus: Corpus | None = None,
    include_self: bool = False,
) -> pd.DataFrame:
    """Which items appear together: a tidy, symmetric edge list.

    Units
        ``"sentence"``, ``"paragraph"`` or ``"document"``: two items co-occur
        in a unit if both occur in it, and ``n`` counts those units (a sentence
        naming Ann twice and Bob once counts 1). ``"window"``: two
        occurrences co-occur if their first tokens are at most ``window``
        tokens apart in the same document, and ``n`` counts such pairs of
        occurrences -- the semantics of quanteda's ``fcm(context = "window")``.
    Association
        With N units, n_a and n_b the units containing each item and n their
        joint count::

            pmi  = log2(n * N / (n_a * n_b))   # how much more often than if independent
            dice = 2 * n / (n_a + n_b)         # the share of their appearances they share, 0..1

        N (the ``n_units`` column) depends on what the function can see:

        - with ``corpus=``: every unit of the corpus -- its documents, its
          sentences (:func:`corpuskit.sentences`) or its paragraphs (as
          numbered there), within each ``by`` group -- including the units
          that mention no item. PMI then compares with independence over the
          corpus: Ann and Bob together in 2 of 10 documents, each in 2, give
          log2(2 * 10 / (2 * 2)) = 2.32.
        - without ``corpus=``: only the units that hold at least one item of
          the table (the function cannot know the others). N is then smaller
          and PMI lower than over the corpus (in the example, N = 3 if a third
          document names someone else: log2(2 * 3 / 4) = 0.58); Dice does not
          depend on N. Pass ``corpus=`` for PMI over the corpus.
        - ``unit="window"`` (either way): N is the number of occurrences in
          the table (in the group), n_a and n_b the occurrences of each item,
          n the pairs of occurrences: a window is centred on an occurrence, so
          the windows are as many as the occurrences, and windows around
          tokens naming no item are not counted.

    Parameters
    ----------
    items
        One row per occurrence: ``doc_id``, the ``item`` column and the unit's
        columns (``sentence_id``, ``paragraph_id`` or, for windows,
        ``token_id``). Rows whose item is missing are left out.
    item
        The column holding the items: ``"actor"`` (default), ``"event"``, ``"term"``...
    unit, window
        See above; ``window`` (a positive number of tokens) is used only with ``unit="window"``.
    by
        One network per group: a column of ``items`` or, given ``corpus``, of
        ``corpus.documents`` (``"party"``, ``"year"``), a list of such
        columns, or a Series of group labels indexed by ``doc_id``. N, n_a and
        n_b are counted within each group.
    corpus
        The corpus the items come from: N counts its units (see above), and
        ``by`` is looked up in its documents table. The items must name units
        of this corpus (its ``doc_id``; ``sentence_id`` and ``paragraph_id``
        as :func:`corpuskit.sentences` numbers them).
    include_self
        Count an item with itself (units where it occurs twice) -- off by default.

    Returns
    -------
    DataFrame
        The ``by`` column(s), then ``item_a``, ``item_b`` (``item_a < item_b``),
        ``n``, ``n_a``, ``n_b``, ``n_units`` (N: the units of the corpus, or
        without ``corpus=`` the units holding at least one item; windows: the
        occurrences), ``pmi``, ``dice``,
        ``documents`` (sorted ids of the documents behind the edge) and
        ``units`` (the units, as ``doc_id:sentence_id`` etc.); sorted by
        group, ``n`` descending, then the pair.

    Examples
    --------
    >>> mentions = pd.DataFrame({"doc_id": ["d", "d", "d", "d"], "sentence_id": [1, 1, 2, 2],
    ...                          "actor": ["Ann", "Bob", "Ann", "Cy"]})
    >>> ck.network.cooccurrence(mentions)[["item_a", "item_b", "n", "n_a", "n_b", "n_units"]]
      item_a item_b  n  n_a  n_b  n_units
    0    Ann    Bob  1    2    1        2
    1    Ann     Cy  1    2    1        2

    With the corpus, N is all of its sentences (here 4, two of which name nobody):

    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["d"], "date": ["2020"],
    ...     "text": ["Ann met Bob. Ann saw Cy. It rained. Nobody came."]}))
    >>> ck.network.cooccurrence(mentions, corpus=corpus)[["item_a", "item_b", "n", "n_units", "pmi"]]
      item_a item_b  n  n_units  pmi
    0    Ann    Bob  1        4  1.0
    1    Ann     Cy  1        4  1.0
    """
    check_options(unit, window, include_self)
    if not isinstance(item, str) or item == "":
        raise ArgumentError(f"item={item!r}: expected the name of the column holding the items")
    if corpus is not None:
        check_corpus(corpus)
    check_frame(items, "items", ["doc_id", item, *UNITS[unit]], what=f"one row per occurrence of an {item}")
    items, groups = _with_groups(items, by, corpus, unit != "window")
    items = items[items[item].notna()]
    n_units = None if corpus is None or unit == "window" else _corpus_units(corpus, items, unit, by, groups)
    return _edges(items, item, unit, window, groups, include_self, n_units)


def check_options(unit: str, window: int, include_self: bool) -> None:
    """Check :func:`cooccurrence`'s ``unit``, ``window`` and ``include_self``."""
    check_choice(unit, "unit", list(UNITS))
    check_int(window, "window", minimum=1)
    check_bool(include_self, "include_self")


def edges_of(
    items: pd.DataFrame,
    item: str,
    unit: str,
    window: int,
    by: str | None,
    include_self: bool,
    n_units: dict[tuple, int] | None,
) -> pd.DataFrame:
    """The edge list of an item table holding the ``by`` column, with N per group given (``None``: the
    units holding an item); for :meth:`corpuskit.stream.CorpusStream.cooccurrence`, which counts the units."""
    items, groups = _with_groups(items, by, None)
    return _edges(items[items[item].notna()], item, unit, window, groups, include_self, n_units)


def _corpus_units(
    corpus: Corpus, items: pd.DataFrame, unit: str, by: str | Sequence[str] | pd.Series | None, groups: list[str]
) -> dict[tuple, int]:
    """N for each group: the corpus's documents, sentences or paragraphs (checked to hold the items' units)."""
    if groups:
        cols, frame = resolve_groups(corpus, by)
    else:
        cols, frame = [], corpus.documents[["doc_id"]]
    unknown = sorted(set(items["doc_id"]) - set(frame["doc_id"]))
    if unknown:
        raise CorpusError(f"items name document(s) {unknown[:5]} that are not in the corpus")
    unit_cols = UNITS[unit]
    if unit == "document":
        units = frame
    else:
        units = sentences_view(corpus)[unit_cols].drop_duplicates().merge(frame, on="doc_id", how="left")
        seen = items[unit_cols].drop_duplicates()
        absent = seen.merge(units[unit_cols], on=unit_cols, how="left", indicator=True)
        absent = absent[absent["_merge"] == "left_only"]
        if len(absent):
            first = ", ".join(f"{r[0]}:{r[1]}" for r in absent[unit_cols].head(3).itertuples(index=False))
            raise CorpusError(
                f"items name {len(absent)} {unit}(s) that corpuskit.sentences(corpus) does not have "
                f"({unit_cols[1]} as doc_id:id, e.g. {first}): were they segmented from another corpus "
                "or with other abbreviations? N counts the corpus's units"
            )
    if not cols:
        return {(): len(units)}
    if any(c in items.columns for c in cols):  # the groups the items were split by must be the documents' ones
        pairs = items[["doc_id", *cols]].drop_duplicates().merge(frame, on="doc_id", suffixes=("", "_doc"))
        for c in cols:
            differ = pairs[pairs[c] != pairs[f"{c}_doc"]]
            if len(differ):
                raise CorpusError(
                    f"by={c!r}: the items give document {differ['doc_id'].iat[0]!r} the group "
                    f"{differ[c].iat[0]!r}, the corpus's documents table {differ[f'{c}_doc'].iat[0]!r}; "
                    "N counts the corpus's units per group of the documents table"
                )
    sizes = units.groupby(cols, sort=True).size()
    return {key if isinstance(key, tuple) else (key,): int(v) for key, v in sizes.items()}


def _with_groups(
    items: pd.DataFrame, by: str | Sequence[str] | pd.Series | None, corpus: Corpus | None, units: bool = False
) -> tuple[pd.DataFrame, list[str]]:
    """``items`` with the group columns of ``by`` (taken from the corpus's documents where needed).

    ``units``: N will count the corpus's units per group, so the groups must be the documents'.
    """
    if by is None:
        return items, []
    if isinstance(by, str | list | tuple) and not isinstance(by, pd.Series):
        cols = [by] if isinstance(by, str) else list(by)
        if not cols or not all(isinstance(c, str) and c for c in cols):
            raise ArgumentError(f"by={by!r}: expected a column name, a list of them, a Series or None")
        if all(c in items.columns for c in cols):
            if units and corpus is not None and not all(c in corpus.documents.columns for c in cols):
                raise ArgumentError(
                    f"by={by!r}: with corpus=, the groups must be columns of the documents table (N counts "
                    "the corpus's units per group); this is a column of the items only: drop corpus= "
                    "(N = units holding an item) or add the column to the documents table"
                )
            return items, cols
    elif not isinstance(by, pd.Series):
        raise ArgumentError(f"by={by!r}: expected a column name, a list of them, a Series or None")
    if corpus is None:
        if isinstance(by, pd.Series):
            labels = items["doc_id"].map(by)
            if labels.isna().any():
                missing = sorted(set(items.loc[labels.isna(), "doc_id"]))[:5]
                raise ArgumentError(f"by= Series has no group for document(s) {missing}")
            name = str(by.name or "group")
            return items.assign(**{name: labels.to_numpy()}), [name]
        missing = [c for c in cols if c not in items.columns]
        raise ArgumentError(
            f"by={by!r}: {missing} is not a column of the items table; pass corpus= to take it from the "
            f"documents table, or add it; the items have {[str(c) for c in items.columns]}"
        )
    cols, frame = resolve_groups(corpus, by)
    clash = [c for c in cols if c in items.columns]
    unknown = sorted(set(items["doc_id"]) - set(frame["doc_id"]))
    if unknown:
        raise CorpusError(f"items name document(s) {unknown[:5]} that are not in the corpus")
    return items.drop(columns=clash).merge(frame, on="doc_id", how="left", validate="many_to_one"), cols


def _edges(
    items: pd.DataFrame,
    item: str,
    unit: str,
    window: int,
    groups: list[str],
    include_self: bool,
    n_units: dict[tuple, int] | None = None,
) -> pd.DataFrame:
    cols = [*groups, *EDGE_COLUMNS]
    parts = []
    for key, m in items.groupby(groups, sort=True) if groups else [((), items)]:
        m = m.reset_index(drop=True)
        key = key if isinstance(key, tuple) else (key,)
        if unit == "window":
            edges = _window_pairs(m, item, window, include_self)
        else:
            edges = _unit_pairs(m, item, UNITS[unit], include_self, None if n_units is None else n_units[key])
        for i, g in enumerate(groups):
            edges.insert(i, g, key[i])
        parts.append(edges)
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    return (
        out[cols]
        .sort_values(
            [*groups, "n", "item_a", "item_b"], ascending=[True] * len(groups) + [False, True, True], kind="mergesort"
        )
        .reset_index(drop=True)
    )


_EMPTY_EDGES = pd.DataFrame(
    {
        "item_a": pd.Series(dtype=object),
        "item_b": pd.Series(dtype=object),
        "n": pd.Series(dtype=np.int64),
        "documents": pd.Series(dtype=object),
        "units": pd.Series(dtype=object),
    }
)


def _with_association(agg: pd.DataFrame, per_item: pd.Series, n_units: int) -> pd.DataFrame:
    agg["n_a"] = agg["item_a"].map(per_item).astype(np.int64)
    agg["n_b"] = agg["item_b"].map(per_item).astype(np.int64)
    agg["n_units"] = n_units
    agg["pmi"] = np.log2(agg["n"] * n_units / (agg["n_a"] * agg["n_b"]))
    agg["dice"] = 2 * agg["n"] / (agg["n_a"] + agg["n_b"])
    return agg


def _split_by(keys: np.ndarray, values: np.ndarray) -> list[np.ndarray]:
    """Split ``values`` (sorted by ``keys``) into one array per distinct key."""
    cuts = np.flatnonzero(np.diff(keys)) + 1
    return np.split(values, cuts)


def _unit_pairs(
    m: pd.DataFrame, item: str, unit_cols: list[str], include_self: bool, n_all: int | None = None
) -> pd.DataFrame:
    """Pairs of items sharing a unit, computed on integer codes (linear-time apart from sorts).

    N is ``n_all`` (the corpus's units) if given, else the units of ``m`` (those holding an item).
    """
    ucode = m.groupby(unit_cols, sort=False).ngroup().to_numpy().astype(np.int64)
    acode, names = pd.factorize(m[item], sort=True)
    dcode, doc_names = pd.factorize(m["doc_id"], sort=True)
    n_items = len(names)
    key = ucode * n_items + acode
    uniq, first, repeats = np.unique(key, return_index=True, return_counts=True)
    u, a, d = uniq // n_items, uniq % n_items, dcode[first]
    per_item = pd.Series(np.bincount(a, minlength=n_items), index=names)
    n_units = int(ucode.max()) + 1 if len(ucode) else 0
    # every pair of distinct items in a unit: join the (unit, item) rows on the unit
    rows = pd.DataFrame({"u": u, "a": a, "d": d})
    pairs = rows.merge(rows[["u", "a"]], on="u", suffixes=("", "_b"))
    pairs = pairs[pairs["a"] < pairs["a_b"]]
    src, tgt, pu, pd_ = pairs["a"].to_numpy(), pairs["a_b"].to_numpy(), pairs["u"].to_numpy(), pairs["d"].to_numpy()
    if include_self:  # units where an item occurs more than once
        twice = repeats > 1
        src, tgt = np.concatenate([src, a[twice]]), np.concatenate([tgt, a[twice]])
        pu, pd_ = np.concatenate([pu, u[twice]]), np.concatenate([pd_, d[twice]])
    edge = src.astype(np.int64) * n_items + tgt
    n_pmi = n_units if n_all is None else n_all
    if len(edge) == 0:  # no two items share a unit (a sparse period): an empty edge list, not an error
        return _with_association(_EMPTY_EDGES.copy(), per_item, n_pmi)
    order = np.lexsort([pu, edge])
    edge, pu, pd_ = edge[order], pu[order], pd_[order]
    edges = np.unique(edge)
    # unit labels ("doc_id:sentence_id"), built once per unit that is behind some edge
    first_row = np.full(n_units, -1, dtype=np.int64)
    first_row[ucode[::-1]] = np.arange(len(ucode))[::-1]
    used = np.unique(pu)
    label_rows = m.iloc[first_row[used]]
    labels = label_rows[unit_cols[0]].astype(str).to_numpy(dtype=object)
    for c in unit_cols[1:]:
        labels = labels + ":" + label_rows[c].astype(str).to_numpy(dtype=object)
    unit_label = np.empty(n_units, dtype=object)
    unit_label[used] = labels
    unit_lists = _split_by(edge, pu)
    doc_lists = _split_by(edge, pd_)
    agg = pd.DataFrame(
        {
            "item_a": names[edges // n_items],
            "item_b": names[edges % n_items],
            "n": [len(x) for x in unit_lists],
            "documents": [sorted(doc_names[np.unique(x)]) for x in doc_lists],
            "units": [sorted(unit_label[x]) for x in unit_lists],
        }
    )
    return _with_association(agg, per_item, n_pmi)


def _window_pairs(m: pd.DataFrame, item: str, window: int, include_self: bool) -> pd.DataFrame:
    """Pairs of occurrences whose first tokens are at most ``window`` tokens apart in one document."""
    m = m.sort_values(["doc_id", "token_id"], kind="mergesort").reset_index(drop=True)
    m["unit"] = m["doc_id"].astype(str) + ":" + m["token_id"].astype(str)
    rows = []
    for _, g in m.groupby("doc_id", sort=False):
        tok, act, units = g["token_id"].to_numpy(), g[item].to_numpy(), g["unit"].to_numpy()
        doc = g["doc_id"].iat[0]
        hi = np.searchsorted(tok, tok + window, side="right")
        for i, j in enumerate(hi):
            for k in range(i + 1, j):
                a, b = sorted((act[i], act[k]))
                if a != b or include_self:
                    rows.append((a, b, f"{units[i]}~{units[k]}", doc))
    pairs = pd.DataFrame(rows, columns=["item_a", "item_b", "unit", "doc_id"])
    per_item = m.groupby(item).size()
    if pairs.empty:
        return _with_association(_EMPTY_EDGES.copy(), per_item, len(m))
    agg = (
        pairs.groupby(["item_a", "item_b"], sort=True)
        .agg(
            n=("unit", "nunique"),
            documents=("doc_id", lambda s: sorted(set(s))),
            units=("unit", lambda s: sorted(set(s))),
        )
        .reset_index()
    )
    return _with_association(agg, per_item, len(m))


def edge_ends(edges: object, columns: Sequence[str] = ()) -> tuple[str, str]:
    """The two end columns of an edge list -- ``item_a``/``item_b``, or the former ``source``/``target``.

    Raises :class:`~corpuskit.errors.ArgumentError` unless ``edges`` is a
    DataFrame holding one of the two pairs and ``columns``.

    Examples
    --------
    >>> ck.network.edge_ends(pd.DataFrame({"item_a": ["Ann"], "item_b": ["Bob"], "n": [1]}), ["n"])
    ('item_a', 'item_b')
    """
    check_frame(edges, "edges", what="the table of cooccurrence")
    ends = ("source", "target") if {"source", "target"} <= set(edges.columns) else ("item_a", "item_b")
    check_frame(
        edges,
        "edges",
        [*ends, *columns],
        what="the table of cooccurrence; ends 'item_a', 'item_b' or the former 'source', 'target'",
    )
    return ends


def to_networkx(
    edges: pd.DataFrame, *, weight: str = "n", nodes: pd.DataFrame | None = None, node: str = "actor"
) -> nx.Graph:
    """An undirected ``networkx.Graph`` from a :func:`cooccurrence` edge list.

    Edge attributes: every numeric column of ``edges`` (``n``, ``pmi``,
    ``dice`` ...) and ``weight`` (a copy of the chosen column). ``nodes``
    (column ``node`` -- ``"actor"`` by default -- plus attributes, e.g.
    ``type`` and ``mentions``) adds node attributes and isolated nodes. Nodes
    and edges are inserted in sorted order, so layouts and exports are stable.
    Edge lists of the former ``actors.cooccurrence`` (``source``, ``target``) are accepted too.

    Examples
    --------
    >>> g = ck.to_networkx(pd.DataFrame({"item_a": ["Ann"], "item_b": ["Bob"], "n": [3]}))
    >>> sorted(g.nodes), g["Ann"]["Bob"]["weight"]
    (['Ann', 'Bob'], 3.0)
    """
    try:
        import networkx as nx
    except ImportError as exc:  # pragma: no cover
        raise CorpusError("networks need networkx: pip install 'corpuskit[network]'") from exc
    a_col, b_col = edge_ends(edges)
    if weight not in edges.columns:
        raise CorpusError(f"to_networkx: no column {weight!r} in the edge list")
    g = nx.Graph()
    if nodes is not None:
        check_frame(nodes, "nodes", [node], what="one row per node")
        for rec in nodes.sort_values(node).to_dict("records"):
            label = rec.pop(node)
            g.add_node(label, **{k: (v.item() if hasattr(v, "item") else v) for k, v in rec.items()})
    numeric = [c for c in edges.columns if pd.api.types.is_numeric_dtype(edges[c])]
    for rec in edges.sort_values([a_col, b_col]).to_dict("records"):
        attrs = {c: float(rec[c]) for c in numeric}
        attrs["weight"] = float(rec[weight])
        for end in (rec[a_col], rec[b_col]):
            if end not in g:
                g.add_node(end)
        g.add_edge(rec[a_col], rec[b_col], **attrs)
    return g


def export_network(
    edges: pd.DataFrame, path: str | Path, *, nodes: pd.DataFrame | None = None, node: str = "actor"
) -> Path:
    """Write an edge list for Gephi and friends; the format follows the suffix.

    ``.gexf`` and ``.graphml`` via networkx (numeric attributes kept; ``nodes``
    and ``node`` as in :func:`to_networkx`), ``.csv`` as a Gephi edge table
    (``Source``, ``Target`` -- Gephi's names for the two ends -- ``Weight`` = ``n``,
    then the other columns; the list columns are joined with ``;``). Returns the path.

    Examples
    --------
    >>> edges = pd.DataFrame({"item_a": ["Ann", "Ann"], "item_b": ["Bob", "Cy"], "n": [3, 1]})
    >>> ck.export_network(edges, "edges.csv").name
    'edges.csv'
    >>> pd.read_csv("edges.csv").to_dict("records")
    [{'Source': 'Ann', 'Target': 'Bob', 'Weight': 3, 'n': 3}, {'Source': 'Ann', 'Target': 'Cy', 'Weight': 1, 'n':
     1}]
    """
    a_col, b_col = edge_ends(edges, ["n"])
    if not isinstance(path, str | Path):
        raise ArgumentError(f"path: expected a file path, got {type(path).__name__}")
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".gexf", ".graphml"):
        raise CorpusError(f"export_network: unknown format {suffix!r} (use .gexf, .graphml or .csv)")
    if suffix == ".csv":
        table = edges.rename(columns={a_col: "Source", b_col: "Target"}).copy()
        table.insert(2, "Weight", table["n"])
        for col in ("documents", "units"):
            if col in table:
                table[col] = table[col].map(lambda xs: ";".join(map(str, xs)))
        table.to_csv(path, index=False)
        return path
    g = to_networkx(edges, nodes=nodes, node=node)
    import networkx as nx

    (nx.write_gexf if suffix == ".gexf" else nx.write_graphml)(g, path)
    return path
