"""Smoke tests of the explorers: drive their controls as a reader would, check redraws."""

import numpy as np

from radonbook import adaptive, radon, widgets


def _titles(fig):
    return [ax.get_title() for ax in fig.axes]


def test_ct_scanner_follows_the_angle_slider():
    angles = np.linspace(0, np.pi, 12, endpoint=False)
    offsets = np.linspace(-1, 1, 33)
    phantom = radon.shepp_logan()
    box = widgets.ct_scanner(phantom.image(32), phantom.sinogram(angles, offsets), angles,
                             offsets)
    slider = box.children[0].children[0]
    slider.value = 3
    assert f"{np.rad2deg(angles[3]):.0f}°" in _titles(box.figure)[0]
    slider.value = slider.max
    assert f"{np.rad2deg(angles[-1]):.0f}°" in _titles(box.figure)[0]


def test_breakplane_dynamics_follows_the_time_slider():
    rng = np.random.default_rng(0)
    T, n = 4, 5
    x, y = rng.uniform(-1, 1, (3, 2)), rng.normal(size=3)
    w, b = rng.normal(size=(T, n, 2)), rng.normal(size=(T, n))
    phis = np.arctan2(w[..., 1], w[..., 0]) % (2 * np.pi)
    rs = -b / np.linalg.norm(w, axis=-1)
    grid = np.linspace(0, 2 * np.pi, 50)
    data = {"x": x, "y": y, "w": w, "b": b, "phis": phis, "rs": rs,
            "step": np.arange(T) * 10, "grid_phis": grid,
            "boundaries": adaptive.data_boundaries(x, grid)}
    box = widgets.breakplane_dynamics(data)
    slider = box.children[0].children[0]
    assert "step 0" in _titles(box.figure)
    slider.value = 2
    assert "step 20" in _titles(box.figure)


def test_activation_explorer_redraws_for_each_control():
    box = widgets.activation_explorer(names=["relu", "sinc", "gaussian"],
                                      target_names=["ring_fourier", "hole"], n_train=60,
                                      n_neurons=120)
    act_box, param, tgt_box = box.children[0].children
    assert "ReLU" in box.figure.axes[0].get_title()
    act_box.value = "sinc"
    assert param.description == "W" and not param.disabled
    param.value = 3.0
    assert "W=3" in box.figure.axes[0].get_title()
    tgt_box.value = "hole"
    assert box.figure._suptitle.get_text() == "hole"
    act_box.value = "gaussian"
    assert param.disabled and "Gaussian" in box.figure.axes[0].get_title()

