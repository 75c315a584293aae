"""Tests for radonbook.design: activations from penalties and contractions.

References are closed forms (appendix §A.5 (activation table), Gamma-function integrals) and the FFT
seminorm of ``radonbook.spectral``. (The G-function family is a catalogue entry: its
tests are in ``test_activations.py``.)
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from radonbook import activations as A
from radonbook import design as D
from radonbook import kernel as K
from radonbook import spectral

T = np.linspace(-3.0, 3.0, 601)
AWAY = np.abs(T) > 0.1  # band-limited σ is rounded within ~10/Ω of a singularity


def _rel_err_mod_poly(values, target, degree, mask=AWAY):
    """max |values - target - q| / max |target| on the mask, q the best polynomial of degree."""
    resid = values[mask] - target[mask]
    if degree >= 0:
        coeffs = np.polynomial.polynomial.polyfit(T[mask], resid, degree)
        resid = resid - np.polynomial.polynomial.polyval(T[mask], coeffs)
    return np.max(np.abs(resid)) / np.max(np.abs(target[mask]))


# ------------------------------------------------------------------ activation_from_penalty


@pytest.fixture(scope="module")
def step_designed():
    return D.activation_from_penalty(lambda w: w**2, "causal")


def test_step_from_quadratic_penalty_causal(step_designed):
    target = (T > 0).astype(float)
    # causal phase fixes the constant: no polynomial removed
    assert _rel_err_mod_poly(step_designed(T), target, -1) < 1e-2
    assert step_designed.poly_degree == 0


def test_log_abs_from_quadratic_penalty_other_phase():
    act = D.activation_from_penalty(lambda w: w**2, lambda w: np.pi * np.sign(w))
    with np.errstate(divide="ignore"):
        target = np.log(np.abs(T)) / np.pi
    assert _rel_err_mod_poly(act(T), target, act.poly_degree) < 1e-2
    # the regularisation at ω < 1 leaves the constant γ/π: ∫(cos ωt - 1_{ω<1})/ω = -γ - log t
    offset = np.median(act(T)[AWAY] - target[AWAY])
    assert abs(offset - np.euler_gamma / np.pi) < 1e-3


@pytest.mark.parametrize("k", [1.0, 2.0, 1.5])
def test_power_relu_from_power_penalty(k):
    act = D.activation_from_penalty(lambda w: np.abs(w) ** (2 * (k + 1)), "causal")
    target = np.asarray(A.get("relu_power", k=k)(T))
    assert _rel_err_mod_poly(act(T), target, -1, mask=np.ones_like(AWAY)) < 1e-2


def test_half_exponential_and_cauchy():
    half = D.activation_from_penalty(lambda w: 1 + w**2, "causal")
    target = np.where(T >= 0, np.exp(-np.abs(T)), 0.0)
    assert _rel_err_mod_poly(half(T), target, -1) < 1e-2
    # zero phase, unique inverse (no polynomial ambiguity): Cauchy density
    cauchy = D.activation_from_penalty(lambda w: np.exp(2 * np.abs(w)), "zero")
    assert cauchy.poly_degree == -1
    assert np.max(np.abs(cauchy(T) - 1 / (np.pi * (1 + T**2)))) < 1e-5  # linear interp.


def test_causal_phase_closed_forms():
    w = np.array([-5.0, -0.3, 0.0, 0.7, 2.0, 40.0])
    np.testing.assert_allclose(D.causal_phase(lambda x: 1 + x**2, w), -np.arctan(w), atol=1e-5)
    np.testing.assert_allclose(D.causal_phase(lambda x: np.abs(x) ** 5, w),
                               -2.5 * np.pi / 2 * np.sign(w), atol=1e-5)


def test_designed_fourier_penalty_and_torch(step_designed):
    w = np.array([-3.0, -0.5, 0.25, 2.0])
    np.testing.assert_allclose(step_designed.penalty(w), w**2)
    np.testing.assert_allclose(step_designed.fourier(w), 1 / (1j * w), rtol=1e-5)
    relu = D.activation_from_penalty(lambda x: x**4, "causal")
    t = torch.linspace(-2.0, 2.0, 9, dtype=torch.float64, requires_grad=True)
    out = relu(t)
    np.testing.assert_allclose(out.detach().numpy(), relu(t.detach().numpy()), atol=1e-12)
    out.sum().backward()
    # ReLU' = H, away from the kink
    g = t.grad.numpy()
    tn = t.detach().numpy()
    np.testing.assert_allclose(g[np.abs(tn) > 0.2], (tn[np.abs(tn) > 0.2] > 0), atol=1e-2)
    for attr in ("name", "label", "filter_label", "homogeneous", "params"):
        assert hasattr(relu, attr)
    # outside the table: linear continuation for ReLU (m = 2), end value for the Step (m = 1)
    np.testing.assert_allclose(relu(np.array([-50.0, 50.0])), [0.0, 50.0], atol=1e-2)
    np.testing.assert_allclose(step_designed(np.array([-50.0, 50.0])), [0.0, 1.0], atol=1e-2)
    far = torch.tensor([-50.0, 50.0], dtype=torch.float64)
    np.testing.assert_allclose(relu(far).numpy(), [0.0, 50.0], atol=1e-2)


@pytest.mark.parametrize("bad", [lambda w: -w**2, lambda w: w * np.nan,
                                 lambda w: np.full_like(w, np.inf), lambda w: 0 * w,
                                 lambda w: np.where(w > 5, -1.0, w**2)])
def test_bad_penalties(bad):
    with pytest.raises(ValueError, match="p must be positive and finite"):
        D.activation_from_penalty(bad, "zero")


def test_bad_arguments():
    with pytest.raises(TypeError, match="p must be a callable"):
        D.activation_from_penalty(2.0)
    with pytest.raises(ValueError, match="phase must be one of"):
        D.activation_from_penalty(lambda w: w**2, "minimum")
    with pytest.raises(TypeError, match="phase must be one of"):
        D.activation_from_penalty(lambda w: w**2, 3.0)
    with pytest.raises(ValueError, match="odd"):
        D.activation_from_penalty(lambda w: w**2, lambda w: np.abs(w))
    with pytest.raises(ValueError, match="Paley-Wiener"):
        D.activation_from_penalty(lambda w: np.exp(2 * np.abs(w)), "causal")
    with pytest.raises(ValueError, match="omega_max"):
        D.activation_from_penalty(lambda w: w**2, "zero", omega_max=-1.0)
    with pytest.raises(ValueError, match="omega_max"):
        D.activation_from_penalty(lambda w: w**2, "zero", omega_max=np.inf)
    with pytest.raises(ValueError, match="n must be"):
        D.activation_from_penalty(lambda w: w**2, "zero", n=3)


# ------------------------------------------------------------------ contractions


def _bump(d):
    return lambda r: D.gaussian_bump_fourier(r, d)


@pytest.mark.parametrize("d", [1, 2, 3, 6])
def test_contraction_cost_closed_forms(d):
    eps = np.array([0.05, 0.3, 1.0, 2.0])
    area = 2 * math.pi ** (d / 2) / math.gamma(d / 2)
    # |f̂|² = (2π)^d e^{-ρ²};  ∫ e^{-ρ²} ρ^{2a} dρ = Γ(a + ½)/2
    for k in (0.0, 1.0, 2.5):  # Step, ReLU, ReLU^2.5 (Γ-normalised)
        act = A.get("relu_power", k=k) if k else A.get("step")
        pw = 2 * (k + 1)
        ref = eps ** (1 - pw) / math.pi * area * (2 * math.pi) ** d \
            * math.gamma(d - 1 + (k + 1) + 0.5) / 2
        np.testing.assert_allclose(D.contraction_cost(_bump(d), act, d, eps), ref, rtol=1e-9)
    # plain L²: ε^d ‖f‖², ‖e^{-|x|²/2}‖² = π^{d/2}
    np.testing.assert_allclose(D.contraction_cost(_bump(d), None, d, eps),
                               eps**d * math.pi ** (d / 2), rtol=1e-9)
    # Gaussian activation: finite only for ε > 1
    e = np.array([0.5, 1.0, 1.5, 3.0])
    got = D.contraction_cost(_bump(d), A.get("gaussian"), d, e)
    assert np.all(np.isinf(got[:2]))
    ref = e[2:] / math.pi * area * (2 * math.pi) ** d * math.gamma(d - 0.5) \
        / (2 * (1 - 1 / e[2:] ** 2) ** (d - 0.5))
    np.testing.assert_allclose(got[2:], ref, rtol=1e-8)


@pytest.mark.parametrize("name", ["relu", "step"])
def test_contraction_cost_against_fft_seminorm(name):
    for eps in (0.5, 1.0):
        f = lambda x, eps=eps: np.exp(-np.sum(x**2, axis=1) / (2 * eps**2))
        direct = spectral.seminorm_fourier(f, name, extent=8 * eps, n=256)
        ours = D.contraction_cost(_bump(2), A.get(name), 2, eps)
        assert abs(ours - direct) / direct < 1e-3, (name, eps, ours, direct)


def test_contraction_cost_bad_inputs():
    with pytest.raises(ValueError, match="eps"):
        D.contraction_cost(_bump(2), A.get("relu"), 2, [0.5, -1.0])
    with pytest.raises(ValueError, match="eps"):
        D.contraction_cost(_bump(2), A.get("relu"), 2, np.nan)
    with pytest.raises(ValueError, match="d must be"):
        D.contraction_cost(_bump(2), A.get("relu"), 0, 0.5)
    with pytest.raises(TypeError, match="f_hat"):
        D.contraction_cost(np.ones(3), A.get("relu"), 2, 0.5)
    with pytest.raises(TypeError, match="act must be"):  # a bare function is no activation
        D.contraction_cost(_bump(2), lambda w: w**4, 2, 0.5)
    with pytest.raises(ValueError, match="not both"):
        D.contraction_cost(_bump(2), A.get("relu"), 2, 0.5, penalty=lambda w: w**4)
    with pytest.raises(TypeError, match="penalty must be"):
        D.contraction_cost(_bump(2), None, 2, 0.5, penalty=3.0)
    with pytest.raises(TypeError, match="d must be"):
        D.contraction_cost(_bump(2), A.get("relu"), 2.0, 0.5)


def test_contraction_cost_takes_act_or_penalty():
    """``act`` resolves like everywhere (a name, (name, params), an Activation); a bare
    activation factor goes in as ``penalty`` and gives the same number."""
    eps = np.array([0.2, 0.7])
    ref = D.contraction_cost(_bump(3), A.get("relu_power", k=0.5), 3, eps)
    np.testing.assert_allclose(D.contraction_cost(_bump(3), ("relu_power", {"k": 0.5}), 3,
                                                  eps), ref, rtol=0)
    np.testing.assert_allclose(D.contraction_cost(_bump(3), None, 3, eps,
                                                  penalty=lambda w: np.abs(w) ** 3),
                               ref, rtol=1e-12)
    np.testing.assert_allclose(D.contraction_cost(_bump(2), "relu", 2, eps),
                               D.contraction_cost(_bump(2), A.get("relu"), 2, eps), rtol=0)


def test_penalty_growth_exponent():
    assert abs(D.penalty_growth_exponent(A.get("relu")) - 4) < 1e-6
    assert abs(D.penalty_growth_exponent(A.get("step")) - 2) < 1e-6
    assert abs(D.penalty_growth_exponent(A.get("dirac"))) < 1e-12
    assert abs(D.penalty_growth_exponent(A.get("relu_power", k=-0.75)) - 0.5) < 1e-6
    assert D.penalty_growth_exponent(A.get("gaussian")) == math.inf
    assert D.penalty_growth_exponent(A.get("sinc", W=5.0)) == math.inf
    # lower envelope of (ω/2)²/sin²(ω/2) is (ω/2)²
    assert abs(D.penalty_growth_exponent(A.get("rectangle")) - 2) < 0.05
    with pytest.raises(ValueError, match="omega_range"):
        D.penalty_growth_exponent(A.get("relu"), (10.0, 1.0))
    # an activation factor given directly is a penalty, never an act
    assert abs(D.penalty_growth_exponent(penalty=lambda w: w**4) - 4) < 1e-6
    assert D.penalty_growth_exponent("relu") == D.penalty_growth_exponent(A.get("relu"))
    with pytest.raises(TypeError, match="act must be"):
        D.penalty_growth_exponent(lambda w: w**4)
    with pytest.raises(TypeError, match="give act"):
        D.penalty_growth_exponent()
    with pytest.raises(ValueError, match="not both"):
        D.penalty_growth_exponent(A.get("relu"), penalty=lambda w: w**4)


def test_causal_phase_needs_enough_nodes():
    p = lambda w: 1 + w**2  # noqa: E731
    with pytest.raises(ValueError, match="n_s must be at least 801 for s_max = 40"):
        D.causal_phase(p, np.array([1.0]), n_s=3)
    with pytest.raises(ValueError, match="n_s must be at least 201"):
        D.causal_phase(p, np.array([1.0]), n_s=100, s_max=10.0)
    with pytest.raises(TypeError, match="n_s"):
        D.causal_phase(p, np.array([1.0]), n_s=801.0)
    w = np.array([0.5, 2.0])
    assert np.allclose(D.causal_phase(p, w, n_s=801), -np.arctan(w), atol=2e-4)


@pytest.mark.parametrize("d", [1, 3])
@pytest.mark.parametrize("name", ["relu", "step", "dirac"])
def test_contraction_cost_against_grid_seminorm_in_d_1_and_3(d, name):
    """The radial formula against the direct seminorm of f(x/ε) sampled on a grid in R^d
    (``spectral.seminorm_fourier`` with ``d``): smooth integrands in odd d, so the grid
    sum is exact to round-off on a grid that resolves the bump and its spectrum."""
    n = {1: 512, 3: 64}[d]
    for eps in (0.5, 1.0):
        f = lambda x, e=eps: np.exp(-np.sum(x**2, axis=1) / (2 * e**2))  # noqa: E731
        direct = spectral.seminorm_fourier(f, name, 8.0 * eps, n, d=d)
        ours = D.contraction_cost(_bump(d), A.get(name), d, eps)
        assert abs(ours / direct - 1) < 1e-9, (d, name, eps, ours, direct)


# ------------------------------------------------------------------ contractions: closed
# forms, the grid measurement and its error


@pytest.mark.parametrize(("s", "d"), [(0.0, 1), (2.0, 2), (4.0, 3), (0.5, 2), (3.0, 5)])
def test_power_contraction_cost_against_quadrature(s, d):
    """The closed form against the radial integral done by scipy's adaptive quadrature."""
    from scipy import integrate

    area = 2 * math.pi ** (d / 2) / math.gamma(d / 2)
    for eps in (0.3, 1.0, 2.5):
        integral = integrate.quad(
            lambda r, e=eps: (2 * math.pi) ** d * np.exp(-r**2) * r ** (2 * (d - 1)) * (r / e) ** s,
            0, np.inf, epsabs=0, epsrel=1e-12)[0]
        ref = eps / math.pi * area * integral
        assert D.power_contraction_cost(s, d, eps) == pytest.approx(ref, rel=1e-9)


