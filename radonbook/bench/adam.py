"""Adam on many kernel-regime problems: ``fit_adam_batch`` against other ways to run them.

Two sizes of the book's Table II: the 16 activations of
``radonbook.activations.paper_activations()`` on 5 draws of
:func:`radonbook.kernel.kernel_problem`, 80 problems, trained with no stopping target
(so every variant does the same work) and learning rate ``1e-2``.

* Book size (``N = 20`` points, ``n = 400`` neurons, 200 steps):
  :func:`radonbook.kernel.fit_adam_batch` with its defaults against
  :func:`radonbook.kernel.fit_gd` (torch) on one problem after another. Claims:
  ``fit_adam_batch`` at least 5x faster, and the same weights to ``1e-10`` relative
  (the same update, rounding only; over thousands of steps Adam amplifies rounding, so
  200 steps).
* Paper size (``N = 100``, ``n = 4000``, 100 steps): the default (one problem at a time
  in numpy, in parallel processes) against one torch chunk holding all 80 problems
  (256 MB of features, read from memory at every step). Claim: the default at least
  1.5x faster, and the same weights to ``1e-10``.
"""

from __future__ import annotations

import numpy as np

from radonbook import activations
from radonbook import kernel as K
from radonbook.bench import median_time


def _problems(N: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    probs = [K.kernel_problem(a, N, n, rng=s)
             for a in activations.paper_activations() for s in range(5)]
    return np.stack([p.Phi for p in probs]), np.stack([p.y for p in probs])


def _diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(max(np.abs(x - y).max() / np.abs(y).max() for x, y in zip(a, b,
                                                                           strict=True)))


def run(repeats: int = 5) -> list[str]:
    """Time the variants side by side; return report lines (medians)."""
    lr, slow = 1e-2, min(repeats, 3)
    Phi, y = _problems(20, 400)
    P, N, n = Phi.shape
    steps = 200
    t_batch, batch = median_time(lambda: K.fit_adam_batch(Phi, y, steps=steps, lr=lr),
                                 repeats)
    t_loop, loop = median_time(
        lambda: [K.fit_gd(Phi[p], y[p], steps=steps, lr=lr).c for p in range(P)], slow)
    diff, ratio = _diff(batch.c, np.array(loop)), t_loop / t_batch
    ok = ratio >= 5 and diff <= 1e-10
    lines = [
        f"{P} problems, N = {N} points, n = {n} neurons, {steps} Adam steps each",
        f"fit_adam_batch ({batch.chunk} a chunk, {batch.workers} at once): "
        f"{t_batch * 1e3:9.1f} ms  ({repeats} repeats)",
        f"fit_gd, one after another: {t_loop * 1e3:9.1f} ms  ({slow} repeats)",
        f"  speed-up {ratio:.1f}x, largest relative difference {diff:.1e} "
        f"(claims >= 5x, <= 1e-10: {'OK' if ok else 'FAIL'})",
    ]
    Phi, y = _problems(100, 4000)
    P, N, n = Phi.shape
    steps = 100
    t_auto, auto = median_time(lambda: K.fit_adam_batch(Phi, y, steps=steps, lr=lr), slow)
    t_all, whole = median_time(
        lambda: K.fit_adam_batch(Phi, y, steps=steps, lr=lr, chunk=P, workers=1), slow)
    diff, ratio = _diff(auto.c, whole.c), t_all / t_auto
    ok = ratio >= 1.5 and diff <= 1e-10
    return lines + [
        f"{P} problems, N = {N} points, n = {n} neurons, {steps} Adam steps each",
        f"fit_adam_batch ({auto.chunk} a chunk, {auto.workers} at once): "
        f"{t_auto * 1e3:9.1f} ms  ({slow} repeats)",
        f"fit_adam_batch (all {P} in one chunk): {t_all * 1e3:9.1f} ms  ({slow} repeats)",
        f"  speed-up {ratio:.1f}x, largest relative difference {diff:.1e} "
        f"(claims >= 1.5x, <= 1e-10: {'OK' if ok else 'FAIL'})",
    ]
