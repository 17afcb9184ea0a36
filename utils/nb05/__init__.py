"""Notebook 05, Viral marketing (``notebooks/05_viral_marketing.ipynb``).

Everything this notebook needs and no other notebook uses:

* ``viral``: its analysis
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
