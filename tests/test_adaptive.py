"""Tests of radonbook.adaptive against brute force, closed forms and autograd."""

import itertools

import numpy as np
import pytest
import torch

from radonbook import activations, reparam, training
from radonbook import adaptive as ad

relu = activations.get("relu")
softplus = activations.get("softplus")


def set_params(net, w, b, a):
    with torch.no_grad():
        net.w.copy_(torch.as_tensor(np.asarray(w, float)))
        net.b.copy_(torch.as_tensor(np.asarray(b, float)))
        net.a.copy_(torch.as_tensor(np.asarray(a, float)))


# ----------------------------------------------------------------------------- W2


def test_w2_matches_brute_force():
    rng = np.random.default_rng(0)
    for _ in range(5):
        bt, bs = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
        brute = min(np.mean(np.sum((bt - bs[list(p)]) ** 2, axis=1))
                    for p in itertools.permutations(range(6)))
        assert ad.zero_plane_w2(bt, bs) == pytest.approx(np.sqrt(brute), rel=1e-12)


def test_w2_known_shift_and_permutation():
    rng = np.random.default_rng(1)
    bt = rng.normal(size=(20, 4))
    v = np.array([0.3, -0.2, 0.1, 0.5])
    # a common translation: the identity matching is optimal and W2 = |v|
    assert ad.zero_plane_w2(bt, bt + v) == pytest.approx(np.linalg.norm(v), rel=1e-12)
    assert ad.zero_plane_w2(bt, bt[rng.permutation(20)]) == pytest.approx(0.0, abs=1e-12)
    # a tiny move (one training step): the distance to full relative precision, although
    # its square is far below the rounding of the inner products the matching uses
    assert ad.zero_plane_w2(bt, bt + 1e-9 * v) == pytest.approx(1e-9 * np.linalg.norm(v),
                                                                rel=1e-6)
    assert ad.zero_plane_w2(bt, bt.copy()) == 0.0


def test_w2_bad_input():
    with pytest.raises(ValueError, match="beta_t and beta_s"):
        ad.zero_plane_w2(np.zeros((3, 2)), np.zeros((4, 2)))


# ----------------------------------------------------------------------------- similarity


def _sphere(rng, n, k):
    v = rng.normal(size=(n, k))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_similarity_auc_cosine_small_n():
    rng = np.random.default_rng(2)
    k, n = 6, 5  # n ≤ k = d + 1: the cosine similarity can be full rank
    centre = _sphere(rng, 1, k)
    tight = centre + 0.01 * rng.normal(size=(n, k))
    _, _, auc_tight = ad.similarity_auc(tight)
    _, _, auc_unif = ad.similarity_auc(_sphere(rng, n, k))
    assert auc_tight > 1 - 1 / (2 * n) - 0.01  # one cluster: λ_1 ≈ 1
    assert auc_unif < 0.75 and auc_tight - auc_unif > 0.15


def test_similarity_auc_curve_shape_and_closed_forms():
    frac, cum, auc = ad.similarity_auc(np.eye(4))  # S = I: equal eigenvalues
    assert frac[0] == 0 and frac[-1] == 1 and cum[-1] == pytest.approx(1.0)
    assert auc == pytest.approx(0.5)
    _, _, auc1 = ad.similarity_auc(np.ones((4, 3)))  # rank one
    assert auc1 == pytest.approx(1 - 1 / 8)


def test_similarity_auc_gaussian_low_dimension():
    rng = np.random.default_rng(3)
    n = 60
    tight = _sphere(rng, 1, 3) + 0.02 * rng.normal(size=(n, 3))
    _, _, auc_tight = ad.similarity_auc(tight, "gaussian", h=0.05)
    _, _, auc_unif = ad.similarity_auc(_sphere(rng, n, 3), "gaussian", h=0.05)
    assert auc_tight > 0.95
    assert auc_tight - auc_unif > 0.2
    with pytest.raises(ValueError, match="kernel must be one of"):
        ad.similarity_auc(tight, "laplace")
    with pytest.raises(ValueError, match="h must be"):
        ad.similarity_auc(tight, "gaussian", h=-1.0)


def test_sort_by_cluster_groups_blocks():
    rng = np.random.default_rng(4)
    centres = _sphere(rng, 3, 5)
    labels = rng.permutation(np.repeat(np.arange(3), 7))
    B = centres[labels] + 0.01 * rng.normal(size=(21, 5))
    S = ad.similarity_matrix(B)
    o = ad.sort_by_cluster(S)
    assert sorted(o) == list(range(21))
    changes = np.count_nonzero(np.diff(labels[o]))
    assert changes == 2  # each cluster contiguous
    with pytest.raises(ValueError, match="symmetric"):
        ad.sort_by_cluster(np.arange(6.0).reshape(2, 3))


# ----------------------------------------------------------------------------- field


@pytest.mark.parametrize("act", [relu, softplus])
def test_shared_field_matches_autograd(act):
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(7, 2)), rng.normal(size=7)
    net = ad.ShallowNet(2, 4, act, rng=3)
    out = net(torch.as_tensor(x))
    L = 0.5 * ((out - torch.as_tensor(y)) ** 2).mean()
    L.backward()
    e = out.detach().numpy() - y
    p = net.params_numpy()
    wt = np.c_[p["w"], p["b"]]
    grad = np.c_[net.w.grad.numpy(), net.b.grad.numpy()]
    for i in range(4):
        norm = np.linalg.norm(wt[i])
        if act is relu:
            V = ad.shared_field(wt[i] / norm, x, e)
        else:
            V = ad.shared_field(wt[i] / norm, x, e, act=act, norm=norm)
        np.testing.assert_allclose(grad[i], p["a"][i] / len(x) * V, rtol=1e-10, atol=1e-13)


