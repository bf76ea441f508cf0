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
from dataclasses import dataclass
from pathlib import Path

from cleantext import __version__
from cleantext.batch import Clean, run
from cleantext.model import CATEGORIES
from cleantext.options import Options
from cleantext.progress import Progress
from cleantext.records import (
    SUCCESS,
    MissingExtra,
    Outcome,
    Reading,
    Task,
    Unread,
    check_extras,
    file_items,
    input_size,
    json_line,
    jsonl_items,
    jsonl_tasks,
    record,
)
from cleantext.reuse import Reused, Spill
from cleantext.templates import Templates

EPILOG = """\
text output: the clean text of each document, a blank line between documents; a document
  with no text (empty, not_text) or that failed writes nothing there, and a line on stderr
  names it unless it is empty.

output records (--jsonl, --warc), one JSON object per line, in input order:
  --jsonl: every field of the input record, with the clean text in place of --text-key
  (or under --output-key), then "status": "ok" | "empty" | "not_text" | "error" | "timeout"
  | "too_large" and "title" (or null). The --id-key is always present (null if missing).
  Blank lines are skipped.
  --warc: {"id", "url", "text", "status", "title"}.
  A record with status not_text, error, timeout or too_large adds "error" (why); a failed
  one (error, timeout, too_large) also says where its input is: "file", and "line"
  (1-based) for JSONL or "offset" (bytes) for WARC. With --explain every record adds
  "removed" (block, category, rule_id, evidence, text of each removed block) and "notes".

site templates (docs/templates.md): blocks a site prints on many of its pages are evidence
  of boilerplate. Learn them from JSONL or WARC records, grouped by the registered domain of
  each record's URL, then clean with them:
    cleantext learn-templates pages.jsonl -o site.templates   (--warc for WARC; --help lists more)
    cleantext --jsonl --templates site.templates pages.jsonl
  or in one run that reads the inputs twice: cleantext --jsonl --two-pass pages.jsonl

exit status:
  0  every document ok, empty or not_text
  1  some document failed (error, timeout, too_large; a missing or unreadable file is one
     failed document); the others were still written
  2  usage error (bad flag, contradictory options, missing optional package)
"""


def parser() -> argparse.ArgumentParser:
    """The command line: files and output, then the batch flags, then one flag per Options field."""
    p = argparse.ArgumentParser(
        prog="cleantext",
        description="Print the editorial body of each document (plain text, HTML or bytes),\n"
                    "or clean a stream of JSONL or WARC records into JSONL records.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="documents to clean (or JSONL/WARC files); none or '-' reads stdin; a "
                        "directory is read recursively (its files in sorted order, hidden ones "
                        "skipped); gzip and zstd input (recognised by its first bytes) is decompressed")
    p.add_argument("-o", "--output", metavar="PATH", help="write here instead of stdout")
    p.add_argument("--explain", action="store_true",
                   help="list every removed block with its category and rule id: "
                        "in each record, or on stderr for text output")
    p.add_argument("--version", action="version", version=f"cleantext {__version__}")
    _batch_flags(p)
    _cleaning_flags(p)
    return p


def _batch_flags(p: argparse.ArgumentParser) -> None:
    """How records are read and written, and the limits of a batch run."""
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
                       help="with --jsonl: the key that identifies a record, always in the output "
                            "(default: id; null when a record lacks it)")
    batch.add_argument("--output-key", metavar="KEY",
                       help="with --jsonl: write the clean text under this key and keep the input "
                            "text (default: replace the --text-key)")
    batch.add_argument("--parallel", type=int, default=1, metavar="N",
                       help="worker processes (default: 1); the output is the same for any N")
    batch.add_argument("--timeout", type=float, metavar="SECONDS",
                       help="stop a document that runs longer and report it as 'timeout' (default: none)")
    batch.add_argument("--max-bytes", type=int, metavar="N",
                       help="report a document over N bytes as 'too_large' without cleaning it (default: none)")
    site = batch.add_mutually_exclusive_group()
    site.add_argument("--templates", metavar="PATH",
                      help="clean with the site templates in PATH (written by 'cleantext learn-templates'); "
                           "a record's site is its URL's registered domain")
    site.add_argument("--two-pass", action="store_true",
                      help="learn site templates from the input files first, then clean them with those "
                           "(a page learning extracted is not extracted again)")


def _cleaning_flags(p: argparse.ArgumentParser) -> None:
    """One flag per ``Options`` field, named as the field."""
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
    opts.add_argument("--languages", help="comma-separated rule languages to use (default: the text's own and English, else all)")
    opts.add_argument("--rule-timeout", type=float, default=0.05, metavar="SECONDS",
                      help="time one rule may take on one block before it is skipped (default: 0.05)")
    opts.add_argument("--prepend-title", action="store_true",
                      help="put the title (the page's, or a first line cut as one) as the first line of the text")


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
        languages=args.languages.split(",") if args.languages else None,
        rule_timeout=args.rule_timeout,
        prepend_title=args.prepend_title,
    )