def test_power_contraction_cost_bad_inputs():
    with pytest.raises(ValueError, match="s must exceed"):
        D.power_contraction_cost(-1.0, 1, 0.5)
    with pytest.raises(ValueError, match="eps"):
        D.power_contraction_cost(2.0, 1, [0.5, 0.0])
    with pytest.raises(TypeError, match="d must be"):
        D.power_contraction_cost(2.0, 1.5, 0.5)
    with pytest.raises(TypeError, match="s must be"):
        D.power_contraction_cost("2", 1, 0.5)


def _lattice_sum(z, m=300):
    """Σ_{m ∈ Z²∖0} |m|^{-z}: brute force on |m_i| ≤ m, plus the integral of |x|^{-z}
    outside the square of half-side L = m + ½ (the midpoint rule's cells),
    8 L^{2-z}/(z-2) ∫_0^1 (1 + t²)^{-z/2} dt."""
    from scipy import integrate

    k = np.arange(-m, m + 1, dtype=float)
    r2 = k[:, None] ** 2 + k[None, :] ** 2
    r2[m, m] = np.inf
    half = m + 0.5
    tail = 8 * half ** (2 - z) / (z - 2) * integrate.quad(
        lambda t: (1 + t * t) ** (-z / 2), 0, 1)[0]
    return float(np.sum(r2 ** (-z / 2))) + tail


