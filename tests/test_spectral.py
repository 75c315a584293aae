"""Tests for radonbook.spectral against closed forms and a second (Radon-domain) method."""

import numpy as np
import pytest

from radonbook import activations as A
from radonbook import kernel as K
from radonbook import quadrature as Q
from radonbook import reparam as R
from radonbook import spectral as S
from radonbook import targets as T


def _gauss_mixture():
    """Sum of anisotropic shifted Gaussians ``A exp(-(x-c)ᵀΣ⁻¹(x-c)/2)``: f, f̂ and Rf."""
    comps = [
        (1.0, np.array([0.4, -0.3]), np.array([[1.6, 0.3], [0.3, 2.1]])),
        (-0.7, np.array([-0.5, 0.6]), np.array([[2.5, -0.4], [-0.4, 1.5]])),
    ]

    def f(p):
        out = np.zeros(p.shape[0])
        for a, c, cov in comps:
            d = p - c
            out += a * np.exp(-0.5 * np.einsum("ni,ij,nj->n", d, np.linalg.inv(cov), d))
        return out

    def fhat(k1, k2):
        xi = np.stack([k1, k2], axis=-1)
        out = np.zeros(k1.shape, dtype=complex)
        for a, c, cov in comps:
            quad = np.einsum("...i,ij,...j->...", xi, cov, xi)
            out += (a * 2 * np.pi * np.sqrt(np.linalg.det(cov)) * np.exp(-0.5 * quad)
                    * np.exp(-1j * xi @ c))
        return out

    def radon(theta, t):
        # line integral of a Gaussian: a 1-D Gaussian of variance θᵀΣθ and mass 2π√det Σ
        out = np.zeros_like(t)
        for a, c, cov in comps:
            v = theta @ cov @ theta
            mass = a * 2 * np.pi * np.sqrt(np.linalg.det(cov))
            out += mass * np.exp(-0.5 * (t - theta @ c) ** 2 / v) / np.sqrt(2 * np.pi * v)
        return out

    return f, fhat, radon


def test_fourier_grid_gaussian():
    """Closed-form transforms of shifted anisotropic Gaussians, phase included: checks the
    phase factor of the pixel-centre grid (a wrong half-pixel shift would be off by
    |e^{iξh/2} - 1| ~ ξh/2 at the largest frequencies)."""
    f, fhat, _ = _gauss_mixture()
    xi, F = S.fourier_grid(f, 14.0, 128)
    k1, k2 = np.meshgrid(xi, xi)
    assert np.abs(F - fhat(k1, k2)).max() < 1e-6
    # array input on the image grid gives the same result
    pts = Q.image_points(128, 14.0)
    xi2, F2 = S.fourier_grid(f(pts).reshape(128, 128), 14.0, 128)
    assert np.allclose(xi, xi2) and np.allclose(F, F2)
    # isotropic unit Gaussian: 2π e^{-|ξ|²/2}, real (no phase)
    xi, F = S.fourier_grid(lambda p: np.exp(-0.5 * np.sum(p**2, 1)), 8.0, 64)
    k1, k2 = np.meshgrid(xi, xi)
    assert np.abs(F - 2 * np.pi * np.exp(-0.5 * (k1**2 + k2**2))).max() < 1e-6
    # a Gaussian centred at c: 2π e^{-|ξ|²/2} e^{-iξ·c}, with padding
    c = np.array([0.7, -1.3])
    xi, F = S.fourier_grid(lambda p: np.exp(-0.5 * np.sum((p - c) ** 2, 1)), 8.0, 64, pad=2)
    k1, k2 = np.meshgrid(xi, xi)
    exact = 2 * np.pi * np.exp(-0.5 * (k1**2 + k2**2) - 1j * (k1 * c[0] + k2 * c[1]))
    assert np.abs(F - exact).max() < 1e-6


def test_fourier_grid_plane_wave_peak():
    # a cos(k·x + φ) under a Gaussian window of width s: peaks (a/2)·2πs² at ±k
    s, a, phi = 1.5, 1.3, 0.4
    k = np.array([3.0 * np.pi / 4, -np.pi / 2])  # on the frequency grid (Δξ = π/8)
    f = lambda p: a * np.cos(p @ k + phi)
    xi, F = S.fourier_grid(f, 8.0, 128, window="gaussian", window_radius=s)
    assert np.isclose(xi[1] - xi[0], np.pi / 8)
    i, j = np.unravel_index(np.argmax(np.abs(F)), F.shape)
    peak = np.array([xi[j], xi[i]])
    assert np.allclose(np.abs(peak), np.abs(k), atol=1e-12)
    assert np.allclose(peak, k) or np.allclose(peak, -k)
    height = 0.5 * a * 2 * np.pi * s**2
    assert abs(np.abs(F[i, j]) - height) < 1e-6 * height
    # the phase at +k is e^{iφ}
    jk = np.argmin(np.abs(xi - k[0]))
    ik = np.argmin(np.abs(xi - k[1]))
    assert abs(F[ik, jk] - height * np.exp(1j * phi)) < 1e-6 * height


