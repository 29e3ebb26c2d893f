"""Co-occurrence over any item column (actors, events, terms), grouped by any documents column."""

from __future__ import annotations

import ast
import math
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from pandas.testing import assert_frame_equal

import corpuskit as ck
from corpuskit import network

ACTORS = ROOT / "book" / "data" / "actors.yml"
EVENTS = ROOT / "book" / "data" / "events.yml"


def corpus_of(texts, **columns):
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "date": "2001", "text": texts, **columns})
    return ck.corpus_from_frame(frame)


def brute_force(table: pd.DataFrame, item: str, unit_cols: list[str]) -> dict[tuple, int]:
    """Units shared by each pair of distinct items, counted from the sets of items per unit."""
    counts: dict[tuple, int] = {}
    for items in table.groupby(unit_cols)[item].agg(lambda s: sorted(set(s))):
        for pair in combinations(items, 2):
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def test_terms_cooccur_by_sentence_as_counted_by_hand():
    corpus = corpus_of(["Oil and gas. Gas prices rose.", "Oil prices fell. Oil, oil, oil."])
    toks = ck.tokens(corpus, lower=True, stopwords=True)
    edges = network.cooccurrence(toks, item="term")
    got = {
        (a, b): (n, na, nb)
        for a, b, n, na, nb in edges[["item_a", "item_b", "n", "n_a", "n_b"]].itertuples(index=False)
    }
    # sentences: d0:1 {oil, gas}, d0:2 {gas, prices, rose}, d1:1 {oil, prices, fell}, d1:2 {oil}
    assert got == {
        ("gas", "oil"): (1, 2, 3),
        ("gas", "prices"): (1, 2, 2),
        ("gas", "rose"): (1, 2, 1),
        ("prices", "rose"): (1, 2, 1),
        ("fell", "oil"): (1, 1, 3),
        ("fell", "prices"): (1, 1, 2),
        ("oil", "prices"): (1, 3, 2),
    }
    row = edges.set_index(["item_a", "item_b"]).loc[("gas", "oil")]
    assert row["n_units"] == 4
    assert row["pmi"] == pytest.approx(math.log2(1 * 4 / (2 * 3)))
    assert row["dice"] == pytest.approx(2 * 1 / (2 + 3))
    assert row["documents"] == ["d0"] and row["units"] == ["d0:1"]


def test_terms_in_windows_and_documents():
    corpus = corpus_of(["alpha beta gamma delta epsilon alpha"])
    toks = ck.tokens(corpus, lower=True)
    win = network.cooccurrence(toks, item="term", unit="window", window=2).set_index(["item_a", "item_b"])
    # tokens 1..6: alpha-beta (1), alpha-gamma (2 apart), beta-gamma, beta-delta, gamma-delta, gamma-epsilon,
    # delta-epsilon, delta-alpha(6), epsilon-alpha(6): nine pairs of occurrences at most 2 tokens apart
    assert int(win["n"].sum()) == 9 and ("alpha", "epsilon") in win.index
    doc = network.cooccurrence(toks, item="term", unit="document")
    assert len(doc) == 10 and set(doc["n"]) == {1}  # five distinct terms, every pair once


def test_event_mentions_cooccur_like_brute_force(clean):
    mentions = ck.event_mentions(clean, EVENTS)
    edges = network.cooccurrence(mentions, item="event")
    assert dict(zip(zip(edges["item_a"], edges["item_b"]), edges["n"])) == brute_force(
        mentions, "event", ["doc_id", "sentence_id"]
    )
    assert len(edges) > 0 and (edges["item_a"] < edges["item_b"]).all()


@pytest.mark.parametrize("unit", ["sentence", "paragraph", "document", "window"])
def test_former_actor_cooccurrence_is_the_network_one_renamed(clean, unit):
    mentions = ck.actor_mentions(clean, ACTORS)
    new = network.cooccurrence(mentions, item="actor", unit=unit)
    old = ck.cooccurrence(mentions, unit=unit)
    assert list(old.columns[:5]) == ["source", "target", "n", "n_source", "n_target"]
    assert_frame_equal(old.rename(columns=ck.actors.FORMER_EDGE_COLUMNS), new)


