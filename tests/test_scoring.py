"""The scoring model: one data file, every entry typed, known and explained."""

import re
from importlib import resources
from itertools import pairwise

import pytest

from cleantext import scoring
from cleantext.scoring import SCORING, ScoringError, parse

SHIPPED = resources.files("cleantext").joinpath(scoring.SCORING_FILE).read_text(encoding="utf-8")


def test_shipped_file_loads_into_the_model():
    """The shipped scoring.toml parses into the same model the package loaded."""
    assert SCORING == parse(SHIPPED)


def test_every_entry_has_a_reason():
    """Each `name = value` line follows a comment line: no weight without its reason."""
    lines = SHIPPED.splitlines()
    bare = [
        line for before, line in pairwise(lines)
        if re.match(r"\w+ = ", line) and not before.startswith("#")
    ]
    assert [] == bare


def test_unknown_entry_is_a_load_error():
    """A misspelt entry raises, naming it, instead of leaving the default silently in place."""
    with pytest.raises(ScoringError, match="region_minimum"):
        parse(SHIPPED.replace("region_min = ", "region_minimum = "))


def test_missing_section_is_a_load_error():
    """A section left out raises, naming it."""
    with pytest.raises(ScoringError, match=r"\[decode\]"):
        parse(SHIPPED[: SHIPPED.index("[decode]")])


def test_wrong_kind_of_number_is_a_load_error():
    """A weight written as a whole number (3 for 3.0) raises: the file says which kind each entry is."""
    with pytest.raises(ScoringError, match="region_min must be a float"):
        parse(SHIPPED.replace("region_min = 3.0", "region_min = 3"))


def test_stages_read_the_model():
    """A stage's constant is the model's value, not a copy typed again."""
    from cleantext import classify, locate

    assert (classify.REGION_MIN, locate.PAGE_HEAD_FURNITURE) == (
        SCORING.classify.region_min,
        SCORING.locate.page_head_furniture,
    )
