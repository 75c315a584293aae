"""Plotting draws the arrays it is given (no evaluation of its own) and names bad input."""

import inspect

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from radonbook import adaptive, plotting, widgets  # noqa: E402


def _panels_arrays(rng):
    t, omega, radii = np.linspace(-2, 2, 30), np.linspace(0.1, 5, 25), np.linspace(0.5, 9, 12)
    return dict(t=t, sigma=rng.normal(size=30), omega=omega,
                magnitude=np.exp(-omega), penalty=np.exp(2 * omega),
                fit=rng.normal(size=(8, 8)), x_train=rng.uniform(-1, 1, (15, 2)),
                radii=radii, M_fit=np.exp(-radii), M_truth=np.exp(-radii / 2),
                test_mse=0.0123)


def test_activation_panels_draws_exactly_the_given_arrays():
    a = _panels_arrays(np.random.default_rng(0))
    fig = Figure()
    plotting.activation_panels(fig, **a, reached=False, label="made up", title="target")
    ax_s, ax_f, ax_img, ax_m = fig.axes
    np.testing.assert_array_equal(ax_s.lines[0].get_ydata(), a["sigma"])
    assert ax_s.get_title().endswith("made up")
    np.testing.assert_allclose(ax_f.lines[0].get_ydata(), a["magnitude"])
    np.testing.assert_allclose(ax_f.lines[1].get_ydata(), a["penalty"])
    np.testing.assert_array_equal(ax_img.get_images()[0].get_array(), a["fit"])
    np.testing.assert_array_equal(ax_img.lines[0].get_xdata(), a["x_train"][:, 0])
    assert "cannot fit" in ax_img.get_title()
    np.testing.assert_array_equal(ax_m.lines[0].get_ydata(), a["M_truth"])
    np.testing.assert_array_equal(ax_m.lines[1].get_ydata(), a["M_fit"])
    assert "0.012" in ax_m.get_title()
    assert fig._suptitle.get_text() == "target"


def test_activation_panels_hides_values_a_log_axis_cannot_show():
    a = _panels_arrays(np.random.default_rng(1))
    a["penalty"] = np.full_like(a["omega"], np.inf)
    a["magnitude"][:3] = 0.0
    fig = Figure()
    plotting.activation_panels(fig, **a)
    ax_f = fig.axes[1]
    assert np.isnan(ax_f.lines[0].get_ydata()[:3]).all()
    assert np.isnan(ax_f.lines[1].get_ydata()).all()


@pytest.mark.parametrize("name, bad", [
    ("sigma", np.zeros(29)), ("penalty", np.zeros(3)), ("x_train", np.zeros((4, 3))),
    ("M_fit", np.zeros(11)), ("fit", np.zeros(8)), ("t", np.zeros((2, 2))),
])
def test_activation_panels_names_a_wrong_shape(name, bad):
    a = _panels_arrays(np.random.default_rng(2))
    with pytest.raises(ValueError, match=name):
        plotting.activation_panels(Figure(), **{**a, name: bad})


def test_activation_panels_takes_arrays_not_an_activation():
    params = inspect.signature(plotting.activation_panels).parameters
    assert "act" not in params
    assert all(p.kind is p.KEYWORD_ONLY for n, p in params.items() if n != "fig")


def _run(rng, T=4, n=3):
    x, y = rng.uniform(-1, 1, (3, 2)), rng.normal(size=3)
    w, b = rng.normal(size=(T, n, 2)), rng.normal(size=(T, n))
    grid = np.linspace(0, 2 * np.pi, 40)
    phis = np.arctan2(w[..., 1], w[..., 0]) % (2 * np.pi)
    return dict(x=x, y=y, w=w, b=b, phis=phis, rs=-b / np.linalg.norm(w, axis=-1),
                step=np.arange(T) * 7, grid_phis=grid,
                boundaries=adaptive.data_boundaries(x, grid))


def test_plot_breakplane_dynamics_draws_snapshot_k():
    run = _run(np.random.default_rng(3))
    sinks = [(np.array([1.0]), np.array([0.2]))] * 4
    fig = Figure()
    plotting.plot_breakplane_dynamics(fig, 2, **run, sinks=sinks, signs=np.array([1, -1, 1]))
    ax1, ax2 = fig.axes
    assert ax1.get_title() == "step 14"
    # the current zero-planes on the cylinder are the run's own at snapshot 2
    offsets = ax2.collections[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 1], run["rs"][2])
    with pytest.raises(ValueError, match="k"):
        plotting.plot_breakplane_dynamics(fig, 4, **run)
    with pytest.raises(ValueError, match="phis"):
        plotting.plot_breakplane_dynamics(fig, 0, **{**run, "phis": run["phis"][:, :2]})


