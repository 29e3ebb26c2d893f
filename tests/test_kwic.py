"""Concordances and collocations."""

import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import corpuskit as ck

matplotlib.use("Agg")


@pytest.fixture
def small() -> ck.Corpus:
    return ck.corpus_from_frame(
        pd.DataFrame(
            {
                "doc_id": ["a", "b"],
                "date": ["2001", "2002"],
                "text": [
                    "A strategic partnership, they said. Partners agree on missile defense.",
                    "The partnership ended. Missile defense, again; missile defense stayed.",
                ],
            }
        )
    )


def test_kwic_glob_with_context_and_offsets(small):
    k = small.kwic("partner*", window=2) if hasattr(small, "kwic") else ck.kwic(small, "partner*", window=2)
    assert k["keyword"].tolist() == ["partnership", "Partners", "partnership"]
    assert k.loc[0, ["pre", "post"]].tolist() == ["A strategic", ", they said"]
    assert k.loc[1, ["pre", "post"]].tolist() == ["they said.", "agree on"]
    assert k.loc[2, "pre"] == "The"  # the window stops at the start of the document
    for r in k.itertuples():
        assert small.text(r.doc_id)[r.start : r.end] == r.keyword
        assert r.keyword in r.sentence


def test_case_is_lower_and_ngram_length_is_ngram(small):
    assert ck.kwic(small, "partners", lower=True)["keyword"].tolist() == ["Partners"]
    assert ck.kwic(small, "partners", lower=False).empty
    assert ck.collocations(small, ngram=3, min_count=1)["collocation"].str.count(" ").eq(2).all()
    with pytest.raises(TypeError):
        ck.kwic(small, "partners", case_insensitive=True)  # the names before 0.1
    with pytest.raises(TypeError):
        ck.collocations(small, size=3)


def test_kwic_phrase_fixed_and_regex(small):
    phrase = ck.kwic(small, "missile defense")
    assert len(phrase) == 3 and phrase["keyword"].str.lower().eq("missile defense").all()
    assert ck.kwic(small, "Partners", valuetype="fixed", lower=False)["keyword"].tolist() == ["Partners"]
    assert len(ck.kwic(small, "^partners?hip$", valuetype="regex")) == 2
    empty = ck.kwic(small, "reset")
    assert empty.empty and "keyword" in empty.columns


def test_kwic_on_the_seeds_points_into_the_raw_files(clean):
    k = ck.kwic(clean, "reset")
    assert len(k) >= 5
    for r in k.itertuples():
        raw = clean.sources[clean.source_of(r.doc_id)]
        assert raw[r.source_start : r.source_end].lower() == "reset"
    n_regex = sum(len(re.findall(r"\bmissile defen[sc]e\b", t, re.I)) for t in clean.documents["text"])
    assert len(ck.kwic(clean, "missile defen?e")) == n_regex


def test_kwic_bad_arguments(small):
    with pytest.raises(ck.CorpusError, match="valuetype"):
        ck.kwic(small, "x", valuetype="lemma")
    with pytest.raises(ck.CorpusError, match="invalid regular expression"):
        ck.kwic(small, "(", valuetype="regex")


def test_collocations_by_hand(small):
    col = ck.collocations(small, min_count=2, stopwords=True)
    assert col.iloc[0]["collocation"] == "missile defense"
    top = col.iloc[0]
    # windows: bigrams inside sentences without punctuation between the words
    assert (top["n"], top["n_prefix"], top["n_last"]) == (3, 3, 3)
    assert top["pmi"] == pytest.approx(__import__("math").log2(3 * top["n_windows"] / (3 * 3)))
    assert "partnership they" not in set(col["collocation"])  # comma between


def test_collocations_on_the_seeds_surface_names_and_phrases(clean):
    bi = ck.collocations(clean, stopwords=True)
    top = set(bi.head(25)["collocation"])
    assert {"united states", "missile defense", "northern alliance", "central asia"} <= top
    tri = ck.collocations(clean, ngram=3)
    row = tri[tri.collocation == "marriage of convenience"]
    assert len(row) == 1 and row["n"].item() == 2


def test_stopwords_mean_the_same_in_collocations_counts_and_tokens(clean):
    """One meaning: a term with a stopword anywhere in it is dropped; one default: keep everything."""
    stop = ck.segment.default_stopwords()
    tri = ck.collocations(clean, ngram=3, stopwords=True)
    assert "marriage of convenience" not in set(tri["collocation"])  # "of" is a stopword
    assert not tri["collocation"].str.split().map(lambda ws: any(w in stop for w in ws)).any()
    grams = ck.term_frequency(clean, ngram=3, by=None, stopwords=True)
    assert set(tri["collocation"]) <= set(grams["term"])
    toks = ck.tokens(clean, stopwords=True)
    assert not toks["term"].isin(stop).any()
    assert (
        len(ck.collocations(clean))
        == len(ck.collocations(clean, stopwords=None))
        > len(ck.collocations(clean, stopwords=True))
    )


