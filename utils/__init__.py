"""SMM Lab helpers: the one copy of every formula, simulation, loader and widget.

Import the submodule you need, for example ``from utils.shared.metrics import ctr``.
This package import is deliberately light (no pandas, no widgets) so that
``import utils`` costs next to nothing.
"""

__version__ = "1.0.0"
