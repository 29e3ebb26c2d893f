"""Term frequency and tf-idf, checked against hand counts and scikit-learn."""

import re

import numpy as np
import pandas as pd
import pytest
from conftest import small_chunk_limits
from hypothesis import given, settings
from hypothesis import strategies as st

import corpuskit as ck
from corpuskit import segment
from corpuskit.segment import _TOKEN_RE


@pytest.fixture
def tiny() -> ck.Corpus:
    return ck.corpus_from_frame(
        pd.DataFrame(
            {
                "doc_id": ["a", "b", "c"],
                "date": ["2001", "2001", "2011"],
                "outlet": ["X", "Y", "X"],
                "text": ["The cat sat. The cat ran!", "A dog sat, the dog ran.", "The U.S. cat."],
            }
        )
    )


def rows(df, *cols):
    return [tuple(r) for r in df[list(cols)].itertuples(index=False)]


def test_counts_per_document_by_hand(tiny):
    tf = ck.term_frequency(tiny)
    a = tf[tf.doc_id == "a"]
    assert rows(a, "term", "n", "n_tokens", "doc_freq", "n_docs") == [
        ("cat", 2, 6, 1, 1),
        ("the", 2, 6, 1, 1),
        ("ran", 1, 6, 1, 1),
        ("sat", 1, 6, 1, 1),
    ]
    assert a["per_1000"].tolist() == pytest.approx([1000 * 2 / 6, 1000 * 2 / 6, 1000 / 6, 1000 / 6])
    c = tf[tf.doc_id == "c"]
    assert rows(c, "term", "n") == [("cat", 1), ("the", 1), ("u.s.", 1)]


def test_counts_grouped_by_metadata_column(tiny):
    tf = ck.term_frequency(tiny, by="outlet")
    x = tf[tf.outlet == "X"]
    # X = docs a and c: the 3 (2 + 1), cat 3 (2 + 1), ran 1, sat 1, u.s. 1; 9 tokens
    assert rows(x, "term", "n", "doc_freq") == [
        ("cat", 3, 2),
        ("the", 3, 2),
        ("ran", 1, 1),
        ("sat", 1, 1),
        ("u.s.", 1, 1),
    ]
    assert set(x["n_tokens"]) == {9} and set(x["n_docs"]) == {2}
    assert list(tf.columns) == ["outlet", "term", "n", "n_tokens", "per_1000", "doc_freq", "n_docs"]


def test_grouping_by_series_and_whole_corpus(tiny):
    year = tiny.documents.set_index("doc_id")["date"].dt.year.rename("year")
    tf = ck.term_frequency(tiny, by=year)
    assert list(tf.columns[:2]) == ["year", "term"]
    assert tf[(tf.year == 2001) & (tf.term == "the")]["n"].item() == 3
    whole = ck.term_frequency(tiny, by=None)
    assert whole[whole.term == "the"]["n"].item() == 4 and set(whole["n_docs"]) == {3}


def test_ngrams_stay_inside_sentences_and_do_not_cross_punctuation(tiny):
    bi = ck.term_frequency(tiny, ngram=2, by=None)
    got = dict(zip(bi.term, bi.n))
    assert got == {
        "the cat": 2,
        "cat sat": 1,
        "cat ran": 1,
        "a dog": 1,
        "dog sat": 1,
        "the dog": 1,
        "dog ran": 1,
        "the u.s.": 1,
        "u.s. cat": 1,
    }
    assert "sat the" not in got  # sentence boundary in a, comma in b


def test_stopwords_and_min_count(tiny):
    tf = ck.term_frequency(tiny, by=None, stopwords=True, min_count=2)
    assert rows(tf, "term", "n") == [("cat", 3), ("dog", 2), ("ran", 2), ("sat", 2)]
    assert set(tf["n_tokens"]) == {15}  # n_tokens counts every token, before filtering
    bi = ck.term_frequency(tiny, by=None, ngram=2, stopwords=["the"])
    assert not bi["term"].str.contains(r"\bthe\b").any() and "cat sat" in set(bi.term)


def test_counts_agree_with_the_tokens_table(clean):
    tf = ck.term_frequency(clean)
    toks = clean.tokens()
    ref = toks.groupby(["doc_id", "term"]).size().rename("n").reset_index()
    merged = tf.merge(ref, on=["doc_id", "term"], how="outer", suffixes=("", "_ref"))
    assert merged["n"].notna().all() and merged["n_ref"].notna().all()
    assert (merged["n"] == merged["n_ref"]).all()


