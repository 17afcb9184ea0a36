"""Panels and exercise checks of notebook 04 (shareable content and the calendar), without a browser."""

from __future__ import annotations

import pandas as pd
import pytest

from utils.nb04 import calendar, content
from utils.nb04 import exercises as ex
from utils.nb04 import panels as nb04


def expected_view(values, posts):
    """What the panel must show for these control values, straight from the pure function."""
    try:
        view = calendar.calendar_view(**values, rates=calendar.expected_rates(posts),
                                      topics=content.top_topics(posts, 3))
        return calendar.calendar_rows(view), None
    except ValueError as exc:
        return [], str(exc)


def test_demos_declare_the_calendar():
    spec = nb04.DEMOS["calendar"]
    assert spec["factory"] == "calendar_panel" and 2 <= len(spec["steps"]) <= 3


def test_calendar_follows_the_pure_function_through_every_demo_step(posts):
    panel = nb04.calendar_panel()
    assert panel.key == "calendar"
    rows, _ = expected_view(panel.values(), posts)
    assert panel.rows == rows and panel.message is None
    seen_rows, messages = [panel.rows], []
    for step in nb04.DEMOS["calendar"]["steps"]:
        panel.set(**step)
        rows, message = expected_view(panel.values(), posts)
        assert panel.rows == rows, step
        assert (panel.message[0] if panel.message else None) == message, step
        seen_rows.append(panel.rows)
        messages.append(message)
    assert any(r and r != seen_rows[0] for r in seen_rows[1:]), "no step changes a number shown"
    assert any(m and "adds up to" in m for m in messages)
    assert any(m and "Pick at least one platform" in m for m in messages)


def test_calendar_chart_updates_in_place():
    panel = nb04.calendar_panel()
    bars = panel._draw_state["bars"]
    by_platform = panel.result["summary"]["by_platform"]
    assert bars[1].get_height() == pytest.approx(by_platform.loc["Instagram", "expected_reach"])
    assert bars[0].get_height() == 0  # Facebook is not in the plan
    panel.set(platforms=("Facebook",))
    assert panel._draw_state["bars"] is bars
    assert bars[0].get_height() == pytest.approx(panel.result["summary"]["expected_reach"])
    assert bars[1].get_height() == 0


def test_export_button_writes_a_safe_csv(tmp_path, monkeypatch):
    monkeypatch.setattr(nb04, "OUTPUT_DIR", tmp_path)
    panel = nb04.calendar_panel(campaign="=HYPERLINK(\"http://x\")")
    panel.export_button.click()
    written = tmp_path / nb04.EXPORT_NAME
    assert written.exists() and "Saved 40 posts" in panel.export_status.value
    back = pd.read_csv(written, encoding="utf-8-sig")
    assert (back["campaign"] == "'=HYPERLINK(\"http://x\")").all()
    written.unlink()
    panel.set(platforms=())
    panel.export_button.click()
    assert "Nothing to export" in panel.export_status.value and not written.exists()


def test_calendar_defaults_follow_arguments():
    panel = nb04.calendar_panel(["Facebook", "X", "LinkedIn"], 3, 8)
    assert panel.values()["platforms"] == ("Facebook", "X", "LinkedIn")
    assert dict(panel.rows)["Posts planned"] == str(3 * 3 * 8)


# --------------------------------------------------------------------------- #
# exercises
# --------------------------------------------------------------------------- #
def _mistakes(monkeypatch, check):
    seen = {}
    real = ex.number_feedback

    def spy(answer, expected, **kwargs):
        seen.update(expected=expected, **kwargs)
        return real(answer, expected, **kwargs)

    monkeypatch.setattr(ex, "number_feedback", spy)
    check(None)
    monkeypatch.undo()
    return seen


@pytest.mark.parametrize("check", [ex.check_1, ex.check_2, ex.check_3])
def test_every_named_mistake_is_recognised(monkeypatch, check):
    seen = _mistakes(monkeypatch, check)
    assert check(seen["expected"]).status == "correct"
    assert check(None).status == "unanswered"
    assert len(seen["mistakes"]) >= 3
    for description, value in seen["mistakes"].items():
        feedback = check(value)
        assert feedback.status == "mistake" and description in feedback.message


def test_check_1_virality_rate_of_video(posts):
    video = posts[posts["content_type"] == "video"]
    answer = video["shares"].sum() / video["impressions"].sum()
    assert ex.check_1(answer).status == "correct"
    assert ex.check_1(answer * 100).status == "mistake"  # a percentage


def test_check_2_video_to_text_ratio(posts):
    kind = posts["content_type"]
    rate = {k: posts.loc[kind == k, "shares"].sum() / posts.loc[kind == k, "impressions"].sum()
            for k in ("video", "text")}
    assert ex.check_2(rate["video"] / rate["text"]).status == "correct"
    assert ex.check_2(rate["text"] / rate["video"]).status == "mistake"
    assert ex.check_2(round(rate["video"] / rate["text"], 1)).status == "correct"  # as printed: 3.7x
    assert ex.check_2(rate["video"] - rate["text"]).status == "mistake"


def test_check_3_expected_reach(posts):
    organic = posts[(posts["platform"] == "TikTok") & (posts["content_type"] == "video") & ~posts["paid"]]
    assert ex.check_3(12 * organic["reach"].median()).status == "correct"
    assert ex.check_3(3 * organic["reach"].median()).status == "mistake"
    assert ex.check_3(1.0).status == "wrong"
