import numpy as np
import pytest
import torch

from radonbook import activations as A
from radonbook import reparam as R


def random_net(n=7, d=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.normal(size=n), rng.normal(size=n)


def test_round_trip_and_definitions():
    w, b, a = random_net()
    theta, r, c, alpha = R.to_radon(w, b, a)
    np.testing.assert_allclose(np.linalg.norm(theta, axis=1), 1.0)
    # the zero-plane {θ·x = r} is where w·x + b = 0: check with a point on it
    x0 = r[:, None] * theta
    np.testing.assert_allclose(np.sum(w * x0, axis=1) + b, 0.0, atol=1e-12)
    for got, want in zip(R.to_weights(theta, r, c, alpha), (w, b, a), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-13)


@pytest.mark.parametrize("name", ["relu", "logistic", "gaussian", "sinc"])
def test_both_forms_agree(name):
    act = A.get(name)
    w, b, a = random_net()
    x = np.random.default_rng(1).normal(size=(50, 3))
    np.testing.assert_allclose(R.network(x, w, b, a, act),
                               R.network_rs(x, *R.to_radon(w, b, a), act), rtol=1e-12)


def test_features_matches_explicit_loop_and_alpha_scaling():
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, (7, 2))
    phi = rng.uniform(0, 2 * np.pi, 5)
    theta, r = np.stack([np.cos(phi), np.sin(phi)], 1), rng.uniform(-1, 1, 5)
    alpha = rng.uniform(0.5, 2.0, 5)
    Phi = R.features(x, theta, r, "softplus", alpha)
    for j in range(7):
        for i in range(5):
            z = theta[i] @ x[j] - r[i]
            assert np.isclose(Phi[j, i], np.log1p(np.exp(alpha[i] * z)) / alpha[i])
    # ReLU is 1-homogeneous: alpha has no effect (appendix §A.2)
    np.testing.assert_allclose(R.features(x, theta, r, "relu", alpha),
                               R.features(x, theta, r, A.get("relu")), atol=1e-15)
    # the network in Radon-spline form is Phi c
    c = rng.normal(size=5)
    np.testing.assert_allclose(R.network_rs(x, theta, r, c, alpha, "softplus"), Phi @ c,
                               rtol=1e-14)


def test_features_bad_input():
    x = np.zeros((4, 2))
    theta, r = np.eye(2)[[0, 1, 0]], np.zeros(3)
    with pytest.raises(ValueError, match="theta"):
        R.features(x, np.zeros((3, 3)), r, "relu")
    with pytest.raises(ValueError, match="r must have shape"):
        R.features(x, theta, r[:2], "relu")
    with pytest.raises(TypeError, match="act"):
        R.features(x, theta, r, np.tanh)  # a bare function has no Fourier transform
    with pytest.raises(ValueError, match="alpha"):
        R.features(x, theta, r, "relu", alpha=np.ones(2))
    with pytest.raises(ValueError, match="alpha"):
        R.features(x, theta, r, "relu", alpha=-1.0)
    with pytest.raises(ValueError, match="x"):
        R.features(np.full((4, 2), np.nan), theta, r, "relu")
    with pytest.raises(ValueError, match="not finite"):
        R.features(np.full((4, 2), 1e3), theta, r, ("relu_power", {"k": 150.0}))


def test_alpha_symmetry_only_for_homogeneous_activations():
    w, b, a = random_net()
    x = np.random.default_rng(2).normal(size=(40, 3))
    lam = 3.7
    for name, invariant in (("relu", True), ("logistic", False)):
        act = A.get(name)
        f0 = R.network(x, w, b, a, act)
        f1 = R.network(x, lam * w, lam * b, a / lam, act)
        assert np.allclose(f0, f1, rtol=1e-12) == invariant == act.homogeneous


def test_delta_is_conserved_by_small_step_gradient_descent():
    """Gradient flow conserves δ_i for ReLU; gradient descent with step η drifts by O(η)."""
    w0, b0, a0 = random_net(n=5, d=2, seed=3)
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    drift = []
    for lr in (1e-2, 1e-3):
        w, b, a = (torch.tensor(v, requires_grad=True) for v in (w0, b0, a0))
        xt, yt = torch.tensor(x), torch.tensor(y)
        for _ in range(int(0.5 / lr)):  # same total time 0.5
            loss = 0.5 * torch.mean((torch.relu(xt @ w.T + b) @ a - yt) ** 2)
            gw, gb, ga = torch.autograd.grad(loss, (w, b, a))
            with torch.no_grad():
                w -= lr * gw
                b -= lr * gb
                a -= lr * ga
        d1 = R.delta(w.detach().numpy(), b.detach().numpy(), a.detach().numpy())
        drift.append(np.max(np.abs(d1 - R.delta(w0, b0, a0))))
    assert drift[1] < drift[0] / 5  # shrinks with the step, like O(η)