def test_shared_field_bad_input():
    with pytest.raises(ValueError, match="residual"):
        ad.shared_field(np.ones(3), np.zeros((4, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="beta"):
        ad.shared_field(np.ones(2), np.zeros((4, 2)), np.zeros(4))


def test_field_regions_three_points():
    x = np.array([[-0.8, -0.4], [0.1, 0.7], [0.7, -0.5]])
    e = np.array([0.3, -0.5, 0.2])
    fr = ad.field_regions(x, e, sign=1)
    # three great circles in general position cut S^2 into 8 regions
    assert len(fr.pattern) == 8
    xt = np.c_[x, np.ones(3)]
    np.testing.assert_array_equal(xt @ fr.center.T > 0, fr.pattern.T)
    for p, V, sk in zip(fr.pattern, fr.V, fr.sink, strict=True):
        np.testing.assert_allclose(V, (e * p) @ xt, atol=1e-12)
        if np.any(p):
            np.testing.assert_allclose(sk, -V / np.linalg.norm(V), atol=1e-12)
    with pytest.raises(ValueError, match="sign"):
        ad.field_regions(x, e, sign=2)


def test_cylinder_velocity_matches_finite_difference():
    rng = np.random.default_rng(6)
    x, e = rng.normal(size=(5, 2)), rng.normal(size=5)
    phi, r = 0.7, 0.2
    dphi, dr = ad.cylinder_velocity(phi, r, x, e)
    wt = np.array([np.cos(phi), np.sin(phi), -r])
    dw = -ad.shared_field(wt, x, e)
    h = 1e-7
    w2 = wt + h * dw
    assert np.arctan2(w2[1], w2[0]) - phi == pytest.approx(h * dphi, rel=1e-5)
    assert -w2[2] / np.linalg.norm(w2[:2]) - r == pytest.approx(h * dr, rel=1e-5)


# ----------------------------------------------------------------------------- landscape


def test_landscape_matches_direct_evaluation():
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=(4, 2)), rng.normal(size=4)
    net = ad.ShallowNet(2, 3, relu, rng=1)
    phis, rs = np.array([0.3, 2.0]), np.array([-0.5, 0.1, 0.8])
    L = ad.neuron_loss_landscape(net, 1, x, y, phis, rs)
    p = net.params_numpy()
    alpha = np.linalg.norm(p["w"][1])
    for a_, phi in enumerate(phis):
        for b_, r in enumerate(rs):
            w, b = p["w"].copy(), p["b"].copy()
            w[1] = alpha * np.array([np.cos(phi), np.sin(phi)])
            b[1] = -alpha * r
            f = reparam.network(x, w, b, p["a"], relu)
            assert L[a_, b_] == pytest.approx(0.5 * np.mean((f - y) ** 2), rel=1e-12)


def test_data_boundaries():
    x = np.array([[1.0, 2.0], [-0.5, 0.3]])
    phis = np.linspace(0, 3, 5)
    r = ad.data_boundaries(x, phis)
    np.testing.assert_allclose(r, x[:, :1] * np.cos(phis) + x[:, 1:] * np.sin(phis))
    with pytest.raises(ValueError, match="thetas"):
        ad.data_boundaries(np.zeros((2, 3)), phis)


# Hand-built one-neuron cases: σ = ReLU, w = (1, 0), a = 1, φ = 0, data on the x1-axis.
# Two points x1 = 0, x2 = -1; boundary of x2 at r = -1. With N = 2:
# right slope (only x1 active) = (y1 - 1)/2, left slope (both active) = (y1 - 1 + y2)/2.
@pytest.mark.parametrize("y, label", [((2.0, -3.0), "valley floor"),
                                      ((0.0, 2.0), "ridge top"),
                                      ((2.0, 1.0), "pass-through crease")])
def test_classify_boundaries_two_sided(y, label):
    x = np.array([[0.0, 0.0], [-1.0, 0.0]])
    net = ad.ShallowNet(2, 1, relu)
    set_params(net, [[1.0, 0.0]], [0.0], [1.0])
    bc = ad.classify_boundaries(net, 0, x, np.array(y), np.array([0.0]))
    assert bc.r[1, 0] == pytest.approx(-1.0)
    assert bc.right[1, 0] == pytest.approx((y[0] - 1) / 2, abs=1e-7)
    assert bc.left[1, 0] == pytest.approx((y[0] - 1 + y[1]) / 2, abs=1e-7)
    assert bc.label[1, 0] == label


# One point x = 0: right of r = 0 nothing is active (flat); left slope = y.
@pytest.mark.parametrize("y, label", [(1.0, "plateau"), (-1.0, "basin")])
def test_classify_boundaries_one_sided(y, label):
    x = np.array([[0.0, 0.0]])
    net = ad.ShallowNet(2, 1, relu)
    set_params(net, [[1.0, 0.0]], [0.0], [1.0])
    bc = ad.classify_boundaries(net, 0, x, np.array([y]), np.array([0.0]))
    assert bc.left[0, 0] == pytest.approx(y, abs=1e-7)
    assert bc.right[0, 0] == pytest.approx(0.0, abs=1e-12)
    assert bc.label[0, 0] == label


def test_classify_slopes_mirror_and_smooth():
    # plateau/basin with the flat side on the left
    assert ad.classify_slopes(0.0, -1.0) == "plateau"
    assert ad.classify_slopes(0.0, 1.0) == "basin"
    assert ad.classify_slopes(0.5, 0.5) == "smooth"
    assert ad.classify_slopes(0.0, 0.0) == "flat"
    with pytest.raises(ValueError, match="atol"):
        ad.classify_slopes(1.0, 1.0, atol=-1)
    with pytest.raises(ValueError, match="h must be"):
        ad.classify_boundaries(ad.ShallowNet(2, 1, relu), 0, np.zeros((1, 2)), np.zeros(1),
                               np.zeros(1), h=0)


# ----------------------------------------------------------------------------- network


def test_shallownet_radon_view_and_errors():
    net = ad.ShallowNet(3, 5, relu, rng=2)
    x = np.random.default_rng(8).normal(size=(6, 3))
    theta, r, c, alpha = net.radon()
    f = reparam.network_rs(x, theta, r, c, alpha, relu)
    np.testing.assert_allclose(net(torch.as_tensor(x)).detach().numpy(), f, rtol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(net.betas(), axis=1), 1.0)
    with pytest.raises(ValueError, match="n must be"):
        ad.ShallowNet(2, 0, relu)
    with pytest.raises(ValueError, match="init_scale_w"):
        ad.ShallowNet(2, 3, relu, init_scale_w=-1.0)
    with pytest.raises(TypeError, match="act must be"):
        ad.ShallowNet(2, 3, 5)
    with pytest.raises(ValueError, match="dtype must be"):
        ad.ShallowNet(2, 3, relu, dtype="float16")
    with pytest.raises(TypeError, match="dtype must be"):
        ad.ShallowNet(2, 3, relu, dtype=torch.float32)
    with pytest.raises(ValueError, match="i must be"):
        ad.neuron_loss_landscape(net, 7, x, np.zeros(6), np.ones((1, 3)), [0.0])


def test_train_decreases_loss_and_freeze_hidden():
    rng = np.random.default_rng(9)
    x, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    net = ad.ShallowNet(2, 10, relu, rng=0)
    h = training.train(net, x, y, lr=0.05, steps=50, every=10, record="params")
    assert h["loss"][-1] < 0.8 * h["loss"][0]
    assert h["w"].shape == (6, 10, 2) and list(h["step"]) == [0, 10, 20, 30, 40, 50]
    w0 = net.w.detach().clone()
    h = training.train(net, x, y, lr=0.05, steps=5, regime="kernel", history=h,
                       record="params")
    assert torch.equal(w0, net.w.detach()) and h["phase"][-1] == "kernel"
    assert h["step"][-1] == 55 and net.w.requires_grad
    # residuals of a recorded snapshot agree with the network
    e = ad.residuals(h["w"][-1], h["b"][-1], h["a"][-1], x, y, relu)
    np.testing.assert_allclose(e, net(torch.as_tensor(x)).detach().numpy() - y, rtol=1e-10)


def test_train_classification_and_bad_input():
    rng = np.random.default_rng(10)
    x, y = rng.normal(size=(30, 4)), rng.integers(0, 3, 30)
    net = ad.ShallowNet(4, 8, relu, out=3, out_bias=True)
    h = training.train(net, x, y, loss="ce", steps=15, lr=0.1, batch_size=8, steps_per_epoch=5,
                       x_test=x, y_test=y)
    assert len(h) == 16 and 0 <= h["acc"][-1] <= 1 and "test_loss" in h
    assert h["epoch"][-1] == 3.0
    with pytest.raises(ValueError, match="loss must be one of"):
        training.train(net, x, y, loss="hinge", steps=1, lr=0.1)
    with pytest.raises(ValueError, match="optimizer must be one of"):
        training.train(net, x, y, loss="ce", optimizer="lbfgs", steps=1, lr=0.1)
    with pytest.raises(ValueError, match="steps"):
        training.train(net, x, y, loss="ce", steps=-1, lr=0.1)
    with pytest.raises(ValueError, match="loss='ce' needs"):
        training.train(ad.ShallowNet(4, 3, relu), x, y, loss="ce", steps=1, lr=0.1)


def test_plane_data_distance_geometry():
    w, b = np.array([[3.0, 4.0]]), np.array([-5.0])  # the line 3x + 4y = 5
    x = np.array([[0.0, 0.0], [1.0, 1.0], [3.0, 4.0]])
    # point-to-line distances |3x + 4y - 5| / 5 = 1, 0.4, 4
    assert ad.plane_data_distance(w, b, x)[0] == pytest.approx(0.4)


# ----------------------------------------------------------------------------- magnitude


class _Relu:
    """ReLU with its transform -1/ω² (appendix §A.5), independent of the catalogue."""

    def __call__(self, t):
        return relu(t)

    def fourier(self, omega):
        return -1.0 / np.asarray(omega, float) ** 2 + 0j

    def penalty(self, omega):
        return np.asarray(omega, float) ** 4


def test_network_line_magnitude_single_and_interfering_neurons():
    rhos = np.array([0.5, 1.0, 3.0])
    w, b, a = np.array([[0.6, 0.8]]) * 2.0, np.array([0.3]), np.array([1.5])
    # one line, two antipodal points, each |a| |σ̂(ρ/α)| / α = |a| α / ρ²
    np.testing.assert_allclose(ad.network_line_magnitude(w, b, a, _Relu(), rhos),
                               2 * 1.5 * 2.0 / rhos**2)
    # two parallel neurons with equal offsets add, with opposite a they cancel
    W, B = np.r_[w, w], np.r_[b, b]
    np.testing.assert_allclose(ad.network_line_magnitude(W, B, np.r_[a, a], _Relu(), rhos),
                               2 * 2 * 1.5 * 2.0 / rhos**2)
    np.testing.assert_allclose(ad.network_line_magnitude(W, B, np.r_[a, -a], _Relu(), rhos), 0.0,
                               atol=1e-12)


def test_random_moves_distance_and_isotropy():
    rng = np.random.default_rng(0)
    beta = rng.normal(size=(2000, 3))
    beta /= np.linalg.norm(beta, axis=1, keepdims=True)
    dist = rng.uniform(0, 2, size=2000)
    moved = ad.random_moves(beta, dist, np.random.default_rng(1))
    assert np.allclose(np.linalg.norm(moved, axis=1), 1.0)
    assert np.allclose(np.linalg.norm(moved - beta, axis=1), dist)
    # the displacement's tangent part has no preferred direction: for a fixed pole the
    # tangent directions average to zero (independent check in the pole's own frame)
    pole = np.tile([0.0, 0.0, 1.0], (2000, 1))
    out = ad.random_moves(pole, np.full(2000, 0.5), np.random.default_rng(2))
    assert np.allclose(out[:, 2], 1 - 0.5**2 / 2)  # cos(angle) = 1 - chord^2 / 2
    assert abs(np.arctan2(out[:, 1], out[:, 0]).mean()) < 0.15
    assert np.allclose(ad.random_moves(beta, np.zeros(2000), rng), beta)
    with pytest.raises(ValueError):
        ad.random_moves(beta * 2, dist, rng)
    with pytest.raises(ValueError):
        ad.random_moves(beta, dist + 3, rng)
    with pytest.raises(TypeError):
        ad.random_moves(beta, dist, 0)


# --- bad input (independent review): clear errors from our own code ---------------------


def _line_data(N=12, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (N, 2))
    return x, np.sin(2 * x[:, 0])


def test_train_refuses_target_column_instead_of_broadcasting():
    x, y = _line_data()
    net = ad.ShallowNet(2, 5, relu, rng=0)
    with pytest.raises(ValueError, match=r"y must have shape \(12,\).*ravel"):
        training.train(net, x, y[:, None], steps=1, lr=0.1)
    multi = ad.ShallowNet(2, 5, relu, out=3, rng=0)
    with pytest.raises(ValueError, match=r"y must have shape \(12, 3\)"):
        training.train(multi, x, np.zeros((12, 2)), steps=1, lr=0.1)
    with pytest.raises(ValueError, match="y_test"):
        training.train(net, x, y, steps=1, lr=0.1, x_test=x, y_test=y[:, None])


def test_residuals_and_descend_neuron_refuse_target_column():
    x, y = _line_data()
    net = ad.ShallowNet(2, 5, relu, rng=0)
    p = net.params_numpy()
    assert ad.residuals(p["w"], p["b"], p["a"], x, y, relu).shape == (12,)
    with pytest.raises(ValueError, match=r"y must have shape \(12,\)"):
        ad.residuals(p["w"], p["b"], p["a"], x, y[:, None], relu)
    with pytest.raises(ValueError, match=r"y must have shape \(12,\)"):
        ad.descend_neuron(net, 0, x, y[:, None], 1.0, 0.0, steps=2)
    with pytest.raises(ValueError, match=r"y must have shape \(12,\)"):
        ad.neuron_loss_landscape(net, 0, x, y[:, None], np.linspace(0, 1, 3), np.zeros(2))


def test_train_divergence_names_lr():
    x, y = _line_data()
    net = ad.ShallowNet(2, 5, relu, init_scale_a=3.0, rng=0)
    with pytest.raises(ValueError, match=r"diverged.*lr=1000000\.0"):
        training.train(net, x, 100 * y, lr=1e6, steps=50)


def test_train_valid_input_unchanged_and_lr_checked():
    x, y = _line_data()
    net = ad.ShallowNet(2, 5, relu, rng=0)
    hist = training.train(net, x, y, lr=0.05, steps=3)
    assert np.all(np.isfinite(hist["loss"])) and len(hist) == 4
    for bad in (np.nan, -1.0, "0.1"):
        with pytest.raises((TypeError, ValueError), match="lr"):
            training.train(ad.ShallowNet(2, 5, relu), x, y, lr=bad, steps=1)


def test_from_arrays_and_rng():
    rng = np.random.default_rng(3)
    w, b, a = rng.normal(size=(4, 2)), rng.normal(size=4), rng.normal(size=4)
    net = ad.ShallowNet.from_arrays(w, b, a, "relu")
    x = rng.normal(size=(6, 2))
    f = np.maximum(x @ w.T + b, 0) @ a
    np.testing.assert_allclose(net(torch.as_tensor(x)).detach().numpy(), f, rtol=1e-13)
    assert sorted(n for n, _ in net.named_parameters()) == ["a", "b", "w"]
    fixed = ad.ShallowNet.from_arrays(w, b, a[:, None], "relu", a0=[0.5], bias=False)
    assert sorted(n for n, _ in fixed.named_parameters()) == ["a", "a0", "w"]
    np.testing.assert_allclose(fixed(torch.as_tensor(x)).detach().numpy()[:, 0], f + 0.5)
    with pytest.raises(ValueError, match="b must have shape"):
        ad.ShallowNet.from_arrays(w, b[:3], a, "relu")
    with pytest.raises(TypeError, match="act"):
        ad.ShallowNet.from_arrays(w, b, a, lambda t: t)
    # SPEC 7: the default rng is 0; an int seeds torch directly; a Generator works too
    p0, p1 = ad.ShallowNet(2, 3, relu).params_numpy(), ad.ShallowNet(2, 3, relu, rng=0)
    np.testing.assert_array_equal(p0["w"], p1.params_numpy()["w"])
    g = torch.Generator().manual_seed(7)
    np.testing.assert_array_equal(ad.ShallowNet(2, 3, relu, rng=7).params_numpy()["w"],
                                  torch.randn(3, 2, generator=g, dtype=torch.float64)
                                  .numpy() / np.sqrt(2))
    ad.ShallowNet(2, 3, relu, rng=np.random.default_rng(1))
    with pytest.raises(ValueError, match="rng"):
        ad.ShallowNet(2, 3, relu, rng=-1)


def test_shallownet_accepts_numpy_scalars():
    net = ad.ShallowNet(2, 4, relu, init_scale_w=np.float32(1), init_scale_a=np.int64(2))
    ref = ad.ShallowNet(2, 4, relu, init_scale_w=1.0, init_scale_a=2.0)
    assert torch.equal(net.w, ref.w) and torch.equal(net.a, ref.a)
    with pytest.raises(TypeError, match="init_scale_w"):
        ad.ShallowNet(2, 4, relu, init_scale_w="1")
    with pytest.raises(ValueError, match="init_scale_a"):
        ad.ShallowNet(2, 4, relu, init_scale_a=-1.0)


def test_zero_plane_w2_refuses_huge_sets():
    big = np.zeros((20000, 3))
    with pytest.raises(ValueError, match="zero-planes n.*GB"):
        ad.zero_plane_w2(big, big)
    b = np.eye(3)
    assert ad.zero_plane_w2(b, b[::-1]) == 0.0


def _numpy_relu_gd(w, b, a, x, y, lr, lr_a, steps):
    """Plain gradient descent on L_r = (1/2N) Σ_j (f_r(x_rj) - y_rj)², written out."""
    w, b, a = (np.array(v, dtype=float) for v in (w, b, a))
    for _ in range(steps):
        pre = x @ w.transpose(0, 2, 1) + b[:, None, :]
        h = np.maximum(pre, 0)
        res = (np.einsum("rmn,rn->rm", h, a) - y) / y.shape[1]
        g_pre = res[:, :, None] * a[:, None, :] * (pre > 0)
        a -= lr_a[:, None] * np.einsum("rmn,rm->rn", h, res)
        w -= lr[:, None, None] * (g_pre.transpose(0, 2, 1) @ x)
        b -= lr[:, None] * g_pre.sum(axis=1)
    return w, b, a


def test_train_runs_matches_gradient_descent_written_out():
    g = np.random.default_rng(5)
    R, n, N, d = 3, 6, 9, 2
    w, b, a = g.normal(size=(R, n, d)), g.normal(size=(R, n)), g.normal(size=(R, n))
    x, y = g.uniform(-1, 1, size=(R, N, d)), g.normal(size=(R, N))
    lr, lr_a = np.array([0.05, 0.02, 0.01]), np.array([0.03, 0.01, 0.04])
    run = ad.train_runs(w, b, a, x, y, steps=40, lr=lr, lr_a=lr_a)
    w1, b1, a1 = _numpy_relu_gd(w, b, a, x, y, lr, lr_a, 40)
    for got, want in ((run.w, w1), (run.b, b1), (run.a, a1)):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    e = np.einsum("rmn,rn->rm", np.maximum(x @ w1.transpose(0, 2, 1) + b1[:, None], 0),
                  a1) - y
    np.testing.assert_allclose(run.loss, 0.5 * np.mean(e**2, axis=1), rtol=1e-10)


@pytest.mark.parametrize("kwargs, match", [
    ({"lr": np.array([0.1, 0.1])}, "lr"),
    ({"lr": -1.0}, "lr"),
    ({"lr": 0.1, "lr_a": np.zeros(3)}, "lr_a"),
])
def test_train_runs_refuses_bad_step_sizes(kwargs, match):
    g = np.random.default_rng(0)
    w, b, a = g.normal(size=(3, 4, 2)), g.normal(size=(3, 4)), g.normal(size=(3, 4))
    x, y = g.normal(size=(3, 5, 2)), g.normal(size=(3, 5))
    with pytest.raises(ValueError, match=match):
        ad.train_runs(w, b, a, x, y, steps=2, **kwargs)


def test_random_moves_within_span():
    """Moves drawn in a subspace: exact chord, displacement in span{β_i} + V, and
    isotropic within V (checked against the projector onto V)."""
    rng = np.random.default_rng(0)
    k, n = 6, 4000
    V = rng.normal(size=(3, k)) @ rng.normal(size=(k, k))  # a rank-3 row space
    V = np.vstack([V, V[0] + V[1]])  # a dependent row changes nothing
    beta = rng.normal(size=(n, k))
    beta /= np.linalg.norm(beta, axis=1, keepdims=True)
    dist = rng.uniform(0, 2, size=n)
    out = ad.random_moves(beta, dist, np.random.default_rng(1), span=V)
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0)
    assert np.allclose(np.linalg.norm(out - beta, axis=1), dist)
    # the displacement lies in span{β_i} + row space of V (least-squares residual 0)
    for i in range(20):
        basis = np.vstack([beta[i], V]).T
        coef = np.linalg.lstsq(basis, out[i] - beta[i], rcond=None)[0]
        assert np.allclose(basis @ coef, out[i] - beta[i], atol=1e-10)
    # a pole orthogonal to V: the tangent direction is uniform on V's unit sphere,
    # so its second moment is the projector onto V divided by rank 3
    Q = np.linalg.qr(V[:3].T)[0]
    pole = np.linalg.qr(np.hstack([Q, rng.normal(size=(k, 1))]))[0][:, 3]
    poles = np.tile(pole, (n, 1))
    moved = ad.random_moves(poles, np.full(n, np.sqrt(2.0)), rng, span=V)
    u = moved  # chord √2: the angle is π/2, so β' = u exactly
    np.testing.assert_allclose(u @ pole, 0.0, atol=1e-12)
    np.testing.assert_allclose(u.T @ u / n, Q @ Q.T / 3, atol=0.03)
    with pytest.raises(ValueError, match="span"):
        ad.random_moves(beta, dist, rng, span=V[:, :3])
    with pytest.raises(ValueError, match="rank"):
        ad.random_moves(beta, dist, rng, span=V[:1])


