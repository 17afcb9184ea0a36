"""Tracking metrics: the metric registry, a metric calculator and dashboard tables.

Everything notebook 08 (tracking metrics) shows is computed here from the
formulas in :mod:`utils.shared.metrics`:

* :data:`METRICS` / :func:`metric_table`: every metric of the course syllabus
  with its formula, its denominator, its unit and where it lives in the course
  data (customer metrics after Sprout Social, the business metric, and the
  measures of success of the Polish edition of the source article).
* :func:`metric_calculator`: type in counts and get every rate, or a
  ``ValueError`` naming the field and the rule (never NaN or inf).
* :func:`posts_dashboard`: pooled rates of the posts filtered by platform,
  content type and month range, plus a month-by-month series for a chart.
* :func:`engagement_rate_comparison`, :func:`web_analytics`,
  :func:`mention_frequency` (share of voice: :mod:`utils.shared.listening`),
  :func:`response_summary`, :func:`campaign_table`: the tables of the worked
  examples.

Rates are fractions and group rates are pooled (sum of numerators over sum of
denominators), as everywhere in the course.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from utils.shared.config import BRAND, BRANDS, CONTENT_TYPES, GROSS_MARGIN, PLATFORMS
from utils.shared.metrics import (
    amplification_rate,
    average_response_time,
    conversion_rate,
    ctr,
    engagement_rate,
    engagement_rates,
    gross_profit,
    pooled_rate,
    response_rate,
    roas,
    roi,
    virality_rate,
)
from utils.shared.plotting import eur, num, pct
from utils.shared.validation import check_frame, check_choice, check_int, check_le, safe_divide

__all__ = [
    "ALL",
    "CALCULATOR_CHART",
    "CALCULATOR_FIELDS",
    "DAY_TYPES",
    "METRICS",
    "MONTHS",
    "WEEKDAYS",
    "EmptySelection",
    "MetricSpec",
    "calculator_rows",
    "campaign_table",
    "dashboard_rows",
    "engagement_rate_comparison",
    "filter_posts",
    "mention_frequency",
    "metric_calculator",
    "metric_table",
    "pooled_post_rates",
    "benchmark_comparison",
    "benchmark_by_platform",
    "posts_dashboard",
    "reported_vs_measured",
    "response_summary",
    "web_analytics",
]

#: The "no filter" option of the dashboard's platform and content-type choices.
ALL = "All"

#: Month abbreviations, January first (month numbers are 1..12).
MONTHS: tuple[str, ...] = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: Weekday names, Monday first (``Timestamp.dayofweek`` order).
WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Day types of :func:`response_summary` with ``by="day_type"``.
DAY_TYPES: tuple[str, ...] = ("weekday", "weekend")


class EmptySelection(ValueError):
    """A filter selected no rows: not an error of the learner, a choice to widen."""


# --------------------------------------------------------------------------- #
# The registry
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class MetricSpec:
    """One metric of the syllabus: what it counts and what it divides by."""

    key: str
    name: str
    group: str          # "customer", "business" or "success"
    formula: str
    denominator: str    # "none (a count)" for counts
    unit: str
    data: str           # where the course data holds it
    function: str       # the utils function that computes it
    source: str         # attribution


_SPROUT = "Sprout Social (via the source article)"
_POLISH = "Source article, Polish edition"

#: Every metric the syllabus names, in teaching order.
METRICS: tuple[MetricSpec, ...] = (
    # customer metrics (Sprout Social)
    MetricSpec("engagements", "Engagements", "customer", "likes + comments + shares + clicks",
               "none (a count of actions)", "count", "posts", "metrics.engagements", _SPROUT),
    MetricSpec("er_impressions", "Engagement rate by impressions", "customer", "engagements / impressions",
               "impressions (times shown)", "fraction", "posts", "metrics.engagement_rate", _SPROUT),
    MetricSpec("er_reach", "Engagement rate by reach", "customer", "engagements / reach",
               "reach (people who saw it)", "fraction", "posts", "metrics.engagement_rate", _SPROUT),
    MetricSpec("er_followers", "Engagement rate by followers", "customer", "engagements / followers",
               "followers (the account's audience)", "fraction, can exceed 1", "posts",
               "metrics.engagement_rate", _SPROUT),
    MetricSpec("impressions", "Impressions", "customer", "times the post was shown",
               "none (a count of views)", "count", "posts", "(column)", _SPROUT),
    MetricSpec("reach", "Reach", "customer", "unique people who saw the post",
               "none (a count of people)", "count", "posts, campaigns", "(column)", _SPROUT),
    MetricSpec("frequency", "Frequency", "customer", "impressions / reach",
               "reach", "views per person", "posts", "dashboard.metric_calculator", _SPROUT),
    MetricSpec("virality", "Virality rate", "customer", "shares / impressions",
               "impressions", "fraction", "posts, campaigns", "metrics.virality_rate",
               "Hootsuite (virality rate); the source's Sprout Social list says 'reach/virality' for reach"),
    MetricSpec("amplification", "Amplification rate", "customer", "shares / followers",
               "followers", "fraction, can exceed 1", "posts", "metrics.amplification_rate",
               "Avinash Kaushik, Occam's Razor (2011)"),
    MetricSpec("share_of_voice", "Share of voice", "customer", "brand mentions / mentions of every brand",
               "mentions of all compared brands (this one included)", "fraction", "mentions",
               "metrics.share_of_voice", _SPROUT),
    MetricSpec("ctr", "Click-through rate", "customer", "clicks / impressions",
               "impressions", "fraction", "posts, campaigns", "metrics.ctr", _SPROUT),
    MetricSpec("referral_share", "Referrals (share of sessions)", "customer",
               "web sessions from a source / all web sessions", "all web sessions", "fraction",
               "web_sessions", "dashboard.web_analytics", _SPROUT),
    MetricSpec("conversion_rate", "Conversion rate (posts)", "customer", "conversions / clicks",
               "clicks", "fraction", "posts, campaigns", "metrics.conversion_rate", _SPROUT),
    # business metric (Sprout Social)
    MetricSpec("response_rate", "Response rate", "business", "messages answered / messages received",
               "messages received", "fraction", "inbox", "metrics.response_rate", _SPROUT),
    MetricSpec("response_time", "Response time", "business", "mean of (answered_at - received_at)",
               "answered messages (unanswered ones excluded)", "hours", "inbox",
               "metrics.average_response_time", _SPROUT),
    # measures of success (Polish edition)
    MetricSpec("sessions", "Web sessions", "success", "visits to the web shop, by channel",
               "none (a count of visits)", "count", "web_sessions", "dashboard.web_analytics", _POLISH),
    MetricSpec("site_conversion", "Site conversion rate", "success", "sessions with an order / sessions",
               "sessions", "fraction", "web_sessions", "dashboard.web_analytics", _POLISH),
    MetricSpec("revenue_per_session", "Revenue per session", "success", "revenue / sessions",
               "sessions", "EUR per visit", "web_sessions", "dashboard.web_analytics", _POLISH),
    MetricSpec("roas", "Return on ad spend (ROAS)", "success", "revenue / ad spend",
               "ad spend (money spent on the campaign)", "EUR of revenue per EUR spent (not profit)", "campaigns",
               "metrics.roas", f"{_POLISH} (beside ROI); formula: Google Ads Help, 'About Target ROAS bidding'"),
    MetricSpec("roi", "Return on investment (ROI) on gross profit", "success",
               "(revenue x gross margin - spend) / spend",
               "spend (money spent on the campaign)", "fraction, negative for a loss", "campaigns", "metrics.roi",
               f"{_POLISH}; formula after Google Ads Help, 'Return on investment (ROI)' (the course divides by "
               f"the ad spend only)"),
    MetricSpec("mentions_per_day", "Customer posts about the brand", "success", "brand mentions / days",
               "days in the period", "mentions per day", "mentions", "dashboard.mention_frequency", _POLISH),
    MetricSpec("campaign_reach", "Campaign reach", "success", "unique people a campaign reached",
               "none (a count of people)", "count", "campaigns", "dashboard.campaign_table", _POLISH),
    MetricSpec("campaign_virality", "Campaign virality rate", "success", "campaign shares / campaign impressions",
               "impressions", "fraction", "campaigns", "dashboard.campaign_table", _POLISH),
)

_GROUP_NAMES = {"customer": "customer (Sprout Social)", "business": "business (Sprout Social)",
                "success": "measure of success (Polish edition)"}


def metric_table(group: str | None = None) -> pd.DataFrame:
    """The registry as a table: metric, group, formula, denominator, unit, data, source.

    ``group`` keeps one group only: ``"customer"``, ``"business"`` or ``"success"``.
    """
    if group is not None:
        check_choice("group", group, tuple(_GROUP_NAMES))
    rows = [asdict(m) for m in METRICS if group is None or m.group == group]
    table = pd.DataFrame(rows).set_index("key")
    table["group"] = table["group"].map(_GROUP_NAMES)
    return table[["name", "group", "formula", "denominator", "unit", "data", "source"]].rename(
        columns={"name": "metric"})


# --------------------------------------------------------------------------- #
# The metric calculator
# --------------------------------------------------------------------------- #
#: The calculator's inputs: name -> (label shown in the panel, kind).
CALCULATOR_FIELDS: dict[str, tuple[str, str]] = {
    "impressions": ("Impressions", "count"),
    "reach": ("Reach", "count"),
    "followers": ("Followers", "count"),
    "likes": ("Likes", "count"),
    "comments": ("Comments", "count"),
    "shares": ("Shares", "count"),
    "clicks": ("Clicks", "count"),
    "conversions": ("Conversions", "count"),
    "revenue": ("Revenue (EUR)", "money"),
    "cost": ("Cost (EUR)", "money"),
    "gross_margin": ("Gross margin (fraction)", "fraction"),
    "messages_received": ("Messages received", "count"),
    "messages_answered": ("Messages answered", "count"),
}

#: Impossible pairs: (smaller field, larger field, why).
_PAIR_RULES: tuple[tuple[str, str, str], ...] = (
    ("reach", "impressions", "every person reached saw the post at least once"),
    ("likes", "reach", "each person can like a post once"),
    ("clicks", "impressions", "every click needs the post to be shown"),
    ("shares", "impressions", "every share needs someone who saw the post"),
    ("conversions", "clicks", "a conversion is counted after a click"),
    ("messages_answered", "messages_received", "only a received message can be answered"),
)

#: Denominators that must not be 0: (field, the rates it divides).
_ZERO_RULES: tuple[tuple[str, str], ...] = (
    ("impressions", "engagement rate by impressions, CTR and virality rate"),
    ("reach", "engagement rate by reach and frequency"),
    ("followers", "engagement rate by followers and amplification rate"),
    ("clicks", "conversion rate (conversions / clicks)"),
    ("cost", "ROAS (revenue / cost) and ROI ((gross profit - cost) / cost)"),
    ("messages_received", "response rate (answered / received)"),
)


def _label(field: str) -> str:
    return CALCULATOR_FIELDS[field][0]


def _lower(field: str) -> str:
    """The field's label inside a sentence: "Cost (EUR)" -> "cost (EUR)"."""
    label = _label(field)
    return label[0].lower() + label[1:]