def test_fourier_grid_hann_window_and_padding():
    # Hann window on [-a, a]²: its own transform, 1-D factor
    # ∫ cos²(πt/2a) e^{-iωt} dt = a sinc(aω/π) / (1 - (aω/π)²)  (numpy sinc)
    a = 1.0
    xi, F = S.fourier_grid(lambda p: np.ones(len(p)), 2.0, 256, window="hann",
                           window_radius=a, pad=2)
    assert xi.size == 512

    def one_d(w):
        u = a * w / np.pi
        with np.errstate(divide="ignore", invalid="ignore"):
            val = a * np.sinc(u) / (1 - u**2)
        return np.where(np.isclose(np.abs(u), 1.0), a / 2, val)

    k1, k2 = np.meshgrid(xi, xi)
    exact = one_d(k1) * one_d(k2)
    assert np.abs(F - exact).max() < 1e-4


def test_total_magnitude_gaussian():
    # f̂ = 2π e^{-|ξ|²/2}: M(ρ) = 2πρ · 2π e^{-ρ²/2}
    xi, F = S.fourier_grid(lambda p: np.exp(-0.5 * np.sum(p**2, 1)), 16.0, 128, pad=2)
    r = np.linspace(0, 5, 21)
    M = S.total_magnitude(xi, F, r)
    exact = 2 * np.pi * r * 2 * np.pi * np.exp(-0.5 * r**2)
    # bilinear interpolation of |F| between grid points: error O(Δξ²), here Δξ ≈ 0.1
    assert np.abs(M - exact).max() < 2e-3 * exact.max()


def test_total_magnitude_ring_peaks_at_radius():
    tgt = T.get("ring_fourier")
    kappa = tgt.params["kappa"]
    xi, F = S.fourier_grid(tgt, 4.0, 256, window="hann", window_radius=4.0, pad=2)
    r = np.linspace(0.0, 20.0, 801)
    M = S.total_magnitude(xi, F, r)
    assert abs(r[np.argmax(M)] - kappa) < 0.1
    # it is a ring: little mass far from it
    assert M[np.abs(r - kappa) > 3].max() < 0.05 * M.max()


def test_spectral_penalty_closed_forms():
    w = np.linspace(0.0, 4.0, 41)
    relu = A.get("relu")
    for d in (1, 2, 3):
        assert np.allclose(S.spectral_penalty(relu, w, d), w ** (d - 1) * w**4)
    gauss = A.get("gaussian")
    assert np.allclose(S.spectral_penalty(gauss, w, 2), w * np.exp(w**2))
    # by name, and only |ξ| matters
    assert np.allclose(S.spectral_penalty("relu", -w, 2), w**5)
    # scaled Gaussian σ(αt)/α = e^{-α²t²/2}/(α√2π) has transform e^{-ω²/(2α²)}/α²
    alpha = 2.5
    assert np.allclose(S.spectral_penalty(gauss, w, 2, alpha=alpha),
                       w * alpha**4 * np.exp(w**2 / alpha**2))
    # ReLU is 1-homogeneous: α leaves the penalty unchanged
    assert np.allclose(S.spectral_penalty(relu, w, 2, alpha=3.0), w**5)
    # Sinc: zero transform outside the band gives an infinite penalty
    P = S.spectral_penalty(A.get("sinc", W=2.0), w, 2)
    assert np.all(np.isinf(P[w > 2.0])) and np.allclose(P[w <= 2.0], w[w <= 2.0])


def _radon_seminorm(radon, sigma_hat, n_theta=256, T=20.0, nt=2048):
    """Eq. 6 with ρ ≡ 1: ∫∫ |C_σ^{-1} Λ R f(θ, t)|² dt dθ, filtering each projection in t."""
    t = -T + (2 * T / nt) * np.arange(nt)
    omega = 2 * np.pi * np.fft.fftfreq(nt, d=2 * T / nt)
    total = 0.0
    for phi in 2 * np.pi * np.arange(n_theta) / n_theta:
        theta = np.array([np.cos(phi), np.sin(phi)])
        proj = np.fft.fft(radon(theta, t))
        # drop round-off-level coefficients before multiplying by a growing filter
        keep = (np.abs(proj) > 1e-12 * np.abs(proj).max()) & (omega != 0)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            mult = np.where(keep, np.abs(omega) / sigma_hat(omega), 0.0)
        g = np.fft.ifft(np.where(keep, proj * mult, 0.0))
        total += np.sum(np.abs(g) ** 2) * (2 * T / nt)
    return total * 2 * np.pi / n_theta


