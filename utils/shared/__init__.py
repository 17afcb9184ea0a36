"""Code several notebooks share: one copy of each formula, loader and building block.

* ``config``: the course's constants (brand, platforms, seed, folders)
* ``data``: loaders of the shipped data sets
* ``metrics``: every metric formula, with its denominator explicit
* ``validation``: input checks that name the field and the fix
* ``stats``: intervals and tests where two groups are compared (03, 04, 06, 10)
* ``virality``: the word-of-mouth model (02, 05, 11, 12)
* ``segmentation``: segments and targeting (06, 11, 12)
* ``ad_targeting``: what ads may not be targeted on (GDPR, DSA, platform rules), as data (06, via ``segmentation``)
* ``goals``: the business objective -> metric table (03, 08, 09, 11)
* ``listening``: share of voice and sentiment from mention counts (03, 08)
* ``dashboard``: the metrics dashboard and the syllabus's metric table (08, 10, 13)
* ``plotting``: chart style, ``show`` (a chart with its words-and-numbers description) and number formatters
* ``widgets``: the panel framework every notebook's panels are built on
* ``feedback``: the exercise-check helpers every notebook's checks use
* ``prerequisites``: the check in every notebook's first cell
* ``safe_csv``: CSV files a spreadsheet opens safely (04, 13)

What only one notebook needs lives in ``utils/nbNN/``.
"""
