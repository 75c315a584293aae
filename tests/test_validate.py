"""The shared input checks (radonbook.validate)."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from radonbook import validate as V

anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.complex_numbers(), st.text(max_size=4), st.binary(max_size=4),
    st.lists(st.floats(allow_nan=True), max_size=4),
    st.lists(st.lists(st.integers(-3, 3), max_size=3), max_size=3),
)


def test_real_accepts_every_real_scalar():
    for v in (1, 1.5, np.float32(2), np.int64(3), np.float64(-1), torch.tensor(2.0)):
        assert isinstance(V.real(v, "x"), float)
    assert V.real(np.float32(1), "x", positive=True) == 1.0


@pytest.mark.parametrize(("value", "kw", "exc", "match"), [
    (True, {}, TypeError, "x must be a real number"),
    (1j, {}, TypeError, "x must be a real number"),
    ("1", {}, TypeError, "x must be a real number"),
    (float("nan"), {}, ValueError, "x must be finite"),
    (float("inf"), {}, ValueError, "x must be finite"),
    (0.0, {"positive": True}, ValueError, "x must be positive"),
    (-1.0, {"nonnegative": True}, ValueError, "non-negative"),
    (5.0, {"high": 4.0}, ValueError, "at most 4"),
])
def test_real_refuses(value, kw, exc, match):
    with pytest.raises(exc, match=match):
        V.real(value, "x", **kw)


def test_count():
    assert V.count(np.int64(3), "n") == 3
    with pytest.raises(TypeError, match="n must be an integer"):
        V.count(3.0, "n")
    with pytest.raises(TypeError, match="bool"):
        V.count(True, "n")
    with pytest.raises(ValueError, match="at least 1"):
        V.count(0, "n")
    with pytest.raises(ValueError, match="at most 5"):
        V.count(6, "n", maximum=5)


def test_array_shapes_and_values():
    assert V.array([[1, 2]], "x", shape=(None, 2)).dtype == np.float64
    with pytest.raises(ValueError, match=r"x must have shape \(any, 3\)"):
        V.array(np.zeros((4, 2)), "x", shape=(None, 3))
    with pytest.raises(ValueError, match="1 or 2 dimension"):
        V.array(np.zeros((1, 1, 1)), "x", ndim=(1, 2))
    with pytest.raises(ValueError, match="NaN"):
        V.array([1.0, np.nan], "x")
    assert np.isnan(V.array([np.nan], "x", finite=False)).all()
    with pytest.raises(TypeError, match="real"):
        V.array(np.array([1 + 2j]), "x")
    with pytest.raises(TypeError, match="requires grad"):
        V.array(torch.ones(2, requires_grad=True), "x")
    assert V.array(torch.ones(2), "x").shape == (2,)
    with pytest.raises(ValueError, match="at least 2 entries"):
        V.array([1.0], "x", min_size=2)
    # another floating type: converted straight to it, no copy when it has it already
    x32 = np.arange(3, dtype=np.float32)
    assert V.array(x32, "x", dtype=np.float32) is x32
    assert V.array([0.1], "x", dtype=np.float32).dtype == np.float32
    with pytest.raises(ValueError, match="NaN"):
        V.array([1e300], "x", dtype=np.float32)  # not finite in single precision


def test_rng_follows_spec7():
    g = np.random.default_rng(1)
    assert V.rng(g) is g
    assert V.rng(5).integers(1000) == np.random.default_rng(5).integers(1000)
    assert isinstance(V.rng(None), np.random.Generator)
    for bad in (1.5, "a", True):
        with pytest.raises(TypeError, match="rng must be"):
            V.rng(bad)
    with pytest.raises(ValueError, match="non-negative"):
        V.rng(-1)


def test_check_memory_names_the_parameter():
    V.check_memory(1e6, "n")
    with pytest.raises(ValueError, match="supersample would need about 7.5 GB"):
        V.check_memory(1e9, "supersample")


def test_choice():
    assert V.choice("a", "mode", ["a", "b"]) == "a"
    with pytest.raises(ValueError, match=r"mode must be one of \['a', 'b'\]"):
        V.choice("c", "mode", ["a", "b"])
    with pytest.raises(TypeError):
        V.choice(None, "mode", ["a"])


@settings(max_examples=200, deadline=1000)
@given(anything)
def test_every_check_answers_clearly_or_accepts(value):
    checks = [
        lambda v: V.real(v, "x"),
        lambda v: V.count(v, "n"),
        lambda v: V.array(v, "x", ndim=1, min_size=1),
        lambda v: V.rng(v),
        lambda v: V.choice(v, "mode", ["a"]),
    ]
    for check in checks:
        try:
            out = check(value)
        except (TypeError, ValueError) as exc:
            assert str(exc)
        else:
            if isinstance(out, np.ndarray):
                assert out.ndim == 1 and np.isfinite(out).all()
            elif isinstance(out, float):
                assert np.isfinite(out)


def test_seed_list():
    assert V.seed_list([3, np.int64(0)]) == (3, 0)
    for bad, err in (([], TypeError), (5, TypeError), ("12", TypeError), ([1, -1], ValueError),
                     ([1.5], TypeError)):
        with pytest.raises(err, match="draws"):
            V.seed_list(bad, "draws")