def test_epstein_zeta_square_against_lattice_sums():
    # the convergent series
    for z in (5.0, 6.0, 9.5):
        assert D.epstein_zeta_square(z) == pytest.approx(_lattice_sum(z), rel=1e-6)
    # the continuation, by Epstein's functional equation
    # π^{-z/2} Γ(z/2) Z(z) = π^{-(2-z)/2} Γ(1 - z/2) Z(2 - z), from the series at 2 - z > 2
    for a in (1.0, 3.0, 5.0, 2.5):
        ref = math.pi ** (-a - 1) * math.gamma(1 + a / 2) / math.gamma(-a / 2) \
            * _lattice_sum(2 + a)
        assert D.epstein_zeta_square(-a) == pytest.approx(ref, rel=1e-5), a
    # trivial zeros and array input
    np.testing.assert_allclose(D.epstein_zeta_square([-2.0, -4.0, -6.0]), 0.0, atol=1e-12)
    assert isinstance(D.epstein_zeta_square(-1.0), float)
    for bad in (0.0, 1.0, 2.0, [3.0, 1.5]):
        with pytest.raises(ValueError, match="z must be"):
            D.epstein_zeta_square(bad)


@pytest.mark.parametrize("s", [0.0, 2.0, 4.0, 0.5])
def test_grid_corner_error_against_the_lattice_sum(s):
    """e(ε) is the relative error of Σ_{k ∈ Z²} Δξ² g(kΔξ) against ∫ g, g = |ξ|^a e^{-ε²|ξ|²}."""
    dxi, a = np.pi / 8, 1 + s
    k = np.arange(-400, 401) * dxi
    r = np.sqrt(k[:, None] ** 2 + k[None, :] ** 2)
    miss = []
    for eps in (0.25, 0.5, 1.0):
        grid_sum = dxi**2 * np.sum(r**a * np.exp(-(eps * r) ** 2))
        integral = math.pi * math.gamma(1 + a / 2) * eps ** (-a - 2)
        measured = grid_sum / integral - 1
        pred = D.grid_corner_error(2, s, eps, dxi)
        miss.append(abs(measured / pred - 1))
    # the leading term, within 30 %; what it misses is the next term, O((εΔξ)²): it
    # shrinks about four-fold each time ε halves
    assert max(miss) < 0.3, miss
    assert all(3 < miss[i + 1] / miss[i] < 5 for i in range(2)), miss


