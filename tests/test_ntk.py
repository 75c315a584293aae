"""Tests for radonbook.ntk against closed forms, Monte Carlo and independent numerics."""

import math

import numpy as np
import pytest
import torch
from scipy.special import eval_chebyt, eval_gegenbauer, gamma, iv

from radonbook import draws, ntk, quadrature, training


def _pair(u: float, dim: int = 3) -> tuple[np.ndarray, np.ndarray]:
    x = np.zeros(dim)
    x[0] = 1.0
    y = np.zeros(dim)
    y[0], y[1] = u, math.sqrt(1 - u * u)
    return x, y


# ------------------------------------------------------------------ kernels


@pytest.mark.parametrize("u", [-0.8, -0.2, 0.0, 0.5, 0.95])
def test_arccos_kernels_match_monte_carlo(u):
    rng = np.random.default_rng(0)
    w = rng.standard_normal((400_000, 3))
    x, y = _pair(u)
    zx, zy = w @ x, w @ y
    mc0 = np.mean((zx > 0) & (zy > 0))
    mc1 = np.mean(np.maximum(zx, 0) * np.maximum(zy, 0))
    assert abs(ntk.arccos_kernel(u, 0) - mc0) < 4e-3
    assert abs(ntk.arccos_kernel(u, 1) - mc1) < 4e-3


def test_ntk_profile_values_on_diagonal():
    # E[sigma'(z)^2] |x|^2 = 1/2, E[relu(z)^2] = 1/2 for z ~ N(0, 1)
    assert ntk.ntk_profile(1.0, "first") == pytest.approx(0.5)
    assert ntk.ntk_profile(1.0, "both") == pytest.approx(1.0)
    # with bias: |x~|^2 = 2 doubles both terms
    assert ntk.ntk_profile(1.0, "first", bias=True) == pytest.approx(1.0)
    assert ntk.ntk_profile(1.0, "both", bias=True) == pytest.approx(2.0)


@pytest.mark.parametrize("train", ["first", "both"])
@pytest.mark.parametrize("bias", [False, True])
def test_empirical_ntk_converges_to_analytic(train, bias):
    # The empirical NTK is an unbiased mean of m independent per-neuron kernels, so its
    # error shrinks like m^(-1/2). Tested over 8 initialisations (seeds 0..7) at 5 widths:
    x = ntk.sample_sphere(8, 3, rng=4)
    ana = ntk.ntk_two_layer(x, x, train=train, bias=bias)
    widths = np.array([250, 1000, 4000, 16000, 64000])
    errs = np.array([[ntk.empirical_ntk(
        ntk.two_layer_relu(3, int(m), train=train, bias=bias, rng=s), x) - ana
        for m in widths] for s in range(8)])                      # (seed, width, n, n)
    # (1) the scaling: per seed, the slope of log ||emp - ana||_F against log m. Over 40
    # seeds these slopes have a standard deviation of 0.08-0.09 (all four cases), so the
    # mean of 8 has a standard error of about 0.03; the tolerance 0.15 is 5 of them.
    fro = np.linalg.norm(errs, axis=(2, 3)) / np.linalg.norm(ana)
    slopes = draws.spread([np.polyfit(np.log(widths), np.log(e), 1)[0] for e in fro])
    assert abs(slopes.mean + 0.5) < 0.15, slopes.values
    # (2) the size: max |emp - ana| / max |ana| <= C m^(-1/2) at every width and seed.
    # Over seeds 0..39 and these widths, sqrt(m) * error was at most 3.4, 4.2, 6.5 and
    # 5.8 in the four cases; C = 20 leaves a margin of at least 3x over the largest.
    rel = np.max(np.abs(errs), axis=(2, 3)) / np.max(np.abs(ana))
    assert np.all(rel * np.sqrt(widths) < 20.0), rel * np.sqrt(widths)
    # (3) a narrow net is visibly further away: m^(-1/2) predicts a factor 16 between
    # the narrowest and the widest net, on average over the seeds; 4 is a 4x margin
    assert rel[:, 0].mean() > 4 * rel[:, -1].mean(), rel


