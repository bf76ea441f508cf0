"""The classifier, decision by decision: blocks in, a label and the rule that decided it out.

In the style of datatrove's filter tests: each case is a document (one block per line) and
the expected (category, rule id) of every block that is not body.
"""

import pytest

import cleantext
from cleantext.classify import BODY_RUN, Classifier
from cleantext.facts import calls, ends_like_text
from cleantext.match import matcher
from cleantext.model import EXTRACTED, Block

BODY = [
    "The council approved the new budget on Tuesday after a long and heated debate.",
    "Spending on schools will rise by four percent, officials said in a statement.",
    "Critics warned that property taxes could follow within two years of the vote.",
]
PROSE = [
    "The mayor said the plan had been shaped by months of meetings with residents.",
    "Construction of the first new classrooms is expected to start in the spring.",
    "A second vote on the road programme is planned for the end of the month.",
]

CASES = {
    "ad label between paragraphs": (
        [BODY[0], "Advertisement", *BODY[1:]],
        {1: ("advertisement", "advertisement.en.label")},
    ),
    "read-more header takes its headlines": (
        [*BODY, "Read more:", "Schools plan longer days", "Bridge repairs start in May"],
        {3: ("read_more", "read_more.en.pointer"), 4: ("read_more", "read_more.en.pointer"),
         5: ("read_more", "read_more.en.pointer")},
    ),
    "a lone line under a header inside the text is a subheading": (
        [*BODY, "Read more:", "What happens next", *PROSE],
        {3: ("read_more", "read_more.en.pointer")},
    ),
    "a counted comment header runs to the end": (
        [*BODY, "3 comments", "JaneD", "Great news for the schools, I hope it passes in the end."],
        {3: ("comments", "comments.en.thread_header"), 4: ("comments", "comments.en.thread_header"),
         5: ("comments", "comments.en.thread_header")},
    ),
    "several calls to action on one line": (
        [*BODY, "Subscribe to continue reading. Already a subscriber? Log in."],
        {3: ("subscription", "subscription.en.paywall")},
    ),
    "a labelled link inside the text is the text's own (a specification's header lines)": (
        [*BODY, "Origin: https://example.org", "Accept: text/plain", "Host: example.org", *PROSE],
        {},
    ),
    "a labelled link after the body goes with the notice under it": (
        [*BODY, "Source: https://example.org/report", "© 2026 The Herald"],
        {3: ("read_more", "read_more.any.url_pointer"), 4: ("copyright", "copyright.any.notice")},
    ),
    "an appeal's own sentences go with the call they lead to": (
        [*BODY, "Click here to keep our reporting free for everyone.", "Donate now"],
        {3: ("donation_appeal", "donation_appeal.en.donate_button"),
         4: ("donation_appeal", "donation_appeal.en.donate_button")},
    ),
    "a paragraph that addresses the reader stays when prose follows the call": (
        [*BODY, "You can read the full report on the council website.", "Donate now", *PROSE],
        {4: ("donation_appeal", "donation_appeal.en.donate_button")},
    ),
    "a call to act after the body takes the offer and buttons under it": (
        [*BODY, "This content is for subscribers only.", "Get unlimited access for $1 a week.", "Subscribe now or cancel anytime"],
        {3: ("subscription", "subscription.en.paywall"), 4: ("subscription", "subscription.en.paywall"),
         5: ("subscription", "subscription.en.paywall")},
    ),
    "the same call inside the article goes alone": (
        [*BODY, "This content is for subscribers only.", "Get unlimited access for $1 a week.", *PROSE],
        {3: ("subscription", "subscription.en.paywall")},
    ),
    "a tag header at the end takes its tags": (
        [*BODY, "Tags", "Schools", "Budget", "City council"],
        {3: ("navigation", "navigation.en.tags_header"), 4: ("navigation", "navigation.en.tags_header"),
         5: ("navigation", "navigation.en.tags_header"), 6: ("navigation", "navigation.en.tags_header")},
    ),
    "a tag header inside the article leaves the lines below it": (
        [*BODY, "Tags", "Schools", "Budget", *PROSE],
        {3: ("navigation", "navigation.en.tags_header")},
    ),
    "calls joined by bars on one line are judged piece by piece": (
        [*BODY, "Subscribe now | Already a subscriber? Log in"],
        {3: ("subscription", "subscription.en.paywall")},
    ),
    "a line of bars with a piece no rule claims stays": (
        [*BODY, "Subscribe now | Schools | Budget"],
        {},
    ),
    "a body paragraph about prices or a newsletter before a share bar stays": (
        [*BODY, "The club newsletter reached 40,000 members and a pint will cost $4.20.", "Share this article", "Facebook"],
        {4: ("social_share", "social_share.en.share_this"), 5: ("social_share", "social_share.any.buttons")},
    ),
    "a copyright line right above a comment thread goes with it": (
        [*BODY, "© 2026 The Herald", "3 comments", "JaneD", "Great news for the schools, I hope it passes in the end."],
        {3: ("copyright", "copyright.any.notice"), 4: ("comments", "comments.en.thread_header"),
         5: ("comments", "comments.en.thread_header"), 6: ("comments", "comments.en.thread_header")},
    ),
    "a product page's plans between its sign-up buttons stay": (
        [*BODY, "Sign up now!", "The basic plan costs $4 a month and includes ten hours of calls to any country.",
         "Sign up now!", "The family plan costs $9 a month and covers four phones on one bill."],
        {3: ("subscription", "subscription.en.wall_buttons"), 5: ("subscription", "subscription.en.wall_buttons")},
    ),
    "prose after a false opener keeps the body": (
        [BODY[0], "Related stories", *PROSE],
        {},
    ),
    "headlines with their counts are listed under their header, not read as sentences": (
        [*BODY, "Popular posts", "Schools plan longer days for the autumn term (506)",
         "Bridge repairs start in May on the northern side (383)"],
        {3: ("related_links", "related_links.en.header"), 4: ("related_links", "related_links.en.header"),
         5: ("related_links", "related_links.en.header")},
    ),
    "a post whose last sentence lacks its mark is body: a thread may follow it": (
        ["Harbour news", "A new song by a local band! Thanks to Jim for sending it our way",
         "0 Comments »", "No comments yet.", "Leave a comment"],
        {2: ("comments", "comments.en.post_footer"), 3: ("comments", "comments.en.form_messages"),
         4: ("comments", "comments.en.reply_form")},
    ),
    "a notice that reserves the rights goes alone": (
        [*BODY, "© 2026 The Herald. All rights reserved."],
        {3: ("copyright", "copyright.en.all_rights")},
    ),
    "a blog's links to the posts around it go, above and below the post": (
        ["« Spring budget talks stall | Main | Library hours extended »", *BODY,
         "« Spring budget talks stall | Main"],
        {0: ("navigation", "navigation.en.blog_main_link"), 4: ("navigation", "navigation.en.blog_main_link")},
    ),
    "a welcome box for first-time visitors goes; a paragraph for newcomers to the town stays": (
        ["Welcome to City Desk! If you're new here, you may want to subscribe to the RSS feed.", *BODY,
         "If you're new here, the farmers' market opens at eight on Saturdays."],
        {0: ("newsletter", "newsletter.en.new_visitor")},
    ),
}


