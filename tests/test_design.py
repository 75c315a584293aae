"""Tests for radonbook.design: activations from penalties, the G-function family, contractions.

References are closed forms (MATH.md Table I, Gamma-function integrals), SciPy's
``levy_stable``, an mpmath power series, and the FFT seminorm of ``radonbook.spectral``.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.stats as st
import torch

from radonbook import activations as A
from radonbook import design as D
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


# ------------------------------------------------------------------ G-function family


def test_gfunction_matches_levy_stable():
    t = np.linspace(-8, 8, 81)
    np.testing.assert_allclose(D.gfunction(1.5)(t), st.levy_stable.pdf(t, 1.5, 0.0),
                               rtol=1e-6, atol=1e-9)


def test_gfunction_cauchy_and_gaussian_rows():
    t = np.linspace(-6, 6, 121)
    np.testing.assert_allclose(D.gfunction_values(t, 1.0), 1 / (np.pi * (1 + t**2)), atol=1e-12)
    # σ̂ = e^{-ω²} is the Gaussian row (σ̂ = e^{-ω²/2}) rescaled: G_2(t) = g(t/√2)/√2
    gauss = lambda u: np.exp(-u**2 / 2) / np.sqrt(2 * np.pi)
    np.testing.assert_allclose(D.gfunction_values(t, 2.0), gauss(t / np.sqrt(2)) / np.sqrt(2),
                               atol=1e-12)
    # the quadrature routes (p = 1, 2 + tiny leave the closed-form branches of the catalogue)
    np.testing.assert_allclose(D.gfunction_values(t, 1.0 + 1e-9), 1 / (np.pi * (1 + t**2)),
                               atol=1e-8)
    np.testing.assert_allclose(D.gfunction_values(t, 2.0 + 1e-9), gauss(t / np.sqrt(2)) /
                               np.sqrt(2), atol=1e-8)


@pytest.mark.parametrize("p", [3.0, 4.0])
def test_gfunction_beyond_two_against_series(p):
    # G_p(t) = (1/(πp)) Σ_k (-1)^k Γ((2k+1)/p) t^{2k}/(2k)!  (Meijer-G series), in mpmath
    mpmath.mp.dps = 40
    t = np.array([0.0, 0.5, 1.3, 2.5, 4.0])

    def series(x):
        x = mpmath.mpf(x)
        s = mpmath.nsum(lambda k: (-1) ** k * mpmath.gamma((2 * k + 1) / mpmath.mpf(p))
                        * x ** (2 * k) / mpmath.factorial(2 * k), [0, mpmath.inf])
        return float(s / (mpmath.pi * p))

    ref = np.array([series(x) for x in t])
    np.testing.assert_allclose(D.gfunction(p)(t), ref, atol=1e-9)
    assert ref.min() < 0  # p > 2 takes negative values


def test_gfunction_integrals_sigmoids():
    t = np.linspace(-10, 10, 201)
    np.testing.assert_allclose(D.gfunction(1.0, integrals=1)(t), 0.5 + np.arctan(t) / np.pi,
                               atol=1e-10)
    from scipy.special import erf
    np.testing.assert_allclose(D.gfunction(2.0, integrals=1)(t), 0.5 * (1 + erf(t / 2)),
                               atol=1e-10)
    # p = 1.5: its derivative is the stable density (torch autograd route)
    tt = torch.tensor([-2.0, 0.0, 0.7, 3.0], dtype=torch.float64, requires_grad=True)
    D.gfunction(1.5, integrals=1)(tt).sum().backward()
    np.testing.assert_allclose(tt.grad.numpy(), st.levy_stable.pdf(tt.detach().numpy(), 1.5, 0),
                               rtol=1e-6)
    act = D.gfunction(1.5, integrals=1)
    np.testing.assert_allclose(act.penalty(np.array([2.0])), 4.0 * np.exp(2 * 2.0**1.5))


@pytest.mark.parametrize("p", [0.0, -1.0, np.nan, np.inf])
def test_gfunction_bad_order(p):
    with pytest.raises(ValueError, match="p must be"):
        D.gfunction(p)
    with pytest.raises(ValueError, match="p must be"):
        D.gfunction_values(np.zeros(3), p, integrals=1)


def test_gfunction_bad_types():
    with pytest.raises(TypeError, match="p must be"):
        D.gfunction("1.5")
    with pytest.raises(ValueError, match="integrals"):
        D.gfunction(1.5, integrals=2)


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
    with pytest.raises(TypeError, match="act must be"):
        D.contraction_cost(_bump(2), "relu", 2, 0.5)


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
