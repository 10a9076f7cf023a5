"""API: ``GET /api/v1/search`` (results) and ``GET /api/v1/search/suggest`` (titles)."""
from __future__ import annotations

from flask_babel import get_locale
from flask_login import AnonymousUserMixin
from marshmallow import Schema, fields, validate

from ..api import api_user, make_blueprint
from . import services
from .query import MAX_PAGE, Filters

blp = make_blueprint("search_api", __name__, "/search", description="Search")


class SearchArgs(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=10_000),
                      metadata={"description": "Words, \"a phrase\", AND/OR/NOT, word*"})
    type = fields.String(validate=validate.Length(max=30),
                         metadata={"description": "post, comment, company, user, ..."})
    space = fields.Integer(validate=validate.Range(min=1))
    tag = fields.String(validate=validate.Length(max=60))
    sector = fields.String(validate=validate.Length(max=2))
    date = fields.String(validate=validate.OneOf(["week", "month", "year", "older"]))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))


class HitSchema(Schema):
    type = fields.String()
    type_label = fields.String()
    id = fields.Integer()
    title = fields.String()
    title_html = fields.String(metadata={"description": "Escaped; matches in <mark>"})
    snippet = fields.String(metadata={"description": "Escaped HTML; matches in <mark>"})
    url = fields.String()
    context = fields.String(allow_none=True)
    created_at = fields.DateTime(allow_none=True)


class FacetValueSchema(Schema):
    value = fields.String()
    label = fields.String()
    count = fields.Integer()
    selected = fields.Boolean()


class SearchPageSchema(Schema):
    query = fields.String()
    items = fields.List(fields.Nested(HitSchema), attribute="hits")
    total = fields.Integer()
    page = fields.Integer()
    pages = fields.Integer()
    per_page = fields.Integer()
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetValueSchema)))
    suggestion = fields.String(allow_none=True, metadata={"description": "Did you mean"})
    message = fields.String(allow_none=True)


class SuggestArgs(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=10_000))
    type = fields.String(validate=validate.Length(max=30))


class TitleSchema(Schema):
    type = fields.String()
    type_label = fields.String()
    id = fields.Integer()
    title = fields.String()
    url = fields.String()


class TitleListSchema(Schema):
    items = fields.List(fields.Nested(TitleSchema))


def _user():
    return api_user() or AnonymousUserMixin()


@blp.route("")
@blp.arguments(SearchArgs, location="query")
@blp.response(200, SearchPageSchema)
@blp.alt_response(400, description="Empty, too long or malformed query; unknown filter value")
def search(args):
    """Full-text search over everything the caller may see, ranked, with facets."""
    filters = Filters(doc_type=args.get("type"), space_id=args.get("space"),
                      tag=args.get("tag"), sector=args.get("sector"), date=args.get("date"))
    result = services.search(_user(), args["q"], filters, args["page"], args["per_page"],
                             locale=str(get_locale() or "nl"), source="api")
    result.hits = [{**h.__dict__, "title_html": str(h.title_html), "snippet": str(h.snippet)}
                   for h in result.hits]
    return result


@blp.route("/suggest")
@blp.arguments(SuggestArgs, location="query")
@blp.response(200, TitleListSchema)
def suggest(args):
    """Titles starting with the typed words (autocomplete, "similar questions")."""
    return {"items": services.suggest_titles(_user(), args["q"], args.get("type"))}
