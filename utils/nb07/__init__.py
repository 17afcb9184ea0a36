"""Notebook 07, CRM and customer value (``notebooks/07_crm_customer_value.ipynb``).

Everything this notebook needs and no other notebook uses:

* ``crm``: its analysis
* ``panels``: its widget panels, with ``DEMOS`` (the controls and values the browser tests and the benchmark drive)
* ``exercises``: its exercise checks (feedback that names the mistake)

Code several notebooks share lives in :mod:`utils.shared`.
"""
