"""Fourier-space view of the kernel-regime bias: transforms on grids, total magnitude, P_σ.

Implements appendix §A.1 (conventions) and §4 (Fourier form of the seminorm, spectral penalty,
total magnitude), i.e. paper §III-A (eqs. 7-9) and the total-magnitude plots of paper §V
(Fig. 8). Depends on :mod:`radonbook.activations` and, for the fits, :mod:`radonbook.kernel`.

* :func:`fourier_grid` — ``f̂(ξ) = ∫ f(x) e^{-iξ·x} dx`` sampled by an FFT of a (windowed)
  function on the book's image grid (:func:`radonbook.quadrature.image_points`), or on
  the pixel-centre grid of a cube in any dimension ``d``.
* :func:`total_magnitude` — ``M(ρ) = ∫_{|ξ|=ρ} |f̂(ξ)| dS(ξ)``; :func:`image_magnitude` — the
  same for the Hann-windowed samples of a function on the image grid.
* :func:`spectral_penalty` — ``P_σ(ξ) = |ξ|^{d-1} |σ̂(|ξ|)|^{-2}``.
* :func:`seminorm_fourier` — ``‖f‖²_{1,σ} = (1/π) ∫_{R^d} |f̂(ξ)|² P_σ(ξ) dξ`` (any ``d``).
  :func:`seminorm_grid` — the same from a transform already on a grid.
* :func:`feature_spectral_density` — the windowed spectral density of a finite network's
  kernel, which for uniform zero-planes is proportional to ``1/P_σ`` (appendix §A.4).
* :func:`experiment2_design` — the random part of one draw of Experiment 2: training
  points and zero-plane offsets, from independent streams of one ``rng``.
* :func:`experiment2_fits` — one draw of Experiment 2: every activation's minimum-norm fit
  (:func:`radonbook.kernel.min_norm`, appendix §A.3 relaxation of eq. 4) of every target, with
  train and test MSE.
* :func:`experiment2_draws` — the same over several seeds, errors stacked
  (:class:`Experiment2Draws`); :func:`fit_magnitudes` — ``M(ρ)`` of every fit of a draw;
  :func:`compare_activations` — a paired comparison over the draws that refuses rows
  which missed the training MSE.
* :func:`seminorm_steps` — the seminorm after each step from the Radon domain (eq. 6) to
  Fourier space (eq. 8); :func:`grouped_density` — the kernel density on circles with
  its Monte-Carlo error; :func:`numerical_rank` — the rank the minimum-norm solver sees.
* :func:`fit_spectrum` — the pipeline features → minimum-norm fit → FFT → total magnitude
  for one activation, one target and given data and zero-planes (a :class:`FitSpectrum`);
  :func:`kernel_fit_spectrum` — the same on one draw of Experiment 2.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.interpolate import RegularGridInterpolator

from radonbook import activations, draws, kernel, quadrature, reparam, validate
from radonbook._parallel import thread_map

__all__ = [
    "WINDOWS",
    "Experiment2Draw",
    "Experiment2Draws",
    "FitSpectrum",
    "GroupedDensity",
    "SeminormSteps",
    "compare_activations",
    "experiment2_design",
    "experiment2_draws",
    "experiment2_fits",
    "feature_spectral_density",
    "fit_magnitudes",
    "fit_spectrum",
    "fourier_grid",
    "grouped_density",
    "image_magnitude",
    "kernel_fit_spectrum",
    "numerical_rank",
    "radial_profile",
    "seminorm_fourier",
    "seminorm_grid",
    "seminorm_steps",
    "spectral_penalty",
    "total_magnitude",
]

WINDOWS = ("none", "hann", "gaussian")


def _check_extent_n(extent: Any, n: Any) -> tuple[float, int]:
    n = validate.count(n, "n", minimum=2)
    if n % 2:
        raise ValueError(f"n must be an even integer >= 2, got {n}")
    extent = validate.real(extent, "extent", positive=True)
    validate.check_memory(6.0 * n * n, "n")  # grid points (n², 2), values and their transforms
    return extent, n


def _window_values(window: str | Callable | None, x: np.ndarray,
                   window_radius: float) -> np.ndarray | None:
    if window is None or (isinstance(window, str) and window == "none"):
        return None
    xx, yy = np.meshgrid(x, x)
    if callable(window):
        pts = np.stack([xx.ravel(), yy.ravel()], axis=1)
        return np.asarray(window(pts), dtype=float).reshape(xx.shape)
    if not isinstance(window, str) or window not in WINDOWS:
        raise ValueError(f"window must be a callable or one of {WINDOWS}, got {window!r}")
    a = np.float64(window_radius)  # a numpy float: a² overflows to inf, not OverflowError
    if not np.isfinite(a) or a <= 0:
        raise ValueError(f"window_radius must be positive, got {window_radius}")
    if window == "hann":
        def hann1(t):
            return np.where(np.abs(t) <= a, np.cos(np.pi * t / (2 * a)) ** 2, 0.0)
        return hann1(xx) * hann1(yy)
    return np.exp(-(xx**2 + yy**2) / (2 * a**2))


def fourier_grid(f: Callable[[np.ndarray], Any] | np.ndarray, extent: float, n: int, *,
                 window: str | Callable | None = None, window_radius: float = 1.0,
                 pad: int = 1, d: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Sample ``f̂(ξ) = ∫_{R^d} f(x) w(x) e^{-iξ·x} dx`` (appendix §A.1) on a grid by FFT.

    The function is sampled at the pixel centres ``x_j = -extent + (j + 1/2) h``
    (``h = 2 extent/n``) of the cube ``[-extent, extent]^d`` (for ``d = 2`` the image grid
    :func:`radonbook.quadrature.image_points`), multiplied by the window ``w``,
    zero-padded to ``N = pad·n`` points per axis, and

    ``F(ξ_k) = h^d e^{i(ξ_{k,1} + ... + ξ_{k,d})(extent - h/2)} FFT_d[f w](k)``,
    ``ξ_k = 2π k/(N h)``, ``k = -N/2, ..., N/2 - 1`` on every axis,

    the midpoint rule for the Fourier integral (``Σ_j f(x_j) w(x_j) e^{-iξ·x_j} h^d``; the
    phase factor accounts for the first sample at ``-extent + h/2``), spectrally accurate
    for smooth ``f w`` that is negligible at the faces of the cube. One implementation
    for every ``d`` (appendix §A.7 uses ``d = 1, 2, 3``).

    Parameters
    ----------
    f : callable or array (n,)*d
        Callable on points (n^d, d) returning (n^d,) values, or the samples as an array
        of ``d`` axes of length ``n``. Points and arrays are row-major with the *last*
        coordinate slowest: ``values[i_d, ..., i_1] = f(x[i_1], ..., x[i_d])``; for
        ``d = 2`` these are ``radonbook.quadrature.image_points(n, extent)`` reshaped to
        (n, n) (row ``i`` = ``y = x[i]``).
    extent : float > 0
        Half-width of the sampled cube.
    n : int, even
        Samples per axis.
    window : None, "none", "hann", "gaussian" or callable (``d = 2`` only)
        ``"hann"``: ``cos²(πx₁/2a) cos²(πx₂/2a)`` on ``[-a, a]²``, 0 outside;
        ``"gaussian"``: ``e^{-|x|²/(2a²)}``; ``a = window_radius``. A callable gets points
        (M, 2).
    window_radius : float > 0
    pad : int >= 1
        Zero-padding factor (finer frequency spacing ``2π/(pad · 2 extent)``).
    d : int >= 1
        Dimension of the cube (default 2, the image grid).

    Returns
    -------
    xi : array (N,)
        Angular frequencies per axis, ascending.
    F : complex array (N,)*d
        ``F[i_d, ..., i_1] ≈ f̂(xi[i_1], ..., xi[i_d])``; for ``d = 2``
        ``F[i, j] ≈ f̂((xi[j], xi[i]))`` (rows = ``ξ₂``).
    """
    d = validate.count(d, "d", minimum=1)
    n = validate.count(n, "n", minimum=2)
    if n % 2:
        raise ValueError(f"n must be an even integer >= 2, got {n}")
    extent = validate.real(extent, "extent", positive=True)
    if isinstance(pad, bool) or not isinstance(pad, (int, np.integer)) or pad < 1:
        raise ValueError(f"pad must be an integer >= 1, got {pad!r}")
    if d != 2 and not (window is None or (isinstance(window, str) and window == "none")):
        raise ValueError(f"window is available for d = 2 only, got d = {d}")
    validate.check_memory((d + 4.0) * float(n) ** d, "n")  # points (n^d, d), values
    validate.check_memory(float(n * pad) ** d * 2, "n * pad", itemsize=16)
    x = quadrature.pixel_centres(n, extent)
    shape = (n,) * d
    if callable(f):
        axes = np.meshgrid(*([x] * d), indexing="ij")  # axes[k] varies along axis k
        pts = np.stack([a.ravel() for a in axes[::-1]], axis=1)  # last coordinate slowest
        del axes
        vals = np.asarray(f(pts))
        if vals.size != n**d:
            raise ValueError(f"f must return one value per point: called on points of shape "
                             f"{pts.shape}, it returned shape {vals.shape}")
        vals = vals.reshape(shape)
    else:
        vals = np.asarray(f)
        if vals.shape != shape:
            raise ValueError(f"f must be a callable or an array of shape {shape}, got "
                             f"shape {vals.shape}")
    if not np.issubdtype(vals.dtype, np.number) or vals.dtype.kind == "b":
        raise TypeError(f"f must give numbers, got dtype {vals.dtype}")
    if not np.all(np.isfinite(vals)):
        raise ValueError(f"f has {int(np.sum(~np.isfinite(vals)))} NaN or infinite values on "
                         f"the {' x '.join([str(n)] * d)} grid of "
                         f"[-{extent}, {extent}]^{d}")
    w = _window_values(window, x, window_radius) if d == 2 else None
    if w is not None:
        vals = vals * w
    h = 2 * extent / n
    big = n * int(pad)
    spec = np.fft.fftshift(np.fft.fftn(vals, s=(big,) * d, axes=tuple(range(d))))
    xi = 2 * np.pi * np.fft.fftshift(np.fft.fftfreq(big, d=h))
    phase = np.exp(-1j * xi * x[0])  # x[0] = -extent + h/2, the first sample
    spec *= h**d
    for k in range(d):  # the phase of every axis
        spec *= phase.reshape((1,) * k + (big,) + (1,) * (d - 1 - k))
    return xi, spec


