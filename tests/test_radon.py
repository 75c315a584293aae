"""Tests for radonbook.radon against closed forms, quadrature and scikit-image."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import erf, i0e

from radonbook import quadrature as Q
from radonbook import radon as R


def rel(a, b):
    return np.linalg.norm(np.asarray(a) - np.asarray(b)) / np.linalg.norm(b)


ANGLES = np.linspace(0.0, np.pi, 90, endpoint=False)


# ----------------------------------------------------------------------------- phantom
def test_shepp_logan_table_and_values():
    p = R.shepp_logan()
    assert p.ellipses.shape == (10, 6)
    # modified Shepp-Logan: outer skull 1.0, brain 1.0 - 0.8 = 0.2 at the centre-ish
    assert p(0.0, 0.95 * 0.92) == pytest.approx(1.0)
    assert p(0.0, -0.3) == pytest.approx(0.2)
    assert p(0.0, 0.0) == pytest.approx(0.2)  # inside the skull and the brain only
    assert p(0.98, 0.98) == 0.0


def test_analytic_sinogram_matches_quadrature_along_lines():
    """R f(θ, t) = ∫ f(t θ + s θ⊥) ds by a dense midpoint rule on the point values."""
    p = R.random_ellipses(4, rng=3)
    rng = np.random.default_rng(0)
    s = np.linspace(-1.5, 1.5, 200_001)
    ds = s[1] - s[0]
    for phi, t in zip(rng.uniform(0, 2 * np.pi, 6), rng.uniform(-0.6, 0.6, 6), strict=True):
        th = np.array([np.cos(phi), np.sin(phi)])
        perp = np.array([-th[1], th[0]])
        vals = p(t * th[0] + s * perp[0], t * th[1] + s * perp[1])
        quad = vals.sum() * ds
        exact = p.sinogram(np.array([phi]), np.array([t]))[0, 0]
        assert exact == pytest.approx(quad, abs=5e-4)


def test_analytic_fourier_is_central_slice_of_sinogram():
    """F_t[R f(θ,·)](ω) = f̂(ωθ): quadrature of the analytic sinogram vs Phantom.fourier."""
    p = R.shepp_logan()
    t = np.linspace(-1.2, 1.2, 40_001)
    phis = np.array([0.3, 1.2, 2.5])
    sino = p.sinogram(phis, t)
    omega = np.array([0.0, 1.0, 5.0, 17.0])
    ft = np.trapezoid(sino[:, None, :] * np.exp(-1j * omega[None, :, None] * t[:, None, None]),
                      t, axis=0)
    exact = p.fourier(np.outer(omega, np.cos(phis)), np.outer(omega, np.sin(phis)))
    np.testing.assert_allclose(ft, exact, atol=2e-5)


def test_image_supersampling_converges_to_area():
    # a single disc of radius 0.5: mean of the image over [-1,1]^2 is pi r^2 / 4
    p = R.Phantom(np.array([[0.1, -0.2, 0.5, 0.5, 0.0, 1.0]]))
    assert p.image(64, supersample=4).mean() == pytest.approx(np.pi * 0.25 / 4, rel=2e-3)


# ----------------------------------------------------------------------------- radon
def test_nufft_matches_direct_dtft():
    rng = np.random.default_rng(1)
    img = rng.standard_normal((16, 16))
    u = rng.uniform(-np.pi, np.pi, 50)
    v = rng.uniform(-np.pi, np.pi, 50)
    jc = np.arange(16) - 8
    direct = np.einsum("ij,pi,pj->p", img, np.exp(-1j * np.outer(v, jc)),
                       np.exp(-1j * np.outer(u, jc)))
    fast = R._nufft2_polar(img, u, v)
    np.testing.assert_allclose(fast, direct, atol=1e-4 * np.abs(direct).max())


def test_radon_of_gaussian_closed_form():
    """f = exp(-|x - c|²/(2s²)) has R f(θ, t) = √(2π) s exp(-(t - θ·c)²/(2s²))."""
    n, s, c = 128, 0.15, np.array([0.2, -0.1])
    x = Q.pixel_centres(n)
    X, Y = np.meshgrid(x, x)
    img = np.exp(-((X - c[0]) ** 2 + (Y - c[1]) ** 2) / (2 * s * s))
    t = Q.pixel_centres(n)
    exact = np.sqrt(2 * np.pi) * s * np.exp(
        -(t[:, None] - (np.cos(ANGLES) * c[0] + np.sin(ANGLES) * c[1])) ** 2 / (2 * s * s))
    assert rel(R.radon(img, ANGLES), exact) < 2e-3


def test_radon_vs_analytic_sinogram():
    n = 256
    for p in (R.shepp_logan(), R.random_ellipses(3, rng=7)):
        sino = R.radon(p.image(n, supersample=2), ANGLES)
        assert rel(sino, p.sinogram(ANGLES, Q.pixel_centres(n))) < 0.02


def test_radon_vs_skimage():
    skimage_transform = pytest.importorskip("skimage.transform")
    from radonbook.bench.radon import skimage_offsets

    n, h = 256, 2 / 256
    angles = np.linspace(0.0, np.pi, 180, endpoint=False)
    img = R.shepp_logan().image(n)
    ours = R.radon(img, angles, offsets=skimage_offsets(n, angles))
    theirs = skimage_transform.radon(img[::-1], np.rad2deg(angles), circle=True) * h
    assert rel(ours, theirs) < 0.01


def test_radon_custom_offsets_subset():
    img = R.shepp_logan().image(64)
    full = R.radon(img, ANGLES)
    part = R.radon(img, ANGLES, offsets=Q.pixel_centres(64)[10:40])
    # same band-limited model; only the (offset-dependent) FFT period differs
    assert rel(part, full[10:40]) < 3e-3


# ----------------------------------------------------------------------------- back-projection
def test_backproject_closed_form():
    """g(θ,t) = exp(-t²/(2s²)) ⇒ R* g(x) = 2π e^{-r²/(4s²)} I₀(r²/(4s²))."""
    n, s = 96, 0.2
    t = Q.pixel_centres(400, extent=1.5)
    angles = np.linspace(0, np.pi, 60, endpoint=False)
    g = np.repeat(np.exp(-t**2 / (2 * s * s))[:, None], angles.size, axis=1)
    bp = R.backproject(g, angles, n_pixels=n, offsets=t)
    x = Q.pixel_centres(n)
    X, Y = np.meshgrid(x, x)
    z = (X**2 + Y**2) / (4 * s * s)
    np.testing.assert_allclose(bp, 2 * np.pi * i0e(z), atol=2e-3)


def test_backproject_is_adjoint_of_radon():
    """⟨R f, g⟩ = ⟨f, R* g⟩ with the quadratures Σ w_p Δt and Σ h²."""
    n = 128
    h = 2 / n
    x = Q.pixel_centres(n)
    X, Y = np.meshgrid(x, x)
    f = np.exp(-((X - 0.1) ** 2 + (Y + 0.2) ** 2) / 0.05) * (1 + 0.5 * X)
    t = Q.pixel_centres(n)
    g = np.exp(-(t[:, None] - 0.1) ** 2 / 0.1) * (
        1 + 0.3 * np.cos(ANGLES) + 0.2 * np.sin(3 * ANGLES))
    lhs = np.sum(R.radon(f, ANGLES) * g) * h * (2 * np.pi / ANGLES.size)
    rhs = np.sum(f * R.backproject(g, ANGLES)) * h * h
    assert lhs == pytest.approx(rhs, rel=2e-3)


def test_fbp_gaussian_closed_form():
    n, s = 128, 0.12
    x = Q.pixel_centres(n)
    X, Y = np.meshgrid(x, x)
    f = np.exp(-(X**2 + Y**2) / (2 * s * s))
    t = Q.pixel_centres(n)
    sino = np.repeat((np.sqrt(2 * np.pi) * s * np.exp(-t**2 / (2 * s * s)))[:, None],
                     ANGLES.size, axis=1)
    rec = R.fbp(sino, ANGLES, supersample=1)
    disc = X**2 + Y**2 <= 0.9**2  # the detector covers |t| ≤ 1 only
    assert rel(rec[disc], f[disc]) < 5e-3


def _shepp_logan_scan(analytic: bool, truth_supersample: int):
    """The benchmark's setting: Shepp–Logan at 256², 180 angles on scikit-image's offsets.

    The sinogram is computed by ``radon`` or, with ``analytic``, from the exact line
    integrals. Returns (angles, offsets, sinogram, truth, disc, pixel size, iradon)."""
    skimage_transform = pytest.importorskip("skimage.transform")
    from radonbook.bench.radon import skimage_offsets

    n, h = 256, 2 / 256
    angles = np.linspace(0.0, np.pi, 180, endpoint=False)
    p = R.shepp_logan()
    t_sk = skimage_offsets(n, angles)
    sino = p.sinogram(angles, t_sk) if analytic else R.radon(p.image(n), angles, offsets=t_sk)
    truth = p.image(n, supersample=truth_supersample)
    x = Q.pixel_centres(n)
    X, Y = np.meshgrid(x, x)
    return angles, t_sk, sino, truth, X**2 + Y**2 <= 1, h, skimage_transform.iradon


def test_fbp_no_worse_than_iradon():
    angles, t_sk, sino, truth, disc, h, iradon = _shepp_logan_scan(False, 4)
    ours = R.fbp(sino, angles, offsets=t_sk)
    theirs = iradon(sino / h, np.rad2deg(angles), filter_name="ramp")[::-1]
    e_ours, e_sk = rel(ours[disc], truth[disc]), rel(theirs[disc], truth[disc])
    assert e_ours <= e_sk
    # point values (no pixel averaging) agree with iradon's to 2 %
    plain = R.fbp(sino, angles, offsets=t_sk, supersample=1)
    assert rel(plain[disc], truth[disc]) < 1.02 * e_sk
    for filt in ("shepp-logan", "hann"):
        assert rel(R.fbp(sino, angles, filter=filt, offsets=t_sk)[disc], truth[disc]) < 0.25


def test_filter_power_two_is_minus_second_derivative():
    s = 0.1
    t = Q.pixel_centres(512, extent=1.5)
    g = np.exp(-t**2 / (2 * s * s))[:, None]
    exact = (1 / s**2 - t**2 / s**4) * g[:, 0]  # -g''
    out = R.filter_sinogram(g, t[1] - t[0], power=2)[:, 0]
    np.testing.assert_allclose(out, exact, atol=1e-6 * np.abs(exact).max())


# ----------------------------------------------------------------------------- dual radon
def test_dual_radon_closed_forms():
    rng = np.random.default_rng(2)
    # d = 3: R*[t²](x) = 4π|x|²/3 ; R*[e^{-t²/2}](x) = (2π)^{3/2} erf(r/√2)/r
    x = rng.standard_normal((20, 3))
    r = np.linalg.norm(x, axis=1)
    th, w = Q.sphere_quadrature(3, 24)
    np.testing.assert_allclose(R.dual_radon(lambda th_, t: t**2, x, th, w),
                               4 * np.pi * r**2 / 3, rtol=1e-10)
    np.testing.assert_allclose(R.dual_radon(lambda th_, t: np.exp(-t**2 / 2), x, th, w),
                               (2 * np.pi) ** 1.5 * erf(r / np.sqrt(2)) / r, rtol=1e-8)
    # d = 2, direction-dependent: R*[θ₁ t](x) = ∫ cos φ (x₁ cos φ + x₂ sin φ) dφ = π x₁
    x2 = rng.standard_normal((10, 2))
    th2, w2 = Q.sphere_quadrature(2, 16)
    np.testing.assert_allclose(R.dual_radon(lambda th_, t: th_[None, :, 0] * t, x2, th2, w2),
                               np.pi * x2[:, 0], atol=1e-12)


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("bad, match", [
    (np.zeros((8, 9)), "square"),
    (np.zeros(8), "2-D"),
    (np.zeros((2, 8, 8)), "2-D"),
    (np.full((8, 8), np.nan), "NaN"),
    (np.full((8, 8), np.inf), "NaN or inf"),
])
def test_radon_bad_image(bad, match):
    with pytest.raises(ValueError, match=match):
        R.radon(bad, ANGLES)


def test_bad_angles_and_shapes():
    img = np.zeros((16, 16))
    with pytest.raises(ValueError, match="at least 2 angles"):
        R.radon(img, np.array([0.1]))
    with pytest.raises(ValueError, match="angles"):
        R.radon(img, np.array([0.1, np.nan]))
    sino = np.zeros((16, 5))
    with pytest.raises(ValueError, match="columns"):
        R.backproject(sino, np.linspace(0, 3, 4))
    with pytest.raises(ValueError, match="columns"):
        R.fbp(sino, np.linspace(0, 3, 6))
    with pytest.raises(ValueError, match="at least 2 angles"):
        R.fbp(np.zeros((16, 1)), np.array([0.0]))
    with pytest.raises(ValueError, match="NaN"):
        R.fbp(np.full((16, 5), np.inf), np.linspace(0, 3, 5))
    with pytest.raises(ValueError, match="filter must be one of"):
        R.fbp(sino, np.linspace(0, 3, 5), filter="cosine")
    with pytest.raises(ValueError, match="uniformly spaced"):
        R.radon(img, ANGLES, offsets=np.array([0.0, 0.1, 0.3]))
    with pytest.raises(ValueError, match="rows"):
        R.backproject(sino, np.linspace(0, 3, 5), offsets=Q.pixel_centres(10))
    with pytest.raises(TypeError, match="n_pixels"):
        R.shepp_logan().image(3.5)
    with pytest.raises(ValueError, match="shape"):
        R.Phantom(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="semi-axes"):
        R.Phantom(np.array([[0, 0, -1, 1, 0, 1.0]]))


def test_dual_radon_bad_input():
    th, w = Q.sphere_quadrature(2, 8)
    with pytest.raises(ValueError, match="thetas"):
        R.dual_radon(lambda a, t: t, np.zeros((4, 3)), th, w)
    with pytest.raises(ValueError, match="weights"):
        R.dual_radon(lambda a, t: t, np.zeros((4, 2)), th, w[:-1])
    with pytest.raises(ValueError, match="unit"):
        R.dual_radon(lambda a, t: t, np.zeros((4, 2)), 2 * th, w)
    with pytest.raises(TypeError, match="callable"):
        R.dual_radon(3.0, np.zeros((4, 2)), th, w)
    with pytest.raises(ValueError, match="NaN"):
        R.dual_radon(lambda a, t: t, np.full((4, 2), np.nan), th, w)


def test_random_ellipses_seeded_and_inside_disc():
    p1, p2 = R.random_ellipses(6, rng=11), R.random_ellipses(6, rng=11)
    np.testing.assert_array_equal(p1.ellipses, p2.ellipses)
    # SPEC 7: a Generator or an int; the default rng=0 is reproducible
    p3 = R.random_ellipses(6, rng=np.random.default_rng(11))
    np.testing.assert_array_equal(p1.ellipses, p3.ellipses)
    np.testing.assert_array_equal(R.random_ellipses(6).ellipses,
                                  R.random_ellipses(6, rng=0).ellipses)
    assert not np.array_equal(R.random_ellipses(6, rng=12).ellipses, p1.ellipses)
    e = p1.ellipses
    assert np.all(np.hypot(e[:, 0], e[:, 1]) + np.maximum(e[:, 2], e[:, 3]) <= 0.9 + 1e-12)
    # hence the analytic sinogram vanishes for |t| > 0.9
    assert np.all(p1.sinogram(ANGLES, np.array([-0.95, 0.95])) == 0)


def test_more_bad_input():
    with pytest.raises(ValueError, match="supersample"):
        R.shepp_logan().image(16, supersample=0)
    with pytest.raises(ValueError, match="n must be"):
        R.random_ellipses(0, rng=1)
    with pytest.raises(TypeError, match="rng"):
        R.random_ellipses(2, rng="a")
    with pytest.raises(TypeError):
        R.random_ellipses(2, 1)  # rng is keyword-only
    with pytest.raises(ValueError, match="dt"):
        R.filter_sinogram(np.zeros((8, 3)), -1.0)
    with pytest.raises(ValueError, match="filter"):
        R.filter_sinogram(np.zeros((8, 3)), 0.1, filter="ram")
    with pytest.raises(ValueError, match="weights"):
        R.backproject(np.zeros((8, 3)), np.arange(3.0), weights=np.ones(4))


def test_partial_backprojections_grow_into_the_full_ones():
    angles = np.linspace(0, np.pi, 24, endpoint=False)
    ph = R.shepp_logan()
    offsets = Q.pixel_centres(64)
    sino = ph.sinogram(angles, offsets)
    plain, filtered = R.partial_backprojections(sino, angles, len(angles) - 1, 64, offsets)
    np.testing.assert_allclose(plain, R.backproject(sino, angles, 64, offsets), atol=1e-12)
    np.testing.assert_allclose(filtered, R.fbp(sino, angles, "ramp", 64, offsets,
                                               supersample=1), atol=1e-12)
    half, _ = R.partial_backprojections(sino, angles, 11, 64, offsets)
    np.testing.assert_allclose(half, R.backproject(sino[:, :12], angles[:12], 64, offsets,
                                                   weights=np.full(12, 2 * np.pi / 24)))
    with pytest.raises(ValueError, match="index"):
        R.partial_backprojections(sino, angles, 0, 64, offsets)


def test_nufft_adjoint_matches_direct_sum():
    rng = np.random.default_rng(2)
    c = rng.standard_normal(60) + 1j * rng.standard_normal(60)
    u = rng.uniform(-4, 4, 60)
    v = rng.uniform(-4, 4, 60)
    jc = np.arange(16) - 8
    direct = np.einsum("p,pi,pj->ij", c, np.exp(1j * np.outer(v, jc)),
                       np.exp(1j * np.outer(u, jc)))
    for width, tol in ((7, 1e-5), (5, 1e-3)):
        fast = R._nufft2_polar_adjoint(c, u, v, 16, width=width)
        np.testing.assert_allclose(fast, direct, atol=tol * np.abs(direct).max())


def test_fbp_matches_linear_backprojection():
    """fbp = backproject(filter_sinogram(·)) / 4π (linear interpolation), averaged over
    s × s points per pixel, up to the Fourier terms it drops (about 1 %)."""
    n = 128
    angles = np.linspace(0.0, np.pi, 120, endpoint=False)
    t = Q.pixel_centres(n)
    dt = t[1] - t[0]
    sino = R.radon(R.shepp_logan().image(n), angles)
    filtered = R.filter_sinogram(sino, dt)
    lin = R.backproject(filtered, angles) / (4 * np.pi)
    assert rel(R.fbp(sino, angles, supersample=1), lin) < 0.03
    fine = R.backproject(filtered, angles, n_pixels=2 * n, offsets=t) / (4 * np.pi)
    assert rel(R.fbp(sino, angles), fine.reshape(n, 2, n, 2).mean(axis=(1, 3))) < 0.015
    t2 = t[0] + np.arange(2 * n) * dt / 2
    lin2 = R.backproject(R.filter_sinogram(sino, dt, upsample=2), angles, n, t2) / (4 * np.pi)
    assert rel(R.fbp(sino, angles, supersample=1, upsample=2), lin2) < 0.015
    # the weights enter linearly
    np.testing.assert_allclose(R.fbp(sino, angles, weights=np.full(120, np.pi / 120)),
                               0.5 * R.fbp(sino, angles), atol=1e-10)


def test_fbp_analytic_sinogram_no_worse_than_iradon():
    """Independent check: exact Shepp–Logan sinogram, exact pixel averages, 256², 180 angles."""
    angles, t_sk, sino, truth, disc, h, iradon = _shepp_logan_scan(True, 8)
    ours = R.fbp(sino, angles, offsets=t_sk)
    theirs = iradon(sino / h, np.rad2deg(angles), filter_name="ramp")[::-1]
    assert rel(ours[disc], truth[disc]) <= rel(theirs[disc], truth[disc])


def test_fbp_refuses_huge_allocations():
    angles = np.linspace(0.0, np.pi, 8, endpoint=False)
    sino = np.zeros((16, 8))
    for bad in (0, 65, 5000):
        with pytest.raises(ValueError, match="supersample"):
            R.fbp(sino, angles, supersample=bad)
    with pytest.raises(TypeError, match="supersample"):
        R.fbp(sino, angles, supersample=2.0)
    with pytest.raises(ValueError, match="upsample"):
        R.fbp(sino, angles, upsample=10_000)
    with pytest.raises(ValueError, match="memory"):
        R.fbp(sino, angles, n_pixels=200_000)
    with pytest.raises(ValueError, match="memory"):
        R.backproject(sino, angles, n_pixels=200_000)
    assert R.fbp(sino, angles, supersample=64).shape == (16, 16)


# ------------------------------------------------------------------ networks on the cylinder
def test_gaussian_offset_density_relu_profile_matches_quadrature():
    from scipy import integrate
    from scipy.stats import norm

    dens = R.GaussianOffsetDensity(lambda phi: 1 + np.cos(phi), 0.5)
    theta = np.array([[1.0, 0.0], [0.0, 1.0]])
    t = np.array([[-0.7, 0.3], [0.2, 1.1]])
    got = dens.relu_profile(theta, t)
    for i in range(2):
        for m in range(2):
            a = 1 + np.cos(np.arctan2(theta[m, 1], theta[m, 0]))
            tt = t[i, m]
            # (t - r)_+ vanishes for r > t: integrate over r < t only
            want = a * integrate.quad(
                lambda r, tt=tt: (tt - r) * norm.pdf(r, scale=0.5), -np.inf, tt)[0]
            assert got[i, m] == pytest.approx(want, rel=1e-8, abs=1e-12)


def test_gaussian_offset_density_sample_is_unbiased_for_the_dual_radon():
    dens = R.GaussianOffsetDensity(lambda phi: 1 + np.cos(phi - 0.3), 0.4)
    x = np.array([[0.1, -0.2], [0.5, 0.3], [-0.4, 0.0]])
    exact = R.dual_radon(dens.relu_profile, x, *Q.sphere_quadrature(2, 512))
    gen = np.random.default_rng(5)
    draws_ = []
    for _ in range(200):
        nn = dens.sample(400, rng=gen)
        draws_.append(np.maximum(x @ nn.theta.T - nn.r, 0) @ nn.c)
    draws_ = np.array(draws_)
    sem = draws_.std(axis=0, ddof=1) / np.sqrt(len(draws_))
    assert np.all(np.abs(draws_.mean(axis=0) - exact) < 4 * sem)
    nn = dens.sample(7, rng=1)
    np.testing.assert_allclose(np.linalg.norm(nn.theta, axis=1), 1.0)
    phi = np.arctan2(nn.theta[:, 1], nn.theta[:, 0])
    np.testing.assert_allclose(nn.c, 2 * np.pi * (1 + np.cos(phi - 0.3)) / 7)


def test_gaussian_offset_density_bad_input():
    with pytest.raises(ValueError, match="scale"):
        R.GaussianOffsetDensity(np.cos, 0.0)
    with pytest.raises(TypeError, match="angular"):
        R.GaussianOffsetDensity(1.0, 0.5)
    with pytest.raises(ValueError, match="n"):
        R.GaussianOffsetDensity(np.cos, 0.5).sample(0)


def test_smooth_window_values():
    n = 64
    w = R.smooth_window(n, 0.5, 0.9)
    rad = np.hypot(*np.meshgrid(Q.pixel_centres(n), Q.pixel_centres(n)))
    assert np.all(w[rad <= 0.5] == 1.0) and np.all(w[rad >= 0.9] == 0.0)
    mid = (rad > 0.5) & (rad < 0.9)
    u = (0.9 - rad[mid]) / 0.4
    np.testing.assert_allclose(w[mid], 3 * u**2 - 2 * u**3)
    with pytest.raises(ValueError, match="outer"):
        R.smooth_window(n, 0.9, 0.5)
    with pytest.raises(ValueError, match="inner"):
        R.smooth_window(n, -0.1, 0.5)


def test_fold_half_turn():
    phi, t = R.fold_half_turn([0.5, np.pi + 0.5, 2 * np.pi - 0.1], [0.2, 0.2, -0.3])
    np.testing.assert_allclose(phi, [0.5, 0.5, np.pi - 0.1])
    np.testing.assert_allclose(t, [0.2, -0.2, 0.3])
    with pytest.raises(ValueError, match="t"):
        R.fold_half_turn([0.1, 0.2], [0.1])


def test_find_and_match_peaks_on_point_masses():
    angles = np.linspace(0, np.pi, 60, endpoint=False)
    offsets = Q.pixel_centres(50)
    g = np.zeros((50, 60))
    g[10, 5], g[30, 40], g[45, 58] = 2.0, -3.0, 1.0   # the last wraps round in angle
    g[20, 20] = 0.2
    peaks = R.find_peaks(g, angles, offsets, 3, smooth=1, neighbourhood=5)
    np.testing.assert_allclose(peaks.phi, angles[[40, 5, 58]])
    np.testing.assert_allclose(peaks.t, offsets[[30, 10, 45]])
    np.testing.assert_array_equal(peaks.sign, [-1, 1, 1])
    # neurons near the peaks: one just across the angle wrap (phi near pi)
    m = R.match_peaks(peaks, [angles[5] + 0.01, angles[58] + 0.05 - np.pi, angles[40]],
                      [offsets[10], offsets[45], offsets[30] + 0.01])
    np.testing.assert_array_equal(m.index, [1, 2, 0])
    np.testing.assert_allclose(m.d_phi, [0.01, 0.05, 0.0], atol=1e-12)
    np.testing.assert_allclose(m.d_t, [0.0, 0.0, 0.01], atol=1e-12)
    with pytest.raises(ValueError, match="k"):
        R.find_peaks(np.ones((50, 60)) * 0 + np.eye(50, 60), angles, offsets, 10**4)
    with pytest.raises(ValueError, match="offsets"):
        R.find_peaks(g, angles, offsets[:10], 3)
    with pytest.raises(TypeError, match="peaks"):
        R.match_peaks((1, 2), [0.1], [0.1])
