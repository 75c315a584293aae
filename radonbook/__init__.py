"""radonbook: the helper package of the book *Spectral bias of shallow networks*.

Submodules are imported on demand, one topic each::

    from radonbook import activations, reparam, kernel

``activations`` is the catalogue every topic shares; ``plotting`` draws, ``widgets``
explores, ``bench`` measures speed (``python -m radonbook.bench NAME``).
"""

__version__ = "0.1.0"

__all__ = [
    "activations",
    "adaptive",
    "data",
    "design",
    "kernel",
    "ntk",
    "plotting",
    "radon",
    "reparam",
    "spectral",
    "targets",
    "widgets",
]

import os

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
