"""Tests of utils.nb12.review: the quiz (pure grading) and the five-edition glossary."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import shutil

import pandas as pd
import pytest

from conftest import ROOT
from utils.nb12 import review
from utils.shared.config import ROOT as ROOT_DIR
from utils.shared.metrics import engagement_rate, response_rate, share_of_voice
from utils.shared.metrics import roi as metrics_roi
from utils.shared.virality import total_reach, viral_coefficient

#: Short quotations from the five editions, with their line in the edition's text
#: (see seeds/README.md); the repository does not ship the editions themselves.
EDITION_TERMS = ROOT / "seeds" / "edition_terms.csv"
QUOTATION_WORDS, QUOTATION_CHARS_ZH = 8, 20  # "a few words"


# --------------------------------------------------------------------------- #
# Quiz
# --------------------------------------------------------------------------- #
def test_quiz_covers_the_course():
    keys = [q.key for q in review.QUESTIONS]
    assert len(keys) == len(set(keys)) >= 8
    for needed in ("sticky", "earned", "viral-k", "sov", "denominators", "roi", "action-plan", "segmentation",
                   "response-rate", "crisis", "crm"):
        assert needed in keys
    syllabus = json.loads((ROOT / "seeds" / "syllabus.json").read_text())
    notebooks = {c["notebook"] for c in syllabus["concepts"]}
    for q in review.QUESTIONS:
        assert len(q.options) == 4 and len(set(q.options)) == 4, q.key
        assert q.answer in review.LETTERS
        assert set(q.why) == set(review.LETTERS) - {q.answer}, q.key
        assert all(len(text) > 20 for text in q.why.values())
        assert q.notebook in notebooks, q.key


@pytest.mark.parametrize("q", review.QUESTIONS, ids=lambda q: q.key)
def test_grade_every_option(q):
    right = review.grade(q.key, q.answer)
    assert right.status == "correct" and right.correct and q.explain in right.message
    assert review.grade(q.key, q.answer.lower()).correct
    for letter, why in q.why.items():
        g = review.grade(q.key, letter)
        assert g.status == "mistake" and not g.correct and why in g.message
    assert review.grade(q.key, None).status == "unanswered"


def test_numbers_in_the_questions():
    sov = review.question("sov")
    assert sov.option(sov.answer) == f"{300 / 1200:.0%}"
    assert sov.option("A") == f"{300 / 900:.0%}"
    roi = review.question("roi")
    assert roi.option(roi.answer).startswith(f"{(3000 * 0.55 - 2000) / 2000:g}")
    assert roi.option("A").startswith(f"{3000 / 2000:g}")
    assert roi.option("B").startswith(f"{(3000 - 2000) / 2000:g}")
    rate = review.question("response-rate")
    assert rate.option(rate.answer) == f"{45 / 50:g}"
    viral = review.question("viral-k")
    assert f"{1000 / (1 - 5 * 0.1):,.0f}" in viral.option(viral.answer)
    # at least 1,000 x 5 people hear of it: the keyed total counts customers who join, and says so
    assert "customers" in viral.prompt and "5,000" in viral.option("B") and viral.answer != "B"
    denominators = review.question("denominators").option("B")
    for base in (10_000, 5_000, 2_000):
        assert f"{200 / base:.0%}" in denominators


#: For each question that states numbers: its keyed answer recomputed from ``Question.given`` with the course
#: formulas, as the text(s) the right option must show. A new numeric question needs a solver here.
SOLVERS = {
    "viral-k": lambda g: [f"{total_reach(g['first_customers'], viral_coefficient(g['invites_per_customer'], g['invite_conversion'])):,.0f}"],
    "sov": lambda g: [f"{share_of_voice(g['brand_mentions'], g['brand_mentions'] + g['competitor_mentions']):.0%}"],
    "denominators": lambda g: [f"{engagement_rate(g['engagements'], g[base]):.0%}"
                               for base in ("impressions", "reach", "followers")],
    "roi": lambda g: [f"{metrics_roi(g['revenue'], g['spend'], gross_margin=g['gross_margin']):g}"],
    "response-rate": lambda g: [f"{response_rate(g['answered'], g['received']):g}"],
}


def _stated(value: float) -> tuple[str, ...]:
    """The ways a question may write one of its numbers."""
    forms = [f"{value:,g}", f"{value:,.0f}", f"{value:.0%}"]
    if 0 < value < 1:
        forms.append(f"1 in {1 / value:.0f}")
    return tuple(forms)


def keyed_answer_problems(q: review.Question) -> list[str]:
    """Why the keyed answer of ``q`` does not follow from its own numbers (empty if it does)."""
    if not q.given:
        return [f"{q.key}: the prompt states numbers but the question stores none in given"] \
            if re.search(r"\d", q.prompt) else []
    problems = [f"{q.key}: given {name} = {value:g} does not appear in the prompt"
                for name, value in q.given.items() if not any(form in q.prompt for form in _stated(value))]
    expected = SOLVERS[q.key](q.given)
    holders = [letter for letter in review.LETTERS if all(text in q.option(letter) for text in expected)]
    if holders != [q.answer]:
        problems.append(f"{q.key}: the recomputed answer {expected} is in option(s) {holders}, "
                        f"but the key is {q.answer}")
    return problems


def test_every_numeric_question_has_a_solver():
    assert set(SOLVERS) == {q.key for q in review.QUESTIONS if q.given}


@pytest.mark.parametrize("q", review.QUESTIONS, ids=lambda q: q.key)
def test_keyed_answer_follows_from_the_questions_own_numbers(q):
    assert keyed_answer_problems(q) == []


@pytest.mark.parametrize("q", [q for q in review.QUESTIONS if q.given], ids=lambda q: q.key)
def test_a_wrong_key_is_caught(q):
    for letter in set(review.LETTERS) - {q.answer}:
        assert keyed_answer_problems(dataclasses.replace(q, answer=letter)), (q.key, letter)
    # a number changed in the data but not in the prompt is caught too
    name, value = next(iter(q.given.items()))
    assert keyed_answer_problems(dataclasses.replace(q, given={**q.given, name: value * 3 + 7}))


def test_the_old_viral_question_would_fail():
    """The faulty key of issue 20: 1,000 viewers who each show it to 5 people cannot total 2,000 viewers."""
    old = dataclasses.replace(
        review.question("viral-k"),
        prompt="Each of 1,000 viewers shows a campaign to 5 people and 1 in 10 of those passes it on. "
               "How many people see it in all?",
        given={"viewers": 1000, "shown_to_each": 5, "pass_on": 0.1})
    seen_at_least = old.given["viewers"] * old.given["shown_to_each"]
    keyed_total = float(old.option(old.answer).split()[1].replace(",", ""))
    assert keyed_total < seen_at_least  # the old key contradicted its own numbers
    with pytest.raises(KeyError):  # and a question whose numbers have no solver is not accepted silently
        keyed_answer_problems(dataclasses.replace(old, key="viral-old"))


def test_conceptual_keys_match_the_syllabus():
    concepts = {c["id"]: c for c in json.loads((ROOT / "seeds" / "syllabus.json").read_text())["concepts"]}
    plan = review.question("action-plan")
    assert concepts["action-plan"]["facts"][0].removeprefix("1. ").rstrip(".") == plan.option(plan.answer)
    areas = review.question("core-areas")
    named = concepts["highlights"]["facts"][0].lower()
    assert [letter for letter in review.LETTERS if areas.option(letter).lower() not in named] == [areas.answer]


@pytest.mark.parametrize("which, choice, error", [
    ("roi", "E", ValueError), ("roi", 1, ValueError), (0, "A", ValueError), (13, "A", ValueError),
    ("nope", "A", ValueError), (True, "A", TypeError),
])
def test_grade_bad_input(which, choice, error):
    with pytest.raises(error):
        review.grade(which, choice)


def test_question_by_number_and_key():
    assert review.question(1) is review.QUESTIONS[0]
    assert review.question("roi").topic == "ROI"
    assert review.question(len(review.QUESTIONS)) is review.QUESTIONS[-1]


def test_score():
    answers = {"sticky": "B", "roi": "A", "sov": "C", 9: None, "crm": "A"}
    tally = review.score(answers)
    assert tally == {"correct": 2, "answered": 4, "total": len(review.QUESTIONS),
                     "fraction": 2 / len(review.QUESTIONS),
                     "review": ["02_why_smm_works.ipynb", "07_crm_customer_value.ipynb"]}
    assert review.score({})["correct"] == 0
    with pytest.raises(TypeError):
        review.score(["B"])


def test_quiz_view_rows_and_html():
    view = review.quiz_view(4, "a")
    assert view["question"].key == "sov" and view["choice"] == "A" and view["grade"].status == "mistake"
    assert review.quiz_rows(view) == [("Question", f"4 of {len(review.QUESTIONS)}: Share of voice"),
                                      ("Your answer", "A"), ("Verdict", "not quite")]
    html = review.quiz_html(view)
    assert html.count("<li>") == 4 and "competitors&#x27; mentions only" in html
    assert review.quiz_rows(review.quiz_view("sov", None))[1:] == [("Your answer", "none yet"),
                                                                  ("Verdict", "not answered yet")]


# --------------------------------------------------------------------------- #
# Glossary
# --------------------------------------------------------------------------- #
@pytest.fixture(scope="module")
def glossary():
    return review.load_glossary()


def test_glossary_shape_and_terms(glossary):
    assert tuple(glossary.columns) == review.GLOSSARY_COLUMNS
    assert len(glossary) >= 25
    terms = set(glossary["term_en"])
    for needed in ("social media marketing (SMM)", "social equity", "sticky content", "earned media",
                   "viral marketing", "word of mouth / eWOM", "share of voice", "engagement", "impressions",
                   "reach", "conversions", "referrals", "response rate and response time", "customer segmentation",
                   "customer relationship management (CRM)", "return on investment (ROI)", "content calendar",
                   "influencer", "big data (the three Vs)"):
        assert needed in terms
    assert (glossary["definition"].str.len() > 30).all()
    # the four full editions have almost every term of the source; the older Polish edition lacks many.
    # Terms the course adds (ROAS, gross margin...) say so in their notes and have no edition word.
    added = review.course_terms(glossary)
    assert added.sum() >= 5 and (glossary.loc[added, ["fi", "no", "pl", "zh", "ru"]] == "").all().all()
    for code in ("fi", "no", "zh", "ru"):
        assert (glossary.loc[~added, code] == "").sum() <= 2, code
    assert (glossary["pl"] == "").sum() > 5


def test_social_equity_slips(glossary):
    row = review.lookup("social equity", glossary=glossary)
    assert set(row["slips"]) == {"fi", "zh", "ru"}
    assert row["editions"]["zh"] == "社会公平" and row["editions"]["ru"] == "социальная справедливость"
    assert row["editions"]["fi"] == "sosiaalinen tasa-arvo" and row["editions"]["no"] == "sosial egenkapital"
    assert row["editions"]["pl"] == ""
    assert review.slip_editions("social equity", glossary) == ("fi", "zh", "ru")


def test_every_slip_names_the_intended_term(glossary):
    n = 0
    for _, row in glossary.iterrows():
        for code in filter(None, row["slips"].split(";")):
            note = review.note_for(row["notes"], code)
            assert note.startswith(f"{code}: ") and "intended" in note, (row["term_en"], code)
            n += 1
    assert n >= 10


def _edition_terms(path=EDITION_TERMS) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _pieces(cell: str) -> list[str]:
    """The edition's words in a cell, without our annotations in parentheses."""
    return [part.strip() for part in re.sub(r"\([^)]*\)", " ", cell).split(";") if part.strip()]


