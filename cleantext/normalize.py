"""Character-level normalization of one block: str -> str, each step an option.

The only module that imports ftfy. Clean text is the common case, so every step first
checks cheaply whether it has anything to do; ASCII text skips the Unicode work.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

import ftfy
import regex
from ftfy.badness import is_bad
from ftfy.fixes import fix_surrogates

from cleantext.options import Options

# ftfy only for the repairs that undo encoding damage; quotes, controls, widths and
# normalization are ours, so each has its own option and none is done twice.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

#: Curly quotes and their ASCII forms; guillemets and dashes are left alone.
QUOTES = (
    *((q, "'") for q in "\u2018\u2019\u201a\u201b"),
    *((q, '"') for q in "\u201c\u201d\u201e\u201f"),
)
_INVISIBLE = "\u00ad\u200b\u2060\ufeff\u180e"
# C0 and C1 controls except the whitespace ones, which SPACES handles.
_CONTROLS = "".join(
    chr(c) for c in [*range(0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)]
)
INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE + _CONTROLS), None)
# Tabs and every Unicode space become one plain space; line separators become "\n".
SPACES = {
    **dict.fromkeys(map(ord, "\t\u00a0\u1680\u202f\u205f\u3000"), " "),
    **dict.fromkeys(range(0x2000, 0x200B), " "),
    **dict.fromkeys(map(ord, "\r\u2028\u2029\u0085\x0b\x0c"), "\n"),
}

# "Is there work?" tests are plain character classes, which the standard library's re
# scans 3-7x faster than regex does (measured on the ScrapingHub bodies); patterns that
# need regex's Unicode properties stay with regex.
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_C1_OR_MARKS = regex.compile(r"[\x80-\x9f\x1b\ufffd]")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
# C0 controls and DEL that ftfy has no use for (it needs ESC for terminal escapes).
_C0_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# ftfy's own detector is thorough but slow; it runs only where this cheap test sees
# the shape of mojibake: a UTF-8 lead byte read as Latin-1/cp1252 (Â-ô) or as cp1251
# (Р, С) followed by a continuation byte read the same way, or C1 controls, ESC, or a
# U+FFFD (or SUB) after a non-ASCII character: the only place ftfy's lossy-sequence
# repair can act, so text that is merely full of U+FFFD (random bytes) skips ftfy.
_CONTINUATION = "\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178\u0402-\u040f\u0452-\u045f\u0490\u0491\u2116"
_MOJIBAKE_HINT = regex.compile(
    rf"[\u00c2-\u00f4\u0420\u0421][{_CONTINUATION}]|[\x80-\x9f\x1b]|[^\x00-\x7f\ufffd][\ufffd\x1a]"
)
#: A character every _MOJIBAKE_HINT match contains: text without one (English with curly
#: quotes and dashes) skips the full pattern.
_MOJIBAKE_LEAD_CHARS = r"\u00c2-\u00f4\u0420\u0421\x80-\x9f\x1b\ufffd\x1a"
_MOJIBAKE_LEAD = re.compile(f"[{_MOJIBAKE_LEAD_CHARS}]")
# A joiner is kept between letters, marks, digits and emoji (emoji sequences, Indic
# conjuncts, Persian words); anywhere else it is invisible junk.
_JOINABLE = r"[\p{L}\p{M}\p{N}\p{ExtPict}\p{Emoji_Modifier}\p{Emoji_Component}\ufe0f]"
_STRAY_JOINER = regex.compile(rf"(?<!{_JOINABLE})[\u200c\u200d]|[\u200c\u200d](?!{_JOINABLE})")
_SPACE_RUN = regex.compile(r" {2,}")
_LINE_EDGE = regex.compile(r" *\n *")


def _any_of(codepoints: Iterable[int]) -> str:
    """The body of a character class matching any one of the code points."""
    return "".join(re.escape(chr(c)) for c in codepoints)


_SPACE_CLASS = _any_of(SPACES)
_INVISIBLE_CLASS = _any_of([*INVISIBLE, 0x200C, 0x200D])
#: Cheap "is there work?" tests for the space and invisible-character steps.
_SPACE_CHARS = re.compile(f"[{_SPACE_CLASS}]")
_INVISIBLE_CHARS = re.compile(f"[{_INVISIBLE_CLASS}]")
#: Every character the repair steps act on: entities, surrogates, controls, mojibake, odd
#: spaces, invisibles. Text with none of them (the usual case, curly quotes and all)
#: skips those steps' own scans.
_ODD = re.compile(f"[&\ud800-\udfff{_MOJIBAKE_LEAD_CHARS}{_SPACE_CLASS}{_INVISIBLE_CLASS}]")
#: ASCII characters some step acts on: controls, tabs, carriage returns, entities.
_ASCII_WORK = re.compile(r"[\x00-\x09\x0b-\x1f\x7f&]")


def _ascii_done(text: str) -> bool:
    """Whether ASCII text is already normalized: nothing to unescape, drop or collapse."""
    return not (_ASCII_WORK.search(text) or "  " in text or text[:1] == " " or text.endswith((" ", " \n")))


def _may_be_mojibake(text: str) -> bool:
    return _MOJIBAKE_LEAD.search(text) is not None and _MOJIBAKE_HINT.search(text) is not None


def normalize(text: str, options: Options) -> str:
    """One block's text, repaired and normalized as the options say.

    >>> normalize("It\u00e2\u20ac\u2122s  \u201cfine\u201d\u00ad", Options())
    'It\\'s "fine"'
    """
    if text.isascii() and _ascii_done(text):
        return text
    for _ in range(MAX_PASSES):
        result, repaired = _normalize_once(text, options)
        # Removing a control or a space can join pieces that ftfy then reads as one
        # lossy sequence (found on random bytes); repeat so that a second clean() finds
        # nothing left to do. Only text that still looks repairable pays for a pass.
        if result == repaired or not options.fix_encoding or not _may_be_mojibake(result):
            return result
        text = result
    return text


#: Passes of normalize() over one block at most; in practice two are the most seen.
MAX_PASSES = 4


def _normalize_once(text: str, options: Options) -> tuple[str, str]:
    """One pass of every step: the result, and the text as it was right after ftfy."""
    # Quotes straightened to ASCII cannot give the later steps new work: one scan decides.
    odd = _ODD.search(text) is not None
    if odd:
        if options.unescape_html and "&" in text:
            text = unescape_html(text)
        if _SURROGATE.search(text):
            text = _SURROGATE.sub("\ufffd", fix_surrogates(text))
        if options.fix_encoding and not text.isascii():
            if options.remove_invisible and _C0_CONTROL.search(text):
                # Dropped before ftfy, so that dropping them later cannot make a new repair.
                text = _C0_CONTROL.sub("", text)
            text = fix_encoding(text)
    repaired = text
    if not options.keep_quotes and not text.isascii():
        text = straighten_quotes(text)
    if odd:
        if options.normalize_whitespace and _SPACE_CHARS.search(text):
            text = text.translate(SPACES)
        if options.remove_invisible and _INVISIBLE_CHARS.search(text):
            text = remove_invisible(text)
    if options.normalize_whitespace:
        text = collapse_whitespace(text)
    if options.normalize_unicode and not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, repaired


def unescape_html(text: str) -> str:
    """Replace HTML entities until none is left, so a second pass changes nothing."""
    for _ in range(4):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def straighten_quotes(text: str) -> str:
    """Curly single and double quotes to ASCII ' and "."""
    for curly, straight in QUOTES:
        if curly in text:
            text = text.replace(curly, straight)
    return text


def fix_encoding(text: str) -> str:
    """Undo mojibake where ftfy sees it, repeated until stable (ftfy is not idempotent)."""
    for _ in range(3):
        if not _may_be_mojibake(text) or not (is_bad(text) or _C1_OR_MARKS.search(text)):
            break
        fixed = ftfy.fix_text(text, _FTFY)
        if fixed == text:
            break
        text = fixed
    return text


def remove_invisible(text: str) -> str:
    """Drop soft hyphens, zero-width spaces, BOMs, controls and stray joiners."""
    text = text.translate(INVISIBLE)
    if "\u200c" in text or "\u200d" in text:
        text = _STRAY_JOINER.sub("", text)
    return text


def collapse_whitespace(text: str) -> str:
    """One space between words, no space at line ends, no empty lines."""
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    if "\n" in text:
        text = "\n".join(line for line in _LINE_EDGE.split(text) if line)
    return text.strip(" ")
