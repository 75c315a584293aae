"""The catalogue's closed-form transforms against independent numerical Fourier transforms.

Convention (appendix §A.1): σ̂(ω) = ∫ σ(t) e^{-iωt} dt. An integrable σ is transformed
by oscillatory quadrature (QUADPACK's QAWF/QAWO through ``scipy.integrate.quad``); for a
σ that is not integrable the check goes through a derivative: F[σ^{(m)}] = (iω)^m σ̂.
"""

import math

import numpy as np
import pytest
import scipy.special as sp
import scipy.stats as st
import torch
from scipy.integrate import quad

from radonbook import activations as A

# QUADPACK warns on slowly decaying oscillatory tails; the tolerances below are the check
pytestmark = pytest.mark.filterwarnings("ignore::scipy.integrate.IntegrationWarning")

OMEGAS = np.array([0.3, 0.7, 1.3, 2.1, 3.4])
RTOL = 1e-3


def numeric_ft(g, omega, support=np.inf, points=()):
    """∫ g(t) e^{-iωt} dt over [-support, support] by quadrature of even and odd parts."""
    g0 = g

    def g(t):
        return float(g0(np.asarray(t, dtype=float)))

    def even(t):
        return g(t) + g(-t)

    def odd(t):
        return g(t) - g(-t)

    if np.isinf(support):  # [0, 1] adaptively (endpoint singularities), then QAWF
        re = (quad(even, 0, 1, weight="cos", wvar=omega, limit=200, epsabs=1e-13)[0]
              + quad(even, 1, np.inf, weight="cos", wvar=omega, epsabs=1e-13)[0])
        im = (quad(odd, 0, 1, weight="sin", wvar=omega, limit=200, epsabs=1e-13)[0]
              + quad(odd, 1, np.inf, weight="sin", wvar=omega, epsabs=1e-13)[0])
    else:
        re = sum(quad(even, a, b, weight="cos", wvar=omega, limit=200, epsabs=1e-13)[0]
                 for a, b in zip((0, *points), (*points, support), strict=True))
        im = sum(quad(odd, a, b, weight="sin", wvar=omega, limit=200, epsabs=1e-13)[0]
                 for a, b in zip((0, *points), (*points, support), strict=True))
    return re - 1j * im


def s_prime(t):
    return sp.expit(t) * sp.expit(-t)


# name, params, the function transformed numerically, derivative order m, support, breakpoints
DIRECT_CASES = [
    ("logistic_bump", {}, s_prime, 0, np.inf, ()),
    ("cauchy", {}, lambda t: 1 / (np.pi * (1 + t**2)), 0, np.inf, ()),
    ("gaussian", {}, lambda t: np.exp(-t**2 / 2) / np.sqrt(2 * np.pi), 0, np.inf, ()),
    ("sech", {}, lambda t: 1 / np.cosh(t), 0, np.inf, ()),
    ("half_exp", {}, lambda t: np.where(t >= 0, np.exp(-np.abs(t)), 0.0), 0, np.inf, ()),
    ("oberhettinger_iii10", {}, lambda t: np.where(t >= 0, t * np.exp(-np.abs(t)), 0.0),
     0, np.inf, ()),
    ("wavepacket", {"omega0": 2.0, "s": 0.8},
     lambda t: np.cos(2.0 * t) * np.exp(-t**2 / (2 * 0.64)), 0, 12.0, ()),
    ("rectangle", {}, lambda t: (np.abs(t) <= 0.5).astype(float), 0, 0.5, ()),
    ("triangle", {}, lambda t: np.maximum(1 - np.abs(t), 0.0), 0, 1.0, ()),
    # through the first derivative
    ("logistic", {}, s_prime, 1, np.inf, ()),
    ("logistic", {"beta": 2.5}, lambda t: 2.5 * s_prime(2.5 * t), 1, np.inf, ()),
    ("arctan", {}, lambda t: 1 / (np.pi * (1 + t**2)), 1, np.inf, ()),
    ("erf", {}, lambda t: np.exp(-t**2 / 2) / np.sqrt(2 * np.pi), 1, np.inf, ()),
    ("satrelu", {}, lambda t: ((t >= 0) & (t <= 1)).astype(float), 1, 1.0, ()),
    ("log_abs", {}, lambda t: np.divide(1.0, t, out=np.zeros_like(t), where=t != 0), 1,
     np.inf, ()),
    # ReLU^k for non-integer k through m = ceil(k) derivatives: t_+^{k-m} / Γ(k-m+1)
    ("relu_power", {"k": 0.5},
     lambda t: np.where(t > 0, np.abs(t) ** -0.5, 0.0) / math.gamma(0.5), 1, np.inf, ()),
    ("relu_power", {"k": 3.5},
     lambda t: np.where(t > 0, np.abs(t) ** -0.5, 0.0) / math.gamma(0.5), 4, np.inf, ()),
    ("relu_power", {"k": -0.5},
     lambda t: np.where(t > 0, np.abs(t) ** -0.5, 0.0) / math.gamma(0.5), 0, np.inf, ()),
    # through the second derivative
    ("softplus", {}, s_prime, 2, np.inf, ()),
    ("softplus", {"beta": 0.5}, lambda t: 0.5 * s_prime(0.5 * t), 2, np.inf, ()),
    ("softplus_power", {"k": 2.0}, s_prime, 3, np.inf, ()),
]


