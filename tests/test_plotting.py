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


# --- figures fit the book's text column -------------------------------------------------


@pytest.fixture
def book_style():
    """The book's style for one test, then the previous rcParams again."""
    import matplotlib as mpl

    with mpl.rc_context():
        plotting.use_style()
        yield


def _assert_fits_the_column(fig, max_per_row=3):
    r = plotting.readability(fig)
    assert r["panels_per_row"] <= max_per_row, r
    assert r["width"] <= plotting.COLUMN_WIDTH + 1e-9, r
    assert r["pixels"] <= 700, r        # shown at its own size in a 700 px column
    assert r["smallest_font"] >= plotting.SMALL_FONT, r
    assert r["displayed_font"] >= 9.0, r
    return r


def test_readability_measures_a_wide_figure_shrunk_into_the_column(book_style):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 5, figsize=(15, 3))
    for ax in axes:
        ax.plot([0, 1], [0, 1], label="x")
        ax.legend(fontsize=7)
    r = plotting.readability(fig, column_px=750)
    assert r["panels_per_row"] == 5
    assert r["smallest_font"] == 7
    assert 1450 < r["pixels"] < 1560          # 15 in at 100 dpi, cropped to content
    assert r["scale"] == pytest.approx(750 / r["pixels"])
    # 7 pt at 100 dpi is 9.7 px; halved, about 3.5 pt as read
    assert r["displayed_font"] == pytest.approx(7 * 100 / 72 * r["scale"] * 0.75)
    assert r["displayed_font"] < 4
    plt.close(fig)


def test_readability_counts_rows_of_panels_not_colour_bars(book_style):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 3, figsize=(6.8, 4))
    for ax in axes.flat:
        ax.figure.colorbar(ax.imshow(np.eye(3)), ax=ax)
    axes[1, 2].axis("off")
    assert plotting.readability(fig)["panels_per_row"] == 3
    plt.close(fig)


def test_style_sets_no_text_below_the_smallest_font(book_style):
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    for key in ("font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize",
                "ytick.labelsize", "legend.fontsize", "legend.title_fontsize"):
        size = FontProperties(size=mpl.rcParams[key]).get_size_in_points()
        assert size >= plotting.SMALL_FONT, key
    assert mpl.rcParams["figure.dpi"] * plotting.COLUMN_WIDTH <= 700


def test_galleries_default_to_three_panels_a_row_at_column_width(book_style):
    import matplotlib.pyplot as plt

    from radonbook import activations

    rng = np.random.default_rng(5)
    titles = [a.label.split(" (")[0] for a in activations.paper_activations()]
    images = [rng.normal(size=(8, 8)) for _ in titles]
    r = _assert_fits_the_column(plotting.fit_gallery(images, titles))
    assert r["height"] > 5 * r["pixels"] / 3          # 16 panels: six rows of three
    omega = np.linspace(0.1, 10, 50)
    acts = [activations.get(n) for n in ("relu", "gaussian", "sinc", "step")]
    _assert_fits_the_column(plotting.spectrum_gallery(
        omega, [(a.label, np.abs(a.fourier(omega)), a.penalty(omega)) for a in acts]))
    rho = np.linspace(0.5, 5, 9)
    curves = [{t: rho ** -(k % 5) for k, t in enumerate(titles)} for _ in range(5)]
    _assert_fits_the_column(plotting.magnitude_panels(rho, curves, [rho] * 5, list("abcde")))
    plt.close("all")


def test_fit_gallery_shows_the_chosen_subset_in_order():
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(6)
    images = [np.full((4, 4), k + 1.0) for k in range(7)]
    pts = [rng.uniform(-1, 1, (k + 1, 2)) for k in range(7)]
    titles = [f"act {k}" for k in range(7)]
    fig = plotting.fit_gallery(images, titles, points=pts, subset=["act 5", 1, "act 0"])
    shown = [ax for ax in fig.axes if ax.get_images()]
    assert [ax.get_title() for ax in shown] == ["act 5", "act 1", "act 0"]
    assert shown[0].get_images()[0].get_array()[0, 0] == 6.0
    assert len(shown[0].collections[0].get_offsets()) == 6      # its own points
    with pytest.raises(ValueError, match="subset"):
        plotting.fit_gallery(images, titles, subset=["no such activation"])
    with pytest.raises(ValueError, match="subset"):
        plotting.fit_gallery(images, titles, subset=[7])
    plt.close("all")


