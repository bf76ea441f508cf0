"""Body first: lists, tables, legal lines, specs and headings of an article are never cut for their shape.

Recipes, legal texts, product pages and reference pages are articles too. A block is cut
only on positive evidence (a rule, a strong DOM hint, a region opened by an opener), not
for being short, list-like or linked.
"""

import pytest

import cleantext
from cleantext.classify import Classifier
from cleantext.match import matcher
from cleantext.model import EXTRACTED, Block

RECIPE = [
    "Lemon Cake",
    "This cake is moist and easy to make.",
    "Ingredients",
    "225g butter",
    "225g sugar",
    "4 eggs",
    "275g flour",
    "1 tsp baking powder",
    "2 lemons",
    "Method",
    "Heat the oven to 180C and line a loaf tin with parchment.",
    "Beat the butter and sugar until pale, then add the eggs.",
    "Bake for 45 minutes until a skewer comes out clean.",
]
LEGAL = [
    "Judgment of the regional court in the matter of the harbour lease",
    "Headnotes:",
    "1. A lease of public land needs the council's written consent.",
    "2. Consent given after the term began does not reach back.",
    "3. Costs follow the event",
    "Facts",
    "The claimant leased a berth in the harbour from the city in 2019 for ten years.",
    "The council approved the lease only in 2021, after the claimant had built a shed on the berth.",
    "Reasons",
    "The court holds that the lease was void until the council gave its consent in writing.",
    "It follows that rent paid before 2021 was paid without a legal ground and must be returned.",
]
PRODUCT = [
    "The Trailmaster 2 is a light tent for two people and three seasons.",
    "It pitches in about five minutes and packs down to the size of a water bottle.",
    "Specifications",
    "Weight: 1.4 kg",
    "Packed size: 40 x 15 cm",
    "Floor area: 2.9 m2",
    "Poles: aluminium, two",
    "Doors: 2",
    "In our tests the tent stayed dry through two nights of heavy rain on the coast.",
    "The only weak point was the zip of the inner door, which snagged in the cold.",
]
TABLE = [
    "The league table after the final round shows how close the season was at the top.",
    "Team | Played | Points",
    "Harbour FC | 30 | 64",
    "City United | 30 | 63",
    "Riverside | 30 | 61",
    "Only three points separated the first three clubs, the smallest gap in twenty years.",
    "Harbour FC won the title on the last day with a late goal against the champions.",
]
REFERENCE = [
    "Glossary of sailing terms",
    "This list explains the words a beginner hears on the first day on a boat.",
    "Bow - the front of the boat",
    "Stern - the back of the boat",
    "Port - the left side when facing the bow",
    "Starboard - the right side when facing the bow",
    "Tiller - the handle that turns the rudder",
    "Each term is used in the lessons that follow, so it is worth learning them in order.",
]
#: A specification: labelled addresses inside it are examples, and its notice is a heading.
SPEC = [
    "Status of This Memo",
    "This document describes how a browser app asks a storage server for a token.",
    "Copyright Notice",
    "The rules for reusing this text are those of the standards body that publishes it.",
    "The app sends its first request with these two headers:",
    "Origin: https://notes.example",
    "Referer: https://notes.example/start",
    "The server answers with a redirect that carries the token in the fragment of the address.",
    "The app must read the token from the fragment and never send it back to the server in a query.",
]


@pytest.mark.parametrize(
    "lines",
    [RECIPE, LEGAL, PRODUCT, TABLE, REFERENCE, SPEC],
    ids=["recipe", "legal", "product", "table", "reference", "spec"],
)
def test_article_with_lists_comes_back_whole(lines):
    """Every line of the article stays, its lists, headings and table rows included."""
    text = "\n".join(lines)
    assert text == cleantext.clean(text)


def test_recipe_inside_a_page_keeps_its_ingredients():
    """With a menu and a footer around it, the recipe's intro, list and steps all stay."""
    menu = ["Home", "Recipes", "Baking", "Desserts", "Videos", "Shop", "About", "Contact", "Log in", "Search"]
    footer = ["About us | Contact | Privacy policy", "© 2026 Example Kitchen", "Follow us on Instagram"]
    kept = cleantext.clean("\n".join(menu + RECIPE + footer))
    assert all(line in kept.splitlines() for line in RECIPE[1:])


