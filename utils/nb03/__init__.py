"""Notebook 03, The SMM action plan (``notebooks/03_action_plan.ipynb``).

Everything this notebook needs and no other notebook uses (its social listening
uses :mod:`utils.shared.listening`, which notebook 08 shares):

* ``plan``: its analysis (the five-step action plan, the audit, SMART goals)
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