def _found(piece: str, text: str, code: str) -> bool:
    if code == "zh":
        return re.sub(r"\s", "", piece.casefold()) in re.sub(r"\s", "", text)
    words = [w for w in re.split(r"[\s,/«»'\"]+", piece.casefold()) if len(w.strip("-")) >= 3]
    for word in words:
        word = word.strip("-")
        stem = word[: max(3, math.ceil(0.6 * len(word)))]  # inflected forms share the stem
        if stem not in text:
            return False
    return True


def quotation_problems(glossary: pd.DataFrame, terms: pd.DataFrame) -> list[str]:
    """Every word the glossary gives for an edition is backed by a short quotation of that
    edition with its line, and every quotation backs a word the glossary gives."""
    problems = []
    if list(terms.columns) != ["term_en", "edition", "term", "quotation", "line"]:
        return [f"edition_terms.csv: header {list(terms.columns)}"]
    given = {(term, code, piece) for code in review.LANGUAGES
             for term, cell in zip(glossary["term_en"], glossary[code]) for piece in _pieces(cell)}
    quoted: dict = {}
    for row in terms.itertuples(index=False):
        where = f"{row.term_en} ({row.edition}) {row.term!r}"
        quoted.setdefault((row.term_en, row.edition, row.term), []).append(row.quotation)
        if not row.line.isdigit() or int(row.line) < 1:
            problems.append(f"{where}: line {row.line!r} is not a line number")
        short = (len(row.quotation) <= QUOTATION_CHARS_ZH if row.edition == "zh"
                 else len(row.quotation.split()) <= QUOTATION_WORDS)
        if not row.quotation.strip() or not short:
            problems.append(f"{where}: the quotation must be a few words, not {row.quotation!r}")
    for key in sorted(given):
        quotations = quoted.get(key)
        if not quotations:
            problems.append(f"{key[0]} ({key[1]}) {key[2]!r}: no quotation in edition_terms.csv")
        elif not any(_found(key[2], q.casefold(), key[1]) for q in quotations):
            problems.append(f"{key[0]} ({key[1]}) {key[2]!r}: not in its quotation {quotations}")
    for key in sorted(set(quoted) - given):
        problems.append(f"{key[0]} ({key[1]}) {key[2]!r}: quoted, but not in the glossary")
    return problems


