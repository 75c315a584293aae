"""Input checks shared by every public function of the package.

Bad input fails here, in the package's own code, with a ``TypeError`` (wrong kind of
thing) or ``ValueError`` (right kind, wrong value) whose message names the argument,
never later as a NaN, a wrong shape, a hang or a huge allocation.

Conventions:

* a real number is any ``int``/``float`` or numpy real scalar (``np.float32(1)`` too), never
  a ``bool``, a complex number or a string;
* counts go through :func:`operator.index` (``3`` and ``np.int64(3)``, not ``3.0``);
* arrays are real and finite unless a function says otherwise; a torch tensor that
  requires grad is refused by numpy-only functions (``detach()`` it first);
* randomness follows SPEC 7: ``rng`` is a ``numpy.random.Generator``, an int seed or
  ``None`` (fresh entropy); public functions default to a fixed seed so that a call
  without ``rng`` is reproducible;
* before an allocation that could pass :data:`MAX_BYTES`, :func:`check_memory` refuses it
  and names the parameter that made it large.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = [
    "DTYPES",
    "MAX_BYTES",
    "RNGLike",
    "array",
    "check_memory",
    "choice",
    "count",
    "real",
    "rng",
]

#: the largest single allocation a public function will attempt (about 2 GB)
MAX_BYTES = 2 * 1024**3

RNGLike = np.random.Generator | int | None

#: the precisions a network may compute in (``"float32"``: PyTorch's default, used for
#: the largest paper-size networks), and data converted for it
DTYPES = ("float64", "float32")


def _is_tensor(x: Any) -> bool:
    return type(x).__module__.startswith("torch")


def real(value: Any, name: str, *, positive: bool = False, nonnegative: bool = False,
         finite: bool = True, low: float | None = None, high: float | None = None) -> float:
    """``value`` as a Python float, or a clear error naming ``name``.

    ``positive``/``nonnegative`` and the closed bounds ``low``/``high`` restrict the range.
    """
    if _is_tensor(value) and getattr(value, "ndim", None) == 0:
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    v = float(value)
    if math.isnan(v) or (finite and math.isinf(v)):
        raise ValueError(f"{name} must be finite, got {v}")
    if positive and not v > 0:
        raise ValueError(f"{name} must be positive, got {v}")
    if nonnegative and not v >= 0:
        raise ValueError(f"{name} must be non-negative, got {v}")
    if low is not None and v < low:
        raise ValueError(f"{name} must be at least {low}, got {v}")
    if high is not None and v > high:
        raise ValueError(f"{name} must be at most {high}, got {v}")
    return v


def count(value: Any, name: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as a Python int via :func:`operator.index`, within ``[minimum, maximum]``."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer, got a bool")
    try:
        n = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}") from None
    if n < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {n}")
    if maximum is not None and n > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {n}")
    return n


def array(value: Any, name: str, *, ndim: int | Sequence[int] | None = None,
          shape: Sequence[int | None] | None = None, finite: bool = True,
          min_size: int = 0, dtype: Any = np.float64) -> np.ndarray:
    """``value`` as a real numpy array of ``dtype`` (float64 by default), or a clear error
    naming ``name``.

    Parameters
    ----------
    ndim : the allowed number(s) of dimensions.
    shape : the expected shape; ``None`` entries match any length.
    finite : refuse NaN and infinite entries.
    min_size : the least number of entries.
    dtype : the floating type of the result (float64, or float32 for data converted once
        to a single-precision network's type); no copy if ``value`` has it already.
    """
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a real array, got {type(value).__name__}")
    if _is_tensor(value):
        if getattr(value, "requires_grad", False):
            raise TypeError(f"{name} is a torch tensor that requires grad: pass "
                            f"{name}.detach() (this function does not differentiate)")
        value = value.detach().cpu().numpy()
    try:
        if np.iscomplexobj(value):
            raise TypeError(f"{name} must be real, got complex values")
        with np.errstate(over="ignore"):  # beyond float32's range: inf, refused below
            arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as exc:
        if str(exc).startswith(name):
            raise
        raise TypeError(f"{name} must be a real array: {exc}") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(str(k) for k in allowed)
            raise ValueError(f"{name} must have {want} dimension(s), got shape {arr.shape}")
    if shape is not None:
        ok = arr.ndim == len(shape) and all(
            s is None or s == a for s, a in zip(shape, arr.shape, strict=True))
        if not ok:
            want = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            raise ValueError(f"{name} must have shape {want}, got {arr.shape}")
    if arr.size < min_size:
        raise ValueError(f"{name} needs at least {min_size} entries, got {arr.size}")
    if finite and not np.all(np.isfinite(arr)):
        where = "" if arr.dtype == np.float64 else f" (as {arr.dtype})"
        raise ValueError(f"{name} contains NaN or infinite values{where}")
    return arr


def choice(value: Any, name: str, options: Sequence[str]) -> str:
    """``value`` if it is one of the strings ``options``, else a clear error."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {list(options)}, got {type(value).__name__}")
    if value not in options:
        raise ValueError(f"{name} must be one of {list(options)}, got {value!r}")
    return value


def device(value: Any, name: str = "device") -> str:
    """``value`` if it is ``"cpu"``, or ``"cuda"`` with a GPU that torch sees; else a
    clear error naming ``name``."""
    choice(value, name, ("cpu", "cuda"))
    if value == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise ValueError(f"{name} is 'cuda' but no GPU is visible to torch "
                             "(torch.cuda.is_available() is False): use 'cpu'")
    return value


def rng(value: RNGLike, name: str = "rng") -> np.random.Generator:
    """SPEC 7: a ``Generator`` passes through, an int seeds a new one, ``None`` is fresh."""
    if isinstance(value, np.random.Generator):
        return value
    if value is None:
        return np.random.default_rng()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a numpy Generator, an int seed or None, "
                        f"got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} seed must be non-negative, got {value}")
    return np.random.default_rng(int(value))


def seed_list(value: Any, name: str = "seeds") -> tuple[int, ...]:
    """A non-empty sequence of int seeds (one per draw) as a tuple of non-negative ints."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) == 0:
        raise TypeError(f"{name} must be a non-empty sequence of int seeds")
    return tuple(count(s, name, minimum=0) for s in value)


def check_memory(n_items: float, name: str, *, itemsize: int = 8) -> None:
    """Refuse an allocation of ``n_items`` entries of ``itemsize`` bytes above MAX_BYTES.

    ``name`` is the parameter (or parameters) that made the allocation large, as the user
    would change it.
    """
    nbytes = float(n_items) * itemsize
    if nbytes > MAX_BYTES:
        raise ValueError(f"{name} would need about {nbytes / 1024**3:.1f} GB of memory "
                         f"(the limit is {MAX_BYTES / 1024**3:.0f} GB): make it smaller")
