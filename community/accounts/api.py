"""API: the caller's own account."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from ..api import make_blueprint, require_api_user

blp = make_blueprint("me", __name__, "/me", description="The authenticated user")


class TagSchema(Schema):
    slug = fields.String()
    label = fields.String()


class MeSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    locale = fields.String()
    job_title = fields.String(allow_none=True)
    municipality = fields.String(allow_none=True)
    visibility = fields.String()
    confirmed = fields.Boolean(attribute="is_confirmed")
    expertise = fields.List(fields.Nested(TagSchema))
    companies = fields.Method("_companies")

    def _companies(self, user):
        from ..companies.services import companies_of

        return [{"id": c.id, "name": c.name} for c in companies_of(user)]


@blp.route("")
@blp.response(200, MeSchema)
@blp.doc(security=[{"bearerAuth": []}])
def me():
    """The account that owns the token."""
    return require_api_user()


class ProfileUpdateSchema(Schema):
    """Only these fields can change; anything else (role, email, is_admin) is ignored."""

    class Meta:
        unknown = EXCLUDE

    name = fields.String(validate=validate.Length(min=1, max=120))
    job_title = fields.String(allow_none=True, validate=validate.Length(max=120))
    bio = fields.String(allow_none=True, validate=validate.Length(max=4000))
    municipality = fields.String(allow_none=True)
    visibility = fields.String(validate=validate.OneOf(["public", "members", "private"]))
    expertise = fields.List(fields.String(validate=validate.Length(max=40)),
                            validate=validate.Length(max=12))


@blp.route("", methods=["PATCH"])
@blp.arguments(ProfileUpdateSchema)
@blp.response(200, MeSchema)
@blp.doc(security=[{"bearerAuth": []}])
def update_me(data):
    """Change your own profile (needs a write token)."""
    from .services import update_profile

    user = require_api_user()
    expertise = data.pop("expertise", None)
    return update_profile(user, user, data, expertise=expertise)
