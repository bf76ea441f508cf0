"""Is a document HTML or plain text? Decided from its first few kilobytes."""

from __future__ import annotations

import regex

_HEAD = 4096
_DOCUMENT = regex.compile(r"^\s*(?:<\?xml[^>]{0,200}>\s*)?<(?:!doctype\s+html|html[\s>]|head[\s>])", regex.I)
_TAG = regex.compile(r"<(?:p|div|br|body|meta|title|span|a\s|article|section|script|style|table|li|h[1-6])\b", regex.I)


def is_html(text: str) -> bool:
    """True for a page (doctype or <html>) or text dense with common tags."""
    head = text[:_HEAD]
    if _DOCUMENT.search(head):
        return True
    return len(_TAG.findall(head)) >= 3