def test_grid_corner_error_smooth_cases_and_bad_inputs():
    dxi = np.pi / 8
    # a = d - 1 + s even: a Gaussian times a polynomial, the grid sum is exact
    for d, s in ((1, 0.0), (1, 2.0), (2, 1.0), (3, 0.0), (3, 4.0)):
        np.testing.assert_array_equal(D.grid_corner_error(d, s, [0.5, 1.0], dxi), 0.0)
    k = np.arange(-200, 201) * dxi  # d = 2, s = 1: |ξ|² e^{-|ξ|²}, exact to round-off
    r2 = k[:, None] ** 2 + k[None, :] ** 2
    assert abs(dxi**2 * np.sum(r2 * np.exp(-r2)) / math.pi - 1) < 1e-12
    with pytest.raises(ValueError, match="d = 2"):
        D.grid_corner_error(1, 1.0, 0.5, dxi)
    with pytest.raises(ValueError, match="dxi"):
        D.grid_corner_error(2, 0.0, 0.5, -1.0)
    with pytest.raises(ValueError, match="s must be"):
        D.grid_corner_error(2, -0.5, 0.5, dxi)
    with pytest.raises(ValueError, match="eps"):
        D.grid_corner_error(2, 0.0, [-0.5], dxi)


def test_grid_contraction_measures_the_closed_form():
    eps = np.geomspace(0.5, 1.0, 4)
    acts, powers = ["step", "relu", "dirac"], [2, 4, 0]
    # d = 1 and 3: smooth integrands, exact to round-off on a grid that resolves them
    for d, n in ((1, 128), (3, 64)):
        for g, s in zip(D.grid_contraction(acts, powers, d, eps, extent=8.0, n=n), powers,
                        strict=True):
            assert g.d == d and g.s == s and g.dxi == pytest.approx(np.pi / 8)
            assert np.all(g.outside < 1e-14) and np.all(g.beyond < 1e-10)
            assert np.max(np.abs(g.rel_error)) < 1e-9, (d, s, g.rel_error)
            assert abs(g.exponent - (1 - s)) < 1e-9
            assert g.bias == 0.0 and g.tolerance(0.3, 1e-9) == pytest.approx(1e-9)
    # d = 2: the corner error is the predicted one, and so is the exponent's bias
    for g, s in zip(D.grid_contraction(acts, powers, 2, eps, extent=8.0, n=64), powers,
                    strict=True):
        pred = g.predicted_error
        assert np.all(np.abs(g.rel_error - pred) <= 0.3 * np.abs(pred)), (s, g.rel_error)
        slope = np.polyfit(np.log(eps), np.log(g.values), 1)[0]
        assert g.exponent == pytest.approx(slope, abs=1e-12)
        u = np.log(eps) - np.log(eps).mean()
        w = u / np.sum(u**2)
        assert g.bias == pytest.approx(np.sum(w * np.log1p(pred)), rel=1e-12)
        assert abs(g.exponent - (1 - s) - g.bias) <= 0.3 * abs(g.bias)
        assert g.tolerance(0.3, 0.0) == pytest.approx(
            np.sum(np.abs(w)) * 1.3 * np.max(np.abs(pred)), rel=1e-12)
        assert abs(g.exponent - (1 - s)) <= g.tolerance()


