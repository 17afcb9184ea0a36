"""Exercise checks of notebook 01 (what SMM is and how social media grew).

Every expected value is computed here from ``data/social_media_users.csv``
through :mod:`utils.nb01.growth`, never typed in.
"""

from __future__ import annotations

from utils.shared.feedback import Feedback, number_feedback
from utils.shared.data import load_social_media_users
from utils.nb01.growth import annual_growth, growth_table

#: Shown with a plain "too high / too low": the usual cause is a rounded or percentage answer.
ROUNDING_HINT = ("compute the answer in code from `table` rather than typing a rounded number, "
                 "and give it as a fraction (0.05, not 5).")


def _row(year: int):
    table = growth_table(load_social_media_users()).set_index("year")
    return table.loc[year]


def check_1(answer) -> Feedback:
    """Share of the world population using social media in 2022, as a fraction."""
    now, before = _row(2022), _row(2021)
    users, population = now["users_millions"], now["world_population_millions"]
    return number_feedback(
        answer,
        now["share_of_population"],
        what="Share of the world population on social media in 2022",
        mistakes={
            "you divided the population by the users; the share is users / population": population / users,
            "you used the 2021 figures; the question asks about 2022": before["share_of_population"],
            "you divided by the people who do NOT use social media; divide by the whole population":
                users / (population - users),
        },
        as_fraction=True,
        hint=ROUNDING_HINT,
    )


def check_2(answer) -> Feedback:
    """Year-on-year growth of social media users from 2021 to 2022, as a fraction."""
    now, before = _row(2022)["users_millions"], _row(2021)["users_millions"]
    return number_feedback(
        answer,
        annual_growth(now, before),
        what="Growth of social media users from 2021 to 2022",
        mistakes={
            "that is the ratio 2022 / 2021; subtract 1 to get the growth": now / before,
            "you divided the increase by the 2022 users; growth is measured against the earlier year (2021)":
                (now - before) / now,
            "that is the increase in millions of users, not a rate; divide it by the 2021 users": now - before,
        },
        as_fraction=True,
        hint=ROUNDING_HINT,
    )


def check_3(answer) -> Feedback:
    """Average yearly (compound) growth of social media users from 2014 to 2022, as a fraction."""
    table = growth_table(load_social_media_users()).set_index("year")
    start, end = table.loc[2014, "users_millions"], table.loc[2022, "users_millions"]
    years = 2022 - 2014
    yearly = table.loc[2015:2022, "yoy_growth"]
    return number_feedback(
        answer,
        annual_growth(end, start, years),
        what="Average yearly growth of social media users, 2014 to 2022",
        mistakes={
            "that is the total growth over the whole period; the question asks for the rate per year":
                end / start - 1,
            "you divided the total growth by the number of years; growth compounds, so use "
            "(end / start) ** (1 / years) - 1": (end / start - 1) / years,
            "you took the mean of the eight yearly growth rates; the steady rate that compounds to the "
            "whole change is (end / start) ** (1 / 8) - 1": float(yearly.mean()),
            "you counted 9 years; from January 2014 to January 2022 is 8 years":
                annual_growth(end, start, years + 1),
        },
        as_fraction=True,
        hint=ROUNDING_HINT,
    )