def test_glossary_words_come_from_the_edition(glossary):
    """Every word the glossary gives for an edition is in that edition's text (not invented),
    as the quotations shipped in seeds/edition_terms.csv show."""
    terms = _edition_terms()
    assert len(terms) >= 150 and set(terms["edition"]) == set(review.LANGUAGES)
    assert quotation_problems(glossary, terms) == []


def test_quotation_check_can_fail(glossary):
    terms = _edition_terms()
    reach_fi = (terms["term_en"] == "reach") & (terms["edition"] == "fi")
    problems = quotation_problems(glossary, terms[~reach_fi])
    assert any("reach (fi) 'tavoittavuus': no quotation" in p for p in problems)
    wrong = terms.assign(quotation=terms["quotation"].where(~reach_fi, "jotain aivan muuta"))
    assert any("not in its quotation" in p for p in quotation_problems(glossary, wrong))
    long = terms.assign(quotation=terms["quotation"].where(~reach_fi, "tavoittavuus " * 12))
    assert any("a few words" in p for p in quotation_problems(glossary, long))
    invented = glossary.assign(fi=glossary["fi"].where(glossary["term_en"] != "reach", "blockchain-markkinointi"))
    problems = quotation_problems(invented, terms)
    assert any("'blockchain-markkinointi': no quotation" in p for p in problems)
    assert any("'tavoittavuus': quoted, but not in the glossary" in p for p in problems)
    bad_line = terms.assign(line=terms["line"].where(~reach_fi, "p. 3"))
    assert any("is not a line number" in p for p in quotation_problems(glossary, bad_line))