def total_magnitude(xi: np.ndarray, F: np.ndarray, radii: Any, *,
                    n_angles: int = 720) -> np.ndarray:
    """Total magnitude ``M(ρ) = ∫_{|ξ|=ρ} |f̂(ξ)| dS(ξ) = ρ ∫₀^{2π} |f̂(ρ cos φ, ρ sin φ)| dφ``.

    appendix §A.4, paper Fig. 8. ``|F|`` is interpolated bilinearly on the grid and the angle
    integral is the trapezoid rule on ``n_angles`` equispaced angles.

    Parameters
    ----------
    xi : array (N,)
        Ascending grid frequencies.
    F : array (N, N)
        Samples as returned by :func:`fourier_grid` (``F[i, j] = f̂(xi[j], xi[i])``).
    radii : array (R,) of non-negative radii, at most ``max(xi)``
    n_angles : int >= 8

    Returns
    -------
    array (R,)
    """
    xi = validate.array(xi, "xi", ndim=1, min_size=2)
    if np.iscomplexobj(F):
        F = np.asarray(F)
        if not np.all(np.isfinite(F)):
            raise ValueError("F contains NaN or infinite values")
    else:
        F = validate.array(F, "F")
    if F.shape != (xi.size, xi.size):
        raise ValueError(f"F must have shape (len(xi), len(xi)) = ({xi.size}, {xi.size}), got "
                         f"{F.shape}")
    radii = np.atleast_1d(validate.array(radii, "radii", ndim=(0, 1)))
    if np.any(radii < 0) or np.any(radii > xi.max()):
        raise ValueError(f"radii must lie in [0, max(xi)] = [0, {xi.max():g}]")
    n_angles = validate.count(n_angles, "n_angles", minimum=8)
    validate.check_memory(3.0 * radii.size * n_angles, "radii (times n_angles)")
    interp = RegularGridInterpolator((xi, xi), np.abs(F), bounds_error=False, fill_value=0.0)
    phi = 2 * np.pi * np.arange(n_angles) / n_angles
    r = radii[:, None]
    q = np.stack([r * np.sin(phi), r * np.cos(phi)], axis=-1)  # (row = ξ₂, col = ξ₁)
    vals = interp(q.reshape(-1, 2)).reshape(radii.size, n_angles)
    return radii * vals.mean(axis=1) * 2 * np.pi


