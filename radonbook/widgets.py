"""Interactive explorers (ipywidgets): thin layers over plain plotting functions.

Each widget redraws a figure made by a function of :mod:`radonbook.plotting` from arrays
that a topic module computed; the book always shows a static figure beside it, so it is
complete without a kernel. One section per topic (``# --- <topic> ---``).
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
from matplotlib.figure import Figure

from radonbook import plotting


def explorer(controls: list[widgets.Widget], draw: Callable[[Figure], object], *,
             figsize: tuple[float, float]) -> widgets.VBox:
    """Controls above one figure, redrawn by ``draw(fig)`` whenever a control changes.

    The figure lives outside pyplot's registry, so a later ``plt.show()`` in the notebook
    does not draw it a second time.
    """
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


def breakplane_dynamics(data: dict, *, figsize: tuple[float, float] = (9.5, 3.8)
                        ) -> widgets.VBox:
    """Time slider over the snapshots of a training run, drawing
    :func:`radonbook.plotting.plot_breakplane_dynamics` (breaklines in input space and the
    zero-planes with the sinks of the shared field on the cylinder).

    ``data`` as for ``plot_breakplane_dynamics`` (arrays with a leading snapshot axis T).
    """
    slider = widgets.IntSlider(value=0, min=0, max=len(data["step"]) - 1, step=1,
                               description="snapshot", continuous_update=False)
    return explorer([slider],
                    lambda fig: plotting.plot_breakplane_dynamics(fig, slider.value, data),
                    figsize=figsize)


# --- radon (chapter 2) ---


def ct_scanner(image, sinogram, angles, offsets, *, n_pixels: int = 128,
               figsize: tuple[float, float] = (15.0, 3.4)) -> widgets.VBox:
    """Angle slider over a CT scan, drawing :func:`radonbook.plotting.plot_ct_scan`: beams
    through ``image``, the projection at that angle, the sinogram so far, and its plain and
    ramp-filtered back-projections (:func:`radonbook.radon.partial_backprojections`).

    ``sinogram`` has shape ``(n_offsets, n_angles)`` on ``offsets`` and ``angles`` (radians).
    """
    from radonbook import radon

    slider = widgets.IntSlider(value=len(angles) // 3, min=1, max=len(angles) - 1, step=1,
                               description="angle index", continuous_update=False)

    def draw(fig: Figure) -> None:
        bp = radon.partial_backprojections(sinogram, angles, slider.value, n_pixels, offsets)
        plotting.plot_ct_scan(fig, slider.value, image, sinogram, angles, offsets,
                              backprojections=bp)

    return explorer([slider], draw, figsize=figsize)


# --- activations and spectral penalties (chapter 5) ---

#: the parameter the explorer's slider sets, per activation: (name, min, max, step)
EXPLORER_PARAMETERS = {
    "relu_power": ("k", 0.0, 4.0, 0.5), "softplus_power": ("k", 0.0, 4.0, 0.5),
    "gfunction": ("p", 0.5, 4.0, 0.25), "sinc": ("W", 1.0, 24.0, 1.0),
    "sinc2": ("W", 1.0, 24.0, 1.0), "wavepacket": ("omega0", 0.0, 12.0, 1.0),
    "logistic": ("beta", 0.25, 8.0, 0.25), "softplus": ("beta", 0.25, 8.0, 0.25),
}


def activation_explorer(names: list[str] | None = None, target_names: list[str] | None = None,
                        *, n_train: int = 196, n_neurons: int = 600, seed: int = 0,
                        figsize: tuple[float, float] = (13.0, 3.2)) -> widgets.VBox:
    """Choose an activation, its parameter and a 2-D target: σ, |σ̂| and the penalty, the
    kernel-regime fit (:func:`radonbook.spectral.kernel_fit_spectrum`, data and zero-planes
    drawn from ``seed``) and its spectrum, drawn by
    :func:`radonbook.plotting.activation_panels`."""
    import numpy as np

    from radonbook import activations, spectral, targets

    names = names or [n for n in activations.names() if n != "dirac"]
    target_names = target_names or list(targets.names())
    act_box = widgets.Dropdown(options=names, value="relu" if "relu" in names else names[0],
                               description="activation")
    param = widgets.FloatSlider(value=1.0, min=0.0, max=1.0, description="parameter",
                                continuous_update=False)
    tgt_box = widgets.Dropdown(options=target_names, value=target_names[0],
                               description="target")
    t, omega = np.linspace(-4, 4, 400), np.linspace(0.05, 30, 400)

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
        act = activations.get(act_box.value, **kwargs)
        fit = spectral.kernel_fit_spectrum(act, targets.get(tgt_box.value), n_train=n_train,
                                           n_neurons=n_neurons, seed=seed)
        plotting.activation_panels(fig, act, t, omega, fit, title=tgt_box.value)

    act_box.observe(sync_slider, names="value")
    sync_slider()
    return explorer([act_box, param, tgt_box], draw, figsize=figsize)