def test_empirical_ntk_equals_autograd_gradients():
    x = ntk.sample_sphere(5, 4, rng=2)
    net = ntk.two_layer_relu(4, 30, train="both", bias=True, rng=0)
    grads = []
    for i in range(5):
        net.zero_grad()
        net(torch.tensor(x[i:i + 1])).sum().backward()
        grads.append(torch.cat([p.grad.reshape(-1) for p in net.parameters()]).numpy())
    g = np.stack(grads)
    np.testing.assert_allclose(ntk.empirical_ntk(net, x), g @ g.T, atol=1e-12)


# ----------------------------------------------------------- Gegenbauer & Funk-Hecke


@pytest.mark.parametrize("d", [3, 4, 5, 10])
def test_gegenbauer_matches_scipy(d):
    u = np.linspace(-1, 1, 31)
    lam = (d - 2) / 2
    for k in range(8):
        ref = eval_gegenbauer(k, lam, u) / eval_gegenbauer(k, lam, 1.0)
        np.testing.assert_allclose(ntk.gegenbauer(k, d, u), ref, atol=1e-12)


def test_gegenbauer_on_circle_is_chebyshev():
    u = np.linspace(-1, 1, 31)
    for k in range(8):
        np.testing.assert_allclose(ntk.gegenbauer(k, 2, u), eval_chebyt(k, u), atol=1e-12)


def test_multiplicity_closed_cases_and_identity():
    assert [ntk.harmonic_multiplicity(3, k) for k in range(6)] == [1, 3, 5, 7, 9, 11]
    assert [ntk.harmonic_multiplicity(2, k) for k in range(4)] == [1, 2, 2, 2]
    for d in range(2, 10):
        for k in range(2, 9):
            # harmonic polynomials in d variables: homogeneous of degree k minus
            # |x|^2 * homogeneous of degree k-2
            dim_k = math.comb(k + d - 1, d - 1) - math.comb(k + d - 3, d - 1)
            assert ntk.harmonic_multiplicity(d, k) == dim_k


@pytest.mark.parametrize("d", [2, 3, 4, 7])
def test_reproducing_property_gives_multiplicity(d):
    # E_y[P_k(x.y)^2] = 1/N(d,k): the Funk-Hecke eigenvalue of P_k itself
    for k in range(7):
        mu = ntk.funk_hecke_eigenvalues(lambda u, k=k: ntk.gegenbauer(k, d, u), d, 8)
        expected = np.zeros(9)
        expected[k] = 1.0 / ntk.harmonic_multiplicity(d, k)
        np.testing.assert_allclose(mu, expected, atol=1e-13)


@pytest.mark.parametrize("d", [2, 3, 4, 6, 11])
def test_funk_hecke_of_exponential(d):
    # e^{x.y}: mu_k = Gamma(nu + 1) 2^nu I_{k+nu}(1), nu = (d-2)/2
    nu = (d - 2) / 2
    k = np.arange(12)
    expected = gamma(nu + 1) * 2**nu * iv(k + nu, 1.0)
    mu = ntk.funk_hecke_eigenvalues(np.exp, d, 11)
    np.testing.assert_allclose(mu, expected, rtol=1e-10, atol=5e-14)
    total = sum(ntk.harmonic_multiplicity(d, int(j)) * mu[j] for j in k)
    assert total == pytest.approx(np.e, rel=1e-8)          # sum_k N mu_k = kappa(1)


@pytest.mark.parametrize("d", [2, 3, 4, 8, 13])
@pytest.mark.parametrize("train", ["first", "both"])
def test_closed_form_eigenvalues_match_quadrature(d, train):
    exact = ntk.ntk_eigenvalues(d, 16, train)
    quad = ntk.funk_hecke_eigenvalues(lambda u: ntk.ntk_profile(u, train), d, 16)
    np.testing.assert_allclose(exact, quad, atol=1e-14)


def test_eigenvalue_sum_and_vanishing_odd_degrees():
    d, kmax = 3, 4000
    log_mu = ntk.ntk_eigenvalues(d, kmax, "both", log=True)
    assert np.all(np.isneginf(log_mu[3::2]))                # odd k >= 3 vanish exactly
    n = np.array([ntk.harmonic_multiplicity(d, k) for k in range(kmax + 1)], dtype=float)
    partial = np.sum(n * np.exp(log_mu))
    assert 1.0 - 2e-3 < partial < 1.0                      # Theta(1) = 1, tail ~ 1/K
    with_bias = ntk.ntk_eigenvalues(d, 7, "both", bias=True)
    assert np.all(with_bias[3::2] > 1e-6)                   # the bias fills odd degrees


