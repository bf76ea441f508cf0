"""Is a document HTML or plain text? Decided from its first few kilobytes."""

from __future__ import annotations

import regex

_HEAD = 4096
#: A page: optional BOM, XML prolog and comments, then a doctype, <html> or <head>.
_DOCUMENT = regex.compile(
    r"^\ufeff?\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*){0,5}<(?:!doctype\s+html|html[\s>]|head[\s>])",
    regex.I | regex.S,
)
#: Opening or closing tags of common elements; three of them make a fragment HTML.
_TAG = regex.compile(
    r"</?(?:p|div|br|body|meta|title|span|a|article|section|script|style|table|tr|td|ul|ol|li|h[1-6])[\s/>]",
    regex.I,
)
FRAGMENT_TAGS = 3


def is_html(text: str) -> bool:
    """True for a page (doctype or <html>) or text dense with common tags.

    >>> is_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>"), is_html("<div><p>Hi</p></div>")
    (True, True)
    >>> is_html("Use a < b, or <br> for a line break.")
    False
    """
    head = text[:_HEAD]
    if _DOCUMENT.search(head):
        return True
    return len(_TAG.findall(head)) >= FRAGMENT_TAGS