def test_delta_with_learning_rates():
    w, b, a = random_net()
    np.testing.assert_allclose(R.delta(w, b, a, eta_a=2.0, eta_w=0.5),
                               0.5 * a**2 - 2.0 * (np.sum(w**2, 1) + b**2))


def test_bad_inputs():
    w, b, a = random_net()
    w[2] = 0
    with pytest.raises(ValueError, match="zero rows"):
        R.to_radon(w, b, a)
    with pytest.raises(ValueError, match="b must have shape"):
        R.to_radon(np.ones((3, 2)), np.ones(4), np.ones(3))
    with pytest.raises(ValueError, match="w must have shape"):
        R.to_radon(np.ones(3), np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="alpha must be > 0"):
        R.to_weights(np.eye(2), np.zeros(2), np.ones(2), np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match="unit vectors"):
        R.to_weights(2 * np.eye(2), np.zeros(2), np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match="x must have shape"):
        R.network(np.ones((4, 2)), np.ones((3, 3)), np.ones(3), np.ones(3), A.get("relu"))
    with pytest.raises(ValueError, match="NaN"):
        R.to_radon(np.full((2, 2), np.nan), np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match="eta_a"):
        R.delta(np.ones((2, 2)), np.ones(2), np.ones(2), eta_a=0)


# ------------------------------------------------------------------ experiment helpers


def test_rescale_keeps_relu_network_and_radon_parameters():
    rng = np.random.default_rng(3)
    w, b, a = rng.normal(size=(6, 2)), rng.normal(size=6), rng.normal(size=6)
    x = rng.uniform(-1, 1, (40, 2))
    w3, b3, a3 = R.rescale(w, b, a, 3.0)
    np.testing.assert_allclose(w3, 3 * w)
    np.testing.assert_allclose(b3, 3 * b)
    np.testing.assert_allclose(a3, a / 3)
    np.testing.assert_allclose(R.network(x, w3, b3, a3, "relu"),
                               R.network(x, w, b, a, "relu"), atol=1e-12)
    p0, p3 = R.to_radon(w, b, a), R.to_radon(w3, b3, a3)
    for q0, q3 in zip(p0[:3], p3[:3], strict=True):
        np.testing.assert_allclose(q3, q0, atol=1e-12)
    np.testing.assert_allclose(p3[3], 3 * p0[3])
    # stacked scales: one rescaled copy per scale
    lams = np.array([0.5, 2.0])
    ws, bs, as_ = R.rescale(w, b, a, lams)
    assert ws.shape == (2, 6, 2) and bs.shape == (2, 6) and as_.shape == (2, 6)
    np.testing.assert_allclose(ws[1], 2 * w)
    np.testing.assert_allclose(as_[0], 2 * a)
    # delta = a^2 - lam^2 (|w|^2 + b^2) after the rescaling, for lam = 1/2
    np.testing.assert_allclose(R.delta(ws[0], bs[0], as_[0]),
                               4 * a**2 - (np.sum(w**2, axis=1) + b**2) / 4)


def test_rescale_bad_input():
    w, b, a = np.ones((2, 2)), np.ones(2), np.ones(2)
    with pytest.raises(ValueError, match="lam"):
        R.rescale(w, b, a, 0.0)
    with pytest.raises(ValueError, match="lam"):
        R.rescale(w, b, a, np.ones((2, 2)))
    with pytest.raises(ValueError, match="b"):
        R.rescale(w, np.ones(3), a, 2.0)


