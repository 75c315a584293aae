"""The neural-tangent-kernel view of spectral bias on the sphere (appendix §A.9).

Implements the second source of the book, Cao, Fang, Wu, Zhou and Gu, *Towards
Understanding the Spectral Bias of Deep Learning* (seed 001): the two-layer ReLU NTK
on :math:`S^{d-1} \\subset \\mathbb{R}^d`, its Funk-Hecke eigenvalues :math:`\\mu_k`
(one per degree :math:`k` of spherical harmonics, multiplicity :math:`N(d,k)`), the
targets :math:`f^*(x) = \\sum_k P_k(\\zeta_k\\cdot x)` of their experiments and the
projection of a sampled function on each degree. It connects to the main paper's
spectral penalty (appendix §A.4, paper section III-A) in chapter 9 of the book.

Conventions (appendix §A.9): ``d`` is the input (ambient) dimension, points lie on
the unit sphere :math:`S^{d-1} \\subset \\mathbb{R}^d` (``d = 3``: the sphere
:math:`S^2`; ``d = 2``: the circle); network
:math:`f(x) = m^{-1/2} \\sum_r a_r \\sigma(w_r\\cdot x [+ b_r])`, :math:`w_r \\sim N(0, I)`,
:math:`b_r \\sim N(0, 1)`, :math:`a_r = \\pm 1`; arc-cosine kernels
:math:`\\kappa_0(u) = (\\pi - \\arccos u)/(2\\pi)`,
:math:`\\kappa_1(u) = (u(\\pi - \\arccos u) + \\sqrt{1-u^2})/(2\\pi)`; harmonics orthonormal
for the uniform *probability* measure; :math:`P_k` the Gegenbauer polynomial normalised
by :math:`P_k(1) = 1`.

This module imports no other topic module; torch is imported lazily by the functions
that build or differentiate networks. Networks are trained by
:func:`radonbook.training.train` (full batch, ``record=("residual",)``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import gammaln, roots_legendre

from radonbook import quadrature, validate

__all__ = [
    "TRAIN_MODES",
    "DegreeDecay",
    "PlaneWaveSteps",
    "Spectrum",
    "arccos_kernel",
    "degree_decay",
    "empirical_ntk",
    "empirical_ntk_errors",
    "fit_decay_rate",
    "funk_hecke_eigenvalues",
    "gd_steps_to_fit",
    "gegenbauer",
    "gegenbauer_target",
    "harmonic_multiplicity",
    "ntk_eigenvalues",
    "ntk_profile",
    "ntk_spectrum",
    "ntk_two_layer",
    "plane_wave_steps",
    "project_on_degrees",
    "sample_sphere",
    "two_layer_relu",
]

TRAIN_MODES = ("first", "both")
_SPHERE_TOL = 1e-6


# --------------------------------------------------------------------------- checks


def _check_d(d: Any, name: str = "d") -> int:
    """The input (ambient) dimension d >= 2 (the sphere S^(d-1) in R^d)."""
    return validate.count(d, name, minimum=2)


def _check_degree(k: Any, name: str = "k") -> int:
    try:
        return validate.count(k, name, minimum=0)
    except ValueError:
        raise ValueError(f"{name} must be a non-negative integer, got {k}") from None


def _check_degrees(degrees: Any, name: str = "degrees") -> list[int]:
    try:
        arr = np.atleast_1d(np.asarray(degrees))
    except (TypeError, ValueError):
        arr = np.array([[]])
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty sequence of non-negative integers")
    if not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must contain integers, got dtype {arr.dtype}")
    if np.any(arr < 0):
        raise ValueError(f"{name} must be non-negative, got {arr.tolist()}")
    return [int(k) for k in arr]


def _check_train(train: Any) -> str:
    if train not in TRAIN_MODES:
        raise ValueError(f"train must be one of {TRAIN_MODES}, got {train!r}")
    return train


def _check_sphere(x: Any, name: str = "x", tol: float = _SPHERE_TOL) -> np.ndarray:
    """Points on the unit sphere as an ``(n, d)`` float array, else ``ValueError``.

    NaN and infinite coordinates are refused (a NaN norm would pass the distance test).
    """
    arr = validate.array(x, name, finite=False)
    if arr.ndim != 2 or arr.shape[1] < 2:
        raise ValueError(
            f"{name} must be an array of shape (n, d) with d >= 2 (points on S^(d-1)), "
            f"got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values (points must lie on S^(d-1))")
    norms = np.linalg.norm(arr, axis=1)
    bad = np.abs(norms - 1.0) > tol
    if np.any(bad):
        worst = float(np.max(np.abs(norms - 1.0)))
        raise ValueError(
            f"{name} must lie on the unit sphere (| |x| - 1 | <= {tol}); "
            f"{int(bad.sum())} points do not (largest deviation {worst:.3g})"
        )
    return arr


def _check_u(u: Any, tol: float = _SPHERE_TOL) -> np.ndarray:
    arr = validate.array(u, "u")
    if np.any(np.abs(arr) > 1.0 + tol):
        raise ValueError("u must be a cosine in [-1, 1] (inner product of unit vectors)")
    return np.clip(arr, -1.0, 1.0)


# ------------------------------------------------------------------ sphere basics


def _area_ratio(d: int) -> float:
    """:math:`|S^{d-2}|/|S^{d-1}|` from :func:`radonbook.quadrature.sphere_area`.

    Beyond ``d`` of a few hundred the areas over- or underflow; then the same ratio
    :math:`\\Gamma(d/2)/(\\sqrt{\\pi}\\,\\Gamma((d-1)/2))` comes from log-gamma.
    """
    try:
        ratio = quadrature.sphere_area(d - 1) / quadrature.sphere_area(d)
    except (OverflowError, ZeroDivisionError):
        ratio = 0.0
    if np.isfinite(ratio) and ratio > 0:
        return float(ratio)
    return float(np.exp(gammaln(d / 2) - gammaln((d - 1) / 2)) / np.sqrt(np.pi))


def harmonic_multiplicity(d: int, k: int) -> int:
    """Dimension :math:`N(d,k)` of the degree-``k`` spherical harmonics on :math:`S^{d-1}`.

    :math:`N(d,0) = 1` and :math:`N(d,k) = \\frac{2k+d-2}{k}\\binom{k+d-3}{d-2}` for
    :math:`k \\ge 1` (appendix §A.9); e.g. :math:`2k+1` on :math:`S^2` (``d = 3``),
    2 on the circle (``d = 2``).

    Parameters
    ----------
    d : int >= 2
        Input dimension (the sphere :math:`S^{d-1} \\subset \\mathbb{R}^d`).
    k : int >= 0
        Degree.

    Returns
    -------
    int (exact)
    """
    d = _check_d(d)
    k = _check_degree(k)
    if k == 0:
        return 1
    return (2 * k + d - 2) * math.comb(k + d - 3, d - 2) // k


def _log_multiplicity(d: int, k: np.ndarray) -> np.ndarray:
    """``log N(d, k)`` for an array of degrees, overflow-free."""
    k = np.asarray(k, dtype=float)
    out = np.zeros_like(k)
    pos = k > 0
    kp = k[pos]
    out[pos] = (np.log(2 * kp + d - 2) - np.log(kp) + gammaln(kp + d - 2)
                - gammaln(d - 1) - gammaln(kp))
    return out


def gegenbauer(k: int, d: int, u: Any) -> np.ndarray:
    """Normalised Gegenbauer polynomial :math:`P_k(u)` of :math:`S^{d-1}`, :math:`P_k(1) = 1`.

    :math:`P_k = C_k^{((d-2)/2)}/C_k^{((d-2)/2)}(1)` (Legendre on :math:`S^2`, ``d = 3``;
    Chebyshev :math:`T_k` on the circle, ``d = 2``), evaluated with the stable three-term
    recurrence :math:`(k+d-2) P_{k+1}(u) = (2k+d-2)\\,u P_k(u) - k P_{k-1}(u)`
    (appendix §A.9).

    Parameters
    ----------
    k : int >= 0
    d : int >= 2, input dimension
    u : array_like
        Arguments (any shape; not restricted to [-1, 1]).

    Returns
    -------
    ndarray, same shape as ``u``
    """
    k = _check_degree(k)
    d = _check_d(d)
    u = np.asarray(u, dtype=float)
    p_prev, p = np.ones_like(u), u.copy()
    if k == 0:
        return p_prev
    for j in range(1, k):
        p_prev, p = p, ((2 * j + d - 2) * u * p - j * p_prev) / (j + d - 2)
    return p


def sample_sphere(n: int, d: int, *, rng: validate.RNGLike = 0,
                  scales: Sequence[float] | None = None) -> np.ndarray:
    """``n`` points on :math:`S^{d-1}`: :math:`x = z/|z|`,
    :math:`z \\sim N(0, \\mathrm{diag}(s^2))`.

    With ``scales=None`` (all :math:`s_i = 1`) the points are uniform; other scales give
    the non-uniform ("misspecified") inputs of chapter 9.

    Parameters
    ----------
    n : int >= 1
    d : int >= 2, input dimension
    rng : numpy.random.Generator, int seed or None (SPEC 7)
    scales : sequence of d positive floats, optional

    Returns
    -------
    ndarray, shape (n, d)
    """
    d = _check_d(d)
    n = validate.count(n, "n", minimum=1)
    validate.check_memory(float(n) * d, "n * d")
    rng = validate.rng(rng)
    s = None
    if scales is not None:
        s = validate.array(scales, "scales")
        if s.shape != (d,) or np.any(s <= 0):
            raise ValueError(f"scales must be d = {d} positive numbers, got {scales!r}")
    z = rng.standard_normal((n, d))
    if s is not None:
        z = z * s
    return z / np.linalg.norm(z, axis=1, keepdims=True)


# -------------------------------------------------------------------- the kernels


def arccos_kernel(u: Any, degree: int) -> np.ndarray:
    """Arc-cosine kernel of degree 0 or 1 as a function of :math:`u = x\\cdot x'` (appendix §A.9).

    :math:`\\kappa_0(u) = (\\pi - \\arccos u)/(2\\pi) = E[\\sigma'(w\\cdot x)\\sigma'(w\\cdot x')]`,
    :math:`\\kappa_1(u) = (u(\\pi - \\arccos u) + \\sqrt{1-u^2})/(2\\pi)
    = E[\\sigma(w\\cdot x)\\sigma(w\\cdot x')]` for unit :math:`x, x'`, :math:`w \\sim N(0, I)`,
    :math:`\\sigma` = ReLU (half of Cho & Saul's :math:`k_0, k_1`).

    Parameters
    ----------
    u : array_like
        Cosines in [-1, 1] (values beyond by more than 1e-6 raise ``ValueError``).
    degree : {0, 1}

    Returns
    -------
    ndarray, same shape as ``u``
    """
    if isinstance(degree, bool) or degree not in (0, 1):
        raise ValueError(f"degree must be 0 or 1, got {degree!r}")
    u = _check_u(u)
    phi = np.arccos(u)
    if degree == 0:
        return (np.pi - phi) / (2 * np.pi)
    return (u * (np.pi - phi) + np.sqrt(np.clip(1.0 - u * u, 0.0, None))) / (2 * np.pi)


def ntk_profile(u: Any, train: str = "first", bias: bool = False) -> np.ndarray:
    """Infinite-width two-layer ReLU NTK :math:`\\Theta(u)` as a function of :math:`u = x\\cdot x'`.

    Without bias (appendix §A.9): :math:`\\Theta = u\\,\\kappa_0(u)` (``train="first"``,
    only :math:`w` trained) or :math:`u\\,\\kappa_0(u) + \\kappa_1(u)` (``"both"``).
    With a trained bias :math:`b_r \\sim N(0,1)` the first layer sees
    :math:`\\tilde x = (x, 1)`, :math:`|\\tilde x|^2 = 2`, :math:`\\tilde u = (1+u)/2`:
    :math:`\\Theta = (1+u)\\,\\kappa_0(\\tilde u)` [:math:`+\\, 2\\kappa_1(\\tilde u)`].

    Parameters
    ----------
    u : array_like of cosines in [-1, 1]
    train : {"first", "both"}
    bias : bool

    Returns
    -------
    ndarray, same shape as ``u``
    """
    train = _check_train(train)
    if not isinstance(bias, (bool, np.bool_)):
        raise TypeError(f"bias must be True or False, got {bias!r}")
    u = _check_u(u)
    if bias:
        ut = (1.0 + u) / 2.0
        out = (1.0 + u) * arccos_kernel(ut, 0)
        if train == "both":
            out = out + 2.0 * arccos_kernel(ut, 1)
        return out
    out = u * arccos_kernel(u, 0)
    if train == "both":
        out = out + arccos_kernel(u, 1)
    return out


def ntk_two_layer(x1: Any, x2: Any, train: str = "first", bias: bool = False) -> np.ndarray:
    """Analytic NTK Gram matrix :math:`\\Theta(x_i\\cdot x'_j)` of the two-layer ReLU net.

    See :func:`ntk_profile` for the formula (appendix §A.9).

    Parameters
    ----------
    x1 : array, shape (n1, d), points on the unit sphere
    x2 : array, shape (n2, d), points on the unit sphere
    train : {"first", "both"}
    bias : bool

    Returns
    -------
    ndarray, shape (n1, n2)
    """
    a = _check_sphere(x1, "x1")
    b = _check_sphere(x2, "x2")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"x1 and x2 must have the same dimension, got {a.shape[1]} and "
                         f"{b.shape[1]}")
    return ntk_profile(np.clip(a @ b.T, -1.0, 1.0), train=train, bias=bias)


# ------------------------------------------------------------------- Funk-Hecke


def funk_hecke_eigenvalues(kernel_fn: Callable[[np.ndarray], np.ndarray], d: int, kmax: int,
                           nodes: int | None = None) -> np.ndarray:
    """Eigenvalues :math:`\\mu_0, \\dots, \\mu_{k_{max}}` of a zonal kernel on :math:`S^{d-1}`.

    Funk-Hecke (appendix §A.9), for harmonics orthonormal in the uniform probability
    measure:
    :math:`\\mu_k = \\frac{|S^{d-2}|}{|S^{d-1}|}
    \\int_{-1}^1 \\kappa(u) P_k(u)(1-u^2)^{(d-3)/2}\\,du`,
    computed as :math:`\\int_0^\\pi \\kappa(\\cos\\varphi) P_k(\\cos\\varphi)
    \\sin^{d-2}\\varphi\\,d\\varphi` with Gauss-Legendre nodes in the angle
    :math:`\\varphi` (arc-cosine kernels are smooth in :math:`\\varphi`, so the rule
    converges fast). Double precision limits the result to about
    :math:`10^{-13}\\max|\\kappa|`; for the bias-free ReLU NTK use
    :func:`ntk_eigenvalues`, which is exact.

    Parameters
    ----------
    kernel_fn : callable
        :math:`u \\mapsto \\kappa(u)`, vectorised over numpy arrays.
    d : int >= 2, input dimension
    kmax : int >= 0
    nodes : int, optional
        Number of quadrature nodes (default ``kmax + 100``).

    Returns
    -------
    ndarray, shape (kmax + 1,)
    """
    if not callable(kernel_fn):
        raise TypeError(f"kernel_fn must be callable u -> kappa(u), got {kernel_fn!r}")
    d = _check_d(d)
    kmax = _check_degree(kmax, "kmax")
    n = kmax + 100 if nodes is None else int(nodes)
    if n < kmax + 1:
        raise ValueError(f"nodes must be at least kmax + 1 = {kmax + 1}, got {n}")
    t, w = roots_legendre(n)
    phi = (t + 1.0) * np.pi / 2.0
    w = w * np.pi / 2.0 * np.sin(phi) ** (d - 2)
    u = np.cos(phi)
    kap = np.asarray(kernel_fn(u), dtype=float) * w * _area_ratio(d)
    out = np.empty(kmax + 1)
    p_prev, p = np.ones_like(u), u.copy()
    out[0] = kap.sum()
    for k in range(1, kmax + 1):
        out[k] = kap @ p
        p_prev, p = p, ((2 * k + d - 2) * u * p - k * p_prev) / (k + d - 2)
    return out


def _log_abs_ridge_coeff(d: int, k: np.ndarray, power: int) -> np.ndarray:
    """log |a_k| of the ridge functions H(t) (power 0) or t_+ (power 1) on S^(d-1).

    :math:`a_k = \\frac{|S^{d-2}|}{|S^{d-1}|}\\int_0^1 t^p P_k(t)(1-t^2)^{(d-3)/2}dt`; by the
    Rodrigues formula :math:`P_k(t)(1-t^2)^{(d-3)/2} = (-1)^k R_k D^k (1-t^2)^{\\beta}`,
    :math:`R_k = \\Gamma((d-1)/2)/(2^k\\Gamma(k+(d-1)/2))`, :math:`\\beta = k + (d-3)/2`, and
    integrating by parts, :math:`|a_k| = \\frac{|S^{d-2}|}{|S^{d-1}|} R_k\\, j!\\,
    \\binom{\\beta}{j/2}` with :math:`j = k - 1 - p` even (``-inf`` where :math:`a_k = 0`).
    """
    k = np.asarray(k, dtype=float)
    j = k - 1 - power
    beta = k + (d - 3) / 2.0
    out = np.full_like(k, -np.inf)
    ok = (j >= 0) & (np.mod(j, 2) == 0)
    kk, jj, bb = k[ok], j[ok], beta[ok]
    h = jj / 2.0
    out[ok] = (np.log(_area_ratio(d)) + gammaln((d - 1) / 2) - kk * np.log(2.0)
               - gammaln(kk + (d - 1) / 2)
               + gammaln(jj + 1) + gammaln(bb + 1) - gammaln(h + 1) - gammaln(bb - h + 1))
    return out


def ntk_eigenvalues(d: int, kmax: int, train: str = "first", bias: bool = False,
                    log: bool = False) -> np.ndarray:
    """Funk-Hecke eigenvalues :math:`\\mu_0..\\mu_{k_{max}}` of the ReLU NTK on :math:`S^{d-1}`.

    Without bias the values are exact and free of cancellation, so they resolve
    :math:`\\mu_k \\sim k^{-d}` far below double-precision quadrature. Since
    :math:`\\kappa_0(x\\cdot x') = E_\\theta[H(\\theta\\cdot x)H(\\theta\\cdot x')]` and
    :math:`\\kappa_1 = d\\,E_\\theta[(\\theta\\cdot x)_+(\\theta\\cdot x')_+]`
    (:math:`\\theta` uniform on :math:`S^{d-1}`), their eigenvalues are :math:`a_k(H)^2` and
    :math:`d\\,a_k(t_+)^2`, with the ridge coefficients :math:`a_k` in closed form
    (Rodrigues formula). Multiplication by :math:`u` couples neighbours,
    :math:`uP_k = [(k+d-2)P_{k+1} + kP_{k-1}]/(2k+d-2)`, so for :math:`\\Theta = u\\kappa_0`
    :math:`N_j\\mu_j = \\frac{j+d-3}{2j+d-4}N_{j-1}\\nu_{j-1}
    + \\frac{j+1}{2j+d}N_{j+1}\\nu_{j+1}` with :math:`\\nu` the eigenvalues of
    :math:`\\kappa_0` and :math:`N_j = N(d,j)` (appendix §A.9). With ``bias=True`` the
    result is :func:`funk_hecke_eigenvalues` of :func:`ntk_profile` (quadrature).

    Parameters
    ----------
    d : int >= 2, input dimension (the sphere S^(d-1))
    kmax : int >= 0
    train : {"first", "both"}
    bias : bool
    log : bool
        Return :math:`\\log\\mu_k` (``-inf`` for exact zeros; only without bias).

    Returns
    -------
    ndarray, shape (kmax + 1,)
    """
    d = _check_d(d)
    kmax = _check_degree(kmax, "kmax")
    train = _check_train(train)
    if bias:
        if log:
            raise ValueError("log=True needs bias=False (the bias NTK uses quadrature)")
        return funk_hecke_eigenvalues(lambda u: ntk_profile(u, train, True), d, kmax)
    ks = np.arange(kmax + 3, dtype=float)
    log_nu = 2.0 * _log_abs_ridge_coeff(d, ks, 0)          # eigenvalues of kappa_0
    log_nu[0] = 2.0 * np.log(0.5)                          # a_0(H) = 1/2
    log_n = _log_multiplicity(d, ks)
    j = np.arange(kmax + 1, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        # coefficient of P_j coming from u P_{j-1}; it is 1 at j = 1 (u P_0 = P_1), where
        # the general formula reads 0/0 for d = 2
        c_low = np.log(j + d - 3) - np.log(2 * j + d - 4)
    lower = np.full(kmax + 1, -np.inf)
    if kmax >= 1:
        c_low[1] = 0.0
        lower[1:] = c_low[1:] + log_n[:kmax] + log_nu[:kmax]
    upper = np.log(j + 1) - np.log(2 * j + d) + log_n[1:kmax + 2] + log_nu[1:kmax + 2]
    log_mu = np.logaddexp(lower, upper) - log_n[:kmax + 1]
    if train == "both":
        log_k1 = np.log(float(d)) + 2.0 * _log_abs_ridge_coeff(d, j, 1)
        # a_0(t_+) and a_1(t_+) are not covered by the parity formula: integrate exactly,
        # a_0 = ratio * int_0^1 t (1-t^2)^{(d-3)/2} dt = ratio / (d - 1),
        # a_1 = ratio * int_0^1 t^2 (1-t^2)^{(d-3)/2} dt = ratio * B(3/2, (d-1)/2) / 2.
        r = _area_ratio(d)
        log_k1[0] = np.log(float(d)) + 2.0 * np.log(r / (d - 1))
        if kmax >= 1:
            a1 = r * np.exp(gammaln(1.5) + gammaln((d - 1) / 2)
                            - gammaln(1.5 + (d - 1) / 2)) / 2.0
            log_k1[1] = np.log(float(d)) + 2.0 * np.log(a1)
        log_mu = np.logaddexp(log_mu, log_k1)
    return log_mu if log else np.exp(log_mu)


# --------------------------------------------------------- targets and projections


def gegenbauer_target(x: Any, degrees: Sequence[int], directions: Any,
                      weights: Sequence[float] | None = None) -> np.ndarray:
    """Cao et al.'s target :math:`f^*(x) = \\sum_k c_k P_k(\\zeta_k\\cdot x)` (appendix §A.9).

    Parameters
    ----------
    x : array, shape (n, d), points on the unit sphere
    degrees : sequence of non-negative ints, length K
    directions : array, shape (K, d), unit vectors :math:`\\zeta_k`
    weights : sequence of K floats, optional (default all 1)

    Returns
    -------
    ndarray, shape (n,)
    """
    x = _check_sphere(x, "x")
    degs = _check_degrees(degrees)
    z = _check_sphere(np.atleast_2d(np.asarray(directions, dtype=float)), "directions")
    if z.shape != (len(degs), x.shape[1]):
        raise ValueError(f"directions must have shape (len(degrees), d) = "
                         f"{(len(degs), x.shape[1])}, got {z.shape}")
    c = np.ones(len(degs)) if weights is None else np.asarray(weights, dtype=float)
    if c.shape != (len(degs),):
        raise ValueError(f"weights must have length {len(degs)}, got shape {c.shape}")
    d = x.shape[1]
    u = np.clip(x @ z.T, -1.0, 1.0)
    return sum(c[i] * gegenbauer(k, d, u[:, i]) for i, k in enumerate(degs))


def _harmonic_block(x: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Orthonormal (in R^n) basis of the degree-k harmonics sampled at the rows of ``x``.

    Zonal functions :math:`P_k(z_j\\cdot x)` at :math:`2N(d,k)` random poles :math:`z_j`
    span the degree-k space; an SVD keeps its :math:`N(d,k)` leading directions.
    """
    d = x.shape[1]
    nk = harmonic_multiplicity(d, k)
    poles = sample_sphere(2 * nk, d, rng=seed + 7919 * k)
    b = gegenbauer(k, d, np.clip(x @ poles.T, -1.0, 1.0))
    u, _, _ = np.linalg.svd(b, full_matrices=False)
    return u[:, :nk]


def project_on_degrees(values: Any, x: Any, degrees: Sequence[int], kmax: int | None = None,
                       method: str = "lstsq", rng: validate.RNGLike = 0) -> np.ndarray:
    """Degree-``k`` components of a function sampled at points of :math:`S^{d-1}`.

    ``method="lstsq"``: least squares of ``values`` on the harmonics of all degrees
    :math:`0..k_{max}` (default :math:`k_{max} = \\max` ``degrees``), each degree an
    orthonormalised block of zonal functions; exact for polynomials of degree
    :math:`\\le k_{max}` at any :math:`n \\ge \\sum_{k\\le k_{max}} N(d,k)` points in general
    position, uniform or not. ``method="kernel"``: the reproducing property
    :math:`(\\Pi_k f)(x) = N(d,k)\\,E_y[f(y)P_k(x\\cdot y)]` with the sample mean over the
    points (a Monte Carlo estimate, unbiased only for uniform points; appendix §A.9).

    Parameters
    ----------
    values : array, shape (n,) or (M, n) (M functions sampled at the same points)
    x : array, shape (n, d), points on the unit sphere
    degrees : sequence of non-negative ints
    kmax : int, optional (lstsq only), at least ``max(degrees)``
    method : {"lstsq", "kernel"}
    rng : numpy.random.Generator, int seed or None (SPEC 7)
        Randomness of the poles of the zonal basis (lstsq): degree ``k`` uses the poles
        of the seed ``s + 7919 k``, ``s`` the int ``rng`` (or drawn from the Generator).

    Returns
    -------
    ndarray, shape (len(degrees), n), or (M, len(degrees), n) for 2-D ``values``: entry
    ``[..., i, :]`` is the degree ``degrees[i]`` component at ``x``.
    """
    x = _check_sphere(x, "x")
    degs = _check_degrees(degrees)
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, (bool, np.bool_)):
        seed = int(rng)
        validate.rng(seed)  # the sign check
    else:
        seed = int(validate.rng(rng).integers(2**31))
    v = np.asarray(values, dtype=float)
    n, d = x.shape
    if v.ndim not in (1, 2) or v.shape[-1] != n:
        raise ValueError(f"values must have shape (n,) or (M, n) with n = {n}, got {v.shape}")
    vm = np.atleast_2d(v)                                   # (M, n)
    if method == "kernel":
        u = np.clip(x @ x.T, -1.0, 1.0)
        out = np.stack([harmonic_multiplicity(d, k) * (vm @ gegenbauer(k, d, u)) / n
                        for k in degs], axis=1)
        return out if v.ndim == 2 else out[0]
    if method != "lstsq":
        raise ValueError(f"method must be 'lstsq' or 'kernel', got {method!r}")
    top = max(degs) if kmax is None else _check_degree(kmax, "kmax")
    if top < max(degs):
        raise ValueError(f"kmax must be >= max(degrees) = {max(degs)}, got {top}")
    total = sum(harmonic_multiplicity(d, k) for k in range(top + 1))
    if n < total:
        raise ValueError(f"need at least {total} points for degrees 0..{top} on S^{d - 1}, got {n}")
    blocks = [_harmonic_block(x, k, seed) for k in range(top + 1)]
    coef, *_ = np.linalg.lstsq(np.hstack(blocks), vm.T, rcond=None)      # (total, M)
    starts = np.cumsum([0] + [b.shape[1] for b in blocks])
    out = np.stack([(blocks[k] @ coef[starts[k]:starts[k + 1]]).T for k in degs], axis=1)
    return out if v.ndim == 2 else out[0]