def test_random_moves_shaped_by_the_span():
    """shaped=True: g ~ N(0, spanᵀ span). For rows of lengths 3 and 1 along e_1, e_2
    and a pole e_4, β' = g/‖g‖ (chord √2), and E[g_1²/(g_1² + g_2²)] = 3/(3 + 1)
    (closed form for independent centred Gaussians with deviations 3 and 1)."""
    n = 40000
    span = np.array([[3.0, 0, 0, 0], [0, 1.0, 0, 0]])
    poles = np.tile([0.0, 0, 0, 1], (n, 1))
    out = ad.random_moves(poles, np.full(n, np.sqrt(2.0)),
                          np.random.default_rng(0), span=span, shaped=True)
    np.testing.assert_allclose(out[:, 2:], 0.0, atol=1e-12)
    assert abs(np.mean(out[:, 0] ** 2) - 0.75) < 0.01
    iso = ad.random_moves(poles, np.full(n, np.sqrt(2.0)),
                          np.random.default_rng(0), span=span)
    assert abs(np.mean(iso[:, 0] ** 2) - 0.5) < 0.01
    with pytest.raises(ValueError, match="span"):
        ad.random_moves(poles, np.zeros(n), np.random.default_rng(0), shaped=True)


# ------------------------------------------------------------- chapter experiments

