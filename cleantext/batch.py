"""Run the library over a stream of documents: in order, in parallel, with a per-document timeout.

``run()`` yields ``(task, outcome)`` pairs in input order whatever the number of
workers, so the output is identical for any ``parallel``. Memory stays flat: at most
``window`` documents are read ahead of the next one to write. Each worker process
cleans the few documents it holds in the order it got them, so the parent knows which
one is running and since when; one that runs past ``timeout`` is killed and replaced,
its document becomes a ``timeout`` outcome, and the batch goes on. With one worker and
no timeout, the documents are cleaned in this process.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Self, TypeAlias

from cleantext.options import Options
from cleantext.pipeline import NOT_TEXT, explain
from cleantext.records import Outcome, Task
from cleantext.templates import Templates

if TYPE_CHECKING:
    from multiprocessing.context import DefaultContext, ForkContext

    #: A pool's start-method context: fork on Linux, the platform's default elsewhere.
    _Context: TypeAlias = ForkContext | DefaultContext

#: Documents read ahead per worker: enough to keep every worker busy while one slow
#: document holds up the output, small enough that memory does not grow with the stream.
READ_AHEAD_PER_WORKER = 8
#: Documents a worker holds at once: the one it cleans and the next ones, so it never sits
#: idle waiting for the parent to send more (which costs most on short documents).
HELD_PER_WORKER = 4


def clean_one(
    doc: str | bytes, options: Options, with_removed: bool, url: str | None = None, templates: Templates | None = None
) -> Outcome:
    """Clean one document into an Outcome; an exception becomes an ``error`` outcome, never a crash.
    With ``templates``, the document's site is its URL's registered domain."""
    try:
        result = explain(doc, options=options, url=url, templates=templates)
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


def warm_up(options: Options) -> None:
    """Load what the first document would otherwise pay for (rule patterns, the HTML extractor).

    That first call takes seconds, far beyond a per-document timeout; a forked worker
    inherits it already done.
    """
    for doc in ("Warm-up text.", "<html><body><p>Warm-up page.</p></body></html>"):
        clean_one(doc, options, with_removed=False)


def run(
    tasks: Iterable[Task],
    options: Options,
    *,
    with_removed: bool = False,
    parallel: int = 1,
    timeout: float | None = None,
    templates: Templates | None = None,
) -> Generator[tuple[Task, Outcome], None, None]:
    """Clean every task's document; yield each task with its outcome, in input order.
    ``templates`` (site templates, learned beforehand) go to every worker with the options."""
    if parallel < 1:
        raise ValueError(f"parallel must be at least 1, not {parallel}")
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout}")
    if parallel == 1 and timeout is None:
        for task in tasks:
            yield task, task.outcome or clean_one(task.doc, options, with_removed, task.url, templates)  # type: ignore[arg-type]
        return
    with _Pool(parallel, options, with_removed, templates) as pool:
        yield from pool.ordered(tasks, timeout, window=parallel * READ_AHEAD_PER_WORKER)


def _serve(
    inbox: Connection, outbox: Connection, options: Options, with_removed: bool, templates: Templates | None
) -> None:
    """A worker's loop: documents in, one Outcome out per document in order, until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    warm_up(options)
    outbox.send("ready")
    docs: queue.SimpleQueue[tuple[str | bytes, str | None] | None] = queue.SimpleQueue()
    threading.Thread(target=_drain, args=(inbox, docs), daemon=True).start()
    while (item := docs.get()) is not None:
        doc, url = item
        outbox.send(clean_one(doc, options, with_removed, url, templates))


def _drain(inbox: Connection, docs: queue.SimpleQueue[tuple[str | bytes, str | None] | None]) -> None:
    """Take documents off the pipe as they come, so the parent never blocks sending one
    while this worker blocks sending a result (the parent caps how many are queued here)."""
    while True:
        try:
            doc = inbox.recv()
        except (EOFError, OSError):
            doc = None
        docs.put(doc)
        if doc is None:
            return


