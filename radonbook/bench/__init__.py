"""Speed comparisons, run as ``python -m radonbook.bench NAME [--repeats R]``.

Each benchmark module ``radonbook.bench.<NAME>`` exposes ``run(repeats) -> list[str]``
and measures the competitors side by side in one process; ratios are medians over
``repeats`` runs. Speed claims of the book live here, never in timed unit tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

BENCHMARKS = ("radon", "kernel", "adam")


def median_time(fn: Callable[[], Any], repeats: int = 5) -> tuple[float, Any]:
    """Median wall time of ``fn()`` over ``repeats`` calls, and the last result.

    Parameters
    ----------
    fn : callable with no arguments
    repeats : int, at least 1

    Returns
    -------
    (seconds, result)
    """
    if not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats must be a positive integer, got {repeats!r}")
    times = []
    result = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2], result
