"""Is a difference real or noise? Intervals and tests for comparing two groups.

Whenever the course compares two groups (a segment with everyone, paid with
organic posts, one campaign with another) it shows one of these, so that a
learner reads a difference together with its uncertainty:

* :func:`wilson_interval`: a confidence interval for a rate of successes
  (buyers / people, orders / visits). Wilson's score interval stays inside
  0..1 and behaves well for small groups and rates near 0, unlike the textbook
  "rate +/- 1.96 standard errors".
* :func:`two_proportion_test`: the difference of two such rates, its interval
  and the two-sided p-value of the pooled z-test (no difference as the null).
* :func:`bootstrap_ratio`: the ratio of two **pooled** rates (engagements /
  impressions in group A over the same in group B) with a percentile bootstrap
  interval: rows (people, posts) are resampled with a fixed seed, so the same
  data always give the same interval.
* :func:`bootstrap_lift`: the lift of a subgroup's pooled rate over the whole
  group's (a segment against the whole audience), resampling the whole group.
* :func:`verdict`: the sentence the notebooks print: whether an interval
  excludes "no difference".

All rates are fractions; confidence levels are fractions (0.95). Bad input
raises ``ValueError`` naming the argument and the rule. Pure NumPy; the normal
quantiles come from :class:`statistics.NormalDist`.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from utils.shared.config import SEED

__all__ = ["Comparison", "bootstrap_lift", "bootstrap_ratio", "two_proportion_test", "verdict", "wilson_interval"]

#: Bootstrap resamples used when none is given (enough for two stable decimals of a ratio).
BOOT_SAMPLES = 2000


def _z(confidence: Any) -> float:
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise ValueError(f"confidence must be a fraction between 0 and 1 (0.95 for 95%), got {confidence!r}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _counts(successes_name: str, successes: Any, trials_name: str, trials: Any) -> tuple[int, int]:
    for name, value in ((successes_name, successes), (trials_name, trials)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer, float, np.floating)) \
                or not float(value).is_integer() or value < 0:
            raise ValueError(f"{name} must be a whole number >= 0, got {value!r}")
    if trials == 0:
        raise ValueError(f"{trials_name} is 0: a rate needs at least one {trials_name.rstrip('s')}")
    if successes > trials:
        raise ValueError(f"{successes_name} ({successes}) cannot exceed {trials_name} ({trials})")
    return int(successes), int(trials)


def wilson_interval(successes: Any, trials: Any, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval ``(low, high)`` for the rate ``successes / trials``.

    >>> low, high = wilson_interval(10, 100)
    >>> round(low, 4), round(high, 4)
    (0.0552, 0.1744)
    """
    k, n = _counts("successes", successes, "trials", trials)
    z = _z(confidence)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, float(centre - half)), min(1.0, float(centre + half))


@dataclass(frozen=True)
class Comparison:
    """Two rates compared: A's and B's rate, their difference A - B with its interval, and the test."""

    rate_a: float
    rate_b: float
    difference: float
    low: float
    high: float
    z: float
    p_value: float
    confidence: float

    @property
    def within_noise(self) -> bool:
        """True when the interval of the difference includes 0 (no difference is plausible)."""
        return self.low <= 0.0 <= self.high


def two_proportion_test(successes_a: Any, trials_a: Any, successes_b: Any, trials_b: Any,
                        confidence: float = 0.95) -> Comparison:
    """Compare the rates of two separate groups (A and B must not share members).

    The interval of the difference uses each group's own standard error (Wald);
    the p-value is the two-sided pooled z-test of "the two rates are equal".

    >>> c = two_proportion_test(30, 200, 20, 200)
    >>> round(c.difference, 3), round(c.p_value, 3), c.within_noise
    (0.05, 0.131, True)
    """
    ka, na = _counts("successes_a", successes_a, "trials_a", trials_a)
    kb, nb = _counts("successes_b", successes_b, "trials_b", trials_b)
    z_level = _z(confidence)
    pa, pb = ka / na, kb / nb
    diff = pa - pb
    se = np.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    pooled = (ka + kb) / (na + nb)
    se0 = np.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    z = 0.0 if se0 == 0 else diff / se0
    p_value = 1.0 if se0 == 0 else 2 * (1 - NormalDist().cdf(abs(z)))
    return Comparison(pa, pb, diff, float(diff - z_level * se), float(diff + z_level * se), float(z),
                      float(p_value), confidence)


def _column(name: str, values: Any) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or len(array) == 0:
        raise ValueError(f"{name} must be a non-empty list of numbers (one per row), got {len(np.atleast_1d(array))}")
    if not np.isfinite(array).all() or (array < 0).any():
        raise ValueError(f"{name} must hold finite numbers >= 0")
    return array


