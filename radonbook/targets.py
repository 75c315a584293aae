"""The five 2-D target functions of the paper's Experiment 2, with their Fourier transforms.

Implements the targets of paper §V (Experiment 2, Table III, Figs. 7-8) in the conventions
of appendix §A.1 (``f̂(ξ) = ∫ f(x) e^{-iξ·x} dx``, angular frequency, radians). The paper
describes the targets only in words; their exact parameters did not survive extraction, so
every number below (frequencies, radii, widths, the Doppler parameter, the bump profile) is
**the book's choice**, fixed by an explicit ``seed``.

============== ============================================== =====================================
name           f(x)                                           f̂(ξ)
============== ============================================== =====================================
sparse_fourier Σ_k a_k cos(ω_k θ_k·x + φ_k), six waves        Σ_k 2π² a_k (e^{iφ_k} δ(ξ - ω_kθ_k)
                                                               + e^{-iφ_k} δ(ξ + ω_kθ_k))
ring_fourier   J₀(κ|x|)                                       (2π/κ) δ(|ξ| - κ)   (a "Dirac ring")
hole           0 for |x| ≤ R, 1 outside                       -2πR J₁(R|ξ|)/|ξ|   (mod. δ at 0)
doppler2d      D(x₁) D(x₂), D a Donoho Doppler on [-1, 1]     no closed form (separable: f̂ = D̂ D̂)
bumps2d        Σ_j h_j exp(-|x - c_j|/w_j)                    Σ_j 2π h_j w_j² e^{-iξ·c_j}
                                                               (1 + w_j²|ξ|²)^{-3/2}
============== ============================================== =====================================

Targets with a Dirac transform (``sparse_fourier``, ``ring_fourier``) also provide the exact
transform of the Gaussian-windowed target ``f(x) e^{-|x|²/(2s²)}`` (method
:meth:`Target.windowed_fourier`), which is what any finite-grid FFT sees.

Usage mirrors :mod:`radonbook.activations`::

    from radonbook import targets as T
    tgt = T.get("ring_fourier")        # a Target; T.names() lists all five
    y = tgt(x)                         # x: (..., 2) -> (...)
    tgt.fourier(xi)                    # regular transforms (hole, bumps2d)
    T.ring_fourier(x, seed=0)          # the same values, as a plain function
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import special

from radonbook import validate

__all__ = [
    "BUMPS_N",
    "BUMPS_WIDTH_RANGE",
    "DOPPLER_EPS",
    "HOLE_RADIUS",
    "NAMES",
    "RING_KAPPA",
    "SPARSE_FREQ_RANGE",
    "SPARSE_N_WAVES",
    "GaussianMixture",
    "Target",
    "bumps2d",
    "bumps2d_params",
    "doppler1d",
    "doppler2d",
    "get",
    "hole",
    "names",
    "ring_fourier",
    "smooth_bump",
    "sparse_fourier",
    "sparse_fourier_params",
]

NAMES = ("sparse_fourier", "ring_fourier", "hole", "doppler2d", "bumps2d")

# Book's choices (the paper's values are unrecoverable).
RING_KAPPA = 8.0
HOLE_RADIUS = 0.5
DOPPLER_EPS = 0.25
SPARSE_N_WAVES = 6
SPARSE_FREQ_RANGE = (2.0, 10.0)
BUMPS_N = 10
BUMPS_WIDTH_RANGE = (0.05, 0.2)


def _points(x: Any) -> np.ndarray:
    """Validate points ``x`` of shape (..., 2) and return them as a float array."""
    arr = np.asarray(x, dtype=float)
    if arr.ndim < 1 or arr.shape[-1] != 2:
        raise ValueError(f"x must be an array of 2-D points with shape (..., 2), got shape "
                         f"{arr.shape}")
    return arr


def _freqs(xi: Any) -> np.ndarray:
    arr = np.asarray(xi, dtype=float)
    if arr.ndim < 1 or arr.shape[-1] != 2:
        raise ValueError(f"xi must be an array of 2-D frequencies with shape (..., 2), got "
                         f"shape {arr.shape}")
    return arr


def _seed(seed: Any) -> int:
    """A target family's ``seed``: a non-negative int (numpy ints too), as a Python int."""
    return validate.count(seed, "seed", minimum=0)


def _window_width(s: Any) -> float:
    s = float(s)
    if not np.isfinite(s) or s <= 0:
        raise ValueError(f"s (the Gaussian window width) must be positive, got {s}")
    return s


