"""Batch-by-batch and Dask measures give exactly the in-memory tables (corpuskit.stream)."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, RULES, SEEDS, write_corpus
from pandas.testing import assert_frame_equal

import corpuskit as ck
from corpuskit.stream import open_corpus

ACTORS = ROOT / "book" / "data" / "actors.yml"
EVENTS = ROOT / "book" / "data" / "events.yml"
OVERRIDES = ROOT / "book" / "data" / "time_overrides.yml"
NAMED = ROOT / "book" / "data" / "named_dates.yml"
TUTORIAL = ROOT / "book" / "data" / "tutorial"

#: A batch size that puts the five seeds (5-15 kB each) into several batches.
SMALL_BATCH_MB = 0.02

_WORDS = (
    "the partnership between Russia and the U.S. after 9/11 was a marriage of convenience ; "
    "Putin called Bush within hours , and NATO enlargement , missile defense and Iraq pulled them apart . "
    "Washington and Moscow spoke of anti-terror cooperation in 2001 , 15 years ago , last September . "
    "Russia's leaders did not trust American promises : they're sceptical , aren't they ? "
    "60,000 troops , 2.5 billion dollars , U.S.-Russian relations , Kremlin officials , Путин !"
).split()


def generated_corpus(folder: Path, n_docs: int = 40, seed: int = 15) -> Path:
    """A reproducible corpus of ``n_docs`` texts built from a small vocabulary, with metadata."""
    rng = np.random.default_rng(seed)
    files, rows = {}, ["id,file,date,outlet,genre"]
    for i in range(n_docs):
        paragraphs = []
        for _ in range(int(rng.integers(1, 5))):
            words = rng.choice(_WORDS, size=int(rng.integers(5, 120))).tolist()
            text = " ".join(words).replace(" ,", ",").replace(" .", ".").replace(" ;", ";").replace(" ?", "?")
            paragraphs.append(text[:1].upper() + text[1:] + ".")
        files[f"doc{i:03d}.txt"] = "\n\n".join(paragraphs) + "\n"
        year = 2001 + int(rng.integers(0, 20))
        rows.append(
            f"g{i:03d},doc{i:03d}.txt,{year}-{int(rng.integers(1, 13)):02d},outlet{i % 3},{['news', 'op-ed'][i % 2]}"
        )
    return write_corpus(folder, files, "\n".join(rows) + "\n")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("generated") / "corpus")


@pytest.fixture(scope="module")
def seeds_stream():
    return open_corpus(SEEDS, rules=RULES, batch_mb=SMALL_BATCH_MB)


# ---------------------------------------------------------------------------------------------
# One machine, batch by batch
# ---------------------------------------------------------------------------------------------
def test_seeds_are_split_into_several_batches(seeds_stream):
    assert seeds_stream.n_batches >= 3
    sizes = [len(c.documents[c.documents["part"] == "article"]) for c in seeds_stream.corpora()]
    assert sum(sizes) == 5 and max(sizes) < 5


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"by": None},
        {"by": "genre", "ngram": 2, "stopwords": True, "min_count": 2},
        {"by": ["part", "genre"], "replace": {"US": "U.S."}},
        {"by": "date", "lower": False, "ngram": 3},
    ],
    ids=["per-document", "whole-corpus", "bigrams-by-genre", "two-columns-replace", "trigrams-by-date"],
)
def test_term_frequency_streamed_equals_in_memory(clean, seeds_stream, options):
    assert_frame_equal(seeds_stream.term_frequency(**options), ck.term_frequency(clean, **options))


def test_term_frequency_by_series_equals_in_memory(clean, seeds_stream):
    era = pd.Series(np.where(clean.documents["date"].dt.year < 2010, "early", "late"), index=clean.doc_ids, name="era")
    assert_frame_equal(seeds_stream.term_frequency(by=era), ck.term_frequency(clean, by=era))


def test_document_frequencies_combine_across_batches(clean, seeds_stream):
    # every article sits in its own batch here, so doc_freq and n_docs must be sums over batches
    got = seeds_stream.term_frequency(by="part")
    article = got[got["part"] == "article"]
    assert (article["n_docs"] == 5).all()
    assert article.set_index("term").at["russia", "doc_freq"] == 5


def test_tf_idf_streamed_equals_in_memory(clean, seeds_stream):
    assert_frame_equal(seeds_stream.tf_idf(norm="l2"), ck.tf_idf(clean, norm="l2"))
    got = seeds_stream.tf_idf(by="genre", tf="count", idf="smooth", stopwords=True)
    assert_frame_equal(got, ck.tf_idf(clean, by="genre", tf="count", idf="smooth", stopwords=True))


def test_filtered_tf_idf_streamed_equals_in_memory_with_corpus_wide_n(clean, seeds_stream):
    got = seeds_stream.tf_idf(stopwords=True, min_count=2)
    assert_frame_equal(got, ck.tf_idf(clean, stopwords=True, min_count=2))
    # N = every document of the corpus, df = documents holding the term before any filter
    full = ck.term_frequency(clean)
    df = full.groupby("term").size()
    n_docs = len(clean.documents)
    assert got["doc_id"].nunique() < n_docs  # the filters leave some documents without rows
    expected = np.log(n_docs / got["term"].map(df).to_numpy(dtype=float))
    np.testing.assert_allclose(got["idf"], expected, rtol=1e-12)
    compact = seeds_stream.tf_idf(stopwords=True, min_count=2, compact=True)
    assert_frame_equal(compact.astype({"doc_id": str, "term": str}), got.astype({"doc_id": str, "term": str}))


def test_keyness_streamed_equals_in_memory(clean, seeds_stream):
    assert_frame_equal(seeds_stream.keyness("kuzio2001"), ck.keyness(clean, "kuzio2001"))
    got = seeds_stream.keyness("comment", by="part", ngram=2, min_count=2)
    assert_frame_equal(got, ck.keyness(clean, "comment", by="part", ngram=2, min_count=2))


def test_sentences_and_sentiment_streamed_equal_in_memory(clean, seeds_stream):
    assert_frame_equal(seeds_stream.sentences(), ck.sentences(clean))
    scored = seeds_stream.sentence_sentiment()
    assert_frame_equal(scored, ck.sentence_sentiment(clean))
    # aggregates and bootstrap intervals run on the combined sentence table
    assert_frame_equal(
        ck.sentiment_by_period(scored, freq="year"), ck.sentiment_by_period(ck.sentence_sentiment(clean), freq="year")
    )


def test_sentiment_streamed_with_only_the_columns_a_summary_reads(clean, seeds_stream):
    """``columns=`` keeps a few columns per batch (the command line's summaries): the same values, and the
    same summaries, without the text of every sentence."""
    full = ck.sentence_sentiment(clean)
    cols = ["date", "date_precision", "polarity", "has_words", "part"]
    slim = seeds_stream.sentence_sentiment(columns=cols)
    assert list(slim.columns) == ["doc_id", *cols]
    assert_frame_equal(slim, full[["doc_id", *cols]])
    assert_frame_equal(
        ck.sentiment_by_period(slim, freq="year", by="part"), ck.sentiment_by_period(full, freq="year", by="part")
    )
    with pytest.raises(ck.CorpusError, match=r"columns \['nosuch'\] are not in the table"):
        seeds_stream.sentence_sentiment(columns=["nosuch"])
    with pytest.raises(ck.CorpusError, match="a list of column names"):
        seeds_stream.sentence_sentiment(columns="date")


def test_sentiment_moments_combine_counts_sums_and_squares(clean, seeds_stream):
    got = seeds_stream.sentiment_moments(["part", "genre"])
    scored = ck.sentence_sentiment(clean)
    scored = scored[scored["has_words"]]
    g = scored.groupby(["part", "genre"])
    expected = pd.DataFrame(
        {"n": g.size(), "n_docs": g["doc_id"].nunique(), "mean": g["polarity"].mean(), "sd": g["polarity"].std()}
    ).reset_index()
    assert_frame_equal(got, expected, check_exact=False, rtol=1e-12, atol=1e-12)


def test_time_references_streamed_equal_in_memory(clean, seeds_stream):
    assert_frame_equal(
        seeds_stream.time_references(overrides=OVERRIDES), ck.time_references(clean, overrides=OVERRIDES)
    )
    named = seeds_stream.time_references(overrides=OVERRIDES, named_dates=NAMED)
    assert_frame_equal(named, ck.time_references(clean, overrides=OVERRIDES, named_dates=NAMED))
    assert (named["how"] == "9/11 (2001)").sum() > 20


def test_stale_override_is_still_an_error(seeds_stream):
    stale = pd.DataFrame([{"doc_id": "nosuchdoc", "expr": "2001", "year": 2001, "note": "x"}])
    with pytest.raises(ck.CorpusError, match="nosuchdoc"):
        seeds_stream.time_references(overrides=stale)


@pytest.mark.parametrize("unit", ["sentence", "paragraph", "document", "window"])
def test_actor_mentions_and_cooccurrence_streamed_equal_in_memory(clean, seeds_stream, unit):
    actors = ck.load_actors(ACTORS)
    mentions = ck.actor_mentions(clean, actors)
    assert_frame_equal(seeds_stream.actor_mentions(actors), mentions)
    assert_frame_equal(
        seeds_stream.cooccurrence(actors, unit=unit),
        ck.network.cooccurrence(mentions, item="actor", unit=unit, corpus=clean),
    )


def test_cooccurrence_by_group_streamed_equals_in_memory(clean, seeds_stream):
    actors = ck.load_actors(ACTORS)
    mentions = ck.actor_mentions(clean, actors).merge(clean.documents[["doc_id", "part"]], on="doc_id")
    got = seeds_stream.cooccurrence(actors, by="part")
    assert_frame_equal(got, ck.network.cooccurrence(mentions, item="actor", by="part", corpus=clean))
    # N: every sentence of the part, summed over batches (not only those naming an actor)
    n_sentences = ck.sentences(clean).merge(clean.documents[["doc_id", "part"]], on="doc_id")["part"].value_counts()
    assert (got["n_units"] == got["part"].map(n_sentences)).all()
    for unit in ("document", "paragraph"):
        assert_frame_equal(
            seeds_stream.cooccurrence(actors, unit=unit, by="part"),
            ck.network.cooccurrence(mentions, item="actor", unit=unit, by="part", corpus=clean),
        )


def test_event_mentions_streamed_equal_in_memory(clean, seeds_stream):
    events = ck.load_events(EVENTS)
    refs = ck.time_references(clean, overrides=OVERRIDES, named_dates=NAMED)
    got = seeds_stream.event_mentions(events, overrides=OVERRIDES, named_dates=NAMED)
    assert_frame_equal(got, ck.event_mentions(clean, events, references=refs))
    with pytest.raises(ck.ArgumentError, match="pass overrides= too"):
        seeds_stream.event_mentions(events, named_dates=NAMED)
    assert_frame_equal(
        ck.event_timeline(got, events), ck.event_timeline(ck.event_mentions(clean, events, references=refs), events)
    )
    assert_frame_equal(seeds_stream.event_mentions(events), ck.event_mentions(clean, events))


@pytest.mark.parametrize("batch_mb", [0.001, 0.05, 100.0])
def test_generated_corpus_streamed_equals_in_memory_whatever_the_batch_size(generated, batch_mb):
    corpus = ck.load_corpus(generated).clean()
    stream = open_corpus(generated, clean=True, batch_mb=batch_mb)
    for options in ({"by": "outlet"}, {"by": ["genre", "outlet"], "ngram": 2, "stopwords": True, "min_count": 3}):
        assert_frame_equal(stream.term_frequency(**options), ck.term_frequency(corpus, **options))
    assert_frame_equal(stream.sentence_sentiment(vader=False), ck.sentence_sentiment(corpus, vader=False))
    assert_frame_equal(stream.time_references(), ck.time_references(corpus))
    assert_frame_equal(
        stream.cooccurrence(ACTORS, unit="window"),
        ck.network.cooccurrence(ck.actor_mentions(corpus, ACTORS), item="actor", unit="window"),
    )


def test_counts_added_up_without_the_dense_array_are_the_same(generated, monkeypatch):
    """A batch's (group, term) cells are added up in a dense array when there are few (stream._DENSE_CELLS),
    else sorted: the same table either way."""
    from corpuskit import stream as stream_module

    corpus = ck.load_corpus(generated).clean()
    stream = open_corpus(generated, clean=True, batch_mb=0.01)
    for cells in (0, 1 << 30):
        monkeypatch.setattr(stream_module, "_DENSE_CELLS", cells)
        for options in ({"by": None}, {"by": "doc_id"}, {"by": "outlet", "stopwords": True}):
            assert_frame_equal(stream.term_frequency(**options), ck.term_frequency(corpus, **options))


def test_raw_corpus_of_licence_texts_streamed_equals_in_memory():
    corpus = ck.load_corpus(TUTORIAL)
    stream = open_corpus(TUTORIAL, batch_mb=0.05)
    assert stream.n_batches > 2
    assert_frame_equal(
        stream.term_frequency(by=None, stopwords=True), ck.term_frequency(corpus, by=None, stopwords=True)
    )
    assert_frame_equal(stream.sentences(), ck.sentences(corpus))


# ---------------------------------------------------------------------------------------------
# Errors: the whole-table checks at once, per-file checks collected by validate()
# ---------------------------------------------------------------------------------------------
def test_duplicate_ids_and_unlisted_files_are_found_before_any_text_is_read(tmp_path):
    folder = write_corpus(
        tmp_path / "c",
        {"a.txt": "One.", "b.txt": "Two.", "c.txt": "Three."},
        "id,file,date\na,a.txt,2001\na,b.txt,2002\n",
    )
    with pytest.raises(ck.CorpusValidationError) as info:
        open_corpus(folder)
    message = str(info.value)
    assert "DuplicateIdError" in message and "line 3" in message
    assert "UnlistedFileError" in message and "c.txt" in message


def test_validate_reports_the_problems_of_every_batch_together(tmp_path):
    folder = write_corpus(
        tmp_path / "c",
        {"a.txt": b"\xff bad", "b.txt": "Fine.", "c.txt": "   "},
        "id,file,date\na,a.txt,2001\nb,b.txt,2002-02-31\nc,c.txt,2003\n",
    )
    with pytest.raises(ck.DateError, match="line 3"):  # a date is checked with the table, before any batch
        open_corpus(folder, batch_mb=1e-6)
    stream = open_corpus(folder, batch_mb=1e-6, defer_errors=True)
    assert stream.n_batches == 3
    with pytest.raises(ck.CorpusValidationError) as info:
        stream.validate()
    kinds = [type(e).__name__ for e in info.value.errors]
    assert kinds == ["EncodingError", "DateError", "EmptyTextError"]  # in the table's order
    with pytest.raises(ck.DateError):
        stream.term_frequency()


def test_rules_naming_unknown_documents_are_rejected():
    with pytest.raises(ck.RulesError, match="nosuchdoc"):
        open_corpus(SEEDS, rules={"documents": {"nosuchdoc": {}}})


@pytest.mark.parametrize("bad", [0, -1, "8"])
def test_batch_size_must_be_positive(bad):
    with pytest.raises(ck.CorpusError, match="batch_mb"):
        open_corpus(SEEDS, batch_mb=bad)


def test_validate_returns_every_document_in_corpus_order(clean, seeds_stream):
    docs = seeds_stream.validate()
    assert docs["doc_id"].tolist() == clean.doc_ids


def test_a_metadata_part_column_is_refused_as_in_memory(tmp_path):
    """``part`` and ``parent_id`` are columns cleaning creates: the stream refuses them as load_corpus does."""
    folder = write_corpus(
        tmp_path / "c",
        {"a.txt": "Putin spoke. Bush listened.", "b.txt": "Russia and the U.S. in 2001."},
        "id,file,date,part,parent_id\na,a.txt,2001,comment,zzz\nb,b.txt,2002,article,\n",
    )
    with pytest.raises(ck.MetadataError) as in_memory:
        ck.load_corpus(folder)
    with pytest.raises(ck.CorpusError) as streamed:
        open_corpus(folder, batch_mb=1e-6).sentences()
    for err in (in_memory, streamed):
        assert "['part', 'parent_id'] are reserved" in str(err.value)


# ---------------------------------------------------------------------------------------------
# Several worker processes on one machine (a pool over whole batches)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n_jobs", [2, 3, None])
def test_term_frequency_in_a_pool_of_workers_equals_one_process_and_in_memory(generated, n_jobs):
    corpus = ck.load_corpus(generated).clean()
    stream = open_corpus(generated, clean=True, batch_mb=0.004)
    assert stream.n_batches >= 6
    for options in (
        {"by": None},
        {"by": "outlet", "stopwords": True},
        {"by": ["genre", "date"], "ngram": 2, "min_count": 2, "replace": {"U.S.": "US"}},
    ):
        one = stream.term_frequency(n_jobs=1, **options)
        assert_frame_equal(stream.term_frequency(n_jobs=n_jobs, **options), one)
        assert_frame_equal(one, ck.term_frequency(corpus, **options))


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_term_frequency_refuses_a_bad_number_of_jobs(generated, bad):
    with pytest.raises(ck.CorpusError, match="n_jobs"):
        open_corpus(generated).term_frequency(n_jobs=bad)


def test_a_rule_that_matches_nothing_in_any_batch_is_reported_once(tmp_path):
    """As ``corpus.clean()`` warns in memory: summed over batches, so a rule that matches in one batch
    only is not reported, and one that matches nowhere is reported once (not once per batch)."""
    import warnings

    folder = write_corpus(
        tmp_path / "c",
        {"a.txt": "hello there. [Applause]", "b.txt": "world news."},
        "id,file,date\na,a.txt,2001\nb,b.txt,2002\n",
    )
    rules = {
        "spans": [
            {"name": "applause", "pattern": r" ?\[Applause\]", "label": "boilerplate"},  # in batch a only
            {"name": "nowhere", "pattern": "ZZZ+", "label": "boilerplate"},
        ]
    }
    stream = open_corpus(folder, "metadata.csv", rules=rules, batch_mb=1e-6)
    assert stream.n_batches == 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stream.term_frequency()
        stream.validate()
    unused = [w for w in caught if issubclass(w.category, ck.UnusedRuleWarning)]
    assert len(unused) == 2  # one per measure, each naming the one rule
    assert all("nowhere" in str(w.message) and "applause" not in str(w.message) for w in unused)
    assert all(w.filename == __file__ for w in unused)  # points at the caller's line
    with pytest.warns(ck.UnusedRuleWarning, match="nowhere"):  # the in-memory warning, for comparison
        ck.load_corpus(folder, "metadata.csv").clean(rules)


def test_copies_in_different_batches_are_reported_like_copies_in_one(tmp_path):
    """``load_corpus`` warns about two files with the same bytes; batch by batch the copies may lie in
    different batches, which no batch sees: they are compared after the last one (a new user's copies
    went unreported with small batches). Files whose text only looks alike are not reported."""
    import warnings

    same = "The same text, word for word. " * 20
    folder = write_corpus(
        tmp_path / "c",
        {
            "a.txt": same,
            "b.txt": "Something else entirely.",
            "c.txt": same,
            "d.txt": same[:300] + "X" + same[301:],  # same length, head and tail: compared, not a copy
        },
        "id,file,date\na,a.txt,2001\nb,b.txt,2001\nc,c.txt,2002\nd,d.txt,2003\n",
    )

    def duplicate_warnings(batch_mb):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            open_corpus(folder, "metadata.csv", batch_mb=batch_mb).term_frequency()
        return [str(w.message) for w in caught if issubclass(w.category, ck.DuplicateTextWarning)]

    across = duplicate_warnings(1e-6)  # one file per batch
    assert len(across) == 1 and across[0].startswith("1 file(s) in one batch") and "'c.txt' and 'a.txt'" in across[0]
    within = duplicate_warnings(1)  # one batch: load_corpus's own warning, once
    assert len(within) == 1 and within[0].startswith("1 file(s) have the same bytes as an earlier file")
    # copies found within two batches: one warning, their files summed (it said the first batch's number)
    twice = write_corpus(
        tmp_path / "d",
        {"a.txt": same, "b.txt": same, "c.txt": same + " More.", "d.txt": same + " More."},
        "id,file,date\na,a.txt,2001\nb,b.txt,2001\nc,c.txt,2002\nd,d.txt,2003\n",
    )
    size = 2 * (len(same) + 10) / 1e6  # two files a batch
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        open_corpus(twice, "metadata.csv", batch_mb=size).term_frequency()
    said = [str(w.message) for w in caught if issubclass(w.category, ck.DuplicateTextWarning)]
    assert [m[:40] for m in said] == ["2 file(s) have the same bytes as an earl"], said


def test_a_warning_every_batch_issues_is_said_once(tmp_path):
    """Each batch of an undated corpus says that relative expressions need a date: once for the stream."""
    files = {f"{k}.txt": f"Last year in 1999 text {k}." for k in "abcd"}
    folder = write_corpus(tmp_path / "c", files, "id\n" + "".join(f"{k}\n" for k in "abcd"))
    stream = ck.open_corpus(folder, date_col=None, batch_mb=1e-6)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        refs = stream.time_references()
    undated = [w for w in seen if issubclass(w.category, ck.UndatedWarning)]
    assert stream.n_batches == 4 and len(undated) == 1, [str(w.message) for w in seen]
    assert undated[0].filename == __file__  # at the caller's line
    assert refs["year"].tolist() == [1999] * 4


def not_nfc_corpus(tmp_path: Path) -> Path:
    """Three files, two of them not in NFC (an umlaut and an accent written apart): one per batch at 1e-6 MB."""
    files = {"a.txt": "Gru\u0308\u00dfe.", "b.txt": "Plain text.", "c.txt": "cafe\u0301."}
    return write_corpus(tmp_path / "c", files, "id,file,date\na,a.txt,2001\nb,b.txt,2002\nc,c.txt,2003\n")


def test_a_warning_that_counts_texts_is_said_with_the_streams_counts(tmp_path):
    # two of three files not in NFC, one per batch: "2 of 3 texts", not one batch's "1 of 1"
    folder = not_nfc_corpus(tmp_path)
    stream = ck.open_corpus(folder, batch_mb=1e-6)
    with pytest.warns(ck.UnicodeFormWarning, match=r"^2 of 3 texts are not in Unicode NFC form \(e\.g\. file 'a\.txt'"):
        stream.term_frequency()
    assert stream.n_batches == 3


def test_a_worker_processs_warnings_reach_the_caller_once_and_nothing_is_printed(tmp_path, capfd):
    # two worker processes, one file per batch: the batches' warnings come back with their results
    folder = not_nfc_corpus(tmp_path)
    stream = ck.open_corpus(folder, batch_mb=1e-6)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        stream.term_frequency(n_jobs=2)
    nfc = [w for w in seen if issubclass(w.category, ck.UnicodeFormWarning)]
    assert [str(w.message)[:20] for w in nfc] == ["2 of 3 texts are not"] and nfc[0].filename == __file__
    assert capfd.readouterr().err == ""  # a worker printed them on its standard error before


def test_the_default_stopwords_warn_on_another_language_in_a_stream_too(tmp_path):
    german = "Das ist ein Haus und der Garten ist schön, aber die Kinder spielen nicht im Park am Abend. " * 20
    files = {f"{k}.txt": german for k in "ab"}
    folder = write_corpus(tmp_path / "c", files, "id\na\nb\n")
    stream = ck.open_corpus(folder, date_col=None, batch_mb=1e-6)
    with pytest.warns(ck.EnglishOnlyWarning, match="the default stopwords are English-only"):
        stream.term_frequency(stopwords=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ck.EnglishOnlyWarning)
        stream.term_frequency()  # no stopwords, nothing to say


def test_copies_found_by_several_batches_are_said_once(tmp_path):
    files = {f"{k}.txt": "The same text in every file." for k in "abcdef"}
    folder = write_corpus(tmp_path / "c", files, "id\n" + "".join(f"{k}\n" for k in "abcdef"))
    stream = ck.open_corpus(folder, date_col=None, batch_mb=1.5e-5)  # two or three files a batch
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        stream.term_frequency()
    copies = [str(w.message) for w in seen if issubclass(w.category, ck.DuplicateTextWarning)]
    within = [m for m in copies if "earlier file of the corpus" in m]
    assert stream.n_batches > 1 and len(within) <= 1, copies


def test_a_stream_and_the_command_line_take_the_sentence_splitters_lists(tmp_path):
    german = "Man kann z. B. Dateien löschen. Siehe S. 5 und Nr. 3 im Handbuch. Danach weiter."
    folder = write_corpus(tmp_path / "c", {"a.txt": german}, "id\na\n")
    lists = {"inner": ["z", "B", "S", "Nr"]}
    expected = ["Man kann z. B. Dateien löschen.", "Siehe S. 5 und Nr. 3 im Handbuch.", "Danach weiter."]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ck.EnglishOnlyWarning)
        assert ck.open_corpus(folder, date_col=None, abbreviations=lists).sentences()["text"].tolist() == expected
        memory = ck.load_corpus(folder, date_col=None).with_sentence_rules(abbreviations=lists)
        assert memory.sentences()["text"].tolist() == expected  # the same as in memory
        assert len(ck.open_corpus(folder, date_col=None).sentences()) == 5  # the English lists alone cut z. and Nr.
    with pytest.raises(ck.ArgumentError, match=r"unknown list\(s\) \['nope'\]"):
        ck.open_corpus(folder, date_col=None, abbreviations={"nope": ["x"]})
    (tmp_path / "de.yml").write_text("inner: [z, B, S, Nr]\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "corpuskit.cli", "sentences", str(folder), "--no-dates", "--abbreviations",
         str(tmp_path / "de.yml")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert pd.read_csv(io.StringIO(proc.stdout))["text"].tolist() == expected


def test_a_batch_whose_documents_all_lack_a_metadata_value_types_it_as_in_memory():
    """Batches small enough that one holds only the paraphrased copy, which has no author or outlet: those
    columns are text with missing values, as in memory (that batch alone made them object columns of None)."""
    clean = ck.load_corpus(SEEDS, "metadata.csv").clean(RULES)
    stream = ck.open_corpus(SEEDS, "metadata.csv", rules=RULES, batch_mb=0.01)
    assert any(c.documents["author"].isna().all() for c in stream.corpora())
    assert_frame_equal(stream.sentence_sentiment(vader=False), ck.sentence_sentiment(clean, vader=False))
    assert_frame_equal(stream.sentences(), ck.sentences(clean))


@pytest.mark.parametrize("columns", [["g"], ["g", "h"]])
def test_merging_batch_counts_sums_only_shared_groups_and_equals_a_full_regrouping(columns):
    """Batches' count tables merged (the stream's fold) give what summing everything by key gives, whether
    groups are shared by several batches or held by one."""
    from corpuskit.stream import _merge_counts, _sum_by

    rng = np.random.default_rng(0)
    frames = []
    for b in range(6):
        groups = rng.choice(["a", "b", "c", "d", "e"][b % 3 : b % 3 + 3], size=40)
        f = pd.DataFrame({"g": groups, "h": rng.integers(0, 2, 40), "term": rng.choice(list("pqrstuvw"), 40)})
        f = f.drop_duplicates([*columns, "term"])[[*columns, "term"]]
        f["n"] = rng.integers(1, 5, len(f))
        f["doc_freq"] = 1
        frames.append(f.reset_index(drop=True))
    keys = [*columns, "term"]
    merged = _merge_counts(frames, keys).sort_values(keys).reset_index(drop=True)
    expected = _sum_by(pd.concat(frames, ignore_index=True), keys).sort_values(keys).reset_index(drop=True)
    assert_frame_equal(merged, expected)
    assert not merged.duplicated(keys).any()
    # groups held by one table each: taken as they are, in one concatenation
    alone = [frames[0][frames[0]["g"] == "a"], frames[1][frames[1]["g"] == "d"]]
    assert_frame_equal(_merge_counts(alone, keys), pd.concat(alone, ignore_index=True))


def test_a_file_that_changed_since_open_corpus_is_refused(tmp_path):
    folder = write_corpus(
        tmp_path / "c", {"a.txt": "One.", "b.txt": "Two."}, "id,file,date\na,a.txt,2001\nb,b.txt,2002\n"
    )
    stream = ck.open_corpus(folder)
    (folder / "b.txt").write_text("Two. And a word appended.", encoding="utf-8")
    with pytest.raises(
        ck.CorpusError, match=r"file 'b\.txt' in .* has changed since open_corpus .*\(4 bytes then, 25 now\)"
    ):
        stream.term_frequency()
    assert len(ck.open_corpus(folder).term_frequency()) == 6  # opened again: read as it is


def test_missing_and_empty_files_are_reported_when_the_stream_opens(tmp_path):
    """User 36: a run over 3,000 files stopped at batch 4 of 13 on a file that does not decode, and never said
    that two later files were missing or empty; the batches before were lost. A missing or an empty file is
    known from a stat: open_corpus now lists them all at once, in table order, before any batch is read."""
    files = {f"d{i}.txt": f"Text number {i}." for i in range(40)}
    files["d10.txt"] = b"caf\xe9"  # does not decode: found only by reading (validate())
    files["d25.txt"] = ""
    del files["d30.txt"]
    meta = "id,file,date\n" + "".join(f"d{i},d{i}.txt,2001\n" for i in range(40))
    folder = write_corpus(tmp_path / "c", files, meta)
    with pytest.raises(ck.CorpusValidationError) as err:
        ck.open_corpus(folder, "metadata.csv", batch_mb=1e-5)
    assert [type(e).__name__ for e in err.value.errors] == ["EmptyTextError", "MissingFileError"]
    assert "line 27 (id 'd25'): file 'd25.txt' is empty" in str(err.value)
    assert "line 32 (id 'd30'): file 'd30.txt' not found" in str(err.value)
    stream = ck.open_corpus(folder, "metadata.csv", batch_mb=1e-5, defer_errors=True)
    with pytest.raises(ck.CorpusValidationError) as err:
        stream.validate()  # reads every file: the one that does not decode too, each problem once
    assert [type(e).__name__ for e in err.value.errors] == ["EncodingError", "EmptyTextError", "MissingFileError"]


def test_sentiment_with_neutral_phrases_streamed_equals_in_memory(generated):
    corpus = ck.load_corpus(generated).clean()
    stream = open_corpus(generated, clean=True, batch_mb=0.005)
    assert stream.n_batches > 1
    neutral = ["U.S.", "NATO", "defense", "trust", "Kremlin officials"]  # the words are drawn one by one
    expected = ck.sentence_sentiment(corpus, neutral=neutral)
    assert expected["n_neutral"].sum() > 50
    assert_frame_equal(stream.sentence_sentiment(neutral=neutral), expected)
    assert_frame_equal(stream.sentence_sentiment(neutral=None), ck.sentence_sentiment(corpus))
    slim = stream.sentence_sentiment(neutral=neutral, columns=["polarity", "n_neutral"])
    assert_frame_equal(slim, expected[["doc_id", "polarity", "n_neutral"]])
    moments = stream.sentiment_moments("genre", value="vader", neutral=neutral)
    means = expected[expected["has_words"]].groupby("genre")["vader"].mean()
    assert np.allclose(moments.set_index("genre")["mean"], means, rtol=0, atol=1e-12)
    plain = stream.sentiment_moments("genre", value="vader")
    assert not np.allclose(plain["mean"], moments["mean"])  # the phrases did change the scores
    # a bad list is refused before any batch is read
    for call in (stream.sentence_sentiment, lambda **kw: stream.sentiment_moments("genre", **kw)):
        with pytest.raises(ck.ArgumentError, match=r"neutral: expected a list of phrases, got the string 'NATO'"):
            call(neutral="NATO")
