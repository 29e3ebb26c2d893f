"""Keyness statistics against hand-computed 2x2 tables and scipy."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

import corpuskit as ck


def g2_by_hand(a, b, c, d):
    n = a + b + c + d
    cells = [
        (a, (a + b) * (a + c) / n),
        (b, (a + b) * (b + d) / n),
        (c, (c + d) * (a + c) / n),
        (d, (c + d) * (b + d) / n),
    ]
    return 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)


def test_g2_chi2_log_ratio_on_a_hand_table():
    # term: 10 of 1,000 target tokens, 5 of 3,000 reference tokens
    a, b, A, B = 10, 5, 1000, 3000
    row = ck.keyness_stats([a], [b], A, B).iloc[0]
    assert row["g2"] == pytest.approx(g2_by_hand(a, b, A - a, B - b), rel=1e-12)
    # by hand: E = 3.75, 11.25, 996.25, 2988.75;
    # G2 = 2 * (10 ln(10/3.75) + 5 ln(5/11.25) + 990 ln(990/996.25) + 2995 ln(2995/2988.75))
    #    = 2 * (9.8083 - 4.0547 - 6.2304 + 6.2565) = 11.5595
    assert row["g2"] == pytest.approx(11.5595, abs=2e-4)
    assert row["log_ratio"] == pytest.approx(math.log2((10 / 1000) / (5 / 3000)))
    # all expected counts >= 5? E11 = 15*1000/4000 = 3.75 < 5 and |ad-bc| >= N/2: Yates applies
    n = A + B
    det = abs(a * (B - b) - b * (A - a))
    assert det >= n / 2
    yates = n * (det - n / 2) ** 2 / ((a + b) * (A - a + B - b) * A * B)
    assert row["chi2"] == pytest.approx(yates, rel=1e-12)
    table = np.array([[a, b], [A - a, B - b]])
    assert row["chi2"] == pytest.approx(chi2_contingency(table, correction=True)[0], rel=1e-12)
    assert row["g2"] == pytest.approx(chi2_contingency(table, correction=False, lambda_="log-likelihood")[0])


def test_no_yates_when_all_expected_counts_are_large():
    a, b, A, B = 120, 150, 2000, 4000
    row = ck.keyness_stats([a], [b], A, B).iloc[0]
    table = np.array([[a, b], [A - a, B - b]])
    assert row["chi2"] == pytest.approx(chi2_contingency(table, correction=False)[0], rel=1e-12)
    assert ck.keyness_stats([a], [b], A, B, yates=False)["chi2"].item() == pytest.approx(row["chi2"])


def test_sign_is_negative_for_under_represented_terms():
    row = ck.keyness_stats([2], [60], 1000, 3000).iloc[0]
    assert row["g2"] < 0 and row["chi2"] < 0 and row["log_ratio"] < 0
    assert abs(row["g2"]) == pytest.approx(g2_by_hand(2, 60, 998, 2940))


def test_williams_correction_by_hand():
    a, b, A, B = 10, 5, 1000, 3000
    c, d, n = A - a, B - b, A + B
    q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / A + n / B - 1) / (6 * n)
    row = ck.keyness_stats([a], [b], A, B, williams=True).iloc[0]
    assert row["g2"] == pytest.approx(g2_by_hand(a, b, c, d) / q, rel=1e-12)
    zero = ck.keyness_stats([0], [5], A, B, williams=True).iloc[0]  # a zero cell: q = 1
    assert zero["g2"] == pytest.approx(-g2_by_hand(0, 5, A, B - 5), rel=1e-12)


def test_p_values_and_zero_counts():
    from corpuskit.keyness import chi2_p

    assert chi2_p(3.841458820694124) == pytest.approx(0.05, abs=1e-12)
    row = ck.keyness_stats([4], [0], 100, 100).iloc[0]
    assert row["log_ratio"] == pytest.approx(math.log2((4 / 100) / (0.5 / 100)))
    assert 0 < row["g2_p"] < 0.05


def test_keyness_table_carries_counts_and_totals():
    corpus = ck.corpus_from_frame(
        pd.DataFrame(
            {
                "doc_id": ["t", "r1", "r2"],
                "date": ["2001", "2011", "2013"],
                "text": ["partner partner partner ally", "rival rival ally", "rival partner"],
            }
        )
    )
    key = ck.keyness(corpus, "t")
    assert key.columns.tolist()[:5] == ["term", "n_target", "n_reference", "total_target", "total_reference"]
    top = key.iloc[0]
    assert (top["term"], top["n_target"], top["n_reference"], top["total_target"], top["total_reference"]) == (
        "partner",
        3,
        1,
        4,
        5,
    )
    assert key.iloc[-1]["term"] == "rival" and key.iloc[-1]["g2"] < 0
    only_r1 = ck.keyness(corpus, "t", reference="r1")
    assert set(only_r1["total_reference"]) == {3}


def test_keyness_errors(clean):
    with pytest.raises(ck.CorpusError, match="target \\['nobody'\\] not found"):
        ck.keyness(clean, "nobody")
    with pytest.raises(ck.CorpusError, match="overlap"):
        ck.keyness(clean, "kuzio2001", reference=["kuzio2001", "golts2011"])
    with pytest.raises(ck.CorpusError, match="measure="):
        ck.keyness(clean, "kuzio2001", measure="lr")


def test_keyness_accepts_a_series_of_groups_like_term_frequency(clean):
    groups = clean.documents.set_index("doc_id")["date"].dt.year.map(lambda y: "early" if y < 2012 else "late")
    groups = groups.rename("when")
    by_series = ck.keyness(clean, "early", by=groups, stopwords=True)
    counted = ck.term_frequency(clean, by=groups, stopwords=True)
    by_table = ck.keyness(counted, "early", by="when")
    pd.testing.assert_frame_equal(by_series, by_table)


def test_a_target_of_the_wrong_type_is_named_with_the_value_that_would_work():
    tf = pd.DataFrame({"year": [1600, 1600, 1601], "term": ["a", "b", "a"], "n": [1, 2, 3]})
    with pytest.raises(ck.CorpusError) as info:
        ck.keyness(tf, "1600", by="year")
    assert str(info.value) == (
        "target ['1600'] not found in column 'year', which holds int values: [1600, 1601]; "
        "did you mean 1600 (int, not str)?"
    )
    with pytest.raises(ck.CorpusError, match=r"reference \[1999\] not found in column 'year', which holds int"):
        ck.keyness(tf, 1600, by="year", reference=1999)
