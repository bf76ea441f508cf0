"""The worker pool: items go out in chunks, results come back in order, and a timeout or a
dead worker stays per item inside a chunk.

The jobs here are tiny classes, so the chunks grow to their cap after the first result;
workers are forked from this process (Linux), which is how they get the test's job.
"""

from __future__ import annotations

import os
import sys
import time

import pytest

from cleantext import batch
from cleantext.records import Outcome

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked only on Linux")

SLOW, DIE = 50, 70
ITEMS = list(range(200))


class Double:
    """Doubles a number; sleeps far past any test timeout on SLOW, dies outright on DIE."""

    def __init__(self, slow: bool = False, die: bool = False) -> None:
        self.slow, self.die = slow, die

    def warm_up(self) -> None:
        pass

    def __call__(self, item: int) -> tuple[int, int]:
        if self.slow and item == SLOW:
            time.sleep(30)
        if self.die and item == DIE:
            os._exit(3)
        return 2 * item, os.getpid()

    def failed(self, item: int, outcome: Outcome) -> tuple[int, int]:
        return -item, len(outcome.status)


def test_items_are_done_in_workers_and_come_back_in_order():
    """Every result comes from a worker process, not the parent, and in input order."""
    results = list(batch.run(ITEMS, Double(), parallel=2))
    assert [(i, 2 * i) for i in ITEMS] == [(item, doubled) for item, (doubled, _) in results]
    assert os.getpid() not in {pid for _, (_, pid) in results}


class Frozen(Double):
    """Doubles a number and says how many objects the worker's garbage collector leaves alone."""

    def __call__(self, item: int) -> tuple[int, int]:
        import gc

        return 2 * item, gc.get_freeze_count()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_forked_workers_leave_inherited_objects_to_the_parent_and_the_parent_thaws():
    """A forked worker's collector skips what it inherited (gc.freeze around the fork), and
    the parent's own collector is left as it was, nothing frozen."""
    import gc

    assert gc.get_freeze_count() == 0
    results = list(batch.run(ITEMS[:20], Frozen(), parallel=2))
    assert all(frozen > 0 for _, (_, frozen) in results)
    assert gc.get_freeze_count() == 0


def test_items_travel_in_chunks(monkeypatch):
    """The parent sends far fewer messages than there are items once it knows how long one takes."""
    sent = []
    give = batch._Worker.give
    monkeypatch.setattr(batch._Worker, "give", lambda self, chunk, items: (sent.append(len(chunk)), give(self, chunk, items)))
    list(batch.run(ITEMS, Double(), parallel=2))
    assert len(ITEMS) == sum(sent)
    assert len(sent) <= len(ITEMS) // 10


def test_a_slow_item_inside_a_chunk_times_out_alone():
    """The item that runs past the timeout gets the failed result; the others of its chunk are redone."""
    start = time.monotonic()
    results = dict(batch.run(ITEMS, Double(slow=True), parallel=1, timeout=1))
    assert time.monotonic() - start < 15
    assert (-SLOW, len("timeout")) == results.pop(SLOW)
    assert {i: 2 * i for i in ITEMS if i != SLOW} == {item: doubled for item, (doubled, _) in results.items()}


def test_a_worker_that_dies_inside_a_chunk_blames_one_item():
    """A worker dying on one item of a chunk gives that item an error; the rest come back done."""
    results = list(batch.run(ITEMS, Double(die=True), parallel=2))
    assert ITEMS == [item for item, _ in results]
    assert [(-DIE, len("error"))] == [result for item, result in results if item == DIE]
    assert all(doubled == 2 * item for item, (doubled, _) in results if item != DIE)


def test_chunks_aim_at_a_fixed_time_within_bounds():
    """The chunk size follows the measured time per item, from one item up to CHUNK_ITEMS."""
    pool = batch._Pool.__new__(batch._Pool)
    sizes = []
    for per_item in (None, 10.0, batch.CHUNK_SECONDS / 5, 1e-9):
        pool._per_item = per_item
        sizes.append(pool._chunk_size())
    assert [1, 1, 5, batch.CHUNK_ITEMS] == sizes
