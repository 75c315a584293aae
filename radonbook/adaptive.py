"""The adaptive (rich) regime: moving zero-planes, the shared flow field, pinning, clustering.

Implements appendix §A.8 (and the parameter maps of section 2 through
:mod:`radonbook.reparam`) for the paper's §IV (loss landscape on the cylinder, the shared
vector field ``V``, sinks and sources, datapoint pinning) and §V-B (Experiments 3 and 4:
per-step zero-plane Wasserstein distance, similarity-eigenvalue AUC, kernel-after-adaptive
training), plus the Fourier magnitude of a finite network's lines
(:func:`network_line_magnitude`; appendix §A.4, paper Fig. 8/9h). Networks
(:class:`ShallowNet`) are trained by :func:`radonbook.training.train`.

Conventions: a network is ``f(x) = Σ_i a_i σ(w_i·x + b_i)`` (+ an optional output bias);
the augmented input is ``x̃ = (x, 1)``, ``w̃_i = (w_i, b_i)`` and the zero-plane direction is
``β_i = w̃_i/‖w̃_i‖ ∈ S^d``. In 2-D, ``θ = (cos φ, sin φ)`` and ``r = -b/‖w‖``. The squared
loss is ``L = (1/2N) Σ_j ‖f(x_j) - y_j‖²``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import torch
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.optimize import linear_sum_assignment, linprog
from scipy.spatial.distance import squareform

from radonbook import activations, reparam, validate
from radonbook.training import DTYPES, _as_tensor, _check_target_shape, _torch_generator

__all__ = [
    "BOUNDARY_TYPES",
    "BoundaryClasses",
    "ClassifierConfig",
    "CreaseProbe",
    "DigitRun",
    "FieldRegions",
    "KERNELS",
    "MAX_STEPS",
    "PinningTrace",
    "RegimeSweep",
    "Runs",
    "ShallowNet",
    "ShallowNetRuns",
    "active_counts",
    "beta_to_cylinder",
    "betas",
    "classifier_config",
    "classify_boundaries",
    "classify_slopes",
    "crease_probe",
    "cylinder_velocity",
    "data_boundaries",
    "descend_neuron",
    "digit_experiment",
    "field_regions",
    "fit_classifier",
    "fit_shallow",
    "inside_sinks",
    "make_classifier",
    "network_line_magnitude",
    "neuron_loss_landscape",
    "pinning_trace",
    "plane_data_distance",
    "SpanBasis",
    "random_moves",
    "span_basis",
    "regime_sweep",
    "residuals",
    "shared_field",
    "similarity_auc",
    "similarity_matrix",
    "sort_by_cluster",
    "train_runs",
    "zero_plane_w2",
]

#: Labels :func:`classify_slopes` assigns to a data boundary (paper §IV-A1, Fig. 3), plus
#: ``"smooth"`` (no kink: the slopes agree) and ``"flat"`` (zero slope on both sides).
BOUNDARY_TYPES = ("valley floor", "ridge top", "pass-through crease", "plateau", "basin",
                  "smooth", "flat")

def _act_np(act: Callable[[Any], Any], z: np.ndarray) -> np.ndarray:
    """σ(z) for a numpy array, evaluated through torch (the network's own code path)."""
    with torch.no_grad():
        return act(torch.as_tensor(np.asarray(z, dtype=np.float64))).numpy()


def _act_prime_np(act: Callable[[Any], Any], z: np.ndarray) -> np.ndarray:
    """σ'(z) by torch autograd (for ReLU: the indicator of z > 0)."""
    t = torch.as_tensor(np.asarray(z, dtype=np.float64)).clone().requires_grad_(True)
    (g,) = torch.autograd.grad(act(t).sum(), t)
    return g.numpy()


# --------------------------------------------------------------------------------------
# the network (trained by radonbook.training.train)
# --------------------------------------------------------------------------------------


class ShallowNet(torch.nn.Module):
    """Shallow network ``f(x) = Σ_i a_i σ(w_i·x + b_i) (+ a_0)`` (appendix §A.2).

    Initialisation (random, from ``rng``): ``w_ik ~ N(0, s_w²/d)``, ``b_i ~ N(0, s_b²)``
    (``s_b = s_w`` unless given), ``a_i ~ N(0, s_a²/n)``, output bias 0. Hence ``‖w_i‖ ≈ s_w``,
    ``r_i = -b_i/‖w_i‖ = O(1)``, and the conserved ``δ_i = a_i² - ‖w_i‖² - b_i²`` is about
    ``s_a²/n - 2 s_w²``: small ``s_w`` with large ``s_a`` is adaptive, the reverse lazy.
    :meth:`from_arrays` builds a network from given ``w``, ``b``, ``a`` instead. Train it
    with :func:`radonbook.training.train`.

    Parameters
    ----------
    d : input dimension (≥ 1)
    n : number of hidden neurons (≥ 1)
    act : activation σ, anything :func:`radonbook.activations.resolve` accepts
    init_scale_w, init_scale_a : ``s_w``, ``s_a`` (> 0)
    bias : train hidden biases ``b`` (False: b ≡ 0)
    out : ``None`` for a scalar output (``a`` of shape (n,), ``forward`` returns (N,)), or the
        number of outputs ``k`` (``a`` of shape (n, k), ``forward`` returns (N, k))
    out_bias : add a trainable output bias ``a_0`` (shape () or (k,))
    init_scale_b : ``s_b`` (default ``s_w``)
    rng : SPEC 7 randomness of the initialisation (``numpy.random.Generator``, int seed
        or None); an int ``s`` seeds torch directly (``torch.Generator().manual_seed(s)``),
        a Generator draws the torch seed
    dtype : ``"float64"`` (default) or ``"float32"``: the precision of the parameters and
        of the computation (inputs are converted to it). A float32 network starts from
        the float64 one rounded to single precision.
    """

    def __init__(self, d: int, n: int, act: Any, init_scale_w: float = 1.0,
                 init_scale_a: float = 1.0, bias: bool = True, *, out: int | None = None,
                 out_bias: bool = False, init_scale_b: float | None = None,
                 rng: validate.RNGLike = 0, dtype: str = "float64"):
        super().__init__()
        for nm, v in (("d", d), ("n", n)):
            if not isinstance(v, int | np.integer) or v < 1:
                raise ValueError(f"{nm} must be a positive integer, got {v!r}")
        if out is not None and (not isinstance(out, int | np.integer) or out < 1):
            raise ValueError(f"out must be None (scalar output) or a positive integer, got {out!r}")
        init_scale_b = init_scale_w if init_scale_b is None else init_scale_b
        init_scale_w = validate.real(init_scale_w, "init_scale_w", positive=True)
        init_scale_a = validate.real(init_scale_a, "init_scale_a", positive=True)
        init_scale_b = validate.real(init_scale_b, "init_scale_b", positive=True)
        validate.check_memory(2.0 * int(n) * (int(d) + 2 + (1 if out is None else int(out))),
                              "n (times d)")
        dt = getattr(torch, validate.choice(dtype, "dtype", DTYPES))
        self.d, self.n, self.out = int(d), int(n), out
        self.act = activations.resolve(act, name="act")
        g = _torch_generator(rng)
        kw = {"generator": g, "dtype": torch.float64}
        w = init_scale_w * torch.randn(n, d, **kw) / math.sqrt(d)
        self.w = torch.nn.Parameter(w.to(dt))
        b = (init_scale_b * torch.randn(n, **kw)).to(dt)
        if bias:
            self.b = torch.nn.Parameter(b)
        else:
            self.register_buffer("b", torch.zeros(n, dtype=dt))
        shape_a = (n,) if out is None else (n, out)
        a = init_scale_a * torch.randn(*shape_a, **kw) / math.sqrt(n)
        self.a = torch.nn.Parameter(a.to(dt))
        a0 = torch.zeros(() if out is None else (out,), dtype=dt)
        if out_bias:
            self.a0 = torch.nn.Parameter(a0)
        else:
            self.register_buffer("a0", a0)

    @classmethod
    def from_arrays(cls, w: Any, b: Any, a: Any, act: Any, *, a0: Any = None,
                    bias: bool = True) -> ShallowNet:
        """The network ``f(x) = Σ_i a_i σ(w_i·x + b_i) (+ a_0)`` with the given weights.

        Parameters
        ----------
        w : (n, d) input weights;  b : (n,) biases;  a : (n,) or (n, k) output weights
        act : activation σ (see :func:`radonbook.activations.resolve`)
        a0 : output bias (shape () or (k,)); ``None``: no output bias (a0 ≡ 0, not
            trained); given: a trainable output bias starting there
        bias : train the biases ``b`` (False: ``b`` is a fixed buffer holding the given
            values)

        Returns
        -------
        ShallowNet
        """
        w = validate.array(w, "w", ndim=2)
        n, d = w.shape
        b = validate.array(b, "b")
        a = validate.array(a, "a")
        if b.shape != (n,):
            raise ValueError(f"b must have shape ({n},) (one bias per row of w), "
                             f"got {b.shape}")
        if a.ndim not in (1, 2) or a.shape[0] != n:
            raise ValueError(f"a must have shape ({n},) or ({n}, k), got {a.shape}")
        out = None if a.ndim == 1 else int(a.shape[1])
        net = cls(d, n, act, bias=bool(bias), out=out, out_bias=a0 is not None)
        with torch.no_grad():
            net.w.copy_(torch.as_tensor(w))
            net.b.copy_(torch.as_tensor(b))
            net.a.copy_(torch.as_tensor(a))
            if a0 is not None:
                a0 = validate.array(a0, "a0")
                if a0.shape != tuple(net.a0.shape):
                    raise ValueError(f"a0 must have shape {tuple(net.a0.shape)}, "
                                     f"got {a0.shape}")
                net.a0.copy_(torch.as_tensor(a0))
        return net

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """Hidden activations ``σ(x wᵀ + b)``, shape (N, n)."""
        return self.act(_as_tensor(x, self.w.dtype) @ self.w.T + self.b)

    def head(self, h: torch.Tensor) -> torch.Tensor:
        """The output layer on hidden activations ``h`` (N, n): ``h a + a_0``."""
        return h @ self.a + self.a0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``f(x) = head(features(x))``: shape (N,) for scalar output, (N, k) otherwise."""
        return self.head(self.features(x))

    def params_numpy(self) -> dict[str, np.ndarray]:
        """Copies of ``w`` (n, d), ``b`` (n,), ``a`` (n,) or (n, k), ``a0`` as float64 numpy
        arrays."""
        return {k: getattr(self, k).detach().numpy().astype(np.float64)
                for k in ("w", "b", "a", "a0")}

    def radon(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Radon-spline view ``(θ, r, c, α)`` (appendix §A.2, via :mod:`reparam`).

        For ``k`` outputs, ``c`` has shape (n, k): ``c_i = a_i ‖w_i‖``.
        """
        p = self.params_numpy()
        if p["a"].ndim == 1:
            return reparam.to_radon(p["w"], p["b"], p["a"])
        theta, r, _, alpha = reparam.to_radon(p["w"], p["b"], np.ones(self.n))
        return theta, r, p["a"] * alpha[:, None], alpha

    def betas(self) -> np.ndarray:
        """Zero-plane directions ``β_i = (w_i, b_i)/‖(w_i, b_i)‖``, shape (n, d + 1)."""
        p = self.params_numpy()
        return betas(p["w"], p["b"])


class ShallowNetRuns(torch.nn.Module):
    """``R`` independent shallow networks trained side by side (appendix §A.2).

    Run ``r`` is ``f_r(x) = Σ_i a_ri σ(w_ri·x + b_ri)``; the forward pass maps points
    ``x`` of shape (N, R, d) (point ``j`` of run ``r`` at ``x[j, r]``) to (N, R). With the
    loss ``"mse"`` of :func:`radonbook.training.train`, the sum over runs of the runs' own
    losses, each run follows the gradient of its own loss only. Every run has its own step
    sizes: the gradients of run ``r`` are multiplied by ``lr[r]`` (``w``, ``b``) and
    ``lr_a[r]`` (``a``), so training with ``lr=1`` takes ``w_r ← w_r - lr[r] ∇L_r``.

    Parameters
    ----------
    w : (R, n, d); b, a : (R, n) initial weights of the runs.
    act : the activation σ (anything :func:`radonbook.activations.resolve` accepts).
    lr : step size of ``w`` and ``b``, one number or one per run (R,), > 0.
    lr_a : step size of ``a`` (default ``lr``).
    """

    def __init__(self, w: Any, b: Any, a: Any, act: Any = "relu", *, lr: Any = 1.0,
                 lr_a: Any = None):
        super().__init__()
        w = validate.array(w, "w", ndim=3)
        R, n, _ = w.shape
        b = validate.array(b, "b", shape=(R, n))
        a = validate.array(a, "a", shape=(R, n))
        steps = []
        for name, value in (("lr", lr), ("lr_a", lr if lr_a is None else lr_a)):
            v = validate.array(value, name)
            if v.ndim > 1 or (v.ndim == 1 and v.shape != (R,)) or np.any(v <= 0):
                raise ValueError(f"{name} must be a positive number or {R} positive "
                                 f"numbers (one per run), got shape {v.shape}")
            steps.append(np.broadcast_to(v, (R,)))
        self.act = activations.resolve(act)
        self.w, self.b, self.a = (torch.nn.Parameter(torch.tensor(v, dtype=torch.float64))
                                  for v in (w, b, a))
        for p, scale in ((self.w, steps[0]), (self.b, steps[0]), (self.a, steps[1])):
            scale = torch.tensor(scale).reshape((-1,) + (1,) * (p.ndim - 1))
            p.register_hook(lambda g, scale=scale: g * scale)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``f_r(x_jr)``, shape (N, R), for ``x`` of shape (N, R, d)."""
        z = torch.einsum("mrd,rnd->mrn", _as_tensor(x), self.w) + self.b
        return torch.einsum("mrn,rn->mr", self.act(z), self.a)


@dataclass(frozen=True)
class Runs:
    """Result of :func:`train_runs`: final ``w`` (R, n, d), ``b``, ``a`` (R, n) and each
    run's final loss ``L_r = (1/2N) Σ_j (f_r(x_jr) - y_jr)²`` (R,)."""

    w: np.ndarray
    b: np.ndarray
    a: np.ndarray
    loss: np.ndarray


def train_runs(w: Any, b: Any, a: Any, x: Any, y: Any, *, steps: int, lr: Any,
               lr_a: Any = None, act: Any = "relu") -> Runs:
    """Full-batch gradient descent on ``R`` independent networks at once.

    Run ``r`` (initial weights ``w[r]``, ``b[r]``, ``a[r]``, data ``x[r]`` (N, d),
    ``y[r]`` (N,)) takes ``steps`` steps of plain gradient descent on its own loss
    ``L_r = (1/2N) Σ_j (f_r(x_rj) - y_rj)²`` with step ``lr[r]`` for ``(w, b)`` and
    ``lr_a[r]`` for ``a`` (:class:`ShallowNetRuns` trained by
    :func:`radonbook.training.train`).

    Parameters
    ----------
    w : (R, n, d); b, a : (R, n); x : (R, N, d); y : (R, N).
    steps : number of steps (>= 1); lr, lr_a : as in :class:`ShallowNetRuns`.
    act : the activation σ (default ReLU).

    Returns
    -------
    Runs
    """
    from radonbook import training

    net = ShallowNetRuns(w, b, a, act, lr=lr, lr_a=lr_a)
    R, n, d = net.w.shape
    x = validate.array(x, "x", ndim=3)
    if x.shape[0] != R or x.shape[2] != d:
        raise ValueError(f"x must have shape ({R}, N, {d}), got {x.shape}")
    y = validate.array(y, "y", shape=x.shape[:2])
    xt, yt = np.transpose(x, (1, 0, 2)), np.transpose(y)  # points first
    training.train(net, xt, yt, steps=steps, lr=1.0, every=steps)
    with torch.no_grad():
        e = net(torch.as_tensor(np.ascontiguousarray(xt))).numpy() - yt
    return Runs(*(p.detach().numpy().copy() for p in (net.w, net.b, net.a)),
                loss=0.5 * np.mean(e**2, axis=0))


def betas(w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Zero-plane directions ``β = (w, b)/‖(w, b)‖`` (appendix §A.8).

    Parameters
    ----------
    w : (..., n, d) input weights;  b : (..., n) biases

    Returns
    -------
    (..., n, d + 1) unit vectors
    """
    wt = np.concatenate([np.asarray(w, float), np.asarray(b, float)[..., None]], axis=-1)
    return wt / np.linalg.norm(wt, axis=-1, keepdims=True)


def residuals(w: np.ndarray, b: np.ndarray, a: np.ndarray, x: np.ndarray, y: np.ndarray,
              act: Any, a0: float | np.ndarray = 0.0) -> np.ndarray:
    """Residuals ``e_j = f(x_j) - y_j`` of the network ``(w, b, a, a0)`` (appendix §A.8).

    ``w`` (n, d), ``b`` (n,), ``a`` (n,) or (n, k); returns (N,) or (N, k). A leading
    snapshot axis (T, ...) on ``w``, ``b``, ``a`` (and ``a0``) is broadcast (a history).
    """
    act = activations.resolve(act, name="act")
    w, b, a = (np.asarray(v, float) for v in (w, b, a))
    x = np.asarray(x, float)
    h = _act_np(act, np.einsum("...nd,Nd->...Nn", w, x) + b[..., None, :])
    f = np.einsum("...Nn,...n->...N", h, a) if a.ndim == w.ndim - 1 else \
        np.einsum("...Nn,...nk->...Nk", h, a)
    a0 = np.asarray(a0, float)
    if a0.ndim and a.ndim == w.ndim - 1:  # one scalar output bias per snapshot
        a0 = a0[..., None]
    elif a0.ndim > 1:
        a0 = a0[..., None, :]
    y = validate.array(y, "y", finite=False)
    _check_target_shape(y.shape, x.shape[0], None if a.ndim == w.ndim - 1 else a.shape[-1])
    return f + a0 - y


def beta_to_cylinder(beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2-D zero-plane direction ``β = (w, b)/‖(w, b)‖`` to cylinder coordinates ``(φ, r)``.

    ``φ = atan2(β_2, β_1) mod 2π`` (so ``θ = (cos φ, sin φ)``), ``r = -β_3/‖(β_1, β_2)‖``
    (appendix §A.2–A.8). ``beta`` (..., 3); returns two arrays of shape (...).
    """
    beta = np.asarray(beta, float)
    if beta.shape[-1] != 3:
        raise ValueError(f"beta must have last axis 3 (d = 2), got shape {beta.shape}")
    phi = np.mod(np.arctan2(beta[..., 1], beta[..., 0]), 2 * np.pi)
    return phi, -beta[..., 2] / np.hypot(beta[..., 0], beta[..., 1])


def plane_data_distance(w: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Distance from each zero-plane to its nearest data point.

    ``dist_i = min_j |θ_i·x_j - r_i| = min_j |w_i·x_j + b_i| / ‖w_i‖`` (appendix §A.2).
    ``w`` (..., n, d), ``b`` (..., n), ``x`` (N, d); returns (..., n).
    """
    w, b, x = (np.asarray(v, float) for v in (w, b, x))
    s = np.abs(np.einsum("...nd,Nd->...nN", w, x) + b[..., None])
    return s.min(axis=-1) / np.linalg.norm(w, axis=-1)


# --------------------------------------------------------------------------------------
# the one-neuron loss landscape on the cylinder (paper §IV-A, Fig. 3-4)
# --------------------------------------------------------------------------------------


def _directions(thetas: Any, d: int) -> np.ndarray:
    th = validate.array(thetas, "thetas")
    if d == 2 and th.ndim == 1:
        return np.stack([np.cos(th), np.sin(th)], axis=-1)
    if th.ndim != 2 or th.shape[1] != d:
        raise ValueError(f"thetas must be angles (P,) for d = 2 or unit vectors (P, {d}); "
                         f"got shape {th.shape}")
    return th / np.linalg.norm(th, axis=1, keepdims=True)


def _neuron_losses(net: ShallowNet, i: int, x: np.ndarray, y: np.ndarray,
                   dirs: np.ndarray, rs: np.ndarray) -> np.ndarray:
    """Loss with neuron i moved to (θ_m, r_m) (α_i, a_i fixed); dirs (..., d), rs (...)."""
    if not (isinstance(i, int | np.integer) and 0 <= i < net.n):
        raise ValueError(f"i must be a neuron index in [0, {net.n}), got {i!r}")
    if net.out is not None:
        raise ValueError("the one-neuron landscape is defined for scalar-output networks "
                         "(out=None)")
    x = np.asarray(x, float)
    if x.ndim != 2 or x.shape[1] != net.d:
        raise ValueError(f"x must have shape (N, {net.d}), got {x.shape}")
    _check_target_shape(np.shape(y), x.shape[0], None)
    p = net.params_numpy()
    with torch.no_grad():
        f = net(_as_tensor(x)).numpy()
    alpha = np.linalg.norm(p["w"][i])
    own = p["a"][i] * _act_np(net.act, x @ p["w"][i] + p["b"][i])
    f_rest = f - own
    z = alpha * (np.einsum("...d,Nd->...N", dirs, x) - rs[..., None])
    e = f_rest + p["a"][i] * _act_np(net.act, z) - np.asarray(y, float)
    return 0.5 * (e**2).mean(axis=-1)


def neuron_loss_landscape(net: ShallowNet, i: int, x: np.ndarray, y: np.ndarray,
                          thetas: np.ndarray, rs: np.ndarray) -> np.ndarray:
    """Loss as a function of one neuron's zero-plane ``(θ, r)``, all else fixed.

    ``L_i(θ, r) = (1/2N) Σ_j (f_{-i}(x_j) + a_i σ(α_i(θ·x_j - r)) - y_j)²`` with
    ``f_{-i}`` the network without neuron ``i`` and ``α_i = ‖w_i‖``, ``a_i`` (hence
    ``c_i = a_i α_i``) kept (appendix §A.2–A.8; paper §IV-A). For ReLU this is
    piecewise quadratic with pieces bounded by the data curves ``r = θ·x_j``.

    Parameters
    ----------
    net : scalar-output :class:`ShallowNet`
    i : neuron index
    x, y : data (N, d), (N,)
    thetas : angles φ (P,) with ``θ = (cos φ, sin φ)`` when d = 2, else unit vectors (P, d)
    rs : offsets (R,)

    Returns
    -------
    (P, R) array of losses
    """
    dirs = _directions(thetas, net.d)
    rs = np.asarray(rs, float)
    P, R = len(dirs), len(rs)
    return _neuron_losses(net, i, x, y,
                          np.broadcast_to(dirs[:, None, :], (P, R, net.d)),
                          np.broadcast_to(rs[None, :], (P, R)))


def descend_neuron(net: ShallowNet, i: int, x: np.ndarray, y: np.ndarray, phi0: float,
                   r0: float, *, steps: int = 500, lr: float = 0.05
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradient descent on one neuron's zero-plane ``(φ, r)`` alone (d = 2, paper §IV-A).

    Iterates ``(φ, r) ← (φ, r) - lr ∇L_i(φ, r)`` on the landscape of
    :func:`neuron_loss_landscape` (``α_i``, ``a_i`` and all other neurons fixed; gradient by
    autograd; for ReLU the one-sided gradient where a data point sits exactly on the plane).

    Returns
    -------
    (phis, rs, losses), each of shape (steps + 1,)
    """
    if net.d != 2:
        raise ValueError(f"descend_neuron needs d = 2, the network has d = {net.d}")
    if not (isinstance(i, int | np.integer) and 0 <= i < net.n):
        raise ValueError(f"i must be a neuron index in [0, {net.n}), got {i!r}")
    if not (isinstance(steps, int | np.integer) and steps >= 0):
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    lr = validate.real(lr, "lr", positive=True)
    xt, yt = _as_tensor(x), _as_tensor(y)
    if xt.ndim != 2 or xt.shape[1] != 2:
        raise ValueError(f"x must have shape (N, 2), got {tuple(xt.shape)}")
    if net.out is not None:
        raise ValueError("descend_neuron is defined for scalar-output networks (out=None)")
    _check_target_shape(tuple(yt.shape), xt.shape[0], None)
    with torch.no_grad():
        alpha = torch.linalg.norm(net.w[i])
        ai = net.a[i].clone()
        f_rest = net(xt) - ai * net.act(xt @ net.w[i] + net.b[i])
    phi = torch.tensor(float(phi0), dtype=torch.float64, requires_grad=True)
    r = torch.tensor(float(r0), dtype=torch.float64, requires_grad=True)
    out = np.zeros((3, steps + 1))
    for k in range(steps + 1):
        z = alpha * (xt[:, 0] * torch.cos(phi) + xt[:, 1] * torch.sin(phi) - r)
        loss = 0.5 * ((f_rest + ai * net.act(z) - yt) ** 2).mean()
        out[:, k] = phi.item(), r.item(), loss.item()
        if k == steps:
            break
        gphi, gr = torch.autograd.grad(loss, (phi, r))
        with torch.no_grad():
            phi -= lr * gphi
            r -= lr * gr
    return out[0], out[1], out[2]


def data_boundaries(x: np.ndarray, thetas: np.ndarray) -> np.ndarray:
    """The data curves ``r = θ·x_j`` on the cylinder: zero-planes through ``x_j``.

    Parameters
    ----------
    x : data (N, d)
    thetas : angles (P,) (d = 2) or unit vectors (P, d)

    Returns
    -------
    (N, P) array ``r_j(θ_p) = θ_p·x_j``
    """
    x = np.asarray(x, float)
    if x.ndim != 2:
        raise ValueError(f"x must have shape (N, d), got {x.shape}")
    return x @ _directions(thetas, x.shape[1]).T


class BoundaryClasses(NamedTuple):
    """Result of :func:`classify_boundaries`; all arrays (N, P)."""

    r: np.ndarray
    left: np.ndarray
    right: np.ndarray
    label: np.ndarray


def classify_slopes(left: np.ndarray, right: np.ndarray, atol: float = 1e-9) -> np.ndarray:
    """Classify a crease of the loss from its one-sided slopes across it (paper §IV-A1).

    With ``left = ∂L/∂r`` just below the boundary and ``right`` just above it:

    * valley floor: ``left < 0 < right`` (the loss falls towards the boundary on both sides)
    * ridge top: ``left > 0 > right``
    * pass-through crease: same sign, different slopes
    * plateau / basin: one side flat (``|slope| ≤ atol``: no active data there) and the
      loss on the flat side higher (plateau) or lower (basin) than on the other side
    * smooth: slopes equal within ``atol`` (no kink);  flat: both flat.

    Returns
    -------
    array of labels (strings from ``BOUNDARY_TYPES``), broadcast shape of the inputs
    """
    if not (isinstance(atol, int | float) and atol >= 0):
        raise ValueError(f"atol must be a non-negative number, got {atol!r}")
    L, R = np.broadcast_arrays(np.asarray(left, float), np.asarray(right, float))
    lz, rz = np.abs(L) <= atol, np.abs(R) <= atol
    out = np.full(L.shape, "pass-through crease", dtype=object)
    out[np.abs(L - R) <= atol] = "smooth"
    out[(L < -atol) & (R > atol)] = "valley floor"
    out[(L > atol) & (R < -atol)] = "ridge top"
    # flat right side: loss there is higher iff the loss rises towards the boundary (L > 0)
    out[rz & (L > atol)] = "plateau"
    out[rz & (L < -atol)] = "basin"
    out[lz & (R < -atol)] = "plateau"
    out[lz & (R > atol)] = "basin"
    out[lz & rz] = "flat"
    return out


def classify_boundaries(net: ShallowNet, i: int, x: np.ndarray, y: np.ndarray,
                        thetas: np.ndarray, h: float = 1e-6, atol: float = 1e-9
                        ) -> BoundaryClasses:
    """Label every data boundary ``r = θ·x_j`` of neuron ``i``'s landscape (paper Fig. 3).

    The one-sided slopes of ``L_i(θ, ·)`` at ``r_j = θ·x_j`` are computed with the
    second-order one-sided difference ``(∓3L(r_j) ± 4L(r_j ± h) ∓ L(r_j ± 2h))/(2h)``,
    exact for the piecewise-quadratic ReLU landscape as long as no other boundary lies
    within ``2h``; labels come from :func:`classify_slopes`.

    Parameters
    ----------
    net, i, x, y : as in :func:`neuron_loss_landscape`
    thetas : angles (P,) (d = 2) or unit vectors (P, d)
    h : difference step (> 0);  atol : flatness tolerance of :func:`classify_slopes`

    Returns
    -------
    BoundaryClasses
        ``r`` (N, P) boundary offsets, ``left``/``right`` slopes, ``label`` strings
    """
    if not (isinstance(h, int | float) and h > 0):
        raise ValueError(f"h must be a positive number, got {h!r}")
    dirs = _directions(thetas, net.d)
    r = data_boundaries(x, dirs)  # (N, P)
    D = np.broadcast_to(dirs[None, :, None, :], r.shape + (5, net.d))
    offs = np.array([-2 * h, -h, 0.0, h, 2 * h])
    Ls = _neuron_losses(net, i, x, y, D, r[..., None] + offs)
    left = (3 * Ls[..., 2] - 4 * Ls[..., 1] + Ls[..., 0]) / (2 * h)
    right = (-3 * Ls[..., 2] + 4 * Ls[..., 3] - Ls[..., 4]) / (2 * h)
    return BoundaryClasses(r, left, right, classify_slopes(left, right, atol))


# --------------------------------------------------------------------------------------
# the shared vector field (paper §IV-B)
# --------------------------------------------------------------------------------------


def _augment(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, float)
    if x.ndim != 2:
        raise ValueError(f"x must have shape (N, d), got {x.shape}")
    return np.concatenate([x, np.ones((len(x), 1))], axis=1)


def shared_field(beta: np.ndarray, x: np.ndarray, residual: np.ndarray, act: Any = None,
                 norm: float = 1.0) -> np.ndarray:
    """The shared vector field ``V(β) = Σ_{j: β·x̃_j > 0} e_j x̃_j`` (appendix §A.8).

    Every ReLU neuron moves by ``dw̃_i/dt = -(a_i/N) V(β_i)``: the field is shared, each
    neuron scales it by its own ``a_i``. For another activation (``act`` given) the field
    is ``V(β) = Σ_j e_j σ'(ρ β·x̃_j) x̃_j`` at radius ``ρ = ‖w̃‖ = norm`` (σ' by autograd;
    for ReLU this is the formula above).

    Parameters
    ----------
    beta : directions (..., d + 1) (need not be normalised for ReLU)
    x : data (N, d);  residual : ``e_j = f(x_j) - y_j``, shape (N,)
    act : ``None`` (ReLU) or an activation;  norm : ``ρ`` (> 0)

    Returns
    -------
    V, shape (..., d + 1)
    """
    xt = _augment(x)
    e = np.asarray(residual, float)
    if e.shape != (len(xt),):
        raise ValueError(f"residual must have shape ({len(xt)},) (one per data point), "
                         f"got {e.shape}")
    beta = np.asarray(beta, float)
    if beta.shape[-1] != xt.shape[1]:
        raise ValueError(f"beta must have last axis d + 1 = {xt.shape[1]}, got {beta.shape}")
    s = beta @ xt.T
    gate = ((s > 0).astype(float) if act is None else
            _act_prime_np(activations.resolve(act, name="act"), norm * s))
    return (gate * e) @ xt


def cylinder_velocity(phi: np.ndarray, r: np.ndarray, x: np.ndarray, residual: np.ndarray,
                      sign: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Velocity of a 2-D ReLU zero-plane ``(φ, r)`` under ``dw̃/dt = -sign·V(β)`` at ‖w‖ = 1.

    With ``w = (cos φ, sin φ)``, ``b = -r`` and ``dw̃ = (dw, db)``:
    ``dφ = w × dw`` (the 2-D cross product) and ``dr = -db - r (w·dw)`` (from
    ``r = -b/‖w‖``). ``sign`` is ``sign(a_i)``; the true speed also carries ``|a_i|/N``.

    Returns
    -------
    (dφ, dr), arrays of the broadcast shape of ``phi`` and ``r``
    """
    phi, r = np.broadcast_arrays(np.asarray(phi, float), np.asarray(r, float))
    beta = np.stack([np.cos(phi), np.sin(phi), -r], axis=-1)
    dw = -sign * shared_field(beta, x, residual)
    c, s = np.cos(phi), np.sin(phi)
    dphi = c * dw[..., 1] - s * dw[..., 0]
    dr = -dw[..., 2] - r * (c * dw[..., 0] + s * dw[..., 1])
    return dphi, dr


class FieldRegions(NamedTuple):
    """Activation regions of the sphere of directions and their sinks (:func:`field_regions`).

    ``pattern`` (R, N) bool: which data are active (β·x̃_j > 0); ``center`` (R, d + 1) a
    unit direction inside the region; ``V`` (R, d + 1) the constant field there; ``sink``
    and ``source`` (R, d + 1) ``∓sign·V/‖V‖`` (NaN where V = 0); ``sink_inside`` (R,)
    True where the sink lies in its own region (a genuine attractor).
    """

    pattern: np.ndarray
    center: np.ndarray
    V: np.ndarray
    sink: np.ndarray
    source: np.ndarray
    sink_inside: np.ndarray


def field_regions(x: np.ndarray, residual: np.ndarray, sign: float = 1.0) -> FieldRegions:
    """Enumerate the activation regions of the ReLU field and their sinks and sources.

    The great spheres ``β·x̃_j = 0`` cut ``S^d`` into regions of constant activation
    pattern, in each of which ``V`` is constant; ``β* = -sign(a)·V/‖V‖`` is the sink and
    ``-β*`` the source (appendix §A.8). A pattern ``s ∈ {0,1}^N`` is a region iff the
    linear programme ``max t`` s.t. ``(2s_j - 1) β·x̃_j ≥ t``, ``|β_k| ≤ 1`` has ``t > 0``.

    Parameters
    ----------
    x : data (N, d), N ≤ 14 (2^N patterns are tried);  residual : (N,)
    sign : ``sign(a_i)`` of the neurons considered (±1)

    Returns
    -------
    FieldRegions
    """
    xt = _augment(x)
    N, D = xt.shape
    if N > 14:
        raise ValueError(f"field_regions enumerates 2^N patterns: x must have at most 14 rows, "
                         f"got {N}")
    if sign not in (1, -1, 1.0, -1.0):
        raise ValueError(f"sign must be +1 or -1, got {sign!r}")
    pats, cents = [], []
    for bits in itertools.product((False, True), repeat=N):
        s = 2 * np.array(bits, float) - 1
        # variables (β, t); minimise -t subject to t - s_j β·x̃_j ≤ 0
        A = np.concatenate([-s[:, None] * xt, np.ones((N, 1))], axis=1)
        res = linprog(np.r_[np.zeros(D), -1.0], A_ub=A, b_ub=np.zeros(N),
                      bounds=[(-1, 1)] * D + [(None, 1)], method="highs")
        if res.status == 0 and -res.fun > 1e-9:
            beta = res.x[:D]
            pats.append(bits)
            cents.append(beta / np.linalg.norm(beta))
    pattern = np.array(pats, bool).reshape(-1, N)
    center = np.array(cents).reshape(-1, D)
    V = shared_field(center, x, residual)
    nv = np.linalg.norm(V, axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        sink = np.where(nv > 0, -sign * V / nv, np.nan)
    inside = np.array([bool(np.all(np.isfinite(sk))) and
                       bool(np.array_equal(xt @ sk > 0, p)) for sk, p in zip(sink, pattern,
                                                                             strict=True)])
    return FieldRegions(pattern, center, V, sink, -sink, inside)


# --------------------------------------------------------------------------------------
# clustering measures (paper §V-B, Experiment 3)
# --------------------------------------------------------------------------------------


def zero_plane_w2(beta_t: np.ndarray, beta_s: np.ndarray) -> float:
    """2-Wasserstein distance between two equal-size empirical sets of zero-planes.

    ``W2 = ( min_π (1/n) Σ_i ‖β_t,i - β_s,π(i)‖² )^{1/2}`` over permutations π, solved as
    an assignment problem (``scipy.optimize.linear_sum_assignment``; appendix §A.8).

    Parameters
    ----------
    beta_t, beta_s : (n, k) arrays (e.g. zero-plane directions at steps t and s)

    Returns
    -------
    float
    """
    bt, bs = np.asarray(beta_t, float), np.asarray(beta_s, float)
    if bt.ndim != 2 or bt.shape != bs.shape:
        raise ValueError(f"beta_t and beta_s must be (n, k) arrays of equal shape, got "
                         f"{bt.shape} and {bs.shape}")
    # the (n, n) cost matrix (plus the solver's copies)
    validate.check_memory(3.0 * bt.shape[0] ** 2,
                          "the number of zero-planes n (rows of beta_t and beta_s)")
    # squared distances from inner products (one matrix product, no (n, n, k) array)
    C = np.maximum((bt**2).sum(1)[:, None] + (bs**2).sum(1)[None, :] - 2.0 * bt @ bs.T, 0)
    rows, cols = linear_sum_assignment(C)
    # the matched distances from the differences themselves: exactly 0 for equal sets
    return float(np.sqrt(np.mean(np.sum((bt[rows] - bs[cols]) ** 2, axis=1))))


@dataclass(frozen=True)
class SpanBasis:
    """The row space of a matrix, as :func:`random_moves` uses it (:func:`span_basis`).

    Attributes
    ----------
    s : (r,) singular values above ``1e-10`` times the largest, descending.
    Q : (k, r) orthonormal basis of the row space, the matching right singular vectors.
    """

    s: np.ndarray
    Q: np.ndarray


def span_basis(span: Any) -> SpanBasis:
    """The row space of ``span`` (m, k) from one thin SVD ``span = U diag(s) Vᵀ``, keeping
    the singular values ``s > 1e-10 s_max`` (rank ≥ 2 required).

    :func:`random_moves` computes it from a ``span`` array at every call; computing it
    once and passing the result saves the SVD when many calls share one span (at MNIST's
    size, ``[x, 1]`` is 60 000 × 785).
    """
    V = validate.array(span, "span", ndim=2, min_size=1)
    _, s, vt = np.linalg.svd(V, full_matrices=False)
    keep = s > 1e-10 * s.max()
    if keep.sum() < 2:
        raise ValueError(f"span must have rank >= 2, got rank {int(keep.sum())}")
    return SpanBasis(s[keep], vt[keep].T)


def random_moves(beta: np.ndarray, distances: np.ndarray | Sequence[float],
                 rng: np.random.Generator, *, span: Any = None,
                 shaped: bool = False) -> np.ndarray:
    """Move each unit direction by a given distance in a uniformly random direction.

    A null model for clustering (appendix §A.8): zero-planes that move as far as
    training moved them, but at random. Row ``i`` of ``beta`` moves along a great circle
    of the sphere, in the tangent direction ``u_i = P_i g_i/‖P_i g_i‖`` with
    ``P_i = I - β_iβ_iᵀ`` and ``g_i`` a standard Gaussian vector, by the angle
    ``2 arcsin(δ_i/2)``, so that the chord ``‖β'_i - β_i‖`` equals ``δ_i``:
    ``β'_i = cos(2 arcsin(δ_i/2)) β_i + sin(2 arcsin(δ_i/2)) u_i``.

    Without ``span``, ``g_i ~ N(0, I_k)`` (uniform tangent directions). With ``span``,
    ``g_i = Q z_i``, ``z_i ~ N(0, I_r)``, where the columns of ``Q`` are an orthonormal
    basis of the row space of ``span`` (rank ``r``): the moves are isotropic *within*
    that subspace. Gradient descent moves ``(w_i, b_i)`` only within the span of the
    augmented data ``(x_j, 1)``, so ``span = [x, 1]`` is the null model of moves the
    data allows. With ``shaped=True``, ``g_i = spanᵀ z_i``, ``z_i ~ N(0, I_m)``: a
    random combination of the rows, Gaussian with covariance ``spanᵀ span``, like a
    gradient step ``Σ_j r_j (x_j, 1)`` with random residuals ``r_j`` (it favours the
    directions along which the data vary most).

    Parameters
    ----------
    beta : (n, k) array of unit vectors, ``k ≥ 2``
    distances : (n,) chord lengths ``δ_i`` in ``[0, 2]``
    rng : numpy random generator
    span : optional (m, k) array whose rows span the subspace of move directions
        (rank ≥ 2; singular values below ``1e-10`` times the largest are dropped), or its
        :func:`span_basis` (the same moves, without the SVD)
    shaped : with ``span``: draw ``g_i`` with covariance ``spanᵀ span`` instead of
        isotropically within the subspace

    Returns
    -------
    (n, k) array of unit vectors ``β'_i`` with ``‖β'_i - β_i‖ = δ_i``
    """
    B = np.asarray(beta, float)
    dist = np.asarray(distances, float)
    if B.ndim != 2 or B.shape[1] < 2 or not np.allclose(np.linalg.norm(B, axis=1), 1.0):
        raise ValueError(f"beta must be an (n, k) array of unit rows with k >= 2, "
                         f"got shape {B.shape}")
    if dist.shape != (len(B),) or not np.all((dist >= 0) & (dist <= 2)):
        raise ValueError(f"distances must be {len(B)} numbers in [0, 2], got {dist}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator, got {type(rng).__name__}")
    if shaped and span is None:
        raise ValueError("shaped=True needs a span")
    if span is None:
        u = rng.normal(size=B.shape)
    else:
        basis = span if isinstance(span, SpanBasis) else span_basis(span)
        sv, Q = basis.s, basis.Q
        if Q.shape[0] != B.shape[1]:
            raise ValueError(f"span must have {B.shape[1]} columns (as beta), "
                             f"got {Q.shape[0]}")
        if shaped:  # covariance Q diag(s²) Qᵀ = spanᵀ span, as for spanᵀ z
            u = (rng.normal(size=(len(B), Q.shape[1])) * sv) @ Q.T
        else:
            u = rng.normal(size=(len(B), Q.shape[1])) @ Q.T
    u -= (u * B).sum(1, keepdims=True) * B
    norm = np.linalg.norm(u, axis=1, keepdims=True)
    if np.any(norm == 0):
        raise ValueError("a row of beta has no tangent direction within span")
    u /= norm
    angle = 2 * np.arcsin(dist / 2)
    return np.cos(angle)[:, None] * B + np.sin(angle)[:, None] * u


KERNELS = ("cosine", "gaussian")


def similarity_matrix(beta: np.ndarray, kernel: str = "cosine", h: float | None = None
                      ) -> np.ndarray:
    """Similarity of zero-planes: cosine ``S = β̂β̂ᵀ`` (rows normalised) or Gaussian
    ``S_ij = exp(-‖β_i - β_j‖²/h)`` (``h`` default: median squared pairwise distance).

    ``beta`` (n, k); returns (n, n).
    """
    B = np.asarray(beta, float)
    if B.ndim != 2 or len(B) < 2:
        raise ValueError(f"beta must be an (n, k) array with n ≥ 2, got shape {B.shape}")
    if kernel not in KERNELS:
        raise ValueError(f"kernel must be one of {KERNELS}, got {kernel!r}")
    if kernel == "cosine":
        Bn = B / np.linalg.norm(B, axis=1, keepdims=True)
        return Bn @ Bn.T
    D2 = ((B[:, None, :] - B[None, :, :]) ** 2).sum(-1)
    if h is None:
        h = float(np.median(D2[np.triu_indices(len(B), 1)]))
        h = h if h > 0 else 1.0
    if not (isinstance(h, int | float) and h > 0):
        raise ValueError(f"h must be a positive number or None, got {h!r}")
    return np.exp(-D2 / h)


def similarity_auc(beta: np.ndarray, kernel: str = "cosine", h: float | None = None
                   ) -> tuple[np.ndarray, np.ndarray, float]:
    """Cumulative normalised eigenvalue curve of the similarity matrix and its AUC.

    Eigenvalues ``λ_1 ≥ … ≥ λ_n ≥ 0`` of ``S`` (:func:`similarity_matrix`), normalised to
    sum 1; the curve is ``(k/n, Σ_{m≤k} λ_m)`` for k = 0..n and the AUC its trapezoidal area
    (appendix §A.8, paper Fig. 9f). One tight cluster gives ``1 - 1/(2n)``, equal
    eigenvalues ``1/2``. The cosine ``S`` has rank ≤ k (the dimension of β), so for
    n > k the curve saturates at k/n whatever the clustering; the Gaussian similarity is
    full rank.

    Returns
    -------
    (fractions (n + 1,), cumulative (n + 1,), auc)
    """
    S = similarity_matrix(beta, kernel, h)
    lam = np.clip(np.linalg.eigvalsh(S)[::-1], 0.0, None)
    lam = lam / lam.sum()
    n = len(lam)
    frac = np.arange(n + 1) / n
    cum = np.r_[0.0, np.cumsum(lam)]
    return frac, cum, float(np.trapezoid(cum, frac))


def sort_by_cluster(S: np.ndarray) -> np.ndarray:
    """Order of rows/columns that puts clusters of a similarity matrix together.

    Average-linkage hierarchical clustering (optimal leaf ordering) on the kernel distance
    ``D_ij² = S_ii + S_jj - 2 S_ij``. Use as ``S[np.ix_(o, o)]``.

    Returns
    -------
    permutation (n,) of ``range(n)``
    """
    S = np.asarray(S, float)
    if S.ndim != 2 or S.shape[0] != S.shape[1] or not np.allclose(S, S.T):
        raise ValueError(f"S must be a symmetric (n, n) matrix, got shape {S.shape}")
    if len(S) < 3:
        return np.arange(len(S))
    dg = np.diag(S)
    D = np.sqrt(np.clip(dg[:, None] + dg[None, :] - 2 * S, 0, None))
    np.fill_diagonal(D, 0.0)
    Z = linkage(squareform(D, checks=False), method="average", optimal_ordering=True)
    return leaves_list(Z)


def network_line_magnitude(w: np.ndarray, b: np.ndarray, a: np.ndarray, act: Any,
                           rhos: Sequence[float] | np.ndarray, decimals: int = 8
                           ) -> np.ndarray:
    """Fourier mass of a finite network's lines at radius ρ: ``Σ_lines |height(±ρ)|``.

    The finite-network stand-in for the total magnitude ``M(ρ) = ∫_{|ξ|=ρ} |f̂(ξ)| dS``
    (appendix §A.4), computed exactly from the weights (not from a sampled grid as
    :func:`radonbook.spectral.total_magnitude`). ``f̂`` of ``Σ_i a_i σ(w_i·x + b_i)`` is
    supported on the lines ``ξ = ω θ_i``: neuron i
    puts ``(2π)^{d-1} a_i σ̂(ω/α_i) e^{-iω r_i}/α_i`` (``α_i = ‖w_i‖``, ``r_i = -b_i/α_i``)
    on its line. Neurons with equal ``θ`` (rounded to ``decimals``) interfere; ``±θ`` are
    merged. The sum over lines of |height| at ``ω = ±ρ`` is returned, *without* the constant
    ``(2π)^{d-1}`` (a singular density cannot be integrated over the sphere; this is the
    mass of the sphere's intersections with the lines). For ``k`` outputs the magnitudes
    of the outputs are added.

    Returns
    -------
    (len(rhos),) array
    """
    act = activations.resolve(act, name="act")
    if not hasattr(act, "fourier"):
        raise TypeError("act must provide fourier(omega) (a radonbook.activations.Activation)")
    w, b = np.asarray(w, float), np.asarray(b, float)
    a = np.asarray(a, float)
    a = a[:, None] if a.ndim == 1 else a
    alpha = np.linalg.norm(w, axis=1)
    theta, r = w / alpha[:, None], -b / alpha
    flip = (theta[:, 0] < 0) | ((theta[:, 0] == 0) & (theta[:, -1] < 0))
    sgn = np.where(flip, -1.0, 1.0)
    key = np.round(theta * sgn[:, None], decimals)
    _, group = np.unique(key, axis=0, return_inverse=True)
    rhos = np.asarray(rhos, float)
    out = np.zeros(len(rhos))
    for s in (1.0, -1.0):  # the two points ±ρθ on the sphere
        om = s * sgn[:, None] * rhos[None, :]  # (n, P): ω along the neuron's own θ
        sig = act.fourier(om / alpha[:, None]).reshape(om.shape)
        height = sig * np.exp(-1j * om * r[:, None]) / alpha[:, None]  # (n, P)
        for k in range(a.shape[1]):
            tot = np.zeros((group.max() + 1, len(rhos)), complex)
            np.add.at(tot, group.ravel(), a[:, k, None] * height)
            out += np.abs(tot).sum(0)
    return out


# --------------------------------------------------------------------------------------
# experiments of the adaptive-regime chapters (chapters 7 and 8)
# --------------------------------------------------------------------------------------


#: the most gradient-descent steps :func:`fit_shallow` and :func:`regime_sweep` take
MAX_STEPS = 10**6


def fit_shallow(x: Any, y: Any, act: Any, *, scale_w: float, scale_a: float = 2.0,
                n: int = 30, steps: int = 600, lr: float = 0.05, every: int = 5,
                rng: validate.RNGLike = 0) -> Any:
    """Train a fresh scalar-output :class:`ShallowNet` by full-batch gradient descent.

    ``w̃ ← w̃ - lr ∇L`` for every parameter, ``L = (1/2N) Σ_j (f(x_j) - y_j)²``
    (appendix §A.8), from the initialisation of :class:`ShallowNet` with
    ``init_scale_w = scale_w``, ``init_scale_a = scale_a`` (``δ_i ≈ s_a²/n - 2 s_w²``:
    adaptive for small ``s_w``), through :func:`radonbook.training.train` with the
    parameters recorded every ``every`` steps.

    Parameters
    ----------
    x, y : data (N, d) and targets (N,)
    act : the activation σ
    scale_w, scale_a : ``s_w``, ``s_a`` (> 0)
    n : neurons;  steps, lr, every : as in :func:`radonbook.training.train`
        (``steps`` at most :data:`MAX_STEPS`)
    rng : SPEC 7 randomness of the initialisation

    Returns
    -------
    radonbook.training.History
        with the records ``w``, ``b``, ``a``, ``a0`` (one snapshot per record)
    """
    from radonbook import training

    x = validate.array(x, "x", ndim=2)
    steps = validate.count(steps, "steps", minimum=0, maximum=MAX_STEPS)
    net = ShallowNet(x.shape[1], validate.count(n, "n"), act,
                     init_scale_w=validate.real(scale_w, "scale_w", positive=True),
                     init_scale_a=validate.real(scale_a, "scale_a", positive=True), rng=rng)
    return training.train(net, x, y, steps=steps, lr=lr, every=every, record="params")


def inside_sinks(x: np.ndarray, residual: np.ndarray, sign: float = 1.0, *,
                 atol: float = 1e-6) -> tuple[np.ndarray, np.ndarray]:
    """Cylinder coordinates ``(φ, r)`` of the ReLU sinks that lie in their own region.

    The sinks ``β* = -sign·V/‖V‖`` of :func:`field_regions` (appendix §A.8) that are
    genuine attractors, mapped by :func:`beta_to_cylinder` (d = 2). Once the residuals
    vanish (``‖e‖ < atol``) the field is zero and there are none. A sink with ``w = 0``
    (``β = (0, 0, ±1)``) has no zero-plane and is left out.

    Returns
    -------
    (phi, r), two arrays of equal length (possibly 0)
    """
    x = validate.array(x, "x", shape=(None, 2))
    e = validate.array(residual, "residual", ndim=1)
    atol = validate.real(atol, "atol", nonnegative=True)
    if np.linalg.norm(e) < atol:
        return np.array([]), np.array([])
    reg = field_regions(x, e, sign=sign)
    sinks = reg.sink[reg.sink_inside]
    return beta_to_cylinder(sinks[np.hypot(sinks[:, 0], sinks[:, 1]) > 0])


def _check_seeds(seeds: Any) -> None:
    if not isinstance(seeds, Sequence) or isinstance(seeds, str):
        raise TypeError(f"seeds must be a sequence of seeds, got {type(seeds).__name__}")
    if len(seeds) == 0:
        raise ValueError("seeds must hold at least one seed")


@dataclass(frozen=True)
class CreaseProbe:
    """Result of :func:`crease_probe`: the network ``net`` (drawn ``draw``-th, from 1),
    the ``neuron`` whose landscape shows every wanted kind of crease, and its
    :class:`BoundaryClasses` ``classes``."""

    net: ShallowNet
    neuron: int
    draw: int
    classes: BoundaryClasses


def crease_probe(x: np.ndarray, y: np.ndarray, thetas: np.ndarray, seeds: Sequence[int], *,
                 kinds: Sequence[str] = BOUNDARY_TYPES[:5], n: int = 4, act: Any = "relu",
                 init_scale_w: float = 1.0, init_scale_a: float = 2.0) -> CreaseProbe:
    """The first drawn network with a neuron whose landscape shows every kind of crease.

    Draws ``ShallowNet(d, n, act, init_scale_w, init_scale_a, rng=s)`` for the seeds
    in turn and returns the first neuron ``i`` for which the labels of
    :func:`classify_boundaries` (the one-sided slopes ``∂L_i/∂r`` across the data
    curves ``r = θ·x_j``, appendix §A.8, paper §IV-A1) contain every label of ``kinds``.

    Raises
    ------
    ValueError
        if ``kinds`` holds an unknown label, or no seed gives such a neuron
    """
    if not isinstance(kinds, Sequence) or isinstance(kinds, str):
        raise TypeError(f"kinds must be a sequence of labels, got {type(kinds).__name__}")
    kinds = [validate.choice(k, "kinds", BOUNDARY_TYPES) for k in kinds]
    _check_seeds(seeds)
    x = validate.array(x, "x", ndim=2)
    for draw, s in enumerate(seeds, start=1):
        net = ShallowNet(x.shape[1], n, act, init_scale_w=init_scale_w,
                         init_scale_a=init_scale_a, rng=s)
        for i in range(net.n):
            cls = classify_boundaries(net, i, x, y, thetas)
            if set(kinds) <= set(cls.label.ravel()):
                return CreaseProbe(net, i, draw, cls)
    raise ValueError(f"none of the {len(seeds)} seeds gives a neuron with every kind of "
                     f"crease in {kinds}: pass more seeds")


def active_counts(w: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """How many data points each ReLU neuron is active on: ``#{j : w_i·x_j + b_i > 0}``.

    ``0``: the neuron is dead on the data (zero ReLU gradient: it never moves); ``N``:
    it is linear on the data (no crease holds its zero-plane); in between its
    zero-plane separates the data (appendix §A.8). ``w`` (..., n, d), ``b`` (..., n),
    ``x`` (N, d); returns integers (..., n).
    """
    w = validate.array(w, "w", ndim=range(2, 10))
    b = validate.array(b, "b")
    x = validate.array(x, "x", ndim=2)
    if b.shape != w.shape[:-1] or x.shape[1] != w.shape[-1]:
        raise ValueError(f"w (..., n, d), b (..., n) and x (N, d) disagree: shapes "
                         f"{w.shape}, {b.shape}, {x.shape}")
    return (np.einsum("...nd,Nd->...nN", w, x) + b[..., None] > 0).sum(-1)


@dataclass(frozen=True)
class PinningTrace:
    """Result of :func:`pinning_trace`, over T snapshots of n neurons on N data points.

    Attributes
    ----------
    distance : (T, n) distance of each zero-plane to its nearest data point
    median : (T,) median of ``distance`` over the neurons
    k_min : the snapshot of the smallest median
    active : (T, n) data points each neuron is active on (:func:`active_counts`)
    separating : (T, n) ``0 < active < N``: the zero-plane has data on both sides
    pinned : (T,) fraction of the neurons within ``tol`` of a data point
    left : (n,) within ``tol`` at ``k_min`` but not at the end
    tol : the pinning tolerance
    """

    distance: np.ndarray
    median: np.ndarray
    k_min: int
    active: np.ndarray
    separating: np.ndarray
    pinned: np.ndarray
    left: np.ndarray
    tol: float

    def median_separating(self, k: int) -> float:
        """Median distance over the zero-planes that separate the data at snapshot k
        (NaN if none does)."""
        sel = self.separating[k]
        return float(np.median(self.distance[k][sel])) if sel.any() else math.nan


def pinning_trace(w: np.ndarray, b: np.ndarray, x: np.ndarray, tol: float = 0.02
                  ) -> PinningTrace:
    """Distances of a training history's zero-planes to the data, and who is pinned.

    ``dist_i(t) = min_j |w_i(t)·x_j + b_i(t)| / ‖w_i(t)‖`` (:func:`plane_data_distance`,
    appendix §A.2); a zero-plane is *pinned* when ``dist_i < tol``. The activity counts
    (:func:`active_counts`) tell the zero-planes that separate the data, which a crease
    can hold, from those that are dead or linear on the data (appendix §A.8).

    Parameters
    ----------
    w : (T, n, d), b : (T, n) snapshots (e.g. ``history["w"]``, ``history["b"]``)
    x : data (N, d);  tol : pinning tolerance (> 0)

    Returns
    -------
    PinningTrace
    """
    w = validate.array(w, "w", ndim=3)
    if np.any(np.all(w == 0, axis=-1)):
        raise ValueError("w has a zero row: a neuron with w = 0 has no zero-plane")
    b = validate.array(b, "b", shape=w.shape[:2])
    tol = validate.real(tol, "tol", positive=True)
    act = active_counts(w, b, x)
    D = plane_data_distance(w, b, x)
    med = np.median(D, axis=1)
    k = int(np.argmin(med))
    return PinningTrace(distance=D, median=med, k_min=k, active=act,
                        separating=(act > 0) & (act < len(x)), pinned=(D < tol).mean(1),
                        left=(D[k] < tol) & (D[-1] >= tol), tol=tol)


@dataclass(frozen=True)
class RegimeSweep:
    """Result of :func:`regime_sweep`: per draw (rows) and scale ``s_w`` (columns).

    ``delta`` mean ``δ_i`` at initialisation; ``move`` mean ``‖β_i(T) - β_i(0)‖``;
    ``pinned`` fraction within ``tol`` at the end; ``auc0``, ``auc1`` Gaussian-similarity
    AUC at start and end; ``med0``, ``med1`` median distance to the data at start and
    end; all (R, S). ``scales`` (S,).
    """

    scales: np.ndarray
    delta: np.ndarray
    move: np.ndarray
    pinned: np.ndarray
    auc0: np.ndarray
    auc1: np.ndarray
    med0: np.ndarray
    med1: np.ndarray

    def mean(self, field_name: str) -> np.ndarray:
        """Mean over the draws of one field, shape (S,)."""
        if field_name == "scales" or field_name not in self.__dataclass_fields__:
            raise ValueError(f"field_name must name a per-draw field of RegimeSweep, "
                             f"got {field_name!r}")
        return getattr(self, field_name).mean(0)


def regime_sweep(x: np.ndarray, y: np.ndarray, scales: Any, seeds: Sequence[int], *,
                 act: Any = "relu", scale_a: float = 2.0, n: int = 30, lr: float = 0.05,
                 steps: int = 600, tol: float = 0.02, h: float = 0.1) -> RegimeSweep:
    """Sweep the input-weight scale ``s_w`` from the adaptive to the kernel regime.

    For each seed (draw) and ``s_w``: :func:`fit_shallow` with step ``lr/max(1, s_w²)``
    (stable for large weights), then ``δ_i = a_i² - ‖w_i‖² - b_i²`` at initialisation
    (appendix §A.2), the movement ``‖β_i(T) - β_i(0)‖``, pinning (:func:`pinning_trace`)
    and the Gaussian-similarity AUC with bandwidth ``h`` (:func:`similarity_auc`,
    appendix §A.8). Scaling ``(w, b)`` leaves ``β`` unchanged, so within a draw all
    scales start from the same zero-planes.

    Returns
    -------
    RegimeSweep
    """
    scales = validate.array(scales, "scales", ndim=1, min_size=1)
    if np.any(scales <= 0):
        raise ValueError(f"scales must be positive, got {scales}")
    _check_seeds(seeds)
    steps = validate.count(steps, "steps", minimum=1, maximum=MAX_STEPS)
    out = {k: np.zeros((len(seeds), len(scales)))
           for k in ("delta", "move", "pinned", "auc0", "auc1", "med0", "med1")}
    for j, sd in enumerate(seeds):
        for i, s in enumerate(scales):
            hist = fit_shallow(x, y, act, scale_w=float(s), scale_a=scale_a, n=n,
                               steps=steps, lr=lr / max(1.0, s**2), every=steps, rng=sd)
            B = betas(hist["w"], hist["b"])
            tr = pinning_trace(hist["w"], hist["b"], x, tol)
            out["delta"][j, i] = reparam.delta(hist["w"][0], hist["b"][0],
                                               hist["a"][0]).mean()
            out["move"][j, i] = np.linalg.norm(B[-1] - B[0], axis=1).mean()
            out["pinned"][j, i] = tr.pinned[-1]
            out["med0"][j, i], out["med1"][j, i] = tr.median[[0, -1]]
            out["auc0"][j, i] = similarity_auc(B[0], "gaussian", h=h)[2]
            out["auc1"][j, i] = similarity_auc(B[-1], "gaussian", h=h)[2]
    return RegimeSweep(scales=scales, **out)


@dataclass(frozen=True)
class ClassifierConfig:
    """Mini-batch SGD set-up of the digit experiments (paper §V-B, Experiments 3-4).

    ``n`` hidden neurons, mini-batches of ``batch_size``, ``batches_per_epoch`` steps
    per epoch, step size ``lr``, ``epochs`` epochs, the first ``adaptive_epochs`` of
    them adaptive in Experiment 4; the networks' precision ``dtype`` (``"float64"`` or
    ``"float32"``, :class:`ShallowNet`).
    """

    n: int
    batch_size: int
    batches_per_epoch: int
    lr: float
    epochs: int = 10
    adaptive_epochs: int = 2
    dtype: str = "float64"

    def __post_init__(self) -> None:
        for name in ("n", "batch_size", "batches_per_epoch", "epochs", "adaptive_epochs"):
            validate.count(getattr(self, name), name)
        validate.real(self.lr, "lr", positive=True)
        if self.adaptive_epochs > self.epochs:
            raise ValueError(f"adaptive_epochs must be at most epochs ({self.epochs}), "
                             f"got {self.adaptive_epochs}")
        validate.choice(self.dtype, "dtype", DTYPES)


def classifier_config(scale: str = "book") -> ClassifierConfig:
    """The chapter's set-up: ``"book"`` (8 × 8 digits: 64 neurons, batches of 64, 21 per
    epoch, double precision) or ``"paper"`` (MNIST: 256 neurons, 25 batches of 256, single
    precision, PyTorch's default); SGD step 0.5, 10 epochs, 2 of them adaptive in
    Experiment 4."""
    scale = validate.choice(scale, "scale", ("book", "paper"))
    if scale == "paper":
        return ClassifierConfig(n=256, batch_size=256, batches_per_epoch=25, lr=0.5,
                                dtype="float32")
    return ClassifierConfig(n=64, batch_size=64, batches_per_epoch=21, lr=0.5)


def make_classifier(act: Any, d: int, cfg: ClassifierConfig, rng: validate.RNGLike = 0
                    ) -> ShallowNet:
    """A 10-class :class:`ShallowNet` of the digit experiments (appendix §A.2).

    ``w_ik ~ N(0, 1/d)``, ``b_i ~ N(0, 0.25)``, ``a_ik ~ N(0, 1/n)``, a trainable output
    bias starting at 0; ``n = cfg.n``, precision ``cfg.dtype``.
    """
    if not isinstance(cfg, ClassifierConfig):
        raise TypeError(f"cfg must be a ClassifierConfig, got {type(cfg).__name__}")
    return ShallowNet(validate.count(d, "d"), cfg.n, act, init_scale_w=1.0,
                      init_scale_a=1.0, init_scale_b=0.5, out=10, out_bias=True, rng=rng,
                      dtype=cfg.dtype)


def fit_classifier(net: ShallowNet, ds: Any, cfg: ClassifierConfig, epochs: int,
                   rng: validate.RNGLike = 0, *, regime: str = "adaptive",
                   history: Any = None, every: int = 1,
                   metrics_every: int | None = None) -> Any:
    """Train ``net`` on ``ds`` for ``epochs`` epochs of mini-batch SGD on cross-entropy.

    ``θ ← θ - lr ∇L_B``, ``L_B`` the mean cross-entropy of the logits on a mini-batch
    (:func:`radonbook.training.train`, appendix §A.8); ``regime="kernel"`` trains only
    the output layer. Test loss and accuracy on ``ds.x_test``; the parameters are
    recorded every ``every`` steps.

    Parameters
    ----------
    net : a 10-output network (:func:`make_classifier`)
    ds : a :class:`radonbook.data.Dataset`
    cfg : the :class:`ClassifierConfig`;  epochs : number of epochs (≥ 1)
    rng : SPEC 7 randomness of the mini-batch order
    regime, history, every, metrics_every : as in :func:`radonbook.training.train`

    Returns
    -------
    radonbook.training.History
    """
    from radonbook import data, training

    if not isinstance(ds, data.Dataset):
        raise TypeError(f"ds must be a radonbook.data.Dataset, got {type(ds).__name__}")
    if not isinstance(cfg, ClassifierConfig):
        raise TypeError(f"cfg must be a ClassifierConfig, got {type(cfg).__name__}")
    epochs = validate.count(epochs, "epochs")
    return training.train(net, ds.x_train, ds.y_train, loss="ce", optimizer="sgd",
                          steps=epochs * cfg.batches_per_epoch, lr=cfg.lr,
                          batch_size=cfg.batch_size, steps_per_epoch=cfg.batches_per_epoch,
                          every=every, metrics_every=metrics_every, x_test=ds.x_test,
                          y_test=ds.y_test, regime=regime, rng=rng, history=history,
                          record="params")


@dataclass(frozen=True)
class DigitRun:
    """Result of :func:`digit_experiment` for one activation and one draw.

    Experiment 3 (adaptive throughout): final training/test ``loss``, ``test_loss``,
    ``acc``, ``test_acc``; Experiment 4 (kernel finish): ``loss4``, ``test_loss4``.
    ``auc0``, ``auc1``: cosine-similarity AUC of the zero-planes at start and end;
    ``null95``, ``null95s``: 95th percentiles of the AUC after random moves of the
    same sizes (isotropic within the data span, and shaped by the data);
    ``move_first``, ``move_last``: ``W2`` between the zero-planes at the ends of the
    first and of the last epoch; ``move_total``: ``W2`` between the first and the last
    record; ``w2``: ``W2`` between consecutive records;
    ``similarity``: the final similarity matrix; ``magnitude``: the Fourier mass of the
    final network at the radii ``rhos``; ``alpha_max``: ``max_i ‖w_i‖`` at the end;
    ``exp3``, ``exp4``: the two training histories (metrics only).
    """

    loss: float
    test_loss: float
    acc: float
    test_acc: float
    loss4: float
    test_loss4: float
    auc0: float
    auc1: float
    null95: float
    null95s: float
    move_first: float
    move_last: float
    move_total: float
    w2: np.ndarray
    similarity: np.ndarray
    magnitude: np.ndarray
    alpha_max: float
    exp3: Any
    exp4: Any


def digit_experiment(act: Any, ds: Any, cfg: ClassifierConfig, seeds: Sequence[int],
                     null_rng: np.random.Generator, *, rhos: Any, n_null: int = 30,
                     every: int | None = None, metrics_every: int | None = None,
                     null_span: SpanBasis | None = None) -> DigitRun:
    """Experiments 3 and 4 of the paper (§V-B) for one activation and one draw.

    With ``seeds = (init, order, late)``: a :func:`make_classifier` network from
    ``init`` trains adaptively for ``cfg.adaptive_epochs`` epochs (mini-batch order
    ``order``); a copy finishes in the kernel regime (Experiment 4), the original
    adaptively (Experiment 3), both on the same mini-batches (``late``). From the
    zero-plane directions ``β_i = (w_i, b_i)/‖(w_i, b_i)‖`` of Experiment 3: the
    similarity AUC (:func:`similarity_auc`), the ``W2`` distances
    (:func:`zero_plane_w2`), the null model of ``n_null`` random moves of every
    zero-plane by its own distance ``‖β_i(T) - β_i(0)‖`` within the span of the
    augmented data ``(x_j, 1)`` (:func:`random_moves`, isotropic then shaped; drawn
    from ``null_rng`` in that order), and the Fourier mass (:func:`network_line_magnitude`)
    (appendix §A.4, §A.8).

    Parameters
    ----------
    act : the activation;  ds : :class:`radonbook.data.Dataset`;  cfg : ClassifierConfig
    seeds : three seeds (initialisation, early and late mini-batch order)
    null_rng : numpy Generator of the null model
    rhos : radii of the Fourier mass
    n_null : random moves per zero-plane (≥ 1)
    every : record every this many steps (default: once per epoch)
    metrics_every : the losses and accuracies of both experiments only at the steps
        that are multiples of this (:func:`radonbook.training.train`; default: at every
        record, Experiment 4's once per epoch); it must divide the
        ``cfg.epochs * cfg.batches_per_epoch`` steps of training. With ``every=1`` and
        ``metrics_every`` one epoch, the parameters are kept at every step but the
        network is evaluated on all the data only once per epoch; with ``metrics_every``
        all the steps, only at the start and at the end, enough for the final values
        (at MNIST's size an evaluation costs about 100 steps).
    null_span : :func:`span_basis` of the augmented data ``[x_train, 1]``; computed
        if ``None`` (pass it to share one SVD between the calls on one data set).

    Returns
    -------
    DigitRun
    """
    import copy

    from radonbook import data

    if not isinstance(ds, data.Dataset):
        raise TypeError(f"ds must be a radonbook.data.Dataset, got {type(ds).__name__}")
    if not isinstance(cfg, ClassifierConfig):
        raise TypeError(f"cfg must be a ClassifierConfig, got {type(cfg).__name__}")
    if not isinstance(seeds, Sequence) or isinstance(seeds, str):
        raise TypeError(f"seeds must be a sequence of three seeds, got "
                        f"{type(seeds).__name__}")
    if len(seeds) != 3:
        raise ValueError(f"seeds must be three seeds (init, order, late), got {len(seeds)}")
    if not isinstance(null_rng, np.random.Generator):
        raise TypeError(f"null_rng must be a numpy Generator, got {type(null_rng).__name__}")
    n_null = validate.count(n_null, "n_null")
    rhos = validate.array(rhos, "rhos", ndim=1, min_size=1)
    ep = cfg.batches_per_epoch
    every = ep if every is None else validate.count(every, "every")
    if metrics_every is not None and (cfg.epochs * ep) % validate.count(
            metrics_every, "metrics_every"):
        raise ValueError(f"metrics_every must divide the {cfg.epochs * ep} steps of "
                         f"training (for the final values), got {metrics_every}")
    if null_span is None:
        null_span = span_basis(np.hstack([ds.x_train, np.ones((len(ds.x_train), 1))]))
    elif not isinstance(null_span, SpanBasis):
        raise TypeError(f"null_span must be a SpanBasis or None, got "
                        f"{type(null_span).__name__}")
    init, order, late = seeds
    net = make_classifier(act, ds.x_train.shape[1], cfg, init)
    h = fit_classifier(net, ds, cfg, cfg.adaptive_epochs, order, every=every,
                       metrics_every=metrics_every)
    net4, h4 = copy.deepcopy(net), copy.deepcopy(h)
    rest = cfg.epochs - cfg.adaptive_epochs
    if rest:
        fit_classifier(net, ds, cfg, rest, late, history=h, every=every,
                       metrics_every=metrics_every)
        fit_classifier(net4, ds, cfg, rest, late, regime="kernel", history=h4, every=ep,
                       metrics_every=metrics_every)
    # one record at a time: at MNIST's size the stacked records are ~1 GB
    B = [betas(w, b) for w, b in zip(h.records["w"], h.records["b"], strict=True)]
    Be = [B[k] for k in np.flatnonzero(h["step"] % ep == 0)]  # the epoch boundaries
    moved = np.linalg.norm(B[-1] - B[0], axis=1)
    null95 = []
    for shaped in (False, True):
        moves = random_moves(np.tile(B[0], (n_null, 1)), np.tile(moved, n_null), null_rng,
                             span=null_span, shaped=shaped).reshape(n_null, *B[0].shape)
        null95.append(float(np.quantile([similarity_auc(m)[2] for m in moves], 0.95)))
    w_end = h.records["w"][-1]
    run = DigitRun(
        loss=float(h["loss"][-1]), test_loss=float(h["test_loss"][-1]),
        acc=float(h["acc"][-1]), test_acc=float(h["test_acc"][-1]),
        loss4=float(h4["loss"][-1]), test_loss4=float(h4["test_loss"][-1]),
        auc0=similarity_auc(B[0])[2], auc1=similarity_auc(B[-1])[2],
        null95=null95[0], null95s=null95[1],
        move_first=zero_plane_w2(Be[0], Be[1]), move_last=zero_plane_w2(Be[-2], Be[-1]),
        move_total=zero_plane_w2(B[0], B[-1]),
        w2=np.array([zero_plane_w2(B[k], B[k + 1]) for k in range(len(B) - 1)]),
        similarity=similarity_matrix(B[-1]),
        magnitude=network_line_magnitude(w_end, h.records["b"][-1], h.records["a"][-1],
                                         act, rhos),
        alpha_max=float(np.linalg.norm(w_end, axis=1).max()),
        exp3=h, exp4=h4)
    for key in ("w", "b", "a", "a0"):  # keep the metrics, free the parameter history
        h.records.pop(key)
        h4.records.pop(key)
    return run