def _fresh(corpus: ck.Corpus) -> ck.Corpus:
    """The same corpus without its cached tables and token index."""
    return ck.Corpus(corpus.documents, corpus.sources, corpus.source_col, corpus.offsets, corpus.spans, corpus.edits)


def test_parallel_counting_gives_identical_results(clean):
    one, two = _fresh(clean), _fresh(clean)
    segment.token_index(one, n_jobs=1)
    segment.token_index(two, n_jobs=2)
    pd.testing.assert_frame_equal(ck.term_frequency(one, by="genre"), ck.term_frequency(two, by="genre"))
    pd.testing.assert_frame_equal(ck.term_frequency(one, ngram=2), ck.term_frequency(two, ngram=2))


def test_the_token_index_is_built_once_per_corpus(clean, monkeypatch):
    calls = []
    real = segment._form_codes
    monkeypatch.setattr(segment, "_form_codes", lambda texts: calls.append(len(texts)) or real(texts))
    corpus = _fresh(clean)
    ck.term_frequency(corpus, n_jobs=1)
    ck.term_frequency(corpus, by=None, stopwords=True, n_jobs=1)
    ck.kwic(corpus, "reset")
    ck.kwic(corpus, "partner*")
    ck.collocations(corpus)
    corpus.tokens(lower=False)
    assert calls == [len(corpus)]


def test_order_is_group_then_count_then_term(clean):
    tf = ck.term_frequency(clean)
    for _, g in tf.groupby("doc_id", sort=False):
        keys = list(zip(-g["n"], g["term"]))
        assert keys == sorted(keys)
    assert tf["doc_id"].is_monotonic_increasing


_chars = st.sampled_from(
    [
        *"aZ9_.,:/'’-–()\"!? ",
        *["U.S.", "9/11", "don't", "é", "İ", "²", "\u00a0"],
        *"`*<>=|@#\\—…«»„\n",  # markup and edge punctuation
        *["e\u0301", "\u200d", "x.y"],  # a combining mark, a joiner
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_chars, max_size=25).map("".join), min_size=1, max_size=4),
    st.integers(1, 30),
    st.integers(1, 40),
)
def test_the_counting_path_gives_the_tokens_of_the_regex(texts, max_chunks, piece_chars):
    """The fast path every count reads (segment._form_codes, whitespace chunks tokenized once each,
    with a memo emptied when full, a long text cut at whitespace into pieces) gives, text by text,
    exactly the tokens of the full regex."""
    with small_chunk_limits(max_chunks, piece_chars):
        forms, codes = segment._form_codes(texts)
    assert len(forms) == len(set(forms))
    for text, c in zip(texts, codes):
        assert [forms[i] for i in c.tolist()] == _TOKEN_RE.findall(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(_chars, max_size=25).map("".join), min_size=1, max_size=4),
    st.integers(1, 30),
    st.integers(1, 40),
)
def test_counting_without_positions_gives_the_counts_of_the_tokens(texts, max_chunks, piece_chars):
    """segment._form_counts (chunks counted first, each distinct chunk looked up once) gives the same
    forms, with the same codes, and per text the same number of each as segment._form_codes, whole
    or cut into pieces."""
    forms, codes = segment._form_codes(texts)
    with small_chunk_limits(max_chunks, piece_chars):
        forms2, pairs = segment._form_counts(texts)
    assert forms2 == forms
    for c, (c2, n2) in zip(codes, pairs):
        assert (
            np.bincount(c, minlength=len(forms)).tolist()
            == np.bincount(c2, weights=n2, minlength=len(forms)).astype(int).tolist()
        )


def test_counting_a_corpus_without_its_token_index_gives_the_same_counts(clean):
    from corpuskit.frequency import count_terms

    for lower, replace in ((True, None), (False, {"US": "U.S."})):
        one = count_terms(_fresh(clean), 1, lower, replace, 1, keep_index=False)
        two = count_terms(_fresh(clean), 1, lower, replace, 1)
        assert one[0] == two[0]
        for a, b in zip(one[1] + one[2], two[1] + two[2]):
            assert a.tolist() == b.tolist()
    corpus = _fresh(clean)
    count_terms(corpus, keep_index=False)
    assert "token_index" not in corpus._cache


