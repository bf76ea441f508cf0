"""The rule catalog tests itself: every example matches, every counterexample does not."""

import pytest
import regex

from cleantext.rules import RuleError, catalog, nested_quantifier, parse

RULES = catalog()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_matches_its_examples(rule):
    """Each example is matched by the rule's pattern."""
    missed = [e for e in rule.examples if not rule.pattern.search(e)]
    assert [] == missed


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_spares_its_counterexamples(rule):
    """No counterexample is matched by the rule's pattern."""
    hit = [c for c in rule.counterexamples if rule.pattern.search(c) and rule.fits(len(c.split()))]
    assert [] == hit


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_survives_backtracking_bait(rule):
    """A long run of words with no match ends well inside the timeout."""
    bait = "word " * 20000 + "!"
    try:
        rule.pattern.search(bait, timeout=1.0)
    except TimeoutError:
        pytest.fail(f"{rule.id} timed out on backtracking bait")


def test_catalog_covers_languages():
    """The catalog has rules for at least en, ru, de, fr, es and uk."""
    assert {"en", "ru", "de", "fr", "es", "uk"} <= {r.lang for r in RULES}


@pytest.mark.parametrize("pattern", [r"(?:a+)*", r"(\w+\s)+", r"(?:x|y*){2,}", r"([^,]+,){3,}"])
def test_nested_quantifiers_are_detected(pattern):
    """Repeated groups that contain repetition are refused."""
    assert nested_quantifier(pattern)


@pytest.mark.parametrize("pattern", [r"(?:ab?)?", r"\w+ (?:and|or) \w+", r"[(+*]+", r"(?:our |the )*news", r"a{2}"])
def test_simple_patterns_pass_the_check(pattern):
    """Single repetition, escaped or bracketed symbols are fine."""
    assert not nested_quantifier(pattern)


def test_malformed_rule_file_names_the_problem():
    """A rule with an unknown role is refused with the file and rule named."""
    text = 'category = "advertisement"\n[[rules]]\nname = "x"\nlang = "en"\nrole = "maybe"\npattern = "ad"\nexamples = ["ad"]\n'
    with pytest.raises(RuleError, match="test.toml: rule 'x': role"):
        parse(text, "test.toml")


def test_rule_ids_are_unique():
    """No two rules in the catalog share an id."""
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


def test_combined_patterns_compile():
    """All rules of a role can be joined into one pattern (names don't clash)."""
    from cleantext.match import matcher

    m = matcher(None, 0.05)
    assert all(isinstance(p, regex.Pattern) for p in m.combined.values())
