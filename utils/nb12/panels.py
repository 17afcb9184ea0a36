"""Panels of notebook 12 (review: key takeaways, quiz and glossary)."""

from __future__ import annotations

import ipywidgets as W

from utils.nb12 import review
from utils.shared.widgets import LABEL_WIDTH, Panel, PanelMessage, dropdown, text


def quiz_panel(question: int | str = 1) -> Panel:
    """Self-check quiz: pick a question, pick an answer, read the feedback.

    Choosing another question clears the answer (wiring only; grading is
    :func:`utils.nb12.review.grade`).
    """
    first = review.question(question)
    options = [(f"{i}. {q.topic}", q.key) for i, q in enumerate(review.QUESTIONS, start=1)]
    picker = dropdown("Question", options, first.key)
    # The options are the letters A-D, listed with their text beside the results; the
    # description names the group (each radio button is named by its letter).
    answer = W.RadioButtons(options=list(review.LETTERS), value=None, description="Your answer",
                            style={"description_width": LABEL_WIDTH}, layout=W.Layout(margin="4px 0 0 0"))
    panel = Panel(
        "review-quiz",
        "Self-check quiz",
        {"question": picker, "answer": answer},
        review.quiz_view,
        review.quiz_rows,
        extra=review.quiz_html,
        explain="In JupyterLab, pick a question from the list and click an answer: the feedback says why it is "
                "right, or which misconception the wrong answer reveals, and where the course teaches it.",
    )

    def clear_answer(change: dict) -> None:
        answer.value = None

    picker.observe(clear_answer, names="value")
    return panel


def glossary_panel(language: str = "fi") -> Panel:
    """The glossary in one edition's words, with its translation slips flagged and explained."""

    def compute(language: str, show: str, search: str) -> dict:
        try:
            return review.glossary_view(language, show, search)
        except review.NothingFound as note:
            raise PanelMessage(str(note)) from None

    languages = [(f"{name} ({code})", code) for code, name in review.LANGUAGES.items()]
    return Panel(
        "review-glossary",
        "Glossary: the course's terms in the five editions",
        {
            "language": dropdown("Edition", languages, language),
            "show": dropdown("Show", review.SHOW_OPTIONS, review.SHOW_OPTIONS[0]),
            "search": text("Search (English)", ""),
        },
        compute,
        review.glossary_rows,
        extra=review.glossary_notes_html,
        explain="In JupyterLab, switch the edition to see each term in Finnish, Norwegian, Polish, Chinese or "
                "Russian, show only the translation slips, or type a word to search the English terms and "
                "definitions. Slips are marked ⚠ and explained below the table with the intended term.",
    )


DEMOS = {
    "review-quiz": {
        "factory": "quiz_panel",
        "steps": [{"answer": "C"}, {"answer": "B"}, {"question": "roi", "answer": "A"}],
    },
    "review-glossary": {
        "factory": "glossary_panel",
        "steps": [{"language": "zh"}, {"show": "translation slips only"}, {"search": "blockchain"}],
    },
}