def test_plot_helpers_return_axes(clean):
    import matplotlib.pyplot as plt

    tf = ck.term_frequency(clean, by="part", stopwords=True)
    axes = ck.plot_terms(tf, by="part", n=5)
    assert len(axes) == 2 and all(len(a.patches) == 5 for a in axes)
    key = ck.keyness(clean, "kuzio2001", stopwords=True)
    ax = ck.plot_keyness(key, n=4)
    assert len(ax.patches) == 8
    assert any("(" in t.get_text() for t in ax.get_yticklabels())  # counts in the labels
    plt.close("all")


@pytest.mark.filterwarnings("ignore::corpuskit.errors.EnglishOnlyWarning")  # generated words, no English
def test_kwic_reuses_the_token_index_of_a_large_vocabulary():
    """More than 65,536 distinct forms: codes need 4 bytes; a second query finds the last form."""
    words = [f"w{i}" for i in range(70_000)]
    corpus = ck.corpus_from_frame(
        pd.DataFrame(
            {
                "doc_id": ["a", "b"],
                "date": ["2001", "2002"],
                "text": [" ".join(words[:35_000]) + ".", " ".join(words[35_000:]) + "."],
            }
        )
    )
    assert ck.kwic(corpus, "w0", window=1)["post"].tolist() == ["w1"]
    assert ck.segment.token_index(corpus).codes.dtype == np.int32
    hit = ck.kwic(corpus, "w69999", window=2)
    assert hit[["doc_id", "pre", "keyword", "token_id"]].values.tolist() == [["b", "w69997 w69998", "w69999", 35_000]]


def test_a_phrase_is_tokens_of_one_sentence_with_only_whitespace_between_them():
    """As an n-gram of term_frequency is (a Debian changelog: 'Chrome Security. Fix handling')."""
    text = (
        "Reported by Chrome Security. Fix handling of quotes. Security, fix it; security fix done.\n\nSecurity\n\nfix"
    )
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"], "text": [text]}))
    hits = ck.kwic(corpus, "security fix", window=1)
    assert hits["keyword"].tolist() == ["security fix"] and hits["start"].tolist() == [text.index("security fix")]
    bigrams = ck.term_frequency(corpus, by=None, ngram=2)
    assert int(bigrams.loc[bigrams["term"] == "security fix", "n"].sum()) == len(hits) == 1
    assert ck.kwic(corpus, ["security", "fix"])["start"].tolist() == hits["start"].tolist()


def test_matches_in_one_sentence_share_its_text_and_a_raw_corpus_is_not_copied_per_match(monkeypatch):
    """A text without sentence punctuation is one long sentence: its matches share one string (a text column
    copied it per match: 2,194 matches in 1 MB held 2.2 GB); and the map of a raw document to its file is
    made from its length, not from a copy of the document per match (8 MB: 9.3 s -> 0.12 s)."""
    text = " ".join(["the lord said and the lord went"] * 50)
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["d"], "text": [text]}), date_col=None)
    calls = []
    original = ck.Corpus.text
    monkeypatch.setattr(ck.Corpus, "text", lambda self, doc_id: calls.append(doc_id) or original(self, doc_id))
    k = ck.kwic(corpus, "lord")
    assert len(k) == 100 and calls == []
    assert k["sentence"].dtype == object and k["sentence"].iat[0] is k["sentence"].iat[99]
    assert (k["source_start"] == k["start"]).all() and k["keyword"].eq("lord").all()


def test_a_query_that_no_token_can_equal_is_said_not_returned_empty():
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a"], "date": ["2020"], "text": ["We use C++ and Node.js daily. The U.S. did it."]})
    )
    with pytest.warns(ck.QueryWarning, match=r"'C\+\+' is not one token .*\(its tokens: \['C'\]\).*search 'C'"):
        assert ck.kwic(corpus, "C++").empty
    node = r"'Node.js' is not one token .*\['Node', 'js'\].*'Node js' does not find it either"
    with pytest.warns(ck.QueryWarning, match=node):
        assert ck.kwic(corpus, "Node.js").empty
    with pytest.warns(ck.QueryWarning, match=r"'\+\+' .*it holds no word"):
        ck.kwic(corpus, "++", valuetype="fixed")
    with warnings.catch_warnings():  # one token each, or a pattern: nothing to say
        warnings.simplefilter("error", ck.QueryWarning)
        assert len(ck.kwic(corpus, "U.S.")) == 1 and len(ck.kwic(corpus, "nod*")) == 1
        assert len(ck.kwic(corpus, r"\+", valuetype="regex")) == 0