def test_curve_styles_tell_sixteen_curves_apart():
    styles = plotting.curve_styles(16)
    assert len({(s["color"], s["ls"]) for s in styles}) == 16
    first = styles[:8]
    assert len({s["color"] for s in first}) == 8 and {s["ls"] for s in first} == {"-"}
    assert styles[8]["color"] == styles[0]["color"] and styles[8]["ls"] != "-"
    assert plotting.curve_styles(0) == []


def test_magnitude_panels_draws_every_curve_in_its_own_style():
    import matplotlib.pyplot as plt

    rho = np.linspace(0.5, 5, 9)
    labels = [f"act {k}" for k in range(16)]
    curves = [{lab: rho + k for k, lab in enumerate(labels)} for _ in range(2)]
    fig = plotting.magnitude_panels(rho, curves, [rho, rho], ["t1", "t2"],
                                    styles={"act 3": {"color": "k", "ls": ":"}})
    ax = fig.axes[0]
    lines = {ln.get_label(): ln for ln in ax.lines}
    assert len({(ln.get_color(), ln.get_linestyle()) for lab, ln in lines.items()
                if lab in labels}) == 16
    assert (lines["act 3"].get_color(), lines["act 3"].get_linestyle()) == ("k", ":")
    legend_labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend_labels == labels + ["target"]
    plt.close(fig)


def test_plot_metric_curves_styles_more_than_eight_curves_apart():
    fig = Figure()
    ax = fig.add_subplot()
    curves = {f"act {k}": (np.arange(3), np.arange(3) + k) for k in range(11)}
    plotting.plot_metric_curves(ax, curves)
    assert len({(ln.get_color(), ln.get_linestyle()) for ln in ax.lines}) == 11


def test_multi_panel_functions_wrap_into_rows_of_three(book_style):
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(7)
    angles, offsets = np.linspace(0, np.pi, 12, endpoint=False), np.linspace(-1, 1, 9)
    image, sino = rng.random((16, 16)), rng.random((9, 12))
    fig = plt.figure(figsize=(plotting.COLUMN_WIDTH, 5))
    plotting.plot_ct_scan(fig, 4, image, sino, angles, offsets,
                          backprojections=(image, image), ncols=3)
    assert len(fig.axes) == 5
    _assert_fits_the_column(fig)
    wide = plt.figure(figsize=(15, 3.4))          # the widget's one-row default stays
    plotting.plot_ct_scan(wide, 4, image, sino, angles, offsets,
                          backprojections=(image, image))
    assert plotting.readability(wide)["panels_per_row"] == 5
    a = _panels_arrays(rng)
    fig = plt.figure(figsize=(plotting.COLUMN_WIDTH, 8))
    for sub in fig.subfigures(1, 2):
        plotting.activation_panels(sub, **a, ncols=1)
    _assert_fits_the_column(fig, max_per_row=2)
    fig = Figure(figsize=(plotting.COLUMN_WIDTH, 5))
    plotting.activation_panels(fig, **a, ncols=2)
    ax_s, ax_f, ax_img, ax_m = fig.axes                # same panels, same order
    np.testing.assert_array_equal(ax_s.lines[0].get_ydata(), a["sigma"])
    np.testing.assert_array_equal(ax_m.lines[1].get_ydata(), a["M_fit"])
    assert plotting.readability(fig)["panels_per_row"] == 2
    plt.close("all")


def test_curve_styles_can_vary_markers_and_keep_the_line_style_free():
    styles = plotting.curve_styles(11, vary="marker")
    assert len({(s["color"], s["marker"]) for s in styles}) == 11
    assert all("ls" not in s for s in styles)
    with pytest.raises(ValueError, match="vary"):
        plotting.curve_styles(3, vary="colour")


def _heatmap_values():
    # three rows of decades, one failed cell by flag and one by NaN
    values = np.array([[1e-4, 1e-2, 1.0], [3e-3, np.nan, 2e2], [5e-6, 7e-1, 4e1]])
    failed = np.zeros(values.shape, dtype=bool)
    failed[2, 0] = True
    return values, failed


def test_mse_heatmap_colours_each_cell_by_log10_of_its_value():
    import matplotlib.pyplot as plt

    values, failed = _heatmap_values()
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    im = plotting.mse_heatmap(ax, values, ["a", "b", "c"], ["x", "y", "z"], failed=failed,
                              vmin=1e-5, vmax=1e3, annotate=False)
    fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    cmap = plt.get_cmap("viridis")
    height = rgba.shape[0]
    for i, j in [(0, 0), (0, 1), (0, 2), (1, 0), (1, 2), (2, 1), (2, 2)]:
        # independent of the image: the colour map at (log10 v - log10 vmin) / 8 decades
        expected = np.array(cmap((np.log10(values[i, j]) + 5) / 8)[:3]) * 255
        px, py = ax.transData.transform((j + 0.3, i + 0.3))
        got = rgba[int(round(height - py)), int(round(px)), :3].astype(float)
        np.testing.assert_allclose(got, expected, atol=3, err_msg=f"cell {(i, j)}")
    assert im.get_array().mask[1, 1] and im.get_array().mask[2, 0]
    assert int(im.get_array().mask.sum()) == 2
    plt.close(fig)


