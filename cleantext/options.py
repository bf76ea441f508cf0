"""Options: the one frozen, keyword-only object that configures cleaning.

Each field has the same name as its CLI flag (``keep_quotes`` <-> ``--keep-quotes``)
and the pipeline step it switches. Defaults are not lossy: only boilerplate is dropped.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from cleantext import rules
from cleantext.model import CATEGORIES

InputFormat = Literal["auto", "text", "html"]
_INPUT_FORMATS = ("auto", "text", "html")


@dataclass(frozen=True, kw_only=True, slots=True)
class Options:
    """How to clean a document. Contradictory or unknown values raise ``ValueError``.

    ``keep`` and ``languages`` take any iterable of strings (a set, a list, a tuple) and are
    stored as a frozenset, so an ``Options`` stays hashable.

    >>> Options(keep={"comments"}).keep
    frozenset({'comments'})
    >>> Options(languages=["en", "EN"])
    Traceback (most recent call last):
    ...
    ValueError: unknown languages: ['EN']; known: ['ar', 'cs', 'da', 'de', 'el', 'en', 'es', 'fa', 'fi', 'fr', 'hu', 'id', 'it', 'ja', 'ko', 'nl', 'pl', 'pt', 'ro', 'ru', 'sv', 'tr', 'uk', 'vi', 'zh']
    >>> Options(remove_boilerplate=False, keep=frozenset({"comments"}))
    Traceback (most recent call last):
    ...
    ValueError: keep names categories to keep, but remove_boilerplate=False keeps them all already
    """

    #: "auto" sniffs HTML vs plain text; "text" or "html" forces one way.
    input_format: InputFormat = "auto"
    #: Decode bytes with this codec instead of detecting one (None: detect).
    encoding: str | None = None
    #: Repair mojibake such as ``itâ€™s`` with ftfy.
    fix_encoding: bool = True
    #: Compose characters to Unicode NFC.
    normalize_unicode: bool = True
    #: Keep curly quotes instead of straightening them to ASCII ' and ".
    keep_quotes: bool = False
    #: Drop soft hyphens, zero-width spaces, BOMs and control characters.
    remove_invisible: bool = True
    #: Unify line breaks and spaces, collapse runs of spaces, strip lines.
    normalize_whitespace: bool = True
    #: Turn HTML entities (``&amp;``) in plain text into characters.
    unescape_html: bool = True
    #: Drop boilerplate blocks; False labels them in explain() but keeps them all.
    remove_boilerplate: bool = True
    #: Boilerplate categories to keep in the output (e.g. {"comments"}).
    keep: Iterable[str] = frozenset()
    #: Rule languages to use (e.g. {"en", "de"}); None: the one a document is written in
    #: and English, or every language when that is unclear (language.py).
    languages: Iterable[str] | None = None
    #: Seconds one rule may spend on one block before it is skipped and reported.
    rule_timeout: float = 0.05
    #: Put the title (the page's, or a first line cut as one) as the first line of the text.
    prepend_title: bool = False

    def __post_init__(self) -> None:
        if self.input_format not in _INPUT_FORMATS:
            raise ValueError(f"input_format must be one of {_INPUT_FORMATS}, not {self.input_format!r}")
        keep = _names(self.keep, "keep", "category names")
        object.__setattr__(self, "keep", keep)
        unknown = sorted(keep - set(CATEGORIES))
        if unknown:
            raise ValueError(f"unknown categories in keep: {unknown}; known: {list(CATEGORIES)}")
        if self.keep and not self.remove_boilerplate:
            raise ValueError(
                "keep names categories to keep, but remove_boilerplate=False keeps them all already"
            )
        if self.languages is not None:
            languages = _names(self.languages, "languages", "language codes")
            object.__setattr__(self, "languages", languages)
            if not languages:
                raise ValueError("languages must be None (all) or name at least one language code")
            unknown = sorted(languages - set(rules.languages()))
            if unknown:
                raise ValueError(f"unknown languages: {unknown}; known: {sorted(rules.languages())}")
        if not self.rule_timeout > 0:
            raise ValueError(f"rule_timeout must be a positive number of seconds, not {self.rule_timeout!r}")
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ValueError(f"unknown encoding {self.encoding!r}") from None


def _names(value: object, field: str, what: str) -> frozenset[str]:
    """``value`` as a frozenset of strings; a lone string or a non-iterable is a ValueError."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        # ValueError, not TypeError: Options reports every bad value the same way (the CLI exits 2 on it).
        raise ValueError(f"{field} must be an iterable of {what} (a set, list or tuple), not {value!r}")  # noqa: TRY004
    names = frozenset(value)
    if not all(isinstance(name, str) for name in names):
        raise ValueError(f"{field} must hold only strings, not {value!r}")
    return names


DEFAULT = Options()
