"""Panels of notebook 06 (customer segmentation and targeting).

The compute function is :func:`utils.shared.segmentation.explore` (pure, unit-tested);
this module only builds the controls, the chart and the wiring.
"""

from __future__ import annotations

from collections.abc import Sequence

from utils.shared import segmentation
from utils.shared.data import load_audience
from utils.shared.plotting import PALETTE, eur, num
from utils.shared.widgets import Panel, PanelMessage, multi, number, range_slider, slider

#: The notebook's default segment and budget (its parameters cell uses the same values).
DEFAULTS = {
    "age": (35, 54),
    "location": (),
    "income_band": (),
    "job_title": (),
    "industry": (),
    "interests": ("cooking",),
    "budget": 1000.0,
    "cpm": 8.0,
    "targeting_premium": 0.25,
}


def _draw(ax, result, state) -> None:
    money = result["budget"]
    orders = [float(money.loc["segment", "orders"]), float(money.loc["everyone", "orders"])]
    if "bars" not in state:
        state["bars"] = ax.bar(["the segment", "everyone"], [0, 0], color=[PALETTE[2], PALETTE[0]], width=0.55)
        state["labels"] = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(2)]
        ax.set_ylabel("orders bought (count)")
        ax.set_xlabel("who the budget is aimed at")
        state["title"] = ax.set_title("")
    budget = float(money.loc["segment", "budget"])
    state["title"].set_text(f"Orders bought with {eur(budget)}")
    top = max(max(orders), 1.0)
    for bar, label, value, who in zip(state["bars"], state["labels"], orders, ("segment", "everyone")):
        bar.set_height(value)
        label.set_position((bar.get_x() + bar.get_width() / 2, value + top * 0.02))
        revenue = float(money.loc[who, "revenue"])
        label.set_text(f"{num(value)} orders, {eur(revenue)}")
    ax.set_ylim(0, top * 1.18)


def segment_explorer(
    age: Sequence[int] = DEFAULTS["age"],
    location: Sequence[str] = DEFAULTS["location"],
    income_band: Sequence[str] = DEFAULTS["income_band"],
    job_title: Sequence[str] = DEFAULTS["job_title"],
    industry: Sequence[str] = DEFAULTS["industry"],
    interests: Sequence[str] = DEFAULTS["interests"],
    budget: float = DEFAULTS["budget"],
    cpm: float = DEFAULTS["cpm"],
    targeting_premium: float = DEFAULTS["targeting_premium"],
) -> Panel:
    """Filter the audience on the six attributes; compare the segment with everyone."""
    audience = load_audience()
    words = segmentation.vocabulary()
    low, high = segmentation.age_limits()
    start = segmentation.SegmentSpec(age=tuple(age), location=location, income_band=income_band,
                                     job_title=job_title, industry=industry, interests=interests)

    def compute(**values):
        try:
            return segmentation.explore(audience, **values)
        except segmentation.EmptySegmentError as empty:
            raise PanelMessage(str(empty), "warning") from None

    controls = {
        "age": range_slider("Age (years)", start.age or (low, high), low, high),
        "location": multi("Location (any of)", words["location"], start.location),
        "income_band": multi("Income (EUR a year)", words["income_band"], start.income_band),
        "job_title": multi("Job title", words["job_title"], start.job_title),
        "industry": multi("Industry", words["industry"], start.industry),
        "interests": multi("Interests (any of)", words["interests"], start.interests),
        "budget": number("Budget (EUR)", float(budget)),
        "cpm": number("CPM (EUR / 1,000 impr.)", float(cpm)),
        "targeting_premium": slider("Targeting premium", float(targeting_premium), 0.0, 1.0, 0.05),
    }
    return Panel(
        "segment-explorer",
        "Segment explorer: who to aim at, and what a budget buys",
        controls,
        compute,
        segmentation.explore_rows,
        draw=_draw,
        figsize=(6.4, 3.2),
        explain="In JupyterLab, narrow or widen the filters (an empty list means any value) and change the budget, "
        "CPM or targeting premium: the segment's size, its rates and lift against the whole audience, and the orders "
        "a budget buys update at once. A filter that matches nobody shows a message naming the filters to widen.",
    )


DEMOS = {
    "segment-explorer": {
        "factory": "segment_explorer",
        "steps": [
            {"age": (25, 34), "interests": ("wellness",)},
            {"budget": 5000.0, "cpm": 12.0},
            {"age": (70, 75), "job_title": ("Student",)},
        ],
    }
}
