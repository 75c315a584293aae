"""Threads or processes for independent numpy work (private): one BLAS thread each, one
per core."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
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


def _one_blas_thread() -> None:
    """Worker-process initialiser: one BLAS thread for the rest of the process."""
    import numpy  # noqa: F401  (threadpoolctl limits the BLAS libraries already loaded)
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def process_map(fn: Callable[[Any], Any], items: Sequence[Any], workers: int | None = None
                ) -> list[Any]:
    """``[fn(item) for item in items]`` in ``workers`` fresh processes (default: one per
    core), each with one BLAS thread, in order.

    For loops of many small numpy operations, which hold the GIL between them, so that
    threads cannot run them side by side. ``fn`` must be a module-level function of a
    module that imports quickly (the processes are spawned, and import it afresh);
    ``items`` and the results are pickled.
    """
    workers = cpu_cores() if workers is None else workers
    if workers == 1 or len(items) < 2:
        return [fn(item) for item in items]
    with ProcessPoolExecutor(min(workers, len(items)),
                             mp_context=multiprocessing.get_context("spawn"),
                             initializer=_one_blas_thread) as pool:
        return list(pool.map(fn, items))