X3 = np.array([[-0.8, -0.4], [0.1, 0.7], [0.7, -0.5]])
Y3 = np.array([0.6, -0.4, 0.8])


def test_active_counts_brute_force_and_bad_input():
    rng = np.random.default_rng(3)
    w, b, x = rng.normal(size=(4, 5, 2)), rng.normal(size=(4, 5)), rng.normal(size=(7, 2))
    brute = np.array([[sum(w[t, i] @ xj + b[t, i] > 0 for xj in x) for i in range(5)]
                      for t in range(4)])
    assert np.array_equal(ad.active_counts(w, b, x), brute)
    with pytest.raises(ValueError, match="w .*b .*x"):
        ad.active_counts(w, b[:, :3], x)


def test_pinning_trace_hand_made_planes():
    # vertical planes x1 = r (w = (1, 0), b = -r): neuron 0 touches x_1 = (0.1, .) at
    # t = 1, neuron 1 touches x_2 then leaves the data (dead, r = 5), neuron 2 has
    # every point on its active side
    x = np.array([[0.1, 0.0], [0.5, 1.0], [0.9, -1.0]])
    r = np.array([[0.3, 0.52, -5.0], [0.1, 0.5, -5.0], [0.3, 5.0, -5.0]])  # (T, n)
    w = np.broadcast_to(np.array([1.0, 0.0]), (3, 3, 2))
    tr = ad.pinning_trace(w, -r, x, tol=0.05)
    assert np.allclose(tr.distance, [[0.2, 0.02, 5.1], [0, 0, 5.1], [0.2, 4.1, 5.1]])
    assert np.allclose(tr.median, [0.2, 0.0, 4.1]) and tr.k_min == 1
    assert np.array_equal(tr.active, [[2, 1, 3], [2, 1, 3], [2, 0, 3]])
    assert np.array_equal(tr.separating[1], [True, True, False])
    assert np.array_equal(tr.separating[2], [True, False, False])
    assert np.array_equal(tr.left, [True, True, False])
    assert np.allclose(tr.pinned, [1 / 3, 2 / 3, 0])
    assert tr.median_separating(1) == pytest.approx(0.0)
    assert tr.median_separating(2) == pytest.approx(0.2)
    with pytest.raises(ValueError, match="tol"):
        ad.pinning_trace(w, -r, x, tol=0)
    with pytest.raises(ValueError, match="b"):
        ad.pinning_trace(w, -r[:, :2], x)