def test_eigenvalue_decay_exponents():
    for d in (3, 4):                                        # mu_k ~ k^(-d)
        lm = ntk.ntk_eigenvalues(d, 2000, "first", log=True)
        slope = (lm[2000] - lm[1000]) / math.log(2)
        assert abs(slope + d) < 0.05
    ds = np.array([401, 801])
    lm = np.array([ntk.ntk_eigenvalues(int(d), 4, "first", log=True) for d in ds])
    slopes = (lm[1, [1, 2, 4]] - lm[0, [1, 2, 4]]) / math.log(2)
    np.testing.assert_allclose(slopes, [-1, -2, -4], atol=0.05)


# ---------------------------------------------------------- targets, projections


def test_gegenbauer_target_and_projection_recover_degrees():
    d = 4
    x = ntk.sample_sphere(600, d, rng=0, scales=[2.0, 1.0, 0.5, 1.0])   # non-uniform
    degs = [0, 1, 2, 4]
    zeta = ntk.sample_sphere(len(degs), d, rng=1)
    w = [0.5, 1.0, -2.0, 3.0]
    f = ntk.gegenbauer_target(x, degs, zeta, weights=w)
    parts = ntk.project_on_degrees(f, x, [0, 1, 2, 3, 4])
    for i, k in enumerate([0, 1, 2, 3, 4]):
        truth = w[degs.index(k)] * ntk.gegenbauer(k, d, x @ zeta[degs.index(k)]) \
            if k in degs else np.zeros(len(x))
        np.testing.assert_allclose(parts[i], truth, atol=1e-9)
    assert ntk.gegenbauer_target(zeta[1:2], [1], zeta[1:2])[0] == pytest.approx(1.0)


def test_kernel_projection_is_monte_carlo_estimate():
    d = 3
    x = ntk.sample_sphere(3000, d, rng=3)
    zeta = ntk.sample_sphere(2, d, rng=4)
    f = ntk.gegenbauer_target(x, [1, 3], zeta)
    parts = ntk.project_on_degrees(f, x, [1, 2, 3], method="kernel")
    g1 = ntk.gegenbauer(1, d, x @ zeta[0])
    g3 = ntk.gegenbauer(3, d, x @ zeta[1])
    assert np.linalg.norm(parts[0] - g1) < 0.1 * np.linalg.norm(g1)
    assert np.linalg.norm(parts[2] - g3) < 0.15 * np.linalg.norm(g3)
    assert np.linalg.norm(parts[1]) < 0.15 * np.linalg.norm(g1)


def test_fit_decay_rate_and_steps_to_fit():
    t = np.arange(50)
    v = 3.0 * 0.9**t + np.where(t > 30, 1.0, 0.0)            # a floor after t = 30
    assert ntk.fit_decay_rate(t, v, floor=0.3) == pytest.approx(-math.log(0.9))
    rng = np.random.default_rng(0)
    b = rng.standard_normal((6, 6))
    a = b @ b.T
    lr = 1.0 / np.linalg.eigvalsh(a).max()
    y = rng.standard_normal(6)
    steps = ntk.gd_steps_to_fit(a, y, lr=lr, tol=0.1)
    e, count = y.copy(), 0                                    # brute force iteration
    while np.linalg.norm(e) > 0.1 * np.linalg.norm(y):
        e, count = e - lr * a @ e, count + 1
    assert steps == count
    zero = np.zeros((3, 3))
    assert np.isinf(ntk.gd_steps_to_fit(zero + np.diag([1.0, 1.0, 0.0]), np.eye(3)[2], lr=0.5))


def test_training_follows_linearised_dynamics_at_large_width():
    x = ntk.sample_sphere(40, 3, rng=5)
    y = ntk.gegenbauer_target(x, [1, 2], ntk.sample_sphere(2, 3, rng=6))
    net = ntk.two_layer_relu(3, 20_000, symmetric=True, rng=2)
    h = training.train(net, x, y, lr=2.0, steps=20, every=10, record="residual")
    its, res = h["step"], h["residual"]
    kn = ntk.ntk_two_layer(x, x) / len(x)
    e = -y
    for _ in range(20):
        e = e - 2.0 * kn @ e
    assert list(its) == [0, 10, 20]
    np.testing.assert_allclose(res[0], -y, atol=1e-12)       # symmetric init: f = 0
    assert np.linalg.norm(res[-1] - e) < 0.03 * np.linalg.norm(y)


