"""The one training loop of the book: gradient descent on a torch model, with records.

Every network the book trains goes through :func:`train`: the shallow networks of the
adaptive regime (:class:`radonbook.adaptive.ShallowNet`, mini-batches, chapters 7-8),
the two-layer ReLU nets of the NTK chapter (:func:`radonbook.ntk.two_layer_relu`, full
batch) and the linear model on fixed features of the kernel regime
(:class:`LinearModel`, used by :func:`radonbook.kernel.fit_gd`).

Conventions: loss ``"mse"`` is ``L = (1/2N) Σ_j ‖f(x_j) - y_j‖²`` (N the rows of the
batch); the reported *training MSE* is ``(1/N) Σ_j ‖f(x_j) - y_j‖² = 2L``. Loss ``"ce"``
is the mean cross-entropy of the logits. ``regime="kernel"`` trains only the output
layer (parameters named ``a`` and ``a0``), ``"adaptive"`` every trainable parameter.
Randomness (the mini-batch order) follows SPEC 7 through ``rng``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from tqdm.auto import tqdm

from radonbook import validate
from radonbook.validate import DTYPES

__all__ = [
    "DTYPES",
    "LOSSES",
    "OPTIMIZERS",
    "RECORDS",
    "REGIMES",
    "History",
    "LinearModel",
    "train",
]

#: the losses of :func:`train`
LOSSES = ("mse", "ce")
#: the optimisers of :func:`train`
OPTIMIZERS = ("sgd", "adam")
#: the regimes of :func:`train`: which parameters are trained
REGIMES = ("adaptive", "kernel")
#: what :func:`train` can record besides the metrics
RECORDS = ("params", "residual")

#: names of the output-layer parameters (the only ones trained in the kernel regime)
_OUTPUT_NAMES = ("a", "a0")
#: rows per block when :func:`train` evaluates a model on all of its data: a block's
#: hidden activations stay in the cache (2048 x 256 single-precision values are 2 MB),
#: where those of all the rows would go to memory and back at every elementwise step
#: of the activation (at MNIST's size this halves the time of an evaluation)
EVAL_ROWS = 2048


@dataclass
class History:
    """Metrics (and optionally parameters) recorded by :func:`train`.

    ``records[key]`` is a list with one entry per record; ``history[key]`` returns it as
    a numpy array. Keys always present: ``step`` (optimiser steps so far), ``epoch``
    (fractional: steps / steps per epoch), ``phase`` (the regime), ``loss`` (the
    training loss ``L``). With ``loss="mse"`` also ``mse`` (the training MSE ``2L``);
    with ``loss="ce"`` ``acc`` (training accuracy). With test data ``test_loss`` (and
    ``test_acc`` for ``"ce"``). With ``record`` containing ``"params"``: one key per
    parameter of the model (copies; for a ``ShallowNet`` ``w``, ``b``, ``a``, ``a0``);
    with ``"residual"``: ``residual``, ``f(x_j) - y_j`` on the training data.
    """

    records: dict[str, list] = field(default_factory=dict)

    def append(self, **values: Any) -> None:
        """Add one record (one value per key)."""
        for k, v in values.items():
            self.records.setdefault(k, []).append(v)

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self.records:
            raise KeyError(f"no record {key!r}; recorded: {sorted(self.records)}")
        return np.asarray(self.records[key])

    def __contains__(self, key: str) -> bool:
        return key in self.records

    def __len__(self) -> int:
        return len(self.records.get("step", []))


class LinearModel(torch.nn.Module):
    """The linear model on fixed features, ``f(Φ) = Φ c`` (the kernel regime).

    Its one parameter is named ``a`` (the output layer, so both regimes train it) and
    holds ``c``, shape (n,) (scalar output) or (n, k). :func:`train` computes its
    gradient ``∇L = Φᵀ(Φc - y)/N`` in closed form (the tensor autograd would give,
    without the graph).

    Parameters
    ----------
    c0 : (n,) or (n, k) array, the initial weights ``c``
    """

    def __init__(self, c0: Any):
        super().__init__()
        c = validate.array(c0, "c0")
        if c.ndim not in (1, 2) or c.shape[0] < 1:
            raise ValueError(f"c0 must have shape (n,) or (n, k), got {c.shape}")
        self.a = torch.nn.Parameter(torch.as_tensor(c, dtype=torch.float64).clone())

    @property
    def c(self) -> np.ndarray:
        """A numpy copy of the weights ``c``."""
        return self.a.detach().numpy().copy()

    def forward(self, phi: torch.Tensor) -> torch.Tensor:
        """``Φ c``: (N,) for (n,) weights, (N, k) for (n, k)."""
        return _as_tensor(phi) @ self.a


def _as_tensor(x: Any, dtype: torch.dtype = torch.float64) -> torch.Tensor:
    if isinstance(x, torch.Tensor):
        return x.to(dtype)
    arr = np.asarray(x, dtype=np.float64)
    return torch.as_tensor(arr if arr.flags.writeable else arr.copy()).to(dtype)


def _data_tensor(x: Any, name: str, dtype: torch.dtype) -> torch.Tensor:
    """Validated data as a tensor of ``dtype``, converted straight to it: without a copy
    for a numpy array of that type (:meth:`radonbook.data.Dataset.astype`)."""
    arr = validate.array(x, name, dtype=torch.empty(0, dtype=dtype).numpy().dtype)
    return torch.from_numpy(arr if arr.flags.writeable else arr.copy())


def _model_dtype(model: torch.nn.Module) -> torch.dtype:
    """The floating dtype of the model's parameters (float64 if it has none)."""
    for p in model.parameters():
        if p.is_floating_point():
            return p.dtype
    return torch.float64


