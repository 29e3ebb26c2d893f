"""Worker processes for the measures that are slow on large corpora (counting, sentiment).

One helper, :func:`map_slices`, runs a function on contiguous slices of a list in worker
processes and returns the results in slice order, so that a measure computed in parallel is
identical to the same measure computed in one process. On platforms that can fork, workers
inherit the list (nothing is pickled but the slice bounds and the results) and this process
computes the first slice itself while the workers compute the others; elsewhere the slices are
sent to spawned workers.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

import numpy as np

__all__ = ["auto_jobs", "balanced_ranges", "map_slices"]

T = TypeVar("T")

# The list handed to forked workers by inheritance rather than by pickling (set only around a pool).
_SHARED: Sequence[Any] = []


def auto_jobs() -> int:
    """Processes to use when a measure decides the corpus is large enough: two, or one CPU's worth.

    Examples
    --------
    >>> from corpuskit.parallel import auto_jobs
    >>> 1 <= auto_jobs() <= 2
    True
    """
    return min(2, os.cpu_count() or 1)


def balanced_ranges(weights: Sequence[int], n_jobs: int) -> list[tuple[int, int]]:
    """Cut ``range(len(weights))`` into at most ``n_jobs`` contiguous, non-empty slices of about equal weight.

    Slice ``k`` ends with the first item at which the cumulative weight reaches ``(k + 1) / n_jobs``
    of the total (so a single heavy item is a slice of its own).

    Examples
    --------
    >>> from corpuskit.parallel import balanced_ranges
    >>> balanced_ranges([10, 10, 10, 10], 2)
    [(0, 2), (2, 4)]
    >>> balanced_ranges([100, 1, 1, 1], 2)
    [(0, 1), (1, 4)]
    """
    if len(weights) == 0:
        return []
    sizes = np.cumsum(np.asarray(weights, dtype=np.int64))
    inner = np.searchsorted(sizes, sizes[-1] * np.arange(1, n_jobs) / n_jobs) + 1
    cuts = [0, *inner.tolist(), len(weights)]
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _run_shared(func: Callable[..., T], a: int, b: int, args: tuple) -> T:
    return func(_SHARED[a:b], *args)


def map_slices(func: Callable[..., T], items: Sequence[Any], ranges: Sequence[tuple[int, int]], *args: Any) -> list[T]:
    """``[func(items[a:b], *args) for a, b in ranges]``, one worker process per slice.

    ``func`` must be a module-level function (spawned workers import it by name). With one
    slice (or none) everything runs in this process.

    Examples
    --------
    >>> from corpuskit.parallel import map_slices
    >>> map_slices(sum, list(range(10)), [(0, 5), (5, 10)])
    [10, 35]
    """
    if len(ranges) <= 1:
        return [func(items[a:b], *args) for a, b in ranges]
    if "fork" in mp.get_all_start_methods():  # children inherit the items: nothing to pickle
        global _SHARED
        _SHARED = items
        try:
            with ProcessPoolExecutor(max_workers=len(ranges) - 1, mp_context=mp.get_context("fork")) as pool:
                futures = [pool.submit(_run_shared, func, a, b, args) for a, b in ranges[1:]]
                (a, b) = ranges[0]
                results = [func(items[a:b], *args)]
                results += [f.result() for f in futures]
        finally:
            _SHARED = []
        return results
    with ProcessPoolExecutor(max_workers=len(ranges), mp_context=mp.get_context("spawn")) as pool:  # pragma: no cover
        futures = [pool.submit(func, items[a:b], *args) for a, b in ranges]
        return [f.result() for f in futures]
