"""Tests for radonbook.quadrature against closed forms and SciPy.

Sphere areas are checked against values written out by hand (|S^0| = 2, |S^1| = 2π,
|S^2| = 4π, |S^3| = 2π², |S^4| = 8π²/3, |S^5| = π³) and against the recursion
|S^{d+1}| = 2π |S^{d-1}| / d; Gauss–Legendre rules against exact polynomial integrals and
``scipy.integrate.quad``; the sphere quadrature against the moments of the uniform
measure.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate

from radonbook import quadrature as Q

#: |S^{d-1}| for d = 1..6, written out independently of the Γ formula
SPHERE_AREAS = {1: 2.0, 2: 2 * math.pi, 3: 4 * math.pi, 4: 2 * math.pi**2,
                5: 8 * math.pi**2 / 3, 6: math.pi**3}


# ----------------------------------------------------------------------------- sphere_area
@pytest.mark.parametrize("d", sorted(SPHERE_AREAS))
def test_sphere_area_known_values(d):
    assert Q.sphere_area(d) == pytest.approx(SPHERE_AREAS[d], rel=1e-14)
    assert Q.sphere_area(np.int64(d)) == Q.sphere_area(d)


def test_sphere_area_recursion_and_volume():
    # |S^{d+1}| = 2π |S^{d-1}| / d, and the unit ball's volume is |S^{d-1}|/d
    for d in range(1, 30):
        assert Q.sphere_area(d + 2) == pytest.approx(2 * math.pi * Q.sphere_area(d) / d,
                                                     rel=1e-13)
    # volume of the unit ball in R^3 by a Monte Carlo-free radial integral
    vol = integrate.quad(lambda r: Q.sphere_area(3) * r**2, 0, 1)[0]
    assert vol == pytest.approx(4 * math.pi / 3, rel=1e-13)


@pytest.mark.parametrize("bad, exc", [(0, ValueError), (-2, ValueError), (2.0, TypeError),
                                      (True, TypeError), ("3", TypeError), (None, TypeError)])
def test_sphere_area_bad_input(bad, exc):
    with pytest.raises(exc, match="d must be|d must"):
        Q.sphere_area(bad)


# ----------------------------------------------------------------------------- gauss_legendre
@pytest.mark.parametrize("m", [1, 2, 5, 8, 20])
def test_gauss_legendre_exact_for_polynomials(m):
    a, b = -0.7, 2.3
    x, w = Q.gauss_legendre(a, b, m)
    assert x.shape == w.shape == (m,)
    assert np.all((x > a) & (x < b))
    for k in range(2 * m):  # exact up to degree 2m - 1
        exact = (b ** (k + 1) - a ** (k + 1)) / (k + 1)
        assert np.sum(w * x**k) == pytest.approx(exact, rel=1e-12, abs=1e-12), k
    # and not beyond: degree 2m is integrated with an error (visible for small m)
    if m <= 8:
        k = 2 * m
        exact = (b ** (k + 1) - a ** (k + 1)) / (k + 1)
        assert abs(np.sum(w * x**k) - exact) > 1e-10 * abs(exact)


@pytest.mark.filterwarnings("ignore::scipy.integrate.IntegrationWarning")  # asks 1e-13
def test_gauss_legendre_panels_against_scipy_quad():
    funcs = [(np.exp, 0.0, 3.0), (lambda t: np.cos(7 * t) / (1 + t**2), -2.0, 5.0),
             (lambda t: np.exp(-t) * np.sin(3 * t) * t**2, 0.0, 30.0)]
    for g, a, b in funcs:
        edges = np.linspace(a, b, 41)
        x, w = Q.gauss_legendre(edges[:-1], edges[1:], 8)
        assert x.shape == w.shape == (40, 8)
        ours = np.sum(w * g(x))
        ref = integrate.quad(g, a, b, limit=200, epsabs=1e-15, epsrel=1e-13)[0]
        assert ours == pytest.approx(ref, rel=1e-12, abs=1e-14)


def test_gauss_legendre_broadcasts_limits():
    a = np.zeros((3, 1))
    b = np.array([1.0, 2.0])
    x, w = Q.gauss_legendre(a, b, 4)
    assert x.shape == w.shape == (3, 2, 4)
    np.testing.assert_allclose(np.sum(w * x**2, axis=-1), np.broadcast_to(b**3 / 3, (3, 2)))
    # reversed limits: the integral changes sign
    x2, w2 = Q.gauss_legendre(1.0, 0.0, 6)
    assert np.sum(w2 * x2**3) == pytest.approx(-0.25)
    # the weights of each interval sum to its length, b - a
    np.testing.assert_allclose(w.sum(axis=-1), np.broadcast_to(b, (3, 2)))


def test_gauss_legendre_bad_input():
    with pytest.raises(ValueError, match="m must be"):
        Q.gauss_legendre(0.0, 1.0, 0)
    with pytest.raises(TypeError, match="m must be"):
        Q.gauss_legendre(0.0, 1.0, 3.0)
    with pytest.raises(ValueError, match="a contains NaN"):
        Q.gauss_legendre(np.nan, 1.0, 3)
    with pytest.raises(ValueError, match="b contains NaN"):
        Q.gauss_legendre(0.0, np.inf, 3)
    with pytest.raises(ValueError, match="broadcast"):
        Q.gauss_legendre(np.zeros(3), np.ones(2), 3)
    with pytest.raises(TypeError, match="a must be"):
        Q.gauss_legendre("0", 1.0, 3)
    with pytest.raises(ValueError, match="GB"):
        Q.gauss_legendre(np.zeros(10**6), 1.0, 10**4)


# ----------------------------------------------------------------------------- image grid
@pytest.mark.parametrize("n", [1, 2, 7, 64])
@pytest.mark.parametrize("extent", [1.0, 2.5])
def test_pixel_centres_mean_and_spacing(n, extent):
    x = Q.pixel_centres(n, extent)
    h = 2 * extent / n
    assert x.shape == (n,)
    assert x.mean() == pytest.approx(0.0, abs=1e-14)
    np.testing.assert_allclose(np.diff(x), h, rtol=1e-12)
    assert x[0] == pytest.approx(-extent + h / 2) and x[-1] == pytest.approx(extent - h / 2)
    # the midpoint rule on these cells integrates linear functions exactly
    assert h * np.sum(3 * x + 1) == pytest.approx(2 * extent, rel=1e-12)


def test_image_points_row_major_rows_along_y():
    n = 5
    x = Q.pixel_centres(n, 1.5)
    pts = Q.image_points(n, 1.5)
    assert pts.shape == (n * n, 2)
    for i in range(n):
        for j in range(n):
            assert tuple(pts[i * n + j]) == (x[j], x[i])
    # so values.reshape(n, n) is image[i, j] at (x_j, y_i), like np.meshgrid(x, x)
    X, Y = np.meshgrid(x, x)
    np.testing.assert_array_equal(pts[:, 0].reshape(n, n), X)
    np.testing.assert_array_equal(pts[:, 1].reshape(n, n), Y)


def test_grid_bad_input():
    with pytest.raises(ValueError, match="n must be"):
        Q.pixel_centres(0)
    with pytest.raises(TypeError, match="n must be"):
        Q.pixel_centres(3.5)
    with pytest.raises(ValueError, match="extent must be"):
        Q.pixel_centres(4, extent=0.0)
    with pytest.raises(ValueError, match="extent must be"):
        Q.image_points(4, extent=-1.0)
    with pytest.raises(TypeError, match="extent must be"):
        Q.image_points(4, extent="1")
    with pytest.raises(ValueError, match="n would need"):
        Q.image_points(10**6)


# ----------------------------------------------------------------------------- sphere_quadrature
@pytest.mark.parametrize("d, n", [(2, 7), (2, 64), (3, 6), (3, 20), (4, 4000), (6, 4000)])
def test_sphere_quadrature_area_and_second_moment(d, n):
    th, w = Q.sphere_quadrature(d, n)
    area = SPHERE_AREAS[d]
    np.testing.assert_allclose(np.linalg.norm(th, axis=1), 1.0, rtol=1e-13)
    assert th.shape[1] == d and w.shape == (th.shape[0],)
    assert w.sum() == pytest.approx(area, rel=1e-13)
    # ∫ θ_1² dθ = |S^{d-1}|/d (by symmetry, Σ_k θ_k² = 1); exact for d ≤ 3, MC for d ≥ 4
    tol = 1e-12 if d <= 3 else 5 / math.sqrt(n)
    assert np.sum(w * th[:, 0] ** 2) == pytest.approx(area / d, rel=tol)
    assert np.sum(w * th[:, -1] ** 2) == pytest.approx(area / d, rel=tol)


def test_sphere_quadrature_exactness_d3():
    # ∫_{S²} θ_3^4 = 4π/5 and ∫ θ_1² θ_2² = 4π/15: degree 4 needs n ≥ 3 Legendre nodes
    th, w = Q.sphere_quadrature(3, 3)
    assert np.sum(w * th[:, 2] ** 4) == pytest.approx(4 * math.pi / 5, rel=1e-13)
    assert np.sum(w * th[:, 0] ** 2 * th[:, 1] ** 2) == pytest.approx(4 * math.pi / 15,
                                                                      rel=1e-13)


def test_sphere_quadrature_rng():
    a = Q.sphere_quadrature(5, 30)
    b = Q.sphere_quadrature(5, 30, rng=0)
    c = Q.sphere_quadrature(5, 30, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[0], c[0])
    assert not np.array_equal(a[0], Q.sphere_quadrature(5, 30, rng=1)[0])
    # deterministic rules ignore rng
    np.testing.assert_array_equal(Q.sphere_quadrature(3, 4, rng=5)[0],
                                  Q.sphere_quadrature(3, 4)[0])


def test_sphere_quadrature_bad_input():
    with pytest.raises(ValueError, match="d must be"):
        Q.sphere_quadrature(1, 5)
    with pytest.raises(ValueError, match="n must be"):
        Q.sphere_quadrature(2, 0)
    with pytest.raises(TypeError, match="rng"):
        Q.sphere_quadrature(4, 5, rng="x")
    with pytest.raises(TypeError):
        Q.sphere_quadrature(4, 5, 0)  # rng is keyword-only
    with pytest.raises(ValueError, match="n would need"):
        Q.sphere_quadrature(3, 10**6)
