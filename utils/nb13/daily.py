"""Daily account files: one row per day of account totals (not posts), their totals and chart.

Meta Business Suite's daily files (``sep=,``, a title line such as ``"Facebook
reach"``, then ``Date`` / ``Primary``), TikTok Studio's ``Overview.csv`` and the
``ENGAGEMENT`` sheet of LinkedIn's creator workbook hold the account's total
per day. They are read by :func:`utils.nb13.upload.read_export` into one row
per ``date``; :func:`summarise_daily` gives the period's totals (and a rate
only when the day rows hold both a base and engagements), :func:`daily_rows`
the panel's table, and :func:`draw_daily` the chart. Every label says these
are account totals per day, not posts: a day total of reach is not the sum of
posts' reach, and people reached on two days are counted twice in the sum.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from utils.nb13.headers import BASE_FIELDS, ENGAGEMENT_FIELDS
from utils.shared.plotting import num, pct

ACCOUNT_TOTALS = "account totals per day (not posts)"
_METRICS = ("impressions", "reach", "views", "likes", "comments", "shares", "clicks", "saves", "engagements",
            "followers")


def summarise_daily(days: pd.DataFrame) -> pd.DataFrame:
    """One row ``"All"``: ``days``, ``first``, ``last``, the total of each metric, and a rate where possible.

    ``engagement_rate`` = (likes + comments + shares + clicks, or the platform's
    engagement total) / the base (views, impressions or reach, whichever the
    file has, in the platform's order); ``base`` names it. A sum of daily reach
    counts a person once per day they were reached: the summary says so.
    """
    if not isinstance(days, pd.DataFrame) or "date" not in days:
        raise TypeError("days must be a daily series from read_export (with a 'date' column)")
    if days.empty:
        raise ValueError("the daily series has no rows to summarise")
    from utils.nb13.summary import RATE_BASES

    platform = str(days["platform"].iloc[0]) if "platform" in days else "Unknown"
    row: dict[str, Any] = {"days": len(days), "first": days["date"].min(), "last": days["date"].max()}
    for metric in _METRICS:
        if metric in days:
            row[metric] = float(days[metric].sum())
    engaged = [f for f in ENGAGEMENT_FIELDS if f in days] or (["engagements"] if "engagements" in days else [])
    base = next((b for b in RATE_BASES.get(platform, BASE_FIELDS) if b in days and days[b].sum() > 0), None)
    why: dict[tuple[str, str], str] = {}
    row["base"] = base or "n/a"
    if engaged and base:
        row["engagements"] = float(days[engaged].to_numpy().sum())
        row["engagement_rate"] = row["engagements"] / row[base]
    else:
        row["engagement_rate"] = math.nan
        why[("All", "engagement_rate")] = ("the file holds one metric per day, not engagements and a base"
                                           if not engaged else "no views, impressions or reach per day")
    table = pd.DataFrame([row], index=pd.Index(["All"], name="period"))
    table.attrs.update(kind="daily", platform=platform, why=why, engagement_fields=engaged,
                       metrics=[m for m in _METRICS if m in days])
    return table


def daily_rows(table: pd.DataFrame) -> list[tuple[str, str]]:
    """The panel's rows for a daily summary, each labelled as account totals."""
    whole = table.loc["All"]
    rows = [("What the file holds", f"{table.attrs.get('platform', '')} {ACCOUNT_TOTALS}".strip()),
            ("Days", f"{int(whole['days']):,} ({whole['first']:%Y-%m-%d} to {whole['last']:%Y-%m-%d})")]
    for metric in table.attrs.get("metrics", []):
        note = " (people reached on several days are counted once per day)" if metric == "reach" else ""
        rows.append((f"Total {metric} over the period{note}", num(whole[metric])))
    rate = float(whole["engagement_rate"])
    reason = table.attrs.get("why", {}).get(("All", "engagement_rate"), "")
    rows.append((f"Engagement rate of the account (engagements / {whole['base']}, pooled over days)",
                 pct(rate, 2) if math.isfinite(rate) else f"n/a ({reason})"))
    return rows


def main_metric(days: pd.DataFrame) -> str:
    """The metric the chart shows: the base if any, else the first metric the file has."""
    return next((m for m in (*BASE_FIELDS, *_METRICS) if m in days), "")


def draw_daily(ax: Any, days: pd.DataFrame, state: dict | None = None) -> None:
    """A line of the main metric per day on ``ax``, titled and labelled as account totals."""
    from utils.shared.plotting import PALETTE

    metric = main_metric(days)
    platform = str(days["platform"].iloc[0]) if "platform" in days and len(days) else ""
    ax.clear()
    ax.plot(days["date"], days[metric], color=PALETTE[0], marker="o", markersize=2.5, linewidth=1.4)
    ax.set_title(f"{platform} {metric} per day: {ACCOUNT_TOTALS}".strip())
    ax.set_xlabel("day")
    ax.set_ylabel(f"{metric} per day (account total)")
    ax.set_ylim(bottom=0)
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_fontsize(7)