def test_seed_check_can_fail():
    assert _found("sosiaalisen median", "sosiaalisen median markkinointi", "fi")
    assert not _found("blockchain-markkinointi", "sosiaalisen median markkinointi", "fi")
    assert not _found("区块链", "社交媒体营销", "zh")


def test_glossary_notebooks_exist_in_the_syllabus(glossary):
    syllabus = json.loads((ROOT / "seeds" / "syllabus.json").read_text())
    names = {c["notebook"] for c in syllabus["concepts"]}
    for cell in glossary["notebook"]:
        for name in cell.split(";"):
            assert name in names, name


def test_lookup(glossary):
    hit = review.lookup("Sticky Content", "ru", glossary)
    assert hit["local"] == glossary.set_index("term_en").loc["sticky content", "ru"] and hit["slip"] is False
    assert review.lookup("equity", glossary=glossary)["term_en"] == "social equity"  # unique part
    with pytest.raises(review.NothingFound, match="did you mean"):
        review.lookup("sticky contnet", glossary=glossary)
    with pytest.raises(review.NothingFound):
        review.lookup("media", glossary=glossary)  # several terms contain it
    with pytest.raises(TypeError):
        review.lookup(None, glossary=glossary)
    with pytest.raises(ValueError, match="language"):
        review.lookup("reach", "de", glossary)


