"""Panels of notebook 11 (capstone: a campaign end to end)."""

from __future__ import annotations

import functools

from utils.nb11 import brief, forecast, report
from utils.shared.plotting import PALETTE, PLATFORM_COLOURS, thousands_formatter
from utils.shared.widgets import Panel, dropdown, multi, slider


def forecast_panel(params: brief.CampaignParams | None = None) -> Panel:
    """Live forecast: objective, platforms, budget and content mix (links get the rest).

    The segment, weeks and report name stay those of ``params`` (default:
    :func:`utils.nb11.brief.default_params`).
    """
    base = params or brief.default_params()
    inputs = forecast.load_inputs()
    plannable = forecast.plannable_platforms(inputs)
    mix = base.mix
    budget = int(round(base.budget))

    def draw(ax, result, state):
        metric = result.totals["result_metric"]
        values = report.platform_results(result)
        heights = [float(values.get(p, 0.0)) for p in plannable]
        if "bars" not in state:
            state["bars"] = ax.bar(list(plannable), [0.0] * len(plannable),
                                   color=[PLATFORM_COLOURS.get(p, PALETTE[0]) for p in plannable])
            ax.set_xlabel("platform")
            ax.yaxis.set_major_formatter(thousands_formatter())
        for bar, height in zip(state["bars"], heights):
            bar.set_height(height)
        ax.set_title(f"Expected {metric} by platform (budget split equally)")
        ax.set_ylabel(report.metric_axis_label(metric))
        ax.set_ylim(0, max(max(heights), 1.0) * 1.15)

    return Panel(
        "capstone-forecast",
        "Explore: your campaign's forecast",
        {
            "objective": dropdown("Objective", brief.OBJECTIVES, base.objective),
            "platforms": multi("Platforms", plannable, base.platforms),
            "budget": slider("Budget (EUR)", budget, 500, max(50_000, 2 * budget), 500),
            "video": slider("Video share", mix["video"], 0.0, 1.0, 0.05),
            "image": slider("Image share", mix["image"], 0.0, 1.0, 0.05),
            "text": slider("Text share", mix["text"], 0.0, 1.0, 0.05),
        },
        functools.partial(report.forecast, params=base, inputs=inputs),
        report.forecast_rows,
        draw=draw,
        figsize=(6.5, 3.0),
        explain="In JupyterLab, move the budget and the content shares (links get whatever is left) or pick "
                "other platforms and another objective: the forecast and the chart follow at once. Shares that "
                "add up to more than 1, or no platform at all, get a message instead of a forecast.",
    )


DEMOS = {
    "capstone-forecast": {
        "factory": "forecast_panel",
        "steps": [
            {"budget": 10_000},
            {"video": 0.6, "image": 0.2, "text": 0.0},
            {"video": 0.7, "image": 0.5},
            {"video": 0.3, "image": 0.4, "platforms": ()},
        ],
    },
}