def test_fit_shallow_is_train_on_shallow_net():
    h = ad.fit_shallow(X3, Y3, relu, scale_w=0.1, n=5, steps=20, lr=0.05, every=10, rng=4)
    net = ad.ShallowNet(2, 5, relu, init_scale_w=0.1, init_scale_a=2.0, rng=4)
    ref = training.train(net, X3, Y3, steps=20, lr=0.05, every=10, record="params")
    assert np.array_equal(h["w"], ref["w"]) and np.array_equal(h["step"], [0, 10, 20])
    with pytest.raises(ValueError, match="scale_w"):
        ad.fit_shallow(X3, Y3, relu, scale_w=-1.0, steps=1)


def test_inside_sinks_matches_field_regions_and_vanishes():
    e = np.array([0.3, -0.2, 0.5])
    reg = ad.field_regions(X3, e, sign=-1)
    phi, r = ad.inside_sinks(X3, e, -1)
    sinks = reg.sink[reg.sink_inside]
    assert len(phi) == len(sinks) > 0
    # back to directions: beta ∝ (cos phi, sin phi, -r)
    back = np.c_[np.cos(phi), np.sin(phi), -r]
    back /= np.linalg.norm(back, axis=1, keepdims=True)
    assert np.allclose(back, sinks)
    assert all(len(v) == 0 for v in ad.inside_sinks(X3, np.zeros(3)))
    with pytest.raises(ValueError, match="atol"):
        ad.inside_sinks(X3, e, atol=-1)


