"""Appended material in every supported language: cases written for the rules, not copied from pages.

Each file in tests/data/appended holds, for one language, articles followed by the tails
outlets append (``cases``: cleaned, only the body comes back) and bodies that use the same
words as boilerplate (``keep``: they come back unchanged).
"""

import tomllib
from pathlib import Path

import pytest

import cleantext
from cleantext.rules import catalog, languages

DATA = Path(__file__).parent / "data" / "appended"
FILES = {path.stem: tomllib.loads(path.read_text(encoding="utf-8")) for path in sorted(DATA.glob("*.toml"))}
CASES = [(lang, case) for lang, data in FILES.items() for case in data.get("cases", ())]
KEEP = [(lang, case) for lang, data in FILES.items() for case in data.get("keep", ())]
#: The categories of appended material every supported language has rules for.
APPENDED_CATEGORIES = (
    "read_more", "related_links", "newsletter", "donation_appeal", "subscription", "social_share",
    "comments", "copyright", "cookie_notice", "author_bio", "advertisement", "caption_credit",
)


def _id(item):
    lang, case = item
    return f"{lang}-{case['name']}"


def test_every_supported_language_has_a_case_file():
    """One data file per supported language, named by its code."""
    assert set(languages()) == set(FILES)


@pytest.mark.parametrize("item", CASES, ids=[_id(c) for c in CASES])
def test_appended_tail_is_cut(item):
    """Body paragraphs followed by a tail in the same language come back as the body alone."""
    _, case = item
    assert "\n".join(case["body"]) == cleantext.clean("\n".join(case["body"] + case["tail"]))


@pytest.mark.parametrize("item", KEEP, ids=[_id(c) for c in KEEP])
def test_body_using_boilerplate_words_is_kept(item):
    """A body that mentions newsletters, subscribers or donations comes back unchanged."""
    _, case = item
    text = "\n".join(case["body"])
    assert text == cleantext.clean(text)


@pytest.mark.parametrize("lang", list(languages()))
@pytest.mark.parametrize("category", APPENDED_CATEGORIES)
def test_every_language_has_rules_for_every_category(lang, category):
    """Each supported language x category has a rule of its own, with examples and counterexamples."""
    rules = [r for r in catalog() if r.lang == lang and r.category == category]
    assert rules
    assert all(r.examples for r in rules)
    assert any(r.counterexamples for r in rules)


def test_readme_lists_the_supported_languages():
    """The README's language list is the declaration in rules/languages.toml."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("Supported languages:"))
    listed = [code.strip(" `.") for code in line.split(":", 1)[1].split(",")]
    assert list(languages()) == listed
