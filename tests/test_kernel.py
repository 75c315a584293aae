"""Tests for radonbook.kernel: closed forms against CVXPY, lstsq, explicit iteration."""

import numpy as np
import pytest

from radonbook import kernel as K


def relu(t):
    return np.maximum(t, 0.0)


def softplus(t):
    return np.logaddexp(0.0, t)


def problem(N=30, n=200, seed=0, act=relu):
    x, y = K.cube_data(N, seed)
    theta, r = K.uniform_zero_planes(n, 2, np.sqrt(2.0), seed)
    return K.features(x, theta, r, act), y


# --------------------------------------------------------------------------- features, planes

def test_features_matches_explicit_loop_and_alpha_scaling():
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, (7, 2))
    theta, r = K.uniform_zero_planes(5, 2, 1.0, 3)
    alpha = rng.uniform(0.5, 2.0, 5)
    Phi = K.features(x, theta, r, softplus, alpha)
    for j in range(7):
        for i in range(5):
            z = theta[i] @ x[j] - r[i]
            assert np.isclose(Phi[j, i], np.log1p(np.exp(alpha[i] * z)) / alpha[i])
    # ReLU is 1-homogeneous: alpha has no effect (MATH.md section 2)
    np.testing.assert_allclose(K.features(x, theta, r, relu, alpha),
                               K.features(x, theta, r, relu), atol=1e-15)


def test_uniform_zero_planes():
    theta, r = K.uniform_zero_planes(8, 2, 1.5, seed=4)
    phi = np.mod(np.arctan2(theta[:, 1], theta[:, 0]), 2 * np.pi)
    np.testing.assert_allclose(np.sort(phi), 2 * np.pi * np.arange(8) / 8, atol=1e-12)
    assert np.all(np.abs(r) <= 1.5)
    theta2, r2 = K.uniform_zero_planes(8, 2, 1.5, seed=4)
    np.testing.assert_array_equal(r, r2)
    theta3, r3 = K.uniform_zero_planes(500, 3, 2.0, seed=np.random.default_rng(0))
    np.testing.assert_allclose(np.linalg.norm(theta3, axis=1), 1.0)
    assert abs(theta3.mean(axis=0)).max() < 0.15  # roughly uniform on the sphere
    assert r3.min() >= -2.0 and r3.max() <= 2.0 and r3.std() > 1.0


def test_cube_data():
    x, y = K.cube_data(1000, 0)
    assert x.shape == (1000, 2) and y.shape == (1000,)
    assert np.all(np.abs(x) <= 1) and np.all(np.abs(y) <= 1)
    assert abs(np.var(y) - 1 / 3) < 0.05  # uniform on [-1, 1]


# --------------------------------------------------------------------------- exact solvers