def test_glossary_view_matches_pandas(glossary):
    view = review.glossary_view("zh", glossary=glossary)
    slipped = glossary["slips"].str.split(";").map(lambda codes: "zh" in codes)
    assert view["n_terms"] == len(glossary)
    assert view["n_slips"] == int(slipped.sum())
    source_terms = ~glossary["notes"].str.startswith("course term: not in the source article")
    assert view["n_missing"] == int((glossary.loc[source_terms, "zh"] == "").sum()) == 1  # the course's terms count
    assert int((glossary["zh"] == "").sum()) > view["n_missing"]  # as added, not as missing
    only = review.glossary_view("zh", "translation slips only", glossary=glossary)
    assert [e["term_en"] for e in only["entries"]] == list(glossary.loc[slipped, "term_en"])
    found = review.glossary_view("ru", search="VOICE", glossary=glossary)
    assert [e["term_en"] for e in found["entries"]] == ["share of voice"]
    rows = review.glossary_rows(only)
    assert rows[0][0] == "Edition" and all(value.endswith("⚠ slip") for _, value in rows[1:])
    pl = review.glossary_rows(review.glossary_view("pl", glossary=glossary))
    assert ("social equity", "(not in this edition)") in pl
    html = review.glossary_notes_html(only)
    assert html.count("<li>") == only["n_slips"] and "intended" in html


@pytest.mark.parametrize("kwargs, error", [
    ({"language": "de"}, ValueError), ({"language": "fi", "show": "some"}, ValueError),
    ({"language": "fi", "search": 3}, TypeError),
    ({"language": "no", "search": "blockchain"}, review.NothingFound),
    ({"language": "pl", "show": "translation slips only", "search": "reach"}, review.NothingFound),
])
def test_glossary_view_bad_input(glossary, kwargs, error):
    with pytest.raises(error):
        review.glossary_view(glossary=glossary, **kwargs)


def test_glossary_table(glossary):
    table = review.glossary_table("fi", glossary)
    assert list(table.columns) == ["definition", "fi"]
    assert table.loc["social equity", "fi"] == "sosiaalinen tasa-arvo ⚠"
    assert table.loc["five pillars", "fi"] == "—"
    assert list(review.glossary_table(glossary=glossary).columns) == ["definition", *review.LANGUAGES]


@pytest.mark.parametrize("breakage, words", [
    (lambda t: t.assign(slips=t["slips"].where(t["term_en"] != "reach", "zh;de")), ["slips", "'de'"]),
    (lambda t: t.assign(slips=t["slips"].where(t["term_en"] != "engagement", "no")), ["engagement", "notes"]),
    (lambda t: t.assign(slips=t["slips"].where(t["term_en"] != "five pillars", "fi")), ["five pillars", "empty"]),
    (lambda t: pd.concat([t, t.iloc[[3]]]), ["appears twice"]),
    (lambda t: t.assign(notebook=t["notebook"].where(t["term_en"] != "reach", "notebook8")), ["notebook8"]),
    (lambda t: t.assign(definition=t["definition"].where(t["term_en"] != "reach", " ")), ["definition"]),
    (lambda t: t.drop(columns=["notes"]), ["header"]),
])
def test_broken_glossary_is_refused(tmp_path, glossary, breakage, words):
    path = tmp_path / "glossary.csv"
    breakage(glossary).to_csv(path, index=False)
    with pytest.raises(ValueError) as info:
        review.load_glossary(path)
    for word in words:
        assert word in str(info.value)


def test_missing_glossary(tmp_path):
    with pytest.raises(FileNotFoundError, match="git checkout data/"):
        review.load_glossary(tmp_path / "glossary.csv")


def test_loader_returns_copies(tmp_path):
    shutil.copy(ROOT_DIR / "seeds" / "glossary.csv", tmp_path / "glossary.csv")
    first = review.load_glossary(tmp_path / "glossary.csv")
    first.loc[0, "term_en"] = "changed"
    assert review.load_glossary(tmp_path / "glossary.csv").loc[0, "term_en"] != "changed"
