"""Run a job over a stream of items: in order, in parallel, with a per-item timeout.

``run()`` yields ``(item, result)`` pairs in input order whatever the number of
workers, so the output is identical for any ``parallel``. What a worker does to an item
is the ``Work`` it was started with (per-run state such as the Options travels with it):
for the command line, parse a raw JSONL line or read a file, clean it and render its
output record, so the parent process only reads raw input and writes finished output.

Items go to the workers in chunks sized to take about ``CHUNK_SECONDS`` each, so the
parent pays one pipe message each way per chunk, not per item. The timeout is still per
item: each worker publishes, in a few bytes of shared memory, how many items it has
started and when the current one started; the parent reads them only when a deadline
may have passed. A worker still on an item past its deadline is killed and replaced,
that item gets a ``timeout`` result, and the rest of its chunks are handed out again.
Memory stays flat: a bounded number of items is read ahead of the next one to write.
With one worker and no timeout, the items are done in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, Generic, Protocol, Self, TypeAlias, TypeVar

from cleantext import match
from cleantext.options import Options
from cleantext.pipeline import NOT_TEXT, Prepared, explain, finish
from cleantext.records import Outcome, Task
from cleantext.templates import Templates

if TYPE_CHECKING:
    from multiprocessing.context import DefaultContext, ForkContext

    #: A pool's start-method context: fork on Linux, the platform's default elsewhere.
    _Context: TypeAlias = ForkContext | DefaultContext

#: Seconds of work a chunk aims at: long enough that the parent's cost per chunk (one
#: message each way, about 0.1 ms) is under 1 % of it, short enough that at the end of a
#: run no worker waits long for the last chunks of the others.
CHUNK_SECONDS = 0.05
#: Items per chunk at most, whatever the estimate says: bounds the memory a chunk holds.
CHUNK_ITEMS = 64
#: Chunks a worker holds at once: the one it works on and the next, so it never sits idle
#: waiting for the parent to send more.
HELD_PER_WORKER = 2
#: Chunks read ahead per worker: enough to keep every worker busy while one slow item
#: holds up the output, small enough that memory does not grow with the stream.
READ_AHEAD_PER_WORKER = 4

Item = TypeVar("Item")
Result = TypeVar("Result")
Item_contra = TypeVar("Item_contra", contravariant=True)
Result_co = TypeVar("Result_co", covariant=True)


class Work(Protocol[Item_contra, Result_co]):
    """What a run does to each item, in a worker (or in this process), and how an item whose
    worker timed out or died is reported instead."""

    def warm_up(self) -> None:
        """Load what the first item would otherwise pay for, before any item is timed."""

    def __call__(self, item: Item_contra) -> Result_co:
        """The result of one item; never raises for a bad item."""

    def failed(self, item: Item_contra, outcome: Outcome) -> Result_co:
        """The result of an item that got ``outcome`` (timeout, error) without being done."""


def clean_one(
    doc: str | bytes, options: Options, with_removed: bool, url: str | None = None, templates: Templates | None = None,
    prepared: Prepared | None = None,
) -> Outcome:
    """Clean one document into an Outcome; an exception becomes an ``error`` outcome, never a crash.
    With ``templates``, the document's site is its URL's registered domain. ``prepared``, the
    document as ``pipeline.prepare`` made it with these options, is finished, not made again."""
    try:
        if prepared is None:
            result = explain(doc, options=options, url=url, templates=templates, discarded=False)
        else:
            result = finish(prepared, url=url, templates=templates)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
        return Outcome("error", error=f"{type(exc).__name__}: {exc}")
    status = NOT_TEXT if result.source == NOT_TEXT else "ok" if result.text else "empty"
    return Outcome(
        status,
        text=result.text,
        error=result.notes[0] if status == NOT_TEXT else None,
        removed=result.removed if with_removed else (),
        notes=result.notes if with_removed else (),
        title=result.title,
    )


#: What warm_up cleans: a text too short to have a language (matched with every language's
#: rules), one in English (matched with English rules, as most pages are), and a page.
WARM_UP = (
    "Warm-up text.",
    "This is the first paragraph of a page that is read before any of the documents are.",
    "<html><body><p>Warm-up page.</p></body></html>",
)


def warm_up(options: Options) -> None:
    """Load what the first document would otherwise pay for (rule patterns, the catalogs of
    every language and of English with their screens, the HTML extractor).

    That first call takes seconds, far beyond a per-document timeout; a forked worker
    inherits it already done, where it would otherwise build each catalog again.
    """
    for doc in WARM_UP:
        clean_one(doc, options, with_removed=False)
    match.prepare()


@dataclass(frozen=True)
class Clean:
    """The plain job: each Task's document cleaned into its Outcome (a Task that failed
    while it was read keeps its own)."""

    options: Options
    with_removed: bool = False
    #: Site templates learned beforehand (templates.py), handed to every worker with the options.
    templates: Templates | None = None

    def warm_up(self) -> None:
        warm_up(self.options)

    def __call__(self, task: Task, prepared: Prepared | None = None) -> Outcome:
        return task.outcome or clean_one(task.doc, self.options, self.with_removed, task.url, self.templates,  # type: ignore[arg-type]
                                         prepared)

    def failed(self, task: Task, outcome: Outcome) -> Outcome:
        return outcome


def run(
    items: Iterable[Item],
    work: Work[Item, Result],
    *,
    parallel: int = 1,
    timeout: float | None = None,
) -> Generator[tuple[Item, Result], None, None]:
    """Do ``work`` on every item; yield each item with its result, in input order."""
    if parallel < 1:
        raise ValueError(f"parallel must be at least 1, not {parallel}")
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout}")
    if parallel == 1 and timeout is None:
        for item in items:
            yield item, work(item)
        return
    with _Pool(parallel, work) as pool:
        yield from pool.ordered(items, timeout)


#: Where a worker says what it is doing: [items started so far, when the current one
#: started (time.monotonic(), 0.0 between items)]. Written by the worker, read by the parent.
_STARTED, _SINCE = 0, 1


def _serve(inbox: Connection, outbox: Connection, work: Work[Any, Any], state: Any) -> None:
    """A worker's loop: chunks in, one list of results out per chunk in order, until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    work.warm_up()
    outbox.send("ready")
    chunks: queue.SimpleQueue[list[Any] | None] = queue.SimpleQueue()
    threading.Thread(target=_drain, args=(inbox, chunks), daemon=True).start()
    while (chunk := chunks.get()) is not None:
        results = []
        began = time.monotonic()
        for item in chunk:
            # The time first: a parent that reads the new count with the old time would
            # see a deadline too early; the other way round it only sees one too late.
            state[_SINCE] = time.monotonic()
            state[_STARTED] += 1
            results.append(work(item))
            state[_SINCE] = 0.0
        outbox.send((results, time.monotonic() - began))