def test_training_matches_hand_written_gradient_descent():
    x = ntk.sample_sphere(12, 4, rng=1)
    y = np.sin(3 * x[:, 0])
    net = ntk.two_layer_relu(4, 32, train="first", bias=True, rng=3)
    w, b, a = (p.detach().numpy().copy() for p in (net.w, net.b, net.a))
    res = training.train(net, x, y, steps=5, lr=0.5, record="residual")["residual"]
    for t in range(6):                        # dL/dz_ir = e_i a_r 1[z_ir > 0] / (n sqrt m)
        z = x @ w.T + b
        e = np.maximum(z, 0) @ a / np.sqrt(32) - y
        np.testing.assert_allclose(res[t], e, atol=1e-12)
        g = (z > 0) * e[:, None] * a[None, :] / (12 * np.sqrt(32))
        w, b = w - 0.5 * g.T @ x, b - 0.5 * g.sum(0)


# ---------------------------------------------------------------- bad inputs


def test_points_not_on_sphere_raise():
    bad = np.array([[1.0, 0.1, 0.0]])
    good = ntk.sample_sphere(3, 3, rng=0)
    with pytest.raises(ValueError, match="unit sphere"):
        ntk.ntk_two_layer(bad, good)
    with pytest.raises(ValueError, match="unit sphere"):
        ntk.gegenbauer_target(bad, [1], good[:1])
    with pytest.raises(ValueError, match="unit sphere"):
        ntk.project_on_degrees(np.zeros(1), bad, [1])
    with pytest.raises(ValueError, match="unit sphere"):
        ntk.gegenbauer_target(good, [1], [[2.0, 0.0, 0.0]])
    with pytest.raises(ValueError, match="shape"):
        ntk.ntk_two_layer(np.ones(3), good)
    with pytest.raises(ValueError, match="u must be"):
        ntk.arccos_kernel(1.5, 0)


def test_small_d_raises():
    for call in (lambda: ntk.harmonic_multiplicity(1, 1),
                 lambda: ntk.funk_hecke_eigenvalues(np.exp, 1, 3),
                 lambda: ntk.ntk_eigenvalues(-1, 3),
                 lambda: ntk.gegenbauer(2, 1, 0.5),
                 lambda: ntk.sample_sphere(5, 1),
                 lambda: ntk.two_layer_relu(1, 4)):
        with pytest.raises(ValueError, match="d must be"):
            call()
    with pytest.raises(TypeError, match="d must be"):
        ntk.harmonic_multiplicity(2.5, 1)
    with pytest.raises(TypeError, match="d must be"):
        ntk.two_layer_relu(3.0, 4)


def test_negative_degrees_raise():
    x = ntk.sample_sphere(30, 3, rng=0)
    for call in (lambda: ntk.harmonic_multiplicity(3, -1),
                 lambda: ntk.gegenbauer(-2, 3, 0.5),
                 lambda: ntk.gegenbauer_target(x, [-1], x[:1]),
                 lambda: ntk.project_on_degrees(x[:, 0], x, [1, -1]),
                 lambda: ntk.funk_hecke_eigenvalues(np.exp, 3, -1)):
        with pytest.raises(ValueError, match="non-negative"):
            call()


def test_other_bad_arguments_raise():
    x = ntk.sample_sphere(10, 3, rng=0)
    with pytest.raises(ValueError, match="degree must be 0 or 1"):
        ntk.arccos_kernel(0.3, 2)
    with pytest.raises(ValueError, match="train must be one of"):
        ntk.ntk_two_layer(x, x, train="second")
    with pytest.raises(ValueError, match="method must be"):
        ntk.project_on_degrees(x[:, 0], x, [1], method="fft")
    with pytest.raises(ValueError, match="need at least"):
        ntk.project_on_degrees(x[:, 0], x, [4])                 # 25 harmonics > 10 points
    with pytest.raises(ValueError, match="directions must have shape"):
        ntk.gegenbauer_target(x, [1, 2], x[:1])
    with pytest.raises(TypeError, match="callable"):
        ntk.funk_hecke_eigenvalues(3.0, 3, 3)
    with pytest.raises(TypeError, match="torch.nn.Module"):
        ntk.empirical_ntk(lambda z: z, x)
    with pytest.raises(ValueError, match="width must be even"):
        ntk.two_layer_relu(3, 5, symmetric=True)
    with pytest.raises(ValueError, match="lr"):
        ntk.gd_steps_to_fit(np.eye(2), np.ones(2), lr=5.0)
    with pytest.raises(TypeError):
        ntk.gd_steps_to_fit(np.eye(2), np.ones(2), 0.5)      # lr is keyword-only


