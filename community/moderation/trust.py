"""New-user limits in the spirit of Discourse trust levels, and posting rate limits.

Content services call ``check_posting(user, kind, source_md)`` before writing; it raises
``RateLimited`` (429) or ``ValidationError`` (400) with a message that says the limit.

- In a member's first ``MODERATION_NEW_USER_HOURS`` (24) after confirming the account (or
  creating it): at most ``MODERATION_NEW_USER_<KIND>S_PER_DAY`` items per kind, at most
  ``MODERATION_NEW_USER_MAX_LINKS`` links and ``MODERATION_NEW_USER_MAX_MENTIONS``
  @mentions per item.
- For everyone: at most ``MODERATION_RATE_<KIND>S`` items per
  ``MODERATION_RATE_WINDOW_MINUTES`` minutes.
- Moderators and admins are exempt.

Counts come from the database (the author's rows by ``created_at``, whatever their status
now), so the limits hold across processes and deleting does not reset them.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from ..access import is_authenticated, is_staff
from ..db import utcnow
from ..errors import RateLimited, ValidationError
from ..extensions import db
from ..text import mentions, render_markdown


@dataclass(frozen=True)
class Countable:
    """A kind of item whose creation is limited: its model must have ``author_id`` and
    ``created_at``; ``phrase(n)`` says "n posts" in the reader's language."""

    kind: str
    model: Callable[[], type]
    phrase: Callable[[int], Any]
    new_user_per_day: int
    rate: int


_KINDS: dict[str, Countable] = {}


def register_kind(kind: str, model: Callable[[], type], phrase: Callable[[int], Any],
                  new_user_per_day: int, rate: int) -> None:
    """Limit creating ``kind`` (later features: "question", "answer"). Config keys
    ``MODERATION_NEW_USER_<KIND>S_PER_DAY`` and ``MODERATION_RATE_<KIND>S`` override the
    defaults given here."""
    _KINDS[kind] = Countable(kind, model, phrase, new_user_per_day, rate)


def _post_model():
    from ..spaces.models import Post

    return Post


def _comment_model():
    from ..spaces.models import Comment

    return Comment


register_kind("post", _post_model,
              lambda n: lazy_ngettext("%(num)d post", "%(num)d posts", n), 3, 10)
register_kind("comment", _comment_model,
              lambda n: lazy_ngettext("%(num)d comment", "%(num)d comments", n), 10, 30)


def _config(key: str, default: int) -> int:
    return int(current_app.config.get(key, default))


def is_new_user(user, now: dt.datetime | None = None) -> bool:
    """In the first day after confirming the account (or creating it)."""
    started = user.confirmed_at or user.created_at
    if started is None:
        return True
    hours = _config("MODERATION_NEW_USER_HOURS", 24)
    return (now or utcnow()) - started < dt.timedelta(hours=hours)


_LINK = re.compile(r"<a\s[^>]*href=\"https?://", re.IGNORECASE)
_NOT_TEXT = re.compile(r"<(a|code|pre)\b.*?</\1>", re.IGNORECASE | re.DOTALL)
_BARE_URL = re.compile(r"\bhttps?://[^\s<]+", re.IGNORECASE)


def count_links(source_md: str) -> int:
    """http(s) links in the rendered, sanitised HTML (Markdown links, autolinks, linkified
    addresses) plus http(s) addresses left as plain text; code and mailto do not count."""
    html = render_markdown(source_md or "")
    return len(_LINK.findall(html)) + len(_BARE_URL.findall(_NOT_TEXT.sub(" ", html)))


def count_mentions(source_md: str) -> int:
    return len(mentions(source_md or ""))


def _count_since(model: type, user, since: dt.datetime) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(model)
        .where(model.author_id == user.id, model.created_at >= since)
    ) or 0


def check_posting(user, kind: str, source_md: str = "") -> None:
    """Refuse when ``user`` exceeds the limits for ``kind`` ("post", "comment", ...):
    in their first day, a cap on items, links and mentions; always a posting rate limit."""
    if not is_authenticated(user) or is_staff(user):
        return
    countable = _KINDS.get(kind)
    key = kind.upper() + "S"
    now = utcnow()
    if is_new_user(user, now):
        max_links = _config("MODERATION_NEW_USER_MAX_LINKS", 2)
        if count_links(source_md) > max_links:
            raise ValidationError(lazy_ngettext(
                "New members can add at most %(num)d link per message in their first day. "
                "Remove some links and try again.",
                "New members can add at most %(num)d links per message in their first day. "
                "Remove some links and try again.", max_links), field="body")
        max_mentions = _config("MODERATION_NEW_USER_MAX_MENTIONS", 3)
        if count_mentions(source_md) > max_mentions:
            raise ValidationError(lazy_ngettext(
                "New members can mention at most %(num)d person per message in their first "
                "day. Remove some @mentions and try again.",
                "New members can mention at most %(num)d people per message in their first "
                "day. Remove some @mentions and try again.", max_mentions), field="body")
        if countable is not None:
            cap = _config(f"MODERATION_NEW_USER_{key}_PER_DAY", countable.new_user_per_day)
            if _count_since(countable.model(), user, now - dt.timedelta(days=1)) >= cap:
                raise RateLimited(_l(
                    "New members can write at most %(limit)s in their first day. "
                    "Please try again tomorrow.", limit=countable.phrase(cap)))
    if countable is not None:
        rate = _config(f"MODERATION_RATE_{key}", countable.rate)
        minutes = _config("MODERATION_RATE_WINDOW_MINUTES", 10)
        since = now - dt.timedelta(minutes=minutes)
        if _count_since(countable.model(), user, since) >= rate:
            raise RateLimited(lazy_ngettext(
                "You can write at most %(limit)s per minute. Please wait a moment and try "
                "again.",
                "You can write at most %(limit)s per %(num)d minutes. Please wait a few "
                "minutes and try again.", minutes, limit=countable.phrase(rate)))
