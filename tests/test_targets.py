"""Tests for radonbook.targets: documented transforms against FFT and quadrature."""

import numpy as np
import pytest
from scipy import integrate, special

from radonbook import spectral as S
from radonbook import targets as T


def _grid_freqs(xi):
    k1, k2 = np.meshgrid(xi, xi)
    return np.stack([k1, k2], axis=-1)


def test_names_and_shapes():
    assert T.names() == ("sparse_fourier", "ring_fourier", "hole", "doppler2d", "bumps2d")
    x = np.random.default_rng(0).uniform(-1, 1, (7, 2))
    for name in T.names():
        tgt = T.get(name)
        y = tgt(x)
        assert y.shape == (7,) and np.all(np.isfinite(y))
        assert tgt(x.reshape(7, 1, 2)).shape == (7, 1)
        assert tgt.name == name and tgt.label and tgt.formula and tgt.fourier_formula


def test_plain_functions_match_catalogue():
    x = np.random.default_rng(1).uniform(-1, 1, (20, 2))
    assert np.allclose(T.get("sparse_fourier", seed=3)(x), T.sparse_fourier(x, seed=3))
    assert np.allclose(T.get("bumps2d", seed=3)(x), T.bumps2d(x, seed=3))
    assert np.allclose(T.get("ring_fourier")(x), T.ring_fourier(x))
    assert np.allclose(T.get("hole")(x), T.hole(x))
    assert np.allclose(T.get("doppler2d")(x), T.doppler2d(x))


def test_seeds_reproducible_and_distinct():
    x = np.random.default_rng(2).uniform(-1, 1, (50, 2))
    for name in ("sparse_fourier", "bumps2d"):
        a, b, c = (T.get(name, seed=s)(x) for s in (0, 0, 1))
        assert np.array_equal(a, b) and not np.allclose(a, c)


@pytest.mark.parametrize("name", ["sparse_fourier", "ring_fourier"])
def test_dirac_spectrum_targets_windowed_transform(name):
    """Targets whose transform is a sum of Dirac masses: the FFT of the Gaussian-windowed
    target equals the documented windowed transform."""
    tgt = T.get(name)
    s = 1.5
    xi, F = S.fourier_grid(tgt, 12.0, 256, window="gaussian", window_radius=s)
    exact = tgt.windowed_fourier(_grid_freqs(xi), s)
    assert np.abs(F - exact).max() < 1e-6 * np.abs(exact).max()


def test_sparse_fourier_wave_vectors():
    tgt = T.get("sparse_fourier")
    # the peaks sit at the documented wave vectors ±ω_k θ_k
    k = tgt.params["wavevectors"]
    omega = np.linalg.norm(k, axis=1)
    assert np.all((omega >= 2) & (omega <= 10)) and len(omega) == 6


def test_sparse_fourier_is_sum_of_plane_waves():
    # independent reconstruction from the Dirac masses: f(x) = (2π)^{-2} Σ weights e^{iξ·x}
    tgt = T.get("sparse_fourier", seed=5)
    p = tgt.params
    x = np.random.default_rng(3).uniform(-2, 2, (30, 2))
    total = np.zeros(30, dtype=complex)
    for k, phi, a in zip(p["wavevectors"], p["phases"], p["amplitudes"], strict=True):
        for sign in (1, -1):
            total += 2 * np.pi**2 * a * np.exp(1j * sign * phi) * np.exp(1j * sign * x @ k)
    assert np.allclose(total.real / (2 * np.pi) ** 2, tgt(x))
    assert np.allclose(total.imag, 0, atol=1e-9)


def test_ring_fourier_ring_identity():
    tgt = T.get("ring_fourier")
    # the Dirac ring: J₀(κ|x|) = (1/2π) ∫ e^{iκθ·x} dφ (quadrature over the ring)
    kappa = tgt.params["kappa"]
    x = np.array([[0.3, -0.2], [0.7, 0.1]])
    phi = 2 * np.pi * np.arange(400) / 400
    ring = np.exp(1j * kappa * (x[:, :1] * np.cos(phi) + x[:, 1:] * np.sin(phi))).mean(1)
    assert np.allclose(ring.real, tgt(x)) and np.allclose(ring.imag, 0, atol=1e-12)


