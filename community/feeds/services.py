"""Following and the activity log (CONTRACT STUB: to be implemented by the feeds work).

Content services call the ``*_published``/``*_added`` functions inside their own
transaction (no commit here): they write ``Activity`` rows and notify followers and
mentioned people through ``notifications.services.notify`` (which re-checks access).
"""
from __future__ import annotations


def follow(user, target_type: str, target_id: int) -> None:
    """Start following a space, post, tag or person (idempotent)."""


def unfollow(user, target_type: str, target_id: int) -> None:
    """Stop following (idempotent)."""


def is_following(user, target_type: str, target_id: int) -> bool:
    return False


def post_published(post) -> None:
    """A post was published: activity row; the author follows it; followers of the space,
    its tags and the author are notified."""


def post_edited(post, editor) -> None:
    """A post was edited: activity row (no notifications)."""


def comment_added(comment, post) -> None:
    """A comment was added: activity row; the commenter follows the post; the post's
    followers (and the parent comment's author for a reply) are notified."""


def mentioned(author, target, users, post) -> None:
    """``users`` were @mentioned by ``author`` in ``target`` (a post or comment of ``post``);
    each is notified only if they may see it."""
