"""How people (user profiles) are searched (see ``community/search/registry.py``).

A profile's audience follows ``User.visibility``: ``public`` for everyone, ``members`` for
logged-in users, ``private`` for the user alone (a private profile is not searchable by
anyone else). Deactivated accounts are not in the index. Expertise themes are its tags.
"""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..search.analysis import detect_language
from ..search.registry import (
    MEMBERS,
    PUBLIC,
    DocFields,
    Document,
    register_document,
    user_audience,
)
from .models import User


def _audience(user: User) -> str:
    if user.visibility == "public":
        return PUBLIC
    if user.visibility == "members":
        return MEMBERS
    return user_audience(user.id)


@register_document("user")
class UserDocument(Document):
    model = User
    label = _l("People")
    watched = ("name", "job_title", "bio", "municipality", "visibility", "active", "locale",
               "expertise")

    def fields(self, user: User) -> DocFields | None:
        if not user.active:
            return None
        body = " ".join(p for p in (user.job_title, user.bio, user.municipality) if p)
        body += " " + " ".join(t.label for t in user.expertise)
        return DocFields(title=user.name, body=body.strip(), audience=_audience(user),
                         language=detect_language(user.bio, user.locale),
                         created=user.created_at, tags=[t.slug for t in user.expertise])

    def visible(self, viewer, users):
        # stricter than the profile page: a private profile is found by its owner only
        out = super().visible(viewer, users)
        return [u for u in out if u.visibility != "private"
                or (getattr(viewer, "is_authenticated", False) and viewer.id == u.id)]

    def url(self, user: User) -> str:
        return url_for("accounts.profile", user_id=user.id)

    def context(self, user: User) -> str | None:
        return user.job_title