def test_mse_heatmap_marks_failed_cells_and_annotates_the_others():
    import matplotlib.pyplot as plt

    values, failed = _heatmap_values()
    fig, ax = plt.subplots(figsize=(plotting.COLUMN_WIDTH, 3))
    plotting.mse_heatmap(ax, values, ["a", "b", "c"], ["x", "y", "z"], failed=failed,
                         failed_label="no fit")
    texts = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
             for t in ax.texts}
    assert len(texts) == values.size
    assert texts[1, 1] == texts[2, 0] == "✕"
    assert texts[0, 0] == "1e-4" and texts[1, 0] == "3e-3" and texts[1, 2] == "2e2"
    assert texts[2, 2] == "4e1" and texts[0, 2] == "1e0"
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert sorted((int(p.get_x() + 0.5), int(p.get_y() + 0.5)) for p in hatched) == [
        (0, 2), (1, 1)]                                   # (column, row)
    legend = ax.get_legend()
    assert legend is not None and "no fit" in legend.get_texts()[0].get_text()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x", "y", "z"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    _assert_fits_the_column(fig, max_per_row=1)
    plt.close(fig)


def test_mse_heatmap_without_failures_has_no_legend_and_spans_the_data():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    im = plotting.mse_heatmap(ax, np.array([[1e-3, 1e1]]), ["r"], ["p", "q"])
    assert ax.get_legend() is None
    np.testing.assert_allclose((im.norm.vmin, im.norm.vmax), (-3, 1))
    plt.close(fig)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(values=np.ones(3)), ValueError, "values"),
    (dict(values=np.array([[1.0, -1.0], [1.0, 1.0]])), ValueError, "values"),
    (dict(values=np.full((2, 2), np.nan)), ValueError, "values"),
    (dict(row_labels=["a"]), ValueError, "row_labels"),
    (dict(col_labels=["a", "b", "c"]), ValueError, "col_labels"),
    (dict(failed=np.zeros((2, 3), dtype=bool)), ValueError, "failed"),
    (dict(failed=np.zeros((2, 2))), TypeError, "failed"),
    (dict(vmin=-1.0), ValueError, "vmin"),
    (dict(vmin=10.0, vmax=1.0), ValueError, "vmin"),
    (dict(ax="axes"), TypeError, "ax"),
])
def test_mse_heatmap_names_bad_input(kwargs, error, match):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    args = dict(ax=ax, values=np.ones((2, 2)), row_labels=["a", "b"], col_labels=["x", "y"])
    args.update(kwargs)
    with pytest.raises(error, match=match):
        plotting.mse_heatmap(args.pop("ax"), args.pop("values"), args.pop("row_labels"),
                             args.pop("col_labels"), **args)
    plt.close(fig)


def test_figure_html_is_the_png_of_the_figure():
    import base64
    import io

    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1])
    text = plotting.figure_html(fig, "a <line>")
    assert text.startswith('<img src="data:image/png;base64,') and 'alt="a &lt;line&gt;"' in text
    png = base64.b64decode(text.split("base64,")[1].split('"')[0])
    image = plt.imread(io.BytesIO(png))  # a valid PNG, about the figure's size in pixels
    h, w = image.shape[:2]
    assert abs(w - 2 * fig.dpi) < 0.3 * 2 * fig.dpi and abs(h - fig.dpi) < 0.3 * fig.dpi
    with pytest.raises(TypeError, match="fig"):
        plotting.figure_html(ax, "x")
    with pytest.raises(ValueError, match="alt"):
        plotting.figure_html(fig, " ")
    plt.close(fig)


def test_plot_metric_curves_joins_the_finite_points():
    ax = Figure().add_subplot()
    x = np.arange(6.0)
    y = np.array([1.0, np.nan, np.nan, 0.5, np.nan, 0.25])
    plotting.plot_metric_curves(ax, {"a": (x, y), "b": (x, 2 * x + 1)}, legend=False)
    (line_a, line_b) = ax.get_lines()
    np.testing.assert_array_equal(line_a.get_xdata(), [0.0, 3.0, 5.0])
    np.testing.assert_array_equal(line_a.get_ydata(), [1.0, 0.5, 0.25])
    np.testing.assert_array_equal(line_b.get_ydata(), 2 * x + 1)
