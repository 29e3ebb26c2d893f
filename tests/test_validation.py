"""One validation module: matching on source offsets, one P/R/F1, one result shape."""

import math

import pandas as pd
import pytest

import corpuskit as ck
from corpuskit.validation import ERROR_COLUMNS, SCORE_COLUMNS


def pred(rows):
    return pd.DataFrame(rows, columns=["source", "source_start", "source_end", "actor"])


def gold(rows):
    return pd.DataFrame(rows, columns=["file", "start", "end", "actor"])


def test_prf_formulas():
    assert ck.prf(3, 1, 1) == (0.75, 0.75, 0.75)
    p, r, f = ck.prf(8, 2, 0)
    assert (p, r) == (0.8, 1.0) and f == pytest.approx(2 * 0.8 / 1.8)
    assert all(math.isnan(x) for x in ck.prf(0, 0, 0))


def test_each_gold_item_is_matched_once_and_labels_must_agree():
    # two predictions overlap one gold mention: one is right, the other a false positive
    p = pred([("f", 0, 5, "A"), ("f", 2, 6, "A"), ("f", 10, 14, "B"), ("g", 0, 5, "A")])
    g = gold([("f", 0, 5, "A"), ("f", 10, 14, "C"), ("f", 20, 25, "A")])
    scores, errors = ck.score_spans(p, g, label="actor")
    assert list(scores.reset_index().columns) == SCORE_COLUMNS
    assert list(errors.columns) == ERROR_COLUMNS
    row = scores.loc["all"]
    assert (row.n_gold, row.n_predicted, row.tp, row.fp, row.fn) == (3, 4, 1, 3, 2)
    assert (row.precision, row.recall, row.exact) == (0.25, 1 / 3, 1.0)
    assert errors[["error", "file", "start", "label"]].values.tolist() == [
        ["false positive", "f", 2, "A"],
        ["false positive", "f", 10, "B"],
        ["missed", "f", 10, "C"],
        ["missed", "f", 20, "A"],
        ["false positive", "g", 0, "A"],
    ]


def test_points_match_exactly_and_subsets_and_regions_restrict():
    p = pd.DataFrame({"source": ["f"] * 3, "source_start": [5, 9, 30], "source_end": [5, 9, 30]})
    g = pd.DataFrame({"file": ["f", "f"], "start": [5, 12], "end": [5, 12], "kind": ["easy", "hard"]})
    scores, errors = ck.score_spans(
        p,
        g,
        how="exact",
        regions=pd.DataFrame({"file": ["f"], "start": [0], "end": [20]}),
        subsets={"hard": lambda t: t["start"] > 8},
        sources={"f": "0123456789" * 3},
    )
    assert scores.loc["all", ["tp", "fp", "fn"]].tolist() == [1, 1, 1]  # 30 lies outside the region
    assert scores.loc["hard", ["tp", "fp", "fn"]].tolist() == [0, 1, 1]
    assert errors["context"].tolist() == ["012345678 | 901234567890123456789", "012345678901 | 234567890123456789"]


def test_bad_arguments_are_the_packages_errors(tmp_path):
    with pytest.raises(ck.ArgumentError, match="how="):
        ck.score_spans(pred([]), gold([]), how="near")
    with pytest.raises(ck.ArgumentError, match="lack column"):
        ck.score_spans(pred([]).drop(columns="source"), gold([]))
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"file": "a"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(ck.CorpusError, match="line 2: expected a JSON object"):
        ck.read_jsonl(bad)
    bad.write_text('{"file": \n', encoding="utf-8")
    with pytest.raises(ck.CorpusError, match="line 1: not valid JSON"):
        ck.read_jsonl(bad)
    with pytest.raises(ck.CorpusError, match="cannot read"):
        ck.read_jsonl(tmp_path / "missing.jsonl")


def test_passage_corpus_keeps_offsets_and_paragraph_rules():
    raw = "Intro text.\n\nThe Great Lakes-St. Lawrence Seaway. It opened in 1959.\n\nMore. Words here."
    a = raw.index("The Great")
    b = raw.index("\n\nMore")
    c = raw.index("Words")
    passages = pd.DataFrame(
        {
            "file": ["f.txt", "f.txt"],
            "start": [a, c],
            "end": [b, len(raw)],
            "text": [raw[a:b], raw[c:]],
            "date": ["1960-01-07", "1960-01-07"],
        }
    )
    corpus = ck.passage_corpus(passages)
    assert corpus.source_of("f.txt") == "f.txt"
    sents = ck.sentences(corpus)
    assert [raw[s:e] for s, e in zip(sents.source_start, sents.source_end)] == [
        "The Great Lakes-St. Lawrence Seaway.",
        "It opened in 1959.",
        "Words here.",
    ]
    refs = ck.time_references(corpus)
    assert raw[refs.start.iat[0] : refs.end.iat[0]] == "1959"
    with pytest.raises(ck.ArgumentError, match="overlaps"):
        ck.passage_corpus(pd.concat([passages, passages]))


def test_wilson_interval_by_hand():
    from corpuskit.validation import wilson_interval

    # 5/10: centre (0.5 + 1.96²/20) / (1 + 1.96²/10) = 0.5, half-width 1.96·sqrt(0.025 + 1.96²/400) / 1.38415
    lo, hi = wilson_interval(5, 10)
    assert lo == pytest.approx(0.23659, abs=1e-4) and hi == pytest.approx(0.76341, abs=1e-4)
    lo, hi = wilson_interval(10, 10)  # all right: the interval is not empty, its top is 1
    assert hi == pytest.approx(1.0) and lo == pytest.approx(10 / (10 + 1.959964**2), abs=1e-9)
    assert all(math.isnan(x) for x in wilson_interval(0, 0))


def test_scores_carry_the_intervals_of_precision_and_recall():
    gold = pd.DataFrame({"file": ["f"] * 4, "start": [0, 10, 20, 30], "end": [5, 15, 25, 35]})
    pred = pd.DataFrame({"source": ["f"] * 3, "source_start": [0, 10, 40], "source_end": [5, 15, 45]})
    scores, _ = ck.score_spans(pred, gold, sources={"f": "x" * 50})
    row = scores.loc["all"]
    from corpuskit.validation import wilson_interval

    assert (row["precision_low"], row["precision_high"]) == pytest.approx(wilson_interval(2, 3))
    assert (row["recall_low"], row["recall_high"]) == pytest.approx(wilson_interval(2, 4))
    assert row["precision_low"] < row["precision"] < row["precision_high"]
