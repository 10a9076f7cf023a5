"""Who may report and who may moderate content.

- ``moderate`` (hide, restore, lock, move, delete, handle reports): moderators and admins.
- ``report``: a confirmed member who can see the published item and did not write it.

The rules are installed for every model in the target registry (``targets.register``):
posts and comments now, questions and answers when they register.
"""
from __future__ import annotations

from ..access import can, is_authenticated, is_staff, rule


def moderate_content(user, obj) -> bool:
    return is_staff(user)


def report_content(user, obj) -> bool:
    return (is_authenticated(user) and user.is_confirmed
            and getattr(obj, "status", None) == "published"
            and getattr(obj, "author_id", None) != user.id
            and can(user, "view", obj))


def add_rules(model: type) -> None:
    rule("moderate", model)(moderate_content)
    rule("report", model)(report_content)


from . import targets  # noqa: E402,F401  (registers posts and comments, and their rules)