@pytest.mark.parametrize("name", ["relu", "gaussian"])
def test_seminorm_fourier_matches_radon_domain(name):
    f, _, radon = _gauss_mixture()
    closed = {"relu": lambda w: -1.0 / w**2, "gaussian": lambda w: np.exp(-0.5 * w**2)}
    ref = _radon_seminorm(radon, closed[name])
    val = S.seminorm_fourier(f, A.get(name), 16.0, 128)
    assert np.isfinite(val) and ref > 0
    assert abs(val - ref) < 0.02 * ref, (val, ref)


def test_seminorm_fourier_sinc_is_infinite_for_non_bandlimited():
    f, _, _ = _gauss_mixture()
    assert S.seminorm_fourier(f, A.get("sinc", W=1.0), 16.0, 128) == float("inf")


def test_bad_inputs():
    f = lambda p: np.exp(-np.sum(p**2, 1))
    with pytest.raises(ValueError, match="n must be"):
        S.fourier_grid(f, 1.0, 63)
    with pytest.raises(TypeError, match="n must be"):
        S.fourier_grid(f, 1.0, 64.0)
    with pytest.raises(ValueError, match="extent"):
        S.fourier_grid(f, -1.0, 64)
    with pytest.raises(ValueError, match="window"):
        S.fourier_grid(f, 1.0, 64, window="kaiser")
    with pytest.raises(ValueError, match="window_radius"):
        S.fourier_grid(f, 1.0, 64, window="hann", window_radius=0.0)
    with pytest.raises(ValueError, match="pad"):
        S.fourier_grid(f, 1.0, 64, pad=0)
    with pytest.raises(ValueError, match="shape"):
        S.fourier_grid(np.zeros((10, 10)), 1.0, 64)
    xi, F = S.fourier_grid(f, 4.0, 32)
    with pytest.raises(ValueError, match="radii"):
        S.total_magnitude(xi, F, [xi.max() + 1])
    with pytest.raises(ValueError, match="radii"):
        S.total_magnitude(xi, F, [-1.0])
    with pytest.raises(ValueError, match="F must have shape"):
        S.total_magnitude(xi, F[:-1], [1.0])
    with pytest.raises(ValueError, match="n_angles"):
        S.total_magnitude(xi, F, [1.0], n_angles=4)
    with pytest.raises(ValueError, match="d must be"):
        S.spectral_penalty("relu", xi, 0)
    with pytest.raises(ValueError, match="alpha"):
        S.spectral_penalty("relu", xi, 2, alpha=-1.0)
    with pytest.raises(TypeError, match="act must be"):
        S.spectral_penalty(3.0, xi, 2)
    with pytest.raises(TypeError, match="act must be"):
        S.spectral_penalty(np.tanh, xi, 2)  # a bare function is refused
    with pytest.raises(ValueError, match="unknown activation"):
        S.spectral_penalty("not_an_activation", xi, 2)
    with pytest.raises(ValueError, match="floor"):
        S.seminorm_fourier(f, "relu", 4.0, 32, floor=-1.0)


def test_feature_spectral_density_layout_and_inverse_penalty():
    rng = np.random.default_rng(0)
    phi = rng.uniform(0, 2 * np.pi, 3)
    theta = np.stack([np.cos(phi), np.sin(phi)], 1)
    r = rng.uniform(-1, 1, 3)
    act = A.get("gaussian")
    xi, Sd = S.feature_spectral_density(act, theta, r, 6.0, 64, window_radius=1.0, chunk=2)
    # same as averaging |fourier_grid|² of each windowed feature
    ref = np.zeros_like(Sd)
    for th, ri in zip(theta, r, strict=True):
        _, F = S.fourier_grid(lambda p, th=th, ri=ri: act(p @ th - ri), 6.0, 64,
                              window="gaussian", window_radius=1.0)
        ref += np.abs(F) ** 2 / 3
    assert np.allclose(Sd, ref)
    # uniform zero-planes: S(ξ) ≈ (π s²/R) / P_σ(ξ) (appendix §A.4), ReLU, away from ξ = 0
    n, R, s = 256, 8.0, 2.0
    ang = 2 * np.pi * np.arange(n) / n
    theta = np.stack([np.cos(ang), np.sin(ang)], 1)
    r = np.random.default_rng(1).uniform(-R, R, n)
    xi, Sd = S.feature_spectral_density("relu", theta, r, 8.0, 256, window_radius=s)
    rho = np.linspace(6.0, 16.0, 6)  # |ξ| ≫ 1/s, below the grid's Nyquist frequency 50
    ratio = S.radial_profile(xi, Sd, rho) * S.spectral_penalty("relu", rho, 2)
    ratio /= np.pi * s**2 / R
    assert np.all(np.abs(ratio - 1) < 0.1), ratio
    with pytest.raises(ValueError, match="theta"):
        S.feature_spectral_density("relu", theta[:, :1], r, 8.0, 64)
    with pytest.raises(ValueError, match="r must"):
        S.feature_spectral_density("relu", theta, r[:-1], 8.0, 64)
    with pytest.raises(ValueError, match="chunk"):
        S.feature_spectral_density("relu", theta, r, 8.0, 64, chunk=0)


