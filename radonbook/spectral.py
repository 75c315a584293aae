"""Fourier-space view of the kernel-regime bias: transforms on grids, total magnitude, P_σ.

Implements MATH.md §1 (conventions) and §4 (Fourier form of the seminorm, spectral penalty,
total magnitude), i.e. paper §III-A (eqs. 7-9) and the total-magnitude plots of paper §V
(Fig. 8). Depends on :mod:`radonbook.activations` and, for the fits, :mod:`radonbook.kernel`.

* :func:`grid_points`, :func:`fourier_grid` — ``f̂(ξ) = ∫ f(x) e^{-iξ·x} dx`` sampled by an FFT
  of a (windowed) function on a square grid.
* :func:`total_magnitude` — ``M(ρ) = ∫_{|ξ|=ρ} |f̂(ξ)| dS(ξ)``.
* :func:`spectral_penalty` — ``P_σ(ξ) = |ξ|^{d-1} |σ̂(|ξ|)|^{-2}``.
* :func:`seminorm_fourier` — ``‖f‖²_{1,σ} = (1/π) ∫_{R²} |f̂(ξ)|² P_σ(ξ) dξ``.
* :func:`feature_spectral_density` — the windowed spectral density of a finite network's
  kernel, which for uniform zero-planes is proportional to ``1/P_σ`` (MATH.md §4).
* :func:`min_norm_fits` — the paper's Experiment 2 fits (MATH.md §3 relaxation of eq. 4) for
  several targets at once from one SVD of the feature matrix.
* :func:`experiment2_design` — the random part of one draw of Experiment 2: training
  points and zero-plane offsets, from independent streams of one seed.
* :func:`experiment2_fits` — one draw of Experiment 2: every activation's minimum-norm fit
  of every target, with train and test MSE.
* :func:`kernel_fit_spectrum` — one such fit on a grid with its total magnitude
  (uses :mod:`radonbook.kernel` for the features).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.interpolate import RegularGridInterpolator

from radonbook import validate

__all__ = [
    "WINDOWS",
    "Experiment2Draw",
    "experiment2_design",
    "experiment2_fits",
    "feature_spectral_density",
    "fourier_grid",
    "grid_points",
    "kernel_fit_spectrum",
    "min_norm_fits",
    "radial_profile",
    "seminorm_fourier",
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


def grid_points(extent: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The square sampling grid used by :func:`fourier_grid`.

    ``x_j = -extent + j h``, ``h = 2 extent / n``, ``j = 0..n-1`` on each axis.

    Parameters
    ----------
    extent : float > 0
        Half-width of the square ``[-extent, extent)²``.
    n : int, even
        Points per axis.

    Returns
    -------
    x : array (n,)
        1-D coordinates.
    points : array (n*n, 2)
        ``points[i*n + j] = (x[j], x[i])``: reshaped to (n, n), row ``i`` is ``y = x[i]``
        (the image convention of :func:`radonbook.plotting.image_axes`).
    """
    extent, n = _check_extent_n(extent, n)
    x = -extent + (2 * extent / n) * np.arange(n)
    xx, yy = np.meshgrid(x, x)
    return x, np.stack([xx.ravel(), yy.ravel()], axis=1)


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
    a = float(window_radius)
    if not np.isfinite(a) or a <= 0:
        raise ValueError(f"window_radius must be positive, got {window_radius}")
    if window == "hann":
        def hann1(t):
            return np.where(np.abs(t) <= a, np.cos(np.pi * t / (2 * a)) ** 2, 0.0)
        return hann1(xx) * hann1(yy)
    return np.exp(-(xx**2 + yy**2) / (2 * a**2))


