"""Plain-text quality: cleantext.clean(page_text) where page_text is all the page's visible text.

This is the case HTML extractors cannot handle (trafilatura.extract(text) returns None): text
pipelines see only rendered text. The page text is html_text.extract_text(html), the rendering the
notes' anchors used. Baselines: no cleaning at all, and a C4-style line filter.
"""

from __future__ import annotations

import re
import sys

from common import (
    add_sample_option,
    decode_html,
    describe,
    import_cleantext,
    load_pages,
    make_parser,
    markdown_table,
    run_all,
    score_row,
    write,
)
from metric import score

#: C4's line endings plus the curly closing quotes and bracketed endings C4 forgets, which
#: cost it every paragraph ending in a quotation (the notes' "c4_lines_curly", F1 0.843).
LINE_ENDINGS = (".", "?", "!", '"', "'", "\u201d", "\u2019", "\u00bb", ".)", "?)", "!)", ".]")
#: C4's policy and script phrases, matched on the lowercased line.
BAD_PHRASES = (
    "javascript",
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)
CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]", re.IGNORECASE)
MIN_WORDS = 3
MAX_WORD_LENGTH = 1000


def c4_line(line: str) -> str | None:
    """The line as C4 keeps it, or None; the rules and their order are datatrove's C4 filter."""
    if any(len(word) > MAX_WORD_LENGTH for word in line.split()):
        return None
    line = CITATION.sub("", line).strip()
    lowered = line.lower()
    if not line.endswith(LINE_ENDINGS) or line.endswith("..."):
        return None
    if len(line.split()) < MIN_WORDS or any(phrase in lowered for phrase in BAD_PHRASES):
        return None
    return line


def c4_lines(text: str) -> str:
    """C4-style line filter with curly quotes accepted: the usual text-only baseline."""
    kept = (c4_line(line) for line in text.splitlines())
    return "\n".join(line for line in kept if line is not None)


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__.splitlines()[0])
    add_sample_option(parser)
    args = parser.parse_args(argv)
    cleantext = import_cleantext()
    import html_text

    pages = load_pages(args.data, sample=args.sample)
    golds = {page_id: page.gold for page_id, page in pages.items()}
    texts = {page_id: html_text.extract_text(decode_html(page.html)) for page_id, page in pages.items()}
    systems = {
        "identity (page text as is)": lambda text: text,
        "C4-style line filter, curly quotes accepted": c4_lines,
        "cleantext": cleantext.clean,
    }
    rows = []
    for name, fn in systems.items():
        run = run_all(fn, texts)
        rows.append(score_row(name, score(golds, run.outputs), len(run.failed)))
    title = f"Plain-text quality on the visible text of {len(pages)} ScrapingHub pages"
    table = markdown_table(["system", "F1", "P", "R", "empty", "errors"], rows)
    write(f"{title} ({describe(cleantext)})\n\n{table}", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
