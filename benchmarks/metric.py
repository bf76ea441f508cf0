"""The ScrapingHub article-extraction benchmark metric, written from the data's README.

Every script here scores through this module so that a figure printed by one of them can be
compared with a figure printed by another, and with the published ones. Run it on the data
folder to check it against the peers' published outputs before trusting any other number.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Mapping
from typing import NamedTuple

#: str patterns are Unicode-aware in Python 3, as the benchmark's tokenizer is.
TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4


class Score(NamedTuple):
    """Benchmark figures for one system: F1 of the mean precision and mean recall."""

    f1: float
    precision: float
    recall: float
    pages: int
    empty: int


def shingles(text: str | None) -> Counter:
    """The multiset of 4-token shingles; a 1-3 token text is one short shingle, no tokens none."""
    tokens = TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < SHINGLE_SIZE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + SHINGLE_SIZE]) for i in range(len(tokens) - SHINGLE_SIZE + 1))


def page_counts(gold: str | None, pred: str | None) -> tuple[float, float, float]:
    """(tp, fp, fn) for one page, divided by their sum so that long pages weigh no more."""
    expected, predicted = shingles(gold), shingles(pred)
    tp = sum((expected & predicted).values())
    fp = sum((predicted - expected).values())
    fn = sum((expected - predicted).values())
    total = tp + fp + fn
    if not total:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def score(golds: Mapping[str, str], preds: Mapping[str, str | None]) -> Score:
    """Score predictions against gold bodies; a page missing from ``preds`` counts as empty.

    As in the benchmark, a page enters the precision mean only if tp+fp > 0 (an empty
    prediction costs recall alone), and the recall mean only if tp+fn > 0.
    """
    counts = [page_counts(gold, preds.get(page_id)) for page_id, gold in golds.items()]
    precision = _mean([page_precision(*c) for c in counts if c[0] + c[1] > 0])
    recall = _mean([page_recall(*c) for c in counts if c[0] + c[2] > 0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    empty = sum(1 for page_id in golds if not TOKEN.search(preds.get(page_id) or ""))
    return Score(f1, precision, recall, len(counts), empty)


def main(argv: list[str] | None = None) -> int:
    """Score every published peer output, to check this metric against the published figures."""
    from common import load_gold, load_peer_output, make_parser, markdown_table, score_row, write

    parser = make_parser(main.__doc__)
    args = parser.parse_args(argv)
    golds = load_gold(args.data)
    scores = {
        path.stem: score(golds, load_peer_output(path)) for path in (args.data / "peer-output").glob("*.json")
    }
    ranked = sorted(scores.items(), key=lambda item: item[1].f1, reverse=True)
    rows = [score_row(name, result) for name, result in ranked]
    table = markdown_table(["system (published output)", "F1", "P", "R", "empty"], rows)
    write(f"Metric check on {len(golds)} pages: published peer outputs\n\n{table}", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
