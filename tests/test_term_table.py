"""The term table: its values against an independent count, and its compact (categorical) form.

``term_frequency`` returns ``term`` and text group columns (``doc_id``, an outlet) as plain text,
as tidytext and quanteda do (a new user's "lump the rare terms" step, string concatenation and
comparisons between two tables failed on categorical columns). These tests compare the table with
an independent count (a Counter over ``ck.tokens``) on generated corpora and on the seeds, and check
that ``compact_columns``, the opt-in categorical form, keeps the values: filtering by a string,
``groupby``, ``merge``, ``.str``, ``concat``, ``to_csv`` and sorting give what the plain table gives.
"""

from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpuskit as ck
from corpuskit.frequency import compact_columns
from corpuskit.segment import stopword_mask, stopword_set

_STR = pd.Series(["x"]).dtype
WORDS = ["The", "the", "cat", "Cat", "sat", "U.S.", "us", "café", "naïve", "über", "a", "and", "Zebra", "dog's"]
ENDS = [" ", " ", ", ", ". ", "! ", "\n\n"]


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """The table with every categorical column as plain text (the representation before 0.1)."""
    return table.astype({c: _STR for c in table.columns if isinstance(table[c].dtype, pd.CategoricalDtype)})


def _reference(corpus: ck.Corpus, by: str, stopwords: bool, min_count: int) -> list[tuple]:
    """(group, term, n, n_tokens, doc_freq, n_docs) rows counted with a Counter, in the table's order."""
    toks = ck.tokens(corpus)
    group_of = dict(zip(corpus.documents["doc_id"], corpus.documents[by]))
    n: Counter = Counter()
    docs: dict[tuple, set] = {}
    totals: Counter = Counter()
    for doc_id, term in zip(toks["doc_id"], toks["term"]):
        g = group_of[doc_id]
        n[g, term] += 1
        docs.setdefault((g, term), set()).add(doc_id)
        totals[g] += 1
    n_docs = Counter(group_of.values())
    stop = stopword_set(True) if stopwords else frozenset()
    rows = [
        (g, t, c, totals[g], len(docs[g, t]), n_docs[g])
        for (g, t), c in n.items()
        if c >= min_count and not (stop and stopword_mask([t], stop)[0])
    ]
    return sorted(rows, key=lambda r: (r[0], -r[2], r[1]))


def _check_categorical(column: pd.Series) -> None:
    assert isinstance(column.dtype, pd.CategoricalDtype) and not column.dtype.ordered
    categories = list(column.cat.categories)
    assert categories == sorted(set(column.astype(_STR)))  # exactly the values present, in code-point order
    assert column.cat.categories.dtype == _STR


texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(ENDS)), min_size=1, max_size=30).map(
    lambda pairs: "".join(w + e for w, e in pairs)
)


@settings(max_examples=40, deadline=None)
@given(
    docs=st.lists(st.tuples(texts, st.sampled_from(["X", "Y", "Zé"])), min_size=1, max_size=6),
    by=st.sampled_from(["doc_id", "outlet"]),
    stopwords=st.booleans(),
    min_count=st.integers(1, 3),
)
def test_values_equal_an_independent_count_on_generated_corpora(docs, by, stopwords, min_count):
    frame = pd.DataFrame(
        {
            "doc_id": [f"d{i:02d}" for i in range(len(docs))],
            "date": "2020",
            "outlet": [o for _, o in docs],
            "text": [t for t, _ in docs],
        }
    )
    corpus = ck.corpus_from_frame(frame)
    tf = ck.term_frequency(corpus, by=by, stopwords=stopwords, min_count=min_count)
    assert list(tf.columns) == [by, "term", "n", "n_tokens", "per_1000", "doc_freq", "n_docs"]
    got = [tuple(r) for r in _plain(tf)[[by, "term", "n", "n_tokens", "doc_freq", "n_docs"]].itertuples(index=False)]
    assert got == _reference(corpus, by, stopwords, min_count)
    assert tf[by].dtype == tf["term"].dtype == _STR  # plain text
    assert tf[["n", "n_tokens", "doc_freq", "n_docs"]].dtypes.tolist() == ["int64"] * 4
    compact = ck.term_frequency(corpus, by=by, stopwords=stopwords, min_count=min_count, compact=True)
    for c in (by, "term"):
        _check_categorical(compact[c])
    pd.testing.assert_frame_equal(_plain(compact), tf)
    # built compact, or made compact afterwards: the same table
    pd.testing.assert_frame_equal(compact_columns(tf.copy(), [by, "term"]), compact)
    # the same table from the tokens table, and the plain table sorted as strings sort
    assert _plain(tf).equals(_plain(tf).sort_values([by, "n", "term"], ascending=[True, False, True]))


def test_seed_table_values_equal_an_independent_count(clean):
    tf = ck.term_frequency(clean, stopwords=True)
    got = [
        tuple(r) for r in _plain(tf)[["doc_id", "term", "n", "n_tokens", "doc_freq", "n_docs"]].itertuples(index=False)
    ]
    assert got == _reference(clean, "doc_id", True, 1)
    assert tf["doc_id"].dtype == tf["term"].dtype == _STR


@pytest.fixture
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "date": ["2001", "2002", "2003"],
            "outlet": ["X", "Y", "X"],
            "text": ["The cat sat. The cat ran!", "A dog sat, the dog ran.", "The U.S. cat. Über naïve café."],
        }
    )
    plain = ck.term_frequency(ck.corpus_from_frame(frame))
    return compact_columns(plain.copy(), ["doc_id", "term"]), plain


