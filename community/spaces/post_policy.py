"""Access rules for posts, comments and attachments (registered with ``access.rule``).

Seeing a post needs the space's ``view_content``; a post that is not published is
invisible (404) to everyone but staff, except that the author still sees their own
*hidden* post (with a notice). Deleted is deleted: only staff see it.

- post:    author, staff or a space admin may delete; author or staff may edit; only staff
           (moderators, admins) set the featured and official marks.
- comments: the author edits and deletes their own; space admins and staff delete any.
- comment, react: whoever may post in the space (``can(user, "post", space)``), on a
           published post that is not locked.
- bookmark: anyone logged in who sees the post.
- history: the author, staff and space admins (earlier versions may hold what the author
           removed on purpose).
"""
from __future__ import annotations

from ..access import can, is_authenticated, is_staff, rule
from ..extensions import db
from .policy import is_space_admin
from .post_models import Attachment, Comment, Post


def is_author(user, item) -> bool:
    return is_authenticated(user) and item.author_id is not None and item.author_id == user.id


def _confirmed(user) -> bool:
    return is_authenticated(user) and user.is_confirmed


@rule("view", Post)
def view_post(user, post: Post) -> bool:
    if not can(user, "view_content", post.space):
        return False
    if post.status == "published" or is_staff(user):
        return True
    return post.status == "hidden" and is_author(user, post)


@rule("edit", Post)
def edit_post(user, post: Post) -> bool:
    return (_confirmed(user) and post.status != "deleted" and view_post(user, post)
            and (is_author(user, post) or is_staff(user)))


@rule("delete", Post)
def delete_post(user, post: Post) -> bool:
    return (_confirmed(user) and post.status != "deleted" and view_post(user, post)
            and (is_author(user, post) or is_space_admin(user, post.space)))


@rule("feature", Post)
def feature_post(user, post: Post) -> bool:
    return is_staff(user) and post.status != "deleted"


@rule("history", Post)
def post_history(user, post: Post) -> bool:
    return view_post(user, post) and (is_author(user, post)
                                      or is_space_admin(user, post.space))


@rule("comment", Post)
def comment_on_post(user, post: Post) -> bool:
    return (post.status == "published" and not post.is_locked
            and can(user, "post", post.space) and view_post(user, post))


@rule("react", Post)
def react_to_post(user, post: Post) -> bool:
    return comment_on_post(user, post)


@rule("bookmark", Post)
def bookmark_post(user, post: Post) -> bool:
    return is_authenticated(user) and view_post(user, post)


def _post_of(comment: Comment) -> Post | None:
    return db.session.get(Post, comment.post_id)  # usually from the identity map


@rule("view", Comment)
def view_comment(user, comment: Comment) -> bool:
    post = _post_of(comment)
    if post is None or not view_post(user, post):
        return False
    if comment.status == "published" or is_staff(user):
        return True
    return comment.status == "hidden" and is_author(user, comment)


def may_edit_comment(user, post: Post, comment: Comment) -> bool:
    """Editing one's own published comment on a post one can see (no query)."""
    return (_confirmed(user) and comment.status == "published" and is_author(user, comment)
            and not post.is_locked)


def may_delete_comment(user, comment: Comment, moderates: bool) -> bool:
    """``moderates``: ``can(user, "moderate_comments", post)``, computed once per page."""
    return _confirmed(user) and comment.status != "deleted" and (
        is_author(user, comment) or moderates)


@rule("moderate_comments", Post)
def moderate_comments(user, post: Post) -> bool:
    """Space admins and staff delete other people's comments."""
    return _confirmed(user) and is_space_admin(user, post.space)


@rule("edit", Comment)
def edit_comment(user, comment: Comment) -> bool:
    post = _post_of(comment)
    return post is not None and view_post(user, post) and may_edit_comment(user, post, comment)


@rule("delete", Comment)
def delete_comment(user, comment: Comment) -> bool:
    post = _post_of(comment)
    return (post is not None and view_comment(user, comment)
            and may_delete_comment(user, comment, is_authenticated(user)
                                   and not is_author(user, comment)
                                   and moderate_comments(user, post)))


@rule("react", Comment)
def react_to_comment(user, comment: Comment) -> bool:
    post = _post_of(comment)
    return (post is not None and comment.status == "published"
            and comment_on_post(user, post))


@rule("view", Attachment)
def view_attachment(user, attachment: Attachment) -> bool:
    post = db.session.get(Post, attachment.post_id)
    return post is not None and view_post(user, post)


@rule("delete", Attachment)
def delete_attachment(user, attachment: Attachment) -> bool:
    post = db.session.get(Post, attachment.post_id)
    return post is not None and edit_post(user, post)
