"""DOM hints: the hint listed first in hints.toml wins, and a word listed twice is a load error."""

import pytest

from cleantext import hints
from cleantext.model import Block


def table(*entries: tuple[str, list[str]]) -> hints.Hints:
    text = "".join(f"[[hints]]\ncategory = {category!r}\nwords = {words!r}\n\n" for category, words in entries)
    return hints.parse(text, "test")


def test_first_listed_hint_wins_over_alphabetical_order():
    """Container words of two hints: the one listed first in the file decides, not the word's spelling."""
    loaded = table(("comments", ["zcomment"]), ("advertisement", ["ad"]))
    hit = loaded.tail.first(frozenset({"ad", "zcomment"}), 5)
    assert ("hint.comments", "container word 'zcomment'") == (hit.rule.id, hit.matched)


def test_first_listed_word_of_a_hint_is_the_evidence():
    """Within one hint, the evidence names the word listed first."""
    hit = table(("related_links", ["related", "latest"])).tail.first(frozenset({"latest", "related"}), 5)
    assert "container word 'related'" == hit.matched


def test_head_lines_follow_the_file_order_too():
    """Before the body, the same words decide head lines, in the same order."""
    loaded = table(("copyright", ["footer"]), ("social_share", ["social"]))
    assert "hint.copyright" == loaded.head.first(frozenset({"social", "footer"}), 5).rule.id


def test_word_listed_twice_is_a_load_error():
    """A word in two hints raises ValueError naming the word, instead of one hint silently winning."""
    with pytest.raises(ValueError, match="'promo'"):
        table(("advertisement", ["ad", "promo"]), ("related_links", ["promo"]))


def test_word_listed_twice_in_one_hint_is_a_load_error():
    """A word repeated inside one hint's list is rejected as well."""
    with pytest.raises(ValueError, match="'share'"):
        table(("social_share", ["share", "share"]))


def test_unknown_keys_are_a_load_error():
    """A key the loader does not read (a stale ``where``, say) raises instead of being ignored."""
    with pytest.raises(ValueError, match="where"):
        hints.parse('[[hints]]\ncategory = "comments"\nwords = ["comment"]\nwhere = "anywhere"\n', "test")


def test_a_weight_table_in_the_hints_file_is_a_load_error():
    """Weights live in scoring.toml: a stale [link_density] table in a hints file raises."""
    with pytest.raises(ValueError, match="link_density"):
        hints.parse('[link_density]\nmin = 0.9\n', "test")


def test_shipped_hints_prefer_comments_and_copyright_over_share_words():
    """In the shipped file, share words (common in comment and page footers) come last."""
    block = Block(0, "Add comment", container=frozenset({"comment", "footer", "social"}))
    assert "hint.comments" == hints.opener(block, 2).rule.id
    block = Block(0, "Published by Example Media", container=frozenset({"footer", "social"}))
    assert "hint.copyright" == hints.opener(block, 4).rule.id


def test_hint_rules_are_built_by_keyword_with_the_rules_weights():
    """A hint's rules carry the role, place and weight of a text rule of their kind."""
    loaded = hints.hints()
    opener, line = loaded.tail.rules["newsletter"], loaded.head.rules["newsletter"]
    assert ("opener", "tail", 3.0) == (opener.role, opener.where, opener.weight)
    assert ("line", "head", 3.0) == (line.role, line.where, line.weight)

