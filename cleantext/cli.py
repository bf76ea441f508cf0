"""The command line: read documents, clean them with the library, write text or JSON records.

Thin by design: cleaning flags become one ``Options`` (a flag per field, same name);
batch settings (record format, workers, timeout, size cap) stay here and in ``batch``,
``records`` and ``warc``; everything else is ``explain()``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import closing
from typing import BinaryIO

from cleantext import __version__
from cleantext.batch import run
from cleantext.model import CATEGORIES
from cleantext.options import Options
from cleantext.progress import Progress
from cleantext.records import (
    SUCCESS,
    MissingExtra,
    Outcome,
    Task,
    check_readable,
    file_tasks,
    json_line,
    jsonl_tasks,
    record,
)

EPILOG = """\
output records (--jsonl, --warc), one JSON object per line, in input order:
  {"id": ..., "text": ..., "status": "ok" | "empty" | "error" | "timeout" | "too_large"}
  --warc records also carry "url". A failed record (error, timeout, too_large) adds
  "error" (why) and where its input is: "file" and "line" (1-based) for JSONL,
  "file" and "offset" (bytes) for WARC. With --explain every record adds "removed"
  (block, category, rule_id, evidence, text of each removed block) and "notes".

exit status:
  0  every document ok or empty
  1  some document failed (error, timeout, too_large); the others were still written
  2  usage error (bad flag, unreadable input file, missing optional package)
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleantext",
        description="Print the editorial body of each document (plain text, HTML or bytes),\n"
                    "or clean a stream of JSONL or WARC records into JSONL records.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="documents to clean (or JSONL/WARC files); none or '-' reads stdin; "
                        "gzip and zstd input (recognised by its first bytes) is decompressed")
    p.add_argument("-o", "--output", metavar="PATH", help="write here instead of stdout")
    p.add_argument("--explain", action="store_true",
                   help="list every removed block with its category and rule id: "
                        "in each record, or on stderr for text output")
    p.add_argument("--version", action="version", version=f"cleantext {__version__}")
    batch = p.add_argument_group("batch input and output")
    fmt = batch.add_mutually_exclusive_group()
    fmt.add_argument("--jsonl", action="store_true",
                     help="input is JSON Lines: clean one record's text per line, write one JSON record per line")
    fmt.add_argument("--warc", action="store_true",
                     help="input is WARC/WET (e.g. Common Crawl .warc.gz): clean each HTML or text "
                          "record, write one JSON record each (needs the 'warc' extra)")
    batch.add_argument("--text-key", metavar="KEY",
                       help="with --jsonl: the key holding the document (default: text)")
    batch.add_argument("--id-key", metavar="KEY",
                       help="with --jsonl: the key copied to the output 'id' (default: id; missing gives null)")
    batch.add_argument("--parallel", type=int, default=1, metavar="N",
                       help="worker processes (default: 1); the output is the same for any N")
    batch.add_argument("--timeout", type=float, metavar="SECONDS",
                       help="stop a document that runs longer and report it as 'timeout' (default: none)")
    batch.add_argument("--max-bytes", type=int, metavar="N",
                       help="report a document over N bytes as 'too_large' without cleaning it (default: none)")
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
        tasks = _tasks(args)
    except (ValueError, MissingExtra) as exc:
        p.error(str(exc))
    try:
        out = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
    except OSError as exc:
        p.error(f"cannot write {args.output}: {exc.strerror}")
    progress = Progress(enabled=None if (args.jsonl or args.warc or len(args.files) > 1) else False)
    try:
        with closing(run(tasks, options, with_removed=args.explain, parallel=args.parallel,
                         timeout=args.timeout)) as results:
            for task, outcome in results:
                _write(out, task, outcome, args)
                progress.update(outcome.status in SUCCESS)
        out.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, without a second error at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        progress.close()
        if out is not sys.stdout.buffer:
            out.close()
    return 0 if progress.failed == 0 else 1


def _tasks(args: argparse.Namespace) -> Iterator[Task]:
    """The documents the arguments name; raises ValueError or MissingExtra for a usage error."""
    if (args.text_key or args.id_key) and not args.jsonl:
        raise ValueError("--text-key and --id-key need --jsonl")
    if args.parallel < 1:
        raise ValueError(f"--parallel must be at least 1, not {args.parallel}")
    if args.timeout is not None and not args.timeout > 0:
        raise ValueError(f"--timeout must be a positive number of seconds, not {args.timeout:g}")
    if args.max_bytes is not None and args.max_bytes < 1:
        raise ValueError(f"--max-bytes must be a positive number of bytes, not {args.max_bytes}")
    names = args.files or ["-"]
    if args.output and any(name != "-" and _same_file(name, args.output) for name in names):
        raise ValueError(f"-o {args.output} is also an input: writing it would destroy the input")
    if args.warc:
        from cleantext import warc

        warc.require()
    for name in names:
        try:
            check_readable(name) if not args.warc else _check_file(name)
        except OSError as exc:
            raise ValueError(f"cannot read {name}: {exc.strerror or exc}") from None
    if args.warc:
        return warc.warc_tasks(names, args.max_bytes)
    if args.jsonl:
        return jsonl_tasks(names, args.text_key or "text", args.id_key or "id", args.max_bytes)
    return file_tasks(names, args.max_bytes)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _check_file(name: str) -> None:
    if name != "-":
        with open(name, "rb"):
            pass


def _write(out: BinaryIO, task: Task, outcome: Outcome, args: argparse.Namespace) -> None:
    """Write one document's result: a JSON record, or its text with reports on stderr."""
    if args.jsonl or args.warc:
        out.write(json_line(record(task, outcome, args.explain)))
        return
    name = task.meta["file"]
    if outcome.status not in SUCCESS:
        print(f"cleantext: {name}: {outcome.status}: {outcome.error}", file=sys.stderr)
        return
    out.write(outcome.text.encode("utf-8") + b"\n")
    if args.explain:
        for r in outcome.removed:
            print(f"{name}: removed block {r.block} [{r.category}] {r.rule_id}: {r.text[:70]}", file=sys.stderr)