def _fmt_input(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


_KIND_WORDS = {"count": "a count", "money": "an amount of money", "fraction": "a share"}


def _check_field(field: str, value: Any) -> float:
    label, kind = CALCULATOR_FIELDS[field]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.number)):
        raise TypeError(f"{label} must be a number, got {value!r}")
    x = float(value)
    if not np.isfinite(x):
        raise ValueError(f"{label} must be a finite number, got {value!r}")
    if x < 0:
        raise ValueError(f"{label} cannot be negative (got {_fmt_input(x)}): "
                         f"{_KIND_WORDS[kind]} is 0 or more")
    if kind == "count" and not x.is_integer():
        raise ValueError(f"{label} must be a whole number (it is a count), got {x:g}")
    if kind == "fraction" and x > 1:
        raise ValueError(f"{label} must be at most 1, got {x:g}: it is a share of revenue (write 55% as 0.55)")
    return x


def metric_calculator(
    impressions: Any = 10_000,
    reach: Any = 6_000,
    followers: Any = 20_000,
    likes: Any = 300,
    comments: Any = 40,
    shares: Any = 25,
    clicks: Any = 120,
    conversions: Any = 6,
    revenue: Any = 180.0,
    cost: Any = 100.0,
    gross_margin: Any = GROSS_MARGIN,
    messages_received: Any = 50,
    messages_answered: Any = 44,
) -> dict[str, float]:
    """Every rate of the syllabus from raw counts (one post, one campaign, one inbox).

    Inputs are counts (whole numbers, 0 or more) except ``revenue`` and
    ``cost`` (EUR, 0 or more) and ``gross_margin`` (a fraction from 0 to 1; the
    course's assumption :data:`utils.shared.config.GROSS_MARGIN`). Returns the inputs plus::

        engagements            likes + comments + shares + clicks
        er_impressions         engagements / impressions
        er_reach               engagements / reach
        er_followers           engagements / followers
        frequency              impressions / reach (views per person)
        ctr                    clicks / impressions
        conversion_rate        conversions / clicks
        virality_rate          shares / impressions
        amplification_rate     shares / followers
        roas                   revenue / cost (EUR of sales per EUR spent)
        gross_profit           revenue x gross_margin (EUR)
        roi                    (gross_profit - cost) / cost
        response_rate          messages_answered / messages_received

    Raises ``TypeError``/``ValueError`` naming the field (by its panel label)
    and the rule: negatives, fractional counts, impossible pairs (reach, likes,
    clicks or shares above what they depend on, conversions above clicks,
    more answers than messages) and zero denominators. Never NaN or inf.
    """
    raw = dict(impressions=impressions, reach=reach, followers=followers, likes=likes, comments=comments,
               shares=shares, clicks=clicks, conversions=conversions, revenue=revenue, cost=cost,
               gross_margin=gross_margin, messages_received=messages_received, messages_answered=messages_answered)
    v = {field: _check_field(field, raw[field]) for field in CALCULATOR_FIELDS}
    for small, large, why in _PAIR_RULES:
        if v[small] > v[large]:
            raise ValueError(f"{_label(small)} ({_fmt_input(v[small])}) cannot exceed "
                             f"{_lower(large)} ({_fmt_input(v[large])}): {why}")
    for field, what in _ZERO_RULES:
        if v[field] == 0:
            raise ValueError(f"{_label(field)} is 0, so {what} cannot be computed (division by zero): "
                             f"{_lower(field)} must be greater than 0")
    total = v["likes"] + v["comments"] + v["shares"] + v["clicks"]
    result = dict(v)
    result.update(
        engagements=total,
        er_impressions=engagement_rate(total, v["impressions"], base_name="impressions"),
        er_reach=engagement_rate(total, v["reach"], base_name="reach"),
        er_followers=engagement_rate(total, v["followers"], base_name="followers"),
        frequency=safe_divide(v["impressions"], v["reach"], num_name="impressions", den_name="reach"),
        ctr=ctr(v["clicks"], v["impressions"]),
        conversion_rate=conversion_rate(v["conversions"], v["clicks"]),
        virality_rate=virality_rate(v["shares"], v["impressions"]),
        amplification_rate=amplification_rate(v["shares"], v["followers"]),
        roas=roas(v["revenue"], v["cost"]),
        gross_profit=gross_profit(v["revenue"], gross_margin=v["gross_margin"]),
        roi=roi(v["revenue"], v["cost"], gross_margin=v["gross_margin"]),
        response_rate=response_rate(v["messages_answered"], v["messages_received"]),
    )
    return result


