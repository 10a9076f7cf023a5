"""Best-practice posts and comments: the write use-cases (create, edit, delete, mark,
remove attachments, comment, react, bookmark) and the input cleaning helpers.

Every use-case takes the acting user and the objects explicitly, checks access with
``access.require`` (a refused *view* is NotFound: hidden looks like missing), validates
everything before the first write, and commits once. Feeds and notifications are called
inside the transaction (``community.feeds.services``); they queue their own side effects
for after the commit. Counters (``Post.comment_count``, ``*.reaction_count``) change in
the same transaction as the rows they count, as SQL increments (no lost updates).

@mentions live in ``mentions``; read-side queries (finding, listing) in ``post_queries``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..access import is_authenticated, require
from ..companies.models import Company, CompanyMember
from ..db import after_commit, utcnow
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..feeds import services as feeds
from ..moderation import trust
from ..plugins import fire_after_commit
from ..tags import tags_for
from ..text import clean_source
from ..text import mentions as find_handles
from . import (
    attachments,
    post_policy,  # noqa: F401  (registers the post and comment rules)
)
from .mentions import notify_mentions, render_body
from .models import Space
from .post_models import Attachment, Bookmark, Comment, Post, PostRevision, Reaction
from .post_queries import post_attachments

# ---------------------------------------------------------------- validation

def _cfg(key: str) -> int:
    return current_app.config[key]


def clean_title(title: str | None) -> str:
    title = " ".join((title or "").split())
    limit = _cfg("POST_TITLE_MAX")
    if not title:
        raise ValidationError(_l("Enter a title."), field="title")
    if len(title) > limit:
        raise ValidationError(_l("The title has at most %(n)d characters.", n=limit),
                              field="title")
    return title


def clean_body(body: str | None, limit_key: str = "POST_BODY_MAX") -> str:
    return clean_source(body, _cfg(limit_key))


def clean_review_on(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValidationError(_l("Enter a date as YYYY-MM-DD."), field="review_on") from exc
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date) or not (2000 <= value.year <= 2100):
        raise ValidationError(_l("Enter a date between 2000 and 2100."), field="review_on")
    return value


def tag_labels(themes: Iterable[str] | None = None, free: str | list[str] | None = None):
    """Theme slugs and free labels as one list for ``tags_for``."""
    labels = [t for t in (themes or []) if t]
    if isinstance(free, str):
        labels += [p for p in free.split(",")]
    elif free:
        labels += list(free)
    return labels


def _tags(labels):
    return tags_for(labels or [], limit=_cfg("POST_TAGS_MAX"))


def is_outdated(post: Post, today: dt.date | None = None) -> bool:
    """Past its review date: the page says the post is possibly outdated."""
    if post.review_on is None:
        return False
    if today is None:
        from zoneinfo import ZoneInfo

        today = dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    return post.review_on < today


def author_company(user) -> Company | None:
    """The company a post is attributed to: the author's (owner role first, then oldest)."""
    if not is_authenticated(user):
        return None
    return db.session.scalar(
        sa.select(Company).join(CompanyMember, CompanyMember.company_id == Company.id)
        .where(CompanyMember.user_id == user.id)
        .order_by((CompanyMember.role == "owner").desc(), CompanyMember.created_at,
                  Company.id)
        .limit(1))


# ---------------------------------------------------------------- posts

def _store_uploads(post: Post, uploads, uploader) -> list[str]:
    """Write checked uploads to disk; the caller removes them again if the commit fails."""
    written = []
    try:
        for upload in uploads:
            name = attachments.write(upload)
            written.append(name)
            db.session.add(Attachment(post_id=post.id, uploader_id=uploader.id,
                                      filename=upload.filename, stored_name=name,
                                      content_type=upload.content_type, size=upload.size))
    except OSError:
        for name in written:
            attachments.remove(name)
        raise
    return written


def _commit_or_cleanup(written: list[str]) -> None:
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        for name in written:
            attachments.remove(name)
        raise


