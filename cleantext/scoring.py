"""The scoring model: every weight and threshold of the stages, read from ``scoring.toml``.

The values and the reason for each live in the data file; this module gives them types,
checks the file against them (an unknown, missing or mistyped entry raises
``ScoringError``), and holds the loaded model as ``SCORING``. Modules bind the values they
use as constants at import: their hot loops read a global, not an attribute chain.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

#: The file the model is read from, beside this module.
SCORING_FILE = "scoring.toml"


class ScoringError(ValueError):
    """The scoring file does not fit the model; the message names the section and entry."""


@dataclass(frozen=True, slots=True)
class Words:
    """What a word, a sentence's end and prose are (facts.py)."""

    chars_per_word: int
    prose_words: int
    long_prose_words: int
    scored_prose_words: int
    long_scored_words: int
    end_chars: int


@dataclass(frozen=True, slots=True)
class Classify:
    """The classifier's region scores and length limits (classify.py, match.py)."""

    region_min: float
    prose_score: float
    sentence_score: float
    body_run: int
    body_block_words: int
    body_block_sentence_words: int
    headline_reach: int
    to_end_body_blocks: int
    thread_body_blocks: int
    thread_window: int
    thread_signals: int
    thread_ui: int
    comment_paragraphs: int
    header_words: int
    card_name_chars: int
    header_slack_chars: int
    list_item_words: int
    between_lines: int
    list_min_items: int
    cta_max_words: int
    lead_in_words: int
    cta_max_sentences: int
    cta_sentence_words: int
    max_rounds: int
    early_share: float
    signal_cap: float


@dataclass(frozen=True, slots=True)
class Rules:
    """What a rule weighs and how long a block it fires on, unless its rule file says otherwise (rules/)."""

    line_weight: float
    opener_weight: float
    signal_weight: float
    line_max_words: int
    opener_max_words: int


@dataclass(frozen=True, slots=True)
class Title:
    """Where the page title and the outlet's name are looked for (titles.py, classify.py)."""

    title_blocks: int
    site_name_words: int
    title_candidates: int


@dataclass(frozen=True, slots=True)
class Hints:
    """DOM hints: container words and link text as evidence (hints.py)."""

    container_signal: float
    link_min: float
    link_max_words: int
    link_weight: float
    headline_link_min_words: int
    headline_link_max_words: int
    headline_link_weight: float


@dataclass(frozen=True, slots=True)
class Outlet:
    """A block naming the outlet as evidence (outlet.py)."""

    min_name_chars: int
    max_words: int
    weight: float


@dataclass(frozen=True, slots=True)
class Locate:
    """The article locator's block scores and cut decision (locate.py)."""

    prose_cap_words: int
    prose_per_word: float
    unwordy_factor: float
    unpunctuated_factor: float
    furniture: float
    heading: float
    heading_min_words: int
    lead_in: float
    repeated: float
    shape_repeats: int
    shape_max_words: int
    template: float
    table_row: float
    marked: float
    cut_min_furniture: float
    page_head_furniture: float
    span_min_share: float
    span_min_score: float
    lang_min_share: float
    lang_sample_tokens: int
    lang_block_words: int
    fallback_top: int
    fallback_max_len: int
    stopword_prose: float
    bridge_blocks: int
    bridge_anchor: float


@dataclass(frozen=True, slots=True)
class Dom:
    """How extracted lines are mapped back to the page and its containers read (dom.py)."""

    shared_container: float
    min_shared_blocks: float
    max_depth: int
    key_chars: int
    min_key_chars: int
    article_share: float


@dataclass(frozen=True, slots=True)
class Extract:
    """When the extractor hands a page to the linear walk, or to its full pass (extract.py)."""

    max_extract_chars: int
    max_table_depth: int
    thin_chars: int
    fuller_ratio: float


@dataclass(frozen=True, slots=True)
class Decode:
    """Codec detection (decode.py)."""

    declaration_window: int
    detect_window: int
    detect_cut_share: float
    utf16_head_bytes: int
    utf16_min_bytes: int
    utf16_nuls: float
    utf16_other_nuls: float
    few_invalid: float
    utf8_per_stray: int
    cjk_min_high: float
    cjk_min_bytes: int
    cjk_script_share: float
    score_bytes: int
    unmapped: int
    inside_word_symbol: int
    mixed_script: int
    inner_capital: int
    foreign_letter: int


@dataclass(frozen=True, slots=True)
class Language:
    """When a document is matched with its own language's rules and English alone (language.py)."""

    foreign_margin: int
    language_share: float
    min_function_words: int
    close_share: float


@dataclass(frozen=True, slots=True)
class Templates:
    """What makes a block its site's template, and what that weighs (templates.py)."""

    sample: int
    min_pages: int
    min_share: float
    min_count: int
    max_blocks: int
    weight: float


@dataclass(frozen=True, slots=True)
class Scoring:
    """The whole model, one section per stage."""

    words: Words
    classify: Classify
    rules: Rules
    title: Title
    hints: Hints
    outlet: Outlet
    locate: Locate
    dom: Dom
    extract: Extract
    decode: Decode
    language: Language
    templates: Templates


def _section(cls: type[Any], name: str, raw: object) -> Any:
    """One section's dataclass, every entry present, known and of its field's type."""
    if not isinstance(raw, dict):
        raise ScoringError(f"{SCORING_FILE}: [{name}] is missing")
    known = {f.name: f.type for f in fields(cls)}
    unknown = raw.keys() - known.keys()
    missing = known.keys() - raw.keys()
    if unknown or missing:
        raise ScoringError(f"{SCORING_FILE}: [{name}] unknown {sorted(unknown)}, missing {sorted(missing)}")
    for key, kind in known.items():
        value = raw[key]
        # A weight written 3 instead of 3.0 (or a limit written 8.0) says the wrong kind of number.
        if isinstance(value, bool) or type(value).__name__ != kind:
            raise ScoringError(f"{SCORING_FILE}: [{name}] {key} must be a {kind}, not {value!r}")
    return cls(**raw)


def parse(text: str) -> Scoring:
    """The model in a scoring file's text; raises ScoringError when it does not fit."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScoringError(f"{SCORING_FILE}: {exc}") from None
    sections = {f.name: f.type for f in fields(Scoring)}
    unknown = data.keys() - sections.keys()
    if unknown:
        raise ScoringError(f"{SCORING_FILE}: unknown sections {sorted(unknown)}")
    classes = {cls.__name__: cls for cls in (Words, Classify, Rules, Title, Hints, Outlet, Locate, Dom, Extract, Decode, Language, Templates)}
    return Scoring(**{name: _section(classes[str(kind)], name, data.get(name)) for name, kind in sections.items()})


#: The shipped model, loaded once when the package is imported.
SCORING = parse(resources.files("cleantext").joinpath(SCORING_FILE).read_text(encoding="utf-8"))
