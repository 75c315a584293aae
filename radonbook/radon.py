"""Radon transforms, CT sinograms, back-projection and filtered back-projection.

Implements appendix §A.1 (Radon transform ``R``, dual transform ``R*``, the ramp
filter ``Λ``, the central slice theorem and the inversion ``f = c_2 R* Λ R f``) and the
dual Radon transform used in appendix §A.2 (paper section II-C, eq. 3: a shallow
network is ``R*{C_σ g}``).

Conventions (used by every function here)
-----------------------------------------
* Images live on the square ``[-1, 1]²``. An ``(n, n)`` array ``image[i, j]`` holds the
  value at the pixel centre ``(x_j, y_i)`` with ``x_j = -1 + (j + 1/2) h``, ``h = 2/n``
  (:func:`radonbook.quadrature.pixel_centres`; the points in the order of
  ``image.ravel()`` are :func:`radonbook.quadrature.image_points`): rows run along ``y``
  from bottom to top (draw with ``origin="lower"``).
* Directions ``θ = (cos φ, sin φ)``, angles ``φ`` in radians.
* A sinogram has shape ``(n_offsets, n_angles)``: ``sinogram[k, p] ≈ R f(θ_p, t_k)``.
  The default offsets are the pixel centres ``t_k = x_k``,
  :func:`radonbook.quadrature.pixel_centres` ``(n)`` (``n`` offsets covering ``[-1, 1]``,
  i.e. the unit disc that every phantom here lives in); a wider detector is
  ``pixel_centres(n_offsets, extent)``.
* Back-projection integrates over the *full* circle with weights ``w_p`` (default
  ``2π / n_angles``: uniform angles covering ``[0, π)`` are extended to the full circle by
  the symmetry ``R f(-θ, -t) = R f(θ, t)``), so the inversion constant is always
  ``c_2 = 1/(4π)``.

The forward transform is computed through the central slice theorem
``F_t[R f(θ, ·)](ω) = f̂(ωθ)``: one 2-D FFT of the zero-padded image, a Kaiser–Bessel
non-uniform FFT onto the polar grid ``ωθ_p`` and one inverse real FFT per angle (all
angles at once, no Python loop over angles).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.fft as sfft
from scipy.special import j1

from radonbook import quadrature, validate

__all__ = [
    "FILTERS",
    "GaussianOffsetDensity",
    "Neurons",
    "PeakMatch",
    "Phantom",
    "SinogramPeaks",
    "backproject",
    "dual_radon",
    "fbp",
    "filter_sinogram",
    "find_peaks",
    "fold_half_turn",
    "match_peaks",
    "radon",
    "partial_backprojections",
    "random_ellipses",
    "shepp_logan",
    "smooth_window",
]

FILTERS = ("ramp", "shepp-logan", "hann")

_MAX_SUPERSAMPLE = 64  # supersample and upsample of fbp
_GAP = 0.5  # fbp: trigonometric period = largest |θ·x - t| + _GAP (no wrap-around)
_FBP_WIDTH = 5  # fbp: NUFFT kernel width (relative error ~3e-4, far below the FBP error)

# Modified Shepp-Logan table (Toft 1996): intensity, a, b, x0, y0, rotation (degrees).
_MODIFIED_SHEPP_LOGAN = (
    (1.0, 0.69, 0.92, 0.0, 0.0, 0.0),
    (-0.8, 0.6624, 0.8740, 0.0, -0.0184, 0.0),
    (-0.2, 0.1100, 0.3100, 0.22, 0.0, -18.0),
    (-0.2, 0.1600, 0.4100, -0.22, 0.0, 18.0),
    (0.1, 0.2100, 0.2500, 0.0, 0.35, 0.0),
    (0.1, 0.0460, 0.0460, 0.0, 0.1, 0.0),
    (0.1, 0.0460, 0.0460, 0.0, -0.1, 0.0),
    (0.1, 0.0460, 0.0230, -0.08, -0.605, 0.0),
    (0.1, 0.0230, 0.0230, 0.0, -0.606, 0.0),
    (0.1, 0.0230, 0.0460, 0.06, -0.605, 0.0),
)


# ----------------------------------------------------------------------------- checks
def _as_image(image: np.ndarray, name: str = "image") -> np.ndarray:
    img = np.asarray(image, dtype=float)
    if img.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array, got shape {img.shape}")
    if img.shape[0] != img.shape[1]:
        raise ValueError(f"{name} must be square (n, n), got shape {img.shape}")
    if img.shape[0] < 2:
        raise ValueError(f"{name} must have at least 2 pixels per side, got {img.shape}")
    if not np.all(np.isfinite(img)):
        raise ValueError(f"{name} contains NaN or inf")
    return img


def _as_angles(angles: np.ndarray | Sequence[float]) -> np.ndarray:
    ang = validate.array(angles, "angles", finite=False)
    if ang.ndim != 1:
        raise ValueError(f"angles must be a 1-D array (radians), got shape {ang.shape}")
    if ang.size < 2:
        raise ValueError(f"angles must contain at least 2 angles, got {ang.size}")
    if not np.all(np.isfinite(ang)):
        raise ValueError("angles contains NaN or inf")
    return ang


def _as_n(n_pixels: int, name: str = "n_pixels", minimum: int = 2) -> int:
    if isinstance(n_pixels, bool) or not isinstance(n_pixels, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(n_pixels).__name__}")
    if n_pixels < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {n_pixels}")
    return int(n_pixels)


def _as_offsets(offsets: np.ndarray | None, n_default: int, n_angles: int
                ) -> tuple[np.ndarray, float]:
    """Validate an offsets grid; return ``(t0 per angle (n_angles,), dt)`` plus grid."""
    if offsets is None:
        offsets = quadrature.pixel_centres(n_default)
    t = np.asarray(offsets, dtype=float)
    if t.ndim == 1:
        t = np.repeat(t[:, None], n_angles, axis=1)
    if t.ndim != 2 or t.shape[1] != n_angles:
        raise ValueError(
            f"offsets must have shape (n_offsets,) or (n_offsets, n_angles={n_angles}), "
            f"got {np.shape(offsets)}")
    if t.shape[0] < 2:
        raise ValueError(f"offsets must contain at least 2 values, got {t.shape[0]}")
    if not np.all(np.isfinite(t)):
        raise ValueError("offsets contains NaN or inf")
    d = np.diff(t, axis=0)
    dt = float(d[0, 0])
    if dt <= 0 or not np.allclose(d, dt, rtol=1e-6, atol=1e-12 * max(1.0, abs(dt))):
        raise ValueError("offsets must be increasing and uniformly spaced, with the same "
                         "spacing for every angle")
    return t, dt


def _as_sinogram(sinogram: np.ndarray, n_angles: int) -> np.ndarray:
    s = validate.array(sinogram, "sinogram", finite=False)
    if s.ndim != 2:
        raise ValueError(f"sinogram must be a 2-D array (n_offsets, n_angles), got shape "
                         f"{s.shape}")
    if s.shape[1] != n_angles:
        raise ValueError(f"sinogram has {s.shape[1]} columns but there are {n_angles} "
                         "angles: shape must be (n_offsets, n_angles)")
    if s.shape[0] < 2:
        raise ValueError(f"sinogram must have at least 2 offsets, got {s.shape[0]}")
    if not np.all(np.isfinite(s)):
        raise ValueError("sinogram contains NaN or inf")
    return s


# ----------------------------------------------------------------------------- phantom
@dataclass(frozen=True)
class Phantom:
    """A 2-D image that is a sum of constant-intensity ellipses.

    ``f(x) = Σ_e ρ_e 1[x ∈ E_e]``, ellipse ``E_e`` with centre ``(x_e, y_e)``, semi-axes
    ``a_e`` (along the rotated x-axis) and ``b_e``, rotation ``α_e`` (radians,
    counter-clockwise) and intensity ``ρ_e``.

    Parameters
    ----------
    ellipses : (m, 6) array
        Rows ``(x0, y0, a, b, alpha, intensity)``.
    """

    ellipses: np.ndarray

    def __post_init__(self) -> None:
        e = np.atleast_2d(np.asarray(self.ellipses, dtype=float))
        if e.ndim != 2 or e.shape[1] != 6 or e.shape[0] < 1:
            raise ValueError("ellipses must have shape (m, 6) with rows "
                             f"(x0, y0, a, b, alpha, intensity), got {np.shape(self.ellipses)}")
        if not np.all(np.isfinite(e)):
            raise ValueError("ellipses contains NaN or inf")
        if np.any(e[:, 2] <= 0) or np.any(e[:, 3] <= 0):
            raise ValueError("ellipse semi-axes a, b must be positive")
        e.setflags(write=False)
        object.__setattr__(self, "ellipses", e)

    def __call__(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Point values ``f(x, y)`` (broadcasting arrays)."""
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        out = np.zeros(x.shape)
        for x0, y0, a, b, al, rho in self.ellipses:
            ca, sa = np.cos(al), np.sin(al)
            u = (x - x0) * ca + (y - y0) * sa
            v = -(x - x0) * sa + (y - y0) * ca
            out += rho * ((u / a) ** 2 + (v / b) ** 2 <= 1.0)
        return out

    def image(self, n_pixels: int, supersample: int = 1) -> np.ndarray:
        """Rasterise on the ``n × n`` pixel grid of ``[-1, 1]²``.

        Pixel centres ``x_j = -1 + (j + 1/2) h``, ``h = 2/n``
        (:func:`radonbook.quadrature.pixel_centres`).

        Parameters
        ----------
        n_pixels : int
        supersample : int, default 1
            ``s > 1`` averages ``s × s`` point samples per pixel (area average).

        Returns
        -------
        (n, n) array, ``image[i, j] = f(x_j, y_i)``.
        """
        n = _as_n(n_pixels)
        s = _as_n(supersample, "supersample", 1)
        h = 2.0 / n
        sub = (np.arange(s) + 0.5) / s - 0.5
        xs = (quadrature.pixel_centres(n)[:, None] + h * sub[None, :]).ravel()
        X, Y = np.meshgrid(xs, xs)
        return self(X, Y).reshape(n, s, n, s).mean(axis=(1, 3))

    def sinogram(self, angles: np.ndarray, offsets: np.ndarray | None = None) -> np.ndarray:
        """Exact Radon transform ``R f(θ_p, t_k)`` (appendix §A.1).

        For one ellipse, with ``τ = t - θ·(x0, y0)`` and
        ``s² = a² cos²(φ - α) + b² sin²(φ - α)``:
        ``R 1_E(θ, t) = 2 a b √(s² - τ²) / s²`` for ``|τ| ≤ s``, else 0.

        Parameters
        ----------
        angles : (n_angles,) radians
        offsets : (n_offsets,) or (n_offsets, n_angles), optional
            Default ``quadrature.pixel_centres(256)``.

        Returns
        -------
        (n_offsets, n_angles) array.
        """
        ang = np.asarray(angles, dtype=float)
        if ang.ndim != 1 or ang.size < 1 or not np.all(np.isfinite(ang)):
            raise ValueError("angles must be a non-empty finite 1-D array (radians)")
        t = (quadrature.pixel_centres(256) if offsets is None
             else np.asarray(offsets, dtype=float))
        if t.ndim == 1:
            t = t[:, None]
        if t.ndim != 2 or t.shape[1] not in (1, ang.size):
            raise ValueError("offsets must have shape (n_offsets,) or (n_offsets, n_angles)")
        c, s_ = np.cos(ang), np.sin(ang)
        out = np.zeros((t.shape[0], ang.size))
        for x0, y0, a, b, al, rho in self.ellipses:
            s2 = (a * np.cos(ang - al)) ** 2 + (b * np.sin(ang - al)) ** 2
            tau = t - (c * x0 + s_ * y0)
            out += rho * 2 * a * b * np.sqrt(np.clip(s2 - tau**2, 0.0, None)) / s2
        return out

    def fourier(self, xi1: np.ndarray, xi2: np.ndarray) -> np.ndarray:
        """Exact Fourier transform ``f̂(ξ) = ∫ f(x) e^{-iξ·x} dx`` (appendix §A.1).

        One ellipse: ``ρ · 2π a b J₁(q)/q · e^{-iξ·(x0, y0)}`` with
        ``q = √((a ξ'_1)² + (b ξ'_2)²)``, ``ξ'`` = ``ξ`` in the ellipse's rotated frame
        (``J₁(q)/q → 1/2`` at ``q = 0``).
        """
        xi1, xi2 = np.broadcast_arrays(np.asarray(xi1, float), np.asarray(xi2, float))
        out = np.zeros(xi1.shape, dtype=complex)
        for x0, y0, a, b, al, rho in self.ellipses:
            ca, sa = np.cos(al), np.sin(al)
            u = xi1 * ca + xi2 * sa
            v = -xi1 * sa + xi2 * ca
            q = np.hypot(a * u, b * v)
            jq = np.where(q > 1e-12, j1(np.where(q > 1e-12, q, 1.0)) / np.where(q > 1e-12, q,
                                                                                 1.0), 0.5)
            out += rho * 2 * np.pi * a * b * jq * np.exp(-1j * (xi1 * x0 + xi2 * y0))
        return out