#: The post rates the calculator chart shows, in order: (result key, short label).
CALCULATOR_CHART: tuple[tuple[str, str], ...] = (
    ("er_impressions", "ER by impressions"),
    ("er_reach", "ER by reach"),
    ("er_followers", "ER by followers"),
    ("ctr", "CTR"),
    ("conversion_rate", "Conversion rate"),
    ("virality_rate", "Virality rate"),
    ("amplification_rate", "Amplification rate"),
)


def calculator_rows(result: Mapping[str, float]) -> list[tuple[str, str]]:
    """The calculator's results as (label, formatted value) rows, each naming its formula."""
    return [
        ("Engagements (likes + comments + shares + clicks)", num(result["engagements"])),
        ("Engagement rate by impressions", pct(result["er_impressions"], 2)),
        ("Engagement rate by reach", pct(result["er_reach"], 2)),
        ("Engagement rate by followers", pct(result["er_followers"], 2)),
        ("Frequency (impressions / reach)", num(result["frequency"], 2)),
        ("CTR (clicks / impressions)", pct(result["ctr"], 2)),
        ("Conversion rate (conversions / clicks)", pct(result["conversion_rate"], 1)),
        ("Virality rate (shares / impressions)", pct(result["virality_rate"], 2)),
        ("Amplification rate (shares / followers)", pct(result["amplification_rate"], 2)),
        ("ROAS (revenue / cost)", f"{num(result['roas'], 2)}x"),
        (f"Gross profit (revenue x {pct(result['gross_margin'], 0)} gross margin)", eur(result["gross_profit"], 2)),
        ("ROI on gross profit ((gross profit - cost) / cost)", pct(result["roi"], 1)),
        ("Response rate (answered / received)", pct(result["response_rate"], 1)),
    ]


