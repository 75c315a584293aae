"""Tests of radonbook.training.train against closed forms and hand-stepped torch."""

import math

import numpy as np
import pytest
import torch

from radonbook import adaptive, training


def _problem(N=15, n=6, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(N, n)), rng.normal(size=N)


def _gd_exact(Phi, y, lr, T):
    """c_T of c <- c - lr Phi^T (Phi c - y) / N from c = 0, by eigendecomposition.

    With K = Phi Phi^T = V diag(mu) V^T the residual r_t = Phi c_t - y obeys
    r_{t+1} = (I - lr K / N) r_t, so c_T = Phi^T V diag((1 - (1 - lr mu/N)^T)/mu) V^T y.
    """
    N = len(y)
    mu, V = np.linalg.eigh(Phi @ Phi.T)
    q = np.where(mu > 1e-12 * mu.max(),
                 (1 - (1 - lr * mu / N) ** T) / np.where(mu > 0, mu, 1.0), lr * T / N)
    return Phi.T @ (V @ (q * (V.T @ y)))


def test_plain_gd_on_linear_model_matches_closed_form():
    Phi, y = _problem()
    lr = 0.5 * len(y) / np.linalg.eigvalsh(Phi @ Phi.T).max()
    model = training.LinearModel(np.zeros(Phi.shape[1]))
    h = training.train(model, Phi, y, steps=200, lr=lr)
    np.testing.assert_allclose(model.c, _gd_exact(Phi, y, lr, 200), rtol=1e-10, atol=1e-12)
    # the history: loss (1/2N)||Phi c - y||^2 at every step, mse = 2 loss
    c50 = _gd_exact(Phi, y, lr, 50)
    r = Phi @ c50 - y
    assert h["loss"][50] == pytest.approx(0.5 * r @ r / len(y), rel=1e-10)
    np.testing.assert_allclose(h["mse"], 2 * h["loss"])
    assert list(h["step"]) == list(range(201)) and set(h.records) == {
        "step", "epoch", "phase", "loss", "mse"}                  # lean: no copies


def test_target_mse_stops_at_the_first_step_reaching_it():
    Phi, y = _problem(N=10, n=20)                                # interpolating
    lr = len(y) / np.linalg.eigvalsh(Phi @ Phi.T).max()
    mses = [np.mean((Phi @ _gd_exact(Phi, y, lr, t) - y) ** 2) for t in range(400)]
    target = 1e-3
    first = next(t for t, m in enumerate(mses) if m <= target)
    model = training.LinearModel(np.zeros(20))
    h = training.train(model, Phi, y, steps=10_000, lr=lr, target_mse=target, every=100)
    assert h["step"][-1] == first and h["mse"][-1] <= target
    np.testing.assert_allclose(model.c, _gd_exact(Phi, y, lr, first), atol=1e-10)