def shepp_logan() -> Phantom:
    """The modified Shepp–Logan head phantom (Toft's contrast-enhanced ellipse table)."""
    tab = np.array(_MODIFIED_SHEPP_LOGAN)
    return Phantom(np.column_stack([tab[:, 3], tab[:, 4], tab[:, 1], tab[:, 2],
                                    np.deg2rad(tab[:, 5]), tab[:, 0]]))


def random_ellipses(n: int, *, rng: validate.RNGLike = 0) -> Phantom:
    """``n`` random ellipses, each contained in the disc of radius 0.9.

    Centres ``r (cos φ, sin φ)`` with ``r = 0.45 √U``, ``φ ~ U(0, 2π)`` (uniform in the
    disc of radius 0.45), semi-axes ``a, b ~ U(0.05, 0.45)``, rotation ``α ~ U(0, π)``,
    intensity ``ρ = ±U(0.2, 1)`` (uniform in ``[-1, 1] \\ (-0.2, 0.2)``), so
    ``|c| + max(a, b) ≤ 0.9``.

    Parameters
    ----------
    n : int
        Number of ellipses, at least 1.
    rng : numpy Generator, int or None
        Randomness (SPEC 7); the default ``0`` is reproducible.

    Returns
    -------
    Phantom
    """
    m = validate.count(n, "n", minimum=1)
    validate.check_memory(12.0 * m, "n")
    rng = validate.rng(rng)
    r = 0.45 * np.sqrt(rng.uniform(size=m))
    ang = rng.uniform(0, 2 * np.pi, size=m)
    ab = rng.uniform(0.05, 0.45, size=(m, 2))
    rho = rng.uniform(0.2, 1.0, size=m) * rng.choice([-1.0, 1.0], size=m)
    return Phantom(np.column_stack([r * np.cos(ang), r * np.sin(ang), ab[:, 0], ab[:, 1],
                                    rng.uniform(0, np.pi, size=m), rho]))


