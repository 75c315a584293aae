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


def breakplanes(ax: plt.Axes, theta: np.ndarray, r: np.ndarray, *, box: float = 1.0,
                colors=None, **kwargs) -> None:
    """Draw the zero-planes ``{x : θ_i·x = r_i}`` of 2-D neurons as lines clipped to
    the square ``[-box, box]²``. ``theta`` has shape (n, 2), ``r`` shape (n,)."""
    theta, r = np.asarray(theta, float), np.asarray(r, float)
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
    """Show a sinogram ``(n_offsets, n_angles)``: angle φ (degrees) across, offset t up."""
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
                 backprojections: tuple[np.ndarray, np.ndarray] | None = None) -> plt.Figure:
    """CT scan at angle ``angles[index]``: beams through the image, the projection, and
    the sinogram recorded so far (columns ``0..index``); with ``backprojections`` =
    (plain, ramp-filtered) images of those columns
    (``radonbook.radon.partial_backprojections``), two more panels. Draws on ``fig``."""
    fig.clear()
    if backprojections is None:
        ax_img, ax_proj, ax_sino = fig.subplots(1, 3, width_ratios=[1, 0.8, 1.2])
    else:
        ax_img, ax_proj, ax_sino, ax_bp, ax_fbp = fig.subplots(
            1, 5, width_ratios=[1, 0.8, 1.2, 1, 1])
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
                points: list[np.ndarray] | None = None, ncols: int = 4,
                panel: float = 2.2) -> plt.Figure:
    """Fits of a 2-D regression as a grid of images (the paper's Fig. 6).

    ``images[k]`` is a (H, W) array on ``extent`` (rows = y, bottom to top), NaN outside the
    region of interest; ``points[k]`` an optional (N, 2) array of training inputs drawn on
    top. Each panel gets its own symmetric colour scale (``RdBu_r``) and colour bar.
    """
    if len(images) != len(titles):
        raise ValueError("images and titles must have the same length")
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


def spectrum_gallery(omega: np.ndarray, entries: list, *, ncols: int = 4,
                     panel_size: tuple[float, float] = (2.6, 1.9)) -> plt.Figure:
    """Small multiples, one per activation: ``|σ̂(ω)|`` and the activation factor
    ``1/|σ̂(ω)|²`` on a log axis. ``entries`` is a list of ``(label, abs_hat, factor)``
    with arrays shaped like ``omega``; non-finite or non-positive values are not drawn."""
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
        ax.set_title(label, fontsize="small")
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
    """A grid of images ``images[i][j]`` (``None`` draws an empty cell marked "—"), one
    colour range per column (``vlims[j]``; values outside are clipped)."""
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
                ax.set_title(col_labels[j], fontsize="small")
            if j == 0:
                ax.set_ylabel(row_labels[i], fontsize="x-small", rotation=0, ha="right",
                              va="center")
    return fig


