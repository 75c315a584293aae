"""Claims over draws: per-draw values as mean ± spread, and orderings that beat the spread.

Every comparative statement in the book ("Step fits Hole better than Half-Exp", "the slope
is about -1/2") is computed over several independent draws (data, initialisation,
zero-planes), never read off one run. This module is the one place that turns the
per-draw values into a summary and decides whether a difference is an ordering or a tie.

The rule (the book's choice, stated once here and in the appendix's section on
experiments): with per-draw values ``a_k`` and ``b_k`` of two quantities, their gap is
``mean(a) - mean(b)`` and its spread is the standard deviation of the difference of the
means, ``sqrt(s_a^2 / n_a + s_b^2 / n_b)`` for independent draws, or ``s_{a-b} / sqrt(n)``
for paired draws (the same seeds for both; ``s`` is the sample standard deviation,
``ddof = 1``). The pair is *ordered* when ``|gap| >= k * spread`` (``k = 3`` by default:
for five draws and a Student-t spread that is a two-sided test at about the 4 % level),
and otherwise a **tie**: the text and the tables then say "tie", not a winner.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Comparison", "Interval", "Spread", "bootstrap", "compare", "ordered_classes",
           "spearman", "spread"]

#: how many spreads a gap must span to count as an ordering (see the module docstring)
DEFAULT_K = 3.0


def _values(values, name: str) -> np.ndarray:
    if isinstance(values, (str, bytes)) or np.iscomplexobj(values):
        raise TypeError(f"{name} must be real numbers, one per draw, got {type(values).__name__}")
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be real numbers, one per draw: {exc}") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one value per draw (1-D), got shape {arr.shape}")
    if arr.size < 2:
        raise ValueError(f"{name} needs at least 2 draws to have a spread, got {arr.size}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values: {arr}")
    return arr


def _format(x: float, digits: int) -> str:
    """``digits`` significant digits; whole numbers up to a million without an exponent
    (``1420``, not ``1.42e+03``)."""
    if 10**digits <= abs(x) < 1e6:
        return f"{x:.0f}"
    return f"{x:.{digits}g}"


@dataclass(frozen=True)
class Spread:
    """Per-draw values of one quantity and their summary.

    Attributes
    ----------
    values : the per-draw values, shape ``(n,)``.
    mean, std : their mean and sample standard deviation (``ddof = 1``).
    low, high : the smallest and largest draw.
    """

    values: np.ndarray
    mean: float
    std: float
    low: float
    high: float

    @property
    def n(self) -> int:
        return int(self.values.size)

    @property
    def sem(self) -> float:
        """Standard error of the mean, ``std / sqrt(n)``."""
        return self.std / math.sqrt(self.n)

    def format(self, digits: int = 2, scale: float = 1.0) -> str:
        """``"mean ± std"`` with ``digits`` significant digits, values multiplied by ``scale``
        (``scale=100`` for percentages). The spaces around ``±`` are no-break spaces, so
        the pair stays on one line in a table cell."""
        return (f"{_format(self.mean * scale, digits + 1)}\u00a0±\u00a0"
                f"{_format(self.std * scale, digits)}")

    def __str__(self) -> str:
        return self.format()


def spread(values: Sequence[float] | np.ndarray) -> Spread:
    """Summarise per-draw values as mean ± sample standard deviation.

    Parameters
    ----------
    values : at least two finite real numbers, one per independent draw.
    """
    arr = _values(values, "values")
    mean, std = float(arr.mean()), float(arr.std(ddof=1))
    if not (math.isfinite(mean) and math.isfinite(std)):
        raise ValueError(f"values are too large for a finite mean and spread: {arr}")
    return Spread(arr, mean, std, float(arr.min()), float(arr.max()))


@dataclass(frozen=True)
class Comparison:
    """The verdict on ``a`` versus ``b`` over draws.

    Attributes
    ----------
    a, b : the two summaries.
    gap : ``mean(a) - mean(b)``.
    noise : the spread of that gap (see the module docstring).
    k : the number of spreads an ordering needs.
    paired : whether the draws were paired (same seeds for both).
    """

    a: Spread
    b: Spread
    gap: float
    noise: float
    k: float
    paired: bool
    label_a: str = "a"
    label_b: str = "b"

    @property
    def ratio(self) -> float:
        """``|gap| / noise``: how many spreads separate the two (``inf`` if no spread)."""
        if self.noise == 0.0:
            return math.inf if self.gap != 0.0 else 0.0
        return abs(self.gap) / self.noise

    @property
    def verdict(self) -> str:
        """``"<"`` (a smaller), ``">"`` (a larger) or ``"tie"`` (gap inside ``k`` spreads)."""
        if self.ratio < self.k:
            return "tie"
        return "<" if self.gap < 0 else ">"

    @property
    def is_tie(self) -> bool:
        return self.verdict == "tie"

    def __str__(self) -> str:
        if self.is_tie:
            head = f"{self.label_a} and {self.label_b}: tie"
        else:
            head = f"{self.label_a} {self.verdict} {self.label_b}"
        return (f"{head} (gap {self.gap:.3g}, spread {self.noise:.2g}, "
                f"gap/spread {self.ratio:.1f}, {self.a.n} draws)")


def compare(a: Sequence[float] | np.ndarray | Spread, b: Sequence[float] | np.ndarray | Spread,
            *, k: float = DEFAULT_K, paired: bool = False, labels: tuple[str, str] = ("a", "b"),
            ) -> Comparison:
    """Compare two quantities over draws: an ordering only where the gap beats the spread.

    ``gap = mean(a) - mean(b)``; its spread is ``sqrt(s_a^2/n_a + s_b^2/n_b)`` or, with
    ``paired=True`` (draw ``j`` of ``a`` and of ``b`` share their seed),
    ``std(a - b, ddof=1) / sqrt(n)``. The verdict is an ordering when
    ``|gap| >= k * spread`` and a tie otherwise.

    Parameters
    ----------
    a, b : per-draw values (at least two each), or their :class:`Spread`.
    k : spreads needed for an ordering (positive).
    paired : the draws are paired; ``a`` and ``b`` must then have equal length.
    labels : names used when the comparison is printed.
    """
    sa = a if isinstance(a, Spread) else _spread_named(a, "a")
    sb = b if isinstance(b, Spread) else _spread_named(b, "b")
    if isinstance(k, bool) or not isinstance(k, (int, float, np.integer, np.floating)):
        raise TypeError(f"k must be a real number, got {type(k).__name__}")
    if not (math.isfinite(k) and k > 0):
        raise ValueError(f"k must be positive and finite, got {k}")
    if not isinstance(paired, (bool, np.bool_)):
        raise TypeError(f"paired must be True or False, got {paired!r}")
    if (not isinstance(labels, tuple) or len(labels) != 2
            or not all(isinstance(s, str) for s in labels)):
        raise TypeError(f"labels must be a pair of strings, got {labels!r}")
    gap = sa.mean - sb.mean
    if paired:
        if sa.n != sb.n:
            raise ValueError(f"paired draws need equal counts, got a: {sa.n} and b: {sb.n}")
        noise = float(np.std(sa.values - sb.values, ddof=1)) / math.sqrt(sa.n)
    else:
        noise = math.sqrt(sa.std**2 / sa.n + sb.std**2 / sb.n)
    return Comparison(sa, sb, float(gap), noise, float(k), bool(paired), *labels)


def _spread_named(values, name: str) -> Spread:
    arr = _values(values, name)
    return spread(arr)


def ordered_classes(values: Mapping[str, Sequence[float] | np.ndarray], *,
                    k: float = DEFAULT_K, paired: bool = False,
                    ) -> list[list[str]]:
    """Group labelled per-draw values into classes ordered by mean, ties kept together.

    Labels are sorted by mean (smallest first). A new class starts where the next label is
    ordered above **every** member of the current class (:func:`compare` with ``k``);
    otherwise it joins the class. So two labels in different classes are always ordered,
    and a class holds labels that the draws can't tell apart from at least one neighbour.

    Returns
    -------
    list of classes, each a list of labels, smallest means first.
    """
    if not isinstance(values, Mapping) or not values:
        raise TypeError("values must be a non-empty mapping from label to per-draw values")
    summaries = {}
    for label, vals in values.items():
        if not isinstance(label, str):
            raise TypeError(f"labels must be strings, got {label!r}")
        summaries[label] = _spread_named(vals, f"values[{label!r}]")
    order = sorted(summaries, key=lambda s: summaries[s].mean)
    classes: list[list[str]] = [[order[0]]]
    for label in order[1:]:
        if all(compare(summaries[label], summaries[m], k=k, paired=paired).verdict == ">"
               for m in classes[-1]):
            classes.append([label])
        else:
            classes[-1].append(label)
    return classes


def _ranks(x: np.ndarray) -> np.ndarray:
    """Ranks 1..n of ``x``, tied values sharing the mean of their ranks."""
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(x.size)
    xs = x[order]
    start = 0
    for stop in range(1, x.size + 1):
        if stop == x.size or xs[stop] != xs[start]:
            ranks[order[start:stop]] = 0.5 * (start + stop - 1) + 1.0
            start = stop
    return ranks


def spearman(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray) -> float:
    """Spearman's rank correlation of two equally long samples.

    ``ρ = Σ_i (R_i - R̄)(S_i - S̄) / sqrt(Σ_i (R_i - R̄)² Σ_i (S_i - S̄)²)``, the Pearson
    correlation of the ranks ``R`` of ``a`` and ``S`` of ``b`` (ties get the mean of
    their ranks). ``nan`` when either sample is constant.

    Parameters
    ----------
    a, b : at least two finite real numbers each, equally many.
    """
    x, y = _values(a, "a"), _values(b, "b")
    if x.size != y.size:
        raise ValueError(f"a and b must have equal lengths, got {x.size} and {y.size}")
    rx, ry = _ranks(x), _ranks(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    den = math.sqrt(float(np.sum(rx**2) * np.sum(ry**2)))
    return float(np.sum(rx * ry) / den) if den > 0 else math.nan


@dataclass(frozen=True)
class Interval:
    """A statistic of per-draw data with a bootstrap interval (:func:`bootstrap`).

    Attributes
    ----------
    estimate : the statistic of the draws as they are.
    low, high : the percentile interval of the resampled statistics.
    level : its nominal coverage; n_boot : the number of resamples (finite ones kept).
    """

    estimate: float
    low: float
    high: float
    level: float
    n_boot: int

    def format(self, digits: int = 2) -> str:
        """``"estimate [low, high]"`` with ``digits`` decimals."""
        return (f"{self.estimate:.{digits}f} [{self.low:.{digits}f}, "
                f"{self.high:.{digits}f}]")

    def __str__(self) -> str:
        return self.format()


def bootstrap(values, statistic, *, n_boot: int = 2000, level: float = 0.95,
              rng=0) -> Interval:
    """Percentile bootstrap over draws: resample the draws, recompute the statistic.

    With per-draw data ``values[k]`` (``k = 0..n-1``, first axis), resample ``b`` is
    ``values[I_b]`` with ``I_b`` = ``n`` indices drawn uniformly with replacement
    (``rng.integers(0, n, size=(n_boot, n))``, one row per resample), and the interval
    is the ``(1 ∓ level)/2`` quantiles (``numpy.quantile``, linear) of
    ``statistic(values[I_b])`` over the resamples whose statistic is finite.

    Parameters
    ----------
    values : array whose first axis counts the draws (at least 2).
    statistic : callable from an array shaped like ``values`` to a float.
    n_boot : number of resamples (>= 10). level : in (0, 1).
    rng : ``numpy.random.Generator``, int seed or None (SPEC 7; default 0)
    """
    from radonbook import validate

    arr = np.asarray(values, dtype=float)
    if arr.ndim < 1 or arr.shape[0] < 2:
        raise ValueError(f"values needs at least 2 draws along its first axis, got shape "
                         f"{arr.shape}")
    if not callable(statistic):
        raise TypeError("statistic must be a callable from per-draw values to a number")
    n_boot = validate.count(n_boot, "n_boot", minimum=10)
    level = validate.real(level, "level", low=0.0, high=1.0)
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level}")
    gen = validate.rng(rng)
    n = arr.shape[0]
    idx = gen.integers(0, n, size=(n_boot, n))
    stats_b = np.array([float(statistic(arr[i])) for i in idx])
    stats_b = stats_b[np.isfinite(stats_b)]
    if stats_b.size == 0:
        raise ValueError("statistic is not finite on any resample")
    lo, hi = np.quantile(stats_b, [(1 - level) / 2, (1 + level) / 2])
    return Interval(float(statistic(arr)), float(lo), float(hi), float(level),
                    int(stats_b.size))