def test_crease_probe_finds_the_kinds_and_refuses():
    seeds = list(range(40))
    probe = ad.crease_probe(X3, Y3, np.linspace(0, 2 * np.pi, 181), seeds)
    labels = set(probe.classes.label.ravel())
    assert set(ad.BOUNDARY_TYPES[:5]) <= labels
    # it is the first such network: independently re-classified
    net = ad.ShallowNet(2, 4, relu, init_scale_w=1.0, init_scale_a=2.0,
                        rng=seeds[probe.draw - 1])
    again = ad.classify_boundaries(net, probe.neuron, X3, Y3, np.linspace(0, 2 * np.pi, 181))
    assert np.array_equal(again.label, probe.classes.label)
    with pytest.raises(ValueError, match="kinds"):
        ad.crease_probe(X3, Y3, np.linspace(0, 1, 5), seeds, kinds=("canyon",))
    with pytest.raises(ValueError, match="seeds"):
        ad.crease_probe(X3, Y3, np.linspace(0, 1, 5), [])


def test_regime_sweep_delta_closed_form_and_shapes():
    sw = ad.regime_sweep(X3, Y3, [0.05, 3.0], [1, 2], n=6, steps=4)
    assert sw.move.shape == (2, 2) and sw.mean("move").shape == (2,)
    for j, sd in enumerate((1, 2)):
        for i, s in enumerate((0.05, 3.0)):
            net = ad.ShallowNet(2, 6, relu, init_scale_w=s, init_scale_a=2.0, rng=sd)
            p = net.params_numpy()
            delta = p["a"] ** 2 - (p["w"] ** 2).sum(1) - p["b"] ** 2
            assert sw.delta[j, i] == pytest.approx(delta.mean(), rel=1e-12)
    assert np.all((sw.auc0 > 0.5) & (sw.auc0 <= 1))
    with pytest.raises(ValueError, match="scales"):
        ad.regime_sweep(X3, Y3, [0.0], [1], steps=1)
    with pytest.raises(ValueError, match="field_name"):
        sw.mean("scales")


