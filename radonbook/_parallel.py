"""Threads for independent numpy work (private): one BLAS thread each, one per core."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def cpu_cores() -> int:
    """The CPU cores this process may use (all of them where the OS cannot say)."""
    if hasattr(os, "sched_getaffinity"):  # Linux
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def thread_map(fn: Callable[[Any], Any], items: Sequence[Any], workers: int | None = None
               ) -> list[Any]:
    """``[fn(item) for item in items]`` on ``workers`` threads (default: one per core),
    each with one BLAS thread, in order.

    numpy releases the GIL in BLAS/LAPACK calls and in elementwise functions on large
    arrays, so independent SVDs and feature evaluations run side by side; one BLAS
    thread per worker keeps the cores from being oversubscribed (and, for the SVDs of the
    book's sizes, two single-threaded SVDs side by side beat two threads on one).
    """
    workers = cpu_cores() if workers is None else workers
    if workers == 1 or len(items) < 2:
        return [fn(item) for item in items]
    from threadpoolctl import threadpool_limits  # comes with scikit-learn

    with threadpool_limits(1), ThreadPoolExecutor(min(workers, len(items))) as pool:
        return list(pool.map(fn, items))
