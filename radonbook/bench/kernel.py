"""Kernel-regime solvers: closed forms against CVXPY and against iterating.

1. At ``N = 100`` points (the paper's Experiment 1 data) and ``n = 4000`` ReLU neurons
   (orientations evenly on the circle, offsets uniform on ``[-sqrt 2, sqrt 2]``):
   :func:`radonbook.kernel.min_norm` against :func:`radonbook.kernel.fit_cvxpy` at the
   same training MSE ``1e-6``; claims: at least 20x faster, ``||c_closed - c_cvxpy|| /
   ||c_cvxpy|| <= 1e-4``.
2. Same problem: :func:`radonbook.kernel.gd_exact` for ``10^5`` plain gradient-descent
   steps against iterating them (a numpy loop, and the torch training
   :func:`radonbook.kernel.fit_gd` with ``optimizer="sgd"``); claims: at least 100x faster
   than the faster of the two loops, agreeing to ``1e-6`` relative.

Both closed forms cost one thin SVD of the ``100 x 4000`` feature matrix (tens of
milliseconds on one thread), whatever the training MSE or the number of steps.

The iterations take seconds each, so they are repeated ``min(repeats, 3)`` times.
"""

from __future__ import annotations

import numpy as np

from radonbook import kernel as K
from radonbook import reparam
from radonbook.bench import median_time


def _problem(N: int = 100, n: int = 4000, rng: int = 0) -> tuple[np.ndarray, np.ndarray]:
    x, y = K.cube_data(N, rng=rng)
    theta, r = K.uniform_zero_planes(n, 2, float(np.sqrt(2.0)), rng=rng)
    return reparam.features(x, theta, r, "relu"), y


def _iterate(Phi: np.ndarray, y: np.ndarray, lr: float, steps: int) -> np.ndarray:
    """Plain GD on L = ||Phi c - y||^2 / (2N)."""
    N = Phi.shape[0]
    c = np.zeros(Phi.shape[1])
    step = lr / N
    for _ in range(steps):
        c -= step * (Phi.T @ (Phi @ c - y))
    return c


def run(repeats: int = 5) -> list[str]:
    """Time the competitors side by side; return report lines (medians over repeats)."""
    Phi, y = _problem()
    N, n = Phi.shape
    mse = 1e-6
    lines = [f"ReLU features, N = {N} points, n = {n} neurons, {repeats} repeats (medians)"]

    t_closed, fit = median_time(lambda: K.min_norm(Phi, y, mse), repeats)
    c_closed = fit.c
    t_cvx, c_cvx = median_time(lambda: K.fit_cvxpy(Phi, y, mse), repeats)
    diff = np.linalg.norm(c_closed - c_cvx) / np.linalg.norm(c_cvx)
    ratio = t_cvx / t_closed
    lines += [
        f"min_norm(mse=1e-6)    : {t_closed * 1e3:9.2f} ms  (training MSE "
        f"{K.training_mse(Phi, c_closed, y):.4e})",
        f"fit_cvxpy(mse=1e-6)   : {t_cvx * 1e3:9.2f} ms  (training MSE "
        f"{K.training_mse(Phi, c_cvx, y):.4e})",
        f"  speed-up {ratio:.0f}x (claim >= 20x: {'OK' if ratio >= 20 else 'FAIL'}); "
        f"relative difference {diff:.2e} (claim <= 1e-4: {'OK' if diff <= 1e-4 else 'FAIL'})",
    ]

    steps = 100_000
    lr = 0.9 * N / np.linalg.eigvalsh(Phi @ Phi.T).max()  # stable step
    slow = min(repeats, 3)
    t_exact, c_exact = median_time(lambda: K.gd_exact(Phi, y, steps=steps, lr=lr), repeats)
    t_np, c_np = median_time(lambda: _iterate(Phi, y, lr, steps), slow)
    t_torch, gd = median_time(
        lambda: K.fit_gd(Phi, y, steps=steps, lr=lr, optimizer="sgd", progress=False), slow)
    c_torch = gd.c
    d_np = np.linalg.norm(c_exact - c_np) / np.linalg.norm(c_np)
    d_torch = np.linalg.norm(c_exact - c_torch) / np.linalg.norm(c_torch)
    ratio = min(t_np, t_torch) / t_exact
    ok = ratio >= 100 and max(d_np, d_torch) <= 1e-6
    lines += [
        f"gd_exact(10^5 steps)       : {t_exact * 1e3:9.2f} ms",
        f"numpy loop (10^5 steps)    : {t_np * 1e3:9.2f} ms  (rel. difference {d_np:.2e}, "
        f"{slow} repeats)",
        f"fit_gd sgd (10^5 steps)    : {t_torch * 1e3:9.2f} ms  (rel. difference {d_torch:.2e}, "
        f"{slow} repeats)",
        f"  speed-up over the faster loop {ratio:.0f}x (claim >= 100x, agreement <= 1e-6: "
        f"{'OK' if ok else 'FAIL'})",
    ]
    return lines
