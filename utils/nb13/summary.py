"""The dashboard numbers of uploaded posts: pooled rates, each on its platform's own base.

Each platform's numbers support a different base for the engagement rate:

=========== ================================ =====================================================
platform    base (first one the file has)    why
=========== ================================ =====================================================
X           impressions                      X reports impressions per post, no reach
YouTube     views                            YouTube's "Impressions" count thumbnails shown, not views
TikTok      views                            TikTok reports views (plays) per video
Facebook    reach, then impressions          Meta reports reach per post (views since 2025)
Instagram   reach, then impressions          as Facebook
LinkedIn    reach, then impressions          page exports give impressions; reach when present
=========== ================================ =====================================================

The summary names the base of every rate (column ``base``); the ``All`` row
pools the platforms only when they share the base, and otherwise says why it
has no rate. A rate on a base the platform does not support is never shown:
it is ``NaN`` and :func:`summary_rows` says why.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from utils.shared.config import PLATFORMS
from utils.shared.metrics import pooled_rate
from utils.nb13.headers import BASE_FIELDS, ENGAGEMENT_FIELDS, MONEY_FIELDS
from utils.shared.plotting import eur, num, pct
from utils.shared.validation import check_choice, check_count, check_nonnegative

#: The base of the engagement rate per platform, in order of preference.
RATE_BASES: dict[str, tuple[str, ...]] = {
    "X": ("impressions",),
    "YouTube": ("views", "impressions"),
    "TikTok": ("views", "impressions"),
    "Facebook": ("reach", "impressions", "views"),
    "Instagram": ("reach", "impressions", "views"),
    "LinkedIn": ("reach", "impressions"),
}
_OTHER_BASES = ("impressions", "reach", "views")
_SUMMED = ("impressions", "reach", "views", "likes", "comments", "shares", "clicks", "saves", "engagements",
           "conversions", *MONEY_FIELDS)


def _platform_order(names: Sequence[str]) -> list[str]:
    known = [p for p in PLATFORMS if p in names]
    return known + sorted(n for n in names if n not in PLATFORMS)


def _base_for(group: str, work: pd.DataFrame, rows: np.ndarray, present: dict[str, np.ndarray]) -> str | None:
    for base in RATE_BASES.get(group, _OTHER_BASES):
        if base in work and present[base][rows].all() and work.loc[rows, base].sum() > 0:
            return base
    return None


def _zero_base(group: str, work: pd.DataFrame, rows: np.ndarray, present: dict[str, np.ndarray]) -> str | None:
    """A base the platform supports that every row has but that adds up to 0 (no rate can use it)."""
    for base in RATE_BASES.get(group, _OTHER_BASES):
        if base in work and present[base][rows].all() and work.loc[rows, base].sum() == 0:
            return base
    return None


def _why_zero(why: dict, group: str, column: str, value: float, denominator: str, total: float) -> None:
    """Say why a rate is n/a when its denominator is in the file but adds up to 0."""
    if not math.isfinite(value) and total == 0 and (group, column) not in why:
        why[(group, column)] = f"the {denominator} add up to 0: a rate needs a denominator above 0"


def summarise(posts: pd.DataFrame, by: str = "platform") -> pd.DataFrame:
    """Pooled rates of uploaded posts per platform (or content type), plus an ``"All"`` row.

    Columns: ``posts``, the totals the rows have (``impressions``, ``reach``,
    ``views``, ``engagements``...), ``base`` (the count the engagement rate is
    divided by), ``base_total``, ``engagement_rate`` (engagements / base),
    ``er_impressions`` and ``er_reach`` (engagements / impressions or reach,
    where the platform supports that base), ``ctr`` (clicks / impressions),
    ``virality_rate`` (shares / base), ``conversion_rate`` (conversions /
    clicks), ``revenue`` and ``spend``.

    Engagements are likes + comments + shares + clicks (the course's definition,
    notebook 08) over the counts the file has; when it has none of them but the
    platform's own total (``engagements``), that total, and
    ``attrs["engagement_fields"]`` says so. Every rate is pooled (sum over
    sum, :func:`utils.shared.metrics.pooled_rate`). ``attrs["why"]`` maps
    ``(group, column)`` to the reason a rate is missing; ``attrs["bases"]`` the
    base per group. A daily account file (``attrs["upload"]["kind"] ==
    "daily"``) is summarised by :func:`utils.nb13.daily.summarise_daily`.
    """
    if not isinstance(posts, pd.DataFrame):
        raise TypeError(f"posts must be a pandas DataFrame (from read_export), got {type(posts).__name__}")
    if posts.attrs.get("upload", {}).get("kind") == "daily" or ("date" in posts and "posted_at" not in posts):
        from utils.nb13.daily import summarise_daily

        return summarise_daily(posts)
    check_choice("by", by, ("platform", "content_type"))
    engaged = [f for f in ENGAGEMENT_FIELDS if f in posts.columns]
    if not engaged and "engagements" in posts.columns:
        engaged = ["engagements"]
    bases = [b for b in BASE_FIELDS if b in posts.columns]
    needed = [c for c in (by,) if c not in posts.columns]
    if needed or not engaged or not bases:
        what = needed + ([] if engaged else ["an engagement count (likes, comments, shares or clicks)"]) + \
            ([] if bases else ["a base (impressions, reach or views)"])
        raise ValueError(f"posts is missing {', '.join(what)}; read it with read_export")
    if posts.empty:
        raise ValueError("posts has no rows to summarise")
    filler = "Unknown" if by == "platform" else "unknown"
    labels = posts[by].astype(object).where(posts[by].notna(), filler).astype(str)
    labels = labels.replace({"All": f"All ({by})"})
    platforms = posts["platform"].astype(object).where(posts["platform"].notna(), "Unknown").astype(str) \
        if "platform" in posts else labels
    work = pd.DataFrame({by: labels.to_numpy(), "all": "All"}, index=pd.RangeIndex(len(posts)))
    present: dict[str, np.ndarray] = {}
    for column in _SUMMED:
        if column not in posts.columns:
            continue
        try:
            values = pd.Series(pd.to_numeric(posts[column]).to_numpy(dtype=float), index=work.index)
        except (TypeError, ValueError):
            raise TypeError(f"{column} must be a numeric column (read the file with read_export)") from None
        ok = values.notna().to_numpy()
        (check_nonnegative if column in MONEY_FIELDS else check_count)(column, values[ok])
        work[column] = values.fillna(0.0)
        present[column] = ok
    have = np.zeros(len(work), dtype=bool)
    for f in engaged:
        have |= present[f]
    work["engagements_used"] = work[engaged].sum(axis=1)
    groups = _platform_order(sorted(set(labels))) if by == "platform" else sorted(set(labels))
    why: dict[tuple[str, str], str] = {}
    rows_of = {g: (labels == g).to_numpy() for g in groups}
    rows_of["All"] = np.ones(len(work), dtype=bool)
    group_bases: dict[str, str | None] = {}
    for g in groups:
        # the base follows the platform of the rows (grouping by content type mixes platforms)
        plats = sorted(set(platforms[rows_of[g]]))
        candidates = [_base_for(p, work, rows_of[g], present) for p in plats]
        group_bases[g] = candidates[0] if len(set(candidates)) == 1 else None
        if group_bases[g] is None:
            zero = [b for b in (_zero_base(p, work, rows_of[g], present) for p in plats) if b]
            why[(g, "engagement_rate")] = (
                "its platforms use different bases" if len(set(candidates)) > 1 else
                f"the {zero[0]} add up to 0: a rate needs a base above 0" if zero else
                "no base the platform supports (views, impressions or reach) in every row")
    overall = {group_bases[g] for g in groups}
    group_bases["All"] = overall.pop() if len(overall) == 1 else None
    if group_bases["All"] is None and len(groups) > 1:
        used = ", ".join(f"{g}: {group_bases[g] or 'none'}" for g in groups)
        why[("All", "engagement_rate")] = f"the platforms use different bases ({used}); compare them per platform"
    elif group_bases["All"] is None:  # one group: the whole file has the same reason
        why[("All", "engagement_rate")] = why[(groups[0], "engagement_rate")]
    table_rows = []
    for g in [*groups, "All"]:
        rows = rows_of[g]
        plats = set(platforms[rows])
        row: dict[str, Any] = {by: g, "posts": int(rows.sum())}
        for column in _SUMMED:
            if column in work:
                row[column] = float(work.loc[rows, column].sum()) if present[column][rows].all() else math.nan
        row["engagements"] = float(work.loc[rows, "engagements_used"].sum())
        base = group_bases[g]
        row["base"] = base or "n/a"
        row["base_total"] = float(work.loc[rows, base].sum()) if base else math.nan
        row["engagement_rate"] = _rate(row["engagements"], row["base_total"])
        for column, denominator in (("er_impressions", "impressions"), ("er_reach", "reach")):
            if denominator in work and present[denominator][rows].all():
                row[column] = _rate(row["engagements"], row[denominator], names=("engagements", denominator))
                _why_zero(why, g, column, row[column], denominator, row[denominator])
            else:
                row[column] = math.nan
                why[(g, column)] = (f"not every row has {denominator}" if denominator in work else
                                    f"the file has no {denominator}")
        if "clicks" in work and "impressions" in work and present["clicks"][rows].all() and \
                present["impressions"][rows].all():
            row["ctr"] = _rate(row["clicks"], row["impressions"], bounded=True, names=("clicks", "impressions"))
            _why_zero(why, g, "ctr", row["ctr"], "impressions", row["impressions"])
        else:
            row["ctr"] = math.nan
            why[(g, "ctr")] = "needs clicks and impressions in every row"
        spread = "impressions" if "impressions" in work and present["impressions"][rows].all() else base
        if "shares" in work and spread and present["shares"][rows].all():
            spread_total = float(work.loc[rows, spread].sum())
            row["virality_rate"] = _rate(row["shares"], spread_total, bounded=True, names=("shares", spread))
            row["virality_base"] = spread
            _why_zero(why, g, "virality_rate", row["virality_rate"], spread, spread_total)
        else:
            row["virality_rate"] = math.nan
            row["virality_base"] = "n/a"
            why[(g, "virality_rate")] = "needs shares and a base"
        if "conversions" in work and "clicks" in work:
            row["conversion_rate"] = _rate(row["conversions"], row["clicks"], bounded=True,
                                           names=("conversions", "clicks"))
            _why_zero(why, g, "conversion_rate", row["conversion_rate"], "clicks", row["clicks"])
        table_rows.append(row)
    table = pd.DataFrame(table_rows).set_index(by)
    front = ["posts", "base", "base_total", "engagements", "engagement_rate"]
    table = table[front + [c for c in table.columns if c not in front]]
    table.attrs["engagement_fields"] = engaged
    table.attrs["bases"] = group_bases
    table.attrs["why"] = why
    table.attrs["kind"] = posts.attrs.get("upload", {}).get("kind", "posts")
    table.attrs["incomplete"] = [c for c, ok in present.items() if not ok.all()]
    spent = str(posts.attrs.get("upload", {}).get("mapping", {}).get("spend", ""))
    found = re.search(r"\(([A-Z]{3})\)", spent)
    table.attrs["currency"] = found.group(1) if found else "EUR"
    return table


def _rate(numerator: float, denominator: float, bounded: bool = False,
          names: tuple[str, str] = ("engagements", "base")) -> float:
    """``numerator / denominator`` through :func:`utils.shared.metrics.pooled_rate` (its checks and messages)."""
    if not math.isfinite(denominator) or denominator <= 0 or not math.isfinite(numerator):
        return math.nan
    top, bottom = names
    frame = pd.DataFrame({top: [numerator], bottom: [denominator], "group": ["all"]})
    return float(pooled_rate(frame, top, bottom, by="group", on_zero="nan", bounded=bounded)["rate"].iloc[0])


def _rate_text(table: pd.DataFrame, group: str, column: str, digits: int = 2) -> str:
    value = float(table.loc[group, column]) if column in table else math.nan
    if math.isfinite(value):
        return pct(value, digits)
    return f"n/a ({table.attrs.get('why', {}).get((group, column), 'not in the file')})"


def summary_rows(table: pd.DataFrame) -> list[tuple[str, str]]:
    """The summary as ``(label, formatted value)`` rows: the ``All`` row, then each group's rate on its base."""
    if not isinstance(table, pd.DataFrame) or "All" not in table.index:
        raise TypeError("table must be the result of summarise(posts)")
    if table.attrs.get("kind") == "daily":
        from utils.nb13.daily import daily_rows

        return daily_rows(table)
    whole = table.loc["All"]
    engaged = table.attrs.get("engagement_fields", ENGAGEMENT_FIELDS)
    label = " + ".join(engaged) if engaged != ["engagements"] else "the platform's own engagement total"
    unit = "campaigns" if table.attrs.get("kind") == "campaigns" else "Posts"
    rows = [(unit.capitalize(), num(whole["posts"]))]
    for column in ("impressions", "reach", "views"):
        if column in table and math.isfinite(float(whole[column])):
            rows.append((column.capitalize(), num(whole[column])))
    rows.append((f"Engagements ({label})", num(whole["engagements"])))
    base = whole["base"]
    rows.append((f"Engagement rate (engagements / {base}, pooled)" if base != "n/a" else
                 "Engagement rate (pooled)", _rate_text(table, "All", "engagement_rate")))
    for column, text in (("er_impressions", "Engagement rate by impressions (pooled)"),
                         ("er_reach", "Engagement rate by reach (pooled)"),
                         ("ctr", "CTR: clicks / impressions (pooled)"),
                         ("virality_rate", f"Virality rate: shares / {whole.get('virality_base', 'base')} (pooled)")):
        if column in table and (column != "er_impressions" or base != "impressions") and \
                (column != "er_reach" or base != "reach"):
            rows.append((text, _rate_text(table, "All", column)))
    if "conversion_rate" in table:
        rows.append(("Conversion rate: conversions / clicks (pooled)", _rate_text(table, "All", "conversion_rate", 1)))
    for column, text in (("revenue", "Revenue"), ("spend", "Spend")):
        if column in table:
            value = float(whole[column])
            currency = table.attrs.get("currency", "EUR")
            shown = eur(value) if currency == "EUR" else f"{value:,.2f} {currency}"
            rows.append((text, shown if math.isfinite(value) else "n/a (not in every file)"))
    groups = [g for g in table.index if g != "All"]
    if len(groups) > 1:
        for group in groups[:12]:
            rows.append((f"{group}: engagement rate on {table.loc[group, 'base']}",
                         _rate_text(table, group, "engagement_rate")))
    return rows