_MARKED = st.sampled_from([*"ab9 .-'_", "e\u0301", "\u0915\u094d", "\U00011000", "\U000101fd", "\u200c", "\u200d"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKED, max_size=30).map("".join))
def test_the_look_ahead_before_combining_marks_changes_no_match(text):
    """TOKEN_PATTERN checks that a character lies in U+0300..U+E01EF before testing the long class of
    marks and joiners; without that check the pattern finds the same tokens."""
    plain = segment.TOKEN_PATTERN.replace("(?=[\\u0300-\\U000e01ef])", "")
    assert plain != segment.TOKEN_PATTERN
    assert re.findall(plain, text, re.VERBOSE) == _TOKEN_RE.findall(text)


def test_the_edge_characters_the_fast_path_strips_are_never_part_of_a_word():
    """segment._EDGE: what the fast path may strip from a chunk whose core is letters and digits. None
    is a letter, digit, combining mark or joiner (Unicode categories L, N, M; ZWNJ, ZWJ), so none can
    be inside a token except as a joiner between two units; none is whitespace (chunks never hold it)."""
    import unicodedata

    for ch in segment._EDGE:
        assert unicodedata.category(ch)[0] not in "LNM" and ch not in "\u200c\u200d", repr(ch)
        assert not ch.isalnum() and not ch.isspace(), repr(ch)
    for ch in segment._EDGE:  # and an alphanumeric core keeps its one token whatever edges it has
        for core in ("abc", "U", "9", "é", "ab2"):
            for text in (ch + core, core + ch, ch * 2 + core + ch * 2, f"{ch}{core}.", f"'{core}{ch}"):
                assert _TOKEN_RE.findall(text) == [core], (text, _TOKEN_RE.findall(text))


def test_the_separators_cut_like_spaces():
    """segment._SEPARATORS: ASCII characters the counting paths replace by spaces before cutting a text at
    whitespace. None is a word character, a stop, a joiner of numbers (, : /), words (' ’) or units (-), a
    mark or a joiner, so next to one every look-around decides as next to a space; and replacing them
    leaves the same tokens (here in every position against the characters the patterns look at)."""
    import unicodedata

    assert segment._SEPARATORS.isascii() and len(set(segment._SEPARATORS)) == len(segment._SEPARATORS)
    for ch in segment._SEPARATORS:
        assert not re.match(r"[\w.,:/'\u2019\-]", ch) and not ch.isspace(), repr(ch)
        assert unicodedata.category(ch)[0] not in "LNM" and ch not in "\u200c\u200d", repr(ch)
    around = ["U.S.", "U.S", "a", "9", "9/11", "x.y", "don't", "e\u0301", "_", ".", "-", "'", ""]
    for ch in segment._SEPARATORS:
        for left in around:
            for right in around:
                text = f"{left}{ch}{right}"
                assert segment._separated(text) == f"{left} {right}"
                assert _TOKEN_RE.findall(text) == _TOKEN_RE.findall(f"{left} {right}"), text
    assert segment._separated("a(\ud800)é") == "a \ud800 é"  # a lone surrogate survives


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"aZ9_.,:/'’- \n", "U.S.", "é", "\u0301", *segment._SEPARATORS]), max_size=30))
def test_separators_replaced_by_spaces_leave_the_same_tokens(chars):
    text = "".join(chars)
    assert _TOKEN_RE.findall(segment._separated(text)) == _TOKEN_RE.findall(text)


def test_bad_arguments_are_named(tiny):
    with pytest.raises(ck.CorpusError, match="ngram must be a positive integer"):
        ck.term_frequency(tiny, ngram=0)
    with pytest.raises(ck.CorpusError, match=r"by=\['year'\] is not a column"):
        ck.term_frequency(tiny, by="year")
    with pytest.raises(ck.CorpusError, match="n_jobs"):
        ck.term_frequency(tiny, n_jobs=0)


def test_tokens_table_input(tiny):
    toks = tiny.tokens().merge(tiny.documents[["doc_id", "outlet"]], on="doc_id")
    from_table = ck.term_frequency(toks, by="outlet")
    from_corpus = ck.term_frequency(tiny, by="outlet")
    pd.testing.assert_frame_equal(from_table, from_corpus, check_dtype=False)


