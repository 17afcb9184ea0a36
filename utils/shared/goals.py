"""Business objectives and the one metric that tracks each (notebooks 03, 08, 09 and 11).

The action plan's step 1 (notebook 03), the measures of success (08), the goal
tracker (09) and the capstone brief (11) read this one table, so a goal is
tracked by the same metric, with the same formula and denominator, everywhere.
:func:`goal_metric_table` is the table every notebook shows.

Why these metrics: the source article (after Sprout Social) describes share of
voice as how far a brand reaches in the online conversation, so brand awareness
is tracked by share of voice rather than by a platform's reach count; the
other objectives use the course's rates (denominators named). Customer loyalty
divides by followers, not by the course's default denominator (impressions),
because loyalty is about the audience the brand already has.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["OBJECTIVES", "Objective", "goal_metric_table"]


@dataclass(frozen=True)
class Objective:
    """A business objective with its SMM goal and the one metric that tracks it.

    ``function`` names the course function that computes the metric.
    """

    goal: str
    metric: str
    formula: str
    denominator: str
    data: str
    pillar: str
    function: str


#: Business objective -> SMM goal -> metric (with its formula and denominator).
OBJECTIVES: dict[str, Objective] = {
    "brand awareness": Objective(
        "Be seen and talked about more than the competitors",
        "share of voice", "Brightleaf mentions / mentions of all four brands",
        "mentions of all four brands (Brightleaf and its three competitors)", "mentions",
        "Listening and engagement", "utils.shared.metrics.share_of_voice"),
    "website traffic": Objective(
        "Send more people from posts to the web shop",
        "click-through rate", "clicks / impressions",
        "impressions (times the posts were shown)", "posts", "Analytics and reporting",
        "utils.shared.metrics.ctr"),
    "sales": Objective(
        "Turn visits from social media into orders",
        "conversion rate", "conversions / clicks",
        "clicks (visits to the shop from the posts)", "posts", "Analytics and reporting",
        "utils.shared.metrics.conversion_rate"),
    "customer loyalty": Objective(
        "Keep followers interacting with the brand",
        "engagement rate by followers", "(likes + comments + shares + clicks) / followers",
        "followers when each post went live, summed over the posts (loyalty is about the audience the brand "
        "already has, so followers rather than the course default, impressions)", "posts",
        "Analytics and reporting", "utils.shared.metrics.engagement_rate"),
    "word of mouth": Objective(
        "Get posts passed on to friends, family and co-workers",
        "virality rate", "shares / impressions",
        "impressions (times the posts were shown)", "posts", "Analytics and reporting",
        "utils.shared.metrics.virality_rate"),
    "customer service": Objective(
        "Answer the customers who write to the brand",
        "response rate", "answered messages / messages received",
        "messages received", "inbox", "Listening and engagement", "utils.shared.metrics.response_rate"),
}


def goal_metric_table() -> pd.DataFrame:
    """:data:`OBJECTIVES` as a table, one row per business objective (the table 03, 08 and 09 show).

    Index ``business objective``; columns ``SMM goal``, ``metric``, ``formula``,
    ``denominator``, ``data`` (the course file to measure it on) and ``in utils``.
    """
    return pd.DataFrame(
        [(name, o.goal, o.metric, o.formula, o.denominator, o.data, o.function) for name, o in OBJECTIVES.items()],
        columns=["business objective", "SMM goal", "metric", "formula", "denominator", "data", "in utils"],
    ).set_index("business objective")
