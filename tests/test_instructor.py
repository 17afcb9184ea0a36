"""The instructor kit: student versions, the course site, slide decks, the Binder build.

Every check here is a plain function that a companion test runs on deliberately
broken input, so none can pass silently. The student notebooks are written and
executed once per session by ``tests/course_runs.py`` (papermill, cwd = notebooks/,
alongside the offline run, which they also serve as the determinism check for);
the site and the slides are built from those executed copies.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from conftest import NOTEBOOKS, ROOT, require_tool
import course


class _Kit:
    """The instructor scripts, imported on first use (nbconvert and nbgrader are slow to import,
    and pytest-xdist collects this file on every worker)."""

    def __getattr__(self, name: str):
        module = importlib.import_module(name)
        setattr(self, name, module)
        return module


kit = _Kit()
STARTER = "answer = None  # your answer here"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PATHS = course.list_notebooks(NOTEBOOKS)
NAMES = [p.name for p in PATHS]
REMOTE_ASSET = re.compile(r"""<(script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)
CDN_WORDS = ("cdnjs.cloudflare.com", "unpkg.com", "cdn.jsdelivr.net", "require.min.js", "fonts.googleapis")


def _text(outputs) -> str:
    parts = []
    for out in outputs:
        parts.append("".join(out.get("text", "")))
        for mime in ("text/plain", "text/html"):
            value = out.get("data", {}).get(mime, "")
            parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def not_answered_problems(nb, name: str = "notebook") -> list[str]:
    """Each exercise cell of an executed student notebook must report "not answered yet"."""
    problems = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code" or STARTER not in course.source(cell):
            continue
        if "not answered yet" not in _text(cell.get("outputs", [])).lower():
            problems.append(f"{name}: cell {i} does not say 'not answered yet'")
    return problems


# ------------------------------------------------------------------ student versions
@pytest.fixture(scope="module")
def student_set(course_runs):
    """The student versions written by ``scripts/make_student.py`` (once per session,
    in ``tests/course_runs.py``), and the script's exit code."""
    student = course_runs["student"]
    return Path(student["folder"]), student["code"]


@pytest.fixture(scope="module")
def executed_students(course_runs):
    """Every student notebook executed once with papermill (cwd = the course's
    notebooks/), at the same time as the offline run (``tests/course_runs.py``)."""
    report = course_runs["reports"][1]["notebooks"]
    errors = {name: entry["error"] for name, entry in report.items()}
    return Path(course_runs["base"]) / "second", errors


def test_the_starter_is_the_documented_one():
    assert kit.make_student.STARTER == STARTER
    assert kit.build_common.WIDGET_VIEW == WIDGET_VIEW


def test_student_set_is_written_and_clean(student_set):
    folder, code = student_set
    assert code == 0, "make_student.py refused a notebook (see its output)"
    assert sorted(p.name for p in folder.glob("*.ipynb")) == NAMES
    starters = 0
    for src in PATHS:
        student = nbformat.read(str(folder / src.name), as_version=4)
        original = nbformat.read(str(src), as_version=4)
        assert kit.make_student.student_problems(original, student, src.name) == []
        text = "\n".join(c.source for c in student.cells)
        assert "### BEGIN SOLUTION" not in text and "### END SOLUTION" not in text
        for cell in student.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{src.name}: output left"
        n_exercises = sum(c.cell_type == "code" and "### BEGIN SOLUTION" in c.source for c in original.cells)
        n_starters = sum(STARTER in c.source.splitlines() for c in student.cells)
        assert n_starters == n_exercises, src.name
        n_written = sum(c.cell_type == "markdown" and "### BEGIN SOLUTION" in c.source for c in original.cells)
        assert sum(c.source.strip() == kit.make_student.TEXT_STARTER for c in student.cells) == n_written, src.name
        assert "HIDDEN TESTS" not in text, f"{src.name}: a hidden test survives"
        starters += n_starters
        code_cells = [c for c in student.cells if c.cell_type == "code"]
        assert "parameters" in code_cells[0].metadata.get("tags", []), f"{src.name}: parameters cell lost"
        nav = [c.source for c in student.cells if course.NAV_TAG in c.metadata.get("tags", [])]
        assert nav == [c.source for c in original.cells if course.NAV_TAG in c.metadata.get("tags", [])], src.name
        assert student.metadata["smm"]["student_version"] is True
    assert starters > 0