# --- tf-idf ------------------------------------------------------------------------------------
def test_tf_idf_tidytext_definition_by_hand(tiny):
    out = ck.tf_idf(ck.term_frequency(tiny))
    row = out[(out.doc_id == "a") & (out.term == "the")].iloc[0]
    # tf = 2/6; "the" is in all 3 documents -> idf = ln(3/3) = 0
    assert row["tf"] == pytest.approx(2 / 6) and row["idf"] == 0 and row["tf_idf"] == 0
    row = out[(out.doc_id == "a") & (out.term == "cat")].iloc[0]
    # "cat" is in documents a and c -> idf = ln(3/2)
    assert row["idf"] == pytest.approx(np.log(3 / 2)) and row["tf_idf"] == pytest.approx(2 / 6 * np.log(3 / 2))
    row = out[(out.doc_id == "a") & (out.term == "ran")].iloc[0]
    assert row["idf"] == pytest.approx(np.log(3 / 2)) and row["tf_idf"] == pytest.approx(1 / 6 * np.log(3 / 2))
    assert out[(out.doc_id == "c") & (out.term == "u.s.")]["tf_idf"].item() == pytest.approx(1 / 3 * np.log(3))


@pytest.mark.parametrize(
    ("options", "sklearn_options"),
    [
        ({"tf": "count", "idf": "smooth", "norm": "l2"}, {}),
        ({"tf": "count", "idf": "ln+1", "norm": "l2"}, {"smooth_idf": False}),
        ({"tf": "log", "idf": "smooth", "norm": "l2"}, {"sublinear_tf": True}),
        ({"tf": "count", "idf": "smooth", "norm": None}, {"norm": None}),
        ({"tf": "count", "idf": "smooth", "norm": "l1"}, {"norm": "l1"}),
    ],
)
def test_tf_idf_matches_scikit_learn(clean, options, sklearn_options):
    from sklearn.feature_extraction.text import TfidfVectorizer

    ours = ck.tf_idf(clean, **options)
    docs = clean.documents["doc_id"].tolist()
    texts = clean.documents["text"].tolist()
    vec = TfidfVectorizer(analyzer=lambda t: [w.lower() for w in _TOKEN_RE.findall(t)], **sklearn_options)
    matrix = vec.fit_transform(texts).tocoo()
    vocab = np.array(vec.get_feature_names_out())
    theirs = pd.DataFrame({"doc_id": np.array(docs)[matrix.row], "term": vocab[matrix.col], "sk": matrix.data})
    merged = ours.merge(theirs, on=["doc_id", "term"], how="outer")
    assert len(merged) == len(ours) == len(theirs)
    np.testing.assert_allclose(merged["tf_idf"], merged["sk"], rtol=1e-10, atol=1e-12)


def test_tf_idf_groups_rows_by_the_by_column(tiny):
    # outlet X = documents a and c (9 tokens, "cat" 3 times), Y = document b (no "cat"): 2 "documents"
    out = ck.tf_idf(tiny, by="outlet")
    row = out[(out.outlet == "X") & (out.term == "cat")].iloc[0]
    assert row["tf"] == pytest.approx(3 / 9) and row["tf_idf"] == pytest.approx(3 / 9 * np.log(2))
    assert out[out.term == "the"]["idf"].eq(0).all()  # in both outlets
    pd.testing.assert_frame_equal(out, ck.tf_idf(ck.term_frequency(tiny, by="outlet"), by="outlet"))
    with pytest.raises(ck.CorpusError, match="document"):  # the name before 0.1 is not an option any more
        ck.tf_idf(ck.term_frequency(tiny, by="outlet"), document="outlet")


def four_documents_two_of_stopwords() -> ck.Corpus:
    texts = ["The cat sat on the mat.", "A dog barked at the cat.", "It is what it is.", "And so it was."]
    return ck.corpus_from_frame(pd.DataFrame({"doc_id": list("abcd"), "date": "2020", "text": texts}))


def test_tf_idf_of_a_corpus_counts_every_document_whatever_the_stopwords():
    corpus = four_documents_two_of_stopwords()
    out = ck.tf_idf(corpus, stopwords=True).set_index(["doc_id", "term"])
    # N = 4 documents (c and d hold stopwords only); "cat" in a and b, "mat" in a
    assert out.at[("a", "cat"), "idf"] == pytest.approx(np.log(4 / 2))
    assert out.at[("a", "mat"), "idf"] == pytest.approx(np.log(4 / 1))
    # tf sums over the kept rows: a keeps cat, sat, mat
    assert out.at[("a", "mat"), "tf"] == pytest.approx(1 / 3)
    assert out.at[("a", "mat"), "tf_idf"] == pytest.approx(1 / 3 * np.log(4))
    assert sorted(out.index.get_level_values("doc_id").unique()) == ["a", "b"]
    # a table counted with stopwords=True holds 2 documents: N = 2, as tidytext's bind_tf_idf
    table = ck.tf_idf(ck.term_frequency(corpus, stopwords=True)).set_index(["doc_id", "term"])
    assert table.at[("a", "cat"), "idf"] == 0.0
    assert table.at[("a", "mat"), "idf"] == pytest.approx(np.log(2 / 1))


