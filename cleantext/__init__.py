"""cleantext: the editorial body of a scraped document, and an account of what was cut.

>>> import cleantext
>>> cleantext.clean("The vote passed on Tuesday.\\nAdvertisement\\nIt takes effect in May.")
'The vote passed on Tuesday.\\nIt takes effect in May.'
"""

from __future__ import annotations

from cleantext.model import BODY, CATEGORIES, Block, Cleaned, Decoding, Label, Removal
from cleantext.options import Options
from cleantext.pipeline import clean, explain
from cleantext.templates import Templates

__version__ = "0.1.0"

__all__ = [
    "BODY",
    "CATEGORIES",
    "Block",
    "Cleaned",
    "Decoding",
    "Label",
    "Options",
    "Removal",
    "Templates",
    "__version__",
    "clean",
    "explain",
]
