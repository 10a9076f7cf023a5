"""Following, the activity log, and the feeds read from it.

Content services call the ``*_published``/``*_added`` functions inside their own
transaction (no commit here): they write ``Activity`` rows and notify followers and
mentioned people through ``notifications.services.notify`` (which checks, for every
recipient, that they may see the target). ``follow``/``unfollow`` do not commit either
(a content service may call them); ``follow_target``/``unfollow_target`` are the
use-cases behind the follow buttons and commit once.

Feeds filter activities with the same clause as the content pages
(``spaces.policy.content_visible_clause``) and only show published posts and comments.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import attributes

from .. import access
from ..accounts.models import STAFF_ROLES, User
from ..db import utcnow, write_after_request
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..notifications import services as notifications
from ..spaces import post_policy  # noqa: F401  (the view rules for posts and comments)
from ..spaces.models import PUBLIC_CONTENT, Space, SpaceMembership
from ..spaces.policy import content_visible_clause
from ..spaces.post_models import Comment, Post, post_tag
from ..tags import Tag
from .models import Activity, Follow, UserFeedState

FOLLOWABLE = ("space", "post", "tag", "user")
PAGE_SIZE = 20


# ---------------------------------------------------------------- links

def _first_url(candidates) -> str | None:
    """The first of ``(endpoint, values)`` that the app can build (feature blueprints are
    optional; a missing one falls back to the next)."""
    from werkzeug.routing import BuildError

    for endpoint, values in candidates:
        if endpoint in current_app.view_functions:
            try:
                return url_for(endpoint, **values)
            except BuildError:
                continue
    return None


def space_url(space: Space) -> str:
    return _first_url([("spaces.show", {"slug": space.slug}),
                       ("spaces.space", {"slug": space.slug})]) \
        or url_for("feeds.space_activity", slug=space.slug)


def post_url(post: Post) -> str:
    slug = post.space.slug
    return _first_url([
        ("posts.show", {"slug": slug, "post_id": post.id}),
        ("posts.show", {"post_id": post.id}),
        ("posts.post", {"slug": slug, "post_id": post.id}),
        ("posts.post", {"post_id": post.id}),
        ("spaces.post", {"slug": slug, "post_id": post.id}),
        ("spaces.post", {"post_id": post.id}),
    ]) or url_for("feeds.space_activity", slug=slug)


def comment_url(comment: Comment) -> str:
    return f"{post_url(comment.post)}#comment-{comment.id}"


# ---------------------------------------------------------------- notification targets

def _attach_posts(comments) -> None:
    """Give comments their post (``Comment.post`` is never lazy-loaded) in one query."""
    missing = [c for c in comments if "post" not in sa.inspect(c).dict]
    if not missing:
        return
    posts = {p.id: p for p in db.session.scalars(
        sa.select(Post).where(Post.id.in_({c.post_id for c in missing})))}
    for c in missing:
        if c.post_id in posts:
            attributes.set_committed_value(c, "post", posts[c.post_id])


def _load_posts(ids) -> dict:
    return {p.id: p for p in db.session.scalars(sa.select(Post).where(Post.id.in_(ids)))}


def _load_comments(ids) -> dict:
    comments = list(db.session.scalars(sa.select(Comment).where(Comment.id.in_(ids))))
    _attach_posts(comments)
    return {c.id: c for c in comments if "post" in sa.inspect(c).dict}


def _visible_post_ids(user):
    return sa.select(Post.id).where(Post.status == "published",
                                    content_visible_clause(user, Post.space_id))


def _visible_comment_ids(user):
    return (sa.select(Comment.id).join(Post, Post.id == Comment.post_id)
            .where(Comment.status == "published", Post.status == "published",
                   content_visible_clause(user, Post.space_id)))


notifications.register_target(Post, visible_ids=_visible_post_ids, load=_load_posts,
                              title=lambda p: p.title, url=post_url)
notifications.register_target(Comment, visible_ids=_visible_comment_ids, load=_load_comments,
                              title=lambda c: c.post.title, url=comment_url)


# ---------------------------------------------------------------- following

def _target(user, target_type: str, target_id: int):
    """The object to follow, if it exists and ``user`` may see it (else NotFound)."""
    if target_type == "space":
        return access.get_visible(user, Space, target_id)
    if target_type == "post":
        return access.get_visible(user, Post, target_id)
    if target_type == "user":
        return access.get_visible(user, User, target_id)
    if target_type == "tag":
        tag = db.session.get(Tag, target_id)
        if tag is None:
            raise NotFound()
        return tag
    raise NotFound()


def ensure_follow(user_id: int, target_type: str, target_id: int) -> None:
    """Follow without access checks (the caller knows the user may see it; no commit)."""
    if db.session.get(Follow, (user_id, target_type, target_id)) is None:
        db.session.add(Follow(user_id=user_id, target_type=target_type, target_id=target_id))


def follow(user, target_type: str, target_id: int) -> None:
    """Start following a space, post, tag or person (idempotent; no commit).

    Following something you may not see is NotFound, like for something that is missing.
    """
    _target(user, target_type, target_id)
    if target_type == "user" and target_id == user.id:
        raise ValidationError(_l("You cannot follow yourself."))
    ensure_follow(user.id, target_type, target_id)


def unfollow(user, target_type: str, target_id: int) -> None:
    """Stop following (idempotent; no commit)."""
    if target_type not in FOLLOWABLE:
        raise NotFound()
    found = db.session.get(Follow, (user.id, target_type, target_id))
    if found is not None:
        db.session.delete(found)


def is_following(user, target_type: str, target_id: int) -> bool:
    if not access.is_authenticated(user) or target_type not in FOLLOWABLE:
        return False
    return db.session.get(Follow, (user.id, target_type, target_id)) is not None


def follow_target(user, target_type: str, target_id: int) -> None:
    """The follow button: follow and commit (a double click is harmless)."""
    follow(user, target_type, target_id)
    try:
        db.session.commit()
    except IntegrityError:  # followed concurrently: the row is there, which is what we want
        db.session.rollback()


def unfollow_target(user, target_type: str, target_id: int) -> None:
    unfollow(user, target_type, target_id)
    db.session.commit()


# ---------------------------------------------------------------- events from content

def _flush_if_new(*objects) -> None:
    if any(getattr(o, "id", None) is None for o in objects):
        db.session.flush()


def _followers(condition, space: Space, exclude: set[int] | None = None) -> list[User]:
    """Active users following whatever ``condition`` (on ``Follow``) selects: one query.

    Outside open and members-only spaces, only members and staff are candidates (a
    pre-filter mirroring the space policy; ``notify`` still checks every recipient, and
    finds their memberships, loaded here in one query, in the session).
    """
    query = sa.select(User).where(
        User.active.is_(True),
        User.id.in_(sa.select(Follow.user_id).where(condition)),
    )
    if space.visibility not in PUBLIC_CONTENT:
        members = sa.select(SpaceMembership.user_id).where(SpaceMembership.space_id == space.id)
        query = query.where(sa.or_(User.role.in_(STAFF_ROLES), User.id.in_(members)))
    if exclude:
        query = query.where(User.id.not_in(exclude))
    users = list(db.session.scalars(query))
    if users and space.visibility not in PUBLIC_CONTENT:
        memberships = db.session.scalars(sa.select(SpaceMembership).where(
            SpaceMembership.space_id == space.id,
            SpaceMembership.user_id.in_([u.id for u in users]))).all()
        # the session's identity map holds objects weakly: keep them until notify is done
        return _Recipients(users, memberships)
    return users


class _Recipients(list):
    """Users, holding on to objects preloaded for their access checks."""

    def __init__(self, users, keep):
        super().__init__(users)
        self.keep = keep


def _follows(target_type: str, target_id):
    if isinstance(target_id, list | tuple | set):
        return sa.and_(Follow.target_type == target_type, Follow.target_id.in_(target_id))
    return sa.and_(Follow.target_type == target_type, Follow.target_id == target_id)


def _space_of(post: Post) -> Space:
    return post.space if post.space is not None else db.session.get(Space, post.space_id)


def post_published(post) -> None:
    """A post was published: activity row; the author follows it; followers of the space,
    its tags and the author are notified."""
    _flush_if_new(post)
    space = _space_of(post)
    db.session.add(Activity(actor_id=post.author_id, verb="post_created", target_type="post",
                            target_id=post.id, space_id=post.space_id, post_id=post.id))
    conditions = [_follows("space", post.space_id)]
    tag_ids = [t.id for t in post.tags if t.id is not None]
    if tag_ids:
        conditions.append(_follows("tag", tag_ids))
    if post.author_id is not None:
        ensure_follow(post.author_id, "post", post.id)
        conditions.append(_follows("user", post.author_id))
    recipients = _followers(sa.or_(*conditions), space)
    notifications.notify(recipients, "post_created", post, actor=post.author)


def post_edited(post, editor) -> None:
    """A post was edited: activity row (no notifications)."""
    _flush_if_new(post)
    db.session.add(Activity(actor_id=getattr(editor, "id", None), verb="post_edited",
                            target_type="post", target_id=post.id, space_id=post.space_id,
                            post_id=post.id))


def _with_post(comment, post) -> None:
    if "post" not in sa.inspect(comment).dict:
        attributes.set_committed_value(comment, "post", post)


def comment_added(comment, post) -> None:
    """A comment was added: activity row; the commenter follows the post; the post's
    followers (and the parent comment's author for a reply) are notified."""
    _flush_if_new(comment, post)
    _with_post(comment, post)
    space = _space_of(post)
    db.session.add(Activity(actor_id=comment.author_id, verb="comment_created",
                            target_type="comment", target_id=comment.id,
                            space_id=post.space_id, post_id=post.id))
    if comment.author_id is not None:
        ensure_follow(comment.author_id, "post", post.id)
    actor = comment.author
    exclude: set[int] = set()
    if comment.parent_id is not None:
        parent = db.session.get(Comment, comment.parent_id)
        if parent is not None and parent.author is not None \
                and parent.author_id != comment.author_id:
            notifications.notify([parent.author], "reply", comment, actor=actor,
                                 post_id=post.id)
            exclude.add(parent.author_id)
    recipients = _followers(_follows("post", post.id), space, exclude=exclude)
    notifications.notify(recipients, "comment_added", comment, actor=actor, post_id=post.id)


def mentioned(author, target, users, post) -> None:
    """``users`` were @mentioned by ``author`` in ``target`` (a post or comment of ``post``);
    each is notified only if they may see it. Someone already notified about ``target``
    (as a follower) gets one notification, the mention, not two."""
    from ..notifications.models import Notification

    _flush_if_new(target)
    if isinstance(target, Comment):
        _with_post(target, post)
    users = [u for u in users if u is not None]
    if not users:
        return
    target_type, target_id = notifications.target_key(target)
    already = set()
    for n in db.session.scalars(sa.select(Notification).where(
            Notification.target_type == target_type, Notification.target_id == target_id,
            Notification.user_id.in_([u.id for u in users]))):
        already.add(n.user_id)
        if n.kind in ("post_created", "comment_added"):
            n.kind = "mention"
    notifications.notify([u for u in users if u.id not in already], "mention", target,
                         actor=author, post_id=post.id)


# ---------------------------------------------------------------- reading feeds

@dataclass
class FeedItem:
    activity: Activity
    post: Post
    is_new: bool = False

    @property
    def id(self) -> int:
        return self.activity.id

    @property
    def url(self) -> str:
        if self.activity.target_type == "comment":
            return f"{post_url(self.post)}#comment-{self.activity.target_id}"
        return post_url(self.post)


def _feed_query(user):
    """Activities about published content that ``user`` may see, newest first."""
    comment = sa.orm.aliased(Comment)
    return (
        sa.select(Activity, Post)
        .join(Post, Post.id == Activity.post_id)
        .outerjoin(comment, sa.and_(Activity.target_type == "comment",
                                    comment.id == Activity.target_id))
        .where(Post.status == "published",
               sa.or_(Activity.target_type != "comment", comment.status == "published"),
               content_visible_clause(user, Activity.space_id),
               content_visible_clause(user, Post.space_id))
        .order_by(Activity.id.desc())
    )


def _page(query, before: int | None, limit: int) -> tuple[list[FeedItem], int | None]:
    if before:
        query = query.where(Activity.id < before)
    rows = db.session.execute(query.limit(limit + 1)).all()
    items = [FeedItem(activity, post) for activity, post in rows[:limit]]
    next_cursor = items[-1].id if len(rows) > limit and items else None
    return items, next_cursor


def home_feed(user, before: int | None = None,
              limit: int = PAGE_SIZE) -> tuple[list[FeedItem], int | None]:
    """What ``user`` follows (spaces, posts, tags, people), minus their own actions."""
    def followed(kind: str):
        return sa.select(Follow.target_id).where(Follow.user_id == user.id,
                                                 Follow.target_type == kind)

    query = _feed_query(user).where(
        sa.or_(
            Activity.space_id.in_(followed("space")),
            Activity.post_id.in_(followed("post")),
            Activity.post_id.in_(sa.select(post_tag.c.post_id)
                                 .where(post_tag.c.tag_id.in_(followed("tag")))),
            Activity.actor_id.in_(followed("user")),
        ),
        sa.or_(Activity.actor_id.is_(None), Activity.actor_id != user.id),
    )
    return _page(query, before, limit)


def space_stream(user, space: Space, before: int | None = None,
                 limit: int = PAGE_SIZE) -> tuple[list[FeedItem], int | None]:
    """Everything that happened in ``space`` (the caller checked ``view_content``)."""
    query = _feed_query(user).where(Activity.space_id == space.id, Post.space_id == space.id)
    return _page(query, before, limit)


def visible_space(user, slug: str) -> Space:
    """The space whose content ``user`` may see, else NotFound (hidden looks missing)."""
    space = db.session.scalar(sa.select(Space).where(Space.slug == slug))
    if space is None or not access.can(user, "view_content", space):
        raise NotFound()
    return space


def record_feed_visit(user) -> dt.datetime | None:
    """Remember this visit of the home feed; returns the previous one (None the first time).

    The stamp is written after the page (``db.write_after_request``), not in the read.
    """
    previous = db.session.scalar(
        sa.select(UserFeedState.last_seen_at).where(UserFeedState.user_id == user.id))
    user_id, now = user.id, utcnow()

    def stamp() -> None:
        state = db.session.get(UserFeedState, user_id)
        if state is None:
            db.session.add(UserFeedState(user_id=user_id, last_seen_at=now))
        else:
            state.last_seen_at = now

    write_after_request(stamp)
    return previous


def flag_new(items: list[FeedItem], since: dt.datetime | None) -> None:
    for item in items:
        item.is_new = since is not None and item.activity.created_at > since
