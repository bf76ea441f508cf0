"""Site templates: learning is deterministic, bounded and mergeable; cleaning weighs them as evidence."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import templates as templates_
from cleantext.pipeline import finish
from cleantext.templates import KEPT_CHARS, MAX_BLOCKS, Templates, fingerprint, site_of
from tests.strategies import site_pages

SITE = "uudised.example"
#: An appeal in Estonian, a language the rule catalog does not speak.
APPEAL = (
    "Sõnum Uudiste toimetuselt:",
    "Head lugejad, sõltumatu ajakirjandus vajab teie tuge igal kuul, et jätkata tööd.",
    "Iga väikegi annetus aitab meil kirjutada ausalt ja ilma hirmuta.",
    "Toeta meid",
    "Tuleta hiljem meelde",
)
TOWNS = ("Tartu", "Pärnu", "Narva", "Viljandi", "Rakvere", "Kuressaare", "Haapsalu", "Valga")
MONTHS = ("jaanuaris", "veebruaris", "märtsis", "aprillis", "mais", "juunis", "juulis", "augustis")


def article(town: str, month: str) -> list[str]:
    """Three body paragraphs of one article (written for these tests)."""
    return [
        f"Linnavolikogu kogunes {town} kesklinnas, et arutada uue turuhoone ehitamist bussijaama kõrval.",
        f"Linnapea ütles, et ehitus algab {month} ja kestab umbes kaks aastat, kui raha jätkub.",
        f"Kohalikud kaupmehed loodavad, et uus turg toob {town} rohkem ostjaid ka talvekuudel.",
    ]


def pages() -> list[tuple[list[str], str]]:
    """(body, page text with the appeal appended) for each article of the site."""
    return [(body, "\n\n".join([*body, *APPEAL])) for body in map(article, TOWNS, MONTHS)]


def learned(docs: list[str], site: str = SITE) -> Templates:
    t = Templates()
    for doc in docs:
        assert t.learn(doc, site=site)
    return t


def from_pages(pages: list[tuple[str, list[str]]], order: list[int], shards: int) -> Templates:
    parts = [Templates(sample=3) for _ in range(shards)]
    for n, i in enumerate(order):
        site, texts = pages[i]
        parts[n % shards].add(site, texts)
    merged = parts[-1]
    for part in parts[:-1]:
        merged.merge(part)
    return merged


@settings(max_examples=60, deadline=None)
@given(site_pages(), st.randoms(use_true_random=False), st.integers(min_value=1, max_value=4))
def test_learning_is_the_same_in_any_order_and_any_sharding(pages, rnd, shards):
    """Shuffled and split across workers, then merged: the same templates as one ordered pass."""
    order = list(range(len(pages)))
    rnd.shuffle(order)
    assert from_pages(pages, order, shards).to_dict() == from_pages(pages, list(range(len(pages))), 1).to_dict()


def test_the_appeal_in_a_language_without_rules_goes_from_every_page():
    """Templates alone cut an Estonian appeal from every article; each body comes back whole."""
    site = pages()
    t = learned([text for _, text in site])
    assert [cleantext.clean(text, templates=t, site=SITE) for _, text in site] == ["\n".join(b) for b, _ in site]


def test_without_templates_the_appeal_stays():
    """The check above is the templates' doing: no rule knows the appeal."""
    body, text = pages()[0]
    assert cleantext.clean(text) != "\n".join(body)


def test_a_removal_says_on_how_many_pages_the_block_was_seen():
    """The evidence names the count and the site, as the report shows it."""
    site = pages()
    t = learned([text for _, text in site])
    removed = cleantext.explain(site[0][1], templates=t, site=SITE).removed
    assert {(r.category, r.rule_id, r.evidence.split(" in ")[0]) for r in removed} == {
        ("template", "template.site", f"on 8 of 8 pages of {SITE}")
    }


def test_a_site_with_too_few_pages_learned_changes_nothing():
    """Four pages learned (fewer than MIN_PAGES): the output is the one without templates."""
    site = pages()[: templates_.MIN_PAGES - 1]
    t = learned([text for _, text in site])
    assert [cleantext.clean(text, templates=t, site=SITE) for _, text in site] == [cleantext.clean(text) for _, text in site]


