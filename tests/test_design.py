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