def test_kernel_fit_spectrum_fits_and_rejects_bad_input():
    res = S.kernel_fit_spectrum(A.get("relu"), T.get("ring_fourier"), n_train=80,
                                n_neurons=200, grid=32)
    assert isinstance(res, S.FitSpectrum)
    assert res.reached and res.train_mse <= 5e-8 * 1.001
    assert res.fit.shape == res.truth.shape == (32, 32)
    assert res.M_fit.shape == res.M_truth.shape == res.radii.shape == (120,)
    # it is fit_spectrum on the Experiment 2 draw of the same rng
    x, theta, r = S.experiment2_design(80, 200, rng=0)
    ref = S.fit_spectrum("relu", T.get("ring_fourier"), x, theta, r, grid=32)
    np.testing.assert_array_equal(res.fit, ref.fit)
    np.testing.assert_array_equal(res.M_fit, ref.M_fit)
    # the pipeline by hand: features -> min-norm fit -> image grid -> image_magnitude
    tgt = T.get("ring_fourier")
    c = K.min_norm(R.features(x, theta, r, "relu"), tgt(x), 5e-8).c
    fit = (R.features(Q.image_points(32), theta, r, "relu") @ c).reshape(32, 32)
    np.testing.assert_allclose(res.fit, fit, rtol=1e-12, atol=1e-12)
    assert res.test_mse == pytest.approx(np.mean((fit.ravel() - tgt(Q.image_points(32))) ** 2))
    np.testing.assert_allclose(res.M_fit, S.image_magnitude(fit, res.radii), rtol=1e-12)
    with pytest.raises(ValueError, match="grid"):
        S.kernel_fit_spectrum(A.get("relu"), T.get("hole"), grid=33)
    with pytest.raises(TypeError, match="target"):
        S.kernel_fit_spectrum(A.get("relu"), "hole")
    with pytest.raises(TypeError, match="act"):
        S.kernel_fit_spectrum(np.tanh, T.get("hole"))


def test_fit_spectrum_extent_and_unreachable_floor():
    """A larger square: data, grid and window on [-extent, extent]²; an activation that
    cannot fit returns the fit at its floor, flagged."""
    gen = np.random.default_rng(5)
    x = gen.uniform(-3, 3, (60, 2))
    theta, r = K.uniform_zero_planes(150, 2, 4.5, rng=gen)
    waves = lambda p: np.cos(2 * p[:, 0]) + np.cos(3 * p[:, 1])  # noqa: E731
    radii = np.linspace(0.25, 5.0, 20)
    res = S.fit_spectrum("relu", waves, x, theta, r, grid=32, mse=1e-3, extent=3.0,
                         radii=radii, pad=2)
    assert res.reached and res.train_mse == pytest.approx(1e-3, rel=1e-6)
    np.testing.assert_array_equal(res.radii, radii)
    np.testing.assert_allclose(res.truth.ravel(), waves(Q.image_points(32, 3.0)))
    xi, F = S.fourier_grid(res.truth, 3.0, 32, window="hann", window_radius=3.0, pad=2)
    np.testing.assert_allclose(res.M_truth, S.total_magnitude(xi, F, radii), rtol=1e-12)
    # 60 points, 20 neurons: no interpolant, the floor is far above 1e-12
    low = S.fit_spectrum("gaussian", waves, x, theta[:20], r[:20], grid=32, mse=1e-12,
                         extent=3.0)
    assert not low.reached and low.train_mse > 1e-12
    with pytest.raises(ValueError, match="x_train"):
        S.fit_spectrum("relu", waves, x[:, :1], theta, r)
    with pytest.raises(ValueError, match="values"):
        S.image_magnitude(np.zeros((4, 6)), [1.0])