def test_html_list_between_paragraphs_is_kept():
    """An HTML list inside the article (a product's specifications) comes back with the article."""
    items = "".join(f"<li>{line}</li>" for line in PRODUCT[3:8])
    html = (
        "<html><head><title>Trailmaster 2 review</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in PRODUCT[:2])
        + f"<h2>{PRODUCT[2]}</h2><ul>{items}</ul>"
        + "".join(f"<p>{p}</p>" for p in PRODUCT[8:])
        + "</article></body></html>"
    )
    kept = cleantext.clean(html).splitlines()
    assert all(any(line in k for k in kept) for line in PRODUCT[3:8])


def test_list_header_followed_by_the_articles_paragraphs_opens_no_region():
    """A sidebar's "Related stories" whose headlines the text lost sits between paragraphs
    of the article: what follows it is prose longer than any headline, and stays, even
    where its words sound like an appeal ("our mission", "we need your help", "a month")."""
    before = [
        "The harbour authority approved a second container terminal on Monday after a year of hearings.",
        "Dock workers' unions had asked for guarantees on jobs, which the authority said it would give in writing.",
    ]
    after = [
        ("The terminal is to be built on reclaimed land north of the ferry quay, where the old grain silos stood "
        "until they were demolished in the nineteen-nineties, and should open to ships within four years."),
        ('"Our mission is to keep this port open to everyone, and we need your help," the harbour master told '
        "the shipping lines, whose support the authority would count on when the costs are shared out."),
        ("Berth fees will rise to $40 a month per metre of quay from the spring, once the environmental permits "
        "have been issued by the region and the first cranes have arrived from the manufacturer."),
    ]
    cleaned = cleantext.clean("\n".join([*before, "Related stories", *after]))
    for paragraph in before + after:
        assert paragraph in cleaned


def test_list_inside_the_article_goes_with_its_header_and_the_article_goes_on():
    """A "Related:" box of headlines between two parts of the article: the header and its
    headlines are cut, the paragraphs on both sides stay."""
    before = [
        "Heavy rain flooded the lower town overnight, and the fire brigade pumped out forty cellars by morning.",
        "The river crested at six metres shortly after dawn, a metre below the record set in the spring of 1998.",
    ]
    box = ["Related:", "River levels across the region", "How to prepare a house for a flood", "Live map of road closures"]
    after = [
        "Schools in the lower town stay closed until Thursday while engineers check the bridges and the embankment.",
        "The mayor said the new flood wall had held, and that the damage would have been far worse without it.",
    ]
    kept = cleantext.clean("\n".join([*before, *box, *after])).splitlines()
    assert before + after == kept



def test_a_headline_with_its_date_under_a_header_is_no_list_and_the_article_goes_on():
    """A date line under a listed headline carries the list on, but counts as no headline:
    a header with one headline and its date between two paragraphs takes no paragraph."""
    before = ["The county opened its new recycling centre on Monday, two months later than planned."]
    box = ["Read more:", "Why the recycling centre was delayed", "March 12, 2026"]
    after = [
        "The centre takes garden waste, old furniture and electrical goods, and is open every day but Sunday.",
        "Residents need a permit, which the council sends out with the next bill.",
    ]
    kept = cleantext.clean("\n".join([*before, *box, *after])).splitlines()
    assert kept[0] == before[0] and kept[-2:] == after
    assert "Read more:" not in kept
def test_gallery_controls_between_paragraphs_go_and_the_paragraphs_stay():
    """A photo gallery's counters and buttons, printed inside the article, are cut on their
    own; the paragraphs around them are kept whole."""
    body = [
        "The new bridge opened to cyclists on Saturday after three years of building work.",
        "Riders crossed in both directions from dawn, and the city counted two thousand by noon.",
    ]
    gallery = ["Image 1 of 6", "1 / 6", "Hide caption", "Back to Gallery"]
    assert "\n".join(body) == cleantext.clean("\n".join([body[0], *gallery, body[1]]))


#: An article printed below a toolbar that invites comments, as page text shows it.
TOOLBAR_ARTICLE = [
    "The new library opens its doors",
    "The city's first library in forty years opens on Saturday with a reading room for children.",
    "Add a comment",
    "By Nora Feld",
    "The building on Mill Street holds sixty thousand books and a hall for two hundred people.",
    "Its architects kept the brick front of the old tram depot and built the reading rooms behind it.",
    "Opening hours run from nine until eight on weekdays, and the café on the top floor opens at ten.",
]