# --------------------------------------------------------------------------- #
# Posts: pooled rates and the dashboard
# --------------------------------------------------------------------------- #
_POST_COLUMNS = ("platform", "posted_at", "content_type", "followers", "impressions", "reach",
                 "likes", "comments", "shares", "clicks", "conversions", "revenue")


def _require_columns(df: Any, columns: tuple[str, ...], name: str) -> None:
    check_frame(name, df, columns, hint="load it with utils.shared.data")

def _month(name: str, value: Any) -> int:
    return check_int(name, value, minimum=1, maximum=12)


def filter_posts(
    posts: pd.DataFrame,
    platform: str = ALL,
    start_month: int = 1,
    end_month: int = 12,
    content_type: str = ALL,
) -> pd.DataFrame:
    """The posts of one platform (or ``"All"``) and content type posted in months ``start..end``.

    Months are numbers 1..12 (both ends included); ``start_month`` cannot be
    after ``end_month``. Raises :class:`EmptySelection` (a ``ValueError``) when
    nothing matches, with a message saying what to widen.
    """
    _require_columns(posts, _POST_COLUMNS, "posts")
    check_choice("platform", platform, (ALL, *PLATFORMS))
    check_choice("content_type", content_type, (ALL, *CONTENT_TYPES))
    start, end = _month("start_month", start_month), _month("end_month", end_month)
    if start > end:
        raise ValueError(f"start_month ({MONTHS[start - 1]}) cannot be after end_month ({MONTHS[end - 1]})")
    month = posts["posted_at"].dt.month
    keep = (month >= start) & (month <= end)
    if platform != ALL:
        keep &= posts["platform"] == platform
    if content_type != ALL:
        keep &= posts["content_type"] == content_type
    selected = posts.loc[keep]
    if selected.empty:
        what = " ".join(w for w in (platform if platform != ALL else "", content_type if content_type != ALL else "")
                        if w) or "any"
        period = (f"in {MONTHS[start - 1]}" if start == end
                  else f"between {MONTHS[start - 1]} and {MONTHS[end - 1]}")
        raise EmptySelection(
            f"No {what} posts {period}: "
            f"choose another content type or platform, or widen the months.")
    return selected


