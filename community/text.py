"""User text to safe HTML: Markdown rendered by markdown-it, then sanitised by bleach.

The allow-list has no ``svg``, ``math``, ``style``, ``iframe``, ``script`` or event
handlers; links keep only http, https and mailto and get ``rel="nofollow ugc noopener"``.
Store both the Markdown source and the safe HTML; render only the safe HTML.
"""
from __future__ import annotations

import re

import bleach
from bleach.linkifier import Linker
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
    "del", "s",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
REL = "nofollow ugc noopener"

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}) \
    .enable("table").enable("strikethrough")
_cleaner = bleach.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                          protocols=ALLOWED_PROTOCOLS, strip=True, strip_comments=True)


def _set_rel(attrs, new=False):
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = REL
    return attrs


_linker = Linker(callbacks=[_set_rel], skip_tags={"pre", "code"}, parse_email=False)


def sanitize(html: str) -> str:
    """Sanitise HTML to the allow-list; idempotent (sanitising twice changes nothing)."""
    cleaned = _cleaner.clean(html or "")
    return _linker.linkify(cleaned)


def render_markdown(source: str) -> str:
    """Markdown source to sanitised HTML (a str to store; wrap in Markup to render)."""
    return sanitize(_md.render(source or ""))


def safe(html: str | None) -> Markup:
    """Mark stored, already sanitised HTML as safe for templates."""
    return Markup(html or "")


_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.-]{2,40})")


def mentions(source: str) -> list[str]:
    """``@handles`` in Markdown source, in order, without duplicates."""
    seen: list[str] = []
    for handle in _MENTION.findall(source or ""):
        handle = handle.rstrip(".")
        if handle.lower() not in (h.lower() for h in seen):
            seen.append(handle)
    return seen


def plain_text(html: str, limit: int | None = None) -> str:
    text = " ".join(bleach.clean(html or "", tags=set(), strip=True).split())
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"