def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == [LEARN]:
        return learn_main(argv[1:])
    p = parser()
    args = p.parse_args(argv)
    try:
        options = options_from(args)
        names = _inputs(args.files or ["-"])
        read = _items(args, names)
        templates, spill = _templates(args, names, options)
    except (ValueError, MissingExtra) as exc:
        p.error(str(exc))
    items = read if spill is None else spill.attach(read)
    try:
        out = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
    except OSError as exc:
        p.error(f"cannot write {args.output}: {exc.strerror}")
    progress = Progress(input_size(names), enabled=None if (args.jsonl or args.warc or len(names) > 1) else False)
    job = Job(Clean(options, with_removed=args.explain, templates=templates), _reading(args), records=args.jsonl or args.warc,
              output_key=args.output_key or args.text_key or "text")
    finished = False
    texts = 0
    try:
        with closing(run(items, job, parallel=args.parallel, timeout=args.timeout)) as results:
            for item, output in results:
                if output.data:
                    # Text output puts a blank line between documents; records end in their own newline.
                    out.write(b"\n" + output.data if texts and not job.records else output.data)
                    texts += 1
                if output.report:
                    sys.stderr.write(output.report)
                progress.update(output.status in SUCCESS, item.read)
        out.flush()
        finished = True
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, without a second error at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        progress.close(finished)
        if out is not sys.stdout.buffer:
            out.close()
        if spill is not None:
            spill.close()
    return 0 if progress.failed == 0 else 1


#: The subcommand that learns site templates (a file of that name is read as ./learn-templates).
LEARN = "learn-templates"


def learn_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"cleantext {LEARN}",
        description="Learn site templates (blocks a site prints on many of its pages) from JSONL or "
                    "WARC records, grouped by the registered domain of each record's URL; write them "
                    "to a file that 'cleantext --templates' reads. Records without a URL are skipped.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="JSONL files (or WARC with --warc); '-' reads stdin")
    p.add_argument("-o", "--output", metavar="PATH", required=True, help="the templates file to write")
    p.add_argument("--warc", action="store_true", help="input is WARC/WET (needs the 'warc' extra)")
    p.add_argument("--text-key", metavar="KEY", help="the key holding the document (default: text)")
    p.add_argument("--input-format", choices=("auto", "text", "html"), default="auto",
                   help="sniff HTML vs plain text, or force one (default: auto)")
    return p


def learn_main(argv: Sequence[str]) -> int:
    """``cleantext learn-templates``: learn, write the file, and say how many pages were
    learned, skipped (no URL, no text) and unreadable; exit 1 when some could not be read."""
    p = learn_parser()
    args = p.parse_args(argv)
    try:
        options = Options(input_format=args.input_format)
        names = _inputs(args.files)
        templates, skipped, failed = learn(names, args.warc, args.text_key, options)
        templates.save(args.output)
    except (ValueError, MissingExtra) as exc:
        p.error(str(exc))
    except OSError as exc:
        p.error(f"cannot write {args.output}: {exc.strerror}")
    sites = templates.sites()
    pages = sum(templates.pages(site) for site in sites)
    print(f"cleantext: learned {pages} pages of {len(sites)} sites into {args.output}; "
          f"{skipped} records skipped (no URL or no text), {len(failed)} could not be read", file=sys.stderr)
    for where, error in failed[:MAX_FAILURES_SHOWN]:
        print(f"cleantext: cannot read {where}: {error}", file=sys.stderr)
    return 1 if failed else 0


#: Unreadable inputs listed by learn-templates (the count says how many in all).
MAX_FAILURES_SHOWN = 10


def learn(
    names: list[str], warc: bool, text_key: str | None, options: Options, spill: Spill | None = None
) -> tuple[Templates, int, list[tuple[str, str | None]]]:
    """Site templates learned from every record of the files that has a URL and text; how
    many records were skipped (no URL, or no text), and where and why reading failed.
    Each page learning prepared goes to ``spill``, when given, for the cleaning pass."""
    if warc:
        from cleantext import warc as warc_

        warc_.require()
        tasks = warc_.warc_tasks(names, None)
    else:
        tasks = jsonl_tasks(names, text_key or "text", "id", None)
    templates = Templates()
    skipped, failed = 0, []
    for task in tasks:
        if task.outcome is not None and task.outcome.status not in SUCCESS:
            failed.append((", ".join(f"{k} {v}" for k, v in task.where.items()), task.outcome.error))
        elif task.doc is None or not task.url:
            skipped += 1
        else:
            learned, prepared = templates.learn_and_prepare(task.doc, url=task.url, options=options)
            skipped += not learned
            if spill is not None and prepared is not None:
                spill.put(task.where, task.doc, prepared)
    return templates, skipped, failed


