"""Tests for radonbook.kernel: closed forms against CVXPY, lstsq/pinv, explicit iteration."""

import numpy as np
import pytest

from radonbook import kernel as K
from radonbook import reparam as R

relu, softplus = "relu", "softplus"


def problem(N=30, n=200, seed=0, act=relu):
    x, y = K.cube_data(N, rng=seed)
    theta, r = K.uniform_zero_planes(n, 2, np.sqrt(2.0), rng=seed)
    return R.features(x, theta, r, act), y


# --------------------------------------------------------------------------- planes, data

def test_uniform_zero_planes():
    theta, r = K.uniform_zero_planes(8, 2, 1.5, rng=4)
    phi = np.mod(np.arctan2(theta[:, 1], theta[:, 0]), 2 * np.pi)
    np.testing.assert_allclose(np.sort(phi), 2 * np.pi * np.arange(8) / 8, atol=1e-12)
    assert np.all(np.abs(r) <= 1.5)
    theta2, r2 = K.uniform_zero_planes(8, 2, 1.5, rng=4)
    np.testing.assert_array_equal(r, r2)
    np.testing.assert_array_equal(K.uniform_zero_planes(8, 2, 1.5)[1],
                                  K.uniform_zero_planes(8, 2, 1.5, rng=0)[1])  # default 0
    theta3, r3 = K.uniform_zero_planes(500, 3, 2.0, rng=np.random.default_rng(0))
    np.testing.assert_allclose(np.linalg.norm(theta3, axis=1), 1.0)
    assert abs(theta3.mean(axis=0)).max() < 0.15  # roughly uniform on the sphere
    assert r3.min() >= -2.0 and r3.max() <= 2.0 and r3.std() > 1.0


def test_cube_data():
    x, y = K.cube_data(1000, rng=0)
    assert x.shape == (1000, 2) and y.shape == (1000,)
    assert K.cube_data(10, d=3)[0].shape == (10, 3)
    assert np.all(np.abs(x) <= 1) and np.all(np.abs(y) <= 1)
    assert abs(np.var(y) - 1 / 3) < 0.05  # uniform on [-1, 1]


# --------------------------------------------------------------------------- exact solvers