def fit_decay_rate(iterations: Any, values: Any, floor: float = 0.0) -> float:
    """Per-iteration exponential decay rate :math:`\\rho` of ``values`` ~ :math:`C e^{-\\rho t}`.

    Least-squares slope of :math:`\\log|v_t|` against :math:`t` (negated) over the initial
    phase: from the start up to (excluding) the first value with :math:`|v_t| \\le`
    ``floor``. Later values are ignored, because on finitely many points a fast degree
    ends on a floor of leakage from slower ones. Compare with :math:`-\\log(1-\\eta\\mu_k)`
    (appendix §A.9).

    Parameters
    ----------
    iterations : array, shape (T,)
    values : array, shape (T,)
    floor : float >= 0

    Returns
    -------
    float
    """
    t = np.asarray(iterations, dtype=float)
    v = np.abs(np.asarray(values, dtype=float))
    if t.shape != v.shape or t.ndim != 1:
        raise ValueError("iterations and values must be 1-D arrays of the same length")
    below = np.flatnonzero(v <= floor)
    stop = below[0] if below.size else v.size
    if stop < 2:
        raise ValueError("need at least two values above floor at the start to fit a rate")
    slope = np.polyfit(t[:stop], np.log(v[:stop]), 1)[0]
    return float(-slope)


