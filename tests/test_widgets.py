"""Smoke tests of the explorers: drive their controls as a reader would, check redraws."""

import numpy as np
import pytest

from radonbook import adaptive, radon, spectral, widgets


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
    box = widgets.breakplane_dynamics(x=x, y=y, w=w, b=b, phis=phis, rs=rs,
                                      step=np.arange(T) * 10, grid_phis=grid,
                                      boundaries=adaptive.data_boundaries(x, grid))
    slider = box.children[0].children[0]
    assert slider.max == T - 1
    assert "step 0" in _titles(box.figure)
    slider.value = 2
    assert "step 20" in _titles(box.figure)


def test_breakplane_dynamics_names_the_mismatched_array():
    rng = np.random.default_rng(1)
    T, n = 3, 4
    x, y = rng.uniform(-1, 1, (3, 2)), rng.normal(size=3)
    w, b = rng.normal(size=(T, n, 2)), rng.normal(size=(T, n))
    grid = np.linspace(0, 2 * np.pi, 20)
    good = dict(x=x, y=y, w=w, b=b, phis=b, rs=b, step=np.arange(T), grid_phis=grid,
                boundaries=adaptive.data_boundaries(x, grid))
    for name, bad in (("rs", b[:, :-1]), ("y", y[:2]), ("w", w[:-1]),
                      ("boundaries", np.zeros((3, 5))), ("signs", np.ones(n + 1)),
                      ("sinks", [(np.zeros(1), np.zeros(1))] * (T + 1))):
        with pytest.raises(ValueError, match=name):
            widgets.breakplane_dynamics(**{**good, name: bad})


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


def test_activation_explorer_fits_each_choice_once(monkeypatch):
    calls = []
    fit_spectrum = spectral.kernel_fit_spectrum

    def counted(act, target, **kwargs):
        calls.append((act.name, dict(act.params), kwargs.get("rng")))
        return fit_spectrum(act, target, **kwargs)

    monkeypatch.setattr(spectral, "kernel_fit_spectrum", counted)
    box = widgets.activation_explorer(names=["relu", "sinc"],
                                      target_names=["ring_fourier", "hole"], n_train=40,
                                      n_neurons=60, rng=3)
    act_box, param, tgt_box = box.children[0].children
    assert len(calls) == 1 and calls[0][2] == 3
    first_image = box.figure.axes[2].get_images()[0].get_array().copy()
    tgt_box.value = "hole"
    act_box.value = "sinc"
    n_fits = len(calls)
    assert n_fits == len(box.cache) == 3  # (relu, ring), (relu, hole), (sinc, hole)
    act_box.value = "relu"
    tgt_box.value = "ring_fourier"
    assert len(calls) == n_fits  # revisits are drawn from the cache
    again = box.figure.axes[2].get_images()[0].get_array()
    np.testing.assert_array_equal(again, first_image)
    assert "ReLU" in box.figure.axes[0].get_title()


def test_activation_explorer_rejects_bad_input():
    with pytest.raises(ValueError, match="names"):
        widgets.activation_explorer(names=["relu", "no_such_activation"])
    with pytest.raises(ValueError, match="target_names"):
        widgets.activation_explorer(target_names=["no_such_target"])
    with pytest.raises(ValueError, match="names"):
        widgets.activation_explorer(names=[])
    with pytest.raises(ValueError, match="n_train"):
        widgets.activation_explorer(n_train=0)
    with pytest.raises(TypeError, match="n_neurons"):
        widgets.activation_explorer(n_neurons=10.5)
    with pytest.raises(TypeError, match="rng"):
        widgets.activation_explorer(rng="zero")


def test_ct_scanner_names_a_sinogram_of_the_wrong_shape():
    angles = np.linspace(0, np.pi, 6, endpoint=False)
    offsets = np.linspace(-1, 1, 9)
    with pytest.raises(ValueError, match="sinogram"):
        widgets.ct_scanner(np.zeros((8, 8)), np.zeros((6, 9)), angles, offsets)

