"""HTML pages: extraction with DOM hints, the title and tail cuts, and the fallbacks that keep text."""

import time

import pytest

import cleantext
from cleantext import Options, dom
from cleantext import extract as extract_module
from cleantext.walk import walk

BODY = [
    "The city council approved a new budget for schools and roads on Tuesday after months of debate.",
    "Officials said spending would rise by four percent, while critics warned that taxes could follow.",
    "The mayor defended the plan in a statement and said residents would be heard at a meeting next week.",
    "Construction on the first projects is expected to begin in the spring, according to the roads office.",
]
TITLE = "Council approves budget for schools and roads"


def page(article: str, head: str = f"<title>{TITLE} - Daily Example</title>", after: str = "") -> str:
    """A small news page: navigation, the article, a footer."""
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"
        f"<main><article>{article}</article>{after}</main>"
        "<footer><p>About us</p></footer></body></html>"
    )


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def test_body_paragraphs_come_out_as_lines():
    """Every article paragraph is kept, one per line."""
    assert "\n".join(BODY) == cleantext.clean(page(paragraphs(BODY)))


def test_html_bytes_give_the_same_body():
    """A page given as bytes is decoded and cleaned like the same page as str."""
    html = page(paragraphs(BODY))
    assert cleantext.clean(html) == cleantext.clean(html.encode("utf-8"))


def test_title_repeated_as_first_block_is_removed():
    """A headline that repeats the page title (site name aside) is labelled title and dropped."""
    report = cleantext.explain(page(f"<h1>{TITLE}</h1>" + paragraphs(BODY)))
    assert "\n".join(BODY) == report.text
    assert [("title", TITLE)] == [(r.category, r.text) for r in report.removed]
    assert TITLE == report.title


def test_newsletter_box_at_the_tail_is_removed():
    """A sign-up box inside the article container goes, found by its container's class words."""
    # trafilatura drops boxes classed "newsletter" itself; "optin" it keeps, the hint catches.
    box = (
        "<div class='briefing-optin'><h3>The Morning Briefing</h3>"
        "<p>Everything that matters today, in one short read before breakfast.</p></div>"
    )
    report = cleantext.explain(page(paragraphs(BODY) + box))
    assert "\n".join(BODY) == report.text
    assert {"newsletter"} == {r.category for r in report.removed}
    assert "hint.newsletter" in report.removed[-1].evidence


def test_container_words_are_block_hints():
    """Blocks carry the class/id words of their own containers, not the article's."""
    box = "<div id='recircStories'><p>Another story that is worth reading about the budget and the city.</p></div>"
    report = cleantext.explain(page(paragraphs(BODY) + box), options=Options(remove_boilerplate=False))
    last = report.blocks[-1]
    assert {"recirc", "stories"} <= last.container
    assert "article" not in report.blocks[0].container


def test_link_only_lines_inside_the_body_stay():
    """A block that is all link text is no evidence alone: between body paragraphs it stays."""
    from cleantext.classify import Classifier
    from cleantext.match import matcher
    from cleantext.model import EXTRACTED, Block

    texts = [*BODY[:2], "The full text of the ruling", *BODY[2:]]
    blocks = [Block(i, t, origin=EXTRACTED, link_density=1.0 if i == 2 else 0.0) for i, t in enumerate(texts)]
    labels = Classifier(blocks, matcher(None, 0.05)).labels()
    assert all(label.is_body for label in labels)


def test_link_only_lines_confirm_a_tail_region():
    """After a related-links header, link-only lines count as evidence and go with it."""
    links = "".join(f"<p><a href='/s{n}'>Another story about the city budget {n}</a></p>" for n in range(3))
    report = cleantext.explain(page(paragraphs(BODY) + "<p>More from the city desk</p>" + links))
    assert "\n".join(BODY) == report.text
    assert any("hint.link_density" in r.evidence for r in report.removed)


def test_comments_are_off_by_default_and_kept_on_request():
    """Comment threads are left out unless keep names comments."""
    comments = (
        "<div id='comments' class='comments'><ol class='commentlist'>"
        "<li class='comment'><p>I think the council made the right call here, honestly, and I am glad.</p></li>"
        "</ol></div>"
    )
    html = page(paragraphs(BODY), after=comments)
    assert "right call" not in cleantext.clean(html)
    assert "right call" in cleantext.clean(html, options=Options(keep=frozenset({"comments"})))


