"""Notebook 09, From goals to metrics (``notebooks/09_goals_to_metrics.ipynb``).

Everything this notebook needs and no other notebook uses:

* ``goals``: its analysis
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
