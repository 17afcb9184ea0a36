"""Notebook 04, Shareable content, earned media and the content calendar (``notebooks/04_shareable_content.ipynb``).

Everything this notebook needs and no other notebook uses:

* ``calendar``: its analysis
* ``content``: its analysis
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