def pooled_post_rates(posts: pd.DataFrame) -> dict[str, float]:
    """Totals and pooled rates of a set of posts (sums of numerators / sums of denominators).

    Keys: ``n_posts``, the column totals, ``engagements``, ``er_impressions``,
    ``er_reach``, ``er_followers``, ``ctr``, ``conversion_rate``,
    ``virality_rate``, ``frequency`` (impressions / reach, views per person),
    ``revenue_per_click`` (EUR). Raises
    :class:`EmptySelection` for no posts and ``ValueError`` naming the total
    that is 0 (a rate would be undefined).
    """
    _require_columns(posts, _POST_COLUMNS, "posts")
    if posts.empty:
        raise EmptySelection("posts is empty: there are no posts to pool")
    sums = {c: float(posts[c].sum()) for c in ("followers", "impressions", "reach", "likes", "comments",
                                                 "shares", "clicks", "conversions", "revenue")}
    rates = engagement_rates(sums["likes"], sums["comments"], sums["shares"], sums["clicks"],
                             sums["impressions"], sums["reach"], sums["followers"])
    out = {"n_posts": float(len(posts)), **sums,
           "engagements": sums["likes"] + sums["comments"] + sums["shares"] + sums["clicks"]}
    out.update(
        er_impressions=float(rates["by_impressions"]),
        er_reach=float(rates["by_reach"]),
        er_followers=float(rates["by_followers"]),
        ctr=ctr(sums["clicks"], sums["impressions"]),
        conversion_rate=conversion_rate(sums["conversions"], sums["clicks"]),
        virality_rate=virality_rate(sums["shares"], sums["impressions"]),
        frequency=safe_divide(sums["impressions"], sums["reach"], num_name="impressions", den_name="reach"),
        revenue_per_click=safe_divide(sums["revenue"], sums["clicks"], num_name="revenue", den_name="clicks"),
    )
    return out


def posts_dashboard(
    posts: pd.DataFrame,
    platform: str = ALL,
    start_month: int = 1,
    end_month: int = 12,
    content_type: str = ALL,
) -> dict[str, Any]:
    """The dashboard over the posts: pooled rates of the selection and a monthly series.

    Returns :func:`pooled_post_rates` of :func:`filter_posts` plus the filter
    values and ``monthly``: a frame indexed by month number 1..12 with
    ``n_posts``, ``engagements``, ``impressions``, ``er_impressions`` (pooled
    per month, 0.0 for a month without posts) and ``selected`` (inside the
    month range) for the same platform and content type over the whole year.
    """
    selected = filter_posts(posts, platform, start_month, end_month, content_type)
    result: dict[str, Any] = pooled_post_rates(selected)
    result.update(platform=platform, content_type=content_type,
                  start_month=int(start_month), end_month=int(end_month))
    year = filter_posts(posts, platform, 1, 12, content_type)  # the same choice over the whole year
    month = year["posted_at"].dt.month.to_numpy()
    eng = (year["likes"] + year["comments"] + year["shares"] + year["clicks"]).to_numpy()
    monthly = pd.DataFrame({
        "n_posts": np.bincount(month, minlength=13)[1:],
        "engagements": np.bincount(month, weights=eng, minlength=13)[1:],
        "impressions": np.bincount(month, weights=year["impressions"].to_numpy(), minlength=13)[1:],
    }, index=pd.RangeIndex(1, 13))
    monthly.index.name = "month"
    monthly["er_impressions"] = safe_divide(monthly["engagements"], monthly["impressions"],
                                            num_name="engagements", den_name="impressions", on_zero="zero")
    monthly["selected"] = (monthly.index >= int(start_month)) & (monthly.index <= int(end_month))
    result["monthly"] = monthly
    return result


