#!/usr/bin/env python3
"""Build a static website of the executed course into output/site/ (works offline).

    python3 tasks.py site                        the course with worked solutions
    python3 tasks.py site -- --student           the student versions (exercises unanswered)
    python3 tasks.py site -- --executed DIR      use the executed notebooks in DIR as they are
    python3 tasks.py site -- --out DIR           write the site somewhere else

Every notebook is executed with papermill (default parameters) into
output/site-build/, unless an executed copy in output/executed/ (``tasks.py run``)
or output/site-build/ is newer than the notebook, ``utils/`` and ``data/`` and
shows no error: then it is reused. Each notebook becomes ``notebooks/NN_slug.html``
(nbconvert, the ``smm_site`` template in scripts/templates/), with:

* widget panels in their default state (their ``text/html`` fallback) and the note
  "Interactive widgets are shown in their default state; ...";
* no script, stylesheet, font or image from the network: no require.js, MathJax,
  mermaid or widget manager, one shared local stylesheet in ``static/``;
* links to other notebooks (``NN_x.ipynb#anchor``) pointing at their pages, and
  other linked course files (``../data/README.md``...) rendered or copied along.

``index.html`` lists the notebooks in order with their titles and times. The build
checks itself (every internal link resolves, no remote URL) and exits with status 1
on any problem. Publish the folder as it is (any static host, GitHub Pages, a USB stick).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from traitlets.config import Config

from build_common import (
    A11Y_CSS,
    KATEX,
    STATIC_PRIORITY,
    TEMPLATES,
    WIDGET_NOTE,
    StaticWidgets,
    gather_executed,
    report_problems,
    uses_math,
)
import course
from utils.shared.config import OUTPUT_DIR, ROOT

DEFAULT_OUT = OUTPUT_DIR / "site"
DEFAULT_BUILD = OUTPUT_DIR / "site-build"
LICENCE = "Course text CC BY 4.0, code MIT. All course data are synthetic (the social-media-user figures cite their source)."

SITE_CSS = """\
/* SMM Lab course site: the few rules on top of JupyterLab's notebook styles. */
body, body.jp-Notebook { margin: 0; padding: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 8px 16px 32px; }
a.anchor-link { display: none; }
.jp-InputArea, .jp-InputArea-editor { overflow: hidden; }
.jp-Collapser { display: none; }
.jp-RenderedText pre { color: var(--jp-content-font-color1); font-size: var(--jp-code-font-size); }
.smm-site-header { position: sticky; top: 0; z-index: 10; background: #0b3d5c; color: #fff;
  padding: 8px 16px; font: 15px/1.4 system-ui, sans-serif; }