def radial_profile(xi: np.ndarray, F: np.ndarray, radii: Any, *,
                   n_angles: int = 720) -> np.ndarray:
    """Angular mean of ``|f̂|`` on circles: ``M(ρ) / (2πρ)`` (see :func:`total_magnitude`,
    same arguments)."""
    radii = np.atleast_1d(validate.array(radii, "radii", ndim=(0, 1)))
    m = total_magnitude(xi, F, np.where(radii == 0, 1e-300, radii), n_angles=n_angles)
    return m / (2 * np.pi * np.where(radii == 0, 1e-300, radii))


def spectral_penalty(act: Any, xi: Any, d: int, *, alpha: float = 1.0) -> np.ndarray:
    """Spectral penalty ``P_σ(ξ) = |ξ|^{d-1} · |σ̂_α(|ξ|)|^{-2}`` (appendix §A.4, paper eq. 8).

    Architecture factor ``|ξ|^{d-1}`` times activation factor ``act.penalty``. For the scaled
    activation ``σ_α(z) = σ(αz)/α``, ``σ̂_α(ω) = σ̂(ω/α)/α²``, so the activation factor becomes
    ``α⁴ |σ̂(ω/α)|^{-2}``.

    Parameters
    ----------
    act : the activation σ
        A name, ``(name, params)``, an ``Activation`` or a designed activation
        (:func:`radonbook.activations.resolve`; ``act.penalty(ω) = 1/|σ̂(ω)|²``).
    xi : array
        Frequency magnitudes ``|ξ|`` (only ``|xi|`` is used; any shape).
    d : int >= 1
        Input dimension.
    alpha : float > 0

    Returns
    -------
    array, shape of ``xi``; ``inf`` where ``σ̂ = 0``. At ``ξ = 0`` a closed form that is
    indeterminate there (the Step's ``1/|1/(iω)|²`` gives 0/0) is replaced by its limit,
    the factor at ``|ξ| = 10^{-200}`` (so ``P_σ(0) = 0`` for the Step in ``d = 1``).
    """
    act = activations.resolve(act, name="act")
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
        raise ValueError(f"d must be a positive integer (input dimension), got {d!r}")
    alpha = validate.real(alpha, "alpha", positive=True)
    r = np.abs(validate.array(xi, "xi", finite=False))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        fac = np.asarray(act.penalty(r / alpha), dtype=float) * alpha**4
        arch = r ** (d - 1)
        if np.any((r == 0) & np.isnan(fac)):  # 0/0 at ω = 0: the limit ω → 0+
            lim = np.asarray(act.penalty(np.array([1e-200 / alpha])), dtype=float)
            fac = np.where((r == 0) & np.isnan(fac), lim[0] * alpha**4, fac)
        out = arch * fac
        # 0 · inf at ξ = 0 (architecture factor vanishes): the penalty is 0 there for d > 1
        out = np.where((arch == 0) & ~np.isfinite(fac), 0.0, out)
    return out


def seminorm_fourier(f: Callable[[np.ndarray], Any] | np.ndarray, act: Any, extent: float,
                     n: int, *, alpha: float = 1.0, floor: float = 1e-12,
                     d: int = 2) -> float:
    """Kernel-regime seminorm by its Fourier formula (appendix §A.4, paper eq. 8) in ``R^d``:

    ``‖f‖²_{1,σ} = (1/π) ∫_{R^d} |f̂(ξ)|² P_σ(ξ) dξ ≈ (1/π) Σ_k |F_k|² P_σ(ξ_k) (Δξ)^d``,

    ``P_σ(ξ) = |ξ|^{d-1} |σ̂(|ξ|)|^{-2}`` (:func:`spectral_penalty`), with ``F`` from
    :func:`fourier_grid` on the cube ``[-extent, extent)^d`` (no window: ``f`` must be
    negligible outside it, and ``f̂`` beyond the grid's largest frequency
    ``π n/(2 extent)``). It equals the Radon-domain eq. 6 with ``ρ ≡ 1``,
    ``∫ |C_σ^{-1} Λ R f|² dθ dt``.

    Parameters
    ----------
    f : callable on points (M, d), or samples (n,)*d on the grid of :func:`fourier_grid`
        (for ``d = 2``: ``radonbook.quadrature.image_points(n, extent)``)
    act : the activation σ (:func:`radonbook.activations.resolve`)
    extent : float > 0
    n : int, even
    alpha : float > 0
        Activation scale, ``σ_α(z) = σ(αz)/α``.
    floor : float >= 0
        Grid values with ``|F| ≤ floor · max|F|`` are FFT round-off and count as zero (so an
        exponentially growing penalty does not amplify round-off).
    d : int >= 1
        Input dimension (default 2).

    Returns
    -------
    float; ``inf`` if ``f̂`` is non-negligible where ``σ̂ = 0`` (e.g. outside a Sinc band).
    """
    floor = validate.real(floor, "floor", nonnegative=True)
    act = activations.resolve(act, name="act")
    xi, F = fourier_grid(f, extent, n, d=d)
    return seminorm_grid(xi, F, act, alpha=alpha, floor=floor)


def seminorm_grid(xi: np.ndarray, F: np.ndarray, act: Any, *, alpha: float = 1.0,
                  floor: float = 1e-12) -> float:
    """The Fourier seminorm of samples ``F`` of ``f̂`` on a grid (appendix §A.4, eq. 8):

    ``‖f‖²_{1,σ} ≈ (1/π) Σ_k |F_k|² P_σ(ξ_k) (Δξ)^d``, ``d = F.ndim``,

    the grid sum (trapezoid rule) of :func:`seminorm_fourier`, for a transform already
    computed by :func:`fourier_grid` (one transform, several activations).

    Parameters
    ----------
    xi : array (N,)
        Equispaced ascending grid frequencies (the same on every axis).
    F : array (N,)*d
        ``f̂`` on the grid, as returned by :func:`fourier_grid` (any ``d``).
    act : the activation σ (:func:`radonbook.activations.resolve`)
    alpha : float > 0
        Activation scale, ``σ_α(z) = σ(αz)/α``.
    floor : float >= 0
        Values with ``|F| ≤ floor · max|F|`` count as zero (FFT round-off).

    Returns
    -------
    float; ``inf`` if ``F`` is non-negligible where ``σ̂ = 0``.
    """
    floor = validate.real(floor, "floor", nonnegative=True)
    act = activations.resolve(act, name="act")
    xi = validate.array(xi, "xi", ndim=1, min_size=2)
    F = np.asarray(F)
    d = F.ndim
    if d < 1 or F.shape != (xi.size,) * d:
        raise ValueError(f"F must have shape (len(xi),)*d = ({xi.size}, ...), got "
                         f"{F.shape}")
    if not np.issubdtype(F.dtype, np.number) or not np.all(np.isfinite(F)):
        raise ValueError("F must hold finite numbers")
    dxi = np.diff(xi)
    if np.any(dxi <= 0) or np.ptp(dxi) > 1e-9 * dxi[0]:
        raise ValueError("xi must be equispaced and ascending")
    r2 = np.zeros((1,) * d)
    for k in range(d):  # |ξ|² on the grid, by broadcasting one axis at a time
        r2 = r2 + xi.reshape((1,) * k + (xi.size,) + (1,) * (d - 1 - k)) ** 2
    P = spectral_penalty(act, np.sqrt(r2), d, alpha=alpha)
    mag = np.abs(F)
    keep = mag > floor * mag.max()
    if np.any(keep & ~np.isfinite(P)):
        return float("inf")
    with np.errstate(over="ignore", invalid="ignore"):
        total = np.sum(np.where(keep, mag**2 * P, 0.0)) * dxi[0] ** d / np.pi
    return float(total)


