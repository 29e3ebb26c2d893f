"""Worker processes for the measures that are slow on large corpora (counting, sentiment).

Two helpers, both returning results in input order, so that a measure computed in parallel is
identical to the same measure computed in one process:

- :func:`map_slices` runs a function on contiguous slices of a list in worker processes. On
  platforms that can fork, workers inherit the list (nothing is pickled but the slice bounds and
  the results) and this process computes the first slice itself while the workers compute the
  others; elsewhere the slices are sent to spawned workers.
- :func:`imap_ordered` runs a function on each item of a sequence in a pool of worker processes
  that lives as long as the iteration, with a bounded number of items in flight (for streaming
  batches: memory stays that of a few batches, whatever their number).
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing as mp
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

import numpy as np

__all__ = ["auto_jobs", "balanced_ranges", "imap_ordered", "map_slices"]

T = TypeVar("T")

# The list handed to forked workers by inheritance rather than by pickling (set only around a pool).
_SHARED: Sequence[Any] = []


def _die_with_parent() -> None:
    """Worker initializer: SIGTERM ends the worker (a forked worker inherits the handler of its parent, which
    the command line sets to end the run in order); and on Linux, the kernel sends the worker SIGTERM when
    the process that started it dies, however it dies (``kill -9`` included), so that no worker outlives
    its run."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no libc with prctl
            pass


def _pool(n_jobs: int, method: str) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=n_jobs, mp_context=mp.get_context(method), initializer=_die_with_parent)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers at once (an interrupted, terminated or failed run): a running task is not waited for."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


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
            pool = _pool(len(ranges) - 1, "fork")
            try:
                futures = [pool.submit(_run_shared, func, a, b, args) for a, b in ranges[1:]]
                (a, b) = ranges[0]
                results = [func(items[a:b], *args)]
                results += [f.result() for f in futures]
            except BaseException:
                _stop(pool)
                raise
            pool.shutdown(wait=True)
        finally:
            _SHARED = []
        return results
    pool = _pool(len(ranges), "spawn")  # pragma: no cover
    try:  # pragma: no cover
        futures = [pool.submit(func, items[a:b], *args) for a, b in ranges]
        results = [f.result() for f in futures]
    except BaseException:  # pragma: no cover
        _stop(pool)
        raise
    pool.shutdown(wait=True)  # pragma: no cover
    return results  # pragma: no cover


def imap_ordered(
    func: Callable[[Any], T], items: Iterable[Any], n_jobs: int, *, max_pending: int | None = None
) -> Iterator[T]:
    """``func(item)`` for each item, computed in ``n_jobs`` worker processes, yielded in item order.

    One :class:`~concurrent.futures.ProcessPoolExecutor` serves the whole iteration (forked
    workers where the platform can fork, spawned ones elsewhere; ``func`` and the items are
    pickled to them, results pickled back). At most ``max_pending`` items (default
    ``2 * n_jobs``) are submitted and not yet yielded, so memory holds a few items and results,
    not all of them. With ``n_jobs`` 1 everything runs in this process. If the consumer stops
    early, a call raises or the run is interrupted, the workers are stopped at once (a running
    task is not waited for); a worker also ends when this process dies (on Linux).

    Examples
    --------
    >>> from corpuskit.parallel import imap_ordered
    >>> list(imap_ordered(abs, [-3, 1, -2, 5], 2))
    [3, 1, 2, 5]
    """
    if n_jobs <= 1:
        yield from map(func, items)
        return
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    limit = max(1, max_pending if max_pending is not None else 2 * n_jobs)
    pool = _pool(n_jobs, method)
    pending: collections.deque[Future] = collections.deque()
    try:
        for item in items:
            pending.append(pool.submit(func, item))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:  # a failed batch, an interrupt, a termination, or the consumer stopping early
        _stop(pool)
        raise
    pool.shutdown(wait=True)
