"""Panels and exercises of notebook 12 (review), driven headlessly."""

from __future__ import annotations

import pytest

from utils.nb12 import review
from utils.shared.config import BRAND, GROSS_MARGIN
from utils.shared.data import load_campaigns, load_mentions
from utils.nb12 import exercises as ex
from utils.nb12 import panels as nb12


def expected_glossary(values: dict):
    try:
        return review.glossary_rows(review.glossary_view(**values)), None
    except review.NothingFound as exc:
        return None, str(exc)


def test_demos_are_declared():
    assert set(nb12.DEMOS) == {"review-quiz", "review-glossary"}
    for demo in nb12.DEMOS.values():
        assert callable(getattr(nb12, demo["factory"]))
        assert 2 <= len(demo["steps"]) <= 3


def test_quiz_panel_follows_grade():
    panel = nb12.quiz_panel()
    assert panel.rows == review.quiz_rows(review.quiz_view(review.QUESTIONS[0].key, None))
    verdicts = []
    for step in nb12.DEMOS["review-quiz"]["steps"]:
        panel.set(**step)
        values = panel.values()
        view = review.quiz_view(values["question"], values["answer"])
        assert panel.rows == review.quiz_rows(view)
        assert panel._extra.value == review.quiz_html(view)
        verdicts.append(panel.rows[-1][1])
    assert "correct" in verdicts and "not quite" in verdicts
    assert panel.values() == {"question": "roi", "answer": "A"}


def test_quiz_panel_clears_the_answer_on_a_new_question():
    panel = nb12.quiz_panel("roi")
    panel.controls["answer"].value = "C"
    assert panel.rows[-1] == ("Verdict", "correct")
    panel.controls["question"].value = "sov"
    assert panel.values() == {"question": "sov", "answer": None}
    assert panel.rows == review.quiz_rows(review.quiz_view("sov", None))


def test_quiz_panel_opens_on_the_parameter():
    assert nb12.quiz_panel(6).values()["question"] == review.question(6).key
    with pytest.raises(ValueError):
        nb12.quiz_panel(99)


def test_glossary_panel_follows_the_view():
    panel = nb12.glossary_panel()
    rows, _ = expected_glossary(panel.values())
    assert panel.rows == rows
    seen_rows, messages = {tuple(panel.rows)}, []
    for step in nb12.DEMOS["review-glossary"]["steps"]:
        panel.set(**step)
        rows, message = expected_glossary(panel.values())
        if message is None:
            assert panel.rows == rows and panel.message is None
            assert panel._extra.value == review.glossary_notes_html(review.glossary_view(**panel.values()))
            seen_rows.add(tuple(panel.rows))
        else:
            assert panel.rows == [] and panel.message == (message, "info")
            messages.append(message)
    assert len(seen_rows) >= 2
    assert messages and "blockchain" in messages[0]


def test_glossary_panel_marks_slips():
    panel = nb12.glossary_panel("ru")
    marked = [label for label, value in panel.rows if value.endswith("⚠ slip")]
    assert marked == [e["term_en"] for e in review.glossary_view("ru")["entries"] if e["slip"]]
    assert "social equity" in marked
    with pytest.raises(Exception):
        nb12.glossary_panel("de")


# --------------------------------------------------------------------------- exercises
def test_exercise_1():
    assert ex.check_1(["fi", "zh", "ru"]).status == "correct"
    assert ex.check_1(["RU", "fi", "zh"]).status == "correct"
    assert ex.check_1(None).status == "unanswered"
    norwegian = ex.check_1(["fi", "zh", "ru", "no"])
    assert norwegian.status == "mistake" and "egenkapital" in norwegian.message
    polish = ex.check_1(["pl"])
    assert polish.status == "mistake" and "does not mention" in polish.message
    left_out = ex.check_1(["fi", "zh"])
    assert left_out.status == "mistake" and "you left out 'ru'" in left_out.message
    assert ex.check_1(["de"]).status == "wrong"
    assert ex.check_1(["Finnish", "Chinese", " ru "]).status == "correct"  # names and spaces are fine
    not_a_list = ex.check_1(3)
    assert not_a_list.status == "wrong" and "list of edition codes" in not_a_list.message


def test_exercise_2():
    c = load_campaigns()
    revenue, spend, budget = c["attributed_revenue"].sum(), c["spend"].sum(), c["budget"].sum()
    m = GROSS_MARGIN
    right = (revenue * m - spend) / spend
    assert ex.check_2(right).status == "correct"
    assert ex.check_2(None).status == "unanswered"
    for wrong in (((c["attributed_revenue"] * m - c["spend"]) / c["spend"]).mean(), (revenue * m - budget) / budget,
                  revenue / spend, right * 100, (revenue - spend) / spend, revenue * m - spend):
        assert ex.check_2(wrong).status == "mistake", wrong


def test_exercise_3():
    m = load_mentions()
    total = m["positive"] + m["neutral"] + m["negative"]
    brand = total[m["brand"].astype(str) == BRAND].sum()
    right = brand / total.sum()
    assert ex.check_3(right).status == "correct"
    assert ex.check_3(None).status == "unanswered"
    positive = m.loc[m["brand"].astype(str) == BRAND, "positive"].sum() / m["positive"].sum()
    for wrong in (brand / (total.sum() - brand), positive, right * 100, round(right * 100, 1)):
        assert ex.check_3(wrong).status == "mistake", wrong
    assert ex.check_3(round(right, 3)).status == "correct"  # 25.5%, as notebook 08 prints it
    assert ex.check_3(round(right, 2)).status == "wrong"
