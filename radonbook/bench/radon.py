"""Benchmark ``radonbook.radon`` against scikit-image (``python -m radonbook.bench radon``).

* ``radon`` vs ``skimage.transform.radon`` on a 256 × 256 modified Shepp–Logan image with
  180 angles over ``[0, π)``: median times side by side and the relative L2 difference of
  the two sinograms inside the unit disc (``|t| ≤ 1``). scikit-image puts its rotation
  centre at pixel ``n // 2`` (image row 0 at the top); on the book's grid (pixel centres
  ``x_j = -1 + (j + 1/2) h``) its detector bin ``k`` of angle ``φ`` sits at
  ``t = (k - n/2) h + (h/2)(cos φ - sin φ)``, so ``radon`` is evaluated on exactly those
  offsets ("same grid and angles").
* ``fbp`` (default settings) vs ``skimage.transform.iradon`` (ramp filter) on that same
  sinogram: relative L2 error inside the unit disc against the exact phantom (pixel
  averages, 4 × 4 samples); the two are timed in turns (:func:`interleaved_times`).
  The iradon output pixel ``(r, c)`` is the book's pixel ``(n - 1 - r, c)`` on this grid.
* Discrete ``radon`` of the rasterised phantom (2 × 2 samples per pixel) against the exact
  analytic sinogram ``Phantom.sinogram`` for ``shepp_logan()`` and three
  ``random_ellipses``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from radonbook import quadrature as Q
from radonbook import radon as R
from radonbook.bench import median_time

__all__ = ["N_ANGLES", "N_PIXELS", "interleaved_times", "run", "skimage_offsets"]

N_PIXELS = 256
N_ANGLES = 180


def _rel(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def skimage_offsets(n: int, angles: np.ndarray) -> np.ndarray:
    """Offsets (n, n_angles) of scikit-image's detector bins on the book's grid."""
    h = 2.0 / n
    return ((np.arange(n) - n // 2)[:, None] * h
            + 0.5 * h * (np.cos(angles) - np.sin(angles))[None, :])


def interleaved_times(fns: list[Callable[[], Any]], repeats: int = 5
                      ) -> list[tuple[float, Any]]:
    """Median wall time and last result of each ``fn``, the calls taking turns (one round
    per repeat), so that a change in the machine's load affects all of them alike."""
    if not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats must be a positive integer, got {repeats!r}")
    times: list[list[float]] = [[] for _ in fns]
    results: list[Any] = [None] * len(fns)
    for _ in range(repeats):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            results[k] = fn()
            times[k].append(time.perf_counter() - t0)
    return [(float(np.median(ts)), res) for ts, res in zip(times, results, strict=True)]


def run(repeats: int = 5) -> list[str]:
    """Run the comparisons; return report lines (times are medians over ``repeats``)."""
    from skimage.transform import iradon
    from skimage.transform import radon as sk_radon

    n, h = N_PIXELS, 2.0 / N_PIXELS
    angles = np.linspace(0.0, np.pi, N_ANGLES, endpoint=False)
    degrees = np.rad2deg(angles)
    phantom = R.shepp_logan()
    image = phantom.image(n)
    t_sk = skimage_offsets(n, angles)
    lines = [f"grid {n}x{n}, {N_ANGLES} angles in [0, pi), repeats={repeats}"]

    # --- forward transform, side by side
    t_ours, sino = median_time(lambda: R.radon(image, angles, offsets=t_sk), repeats)
    t_sk_time, sino_sk = median_time(lambda: sk_radon(image[::-1], degrees, circle=True),
                                     repeats)
    sino_sk = sino_sk * h  # scikit-image works in pixel units
    disc = np.abs(t_sk) <= 1.0
    agree = _rel(sino[disc], sino_sk[disc])
    lines.append(f"radon            {t_ours * 1e3:8.1f} ms")
    lines.append(f"skimage radon    {t_sk_time * 1e3:8.1f} ms   speed-up {t_sk_time / t_ours:.1f}x"
                 " (target >= 3x)")
    lines.append(f"radon vs skimage rel L2 inside unit disc: {agree:.4f} (target < 0.01)")

    # --- reconstruction from the same sinogram
    truth = phantom.image(n, supersample=4)
    inside = (np.sum(Q.image_points(n) ** 2, axis=1) <= 1.0).reshape(n, n)
    (t_fbp, rec), (t_ir, rec_sk) = interleaved_times(
        [lambda: R.fbp(sino, angles, offsets=t_sk),
         lambda: iradon(sino / h, degrees, filter_name="ramp", circle=True)], repeats)
    rec_sk = rec_sk[::-1]
    e_ours, e_sk = _rel(rec[inside], truth[inside]), _rel(rec_sk[inside], truth[inside])
    lines.append(f"fbp     error {e_ours:.4f}  ({t_fbp * 1e3:.0f} ms)")
    lines.append(f"iradon  error {e_sk:.4f}  ({t_ir * 1e3:.0f} ms)   fbp no worse: "
                 f"{e_ours <= e_sk}, speed-up {t_ir / t_fbp:.1f}x (target >= 1x)")

    # --- discrete vs analytic
    offsets = Q.pixel_centres(n)
    phantoms = [("shepp_logan", phantom)] + [
        (f"random_ellipses(5, rng={s})", R.random_ellipses(5, rng=s)) for s in (0, 1, 2)]
    for name, ph in phantoms:
        err = _rel(R.radon(ph.image(n, supersample=2), angles), ph.sinogram(angles, offsets))
        lines.append(f"radon vs analytic, {name:27s} rel L2 {err:.4f} (target < 0.02)")
    return lines
