"""Kernel regime: only the output weights train, and what gradient descent converges to.

Implements appendix §A.3 (kernel regime, paper section III, eqs. 4-6) and the paper's
Experiment 1 (section V-A, Table II). With the zero-planes ``(theta_i, r_i)`` and scales
``alpha_i`` frozen, the network ``f(x) = sum_i c_i sigma_alpha_i(theta_i . x - r_i)`` is linear
in ``c``: ``f(X) = Phi c`` with the feature matrix of :func:`radonbook.reparam.features`.
Training uses the loss ``L(c) = ||Phi c - y||^2 / (2N)``; a reported *training MSE* is
``||Phi c - y||^2 / N = 2L``. Then

* gradient descent from ``c(0) = 0`` converges to the minimum-norm interpolant
  ``c = Phi^+ y = Phi^T (Phi Phi^T)^{-1} y`` (paper eq. 4): :func:`min_norm` with ``mse=0``;
* stopped early at training MSE ``eps``, the paper's convex relaxation
  ``min ||c||^2  s.t. ||Phi c - y||^2 / N <= eps`` (solved with CVXPY in the paper,
  :func:`fit_cvxpy`) is a ridge solution whose ``lambda`` follows from a 1-D root find on
  the singular values of ``Phi``: :func:`min_norm` with ``mse=eps``;
* plain gradient descent is a linear iteration with a closed form after any number of steps
  (:func:`gd_exact`, from the same singular value decomposition), while :func:`fit_gd`
  really trains (:func:`radonbook.training.train`, Adam or SGD).

:func:`relative_error` is the paper's Table II measure; :func:`experiment1` runs the paper's
Experiment 1 (:func:`kernel_problem` draws one problem; the paper's activations, with the
book's choices where the paper's parameters are lost, are
``radonbook.activations.paper_activations()``), training Adam on all problems at once
(:func:`fit_adam_batch`).
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.spatial import Delaunay

from radonbook import _adam, activations, quadrature, reparam, validate
from radonbook._parallel import cpu_cores, process_map, thread_map

__all__ = [
    "AdamBatch",
    "GDFit",
    "GDPath",
    "GDStop",
    "Experiment1",
    "KernelProblem",
    "KernelTrial",
    "MinNormFit",
    "adam_lr",
    "convex_hull_mask",
    "cube_data",
    "fit_adam_batch",
    "fit_cvxpy",
    "fit_gd",
    "gd_exact",
    "gd_path",
    "gd_stop",
    "experiment1",
    "kernel_problem",
    "min_norm",
    "relative_error",
    "training_mse",
    "uniform_zero_planes",
]

UNREACHABLE = ("raise", "floor")
#: the largest step budget :func:`fit_adam_batch` accepts (a budget, not a hang)
MAX_ADAM_STEPS = 10**8

# --------------------------------------------------------------------------- validation

def _as_matrix(a: Any, name: str) -> np.ndarray:
    return validate.array(a, name, ndim=2, min_size=1)


def _as_vector(a: Any, name: str, length: int | None = None) -> np.ndarray:
    arr = validate.array(a, name, finite=False)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array, got shape {arr.shape}")
    if length is not None and arr.shape[0] != length:
        raise ValueError(f"{name} must have length {length}, got {arr.shape[0]}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite values")
    return arr


def _check_phi_y(Phi: Any, y: Any, multi: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``Phi`` (N, n) and ``y`` (N,) (or (N, m) when ``multi``), finite."""
    Phi = _as_matrix(Phi, "Phi")
    arr = validate.array(y, "y", finite=False)
    if arr.ndim not in ((1, 2) if multi else (1,)) or arr.shape[0] != Phi.shape[0] \
            or (arr.ndim == 2 and arr.shape[1] == 0):
        want = f"({Phi.shape[0]},)" + (f" or ({Phi.shape[0]}, m)" if multi else "")
        raise ValueError(f"y must have shape {want} (one entry per row of Phi), got "
                         f"shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("y must contain only finite values")
    return Phi, arr


# --------------------------------------------------------------------------- data

def uniform_zero_planes(n: int, d: int, radius: float, *, rng: validate.RNGLike = 0
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Zero-planes for the kernel regime, as in the paper's Experiment 1.

    For ``d = 2`` the orientations are evenly spread on the circle,
    ``theta_i = (cos phi_i, sin phi_i)``, ``phi_i = 2 pi i / n`` (deterministic); for
    ``d = 1`` they are ``+-1`` with equal probability; for ``d >= 3`` uniform random on
    ``S^{d-1}`` (normalised Gaussians). Offsets are ``r_i ~ Uniform[-radius, radius]``.

    Parameters
    ----------
    n : number of neurons (positive int).
    d : input dimension (positive int).
    radius : half-width of the offset range (positive).
    rng : ``numpy.random.Generator``, int seed or None (SPEC 7; default 0).

    Returns
    -------
    theta : (n, d), r : (n,)
    """
    n = validate.count(n, "n", minimum=1)
    d = validate.count(d, "d", minimum=1)
    radius = validate.real(radius, "radius", positive=True)
    gen = validate.rng(rng)
    validate.check_memory(float(n) * (d + 1), "n (times d)")
    if d == 2:
        phi = 2 * np.pi * np.arange(n) / n
        theta = np.stack([np.cos(phi), np.sin(phi)], axis=1)
    elif d == 1:
        theta = np.where(gen.random(n) < 0.5, -1.0, 1.0)[:, None]
    else:
        g = gen.standard_normal((n, d))
        theta = g / np.linalg.norm(g, axis=1, keepdims=True)
    r = gen.uniform(-radius, radius, size=n)
    return theta, r


def cube_data(n_points: int, *, rng: validate.RNGLike = 0, d: int = 2
              ) -> tuple[np.ndarray, np.ndarray]:
    """The paper's Experiment 1 data: points uniform in the cube ``[-1, 1]^{d+1}``; the
    inputs are the first ``d`` coordinates, the target is the last one (independent of
    the inputs).

    Parameters
    ----------
    n_points : number of points (positive int).
    rng : ``numpy.random.Generator``, int seed or None (SPEC 7; default 0).
    d : input dimension (positive int; the paper's ``d = 2``).

    Returns
    -------
    x : (n_points, d), y : (n_points,)
    """
    n_points = validate.count(n_points, "n_points", minimum=1)
    d = validate.count(d, "d", minimum=1)
    validate.check_memory(float(n_points) * (d + 1), "n_points")
    pts = validate.rng(rng).uniform(-1.0, 1.0, size=(n_points, d + 1))
    return pts[:, :-1], pts[:, -1]


# --------------------------------------------------------------------------- exact solvers

def training_mse(Phi: Any, c: Any, y: Any) -> float:
    """Training mean squared error ``||Phi c - y||^2 / N`` (``= 2L``)."""
    Phi, y = _check_phi_y(Phi, y)
    c = _as_vector(c, "c", Phi.shape[1])
    return float(np.mean((Phi @ c - y) ** 2))


def _svd(Phi: np.ndarray, rcond: float
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Thin SVD ``Phi = U diag(s) V^T`` truncated to ``s_k > rcond * s_max`` (all
    ``s_k > 0`` for ``rcond = 0``); returns ``U, s, V^T, s_max``.

    A matrix at least twice as wide as tall is first reduced by a QR factorisation of its
    transpose (both steps backward stable, as is LAPACK's own thin SVD), a tall one by a QR
    factorisation of itself."""
    validate.check_memory(3.0 * Phi.shape[0] * Phi.shape[1], "Phi (N x n entries)")
    N, n = Phi.shape
    if n >= 2 * N:  # wide: Phi = L Q^T (QR of Phi^T), then the SVD of the N x N factor L;
        Q, L = np.linalg.qr(Phi.T)  # about 25 % faster than one thin SVD of Phi at
        U, s, Wt = np.linalg.svd(L.T)  # Table III's sizes (256 x 1000, 1024 x 3000)
        Vt = Wt @ Q.T
    elif N >= 2 * n:  # tall: the same with Phi = Q R
        Q, R = np.linalg.qr(Phi)
        Ur, s, Vt = np.linalg.svd(R)
        U = Q @ Ur
    else:
        U, s, Vt = np.linalg.svd(Phi, full_matrices=False)
    smax = float(s[0]) if s.size else 0.0
    keep = s > rcond * smax
    return U[:, keep], s[keep], Vt[keep], smax


def _ridge_lambda(s: np.ndarray, Z: np.ndarray, floor: np.ndarray, N: int, mse: float,
                  lam_lo: float) -> np.ndarray:
    """``lambda`` with ``MSE(lambda) = mse`` for every column of ``Z = U^T Y`` at once.

    ``MSE(lambda) = (sum_k (lambda z_k / (s_k^2 + lambda))^2) / N + floor`` increases in
    ``lambda``; the root of ``log MSE(lambda) - log mse`` is bracketed in ``log lambda``
    between ``log lam_lo`` (where ``MSE < mse``) and ``log s_max^2`` (raised by factors
    of 1e3 while ``MSE < mse`` there) and found by Newton's method in ``u = log lambda``
    (``dMSE/du = (2/N) sum_k lambda^2 mu_k z_k^2 / (mu_k + lambda)^3``), safeguarded by
    bisection of the bracket, vectorised over columns, to the resolution of ``float64``.
    """
    mu = (s**2)[:, None]

    def g(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lam = np.exp(u)[None, :]
        q = lam / (mu + lam)
        val = np.sum((q * Z) ** 2, axis=0) / N + floor
        slope = 2.0 * np.sum(q**2 * (mu / (mu + lam)) * Z**2, axis=0) / N
        return np.log(val) - np.log(mse), slope / val

    m = Z.shape[1]
    lo = np.full(m, np.log(lam_lo))
    hi = np.full(m, np.log(float(mu.max())) if mu.size else 0.0)
    for _ in range(200):  # bracket: MSE(hi) >= mse
        low = g(hi)[0] < 0
        if not low.any():
            break
        hi = np.where(low, hi + np.log(1e3), hi)
    u = 0.5 * (lo + hi)
    tol = 4 * np.finfo(float).eps
    for _ in range(300):
        val, slope = g(u)
        below = val < 0
        lo, hi = np.where(below, u, lo), np.where(below, hi, u)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = u - val / slope
        inside = np.isfinite(step) & (step > lo) & (step < hi)
        new = np.where(inside, step, 0.5 * (lo + hi))
        done = (np.abs(new - u) <= tol * np.maximum(1.0, np.abs(u))) | (val == 0) \
            | (hi - lo <= tol * np.maximum(1.0, np.abs(hi)))
        u = np.where(done, u, new)
        if done.all():
            break
    return np.exp(u)


@dataclass(frozen=True)
class MinNormFit:
    """Result of :func:`min_norm`.

    Attributes
    ----------
    c : (n,) or (n, m) output weights (one column per target).
    train_mse : float or (m,), ``||Phi c - y||^2 / N``.
    reached : bool or (m,), whether the fit reached ``mse`` (for ``mse = 0``: interpolates
        to ``1e-8`` relative residual); ``False`` only with ``unreachable="floor"``.
    lam : float or (m,), the ridge parameter ``lambda`` (0 for the truncated
        pseudo-inverse, ``inf`` for ``c = 0``).
    """

    c: np.ndarray
    train_mse: float | np.ndarray
    reached: bool | np.ndarray
    lam: float | np.ndarray


def min_norm(Phi: Any, y: Any, mse: float = 0.0, *, unreachable: str = "raise",
             rcond: float | None = None) -> MinNormFit:
    """The minimum-norm kernel-regime fit (paper eq. 4 and its early-stopped relaxation).

    Solves, for ``y`` (or each column of ``y``),

    ``min ||c||^2  subject to  ||Phi c - y||^2 / N <= mse``

    from one thin SVD ``Phi = U diag(s) V^T``, truncated to the singular values
    ``s_k > rcond * s_max`` (the numerically meaningful ones, as in
    ``numpy.linalg.lstsq``/``pinv``), with ``z = U^T y`` (appendix §A.3):

    * ``mse = 0``: the minimum-norm interpolant ``c = Phi^+ y = V diag(1/s) z``
      (``= Phi^T (Phi Phi^T)^{-1} y`` for full row rank), the limit of gradient descent
      from ``c = 0``;
    * ``mse > 0``: the ridge solution ``c_lambda = V diag(s / (s^2 + lambda)) z
      = Phi^T (Phi Phi^T + lambda I)^{-1} y`` at the ``lambda`` where the constraint is
      tight, the root of
      ``MSE(lambda) = (1/N) (sum_k (lambda z_k / (s_k^2 + lambda))^2 + ||y - U z||^2)``
      (increasing in ``lambda``; found in ``log lambda``); ``c = 0`` (``lambda = inf``)
      when ``mse >= ||y||^2 / N``.

    Working with singular values rather than the eigenvalues of ``Phi Phi^T`` resolves
    directions down to ``rcond * s_max`` instead of ``sqrt(eps) * s_max``, which matters
    for smooth activations whose spectra decay exponentially. ``mse`` is *unreachable*
    when it lies below the floor ``||y - U z||^2 / N`` (the truncated least-squares fit),
    or, for ``mse = 0``, when that fit leaves a relative residual above ``1e-8``.

    Parameters
    ----------
    Phi : (N, n) feature matrix.
    y : (N,) or (N, m) targets.
    mse : target training MSE (>= 0; default 0, the interpolant).
    unreachable : ``"raise"`` (a ``ValueError`` naming ``mse``) or ``"floor"`` (return the
        truncated least-squares fit, ``reached=False``).
    rcond : relative singular-value cut-off in ``[0, 1)``; default ``max(N, n) * eps``.

    Returns
    -------
    MinNormFit
        ``c`` (n,) or (n, m); ``train_mse``, ``reached``, ``lam`` scalars or (m,).
    """
    Phi, Y = _check_phi_y(Phi, y, multi=True)
    mse = validate.real(mse, "mse", nonnegative=True)
    validate.choice(unreachable, "unreachable", UNREACHABLE)
    N, n = Phi.shape
    if rcond is None:
        rcond = max(N, n) * np.finfo(float).eps
    rcond = validate.real(rcond, "rcond", nonnegative=True)
    if rcond >= 1:
        raise ValueError(f"rcond must lie in [0, 1), got {rcond}")
    single = Y.ndim == 1
    Y = Y[:, None] if single else Y
    U, s, Vt, smax = _svd(Phi, rcond)
    Z = U.T @ Y
    floor = np.sum((Y - U @ Z) ** 2, axis=0) / N  # the truncated least-squares fit
    top = np.sum(Y**2, axis=0) / N  # the MSE of c = 0
    m = Y.shape[1]
    lam = np.zeros(m)
    if mse == 0:
        reached = floor <= 1e-16 * top
    else:
        zero = mse >= top
        lam[zero] = np.inf
        reached = zero | (floor <= mse)
        todo = ~zero & reached
        if todo.any():
            lam_lo = (1e-4 * max(rcond, np.finfo(float).eps) * smax) ** 2
            at_lo = np.sum((lam_lo / (s[:, None] ** 2 + lam_lo) * Z[:, todo]) ** 2,
                           axis=0) / N + floor[todo]
            # mse within rounding of the floor: the least-squares end of the path
            sol = np.full(int(todo.sum()), lam_lo)
            need = at_lo < mse
            if need.any():
                idx = np.flatnonzero(todo)[need]
                sol[need] = _ridge_lambda(s, Z[:, idx], floor[idx], N, mse, lam_lo)
            lam[todo] = sol
    # s / (s^2 + lambda) written as 1 / (s + lambda / s): no underflow of s^2 for tiny s
    with np.errstate(over="ignore", divide="ignore"):
        filt = 1.0 / (s[:, None] + lam[None, :] / s[:, None])
    C = Vt.T @ (filt * Z)
    train = np.mean((Phi @ C - Y) ** 2, axis=0)
    if unreachable == "raise" and not reached.all():
        bad = np.flatnonzero(~reached)
        which = "" if single else f" (targets {bad.tolist()})"
        if smax == 0:
            raise ValueError(
                f"Phi has degenerate features (all zero, so Phi c = 0 for every c): "
                f"mse={mse:.3g} is unreachable{which}: the MSE of c = 0 is "
                f"{top[bad].max():.3g}")
        if mse == 0:
            raise ValueError(
                f"mse=0 is unreachable{which}: Phi c = y has no solution (least-squares "
                f"residual MSE = {floor[bad].max():.3g}); pass mse > 0, or "
                "unreachable='floor' for the least-squares fit")
        raise ValueError(
            f"mse={mse:.3g} is unreachable{which}: these features cannot fit y closer "
            f"than MSE ~ {floor[bad].min():.3g} (numerically, rcond={rcond:.3g}); pass a "
            "larger mse, or unreachable='floor' for the fit at that floor")
    if single:
        return MinNormFit(C[:, 0], float(train[0]), bool(reached[0]), float(lam[0]))
    return MinNormFit(C, train, reached, lam)


def fit_cvxpy(Phi: Any, y: Any, mse: float, solver: str | None = None,
              **solver_options: Any) -> np.ndarray:
    """The paper's convex program, solved with CVXPY (the reference for :func:`min_norm`).

    ``min ||c||_2^2  subject to  ||Phi c - y||_2^2 / N <= mse`` (``Phi c = y`` if ``mse == 0``),
    posed as the equivalent second-order cone program ``min ||c||_2`` s.t.
    ``||Phi c - y||_2 <= sqrt(N mse)`` (same minimiser).

    Parameters
    ----------
    Phi : (N, n). y : (N,). mse : >= 0.
    solver : a CVXPY solver name (default: CVXPY's choice, Clarabel when installed).
    **solver_options : passed to ``Problem.solve``.

    Returns
    -------
    c : (n,)
    """
    import cvxpy as cp

    Phi, y = _check_phi_y(Phi, y)
    mse = validate.real(mse, "mse", nonnegative=True)
    N, n = Phi.shape
    c = cp.Variable(n)
    if mse == 0:
        constraints = [Phi @ c == y]
    else:
        constraints = [cp.norm(Phi @ c - y, 2) <= np.sqrt(N * mse)]
    prob = cp.Problem(cp.Minimize(cp.norm(c, 2)), constraints)
    prob.solve(solver=solver, **solver_options)
    if c.value is None or prob.status not in ("optimal", "optimal_inaccurate"):
        raise ValueError(f"CVXPY could not solve the problem (status {prob.status!r})")
    return np.asarray(c.value, dtype=float)


# --------------------------------------------------------------------------- gradient descent

@dataclass(frozen=True)
class GDFit:
    """Result of :func:`fit_gd`.

    Attributes
    ----------
    c : (n,) final weights.
    mse : (steps + 1,) training MSE ``||Phi c_t - y||^2 / N`` (``= 2L``) for
        ``t = 0, ..., steps``.
    steps : int, the number of steps taken (fewer than asked when ``target_mse`` was met).
    """

    c: np.ndarray
    mse: np.ndarray
    steps: int


def fit_gd(Phi: Any, y: Any, *, steps: int, lr: float, optimizer: str = "adam",
           target_mse: float | None = None, c0: Any = None, progress: bool = False,
           ) -> GDFit:
    """Train the output weights ``c`` by full-batch gradient descent in torch (float64).

    Minimises ``L(c) = ||Phi c - y||^2 / (2N)`` with :func:`radonbook.training.train`
    (``regime="kernel"``) on the linear model :class:`radonbook.training.LinearModel`:
    plain SGD ``c <- c - lr Phi^T (Phi c - y) / N`` or Adam (``torch.optim.Adam``, default
    betas), from ``c0`` (default 0). Stops before step ``t`` if the training MSE
    ``||Phi c_t - y||^2 / N = 2 L(c_t)`` is at most ``target_mse``.

    Parameters
    ----------
    Phi : (N, n). y : (N,). steps : maximum number of steps (positive int).
    lr : learning rate (positive). optimizer : ``"adam"`` or ``"sgd"``.
    target_mse : stop once the training MSE is at most this (optional, > 0).
    c0 : (n,) initial weights (default zeros). progress : show a tqdm bar.

    Returns
    -------
    GDFit
        ``c``, the training-MSE history ``mse`` (``steps + 1`` values), ``steps`` taken.

    Raises
    ------
    ValueError
        bad input, or divergence (the message names ``lr``).
    """
    from radonbook import training

    Phi, y = _check_phi_y(Phi, y)
    steps = validate.count(steps, "steps", minimum=1)
    lr = validate.real(lr, "lr", positive=True)
    validate.check_memory(8 * (steps + 1.0), "steps")  # the records
    validate.choice(optimizer, "optimizer", training.OPTIMIZERS)
    if target_mse is not None:
        target_mse = validate.real(target_mse, "target_mse", positive=True)
    c0 = np.zeros(Phi.shape[1]) if c0 is None else _as_vector(c0, "c0", Phi.shape[1])
    model = training.LinearModel(c0)
    hist = training.train(model, Phi, y, steps=steps, lr=lr, optimizer=optimizer,
                          regime="kernel", target_mse=target_mse, progress=progress)
    return GDFit(model.c, hist["mse"], int(hist["step"][-1]))


@dataclass(frozen=True)
class AdamBatch:
    """Result of :func:`fit_adam_batch`.

    Attributes
    ----------
    c : (P, n) final weights of each problem. mse : (P,) final training MSE of each.
    steps : (P,) int, the steps each problem took (fewer than asked where it met its
    target). seconds : (P,) wall seconds from the start of the problem's chunk until it
    stopped (with one problem a chunk, its own training time). chunk : problems per
    batched product. workers : chunks trained at once. device : where it ran.
    """

    c: np.ndarray
    mse: np.ndarray
    steps: np.ndarray
    seconds: np.ndarray
    chunk: int
    workers: int
    device: str


#: the work (problems x steps x feature entries) from which :func:`fit_adam_batch` trains
#: single problems in worker processes: starting them takes about half a second
PROCESS_WORK = 10**9


def _adam_chunk(F: Any, Y: Any, lr: Any, target: Any, steps: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Adam on one chunk of problems, as batched torch products (see :func:`fit_adam_batch`).

    ``F`` (G, N, n), ``Y`` (G, N, 1), ``lr`` and ``target`` (G,) torch tensors; returns
    the weights, final MSE, steps and seconds of each problem as numpy arrays.
    """
    import torch

    G, N, n = F.shape
    b1, b2, eps = _adam.BETA1, _adam.BETA2, _adam.EPS
    c_out, mse_out = np.zeros((G, n)), np.zeros(G)
    steps_out, seconds = np.full(G, steps), np.zeros(G)
    active = np.arange(G)
    lr = lr[:, None, None]
    c = torch.zeros(G, n, 1, dtype=F.dtype, device=F.device)
    m, v = torch.zeros_like(c), torch.zeros_like(c)
    t0 = time.perf_counter()
    with torch.no_grad():
        for t in range(1, steps + 2):
            r = torch.bmm(F, c).sub_(Y)
            mse = torch.linalg.vector_norm(r, dim=(1, 2)).square_().div_(N)
            done = (mse <= target).cpu().numpy()
            if t == steps + 1:
                done[:] = True
            if done.any():  # record the finished problems and drop them from the chunk
                idx = active[done]
                c_out[idx] = c[done, :, 0].cpu().numpy()
                mse_out[idx] = mse[done].cpu().numpy()
                steps_out[idx] = t - 1
                seconds[idx] = time.perf_counter() - t0
                active = active[~done]
                if active.size == 0:
                    break
                keep = torch.as_tensor(~done, device=F.device)
                F, Y, c, m, v, r = F[keep], Y[keep], c[keep], m[keep], v[keep], r[keep]
                lr, target = lr[keep], target[keep]
            g = torch.bmm(F.mT, r).div_(N)
            m.lerp_(g, 1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            denom = v.sqrt().div_(math.sqrt(1 - b2**t)).add_(eps)
            c.sub_((lr / (1 - b1**t) * m).div_(denom))
    return c_out, mse_out, steps_out, seconds


def fit_adam_batch(Phi: Any, y: Any, *, steps: int, lr: Any, target_mse: Any = None,
                   device: str = "cpu", workers: int | None = None,
                   chunk: int | None = None) -> AdamBatch:
    """Full-batch Adam on ``P`` independent kernel-regime problems at once (appendix §A.3).

    Problem ``p`` minimises ``L_p(c) = ||Phi_p c - y_p||^2 / (2N)`` from ``c = 0`` with
    Adam (the update of ``torch.optim.Adam`` with its default betas ``0.9, 0.999`` and
    ``eps = 1e-8``, written out for a batch: ``m <- b1 m + (1 - b1) g``,
    ``v <- b2 v + (1 - b2) g^2``, ``c <- c - lr_p (m / (1 - b1^t)) /
    (sqrt(v / (1 - b2^t)) + eps)`` with ``g = Phi_p^T (Phi_p c - y_p) / N``) and stops
    before step ``t`` once its training MSE ``||Phi_p c_t - y_p||^2 / N`` is at most
    ``target_mse[p]``, as :func:`fit_gd` does for one problem.

    The problems train in chunks. A chunk of several problems is one batched torch
    matrix product a step (the gradients of its active problems); on a GPU
    (``device="cuda"``; not tested here: the book runs on CPUs) one chunk holds every
    problem. On a CPU a step is a matrix-vector product, limited by how fast the
    features are read, not by arithmetic, and torch's batched product reads them slowly:
    there a chunk is one problem by default, stepped in numpy (its features stay in the
    cache from step to step). ``workers`` such problems train at once in separate
    processes where the work ``P * steps * N * n`` is at least ``PROCESS_WORK`` (a loop
    of small numpy operations holds the GIL, so threads would take turns). Chunks of
    several problems on a CPU (``chunk > 1``) train ``workers`` at once on threads.
    Every problem's iterates are the same whatever the chunking up to rounding (each is
    updated only from its own features);
    ``python -m radonbook.bench adam`` times the choices.

    Parameters
    ----------
    Phi : (P, N, n) features of the ``P`` problems. y : (P, N) targets.
    steps : maximum number of steps (positive int, at most ``MAX_ADAM_STEPS``).
    lr : learning rate, one for all or (P,) (positive).
    target_mse : stop each problem once its training MSE is at most this: one value or
        (P,) (positive); ``None`` runs every problem ``steps`` steps.
    device : ``"cpu"`` or ``"cuda"``.
    workers : chunks trained at once (positive int; default the CPU cores this process
        may use, 1 on a GPU).
    chunk : problems per chunk (positive int; default 1 on a CPU, all on a GPU).

    Returns
    -------
    AdamBatch
    """
    import torch

    Phi = validate.array(Phi, "Phi", ndim=3, min_size=1)
    P, N, n = Phi.shape
    y = validate.array(y, "y", ndim=2)
    if y.shape != (P, N):
        raise ValueError(f"y must have shape {(P, N)} (as Phi's first two axes), "
                         f"got {y.shape}")
    steps = validate.count(steps, "steps", minimum=1, maximum=MAX_ADAM_STEPS)
    device = validate.device(device)
    if workers is None:
        workers = 1 if device == "cuda" else cpu_cores()
    workers = validate.count(workers, "workers", minimum=1, maximum=1024)

    def per_problem(v: Any, name: str) -> np.ndarray:
        a = np.broadcast_to(np.asarray(v, dtype=float), (P,)) if np.ndim(v) == 0 else \
            validate.array(v, name, ndim=1)
        if a.shape != (P,) or not np.all(np.isfinite(a) & (a > 0)):
            raise ValueError(f"{name} must be a positive number or {P} positive numbers, "
                             f"got {v!r}")
        return a.astype(float)

    if isinstance(lr, (str, bytes)) or (target_mse is not None
                                        and isinstance(target_mse, (str, bytes))):
        raise TypeError("lr and target_mse must be numbers")
    lr = per_problem(lr, "lr")
    target = (np.full(P, -np.inf) if target_mse is None
              else per_problem(target_mse, "target_mse"))
    if chunk is None:
        chunk = P if device == "cuda" else 1
    chunk = validate.count(chunk, "chunk", minimum=1)
    if device == "cpu" and chunk == 1:  # one problem at a time, in numpy processes
        workers = min(workers, P) if P * steps * N * n >= PROCESS_WORK else 1
        parts = process_map(_adam.adam_one, [(Phi[p], y[p], lr[p], target[p], steps)
                                             for p in range(P)], workers)
        c_out, mse_out, steps_out, seconds = (np.array(a) for a in zip(*parts,
                                                                        strict=True))
        return _adam_result(c_out, mse_out, steps_out, seconds, 1, workers, device)
    as_t = dict(dtype=torch.float64, device=device)

    def run(lo: int) -> tuple[np.ndarray, ...]:
        s = slice(lo, lo + chunk)
        return _adam_chunk(torch.as_tensor(Phi[s], **as_t),
                           torch.as_tensor(y[s, :, None], **as_t),
                           torch.as_tensor(lr[s], **as_t),
                           torch.as_tensor(target[s], **as_t), steps)

    starts = range(0, P, chunk)
    if workers == 1 or len(starts) == 1:
        parts = [run(lo) for lo in starts]
    else:
        with ThreadPoolExecutor(min(workers, len(starts))) as pool:
            parts = list(pool.map(run, starts))
    c_out, mse_out, steps_out, seconds = (np.concatenate(a) for a in zip(*parts, strict=True))
    return _adam_result(c_out, mse_out, steps_out, seconds, chunk,
                        min(workers, len(starts)), device)


def _adam_result(c: np.ndarray, mse: np.ndarray, steps: np.ndarray, seconds: np.ndarray,
                 chunk: int, workers: int, device: str) -> AdamBatch:
    """The :class:`AdamBatch` of :func:`fit_adam_batch`, refused if it diverged."""
    if not np.all(np.isfinite(c)):
        raise ValueError("Adam diverged to non-finite weights: lr is too large")
    return AdamBatch(c=c, mse=mse, steps=steps.astype(int), seconds=seconds, chunk=chunk,
                     workers=workers, device=device)


def gd_exact(Phi: Any, y: Any, *, steps: int, lr: float, c0: Any = None) -> np.ndarray:
    """Closed-form plain gradient descent iterate after ``steps`` steps (appendix §A.3).

    For ``L(c) = ||Phi c - y||^2 / (2N)``, the step ``c <- c - lr Phi^T (Phi c - y) / N``
    multiplies the residual along each eigenvector of ``K = Phi Phi^T`` (eigenvalue
    ``mu_k = s_k^2``) by ``1 - lr mu_k / N``. From ``c(0) = 0`` and the thin SVD
    ``Phi = U diag(s) V^T`` (the one of :func:`min_norm`, all ``s_k > 0`` kept):

    ``c_T = V diag((1 - (1 - lr s_k^2 / N)^T) / s_k) U^T y``

    (evaluated stably as ``-expm1(T log1p(-lr mu / N))`` for ``lr mu < N``, by the power
    otherwise). A nonzero start ``c0`` adds its free evolution: the iterate is ``c0 + c_T``
    computed for the residual targets ``y - Phi c0``. Stable iff ``lr < 2N / mu_max``,
    monotone in the training MSE iff ``lr <= N / mu_max``.

    Parameters
    ----------
    Phi : (N, n). y : (N,). steps : ``T`` (positive int). lr : step size (positive).
    c0 : optional (n,) start.

    Returns
    -------
    c_T : (n,)

    Raises
    ------
    ValueError
        bad input, or an ``lr`` so large that the iterate overflows (named).
    """
    Phi, y = _check_phi_y(Phi, y)
    steps = validate.count(steps, "steps", minimum=1)
    lr = validate.real(lr, "lr", positive=True)
    if c0 is not None:
        c0 = _as_vector(c0, "c0", Phi.shape[1])
        y = y - Phi @ c0
    N = Phi.shape[0]
    U, s, Vt, smax = _svd(Phi, 0.0)
    x = lr * s**2 / N
    base = 1.0 - x
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # 1 - (1 - x)^T; for 0 <= x < 1 via expm1/log1p (no cancellation for small x), else
        # the plain power (x >= 1: oscillating or divergent, but still the exact iterate)
        safe = np.where(base > 0, x, 0.0)
        one_minus = np.where(base > 0, -np.expm1(steps * np.log1p(-safe)),
                             1.0 - np.sign(base) ** steps * np.abs(base) ** steps)
        c = Vt.T @ (one_minus / s * (U.T @ y))
    if not np.all(np.isfinite(c)):
        bound = N / smax**2
        raise ValueError(f"gradient descent diverges to non-finite weights after {steps} "
                         f"steps: lr={lr} is too large (plain GD on these features is stable "
                         f"only for lr < {2 * bound:.3g}, and monotone for lr <= {bound:.3g})")
    return c if c0 is None else c0 + c


def _monotone_gd(Phi: np.ndarray, y: np.ndarray, lr: float | None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, np.ndarray, float]:
    """The SVD quantities of plain gradient descent with a monotone step (§A.3).

    Returns ``s, V^T, z = U^T y``, the floor ``||y - U z||^2 / N``, ``log(1 - lr s^2 / N)``
    and ``lr`` (default ``0.9 N / s_max^2``; refused above ``N / s_max^2``).
    """
    N = Phi.shape[0]
    U, s, Vt, smax = _svd(Phi, max(Phi.shape) * np.finfo(float).eps)
    if smax**2 == 0:
        raise ValueError("Phi is zero (or so small that its square underflows): gradient "
                         "descent does not move")
    bound = N / smax**2
    lr = 0.9 * bound if lr is None else validate.real(lr, "lr", positive=True)
    if lr > bound * (1 + 1e-12):
        raise ValueError(f"lr={lr} is above N / s_max^2 = {bound:.3g}: the training MSE "
                         "would not decrease monotonically")
    z = U.T @ y
    floor = max(float(np.sum((y - U @ z) ** 2)), 0.0) / N
    return s, Vt, z, floor, np.log1p(-np.minimum(lr * s**2 / N, 1.0)), float(lr)


@dataclass(frozen=True)
class GDPath:
    """Result of :func:`gd_path`: plain gradient descent along a grid of step counts.

    Attributes
    ----------
    steps : (K,) the step counts ``T``. mse : (K,) training MSE of ``c_T``.
    distance : (K,) ``||c_T - c_hat|| / ||c_hat||`` with ``c_hat`` the minimum-norm
    least-squares fit (the interpolant when ``Phi`` has full row rank). lr : the step size.
    """

    steps: np.ndarray
    mse: np.ndarray
    distance: np.ndarray
    lr: float


def gd_path(Phi: Any, y: Any, steps: Any, *, lr: float | None = None) -> GDPath:
    """Plain gradient descent from ``c = 0`` at many step counts, from one SVD (§A.3).

    With ``Phi = U diag(s) V^T`` (all ``s_k > 0``), ``z = U^T y`` and ``x_k = lr s_k^2 / N``,
    the iterate of :func:`gd_exact` is ``c_T = V ((1 - (1 - x)^T) / s * z)``, the
    minimum-norm fit is ``c_hat = V (z / s)``, hence
    ``||c_T - c_hat|| = ||(1 - x)^T z / s||`` and
    ``MSE(T) = (||(1 - x)^T z||^2 + ||y - U z||^2) / N``.

    Parameters
    ----------
    Phi : (N, n). y : (N,). steps : step counts (non-negative ints, a 1-D sequence).
    lr : step size in ``(0, N / s_max^2]`` (monotone descent); default ``0.9 N / s_max^2``.

    Returns
    -------
    GDPath
    """
    Phi, y = _check_phi_y(Phi, y)
    T = validate.array(steps, "steps", ndim=1, min_size=1)
    if np.any(T < 0) or np.any(T != np.round(T)) or np.any(T > 1e18):
        raise ValueError("steps must be non-negative integers (at most 1e18)")
    N = Phi.shape[0]
    s, _, z, floor, log_base, lr = _monotone_gd(Phi, y, lr)
    with np.errstate(divide="ignore", under="ignore", invalid="ignore"):
        decay = np.exp(np.outer(T, log_base))  # (K, r): (1 - x_k)^T
        decay = np.where(np.isfinite(log_base), decay, (T[:, None] == 0).astype(float))
    mse = np.sum((decay * z) ** 2, axis=1) / N + floor
    norm_hat = float(np.linalg.norm(z / s))
    distance = (np.linalg.norm(decay * (z / s), axis=1) / norm_hat if norm_hat > 0
                else np.zeros(T.size))
    return GDPath(steps=T.astype(np.int64), mse=mse, distance=distance, lr=float(lr))


@dataclass(frozen=True)
class GDStop:
    """Result of :func:`gd_stop`: plain gradient descent stopped at a target error.

    Attributes
    ----------
    c : (n,) the iterate ``c_T``. steps : ``T``, the first step count whose training MSE
    is at most the target. mse : its training MSE. lr : the step size used.
    """

    c: np.ndarray
    steps: int
    mse: float
    lr: float


def gd_stop(Phi: Any, y: Any, target_mse: float, *, lr: float | None = None,
            max_steps: int = 10**40) -> GDStop:
    """Plain gradient descent from ``c(0) = 0``, stopped at the first step ``T`` whose
    training MSE is at most ``target_mse`` (appendix §A.3), in closed form.

    With the thin SVD ``Phi = U diag(s) V^T`` (singular values above ``max(N, n) eps s_max``,
    the numerically meaningful ones, as in :func:`min_norm`), ``z = U^T y`` and
    ``x_k = lr s_k^2 / N``, the iterate ``c_T = V diag((1 - (1 - x_k)^T) / s_k) z`` of
    :func:`gd_exact` has training MSE
    ``MSE(T) = (sum_k ((1 - x_k)^T z_k)^2 + ||y - U z||^2) / N``, non-increasing in ``T``
    for ``lr <= N / s_max^2``. ``T`` is found by bisection on that formula, so any number
    of steps (``10^12`` or far more: smooth activations have Gram eigenvalues that fall
    off exponentially) costs one SVD. The floor ``||y - U z||^2 / N`` is the smallest
    training MSE the features allow (zero when ``Phi`` has full row rank).

    Parameters
    ----------
    Phi : (N, n). y : (N,). target_mse : above the floor.
    lr : step size, at most ``N / s_max^2`` (monotone descent); default ``0.9 N / s_max^2``.
    max_steps : the largest ``T`` searched (positive int).

    Returns
    -------
    GDStop

    Raises
    ------
    ValueError
        bad input, an ``lr`` above ``N / s_max^2``, a target at or below the floor, or one
        not reached within ``max_steps`` (the messages give the floor or the MSE reached).
    """
    Phi, y = _check_phi_y(Phi, y)
    target_mse = validate.real(target_mse, "target_mse", positive=True)
    max_steps = validate.count(max_steps, "max_steps", minimum=1)
    N = Phi.shape[0]
    s, Vt, z, floor, log_base, lr = _monotone_gd(Phi, y, lr)
    if target_mse <= floor:
        raise ValueError(f"target_mse={target_mse:g} is at or below the smallest training "
                         f"MSE these features allow ({floor:.3g})")

    def decay(T: int) -> np.ndarray:
        with np.errstate(divide="ignore", under="ignore"):
            return np.exp(float(T) * log_base) if T else np.ones_like(s)

    def mse(T: int) -> float:
        return float(np.sum((decay(T) * z) ** 2)) / N + floor

    if mse(max_steps) > target_mse:
        raise ValueError(f"target_mse={target_mse:g} is not reached within "
                         f"max_steps={max_steps} steps (MSE {mse(max_steps):.3g} there)")
    lo, hi = 0, max_steps  # mse(lo) > target, mse(hi) <= target
    if mse(0) <= target_mse:
        hi = 0
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if mse(mid) <= target_mse else (mid, hi)
    with np.errstate(under="ignore"):
        c = Vt.T @ (-np.expm1(float(hi) * log_base) / s * z)
    return GDStop(c=c, steps=int(hi), mse=training_mse(Phi, c, y), lr=float(lr))


# --------------------------------------------------------------------------- evaluation

def convex_hull_mask(points: Any, query: Any) -> np.ndarray:
    """Boolean mask of the ``query`` points (M, d) inside the convex hull of ``points`` (N, d)."""
    points = _as_matrix(points, "points")
    query = _as_matrix(query, "query")
    if query.shape[1] != points.shape[1]:
        raise ValueError(
            f"query must have d = {points.shape[1]} columns like points, got {query.shape}"
        )
    if points.shape[1] == 1:
        return (query[:, 0] >= points.min()) & (query[:, 0] <= points.max())
    return Delaunay(points).find_simplex(query) >= 0


def relative_error(f_a: Any, f_b: Any, mask: Any = None) -> float:
    """The paper's Table II measure: ``mean |f_a - f_b| / max |f_a|`` over a region.

    ``f_a`` and ``f_b`` are two fits evaluated on the same points (e.g. a grid); ``mask``
    (same shape, boolean) selects the points in the convex hull of the training inputs
    (:func:`convex_hull_mask`); default all. In the paper ``f_a`` is the gradient-descent fit.
    """
    fa = np.asarray(f_a, dtype=float)
    fb = np.asarray(f_b, dtype=float)
    if fa.shape != fb.shape:
        raise ValueError(f"f_a and f_b must have the same shape, got {fa.shape} and {fb.shape}")
    if fa.size == 0:
        raise ValueError("f_a and f_b must not be empty")
    if not (np.all(np.isfinite(fa)) and np.all(np.isfinite(fb))):
        raise ValueError("f_a and f_b must contain only finite values")
    if mask is None:
        m = np.ones(fa.shape, dtype=bool)
    else:
        m = np.asarray(mask)
        if m.dtype != bool or m.shape != fa.shape:
            raise ValueError(f"mask must be a boolean array of shape {fa.shape}")
        if not m.any():
            raise ValueError("mask selects no points")
    scale = np.max(np.abs(fa[m]))
    if scale == 0:
        raise ValueError("f_a vanishes on the region: the relative error is undefined")
    return float(np.mean(np.abs(fa[m] - fb[m])) / scale)


# --------------------------------------------------------------------------- Experiment 1

def adam_lr(Phi: Any, y: Any, target_mse: float, max_steps: int) -> float:
    """The book's learning-rate rule for Adam on the output weights (Experiment 1).

    Adam moves every coordinate by about ``lr`` per step, so ``lr`` should be a small
    fraction of the size of the weights it has to reach. The error Adam reaches within
    ``max_steps`` is at most that of plain gradient descent with the stable step
    ``lr_GD = 0.9 N / mu_max`` (``mu_max`` the largest eigenvalue of ``Phi Phi^T``) after
    ``max_steps`` steps (:func:`gd_exact`); with ``m = max(target_mse, that error)``,
    ``lr = 3e-3 * max_i |c_i|`` for the minimum-norm fit ``c`` at MSE ``m``
    (:func:`min_norm`): coefficients of that size are reached in a few hundred steps.
    ``lr = 1e-3`` when ``m >= ||y||^2 / N`` (then ``c = 0``).
    """
    Phi, y = _check_phi_y(Phi, y)
    target_mse = validate.real(target_mse, "target_mse", positive=True)
    max_steps = validate.count(max_steps, "max_steps", minimum=1)
    s_max = np.linalg.norm(Phi, 2)
    if s_max == 0:
        return 1e-3
    lr_gd = 0.9 * Phi.shape[0] / s_max**2
    m = max(target_mse,
            training_mse(Phi, gd_exact(Phi, y, steps=max_steps, lr=lr_gd), y))
    scale = (float(np.abs(min_norm(Phi, y, m, unreachable="floor").c).max())
             if m < np.mean(y**2) else 0.0)
    return 3e-3 * scale if scale > 0 else 1e-3


@dataclass(frozen=True)
class KernelProblem:
    """One draw of the paper's Experiment 1 data (:func:`kernel_problem`).

    Attributes
    ----------
    x : (N, 2) inputs; y : (N,) targets; theta : (n, 2), r : (n,) the zero-planes;
    Phi : (N, n) the features ``sigma(theta_i . x_j - r_i)``.
    """

    x: np.ndarray
    y: np.ndarray
    theta: np.ndarray
    r: np.ndarray
    Phi: np.ndarray


def kernel_problem(act: Any, n_points: int, n_neurons: int, *,
                   rng: validate.RNGLike = 0, radius: float = float(np.sqrt(2.0)),
                   ) -> KernelProblem:
    """The kernel-regime problem of the paper's Experiment 1 (section V-A) for one draw.

    Data: :func:`cube_data` (``n_points`` uniform in ``[-1, 1]^3``, predict the third
    coordinate from the first two); zero-planes: :func:`uniform_zero_planes` with ``d = 2``
    (orientations evenly on the circle) and offsets uniform on ``[-radius, radius]`` (the
    book's choice: the paper's range is lost), both drawn from ``rng`` in that order, so
    one seed gives the same data and offsets for every activation; ``alpha = 1``; features
    ``Phi_ji = sigma(theta_i . x_j - r_i)`` (:func:`radonbook.reparam.features`).
    """
    act = activations.resolve(act, name="act")
    n_points = validate.count(n_points, "n_points", minimum=1)
    n_neurons = validate.count(n_neurons, "n_neurons", minimum=1)
    gen = validate.rng(rng)
    x, y = cube_data(n_points, rng=gen)
    theta, r = uniform_zero_planes(n_neurons, 2, radius, rng=gen)
    return KernelProblem(x, y, theta, r, reparam.features(x, theta, r, act))


@dataclass(frozen=True)
class KernelTrial:
    """One activation and one draw of Experiment 1 (:func:`experiment1`).

    Attributes
    ----------
    problem : the :class:`KernelProblem`. var_y : the variance of its targets.
    floor : the smallest training MSE the features allow (0 for full row rank).
    gd : plain gradient descent (:func:`gd_stop`) stopped at
        ``floor + gd_fraction * var_y``;
    rel_err_gd : :func:`relative_error` of the minimum-norm fit at the MSE ``gd`` reached,
        against ``gd``'s fit.
    adam_target : ``floor + adam_fraction * var_y`` (see :func:`experiment1`);
    lr_adam : Adam's learning rate (:func:`adam_lr`);
    c_adam, mse_adam, steps_adam : Adam's weights, final training MSE and steps
        (:func:`fit_adam_batch`); reached : ``mse_adam <= adam_target``.
    c_closed, c_cvxpy : the minimum-norm weights at Adam's MSE from :func:`min_norm` and
    from CVXPY (None without CVXPY or where Adam missed its target); rel_err_adam,
    rel_err_cvxpy : their :func:`relative_error` against Adam's fit (NaN where no CVXPY).
    time_closed, time_cvxpy : wall seconds of the two convex solves (NaN where no CVXPY;
    the closed forms of several problems run at once, on ``workers`` threads).
    x_grid : the ``grid^2`` evaluation points; mask : (grid, grid) convex hull of the
    inputs; f_adam, f_closed : the two fits on the grid, shape (grid, grid).
    """

    problem: KernelProblem
    var_y: float
    floor: float
    gd: GDStop
    rel_err_gd: float
    adam_target: float
    lr_adam: float
    c_adam: np.ndarray
    mse_adam: float
    steps_adam: int
    reached: bool
    c_closed: np.ndarray
    c_cvxpy: np.ndarray | None
    rel_err_adam: float
    rel_err_cvxpy: float
    time_closed: float
    time_cvxpy: float
    x_grid: np.ndarray
    mask: np.ndarray
    f_adam: np.ndarray
    f_closed: np.ndarray

    @property
    def unexplained(self) -> float:
        """``mse_adam / var_y``: the fraction of the variance of ``y`` Adam's fit leaves."""
        return self.mse_adam / self.var_y if self.var_y > 0 else float("nan")


@dataclass(frozen=True)
class Experiment1:
    """Result of :func:`experiment1`.

    Attributes
    ----------
    trials : activation label -> one :class:`KernelTrial` per seed.
    seeds : the seeds, one per draw. time_adam : wall seconds of the Adam run of all
    problems (:func:`fit_adam_batch`). device : where Adam ran. settings : the sizes
    and fractions used.
    """

    trials: dict[str, list[KernelTrial]]
    seeds: tuple[int, ...]
    time_adam: float
    device: str
    settings: dict[str, float]


def experiment1(acts: Any, seeds: Any, *, n_points: int, n_neurons: int,
                gd_fraction: float = 1e-3, adam_fraction: float = 1e-2,
                max_steps: int = 10_000, grid: int = 48, cvxpy: bool = True,
                device: str = "cpu", workers: int | None = None) -> Experiment1:
    """The paper's Experiment 1 (section V-A, Table II): every activation on every draw.

    For each seed, one :func:`kernel_problem` per activation (the same data and offsets for
    all activations of a draw). Then, per problem (appendix §A.3):

    * plain gradient descent, in closed form, stopped at the first step where the training
      MSE is at most ``floor + gd_fraction * var(y)`` (:func:`gd_stop`; every problem
      reaches it), against the minimum-norm fit (:func:`min_norm`) at the MSE it reached —
      the claim of the paper's eq. 4. ``floor`` is the smallest training MSE the features
      allow: zero unless two inputs share a feature row (possible for Step);
    * full-batch Adam as in the paper, all problems in one call (:func:`fit_adam_batch`),
      learning rate :func:`adam_lr` (the book's choice), stopped at
      ``floor + adam_fraction * var(y)`` or after ``max_steps``; then :func:`min_norm` at
      the MSE Adam reached, compared with Adam's fit, and (if ``cvxpy``, for the problems
      where Adam reached its target) :func:`fit_cvxpy` at the same MSE, one solve at a
      time.

    Fits are compared on the ``grid x grid`` pixel centres of ``[-1, 1]^2``
    (:func:`radonbook.quadrature.image_points`) inside the convex hull of the inputs, with
    the paper's measure :func:`relative_error` (the gradient-descent fit in the
    denominator).

    Parameters
    ----------
    acts : a sequence of activations (anything :func:`radonbook.activations.resolve` takes).
    seeds : a sequence of non-negative int seeds, one per draw.
    n_points, n_neurons : positive ints. gd_fraction, adam_fraction : in (0, 1).
    max_steps : Adam's step budget. grid : pixels per side (>= 2). cvxpy : also solve with
    CVXPY. device : ``"cpu"`` or ``"cuda"`` for Adam.
    workers : threads for the per-problem work (closed forms), and Adam's problems
        trained at once on a CPU (:func:`fit_adam_batch`); default the CPU cores this
        process may use.

    Returns
    -------
    Experiment1
    """
    if isinstance(acts, (str, bytes)) or not hasattr(acts, "__len__"):
        raise TypeError("acts must be a sequence of activations")
    acts = [activations.resolve(a, name="acts") for a in acts]
    if not acts:
        raise ValueError("acts must not be empty")
    seeds = validate.seed_list(seeds)
    n_points = validate.count(n_points, "n_points", minimum=1)
    n_neurons = validate.count(n_neurons, "n_neurons", minimum=1)
    validate.check_memory(2.0 * len(acts) * len(seeds) * n_points * n_neurons,
                          "acts x seeds x n_points x n_neurons")
    gd_fraction = validate.real(gd_fraction, "gd_fraction", positive=True, high=1.0)
    adam_fraction = validate.real(adam_fraction, "adam_fraction", positive=True, high=1.0)
    max_steps = validate.count(max_steps, "max_steps", minimum=1)
    grid = validate.count(grid, "grid", minimum=2, maximum=4096)
    device = validate.device(device)
    if workers is None:
        workers = cpu_cores()
    workers = validate.count(workers, "workers", minimum=1, maximum=1024)
    problems = [(a, kernel_problem(a, n_points, n_neurons, rng=s)) for a in acts
                for s in seeds]
    var_y = np.array([np.var(p.y) for _, p in problems])

    def prepare(k: int) -> tuple[float, float]:
        p = problems[k][1]
        # the smallest training MSE the features allow: zero unless two inputs share a
        # feature row (possible for Step)
        floor = min_norm(p.Phi, p.y, unreachable="floor").train_mse
        return floor, adam_lr(p.Phi, p.y, floor + adam_fraction * var_y[k], max_steps)

    # one problem per thread, each with one BLAS thread
    prepared = thread_map(prepare, range(len(problems)), workers)
    floor, lrs = (np.array(v) for v in zip(*prepared, strict=True))
    adam_targets = floor + adam_fraction * var_y
    t0 = time.perf_counter()
    adam = fit_adam_batch(np.stack([p.Phi for _, p in problems]),
                          np.stack([p.y for _, p in problems]), steps=max_steps, lr=lrs,
                          target_mse=adam_targets, device=device, workers=workers)
    time_adam = time.perf_counter() - t0
    q = quadrature.image_points(grid, 1.0)

    def evaluate(k: int) -> dict[str, Any]:
        act, p = problems[k]
        mask = convex_hull_mask(p.x, q)
        gd = gd_stop(p.Phi, p.y, floor[k] + gd_fraction * var_y[k])
        c_gd_ref = min_norm(p.Phi, p.y, gd.mse, unreachable="floor").c
        c_adam, mse_adam = adam.c[k], float(adam.mse[k])
        t1 = time.perf_counter()
        c_closed = min_norm(p.Phi, p.y, mse_adam, unreachable="floor").c
        time_closed = time.perf_counter() - t1
        f_adam, f_closed, f_gd, f_gd_ref = reparam.network_rs(
            q, p.theta, p.r, np.stack([c_adam, c_closed, gd.c, c_gd_ref], axis=1), 1.0,
            act).T
        return dict(
            problem=p, var_y=float(var_y[k]), floor=float(floor[k]), gd=gd,
            rel_err_gd=relative_error(f_gd, f_gd_ref, mask),
            adam_target=float(adam_targets[k]), lr_adam=float(lrs[k]), c_adam=c_adam,
            mse_adam=mse_adam, steps_adam=int(adam.steps[k]),
            reached=bool(mse_adam <= adam_targets[k]), c_closed=c_closed,
            rel_err_adam=relative_error(f_adam, f_closed, mask), time_closed=time_closed,
            x_grid=q, mask=mask.reshape(grid, grid), f_adam=f_adam.reshape(grid, grid),
            f_closed=f_closed.reshape(grid, grid))

    fields = thread_map(evaluate, range(len(problems)), workers)
    trials: dict[str, list[KernelTrial]] = {a.label: [] for a in acts}
    for (act, p), f in zip(problems, fields, strict=True):
        c_cvx, time_cvx, rel_cvx = None, float("nan"), float("nan")
        if cvxpy and f["reached"]:  # one at a time: timed alone
            t1 = time.perf_counter()
            c_cvx = fit_cvxpy(p.Phi, p.y, f["mse_adam"])
            time_cvx = time.perf_counter() - t1
            f_cvx = reparam.network_rs(q, p.theta, p.r, c_cvx, 1.0, act)
            rel_cvx = relative_error(f["f_adam"].ravel(), f_cvx, f["mask"].ravel())
        trials[act.label].append(KernelTrial(c_cvxpy=c_cvx, rel_err_cvxpy=rel_cvx,
                                             time_cvxpy=time_cvx, **f))
    settings = {"n_points": n_points, "n_neurons": n_neurons, "gd_fraction": gd_fraction,
                "adam_fraction": adam_fraction, "max_steps": max_steps, "grid": grid}
    return Experiment1(trials=trials, seeds=seeds, time_adam=time_adam, device=device,
                       settings=settings)
