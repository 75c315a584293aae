"""Designing activations from a desired spectral penalty, and the cost of contractions.

Implements appendix §A.6 (paper §III-B, eqs. 10-11: choose the activation factor
``p(ω) = |σ̂(ω)|^{-2}`` first and invert it, ``σ̂ = e^{iψ}/√p``; the G-function family
``σ̂ = e^{-|ω|^p}``) and appendix §A.7 (paper §III-C: the seminorm of a contraction
``f(x/ε)`` and why the Radon structure keeps "bed of nails" fits expensive in every
dimension).

Layering: uses :mod:`radonbook.activations` (the catalogue), :mod:`radonbook.quadrature`
and :mod:`radonbook.validate` only; never imports plotting.

Public functions
----------------
activation_from_penalty
    ``σ = F^{-1}[e^{iψ}/√p]`` on a grid, returned as an activation object.
causal_phase
    The minimum (causal) phase ``ψ = -H[log|σ̂|]`` of an activation factor.
contraction_cost
    ``‖f(·/ε)‖²_{1,σ}`` of a radial ``f`` in ``R^d`` (appendix §A.7).
gaussian_bump_fourier
    Radial profile of the ``d``-dimensional Fourier transform of ``exp(-|x|²/(2s²))``.
penalty_growth_exponent
    Log-log growth rate of an activation factor at high frequency (contraction test).

The G-function family ``σ̂ = e^{-|ω|^p}`` (paper eq. 11) and its integral, the G-sigmoid,
are catalogue entries: ``activations.get("gfunction", p=p, integrals=0 or 1)``.

Activations and activation factors: an argument ``act`` is always an activation σ
(resolved by :func:`radonbook.activations.resolve`); an activation factor
``p(ω) = |σ̂(ω)|^{-2}`` given directly is a callable passed as ``penalty`` (or ``p``
where the factor is what is designed).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from radonbook import quadrature, validate

__all__ = [
    "CAUSAL_MAX_DS",
    "PHASES",
    "DesignedActivation",
    "activation_from_penalty",
    "causal_phase",
    "contraction_cost",
    "gaussian_bump_fourier",
    "penalty_growth_exponent",
]

PHASES = ("causal", "zero")

# Gauss-Legendre nodes on every quadrature panel.
_GL_M = 8


# ----------------------------------------------------------------------------------------
# small helpers
# ----------------------------------------------------------------------------------------


def _check_positive(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a positive real number, got {value!r}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return value


def _panels(edges: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat nodes and weights of the ``_GL_M``-point rule on ``[edges[i], edges[i+1]]``."""
    nodes, weights = quadrature.gauss_legendre(edges[:-1], edges[1:], _GL_M)
    return nodes.ravel(), weights.ravel()


def _exp_remainder(x: np.ndarray, m: int) -> np.ndarray:
    """``e^{ix} - Σ_{l<m} (ix)^l / l!`` computed without cancellation (x real)."""
    x = np.asarray(x, dtype=float)
    if m == 0:
        return np.exp(1j * x)
    out = np.empty(x.shape, dtype=complex)
    small = np.abs(x) < 1.0
    xs = x[small]
    # series Σ_{l ≥ m} (ix)^l / l!, 24 terms: relative error < 1e-17 for |x| < 1
    term = (1j * xs) ** m / math.factorial(m)
    acc = term.copy()
    for l in range(m + 1, m + 24):
        term = term * (1j * xs) / l
        acc = acc + term
    out[small] = acc
    xl = x[~small]
    poly = np.zeros(xl.shape, dtype=complex)
    for l in range(m):
        poly = poly + (1j * xl) ** l / math.factorial(l)
    out[~small] = np.exp(1j * xl) - poly
    return out


