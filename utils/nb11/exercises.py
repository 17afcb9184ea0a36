"""Exercise checks of notebook 11 (capstone: a campaign end to end)."""

from __future__ import annotations

import numpy as np

from utils.nb11 import brief, forecast
from utils.shared.feedback import Feedback, choice_feedback, number_feedback
from utils.shared.config import GROSS_MARGIN
from utils.shared.metrics import roi


def _params(params: brief.CampaignParams | None) -> brief.CampaignParams:
    if params is None:
        return brief.default_params()
    if not isinstance(params, brief.CampaignParams):
        raise TypeError("pass the notebook's params (from brief.validate_parameters) as the second argument")
    return params


def check_1(answer, params: brief.CampaignParams | None = None) -> Feedback:
    """ROI on gross profit of the plan as a fraction: (expected revenue x gross margin - budget) / budget."""
    p = _params(params)
    totals = forecast.simulate(p).totals
    revenue, cost = totals["revenue"], p.budget
    mistakes = {
        "revenue / budget is return on ad spend (ROAS), revenue per euro, not profit; ROI first takes the "
        "gross margin: (revenue x GROSS_MARGIN - budget) / budget": revenue / cost,
        "you used the revenue as if it were all profit: (revenue - budget) / budget forgets what the tea "
        "itself cost; multiply the revenue by the gross margin first": roi(revenue, cost, gross_margin=1.0),
        "that is the gross profit minus the budget in EUR; ROI divides it by the budget to give a rate":
            revenue * GROSS_MARGIN - cost,
    }
    return number_feedback(
        answer,
        roi(revenue, cost, gross_margin=GROSS_MARGIN),
        what="ROI on gross profit of your plan",
        mistakes=mistakes,
        as_fraction=True,
        hint="use result.totals['revenue'], params.budget and GROSS_MARGIN (utils.shared.config)",
    )


def check_2(answer, params: brief.CampaignParams | None = None) -> Feedback:
    """Which plannable platform gives the lowest cost per conversion with the whole budget on it?"""
    p = _params(params)
    table = forecast.compare_platforms(p)
    what = "Platform with the lowest cost per conversion"
    if not np.isfinite(table["cost_per_conversion"]).any():
        if answer is None:
            return choice_feedback(answer, list(table.index), what=what, options=list(table.index))
        return Feedback("wrong", f"{what}: with this brief no platform is expected to bring a single conversion "
                                 f"(the segment's conversion lift is {forecast.segment_lift(p)['lift']:.2f}x), so "
                                 f"there is no lowest cost per conversion. Widen the segment or set "
                                 f"segment_lift = False, then rerun.")
    expected = str(table["cost_per_conversion"].idxmin())
    reasons: dict[str, list[str]] = {}

    def note(platform: str, text: str) -> None:
        if platform != expected:
            reasons.setdefault(platform, []).append(text)

    note(str(table["cpm"].idxmin()), "it has the cheapest impressions (lowest CPM), but cheap impressions are "
                                     "not cheap purchases: its click and conversion rates decide the rest")
    note(str(table["ctr"].idxmax()), "it has the highest click-through rate, but clicks are not purchases and "
                                     "its impressions may cost more")
    note(str(table["impressions"].idxmax()), "it buys the most impressions, not the most purchases per euro")
    note(str(table["conversions"].idxmin()), "that platform brings the fewest conversions for the budget: you "
                                             "may have taken the highest cost per conversion instead of the lowest")
    return choice_feedback(
        answer,
        expected,
        what=what,
        options=list(table.index),
        mistakes={k: "; also ".join(v) + "." for k, v in reasons.items()},
    )
