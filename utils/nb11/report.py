"""The capstone's display and report: key numbers, charts, the explorer's compute and the HTML report.

:func:`write_report` writes a one-page HTML summary (key numbers and three
charts embedded as SVG) and a CSV of the plan under
``utils.shared.config.OUTPUT_DIR / "capstone"``. The last of the capstone's
three stages: brief (:mod:`utils.nb11.brief`), forecast
(:mod:`utils.nb11.forecast`), report.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from utils.nb11.brief import CampaignParams, WOM_GENERATIONS, default_params, validate_parameters
from utils.nb11.forecast import CampaignInputs, CampaignResult, goal_metric, load_inputs, simulate
from utils.shared import config
from utils.shared.config import VIEWS_PER_SHARE
from utils.shared.plotting import (PALETTE, PLATFORM_COLOURS, compact, distinguish, eur, figure_html, new_figure,
                                   num, pct, thousands_formatter)
from utils.shared.validation import as_scalar, check_fraction
from utils.shared.virality import VIRAL_FACTOR


# --------------------------------------------------------------------------- #
# Display: rows, charts
# --------------------------------------------------------------------------- #
def cost_text(result: CampaignResult) -> str:
    """The cost per result in words: ``'€21.64 per conversion'``, ``'€6.21 per 1,000 people reached'``."""
    t = result.totals
    if t["cost_per_result"] is None:
        return "no result expected"
    metric = t["result_metric"]
    if metric == "reach":
        return f"{eur(t['cost_per_result'] * 1000, 2)} per 1,000 people reached"
    return f"{eur(t['cost_per_result'], 2)} per {metric[:-1]}"


def summary_rows(result: CampaignResult) -> list[tuple[str, str]]:
    """The key numbers as ``(label, formatted value)`` rows (report and panel)."""
    t, p = result.totals, result.params
    goal = goal_metric(p.objective)
    metric = t["result_metric"]
    return [
        ("Objective → result to forecast", f"{p.objective} → {goal['result_label']}"),
        ("Metric to track", f"{goal['track']} = {goal['formula']}"),
        ("Budget", f"{eur(p.budget)} over {p.weeks} weeks ({eur(p.budget / p.weeks)} a week)"),
        (f"Expected {metric}", num(t["result"])),
        ("Cost per result", cost_text(result)),
        ("Paid impressions", num(t["impressions"])),
        ("Paid reach (people)", num(t["reach"])),
        ("Earned reach from shares", f"{num(t['earned_reach'])} (k = {t['k']:.3f})"),
        ("Engagements", num(t["engagements"])),
        *[(label, num(t[key])) for key, label in (("clicks", "Clicks"), ("conversions", "Conversions"))
          if key != metric],  # the expected result is already the first count shown
        ("Revenue", eur(t["revenue"])),
        ("ROAS (revenue / budget)", f"{t['roas']:.2f}x"),
        (f"Gross profit (revenue x {pct(t['gross_margin'], 0)} gross margin)", eur(t["gross_profit"])),
        ("ROI on gross profit ((gross profit - budget) / budget)", pct(t["roi"])),
        ("Segment lift used (purchases per click)", f"{t['lift']:.2f}x"),
    ]


def metric_axis_label(metric: str) -> str:
    return {"reach": "expected people reached (count)", "clicks": "expected clicks (count)",
            "conversions": "expected conversions (count)"}[metric]


def platform_results(result: CampaignResult) -> pd.Series:
    """The objective's expected result per chosen platform (a Series indexed by platform).

    For reach, each platform's paid reach plus its part of the earned reach (in
    proportion to the shares it brings).
    """
    metric = result.totals["result_metric"]
    table = result.by_platform
    if metric != "reach":
        return table[metric].rename(metric)
    shares = float(table["shares"].sum())
    earned = result.totals["earned_reach"] * table["shares"] / shares if shares > 0 else 0.0
    return (table["reach"] + earned).rename("reach")


def plot_platforms(ax: Any, result: CampaignResult) -> None:
    """Bars: the objective's expected result per chosen platform, with cost per result on top."""
    metric = result.totals["result_metric"]
    table = result.by_platform
    values = platform_results(result)
    colours = [PLATFORM_COLOURS.get(p, PALETTE[0]) for p in table.index]
    bars = ax.bar(list(table.index), values.to_numpy(), color=colours)
    for bar, platform, value in zip(bars, table.index, values):
        spend = table.loc[platform, "budget"]
        if value <= 0:
            label = "none expected"
        elif metric == "reach":
            label = f"{eur(spend / value * 1000, 2)} per 1,000 people"
        else:
            label = f"{eur(spend / value, 2)} each"
        ax.annotate(label, (bar.get_x() + bar.get_width() / 2, value), ha="center", va="bottom", fontsize=9)
    ax.set_title(f"Expected {metric} by platform")
    ax.set_xlabel("platform")
    ax.set_ylabel(metric_axis_label(metric))
    ax.set_ylim(0, max(float(values.max()), 1.0) * 1.18)
    ax.yaxis.set_major_formatter(thousands_formatter())


