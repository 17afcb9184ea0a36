"""Exercise checks of notebook 06 (customer segmentation and targeting).

Every expected value is computed here from the shipped audience with
:mod:`utils.shared.segmentation`, so the checks follow the data.
"""

from __future__ import annotations

from utils.shared import segmentation as sg
from utils.shared.feedback import Feedback, choice_feedback, number_feedback
from utils.shared.data import load_audience
from utils.shared.plotting import pct

#: Exercise 3's budget (EUR), CPM (EUR per 1,000 impressions) and targeting premium.
BUDGET, CPM, PREMIUM = 1000.0, 8.0, 0.25
TEACHERS = sg.SegmentSpec(job_title="Teacher")
YOUNG = sg.SegmentSpec(age=(25, 34))
PLANTED = sg.SegmentSpec(age=(25, 34), interests="wellness")
#: Shown with a plain "too high / too low": the usual cause is a rounded answer.
ROUNDING_HINT = "compute the answer in code with sg.profile(...) rather than typing a rounded number."


def check_1(answer) -> Feedback:
    """Conversion rate (buyers / people) of the Teachers in the audience, as a fraction."""
    audience = load_audience()
    teachers = sg.profile(audience, TEACHERS)
    everyone = sg.profile(audience, None)
    return number_feedback(
        answer,
        teachers.conversion_rate,
        what="Conversion rate of Teachers",
        mistakes={
            "you counted orders; conversion rate counts buyers (people who bought at least once) per person":
                teachers.orders / teachers.people,
            "you divided by impressions; here the conversion rate is buyers per person":
                teachers.buyers / teachers.impressions,
            "you divided the Teachers who bought by the whole audience; divide by the number of Teachers":
                teachers.buyers / everyone.people,
            "that is the conversion rate of the whole audience, not of the Teachers": everyone.conversion_rate,
            "that is the number of Teachers who bought; divide it by the number of Teachers": teachers.buyers,
        },
        as_fraction=True,
        hint=ROUNDING_HINT,
    )


def check_2(answer) -> Feedback:
    """Among people aged 25-34, the interest with the highest conversion rate."""
    table = sg.breakdown(load_audience(), "interests", within=YOUNG)
    best = str(table["conversion_rate"].idxmax())
    common = str(table["people"].idxmax())
    mistakes = {}
    for interest, row in table.iterrows():
        if interest == best:
            continue
        if interest == common:
            mistakes[interest] = "that is the most common interest among 25-34s, not the one whose people buy most often."
        else:
            mistakes[interest] = (f"25-34s interested in {interest} convert at {pct(row['conversion_rate'])}; "
                                  "one interest does much better. Compare all eight with sg.breakdown(...).")
    return choice_feedback(answer, best, what="Best-converting interest among 25-34s",
                        options=sg.vocabulary()["interests"], mistakes=mistakes)


def check_3(answer) -> Feedback:
    """Orders bought with EUR 1,000 at a EUR 8 CPM and a 25% premium, aimed at 25-34s interested in wellness."""
    audience = load_audience()
    seg = sg.profile(audience, PLANTED)
    everyone = sg.profile(audience, None)

    def orders(rate: float, premium: float = PREMIUM) -> float:
        return sg.budget_return(BUDGET, CPM, rate, seg.average_order_value, targeting_premium=premium).orders

    impressions = sg.budget_return(BUDGET, CPM, seg.orders_per_impression, 0, targeting_premium=PREMIUM).impressions
    return number_feedback(
        answer,
        orders(seg.orders_per_impression),
        what="Orders from the targeted budget",
        mistakes={
            "you left out the 25% targeting premium: the segment's impressions cost 8 x 1.25 = EUR 10 per 1,000":
                orders(seg.orders_per_impression, 0.0),
            "a CPM is the price of 1,000 impressions: the budget buys budget / CPM x 1,000 impressions":
                orders(seg.orders_per_impression) / 1000,
            "you multiplied the impressions by the share of people who buy; use orders per impression":
                impressions * seg.conversion_rate,
            "you used the whole audience's orders per impression, not the segment's": orders(everyone.orders_per_impression),
            "the premium is added to the CPM: the segment costs 8 x (1 + 0.25) = EUR 10 per 1,000, not 8 x 0.25":
                sg.budget_return(BUDGET, CPM * PREMIUM, seg.orders_per_impression, seg.average_order_value).orders,
        },
        rel=2e-3,
        abs_=1.0,  # a count of orders: rounding to a whole order either way is fine
    )