def test_a_comment_prompt_above_the_article_does_not_take_the_article():
    """A call to comment in a toolbar under the standfirst opens no region that runs to the
    end: the article after it stays. After two paragraphs it does (the comment form), and a
    counted thread header ends the article however short it is."""
    text = cleantext.clean("\n".join(TOOLBAR_ARTICLE))
    assert all(line in text.splitlines() for line in TOOLBAR_ARTICLE[3 + 1:])
    comments = ["Lovely building, we went on Sunday and the children loved it.", "Reply"]
    after = cleantext.clean("\n".join([*TOOLBAR_ARTICLE[:2], *TOOLBAR_ARTICLE[4:], "Add a comment", *comments]))
    assert comments[0] not in after
    counted = cleantext.clean("\n".join([*TOOLBAR_ARTICLE[:2], "12 comments", *comments]))
    assert counted == "\n".join(TOOLBAR_ARTICLE[:2])


CREDITED_ARTICLE = [
    "The festival opens on Friday with a screening of the restored 1952 film in the old harbour cinema.",
    "© Harbour Films",
    "Tickets for the opening night sold out within an hour, the organisers said, and a second screening has been added.",
    "The restoration took two years and was paid for by a foundation that supports regional film archives.",
]


def test_a_bare_notice_goes_alone_only_as_the_last_line():
    """A bare "© X" inside an article is a picture's credit: it and the paragraphs after it
    stay. As the text's last line it is the outlet's notice, and goes."""
    text = "\n".join(CREDITED_ARTICLE)
    assert cleantext.clean(text) == text
    assert cleantext.clean(text + "\n© Valley Courier") == text


def test_a_date_line_ends_an_appeals_row():
    """The article's own call to act ("sign up today" for its event) stays when a date line
    sits between it and the share bar: a lead-in row runs over other calls and ad labels
    only."""
    article = [
        "Our free webinar on Thursday covers the five figures every small shop should track each week.",
        "Two owners will show the spreadsheets they use and answer questions from the audience.",
        "Places are limited, so sign up today!",
    ]
    text = cleantext.clean("\n".join([*article, "November 6, 2026", "Share: Facebook | X | Email"]))
    assert text.splitlines()[: len(article)] == article


def test_a_related_list_with_teasers_at_the_end_goes_whole():
    """Headlines with a short teaser under each, after a related-links header, at the end of
    the text: the whole list goes with its header."""
    article = [
        "The city will open a new nursery in the western district in April, the council said on Monday.",
        "It will have places for 60 children, and parents can apply from next week.",
    ]
    related = [
        "You might also like",
        "Pool closes for repairs",
        "The works are expected to take three months.",
        "New cycle lane on the ring road",
        "Drivers face delays until the end of June.",
    ]
    assert cleantext.clean("\n".join(article + related)) == "\n".join(article)


def test_a_comments_header_with_its_thread_ends_the_article_and_a_toolbar_link_does_not():
    """A "Comments" header line after the article, with the thread's own UI under it (names,
    time stamps, "Reply"), takes the thread to the end; the same word in a toolbar inside the
    article ("email | comments | share") goes alone and the article goes on."""
    article = [
        "The council approved next year's budget on Monday after a debate that lasted four hours.",
        "The largest item is the renovation of the primary school on the square, due to start in summer.",
    ]
    thread = ["Comments", "Sam", "March 12, 2026 at 10:15 am", "Finally something is happening.", "Reply"]
    assert cleantext.clean("\n".join(article + thread)) == "\n".join(article)
    rest = [
        "The opposition criticised the rise in borrowing and demanded cuts to administrative costs.",
        "The finance chief defended the plan, saying the school could not wait another year.",
        "A final vote on the spending plan is due in March, after a public consultation.",
    ]
    text = cleantext.clean("\n".join([*article, "email", "comments", "share", *rest]))
    assert all(line in text.splitlines() for line in rest)


def test_a_comments_header_takes_a_thread_of_long_comments_signed_below_them():
    """Blog software of the 2000s prints each comment's text first and its signature after it
    ("Posted by: Name at date time"): with comments of several paragraphs the second
    signature comes several blocks after the header, and the thread still goes whole."""
    article = [
        "The library will stay open until nine on weekdays from next month, the town said.",
        "Longer hours were the most common wish in last year's survey of its readers.",
        "Staff will be added for the evening shifts, paid from the culture budget.",
    ]
    thread = [
        "Comments",
        "About time. I could never make it there before six on a working day.",
        "I hope the reading room stays open too, not just the lending desk.",
        "Posted by: Marta at May 4, 2026 10:12 AM",
        "Will the weekend hours change as well? Saturday mornings are always full.",
        "Last time they cut the Sunday opening without telling anyone.",
        "It would be good to hear what the staff think about it.",
        "Posted by: Jonas at May 4, 2026 11:40 AM",
        "Good news for students during the exam weeks.",
    ]
    assert cleantext.clean("\n".join(article + thread)) == "\n".join(article)