def test_another_sites_templates_change_nothing():
    """Templates count only for the site they were learned on."""
    site = pages()
    t = learned([text for _, text in site])
    assert cleantext.clean(site[0][1], templates=t, site="other.example") == cleantext.clean(site[0][1])


def test_a_repeated_sentence_inside_the_body_stays():
    """A standing sentence the site prints in the middle of every article is body: no rule agrees."""
    standing = "Toimetus kontrollib kõiki fakte enne avaldamist kahe sõltumatu allika põhjal."
    docs = []
    for body in map(article, TOWNS, MONTHS):
        docs.append("\n\n".join([body[0], standing, *body[1:]]))
    t = learned(docs)
    assert cleantext.clean(docs[0], templates=t, site=SITE) == cleantext.clean(docs[0])


def test_a_repeated_paragraph_does_not_open_a_region_over_the_body_after_it():
    """A site's recurring paragraph before the article's last paragraphs does not take them with it."""
    standing = "Selle artikli koostamisel kasutati ka uudisteagentuuride materjale ja pilte."
    docs = ["\n\n".join([b[0], standing, b[1], b[2], "Toeta meid"]) for b in map(article, TOWNS, MONTHS)]
    t = learned(docs)
    out = cleantext.clean(docs[0], templates=t, site=SITE)
    assert out.split("\n")[:4] == [article(TOWNS[0], MONTHS[0])[0], standing, *article(TOWNS[0], MONTHS[0])[1:]]


def test_url_names_the_site_by_its_registered_domain():
    """Learned with one host, used with another host of the same domain."""
    site = pages()
    t = Templates()
    for _, text in site:
        t.learn(text, url="https://www.uudised.ee/a")
    body, text = site[0]
    assert t.sites() == ["uudised.ee"]
    assert cleantext.clean(text, templates=t, url="https://sport.uudised.ee/b") == "\n".join(body)


def test_site_of_a_url():
    """The registered domain, public suffixes of two labels included."""
    assert [site_of("https://news.example.co.uk/x"), site_of("http://www.example.org")] == ["example.co.uk", "example.org"]


def test_learn_without_a_site_learns_nothing():
    """No site and no URL: nothing to group the page by."""
    t = Templates()
    assert (t.learn("Some text."), t.sites()) == (False, [])


def test_learn_skips_input_that_is_not_text():
    """Binary input has no blocks to learn."""
    t = Templates()
    assert (t.learn(b"\x89PNG\r\n\x1a\n\x00\x00", site=SITE), t.pages(SITE)) == (False, 0)


def test_memory_per_site_is_bounded():
    """However many pages and blocks, a site holds at most sample x MAX_BLOCKS fingerprints."""
    t = Templates(sample=4)
    rnd = random.Random(3)
    for _ in range(50):
        t.add(SITE, [f"block {rnd.random()} of a long page" for _ in range(MAX_BLOCKS * 2)])
    assert (t.pages(SITE), t.memory(SITE)) == (50, 4 * MAX_BLOCKS * 8)


def test_save_and_load_give_the_same_templates(tmp_path):
    """The file round-trips exactly."""
    t = learned([text for _, text in pages()])
    t.save(tmp_path / "site.templates")
    assert Templates.load(tmp_path / "site.templates") == t


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a cleantext.templates file"),
        (json.dumps({"format": "other"}), "not a cleantext.templates file"),
        (json.dumps({"format": "cleantext.templates", "version": 99}), "version 99 is not supported"),
        (json.dumps({"format": "cleantext.templates", "version": 1, "settings": {}, "sites": {"a": {}}}), "malformed"),
    ],
)
def test_a_bad_file_is_a_value_error(tmp_path, content, message):
    """A file of another kind, another version or a broken one is refused with the reason."""
    path = tmp_path / "bad.templates"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        Templates.load(path)


def test_merging_different_settings_is_refused():
    """Samples of different sizes cannot be combined into one."""
    with pytest.raises(ValueError, match="cannot merge"):
        Templates(sample=4).merge(Templates(sample=8))