def _forward(model: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor
             ) -> torch.Tensor:
    """``model(x)``, in blocks of ``EVAL_ROWS`` rows (called without gradients)."""
    if len(x) <= EVAL_ROWS:
        return model(x)
    return torch.cat([model(x[i:i + EVAL_ROWS]) for i in range(0, len(x), EVAL_ROWS)])


def _loss_fn(out: torch.Tensor, y: torch.Tensor, loss: str) -> torch.Tensor:
    """``(1/2N) Σ ‖out - y‖²`` (mse) or the mean cross-entropy (ce)."""
    if loss == "ce":
        return torch.nn.functional.cross_entropy(out, y)
    e = out - y
    return 0.5 * (e**2).sum() / out.shape[0]


def _check_target_shape(y_shape: tuple, n_rows: int, out: int | None,
                        name: str = "y") -> None:
    """Refuse targets whose shape does not match the model output (N,) or (N, k).

    Without this, ``f(x) - y`` with ``y`` of shape (N, 1) broadcasts to an (N, N)
    residual.
    """
    want = (n_rows,) if out is None else (n_rows, out)
    if tuple(y_shape) != want:
        raise ValueError(f"{name} must have shape {want} to match the model output, got "
                         f"{tuple(y_shape)}" + (" (flatten it, e.g. y.ravel())"
                                                 if tuple(y_shape) == (n_rows, 1) else ""))


def _check_labels(y: np.ndarray, k: int, name: str) -> np.ndarray:
    if y.ndim != 1:
        raise ValueError(f"{name} must be class labels of shape (N,), got shape {y.shape}")
    if np.any(y != np.round(y)) or np.any(y < 0) or np.any(y >= k):
        raise ValueError(f"{name} must be integer class labels in 0..{k - 1} (the model "
                         f"has {k} outputs)")
    return y.astype(np.int64)


def _prepare_targets(y: Any, out: int | None, loss: str, name: str = "y",
                     dtype: torch.dtype = torch.float64) -> torch.Tensor:
    """Targets as a tensor: labels for ``ce``, one-hot rows for labels with ``mse``."""
    arr = validate.array(y, name)
    if arr.ndim == 0:
        raise ValueError(f"{name} must have one row per point of x, got a scalar")
    if loss == "ce":
        if out is None:
            raise ValueError("loss='ce' needs a model with k outputs (k classes), "
                             "returning (N, k) logits")
        return torch.as_tensor(_check_labels(arr, out, name), dtype=torch.long)
    yt = _as_tensor(arr, dtype)
    if out is not None and yt.ndim == 1:  # class labels -> one-hot targets
        yt = torch.nn.functional.one_hot(
            torch.as_tensor(_check_labels(arr, out, name)), out).to(dtype)
    return yt


