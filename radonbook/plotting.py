"""Figures from arrays, in the book's one style. No mathematics lives here.

Every chapter calls :func:`use_style` once; each plotting function takes arrays computed
by a topic module and returns the matplotlib ``Figure`` (or ``Axes``) it drew on.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

STYLE: dict[str, object] = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "figure.constrained_layout.use": True,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": "medium",
    "axes.labelsize": "medium",
    "legend.fontsize": "small",
    "legend.frameon": False,
    "image.cmap": "viridis",
    "lines.linewidth": 1.6,
    "axes.prop_cycle": mpl.cycler(
        color=["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
               "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]
    ),
}


def use_style() -> None:
    """Apply the book's matplotlib style (``STYLE``) to the current session."""
    mpl.rcParams.update(STYLE)


def image_axes(ax: plt.Axes, image: np.ndarray, extent: tuple[float, float, float, float],
               *, title: str = "", cmap: str | None = None, colorbar: bool = True,
               **kwargs) -> mpl.image.AxesImage:
    """Show ``image`` (rows = y from bottom to top) on ``ax`` with ``extent``."""
    im = ax.imshow(image, origin="lower", extent=extent, cmap=cmap, **kwargs)
    ax.set_title(title)
    ax.set_aspect("equal")
    ax.grid(False)
    if colorbar:
        ax.figure.colorbar(im, ax=ax, shrink=0.8)
    return im


# --- reparam (chapter 1) ---

# --- radon (chapters 2, 3) ---

# --- kernel (chapter 4) ---

# --- spectral (chapter 5) ---

# --- design (chapter 6) ---

# --- adaptive (chapters 7, 8) ---

# --- ntk (chapter 9) ---