_FUNNEL = (("impressions", "impressions"), ("reach", "paid reach"), ("engagements", "engagements"),
           ("clicks", "clicks"), ("conversions", "conversions"))


def plot_funnel(ax: Any, result: CampaignResult) -> None:
    """Horizontal bars, log scale: impressions -> reach -> engagements -> clicks -> conversions."""
    from matplotlib.ticker import FuncFormatter, NullLocator

    labels = [label for _, label in _FUNNEL][::-1]
    values = [max(result.totals[key], 1e-9) for key, _ in _FUNNEL][::-1]
    bars = ax.barh(labels, values, color=PALETTE[0])
    for bar, value in zip(bars, values):
        ax.annotate(f" {num(value)}", (value, bar.get_y() + bar.get_height() / 2), va="center", fontsize=9)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(compact))  # 1k, 1M rather than powers of ten
    ax.xaxis.set_minor_locator(NullLocator())  # one gridline per power of ten, as in the reach explorer
    ax.set_xlim(max(min(values) / 2, 0.1), max(values) * 8)
    ax.set_title("Campaign funnel (expected counts)")
    ax.set_xlabel("count (log scale)")
    ax.set_ylabel("funnel step")


def plot_money(ax: Any, result: CampaignResult) -> None:
    """Paired bars per platform: budget spent and expected revenue (EUR), ROAS and ROI on gross profit above."""
    table = result.by_platform
    x = np.arange(len(table))
    width = 0.38
    ax.bar(x - width / 2, table["budget"], width, color=PALETTE[7], alpha=0.55, label="budget spent")
    ax.bar(x + width / 2, table["revenue"], width, color=PALETTE[2], label="expected revenue")
    top = float(max(table["budget"].max(), table["revenue"].max()))
    for xi, (_, row) in zip(x, table.iterrows()):
        ax.annotate(f"ROAS {row['roas']:.2f}x\nROI {pct(row['roi'], 0)}",
                    (xi, max(row["budget"], row["revenue"]) + top * 0.03),
                    ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, list(table.index))
    ax.set_ylim(0, top * 1.3)
    ax.yaxis.set_major_formatter(thousands_formatter())
    ax.set_title("Budget and expected revenue by platform")
    ax.set_xlabel("platform")
    ax.set_ylabel("amount (EUR)")
    ax.legend(loc="upper right", ncol=2)


