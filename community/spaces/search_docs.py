"""How posts and comments are searched (see ``community/search/registry.py``).

Only published items are in the index; a post or comment in a space has the audience
``space:<id>``, and a user's space audiences are the spaces whose content they may read
(``policy.content_visible_clause``), computed from the database per search.
A post whose status or space changes re-indexes its comments too (they follow the post).
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.orm import object_session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..access import is_authenticated
from ..extensions import db
from ..search.analysis import detect_language
from ..search.registry import (
    DocFields,
    Document,
    audience_provider,
    register_document,
    space_audience,
)
from .models import Space, SpaceMembership
from .policy import content_visible_clause
from .post_models import Comment, Post


def _text(html: str | None) -> str:
    # body_html is our own sanitised HTML; striptags() only reads it, as plain text
    return Markup(html or "").striptags()  # noqa: S704


def _locale(user) -> str | None:
    return getattr(user, "locale", None)


def _post_of(comment: Comment) -> Post | None:
    """The comment's post: preloaded by ``CommentDocument.load``, else from the session."""
    post = comment.__dict__.get("post")
    if post is not None:
        return post
    return (object_session(comment) or db.session).get(Post, comment.post_id)


@audience_provider
def space_audiences(user) -> set[str]:
    ids = db.session.scalars(sa.select(Space.id).where(content_visible_clause(user, Space.id)))
    return {space_audience(i) for i in ids}


def _memberships(user, space_ids) -> list[SpaceMembership]:
    """The user's memberships of these spaces, in one query. While the caller holds the
    list they stay in the session's identity map, so ``access.can`` finds them there
    instead of querying once per hit."""
    if not is_authenticated(user) or not space_ids:
        return []
    return list(db.session.scalars(sa.select(SpaceMembership).where(
        SpaceMembership.user_id == user.id, SpaceMembership.space_id.in_(space_ids))))


@register_document("post")
class PostDocument(Document):
    model = Post
    label = _l("Best practices")
    watched = ("title", "body_md", "body_html", "status", "space_id", "tags", "company_id")
    cascade = ("status", "space_id")

    def fields(self, post: Post) -> DocFields | None:
        if post.status != "published":
            return None
        body = _text(post.body_html)
        return DocFields(
            title=post.title, body=body, audience=space_audience(post.space_id),
            language=detect_language(f"{post.title} {body}", _locale(post.author)),
            created=post.created_at, space_id=post.space_id,
            tags=[t.slug for t in post.tags],
            sector=post.company.sector if post.company else None)

    def reindex_query(self):
        return sa.select(Post.id).where(Post.status == "published").order_by(Post.id)

    def load(self, session, ids):
        return list(session.scalars(sa.select(Post).where(Post.id.in_(list(ids)))).unique())

    def visible(self, user, posts):
        held = _memberships(user, {p.space_id for p in posts})
        visible = super().visible(user, posts)
        del held
        return visible

    def related(self, connection, post: Post):
        ids = connection.scalars(sa.select(Comment.id).where(Comment.post_id == post.id))
        return [("comment", i) for i in ids]

    def url(self, post: Post) -> str:
        return url_for("posts.show", slug=post.space.slug, post_id=post.id)

    def context(self, post: Post) -> str | None:
        return post.space.name


@register_document("comment")
class CommentDocument(Document):
    model = Comment
    label = _l("Comments")
    watched = ("body_md", "body_html", "status", "post_id")
    autocomplete = False

    def fields(self, comment: Comment) -> DocFields | None:
        post = _post_of(comment)
        if comment.status != "published" or post is None or post.status != "published":
            return None
        body = _text(comment.body_html)
        return DocFields(  # no title: a search for the post's title finds the post only
            title="", body=body, audience=space_audience(post.space_id),
            language=detect_language(body, _locale(comment.author)),
            created=comment.created_at, space_id=post.space_id,
            tags=[t.slug for t in post.tags],
            sector=post.company.sector if post.company else None)

    def reindex_query(self):
        return (sa.select(Comment.id).join(Post, Post.id == Comment.post_id)
                .where(Comment.status == "published", Post.status == "published")
                .order_by(Comment.id))

    def load(self, session, ids):
        comments = list(session.scalars(sa.select(Comment).where(Comment.id.in_(list(ids)))))
        post_ids = {c.post_id for c in comments}
        if post_ids:  # one query for all their posts; access.can finds them in the session
            posts = {p.id: p for p in session.scalars(
                sa.select(Post).where(Post.id.in_(post_ids)).options(selectinload(Post.tags)))}
            for c in comments:
                if c.post_id in posts:
                    set_committed_value(c, "post", posts[c.post_id])
        return comments

    def visible(self, user, comments):
        posts = [_post_of(c) for c in comments]
        held = _memberships(user, {p.space_id for p in posts if p is not None})
        visible = super().visible(user, comments)
        del held
        return visible

    def url(self, comment: Comment) -> str:
        post = _post_of(comment)
        return url_for("posts.show", slug=post.space.slug, post_id=post.id,
                       _anchor=f"comment-{comment.id}")

    def fields_for_display(self, comment: Comment) -> DocFields:
        post = _post_of(comment)
        return DocFields(title=post.title, body=_text(comment.body_html), audience="")

    def context(self, comment: Comment) -> str | None:
        return _post_of(comment).space.name
