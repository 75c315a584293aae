"""radonbook: the helper package of the book *Spectral bias of shallow networks*.

Submodules are imported on demand, one topic each::

    from radonbook import activations, reparam, kernel

``activations`` is the catalogue every topic shares; ``plotting`` draws, ``widgets``
explores, ``bench`` measures speed (``python -m radonbook.bench NAME``).
"""

__version__ = "0.1.0"

__all__ = [
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
    "radon",
    "reparam",
    "spectral",
    "targets",
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
