"""Property: any Unicode text runs through every stage, from the file on disk to tokens.

The texts mix what breaks naive text handling: CR, CRLF and LF line ends, U+2028/U+2029, zero-width
joiners and non-joiners, a byte-order mark (at the start it is dropped, elsewhere it is text), NUL (refused),
emoji (astral characters, joined sequences), combining marks, non-Latin scripts, full-width
terminals, and runs of spaces and punctuation. For each text, written as a UTF-8 file: the loader
accepts it (or refuses it with the documented error), the basic cleaning's spans partition the file,
every character of the cleaned text maps back to the raw file (to itself, or to the range of a
recorded edit), and every sentence and token maps back to a range of the file in order.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import corpuskit as ck

PIECES = [
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "\u2028",
    "\u2029",
    "\u200d",
    "\u200c",
    "\ufeff",
    "\x00",
    "\U0001f600",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "e\u0301",
    "\u0301",
    "न\u094dम",
    "。",
    "！",
    "？",
    "Wow!!!",
    "U.S.",
    "don't",
    " ",
    "   ",
    "\t",
    "\u00a0",
    "\u201c",
    "\u2019",
    ". ",
    "Putin",
    "résumé",
    "добро",
    "日本",
    "-",
    "9/11",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.characters(codec="utf-8")), min_size=1, max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_every_stage_runs_and_maps_back(text):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "a.txt").write_bytes(text.encode("utf-8"))
        (folder / "metadata.csv").write_text("id,file,date\na,a.txt,2001\n", encoding="utf-8")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ck.UnicodeFormWarning)
                corpus = ck.load_corpus(folder)
        except ck.EncodingError as exc:
            assert "\x00" in text and "NUL" in str(exc)
            return
        except ck.EmptyTextError:
            assert text.removeprefix("\ufeff").strip() == ""
            return
    assert "\x00" not in text
    # character for character: nothing lost on the way in but a leading byte-order mark, which is not text
    text = text.removeprefix("\ufeff")
    assert corpus.text("a") == text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ck.EnglishOnlyWarning)
        try:
            clean = corpus.clean()
        except ck.CleaningError as exc:  # only when normalisation leaves nothing
            assert "no body text" in str(exc)
            return
        sents = clean.sentences()
        toks = clean.tokens(stopwords=True)
        clean.paragraphs()

    # spans partition the file
    spans = clean.spans.sort_values("start")
    assert spans["start"].iloc[0] == 0 and spans["end"].iloc[-1] == len(text)
    assert (spans["start"].to_numpy()[1:] == spans["end"].to_numpy()[:-1]).all()
    assert "".join(spans["text"]) == text

    # every cleaned character maps back: to itself, or inside the range of a recorded edit
    cleaned = clean.text("a")
    om = clean.offset_map("a")
    edits = clean.edits[clean.edits["doc_id"] == "a"][["source_start", "source_end"]].to_numpy()
    for i, ch in enumerate(cleaned):
        a, b = int(om.starts[i]), int(om.ends[i])
        assert 0 <= a < b <= len(text)
        if text[a:b] != ch:
            assert any(s <= a and b <= e for s, e in edits), (i, ch, text[a:b])

    # sentences and tokens map back to ordered, in-file source ranges
    for table in (sents, toks):
        s, e = table["source_start"].to_numpy(), table["source_end"].to_numpy()
        assert ((0 <= s) & (s < e) & (e <= len(text))).all()
        assert (np.diff(s) >= 0).all()
    for row in toks.itertuples():
        assert cleaned[row.start : row.end] == row.token