def test_tf_idf_of_a_corpus_with_stopwords_matches_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    corpus = four_documents_two_of_stopwords()
    stop = sorted(segment.default_stopwords())
    vec = TfidfVectorizer(stop_words=stop, norm=None, token_pattern=r"(?u)\b\w+\b")
    vec.fit(corpus.documents["text"])
    theirs = dict(zip(vec.get_feature_names_out(), vec.idf_))
    ours = ck.tf_idf(corpus, stopwords=True, tf="count", idf="smooth").drop_duplicates("term")
    assert len(ours) == len(theirs) == 5
    # smooth idf = ln((1 + N) / (1 + df)) + 1 with N = 4: "cat" ln(5/3) + 1, the others ln(5/2) + 1
    assert dict(zip(ours["term"], ours["idf"])) == pytest.approx(theirs)
    assert theirs["cat"] == pytest.approx(np.log(5 / 3) + 1)


def test_tf_idf_min_count_keeps_n_and_the_df_of_kept_terms():
    texts = ["cat cat dog", "cat bird", "fish"]
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": list("xyz"), "date": "2020", "text": texts}))
    out = ck.tf_idf(corpus, min_count=2)
    # only (x, cat) has n >= 2; "cat" is still in 2 of the 3 documents: idf = ln(3/2); tf = 2/2
    assert out[["doc_id", "term", "n"]].values.tolist() == [["x", "cat", 2]]
    assert out["idf"].item() == pytest.approx(np.log(3 / 2)) and out["tf"].item() == 1.0
    assert out["tf_idf"].item() == pytest.approx(np.log(3 / 2))
    # the same rows as the unfiltered weights, filtered afterwards (tf apart: it sums over the kept rows)
    full = ck.tf_idf(corpus).set_index(["doc_id", "term"])
    assert full.at[("x", "cat"), "idf"] == out["idf"].item()
    # a table filtered with min_count=2 holds 1 document and "cat" once: N = df = 1
    assert ck.tf_idf(ck.term_frequency(corpus, min_count=2))["idf"].item() == 0.0


def test_tf_idf_by_groups_counts_every_group_of_the_corpus():
    texts = ["The cat sat.", "A dog barked.", "It is what it is.", "The cat ran."]
    frame = pd.DataFrame({"doc_id": list("abcd"), "date": "2020", "text": texts, "outlet": ["X", "Y", "Z", "X"]})
    out = ck.tf_idf(ck.corpus_from_frame(frame), by="outlet", stopwords=True).set_index(["outlet", "term"])
    # 3 outlets; Z holds stopwords only but counts: "cat" in X only -> ln(3/1); X = cat 2, sat 1, ran 1
    assert out.at[("X", "cat"), "idf"] == pytest.approx(np.log(3))
    assert out.at[("X", "cat"), "tf_idf"] == pytest.approx(2 / 4 * np.log(3))
    assert out.at[("Y", "dog"), "idf"] == pytest.approx(np.log(3))


def test_tf_idf_rejects_duplicate_rows_and_bad_options(tiny):
    tf = ck.term_frequency(tiny)
    with pytest.raises(ck.CorpusError, match="exactly one row per document-term"):
        ck.tf_idf(pd.concat([tf, tf.head(1)]))
    with pytest.raises(ck.CorpusError, match="tf='raw' is not one of"):
        ck.tf_idf(tf, tf="raw")


def test_bounded_chunk_cache_does_not_change_counts(clean, monkeypatch):
    full = ck.term_frequency(_fresh(clean), n_jobs=1)
    monkeypatch.setattr(segment, "MAX_CHUNKS", 5)  # empties the memo again and again
    pd.testing.assert_frame_equal(ck.term_frequency(_fresh(clean), n_jobs=1), full)


