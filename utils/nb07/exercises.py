"""Exercise checks of notebook 07 (CRM and customer value).

Every expected value is computed here from the shipped audience with
:mod:`utils.nb07.crm`, so the checks follow the data.
"""

from __future__ import annotations

import numbers

import numpy as np

from utils.nb07 import crm
from utils.shared.feedback import Feedback, choice_feedback, number_feedback
from utils.shared.data import load_audience

#: The interactions of exercise 1 and which kind each is.
INTERACTIONS = {
    "referral": "C2C",
    "share": "C2C",
    "mention": "C2C",
    "inbox reply": "F2C",
    "brand post": "F2C",
}


def _values():
    """Customer values with full credit for one level of referrals (the exercises' setting)."""
    return crm.customer_value(load_audience(), referral_weight=1.0, depth=1)


#: Why each customer-to-customer interaction belongs in the answer (named when it is left out).
MISSING = {
    "referral": "a referral is one customer bringing in another: customer-to-customer.",
    "share": "a share passes the brand's post from one customer to their own friends: customer-to-customer.",
    "mention": "a public mention is customers talking about the brand where other people read it: "
               "customer-to-customer.",
}


def check_1(answer) -> Feedback:
    """Which of the interactions are customer-to-customer?"""
    what = "Customer-to-customer interactions"
    if answer is not None and not isinstance(answer, (str, list, tuple, set)):
        return Feedback("wrong", f"{what}: expected a list of options such as [\"referral\", \"share\"], "
                                 f"got {type(answer).__name__} {answer!r}.")
    feedback = choice_feedback(
        answer,
        [k for k, kind in INTERACTIONS.items() if kind == "C2C"],
        what=what,
        options=list(INTERACTIONS),
        mistakes={
            "inbox reply": "an inbox reply goes from the brand to a customer: that is firm-to-customer.",
            "brand post": "a post the brand publishes goes from the firm to its customers: firm-to-customer.",
        },
    )
    if feedback.status != "wrong" or isinstance(answer, str) and answer.lower() not in INTERACTIONS:
        return feedback
    given = {answer.lower()} if isinstance(answer, str) else {str(a).lower() for a in answer}
    if not given <= set(INTERACTIONS):
        return feedback  # an unknown option: choice_feedback already names it
    left_out = [k for k in MISSING if k not in given]
    if not left_out:
        return feedback
    more = f" ({len(left_out) - 1} more missing)" if len(left_out) > 1 else ""
    return Feedback("mistake", f"{what}: not yet: you left out {left_out[0]!r}; {MISSING[left_out[0]]}{more}")


def check_2(answer) -> Feedback:
    """Total value (EUR) of the customer ranked first with weight 1 and one referral level."""
    top = crm.ranking(_values(), 1).iloc[0]
    return number_feedback(
        answer,
        float(top["total_value"]),
        what="Total value of the top customer",
        mistakes={
            "that is only the value they referred; add their own purchases": float(top["referred_value"]),
            "that is only what they bought themselves; add the value of the people they referred":
                float(top["direct_value"]),
            "that is how many people they referred, not the value of those people's purchases": float(top["referrals"]),
        },
        rel=1e-3,
    )


def check_3(answer) -> Feedback:
    """Share of all credited customer value (weight 1, one level) that comes from referrals."""
    s = crm.value_summary(_values())
    return number_feedback(
        answer,
        s["indirect_share"],
        what="Share of value from referrals",
        mistakes={
            "you divided referral value by purchases only; the share is of the total (purchases + referrals)":
                s["weighted_indirect"] / s["direct"],
            "that is the share that comes from purchases; the question asks for referrals": 1 - s["indirect_share"],
        },
        as_fraction=True,
        rel=3e-3,  # accepts the share read off the notebook (a percentage to three figures)
    )


def check_4(answer) -> Feedback:
    """person_id of the customer whose rank rises most once referrals count (weight 1, one level)."""
    values = _values()
    rising = crm.undervalued(values, 1)
    expected = int(rising.index[0])
    mistakes = {}
    first = int(crm.ranking(values, 1).index[0])
    if first != expected:
        mistakes["that is the most valuable customer overall; the question asks whose rank rises most"] = first
    most = int(values.sort_values(["referrals", "total_value"], ascending=False).index[0])
    if most not in (expected, first):
        mistakes["that person referred the most people; rank by the value they bring, not the head count"] = most
    feedback = number_feedback(answer, expected, what="Most undervalued customer (person_id)", mistakes=mistakes,
                            rel=0.0, abs_=0.5)
    if feedback.status != "wrong" or not isinstance(answer, numbers.Real) or isinstance(answer, (bool, np.bool_)):
        return feedback
    what = f"Most undervalued customer (person_id): person {float(answer):g}"
    if float(answer) not in values.index:
        return Feedback("wrong", f"{what} is not in the audience.")
    gain = int(values.loc[float(answer), "rank_gain"])
    moves = f"rises {gain} places" if gain > 0 else "does not rise at all"
    return Feedback("wrong", f"{what} {moves}; someone rises further. Sort customer_value(...) by rank_gain.")
