"""Site templates on the dev corpora: F1 with and without templates learned from the pages.

For each corpus (big9_chaos and dragnet by default) the templates are learned from every
page of the corpus, without any gold: the blocks of each page as cleaning sees them, per
site (the index's ``site``), in worker shards merged afterwards. Every page is then cleaned
with and without them, as HTML and as page text (html-text's rendering). Scored per site
group: sites with 5+ pages (where templates may act) and the rest (where the output must
not change; pages without a site in the index count there), each split into the tuning and checking halves of corpora.py.

Also reported: which newly cut blocks are gold text (the body a template rule must not
cut), learning's determinism under shuffling and sharding, the largest site's memory, and
what learning + cleaning costs against cleaning alone: learning prepares each page
(``pipeline.prepare``: extraction, for HTML) and adds its blocks, and cleaning finishes the
prepared page with the templates (``pipeline.finish``), so a page is extracted once, as in
the CLI's ``--two-pass``. The cost is timed in this process on the first COST_PAGES pages
of the 5+-page sites, the systems taking turns chunk by chunk, each chunk's best of three
(common.best_cpu_seconds, which also leaves out what a first call pays), the rule answers
and block fingerprints kept across documents dropped before each chunk. The synthetic check:
one site's articles in Swahili (no rules for it) each followed by the same appeal; templates
alone must cut the appeal on every page and keep every body line.
"""

from __future__ import annotations

import gc
import gzip
import pickle
import random
import sys
from collections import Counter
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path

from common import best_cpu_seconds, describe, import_cleantext, make_parser, markdown_table, write
from corpora import HALVES, Page, _page_text, figure, half, load, scored
from metric import shingles

CORPORA = ("big9_chaos", "dragnet")
MODES = ("html", "pagetext")
#: Sites with at least this many pages are where templates may act (the issue's split).
MANY = 5
#: Pages timed for the cost columns: enough chunks of common.CHUNK that a burst of load
#: on a shared machine is one chunk's best of three, not the figure.
COST_PAGES = 200
#: A newly cut block counts as gold text when this share of its shingles is in the gold.
GOLD_SHARE = 0.5

_ct = import_cleantext()


def _input(page: Page, mode: str) -> str | bytes:
    raw = gzip.decompress(page.path.read_bytes())
    return raw if mode == "html" else _page_text(raw)


def _prepared(doc: str | bytes) -> object:
    """A page prepared as learning prepares it (the cleaning pass finishes it, as the CLI's
    --two-pass does), through a pickle round trip: what --two-pass pays to spill it."""
    from cleantext.pipeline import prepare

    return pickle.loads(pickle.dumps(prepare(doc, discarded=False)))


def _learn(job: tuple[Page, str]) -> tuple[str, str, object]:
    page, mode = job
    return page.id, page.site, _prepared(_input(page, mode))


def _alone(job: tuple[Page, str]) -> tuple[str, str]:
    """One page cleaned without templates."""
    page, mode = job
    return page.id, _ct.clean(_input(page, mode))


_templates: object = None


def _set_templates(templates: object) -> None:
    global _templates
    _templates = templates


def _clean(job: tuple[Page, object]) -> tuple[str, str, list[tuple[int, str]], list[int]]:
    """One prepared page finished with the templates, and the blocks it cut or kept anew."""
    from cleantext.pipeline import finish

    page, prepared = job
    result = finish(prepared, templates=_templates, site=page.site or None)  # type: ignore[arg-type]
    plain = finish(prepared)  # type: ignore[arg-type]
    before = {r.block for r in plain.removed}
    new = [(r.block, r.text) for r in result.removed if r.block not in before]
    back = sorted(before - {r.block for r in result.removed})
    return page.id, result.text, new, back


def _in_gold(text: str, gold: Counter) -> bool:
    own = shingles(text)
    return bool(own) and sum((own & gold).values()) >= GOLD_SHARE * sum(own.values())