# ---------------------------------------------------------------------------------------
# sparse_fourier
# ---------------------------------------------------------------------------------------

def sparse_fourier_params(seed: int = 0) -> dict[str, np.ndarray]:
    """Random parameters of :func:`sparse_fourier`: six plane waves.

    Frequencies ``ω_k ~ U(2, 10)`` (rad per unit length), directions ``θ_k = (cos ψ_k, sin ψ_k)``
    with ``ψ_k ~ U(0, 2π)``, phases ``φ_k ~ U(0, 2π)``, amplitudes ``a_k ~ U(0.5, 1.5)``
    (book's choice), drawn from ``numpy.random.default_rng(seed)``.

    Returns
    -------
    dict with ``wavevectors`` (6, 2) = ``ω_k θ_k``, ``phases`` (6,), ``amplitudes`` (6,).
    """
    rng = np.random.default_rng(_seed(seed))
    omega = rng.uniform(*SPARSE_FREQ_RANGE, SPARSE_N_WAVES)
    psi = rng.uniform(0.0, 2 * np.pi, SPARSE_N_WAVES)
    phases = rng.uniform(0.0, 2 * np.pi, SPARSE_N_WAVES)
    amplitudes = rng.uniform(0.5, 1.5, SPARSE_N_WAVES)
    k = omega[:, None] * np.stack([np.cos(psi), np.sin(psi)], axis=1)
    return {"wavevectors": k, "phases": phases, "amplitudes": amplitudes}


def sparse_fourier(x: Any, *, seed: int = 0) -> np.ndarray:
    """Sum of six plane waves: ``f(x) = Σ_k a_k cos(k_k·x + φ_k)``.

    Transform (appendix §A.1): ``f̂(ξ) = Σ_k 2π² a_k (e^{iφ_k} δ(ξ - k_k) + e^{-iφ_k} δ(ξ + k_k))``,
    twelve Dirac masses at ``±k_k`` (parameters from :func:`sparse_fourier_params`).

    Parameters
    ----------
    x : array (..., 2) of points
    seed : int
        Selects the six waves (a member of the family, part of the target's definition).

    Returns
    -------
    array (...) of values
    """
    x = _points(x)
    p = sparse_fourier_params(seed)
    arg = x @ p["wavevectors"].T + p["phases"]
    return np.cos(arg) @ p["amplitudes"]


def _sparse_windowed(xi: np.ndarray, s: float, seed: int) -> np.ndarray:
    """``Σ_k (a_k/2)(e^{iφ_k} ŵ(ξ - k_k) + e^{-iφ_k} ŵ(ξ + k_k))``, ``ŵ = 2πs² e^{-s²|ξ|²/2}``."""
    p = sparse_fourier_params(seed)
    out = np.zeros(xi.shape[:-1], dtype=complex)
    for k, phi, a in zip(p["wavevectors"], p["phases"], p["amplitudes"], strict=True):
        for sign in (1, -1):
            d2 = np.sum((xi - sign * k) ** 2, axis=-1)
            out += 0.5 * a * np.exp(1j * sign * phi) * 2 * np.pi * s**2 * np.exp(-0.5 * s**2 * d2)
    return out


# ---------------------------------------------------------------------------------------
# ring_fourier
# ---------------------------------------------------------------------------------------

def ring_fourier(x: Any, *, kappa: float = RING_KAPPA) -> np.ndarray:
    """Radial Bessel function ``f(x) = J₀(κ|x|)`` (book's choice ``κ = 8``).

    Since ``J₀(κ|x|) = (1/2π) ∫₀^{2π} e^{iκ θ(φ)·x} dφ``, its transform is the uniform "Dirac
    ring" ``f̂(ξ) = (2π/κ) δ(|ξ| - κ)`` (per unit arc length; total mass ``4π²``).

    Parameters
    ----------
    x : array (..., 2)
    kappa : float > 0, the ring radius in frequency space

    Returns
    -------
    array (...)
    """
    x = _points(x)
    kappa = validate.real(kappa, "kappa", positive=True)
    return special.j0(kappa * np.linalg.norm(x, axis=-1))