def test_hole_transform_by_hankel_quadrature():
    tgt = T.get("hole")
    R = tgt.params["radius"]
    # 1 - hole is the disc; its transform is 2π ∫₀^∞ (1 - hole)(r) J₀(ρr) r dr
    for rho in (0.0, 1.0, 4.0, 11.0):
        val = integrate.quad(lambda r, rho=rho: (1 - tgt(np.array([[r, 0.0]]))[0])
                             * special.j0(rho * r) * r, 0, 2 * R, points=[R], limit=200)[0]
        assert abs(-2 * np.pi * val - tgt.fourier(np.array([rho, 0.0])).real) < 1e-8


def test_hole_transform_by_fft():
    tgt = T.get("hole")
    xi, F = S.fourier_grid(lambda p: 1 - tgt(p), 1.0, 512, pad=2)
    sel = np.abs(xi) < 20
    k = _grid_freqs(xi[sel])
    exact = -tgt.fourier(k)
    Fs = F[np.ix_(sel, sel)]
    # a pixelated disc: first-order accurate, so compare loosely
    assert np.abs(Fs - exact).max() < 1e-2 * np.abs(exact).max()


def test_doppler2d_separable_transform():
    tgt = T.get("doppler2d")
    eps = tgt.params["eps"]
    x = np.random.default_rng(4).uniform(-1.2, 1.2, (40, 2))
    assert np.allclose(tgt(x), T.doppler1d(x[:, 0], eps=eps) * T.doppler1d(x[:, 1], eps=eps))
    assert np.all(tgt(np.array([[1.1, 0.0], [0.0, -1.05]])) == 0)
    xi, F = S.fourier_grid(tgt, 1.0, 1024)
    # D̂(ω) by adaptive quadrature (oscillatory weights), then the tensor product
    def dhat(w):
        re = integrate.quad(lambda t: T.doppler1d(t, eps=eps), -1, 1, weight="cos",
                            wvar=w, limit=400)[0]
        im = integrate.quad(lambda t: T.doppler1d(t, eps=eps), -1, 1, weight="sin",
                            wvar=w, limit=400)[0]
        return re - 1j * im

    idx = {int(np.argmin(np.abs(xi - w))) for w in (0.0, 3.0, -7.0, 20.0)}
    vals = {i: dhat(xi[i]) for i in idx}
    scale = max(abs(v) for v in vals.values()) ** 2
    for i in idx:
        for j in idx:
            assert abs(F[i, j] - vals[i] * vals[j]) < 2e-3 * scale


def test_bumps2d_transform():
    tgt = T.get("bumps2d")
    # the cusp profile: ∫ e^{-|x|} e^{-iξ·x} dx = 2π(1+|ξ|²)^{-3/2} (Hankel quadrature)
    for rho in (0.0, 2.0, 7.0):
        val = 2 * np.pi * integrate.quad(lambda r, rho=rho: np.exp(-r) * special.j0(rho * r) * r,
                                         0, np.inf, limit=400)[0]
        assert abs(val - 2 * np.pi * (1 + rho**2) ** -1.5) < 1e-7
    xi, F = S.fourier_grid(tgt, 3.0, 768)
    sel = np.abs(xi) < 60
    exact = tgt.fourier(_grid_freqs(xi[sel]))
    assert np.abs(F[np.ix_(sel, sel)] - exact).max() < 2e-3 * np.abs(exact).max()
    p = tgt.params
    assert np.all((p["widths"] >= 0.05) & (p["widths"] <= 0.2))
    assert (p["heights"] > 0).any() and (p["heights"] < 0).any()


def test_seed_accepts_numpy_integers():
    """``seed`` selects a member of a target family: a Python or a numpy int, the same."""
    x = np.random.default_rng(1).uniform(-1, 1, (5, 2))
    for name in ("sparse_fourier", "bumps2d"):
        for seed in (np.int64(4), np.int32(4), np.uint8(4)):
            tgt = T.get(name, seed=seed)
            assert np.array_equal(tgt(x), T.get(name, seed=4)(x))
            assert type(tgt.params["seed"]) is int
    assert np.array_equal(T.sparse_fourier(x, seed=np.int64(2)), T.sparse_fourier(x, seed=2))
    assert np.array_equal(T.bumps2d_params(np.int16(3))["centers"],
                          T.bumps2d_params(3)["centers"])


