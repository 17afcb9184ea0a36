"""Notebook 12, Review: key takeaways, quiz and glossary (``notebooks/12_review.ipynb``).

Everything this notebook needs and no other notebook uses:

* ``review``: its analysis
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