def _ring_windowed(xi: np.ndarray, s: float, kappa: float) -> np.ndarray:
    """``(1/2π)∫ ŵ(ξ - κθ) dφ = 2πs² e^{-s²(|ξ|-κ)²/2} I₀ₑ(s²κ|ξ|)`` (``I₀ₑ`` scaled Bessel)."""
    rho = np.linalg.norm(xi, axis=-1)
    return (2 * np.pi * s**2 * np.exp(-0.5 * s**2 * (rho - kappa) ** 2)
            * special.i0e(s**2 * kappa * rho)).astype(complex)


# ---------------------------------------------------------------------------------------
# hole
# ---------------------------------------------------------------------------------------

def hole(x: Any, *, radius: float = HOLE_RADIUS) -> np.ndarray:
    """Radial step: ``f(x) = 0`` for ``|x| ≤ R``, ``1`` outside (book's choice ``R = 0.5``).

    ``f = 1 - 1_{disc}``, so modulo the Dirac mass ``(2π)² δ(ξ)`` at the origin
    ``f̂(ξ) = -2πR J₁(R|ξ|)/|ξ|`` (value ``-πR²`` at ``ξ = 0``).

    Parameters
    ----------
    x : array (..., 2)
    radius : float > 0

    Returns
    -------
    array (...)
    """
    x = _points(x)
    radius = validate.real(radius, "radius", positive=True)
    return (np.linalg.norm(x, axis=-1) > radius).astype(float)


def _hole_fourier(xi: np.ndarray, radius: float) -> np.ndarray:
    rho = np.linalg.norm(xi, axis=-1)
    out = np.empty_like(rho)
    small = rho * radius < 1e-8
    out[small] = -np.pi * radius**2
    r = rho[~small]
    out[~small] = -2 * np.pi * radius * special.j1(radius * r) / r
    return out.astype(complex)


# ---------------------------------------------------------------------------------------
# doppler2d
# ---------------------------------------------------------------------------------------

def doppler1d(t: Any, *, eps: float = DOPPLER_EPS) -> np.ndarray:
    """Donoho's Doppler moved to ``[-1, 1]``: with ``u = (t + 1)/2``,

    ``D(t) = √(u(1-u)) sin(2π(1+ε)/(u+ε))`` for ``0 ≤ u ≤ 1`` and ``0`` outside.

    Donoho & Johnstone use ``ε = 0.05``; the book's choice ``ε = 0.25`` keeps the local
    frequency (at most ``π(1+ε)/ε²`` rad per unit length, 63 for ``ε = 0.25``) within reach of
    a few hundred samples.

    Parameters
    ----------
    t : array of reals
    eps : float > 0

    Returns
    -------
    array, same shape as ``t``
    """
    t = np.asarray(t, dtype=float)
    eps = validate.real(eps, "eps", positive=True)
    u = (t + 1.0) / 2.0
    inside = (u >= 0) & (u <= 1)
    uc = np.clip(u, 0.0, 1.0)
    val = np.sqrt(uc * (1 - uc)) * np.sin(2 * np.pi * (1 + eps) / (uc + eps))
    return np.where(inside, val, 0.0)


def doppler2d(x: Any, *, eps: float = DOPPLER_EPS) -> np.ndarray:
    """Separable 2-D Doppler ``f(x) = D(x₁) D(x₂)`` (:func:`doppler1d`), zero outside ``[-1, 1]²``.

    Smoothly varying frequency under a smooth envelope along each axis. No closed-form
    transform; it factorises, ``f̂(ξ) = D̂(ξ₁) D̂(ξ₂)``.

    Parameters
    ----------
    x : array (..., 2)
    eps : float > 0

    Returns
    -------
    array (...)
    """
    x = _points(x)
    return doppler1d(x[..., 0], eps=eps) * doppler1d(x[..., 1], eps=eps)


# ---------------------------------------------------------------------------------------
# bumps2d
# ---------------------------------------------------------------------------------------

def bumps2d_params(seed: int = 0) -> dict[str, np.ndarray]:
    """Random parameters of :func:`bumps2d`: ten bumps.

    Centres ``c_j ~ U([-0.8, 0.8]²)``, widths ``w_j`` log-uniform on ``[0.05, 0.2]``, heights
    ``h_j = ±U(0.5, 1.5)`` with random sign (book's choice), from ``default_rng(seed)``.

    Returns
    -------
    dict with ``centers`` (10, 2), ``widths`` (10,), ``heights`` (10,).
    """
    rng = np.random.default_rng(_seed(seed))
    centers = rng.uniform(-0.8, 0.8, (BUMPS_N, 2))
    lo, hi = np.log(BUMPS_WIDTH_RANGE[0]), np.log(BUMPS_WIDTH_RANGE[1])
    widths = np.exp(rng.uniform(lo, hi, BUMPS_N))
    heights = rng.uniform(0.5, 1.5, BUMPS_N) * rng.choice([-1.0, 1.0], BUMPS_N)
    return {"centers": centers, "widths": widths, "heights": heights}


