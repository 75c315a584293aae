"""Weight form and Radon-spline form of a shallow network (MATH.md section 2; paper §II).

Weight form: ``f(x) = Σ_i a_i σ(w_i·x + b_i)``. Radon-spline form:
``f(x) = Σ_i c_i σ_{α_i}(θ_i·x - r_i)`` with ``σ_α(z) = σ(αz)/α``, orientation
``θ_i = w_i/‖w_i‖``, offset ``r_i = -b_i/‖w_i‖``, scale ``c_i = a_i‖w_i‖`` and
``α_i = ‖w_i‖`` (paper eqs. 1-2). The zero-plane of neuron i is ``{x : θ_i·x = r_i}``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from radonbook import validate

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
    (MATH.md section 2).

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


def network(x: Array, w: Array, b: Array, a: Array, act: Callable[[Array], Array]) -> Array:
    """Weight form ``f(x_j) = Σ_i a_i σ(w_i·x_j + b_i)`` for points ``x`` of shape (N, d)."""
    w = _matrix("w", w)
    n, d = w.shape
    b, a = _vector("b", b, n), _vector("a", a, n)
    x = _points(x, d)
    return act(x @ w.T + b) @ a


def network_rs(x: Array, theta: Array, r: Array, c: Array, alpha: Array,
               act: Callable[[Array], Array]) -> Array:
    """Radon-spline form ``f(x_j) = Σ_i c_i σ(α_i(θ_i·x_j - r_i))/α_i`` (paper eq. 2)."""
    theta = _matrix("theta", theta)
    n, d = theta.shape
    r, c, alpha = _vector("r", r, n), _vector("c", c, n), _vector("alpha", alpha, n)
    if np.any(alpha <= 0):
        raise ValueError("alpha must be > 0")
    x = _points(x, d)
    return (act(alpha * (x @ theta.T - r)) / alpha) @ c


def delta(w: Array, b: Array, a: Array, eta_a: float = 1.0, eta_w: float = 1.0) -> Array:
    """The statistic conserved by gradient flow for 1-homogeneous σ, per neuron:

    ``δ_i = η_w a_i² - η_a (‖w_i‖² + b_i²)`` (MATH.md section 2; with η_a = η_w = 1,
    ``a_i² - ‖w_i‖² - b_i²``). Very negative: kernel (lazy) regime; positive: adaptive.
    """
    w = _matrix("w", w)
    n = w.shape[0]
    b, a = _vector("b", b, n), _vector("a", a, n)
    for name, eta in (("eta_a", eta_a), ("eta_w", eta_w)):
        if not np.isfinite(eta) or eta <= 0:
            raise ValueError(f"{name} must be a positive learning rate, got {eta}")
    return eta_w * a**2 - eta_a * (np.sum(w**2, axis=1) + b**2)


def _points(x: Any, d: int) -> Array:
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != d:
        raise ValueError(f"x must have shape (N, {d}), got shape {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError("x contains NaN or inf")
    return x