@pytest.mark.parametrize(("name", "params", "g", "m", "support", "points"), DIRECT_CASES,
                         ids=[f"{c[0]}{c[1] or ''}-d{c[3]}" for c in DIRECT_CASES])
def test_transform_matches_quadrature(name, params, g, m, support, points):
    act = A.get(name, **params)
    for w in OMEGAS:
        expected = (1j * w) ** m * act.fourier(w)
        got = numeric_ft(g, w, support, points)
        assert abs(got - expected) <= RTOL * abs(expected), (name, w, got, expected)


def test_softplus_power_fractional_order_against_relu_power():
    """For 0 < k < 1, σ_k - t_+^k/Γ(k+1) is integrable: transform it directly."""
    k = 0.5
    sp_k, relu_k = A.get("softplus_power", k=k), A.get("relu_power", k=k)
    for w in OMEGAS:
        expected = sp_k.fourier(w) - relu_k.fourier(w)
        got = numeric_ft(lambda t: sp_k(t) - relu_k(t), w)
        assert abs(got - expected) <= RTOL * abs(expected), (w, got, expected)


@pytest.mark.parametrize("W", [1.0, 3.0])
def test_band_limited_by_inverse_transform(W):
    """Sinc and squared sinc: σ(t) = (1/π) ∫_0^∞ Re σ̂(ω) cos(ωt) dω (even σ)."""
    for name in ("sinc", "sinc2"):
        act = A.get(name, W=W)
        for t in (0.0, 0.4, 1.1, 2.7, 5.3):
            val = quad(lambda w, act=act, t=t: act.fourier(w).real * np.cos(w * t), 0, 2 * W,
                       limit=200, points=[W])[0] / np.pi
            assert val == pytest.approx(float(act(t)), rel=RTOL, abs=1e-9), (name, t)


@pytest.mark.parametrize("p", [0.7, 1.5, 1.9])
def test_gfunction_is_the_symmetric_stable_density(p):
    act = A.get("gfunction", p=p)
    t = np.array([0.0, 0.5, 1.7, 4.0, 9.0])
    np.testing.assert_allclose(act(t), st.levy_stable.pdf(t, p, 0.0), rtol=1e-4)


def test_gfunction_special_cases_are_cauchy_and_gaussian():
    t = np.linspace(-6, 6, 25)
    np.testing.assert_allclose(A.get("gfunction", p=1)(t), A.get("cauchy")(t), rtol=1e-12)
    # e^{-ω²} is the Gaussian density of variance 2
    np.testing.assert_allclose(A.get("gfunction", p=2)(t), A.get("gaussian")(t / np.sqrt(2))
                               / np.sqrt(2), rtol=1e-12)
    np.testing.assert_allclose(A.get("gfunction", p=2).fourier(OMEGAS), np.exp(-OMEGAS**2))


def test_softplus_power_values_against_polylog():
    import mpmath

    t = np.array([-8.0, -1.0, 0.0, 0.5, 3.0, 25.0])
    for k in (2, 3):
        ref = [float(-mpmath.polylog(k, -mpmath.e ** float(x))) for x in t]
        np.testing.assert_allclose(A.get("softplus_power", k=k)(t), ref, rtol=1e-10)
    np.testing.assert_allclose(A.get("softplus_power", k=1)(t), np.logaddexp(0, t))
    np.testing.assert_allclose(A.get("softplus_power", k=0)(t), sp.expit(t))