def test_experiment2_design_streams_are_independent():
    # regression: points and offsets used to come from one stream, r[:2N] = √2 · x.ravel()
    for seed in range(5):
        x, theta, r = S.experiment2_design(256, 1000, rng=seed)
        assert x.shape == (256, 2) and theta.shape == (1000, 2) and r.shape == (1000,)
        u = x.ravel()[:512] * np.sqrt(2.0)
        assert not np.allclose(r[:512], u)
        # independent uniforms: the sample correlation is ~ N(0, 1/512); 5 sd bound
        assert abs(np.corrcoef(r[:512], u)[0, 1]) < 5 / np.sqrt(512), seed
        assert np.all(np.abs(r) <= np.sqrt(2.0)) and np.all(np.abs(x) <= 1.0)
    # each stream is unaffected by the other's size; the same seed gives the same draw
    x2, _, r2 = S.experiment2_design(64, 1000, rng=3)
    x3, _, r3 = S.experiment2_design(256, 200, rng=3)
    assert np.array_equal(x2, x3[:64]) and np.array_equal(r2[:200], r3)
    a, b = S.experiment2_design(10, 10, rng=7), S.experiment2_design(10, 10, rng=7)
    assert all(np.array_equal(p, q) for p, q in zip(a, b, strict=True))
    c = S.experiment2_design(10, 10)  # the default rng is 0
    assert all(np.array_equal(p, q) for p, q in
               zip(c, S.experiment2_design(10, 10, rng=0), strict=True))
    res = S.kernel_fit_spectrum(A.get("relu"), T.get("ring_fourier"), n_train=40,
                                n_neurons=100, grid=16, rng=3)
    assert np.array_equal(res.x_train, S.experiment2_design(40, 100, rng=3)[0])
    with pytest.raises(TypeError, match="rng"):
        S.experiment2_design(10, 10, rng=1.5)
    with pytest.raises(ValueError, match="n_train"):
        S.experiment2_design(1, 10)


def test_experiment2_fits_matches_direct_computation():
    acts = [A.get("relu"), ("relu_power", {"k": 2.0})]
    tgts = [T.get("ring_fourier"), T.get("hole")]
    res = S.experiment2_fits(acts, tgts, n_train=60, n_neurons=150, grid=16, mse=1e-4,
                             rng=4)
    x, theta, r = S.experiment2_design(60, 150, rng=4)
    assert np.array_equal(res.x_train, x) and np.array_equal(res.r, r)
    gx = -1 + (np.arange(16) + 0.5) / 8  # the pixel centres of [-1, 1], built by hand
    xt = np.stack(np.meshgrid(gx, gx), axis=-1).reshape(-1, 2)
    assert np.allclose(res.x_test, xt)
    assert res.train.shape == res.test.shape == res.reached.shape == (2, 2)
    for i, act in enumerate(acts):
        Phi = R.features(x, theta, r, act)
        for j, tgt in enumerate(tgts):
            c = K.min_norm(Phi, tgt(x), 1e-4).c
            fit = R.features(xt, theta, r, act) @ c
            assert res.reached[i, j] and np.isclose(res.train[i, j], 1e-4, rtol=1e-6)
            assert np.allclose(res.fits[i, :, j], fit, rtol=1e-5, atol=1e-7)
            assert np.isclose(res.test[i, j], np.mean((fit - tgt(xt)) ** 2), rtol=1e-5)
    with pytest.raises(ValueError, match="grid"):
        S.experiment2_fits(acts, tgts, grid=15)
    with pytest.raises(TypeError, match="targets"):
        S.experiment2_fits(acts, ["hole"], n_train=10, n_neurons=10, grid=8)


# --- bad input (independent review) --------------------------------------------------------


def test_seminorm_fourier_refuses_nan_function():
    relu = A.get("relu")
    with pytest.raises(ValueError, match="f has .* NaN or infinite"):
        S.seminorm_fourier(lambda p: np.full(p.shape[0], np.nan), relu, 4.0, 16)
    with pytest.raises(ValueError, match="f must return one value per point"):
        S.seminorm_fourier(lambda p: np.zeros(3), relu, 4.0, 16)
    with pytest.raises(ValueError, match="floor"):
        S.seminorm_fourier(lambda p: np.exp(-(p**2).sum(1)), relu, 4.0, 16, floor=np.nan)
    val = S.seminorm_fourier(lambda p: np.exp(-(p**2).sum(1)), relu, 4.0, 16)
    assert np.isfinite(val) and val > 0


# --- d-dimensional transforms and seminorms (appendix §A.4, §A.7) --------------------------


def _gauss_nd(d):
    """An anisotropic shifted Gaussian in R^d: f and its closed-form transform."""
    c = np.array([0.4, -0.3, 0.7])[:d]
    cov = np.array([[1.6, 0.3, 0.1], [0.3, 2.1, -0.2], [0.1, -0.2, 1.2]])[:d, :d]
    prec = np.linalg.inv(cov)

    def f(p):
        z = p - c
        return np.exp(-0.5 * np.einsum("ni,ij,nj->n", z, prec, z))

    def fhat(xi):  # xi (..., d)
        quad = np.einsum("...i,ij,...j->...", xi, cov, xi)
        return ((2 * np.pi) ** (d / 2) * np.sqrt(np.linalg.det(cov))
                * np.exp(-0.5 * quad - 1j * xi @ c))

    return f, fhat