def test_grid_contraction_bad_inputs():
    eps = [0.5, 1.0]
    with pytest.raises(ValueError, match=r"powers\[1\] = 2"):
        D.grid_contraction(["step", "relu"], [2, 2], 1, eps)
    with pytest.raises(ValueError, match="equal length"):
        D.grid_contraction(["step", "relu"], [2], 1, eps)
    with pytest.raises(ValueError, match="n must be an even"):
        D.grid_contraction(["step"], [2], 1, eps, n=31)
    with pytest.raises(ValueError, match="eps"):
        D.grid_contraction(["step"], [2], 1, [0.5])
    with pytest.raises(ValueError, match="eps"):
        D.grid_contraction(["step"], [2], 1, [0.5, 0.5])
    with pytest.raises(TypeError, match="acts"):
        D.grid_contraction("step", [2], 1, eps)
    with pytest.raises(ValueError, match="powers"):
        D.grid_contraction(["step"], [-2], 1, eps)
    with pytest.raises(ValueError, match="extent"):
        D.grid_contraction(["step"], [2], 1, eps, extent=0.0)
    with pytest.raises(ValueError, match="memory"):
        D.grid_contraction(["step"], [2], 3, eps, n=2048)


def test_contraction_sweep_closed_forms():
    eps = np.geomspace(0.1, 1.0, 6)
    dims = [1, 2, 4]
    for k in (-0.75, 0.0, 1.5):
        sw = D.contraction_sweep(("relu_power", {"k": k}), dims, eps)
        s = 2 * (k + 1)
        np.testing.assert_allclose(sw.exponents, 1 - s, atol=1e-6)
        for i, d in enumerate(dims):
            np.testing.assert_allclose(sw.costs[i], D.power_contraction_cost(s, d, eps),
                                       rtol=1e-8)
    plain = D.contraction_sweep(None, dims, eps)
    np.testing.assert_allclose(plain.exponents, dims, atol=1e-9)
    np.testing.assert_allclose(plain.costs[1], eps**2 * math.pi, rtol=1e-9)
    np.testing.assert_array_equal(plain.dims, dims)
    bare = D.contraction_sweep(None, [3], eps, penalty=lambda w: np.abs(w) ** 3)
    np.testing.assert_allclose(bare.exponents, -2.0, atol=1e-6)
    gauss = D.contraction_sweep("gaussian", [1, 2], [0.2, 0.5, 1.0])
    assert np.all(np.isinf(gauss.costs)) and np.all(np.isnan(gauss.exponents))


