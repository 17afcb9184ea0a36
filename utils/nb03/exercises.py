"""Exercise checks of notebook 03 (the SMM action plan).

Expected values are computed from the course data through ``utils`` (never typed in).
"""

from __future__ import annotations

from utils.nb03 import plan
from utils.shared import listening
from utils.shared.feedback import Feedback, average_of_rates_note, choice_feedback, number_feedback
from utils.shared.config import BRAND
from utils.shared.data import load_mentions, load_posts
from utils.shared.metrics import share_of_voice

#: Shown with a plain "too high / too low": the usual cause is a rounded answer.
ROUNDING_HINT = "compute the answer in code from the data rather than typing a rounded number."


def _brightleaf_on(table, platform):
    row = table[(table["platform"].astype(str) == platform) & (table["brand"] == BRAND)].iloc[0]
    return float(row["mentions"]), float(row["total_mentions"]), float(row["share_of_voice"])


def check_1(answer) -> Feedback:
    """Brightleaf's share of voice on X over 2025, as a fraction."""
    mentions = load_mentions()
    brand, total, expected = _brightleaf_on(listening.share_of_voice_table(mentions, "platform"), "X")
    daily = listening.with_totals(mentions[mentions["platform"].astype(str) == "X"])
    per_day = daily.groupby("date")["mentions"].sum()
    own = daily[daily["brand"].astype(str) == BRAND].groupby("date")["mentions"].sum()
    mean_daily = float(share_of_voice(own, per_day.reindex(own.index)).mean())
    overall = listening.share_of_voice_table(mentions)
    overall_sov = float(overall.loc[overall["brand"] == BRAND, "share_of_voice"].iloc[0])
    return number_feedback(
        answer,
        expected,
        what="Brightleaf's share of voice on X",
        mistakes={
            "you divided by the competitors' mentions only; the denominator counts every brand's "
            "mentions, Brightleaf's included": brand / (total - brand),
            "you averaged the daily shares of voice; pool instead: all of Brightleaf's mentions on X / "
            "all mentions on X": mean_daily,
            "that is Brightleaf's share of voice on all platforms together; the question asks about X only": overall_sov,
            "that is the number of Brightleaf's mentions on X; divide it by all mentions on X": brand,
        },
        as_fraction=True,
        hint=ROUNDING_HINT,
    )


def check_2(answer) -> Feedback:
    """Pooled engagement rate per impression of Brightleaf's TikTok videos, as a fraction."""
    posts = load_posts()
    audit = plan.audit_posts(posts)
    expected = float(audit.loc[("TikTok", "video"), "engagement_rate"])
    tiktok = posts[(posts["platform"].astype(str) == "TikTok") & (posts["content_type"].astype(str) == "video")]
    engaged = tiktok["likes"] + tiktok["comments"] + tiktok["shares"] + tiktok["clicks"]
    return number_feedback(
        answer,
        expected,
        what="engagement rate per impression of TikTok videos",
        mistakes={
            average_of_rates_note("total engagements / total impressions"):
                float((engaged / tiktok["impressions"]).mean()),
            "you divided by reach; the question asks per impression": float(engaged.sum() / tiktok["reach"].sum()),
            "you divided by followers; the question asks per impression":
                float(engaged.sum() / tiktok["followers"].sum()),
            "you counted likes only; engagements are likes + comments + shares + clicks":
                float(tiktok["likes"].sum() / tiktok["impressions"].sum()),
            "you left out clicks; engagements are likes + comments + shares + clicks":
                float((engaged - tiktok["clicks"]).sum() / tiktok["impressions"].sum()),
            "that is the rate of all of Brightleaf's posts; keep only the TikTok videos":
                float((posts["likes"] + posts["comments"] + posts["shares"] + posts["clicks"]).sum()
                      / posts["impressions"].sum()),
        },
        as_fraction=True,
        hint=ROUNDING_HINT,
    )


def check_3(answer) -> Feedback:
    """Which of Buffer's five pillars does step 5 (the content calendar) belong to?"""
    (expected,) = plan.pillars_of_step(5)
    return choice_feedback(
        answer,
        expected,
        what="pillar of step 5",
        options=[p.name for p in plan.PILLARS],
        mistakes={
            "Strategy": "strategy picks the goals, channels and content types; deciding what each post "
                        "looks like and when it goes out is the next pillar.",
            "Analytics and reporting": "analytics measures posts after they go out; the calendar plans them.",
            "Listening and engagement": "listening monitors what people say; the calendar plans what you say.",
            "Advertising": "the calendar schedules posts whether or not they are paid for.",
        },
    )