def test_adam_matches_torch_adam_stepped_by_hand():
    Phi, y = _problem()
    c0 = np.linspace(-1, 1, Phi.shape[1])
    model = training.LinearModel(c0)
    h = training.train(model, Phi, y, steps=30, lr=0.05, optimizer="adam")
    P, Y = torch.as_tensor(Phi), torch.as_tensor(y)
    c = torch.tensor(c0, requires_grad=True)
    opt = torch.optim.Adam([c], lr=0.05)
    losses = []
    for _ in range(30):
        opt.zero_grad()
        loss = 0.5 * ((P @ c - Y) ** 2).sum() / len(y)
        losses.append(loss.item())
        loss.backward()
        opt.step()
    np.testing.assert_allclose(model.c, c.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(h["loss"][:30], losses, rtol=1e-12)


def test_kernel_regime_leaves_hidden_layer_unchanged():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    net = adaptive.ShallowNet(2, 8, "relu", out_bias=True, rng=2)
    w0, b0, a0 = (getattr(net, k).detach().clone() for k in ("w", "b", "a"))
    h = training.train(net, x, y, steps=20, lr=0.1, regime="kernel", record="params")
    assert torch.equal(net.w.detach(), w0) and torch.equal(net.b.detach(), b0)
    assert not torch.equal(net.a.detach(), a0) and float(net.a0.detach()) != 0.0
    assert net.w.requires_grad and net.b.requires_grad            # restored afterwards
    assert set(h["phase"]) == {"kernel"} and h["w"].shape == (21, 8, 2)
    # the kernel regime is linear in (a, a0): plain GD on the features [σ(Wx+b), 1]
    Phi = np.c_[np.maximum(x @ w0.numpy().T + b0.numpy(), 0), np.ones(20)]
    c0 = np.r_[a0.numpy(), 0.0]
    lin = training.LinearModel(c0)
    training.train(lin, Phi, y, steps=20, lr=0.1)
    a_net = np.r_[net.a.detach().numpy(), float(net.a0.detach())]
    np.testing.assert_allclose(a_net, lin.c, rtol=1e-10)


class _Wrapped(torch.nn.Module):
    """The same network seen through a module without ``features``/``head``."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net(x)


def test_kernel_regime_with_features_computed_once_follows_the_full_network():
    """Mini-batch kernel-regime training from features computed once (ShallowNet's
    features/head) follows the run through the whole network at every step."""
    rng = np.random.default_rng(3)
    x, x_te = rng.normal(size=(40, 3)), rng.normal(size=(9, 3))
    y, y_te = rng.integers(0, 3, 40), rng.integers(0, 3, 9)
    hs = []
    for wrap in (False, True):
        net = adaptive.ShallowNet(3, 6, "logistic", out=3, out_bias=True, rng=4)
        hs.append(training.train(_Wrapped(net) if wrap else net, x, y, steps=12, lr=0.3,
                                 batch_size=8, loss="ce", regime="kernel", x_test=x_te,
                                 y_test=y_te, rng=5, record="params"))
    for key in ("a", "a0", "loss", "acc", "test_loss", "test_acc"):
        np.testing.assert_allclose(hs[0][key], hs[1][key], rtol=1e-12, atol=1e-14)


def test_adaptive_regime_full_batch_is_plain_gradient_descent():
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=(9, 2)), rng.normal(size=9)
    w, b, a = rng.normal(size=(5, 2)), rng.normal(size=5), rng.normal(size=5)
    net = adaptive.ShallowNet.from_arrays(w, b, a, "relu")
    training.train(net, x, y, steps=7, lr={"w": 0.05, "b": 0.05, "a": 0.02})
    for _ in range(7):                                            # by hand, numpy
        z = x @ w.T + b
        e = (np.maximum(z, 0) @ a - y) / len(y)
        g = e[:, None] * a[None, :] * (z > 0)
        a = a - 0.02 * np.maximum(z, 0).T @ e
        w, b = w - 0.05 * g.T @ x, b - 0.05 * g.sum(0)
    p = net.params_numpy()
    for k, v in (("w", w), ("b", b), ("a", a)):
        np.testing.assert_allclose(p[k], v, rtol=1e-12, atol=1e-14)


def test_mini_batch_order_is_seeded_torch_randperm():
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(10, 3)), rng.normal(size=10)
    net = adaptive.ShallowNet(3, 4, "relu", rng=1)
    ref = adaptive.ShallowNet(3, 4, "relu", rng=1)
    h = training.train(net, x, y, steps=7, lr=0.1, batch_size=4, steps_per_epoch=4,
                       rng=11, every=3)
    # by hand: one torch.randperm per epoch from manual_seed(11), a second one appended
    # because 4 batches of 4 need 16 > 10 indices; slices of 4
    g = torch.Generator().manual_seed(11)
    opt = torch.optim.SGD(ref.parameters(), lr=0.1)
    xt, yt = torch.as_tensor(x), torch.as_tensor(y)
    done = 0
    while done < 7:
        perm = torch.cat([torch.randperm(10, generator=g), torch.randperm(10, generator=g)])
        for k in range(4):
            if done == 7:
                break
            idx = perm[4 * k:4 * (k + 1)]
            opt.zero_grad()
            (0.5 * ((ref(xt[idx]) - yt[idx]) ** 2).sum() / 4).backward()
            opt.step()
            done += 1
    for k in ("w", "b", "a"):
        assert torch.equal(getattr(net, k), getattr(ref, k))
    assert list(h["step"]) == [0, 3, 6, 7] and h["epoch"][-1] == pytest.approx(7 / 4)
    # a Generator works too (the torch seed is drawn from it) and is reproducible
    runs = [training.train(adaptive.ShallowNet(3, 4, "relu", rng=1), x, y, steps=5,
                           lr=0.1, batch_size=3, rng=np.random.default_rng(8))["loss"]
            for _ in range(2)]
    np.testing.assert_array_equal(*runs)


def test_history_continues_and_records_residuals():
    Phi, y = _problem()
    model = training.LinearModel(np.zeros(Phi.shape[1]))
    h = training.train(model, Phi, y, steps=4, lr=0.1, record=("residual",))
    training.train(model, Phi, y, steps=3, lr=0.1, history=h, record=("residual",))
    assert list(h["step"]) == list(range(8))
    np.testing.assert_allclose(h["residual"][-1], Phi @ model.c - y, rtol=1e-12)
    np.testing.assert_allclose(h["residual"][0], -y)


def test_classification_labels_and_one_hot():
    rng = np.random.default_rng(6)
    x, labels = rng.normal(size=(12, 2)), rng.integers(0, 3, 12)
    net = adaptive.ShallowNet(2, 5, "relu", out=3, rng=0)
    h = training.train(net, x, labels, steps=3, lr=0.1, loss="ce", x_test=x,
                       y_test=labels)
    assert {"acc", "test_acc", "test_loss"} <= set(h.records)
    onehot = np.eye(3)[labels]
    a = training.train(adaptive.ShallowNet(2, 5, "relu", out=3, rng=0), x, labels,
                       steps=3, lr=0.1)["loss"]
    b = training.train(adaptive.ShallowNet(2, 5, "relu", out=3, rng=0), x, onehot,
                       steps=3, lr=0.1)["loss"]
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="labels"):
        training.train(net, x, labels + 0.5, steps=1, lr=0.1)


def test_divergence_raises_naming_lr_and_step():
    Phi, y = _problem()
    with pytest.raises(ValueError, match=r"diverged at step \d+.*lr=1000\.0"):
        training.train(training.LinearModel(np.zeros(6)), Phi, y, steps=2000, lr=1e3)
    x = np.random.default_rng(0).normal(size=(12, 2))
    net = adaptive.ShallowNet(2, 5, "relu", init_scale_a=3.0, rng=0)
    with pytest.raises(ValueError, match=r"diverged.*lr=1000000\.0"):
        training.train(net, x, 100 * x[:, 0], steps=50, lr=1e6, batch_size=4)


def test_bad_input_is_refused():
    Phi, y = _problem()
    lin = training.LinearModel(np.zeros(6))
    with pytest.raises(ValueError, match=r"y must have shape \(15,\).*ravel"):
        training.train(lin, Phi, y[:, None], steps=1, lr=0.1)   # (N, 1) would broadcast
    net = adaptive.ShallowNet(2, 3, "relu")
    x2 = Phi[:, :2]
    with pytest.raises(ValueError, match=r"y must have shape \(15,\).*ravel"):
        training.train(net, x2, y[:, None], steps=1, lr=0.1)
    with pytest.raises(ValueError, match="x does not fit"):
        training.train(net, Phi, y, steps=1, lr=0.1)
    with pytest.raises(TypeError):
        training.train(lin, Phi, y, 1, 0.1)                     # steps, lr keyword-only
    with pytest.raises(ValueError, match="regime"):
        training.train(lin, Phi, y, steps=1, lr=0.1, regime="lazy")
    with pytest.raises(ValueError, match="no parameters to train"):
        training.train(adaptive.ShallowNet(2, 3, "relu").requires_grad_(False), x2, y,
                       steps=1, lr=0.1)
    with pytest.raises(ValueError, match="target_mse"):
        training.train(lin, Phi, y, steps=1, lr=0.1, target_mse=-1.0)
    with pytest.raises(ValueError, match="record"):
        training.train(lin, Phi, y, steps=1, lr=0.1, record="gradients")
    with pytest.raises(ValueError, match="lr"):
        training.train(net, x2, y, steps=1, lr={"w": 0.1})      # b, a missing
    with pytest.raises(TypeError, match="model"):
        training.train(lambda z: z, Phi, y, steps=1, lr=0.1)
    with pytest.raises(ValueError, match="rng"):
        training.train(lin, Phi, y, steps=1, lr=0.1, rng=-3)
    with pytest.raises(ValueError, match="c0"):
        training.LinearModel(np.zeros((2, 2, 2)))
    assert math.isfinite(training.train(lin, Phi, y, steps=0, lr=0.1)["loss"][0])


def test_metrics_every_keeps_every_step_and_evaluates_some():
    """The same seeded run with metrics at every record and every 3rd step: the
    parameters agree at every step, the metrics where both have them; NaN elsewhere."""
    rng = np.random.default_rng(6)
    x, x_te = rng.normal(size=(12, 3)), rng.normal(size=(5, 3))
    y, y_te = rng.integers(0, 3, 12), rng.integers(0, 3, 5)
    runs = []
    for m in (None, 3):
        net = adaptive.ShallowNet(3, 4, "relu", out=3, rng=2)
        runs.append(training.train(net, x, y, steps=8, lr=0.1, batch_size=4, loss="ce",
                                   every=1, metrics_every=m, x_test=x_te, y_test=y_te,
                                   rng=4, record="params"))
    full, some = runs
    np.testing.assert_array_equal(full["step"], some["step"])
    np.testing.assert_array_equal(full["w"], some["w"])
    evaluated = some["step"] % 3 == 0  # step 8, the last, is not a multiple
    assert evaluated.tolist() == [s in (0, 3, 6) for s in range(9)]
    for key in ("loss", "acc", "test_loss", "test_acc"):
        np.testing.assert_array_equal(some[key][evaluated], full[key][evaluated])
        assert np.isnan(some[key][~evaluated]).all() and np.isfinite(full[key]).all()
    # a continued history counts its steps on: 9 and 12 are multiples of 3
    more = training.train(net, x, y, steps=4, lr=0.1, batch_size=4, loss="ce", every=1,
                          metrics_every=3, rng=5, record="params", history=some)
    assert np.isfinite(more["loss"][9:]).tolist() == [True, False, False, True]
    net = adaptive.ShallowNet(3, 4, "relu", rng=2)
    with pytest.raises(ValueError, match="metrics_every needs mini-batches"):
        training.train(net, x, y.astype(float), steps=2, lr=0.1, metrics_every=1)
    with pytest.raises(ValueError, match="metrics_every cannot be combined"):
        training.train(net, x, y.astype(float), steps=2, lr=0.1, batch_size=4,
                       metrics_every=1, record="residual")
    with pytest.raises(ValueError, match="metrics_every"):
        training.train(net, x, y.astype(float), steps=2, lr=0.1, batch_size=4,
                       metrics_every=0)


def test_metrics_on_more_rows_than_one_block_are_those_of_the_whole_data():
    """train evaluates all of the data in blocks of EVAL_ROWS rows: the recorded loss and
    accuracy equal those of one pass over all the rows (cross-entropy and argmax by
    hand)."""
    rng = np.random.default_rng(7)
    N = 2 * training.EVAL_ROWS + 37
    x, x_te = rng.normal(size=(N, 3)), rng.normal(size=(N + 5, 3))
    y, y_te = rng.integers(0, 3, N), rng.integers(0, 3, N + 5)
    net = adaptive.ShallowNet(3, 8, "logistic", out=3, rng=1)
    h = training.train(net, x, y, steps=2, lr=0.1, batch_size=64, loss="ce", x_test=x_te,
                       y_test=y_te, record="params")
    for key, xs, ys in (("", x, y), ("test_", x_te, y_te)):
        with torch.no_grad():
            z = net(torch.as_tensor(xs)).numpy()
        logp = z - z.max(1, keepdims=True)
        logp -= np.log(np.exp(logp).sum(1, keepdims=True))
        assert h[key + "loss"][-1] == pytest.approx(-logp[np.arange(len(ys)), ys].mean(),
                                                    rel=1e-12)
        assert h[key + "acc"][-1] == np.mean(z.argmax(1) == ys)
