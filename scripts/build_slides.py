#!/usr/bin/env python3
"""Render every notebook as a reveal.js slide deck into output/slides/ (works offline).

    python3 tasks.py slides                      every notebook -> output/slides/NN_slug.slides.html
    python3 tasks.py slides -- 05_viral          only notebooks whose name contains the text
    python3 tasks.py slides -- --student         decks of the student versions (exercises unanswered)
    python3 tasks.py slides -- --executed DIR    use the executed notebooks in DIR as they are

Decks show the executed notebooks (reused from output/executed/ or output/site-build/
when newer than their sources, otherwise run with papermill, as for the site).
nbconvert's ``SlidesExporter`` renders them with the ``smm_reveal`` template
(scripts/templates/) and ``reveal_url_prefix = "reveal.js"``: the script copies the
vendored reveal.js (vendor/reveal.js/) next to the decks, so nothing comes from a CDN.

Nobody has to edit the notebooks for slides: :class:`DefaultSlideTypes` gives every
cell a slide type unless the cell already has one (View > Cell toolbar > Slideshow in
the classic notebook, or the property inspector in JupyterLab):

* a Markdown cell that starts with a ``#`` or ``##`` heading starts a new slide,
  a ``###`` (or deeper) heading a new sub-slide (down arrow);
* a code cell (with its output) gets its own sub-slide;
* other Markdown cells appear as fragments (one click each) after Markdown, or as a
  sub-slide after code; the generated navigation line is skipped.

Open a deck in a browser: arrows move, ``Esc`` shows the overview, ``S`` opens the
speaker view, ``F`` goes full screen. Slides taller than the screen scroll.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

from build_common import (
    A11Y_CSS,
    KATEX,
    STATIC_PRIORITY,
    TEMPLATES,
    StaticWidgets,
    gather_executed,
    report_problems,
    rewrite_links,
    uses_math,
)
import course
from utils.shared.config import OUTPUT_DIR, ROOT

DEFAULT_OUT = OUTPUT_DIR / "slides"
DEFAULT_BUILD = OUTPUT_DIR / "site-build"
REVEAL = ROOT / "vendor" / "reveal.js"
REVEAL_PREFIX = "reveal.js"
THEME = "white"

_LEAD = re.compile(r"^(\s*(<!--.*?-->|<a\s[^>]*>\s*</a>)\s*)*", re.S)


def heading_level(markdown: str) -> int:
    """Level of the heading a Markdown cell starts with (after anchors/comments), 0 if none."""
    text = _LEAD.sub("", markdown, count=1).lstrip()
    m = re.match(r"(#{1,6})\s", text)
    return len(m.group(1)) if m else 0


class DefaultSlideTypes(Preprocessor):
    """Give each cell a reveal.js slide type unless it already has one."""

    def preprocess(self, nb, resources):
        previous = None  # cell type of the previous visible cell
        for cell in nb.cells:
            show = cell.metadata.setdefault("slideshow", {})
            if course.NAV_TAG in cell.metadata.get("tags", []):
                show.setdefault("slide_type", "skip")
            if "slide_type" not in show:
                if cell.cell_type == "markdown":
                    level = heading_level(cell.source)
                    if level in (1, 2):
                        show["slide_type"] = "slide"
                    elif level >= 3:
                        show["slide_type"] = "subslide"
                    else:
                        show["slide_type"] = "fragment" if previous == "markdown" else "subslide"
                else:
                    show["slide_type"] = "subslide"
            if show["slide_type"] not in ("skip", "notes"):
                previous = cell.cell_type
        return nb, resources


def slides_exporter() -> SlidesExporter:
    c = Config()
    c.SlidesExporter.template_name = "smm_reveal"
    c.SlidesExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.SlidesExporter.reveal_url_prefix = REVEAL_PREFIX
    c.SlidesExporter.reveal_theme = THEME
    c.SlidesExporter.reveal_scroll = True
    c.SlidesExporter.preprocessors = [StaticWidgets, DefaultSlideTypes]
    c.NbConvertBase.display_data_priority = STATIC_PRIORITY
    for trait in ("require_js_url", "mathjax_url", "mermaid_js_url", "mermaid_layout_elk_js_url",
                  "jquery_url", "widget_renderer_url", "jupyter_widgets_base_url"):
        setattr(c.SlidesExporter, trait, "")
    return SlidesExporter(config=c)


def copy_assets(out: Path, math: bool) -> None:
    """Copy the vendored reveal.js (and KaTeX when a deck has formulas) next to the decks."""
    ignore = shutil.ignore_patterns("README.md")
    shutil.rmtree(out / REVEAL_PREFIX, ignore_errors=True)
    shutil.copytree(REVEAL, out / REVEAL_PREFIX, ignore=ignore)
    if math:
        shutil.rmtree(out / "katex", ignore_errors=True)
        shutil.copytree(KATEX, out / "katex", ignore=ignore)


def build(out: Path, executed: list[Path], sources: list[Path], every: list[Path] | None = None) -> list[Path]:
    """Write one deck per executed notebook into ``out``; return the decks."""
    exporter = slides_exporter()
    out.mkdir(parents=True, exist_ok=True)
    known = {p.stem for p in sources}
    decks, any_math = [], False
    for src, run in zip(sources, executed):
        nb = nbformat.read(str(run), as_version=4)
        nb.metadata["title"] = course.title(course.read_nb(src))
        math = uses_math(nb)
        any_math = any_math or math
        body, _ = exporter.from_notebook_node(
            nb, resources={"metadata": {"name": src.stem},
                           "smm": {"math": math, "katex": "katex", "a11y_css": A11Y_CSS}})
        body = rewrite_links(body, known, suffix=".slides.html")
        dest = out / f"{src.stem}.slides.html"
        dest.write_text(body, encoding="utf-8")
        decks.append(dest)
    copy_assets(out, any_math)
    _write_index(out, every or sources)
    return decks


def _write_index(out: Path, sources: list[Path]) -> None:
    items = []
    for p in sources:
        deck = out / f"{p.stem}.slides.html"
        if deck.exists():
            title = course.title(course.read_nb(p))
            items.append(f'<li><a href="{deck.name}">{html.escape(p.name[:2])} · {html.escape(title)}</a></li>')
    (out / "index.html").write_text(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>SMM Lab slides</title></head>"
        "<body style=\"font:16px/1.5 system-ui,sans-serif;max-width:800px;margin:2em auto\">"
        "<main><h1>SMM Lab: slide decks</h1><p>Arrows move, <kbd>Esc</kbd> shows the overview, "
        "<kbd>S</kbd> opens the speaker view, <kbd>F</kbd> goes full screen.</p>"
        f"<ul>{''.join(items)}</ul></main></body></html>\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("match", nargs="*", help="only notebooks whose file name contains this text")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output folder")
    parser.add_argument("--build-dir", default=None, help="where notebooks are executed (default output/site-build)")
    parser.add_argument("--executed", default=None, help="use the executed notebooks in this folder as they are")
    parser.add_argument("--student", action="store_true", help="decks of the student versions")
    parser.add_argument("--no-reuse", action="store_true", help="execute every notebook even if a fresh copy exists")
    args = parser.parse_args([a for a in argv if a != "--"])
    every = course.list_notebooks()
    sources = [p for p in every if not args.match or any(m in p.name for m in args.match)]
    if not sources:
        print("no notebooks matched", file=sys.stderr)
        return 1
    executed, problems = gather_executed(sources, executed_dir=args.executed, build_dir=args.build_dir,
                                         default_build=DEFAULT_BUILD, student=args.student, no_reuse=args.no_reuse)
    if executed is None:
        return 1
    out = Path(args.out)
    for deck in build(out, executed, sources, every):
        print(f"wrote {deck}")
    print(f"reveal.js {REVEAL_PREFIX}/ copied next to the decks; open {out / 'index.html'}")
    return report_problems(problems)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