def test_deep_nesting_keeps_text_before_inside_and_after():
    """100 000 nested divs: lxml gives up, the linear walk keeps all the text and says so."""
    depth = 100_000
    html = (
        f"<html><head><title>Deep</title></head><body><p>{BODY[0]}</p>"
        + "<div>" * depth
        + f"<p>{BODY[1]}</p>"
        + "</div>" * depth
        + f"<p>{BODY[2]}</p></body></html>"
    )
    start = time.process_time()
    report = cleantext.explain(html)
    assert time.process_time() - start < 30
    assert "\n".join(BODY[:3]) == report.text
    assert any("linear text walk" in note for note in report.notes)


def test_text_node_past_lxml_limit_is_not_lost():
    """A 10 MB+ text node (lxml's limit without huge_tree) does not cut off the end of the page."""
    filler = "word " * 2_200_000
    html = f"<html><body><p>{BODY[0]}</p><pre>{filler}</pre><p>{BODY[3]}</p></body></html>"
    text = cleantext.clean(html)
    assert text.startswith(BODY[0]) and text.endswith(BODY[3])


def test_text_loose_beside_the_main_contents_elements_is_kept():
    """A paragraph written straight into the article's container, after its first <p>s,
    reaches trafilatura's result as loose text between its elements: it is body."""
    article = (
        f"<div id='content'><p></p><h1>{TITLE}</h1><p><i>{BODY[0]}</i></p>"
        f"{BODY[1]} {BODY[2]}</div>"
    )
    cleaned = cleantext.clean(page(article)).splitlines()
    assert f"{BODY[1]} {BODY[2]}" in cleaned
    assert BODY[0] in cleaned


#: An article in three sections (the first the longest), for pages that print each section
#: in a container of its own.
SECTIONS = [
    [
        "The harbour authority opened a new ferry terminal on Monday after two years of building work.",
        "Passengers can now board three routes from one hall, and the old wooden pier closes this month.",
        "The terminal cost more than planned, the authority said, because the ground under the quay needed repair.",
        "Local traders hope the busier waterfront will bring more visitors through the old town in winter.",
    ],
    [
        "Ticket prices stay the same for now, although the operator will review fares in the spring.",
        "Cyclists get a covered rack for two hundred bikes, and a bus stop moved closer to the entrance.",
    ],
    ["A second phase, with shops and a cafe on the upper floor, is planned to open before next summer."],
]
ARTICLE = [text for section in SECTIONS for text in section]


def sectioned(boxes: list[str], repeat: str = "") -> str:
    """An article printed one section per container (twins under one parent each), with a
    box between the sections: the layout where the extractor keeps the first section only."""
    twins = [
        "<div class='row'><div class='article__body body-section'>" + paragraphs(texts) + "</div></div>" for texts in SECTIONS
    ]
    between = [f"<div class='row'>{box}</div>" for box in boxes]
    story = "".join(twin + box for twin, box in zip(twins, [*between, ""]))
    return (
        "<html><head><title>Ferry terminal opens</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<div class='story'><h1>Ferry terminal opens</h1>{story}{repeat}</div><footer>Harbour Times</footer></body></html>"
    )


def test_sections_the_extractor_left_out_are_put_back_in_order():
    """Each section in a twin container: every paragraph comes back, in page order, and
    the boxes between them (an ad slot, a video embed) stay out; explain() says so."""
    boxes = ["<div class='ad-slot'><p>Advertisement</p></div>",
             "<div class='embed'><p>Watch the council meeting in our video player.</p></div>"]  # fmt: skip
    report = cleantext.explain(sectioned(boxes))
    assert "\n".join(ARTICLE) == report.text
    assert any("sections that trafilatura left out" in note for note in report.notes)


def test_a_box_inside_a_left_out_section_stays_out():
    """Text in a container of its own inside a section (a related-links box) is not put back."""
    html = sectioned(["<div class='ad-slot'><p>Advertisement</p></div>"] * 2).replace(
        f"<p>{ARTICLE[-1]}</p>", f"<p>{ARTICLE[-1]}</p><div class='related'><p>More on the new waterfront plans</p></div>"
    )
    assert "\n".join(ARTICLE) == cleantext.clean(html)


def test_a_section_repeating_the_kept_text_adds_nothing():
    """A twin holding text that is already kept (a second layout of the article) is not doubled."""
    repeat = "<div class='row'><div class='article__body body-section'>" + paragraphs(SECTIONS[0]) + "</div></div>"
    text = cleantext.clean(sectioned(["<div class='ad-slot'><p>Advertisement</p></div>"] * 2, repeat))
    assert "\n".join(ARTICLE) == text