def test_contraction_sweep_bad_inputs():
    eps = [0.5, 1.0]
    with pytest.raises(ValueError, match="dims"):
        D.contraction_sweep("relu", [], eps)
    with pytest.raises(ValueError, match="dims"):
        D.contraction_sweep("relu", [0, 1], eps)
    with pytest.raises(TypeError, match="dims"):
        D.contraction_sweep("relu", 3, eps)
    with pytest.raises(ValueError, match="eps"):
        D.contraction_sweep("relu", [1], [0.5])
    with pytest.raises(ValueError, match="eps"):
        D.contraction_sweep("relu", [1], [-0.5, 1.0])
    with pytest.raises(ValueError, match="not both"):
        D.contraction_sweep("relu", [1], eps, penalty=lambda w: w**4)


# ------------------------------------------------------------------ the experiments


def _line(x):
    return np.sin(3 * x[:, 0]) + 0.5 * x[:, 0]


def test_same_factor_fits_against_pseudo_inverse():
    """The documented draws, refitted with numpy's pseudo-inverse and the activations
    evaluated directly."""
    widths, seeds = [60, 200], [5, 11]
    res = D.same_factor_fits(("relu", ("relu_power", {"k": 2.0})), _line, widths, seeds,
                             n_points=8, radius=2.0, n_query=101)
    relu, cubic = A.get("relu"), A.get("relu_power", k=2.0)
    q = np.linspace(-1, 1, 101)
    for j, seed in enumerate(seeds):
        gen = np.random.default_rng(seed)
        x = np.sort(gen.uniform(-1, 1, 8))
        np.testing.assert_array_equal(res.x[j], x)
        np.testing.assert_allclose(res.y[j], np.sin(3 * x) + 0.5 * x)
        for k, n in enumerate(widths):
            theta = np.where(gen.random(n) < 0.5, -1.0, 1.0)
            r = gen.uniform(-2, 2, n)
            fits = []
            for act in (relu, cubic):
                c = np.linalg.pinv(act(np.outer(x, theta) - r)) @ res.y[j]
                fits.append(act(np.outer(q, theta) - r) @ c)
            np.testing.assert_allclose(res.fits[j, k], fits, atol=1e-7)
            diff = fits[0] - fits[1]
            gap = np.sqrt(np.mean((diff - diff.mean()) ** 2)) / np.std(fits[0])
            assert res.gaps[k, j] == pytest.approx(gap, rel=1e-6)
    slopes = np.polyfit(np.log(widths), np.log(res.gaps), 1)[0]
    np.testing.assert_allclose(res.gap_exponents, slopes, rtol=1e-12)


