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


# ---------------------------------------------------------------------------------------------
# chance_of_passing: the expected number of terms that pass by chance, under the test's own model
# ---------------------------------------------------------------------------------------------
def test_chance_of_passing_by_enumerating_every_assignment():
    # 8 tokens: "a" x4, "b" x2, "c" x1, "d" x1; the target takes 4 of them. Enumerating all
    # C(8, 4) = 70 assignments of token positions to the target gives the exact expectation.
    from itertools import combinations

    tokens = ["a"] * 4 + ["b"] * 2 + ["c", "d"]
    alpha = 0.2
    passes = {t: 0 for t in "abcd"}
    assignments = list(combinations(range(8), 4))
    for chosen in assignments:
        for t in "abcd":
            x = sum(tokens[i] == t for i in chosen)
            m = tokens.count(t)
            if ck.keyness_stats([x], [m - x], 4, 4)["g2_p"].iat[0] < alpha:
                passes[t] += 1
    table = pd.DataFrame(
        {
            "term": list("abcd"),
            "n_target": [2, 1, 1, 0],
            "n_reference": [2, 1, 0, 1],
            "total_target": 4,
            "total_reference": 4,
        }
    )
    got = ck.chance_of_passing(table, alpha)
    assert got.tolist() == pytest.approx([passes[t] / len(assignments) for t in "abcd"], abs=1e-12)
    # by hand, at alpha = 0.05: "a" passes only when all 4 uses fall on one side (G2 = 16 ln 2 = 11.09;
    # 3 and 1 give G2 = 2.09, p = 0.15): 2 of the 70 assignments
    assert ck.chance_of_passing(table, 0.05).iat[0] == pytest.approx(2 / 70)


def test_chance_of_passing_matches_scipy_hypergeometric():
    from scipy.stats import hypergeom

    big_a, big_b = 723, 2490
    m = np.array([1, 2, 5, 17, 60])
    table = pd.DataFrame(
        {"term": [f"w{i}" for i in m], "n_target": 0, "n_reference": m, "total_target": big_a, "total_reference": big_b}
    )
    got = ck.chance_of_passing(table, 0.01)
    for k, mm in enumerate(m.tolist()):
        x = np.arange(0, mm + 1)
        stat = ck.keyness_stats(x.astype(float), (mm - x).astype(float), big_a, big_b)
        want = hypergeom(big_a + big_b, big_a, mm).pmf(x)[stat["g2_p"].to_numpy() < 0.01].sum()
        assert got.iat[k] == pytest.approx(want, rel=1e-9, abs=1e-15)
    assert got.iat[0] == 0.0  # a word used once cannot reach p < 0.01 (its largest G2 is below 6.63)


def test_chance_of_passing_refuses_bad_input():
    table = pd.DataFrame({"term": ["a"], "n_target": [1], "n_reference": [1]})
    with pytest.raises(ck.CorpusError, match="lacks column"):
        ck.chance_of_passing(table)
    with pytest.raises(ck.CorpusError, match="alpha"):
        ck.chance_of_passing(table, 1.5)
    with pytest.raises(ck.CorpusError, match="measure"):
        ck.chance_of_passing(table, measure="log_ratio")


def test_an_empty_target_or_reference_is_an_error_not_a_table():
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a", "b"], "grp": ["x", "y"], "text": ["The cat sat.", "A dog barked."]}),
        date_col=None,
    )
    with pytest.raises(ck.ArgumentError, match="target is empty"):
        ck.keyness(corpus, [], by="grp")
    with pytest.raises(ck.CorpusError, match="reference= names no group"):
        ck.keyness(corpus, "x", by="grp", reference=[])


def test_several_grouping_columns_make_a_group_of_their_values():
    """by=["party", "year"] as in term_frequency: a target is a tuple (or a list of tuples)."""
    frame = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "party": ["D", "D", "R", "R"],
            "year": [1945, 1950, 1945, 1950],
            "text": ["The cat sat.", "A dog ran.", "The cat ran.", "A bird sang."],
        }
    )
    corpus = ck.corpus_from_frame(frame, date_col=None)
    cols = ["term", "n_target", "n_reference", "g2", "log_ratio"]
    both = ck.keyness(corpus, ("D", 1945), by=["party", "year"])
    pd.testing.assert_frame_equal(both[cols], ck.keyness(corpus, "a", by="doc_id")[cols])
    two = ck.keyness(corpus, [("D", 1945), ("R", 1945)], by=["party", "year"])
    pd.testing.assert_frame_equal(two[cols], ck.keyness(corpus, [1945], by="year")[cols])
    with pytest.raises(ck.CorpusError, match=r"target \[\('D', 1999\)\] not found in column 'party / year'"):
        ck.keyness(corpus, ("D", 1999), by=["party", "year"])


def test_a_document_without_a_group_is_on_neither_side_when_both_are_named(tmp_path):
    """With target and reference named, a document whose group is empty belongs to neither and is left out
    (in memory, batch by batch and on the command line alike); with the reference "every other group" it is
    refused, since where it would belong is unknown."""
    from conftest import write_corpus

    files = {"a.txt": "cats run fast", "b.txt": "dogs run slow", "c.txt": "birds fly", "d.txt": "cats sit"}
    folder = write_corpus(tmp_path / "c", files, "id,date,g\na,2020,x\nb,2020,y\nc,2020,\nd,2020,x\n")
    corpus = ck.load_corpus(folder)
    key = ck.keyness(corpus, "x", by="g", reference="y")
    # by hand: x holds cats run fast cats sit (5 tokens), y dogs run slow (3); "birds fly" is on neither side
    assert key.set_index("term").loc[["cats", "run", "dogs"], ["n_target", "n_reference"]].values.tolist() == [
        [2, 0],
        [1, 1],
        [0, 1],
    ]
    assert set(key["total_target"]) == {5} and set(key["total_reference"]) == {3} and "birds" not in set(key["term"])
    stream = ck.open_corpus(folder, batch_mb=1e-6).keyness("x", by="g", reference="y")
    pd.testing.assert_frame_equal(stream, key, check_dtype=False)
    with pytest.raises(
        ck.CorpusError, match=r"reference \['zz'\] not found in column 'g', which holds str values: \['x', 'y'\]"
    ):
        ck.keyness(corpus, "x", by="g", reference="zz")
    with pytest.raises(ck.CorpusError, match="column 'g' has no value for 1 of 4 document"):
        ck.keyness(corpus, "x", by="g")