def test_c1_controls_in_an_html_string_are_read_as_windows_1252():
    """Windows-1252 text decoded as ISO-8859-1 upstream carries its quotes as C1 controls,
    which the parser would drop: they come back as the characters they stand for, noted."""
    quoted = [b.replace("said", "said \x93so\x94, and it\x92s true", 1) for b in BODY]
    result = cleantext.explain(page(paragraphs(quoted)))
    assert [b.replace("said", "said \"so\", and it's true", 1) for b in BODY] == result.text.splitlines()
    assert any("C1 control" in note for note in result.notes)


def test_a_noscript_fallback_left_open_does_not_take_the_article_with_it():
    """A noscript element ends at its end tag, as in a browser, even with a <div> opened
    inside it: the parser alone would keep it open to the end of the page, and the
    article inside it would be stripped as never-text."""
    menu = "<noscript><div id='menu-fallback'></noscript><ul><li><a href='/'>Home</a></li></ul>"
    html = page(paragraphs(BODY)).replace("<nav>", menu + "<nav>")
    assert "\n".join(BODY) == cleantext.clean(html)


@pytest.mark.parametrize(
    ("html", "parsed"),
    [
        ("<p>a</p><noscript><p>fallback</p></noscript><p>b</p>", "<p>a</p><p>b</p>"),
        ("<p>a</p><NOSCRIPT class='x'><div></NoScript ><p>b</p>", "<p>a</p><p>b</p>"),
        # Begun inside a script or a comment: not a tag, and the span is left whole.
        ("<script>var s = '<noscript>';</script><p>a</p><noscript>x</noscript>",) * 2,
        ("<!-- <noscript> --><p>a</p><noscript>x</noscript>",) * 2,
        ("<p>a</p><noscript><p>never closed",) * 2,
        ("<noscript" * 5000,) * 2,
    ],
)
def test_noscript_elements_end_where_a_browser_ends_them(html, parsed):
    """Only a whole start-to-end span goes; any other is left to the parser (whose noscript
    elements are stripped as never-text)."""
    assert parsed == extract_module._without_noscript(html)


def test_large_page_uses_the_linear_walk(monkeypatch):
    """Past the size threshold trafilatura is skipped, the text kept, and a note says so."""
    monkeypatch.setattr(extract_module, "MAX_EXTRACT_CHARS", 1000)
    report = cleantext.explain(page(paragraphs(BODY * 3)))
    assert report.text.count(BODY[-1]) == 3
    assert any("linear text walk" in note for note in report.notes)


def test_page_trafilatura_rejects_still_yields_its_text(monkeypatch):
    """A page with text in which trafilatura finds no main content falls back to the walk, with a note."""
    monkeypatch.setattr(extract_module, "_main_content", lambda tree, comments: (None, None))
    html = "<html><body><footer><p>Opening hours: Monday to Friday, nine to five.</p></footer></body></html>"
    report = cleantext.explain(html, options=Options(input_format="html"))
    assert "Opening hours: Monday to Friday, nine to five." == report.text
    assert any("trafilatura found no main content" in note for note in report.notes)


def test_thin_main_content_takes_the_fuller_pass():
    """A footer-only page, which trafilatura's first pass rejects, gives its text through the full pass."""
    html = "<html><body><footer><p>Opening hours: Monday to Friday, nine to five.</p></footer></body></html>"
    report = cleantext.explain(html, options=Options(input_format="html"))
    assert "Opening hours: Monday to Friday, nine to five." == report.text
    assert not report.notes


@pytest.mark.parametrize(
    ("first", "full", "page", "chosen", "passes"),
    [
        (100, 600, 5_000, "full", 2),  # more than FULLER_RATIO times as long: the article was missed
        (100, 300, 5_000, "first", 2),  # a few times as long: what surrounds the article
        (1_000, 4_000, 4_500, "first", 1),  # the page cannot hold five times the first result
        (3_000, 9_000, 20_000, "first", 1),  # not thin: no full pass
    ],
)
def test_the_full_pass_replaces_a_thin_result_only_when_it_is_several_times_as_long(
    monkeypatch, first, full, page, chosen, passes
):
    """Past FULLER_RATIO the first pass missed the article; below it the full pass adds what
    surrounds it, and where the page's text cannot hold that much the pass is not run."""
    from lxml import etree

    def body(chars: int) -> etree._Element:
        element = etree.Element("body")
        etree.SubElement(element, "p").text = "x" * chars
        return element

    calls = []

    def extracted(tree, comments, recall):
        calls.append(recall)
        return body(first if recall else full), None

    monkeypatch.setattr(extract_module, "_extracted", extracted)
    tree, _ = extract_module._parse(f"<html><body><p>{'y' * page}</p></body></html>")
    found, failure = extract_module._main_content(tree, comments=False)
    assert failure is None
    assert (first if chosen == "first" else full) == extract_module._chars(found)
    assert passes == len(calls)