def create_post(author, space: Space, *, title: str, body_md: str, tags=None,
                review_on=None, files=(), featured: bool | None = None,
                official: bool | None = None) -> Post:
    """Publish a best-practice post in ``space`` (with attachments and tags)."""
    require(author, "post", space)
    title = clean_title(title)
    body_md = clean_body(body_md)
    review_on = clean_review_on(review_on)
    uploads = attachments.check_all(files)
    trust.check_posting(author, "post", body_md)
    tag_list = _tags(tags)
    body_html, people = render_body(body_md)
    now = utcnow()
    post = Post(space_id=space.id, author_id=author.id, title=title, body_md=body_md,
                body_html=body_html, review_on=review_on, last_activity_at=now,
                status="published")
    post.space = space
    post.author = author
    post.company = author_company(author)
    post.tags = tag_list
    db.session.add(post)
    if featured is not None or official is not None:
        _apply_marks(author, post, featured, official)
    db.session.flush()
    written = _store_uploads(post, uploads, author)
    try:
        feeds.post_published(post)
        notify_mentions(author, post, post, people.values())
    except Exception:
        db.session.rollback()
        for name in written:
            attachments.remove(name)
        raise
    fire_after_commit("on_post_created", post=post, user=author)
    _commit_or_cleanup(written)
    return post


def update_post(editor, post: Post, *, title: str, body_md: str, tags=None, review_on=None,
                files=(), remove_attachments: Iterable[int] = (),
                featured: bool | None = None, official: bool | None = None) -> Post:
    """Edit a post; the version before the edit is kept as a ``PostRevision``."""
    require(editor, "edit", post)
    title = clean_title(title)
    body_md = clean_body(body_md)
    review_on = clean_review_on(review_on)
    current = post_attachments(post)
    remove_ids = {int(i) for i in (remove_attachments or ())}
    removing = [a for a in current if a.id in remove_ids]
    uploads = attachments.check_all(files, already=len(current) - len(removing))
    tag_list = _tags(tags)
    if title != post.title or body_md != post.body_md:
        db.session.add(PostRevision(post_id=post.id, editor_id=editor.id, title=post.title,
                                    body_md=post.body_md, created_at=utcnow()))
    old_handles = {h.lower() for h in find_handles(post.body_md)}
    body_html, people = render_body(body_md)
    post.title, post.body_md, post.body_html = title, body_md, body_html
    post.review_on = review_on
    post.tags = tag_list
    if featured is not None or official is not None:
        _apply_marks(editor, post, featured, official)
    for att in removing:
        db.session.delete(att)
        name = att.stored_name
        after_commit(lambda name=name: attachments.remove(name))
    written = _store_uploads(post, uploads, editor)
    try:
        if editor.id != post.author_id:
            audit.record("post.edited", actor=editor, target=post)
        feeds.post_edited(post, editor)
        notify_mentions(editor, post, post,
                         [u for h, u in people.items() if h not in old_handles])
    except Exception:
        db.session.rollback()
        for name in written:
            attachments.remove(name)
        raise
    _commit_or_cleanup(written)
    return post


def _apply_marks(actor, post: Post, featured: bool | None, official: bool | None) -> None:
    changes = {}
    if featured is not None and bool(featured) != bool(post.is_featured):
        changes["featured"] = bool(featured)
    if official is not None and bool(official) != bool(post.is_official):
        changes["official"] = bool(official)
    if not changes:
        return
    require(actor, "feature", post)
    if "featured" in changes:
        post.is_featured = changes["featured"]
    if "official" in changes:
        post.is_official = changes["official"]
    if post.id is not None:
        audit.record("post.marks", actor=actor, target=post, **changes)


def set_marks(actor, post: Post, *, featured: bool | None = None,
              official: bool | None = None) -> Post:
    """Featured and official marks: moderators and admins only."""
    require(actor, "feature", post)
    _apply_marks(actor, post, featured, official)
    db.session.commit()
    return post


def delete_post(actor, post: Post) -> None:
    """Soft delete: the row stays (status ``deleted``), the post answers 404 to non-staff."""
    require(actor, "delete", post)
    post.status = "deleted"
    post.deleted_at = utcnow()
    audit.record("post.deleted", actor=actor, target=post, space_id=post.space_id)
    db.session.commit()


def remove_attachment(actor, attachment: Attachment) -> None:
    require(actor, "delete", attachment)
    db.session.delete(attachment)
    name = attachment.stored_name
    after_commit(lambda: attachments.remove(name))
    db.session.commit()


# ---------------------------------------------------------------- comments

