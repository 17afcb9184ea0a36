"""Exercise checks of notebook 02 (why SMM is powerful).

Every expected value is computed here from the course data through
:mod:`utils.nb02.power` and :mod:`utils.shared.metrics`, never typed in.
"""

from __future__ import annotations

from utils.shared.feedback import Feedback, average_of_rates_note, choice_feedback, number_feedback
from utils.shared.config import CHANNEL_TYPES, GROSS_MARGIN
from utils.shared.data import load_campaigns, load_posts
from utils.shared.metrics import engagement_rate, engagements, roi
from utils.nb02.power import channel_type_summary, pooled_roi

#: Shown with a plain "too high / too low": the usual cause is a rounded answer.
ROUNDING_HINT = "compute the answer in code from the data rather than typing a rounded number."


def check_1(answer) -> Feedback:
    """Pooled ROI on gross profit (social equity) of all of Brightleaf's 2025 campaigns, as a fraction."""
    campaigns = load_campaigns()
    spend, revenue = campaigns["spend"].sum(), campaigns["attributed_revenue"].sum()
    return number_feedback(
        answer,
        pooled_roi(campaigns, gross_margin=GROSS_MARGIN),
        what="Pooled ROI of all campaigns",
        mistakes={
            "you took the mean of the campaigns' ROIs; pool first: (total revenue x margin - total spend) / total spend":
                float(roi(campaigns["attributed_revenue"], campaigns["spend"], gross_margin=GROSS_MARGIN).mean()),
            "that is revenue / spend (return on ad spend, ROAS): sales per euro, not profit; ROI takes the gross "
            "profit and subtracts the spend: (revenue x GROSS_MARGIN - spend) / spend":
                revenue / spend,
            "you treated all revenue as profit; multiply it by the gross margin (GROSS_MARGIN) first":
                float(roi(revenue, spend, gross_margin=1.0)),
            "you used the planned budget; ROI uses the money actually spent (spend)":
                float(roi(revenue, campaigns["budget"].sum(), gross_margin=GROSS_MARGIN)),
            "that is the gross profit minus the spend in euros; divide it by the spend to get a rate":
                revenue * GROSS_MARGIN - spend,
        },
        as_fraction=True,
        hint=ROUNDING_HINT,
    )


def check_2(answer) -> Feedback:
    """Pooled engagement rate per impression of Brightleaf's microblog (X) posts, as a fraction."""
    posts = load_posts()
    micro = posts[posts["platform"].astype(str).map(CHANNEL_TYPES) == "microblog"]
    total = engagements(micro["likes"], micro["comments"], micro["shares"], micro["clicks"])
    all_total = engagements(posts["likes"], posts["comments"], posts["shares"], posts["clicks"])
    return number_feedback(
        answer,
        channel_type_summary(posts).loc["microblog", "engagement_rate"],
        what="Engagement rate per impression of microblog posts",
        mistakes={
            "you divided by reach; the question asks per impression":
                engagement_rate(total.sum(), micro["reach"].sum(), base_name="reach"),
            "you divided by followers; the question asks per impression":
                engagement_rate(total.sum(), micro["followers"].sum(), base_name="followers"),
            average_of_rates_note("all engagements / all impressions"):
                float(engagement_rate(total, micro["impressions"], base_name="impressions").mean()),
            "that is the rate of all posts; keep only the microblog (X) posts":
                engagement_rate(all_total.sum(), posts["impressions"].sum(), base_name="impressions"),
            "you counted only likes; engagements are likes + comments + shares + clicks":
                engagement_rate(micro["likes"].sum(), micro["impressions"].sum(), base_name="impressions"),
        },
        as_fraction=True,
        hint=ROUNDING_HINT,
    )


def check_3(answer) -> Feedback:
    """Which of the three Vs is 'how many messages arrive per day, and how that jumps on a busy day'?"""
    return choice_feedback(
        answer,
        "velocity",
        what="The V of messages per day",
        options=("volume", "variety", "velocity"),
        mistakes={
            "volume": "volume is how much data there is in total; messages per day is about how fast it arrives.",
            "variety": "variety is about how many different kinds of data there are (numbers, dates, text...), "
            "not how fast they arrive.",
        },
    )
