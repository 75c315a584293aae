"""Weight form and Radon-spline form of a shallow network (appendix §A.2; paper §II).

Weight form: ``f(x) = Σ_i a_i σ(w_i·x + b_i)``. Radon-spline form:
``f(x) = Σ_i c_i σ_{α_i}(θ_i·x - r_i)`` with ``σ_α(z) = σ(αz)/α``, orientation
``θ_i = w_i/‖w_i‖``, offset ``r_i = -b_i/‖w_i‖``, scale ``c_i = a_i‖w_i‖`` and
``α_i = ‖w_i‖`` (paper eqs. 1-2). The zero-plane of neuron i is ``{x : θ_i·x = r_i}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from radonbook import activations, validate

__all__ = [
    "DriftSlopes",
    "delta",
    "delta_drift",
    "drift_slopes",
    "features",
    "network",
    "network_rs",
    "rescale",
    "to_radon",
    "to_weights",
    "zero_plane_distance",
]

Array = np.ndarray


def _matrix(name: str, value: Any) -> Array:
    arr = validate.array(value, name, finite=False)
    if arr.ndim != 2:
        raise ValueError(f"{name} must have shape (n, d), got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or inf")
    return arr


def _vector(name: str, value: Any, n: int) -> Array:
    arr = validate.array(value, name, finite=False)
    if arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or inf")
    return arr


def to_radon(w: Array, b: Array, a: Array) -> tuple[Array, Array, Array, Array]:
    """Weights ``(w, b, a)`` to the Radon-spline parameters ``(theta, r, c, alpha)``.

    ``α_i = ‖w_i‖``, ``θ_i = w_i/α_i``, ``r_i = -b_i/α_i``, ``c_i = a_i α_i``
    (appendix §A.2).

    Parameters
    ----------
    w : (n, d) input weights, no zero row
    b : (n,) biases
    a : (n,) output weights

    Returns
    -------
    theta (n, d) unit vectors, r (n,), c (n,), alpha (n,) > 0

    Raises
    ------
    ValueError
        a zero row of ``w`` (the orientation is undefined), or shapes that disagree.
    """
    w = _matrix("w", w)
    n = w.shape[0]
    b, a = _vector("b", b, n), _vector("a", a, n)
    alpha = np.linalg.norm(w, axis=1)
    if np.any(alpha == 0):
        raise ValueError(f"w has zero rows {np.flatnonzero(alpha == 0).tolist()}: "
                         "the orientation theta = w/|w| is undefined")
    return w / alpha[:, None], -b / alpha, a * alpha, alpha


def to_weights(theta: Array, r: Array, c: Array, alpha: Array) -> tuple[Array, Array, Array]:
    """Radon-spline parameters back to weights: ``w = αθ``, ``b = -αr``, ``a = c/α``.

    ``theta`` rows must be unit vectors (to 1e-8) and ``alpha`` positive.
    """
    theta = _matrix("theta", theta)
    n = theta.shape[0]
    r, c, alpha = _vector("r", r, n), _vector("c", c, n), _vector("alpha", alpha, n)
    if np.any(alpha <= 0):
        raise ValueError("alpha must be > 0 (it is the norm of the input weights)")
    if not np.allclose(np.linalg.norm(theta, axis=1), 1.0, atol=1e-8):
        raise ValueError("theta rows must be unit vectors (orientations on the sphere)")
    return alpha[:, None] * theta, -alpha * r, c / alpha


def network(x: Array, w: Array, b: Array, a: Array, act: Any) -> Array:
    """Weight form ``f(x_j) = Σ_i a_i σ(w_i·x_j + b_i)`` for points ``x`` of shape (N, d).

    ``act`` is the activation σ: a name, ``(name, params)``, an ``Activation`` or a designed
    activation (:func:`radonbook.activations.resolve`).
    """
    w = _matrix("w", w)
    n, d = w.shape
    b, a = _vector("b", b, n), _vector("a", a, n)
    x = _points(x, d)
    act = activations.resolve(act, name="act")
    return act(x @ w.T + b) @ a


def features(x: Any, theta: Any, r: Any, act: Any, alpha: Any = 1.0) -> Array:
    """The feature matrix of the Radon-spline form (paper eqs. 1-2; appendix §A.2–A.3).

    ``Φ[j, i] = σ_{α_i}(θ_i·x_j - r_i)``, ``σ_α(z) = σ(αz)/α``, so that the network with
    frozen zero-planes ``(θ_i, r_i)`` and scales ``α_i`` is ``f(x_j) = (Φ c)_j`` (linear in
    the output weights ``c``: the kernel regime).

    Parameters
    ----------
    x : (N, d) inputs.
    theta : (n, d) orientations of the zero-planes (unit vectors in the paper; not checked,
        any finite rows work).
    r : (n,) signed offsets of the zero-planes.
    act : the activation σ: a name, ``(name, params)``, an ``Activation`` or a designed
        activation (:func:`radonbook.activations.resolve`).
    alpha : positive scalar or (n,) array of horizontal scales (default 1).

    Returns
    -------
    Phi : (N, n) float array.

    Raises
    ------
    ValueError
        shapes that disagree, NaN/inf entries, ``alpha <= 0``, an ``N × n`` matrix above
        the memory limit, or σ not finite at these arguments; ``TypeError`` for an ``act``
        that is not an activation.
    """
    x = validate.array(x, "x", ndim=2, min_size=1)
    theta = validate.array(theta, "theta", ndim=2, min_size=1)
    if theta.shape[1] != x.shape[1]:
        raise ValueError(
            f"theta must have d = {x.shape[1]} columns like x, got shape {theta.shape}")
    r = validate.array(r, "r", finite=False)
    if r.shape != (theta.shape[0],):
        raise ValueError(f"r must have shape ({theta.shape[0]},) (one offset per row of "
                         f"theta), got shape {r.shape}")
    if not np.all(np.isfinite(r)):
        raise ValueError("r contains NaN or infinite values")
    act = activations.resolve(act, name="act")
    alpha = validate.array(alpha, "alpha", finite=False)
    if alpha.ndim > 1 or (alpha.ndim == 1 and alpha.shape[0] != theta.shape[0]):
        raise ValueError(f"alpha must be a scalar or have length n = {theta.shape[0]}")
    if not np.all(np.isfinite(alpha)) or np.any(alpha <= 0):
        raise ValueError("alpha must be positive and finite")
    validate.check_memory(2.0 * x.shape[0] * theta.shape[0],
                          "the number of points N (rows of x) times neurons n (rows of "
                          "theta)")
    with np.errstate(over="ignore", invalid="ignore"):
        z = x @ theta.T - r[None, :]
        Phi = np.asarray(act(alpha * z), dtype=float) / alpha
    if Phi.shape != z.shape:
        raise ValueError(f"act must act elementwise; returned shape {Phi.shape} for "
                         f"{z.shape}")
    if not np.all(np.isfinite(Phi)):
        raise ValueError(f"Phi has {int(np.sum(~np.isfinite(Phi)))} NaN or infinite "
                         "entries: act is not finite at alpha (theta . x - r) for these x, "
                         "theta, r, alpha (too large?)")
    return Phi


#: size of one block of features in :func:`network_rs`: small enough for the cache
BLOCK_BYTES = 1 << 20


def network_rs(x: Array, theta: Array, r: Array, c: Array, alpha: Any, act: Any) -> Array:
    """Radon-spline form ``f(x_j) = Σ_i c_i σ(α_i(θ_i·x_j - r_i))/α_i`` (paper eq. 2).

    ``f = Φ c`` with the feature matrix ``Φ`` of :func:`features` (appendix §A.2), computed
    a block of rows of ``x`` at a time (each block's features about :data:`BLOCK_BYTES`),
    so the ``N × n`` matrix is never formed and the activation runs in the cache: the
    memory is ``O(n)`` rows, and at ``N = 96²``, ``n = 3000`` it is several times faster
    than ``features(x, ...) @ c``.

    Parameters
    ----------
    x : (N, d) inputs.
    theta : (n, d) orientations; r : (n,) offsets.
    c : (n,) output weights, or (n, m) for ``m`` networks on the same zero-planes.
    alpha : positive scalar or (n,) scales.
    act : the activation σ (:func:`radonbook.activations.resolve`).

    Returns
    -------
    f : (N,) or (N, m), as ``c``.
    """
    theta = _matrix("theta", theta)
    n, d = theta.shape
    r = _vector("r", r, n)
    c = validate.array(c, "c")
    if c.ndim not in (1, 2) or c.shape[0] != n:
        raise ValueError(f"c must have shape ({n},) or ({n}, m), got shape {c.shape}")
    x = _points(x, d)
    act = activations.resolve(act, name="act")  # once, not in every block
    rows = max(1, BLOCK_BYTES // (8 * n))
    out = np.empty((x.shape[0],) + c.shape[1:])
    for j in range(0, max(x.shape[0], 1), rows):  # x with no rows: features refuses
        out[j:j + rows] = features(x[j:j + rows], theta, r, act, alpha) @ c
    return out


def delta(w: Array, b: Array, a: Array, eta_a: float = 1.0, eta_w: float = 1.0) -> Array:
    """The statistic conserved by gradient flow for 1-homogeneous σ, per neuron:

    ``δ_i = η_w a_i² - η_a (‖w_i‖² + b_i²)`` (appendix §A.2; with η_a = η_w = 1,
    ``a_i² - ‖w_i‖² - b_i²``). Very negative: kernel (lazy) regime; positive: adaptive.
    """
    w = _matrix("w", w)
    n = w.shape[0]
    b, a = _vector("b", b, n), _vector("a", a, n)
    eta_a = validate.real(eta_a, "eta_a", positive=True)
    eta_w = validate.real(eta_w, "eta_w", positive=True)
    return eta_w * a**2 - eta_a * (np.sum(w**2, axis=1) + b**2)


def _points(x: Any, d: int) -> Array:
    x = validate.array(x, "x", finite=False)
    if x.ndim != 2 or x.shape[1] != d:
        raise ValueError(f"x must have shape (N, {d}), got shape {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError("x contains NaN or inf")
    return x


def rescale(w: Array, b: Array, a: Array, lam: Any) -> tuple[Array, Array, Array]:
    """The α-symmetry ``(w, b, a) → (λw, λb, a/λ)`` (appendix §A.2).

    It multiplies every ``α_i`` by ``λ`` and leaves ``(θ, r, c)`` unchanged, so for a
    positively 1-homogeneous σ (ReLU) the network is unchanged; it moves
    ``δ_i = a_i² - λ²(‖w_i‖² + b_i²)`` towards the kernel regime as ``λ`` grows.

    Parameters
    ----------
    w : (n, d) input weights; b : (n,) biases; a : (n,) output weights
    lam : positive scalar, or a 1-D array of k positive scales

    Returns
    -------
    ``(λw, λb, a/λ)``: shapes (n, d), (n,), (n,) for a scalar ``lam``, else stacked over
    the scales, (k, n, d), (k, n), (k, n).
    """
    w = _matrix("w", w)
    n = w.shape[0]
    b, a = _vector("b", b, n), _vector("a", a, n)
    lam_arr = validate.array(lam, "lam", ndim=(0, 1), min_size=1)
    if np.any(lam_arr <= 0):
        raise ValueError(f"lam must be positive, got {lam!r}")
    if lam_arr.ndim == 0:
        s = float(lam_arr)
        return s * w, s * b, a / s
    return (lam_arr[:, None, None] * w, lam_arr[:, None] * b, a / lam_arr[:, None])


def delta_drift(w0: Array, b0: Array, a0: Array, w1: Array, b1: Array, a1: Array,
                eta_a: float = 1.0, eta_w: float = 1.0) -> Array:
    """``max_i |δ_i(w1, b1, a1) - δ_i(w0, b0, a0)|``: how far training moved :func:`delta`.

    Gradient flow keeps every ``δ_i`` fixed (1-homogeneous σ); gradient descent with step
    ``η`` moves it by ``O(η)`` over a fixed time (appendix §A.2).

    Parameters
    ----------
    w0, b0, a0 : the weights at the start, shapes (..., n, d), (..., n), (..., n): any
        leading axes index independent runs.
    w1, b1, a1 : the weights at the end, the same shapes.
    eta_a, eta_w : learning rates of the weighted statistic (see :func:`delta`).

    Returns
    -------
    float for one run, else an array of the leading shape.
    """
    arrays = [validate.array(v, name) for v, name in
              ((w0, "w0"), (b0, "b0"), (a0, "a0"), (w1, "w1"), (b1, "b1"), (a1, "a1"))]
    w0_, b0_, a0_, w1_, b1_, a1_ = arrays
    if w0_.ndim < 2:
        raise ValueError(f"w0 must have shape (..., n, d), got shape {w0_.shape}")
    lead, (n, d) = w0_.shape[:-2], w0_.shape[-2:]
    for v, name, shape in ((b0_, "b0", (*lead, n)), (a0_, "a0", (*lead, n)),
                           (w1_, "w1", w0_.shape), (b1_, "b1", (*lead, n)),
                           (a1_, "a1", (*lead, n))):
        if v.shape != shape:
            raise ValueError(f"{name} must have shape {shape}, got shape {v.shape}")
    change = (delta(w1_.reshape(-1, d), b1_.ravel(), a1_.ravel(), eta_a, eta_w)
              - delta(w0_.reshape(-1, d), b0_.ravel(), a0_.ravel(), eta_a, eta_w))
    out = np.abs(change).reshape(*lead, n).max(axis=-1)
    if not np.all(np.isfinite(out)):
        raise ValueError("w0, b0, a0, w1, b1, a1 are too large: delta overflows float64")
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class DriftSlopes:
    """Log-log slopes of a drift against the step size, one per draw.

    Attributes
    ----------
    fitted : (R,) least-squares slope of ``log drift`` against ``log η`` over all steps.
    local : (S - 1, R) slopes between neighbouring step sizes, largest steps first.
    extrapolated : (R,) the local slope extrapolated to ``η → 0``.
    """

    fitted: Array
    local: Array
    extrapolated: Array


def drift_slopes(step_sizes: Any, drift: Any) -> DriftSlopes:
    """Fitted, local and extrapolated log-log slopes of ``drift`` against ``η``.

    If ``drift = C₁η + C₂η² + O(η³)``, the local slope between ``η`` and ``η/q`` is
    ``1 + O(η)``; for step sizes in a geometric sequence with ratio ``q`` the linear
    extrapolation of the last two local slopes, ``(q s_last - s_prev)/(q - 1)``
    (``2 s_last - s_prev`` for halving steps), removes the ``O(η)`` term
    (appendix §A.2).

    Parameters
    ----------
    step_sizes : (S,) decreasing step sizes in a geometric sequence, ``S >= 3``.
    drift : (S,) or (S, R) positive drifts, one column per draw.

    Returns
    -------
    DriftSlopes
    """
    eta = validate.array(step_sizes, "step_sizes", ndim=1, min_size=3)
    if np.any(eta <= 0) or np.any(np.diff(eta) >= 0):
        raise ValueError("step_sizes must be positive and decreasing")
    q = eta[:-1] / eta[1:]
    if not np.allclose(q, q[0], rtol=1e-9):
        raise ValueError("step_sizes must form a geometric sequence")
    dr = validate.array(drift, "drift", ndim=(1, 2))
    if dr.shape[0] != eta.size:
        raise ValueError(f"drift must have {eta.size} rows (one per step size), "
                         f"got shape {dr.shape}")
    if np.any(dr <= 0):
        raise ValueError("drift must be positive (its logarithm is fitted)")
    log_eta, log_dr = np.log(eta), np.log(dr.reshape(eta.size, -1))
    fitted = np.polyfit(log_eta, log_dr, 1)[0]
    local = np.diff(log_dr, axis=0) / np.diff(log_eta)[:, None]
    extrap = (q[0] * local[-1] - local[-2]) / (q[0] - 1)
    if dr.ndim == 1:
        return DriftSlopes(fitted[:1], local, extrap)
    return DriftSlopes(fitted, local, extrap)


def zero_plane_distance(theta0: Array, r0: Array, theta1: Array, r1: Array) -> Array:
    """How far each zero-plane moved on the cylinder: ``sqrt(‖θ1_i - θ0_i‖² + (r1_i - r0_i)²)``.

    The zero-plane ``{x : θ·x = r}`` is the point ``(θ, r)`` of ``S^{d-1} × R``
    (appendix §A.2).

    Parameters
    ----------
    theta0, theta1 : (n, d) orientations; r0, r1 : (n,) offsets.

    Returns
    -------
    (n,) array.
    """
    t0, t1 = _matrix("theta0", theta0), _matrix("theta1", theta1)
    if t1.shape != t0.shape:
        raise ValueError(f"theta1 must have shape {t0.shape}, got shape {t1.shape}")
    n = t0.shape[0]
    r0_, r1_ = _vector("r0", r0, n), _vector("r1", r1, n)
    return np.sqrt(np.sum((t1 - t0) ** 2, axis=1) + (r1_ - r0_) ** 2)