def test_page_trafilatura_fails_on_names_the_exception(monkeypatch):
    """When trafilatura raises, the walk's note names the exception instead of "no main content"."""
    import trafilatura

    def fail(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "bare_extraction", fail)
    report = cleantext.explain(page(paragraphs(BODY)))
    assert all(line in report.text for line in BODY)
    assert ["trafilatura failed (RecursionError): linear text walk used"] == list(report.notes)


def test_walk_skips_scripts_comments_and_reads_title():
    """The linear walk drops script and comment content and finds the title."""
    html = (
        "<html><head><title>A &amp; B</title><script>var s = '<p>not text</p>';</script></head>"
        "<body><!-- <p>hidden</p> --><p>Visible 3 < 4</p><div>Second</div></body></html>"
    )
    blocks, title = walk(html)
    assert (["Visible 3 < 4", "Second"], "A & B") == ([b.text for b in blocks], title)


def test_walk_reads_the_first_title_only():
    """A second <title> (one in an inline SVG, say) is skipped whole; the first one is the title."""
    html = "<title>First</title><p>Text</p><title>Second <b>bold</b> end</title><p>More</p>"
    blocks, title = walk(html)
    assert (["Text", "More"], "First") == ([b.text for b in blocks], title)


def test_walk_keeps_text_of_unclosed_comments_and_bare_brackets():
    """A "<" that opens no tag stays in the text; a comment that never closes hides the rest."""
    blocks, _ = walk("<p>a < b and c <3 d</p><p>kept<!-- never closed <p>gone")
    assert ["a < b and c <3 d", "kept"] == [b.text for b in blocks]


def test_walk_reads_markup_inside_quoted_attributes_as_the_tags_own():
    """HTML kept in a data attribute ("<!--", "<span ...>" inside quotes) is part of its tag,
    as a browser reads it: none of it, nor the attributes after it, becomes text."""
    html = (
        "<p>Before</p><div data-html=\"<span class='s'> - Source: <a href='/'>Wire</a></span>\""
        " data-show='<!-- no context -->' data-id=\"\" data-details=\"\">"
        "<p>The article.</p><a title=don't href=x>link</a>"
    )
    blocks, _ = walk(html)
    assert ["Before", "The article.", "link"] == [b.text for b in blocks]


@pytest.mark.parametrize(
    "doc",
    [
        "<html>",
        "<html><body></body></html>",
        "<p>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
    ],
)
def test_degenerate_pages_do_not_raise(doc):
    """Broken and empty pages give a str."""
    assert isinstance(cleantext.clean(doc, options=Options(input_format="html")), str)


def test_joiners_survive_extraction():
    """ZWJ emoji sequences and ZWNJ inside Persian words come through trafilatura intact."""
    family, persian = (
        "\U0001f468\u200d\U0001f469\u200d\U0001f467",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
    )
    sentence = f"Readers answered with {family} and the word {persian} in the thread under the story today."
    text = cleantext.clean(page(paragraphs(BODY[:2] + [sentence])))
    assert family in text and persian in text


def test_parsed_elements_keep_lxml_html_classes():
    """The C-level class lookup gives every element the class lxml.html's own parser gives it."""
    from lxml.html import HTMLParser, fromstring

    form = "<form><label>Name</label><input name='q'><select><option>a</option></select><textarea>t</textarea></form>"
    html = page(paragraphs(BODY) + form)
    ours, problem = extract_module._parse(html)
    theirs = fromstring(html, parser=HTMLParser())
    assert problem is None
    assert [(type(e), e.tag) for e in theirs.iter()] == [(type(e), e.tag) for e in ours.iter()]


def test_line_keys_ignore_non_printables_and_unicode_spaces():
    """A text node keyed with &nbsp;, thin spaces and zero-width characters matches trafilatura's line."""
    assert "AB c d" == dom._key("\u00a0 A\u200bB\u2009 c\u00a0\u00a0d \u200b")
    assert "x" * dom.KEY_CHARS == dom._key("\u00a0" * 30 + "x" * 100)


def test_line_starting_with_a_short_node_finds_its_container():
    """A line whose text starts in an inline element still gets its container's words."""
    box = (
        "<div class='recircStories'><p><b>Another story today:</b> a partner explains how budgets "
        "for schools and roads are planned in other cities.</p></div>"
    )
    report = cleantext.explain(page(paragraphs(BODY) + box), options=Options(remove_boilerplate=False))
    assert {"recirc", "stories"} <= report.blocks[-1].container