def test_sharp_softplus_tends_to_power_relu():
    t = np.linspace(-2, 3, 11)
    for k in (0.0, 1.0, 2.0):
        err = [np.max(np.abs(A.get("softplus_power", k=k, beta=b)(t)
                             - A.get("relu_power", k=k)(t))[np.abs(t) > 0.2])
               for b in (10.0, 100.0)]
        assert err[1] < err[0] < 0.1


def test_dirac_and_step_and_relu_by_their_derivative_identities():
    """σ^{(m)} = δ ⇒ (iω)^m σ̂(ω) = 1 (Dirac m=0, Step m=1, ReLU m=2, ReLU^2 m=3)."""
    for name, params, m in [("dirac", {}, 0), ("step", {}, 1), ("relu", {}, 2),
                            ("relu_power", {"k": 2}, 3), ("relu_power", {"k": 0}, 1)]:
        got = (1j * OMEGAS) ** m * A.get(name, **params).fourier(OMEGAS)
        np.testing.assert_allclose(got, 1.0, rtol=1e-12)


def test_relu_power_one_is_relu_and_zero_is_step():
    t = np.linspace(-2, 2, 9)
    np.testing.assert_allclose(A.get("relu_power", k=1)(t), A.get("relu")(t))
    np.testing.assert_allclose(A.get("relu_power", k=0)(t[t != 0]), A.get("step")(t[t != 0]))
    assert A.get("relu").homogeneous and A.get("relu_power", k=1).homogeneous
    assert not A.get("relu_power", k=2).homogeneous and not A.get("logistic").homogeneous


def test_penalty_is_inverse_squared_modulus_and_infinite_off_band():
    w = np.array([0.5, 2.0, 6.0])
    sinc = A.get("sinc", W=3.0)
    assert np.isinf(sinc.penalty(6.0)) and sinc.penalty(2.0) == pytest.approx(1.0)
    relu = A.get("relu")
    np.testing.assert_allclose(relu.penalty(w), w**4)
    np.testing.assert_allclose(A.get("step").penalty(w), w**2)
    np.testing.assert_allclose(A.get("gaussian").penalty(w), np.exp(w**2))
    np.testing.assert_allclose(A.get("half_exp").penalty(w), 1 + w**2)
    np.testing.assert_allclose(A.get("softplus").penalty(w),
                               w**2 * np.sinh(np.pi * w) ** 2 / np.pi**2)
    assert A.get("rectangle").penalty(2 * np.pi) > 1e25


ALL = [(n, {}) for n in A.names() if n != "dirac"]


@pytest.mark.parametrize(("name", "params"), ALL + [("softplus_power", {"k": 2.5}),
                                                    ("gfunction", {"p": 0.8})],
                         ids=[n + str(p or "") for n, p in ALL] + ["softplus_power2.5", "g0.8"])
def test_numpy_and_torch_agree_and_gradients_are_finite(name, params):
    act = A.get(name, **params)
    t = np.linspace(-3.3, 3.1, 23) + 0.0123  # away from kinks at 0, ±1/2, 1
    tt = torch.tensor(t, dtype=torch.float64, requires_grad=True)
    y = act(tt)
    assert isinstance(y, torch.Tensor) and y.shape == tt.shape
    np.testing.assert_allclose(y.detach().numpy(), act(t), rtol=1e-10, atol=1e-12)
    y.sum().backward()
    assert torch.isfinite(tt.grad).all()


@pytest.mark.parametrize("name", ["relu_power", "softplus", "softplus_power", "gfunction",
                                  "arctan", "half_exp"])