def bumps2d(x: Any, *, seed: int = 0) -> np.ndarray:
    """Sum of sharply pointed bumps ``f(x) = Σ_j h_j exp(-|x - c_j|/w_j)``.

    Donoho's 1-D ``bumps`` uses the cusp ``(1 + |t|)^{-4}``; the book uses the cusp
    ``e^{-|x|}``, whose 2-D transform is closed form: ``∫ e^{-|x|} e^{-iξ·x} dx =
    2π (1 + |ξ|²)^{-3/2}``, hence

    ``f̂(ξ) = Σ_j 2π h_j w_j² e^{-iξ·c_j} (1 + w_j²|ξ|²)^{-3/2}``.

    ``x`` has shape (..., 2) and the result shape (...); ``seed`` (an int) selects the ten
    bumps of :func:`bumps2d_params`, a member of the family.
    """
    x = _points(x)
    p = bumps2d_params(seed)
    out = np.zeros(x.shape[:-1])
    for c, w, h in zip(p["centers"], p["widths"], p["heights"], strict=True):
        out += h * np.exp(-np.linalg.norm(x - c, axis=-1) / w)
    return out


def _bumps_fourier(xi: np.ndarray, seed: int) -> np.ndarray:
    p = bumps2d_params(seed)
    rho2 = np.sum(xi**2, axis=-1)
    out = np.zeros(xi.shape[:-1], dtype=complex)
    for c, w, h in zip(p["centers"], p["widths"], p["heights"], strict=True):
        out += (2 * np.pi * h * w**2 * np.exp(-1j * (xi @ c))
                * (1 + w**2 * rho2) ** -1.5)
    return out


# ---------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """One target: ``tgt(x)`` evaluates it on points ``x`` of shape (..., 2).

    Attributes
    ----------
    name : str
    label : str
        Display name ("Sparse Fourier", ...).
    formula, fourier_formula : str
        LaTeX of ``f(x)`` and of ``f̂(ξ)`` (appendix §A.1 convention).
    params : dict
        The book's parameter choices for this target.
    """

    name: str
    label: str
    formula: str
    fourier_formula: str
    params: dict = field(default_factory=dict)
    _func: Callable[[np.ndarray], np.ndarray] | None = field(default=None, repr=False)
    _fourier: Callable[[np.ndarray], np.ndarray] | None = field(default=None, repr=False)
    _windowed: Callable[[np.ndarray, float], np.ndarray] | None = field(default=None,
                                                                       repr=False)

    def __call__(self, x: Any) -> np.ndarray:
        return self._func(_points(x))

    @property
    def has_fourier(self) -> bool:
        """Whether :meth:`fourier` has a closed form (the transform is a function)."""
        return self._fourier is not None

    @property
    def has_windowed_fourier(self) -> bool:
        """Whether :meth:`windowed_fourier` has a closed form."""
        return self._windowed is not None

    def fourier(self, xi: Any) -> np.ndarray:
        """Closed-form ``f̂(ξ)`` at frequencies ``xi`` (..., 2), complex (...).

        Only where the transform is a function (``hole`` modulo its δ at 0, ``bumps2d``);
        otherwise ``NotImplementedError`` naming the alternative.
        """
        xi = _freqs(xi)
        if self._fourier is None:
            raise NotImplementedError(
                f"{self.name}: the transform is {self.fourier_formula!r}, not a function; use "
                "windowed_fourier (if has_windowed_fourier) or spectral.fourier_grid")
        return self._fourier(xi)

    def windowed_fourier(self, xi: Any, s: float) -> np.ndarray:
        """Closed-form transform of ``f(x) e^{-|x|²/(2s²)}`` at ``xi`` (..., 2).

        Equals ``(1/(2π)²) (f̂ * ŵ)(ξ)`` with ``ŵ(ξ) = 2πs² e^{-s²|ξ|²/2}``; available for
        ``sparse_fourier`` and ``ring_fourier``.
        """
        xi = _freqs(xi)
        s = _window_width(s)
        if self._windowed is None:
            raise NotImplementedError(f"{self.name}: no closed-form windowed transform; choose "
                                      "from " + ", ".join(n for n in NAMES
                                                          if get(n).has_windowed_fourier))
        return self._windowed(xi, s)


def names() -> tuple[str, ...]:
    """The five target names, in the paper's Table III order."""
    return NAMES