@pytest.mark.parametrize("module", [plotting, widgets])
def test_all_lists_every_public_name(module):
    public = {n for n, v in vars(module).items()
              if not n.startswith("_") and getattr(v, "__module__", module.__name__)
              == module.__name__ and (inspect.isfunction(v) or n.isupper())}
    assert public <= set(module.__all__)
    for name in module.__all__:
        assert hasattr(module, name)
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            assert obj.__doc__, name


def test_plotting_has_no_tables():
    for name in ("markdown_table", "html_table", "glue"):
        assert name not in plotting.__all__


def test_every_figure_function_draws_typical_input():
    import matplotlib.pyplot as plt

    from radonbook import activations

    rng = np.random.default_rng(4)
    img = rng.normal(size=(6, 6))
    img_nan = np.where(img > 1, np.nan, img)
    fig = plotting.fit_gallery([img, img_nan], ["a", "b"], points=[rng.uniform(-1, 1, (4, 2))] * 2,
                               ncols=2)
    assert len(fig.axes) >= 2
    omega = np.linspace(0.1, 10, 50)
    acts = [activations.get("relu"), activations.get("gaussian")]
    fig = plotting.spectrum_gallery(
        omega, [(a.label, np.abs(a.fourier(omega)), a.penalty(omega)) for a in acts], ncols=2)
    fig = plotting.image_table([[img, None], [img, img]], (-1, 1, -1, 1), row_labels=["r1", "r2"],
                               col_labels=["c1", "c2"], vlims=[(-1, 1), (-2, 2)])
    rho = np.linspace(0.5, 5, 9)
    fig = plotting.magnitude_panels(rho, [{"x": rho, "y": 2 * rho}], [rho ** 2], ["t"])
    phis, rs = np.linspace(0, 2 * np.pi, 20), np.linspace(-1, 1, 11)
    x = rng.uniform(-1, 1, (3, 2))
    bounds = adaptive.data_boundaries(x, phis)
    fig, axes = plt.subplots(3, 3)
    ax = iter(axes.ravel())
    plotting.plot_neuron_landscape(next(ax), phis, rs, rng.random((20, 11)), bounds,
                                   np.full(bounds.shape, "ridge top"), every=2,
                                   path=(phis[:5], rs[:5]))
    T, n = 5, 4
    P, R = np.meshgrid(phis, rs)
    plotting.plot_cylinder_snapshot(next(ax), rng.random((T, n)) * 6, rng.random((T, n)), 3,
                                    phis, bounds, field=(P, R, np.cos(P), np.sin(R)),
                                    sinks=(np.array([1.0]), np.array([0.0])),
                                    signs=np.array([1, -1, 1, -1]))
    plotting.plot_metric_curves(next(ax), {"a": (np.arange(4), np.ones(4))}, logy=True)
    plotting.plot_paired_bars(next(ax), ["a", "b"], [0.1, 0.2], [0.3, 0.4])
    plotting.plot_similarity(next(ax), np.eye(3))
    plotting.loglog_curves(next(ax), [(np.arange(1, 5), np.arange(1, 5) ** -1.0, "c")],
                           [(np.arange(1, 5), np.ones(4), "ref")])
    plotting.degree_residuals(next(ax), np.arange(6), rng.random((6, 2)),
                              rng.random((6, 2)), [1, 2])
    plotting.steps_vs_penalty(next(ax), [("relu", np.array([1.0, 10.0, np.inf]),
                                          np.array([2.0, np.inf, 5.0]))])
    assert plotting.curve_colors(12)[0] != plotting.curve_colors(12)[1]
    plt.close("all")


@pytest.mark.parametrize("call, name", [
    (lambda ax: plotting.plot_paired_bars(ax, ["a", "b"], [1.0], [2.0, 3.0]), "before"),
    (lambda ax: plotting.plot_similarity(ax, np.ones((2, 3))), "S"),
    (lambda ax: plotting.degree_residuals(ax, np.arange(3), np.ones((3, 2)),
                                          np.ones((3, 1)), [1, 2]), "predicted"),
    (lambda ax: plotting.breakplanes(ax, np.ones((3, 2)), np.ones(2)), "r"),
    (lambda ax: plotting.sinogram_axes(ax, np.ones((4, 3)), np.arange(4.0),
                                       np.arange(3.0)), "sinogram"),
    (lambda ax: plotting.plot_cylinder_snapshot(ax, np.ones((3, 2)), np.ones((3, 2)), 3,
                                                np.arange(4.0), np.ones((1, 4))), "k"),
])
def test_figure_functions_name_the_bad_argument(call, name):
    fig = Figure()
    with pytest.raises(ValueError, match=name):
        call(fig.add_subplot())
