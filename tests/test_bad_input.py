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
import warnings

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
    reparam,
    spectral,
    targets,
    training,
)

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


def run(label, call, check):
    """Call; a result must pass ``check``; only TypeError/ValueError with a message pass."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = call()
        except (TypeError, ValueError) as exc:
            assert str(exc).strip(), f"{label}: {type(exc).__name__} without a message"
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
        "regime": st.sampled_from(["adaptive", "kernel"]), "rng": st.integers(0, 2**32)},
        {"x": bad_array((N, 2)), "y": st.one_of(bad_array((N,)), bad_array((N, 1))),
         "lr": st.one_of(scalars, st.floats(1e6, 1e300)), "steps": counts,
         "optimizer": st.one_of(st.text(max_size=4), weird), "batch_size": counts,
         "regime": st.one_of(st.text(max_size=4), weird),
         "rng": st.one_of(counts, scalars)})

    def check(hist):
        assert len(hist) == 1 + a["steps"]  # every step recorded (every=1)
        finite(hist["loss"])
        for k in ("w", "b", "a"):
            finite(hist[k])

    run("training.train",
        lambda: training.train(net, a["x"], a["y"], steps=a["steps"], lr=a["lr"],
                               optimizer=a["optimizer"], batch_size=a["batch_size"],
                               regime=a["regime"], rng=a["rng"], record="params"), check)


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
