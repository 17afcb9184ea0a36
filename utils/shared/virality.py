"""Virality: viral coefficient, generations of sharing and word-of-mouth spread.

Two views of the same idea:

* **Expected values** (:func:`reach_by_generation`, :func:`total_reach`): every
  person reached brings ``k`` new people on average (``k`` is the viral
  coefficient), so generation ``g`` holds ``seed_users * k**g`` people. This
  ignores that audiences run out.
* **Simulations**: :func:`simulate_branching` draws a random (Poisson) number of
  new people per person, showing how often a cascade dies out early even when
  ``k >= 1``; :func:`simulate_word_of_mouth` spreads a message over a finite
  random contact network, so reach saturates at the network size.

All simulations are seeded (``seed=``, default :data:`utils.shared.config.SEED`) and use
``numpy.random.default_rng``; the same seed gives the same result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from utils.shared.config import SEED
from utils.shared.validation import (
    Numeric,
    align,
    as_scalar,
    check_fraction,
    check_int,
    check_nonnegative,
    check_positive,
    check_range,
)

__all__ = [
    "MAX_GENERATIONS",
    "VIRAL_FACTOR",
    "WordOfMouthResult",
    "is_viral",
    "reach_by_generation",
    "simulate_branching",
    "simulate_word_of_mouth",
    "total_reach",
    "viral_coefficient",
]

#: Default threshold of :func:`is_viral`: reach of at least 10x the original
#: audience (an order of magnitude) counts as spreading "far beyond" it.
VIRAL_FACTOR: float = 10.0

#: Upper limit on ``generations`` for the expected-value functions.
MAX_GENERATIONS: int = 100_000

#: Largest expected generation size the branching simulation accepts.
_MAX_SIMULATED_GENERATION: float = 1e12


def viral_coefficient(invites_per_user: Any, invite_conversion: Any) -> Numeric:
    """Viral coefficient ``k = invites_per_user * invite_conversion``.

    ``invites_per_user``: average number of people each user shares with or
    invites (a non-negative number, need not be whole). ``invite_conversion``:
    the fraction of invited people who join/engage (0 to 1). ``k`` is the number
    of new people each person brings in; ``k > 1`` means each generation is
    bigger than the last. Example: ``viral_coefficient(4, 0.25) == 1.0``.
    Works on scalars, arrays and Series.
    """
    invites = check_nonnegative("invites_per_user", invites_per_user)
    conversion = check_fraction("invite_conversion", invite_conversion)
    aligned = align(("invites_per_user", invites), ("invite_conversion", conversion))
    return aligned.wrap(aligned.values[0] * aligned.values[1], "viral_coefficient")


def _generation_parameters(seed_users: Any, k: Any, generations: Any) -> tuple[float, float, int]:
    seeds = float(check_int("seed_users", seed_users, minimum=1))
    rate = float(check_nonnegative("k", as_scalar("k", k)))
    gens = check_int("generations", generations, minimum=0, maximum=MAX_GENERATIONS)
    return seeds, rate, gens


def _expected_generations(seeds: float, k: float, generations: int) -> np.ndarray:
    """``seeds * k**g`` for ``g = 0..generations`` by repeated multiplication.

    A running product (rather than ``k**g``) keeps every value monotone in
    ``k`` under floating-point rounding.
    """
    factors = np.full(generations + 1, k)
    factors[0] = seeds
    with np.errstate(over="ignore"):
        people = np.cumprod(factors)
    if not np.isfinite(people).all():
        raise ValueError(
            f"the reach overflows: k = {k} over {generations} generations is too large "
            f"to represent; use fewer generations (real audiences saturate long before)"
        )
    return people


def reach_by_generation(seed_users: Any, k: Any, generations: Any) -> np.ndarray:
    """Expected new people reached in each generation: ``seed_users * k**g``.

    Generation 0 is the seed audience itself. Returns a float array of length
    ``generations + 1`` (expected values, so not necessarily whole; no
    saturation: see :func:`simulate_word_of_mouth` for a finite audience).
    Example: ``reach_by_generation(100, 0.5, 3)`` -> ``[100, 50, 25, 12.5]``.

    ``seed_users``: whole number >= 1. ``k``: viral coefficient >= 0.
    ``generations``: whole number from 0 to :data:`MAX_GENERATIONS`.
    """
    return _expected_generations(*_generation_parameters(seed_users, k, generations))


def total_reach(seed_users: Any, k: Any, generations: Any = None) -> float:
    """Expected total people reached, seeds included: the geometric sum.

    With a limit: ``seed_users * (1 + k + k**2 + ... + k**generations)``
    (= ``seed_users * (1 - k**(G+1)) / (1 - k)`` for ``k != 1``).
    Without a limit (``generations=None``) and ``k < 1`` the series converges to
    ``seed_users / (1 - k)``. With ``k >= 1`` and no limit it never stops in
    theory, so a ``ValueError`` explains why; in practice audiences saturate.
    Examples: ``total_reach(100, 0.5, 3) == 187.5``; ``total_reach(100, 0.5) == 200``.
    """
    if generations is not None:
        # A running sum is monotone in both k and generations under rounding.
        return float(np.cumsum(reach_by_generation(seed_users, k, generations))[-1])
    seeds, rate, _ = _generation_parameters(seed_users, k, 0)
    if rate >= 1:
        raise ValueError(
            f"total_reach with k = {rate:g} and no generations limit is infinite: with k >= 1 "
            f"every generation is at least as big as the one before, so in theory the spread "
            f"never stops. Real audiences saturate (people run out and hear it twice); pass "
            f"generations=... or use simulate_word_of_mouth for a finite network"
        )
    return seeds / (1.0 - rate)


def simulate_branching(
    seed_users: Any,
    k: Any,
    generations: Any,
    runs: Any = 200,
    seed: int | None = SEED,
    percentiles: Sequence[float] = (10, 50, 90),
) -> pd.DataFrame:
    """Seeded branching-process simulation of sharing generations.

    Each person in a generation brings a Poisson(``k``) number of new people,
    so a generation of ``n`` people produces Poisson(``k * n``) new ones. The
    process is repeated ``runs`` times (vectorised over runs), without
    saturation, to show the spread around the expected ``seed_users * k**g``:
    chains often die out early even when ``k`` is close to or above 1.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``generation`` (0 = seeds) with columns ``expected``
        (``seed_users * k**g``), ``mean`` (simulated mean of new people),
        one ``p<q>`` column per percentile (default ``p10``, ``p50``, ``p90``),
        ``cumulative_mean`` (mean total reached so far) and ``extinct_share``
        (fraction of runs with nobody new in that generation).
    """
    seeds, rate, gens = _generation_parameters(seed_users, k, generations)
    n_runs = check_int("runs", runs, minimum=1, maximum=1_000_000)
    if isinstance(percentiles, (str, bytes)) or not hasattr(percentiles, "__iter__"):
        raise TypeError(f"percentiles must be a list of numbers from 0 to 100, got {percentiles!r}")
    levels = [float(check_range("percentiles", q, low=0, high=100)) for q in percentiles]
    expected = _expected_generations(seeds, rate, gens)
    if expected.max() > _MAX_SIMULATED_GENERATION:
        raise ValueError(
            f"a generation would reach about {expected.max():.3g} people (k = {rate:g}, "
            f"{gens} generations); use fewer generations or a smaller k"
        )
    rng = np.random.default_rng(check_int("seed", seed, minimum=0))
    new = np.empty((gens + 1, n_runs), dtype=float)
    new[0] = seeds
    for g in range(1, gens + 1):
        new[g] = rng.poisson(rate * new[g - 1])
    table = pd.DataFrame(
        {"expected": expected, "mean": new.mean(axis=1)},
        index=pd.RangeIndex(gens + 1, name="generation"),
    )
    bands = np.percentile(new, levels, axis=1) if levels else np.empty((0, gens + 1))
    for q, band in zip(levels, bands):
        table[f"p{q:g}"] = band
    table["cumulative_mean"] = np.cumsum(new, axis=0).mean(axis=1)
    table["extinct_share"] = (new == 0).mean(axis=1)
    return table


@dataclass(frozen=True, eq=False)
class WordOfMouthResult:
    """Outcome of :func:`simulate_word_of_mouth`.

    ``new[s]``: people who first heard at step ``s`` (step 0 = the seeds).
    ``reached[s]``: everyone who has heard by step ``s`` (never above
    ``network_size``).
    """

    network_size: int
    new: np.ndarray
    reached: np.ndarray

    @property
    def final_reach(self) -> int:
        """People reached by the last step."""
        return int(self.reached[-1])

    @property
    def final_share(self) -> float:
        """Fraction of the network reached by the last step (0 to 1)."""
        return self.final_reach / self.network_size

    def to_frame(self) -> pd.DataFrame:
        """One row per step: ``new``, ``reached`` and ``reach_share``."""
        return pd.DataFrame(
            {
                "new": self.new,
                "reached": self.reached,
                "reach_share": self.reached / self.network_size,
            },
            index=pd.RangeIndex(len(self.reached), name="step"),
        )

    def __str__(self) -> str:
        return (
            f"reached {self.final_reach} of {self.network_size} people "
            f"({self.final_share:.1%}) after {len(self.reached) - 1} steps"
        )


def _contact_network(n: int, mean_contacts: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random undirected contact network as compressed adjacency lists.

    ``n * mean_contacts / 2`` links join uniformly random pairs of people
    (self-links dropped), so each person has about ``mean_contacts`` contacts.
    Returns ``(offsets, contacts)``: the contacts of person ``i`` are
    ``contacts[offsets[i]:offsets[i + 1]]``.
    """
    links = int(round(n * mean_contacts / 2))
    a = rng.integers(0, n, links)
    b = rng.integers(0, n, links)
    keep = a != b
    source = np.concatenate([a[keep], b[keep]])
    target = np.concatenate([b[keep], a[keep]])
    order = np.argsort(source, kind="stable")
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(source, minlength=n), out=offsets[1:])
    return offsets, target[order]


