"""Shareable ("sticky") content and earned, owned and paid exposure.

* Virality rate of a group of posts = total shares / total impressions, the
  pooled :func:`utils.shared.metrics.virality_rate` (never the mean of per-post rates).
* Stickiness, after the source article's definition of sticky content, is read
  as a funnel per group: it engages at first glance (engagements per
  impression), leads to a purchase (orders per click), then gets shared
  (shares per impression).
* Exposure is split into paid, owned and earned with the explicit
  assumptions of :data:`EXPOSURE_ASSUMPTIONS` (see :func:`exposure_split`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from utils.shared import metrics, stats
from utils.shared.config import BRAND, PLATFORMS, VIEWS_PER_SHARE
from utils.shared.validation import as_scalar, check_count, check_frame, check_int, check_le, check_nonnegative

__all__ = [
    "EXPOSURE_ASSUMPTIONS",
    "EXPOSURE_KINDS",
    "exposure_shares",
    "exposure_split",
    "virality_rates",
    "share_ratio",
    "stickiness",
    "top_topics",
]

#: The three kinds of exposure, in display order.
EXPOSURE_KINDS: tuple[str, ...] = ("paid", "owned", "earned")

#: How each kind of exposure is measured on the course data, and what is assumed.
EXPOSURE_ASSUMPTIONS: dict[str, str] = {
    "paid": "All impressions of boosted posts (paid = True). The organic part of a boosted post "
            "cannot be separated, so it counts as paid: an upper bound on paid exposure.",
    "owned": "Impressions of organic posts up to what the account's followers can explain: "
             "impressions x min(reach, followers) / reach. Followers see organic posts first.",
    "earned": "Organic impressions beyond the followers (impressions x (reach - followers) / reach when "
              "reach exceeds followers: people who do not follow the brand saw it because it was passed on "
              "or recommended), plus (shares + brand mentions) x views_per_share. views_per_share is the "
              "number of people who see one share or mention: not observed in the data, an assumption.",
}

_POST_COLUMNS = ("platform", "paid", "followers", "impressions", "reach", "shares")


def _posts(posts: Any, columns: Sequence[str]) -> pd.DataFrame:
    return check_frame("posts", posts, columns, empty="the selection is empty, so there is nothing to measure")


def _keys(posts: pd.DataFrame, by: str | Sequence[str]) -> list[str]:
    keys = [by] if isinstance(by, str) else list(by)
    if not keys:
        raise ValueError("by must name at least one column, e.g. 'content_type'")
    missing = [k for k in keys if k not in posts.columns]
    if missing:
        raise ValueError(f"by: posts has no column(s) {missing}")
    return keys


def _group_sums(posts: pd.DataFrame, keys: list[str], columns: Sequence[str]) -> pd.DataFrame:
    parts = pd.DataFrame({"posts": 1, **{c: posts[c] for c in columns}}, index=posts.index)
    table = parts.groupby([posts[k].astype(str) for k in keys], sort=True).sum()
    return table[table["posts"] > 0]


def virality_rates(posts: pd.DataFrame, by: str | Sequence[str] = "content_type") -> pd.DataFrame:
    """Pooled virality rate per group: ``shares / impressions`` (sums first).

    Columns: ``posts`` (count), ``shares``, ``impressions`` (sums) and
    ``virality_rate`` (:func:`utils.shared.metrics.virality_rate` of the sums, a
    fraction). Sorted by ``virality_rate``, highest first.
    """
    data = _posts(posts, ("shares", "impressions"))
    keys = _keys(data, by)
    check_le("shares", data["shares"], "impressions", data["impressions"], "virality rate")
    table = _group_sums(data, keys, ("shares", "impressions"))
    table["virality_rate"] = metrics.virality_rate(table["shares"], table["impressions"])
    return table.sort_values("virality_rate", ascending=False)


def share_ratio(posts: pd.DataFrame, a: str, b: str, by: str = "content_type") -> float:
    """How many times as often group ``a`` is shared per impression as group ``b``.

    ``virality_rate(a) / virality_rate(b)`` with pooled virality rates, e.g.
    ``share_ratio(posts, "video", "text")``.
    """
    table = virality_rates(posts, by)
    for name, label in (("a", a), ("b", b)):
        if label not in table.index:
            raise ValueError(f"{name}: no posts with {by} = {label!r}; choose from {sorted(table.index)}")
    if table.loc[b, "virality_rate"] == 0:
        raise ValueError(f"b: posts with {by} = {b!r} were never shared, so the ratio is undefined")
    return float(table.loc[a, "virality_rate"] / table.loc[b, "virality_rate"])


def share_ratio_interval(posts: pd.DataFrame, a: str, b: str, by: str = "content_type", *,
                         confidence: float = 0.95) -> dict[str, Any]:
    """:func:`share_ratio` with a bootstrap interval: is group ``a`` really shared more than ``b``?

    Posts are resampled within each group (seeded, :func:`utils.shared.stats.bootstrap_ratio`).
    Returns ``ratio``, ``low``, ``high``, ``within_noise`` (the interval includes 1)
    and ``verdict`` (a sentence).
    """
    ratio = share_ratio(posts, a, b, by)
    data = _posts(posts, ("shares", "impressions", by))
    group = data[by].astype(str)
    res = stats.bootstrap_ratio(data.loc[group == a, "shares"], data.loc[group == a, "impressions"],
                                data.loc[group == b, "shares"], data.loc[group == b, "impressions"],
                                confidence=confidence)
    what = f"{a} over {b} (shares per impression)"
    return {"ratio": ratio, "low": res["low"], "high": res["high"], "within_noise": res["low"] <= 1.0 <= res["high"],
            "verdict": stats.verdict(res["low"], res["high"], null=1.0, what=what, scale="ratio")}


def stickiness(posts: pd.DataFrame, by: str | Sequence[str] = "content_type") -> pd.DataFrame:
    """The sticky-content funnel per group, all pooled rates (fractions).

    * ``engagement_rate``: engagements (likes + comments + shares + clicks) / impressions,
      does it catch attention at first glance?
    * ``conversion_rate``: conversions / clicks, does it lead to a purchase?
    * ``virality_rate``: shares / impressions, do people pass it on?

    Also returns ``posts`` and the summed counts. Sorted by ``virality_rate``.
    """
    data = _posts(posts, ("likes", "comments", "shares", "clicks", "conversions", "impressions"))
    keys = _keys(data, by)
    data = data.assign(engagements=metrics.engagements(data["likes"], data["comments"], data["shares"],
                                                       data["clicks"]))
    table = _group_sums(data, keys, ("impressions", "engagements", "clicks", "conversions", "shares"))
    table["engagement_rate"] = metrics.engagement_rate(table["engagements"], table["impressions"],
                                                       base_name="impressions")
    table["conversion_rate"] = metrics.conversion_rate(table["conversions"], table["clicks"], on_zero="nan")
    table["virality_rate"] = metrics.virality_rate(table["shares"], table["impressions"])
    return table.sort_values("virality_rate", ascending=False)


def top_topics(posts: pd.DataFrame, k: Any = 3, platform: str | None = None) -> list[str]:
    """The ``k`` topics with the highest pooled virality rate (optionally on one platform)."""
    n = check_int("k", k, minimum=1)
    data = _posts(posts, ("topic", "shares", "impressions", "platform"))
    if platform is not None:
        data = data[data["platform"].astype(str) == platform]
        if data.empty:
            raise ValueError(f"platform: no posts on {platform!r}")
    return list(virality_rates(data, "topic").index[:n])


def exposure_split(
    posts: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    *,
    views_per_share: Any = VIEWS_PER_SHARE,
    by: str | None = "platform",
    brand: str = BRAND,
) -> pd.DataFrame:
    """Paid, owned and earned exposure (in impressions, i.e. times seen), per platform or overall.

    Measured on the posts table with the assumptions of
    :data:`EXPOSURE_ASSUMPTIONS`:

    * ``paid`` = impressions of posts with ``paid`` True;
    * ``owned`` = organic impressions x ``min(reach, followers) / reach``;
    * ``earned_beyond_followers`` = organic impressions x ``max(reach - followers, 0) / reach``;
    * ``earned_shares`` = shares (of every post) x ``views_per_share``;
    * ``earned_mentions`` = the brand's mentions x ``views_per_share`` (0 when
      ``mentions`` is None);
    * ``earned`` = the three earned parts; ``total`` = paid + owned + earned;
    * ``paid_share``, ``owned_share``, ``earned_share`` = each kind / total.

    ``views_per_share`` is a number >= 0 (people reached by one share or mention).
    ``by`` is ``"platform"`` (rows in course order) or ``None`` (one row, ``"all"``).
    """
    data = _posts(posts, _POST_COLUMNS)
    views = float(check_nonnegative("views_per_share", as_scalar("views_per_share", views_per_share)))
    if by not in (None, "platform"):
        raise ValueError(f"by must be 'platform' or None, got {by!r}")
    for column in ("followers", "impressions", "reach", "shares"):
        check_count(column, data[column])
    check_le("reach", data["reach"], "impressions", data["impressions"], "exposure split")
    if (data["reach"] == 0).any():
        raise ValueError("reach must be at least 1 for every post (a post with impressions reached someone)")
    paid = data["paid"].astype(bool)
    organic = data["impressions"].where(~paid, 0).astype(float)
    followers_part = data[["reach", "followers"]].min(axis=1) / data["reach"]
    parts = pd.DataFrame({
        "paid": data["impressions"].where(paid, 0).astype(float),
        "owned": organic * followers_part,
        "earned_beyond_followers": organic * (1.0 - followers_part),
        "earned_shares": data["shares"].astype(float) * views,
    }, index=data.index)
    if by is None:
        table = parts.sum().to_frame("all").T
    else:
        table = parts.groupby(data["platform"].astype(str)).sum()
        table = table.reindex([p for p in PLATFORMS if p in table.index]
                              + sorted(set(table.index) - set(PLATFORMS)))
    table["earned_mentions"] = 0.0
    if mentions is not None:
        if not isinstance(mentions, pd.DataFrame):
            raise TypeError(f"mentions must be a pandas DataFrame or None, got {type(mentions).__name__}")
        own = mentions[mentions["brand"].astype(str) == brand]
        counts = own["positive"] + own["neutral"] + own["negative"]
        if by is None:
            table["earned_mentions"] = float(counts.sum()) * views
        else:
            per = counts.groupby(own["platform"].astype(str)).sum()
            table["earned_mentions"] = per.reindex(table.index, fill_value=0).astype(float) * views
    table["earned"] = table["earned_beyond_followers"] + table["earned_shares"] + table["earned_mentions"]
    table["total"] = table["paid"] + table["owned"] + table["earned"]
    for kind in EXPOSURE_KINDS:
        table[f"{kind}_share"] = table[kind] / table["total"]
    table.index.name = by or "scope"
    return table


def exposure_shares(table: pd.DataFrame) -> pd.Series:
    """Overall paid / owned / earned shares (fractions summing to 1) of an :func:`exposure_split` table."""
    if not isinstance(table, pd.DataFrame) or not set(EXPOSURE_KINDS) <= set(table.columns):
        raise TypeError("table must be returned by exposure_split")
    sums = table[list(EXPOSURE_KINDS)].sum()
    total = float(sums.sum())
    if total <= 0:
        raise ValueError("the table holds no exposure at all")
    return (sums / total).rename("share")
