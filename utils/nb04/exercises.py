"""Exercise checks of notebook 04 (shareable content, earned media and the content calendar).

Expected values are computed from the course data through ``utils`` (never typed in).
"""

from __future__ import annotations

from utils.nb04 import calendar, content
from utils.shared.feedback import Feedback, average_of_rates_note, number_feedback
from utils.shared.data import load_posts

#: Shown with a plain "too high / too low": the usual cause is a rounded answer.
ROUNDING_HINT = "compute the answer in code from the data rather than typing a rounded number."


def check_1(answer) -> Feedback:
    """Pooled virality rate (shares per impression) of Brightleaf's video posts, as a fraction."""
    posts = load_posts()
    expected = float(content.virality_rates(posts).loc["video", "virality_rate"])
    video = posts[posts["content_type"].astype(str) == "video"]
    return number_feedback(
        answer,
        expected,
        what="virality rate of video posts",
        mistakes={
            average_of_rates_note("total shares / total impressions"):
                float((video["shares"] / video["impressions"]).mean()),
            "you divided by reach; the virality rate is per impression": float(video["shares"].sum() / video["reach"].sum()),
            "you divided by followers (that is the amplification rate); the virality rate is per impression":
                float(video["shares"].sum() / video["followers"].sum()),
            "that is the virality rate of all posts; keep only the video posts":
                float(posts["shares"].sum() / posts["impressions"].sum()),
            "you divided the video shares by the impressions of all posts; divide by the video posts' "
            "impressions only": float(video["shares"].sum() / posts["impressions"].sum()),
        },
        as_fraction=True,
        hint=ROUNDING_HINT,
    )


def check_2(answer) -> Feedback:
    """How many times as often per impression video posts are shared as text posts."""
    posts = load_posts()
    expected = content.share_ratio(posts, "video", "text")
    kind = posts["content_type"].astype(str)
    video, text = posts[kind == "video"], posts[kind == "text"]
    return number_feedback(
        answer,
        expected,
        what="video-to-text share ratio",
        mistakes={
            "you compared total shares; video posts also had far more impressions, so divide each by its "
            "impressions first": float(video["shares"].sum() / text["shares"].sum()),
            "you compared averages of per-post rates (each post counts once, as Hootsuite publishes its averages); this "
            "exercise compares pooled rates (total shares / total impressions)":
                float((video["shares"] / video["impressions"]).mean() / (text["shares"] / text["impressions"]).mean()),
            "you divided the wrong way round (text / video)": 1.0 / expected,
            "you subtracted the two rates; 'how many times as often' asks for their ratio (video / text)":
                float(video["shares"].sum() / video["impressions"].sum()
                      - text["shares"].sum() / text["impressions"].sum()),
        },
        rel=0.015,  # a ratio read off the notebook's printout with one decimal (3.7x) counts as right
        hint="divide the two pooled virality rates: video's, then text's.",
    )


def check_3(answer) -> Feedback:
    """Expected reach (people, summed over posts) of 3 TikTok videos a week for 4 weeks."""
    posts = load_posts()
    rates = calendar.expected_rates(posts)
    per_post = float(rates.loc[("TikTok", "video"), "median_reach"])
    organic = posts[(posts["platform"].astype(str) == "TikTok") & (posts["content_type"].astype(str) == "video")
                    & ~posts["paid"]]
    every = posts[(posts["platform"].astype(str) == "TikTok") & (posts["content_type"].astype(str) == "video")]
    return number_feedback(
        answer,
        12 * per_post,
        what="expected reach of 12 TikTok videos",
        mistakes={
            "that is one week (3 posts); the plan runs for 4 weeks": 3 * per_post,
            "that is a single post; multiply by the 12 posts of the plan": per_post,
            "you used the mean reach; a few viral posts pull the mean up, the forecast uses the median":
                12 * float(organic["reach"].mean()),
            "you included boosted posts; the calendar plans organic posts, so forecast from organic ones":
                12 * float(every["reach"].median()),
            "you used impressions; reach counts people, so use the median reach":
                12 * float(organic["impressions"].median()),
        },
        hint=ROUNDING_HINT,
    )