def run_corpus(data: Path, corpus: str, mode: str, workers: int) -> Iterator[list[object]]:
    pages = scored(load(data, corpus))
    per_site = Counter(p.site for p in pages if p.site)
    jobs = [(p, mode) for p in pages]
    learned = [_ct.Templates() for _ in range(workers)]
    plain: dict[str, str] = {}
    texts: dict[str, tuple[str, list[str]]] = {}
    prepared: dict[str, object] = {}
    with Pool(workers) as pool:
        plain.update(pool.imap(_alone, jobs, chunksize=4))
        for n, (page_id, site, ready) in enumerate(pool.imap(_learn, jobs, chunksize=4)):
            blocks = [b.text for b in getattr(ready, "blocks", ())]
            if site:  # a page of no known site (dragnet has some) is learned by none
                learned[n % workers].add(site, blocks)  # shards, merged below
                texts[page_id] = (site, blocks)
            prepared[page_id] = ready
    templates = learned[0]
    for shard in learned[1:]:
        templates.merge(shard)
    yield from _determinism(corpus, mode, templates, texts)
    with Pool(workers, initializer=_set_templates, initargs=(templates,)) as pool:
        results = list(pool.imap(_clean, [(p, prepared[p.id]) for p in pages], chunksize=4))
    cleaned = {page_id: out for page_id, out, _, _ in results}
    gold = {p.id: shingles(p.gold) for p in pages}
    new_cut = [(pid, text) for pid, _, new, _ in results for _, text in new]
    cut_gold = sum(_in_gold(text, gold[pid]) for pid, text in new_cut)
    by_id = {p.id: p for p in pages}
    few_changed = sum(1 for pid, out in cleaned.items() if per_site[by_id[pid].site] < MANY and out != plain[pid])
    memory = max((templates.memory(s) for s in templates.sites()), default=0)
    timed = [p for p in pages if per_site[p.site] >= MANY][:COST_PAGES]
    learn_clean, finish_only = cost(timed, mode, templates, prepared)
    yield ["stats", corpus, mode, len(new_cut), cut_gold, sum(len(r[3]) for r in results), few_changed,
           memory, learn_clean, finish_only]
    for group in ("5+ pages", "fewer"):
        for part in ("all", *HALVES):
            chosen = [p for p in pages if (per_site[p.site] >= MANY) == (group == "5+ pages")
                      and (part == "all" or half(p.site) == part)]
            a, b = figure(chosen, plain), figure(chosen, cleaned)
            sites = len({p.site for p in chosen})
            yield ["score", corpus, mode, group, part, sites, a.pages, a, b]


def cost(pages: list[Page], mode: str, templates: object, prepared: dict[str, object]) -> tuple[float, float]:
    """CPU time of learning + cleaning with templates, and of finishing prepared pages with
    them, each against cleaning alone (see the module docstring)."""
    from cleantext import match
    from cleantext import templates as learned
    from cleantext.pipeline import finish

    def forget() -> None:
        match.forget()
        learned.forget()

    docs = [(_input(p, mode), p.site) for p in pages]

    def learn_and_clean(item: object) -> object:
        doc, site = item  # type: ignore[misc]
        ready = _prepared(doc)
        _ct.Templates().add(site, [b.text for b in ready.blocks])
        return finish(ready, templates=templates, site=site)

    def finish_with(item: object) -> object:
        ready, site = item  # type: ignore[misc]
        return finish(ready, templates=templates, site=site)

    # The corpus's prepared pages and outputs, held here, are left out of garbage collections
    # while timing: walking them would be charged to whichever system allocates most.
    gc.freeze()
    try:
        seconds = best_cpu_seconds({
            "alone": (lambda item: _ct.clean(item[0]), docs),  # type: ignore[index]
            "learn + clean": (learn_and_clean, docs),
            "finish": (finish_with, [(prepared[p.id], p.site) for p in pages]),
        }, fresh=forget)
    finally:
        gc.unfreeze()
    return seconds["learn + clean"] / seconds["alone"], seconds["finish"] / seconds["alone"]


def _determinism(corpus: str, mode: str, templates: object, texts: dict[str, tuple[str, list[str]]]) -> Iterator[list[object]]:
    """Learn again in a shuffled order, in three shards: the same file must come out."""
    items = sorted(texts.items())
    random.Random(17).shuffle(items)
    shards = [_ct.Templates() for _ in range(3)]
    for n, (_, (site, blocks)) in enumerate(items):
        shards[n % 3].add(site, blocks)
    again = shards[2].merge(shards[0]).merge(shards[1])
    yield ["determinism", corpus, mode, again == templates]


SWAHILI_TOWNS = ("Arusha", "Mombasa", "Dodoma", "Kisumu", "Tanga", "Moshi", "Nakuru", "Lamu", "Mwanza", "Iringa")
SWAHILI_MONTHS = ("Januari", "Februari", "Machi", "Aprili", "Mei", "Juni", "Julai", "Agosti", "Septemba", "Oktoba")
SWAHILI_APPEAL = (
    "Ujumbe kutoka kwa Sauti ya Pwani:",
    "Wasomaji wapendwa, uandishi huru wa habari unategemea msaada wenu kila mwezi.",
    "Kila mchango mdogo hutusaidia kuendelea kuandika habari za kweli bila woga.",
    "Changia sasa",
    "Nikumbushe baadaye",
)


