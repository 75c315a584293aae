"""Interactive explorers (ipywidgets): thin layers over plain plotting functions.

Each widget redraws a figure made by a function of :mod:`radonbook.plotting` from arrays
that a topic module computed; the book always shows a static figure beside it, so it is
complete without a kernel. One section per topic (``# --- <topic> ---``).
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from radonbook import plotting, validate

__all__ = [
    "EXPLORER_PARAMETERS",
    "activation_explorer",
    "breakplane_dynamics",
    "ct_scanner",
    "explorer",
]


def explorer(controls: list[widgets.Widget], draw: Callable[[Figure], object], *,
             figsize: tuple[float, float]) -> widgets.VBox:
    """Controls above one figure, redrawn by ``draw(fig)`` whenever a control changes.

    The figure lives outside pyplot's registry, so a later ``plt.show()`` in the notebook
    does not draw it a second time.

    Parameters
    ----------
    controls : the widgets whose ``value`` changes trigger a redraw.
    draw : called with the cleared figure; draws on it.
    figsize : ``(width, height)`` in inches, both positive.

    Returns
    -------
    ipywidgets.VBox : the controls in a row above the figure; ``box.figure`` is the figure.
    """
    if not callable(draw):
        raise TypeError(f"draw must be a function of the figure, got {type(draw).__name__}")
    for i, control in enumerate(controls):
        if not isinstance(control, widgets.Widget):
            raise TypeError(f"controls[{i}] must be an ipywidget, got "
                            f"{type(control).__name__}")
    figsize = tuple(validate.array(figsize, "figsize", shape=(2,)))
    for name, v in zip(("figsize[0]", "figsize[1]"), figsize, strict=True):
        validate.real(v, name, positive=True)
    from IPython.display import display

    out = widgets.Output()
    fig = Figure(figsize=figsize, layout="constrained")

    def redraw(change: dict | None = None) -> None:
        fig.clear()
        draw(fig)
        out.clear_output(wait=True)
        with out:
            display(fig)

    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    box = widgets.VBox([widgets.HBox(controls), out])
    box.figure = fig  # for tests and for saving a snapshot
    return box


# --- adaptive (chapter 7) ---


def breakplane_dynamics(*, x: np.ndarray, y: np.ndarray, w: np.ndarray, b: np.ndarray,
                        phis: np.ndarray, rs: np.ndarray, step: np.ndarray,
                        grid_phis: np.ndarray, boundaries: np.ndarray,
                        sinks: list | None = None, sinks_neg: list | None = None,
                        signs: np.ndarray | None = None,
                        figsize: tuple[float, float] = (plotting.COLUMN_WIDTH, 3.2),
                        ) -> widgets.VBox:
    """Time slider over the T snapshots of a training run, drawing
    :func:`radonbook.plotting.plot_breakplane_dynamics` (breaklines ``w_i·x + b_i = 0`` in
    input space and the zero-planes ``(φ_i, r_i)`` with the sinks of the shared field on
    the cylinder).

    Parameters
    ----------
    x, y, w, b, phis, rs, step, grid_phis, boundaries, sinks, sinks_neg, signs :
        as for :func:`radonbook.plotting.plot_breakplane_dynamics` (arrays with a leading
        snapshot axis T: ``w`` (T, n, 2), ``b``, ``phis``, ``rs`` (T, n), ``step`` (T,)).
    figsize : the figure's size in inches.

    Raises
    ------
    ValueError : arrays whose shapes do not agree (the message names the argument).
    """
    arrays = dict(x=x, y=y, w=w, b=b, phis=phis, rs=rs, step=step, grid_phis=grid_phis,
                  boundaries=boundaries, sinks=sinks, sinks_neg=sinks_neg, signs=signs)
    plotting._check_run(**arrays)
    slider = widgets.IntSlider(value=0, min=0, max=len(step) - 1, step=1,
                               description="snapshot", continuous_update=False)
    return explorer([slider],
                    lambda fig: plotting.plot_breakplane_dynamics(fig, slider.value, **arrays),
                    figsize=figsize)


# --- radon (chapter 2) ---


def ct_scanner(image, sinogram, angles, offsets, *, n_pixels: int = 128,
               figsize: tuple[float, float] = (plotting.COLUMN_WIDTH, 4.6),
               ) -> widgets.VBox:
    """Angle slider over a CT scan, drawing :func:`radonbook.plotting.plot_ct_scan`: beams
    through ``image``, the projection at that angle, the sinogram so far, and its plain and
    ramp-filtered back-projections (:func:`radonbook.radon.partial_backprojections`, on
    ``n_pixels``² pixels, computed once per angle index and kept).

    ``sinogram`` has shape ``(n_offsets, n_angles)`` on ``offsets`` and ``angles`` (radians).

    Raises
    ------
    ValueError : arrays whose shapes do not agree (named), fewer than two angles or
        offsets, ``n_pixels`` below 2.
    """
    from radonbook import radon

    image = validate.array(image, "image", ndim=2, finite=False)
    angles = validate.array(angles, "angles", ndim=1, min_size=2)
    offsets = validate.array(offsets, "offsets", ndim=1, min_size=2)
    sinogram = validate.array(sinogram, "sinogram", shape=(len(offsets), len(angles)))
    n_pixels = validate.count(n_pixels, "n_pixels", minimum=2)
    slider = widgets.IntSlider(value=len(angles) // 3, min=1, max=len(angles) - 1, step=1,
                               description="angle index", continuous_update=False)

    backprojections: dict[int, tuple] = {}  # angle index -> (plain, filtered), once each

    def draw(fig: Figure) -> None:
        k = slider.value
        if k not in backprojections:
            backprojections[k] = radon.partial_backprojections(sinogram, angles, k,
                                                               n_pixels, offsets)
        plotting.plot_ct_scan(fig, k, image, sinogram, angles, offsets,
                              backprojections=backprojections[k], ncols=3)

    return explorer([slider], draw, figsize=figsize)


# --- activations and spectral penalties (chapter 5) ---

#: the parameter the explorer's slider sets, per activation: (name, min, max, step)
EXPLORER_PARAMETERS = {
    "relu_power": ("k", 0.0, 4.0, 0.5), "softplus_power": ("k", 0.0, 4.0, 0.5),
    "gfunction": ("p", 0.5, 4.0, 0.25), "sinc": ("W", 1.0, 24.0, 1.0),
    "sinc2": ("W", 1.0, 24.0, 1.0), "wavepacket": ("omega0", 0.0, 12.0, 1.0),
    "logistic": ("beta", 0.25, 8.0, 0.25), "softplus": ("beta", 0.25, 8.0, 0.25),
}


def _activation_curves(act, t: np.ndarray, omega: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """σ(t), |σ̂(ω)| and the activation factor 1/|σ̂(ω)|² of one activation."""
    return (np.asarray(act(t), float), np.abs(act.fourier(omega)),
            np.asarray(act.penalty(omega), float))


def activation_explorer(names: list[str] | None = None, target_names: list[str] | None = None,
                        *, n_train: int = 196, n_neurons: int = 600,
                        rng: validate.RNGLike = 0,
                        figsize: tuple[float, float] = (plotting.COLUMN_WIDTH, 5.4),
                        ) -> widgets.VBox:
    """Choose an activation σ, its parameter and a 2-D target; see the kernel-regime fit.

    Draws :func:`radonbook.plotting.activation_panels`: σ(t), |σ̂(ω)| and the activation
    factor 1/|σ̂(ω)|², the minimum-norm kernel-regime fit of the target
    (:func:`radonbook.spectral.kernel_fit_spectrum` with ``n_train`` points and
    ``n_neurons`` zero-planes) and the total magnitude ``M(ρ)`` of fit and target. Every
    fit uses the same data and zero-planes, drawn from ``rng``; each (activation,
    parameter, target) is fitted once and kept, so revisiting a choice costs nothing.

    Parameters
    ----------
    names : activation names (default: all of :func:`radonbook.activations.names` but
        ``"dirac"``).
    target_names : target names (default: all of :func:`radonbook.targets.names`).
    n_train, n_neurons : sizes of the fit, as for ``kernel_fit_spectrum``.
    rng : int seed, ``numpy.random.Generator`` or ``None`` (SPEC 7). An int is passed to
        every fit as is; from a generator one seed is drawn once for all fits.
    figsize : the figure's size in inches.

    Raises
    ------
    ValueError : an unknown activation or target name, an empty list, a size below 1.
    TypeError : a size that is not an integer, an ``rng`` of the wrong kind.
    """
    from radonbook import activations, spectral, targets

    names = ([n for n in activations.names() if n != "dirac"] if names is None
             else list(names))
    target_names = list(targets.names()) if target_names is None else list(target_names)
    for arg, chosen, options in (("names", names, activations.names()),
                                 ("target_names", target_names, targets.names())):
        if not chosen:
            raise ValueError(f"{arg} must name at least one entry")
        for n in chosen:
            validate.choice(n, arg, list(options))
    n_train = validate.count(n_train, "n_train")
    n_neurons = validate.count(n_neurons, "n_neurons")
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, (bool, np.bool_)):
        validate.rng(rng)  # refuses a negative seed
        fit_rng = int(rng)
    else:
        fit_rng = int(validate.rng(rng).integers(2**63))

    act_box = widgets.Dropdown(options=names, value="relu" if "relu" in names else names[0],
                               description="activation")
    param = widgets.FloatSlider(value=1.0, min=0.0, max=1.0, description="parameter",
                                continuous_update=False)
    tgt_box = widgets.Dropdown(options=target_names, value=target_names[0],
                               description="target")
    t, omega = np.linspace(-4, 4, 400), np.linspace(0.05, 30, 400)
    cache: dict[tuple, tuple] = {}  # (activation, parameter, target) -> curves, fit

    def sync_slider(change: dict | None = None) -> None:
        spec = EXPLORER_PARAMETERS.get(act_box.value)
        param.disabled = spec is None  # activations without a parameter ignore the slider
        if spec is not None:
            name, lo, hi, step = spec
            default = activations.defaults(act_box.value)[name]
            with param.hold_trait_notifications():
                param.min, param.max, param.step = lo, hi, step
                param.value = float(np.clip(default, lo, hi))
            param.description = name

    def draw(fig: Figure) -> None:
        spec = EXPLORER_PARAMETERS.get(act_box.value)
        kwargs = {} if spec is None else {spec[0]: param.value}
        key = (act_box.value, tuple(kwargs.items()), tgt_box.value)
        if key not in cache:
            act = activations.get(act_box.value, **kwargs)
            fit = spectral.kernel_fit_spectrum(act, targets.get(tgt_box.value),
                                               n_train=n_train, n_neurons=n_neurons,
                                               rng=fit_rng)
            cache[key] = (act.label, _activation_curves(act, t, omega), fit)
        label, (sigma, magnitude, penalty), fit = cache[key]
        plotting.activation_panels(fig, t=t, sigma=sigma, omega=omega, magnitude=magnitude,
                                   penalty=penalty, fit=fit.fit, x_train=fit.x_train,
                                   radii=fit.radii, M_fit=fit.M_fit, M_truth=fit.M_truth,
                                   test_mse=fit.test_mse, reached=fit.reached, label=label,
                                   title=tgt_box.value, ncols=2)

    act_box.observe(sync_slider, names="value")
    sync_slider()
    box = explorer([act_box, param, tgt_box], draw, figsize=figsize)
    box.cache = cache  # for tests: the fits computed so far
    return box