def magnitude_panels(rho: np.ndarray, curves: list[dict], references: list[np.ndarray],
                     titles: list[str], *, ncols: int = 3) -> plt.Figure:
    """Total magnitude ``M(ρ)`` per target: panel ``k`` draws ``curves[k]`` (label → array)
    and, thick and black, the target's own ``references[k]``; log ``y`` axis."""
    n = len(titles)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.2 * nrows), squeeze=False)
    cmap = plt.get_cmap("tab20")
    for k, ax in enumerate(axes.flat):
        if k >= n:
            ax.axis("off")
            continue
        for m, (label, vals) in enumerate(curves[k].items()):
            ax.plot(rho, vals, color=cmap(m % 20), lw=1.0, label=label)
        ax.plot(rho, references[k], color="k", lw=2.4, label="target")
        ax.set_yscale("log")
        ax.set_title(titles[k])
        ax.set_xlabel(r"$\rho = |\xi|$")
        ax.set_ylabel(r"$M(\rho)$")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside right center", fontsize="x-small")
    return fig


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown (MyST) table from a header and rows of already formatted strings.

    A ``|`` inside a cell would split it, so it is written ``\\vert`` (cells with a bar are
    expected to be LaTeX math, e.g. ``$\\log|t|$``)."""
    def row(cells):
        return "| " + " | ".join(str(c).replace("|", r"\vert ") for c in cells) + " |"
    lines = [row(header), "|" + "---|" * len(header)] + [row(r) for r in rows]
    return "\n".join(lines)


def html_table(header: list[str], rows: list[list[str]], caption: str = "") -> str:
    """An HTML table (inline ``$...$`` math is typeset by MathJax) from a header and rows of
    already formatted strings; for results shown on another page (see :func:`glue`)."""
    import html
    import re

    def cell(tag, value):
        # MathJax (as the book configures it) reads inline math between \( and \)
        text = re.sub(r"[$]([^$]+)[$]", r"\\(\1\\)", html.escape(str(value), quote=False))
        return f"<{tag}>{text}</{tag}>"

    def cells(tag, values):
        return "".join(cell(tag, v) for v in values)

    body = "".join(f"<tr>{cells('td', r)}</tr>" for r in rows)
    cap = f"<caption>{html.escape(caption, quote=False)}</caption>" if caption else ""
    return (f'<div class="mathjax_process"><table class="table">{cap}<thead><tr>'
            f"{cells('th', header)}</tr></thead><tbody>{body}</tbody></table></div>")


def glue(name: str, html_text: str) -> None:
    """Store an HTML fragment under ``name`` for other pages of the book
    (``myst_nb.glue``: pasted with the ``{glue}`` directive and its ``:doc:`` option);
    does nothing where myst-nb is not installed (e.g. on Colab)."""
    try:
        from IPython.display import HTML
        from myst_nb import glue as _glue
    except ImportError:
        return
    _glue(name, HTML(html_text), display=False)


def activation_panels(fig: plt.Figure, act, t: np.ndarray, omega: np.ndarray, fit: dict,
                      title: str = "") -> plt.Figure:
    """Four panels for one activation: σ(t); |σ̂(ω)| and the activation factor 1/|σ̂|²
    (log scale); the kernel-regime fit ``fit["fit"]`` of a 2-D target (with its training
    points); and the total magnitude ``M(ρ)`` of the fit against the target's
    (``fit`` as returned by ``radonbook.spectral.kernel_fit_spectrum``)."""
    fig.clear()
    ax_s, ax_f, ax_img, ax_m = fig.subplots(1, 4, width_ratios=[1, 1, 1, 1.2])
    ax_s.plot(t, act(t))
    ax_s.set_title(rf"$\sigma(t)$: {act.label}")
    ax_s.set_xlabel("$t$")
    F, pen = np.abs(act.fourier(omega)), act.penalty(omega)
    shown = lambda v: np.where((v > 1e-150) & (v < 1e150), v, np.nan)  # log axes overflow
    ax_f.semilogy(omega, shown(F), label=r"$|\hat\sigma(\omega)|$")
    ax_f.semilogy(omega, shown(pen), "--", label=r"$|\hat\sigma|^{-2}$")
    ax_f.set_xlabel(r"$\omega$")
    ax_f.legend()
    ax_f.set_title("transform and penalty")
    image_axes(ax_img, fit["fit"], (-1, 1, -1, 1), colorbar=False,
               title="fit" + ("" if fit["reached"] else " (cannot fit)"))
    ax_img.plot(*fit["x_train"].T, "k.", ms=1.5)
    ax_m.plot(fit["radii"], fit["M_truth"], "k", lw=1, label="target")
    ax_m.plot(fit["radii"], fit["M_fit"], label="fit")
    ax_m.set_yscale("log")
    ax_m.set_xlabel(r"$\rho = |\xi|$")
    ax_m.set_title(rf"$M(\rho)$, test MSE {fit['test_mse']:.2g}")
    ax_m.legend()
    if title:
        fig.suptitle(title)
    return fig


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
    """Heat map of one neuron's loss ``loss`` (P, R) over ``(φ, r)`` with the data curves
    ``boundaries`` (N, P); ``labels`` (N, P) colour markers by boundary type (every
    ``every``-th angle); ``path = (phis, rs)`` draws a trajectory."""
    im = ax.imshow(loss.T, origin="lower", aspect="auto", cmap="magma",
                   extent=(phis[0], phis[-1], rs[0], rs[-1]))
    ax.figure.colorbar(im, ax=ax, shrink=0.85, label="loss")
    for j, rj in enumerate(boundaries):
        ax.plot(phis, rj, color="white", lw=0.8, alpha=0.8)
        ax.annotate(f"$x_{j + 1}$", (phis[0], rj[0]), color="white", fontsize="small",
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
    """Input-space picture: data points ``x`` (N, 2) coloured by ``y`` and the breaklines
    ``w_i·x + b_i = 0`` of ``w`` (n, 2), ``b`` (n,)."""
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
    """Zero-planes on the cylinder ``(φ, r)`` at snapshot ``k``: trajectories
    ``phis_traj``/``rs_traj`` (T, n) up to ``k`` (faded), current positions, the data
    curves ``boundaries`` (N, P) over ``grid_phis``, an optional quiver
    ``field = (Φ, R, dΦ, dR)``, sinks ``(φ*, r*)`` for neurons with ``a > 0`` (stars) and
    ``sinks_neg`` for ``a < 0`` (diamonds); ``signs`` (n,) = sign(a_i) colours neurons."""
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
        ax.legend(loc="upper right", fontsize="x-small")
    ax.set(xlim=(0, 2 * np.pi), ylim=(-rlim, rlim), xlabel=r"$\varphi$", ylabel="$r$",
           title=title)
    return ax


def plot_breakplane_dynamics(fig: plt.Figure, k: int, data: dict) -> plt.Figure:
    """Two panels at snapshot ``k`` of a training run: breaklines in input space and the
    zero-planes on the cylinder. ``data`` holds ``x``, ``y``, ``w`` (T, n, 2), ``b`` (T, n),
    ``phis``, ``rs`` (T, n), ``step`` (T,), ``grid_phis``, ``boundaries`` (N, P) and
    optionally ``sinks``/``sinks_neg``: lists (T) of ``(φ*, r*)`` arrays, ``signs`` (n,)."""
    fig.clear()
    ax1, ax2 = fig.subplots(1, 2, width_ratios=(1, 1.6))
    plot_breaklines(ax1, data["x"], data["y"], data["w"][k], data["b"][k],
                    title=f"step {int(data['step'][k])}")
    sinks, sinks_neg = data.get("sinks"), data.get("sinks_neg")
    plot_cylinder_snapshot(ax2, data["phis"], data["rs"], k, data["grid_phis"],
                           data["boundaries"], sinks=None if sinks is None else sinks[k],
                           sinks_neg=None if sinks_neg is None else sinks_neg[k],
                           signs=data.get("signs"), title="zero-planes on the cylinder")
    return fig


def curve_colors(n: int) -> list:
    """``n`` distinct line colours: the style's cycle up to 10, ``tab20`` beyond."""
    if n <= 10:
        return [f"C{i}" for i in range(n)]
    tab = mpl.colormaps["tab20"].colors
    order = list(range(0, 20, 2)) + list(range(1, 20, 2))
    return [tab[order[i % 20]] for i in range(n)]