def bootstrap_ratio(numerator_a: Any, denominator_a: Any, numerator_b: Any, denominator_b: Any, *,
                    samples: int = BOOT_SAMPLES, confidence: float = 0.95, seed: int = SEED,
                    compare: str = "ratio") -> dict[str, float]:
    """Ratio of pooled rates, ``(sum num_a / sum den_a) / (sum num_b / sum den_b)``, with a bootstrap interval.

    Each argument holds one value per row (person or post) of its group. Rows are
    resampled with replacement within each group ``samples`` times (seeded); the
    interval is the central ``confidence`` share of the resampled ratios.
    Returns ``ratio``, ``low``, ``high`` and ``confidence``. With
    ``compare="difference"`` it compares ``rate_a - rate_b`` instead (key
    ``difference``; no difference is 0), which stays defined when B's rate is 0.
    """
    if compare not in ("ratio", "difference"):
        raise ValueError(f"compare must be 'ratio' or 'difference', got {compare!r}")
    _z(confidence)
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 100:
        raise ValueError(f"samples must be a whole number >= 100, got {samples!r}")
    na_, da = _column("numerator_a", numerator_a), _column("denominator_a", denominator_a)
    nb_, db = _column("numerator_b", numerator_b), _column("denominator_b", denominator_b)
    if len(na_) != len(da) or len(nb_) != len(db):
        raise ValueError("each group's numerator and denominator need one value per row (the lengths differ)")
    if da.sum() == 0 or db.sum() == 0 or (compare == "ratio" and nb_.sum() == 0):
        raise ValueError("a group's denominator (or group B's numerator) sums to 0: the ratio is undefined; "
                         "compare='difference' works when B's rate is 0")
    rng = np.random.default_rng(seed)
    ia = rng.integers(0, len(na_), size=(samples, len(na_)))
    ib = rng.integers(0, len(nb_), size=(samples, len(nb_)))
    rate_a = na_[ia].sum(axis=1) / np.maximum(da[ia].sum(axis=1), 1e-300)
    rate_b = nb_[ib].sum(axis=1) / np.maximum(db[ib].sum(axis=1), 1e-300)
    bounds = [0.5 - confidence / 2, 0.5 + confidence / 2]
    if compare == "difference":
        low, high = np.quantile(rate_a - rate_b, bounds)
        value = na_.sum() / da.sum() - nb_.sum() / db.sum()
        return {"difference": float(value), "low": float(low), "high": float(high), "confidence": confidence}
    ok = rate_b > 0
    low, high = np.quantile(rate_a[ok] / rate_b[ok], bounds)
    ratio = (na_.sum() / da.sum()) / (nb_.sum() / db.sum())
    return {"ratio": float(ratio), "low": float(low), "high": float(high), "confidence": confidence}


def bootstrap_lift(numerator: Any, denominator: Any, member: Any, *, samples: int = 1000,
                   confidence: float = 0.95, seed: int = SEED) -> dict[str, float]:
    """Lift = (pooled rate of the rows in ``member``) / (pooled rate of all rows), with a bootstrap interval.

    The whole group is resampled with replacement (seeded), and both rates are
    recomputed from each resample, since the subgroup is part of the whole.
    Returns ``lift``, ``low``, ``high``, ``confidence`` and ``members``.

    >>> out = bootstrap_lift([1, 0, 0, 0], [1, 1, 1, 1], [True, True, False, False], samples=200)
    >>> out["lift"]
    2.0
    """
    _z(confidence)
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 100:
        raise ValueError(f"samples must be a whole number >= 100, got {samples!r}")
    num, den = _column("numerator", numerator), _column("denominator", denominator)
    inside = np.asarray(member, dtype=bool)
    if not len(num) == len(den) == len(inside):
        raise ValueError("numerator, denominator and member need one value per row (the lengths differ)")
    if not inside.any():
        raise ValueError("member selects nobody: a lift needs at least one member")
    if den[inside].sum() == 0 or num.sum() == 0:
        raise ValueError("the members' denominator or everyone's numerator sums to 0: the lift is undefined")
    lift = (num[inside].sum() / den[inside].sum()) / (num.sum() / den.sum())
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(num), size=(samples, len(num)))
    w = inside[idx]
    seg = (num[idx] * w).sum(axis=1) / np.maximum((den[idx] * w).sum(axis=1), 1e-300)
    everyone = num[idx].sum(axis=1) / np.maximum(den[idx].sum(axis=1), 1e-300)
    ok = (everyone > 0) & (w.sum(axis=1) > 0)
    low, high = np.quantile(seg[ok] / everyone[ok], [0.5 - confidence / 2, 0.5 + confidence / 2])
    return {"lift": float(lift), "low": float(low), "high": float(high), "confidence": confidence,
            "members": int(inside.sum())}


def verdict(low: float, high: float, *, null: float = 0.0, what: str = "the difference",
            scale: str = "plain") -> str:
    """One sentence: does the interval ``[low, high]`` exclude ``null`` (0 for a difference, 1 for a ratio)?

    ``scale`` says how to write the numbers: ``"points"`` for a difference of two rates
    (``0.0514`` -> ``5.14`` percentage points), ``"ratio"`` for a ratio of two rates
    (``1.06`` -> ``1.06x``), ``"plain"`` otherwise.

    >>> verdict(0.9, 1.3, null=1.0, what="the lift", scale="ratio")
    'the lift is within noise: its interval (0.90x to 1.30x) includes 1x, so the data cannot tell it from no difference.'
    """
    if not low <= high:
        raise ValueError(f"low ({low}) must not exceed high ({high})")
    if scale not in ("plain", "points", "ratio"):
        raise ValueError(f"scale must be 'plain', 'points' or 'ratio'; got {scale!r}")

    def show(x: float) -> str:
        return {"points": f"{x * 100:.2f}", "ratio": f"{x:.2f}x", "plain": f"{x:.3g}"}[scale]

    span = f"({show(low)} to {show(high)}{' percentage points' if scale == 'points' else ''})"
    at = {"points": f"{null * 100:g}", "ratio": f"{null:g}x", "plain": f"{null:g}"}[scale]
    if low <= null <= high:
        return f"{what} is within noise: its interval {span} includes {at}, so the data cannot tell it from no difference."
    side = "above" if low > null else "below"
    return f"{what} is unlikely to be noise: its whole interval {span} lies {side} {at}."