def test_bad_inputs():
    with pytest.raises(ValueError, match="unknown target"):
        T.get("spiral")
    with pytest.raises(TypeError, match="seed"):
        T.get("bumps2d", seed=1.5)
    with pytest.raises(TypeError, match="seed"):
        T.sparse_fourier(np.zeros((2, 2)), seed="a")
    with pytest.raises(TypeError, match="seed"):
        T.get("bumps2d", seed=True)
    with pytest.raises(ValueError, match="seed"):
        T.get("sparse_fourier", seed=-1)
    with pytest.raises(TypeError, match="radius"):
        T.hole(np.zeros((1, 2)), radius="0.5")
    for name in T.names():
        with pytest.raises(ValueError, match="shape"):
            T.get(name)(np.zeros((4, 3)))
    with pytest.raises(NotImplementedError, match="windowed_fourier"):
        T.get("sparse_fourier").fourier(np.zeros((1, 2)))
    with pytest.raises(NotImplementedError, match="spectral.fourier_grid"):
        T.get("doppler2d").fourier(np.zeros((1, 2)))
    with pytest.raises(NotImplementedError, match="windowed"):
        T.get("hole").windowed_fourier(np.zeros((1, 2)), 1.0)
    with pytest.raises(ValueError, match="window width"):
        T.get("ring_fourier").windowed_fourier(np.zeros((1, 2)), 0.0)
    with pytest.raises(ValueError, match="xi"):
        T.get("bumps2d").fourier(np.zeros((3,)))
    with pytest.raises(ValueError, match="kappa"):
        T.ring_fourier(np.zeros((1, 2)), kappa=-1.0)
    with pytest.raises(ValueError, match="radius"):
        T.hole(np.zeros((1, 2)), radius=0.0)
    with pytest.raises(ValueError, match="eps"):
        T.doppler1d(np.zeros(3), eps=0.0)


def test_gaussian_mixture_transforms():
    g = T.smooth_bump(0.3)
    xi, F = S.fourier_grid(g, 4.0, 128)
    k = _grid_freqs(xi)
    assert np.abs(F - g.fourier(k)).max() < 1e-6 * np.abs(F).max()
    # Radon transform: line integral by quadrature along θ·x = t
    for phi, t in ((0.3, 0.1), (2.0, -0.25), (4.5, 0.4)):
        th = np.array([np.cos(phi), np.sin(phi)])
        perp = np.array([-th[1], th[0]])
        val = integrate.quad(lambda s_, t=t, th=th, perp=perp: g(t * th + s_ * perp),
                             -np.inf, np.inf)[0]
        assert abs(val - g.radon([phi], [t])[0, 0]) < 1e-9
    with pytest.raises(ValueError, match="positive definite"):
        T.GaussianMixture([1.0], [[0.0, 0.0]], [[[1.0, 0.0], [0.0, -1.0]]])
    with pytest.raises(ValueError, match="same number"):
        T.GaussianMixture([1.0, 2.0], [[0.0, 0.0]], [[[1.0, 0.0], [0.0, 1.0]]])
    with pytest.raises(ValueError, match="scale"):
        T.smooth_bump(0.0)


def test_gaussian_mixture_refuses_wrong_shapes():
    cov = [[[1.0, 0.0], [0.0, 1.0]]]
    with pytest.raises(ValueError, match=r"centers must have shape \(M, 2\)"):
        T.GaussianMixture([1.0], [[0.0, 0.0, 0.0]], cov)
    with pytest.raises(ValueError, match=r"centers must have shape \(M, 2\)"):
        T.GaussianMixture([1.0, 2.0], [[0.0, 0.0, 1.0, 1.0]], cov * 2)
    with pytest.raises(ValueError, match="covariances"):
        T.GaussianMixture([1.0], [[0.0, 0.0]], [[1.0, 0.0, 0.0, 1.0]])
    with pytest.raises(ValueError, match="centers contains NaN"):
        T.GaussianMixture([1.0], [[np.nan, 0.0]], cov)
    # one component given unbatched still works
    g = T.GaussianMixture(1.0, [0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]])
    assert g.centers.shape == (1, 2) and g(np.zeros((1, 2)))[0] == pytest.approx(1.0)
