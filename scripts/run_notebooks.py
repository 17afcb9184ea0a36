#!/usr/bin/env python3
"""Execute notebooks with papermill into output/executed/ (ignored by git).

    python3 tasks.py run                                   every notebook, default parameters
    python3 tasks.py run 11_capstone -p budget 8000        notebooks matching the text, with parameters
    python3 tasks.py run --alt                             each notebook with its first alternative parameters

Parameter values are parsed as Python literals where possible (8000 -> int).
"""

from __future__ import annotations

import argparse
import ast
import sys
import time

import papermill as pm

import course
from utils.shared.config import OUTPUT_DIR


def _literal(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("match", nargs="*", help="run only notebooks whose file name contains this text")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    parser.add_argument("--alt", action="store_true", help="use each notebook's first alternative parameter set")
    parser.add_argument("--out", default=str(OUTPUT_DIR / "executed"), help="output folder")
    args = parser.parse_args([a for a in argv if a != "--"])
    params = {name: _literal(value) for name, value in args.parameter}
    out = __import__("pathlib").Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    failures = 0
    for path in course.list_notebooks():
        if args.match and not any(m in path.name for m in args.match):
            continue
        run_params = dict(params)
        if args.alt:
            alts = course.read_nb(path)["metadata"].get("smm", {}).get("alt_parameters", [])
            run_params = {**(alts[0] if alts else {}), **params}
        start = time.perf_counter()
        try:
            course.execute(path, out / path.name, parameters=run_params)
            status = "ok"
        except pm.PapermillExecutionError as exc:
            failures += 1
            status = f"FAILED in cell {exc.cell_index}: {exc.ename}: {exc.evalue}"
        print(f"{path.name:<40} {time.perf_counter() - start:5.1f} s  {status}", flush=True)
    print(f"executed notebooks are in {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
