"""Every measure on a two-worker Dask cluster (loopback, separate processes) equals the in-memory one."""

from __future__ import annotations

import warnings

import pytest
from conftest import RULES, SEEDS
from pandas.testing import assert_frame_equal
from test_stream import ACTORS, EVENTS, OVERRIDES, SMALL_BATCH_MB, generated_corpus, not_nfc_corpus

import corpuskit as ck
from corpuskit.stream import open_corpus

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module", params=["seeds", "generated"])
def case(request, tmp_path_factory):
    """(in-memory corpus, stream) for the seeds with their rules, and for a generated corpus."""
    if request.param == "seeds":
        return ck.load_corpus(SEEDS).clean(RULES), open_corpus(SEEDS, rules=RULES, batch_mb=SMALL_BATCH_MB)
    folder = generated_corpus(tmp_path_factory.mktemp("generated") / "corpus", n_docs=30)
    return ck.load_corpus(folder).clean(), open_corpus(folder, clean=True, batch_mb=0.002)


def test_work_is_spread_over_both_workers(client, case):
    _, stream = case
    assert stream.n_batches >= 3
    before = {w: len(ts) for w, ts in client.run(lambda dask_worker: dask_worker.state.log).items()}
    stream.sentences(client=client)
    after = {w: len(ts) for w, ts in client.run(lambda dask_worker: dask_worker.state.log).items()}
    assert len(after) == 2 and all(after[w] > before.get(w, 0) for w in after)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"by": None},
        {"by": "genre", "ngram": 2, "stopwords": True, "min_count": 2},
        {"by": ["date"], "lower": False},
    ],
)
def test_term_frequency_on_dask_equals_in_memory(client, case, options):
    corpus, stream = case
    assert_frame_equal(stream.term_frequency(client=client, **options), ck.term_frequency(corpus, **options))


def test_tf_idf_and_keyness_on_dask_equal_in_memory(client, case):
    corpus, stream = case
    assert_frame_equal(stream.tf_idf(norm="l2", client=client), ck.tf_idf(corpus, norm="l2"))
    target = corpus.doc_ids[1]
    assert_frame_equal(stream.keyness(target, client=client), ck.keyness(corpus, target))


def test_sentiment_on_dask_equals_in_memory(client, case):
    corpus, stream = case
    scored = stream.sentence_sentiment(client=client)
    assert_frame_equal(scored, ck.sentence_sentiment(corpus))
    expected = ck.summarise_sentiment(ck.sentence_sentiment(corpus), "genre", n_boot=200)
    assert_frame_equal(ck.summarise_sentiment(scored, "genre", n_boot=200), expected)
    moments = stream.sentiment_moments("genre", client=client)
    assert_frame_equal(moments[["genre", "n", "n_docs"]], expected[["genre", "n", "n_docs"]])
    assert moments["mean"].to_numpy() == pytest.approx(expected["mean"].to_numpy(), abs=1e-12)


def test_time_actors_cooccurrence_and_events_on_dask_equal_in_memory(client, case):
    corpus, stream = case
    overrides = OVERRIDES if "kuzio2001" in corpus.doc_ids else None
    refs = ck.time_references(corpus, overrides=overrides)
    assert_frame_equal(stream.time_references(overrides=overrides, client=client), refs)
    mentions = ck.actor_mentions(corpus, ACTORS)
    assert_frame_equal(stream.actor_mentions(ACTORS, client=client), mentions)
    for unit in ("sentence", "window"):
        assert_frame_equal(
            stream.cooccurrence(ACTORS, unit=unit, client=client),
            ck.network.cooccurrence(mentions, item="actor", unit=unit, corpus=corpus),
        )
    got = stream.event_mentions(EVENTS, overrides=overrides, client=client)
    assert_frame_equal(got, ck.event_mentions(corpus, EVENTS, references=refs))


def test_validate_on_dask_collects_every_error(client, tmp_path):
    from conftest import write_corpus

    folder = write_corpus(
        tmp_path / "c",
        {"a.txt": b"\xff", "b.txt": "Fine.", "c.txt": "Also fine."},
        "id,file,date\na,a.txt,2001\nb,b.txt,2002-13\nc,c.txt,2003\n",
    )
    with pytest.raises(ck.CorpusValidationError) as info:
        open_corpus(folder, batch_mb=1e-6, defer_errors=True).validate(client=client)
    assert [type(e).__name__ for e in info.value.errors] == ["EncodingError", "DateError"]


def test_a_workers_warnings_reach_the_client_once(client, tmp_path):
    stream = ck.open_corpus(not_nfc_corpus(tmp_path), batch_mb=1e-6)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        stream.term_frequency(client=client)
    nfc = [str(w.message)[:20] for w in seen if issubclass(w.category, ck.UnicodeFormWarning)]
    assert nfc == ["2 of 3 texts are not"]  # once, with the stream's count (a worker printed each batch's)