def test_a_list_item_with_a_space_is_said_to_be_one_token_with_what_to_pass_instead():
    """kwic(c, ["потому что"]) found nothing and warned that the phrase 'потому что' "does not find it either",
    though kwic(c, "потому что") finds it: an item of a list is one token, and a token holds no space."""
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["ru", "en"], "text": ["Я ушёл, потому что устал.", "We want free trade now."]}),
        date_col=None,
    )
    for phrase in ("потому что", "free trade"):
        words = phrase.split()
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            assert ck.kwic(corpus, [phrase]).empty
        said = [str(w.message) for w in seen if issubclass(w.category, ck.QueryWarning)]
        assert said == [
            f"kwic: the list item {phrase!r} holds a space, but each item of a list is one token of the phrase (a "
            f"token holds no space), so it matches nothing; pass the phrase as one string, kwic(corpus, {phrase!r}), "
            f"or its words as items of the list, kwic(corpus, {words!r})"
        ]
        assert "does not find it either" not in said[0]
        assert seen[0].filename == __file__  # said at the caller's line
        # what it says to pass finds the phrase, without a word
        with warnings.catch_warnings():
            warnings.simplefilter("error", ck.QueryWarning)
            assert ck.kwic(corpus, phrase)["keyword"].tolist() == [phrase]
            assert ck.kwic(corpus, words)["keyword"].tolist() == [phrase]
    # the whole list is written out, wildcards kept; a glob item with a space is no more a token
    with pytest.warns(
        ck.QueryWarning, match=r"kwic\(corpus, 'want free \*'\).*kwic\(corpus, \['want', 'free', '\*'\]\)"
    ):
        assert ck.kwic(corpus, ["want free", "*"]).empty
    with pytest.warns(ck.QueryWarning, match=r"the list item 'free tr\*' holds a space"):
        assert ck.kwic(corpus, ["free tr*"]).empty
    # a word of the item that is no token either is said too, as for a string
    with pytest.warns(ck.QueryWarning) as seen:
        ck.kwic(corpus, ["Node.js now"])
    assert [str(w.message)[:41] for w in seen] == [
        "kwic: the list item 'Node.js now' holds a",
        "kwic: 'Node.js' is not one token as corpu",
    ]


def test_a_word_inside_the_clauses_of_an_unspaced_script_is_warned_about_at_every_query():
    """Unsplit Chinese: a token is a clause, so 君子 is no token; each query that finds nothing says why."""
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a"], "text": ["子曰：君子不器。君子博學於文。"]}), date_col=None
    )
    for _ in range(2):
        with pytest.warns(ck.QueryWarning, match=r"'君子' is no token .* inside 2 of its distinct tokens .*'\*君子\*'"):
            assert ck.kwic(corpus, "君子").empty
    hits = ck.kwic(corpus, "*君子*")
    assert hits["keyword"].tolist() == ["君子不器", "君子博學於文"]
    # a Latin word inside a longer one is no such case: nothing is said
    import warnings

    english = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "text": ["The category."]}), date_col=None)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ck.QueryWarning)
        assert ck.kwic(english, "cat").empty


def test_a_regex_slow_on_many_tokens_stops_at_one_limit_for_the_whole_query(monkeypatch):
    """The time limit of a kwic regex is shared by its searches of every distinct token: tokens that each
    take just under the per-search limit cannot add up to hours."""
    import time

    from corpuskit import patterns

    monkeypatch.setattr(patterns, "TIMEOUT", 0.3)
    monkeypatch.setattr(patterns, "TIMEOUT_PER_MB", 0.0)
    words = " ".join(f"q{i}" + "a" * 22 + "b" for i in range(200))  # (a|aa)+c backtracks on each
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["d"], "date": ["2020"], "text": [words]}))
    t0 = time.perf_counter()
    with pytest.raises(ck.PatternTimeoutError, match=r"ran longer than 0\.3 s in all over"):
        ck.kwic(corpus, r"(a|aa)+c", valuetype="regex")
    assert time.perf_counter() - t0 < 5


def test_a_window_wider_than_a_million_tokens_is_refused():
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["d"], "date": ["2020"], "text": ["a cat sat"]}))
    with pytest.raises(ck.ArgumentError, match="window"):
        ck.kwic(corpus, "cat", window=2**63)
    assert len(ck.kwic(corpus, "cat", window=1_000_000)) == 1
