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


def ct_scanner(image, sinogram, angles, offsets, *, figsize: tuple[float, float] = (10.0, 3.4)
               ) -> widgets.VBox:
    """Angle slider over a CT scan, drawing :func:`radonbook.plotting.plot_ct_scan`
    (beams through ``image``, the projection at that angle and the sinogram so far).

    ``sinogram`` has shape ``(n_offsets, n_angles)`` on ``offsets`` and ``angles`` (radians).
    """
    slider = widgets.IntSlider(value=len(angles) // 3, min=0, max=len(angles) - 1, step=1,
                               description="angle index", continuous_update=False)
    return explorer(
        [slider],
        lambda fig: plotting.plot_ct_scan(fig, slider.value, image, sinogram, angles, offsets),
        figsize=figsize)