def _tiny_digits():
    from radonbook import data
    rng = np.random.default_rng(0)
    x = rng.random((40, 6))
    y = np.arange(40) % 10
    return data.Dataset("digits", x[:30], y[:30], x[30:], y[30:], (2, 3), "test")


def test_classifier_config_and_bad_input():
    assert ad.classifier_config("paper").n == 256
    cfg = ad.classifier_config()
    assert (cfg.n, cfg.batch_size, cfg.batches_per_epoch, cfg.lr) == (64, 64, 21, 0.5)
    with pytest.raises(ValueError, match="scale"):
        ad.classifier_config("huge")
    with pytest.raises(ValueError, match="adaptive_epochs"):
        ad.ClassifierConfig(4, 8, 2, 0.1, epochs=1, adaptive_epochs=2)
    with pytest.raises(ValueError, match="lr"):
        ad.ClassifierConfig(4, 8, 2, -0.1)


def test_single_precision_classifier_tracks_double():
    """A float32 classifier starts from the float64 one rounded, computes in float32 and
    follows the float64 training to single-precision accuracy over a few steps."""
    ds = _tiny_digits()
    runs = {}
    for dtype in ("float64", "float32"):
        cfg = ad.ClassifierConfig(n=5, batch_size=10, batches_per_epoch=3, lr=0.3,
                                  epochs=2, dtype=dtype)
        net = ad.make_classifier(relu, 6, cfg, 1)
        assert net.w.dtype == getattr(torch, dtype) and net(ds.x_test).dtype == net.w.dtype
        h = ad.fit_classifier(net, ds, cfg, 2, 2, every=1)
        assert h["w"].dtype == np.float64  # records in double precision either way
        runs[dtype] = h
    d, s = runs["float64"], runs["float32"]
    np.testing.assert_array_equal(s["w"][0], d["w"][0].astype(np.float32))
    for key in ("w", "b", "a", "loss", "test_loss"):
        np.testing.assert_allclose(s[key], d[key], rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match="dtype"):
        ad.ClassifierConfig(n=5, batch_size=10, batches_per_epoch=3, lr=0.3,
                            dtype="float16")


