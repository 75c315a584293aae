"""Kernel regime: only the output weights train, and what gradient descent converges to.

Implements MATH.md section 3 (kernel regime, paper section III, eqs. 4-6) and the paper's
Experiment 1 (section V-A, Table II). With the zero-planes ``(theta_i, r_i)`` and scales
``alpha_i`` frozen, the network ``f(x) = sum_i c_i sigma_alpha_i(theta_i . x - r_i)`` is linear
in ``c``: ``f(X) = Phi c`` with the feature matrix of :func:`features`. Then

* gradient descent from ``c(0) = 0`` converges to the minimum-norm interpolant
  ``c = Phi^T (Phi Phi^T)^{-1} y`` (paper eq. 4), see :func:`fit_min_norm`;
* stopped early at training MSE ``eps``, the paper's convex relaxation
  ``min ||c||^2  s.t. ||Phi c - y||^2 / N <= eps`` (solved with CVXPY in the paper,
  :func:`fit_cvxpy`) is a ridge solution whose ``lambda`` follows from a 1-D root find on the
  eigen-decomposition of the Gram matrix ``K = Phi Phi^T`` (:func:`fit_min_norm` with ``mse``);
* plain gradient descent is a linear iteration with a closed form after any number of steps
  (:func:`gd_exact`), while :func:`fit_gd` really trains (torch, Adam or SGD).

:func:`relative_error` is the paper's Table II measure; :func:`kernel_trial` runs one
replication of Experiment 1 (the paper's activations, with the book's choices where the
paper's parameters are lost, are ``radonbook.activations.paper_activations()``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.optimize import brentq
from scipy.spatial import Delaunay

from radonbook import validate

__all__ = [
    "adam_lr",
    "convex_hull_mask",
    "cube_data",
    "features",
    "fit_cvxpy",
    "fit_gd",
    "fit_min_norm",
    "gd_exact",
    "kernel_trial",
    "relative_error",
    "ridge_lambda",
    "training_mse",
    "uniform_zero_planes",
]

# --------------------------------------------------------------------------- validation

def _as_matrix(a: Any, name: str) -> np.ndarray:
    arr = validate.array(a, name, finite=False)
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite values")
    return arr


def _as_vector(a: Any, name: str, length: int | None = None) -> np.ndarray:
    arr = validate.array(a, name, finite=False)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array, got shape {arr.shape}")
    if length is not None and arr.shape[0] != length:
        raise ValueError(f"{name} must have length {length}, got {arr.shape[0]}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite values")
    return arr


def _check_phi_y(Phi: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    Phi = _as_matrix(Phi, "Phi")
    y = _as_vector(y, "y")
    if y.shape[0] != Phi.shape[0]:
        raise ValueError(
            f"y must have one entry per row of Phi ({Phi.shape[0]}), got {y.shape[0]}"
        )
    return Phi, y


def _check_positive(value: Any, name: str, integer: bool = False) -> None:
    if integer:
        validate.count(value, name, minimum=1)
    else:
        validate.real(value, name, positive=True)


def _check_mse(mse: Any) -> float:
    return validate.real(mse, "mse", nonnegative=True)


def _rng(seed: Any) -> np.random.Generator:
    return validate.rng(seed, "seed")


# --------------------------------------------------------------------------- features

def features(x: Any, theta: Any, r: Any, act: Callable, alpha: Any = 1.0) -> np.ndarray:
    """Kernel-regime feature matrix ``Phi`` (MATH.md section 3).

    ``Phi[j, i] = sigma_alpha_i(theta_i . x_j - r_i)``, ``sigma_alpha(z) = sigma(alpha z)/alpha``,
    so that the network is ``f(x_j) = (Phi c)_j`` (paper eqs. 1-2).

    Parameters
    ----------
    x : (N, d) inputs.
    theta : (n, d) unit orientations of the zero-planes.
    r : (n,) signed offsets of the zero-planes.
    act : callable acting elementwise on numpy arrays (e.g. ``radonbook.activations.get("relu")``).
    alpha : positive scalar or (n,) array of horizontal scales (default 1).

    Returns
    -------
    Phi : (N, n) float array.
    """
    x = _as_matrix(x, "x")
    theta = _as_matrix(theta, "theta")
    if theta.shape[1] != x.shape[1]:
        raise ValueError(
            f"theta must have d = {x.shape[1]} columns like x, got shape {theta.shape}"
        )
    r = _as_vector(r, "r", theta.shape[0])
    if not callable(act):
        raise TypeError(f"act must be callable (an activation), got {type(act).__name__}")
    alpha = validate.array(alpha, "alpha", finite=False)
    if alpha.ndim > 1 or (alpha.ndim == 1 and alpha.shape[0] != theta.shape[0]):
        raise ValueError(f"alpha must be a scalar or have length n = {theta.shape[0]}")
    if not np.all(np.isfinite(alpha)) or np.any(alpha <= 0):
        raise ValueError("alpha must be positive and finite")
    validate.check_memory(2.0 * x.shape[0] * theta.shape[0], "the number of points N (rows of x) "
                          "times neurons n (rows of theta)")
    with np.errstate(over="ignore", invalid="ignore"):
        z = x @ theta.T - r[None, :]
        Phi = np.asarray(act(alpha * z), dtype=float) / alpha
    if Phi.shape != z.shape:
        raise ValueError(f"act must act elementwise; returned shape {Phi.shape} for {z.shape}")
    if not np.all(np.isfinite(Phi)):
        raise ValueError(f"Phi has {int(np.sum(~np.isfinite(Phi)))} NaN or infinite entries: "
                         "act is not finite at alpha (theta . x - r) for these x, theta, r, "
                         "alpha (too large?)")
    return Phi


def uniform_zero_planes(n: int, d: int, radius: float, seed: Any = None
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Zero-planes for the kernel regime, as in the paper's Experiment 1.

    For ``d = 2`` the orientations are evenly spread on the circle,
    ``theta_i = (cos phi_i, sin phi_i)``, ``phi_i = 2 pi i / n`` (deterministic); for other
    ``d`` they are uniform random on ``S^{d-1}`` (normalised Gaussians). Offsets are
    ``r_i ~ Uniform[-radius, radius]``.

    Parameters
    ----------
    n : number of neurons (positive int).
    d : input dimension (positive int).
    radius : half-width of the offset range (positive).
    seed : int, None or ``numpy.random.Generator``.

    Returns
    -------
    theta : (n, d), r : (n,)
    """
    _check_positive(n, "n", integer=True)
    _check_positive(d, "d", integer=True)
    _check_positive(radius, "radius")
    rng = _rng(seed)
    if d == 2:
        phi = 2 * np.pi * np.arange(n) / n
        theta = np.stack([np.cos(phi), np.sin(phi)], axis=1)
    elif d == 1:
        theta = np.where(rng.random(n) < 0.5, -1.0, 1.0)[:, None]
    else:
        g = rng.standard_normal((n, d))
        theta = g / np.linalg.norm(g, axis=1, keepdims=True)
    r = rng.uniform(-radius, radius, size=n)
    return theta, r


