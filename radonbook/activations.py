"""The activation catalogue every topic shares (appendix §A.5; paper Table I).

Each :class:`Activation` bundles a non-linearity σ with its closed-form Fourier transform
σ̂ (appendix §A.1: ``σ̂(ω) = ∫ σ(t) e^{-iωt} dt``, taken modulo polynomials, so terms
supported at ω = 0 are dropped), its activation factor ``1/|σ̂(ω)|²`` (the part of the
spectral penalty of appendix §A.4 that the non-linearity contributes), and the LaTeX
of the filter ``C_σ^{-1}`` where the table has one.

Activations are evaluated on numpy arrays and torch tensors alike; on tensors they are
differentiable (entries without an elementary formula use a numerical routine wrapped in
a torch autograd function whose derivative is computed by the same routine).

Use :func:`get` with a registered name and its parameters, :func:`names` for the list,
and :func:`paper_activations` for the activations of the paper's experiments. Every
function of the package that takes an activation argument ``act`` (always the
non-linearity σ) passes it through :func:`resolve`, so each accepts the same things: a
name, ``(name, params)``, an :class:`Activation` or a designed activation.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.special as sp
import torch

from radonbook import quadrature, validate

__all__ = [
    "PAPER_ACTIVATIONS",
    "Activation",
    "ActivationLike",
    "defaults",
    "get",
    "names",
    "numeric_torch",
    "paper_activations",
    "resolve",
]

# --------------------------------------------------------------------------------------
# numpy / torch namespaces: each σ is written once against these operations
# --------------------------------------------------------------------------------------


class _NumpyOps:
    exp = staticmethod(np.exp)
    log = staticmethod(np.log)
    abs = staticmethod(np.abs)
    cos = staticmethod(np.cos)
    sin = staticmethod(np.sin)
    atan = staticmethod(np.arctan)
    erf = staticmethod(sp.erf)
    sigmoid = staticmethod(sp.expit)
    sinc = staticmethod(np.sinc)  # sin(πx)/(πx)

    @staticmethod
    def softplus(t):
        return np.logaddexp(0.0, t)

    @staticmethod
    def where(cond, a, b):
        return np.where(cond, a, b)

    @staticmethod
    def relu(t):
        return np.maximum(t, 0.0)

    @staticmethod
    def sech(t):
        return 1.0 / np.cosh(np.clip(t, -700, 700))

    @staticmethod
    def pos_power(t, k):
        """t_+^k (0 for t ≤ 0), finite gradient away from 0."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(t > 0, np.abs(t) ** k, 0.0)

    @staticmethod
    def indicator(cond, like):
        return cond.astype(like.dtype)


class _TorchOps:
    exp = staticmethod(torch.exp)
    log = staticmethod(torch.log)
    abs = staticmethod(torch.abs)
    cos = staticmethod(torch.cos)
    sin = staticmethod(torch.sin)
    atan = staticmethod(torch.atan)
    erf = staticmethod(torch.special.erf)
    sigmoid = staticmethod(torch.sigmoid)
    sinc = staticmethod(torch.sinc)
    relu = staticmethod(torch.relu)
    softplus = staticmethod(torch.nn.functional.softplus)

    @staticmethod
    def where(cond, a, b):
        return torch.where(cond, a, b)

    @staticmethod
    def sech(t):
        return 1.0 / torch.cosh(torch.clamp(t, -700, 700))

    @staticmethod
    def pos_power(t, k):
        safe = torch.where(t > 0, t, torch.ones_like(t))
        return torch.where(t > 0, safe**k, torch.zeros_like(t))

    @staticmethod
    def indicator(cond, like):
        return cond.to(like.dtype) + 0.0 * like  # keeps the graph: derivative 0 a.e.