def _templates(args: argparse.Namespace, names: list[str], options: Options) -> tuple[Templates | None, Spill | None]:
    """The templates to clean with: loaded (--templates), learned from the inputs (--two-pass), or none;
    with --two-pass, the pages learning prepared, for the cleaning pass to finish (reuse.py)."""
    if args.templates:
        try:
            return Templates.load(args.templates), None
        except OSError as exc:
            raise ValueError(f"cannot read --templates {args.templates}: {exc.strerror}") from None
    if not args.two_pass:
        return None, None
    if not (args.jsonl or args.warc) or "-" in names:
        raise ValueError("--two-pass reads its inputs twice: it needs --jsonl or --warc and files, not stdin")
    spill = Spill()
    try:
        return learn(names, args.warc, args.text_key, options, spill)[0], spill
    except BaseException:
        spill.close()
        raise


def _inputs(files: list[str]) -> list[str]:
    """The input paths: each directory replaced by the files under it (sorted, hidden ones
    skipped); a path that does not exist is kept, to fail as one document."""
    names: list[str] = []
    for name in files:
        if name != "-" and os.path.isdir(name):
            names.extend(str(path) for path in sorted(Path(name).rglob("*"))
                         if path.is_file() and not any(part.startswith(".") for part in path.relative_to(name).parts))
        else:
            names.append(name)
    return names


def _items(args: argparse.Namespace, names: list[str]) -> Iterator[Unread | Task]:
    """The documents the arguments name, left unparsed where the workers can parse them;
    raises ValueError or MissingExtra for a usage error."""
    if (args.text_key or args.id_key or args.output_key) and not args.jsonl:
        raise ValueError("--text-key, --id-key and --output-key need --jsonl")
    if args.parallel < 1:
        raise ValueError(f"--parallel must be at least 1, not {args.parallel}")
    if args.timeout is not None and not args.timeout > 0:
        raise ValueError(f"--timeout must be a positive number of seconds, not {args.timeout:g}")
    if args.max_bytes is not None and args.max_bytes < 1:
        raise ValueError(f"--max-bytes must be a positive number of bytes, not {args.max_bytes}")
    if args.output and any(name != "-" and _same_file(name, args.output) for name in names):
        raise ValueError(f"-o {args.output} is also an input: writing it would destroy the input")
    if args.warc:
        from cleantext import warc

        warc.require()
        return warc.warc_tasks(names, args.max_bytes)
    for name in names:
        check_extras(name)
    if args.jsonl:
        return jsonl_items(names, args.id_key or "id")
    return file_items(names, args.max_bytes)


def _reading(args: argparse.Namespace) -> Reading:
    return Reading(args.text_key or "text", args.id_key or "id", args.max_bytes)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@dataclass(frozen=True, slots=True)
class Output:
    """What one document adds to the output: a JSON line or its text (then a newline),
    and lines for stderr."""

    status: str
    data: bytes
    report: str = ""

    def __reduce__(self) -> tuple[type[Output], tuple[str, bytes, str]]:
        # Pickled once per document on its way back from a worker: as a tuple, several
        # times cheaper than a slots dataclass's default (which lists its fields every time).
        return Output, (self.status, self.data, self.report)


@dataclass(frozen=True)
class Job:
    """What the command line does to each input item, in a worker: parse or read it, clean
    it, render its output. It carries the run's settings to the workers."""

    clean: Clean
    reading: Reading
    records: bool
    output_key: str

    def warm_up(self) -> None:
        self.clean.warm_up()

    def __call__(self, item: Unread | Task | Reused) -> Output:
        if isinstance(item, Reused):  # --two-pass: the page learning prepared, if it is still this record's
            task = self.reading.task(item.item)
            return self.render(task, self.clean(task, item.prepared_for(task.doc)))
        task = self.reading.task(item)
        return self.render(task, self.clean(task))

    def failed(self, item: Unread | Task | Reused, outcome: Outcome) -> Output:
        return self.render(self.reading.failed(item.item if isinstance(item, Reused) else item, outcome), outcome)

    def render(self, task: Task, outcome: Outcome) -> Output:
        if self.records:
            rec = record(task, outcome, self.clean.with_removed, self.output_key)
            return Output(outcome.status, json_line(rec))
        name = task.where["file"]
        if outcome.status not in ("ok", "empty"):
            return Output(outcome.status, b"", f"cleantext: {name}: {outcome.status}: {outcome.error}\n")
        report = "".join(f"{name}: removed block {r.block} [{r.category}] {r.rule_id}: {r.text[:70]}\n"
                         for r in outcome.removed)
        return Output(outcome.status, outcome.text.encode("utf-8") + b"\n" if outcome.text else b"", report)