def test_data_in_the_networks_precision_train_the_same():
    """Data converted once to float32 (Dataset.astype) train a float32 classifier exactly
    as float64 data converted at every call do, for either network precision."""
    ds = _tiny_digits()
    ds32 = ds.astype("float32")
    for dtype in ("float32", "float64"):
        cfg = ad.ClassifierConfig(n=5, batch_size=10, batches_per_epoch=3, lr=0.3,
                                  epochs=2, dtype=dtype)
        h = {}
        for key, data in (("64", ds), ("32", ds32)):
            net = ad.make_classifier(relu, 6, cfg, 1)
            h[key] = ad.fit_classifier(net, data, cfg, 2, 2, every=1)
        same = dtype == "float32"  # float64 data rounded to float32 once, either way
        for key in ("w", "b", "a", "loss", "test_loss", "acc"):
            if same:
                np.testing.assert_array_equal(h["32"][key], h["64"][key])
            else:  # the float32 data are the float64 ones rounded
                np.testing.assert_allclose(h["32"][key], h["64"][key], rtol=1e-5,
                                           atol=1e-6)


def test_digit_experiment_matches_the_pieces():
    ds = _tiny_digits()
    cfg = ad.ClassifierConfig(n=5, batch_size=10, batches_per_epoch=3, lr=0.3, epochs=3,
                              adaptive_epochs=1)
    rhos = np.array([0.5, 2.0])
    run = ad.digit_experiment(relu, ds, cfg, (1, 2, 3), np.random.default_rng(0),
                              rhos=rhos, n_null=4, every=1)
    # by hand: the same training through make_classifier / fit_classifier
    net = ad.make_classifier(relu, 6, cfg, 1)
    h = ad.fit_classifier(net, ds, cfg, 1, 2, every=1)
    ad.fit_classifier(net, ds, cfg, 2, 3, history=h, every=1)
    B = ad.betas(h["w"], h["b"])
    assert run.loss == h["loss"][-1] and run.acc == h["acc"][-1]
    assert run.auc1 == pytest.approx(ad.similarity_auc(B[-1])[2])
    assert run.move_last == pytest.approx(ad.zero_plane_w2(B[6], B[9]))
    assert run.move_total == pytest.approx(ad.zero_plane_w2(B[0], B[9]))
    assert run.w2.shape == (9,) and run.w2.sum() >= ad.zero_plane_w2(B[0], B[-1]) - 1e-12
    # Experiment 4 shares the records of the first epoch, then one per epoch
    assert "w" not in run.exp3 and "w" not in run.exp4
    assert np.array_equal(run.exp4["step"], [0, 1, 2, 3, 6, 9])
    # Experiment 4 trains only the output layer after the first epoch
    net4 = ad.make_classifier(relu, 6, cfg, 1)
    h4 = ad.fit_classifier(net4, ds, cfg, 1, 2, every=3)
    w_after = net4.w.detach().clone()
    ad.fit_classifier(net4, ds, cfg, 2, 3, regime="kernel", history=h4, every=3)
    assert torch.equal(net4.w, w_after) and run.loss4 == h4["loss"][-1]
    # evaluated only at the start and the end of training: the same final values
    ends = ad.digit_experiment(relu, ds, cfg, (1, 2, 3), np.random.default_rng(0),
                               rhos=rhos, n_null=4, every=1, metrics_every=9)
    for key in ("loss", "test_loss", "acc", "test_acc", "loss4", "test_loss4", "auc1",
                "null95", "null95s"):
        assert getattr(ends, key) == getattr(run, key), key
    for h in (ends.exp3, ends.exp4):
        evaluated = np.isfinite(h["loss"])
        assert evaluated.tolist() == [s in (0, 9) for s in h["step"]]
    with pytest.raises(ValueError, match="metrics_every must divide the 9 steps"):
        ad.digit_experiment(relu, ds, cfg, (1, 2, 3), np.random.default_rng(0),
                            rhos=rhos, metrics_every=4)
    with pytest.raises(ValueError, match="seeds"):
        ad.digit_experiment(relu, ds, cfg, (1, 2), np.random.default_rng(0), rhos=rhos)
    with pytest.raises(TypeError, match="null_rng"):
        ad.digit_experiment(relu, ds, cfg, (1, 2, 3), 0, rhos=rhos)
    with pytest.raises(TypeError, match="ds"):
        ad.fit_classifier(net, {"x": 1}, cfg, 1)


def test_span_basis_gives_the_same_moves_without_the_svd():
    rng = np.random.default_rng(3)
    span = np.hstack([rng.normal(size=(40, 4)), np.zeros((40, 1)), np.ones((40, 1))])
    beta = rng.normal(size=(25, 6))
    beta /= np.linalg.norm(beta, axis=1, keepdims=True)
    dist = rng.uniform(0, 1, 25)
    basis = ad.span_basis(span)
    assert basis.Q.shape == (6, 5) and basis.s.shape == (5,)  # the zero column drops
    np.testing.assert_allclose(basis.Q.T @ basis.Q, np.eye(5), atol=1e-12)
    for shaped in (False, True):
        a = ad.random_moves(beta, dist, np.random.default_rng(9), span=span, shaped=shaped)
        b = ad.random_moves(beta, dist, np.random.default_rng(9), span=basis, shaped=shaped)
        np.testing.assert_array_equal(a, b)
        np.testing.assert_allclose(np.linalg.norm(b - beta, axis=1), dist, atol=1e-12)
    with pytest.raises(ValueError, match="rank >= 2"):
        ad.span_basis(np.ones((5, 3)))
    with pytest.raises(ValueError, match="span must have 6 columns"):
        ad.random_moves(beta, dist, rng, span=ad.span_basis(span[:, :5]))
