"""Exercise checks of notebook 08 (tracking metrics).

Every expected value is computed here from the course data with the same
functions the notebook uses; the named mistakes are the usual ones: the wrong
denominator, the mean of per-row rates instead of the pooled rate, the wrong
group, a median for a mean, minutes for hours.
"""

from __future__ import annotations

from utils.shared import dashboard
from utils.shared.feedback import Feedback, average_of_rates_note, number_feedback
from utils.shared.data import load_inbox, load_posts, load_web_sessions

PLATFORM = "Instagram"
TOPIC = "how-to"


def check_1(answer) -> Feedback:
    """Pooled engagement rate by reach of the Instagram posts on the topic "how-to" (a fraction)."""
    posts = load_posts()
    instagram = dashboard.filter_posts(posts, PLATFORM)
    mine = instagram.loc[instagram["topic"] == TOPIC]
    rates = dashboard.pooled_post_rates(mine)
    per_post = (mine["likes"] + mine["comments"] + mine["shares"] + mine["clicks"]) / mine["reach"]
    return number_feedback(
        answer,
        rates["er_reach"],
        what=f"Engagement rate by reach of {PLATFORM} {TOPIC} posts",
        mistakes={
            "you divided by impressions; the question asks per person reached (reach)": rates["er_impressions"],
            "you divided by followers; the question asks per person reached (reach)": rates["er_followers"],
            average_of_rates_note("sum of engagements / sum of reach"):
                float(per_post.mean()),
            f"you used every {PLATFORM} post; keep only the topic {TOPIC!r}":
                dashboard.pooled_post_rates(instagram)["er_reach"],
            f"you used every platform; keep only the {PLATFORM} posts":
                dashboard.pooled_post_rates(posts.loc[posts["topic"] == TOPIC])["er_reach"],
        },
        as_fraction=True,
        rel=3e-3,  # three significant digits are enough
    )


def check_2(answer) -> Feedback:
    """Mean response time (hours) to messages received on a Saturday or Sunday."""
    table = dashboard.response_summary(load_inbox(), by="day_type")
    weekend = table.loc["weekend", "mean_hours"]
    return number_feedback(
        answer,
        weekend,
        what="Mean response time at weekends (hours)",
        mistakes={
            "that is the weekday mean; keep messages received on Saturday or Sunday": table.loc["weekday", "mean_hours"],
            "that is the mean over all messages; keep the weekend ones only":
                dashboard.response_summary(load_inbox()).loc["all", "mean_hours"],
            "that is the median; the question asks for the mean": table.loc["weekend", "median_hours"],
            "that is in minutes; give hours": weekend * 60,
            "that is the weekend response rate (a share), not a time": table.loc["weekend", "response_rate"],
        },
        rel=5e-3,  # accepts the mean rounded to one decimal (10.7 h)
    )


def check_3(answer) -> Feedback:
    """Site conversion rate of visits from the email channel (orders / sessions, a fraction)."""
    table = dashboard.web_analytics(load_web_sessions(), by="channel")
    return number_feedback(
        answer,
        table.loc["email", "conversion_rate"],
        what="Conversion rate of email visits",
        mistakes={
            "that is email's share of all sessions; divide email orders by email sessions":
                table.loc["email", "share_of_sessions"],
            "that is revenue per session (EUR); the question asks for orders per session":
                table.loc["email", "revenue_per_session"],
            "that is email's share of all orders; divide by email sessions instead":
                table.loc["email", "orders"] / table["orders"].sum(),
            "that is the conversion rate of every visit; keep the email channel only":
                table["orders"].sum() / table["sessions"].sum(),
            "that is the average of the five channels' rates; keep the email channel only":
                float(table["conversion_rate"].mean()),
        },
        as_fraction=True,
        rel=3e-3,  # accepts the rate as the notebook's table rounds it (0.117)
    )
