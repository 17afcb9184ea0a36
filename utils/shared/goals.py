"""Business objectives and the one metric that tracks each (notebooks 03, 08, 09 and 11).

The action plan's step 1 (notebook 03), the measures of success (08), the goal
tracker (09) and the capstone brief (11) read this one table, so a goal is
tracked by the same metric, with the same formula and denominator, everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["OBJECTIVES", "Objective"]


@dataclass(frozen=True)
class Objective:
    """A business objective with its SMM goal and the one metric that tracks it."""

    goal: str
    metric: str
    formula: str
    denominator: str
    data: str
    pillar: str


#: Business objective -> SMM goal -> metric (with its formula and denominator).
OBJECTIVES: dict[str, Objective] = {
    "brand awareness": Objective(
        "Be seen and talked about more than the competitors",
        "share of voice", "Brightleaf mentions / mentions of all four brands",
        "mentions of all four brands (Brightleaf and its three competitors)", "mentions",
        "Listening and engagement"),
    "website traffic": Objective(
        "Send more people from posts to the web shop",
        "click-through rate (CTR)", "clicks / impressions",
        "impressions (times the posts were shown)", "posts", "Analytics and reporting"),
    "sales": Objective(
        "Turn visits from social media into orders",
        "conversion rate", "conversions / clicks",
        "clicks (visits to the shop from the posts)", "posts", "Analytics and reporting"),
    "customer loyalty": Objective(
        "Keep followers interacting with the brand",
        "engagement rate by followers", "(likes + comments + shares + clicks) / followers",
        "followers when each post went live, summed over the posts", "posts", "Analytics and reporting"),
    "word of mouth": Objective(
        "Get posts passed on to friends, family and co-workers",
        "share rate (virality rate)", "shares / impressions",
        "impressions (times the posts were shown)", "posts", "Analytics and reporting"),
    "customer service": Objective(
        "Answer the customers who write to the brand",
        "response rate", "answered messages / messages received",
        "messages received", "inbox", "Listening and engagement"),
}
