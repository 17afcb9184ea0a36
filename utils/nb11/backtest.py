"""How far can the capstone's forecast be trusted? Forecast every past campaign and compare.

:func:`backtest` takes each of Brightleaf's 2025 campaigns (``campaigns.csv``),
builds the brief that campaign would have had (its platform, objective, spend
as the budget, the content mix of its posts by spend, its length in weeks, no
segment lift), and forecasts it with :func:`utils.nb11.forecast.simulate` from
the **other** campaigns' data only (leave-one-out: the campaign's own posts are
left out of the rates, so the forecast never sees the answer). Beside each
forecast it puts the campaign's actual, platform-reported clicks, conversions
and revenue, and the error ``forecast / actual - 1`` (+0.5: the forecast was 50%
too high).

:func:`backtest_summary` pools the errors: the median absolute error of each
count, and the pooled forecast against the pooled actual result.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from utils.nb11 import brief, forecast
from utils.shared.data import load_audience, load_campaigns, load_posts
from utils.shared.validation import check_frame

__all__ = ["BACKTEST_COUNTS", "backtest", "backtest_summary"]

#: The counts compared, as (forecast total key, campaigns.csv column).
BACKTEST_COUNTS: dict[str, str] = {"clicks": "clicks", "conversions": "conversions", "revenue": "attributed_revenue"}


def _brief(campaign: pd.Series, members: pd.DataFrame) -> brief.CampaignParams:
    spend = members.groupby(members["content_type"].astype(str))["spend"].sum()
    mix = {c: round(float(v / spend.sum()), 6) for c, v in spend.items() if v > 0}
    top = max(mix, key=mix.get)
    mix[top] = round(mix[top] + 1.0 - sum(mix.values()), 6)  # shares add up to exactly 1
    days = int((campaign["end_date"] - campaign["start_date"]).days) + 1
    return brief.validate_parameters(
        objective=str(campaign["objective"]), platforms=[str(campaign["platform"])], budget=float(campaign["spend"]),
        content_mix=mix, age_min=18, age_max=75, interests=[], locations=[],
        weeks=int(min(brief.MAX_WEEKS, max(1, round(days / 7)))), report_name="backtest", segment_lift=False)


def backtest(campaigns: pd.DataFrame | None = None, posts: pd.DataFrame | None = None,
             audience: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each past campaign's forecast (from the other campaigns' data) beside its actual result.

    One row per campaign (index: name), columns: ``platform``, ``objective``,
    ``spend`` (EUR), then for each count of :data:`BACKTEST_COUNTS`
    ``<count>_forecast``, ``<count>_actual`` and ``<count>_error`` (forecast /
    actual - 1; NaN when the actual count is 0), and ``cost_per_conversion_forecast``
    and ``cost_per_conversion_actual`` (EUR; spend / conversions). Frames default to
    the course data.
    """
    campaigns = load_campaigns() if campaigns is None else campaigns
    posts = load_posts() if posts is None else posts
    audience = load_audience() if audience is None else audience
    check_frame("campaigns", campaigns, ("campaign_id", "name", "objective", "platform", "start_date", "end_date",
                                         "spend", "clicks", "conversions", "attributed_revenue"))
    check_frame("posts", posts, ("campaign_id", "content_type", "spend"))
    if campaigns.empty:
        raise ValueError("campaigns is empty: there is nothing to backtest")
    rows = {}
    for _, campaign in campaigns.iterrows():
        own = posts["campaign_id"] == campaign["campaign_id"]
        members = posts[own.fillna(False).to_numpy(dtype=bool)]
        if members.empty:
            raise ValueError(f"campaign {campaign['name']!r} has no posts in posts.csv (campaign_id "
                             f"{campaign['campaign_id']}): the brief needs its content mix")
        others = posts[~own.fillna(False).to_numpy(dtype=bool)]
        inputs = forecast.load_inputs(others, audience)
        predicted = forecast.simulate(_brief(campaign, members), inputs).totals
        row = {"platform": str(campaign["platform"]), "objective": str(campaign["objective"]),
               "spend": float(campaign["spend"])}
        for key, column in BACKTEST_COUNTS.items():
            actual = float(campaign[column])
            row[f"{key}_forecast"] = float(predicted[key])
            row[f"{key}_actual"] = actual
            row[f"{key}_error"] = predicted[key] / actual - 1.0 if actual > 0 else np.nan
        row["cost_per_conversion_forecast"] = row["spend"] / row["conversions_forecast"] \
            if row["conversions_forecast"] > 0 else np.nan
        row["cost_per_conversion_actual"] = row["spend"] / row["conversions_actual"] \
            if row["conversions_actual"] > 0 else np.nan
        rows[str(campaign["name"])] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "campaign"
    return table


def backtest_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Pooled view of a :func:`backtest` table, one row per count.

    Columns: ``forecast`` and ``actual`` (summed over campaigns), ``pooled_error``
    (forecast / actual - 1 of the sums), ``median_abs_error`` (the typical size of
    one campaign's error, either way), ``within_25pct`` (share of campaigns whose
    forecast was within 25% of the actual result).
    """
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise ValueError("table must be a non-empty frame returned by backtest()")
    out = {}
    for key in BACKTEST_COUNTS:
        forecast, actual, error = table[f"{key}_forecast"], table[f"{key}_actual"], table[f"{key}_error"].dropna()
        out[key] = {"forecast": float(forecast.sum()), "actual": float(actual.sum()),
                    "pooled_error": float(forecast.sum() / actual.sum() - 1.0),
                    "median_abs_error": float(error.abs().median()),
                    "within_25pct": float((error.abs() <= 0.25).mean())}
    return pd.DataFrame.from_dict(out, orient="index")