def swahili_site() -> list[tuple[list[str], str]]:
    """Ten articles (written for this check) as (body lines, page text with the appeal appended)."""
    pages = []
    for town, month in zip(SWAHILI_TOWNS, SWAHILI_MONTHS, strict=True):
        body = [
            f"Wakazi wa {town} walikutana jana kujadili ujenzi wa soko jipya karibu na kituo cha mabasi.",
            f"Mkuu wa wilaya alisema kazi itaanza mwezi {month} na itachukua miaka miwili kukamilika.",
            f"Wafanyabiashara wa {town} wanatarajia kwamba soko hilo litaongeza mapato yao kwa kiasi kikubwa.",
        ]
        pages.append((body, "\n\n".join([*body, *SWAHILI_APPEAL])))
    return pages


def synthetic() -> list[object]:
    site = swahili_site()
    templates = _ct.Templates()
    for _, text in site:
        templates.learn(text, site="sautiyapwani.example")
    outs = [(body, _ct.clean(text, templates=templates, site="sautiyapwani.example")) for body, text in site]
    cut = sum(not any(line in out for line in SWAHILI_APPEAL) for _, out in outs)
    intact = sum(out == "\n".join(body) for body, out in outs)
    without = sum(_ct.clean(text) == "\n".join(body) for body, text in site)
    return [len(site), cut, intact, without]


def _fig(f: object) -> str:
    return f"{f.f1:.3f} (P {f.precision:.3f}, R {f.recall:.3f})"  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__.splitlines()[0], data_help="the dev corpora folder (data/dev: one folder per corpus)")
    parser.description = "F1 with and without site templates on the dev corpora"
    parser.add_argument("corpora", nargs="*", metavar="CORPUS", help=f"corpora (default: {' '.join(CORPORA)})")
    parser.add_argument("--modes", default=",".join(MODES), help="html, pagetext or both (comma-separated)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args(argv)
    scores, stats, checks = [], [], []
    for corpus in args.corpora or CORPORA:
        for mode in args.modes.split(","):
            for row in run_corpus(args.data, corpus, mode, args.workers):
                kind, rest = row[0], row[1:]
                if kind == "score":
                    c, m, group, part, sites, n, a, b = rest
                    scores.append([c, m, group, part, sites, n, _fig(a), _fig(b), f"{b.f1 - a.f1:+.3f}",
                                   f"{b.recall - a.recall:+.3f}" if b.recall is not None else ""])
                elif kind == "stats":
                    c, m, new, in_gold, back, few, memory, cost, with_only = rest
                    stats.append([c, m, new, in_gold, back, few, memory, f"{cost:.2f}x", f"{with_only:.2f}x"])
                else:
                    checks.append([*rest[:2], "same" if rest[2] else "DIFFERENT"])
            print(f"{corpus} {mode}: done", file=sys.stderr)
    pages, cut, intact, without = synthetic()
    lines = [
        f"Site templates on the dev corpora in {args.data} ({describe(_ct)})",
        "",
        "F1 (precision, recall) without and with templates learned from the corpus's own pages, no gold:",
        "",
        markdown_table(["corpus", "mode", "site group", "half", "sites", "pages", "without", "with", "F1 delta", "R delta"], scores),
        "",
        "Blocks newly cut with templates (of them, mostly gold text), blocks newly kept, outputs changed on",
        "sites with fewer than 5 pages, the largest site's fingerprint bytes, and CPU time of learning",
        "+ cleaning with templates (learning prepares each page once, cleaning finishes it), and of",
        f"finishing with templates alone, against cleaning alone (the first {COST_PAGES} pages of the 5+-page",
        "sites, chunk by chunk, best of three):",
        "",
        markdown_table(["corpus", "mode", "newly cut", "of them gold", "newly kept", "fewer-page outputs changed",
                        "max bytes per site", "learn + clean", "finish with templates"], stats),
        "",
        "Learning again in a shuffled order, in three shards merged in another order:",
        "",
        markdown_table(["corpus", "mode", "templates file"], checks),
        "",
        "Synthetic: one site's Swahili articles, each followed by the same appeal (no Swahili rules):",
        "",
        markdown_table(["pages", "appeal cut", "body intact", "body intact without templates"],
                       [[pages, cut, intact, without]]),
    ]
    write("\n".join(lines), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
