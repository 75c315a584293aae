"""Quadrature rules and grids shared by the whole package (appendix §A.1).

The base layer for every integral the book computes numerically: it imports only numpy,
scipy and :mod:`radonbook.validate`.

* :func:`sphere_area` -- ``|S^{d-1}| = 2 π^{d/2} / Γ(d/2)``, the area of the unit sphere
  in ``R^d`` (``d`` is always the ambient dimension).
* :func:`gauss_legendre` -- ``m``-node Gauss–Legendre rules on intervals ``[a, b]``
  (one interval, or many panels at once), the one Gauss–Legendre routine of the package.
* :func:`pixel_centres`, :func:`image_points` -- the one image grid of the book: pixel
  centres ``x_j = -extent + (j + 1/2) h``, ``h = 2 extent / n`` on
  ``[-extent, extent]²``, points in row-major order with rows along ``y``.
* :func:`sphere_quadrature` -- weights and nodes for ``∫_{S^{d-1}} F(θ) dθ``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np

from radonbook import validate

__all__ = [
    "gauss_legendre",
    "image_points",
    "pixel_centres",
    "sphere_area",
    "sphere_quadrature",
]


def sphere_area(d: int) -> float:
    r"""Area of the unit sphere ``S^{d-1}`` in ``R^d``.

    .. math:: |S^{d-1}| = \frac{2 \pi^{d/2}}{\Gamma(d/2)}

    so ``|S^0| = 2`` (two points), ``|S^1| = 2π``, ``|S^2| = 4π``; it peaks at ``d = 7``
    and tends to 0 (underflowing to ``0.0`` beyond ``d ≈ 1400``).

    Parameters
    ----------
    d : int
        The ambient dimension, at least 1.

    Returns
    -------
    float
        ``|S^{d-1}|``.
    """
    d = validate.count(d, "d", minimum=1)
    if d <= 300:  # Γ(d/2) overflows beyond d = 343
        return 2.0 * math.pi ** (d / 2) / math.gamma(d / 2)
    return math.exp(math.log(2.0) + 0.5 * d * math.log(math.pi) - math.lgamma(d / 2))


@lru_cache(maxsize=16)
def _leggauss(m: int) -> tuple[np.ndarray, np.ndarray]:
    """Read-only Gauss–Legendre nodes and weights on ``[-1, 1]`` (cached)."""
    z, w = np.polynomial.legendre.leggauss(m)
    z.setflags(write=False)
    w.setflags(write=False)
    return z, w


def gauss_legendre(a: Any, b: Any, m: int) -> tuple[np.ndarray, np.ndarray]:
    r"""``m``-node Gauss–Legendre rules on the intervals ``[a, b]``.

    With the Legendre nodes ``z_k`` and weights ``w_k`` on ``[-1, 1]``,

    .. math::

        \int_a^b g(x)\,dx \approx \sum_{k=1}^{m} W_k\, g(X_k), \qquad
        X_k = \frac{a + b}{2} + \frac{b - a}{2} z_k, \qquad W_k = \frac{b - a}{2} w_k,

    exact for polynomials of degree ``≤ 2m - 1``. ``a`` and ``b`` may be arrays (they are
    broadcast against each other): each pair of limits gets its own rule, so a composite
    (panel) rule on the edges ``e_0 < e_1 < … < e_P`` is
    ``gauss_legendre(e[:-1], e[1:], m)`` followed by ``.ravel()`` of nodes and weights.

    Parameters
    ----------
    a, b : float or array
        Lower and upper limits (finite; ``b < a`` gives negative weights, as the integral).
    m : int
        Nodes per interval, at least 1.

    Returns
    -------
    nodes, weights : arrays of shape ``broadcast(a, b).shape + (m,)``
        ``Σ_k weights[..., k] g(nodes[..., k])`` approximates ``∫_a^b g``.
    """
    m = validate.count(m, "m", minimum=1)
    a = validate.array(a, "a")
    b = validate.array(b, "b")
    try:
        a, b = np.broadcast_arrays(a, b)
    except ValueError:
        raise ValueError(f"a and b must broadcast against each other, got shapes "
                         f"{a.shape} and {b.shape}") from None
    validate.check_memory(2.0 * a.size * m, "m (times the number of intervals a, b)")
    z, w = _leggauss(m)
    half = 0.5 * (b - a)[..., None]
    mid = 0.5 * (a + b)[..., None]
    return mid + half * z, half * w


def pixel_centres(n: int, extent: float = 1.0) -> np.ndarray:
    r"""Pixel-centre coordinates of ``n`` cells covering ``[-extent, extent]``.

    .. math:: x_j = -\mathrm{extent} + (j + \tfrac12) h, \qquad
              h = \frac{2\,\mathrm{extent}}{n}, \qquad j = 0, \dots, n - 1.

    The midpoint rule ``h Σ_j g(x_j)`` on this grid approximates
    ``∫_{-extent}^{extent} g``; the grid is symmetric about 0 (mean 0). Computed as
    ``extent · (-1 + (j + 1/2)·2/n)``, the same number for every ``extent``-scaled grid.

    Parameters
    ----------
    n : int
        Number of cells, at least 1.
    extent : float
        Half-width of the interval, positive.

    Returns
    -------
    (n,) array
    """
    n = validate.count(n, "n", minimum=1)
    extent = validate.real(extent, "extent", positive=True)
    validate.check_memory(n, "n")
    return extent * (-1.0 + (np.arange(n) + 0.5) * (2.0 / n))


def image_points(n: int, extent: float = 1.0) -> np.ndarray:
    r"""The ``n × n`` pixel centres of ``[-extent, extent]²`` as points, row-major.

    With ``x = pixel_centres(n, extent)``,

    .. math:: \mathrm{points}[i n + j] = (x_j, x_i),

    i.e. rows ``i`` run along ``y`` and columns ``j`` along ``x``, so that
    ``values.reshape(n, n)`` is an image ``image[i, j]`` at ``(x_j, y_i)`` (draw with
    ``origin="lower"``).

    Parameters
    ----------
    n, extent : int, float
        As in :func:`pixel_centres`: ``n ≥ 1`` pixels per side, half-width ``extent > 0``.

    Returns
    -------
    (n*n, 2) array of points ``(x, y)``
    """
    n = validate.count(n, "n", minimum=1)
    validate.check_memory(2.0 * n * n, "n")
    x = pixel_centres(n, extent)
    X, Y = np.meshgrid(x, x)  # X[i, j] = x[j], Y[i, j] = x[i]
    return np.column_stack([X.ravel(), Y.ravel()])


def sphere_quadrature(d: int, n: int, *, rng: validate.RNGLike = 0
                      ) -> tuple[np.ndarray, np.ndarray]:
    r"""Nodes and weights for ``∫_{S^{d-1}} F(θ) dθ ≈ Σ_i w_i F(θ_i)``.

    * ``d = 2``: ``n`` equispaced angles ``φ_i = 2π i/n``, ``θ_i = (cos φ_i, sin φ_i)``,
      ``w_i = 2π/n`` (exact for trigonometric polynomials of degree ``< n``).
    * ``d = 3``: ``n`` Gauss–Legendre nodes ``z_k`` in ``z = θ_3`` × ``2n`` equispaced
      azimuths (``2n²`` points), ``w = w_k^{GL} π/n`` (exact for polynomials of degree
      ``≤ 2n - 1``).
    * ``d ≥ 4``: ``n`` uniform random directions (normalised Gaussian vectors drawn from
      ``rng``) with equal weights ``|S^{d-1}|/n`` (Monte Carlo).

    The weights always sum to :func:`sphere_area` ``(d) = 2π^{d/2}/Γ(d/2)``.

    Parameters
    ----------
    d : int
        Ambient dimension, at least 2.
    n : int
        Resolution (see above), at least 1.
    rng : numpy Generator, int or None
        Randomness for ``d ≥ 4`` (SPEC 7); unused for ``d ≤ 3``.

    Returns
    -------
    thetas : (m, d) array of unit vectors
    weights : (m,) array summing to ``|S^{d-1}|``
    """
    d = validate.count(d, "d", minimum=2)
    n = validate.count(n, "n", minimum=1)
    gen = validate.rng(rng)
    if d == 2:
        validate.check_memory(3.0 * n, "n")
        phi = 2 * np.pi * np.arange(n) / n
        return np.column_stack([np.cos(phi), np.sin(phi)]), np.full(n, 2 * np.pi / n)
    if d == 3:
        validate.check_memory(8.0 * n * n, "n")
        z, wz = _leggauss(n)
        phi = np.pi * np.arange(2 * n) / n
        Z, P = np.meshgrid(z, phi, indexing="ij")
        rho = np.sqrt(1 - Z**2)
        th = np.column_stack([(rho * np.cos(P)).ravel(), (rho * np.sin(P)).ravel(),
                              Z.ravel()])
        return th, np.repeat(wz, 2 * n) * (np.pi / n)
    validate.check_memory(2.0 * n * d, "n (times d)")
    g = gen.standard_normal((n, d))
    th = g / np.linalg.norm(g, axis=1, keepdims=True)
    return th, np.full(n, sphere_area(d) / n)