def dashboard_rows(result: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The dashboard's pooled numbers as (label, formatted value) rows."""
    return [
        ("Posts", num(result["n_posts"])),
        ("Impressions", num(result["impressions"])),
        ("Engagements", num(result["engagements"])),
        ("Engagement rate by impressions (pooled)", pct(result["er_impressions"], 2)),
        ("Engagement rate by reach (pooled)", pct(result["er_reach"], 2)),
        ("Engagement rate by followers (pooled)", pct(result["er_followers"], 2)),
        ("CTR (pooled)", pct(result["ctr"], 2)),
        ("Conversion rate (pooled)", pct(result["conversion_rate"], 1)),
        ("Virality rate (pooled)", pct(result["virality_rate"], 2)),
        ("Revenue", eur(result["revenue"])),
    ]


def engagement_rate_comparison(posts: pd.DataFrame, by: str = "platform") -> pd.DataFrame:
    """Pooled engagement rate by impressions, by reach and by followers per group.

    One row per group of ``by`` (a column of ``posts``), columns
    ``by_impressions``, ``by_reach``, ``by_followers`` (fractions), computed with
    :func:`utils.shared.metrics.engagement_rates` on the group sums (pooled).
    """
    _require_columns(posts, _POST_COLUMNS, "posts")
    if by not in posts.columns:
        raise ValueError(f"by column {by!r} is not in posts; columns are {list(posts.columns)}")
    if posts.empty:
        raise EmptySelection("posts is empty: there are no posts to compare")
    cols = ["likes", "comments", "shares", "clicks", "impressions", "reach", "followers"]
    sums = posts.groupby(by, observed=True)[cols].sum()
    return engagement_rates(*(sums[c] for c in cols))


# --------------------------------------------------------------------------- #
# Web analytics, share of voice, mentions
# --------------------------------------------------------------------------- #
_WEB_COLUMNS = ("started_at", "source", "channel", "converted", "revenue")


def web_analytics(web_sessions: pd.DataFrame, by: str = "channel") -> pd.DataFrame:
    """Sessions, orders, conversion rate and revenue per session by channel (or source).

    Columns: ``sessions``, ``share_of_sessions`` (sessions / all sessions: the
    referral share), ``orders`` (sessions that ended with an order),
    ``conversion_rate`` (orders / sessions, pooled), ``revenue`` (EUR) and
    ``revenue_per_session`` (revenue / sessions, EUR) and ``share_of_orders``
    (orders / all orders). Sorted by sessions, largest first.
    """
    _require_columns(web_sessions, _WEB_COLUMNS, "web_sessions")
    check_choice("by", by, ("channel", "source", "landing_page"))
    if web_sessions.empty:
        raise EmptySelection("web_sessions is empty: there are no visits to analyse")
    frame = pd.DataFrame({
        by: web_sessions[by],
        "sessions": 1,
        "orders": web_sessions["converted"].astype(int),
        "revenue": web_sessions["revenue"].astype(float),
    })
    table = frame.groupby(by, observed=True)[["sessions", "orders", "revenue"]].sum()
    table["share_of_sessions"] = safe_divide(table["sessions"], float(table["sessions"].sum()),
                                             num_name="sessions", den_name="all sessions")
    table["conversion_rate"] = pooled_rate(frame, "orders", "sessions", by=by)["rate"]
    table["revenue_per_session"] = pooled_rate(frame, "revenue", "sessions", by=by)["rate"]
    table["share_of_orders"] = safe_divide(table["orders"], float(table["orders"].sum()),
                                           num_name="orders", den_name="all orders", on_zero="zero")
    table = table[["sessions", "share_of_sessions", "orders", "conversion_rate", "revenue", "revenue_per_session",
                   "share_of_orders"]]
    return table.sort_values("sessions", ascending=False)


def _mention_total(mentions: pd.DataFrame) -> pd.Series:
    return mentions["positive"] + mentions["neutral"] + mentions["negative"]


_MENTION_COLUMNS = ("date", "platform", "brand", "positive", "neutral", "negative")


def mention_frequency(mentions: pd.DataFrame, brand: str = BRAND) -> dict[str, float]:
    """How often people post about ``brand``: mentions per day and the sentiment split.

    Returns ``days``, ``mentions``, ``per_day`` (mentions / days in the data),
    ``positive_share``, ``negative_share`` (of the brand's mentions).
    """
    _require_columns(mentions, _MENTION_COLUMNS, "mentions")
    check_choice("brand", brand, BRANDS)
    rows = mentions.loc[mentions["brand"] == brand]
    if rows.empty:
        raise EmptySelection(f"no mentions of {brand}")
    days = float(rows["date"].nunique())
    total = float(_mention_total(rows).sum())
    return {
        "days": days,
        "mentions": total,
        "per_day": safe_divide(total, days, num_name="mentions", den_name="days"),
        "positive_share": safe_divide(float(rows["positive"].sum()), total, num_name="positive", den_name="mentions"),
        "negative_share": safe_divide(float(rows["negative"].sum()), total, num_name="negative", den_name="mentions"),
    }


# --------------------------------------------------------------------------- #
# Inbox: response rate and time
# --------------------------------------------------------------------------- #
_INBOX_COLUMNS = ("platform", "received_at", "answered_at", "message_type")
_RESPONSE_GROUPS = ("day_type", "weekday", "message_type", "platform", "month")


def _response_group_key(inbox: pd.DataFrame, by: str) -> pd.Series:
    received = inbox["received_at"]
    if by == "day_type":
        key = pd.Series(np.where(received.dt.day_of_week >= 5, "weekend", "weekday"), index=inbox.index)
        return pd.Series(pd.Categorical(key, categories=list(DAY_TYPES)), index=inbox.index, name="day_type")
    if by == "weekday":
        names = pd.Series(np.array(WEEKDAYS)[received.dt.day_of_week.to_numpy()], index=inbox.index)
        return pd.Series(pd.Categorical(names, categories=list(WEEKDAYS)), index=inbox.index, name="weekday")
    if by == "month":
        return received.dt.month.rename("month")
    return inbox[by]


def _response_row(group: pd.DataFrame) -> dict[str, float]:
    received = float(len(group))
    answered = float(group["answered_at"].notna().sum())
    times = average_response_time(group["received_at"], group["answered_at"], unit="hours")
    return {"received": received, "answered": answered, "response_rate": response_rate(answered, received),
            "mean_hours": times.mean, "median_hours": times.median}


def response_summary(inbox: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Response rate and response time (hours) of the inbox, overall or per group.

    ``by``: ``None`` (one row, ``"all"``), ``"day_type"`` (weekday / weekend,
    by the day the message arrived), ``"weekday"`` (Monday..Sunday),
    ``"message_type"``, ``"platform"`` or ``"month"``. Columns ``received``,
    ``answered``, ``response_rate`` (answered / received), ``mean_hours`` and
    ``median_hours`` (over answered messages; :func:`utils.shared.metrics.average_response_time`).
    """
    _require_columns(inbox, _INBOX_COLUMNS, "inbox")
    if by is not None:
        check_choice("by", by, _RESPONSE_GROUPS)
    if inbox.empty:
        raise EmptySelection("inbox is empty: there are no messages to answer")
    if by is None:
        table = pd.DataFrame([_response_row(inbox)], index=pd.Index(["all"], name="messages"))
    else:
        key = _response_group_key(inbox, by)
        rows = {name: _response_row(group) for name, group in inbox.groupby(key, observed=True, sort=True)}
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index.name = by
    return table.astype({"received": "int64", "answered": "int64"})  # counts print as counts


# --------------------------------------------------------------------------- #
# Campaigns
# --------------------------------------------------------------------------- #
_CAMPAIGN_COLUMNS = ("name", "objective", "platform", "spend", "impressions", "reach", "shares",
                     "clicks", "conversions", "attributed_revenue")


def campaign_table(campaigns: pd.DataFrame, *, gross_margin: float = GROSS_MARGIN) -> pd.DataFrame:
    """Per campaign: reach, virality rate (shares / impressions), CTR, conversion rate, ROAS and ROI.

    ROAS = attributed_revenue / spend (:func:`utils.shared.metrics.roas`);
    ROI = (attributed_revenue x gross_margin - spend) / spend
    (:func:`utils.shared.metrics.roi`, ``gross_margin`` a fraction, default the
    course's :data:`utils.shared.config.GROSS_MARGIN`). Indexed by campaign
    name, sorted by ROI (best first).
    """
    _require_columns(campaigns, _CAMPAIGN_COLUMNS, "campaigns")
    if campaigns.empty:
        raise EmptySelection("campaigns is empty")
    c = campaigns.set_index("name")
    table = pd.DataFrame({
        "objective": c["objective"].astype(str),
        "platform": c["platform"].astype(str),
        "spend": c["spend"],
        "revenue": c["attributed_revenue"],
        "reach": c["reach"],
        "virality_rate": virality_rate(c["shares"], c["impressions"]),
        "ctr": ctr(c["clicks"], c["impressions"]),
        "conversion_rate": conversion_rate(c["conversions"], c["clicks"]),
        "roas": roas(c["attributed_revenue"], c["spend"]),
        "roi": roi(c["attributed_revenue"], c["spend"], gross_margin=gross_margin),
    })
    return table.sort_values("roi", ascending=False)


# --------------------------------------------------------------------------- #
# Platform-reported versus site-measured results (UTM tags)
# --------------------------------------------------------------------------- #
_GAP_CAMPAIGN_COLUMNS = ("name", "utm_campaign", "spend", "clicks", "conversions", "attributed_revenue")
_GAP_WEB_COLUMNS = ("utm_campaign", "converted", "revenue")
#: Label of the pooled row of :func:`reported_vs_measured`.
ALL_CAMPAIGNS = "All campaigns"


def reported_vs_measured(campaigns: pd.DataFrame, web_sessions: pd.DataFrame) -> pd.DataFrame:
    """Each campaign as its ad platform reports it beside what the shop's web analytics measured.

    The shop finds a campaign's visits through the ``utm_campaign`` tag on its
    links. Per campaign (index: name, plus a pooled last row :data:`ALL_CAMPAIGNS`):

    * ``spend`` (EUR), ``clicks`` (platform-reported link clicks);
    * ``sessions``: visits the shop recorded with the campaign's tag, and
      ``session_rate`` = sessions / clicks (the share of clicks that became a recorded visit);
    * ``reported_conversions`` / ``measured_orders``: orders the platform attributes
      to the campaign / orders in its tagged visits, and ``reported_per_measured``
      = reported / measured (1.0: the two agree; NaN if the shop measured no order);
    * ``reported_revenue`` / ``measured_revenue`` (EUR), and the revenue each side
      sees per euro spent: ``reported_revenue_per_eur`` and ``measured_revenue_per_eur``.

    The gap is expected (see data/README.md, "The funnel model"): platforms also
    count orders of visitors who refused analytics cookies, orders made later on
    another device and, for ads, orders after a view without a click.
    """
    _require_columns(campaigns, _GAP_CAMPAIGN_COLUMNS, "campaigns")
    _require_columns(web_sessions, _GAP_WEB_COLUMNS, "web_sessions")
    if campaigns.empty:
        raise EmptySelection("campaigns is empty")
    tag = web_sessions["utm_campaign"].astype("string")
    visits = pd.DataFrame({"utm_campaign": tag, "sessions": 1,
                           "orders": web_sessions["converted"].astype(int),
                           "revenue": web_sessions["revenue"].astype(float)}).dropna(subset=["utm_campaign"])
    site = visits.groupby("utm_campaign")[["sessions", "orders", "revenue"]].sum()
    c = campaigns.set_index("name")
    found = site.reindex(c["utm_campaign"].astype(str)).fillna(0.0).set_axis(c.index)
    table = pd.DataFrame({
        "spend": c["spend"].astype(float),
        "clicks": c["clicks"].astype(int),
        "sessions": found["sessions"].astype(int),
        "reported_conversions": c["conversions"].astype(int),
        "measured_orders": found["orders"].astype(int),
        "reported_revenue": c["attributed_revenue"].astype(float),
        "measured_revenue": found["revenue"].round(2),
    })
    total = table.sum().to_frame(ALL_CAMPAIGNS).T
    table = pd.concat([table, total.astype(table.dtypes.to_dict())])
    table.index.name = "campaign"
    check_le("sessions", table["sessions"], "clicks", table["clicks"], "a campaign's recorded visits")
    table["session_rate"] = safe_divide(table["sessions"], table["clicks"], num_name="sessions",
                                        den_name="clicks", on_zero="nan")
    table["reported_per_measured"] = safe_divide(table["reported_conversions"], table["measured_orders"],
                                                 num_name="reported conversions", den_name="measured orders",
                                                 on_zero="nan")
    table["reported_revenue_per_eur"] = safe_divide(table["reported_revenue"], table["spend"],
                                                    num_name="reported revenue", den_name="spend")
    table["measured_revenue_per_eur"] = safe_divide(table["measured_revenue"], table["spend"],
                                                    num_name="measured revenue", den_name="spend")
    return table


# --------------------------------------------------------------------------- #
# Yardsticks: published engagement-rate benchmarks
# --------------------------------------------------------------------------- #
#: Which pooled rate of :func:`pooled_post_rates` matches each benchmark denominator.
_RATE_OF_DENOMINATOR = {"followers": "er_followers", "reach": "er_reach", "impressions": "er_impressions"}


def benchmark_comparison(rates: Mapping[str, Any], platform: str, benchmarks: pd.DataFrame) -> pd.DataFrame:
    """Brightleaf's engagement rates beside the published benchmarks of the same platform and denominator.

    ``rates``: :func:`pooled_post_rates` of one platform's posts; ``benchmarks``:
    :func:`utils.shared.data.load_benchmarks`. One row per benchmark of ``platform``
    (empty for a platform no report in the file covers, or for :data:`ALL`).
    Columns: ``denominator``, ``brightleaf`` (its rate with that denominator),
    ``benchmark`` (the published rate), ``times`` (brightleaf / benchmark),
    ``statistic``, ``source``, ``report_year``, ``evidence``. Only like is compared
    with like: a rate by followers with a benchmark by followers.
    """
    missing = [k for k in _RATE_OF_DENOMINATOR.values() if k not in rates]
    if missing:
        raise ValueError(f"rates is missing {', '.join(missing)}: pass dashboard.pooled_post_rates(posts)")
    _require_columns(benchmarks, ("platform", "denominator", "engagement_rate", "statistic", "source",
                                  "report_year", "evidence"), "benchmarks")
    columns = ["denominator", "brightleaf", "benchmark", "times", "statistic", "source", "report_year", "evidence"]
    if platform != ALL:
        check_choice("platform", platform, PLATFORMS)
    chosen = benchmarks[benchmarks["platform"].astype(str) == platform]
    rows = []
    for _, b in chosen.iterrows():
        own = float(rates[_RATE_OF_DENOMINATOR[str(b["denominator"])]])
        rows.append({"denominator": str(b["denominator"]), "brightleaf": own, "benchmark": float(b["engagement_rate"]),
                     "times": safe_divide(own, float(b["engagement_rate"]), num_name="Brightleaf's rate",
                                          den_name="benchmark"),
                     "statistic": b["statistic"], "source": b["source"], "report_year": int(b["report_year"]),
                     "evidence": str(b["evidence"])})
    return pd.DataFrame(rows, columns=columns)


def benchmark_by_platform(rates: pd.Series, denominator: str, benchmarks: pd.DataFrame) -> pd.DataFrame:
    """Engagement rates per platform (``rates``, indexed by platform, fractions) beside the published
    benchmarks with the same ``denominator``.

    One row per platform of ``rates`` that a benchmark covers (others are left out:
    no yardstick), columns ``rate``, ``benchmark``, ``times`` (rate / benchmark),
    ``source``, ``report_year`` and ``evidence``.
    """
    check_choice("denominator", denominator, tuple(_RATE_OF_DENOMINATOR))
    _require_columns(benchmarks, ("platform", "denominator", "engagement_rate", "source", "report_year",
                                  "evidence"), "benchmarks")
    if not isinstance(rates, pd.Series):
        raise TypeError(f"rates must be a pandas Series indexed by platform, got {type(rates).__name__}")
    same = benchmarks[benchmarks["denominator"].astype(str) == denominator].copy()
    same["platform"] = same["platform"].astype(str)
    rows = []
    for platform, rate in rates.items():
        found = same[same["platform"] == str(platform)]
        for _, b in found.iterrows():
            rows.append({"platform": str(platform), "rate": float(rate), "benchmark": float(b["engagement_rate"]),
                         "times": safe_divide(float(rate), float(b["engagement_rate"]), num_name="rate",
                                              den_name="benchmark"),
                         "source": b["source"], "report_year": int(b["report_year"]), "evidence": str(b["evidence"])})
    return pd.DataFrame(rows, columns=["platform", "rate", "benchmark", "times", "source", "report_year",
                                       "evidence"]).set_index("platform")