def test_same_factor_fits_scaled_activation_gives_the_same_fit():
    """σ and -3σ have one activation factor up to a constant and one minimum-norm fit."""
    tg = np.linspace(-10, 10, 2001)
    scaled = D.DesignedActivation(
        name="m3relu", label="-3 ReLU", t_grid=tg, values=-3 * np.maximum(tg, 0),
        fourier=lambda w: -3 / (1j * w) ** 2, penalty=lambda w: w**4 / 9, params={},
        extrapolate="linear")
    res = D.same_factor_fits(("relu", scaled), _line, [40], [0, 1], n_points=6)
    assert np.all(res.gaps < 1e-8), res.gaps
    np.testing.assert_allclose(res.fits[:, :, 0], res.fits[:, :, 1], atol=1e-8)


def test_same_factor_fits_bad_inputs():
    ok = dict(n_points=5)
    with pytest.raises(TypeError, match="acts"):
        D.same_factor_fits(("relu", "step", "relu"), _line, [10], [0], **ok)
    with pytest.raises(TypeError, match="acts"):
        D.same_factor_fits(("relu", lambda t: t), _line, [10], [0], **ok)
    with pytest.raises(TypeError, match="target"):
        D.same_factor_fits(("relu", "step"), 3.0, [10], [0], **ok)
    with pytest.raises(TypeError, match="widths"):
        D.same_factor_fits(("relu", "step"), _line, [], [0], **ok)
    with pytest.raises(ValueError, match="widths"):
        D.same_factor_fits(("relu", "step"), _line, [0], [0], **ok)
    with pytest.raises(ValueError, match="seeds"):
        D.same_factor_fits(("relu", "step"), _line, [10], [-1], **ok)
    with pytest.raises(TypeError, match="seeds"):
        D.same_factor_fits(("relu", "step"), _line, [10], 0, **ok)
    with pytest.raises(ValueError, match="n_points"):
        D.same_factor_fits(("relu", "step"), _line, [10], [0], n_points=1)
    with pytest.raises(ValueError, match="radius"):
        D.same_factor_fits(("relu", "step"), _line, [10], [0], radius=0.0, **ok)
    with pytest.raises(ValueError, match="target must return"):
        D.same_factor_fits(("relu", "step"), lambda x: x[:2, 0], [10], [0], **ok)


