"""Adam on one kernel-regime problem, in numpy (private; used by ``kernel.fit_adam_batch``).

This module imports numpy alone, so the worker processes that run it start in a fraction
of a second (the package's torch-based modules take seconds to import).
"""

from __future__ import annotations

import math
import time

import numpy as np

#: Adam's defaults (those of ``torch.optim.Adam``)
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def adam_one(task: tuple[np.ndarray, np.ndarray, float, float, int]
             ) -> tuple[np.ndarray, float, int, float]:
    """Full-batch Adam on ``L(c) = ||Phi c - y||^2 / (2N)`` from ``c = 0`` (appendix §A.3).

    ``task = (Phi (N, n), y (N,), lr, target, steps)``. Step ``t = 1, 2, ...``:
    ``g = Phi^T (Phi c - y) / N``, ``m <- b1 m + (1 - b1) g``,
    ``v <- b2 v + (1 - b2) g^2``,
    ``c <- c - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)``; it stops before step
    ``t`` once the training MSE ``||Phi c - y||^2 / N`` is at most ``target``, or after
    ``steps`` steps. Returns ``(c, final MSE, steps taken, wall seconds)``.

    Two matrix-vector products and a few in-place vector operations a step: one problem's
    features stay in the cache, and no per-operation dispatch cost of a tensor library
    is paid (the validation is :func:`radonbook.kernel.fit_adam_batch`'s).
    """
    Phi, y, lr, target, steps = task
    t0 = time.perf_counter()
    Phi = np.ascontiguousarray(Phi, dtype=float)
    N, n = Phi.shape
    c, m, v = np.zeros(n), np.zeros(n), np.zeros(n)
    g, tmp, r = np.empty(n), np.empty(n), np.empty(N)
    for t in range(1, steps + 2):
        np.matmul(Phi, c, out=r)
        r -= y
        mse = float(r @ r) / N
        if mse <= target or t > steps:
            break
        np.matmul(r, Phi, out=g)
        g /= N
        m *= BETA1
        m += (1 - BETA1) * g
        v *= BETA2
        np.multiply(g, g, out=tmp)
        tmp *= 1 - BETA2
        v += tmp
        np.sqrt(v, out=tmp)
        tmp /= math.sqrt(1 - BETA2**t)
        tmp += EPS
        np.divide(m, tmp, out=tmp)
        tmp *= lr / (1 - BETA1**t)
        c -= tmp
    return c, mse, t - 1, time.perf_counter() - t0