def summary_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The summary as text for display: counts with separators, rates as percentages, "n/a (why)" for gaps.

    A learner never sees ``NaN``: a missing rate says why it is missing.
    """
    if not isinstance(table, pd.DataFrame) or "All" not in table.index:
        raise TypeError("table must be the result of summarise(posts)")
    why = table.attrs.get("why", {})
    rates = {"engagement_rate", "er_impressions", "er_reach", "ctr", "virality_rate", "conversion_rate"}
    out = pd.DataFrame(index=table.index)
    for column in table.columns:
        cells = []
        for group, value in table[column].items():
            if isinstance(value, str):
                cells.append(value)
            elif isinstance(value, pd.Timestamp):
                cells.append(f"{value:%Y-%m-%d}")
            elif value is None or (isinstance(value, float) and not math.isfinite(value)):
                cells.append(f"n/a ({why[(group, column)]})" if (group, column) in why else "n/a")
            elif column in rates:
                cells.append(pct(float(value), 2))
            elif column in MONEY_FIELDS:
                cells.append(f"{float(value):,.2f}")
            else:
                cells.append(num(value))
        out[column] = cells
    out.index.name = table.index.name
    return out


def benchmark_lines(table: pd.DataFrame, benchmarks: pd.DataFrame) -> list[str]:
    """Each platform's engagement rate by impressions held against a published benchmark by
    impressions (:func:`utils.shared.dashboard.benchmark_by_platform`), one sentence a platform.

    ``table`` is :func:`summarise` of posts. Only like is compared with like: a platform whose
    file has no impressions (video platforms report views) gets a sentence that says so instead
    of a rate on another base, and a file of daily account totals gets one sentence that no
    per-post benchmark applies.
    """
    from utils.shared.dashboard import benchmark_by_platform

    if "er_impressions" not in table.columns:
        return ["This file holds account totals per day, not posts: no per-post benchmark applies."]
    rates = table.drop(index="All", errors="ignore")["er_impressions"]
    known = rates.dropna()
    lines = [f"{platform}: the file has no impressions (its rate is on {table.loc[platform, 'base']}), so no "
             "benchmark by impressions can be held against it." for platform in rates.index if platform not in known]
    yardstick = benchmark_by_platform(known, "impressions", benchmarks) if len(known) else None
    if yardstick is not None:
        for platform, row in yardstick.iterrows():
            lines.append(f"{platform}: {pct(row['rate'], 2)} by impressions against {pct(row['benchmark'], 2)} "
                         f"({row['source']}, {row['evidence']}): {row['times']:.1f} times the benchmark.")
    if not lines:
        lines.append("No benchmark by impressions for the platforms of this file.")
    return lines
