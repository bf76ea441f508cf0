"""The reference case: a Moscow Times article with a donation appeal appended."""

from pathlib import Path

import cleantext

SEED = Path(__file__).parent.parent / "examples" / "moscow-times-appeal.txt"
STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def test_seed_returns_the_eleven_body_paragraphs():
    """clean() keeps exactly the first 11 paragraphs, quotes straightened."""
    seed = SEED.read_text(encoding="utf-8")
    expected = "\n".join(seed.splitlines()[:11]).translate(STRAIGHT)
    assert expected == cleantext.clean(seed)


def test_seed_appeal_blocks_are_donation_appeal_with_rule_ids():
    """Every removed block of the seed is the appeal, named with a rule id."""
    result = cleantext.explain(SEED.read_text(encoding="utf-8"))
    assert [r.block for r in result.removed] == list(range(11, 19))
    assert {r.category for r in result.removed} == {"donation_appeal"}
    assert all(r.rule_id for r in result.removed)


def test_seed_as_bytes_matches_seed_as_text():
    """Undecoded UTF-8 bytes of the seed clean the same as the text."""
    assert cleantext.clean(SEED.read_bytes()) == cleantext.clean(SEED.read_text(encoding="utf-8"))
