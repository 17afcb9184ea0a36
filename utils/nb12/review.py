"""The course review: a self-check quiz over every notebook and a five-edition glossary.

Quiz
    :data:`QUESTIONS` holds one multiple-choice question per topic of the course
    (sticky content, earned media, the viral coefficient, share of voice,
    engagement-rate denominators, ROI on gross profit, the action plan, segmentation, response
    rate, crisis response, CRM value, the three core areas). Every wrong option
    carries the misconception it reveals. :func:`grade` is pure: question key +
    chosen letter -> :class:`utils.shared.feedback.Feedback`. The numbers inside questions are computed
    with the course formulas (:mod:`utils.shared.metrics`, :mod:`utils.shared.virality`).

Glossary
    ``seeds/glossary.csv`` lists the course's terms with a definition in the
    course's words and the term each edition of the source article uses
    (Finnish ``fi``, Norwegian ``no``, Polish ``pl``, Chinese ``zh``, Russian
    ``ru``; empty where an edition lacks the passage). ``slips`` names the
    editions whose term is a translation slip (meaning changed) and ``notes``
    says what went wrong and the intended term. :func:`load_glossary` checks
    the file; :func:`lookup`, :func:`slip_editions` and :func:`glossary_view`
    read it.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from utils.shared import config
from utils.shared.feedback import Feedback
from utils.shared.metrics import engagement_rate, response_rate, roas, roi, share_of_voice
from utils.shared.virality import total_reach, viral_coefficient

__all__ = [
    "COURSE_TERM_NOTE",
    "GLOSSARY_COLUMNS",
    "LANGUAGES",
    "LETTERS",
    "NothingFound",
    "QUESTIONS",
    "Question",
    "course_terms",
    "glossary_notes_html",
    "glossary_rows",
    "glossary_table",
    "glossary_view",
    "grade",
    "load_glossary",
    "lookup",
    "note_for",
    "question",
    "quiz_html",
    "quiz_rows",
    "quiz_view",
    "score",
    "slip_editions",
]

# --------------------------------------------------------------------------- #
# Quiz
# --------------------------------------------------------------------------- #
LETTERS: tuple[str, ...] = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Question:
    """One multiple-choice question.

    ``options`` are four answers (A-D); ``answer`` is the right letter;
    ``why`` maps each wrong letter to the misconception it reveals;
    ``explain`` says why the right answer is right; ``notebook`` teaches it.
    ``given`` holds every number the prompt states (name -> value), so a test
    can recompute the keyed answer from the question's own numbers with the
    course formulas; questions without numbers leave it empty.
    """

    key: str
    topic: str
    prompt: str
    options: tuple[str, str, str, str]
    answer: str
    why: Mapping[str, str]
    explain: str
    notebook: str
    given: Mapping[str, float] = field(default_factory=dict)

    def option(self, letter: str) -> str:
        return self.options[LETTERS.index(letter)]


#: The numbers each quiz question states (see :attr:`Question.given`).
GIVEN: dict[str, dict[str, float]] = {
    "viral-k": {"first_customers": 1000, "invites_per_customer": 5, "invite_conversion": 0.1},
    "sov": {"brand_mentions": 300, "competitor_mentions": 900},
    "denominators": {"engagements": 200, "impressions": 10_000, "reach": 5_000, "followers": 2_000},
    "roi": {"spend": 2000, "revenue": 3000, "gross_margin": 0.55},
    "response-rate": {"received": 50, "answered": 45, "mean_hours": 6},
}


def _questions() -> tuple[Question, ...]:
    v, s_, d, m, r = (GIVEN[key] for key in ("viral-k", "sov", "denominators", "roi", "response-rate"))
    k = viral_coefficient(v["invites_per_customer"], v["invite_conversion"])
    spread = total_reach(v["first_customers"], k)
    invited = v["first_customers"] * v["invites_per_customer"]
    sov = share_of_voice(s_["brand_mentions"], s_["brand_mentions"] + s_["competitor_mentions"])
    sov_wrong = s_["brand_mentions"] / s_["competitor_mentions"]
    by_impr, by_reach, by_followers = (engagement_rate(d["engagements"], d[b])
                                       for b in ("impressions", "reach", "followers"))
    campaign_roas = roas(m["revenue"], m["spend"])
    campaign_roi = roi(m["revenue"], m["spend"], gross_margin=m["gross_margin"])
    naive_roi = roi(m["revenue"], m["spend"], gross_margin=1.0)
    campaign_gross = m["revenue"] * m["gross_margin"]
    rate = response_rate(r["answered"], r["received"])
    return (
        Question(
            "sticky", "Sticky content",
            "Which post is 'sticky' content in the source article's sense?",
            ("A post pinned to the top of the brand's profile so it stays in view",
             "A post that grabs attention at first glance, leads to a purchase and makes people want to share it",
             "A post with many likes but hardly any shares",
             "A paid ad shown again and again to the same people"),
            "B",
            {"A": "pinning is a platform feature; stickiness is about what the content does to people "
                  "(attention, purchase, then sharing).",
             "C": "likes alone are not sticky: the last step, wanting to share it, is missing.",
             "D": "repetition bought with money is frequency, not stickiness; sticky content spreads because "
                  "people choose to pass it on."},
            "Sticky content works in three steps: it catches the eye, it sells, and it gets shared.",
            "04_shareable_content.ipynb"),
        Question(
            "earned", "Earned media",
            "Which of these is earned media for Brightleaf?",
            ("A sponsored post Brightleaf pays Instagram to show",
             "Brightleaf's own blog and its posts on its own account",
             "A customer's review that recommends Brightleaf tea to her friends",
             "A banner ad Brightleaf buys on a news site"),
            "C",
            {"A": "a sponsored post is paid media: the exposure was bought.",
             "B": "the brand's own channels are owned media: it controls them, nobody else gave the exposure.",
             "D": "a bought banner is paid media."},
            "Earned media is exposure the brand did not pay for: reviews, recommendations, shares, reposts, mentions.",
            "04_shareable_content.ipynb"),
        Question(
            "viral-k", "Viral marketing and K",
            f"A referral campaign starts with {v['first_customers']:,.0f} customers. Each customer invites "
            f"{v['invites_per_customer']:g} friends, 1 in {1 / v['invite_conversion']:.0f} invited friends becomes a "
            f"customer, and every new customer invites {v['invites_per_customer']:g} friends in turn. The viral "
            f"coefficient is K = {v['invites_per_customer']:g} x {v['invite_conversion']:g} = {k:g} new customers "
            f"per customer. How many customers does the campaign win in all, the first ones included?",
            ("It grows without limit, because every customer invites 5 friends",
             f"About {invited:,.0f}: {v['first_customers']:,.0f} x {v['invites_per_customer']:g}",
             "It doubles with every generation",
             f"About {spread:,.0f}, then it fades out ({v['first_customers']:,.0f} / (1 - {k:g}))"),
            "D",
            {"A": "5 is how many friends each customer invites, not how many join; K multiplies it by the share "
                  "who join, and with K below 1 every generation is smaller than the last.",
             "B": f"{invited:,.0f} is how many invitations the first customers send (and so roughly how many people "
                  f"hear of it in the first round); only 1 in 10 of those becomes a customer.",
             "C": "doubling needs K = 2; here each generation is half the one before."},
            f"With K = {k:g} < 1 each generation of customers is half the previous one, so the total is "
            f"1,000 + 500 + 250 + ... = {spread:,.0f} customers. (More people hear of it: every customer sends "
            f"5 invitations.) A campaign goes viral only when K is at least about 1.",
            "05_viral_marketing.ipynb",
            given=v),
        Question(
            "sov", "Share of voice",
            f"Brightleaf was mentioned {s_['brand_mentions']:,.0f} times this month; its three competitors "
            f"{s_['competitor_mentions']:,.0f} times together. What is Brightleaf's share of voice?",
            (f"{sov_wrong:.0%}", f"{s_['brand_mentions']:,.0f}", f"{sov:.0%}", f"{1 - sov:.0%}"),
            "C",
            {"A": "you divided by the competitors' mentions only; the total includes Brightleaf's own 300 "
                  "(300 / 1,200).",
             "B": "300 is a count of mentions; share of voice is a share of all the mentions.",
             "D": "that is the competitors' share together, not Brightleaf's."},
            "Share of voice = brand mentions / mentions of every brand compared, the brand included: 300 / 1,200.",
            "08_tracking_metrics.ipynb",
            given=s_),
        Question(
            "denominators", "Engagement-rate denominators",
            f"A post got {d['engagements']:,.0f} engagements and {d['impressions']:,.0f} impressions, reached "
            f"{d['reach']:,.0f} people, and the account has {d['followers']:,.0f} followers. Which statement is right?",
            ("The three rates must be equal, so these numbers contain an error",
             f"Per impression {by_impr:.0%}, per person reached {by_reach:.0%}, per follower {by_followers:.0%}: "
             f"all correct, each answers a different question",
             "Only the rate per follower is a real engagement rate",
             f"Per person reached it is {by_impr:.0%}"),
            "B",
            {"A": "impressions count views, reach counts people, followers count the audience: different "
                  "denominators give different rates, all valid.",
             "C": "no denominator is the only right one; say which one you use (per follower is even above 100% "
                  "when a post travels beyond the followers).",
             "D": f"{by_impr:.0%} is per impression; reach is smaller than impressions, so the rate per person is "
                  f"higher ({by_reach:.0%})."},
            "An engagement rate always names its denominator: impressions, reach or followers. The course's "
            "default is per impression; say so whenever you use another.",
            "08_tracking_metrics.ipynb",
            given=d),
        Question(
            "roi", "ROI",
            f"A campaign cost EUR {m['spend']:,.0f} and brought EUR {m['revenue']:,.0f} of revenue. The brand's "
            f"gross margin is {m['gross_margin']:.0%} (what is left of each euro of sales after paying for the "
            f"goods). What is the campaign's ROI on gross profit?",
            (f"{campaign_roas:g} (that is {campaign_roas:.0%})",
             f"{naive_roi:g} (that is {naive_roi:.0%})",
             f"{campaign_roi:g} (that is {campaign_roi:.1%}): it lost money",
             f"EUR {campaign_gross:,.0f}"),
            "C",
            {"A": "revenue / cost is return on ad spend (ROAS): sales per euro spent, not profit.",
             "B": "(revenue - cost) / cost treats every euro of sales as profit; the tea itself cost money, so "
                  "take the gross profit (revenue x gross margin) first.",
             "D": "EUR 1,650 is the gross profit; ROI subtracts the cost and divides by it to give a rate."},
            f"ROI = (revenue x gross margin - cost) / cost = ({m['revenue']:,.0f} x {m['gross_margin']:g} - "
            f"{m['spend']:,.0f}) / {m['spend']:,.0f} = {campaign_roi:g}. A ROAS of {campaign_roas:g} looked good, "
            f"but below 1 / {m['gross_margin']:g} = {1 / m['gross_margin']:.2f} a campaign does not pay for itself. "
            f"The source calls the return on SMM social equity.",
            "02_why_smm_works.ipynb",
            given=m),
        Question(
            "action-plan", "The action plan",
            "Which step comes first in the SMM action plan (after Hootsuite)?",
            ("Create best-in-class content",
             "Track performance and adjust the strategy",
             "Build a content calendar",
             "Align SMM goals with clear business objectives"),
            "D",
            {"A": "great content is step 6: it needs to know the goals, the audience and the competition first.",
             "B": "tracking is the last step (7): you can only track against goals you have set.",
             "C": "the calendar is step 5, after goals, audience, competitors and the audit of your own SMM."},
            "Goals first: every later step (audience, competitors, audit, calendar, content, tracking) serves them.",
            "03_action_plan.ipynb"),
        Question(
            "segmentation", "Segmentation",
            "Why does segmentation pay off more on social media than on traditional channels?",
            ("Because the platforms know details such as age, location and interests, so the budget can go to "
             "the exact people most likely to buy",
             "Because social media audiences are small, so they must be split",
             "Because segmenting means showing the same ad to everyone at once",
             "Because a well-chosen segment guarantees that a post goes viral"),
            "A",
            {"B": "social media's reach rivals TV and radio; segmentation is about precision, not small audiences.",
             "C": "that is the opposite: segmenting means different messages for different groups.",
             "D": "a segment changes who sees the post and how well it converts; virality depends on people "
                  "passing it on (K)."},
            "Segmentation is far finer on social media: in the course data a narrow segment converts several "
            "times better than everyone.",
            "06_segmentation.ipynb"),
        Question(
            "response-rate", "Response rate",
            f"{r['received']:,.0f} customer messages arrived this week and {r['answered']:,.0f} were answered, "
            f"after {r['mean_hours']:g} hours on average. What is the response rate?",
            (f"{r['mean_hours']:g} hours", f"{r['answered']:,.0f}", f"{r['received'] / r['answered']:.2f}", f"{rate:g}"),
            "D",
            {"A": "6 hours is the response time, the other half of the business metric.",
             "B": "45 is a count of answers; the rate divides it by the messages received.",
             "C": "you divided received by answered; the rate is answered / received, never above 1."},
            "Response rate = answered / received = 45 / 50 (a fraction); response time says how fast.",
            "08_tracking_metrics.ipynb",
            given=r),
        Question(
            "crisis", "Crisis response",
            "A viral video falsely claims that Brightleaf tea made people ill. What does the source advise?",
            ("Ignore it: the claim is false, so it will die out by itself",
             "Address it at once, true or false, and expect that sales may dip even after the record is set straight",
             "Wait for the sales figures to see whether it matters",
             "Stop posting on social media until people forget"),
            "B",
            {"A": "the source says a claim like this must be addressed immediately whether it is true or false.",
             "C": "by the time sales show it the damage is done; false viral content can lower purchases even "
                  "after it is corrected.",
             "D": "silence leaves the false story unanswered; answer fast and clearly, on social media and "
                  "through the brand's other contact points (e-mail, phone, the shop), where people want a person."},
            "Respond at once; the crisis week in the course data shows negative mentions surging and sales "
            "dipping afterwards.",
            "10_risks_and_crisis.ipynb"),
        Question(
            "crm", "CRM and customer value",
            "How does SMM value a customer, compared with traditional marketing?",
            ("Only by what the customer buys",
             "By how many followers the customer has",
             "Directly by purchases and indirectly by the people the customer refers",
             "By how many posts the customer likes"),
            "C",
            {"A": "valuing customers by purchases alone is the traditional view; SMM also sees referrals.",
             "B": "followers measure an audience, not value to the brand (though connectors with many contacts "
                  "can be worth a lot through their referrals).",
             "D": "likes are engagement, not value: a like does not buy or bring a buyer."},
            "On social media both interactions are visible: customer-to-customer and firm-to-customer, so "
            "referrals count as indirect value.",
            "07_crm_customer_value.ipynb"),
        Question(
            "core-areas", "The three core areas",
            "Which of these is NOT one of the three core areas the source says SMM's power comes from?",
            ("Connection", "Interaction", "Customer data", "Television advertising"),
            "D",
            {"A": "connection is one of the three: many new channels to reach customers.",
             "B": "interaction is one of the three: likes, conversations and eWOM, all measurable.",
             "C": "customer data is one of the three: big data turned into market analysis."},
            "Connection, interaction and customer data; social media now rivals TV's reach rather than "
            "depending on it.",
            "02_why_smm_works.ipynb"),
    )


#: The quiz, in course order.
QUESTIONS: tuple[Question, ...] = _questions()
_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}


def question(which: Any) -> Question:
    """A question by key (``"roi"``) or by number (1 = the first)."""
    if isinstance(which, Question):
        return which
    if isinstance(which, bool):
        raise TypeError(f"question must be a key such as 'roi' or a number 1-{len(QUESTIONS)}, got {which!r}")
    if isinstance(which, int):
        if not 1 <= which <= len(QUESTIONS):
            raise ValueError(f"question number must be between 1 and {len(QUESTIONS)}, got {which}")
        return QUESTIONS[which - 1]
    if isinstance(which, str) and which in _BY_KEY:
        return _BY_KEY[which]
    raise ValueError(f"question: unknown question {which!r}; use a number 1-{len(QUESTIONS)} or one of "
                     f"{', '.join(_BY_KEY)}")


def _letter(choice: Any) -> str | None:
    if choice is None:
        return None
    if not isinstance(choice, str) or choice.strip().upper() not in LETTERS:
        raise ValueError(f"choice must be one of the letters {', '.join(LETTERS)} (or None), got {choice!r}")
    return choice.strip().upper()


def grade(which: Any, choice: Any) -> Feedback:
    """Grade one answer: the misconception for a wrong letter, the reason for the right one.

    ``which``: question key or number. ``choice``: ``"A"``-``"D"`` (any case) or
    ``None`` (not answered yet).
    """
    q = question(which)
    letter = _letter(choice)
    if letter is None:
        return Feedback("unanswered", "Not answered yet: pick one of the answers.")
    if letter == q.answer:
        return Feedback("correct", f"Correct. {q.explain}")
    return Feedback("mistake", f"Not quite: {q.why[letter]}")


def score(answers: Mapping[Any, Any]) -> dict[str, Any]:
    """Tally answers ``{question key or number: letter or None}``.

    Returns ``correct``, ``answered``, ``total`` (all questions of the quiz),
    ``fraction`` (correct / total) and ``review`` (notebooks to revisit for the
    wrong answers, in course order, no repeats).
    """
    if not isinstance(answers, Mapping):
        raise TypeError(f"answers must be a dict of question -> letter, got {type(answers).__name__}")
    graded = {question(k).key: grade(k, v) for k, v in answers.items()}
    correct = sum(g.correct for g in graded.values())
    answered = sum(g.status != "unanswered" for g in graded.values())
    review = []
    for q in QUESTIONS:
        g = graded.get(q.key)
        if g is not None and g.status == "mistake" and q.notebook not in review:
            review.append(q.notebook)
    return {"correct": correct, "answered": answered, "total": len(QUESTIONS),
            "fraction": correct / len(QUESTIONS), "review": review}


def quiz_view(question: Any, answer: Any) -> dict[str, Any]:
    """Everything the quiz panel shows for one question and one chosen letter (or None)."""
    q = _question_of(question)
    return {"question": q, "number": QUESTIONS.index(q) + 1, "total": len(QUESTIONS),
            "choice": _letter(answer), "grade": grade(q, answer)}


_question_of = question  # quiz_view's parameter shadows the function name


def quiz_rows(view: Mapping[str, Any]) -> list[tuple[str, str]]:
    q, g = view["question"], view["grade"]
    verdict = {"correct": "correct", "mistake": "not quite", "unanswered": "not answered yet"}[g.status]
    return [
        ("Question", f"{view['number']} of {view['total']}: {q.topic}"),
        ("Your answer", view["choice"] or "none yet"),
        ("Verdict", verdict),
    ]


def quiz_html(view: Mapping[str, Any]) -> str:
    """The question, its lettered options and the feedback, as HTML."""
    q, g = view["question"], view["grade"]
    colour = {"correct": "#009E73", "mistake": "#E69F00", "unanswered": "#56B4E9"}[g.status]
    options = "".join(f"<li><b>{letter}</b>. {html.escape(text)}</li>" for letter, text in zip(LETTERS, q.options))
    return (f"<div class='smm-quiz'><p><b>{html.escape(q.prompt)}</b></p>"
            f"<ul style='list-style:none;padding-left:4px'>{options}</ul>"
            f"<div class='smm-feedback smm-feedback-{g.status}' style='border-left:4px solid {colour};"
            f"padding:4px 10px'>{html.escape(g.message)}</div>"
            f"<p><small>Taught in {html.escape(q.notebook)}.</small></p></div>")


# --------------------------------------------------------------------------- #
# Glossary
# --------------------------------------------------------------------------- #
#: The source article's editions, as glossary columns.
LANGUAGES: dict[str, str] = {"fi": "Finnish", "no": "Norwegian", "pl": "Polish",
                             "zh": "Chinese", "ru": "Russian"}
GLOSSARY_COLUMNS: tuple[str, ...] = ("term_en", "definition", *LANGUAGES, "slips", "notes", "notebook")
GLOSSARY_FILE = "glossary.csv"
_NOTEBOOK = re.compile(r"\d\d_[a-z0-9_]+\.ipynb")
_NOTE_SPLIT = re.compile(r"(?<=[.;])\s+(?=(?:fi|no|pl|zh|ru):\s)")


def note_for(notes: str, code: str) -> str:
    """The part of a glossary note about edition ``code`` (the text starting ``"<code>: "``), or ""."""
    for part in _NOTE_SPLIT.split(notes):
        if part.startswith(f"{code}: "):
            return part.strip()
    return ""


class NothingFound(ValueError):
    """A glossary search that matches no term (the message says what was searched)."""


def _glossary_path(path: str | Path | None) -> Path:
    return Path(path) if path is not None else Path(config.ROOT) / "seeds" / GLOSSARY_FILE


@functools.lru_cache(maxsize=4)
def _read_glossary(path: str, stamp: int) -> pd.DataFrame:
    name = Path(path).name
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if tuple(table.columns) != GLOSSARY_COLUMNS:
        raise ValueError(f"{name}: header must be {','.join(GLOSSARY_COLUMNS)}, got {','.join(table.columns)}")
    for line, row in zip(range(2, len(table) + 2), table.itertuples(index=False)):
        where = f"{name}: line {line} ({row.term_en!r})"
        if not row.term_en.strip() or not row.definition.strip():
            raise ValueError(f"{where}: term_en and definition must not be empty")
        codes = [c for c in row.slips.split(";") if c]
        for code in codes:
            if code not in LANGUAGES:
                raise ValueError(f"{where}: slips holds {code!r}; use edition codes {', '.join(LANGUAGES)}")
            if not getattr(row, code).strip():
                raise ValueError(f"{where}: slips names {code} but the {code} column is empty")
            if "intended" not in note_for(row.notes, code):
                raise ValueError(f"{where}: slips names {code} but notes do not explain it "
                                 f"(write '{code}: ... intended: ...')")
        for nb in row.notebook.split(";"):
            if not _NOTEBOOK.fullmatch(nb):
                raise ValueError(f"{where}: notebook {nb!r} is not a course notebook name (NN_slug.ipynb)")
    duplicated = table["term_en"].str.lower().duplicated()
    if duplicated.any():
        raise ValueError(f"{name}: term {table.loc[duplicated, 'term_en'].iloc[0]!r} appears twice")
    return table


def load_glossary(path: str | Path | None = None) -> pd.DataFrame:
    """The glossary as a frame of strings ("" where an edition lacks the term).

    ``path`` defaults to ``seeds/glossary.csv`` (the syllabus terms in the five editions). The file is
    checked (header, non-empty terms and definitions, known edition codes in
    ``slips``, a note for every slip, notebook names); a problem raises
    ``ValueError`` naming the line. Returns a fresh copy of the cached frame.
    """
    file = _glossary_path(path)
    if not file.exists():
        raise FileNotFoundError(f"{file.name} not found in {file.parent}: restore it with `git checkout data/`")
    return _read_glossary(str(file), file.stat().st_mtime_ns).copy()


def _language(code: Any) -> str:
    if not isinstance(code, str) or code not in LANGUAGES:
        names = ", ".join(f"{k} ({v})" for k, v in LANGUAGES.items())
        raise ValueError(f"language must be one of {names}; got {code!r}")
    return code


def _row(term: Any, glossary: pd.DataFrame) -> pd.Series:
    if not isinstance(term, str) or not term.strip():
        raise TypeError(f"term must be an English glossary term (text), got {term!r}")
    key = term.strip().lower()
    terms = glossary["term_en"].str.lower()
    exact = glossary[terms == key]
    if len(exact):
        return exact.iloc[0]
    partial = glossary[terms.str.contains(re.escape(key), regex=True)]
    if len(partial) == 1:
        return partial.iloc[0]
    close = difflib.get_close_matches(key, list(terms), n=3, cutoff=0.5)
    options = list(partial["term_en"]) if len(partial) else close
    hint = f"; did you mean {', '.join(map(repr, options))}?" if options else ""
    raise NothingFound(f"term {term!r} is not in the glossary{hint}")


def lookup(term: str, language: str | None = None, glossary: pd.DataFrame | None = None) -> dict[str, Any]:
    """One term: its definition, the editions' words, slips and notes.

    ``term`` matches ``term_en`` case-insensitively (a unique part of it works:
    ``"equity"``). With ``language`` the result also has ``local`` (that
    edition's word, "" if it lacks it) and ``slip`` (True if flagged).
    """
    table = glossary if glossary is not None else load_glossary()
    row = _row(term, table)
    out: dict[str, Any] = {
        "term_en": row["term_en"], "definition": row["definition"],
        "editions": {code: row[code] for code in LANGUAGES},
        "slips": tuple(c for c in row["slips"].split(";") if c),
        "notes": row["notes"], "notebooks": tuple(row["notebook"].split(";")),
    }
    if language is not None:
        code = _language(language)
        out["local"] = row[code]
        out["slip"] = code in out["slips"]
    return out


def slip_editions(term: str, glossary: pd.DataFrame | None = None) -> tuple[str, ...]:
    """Edition codes whose word for ``term`` is a translation slip (e.g. ``('fi', 'zh', 'ru')``)."""
    return lookup(term, glossary=glossary)["slips"]


SHOW_OPTIONS: tuple[str, ...] = ("all terms", "translation slips only")


def glossary_view(language: str, show: str = "all terms", search: str = "",
                  glossary: pd.DataFrame | None = None) -> dict[str, Any]:
    """The glossary in one edition's words (pure compute of the glossary panel).

    ``show`` is ``"all terms"`` or ``"translation slips only"`` (this edition's);
    ``search`` keeps the terms whose English name or definition contains it
    (case-insensitive). Returns ``language``, ``name``, ``entries`` (list of dicts
    with ``term_en``, ``local``, ``slip``, ``notes``, ``notebook``), ``n_terms``,
    ``n_slips`` and ``n_missing`` (source terms this edition lacks; the course's own
    terms, :func:`course_terms`, are not counted). Raises
    :class:`NothingFound` when nothing matches.
    """
    code = _language(language)
    if show not in SHOW_OPTIONS:
        raise ValueError(f"show must be one of {', '.join(map(repr, SHOW_OPTIONS))}; got {show!r}")
    if not isinstance(search, str):
        raise TypeError(f"search must be text, got {type(search).__name__}")
    table = glossary if glossary is not None else load_glossary()
    slipped = table["slips"].str.split(";").map(lambda codes: code in codes)
    keep = pd.Series(True, index=table.index)
    if show == SHOW_OPTIONS[1]:
        keep &= slipped
    text = search.strip().lower()
    if text:
        keep &= table["term_en"].str.lower().str.contains(text, regex=False) | \
            table["definition"].str.lower().str.contains(text, regex=False)
    if not keep.any():
        what = f" matching {search.strip()!r}" if text else ""
        kind = "translation slips" if show == SHOW_OPTIONS[1] else "terms"
        raise NothingFound(f"No {kind}{what} in the {LANGUAGES[code]} edition; clear the search or show all terms.")
    entries = [{"term_en": r["term_en"], "local": r[code], "slip": bool(s), "notes": r["notes"],
                "notebook": r["notebook"], "definition": r["definition"]}
               for (_, r), s in zip(table[keep].iterrows(), slipped[keep])]
    return {"language": code, "name": LANGUAGES[code], "entries": entries, "n_terms": len(entries),
            "n_slips": int(slipped[keep].sum()),
            "n_missing": int((table.loc[keep & ~course_terms(table), code] == "").sum())}


#: How the notes of a term the course adds (not in the source article) begin.
COURSE_TERM_NOTE = "course term: not in the source article"


def course_terms(glossary: pd.DataFrame | None = None) -> pd.Series:
    """True for the terms the course adds (ROAS, gross margin...): no edition has a word for them.

    They are not counted as missing from an edition. Marked by notes that start
    with :data:`COURSE_TERM_NOTE`.
    """
    table = glossary if glossary is not None else load_glossary()
    return table["notes"].str.startswith(COURSE_TERM_NOTE)


def glossary_rows(view: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(English term, this edition's word)`` rows; slips are marked, missing terms said so."""
    def count(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    rows = [("Edition", f"{view['name']}: {count(view['n_terms'], 'term')}, "
                        f"{count(view['n_slips'], 'translation slip')}, {view['n_missing']} not in this edition")]
    for e in view["entries"]:
        local = e["local"] or "(not in this edition)"
        rows.append((e["term_en"], f"{local} ⚠ slip" if e["slip"] else local))
    return rows


def glossary_notes_html(view: Mapping[str, Any]) -> str:
    """The notes on this edition's slips, with the intended term, as an HTML list."""
    code = view["language"]
    items = []
    for e in view["entries"]:
        if not e["slip"]:
            continue
        part = note_for(e["notes"], code)
        items.append(f"<li><b>{html.escape(e['term_en'])}</b>: {html.escape(part)}</li>")
    if not items:
        return f"<p>No translation slips flagged for the {html.escape(view['name'])} edition in this selection.</p>"
    return f"<p><b>Translation slips in the {html.escape(view['name'])} edition</b></p><ul>{''.join(items)}</ul>"


def glossary_table(language: str | None = None, glossary: pd.DataFrame | None = None) -> pd.DataFrame:
    """The glossary for display: English term, definition and one or all editions' words.

    Slipped words are marked with ``⚠``; a missing word shows as ``—``.
    """
    table = glossary if glossary is not None else load_glossary()
    codes = [_language(language)] if language is not None else list(LANGUAGES)
    out = table[["term_en", "definition"]].copy()
    for code in codes:
        slipped = table["slips"].str.split(";").map(lambda cs, c=code: c in cs)
        words = table[code].where(table[code] != "", "—")
        out[code] = words.where(~slipped, words + " ⚠")
    return out.set_index("term_en")
