"""Run the library over a stream of documents: in order, in parallel, with a per-document timeout.

``run()`` yields ``(task, outcome)`` pairs in input order whatever the number of
workers, so the output is identical for any ``parallel``. Memory stays flat: at most
``window`` documents are read ahead of the next one to write. Each worker process
holds one document at a time, so the parent knows when each started; one that runs
past ``timeout`` is killed and replaced, its document becomes a ``timeout`` outcome,
and the batch goes on. Without a timeout, one worker runs in this process.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Self

from cleantext.options import Options
from cleantext.pipeline import explain
from cleantext.records import Outcome, Task

#: Documents read ahead per worker: enough to keep every worker busy while one slow
#: document holds up the output, small enough that memory does not grow with the stream.
READ_AHEAD_PER_WORKER = 8


def clean_one(doc: str | bytes, options: Options, with_removed: bool) -> Outcome:
    """Clean one document into an Outcome; an exception becomes an ``error`` outcome, never a crash."""
    try:
        result = explain(doc, options=options)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
        return Outcome("error", error=f"{type(exc).__name__}: {exc}")
    return Outcome(
        "ok" if result.text else "empty",
        text=result.text,
        removed=result.removed if with_removed else (),
        notes=result.notes if with_removed else (),
    )


def run(
    tasks: Iterable[Task],
    options: Options,
    *,
    with_removed: bool = False,
    parallel: int = 1,
    timeout: float | None = None,
) -> Iterator[tuple[Task, Outcome]]:
    """Clean every task's document; yield each task with its outcome, in input order."""
    if parallel < 1:
        raise ValueError(f"parallel must be at least 1, not {parallel}")
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout}")
    if parallel == 1 and timeout is None:
        for task in tasks:
            yield task, task.outcome or clean_one(task.doc, options, with_removed)  # type: ignore[arg-type]
        return
    with _Pool(parallel, options, with_removed) as pool:
        yield from pool.ordered(tasks, timeout, window=parallel * READ_AHEAD_PER_WORKER)


def _serve(conn: Connection, options: Options, with_removed: bool) -> None:
    """A worker's loop: one document in, one Outcome out, until None or a closed pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    while True:
        try:
            doc = conn.recv()
        except EOFError:
            return
        if doc is None:
            return
        conn.send(clean_one(doc, options, with_removed))


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: multiprocessing.context.BaseContext, options: Options, with_removed: bool):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, options, with_removed), daemon=True)
        self.process.start()
        child.close()
        self.seq = -1
        self.deadline = float("inf")

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            # Say so rather than rely on EOF: forked siblings hold copies of this end of the pipe.
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.conn.close()
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


class _Pool:
    """Worker processes fed one document each, so a stuck one can be found and replaced."""

    def __init__(self, size: int, options: Options, with_removed: bool):
        # fork starts (and restarts, after a timeout) a worker in milliseconds, with the
        # rules already loaded; elsewhere the platform's default start method is used.
        method = "fork" if sys.platform.startswith("linux") else None
        self._context = multiprocessing.get_context(method)
        self._options = options
        self._with_removed = with_removed
        self._idle = [self._spawn() for _ in range(size)]
        self._busy: list[_Worker] = []

    def _spawn(self) -> _Worker:
        return _Worker(self._context, self._options, self._with_removed)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        interrupted = exc[0] is not None
        for worker in self._idle + self._busy:
            worker.stop(kill=interrupted or worker in self._busy)

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
            while waiting and self._idle:
                self._dispatch(self._idle.pop(), waiting.popleft(), read, timeout)
            while next_out in done:
                yield read.pop(next_out), done.pop(next_out)
                next_out += 1
            if exhausted and next_out == next_read:
                return
            if self._busy:
                self._collect(done, timeout)

    def _dispatch(self, worker: _Worker, seq: int, read: dict[int, Task], timeout: float | None) -> None:
        worker.seq = seq
        worker.deadline = time.monotonic() + timeout if timeout is not None else float("inf")
        try:
            worker.conn.send(read[seq].doc)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the worker is gone; _collect sees its pipe closed and reports the document
        self._busy.append(worker)

    def _collect(self, done: dict[int, Outcome], timeout: float | None) -> None:
        """Wait for the first result or deadline; record what finished, replace what died or ran over."""
        wait_for = None if timeout is None else max(0.0, min(w.deadline for w in self._busy) - time.monotonic())
        ready = wait([w.conn for w in self._busy], wait_for)
        for worker in list(self._busy):
            if worker.conn in ready:
                try:
                    done[worker.seq] = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join(timeout=1)
                    code = worker.process.exitcode
                    done[worker.seq] = Outcome("error", error=f"the worker process died (exit code {code})")
                    self._replace(worker)
                    continue
                self._busy.remove(worker)
                self._idle.append(worker)
            elif time.monotonic() >= worker.deadline:
                done[worker.seq] = Outcome("timeout", error=f"still running after --timeout {timeout:g} s")
                self._replace(worker)

    def _replace(self, worker: _Worker) -> None:
        self._busy.remove(worker)
        worker.stop(kill=True)
        self._idle.append(self._spawn())
