"""The command line: read documents, clean them with the library, write the text.

Thin by design: arguments become one ``Options`` (a flag per field, same name), and
everything else is ``clean()`` / ``explain()``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cleantext import __version__
from cleantext.model import CATEGORIES
from cleantext.options import Options
from cleantext.pipeline import explain


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleantext",
        description="Print the editorial body of each document (plain text, HTML or bytes).",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="documents to clean; none or '-' reads stdin")
    p.add_argument("-o", "--output", metavar="PATH", help="write the cleaned text here instead of stdout")
    p.add_argument("--explain", action="store_true", help="also list every removed block on stderr")
    p.add_argument("--version", action="version", version=f"cleantext {__version__}")
    opts = p.add_argument_group("cleaning options (each is a field of cleantext.Options)")
    opts.add_argument("--input-format", choices=("auto", "text", "html"), default="auto",
                      help="sniff HTML vs plain text, or force one (default: auto)")
    opts.add_argument("--encoding", help="decode input bytes with this codec instead of detecting it")
    for name, help_ in (
        ("fix_encoding", "repair mojibake with ftfy"),
        ("normalize_unicode", "compose characters to NFC"),
        ("remove_invisible", "drop soft hyphens, zero-width spaces, BOMs and control characters"),
        ("normalize_whitespace", "unify line breaks and spaces, collapse runs, strip lines"),
        ("unescape_html", "turn HTML entities in plain text into characters"),
        ("remove_boilerplate", "drop boilerplate blocks (off: label only)"),
    ):
        opts.add_argument(f"--{name.replace('_', '-')}", action=argparse.BooleanOptionalAction,
                          default=True, help=f"{help_} (default: on)")
    opts.add_argument("--keep-quotes", action="store_true", help="keep curly quotes instead of straightening them")
    opts.add_argument("--keep", action="append", default=[], choices=CATEGORIES, metavar="CATEGORY",
                      help=f"keep this boilerplate category (repeatable): {', '.join(CATEGORIES)}")
    opts.add_argument("--languages", help="comma-separated rule languages to use (default: all)")
    opts.add_argument("--rule-timeout", type=float, default=0.05, metavar="SECONDS",
                      help="time one rule may take on one block before it is skipped (default: 0.05)")
    return p


def options_from(args: argparse.Namespace) -> Options:
    """The Options the parsed flags describe."""
    return Options(
        input_format=args.input_format,
        encoding=args.encoding,
        fix_encoding=args.fix_encoding,
        normalize_unicode=args.normalize_unicode,
        keep_quotes=args.keep_quotes,
        remove_invisible=args.remove_invisible,
        normalize_whitespace=args.normalize_whitespace,
        unescape_html=args.unescape_html,
        remove_boilerplate=args.remove_boilerplate,
        keep=frozenset(args.keep),
        languages=frozenset(args.languages.split(",")) if args.languages else None,
        rule_timeout=args.rule_timeout,
    )


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    try:
        options = options_from(args)
    except ValueError as exc:
        p.error(str(exc))
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        for name in args.files or ["-"]:
            data = sys.stdin.buffer.read() if name == "-" else _read(name, p)
            result = explain(data, options=options)
            out.write(result.text + "\n")
            if args.explain:
                for r in result.removed:
                    print(f"{name}: removed block {r.block} [{r.category}] {r.rule_id}: {r.text[:70]}", file=sys.stderr)
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def _read(name: str, p: argparse.ArgumentParser) -> bytes:
    try:
        with open(name, "rb") as f:
            return f.read()
    except OSError as exc:
        p.exit(1, f"cleantext: cannot read {name}: {exc.strerror}\n")
