"""The one worker-process helper (corpuskit.parallel), used by counting and sentiment."""

import os

import pandas as pd

import corpuskit as ck
from corpuskit.parallel import balanced_ranges, map_slices


def _lengths_and_pid(texts, scale):
    return [len(t) * scale for t in texts], os.getpid()


def test_map_slices_returns_each_slice_in_order_from_other_processes():
    items = [f"text {i}" * (i % 7 + 1) for i in range(50)]
    ranges = balanced_ranges([len(t) for t in items], 3)
    results = map_slices(_lengths_and_pid, items, ranges, 2)
    assert [x for part, _ in results for x in part] == [len(t) * 2 for t in items]
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid() and os.getpid() not in pids[1:]  # this process takes the first slice


def test_balanced_ranges_cover_everything_once_by_weight():
    assert balanced_ranges([1, 1, 1, 1], 2) == [(0, 2), (2, 4)]
    assert balanced_ranges([10, 1, 1, 1], 2) == [(0, 1), (1, 4)]
    assert balanced_ranges([5], 4) == [(0, 1)]
    assert balanced_ranges([1] * 10, 3) == [(0, 4), (4, 7), (7, 10)]
    assert balanced_ranges([], 2) == []


def test_sentiment_in_two_processes_equals_one():
    texts = ["Good and very happy!", "A terrible, sad day.", "Nothing here.", "Not bad at all."] * 3
    one = ck.textblob_scores(texts, n_jobs=1)
    pd.testing.assert_frame_equal(ck.textblob_scores(texts, n_jobs=2), one)


def _square_and_pid(x):
    if x == "boom":
        raise ValueError("boom")
    return x * x, os.getpid()


def test_imap_ordered_yields_in_item_order_from_worker_processes():
    from corpuskit.parallel import imap_ordered

    results = list(imap_ordered(_square_and_pid, range(30), 2, max_pending=3))
    assert [r for r, _ in results] == [x * x for x in range(30)]
    assert os.getpid() not in {pid for _, pid in results}
    assert list(imap_ordered(_square_and_pid, range(4), 1)) == [(x * x, os.getpid()) for x in range(4)]


def test_imap_ordered_keeps_at_most_max_pending_items_in_flight():
    from corpuskit.parallel import imap_ordered

    pulled = []

    def items():
        for x in range(12):
            pulled.append(x)
            yield x

    for k, (result, _) in enumerate(imap_ordered(_square_and_pid, items(), 2, max_pending=3)):
        assert result == k * k
        assert len(pulled) <= k + 3  # items taken but not yet yielded: at most 3
    assert len(pulled) == 12


def test_imap_ordered_raises_a_worker_error_and_stops():
    import pytest

    from corpuskit.parallel import imap_ordered

    with pytest.raises(ValueError, match="boom"):
        list(imap_ordered(_square_and_pid, [1, 2, "boom", 4], 2))
