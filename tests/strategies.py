"""Shared Hypothesis strategies: documents, news-like prose, real appended appeals, and
articles and tails in every supported language (from the case files in data/appended)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import strategies as st

from cleantext.facts import ends_like_text

_WORDS = (
    "the council voted on tuesday to approve a new budget for schools and roads after months of "
    "debate officials said spending would rise by four percent while critics warned that taxes "
    "could follow the mayor defended the plan in a statement and residents will comment next week"
).split()

#: Real appended material, as outlets print it (several blocks each).
APPEALS = (
    (
        "A Message from The Moscow Times:\nDear readers,\nWe are facing unprecedented challenges.\n"
        "Your support, no matter how small, makes a world of difference. If you can, please support us monthly.\n"
        "Remind me later."
    ),
    "Support independent journalism\nIf you value our reporting, please make a contribution today.\nDonate now",
    "Advertisement",
    '3 Responses to "The bridge plan"\nJohn says:\nGreat news, finally!\nMary says:\nAbout time they fixed it.',
)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """One news-like sentence: 8-25 plain words, capitalized, ending in a full stop."""
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=8, max_size=25))
    return " ".join(words).capitalize() + "."


@st.composite
def prose(draw: st.DrawFn) -> str:
    """Paragraphs of news-like sentences, one paragraph per line."""
    paragraphs = draw(st.lists(st.lists(sentences(), min_size=1, max_size=4), min_size=1, max_size=8))
    return "\n".join(" ".join(p) for p in paragraphs)


documents = st.one_of(st.text(), st.binary(), prose())


# --- Every supported language: paragraphs and tails from the case files --------------------

#: One file per language: articles (``cases``: body and tail) and bodies that use boilerplate
#: words (``keep``), written for the tests (see tests/test_appended.py).
APPENDED_DIR = Path(__file__).parent / "data" / "appended"


def _load_appended() -> dict[str, dict]:
    return {p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(APPENDED_DIR.glob("*.toml"))}


_APPENDED = _load_appended()
#: Per language, every body paragraph of its articles and of its bodies that use boilerplate
#: words, in file order: each a full sentence or more, none boilerplate. A keep case's bare
#: heading ("Contact" above the contact details) is no paragraph: drawn last, right above a
#: tail, it stands where the tail's own header would.
BODY_PARAGRAPHS: dict[str, tuple[str, ...]] = {
    lang: tuple(
        p for key in ("cases", "keep") for case in data.get(key, ()) for p in case["body"] if ends_like_text(p)
    )
    for lang, data in _APPENDED.items()
}
#: Per language, the tails its outlets append: case name -> the tail's lines joined by newlines.
TAILS: dict[str, dict[str, str]] = {
    lang: {case["name"]: "\n".join(case["tail"]) for case in data.get("cases", ())}
    for lang, data in _APPENDED.items()
}
#: The languages with a case file that has both paragraphs and tails, in alphabetical order.
LANGUAGES: tuple[str, ...] = tuple(lang for lang in _APPENDED if BODY_PARAGRAPHS[lang] and TAILS[lang])


def language() -> st.SearchStrategy[str]:
    """A language code that has a case file (and so paragraphs and tails to draw)."""
    return st.sampled_from(LANGUAGES)


def body_paragraphs(lang: str, min_size: int = 2, max_size: int = 4) -> st.SearchStrategy[list[str]]:
    """Distinct body paragraphs of one language, in any order (mixed across its articles)."""
    return st.lists(st.sampled_from(BODY_PARAGRAPHS[lang]), min_size=min_size, max_size=max_size, unique=True)


def appended_tail(lang: str) -> st.SearchStrategy[str]:
    """One tail that outlets in this language append, its lines joined by newlines."""
    return st.sampled_from(tuple(TAILS[lang].values()))


# --- Random text in several scripts ------------------------------------------------------

#: Letter ranges by script: (first, last) code points, both included.
SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    "latin": ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xFF), (0x100, 0x17F)),  # ASCII, diacritics, Extended-A
    "cyrillic": ((0x400, 0x4FF),),
    "greek": ((0x370, 0x3FF),),
    "arabic": ((0x600, 0x6FF),),
    "cjk": ((0x3040, 0x30FF), (0x4E00, 0x9FFF)),  # kana and unified ideographs
    "hangul": ((0xAC00, 0xD7A3),),
}
#: What separates and ends words: spaces, line breaks, punctuation of several scripts.
_SEPARATORS = " \n\n .,;:!?-()\"'«»„“”‘’—–…、。，！？،؛؟·0123456789%©"


def script_letters(script: str) -> st.SearchStrategy[str]:
    """One letter of the named script."""
    return st.one_of(*(st.characters(min_codepoint=lo, max_codepoint=hi) for lo, hi in SCRIPTS[script]))


def multiscript_text(max_size: int = 400) -> st.SearchStrategy[str]:
    """Random text mixing Latin with diacritics, Cyrillic, Greek, Arabic, CJK and Hangul, with
    spaces, line breaks and punctuation between them."""
    alphabet = st.one_of(*(script_letters(s) for s in SCRIPTS), st.sampled_from(_SEPARATORS))
    return st.text(alphabet=alphabet, max_size=max_size)


@st.composite
def multiscript_prose(draw: st.DrawFn) -> str:
    """Lines of words, each word in one script (the scripts mixed within a line)."""
    word = st.sampled_from(tuple(SCRIPTS)).flatmap(
        lambda s: st.text(script_letters(s), min_size=1, max_size=12)
    )
    line = st.lists(word, min_size=1, max_size=20).map(" ".join)
    lines = draw(st.lists(line, min_size=1, max_size=8))
    end = draw(st.sampled_from(("", ".", "。", "؟", "!")))
    return "\n".join(line + end for line in lines)


@st.composite
def site_pages(draw: st.DrawFn) -> list[tuple[str, list[str]]]:
    """Pages of a few sites as (site, block texts): some blocks shared by a site's pages,
    some unique, in any order, with repeats (the same page seen twice)."""
    shared = {site: draw(st.lists(sentences(), min_size=1, max_size=3)) for site in ("a.example", "b.example")}
    pages = draw(st.lists(
        st.tuples(st.sampled_from(sorted(shared)), st.lists(sentences(), max_size=4), st.booleans()),
        max_size=30,
    ))
    return [(site, [*own, *shared[site]] if with_template else own) for site, own, with_template in pages]