def _output_size(model: torch.nn.Module, x: torch.Tensor, name: str) -> int | None:
    """``None`` for a model returning (N,), ``k`` for (N, k); probes one row of x."""
    try:
        with torch.no_grad():
            o = model(x[:1])
    except (RuntimeError, IndexError, ValueError) as err:
        raise ValueError(f"{name} does not fit the model (shape {tuple(x.shape)}): "
                         f"{err}") from None
    if o.ndim == 1:
        return None
    if o.ndim == 2:
        return int(o.shape[1])
    raise ValueError(f"the model must return (N,) or (N, k), got shape {tuple(o.shape)}")


def _torch_generator(rng: Any) -> torch.Generator:
    """SPEC 7 for torch: an int seeds directly (``manual_seed(rng)``), a numpy
    Generator (or None) draws the torch seed."""
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool | np.bool_):
        validate.rng(rng)  # the sign check
        return torch.Generator().manual_seed(int(rng))
    g = validate.rng(rng)
    return torch.Generator().manual_seed(int(g.integers(2**63)))


def _param_groups(params: list[tuple[str, torch.nn.Parameter]], lr: Any
                  ) -> tuple[list[dict], str]:
    """Optimiser parameter groups for one step size or one per parameter name."""
    if isinstance(lr, Mapping):
        names = [n.split(".")[-1] for n, _ in params]
        for key in lr:
            if key not in names:
                raise ValueError(f"lr names a parameter {key!r} that is not trained; "
                                 f"trained: {names}")
        groups = []
        for (_, p), short in zip(params, names, strict=True):
            if short not in lr:
                raise ValueError(f"lr must give a step size for every trained parameter; "
                                 f"{short!r} is missing")
            groups.append({"params": [p],
                           "lr": validate.real(lr[short], f"lr[{short!r}]", positive=True)})
        return groups, ", ".join(f"{k}={v}" for k, v in lr.items())
    lr = validate.real(lr, "lr", positive=True)
    return [{"params": [p for _, p in params], "lr": lr}], str(lr)