def test_filtering_by_a_term_string_gives_the_plain_rows(tables):
    tf, plain = tables
    for term in ("cat", "über", "absent"):
        pd.testing.assert_frame_equal(_plain(tf[tf["term"] == term]), plain[plain["term"] == term])
    pd.testing.assert_frame_equal(
        _plain(tf[tf["term"].isin(["cat", "dog"])]), plain[plain["term"].isin(["cat", "dog"])]
    )
    pd.testing.assert_frame_equal(_plain(tf[tf["doc_id"] != "a"]), plain[plain["doc_id"] != "a"])
    assert tf["term"].str.startswith("ca").tolist() == plain["term"].str.startswith("ca").tolist()
    assert tf["term"].str.len().tolist() == plain["term"].str.len().tolist()


def test_groupby_gives_only_the_groups_present(tables):
    tf, plain = tables
    sub, plain_sub = tf[tf["doc_id"] == "a"], plain[plain["doc_id"] == "a"]
    for by in ("term", "doc_id", ["doc_id", "term"]):
        got = sub.groupby(by, observed=True)["n"].sum()
        want = plain_sub.groupby(by)["n"].sum()
        assert got.to_dict() == want.to_dict()
    # pandas 3's default is observed=True: no zero rows for the other documents' terms
    assert sub.groupby("term")["n"].sum().to_dict() == plain_sub.groupby("term")["n"].sum().to_dict()
    assert tf.groupby("term")["n"].sum().to_dict() == plain.groupby("term")["n"].sum().to_dict()


def test_merge_on_term_and_doc_id(tables):
    tf, plain = tables
    lexicon = pd.DataFrame({"term": ["cat", "dog", "über", "zebra"], "kind": ["animal", "animal", "word", "animal"]})
    got = tf.merge(lexicon, on="term")
    want = plain.merge(lexicon, on="term")
    assert got["term"].dtype == _STR  # a categorical key merged with a text key is text
    pd.testing.assert_frame_equal(_plain(got), want)
    docs = pd.DataFrame({"doc_id": ["a", "c"], "year": [2001, 2003]})
    pd.testing.assert_frame_equal(_plain(tf.merge(docs, on="doc_id")), plain.merge(docs, on="doc_id"))
    # two term tables merged on their categorical keys
    pd.testing.assert_frame_equal(
        _plain(tf.merge(tf, on=["doc_id", "term"])), plain.merge(plain, on=["doc_id", "term"])
    )


def test_sorting_csv_and_concat_are_those_of_plain_text(tables):
    tf, plain = tables
    for cols in (["term"], ["doc_id", "term"], ["n", "term"]):
        pd.testing.assert_frame_equal(
            _plain(tf.sort_values(cols, kind="mergesort")), plain.sort_values(cols, kind="mergesort")
        )
    assert tf.to_csv(index=False) == plain.to_csv(index=False)
    other = compact_columns(
        ck.term_frequency(ck.corpus_from_frame(pd.DataFrame({"doc_id": ["z"], "date": ["2004"], "text": ["Zebra."]}))),
        ["doc_id", "term"],
    )
    both = pd.concat([tf, other], ignore_index=True)  # different categories: plain text
    assert both["term"].dtype == _STR and both["doc_id"].dtype == _STR
    pd.testing.assert_frame_equal(both, pd.concat([plain, _plain(other)], ignore_index=True))
    assert tf["term"].value_counts().to_dict() == plain["term"].value_counts().to_dict()


def test_compact_tables_work_downstream(tables):
    tf, plain = tables
    # tf_idf keeps the compact columns, with the same values; keyness (one row per term) gives plain text
    assert isinstance(ck.tf_idf(tf)["term"].dtype, pd.CategoricalDtype)
    pd.testing.assert_frame_equal(_plain(ck.tf_idf(tf)), ck.tf_idf(plain))
    key = ck.keyness(
        compact_columns(
            ck.term_frequency(
                ck.corpus_from_frame(
                    pd.DataFrame(
                        {
                            "doc_id": ["a", "b"],
                            "date": ["2001", "2002"],
                            "outlet": ["X", "Y"],
                            "text": ["The cat sat.", "A dog sat."],
                        }
                    )
                ),
                by="outlet",
            ),
            ["outlet", "term"],
        ),
        "X",
        by="outlet",
    )
    assert key["term"].dtype == _STR


def test_streamed_compact_table_equals_the_in_memory_one(tmp_path):
    from conftest import write_corpus

    folder = write_corpus(
        tmp_path / "c",
        {"a.txt": "The cat sat. The cat ran!", "b.txt": "A dog sat, the dog ran.", "c.txt": "Über naïve café."},
        "id,file,date,outlet\na,a.txt,2001,X\nb,b.txt,2002,Y\nc,c.txt,2003,X\n",
    )
    stream = ck.open_corpus(folder, "metadata.csv", batch_mb=1e-6)
    memory = ck.load_corpus(folder, "metadata.csv")
    for by in ("doc_id", "outlet"):
        pd.testing.assert_frame_equal(stream.term_frequency(by=by), ck.term_frequency(memory, by=by))
        pd.testing.assert_frame_equal(
            stream.term_frequency(by=by, compact=True), ck.term_frequency(memory, by=by, compact=True)
        )
