"""Customer segmentation: pick a target audience, profile it, and price reaching it.

A segment is a :class:`SegmentSpec` over the six attributes that step 2 of the
SMM action plan names (age, location, income, job title, industry, interests).
Within one attribute the chosen values are alternatives (Helsinki *or* Oslo);
across attributes every filter must hold (age 25-34 *and* interest wellness).
An attribute left empty does not filter.

* :func:`filter_audience` turns a spec into a boolean mask over an audience table.
* :func:`profile` sums a selection: people, engagement rate
  (``sum engagements / sum impressions``, pooled), conversion rate
  (``buyers / people``), orders per impression, average order value.
* :func:`compare` puts a segment beside the whole audience with the **lift**
  (``segment rate / whole-audience rate``; 1.0 means no better than everyone).
* :func:`budget_return` and :func:`budget_comparison` price a fixed budget aimed
  at the segment versus at everyone (cost model below).
* A selection that matches nobody raises :class:`EmptySegmentError`, a
  ``ValueError`` whose message names the filters ("No one in the audience
  matches: age 70-75 and job Student. Widen a filter.").

Cost model of :func:`budget_return` (all parameters, nothing hidden):
``impressions = budget / (cpm * (1 + targeting_premium)) * 1000`` where ``cpm`` is
the price in EUR of 1,000 impressions aimed at everyone and ``targeting_premium``
the extra fraction a narrower audience costs; ``orders = impressions x the
group's orders per impression`` (as observed in the data); ``revenue = orders x
average order value`` (EUR). It assumes the bought impressions convert like the
ones the group has already seen (no saturation).

Everything is vectorised (categorical codes, one factorisation of the interest
lists), so filtering and profiling a million people takes a fraction of a second.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from utils.shared.ad_targeting import check_targeting, review_targeting, targeting_rows
from utils.shared.config import GROSS_MARGIN
from utils.shared import metrics, stats
from utils.shared.validation import (
    check_frame,
    as_scalar,
    check_choice,
    check_fraction,
    check_nonnegative,
    check_positive,
    check_range,
    safe_divide,
)

__all__ = [
    "AGE_BANDS",
    "ATTRIBUTES",
    "COMPARE_ROWS",
    "BudgetReturn",
    "EmptySegmentError",
    "MIN_RELIABLE_PEOPLE",
    "SegmentProfile",
    "SegmentSpec",
    "age_limits",
    "breakdown",
    "budget_comparison",
    "budget_return",
    "compare",
    "explore",
    "explore_rows",
    "filter_audience",
    "narrowing",
    "profile",
    "vocabulary",
]

#: The six targeting attributes of the action plan, as audience columns.
ATTRIBUTES: tuple[str, ...] = ("age", "location", "income_band", "job_title", "industry", "interests")
_CATEGORIES: tuple[str, ...] = ("location", "income_band", "job_title", "industry")
_LISTS: tuple[str, ...] = ("interests",)

#: How each filter is named in a sentence ("age 25-34 and interest wellness").
LABELS: dict[str, str] = {
    "age": "age", "location": "location", "income_band": "income", "job_title": "job",
    "industry": "industry", "interests": "interest",
}

#: Age bands of :func:`breakdown` (inclusive years).
AGE_BANDS: tuple[tuple[int, int], ...] = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, 75))

#: Below this many people a segment's rates are too noisy to act on.
MIN_RELIABLE_PEOPLE: int = 30

#: Columns :func:`profile` sums.
PROFILE_COLUMNS: tuple[str, ...] = ("impressions", "engagements", "converted", "purchases", "purchase_value")

_SEPARATOR = ";"


# --------------------------------------------------------------------------- #
# The vocabulary of the audience (from data/dictionary.csv)
# --------------------------------------------------------------------------- #
@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, tuple[str, ...]], tuple[int, int]]:
    from utils.shared.data import column_specs

    specs = {s.name: s for s in column_specs("audience")}
    values = {name: specs[name].allowed for name in (*_CATEGORIES, *_LISTS)}
    return values, (int(specs["age"].min), int(specs["age"].max))


def vocabulary() -> dict[str, tuple[str, ...]]:
    """Allowed values of each category/list attribute, in the data dictionary's order.

    ``income_band`` is ordered from low to high income. Ages are in :func:`age_limits`.
    """
    return dict(_dictionary()[0])


def age_limits() -> tuple[int, int]:
    """Youngest and oldest age in the audience (years, inclusive)."""
    return _dictionary()[1]


# --------------------------------------------------------------------------- #
# The segment spec
# --------------------------------------------------------------------------- #
class EmptySegmentError(ValueError):
    """A selection that matches nobody. The message names the filters to widen."""

    def __init__(self, description: str) -> None:
        self.description = description
        super().__init__(f"No one in the audience matches: {description}. Widen a filter.")


def _age(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)) or len(value) != 2:
        raise TypeError(f"age must be a pair (youngest, oldest) of whole years such as (25, 34) or None, got {value!r}")
    bounds = []
    for which, v in zip(("youngest", "oldest"), value):
        if isinstance(v, (bool, np.bool_)):
            raise TypeError(f"age: the {which} age must be a whole number of years, got {v!r}")
        x = as_scalar(f"age ({which})", v)
        if not x.is_integer():
            raise ValueError(f"age: the {which} age must be a whole number of years, got {v!r}")
        bounds.append(int(x))
    lo, hi = bounds
    low, high = age_limits()
    if lo > hi:
        raise ValueError(f"age: the youngest age ({lo}) is above the oldest ({hi}); give (youngest, oldest)")
    if lo < low or hi > high:
        raise ValueError(f"age must lie between {low} and {high} (the ages in the audience), got {lo}-{hi}")
    return None if (lo, hi) == (low, high) else (lo, hi)


def _values(name: str, value: Any) -> tuple[str, ...]:
    """Normalise one attribute's chosen values: a tuple in dictionary order, no repeats.

    Matching is case-insensitive; choosing every allowed value is the same as no filter.
    """
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (Sequence, set, frozenset, np.ndarray, pd.Index)):
        raise TypeError(f"{name} must be a value or a list of values, got {type(value).__name__}")
    allowed = vocabulary()[name]
    lookup = {a.lower(): a for a in allowed}
    chosen = set()
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{name} must hold text values such as {allowed[0]!r}, got {item!r}")
        if item.strip().lower() not in lookup:
            raise ValueError(f"{name}: {item!r} is not in the audience; choose from {', '.join(allowed)}")
        chosen.add(lookup[item.strip().lower()])
    if len(chosen) == len(allowed) and name not in _LISTS:
        return ()
    return tuple(a for a in allowed if a in chosen)


@dataclass(frozen=True)
class SegmentSpec:
    """A target audience over the six attributes of the action plan.

    ``age`` is ``(youngest, oldest)`` in whole years, inclusive, or ``None`` for any
    age. Every other field is a tuple of allowed values (a single string or a list
    is accepted and normalised); an empty tuple means "any". Values of one field
    are alternatives; different fields must all hold. ``interests_match`` says
    whether a person needs ``"any"`` of the chosen interests (default) or ``"all"``.

    Unknown values raise ``ValueError`` naming the field and the allowed values;
    wrong types raise ``TypeError``.

    >>> SegmentSpec(age=(25, 34), interests="wellness").describe()
    'age 25-34 and interest wellness'
    """

    age: tuple[int, int] | None = None
    location: tuple[str, ...] = ()
    income_band: tuple[str, ...] = ()
    job_title: tuple[str, ...] = ()
    industry: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    interests_match: str = "any"

    def __post_init__(self) -> None:
        object.__setattr__(self, "age", _age(self.age))
        for name in (*_CATEGORIES, *_LISTS):
            object.__setattr__(self, name, _values(name, getattr(self, name)))
        check_choice("interests_match", self.interests_match, ("any", "all"))

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> "SegmentSpec":
        """Build a spec from a mapping (e.g. widget values); unknown keys raise ``ValueError``."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise ValueError(f"unknown segment field(s) {unknown}; use {', '.join(sorted(names))}")
        return cls(**dict(values))

    @property
    def active(self) -> tuple[str, ...]:
        """The attributes that filter (in :data:`ATTRIBUTES` order)."""
        return tuple(a for a in ATTRIBUTES if getattr(self, a))

    def only(self, attributes: Sequence[str]) -> "SegmentSpec":
        """The same spec keeping only the filters on ``attributes``."""
        keep = {a: getattr(self, a) for a in attributes}
        return SegmentSpec(interests_match=self.interests_match, **keep)

    def part(self, attribute: str) -> str:
        """One filter in words: ``'age 25-34'``, ``'location Helsinki or Oslo'``."""
        value = getattr(self, attribute)
        if attribute == "age":
            lo, hi = value
            return f"age {lo}" if lo == hi else f"age {lo}-{hi}"
        joiner = " and " if attribute == "interests" and self.interests_match == "all" else " or "
        label = "interests" if joiner == " and " and len(value) > 1 else LABELS[attribute]
        return f"{label} {joiner.join(value)}"

    def describe(self) -> str:
        """The active filters in words, or ``'everyone'``."""
        parts = [self.part(a) for a in self.active]
        if not parts:
            return "everyone"
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]

    def __str__(self) -> str:
        return self.describe()


