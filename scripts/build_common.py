"""Shared pieces of ``build_site.py`` and ``build_slides.py``.

* :func:`executed_notebooks` finds an executed copy of every notebook that is newer
  than its sources (the notebook, ``utils/`` and ``data/``) and has no error, or runs
  the notebook with papermill (defaults) into a build folder;
* :class:`StaticWidgets` turns every widget output into its static fallback
  (the ``text/html`` a :class:`utils.shared.widgets.Panel` carries) plus a short note, and
  drops the saved widget state, so no page needs widget JavaScript or a CDN;
* :func:`rewrite_links` points links to other notebooks (``NN_x.ipynb#anchor``) at
  their HTML pages;
* :func:`gather_executed`, :func:`uses_math` and :func:`report_problems` are the
  command-line steps both scripts (and ``make_student.py``) share;
* :data:`A11Y_CSS` is the stylesheet both add on top of JupyterLab's, so pages and
  slides meet WCAG 2.1 AA contrast and show links without relying on colour.
"""

from __future__ import annotations

import html
import re
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

import nbformat
from nbconvert.preprocessors import Preprocessor

import course
from utils.shared.config import OUTPUT_DIR, ROOT

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = "Interactive widgets are shown in their default state; run the notebook in JupyterLab to use them."
TEMPLATES = Path(__file__).resolve().parent / "templates"
EXECUTED_DIRS = (OUTPUT_DIR / "executed", OUTPUT_DIR / "site-build")

# Data priority for static pages: the HTML fallback wins over the widget view.
STATIC_PRIORITY = ["text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg",
                   "text/latex", "text/plain"]

KATEX = ROOT / "vendor" / "katex"
#: Contrast and links for the site and the slides (WCAG 2.1 AA; checked with axe-core by
#: tests/test_accessibility.py). JupyterLab's light theme draws inactive prompts ("In [3]:")
#: grey at half opacity (2.2:1 on white) and several code colours below 4.5:1 on the code
#: cells' grey (#f5f5f5): comments #408080 4.2:1, numbers #080 4.3:1, operators #a2f 4.4:1.
#: The same hues, darkened to at least 4.5:1 on #f5f5f5 (ratios in the comments), replace
#: them; links in text are underlined, so they are not told apart by colour alone (1.4.1).
A11Y_CSS = """\
:root {
  --jp-cell-prompt-not-active-opacity: 1;
  --jp-cell-prompt-not-active-font-color: #616161;  /* 6.2:1 on white */
  --jp-cell-inprompt-font-color: #1f6aa8;           /* 5.7:1 */
  --jp-cell-outprompt-font-color: #a8482b;          /* 5.8:1 */
  --jp-mirror-editor-comment-color: #3b7575;        /* 4.8:1 on #f5f5f5 */
  --jp-mirror-editor-number-color: #007a00;         /* 5.1:1 */
  --jp-mirror-editor-operator-color: #9018e0;       /* 5.7:1 */
  --jp-mirror-editor-meta-color: #9018e0;           /* 5.7:1 */
  --jp-mirror-editor-atom-color: #4848c8;           /* 6.3:1 */
  --jp-mirror-editor-variable-3-color: #007a3a;     /* 5.0:1 */
  --jp-mirror-editor-bracket-color: #6a6a3a;        /* 5.2:1 */
  --jp-mirror-editor-quote-color: #007a00;          /* 5.1:1 */
  --jp-mirror-editor-error-color: #d00000;          /* 5.2:1 */
}
.jp-RenderedHTMLCommon a:link, .jp-RenderedHTMLCommon a:visited, .smm-index a:link, .smm-index a:visited,
.smm-doc a:link, .smm-doc a:visited { text-decoration: underline; }
.jp-RenderedHTMLCommon a:hover, .jp-RenderedHTMLCommon a:focus { text-decoration: underline; text-decoration-thickness: 2px; }
"""

_MATH = re.compile(r"\$[^$\s]|\\\(|\\\[")
_NB_HREF = re.compile(r"""(href=["'])(\d\d_[^"'/#?]+)\.ipynb((?:#[^"']*)?["'])""")


# ------------------------------------------------------------------ executed notebooks
def sources_mtime(path: Path, root: Path = ROOT) -> float:
    """Newest modification time of the notebook and everything it runs on (utils, data)."""
    newest = path.stat().st_mtime
    for folder, pattern in ((root / "utils", "*.py"), (root / "data", "*")):
        for f in folder.rglob(pattern):
            if f.is_file():
                newest = max(newest, f.stat().st_mtime)
    return newest


def errors(nb: dict) -> list[str]:
    """Error outputs of an executed notebook."""
    return [f"{o.get('ename')}: {o.get('evalue')}" for c in nb.get("cells", []) for o in c.get("outputs", [])
            if o.get("output_type") == "error"]


def fresh_copy(path: Path, candidates: Iterable[Path], newer_than: float) -> Path | None:
    """The newest executed copy of ``path`` in ``candidates`` that is newer than ``newer_than``,
    was run to the end and shows no error; ``None`` if there is none."""
    best: Path | None = None
    for folder in candidates:
        copy = Path(folder) / path.name
        if not copy.exists() or copy.stat().st_mtime <= newer_than:
            continue
        try:
            nb = nbformat.read(str(copy), as_version=4)
        except Exception:
            continue
        if errors(nb) or len(nb.cells) != len(nbformat.read(str(path), as_version=4).cells):
            continue
        if nb.metadata.get("papermill", {}).get("parameters"):
            continue  # run with other parameters than the defaults (tasks.py run -p ...)
        if best is None or copy.stat().st_mtime > best.stat().st_mtime:
            best = copy
    return best


