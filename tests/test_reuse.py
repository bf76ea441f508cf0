"""--two-pass reuse: a page learning prepared is finished by the cleaning pass, never mistaken for another."""

from __future__ import annotations

import pickle

import cleantext
from cleantext.batch import Clean
from cleantext.cli import Job
from cleantext.pipeline import finish, prepare
from cleantext.records import Reading, Task, Unread
from cleantext.reuse import Reused, Spill, digest

PAGE = ("<html><head><title>Harbour reopens</title></head><body><article>"
        "<p>The harbour reopened on Monday after a week of storms kept every boat ashore.</p>"
        "<p>Fishermen said the first catch was small but welcome.</p></article>"
        "<footer><p>Follow us on social media</p></footer></body></html>")
TEXT = "\u201cThe ferry is back,\u201d the mayor said.\nAdvertisement\nIt sails twice a day."


def test_a_pickled_prepared_page_finishes_as_explain_does():
    """A prepared page that went through a file (pickled) finishes with the options it was prepared with."""
    options = cleantext.Options(keep_quotes=True, prepend_title=True)
    for doc in (PAGE, TEXT):
        for discarded in (True, False):
            prepared = pickle.loads(pickle.dumps(prepare(doc, options=options, discarded=discarded)))
            assert finish(prepared) == cleantext.explain(doc, options=options, discarded=discarded)


def test_input_that_is_not_text_is_finished_as_it_is():
    """prepare() gives the final result for bytes that are a file format; finish() returns it."""
    png = b"\x89PNG\r\n\x1a\n\x00\x00"
    assert finish(prepare(png)) == cleantext.explain(png)


def test_the_spill_gives_each_kept_page_to_its_own_item():
    """Items read again in order: those a page was kept for come with it, the others as they were."""
    items = [Unread({"file": "a.jsonl", "line": n}) for n in range(1, 5)]
    spill = Spill()
    spill.put(items[1].where, TEXT, prepare(TEXT))
    spill.put(items[3].where, PAGE, prepare(PAGE))
    attached = list(spill.attach(items))
    spill.close()
    assert [type(x).__name__ for x in attached] == ["Unread", "Reused", "Unread", "Reused"]
    assert [x.item for x in attached if isinstance(x, Reused)] == [items[1], items[3]]
    assert finish(attached[3].prepared).text == cleantext.clean(PAGE)


def test_a_record_changed_between_the_passes_is_prepared_again():
    """A kept page whose digest is not the record's document is not used: the record is cleaned anew."""
    job = Job(Clean(cleantext.Options()), Reading(), records=True, output_key="text")
    task = Task({"id": 1}, {"file": "a.jsonl", "line": 1}, doc=TEXT)
    stale = Reused(task, prepare(PAGE), digest(PAGE))
    assert (stale.prepared_for(TEXT), stale.prepared_for(PAGE) is not None) == (None, True)
    assert job(stale) == job(task)