def fourier_grid(f: Callable[[np.ndarray], Any] | np.ndarray, extent: float, n: int, *,
                 window: str | Callable | None = None, window_radius: float = 1.0,
                 pad: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Sample ``f̂(ξ) = ∫ f(x) w(x) e^{-iξ·x} dx`` (MATH.md §1) on a grid by FFT.

    The function is sampled at ``x_j = -extent + j h`` (``h = 2 extent/n``), multiplied by the
    window ``w``, zero-padded to ``N = pad·n`` points per axis, and

    ``F(ξ_k) = h² e^{i(ξ_{k,1} + ξ_{k,2}) extent} FFT[f w](k)``,
    ``ξ_k = 2π k/(N h)``, ``k = -N/2, ..., N/2 - 1``,

    the Riemann sum of the Fourier integral (spectrally accurate for smooth, decaying ``f``).

    Parameters
    ----------
    f : callable or array (n, n)
        Callable on points (M, 2) returning (M,) values, or samples on :func:`grid_points`
        (row ``i`` = ``y = x[i]``).
    extent : float > 0
        Half-width of the sampled square.
    n : int, even
        Samples per axis.
    window : None, "none", "hann", "gaussian" or callable
        ``"hann"``: ``cos²(πx₁/2a) cos²(πx₂/2a)`` on ``[-a, a]²``, 0 outside;
        ``"gaussian"``: ``e^{-|x|²/(2a²)}``; ``a = window_radius``. A callable gets points
        (M, 2).
    window_radius : float > 0
    pad : int >= 1
        Zero-padding factor (finer frequency spacing ``2π/(pad · 2 extent)``).

    Returns
    -------
    xi : array (N,)
        Angular frequencies per axis, ascending.
    F : complex array (N, N)
        ``F[i, j] ≈ f̂((xi[j], xi[i]))`` (rows = ``ξ₂``).
    """
    extent, n = _check_extent_n(extent, n)
    if isinstance(pad, bool) or not isinstance(pad, (int, np.integer)) or pad < 1:
        raise ValueError(f"pad must be an integer >= 1, got {pad!r}")
    validate.check_memory(float(n * pad) ** 2 * 2, "n * pad", itemsize=16)
    x, pts = grid_points(extent, n)
    if callable(f):
        vals = np.asarray(f(pts))
        if vals.size != n * n:
            raise ValueError(f"f must return one value per point: called on points of shape "
                             f"{pts.shape}, it returned shape {vals.shape}")
        vals = vals.reshape(n, n)
    else:
        vals = np.asarray(f)
        if vals.shape != (n, n):
            raise ValueError(f"f must be a callable or an array of shape ({n}, {n}), got "
                             f"shape {vals.shape}")
    if not np.issubdtype(vals.dtype, np.number) or vals.dtype.kind == "b":
        raise TypeError(f"f must give numbers, got dtype {vals.dtype}")
    if not np.all(np.isfinite(vals)):
        raise ValueError(f"f has {int(np.sum(~np.isfinite(vals)))} NaN or infinite values on "
                         f"the {n} x {n} grid of [-{extent}, {extent})^2")
    w = _window_values(window, x, window_radius)
    if w is not None:
        vals = vals * w
    h = 2 * extent / n
    big = n * int(pad)
    spec = np.fft.fftshift(np.fft.fft2(vals, s=(big, big)))
    xi = 2 * np.pi * np.fft.fftshift(np.fft.fftfreq(big, d=h))
    phase = np.exp(1j * xi * extent)
    return xi, h**2 * spec * phase[:, None] * phase[None, :]


def total_magnitude(F: np.ndarray, xi: np.ndarray, radii: Any, *,
                    n_angles: int = 720) -> np.ndarray:
    """Total magnitude ``M(ρ) = ∫_{|ξ|=ρ} |f̂(ξ)| dS(ξ) = ρ ∫₀^{2π} |f̂(ρ cos φ, ρ sin φ)| dφ``.

    MATH.md §4, paper Fig. 8. ``|F|`` is interpolated bilinearly on the grid and the angle
    integral is the trapezoid rule on ``n_angles`` equispaced angles.

    Parameters
    ----------
    F : array (N, N)
        Samples as returned by :func:`fourier_grid` (``F[i, j] = f̂(xi[j], xi[i])``).
    xi : array (N,)
        Ascending grid frequencies.
    radii : array (R,) of non-negative radii, at most ``max(xi)``
    n_angles : int

    Returns
    -------
    array (R,)
    """
    F = np.asarray(F)
    xi = np.asarray(xi, dtype=float)
    if xi.ndim != 1 or F.shape != (xi.size, xi.size):
        raise ValueError(f"F must have shape (len(xi), len(xi)) = ({xi.size}, {xi.size}), got "
                         f"{F.shape}")
    radii = np.atleast_1d(np.asarray(radii, dtype=float))
    if np.any(radii < 0) or np.any(radii > xi.max()) or not np.all(np.isfinite(radii)):
        raise ValueError(f"radii must lie in [0, max(xi)] = [0, {xi.max():g}]")
    if n_angles < 8:
        raise ValueError(f"n_angles must be at least 8, got {n_angles}")
    interp = RegularGridInterpolator((xi, xi), np.abs(F), bounds_error=False, fill_value=0.0)
    phi = 2 * np.pi * np.arange(n_angles) / n_angles
    r = radii[:, None]
    q = np.stack([r * np.sin(phi), r * np.cos(phi)], axis=-1)  # (row = ξ₂, col = ξ₁)
    vals = interp(q.reshape(-1, 2)).reshape(radii.size, n_angles)
    return radii * vals.mean(axis=1) * 2 * np.pi


def radial_profile(F: np.ndarray, xi: np.ndarray, radii: Any, *,
                   n_angles: int = 720) -> np.ndarray:
    """Angular mean of ``|f̂|`` on circles: ``M(ρ) / (2πρ)`` (see :func:`total_magnitude`)."""
    radii = np.atleast_1d(np.asarray(radii, dtype=float))
    m = total_magnitude(F, xi, np.where(radii == 0, 1e-300, radii), n_angles=n_angles)
    return m / (2 * np.pi * np.where(radii == 0, 1e-300, radii))


def _activation(act: Any):
    from radonbook import activations as A

    if isinstance(act, str):
        return A.get(act)
    if not hasattr(act, "penalty"):
        raise TypeError("act must be an activation name or a radonbook.activations entry "
                        f"(with .penalty), got {type(act).__name__}")
    return act


def spectral_penalty(act: Any, xi: Any, d: int, *, alpha: float = 1.0) -> np.ndarray:
    """Spectral penalty ``P_σ(ξ) = |ξ|^{d-1} · |σ̂_α(|ξ|)|^{-2}`` (MATH.md §4, paper eq. 8).

    Architecture factor ``|ξ|^{d-1}`` times activation factor ``act.penalty``. For the scaled
    activation ``σ_α(z) = σ(αz)/α``, ``σ̂_α(ω) = σ̂(ω/α)/α²``, so the activation factor becomes
    ``α⁴ |σ̂(ω/α)|^{-2}``.

    Parameters
    ----------
    act : activation entry or name
        From :mod:`radonbook.activations` (``act.penalty(ω) = 1/|σ̂(ω)|²``).
    xi : array
        Frequency magnitudes ``|ξ|`` (only ``|xi|`` is used; any shape).
    d : int >= 1
        Input dimension.
    alpha : float > 0

    Returns
    -------
    array, shape of ``xi``; ``inf`` where ``σ̂ = 0``.
    """
    act = _activation(act)
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
        raise ValueError(f"d must be a positive integer (input dimension), got {d!r}")
    alpha = float(alpha)
    if not np.isfinite(alpha) or alpha <= 0:
        raise ValueError(f"alpha must be positive, got {alpha}")
    r = np.abs(np.asarray(xi, dtype=float))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        fac = np.asarray(act.penalty(r / alpha), dtype=float) * alpha**4
        arch = r ** (d - 1)
        out = arch * fac
        # 0 · inf at ξ = 0 (architecture factor vanishes): the penalty is 0 there for d > 1
        out = np.where((arch == 0) & ~np.isfinite(fac), 0.0, out)
    return out


def seminorm_fourier(f: Callable[[np.ndarray], Any] | np.ndarray, act: Any, extent: float,
                     n: int, *, alpha: float = 1.0, floor: float = 1e-12) -> float:
    """Kernel-regime seminorm by its Fourier formula (MATH.md §4, paper eq. 8), ``d = 2``:

    ``‖f‖²_{1,σ} = (1/π) ∫_{R²} |f̂(ξ)|² P_σ(ξ) dξ ≈ (1/π) Σ_k |F_k|² P_σ(ξ_k) (Δξ)²``,

    with ``F`` from :func:`fourier_grid` (no window: ``f`` must be negligible outside
    ``[-extent, extent)²``). It equals the Radon-domain eq. 6 with ``ρ ≡ 1``,
    ``∫ |C_σ^{-1} Λ R f|² dθ dt``.

    Parameters
    ----------
    f : callable on points (M, 2), or samples (n, n) on :func:`grid_points`
    act : activation entry or name
    extent : float > 0
    n : int, even
    alpha : float > 0
        Activation scale, ``σ_α(z) = σ(αz)/α``.
    floor : float >= 0
        Grid values with ``|F| ≤ floor · max|F|`` are FFT round-off and count as zero (so an
        exponentially growing penalty does not amplify round-off).

    Returns
    -------
    float; ``inf`` if ``f̂`` is non-negligible where ``σ̂ = 0`` (e.g. outside a Sinc band).
    """
    floor = validate.real(floor, "floor", nonnegative=True)
    act = _activation(act)
    xi, F = fourier_grid(f, extent, n)
    k1, k2 = np.meshgrid(xi, xi)
    P = spectral_penalty(act, np.hypot(k1, k2), 2, alpha=alpha)
    mag2 = np.abs(F) ** 2
    keep = np.abs(F) > floor * np.abs(F).max()
    if np.any(keep & ~np.isfinite(P)):
        return float("inf")
    dxi = xi[1] - xi[0]
    with np.errstate(over="ignore", invalid="ignore"):
        total = np.sum(np.where(keep, mag2 * P, 0.0)) * dxi**2 / np.pi
    return float(total)


def feature_spectral_density(act: Any, theta: Any, r: Any, extent: float, n: int, *,
                             window_radius: float = 2.0, alpha: float = 1.0,
                             chunk: int = 128) -> tuple[np.ndarray, np.ndarray]:
    """Windowed spectral density of the kernel of a finite network with frozen zero-planes.

    With features ``φ_i(x) = σ_α(θ_i·x - r_i)`` and the empirical kernel
    ``k_n(x, x') = (1/n) Σ_i φ_i(x) φ_i(x')``, returns

    ``S(ξ) = ∫∫ w(x) k_n(x, x') w(x') e^{-iξ·(x - x')} dx dx' = (1/n) Σ_i |(w φ_i)^(ξ)|²``,

    ``w(x) = e^{-|x|²/(2s²)}``, each transform by :func:`fourier_grid`. For ``θ_i`` uniform on
    the circle, ``r_i`` uniform on ``[-R, R]`` (``R`` well beyond the window) and ``|ξ| ≫ 1/s``
    (where ``k̂`` varies little over the window's frequency width ``1/s``), MATH.md §4 gives

    ``S(ξ) ≈ ‖w‖² k̂(ξ)/(4πR) = (π s²/R) / P_σ(ξ)``  (``d = 2``).

    Parameters
    ----------
    act : activation entry or name
    theta : (n_neurons, 2) unit orientations; r : (n_neurons,) offsets
    extent, n : sampling square ``[-extent, extent)²`` with ``n`` points per axis (even)
    window_radius : float > 0, the window width ``s``
    alpha : float > 0, activation scale
    chunk : neurons per FFT batch (memory ``chunk · n²`` floats)

    Returns
    -------
    xi : (n,) frequencies; S : (n, n) real, ``S[i, j] = S((xi[j], xi[i]))``.
    """
    act = _activation(act)
    theta = np.asarray(theta, dtype=float)
    r = np.asarray(r, dtype=float)
    if theta.ndim != 2 or theta.shape[1] != 2:
        raise ValueError(f"theta must have shape (n_neurons, 2), got {theta.shape}")
    if r.shape != (theta.shape[0],):
        raise ValueError(f"r must have shape ({theta.shape[0]},), got {r.shape}")
    alpha = float(alpha)
    if not np.isfinite(alpha) or alpha <= 0:
        raise ValueError(f"alpha must be positive, got {alpha}")
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise ValueError(f"chunk must be a positive integer, got {chunk!r}")
    extent, n = _check_extent_n(extent, n)
    x, pts = grid_points(extent, n)
    w = _window_values("gaussian", x, window_radius).ravel()
    acc = np.zeros((n, n))
    for i0 in range(0, r.size, chunk):
        z = pts @ theta[i0:i0 + chunk].T - r[i0:i0 + chunk]
        vals = np.asarray(act(alpha * z), dtype=float) / alpha * w[:, None]
        acc += np.sum(np.abs(np.fft.fft2(vals.T.reshape(-1, n, n))) ** 2, axis=0)
    h = 2 * extent / n
    xi = 2 * np.pi * np.fft.fftshift(np.fft.fftfreq(n, d=h))
    return xi, np.fft.fftshift(acc) * h**4 / r.size


def min_norm_fits(Phi: Any, Y: Any, mse: float = 5e-8, *,
                  rcond: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Minimum-norm kernel-regime fits at a fixed training MSE, for several targets at once.

    Solves, for each column ``y`` of ``Y``, the problem of :func:`radonbook.kernel.fit_min_norm`
    (MATH.md §3, the paper's CVXPY relaxation of eq. 4)

    ``min ‖c‖²  s.t.  ‖Φc - y‖²/N ≤ mse``,

    whose solution is ridge regression ``c_λ = V diag(s/(s² + λ)) Uᵀ y`` at the ``λ`` where the
    constraint is tight. Here ``Φ = U diag(s) Vᵀ`` is a thin SVD shared by all targets,
    truncated to the singular values ``s_k > rcond · s_max`` (the numerically meaningful
    ones, as in ``numpy.linalg.lstsq``), and
    ``MSE(λ) = (1/N)(Σ_k (λ z_k/(s_k² + λ))² + ‖y - U_kept U_keptᵀ y‖²)``, ``z = Uᵀy``, is solved
    for ``λ`` by Brent's method in ``log λ``. Working with singular values rather than the
    eigenvalues of ``ΦΦᵀ`` resolves directions down to ``rcond · s_max`` instead of
    ``√ε · s_max``, which matters for smooth activations whose spectra decay exponentially.

    Where ``mse`` is below the floor ``MSE(0)`` (the truncated least-squares fit) the target
    cannot be fitted to ``mse``: that least-squares fit is returned and flagged
    (``reached = False``).

    Parameters
    ----------
    Phi : (N, n) feature matrix
    Y : (N,) or (N, m) targets
    mse : float > 0
    rcond : float in (0, 1) or None
        Relative singular-value cut-off; default ``max(N, n) · ε`` (``numpy.linalg.lstsq``).

    Returns
    -------
    C : (n,) or (n, m) output weights; train_mse : float or (m,); reached : bool or (m,)
    """
    from scipy.optimize import brentq

    Phi = np.asarray(Phi, dtype=float)
    Y = np.asarray(Y, dtype=float)
    if Phi.ndim != 2:
        raise ValueError(f"Phi must be a 2-D (N, n) array, got shape {Phi.shape}")
    single = Y.ndim == 1
    Y2 = Y[:, None] if single else Y
    if Y2.ndim != 2 or Y2.shape[0] != Phi.shape[0]:
        raise ValueError(f"Y must have shape ({Phi.shape[0]},) or ({Phi.shape[0]}, m), got "
                         f"{Y.shape}")
    if not np.all(np.isfinite(Phi)) or not np.all(np.isfinite(Y2)):
        raise ValueError("Phi and Y must be finite")
    mse = float(mse)
    if not np.isfinite(mse) or mse <= 0:
        raise ValueError(f"mse must be a positive number, got {mse}")
    if rcond is None:
        rcond = max(Phi.shape) * np.finfo(float).eps
    if not 0 < rcond < 1:
        raise ValueError(f"rcond must lie in (0, 1), got {rcond}")
    N = Phi.shape[0]
    U, sv, Vt = np.linalg.svd(Phi, full_matrices=False)
    smax = float(sv[0]) if sv.size and sv[0] > 0 else 1.0
    keep = sv > rcond * smax
    U, sv, Vt = U[:, keep], sv[keep], Vt[keep]
    lam_lo = (1e-4 * rcond * smax) ** 2
    C = np.zeros((Phi.shape[1], Y2.shape[1]))
    train = np.zeros(Y2.shape[1])
    reached = np.zeros(Y2.shape[1], dtype=bool)
    for j in range(Y2.shape[1]):
        y = Y2[:, j]
        z = U.T @ y
        outside = float(np.sum((y - U @ z) ** 2))

        def mse_of(lam, z=z, outside=outside):
            return (float(np.sum((lam / (sv**2 + lam) * z) ** 2)) + outside) / N

        if mse >= float(np.sum(y**2)) / N:
            lam, reached[j] = np.inf, True
        elif outside / N > mse:
            lam = 0.0
        elif mse_of(lam_lo) >= mse:
            lam, reached[j] = lam_lo, True
        else:
            g = lambda u, mse_of=mse_of: np.log(mse_of(np.exp(u))) - np.log(mse)
            hi = np.log(smax**2)
            while g(hi) < 0:
                hi += np.log(1e3)
            lam = float(np.exp(brentq(g, np.log(lam_lo), hi, xtol=1e-12, maxiter=500)))
            reached[j] = True
        C[:, j] = 0.0 if np.isinf(lam) else Vt.T @ (sv / (sv**2 + lam) * z)
        train[j] = float(np.mean((Phi @ C[:, j] - y) ** 2))
    if single:
        return C[:, 0], train[0], bool(reached[0])
    return C, train, reached


def _check_sizes(**sizes: Any) -> None:
    for name, value in sizes.items():
        if (isinstance(value, bool) or not isinstance(value, int | np.integer)
                or value < 2):
            raise ValueError(f"{name} must be an integer >= 2, got {value!r}")


def experiment2_design(n_train: int, n_neurons: int, *, seed: Any = None,
                       radius: float = float(np.sqrt(2.0)),
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The random part of one draw of the paper's Experiment 2: data and zero-planes.

    ``x_train``: ``n_train`` points uniform in ``[-1, 1]²``; ``(theta, r)``: ``n_neurons``
    zero-planes from :func:`radonbook.kernel.uniform_zero_planes` (orientations evenly
    spread, offsets uniform on ``[-radius, radius]``). The points and the offsets come from
    two **independent** streams spawned from ``seed``
    (``numpy.random.default_rng(seed).spawn(2)``), so they are uncorrelated and each
    stays the same when the other's size changes.

    Parameters
    ----------
    n_train, n_neurons : int >= 2
    seed : int, None or ``numpy.random.Generator``
    radius : float > 0

    Returns
    -------
    x_train : (n_train, 2); theta : (n_neurons, 2); r : (n_neurons,)
    """
    from radonbook import kernel

    _check_sizes(n_train=n_train, n_neurons=n_neurons)
    if isinstance(seed, bool) or not (seed is None or isinstance(
            seed, int | np.integer | np.random.Generator)):
        raise TypeError(f"seed must be an int, None or numpy.random.Generator, got {seed!r}")
    points_rng, planes_rng = np.random.default_rng(seed).spawn(2)
    x_train = points_rng.uniform(-1.0, 1.0, (int(n_train), 2))
    theta, r = kernel.uniform_zero_planes(int(n_neurons), 2, radius, seed=planes_rng)
    return x_train, theta, r


@dataclass(frozen=True)
class Experiment2Draw:
    """One draw of Experiment 2: ``m`` activations (rows) fitted to ``p`` targets (columns).

    Attributes
    ----------
    x_train : (N, 2) training points; theta : (n, 2), r : (n,) the zero-planes.
    x_test : (G², 2) the test grid (:func:`grid_points`, row-major images).
    train, test : (m, p) training and test mean squared errors.
    reached : (m, p) bool, whether the fit reached the training MSE (else: the fit at the
        numerical floor, see :func:`min_norm_fits`).
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
                     seed: Any = None) -> Experiment2Draw:
    """One draw of the paper's Experiment 2 (Table III): minimum-norm fits, test MSE.

    Draws ``(x_train, theta, r)`` with :func:`experiment2_design` (the same for every
    activation, so draws with one seed are paired across activations), and for each
    activation solves ``min ‖c‖² s.t. ‖Φc - y‖²/N ≤ mse`` for all targets at once
    (:func:`min_norm_fits`, one SVD of ``Φ``, ``Φ_ik = σ(θ_k·x_i - r_k)``). The test MSE
    is ``mean_g (Φ_test c - y)²`` over the ``grid × grid`` points of :func:`grid_points`
    on ``[-1, 1)²``.

    Parameters
    ----------
    acts : activations (callables, e.g. ``radonbook.activations.paper_activations()``)
    targets : callables on points (M, 2), e.g. ``radonbook.targets.get(name)``
    n_train, n_neurons : int >= 2; grid : even int >= 2; mse : float > 0
    seed : int, None or ``numpy.random.Generator``

    Returns
    -------
    Experiment2Draw
    """
    from radonbook import kernel

    _check_sizes(grid=grid)
    if grid % 2:
        raise ValueError(f"grid must be even, got {grid}")
    acts, targets = list(acts), list(targets)
    if not acts or not targets:
        raise ValueError("acts and targets must each hold at least one entry")
    if not all(callable(t) for t in targets):
        raise TypeError("targets must be callables on points (M, 2), e.g. targets.get(name)")
    x_train, theta, r = experiment2_design(n_train, n_neurons, seed=seed)
    _, x_test = grid_points(1.0, grid)
    Y = np.stack([np.asarray(t(x_train), float) for t in targets], axis=1)
    Y_test = np.stack([np.asarray(t(x_test), float) for t in targets], axis=1)
    m, p = len(acts), len(targets)
    train, test = np.zeros((m, p)), np.zeros((m, p))
    reached = np.zeros((m, p), dtype=bool)
    fits = np.zeros((m, x_test.shape[0], p))
    for i, act in enumerate(acts):
        C, train[i], reached[i] = min_norm_fits(kernel.features(x_train, theta, r, act), Y,
                                                mse)
        fits[i] = kernel.features(x_test, theta, r, act) @ C
        test[i] = np.mean((fits[i] - Y_test) ** 2, axis=0)
    return Experiment2Draw(x_train, theta, r, x_test, train, test, reached, fits)


def kernel_fit_spectrum(act: Any, target: Any, *, n_train: int = 256, n_neurons: int = 800,
                        grid: int = 64, mse: float = 5e-8, seed: int = 0,
                        radii: Any = None) -> dict[str, Any]:
    """A kernel-regime fit of a 2-D target and the total magnitude of its spectrum.

    The paper's Experiment 2 for one activation and one target (MATH.md §3-4):
    ``n_train`` points uniform in ``[-1, 1]²``, ``n_neurons`` zero-planes with evenly spread
    orientations and offsets uniform on ``[-√2, √2]`` (:func:`experiment2_design`: points
    and offsets from independent streams of ``seed``), the
    minimum-norm fit at training MSE ``mse`` (:func:`min_norm_fits`), evaluated on a
    ``grid × grid`` grid of ``[-1, 1]²``; then ``M(ρ)`` (:func:`total_magnitude`) of the
    Hann-windowed fit and of the target.

    Parameters
    ----------
    act : an Activation
    target : a ``radonbook.targets.Target`` or a callable on points (M, 2)
    seed : int, None or ``numpy.random.Generator``

    Returns
    -------
    dict with ``x_train`` (n_train, 2), ``fit`` and ``truth`` (grid, grid) images (rows =
    y), ``train_mse``, ``test_mse``, ``reached`` (bool), ``radii``, ``M_fit``, ``M_truth``.
    """
    from radonbook import kernel

    if not callable(target):
        raise TypeError("target must be a callable on points (M, 2), e.g. targets.get(name)")
    _check_sizes(n_train=n_train, n_neurons=n_neurons, grid=grid)
    if grid % 2:
        raise ValueError(f"grid must be even, got {grid}")
    x_train, theta, r = experiment2_design(n_train, n_neurons, seed=seed)
    _, x_grid = grid_points(1.0, grid)
    c, train_mse, reached = min_norm_fits(kernel.features(x_train, theta, r, act),
                                          np.asarray(target(x_train), float), mse)
    fit = kernel.features(x_grid, theta, r, act) @ c
    truth = np.asarray(target(x_grid), float)
    xi, F_fit = fourier_grid(fit.reshape(grid, grid), 1.0, grid, window="hann", pad=4)
    _, F_truth = fourier_grid(truth.reshape(grid, grid), 1.0, grid, window="hann", pad=4)
    radii = np.linspace(0.5, min(40.0, 0.95 * xi.max()), 120) if radii is None else radii
    return {"x_train": x_train, "fit": fit.reshape(grid, grid),
            "truth": truth.reshape(grid, grid), "train_mse": float(train_mse),
            "test_mse": float(np.mean((fit - truth) ** 2)), "reached": bool(reached),
            "radii": radii, "M_fit": total_magnitude(F_fit, xi, radii),
            "M_truth": total_magnitude(F_truth, xi, radii)}
