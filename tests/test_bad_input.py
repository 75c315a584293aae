"""Property tests: bad and edge-case input to public functions fails cleanly or succeeds.

Hypothesis generates NaN, inf, complex, wrongly shaped, wrongly typed, negative and huge
inputs (mixed with valid ones). Every call must either return a finite result of the
documented shape or raise ``TypeError``/``ValueError`` with a message, within a second
(``deadline``): never a crash from inside numpy/scipy/torch of another type, a NaN
result, a hang or a huge allocation.

``python -m pytest -s tests/test_bad_input.py`` prints how many generated inputs each
function accepted or refused.
"""

from __future__ import annotations

import collections
import os
import re
import tempfile
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from radonbook import (
    activations,
    adaptive,
    design,
    kernel,
    ntk,
    plotting,
    radon,
    reparam,
    reproduce,
    spectral,
    targets,
    training,
)
from radonbook import data as rdata

OUTCOMES: collections.Counter = collections.Counter()

#: RADONBOOK_HYPOTHESIS_EXAMPLES=500 RADONBOOK_HYPOTHESIS_RANDOM=1 for a longer, random hunt
SETTINGS = settings(max_examples=int(os.environ.get("RADONBOOK_HYPOTHESIS_EXAMPLES", 100)),
                    deadline=1000,
                    derandomize=not os.environ.get("RADONBOOK_HYPOTHESIS_RANDOM"),
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", autouse=True)
def _report():
    # first calls import lazily (torch.optim, tqdm) or compile: keep them out of the deadline
    kernel.fit_gd(np.eye(1), np.zeros(1), steps=2, lr=0.1)
    training.train(adaptive.ShallowNet(2, 2, "relu"), np.zeros((1, 2)), np.zeros(1),
                   steps=1, lr=0.1, optimizer="adam")
    radon.GaussianOffsetDensity(np.cos, 1.0).relu_profile(np.eye(2), np.zeros((1, 2)))
    radon.find_peaks(np.eye(3), np.arange(3.0), np.arange(3.0), 1)
    fig, ax = plt.subplots()
    plotting.mse_heatmap(ax, np.ones((1, 2)), ["a"], ["b", "c"])
    plt.close(fig)
    yield
    if OUTCOMES:
        width = max(len(k[0]) for k in OUTCOMES)
        print("\nHypothesis-generated inputs by outcome:")
        for fn in sorted({k[0] for k in OUTCOMES}):
            row = ", ".join(f"{o} {OUTCOMES[(fn, o)]}"
                            for o in ("accepted", "TypeError", "ValueError"))
            print(f"  {fn:<{width}}  {row}")
        tot = collections.Counter()
        for (_, o), v in OUTCOMES.items():
            tot[o] += v
        print(f"  {'total':<{width}}  " + ", ".join(
            f"{o} {tot[o]}" for o in ("accepted", "TypeError", "ValueError")))


def run(label, call, check, names=None):
    """Call; a result must pass ``check``; only TypeError/ValueError with a message pass.

    With ``names`` (the function's argument names), the message must name one of them.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = call()
        except (TypeError, ValueError) as exc:
            assert str(exc).strip(), f"{label}: {type(exc).__name__} without a message"
            if names is not None:
                assert any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", str(exc))
                           for n in names), \
                    f"{label}: {type(exc).__name__} names no argument of {names}: {exc}"
            OUTCOMES[(label, type(exc).__name__)] += 1
            return
    check(out)
    OUTCOMES[(label, "accepted")] += 1


def finite(a, shape=None):
    a = np.asarray(a)
    assert np.issubdtype(a.dtype, np.number), a.dtype
    assert np.all(np.isfinite(a)), a
    if shape is not None:
        assert a.shape == shape, (a.shape, shape)


# --------------------------------------------------------------------------- strategies

SPECIAL = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e300, -1e300, 5e-324, -1.0]
elements = st.one_of(st.floats(-1e3, 1e3), st.sampled_from(SPECIAL))


def real_arrays(max_dims=3, max_side=5):
    return hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=max_dims, min_side=0,
                                                   max_side=max_side), elements=elements)


weird = st.one_of(
    st.none(), st.booleans(), st.text(max_size=3), st.complex_numbers(max_magnitude=10),
    st.lists(st.text(max_size=2), max_size=3), st.just(np.array([1 + 2j, 3j])),
    st.just([[1.0, 2.0], [3.0]]), st.just(object()))

scalars = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20),
    st.floats(-10, 10).map(np.float32), st.integers(-5, 5).map(np.int64), weird)

counts = st.one_of(st.integers(-3, 12), st.sampled_from([10**9, 10**12, 2**63, 10**30]),
                   st.sampled_from([2.0, 3.5, np.nan, np.inf, -np.inf]),
                   st.integers(0, 8).map(np.int64), weird)


def arrays_or_weird(max_dims=3, max_side=5):
    return st.one_of(real_arrays(max_dims, max_side), weird)


def sphere_points(n_max=4):
    """Valid points on S^d (often), or perturbed / arbitrary arrays."""
    def normalise(a):
        norms = np.linalg.norm(a, axis=-1, keepdims=True)
        with np.errstate(all="ignore"):
            return np.where(norms > 0, a / norms, a)
    good = hnp.arrays(np.float64, st.tuples(st.integers(1, n_max), st.integers(2, 4)),
                      elements=st.floats(-3, 3)).map(normalise)
    return st.one_of(good, arrays_or_weird())


def relu(t):
    return np.maximum(t, 0.0)


def floats_array(shape, lo=-3.0, hi=3.0):
    return hnp.arrays(np.float64, shape, elements=st.floats(lo, hi))


def bad_array(shape):
    """An array of the right shape with NaN/inf/huge entries, or any other bad value."""
    return st.one_of(hnp.arrays(np.float64, shape, elements=elements),
                     real_arrays(), weird, st.just(np.ones(shape) * (1 + 1j)))


def draw_args(data, valid, bad):
    """Valid arguments with zero, one or two of them replaced by bad ones."""
    corrupt = data.draw(st.sets(st.sampled_from(sorted(bad)), max_size=2), label="corrupt")
    return {k: data.draw(bad[k] if k in corrupt else valid[k], label=k) for k in valid}


# --------------------------------------------------------------------------- kernel


@SETTINGS
@given(data=st.data(), N=st.integers(1, 6), n=st.integers(1, 5), d=st.integers(1, 3))
def test_reparam_features(data, N, n, d):
    a = draw_args(data, {
        "x": floats_array((N, d)), "theta": floats_array((n, d), -1, 1),
        "r": floats_array((n,)),
        "alpha": st.one_of(st.floats(0.1, 10), floats_array((n,), 0.1, 10))},
        {"x": bad_array((N, d)), "theta": bad_array((n, d)), "r": bad_array((n,)),
         "alpha": st.one_of(scalars, bad_array((n,)))})
    run("reparam.features", lambda: reparam.features(a["x"], a["theta"], a["r"], "relu",
                                                     a["alpha"]),
        lambda Phi: finite(Phi, (np.shape(a["x"])[0], np.shape(a["theta"])[0])))


@SETTINGS
@given(data=st.data(), N=st.integers(1, 6), n=st.integers(1, 5), m=st.integers(0, 3))
def test_reparam_network_rs(data, N, n, m):
    shape_c = (n,) if m == 0 else (n, m)
    a = draw_args(data, {
        "x": floats_array((N, 2)), "theta": floats_array((n, 2), -1, 1),
        "r": floats_array((n,)), "c": floats_array(shape_c),
        "alpha": st.one_of(st.floats(0.1, 10), floats_array((n,), 0.1, 10))},
        {"x": bad_array((N, 2)), "theta": bad_array((n, 2)), "r": bad_array((n,)),
         "c": bad_array(shape_c), "alpha": st.one_of(scalars, bad_array((n,)))})
    run("reparam.network_rs",
        lambda: reparam.network_rs(a["x"], a["theta"], a["r"], a["c"], a["alpha"], "erf"),
        lambda f: finite(f, (np.shape(a["x"])[0],) + shape_c[1:]),
        ("x", "theta", "r", "c", "alpha", "Phi"))


@SETTINGS
@given(data=st.data(), N=st.integers(1, 5), n=st.integers(1, 6))
def test_kernel_min_norm(data, N, n):
    a = draw_args(data, {
        "Phi": st.one_of(floats_array((N, n)), st.just(np.zeros((N, n)))),
        "y": st.one_of(floats_array((N,)), floats_array((N, 2))),
        "mse": st.one_of(st.just(0.0), st.floats(0, 10)),
        "unreachable": st.sampled_from(["raise", "floor"])},
        {"Phi": bad_array((N, n)), "y": bad_array((N,)), "mse": scalars,
         "unreachable": st.one_of(st.text(max_size=4), weird)})

    def check(fit):
        y_shape = np.shape(a["y"])
        finite(fit.c, (np.shape(a["Phi"])[1],) + tuple(y_shape[1:]))
        finite(fit.train_mse, tuple(y_shape[1:]))
        assert np.all(np.asarray(fit.lam) >= 0)

    run("kernel.min_norm",
        lambda: kernel.min_norm(a["Phi"], a["y"], a["mse"], unreachable=a["unreachable"]),
        check)


@SETTINGS
@given(data=st.data(), N=st.integers(1, 5), n=st.integers(1, 6))
def test_kernel_fit_gd(data, N, n):
    a = draw_args(data, {
        "Phi": floats_array((N, n)), "y": floats_array((N,)), "steps": st.integers(1, 30),
        "lr": st.floats(1e-4, 1e4), "optimizer": st.sampled_from(["adam", "sgd"])},
        {"Phi": bad_array((N, n)), "y": bad_array((N,)), "steps": counts, "lr": scalars,
         "optimizer": st.one_of(st.text(max_size=4), weird)})

    def check(out):
        finite(out.c, (np.shape(a["Phi"])[1],))
        finite(out.mse, (out.steps + 1,))

    run("kernel.fit_gd",
        lambda: kernel.fit_gd(a["Phi"], a["y"], steps=a["steps"], lr=a["lr"],
                              optimizer=a["optimizer"]), check)


@SETTINGS
@given(data=st.data(), P=st.integers(1, 3), N=st.integers(1, 4), n=st.integers(1, 5))
def test_kernel_fit_adam_batch(data, P, N, n):
    a = draw_args(data, {
        "Phi": floats_array((P, N, n)), "y": floats_array((P, N)),
        "steps": st.integers(1, 30),
        "lr": st.one_of(st.floats(1e-4, 1.0), floats_array((P,), 1e-4, 1.0)),
        "target_mse": st.one_of(st.none(), st.floats(1e-6, 1.0))},
        {"Phi": bad_array((P, N, n)), "y": bad_array((P, N)), "steps": counts,
         "lr": st.one_of(scalars, bad_array((P,))), "target_mse": scalars})

    def check(out):
        finite(out.c, (np.shape(a["Phi"])[0], np.shape(a["Phi"])[2]))
        finite(out.mse, (np.shape(a["Phi"])[0],))
        assert np.all((out.steps >= 0) & (out.steps <= a["steps"]))

    run("kernel.fit_adam_batch",
        lambda: kernel.fit_adam_batch(a["Phi"], a["y"], steps=a["steps"], lr=a["lr"],
                                      target_mse=a["target_mse"]), check)


@SETTINGS
@given(data=st.data(), N=st.integers(1, 5), n=st.integers(1, 6))
def test_kernel_gd_stop(data, N, n):
    a = draw_args(data, {
        "Phi": floats_array((N, n)), "y": floats_array((N,)),
        "target_mse": st.floats(1e-6, 10.0)},
        {"Phi": bad_array((N, n)), "y": bad_array((N,)), "target_mse": scalars})

    def check(out):
        finite(out.c, (np.shape(a["Phi"])[1],))
        assert out.steps >= 0 and out.mse <= a["target_mse"] * (1 + 1e-6) + 1e-12

    run("kernel.gd_stop", lambda: kernel.gd_stop(a["Phi"], a["y"], a["target_mse"]), check)


# --------------------------------------------------------------------------- spectral


def _fn_factory(kind):
    return {
        "gauss": lambda p: np.exp(-(p**2).sum(axis=1)),
        "nan": lambda p: np.full(p.shape[0], np.nan),
        "inf": lambda p: np.where(p[:, 0] > 0, np.inf, 0.0),
        "wrong": lambda p: np.zeros(3),
        "complex": lambda p: np.exp(-(p**2).sum(axis=1)) * (1 + 1j),
        "text": lambda p: np.array(["a"] * p.shape[0]),
    }[kind]


@SETTINGS
@given(data=st.data())
def test_spectral_seminorm_fourier(data):
    a = draw_args(data, {
        "f": st.just("gauss"), "act": st.sampled_from(["relu", "gaussian", "softplus"]),
        "extent": st.floats(1, 8), "n": st.sampled_from([8, 16, 32]),
        "floor": st.floats(0, 1e-6)},
        {"f": st.sampled_from(["nan", "inf", "wrong", "complex", "text"]),
         "act": st.one_of(st.text(max_size=4), weird), "extent": scalars, "n": counts,
         "floor": scalars})

    def check(val):
        assert isinstance(val, float)
        assert val >= 0 and not np.isnan(val)  # inf is documented (band-limited σ̂)

    run("spectral.seminorm_fourier",
        lambda: spectral.seminorm_fourier(_fn_factory(a["f"]), a["act"], a["extent"], a["n"],
                                          floor=a["floor"]), check)


# --------------------------------------------------------------------------- ntk


def on_sphere(shape):
    def normalise(z):
        norms = np.linalg.norm(z, axis=-1, keepdims=True)
        return z / np.where(norms > 0, norms, 1.0)
    return hnp.arrays(np.float64, shape, elements=st.floats(0.5, 3)).map(normalise)


@SETTINGS
@given(data=st.data(), n1=st.integers(1, 4), n2=st.integers(1, 4), d=st.integers(1, 3))
def test_ntk_two_layer(data, n1, n2, d):
    a = draw_args(data, {
        "x1": on_sphere((n1, d + 1)), "x2": on_sphere((n2, d + 1)),
        "train": st.sampled_from(["first", "both"]), "bias": st.booleans()},
        {"x1": bad_array((n1, d + 1)), "x2": bad_array((n2, d + 1)),
         "train": st.one_of(st.text(max_size=4), weird)})
    run("ntk.ntk_two_layer",
        lambda: ntk.ntk_two_layer(a["x1"], a["x2"], a["train"], a["bias"]),
        lambda k: finite(k, (np.shape(a["x1"])[0], np.shape(a["x2"])[0])))


@SETTINGS
@given(data=st.data(), d=st.integers(2, 5))
def test_ntk_sample_sphere(data, d):
    a = draw_args(data, {
        "n": st.integers(1, 20), "d": st.just(d), "rng": st.integers(0, 2**32),
        "scales": st.one_of(st.none(), floats_array((d,), 1e-3, 1e3))},
        {"n": counts, "d": counts, "rng": st.one_of(counts, scalars),
         "scales": bad_array((d,))})

    def check(x):
        finite(x, (a["n"], a["d"]))
        assert np.allclose(np.linalg.norm(x, axis=1), 1.0)

    run("ntk.sample_sphere",
        lambda: ntk.sample_sphere(a["n"], a["d"], rng=a["rng"], scales=a["scales"]), check)


# --------------------------------------------------------------------------- adaptive


@SETTINGS
@given(data=st.data(), N=st.integers(1, 6), out=st.sampled_from([None, 2]))
def test_training_train(data, N, out):
    net = adaptive.ShallowNet(2, 3, "relu", out=out, rng=0)
    y_valid = floats_array((N,)) if out is None else floats_array((N, out))
    a = draw_args(data, {
        "x": floats_array((N, 2)), "y": y_valid, "lr": st.floats(1e-4, 1.0),
        "steps": st.integers(0, 3), "optimizer": st.sampled_from(["sgd", "adam"]),
        "batch_size": st.one_of(st.none(), st.integers(1, 6)),
        "regime": st.sampled_from(["adaptive", "kernel"]), "rng": st.integers(0, 2**32),
        "metrics_every": st.one_of(st.none(), st.integers(1, 3))},
        {"x": bad_array((N, 2)), "y": st.one_of(bad_array((N,)), bad_array((N, 1))),
         "lr": st.one_of(scalars, st.floats(1e6, 1e300)), "steps": counts,
         "optimizer": st.one_of(st.text(max_size=4), weird), "batch_size": counts,
         "regime": st.one_of(st.text(max_size=4), weird),
         "rng": st.one_of(counts, scalars), "metrics_every": st.one_of(counts, scalars)})

    def check(hist):
        assert len(hist) == 1 + a["steps"]  # every step recorded (every=1)
        if a["metrics_every"] is None:
            finite(hist["loss"])
        else:  # evaluated at the multiples of metrics_every, NaN between them
            evaluated = hist["step"] % a["metrics_every"] == 0
            finite(hist["loss"][evaluated])
            assert np.isnan(hist["loss"][~evaluated]).all()
        for k in ("w", "b", "a"):
            finite(hist[k])

    run("training.train",
        lambda: training.train(net, a["x"], a["y"], steps=a["steps"], lr=a["lr"],
                               optimizer=a["optimizer"], batch_size=a["batch_size"],
                               regime=a["regime"], rng=a["rng"], record="params",
                               metrics_every=a["metrics_every"]), check)


@SETTINGS
@given(data=st.data(), m=st.integers(1, 6), k=st.integers(1, 4))
def test_adaptive_span_basis(data, m, k):
    span = data.draw(st.one_of(floats_array((m, k)), bad_array((m, k))), label="span")

    def check(basis):
        r = basis.s.size
        assert r >= 2 and basis.Q.shape == (k, r)
        finite(basis.s)
        finite(basis.Q)

    run("adaptive.span_basis", lambda: adaptive.span_basis(span), check, ("span",))


# --------------------------------------------------------------------------- registries


@SETTINGS
@given(data=st.data())
def test_targets_get(data):
    a = draw_args(data, {"name": st.sampled_from(targets.names()),
                         "seed": st.integers(0, 2**31)},
                  {"name": st.one_of(st.text(max_size=8), weird), "seed": counts})
    pts = np.array([[0.1, -0.2], [0.7, 0.3], [-0.9, 0.9]])
    run("targets.get", lambda: targets.get(a["name"], seed=a["seed"]),
        lambda tgt: finite(tgt(pts), (3,)))


T_PROBE = np.array([-2.5, -0.7, 0.3, 1.9])
PARAMS = ("k", "beta", "p", "omega0", "s", "W", "bogus")
param_values = st.one_of(st.floats(0.1, 5), scalars)


def check_activation(act):
    if getattr(act, "name", None) == "dirac":  # a distribution: no pointwise values
        finite(act.fourier(T_PROBE), T_PROBE.shape)
    else:
        finite(act(T_PROBE), T_PROBE.shape)


def activation_args(data):
    """A registered name with some of its own parameters, then maybe corrupted."""
    name = data.draw(st.sampled_from(activations.names()), label="name")
    own = sorted(activations.defaults(name))
    keys = data.draw(st.sets(st.sampled_from(own), max_size=len(own)), label="keys") if own \
        else set()
    params = {k: data.draw(st.floats(0.1, 5), label=k) for k in keys}
    corrupt = data.draw(st.sampled_from(["none", "name", "value", "key"]), label="corrupt")
    if corrupt == "name":
        name = data.draw(st.one_of(st.text(max_size=8), weird), label="bad name")
    elif corrupt == "value" and own:
        params[data.draw(st.sampled_from(own))] = data.draw(scalars, label="bad value")
    elif corrupt == "key":
        params[data.draw(st.sampled_from(PARAMS), label="bad key")] = 1.0
    return name, params


@SETTINGS
@given(data=st.data())
def test_activations_get(data):
    name, params = activation_args(data)
    run("activations.get", lambda: activations.get(name, **params), check_activation)


@SETTINGS
@given(data=st.data(), form=st.sampled_from(["name", "tuple", "activation", "weird",
                                             "function", "bad tuple"]))
def test_activations_resolve(data, form):
    name, params = activation_args(data)
    act = {"name": lambda: name, "tuple": lambda: (name, params),
           "activation": lambda: activations.get("relu"),
           "weird": lambda: data.draw(weird), "function": lambda: relu,
           "bad tuple": lambda: (name, params, 1)}[form]()
    run("activations.resolve", lambda: activations.resolve(act), check_activation)


# --------------------------------------------------------------------------- design


def _penalty(kind):
    return {
        "half_exp": lambda w: 1 + w**2,
        "power": lambda w: np.abs(w) ** 3,
        "nan": lambda w: np.full(np.shape(w), np.nan),
        "negative": lambda w: -np.ones(np.shape(w)),
        "complex": lambda w: (1 + w**2) * (1 + 1j),
        "fast": lambda w: np.exp(np.abs(w)),
        "wrong": lambda w: np.ones(3),
    }[kind]


@SETTINGS
@given(data=st.data())
def test_design_causal_phase(data):
    a = draw_args(data, {
        "p": st.sampled_from(["half_exp", "power"]),
        "omega": st.one_of(floats_array(hnp.array_shapes(min_dims=0, max_dims=2, max_side=4),
                                        -50, 50)),
        "n_s": st.integers(801, 1500), "s_max": st.just(40.0)},
        {"p": st.sampled_from(["nan", "negative", "complex", "fast", "wrong"]),
         "omega": st.one_of(real_arrays(2, 4), weird), "n_s": counts,
         "s_max": st.one_of(scalars, st.floats(0.5, 60))})
    run("design.causal_phase",
        lambda: design.causal_phase(_penalty(a["p"]), a["omega"], n_s=a["n_s"],
                                    s_max=a["s_max"]),
        lambda psi: finite(psi, np.shape(a["omega"])))


@SETTINGS
@given(data=st.data())
def test_design_contraction_cost(data):
    a = draw_args(data, {
        "act": st.sampled_from(["relu", "step", ("relu_power", {"k": 0.5}), None]),
        "d": st.integers(1, 4),
        "eps": floats_array(hnp.array_shapes(min_dims=0, max_dims=1, max_side=3), 0.1, 3)},
        {"act": st.one_of(weird, st.just(relu)), "d": counts,
         "eps": st.one_of(real_arrays(1, 3), weird)})
    run("design.contraction_cost",
        lambda: design.contraction_cost(lambda r, d=a["d"]: design.gaussian_bump_fourier(
            r, d), a["act"], a["d"], a["eps"]),
        lambda c: finite(c, np.shape(a["eps"])))


# --------------------------------------------------------------------------- quadrature


@SETTINGS
@given(data=st.data())
def test_quadrature_sphere_area(data):
    from radonbook import quadrature
    d = data.draw(st.one_of(st.integers(1, 40), counts), label="d")
    run("quadrature.sphere_area", lambda: quadrature.sphere_area(d),
        lambda v: finite(v, ()))


@SETTINGS
@given(data=st.data())
def test_quadrature_gauss_legendre(data):
    from radonbook import quadrature
    a = draw_args(data, {"a": floats_array((3,), -3, 0), "b": floats_array((3,), 0, 3),
                         "m": st.integers(1, 40)},
                  {"a": bad_array((3,)), "b": bad_array((3,)), "m": counts})

    def check(out):
        x, w = out
        finite(x)
        finite(w, x.shape)

    run("quadrature.gauss_legendre", lambda: quadrature.gauss_legendre(a["a"], a["b"], a["m"]),
        check)


@SETTINGS
@given(data=st.data())
def test_quadrature_grids(data):
    from radonbook import quadrature
    a = draw_args(data, {"n": st.integers(1, 30), "extent": st.floats(0.1, 10)},
                  {"n": counts, "extent": scalars})
    run("quadrature.pixel_centres", lambda: quadrature.pixel_centres(a["n"], a["extent"]),
        lambda x: finite(x, (a["n"],)))
    run("quadrature.image_points", lambda: quadrature.image_points(a["n"], a["extent"]),
        lambda p: finite(p, (a["n"] ** 2, 2)))


@SETTINGS
@given(data=st.data())
def test_quadrature_sphere_quadrature(data):
    from radonbook import quadrature
    a = draw_args(data, {"d": st.integers(2, 6), "n": st.integers(1, 30),
                         "rng": st.integers(0, 2**31)},
                  {"d": counts, "n": counts, "rng": st.one_of(weird, st.integers(-5, -1))})

    def check(out):
        th, w = out
        finite(th)
        finite(w, (th.shape[0],))
        assert th.shape[1] == a["d"]

    run("quadrature.sphere_quadrature",
        lambda: quadrature.sphere_quadrature(a["d"], a["n"], rng=a["rng"]), check)


# --------------------------------------------------------------------------- reparam


@SETTINGS
@given(data=st.data(), n=st.integers(1, 5), d=st.integers(1, 3))
def test_reparam_to_radon(data, n, d):
    a = draw_args(data, {"w": floats_array((n, d), 0.5, 3), "b": floats_array((n,)),
                         "a": floats_array((n,))},
                  {"w": st.one_of(bad_array((n, d)), st.just(np.zeros((n, d)))),
                   "b": bad_array((n,)), "a": bad_array((n,))})

    def check(out):
        theta, r, c, alpha = out
        finite(theta, np.shape(a["w"]))
        for v in (r, c, alpha):
            finite(v, (np.shape(a["w"])[0],))

    run("reparam.to_radon", lambda: reparam.to_radon(a["w"], a["b"], a["a"]), check)


@SETTINGS
@given(data=st.data(), n=st.integers(1, 5), d=st.integers(1, 3), k=st.integers(1, 3))
def test_reparam_rescale(data, n, d, k):
    a = draw_args(data, {"w": floats_array((n, d)), "b": floats_array((n,)),
                         "a": floats_array((n,)),
                         "lam": st.one_of(st.floats(0.1, 10), floats_array((k,), 0.1, 10))},
                  {"w": bad_array((n, d)), "b": bad_array((n,)), "a": bad_array((n,)),
                   "lam": st.one_of(scalars, bad_array((k,)))})

    def check(out):
        lead = np.shape(a["lam"])
        finite(out[0], lead + np.shape(a["w"]))
        finite(out[1], lead + (np.shape(a["w"])[0],))
        finite(out[2], lead + (np.shape(a["w"])[0],))

    run("reparam.rescale", lambda: reparam.rescale(a["w"], a["b"], a["a"], a["lam"]), check,
        ("w", "b", "a", "lam"))


@SETTINGS
@given(data=st.data(), n=st.integers(1, 4), d=st.integers(1, 3),
       lead=st.sampled_from([(), (2,)]))
def test_reparam_delta_drift(data, n, d, lead):
    shapes = {"w0": lead + (n, d), "b0": lead + (n,), "a0": lead + (n,),
              "w1": lead + (n, d), "b1": lead + (n,), "a1": lead + (n,)}
    valid = {k: floats_array(v) for k, v in shapes.items()}
    valid.update(eta_a=st.floats(0.1, 10), eta_w=st.floats(0.1, 10))
    bad = {k: bad_array(v) for k, v in shapes.items()}
    bad.update(eta_a=scalars, eta_w=scalars)
    a = draw_args(data, valid, bad)
    names = tuple(valid)
    run("reparam.delta_drift", lambda: reparam.delta_drift(*(a[k] for k in names)),
        lambda out: finite(out, lead), names)


@SETTINGS
@given(data=st.data(), S=st.integers(3, 5), R=st.sampled_from([None, 1, 3]))
def test_reparam_drift_slopes(data, S, R):
    eta = data.draw(st.tuples(st.floats(1e-3, 1.0), st.floats(1.5, 4.0)).map(
        lambda t: t[0] / t[1] ** np.arange(S)), label="eta")
    shape = (S,) if R is None else (S, R)
    a = draw_args(data, {"step_sizes": st.just(eta), "drift": floats_array(shape, 1e-6, 10)},
                  {"step_sizes": st.one_of(bad_array((S,)), st.just(eta[::-1]),
                                           st.just(eta[:2])),
                   "drift": st.one_of(bad_array(shape), st.just(np.zeros(shape)))})

    def check(out):
        r = 1 if np.ndim(a["drift"]) == 1 else np.shape(a["drift"])[1]
        finite(out.fitted, (r,))
        finite(out.local, (S - 1, r))
        finite(out.extrapolated, (r,))

    run("reparam.drift_slopes", lambda: reparam.drift_slopes(a["step_sizes"], a["drift"]),
        check, ("step_sizes", "drift"))


@SETTINGS
@given(data=st.data(), n=st.integers(1, 5), d=st.integers(1, 3))
def test_reparam_zero_plane_distance(data, n, d):
    a = draw_args(data, {"theta0": floats_array((n, d)), "r0": floats_array((n,)),
                         "theta1": floats_array((n, d)), "r1": floats_array((n,))},
                  {"theta0": bad_array((n, d)), "r0": bad_array((n,)),
                   "theta1": bad_array((n, d)), "r1": bad_array((n,))})
    run("reparam.zero_plane_distance",
        lambda: reparam.zero_plane_distance(a["theta0"], a["r0"], a["theta1"], a["r1"]),
        lambda out: finite(out, (np.shape(a["theta0"])[0],)),
        ("theta0", "r0", "theta1", "r1"))


# --------------------------------------------------------------------------- radon


def _angular(kind):
    return {"cos": lambda p: 1 + np.cos(p), "nan": lambda p: np.full(np.shape(p), np.nan),
            "wrong": lambda p: np.ones(3), "text": lambda p: np.array(["a"] * np.size(p)),
            "complex": lambda p: np.cos(p) * (1 + 1j), "scalar": lambda p: 2.0}[kind]


@SETTINGS
@given(data=st.data(), m=st.integers(1, 4), N=st.integers(1, 3))
def test_radon_gaussian_offset_density(data, m, N):
    a = draw_args(data, {"angular": st.sampled_from(["cos", "scalar"]),
                         "scale": st.floats(0.1, 5), "theta": on_sphere((m, 2)),
                         "t": floats_array((N, m)), "n": st.integers(1, 20),
                         "rng": st.integers(0, 2**32)},
                  {"angular": st.one_of(st.sampled_from(["nan", "wrong", "text", "complex"]),
                                        weird),
                   "scale": scalars, "theta": bad_array((m, 2)), "t": bad_array((N, m)),
                   "n": counts, "rng": st.one_of(counts, scalars)})
    names = ("angular", "scale", "theta", "t", "n", "rng")

    def make():
        ang = a["angular"]
        if isinstance(ang, str) and ang in ("cos", "nan", "wrong", "text", "complex",
                                            "scalar"):
            ang = _angular(ang)
        return radon.GaussianOffsetDensity(ang, a["scale"])

    def check_profile(v):
        finite(v, np.broadcast_shapes(np.shape(a["t"]), (1, np.shape(a["theta"])[0])))

    def check_sample(neurons):
        finite(neurons.theta, (a["n"], 2))
        finite(neurons.r, (a["n"],))
        finite(neurons.c, (a["n"],))

    run("radon.GaussianOffsetDensity.relu_profile",
        lambda: make().relu_profile(a["theta"], a["t"]), check_profile, names)
    run("radon.GaussianOffsetDensity.sample", lambda: make().sample(a["n"], rng=a["rng"]),
        check_sample, names)


@SETTINGS
@given(data=st.data())
def test_radon_smooth_window(data):
    a = draw_args(data, {"n_pixels": st.integers(2, 20), "inner": st.floats(0.1, 0.5),
                         "outer": st.floats(0.6, 1.5)},
                  {"n_pixels": counts, "inner": scalars, "outer": scalars})
    run("radon.smooth_window",
        lambda: radon.smooth_window(a["n_pixels"], a["inner"], a["outer"]),
        lambda w: finite(w, (a["n_pixels"], a["n_pixels"])), ("n_pixels", "inner", "outer"))


@SETTINGS
@given(data=st.data(), shape=hnp.array_shapes(min_dims=0, max_dims=2, max_side=4))
def test_radon_fold_half_turn(data, shape):
    a = draw_args(data, {"phi": floats_array(shape, -20, 20), "t": floats_array(shape)},
                  {"phi": bad_array(shape), "t": bad_array(shape)})

    def check(out):
        finite(out[0], np.shape(a["phi"]))
        finite(out[1], np.shape(a["phi"]))
        assert np.all((out[0] >= 0) & (out[0] < np.pi + 1e-12))

    run("radon.fold_half_turn", lambda: radon.fold_half_turn(a["phi"], a["t"]), check,
        ("phi", "t"))


@SETTINGS
@given(data=st.data(), n_off=st.integers(2, 8), n_ang=st.integers(2, 8))
def test_radon_find_and_match_peaks(data, n_off, n_ang):
    angles = np.linspace(0, np.pi, n_ang, endpoint=False)
    offsets = np.linspace(-1, 1, n_off)
    a = draw_args(data, {"sinogram": floats_array((n_off, n_ang)), "angles": st.just(angles),
                         "offsets": st.just(offsets), "k": st.integers(1, 2),
                         "smooth": st.sampled_from([1, 3]),
                         "neighbourhood": st.sampled_from([1, 3, 5]),
                         "phi": floats_array((3,), -7, 7), "t": floats_array((3,))},
                  {"sinogram": bad_array((n_off, n_ang)), "angles": bad_array((n_ang,)),
                   "offsets": bad_array((n_off,)), "k": counts, "smooth": counts,
                   "neighbourhood": counts, "phi": bad_array((3,)), "t": bad_array((3,))})

    def check(peaks):
        for v in (peaks.phi, peaks.t, peaks.sign):
            finite(v, (a["k"],))

    names = ("sinogram", "angles", "offsets", "k", "smooth", "neighbourhood")
    run("radon.find_peaks",
        lambda: radon.find_peaks(a["sinogram"], a["angles"], a["offsets"], a["k"],
                                 smooth=a["smooth"], neighbourhood=a["neighbourhood"]),
        check, names)
    peaks = radon.SinogramPeaks(np.array([0.1, 2.0]), np.array([0.0, 0.5]), np.ones(2))

    def check_match(m):
        for v in (m.index, m.d_phi, m.d_t):
            finite(v, (np.shape(a["phi"])[0],))

    run("radon.match_peaks", lambda: radon.match_peaks(peaks, a["phi"], a["t"]), check_match,
        ("peaks", "phi", "t"))
    run("radon.match_peaks", lambda: radon.match_peaks(data.draw(weird), a["phi"], a["t"]),
        check_match, ("peaks", "phi", "t"))


# --------------------------------------------------------------------------- adaptive (experiments)


@SETTINGS
@given(data=st.data(), N=st.integers(1, 4))
def test_adaptive_fit_shallow(data, N):
    a = draw_args(data, {
        "x": floats_array((N, 2)), "y": floats_array((N,)), "act": st.just("relu"),
        "scale_w": st.floats(0.1, 2), "scale_a": st.floats(0.1, 2), "n": st.integers(1, 4),
        "steps": st.integers(0, 3), "lr": st.floats(1e-3, 0.1), "every": st.integers(1, 3),
        "rng": st.integers(0, 2**32)},
        {"x": bad_array((N, 2)), "y": bad_array((N,)), "act": st.one_of(weird, st.text(
            max_size=4)), "scale_w": scalars, "scale_a": scalars, "n": counts,
         "steps": counts, "lr": scalars, "every": counts, "rng": st.one_of(counts, scalars)})

    def check(hist):
        finite(hist["loss"])
        for k in ("w", "b", "a"):
            finite(hist[k])
        assert hist["w"].shape[1:] == (a["n"], 2)

    run("adaptive.fit_shallow",
        lambda: adaptive.fit_shallow(a["x"], a["y"], a["act"], scale_w=a["scale_w"],
                                     scale_a=a["scale_a"], n=a["n"], steps=a["steps"],
                                     lr=a["lr"], every=a["every"], rng=a["rng"]),
        check, tuple(a))


@SETTINGS
@given(data=st.data(), N=st.integers(1, 4))
def test_adaptive_inside_sinks(data, N):
    a = draw_args(data, {"x": floats_array((N, 2)), "residual": floats_array((N,)),
                         "sign": st.sampled_from([1.0, -1.0]), "atol": st.floats(0, 1e-3)},
                  {"x": st.one_of(bad_array((N, 2)), bad_array((N, 3))),
                   "residual": bad_array((N,)), "sign": scalars, "atol": scalars})

    def check(out):
        phi, r = out
        finite(phi)
        finite(r, np.shape(phi))

    run("adaptive.inside_sinks",
        lambda: adaptive.inside_sinks(a["x"], a["residual"], a["sign"], atol=a["atol"]),
        check, tuple(a))


@SETTINGS
@given(data=st.data(), N=st.integers(2, 3), P=st.integers(1, 3))
def test_adaptive_crease_probe(data, N, P):
    a = draw_args(data, {
        "x": floats_array((N, 2)), "y": floats_array((N,)),
        "thetas": floats_array((P,), 0, 6), "seeds": st.lists(st.integers(0, 9), min_size=1,
                                                              max_size=2),
        "kinds": st.lists(st.sampled_from(adaptive.BOUNDARY_TYPES), max_size=2),
        "n": st.integers(1, 2), "act": st.just("relu"),
        "init_scale_w": st.floats(0.1, 2), "init_scale_a": st.floats(0.1, 2)},
        {"x": bad_array((N, 2)), "y": bad_array((N,)), "thetas": bad_array((P,)),
         "seeds": st.one_of(weird, counts, st.just([])),
         "kinds": st.one_of(weird, st.lists(st.text(max_size=3), max_size=2)),
         "n": counts, "act": weird, "init_scale_w": scalars, "init_scale_a": scalars})

    def check(probe):
        assert 0 <= probe.neuron < probe.net.n and 1 <= probe.draw <= len(a["seeds"])

    run("adaptive.crease_probe",
        lambda: adaptive.crease_probe(a["x"], a["y"], a["thetas"], a["seeds"],
                                      kinds=a["kinds"], n=a["n"], act=a["act"],
                                      init_scale_w=a["init_scale_w"],
                                      init_scale_a=a["init_scale_a"]), check, tuple(a))


@SETTINGS
@given(data=st.data(), T=st.integers(1, 3), n=st.integers(1, 4), N=st.integers(1, 4),
       d=st.integers(1, 3))
def test_adaptive_active_counts_and_pinning(data, T, n, N, d):
    a = draw_args(data, {"w": floats_array((T, n, d), 0.5, 3), "b": floats_array((T, n)),
                         "x": floats_array((N, d)), "tol": st.floats(1e-3, 1)},
                  {"w": st.one_of(bad_array((T, n, d)), st.just(np.zeros((T, n, d)))),
                   "b": bad_array((T, n)), "x": bad_array((N, d)), "tol": scalars})

    def check_counts(c):
        finite(c, np.shape(a["b"]))
        assert np.all((c >= 0) & (c <= np.shape(a["x"])[0]))

    def check_trace(tr):
        finite(tr.distance, (T, n))
        finite(tr.median, (T,))
        finite(tr.pinned, (T,))
        assert tr.active.shape == tr.separating.shape == (T, n)

    run("adaptive.active_counts", lambda: adaptive.active_counts(a["w"], a["b"], a["x"]),
        check_counts, ("w", "b", "x"))
    run("adaptive.pinning_trace",
        lambda: adaptive.pinning_trace(a["w"], a["b"], a["x"], a["tol"]), check_trace,
        ("w", "b", "x", "tol"))


@SETTINGS
@given(data=st.data(), N=st.integers(2, 3), S=st.integers(1, 2))
def test_adaptive_regime_sweep(data, N, S):
    a = draw_args(data, {
        "x": floats_array((N, 2)), "y": floats_array((N,)),
        "scales": floats_array((S,), 0.1, 3), "seeds": st.lists(st.integers(0, 9),
                                                               min_size=1, max_size=2),
        "act": st.just("relu"), "scale_a": st.floats(0.1, 2), "n": st.integers(1, 3),
        "lr": st.floats(1e-3, 0.1), "steps": st.integers(1, 2), "tol": st.floats(1e-3, 1),
        "h": st.floats(0.01, 1)},
        {"x": bad_array((N, 2)), "y": bad_array((N,)), "scales": bad_array((S,)),
         "seeds": st.one_of(weird, counts, st.just([])), "act": weird,
         "scale_a": scalars, "n": counts, "lr": scalars, "steps": counts, "tol": scalars,
         "h": scalars})

    def check(sw):
        for k in ("delta", "move", "pinned", "auc0", "auc1", "med0", "med1"):
            finite(getattr(sw, k), (len(a["seeds"]), np.shape(a["scales"])[0]))

    run("adaptive.regime_sweep",
        lambda: adaptive.regime_sweep(a["x"], a["y"], a["scales"], a["seeds"], act=a["act"],
                                      scale_a=a["scale_a"], n=a["n"], lr=a["lr"],
                                      steps=a["steps"], tol=a["tol"], h=a["h"]),
        check, tuple(a))


def _tiny_digits(N=12, d=4):
    g = np.random.default_rng(0)
    return rdata.Dataset("digits", g.uniform(0, 1, (N, d)), np.arange(N) % 10,
                         g.uniform(0, 1, (N, d)), np.arange(N) % 10, (2, 2), "random")


TINY_CFG = adaptive.ClassifierConfig(n=3, batch_size=4, batches_per_epoch=2, lr=0.1,
                                     epochs=2, adaptive_epochs=1)


@SETTINGS
@given(data=st.data())
def test_adaptive_classifier_config(data):
    a = draw_args(data, {"n": st.integers(1, 8), "batch_size": st.integers(1, 8),
                         "batches_per_epoch": st.integers(1, 8), "lr": st.floats(1e-3, 1),
                         "epochs": st.integers(2, 5), "adaptive_epochs": st.integers(0, 2),
                         "dtype": st.sampled_from(["float64", "float32"]),
                         "scale": st.sampled_from(["book", "paper"])},
                  {"n": counts, "batch_size": counts, "batches_per_epoch": counts,
                   "lr": scalars, "epochs": counts, "adaptive_epochs": counts,
                   "dtype": st.one_of(weird, st.text(max_size=8)),
                   "scale": st.one_of(weird, st.text(max_size=5))})
    run("adaptive.ClassifierConfig",
        lambda: adaptive.ClassifierConfig(**{k: a[k] for k in a if k != "scale"}),
        lambda cfg: None, tuple(a))
    run("adaptive.classifier_config", lambda: adaptive.classifier_config(a["scale"]),
        lambda cfg: finite(cfg.lr, ()), ("scale",))


@SETTINGS
@given(data=st.data())
def test_adaptive_make_and_fit_classifier(data):
    ds = _tiny_digits()
    a = draw_args(data, {"act": st.just("relu"), "d": st.just(4), "cfg": st.just(TINY_CFG),
                         "rng": st.integers(0, 2**32), "ds": st.just(ds),
                         "epochs": st.integers(1, 2), "regime": st.sampled_from(
                             ["adaptive", "kernel"]), "every": st.integers(1, 3),
                         "dtype": st.sampled_from(["float64", "float32"])},
                  {"act": weird, "d": counts, "cfg": weird, "rng": st.one_of(counts, scalars),
                   "ds": weird, "epochs": counts, "regime": st.one_of(weird, st.text(
                       max_size=4)), "every": counts,
                   "dtype": st.one_of(weird, st.text(max_size=8))})
    run("adaptive.make_classifier",
        lambda: adaptive.make_classifier(a["act"], a["d"], a["cfg"], a["rng"]),
        lambda net: finite(net(np.zeros((2, net.w.shape[1]))).detach().numpy(), (2, 10)),
        ("act", "d", "cfg", "rng"))
    net = adaptive.make_classifier("relu", 4, TINY_CFG, 0)

    def check(hist):
        finite(hist["loss"])
        finite(hist["w"])

    run("data.Dataset.astype", lambda: ds.astype(a["dtype"]),
        lambda d: finite(d.x_train, (12, 4)), ("dtype",))
    run("adaptive.fit_classifier",
        lambda: adaptive.fit_classifier(net, a["ds"], a["cfg"], a["epochs"], a["rng"],
                                        regime=a["regime"], every=a["every"]),
        check, ("net", "ds", "cfg", "epochs", "rng", "regime", "every"))


@settings(SETTINGS, max_examples=min(SETTINGS.max_examples, 25))
@given(data=st.data())
def test_adaptive_digit_experiment(data):
    ds = _tiny_digits()
    a = draw_args(data, {"act": st.just("relu"), "ds": st.just(ds), "cfg": st.just(TINY_CFG),
                         "seeds": st.just((0, 1, 2)),
                         "null_rng": st.just(np.random.default_rng(0)),
                         "rhos": floats_array((2,), 0.1, 3), "n_null": st.integers(1, 3),
                         "every": st.one_of(st.none(), st.integers(1, 2))},
                  {"act": weird, "ds": weird, "cfg": weird,
                   "seeds": st.one_of(weird, counts, st.just((0, 1))),
                   "null_rng": st.one_of(weird, counts), "rhos": bad_array((2,)),
                   "n_null": counts, "every": counts})

    def check(r):
        finite(r.magnitude, (np.shape(a["rhos"])[0],))
        finite([r.loss, r.test_loss, r.auc0, r.auc1, r.null95, r.move_first, r.alpha_max])

    run("adaptive.digit_experiment",
        lambda: adaptive.digit_experiment(a["act"], a["ds"], a["cfg"], a["seeds"],
                                          a["null_rng"], rhos=a["rhos"], n_null=a["n_null"],
                                          every=a["every"]), check, tuple(a))


# --------------------------------------------------------------------------- design (sweeps)

acts_or_weird = st.one_of(st.sampled_from(["relu", "step", ("relu_power", {"k": 0.5})]),
                          weird)
eps_valid = hnp.arrays(np.float64, st.integers(2, 3), elements=st.floats(0.2, 3),
                       unique=True)


@SETTINGS
@given(data=st.data())
def test_design_contraction_sweep(data):
    a = draw_args(data, {"act": st.sampled_from(["relu", "step", None]),
                         "dims": st.lists(st.integers(1, 3), min_size=1, max_size=2),
                         "eps": eps_valid},
                  {"act": weird, "dims": st.one_of(weird, counts, st.just([])),
                   "eps": st.one_of(real_arrays(1, 3), weird)})

    def check(sw):
        finite(sw.costs, (len(a["dims"]), np.shape(a["eps"])[0]))
        finite(sw.exponents, (len(a["dims"]),))

    run("design.contraction_sweep",
        lambda: design.contraction_sweep(a["act"], a["dims"], a["eps"]), check, tuple(a))


@SETTINGS
@given(data=st.data(), shape=hnp.array_shapes(min_dims=0, max_dims=1, max_side=3))
def test_design_power_contraction_cost(data, shape):
    a = draw_args(data, {"s": st.floats(0, 6), "d": st.integers(1, 5),
                         "eps": floats_array(shape, 0.1, 3)},
                  {"s": scalars, "d": counts, "eps": st.one_of(real_arrays(1, 3), weird)})
    run("design.power_contraction_cost",
        lambda: design.power_contraction_cost(a["s"], a["d"], a["eps"]),
        lambda c: finite(c, np.shape(a["eps"])), tuple(a))


@SETTINGS
@given(data=st.data())
def test_design_epstein_zeta_square(data):
    z = data.draw(st.one_of(st.floats(2.5, 50), st.floats(-50, -0.5),
                            floats_array((3,), 2.5, 20), scalars, real_arrays(1, 3), weird))
    run("design.epstein_zeta_square", lambda: design.epstein_zeta_square(z),
        lambda v: finite(v, np.shape(z)), ("z",))


@SETTINGS
@given(data=st.data())
def test_design_grid_corner_error(data):
    a = draw_args(data, {"d": st.sampled_from([1, 2, 3]), "s": st.sampled_from([0.0, 1.0,
                                                                               2.0, 4.0]),
                         "eps": floats_array((2,), 0.1, 2), "dxi": st.floats(0.1, 2)},
                  {"d": counts, "s": scalars, "eps": st.one_of(real_arrays(1, 3), weird),
                   "dxi": scalars})
    run("design.grid_corner_error",
        lambda: design.grid_corner_error(a["d"], a["s"], a["eps"], a["dxi"]),
        lambda e: finite(e, np.shape(a["eps"])), tuple(a))


@SETTINGS
@given(data=st.data())
def test_design_grid_contraction(data):
    a = draw_args(data, {"acts": st.just(["relu", "step"]), "powers": st.just([4, 2]),
                         "d": st.integers(1, 2), "eps": eps_valid,
                         "extent": st.floats(4, 8), "n": st.sampled_from([8, 16])},
                  {"acts": st.one_of(weird, st.just(["relu"]), st.just([relu, "step"])),
                   "powers": st.one_of(weird, st.just([4, 3]), st.just([np.nan, 2])),
                   "d": counts, "eps": st.one_of(real_arrays(1, 3), weird),
                   "extent": scalars, "n": counts})

    def check(out):
        for g in out:
            finite(g.values, np.shape(a["eps"]))
            finite(g.exponent, ())

    run("design.grid_contraction",
        lambda: design.grid_contraction(a["acts"], a["powers"], a["d"], a["eps"],
                                        extent=a["extent"], n=a["n"]), check, tuple(a))


def _target1(kind):
    return {"sin": lambda x: np.sin(3 * x[:, 0]), "nan": lambda x: np.full(len(x), np.nan),
            "wrong": lambda x: np.zeros(2), "text": lambda x: np.array(["a"] * len(x))}[kind]


@SETTINGS
@given(data=st.data())
def test_design_same_factor_fits(data):
    a = draw_args(data, {"acts": st.just(["relu", "relu"]), "target": st.just("sin"),
                         "widths": st.lists(st.integers(2, 8), min_size=1, max_size=2),
                         "seeds": st.lists(st.integers(0, 9), min_size=1, max_size=2),
                         "n_points": st.integers(2, 6), "radius": st.floats(0.5, 3),
                         "n_query": st.integers(2, 20)},
                  {"acts": st.one_of(weird, st.just(["relu"])),
                   "target": st.sampled_from(["nan", "wrong", "text", None]),
                   "widths": st.one_of(weird, counts, st.just([10**9])),
                   "seeds": st.one_of(weird, counts, st.just([-1])), "n_points": counts,
                   "radius": scalars, "n_query": counts})
    target = _target1(a["target"]) if a["target"] else None

    def check(out):
        finite(out.fits, (len(a["seeds"]), len(a["widths"]), 2, a["n_query"]))
        finite(out.gaps, (len(a["widths"]), len(a["seeds"])))

    run("design.same_factor_fits",
        lambda: design.same_factor_fits(a["acts"], target, a["widths"], a["seeds"],
                                        n_points=a["n_points"], radius=a["radius"],
                                        n_query=a["n_query"]), check, tuple(a))


def _target2(kind):
    return {"gauss": lambda p: np.exp(-(p**2).sum(axis=1)),
            "nan": lambda p: np.full(len(p), np.nan), "wrong": lambda p: np.zeros(3),
            "complex": lambda p: np.ones(len(p)) * 1j}[kind]


@settings(SETTINGS, max_examples=min(SETTINGS.max_examples, 40))
@given(data=st.data())
def test_design_fit_spectra(data):
    a = draw_args(data, {"acts": st.just(["relu"]), "target": st.just("gauss"),
                         "seeds": st.just([0]), "n_train": st.integers(2, 6),
                         "n_neurons": st.integers(2, 6), "extent": st.floats(1, 3),
                         "radius": st.floats(0.5, 3), "mse": st.floats(1e-3, 1),
                         "radii": floats_array((2,), 0.1, 3), "grid": st.sampled_from([8, 16]),
                         "pad": st.integers(1, 2)},
                  {"acts": st.one_of(weird, st.just([])),
                   "target": st.sampled_from(["nan", "wrong", "complex", None]),
                   "seeds": st.one_of(weird, counts), "n_train": counts,
                   "n_neurons": counts, "extent": scalars, "radius": scalars, "mse": scalars,
                   "radii": st.one_of(bad_array((2,)), weird), "grid": counts, "pad": counts})
    target = _target2(a["target"]) if a["target"] else None

    def check(out):
        finite(out.M_fit, (1, 1, np.shape(a["radii"])[0]))
        finite(out.M_truth, (np.shape(a["radii"])[0],))
        finite(out.test_mse, (1, 1))

    run("design.fit_spectra",
        lambda: design.fit_spectra(a["acts"], target, a["seeds"], n_train=a["n_train"],
                                   n_neurons=a["n_neurons"], extent=a["extent"],
                                   radius=a["radius"], mse=a["mse"], radii=a["radii"],
                                   grid=a["grid"], pad=a["pad"]), check, tuple(a))


# --------------------------------------------------------------------------- ntk (experiments)


@SETTINGS
@given(data=st.data())
def test_ntk_empirical_ntk_errors(data):
    a = draw_args(data, {"n_points": st.integers(1, 5), "d": st.integers(2, 4),
                         "widths": st.lists(st.integers(1, 20), min_size=1, max_size=3),
                         "rng": st.integers(0, 2**32)},
                  {"n_points": counts, "d": counts,
                   "widths": st.one_of(weird, counts, st.just([10**12]), st.just([2.5])),
                   "rng": st.one_of(counts, scalars)})
    run("ntk.empirical_ntk_errors",
        lambda: ntk.empirical_ntk_errors(a["n_points"], a["d"], a["widths"], rng=a["rng"]),
        lambda e: finite(e, (np.size(a["widths"]),)), tuple(a))


@SETTINGS
@given(data=st.data())
def test_ntk_spectrum(data):
    a = draw_args(data, {"d": st.integers(2, 6), "kmax": st.integers(0, 20),
                         "train": st.sampled_from(["first", "both"]), "bias": st.booleans()},
                  {"d": counts, "kmax": counts, "train": st.one_of(weird, st.text(max_size=4)),
                   "bias": st.one_of(scalars, weird)})

    def check(sp):
        assert sp.log_mu.shape == sp.log_multiplicity.shape == (a["kmax"] + 1,)
        assert not np.any(np.isnan(sp.log_mu))  # -inf where mu_k = 0 (documented)
        finite(sp.log_multiplicity)
        finite(sp.sum_rule, ())

    run("ntk.ntk_spectrum",
        lambda: ntk.ntk_spectrum(a["d"], a["kmax"], a["train"], a["bias"]), check, tuple(a))


@SETTINGS
@given(data=st.data(), n=st.integers(3, 6), d=st.integers(2, 3))
def test_ntk_degree_decay(data, n, d):
    a = draw_args(data, {"x": on_sphere((n, d)), "directions": on_sphere((2, d)),
                         "degrees": st.just([1, 2]), "width": st.sampled_from([2, 4]),
                         "steps": st.integers(2, 4), "lr": st.floats(0.01, 0.5),
                         "kmax": st.one_of(st.none(), st.integers(2, 3)),
                         "floor": st.floats(0.05, 0.9), "rng": st.integers(0, 2**32),
                         "dtype": st.sampled_from(["float64", "float32"])},
                  {"x": bad_array((n, d)), "directions": bad_array((2, d)),
                   "degrees": st.one_of(weird, counts, st.just([-1, 2])), "width": counts,
                   "steps": counts, "lr": scalars, "kmax": counts, "floor": scalars,
                   "rng": st.one_of(counts, scalars),
                   "dtype": st.one_of(weird, st.text(max_size=8))})

    def check(dd):
        finite(dd.norms, (len(dd.steps), 2))
        assert not np.any(np.isnan(dd.rates))
        finite(dd.predicted, (2,))

    run("ntk.degree_decay",
        lambda: ntk.degree_decay(a["x"], a["directions"], a["degrees"], width=a["width"],
                                 steps=a["steps"], lr=a["lr"], kmax=a["kmax"],
                                 floor=a["floor"], rng=a["rng"], dtype=a["dtype"]),
        check, tuple(a))


@SETTINGS
@given(data=st.data(), N=st.integers(2, 6), n=st.integers(1, 6))
def test_ntk_plane_wave_steps(data, N, n):
    x = np.linspace(-1, 1, N)
    a = draw_args(data, {"features": floats_array((N, n), 0.1, 3), "x": st.just(x),
                         "omegas": floats_array((2,), 0.1, 5), "act": st.just("relu"),
                         "radius": st.floats(0.5, 3), "tol": st.floats(0.01, 0.9)},
                  {"features": st.one_of(bad_array((N, n)), st.just(np.zeros((N, n)))),
                   "x": st.one_of(bad_array((N,)), st.just(np.zeros(N))),
                   "omegas": bad_array((2,)), "act": weird, "radius": scalars,
                   "tol": scalars})

    def check(pw):
        assert pw.steps.shape == pw.normalised.shape == (np.shape(a["omegas"])[0],)
        assert not np.any(np.isnan(pw.steps)) and np.all(pw.steps >= 0)
        finite(pw.lr, ())

    run("ntk.plane_wave_steps",
        lambda: ntk.plane_wave_steps(a["features"], a["x"], a["omegas"], a["act"],
                                     radius=a["radius"], tol=a["tol"]), check, tuple(a))


# --------------------------------------------------------------------------- spectral


@SETTINGS
@given(data=st.data())
def test_spectral_seminorm_steps(data):
    a = draw_args(data, {"f": st.just(targets.smooth_bump()), "act": st.just("relu"),
                         "n_theta": st.integers(2, 8), "t_max": st.floats(4, 10),
                         "n_t": st.sampled_from([8, 16, 32]), "extent": st.floats(4, 10),
                         "n": st.sampled_from([8, 16]), "floor": st.floats(0, 1e-6)},
                  {"f": st.one_of(weird, st.just(relu)), "act": weird, "n_theta": counts,
                   "t_max": scalars, "n_t": counts, "extent": scalars, "n": counts,
                   "floor": scalars})

    def check(out):
        for k in ("radon", "plancherel", "central_slice", "fourier", "slice_error"):
            v = getattr(out, k)
            assert isinstance(v, float) and not np.isnan(v), (k, v)

    run("spectral.seminorm_steps",
        lambda: spectral.seminorm_steps(a["f"], a["act"], n_theta=a["n_theta"],
                                        t_max=a["t_max"], n_t=a["n_t"], extent=a["extent"],
                                        n=a["n"], floor=a["floor"]), check, tuple(a))


@SETTINGS
@given(data=st.data(), m=st.integers(2, 6))
def test_spectral_grouped_density(data, m):
    a = draw_args(data, {"act": st.just("relu"), "theta": on_sphere((m, 2)),
                         "r": floats_array((m,), -1, 1), "extent": st.floats(2, 4),
                         "n": st.sampled_from([8, 16]), "radii": floats_array((2,), 0, 3),
                         "n_groups": st.integers(2, m), "window_radius": st.floats(0.5, 2),
                         "alpha": st.floats(0.5, 2)},
                  {"act": weird, "theta": bad_array((m, 2)), "r": bad_array((m,)),
                   "extent": scalars, "n": counts, "radii": bad_array((2,)),
                   "n_groups": counts, "window_radius": scalars, "alpha": scalars})

    def check(g):
        R = np.size(a["radii"])
        finite(g.profiles, (a["n_groups"], R))
        finite(g.mean, (R,))
        finite(g.se, (R,))

    run("spectral.grouped_density",
        lambda: spectral.grouped_density(a["act"], a["theta"], a["r"], a["extent"], a["n"],
                                         a["radii"], n_groups=a["n_groups"],
                                         window_radius=a["window_radius"],
                                         alpha=a["alpha"]), check, tuple(a))


EXP2_OPTS = {"n_train": 6, "n_neurons": 8, "grid": 8, "mse": 1e-2}


@settings(SETTINGS, max_examples=min(SETTINGS.max_examples, 40))
@given(data=st.data())
def test_spectral_experiment2_draws_and_magnitudes(data):
    gauss = _target2("gauss")
    a = draw_args(data, {"acts": st.just(["relu"]), "targets": st.just([gauss]),
                         "seeds": st.lists(st.integers(0, 9), min_size=1, max_size=2),
                         "n_train": st.integers(2, 6), "mse": st.floats(1e-3, 1),
                         "radii": floats_array((2,), 0.1, 3), "pad": st.integers(1, 2),
                         "n_angles": st.integers(4, 32)},
                  {"acts": st.one_of(weird, st.just([])),
                   "targets": st.one_of(weird, st.just([_target2("nan")])),
                   "seeds": st.one_of(weird, counts, st.just([])), "n_train": counts,
                   "mse": scalars, "radii": bad_array((2,)), "pad": counts,
                   "n_angles": counts})
    opts = dict(EXP2_OPTS, n_train=a["n_train"], mse=a["mse"])

    def check(out):
        D = len(a["seeds"])
        finite(out.test, (D, 1, 1))
        finite(out.n_failed, (1, 1))

    run("spectral.experiment2_draws",
        lambda: spectral.experiment2_draws(a["acts"], a["targets"], a["seeds"], **opts),
        check, tuple(a))
    draw = spectral.experiment2_fits(["relu"], [gauss], rng=0, **EXP2_OPTS)
    run("spectral.fit_magnitudes",
        lambda: spectral.fit_magnitudes(draw, a["radii"], pad=a["pad"],
                                        n_angles=a["n_angles"]),
        lambda M: finite(M, (1, 1, np.size(a["radii"]))), ("draw", "radii", "pad",
                                                            "n_angles"))
    run("spectral.fit_magnitudes", lambda: spectral.fit_magnitudes(data.draw(weird), [1.0]),
        lambda M: None, ("draw",))


@SETTINGS
@given(data=st.data(), D=st.integers(2, 4), m=st.integers(2, 3), p=st.integers(1, 2))
def test_spectral_compare_activations(data, D, m, p):
    a = draw_args(data, {"values": floats_array((D, m, p)),
                         "fitted": st.just(np.ones((m, p), bool)),
                         "a": st.integers(0, m - 1), "b": st.integers(0, m - 1),
                         "j": st.integers(0, p - 1),
                         "labels": st.one_of(st.none(), st.just([f"act{i}" for i in range(m)])),
                         "k": st.floats(0.5, 3)},
                  {"values": bad_array((D, m, p)),
                   "fitted": st.one_of(weird, bad_array((m, p)),
                                       st.just(np.zeros((m, p), bool))),
                   "a": counts, "b": counts, "j": counts,
                   "labels": st.one_of(weird, st.just(["x"])), "k": scalars})
    run("spectral.compare_activations",
        lambda: spectral.compare_activations(a["values"], a["fitted"], a["a"], a["b"],
                                             a["j"], labels=a["labels"], k=a["k"]),
        lambda c: finite([c.gap, c.noise]), tuple(a))


@SETTINGS
@given(data=st.data(), N=st.integers(1, 5), n=st.integers(1, 5))
def test_spectral_numerical_rank(data, N, n):
    Phi = data.draw(st.one_of(floats_array((N, n)), st.just(np.zeros((N, n))),
                              bad_array((N, n))))

    def check(k):
        assert isinstance(k, int) and 0 <= k <= min(np.shape(Phi))

    run("spectral.numerical_rank", lambda: spectral.numerical_rank(Phi), check, ("Phi",))


# --------------------------------------------------------------------------- data, plotting


@SETTINGS
@given(data=st.data())
def test_data_write_idx(data):
    arr = data.draw(st.one_of(
        hnp.arrays(st.sampled_from([np.uint8, np.int8, np.int16, np.int32, np.float32,
                                    np.float64]), hnp.array_shapes(min_dims=1, max_dims=3,
                                                                   max_side=4)),
        real_arrays(), weird, st.just(np.zeros((2, 2), np.int64)),
        st.just(np.zeros((2,), complex))), label="array")
    kind = data.draw(st.sampled_from(["ok", "ok", "ok", "none", "int", "dir"]), label="path")
    with tempfile.TemporaryDirectory() as tmp:
        path = {"ok": os.path.join(tmp, "a.idx"), "none": None, "int": 3.5, "dir": tmp}[kind]

        def check(p):
            back = rdata.read_idx(p)
            assert back.shape == np.shape(arr)
            np.testing.assert_array_equal(back, arr)

        run("data.write_idx", lambda: rdata.write_idx(path, arr), check, ("path", "array"))


@SETTINGS
@given(data=st.data())
def test_data_missing_and_reproduce_missing_data(data):
    name = data.draw(st.one_of(st.sampled_from(["digits", "mnist", "MNIST"]), weird,
                               st.text(max_size=5)), label="name")
    kind = data.draw(st.sampled_from(["none", "dir", "file", "int", "list"]), label="path")
    scale = data.draw(st.one_of(st.sampled_from(["book", "paper"]), weird), label="scale")
    with tempfile.TemporaryDirectory() as tmp:
        nb = os.path.join(tmp, "08_x.ipynb")
        with open(nb, "w") as fh:
            fh.write('{"metadata": {"radonbook": {"needs": {"paper": ["mnist"]}}}}')
        path = {"none": None, "dir": tmp, "file": nb, "int": 3.5, "list": [tmp]}[kind]
        run("data.missing", lambda: rdata.missing(name, path),
            lambda why: (why is None) or (isinstance(why, str) and why), ("name", "path"))
        source = {"none": None, "dir": tmp, "file": nb, "int": 3.5, "list": [nb]}[kind]
        run("reproduce.missing_data", lambda: reproduce.missing_data(source, scale),
            lambda why: (why is None) or (isinstance(why, str) and why),
            ("source", "scale"))


@SETTINGS
@given(data=st.data(), R=st.integers(1, 3), C=st.integers(1, 3))
def test_plotting_mse_heatmap(data, R, C):
    a = draw_args(data, {"values": floats_array((R, C), 1e-6, 10),
                         "row_labels": st.just([f"r{i}" for i in range(R)]),
                         "col_labels": st.just([f"c{i}" for i in range(C)]),
                         "failed": st.one_of(st.none(), st.just(np.zeros((R, C), bool))),
                         "vmin": st.one_of(st.none(), st.floats(1e-8, 1e-6)),
                         "vmax": st.one_of(st.none(), st.floats(10, 100)),
                         "cmap": st.just("viridis")},
                  {"values": st.one_of(bad_array((R, C)), st.just(-np.ones((R, C)))),
                   "row_labels": st.one_of(weird, counts), "col_labels": st.one_of(
                       weird, counts), "failed": st.one_of(weird, bad_array((R, C)),
                                                           st.just(np.ones((R, C), bool))),
                   "vmin": scalars, "vmax": scalars, "cmap": st.one_of(
                       weird, st.text(max_size=3))})
    fig, ax = plt.subplots()
    try:
        run("plotting.mse_heatmap",
            lambda: plotting.mse_heatmap(ax, a["values"], a["row_labels"], a["col_labels"],
                                         failed=a["failed"], vmin=a["vmin"], vmax=a["vmax"],
                                         cmap=a["cmap"]),
            lambda im: None, ("ax",) + tuple(a))
    finally:
        plt.close(fig)