.smm-site-header a { color: #fff; text-decoration: none; }
.smm-site-header a:hover { text-decoration: underline; }
.smm-site-header .smm-home { font-weight: bold; }
.smm-sep { margin: 0 8px; opacity: .6; }
.smm-flavour { display: inline-block; margin-left: 16px; background: #E69F00; color: #000; padding: 0 8px; border-radius: 3px; }
.smm-site-note, .smm-widget-note { border-left: 4px solid #56B4E9; background: #eef7fc; padding: 6px 12px;
  margin: 8px 0; font: 14px/1.4 system-ui, sans-serif; }
.smm-site-footer { color: #555; font: 13px/1.4 system-ui, sans-serif; border-top: 1px solid #ddd;
  margin-top: 32px; padding-top: 8px; }
.smm-index { font: 16px/1.5 system-ui, sans-serif; color: #222; }
.smm-index h1 { font-size: 28px; }
.smm-index ol { padding-left: 0; list-style: none; }
.smm-index li { margin: 6px 0; padding: 8px 12px; border: 1px solid #ddd; border-radius: 4px; }
.smm-index li .num { display: inline-block; width: 2.2em; color: #0072B2; font-weight: bold; }
.smm-index li .time { color: #555; float: right; }
.smm-doc { font: 16px/1.5 system-ui, sans-serif; }
.smm-doc table { border-collapse: collapse; }
.smm-doc td, .smm-doc th { border: 1px solid #ccc; padding: 2px 8px; }
"""

MATH_JS = """\
// Render the notebooks' $...$ / $$...$$ formulas with the local KaTeX copy (as JupyterLab does with MathJax).
document.addEventListener("DOMContentLoaded", function () {
  if (!window.renderMathInElement) { return; }
  document.querySelectorAll(".jp-RenderedMarkdown, .jp-RenderedLatex").forEach(function (el) {
    window.renderMathInElement(el, {
      delimiters: [
        {left: "$$", right: "$$", display: true},
        {left: "$", right: "$", display: false},
        {left: "\\\\(", right: "\\\\)", display: false},
        {left: "\\\\[", right: "\\\\]", display: true}
      ],
      throwOnError: false
    });
  });
});
"""


# ------------------------------------------------------------------ exporter
def site_exporter() -> HTMLExporter:
    c = Config()
    c.HTMLExporter.template_name = "smm_site"
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.HTMLExporter.preprocessors = [StaticWidgets]
    # The widget view is dropped by StaticWidgets; the priority makes the HTML fallback win anyway.
    c.NbConvertBase.display_data_priority = STATIC_PRIORITY
    # Never point at a CDN, even if a template block were to use these.
    for trait in ("require_js_url", "mathjax_url", "mermaid_js_url", "mermaid_layout_elk_js_url",
                  "jquery_url", "widget_renderer_url", "jupyter_widgets_base_url"):
        setattr(c.HTMLExporter, trait, "")
    return HTMLExporter(config=c)


def lab_css(exporter: HTMLExporter) -> str:
    """JupyterLab's notebook stylesheet (light theme), written once to static/ instead of inlined."""
    env = exporter.environment
    parts = [env.loader.get_source(env, name)[0] for name in ("static/index.css", "static/theme-light.css")]
    return "\n".join(parts)


# ------------------------------------------------------------------ links
_A_HREF = re.compile(r"""(<a\b[^>]*?\bhref=)(["'])(.*?)\2""", re.S | re.I)


class _Site:
    """Maps course files to site pages and renders/copies linked files."""

    def __init__(self, out: Path, notebooks: list[Path], root: Path = ROOT) -> None:
        self.out, self.root = out, root
        self.pages = {p.resolve(): out / "notebooks" / f"{p.stem}.html" for p in notebooks}
        self.queue: list[Path] = []
        self.done: set[Path] = set()

    def target(self, path: Path) -> Path | None:
        path = path.resolve()
        if path in self.pages:
            return self.pages[path]
        if not path.is_file() or not path.is_relative_to(self.root) or path.suffix == ".ipynb":
            return None
        rel = path.relative_to(self.root)
        if path.suffix.lower() == ".md":
            if path not in self.done:
                self.done.add(path)
                self.queue.append(path)
            return self.out / rel.with_suffix(".html")
        dest = self.out / rel
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
        return dest

    def fix_links(self, page: str, source: Path, dest: Path) -> str:
        def sub(m: re.Match) -> str:
            href = m.group(3)
            if not href or href.startswith("#") or re.match(r"^[a-z][a-z0-9+.-]*:|^//", href, re.I):
                return m.group(0)
            target, _, frag = href.partition("#")
            new = self.target(source.parent / unquote(target))
            if new is None:
                return m.group(0)
            rel = os.path.relpath(new, dest.parent).replace(os.sep, "/")
            return f"{m.group(1)}{m.group(2)}{rel}{'#' + frag if frag else ''}{m.group(2)}"

        return _A_HREF.sub(sub, page)

    def render_queued(self, css_href_for) -> list[Path]:
        written = []
        while self.queue:
            md = self.queue.pop(0)
            dest = self.out / md.relative_to(self.root).with_suffix(".html")
            body = _no_remote_images(markdown2html_mistune(md.read_text(encoding="utf-8")))
            page = _doc_page(md.relative_to(self.root).as_posix(), body, css_href_for(dest),
                             os.path.relpath(self.out / "index.html", dest.parent))
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(self.fix_links(page, md, dest), encoding="utf-8")
            written.append(dest)
        return written


_REMOTE_IMG = re.compile(r"""<img\b[^>]*\bsrc=["'](?:https?:)?//[^>]*>""", re.I)
_ALT = re.compile(r"""\balt=["']([^"']*)["']""", re.I)


def _no_remote_images(body: str) -> str:
    """Badges and other remote images in a rendered Markdown file become their alt text (no request)."""
    def sub(m: re.Match) -> str:
        alt = _ALT.search(m.group(0))
        return f'<span class="smm-remote-image">[{alt.group(1) if alt else "image"}]</span>'

    return _REMOTE_IMG.sub(sub, body)


def _doc_page(title: str, body: str, css_href: str, index_href: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">'
            f"<title>{html.escape(title)} · SMM Lab</title>"
            f'<link rel="stylesheet" href="{css_href}"></head><body>'
            f'<header class="smm-site-header"><a class="smm-home" href="{index_href}">SMM Lab</a>'
            f'<span class="smm-sep">·</span>{html.escape(title)}</header>'
            f'<main class="smm-doc">{body}</main></body></html>\n')


# ------------------------------------------------------------------ index
def index_page(entries: list[dict], flavour: str, built: str) -> str:
    items = "\n".join(
        f'<li><span class="num">{html.escape(e["num"])}</span>'
        f'<a href="notebooks/{html.escape(e["stem"])}.html">{html.escape(e["title"])}</a>'
        + (f'<span class="time">about {e["minutes"]} min</span>' if e.get("minutes") else "") + "</li>"
        for e in entries
    )
    flavour_note = f"<p><strong>{html.escape(flavour)}</strong></p>" if flavour else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>SMM Lab: social media marketing, hands-on</title>
<link rel="stylesheet" href="static/smm-site.css">
</head>
<body>
<header class="smm-site-header"><a class="smm-home" href="index.html">SMM Lab</a><span class="smm-sep">·</span>course site</header>
<main class="smm-index">
<h1 id="smm-lab">SMM Lab: social media marketing, hands-on</h1>
<p>An open Jupyter course that teaches social media marketing by doing. Each page below is a notebook of the
course, executed with its default parameters. The data describe <em>Brightleaf</em>, a fictional tea brand, and
three fictional competitors; all course data are synthetic.</p>
{flavour_note}
<p class="smm-site-note">{html.escape(WIDGET_NOTE)}</p>
<h2 id="notebooks">The notebooks, in order</h2>
<ol>
{items}
</ol>
<footer class="smm-site-footer">Built {html.escape(built)}. {html.escape(LICENCE)}</footer>
</main>
</body>
</html>
"""


# ------------------------------------------------------------------ checks
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"id", "name"} and value and (name == "id" or tag == "a"):
                self.ids.add(value)
            if name in {"href", "src"} and value is not None:
                self.links.append((tag, name, value))


def _parse(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


REMOTE_TAGS = {"script", "link", "img", "iframe", "source", "video", "audio", "embed", "object"}


def site_problems(site: Path) -> list[str]:
    """Every internal link resolves (file and #anchor); no page loads anything from the network."""
    problems: list[str] = []
    parsed: dict[Path, _Tags] = {}

    def get(path: Path) -> _Tags:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site)
        for tag, attr, value in get(page).links:
            remote = re.match(r"^(https?:)?//", value, re.I)
            if remote:
                if tag in REMOTE_TAGS:
                    problems.append(f"{rel}: <{tag} {attr}> loads {value} from the network")
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I):  # data:, mailto:
                continue
            target, _, frag = value.partition("#")
            path = (page.parent / unquote(target)).resolve() if target else page
            if not path.exists():
                problems.append(f"{rel}: link to missing file {value!r}")
                continue
            if not path.is_relative_to(site.resolve()):
                problems.append(f"{rel}: link {value!r} leaves the site folder")
                continue
            ids = get(path).ids if frag and path.suffix == ".html" else set()
            # A browser matches the fragment as written, then percent-decoded (nbconvert's ids
            # keep percent-escapes such as %22).
            if frag and path.suffix == ".html" and frag not in ids and unquote(frag) not in ids:
                problems.append(f"{rel}: link to missing anchor {value!r}")
    return problems


# ------------------------------------------------------------------ build
def build(out: Path, executed: list[Path], sources: list[Path], flavour: str = "") -> list[Path]:
    """Export the executed notebooks to ``out``; return the pages written."""
    exporter = site_exporter()
    if out.exists() and any(out.iterdir()) and not (out / "static" / "smm-site.css").exists():
        raise SystemExit(f"{out} is not empty and is not a course site: choose another --out folder")
    shutil.rmtree(out, ignore_errors=True)
    (out / "static").mkdir(parents=True)
    (out / "static" / "smm-site.css").write_text(SITE_CSS + A11Y_CSS, encoding="utf-8")
    (out / "static" / "jupyterlab.css").write_text(lab_css(exporter), encoding="utf-8")
    site = _Site(out, sources)
    titles = [course.title(course.read_nb(p)) for p in sources]
    written, entries = [], []
    any_math = False
    built = dt.date.today().isoformat()
    for i, (src, run) in enumerate(zip(sources, executed)):
        nb = nbformat.read(str(run), as_version=4)
        nb.metadata["title"] = titles[i]
        dest = out / "notebooks" / f"{src.stem}.html"
        math = uses_math(nb)
        any_math = any_math or math
        smm = {
            "static": "../static",
            "math": math,
            "index_href": "../index.html",
            "prev": (f"{sources[i - 1].stem}.html", titles[i - 1]) if i > 0 else None,
            "next": (f"{sources[i + 1].stem}.html", titles[i + 1]) if i + 1 < len(sources) else None,
            "flavour": flavour,
            "widget_note": WIDGET_NOTE,
            "footer": f"Built {built} from {src.name}. {LICENCE}",
        }
        body, _ = exporter.from_notebook_node(nb, resources={"smm": smm, "metadata": {"name": src.stem}})
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(site.fix_links(body, src, dest), encoding="utf-8")
        written.append(dest)
        entries.append({"num": src.name[:2], "stem": src.stem, "title": titles[i],
                        "minutes": nb.metadata.get("smm", {}).get("minutes")})
    if any_math:
        shutil.copytree(KATEX, out / "static" / "katex", ignore=shutil.ignore_patterns("README.md"))
        (out / "static" / "smm-math.js").write_text(MATH_JS, encoding="utf-8")
    written += site.render_queued(lambda d: os.path.relpath(out / "static" / "smm-site.css", d.parent))
    (out / "index.html").write_text(index_page(entries, flavour, built), encoding="utf-8")
    return [out / "index.html", *written]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="site folder (replaced)")
    parser.add_argument("--build-dir", default=None, help="where notebooks are executed (default output/site-build)")
    parser.add_argument("--executed", default=None, help="use the executed notebooks in this folder as they are")
    parser.add_argument("--student", action="store_true", help="build the site of the student versions")
    parser.add_argument("--no-reuse", action="store_true", help="execute every notebook even if a fresh copy exists")
    args = parser.parse_args([a for a in argv if a != "--"])
    out = Path(args.out)
    sources = course.list_notebooks()
    flavour = "Student version: exercises are not answered." if args.student else ""
    executed, problems = gather_executed(sources, executed_dir=args.executed, build_dir=args.build_dir,
                                         default_build=DEFAULT_BUILD, student=args.student, no_reuse=args.no_reuse)
    if executed is None:
        return 1
    pages = build(out, executed, sources, flavour)
    problems += site_problems(out)
    print(f"wrote {len(pages)} pages to {out} (open {out / 'index.html'})")
    return report_problems(problems)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
