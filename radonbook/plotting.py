"""Figures from arrays, in the book's one style. No mathematics lives here.

Every chapter calls :func:`use_style` once; each plotting function takes arrays computed
by a topic module or the chapter (never an activation, a target or a dict of results to
evaluate) and returns the matplotlib ``Figure`` (or ``Axes``) it drew on. Only geometry
for drawing (lines through a point, colour limits, unit arrows) is computed here. Tables
of results are text, not figures: :mod:`radonbook.tables`.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from radonbook import validate

__all__ = [
    "BOUNDARY_COLORS",
    "COLUMN_WIDTH",
    "SMALL_FONT",
    "STYLE",
    "activation_panels",
    "breakplanes",
    "curve_colors",
    "curve_styles",
    "degree_residuals",
    "figure_html",
    "fit_gallery",
    "image_axes",
    "image_table",
    "loglog_curves",
    "magnitude_panels",
    "mse_heatmap",
    "plot_breaklines",
    "plot_breakplane_dynamics",
    "plot_ct_scan",
    "plot_cylinder_snapshot",
    "plot_metric_curves",
    "plot_neuron_landscape",
    "plot_paired_bars",
    "plot_similarity",
    "readability",
    "sinogram_axes",
    "spectrum_gallery",
    "steps_vs_penalty",
    "use_style",
]

#: Width in inches of a figure that fills the book's text column. The inline backend
#: shows a figure as a PNG of ``figure.dpi`` = 100 pixels per inch (``savefig.dpi`` is
#: not used there), cropped to its content plus 0.1 in a side: about 700 px for this
#: width, which sphinx-book-theme's text column (about 700–750 CSS px at a 1280 px
#: window) shows at its own size. At most three panels share a row of this width.
COLUMN_WIDTH = 6.8

#: The smallest font size (points) of any text in a figure: legends, small titles, tick
#: labels of bar charts. At 100 dpi, 9 pt are 12.5 px: 9.4 pt as shown in the column.
SMALL_FONT = 9.0

STYLE: dict[str, object] = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "figure.constrained_layout.use": True,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 10.0,
    "axes.titlesize": "medium",
    "axes.labelsize": "medium",
    "xtick.labelsize": "medium",
    "ytick.labelsize": "medium",
    "figure.titlesize": "large",
    "legend.fontsize": SMALL_FONT,
    "legend.title_fontsize": SMALL_FONT,
    "legend.handlelength": 2.6,
    "legend.frameon": False,
    "image.cmap": "viridis",
    "lines.linewidth": 1.6,
    "axes.prop_cycle": mpl.cycler(
        color=["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
               "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]
    ),
}


def use_style() -> None:
    """Apply the book's matplotlib style :data:`STYLE` to the current session.

    ``matplotlib.rcParams.update(STYLE)``: constrained layout, light grid, no top/right
    spines, ``viridis`` images, the book's colour cycle, 10 pt text and
    :data:`SMALL_FONT` legends. Figures of the book are at most :data:`COLUMN_WIDTH`
    inches wide.
    """
    mpl.rcParams.update(STYLE)


def figure_html(fig: plt.Figure, alt: str) -> str:
    """A figure as a self-contained HTML ``<img>`` (a PNG inlined as a data URI).

    The PNG is what the inline backend shows: ``figure.dpi`` pixels per inch, cropped to
    the content (``bbox_inches="tight"``), so the image keeps its size in the column
    (:data:`COLUMN_WIDTH`). Another page can paste the fragment (``tables.glue``)
    without depending on the image files of the page that drew it.

    Parameters
    ----------
    fig : the figure. alt : its text alternative (a non-empty string).

    Returns
    -------
    str : ``<img src="data:image/png;base64,..." alt="..." style="max-width: 100%">``.
    """
    import base64
    import html
    import io

    if not isinstance(fig, mpl.figure.Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt must be a non-empty string, got {alt!r}")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
            'style="max-width: 100%">')


def readability(fig: plt.Figure, *, column_px: float = 700.0) -> dict[str, float]:
    """How ``fig`` reads in the book's text column, ``column_px`` CSS pixels wide.

    The figure is rendered as the inline backend shows it: a PNG at ``fig.dpi`` with
    ``bbox_inches="tight"``; the page scales a PNG wider than the column down to it
    (never up). Panels are the visible axes that are not colour bars; two share a row
    when their vertical extents overlap.

    Parameters
    ----------
    fig : the figure.
    column_px : the width of the text column in CSS pixels.

    Returns
    -------
    dict with ``width`` (inches), ``pixels`` and ``height`` (of the PNG), ``scale``
    (shown size / PNG size), ``panels_per_row`` (the most panels in one row),
    ``smallest_font`` (points, in the figure) and ``displayed_font`` (points as shown,
    1 pt = 4/3 CSS px).
    """
    import io
    import struct

    column_px = validate.real(column_px, "column_px", positive=True)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight")
    pixels, height = struct.unpack(">II", buf.getvalue()[16:24])   # the PNG's IHDR
    width = float(fig.get_figwidth())
    scale = min(1.0, column_px / pixels)
    boxes = [ax.get_window_extent() for ax in fig.get_axes()    # pixels, subfigures too
             if ax.get_visible() and ax.axison and ax.get_label() != "<colorbar>"]
    per_row = max((sum(1 for b in boxes if b.y0 < (a.y0 + a.y1) / 2 < b.y1)
                   for a in boxes), default=0)
    sizes = [t.get_fontsize() for t in fig.findobj(mpl.text.Text)
             if t.get_visible() and t.get_text().strip() and t.figure is not None]
    smallest = float(min(sizes, default=np.inf))
    return {"width": width, "pixels": int(pixels), "height": int(height), "scale": scale,
            "panels_per_row": int(per_row), "smallest_font": smallest,
            "displayed_font": smallest * float(fig.dpi) / 72 * scale * 0.75}


def _panel_axes(fig, n: int, ncols: int, width_ratios=None) -> list:
    """``n`` axes on ``fig`` in rows of at most ``ncols``, the last row centred.

    One row (``ncols >= n``) keeps ``width_ratios``; more rows give every panel the same
    width.
    """
    if ncols >= n:
        return list(np.atleast_1d(fig.subplots(1, n, width_ratios=width_ratios)))
    nrows = -(-n // ncols)
    gs = fig.add_gridspec(nrows, 2 * ncols)
    axes = []
    for k in range(n):
        row, col = divmod(k, ncols)
        in_row = min(ncols, n - row * ncols)
        start = 2 * col + (ncols - in_row)        # centre a short last row
        axes.append(fig.add_subplot(gs[row, start:start + 2]))
    return axes


def image_axes(ax: plt.Axes, image: np.ndarray, extent: tuple[float, float, float, float],
               *, title: str = "", cmap: str | None = None, colorbar: bool = True,
               **kwargs) -> mpl.image.AxesImage:
    """Show an image on ``ax``, rows = y from bottom to top.

    Parameters
    ----------
    ax : the axes to draw on.
    image : (H, W) or (H, W, 3|4) array; NaN pixels are left blank.
    extent : ``(x_min, x_max, y_min, y_max)`` of the image's outer pixel edges.
    title, cmap : passed to matplotlib; colorbar : add a colour bar beside ``ax``.
    **kwargs : passed to ``ax.imshow`` (e.g. ``vmin``, ``vmax``).

    Returns
    -------
    matplotlib.image.AxesImage
    """
    validate.array(image, "image", ndim=(2, 3), finite=False)
    validate.array(extent, "extent", shape=(4,))
    im = ax.imshow(image, origin="lower", extent=extent, cmap=cmap, **kwargs)
    ax.set_title(title)
    ax.set_aspect("equal")
    ax.grid(False)
    if colorbar:
        ax.figure.colorbar(im, ax=ax, shrink=0.8)
    return im


# --- reparam (chapter 1) ---


def breakplanes(ax: plt.Axes, theta: np.ndarray, r: np.ndarray, *, box: float = 1.0,
                colors=None, **kwargs) -> None:
    """Draw the zero-planes ``{x : θ_i·x = r_i}`` of 2-D neurons on ``[-box, box]²``.

    Line ``i`` passes through ``r_i θ_i`` (its closest point to the origin) with direction
    ``θ_i^⊥ = (-θ_i2, θ_i1)``.

    Parameters
    ----------
    ax : the axes to draw on.
    theta : (n, 2) unit normals; r : (n,) offsets.
    box : half-width of the square shown; colors : optional n colours.
    **kwargs : passed to ``ax.plot``.
    """
    theta = validate.array(theta, "theta", shape=(None, 2))
    r = validate.array(r, "r", shape=(theta.shape[0],))
    box = validate.real(box, "box", positive=True)
    kwargs.setdefault("lw", 1.0)
    for i, (th, ri) in enumerate(zip(theta, r, strict=True)):
        p0 = ri * th                      # closest point of the line to the origin
        u = np.array([-th[1], th[0]])     # direction along the line
        s = np.linspace(-3 * box, 3 * box, 2)
        color = None if colors is None else colors[i]
        ax.plot(p0[0] + s * u[0], p0[1] + s * u[1], color=color, **kwargs)
    ax.set_xlim(-box, box)
    ax.set_ylim(-box, box)
    ax.set_aspect("equal")

# --- radon (chapters 2, 3) ---


def sinogram_axes(ax: plt.Axes, sinogram: np.ndarray, angles: np.ndarray,
                  offsets: np.ndarray, *, title: str = "", colorbar: bool = True,
                  **kwargs) -> mpl.image.AxesImage:
    """Show a sinogram: angle φ (degrees) across, offset t up.

    Parameters
    ----------
    ax : the axes to draw on.
    sinogram : (n_offsets, n_angles) values ``Rf(θ(φ_j), t_i)``; NaN entries are blank.
    angles : (n_angles,) equispaced angles φ in radians.
    offsets : (n_offsets,) equispaced offsets t.
    title : axes title; colorbar : add a colour bar; **kwargs : passed to ``ax.imshow``.

    Returns
    -------
    matplotlib.image.AxesImage
    """
    angles = validate.array(angles, "angles", ndim=1, min_size=1)
    offsets = validate.array(offsets, "offsets", ndim=1, min_size=2)
    validate.array(sinogram, "sinogram", shape=(offsets.shape[0], angles.shape[0]),
                   finite=False)
    deg = np.rad2deg(angles)
    dphi = deg[1] - deg[0] if len(deg) > 1 else 1.0
    dt = offsets[1] - offsets[0]
    extent = (deg[0] - dphi / 2, deg[-1] + dphi / 2, offsets[0] - dt / 2, offsets[-1] + dt / 2)
    im = ax.imshow(sinogram, origin="lower", extent=extent, aspect="auto", **kwargs)
    ax.set_xlabel(r"angle $\varphi$ (degrees)")
    ax.set_ylabel("offset $t$")
    ax.set_title(title)
    ax.grid(False)
    if colorbar:
        ax.figure.colorbar(im, ax=ax, shrink=0.8)
    return im


def plot_ct_scan(fig: plt.Figure, index: int, image: np.ndarray, sinogram: np.ndarray,
                 angles: np.ndarray, offsets: np.ndarray, n_beams: int = 13,
                 backprojections: tuple[np.ndarray, np.ndarray] | None = None, *,
                 ncols: int = 5) -> plt.Figure:
    """A CT scan at angle ``φ = angles[index]``, drawn on ``fig``.

    Panels: beams ``{x : θ·x = t}`` with ``θ = (cos φ, sin φ)`` through ``image``; the
    projection ``Rf(θ, ·)`` (column ``index`` of ``sinogram``); the sinogram recorded so
    far (columns ``0..index``); with ``backprojections``, the plain and ramp-filtered
    back-projections of those columns (``radonbook.radon.partial_backprojections``).

    Parameters
    ----------
    fig : the figure to draw on; it is cleared first.
    index : the current angle, ``0 <= index < n_angles``.
    image : (H, W) image on ``[-1, 1]²``.
    sinogram : (n_offsets, n_angles); angles : (n_angles,) radians; offsets : (n_offsets,).
    n_beams : number of beams drawn.
    backprojections : optional pair of (H', W') images (plain, filtered).
    ncols : panels per row; with fewer than the panels, rows of ``ncols`` equal panels
        (3 for a figure of :data:`COLUMN_WIDTH`), the last row centred.

    Returns
    -------
    matplotlib.figure.Figure : ``fig``.
    """
    angles = validate.array(angles, "angles", ndim=1, min_size=1)
    offsets = validate.array(offsets, "offsets", ndim=1, min_size=2)
    validate.array(sinogram, "sinogram", shape=(offsets.shape[0], angles.shape[0]))
    index = validate.count(index, "index", minimum=0, maximum=angles.shape[0] - 1)
    n_beams = validate.count(n_beams, "n_beams")
    ncols = validate.count(ncols, "ncols")
    validate.array(image, "image", ndim=2, finite=False)
    if backprojections is not None and len(backprojections) != 2:
        raise ValueError("backprojections must be a pair (plain, filtered) of images")
    fig.clear()
    if backprojections is None:
        ax_img, ax_proj, ax_sino = _panel_axes(fig, 3, ncols, [1, 0.8, 1.2])
    else:
        ax_img, ax_proj, ax_sino, ax_bp, ax_fbp = _panel_axes(
            fig, 5, ncols, [1, 0.8, 1.2, 1, 1])
        for ax, img, title in zip((ax_bp, ax_fbp), backprojections,
                                  ("back-projection so far", "filtered (ramp) so far"),
                                  strict=True):
            image_axes(ax, img, (-1, 1, -1, 1), title=title, cmap="gray", colorbar=False)
    phi = angles[index]
    th = np.array([np.cos(phi), np.sin(phi)])
    perp = np.array([-th[1], th[0]])
    image_axes(ax_img, image, (-1, 1, -1, 1), title=rf"beams at $\varphi$ = "
               rf"{np.rad2deg(phi):.0f}°", cmap="gray", colorbar=False)
    s = np.array([-1.6, 1.6])
    for t in np.linspace(offsets[0], offsets[-1], n_beams):
        ax_img.plot(t * th[0] + s * perp[0], t * th[1] + s * perp[1], color="#ff7f0e",
                    lw=0.7, alpha=0.8)
    ax_img.annotate("", xy=0.9 * th, xytext=(0, 0),
                    arrowprops={"arrowstyle": "->", "color": "#d62728", "lw": 1.5})
    ax_img.text(*(0.95 * th), r"$\theta$", color="#d62728")
    ax_img.set_xlim(-1, 1)
    ax_img.set_ylim(-1, 1)
    ax_proj.plot(offsets, sinogram[:, index], color="#ff7f0e")
    ax_proj.set_xlabel("offset $t$")
    ax_proj.set_title(r"projection $Rf(\theta, t)$")
    ax_proj.set_ylim(float(np.min(sinogram)), 1.05 * float(np.max(sinogram)))
    partial = np.array(sinogram, dtype=float)
    partial[:, index + 1:] = np.nan
    sinogram_axes(ax_sino, partial, angles, offsets, title="sinogram so far", colorbar=False,
                  vmin=float(np.min(sinogram)), vmax=float(np.max(sinogram)), cmap="gray")
    ax_sino.axvline(np.rad2deg(phi), color="#ff7f0e", lw=1)
    return fig

# --- kernel (chapter 4) ---

def fit_gallery(images: list[np.ndarray], titles: list[str],
                extent: tuple[float, float, float, float] = (-1.0, 1.0, -1.0, 1.0),
                points: list[np.ndarray] | None = None, ncols: int = 3,
                panel: float = COLUMN_WIDTH / 3, *,
                subset: list[int | str] | None = None) -> plt.Figure:
    """Fits of a 2-D regression as a grid of images (the paper's Fig. 6).

    Each panel gets its own symmetric colour scale ``[-v, v]``, ``v = max |image|``
    (``RdBu_r``) and colour bar. The defaults fill the text column with three panels
    a row.

    Parameters
    ----------
    images : list of (H, W) arrays on ``extent`` (rows = y, bottom to top), NaN outside
        the region of interest.
    titles : one title per image.
    extent : ``(x_min, x_max, y_min, y_max)``.
    points : optional list of (N_k, 2) training inputs drawn on top of image k.
    ncols : panels per row; panel : panel size in inches.
    subset : optional images to show, in this order: indices into ``images`` or titles.

    Returns
    -------
    matplotlib.figure.Figure
    """
    ncols = validate.count(ncols, "ncols")
    panel = validate.real(panel, "panel", positive=True)
    validate.array(extent, "extent", shape=(4,))
    for k, img in enumerate(images):
        validate.array(img, f"images[{k}]", ndim=2, finite=False)
    if points is not None:
        if len(points) != len(images):
            raise ValueError(f"points must have one entry per image ({len(images)}), "
                             f"got {len(points)}")
        for k, pts in enumerate(points):
            validate.array(pts, f"points[{k}]", shape=(None, 2))
    if len(images) != len(titles):
        raise ValueError("images and titles must have the same length")
    if subset is not None:
        keep = []
        for item in subset:
            if isinstance(item, str):
                if item not in titles:
                    raise ValueError(f"subset: no image titled {item!r}; titles: "
                                     f"{', '.join(map(repr, titles))}")
                keep.append(list(titles).index(item))
            else:
                keep.append(validate.count(item, "subset entry", minimum=0,
                                           maximum=len(images) - 1))
        if not keep:
            raise ValueError("subset must name at least one image")
        images, titles = [images[k] for k in keep], [titles[k] for k in keep]
        points = None if points is None else [points[k] for k in keep]
    nrows = int(np.ceil(len(images) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel * ncols, panel * nrows * 0.95),
                             squeeze=False)
    for k, ax in enumerate(axes.ravel()):
        if k >= len(images):
            ax.axis("off")
            continue
        vmax = float(np.nanmax(np.abs(images[k]))) or 1.0
        image_axes(ax, images[k], extent, title=titles[k], cmap="RdBu_r", vmin=-vmax,
                   vmax=vmax)
        if points is not None:
            ax.scatter(points[k][:, 0], points[k][:, 1], s=6, c="k", lw=0)
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


# --- spectral (chapter 5) ---


def spectrum_gallery(omega: np.ndarray, entries: list, *, ncols: int = 3,
                     panel_size: tuple[float, float] = (COLUMN_WIDTH / 3, 1.9)
                     ) -> plt.Figure:
    """Small multiples, one per activation: ``|σ̂(ω)|`` and ``1/|σ̂(ω)|²``.

    Both on a log axis clipped to ``[1e-6, 1e6]``; non-finite or non-positive values are
    not drawn.

    Parameters
    ----------
    omega : (L,) frequencies.
    entries : list of ``(label, abs_hat, factor)``, the arrays shaped like ``omega``.
    ncols : panels per row; panel_size : ``(width, height)`` of one panel in inches.

    Returns
    -------
    matplotlib.figure.Figure
    """
    omega = validate.array(omega, "omega", ndim=1, min_size=1)
    ncols = validate.count(ncols, "ncols")
    if len(entries) == 0:
        raise ValueError("entries must hold at least one (label, abs_hat, factor)")
    for k, entry in enumerate(entries):
        if len(entry) != 3:
            raise ValueError(f"entries[{k}] must be (label, abs_hat, factor)")
        for name, vals in zip(("abs_hat", "factor"), entry[1:], strict=True):
            validate.array(vals, f"entries[{k}] {name}", shape=omega.shape, finite=False)
    nrows = -(-len(entries) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_size[0] * ncols,
                                                    panel_size[1] * nrows),
                             sharex=True, squeeze=False)
    for ax, (label, mag, fac) in zip(axes.flat, entries, strict=False):
        for vals, color, name in ((mag, "C0", r"$|\hat\sigma|$"),
                                  (fac, "C1", r"$|\hat\sigma|^{-2}$")):
            v = np.asarray(vals, dtype=float)
            ok = np.isfinite(v) & (v > 0)
            ax.plot(np.where(ok, omega, np.nan), np.where(ok, v, np.nan), color=color,
                    label=name)
        ax.set_yscale("log")
        ax.set_ylim(1e-6, 1e6)
        ax.set_title(label, fontsize=SMALL_FONT)
    for ax in axes.flat[len(entries):]:
        ax.axis("off")
    for ax in axes[-1]:
        ax.set_xlabel(r"$\omega$")
    axes.flat[0].legend(loc="lower left")
    return fig


def image_table(images: list, extent: tuple[float, float, float, float], *,
                row_labels: list[str], col_labels: list[str],
                vlims: list[tuple[float, float]] | None = None,
                cell: float = 1.35, cmap: str = "RdBu_r") -> plt.Figure:
    """A grid of images ``images[i][j]`` with row and column labels.

    ``None`` draws an empty cell marked "—"; column ``j`` uses the colour range
    ``vlims[j]`` (values outside are clipped).

    Parameters
    ----------
    images : list of rows, each a list of (H, W) arrays or ``None``, one per column.
    extent : ``(x_min, x_max, y_min, y_max)`` of every image.
    row_labels, col_labels : one label per row / column.
    vlims : optional ``(low, high)`` per column.
    cell : size of one cell in inches; cmap : the colour map.

    Returns
    -------
    matplotlib.figure.Figure
    """
    validate.array(extent, "extent", shape=(4,))
    if len(row_labels) != len(images):
        raise ValueError(f"row_labels must have one label per row of images "
                         f"({len(images)}), got {len(row_labels)}")
    for i, row in enumerate(images):
        if len(row) != len(col_labels):
            raise ValueError(f"images[{i}] has {len(row)} images but col_labels has "
                             f"{len(col_labels)}")
    if vlims is not None and len(vlims) != len(col_labels):
        raise ValueError(f"vlims must have one (low, high) per column "
                         f"({len(col_labels)}), got {len(vlims)}")
    nr, nc = len(images), len(col_labels)
    fig, axes = plt.subplots(nr, nc, figsize=(cell * nc + 1.2, cell * nr), squeeze=False,
                             layout="constrained")
    for i in range(nr):
        for j in range(nc):
            ax = axes[i, j]
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            img = images[i][j]
            if img is None:
                ax.text(0.5, 0.5, "—", ha="center", va="center", transform=ax.transAxes)
            else:
                lo, hi = (None, None) if vlims is None else vlims[j]
                ax.imshow(img, origin="lower", extent=extent, cmap=cmap, vmin=lo, vmax=hi)
            if i == 0:
                ax.set_title(col_labels[j], fontsize=SMALL_FONT)
            if j == 0:
                ax.set_ylabel(row_labels[i], fontsize=SMALL_FONT, rotation=0, ha="right",
                              va="center")
    return fig


def magnitude_panels(rho: np.ndarray, curves: list[dict], references: list[np.ndarray],
                     titles: list[str], *, ncols: int = 3,
                     styles: dict[str, dict] | None = None,
                     width: float = COLUMN_WIDTH) -> plt.Figure:
    """Total magnitude ``M(ρ)`` per target, one panel each, log ``y`` axis.

    Panel ``k`` draws the curves ``curves[k]`` (label → array) and, thick and black, the
    target's own ``references[k]``. Curves are told apart by colour and line style
    (:func:`curve_styles`, in the order of the first panel's labels) unless ``styles``
    says otherwise; one legend below the panels names them.

    Parameters
    ----------
    rho : (R,) radii.
    curves : one dict per target, label → (R,) values.
    references : one (R,) array per target.
    titles : one title per target; ncols : panels per row.
    styles : optional label → keyword arguments for ``ax.plot`` (e.g. ``color``,
        ``ls``), replacing the default style of that label.
    width : the figure's width in inches.

    Returns
    -------
    matplotlib.figure.Figure
    """
    rho = validate.array(rho, "rho", ndim=1, min_size=1)
    ncols = validate.count(ncols, "ncols")
    width = validate.real(width, "width", positive=True)
    for name, seq in (("curves", curves), ("references", references)):
        if len(seq) != len(titles):
            raise ValueError(f"{name} must have one entry per title ({len(titles)}), "
                             f"got {len(seq)}")
    for k, (curve, ref) in enumerate(zip(curves, references, strict=True)):
        validate.array(ref, f"references[{k}]", shape=rho.shape, finite=False)
        for label, vals in curve.items():
            validate.array(vals, f"curves[{k}][{label!r}]", shape=rho.shape, finite=False)
    n = len(titles)
    nrows = -(-n // ncols)
    names = list(dict.fromkeys(lab for curve in curves for lab in curve))
    style = dict(zip(names, curve_styles(len(names)), strict=True))
    for lab, kw in (styles or {}).items():
        style[lab] = {**style.get(lab, {}), **kw}
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, 2.3 * nrows + 0.4),
                             squeeze=False)
    for k, ax in enumerate(axes.flat):
        if k >= n:
            ax.axis("off")
            continue
        for label, vals in curves[k].items():
            ax.plot(rho, vals, **{"lw": 1.3, "label": label, **style[label]})
        ax.plot(rho, references[k], color="k", lw=2.4, label="target")
        ax.set_yscale("log")
        ax.set_title(titles[k])
        ax.set_xlabel(r"$\rho = |\xi|$")
        if k % ncols == 0:
            ax.set_ylabel(r"$M(\rho)$")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=min(ncols, len(labels)))
    return fig


def activation_panels(fig: plt.Figure, *, t: np.ndarray, sigma: np.ndarray,
                      omega: np.ndarray, magnitude: np.ndarray, penalty: np.ndarray,
                      fit: np.ndarray, x_train: np.ndarray, radii: np.ndarray,
                      M_fit: np.ndarray, M_truth: np.ndarray, test_mse: float,
                      reached: bool = True, label: str = "", title: str = "",
                      ncols: int = 4) -> plt.Figure:
    """Four panels for one activation σ, from precomputed arrays.

    Panels: σ(t); |σ̂(ω)| and the activation factor 1/|σ̂(ω)|² on a log axis (values
    outside ``(1e-150, 1e150)`` are not drawn); the kernel-regime fit of a 2-D target with
    its training points; the total magnitude ``M(ρ)`` of the fit against the target's.
    The fit and its spectrum are the fields of the result of
    ``radonbook.spectral.kernel_fit_spectrum``; the caller evaluates the activation.

    Parameters
    ----------
    fig : the figure (or subfigure) to draw on; it is cleared first.
    t, sigma : arrays (K,): σ(t).
    omega, magnitude, penalty : arrays (L,): |σ̂(ω)| and 1/|σ̂(ω)|² (may be inf or NaN).
    fit : image (H, W) of the fit on ``[-1, 1]²``, rows = y from bottom to top.
    x_train : (N, 2) training inputs, drawn on the fit.
    radii, M_fit, M_truth : arrays (R,): ``M(ρ)`` of the fit and of the target.
    test_mse : shown in the title of the last panel.
    reached : ``False`` marks the fit "(cannot fit)".
    label : the activation's name for the first panel; title : the figure's title.
    ncols : panels per row (4: one row; 2: two rows of two; 1: a column).

    Raises
    ------
    ValueError : an array of the wrong shape or length, named (e.g. ``sigma`` not shaped
        like ``t``).
    """
    t = validate.array(t, "t", ndim=1, min_size=2)
    sigma = validate.array(sigma, "sigma", shape=t.shape)
    omega = validate.array(omega, "omega", ndim=1, min_size=2)
    magnitude = validate.array(magnitude, "magnitude", shape=omega.shape, finite=False)
    penalty = validate.array(penalty, "penalty", shape=omega.shape, finite=False)
    fit = validate.array(fit, "fit", ndim=2)
    x_train = validate.array(x_train, "x_train", shape=(None, 2))
    radii = validate.array(radii, "radii", ndim=1, min_size=1)
    M_fit = validate.array(M_fit, "M_fit", shape=radii.shape)
    M_truth = validate.array(M_truth, "M_truth", shape=radii.shape)
    test_mse = validate.real(test_mse, "test_mse", nonnegative=True, finite=False)
    ncols = validate.count(ncols, "ncols")
    fig.clear()
    ax_s, ax_f, ax_img, ax_m = _panel_axes(fig, 4, ncols, [1, 1, 1, 1.2])
    ax_s.plot(t, sigma)
    ax_s.set_title(rf"$\sigma(t)$: {label}")
    ax_s.set_xlabel("$t$")
    shown = lambda v: np.where((v > 1e-150) & (v < 1e150), v, np.nan)  # log axes overflow
    ax_f.semilogy(omega, shown(magnitude), label=r"$|\hat\sigma(\omega)|$")
    ax_f.semilogy(omega, shown(penalty), "--", label=r"$|\hat\sigma|^{-2}$")
    ax_f.set_xlabel(r"$\omega$")
    ax_f.legend()
    ax_f.set_title("transform and penalty")
    image_axes(ax_img, fit, (-1, 1, -1, 1), colorbar=False,
               title="fit" + ("" if reached else " (cannot fit)"))
    ax_img.plot(*x_train.T, "k.", ms=1.5)
    ax_m.plot(radii, M_truth, "k", lw=1, label="target")
    ax_m.plot(radii, M_fit, label="fit")
    ax_m.set_yscale("log")
    ax_m.set_xlabel(r"$\rho = |\xi|$")
    ax_m.set_title(rf"$M(\rho)$, test MSE {test_mse:.2g}")
    ax_m.legend()
    if title:
        fig.suptitle(title)
    return fig


def _short_number(v: float) -> str:
    """``v`` in one significant digit, exponent without padding: 3e-4, 2e1, 1e0."""
    mant, exp = f"{v:.0e}".split("e")
    return f"{mant}e{int(exp)}"


def mse_heatmap(ax: plt.Axes, values: np.ndarray, row_labels: list[str],
                col_labels: list[str], *, failed: np.ndarray | None = None,
                vmin: float | None = None, vmax: float | None = None,
                annotate: bool = True, cbar_label: str = "test MSE",
                failed_label: str = "fit failed: training MSE not reached",
                cmap: str = "viridis") -> mpl.image.AxesImage:
    """A table of errors as an annotated heat map: colour = ``log10(values)``.

    Cell ``(i, j)`` has the colour ``cmap((log10 v_ij - log10 vmin) / (log10 vmax -
    log10 vmin))`` (clipped to the ends of the colour map) and, with ``annotate``, its
    value in one significant digit ("3e-4"), in black or white, whichever reads better on
    the cell. Failed cells (``failed`` or NaN, e.g. a table's "—") are not coloured: they
    are light grey, hatched, marked "✕", and a legend below the axes says what ✕ means.
    Column labels sit on top; the colour bar beside ``ax`` is labelled in powers of ten.

    Parameters
    ----------
    ax : the axes to draw on.
    values : (R, C) positive values (NaN allowed: a failed cell).
    row_labels : R labels; col_labels : C labels (use "\\n" to break long ones).
    failed : optional (R, C) booleans, the cells whose fit failed.
    vmin, vmax : the values at the ends of the colour scale, ``0 < vmin < vmax``;
        default the smallest and largest value of the cells that did not fail.
    annotate : write each value into its cell; cbar_label : the colour bar's label.
    failed_label : the legend's explanation of ✕; cmap : the colour map.

    Returns
    -------
    matplotlib.image.AxesImage : the image of ``log10(values)``, failed cells masked.

    Raises
    ------
    TypeError : ``ax`` is not a matplotlib Axes, or ``failed`` is not boolean.
    ValueError : ``values`` not 2-D or not positive where it did not fail, labels or
        ``failed`` of the wrong length or shape, ``vmin``/``vmax`` not positive or not
        ordered, no cell that did not fail.
    """
    if not isinstance(ax, mpl.axes.Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    values = validate.array(values, "values", ndim=2, finite=False)
    if not isinstance(cmap, (str, mpl.colors.Colormap)):
        raise TypeError(f"cmap must be a colour map or its name, got {type(cmap).__name__}")
    n_rows, n_cols = values.shape
    for name, labels in (("row_labels", row_labels), ("col_labels", col_labels)):
        if isinstance(labels, (str, bytes)) or not hasattr(labels, "__len__"):
            raise TypeError(f"{name} must be a list of labels, got {type(labels).__name__}")
    if len(row_labels) != n_rows:
        raise ValueError(f"row_labels must have one label per row of values ({n_rows}), "
                         f"got {len(row_labels)}")
    if len(col_labels) != n_cols:
        raise ValueError(f"col_labels must have one label per column of values "
                         f"({n_cols}), got {len(col_labels)}")
    bad = np.isnan(values)
    if failed is not None:
        failed_arr = np.asarray(failed)
        if failed_arr.dtype != bool:
            raise TypeError(f"failed must be an array of booleans, got dtype "
                            f"{failed_arr.dtype}")
        if failed_arr.shape != values.shape:
            raise ValueError(f"failed must have the shape of values {values.shape}, got "
                             f"{failed_arr.shape}")
        bad = bad | failed_arr
    good = values[~bad]
    if good.size == 0:
        raise ValueError("values must hold at least one cell that did not fail")
    if not np.all(np.isfinite(good) & (good > 0)):
        raise ValueError("values must be positive and finite where the fit did not fail")
    lo = float(good.min()) if vmin is None else validate.real(vmin, "vmin", positive=True)
    hi = float(good.max()) if vmax is None else validate.real(vmax, "vmax", positive=True)
    if not lo < hi:
        if vmin is None and vmax is None:      # one value only: a decade around it
            lo, hi = lo / np.sqrt(10), hi * np.sqrt(10)
        else:
            raise ValueError(f"vmin must be below vmax, got vmin = {lo:g}, vmax = {hi:g}")
    logs = np.ma.masked_array(np.log10(np.where(bad, 1.0, values)), mask=bad)
    norm = mpl.colors.Normalize(np.log10(lo), np.log10(hi), clip=True)
    im = ax.imshow(logs, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
    ax.set_xticks(np.arange(n_cols), col_labels, fontsize=SMALL_FONT)
    ax.set_yticks(np.arange(n_rows), row_labels, fontsize=SMALL_FONT)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    colours = im.cmap(norm(logs.filled(np.log10(lo))))
    for i, j in zip(*np.nonzero(bad), strict=True):
        ax.add_patch(mpl.patches.Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="0.88",
                                           edgecolor="0.55", hatch="///", lw=0))
        ax.text(j, i, "✕", ha="center", va="center", fontsize=SMALL_FONT + 3,
                color="0.15", fontweight="bold")
    if annotate:
        for i, j in zip(*np.nonzero(~bad), strict=True):
            r, g, b = colours[i, j, :3]
            dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
            ax.text(j, i, _short_number(float(values[i, j])), ha="center", va="center",
                    fontsize=SMALL_FONT, color="white" if dark else "black")
    under, over = bool(np.any(good < lo)), bool(np.any(good > hi))
    extend = {(False, False): "neither", (True, False): "min", (False, True): "max",
              (True, True): "both"}[under, over]
    cbar = ax.figure.colorbar(im, ax=ax, extend=extend, shrink=0.9, pad=0.02)
    ticks = np.arange(np.ceil(np.log10(lo)), np.floor(np.log10(hi)) + 1)
    step = max(1, int(np.ceil(len(ticks) / 8)))
    if ticks.size:
        cbar.set_ticks(ticks[::step], labels=[f"$10^{{{int(t)}}}$" for t in ticks[::step]])
    cbar.set_label(cbar_label)
    if bad.any():
        ax.legend(handles=[mpl.patches.Patch(facecolor="0.88", edgecolor="0.55",
                                             hatch="///", label=f"✕  {failed_label}")],
                  loc="upper center", bbox_to_anchor=(0.5, -0.01), fontsize=SMALL_FONT,
                  handlelength=1.6, frameon=False)
    return im


# --- design (chapter 6) ---

# --- adaptive (chapters 7, 8) ---

BOUNDARY_COLORS: dict[str, str] = {
    "valley floor": "#2ca02c", "ridge top": "#d62728", "pass-through crease": "#ff7f0e",
    "plateau": "#9467bd", "basin": "#17becf", "smooth": "#7f7f7f", "flat": "#bcbd22",
}


def plot_neuron_landscape(ax: plt.Axes, phis: np.ndarray, rs: np.ndarray, loss: np.ndarray,
                          boundaries: np.ndarray, labels: np.ndarray | None = None, *,
                          path: tuple[np.ndarray, np.ndarray] | None = None,
                          every: int = 6, title: str = "") -> mpl.image.AxesImage:
    """Heat map of one neuron's loss over its zero-plane ``(φ, r)``.

    Parameters
    ----------
    ax : the axes to draw on.
    phis : (P,) angles; rs : (R,) offsets; loss : (P, R) loss values.
    boundaries : (N, P) data curves ``r = θ(φ)·x_j``.
    labels : optional (N, P) boundary types (keys of :data:`BOUNDARY_COLORS`), drawn as
        coloured markers at every ``every``-th angle.
    path : optional trajectory ``(phis, rs)``; title : axes title.

    Returns
    -------
    matplotlib.image.AxesImage
    """
    phis = validate.array(phis, "phis", ndim=1, min_size=2)
    rs = validate.array(rs, "rs", ndim=1, min_size=2)
    validate.array(loss, "loss", shape=(phis.shape[0], rs.shape[0]), finite=False)
    boundaries = validate.array(boundaries, "boundaries", shape=(None, phis.shape[0]))
    if labels is not None and np.shape(labels) != boundaries.shape:
        raise ValueError(f"labels must have the shape of boundaries {boundaries.shape}, "
                         f"got {np.shape(labels)}")
    every = validate.count(every, "every")
    im = ax.imshow(loss.T, origin="lower", aspect="auto", cmap="magma",
                   extent=(phis[0], phis[-1], rs[0], rs[-1]))
    ax.figure.colorbar(im, ax=ax, shrink=0.85, label="loss")
    for j, rj in enumerate(boundaries):
        ax.plot(phis, rj, color="white", lw=0.8, alpha=0.8)
        ax.annotate(f"$x_{j + 1}$", (phis[0], rj[0]), color="white", fontsize=SMALL_FONT,
                    xytext=(3, 3), textcoords="offset points")
    if labels is not None:
        seen = set()
        for lab, col in BOUNDARY_COLORS.items():
            m = labels[:, ::every] == lab
            if m.any():
                P = np.broadcast_to(phis[::every], m.shape)
                ax.scatter(P[m], boundaries[:, ::every][m], s=9, color=col, zorder=3,
                           label=lab if lab not in seen else None)
                seen.add(lab)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=4, markerscale=2)
    if path is not None:
        ax.plot(path[0], path[1], color="cyan", lw=1.6)
        ax.plot(path[0][0], path[1][0], "o", color="cyan")
        ax.plot(path[0][-1], path[1][-1], "*", color="cyan", ms=12, mec="k")
    ax.set(xlim=(phis[0], phis[-1]), ylim=(rs[0], rs[-1]), xlabel=r"angle $\varphi$ of $\theta$",
           ylabel="offset $r$", title=title)
    ax.grid(False)
    return im


def plot_breaklines(ax: plt.Axes, x: np.ndarray, y: np.ndarray, w: np.ndarray, b: np.ndarray,
                    *, lim: float = 1.5, color: str = "0.4", title: str = "") -> plt.Axes:
    """Input-space picture of a 2-D shallow network's breaklines.

    Data points ``x`` coloured by ``y`` and the lines ``w_i·x + b_i = 0``, each drawn as
    ``x_2 = -(b_i + w_i1 x_1)/w_i2`` or ``x_1 = -(b_i + w_i2 x_2)/w_i1`` (whichever
    coefficient is larger).

    Parameters
    ----------
    ax : the axes to draw on.
    x : (N, 2) data; y : (N,) values.
    w : (n, 2) input weights; b : (n,) biases.
    lim : the square ``[-lim, lim]²`` shown; color, title : line colour, axes title.

    Returns
    -------
    matplotlib.collections.PathCollection : the data scatter.
    """
    x = validate.array(x, "x", shape=(None, 2))
    validate.array(y, "y", shape=(x.shape[0],))
    w = validate.array(w, "w", shape=(None, 2))
    validate.array(b, "b", shape=(w.shape[0],))
    lim = validate.real(lim, "lim", positive=True)
    t = np.linspace(-lim, lim, 2)
    for wi, bi in zip(w, b, strict=True):
        if abs(wi[1]) > abs(wi[0]):
            ax.plot(t, -(bi + wi[0] * t) / wi[1], color=color, lw=0.8, alpha=0.7)
        else:
            ax.plot(-(bi + wi[1] * t) / wi[0], t, color=color, lw=0.8, alpha=0.7)
    sc = ax.scatter(x[:, 0], x[:, 1], c=y, cmap="coolwarm", s=70, edgecolor="k", zorder=3)
    for j, xj in enumerate(x):
        ax.annotate(f"$x_{j + 1}$", xj, xytext=(6, 6), textcoords="offset points")
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="$x_1$", ylabel="$x_2$",
           title=title)
    return sc


def plot_cylinder_snapshot(ax: plt.Axes, phis_traj: np.ndarray, rs_traj: np.ndarray, k: int,
                           grid_phis: np.ndarray, boundaries: np.ndarray, *,
                           field: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
                           | None = None,
                           sinks: tuple[np.ndarray, np.ndarray] | None = None,
                           sinks_neg: tuple[np.ndarray, np.ndarray] | None = None,
                           signs: np.ndarray | None = None,
                           rlim: float = 1.5, title: str = "", legend: bool = True) -> plt.Axes:
    """Zero-planes on the cylinder ``(φ, r)`` at snapshot ``k``.

    Trajectories up to ``k`` (faded, unwrapped in φ and drawn with their ``±2π`` copies),
    current positions, the data curves, an optional quiver of unit arrows along the
    field, sinks for neurons with ``a > 0`` (stars) and ``a < 0`` (diamonds).

    Parameters
    ----------
    ax : the axes to draw on.
    phis_traj, rs_traj : (T, n) zero-planes per snapshot; k : ``0 <= k < T``.
    grid_phis : (P,) angles; boundaries : (N, P) data curves over them.
    field : optional ``(Φ, R, dΦ, dR)`` arrays of one shape.
    sinks, sinks_neg : optional ``(φ*, r*)`` arrays.
    signs : optional (n,) ``sign(a_i)`` colouring the neurons.
    rlim : the offsets shown, ``[-rlim, rlim]``; title, legend : axes title, legend.

    Returns
    -------
    matplotlib.axes.Axes : ``ax``.
    """
    phis_traj = validate.array(phis_traj, "phis_traj", ndim=2, finite=False)
    validate.array(rs_traj, "rs_traj", shape=phis_traj.shape, finite=False)
    k = validate.count(k, "k", minimum=0, maximum=phis_traj.shape[0] - 1)
    grid_phis = validate.array(grid_phis, "grid_phis", ndim=1)
    validate.array(boundaries, "boundaries", shape=(None, grid_phis.shape[0]),
                   finite=False)
    if signs is not None:
        validate.array(signs, "signs", shape=(phis_traj.shape[1],))
    if field is not None:
        if len(field) != 4:
            raise ValueError("field must be (phi, r, dphi, dr)")
        shape = np.shape(field[0])
        for name, v in zip(("phi", "r", "dphi", "dr"), field, strict=True):
            validate.array(v, f"field {name}", shape=shape, finite=False)
    rlim = validate.real(rlim, "rlim", positive=True)
    if field is not None:
        P, R, dP, dR = field
        nrm = np.hypot(dP, dR)
        nrm[nrm == 0] = 1
        ax.quiver(P, R, dP / nrm, dR / nrm, color="0.6", scale=40, width=0.003)
    for rj in boundaries:
        ax.plot(grid_phis, rj, color="k", lw=0.8)
    ph = np.unwrap(phis_traj[: k + 1], axis=0)
    n = phis_traj.shape[1]
    signs = np.ones(n) if signs is None else np.asarray(signs)
    cols = np.where(signs > 0, "C0", "C1")
    for i in range(n):
        for shift in (-2 * np.pi, 0.0, 2 * np.pi):
            ax.plot(ph[:, i] + shift, rs_traj[: k + 1, i], color=cols[i], lw=0.8, alpha=0.5)
    cur = np.mod(phis_traj[k], 2 * np.pi)
    ax.scatter(cur, rs_traj[k], c=list(cols), s=14, zorder=3)
    if sinks is not None:
        ax.plot(*sinks, "*", color="C0", ms=15, mec="k", ls="none", label="sink, $a_i>0$")
    if sinks_neg is not None:
        ax.plot(*sinks_neg, "D", color="C1", ms=9, mec="k", ls="none", label="sink, $a_i<0$")
    if legend and (sinks is not None or sinks_neg is not None):
        ax.legend(loc="upper right")
    ax.set(xlim=(0, 2 * np.pi), ylim=(-rlim, rlim), xlabel=r"$\varphi$", ylabel="$r$",
           title=title)
    return ax


def plot_breakplane_dynamics(fig: plt.Figure, k: int, *, x: np.ndarray, y: np.ndarray,
                             w: np.ndarray, b: np.ndarray, phis: np.ndarray,
                             rs: np.ndarray, step: np.ndarray, grid_phis: np.ndarray,
                             boundaries: np.ndarray, sinks: list | None = None,
                             sinks_neg: list | None = None,
                             signs: np.ndarray | None = None) -> plt.Figure:
    """Two panels at snapshot ``k`` of a training run of a 2-D shallow network.

    Left, :func:`plot_breaklines`: the data and the breaklines ``w_i·x + b_i = 0`` at
    snapshot ``k``; right, :func:`plot_cylinder_snapshot`: the zero-planes
    ``(φ_i, r_i)`` on the cylinder with their trajectories up to ``k``.

    Parameters
    ----------
    fig : the figure to draw on; it is cleared first.
    k : the snapshot, ``0 <= k < T``.
    x, y : data, (N, 2) and (N,).
    w, b : input weights (T, n, 2) and biases (T, n) per snapshot.
    phis, rs : zero-planes on the cylinder per snapshot, (T, n) each.
    step : (T,) the training step of each snapshot (shown in the title).
    grid_phis, boundaries : the data curves ``boundaries`` (N, P) over angles (P,).
    sinks, sinks_neg : optional lists of T pairs ``(φ*, r*)`` of sinks for neurons with
        ``a > 0`` / ``a < 0``.
    signs : optional (n,) signs of the output weights, colouring the neurons.

    Raises
    ------
    ValueError : an array whose shape does not match the others (named), ``k`` out of
        range, a list of sinks not of length T.
    """
    _check_run(x, y, w, b, phis, rs, step, grid_phis, boundaries, sinks, sinks_neg, signs)
    T = len(step)
    k = validate.count(k, "k", minimum=0, maximum=T - 1)
    fig.clear()
    ax1, ax2 = fig.subplots(1, 2, width_ratios=(1, 1.6))
    plot_breaklines(ax1, np.asarray(x, float), np.asarray(y, float),
                    np.asarray(w, float)[k], np.asarray(b, float)[k],
                    title=f"step {int(step[k])}")
    plot_cylinder_snapshot(ax2, np.asarray(phis, float), np.asarray(rs, float), k,
                           np.asarray(grid_phis, float), np.asarray(boundaries, float),
                           sinks=None if sinks is None else sinks[k],
                           sinks_neg=None if sinks_neg is None else sinks_neg[k],
                           signs=signs, title="zero-planes on the cylinder")
    return fig


def _check_run(x, y, w, b, phis, rs, step, grid_phis, boundaries, sinks=None,
               sinks_neg=None, signs=None) -> None:
    """Shapes of the arrays of :func:`plot_breakplane_dynamics` agree, or a named error."""
    x = validate.array(x, "x", shape=(None, 2), min_size=2)
    N = x.shape[0]
    validate.array(y, "y", shape=(N,))
    step = validate.array(step, "step", ndim=1, min_size=1)
    T = step.shape[0]
    w = validate.array(w, "w", shape=(T, None, 2))
    n = w.shape[1]
    for name, v in (("b", b), ("phis", phis), ("rs", rs)):
        validate.array(v, name, shape=(T, n))
    grid_phis = validate.array(grid_phis, "grid_phis", ndim=1, min_size=2)
    validate.array(boundaries, "boundaries", shape=(N, grid_phis.shape[0]), finite=False)
    for name, v in (("sinks", sinks), ("sinks_neg", sinks_neg)):
        if v is not None and len(v) != T:
            raise ValueError(f"{name} must hold one (phi, r) pair per snapshot ({T}), "
                             f"got {len(v)}")
    if signs is not None:
        validate.array(signs, "signs", shape=(n,))


def curve_colors(n: int) -> list:
    """``n`` distinct line colours.

    The style's cycle ``C0..C{n-1}`` for ``n <= 10``; beyond, ``tab20`` with the dark
    shades first, repeating after 20.

    Parameters
    ----------
    n : number of colours, ``n >= 0``.

    Returns
    -------
    list of matplotlib colours
    """
    n = validate.count(n, "n", minimum=0)
    if n <= 10:
        return [f"C{i}" for i in range(n)]
    tab = mpl.colormaps["tab20"].colors
    order = list(range(0, 20, 2)) + list(range(1, 20, 2))
    return [tab[order[i % 20]] for i in range(n)]


#: The colours of :func:`curve_styles`: the book's cycle without its grey and olive.
_STYLE_COLORS = ("C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7")
_STYLE_ROUNDS = {"ls": ("-", "--", ":", "-."), "marker": ("", "o", "s", "^")}


def curve_styles(n: int, *, vary: str = "ls") -> list[dict]:
    """``n`` line styles that stay distinguishable beyond the colour cycle.

    Up to 8 curves: solid lines in 8 distinct colours (the style's cycle without grey and
    olive). Beyond, the colours repeat and each round of 8 gets a new line style (solid,
    dashed, dotted, dash-dotted) or, with ``vary="marker"``, a new marker on solid lines
    (none, circles, squares, triangles), leaving the line style free for another meaning.
    No two of the first 32 curves look alike.

    Parameters
    ----------
    n : number of curves, ``n >= 0``.
    vary : ``"ls"`` or ``"marker"``: what changes from one round of 8 to the next.

    Returns
    -------
    list of dicts (``color`` and ``ls``, or ``color``, ``marker`` and ``ms``) for
    ``ax.plot(..., **style)``
    """
    n = validate.count(n, "n", minimum=0)
    if vary not in _STYLE_ROUNDS:
        raise ValueError(f"vary must be 'ls' or 'marker', got {vary!r}")
    k, rounds = len(_STYLE_COLORS), _STYLE_ROUNDS[vary]
    if vary == "ls":
        return [{"color": _STYLE_COLORS[i % k], "ls": rounds[(i // k) % len(rounds)]}
                for i in range(n)]
    return [{"color": _STYLE_COLORS[i % k], "marker": rounds[(i // k) % len(rounds)],
             "ms": 4} for i in range(n)]


def plot_metric_curves(ax: plt.Axes, curves: dict[str, tuple[np.ndarray, np.ndarray]], *,
                       xlabel: str = "", ylabel: str = "", logy: bool = False,
                       styles: dict[str, dict] | None = None, legend: bool = True) -> plt.Axes:
    """One line per entry ``label -> (x, y)`` of ``curves``, styled by :func:`curve_styles`.

    Parameters
    ----------
    ax : the axes to draw on.
    curves : label → ``(x, y)``, two 1-D arrays of one length; points where ``y`` is NaN
        or infinite (records without that value) are left out, so the line joins the rest.
    xlabel, ylabel : axis labels; logy : log ``y`` axis.
    styles : label → keyword arguments for ``ax.plot``; legend : draw a legend.

    Returns
    -------
    matplotlib.axes.Axes : ``ax``.
    """
    for lab, xy in curves.items():
        if len(xy) != 2:
            raise ValueError(f"curves[{lab!r}] must be a pair (x, y)")
        xv = validate.array(xy[0], f"curves[{lab!r}] x", ndim=1, finite=False)
        validate.array(xy[1], f"curves[{lab!r}] y", shape=xv.shape, finite=False)
    default = curve_styles(len(curves))
    for i, (lab, (xv, yv)) in enumerate(curves.items()):
        kw = {**default[i], "label": lab}
        kw.update((styles or {}).get(lab, {}))
        yv = np.asarray(yv, dtype=float)
        keep = np.isfinite(yv)  # leaves out the records without a value
        ax.plot(np.asarray(xv)[keep], yv[keep], **kw)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if legend:
        ax.legend(ncol=2)
    return ax


def plot_paired_bars(ax: plt.Axes, labels: list[str], before: np.ndarray, after: np.ndarray,
                     *, names: tuple[str, str] = ("start", "end"), ylabel: str = "",
                     ylim: tuple[float, float] | None = None) -> plt.Axes:
    """Side-by-side bars of two values per label (e.g. a statistic at start and end).

    Parameters
    ----------
    ax : the axes to draw on.
    labels : K labels; before, after : (K,) values.
    names : legend entries of the two bars; ylabel : axis label; ylim : optional limits.

    Returns
    -------
    matplotlib.axes.Axes : ``ax``.
    """
    before = validate.array(before, "before", shape=(len(labels),), finite=False)
    validate.array(after, "after", shape=before.shape, finite=False)
    pos = np.arange(len(labels))
    ax.bar(pos - 0.2, before, 0.4, label=names[0], color="0.6")
    ax.bar(pos + 0.2, after, 0.4, label=names[1], color="C0")
    ax.set_xticks(pos, labels, rotation=60, ha="right", fontsize=SMALL_FONT)
    ax.set(ylabel=ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.legend()
    return ax


def plot_similarity(ax: plt.Axes, S: np.ndarray, title: str = "") -> mpl.image.AxesImage:
    """A (cluster-sorted) similarity matrix as an image, values in ``[-1, 1]``.

    Parameters
    ----------
    ax : the axes to draw on.
    S : (n, n) matrix; title : axes title.

    Returns
    -------
    matplotlib.image.AxesImage
    """
    S = validate.array(S, "S", ndim=2, finite=False)
    if S.shape[0] != S.shape[1]:
        raise ValueError(f"S must be a square matrix, got shape {S.shape}")
    im = ax.imshow(S, cmap="gray", vmin=-1, vmax=1, interpolation="nearest")
    ax.set(title=title, xticks=[], yticks=[])
    ax.grid(False)
    return im


# --- ntk (chapter 9) ---


def loglog_curves(ax: plt.Axes, curves: list[tuple[np.ndarray, np.ndarray, str]],
                  refs: list[tuple[np.ndarray, np.ndarray, str]] = (), *, xlabel: str = "",
                  ylabel: str = "", title: str = "", marker: str = "o") -> plt.Axes:
    """Log-log plot of measured curves and dashed grey reference lines.

    Points with ``x <= 0``, ``y <= 0`` or non-finite ``y`` are skipped.

    Parameters
    ----------
    ax : the axes to draw on.
    curves : list of ``(x, y, label)`` drawn with markers and lines.
    refs : list of ``(x, y, label)`` drawn dashed.
    xlabel, ylabel, title : labels; marker : matplotlib marker of the curves.

    Returns
    -------
    matplotlib.axes.Axes : ``ax``.
    """
    for what, items in (("curves", curves), ("refs", refs)):
        for k, item in enumerate(items):
            if len(item) != 3:
                raise ValueError(f"{what}[{k}] must be (x, y, label)")
            xv = validate.array(item[0], f"{what}[{k}] x", ndim=1, finite=False)
            validate.array(item[1], f"{what}[{k}] y", shape=xv.shape, finite=False)
    for x, y, label in curves:
        x, y = np.asarray(x, float), np.asarray(y, float)
        keep = (x > 0) & (y > 0) & np.isfinite(y)
        ax.loglog(x[keep], y[keep], marker=marker, ms=3.5, label=label)
    for x, y, label in refs:
        ax.loglog(x, y, ls="--", color="0.4", lw=1.0, label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend()
    return ax


def degree_residuals(ax: plt.Axes, iterations: np.ndarray, measured: np.ndarray,
                     predicted: np.ndarray, degrees: list[int], *, title: str = "") -> plt.Axes:
    """Norm of the residual's degree-k part ``‖Π_k(f_t - f*)‖`` against ``t``.

    ``measured`` solid, ``predicted`` (e.g. ``(1 - η μ_k)^t`` times the start) dashed in
    the same colour, one colour per degree; log ``y`` axis.

    Parameters
    ----------
    ax : the axes to draw on.
    iterations : (R,) iterations t.
    measured, predicted : (R, K) values, column k for ``degrees[k]``.
    degrees : K degrees; title : axes title.

    Returns
    -------
    matplotlib.axes.Axes : ``ax``.
    """
    iterations = validate.array(iterations, "iterations", ndim=1)
    shape = (iterations.shape[0], len(degrees))
    validate.array(measured, "measured", shape=shape, finite=False)
    validate.array(predicted, "predicted", shape=shape, finite=False)
    for i, k in enumerate(degrees):
        line, = ax.semilogy(iterations, measured[:, i], label=f"degree {k}")
        ax.semilogy(iterations, predicted[:, i], ls="--", color=line.get_color(), lw=1.0)
    ax.plot([], [], ls="--", color="0.4", lw=1.0, label=r"$(1-\eta\mu_k)^t$")
    ax.set(xlabel="iteration $t$", ylabel=r"$\|\Pi_k(f_t - f^*)\|$", title=title)
    ax.legend()
    return ax


def steps_vs_penalty(ax: plt.Axes, results: list[tuple[str, np.ndarray, np.ndarray]], *,
                     title: str = "") -> plt.Axes:
    """Normalised steps to fit against the spectral penalty ``P`` on log-log axes.

    One ``(label, P, steps)`` per activation, with the identity line ``steps = P`` (the
    prediction). Targets never fitted (``steps = inf``) or with ``P = inf`` are drawn as
    open triangles on a line ten times above the largest finite step count.

    Parameters
    ----------
    ax : the axes to draw on.
    results : list of ``(label, P, steps)``, ``P`` and ``steps`` 1-D of one length.
    title : axes title.

    Returns
    -------
    matplotlib.axes.Axes : ``ax``.
    """
    if len(results) == 0:
        raise ValueError("results must hold at least one (label, P, steps)")
    for k, item in enumerate(results):
        if len(item) != 3:
            raise ValueError(f"results[{k}] must be (label, P, steps)")
        pv = validate.array(item[1], f"results[{k}] P", ndim=1, finite=False)
        validate.array(item[2], f"results[{k}] steps", shape=pv.shape, finite=False)
    finite = [s[np.isfinite(s) & np.isfinite(p)] for _, p, s in results]
    pfin = [p[np.isfinite(p)] for _, p, _ in results]
    top = 10 * max(float(np.max(f)) for f in finite if f.size)
    lo = min(float(np.min(p)) for p in pfin if p.size)
    hi = max(float(np.max(p)) for p in pfin if p.size)
    for label, p, s in results:
        ok = np.isfinite(s) & np.isfinite(p)
        pts = ax.loglog(p[ok], s[ok], "o", ms=4, label=label)[0]
        bad = ~ok
        if np.any(bad):
            xb = np.where(np.isfinite(p[bad]), p[bad], hi)
            ax.loglog(xb, np.full(bad.sum(), top), "^", ms=6, color=pts.get_color(),
                      mfc="none")
    grid = np.geomspace(lo / 2, hi * 2, 50)
    ax.loglog(grid, grid, ls="--", color="0.4", lw=1.0, label="prediction: steps = $P_\\sigma$")
    ax.axhline(top, color="0.7", lw=0.8)
    ax.text(lo, top * 1.3, "never fitted", fontsize=SMALL_FONT, color="0.4")
    ax.set(xlabel=r"spectral penalty $P_\sigma(\omega)$",
           ylabel=r"steps $\times\,\eta n / (2RL\log(1/\mathrm{tol}))$", title=title)
    ax.legend()
    return ax
