"""Speed as ratios against the tools cleantext replaces, on the same inputs in the same process.

Absolute figures depend on the machine and its load; a ratio measured in one process, with the
systems taking turns chunk by chunk (common.best_cpu_seconds), much less. Text: clean() vs ftfy.fix_text on the 181 gold bodies, one
document each. HTML: clean(html_bytes) vs trafilatura.extract(html) with its defaults.
"""

from __future__ import annotations

import sys

from common import (
    CHUNK,
    best_cpu_seconds,
    decode_html,
    describe,
    import_cleantext,
    load_pages,
    make_parser,
    markdown_table,
    write,
)

#: Text passes take a fraction of a second, so more of them are cheap; HTML passes take seconds.
TEXT_REPEATS = 7
HTML_REPEATS = 3
TEXT_TARGET = 3.0
HTML_TARGET = 1.3


def main(argv: list[str] | None = None) -> int:
    args = make_parser(__doc__.splitlines()[0]).parse_args(argv)
    cleantext = import_cleantext()
    import ftfy
    import trafilatura

    pages = load_pages(args.data)
    bodies = [page.gold for page in pages.values()]
    raw = [page.html for page in pages.values()]
    decoded = [decode_html(html) for html in raw]
    megabytes = sum(len(body.encode("utf-8")) for body in bodies) / 1e6

    text = best_cpu_seconds(
        {"cleantext": (cleantext.clean, bodies), "ftfy": (ftfy.fix_text, bodies)}, TEXT_REPEATS
    )
    html = best_cpu_seconds(
        {"cleantext": (cleantext.clean, raw), "trafilatura": (trafilatura.extract, decoded)},
        HTML_REPEATS,
    )
    text_rate = {name: megabytes / seconds for name, seconds in text.items()}
    html_rate = {name: len(raw) / seconds for name, seconds in html.items()}
    text_ratio = text_rate["cleantext"] / text_rate["ftfy"]
    html_ratio = html_rate["cleantext"] / html_rate["trafilatura"]

    rows = [
        [
            f"text, {len(bodies)} gold bodies ({megabytes:.2f} MB)",
            f"{text_rate['cleantext']:.2f} MB/s",
            f"ftfy.fix_text {text_rate['ftfy']:.2f} MB/s",
            f"{text_ratio:.2f}x",
            f">= {TEXT_TARGET}x",
        ],
        [
            f"HTML, {len(raw)} pages",
            f"{html_rate['cleantext']:.1f} pages/s",
            f"trafilatura.extract {html_rate['trafilatura']:.1f} pages/s",
            f"{html_ratio:.2f}x",
            f">= {HTML_TARGET}x",
        ],
    ]
    title = (
        f"Throughput per CPU-second: each chunk of {CHUNK} inputs the best of {TEXT_REPEATS} (text) or "
        f"{HTML_REPEATS} (HTML) runs, the systems taking turns ({describe(cleantext)})"
    )
    table = markdown_table(["input", "cleantext", "peer", "ratio", "target"], rows)
    write(f"{title}\n\n{table}", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
