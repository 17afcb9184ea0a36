"""Exercise checks of notebook 13 (bring your own data).

The expected values are computed here from the shipped example exports with the
same functions the notebook uses (:func:`utils.nb13.upload.read_export` and
:func:`utils.nb13.upload.summarise`, or :func:`utils.shared.metrics.ctr` on one file's sums);
the named mistakes are the usual ones: the mean of per-post rates instead of the
pooled rate, the wrong denominator, a percentage instead of a fraction, one file
instead of both, forgetting clicks.
"""

from __future__ import annotations

import pandas as pd

from utils.shared.feedback import Feedback, average_of_rates_note, number_feedback
from utils.shared.metrics import ctr
from utils.nb13.upload import example_file, read_export, summarise


def _posts(key: str) -> pd.DataFrame:
    return read_export(*example_file(key))


def _engagements(posts: pd.DataFrame, fields=("likes", "comments", "shares", "clicks")) -> pd.Series:
    return posts[[f for f in fields if f in posts.columns]].sum(axis=1)


def check_1(answer) -> Feedback:
    """Pooled engagement rate by impressions of the Meta (Facebook) example export, a fraction."""
    posts = _posts("meta")
    table = summarise(posts)
    engaged = _engagements(posts)
    return number_feedback(
        answer,
        table.loc["All", "er_impressions"],
        what="Engagement rate by impressions of the Meta example export",
        mistakes={
            average_of_rates_note("sum of engagements / sum of impressions"):
                float((engaged / posts["impressions"]).mean()),
            "you divided by reach; the question asks per impression": table.loc["All", "er_reach"],
            "you left out the link clicks; engagements are likes + comments + shares + clicks":
                float(_engagements(posts, ("likes", "comments", "shares")).sum() / posts["impressions"].sum()),
        },
        as_fraction=True,
    )


def check_2(answer) -> Feedback:
    """Pooled CTR (clicks / impressions) of the Meta and X example exports together, a fraction."""
    meta, x = _posts("meta"), _posts("x")
    both = pd.concat([meta, x], ignore_index=True)
    expected = summarise(both).loc["All", "ctr"]
    each = [ctr(p["clicks"].sum(), p["impressions"].sum()) for p in (meta, x)]  # one file's pooled CTR
    return number_feedback(
        answer,
        expected,
        what="CTR of the Meta and X exports together",
        mistakes={
            "you averaged the two files' CTRs; pool the posts: all clicks / all impressions": sum(each) / 2,
            "you averaged the per-post CTRs; pool instead: sum of clicks / sum of impressions":
                float((both["clicks"] / both["impressions"]).mean()),
            "that is the Meta file only; combine both files (pd.concat) first": each[0],
            "that is the X file only; combine both files (pd.concat) first": each[1],
            "you divided impressions by clicks; CTR is clicks / impressions":
                float(both["impressions"].sum() / both["clicks"].sum()),
        },
        as_fraction=True,
    )