def test_spelling_variants_count_as_one_term(clean):
    variants = {"US": "U.S.", "US-Russian": "U.S.-Russian"}
    plain = ck.term_frequency(clean, by=None)
    merged = ck.term_frequency(clean, by=None, replace=variants)
    get = lambda tf, t: tf.loc[tf.term == t, "n"].sum()  # noqa: E731
    assert get(merged, "u.s.") == get(plain, "u.s.") + 18  # "US" appears 18 times in the seeds
    # "US-Russian" 10 times; the title's "US-RUSSIAN" is another surface form, not in this map
    assert get(merged, "u.s.-russian") == get(plain, "u.s.-russian") + 10
    assert get(merged, "us-russian") == 1
    assert get(merged, "us") == get(plain, "us") - 18  # the pronoun "us" is no longer inflated
    toks = ck.tokens(clean, replace=variants)
    assert (toks.loc[toks.token == "US", "term"] == "u.s.").all()
    par = ck.term_frequency(_fresh(clean), by=None, replace=variants, n_jobs=2, ngram=2)
    assert par.equals(ck.term_frequency(_fresh(clean), by=None, replace=variants, n_jobs=1, ngram=2))


@pytest.mark.parametrize("by", [None, [], 3, ["doc_id", ""]])
def test_tf_idf_needs_document_columns(by):
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": "2020", "text": ["x y", "y z"]}))
    with pytest.raises(ck.ArgumentError, match="by"):
        ck.tf_idf(ck.term_frequency(corpus), by=by)


def test_a_long_text_is_split_in_pieces_cut_at_whitespace(monkeypatch):
    monkeypatch.setattr(segment, "PIECE_CHARS", 10)
    text = "alpha beta\u2003gamma\ndelta epsilonzeta eta"
    pieces = list(segment._pieces(text))
    assert "".join(pieces) == text
    assert [p.split() for p in pieces] == [["alpha", "beta"], ["gamma", "delta"], ["epsilonzeta"], ["eta"]]
    assert list(segment._pieces("no-space-in-this-long-chunk")) == ["no-space-in-this-long-chunk"]


def test_a_replace_key_that_cannot_or_does_not_match_is_reported():
    """A key the tokenizer would cut is refused (a new user's Italian "e'" can never be a token); a key that
    no token of the corpus is raises UnusedRuleWarning (case counts: keys are matched as written)."""
    import warnings

    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": ["e' vero, e basta. US and us."]})
    )
    with pytest.raises(ck.ArgumentError, match=r"the key \"e'\" is not one token .* \['e'\]"):
        ck.term_frequency(corpus, replace={"e'": "è"})
    with pytest.raises(ck.ArgumentError, match="not one token"):
        ck.tokens(corpus, replace={"two words": "x"})
    with pytest.warns(ck.UnusedRuleWarning, match=r"1 key\(s\) match no token of the corpus: \['Zzzz'\]"):
        tf = ck.term_frequency(corpus, replace={"Zzzz": "x", "US": "U.S."})
    assert "u.s." in set(tf["term"]) and "us" in set(tf["term"])  # "us" is not "US"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ck.term_frequency(corpus, replace={"US": "U.S."})  # every key matched: silent


def test_replace_keys_that_also_occur_capitalised_are_said_to_be_left():
    """A lower-case key leaves its capitalised form as it is (keys are matched as written): the count of the
    merged term would fall short by every verse line or sentence the word opens, which is said."""
    corpus = ck.corpus_from_frame(
        pd.DataFrame(
            {"doc_id": ["a"], "date": ["1620"], "text": ["Vpon my word, I haue it vpon me.\nHaue you? US and us."]}
        )
    )
    with pytest.warns(
        ck.UnusedRuleWarning, match=r"2 key\(s\) also occur in another case, 2 token\(s\) in all"
    ) as caught:
        tf = ck.term_frequency(corpus, by=None, replace={"vpon": "upon", "haue": "have", "US": "U.S."})
    message = str(next(w for w in caught if "another case" in str(w.message)).message)
    assert "'Vpon' (1x, key 'vpon')" in message and "'Haue' (1x, key 'haue')" in message
    assert "'us'" not in message.split("alone):")[1]  # a key with a capital chose its case: "us" is not flagged
    counts = dict(zip(tf["term"], tf["n"]))
    assert counts["upon"] == 1 and counts["vpon"] == 1  # as documented: the capitalised form stays, lower-cased