def test_a_one_paragraph_post_loses_its_thread_and_keeps_its_paragraph():
    """A short blog post of one paragraph, then a "Comments" header with the thread's own
    signatures under it: the thread goes, the post stays (a toolbar link has no signatures)."""
    post = [("The harbour ferry runs every twenty minutes again from Monday, after two weeks of "
             "repairs to the landing stage, the operator said.")]
    thread = [
        "Comments",
        "Good, the bus was packed every morning while it was closed.",
        "Posted by: Ines at June 2, 2026 8:05 AM",
        "Twenty minutes is still too long at rush hour.",
        "Posted by: Karl at June 2, 2026 9:30 AM",
    ]
    assert cleantext.clean("\n".join(post + thread)) == "\n".join(post)


def test_a_comment_of_three_paragraphs_does_not_stop_the_thread():
    """Three prose paragraphs in a row are the body, and a tail region never spans them;
    between a commenter's signature and a "Reply", inside a thread, they are one comment."""
    article = [
        "Volunteers planted two hundred trees along the river path on Saturday morning.",
        "The species were chosen to cope with the dry summers of recent years.",
        "The city will water them for the first two seasons, a spokeswoman said.",
        "More planting days are planned for the autumn, on the east bank.",
    ]
    long_comment = [
        "I walked the path this evening and it already looks different.",
        "My grandfather planted the old poplars there in the fifties, and most are gone now.",
        "It is good that someone thinks about the next fifty years.",
    ]
    thread = []
    for n, (name, paragraphs) in enumerate([
        ("Ines", ["Lovely to see so many families there."]),
        ("Tomas", long_comment),
        ("Ruth", ["Which species were they? I could not read the labels."]),
        ("Ali", ["Count me in for the autumn."]),
    ]):
        thread += [f"{name} April {n + 3}, 2026 at 6:{n}5 pm", *paragraphs, "Reply"]
    lines = cleantext.clean("\n".join(article + thread)).splitlines()
    assert lines[: len(article)] == article
    assert not set(long_comment) & set(lines)
    # An article of three paragraphs under a time-stamped dateline, the thread right below
    # it, is signed and answered on both sides too, and stays: a region starts after the
    # first body sentence, and only where a rule claims a block.
    dated = ["Posted on April 2, 2026 at 9:15 am", *article[:3]]
    assert cleantext.clean("\n".join(dated + thread)).splitlines()[:3] == article[:3]


def test_a_comment_count_above_the_article_takes_no_paragraph():
    """A toolbar's "941 comments" link between the headline and the first paragraph counts
    a thread that is not there yet: the article after it stays. The headline, a sentence
    in quotes, is the page's title and no paragraph of the body."""
    headline = "Mayor says the night buses that the council saved are 'the city's lifeline'"
    body = [
        "The city council voted on Thursday to keep the night bus routes running for another two years.",
        "Operators had warned that three of the six routes would close in June without the subsidy.",
    ]
    blocks = [Block(i, text) for i, text in enumerate([headline, "- 12 March 2026", "- 941 comments", *body])]
    labels = Classifier(blocks, matcher(None, 0.05), title=headline).labels()
    assert [label.is_body for label in labels] == [False, False, True, True, True]


def test_a_short_line_above_an_author_bio_stays_unless_the_bio_names_it():
    """A card's name line goes with the bio that repeats it; a line the bio does not
    repeat (the article's last, short line) stays."""
    body = [
        "The ferry between the two islands will run twice a day from April, the operator said on Friday.",
        "A second boat is due to join the route in the summer once its crew has finished training.",
    ]
    bio = "Tomasz Nowak is a reporter at the Island Courier. Follow him on X @tnowak."
    assert cleantext.clean("\n".join([*body, "Tomasz Nowak", bio])).splitlines() == body
    kept = cleantext.clean("\n".join([*body, "Tickets go on sale soon", bio])).splitlines()
    assert kept == [*body, "Tickets go on sale soon"]


def test_a_menu_bar_of_many_words_is_no_paragraph_for_an_opener_to_follow():
    """An opener that runs to the end ("Post a comment") needs two body paragraphs before
    it; a menu bar of many words ("home | journals A-Z | ...") reads as prose by its length
    but ends like no sentence, and is none of them."""
    blocks = [
        Block(0, "home | journals A-Z | subject areas | advanced search | authors | reviewers | editors | about this site | contact us | help | my account | log in | register | news | events | jobs | archive"),
        Block(1, "Patients who received an implanted defibrillator were followed for six years."),
        Block(2, "Post a comment"),
    ]
    classifier = Classifier(blocks, matcher(None, 0.05))
    assert classifier.facts[0].prose and not classifier.facts[0].sentence
    assert classifier._prose_before([0, 1, 2], 2) == 1


