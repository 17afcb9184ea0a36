"""Notebook 00, Start here: how SMM Lab works (``notebooks/00_start_here.ipynb``).

Everything this notebook needs and no other notebook uses:

* ``intro``: its analysis
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