def test_delta_drift_by_hand_and_batched():
    rng = np.random.default_rng(0)
    w0, b0, a0 = rng.normal(size=(3, 4, 2)), rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    w1, b1, a1 = w0 + 0.1, b0 - 0.2, a0 * 1.5
    got = R.delta_drift(w0, b0, a0, w1, b1, a1)
    for j in range(3):
        d0 = a0[j] ** 2 - np.sum(w0[j] ** 2, axis=1) - b0[j] ** 2
        d1 = a1[j] ** 2 - np.sum(w1[j] ** 2, axis=1) - b1[j] ** 2
        assert got[j] == pytest.approx(np.max(np.abs(d1 - d0)))
    one = R.delta_drift(w0[0], b0[0], a0[0], w1[0], b1[0], a1[0], eta_a=0.5, eta_w=2.0)
    d0 = 2.0 * a0[0] ** 2 - 0.5 * (np.sum(w0[0] ** 2, axis=1) + b0[0] ** 2)
    d1 = 2.0 * a1[0] ** 2 - 0.5 * (np.sum(w1[0] ** 2, axis=1) + b1[0] ** 2)
    assert isinstance(one, float) and one == pytest.approx(np.max(np.abs(d1 - d0)))
    with pytest.raises(ValueError, match="a1"):
        R.delta_drift(w0, b0, a0, w1, b1, a1[:2])
    with pytest.raises(ValueError, match="w0"):
        R.delta_drift(np.ones(3), b0, a0, w1, b1, a1)


def test_drift_slopes_on_a_known_polynomial():
    # drift = C1 eta + C2 eta^2: local slopes 1 + O(eta), extrapolation removes O(eta)
    eta = 0.04 / 2.0 ** np.arange(5)
    c2 = np.array([0.0, 5.0])
    drift = eta[:, None] * (1 + c2[None, :] * eta[:, None])
    s = R.drift_slopes(eta, drift)
    np.testing.assert_allclose(s.fitted[0], 1.0)
    np.testing.assert_allclose(s.local[:, 0], 1.0)
    assert np.all(s.local[:, 1] > 1) and np.all(np.diff(s.local[:, 1]) < 0)
    # exact local slope log((1 + c eta)/(1 + c eta/2))/log 2 + 1, extrapolated
    assert abs(s.extrapolated[1] - 1) < 0.2 * abs(s.local[-1, 1] - 1)
    # a pure power law eta^p has every slope p; ratio 3 works as well
    eta3 = 0.1 / 3.0 ** np.arange(4)
    s3 = R.drift_slopes(eta3, 2 * eta3**1.5)
    np.testing.assert_allclose([s3.fitted[0], *s3.local[:, 0], s3.extrapolated[0]], 1.5)


def test_drift_slopes_bad_input():
    eta = np.array([0.04, 0.02, 0.01])
    with pytest.raises(ValueError, match="step_sizes"):
        R.drift_slopes(eta[::-1], np.ones(3))
    with pytest.raises(ValueError, match="step_sizes"):
        R.drift_slopes([0.04, 0.02, 0.005], np.ones(3))
    with pytest.raises(ValueError, match="drift"):
        R.drift_slopes(eta, np.ones(4))
    with pytest.raises(ValueError, match="drift"):
        R.drift_slopes(eta, [1.0, 0.0, 1.0])


def test_zero_plane_distance():
    theta0 = np.array([[1.0, 0.0], [0.0, 1.0]])
    theta1 = np.array([[0.0, 1.0], [0.0, 1.0]])
    got = R.zero_plane_distance(theta0, [0.0, 0.5], theta1, [0.0, -0.5])
    np.testing.assert_allclose(got, [np.sqrt(2.0), 1.0])
    with pytest.raises(ValueError, match="theta1"):
        R.zero_plane_distance(theta0, [0.0, 0.5], theta1[:1], [0.0])
    with pytest.raises(ValueError, match="r1"):
        R.zero_plane_distance(theta0, [0.0, 0.5], theta1, [0.0])


def test_network_rs_in_blocks_matches_the_whole_feature_matrix():
    # n = 5000 neurons: blocks of 26 rows, so 100 points take 4 blocks, the last short
    rng = np.random.default_rng(3)
    n = 5000
    phi = rng.uniform(0, 2 * np.pi, n)
    theta, r = np.stack([np.cos(phi), np.sin(phi)], 1), rng.uniform(-1, 1, n)
    x, C = rng.uniform(-1, 1, (100, 2)), rng.normal(size=(n, 3))
    assert R.BLOCK_BYTES // (8 * n) < 100
    Phi = R.features(x, theta, r, "erf", 2.0)
    np.testing.assert_allclose(R.network_rs(x, theta, r, C, 2.0, "erf"), Phi @ C,
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(R.network_rs(x, theta, r, C[:, 0], 2.0, "erf"),
                               Phi @ C[:, 0], rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match="c must have shape"):
        R.network_rs(x, theta, r, C[:10], 2.0, "erf")
    with pytest.raises(ValueError, match="alpha"):
        R.network_rs(x, theta, r, C, -1.0, "erf")