def simulate_word_of_mouth(
    network_size: Any,
    share_probability: Any,
    seed_users: Any = 10,
    mean_contacts: Any = 10,
    steps: Any = 30,
    seed: int | None = SEED,
) -> WordOfMouthResult:
    """Word-of-mouth spread on a seeded random contact network (independent cascade).

    A network of ``network_size`` people is built with NumPy (about
    ``mean_contacts`` random contacts each). ``seed_users`` random people hear
    the message at step 0. At every step each person who heard it in the
    previous step tells each of their contacts once, succeeding with
    ``share_probability``; people already reached are not counted again, so
    reach **saturates** at the network size. Roughly, ``k = share_probability *
    mean_contacts`` plays the role of the viral coefficient early on.

    Parameters: ``network_size`` whole number >= 1; ``share_probability`` a
    fraction (0 to 1); ``seed_users`` whole number from 1 to ``network_size``;
    ``mean_contacts`` >= 0 and below ``network_size``; ``steps`` whole number
    >= 0 (the result has ``steps + 1`` rows; after the cascade stops the
    reach stays flat).

    Returns a :class:`WordOfMouthResult` (``reached`` per step, ``final_share``).
    """
    n = check_int("network_size", network_size, minimum=1, maximum=1_000_000)
    p = float(check_fraction("share_probability", as_scalar("share_probability", share_probability)))
    n_seeds = check_int("seed_users", seed_users, minimum=1, maximum=n)
    contacts_each = float(
        check_range("mean_contacts", as_scalar("mean_contacts", mean_contacts), low=0, high=n - 1)
    )
    n_steps = check_int("steps", steps, minimum=0, maximum=100_000)

    rng = np.random.default_rng(check_int("seed", seed, minimum=0))
    offsets, contacts = _contact_network(n, contacts_each, rng)
    heard = np.zeros(n, dtype=bool)
    frontier = rng.choice(n, size=n_seeds, replace=False)
    heard[frontier] = True
    new = np.zeros(n_steps + 1, dtype=np.int64)
    new[0] = n_seeds
    for step in range(1, n_steps + 1):
        if frontier.size == 0:
            break  # the cascade has stopped: later steps add nobody
        starts = offsets[frontier]
        counts = offsets[frontier + 1] - starts
        total = int(counts.sum())
        # positions of every frontier person's contacts inside `contacts`
        positions = np.arange(total) + np.repeat(starts - (np.cumsum(counts) - counts), counts)
        told = contacts[positions[rng.random(total) < p]]
        frontier = np.unique(told[~heard[told]])
        heard[frontier] = True
        new[step] = frontier.size
    return WordOfMouthResult(network_size=n, new=new, reached=np.cumsum(new))


def is_viral(reach: Any, original_audience: Any, factor: Any = VIRAL_FACTOR) -> Any:
    """Did a message spread far beyond its original audience?

    True when ``reach >= factor * original_audience``. The default factor is
    :data:`VIRAL_FACTOR` = 10: reaching ten times (an order of magnitude) the
    audience that could see it directly (e.g. followers) means most people
    heard it through shares, not from the account. Pass another ``factor``
    (> 1) for a stricter or looser definition.

    ``reach``: people reached (>= 0). ``original_audience``: people the
    message could reach directly (> 0). Returns ``bool`` for scalars, a
    boolean array or Series for columns.
    """
    people = check_nonnegative("reach", reach)
    audience = check_positive("original_audience", original_audience)
    threshold = float(check_range("factor", as_scalar("factor", factor), low=1, low_inclusive=False))
    aligned = align(("reach", people), ("original_audience", audience))
    return aligned.wrap(aligned.values[0] >= threshold * aligned.values[1], "is_viral")