def _find_parent(post: Post, parent_id) -> Comment | None:
    """The comment to reply to; a reply to a reply attaches to its top-level parent."""
    if parent_id in (None, ""):
        return None
    try:
        parent = db.session.get(Comment, int(parent_id))
    except (TypeError, ValueError):
        parent = None
    if parent is not None and parent.parent_id is not None:
        parent = db.session.get(Comment, parent.parent_id)
    if parent is None or parent.post_id != post.id or parent.status != "published":
        raise NotFound(_l("The comment you reply to no longer exists."))
    return parent


def add_comment(author, post: Post, body_md: str, parent_id=None) -> Comment:
    require(author, "comment", post)
    body_md = clean_body(body_md, "COMMENT_BODY_MAX")
    parent = _find_parent(post, parent_id)
    trust.check_posting(author, "comment", body_md)
    body_html, people = render_body(body_md)
    now = utcnow()
    comment = Comment(post_id=post.id, author_id=author.id,
                      parent_id=parent.id if parent else None, body_md=body_md,
                      body_html=body_html, status="published", created_at=now)
    comment.author = author
    db.session.add(comment)
    post.comment_count = Post.comment_count + 1
    post.last_activity_at = now
    db.session.flush()
    feeds.comment_added(comment, post)
    notify_mentions(author, comment, post, people.values())
    fire_after_commit("on_comment_created", comment=comment, post=post, user=author)
    db.session.commit()
    return comment


def edit_comment(editor, comment: Comment, body_md: str) -> Comment:
    require(editor, "edit", comment)
    body_md = clean_body(body_md, "COMMENT_BODY_MAX")
    old_handles = {h.lower() for h in find_handles(comment.body_md)}
    comment.body_html, people = render_body(body_md)
    comment.body_md = body_md
    post = db.session.get(Post, comment.post_id)
    notify_mentions(editor, comment, post,
                     [u for h, u in people.items() if h not in old_handles])
    db.session.commit()
    return comment


def delete_comment(actor, comment: Comment) -> None:
    """Soft delete; replies stay (the thread shows "comment deleted" in its place)."""
    require(actor, "delete", comment)
    if comment.status == "published":
        post = db.session.get(Post, comment.post_id)
        post.comment_count = Post.comment_count - 1
    comment.status = "deleted"
    comment.deleted_at = utcnow()
    if actor.id != comment.author_id:
        audit.record("comment.deleted", actor=actor, target=comment, post_id=comment.post_id)
    db.session.commit()


# ---------------------------------------------------------------- reactions and bookmarks

def _target_type(target) -> str:
    if isinstance(target, Post):
        return "post"
    if isinstance(target, Comment):
        return "comment"
    raise TypeError(target)


def _reaction_row(key) -> Reaction | None:
    return db.session.get(Reaction, key)


def set_reaction(user, target: Post | Comment, on: bool) -> bool:
    """Mark ``target`` useful (``on``) or not. Idempotent: asking twice leaves one reaction.

    The primary key (target, user, kind) makes a second row impossible; a concurrent
    request that wins the race surfaces here as an IntegrityError inside a savepoint,
    which means "already there" and changes no counter.
    """
    require(user, "react", target)
    kind = _target_type(target)
    model = type(target)
    key = (kind, target.id, user.id, "useful")
    existing = _reaction_row(key)
    if on and existing is None:
        try:
            with db.session.begin_nested():
                db.session.add(Reaction(target_type=kind, target_id=target.id,
                                        user_id=user.id, kind="useful"))
        except IntegrityError:
            pass  # someone (the same user, in another request) was first
        else:
            target.reaction_count = model.reaction_count + 1
    elif not on and existing is not None:
        result = db.session.execute(sa.delete(Reaction).where(
            Reaction.target_type == kind, Reaction.target_id == target.id,
            Reaction.user_id == user.id, Reaction.kind == "useful"))
        if result.rowcount:  # zero when a concurrent request removed it first
            target.reaction_count = model.reaction_count - 1
    db.session.commit()
    return on


def set_bookmark(user, post: Post, on: bool) -> bool:
    require(user, "bookmark", post)
    existing = db.session.get(Bookmark, (user.id, post.id))
    if on and existing is None:
        try:
            with db.session.begin_nested():
                db.session.add(Bookmark(user_id=user.id, post_id=post.id))
        except IntegrityError:
            pass
    elif not on and existing is not None:
        db.session.delete(existing)
    db.session.commit()
    return on