# --------------------------------------------------------------------------- #
# The explorer panel (pure compute)
# --------------------------------------------------------------------------- #
def forecast(
    objective: str,
    platforms: Sequence[str],
    budget: Any,
    video: Any,
    image: Any,
    text: Any,
    *,
    params: CampaignParams | None = None,
    inputs: CampaignInputs | None = None,
) -> CampaignResult:
    """Re-forecast ``params`` with another objective, platforms, budget and mix.

    The mix is given as the ``video``, ``image`` and ``text`` shares; links get
    the rest (``1 - video - image - text``), which must not be negative. Every
    other parameter (segment, weeks, name) comes from ``params`` (default:
    :func:`default_params`). Raises ``ValueError`` naming the problem.
    """
    base = params or default_params()
    inputs = inputs or load_inputs()
    shares = {"video": video, "image": image, "text": text}
    values = {k: float(check_fraction(f"{k} share", as_scalar(f"{k} share", v))) for k, v in shares.items()}
    used = sum(values.values())
    if used > 1.0 + 1e-9:
        raise ValueError(f"video + image + text shares add up to {used:.2f}, more than 1: lower one of them "
                         f"(links get whatever is left)")
    mix = {**values, "link": max(0.0, 1.0 - used)}
    mix = {k: v for k, v in mix.items() if v > 1e-12}
    chosen = list(platforms) if isinstance(platforms, (list, tuple, set)) else platforms  # validation names the rest
    new = validate_parameters(objective, chosen, budget, mix, base.age_min, base.age_max,
                              list(base.interests), list(base.locations), base.weeks, base.report_name,
                              base.segment_lift, inputs=inputs)
    return simulate(new, inputs)


def forecast_rows(result: CampaignResult) -> list[tuple[str, str]]:
    """The explorer's results table (link share first, then the key numbers)."""
    rows = [("Link share (the rest)", pct(result.params.mix["link"], 0))]
    keep = {"Objective → result to forecast", "Paid impressions", "Paid reach (people)",
            "Earned reach from shares", "Conversions", "Revenue"}
    for label, value in summary_rows(result):
        if label in keep or label.startswith(("Expected ", "Cost per ", "ROAS", "ROI")):
            rows.append((label, value))
    return rows


# --------------------------------------------------------------------------- #
# Report
# --------------------------------------------------------------------------- #
def report_folder() -> Path:
    """``utils.shared.config.OUTPUT_DIR / "capstone"`` (read at call time; git-ignored)."""
    return Path(config.OUTPUT_DIR) / "capstone"


def report_paths(params: CampaignParams, folder: str | Path | None = None) -> dict[str, Path]:
    """Where the report goes: ``{"html": ..., "csv": ...}`` named after the parameters."""
    base = Path(folder) if folder is not None else report_folder()
    paths = {ext: base / f"{params.stem}.{ext}" for ext in ("html", "csv")}
    root = base.resolve()
    for path in paths.values():
        if root not in path.resolve().parents:
            raise ValueError(f"report_name would write outside {base}: {path}")
    return paths


def plan_table(result: CampaignResult) -> pd.DataFrame:
    """The plan as written to the CSV: rounded, money columns named with their unit."""
    table = result.plan.rename(columns={"budget": "budget_eur", "cpm": "cpm_eur", "revenue": "revenue_eur"})
    table.insert(table.columns.get_loc("budget_eur") + 1, "budget_per_week_eur",
                 table["budget_eur"] / result.params.weeks)
    money = ["budget_eur", "budget_per_week_eur", "cpm_eur", "revenue_eur"]
    counts = ["impressions", "reach", "engagements", "shares", "clicks", "conversions"]
    table[money] = table[money].round(2)
    table[counts] = table[counts].round(1)
    table["mix_share"] = table["mix_share"].round(4)
    return table


def _figure_html(draw, result: CampaignResult, size=(7.0, 3.4)) -> str:
    """A chart of the report with its text alternative and numbers (as the notebooks show them)."""
    fig, ax = new_figure(*size)
    draw(ax, result)
    distinguish(fig)
    return figure_html(fig)