def test_min_norm_interpolant_matches_lstsq_and_pinv():
    Phi, y = problem(N=20, n=150)
    fit = K.min_norm(Phi, y)
    c = fit.c
    assert fit.reached and fit.lam == 0.0 and fit.train_mse < 1e-18
    np.testing.assert_allclose(Phi @ c, y, atol=1e-9)
    np.testing.assert_allclose(c, np.linalg.pinv(Phi) @ y, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(c, np.linalg.lstsq(Phi, y, rcond=None)[0], rtol=1e-7,
                               atol=1e-9)
    np.testing.assert_allclose(c, Phi.T @ np.linalg.solve(Phi @ Phi.T, y), rtol=1e-6, atol=1e-9)


def test_min_norm_at_mse_matches_cvxpy():
    Phi, y = problem(N=30, n=200)
    for mse in (1e-3, 1e-5):
        fit = K.min_norm(Phi, y, mse)
        assert fit.reached and abs(K.training_mse(Phi, fit.c, y) / mse - 1) < 1e-8
        assert fit.train_mse == pytest.approx(mse, rel=1e-8)
        c_ref = K.fit_cvxpy(Phi, y, mse)
        assert np.linalg.norm(fit.c - c_ref) / np.linalg.norm(c_ref) < 1e-4


def test_min_norm_ridge_path_matches_direct_solve():
    """Along the path mse -> lambda: c = Phi^T (Phi Phi^T + lambda I)^{-1} y, solved directly,
    and the training MSE at that lambda is mse."""
    for act, mses in ((relu, (1e-1, 1e-3, 1e-5)), (softplus, (0.2, 0.1, 0.05))):
        Phi, y = problem(N=25, n=60, act=act)
        N = Phi.shape[0]
        lams = []
        for mse in mses:
            fit = K.min_norm(Phi, y, mse)
            lam = fit.lam
            assert 0 < lam < np.inf
            c_dual = Phi.T @ np.linalg.solve(Phi @ Phi.T + lam * np.eye(N), y)
            # both solves are backward stable: agreement up to ~ eps * condition number
            cond = np.linalg.norm(Phi, 2) ** 2 / lam
            tol = max(1e-9, 1e3 * np.finfo(float).eps * cond)
            assert np.linalg.norm(fit.c - c_dual) / np.linalg.norm(c_dual) < tol
            assert abs(fit.train_mse / mse - 1) < 1e-8
            assert abs(np.mean((Phi @ c_dual - y) ** 2) / mse - 1) < max(1e-6, tol)
            lams.append(lam)
        assert np.all(np.diff(lams) < 0)  # a smaller error needs a smaller ridge


def test_min_norm_several_targets_at_once():
    Phi, y = problem(N=30, n=120)
    Y = np.stack([y, np.cos(3 * y), np.zeros_like(y)], axis=1)
    fit = K.min_norm(Phi, Y, 1e-4)
    assert fit.c.shape == (120, 3) and fit.train_mse.shape == fit.lam.shape == (3,)
    assert fit.reached.all() and np.isinf(fit.lam[2]) and np.all(fit.c[:, 2] == 0)
    for j in range(2):
        one = K.min_norm(Phi, Y[:, j], 1e-4)
        np.testing.assert_allclose(fit.c[:, j], one.c, rtol=1e-12, atol=1e-14)
        assert fit.lam[j] == one.lam


@pytest.mark.filterwarnings("ignore:Solution may be inaccurate")
def test_min_norm_resolves_tiny_lambda_for_smooth_features():
    """Smooth features need a tiny ridge, far below what the Gram matrix resolves."""
    Phi, y = problem(N=25, n=60, act=softplus)
    fit = K.min_norm(Phi, y, 2e-2)
    assert fit.lam < 1e3 * np.finfo(float).eps * np.linalg.norm(Phi, 2) ** 2
    assert abs(K.training_mse(Phi, fit.c, y) / 2e-2 - 1) < 1e-6
    c_ref = K.fit_cvxpy(Phi, y, 2e-2)
    assert np.linalg.norm(fit.c) <= np.linalg.norm(c_ref) * (1 + 1e-6)


def test_min_norm_large_mse_is_zero_like_cvxpy():
    Phi, y = problem(N=10, n=30)
    mse = 1.01 * np.mean(y**2)
    fit = K.min_norm(Phi, y, mse)
    assert np.isinf(fit.lam) and fit.reached
    np.testing.assert_array_equal(fit.c, 0.0)
    assert np.linalg.norm(K.fit_cvxpy(Phi, y, mse)) < 1e-6


def test_min_norm_unreachable_and_bad_mse():
    rng = np.random.default_rng(0)
    Phi = rng.standard_normal((40, 5))  # more points than features: no interpolant
    y = rng.standard_normal(40)
    floor = np.mean((Phi @ np.linalg.lstsq(Phi, y, rcond=None)[0] - y) ** 2)
    with pytest.raises(ValueError, match="mse=0 is unreachable"):
        K.min_norm(Phi, y, 0.0)
    with pytest.raises(ValueError, match="mse=.* is unreachable"):
        K.min_norm(Phi, y, 0.5 * floor)
    # "floor": the least-squares fit, flagged
    for mse in (0.0, 0.5 * floor):
        low = K.min_norm(Phi, y, mse, unreachable="floor")
        assert not low.reached and low.lam == 0.0
        assert low.train_mse == pytest.approx(floor, rel=1e-10)
    fit = K.min_norm(Phi, y, 1.05 * floor)  # reachable: above the floor
    assert abs(np.mean((Phi @ fit.c - y) ** 2) / (1.05 * floor) - 1) < 1e-8
    with pytest.raises(ValueError, match="mse"):
        K.min_norm(Phi, y, -1e-3)
    with pytest.raises(ValueError, match="mse"):
        K.min_norm(Phi, y, np.inf)
    with pytest.raises(TypeError, match="mse"):
        K.min_norm(Phi, y, "0.1")
    with pytest.raises(ValueError, match="unreachable"):
        K.min_norm(Phi, y, 0.1, unreachable="ignore")
    with pytest.raises(ValueError, match="rcond"):
        K.min_norm(Phi, y, 0.1, rcond=2.0)


# --------------------------------------------------------------------------- gradient descent

def _iterate_gd(Phi, y, lr, steps, c0=None):
    """Plain GD on L = ||Phi c - y||^2 / (2N)."""
    N = Phi.shape[0]
    c = np.zeros(Phi.shape[1]) if c0 is None else c0.copy()
    for _ in range(steps):
        c -= (lr / N) * (Phi.T @ (Phi @ c - y))
    return c


def _stable_lr(Phi):
    return 0.9 * Phi.shape[0] / np.linalg.eigvalsh(Phi @ Phi.T).max()


def test_gd_exact_matches_iteration_numpy_and_torch_sgd():
    Phi, y = problem(N=20, n=100)
    lr = _stable_lr(Phi)
    for steps in (1, 7, 3000):
        ref = _iterate_gd(Phi, y, lr, steps)
        c = K.gd_exact(Phi, y, steps=steps, lr=lr)
        assert np.linalg.norm(c - ref) / np.linalg.norm(ref) < 1e-9
    fit = K.fit_gd(Phi, y, steps=3000, lr=lr, optimizer="sgd")
    assert fit.steps == 3000 and fit.mse.shape == (3001,)
    assert np.linalg.norm(fit.c - ref) / np.linalg.norm(ref) < 1e-9
    assert abs(fit.mse[-1] - np.mean((Phi @ ref - y) ** 2)) < 1e-10 * max(1.0, fit.mse[-1])
    # nonzero start
    c0 = np.random.default_rng(2).standard_normal(Phi.shape[1]) * 0.01
    ref0 = _iterate_gd(Phi, y, lr, 50, c0)
    np.testing.assert_allclose(K.gd_exact(Phi, y, steps=50, lr=lr, c0=c0), ref0, rtol=1e-9,
                               atol=1e-12)


def test_gd_exact_divergent_step_is_still_exact():
    Phi, y = problem(N=10, n=40)
    lr = 1.2 * Phi.shape[0] / np.linalg.eigvalsh(Phi @ Phi.T).max()  # 1.2 N/mu: oscillates
    ref = _iterate_gd(Phi, y, lr, 25)
    c = K.gd_exact(Phi, y, steps=25, lr=lr)
    assert np.linalg.norm(c - ref) / np.linalg.norm(ref) < 1e-9
    lr = 2.2 * Phi.shape[0] / np.linalg.eigvalsh(Phi @ Phi.T).max()  # beyond 2N/mu: diverges
    ref = _iterate_gd(Phi, y, lr, 25)
    c = K.gd_exact(Phi, y, steps=25, lr=lr)
    assert np.linalg.norm(c - ref) / np.linalg.norm(ref) < 1e-9


def test_gd_exact_converges_to_min_norm_interpolant():
    """Paper eq. 4: GD from c(0) = 0 converges to the minimum-norm interpolant."""
    Phi, y = problem(N=12, n=80)
    c_inf = K.gd_exact(Phi, y, steps=10**15, lr=_stable_lr(Phi))
    ref = np.linalg.lstsq(Phi, y, rcond=None)[0]
    assert np.linalg.norm(c_inf - ref) / np.linalg.norm(ref) < 1e-6


def test_fit_gd_adam_stops_at_target():
    Phi, y = problem(N=20, n=100)
    fit = K.fit_gd(Phi, y, steps=20000, lr=1e-2, optimizer="adam", target_mse=1e-2)
    hist = fit.mse
    assert hist[-1] <= 1e-2 < hist[-2]
    assert fit.steps == len(hist) - 1 < 20000
    assert abs(np.mean((Phi @ fit.c - y) ** 2) - hist[-1]) < 1e-12
    assert hist[0] == pytest.approx(np.mean(y**2))


def test_fit_gd_c0_and_gradient_convention():
    """One SGD step is c0 - lr grad L with L = ||Phi c - y||^2 / (2N), autograd's gradient."""
    Phi, y = problem(N=15, n=40)
    c0 = np.full(40, 0.01)
    fit = K.fit_gd(Phi, y, steps=1, lr=1e-3, optimizer="sgd", c0=c0)
    grad = Phi.T @ (Phi @ c0 - y) / 15
    np.testing.assert_allclose(fit.c, c0 - 1e-3 * grad, rtol=1e-12)
    import torch

    ct = torch.tensor(c0, requires_grad=True)
    (0.5 * torch.mean((torch.tensor(Phi) @ ct - torch.tensor(y)) ** 2)).backward()
    np.testing.assert_allclose(ct.grad.numpy(), grad, rtol=1e-12)
    assert fit.mse[0] == pytest.approx(np.mean((Phi @ c0 - y) ** 2))


# --------------------------------------------------------------------------- evaluation

def test_relative_error_hand_made():
    assert K.relative_error(np.ones(4), np.full(4, 1.1)) == pytest.approx(0.1)
    assert K.relative_error([1.0, -2.0], [0.0, -2.0]) == pytest.approx(0.25)
    f_a = np.array([[1.0, 4.0], [-2.0, 100.0]])
    f_b = np.array([[0.0, 4.0], [-2.0, 0.0]])
    mask = np.array([[True, True], [True, False]])  # the 100 lies outside
    assert K.relative_error(f_a, f_b, mask) == pytest.approx((1 / 3) / 4)
    assert K.relative_error(f_a, f_a) == 0.0


def test_convex_hull_mask():
    square = np.array([[0, 0], [1, 0], [0, 1], [1, 1.0]])
    q = np.array([[0.5, 0.5], [0.99, 0.01], [1.1, 0.5], [-0.01, -0.01]])
    np.testing.assert_array_equal(K.convex_hull_mask(square, q), [True, True, False, False])
    np.testing.assert_array_equal(
        K.convex_hull_mask(np.array([[0.0], [2.0]]), np.array([[1.0], [3.0]])), [True, False])


def test_adam_lr_rule():
    Phi, y = problem(N=20, n=100)
    lr_gd = _stable_lr(Phi)
    m_gd = np.mean((Phi @ _iterate_gd(Phi, y, lr_gd, 500) - y) ** 2)
    for target in (1e-6, 0.5 * m_gd):  # below what GD reaches: the GD error sets the scale
        lr = K.adam_lr(Phi, y, target, 500)
        assert lr == pytest.approx(3e-3 * np.abs(K.min_norm(Phi, y, m_gd).c).max(), rel=1e-6)
    target = 0.5 * (m_gd + np.mean(y**2))  # above: the target sets it
    assert K.adam_lr(Phi, y, target, 500) == pytest.approx(
        3e-3 * np.abs(K.min_norm(Phi, y, target).c).max(), rel=1e-6)
    assert K.adam_lr(Phi, y, 2 * np.mean(y**2), 500) == 1e-3
    with pytest.raises(ValueError, match="max_steps"):
        K.adam_lr(Phi, y, 1e-3, 0)


def test_gd_stop_is_the_first_step_at_the_target():
    Phi, y = problem(N=20, n=150)
    target = 1e-3 * np.var(y)
    st = K.gd_stop(Phi, y, target)
    lr = 0.9 * 20 / np.linalg.norm(Phi, 2) ** 2
    assert st.lr == pytest.approx(lr, rel=1e-12)
    # the iterate is gd_exact's, at T its MSE is at the target, at T - 1 above it
    np.testing.assert_allclose(st.c, K.gd_exact(Phi, y, steps=st.steps, lr=lr),
                               rtol=0, atol=1e-9 * np.abs(st.c).max())
    assert st.mse <= target * (1 + 1e-9)
    before = K.gd_exact(Phi, y, steps=st.steps - 1, lr=lr)
    assert K.training_mse(Phi, before, y) > target * (1 - 1e-9)
    # a few steps in, against the loop written out in numpy
    short = K.gd_stop(Phi, y, 0.5 * np.mean(y**2))
    c = np.zeros(Phi.shape[1])
    for _ in range(short.steps):
        c -= lr * Phi.T @ (Phi @ c - y) / 20
    np.testing.assert_allclose(short.c, c, rtol=1e-10, atol=1e-12)
    # duplicated inputs: the features cannot fit both values, the floor is known
    Phi2 = np.vstack([Phi[:5], Phi[:1]])
    y2 = np.append(y[:5], y[0] + 1.0)
    floor = 0.5**2 * 2 / 6  # the two copies end at their mean: 2 (1/2)^2 / N
    with pytest.raises(ValueError, match="smallest training MSE"):
        K.gd_stop(Phi2, y2, 0.9 * floor)
    assert K.gd_stop(Phi2, y2, 1.01 * floor).mse <= 1.01 * floor
    with pytest.raises(ValueError, match="not reached"):
        K.gd_stop(Phi, y, 1e-6, max_steps=3)
    with pytest.raises(ValueError, match="lr"):
        K.gd_stop(Phi, y, 1e-3, lr=3 * lr)


def test_fit_adam_batch_equals_the_one_problem_loop(monkeypatch):
    probs = [problem(N=12, n=40, seed=s, act=a) for s in (0, 1)
             for a in (relu, softplus, "step")]
    Phi = np.stack([p[0] for p in probs])
    y = np.stack([p[1] for p in probs])
    lr = np.array([1e-2, 3e-3, 1e-2, 5e-3, 2e-2, 1e-2])
    # no target: every problem the same number of steps
    batch = K.fit_adam_batch(Phi, y, steps=300, lr=lr)
    assert batch.steps.tolist() == [300] * 6 and batch.device == "cpu"
    for p in range(6):
        one = K.fit_gd(Phi[p], y[p], steps=300, lr=lr[p], optimizer="adam")
        np.testing.assert_allclose(batch.c[p], one.c, rtol=0,
                                   atol=1e-10 * np.abs(one.c).max())
        assert batch.mse[p] == pytest.approx(one.mse[-1], rel=1e-9)
    # per-problem targets: each problem stops at its own step, as the loop does
    target = 0.3 * np.mean(y**2, axis=1)
    stop = K.fit_adam_batch(Phi, y, steps=300, lr=lr, target_mse=target)
    for p in range(6):
        one = K.fit_gd(Phi[p], y[p], steps=300, lr=lr[p], target_mse=target[p])
        assert stop.steps[p] == one.steps
        np.testing.assert_allclose(stop.c[p], one.c, rtol=0,
                                   atol=1e-10 * max(np.abs(one.c).max(), 1.0))
    assert np.any(stop.steps < 300) and np.all(stop.mse[stop.steps < 300] <= target[
        stop.steps < 300])
    # chunks, threads and processes change nothing: each problem moves on its own
    # features (single problems train in worker processes from PROCESS_WORK on)
    monkeypatch.setattr(K, "PROCESS_WORK", 0)
    for chunk, workers in ((1, 2), (4, 2), (6, 1)):
        other = K.fit_adam_batch(Phi, y, steps=300, lr=lr, target_mse=target, chunk=chunk,
                                 workers=workers)
        assert other.chunk == chunk and other.steps.tolist() == stop.steps.tolist()
        assert other.workers == workers
        np.testing.assert_allclose(other.c, stop.c, rtol=0,
                                   atol=1e-12 * np.abs(stop.c).max())
        assert np.all(other.seconds > 0)
    with pytest.raises(ValueError, match="chunk"):
        K.fit_adam_batch(Phi, y, steps=3, lr=1e-2, chunk=0)
    with pytest.raises(ValueError, match="workers"):
        K.fit_adam_batch(Phi, y, steps=3, lr=1e-2, workers=0)
    with pytest.raises(ValueError, match="y"):
        K.fit_adam_batch(Phi, y[:, :-1], steps=3, lr=1e-2)
    with pytest.raises(ValueError, match="lr"):
        K.fit_adam_batch(Phi, y, steps=3, lr=[1e-2, 1e-2])
    with pytest.raises(ValueError, match="target_mse"):
        K.fit_adam_batch(Phi, y, steps=3, lr=1e-2, target_mse=-1.0)
    with pytest.raises(ValueError, match="Phi"):
        K.fit_adam_batch(Phi[0], y, steps=3, lr=1e-2)
    with pytest.raises(ValueError, match="device"):
        K.fit_adam_batch(Phi, y, steps=3, lr=1e-2, device="tpu")


def test_experiment1_small():
    out = K.experiment1(["relu", ("sinc", {"W": 16.0})], [0, 1], n_points=12,
                        n_neurons=120, max_steps=3000, grid=24)
    assert isinstance(out, K.Experiment1) and out.seeds == (0, 1)
    assert any(t.reached for tr in out.trials.values() for t in tr)
    # threads change nothing but rounding: each problem is computed from its own data
    one = K.experiment1(["relu", ("sinc", {"W": 16.0})], [0, 1], n_points=12,
                        n_neurons=120, max_steps=3000, grid=24, cvxpy=False, workers=1)
    for a, trials in out.trials.items():
        for t, u in zip(trials, one.trials[a], strict=True):
            np.testing.assert_allclose(t.c_adam, u.c_adam, rtol=0,
                                       atol=1e-10 * np.abs(u.c_adam).max())
            assert t.rel_err_gd == u.rel_err_gd and t.steps_adam == u.steps_adam
    assert list(out.trials) == ["ReLU", "Sinc $W=16$"]
    for trials in out.trials.values():
        for j, t in enumerate(trials):
            # the draw is kernel_problem's: same data for every activation
            ref = K.kernel_problem("relu", 12, 120, rng=j)
            np.testing.assert_array_equal(t.problem.x, ref.x)
            assert t.var_y == pytest.approx(np.var(ref.y), rel=1e-12)
            assert t.floor == pytest.approx(0.0, abs=1e-20)  # full row rank
            assert t.gd.mse <= 1e-3 * t.var_y * (1 + 1e-9)
            assert t.rel_err_gd < 0.0707  # the paper's worst, for plain GD
            assert t.reached == (t.mse_adam <= t.adam_target)
            assert t.adam_target == pytest.approx(1e-2 * t.var_y, rel=1e-12)
            # closed form and CVXPY: the same convex problem (CVXPY where Adam got there)
            if t.reached:
                assert abs(t.rel_err_adam - t.rel_err_cvxpy) < 1e-3
                np.testing.assert_allclose(t.c_closed, t.c_cvxpy, rtol=0,
                                           atol=1e-4 * np.linalg.norm(t.c_closed))
            else:
                assert t.c_cvxpy is None and np.isnan(t.time_cvxpy)
            assert t.f_adam.shape == t.mask.shape == (24, 24) and t.mask.any()
            assert t.unexplained == pytest.approx(t.mse_adam / t.var_y, rel=1e-12)
    with pytest.raises(AttributeError):  # frozen
        t.lr_adam = 1.0
    with pytest.raises(TypeError, match="act"):
        K.experiment1([np.tanh], [0], n_points=5, n_neurons=5)
    with pytest.raises(TypeError, match="seeds"):
        K.experiment1(["relu"], 0, n_points=5, n_neurons=5)
    with pytest.raises(ValueError, match="gd_fraction"):
        K.experiment1(["relu"], [0], n_points=5, n_neurons=5, gd_fraction=2.0)


# --------------------------------------------------------------------------- bad input

def test_bad_inputs():
    Phi, y = problem(N=10, n=20)
    with pytest.raises(ValueError, match="y"):
        K.min_norm(Phi, y[:-1])
    with pytest.raises(ValueError, match="Phi"):
        K.min_norm(Phi[0], y)
    bad = Phi.copy()
    bad[0, 0] = np.nan
    for fn in (lambda: K.min_norm(bad, y), lambda: K.gd_exact(bad, y, steps=5, lr=1e-3),
               lambda: K.fit_gd(bad, y, steps=5, lr=1e-3),
               lambda: K.fit_cvxpy(bad, y, 1e-3)):
        with pytest.raises(ValueError, match="finite"):
            fn()
    y_inf = y.copy()
    y_inf[1] = np.inf
    with pytest.raises(ValueError, match="finite"):
        K.min_norm(Phi, y_inf, 1e-3)
    for lr in (0.0, -1.0, np.nan):
        with pytest.raises(ValueError, match="lr"):
            K.gd_exact(Phi, y, steps=5, lr=lr)
        with pytest.raises(ValueError, match="lr"):
            K.fit_gd(Phi, y, steps=5, lr=lr)
    for steps in (0, -3):
        with pytest.raises(ValueError, match="steps"):
            K.gd_exact(Phi, y, steps=steps, lr=1e-3)
        with pytest.raises(ValueError, match="steps"):
            K.fit_gd(Phi, y, steps=steps, lr=1e-3)
    with pytest.raises(TypeError, match="steps"):
        K.gd_exact(Phi, y, steps=2.5, lr=1e-3)
    with pytest.raises(TypeError):  # steps and lr are keyword-only
        K.gd_exact(Phi, y, 1e-3, 5)
    with pytest.raises(TypeError):
        K.fit_gd(Phi, y, 5, 1e-3)
    with pytest.raises(ValueError, match="optimizer"):
        K.fit_gd(Phi, y, steps=5, lr=1e-3, optimizer="lbfgs")
    with pytest.raises(ValueError, match="target_mse"):
        K.fit_gd(Phi, y, steps=5, lr=1e-3, target_mse=-1.0)
    with pytest.raises(ValueError, match="c0"):
        K.fit_gd(Phi, y, steps=5, lr=1e-3, c0=np.zeros(3))
    with pytest.raises(ValueError, match="mse"):
        K.fit_cvxpy(Phi, y, -1.0)
    with pytest.raises(ValueError, match="n"):
        K.uniform_zero_planes(0, 2, 1.0)
    with pytest.raises(ValueError, match="radius"):
        K.uniform_zero_planes(3, 2, -1.0)
    with pytest.raises(TypeError, match="rng"):
        K.uniform_zero_planes(3, 2, 1.0, rng="a")
    with pytest.raises(TypeError, match="act"):
        K.kernel_problem(np.tanh, 5, 5)
    with pytest.raises(ValueError, match="same shape"):
        K.relative_error(np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match="mask"):
        K.relative_error(np.ones(3), np.ones(3), mask=np.ones(3))
    with pytest.raises(ValueError, match="mask"):
        K.relative_error(np.ones(3), np.ones(3), mask=np.zeros(3, dtype=bool))
    with pytest.raises(ValueError, match="vanishes"):
        K.relative_error(np.zeros(3), np.ones(3))
    with pytest.raises(ValueError, match="query"):
        K.convex_hull_mask(np.zeros((4, 2)), np.zeros((2, 3)))


# --- bad input (independent review) --------------------------------------------------------


def test_min_norm_zero_features_is_degenerate():
    Phi, y = np.zeros((5, 7)), np.linspace(-1, 1, 5)
    for mse in (0.0, 0.01):
        with pytest.raises(ValueError, match="degenerate features.*mse="):
            K.min_norm(Phi, y, mse=mse)
        assert not K.min_norm(Phi, y, mse=mse, unreachable="floor").reached
    # c = 0 is still the answer when the tolerance allows it, or y = 0
    assert np.all(K.min_norm(Phi, y, mse=1.0).c == 0)
    assert np.all(K.min_norm(Phi, np.zeros(5)).c == 0)


def test_fit_gd_divergence_names_lr():
    Phi, y = problem(N=10, n=20)
    with pytest.raises(ValueError, match=r"diverged.*lr=1000\.0"):
        K.fit_gd(Phi, y, steps=5000, lr=1e3, optimizer="sgd")
    fit = K.fit_gd(Phi, y, steps=50, lr=1e-3, optimizer="sgd")
    assert np.all(np.isfinite(fit.mse)) and np.all(np.isfinite(fit.c))


def test_gd_exact_divergence_names_lr():
    Phi, y = problem(N=10, n=20)
    with pytest.raises(ValueError, match=r"lr=1000\.0 is too large.*stable only for lr <"):
        K.gd_exact(Phi, y, steps=10**6, lr=1e3)
    assert np.all(np.isfinite(K.gd_exact(Phi, y, steps=100, lr=1e-3)))


def test_gd_path_matches_gd_exact_and_min_norm():
    Phi, y = problem(N=15, n=60, seed=3)
    T = np.array([0, 1, 10, 1000, 10**6, 10**12])
    path = K.gd_path(Phi, y, T)
    c_hat = K.min_norm(Phi, y).c
    for k, steps in enumerate(T):
        c = K.gd_exact(Phi, y, steps=int(steps), lr=path.lr) if steps else 0 * c_hat
        assert path.mse[k] == pytest.approx(K.training_mse(Phi, c, y), rel=1e-8, abs=1e-25)
        assert path.distance[k] == pytest.approx(
            np.linalg.norm(c - c_hat) / np.linalg.norm(c_hat), rel=1e-8, abs=1e-12)
    assert path.distance[0] == pytest.approx(1.0) and np.all(np.diff(path.mse) <= 0)
    with pytest.raises(ValueError, match="steps"):
        K.gd_path(Phi, y, [1.5])
    with pytest.raises(ValueError, match="steps"):
        K.gd_path(Phi, y, [-1])
    with pytest.raises(ValueError, match="lr"):
        K.gd_path(Phi, y, [1], lr=10 * path.lr)


@pytest.mark.parametrize("shape", [(6, 20), (20, 6), (9, 12)])
def test_svd_paths_against_a_known_factorisation(shape):
    """Wide (QR of the transpose first), tall (QR first) and near-square inputs: the
    singular values of a matrix built from them, vectors that rebuild it, orthonormal."""
    rng = np.random.default_rng(5)
    N, n = shape
    k = min(N, n)
    U0 = np.linalg.qr(rng.normal(size=(N, k)))[0]
    V0 = np.linalg.qr(rng.normal(size=(n, k)))[0]
    s0 = np.geomspace(1.0, 1e-9, k)
    Phi = (U0 * s0) @ V0.T
    U, s, Vt, smax = K._svd(Phi, 0.0)
    np.testing.assert_allclose(s, s0, rtol=1e-6)  # the smallest to ~eps / 1e-9
    assert smax == pytest.approx(1.0)
    np.testing.assert_allclose((U * s) @ Vt, Phi, atol=1e-14)
    np.testing.assert_allclose(U.T @ U, np.eye(k), atol=1e-13)
    np.testing.assert_allclose(Vt @ Vt.T, np.eye(k), atol=1e-13)
    assert K._svd(Phi, 1e-5)[1].size == np.sum(s0 > 1e-5)
