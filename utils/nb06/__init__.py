"""Notebook 06, Customer segmentation and targeting (``notebooks/06_segmentation.ipynb``).

Everything this notebook needs and no other notebook uses:

* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