def feature_spectral_density(act: Any, theta: Any, r: Any, extent: float, n: int, *,
                             window_radius: float = 2.0, alpha: float = 1.0,
                             chunk: int = 128) -> tuple[np.ndarray, np.ndarray]:
    """Windowed spectral density of the kernel of a finite network with frozen zero-planes.

    With features ``φ_i(x) = σ_α(θ_i·x - r_i)`` (:func:`radonbook.reparam.features`) and the
    empirical kernel ``k_n(x, x') = (1/n) Σ_i φ_i(x) φ_i(x')``, returns

    ``S(ξ) = ∫∫ w(x) k_n(x, x') w(x') e^{-iξ·(x - x')} dx dx' = (1/n) Σ_i |(w φ_i)^(ξ)|²``,

    ``w(x) = e^{-|x|²/(2s²)}``, each transform by :func:`fourier_grid`. For ``θ_i`` uniform on
    the circle, ``r_i`` uniform on ``[-R, R]`` (``R`` well beyond the window) and ``|ξ| ≫ 1/s``
    (where ``k̂`` varies little over the window's frequency width ``1/s``), appendix §A.4 gives

    ``S(ξ) ≈ ‖w‖² k̂(ξ)/(4πR) = (π s²/R) / P_σ(ξ)``  (``d = 2``).

    Parameters
    ----------
    act : the activation σ (:func:`radonbook.activations.resolve`)
    theta : (n_neurons, 2) unit orientations; r : (n_neurons,) offsets
    extent, n : the image grid of ``[-extent, extent]²`` with ``n`` pixels per side (even)
    window_radius : float > 0, the window width ``s``
    alpha : float > 0, activation scale
    chunk : neurons per FFT batch (memory ``chunk · n²`` floats)

    Returns
    -------
    xi : (n,) frequencies; S : (n, n) real, ``S[i, j] = S((xi[j], xi[i]))``.
    """
    act = activations.resolve(act, name="act")
    theta = validate.array(theta, "theta")
    r = validate.array(r, "r")
    if theta.ndim != 2 or theta.shape[1] != 2 or theta.shape[0] == 0:
        raise ValueError(f"theta must have shape (n_neurons, 2), got {theta.shape}")
    if r.shape != (theta.shape[0],):
        raise ValueError(f"r must have shape ({theta.shape[0]},), got {r.shape}")
    alpha = validate.real(alpha, "alpha", positive=True)
    chunk = validate.count(chunk, "chunk", minimum=1)
    extent, n = _check_extent_n(extent, n)
    validate.check_memory(3.0 * min(chunk, r.size) * n * n, "chunk (times n²)", itemsize=16)
    x = quadrature.pixel_centres(n, extent)
    pts = quadrature.image_points(n, extent)
    w = _window_values("gaussian", x, window_radius).ravel()
    acc = np.zeros((n, n))
    for i0 in range(0, r.size, chunk):
        vals = reparam.features(pts, theta[i0:i0 + chunk], r[i0:i0 + chunk], act,
                                alpha) * w[:, None]
        acc += np.sum(np.abs(np.fft.fft2(vals.T.reshape(-1, n, n))) ** 2, axis=0)
    h = 2 * extent / n
    xi = 2 * np.pi * np.fft.fftshift(np.fft.fftfreq(n, d=h))
    return xi, np.fft.fftshift(acc) * h**4 / r.size


def _check_sizes(**sizes: Any) -> None:
    for name, value in sizes.items():
        validate.count(value, name, minimum=2)


def _check_grid(grid: Any) -> int:
    grid = validate.count(grid, "grid", minimum=2)
    if grid % 2:
        raise ValueError(f"grid must be even, got {grid}")
    return grid


def _check_target(target: Any, name: str = "target") -> None:
    if not callable(target) or isinstance(target, type):
        raise TypeError(f"{name} must be a callable on points (M, 2), e.g. "
                        "radonbook.targets.get(name)")