def _as_input(t: Any) -> tuple[Any, Any]:
    """Return (array_or_tensor, ops) for an input of an activation."""
    if isinstance(t, torch.Tensor):
        if not torch.is_floating_point(t):
            t = t.to(torch.get_default_dtype())
        return t, _TorchOps
    if isinstance(t, str | bytes) or t is None:
        raise TypeError(f"t must be a number, a numpy array or a torch tensor, got {type(t)!r}")
    try:
        arr = np.asarray(t, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"t must be numeric (numpy array or torch tensor), got {type(t)!r}") from exc
    return arr, _NumpyOps


def _as_omega(omega: Any) -> np.ndarray:
    try:
        w = np.asarray(omega, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"omega must be a real number or array, got {type(omega)!r}") from exc
    if np.isnan(w).any():
        raise ValueError("omega contains NaN")
    return w


# --------------------------------------------------------------------------------------
# numerical activations (no elementary formula) and their torch wrapper
# --------------------------------------------------------------------------------------

_GL_M = 200  # Gauss-Legendre nodes per interval of the numerical activations


def _integrate(g: Callable[[np.ndarray], np.ndarray], a: np.ndarray, b: np.ndarray
               ) -> np.ndarray:
    """∫_a^b g(x) dx for arrays of limits (same shape), 200-node Gauss-Legendre."""
    x, w = quadrature.gauss_legendre(a, b, _GL_M)
    return (w * g(x)).sum(axis=-1)


def _softplus_power_np(t: np.ndarray, k: float, derivative: bool = False) -> np.ndarray:
    """Order-k Power SoftPlus σ_k(t) = (1/Γ(k)) ∫_0^∞ u^{k-1} s(t-u) du (or its derivative).

    The Riemann-Liouville integral of order k of the logistic s. With ``u = y^m``,
    ``m = ⌈k⌉/k``, the integrand ``(m/Γ(k)) y^{⌈k⌉-1} s(t - y^m)`` is smooth; it is split
    at ``u = t_+`` and truncated at ``u = t_+ + 40`` (where ``s < 1e-17``), each piece by
    200-node Gauss-Legendre. ``derivative=True`` integrates ``s'`` instead of ``s``.
    """
    g0 = (lambda z: sp.expit(z) * sp.expit(-z)) if derivative else sp.expit
    n = math.ceil(k)
    m = n / k
    raw = t.ravel()
    bad = ~np.isfinite(raw)  # σ(-inf) = 0; NaN and +inf give NaN, as before
    flat = np.where(bad, 0.0, raw)
    out = np.empty_like(flat)
    y0 = np.maximum(flat, 0.0) ** (1.0 / m)
    y1 = (np.maximum(flat, 0.0) + 40.0) ** (1.0 / m)
    for start in range(0, flat.size, 4096):  # chunks keep memory small
        sl = slice(start, start + 4096)
        tt = flat[sl][:, None]

        def g(y, tt=tt):
            return y ** (n - 1) * g0(tt - y**m)

        out[sl] = _integrate(g, np.zeros_like(y0[sl]), y0[sl]) + _integrate(
            g, y0[sl], y1[sl])
    out[bad] = np.where(raw[bad] == -np.inf, 0.0, np.nan)
    return (out * m / math.gamma(k)).reshape(t.shape)