class _Worker:
    """One worker process, its two pipes, and the documents it holds, oldest (running) first."""

    def __init__(self, context: _Context, options: Options, with_removed: bool, templates: Templates | None):
        inbox, self.inbox = context.Pipe(duplex=False)
        self.outbox, outbox = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(inbox, outbox, options, with_removed, templates), daemon=True)
        self.process.start()
        inbox.close()
        outbox.close()
        # Wait until the worker has loaded everything, so no document's time pays for it.
        self.outbox.recv()
        self.held: deque[int] = deque()
        #: When the document at the head of ``held`` started: when it was sent to an idle worker,
        #: or when the result before it came back (never earlier than it really started).
        self.started = 0.0

    def give(self, seq: int, doc: str | bytes, url: str | None) -> None:
        if not self.held:
            self.started = time.monotonic()
        self.held.append(seq)
        try:
            self.inbox.send((doc, url))
        except OSError:
            pass  # the worker is gone; collecting finds its pipe closed and reports the document

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


class _Pool:
    """Worker processes, each holding a few documents it cleans one after the other.

    The parent knows which document each worker is on (the oldest it holds) and since
    when, so one that runs over can be blamed, its worker replaced, and the documents
    queued behind it handed out again.
    """

    def __init__(self, size: int, options: Options, with_removed: bool, templates: Templates | None = None):
        # fork starts (and restarts, after a timeout) a worker in milliseconds, with the
        # rules already loaded; elsewhere the platform's default start method is used.
        fork = sys.platform.startswith("linux")
        self._context: _Context = multiprocessing.get_context("fork") if fork else multiprocessing.get_context()
        if fork:
            warm_up(options)
        self._options = options
        self._with_removed = with_removed
        self._templates = templates
        self._workers = [self._spawn() for _ in range(size)]

    def _spawn(self) -> _Worker:
        return _Worker(self._context, self._options, self._with_removed, self._templates)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        interrupted = exc[0] is not None
        for worker in self._workers:
            worker.stop(kill=interrupted or bool(worker.held))

    def ordered(self, tasks: Iterable[Task], timeout: float | None, window: int) -> Iterator[tuple[Task, Outcome]]:
        source = iter(tasks)
        read: dict[int, Task] = {}
        done: dict[int, Outcome] = {}
        waiting: deque[int] = deque()
        next_read = next_out = 0
        exhausted = False
        while True:
            while not exhausted and next_read - next_out < window:
                task = next(source, None)
                if task is None:
                    exhausted = True
                    break
                read[next_read] = task
                if task.outcome is not None:
                    done[next_read] = task.outcome
                else:
                    waiting.append(next_read)
                next_read += 1
            while waiting:
                worker = min(self._workers, key=lambda w: len(w.held))
                if len(worker.held) >= HELD_PER_WORKER:
                    break
                seq = waiting.popleft()
                worker.give(seq, read[seq].doc, read[seq].url)  # type: ignore[arg-type]
            while next_out in done:
                yield read.pop(next_out), done.pop(next_out)
                next_out += 1
            if exhausted and next_out == next_read:
                return
            # Nothing held (every task read so far failed before cleaning): read on instead.
            if any(w.held for w in self._workers):
                self._collect(done, waiting, timeout)

    def _collect(self, done: dict[int, Outcome], waiting: deque[int], timeout: float | None) -> None:
        """Wait for a result or a deadline; record what finished, replace what died or ran over."""
        busy = [w for w in self._workers if w.held]
        wait_for = None
        if timeout is not None:
            wait_for = max(0.0, min(w.started for w in busy) + timeout - time.monotonic())
        ready = wait([w.outbox for w in busy], wait_for)
        for worker in busy:
            if worker.outbox in ready:
                try:
                    while worker.held and worker.outbox.poll():
                        done[worker.held.popleft()] = worker.outbox.recv()
                        worker.started = time.monotonic()
                except (EOFError, OSError):
                    worker.process.join(timeout=1)
                    why = f"the worker process died (exit code {worker.process.exitcode})"
                    self._replace(worker, done, waiting, Outcome("error", error=why))
            elif timeout is not None and time.monotonic() >= worker.started + timeout:
                why = f"still running after --timeout {timeout:g} s"
                self._replace(worker, done, waiting, Outcome("timeout", error=why))

    def _replace(self, worker: _Worker, done: dict[int, Outcome], waiting: deque[int], outcome: Outcome) -> None:
        """Give the running document ``outcome``, queue the ones behind it again, start a new worker."""
        done[worker.held.popleft()] = outcome
        waiting.extendleft(reversed(worker.held))
        worker.held.clear()
        worker.stop(kill=True)
        self._workers[self._workers.index(worker)] = self._spawn()
