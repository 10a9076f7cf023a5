"""API: posts of a space and their comments (the same services as the pages).

- ``GET /api/v1/spaces/{id}/posts``, ``POST`` (a write token, or a session + CSRF token)
- ``GET /api/v1/posts/{id}``
- ``GET /api/v1/posts/{id}/comments``, ``POST``

A post or space the caller may not see answers 404, exactly like a missing one. Input is
validated by the schemas (422 with ``errors``) and by the services (400 with ``message``,
429 when the posting limits are reached); JSON only (415 otherwise).
"""
from __future__ import annotations

from flask import url_for
from flask_login import AnonymousUserMixin
from marshmallow import EXCLUDE, Schema, fields, validate

from ..api import api_user, make_blueprint, require_api_user
from ..api.schemas import PageArgs
from . import post_queries as queries
from . import post_services as services
from .services import get_visible

blp = make_blueprint("posts_api", __name__, "", description="Best-practice posts and comments")

api_blueprints = [blp]


def _caller():
    return api_user() or AnonymousUserMixin()


class PersonRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class CompanyRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class TagRefSchema(Schema):
    slug = fields.String()
    label = fields.String()
    is_theme = fields.Boolean()


class PostSchema(Schema):
    id = fields.Integer()
    space_id = fields.Integer()
    title = fields.String()
    body = fields.String(attribute="body_md", metadata={"description": "Markdown source"})
    body_html = fields.String(metadata={"description": "Sanitised HTML"})
    tags = fields.List(fields.Nested(TagRefSchema))
    author = fields.Nested(PersonRefSchema, allow_none=True)
    company = fields.Nested(CompanyRefSchema, allow_none=True,
                            metadata={"description": "Best practice from this company"})
    is_featured = fields.Boolean()
    is_official = fields.Boolean()
    is_locked = fields.Boolean()
    review_on = fields.Date(allow_none=True)
    possibly_outdated = fields.Method("_outdated")
    comment_count = fields.Integer()
    reaction_count = fields.Integer(metadata={"description": 'How many found it "useful"'})
    created_at = fields.DateTime()
    last_activity_at = fields.DateTime()
    url = fields.Method("_url")

    def _outdated(self, post) -> bool:
        return services.is_outdated(post)

    def _url(self, post) -> str:
        return url_for("posts.show", slug=post.space.slug, post_id=post.id)


class PostPageSchema(Schema):
    items = fields.List(fields.Nested(PostSchema))
    page = fields.Integer()
    pages = fields.Integer()
    total = fields.Integer()


class PostCreateSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # is_featured, author_id, company_id ... are ignored

    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    body = fields.String(required=True, validate=validate.Length(min=1, max=20_000),
                         metadata={"description": "Markdown"})
    tags = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list,
                       validate=validate.Length(max=100),
                       metadata={"description": "Theme slugs or free tags (at most 12)"})
    review_on = fields.Date(allow_none=True, load_default=None)


class CommentSchema(Schema):
    id = fields.Integer()
    post_id = fields.Integer()
    parent_id = fields.Integer(allow_none=True)
    body = fields.String(attribute="body_md")
    body_html = fields.String()
    author = fields.Nested(PersonRefSchema, allow_none=True)
    reaction_count = fields.Integer()
    created_at = fields.DateTime()


class CommentPageSchema(Schema):
    items = fields.List(fields.Nested(CommentSchema))
    page = fields.Integer()
    pages = fields.Integer()
    total = fields.Integer()


class CommentCreateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    body = fields.String(required=True, validate=validate.Length(min=1, max=5_000))
    parent_id = fields.Integer(allow_none=True, load_default=None,
                               metadata={"description": "Reply to this comment"})


def _page(p) -> dict:
    return {"items": p.items, "page": p.page, "pages": p.pages, "total": p.total}


@blp.route("/spaces/<int:space_id>/posts")
@blp.arguments(PageArgs, location="query")
@blp.response(200, PostPageSchema)
@blp.alt_response(404, description="Not found or not visible")
def list_posts(args, space_id: int):
    """Published posts of a space, newest activity first."""
    user = _caller()
    space = get_visible(user, space_id)
    return _page(queries.list_posts(user, space, page=args["page"],
                                     per_page=args["per_page"]))


@blp.route("/spaces/<int:space_id>/posts", methods=["POST"])
@blp.arguments(PostCreateSchema)
@blp.response(201, PostSchema)
@blp.alt_response(404, description="Not found or not visible")
@blp.doc(security=[{"bearerAuth": []}])
def create_post(data, space_id: int):
    """Publish a best-practice post (a write token; members of the space only)."""
    user = require_api_user()
    space = get_visible(user, space_id)
    post = services.create_post(user, space, title=data["title"], body_md=data["body"],
                                tags=data["tags"], review_on=data["review_on"])
    return post, 201, {"Location": url_for("posts_api.get_post", post_id=post.id)}


@blp.route("/posts/<int:post_id>")
@blp.response(200, PostSchema)
@blp.alt_response(404, description="Not found or not visible")
def get_post(post_id: int):
    """One post."""
    return queries.find_post(_caller(), post_id)


@blp.route("/posts/<int:post_id>/comments")
@blp.arguments(PageArgs, location="query")
@blp.response(200, CommentPageSchema)
@blp.alt_response(404, description="Not found or not visible")
def list_comments(args, post_id: int):
    """Published comments of a post, oldest first (replies carry ``parent_id``)."""
    user = _caller()
    post = queries.find_post(user, post_id)
    return _page(queries.visible_comments(user, post, page=args["page"],
                                           per_page=args["per_page"]))


@blp.route("/posts/<int:post_id>/comments", methods=["POST"])
@blp.arguments(CommentCreateSchema)
@blp.response(201, CommentSchema)
@blp.alt_response(404, description="Not found or not visible")
@blp.doc(security=[{"bearerAuth": []}])
def create_comment(data, post_id: int):
    """Comment on a post, or reply to a comment (a write token)."""
    user = require_api_user()
    post = queries.find_post(user, post_id)
    return services.add_comment(user, post, data["body"], parent_id=data["parent_id"]), 201