def _labels(texts, origin="text"):
    blocks = [Block(i, text, origin=origin) for i, text in enumerate(texts)]
    return Classifier(blocks, matcher(None, 0.05)).labels()


@pytest.mark.parametrize("name", CASES)
def test_decision(name):
    """Every block not body gets the expected category and rule id; the others are body."""
    texts, expected = CASES[name]
    labels = _labels(texts)
    assert expected == {i: (lab.category, lab.rule_id) for i, lab in enumerate(labels) if not lab.is_body}


def test_body_run_stops_a_tail_region():
    """BODY_RUN signal-free prose paragraphs after an opener: the opener alone cannot cut them."""
    labels = _labels([BODY[0], "Related stories", *PROSE[:BODY_RUN]])
    assert all(label.is_body for label in labels[2:])


def test_extracted_blocks_are_not_located():
    """The whole-page locator leaves the extractor's output alone: its lists are the article's."""
    texts = ["Ingredients", *(f"{n} cups of flour" for n in range(2, 12)), *BODY]
    assert all(label.is_body for label in _labels(texts, origin=EXTRACTED))


def test_a_tail_region_starts_after_the_headline():
    """A sign-up form above the article opens no region over it: the page's headline is
    where the article starts, and appended material comes after the article."""
    texts = [
        "Join the weekly letter for new essays.",  # a sentence no rule claims: the first "body"
        "Email:",
        "Notes from a long walk",
        *PROSE[:2],
        "Newsletter: sign up for our weekly email",
    ]
    blocks = [Block(i, text, origin=EXTRACTED) for i, text in enumerate(texts)]
    titled = Classifier(blocks, matcher(None, 0.05), title="Notes from a long walk").labels()
    assert all(label.is_body for label in titled[2:5])


