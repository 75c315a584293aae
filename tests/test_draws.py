"""Claims over draws (radonbook.draws) and the book's seed (radonbook.seed, draw_seeds)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import radonbook
from radonbook import draws


def test_spread_matches_numpy():
    v = [1.0, 2.0, 4.0, 8.0]
    s = draws.spread(v)
    assert s.mean == pytest.approx(np.mean(v))
    assert s.std == pytest.approx(np.std(v, ddof=1))
    assert (s.low, s.high, s.n) == (1.0, 8.0, 4)
    assert s.sem == pytest.approx(stats.sem(v))
    assert str(s).startswith("3.75\u00a0±\u00a0")  # no-break spaces: one line in a table
    assert draws.spread([1400.0, 1440.0]).format() == "1420\u00a0±\u00a028"


def test_unpaired_ratio_is_welchs_t_statistic():
    rng = np.random.default_rng(0)
    a, b = rng.normal(0, 1, 5), rng.normal(0.5, 2, 7)
    c = draws.compare(a, b)
    t = stats.ttest_ind(a, b, equal_var=False).statistic
    assert c.ratio == pytest.approx(abs(t), rel=1e-12)
    assert math.copysign(1, c.gap) == math.copysign(1, t)


def test_paired_ratio_is_the_paired_t_statistic():
    rng = np.random.default_rng(1)
    a = rng.normal(0, 1, 6)
    b = a + rng.normal(0.3, 0.1, 6)
    c = draws.compare(a, b, paired=True)
    assert c.ratio == pytest.approx(abs(stats.ttest_rel(a, b).statistic), rel=1e-12)
    assert c.verdict == "<"  # the shared noise cancels in the paired comparison
    assert draws.compare(a, b).verdict == "tie"  # and hides the gap in the unpaired one


def test_verdicts_and_threshold():
    a, b = [1.0, 1.1, 0.9], [2.0, 2.1, 1.9]
    assert draws.compare(a, b).verdict == "<"
    assert draws.compare(b, a).verdict == ">"
    c = draws.compare(a, b, labels=("A", "B"))
    assert str(c).startswith("A < B (gap -1")
    # a gap just under k spreads is a tie, just over is an ordering
    assert draws.compare(a, b, k=c.ratio * 1.001).is_tie
    assert not draws.compare(a, b, k=c.ratio * 0.999).is_tie
    assert "tie" in str(draws.compare(a, [1.05, 0.95, 1.0]))


def test_no_spread():
    assert draws.compare([1.0, 1.0], [1.0, 1.0]).verdict == "tie"
    assert draws.compare([1.0, 1.0], [2.0, 2.0]).ratio == math.inf


def test_ordered_classes_keeps_ties_together():
    groups = {
        "low": [0.0, 0.1, -0.1],
        "low2": [0.05, 0.15, -0.05],  # inside the spread of "low"
        "mid": [5.0, 5.1, 4.9],
        "high": [10.0, 10.1, 9.9],
    }
    assert draws.ordered_classes(groups) == [["low", "low2"], ["mid"], ["high"]]


def test_bad_input():
    with pytest.raises(ValueError, match="at least 2 draws"):
        draws.spread([1.0])
    with pytest.raises(ValueError, match="NaN"):
        draws.spread([1.0, np.nan])
    with pytest.raises(ValueError, match="1-D"):
        draws.spread(np.ones((2, 2)))
    with pytest.raises(TypeError, match="real"):
        draws.spread([1 + 1j, 2])
    with pytest.raises(TypeError, match="real"):
        draws.spread("12")
    with pytest.raises(ValueError, match="equal counts"):
        draws.compare([1, 2], [1, 2, 3], paired=True)
    with pytest.raises(ValueError, match="k must be positive"):
        draws.compare([1, 2], [1, 2], k=0)
    with pytest.raises(TypeError, match="labels"):
        draws.compare([1, 2], [1, 2], labels="ab")
    with pytest.raises(TypeError, match="mapping"):
        draws.ordered_classes([[1, 2]])


@settings(max_examples=60, deadline=1000)
@given(st.one_of(
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=5),
    st.text(max_size=5),
    st.none(),
    st.lists(st.lists(st.floats(-1, 1), min_size=2, max_size=2), min_size=2, max_size=3),
))
def test_spread_refuses_bad_draws_clearly(values):
    try:
        s = draws.spread(values)
    except (TypeError, ValueError) as exc:
        assert str(exc)
    else:  # accepted: then it was a valid list of at least two finite numbers
        assert s.n >= 2 and np.all(np.isfinite(s.values)) and np.isfinite(s.std)


def test_seed_reads_the_environment(monkeypatch):
    monkeypatch.delenv("RADONBOOK_SEED", raising=False)
    assert radonbook.seed() == 0
    monkeypatch.setenv("RADONBOOK_SEED", " 17 ")
    assert radonbook.seed() == 17
    for bad in ("-1", "1.5", "abc", str(2**32)):
        monkeypatch.setenv("RADONBOOK_SEED", bad)
        with pytest.raises(ValueError, match="RADONBOOK_SEED"):
            radonbook.seed()


def test_device_reads_the_environment(monkeypatch):
    import torch

    monkeypatch.delenv("RADONBOOK_DEVICE", raising=False)
    assert radonbook.device() == "cpu"
    monkeypatch.setenv("RADONBOOK_DEVICE", " CPU ")
    assert radonbook.device() == "cpu"
    monkeypatch.setenv("RADONBOOK_DEVICE", "tpu")
    with pytest.raises(ValueError, match="RADONBOOK_DEVICE"):
        radonbook.device()
    monkeypatch.setenv("RADONBOOK_DEVICE", "cuda")
    if torch.cuda.is_available():
        assert radonbook.device() == "cuda"
    else:
        with pytest.raises(ValueError, match="no GPU"):
            radonbook.device()


def test_draw_seeds_are_reproducible_and_independent(monkeypatch):
    monkeypatch.setenv("RADONBOOK_SEED", "3")
    s = radonbook.draw_seeds(5)
    assert s == radonbook.draw_seeds(5, base=3)
    assert len(set(s)) == 5
    assert set(s).isdisjoint(radonbook.draw_seeds(5, stream=1))
    assert set(s).isdisjoint(radonbook.draw_seeds(5, base=4))
    assert radonbook.draw_seeds(3) == s[:3]  # a prefix: fewer draws are the first draws
    with pytest.raises(ValueError, match="n must be"):
        radonbook.draw_seeds(0)
    with pytest.raises(TypeError, match="n must be an integer"):
        radonbook.draw_seeds(2.0)
    with pytest.raises(ValueError, match="stream"):
        radonbook.draw_seeds(2, -1)


def test_spearman_matches_scipy_with_ties():
    rng = np.random.default_rng(3)
    for _ in range(20):
        a = rng.integers(0, 5, 12).astype(float)  # many ties
        b = a + rng.normal(0, 2, 12)
        assert draws.spearman(a, b) == pytest.approx(
            stats.spearmanr(a, b).statistic, rel=1e-12, abs=1e-14)
    assert draws.spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert math.isnan(draws.spearman([1, 1, 1], [1, 2, 3]))
    with pytest.raises(ValueError, match="equal lengths"):
        draws.spearman([1, 2, 3], [1, 2])


def test_bootstrap_matches_a_direct_resampling_loop():
    rng = np.random.default_rng(4)
    values = rng.normal(0, 1, (6, 3))

    def stat(v):
        return float(v.mean(axis=0)[0] - v.mean(axis=0)[2])

    iv = draws.bootstrap(values, stat, n_boot=500, level=0.9, rng=7)
    gen = np.random.default_rng(7)
    idx = gen.integers(0, 6, size=(500, 6))
    direct = np.array([stat(values[i]) for i in idx])
    assert iv.estimate == pytest.approx(stat(values))
    assert iv.low == pytest.approx(np.quantile(direct, 0.05))
    assert iv.high == pytest.approx(np.quantile(direct, 0.95))
    assert iv.low <= iv.estimate <= iv.high and iv.n_boot == 500
    # the bootstrap interval of a mean has about the width of the normal one
    big = rng.normal(0, 1, 400)
    iv2 = draws.bootstrap(big, np.mean, n_boot=2000, rng=1)
    half = 1.96 * big.std(ddof=1) / np.sqrt(big.size)
    assert (iv2.high - iv2.low) / 2 == pytest.approx(half, rel=0.15)
    with pytest.raises(ValueError, match="level"):
        draws.bootstrap(values, stat, level=1.5)
    with pytest.raises(ValueError, match="2 draws"):
        draws.bootstrap(values[:1], stat)
    with pytest.raises(TypeError, match="statistic"):
        draws.bootstrap(values, 3)
