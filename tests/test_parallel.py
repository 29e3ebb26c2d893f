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