def test_list_items_are_marked_alike_in_ordered_and_bulleted_lists():
    """Items of an <ol> come back as those of a <ul> do, with trafilatura's dash: the numbers
    a browser draws are not in the page's text."""
    steps = ["Raise the school budget by four percent", "Repair the old harbour bridge this year"]
    items = ["Hire twelve new drivers for the buses", "Open two libraries in the northern district"]
    ordered = "<ol>" + "".join(f"<li>{s}</li>" for s in steps) + "</ol>"
    unordered = "<ul>" + "".join(f"<li>{s}</li>" for s in items) + "</ul>"
    kept = cleantext.clean(page(paragraphs(BODY[:2]) + ordered + unordered + paragraphs(BODY[2:]))).splitlines()
    assert [f"- {steps[0]}", f"- {steps[1]}", f"- {items[0]}", f"- {items[1]}"] == kept[2:6]


def test_explain_accounts_for_what_the_extractor_discarded():
    """Text the extractor leaves out (a menu, a footer) is listed as discarded, with its container."""
    html = (
        "<html><head><title>Budget</title></head><body>"
        "<nav id='menu'><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        "<article>" + paragraphs(BODY) + "</article>"
        "<footer class='site-footer'><p>Harbour Media Group, 12 Quay Street</p></footer></body></html>"
    )
    report = cleantext.explain(html)
    assert "\n".join(BODY) == report.text
    found = {d.element: d.excerpt for d in report.discarded}
    assert found.get("nav#menu") == "Home News Sport"
    assert "Harbour Media Group" in found.get("footer.site-footer", "")
    assert {"extractor"} == {d.category for d in report.discarded}
    # Callers that only want the text skip the accounting; nothing else changes.
    quick = cleantext.explain(html, discarded=False)
    assert quick.discarded == ()
    assert (quick.text, quick.labels) == (report.text, report.labels)


#: Other posts' teasers, each a paragraph of full sentences: no text rule tells them from body.
TEASERS = [
    "Our guide to winter cycling covers lights, tyres and the clothes that keep you dry on the way to work.",
    "The new bridge over the river took three years to finish and now carries a tram line as well as cars.",
]


def wordpress(body_class: str) -> str:
    """A WordPress page printing post 41 and, inside it, two other posts (52, 63) as teasers."""
    teasers = "".join(
        f"<article class='post-{n} post type-post status-publish hentry'><p>{text}</p></article>"
        for n, text in zip((52, 63), TEASERS)
    )
    return (
        f"<html><head><title>{TITLE}</title></head><body class='{body_class}'><div id='primary'>"
        f"<article class='post-41 post type-post status-publish hentry'>{paragraphs(BODY)}"
        f"<h3>More from the blog</h3>{teasers}</article></div></body></html>"
    )


def test_other_posts_printed_inside_a_wordpress_post_are_cut():
    """On a single post's page (<body class="postid-41">), a post with another id is a
    teaser, prose or not; on a page listing posts (no postid), every post is kept."""
    report = cleantext.explain(wordpress("single single-post postid-41"))
    assert all(text not in report.text for text in TEASERS)
    assert all(text in report.text for text in BODY)
    assert {r.rule_id for r in report.removed if r.text in TEASERS} == {"hint.other_post"}
    listing = cleantext.clean(wordpress("blog home"))
    assert all(text in listing for text in TEASERS + BODY)


def test_a_heading_the_extractor_dropped_above_a_kept_list_is_put_back():
    """The heading printed right above a list says what the list is ("Ingredients",
    "Popular posts"): when the extractor keeps the list alone, the heading comes back."""
    from lxml.html import fromstring

    items = ["225 grams of soft unsalted butter", "Four large eggs at room temperature"]
    tree = fromstring(
        "<html><body><article>" + paragraphs(BODY[:1]) + "<h2>Ingredients</h2><ul>"
        + "".join(f"<li>{item}</li>" for item in items) + "</ul></article></body></html>"
    )
    lines = [dom.Line(BODY[0], "p", BODY[0]), *(dom.Line(f"- {item}", "li", item) for item in items)]
    blocks, _ = dom.blocks(lines, tree, joiners=False)
    assert [BODY[0], "Ingredients", *(f"- {item}" for item in items)] == [b.text for b in blocks]
    assert "h2" == blocks[1].tag
    # A heading the extractor kept is not printed twice.
    kept = [lines[0], dom.Line("Ingredients", "h2", "Ingredients"), *lines[1:]]
    assert ["Ingredients"] == [b.text for b in dom.blocks(kept, tree, joiners=False)[0] if b.text == "Ingredients"]
