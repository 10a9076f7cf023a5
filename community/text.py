"""User text to safe HTML: Markdown rendered by markdown-it, then sanitised by bleach.

The allow-list has no ``svg``, ``math``, ``style``, ``iframe``, ``script`` or event
handlers; links keep only http, https and mailto and get ``rel="nofollow ugc noopener"``.
Store both the Markdown source and the safe HTML; render only the safe HTML.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from functools import partial

import bleach
from bleach import html5lib_shim
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt
from markdown_it.token import Token
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


def _set_rel(attrs, new=False):
    # Every <a>, with or without href: the rule is simple to check and to keep.
    attrs[(None, "rel")] = REL
    return attrs


class _AnchorFilter(html5lib_shim.Filter):
    """The last filter: ``rel`` on every ``<a>``, and an ``<a>`` inside another unwrapped.

    html5lib builds nested anchors around tables (``<a><table><a>``); LinkifyFilter skips
    the inner one (no rel), and serialised they parse differently (``<a></a><a>``), so
    sanitising was not idempotent. Both found by the property test.
    """

    def __iter__(self):
        dropped: list[bool] = []  # per open <a>: was it unwrapped?
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "a":
                nested = any(not d for d in dropped)
                if token["type"] == "StartTag":
                    dropped.append(nested)
                if nested:
                    continue
                token["data"][(None, "rel")] = REL
            elif token["type"] == "EndTag" and token["name"] == "a" and dropped:
                if dropped.pop():
                    continue
            yield token


# Cleaning and linkifying in ONE pass (bleach's LinkifyFilter inside the Cleaner). A separate
# ``Linker.linkify`` over cleaned HTML escaped entities in its skip_tags a second time
# (``<code>a &lt; b</code>`` became ``a &amp;lt; b``), so code showed "&lt;" and sanitising
# was not idempotent; found by the property test in tests/community/spaces/test_sanitise.py.
# A Cleaner keeps parser state, so bleach says: one per thread.
_local = threading.local()


def _cleaner() -> bleach.Cleaner:
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS,
            strip=True, strip_comments=True,
            filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"},
                             parse_email=False), _AnchorFilter],
        )
        # Always quote attributes with '"'. With html5lib's "best quote" choice a value
        # holding '"' was single-quoted, and bleach's serializer (which expects '"') then
        # escaped its "&" again on every pass: not idempotent (found by the property test).
        cleaner.serializer.use_best_quote_char = False
        cleaner.serializer.quote_char = '"'
    return cleaner


def sanitize(html: str) -> str:
    """Sanitise HTML to the allow-list; idempotent (sanitising twice changes nothing)."""
    return _cleaner().clean(html or "")


def render_markdown(source: str, mention_urls: Mapping[str, str] | None = None) -> str:
    """Markdown source to sanitised HTML (a str to store; wrap in Markup to render).

    ``mention_urls`` maps lower-cased ``@handles`` to a URL (a profile): such mentions in
    ordinary text (not in code or inside another link) become links. The result still
    goes through the sanitiser, so a URL here cannot add anything the allow-list refuses.
    """
    if not mention_urls:
        return sanitize(_md.render(source or ""))
    env: dict = {}
    tokens = _md.parse(source or "", env)
    for block in tokens:
        if block.type == "inline" and block.children:
            block.children = _link_mentions(block.children, mention_urls)
    return sanitize(_md.renderer.render(tokens, _md.options, env))


def _link_mentions(children: list[Token], urls: Mapping[str, str]) -> list[Token]:
    out: list[Token] = []
    depth = 0
    for tok in children:
        if tok.type == "link_open":
            depth += 1
        elif tok.type == "link_close":
            depth -= 1
        if tok.type != "text" or depth:
            out.append(tok)
            continue
        text, pos = tok.content, 0
        for match in _MENTION.finditer(text):
            handle = match.group(1).rstrip(".")
            url = urls.get(handle.lower())
            if not url:
                continue
            start, end = match.start(), match.start() + 1 + len(handle)
            if start > pos:
                out.append(_text_token(text[pos:start]))
            link = Token("link_open", "a", 1)
            link.attrs = {"href": url}
            out.extend([link, _text_token("@" + handle), Token("link_close", "a", -1)])
            pos = end
        if pos < len(text):
            out.append(_text_token(text[pos:]))
    return out


def _text_token(content: str) -> Token:
    tok = Token("text", "", 0)
    tok.content = content
    return tok


def safe(html: str | None) -> Markup:
    """Mark stored, already sanitised HTML as safe for templates."""
    return Markup(html or "")  # noqa: S704  (only ever given sanitised HTML)


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


def clean_source(body: str | None, limit: int) -> str:
    """Markdown source as typed, normalised; refused when empty or longer than ``limit``."""
    from flask_babel import lazy_gettext as _l

    from .errors import ValidationError

    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError(_l("Write some text."), field="body")
    if len(body) > limit:
        raise ValidationError(_l("The text has at most %(n)d characters.", n=limit),
                              field="body")
    return body
