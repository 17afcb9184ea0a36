#!/usr/bin/env python3
"""Regenerate every notebook's navigation line, the course map in 00 and the README list.

    python3 tasks.py nav            rewrite what is stale
    python3 tasks.py nav --check    exit 1 if anything is stale (used by tests)
"""

import sys

from course import generate

if __name__ == "__main__":
    check = "--check" in sys.argv[1:]
    changed = generate(write=not check)
    for path in changed:
        print(("stale: " if check else "updated: ") + path)
    if check and changed:
        sys.exit("navigation is out of date: run `python3 tasks.py nav`")
    if not changed:
        print("navigation, course map and README list are up to date")
