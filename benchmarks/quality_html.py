"""HTML quality: cleantext.clean(html_bytes) against the gold bodies, beside peers run in the same process.

Peers are measured here rather than quoted, so versions and machine are the same for every row.
cleantext gets the raw bytes (it must decode them itself); the peers get the page decoded as
UTF-8 outside their timing, which is how they are usually called.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from common import (
    CHUNK,
    add_sample_option,
    best_cpu_seconds,
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

Extractor = Callable[[str], "str | None"]


def trafilatura_with(**options) -> Callable[[], Extractor]:
    def load() -> Extractor:
        import trafilatura

        return lambda html: trafilatura.extract(html, **options)

    return load


def readability_lxml() -> Extractor:
    """readability's summary() with its defaults, rendered to text by html-text."""
    import html_text
    from readability import Document

    return lambda html: html_text.extract_text(Document(html).summary())


def justext_english() -> Extractor:
    import justext

    stoplist = justext.get_stoplist("English")
    return lambda html: "\n".join(p.text for p in justext.justext(html, stoplist) if not p.is_boilerplate)


def resiliparse_main_content() -> Extractor:
    from resiliparse.extract.html2text import extract_plain_text

    return lambda html: extract_plain_text(html, main_content=True)


def html_text_all() -> Extractor:
    import html_text

    return html_text.extract_text


#: trafilatura.extract(..., fast=True) is the 2.x name of the old no_fallback option.
PEERS: dict[str, Callable[[], Extractor]] = {
    "trafilatura (defaults)": trafilatura_with(),
    "trafilatura include_comments=False": trafilatura_with(include_comments=False),
    "trafilatura fast=True": trafilatura_with(fast=True),
    "readability-lxml": readability_lxml,
    "jusText (English stoplist)": justext_english,
    "resiliparse main_content=True": resiliparse_main_content,
    "html-text (all visible text)": html_text_all,
}
TRAFILATURA = "trafilatura (defaults)"
#: Two passes on top of the warm-up the scoring pass already gave: speed is throughput.py's job.
SPEED_REPEATS = 2


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__.splitlines()[0])
    add_sample_option(parser)
    args = parser.parse_args(argv)
    cleantext = import_cleantext()
    pages = load_pages(args.data, sample=args.sample)
    golds = {page_id: page.gold for page_id, page in pages.items()}
    raw = {page_id: page.html for page_id, page in pages.items()}
    decoded = {page_id: decode_html(html) for page_id, html in raw.items()}

    rows, runs = [], {}
    systems = [("cleantext", lambda: cleantext.clean, raw)]
    systems += [(name, load, decoded) for name, load in PEERS.items()]
    for name, load, inputs in systems:
        try:
            extractor = load()
        except ImportError:
            rows.append([name, "not installed", "", "", "", ""])
            continue
        runs[name] = run_all(extractor, inputs)
        rows.append(score_row(name, score(golds, runs[name].outputs), len(runs[name].failed)))

    report = [
        f"HTML quality on {len(pages)} ScrapingHub pages ({describe(cleantext)})",
        "",
        markdown_table(["system", "F1", "P", "R", "empty", "errors"], rows),
        "",
        speed_line(cleantext.clean, raw, decoded, runs["cleantext"].failed | runs[TRAFILATURA].failed),
    ]
    write("\n".join(report), args.out)
    return 0


def speed_line(clean, raw: dict, decoded: dict, failed: frozenset) -> str:
    """Pages per CPU-second of clean vs trafilatura defaults, on the pages neither failed on."""
    import trafilatura

    ids = [page_id for page_id in raw if page_id not in failed]
    if not ids:
        return "Speed not measured: no page was handled by both cleantext and trafilatura."
    seconds = best_cpu_seconds(
        {
            "cleantext": (clean, [raw[page_id] for page_id in ids]),
            TRAFILATURA: (trafilatura.extract, [decoded[page_id] for page_id in ids]),
        },
        repeats=SPEED_REPEATS,
    )
    speed = {name: len(ids) / max(cpu, 1e-9) for name, cpu in seconds.items()}
    return (
        f"Pages per CPU-second on {len(ids)} pages after the scoring pass (each chunk of {CHUNK} the "
        f"best of {SPEED_REPEATS} runs, the systems taking turns): cleantext {speed['cleantext']:.1f}, {TRAFILATURA} "
        f"{speed[TRAFILATURA]:.1f}, ratio {speed['cleantext'] / speed[TRAFILATURA]:.2f}x"
    )


if __name__ == "__main__":
    sys.exit(main())
