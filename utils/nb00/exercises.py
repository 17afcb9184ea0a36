"""Exercise checks of notebook 00 (start here)."""

from __future__ import annotations

from utils.shared.feedback import Feedback, number_feedback
from utils.shared.metrics import ctr


def check_1(answer) -> Feedback:
    """A post was shown 2,000 times and clicked 50 times: its CTR as a fraction."""
    return number_feedback(
        answer,
        ctr(50, 2000),
        what="CTR of 50 clicks on 2,000 impressions",
        mistakes={"you divided impressions by clicks; CTR is clicks / impressions": 2000 / 50},
        as_fraction=True,
    )