def _drain(inbox: Connection, chunks: queue.SimpleQueue[list[Any] | None]) -> None:
    """Take chunks off the pipe as they come, so the parent never blocks sending one while
    this worker blocks sending results (the parent caps how many are queued here)."""
    while True:
        try:
            chunk = inbox.recv()
        except (EOFError, OSError):
            chunk = None
        chunks.put(chunk)
        if chunk is None:
            return


class _Worker:
    """One worker process, its pipes and shared state, and the chunks it holds, oldest first."""

    def __init__(self, context: _Context, work: Work[Any, Any]):
        inbox, self.inbox = context.Pipe(duplex=False)
        self.outbox, outbox = context.Pipe(duplex=False)
        self.state = context.RawArray("d", 2)
        self.process = context.Process(target=_serve, args=(inbox, outbox, work, self.state), daemon=True)
        self.process.start()
        inbox.close()
        outbox.close()
        # Wait until the worker has loaded everything, so no item's time pays for it.
        self.outbox.recv()
        self.held: deque[list[int]] = deque()
        #: Items of the chunks already collected: the head chunk's item i is the worker's item finished + i.
        self.finished = 0

    def give(self, chunk: list[int], items: list[object]) -> None:
        self.held.append(chunk)
        try:
            self.inbox.send(items)
        except OSError:
            pass  # the worker is gone; collecting finds its pipe closed and reports the item

    def running(self) -> tuple[int, float]:
        """Which item of the head chunk the worker is on, and since when (0.0: between items)."""
        while True:
            started, since = self.state[_STARTED], self.state[_SINCE]
            if self.state[_STARTED] == started:
                return max(0, int(started) - self.finished - 1), since

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            # Say so rather than rely on EOF: forked siblings hold copies of this end of the pipe.
            try:
                self.inbox.send(None)
            except OSError:
                pass
        self.inbox.close()
        self.outbox.close()
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