def test_the_title_rule_cuts_a_headline_not_a_paragraph_the_page_calls_its_title():
    """Some pages declare a photo caption as their title; printed as the first paragraph,
    its sentences are the article's, while a headline of the same words would go."""
    caption = ("A ferry leaves the harbour at dawn on Monday, its deck crowded with commuters heading "
               "to the mainland. The crossing, which takes forty minutes, resumed this week after "
               "repairs to the pier.")
    blocks = [Block(i, text, origin=EXTRACTED) for i, text in enumerate([caption, *PROSE[:2]])]
    assert Classifier(blocks, matcher(None, 0.05), title=caption).labels()[0].is_body
    headline = "Ferry crossings resume after pier repairs"
    blocks = [Block(i, text, origin=EXTRACTED) for i, text in enumerate([headline, *PROSE[:2]])]
    assert Classifier(blocks, matcher(None, 0.05), title=headline).labels()[0].rule_id == "title.page_title"


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("Schools plan longer days (506)", False),
        ("Bridge repairs start in May [12]", False),
        ("The bridge opened in 1901.[12]", True),
        ("Prices rose sharply (see the chart below)", True),
        ("Rates rose by a quarter point (to 2.5)", True),
    ],
)
def test_a_closing_count_or_reference_mark_is_read_through(text, ends):
    """A number in brackets after the words is a count or a reference mark: the character
    before it says whether the block ends like a sentence."""
    assert ends == ends_like_text(text)


def test_a_call_followed_by_another_outlet_appeal_is_cut_with_it():
    """Two tails stacked: an app prompt, then a donation appeal whose paragraphs read as
    prose. The appeal's paragraphs ask for support, so they do not hold the call back as
    the article's own prose would (found by the two-tails property test)."""

    body = [
        "El pleno del Ayuntamiento aprobó el martes por la noche el nuevo plan de movilidad para el casco histórico.",
        "A partir de marzo, los coches particulares no podrán entrar en las calles del centro durante los fines de semana.",
    ]
    tails = [
        "Descarga nuestra aplicación y recibe las noticias de tu ciudad al momento.",
        "Disponible gratis en App Store y Google Play",
        "Querido lector:",
        "Nuestro trabajo solo es posible gracias a quienes nos leen: no tenemos grandes accionistas detrás.",
        "Si puedes, apóyanos con una donación. Cada aportación ayuda a sostener el periodismo independiente.",
        "Dona ahora",
    ]
    assert cleantext.clean("\n".join(body + tails)) == "\n".join(body)