def test_student_folder_is_a_runnable_course(student_set):
    folder, _ = student_set
    root = folder.parent
    for name in ("utils", "data", "environment.yml", "pyproject.toml", "tasks.py"):
        assert (root / name).exists(), name
    assert os.access(root / "postBuild", os.X_OK)
    assert not (root / "tests").exists() and not (root / "docs").exists()


@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_runs_and_reports_not_answered(name, executed_students):
    run_dir, errors = executed_students
    assert errors.get(name, "not executed") is None, errors.get(name)
    nb = nbformat.read(str(run_dir / name), as_version=4)
    assert kit.build_common.errors(nb) == []
    assert not_answered_problems(nb, name) == []


def _exercise_cell(nb):
    return next(c for c in nb.cells if c.cell_type == "code" and "### BEGIN SOLUTION" in c.source)


def test_student_check_catches_a_misspelt_marker():
    original = nbformat.read(str(PATHS[0]), as_version=4)
    cell = _exercise_cell(original)
    solution = kit.make_student.solution_lines(cell.source)[0]
    cell.source = cell.source.replace("### BEGIN SOLUTION", "### BEGIN SOLUTON")
    student = kit.make_student.student_version(original)
    problems = kit.make_student.student_problems(original, student, "broken")
    # nbgrader replaces the whole answer cell when it cannot find the markers: its check call is gone
    assert any("the exercise's own lines are gone" in p for p in problems), problems
    assert solution not in "\n".join(c.source for c in student.cells if c.cell_type == "code")


def test_student_generator_refuses_an_unterminated_block(tmp_path):
    nb = nbformat.read(str(PATHS[0]), as_version=4)
    cell = _exercise_cell(nb)
    cell.source = cell.source.replace("### END SOLUTION", "")
    broken = tmp_path / "src" / PATHS[0].name
    broken.parent.mkdir()
    nbformat.write(nb, str(broken))
    written, problems = kit.make_student.make_student([broken], tmp_path / "out")
    assert written == [] and not (tmp_path / "out" / broken.name).exists()
    assert any("no end solution" in p for p in problems), problems


def test_student_check_catches_outputs_and_kept_answers():
    original = nbformat.read(str(PATHS[0]), as_version=4)
    student = kit.make_student.student_version(original)
    code = [c for c in student.cells if c.cell_type == "code"]
    code[0].outputs = [nbformat.v4.new_output("stream", text="stale\n")]
    ex = _exercise_cell(original)
    idx = original.cells.index(ex)
    student.cells[idx].source += "\nanswer = 42"
    problems = kit.make_student.student_problems(original, student, "broken")
    assert any("outputs not cleared" in p for p in problems), problems
    assert any("still assigns the answer" in p for p in problems), problems


def test_not_answered_check_catches_an_answered_exercise():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(f"{STARTER}\nnb00.check_1(answer)")
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "✔ correct"}, execution_count=1)]
    nb.cells.append(cell)
    assert not_answered_problems(nb, "x") == ["x: cell 0 does not say 'not answered yet'"]


# ------------------------------------------------------------------ site
@pytest.fixture(scope="module")
def site(executed_students):
    run_dir, _ = executed_students
    missing = [n for n in NAMES if not (run_dir / n).exists()]
    assert not missing, f"student notebooks not executed: {missing}"
    out = run_dir.parent / "site"
    kit.build_site.build(out, [run_dir / n for n in NAMES], PATHS, flavour="Student version")
    return out


def test_site_has_a_page_per_notebook_and_an_index_in_order(site):
    pages = sorted(p.name for p in (site / "notebooks").glob("*.html"))
    assert pages == [f"{p.stem}.html" for p in PATHS]
    index = (site / "index.html").read_text(encoding="utf-8")
    positions = [index.index(f'href="notebooks/{p.stem}.html"') for p in PATHS]
    assert positions == sorted(positions), "index lists the notebooks out of order"
    for p in PATHS:
        assert html.escape(course.title(course.read_nb(p))) in index, p.name


def test_site_links_resolve_and_nothing_loads_from_the_network(site):
    assert kit.build_site.site_problems(site) == []
    for page in [site / "index.html", *(site / "notebooks").glob("*.html")]:
        text = page.read_text(encoding="utf-8")
        assert not REMOTE_ASSET.search(text), f"{page.name} loads something from the network"
        assert not [w for w in CDN_WORDS if w in text], page.name
        assert WIDGET_VIEW not in text and 'type="text/x-mathjax-config"' not in text, page.name
        hrefs = re.findall(r'<a\b[^>]*href="([^"]+)"', text)
        assert not [h for h in hrefs if ".ipynb" in h and not re.match(r"https?:", h)], (page.name, hrefs)
    if len(PATHS) > 1:
        start = (site / "notebooks" / f"{PATHS[0].stem}.html").read_text(encoding="utf-8")
        assert f'href="{PATHS[1].stem}.html"' in start