def test_projection_of_many_functions_at_once():
    x = ntk.sample_sphere(200, 3, rng=7)
    vals = np.stack([x[:, 0], x[:, 1] * x[:, 2], np.exp(x[:, 0])])
    for method in ("lstsq", "kernel"):
        many = ntk.project_on_degrees(vals, x, [0, 2], kmax=3, method=method)
        assert many.shape == (3, 2, 200)
        for j in range(3):
            np.testing.assert_allclose(
                many[j], ntk.project_on_degrees(vals[j], x, [0, 2], kmax=3, method=method),
                atol=1e-12)


# --- bad input (independent review) --------------------------------------------------------


def test_gd_steps_to_fit_max_steps_is_a_count():
    a, y = np.diag([1.0, 0.5]), np.ones(2)
    for bad in (np.inf, 1e15, 2.5):
        with pytest.raises(TypeError, match="max_steps"):
            ntk.gd_steps_to_fit(a, y, lr=0.5, max_steps=bad)
    with pytest.raises(ValueError, match="max_steps"):
        ntk.gd_steps_to_fit(a, y, lr=0.5, max_steps=0)
    assert np.isfinite(ntk.gd_steps_to_fit(a, y, lr=0.5, max_steps=10**12))


def test_sphere_checks_refuse_nan():
    x = ntk.sample_sphere(4, 3, rng=0)
    bad = x.copy()
    bad[1, 0] = np.nan
    with pytest.raises(ValueError, match="x2 contains NaN"):
        ntk.ntk_two_layer(x, bad)
    with pytest.raises(ValueError, match="u"):
        ntk.arccos_kernel(np.array([0.5, np.nan]), 1)
    with pytest.raises(ValueError, match="x contains NaN"):
        ntk.gegenbauer_target(bad, [1], x[:1])


def test_empirical_ntk_refuses_multi_output():
    torch.manual_seed(0)
    x = ntk.sample_sphere(5, 3, rng=0)
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(),
                              torch.nn.Linear(4, 2)).double()
    with pytest.raises(ValueError, match="one output"):
        ntk.empirical_ntk(net, x)
    single = ntk.two_layer_relu(3, 16, rng=0)
    assert ntk.empirical_ntk(single, x).shape == (5, 5)


def test_training_divergence_names_lr():
    x = ntk.sample_sphere(6, 3, rng=1)
    y = 10 * x[:, 0]
    net = ntk.two_layer_relu(3, 16, train="both", rng=0)
    with pytest.raises(ValueError, match=r"diverged.*lr=100000000\.0"):
        training.train(net, x, y, steps=200, lr=1e8)


def test_area_ratio_is_the_sphere_area_ratio():
    # |S^(d-2)| / |S^(d-1)| from quadrature.sphere_area, and its log-gamma form for
    # dimensions where the areas themselves overflow
    for d in (2, 3, 4, 10, 50):
        assert ntk._area_ratio(d) == pytest.approx(
            quadrature.sphere_area(d - 1) / quadrature.sphere_area(d), rel=1e-14)
    assert ntk._area_ratio(2) == pytest.approx(1 / math.pi)      # 2 / (2 pi)
    big = ntk._area_ratio(2001)
    assert big == pytest.approx(math.sqrt(2000 / (2 * math.pi)), rel=1e-3)