def test_a_lead_in_whose_call_joins_a_thread_region_is_no_region_of_its_own():
    """A paywall line with its calls right above a comment thread joins the thread's region,
    which runs to the end; the best split of what comes before it then holds no claimed
    block, and must find no region there (it used to fail an assertion: found by a probe
    tail written for the rules)."""
    body = [
        "De provincie versterkt de dijk langs de rivier over een lengte van vier kilometer, het werk begint in maart.",
        "Tijdens de werkzaamheden is het fietspad op de dijk afgesloten en rijdt er een pont voor fietsers.",
        "Bewoners kunnen hun vragen stellen op een inloopavond in het dorpshuis.",
    ]
    tail = [
        "Word abonnee en lees alle artikelen: de eerste maand € 1, daarna € 12 per maand. Al abonnee? Log in",
        "Reacties (4)",
        "Log in om te reageren",
        "Meer laden",
    ]
    assert cleantext.clean("\n".join(body + tail)) == "\n".join(body)


def test_a_short_line_between_two_cuts_after_the_body_goes_with_them():
    """A line no rule names, without a sentence's end, between a date line and a share bar
    after the body's last paragraph, is appended material (a broadcast slot, a credit)."""
    texts = [*BODY, "Updated 14 May 2026, 18:05", "On air tonight: City Desk at 7 pm", "Share this article"]
    labels = _labels(texts)
    assert all(label.is_body for label in labels[:3])
    assert (labels[4].category, labels[4].rule_id) == ("byline", "tail.between_cuts")


@pytest.mark.parametrize(
    "middle",
    [
        ["The vote is final, the clerk said."],  # a sentence: the article's last word
        ["Schools", "Roads", "Parks"],  # a run longer than a gap: a list of the article's own
    ],
)
def test_a_sentence_or_a_longer_run_between_two_cuts_stays(middle):
    texts = [*BODY, "Updated 14 May 2026, 18:05", *middle, "Share this article"]
    labels = _labels(texts)
    assert all(label.is_body for label in labels[3 + 1 : 3 + 1 + len(middle)])


def test_a_header_line_right_after_the_body_above_a_cut_goes_with_it():
    """A few words without a sentence's end between the body's last paragraph and a
    removed block (a newsletter's name above its sign-up box) are the box's header."""
    texts = [*BODY, "The Morning Ledger", "Share this article"]
    labels = _labels(texts)
    assert all(label.is_body for label in labels[:3])
    assert labels[3].rule_id == "tail.between_cuts"
    assert "after the body's last paragraph" in labels[3].evidence


@pytest.mark.parametrize(
    "middle",
    [
        ["Thank you for your help,", "Maria"],  # a letter's sign-off
        ["– Maria Lindqvist"],  # an author's signature
        ["Until next time! See you"],  # a sentence break: the author's own words
        ["Three crews worked through the night on the northern section of the line"],  # longer than a header
    ],
)
def test_a_sign_off_or_a_longer_line_after_the_body_stays(middle):
    texts = [*BODY, *middle, "Share this article"]
    labels = _labels(texts)
    assert all(label.is_body for label in labels[3 : 3 + len(middle)])


def test_a_sentence_that_asks_between_two_cuts_after_the_body_goes_with_them():
    """A newsletter's pitch written as sentences, between a removed date line and a removed
    copyright line, asks the reader to act: appended material, not the article's last word."""
    texts = [*BODY, "Updated 14 May 2026, 18:05",
             "The day's news in your inbox every morning. Sign up for free today.",
             "© 2026 The Valley Courier. All rights reserved."]
    labels = _labels(texts)
    assert all(label.is_body for label in labels[:3])
    assert labels[4].rule_id == "tail.between_cuts"


def test_a_body_paragraph_that_asks_stays_where_no_cut_is_above_it():
    """The article's own last paragraph may ask something of the reader (a call for
    volunteers); with the body above it and nothing removed there, it stays."""
    texts = [*BODY, "Sign up for the volunteer clean-up at the community centre before Friday, organisers said.",
             "© 2026 The Valley Courier. All rights reserved."]
    labels = _labels(texts)
    assert all(label.is_body for label in labels[:4])


