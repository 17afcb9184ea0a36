"""Panels of notebook 03 (the SMM action plan)."""

from __future__ import annotations

from functools import lru_cache, partial

from matplotlib.ticker import MaxNLocator, PercentFormatter

from utils.nb03 import plan
from utils.shared.config import CONTENT_TYPES, PLATFORMS
from utils.shared.data import load_inbox, load_mentions, load_posts
from utils.shared.goals import OBJECTIVES
from utils.shared.plotting import PALETTE
from utils.shared.widgets import Panel, dropdown

_SELECTED, _OTHER = PALETTE[0], "#BBBBBB"


def _draw(ax, result, state):
    table = result["by_platform"]
    heights = table.loc[list(PLATFORMS), "rate"].fillna(0.0).to_numpy()
    overall = float(table.loc[plan.ALL_PLATFORMS, "rate"])
    if "bars" not in state:
        ax.figure.set_layout_engine("none")  # fixed margins: no layout pass on every update
        ax.set_position([0.15, 0.19, 0.83, 0.7])
        state["bars"] = ax.bar(list(PLATFORMS), heights, color=_OTHER)
        state["line"] = ax.axhline(overall, color=PALETTE[1], linestyle="--")
        ax.set_xlabel("platform (dashed line: all platforms, pooled)")
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
        ax.yaxis.set_major_locator(MaxNLocator(4))  # few tick labels: each one costs render time
        ax.set_ylabel("baseline (%)")
    for bar, platform, height in zip(state["bars"], PLATFORMS, heights):
        bar.set_height(height)
        bar.set_color(_SELECTED if platform == result["platform"] else _OTHER)
    state["line"].set_ydata([overall, overall])
    ax.set_title(f"Baseline {result['metric']} by platform", fontsize=11)
    filtered = result["content_type"] != plan.ALL and result["data"] == "posts"
    ax.set_xlabel(f"platform, {result['content_type']} posts only (dashed line: all platforms, pooled)" if filtered
                  else "platform (dashed line: all platforms, pooled)")
    ax.set_ylim(0, max(float(heights.max()), overall, 1e-6) * 1.2)


def plan_panel(objective: str = "website traffic", platform: str = "Instagram", content_type: str = plan.ALL) -> Panel:
    """Plan builder: business objective + platform -> SMM goal, metric, formula and baseline."""
    # the data are fixed while the panel lives, so remember each selection's result
    compute = lru_cache(maxsize=256)(partial(plan.build_plan, posts=load_posts(), mentions=load_mentions(),
                                             inbox=load_inbox()))
    return Panel(
        "plan-builder",
        "Plan builder: from business objective to metric and baseline",
        {
            "objective": dropdown("Business objective", list(OBJECTIVES), objective),
            "platform": dropdown("Platform", [plan.ALL_PLATFORMS, *PLATFORMS], platform),
            "content_type": dropdown("Content type", [plan.ALL, *CONTENT_TYPES], content_type),
        },
        compute,
        plan.plan_rows,
        draw=_draw,
        figsize=(5.8, 2.8),
        explain="In JupyterLab, pick another business objective to see its SMM goal, the metric that tracks it "
        "and that metric's current value for Brightleaf; pick a platform or a content type to see the baseline "
        "there. A selection with nothing to measure (for example text posts on TikTok) explains why.",
    )


DEMOS = {
    "plan-builder": {
        "factory": "plan_panel",
        "steps": [
            {"objective": "sales"},
            {"platform": "TikTok", "content_type": "text"},
            {"content_type": "video"},
        ],
    }
}