def execute(path: Path, target: Path, cwd: Path) -> list[str]:
    """Run ``path`` with papermill (default parameters) into ``target``; return its errors."""
    import papermill as pm

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        course.execute(path, target, cwd=cwd)
    except pm.PapermillExecutionError as exc:
        return [f"{exc.ename}: {exc.evalue}"]
    return errors(nbformat.read(str(target), as_version=4))


def executed_notebooks(
    paths: list[Path],
    build_dir: Path,
    *,
    reuse: Iterable[Path] = EXECUTED_DIRS,
    prepare: Callable[[Path, Path], Path] | None = None,
    say: Callable[[str], None] = print,
) -> tuple[list[Path], list[str]]:
    """An executed copy of each notebook, reused when fresh, else run into ``build_dir``.

    ``prepare(path, build_dir)`` may write a transformed copy to run instead (student
    versions); it then must be newer than the sources to be reused. Returns
    (executed paths in course order, problems).
    """
    out, problems = [], []
    reuse = [Path(r) for r in reuse] + [build_dir]
    for path in paths:
        newer_than = sources_mtime(path)
        # A transformed run (student version) can only be reused from its own build folder.
        copy = fresh_copy(path, [build_dir] if prepare else reuse, newer_than)
        if copy is not None:
            say(f"{path.name:<40} reusing {copy.relative_to(ROOT) if copy.is_relative_to(ROOT) else copy}")
            out.append(copy)
            continue
        source = prepare(path, build_dir / "source") if prepare else path
        start = time.perf_counter()
        found = execute(source, build_dir / path.name, cwd=path.parent)
        say(f"{path.name:<40} executed in {time.perf_counter() - start:4.1f} s" + (f"  ERROR {found[0]}" if found else ""))
        problems += [f"{path.name}: {e}" for e in found]
        out.append(build_dir / path.name)
    return out, problems


# ------------------------------------------------------------------ static widgets
def note_html() -> str:
    return f'<p class="smm-widget-note"><em>{html.escape(WIDGET_NOTE)}</em></p>'


class StaticWidgets(Preprocessor):
    """Replace widget views by their static HTML fallback plus a note; drop widget state."""

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)
        count = 0
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if WIDGET_VIEW not in data:
                    continue
                count += 1
                data.pop(WIDGET_VIEW)
                fallback = data.get("text/html", "")
                if isinstance(fallback, list):
                    fallback = "".join(fallback)
                data["text/html"] = (fallback or "") + note_html()
                data.pop("text/plain", None)  # "Panel(children=...)" says nothing to a reader
        resources.setdefault("smm", {})["widgets"] = count
        return nb, resources


# ------------------------------------------------------------------ links
def rewrite_links(page: str, known: set[str], suffix: str = ".html") -> str:
    """``href="NN_x.ipynb#a"`` -> ``href="NN_x{suffix}#a"`` for notebooks in ``known`` (stems)."""

    def sub(m: re.Match) -> str:
        stem = m.group(2)
        if stem not in known:
            return m.group(0)
        return f"{m.group(1)}{stem}{suffix}{m.group(3)}"

    return _NB_HREF.sub(sub, page)


# ------------------------------------------------------------------ shared command-line steps
def uses_math(nb) -> bool:
    """True if a markdown cell holds a formula ($...$, $$...$$, \\( \\), \\[ \\])."""
    return any(c.cell_type == "markdown" and _MATH.search(c.source) for c in nb.cells)


def student_prepare(path: Path, folder: Path) -> Path:
    """Write the student version of ``path`` into ``folder`` (for ``--student`` builds)."""
    from make_student import student_version

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    nbformat.write(student_version(nbformat.read(str(path), as_version=4)), str(target))
    return target


def gather_executed(sources: list[Path], *, executed_dir: str | None, build_dir: str | None,
                    default_build: Path, student: bool, no_reuse: bool) -> tuple[list[Path] | None, list[str]]:
    """The executed copy of every source notebook, and the problems met.

    With ``executed_dir`` the copies there are used as they are (``None`` and a
    message if some are missing); otherwise fresh copies are reused or the
    notebooks are run (student versions when ``student``) into the build folder.
    """
    if executed_dir:
        executed = [Path(executed_dir) / p.name for p in sources]
        missing = [p.name for p in executed if not p.exists()]
        if missing:
            print(f"not in {executed_dir}: {', '.join(missing)}", file=sys.stderr)
            return None, []
        return executed, []
    folder = Path(build_dir) if build_dir else default_build / ("student" if student else "")
    return executed_notebooks(sources, folder, reuse=() if (no_reuse or student) else EXECUTED_DIRS,
                              prepare=student_prepare if student else None)


def report_problems(problems: list[str], heading: str = "PROBLEMS:") -> int:
    """Print the problems (if any) on stderr; the command's exit code."""
    if not problems:
        return 0
    print(f"\n{heading}", file=sys.stderr)
    for p in problems:
        print(f"  - {p}", file=sys.stderr)
    return 1
