"""Exercise checks of notebook 05 (viral marketing)."""

from __future__ import annotations

from utils.nb05 import viral
from utils.shared.feedback import Feedback, number_feedback
from utils.shared.data import load_audience
from utils.shared.virality import VIRAL_FACTOR, total_reach, viral_coefficient

#: Exercise 1: a referral programme.
INVITES, CONVERSION = 5, 0.12
#: Exercise 2: new customers from a campaign.
NEW_CUSTOMERS = 200


def check_1(answer) -> Feedback:
    """K of a programme where each customer sends 5 invitations and 12% of invited people join."""
    return number_feedback(
        answer,
        viral_coefficient(INVITES, CONVERSION),
        what="K for 5 invitations per customer at 12% conversion",
        mistakes={
            "you added the two numbers; K multiplies invitations by the share that converts": INVITES + CONVERSION,
            "you divided invitations by the conversion; K = invitations x conversion": INVITES / CONVERSION,
            "you used 12 (the percentage) instead of 0.12 (the fraction)": INVITES * CONVERSION * 100,
        },
    )


def check_2(answer) -> Feedback:
    """Customers in total (seeds included, no generation cap) from 200 new ones at Brightleaf's referral K."""
    k = viral.referral_k(load_audience())["k"]
    seeds = NEW_CUSTOMERS
    return number_feedback(
        answer,
        total_reach(seeds, k),
        what=f"customers in total from {seeds} new customers at the referral K",
        mistakes={
            "you counted only the first generation of referrals (seed x (1 + K)); referred customers refer "
            "others too: use seed / (1 - K)": seeds * (1 + k),
            "you counted only the referred customers; the question includes the 200 themselves": seeds * k / (1 - k),
            "that is just the first generation of referred customers (seed x K)": seeds * k,
            "you used seed x (1 - K); the total is seed divided by (1 - K)": seeds * (1 - k),
        },
        rel=2e-3,
        abs_=1.0,  # a count of customers: rounding to a whole customer either way is fine
        hint="the total is seed / (1 - K), with K = referral['k'] computed from the data.",
    )


def check_3(answer) -> Feedback:
    """The smallest K whose no-cap total reach is 10x the seed audience (the course's 'viral')."""
    return number_feedback(
        answer,
        viral.viral_threshold_k(VIRAL_FACTOR),
        what="smallest K for a total reach of 10x the seed audience",
        mistakes={
            "10 is the reach multiplier; the question asks for K in seed / (1 - K) = 10 x seed": VIRAL_FACTOR,
            "1/10 would give only 1.11x the seed; solve 1 / (1 - K) = 10": 1 / VIRAL_FACTOR,
            "K = 1 gives no finite total at all; a smaller K already reaches 10x": 1.0,
        },
        as_fraction=True,
    )
