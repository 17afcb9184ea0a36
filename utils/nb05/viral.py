"""Viral marketing on the course data: estimating K, reach tables, cost per person.

Builds on :mod:`utils.shared.virality` (the formulas: ``viral_coefficient``,
``reach_by_generation``, ``total_reach``, ``simulate_branching``, ``is_viral``)
and adds what notebook 05 needs around them:

* :func:`referral_k`: the viral coefficient of Brightleaf's referral loop, from
  the ``audience`` table (customers bring customers).
* :func:`share_k_table`: a viral coefficient per content type (or platform) from
  the ``posts`` table, under one stated assumption (contacts per sharer).
* :func:`reach_table`, :func:`describe_total`, :func:`viral_threshold_k`,
  :func:`cost_per_person_reached`, :func:`cost_table`, :func:`saturation_curves`.
* :func:`reach_explorer` / :func:`reach_rows`: the pure compute behind the
  notebook's widget panel.

Every function validates its input (``ValueError``/``TypeError`` naming the
argument) and never returns NaN or inf.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from utils.shared.config import SEED
from utils.shared.plotting import num, pct
from utils.shared.validation import check_frame, as_scalar, check_choice, check_int, check_nonnegative, check_range, safe_divide
from utils.shared.virality import (
    VIRAL_FACTOR,
    is_viral,
    reach_by_generation,
    simulate_branching,
    simulate_word_of_mouth,
    total_reach,
    viral_coefficient,
)

__all__ = [
    "NoFiniteReach",
    "cost_per_person_reached",
    "cost_table",
    "describe_total",
    "reach_explorer",
    "reach_rows",
    "reach_table",
    "referral_k",
    "saturation_curves",
    "share_k_table",
    "viral_threshold_k",
]

#: Runs of the branching simulation behind the widget (enough for a stable band, fast).
EXPLORER_RUNS: int = 200

#: Largest number of generations the widget simulates.
EXPLORER_MAX_GENERATIONS: int = 20


class NoFiniteReach(ValueError):
    """Raised when a total reach with no generation cap is asked for with K >= 1.

    It is a ``ValueError`` (bad input for a finite total) whose message is a
    friendly explanation, which widgets show as information rather than an error.
    """


def _frame(name: str, df: Any, columns: Sequence[str]) -> pd.DataFrame:
    return check_frame(name, df, columns, hint=f"it needs {list(columns)}",
                       empty="this selection is empty, so there is nothing to estimate")

# --------------------------------------------------------------------------- #
# Estimating K from the data
# --------------------------------------------------------------------------- #
def referral_k(audience: pd.DataFrame) -> dict[str, float]:
    """Viral coefficient of the referral loop: how many new customers each customer brings.

    From the ``audience`` table (columns ``person_id``, ``converted``,
    ``referred_by``):

    * ``invites_per_user`` = people referred **by a customer** / customers
      (a referral counts as an invitation that was taken up: the person came
      to look; invitations that were ignored are not in the data);
    * ``invite_conversion`` = share of those referred people who bought;
    * ``k = invites_per_user * invite_conversion``
      (:func:`utils.shared.virality.viral_coefficient`) = referred customers per customer.

    Referrals made by people who never bought (fans who talk but do not buy)
    are left out: they do not close the customer-to-customer loop. If the
    customers referred nobody, ``invite_conversion`` is reported as 0.0 and ``k``
    is 0.0. Returns a dict with the counts and the three rates.
    """
    df = _frame("audience", audience, ("person_id", "converted", "referred_by"))
    customers = set(df.loc[df["converted"].astype(bool), "person_id"].astype(int))
    if not customers:
        raise ValueError("audience has no customers (converted is never True): K per customer is undefined")
    referrer = pd.to_numeric(df["referred_by"], errors="coerce")
    by_customer = referrer.isin(customers)
    referred = int(by_customer.sum())
    referred_customers = int(df.loc[by_customer, "converted"].astype(bool).sum())
    invites = safe_divide(referred, len(customers), num_name="people referred by customers", den_name="customers")
    conversion = safe_divide(referred_customers, referred, num_name="referred customers",
                             den_name="people referred by customers", on_zero="zero")
    return {
        "customers": float(len(customers)),
        "referred": float(referred),
        "referred_customers": float(referred_customers),
        "invites_per_user": float(invites),
        "invite_conversion": float(conversion),
        "k": float(viral_coefficient(invites, conversion)),
    }


def share_k_table(posts: pd.DataFrame, contacts_per_sharer: Any = 200, by: str = "content_type") -> pd.DataFrame:
    """A viral coefficient per group of posts (content type or platform).

    Model of one sharing step: a person reached by a post shares it with
    probability ``shares / reach``; the share lands in the feeds of their
    ``contacts_per_sharer`` contacts (an **assumption**, not in the data); and a
    platform shows a feed post to the same fraction of contacts as it shows the
    brand's own organic posts to its followers (``see_rate`` = organic reach /
    followers, pooled over the group's organic posts). So

    ``k = viral_coefficient(shares/reach * contacts_per_sharer, see_rate)``.

    ``break_even_contacts`` is the number of contacts per sharer at which k
    would reach 1. Columns: ``posts``, ``reach``, ``shares``,
    ``shares_per_reached``, ``see_rate``, ``invites_per_user``, ``k``,
    ``break_even_contacts``; one row per group, sorted by ``k`` (highest first).
    Rates are fractions; pooled (sums over sums), never means of post rates.
    """
    df = _frame("posts", posts, ("paid", "followers", "reach", "shares", by))
    contacts = float(check_range("contacts_per_sharer", as_scalar("contacts_per_sharer", contacts_per_sharer),
                                 low=0, low_inclusive=False, high=100_000))
    check_choice("by", by, ("content_type", "platform", "topic"))
    rows = []
    for group, part in df.groupby(by, observed=True, sort=True):
        organic = part[~part["paid"].astype(bool)]
        if organic.empty:
            raise ValueError(f"{by} {group!r} has no organic posts, so its see_rate (organic reach / followers) "
                             f"cannot be measured; drop it or group differently")
        reach = float(check_nonnegative("reach", part["reach"]).sum())
        shares = float(check_nonnegative("shares", part["shares"]).sum())
        per_reached = safe_divide(shares, reach, num_name=f"shares of {group}", den_name=f"reach of {group}")
        see = safe_divide(float(organic["reach"].sum()), float(organic["followers"].sum()),
                          num_name="organic reach", den_name=f"followers of {group}'s organic posts")
        see = min(see, 1.0)  # a feed cannot show a post to more than all contacts
        invites = per_reached * contacts
        k = float(viral_coefficient(invites, see))
        step = per_reached * see
        rows.append({
            by: str(group), "posts": int(len(part)), "reach": reach, "shares": shares,
            "shares_per_reached": per_reached, "see_rate": see, "invites_per_user": invites, "k": k,
            "break_even_contacts": (1.0 / step) if step > 0 else float("inf"),
        })
    table = pd.DataFrame(rows).set_index(by).sort_values("k", ascending=False)
    if not np.isfinite(table["break_even_contacts"]).all():
        raise ValueError("a group has no shares at all, so no number of contacts makes it spread; "
                         "drop groups without shares")
    return table


# --------------------------------------------------------------------------- #
# Generations and totals
# --------------------------------------------------------------------------- #
def reach_table(seed_users: Any, k: Any, generations: Any) -> pd.DataFrame:
    """Expected people reached per generation and in total so far.

    Columns ``new`` (``seed_users * k**g``, :func:`utils.shared.virality.reach_by_generation`)
    and ``cumulative`` (running total, seeds included), indexed by ``generation``
    (0 = the seed audience).
    """
    new = reach_by_generation(seed_users, k, generations)
    return pd.DataFrame({"new": new, "cumulative": np.cumsum(new)},
                        index=pd.RangeIndex(len(new), name="generation"))


def describe_total(seed_users: Any, k: Any) -> str:
    """One sentence on the expected total reach with no generation cap.

    ``k < 1``: the limit ``seed_users / (1 - k)`` (:func:`utils.shared.virality.total_reach`).
    ``k >= 1``: explains why there is no finite limit and why real audiences
    saturate. Never raises for a valid ``k``; bad input raises ``ValueError``.
    """
    seeds = check_int("seed_users", seed_users, minimum=1)
    rate = float(check_nonnegative("k", as_scalar("k", k)))
    if rate < 1:
        total = total_reach(seeds, rate)
        return (f"With K = {rate:.2f}, {num(seeds)} seed people reach about {num(total)} people in total "
                f"({total / seeds:.2f}x the seed audience) if sharing never stops.")
    return (f"With K = {rate:.2f} there is no finite total: each generation is at least as big as the one "
            f"before, so on paper the spread never stops. Real audiences saturate (people run out, hear "
            f"it twice, lose interest), so count a fixed number of generations instead.")


def viral_threshold_k(factor: Any = VIRAL_FACTOR) -> float:
    """Smallest K whose expected total reach (no cap) is ``factor`` times the seed audience.

    ``seed / (1 - K) >= factor * seed``  <=>  ``K >= 1 - 1/factor``. With the
    course's 10x definition of "viral" (:data:`utils.shared.virality.VIRAL_FACTOR`)
    that is K = 0.9. ``factor`` must be greater than 1.
    """
    f = float(check_range("factor", as_scalar("factor", factor), low=1, low_inclusive=False))
    return 1.0 - 1.0 / f


def cost_per_person_reached(spend: Any, seed_reach: Any, k: Any, generations: Any = None) -> float:
    """Cost per person reached once sharing is counted: ``spend / total reach`` (EUR per person).

    ``total reach`` is :func:`utils.shared.virality.total_reach` of the ``seed_reach``
    people the money reached directly (with ``generations`` or, for ``k < 1``,
    with no cap: then it equals ``spend / seed_reach * (1 - k)``). ``spend`` in
    EUR (>= 0); ``seed_reach`` a whole number >= 1. With ``k >= 1`` and no cap a
    ``ValueError`` explains that the total is not finite.
    """
    money = float(check_nonnegative("spend", as_scalar("spend", spend)))
    return money / total_reach(seed_reach, k, generations)


def cost_table(spend: Any, seed_reach: Any, ks: Sequence[float], generations: Any = None) -> pd.DataFrame:
    """Total reach and cost per person reached for several values of K.

    One row per K: ``k``, ``total_reach`` (people), ``cost_per_person`` (EUR)
    and ``saving`` (fraction cheaper than with no sharing, K = 0).
    """
    if isinstance(ks, (str, bytes)) or not isinstance(ks, Sequence) or len(ks) == 0:
        raise TypeError("ks must be a non-empty list of viral coefficients, e.g. [0, 0.5, 0.9]")
    base = cost_per_person_reached(spend, seed_reach, 0.0, generations)
    rows = []
    for k in ks:
        cost = cost_per_person_reached(spend, seed_reach, k, generations)
        rows.append({"k": float(k), "total_reach": total_reach(seed_reach, k, generations),
                     "cost_per_person": cost, "saving": (1 - cost / base) if base > 0 else 0.0})
    return pd.DataFrame(rows)


def saturation_curves(network_size: Any = 5000, share_probability: Any = 0.15, mean_contacts: Any = 10,
                      seed_users: Any = 10, steps: Any = 15, seed: int | None = SEED) -> pd.DataFrame:
    """People reached so far, step by step: the endless expected curve vs a finite network.

    ``expected`` is the cumulative :func:`utils.shared.virality.reach_by_generation`
    with ``k = share_probability * mean_contacts`` (no saturation);
    ``network`` is :func:`utils.shared.virality.simulate_word_of_mouth` on a random
    network of ``network_size`` people (it can never exceed that size).
    Indexed by ``step``; also returns ``k`` and ``network_size`` in ``attrs``.
    """
    p = float(check_range("share_probability", as_scalar("share_probability", share_probability), low=0, high=1))
    contacts = float(check_nonnegative("mean_contacts", as_scalar("mean_contacts", mean_contacts)))
    k = p * contacts
    wom = simulate_word_of_mouth(network_size, p, seed_users=seed_users, mean_contacts=contacts,
                                 steps=steps, seed=seed)
    expected = np.cumsum(reach_by_generation(seed_users, k, steps))
    table = pd.DataFrame({"expected": expected, "network": wom.reached.astype(float)},
                         index=pd.RangeIndex(len(expected), name="step"))
    table.attrs.update({"k": k, "network_size": wom.network_size})
    return table


# --------------------------------------------------------------------------- #
# The widget's compute
# --------------------------------------------------------------------------- #
def reach_explorer(k: Any, seed_users: Any, generations: Any, capped: bool = True,
                   runs: Any = EXPLORER_RUNS, seed: int | None = SEED) -> dict[str, Any]:
    """Everything the reach panel shows, for one setting of its controls.

    ``k``: viral coefficient (0 to 5). ``seed_users``: people reached directly
    (whole number >= 1). ``generations``: sharing rounds shown (1 to
    :data:`EXPLORER_MAX_GENERATIONS`). ``capped``: if True the total counts the
    generations shown; if False it is the no-cap limit ``seed / (1 - k)``, and
    with ``k >= 1`` a :class:`NoFiniteReach` explains why there is none.

    Returns a dict: ``k``, ``seed_users``, ``generations``, ``capped``,
    ``table`` (:func:`utils.shared.virality.simulate_branching`: ``expected``,
    ``mean``, ``p10``, ``p90``, ``cumulative_mean``, ``extinct_share``),
    ``capped_total`` (expected, within the generations), ``simulated_total``
    (mean over runs), ``limit`` (no-cap total or None when k >= 1), ``total``
    (the one the cap setting reports), ``multiplier`` (total / seed), ``viral``
    (:func:`utils.shared.virality.is_viral` of the total vs the seed audience) and
    ``died_out`` (share of runs with nobody new in the last generation).
    """
    if not isinstance(capped, (bool, np.bool_)):
        raise TypeError(f"capped must be True or False, got {capped!r}")
    rate = float(check_range("k", as_scalar("k", k), low=0, high=5))
    seeds = check_int("seed_users", seed_users, minimum=1, maximum=1_000_000)
    gens = check_int("generations", generations, minimum=1, maximum=EXPLORER_MAX_GENERATIONS)
    if not capped and rate >= 1:
        raise NoFiniteReach(
            f"With K = {rate:.2f} and no generation cap there is no finite total reach: every generation is "
            f"at least as big as the one before, so on paper the spread never stops. Real audiences saturate "
            f"(people run out, hear it twice, lose interest). Tick the cap to count the first {gens} "
            f"generations, or move K below 1."
        )
    n_runs = check_int("runs", runs, minimum=1, maximum=100_000)
    table = simulate_branching(seeds, rate, gens, runs=n_runs, seed=seed, percentiles=(10, 90))
    capped_total = total_reach(seeds, rate, gens)
    limit = total_reach(seeds, rate) if rate < 1 else None
    total = capped_total if capped else limit
    return {
        "k": rate, "seed_users": seeds, "generations": gens, "capped": bool(capped), "runs": n_runs,
        "table": table,
        "capped_total": capped_total, "simulated_total": float(table["cumulative_mean"].iloc[-1]),
        "limit": limit, "total": total, "multiplier": total / seeds,
        "viral": bool(is_viral(total, seeds)), "died_out": float(table["extinct_share"].iloc[-1]),
    }


def reach_rows(result: dict[str, Any]) -> list[tuple[str, str]]:
    """The panel's results table for a :func:`reach_explorer` result."""
    g = result["generations"]
    k = result["k"]
    trend = "shrinks" if k < 1 else ("stays the same size" if k == 1 else "grows")
    limit = "no finite limit (K ≥ 1)" if result["limit"] is None else num(result["limit"])
    return [
        ("Viral coefficient K", f"{k:.2f} (each generation {trend})"),
        (f"Expected reach, generations 0-{g}", num(result["capped_total"])),
        (f"Simulated mean reach ({result['runs']} runs)", num(result["simulated_total"])),
        ("No-cap total seed / (1 - K)", limit),
        ("Total reported", f"{num(result['total'])} ({'capped' if result['capped'] else 'no cap'})"),
        ("Reach / seed audience", f"{num(result['multiplier'], 2 if result['multiplier'] < 100 else 0)}x"),
        (f"Viral (≥ {VIRAL_FACTOR:g}x the seed audience)?", "yes" if result["viral"] else "no"),
        (f"Runs with nobody new in generation {g}", pct(result["died_out"], 0)),
    ]
