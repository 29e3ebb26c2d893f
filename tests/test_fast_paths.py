"""The faster scans behind sentences, token offsets and concordances give what the plain regular expressions give.

Each fast path is checked against the slow scan it replaces, on generated text that mixes the
characters the scans decide on (terminals, closing quotes, every kind of whitespace, combining
marks, abbreviations).
"""

import re

import numpy as np
from conftest import small_chunk_limits
from hypothesis import given, settings
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


def _segment_by_scanning_every_candidate(text: str) -> list[tuple[int, int]]:
    """segment_sentences as it was written before: the candidate pattern tried at every character."""
    eng = _lists((), frozenset())
    out = []
    for a, b in _blocks(text):
        start = a
        for m in _CANDIDATE.finditer(text, a, b):
            wide = m.group("wide") is not None
            end = m.end("wclose") if wide else m.end("close")
            if end >= b:
                continue
            if wide or _is_boundary(text, m, b, eng):
                out.append((start, end))
                start = end if wide else m.end()
        if start < b:
            out.append((start, b))
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in out) if e > s]


_sentence_pieces = st.sampled_from(
    [
        *".!?…。！？।\"')]”’“(",
        *_SPACES,
        *["The", "war", "Mr", "U.S", "etc", "Jan", "art", "II", "5", "F", "Smith", "i.e", "de", "—", "-"],
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