def test_site_shows_widgets_in_their_default_state_with_a_note(site, executed_students):
    run_dir, _ = executed_students
    seen = 0
    for name in NAMES:
        nb = nbformat.read(str(run_dir / name), as_version=4)
        widgets = sum(WIDGET_VIEW in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
        page = (site / "notebooks" / name.replace(".ipynb", ".html")).read_text(encoding="utf-8")
        assert page.count("smm-widget-note") >= widgets, name
        if widgets:
            seen += 1
            assert kit.build_common.WIDGET_NOTE in page and "smm-panel-static" in page, name
    assert seen, "no widget panel found in any notebook"


def test_site_check_catches_broken_links_and_cdn(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "a.html").write_text('<h2 id="here">x</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="notebooks/a.html#here">ok</a> <a href="notebooks/a.html#nowhere">bad anchor</a>'
        '<a href="notebooks/gone.html">gone</a> <a href="05_x.ipynb">ipynb</a>'
        '<script src="https://cdnjs.cloudflare.com/x.js"></script><img src="//cdn.example/y.png">'
        '<a href="https://example.org/">external page link is fine</a>', encoding="utf-8")
    problems = kit.build_site.site_problems(tmp_path)
    assert len(problems) == 5, problems
    assert any("#nowhere" in p for p in problems) and any("gone.html" in p for p in problems)
    assert any("05_x.ipynb" in p for p in problems)
    assert sum("from the network" in p for p in problems) == 2


def test_fresh_executed_copies_are_reused_and_stale_ones_are_not(tmp_path):
    src = tmp_path / "00_x.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    nbformat.write(nb, str(src))
    old, new, bad = (tmp_path / d for d in ("old", "new", "bad"))
    for folder in (old, new, bad):
        folder.mkdir()
        nbformat.write(nb, str(folder / src.name))
    err = nbformat.read(str(bad / src.name), as_version=4)
    err.cells[0].outputs = [nbformat.v4.new_output("error", ename="ValueError", evalue="x", traceback=[])]
    nbformat.write(err, str(bad / src.name))
    now = time.time()
    os.utime(src, (now - 100, now - 100))
    os.utime(old / src.name, (now - 200, now - 200))
    os.utime(new / src.name, (now - 10, now - 10))
    os.utime(bad / src.name, (now, now))
    assert kit.build_common.fresh_copy(src, [old, new, bad], now - 100) == new / src.name
    assert kit.build_common.fresh_copy(src, [old, bad], now - 100) is None


# ------------------------------------------------------------------ slides
def asset_problems(deck: Path) -> list[str]:
    """Scripts and stylesheets of a deck are local files that exist."""
    problems = []
    text = deck.read_text(encoding="utf-8")
    if REMOTE_ASSET.search(text):
        problems.append(f"{deck.name}: loads something from the network")
    for tag, url in re.findall(r"""<(script|link)\b[^>]*?\b(?:src|href)=["']([^"']+)["']""", text, re.I):
        if not (deck.parent / url.split("#")[0]).is_file():
            problems.append(f"{deck.name}: <{tag}> {url} is not a local file")
    return problems


def test_slides_use_the_local_reveal_js(executed_students, tmp_path):
    run_dir, _ = executed_students
    picks = [PATHS[0], *[p for p in PATHS[1:] if p.name.startswith("05")][:1]] or PATHS[:1]
    out = tmp_path / "slides"
    decks = kit.build_slides.build(out, [run_dir / p.name for p in picks], picks, PATHS)
    assert [d.name for d in decks] == [f"{p.stem}.slides.html" for p in picks]
    for deck in decks:
        text = deck.read_text(encoding="utf-8")
        assert asset_problems(deck) == []
        for path in ("reveal.js/dist/reveal.js", "reveal.js/dist/reveal.css", "reveal.js/dist/theme/white.css",
                     "reveal.js/plugin/notes/notes.js"):
            assert path in text and (out / path).is_file(), path
        assert not [w for w in CDN_WORDS if w in text], deck.name
        assert text.count("<section") > 3, "no slides made from the headings"
    assert (out / "reveal.js" / "LICENSE").is_file()


def test_slide_asset_check_catches_a_cdn_deck(tmp_path):
    deck = tmp_path / "x.slides.html"
    deck.write_text('<link rel="stylesheet" href="https://unpkg.com/reveal.js@4.0.2/dist/reveal.css">'
                    '<script src="reveal.js/dist/reveal.js"></script>', encoding="utf-8")
    problems = asset_problems(deck)
    assert any("network" in p for p in problems) and any("reveal.js/dist/reveal.js" in p for p in problems)


def test_default_slide_types():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title\ntext"),
        nbformat.v4.new_markdown_cell("more text"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_markdown_cell('<a id="concept"></a>\n## Section'),
        nbformat.v4.new_markdown_cell("### Detail"),
        nbformat.v4.new_markdown_cell("keep mine", metadata={"slideshow": {"slide_type": "notes"}}),
        nbformat.v4.new_markdown_cell("nav", metadata={"tags": [course.NAV_TAG]}),
    ])
    nb, _ = kit.build_slides.DefaultSlideTypes().preprocess(nb, {})
    assert [c.metadata["slideshow"]["slide_type"] for c in nb.cells] == [
        "slide", "fragment", "subslide", "slide", "subslide", "notes", "skip"]