def get(name: str, *, seed: int = 0) -> Target:
    """The target ``name`` (one of :func:`names`) with random parameters from ``seed``.

    Raises
    ------
    ValueError
        for an unknown ``name`` (the message lists the valid choices).
    TypeError
        for a non-integer ``seed``.
    """
    if not isinstance(name, str) or name not in NAMES:
        raise ValueError(f"unknown target {name!r}; valid choices: {', '.join(NAMES)}")
    seed = _seed(seed)
    if name == "sparse_fourier":
        p = sparse_fourier_params(seed)
        return Target(
            name, "Sparse Fourier",
            r"\sum_{k=1}^{6} a_k \cos(\omega_k \theta_k\cdot x + \phi_k)",
            r"\sum_k 2\pi^2 a_k\,(e^{i\phi_k}\delta(\xi-\omega_k\theta_k)"
            r" + e^{-i\phi_k}\delta(\xi+\omega_k\theta_k))",
            {"seed": seed, **p},
            lambda x: sparse_fourier(x, seed=seed), None,
            lambda xi, s: _sparse_windowed(xi, s, seed))
    if name == "ring_fourier":
        return Target(
            name, "Ring Fourier", rf"J_0({RING_KAPPA:g}\,|x|)",
            rf"\frac{{2\pi}}{{{RING_KAPPA:g}}}\,\delta(|\xi| - {RING_KAPPA:g})",
            {"kappa": RING_KAPPA},
            lambda x: ring_fourier(x), None,
            lambda xi, s: _ring_windowed(xi, s, RING_KAPPA))
    if name == "hole":
        return Target(
            name, "2D Hole", rf"\mathbb{{1}}[|x| > {HOLE_RADIUS:g}]",
            rf"(2\pi)^2\delta(\xi) - 2\pi\,{HOLE_RADIUS:g}\,"
            rf"\frac{{J_1({HOLE_RADIUS:g}|\xi|)}}{{|\xi|}}",
            {"radius": HOLE_RADIUS},
            lambda x: hole(x), lambda xi: _hole_fourier(xi, HOLE_RADIUS), None)
    if name == "doppler2d":
        return Target(
            name, "Donoho Doppler", r"D(x_1)\,D(x_2),\ D(t)=\sqrt{u(1-u)}\,"
            rf"\sin\frac{{2\pi(1+\varepsilon)}}{{u+\varepsilon}},\ u=\frac{{t+1}}{{2}},"
            rf"\ \varepsilon={DOPPLER_EPS:g}",
            r"\hat D(\xi_1)\,\hat D(\xi_2)\ \text{(no closed form)}",
            {"eps": DOPPLER_EPS},
            lambda x: doppler2d(x), None, None)
    p = bumps2d_params(seed)
    return Target(
        name, "Donoho Bumps", r"\sum_{j=1}^{10} h_j\, e^{-|x - c_j|/w_j}",
        r"\sum_j 2\pi h_j w_j^2\, e^{-i\xi\cdot c_j}\,(1 + w_j^2|\xi|^2)^{-3/2}",
        {"seed": seed, **p},
        lambda x: bumps2d(x, seed=seed), lambda xi: _bumps_fourier(xi, seed), None)


