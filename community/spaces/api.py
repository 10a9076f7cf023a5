"""API: the spaces a caller may know of. (Posts of a space: ``post_api.py``.)"""
from __future__ import annotations

from flask import url_for
from flask_login import AnonymousUserMixin
from marshmallow import Schema, fields, validate

from ..api import api_user, make_blueprint
from ..api.schemas import PageArgs
from . import post_api, services
from .models import VISIBILITIES

blp = make_blueprint("spaces_api", __name__, "/spaces", description="Spaces")


class SpaceSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()
    description = fields.String(allow_none=True, metadata={"description": "Markdown"})
    rules = fields.String(allow_none=True, metadata={"description": "Markdown"})
    visibility = fields.String(validate=validate.OneOf(VISIBILITIES))
    member_count = fields.Integer()
    is_member = fields.Boolean()
    cover_url = fields.String(allow_none=True)
    url = fields.String()
    created_at = fields.DateTime()


class SpaceListArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=100))
    mine = fields.Boolean(load_default=False)


class SpacePageSchema(Schema):
    items = fields.List(fields.Nested(SpaceSchema))
    page = fields.Integer()
    pages = fields.Integer()
    total = fields.Integer()


def _caller():
    return api_user() or AnonymousUserMixin()


def _shape(space, count: int, is_member: bool) -> dict:
    return {
        "id": space.id, "name": space.name, "slug": space.slug,
        "description": space.description, "rules": space.rules,
        "visibility": space.visibility, "member_count": count, "is_member": is_member,
        "cover_url": url_for("spaces.cover", slug=space.slug, _external=False)
        if space.cover_file else None,
        "url": url_for("spaces.show", slug=space.slug), "created_at": space.created_at,
    }


@blp.route("")
@blp.arguments(SpaceListArgs, location="query")
@blp.response(200, SpacePageSchema)
def list_spaces(args):
    """Spaces the caller may know of: listed ones, and secret ones they are a member of."""
    user = _caller()
    page = services.list_spaces(user, mine=args["mine"], q=args.get("q"), page=args["page"],
                                per_page=args["per_page"])
    ids = [s.id for s in page.items]
    counts = services.member_counts(ids)
    mine = services.memberships_of(user, ids)
    return {"items": [_shape(s, counts.get(s.id, 0), s.id in mine) for s in page.items],
            "page": page.page, "pages": page.pages, "total": page.total}


@blp.route("/<int:space_id>")
@blp.response(200, SpaceSchema)
@blp.alt_response(404, description="Not found or not visible")
def get_space(space_id: int):
    """One space (404 when it does not exist or the caller may not know of it)."""
    user = _caller()
    space = services.get_visible(user, space_id)
    return _shape(space, services.member_count(space),
                  bool(services.memberships_of(user, [space.id])))


# The posts work declares /spaces/{id}/posts and /posts/... in post_api.py.
api_blueprints = [blp, *post_api.api_blueprints]