def test_min_norm_interpolant_matches_lstsq_and_pinv():
    Phi, y = problem(N=20, n=150)
    c = K.fit_min_norm(Phi, y)
    np.testing.assert_allclose(Phi @ c, y, atol=1e-9)
    np.testing.assert_allclose(c, np.linalg.pinv(Phi) @ y, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(c, Phi.T @ np.linalg.solve(Phi @ Phi.T, y), rtol=1e-6, atol=1e-9)


def test_min_norm_at_mse_matches_cvxpy():
    Phi, y = problem(N=30, n=200)
    for mse in (1e-3, 1e-5):
        c = K.fit_min_norm(Phi, y, mse)
        assert abs(K.training_mse(Phi, c, y) / mse - 1) < 1e-8
        c_ref = K.fit_cvxpy(Phi, y, mse)
        assert np.linalg.norm(c - c_ref) / np.linalg.norm(c_ref) < 1e-4


def test_min_norm_at_mse_is_primal_ridge():
    """Independent check: the ridge normal equations (Phi^T Phi + lambda I) c = Phi^T y."""
    for act, mse in ((relu, 1e-3), (softplus, 0.1)):
        Phi, y = problem(N=25, n=60, act=act)
        lam = K.ridge_lambda(Phi, y, mse)
        c_primal = np.linalg.solve(Phi.T @ Phi + lam * np.eye(Phi.shape[1]), Phi.T @ y)
        # both solves are backward stable: agreement up to ~ eps * condition number
        cond = np.linalg.norm(Phi, 2) ** 2 / lam
        tol = max(1e-9, 1e3 * np.finfo(float).eps * cond)
        for method in ("auto", "eigh", "svd"):
            c = K.fit_min_norm(Phi, y, mse, method=method)
            assert np.linalg.norm(c - c_primal) / np.linalg.norm(c_primal) < tol
        assert abs(np.mean((Phi @ c_primal - y) ** 2) / mse - 1) < 1e-6


@pytest.mark.filterwarnings("ignore:Solution may be inaccurate")
def test_auto_method_falls_back_to_svd_for_tiny_lambda():
    """Smooth features need a tiny ridge: eigh of the Gram matrix cannot resolve it."""
    Phi, y = problem(N=25, n=60, act=softplus)
    with pytest.raises(ValueError, match="unreachable"):
        K.fit_min_norm(Phi, y, 2e-2, method="eigh")
    c = K.fit_min_norm(Phi, y, 2e-2)
    assert abs(K.training_mse(Phi, c, y) / 2e-2 - 1) < 1e-6
    c_ref = K.fit_cvxpy(Phi, y, 2e-2)
    assert np.linalg.norm(c) <= np.linalg.norm(c_ref) * (1 + 1e-6)


def test_min_norm_large_mse_is_zero_like_cvxpy():
    Phi, y = problem(N=10, n=30)
    mse = 1.01 * np.mean(y**2)
    assert np.isinf(K.ridge_lambda(Phi, y, mse))
    np.testing.assert_array_equal(K.fit_min_norm(Phi, y, mse), 0.0)
    assert np.linalg.norm(K.fit_cvxpy(Phi, y, mse)) < 1e-6


def test_fit_min_norm_unreachable_and_bad_mse():
    rng = np.random.default_rng(0)
    Phi = rng.standard_normal((40, 5))  # more points than features: no interpolant
    y = rng.standard_normal(40)
    floor = np.mean((Phi @ np.linalg.lstsq(Phi, y, rcond=None)[0] - y) ** 2)
    with pytest.raises(ValueError, match="unreachable"):
        K.fit_min_norm(Phi, y, 0.0)
    with pytest.raises(ValueError, match="unreachable"):
        K.fit_min_norm(Phi, y, 0.5 * floor)
    c = K.fit_min_norm(Phi, y, 1.05 * floor)  # reachable: above the floor
    assert abs(np.mean((Phi @ c - y) ** 2) / (1.05 * floor) - 1) < 1e-8
    with pytest.raises(ValueError, match="mse"):
        K.fit_min_norm(Phi, y, -1e-3)
    with pytest.raises(ValueError, match="mse"):
        K.fit_min_norm(Phi, y, np.inf)
    with pytest.raises(TypeError, match="mse"):
        K.fit_min_norm(Phi, y, "0.1")
    with pytest.raises(ValueError, match="mse"):
        K.ridge_lambda(Phi, y, 0.0)


# --------------------------------------------------------------------------- gradient descent

def _iterate_gd(Phi, y, lr, steps, c0=None):
    N = Phi.shape[0]
    c = np.zeros(Phi.shape[1]) if c0 is None else c0.copy()
    for _ in range(steps):
        c -= (2 * lr / N) * (Phi.T @ (Phi @ c - y))
    return c


def test_gd_exact_matches_iteration_numpy_and_torch_sgd():
    Phi, y = problem(N=20, n=100)
    mu_max = np.linalg.eigvalsh(Phi @ Phi.T).max()
    lr = 0.9 * Phi.shape[0] / (2 * mu_max)
    for steps in (1, 7, 3000):
        ref = _iterate_gd(Phi, y, lr, steps)
        c = K.gd_exact(Phi, y, lr, steps)
        assert np.linalg.norm(c - ref) / np.linalg.norm(ref) < 1e-9
    c_t, hist, taken = K.fit_gd(Phi, y, 3000, lr, optimizer="sgd")
    assert taken == 3000 and hist.shape == (3001,)
    assert np.linalg.norm(c_t - ref) / np.linalg.norm(ref) < 1e-9
    assert abs(hist[-1] - np.mean((Phi @ ref - y) ** 2)) < 1e-10 * max(1.0, hist[-1])
    # nonzero start
    c0 = np.random.default_rng(2).standard_normal(Phi.shape[1]) * 0.01
    ref0 = _iterate_gd(Phi, y, lr, 50, c0)
    np.testing.assert_allclose(K.gd_exact(Phi, y, lr, 50, c0=c0), ref0, rtol=1e-9, atol=1e-12)


def test_gd_exact_divergent_step_is_still_exact():
    Phi, y = problem(N=10, n=40)
    lr = 1.2 * Phi.shape[0] / (2 * np.linalg.eigvalsh(Phi @ Phi.T).max())  # unstable
    ref = _iterate_gd(Phi, y, lr, 25)
    c = K.gd_exact(Phi, y, lr, 25)
    assert np.linalg.norm(c - ref) / np.linalg.norm(ref) < 1e-9


def test_gd_exact_converges_to_min_norm_interpolant():
    """Paper eq. 4: GD from c(0) = 0 converges to the minimum-norm interpolant."""
    Phi, y = problem(N=12, n=80)
    lr = 0.9 * Phi.shape[0] / (2 * np.linalg.eigvalsh(Phi @ Phi.T).max())
    c_inf = K.gd_exact(Phi, y, lr, 10**15)
    ref = np.linalg.lstsq(Phi, y, rcond=None)[0]
    assert np.linalg.norm(c_inf - ref) / np.linalg.norm(ref) < 1e-6


def test_fit_gd_adam_stops_at_target():
    Phi, y = problem(N=20, n=100)
    c, hist, taken = K.fit_gd(Phi, y, 20000, 1e-2, optimizer="adam", target_mse=1e-2)
    assert hist[-1] <= 1e-2 < hist[-2]
    assert taken == len(hist) - 1 < 20000
    assert abs(np.mean((Phi @ c - y) ** 2) - hist[-1]) < 1e-12
    assert hist[0] == pytest.approx(np.mean(y**2))


def test_fit_gd_c0_and_torch_gradient():
    Phi, y = problem(N=15, n=40)
    c0 = np.full(40, 0.01)
    c, hist, _ = K.fit_gd(Phi, y, 1, 1e-3, optimizer="sgd", c0=c0)
    grad = (2 / 15) * Phi.T @ (Phi @ c0 - y)
    np.testing.assert_allclose(c, c0 - 1e-3 * grad, rtol=1e-12)
    # the explicit gradient is autograd's
    import torch

    ct = torch.tensor(c0, requires_grad=True)
    torch.mean((torch.tensor(Phi) @ ct - torch.tensor(y)) ** 2).backward()
    np.testing.assert_allclose(ct.grad.numpy(), grad, rtol=1e-12)
    assert hist[0] == pytest.approx(np.mean((Phi @ c0 - y) ** 2))


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
    eta = 0.9 * 20 / (2 * np.linalg.eigvalsh(Phi @ Phi.T).max())
    m_gd = np.mean((Phi @ _iterate_gd(Phi, y, eta, 500) - y) ** 2)
    for target in (1e-6, 0.5 * m_gd):  # below what GD reaches: the GD error sets the scale
        lr = K.adam_lr(Phi, y, target, 500)
        assert lr == pytest.approx(3e-3 * np.abs(K.fit_min_norm(Phi, y, m_gd)).max(), rel=1e-6)
    target = 0.5 * (m_gd + np.mean(y**2))  # above: the target sets it
    assert K.adam_lr(Phi, y, target, 500) == pytest.approx(
        3e-3 * np.abs(K.fit_min_norm(Phi, y, target)).max(), rel=1e-6)
    assert K.adam_lr(Phi, y, 2 * np.mean(y**2), 500) == 1e-3
    with pytest.raises(ValueError, match="max_steps"):
        K.adam_lr(Phi, y, 1e-3, 0)


def test_kernel_trial_relu_small():
    out = K.kernel_trial(relu, 20, 150, seed=0, target_mse=1e-3, lr=1e-2, max_steps=20000,
                         grid=24, cvxpy=True)
    assert out["mse_gd"] <= 1e-3
    assert out["f_gd"].shape == (24, 24) and out["mask"].any()
    assert abs(out["rel_err_closed"] - out["rel_err_cvxpy"]) < 1e-3
    assert out["rel_err_closed"] < 0.1
    np.testing.assert_allclose(out["c_closed"], out["c_cvxpy"], rtol=0, atol=1e-4 * np.linalg.norm(
        out["c_closed"]))


# --------------------------------------------------------------------------- bad input

def test_bad_inputs():
    Phi, y = problem(N=10, n=20)
    with pytest.raises(ValueError, match="y"):
        K.fit_min_norm(Phi, y[:-1])
    with pytest.raises(ValueError, match="Phi"):
        K.fit_min_norm(Phi[0], y)
    bad = Phi.copy()
    bad[0, 0] = np.nan
    for fn in (lambda: K.fit_min_norm(bad, y), lambda: K.gd_exact(bad, y, 1e-3, 5),
               lambda: K.fit_gd(bad, y, 5, 1e-3), lambda: K.fit_cvxpy(bad, y, 1e-3)):
        with pytest.raises(ValueError, match="finite"):
            fn()
    y_inf = y.copy()
    y_inf[1] = np.inf
    with pytest.raises(ValueError, match="finite"):
        K.fit_min_norm(Phi, y_inf, 1e-3)
    for lr in (0.0, -1.0, np.nan):
        with pytest.raises(ValueError, match="lr"):
            K.gd_exact(Phi, y, lr, 5)
        with pytest.raises(ValueError, match="lr"):
            K.fit_gd(Phi, y, 5, lr)
    for steps in (0, -3):
        with pytest.raises(ValueError, match="steps"):
            K.gd_exact(Phi, y, 1e-3, steps)
        with pytest.raises(ValueError, match="steps"):
            K.fit_gd(Phi, y, steps, 1e-3)
    with pytest.raises(TypeError, match="steps"):
        K.gd_exact(Phi, y, 1e-3, 2.5)
    with pytest.raises(ValueError, match="optimizer"):
        K.fit_gd(Phi, y, 5, 1e-3, optimizer="lbfgs")
    with pytest.raises(ValueError, match="target_mse"):
        K.fit_gd(Phi, y, 5, 1e-3, target_mse=-1.0)
    with pytest.raises(ValueError, match="c0"):
        K.fit_gd(Phi, y, 5, 1e-3, c0=np.zeros(3))
    with pytest.raises(ValueError, match="mse"):
        K.fit_cvxpy(Phi, y, -1.0)
    x = np.zeros((4, 2))
    theta, r = K.uniform_zero_planes(3, 2, 1.0, 0)
    with pytest.raises(ValueError, match="theta"):
        K.features(x, np.zeros((3, 3)), r, relu)
    with pytest.raises(ValueError, match="r"):
        K.features(x, theta, r[:2], relu)
    with pytest.raises(TypeError, match="act"):
        K.features(x, theta, r, "relu")
    with pytest.raises(ValueError, match="alpha"):
        K.features(x, theta, r, relu, alpha=np.ones(2))
    with pytest.raises(ValueError, match="alpha"):
        K.features(x, theta, r, relu, alpha=-1.0)
    with pytest.raises(ValueError, match="n"):
        K.uniform_zero_planes(0, 2, 1.0)
    with pytest.raises(ValueError, match="radius"):
        K.uniform_zero_planes(3, 2, -1.0)
    with pytest.raises(TypeError, match="seed"):
        K.uniform_zero_planes(3, 2, 1.0, seed="a")
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


def test_fit_min_norm_zero_features_is_degenerate():
    Phi, y = np.zeros((5, 7)), np.linspace(-1, 1, 5)
    for mse in (0.0, 0.01):
        with pytest.raises(ValueError, match="degenerate features"):
            K.fit_min_norm(Phi, y, mse=mse)
    with pytest.raises(ValueError, match="degenerate features"):
        K.ridge_lambda(Phi, y, 0.01)
    # c = 0 is still the answer when the tolerance allows it, or y = 0
    assert np.all(K.fit_min_norm(Phi, y, mse=1.0) == 0)
    assert np.all(K.fit_min_norm(Phi, np.zeros(5)) == 0)


def test_fit_gd_divergence_names_lr():
    Phi, y = problem(N=10, n=20)
    with pytest.raises(ValueError, match=r"diverged.*lr=1000\.0"):
        K.fit_gd(Phi, y, 5000, lr=1e3, optimizer="sgd")
    c, hist, _ = K.fit_gd(Phi, y, 50, lr=1e-3, optimizer="sgd")
    assert np.all(np.isfinite(hist)) and np.all(np.isfinite(c))


def test_gd_exact_divergence_names_lr():
    Phi, y = problem(N=10, n=20)
    with pytest.raises(ValueError, match=r"lr=1000\.0 is too large.*stable only for lr <"):
        K.gd_exact(Phi, y, 1e3, 10**6)
    assert np.all(np.isfinite(K.gd_exact(Phi, y, 1e-3, 100)))