# ----------------------------------------------------------------------------- NUFFT
def _es(width: int) -> Callable[[np.ndarray], np.ndarray]:
    """"Exponential of semicircle" kernel ``φ(z) = exp(β(√(1 - (2z/w)²) - 1))``, ``|z| ≤ w/2``.

    Barnett, Magland & af Klinteberg (2019), ``β = 2.3 w`` for oversampling 2 (grid units).
    """
    beta = 2.3 * width

    def phi(z: np.ndarray) -> np.ndarray:
        arg = 1.0 - (2.0 * z / width) ** 2
        return np.exp(beta * (np.sqrt(np.maximum(arg, 0.0)) - 1.0)) * (arg > 0)

    return phi


def _es_coefficients(j: np.ndarray, big_n: int, width: int) -> np.ndarray:
    """``φ̂_j = (1/N) ∫ φ(z) e^{2πi z j/N} dz`` by Gauss–Legendre quadrature (real, even)."""
    z, w = quadrature.gauss_legendre(-width / 2, width / 2, 4 * width + 40)
    return (w * _es(width)(z)) @ np.cos(2 * np.pi * np.outer(z, j) / big_n) / big_n


def _taps(nu: np.ndarray, big_n: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Grid cells ``(P, width)`` and kernel weights of frequencies ``nu`` (radians/sample)."""
    pos = nu * big_n / (2 * np.pi)
    first = np.ceil(pos - width / 2)
    dz = (pos - first).astype(np.float32)[:, None] - np.arange(width, dtype=np.float32)
    ll = first.astype(np.int64)[:, None] + np.arange(width)[None, :]
    return ll % big_n, _es(width)(dz) / np.float32(big_n)


def _nufft2_polar(image: np.ndarray, u: np.ndarray, v: np.ndarray, width: int = 7,
                  ratio: float = 2.0) -> np.ndarray:
    """``G(u, v) = Σ_{i,j} image[i, j] e^{-i(u j_c + v i_c)}``, ``j_c = j - n/2`` (centred).

    Type-2 non-uniform FFT (oversampling ``ratio``, "exponential of semicircle" kernel of
    ``width`` cells): deconvolve, zero-pad, 2-D FFT, interpolate; single precision inside
    (relative error ~1e-6). ``u, v`` in radians per sample.
    """
    n = image.shape[0]
    big_n = int(sfft.next_fast_len(int(np.ceil(ratio * n))))
    jc = np.arange(n) - n // 2
    corr = _es_coefficients(jc, big_n, width)
    grid = np.zeros((big_n, big_n), dtype=np.float32)
    idx = jc % big_n
    grid[np.ix_(idx, idx)] = image / np.outer(corr, corr)
    spec = sfft.fft2(grid)  # spec[l_v, l_u] = Σ g e^{-2πi (l_v i + l_u j)/N}
    lu, wu = _taps(u.ravel(), big_n, width)
    lv, wv = _taps(v.ravel(), big_n, width)
    vals = spec.ravel().take(lv[:, :, None] * big_n + lu[:, None, :])  # (P, w_v, w_u)
    out = np.einsum("pa,pab,pb->p", wv, vals, wu, optimize=True)
    return out.reshape(u.shape)


def _nufft2_polar_adjoint(coef: np.ndarray, u: np.ndarray, v: np.ndarray, n: int,
                          width: int = 7, ratio: float = 2.0) -> np.ndarray:
    """Adjoint of :func:`_nufft2_polar`: ``Σ_p coef_p e^{+i(u_p j_c + v_p i_c)}``, (n, n).

    Type-1 non-uniform FFT, the exact transpose of the type-2 steps: spread onto the
    oversampled grid with the same kernel, inverse 2-D FFT, crop, deconvolve.
    """
    big_n = int(sfft.next_fast_len(int(np.ceil(ratio * n))))
    jc = np.arange(n) - n // 2
    corr = _es_coefficients(jc, big_n, width)
    lu, wu = _taps(u.ravel(), big_n, width)
    lv, wv = _taps(v.ravel(), big_n, width)
    c = coef.ravel()[:, None]
    cell = (lv[:, :, None] * big_n + lu[:, None, :]).ravel()  # (P, w_v, w_u)
    spread = np.empty(big_n * big_n, dtype=np.complex64)
    for part, values in (("real", c.real), ("imag", c.imag)):
        kern = (wv * values)[:, :, None] * wu[:, None, :]  # float64: bincount's own type
        setattr(spread, part, np.bincount(cell, kern.ravel(), minlength=big_n * big_n))
    grid = sfft.ifft2(spread.reshape(big_n, big_n), norm="forward")  # Σ e^{+2πi(..)/N}
    idx = jc % big_n
    return grid[np.ix_(idx, idx)] / np.outer(corr, corr)


# ----------------------------------------------------------------------------- radon
def radon(image: np.ndarray, angles: np.ndarray, offsets: np.ndarray | None = None
          ) -> np.ndarray:
    """Discrete Radon transform ``R f(θ_p, t_k) = ∫_{θ_p·x = t_k} f(x) dS(x)`` (appendix §A.1).

    The image is read as the band-limited function interpolating its pixel values
    (``f̂(ξ) = h² Σ f_ij e^{-iξ·x_ij}`` for ``|ξ_1|, |ξ_2| < π/h``); each projection is
    computed from the central slice theorem ``F_t[R f(θ, ·)](ω) = f̂(ωθ)`` for
    ``|ω| ≤ π/Δt`` (non-uniform FFT onto the polar grid, then an inverse real FFT), and
    each detector cell averages over its width ``Δt`` (the factor ``sinc(ωΔt/2)``).

    Parameters
    ----------
    image : (n, n) array on [-1, 1]², ``image[i, j]`` at ``(x_j, y_i)``
        (:func:`radonbook.quadrature.pixel_centres`)
    angles : (n_angles,) radians, at least 2
    offsets : (n_offsets,) or (n_offsets, n_angles), optional
        Uniformly spaced detector positions (a column per angle for per-angle shifts, same
        spacing). Default ``quadrature.pixel_centres(n)``: ``t_k = x_k``.

    Returns
    -------
    sinogram : (n_offsets, n_angles) array
    """
    img = _as_image(image)
    ang = _as_angles(angles)
    n = img.shape[0]
    h = 2.0 / n
    t, dt = _as_offsets(offsets, n, ang.size)
    n_t = t.shape[0]
    t0 = t[0]
    # Period long enough that the (|t| ≤ √2-supported) projection does not wrap.
    support = np.sqrt(2.0) + 2 * h
    lo, hi = float(np.min(t0)), float(np.max(t[-1]))
    length = max(support - lo, support + hi) + 2 * dt
    big_m = int(sfft.next_fast_len(max(n_t, int(np.ceil(length / dt))) + 1, real=True))
    omega = 2 * np.pi * np.arange(big_m // 2 + 1) / (big_m * dt)
    u = np.outer(omega, np.cos(ang))  # (n_omega, n_angles)
    v = np.outer(omega, np.sin(ang))
    inside = (np.abs(u) < np.pi / h) & (np.abs(v) < np.pi / h)
    g = _nufft2_polar(img, u * h, v * h)
    xc = -1.0 + (n // 2 + 0.5) * h  # coordinate of the centred index 0
    detector = np.sinc(omega * dt / (2 * np.pi))[:, None]  # average over a detector cell
    fhat = h * h * g * np.exp(-1j * (u + v) * xc) * inside * detector
    spec = fhat * np.exp(1j * omega[:, None] * t0[None, :])
    proj = sfft.irfft(spec, n=big_m, axis=0) / dt
    return proj[:n_t]


# ----------------------------------------------------------------------------- filters
def _filter_window(filter: str, omega: np.ndarray, omega_max: float) -> np.ndarray:
    """Window multiplying the ramp: 1 (ramp), ``sinc(ω/(2ω_N))``, ``(1 + cos(πω/ω_N))/2``."""
    if filter not in FILTERS:
        raise ValueError(f"filter must be one of {FILTERS}, got {filter!r}")
    x = np.abs(omega) / omega_max
    if filter == "ramp":
        return np.ones_like(x)
    if filter == "shepp-logan":
        return np.sinc(x / 2)
    return 0.5 * (1 + np.cos(np.pi * np.clip(x, 0, 1)))


def filter_sinogram(sinogram: np.ndarray, dt: float, filter: str = "ramp",
                    upsample: int = 1, power: float = 1.0) -> np.ndarray:
    """Apply ``Λ^power`` (the multiplier ``|ω|^power``), optionally windowed, along ``t``.

    The ramp is discretised as in Kak & Slaney (``2π`` times the DFT of the sampled
    spatial kernel of ``|ω|/2π``: ``h(0) = 1/(4Δt²)``, ``h(m) = -1/(π m Δt)²`` for odd
    ``m``), which has the right zero-frequency value; ``"shepp-logan"`` and ``"hann"``
    multiply it by ``sinc(ω/(2ω_N))`` and ``(1 + cos(πω/ω_N))/2``, ``ω_N = π/Δt``. For ``power ≠ 1``
    the plain multiplier ``|ω|^power`` is used. ``upsample > 1`` returns the result on a
    grid ``upsample`` times finer (band-limited interpolation).

    Parameters
    ----------
    sinogram : (n_offsets, n_angles)
    dt : float, offset spacing
    filter : one of ``FILTERS``
    upsample : int, default 1
    power : float, default 1 (``Λ``); e.g. 2 gives ``Λ² = -∂_t²``.

    Returns
    -------
    (upsample·n_offsets, n_angles) array, samples at ``t_0 + k·dt/upsample``.
    """
    s = np.asarray(sinogram, dtype=float)
    if s.ndim != 2 or s.shape[0] < 2 or not np.all(np.isfinite(s)):
        raise ValueError("sinogram must be a finite 2-D array (n_offsets, n_angles)")
    if not np.isfinite(dt) or dt <= 0:
        raise ValueError(f"dt must be a positive number, got {dt!r}")
    if filter not in FILTERS:
        raise ValueError(f"filter must be one of {FILTERS}, got {filter!r}")
    up = _as_n(upsample, "upsample", 1)
    n_t = s.shape[0]
    size = int(sfft.next_fast_len(max(64, 4 * n_t)))
    omega = 2 * np.pi * sfft.fftfreq(size, d=dt)
    if power == 1.0:
        m = np.arange(size)
        m = np.minimum(m, size - m)
        ker = np.zeros(size)
        ker[0] = 0.25 / dt**2
        odd = m % 2 == 1
        ker[odd] = -1.0 / (np.pi * m[odd] * dt) ** 2
        resp = 2 * np.pi * dt * np.real(sfft.fft(ker))
    else:
        resp = np.abs(omega) ** power
    resp = resp * _filter_window(filter, omega, np.pi / dt)
    if up == 1:  # real data, real even response: the half spectrum suffices
        half_spec = sfft.rfft(s, n=size, axis=0) * resp[: size // 2 + 1, None]
        return sfft.irfft(half_spec, n=size, axis=0)[:n_t]
    spec = sfft.fft(s, n=size, axis=0) * resp[:, None]
    big = np.zeros((size * up, s.shape[1]), dtype=complex)
    half = size // 2
    big[:half] = spec[:half]
    big[-half:] = spec[-half:]
    return np.real(sfft.ifft(big, axis=0))[: n_t * up] * up


# ----------------------------------------------------------------------------- back-projection
def _default_weights(n_angles: int, weights: np.ndarray | None) -> np.ndarray:
    if weights is None:
        return np.full(n_angles, 2 * np.pi / n_angles)
    w = np.asarray(weights, dtype=float)
    if w.shape != (n_angles,) or not np.all(np.isfinite(w)):
        raise ValueError(f"weights must be a finite array of shape ({n_angles},), got "
                         f"shape {w.shape}")
    return w


def _backproject_grid(s: np.ndarray, ang: np.ndarray, t0: np.ndarray, dt: float, n: int,
                      w: np.ndarray, chunk: int = 1 << 21) -> np.ndarray:
    """``Σ_p w_p s(θ_p·x, p)`` at pixel centres, linear interpolation in ``t`` (0 outside).

    Vectorised over angles; pixel rows are processed in chunks of ~``chunk`` samples.
    """
    n_t, n_a = s.shape
    x = quadrature.pixel_centres(n)
    c, sn = np.cos(ang), np.sin(ang)
    padded = np.zeros((n_a, n_t + 3), dtype=np.float32)  # one zero before, two after
    padded[:, 1:-2] = s.T
    flat = padded.ravel()
    base = (np.arange(n_a) * (n_t + 3)).astype(np.int64)
    # index position (+1 for the leading zero) of t = x c + y s: A[j] + B[i], separable
    a_part = ((x[:, None] * c - t0) / dt + 1.0).astype(np.float32)  # (n, n_a)
    b_part = (x[:, None] * sn / dt).astype(np.float32)
    w32 = w.astype(np.float32)
    rows_per = max(1, chunk // (n * n_a))
    out = np.empty((n, n))
    for r0 in range(0, n, rows_per):
        tt = a_part[None, :, :] + b_part[r0:r0 + rows_per, None, :]  # (r, n, n_a)
        np.clip(tt, 0.0, n_t + 1.0, out=tt)  # outside the detector -> zero padding
        k = tt.astype(np.int64)
        tt -= k
        k += base
        lo = flat.take(k)
        hi = flat.take(k + 1)
        vals = lo + (hi - lo) * tt
        out[r0:r0 + rows_per] = vals @ w32
    return out


def _as_scan(sinogram: np.ndarray, angles: np.ndarray, n_pixels: int | None,
             offsets: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, int, np.ndarray, float]:
    """Validate the inputs of a back-projection: (angles, sinogram, n_pixels, t0s, dt)."""
    ang = _as_angles(angles)
    s = _as_sinogram(sinogram, ang.size)
    n = s.shape[0] if n_pixels is None else _as_n(n_pixels)
    t, dt = _as_offsets(offsets, s.shape[0], ang.size)
    if t.shape[0] != s.shape[0]:
        raise ValueError(f"offsets has {t.shape[0]} values but the sinogram has "
                         f"{s.shape[0]} rows")
    return ang, s, n, t, dt


def backproject(sinogram: np.ndarray, angles: np.ndarray, n_pixels: int | None = None,
                offsets: np.ndarray | None = None, weights: np.ndarray | None = None
                ) -> np.ndarray:
    """Back-projection, the dual transform ``R* g(x) = ∫_{S¹} g(θ, θ·x) dθ`` (appendix §A.1).

    Quadrature ``R* g(x) ≈ Σ_p w_p g(θ_p, θ_p·x)`` with linear interpolation in ``t``
    (zero outside the offsets); default ``w_p = 2π/n_angles`` (uniform angles over a half
    or the full circle, see the module notes).

    Parameters
    ----------
    sinogram : (n_offsets, n_angles)
    angles : (n_angles,) radians
    n_pixels : int, optional (default ``n_offsets``)
    offsets : as in :func:`radon` (default ``quadrature.pixel_centres(n_offsets)``)
    weights : (n_angles,), optional

    Returns
    -------
    (n_pixels, n_pixels) image on [-1, 1]².
    """
    ang, s, n, t, dt = _as_scan(sinogram, angles, n_pixels, offsets)
    validate.check_memory(float(n) * max(n, 8 * ang.size), "n_pixels")
    return _backproject_grid(s, ang, t[0], dt, n, _default_weights(ang.size, weights))


def partial_backprojections(sinogram: np.ndarray, angles: np.ndarray, index: int,
                            n_pixels: int = 128, offsets: np.ndarray | None = None
                            ) -> tuple[np.ndarray, np.ndarray]:
    """What a scanner has reconstructed after recording the columns ``0..index`` of a
    sinogram: plain back-projection and filtered back-projection (ramp filter) of those
    columns, each angle keeping the quadrature weight ``2π/n_angles`` of the full set
    (so the two images grow into :func:`backproject` and :func:`fbp` of the whole
    sinogram as ``index`` reaches the last angle).

    Returns
    -------
    (plain, filtered): two (n_pixels, n_pixels) images on [-1, 1]²
    """
    ang = _as_angles(angles)
    s = _as_sinogram(sinogram, ang.size)
    if not isinstance(index, int | np.integer) or not 1 <= index < ang.size:
        raise ValueError(f"index must be an integer in [1, {ang.size - 1}] (back-projection "
                         f"needs at least 2 angles), got {index!r}")
    k = int(index) + 1
    w = np.full(k, 2 * np.pi / ang.size)
    cols = np.arange(k)
    t = None if offsets is None else np.asarray(offsets, dtype=float)
    if t is not None and t.ndim == 2:
        t = t[:, cols]
    plain = backproject(s[:, cols], ang[cols], n_pixels, t, weights=w)
    filtered = fbp(s[:, cols], ang[cols], "ramp", n_pixels, t, weights=w, supersample=1)
    return plain, filtered


def fbp(sinogram: np.ndarray, angles: np.ndarray, filter: str = "ramp",
        n_pixels: int | None = None, offsets: np.ndarray | None = None,
        weights: np.ndarray | None = None, supersample: int = 2, upsample: int = 1
        ) -> np.ndarray:
    """Filtered back-projection ``f = c_2 R* Λ R f``, ``c_2 = 1/(4π)`` (appendix §A.1).

    The projections are filtered by the ramp ``Λ`` (:func:`filter_sinogram`, optionally
    windowed by ``filter``), linearly interpolated in ``t`` (zero outside the offsets, as
    in :func:`backproject`) and back-projected, ``c_2 Σ_p w_p q_p(θ_p·x)``, at ``s × s``
    points per pixel, which are averaged: the result approximates pixel averages of ``f``.

    Computed in the Fourier domain, as the adjoint of the non-uniform FFT of :func:`radon`
    (one spreading onto an oversampled grid and one 2-D FFT for all angles and all
    ``s²`` points at once): the linear interpolant of ``q_p`` is represented by its
    Fourier series (the samples' spectrum times ``sinc²(ωΔt/2π)``, the interpolation's
    frequency response; ``Δt`` the spacing after ``upsample``) up to ``|ω| < 2π/Δt``,
    where ``sinc²`` vanishes (the terms dropped beyond weigh below 5 % and change the
    result by about 1 %), and the ``s × s`` average is the per-angle multiplier
    ``D_s(ωh cos φ) D_s(ωh sin φ)``,
    ``D_s(a) = mean_k cos(a (k + 1/2 - s/2)/s)``, ``h = 2/n_pixels``.

    Parameters
    ----------
    sinogram : (n_offsets, n_angles)
    angles : (n_angles,) radians
    filter : ``"ramp"`` | ``"shepp-logan"`` | ``"hann"``
    n_pixels, offsets, weights : as in :func:`backproject`
    supersample : int in [1, 64], default 2 (``s``; 1 gives plain point values at pixel
        centres)
    upsample : int in [1, 64], default 1
        Band-limited interpolation of the filtered projections to a grid this many times
        finer before the linear interpolation of the back-projection.

    Returns
    -------
    (n_pixels, n_pixels) reconstruction.
    """
    if filter not in FILTERS:
        raise ValueError(f"filter must be one of {FILTERS}, got {filter!r}")
    ang, s, n, t, dt = _as_scan(sinogram, angles, n_pixels, offsets)
    up = validate.count(upsample, "upsample", minimum=1, maximum=_MAX_SUPERSAMPLE)
    sup = validate.count(supersample, "supersample", minimum=1, maximum=_MAX_SUPERSAMPLE)
    w = _default_weights(ang.size, weights)
    n_a = ang.size
    dq = dt / up
    m_t = up * s.shape[0]
    h = 2.0 / n
    # one trigonometric period holding the data and every θ·x (|θ·x| ≤ √2) with a gap,
    # so that neither wraps onto the other
    reach = np.sqrt(2.0) + h
    lo, hi = float(np.min(t[0])), float(np.max(t[-1]))
    length = max(hi + reach, reach - lo) + _GAP + 4 * dt
    big_m = int(sfft.next_fast_len(max(m_t, int(np.ceil(length / dq))) + 1, real=True))
    big_n = int(sfft.next_fast_len(2 * n))
    validate.check_memory(max(4 * big_m * n_a, 2 * big_n * big_n, 250 * big_m * n_a),
                          "n_pixels, the number of offsets/angles or upsample")
    filtered = filter_sinogram(s, dt, filter, upsample=up)
    # The linear interpolant of the samples q_k = q(t0 + k dq) (a period of M samples) is
    # (1/M) Σ_{k ∈ Z} Q_{k mod M} sinc²(k/M) e^{iω_k(τ - t0)}, ω_k = 2πk/(M dq), Q the DFT:
    # keep |k| < M (|ω| < 2π/dq, where sinc² vanishes; the terms dropped weigh < 5 %), and
    # fold k < 0 onto k > 0 (q real: factor 2 and the real part).
    n_w = big_m
    spec = sfft.fft(filtered, n=big_m, axis=0)  # (M, n_angles), k = 0..M-1
    omega = 2 * np.pi * np.arange(n_w) / (big_m * dq)
    c, sn = np.cos(ang), np.sin(ang)
    mult = np.full(n_w, 2.0 / big_m)
    mult[0] = 1.0 / big_m
    mult *= np.sinc(np.arange(n_w) / big_m) ** 2  # frequency response of linear interp.
    coef = spec * (mult[:, None] * w[None, :] / (4 * np.pi))
    u = np.outer(omega, c) * h  # radians per pixel
    v = np.outer(omega, sn) * h
    if sup > 1:
        coef = coef * _box_mean(u, sup) * _box_mean(v, sup)
    xc = -1.0 + (n // 2 + 0.5) * h  # coordinate of the centred index 0
    coef = coef * np.exp(1j * (np.outer(omega, c + sn) * xc - omega[:, None] * t[0][None, :]))
    return np.real(_nufft2_polar_adjoint(coef, u, v, n, width=_FBP_WIDTH))


def _box_mean(a: np.ndarray, s: int) -> np.ndarray:
    """``mean_{k<s} cos(a (k + 1/2 - s/2)/s)`` (sub-pixel average of ``e^{i a x/h}``)."""
    half = 0.5 * a / s
    small = np.abs(np.sin(half)) < 1e-8
    return np.where(small, 1.0, np.sin(s * half) / (s * np.where(small, 1.0, np.sin(half))))


# ----------------------------------------------------------------------------- dual radon
def dual_radon(phi: Callable[[np.ndarray, np.ndarray], np.ndarray], x: np.ndarray,
               thetas: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Dual Radon transform ``R* φ(x) = ∫_{S^{d-1}} φ(θ, θ·x) dθ`` by quadrature (appendix §A.1).

    ``R* φ(x) ≈ Σ_i w_i φ(θ_i, θ_i·x)``, any dimension ``d``.

    Parameters
    ----------
    phi : callable ``phi(theta, t)``
        ``theta`` of shape ``(m, d)`` broadcast against ``t`` of shape ``(N, m)``; must
        return an ``(N, m)`` array. (``theta[None]`` rows align with ``t`` columns.)
    x : (N, d) points
    thetas : (m, d) unit vectors (e.g. from :func:`radonbook.quadrature.sphere_quadrature`)
    weights : (m,) quadrature weights

    Returns
    -------
    (N,) array.
    """
    if not callable(phi):
        raise TypeError("phi must be a callable phi(theta, t)")
    x = validate.array(x, "x", ndim=2)
    th = validate.array(thetas, "thetas", shape=(None, x.shape[1]))
    w = validate.array(weights, "weights", shape=(th.shape[0],))
    validate.check_memory(2.0 * x.shape[0] * th.shape[0], "x and thetas (N times m)")
    if not np.allclose(np.linalg.norm(th, axis=1), 1.0, atol=1e-8):
        raise ValueError("thetas must be unit vectors")
    t = x @ th.T  # (N, m)
    vals = np.asarray(phi(th, t), dtype=float)
    if vals.shape != t.shape:
        raise ValueError(f"phi(theta, t) must return shape {t.shape}, got {vals.shape}")
    return vals @ w


# ------------------------------------------------------------------ networks on the cylinder
@dataclass(frozen=True)
class Neurons:
    """Neurons ``(θ_i, r_i)`` on the cylinder with weights ``c_i`` (appendix §A.2).

    Attributes
    ----------
    theta : (n, 2) unit directions ``(cos φ_i, sin φ_i)``.
    r : (n,) offsets.
    c : (n,) output weights.
    """

    theta: np.ndarray
    r: np.ndarray
    c: np.ndarray


@dataclass(frozen=True)
class GaussianOffsetDensity:
    """A density of neurons ``g(θ, r) = a(φ) N(r; 0, s²)`` on the cylinder ``S¹ × R``.

    ``θ = (cos φ, sin φ)``; ``angular`` is ``a`` (vectorised over arrays of ``φ``) and
    ``scale`` is ``s > 0``. The network of this density is ``R*{C_σ g}`` (paper eq. 3,
    appendix §A.2).
    """

    angular: Callable[[np.ndarray], np.ndarray]
    scale: float

    def __post_init__(self) -> None:
        if not callable(self.angular):
            raise TypeError(f"angular must be a callable phi -> a(phi), got {self.angular!r}")
        object.__setattr__(self, "scale", validate.real(self.scale, "scale", positive=True))

    def relu_profile(self, theta: np.ndarray, t: np.ndarray) -> np.ndarray:
        """``C_σ g(θ, t) = ∫ g(θ, r)(t - r)_+ dr = a(φ)(t Φ(t/s) + s φ(t/s))`` for ReLU.

        ``Φ``, ``φ`` are the standard normal distribution and density. ``theta`` (m, 2)
        broadcasts against ``t`` (N, m), as :func:`dual_radon` calls it.
        """
        from scipy.stats import norm

        th = validate.array(theta, "theta", shape=(None, 2))
        tt = validate.array(t, "t")
        phi = np.arctan2(th[:, 1], th[:, 0])
        s = self.scale
        return self._angular_values(phi)[None, :] * (tt * norm.cdf(tt / s)
                                                     + s * norm.pdf(tt / s))

    def _angular_values(self, phi: np.ndarray) -> np.ndarray:
        """``a(φ)``, checked: real, finite, one value per angle (or one for all)."""
        a = validate.array(self.angular(phi), "angular(phi)")
        if a.shape not in ((), phi.shape):
            raise ValueError(f"angular(phi) must return one value per angle, shape "
                             f"{phi.shape}, got shape {a.shape}")
        return np.broadcast_to(a, phi.shape)

    def sample(self, n: int, *, rng: validate.RNGLike = 0) -> Neurons:
        """``n`` neurons by importance sampling from ``ρ(θ, r) = N(r; 0, s²)/(2π)``.

        ``φ_i`` uniform on ``[0, 2π)``, then ``r_i ~ N(0, s²)``, and
        ``c_i = g(θ_i, r_i)/(n ρ(θ_i, r_i)) = 2π a(φ_i)/n``, so that the network
        ``Σ c_i σ(θ_i·x - r_i)`` is an unbiased estimate of ``R*{C_σ g}(x)`` whose error
        falls like ``n^{-1/2}`` (appendix §A.2).
        """
        n = validate.count(n, "n", minimum=1)
        validate.check_memory(6 * n, "n")
        gen = validate.rng(rng)
        phi = gen.uniform(0, 2 * np.pi, n)
        r = gen.normal(0, self.scale, n)
        c = 2 * np.pi * self._angular_values(phi) / n
        return Neurons(np.column_stack([np.cos(phi), np.sin(phi)]), r, c)


def smooth_window(n_pixels: int, inner: float = 0.7, outer: float = 0.95) -> np.ndarray:
    """Radial smoothstep window on the image grid: 1 for ``|x| ≤ inner``, 0 for ``|x| ≥ outer``.

    ``w = u²(3 - 2u)``, ``u = clip((outer - |x|)/(outer - inner), 0, 1)``: continuously
    differentiable, so ``Δ(w f)`` adds only smooth terms in the ring (appendix §A.1).

    Parameters
    ----------
    n_pixels : image side (grid of :func:`radonbook.quadrature.image_points`).
    inner, outer : radii with ``0 < inner < outer``.

    Returns
    -------
    (n_pixels, n_pixels) array.
    """
    n = _as_n(n_pixels)
    validate.check_memory(6.0 * n * n, "n_pixels")
    inner = validate.real(inner, "inner", positive=True)
    outer = validate.real(outer, "outer", positive=True)
    if outer <= inner:
        raise ValueError(f"outer must be larger than inner = {inner}, got {outer}")
    x = quadrature.pixel_centres(n)
    u = np.clip((outer - np.hypot(*np.meshgrid(x, x))) / (outer - inner), 0, 1)
    return u**2 * (3 - 2 * u)


def fold_half_turn(phi: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The point ``(φ, t)`` of the cylinder with ``φ`` folded into ``[0, π)``.

    A sinogram over ``[0, π)`` shows ``(φ, t)`` with ``φ ≥ π`` at ``(φ - π, -t)``, by the
    symmetry ``R f(-θ, -t) = R f(θ, t)`` (appendix §A.1).
    """
    p = np.mod(validate.array(phi, "phi"), 2 * np.pi)
    tt = validate.array(t, "t", shape=p.shape)
    folded = p >= np.pi
    return np.where(folded, p - np.pi, p), np.where(folded, -tt, tt)


@dataclass(frozen=True)
class SinogramPeaks:
    """The strongest peaks of a filtered sinogram, strongest first.

    Attributes
    ----------
    phi : angles of the peaks (radians, in ``[0, π)``).
    t : offsets of the peaks.
    sign : sign of the mass of the sinogram around each peak.
    """

    phi: np.ndarray
    t: np.ndarray
    sign: np.ndarray


def find_peaks(sinogram: np.ndarray, angles: np.ndarray, offsets: np.ndarray, k: int, *,
               smooth: int = 3, neighbourhood: int = 9) -> SinogramPeaks:
    """The ``k`` strongest local maxima of ``|ĝ|``, ĝ a filtered sinogram (appendix §A.2).

    For a ReLU network ĝ = ``c_2 ∂_t² Λ R f`` is a sum of point masses at the neurons.
    ``|ĝ|`` is averaged over ``smooth × smooth`` cells, a peak is a cell that is the
    largest in its ``neighbourhood × neighbourhood`` cells (periodic in the angle, as the
    sinogram wraps round with ``(φ + π, -t)``), and the sign of a peak is that of ĝ
    summed over its neighbourhood.

    Parameters
    ----------
    sinogram : (n_offsets, n_angles) filtered sinogram ĝ.
    angles : (n_angles,) angles; offsets : (n_offsets,) offsets.
    k : number of peaks, at most the number of local maxima.
    smooth, neighbourhood : odd window sizes in cells.

    Returns
    -------
    SinogramPeaks
    """
    from scipy import ndimage

    ang = _as_angles(angles)
    off = validate.array(offsets, "offsets", ndim=1)
    g = _as_sinogram(sinogram, ang.size)
    if g.shape[0] != off.size:
        raise ValueError(f"offsets must have {g.shape[0]} entries (sinogram rows), "
                         f"got {off.size}")
    k = validate.count(k, "k", minimum=1)
    # a window wider than twice the sinogram only wraps round again (and is slow)
    widest = max(2 * max(g.shape) + 1, 9)
    smooth = validate.count(smooth, "smooth", minimum=1, maximum=widest)
    neighbourhood = validate.count(neighbourhood, "neighbourhood", minimum=1, maximum=widest)
    mag = ndimage.uniform_filter(np.abs(g), size=smooth, mode="wrap")
    rows, cols = np.nonzero(mag == ndimage.maximum_filter(mag, size=neighbourhood,
                                                           mode="wrap"))
    if rows.size < k:
        raise ValueError(f"k must be at most the number of peaks ({rows.size}), got {k}")
    top = np.argsort(mag[rows, cols])[::-1][:k]
    mass = ndimage.uniform_filter(g, size=neighbourhood, mode="wrap")
    return SinogramPeaks(ang[cols[top]], off[rows[top]], np.sign(mass[rows[top], cols[top]]))


@dataclass(frozen=True)
class PeakMatch:
    """Each true neuron matched to its nearest peak.

    Attributes
    ----------
    index : (k,) the peak nearest to each neuron.
    d_phi : (k,) angle errors (radians, angles modulo π).
    d_t : (k,) offset errors.
    """

    index: np.ndarray
    d_phi: np.ndarray
    d_t: np.ndarray


def match_peaks(peaks: SinogramPeaks, phi: np.ndarray, t: np.ndarray) -> PeakMatch:
    """Match neurons ``(φ_i, t_i)`` (folded into ``[0, π)``) to their nearest peaks.

    Distance ``sqrt(Δφ² + Δt²)`` with ``Δφ`` the angle difference modulo ``π``,
    ``Δφ = arg(e^{2iΔ})/2`` (appendix §A.1).
    """
    if not isinstance(peaks, SinogramPeaks):
        raise TypeError(f"peaks must be SinogramPeaks, got {type(peaks).__name__}")
    p = validate.array(phi, "phi", ndim=1, min_size=1)
    tt = validate.array(t, "t", shape=p.shape)
    dphi = np.abs(np.angle(np.exp(2j * (peaks.phi[None, :] - p[:, None]))) / 2)
    dist = np.hypot(dphi, peaks.t[None, :] - tt[:, None])
    index = np.argmin(dist, axis=1)
    rows = np.arange(p.size)
    return PeakMatch(index, dphi[rows, index], np.abs(peaks.t[index] - tt))