class _Pool(Generic[Item, Result]):
    """Worker processes, each holding a chunk or two of items it does one after the other.

    Each worker says which item it is on and since when, so one that runs over can be
    blamed, its worker replaced, and the items it held handed out again.
    """

    def __init__(self, size: int, work: Work[Item, Result]):
        # fork starts (and restarts, after a timeout) a worker in milliseconds, with the
        # rules already loaded; elsewhere the platform's default start method is used.
        self._fork = sys.platform.startswith("linux")
        self._context: _Context = multiprocessing.get_context("fork") if self._fork else multiprocessing.get_context()
        if self._fork:
            work.warm_up()
        self._work = work
        self._workers = [self._spawn() for _ in range(size)]
        #: Seconds an item takes, as last measured: sets the chunk size. Unknown at first,
        #: so the first chunks hold one item each and every worker starts at once.
        self._per_item: float | None = None

    def _spawn(self) -> _Worker:
        # Frozen, the objects a forked worker inherits are left out of its garbage
        # collections, which would otherwise walk them all and copy every page they sit on.
        # Thawed again at once in this process; a caller's own freeze is left as it is.
        freeze = self._fork and not gc.get_freeze_count()
        if freeze:
            gc.freeze()
        try:
            return _Worker(self._context, self._work)
        finally:
            if freeze:
                gc.unfreeze()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        interrupted = exc[0] is not None
        for worker in self._workers:
            worker.stop(kill=interrupted or bool(worker.held))

    def _chunk_size(self) -> int:
        if self._per_item is None:
            return 1
        return max(1, min(CHUNK_ITEMS, int(CHUNK_SECONDS / max(self._per_item, 1e-6))))

    def ordered(self, items: Iterable[Item], timeout: float | None) -> Iterator[tuple[Item, Result]]:
        source = iter(items)
        read: dict[int, Item] = {}
        done: dict[int, Result] = {}
        waiting: deque[int] = deque()
        next_read = next_out = 0
        exhausted = False
        while True:
            window = len(self._workers) * READ_AHEAD_PER_WORKER * self._chunk_size()
            while not exhausted and next_read - next_out < window:
                item = next(source, _END)
                if item is _END:
                    exhausted = True
                    break
                read[next_read] = item
                waiting.append(next_read)
                next_read += 1
            self._dispatch(read, waiting, exhausted)
            while next_out in done:
                yield read.pop(next_out), done.pop(next_out)
                next_out += 1
            if exhausted and next_out == next_read:
                return
            self._collect(read, done, waiting, timeout)

    def _dispatch(self, read: dict[int, Item], waiting: deque[int], exhausted: bool) -> None:
        """Hand chunks to the workers holding fewest; a part chunk only to an idle worker or
        at the end of the input, so chunks stay full while the input lasts."""
        size = self._chunk_size()
        while waiting:
            worker = min(self._workers, key=lambda w: len(w.held))
            if len(worker.held) >= HELD_PER_WORKER or (len(waiting) < size and worker.held and not exhausted):
                return
            chunk = [waiting.popleft() for _ in range(min(size, len(waiting)))]
            worker.give(chunk, [read[seq] for seq in chunk])

    def _collect(self, read: dict[int, Item], done: dict[int, Result], waiting: deque[int],
                 timeout: float | None) -> None:
        """Wait for results or a deadline; record what finished, replace what died or ran over."""
        busy = [w for w in self._workers if w.held]
        if not busy:  # nothing out to wait for (cannot happen while items are pending; never block)
            return
        wait_for = None if timeout is None else self._next_deadline(busy, timeout) - time.monotonic()
        ready = wait([w.outbox for w in busy], None if wait_for is None else max(0.0, wait_for))
        for worker in busy:
            if worker.outbox in ready:
                try:
                    while worker.held and worker.outbox.poll():
                        results, seconds = worker.outbox.recv()
                        chunk = worker.held.popleft()
                        done.update(zip(chunk, results, strict=True))
                        worker.finished += len(chunk)
                        self._per_item = seconds / len(chunk)
                except (EOFError, OSError):
                    worker.process.join(timeout=1)
                    why = f"the worker process died (exit code {worker.process.exitcode})"
                    self._replace(worker, worker.running()[0], read, done, waiting, Outcome("error", error=why))
            elif timeout is not None:
                # Read once: the item blamed is the one whose start time ran over.
                at, since = worker.running()
                if since and time.monotonic() >= since + timeout:
                    why = f"still running after --timeout {timeout:g} s"
                    self._replace(worker, at, read, done, waiting, Outcome("timeout", error=why))

    def _next_deadline(self, busy: list[_Worker], timeout: float) -> float:
        """The earliest time an item now running could run over (a worker between items is
        looked at again ``timeout`` from now)."""
        now = time.monotonic()
        return min((since or now) + timeout for since in (w.running()[1] for w in busy))

    def _replace(self, worker: _Worker, at: int, read: dict[int, Item], done: dict[int, Result],
                 waiting: deque[int], outcome: Outcome) -> None:
        """Give the worker's item ``at`` (counted over the chunks it holds) ``outcome``, queue
        every other item it held again, start a new worker."""
        worker.stop(kill=True)
        held = [seq for chunk in worker.held for seq in chunk]
        blamed = held[min(at, len(held) - 1)]
        done[blamed] = self._work.failed(read[blamed], outcome)
        waiting.extendleft(reversed([seq for seq in held if seq != blamed]))
        worker.held.clear()
        self._workers[self._workers.index(worker)] = self._spawn()


#: Marks the end of the input (an item may be None).
_END: Any = object()