def test_vendored_reveal_is_small_and_licensed():
    files = [p for p in (ROOT / "vendor" / "reveal.js").rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 1_500_000
    assert (ROOT / "vendor" / "reveal.js" / "LICENSE").is_file() and (ROOT / "vendor" / "katex" / "LICENSE").is_file()


# ------------------------------------------------------------------ Binder / JupyterHub (repo2docker)
def dockerfile_problems(dockerfile: str, log: str = "") -> list[str]:
    """The repo2docker build installs environment.yml with conda/mamba and runs postBuild."""
    problems = []
    if not re.search(r'env update -p \$\{NB_PYTHON_PREFIX\} --file "environment\.yml"', dockerfile):
        problems.append("the build does not install environment.yml")
    if "RUN ./postBuild" not in dockerfile:
        problems.append("the build does not run postBuild")
    if log and "Building conda environment for python=3.11" not in log:
        problems.append("repo2docker did not pick Python 3.11 from environment.yml")
    return problems


def _repo2docker(repo: Path) -> subprocess.CompletedProcess:
    require_tool(importlib.util.find_spec("repo2docker") is not None, "jupyter-repo2docker",
                 "Install the pinned tools (python3 tasks.py setup --dev).")
    return subprocess.run([sys.executable, "-m", "repo2docker", "--no-build", "--user-id", "1000",
                           "--user-name", "jovyan", "--debug", str(repo)],
                          capture_output=True, text=True, timeout=120)


def test_repo2docker_builds_from_environment_yml_and_postbuild():
    proc = _repo2docker(ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert dockerfile_problems(proc.stdout, proc.stderr) == []
    post = ROOT / "postBuild"
    assert os.access(post, os.X_OK), "postBuild must be executable"
    assert re.search(r"pip install .*--no-deps -e \.", post.read_text())


def test_repo2docker_check_catches_a_pip_only_repo(tmp_path):
    shutil.copy(ROOT / "requirements.txt", tmp_path / "requirements.txt")
    proc = _repo2docker(tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    problems = dockerfile_problems(proc.stdout, proc.stderr)
    assert "the build does not install environment.yml" in problems
    assert "the build does not run postBuild" in problems


# ------------------------------------------------------------------ accessibility (WCAG 2.1 AA)
# axe-core in headless chromium on every page of the course site and every slide deck,
# built from the offline run of the course (the notebooks as ``tasks.py site`` and
# ``tasks.py slides`` publish them, with worked solutions). The Voila apps are checked
# in test_browser_apps.py, the panels in JupyterLab in the browser notebook files.
@pytest.fixture(scope="module")
def axe_page(browser):
    from browser_support import AXE_HOW, AXE_JS, axe_available

    require_tool(axe_available(), f"axe-core ({AXE_JS})", AXE_HOW)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []

    def local_only(route):
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    yield page, blocked
    page.close()


@pytest.fixture(scope="module")
def course_site(course_runs):
    """The site of the course (solutions shown), built from the offline run."""
    run_dir = Path(course_runs["base"]) / "first"
    errors = {n: e["error"] for n, e in course_runs["reports"][0]["notebooks"].items() if e["error"]}
    assert not errors, errors
    out = run_dir.parent / "course-site"
    pages = kit.build_site.build(out, [run_dir / n for n in NAMES], PATHS)
    return out, pages


@pytest.fixture(scope="module")
def course_decks(course_runs):
    """Every slide deck of the course, built from the offline run."""
    run_dir = Path(course_runs["base"]) / "first"
    out = run_dir.parent / "course-slides"
    return out, kit.build_slides.build(out, [run_dir / n for n in NAMES], PATHS)


def test_every_site_page_meets_wcag_aa(course_site, axe_page):
    from browser_support import axe_report, axe_violations

    page, blocked = axe_page
    out, pages = course_site
    assert len(pages) >= len(PATHS) + 1
    report, h1s = [], {}
    for path in pages:
        page.goto(path.resolve().as_uri(), wait_until="load")
        report.append(axe_report(str(path.relative_to(out)), axe_violations(page)))
        h1s[path.name] = page.locator("h1").count()
    report = "\n".join(r for r in report if r)
    assert report == "", f"axe-core (WCAG 2.1 A/AA and structure) found violations:\n{report}"
    assert {name: n for name, n in h1s.items() if n != 1} == {}, "every page has exactly one h1"
    assert blocked == [], f"the site asked the network for {blocked}"


def test_every_figure_on_the_site_says_what_it_shows(course_site):
    """Each chart (notebook figures and panels' default state) is an image whose alt text
    names it, with the description and the numbers under it; nbconvert's placeholder
    "No description has been provided for this image" appears nowhere."""
    out, pages = course_site
    figures = 0
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "No description has been provided" not in text, path.name
        for alt in re.findall(r"<img\b[^>]*\balt=(?:'([^']*)'|\"([^\"]*)\")", text):
            alt = html.unescape(alt[0] or alt[1])
            assert re.match(r"(Bar|Horizontal bar|Line|Scatter)? ?[Cc]hart\b", alt), (path.name, alt)
        images = len(re.findall(r"<img\b[^>]*src=['\"]data:image/svg\+xml", text))
        details = len(re.findall(r"<details class=['\"]smm-figure-text['\"]>", text))
        assert images == details, f"{path.name}: {images} charts, {details} descriptions"
        assert images == len(re.findall(r"<img\b(?=[^>]*\balt=['\"]\w)[^>]*src=['\"]data:image/svg\+xml", text)), path.name
        figures += images
    assert figures >= 40, f"only {figures} charts on the site"


def test_every_slide_deck_meets_wcag_aa(course_decks, axe_page):
    from browser_support import axe_report, axe_violations, deck_violations

    page, blocked = axe_page
    out, decks = course_decks
    assert [d.name for d in decks] == [f"{p.stem}.slides.html" for p in PATHS]
    report = []
    for i, deck in enumerate(decks):
        # reveal.js's own frame (controls, progress bar) is the same in every deck: checked once
        slides, violations = deck_violations(page, deck, presented=i == 0)
        assert slides > 3, f"{deck.name}: reveal.js laid out {slides} slides"
        report.append(axe_report(deck.name, violations))
    page.goto((out / "index.html").resolve().as_uri(), wait_until="load")
    report.append(axe_report("index.html", axe_violations(page)))
    report = "\n".join(r for r in report if r)
    assert report == "", f"axe-core (WCAG 2.1 A/AA) found violations in the slides:\n{report}"
    assert blocked == [], f"the slides asked the network for {blocked}"


def test_axe_check_finds_what_the_course_fixed(axe_page, tmp_path):
    """The check fails on the problems the site once had: grey prompts, pale code
    comments on grey, a link told apart by colour only; and on a page without a main
    landmark whose headings skip a level."""
    from browser_support import axe_report, axe_violations

    page, _ = axe_page
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>bad</title><style>a{color:#0d47a1;text-decoration:none}'
        '</style></head><body><h1>One</h1><div style="color:#b0b0b0">In [1]:</div>'
        '<pre style="background:#f5f5f5"><span style="color:#408080">a comment</span></pre>'
        '<p style="color:rgba(0,0,0,.87)">The course keeps the plan as data, with the data set that serves each '
        'step; <a href="x.html">notebook 04</a> takes steps 5 and 6.</p><h1>Two</h1><h4>Deep</h4>'
        '</body></html>', encoding="utf-8")
    page.goto(bad.resolve().as_uri(), wait_until="load")
    found = {v["id"] for v in axe_violations(page)}
    assert {"color-contrast", "link-in-text-block", "landmark-one-main", "region", "heading-order"} <= found, (
        axe_report("bad.html", axe_violations(page)))
