"""Each text held once: the sources read the raw text column, cleaned texts and spans that are
stretches of a file refer to its bytes, sentence texts are built in one buffer. Every value must be
what the copies gave: each test compares with the text read independently from the files, or with
the same pipeline run on a corpus whose sources are a plain dict (the path that copies every value).
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest
from conftest import write_corpus
from hypothesis import given, settings
from hypothesis import strategies as st

import corpuskit as ck
from corpuskit.corpus import ARROW_TEXT, SourceTexts, TextColumn

FILES = {
    "a.txt": "We will win. [Applause] Thank you.\n\nA second paragraph.",
    "b.txt": "Caf\u00e9 au lait \u2014 \u201cquoted\u201d.\r\n\r\nNa\u00efve r\u00e9sum\u00e9s [Laughter] done.",
    "c.txt": "Plain ASCII text. Nothing to clean here.",
    "d.txt": "  Leading\u00a0space and a blank run.\n\n\n\nEnd \u0928\u092e\u0938\u094d\u0924\u0947.\n",
}
RULES = {"spans": [{"name": "reaction", "pattern": r" ?\[(?:Applause|Laughter)\]", "label": "boilerplate"}]}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    meta = "id,date,file\n" + "".join(f"{f[0]},2020-0{i + 1},{f}\n" for i, f in enumerate(FILES))
    return write_corpus(tmp_path / "corpus", FILES, meta)


def copied(corpus: ck.Corpus) -> ck.Corpus:
    """The same raw corpus with its sources as a plain dict: cleaning then copies every value, as before."""
    return ck.Corpus(corpus.documents.copy(), dict(corpus.sources), corpus.source_col)


def test_sources_are_the_files_and_read_only(folder: Path) -> None:
    corpus = ck.load_corpus(folder)
    expected = {f: (folder / f).read_bytes().decode("utf-8") for f in FILES}
    assert isinstance(corpus.sources, SourceTexts)
    assert corpus.sources == expected and dict(corpus.sources) == expected
    assert sorted(corpus.sources) == sorted(expected) and len(corpus.sources) == 4
    assert corpus.documents["text"].tolist() == [expected[f] for f in FILES]
    assert "missing.txt" not in corpus.sources and corpus.sources.get("missing.txt") is None
    with pytest.raises(KeyError):
        corpus.sources["missing.txt"]
    with pytest.raises(TypeError):
        corpus.sources["a.txt"] = "changed"  # type: ignore[index]
    # writing into the documents table afterwards does not change the sources
    corpus.documents.loc[0, "text"] = "replaced"
    assert corpus.sources["a.txt"] == expected["a.txt"]


def test_sources_survive_pickling(folder: Path) -> None:
    clean = ck.load_corpus(folder).clean(RULES)
    back = pickle.loads(pickle.dumps(clean))
    assert back.sources == clean.sources
    assert back.source_of("b") == "b.txt" and back.to_source("b", 0, 4) == clean.to_source("b", 0, 4)
    pd.testing.assert_frame_equal(back.spans, clean.spans)
    pd.testing.assert_frame_equal(back.documents, clean.documents)


def test_shared_files_and_frames_have_sources_too(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "c", {"x.txt": "One text.\n"}, "id,date,file\na,2020,x.txt\nb,2021,x.txt\n")
    corpus = ck.load_corpus(folder, allow_shared_files=True)
    assert corpus.sources == {"x.txt": "One text.\n"}
    frame = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["p", "q"], "date": ["2020", "2021"], "text": ["A.", "B é."]}))
    assert frame.sources == {"p": "A.", "q": "B é."}


def test_clean_gives_what_the_copying_path_gives(folder: Path) -> None:
    corpus = ck.load_corpus(folder)
    shared, old = corpus.clean(RULES), copied(corpus).clean(RULES)
    pd.testing.assert_frame_equal(shared.documents, old.documents)
    pd.testing.assert_frame_equal(shared.spans, old.spans)
    pd.testing.assert_frame_equal(shared.edits, old.edits)
    pd.testing.assert_frame_equal(shared.sentences(), old.sentences())
    pd.testing.assert_frame_equal(shared.paragraphs(), old.paragraphs())
    pd.testing.assert_frame_equal(ck.term_frequency(shared), ck.term_frequency(old))
    pd.testing.assert_frame_equal(
        ck.term_frequency(shared, by="date", ngram=2), ck.term_frequency(old, by="date", ngram=2)
    )


def test_spans_text_is_the_file_and_sentences_text_the_cleaned_text(folder: Path) -> None:
    clean = ck.load_corpus(folder).clean(RULES)
    for row in clean.spans.itertuples(index=False):
        assert row.text == (folder / row.source).read_bytes().decode("utf-8")[row.start : row.end]
    for row in clean.sentences().itertuples(index=False):
        assert row.text == clean.text(row.doc_id)[row.start : row.end]
    assert clean.spans["text"].dtype == clean.sentences()["text"].dtype == pd.Series(["x"]).dtype


@pytest.mark.skipif(not ARROW_TEXT, reason="pandas stores text as Python strings: nothing is shared")
def test_unchanged_texts_and_spans_refer_to_the_raw_bytes(folder: Path, monkeypatch) -> None:
    monkeypatch.setattr(TextColumn, "MIN_VIEW", 0)  # these files are short: refer to them all the same
    corpus = ck.load_corpus(folder)
    clean = corpus.clean(RULES)
    raw = corpus.documents["text"].array.__arrow_array__()
    assert raw.num_chunks == 1  # one buffer of the files' bytes, as read
    data = raw.chunk(0).buffers()[2]

    def buffers(values) -> set[int]:
        return {c.buffers()[2].address for c in values.__arrow_array__().chunks}

    assert buffers(clean.spans["text"].array) == {data.address}  # the spans partition the files: no copy
    assert clean.text("c") == FILES["c.txt"]  # cleaning changed nothing in c.txt...
    assert data.address in buffers(clean.documents["text"].array)  # ...so its text is the file's bytes
    assert clean.sources is corpus.sources
    monkeypatch.undo()  # short runs of references are copied: the column is not cut into small chunks
    assert data.address not in buffers(corpus.clean(RULES).spans["text"].array)


def test_text_column_gives_the_values_added() -> None:
    import pyarrow as pa

    if not ARROW_TEXT:
        pytest.skip("needs Arrow strings")
    raw = pa.chunked_array([pa.array(["x" * 5000 + "é" + "y" * 5000, "short"], type=pa.large_string())])
    buf = raw.chunk(0).buffers()[2]
    column = TextColumn()
    column.add("first")
    column.add_view(buf, 0, 5000)  # a long stretch: referred to
    column.add_view(buf, 5000, 5002)  # continues it: same chunk
    column.add_view(buf, 5002, 10003)
    column.add_view(buf, 10003, 10007)  # short, continues: still referred to
    column.add_view(buf, 1, 3)  # short, does not continue: copied
    column.add_slices("a é b", [0, 2, 4], [1, 3, 5])
    column.add_slices("abc", [0, 1], [3, 2])
    column.add_repeat("id", 3)
    column.add_repeat("", 2)
    other = TextColumn()
    other.add("tail")
    column.extend(other)
    assert pd.Series(column.finish()).tolist() == [
        "first", "x" * 5000, "é", "y" * 5000 + "s", "hort", "xx", "a", "é", "b", "abc", "b",
        "id", "id", "id", "", "", "tail",
    ]  # fmt: skip


PIECES = ["a", "b", " ", ".", "\n", "\n\n", "\u00a0", "\u00e9", "\u2014", "\U0001f600", " [Applause]", "Yes."]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(texts.filter(lambda t: t.strip() != ""), min_size=1, max_size=4), st.sampled_from([0, 4096]))
def test_shared_and_copied_paths_agree_on_any_text(values: list[str], min_view: int) -> None:
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(values))], "date": "2020", "text": values})
    corpus = ck.corpus_from_frame(frame)
    try:
        old = ck.clean_corpus(copied(corpus), RULES, warn_unused=False)
    except (ck.CleaningError, ck.CorpusValidationError) as err:  # one text left empty, or several together
        with pytest.raises(type(err)) as again:
            ck.clean_corpus(corpus, RULES, warn_unused=False)
        assert str(again.value) == str(err)
        return
    saved, TextColumn.MIN_VIEW = TextColumn.MIN_VIEW, min_view  # 0: every stretch is referred to
    try:
        shared = ck.clean_corpus(corpus, RULES, warn_unused=False)
    finally:
        TextColumn.MIN_VIEW = saved
    pd.testing.assert_frame_equal(shared.documents, old.documents)
    pd.testing.assert_frame_equal(shared.spans, old.spans)
    pd.testing.assert_frame_equal(shared.sentences(), old.sentences())
    for row in shared.spans.itertuples(index=False):
        assert row.text == corpus.sources[row.source][row.start : row.end]