def test_a_line_between_two_cuts_before_a_later_paragraph_stays():
    """Between two ad labels inside the article, a subheading is the article's own."""
    texts = [BODY[0], "Advertisement", "What happens next", "Advertisement", *BODY[1:]]
    labels = _labels(texts)
    assert labels[2].is_body


def test_an_appeal_above_a_comment_thread_goes_with_its_call():
    """A comment thread below an appeal and its call does not hide the call: the thread's
    own prose belongs to the thread's region, not below the call (found by the two-tails
    property)."""
    body = [
        "The harbour board agreed on Monday to dredge the old channel before the summer season begins.",
        "Work will start in April and should take about six weeks, the board's engineer told members.",
    ]
    tail = [
        "The Quay Gazette has no billionaire owner and no paywall. Every harbour meeting we cover is paid for by around 900 readers who chip in each month. Could you be one of them?",
        "Join the Gazette Circle",
        "Spotted a mistake? Email corrections@quaygazette.example and we will look at it within a day.",
        "Got a story from the harbour? Message the newsroom on 01632 960 000.",
        "12 comments",
        "Morag T.",
        "2 hours ago",
        "About time the channel was cleared, the ferry has been scraping the bottom for two winters now.",
        "Reply",
    ]
    assert cleantext.clean("\n".join(body + tail)) == "\n".join(body)


def test_a_line_naming_two_networks_after_the_body_goes_with_the_tail():
    """A call to follow the outlet names its networks, whatever the language; a body's last
    sentence naming two networks, with nothing appended after it, stays."""
    follow = "Sekojiet mums Instagram un TikTok"  # Latvian: no rules of its own
    labels = _labels([*BODY, follow, "© 2026 The Valley Courier. All rights reserved."])
    assert labels[3].rule_id == "social_share.any.network_call"
    spread = "The clip spread on Facebook and TikTok within hours"
    assert all(label.is_body for label in _labels([*BODY, spread]))


def test_a_time_stamp_claimed_as_a_date_still_signs_a_long_comment():
    """A thread that prints each commenter's name, then the time stamp on a line of its own
    (a date line that a byline rule claims), then the comment: the time stamp signs the
    comment all the same, so a comment of three paragraphs does not stop the thread's region."""
    article = [
        "The ferry to the islands will run every hour from June, the operator said.",
        "A second boat, bought from a company in Norway, joins the route in May.",
        "Fares stay the same for residents; visitors pay a euro more per crossing.",
        "The timetable will be published online at the end of the month.",
    ]
    long_comment = [
        "This is the first good news for the islands in years, and I hope it lasts.",
        "We waited two hours in the rain last August because the only boat was full.",
        "Still, a euro more for visitors is fair if the money goes to the harbour.",
    ]
    texts = list(article)
    for n, (name, paragraphs) in enumerate([
        ("harbourwatcher", ["Finally."]),
        ("islander77", long_comment),
        ("gulls", ["Will bikes still go free?"]),
        ("Marit_K", ["Hourly is what we asked for in the petition."]),
    ]):
        texts += [name, f"{n + 2} May 2026 9:{n}8PM", *paragraphs, "Report", "Share"]
    blocks = [Block(i, text, origin=EXTRACTED) for i, text in enumerate(texts)]
    kept = [b.text for b, label in zip(blocks, Classifier(blocks, matcher(None, 0.05)).labels()) if label.is_body]
    assert not set(long_comment) & set(kept)
    assert kept[: len(article)] == article


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("U.S. Pledges More Funds To Fight Malaria - The Ledger", 1),
        ("The talks were led by J. Okafor and R. Mills", 1),
        ("The U.S. Senate voted. The bill passed.", 2),
        ("Subscribe now. Already a subscriber? Log in.", 3),
    ],
)
def test_an_initial_is_no_sentence_end(text, parts):
    """A capital letter alone before its point is an initial ("U.S.", "J. Okafor"): a page's
    title line that starts with one is not a block of two sentences (and not body text)."""
    assert len(calls(text)) == parts