@pytest.mark.parametrize("d", [1, 2, 3])
def test_fourier_grid_gaussian_in_d_dimensions(d):
    """The one FFT implementation in d = 1, 2, 3 against closed-form transforms, phase and
    axis order included (axis k of F is coordinate d - k)."""
    f, fhat = _gauss_nd(d)
    n = {1: 256, 2: 96, 3: 48}[d]
    xi, F = S.fourier_grid(f, 12.0, n, d=d)
    assert F.shape == (n,) * d
    grids = np.meshgrid(*([xi] * d), indexing="ij")[::-1]  # coordinate 1 varies last
    exact = fhat(np.stack(grids, axis=-1))
    assert np.abs(F - exact).max() < 1e-9 * np.abs(exact).max()
    # samples as an array (last coordinate slowest) give the same transform
    x = Q.pixel_centres(n, 12.0)
    pts = np.stack([g.ravel() for g in np.meshgrid(*([x] * d), indexing="ij")[::-1]],
                   axis=1)
    xi2, F2 = S.fourier_grid(f(pts).reshape((n,) * d), 12.0, n, d=d)
    assert np.array_equal(xi, xi2) and np.allclose(F, F2, rtol=0, atol=1e-14)
    if d == 2:  # the image grid of the book
        assert np.array_equal(pts, Q.image_points(n, 12.0))
    else:
        with pytest.raises(ValueError, match="window is available for d = 2 only"):
            S.fourier_grid(f, 12.0, n, d=d, window="hann")
    with pytest.raises(ValueError, match="shape"):
        S.fourier_grid(np.zeros((n,) * (d % 3 + 1)), 12.0, n, d=d)


def _radial_seminorm(d, width, p):
    """(1/π)|S^{d-1}| ∫_0^∞ |f̂(ρ)|² ρ^{2(d-1)} p(ρ) dρ for f = e^{-|x|²/(2 width²)} by
    scipy.integrate.quad (appendix §A.4 in polar coordinates)."""
    from scipy.integrate import quad

    amp2 = (2 * np.pi) ** d * width ** (2 * d)
    val, err = quad(lambda r: amp2 * np.exp(-(width * r) ** 2) * r ** (2 * (d - 1)) * p(r),
                    0, np.inf, epsabs=0, epsrel=1e-12, limit=200)
    return Q.sphere_area(d) * val / np.pi


@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("name", ["relu", "step", "dirac"])
def test_seminorm_fourier_against_radial_quadrature(d, name):
    """The grid seminorm of a Gaussian bump in R^d against the radial integral. In odd d
    the integrand |f̂|²|ξ|^{d-1}p is smooth and the grid sum is spectrally accurate; in
    d = 2 its corner |ξ|^{1+s} at 0 leaves the lattice term of relative size
    ~ |Z₂(-1-s)| (width Δξ)^{3+s}/π (Δξ = π/extent), below 5e-3 at extent = 8 width."""
    p = {"relu": lambda w: w**4, "step": lambda w: w**2, "dirac": lambda w: 1.0}[name]
    n = {1: 512, 2: 128, 3: 64}[d]
    for width in (0.5, 1.0):
        f = lambda x, s=width: np.exp(-np.sum(x**2, axis=1) / (2 * s**2))  # noqa: E731
        got = S.seminorm_fourier(f, name, 8.0 * width, n, d=d)
        ref = _radial_seminorm(d, width, p)
        tol = 6e-3 if (d == 2 and name == "dirac") else 1e-4 if d == 2 else 1e-9
        assert abs(got / ref - 1) < tol, (d, name, width, got, ref)


def test_seminorm_grid_reuses_one_transform():
    f, _ = _gauss_nd(3)
    xi, F = S.fourier_grid(f, 12.0, 32, d=3)
    for act in ("relu", "step"):
        assert S.seminorm_grid(xi, F, act) == S.seminorm_fourier(f, act, 12.0, 32, d=3)
    with pytest.raises(ValueError, match="F must have shape"):
        S.seminorm_grid(xi, F[:-1], "relu")
    with pytest.raises(ValueError, match="equispaced"):
        S.seminorm_grid(xi**3, F, "relu")
    with pytest.raises(ValueError, match="finite"):
        S.seminorm_grid(xi, np.full_like(F, np.nan), "relu")
    with pytest.raises(TypeError, match="act must be"):
        S.seminorm_grid(xi, F, np.tanh)


def test_spectral_penalty_indeterminate_at_zero_frequency():
    """The Step's closed form 1/|1/(iω)|² is 0/0 at ω = 0: its limit 0 is used (d = 1)."""
    w = np.array([0.0, 0.5, 2.0])
    assert np.array_equal(S.spectral_penalty("step", w, 1), w**2)
    assert np.allclose(S.spectral_penalty(("relu_power", {"k": -0.5}), w, 1), w)
    assert np.allclose(S.spectral_penalty("step", w, 1, alpha=2.0), 16 * (w / 2) ** 2)


