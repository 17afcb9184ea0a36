"""Customer relationship management: interactions and customer value with referrals.

Social media carries two kinds of interaction (see :func:`interaction_counts`):

* **customer-to-customer (C2C)**: a customer refers a friend, shares a brand post,
  mentions the brand where other people read it;
* **firm-to-customer (F2C)**: the brand answers a message, publishes a post.

Traditional marketing values a customer by what they buy. Social media also shows
whom they brought in, so a customer can be valued **directly** (their own
``purchase_value``) and **indirectly** (the ``purchase_value`` of the people they
referred, and optionally of the people *those* referred, at a decay):

``indirect = sum over levels k = 1..depth of decay ** (k - 1) * value referred at level k``

``total = direct + referral_weight * indirect``

``referral_weight`` is how much of a referred purchase the referrer is credited
with (0: purchases only; 1: full credit; more than 1 if you believe referred
customers are worth more than their first orders). Credit is not extra money:
a referred purchase counts for the buyer *and* for the referrer, so total values
add up to more than revenue.

Everything is vectorised (one ``bincount`` per referral level and an ``argsort``
per ranking): a million customers take well under a second.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from utils.shared.config import BRAND
from utils.shared.validation import (
    check_frame,
    as_numeric,
    as_scalar,
    check_fraction,
    check_int,
    check_nonnegative,
    check_range,
    describe_rows,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_REFERRAL_WEIGHT",
    "customer_value",
    "describe_setting",
    "explore",
    "explore_rows",
    "interaction_counts",
    "rank_descending",
    "ranking",
    "undervalued",
    "value_summary",
]

#: Deepest referral level :func:`customer_value` follows.
MAX_DEPTH: int = 5

#: Largest referral weight accepted (credit of 10x a referred purchase is already absurd).
MAX_REFERRAL_WEIGHT: float = 10.0

#: Columns of :func:`customer_value`'s table.
VALUE_COLUMNS: tuple[str, ...] = (
    "direct_value", "referrals", "referred_value", "further_value", "indirect_value",
    "weighted_indirect", "total_value", "rank_purchases", "rank_total", "rank_gain",
)


# --------------------------------------------------------------------------- #
# Ranking
# --------------------------------------------------------------------------- #
def rank_descending(values: Any) -> np.ndarray:
    """Competition ranks, highest value first: ``[30, 50, 30, 10] -> [2, 1, 2, 4]``.

    Equal values share the best rank of their group (like sports tables), so the
    many customers who bought nothing share one rank. Returns an ``int64`` array.
    """
    v = np.asarray(as_numeric("values", values), dtype=float)
    if v.ndim != 1:
        raise ValueError(f"values must be one column of numbers, got shape {v.shape}")
    return _rank(v)


def _rank(v: np.ndarray) -> np.ndarray:
    """:func:`rank_descending` of a validated 1-D float array."""
    order = np.argsort(-v)  # ties get one rank below, so their order does not matter
    ordered = v[order]
    positions = np.arange(v.size)
    starts = np.ones(v.size, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    first = np.maximum.accumulate(np.where(starts, positions, 0))
    ranks = np.empty(v.size, dtype=np.int64)
    ranks[order] = first + 1
    return ranks


# --------------------------------------------------------------------------- #
# Customer value on the referral network
# --------------------------------------------------------------------------- #
def _frame(audience: Any, columns: tuple[str, ...]) -> pd.DataFrame:
    return check_frame("audience", audience, columns, hint="load it with utils.shared.data.load_audience()")

def _ascending(ids: np.ndarray) -> bool:
    """True if ``ids`` strictly increase (then they are unique and already sorted)."""
    return ids.size < 2 or bool(np.all(ids[1:] > ids[:-1]))


def _positions(ids: np.ndarray, wanted: np.ndarray, ascending: bool) -> np.ndarray:
    """Row position of each ``wanted`` id in the unique ``ids`` (-1 if absent), by binary
    search; ``ascending`` is :func:`_ascending` of ``ids``."""
    if ids.size == 0:
        return np.full(wanted.size, -1, dtype=np.int64)
    start = int(ids[0])
    if ascending and int(ids[-1]) - start == ids.size - 1:  # ids start..start+n-1 in order
        at = wanted - start
        return np.where((at >= 0) & (at < ids.size), at, -1)
    order = None if ascending else np.argsort(ids)
    ordered = ids if order is None else ids[order]
    at = np.minimum(np.searchsorted(ordered, wanted), ids.size - 1)
    found = ordered[at] == wanted
    positions = at if order is None else order[at]
    return np.where(found, positions, -1)


def _parents(audience: pd.DataFrame) -> tuple[pd.Index, np.ndarray]:
    """The person ids and, for every row, the row position of its referrer (-1: none)."""
    ids = audience["person_id"]
    if not pd.api.types.is_integer_dtype(ids.dtype) or ids.isna().any():
        raise TypeError(f"audience['person_id'] must hold whole numbers without gaps, got dtype {ids.dtype}")
    values = ids.to_numpy(dtype=np.int64)
    index = pd.Index(values, name="person_id")
    ascending = _ascending(values)  # the usual 1..n: unique without hashing
    if not ascending and not index.is_unique:
        dup = index.duplicated()
        raise ValueError(f"audience['person_id'] must be unique; repeated in {describe_rows(dup, None, lambda i: str(index[i]))}")
    ref = audience["referred_by"]
    if pd.api.types.is_bool_dtype(ref.dtype) or not (pd.api.types.is_numeric_dtype(ref.dtype) or ref.isna().all()):
        raise TypeError(f"audience['referred_by'] must hold person ids (numbers) or be empty, got dtype {ref.dtype}")
    raw = ref.to_numpy(dtype=float, na_value=np.nan)
    has = ~np.isnan(raw)
    given = raw[has]
    with np.errstate(invalid="ignore"):  # ids too large for int64 are caught just below
        whole = given.astype(np.int64)
    if (whole != given).any():  # (cheaper than a % 1 test on a million rows)
        bad = np.zeros(len(audience), dtype=bool)
        bad[has] = whole != given  # a fraction, or too large to be an id
        raise ValueError(f"audience['referred_by'] must hold whole person ids; violated in {describe_rows(bad, None)}")
    parent = np.full(len(audience), -1, dtype=np.int64)
    parent[has] = _positions(values, whole, ascending)
    unknown = has & (parent < 0)
    if unknown.any():
        raise ValueError(
            "audience['referred_by'] must name a person_id in the table; unknown referrer in "
            + describe_rows(unknown, ids.index, lambda i: f"referred_by {int(raw[i])}")
        )
    own = parent == np.arange(len(audience))
    if own.any():
        raise ValueError("audience['referred_by'] cannot be the person's own id; self-referral in "
                         + describe_rows(own, ids.index))
    return index, parent


def customer_value(
    audience: pd.DataFrame,
    referral_weight: Any = 1.0,
    depth: Any = 1,
    decay: Any = 0.5,
) -> pd.DataFrame:
    """Direct, indirect and total value of every customer, with both rankings.

    ``audience`` needs ``person_id`` (unique), ``purchase_value`` (EUR, >= 0) and
    ``referred_by`` (a ``person_id`` or empty). Parameters:

    * ``referral_weight`` (0..10): credit for referred value (0 = purchases only).
    * ``depth`` (0..5): referral levels followed (1 = the people they referred;
      2 = also the people those referred; 0 = none).
    * ``decay`` (0..1): weight of each further level relative to the one before.

    Returns one row per person (index ``person_id``, input order) with
    ``direct_value`` (own purchases), ``referrals`` (people referred directly),
    ``referred_value`` (their purchases, level 1), ``further_value`` (levels 2 to
    ``depth``, decayed), ``indirect_value = referred_value + further_value``,
    ``weighted_indirect = referral_weight * indirect_value``, ``total_value``,
    ``rank_purchases`` (rank by own purchases), ``rank_total`` (rank by total) and
    ``rank_gain = rank_purchases - rank_total`` (positive: a purchase-only view
    undervalues this person). Ranks: 1 = most valuable, ties share a rank.

    Raises ``ValueError`` for unknown referrers, self-referrals or a referral loop
    within ``depth`` (which would credit people with their own purchases).
    """
    df = _frame(audience, ("person_id", "purchase_value", "referred_by"))
    weight = float(check_range("referral_weight", as_scalar("referral_weight", referral_weight),
                               low=0, high=MAX_REFERRAL_WEIGHT))
    levels = check_int("depth", depth, minimum=0, maximum=MAX_DEPTH)
    fade = float(check_fraction("decay", as_scalar("decay", decay)))
    index, parent = _parents(df)
    direct = check_nonnegative("audience['purchase_value']", df["purchase_value"].to_numpy()).astype(float)
    n = len(df)
    has = parent >= 0
    children_of = parent[has]
    referrals = np.bincount(children_of, minlength=n)

    # Loops within `depth` would send a purchase back to its own buyer.
    ancestor = parent.copy()
    rows = np.arange(n)
    for level in range(1, levels + 1):
        loop = ancestor == rows
        if loop.any():
            raise ValueError(f"audience['referred_by'] has a referral loop of length {level}; "
                             f"first person in it: {describe_rows(loop, None, lambda i: str(index[i]))}")
        ancestor = np.where(ancestor >= 0, parent[np.maximum(ancestor, 0)], -1)

    level_values = []
    current = direct
    for _ in range(levels):
        current = np.bincount(children_of, weights=current[has], minlength=n)
        level_values.append(current)
    referred = level_values[0] if levels >= 1 else np.zeros(n)
    further = np.zeros(n)
    for k, values in enumerate(level_values[1:], start=2):
        further += fade ** (k - 1) * values
    indirect = referred + further
    weighted = weight * indirect
    total = direct + weighted
    rank_purchases = _rank(direct)
    rank_total = _rank(total)
    return pd.DataFrame(
        {
            "direct_value": direct,
            "referrals": referrals,
            "referred_value": referred,
            "further_value": further,
            "indirect_value": indirect,
            "weighted_indirect": weighted,
            "total_value": total,
            "rank_purchases": rank_purchases,
            "rank_total": rank_total,
            "rank_gain": rank_purchases - rank_total,
        },
        index=index,
        copy=False,  # the arrays are new: no need to copy them again
    )


def _values_table(values: Any) -> pd.DataFrame:
    if not isinstance(values, pd.DataFrame) or any(c not in values.columns for c in VALUE_COLUMNS):
        raise TypeError("values must be the table returned by customer_value(...)")
    return values


def _top_n(top_n: Any, size: int) -> int:
    """A whole number >= 1; more than there are customers means all of them."""
    return min(check_int("top_n", top_n, minimum=1, maximum=10**9), max(size, 1))


def ranking(values: pd.DataFrame, top_n: Any = 10) -> pd.DataFrame:
    """The ``top_n`` most valuable customers by ``total_value`` (ties: lower person_id first)."""
    values = _values_table(values)
    n = _top_n(top_n, len(values))
    order = np.lexsort((values.index.to_numpy(), values["rank_total"].to_numpy()))
    return values.iloc[order[:n]]


def undervalued(values: pd.DataFrame, top_n: Any = 10) -> pd.DataFrame:
    """The ``top_n`` customers whose rank rises most once referrals count.

    Sorted by ``rank_gain`` (largest first), then by ``total_value``; only people
    whose rank rises at all (``rank_gain > 0``), so the table can be shorter.
    """
    values = _values_table(values)
    n = _top_n(top_n, len(values))
    rising = values[values["rank_gain"] > 0]
    order = np.lexsort((rising.index.to_numpy(), -rising["total_value"].to_numpy(), -rising["rank_gain"].to_numpy()))
    return rising.iloc[order[:n]]


def value_summary(values: pd.DataFrame, top_n: Any = 10) -> dict[str, float]:
    """Totals over all customers and how a purchase-only view misreads the top.

    ``direct`` (EUR, = revenue), ``weighted_indirect`` (EUR of referral credit),
    ``total`` (their sum), ``indirect_share = weighted_indirect / total`` (fraction of
    the credited value that comes from referrals; 0 when nothing is credited),
    ``missed_in_top``: how many of the ``top_n`` by total value are outside the
    ``top_n`` by purchases.
    """
    values = _values_table(values)
    n = _top_n(top_n, len(values))
    direct = float(values["direct_value"].sum())
    weighted = float(values["weighted_indirect"].sum())
    total = direct + weighted
    top = ranking(values, n)
    return {
        "direct": direct,
        "weighted_indirect": weighted,
        "total": total,
        "indirect_share": weighted / total if total > 0 else 0.0,
        "missed_in_top": int((top["rank_purchases"] > n).sum()),
    }


# --------------------------------------------------------------------------- #
# Interactions
# --------------------------------------------------------------------------- #
def interaction_counts(
    audience: pd.DataFrame,
    posts: pd.DataFrame,
    inbox: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    brand: str = BRAND,
) -> pd.DataFrame:
    """Counts of customer-to-customer and firm-to-customer interactions in 2025.

    C2C: ``referrals`` (people with a ``referred_by``), ``shares`` of the brand's
    posts, and (if ``mentions`` is given) public mentions of ``brand``.
    F2C: inbox ``replies`` (messages with an ``answered_at``) and ``posts`` published.
    Columns ``kind`` (``"C2C"``/``"F2C"``), ``interaction``, ``count``.
    """
    _frame(audience, ("referred_by",))
    check_frame("posts", posts, ("shares",))
    check_frame("inbox", inbox, ("answered_at",))
    shares = check_nonnegative("posts['shares']", posts["shares"])
    rows = [
        ("C2C", "referrals (a customer brings in someone new)", int(audience["referred_by"].notna().sum())),
        ("C2C", "shares of brand posts", int(shares.sum())),
    ]
    if mentions is not None:
        if not isinstance(mentions, pd.DataFrame):
            raise TypeError(f"mentions must be a pandas DataFrame or None, got {type(mentions).__name__}")
        own = mentions[mentions["brand"].astype(str) == brand]
        rows.append(("C2C", f"public mentions of {brand}",
                     int(own[["positive", "neutral", "negative"]].to_numpy().sum())))
    rows += [
        ("F2C", "inbox replies (the brand answers a message)", int(inbox["answered_at"].notna().sum())),
        ("F2C", "posts published by the brand", int(len(posts))),
    ]
    return pd.DataFrame(rows, columns=["kind", "interaction", "count"])


# --------------------------------------------------------------------------- #
# The explorer (pure compute behind the notebook 07 panel)
# --------------------------------------------------------------------------- #
def explore(
    audience: pd.DataFrame,
    *,
    referral_weight: Any = 1.0,
    depth: Any = 1,
    decay: Any = 0.5,
    top_n: Any = 10,
) -> dict[str, Any]:
    """Everything the customer-value panel shows: ``values``, ``top``, ``summary`` and the settings."""
    values = customer_value(audience, referral_weight=referral_weight, depth=depth, decay=decay)
    n = _top_n(top_n, len(values))
    return {
        "referral_weight": float(referral_weight),
        "depth": int(depth),
        "decay": float(decay),
        "top_n": n,
        "values": values,
        "top": ranking(values, n),
        "summary": value_summary(values, n),
    }


def describe_setting(referral_weight: float, depth: int, decay: float) -> str:
    """The value formula in words, e.g. ``'purchases + 1 x referred purchases (1 level)'``."""
    if depth == 0 or referral_weight == 0:
        return "purchases only"
    levels = "1 level" if depth == 1 else f"{depth} levels, each further level x {decay:g}"
    return f"purchases + {referral_weight:g} x referred purchases ({levels})"


def explore_rows(result: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The panel's results table: the setting, the summary, then one row per top customer."""
    from utils.shared.plotting import eur, pct

    s, n = result["summary"], result["top_n"]
    rows = [
        ("Value counted", describe_setting(result["referral_weight"], result["depth"], result["decay"])),
        ("Share of credited value from referrals", pct(s["indirect_share"])),
        (f"Top {n} outside the purchase-only top {n}", f"{s['missed_in_top']} of {n}"),
    ]
    for pid, r in result["top"].iterrows():
        rows.append((
            f"#{int(r['rank_total'])} person {pid}",
            f"{eur(r['total_value'], 2)} = {eur(r['direct_value'], 2)} bought + {eur(r['weighted_indirect'], 2)} referred "
            f"(purchase-only rank #{int(r['rank_purchases'])})",
        ))
    return rows