def cube_data(n_points: int, seed: Any = None, dim: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """The paper's Experiment 1 data: points uniform in ``[-1, 1]^dim``; inputs are the first
    ``dim - 1`` coordinates, the target is the last one (independent of the inputs).

    Returns
    -------
    x : (n_points, dim - 1), y : (n_points,)
    """
    _check_positive(n_points, "n_points", integer=True)
    _check_positive(dim, "dim", integer=True)
    if dim < 2:
        raise ValueError(f"dim must be at least 2, got {dim}")
    pts = _rng(seed).uniform(-1.0, 1.0, size=(n_points, dim))
    return pts[:, :-1], pts[:, -1]


# --------------------------------------------------------------------------- exact solvers

def training_mse(Phi: Any, c: Any, y: Any) -> float:
    """Training mean squared error ``||Phi c - y||^2 / N``."""
    Phi, y = _check_phi_y(Phi, y)
    c = _as_vector(c, "c", Phi.shape[1])
    return float(np.mean((Phi @ c - y) ** 2))


#: ``method="auto"`` uses the (fast) eigen-decomposition of ``K = Phi Phi^T`` when the
#: effective ridge ``lambda`` is at least this multiple of ``eps * mu_max`` (then rounding
#: errors of the computed eigenvalues, about ``eps * mu_max``, change the result by at most
#: ~``1 / EIGH_MARGIN`` relatively); below it, the SVD of ``Phi`` (which resolves
#: ``mu = s^2`` down to ``(eps s_max)^2``).
EIGH_MARGIN = 1e3

_METHODS = ("auto", "eigh", "svd")


class _Spectrum:
    """``K = Phi Phi^T = U diag(mu) U^T``, ``z = U^T y``, the part of ``y`` outside range(U),
    and ``apply(w) = Phi^T U (w * z)`` (the weights ``c`` for spectral multipliers ``w``)."""

    def __init__(self, Phi: np.ndarray, y: np.ndarray, method: str):
        self.method, self.N = method, Phi.shape[0]
        if method == "eigh":
            mu, U = np.linalg.eigh(Phi @ Phi.T)
            self.mu = np.clip(mu, 0.0, None)
            self._U, self._Phi = U, Phi
            self.z = U.T @ y
            self.perp2 = 0.0
        else:
            U, sv, Vt = np.linalg.svd(Phi, full_matrices=False)
            self.mu, self._s, self._Vt = sv**2, sv, Vt
            self.z = U.T @ y
            self.perp2 = float(max(np.sum(y**2) - np.sum(self.z**2), 0.0))
        self.mu_max = max(float(self.mu.max()), np.finfo(float).tiny)
        # eigenvalues below this are rounding noise
        eps = np.finfo(float).eps
        self.mu_noise = (eps * self.mu_max * max(Phi.shape) if method == "eigh"
                         else (eps * max(Phi.shape)) ** 2 * self.mu_max)

    def apply(self, w: np.ndarray) -> np.ndarray:
        if self.method == "eigh":
            return self._Phi.T @ (self._U @ (w * self.z))
        return self._Vt.T @ (self._s * w * self.z)

    def mse(self, lam: float) -> float:
        """Training MSE of the ridge solution: residual = lambda (K + lambda I)^{-1} y."""
        return float((np.sum((lam / (self.mu + lam) * self.z) ** 2) + self.perp2) / self.N)

    def trusted(self, lam: float) -> bool:
        """Whether ``lam`` is resolved accurately by this decomposition."""
        if self.method == "svd":
            return True
        return lam >= EIGH_MARGIN * np.finfo(float).eps * self.mu_max

    def ridge_lambda(self, mse: float) -> float:
        top = float((np.sum(self.z**2) + self.perp2) / self.N)
        if mse >= top:
            return float("inf")
        if not self.mu.max() > 0:
            raise ValueError(
                f"Phi has degenerate features (all zero, so Phi c = 0 for every c): "
                f"mse={mse:.3g} is below the MSE of c = 0 ({top:.3g}) and unreachable")
        lo = np.log(self.mu_noise)
        floor = self.mse(self.mu_noise)  # the least-squares floor, as far as resolved
        if mse <= floor:
            raise ValueError(
                f"mse={mse:.3g} is unreachable: the data cannot be fitted closer than "
                f"MSE ~ {floor:.3g} with these features (numerically)"
            )
        f = lambda u: np.log(self.mse(np.exp(u))) - np.log(mse)
        hi = np.log(self.mu_max)
        while f(hi) < 0:
            lo, hi = hi, hi + np.log(1e3)
        return float(np.exp(brentq(f, lo, hi, xtol=1e-13, rtol=4 * np.finfo(float).eps,
                                   maxiter=500)))


def _check_method(method: Any) -> str:
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
    return method


def _ridge(Phi: np.ndarray, y: np.ndarray, mse: float, method: str
           ) -> tuple[float, _Spectrum]:
    """Root find for ``lambda`` on the cheapest decomposition that resolves it."""
    spec = _Spectrum(Phi, y, "eigh" if method in ("auto", "eigh") else "svd")
    if method == "auto":
        try:
            lam = spec.ridge_lambda(mse)
        except ValueError:
            lam = 0.0
        if spec.trusted(lam):
            return lam, spec
        spec = _Spectrum(Phi, y, "svd")
    return spec.ridge_lambda(mse), spec


def ridge_lambda(Phi: Any, y: Any, mse: float, method: str = "auto") -> float:
    """The ridge parameter ``lambda`` at which the ridge fit has training MSE ``mse``.

    With ``K = Phi Phi^T = U diag(mu) U^T`` and ``z = U^T y``, the ridge solution
    ``c_lambda = Phi^T (K + lambda I)^{-1} y`` has
    ``MSE(lambda) = (1/N) (sum_k (lambda z_k / (mu_k + lambda))^2 + ||y_perp||^2)``
    (``y_perp``: the part of ``y`` outside the range of ``Phi``), increasing in ``lambda``
    from the least-squares floor (``lambda -> 0``) to ``||y||^2 / N`` (``lambda -> inf``).
    The root of ``log MSE(lambda) = log mse`` is found by Brent's method in ``log lambda``
    (MATH.md section 3). Returns ``inf`` when ``mse >= ||y||^2 / N`` (then ``c = 0``).

    Parameters
    ----------
    Phi : (N, n). y : (N,). mse : target training MSE (> 0).
    method : ``"eigh"`` (eigen-decomposition of the Gram matrix: fast),
        ``"svd"`` (SVD of ``Phi``: resolves much smaller ``lambda``) or ``"auto"``
        (eigh when it resolves the root, see ``EIGH_MARGIN``, else svd).

    Raises
    ------
    ValueError
        if ``mse <= 0`` or ``mse`` is below the (numerically resolved) least-squares floor.
    """
    Phi, y = _check_phi_y(Phi, y)
    mse = _check_mse(mse)
    method = _check_method(method)
    if mse == 0:
        raise ValueError("mse must be > 0 for ridge_lambda (mse = 0 is the interpolant)")
    return _ridge(Phi, y, mse, method)[0]


def fit_min_norm(Phi: Any, y: Any, mse: float = 0.0, method: str = "auto") -> np.ndarray:
    """Closed-form kernel-regime fit (paper eq. 4 and its early-stopped relaxation).

    * ``mse == 0``: the minimum-norm interpolant ``c = Phi^+ y = Phi^T (Phi Phi^T)^{-1} y``,
      computed with the SVD of ``Phi`` (``numpy.linalg.lstsq``); raises if ``Phi c = y``
      has no solution (relative residual above ``1e-8``).
    * ``mse > 0``: the solution of ``min ||c||^2 s.t. ||Phi c - y||^2 / N <= mse``, which is the
      ridge solution ``c = Phi^T (K + lambda I)^{-1} y`` at the ``lambda`` where the constraint
      is tight (:func:`ridge_lambda`), or ``c = 0`` when ``mse >= ||y||^2 / N``.
      From the eigen-decomposition ``K = Phi Phi^T = U diag(mu) U^T``:
      ``c = Phi^T U diag(1/(mu + lambda)) U^T y`` (MATH.md section 3); ``method`` as in
      :func:`ridge_lambda` (the SVD form ``Phi = U S V^T`` gives ``c = V diag(s/(s^2+lambda))
      U^T y``).

    Parameters
    ----------
    Phi : (N, n) feature matrix. y : (N,) targets. mse : target training MSE (>= 0).
    method : ``"auto"``, ``"eigh"`` or ``"svd"`` (ignored when ``mse == 0``).

    Returns
    -------
    c : (n,) output weights.
    """
    Phi, y = _check_phi_y(Phi, y)
    mse = _check_mse(mse)
    method = _check_method(method)
    if mse == 0:
        if not np.any(Phi) and np.any(y):
            raise ValueError("Phi has degenerate features (all zero, so Phi c = 0 for every "
                             "c): mse=0 is unreachable for a nonzero y")
        c = np.linalg.lstsq(Phi, y, rcond=None)[0]
        res = np.linalg.norm(Phi @ c - y)
        if res > 1e-8 * max(np.linalg.norm(y), np.finfo(float).tiny):
            raise ValueError(
                f"mse=0 is unreachable: Phi c = y has no solution (least-squares residual "
                f"MSE = {res**2 / len(y):.3g}); pass mse > 0"
            )
        return c
    lam, spec = _ridge(Phi, y, mse, method)
    if np.isinf(lam):
        return np.zeros(Phi.shape[1])
    return spec.apply(1.0 / (spec.mu + lam))


def fit_cvxpy(Phi: Any, y: Any, mse: float, solver: str | None = None,
              **solver_options: Any) -> np.ndarray:
    """The paper's convex program, solved with CVXPY (the reference for :func:`fit_min_norm`).

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
    mse = _check_mse(mse)
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

def fit_gd(Phi: Any, y: Any, steps: int, lr: float, optimizer: str = "adam",
           target_mse: float | None = None, c0: Any = None, progress: bool = False,
           ) -> tuple[np.ndarray, np.ndarray, int]:
    """Train the output weights ``c`` by full-batch gradient descent in torch (float64).

    Loss ``L(c) = ||Phi c - y||^2 / N`` (MATH.md section 3), optimiser ``torch.optim.Adam``
    (default betas) or plain ``torch.optim.SGD`` (``c <- c - lr grad L``), from ``c0``
    (default 0). Stops before step ``t`` if ``L(c_t) <= target_mse``. The gradient
    ``grad L = (2/N) Phi^T (Phi c - y)`` is handed to the optimiser explicitly (the same
    tensor autograd would produce, without the graph overhead).

    Parameters
    ----------
    Phi : (N, n). y : (N,). steps : maximum number of steps (positive int).
    lr : learning rate (positive). optimizer : ``"adam"`` or ``"sgd"``.
    target_mse : stop once the training MSE is at most this (optional, > 0).
    c0 : (n,) initial weights (default zeros). progress : show a tqdm bar.

    Returns
    -------
    c : (n,) final weights; history : (steps_taken + 1,) losses ``L(c_0), ..., L(c_T)``;
    steps_taken : int ``T``.
    """
    import torch
    from tqdm.auto import tqdm

    Phi, y = _check_phi_y(Phi, y)
    _check_positive(steps, "steps", integer=True)
    _check_positive(lr, "lr")
    validate.check_memory(steps + 1.0, "steps")  # the loss history
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"optimizer must be 'adam' or 'sgd', got {optimizer!r}")
    if target_mse is not None:
        _check_positive(target_mse, "target_mse")
    c0 = np.zeros(Phi.shape[1]) if c0 is None else _as_vector(c0, "c0", Phi.shape[1])

    N = Phi.shape[0]
    P = torch.as_tensor(Phi, dtype=torch.float64)
    yt = torch.as_tensor(y, dtype=torch.float64)
    c = torch.tensor(c0, dtype=torch.float64)
    opt = (torch.optim.Adam([c], lr=lr) if optimizer == "adam"
           else torch.optim.SGD([c], lr=lr))
    history = np.empty(steps + 1)
    taken = steps
    bar = tqdm(total=steps, disable=not progress, mininterval=0.5)
    with torch.no_grad():
        for t in range(steps + 1):
            res = P @ c - yt
            history[t] = float(torch.dot(res, res)) / N
            if not np.isfinite(history[t]):
                raise ValueError(
                    f"gradient descent diverged at step {t}: the training MSE is "
                    f"{history[t]} (lr={lr} is too large for these features; try a "
                    f"smaller lr)")
            if t == steps or (target_mse is not None and history[t] <= target_mse):
                taken = t
                break
            # the gradient of L, exactly what autograd returns (and twice as fast here)
            c.grad = (2.0 / N) * (P.T @ res)
            opt.step()
            if progress and t % 1000 == 999:
                bar.update(1000)
    bar.close()
    return c.detach().numpy().copy(), history[: taken + 1], taken


def gd_exact(Phi: Any, y: Any, lr: float, steps: int, c0: Any = None,
             method: str = "auto") -> np.ndarray:
    """Closed-form plain gradient descent iterate after ``steps`` steps (MATH.md section 3).

    For ``L = ||Phi c - y||^2 / N``, step ``eta`` and ``c(0) = 0``, with
    ``K = Phi Phi^T = V diag(mu) V^T``:
    ``c_T = Phi^T V diag((1 - (1 - 2 eta mu_k / N)^T) / mu_k) V^T y``
    (evaluated stably as ``-expm1(T log1p(-2 eta mu / N)) / mu``, and ``2 eta T / N`` at
    ``mu = 0``). A nonzero start ``c0`` adds its free evolution:
    the iterate is ``c0 + c_T`` computed for the residual targets ``y - Phi c0``.

    Parameters
    ----------
    Phi : (N, n). y : (N,). lr : step size ``eta`` (positive). steps : ``T`` (positive int).
    c0 : optional (n,) start.
    method : ``"eigh"``, ``"svd"`` or ``"auto"`` (eigh unless the effective ridge
        ``N / (2 eta T)`` is below what it resolves, see ``EIGH_MARGIN``).

    Returns
    -------
    c_T : (n,)
    """
    Phi, y = _check_phi_y(Phi, y)
    _check_positive(lr, "lr")
    _check_positive(steps, "steps", integer=True)
    if c0 is not None:
        c0 = _as_vector(c0, "c0", Phi.shape[1])
        y = y - Phi @ c0
    method = _check_method(method)
    N = Phi.shape[0]
    lam_eff = N / (2.0 * lr * steps)  # GD after T steps acts like ridge with this lambda
    spec = _Spectrum(Phi, y, "svd" if method == "svd" else "eigh")
    if method == "auto" and not spec.trusted(lam_eff):
        spec = _Spectrum(Phi, y, "svd")
    mu = spec.mu
    x = 2.0 * lr * mu / N
    base = 1.0 - x
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # 1 - (1 - x)^T; for 0 <= x < 1 via expm1/log1p (no cancellation for small x), else
        # the plain power (x >= 1: oscillating or divergent, but still the exact iterate)
        safe = np.where(base > 0, x, 0.0)
        one_minus = np.where(base > 0, -np.expm1(steps * np.log1p(-safe)),
                             1.0 - np.sign(base) ** steps * np.abs(base) ** steps)
        g = np.where(mu > 0, one_minus / np.where(mu > 0, mu, 1.0), 2.0 * lr * steps / N)
    with np.errstate(invalid="ignore", over="ignore"):
        c = spec.apply(g)
    if not np.all(np.isfinite(c)):
        bound = N / (2.0 * float(mu.max())) if mu.max() > 0 else float("inf")
        raise ValueError(f"gradient descent diverges to non-finite weights after {steps} "
                         f"steps: lr={lr} is too large (plain GD on these features is stable "
                         f"only for lr < {2 * bound:.3g}, and monotone for lr < {bound:.3g})")
    return c if c0 is None else c0 + c


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
    ``eta = 0.9 N / (2 mu_max)`` after ``max_steps`` steps (:func:`gd_exact`); with
    ``m = max(target_mse, that error)``, ``lr = 3e-3 * max_i |c_i|`` for the minimum-norm
    fit ``c`` at MSE ``m`` (:func:`fit_min_norm`): coefficients of that size are reached in
    a few hundred steps.
    """
    Phi, y = _check_phi_y(Phi, y)
    _check_positive(target_mse, "target_mse")
    _check_positive(max_steps, "max_steps", integer=True)
    eta = 0.9 * Phi.shape[0] / (2.0 * np.linalg.eigvalsh(Phi @ Phi.T).max())
    m = max(target_mse, training_mse(Phi, gd_exact(Phi, y, eta, max_steps), y))
    scale = float(np.abs(fit_min_norm(Phi, y, m)).max()) if m < np.mean(y**2) else 0.0
    return 3e-3 * scale if scale > 0 else 1e-3


def kernel_trial(act: Callable, n_points: int, n_neurons: int, seed: Any, *,
                 target_mse: float, lr: float | str = "auto", max_steps: int = 100_000,
                 radius: float = float(np.sqrt(2.0)), grid: int = 64, cvxpy: bool = True,
                 ) -> dict[str, Any]:
    """One replication of the paper's Experiment 1 (section V-A) for one activation.

    Data: :func:`cube_data` (``n_points`` uniform in ``[-1, 1]^3``, predict the third
    coordinate from the first two); zero-planes: :func:`uniform_zero_planes` with ``d = 2``
    and offsets uniform on ``[-radius, radius]``; ``alpha = 1``; ``c(0) = 0``. Adam
    (:func:`fit_gd`) trains until the training MSE is at most ``target_mse`` (or
    ``max_steps``) with learning rate ``lr``; ``lr="auto"`` (the book's choice) uses
    :func:`adam_lr`. Then :func:`fit_min_norm` and (if ``cvxpy``) :func:`fit_cvxpy` solve the
    convex problem at the MSE Adam reached. Fits are compared on a ``grid x grid`` grid over
    ``[-1, 1]^2`` restricted to the convex hull of the inputs (:func:`relative_error`, Adam
    fit in the denominator).

    Returns
    -------
    dict with keys ``x, y, theta, r, lr, c_gd, c_closed, c_cvxpy`` (None without cvxpy),
    ``mse_gd, steps, history, rel_err_closed, rel_err_cvxpy, time_gd, time_closed,
    time_cvxpy, grid_x, grid_y, mask, f_gd, f_closed, f_cvxpy`` (fits on the grid as
    ``(grid, grid)`` images, rows = y).
    """
    rng = _rng(seed)
    x, y = cube_data(n_points, rng)
    theta, r = uniform_zero_planes(n_neurons, 2, radius, rng)
    Phi = features(x, theta, r, act)
    if isinstance(lr, str):
        if lr != "auto":
            raise ValueError(f"lr must be a positive number or 'auto', got {lr!r}")
        lr = adam_lr(Phi, y, target_mse, max_steps)
    t0 = time.perf_counter()
    c_gd, history, steps = fit_gd(Phi, y, max_steps, lr, "adam", target_mse=target_mse)
    time_gd = time.perf_counter() - t0
    mse_gd = float(history[-1])
    t0 = time.perf_counter()
    c_closed = fit_min_norm(Phi, y, mse_gd)
    time_closed = time.perf_counter() - t0
    c_cvx, time_cvx = None, float("nan")
    if cvxpy:
        t0 = time.perf_counter()
        c_cvx = fit_cvxpy(Phi, y, mse_gd)
        time_cvx = time.perf_counter() - t0
    g = np.linspace(-1.0, 1.0, grid)
    gx, gy = np.meshgrid(g, g)
    q = np.stack([gx.ravel(), gy.ravel()], axis=1)
    mask = convex_hull_mask(x, q).reshape(gx.shape)
    Phi_q = features(q, theta, r, act)
    f_gd = (Phi_q @ c_gd).reshape(gx.shape)
    f_closed = (Phi_q @ c_closed).reshape(gx.shape)
    f_cvx = None if c_cvx is None else (Phi_q @ c_cvx).reshape(gx.shape)
    return {
        "x": x, "y": y, "theta": theta, "r": r, "lr": lr,
        "c_gd": c_gd, "c_closed": c_closed, "c_cvxpy": c_cvx,
        "mse_gd": mse_gd, "steps": steps, "history": history,
        "rel_err_closed": relative_error(f_gd, f_closed, mask),
        "rel_err_cvxpy": (float("nan") if f_cvx is None
                          else relative_error(f_gd, f_cvx, mask)),
        "time_gd": time_gd, "time_closed": time_closed, "time_cvxpy": time_cvx,
        "grid_x": gx, "grid_y": gy, "mask": mask,
        "f_gd": f_gd, "f_closed": f_closed, "f_cvxpy": f_cvx,
    }