@pytest.mark.parametrize("kwargs", [{"sample": 0}, {"min_pages": 0}, {"min_share": 0.0}, {"min_share": 1.5}])
def test_bad_settings_are_refused(kwargs):
    """Settings that could never find a template are a ValueError."""
    with pytest.raises(ValueError):
        Templates(**kwargs)


def test_templates_of_another_type_is_a_type_error():
    """Passing something else as templates is caught, not ignored."""
    with pytest.raises(TypeError, match="cleantext.Templates"):
        cleantext.clean("Text.", templates={"a": 1}, site=SITE)  # type: ignore[arg-type]


def test_fingerprint_ignores_case_and_punctuation_but_not_words():
    """The key compares words; a block of punctuation has none."""
    assert (fingerprint("Follow us!") == fingerprint("follow US"), fingerprint("Follow them"), fingerprint("* * *")) == (
        True, fingerprint("follow them"), None
    )


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80) | st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_fingerprint_is_the_key_of_its_words_on_every_path(text):
    """ASCII blocks are split by a byte table, the rest by \\w+: the key is the same either
    way, so templates files learned before stay valid (the file format's version 1). So is a
    text too long for its key to be kept, asked twice."""
    from hashlib import blake2b

    import regex

    def expected(text: str) -> int | None:
        words = regex.findall(r"\w+", text.casefold())
        return int.from_bytes(blake2b(" ".join(words).encode(), digest_size=8).digest(), "big") if words else None

    long = (text + " ") * (KEPT_CHARS // (len(text) + 1) + 1)
    assert (fingerprint(text), fingerprint(text), fingerprint(long), fingerprint(long)) == (
        expected(text), expected(text), expected(long), expected(long)
    )


def test_learning_sees_the_blocks_cleaning_sees():
    """HTML is learned through the extractor, so its paragraphs are the units: the appeal goes."""
    docs = [
        "<html><body><article>" + "".join(f"<p>{p}</p>" for p in [*body, *APPEAL]) + "</article></body></html>"
        for body, _ in pages()
    ]
    t = learned(docs)
    out = cleantext.clean(docs[0], templates=t, site=SITE)
    assert not any(line in out for line in APPEAL)


def write_jsonl(path, docs):
    path.write_text("".join(json.dumps({"id": n, "url": f"https://uudised.ee/{n}", "text": d}) + "\n"
                            for n, d in enumerate(docs)), encoding="utf-8")


def cli_texts(capsys, argv):
    from cleantext.cli import main

    assert main(argv) == 0
    return [json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()]


def test_cli_learns_templates_then_cleans_with_them(tmp_path, capsys):
    """learn-templates writes the file; --templates cuts the appeal from every record."""
    site = pages()
    write_jsonl(tmp_path / "pages.jsonl", [text for _, text in site])
    from cleantext.cli import main

    assert main(["learn-templates", str(tmp_path / "pages.jsonl"), "-o", str(tmp_path / "site.templates")]) == 0
    capsys.readouterr()
    texts = cli_texts(capsys, ["--jsonl", "--templates", str(tmp_path / "site.templates"), str(tmp_path / "pages.jsonl")])
    assert texts == ["\n".join(body) for body, _ in site]


def test_cli_two_pass_gives_what_learn_then_clean_gives(tmp_path, capsys):
    """One --two-pass run, with workers, equals the two commands."""
    site = pages()
    write_jsonl(tmp_path / "pages.jsonl", [text for _, text in site])
    texts = cli_texts(capsys, ["--jsonl", "--two-pass", "--parallel", "2", str(tmp_path / "pages.jsonl")])
    assert texts == ["\n".join(body) for body, _ in site]


def test_learn_templates_reports_what_it_could_not_read(tmp_path, capsys):
    """A missing file and a malformed line are named and make the exit status 1; a record
    without a URL is counted as skipped; the pages that could be read are still learned."""
    from cleantext.cli import main

    site = pages()
    write_jsonl(tmp_path / "pages.jsonl", [text for _, text in site])
    with open(tmp_path / "pages.jsonl", "a", encoding="utf-8") as extra:
        extra.write('{"text": "A page with no address."}\nnot json\n')
    out = tmp_path / "site.templates"
    assert main(["learn-templates", str(tmp_path / "missing.jsonl"), str(tmp_path / "pages.jsonl"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"learned {len(site)} pages of 1 sites" in err
    assert "1 records skipped (no URL or no text), 2 could not be read" in err
    assert "missing.jsonl" in err and "malformed JSON" in err
    assert Templates.load(out).pages("uudised.ee") == len(site)


@pytest.mark.parametrize("argv", [["--jsonl", "--two-pass"], ["--two-pass", "page.txt"], ["--jsonl", "--templates", "missing.templates", "x.jsonl"]])
def test_cli_template_flags_misused_are_usage_errors(tmp_path, monkeypatch, argv):
    """Two passes over stdin or over plain files, or a templates file that cannot be read: exit 2."""
    from cleantext.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text("Text.", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2


def many_pages() -> list[str]:
    """Sixty-four different pages of one site (every town with every month), appeal appended."""
    return ["\n\n".join([*article(town, month), *APPEAL]) for town in TOWNS for month in MONTHS]


@pytest.mark.parametrize("seed", range(3))
def test_learn_gives_the_same_templates_in_any_order_with_a_full_sample(seed):
    """learn() skips extracting pages that cannot enter a full sample; the result is still order-free."""
    docs = many_pages()
    shuffled = random.Random(seed).sample(docs, len(docs))
    first, second = Templates(sample=4), Templates(sample=4)
    for doc in docs:
        first.learn(doc, site=SITE)
    for doc in shuffled:
        second.learn(doc, site=SITE)
    assert (first.to_dict(), first.pages(SITE)) == (second.to_dict(), len(docs))


def test_learn_extracts_only_pages_that_may_enter_the_sample(monkeypatch):
    """With a full sample of 4, far fewer than the 64 pages are segmented."""
    from cleantext import pipeline

    calls = []
    real = pipeline.prepare
    monkeypatch.setattr(pipeline, "prepare", lambda doc, **kw: calls.append(1) or real(doc, **kw))
    t = Templates(sample=4)
    for doc in many_pages():
        t.learn(doc, site=SITE)
    assert 4 <= len(calls) < 32


def test_keep_template_keeps_what_only_templates_would_cut():
    """Options(keep={"template"}) leaves the site's template blocks in the text."""
    body, text = pages()[0]
    t = learned([doc for _, doc in pages()])
    kept = cleantext.clean(text, templates=t, site=SITE, options=cleantext.Options(keep={"template"}))
    assert kept == "\n".join([*body, *APPEAL])


def test_learn_and_prepare_hands_back_the_page_it_extracted():
    """The page learning prepared finishes as explain() cleans it; a page only counted comes back as None."""
    t = Templates(sample=4)
    outcomes = [t.learn_and_prepare(doc, site=SITE) for doc in many_pages()]
    prepared = [(doc, p) for doc, (_, p) in zip(many_pages(), outcomes, strict=True) if p is not None]
    assert all(learned for learned, _ in outcomes)
    assert 4 <= len(prepared) < len(outcomes)
    assert all(finish(p) == cleantext.explain(doc) for doc, p in prepared)
    assert t.learn_and_prepare("Some text.") == (False, None)


def test_two_pass_extracts_each_page_once(tmp_path, capsys, monkeypatch):
    """--two-pass finishes the pages learning prepared: one extraction per page, same output."""
    from cleantext import pipeline

    calls = []
    real = pipeline._prepare
    monkeypatch.setattr(pipeline, "_prepare", lambda doc, options, discarded: calls.append(1) or real(doc, options, discarded))
    site = pages()
    write_jsonl(tmp_path / "pages.jsonl", [text for _, text in site])
    texts = cli_texts(capsys, ["--jsonl", "--two-pass", str(tmp_path / "pages.jsonl")])
    assert (texts, len(calls)) == (["\n".join(body) for body, _ in site], len(site))
