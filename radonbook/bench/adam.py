"""Adam on many kernel-regime problems: one batch against one problem at a time.

The 80 problems of the book's Table II (the 16 activations of
``radonbook.activations.paper_activations()`` on 5 draws of
:func:`radonbook.kernel.kernel_problem`, ``N = 20`` points, ``n = 400`` neurons) train
for 200 Adam steps each (learning rate ``1e-2``, no stopping target, so both do the same
work): :func:`radonbook.kernel.fit_adam_batch` on all of them at once against
:func:`radonbook.kernel.fit_gd` on one problem after another. Claims: the batch at least
5x faster, and the same weights to ``1e-10`` relative (the same update, rounding only;
over thousands of steps Adam amplifies rounding, so the comparison uses 200).
"""

from __future__ import annotations

import numpy as np

from radonbook import activations
from radonbook import kernel as K
from radonbook.bench import median_time


def run(repeats: int = 5) -> list[str]:
    """Time the batch and the loop side by side; return report lines (medians)."""
    steps, lr = 200, 1e-2
    probs = [K.kernel_problem(a, 20, 400, rng=s)
             for a in activations.paper_activations() for s in range(5)]
    Phi = np.stack([p.Phi for p in probs])
    y = np.stack([p.y for p in probs])
    P, N, n = Phi.shape
    slow = min(repeats, 3)
    t_batch, batch = median_time(lambda: K.fit_adam_batch(Phi, y, steps=steps, lr=lr),
                                 repeats)
    t_loop, loop = median_time(
        lambda: [K.fit_gd(Phi[p], y[p], steps=steps, lr=lr).c for p in range(P)], slow)
    diff = max(np.abs(batch.c[p] - c).max() / np.abs(c).max() for p, c in enumerate(loop))
    ratio = t_loop / t_batch
    ok = ratio >= 5 and diff <= 1e-10
    return [
        f"{P} problems, N = {N} points, n = {n} neurons, {steps} Adam steps each",
        f"fit_adam_batch (all at once): {t_batch * 1e3:9.1f} ms  ({repeats} repeats)",
        f"fit_gd, one after another   : {t_loop * 1e3:9.1f} ms  ({slow} repeats)",
        f"  speed-up {ratio:.1f}x, largest relative difference {diff:.1e} "
        f"(claims >= 5x, <= 1e-10: {'OK' if ok else 'FAIL'})",
    ]