def plot_metric_curves(ax: plt.Axes, curves: dict[str, tuple[np.ndarray, np.ndarray]], *,
                       xlabel: str = "", ylabel: str = "", logy: bool = False,
                       styles: dict[str, dict] | None = None, legend: bool = True) -> plt.Axes:
    """One line per entry ``label -> (x, y)`` of ``curves``; ``styles[label]`` passes
    keyword arguments to ``ax.plot``."""
    colors = curve_colors(len(curves))
    for i, (lab, (xv, yv)) in enumerate(curves.items()):
        kw = {"color": colors[i], "label": lab}
        kw.update((styles or {}).get(lab, {}))
        ax.plot(xv, yv, **kw)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if legend:
        ax.legend(fontsize="x-small", ncol=2)
    return ax


def plot_paired_bars(ax: plt.Axes, labels: list[str], before: np.ndarray, after: np.ndarray,
                     *, names: tuple[str, str] = ("start", "end"), ylabel: str = "",
                     ylim: tuple[float, float] | None = None) -> plt.Axes:
    """Side-by-side bars of two values per label (e.g. a statistic at start and end)."""
    pos = np.arange(len(labels))
    ax.bar(pos - 0.2, before, 0.4, label=names[0], color="0.6")
    ax.bar(pos + 0.2, after, 0.4, label=names[1], color="C0")
    ax.set_xticks(pos, labels, rotation=60, ha="right", fontsize="small")
    ax.set(ylabel=ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.legend()
    return ax


def plot_similarity(ax: plt.Axes, S: np.ndarray, title: str = "") -> mpl.image.AxesImage:
    """A (cluster-sorted) similarity matrix as an image, values in [-1, 1]."""
    im = ax.imshow(S, cmap="gray", vmin=-1, vmax=1, interpolation="nearest")
    ax.set(title=title, xticks=[], yticks=[])
    ax.grid(False)
    return im


# --- ntk (chapter 9) ---


def loglog_curves(ax: plt.Axes, curves: list[tuple[np.ndarray, np.ndarray, str]],
                  refs: list[tuple[np.ndarray, np.ndarray, str]] = (), *, xlabel: str = "",
                  ylabel: str = "", title: str = "", marker: str = "o") -> plt.Axes:
    """Log-log plot of ``curves`` ``(x, y, label)`` (markers and lines) and dashed grey
    reference lines ``refs`` ``(x, y, label)``. Non-positive values are skipped."""
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
    """Norm of the residual's degree-k part against iterations: ``measured`` (R, K) solid,
    ``predicted`` (R, K) dashed in the same colour, one colour per degree."""
    for i, k in enumerate(degrees):
        line, = ax.semilogy(iterations, measured[:, i], label=f"degree {k}")
        ax.semilogy(iterations, predicted[:, i], ls="--", color=line.get_color(), lw=1.0)
    ax.plot([], [], ls="--", color="0.4", lw=1.0, label=r"$(1-\eta\mu_k)^t$")
    ax.set(xlabel="iteration $t$", ylabel=r"$\|\Pi_k(f_t - f^*)\|$", title=title)
    ax.legend()
    return ax


def steps_vs_penalty(ax: plt.Axes, results: list[tuple[str, np.ndarray, np.ndarray]], *,
                     title: str = "") -> plt.Axes:
    """Normalised steps to fit against the spectral penalty ``P`` on log-log axes, one
    ``(label, P, steps)`` per activation, with the identity line (the prediction). Targets
    never fitted (``steps = inf``) or with ``P = inf`` are drawn as triangles at the top."""
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
    ax.text(lo, top * 1.3, "never fitted", fontsize="small", color="0.4")
    ax.set(xlabel=r"spectral penalty $P_\sigma(\omega)$",
           ylabel=r"steps $\times\,\eta n / (2RL\log(1/\mathrm{tol}))$", title=title)
    ax.legend()
    return ax