def _spec(spec: Any) -> SegmentSpec:
    if isinstance(spec, SegmentSpec):
        return spec
    if spec is None:
        return SegmentSpec()
    if isinstance(spec, Mapping):
        return SegmentSpec.from_values(spec)
    raise TypeError(f"spec must be a SegmentSpec (or a dict of its fields), got {type(spec).__name__}")


# --------------------------------------------------------------------------- #
# Filtering
# --------------------------------------------------------------------------- #
def _frame(df: Any, columns: Sequence[str]) -> pd.DataFrame:
    return check_frame("df", df, columns, hint="load the audience with utils.shared.data.load_audience()")

def _member(column: pd.Series, wanted: Sequence[str]) -> np.ndarray:
    """``column isin wanted``: through the category codes when the column is categorical."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        table = np.append(np.asarray(column.cat.categories.isin(list(wanted))), False)
        return table[codes]  # missing values have code -1 -> the appended False
    return column.isin(list(wanted)).to_numpy(dtype=bool)


def _list_member(column: pd.Series, wanted: Sequence[str], match: str) -> np.ndarray:
    """Does each row's ``;``-separated list hold any (or all) of ``wanted``?

    The list strings are factorised once; the test runs on the few distinct lists.
    """
    codes, uniques = pd.factorize(column)
    want = set(wanted)
    test = want.issubset if match == "all" else (lambda items: not want.isdisjoint(items))
    table = np.fromiter(
        (isinstance(u, str) and test(u.split(_SEPARATOR)) for u in uniques), dtype=bool, count=len(uniques)
    )
    return np.append(table, False)[codes]


def filter_audience(df: pd.DataFrame, spec: Any) -> pd.Series:
    """Boolean mask (a Series on ``df.index``) of the people in segment ``spec``.

    ``spec`` is a :class:`SegmentSpec` (or a dict of its fields). Rows with a
    missing value in a filtered attribute are outside the segment. The mask may
    select nobody; :func:`profile` then raises :class:`EmptySegmentError`.
    """
    spec = _spec(spec)
    df = _frame(df, spec.active)
    mask = np.ones(len(df), dtype=bool)
    if spec.age is not None:
        ages = df["age"]
        if not pd.api.types.is_numeric_dtype(ages.dtype) or pd.api.types.is_bool_dtype(ages.dtype):
            raise TypeError(f"df['age'] must hold numbers (years), got dtype {ages.dtype}")
        years = ages.to_numpy(dtype=float, na_value=np.nan)
        mask &= (years >= spec.age[0]) & (years <= spec.age[1])
    for name in _CATEGORIES:
        if getattr(spec, name):
            mask &= _member(df[name], getattr(spec, name))
    if spec.interests:
        mask &= _list_member(df["interests"], spec.interests, spec.interests_match)
    return pd.Series(mask, index=df.index, name="in_segment", copy=False)


# --------------------------------------------------------------------------- #
# Profiles
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class SegmentProfile:
    """Totals and pooled rates of one selection of the audience.

    Rates are fractions. ``engagement_rate = engagements / impressions`` (pooled);
    ``conversion_rate = buyers / people``; ``orders_per_impression = orders /
    impressions``; ``average_order_value = revenue / orders`` in EUR (0 if the
    selection placed no orders); ``share = people / audience_size``.
    """

    description: str
    people: int
    audience_size: int
    share: float
    impressions: int
    engagements: int
    engagement_rate: float
    buyers: int
    conversion_rate: float
    orders: int
    orders_per_impression: float
    revenue: float
    revenue_per_impression: float
    average_order_value: float

    @property
    def reliable(self) -> bool:
        """At least :data:`MIN_RELIABLE_PEOPLE` people (rates are not just noise)."""
        return self.people >= MIN_RELIABLE_PEOPLE

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _as_mask(where: Any, df: pd.DataFrame) -> tuple[np.ndarray, str]:
    """A boolean array for ``where`` (None, a spec, a dict, or a mask) and its description."""
    if where is None or isinstance(where, (SegmentSpec, Mapping)):
        spec = _spec(where)
        return filter_audience(df, spec).to_numpy(), spec.describe()
    if isinstance(where, pd.Series):
        if not pd.api.types.is_bool_dtype(where.dtype):
            raise TypeError(f"where must be a boolean mask, got a Series of dtype {where.dtype}")
        if not where.index.equals(df.index):
            raise ValueError("where (a mask) must have the same index as df; build it with filter_audience(df, spec)")
        return where.to_numpy(dtype=bool), "this selection"
    if isinstance(where, (np.ndarray, list, tuple)):
        arr = np.asarray(where)
        if arr.dtype != bool:
            raise TypeError(f"where must be a SegmentSpec or a boolean mask, got an array of dtype {arr.dtype}")
        if arr.shape != (len(df),):
            raise ValueError(f"where (a mask) has shape {arr.shape} but df has {len(df)} rows")
        return arr, "this selection"
    raise TypeError(f"where must be a SegmentSpec, a dict of its fields, a boolean mask or None, got {type(where).__name__}")


def _sum_count(df: pd.DataFrame, name: str, mask: np.ndarray) -> int:
    col = df[name]
    if pd.api.types.is_bool_dtype(col.dtype):
        values = col.to_numpy(dtype=bool)[mask]
        return int(values.sum())
    values = check_nonnegative(f"df['{name}']", col.to_numpy()[mask])
    return int(np.sum(values))


def profile(df: pd.DataFrame, where: Any = None) -> SegmentProfile:
    """Size and pooled rates of a selection of the audience.

    ``where`` is ``None`` (everyone), a :class:`SegmentSpec` (or dict of its
    fields) or a boolean mask over ``df``'s rows. Raises :class:`EmptySegmentError`
    if it selects nobody, ``ValueError`` for negative or missing counts.
    """
    df = _frame(df, PROFILE_COLUMNS)
    mask, description = _as_mask(where, df)
    people = int(mask.sum())
    if people == 0:
        raise EmptySegmentError(description)
    impressions = _sum_count(df, "impressions", mask)
    engagements = _sum_count(df, "engagements", mask)
    buyers = _sum_count(df, "converted", mask)
    orders = _sum_count(df, "purchases", mask)
    revenue = float(np.sum(check_nonnegative("df['purchase_value']", df["purchase_value"].to_numpy()[mask])))
    if buyers > people:
        raise ValueError(f"converted ({buyers}) cannot exceed the number of people ({people})")
    return SegmentProfile(
        description=description,
        people=people,
        audience_size=len(df),
        share=people / len(df),
        impressions=impressions,
        engagements=engagements,
        engagement_rate=metrics.engagement_rate(engagements, impressions, base_name="impressions"),
        buyers=buyers,
        conversion_rate=safe_divide(buyers, people, num_name="buyers", den_name="people"),
        orders=orders,
        orders_per_impression=safe_divide(orders, impressions, num_name="orders", den_name="impressions"),
        revenue=revenue,
        revenue_per_impression=safe_divide(revenue, impressions, num_name="revenue", den_name="impressions"),
        average_order_value=safe_divide(revenue, orders, num_name="revenue", den_name="orders", on_zero="zero"),
    )


#: Rows of :func:`compare`: profile field -> label naming the denominator
#: (``table.rename(index=COMPARE_ROWS)`` for display).
COMPARE_ROWS: dict[str, str] = {
    "engagement_rate": "engagement rate (engagements / impressions)",
    "conversion_rate": "conversion rate (buyers / people)",
    "orders_per_impression": "orders per impression",
    "revenue_per_impression": "revenue per impression (EUR)",
    "average_order_value": "average order value (EUR)",
}


def compare(df: pd.DataFrame, spec: Any) -> pd.DataFrame:
    """A segment beside the whole audience, with the lift.

    One row per rate of :data:`COMPARE_ROWS` (index: the profile field name),
    columns ``segment``, ``everyone`` and ``lift = segment / everyone`` (1.0: no
    better than aiming at everyone; 2.0: twice as good). Raises
    :class:`EmptySegmentError` for an empty segment.
    """
    seg = profile(df, spec)
    everyone = profile(df, None)
    table = pd.DataFrame(
        {
            "segment": [getattr(seg, k) for k in COMPARE_ROWS],
            "everyone": [getattr(everyone, k) for k in COMPARE_ROWS],
        },
        index=pd.Index(list(COMPARE_ROWS), name="metric"),
    )
    table["lift"] = safe_divide(
        table["segment"], table["everyone"], num_name="segment rate", den_name="whole-audience rate",
        name="lift", context="lift",
    )
    return table


def lift_intervals(df: pd.DataFrame, spec: Any, *, confidence: float = 0.95, samples: int = 1000) -> pd.DataFrame:
    """How sure is a segment's lift? The lifts of :func:`compare` with a bootstrap interval each.

    Rows ``conversion_rate`` (buyers / people) and ``engagement_rate``
    (engagements / impressions, pooled); columns ``lift``, ``low``, ``high``
    (the interval, :func:`utils.shared.stats.bootstrap_lift`, seeded),
    ``within_noise`` (the interval includes 1) and ``verdict`` (a sentence).
    Raises :class:`EmptySegmentError` for an empty segment.
    """
    seg = profile(df, spec)  # validates the frame and the spec, raises for an empty segment
    member = filter_audience(df, spec).to_numpy()
    rows = {
        "conversion_rate": (df["converted"].to_numpy(dtype=float), np.ones(len(df))),
        "engagement_rate": (df["engagements"].to_numpy(dtype=float), df["impressions"].to_numpy(dtype=float)),
    }
    out = []
    for name, (num, den) in rows.items():
        res = stats.bootstrap_lift(num, den, member, samples=samples, confidence=confidence)
        what = f"the lift in {COMPARE_ROWS[name]}"
        out.append({"metric": name, "lift": res["lift"], "low": res["low"], "high": res["high"],
                    "within_noise": res["low"] <= 1.0 <= res["high"],
                    "verdict": stats.verdict(res["low"], res["high"], null=1.0, what=what, scale="ratio")})
    table = pd.DataFrame(out).set_index("metric")
    table.attrs["people"] = seg.people
    return table


# --------------------------------------------------------------------------- #
# What a budget buys
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class BudgetReturn:
    """What a budget returns under the cost model of the module docstring (EUR, counts).

    ``cost_per_order`` is ``None`` when the budget buys no orders.
    """

    budget: float
    cpm_paid: float
    impressions: float
    orders: float
    revenue: float
    roas: float
    roi: float
    cost_per_order: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _premium(value: Any) -> float:
    return float(check_range("targeting_premium", as_scalar("targeting_premium", value), low=0, high=10,
                             hint="a fraction: 0.25 means targeted impressions cost 25% more"))


def budget_return(
    budget: Any,
    cpm: Any,
    orders_per_impression: Any,
    average_order_value: Any,
    *,
    targeting_premium: Any = 0.0,
    gross_margin: Any = GROSS_MARGIN,
) -> BudgetReturn:
    """Impressions, orders, revenue, ROAS and ROI that ``budget`` buys.

    ``impressions = budget / (cpm * (1 + targeting_premium)) * 1000``;
    ``orders = impressions * orders_per_impression``;
    ``revenue = orders * average_order_value``; ``roas = revenue / budget``;
    ``roi = (revenue * gross_margin - budget) / budget`` (ROI on gross profit,
    ``gross_margin`` a fraction, default :data:`utils.shared.config.GROSS_MARGIN`).

    ``budget`` and ``cpm`` (EUR per 1,000 impressions) must be > 0;
    ``orders_per_impression`` is a fraction; ``average_order_value`` in EUR >= 0;
    ``targeting_premium`` a fraction between 0 and 10 (0.25 = 25% dearer).

    Example: ``budget_return(1000, 8, 0.003, 32).orders`` = 125,000 impressions x
    0.003 = 375 orders.
    """
    budget = float(check_positive("budget", as_scalar("budget", budget)))
    cpm = float(check_positive("cpm", as_scalar("cpm", cpm)))
    rate = float(check_fraction("orders_per_impression", as_scalar("orders_per_impression", orders_per_impression)))
    aov = float(check_nonnegative("average_order_value", as_scalar("average_order_value", average_order_value)))
    cpm_paid = cpm * (1.0 + _premium(targeting_premium))
    impressions = budget / cpm_paid * 1000.0
    orders = impressions * rate
    revenue = orders * aov
    return BudgetReturn(
        budget=budget,
        cpm_paid=cpm_paid,
        impressions=impressions,
        orders=orders,
        revenue=revenue,
        roas=metrics.roas(revenue, budget),
        roi=metrics.roi(revenue, budget, gross_margin=gross_margin),
        cost_per_order=budget / orders if orders > 0 else None,
    )


def budget_comparison(
    df: pd.DataFrame,
    spec: Any,
    budget: Any,
    cpm: Any,
    *,
    targeting_premium: Any = 0.0,
) -> pd.DataFrame:
    """The same budget aimed at the segment (paying the premium) and at everyone.

    Index ``segment`` and ``everyone``; columns ``budget``, ``cpm_paid`` (EUR per
    1,000 impressions), ``impressions``, ``orders``, ``revenue`` (EUR) and
    ``cost_per_order`` (EUR; NaN only if that group placed no orders at all), each
    group at its own orders per impression and average order value (see
    :func:`budget_return`). A spec with no filter (``None`` or an empty
    :class:`SegmentSpec`) targets nobody in particular, so it pays no premium.
    Raises :class:`EmptySegmentError` for an empty segment and
    :class:`utils.shared.ad_targeting.TargetingNotAllowed` for a segment ads may
    not be aimed at (special categories of data, minors).
    """
    if isinstance(spec, (SegmentSpec, Mapping)):
        check_targeting(_spec(spec))
    premium = _premium(targeting_premium)
    if spec is None or (isinstance(spec, SegmentSpec) and not spec.active):
        premium = 0.0  # aiming at everyone is not targeting
    rows = {}
    for label, where, premium in (("segment", spec, premium), ("everyone", None, 0.0)):
        p = profile(df, where)
        r = budget_return(budget, cpm, p.orders_per_impression, p.average_order_value, targeting_premium=premium)
        rows[label] = {k: getattr(r, k) for k in ("budget", "cpm_paid", "impressions", "orders", "revenue")}
        rows[label]["cost_per_order"] = np.nan if r.cost_per_order is None else r.cost_per_order
    return pd.DataFrame.from_dict(rows, orient="index")


# --------------------------------------------------------------------------- #
# Tables for the worked example
# --------------------------------------------------------------------------- #
def _band_label(lo: int, hi: int) -> str:
    return f"{lo}-{hi}"


def breakdown(df: pd.DataFrame, attribute: str, within: Any = None) -> pd.DataFrame:
    """People and pooled rates for each value of one attribute.

    ``attribute`` is one of :data:`ATTRIBUTES`; ages are grouped in
    :data:`AGE_BANDS`; for ``interests`` a person counts once under each of
    their interests. ``within`` restricts to a segment first (spec or mask).
    Columns: ``people``, ``share`` (of the selection), ``conversion_rate``
    (buyers / people), ``engagement_rate`` (engagements / impressions) and
    ``orders_per_impression``. Values nobody holds are left out.
    """
    check_choice("attribute", attribute, ATTRIBUTES)
    df = _frame(df, (*PROFILE_COLUMNS, attribute))
    base, description = _as_mask(within, df)
    if not base.any():
        raise EmptySegmentError(description)
    if attribute == "age":
        years = df["age"].to_numpy(dtype=float, na_value=np.nan)
        groups = {_band_label(lo, hi): (years >= lo) & (years <= hi) for lo, hi in AGE_BANDS}
    elif attribute in _LISTS:
        groups = {v: _list_member(df[attribute], [v], "any") for v in vocabulary()[attribute]}
    else:
        groups = {v: _member(df[attribute], [v]) for v in vocabulary()[attribute]}
    rows = {}
    total = int(base.sum())
    for value, member in groups.items():
        mask = base & member
        if not mask.any():
            continue
        p = profile(df, mask)
        rows[value] = {"people": p.people, "share": p.people / total, "conversion_rate": p.conversion_rate,
                       "engagement_rate": p.engagement_rate, "orders_per_impression": p.orders_per_impression}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = attribute
    return table


def narrowing(df: pd.DataFrame, spec: Any) -> pd.DataFrame:
    """How a segment shrinks as its filters are added one at a time.

    First row ``everyone``, then ``+ <filter>`` for each active filter in
    :data:`ATTRIBUTES` order. Columns ``people``, ``share`` (of the audience),
    ``conversion_rate``. Raises :class:`EmptySegmentError` at the first step that
    leaves nobody (its message names the filters so far).
    """
    spec = _spec(spec)
    rows = {}
    for i in range(len(spec.active) + 1):
        step = spec.only(spec.active[:i])
        p = profile(df, step)
        label = "everyone" if i == 0 else f"+ {spec.part(spec.active[i - 1])}"
        rows[label] = {"people": p.people, "share": p.share, "conversion_rate": p.conversion_rate}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "filters"
    return table


# --------------------------------------------------------------------------- #
# The explorer (pure compute behind the notebook 06 panel)
# --------------------------------------------------------------------------- #
def explore(
    audience: pd.DataFrame,
    *,
    age: Any = None,
    location: Any = (),
    income_band: Any = (),
    job_title: Any = (),
    industry: Any = (),
    interests: Any = (),
    budget: Any = 1000.0,
    cpm: Any = 8.0,
    targeting_premium: Any = 0.0,
) -> dict[str, Any]:
    """Everything the segmentation explorer shows for one set of filters.

    Returns ``spec``, ``segment`` and ``everyone`` (:class:`SegmentProfile`),
    ``compare`` (:func:`compare`), ``budget`` (:func:`budget_comparison`) and
    ``targeting`` (:func:`utils.shared.ad_targeting.review_targeting`: the
    filters that the law or the platforms limit for ad targeting).
    Raises :class:`EmptySegmentError` if the filters match nobody.
    """
    spec = SegmentSpec(age=age, location=location, income_band=income_band, job_title=job_title,
                       industry=industry, interests=interests)
    seg = profile(audience, spec)
    everyone = profile(audience, None)
    return {
        "spec": spec,
        "segment": seg,
        "everyone": everyone,
        "compare": compare(audience, spec),
        "budget": budget_comparison(audience, spec, budget, cpm, targeting_premium=targeting_premium),
        "targeting": review_targeting(spec),
    }


def explore_rows(result: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The explorer's results table: ``(label, formatted value)`` rows."""
    from utils.shared.plotting import eur, num, pct

    seg, everyone, table, money = result["segment"], result["everyone"], result["compare"], result["budget"]
    lift = table["lift"]
    rows = [
        ("Segment", seg.description),
        ("People in the segment", f"{num(seg.people)} of {num(seg.audience_size)} ({pct(seg.share)})"),
        ("Engagement rate (engagements / impressions)",
         f"{pct(seg.engagement_rate, 2)} vs {pct(everyone.engagement_rate, 2)} for everyone"),
        ("Engagement lift", f"{lift['engagement_rate']:.2f}x"),
        ("Conversion rate (buyers / people)",
         f"{pct(seg.conversion_rate)} vs {pct(everyone.conversion_rate)} for everyone"),
        ("Conversion lift", f"{lift['conversion_rate']:.2f}x"),
    ]
    for label in ("segment", "everyone"):
        r = money.loc[label]
        per_order = "no orders" if r["orders"] == 0 else f"{eur(r['cost_per_order'], 2)} per order"
        rows.append((
            f"{eur(r['budget'])} aimed at {label}",
            f"{num(r['impressions'])} impressions at {eur(r['cpm_paid'], 2)} CPM → {num(r['orders'])} orders, "
            f"{eur(r['revenue'])} revenue ({per_order})",
        ))
    if not seg.reliable:
        rows.append(("Caution", f"only {seg.people} people: rates this small are mostly noise"))
    if "targeting" in result:
        rows.extend(targeting_rows(result["targeting"]))
    return rows

