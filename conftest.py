"""pytest collection: leave out library modules whose optional extra is not installed.

``--doctest-modules`` imports every module under cleantext/; one that needs an extra
would fail to import where the extra is missing. Its tests skip with the reason.
"""

import importlib.util

collect_ignore = [] if importlib.util.find_spec("datatrove") else ["cleantext/datatrove.py"]
