"""Exercise checks of notebook 09 (from goals to metrics)."""

from __future__ import annotations

from utils.nb09 import goals as gt
from utils.shared.feedback import Feedback, choice_feedback, number_feedback
from utils.shared.data import load_posts, load_web_sessions
from utils.nb09.goals import required_growth_rate

#: Exercise 1: the business objective to match with a metric.
GOAL = "website traffic"
#: Exercise 2: +20% in six months.
UPLIFT, MONTHS = 0.20, 6
#: Exercise 3: a three-month baseline ending in August 2025, from posts.
BASELINE_MONTH, WINDOW = "2025-08", 3


#: Other names a learner may type for an option of exercise 1.
ALIASES = {"ctr": "click-through rate", "click through rate": "click-through rate",
           "click-through rate (ctr)": "click-through rate"}


def check_1(answer) -> Feedback:
    """Which metric matches the goal 'drive traffic to the web shop'?"""
    if isinstance(answer, str):
        answer = " ".join(answer.split())
        answer = ALIASES.get(answer.lower(), answer)
        if answer.lower() == "clicks":
            return Feedback("mistake", "metric for 'drive traffic to the web shop': close: clicks are the count; "
                                       "the metric of the table is the rate, \"click-through rate\".")
    return choice_feedback(
        answer,
        gt.metric_for_goal(GOAL),
        what="metric for 'drive traffic to the web shop'",
        options=gt.METRICS,
        mistakes={
            "share of voice": "share of voice counts mentions of the brand; a visit to the shop needs a click.",
            "conversion rate": "the conversion rate counts orders per click; the goal is visits, which come before "
                               "any order.",
            "engagement rate by followers": "engagement also counts likes and comments, which bring nobody to the "
                                            "shop.",
            "virality rate": "shares spread the post, but only a click brings a visitor to the shop.",
            "response rate": "the response rate measures answers to customers' messages, not visits to the shop.",
        },
    )


def check_2(answer) -> Feedback:
    """Monthly growth rate (fraction) that compounds to +20% in six months."""
    return number_feedback(
        answer,
        required_growth_rate(UPLIFT, MONTHS),
        what="monthly growth rate for +20% in 6 months",
        mistakes={
            "you divided 20% by 6; growth compounds, so the rate is (1 + 0.20) ** (1/6) - 1": UPLIFT / MONTHS,
            "you raised 1.20 to the 6th power; take the 6th root instead": (1 + UPLIFT) ** MONTHS - 1,
            "you forgot to subtract 1 after taking the root": (1 + UPLIFT) ** (1 / MONTHS),
            "that is the rate of the notebook's goal (+15% in 3 months); this goal is +20% in 6 months":
                required_growth_rate(0.15, 3),
        },
        rel=3e-3,
        as_fraction=True,
    )


def check_3(answer) -> Feedback:
    """Baseline: mean monthly conversions from posts over June, July and August 2025."""
    posts = gt.monthly_conversions(load_posts(), "posts")
    web = gt.monthly_conversions(load_web_sessions(), "web_sessions")
    return number_feedback(
        answer,
        gt.baseline_value(posts, BASELINE_MONTH, WINDOW),
        what="three-month baseline (June-August 2025, posts)",
        mistakes={
            "you added the three months; a monthly baseline is their mean": posts.loc["2025-06":"2025-08"].sum(),
            "that is August alone; the question averages June, July and August": posts.loc["2025-08"],
            "that is counted in web sessions from social; the question uses the posts table":
                gt.baseline_value(web, BASELINE_MONTH, WINDOW),
            "you averaged July to September; the baseline ends in August": posts.loc["2025-07":"2025-09"].mean(),
        },
        rel=2e-3,  # a mean of orders rounded to a whole number (219) is fine
    )