def test_an_article_in_one_long_block_is_body_whatever_opens_above_it():
    """A page whose whole article sits in one table cell comes out as one block of prose:
    past body_block_words it is body by itself, so menu lines above it open no region, and
    the calls to act inside it do not make it boilerplate."""
    sentences = [
        f"On day {n} of the sewing course the class worked on seam number {n}, pressing each one flat before the next."
        for n in range(1, 40)
    ]
    article = " ".join([*sentences, "Subscribe to our newsletter and follow us on Facebook for the next lesson."])
    menus = ["Categories: Home | Crafts | Sewing | Videos", "Sections: Portfolio | Crafts | Videos | Message Boards"]
    text = "\n".join(["Welcome to the sewing chat. We are glad you came.", *menus, article])
    assert article in cleantext.clean(text)



def test_a_title_line_names_the_headline_that_starts_the_article():
    """Text has no declared title, but a page's text opens with its <title> line ("Headline
    - Site"): the block in the page's first half that repeats its headline, a paragraph under
    it, starts the article (not its repeat in a list of recent posts below), so share
    buttons in the menus above it open no region over the article's two paragraphs."""
    article = [
        "Harbour Swim Raises Funds for the Lifeboat Crew",
        ("More than two hundred swimmers crossed the harbour on Saturday morning in cold and choppy water, "
        "cheered on by a crowd that lined the sea wall from the ferry terminal to the lighthouse."),
        ("The crossing raised enough money to replace the crew's radios and to buy a second set of dry suits "
        "for the winter, the organisers said afterwards."),
    ]
    page = [
        "Harbour Swim Raises Funds for the Lifeboat Crew - The Quay Blog",
        "The Quay Blog",
        "A small blog about life on the coast. I write about boats, swimming and the town.",
        "Home", "About", "Twitter", "Facebook", "RSS", "Swimming", "Boats",
        *article,
        "Posted on June 3, 2026 in News | Permalink",
        "Comments",
        "Well done to everyone who swam, the water was freezing!",
        "Posted by: Ines | June 3, 2026 at 10:02 AM",
        "Recent Posts",
        "Harbour Swim Raises Funds for the Lifeboat Crew",
        "New Pontoon Opens at the Marina",
        "Winter Timetable for the Ferry",
    ]
    blocks = [Block(i, text, origin=EXTRACTED) for i, text in enumerate(page)]
    classifier = Classifier(blocks, matcher(None, 0.05))
    assert classifier.headlines == {10}
    labels = classifier.labels()
    assert all(labels[i].is_body for i in (10, 11, 12))


def test_page_text_keeps_a_short_article_above_a_longer_run_of_teasers():
    """The whole-page locator looks for the page's best run of prose; a long list of teaser
    paragraphs far below (past a long topic menu) may outscore a short article. The headline
    that the title line names anchors the span: the article under it stays, with the
    teasers if they must."""
    article = [
        ("The harbour board voted on Monday evening to close the old fish market for two years while "
        "its roof and sea wall are rebuilt with money from the regional fund."),
        ("Traders will move to a temporary hall beside the ferry terminal, and the board said that rents "
        "there would stay at the old market's level until the work is finished."),
    ]
    teasers = []
    for n, topic in enumerate(["lighthouse", "ferry", "school", "library", "bridge", "museum", "park", "pool",
                               "station", "theatre", "market hall", "cycle path"]):
        teasers += [
            f"New plans for the {topic}",
            (f"Residents met on a wet evening in week {n + 1} to hear how the {topic} could change over the "
            "coming years, and many of them asked the council to publish every cost before any vote."),
            "By the Quay Desk",
        ]
    page = [
        "Old Fish Market to Close for Two Years of Repairs - The Quay Herald",
        "The Quay Herald", "Home", "News", "Sport", "Weather", "Share", "Facebook", "Twitter",
        "Old Fish Market to Close for Two Years of Repairs",
        *article,
        "Posted in News",
        "Topics",
        *(f"{place} news" for place in ["Harbour", "Town", "Coast", "Island", "Valley", "Port", "Bay"] * 6),
        "More from the Quay Herald",
        *teasers,
        "About us", "Contact", "© 2026 The Quay Herald",
    ]
    cleaned = cleantext.clean("\n".join(page))
    assert all(paragraph in cleaned for paragraph in article)