# ------------------------------------------------------------ finite-width networks


def two_layer_relu(d: int, width: int, train: str = "first", bias: bool = False,
                   symmetric: bool = False, rng: validate.RNGLike = 0,
                   dtype: str = "float64") -> Any:
    """A two-layer ReLU net :math:`f(x) = m^{-1/2}\\sum_r a_r (w_r\\cdot x + b_r)_+` (torch).

    NTK parameterisation of appendix §A.9: :math:`w_r \\sim N(0, I_d)`,
    :math:`b_r \\sim N(0,1)` (only with ``bias``), :math:`a_r = \\pm 1` at random. With
    ``train="first"`` the output weights are frozen (``requires_grad=False``). With
    ``symmetric=True`` neurons come in pairs :math:`(w, b, a), (w, b, -a)` so that
    :math:`f \\equiv 0` at initialisation (the NTK is unchanged).

    Parameters
    ----------
    d : int >= 2, input dimension
    width : int >= 1 (even if ``symmetric``)
    train : {"first", "both"}
    bias : bool
    symmetric : bool
    rng : numpy.random.Generator, int seed or None (SPEC 7), for the initialisation
    dtype : ``"float64"`` (default) or ``"float32"``: the precision of the parameters
        and of the computation; a float32 net starts from the float64 one rounded

    Returns
    -------
    torch.nn.Module mapping a tensor (n, d) of its dtype to (n,); train it with
    :func:`radonbook.training.train` (which converts the data to its dtype)
    """
    import torch

    from radonbook import training

    dt = getattr(torch, validate.choice(dtype, "dtype", training.DTYPES))
    train = _check_train(train)
    d = _check_d(d)
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 1:
        raise ValueError(f"width must be a positive integer, got {width!r}")
    if symmetric and width % 2:
        raise ValueError(f"width must be even when symmetric=True, got {width}")
    gen = validate.rng(rng)
    half = width // 2 if symmetric else width
    w = gen.standard_normal((half, d))
    b = gen.standard_normal(half)
    a = gen.choice([-1.0, 1.0], size=half)
    if symmetric:
        w, b, a = np.vstack([w, w]), np.concatenate([b, b]), np.concatenate([a, -a])

    class TwoLayerReLU(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.w = torch.nn.Parameter(torch.tensor(w, dtype=dt))
            self.b = torch.nn.Parameter(torch.tensor(b, dtype=dt)) if bias else None
            self.a = torch.nn.Parameter(torch.tensor(a, dtype=dt),
                                        requires_grad=(train == "both"))
            self.width = int(width)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            z = x @ self.w.T
            if self.b is not None:
                z = z + self.b
            return torch.relu(z) @ self.a / math.sqrt(self.width)

    return TwoLayerReLU()


def empirical_ntk(net: Any, x: Any) -> np.ndarray:
    """Empirical NTK :math:`K_{ij} = \\sum_p \\partial_p f(x_i)\\partial_p f(x_j)` of a torch net.

    The sum runs over all parameters with ``requires_grad``; the Jacobian comes from
    ``torch.func.jacrev``. For :func:`two_layer_relu` it tends to :func:`ntk_two_layer`
    as the width grows, with fluctuations of order :math:`m^{-1/2}` (appendix §A.9).

    Parameters
    ----------
    net : torch.nn.Module mapping (n, d) to (n,) or (n, 1)
    x : array or tensor, shape (n, d)

    Returns
    -------
    ndarray, shape (n, n)
    """
    import torch
    from torch.func import functional_call, jacrev

    if not isinstance(net, torch.nn.Module):
        raise TypeError(f"net must be a torch.nn.Module, got {type(net).__name__}")
    xt = torch.as_tensor(np.asarray(x) if not isinstance(x, torch.Tensor) else x,
                         dtype=torch.float64)
    if xt.ndim != 2:
        raise ValueError(f"x must have shape (n, d), got {tuple(xt.shape)}")
    params = {k: p.detach() for k, p in net.named_parameters() if p.requires_grad}
    if not params:
        raise ValueError("net has no parameters with requires_grad=True")
    _check_scalar_output(net, xt)
    frozen = {k: p.detach() for k, p in net.named_parameters() if not p.requires_grad}

    def f(p: dict) -> torch.Tensor:
        return functional_call(net, {**frozen, **p}, (xt,)).reshape(-1)

    jac = jacrev(f)(params)
    n = xt.shape[0]
    k = torch.zeros((n, n), dtype=torch.float64)
    for j in jac.values():
        j2 = j.reshape(n, -1)
        k = k + j2 @ j2.T
    return k.numpy()


def _check_scalar_output(net: Any, xt: Any) -> None:
    """Refuse a net whose output on ``xt`` (n, d) is not (n,) or (n, 1)."""
    import torch

    with torch.no_grad():
        out = net(xt)
    n = xt.shape[0]
    if tuple(out.shape) not in ((n,), (n, 1)):
        raise ValueError(f"net must have one output (shape (n,) or (n, 1)); on x of shape "
                         f"{tuple(xt.shape)} it returns {tuple(out.shape)}: take one output "
                         "first (e.g. wrap the net to select a column)")


def gd_steps_to_fit(A: Any, y: Any, *, lr: float, tol: float = 0.1,
                    max_steps: int = 10**15) -> np.ndarray:
    """Steps of linear gradient descent until the residual falls below ``tol`` times its start.

    For the iteration :math:`e_{t+1} = (I - \\eta A)e_t`, :math:`e_0 = y` (kernel gradient
    descent from zero: :math:`A = \\Phi\\Phi^T/N` for :math:`L = \\frac{1}{2N}|\\Phi c - y|^2`,
    appendix §A.3; :math:`A = K/n` for :math:`L = \\frac{1}{2n}|f - y|^2` and NTK Gram
    :math:`K`, section 9), returns the smallest integer :math:`T` with
    :math:`|(I-\\eta A)^T y| \\le \\mathrm{tol}\\,|y|`, found by bisection on the
    eigen-decomposition :math:`A = V\\mathrm{diag}(\\lambda)V^T` (so :math:`T` may be huge at
    no cost). Requires :math:`0 \\le \\eta\\lambda < 2`, where the residual norm decreases.

    Parameters
    ----------
    A : array, shape (N, N), symmetric positive semi-definite
    y : array, shape (N,) or (N, M): one target per column
    lr : float > 0
    tol : float in (0, 1)
    max_steps : int >= 1 (an integer, so not ``np.inf``); targets not fitted within it
        get ``inf``

    Returns
    -------
    ndarray of float, shape () or (M,)
    """
    a = validate.array(A, "A")
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError(f"A must be a square matrix, got shape {a.shape}")
    yy = validate.array(y, "y")
    single = yy.ndim == 1
    yy = yy[:, None] if single else yy
    if yy.ndim != 2 or yy.shape[0] != a.shape[0]:
        raise ValueError(f"y must have shape (N,) or (N, M) with N = {a.shape[0]}")
    lr = validate.real(lr, "lr", positive=True)
    tol = validate.real(tol, "tol")
    if not (0 < tol < 1):
        raise ValueError(f"tol must be in (0, 1), got {tol!r}")
    max_steps = validate.count(max_steps, "max_steps", minimum=1)
    lam, v = np.linalg.eigh((a + a.T) / 2)
    lam = np.clip(lam, 0.0, None)
    if np.max(lr * lam) >= 2:
        raise ValueError(f"lr * max eigenvalue = {np.max(lr * lam):.3g} must be < 2")
    with np.errstate(divide="ignore"):
        log_q = 2.0 * np.log(np.abs(1.0 - lr * lam))   # -inf where lr * lam == 1
    z2 = (v.T @ yy) ** 2                                # (N, M)
    target = tol**2 * (yy**2).sum(axis=0)

    def resid2(t: float) -> np.ndarray:
        return (np.exp(np.minimum(t * log_q, 0.0))[:, None] * z2).sum(axis=0)

    out = np.full(yy.shape[1], np.inf)
    ok = resid2(max_steps) <= target
    for m in np.flatnonzero(ok):
        lo, hi = 0.0, float(max_steps)
        while hi - lo > 1:
            mid = np.floor(np.sqrt(max(lo, 1.0) * hi)) if hi > 4 * max(lo, 1.0) else \
                np.floor((lo + hi) / 2)
            mid = min(max(mid, lo + 1), hi - 1) if hi - lo > 1 else mid
            if resid2(mid)[m] <= target[m]:
                hi = mid
            else:
                lo = mid
        out[m] = hi
    return out[0] if single else out


# ------------------------------------------------------------ chapter 9 experiments


def empirical_ntk_errors(n_points: int, d: int, widths: Sequence[int], *,
                         rng: validate.RNGLike = 0) -> np.ndarray:
    """Relative distance of the empirical NTK from the infinite-width one, per width.

    Draws ``n_points`` uniform points :math:`x_i` on :math:`S^{d-1}`, then for each width
    :math:`m` one net :func:`two_layer_relu` (first layer trained, no bias) and returns
    :math:`\\|K_m - \\Theta\\|_F / \\|\\Theta\\|_F`, :math:`K_m` = :func:`empirical_ntk`,
    :math:`\\Theta` = :func:`ntk_two_layer` at the same points. :math:`K_m` is a mean of
    :math:`m` independent per-neuron kernels with mean :math:`\\Theta`, so the error
    shrinks like :math:`m^{-1/2}` (appendix §A.9).

    Parameters
    ----------
    n_points : int >= 1
    d : int >= 2, input dimension
    widths : sequence of positive ints
    rng : numpy.random.Generator, int seed or None (SPEC 7); the points come first from
        it, then one int seed per width for the initialisation.

    Returns
    -------
    ndarray, shape (len(widths),)
    """
    d = _check_d(d)
    n_points = validate.count(n_points, "n_points", minimum=1)
    try:
        ws = np.atleast_1d(np.asarray(widths))
    except (TypeError, ValueError):
        ws = np.array([])
    if ws.ndim != 1 or ws.size == 0 or not np.issubdtype(ws.dtype, np.integer) \
            or np.any(ws < 1):
        raise ValueError(f"widths must be a non-empty sequence of positive integers, "
                         f"got {widths!r}")
    validate.check_memory(4.0 * float(ws.max()) * (d + n_points), "widths")
    gen = validate.rng(rng)
    x = sample_sphere(n_points, d, rng=gen)
    exact = ntk_two_layer(x, x)
    out = np.empty(ws.size)
    for i, m in enumerate(ws):
        net = two_layer_relu(d, int(m), rng=int(gen.integers(2**32)))
        out[i] = np.linalg.norm(empirical_ntk(net, x) - exact) / np.linalg.norm(exact)
    return out


@dataclass(frozen=True)
class Spectrum:
    """Funk-Hecke eigenvalues of the ReLU NTK on :math:`S^{d-1}` with their multiplicities.

    Attributes
    ----------
    d : input dimension.
    log_mu : ``log mu_k`` for ``k = 0..kmax`` (``-inf`` where :math:`\\mu_k = 0`).
    log_multiplicity : ``log N(d, k)`` for ``k = 0..kmax``.
    """

    d: int
    log_mu: np.ndarray
    log_multiplicity: np.ndarray

    @property
    def mu(self) -> np.ndarray:
        """The eigenvalues :math:`\\mu_k`."""
        return np.exp(self.log_mu)

    @property
    def sum_rule(self) -> float:
        """:math:`\\sum_{k \\le k_{max}} N(d,k)\\,\\mu_k`, which tends to :math:`\\Theta(1)`."""
        return float(np.sum(np.exp(self.log_mu + self.log_multiplicity)))

    def log_slope(self, k1: int, k2: int) -> float:
        """Slope of :math:`\\log\\mu_k` against :math:`\\log k` between degrees ``k1 < k2``."""
        top = self.log_mu.size - 1
        k1 = validate.count(k1, "k1", minimum=1, maximum=top)
        k2 = validate.count(k2, "k2", minimum=1, maximum=top)
        if k2 <= k1:
            raise ValueError(f"k2 must be larger than k1 = {k1}, got {k2}")
        return float((self.log_mu[k2] - self.log_mu[k1]) / np.log(k2 / k1))


def ntk_spectrum(d: int, kmax: int, train: str = "first", bias: bool = False) -> Spectrum:
    """The eigenvalues :func:`ntk_eigenvalues` (in logs) and the multiplicities :math:`N(d,k)`.

    :math:`\\Theta(u) = \\sum_k N(d,k)\\,\\mu_k P_k(u)` (Funk-Hecke, appendix §A.9), so at
    :math:`u = 1` the sum rule :math:`\\sum_k N(d,k)\\mu_k = \\Theta(1)` holds
    (:attr:`Spectrum.sum_rule`, truncated at ``kmax``).

    Parameters
    ----------
    d : int >= 2, input dimension
    kmax : int >= 0
    train : {"first", "both"}
    bias : bool

    Returns
    -------
    Spectrum
    """
    validate.choice(train, "train", ("first", "both"))
    if not isinstance(bias, (bool, np.bool_)):
        raise TypeError(f"bias must be a bool, got {type(bias).__name__}")
    log_mu = ntk_eigenvalues(d, kmax, train=train, bias=bias, log=True)
    d = _check_d(d)
    return Spectrum(d, log_mu, _log_multiplicity(d, np.arange(log_mu.size)))


@dataclass(frozen=True)
class DegreeDecay:
    """Gradient descent on a two-layer ReLU net, its residual split into degrees.

    Attributes
    ----------
    degrees : the degrees :math:`k`.
    steps : the recorded steps :math:`t`, shape (T,).
    norms : :math:`\\|\\Pi_k e_t\\|/\\sqrt n`, shape (T, len(degrees)).
    rates : measured decay rate per step of each degree (:func:`fit_decay_rate`).
    predicted : :math:`-\\log(1 - \\eta\\mu_k)`, the NTK prediction.
    lr : the step :math:`\\eta`.
    """

    degrees: tuple[int, ...]
    steps: np.ndarray
    norms: np.ndarray
    rates: np.ndarray
    predicted: np.ndarray
    lr: float

    @property
    def ratio(self) -> np.ndarray:
        """Measured over predicted rate, per degree."""
        return self.rates / self.predicted

    @property
    def predicted_norms(self) -> np.ndarray:
        """:math:`\\|\\Pi_k e_0\\|(1 - \\eta\\mu_k)^t` at the recorded steps, shape (T, K)."""
        return self.norms[0] * np.exp(-self.predicted * self.steps[:, None])


def degree_decay(x: Any, directions: Any, degrees: Sequence[int], *, width: int,
                 steps: int, lr: float, kmax: int | None = None, floor: float = 0.3,
                 rng: validate.RNGLike = 0, dtype: str = "float64") -> DegreeDecay:
    """Cao et al.'s experiment: how fast gradient descent learns each degree.

    Trains :func:`two_layer_relu` (first layer, ``symmetric=True`` so :math:`f_0 = 0`) by
    full-batch gradient descent (:func:`radonbook.training.train`,
    :math:`L = \\frac{1}{2n}\\sum_i e_i^2`) on the target :func:`gegenbauer_target`
    :math:`f^*(x) = \\sum_k P_k(\\zeta_k\\cdot x)`, splits the residual :math:`e_t` at every
    step into degrees (:func:`project_on_degrees`, least squares on the harmonics of
    degree :math:`\\le` ``kmax``) and fits the rate of each degree over its first phase,
    until :math:`\\|\\Pi_k e_t\\|` falls to ``floor`` times its start. In the kernel limit
    :math:`\\|\\Pi_k e_t\\| \\approx (1-\\eta\\mu_k)^t\\|\\Pi_k e_0\\|` (appendix §A.9).

    Parameters
    ----------
    x : array (n, d), points on the unit sphere
    directions : array (len(degrees), d), unit vectors :math:`\\zeta_k`
    degrees : sequence of non-negative ints
    width : even int >= 2
    steps : int >= 2, gradient-descent steps
    lr : float > 0 with :math:`\\eta\\mu_k < 1`
    kmax : int, optional, the top degree of the projection (default ``max(degrees)``)
    floor : float in (0, 1)
    rng : numpy.random.Generator, int seed or None (SPEC 7), for the initialisation
    dtype : the net's precision (:func:`two_layer_relu`); the residuals are split into
        degrees in double precision

    Returns
    -------
    DegreeDecay
    """
    from radonbook import training

    x = _check_sphere(x, "x")
    degs = _check_degrees(degrees)
    width = validate.count(width, "width", minimum=2)
    steps = validate.count(steps, "steps", minimum=2)
    lr = validate.real(lr, "lr", positive=True)
    floor = validate.real(floor, "floor", positive=True)
    if floor >= 1:
        raise ValueError(f"floor must be in (0, 1), got {floor}")
    validate.array(directions, "directions", shape=(len(degs), x.shape[1]))
    mu = ntk_eigenvalues(x.shape[1], max(degs))[degs]
    if np.any(lr * mu >= 1):
        raise ValueError(f"lr * mu_k must be < 1, got lr = {lr} and mu = {mu}")
    y = gegenbauer_target(x, degs, directions)
    net = two_layer_relu(x.shape[1], width, symmetric=True, rng=rng, dtype=dtype)
    hist = training.train(net, x, y, steps=steps, lr=lr, record="residual")
    its, res = hist["step"], hist["residual"]
    parts = project_on_degrees(res, x, degs, kmax=kmax)
    norms = np.linalg.norm(parts, axis=2) / np.sqrt(x.shape[0])
    rates = np.array([fit_decay_rate(its, norms[:, i], floor * norms[0, i])
                      for i in range(len(degs))])
    return DegreeDecay(tuple(degs), its, norms, rates, -np.log1p(-lr * mu), lr)


@dataclass(frozen=True)
class PlaneWaveSteps:
    """Steps of kernel gradient descent to fit plane waves, against the penalty.

    Attributes
    ----------
    omegas : the frequencies :math:`\\omega`.
    steps : the steps :math:`T(\\omega)` (``inf``: not fitted within ``max_steps``).
    penalty : :math:`P_\\sigma(\\omega) = |\\hat\\sigma(\\omega)|^{-2}` (``inf`` where
        :math:`\\hat\\sigma = 0`).
    normalised : :math:`T\\,\\eta n/(4RL\\log(1/\\mathrm{tol}))`, predicted to be
        :math:`\\approx P_\\sigma(\\omega)`.
    lr : the step :math:`\\eta = 1/\\lambda_{max}`.
    """

    omegas: np.ndarray
    steps: np.ndarray
    penalty: np.ndarray
    normalised: np.ndarray
    lr: float

    @property
    def fitted(self) -> np.ndarray:
        """Where both the step count and the penalty are finite."""
        return np.isfinite(self.steps) & np.isfinite(self.penalty)

    @property
    def ratio(self) -> np.ndarray:
        """Normalised steps over the penalty at the fitted frequencies."""
        ok = self.fitted
        return self.normalised[ok] / self.penalty[ok]

    @property
    def slope(self) -> float:
        """Log-log slope of the normalised steps against the penalty (fitted points)."""
        ok = self.fitted
        if ok.sum() < 2:
            raise ValueError("need at least two fitted frequencies for a slope")
        return float(np.polyfit(np.log(self.penalty[ok]), np.log(self.normalised[ok]), 1)[0])


def plane_wave_steps(features: Any, x: Any, omegas: Any, act: Any, *, radius: float,
                     tol: float = 0.1) -> PlaneWaveSteps:
    """Steps gradient descent on the output weights needs to fit :math:`\\cos(\\omega x)`.

    One dimension, points :math:`x_j` filling :math:`[-L, L]` (:math:`L` = half the
    extent of ``x``), ``features`` :math:`\\Phi` (N, n) of n neurons with offsets uniform
    on :math:`[-R, R]`. Gradient descent on :math:`\\frac{1}{2N}\\|\\Phi c - y\\|^2` from
    :math:`c = 0` with :math:`\\eta = 1/\\lambda_{max}(\\Phi\\Phi^T/N)` multiplies a plane
    wave by about :math:`1 - \\eta\\lambda(\\omega)` per step,
    :math:`\\lambda(\\omega) = n/(4RL\\,P_\\sigma(\\omega))`, so it needs
    :math:`T \\approx 4RL\\log(1/\\mathrm{tol})P_\\sigma(\\omega)/(\\eta n)` steps to reach
    the relative residual ``tol`` (appendix §A.3-§A.4). The exact :math:`T` comes from
    :func:`gd_steps_to_fit`.

    Parameters
    ----------
    features : array (N, n), :math:`\\Phi_{ji} = \\sigma(\\theta_i x_j - r_i)`
    x : array (N,) or (N, 1), the points
    omegas : 1-D array of frequencies
    act : the activation σ (:func:`radonbook.activations.resolve`)
    radius : float > 0, :math:`R`
    tol : float in (0, 1)

    Returns
    -------
    PlaneWaveSteps
    """
    from radonbook import activations

    phi = validate.array(features, "features", ndim=2, min_size=1)
    xs = validate.array(x, "x", ndim=(1, 2), min_size=2)
    if xs.ndim == 2 and xs.shape[1] != 1:
        raise ValueError(f"x must have shape (N,) or (N, 1), got {xs.shape}")
    xs = xs.reshape(-1)
    if xs.size != phi.shape[0]:
        raise ValueError(f"x must have one point per row of features ({phi.shape[0]}), "
                         f"got {xs.size}")
    w = validate.array(omegas, "omegas", ndim=1, min_size=1)
    sigma = activations.resolve(act)
    radius = validate.real(radius, "radius", positive=True)
    tol = validate.real(tol, "tol")
    if not 0 < tol < 1:
        raise ValueError(f"tol must be in (0, 1), got {tol}")
    half = (xs.max() - xs.min()) / 2
    if half <= 0:
        raise ValueError("x must contain at least two distinct points")
    gram = phi @ phi.T / xs.size
    top = np.linalg.eigvalsh(gram)[-1]
    if not top > 0:
        raise ValueError("features must not be all zero (the Gram matrix has no positive "
                         "eigenvalue)")
    lr = 1.0 / top
    steps = gd_steps_to_fit(gram, np.cos(xs[:, None] * w[None, :]), lr=lr, tol=tol)
    normalised = steps * lr * phi.shape[1] / (4 * radius * half * np.log(1 / tol))
    return PlaneWaveSteps(w, steps, np.asarray(sigma.penalty(w), dtype=float),
                          normalised, float(lr))