def test_experiment2_fits_alpha_scales_the_features():
    tgts = [T.get("ring_fourier")]
    x, theta, r = S.experiment2_design(50, 120, rng=2)
    xt = Q.image_points(8, 1.0)
    res = S.experiment2_fits(["logistic"], tgts, n_train=50, n_neurons=120, grid=8,
                             mse=1e-3, alpha=3.0, rng=2)
    # σ_α(z) = σ(αz)/α, built by hand from the logistic function
    Phi = 1 / (1 + np.exp(-3.0 * (x @ theta.T - r))) / 3.0
    c = K.min_norm(Phi, tgts[0](x), 1e-3, unreachable="floor").c
    Phit = 1 / (1 + np.exp(-3.0 * (xt @ theta.T - r))) / 3.0
    assert np.allclose(res.fits[0, :, 0], Phit @ c, rtol=1e-6, atol=1e-8)
    # a homogeneous activation: α only rescales the features, the fit is unchanged
    a1 = S.experiment2_fits(["relu"], tgts, n_train=50, n_neurons=120, grid=8,
                            mse=1e-3, rng=2)
    a4 = S.experiment2_fits(["relu"], tgts, n_train=50, n_neurons=120, grid=8,
                            mse=1e-3, alpha=4.0, rng=2)
    assert np.allclose(a1.fits, a4.fits, rtol=1e-6, atol=1e-9)
    fs = S.fit_spectrum("logistic", tgts[0], x, theta, r, grid=8, mse=1e-3,
                        alpha=3.0)
    assert np.allclose(fs.fit.ravel(), Phit @ c, rtol=1e-6, atol=1e-8)
    with pytest.raises(ValueError, match="alpha"):
        S.experiment2_fits(["relu"], tgts, n_train=10, n_neurons=10, grid=8,
                           alpha=0.0)


def _seminorm_radial(fhat_sq, act, lo=0.0, hi=12.0):
    """(1/π) ∫ |f̂(ρ)|² ρ |σ̂(ρ)|⁻² 2πρ dρ for a radial f̂, by scipy quadrature."""
    from scipy import integrate

    val, _ = integrate.quad(
        lambda rho: fhat_sq(rho) * rho / abs(act.fourier(np.array([rho]))[0]) ** 2
        * 2 * np.pi * rho, lo, hi, limit=200)
    return val / np.pi


@pytest.mark.parametrize("name, var, closed, extent", [
    # isotropic Gaussian of variance v: |f̂|² = (2π v)² e^{-v ρ²}; ReLU: 4π² Γ(7/2) at v = 1
    ("relu", 1.0, 4 * np.pi**2 * 15 * np.sqrt(np.pi) / 8, 16.0),
    # |σ̂|⁻² = e^{ρ²}: 16π² ∫ 2ρ² e^{-ρ²} dρ; P_σ = ρ e^{ρ²} has a kink at 0, so the 2-D
    # grid sum needs a finer frequency step (Δξ = π/extent) for a 1e-4 agreement
    ("gaussian", 2.0, 8 * np.pi**2.5, 32.0),
])
def test_seminorm_steps_agree_with_the_closed_form(name, var, closed, extent):
    f = T.GaussianMixture(np.array([1.0]), np.zeros((1, 2)), var * np.eye(2)[None])
    act = A.get(name)
    quad = _seminorm_radial(lambda rho: (2 * np.pi * var) ** 2 * np.exp(-var * rho**2), act)
    np.testing.assert_allclose(quad, closed, rtol=1e-8)
    st = S.seminorm_steps(f, act, extent=extent, n=8 * int(extent))
    for value in st.values().values():
        np.testing.assert_allclose(value, closed, rtol=1e-4)
    assert st.slice_error < 1e-10
    assert list(st.values()) == ["eq. 6 / c₂² (Radon domain)", "1. Plancherel in t",
                                 "2. central slice", "3. Euclidean ξ (eq. 8)"]


def test_seminorm_steps_names_bad_input():
    with pytest.raises(TypeError, match="f must"):
        S.seminorm_steps(lambda x: x[:, 0], "relu")
    with pytest.raises(ValueError, match="n_theta"):
        S.seminorm_steps(T.smooth_bump(), "relu", n_theta=1)
    with pytest.raises(ValueError, match="act"):
        S.seminorm_steps(T.smooth_bump(), "no such activation")