def train(model: torch.nn.Module, x: Any, y: Any, *, steps: int, lr: float | Mapping,
          optimizer: str = "sgd", loss: str = "mse", regime: str = "adaptive",
          batch_size: int | None = None, steps_per_epoch: int | None = None,
          every: int = 1, metrics_every: int | None = None,
          target_mse: float | None = None, x_test: Any = None,
          y_test: Any = None, record: Sequence[str] = (), rng: validate.RNGLike = 0,
          progress: bool = False, history: History | None = None) -> History:
    """Train ``model`` in place by (mini-batch) gradient descent and record metrics.

    Each step takes a batch ``B`` and moves the trained parameters ``θ`` along the
    gradient of ``L_B(θ) = (1/2|B|) Σ_{j∈B} ‖f_θ(x_j) - y_j‖²`` (``loss="mse"``) or of
    the mean cross-entropy of the logits (``"ce"``): plain SGD ``θ ← θ - lr ∇L_B`` or
    Adam (``torch.optim.Adam``, default betas). Full batch (``batch_size=None``): ``B``
    is all of the data in order, so SGD is plain gradient descent; for a
    :class:`LinearModel` ``c ← c - lr Φᵀ(Φc - y)/N``.

    Mini-batches: each epoch draws a random permutation of the N points
    (``torch.randperm`` with a generator seeded from ``rng``; concatenated
    permutations when ``steps_per_epoch * batch_size > N``) and takes consecutive
    slices of ``batch_size``.

    Targets: ``y`` of shape (N,) for a model returning (N,), (N, k) for one returning
    (N, k); for a k-output model, ``y`` may also be integer labels (N,) in 0..k-1
    (one-hot encoded for ``"mse"``, required for ``"ce"``). An (N, 1) target for an
    (N,) output is refused (it would broadcast to an (N, N) residual).

    Parameters
    ----------
    model : torch.nn.Module mapping (N, ...) inputs to (N,) or (N, k)
        (:class:`radonbook.adaptive.ShallowNet`, :func:`radonbook.ntk.two_layer_relu`,
        :class:`LinearModel`); trained in place. The data are converted to the dtype of
        its parameters (float64, or float32 for a single-precision network)
    x, y : training inputs (N, ...) and targets (see above)
    steps : number of optimiser steps (≥ 0)
    lr : step size (> 0), or a mapping from parameter names to step sizes (one for
        every trained parameter, e.g. ``{"w": 0.05, "b": 0.05, "a": 0.02}``)
    optimizer : ``"sgd"`` or ``"adam"``
    loss : ``"mse"`` or ``"ce"``
    regime : ``"adaptive"`` (train every parameter with ``requires_grad``) or
        ``"kernel"`` (only the output layer, parameters named ``a``/``a0``; the others
        are left exactly unchanged). In the kernel regime a model with ``features``
        and ``head`` methods (``model(x) = head(features(x))``, as
        :class:`radonbook.adaptive.ShallowNet`) has its features computed once
    batch_size : mini-batch size, or ``None`` for full batch
    steps_per_epoch : steps per epoch (default ``ceil(N / batch_size)``, 1 for full
        batch); the paper's MNIST "epoch" is 25 mini-batches of 256
    every : record every this many steps (and always the first and the last state)
    metrics_every : mini-batches only: evaluate the loss, accuracy and test metrics (on
        all of the data) only at the records whose step, counted over the whole history
        (``history`` included), is a multiple of this; the other records hold NaN for
        them. The first record of a new history (step 0) is evaluated; the last is if
        its step is a multiple, so a divisor of the total number of steps gives the
        final values. ``None`` (default): at every record. For parameters kept at every
        step while a full evaluation costs many steps.
    target_mse : stop as soon as the training MSE ``2L`` is at most this (``"mse"``
        only); checked at every step with full batch, at the records with metrics with
        mini-batches
    x_test, y_test : optional test data for ``test_loss`` (and ``test_acc``)
    record : what to record besides the metrics: ``"params"`` (copies of all
        parameters) and/or ``"residual"`` (``f(x) - y``); nothing by default
    rng : SPEC 7 (``numpy.random.Generator``, int seed or None) for the mini-batch
        order; an int ``s`` seeds the torch generator directly (``manual_seed(s)``)
    progress : show a tqdm progress bar
    history : continue this history (steps and epochs counted on, no new initial
        record); ``None`` starts a new one and records the initial state

    Returns
    -------
    History
        The records (see :class:`History`); ``history["step"][-1]`` is the last step.

    Raises
    ------
    ValueError
        on bad input, and when training diverges (non-finite loss or weights): the
        message names ``lr`` and the step.
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    steps = validate.count(steps, "steps", minimum=0)
    every = validate.count(every, "every", minimum=1)
    optimizer = validate.choice(optimizer, "optimizer", OPTIMIZERS)
    loss = validate.choice(loss, "loss", LOSSES)
    regime = validate.choice(regime, "regime", REGIMES)
    if isinstance(record, str):
        record = (record,)
    record = tuple(validate.choice(r, "record", RECORDS) for r in record)
    if metrics_every is not None:
        metrics_every = validate.count(metrics_every, "metrics_every", minimum=1)
        if batch_size is None:
            raise ValueError("metrics_every needs mini-batches (a batch_size)")
        if "residual" in record:
            raise ValueError("metrics_every cannot be combined with record='residual'")
    if target_mse is not None:
        if loss != "mse":
            raise ValueError("target_mse needs loss='mse'")
        target_mse = validate.real(target_mse, "target_mse", nonnegative=True)
    if not isinstance(progress, bool | np.bool_):
        raise TypeError(f"progress must be True or False, got {type(progress).__name__}")
    if history is not None and not isinstance(history, History):
        raise TypeError(f"history must be a History or None, got {type(history).__name__}")
    gen = _torch_generator(rng)

    dtype = _model_dtype(model)  # data in the model's precision
    xt = _data_tensor(x, "x", dtype)
    if xt.ndim < 2 or xt.shape[0] < 1:
        raise ValueError(f"x must have shape (N, ...) with N >= 1, got {tuple(xt.shape)}")
    N = xt.shape[0]
    out = _output_size(model, xt, "x")
    yt = _prepare_targets(y, out, loss, dtype=dtype)
    if yt.shape[0] != N:
        raise ValueError(f"y must have one row per row of x ({N}), got shape "
                         f"{tuple(yt.shape)}")
    if loss == "mse":
        _check_target_shape(tuple(yt.shape), N, out)
    has_test = x_test is not None or y_test is not None
    if has_test:
        if x_test is None or y_test is None:
            raise ValueError("give both x_test and y_test, or neither")
        xte = _data_tensor(x_test, "x_test", dtype)
        if xte.ndim != xt.ndim or xte.shape[1:] != xt.shape[1:]:
            raise ValueError(f"x_test must have shape (N_test,) + {tuple(xt.shape[1:])}, "
                             f"got {tuple(xte.shape)}")
        yte = _prepare_targets(y_test, out, loss, "y_test", dtype)
        if loss == "mse":
            _check_target_shape(tuple(yte.shape), xte.shape[0], out, "y_test")
        elif yte.shape[0] != xte.shape[0]:
            raise ValueError("y_test must have one label per row of x_test")

    full = batch_size is None
    bs = N if full else validate.count(batch_size, "batch_size", minimum=1)
    nb = (math.ceil(N / bs) if steps_per_epoch is None
          else validate.count(steps_per_epoch, "steps_per_epoch", minimum=1))

    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    trained = [(n, p) for n, p in named
               if regime == "adaptive" or n.split(".")[-1] in _OUTPUT_NAMES]
    if not trained:
        raise ValueError(f"the model has no parameters to train in the {regime!r} regime"
                         + (" (none named a or a0)" if regime == "kernel" else ""))
    groups, lr_text = _param_groups(trained, lr)
    opt = (torch.optim.SGD if optimizer == "sgd" else torch.optim.Adam)(groups)
    params = [p for _, p in trained]
    frozen = [p for n, p in named if all(p is not q for q in params)]
    fast_linear = isinstance(model, LinearModel) and loss == "mse"
    net: Callable[[torch.Tensor], torch.Tensor] = model
    if regime == "kernel" and hasattr(model, "features") and hasattr(model, "head"):
        # the hidden layer is frozen: its features are computed once, and only the
        # output layer model.head runs at each step and evaluation
        with torch.no_grad():
            xt = _forward(model.features, xt)
            if has_test:
                xte = _forward(model.features, xte)
        net = model.head

    hist = History() if history is None else history
    step0 = int(hist["step"][-1]) if len(hist) else 0
    epoch0 = float(hist["epoch"][-1]) if len(hist) else 0.0
    if "params" in record:
        n_par = sum(p.numel() for p in model.parameters()) + 8
        validate.check_memory((steps // every + 2.0) * n_par,
                              "steps (records of steps / every parameter copies)")
    if "residual" in record:
        validate.check_memory((steps // every + 2.0) * yt.numel(),
                              "steps (records of steps / every residuals)")

    def params_copy() -> dict[str, np.ndarray]:
        if hasattr(model, "params_numpy"):
            return model.params_numpy()
        return {n.split(".")[-1]: p.detach().numpy().copy()
                for n, p in model.named_parameters()}

    def save(step: int, outputs: torch.Tensor | None, val: float | None = None) -> float:
        """Record the state with training outputs ``outputs`` (and loss ``val``, if
        known); return the MSE. ``outputs=None``: the metrics are not evaluated (NaN)."""
        nan = float("nan")
        metrics = ["loss", "mse" if loss == "mse" else "acc"]
        if has_test:
            metrics += ["test_loss"] + (["test_acc"] if loss == "ce" else [])
        rec: dict[str, Any] = {"step": step0 + step, "epoch": epoch0 + step / nb,
                               "phase": regime, **dict.fromkeys(metrics, nan)}
        with torch.no_grad():
            if outputs is not None:
                rec["loss"] = val = float(_loss_fn(outputs, yt, loss)) if val is None else val
                if loss == "mse":
                    rec["mse"] = 2.0 * val
                else:
                    rec["acc"] = float((outputs.argmax(1) == yt).double().mean())
                if has_test:
                    o = _forward(net, xte)
                    rec["test_loss"] = float(_loss_fn(o, yte, loss))
                    if loss == "ce":
                        rec["test_acc"] = float((o.argmax(1) == yte).double().mean())
                if "residual" in record:
                    rec["residual"] = (outputs - yt).numpy().copy()
            if "params" in record:
                rec.update(params_copy())
        hist.append(**rec)
        return rec.get("mse", nan)

    def diverged(step: int, what: str) -> ValueError:
        return ValueError(f"training diverged at step {step0 + step}: {what} (lr={lr_text} "
                          "is probably too large; also check x and y for NaN or "
                          "infinite values)")

    def check_weights(step: int) -> None:
        if not all(bool(torch.isfinite(p).all()) for p in params):
            raise diverged(step, "non-finite weights")

    saved = [p.requires_grad for p in frozen]
    for p in frozen:
        p.requires_grad_(False)
    bar = tqdm(total=steps, disable=not progress, desc=f"train ({regime})", leave=False)
    try:
        if full:
            # full batch: the loss at step t is evaluated before the step t -> t + 1;
            # non-finite weights after a step show as a non-finite loss at the next
            # evaluation (there is always one, at t = steps)
            for t in range(steps + 1):
                if fast_linear:
                    with torch.no_grad():
                        outputs = xt @ model.a
                        res = outputs - yt
                        val = 0.5 * float(torch.sum(res * res)) / N
                else:
                    opt.zero_grad()
                    outputs = net(xt)
                    batch_loss = _loss_fn(outputs, yt, loss)
                    val = float(batch_loss.detach())
                if not math.isfinite(val):
                    raise diverged(t, f"the loss is {val}")
                last = t == steps
                mse = 2.0 * val if loss == "mse" else float("nan")
                reached = target_mse is not None and mse <= target_mse
                if (t % every == 0 or last or reached) and (t > 0 or history is None):
                    save(t, outputs.detach(), val)
                if last or reached:
                    break
                if fast_linear:
                    model.a.grad = xt.T @ res / N
                else:
                    batch_loss.backward()
                opt.step()
                if progress:
                    bar.update(1)
        else:
            def evaluate(step: int) -> float:
                if metrics_every is not None and (step0 + step) % metrics_every:
                    return save(step, None)
                with torch.no_grad():
                    return save(step, _forward(net, xt))

            if history is None:
                evaluate(0)
            step = 0
            for _ in range(math.ceil(steps / nb)):
                perm = torch.randperm(N, generator=gen)
                if nb * bs > N:
                    reps = math.ceil(nb * bs / N)
                    perm = torch.cat([perm] + [torch.randperm(N, generator=gen)
                                               for _ in range(reps - 1)])
                stop = False
                for k in range(nb):
                    idx = perm[k * bs:(k + 1) * bs]
                    opt.zero_grad()
                    batch_loss = _loss_fn(net(xt[idx]), yt[idx], loss)
                    if not torch.isfinite(batch_loss):
                        raise diverged(step, f"the loss is {batch_loss.item()}")
                    batch_loss.backward()
                    opt.step()
                    step += 1
                    bar.update(1)
                    if step % every == 0 or step == steps:
                        # at the records (a non-finite weight makes the loss of the
                        # next step non-finite, which is checked at every step)
                        check_weights(step)
                        mse = evaluate(step)
                        if target_mse is not None and mse <= target_mse:
                            stop = True
                    if stop or step == steps:
                        stop = True
                        break
                if stop:
                    break
    finally:
        bar.close()
        for p, s in zip(frozen, saved, strict=True):
            p.requires_grad_(s)
    return hist
