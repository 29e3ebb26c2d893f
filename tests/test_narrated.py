"""Narrated time: which years a sentence talks about."""

import json

import pandas as pd
import pytest
from conftest import ROOT

import corpuskit as ck
from corpuskit.narrated import resolve_text

TIME_GOLD = ROOT / "book" / "data" / "validation" / "time_gold.jsonl"


def years(text, date="2016-09-23", precision="day"):
    return [(r["expr"], r["year"], r["kind"]) for r in resolve_text(text, pd.Timestamp(date), precision)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2004, Putin was concerned.", [("2004", 2004, "explicit")]),
        ("the 2008 war in Georgia", [("2008", 2008, "explicit")]),
        ("60,000 troops; the 1990s; S-300 units", []),
        ("On September 9, 2001, Putin called.", [("2001", 2001, "explicit")]),
        ("after 9/11 and the post-9/11 honeymoon", [("9/11", 2001, "event"), ("post-9/11", 2001, "event")]),
        ("the Sept. 11 attack", [("Sept. 11", 2001, "event")]),
        ("15 years ago", [("15 years ago", 2001, "relative")]),
        ("twenty years ago", [("twenty years ago", 1996, "relative")]),
        ("last September at the UN", [("last September", 2015, "relative")]),
        ("this week", [("this week", 2016, "relative")]),
        ("NATO's fiftieth anniversary summit", []),
        ("the 10th anniversary of the attacks", [("10th anniversary", 2016, "relative")]),
    ],
)
def test_rules(text, expected):
    assert years(text) == expected


def test_month_rules_look_back_from_publication():
    assert years("They met in June.", "2021-09-08") == [("in June", 2021, "relative")]
    assert years("They met in October.", "2021-09-08") == [("in October", 2020, "relative")]
    assert years("an October 15 interview", "2001-11-12") == [("October 15", 2001, "relative")]
    assert years("the past year", "2013-06-06") == [
        ("the past year", 2012, "relative"),
        ("the past year", 2013, "relative"),
    ]
    # a date known only to the year cannot place a month
    assert years("They met in June.", "2021-01-01", "year") == []


def test_references_on_the_seeds_and_overrides(clean):
    refs = ck.time_references(clean)
    golts = refs[refs.doc_id == "golts2011"]
    assert ("2011", 2011) in set(zip(golts.expr, golts.year))  # "invaded Afghanistan in October 2011"
    fix = {
        "doc_id": "golts2011",
        "expr": "2011",
        "year": 2001,
        "note": "source error: means 2001",
        "in_sentence": "invaded Afghanistan",
    }
    fixed = ck.time_references(clean, overrides=[fix])
    changed = fixed["year"] != refs["year"]
    assert changed.sum() == 1  # exactly one reference changed
    row = fixed[changed].iloc[0]
    assert (row["doc_id"], row["year"], row["how"]) == ("golts2011", 2001, "override: source error: means 2001")
    with pytest.raises(ck.CorpusError, match="matches no time reference"):
        ck.time_references(clean, overrides=[{**fix, "in_sentence": "no such words"}])
    for r in refs.itertuples():
        assert clean.text(r.doc_id)[r.start : r.end] == r.expr


def test_sentences_without_references_are_kept(clean):
    scored = ck.sentence_sentiment(clean, vader=False)
    joined = ck.narrated_years(scored, ck.time_references(clean))
    none = joined[joined["year"].isna()]
    assert len(none) > 0 and (none["n_years"] == 0).all()
    per_sentence = joined.groupby(["doc_id", "sentence_id"]).size()
    assert len(per_sentence) == len(scored)  # every sentence is there, once or once per year


def load_time_gold() -> pd.DataFrame:
    rows = []
    with open(TIME_GOLD, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            rows += [{"file": r["file"], "start": r["start"], "end": r["end"], **ref} for ref in r["refs"]]
    return pd.DataFrame(rows)


def test_resolver_precision_and_recall_on_the_hand_checked_sample(clean):
    sents = clean.sentences()
    sents["source"] = [clean.source_of(d) for d in sents["doc_id"]]
    scores = ck.time_reference_scores(ck.time_references(clean), load_time_gold(), sents)
    assert scores["gold"] >= 100
    assert scores["precision"] >= 0.95, scores["false_positives"]
    assert scores["recall_resolvable"] >= 0.78, scores["missed"]
    assert scores["recall"] >= 0.65


def test_scorer_counts_pairs():
    sents = pd.DataFrame(
        {"doc_id": ["d"], "sentence_id": [1], "source": ["f"], "source_start": [0], "source_end": [20]}
    )
    refs = pd.DataFrame({"doc_id": ["d", "d"], "sentence_id": [1, 1], "year": [2001, 2003]})
    gold = pd.DataFrame(
        {"file": ["f", "f"], "start": [0, 0], "end": [20, 20], "year": [2001, 2004], "kind": ["explicit", "anaphoric"]}
    )
    s = ck.time_reference_scores(refs, gold, sents)
    assert (s["tp"], s["precision"], s["recall"], s["recall_resolvable"]) == (1, 0.5, 0.5, 1.0)