def test_grouped_density_mean_is_the_whole_network():
    theta, r = K.uniform_zero_planes(64, 2, 3.0, rng=1)
    radii = np.array([2.0, 5.0, 9.0])
    g = S.grouped_density("relu", theta, r, 4.0, 32, radii, n_groups=4, window_radius=1.0)
    whole = S.radial_profile(*S.feature_spectral_density("relu", theta, r, 4.0, 32,
                                                         window_radius=1.0), radii)
    np.testing.assert_allclose(g.mean, whole, rtol=1e-10)
    one = S.radial_profile(*S.feature_spectral_density("relu", theta[1::4], r[1::4], 4.0,
                                                       32, window_radius=1.0), radii)
    np.testing.assert_allclose(g.profiles[1], one, rtol=1e-12)
    np.testing.assert_allclose(g.se, np.std(g.profiles, axis=0, ddof=1) / 2)
    assert g.profiles.shape == (4, 3)
    with pytest.raises(ValueError, match="n_groups"):
        S.grouped_density("relu", theta, r, 4.0, 32, radii, n_groups=1)
    with pytest.raises(ValueError, match="r"):
        S.grouped_density("relu", theta, r[:-1], 4.0, 32, radii)


def test_experiment2_draws_stacks_the_single_draws():
    acts, targets = ["relu", "logistic"], [T.get("ring_fourier"), T.get("hole")]
    sizes = dict(n_train=12, n_neurons=20, grid=8, mse=1e-3)
    runs = S.experiment2_draws(acts, targets, [3, 4, 5], **sizes)
    assert runs.test.shape == runs.train.shape == runs.reached.shape == (3, 2, 2)
    for d, seed in enumerate([3, 4, 5]):
        one = S.experiment2_fits(acts, targets, rng=seed, **sizes)
        np.testing.assert_array_equal(runs.test[d], one.test)
        np.testing.assert_array_equal(runs.reached[d], one.reached)
        np.testing.assert_array_equal(runs.draws[d].x_train, one.x_train)
    np.testing.assert_array_equal(runs.n_failed, (~runs.reached).sum(axis=0))
    np.testing.assert_array_equal(runs.fitted, runs.reached.all(axis=0))
    M = S.fit_magnitudes(runs.draws[0], np.array([1.0, 4.0]), pad=2, n_angles=64)
    assert M.shape == (2, 2, 2)
    np.testing.assert_array_equal(
        M[1, 0], S.image_magnitude(runs.draws[0].fits[1, :, 0].reshape(8, 8),
                                   np.array([1.0, 4.0]), pad=2, n_angles=64))
    with pytest.raises(ValueError, match="seeds"):
        S.experiment2_draws(acts, targets, [], **sizes)
    with pytest.raises(TypeError, match="draw"):
        S.fit_magnitudes(runs, np.array([1.0]))


def test_compare_activations_orders_paired_draws_and_refuses_unfitted_rows():
    rng = np.random.default_rng(0)
    base = rng.normal(size=5) * 3                  # shared by the pair: cancels
    values = np.stack([base, base + 1 + 0.01 * rng.normal(size=5), base + 0.0], axis=1)
    values = values[:, :, None]                    # (draws, 3 activations, 1 target)
    fitted = np.array([[True], [True], [False]])
    c = S.compare_activations(values, fitted, 0, 1, 0, labels=["a", "b", "c"])
    assert c.verdict == "<"
    np.testing.assert_allclose(c.gap, -np.mean(values[:, 1, 0] - values[:, 0, 0]))
    assert S.compare_activations(values, fitted, 1, 0, 0).verdict == ">"
    with pytest.raises(ValueError, match="fitted"):
        S.compare_activations(values, fitted, 0, 2, 0, labels=["a", "b", "c"])
    with pytest.raises(ValueError, match="fitted"):
        S.compare_activations(values, fitted[:2], 0, 1, 0)
    with pytest.raises(ValueError, match="labels"):
        S.compare_activations(values, fitted, 0, 1, 0, labels=["a"])
    with pytest.raises(ValueError, match="j"):
        S.compare_activations(values, fitted, 0, 1, 1)


def test_numerical_rank_counts_singular_values_above_the_solver_cutoff():
    rng = np.random.default_rng(2)
    U, _ = np.linalg.qr(rng.normal(size=(30, 6)))
    V, _ = np.linalg.qr(rng.normal(size=(10, 6)))
    Phi = U @ np.diag([1.0, 1e-3, 1e-9, 1e-13, 1e-16, 0.0]) @ V.T
    assert S.numerical_rank(Phi) == 4
    assert S.numerical_rank(Phi) == np.linalg.matrix_rank(
        Phi, tol=30 * np.finfo(float).eps * np.linalg.norm(Phi, 2))
    assert S.numerical_rank(np.zeros((3, 4))) == 0
    with pytest.raises(ValueError, match="Phi"):
        S.numerical_rank(np.ones(3))