def _eval_penalty(p: Callable[[np.ndarray], Any], omega: np.ndarray) -> np.ndarray:
    """Evaluate a user penalty at ``omega > 0`` and validate it (positive and finite)."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        vals = np.asarray(p(omega), dtype=float)
    if vals.shape != omega.shape:
        try:
            vals = np.broadcast_to(vals, omega.shape).astype(float)
        except ValueError as err:
            raise ValueError(
                f"p must map an array of frequencies to an array of the same shape, "
                f"got shape {vals.shape} for input shape {omega.shape}"
            ) from err
    bad = ~np.isfinite(vals) | (vals <= 0)
    if np.any(bad):
        w = float(omega[np.argmax(bad)])
        v = float(vals[np.argmax(bad)])
        raise ValueError(
            f"p must be positive and finite at every frequency ω ≠ 0 (an activation factor "
            f"|σ̂|^-2); p({w:.4g}) = {v!r}. For a stop band use a large finite value."
        )
    return vals


def _singularity_order(p: Callable[[np.ndarray], Any]) -> float:
    """Exponent ``a`` with ``|σ̂(ω)| = p(ω)^{-1/2} ~ ω^{-a}`` as ``ω → 0⁺``."""
    w = np.array([1e-9, 2e-9])
    vals = _eval_penalty(p, w)
    a = 0.5 * float(np.log(vals[1] / vals[0]) / np.log(2.0))
    return round(a, 3)


# ----------------------------------------------------------------------------------------
# the designed activation
# ----------------------------------------------------------------------------------------


class DesignedActivation:
    """An activation known by its transform, evaluated pointwise by interpolation.

    Compatible with the :mod:`radonbook.activations` interface: ``act(t)`` on numpy arrays
    or torch tensors (differentiable, piecewise-linear interpolation of a tabulated
    ``σ``), ``act.fourier(ω)`` (the designed ``σ̂``), ``act.penalty(ω) = 1/|σ̂(ω)|²`` and the
    attributes ``name``, ``label``, ``filter_label``, ``homogeneous``, ``params``.

    Attributes
    ----------
    t_grid, values : arrays of shape (n,)
        The tabulated activation ``σ(t_grid) = values``.
    poly_degree : int
        ``σ`` is defined modulo polynomials of degree ``≤ poly_degree`` (``-1``: unique).
    extrapolate : ``"linear"`` or ``"constant"``
        How ``σ`` is continued outside ``[t_grid[0], t_grid[-1]]`` (linear: the slope of
        the end interval; constant: the end value).
    """

    def __init__(self, *, name: str, label: str, t_grid: np.ndarray, values: np.ndarray,
                 fourier: Callable[[np.ndarray], np.ndarray],
                 penalty: Callable[[np.ndarray], np.ndarray],
                 params: dict[str, Any], poly_degree: int = -1,
                 extrapolate: str = "constant", filter_label: str | None = None,
                 homogeneous: bool = False) -> None:
        if extrapolate not in ("linear", "constant"):
            raise ValueError(f"extrapolate must be 'linear' or 'constant', got {extrapolate!r}")
        self.name = name
        self.label = label
        self.filter_label = filter_label
        self.homogeneous = homogeneous
        self.params = dict(params)
        self.t_grid = np.asarray(t_grid, dtype=float)
        self.values = np.asarray(values, dtype=float)
        self.poly_degree = int(poly_degree)
        self.extrapolate = extrapolate
        if self.t_grid.ndim != 1 or self.t_grid.size < 2 or self.values.shape != self.t_grid.shape \
                or np.any(np.diff(self.t_grid) <= 0):
            raise ValueError("t_grid must be increasing, with values of the same shape")
        steps = np.diff(self.t_grid)
        self._step = float(steps.mean())
        self._uniform = bool(np.allclose(steps, self._step, rtol=1e-9, atol=0))
        self._fourier = fourier
        self._penalty = penalty

    def __repr__(self) -> str:
        return f"DesignedActivation(name={self.name!r}, params={self.params!r})"

    def __call__(self, t: Any) -> Any:
        """``σ(t)`` by piecewise-linear interpolation of the table (numpy or torch)."""
        try:
            import torch
        except ImportError:  # pragma: no cover - torch is a dependency
            torch = None
        if torch is not None and isinstance(t, torch.Tensor):
            return self._call_torch(t, torch)
        t_arr = np.asarray(t, dtype=float)
        g, v = self.t_grid, self.values
        if self.extrapolate == "constant":
            t_arr = np.clip(t_arr, g[0], g[-1])
        if self._uniform:  # index by arithmetic: much faster than a binary search
            pos = (t_arr - g[0]) / self._step
            idx = np.clip(np.floor(pos).astype(np.intp), 0, g.size - 2)
            lam = pos - idx
            out = v[idx] + lam * (v[idx + 1] - v[idx])
        else:
            idx = np.clip(np.searchsorted(g, t_arr), 1, g.size - 1)
            t0, t1 = g[idx - 1], g[idx]
            lam = (t_arr - t0) / (t1 - t0)
            out = v[idx - 1] + lam * (v[idx] - v[idx - 1])
        return out if out.ndim else float(out)

    def _call_torch(self, t: Any, torch: Any) -> Any:
        g = torch.as_tensor(self.t_grid, dtype=t.dtype, device=t.device)
        v = torch.as_tensor(self.values, dtype=t.dtype, device=t.device)
        if self.extrapolate == "constant":
            t = torch.clamp(t, float(self.t_grid[0]), float(self.t_grid[-1]))
        idx = torch.searchsorted(g, t.detach().contiguous()).clamp(1, g.numel() - 1)
        t0, t1 = g[idx - 1], g[idx]
        lam = (t - t0) / (t1 - t0)
        return v[idx - 1] + lam * (v[idx] - v[idx - 1])

    def fourier(self, omega: Any) -> np.ndarray:
        """The designed transform ``σ̂(ω) = e^{iψ(ω)}/√p(|ω|)`` (appendix §A.6), complex."""
        return self._fourier(np.asarray(omega, dtype=float))

    def penalty(self, omega: Any) -> np.ndarray:
        """The activation factor ``1/|σ̂(ω)|² = p(|ω|)`` (appendix §A.4)."""
        return self._penalty(np.asarray(omega, dtype=float))


# ----------------------------------------------------------------------------------------
# causal (minimum) phase
# ----------------------------------------------------------------------------------------


#: the largest node spacing in s that :func:`causal_phase` accepts
CAUSAL_MAX_DS = 0.1


def causal_phase(p: Callable[[np.ndarray], Any], omega: Any, *, n_s: int = 4001,
                 s_max: float = 40.0) -> np.ndarray:
    """Minimum phase ``ψ`` of the activation factor ``p``, making ``σ`` causal.

    For a causal ``σ`` (zero for ``t < 0``), ``log σ̂`` is analytic in the lower half
    plane, so its phase is minus the Hilbert transform of its log-modulus:
    ``ψ = -H[log|σ̂|]``, ``log|σ̂| = -½ log p``. With ``ω = ω₀ e^s`` this is, for ``ω₀ > 0``,

    ``ψ(ω₀) = (1/π) ∫_R (L(ω₀ e^s) - L(ω₀)) / sinh(s) ds``,   ``L = -½ log p``,

    and ``ψ(-ω) = -ψ(ω)``. Examples: ``p = |ω|^{2a}`` gives ``ψ = -aπ/2 · sign ω``
    (``σ̂ = (iω)^{-a}``, Power ReLU); ``p = 1 + ω²`` gives ``ψ = -arctan ω``
    (Half-exponential). A causal phase exists only if ``log p(ω) = o(|ω|)``
    (Paley-Wiener); otherwise ``ValueError``.

    Parameters
    ----------
    p : callable, even activation factor ``p(ω) > 0``, evaluated at ``|ω|``.
    omega : array of frequencies.
    n_s, s_max : trapezoid nodes on ``s ∈ [-s_max, s_max]`` (``1 ≤ s_max ≤ 700``). The node
        spacing ``2 s_max/(n_s - 1)`` must be at most ``CAUSAL_MAX_DS = 0.1`` (phase error
        about 1e-4; the default 0.02 gives about 1e-6), so ``n_s ≥ 20 s_max + 1``
        (801 for the default ``s_max = 40``).

    Returns
    -------
    ndarray of the shape of ``omega`` (``0`` at ``ω = 0``).
    """
    if not callable(p):
        raise TypeError(f"p must be a callable activation factor p(omega), got {type(p).__name__}")
    omega = validate.array(omega, "omega")
    s_max = validate.real(s_max, "s_max", low=1.0, high=700.0)
    n_min = math.ceil(2 * s_max / CAUSAL_MAX_DS) + 1
    try:
        n_s = validate.count(n_s, "n_s", minimum=n_min)
    except ValueError:
        raise ValueError(f"n_s must be at least {n_min} for s_max = {s_max:g} (node spacing "
                         f"2 s_max/(n_s - 1) <= {CAUSAL_MAX_DS}, else the quadrature is "
                         f"inaccurate), got {n_s}") from None
    validate.check_memory(4.0 * n_s, "n_s")
    s = np.linspace(-s_max, s_max, n_s)
    ds = s[1] - s[0]
    w_abs = np.abs(omega).ravel()
    pos = w_abs > 0
    out = np.zeros(w_abs.shape)
    if np.any(pos):
        w0 = w_abs[pos]
        # Paley-Wiener check at the largest scale used
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            tail = np.asarray(p(np.array([w0.max() * math.exp(s_max)])), dtype=float)
        if not np.all(np.isfinite(tail)) or tail[0] <= 0:
            raise ValueError(
                f"phase='causal' evaluates p up to ω = max|ω|·e^{s_max:g} = "
                f"{w0.max() * math.exp(s_max):.3g}, where p is not a positive finite number: "
                f"it grows too fast (a causal phase needs log p(ω) = o(|ω|), Paley-Wiener) or "
                f"overflows; use phase='zero', a callable phase, or a smaller s_max"
            )
        if abs(math.log(tail[0])) * math.exp(-s_max) > 1e-6:
            raise ValueError(
                "phase='causal' needs log p(ω) to grow slower than |ω| (Paley-Wiener); "
                "this penalty grows too fast — use phase='zero' or a callable phase"
            )
        l0 = -0.5 * np.log(_eval_penalty(p, w0))
        res = np.empty(w0.shape)
        chunk = max(1, 2_000_000 // s.size)
        s_nz = s.copy()
        s_nz[np.abs(s) < 1e-12] = np.nan  # s = 0 handled by the limit below
        for i in range(0, w0.size, chunk):
            wc = w0[i:i + chunk, None]
            lw = -0.5 * np.log(_eval_penalty(p, (wc * np.exp(s[None, :])).ravel())).reshape(
                wc.shape[0], s.size)
            integrand = (lw - l0[i:i + chunk, None]) / np.sinh(s_nz)[None, :]
            # s = 0: limit ω L'(ω), from the two neighbours
            k0 = int(np.argmin(np.abs(s)))
            if np.isnan(s_nz[k0]):
                integrand[:, k0] = 0.5 * (integrand[:, k0 - 1] + integrand[:, k0 + 1])
            res[i:i + chunk] = (np.sum(integrand, axis=1)
                                - 0.5 * (integrand[:, 0] + integrand[:, -1])) * ds / math.pi
        if not np.all(np.isfinite(res)):
            raise ValueError("the causal phase came out non-finite: p varies too wildly on "
                             f"ω·e^s, |s| ≤ s_max = {s_max:g}, for this quadrature")
        out[pos] = res
    return (np.sign(omega).ravel() * out).reshape(omega.shape)


# ----------------------------------------------------------------------------------------
# inverse transform on a grid
# ----------------------------------------------------------------------------------------


def _resolve_phase(phase: Any, p: Callable[[np.ndarray], Any]
                   ) -> tuple[Callable[[np.ndarray], np.ndarray], str]:
    if isinstance(phase, str):
        if phase == "zero":
            return (lambda w: np.zeros_like(np.asarray(w, dtype=float))), "zero"
        if phase == "causal":
            # probe Paley-Wiener now so that a bad penalty fails early
            causal_phase(p, np.array([1.0]), n_s=801)
            return (lambda w: causal_phase(p, w)), "causal"
        raise ValueError(f"phase must be one of {PHASES} or a callable psi(omega), got {phase!r}")
    if callable(phase):
        probe = np.array([0.3, 1.0, 2.7, 11.0])
        with np.errstate(all="ignore"):
            plus = np.asarray(phase(probe), dtype=float)
            minus = np.asarray(phase(-probe), dtype=float)
        if plus.shape != probe.shape or not np.all(np.isfinite(plus)):
            raise ValueError("a callable phase must map an array of frequencies to finite "
                             "phases of the same shape")
        # real σ needs σ̂(-ω) = conj σ̂(ω): ψ odd modulo 2π
        if not np.allclose(np.exp(1j * minus), np.exp(-1j * plus), atol=1e-9):
            raise ValueError("a callable phase must be odd modulo 2π (ψ(-ω) ≡ -ψ(ω)) so that "
                             "the activation is real")
        return (lambda w: np.asarray(phase(w), dtype=float)), getattr(
            phase, "__name__", "callable")
    raise TypeError(f"phase must be one of {PHASES} or a callable psi(omega), "
                    f"got {type(phase).__name__}")


def activation_from_penalty(p: Callable[[np.ndarray], Any], phase: Any = "causal",
                            omega_max: float = 200.0, n: int = 4001, *, t_max: float = 8.0,
                            name: str = "designed", label: str | None = None,
                            progress: bool = False) -> DesignedActivation:
    """Reverse-engineer an activation from its activation factor (appendix §A.6, paper eq. 10).

    ``σ̂(ω) = e^{iψ(ω)} / √p(|ω|)``,  ``σ(t) = (1/2π) ∫ σ̂(ω) e^{iωt} dω``.

    The inverse transform is taken modulo polynomials (appendix §A.1): if
    ``|σ̂| ~ |ω|^{-a}`` at ``0``, the Taylor terms ``Σ_{l<m} (iωt)^l/l!`` of ``e^{iωt}`` are
    subtracted on ``|ω| < 1`` with ``m = ⌈a - ½⌉`` (so the result is defined up to a
    polynomial of degree ``< m``), and

    ``σ(t) = (1/π) ∫_0^Ω W(ω) p(ω)^{-1/2} Re[e^{iψ(ω)} (e^{iωt} - 1_{ω<1} T_m(ωt))] dω``,
    ``T_m(x) = Σ_{l<m} (ix)^l/l!``,

    by Gauss-Legendre panels (geometrically graded towards ``ω = 0``), with ``Ω = omega_max``
    and a Hann taper ``W`` on ``[Ω/2, Ω]`` (so ``σ`` is a band-limited approximation,
    smoothed on the scale ``~1/Ω`` — jumps and kinks are rounded). For ``phase='causal'``
    the polynomial is then fixed so that ``σ ≈ 0`` for ``t < 0``.

    Examples (appendix §A.6): ``p = ω²`` gives the Step ``H(t)`` with ``phase='causal'`` and
    ``(1/π) log|t|`` with ``phase=lambda w: np.pi * np.sign(w)``; ``p = |ω|^{2(k+1)}``
    with ``phase='causal'`` gives Power ReLU ``t_+^k/Γ(k+1)``.

    Parameters
    ----------
    p : callable
        Even activation factor ``p(ω) > 0``, finite for ``ω ≠ 0`` (evaluated at ``|ω|``).
    phase : ``'causal'``, ``'zero'`` or callable ``ψ(ω)``
        ``'causal'``: minimum phase (:func:`causal_phase`), ``σ`` vanishes for ``t < 0``;
        ``'zero'``: ``ψ = 0``, ``σ`` even; callable: any phase, odd modulo ``2π``.
    omega_max : float
        Band limit ``Ω`` of the computation.
    n : int
        Number of grid points of the table on ``[-t_max, t_max]`` (odd keeps ``t = 0``).
    t_max : float
        Half-width of the tabulated range; outside it ``σ`` is continued linearly
        (``m ≥ 2``) or by its end value.
    name, label : identification of the returned activation.
    progress : show a progress bar over chunks of the grid.

    Returns
    -------
    DesignedActivation
    """
    if not callable(p):
        raise TypeError(f"p must be a callable activation factor p(omega), got {type(p).__name__}")
    omega_max = _check_positive("omega_max", omega_max)
    t_max = _check_positive("t_max", t_max)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 11:
        raise ValueError(f"n must be an integer ≥ 11 (grid points), got {n!r}")
    if omega_max <= 2.0:
        raise ValueError(f"omega_max must exceed 2 (the Taylor cut-off is at ω = 1), "
                         f"got {omega_max}")
    psi_fn, phase_name = _resolve_phase(phase, p)
    a = _singularity_order(p)
    if a > 12:
        raise ValueError(f"p vanishes too fast at ω = 0 (|σ̂| ~ ω^-{a}); at most ω^-12 supported")
    m = max(0, math.ceil(a - 0.5))

    # frequency panels: width h with 1/h integer, geometric towards 0 below h
    per = max(1, math.ceil(t_max / math.pi))
    h = 1.0 / per
    geo = h * 2.0 ** -np.arange(60, -1, -1, dtype=float)
    uni = np.arange(1, math.ceil(omega_max / h) + 1) * h
    uni = uni[uni <= omega_max + 1e-12]
    edges = np.concatenate([geo, uni[1:]])
    nodes, weights = _panels(edges)
    omega_top = edges[-1]
    taper = np.where(nodes <= omega_top / 2, 1.0,
                     0.5 * (1 + np.cos(np.pi * (nodes - omega_top / 2) / (omega_top / 2))))
    amp = 1.0 / np.sqrt(_eval_penalty(p, nodes))
    psi = psi_fn(nodes)
    coef = weights * taper * amp * np.exp(1j * psi) / math.pi  # (n_ω,)
    low = nodes < 1.0

    t_pos = np.linspace(0.0, t_max, (int(n) + 1) // 2)
    even = np.zeros(t_pos.size)
    odd = np.zeros(t_pos.size)
    chunk = max(1, 4_000_000 // nodes.size)
    starts = range(0, t_pos.size, chunk)
    if progress:
        from tqdm.auto import tqdm
        starts = tqdm(starts, desc="inverse transform")
    for i in starts:
        tc = t_pos[i:i + chunk, None]
        x = tc * nodes[None, :]
        ker = np.exp(1j * x)
        if m > 0:
            ker[:, low] = _exp_remainder(x[:, low], m)
        even[i:i + chunk] = ker.real @ coef.real
        odd[i:i + chunk] = ker.imag @ coef.imag
    # σ(t) = Σ Re(coef K) = even - odd;  σ(-t) = Σ Re(coef conj K) = even + odd
    t_grid = np.concatenate([-t_pos[:0:-1], t_pos])
    values = np.concatenate([(even + odd)[:0:-1], even - odd])
    if n % 2 == 0:  # an even n was asked for: resample onto exactly n points
        t_new = np.linspace(-t_max, t_max, int(n))
        values = np.interp(t_new, t_grid, values)
        t_grid = t_new
    if phase_name == "causal" and m > 0:
        left = t_grid <= -t_max / 4
        coeffs = np.polynomial.polynomial.polyfit(t_grid[left], values[left], m - 1)
        values = values - np.polynomial.polynomial.polyval(t_grid, coeffs)

    def fourier(w: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            amp_w = 1.0 / np.sqrt(np.asarray(p(np.abs(w)), dtype=float))
        return amp_w * np.exp(1j * psi_fn(w))

    def penalty(w: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            return np.asarray(p(np.abs(w)), dtype=float) * np.ones_like(w)

    return DesignedActivation(
        name=name, label=label if label is not None else r"$\sigma_p$",
        t_grid=t_grid, values=values, fourier=fourier, penalty=penalty,
        params={"phase": phase_name, "omega_max": omega_max, "n": int(n), "t_max": t_max,
                "order": a},
        poly_degree=m - 1, extrapolate="linear" if m >= 2 else "constant",
    )


# ----------------------------------------------------------------------------------------
# contractions (appendix §A.7)
# ----------------------------------------------------------------------------------------


def gaussian_bump_fourier(rho: Any, d: int, width: float = 1.0) -> np.ndarray:
    """Radial profile of the Fourier transform of the Gaussian bump in ``R^d``.

    ``f(x) = exp(-|x|²/(2s²))``  ⇒  ``f̂(ξ) = (2π)^{d/2} s^d exp(-s²|ξ|²/2)`` (appendix §A.1
    convention), returned at ``|ξ| = rho``.
    """
    d = validate.count(d, "d", minimum=1)
    s = _check_positive("width", width)
    rho = np.asarray(rho, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):  # inf beyond double range (huge d)
        return (np.float64(2 * math.pi) ** (d / 2) * np.float64(s) ** d
                * np.exp(-0.5 * (s * rho) ** 2))


def _factor(act: Any, penalty: Any) -> Callable[[np.ndarray], np.ndarray] | None:
    """The activation factor from ``act`` (an activation) or ``penalty`` (a callable)."""
    if act is not None and penalty is not None:
        raise ValueError("give either act (an activation) or penalty (an activation "
                         "factor p(omega)), not both")
    if act is not None:
        from radonbook import activations as A
        return A.resolve(act, name="act").penalty
    if penalty is not None and not callable(penalty):
        raise TypeError(f"penalty must be a callable activation factor p(omega), got "
                        f"{type(penalty).__name__}")
    return penalty


def contraction_cost(f_hat: Callable[[np.ndarray], Any], act: Any, d: int, eps: Any, *,
                     penalty: Callable[[np.ndarray], Any] | None = None,
                     rho_max: float | None = None) -> np.ndarray:
    """Squared seminorm of the contraction ``f_ε(x) = f(x/ε)`` of a radial ``f`` (appendix §A.7).

    With ``f̂(ξ) = F(|ξ|)`` radial and ``ρ ≡ 1`` (paper §III-C):

    ``‖f_ε‖²_{1,σ} = (ε/π) ∫_{R^d} |f̂(η)|² |η|^{d-1} |σ̂(|η|/ε)|^{-2} dη
                   = (ε/π) |S^{d-1}| ∫_0^∞ F(ρ)² ρ^{2(d-1)} p_σ(ρ/ε) dρ``,

    ``p_σ = |σ̂|^{-2}`` the activation factor. With ``act=None`` and no ``penalty`` the
    plain squared ``L²`` norm
    ``‖f_ε‖²_{L²} = (2π)^{-d} ε^d |S^{d-1}| ∫_0^∞ F(ρ)² ρ^{d-1} dρ = ε^d ‖f‖²``.

    Parameters
    ----------
    f_hat : callable ``F(ρ)``, the radial profile of the ``d``-dimensional transform
        (e.g. :func:`gaussian_bump_fourier` with ``d`` bound).
    act : activation σ (anything :func:`radonbook.activations.resolve` accepts), or
        ``None`` (then ``penalty``, or the plain ``L²`` norm).
    d : input dimension ``≥ 1``.
    eps : positive contraction factor(s).
    penalty : callable activation factor ``p(ω)``, instead of ``act``.
    rho_max : optional upper limit of the radial integral (default: where ``F²`` has
        fallen below ``1e-300`` of its peak, found on a grid).

    Returns
    -------
    ndarray of the shape of ``eps``; ``inf`` where the integral diverges (the
    activation factor outgrows ``F²``, or is infinite where ``F ≠ 0``) — and also where
    the integrand overflows double precision although the integral is finite (e.g. the
    Gaussian factor ``e^{ω²}`` against a Gaussian bump for ``ε`` within ~5 % above 1).

    The radial integral is computed by 8-point Gauss-Legendre panels on ``[0, rho_max]``
    (400 uniform panels, the first graded geometrically towards 0).

    The power of ``ε`` is built into this formula (the substitution ``η = εξ``). An
    independent check is :func:`radonbook.spectral.seminorm_fourier` with ``d``: the
    same seminorm from the samples of ``f(x/ε)`` on a grid of ``[-extent, extent]^d``
    (FFT and grid sum), with no substitution.
    """
    if not callable(f_hat):
        raise TypeError(f"f_hat must be a callable radial profile F(rho), got "
                        f"{type(f_hat).__name__}")
    d = validate.count(d, "d", minimum=1)
    pen = _factor(act, penalty)
    eps_arr = np.asarray(eps, dtype=float)
    if eps_arr.size == 0 or not np.all(np.isfinite(eps_arr)) or np.any(eps_arr <= 0):
        raise ValueError(f"eps must be positive and finite, got {eps!r}")

    def F2(rho: np.ndarray) -> np.ndarray:
        return np.abs(np.asarray(f_hat(rho), dtype=complex)) ** 2 * np.ones_like(rho)

    probe = np.concatenate([[0.0], np.logspace(-6, 6, 2401)])
    f2 = F2(probe)
    if not np.all(np.isfinite(f2)):
        raise ValueError("f_hat must be finite on [0, ∞)")
    peak = f2.max()
    if peak == 0:
        return np.zeros(eps_arr.shape)
    if rho_max is None:
        alive = np.nonzero(f2 > 1e-300 * peak)[0]
        rho_max = float(probe[min(alive[-1] + 1, probe.size - 1)])
    rho_max = _check_positive("rho_max", rho_max)
    area = quadrature.sphere_area(d)
    # Gauss-Legendre panels: 400 uniform ones, the first graded geometrically towards 0
    uni = np.linspace(0.0, rho_max, 401)
    geo = uni[1] * 2.0 ** -np.arange(40, 0, -1, dtype=float)
    nodes, weights = _panels(np.concatenate([[0.0], geo, uni[1:]]))
    f2n = F2(nodes)
    out = np.empty(eps_arr.size)
    for i, e in enumerate(eps_arr.ravel()):
        if pen is None:
            out[i] = e**d * area / (2 * math.pi) ** d * np.sum(weights * f2n * nodes ** (d - 1))
            continue
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            pn = np.asarray(pen(nodes / e), dtype=float) * np.ones_like(nodes)
            vals = f2n * nodes ** (2 * (d - 1)) * pn
        vals = np.where(f2n == 0, 0.0, vals)
        # divergent: infinite somewhere, or still significant at the end of the range
        if np.any(np.isnan(vals)) or np.any(np.isinf(vals)) \
                or vals[-1] > 1e-12 * vals.max():
            out[i] = np.inf
            continue
        out[i] = e * area / math.pi * np.sum(weights * vals)
    return out.reshape(eps_arr.shape)


def penalty_growth_exponent(act: Any = None,
                            omega_range: tuple[float, float] = (1e2, 1e4),
                            n_windows: int = 8, *,
                            penalty: Callable[[np.ndarray], Any] | None = None) -> float:
    """High-frequency growth exponent ``s`` of an activation factor, ``p_σ(ω) ≈ C ω^s``.

    appendix §A.7: contractions are penalised iff ``ε p_σ(ω/ε) → ∞`` as ``ε → 0``, i.e. iff the
    activation factor grows faster than ``|ω|`` (``s > 1``), whatever ``d``. Computed as the
    least-squares slope of ``log min_{window} p_σ`` against ``log ω`` over ``n_windows``
    octave windows in ``omega_range`` (the minimum over each window is the lower envelope,
    so oscillating factors such as the Rectangle's ``(ω/2)²/sin²(ω/2)`` count by their
    floor). Returns ``inf`` if the factor is infinite or overflows there (band-limited or
    exponentially growing factors: ``s = ∞``).

    Parameters
    ----------
    act : activation σ (anything :func:`radonbook.activations.resolve` accepts).
    omega_range : ``(ω_lo, ω_hi)``, ``0 < ω_lo < ω_hi``.
    n_windows : number of windows (≥ 2).
    penalty : callable activation factor ``p(ω)``, instead of ``act`` (give exactly one).

    Returns
    -------
    float
    """
    pen = _factor(act, penalty)
    if pen is None:
        raise TypeError("give act (an activation) or penalty (a callable activation "
                        "factor p(omega))")
    lo, hi = (float(v) for v in omega_range)
    if not (0 < lo < hi < np.inf):
        raise ValueError(f"omega_range must satisfy 0 < lo < hi < inf, got {omega_range!r}")
    if isinstance(n_windows, bool) or not isinstance(n_windows, (int, np.integer)) \
            or n_windows < 2:
        raise ValueError(f"n_windows must be an integer ≥ 2, got {n_windows!r}")
    centres = np.geomspace(lo, hi, int(n_windows))
    floors = np.empty(centres.size)
    for i, c in enumerate(centres):
        w = np.linspace(c, 2 * c, 4001)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            vals = np.asarray(pen(w), dtype=float) * np.ones_like(w)
        if np.any(np.isnan(vals)):
            raise ValueError(f"the activation factor is NaN near ω = {c:g}")
        floors[i] = vals.min()
    if np.any(~np.isfinite(floors)):
        return math.inf
    if np.any(floors <= 0):
        raise ValueError("the activation factor must be positive")
    slope = np.polyfit(np.log(centres), np.log(floors), 1)[0]
    return float(slope)
