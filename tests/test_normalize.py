"""Character normalization: each documented step, and what it must leave alone."""

import pytest

from cleantext import Options, clean
from cleantext.normalize import normalize

DEFAULT = Options()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("it\u00e2\u20ac\u2122s", "it's"),  # mojibake repaired
        ("\u2018a\u2019 \u201ab\u201b", "'a' 'b'"),
        ("\u201cq\u201d \u201er\u201f", '"q" "r"'),
        ("\u00abguillemets\u00bb \u2014 dash", "\u00abguillemets\u00bb \u2014 dash"),
        ("co\u00adoperate zero\u200bwidth\ufeff", "cooperate zerowidth"),
        ("a\u00a0b\u2009c\u3000d", "a b c d"),
        ("a    b\t\tc", "a b c"),
        ("  padded  ", "padded"),
        ("e\u0301", "\u00e9"),  # NFC
        ("bell\x07 null\x00", "bell null"),
        ("fish &amp; chips &lt;3", "fish & chips <3"),
        ("&amp;lt;", "<"),  # unescaped to a fixpoint, so a second pass changes nothing
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
    ],
)
def test_normalize_step(raw, expected):
    """Each normalization maps the raw text to the documented result."""
    assert expected == normalize(raw, DEFAULT)


@pytest.mark.parametrize(
    "kept",
    [
        "\U0001F468\u200d\U0001F469\u200d\U0001F467",  # family emoji (ZWJ sequence)
        "\u2764\ufe0f\u200d\U0001F525",  # heart on fire
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian ZWNJ inside a word
        "\u0915\u094d\u200d\u0937",  # Devanagari conjunct with ZWJ
    ],
)
def test_joiners_inside_words_and_emoji_are_kept(kept):
    """ZWJ and ZWNJ that join letters or emoji survive."""
    assert kept == normalize(kept, DEFAULT)


def test_stray_joiner_is_removed():
    """A joiner next to a space joins nothing and is dropped."""
    assert "a b" == normalize("a\u200d b", DEFAULT)


def test_keep_quotes_keeps_curly_quotes():
    """keep_quotes=True leaves typographic quotes alone."""
    assert "\u201cyes\u201d" == normalize("\u201cyes\u201d", Options(keep_quotes=True))


def test_fix_encoding_off_keeps_mojibake():
    """fix_encoding=False leaves mojibake as it is."""
    assert "it\u00e2\u20ac\u2122s" == normalize("it\u00e2\u20ac\u2122s", Options(fix_encoding=False, keep_quotes=True))


@pytest.mark.parametrize("sep", ["\r\n", "\r", "\u2028", "\u2029", "\n\n\n"])
def test_line_breaks_become_single_newlines(sep):
    """Every kind of line break separates paragraphs with one newline."""
    assert "First paragraph.\nSecond paragraph." == clean(f"First paragraph.{sep}Second paragraph.")


def test_ftfy_counterexample_is_stable():
    """ftfy alone is not idempotent here; clean() is."""
    raw = "\u0437\ufffd\ufffd\r\u047b"
    once = clean(raw)
    assert once == clean(once)