def _gfunction_np(t: np.ndarray, p: float, derivative: bool = False) -> np.ndarray:
    """G-function σ(t) = (1/π) ∫_0^∞ e^{-ω^p} cos(ωt) dω (appendix §A.5, paper eq. 11).

    With ``v = ω^p``: ``(1/(πp)) ∫_0^∞ e^{-v} v^{1/p-1} cos(v^{1/p} t) dv``, computed by
    Gauss-Legendre on ω ∈ [0, 40^{1/p}] in pieces short enough to resolve the cosine
    (accurate to ~1e-10 for |t| ≤ 200). ``derivative=True`` gives σ'(t).
    """
    omega_max = 40.0 ** (1.0 / p)
    flat = t.ravel()
    finite = np.abs(flat[np.isfinite(flat)])  # NaN/inf give NaN, as for any σ
    tmax = float(np.max(finite)) if finite.size else 0.0
    pieces = max(4, int(np.ceil(omega_max * max(tmax, 1.0) / 20.0)))
    # the quadrature nodes grow with max |t|: w, wts, amp and their temporaries
    validate.check_memory(6.0 * pieces * _GL_M,
                          f"t (its largest |t| = {tmax:.3g}; the G-function quadrature "
                          "grows with max |t|)")
    edges = np.linspace(0.0, omega_max, pieces + 1)
    w, wts = quadrature.gauss_legendre(edges[:-1], edges[1:], _GL_M)
    w, wts = w.ravel(), wts.ravel()
    amp = wts * np.exp(-(w**p))
    out = np.empty_like(flat)
    rows = max(1, min(1024, (1 << 22) // w.size))  # chunks of at most ~4M products (32 MB)
    for start in range(0, flat.size, rows):
        tt = flat[start:start + rows, None]
        if derivative:
            out[start:start + rows] = -(np.sin(tt * w) * (w * amp)).sum(axis=1)
        else:
            out[start:start + rows] = (np.cos(tt * w) * amp).sum(axis=1)
    return (out / np.pi).reshape(t.shape)


def _gfunction_integral_np(t: np.ndarray, p: float, derivative: bool = False
                           ) -> np.ndarray:
    """G-sigmoid ``S_p(t) = ∫_{-∞}^t G_p = 1/2 + (1/π) ∫_0^∞ e^{-ω^p} sin(ωt)/ω dω``.

    (appendix §A.6, paper eq. 11.) 8-node Gauss-Legendre panels on
    ``ω ∈ [0, 40^{1/p}]`` (``e^{-ω^p} < 5e-18`` beyond), each short enough to resolve
    ``sin(ωt)`` for the largest ``|t|``, graded geometrically towards ``ω = 0``.
    ``derivative=True`` gives ``S_p' = G_p``. NaN and ±inf give NaN.
    """
    if derivative:
        return np.asarray(get("gfunction", p=p)(t), dtype=float)
    flat = t.ravel()
    finite = np.abs(flat[np.isfinite(flat)])
    omega_top = 40.0 ** (1.0 / p)
    tmax = float(np.max(finite)) if finite.size else 0.0
    width = min(1.0, math.pi / max(tmax, 1e-12), omega_top / 4)
    k = max(4, math.ceil(omega_top / width))
    # nodes, amp and the sin(t ω) products of one chunk grow with max |t|
    validate.check_memory(8.0 * (k + 50) * 4,
                          f"t (its largest |t| = {tmax:.3g}; the G-sigmoid quadrature "
                          "grows with max |t|)")
    uni = np.linspace(0.0, omega_top, k + 1)
    # geometric grading towards 0 resolves the cusp of e^{-ω^p} for small p
    geo = uni[1] * 2.0 ** -np.arange(50, 0, -1, dtype=float)
    edges = np.concatenate([[0.0], geo, uni[1:]])
    nodes, weights = quadrature.gauss_legendre(edges[:-1], edges[1:], 8)
    nodes, weights = nodes.ravel(), weights.ravel()
    amp = weights * np.exp(-(nodes**p)) / nodes / math.pi
    out = np.empty(flat.shape)
    chunk = max(1, 2_000_000 // nodes.size)
    with np.errstate(invalid="ignore"):  # sin(±inf) = NaN
        for i in range(0, flat.size, chunk):
            out[i:i + chunk] = np.sin(flat[i:i + chunk, None] * nodes[None, :]) @ amp
    return (0.5 + out).reshape(t.shape)


def numeric_torch(fn: Callable[..., np.ndarray], t: Any, *args: float) -> Any:
    """Evaluate a numpy routine ``fn(t, *args, derivative=False)`` on a torch tensor,
    differentiably: the backward pass uses ``fn(t, *args, derivative=True)``.

    For activations without an elementary formula (Power SoftPlus, the G-function and
    its integral)."""

    class _Fn(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            val = fn(x.detach().cpu().double().numpy(), *args)
            return torch.as_tensor(val, dtype=x.dtype, device=x.device)

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            d = fn(x.detach().cpu().double().numpy(), *args, derivative=True)
            return grad * torch.as_tensor(d, dtype=x.dtype, device=x.device)

    return _Fn.apply(t)


# --------------------------------------------------------------------------------------
# closed-form transforms
# --------------------------------------------------------------------------------------


def _x_over_sinh(x: np.ndarray) -> np.ndarray:
    """x / sinh(x) with its limit 1 at x = 0 and 0 where sinh overflows."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = x / np.sinh(x)
    return np.where(x == 0, 1.0, np.where(np.isfinite(out), out, 0.0))


def _inv_i_omega_power(omega: np.ndarray, m: float) -> np.ndarray:
    """(iω)^{-m} on the principal branch: |ω|^{-m} e^{-iπ m sign(ω)/2} (∞ at ω = 0)."""
    with np.errstate(divide="ignore"):
        mag = np.abs(omega) ** (-m)
    return mag * np.exp(-0.5j * np.pi * m * np.sign(omega))


def _sinc_half(omega: np.ndarray) -> np.ndarray:
    """sin(ω/2)/(ω/2)."""
    return np.sinc(omega / (2 * np.pi))


# --------------------------------------------------------------------------------------
# the Activation object
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activation:
    """A non-linearity σ with its Fourier transform (appendix §A.1–A.5).

    Attributes
    ----------
    name : registered name (see :func:`names`)
    label : LaTeX label for figures and tables
    params : the parameters it was built with
    filter_label : LaTeX of the filter ``C_σ^{-1}`` where Table I has one, else ``None``
    homogeneous : True iff σ is positively 1-homogeneous (σ_α = σ: ReLU)
    """

    name: str
    label: str
    params: dict = field(default_factory=dict)
    filter_label: str | None = None
    homogeneous: bool = False
    _sigma: Callable[[Any, Any], Any] | None = field(default=None, repr=False)
    _fourier: Callable[[np.ndarray], np.ndarray] | None = field(default=None, repr=False)

    def __call__(self, t: Any) -> Any:
        """σ(t) for a number, numpy array or torch tensor (differentiable on tensors)."""
        if self._sigma is None:
            raise ValueError(
                f"activation {self.name!r} is a distribution with no pointwise values; "
                "use its fourier() or penalty(), or a narrow 'gaussian' as an approximation"
            )
        x, ops = _as_input(t)
        return self._sigma(x, ops)

    def fourier(self, omega: Any) -> np.ndarray:
        """σ̂(ω) = ∫ σ(t) e^{-iωt} dt (closed form, modulo polynomials), complex array."""
        w = _as_omega(omega)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.asarray(self._fourier(w), dtype=complex) * np.ones_like(w)

    def penalty(self, omega: Any) -> np.ndarray:
        """Activation factor 1/|σ̂(ω)|² (``inf`` where σ̂ = 0; appendix §A.4)."""
        F = np.abs(self.fourier(omega))
        with np.errstate(divide="ignore", over="ignore"):
            return 1.0 / F**2


# --------------------------------------------------------------------------------------
# the registry
# --------------------------------------------------------------------------------------

_Builder = Callable[..., Activation]
_REGISTRY: dict[str, tuple[_Builder, dict[str, float]]] = {}


def _register(name: str, **defaults: float) -> Callable[[_Builder], _Builder]:
    def deco(builder: _Builder) -> _Builder:
        _REGISTRY[name] = (builder, defaults)
        return builder
    return deco


def _positive(name: str, value: float) -> float:
    return validate.real(value, name, positive=True)


def _real(name: str, value: Any) -> float:
    return validate.real(value, name)


def _fmt(x: float) -> str:
    return f"{x:g}"


@_register("dirac")
def _dirac() -> Activation:
    return Activation("dirac", r"$\delta$", {}, r"$\mathrm{id}$", False, None,
                      lambda w: np.ones_like(w))


@_register("step")
def _step() -> Activation:
    return Activation(
        "step", r"Step $H$", {}, r"$\partial_t$", False,
        lambda t, o: 0.5 * (o.indicator(t > 0, t) + o.indicator(t >= 0, t)),
        lambda w: 1.0 / (1j * w))


@_register("relu")
def _relu() -> Activation:
    return Activation("relu", "ReLU", {}, r"$\partial_t^2$", True,
                      lambda t, o: o.relu(t), lambda w: -1.0 / w**2 + 0j)


@_register("relu_power", k=2.0)
def _relu_power(k: float) -> Activation:
    k = _real("k", k)
    if k <= -1:
        raise ValueError(f"k must be > -1 for relu_power, got {k}")
    if k > 170:
        raise ValueError(f"k must be at most 170 for relu_power (Γ(k + 1) overflows), got {k}")
    g = math.gamma(k + 1)
    if k == 0:
        sigma = _step()._sigma
    else:
        def sigma(t, o):
            return o.pos_power(t, k) / g
    return Activation(
        "relu_power", rf"ReLU$^{{{_fmt(k)}}}$", {"k": k},
        rf"$D^{{{_fmt(k + 1)}}}$", k == 1, sigma,
        lambda w: _inv_i_omega_power(w, k + 1))


@_register("relu_power_plain", k=2.0)
def _relu_power_plain(k: float) -> Activation:
    """The plain power ``t_+^k = Γ(k + 1) ReLU^k``: the catalogue's ``relu_power`` times
    ``Γ(k + 1)``, transform ``Γ(k + 1) (iω)^{-(k+1)}`` (appendix §A.5)."""
    norm = _relu_power(k)
    g = math.gamma(norm.params["k"] + 1)
    return Activation(
        "relu_power_plain", rf"$t_+^{{{_fmt(norm.params['k'])}}}$ (plain)",
        {"k": norm.params["k"]}, None, False,
        lambda t, o: g * norm._sigma(t, o),
        lambda w: g * _inv_i_omega_power(w, norm.params["k"] + 1))


@_register("logistic_bump")
def _logistic_bump() -> Activation:
    return Activation("logistic_bump", r"Logistic bump $s'$", {}, None, False,
                      lambda t, o: o.sigmoid(t) * o.sigmoid(-t),
                      lambda w: _x_over_sinh(np.pi * w))


@_register("logistic", beta=1.0)
def _logistic(beta: float) -> Activation:
    return _softplus_power(0.0, beta, name="logistic", label="Logistic")


@_register("softplus", beta=1.0)
def _softplus(beta: float) -> Activation:
    return _softplus_power(1.0, beta, name="softplus", label="SoftPlus")


@_register("softplus_power", k=2.0, beta=1.0)
def _softplus_power(k: float, beta: float, name: str = "softplus_power",
                    label: str | None = None) -> Activation:
    k = _real("k", k)
    if k < 0:
        raise ValueError(f"k must be >= 0 for softplus_power, got {k}")
    beta = _positive("beta", beta)
    if k == 0:
        def base(t, o):
            return o.sigmoid(t)
    elif k == 1:
        def base(t, o):
            return o.softplus(t)
    else:
        def base(t, o):
            if o is _TorchOps:
                return numeric_torch(_softplus_power_np, t, k)
            return _softplus_power_np(t, k)

    def sigma(t, o):
        return base(beta * t, o) / beta**k

    label = label or rf"SoftPlus$^{{{_fmt(k)}}}$"
    if beta != 1:
        label += rf" ($\beta={_fmt(beta)}$)"
    return Activation(name, label, {"k": k, "beta": beta} if name == "softplus_power"
                      else {"beta": beta}, None, False, sigma,
                      lambda w: _inv_i_omega_power(w, k + 1) * _x_over_sinh(np.pi * w / beta))


@_register("cauchy")
def _cauchy() -> Activation:
    return Activation("cauchy", "Cauchy", {}, None, False,
                      lambda t, o: 1.0 / (np.pi * (1.0 + t * t)),
                      lambda w: np.exp(-np.abs(w)) + 0j)


@_register("arctan")
def _arctan() -> Activation:
    return Activation("arctan", "Arctan", {}, None, False,
                      lambda t, o: 0.5 + o.atan(t) / np.pi,
                      lambda w: np.exp(-np.abs(w)) / (1j * w))


@_register("gaussian")
def _gaussian() -> Activation:
    return Activation("gaussian", "Gaussian", {}, None, False,
                      lambda t, o: o.exp(-0.5 * t * t) / math.sqrt(2 * np.pi),
                      lambda w: np.exp(-0.5 * w**2) + 0j)


@_register("erf")
def _erf() -> Activation:
    return Activation("erf", "Erf", {}, None, False,
                      lambda t, o: 0.5 * (1.0 + o.erf(t / math.sqrt(2.0))),
                      lambda w: np.exp(-0.5 * w**2) / (1j * w))


@_register("gfunction", p=1.5, integrals=0)
def _gfunction(p: float, integrals: int) -> Activation:
    # the quadrature of σ runs over ω ∈ [0, 40^{1/p}]: below p = 1/2 it grows out of reach
    p = validate.real(p, "p", low=0.5)
    integrals = validate.count(integrals, "integrals", minimum=0, maximum=1)
    if integrals == 1:  # the sigmoid S_p = ∫_{-∞}^t G_p, Ŝ_p = e^{-|ω|^p}/(iω)
        def s_p(t, o):
            if o is _TorchOps:
                return numeric_torch(_gfunction_integral_np, t, p)
            return _gfunction_integral_np(t, p)
        return Activation("gfunction", rf"G-sigmoid $p={_fmt(p)}$",
                          {"p": p, "integrals": 1}, None, False, s_p,
                          lambda w: np.exp(-np.abs(w) ** p) / (1j * w))
    if p == 1:
        sigma = _cauchy()._sigma
    elif p == 2:  # e^{-ω²}: the Gaussian density of variance 2
        def sigma(t, o):
            return o.exp(-0.25 * t * t) / (2 * math.sqrt(np.pi))
    else:
        def sigma(t, o):
            if o is _TorchOps:
                return numeric_torch(_gfunction_np, t, p)
            return _gfunction_np(t, p)
    return Activation("gfunction", rf"G-function $p={_fmt(p)}$", {"p": p}, None, False,
                      sigma, lambda w: np.exp(-np.abs(w) ** p) + 0j)


@_register("satrelu")
def _satrelu() -> Activation:
    return Activation(
        "satrelu", "SatReLU", {}, r"$\partial_t^2 (1 - S_1)^{-1}$", False,
        lambda t, o: o.relu(t) - o.relu(t - 1.0),
        lambda w: -(1.0 - np.exp(-1j * w)) / w**2)


@_register("wavepacket", omega0=3.0, s=1.0)
def _wavepacket(omega0: float, s: float) -> Activation:
    omega0 = _real("omega0", omega0)
    s = _positive("s", s)
    c = s * math.sqrt(2 * np.pi) / 2
    return Activation(
        "wavepacket", rf"Wavepacket $\omega_0={_fmt(omega0)}, s={_fmt(s)}$",
        {"omega0": omega0, "s": s}, None, False,
        lambda t, o: o.cos(omega0 * t) * o.exp(-(t * t) / (2 * s * s)),
        lambda w: c * (np.exp(-0.5 * s**2 * (w - omega0) ** 2)
                       + np.exp(-0.5 * s**2 * (w + omega0) ** 2)) + 0j)


@_register("rectangle")
def _rectangle() -> Activation:
    return Activation("rectangle", "Rectangle", {}, None, False,
                      lambda t, o: o.indicator(o.abs(t) <= 0.5, t),
                      lambda w: _sinc_half(w) + 0j)


@_register("triangle")
def _triangle() -> Activation:
    return Activation("triangle", "Triangle", {}, None, False,
                      lambda t, o: o.relu(1.0 - o.abs(t)),
                      lambda w: _sinc_half(w) ** 2 + 0j)


@_register("sinc", W=5.0)
def _sinc(W: float) -> Activation:
    W = _positive("W", W)
    return Activation("sinc", rf"Sinc $W={_fmt(W)}$", {"W": W}, r"band-limit", False,
                      lambda t, o: (W / np.pi) * o.sinc(W * t / np.pi),
                      lambda w: (np.abs(w) <= W).astype(float) + 0j)


@_register("sinc2", W=5.0)
def _sinc2(W: float) -> Activation:
    W = _positive("W", W)
    return Activation("sinc2", rf"Sinc$^2$ $W={_fmt(W)}$", {"W": W}, None, False,
                      lambda t, o: (W / np.pi) * o.sinc(W * t / np.pi) ** 2,
                      lambda w: np.maximum(1.0 - np.abs(w) / (2 * W), 0.0) + 0j)


@_register("half_exp")
def _half_exp() -> Activation:
    return Activation("half_exp", "Half-Exp", {}, r"$1 + \partial_t$", False,
                      lambda t, o: o.where(t >= 0, o.exp(-o.abs(t)), 0.0 * t),
                      lambda w: 1.0 / (1.0 + 1j * w))


@_register("sech")
def _sech() -> Activation:
    return Activation("sech", "Sech", {}, None, False,
                      lambda t, o: o.sech(t),
                      lambda w: np.pi / np.cosh(np.clip(np.pi * w / 2, -700, 700)) + 0j)


@_register("log_abs")
def _log_abs() -> Activation:
    def sigma(t, o):
        with np.errstate(divide="ignore"):
            return o.log(o.abs(t))
    return Activation("log_abs", r"$\log|t|$", {}, None, False, sigma,
                      lambda w: -np.pi / np.abs(w) + 0j)


@_register("oberhettinger_iii10")
def _oberhettinger_iii10() -> Activation:
    return Activation(
        "oberhettinger_iii10", r"Oberhettinger III.10 (book's stand-in $t e^{-t} H(t)$)", {},
        r"$(1 + \partial_t)^2$", False,
        lambda t, o: o.where(t >= 0, o.abs(t) * o.exp(-o.abs(t)), 0.0 * t),
        lambda w: 1.0 / (1.0 + 1j * w) ** 2)


# --------------------------------------------------------------------------------------
# public access
# --------------------------------------------------------------------------------------


def names() -> list[str]:
    """The registered activation names, in the order of appendix §A.5 (activation table)."""
    return list(_REGISTRY)


def defaults(name: str) -> dict[str, float]:
    """The default parameters of activation ``name`` (empty if it has none)."""
    _check_name(name)
    return dict(_REGISTRY[name][1])


def _check_name(name: Any) -> None:
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, one of {names()}; got {type(name).__name__}")
    if name not in _REGISTRY:
        raise ValueError(f"unknown activation {name!r}; valid names: {', '.join(names())}")


def get(name: str, **params: float) -> Activation:
    """The activation registered as ``name`` with parameters ``params``.

    Parameters
    ----------
    name : one of :func:`names`
    **params : the row's parameters: ``relu_power(k)`` (k > -1), ``softplus_power(k, beta)``
        (k ≥ 0, β > 0: ``σ(βt)/β^k``), ``logistic(beta)``, ``softplus(beta)``,
        ``gfunction(p, integrals)`` (p ≥ 1/2; ``integrals=0``: the G-function
        ``σ̂ = e^{-|ω|^p}``, ``integrals=1``: its integral, the G-sigmoid
        ``σ̂ = e^{-|ω|^p}/(iω)``), ``wavepacket(omega0, s)`` (s > 0), ``sinc(W)``,
        ``sinc2(W)`` (W > 0). Missing ones take the defaults of :func:`defaults`.

    Raises
    ------
    ValueError
        unknown name (the message lists the valid names), unknown parameter, or a
        parameter outside its range (the message names it).
    """
    _check_name(name)
    builder, dflt = _REGISTRY[name]
    unknown = set(params) - set(dflt)
    if unknown:
        valid = ", ".join(dflt) if dflt else "none"
        raise ValueError(f"unknown parameter(s) {sorted(unknown)} for {name!r}; valid: {valid}")
    return builder(**{**dflt, **params})


#: The activations of the paper's experiments (Tables II and III), as ``(name, params)``.
#: The paper's three Sinc and three Wavepacket variants lost their parameters in
#: extraction: the values here are the book's choice (appendix §A.5, "unrecoverable"),
#: spread from a narrow to a wide band, and so is the Oberhettinger III.10 stand-in.
PAPER_ACTIVATIONS: tuple[tuple[str, dict[str, float]], ...] = (
    ("step", {}),
    ("relu", {}),
    ("relu_power", {"k": 2.0}),
    ("relu_power", {"k": 3.5}),
    ("logistic", {}),
    ("arctan", {}),
    ("erf", {}),
    ("cauchy", {}),
    ("sinc", {"W": 4.0}),
    ("sinc", {"W": 8.0}),
    ("sinc", {"W": 16.0}),
    ("wavepacket", {"omega0": 2.0, "s": 1.0}),
    ("wavepacket", {"omega0": 4.0, "s": 0.5}),
    ("wavepacket", {"omega0": 8.0, "s": 0.25}),
    ("half_exp", {}),
    ("oberhettinger_iii10", {}),
)


def paper_activations() -> list[Activation]:
    """The activations of the paper's experiments (see ``PAPER_ACTIVATIONS``)."""
    return [get(name, **params) for name, params in PAPER_ACTIVATIONS]


#: What :func:`resolve` accepts as an activation ``act``.
ActivationLike = Any


def resolve(act: ActivationLike, name: str = "act") -> Any:
    """The one activation resolver of the package: ``act`` as an activation object.

    Accepts

    * a registered name, ``"relu"`` (:func:`get` with the default parameters);
    * ``(name, params)``, ``("sinc", {"W": 8.0})``;
    * an :class:`Activation`, returned as it is;
    * a designed activation (:class:`radonbook.design.DesignedActivation`) or any object
      with ``__call__``, ``fourier`` and ``penalty`` methods, returned as it is.

    A plain function is refused: the package needs σ̂ as well as σ (register it, or build
    it with :mod:`radonbook.design`). ``name`` is the argument's name in error messages.
    """
    if isinstance(act, Activation):
        return act
    if isinstance(act, str) or isinstance(act, tuple):
        if isinstance(act, tuple) and (len(act) != 2 or not isinstance(act[0], str)
                                       or not isinstance(act[1], dict)):
            raise TypeError(f"{name} as a tuple must be (name, params dict), got {act!r}")
        key, params = (act, {}) if isinstance(act, str) else act
        if key not in _REGISTRY:
            raise ValueError(f"{name}: unknown activation {key!r}; valid names: "
                             f"{', '.join(names())}")
        return get(key, **params)
    if callable(act) and callable(getattr(act, "fourier", None)) \
            and callable(getattr(act, "penalty", None)):
        return act
    raise TypeError(
        f"{name} must be an activation name (one of {', '.join(names())}), a "
        f"(name, params) pair, an Activation or a designed activation; got "
        f"{type(act).__name__}" + (" (a plain function has no Fourier transform: "
                                   "see radonbook.design)" if callable(act) else ""))