def _table_html(rows: Sequence[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{html.escape(a)}</th><td>{html.escape(b)}</td></tr>" for a, b in rows)
    return f"<table>{body}</table>"


def report_html(result: CampaignResult, csv_name: str) -> str:
    """The one-page summary as a self-contained HTML string (charts embedded as SVG, sharp at any zoom)."""
    p = result.params
    images = "".join(_figure_html(draw, result) for draw in (plot_platforms, plot_funnel, plot_money))
    by_platform = [(platform, f"{eur(r['budget'])} → {num(r['impressions'])} impressions, {num(r['clicks'])} clicks, "
                              f"{num(r['conversions'])} conversions, ROAS {r['roas']:.2f}, "
                              f"ROI on gross profit {pct(r['roi'])}")
                   for platform, r in result.by_platform.iterrows()]
    brief = [("Objective", p.objective), ("Platforms", ", ".join(p.platforms)), ("Budget", eur(p.budget)),
             ("Content mix", ", ".join(f"{c} {pct(s, 0)}" for c, s in p.content_mix)),
             ("Segment", result.segment["description"]),
             ("Segment size", f"{num(result.segment['people'])} of {num(result.segment['audience_size'])} people "
                              f"({pct(result.segment['share'])}), conversion lift {result.segment['lift']:.2f}x"),
             ("Weeks", str(p.weeks))]
    assumptions = [
        "Expected values from Brightleaf's synthetic 2025 data (SMM Lab course data), not guarantees.",
        "Price: effective CPM of each platform's paid posts (spend / impressions x 1000, pooled).",
        "Clicks, purchases per click and revenue per purchase: pooled over each platform's 2025 paid posts "
        "(the content type adjusts clicks); budget split equally between platforms. Backtested against every "
        "past campaign in notebook 11.",
        f"Word of mouth: each share is seen by {VIEWS_PER_SHARE} people (an assumption); "
        f"{WOM_GENERATIONS} generations of re-sharing; sales counted on paid impressions only.",
        "Paid reach is summed over platforms: someone on two platforms counts twice.",
        (f"Purchases per click are multiplied by the segment's purchases-per-click lift "
         f"({result.totals['lift']:.2f}x): its people's purchases per click in 2025 over everyone's. An "
         f"assumption: past campaigns were not aimed at this segment, so no backtest supports it."
         if p.segment_lift else "Purchases per click as in the data (segment_lift is off: no conversion lift)."),
        *result.notes,
    ]
    style = ("body{font-family:sans-serif;max-width:760px;margin:24px auto;color:#222}"
             "table{border-collapse:collapse;margin:8px 0 16px}th{text-align:left;padding:2px 14px 2px 0;"
             "font-weight:normal;color:#444}td{font-weight:bold}figure{margin:8px 0}img{max-width:100%}")
    viral = ("yes" if result.totals["viral"] else "no") + f" (viral means reach at least {VIRAL_FACTOR:g}x the paid reach)"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Campaign plan: {html.escape(p.report_name)}</title><style>{style}</style></head><body>"
        f"<h1>Campaign plan: {html.escape(p.report_name)}</h1>"
        f"<p>{html.escape(p.describe())}.</p>"
        "<h2>Key numbers</h2>" + _table_html(summary_rows(result) + [("Goes viral?", viral)]) +
        "<h2>By platform</h2>" + _table_html(by_platform) +
        "<h2>Charts</h2>" + images +
        "<h2>Brief</h2>" + _table_html(brief) +
        "<h2>Assumptions and notes</h2><ul>" + "".join(f"<li>{html.escape(a)}</li>" for a in assumptions) + "</ul>"
        f"<p>The full plan (one row per platform and content type) is in <code>{html.escape(csv_name)}</code>.</p>"
        "<p><small>SMM Lab capstone report.</small></p></body></html>\n"
    )


def write_report(result: CampaignResult, folder: str | Path | None = None) -> dict[str, Path]:
    """Write the HTML summary and the CSV plan; return their paths.

    ``folder`` defaults to :func:`report_folder` (``OUTPUT_DIR / "capstone"``),
    created if needed. File names come from :attr:`CampaignParams.stem`, so the
    same parameters overwrite the same files and nothing is written elsewhere.
    """
    if not isinstance(result, CampaignResult):
        raise TypeError(f"result must be a CampaignResult (from simulate), got {type(result).__name__}")
    paths = report_paths(result.params, folder)
    paths["html"].parent.mkdir(parents=True, exist_ok=True)
    plan_table(result).to_csv(paths["csv"], index=False, lineterminator="\n")
    paths["html"].write_text(report_html(result, paths["csv"].name), encoding="utf-8")
    return paths
