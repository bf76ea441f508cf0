"""HTML tag sets: which elements hold a paragraph, which break one, which never hold text.

One definition each, shared by the extractor's tree (extract.py, dom.py) and the linear
walk (walk.py), so that both read a page's paragraphs alike.
"""

from __future__ import annotations

#: Elements that hold one paragraph of text. A line's paragraph is its nearest such
#: element: its link density is measured there, its joiners are restored from there, and
#: a text node in a paragraph that gave a block is not reported as discarded.
PARAGRAPH = frozenset(
    {
        "p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "figcaption", "div", "section", "article",
    }
)  # fmt: skip

#: Tags that end the paragraph before them in the linear walk: the paragraph elements,
#: the containers and rows around them, and the breaks (br, hr) that hold no text.
BREAK = PARAGRAPH | {
    "address", "aside", "body", "details", "dialog", "dl", "fieldset", "figure", "footer",
    "form", "header", "hr", "main", "nav", "ol", "summary", "table", "tr", "ul", "br", "title",
}  # fmt: skip

#: Elements whose content is never visible text: code, styles, templates, fallbacks for
#: scripting, and vector art.
NEVER_TEXT = frozenset({"script", "style", "noscript", "template", "svg"})

#: Stripped from the tree before trafilatura sees it: the never-text elements, plus iframe
#: (another document's fallback) and link (a void element in <head>), which trafilatura
#: drops anyway. Stripping them first (in C) makes each of its passes cheaper.
STRIPPED = NEVER_TEXT | {"iframe", "link"}

#: Skipped by the linear walk from the start tag to the end tag: the never-text elements,
#: plus math (MathML markup reads as symbols, not prose). Void elements such as link have
#: no end tag, so they cannot be skipped this way; the walk reads no text from them anyway.
WALK_SKIPPED = NEVER_TEXT | {"math"}