def _wave(x):
    return np.cos(2 * x[:, 0])


def test_fit_spectra_follows_the_documented_draws():
    kw = dict(n_train=60, n_neurons=300, extent=4.0, radius=6.0, mse=0.05, grid=32,
              pad=1)
    radii = np.linspace(0.25, 5.0, 20)
    res = D.fit_spectra(["relu", "step"], _wave, [3, 4], radii=radii, **kw)
    assert res.M_fit.shape == (2, 2, 20) and res.reached.shape == (2, 2)
    for j, seed in enumerate((3, 4)):
        gen = np.random.default_rng(seed)
        x = gen.uniform(-4, 4, (60, 2))
        theta, r = K.uniform_zero_planes(300, 2, 6.0, rng=gen)
        for i, act in enumerate(("relu", "step")):
            ref = spectral.fit_spectrum(act, _wave, x, theta, r, grid=32, mse=0.05,
                                        extent=4.0, radii=radii, pad=1)
            np.testing.assert_array_equal(res.M_fit[i, j], ref.M_fit)
            assert res.reached[i, j] == ref.reached
            assert res.train_mse[i, j] == ref.train_mse
    # the spectrum of cos(2 x₁) peaks at ρ = 2, within one radius step
    assert abs(radii[np.argmax(res.M_truth)] - 2.0) <= 0.25 + 1e-12


def test_fit_spectra_bad_inputs():
    kw = dict(n_train=20, n_neurons=30, extent=1.0, radius=1.5, mse=0.05,
              radii=[1.0, 2.0], grid=8, pad=1)
    with pytest.raises(TypeError, match="acts"):
        D.fit_spectra([], _wave, [0], **kw)
    with pytest.raises(TypeError, match="target"):
        D.fit_spectra(["relu"], 3.0, [0], **kw)
    with pytest.raises(TypeError, match="seeds"):
        D.fit_spectra(["relu"], _wave, [], **kw)
    with pytest.raises(ValueError, match="mse"):
        D.fit_spectra(["relu"], _wave, [0], **{**kw, "mse": -1.0})
    with pytest.raises(ValueError, match="n_train"):
        D.fit_spectra(["relu"], _wave, [0], **{**kw, "n_train": 1})
    with pytest.raises(ValueError, match="radii"):
        D.fit_spectra(["relu"], _wave, [0], **{**kw, "radii": [[1.0]]})