def test_rng_conventions():
    # SPEC 7: an int seeds numpy's default_rng; a Generator is used as it is
    a = ntk.sample_sphere(4, 3)
    np.testing.assert_array_equal(a, ntk.sample_sphere(4, 3, rng=0))
    b = ntk.sample_sphere(4, 3, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(a, b)
    x = ntk.sample_sphere(40, 3, rng=1)
    v = x[:, 0] * x[:, 1]
    np.testing.assert_allclose(ntk.project_on_degrees(v, x, [2], rng=5),
                               ntk.project_on_degrees(v, x, [2], rng=6), atol=1e-10)


# ------------------------------------------------------------ chapter 9 experiments


def test_empirical_ntk_errors_match_direct_computation_and_shrink():
    widths = [40, 4000]
    got = ntk.empirical_ntk_errors(6, 3, widths, rng=11)
    # independent: the same draws done by hand in the documented order
    g = np.random.default_rng(11)
    x = ntk.sample_sphere(6, 3, rng=g)
    exact = ntk.ntk_two_layer(x, x)
    want = [np.linalg.norm(ntk.empirical_ntk(
        ntk.two_layer_relu(3, m, rng=int(g.integers(2**32))), x) - exact)
        / np.linalg.norm(exact) for m in widths]
    np.testing.assert_allclose(got, want, rtol=1e-12)
    # a 100-fold width cuts the expected error tenfold; allow a factor 3 either way
    assert 1 / 30 < got[1] / got[0] < 1 / 3


def test_empirical_ntk_errors_bad_input():
    with pytest.raises(ValueError, match="widths"):
        ntk.empirical_ntk_errors(5, 3, [100, 0])
    with pytest.raises(ValueError, match="n_points"):
        ntk.empirical_ntk_errors(0, 3, [100])
    with pytest.raises(ValueError, match="d"):
        ntk.empirical_ntk_errors(5, 1, [100])


@pytest.mark.parametrize("d", [3, 6])
def test_ntk_spectrum_multiplicities_sum_rule_and_slope(d):
    s = ntk.ntk_spectrum(d, 400)
    mult = np.array([ntk.harmonic_multiplicity(d, k) for k in range(401)], dtype=float)
    np.testing.assert_allclose(np.exp(s.log_multiplicity), mult, rtol=1e-10)
    np.testing.assert_allclose(s.mu, ntk.funk_hecke_eigenvalues(ntk.ntk_profile, d, 400),
                               atol=1e-13)
    # sum rule sum_k N mu_k -> Theta(1) = 1/2; the tail beyond k is O(k^-1), so within 1 %
    assert abs(s.sum_rule - 0.5) < 5e-3
    assert s.sum_rule < 0.5  # every omitted term is positive
    # mu_k ~ k^-d for even k >> d (appendix §A.9)
    assert abs(s.log_slope(200, 400) + d) < 0.05 * d
    assert s.log_slope(2, 4) == pytest.approx(math.log(s.mu[4] / s.mu[2]) / math.log(2))


def test_ntk_spectrum_bad_input():
    s = ntk.ntk_spectrum(3, 10)
    with pytest.raises(ValueError, match="k2"):
        s.log_slope(4, 2)
    with pytest.raises(ValueError, match="k2"):
        s.log_slope(2, 11)
    with pytest.raises(ValueError, match="kmax"):
        ntk.ntk_spectrum(3, -1)


def test_degree_decay_matches_the_kernel_prediction():
    # wide net, uniform points: each degree decays at -log(1 - eta mu_k) to within 25 %
    x = ntk.sample_sphere(600, 3, rng=1)
    zeta = ntk.sample_sphere(2, 3, rng=2)
    r = ntk.degree_decay(x, zeta, [1, 2], width=2048, steps=40, lr=4.0, kmax=4, rng=3)
    mu = ntk.ntk_eigenvalues(3, 2)[[1, 2]]
    np.testing.assert_allclose(r.predicted, -np.log(1 - 4.0 * mu), rtol=1e-12)
    assert r.norms.shape == (r.steps.size, 2) and r.steps[0] == 0
    assert np.all(np.abs(r.ratio - 1) < 0.25), r.ratio
    np.testing.assert_allclose(r.predicted_norms[5], r.norms[0] * (1 - 4.0 * mu) ** 5)
    # the fit of the first phase equals an independent log-linear fit of the norms
    i = np.flatnonzero(r.norms[:, 0] <= 0.3 * r.norms[0, 0])[0]
    slope = np.polyfit(r.steps[:i], np.log(r.norms[:i, 0]), 1)[0]
    assert r.rates[0] == pytest.approx(-slope)
    # single precision (the paper-size runs): the same net rounded, the same decay up
    # to single-precision rounding
    r32 = ntk.degree_decay(x, zeta, [1, 2], width=2048, steps=40, lr=4.0, kmax=4, rng=3,
                           dtype="float32")
    np.testing.assert_allclose(r32.norms, r.norms, rtol=1e-4)
    np.testing.assert_allclose(r32.rates, r.rates, rtol=1e-4)
    assert ntk.two_layer_relu(3, 4, dtype="float32").w.dtype == torch.float32


def test_degree_decay_bad_input():
    x = ntk.sample_sphere(50, 3, rng=1)
    z = ntk.sample_sphere(1, 3, rng=2)
    with pytest.raises(ValueError, match="floor"):
        ntk.degree_decay(x, z, [1], width=8, steps=5, lr=1.0, floor=1.5)
    with pytest.raises(ValueError, match="lr"):
        ntk.degree_decay(x, z, [1], width=8, steps=5, lr=100.0)
    with pytest.raises(ValueError, match="directions"):
        ntk.degree_decay(x, ntk.sample_sphere(2, 3), [1], width=8, steps=5, lr=1.0)
    with pytest.raises(ValueError, match="x"):
        ntk.degree_decay(2 * x, z, [1], width=8, steps=5, lr=1.0)
    with pytest.raises(ValueError, match="dtype"):
        ntk.degree_decay(x, z, [1], width=8, steps=5, lr=1.0, dtype="float16")


def test_plane_wave_steps_exact_on_an_eigenvector_and_predicted_slope():
    from radonbook import activations, kernel, reparam

    L, N, n, R, tol = 10.0, 300, 1500, 13.0, 0.1
    xs = np.linspace(-L, L, N)
    theta, r = kernel.uniform_zero_planes(n, 1, R, rng=0)
    act = activations.get("relu")
    phi = reparam.features(xs[:, None], theta, r, act)
    om = np.array([1.0, 2.0, 4.0, 8.0])
    res = ntk.plane_wave_steps(phi, xs, om, act, radius=R, tol=tol)
    # independent: iterate gradient descent on c in closed form, T steps and T - 1
    gram = phi @ phi.T / N
    lr = 1 / np.linalg.eigvalsh(gram)[-1]
    assert res.lr == pytest.approx(lr)
    y = np.cos(2.0 * xs)
    lam, v = np.linalg.eigh(gram)

    def rel(t):
        return np.linalg.norm(v @ ((1 - lr * lam) ** t * (v.T @ y))) / np.linalg.norm(y)
    t2 = res.steps[1]
    assert rel(t2) <= tol < rel(t2 - 1)
    np.testing.assert_allclose(res.penalty, om**4, rtol=1e-12)  # relu^ = -1/w^2
    np.testing.assert_allclose(res.normalised,
                               res.steps * lr * n / (4 * R * L * np.log(1 / tol)))
    # steps ~ P: slope 1 within 0.1, every point within a factor 3 of the prediction
    assert abs(res.slope - 1) < 0.1 and np.all((res.ratio > 1 / 3) & (res.ratio < 3))


def test_plane_wave_steps_unfitted_and_bad_input():
    from radonbook import activations, kernel, reparam

    xs = np.linspace(-5, 5, 100)
    theta, r = kernel.uniform_zero_planes(300, 1, 7.0, rng=1)
    act = activations.get("sinc", W=4.0)
    phi = reparam.features(xs[:, None], theta, r, act)
    res = ntk.plane_wave_steps(phi, xs, [1.0, 6.0], act, radius=7.0)
    assert np.isinf(res.penalty[1]) and not res.fitted[1] and res.fitted[0]
    assert res.ratio.shape == (1,)
    with pytest.raises(ValueError, match="slope"):
        _ = res.slope
    with pytest.raises(ValueError, match="radius"):
        ntk.plane_wave_steps(phi, xs, [1.0], act, radius=0.0)
    with pytest.raises(ValueError, match="x"):
        ntk.plane_wave_steps(phi, xs[:50], [1.0], act, radius=7.0)
    with pytest.raises(ValueError, match="tol"):
        ntk.plane_wave_steps(phi, xs, [1.0], act, radius=7.0, tol=1.0)
    with pytest.raises(TypeError, match="act"):
        ntk.plane_wave_steps(phi, xs, [1.0], np.sin, radius=7.0)