# ---------------------------------------------------------------------------------------
# A smooth test function with closed-form transforms (for checking eqs. 6-8)
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GaussianMixture:
    """``f(x) = Σ_m A_m exp(-(x - c_m)ᵀ Σ_m⁻¹ (x - c_m)/2)`` with closed-form ``f̂`` and ``R f``.

    * ``f̂(ξ) = Σ_m 2π A_m √det Σ_m e^{-ξᵀΣ_mξ/2} e^{-iξ·c_m}`` (appendix §A.1);
    * ``R f(θ, t) = Σ_m A_m 2π √det Σ_m · N(t; θ·c_m, θᵀΣ_mθ)`` (a line integral of a
      Gaussian is a 1-D Gaussian density of variance ``θᵀΣθ`` times the total mass).

    Parameters
    ----------
    amplitudes : (M,)
    centers : (M, 2)
    covariances : (M, 2, 2), symmetric positive definite
    """

    amplitudes: np.ndarray
    centers: np.ndarray
    covariances: np.ndarray

    def __post_init__(self) -> None:
        a = np.atleast_1d(validate.array(self.amplitudes, "amplitudes", ndim=(0, 1)))
        c = validate.array(self.centers, "centers", ndim=(1, 2))
        cov = validate.array(self.covariances, "covariances", ndim=(2, 3))
        # one component may be given unbatched: centers (2,), covariances (2, 2)
        c = c[None] if c.ndim == 1 else c
        cov = cov[None] if cov.ndim == 2 else cov
        if c.shape[1:] != (2,):
            raise ValueError(f"centers must have shape (M, 2) (2-D points), got "
                             f"{np.shape(self.centers)}")
        if cov.shape[1:] != (2, 2):
            raise ValueError(f"covariances must have shape (M, 2, 2), got "
                             f"{np.shape(self.covariances)}")
        if not (a.shape[0] == c.shape[0] == cov.shape[0]):
            raise ValueError("amplitudes, centers and covariances must describe the same "
                             f"number of components, got {a.shape[0]}, {c.shape[0]}, "
                             f"{cov.shape[0]}")
        if (not np.allclose(cov, np.swapaxes(cov, 1, 2))
                or np.any(np.linalg.eigvalsh(cov) <= 0)):
            raise ValueError("covariances must be symmetric positive definite")
        object.__setattr__(self, "amplitudes", a)
        object.__setattr__(self, "centers", c)
        object.__setattr__(self, "covariances", cov)

    def __call__(self, x: Any) -> np.ndarray:
        x = _points(x)
        out = np.zeros(x.shape[:-1])
        for a, c, cov in zip(self.amplitudes, self.centers, self.covariances, strict=True):
            d = x - c
            out += a * np.exp(-0.5 * np.einsum("...i,ij,...j->...", d, np.linalg.inv(cov), d))
        return out

    def fourier(self, xi: Any) -> np.ndarray:
        """``f̂(ξ)`` at ``xi`` (..., 2), complex."""
        xi = _freqs(xi)
        out = np.zeros(xi.shape[:-1], dtype=complex)
        for a, c, cov in zip(self.amplitudes, self.centers, self.covariances, strict=True):
            q = np.einsum("...i,ij,...j->...", xi, cov, xi)
            out += (a * 2 * np.pi * np.sqrt(np.linalg.det(cov)) * np.exp(-0.5 * q)
                    * np.exp(-1j * (xi @ c)))
        return out

    def radon(self, angles: Any, offsets: Any) -> np.ndarray:
        """Sinogram ``R f(θ_p, t_k)``, shape (n_offsets, n_angles), ``θ_p = (cos φ_p, sin φ_p)``."""
        phi = np.atleast_1d(np.asarray(angles, dtype=float))
        t = np.atleast_1d(np.asarray(offsets, dtype=float))
        th = np.stack([np.cos(phi), np.sin(phi)], axis=1)
        out = np.zeros((t.size, phi.size))
        for a, c, cov in zip(self.amplitudes, self.centers, self.covariances, strict=True):
            v = np.einsum("pi,ij,pj->p", th, cov, th)
            mass = a * 2 * np.pi * np.sqrt(np.linalg.det(cov))
            out += mass * np.exp(-0.5 * (t[:, None] - th @ c) ** 2 / v) / np.sqrt(2 * np.pi * v)
        return out


def smooth_bump(scale: float = 1.0) -> GaussianMixture:
    """The book's smooth, non-radial test function: two anisotropic Gaussians of both signs.

    Covariances ``scale²·[[1.6, 0.3], [0.3, 2.1]]`` and ``scale²·[[2.5, -0.4], [-0.4, 1.5]]``,
    centres ``scale·(0.4, -0.3)``, ``scale·(-0.5, 0.6)``, amplitudes ``1`` and ``-0.7``.
    """
    scale = validate.real(scale, "scale", positive=True)
    return GaussianMixture(
        np.array([1.0, -0.7]),
        scale * np.array([[0.4, -0.3], [-0.5, 0.6]]),
        scale**2 * np.array([[[1.6, 0.3], [0.3, 2.1]], [[2.5, -0.4], [-0.4, 1.5]]]))