def test_torch_gradient_matches_finite_differences(name):
    act = A.get(name)
    t = torch.tensor([-1.7, -0.4, 0.3, 1.1, 2.6], dtype=torch.float64, requires_grad=True)
    act(t).sum().backward()
    h = 1e-6
    x = t.detach().numpy()
    fd = (act(x + h) - act(x - h)) / (2 * h)
    np.testing.assert_allclose(t.grad.numpy(), fd, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("k", [0.5, 2.0, 3.5])
def test_plain_power_is_gamma_times_the_normalised_one(k):
    plain, norm = A.get("relu_power_plain", k=k), A.get("relu_power", k=k)
    t = np.linspace(-2.0, 2.5, 19)
    np.testing.assert_allclose(plain(t), np.maximum(t, 0.0) ** k, rtol=1e-13)
    w = np.array([-3.0, -0.5, 0.7, 2.0])
    g = math.gamma(k + 1)
    np.testing.assert_allclose(plain.fourier(w), g * norm.fourier(w), rtol=1e-13)
    np.testing.assert_allclose(plain.penalty(w), norm.penalty(w) / g**2, rtol=1e-13)
    assert plain.params == {"k": k} and "plain" in plain.label


def test_names_and_labels():
    expected = ["dirac", "step", "relu", "relu_power", "relu_power_plain", "logistic_bump",
                "logistic", "softplus", "softplus_power", "cauchy", "arctan", "gaussian", "erf",
                "gfunction", "satrelu", "wavepacket", "rectangle", "triangle", "sinc", "sinc2",
                "half_exp", "sech", "log_abs", "oberhettinger_iii10"]
    assert A.names() == expected
    assert "stand-in" in A.get("oberhettinger_iii10").label
    assert A.get("relu").filter_label == r"$\partial_t^2$"
    assert A.get("relu_power", k=2.5).params == {"k": 2.5}
    assert len(A.paper_activations()) == len(A.PAPER_ACTIVATIONS) == 16


def test_bad_inputs():
    with pytest.raises(ValueError, match="valid names: dirac, step"):
        A.get("tanh")
    with pytest.raises(TypeError, match="name must be a string"):
        A.get(3)
    for name, params, word in [("relu_power", {"k": -1}, "k"), ("relu_power", {"k": -3}, "k"),
                               ("softplus_power", {"k": -0.5}, "k"),
                               ("gfunction", {"p": 0}, "p"), ("gfunction", {"p": -1}, "p"),
                               ("sinc", {"W": 0}, "W"), ("sinc2", {"W": -2}, "W"),
                               ("wavepacket", {"s": 0}, "s"), ("softplus", {"beta": 0}, "beta"),
                               ("relu_power", {"k": float("nan")}, "k")]:
        with pytest.raises(ValueError, match=rf"\b{word}\b"):
            A.get(name, **params)
    with pytest.raises(ValueError, match="unknown parameter"):
        A.get("relu", k=2)
    with pytest.raises(TypeError, match="k must be a real number"):
        A.get("relu_power", k="2")
    with pytest.raises(ValueError, match="no pointwise values"):
        A.get("dirac")(np.zeros(3))
    with pytest.raises(TypeError, match="t must be"):
        A.get("relu")("abc")
    with pytest.raises(ValueError, match="omega contains NaN"):
        A.get("relu").fourier([1.0, np.nan])


def test_resolve_accepts_every_spelling_of_an_activation():
    relu = A.get("relu")
    assert A.resolve(relu) is relu
    assert A.resolve("relu").name == "relu"
    sinc = A.resolve(("sinc", {"W": 8.0}))
    assert sinc.params["W"] == 8.0
    t = np.linspace(-3, 3, 7)
    np.testing.assert_array_equal(sinc(t), A.get("sinc", W=8.0)(t))


def test_resolve_refuses_clearly():
    with pytest.raises(ValueError, match="unknown activation 'nope'"):
        A.resolve("nope")
    with pytest.raises(TypeError, match="plain function has no Fourier transform"):
        A.resolve(np.tanh)
    with pytest.raises(TypeError, match=r"\(name, params dict\)"):
        A.resolve(("relu",))
    with pytest.raises(TypeError, match="sigma must be an activation name"):
        A.resolve(3, name="sigma")


def test_gfunction_memory_is_bounded():
    g = A.get("gfunction")
    with pytest.raises(ValueError, match=r"largest \|t\| = 1e\+06.*GB"):
        g(np.array([1e6]))
    out = g(np.array([np.nan, 0.0, 1e3]))
    assert np.isnan(out[0]) and np.all(np.isfinite(out[1:]))


# ---------------------------------------------------------------- the G-function family
# σ̂ = e^{-|ω|^p} (integrals=0) and its integral, the G-sigmoid (integrals=1)


def test_gfunction_rows_through_the_quadrature_route():
    t = np.linspace(-6, 6, 121)
    gauss = lambda u: np.exp(-u**2 / 2) / np.sqrt(2 * np.pi)  # noqa: E731
    # p = 1 + tiny, 2 + tiny leave the closed-form branches of the catalogue
    np.testing.assert_allclose(A.get("gfunction", p=1.0 + 1e-9)(t), 1 / (np.pi * (1 + t**2)),
                               atol=1e-8)
    np.testing.assert_allclose(A.get("gfunction", p=2.0 + 1e-9)(t),
                               gauss(t / np.sqrt(2)) / np.sqrt(2), atol=1e-8)
    t = np.linspace(-8, 8, 81)
    np.testing.assert_allclose(A.get("gfunction", p=1.5)(t), st.levy_stable.pdf(t, 1.5, 0.0),
                               rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("p", [3.0, 4.0])
def test_gfunction_beyond_two_against_series(p):
    # G_p(t) = (1/(πp)) Σ_k (-1)^k Γ((2k+1)/p) t^{2k}/(2k)!  (Meijer-G series), in mpmath
    import mpmath

    mpmath.mp.dps = 40
    t = np.array([0.0, 0.5, 1.3, 2.5, 4.0])

    def series(x):
        x = mpmath.mpf(x)
        s = mpmath.nsum(lambda k: (-1) ** k * mpmath.gamma((2 * k + 1) / mpmath.mpf(p))
                        * x ** (2 * k) / mpmath.factorial(2 * k), [0, mpmath.inf])
        return float(s / (mpmath.pi * p))

    ref = np.array([series(x) for x in t])
    np.testing.assert_allclose(A.get("gfunction", p=p)(t), ref, atol=1e-9)
    assert ref.min() < 0  # p > 2 takes negative values


def test_gfunction_integral_is_the_sigmoid_family():
    t = np.linspace(-10, 10, 201)
    s1 = A.get("gfunction", p=1.0, integrals=1)
    np.testing.assert_allclose(s1(t), 0.5 + np.arctan(t) / np.pi, atol=1e-10)
    np.testing.assert_allclose(A.get("gfunction", p=2.0, integrals=1)(t),
                               0.5 * (1 + sp.erf(t / 2)), atol=1e-10)
    # p = 1.5: its derivative is the stable density (torch autograd route)
    tt = torch.tensor([-2.0, 0.0, 0.7, 3.0], dtype=torch.float64, requires_grad=True)
    act = A.get("gfunction", p=1.5, integrals=1)
    act(tt).sum().backward()
    np.testing.assert_allclose(tt.grad.numpy(), st.levy_stable.pdf(tt.detach().numpy(), 1.5, 0),
                               rtol=1e-6)
    # Ŝ = e^{-|ω|^p}/(iω): activation factor ω² e^{2|ω|^p}; S' = G in the transform too
    np.testing.assert_allclose(act.penalty(np.array([2.0])), 4.0 * np.exp(2 * 2.0**1.5))
    np.testing.assert_allclose(act.fourier(OMEGAS) * 1j * OMEGAS,
                               A.get("gfunction", p=1.5).fourier(OMEGAS))
    # one catalogue entry: its parameters rebuild it
    assert act.name == "gfunction" and act.params == {"p": 1.5, "integrals": 1}
    assert np.array_equal(A.get(act.name, **act.params)(t), act(t))
    assert A.defaults("gfunction") == {"p": 1.5, "integrals": 0}
    assert A.get("gfunction", integrals=0).params == A.get("gfunction").params


@pytest.mark.parametrize("p", [0.0, -1.0, np.nan, np.inf])
@pytest.mark.parametrize("integrals", [0, 1])
def test_gfunction_bad_order(p, integrals):
    with pytest.raises(ValueError, match="p must be"):
        A.get("gfunction", p=p, integrals=integrals)


def test_gfunction_bad_types_and_memory():
    with pytest.raises(TypeError, match="p must be"):
        A.get("gfunction", p="1.5")
    with pytest.raises(ValueError, match="integrals"):
        A.get("gfunction", p=1.5, integrals=2)
    with pytest.raises(TypeError, match="integrals"):
        A.get("gfunction", p=1.5, integrals=1.0)
    s = A.get("gfunction", integrals=1)
    with pytest.raises(ValueError, match=r"largest \|t\| = 1e\+08.*GB"):
        s(np.array([1e8]))
    out = s(np.array([np.nan, np.inf, 0.0, 1e3]))
    assert np.all(np.isnan(out[:2])) and np.all(np.isfinite(out[2:]))


def test_softplus_power_non_finite_input():
    out = A.get("softplus_power", k=1.5)(np.array([np.nan, -np.inf, np.inf, 0.0]))
    assert np.isnan(out[0]) and out[1] == 0.0 and np.isnan(out[2]) and np.isfinite(out[3])
