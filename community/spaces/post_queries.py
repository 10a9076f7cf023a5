"""Read-side queries for posts and comments: lookups that answer NotFound when hidden,
visibility clauses, comment threads, reactions and bookmarks of a user, revisions, and the
paginated lists (bookmarks, posts of a space, comments of a post). Nothing here writes.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ..access import can, is_authenticated, is_staff, require
from ..accounts.models import User
from ..errors import NotFound
from ..extensions import db
from . import post_policy  # noqa: F401  (registers the post and comment rules)
from .models import Space
from .policy import content_visible_clause
from .post_models import Attachment, Bookmark, Comment, Post, PostRevision, Reaction


def find_post(user, post_id: int) -> Post:
    """A post ``user`` may see, or NotFound (missing and hidden look the same)."""
    post = db.session.get(Post, post_id,
                          options=[joinedload(Post.author).lazyload(User.expertise)])
    if post is None or not can(user, "view", post):
        raise NotFound()
    return post


def find_comment(user, post: Post, comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.post_id != post.id or not can(user, "view", comment):
        raise NotFound()
    return comment


def find_attachment(user, post: Post, attachment_id: int) -> Attachment:
    att = db.session.get(Attachment, attachment_id)
    if att is None or att.post_id != post.id or not can(user, "view", att):
        raise NotFound()
    return att


def visible_posts_clause(user):
    """WHERE clause on ``Post``: published posts in spaces whose content ``user`` may read."""
    return sa.and_(Post.status == "published", content_visible_clause(user, Post.space_id))


def post_attachments(post: Post) -> list[Attachment]:
    return list(db.session.scalars(sa.select(Attachment).where(Attachment.post_id == post.id)
                                   .order_by(Attachment.id)))


class Thread:
    """A top-level comment and its replies; ``placeholder`` when the comment itself is gone
    (deleted or hidden) but visible replies keep the thread."""

    def __init__(self, comment: Comment, placeholder: bool = False):
        self.comment = comment
        self.placeholder = placeholder
        self.replies: list[Comment] = []


def _comment_visible(user, comment: Comment) -> bool:
    if comment.status == "published" or is_staff(user):
        return True
    return (comment.status == "hidden" and is_authenticated(user)
            and comment.author_id == user.id)


def comment_threads(user, post: Post) -> list[Thread]:
    """Comments of ``post`` as threads, in one query (authors joined)."""
    rows = db.session.scalars(
        sa.select(Comment).options(joinedload(Comment.author).lazyload(User.expertise))
        .where(Comment.post_id == post.id)
        .order_by(Comment.created_at, Comment.id))
    threads: dict[int, Thread] = {}
    orphans: dict[int, list[Comment]] = {}
    order: list[int] = []
    for c in rows:
        if c.parent_id is None:
            threads[c.id] = Thread(c, placeholder=not _comment_visible(user, c))
            order.append(c.id)
        elif _comment_visible(user, c):
            orphans.setdefault(c.parent_id, []).append(c)
    out = []
    for cid in order:
        thread = threads[cid]
        thread.replies = orphans.get(cid, [])
        if thread.placeholder and not thread.replies:
            continue
        out.append(thread)
    return out


def my_reactions(user, post: Post, comment_ids: Iterable[int]) -> set[tuple[str, int]]:
    """The (target_type, id) pairs ``user`` found useful on this page, in one query."""
    if not is_authenticated(user):
        return set()
    ids = list(comment_ids)
    cond = sa.and_(Reaction.target_type == "post", Reaction.target_id == post.id)
    if ids:
        cond = sa.or_(cond, sa.and_(Reaction.target_type == "comment",
                                    Reaction.target_id.in_(ids)))
    rows = db.session.execute(sa.select(Reaction.target_type, Reaction.target_id)
                              .where(Reaction.user_id == user.id, cond))
    return {(t, i) for t, i in rows}


def is_bookmarked(user, post: Post) -> bool:
    if not is_authenticated(user):
        return False
    return db.session.get(Bookmark, (user.id, post.id)) is not None


def revisions(post: Post) -> list[PostRevision]:
    return list(db.session.scalars(
        sa.select(PostRevision).options(joinedload(PostRevision.editor)
                                        .lazyload(User.expertise))
        .where(PostRevision.post_id == post.id)
        .order_by(PostRevision.created_at.desc(), PostRevision.id.desc())))


def bookmarks(user, page: int = 1, per_page: int = 20):
    """The user's bookmarked posts that they may still see, newest bookmark first."""
    stmt = (sa.select(Post)
            .join(Bookmark, sa.and_(Bookmark.post_id == Post.id, Bookmark.user_id == user.id))
            .options(joinedload(Post.author).lazyload(User.expertise),
                     joinedload(Post.company), joinedload(Post.space),
                     selectinload(Post.tags))
            .where(visible_posts_clause(user))
            .order_by(Bookmark.created_at.desc(), Post.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, max_per_page=100, error_out=False)


def list_posts(user, space: Space, page: int = 1, per_page: int = 20):
    """Published posts of a space (for the API), newest activity first."""
    require(user, "view_content", space)
    stmt = (sa.select(Post)
            .options(joinedload(Post.author).lazyload(User.expertise),
                     joinedload(Post.company), selectinload(Post.tags))
            .where(Post.space_id == space.id, visible_posts_clause(user))
            .order_by(Post.last_activity_at.desc(), Post.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, max_per_page=100, error_out=False)


def visible_comments(user, post: Post, page: int = 1, per_page: int = 50):
    """Published comments of a visible post, oldest first (for the API)."""
    stmt = (sa.select(Comment)
            .options(joinedload(Comment.author).lazyload(User.expertise))
            .where(Comment.post_id == post.id, Comment.status == "published")
            .order_by(Comment.created_at, Comment.id))
    return db.paginate(stmt, page=page, per_page=per_page, max_per_page=100, error_out=False)