def test_by_a_documents_column_without_merging_tables(clean):
    mentions = ck.actor_mentions(clean, ACTORS)
    grouped = network.cooccurrence(mentions, by="genre", corpus=clean)
    merged = mentions.merge(clean.documents[["doc_id", "genre"]], on="doc_id")
    # the same edges and counts as the merged table; N is every sentence of the genre, not those naming an actor
    alike = grouped.drop(columns=["n_units", "pmi"])
    assert_frame_equal(alike, network.cooccurrence(merged, by="genre").drop(columns=["n_units", "pmi"]))
    assert list(grouped.columns[:3]) == ["genre", "item_a", "item_b"]
    sentences = ck.sentences(clean).merge(clean.documents[["doc_id", "genre"]], on="doc_id")
    for genre, part in grouped.groupby("genre"):
        alone = network.cooccurrence(merged[merged["genre"] == genre])
        assert_frame_equal(
            part.drop(columns=["genre", "n_units", "pmi"]).reset_index(drop=True),
            alone.drop(columns=["n_units", "pmi"]),
        )
        n_sentences = int((sentences["genre"] == genre).sum())
        assert (part["n_units"] == n_sentences).all() and n_sentences > alone["n_units"].iat[0]
        expected = np.log2(part["n"] * n_sentences / (part["n_a"] * part["n_b"]))
        np.testing.assert_allclose(part["pmi"], expected, rtol=1e-12)
    # a by column the items already hold (as the stream merges it) gives the same
    assert_frame_equal(network.cooccurrence(merged, by="genre", corpus=clean), grouped)


TEN = [
    "Ann met Bob.",
    "Ann and Bob left.",
    "Cy stayed.",
    "Nothing happened.",
    "Rain fell.",
    "It was cold.",
    "Dogs barked.",
    "Cats slept.",
    "Birds sang.",
    "Time passed.",
]
PEOPLE = {"version": 1, "actors": [{"label": x, "type": "person", "aliases": [x]} for x in ["Ann", "Bob", "Cy"]]}


def test_pmi_over_the_corpus_counts_every_document():
    corpus = corpus_of(TEN)
    mentions = ck.actor_mentions(corpus, PEOPLE)
    with_corpus = network.cooccurrence(mentions, unit="document", corpus=corpus)
    without = network.cooccurrence(mentions, unit="document")
    # Ann and Bob together in 2 of 10 documents, each in 2: PMI = log2(2 * 10 / (2 * 2))
    assert with_corpus[["item_a", "item_b", "n", "n_a", "n_b", "n_units"]].values.tolist() == [
        ["Ann", "Bob", 2, 2, 2, 10]
    ]
    assert with_corpus["pmi"].item() == pytest.approx(math.log2(2 * 10 / (2 * 2)))
    # without the corpus N is the 3 documents naming somebody (d0, d1 and Cy's d2): log2(2 * 3 / 4)
    assert without["n_units"].item() == 3
    assert without["pmi"].item() == pytest.approx(math.log2(2 * 3 / (2 * 2)))
    assert with_corpus["dice"].item() == without["dice"].item() == 1.0  # Dice does not depend on N


def test_pmi_over_the_corpus_counts_every_sentence_and_paragraph():
    corpus = corpus_of(["Ann met Bob. It rained.\n\nBob slept.", "Ann left. Nobody came.\n\nSnow fell.\n\nAnn sang."])
    mentions = ck.actor_mentions(corpus, PEOPLE)
    # sentences: d0 3, d1 4 = 7; Ann in 3, Bob in 2, together in 1
    row = network.cooccurrence(mentions, corpus=corpus).iloc[0]
    assert (row["n"], row["n_a"], row["n_b"], row["n_units"]) == (1, 3, 2, 7)
    assert row["pmi"] == pytest.approx(math.log2(1 * 7 / (3 * 2)))
    assert network.cooccurrence(mentions).iloc[0]["n_units"] == 4  # d0:1, d0:3, d1:1, d1:4
    # paragraphs: d0 2, d1 3 = 5; Ann in 3 (d0:1, d1:1, d1:3), Bob in 2 (d0:1, d0:2), together in 1
    row = network.cooccurrence(mentions, unit="paragraph", corpus=corpus).iloc[0]
    assert (row["n"], row["n_a"], row["n_b"], row["n_units"]) == (1, 3, 2, 5)
    assert row["pmi"] == pytest.approx(math.log2(1 * 5 / (3 * 2)))
    # windows keep their N: the occurrences (5 mentions), with or without the corpus
    win = network.cooccurrence(mentions, unit="window", corpus=corpus)
    assert_frame_equal(win, network.cooccurrence(mentions, unit="window"))
    assert (win["n_units"] == 5).all()


def test_pmi_over_the_corpus_per_group():
    corpus = corpus_of(TEN, era=["early"] * 4 + ["late"] * 6)
    edges = network.cooccurrence(ck.actor_mentions(corpus, PEOPLE), unit="document", by="era", corpus=corpus)
    # early: d0..d3, Ann and Bob together in d0 and d1, each in 2 of 4 documents
    assert edges[["era", "item_a", "item_b", "n", "n_units"]].values.tolist() == [["early", "Ann", "Bob", 2, 4]]
    assert edges["pmi"].item() == pytest.approx(math.log2(2 * 4 / (2 * 2)))


