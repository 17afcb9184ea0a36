"""Social listening: share of voice and sentiment from brand mention counts.

The input is a mentions table like ``data/mentions.csv``: one row per day,
platform and brand with the number of ``positive``, ``neutral`` and
``negative`` mentions. Everything here is a **pooled** count ratio (sums first,
then one division), never a mean of daily ratios.

* Share of voice of a brand = its mentions / the mentions of every brand in
  the comparison (:func:`utils.shared.metrics.share_of_voice`), so shares sum to 1.
* Net sentiment = (positive - negative) / all mentions, from -1 (all negative)
  to +1 (all positive).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from utils.shared.config import BRANDS
from utils.shared.metrics import share_of_voice
from utils.shared.validation import OnZero, align, check_count, check_frame, check_le, safe_divide

__all__ = [
    "BY_OPTIONS",
    "SENTIMENTS",
    "net_sentiment",
    "sentiment_table",
    "share_of_voice_table",
    "share_of_voice_wide",
    "with_totals",
]

#: The sentiment columns of a mentions table, in order.
SENTIMENTS: tuple[str, ...] = ("positive", "neutral", "negative")

#: How a share-of-voice or sentiment table can be split (besides brand).
BY_OPTIONS: tuple[str, ...] = ("platform", "month", "week")

_REQUIRED = ("date", "platform", "brand", *SENTIMENTS)


def _check_mentions(mentions: Any) -> pd.DataFrame:
    check_frame("mentions", mentions, _REQUIRED, hint=f"it needs {list(_REQUIRED)}",
                empty="the selection is empty, so there is nothing to compare")
    for column in SENTIMENTS:
        check_count(f"mentions[{column!r}]", mentions[column])
    return mentions


def _check_by(by: Any) -> list[str]:
    if by is None:
        return []
    keys = [by] if isinstance(by, str) else list(by)
    for key in keys:
        if key not in BY_OPTIONS:
            raise ValueError(f"by must be None or one of {', '.join(repr(o) for o in BY_OPTIONS)}; got {key!r}")
    return keys


def month_labels(dates: pd.Series) -> pd.Series:
    """``'YYYY-MM'`` of each date, formatted once per distinct month (``strftime`` on every
    row formats the same few strings thousands of times)."""
    codes = (dates.dt.year * 100 + dates.dt.month).to_numpy()
    months, where = np.unique(codes, return_inverse=True)
    labels = np.array([f"{m // 100:04d}-{m % 100:02d}" for m in months], dtype=object)
    return pd.Series(labels[where], index=dates.index, dtype="str", name=dates.name)


def with_totals(mentions: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``mentions`` with ``mentions`` (= positive + neutral + negative),
    ``month`` (``'2025-01'``) and ``week`` (Monday of the week) columns added."""
    data = _check_mentions(mentions).copy()
    data["mentions"] = data["positive"] + data["neutral"] + data["negative"]
    dates = pd.to_datetime(data["date"])
    data["month"] = month_labels(dates)
    data["week"] = (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")).dt.normalize()
    return data


def _sums(data: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    columns = [*SENTIMENTS, "mentions"]
    grouped = data.groupby(keys, observed=True, sort=True)[columns].sum()
    return grouped


def share_of_voice_table(
    mentions: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    brands: Sequence[str] | None = None,
    on_zero: OnZero = "raise",
) -> pd.DataFrame:
    """Share of voice of every brand, overall or per platform / month / week.

    ``share_of_voice = brand mentions / mentions of all compared brands`` in
    the same group (:func:`utils.shared.metrics.share_of_voice`), so within each group
    the shares sum to 1. ``brands`` restricts the comparison (default: every
    brand in the table). Sentiment is ignored: a negative mention is voice too.

    Returns a tidy frame, one row per group and brand, with the group columns,
    ``brand``, ``mentions``, ``total_mentions`` and ``share_of_voice``
    (a fraction), sorted by group, then by share of voice (largest first).
    """
    keys = _check_by(by)
    data = with_totals(mentions)
    if brands is not None:
        wanted = [brands] if isinstance(brands, str) else list(brands)
        unknown = sorted(set(wanted) - set(data["brand"].astype(str)))
        if unknown:
            raise ValueError(f"brands {unknown} do not appear in mentions")
        data = data[data["brand"].astype(str).isin(wanted)]
    table = _sums(data, keys + ["brand"])[["mentions"]].reset_index()
    table["brand"] = table["brand"].astype(str)
    if keys:
        table["total_mentions"] = table.groupby(keys, observed=True)["mentions"].transform("sum")
    else:
        table["total_mentions"] = table["mentions"].sum()
    table["share_of_voice"] = share_of_voice(table["mentions"], table["total_mentions"], on_zero=on_zero)
    table = table.sort_values(keys + ["share_of_voice"], ascending=[True] * len(keys) + [False])
    return table.reset_index(drop=True)


def share_of_voice_wide(mentions: pd.DataFrame, by: str, **kwargs: Any) -> pd.DataFrame:
    """:func:`share_of_voice_table` pivoted: one row per ``by`` value, one column per brand.

    Brands keep the order of ``utils.shared.config.BRANDS`` where they appear there.
    """
    if not isinstance(by, str):
        raise TypeError("by must be one column name ('platform', 'month' or 'week') for a wide table")
    tidy = share_of_voice_table(mentions, by, **kwargs)
    wide = tidy.pivot(index=by, columns="brand", values="share_of_voice")
    order = [b for b in BRANDS if b in wide.columns] + sorted(c for c in wide.columns if c not in BRANDS)
    wide = wide[order]
    wide.columns.name = "brand"
    if by == "platform" and isinstance(mentions["platform"].dtype, pd.CategoricalDtype):
        cats = [c for c in mentions["platform"].cat.categories if c in wide.index]
        wide = wide.loc[cats]
    return wide


def net_sentiment(positive: Any, negative: Any, total: Any, *, on_zero: OnZero = "raise") -> Any:
    """Net sentiment: ``(positive - negative) / total``, from -1 to +1.

    ``total`` counts every mention (positive, neutral and negative), so
    ``positive + negative`` cannot exceed it. Example: 30 positive and
    10 negative among 100 mentions give ``net_sentiment(30, 10, 100) == 0.2``.
    Scalars, arrays or Series (same kind returned).
    """
    pos = check_count("positive", positive)
    neg = check_count("negative", negative)
    tot = check_count("total", total)
    aligned = align(("positive", pos), ("negative", neg), ("total", tot))
    both = aligned.wrap(aligned.values[0] + aligned.values[1], "positive + negative")
    check_le("positive + negative", both, "total", tot, "net sentiment")
    diff = aligned.wrap(aligned.values[0] - aligned.values[1], "net_sentiment")
    return safe_divide(diff, tot, num_name="positive - negative", den_name="total",
                       on_zero=on_zero, name="net_sentiment", context="net sentiment")


def sentiment_table(
    mentions: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    on_zero: OnZero = "raise",
) -> pd.DataFrame:
    """Pooled sentiment per brand (and optionally per platform / month / week).

    Columns: the three counts, ``mentions`` (their sum), ``positive_share``
    and ``negative_share`` (fractions of all mentions) and ``net_sentiment``
    (:func:`net_sentiment`). Indexed by the group columns then ``brand``.
    """
    keys = _check_by(by)
    data = with_totals(mentions)
    table = _sums(data, keys + ["brand"])
    for column in ("positive", "negative"):
        table[f"{column}_share"] = safe_divide(
            table[column], table["mentions"], num_name=column, den_name="mentions",
            on_zero=on_zero, name=f"{column}_share", context="sentiment share",
        )
    table["net_sentiment"] = net_sentiment(table["positive"], table["negative"], table["mentions"],
                                           on_zero=on_zero)
    if isinstance(table.index, pd.CategoricalIndex):
        table.index = table.index.astype(str)
    return table.astype({c: float for c in table.columns if c in ("positive_share", "negative_share",
                                                                      "net_sentiment")})
