"""Exercise checks of notebook 10 (advantages, risks and crisis response).

Expected values come from :mod:`utils.nb10.crisis` on the course data; the named
mistakes are the usual ones: a z-score for a ratio, a baseline that includes
the spike, a change with the wrong sign or the wrong base, the crisis week
counted as "after".
"""

from __future__ import annotations


import pandas as pd

from utils.nb10 import crisis
from utils.shared.feedback import Feedback, as_number, choice_feedback, number_feedback
from utils.shared.data import load_mentions, load_posts, load_web_sessions

DAY = pd.Timestamp("2025-09-08")


def check_1(answer) -> Feedback:
    """How many times its baseline (mean of the 28 days before) were negative mentions on 8 September 2025?"""
    negative = crisis.daily_mentions(load_mentions())["negative"]
    row = crisis.detect_spikes(negative, window=28, method="ratio").loc[DAY]
    with_day = negative.loc[DAY - pd.Timedelta(days=27):DAY].mean()
    return number_feedback(
        answer,
        row["ratio"],
        what="Negative mentions on 8 September / baseline",
        mistakes={
            "that is the z-score (count - baseline) / spread; the question asks count / baseline": row["z"],
            "that is the count itself; divide it by the baseline": row["count"],
            "that is count - baseline (extra mentions); the question asks how many times the baseline":
                row["count"] - row["baseline"],
            "your baseline includes 8 September itself; use the 28 days before it": negative.loc[DAY] / with_day,
        },
        rel=2e-3,
    )


def check_2(answer) -> Feedback:
    """Change in weekly web revenue: 4 weeks after the crisis week against the 4 weeks before (a fraction)."""
    web = load_web_sessions()
    dip = crisis.sales_dip(web, "started_at", "revenue")
    web_orders = web.assign(orders=web["converted"].astype(int))
    what = "Change in weekly web revenue after the crisis"
    value = as_number(answer)
    if value is not None and value * dip["change"] < 0:
        # the right size with the wrong sign, as a fraction or as a percentage ("+0.25", "24.8")
        for scale, unit in ((1, ""), (100, " (and give a fraction, not a percentage)")):
            if abs(abs(value) - abs(dip["change"]) * scale) <= 0.05 * abs(dip["change"]) * scale:
                return Feedback("mistake", f"{what}: close, but the sign is wrong: revenue fell, so "
                                           f"after / before - 1 is negative{unit}.")
    return number_feedback(
        answer,
        dip["change"],
        what=what,
        mistakes={
            "the sign is wrong: revenue fell, so after / before - 1 is negative": -dip["change"],
            "you divided before by after; the change is after / before - 1":
                dip["before_weekly"] / dip["after_weekly"] - 1,
            "your 'after' window starts with the crisis week; start it when the crisis week ends":
                crisis.sales_dip(web, "started_at", "revenue", event_days=0)["change"],
            "that is the change in orders; the question asks about revenue":
                crisis.sales_dip(web_orders, "started_at", "orders")["change"],
            "that is post revenue; the question asks about the web shop (web_sessions)":
                crisis.sales_dip(load_posts(), "posted_at", "revenue")["change"],
            "that is the change in EUR per week; divide by the weekly revenue before to get a fraction":
                dip["after_weekly"] - dip["before_weekly"],
        },
        as_fraction=True,
        rel=3e-3,  # accepts the change as the notebook prints it (a percentage to three figures)
    )


def check_3(answer) -> Feedback:
    """In an ordinary week, which message types need a person (not a template)?"""
    what = "Message types that need a person"
    wanted = [kind for kind, (person, _) in crisis.NEEDS_PERSON.items() if person]
    if answer is not None and not isinstance(answer, (str, list, tuple, set)):
        return Feedback("wrong", f"{what}: expected a list of message types such as [\"complaint\"], "
                                 f"got {type(answer).__name__} {answer!r}.")
    if isinstance(answer, str):
        answer = [answer]
    if answer is not None:  # "order issue" and "Order-Issue" mean the column value order_issue
        answer = [a.strip().replace(" ", "_").replace("-", "_") if isinstance(a, str) else a for a in answer]
    feedback = choice_feedback(
        answer,
        wanted,
        what=what,
        options=list(crisis.NEEDS_PERSON),
        mistakes={kind: f"{kind} messages can usually wait for a template: {why}"
                  for kind, (person, why) in crisis.NEEDS_PERSON.items() if not person},
    )
    if feedback.status != "wrong" or not all(isinstance(a, str) and a.lower() in crisis.NEEDS_PERSON
                                             for a in answer):
        return feedback
    left_out = [kind for kind in wanted if kind not in {a.lower() for a in answer}]
    if not left_out:
        return feedback
    return Feedback("mistake", f"{what}: not yet: you left out {left_out[0]!r}; "
                               f"{crisis.NEEDS_PERSON[left_out[0]][1]}.")