def test_items_that_do_not_fit_the_corpus_are_refused():
    corpus = corpus_of(TEN, era=["early"] * 4 + ["late"] * 6)
    mentions = ck.actor_mentions(corpus, PEOPLE)
    other = corpus_of(["Ann met Bob."])
    with pytest.raises(ck.CorpusError, match=r"document\(s\) \['d1', 'd2'\] that are not in the corpus"):
        network.cooccurrence(mentions, corpus=other)
    with pytest.raises(ck.CorpusError, match=r"3 sentence\(s\).*e.g. d0:2, d1:2, d2:2"):
        network.cooccurrence(mentions.assign(sentence_id=mentions["sentence_id"] + 1), corpus=corpus)
    with pytest.raises(ck.ArgumentError, match="columns of the documents table"):
        network.cooccurrence(mentions.assign(side="x"), by="side", corpus=corpus)
    with pytest.raises(ck.CorpusError, match=r"by='era'.*'d0'.*'late'.*'early'"):
        network.cooccurrence(mentions.assign(era="late"), by="era", corpus=corpus)
    # windows need no units of the corpus: a column of the items only is fine
    network.cooccurrence(mentions.assign(side="x"), unit="window", by="side", corpus=corpus)


def test_by_several_columns_or_a_series():
    corpus = corpus_of(
        ["Oil and gas.", "Oil and gas.", "Oil and coal."], party=["R", "D", "D"], year=[2001, 2001, 2002]
    )
    toks = ck.tokens(corpus, lower=True, stopwords=True)
    two = network.cooccurrence(toks, item="term", by=["party", "year"], corpus=corpus)
    assert two[["party", "year", "item_a", "item_b"]].values.tolist() == [
        ["D", 2001, "gas", "oil"],
        ["D", 2002, "coal", "oil"],
        ["R", 2001, "gas", "oil"],
    ]
    era = pd.Series({"d0": "early", "d1": "early", "d2": "late"}, name="era")
    by_era = network.cooccurrence(toks, item="term", by=era)
    assert by_era[["era", "item_a", "item_b", "n"]].values.tolist() == [
        ["early", "gas", "oil", 2],
        ["late", "coal", "oil", 1],
    ]


def test_bad_grouping_and_item_columns_are_argument_errors(clean):
    mentions = ck.actor_mentions(clean, ACTORS)
    with pytest.raises(ck.ArgumentError, match=r"by='genre'.*pass corpus="):
        network.cooccurrence(mentions, by="genre")
    with pytest.raises(ck.CorpusError, match="nosuch"):
        network.cooccurrence(mentions, by="nosuch", corpus=clean)
    with pytest.raises(ck.ArgumentError, match=r"items lack column\(s\) \['term'\]"):
        network.cooccurrence(mentions, item="term")
    with pytest.raises(ck.ArgumentError, match="paragraph_id"):
        network.cooccurrence(ck.tokens(clean), item="term", unit="paragraph")
    with pytest.raises(ck.ArgumentError, match="item=3"):
        network.cooccurrence(mentions, item=3)


def test_missing_items_are_left_out():
    table = pd.DataFrame({"doc_id": ["d"] * 3, "sentence_id": [1, 1, 1], "term": ["a", None, "b"]})
    assert network.cooccurrence(table, item="term")[["item_a", "item_b", "n_units"]].values.tolist() == [["a", "b", 1]]


def test_networks_from_any_items_export_and_draw(tmp_path):
    import matplotlib
    import networkx as nx

    matplotlib.use("Agg")
    corpus = corpus_of(["Oil and gas. Gas and coal. Oil and coal and gas."])
    edges = network.cooccurrence(ck.tokens(corpus, lower=True, stopwords=True), item="term")
    nodes = pd.DataFrame({"term": ["oil", "gas", "coal", "wind"], "kind": ["fossil"] * 3 + ["renewable"]})
    g = network.to_networkx(edges, nodes=nodes, node="term")
    assert sorted(g.nodes) == ["coal", "gas", "oil", "wind"] and g.nodes["wind"]["kind"] == "renewable"
    assert g["gas"]["oil"]["n"] == 2.0
    assert nx.read_graphml(network.export_network(edges, tmp_path / "t.graphml")).number_of_edges() == 3
    csv = pd.read_csv(network.export_network(edges, tmp_path / "t.csv"))
    assert list(csv.columns[:4]) == ["Source", "Target", "Weight", "n"]
    assert ck.to_networkx is network.to_networkx and ck.export_network is network.export_network


def test_plot_imports_the_network_module_not_actors():
    tree = ast.parse((ROOT / "src" / "corpuskit" / "plot.py").read_text("utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1}
    assert "network" in imported and "actors" not in imported
