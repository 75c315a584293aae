"""radonbook: the helper package of the book *Spectral bias of shallow networks*.

Submodules are imported on demand, one topic each::

    from radonbook import activations, reparam, kernel

Layers, from the bottom: ``validate`` (input checks), ``draws`` (claims over draws),
``quadrature`` (sphere areas, Gauss–Legendre panels, the image grid), ``training`` (the
one training loop) and ``activations`` (the catalogue every topic shares); the topic
modules ``reparam``, ``kernel``, ``spectral``, ``design``, ``adaptive``, ``ntk``,
``radon``, ``targets``, ``data``; then ``plotting`` (draws arrays), ``tables`` (tables
and glue for the book's pages), ``widgets`` (explorers) and ``bench`` (speed,
``python -m radonbook.bench NAME``). Lower layers never import higher ones.

Conventions (every module follows them)
---------------------------------------
* **Activations.** An argument named ``act`` is the activation σ, given as a catalogue
  name (``"relu"``), a pair ``(name, params)``, an ``Activation`` or a designed
  activation, and always resolved by :func:`radonbook.activations.resolve`. A penalty
  or a Fourier transform is never passed as ``act``.
* **Training.** ``steps`` and ``lr`` are keyword-only wherever they appear. The loss
  ``"mse"`` is ``L = (1/2N) Σ_j ‖f(x_j) - y_j‖²`` in every training function (the
  gradient-flow convention), so plain gradient descent on the output weights is
  ``c ← c - lr Φᵀ(Φc - y)/N``. A *training MSE* that is reported or targeted
  (``target_mse``, ``train_mse``) is ``(1/N) Σ_j (f(x_j) - y_j)² = 2L``.
* **Randomness.** A function that draws takes a keyword ``rng`` (SPEC 7: a
  ``numpy.random.Generator``, an int seed or ``None``) with the reproducible default
  ``rng=0``. Chapters derive every ``rng`` from :func:`seed` and :func:`draw_seeds`.
  (``targets``' ``seed`` is not randomness: it names a member of a target family.)
* **Dimensions.** ``d`` is the input dimension: points ``x ∈ R^d``, orientations and the
  unit sphere ``S^{d-1} ⊂ R^d``. ``n`` counts neurons, ``N`` data points.
* **Grids.** One image grid on ``[-extent, extent]²``: pixel centres
  ``x_j = -extent + (j + 1/2) h``, ``h = 2 extent/n``, stored row-major with rows = y
  (:func:`radonbook.quadrature.image_points`). Functions on a grid take the grid first,
  then the values: ``fourier_grid`` returns ``(xi, F)`` and ``total_magnitude(xi, F,
  radii)`` takes them in that order. Angles are in radians.
* **Results** are arrays or frozen dataclasses, never string-keyed dicts.
* **Bad input** raises ``ValueError`` or ``TypeError`` naming the argument, from
  :mod:`radonbook.validate`, before any work or large allocation (about 2 GB at most).
"""

__version__ = "0.1.0"

__all__ = [
    "device",
    "draw_seeds",
    "scale",
    "seed",
    "activations",
    "adaptive",
    "data",
    "design",
    "draws",
    "kernel",
    "ntk",
    "plotting",
    "quadrature",
    "radon",
    "reparam",
    "spectral",
    "tables",
    "targets",
    "training",
    "validate",
    "widgets",
]

import operator
import os

import numpy as np

SCALES = ("book", "paper")


def scale() -> str:
    """The experiment size chapters run at: ``"book"`` (default, CPU minutes) or ``"paper"``.

    Read from the environment variable ``RADONBOOK_SCALE``; anything else raises
    ``ValueError`` naming the valid choices.
    """
    value = os.environ.get("RADONBOOK_SCALE", "book").strip().lower() or "book"
    if value not in SCALES:
        raise ValueError(f"RADONBOOK_SCALE must be one of {SCALES}, got {value!r}")
    return value


def device() -> str:
    """Where chapters train with torch: ``"cpu"`` (default) or ``"cuda"``.

    Read from the environment variable ``RADONBOOK_DEVICE``; ``"cuda"`` needs a GPU that
    torch sees (``torch.cuda.is_available()``), and anything else raises ``ValueError``.
    The book runs and is tested on CPUs; the ``cuda`` path is untested.
    """
    from radonbook import validate

    value = os.environ.get("RADONBOOK_DEVICE", "cpu").strip().lower() or "cpu"
    return validate.device(value, "RADONBOOK_DEVICE")


def seed() -> int:
    """The book's one seed: every chapter and assignment derives all its randomness from it.

    Read from the environment variable ``RADONBOOK_SEED`` (default ``0``): a non-negative
    integer below ``2**32``. Anything else raises ``ValueError``. With any value the book
    builds and every asserted claim holds; the numbers shown change with it.
    """
    raw = os.environ.get("RADONBOOK_SEED", "0").strip() or "0"
    try:
        value = int(raw, 10)
    except ValueError:
        raise ValueError(f"RADONBOOK_SEED must be a non-negative integer, got {raw!r}") from None
    if not 0 <= value < 2**32:
        raise ValueError(f"RADONBOOK_SEED must be in [0, 2**32), got {value}")
    return value


def draw_seeds(n: int, stream: int = 0, *, base: int | None = None) -> list[int]:
    """``n`` independent seeds for the draws of one experiment, derived from the book's seed.

    ``numpy.random.SeedSequence((base, stream)).generate_state(n)``: the same ``base`` and
    ``stream`` always give the same seeds; different streams (one per experiment in a
    chapter) give unrelated ones. ``base`` defaults to :func:`seed`.

    Parameters
    ----------
    n : number of draws, ``1 <= n <= 10_000``.
    stream : a non-negative integer naming the experiment.
    base : the root seed; ``None`` reads ``RADONBOOK_SEED``.
    """
    for name, v in (("n", n), ("stream", stream)):
        if isinstance(v, bool):
            raise TypeError(f"{name} must be an integer, got a bool")
        try:
            operator.index(v)
        except TypeError:
            raise TypeError(f"{name} must be an integer, got {type(v).__name__}") from None
    n, stream = operator.index(n), operator.index(stream)
    if not 1 <= n <= 10_000:
        raise ValueError(f"n must be between 1 and 10000, got {n}")
    if stream < 0:
        raise ValueError(f"stream must be non-negative, got {stream}")
    if base is None:
        base = seed()
    elif isinstance(base, bool) or not isinstance(base, (int, np.integer)) or base < 0:
        raise ValueError(f"base must be a non-negative integer or None, got {base!r}")
    state = np.random.SeedSequence((int(base), stream)).generate_state(n)
    return [int(s) for s in state]