def experiment2_design(n_train: int, n_neurons: int, *, rng: validate.RNGLike = 0,
                       radius: float = float(np.sqrt(2.0)),
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The random part of one draw of the paper's Experiment 2: data and zero-planes.

    ``x_train``: ``n_train`` points uniform in ``[-1, 1]²``; ``(theta, r)``: ``n_neurons``
    zero-planes from :func:`radonbook.kernel.uniform_zero_planes` (orientations evenly
    spread, offsets uniform on ``[-radius, radius]``). The points and the offsets come from
    two **independent** streams spawned from ``rng``
    (``validate.rng(rng).spawn(2)``), so they are uncorrelated and each stays the same when
    the other's size changes.

    Parameters
    ----------
    n_train, n_neurons : int >= 2
    rng : ``numpy.random.Generator``, int seed or None (SPEC 7; default 0)
    radius : float > 0

    Returns
    -------
    x_train : (n_train, 2); theta : (n_neurons, 2); r : (n_neurons,)
    """
    _check_sizes(n_train=n_train, n_neurons=n_neurons)
    points_rng, planes_rng = validate.rng(rng).spawn(2)
    x_train = points_rng.uniform(-1.0, 1.0, (int(n_train), 2))
    theta, r = kernel.uniform_zero_planes(int(n_neurons), 2, radius, rng=planes_rng)
    return x_train, theta, r


@dataclass(frozen=True)
class Experiment2Draw:
    """One draw of Experiment 2: ``m`` activations (rows) fitted to ``p`` targets (columns).

    Attributes
    ----------
    x_train : (N, 2) training points; theta : (n, 2), r : (n,) the zero-planes.
    x_test : (G², 2) the test grid (:func:`radonbook.quadrature.image_points` of
        ``[-1, 1]²``, row-major images).
    train, test : (m, p) training and test mean squared errors.
    reached : (m, p) bool, whether the fit reached the training MSE (else: the fit at the
        numerical floor, see :func:`radonbook.kernel.min_norm`).
    fits : (m, G², p) the fits on the test grid.
    """

    x_train: np.ndarray
    theta: np.ndarray
    r: np.ndarray
    x_test: np.ndarray
    train: np.ndarray
    test: np.ndarray
    reached: np.ndarray
    fits: np.ndarray


def experiment2_fits(acts: Sequence[Any], targets: Sequence[Callable], *, n_train: int = 256,
                     n_neurons: int = 1000, grid: int = 64, mse: float = 5e-8,
                     alpha: float = 1.0, rng: validate.RNGLike = 0) -> Experiment2Draw:
    """One draw of the paper's Experiment 2 (Table III): minimum-norm fits, test MSE.

    Draws ``(x_train, theta, r)`` with :func:`experiment2_design` (the same for every
    activation, so draws with one ``rng`` are paired across activations), and for each
    activation solves ``min ‖c‖² s.t. ‖Φc - y‖²/N ≤ mse`` for all targets at once
    (:func:`radonbook.kernel.min_norm` with ``unreachable="floor"``, one SVD of
    ``Φ_ik = σ_α(θ_k·x_i - r_k)``, ``σ_α(z) = σ(αz)/α``, appendix §A.2). The test MSE is
    ``mean_g (Φ_test c - y)²`` over the ``grid × grid`` pixel centres of ``[-1, 1]²``
    (:func:`radonbook.quadrature.image_points`).

    Parameters
    ----------
    acts : activations σ (each resolved by :func:`radonbook.activations.resolve`, e.g.
        ``radonbook.activations.paper_activations()``)
    targets : callables on points (M, 2), e.g. ``radonbook.targets.get(name)``
    n_train, n_neurons : int >= 2; grid : even int >= 2; mse : float > 0
    alpha : float > 0
        Activation scale of every neuron (default 1). For the homogeneous power family
        (Step, ReLU, ReLU^k) it only rescales the features and leaves every fit unchanged.
    rng : ``numpy.random.Generator``, int seed or None (SPEC 7; default 0)

    Returns
    -------
    Experiment2Draw
    """
    grid = _check_grid(grid)
    mse = validate.real(mse, "mse", positive=True)
    alpha = validate.real(alpha, "alpha", positive=True)
    acts, targets = list(acts), list(targets)
    if not acts or not targets:
        raise ValueError("acts and targets must each hold at least one entry")
    acts = [activations.resolve(a, name="acts") for a in acts]
    for t in targets:
        _check_target(t, "targets")
    x_train, theta, r = experiment2_design(n_train, n_neurons, rng=rng)
    x_test = quadrature.image_points(grid, 1.0)
    Y = np.stack([validate.array(t(x_train), "targets(x)", shape=(len(x_train),))
                  for t in targets], axis=1)
    Y_test = np.stack([validate.array(t(x_test), "targets(x)", shape=(len(x_test),))
                       for t in targets], axis=1)

    def fit(act: Any) -> tuple[np.ndarray, ...]:
        sol = kernel.min_norm(reparam.features(x_train, theta, r, act, alpha), Y,
                              mse, unreachable="floor")
        f = reparam.network_rs(x_test, theta, r, sol.c, alpha, act)
        return sol.train_mse, sol.reached, f, np.mean((f - Y_test) ** 2, axis=0)

    # the activations side by side, one per core (each SVD on one BLAS thread)
    train, reached, fits, test = (np.array(v) for v in
                                  zip(*thread_map(fit, acts), strict=True))
    return Experiment2Draw(x_train, theta, r, x_test, train, test, reached, fits)


def image_magnitude(values: Any, radii: Any, *, extent: float = 1.0, pad: int = 4,
                    n_angles: int = 720) -> np.ndarray:
    """Total magnitude of a function sampled on the image grid, Hann-windowed to its square.

    ``M(ρ) = ∫_{|ξ|=ρ} |(f w)^(ξ)| dS(ξ)`` (:func:`total_magnitude`) with ``(f w)^`` from
    :func:`fourier_grid` of the samples ``values[i, j] = f(x_j, x_i)`` on
    ``radonbook.quadrature.image_points(n, extent)``, the Hann window
    ``w = cos²(πx₁/2a) cos²(πx₂/2a)`` of radius ``a = extent`` and zero-padding ``pad``
    (paper Fig. 8: the spectrum of a fit on the data square).

    Parameters
    ----------
    values : (n, n) samples, n even (rows = y).
    radii : (R,) radii in ``[0, max ξ]``.
    extent : float > 0, half-width of the square. pad : int >= 1. n_angles : int >= 8.

    Returns
    -------
    M : (R,)
    """
    vals = validate.array(values, "values", ndim=2)
    if vals.shape[0] != vals.shape[1]:
        raise ValueError(f"values must be a square (n, n) image, got shape {vals.shape}")
    extent = validate.real(extent, "extent", positive=True)
    xi, F = fourier_grid(vals, extent, vals.shape[0], window="hann", window_radius=extent,
                         pad=pad)
    return total_magnitude(xi, F, radii, n_angles=n_angles)


@dataclass(frozen=True)
class FitSpectrum:
    """A kernel-regime fit on the image grid with its total magnitude (:func:`fit_spectrum`).

    Attributes
    ----------
    x_train : (N, 2) training points.
    fit, truth : (grid, grid) images of the fit and the target (rows = y).
    train_mse, test_mse : float, on the training points and on the grid.
    reached : bool, whether the fit reached the training MSE (else the fit at the floor).
    radii : (R,) radii; M_fit, M_truth : (R,) total magnitudes (:func:`image_magnitude`).
    """

    x_train: np.ndarray
    fit: np.ndarray
    truth: np.ndarray
    train_mse: float
    test_mse: float
    reached: bool
    radii: np.ndarray
    M_fit: np.ndarray
    M_truth: np.ndarray


def fit_spectrum(act: Any, target: Any, x_train: Any, theta: Any, r: Any, *,
                 grid: int = 64, mse: float = 5e-8, extent: float = 1.0, radii: Any = None,
                 pad: int = 4, alpha: float = 1.0) -> FitSpectrum:
    """Features → minimum-norm fit → FFT → total magnitude, for given data and zero-planes.

    With ``Φ_ji = σ(θ_i·x_j - r_i)`` (:func:`radonbook.reparam.features`) and
    ``y_j = target(x_j)``, the fit is ``f = Σ_i c_i σ(θ_i·x - r_i)`` with
    ``c = argmin ‖c‖² s.t. ‖Φc - y‖²/N ≤ mse`` (:func:`radonbook.kernel.min_norm`,
    ``unreachable="floor"``: when ``mse`` is below the numerical floor the fit at the floor
    is returned and ``reached`` is False; appendix §A.3). The fit and the target are sampled
    on the ``grid × grid`` pixel centres of ``[-extent, extent]²``
    (:func:`radonbook.quadrature.image_points`), the test MSE is their mean squared
    difference there, and ``M(ρ)`` of both is :func:`image_magnitude` (Hann window on the
    square, zero-padding ``pad``; appendix §A.4).

    Parameters
    ----------
    act : the activation σ (:func:`radonbook.activations.resolve`)
    target : a ``radonbook.targets.Target`` or a callable on points (M, 2)
    x_train : (N, 2) training points; theta : (n, 2) orientations; r : (n,) offsets
    grid : even int >= 2; mse : float > 0; extent : float > 0
    radii : (R,) radii; default ``linspace(0.5, min(40, 0.95 max ξ), 120)``
    pad : int >= 1
    alpha : float > 0
        Activation scale: the features are ``σ_α(θ_i·x - r_i)``, ``σ_α(z) = σ(αz)/α``.

    Returns
    -------
    FitSpectrum
    """
    act = activations.resolve(act, name="act")
    alpha = validate.real(alpha, "alpha", positive=True)
    _check_target(target)
    grid = _check_grid(grid)
    mse = validate.real(mse, "mse", positive=True)
    extent = validate.real(extent, "extent", positive=True)
    pad = validate.count(pad, "pad", minimum=1)
    x_train = validate.array(x_train, "x_train", shape=(None, 2), min_size=2)
    x_grid = quadrature.image_points(grid, extent)
    sol = kernel.min_norm(reparam.features(x_train, theta, r, act, alpha),
                          np.asarray(target(x_train), float), mse, unreachable="floor")
    fit = reparam.network_rs(x_grid, theta, r, sol.c, alpha, act).reshape(grid, grid)
    truth = np.asarray(target(x_grid), float).reshape(grid, grid)
    if radii is None:  # up to 0.95 of the largest frequency of fourier_grid
        big, h = grid * pad, 2 * extent / grid
        radii = np.linspace(0.5, min(40.0, 0.95 * np.pi * (big - 2) / (big * h)), 120)
    radii = validate.array(radii, "radii", ndim=1, min_size=1)
    return FitSpectrum(
        x_train=x_train, fit=fit, truth=truth, train_mse=float(sol.train_mse),
        test_mse=float(np.mean((fit - truth) ** 2)), reached=bool(sol.reached),
        radii=radii, M_fit=image_magnitude(fit, radii, extent=extent, pad=pad),
        M_truth=image_magnitude(truth, radii, extent=extent, pad=pad))


def kernel_fit_spectrum(act: Any, target: Any, *, n_train: int = 256, n_neurons: int = 800,
                        grid: int = 64, mse: float = 5e-8, rng: validate.RNGLike = 0,
                        radii: Any = None) -> FitSpectrum:
    """A kernel-regime fit of a 2-D target and the total magnitude of its spectrum.

    The paper's Experiment 2 for one activation and one target (appendix §A.3–A.4):
    ``n_train`` points uniform in ``[-1, 1]²`` and ``n_neurons`` zero-planes with evenly
    spread orientations and offsets uniform on ``[-√2, √2]`` (:func:`experiment2_design`:
    points and offsets from independent streams of ``rng``), then :func:`fit_spectrum` on
    ``[-1, 1]²``: the minimum-norm fit at training MSE ``mse`` on the ``grid × grid`` image
    grid and ``M(ρ)`` of the Hann-windowed fit and target (zero-padding 4).

    Parameters
    ----------
    act, target, grid, mse, radii : as in :func:`fit_spectrum`
    n_train, n_neurons : int >= 2
    rng : ``numpy.random.Generator``, int seed or None (SPEC 7; default 0)

    Returns
    -------
    FitSpectrum
    """
    x_train, theta, r = experiment2_design(n_train, n_neurons, rng=rng)
    return fit_spectrum(act, target, x_train, theta, r, grid=grid, mse=mse, radii=radii)


# --- the chapter's experiments, as functions with typed results ---


@dataclass(frozen=True)
class SeminormSteps:
    """The seminorm of one function and activation after each step from eq. 6 to eq. 8.

    Attributes
    ----------
    radon : ``∫∫ |C_σ^{-1} Λ R f(θ, t)|² dt dθ`` (the paper's eq. 6 with ``ρ ≡ 1``,
        divided by ``c₂²``), on the sinogram grid.
    plancherel : ``(1/2π) ∫∫ |ω|² |F_t R f(θ, ω)|² / |σ̂(ω)|² dω dθ`` (step 1).
    central_slice : the same with ``f̂(ωθ)`` in place of ``F_t R f(θ, ω)`` (step 2).
    fourier : ``(1/π) ∫ |f̂(ξ)|² P_σ(ξ) dξ`` by :func:`seminorm_fourier` (step 3, eq. 8).
    slice_error : ``max |F_t R f(θ, ω) - f̂(ωθ)| / max |f̂(ωθ)|`` on the grid.
    """

    radon: float
    plancherel: float
    central_slice: float
    fourier: float
    slice_error: float

    def values(self) -> dict[str, float]:
        """The four seminorms, in the order of the derivation, by the name of the step."""
        return {"eq. 6 / c₂² (Radon domain)": self.radon,
                "1. Plancherel in t": self.plancherel,
                "2. central slice": self.central_slice,
                "3. Euclidean ξ (eq. 8)": self.fourier}


def seminorm_steps(f: Any, act: Any, *, n_theta: int = 256, t_max: float = 20.0,
                   n_t: int = 1024, extent: float = 16.0, n: int = 128,
                   floor: float = 1e-13) -> SeminormSteps:
    """The seminorm ``‖f‖²_{1,σ}`` computed after each step from eq. 6 to eq. 8 (appendix §A.4).

    On ``n_theta`` angles ``φ_p = 2πp/n_theta`` and ``n_t`` offsets ``t_k`` on
    ``[-t_max, t_max)`` (steps ``Δφ``, ``Δt``), with ``ĝ(θ, ω) = F_t R f(θ, ω)`` by FFT
    in ``t`` (frequencies ``ω``, step ``Δω``) and the multiplier ``m(ω) = |ω|/σ̂(ω)``
    (``C_σ^{-1} Λ``; zero at ``ω = 0`` and where ``|ĝ| ≤ floor · max |ĝ|``, FFT round-off):

    * eq. 6: ``Σ |F_t^{-1}(m ĝ)|² Δt Δφ``;
    * Plancherel in ``t``: ``(1/2π) Σ |m ĝ|² Δω Δφ``;
    * central slice, ``ĝ(θ, ω) = f̂(ωθ)``: ``(1/2π) Σ |m f̂(ωθ)|² Δω Δφ``;
    * Euclidean ``ξ = ωθ`` (``dξ = |ω| dω dθ``, each ``ξ`` counted twice):
      :func:`seminorm_fourier` of ``f`` on ``[-extent, extent)²`` with ``n`` pixels.

    Parameters
    ----------
    f : a function of 2-D points with closed-form ``f.radon(angles, offsets)`` (shape
        (n_offsets, n_angles)) and ``f.fourier(xi)``, e.g.
        :func:`radonbook.targets.smooth_bump`.
    act : the activation σ (:func:`radonbook.activations.resolve`).
    n_theta, n_t : int >= 2 (``n_t`` even); t_max : float > 0, half-width in ``t``.
    extent, n : the grid of :func:`seminorm_fourier`; floor : float >= 0.

    Returns
    -------
    SeminormSteps
    """
    if not (callable(f) and callable(getattr(f, "radon", None))
            and callable(getattr(f, "fourier", None))):
        raise TypeError("f must be a callable with closed-form methods f.radon(angles, "
                        "offsets) and f.fourier(xi), e.g. radonbook.targets.smooth_bump()")
    act = activations.resolve(act, name="act")
    n_theta = validate.count(n_theta, "n_theta", minimum=2)
    n_t = validate.count(n_t, "n_t", minimum=2)
    if n_t % 2:
        raise ValueError(f"n_t must be an even integer >= 2, got {n_t}")
    t_max = validate.real(t_max, "t_max", positive=True)
    validate.check_memory(8.0 * n_theta * n_t, "n_theta (times n_t)", itemsize=16)
    floor = validate.real(floor, "floor", nonnegative=True)
    phi = 2 * np.pi * np.arange(n_theta) / n_theta
    dphi, dt = 2 * np.pi / n_theta, 2 * t_max / n_t
    t = -t_max + dt * np.arange(n_t)
    w = 2 * np.pi * np.fft.fftfreq(n_t, d=dt)
    dw = w[1] - w[0]
    sino_hat = dt * np.exp(1j * w * t_max)[:, None] * np.fft.fft(f.radon(phi, t), axis=0)
    theta = np.stack([np.cos(phi), np.sin(phi)], axis=1)
    slice_hat = f.fourier(w[:, None, None] * theta[None, :, :])
    keep = (np.abs(sino_hat) > floor * np.abs(sino_hat).max()) & (w[:, None] != 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        mult = np.where(keep, np.abs(w)[:, None] / act.fourier(w)[:, None], 0.0)
        g = np.fft.ifft(np.where(keep, sino_hat * mult, 0.0), axis=0) / dt
        measure = dw * dphi / (2 * np.pi)
        plancherel = np.sum(np.where(keep, np.abs(sino_hat * mult) ** 2, 0.0)) * measure
        central = np.sum(np.where(keep, np.abs(slice_hat * mult) ** 2, 0.0)) * measure
    return SeminormSteps(
        radon=float(np.sum(np.abs(g) ** 2) * dt * dphi), plancherel=float(plancherel),
        central_slice=float(central), fourier=seminorm_fourier(f, act, extent, n),
        slice_error=float(np.abs(sino_hat - slice_hat).max() / np.abs(slice_hat).max()))


@dataclass(frozen=True)
class GroupedDensity:
    """Radial profiles of the windowed kernel density, one per group of neurons.

    Attributes
    ----------
    radii : (R,) the radii ``|ξ|``.
    profiles : (G, R) the profile of each of the ``G`` groups.
    mean : (R,) their mean, the profile of the whole network.
    se : (R,) the standard error of the mean, ``std(profiles, ddof=1)/√G``.
    """

    radii: np.ndarray
    profiles: np.ndarray
    mean: np.ndarray
    se: np.ndarray


def grouped_density(act: Any, theta: Any, r: Any, extent: float, n: int, radii: Any, *,
                    n_groups: int = 16, window_radius: float = 2.0,
                    alpha: float = 1.0) -> GroupedDensity:
    """The network's windowed spectral density on circles, with its Monte-Carlo error.

    The neurons are split into ``n_groups`` interleaved groups (group ``k``: neurons
    ``k, k + G, k + 2G, …``; with evenly spread orientations each group is spread too).
    For each, the angular mean over ``|ξ| = ρ`` (:func:`radial_profile`) of
    :func:`feature_spectral_density` ``S_k(ξ)``; the groups are independent draws of the
    random offsets, so their mean estimates the whole network's density (``≈ π s²/(R
    P_σ)``, appendix §A.4) and ``std/√G`` its error.

    Parameters
    ----------
    act, theta, r, extent, n, window_radius, alpha : as in
        :func:`feature_spectral_density`.
    radii : (R,) radii ``ρ >= 0``.
    n_groups : int, ``2 <= n_groups <= number of neurons``.

    Returns
    -------
    GroupedDensity
    """
    theta = validate.array(theta, "theta", shape=(None, 2))
    n_groups = validate.count(n_groups, "n_groups", minimum=2, maximum=theta.shape[0])
    window_radius = validate.real(window_radius, "window_radius", positive=True)
    radii = np.atleast_1d(validate.array(radii, "radii", ndim=(0, 1)))
    r = validate.array(r, "r", shape=(theta.shape[0],))

    def profile(k: int) -> np.ndarray:
        return radial_profile(*feature_spectral_density(
            act, theta[k::n_groups], r[k::n_groups], extent, n,
            window_radius=window_radius, alpha=alpha), radii)

    profiles = np.array(thread_map(profile, range(n_groups)))  # groups side by side
    return GroupedDensity(radii, profiles, profiles.mean(axis=0),
                          profiles.std(axis=0, ddof=1) / np.sqrt(n_groups))


@dataclass(frozen=True)
class Experiment2Draws:
    """Several draws of Experiment 2 with one seed each, stacked.

    Attributes
    ----------
    draws : the ``D`` draws (:class:`Experiment2Draw`), in the order of the seeds.
    train, test : (D, m, p) training and test MSE per draw, activation and target.
    reached : (D, m, p) bool, the training MSE reached.
    n_failed : (m, p) in how many draws the training MSE was not reached.
    fitted : (m, p) bool, reached in every draw (``n_failed == 0``).
    """

    draws: tuple[Experiment2Draw, ...]
    train: np.ndarray
    test: np.ndarray
    reached: np.ndarray
    n_failed: np.ndarray
    fitted: np.ndarray


def experiment2_draws(acts: Sequence[Any], targets: Sequence[Callable], seeds: Sequence[Any],
                      **options: Any) -> Experiment2Draws:
    """:func:`experiment2_fits` once per seed, its errors stacked over the draws.

    Draw ``d`` uses ``rng = seeds[d]``, so a second call with the same seeds (e.g. other
    activations, or another ``alpha``) sees the same points and zero-planes: draws are
    paired across calls as well as across activations.

    Parameters
    ----------
    acts, targets : as in :func:`experiment2_fits`.
    seeds : at least one seed (int, ``numpy.random.Generator`` or None), e.g.
        ``radonbook.draw_seeds(5, stream=3)``.
    **options : ``n_train``, ``n_neurons``, ``grid``, ``mse``, ``alpha`` of
        :func:`experiment2_fits`.

    Returns
    -------
    Experiment2Draws
    """
    for name, v in (("acts", acts), ("targets", targets), ("seeds", seeds)):
        if isinstance(v, (str, bytes)) or not hasattr(v, "__iter__"):
            raise TypeError(f"{name} must be a sequence, got {type(v).__name__}")
    seeds = list(seeds)
    for s in seeds:
        if s is not None and not isinstance(s, np.random.Generator):
            validate.count(s, "seeds", minimum=0)
    if not seeds:
        raise ValueError("seeds must hold at least one seed")
    runs = tuple(experiment2_fits(acts, targets, rng=s, **options) for s in seeds)
    reached = np.array([d.reached for d in runs])
    n_failed = (~reached).sum(axis=0)
    return Experiment2Draws(runs, np.array([d.train for d in runs]),
                            np.array([d.test for d in runs]), reached, n_failed,
                            n_failed == 0)


def fit_magnitudes(draw: Experiment2Draw, radii: Any, *, pad: int = 4,
                   n_angles: int = 720) -> np.ndarray:
    """Total magnitude ``M(ρ)`` of every fit of one draw (:func:`image_magnitude`).

    ``M[i, j] = image_magnitude(fit of activation i to target j on the test grid)``: the
    Hann-windowed fit on ``[-1, 1]²`` (paper Fig. 8, appendix §A.4).

    Parameters
    ----------
    draw : an :class:`Experiment2Draw`.
    radii : (R,) radii; pad, n_angles : as in :func:`image_magnitude`.

    Returns
    -------
    M : (m, p, R)
    """
    if not isinstance(draw, Experiment2Draw):
        raise TypeError(f"draw must be an Experiment2Draw, got {type(draw).__name__}")
    m, g2, p = draw.fits.shape
    g = int(round(np.sqrt(g2)))
    return np.array([[image_magnitude(draw.fits[i, :, j].reshape(g, g), radii, pad=pad,
                                      n_angles=n_angles) for j in range(p)]
                     for i in range(m)])


def compare_activations(values: Any, fitted: Any, a: int, b: int, j: int, *,
                        labels: Sequence[str] | None = None,
                        k: float = draws.DEFAULT_K) -> draws.Comparison:
    """Paired comparison of activations ``a`` and ``b`` on target ``j`` over the draws.

    :func:`radonbook.draws.compare` of ``values[:, a, j]`` and ``values[:, b, j]`` with
    ``paired=True`` (the activations of one draw share its points and zero-planes): an
    ordering only where the mean gap exceeds ``k`` spreads of the paired differences.
    A row that missed the training MSE in some draw is never compared.

    Parameters
    ----------
    values : (D, m, p) per-draw values, e.g. ``log10`` of the test MSE.
    fitted : (m, p) bool, the training MSE reached in every draw
        (:attr:`Experiment2Draws.fitted`).
    a, b : activation rows; j : target column.
    labels : optional m names of the activations; k : spreads an ordering needs.

    Returns
    -------
    radonbook.draws.Comparison

    Raises
    ------
    ValueError : a row not fitted in every draw on target ``j``, indices out of range,
        shapes that do not match.
    """
    values = validate.array(values, "values", ndim=3)
    _, m, p = values.shape
    fitted = np.asarray(fitted)
    if fitted.shape != (m, p) or fitted.dtype != bool:
        raise ValueError(f"fitted must be a boolean array of shape {(m, p)}, got "
                         f"{fitted.dtype} {fitted.shape}")
    a = validate.count(a, "a", minimum=0, maximum=m - 1)
    b = validate.count(b, "b", minimum=0, maximum=m - 1)
    j = validate.count(j, "j", minimum=0, maximum=p - 1)
    if labels is not None and (isinstance(labels, (str, bytes))
                               or not hasattr(labels, "__iter__")):
        raise TypeError(f"labels must be a sequence of names, got {type(labels).__name__}")
    names = [f"row {i}" for i in range(m)] if labels is None else [str(v) for v in labels]
    if len(names) != m:
        raise ValueError(f"labels must have one name per activation ({m}), got {len(names)}")
    for i in (a, b):
        if not fitted[i, j]:
            raise ValueError(f"fitted: {names[i]} missed the training MSE in some draw on "
                             f"target {j}; such a row is never compared")
    return draws.compare(values[:, a, j], values[:, b, j], paired=True, k=k,
                         labels=(names[a], names[b]))


def numerical_rank(Phi: Any) -> int:
    """Numerical rank of a feature matrix at the cut-off of :func:`radonbook.kernel.min_norm`.

    The number of singular values ``s_i > max(N, n) · ε_mach · s_1`` of the ``N × n``
    matrix ``Φ`` (appendix §A.3): the directions the minimum-norm solver can use.

    Parameters
    ----------
    Phi : (N, n) finite matrix.

    Returns
    -------
    int
    """
    Phi = validate.array(Phi, "Phi", ndim=2, min_size=1)
    s = np.linalg.svd(Phi, compute_uv=False)
    if s[0] == 0:
        return 0
    return int(np.sum(s > max(Phi.shape) * np.finfo(float).eps * s[0]))
